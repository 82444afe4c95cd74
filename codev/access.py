"""Who may see, change and triage co-development cases and sessions."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.access import id_or_404, managed_team_ids, organisation_id_of, team_member_ids
from accounts.models import User
from codev.models import Case, CaseStatus, CodevSession


def access_case(
    *,
    user: User,
    case_id: int,
    write: bool = False,
    triage: bool = False,
    follow_up: bool = False,
):
    """A case is confidential to its team; a draft is its author's alone.

    `write`: only the author, before triage. `triage`: the team's manager or an admin.
    `follow_up` (record its outcome, close it): the author or the team's manager.
    """

    organisation_id = organisation_id_of(user)
    case = (
        Case.objects.select_related("team", "author")
        .filter(id=id_or_404(case_id), organisation_id=organisation_id)
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
    if follow_up and case.author_id != user.id and case.team_id not in managed_team_ids(user=user):
        raise PermissionDenied("The case's author or the team's manager records what happened.")
    return case


def may_follow_up(*, user: User, case: Case) -> bool:
    return case.author_id == user.id or case.team_id in managed_team_ids(user=user)


def access_codev_session(*, user: User, session_id: int):

    organisation_id = organisation_id_of(user)
    session = (
        CodevSession.objects.select_related("team", "presenter", "facilitator", "case", "meeting")
        .filter(id=id_or_404(session_id), organisation_id=organisation_id)
        .first()
    )
    if session is None or session.team_id not in team_member_ids(user=user):
        raise Http404("No such session")
    return session
