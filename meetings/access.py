"""Who may see or change live sessions, 1:1 meetings, their action items and their advice."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.access import id_or_404, managed_team_ids, organisation_id_of, team_member_ids
from accounts.models import User
from meetings.models import ActionItem, Contribution, ContributionKind, Meeting


def access_meeting(*, user: User, meeting_id: int):
    """A live session is confidential to its team (members and org admins); 404 for others."""

    organisation_id = organisation_id_of(user)
    meeting = Meeting.objects.filter(
        id=id_or_404(meeting_id), organisation_id=organisation_id
    ).first()
    if meeting is not None and meeting.private:
        if not sees_private_meeting(user=user, meeting=meeting):
            raise Http404("No such session")
        return meeting
    if meeting is None or meeting.team_id not in team_member_ids(user=user):
        raise Http404("No such session")
    return meeting


def visible_meetings(*, user: User):
    """Meetings this person may read: their teams' sessions, and the 1:1s they are in (admins'
    only when the organisation's policy says so)."""

    organisation = user.organisation
    private = Q(private=True) & Q(participants__user=user)
    if user.is_org_admin and organisation.admins_see_coaching:
        private = Q(private=True)
    team = Q(private=False, team_id__in=team_member_ids(user=user))
    return Meeting.objects.filter(organisation_id=organisation_id_of(user)).filter(
        id__in=Meeting.objects.filter(team | private).values("id")
    )


def sees_private_meeting(*, user: User, meeting) -> bool:
    """A 1:1 is its two people's, and admins' only when the organisation's policy says so."""
    if meeting.participants.filter(user=user).exists():
        return True
    return user.is_org_admin and user.organisation.admins_see_coaching


def access_action(*, user: User, action_id: int, write: bool = False):
    """An action item: seen by the team, updated by its owner (or the team's manager)."""

    organisation_id = organisation_id_of(user)
    action = (
        ActionItem.objects.select_related("meeting")
        .filter(id=id_or_404(action_id), organisation_id=organisation_id)
        .first()
    )
    if action is not None and action.meeting.private:
        if not sees_private_meeting(user=user, meeting=action.meeting):
            raise Http404("No such action")
        if write and user.id not in (action.owner_id, action.meeting.facilitator_id):
            raise PermissionDenied("Only the rep or their coach updates this action.")
        return action
    if action is None or action.meeting.team_id not in team_member_ids(user=user):
        raise Http404("No such action")
    if (
        write
        and action.owner_id != user.id
        and action.meeting.team_id not in managed_team_ids(user=user)
    ):
        raise PermissionDenied("Only the owner of this action, or the manager, updates it.")
    return action


def creditable_advice(*, owner: User, writer: User | None = None):
    """Advice an action plan of `owner` may credit: from sessions the owner took part in, and,
    when someone else writes the plan (a coach's written 1:1), only what that writer may read."""

    advice = Contribution.objects.filter(
        kind=ContributionKind.ADVICE, meeting__participants__user=owner
    )
    if writer is not None and writer.id != owner.id:
        advice = advice.filter(meeting__in=visible_meetings(user=writer))
    return advice
