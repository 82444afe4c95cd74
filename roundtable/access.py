"""Who may see or change what. Views never check permissions by hand; they call these.

The rules:
- A record of another organisation does not exist for you: 404, whatever your role there.
- Inside your organisation, something you may see but not change is refused with 403.
- Org admins manage teams, people, roles and invitations.
- A manager manages the teams they manage: they see those invitations and invite reps to them.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Invitation, Membership, Team, TeamRole, User
from roundtable.parsing import parse_id


def _id(value) -> int:
    """An id from a URL or a form, or 404: a number too large for the database finds nothing."""
    checked = parse_id(value)
    if checked is None:
        raise Http404("Not found")
    return checked


def _organisation_id(user: User) -> int:
    if not user.is_authenticated or user.organisation_id is None:
        raise Http404("Not found")
    return user.organisation_id


def in_organisation(model_or_queryset, *, user: User):
    """The rows of the person's organisation, for kinds everyone in it may see (teams, people,
    selling situations, KPIs, skills, terms): the one place the organisation filter is written."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return queryset.filter(organisation_id=_organisation_id(user))


def visible_invitations(*, user: User):
    """Invitations this person may manage: all of the organisation's for an admin, else those to
    the teams they manage."""
    invitations = in_organisation(Invitation, user=user)
    if user.is_org_admin:
        return invitations
    return invitations.filter(team_id__in=managed_team_ids(user=user))


def visible_proposals(*, user: User):
    """Open vocabulary proposals: all of them for those who approve, else the person's own."""
    from vocabulary.models import Term, TermStatus

    proposals = in_organisation(Term, user=user).filter(status=TermStatus.PROPOSED)
    return proposals if may_approve_terms(user=user) else proposals.filter(proposed_by=user)


def managed_team_ids(*, user: User) -> set[int]:
    """The teams this person may run: all teams for an org admin, else the ones they manage.

    Remembered on the user object, which lives for one request: the access check and the
    navigation ask the same question.
    """
    cached = getattr(user, "_managed_team_ids", None)
    if cached is not None:
        return cached
    organisation_id = _organisation_id(user)
    if user.is_org_admin:
        ids = Team.objects.filter(organisation_id=organisation_id).values_list("id", flat=True)
    else:
        ids = Membership.objects.filter(
            user=user, role=TeamRole.MANAGER, team__organisation_id=organisation_id
        ).values_list("team_id", flat=True)
    user._managed_team_ids = set(ids)
    return user._managed_team_ids


def require_org_admin(*, user: User) -> None:
    _organisation_id(user)
    if not user.is_org_admin:
        raise PermissionDenied("Only an organisation admin can do this.")


def require_manager(*, user: User) -> None:
    """Pages for people who run at least one team (managers and org admins)."""
    if not managed_team_ids(user=user):
        raise PermissionDenied("Only a team manager or an organisation admin can do this.")


def access_team(*, user: User, team_id: int, write: bool = False) -> Team:
    """Anyone in the organisation sees a team's roster; its managers and admins change it."""
    organisation_id = _organisation_id(user)
    team = Team.objects.filter(id=_id(team_id), organisation_id=organisation_id).first()
    if team is None:
        raise Http404("No such team")
    if write and team.id not in managed_team_ids(user=user):
        raise PermissionDenied("Only this team's manager or an organisation admin can change it.")
    return team


def access_person(*, user: User, person_id: int, write: bool = False) -> User:
    """Anyone in the organisation sees a colleague's card; you and admins change it."""
    organisation_id = _organisation_id(user)
    person = User.objects.filter(id=_id(person_id), organisation_id=organisation_id).first()
    if person is None:
        raise Http404("No such person")
    if write and not (user.is_org_admin or person.id == user.id):
        raise PermissionDenied("Only an organisation admin can change someone else's account.")
    return person


def access_invitation(*, user: User, invitation_id: int, write: bool = False) -> Invitation:
    """An admin sees every invitation of the organisation; a manager those to their teams."""
    organisation_id = _organisation_id(user)
    invitation = (
        Invitation.objects.select_related("team")
        .filter(id=_id(invitation_id), organisation_id=organisation_id)
        .first()
    )
    if invitation is None:
        raise Http404("No such invitation")
    if user.is_org_admin:
        return invitation
    if invitation.team_id is None or invitation.team_id not in managed_team_ids(user=user):
        raise PermissionDenied("Only an organisation admin or the team's manager can see this.")
    return invitation


def team_member_ids(*, user: User) -> set[int]:
    """Teams whose confidential work this person sees: their own teams; every team for an admin
    when the organisation lets admins see team work (its privacy setting)."""
    cached = getattr(user, "_team_member_ids", None)
    if cached is not None:
        return cached
    organisation_id = _organisation_id(user)
    if user.is_org_admin and user.organisation.admins_see_team_work:
        ids = Team.objects.filter(organisation_id=organisation_id).values_list("id", flat=True)
    else:
        ids = Membership.objects.filter(
            user=user, team__organisation_id=organisation_id
        ).values_list("team_id", flat=True)
    user._team_member_ids = set(ids)
    return user._team_member_ids


def team_work_managed_ids(*, user: User) -> set[int]:
    """Teams whose confidential work this person runs (challenges, role-plays, sessions): the
    teams they manage that they may also see (an admin outside a team may not, by policy)."""
    return managed_team_ids(user=user) & team_member_ids(user=user)


def access_team_work(*, user: User, team_id: int, manage: bool = False) -> Team:
    """A team's confidential space (cases, sessions): its members and admins; 404 for others.

    `manage` (schedule, triage, cadence) needs the team's manager or an admin: 403 otherwise.
    """
    organisation_id = _organisation_id(user)
    team = Team.objects.filter(id=_id(team_id), organisation_id=organisation_id).first()
    if team is None or team.id not in team_member_ids(user=user):
        raise Http404("No such team")
    if manage and team.id not in managed_team_ids(user=user):
        raise PermissionDenied("Only this team's manager or an organisation admin can do this.")
    return team


def access_case(*, user: User, case_id: int, write: bool = False, triage: bool = False):
    """A case is confidential to its team; a draft is its author's alone.

    `write`: only the author, before triage. `triage`: the team's manager or an admin.
    """
    from codev.models import Case, CaseStatus

    organisation_id = _organisation_id(user)
    case = (
        Case.objects.select_related("team", "author")
        .filter(id=_id(case_id), organisation_id=organisation_id)
        .first()
    )
    if case is None or case.team_id not in team_member_ids(user=user) and case.author_id != user.id:
        raise Http404("No such case")
    if case.status == CaseStatus.DRAFT and case.author_id != user.id:
        raise Http404("No such case")
    if write and (
        case.author_id != user.id or case.status not in (CaseStatus.DRAFT, CaseStatus.SUBMITTED)
    ):
        raise PermissionDenied("Only the author can change a case, and only before triage.")
    if triage and case.team_id not in managed_team_ids(user=user):
        raise PermissionDenied("Only the team's manager or an organisation admin triages cases.")
    return case


def access_meeting(*, user: User, meeting_id: int):
    """A live session is confidential to its team (members and org admins); 404 for others."""
    from meetings.models import Meeting

    organisation_id = _organisation_id(user)
    meeting = Meeting.objects.filter(id=_id(meeting_id), organisation_id=organisation_id).first()
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
    from django.db.models import Q

    from meetings.models import Meeting

    organisation = user.organisation
    private = Q(private=True) & Q(participants__user=user)
    if user.is_org_admin and organisation.admins_see_coaching:
        private = Q(private=True)
    team = Q(private=False, team_id__in=team_member_ids(user=user))
    return Meeting.objects.filter(organisation_id=_organisation_id(user)).filter(
        id__in=Meeting.objects.filter(team | private).values("id")
    )


def sees_private_meeting(*, user: User, meeting) -> bool:
    """A 1:1 is its two people's, and admins' only when the organisation's policy says so."""
    if meeting.participants.filter(user=user).exists():
        return True
    return user.is_org_admin and user.organisation.admins_see_coaching


def access_codev_session(*, user: User, session_id: int):
    from codev.models import CodevSession

    organisation_id = _organisation_id(user)
    session = (
        CodevSession.objects.select_related("team", "presenter", "facilitator", "case", "meeting")
        .filter(id=_id(session_id), organisation_id=organisation_id)
        .first()
    )
    if session is None or session.team_id not in team_member_ids(user=user):
        raise Http404("No such session")
    return session


def access_action(*, user: User, action_id: int, write: bool = False):
    """An action item: seen by the team, updated by its owner (or the team's manager)."""
    from meetings.models import ActionItem

    organisation_id = _organisation_id(user)
    action = (
        ActionItem.objects.select_related("meeting")
        .filter(id=_id(action_id), organisation_id=organisation_id)
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


def _blind_takes_hidden_from(user: User):
    """Clip ids of other people's takes in blind challenges this person has yet to answer.

    Until you submit your own take, the others' are hidden everywhere: library, search, term
    pages, the playbook, the challenge board and reviews, also after the due date (a take can
    still come late, so waiting must not reveal the others). The team's managers always see
    them; the leader's example take is meant to be seen. (For one challenge: Challenge.blind_now.)
    """
    from practice.models import Take

    return (
        Take.objects.filter(
            challenge__blind=True,
            challenge__participants=user,
            is_example=False,
        )
        .exclude(author=user)
        .exclude(challenge__team_id__in=managed_team_ids(user=user))
        .exclude(challenge__takes__author=user)
        .values("clip_id")
    )


def visible_clips(*, user: User):
    """Every clip this person may watch: the organisation's shared clips, their teams' clips and
    their own, minus other people's takes in blind challenges they have not answered yet."""
    from django.db.models import Q

    from library.models import Clip, Visibility

    return (
        Clip.objects.filter(organisation_id=_organisation_id(user))
        .filter(
            Q(visibility=Visibility.ORGANISATION)
            | Q(team_id__in=team_member_ids(user=user))
            | Q(author=user)
        )
        .exclude(id__in=_blind_takes_hidden_from(user))
    )


def creditable_advice(*, owner: User, writer: User | None = None):
    """Advice an action plan of `owner` may credit: from sessions the owner took part in, and,
    when someone else writes the plan (a coach's written 1:1), only what that writer may read."""
    from meetings.models import Contribution

    advice = Contribution.objects.filter(kind="advice", meeting__participants__user=owner)
    if writer is not None and writer.id != owner.id:
        advice = advice.filter(meeting__in=visible_meetings(user=writer))
    return advice


def creditable_clips(*, owner: User, writer: User | None = None):
    """Ready clips an action plan of `owner` may credit: those the owner (and the writer) may
    watch."""
    clips = visible_clips(user=owner).filter(state="ready")
    if writer is not None and writer.id != owner.id:
        clips = clips.filter(id__in=visible_clips(user=writer).values("id"))
    return clips


def access_clip(*, user: User, clip_id: int, write: bool = False):
    """A clip is seen by its team, or by the whole organisation when shared so; its author edits."""
    clip = (
        visible_clips(user=user)
        .select_related("author", "team", "situation")
        .filter(id=_id(clip_id))
        .first()
    )
    if clip is None:
        raise Http404("No such clip")
    if write and clip.author_id != user.id:
        raise PermissionDenied("Only the author can change this clip.")
    return clip


def access_upload(*, user: User, upload_id: int):
    """An upload in progress belongs to the person sending it, and to nobody else."""
    from library.models import Upload

    _organisation_id(user)
    upload = Upload.objects.filter(id=_id(upload_id), user=user).first()
    if upload is None:
        raise Http404("No such upload")
    return upload


def may_approve_terms(*, user: User) -> bool:
    """Managers and org admins approve vocabulary proposals."""
    return bool(managed_team_ids(user=user))


def access_term(*, user: User, slug: str, write: bool = False):
    """Everyone in the organisation reads the vocabulary; managers and admins edit it."""
    from vocabulary.models import Term, TermStatus

    organisation_id = _organisation_id(user)
    term = Term.objects.filter(
        organisation_id=organisation_id,
        slug=slug,
        status=TermStatus.APPROVED,
        alias_of__isnull=True,
    ).first()
    if term is None:
        raise Http404("No such term")
    if write and not may_approve_terms(user=user):
        raise PermissionDenied("Only a manager or an organisation admin can edit the vocabulary.")
    return term


def access_term_proposal(*, user: User, term_id: int, decide: bool = False):
    """A proposal is seen by the person who made it and by those who approve; they decide."""
    from vocabulary.models import Term

    organisation_id = _organisation_id(user)
    term = Term.objects.filter(id=_id(term_id), organisation_id=organisation_id).first()
    approver = may_approve_terms(user=user)
    if term is None or not (approver or term.proposed_by_id == user.id):
        raise Http404("No such proposal")
    if decide and not approver:
        raise PermissionDenied("Only a manager or an organisation admin can approve a term.")
    return term


def access_challenge(*, user: User, challenge_id: int, manage: bool = False):
    """A challenge is seen by its team (and admins); its team's manager runs it."""
    from practice.models import Challenge

    organisation_id = _organisation_id(user)
    challenge = (
        Challenge.objects.select_related("team", "situation", "term", "prompt_clip")
        .filter(id=_id(challenge_id), organisation_id=organisation_id)
        .first()
    )
    if challenge is None or challenge.team_id not in team_member_ids(user=user):
        raise Http404("No such challenge")
    if manage and challenge.team_id not in managed_team_ids(user=user):
        raise PermissionDenied("Only the team's manager or an organisation admin can do this.")
    return challenge


def access_take(*, user: User, take_id: int):
    """A take is seen where its challenge is, and where its clip is (blind challenges hide the
    others' takes until you submit yours); the practice rules decide who may review it."""
    from practice.models import Take

    take = (
        Take.objects.select_related("challenge", "clip", "author").filter(id=_id(take_id)).first()
    )
    if take is None or not visible_clips(user=user).filter(id=take.clip_id).exists():
        raise Http404("No such take")
    access_challenge(user=user, challenge_id=take.challenge_id)
    return take


def manageable_people(*, user: User):
    """People whose results and coaching this person may manage: everyone in the organisation
    for an admin, else the members of the teams they manage (themselves included)."""
    organisation_id = _organisation_id(user)
    people = User.objects.filter(organisation_id=organisation_id)
    if user.is_org_admin:
        return people
    return people.filter(
        id__in=Membership.objects.filter(team_id__in=managed_team_ids(user=user)).values("user_id")
    )


def access_person_kpis(*, user: User, person_id: int) -> User:
    """A rep's results are seen by the rep, the managers of their teams and org admins."""
    organisation_id = _organisation_id(user)
    person = User.objects.filter(id=_id(person_id), organisation_id=organisation_id).first()
    if person is None:
        raise Http404("No such person")
    if person.id == user.id or user.is_org_admin:
        return person
    their_teams = set(Membership.objects.filter(user=person).values_list("team_id", flat=True))
    if not their_teams & managed_team_ids(user=user):
        raise PermissionDenied("Only this rep, their manager or an admin sees their results.")
    return person


def access_one_on_one(*, user: User, one_id: int):
    """A 1:1's record is the coach's and the rep's (admins only by the organisation's policy)."""
    from coaching.models import OneOnOne

    organisation_id = _organisation_id(user)
    one = (
        OneOnOne.objects.select_related("coach", "rep", "meeting")
        .filter(id=_id(one_id), organisation_id=organisation_id)
        .first()
    )
    if one is None or not sees_private_meeting(user=user, meeting=one.meeting):
        raise Http404("No such conversation")
    return one


def access_dev_plan(*, user: User, person_id: int) -> tuple[User, bool, bool]:
    """A development plan is the rep's and their coaches' (admins by policy only).

    Returns (rep, viewer is the rep, viewer coaches the rep)."""
    organisation_id = _organisation_id(user)
    person = User.objects.filter(id=_id(person_id), organisation_id=organisation_id).first()
    if person is None:
        raise Http404("No such plan")
    # The rep's own managers: an org admin is not a coach here unless the policy says so.
    coaches = (
        person.id != user.id
        and Membership.objects.filter(
            user=user,
            role=TeamRole.MANAGER,
            team__in=Membership.objects.filter(user=person).values("team_id"),
        ).exists()
    )
    if person.id == user.id or coaches:
        return person, person.id == user.id, coaches
    if user.is_org_admin and user.organisation.admins_see_coaching:
        return person, False, False
    raise Http404("No such plan")


def stories_visible_q(*, user: User):
    from django.db.models import Q

    from recognition.models import Visibility

    return Q(organisation_id=_organisation_id(user)) & (
        Q(visibility=Visibility.ORGANISATION) | Q(team_id__in=team_member_ids(user=user))
    )


def visible_kudos(*, user: User):
    """Kudos a person reads: those given or received by people they share a team with (and
    their own). Automatic and credit kudos never quote private text, so the feed can travel."""
    from django.db.models import Q

    from recognition.models import Kudos

    mates = Membership.objects.filter(team_id__in=team_member_ids(user=user)).values("user_id")
    return (
        Kudos.objects.filter(organisation_id=_organisation_id(user))
        .filter(
            Q(recipients__in=mates)
            | Q(giver_id__in=mates)
            | Q(recipients=user)
            | Q(giver_id=user.id)
        )
        .distinct()
    )


def access_story(*, user: User, story_id: int, write: bool = False):
    """A team story is its team's (the safe default); an organisation story is everyone's.
    Its author and the team's manager mark it for the team meeting."""
    from recognition.models import Story

    story = (
        Story.objects.select_related("author", "team")
        .filter(stories_visible_q(user=user), id=_id(story_id))
        .first()
    )
    if story is None:
        raise Http404("No such story")
    if write and story.author_id != user.id and story.team_id not in managed_team_ids(user=user):
        raise PermissionDenied("Only its author or the team's manager can do this.")
    return story


def team_coached(*, coach: User, rep: User) -> Team | None:
    """A team the coach runs that the rep belongs to: the ground for coaching them."""
    if coach.id == rep.id:
        return None
    return Team.objects.filter(id__in=managed_team_ids(user=coach), memberships__user=rep).first()
