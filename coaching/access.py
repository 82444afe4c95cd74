"""Who may see a rep's results, 1:1s and development plan, and who coaches whom."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.access import id_or_404, managed_team_ids, organisation_id_of
from accounts.models import Membership, Team, TeamRole, User
from coaching.models import OneOnOne, OneOnOneDraft
from meetings.access import sees_private_meeting


def access_person_kpis(*, user: User, person_id: int) -> User:
    """A rep's results are seen by the rep, the managers of their teams and org admins."""
    organisation_id = organisation_id_of(user)
    person = User.objects.filter(id=id_or_404(person_id), organisation_id=organisation_id).first()
    if person is None:
        raise Http404("No such person")
    if person.id == user.id or user.is_org_admin:
        return person
    their_teams = set(Membership.objects.filter(user=person).values_list("team_id", flat=True))
    if not their_teams & managed_team_ids(user=user):
        raise PermissionDenied("Only this rep, their manager or an admin sees their results.")
    return person


def sees_each_rep(*, user: User, team: Team) -> bool:
    """Each rep's results on a team's page: for the team's managers and org admins, as a rep's
    own results page (access_person_kpis); the team's reps see the team's totals."""
    return user.is_org_admin or team.id in managed_team_ids(user=user)


def access_one_on_one(*, user: User, one_id: int):
    """A 1:1's record is the coach's and the rep's (admins only by the organisation's policy)."""

    organisation_id = organisation_id_of(user)
    one = (
        OneOnOne.objects.select_related("coach", "rep", "meeting")
        .filter(id=id_or_404(one_id), organisation_id=organisation_id)
        .first()
    )
    if one is None or not sees_private_meeting(user=user, meeting=one.meeting):
        raise Http404("No such conversation")
    return one


def access_one_on_one_draft(*, user: User, draft_id: int) -> OneOnOneDraft:
    """A drafted 1:1 is its coach's to hold or drop; nobody else sees it."""
    draft = (
        OneOnOneDraft.objects.select_related("rep")
        .filter(id=id_or_404(draft_id), coach=user, one__isnull=True, dropped_at__isnull=True)
        .first()
    )
    if draft is None:
        raise Http404("No such drafted 1:1")
    return draft


def access_dev_plan(*, user: User, person_id: int) -> tuple[User, bool, bool]:
    """A development plan is the rep's and their coaches' (admins by policy only).

    Returns (rep, viewer is the rep, viewer coaches the rep)."""
    organisation_id = organisation_id_of(user)
    person = User.objects.filter(id=id_or_404(person_id), organisation_id=organisation_id).first()
    if person is None:
        raise Http404("No such plan")
    coaches = _manages(user=user, rep=person)
    if person.id == user.id or coaches:
        return person, person.id == user.id, coaches
    if user.is_org_admin and user.organisation.admins_see_coaching:
        return person, False, False
    raise Http404("No such plan")


def _manages(*, user: User, rep: User) -> bool:
    """The rep's own managers: an org admin is not a coach here unless the policy says so."""
    return (
        rep.id != user.id
        and Membership.objects.filter(
            user=user,
            role=TeamRole.MANAGER,
            team__in=Membership.objects.filter(user=rep).values("team_id"),
        ).exists()
    )


def sees_development(*, user: User, rep: User) -> bool:
    """Who reads a rep's development plan and the observations in it, wherever they show (the
    plan, a 1:1's phases): the rep, their managers, admins by the organisation's policy."""
    if user.id == rep.id or _manages(user=user, rep=rep):
        return True
    return user.is_org_admin and user.organisation.admins_see_coaching


def team_coached(*, coach: User, rep: User) -> Team | None:
    """A team the coach runs that the rep belongs to: the ground for coaching them."""
    if coach.id == rep.id:
        return None
    return Team.objects.filter(id__in=managed_team_ids(user=coach), memberships__user=rep).first()
