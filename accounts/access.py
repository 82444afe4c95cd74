"""Who may see or change what: the rules every app's access module stands on.

The rules:
- A record of another organisation does not exist for you: 404, whatever your role there.
- Inside your organisation, something you may see but not change is refused with 403.
- Org admins manage teams, people, roles and invitations.
- A manager manages the teams they manage: they see those invitations and invite reps to them.
- A team's confidential work (cases, sessions, challenges, team clips) is its members' (and
  admins' when the organisation's privacy setting says so).

Each kind of object has its rules in its own app's `access.py`, built on these helpers; views
and selectors never write an organisation or team filter of their own.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Invitation, Membership, Team, TeamRole, User
from roundtable.parsing import parse_id


def id_or_404(value) -> int:
    """An id from a URL or a form, or 404: a number too large for the database finds nothing."""
    checked = parse_id(value)
    if checked is None:
        raise Http404("Not found")
    return checked


def organisation_id_of(user: User) -> int:
    if not user.is_authenticated or user.organisation_id is None:
        raise Http404("Not found")
    return user.organisation_id


def in_organisation(model_or_queryset, *, user: User):
    """The rows of the person's organisation, for kinds everyone in it may see (teams, people,
    selling situations, KPIs, skills, terms): the one place the organisation filter is written."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return queryset.filter(organisation_id=organisation_id_of(user))


def visible_invitations(*, user: User):
    """Invitations this person may manage: all of the organisation's for an admin, else those to
    the teams they manage."""
    invitations = in_organisation(Invitation, user=user)
    if user.is_org_admin:
        return invitations
    return invitations.filter(team_id__in=managed_team_ids(user=user))


def managed_team_ids(*, user: User) -> set[int]:
    """The teams this person may run: all teams for an org admin, else the ones they manage.

    Remembered on the user object, which lives for one request: the access check and the
    navigation ask the same question.
    """
    cached = getattr(user, "_managed_team_ids", None)
    if cached is not None:
        return cached
    organisation_id = organisation_id_of(user)
    if user.is_org_admin:
        ids = Team.objects.filter(organisation_id=organisation_id).values_list("id", flat=True)
    else:
        ids = Membership.objects.filter(
            user=user, role=TeamRole.MANAGER, team__organisation_id=organisation_id
        ).values_list("team_id", flat=True)
    user._managed_team_ids = set(ids)
    return user._managed_team_ids


def require_org_admin(*, user: User) -> None:
    organisation_id_of(user)
    if not user.is_org_admin:
        raise PermissionDenied("Only an organisation admin can do this.")


def require_manager(*, user: User) -> None:
    """Pages for people who run at least one team (managers and org admins)."""
    if not managed_team_ids(user=user):
        raise PermissionDenied("Only a team manager or an organisation admin can do this.")


def access_team(*, user: User, team_id: int, write: bool = False) -> Team:
    """Anyone in the organisation sees a team's roster; its managers and admins change it."""
    organisation_id = organisation_id_of(user)
    team = Team.objects.filter(id=id_or_404(team_id), organisation_id=organisation_id).first()
    if team is None:
        raise Http404("No such team")
    if write and team.id not in managed_team_ids(user=user):
        raise PermissionDenied("Only this team's manager or an organisation admin can change it.")
    return team


def access_person(*, user: User, person_id: int, write: bool = False) -> User:
    """Anyone in the organisation sees a colleague's card; you and admins change it."""
    organisation_id = organisation_id_of(user)
    person = User.objects.filter(id=id_or_404(person_id), organisation_id=organisation_id).first()
    if person is None:
        raise Http404("No such person")
    if write and not (user.is_org_admin or person.id == user.id):
        raise PermissionDenied("Only an organisation admin can change someone else's account.")
    return person


def access_invitation(*, user: User, invitation_id: int, write: bool = False) -> Invitation:
    """An admin sees every invitation of the organisation; a manager those to their teams."""
    organisation_id = organisation_id_of(user)
    invitation = (
        Invitation.objects.select_related("team")
        .filter(id=id_or_404(invitation_id), organisation_id=organisation_id)
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
    organisation_id = organisation_id_of(user)
    if user.is_org_admin and user.organisation.admins_see_team_work:
        ids = Team.objects.filter(organisation_id=organisation_id).values_list("id", flat=True)
    else:
        ids = Membership.objects.filter(
            user=user, team__organisation_id=organisation_id
        ).values_list("team_id", flat=True)
    user._team_member_ids = set(ids)
    return user._team_member_ids


def teammates(*, user: User):
    """The people (`user_id` values) in the teams whose work this person sees, they included
    when they belong to one: whose kudos they read, who comes first among colleagues."""
    return Membership.objects.filter(team_id__in=team_member_ids(user=user)).values("user_id")


def team_work_managed_ids(*, user: User) -> set[int]:
    """Teams whose confidential work this person runs (challenges, role-plays, sessions): the
    teams they manage that they may also see (an admin outside a team may not, by policy)."""
    return managed_team_ids(user=user) & team_member_ids(user=user)


def access_team_work(*, user: User, team_id: int, manage: bool = False) -> Team:
    """A team's confidential space (cases, sessions): its members and admins; 404 for others.

    `manage` (schedule, triage, cadence) needs the team's manager or an admin: 403 otherwise.
    """
    organisation_id = organisation_id_of(user)
    team = Team.objects.filter(id=id_or_404(team_id), organisation_id=organisation_id).first()
    if team is None or team.id not in team_member_ids(user=user):
        raise Http404("No such team")
    if manage and team.id not in managed_team_ids(user=user):
        raise PermissionDenied("Only this team's manager or an organisation admin can do this.")
    return team


def manageable_people(*, user: User):
    """People whose results and coaching this person may manage: everyone in the organisation
    for an admin, else the members of the teams they manage (themselves included)."""
    organisation_id = organisation_id_of(user)
    people = User.objects.filter(organisation_id=organisation_id)
    if user.is_org_admin:
        return people
    return people.filter(
        id__in=Membership.objects.filter(team_id__in=managed_team_ids(user=user)).values("user_id")
    )
