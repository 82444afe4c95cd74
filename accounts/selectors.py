"""Reads that the accounts pages need, with their joins built in."""

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.access import in_organisation, managed_team_ids, visible_invitations
from accounts.models import Invitation, Membership, Team, TeamRole, User

_members = Prefetch(
    "memberships",
    queryset=Membership.objects.filter(user__is_active=True).select_related("user"),
)


def teams_for_home(*, user: User) -> list[Team]:
    """The teams a person belongs to, each with its active members (managers first)."""
    return list(
        in_organisation(Team, user=user)
        .filter(memberships__user=user)
        .prefetch_related(_members)
        .order_by("name")
    )


def team_with_members(*, team_id: int) -> Team:
    return Team.objects.prefetch_related(_members).get(id=team_id)


def managed_teams(*, user: User) -> list[Team]:
    """The teams a manager (or admin) runs, with members, for the manager's home page."""
    return list(
        Team.objects.filter(id__in=managed_team_ids(user=user))
        .prefetch_related(_members)
        .order_by("name")
    )


def teams_for_admin(*, organisation_id: int) -> QuerySet[Team]:
    return (
        Team.objects.filter(organisation_id=organisation_id)
        .annotate(
            rep_count=Count(
                "memberships",
                filter=Q(memberships__role=TeamRole.REP, memberships__user__is_active=True),
            ),
            manager_count=Count(
                "memberships",
                filter=Q(memberships__role=TeamRole.MANAGER, memberships__user__is_active=True),
            ),
        )
        .order_by("name")
    )


def people_for_admin(*, organisation_id: int, query: str = "") -> QuerySet[User]:
    people = User.objects.filter(organisation_id=organisation_id).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("team"))
    )
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    return people.order_by("-is_active", "full_name")


def person_with_memberships(*, person_id: int) -> User:
    return User.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("team"))
    ).get(id=person_id)


def invitations_for(*, user: User) -> QuerySet[Invitation]:
    """Invitations this person may manage: all of the organisation for an admin."""
    return (
        visible_invitations(user=user).select_related("team", "invited_by").order_by("-created_at")
    )
