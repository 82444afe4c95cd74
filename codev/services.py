"""Every write about co-development: cases, "me too", triage, cadence, sessions."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Team, User
from codev.models import (
    TRIAGE_DECISIONS,
    Cadence,
    Case,
    CaseStatus,
    CodevSession,
    MeToo,
)
from roundtable.errors import RoundtableError

CASE_FIELDS = (
    "title",
    "account",
    "people",
    "their_words",
    "tried",
    "blocked",
    "timeframe",
    "recurring",
    "is_real",
    "helps_team",
    "common_problem",
)
REQUIRED_TO_SUBMIT = {
    "title": "Give the case a short title.",
    "their_words": "Say what the people involved said and how they behaved.",
    "tried": "Say what you already tried.",
    "blocked": "Say what is blocked now.",
    "timeframe": "Say whether it is happening now or already happened.",
}


class CaseIncomplete(RoundtableError):
    """The case was saved as a draft, but it lacks what the team needs to work on it."""

    def __init__(self, missing: dict[str, str]) -> None:
        super().__init__("Your case is saved as a draft. Complete it to submit it to your team.")
        self.missing = missing


def _apply(case: Case, values: dict) -> None:
    for field in CASE_FIELDS:
        if field in values:
            value = values[field]
            setattr(case, field, value.strip() if isinstance(value, str) else bool(value))
    if not case.title:
        case.title = "Untitled case"


def case_save(
    *, author: User, team: Team, values: dict, case: Case | None = None, submit: bool = False
) -> Case:
    """Save a case (a new draft or an edit), then submit it if asked and complete.

    Whatever was typed is always saved first: an incomplete submission stays a draft and raises
    CaseIncomplete naming what is missing.
    """
    if case is None:
        case = Case(organisation_id=team.organisation_id, team=team, author=author)
    _apply(case, values)
    case.updated_at = timezone.now()
    case.save()
    if submit and case.status == CaseStatus.DRAFT:
        missing = {
            field: message
            for field, message in REQUIRED_TO_SUBMIT.items()
            if not getattr(case, field) or (field == "title" and case.title == "Untitled case")
        }
        if missing:
            raise CaseIncomplete(missing)
        case.status = CaseStatus.SUBMITTED
        case.submitted_at = timezone.now()
        case.save(update_fields=["status", "submitted_at"])
    return case


def case_me_too(*, case: Case, user: User, on: bool) -> int:
    """Mark or unmark "I've faced this too"; returns the new count."""
    if case.author_id == user.id:
        raise RoundtableError("It is your own case: your teammates say whether they faced it too.")
    if on:
        try:
            with transaction.atomic():
                MeToo.objects.create(case=case, user=user)
        except IntegrityError:
            pass  # already marked: clicking twice is not an error
    else:
        MeToo.objects.filter(case=case, user=user).delete()
    return MeToo.objects.filter(case=case).count()


def case_triage(*, actor: User, case: Case, decision: str, reason: str = "") -> Case:
    if decision not in TRIAGE_DECISIONS:
        raise RoundtableError("Choose co-development, coaching, a challenge, or decline.")
    if decision == CaseStatus.DECLINED and not reason.strip():
        raise RoundtableError("Tell the rep why you decline: they will read it.", field="reason")
    if case.status == CaseStatus.DRAFT:
        raise RoundtableError("This case is still a draft.")
    case.status = decision
    case.triage_reason = reason.strip()
    case.triaged_by = actor
    case.triaged_at = case.updated_at = timezone.now()
    case.save(update_fields=["status", "triage_reason", "triaged_by", "triaged_at", "updated_at"])
    return case


def cadence_for(*, team: Team) -> Cadence:
    cadence, _ = Cadence.objects.get_or_create(team=team)
    return cadence


def cadence_update(
    *, team: Team, every_months: int, minutes: int, phase_minutes: dict[str, float]
) -> Cadence:
    if not 1 <= every_months <= 12:
        raise RoundtableError("Meet between once a month and once a year.", field="every_months")
    if not 15 <= minutes <= 240:
        raise RoundtableError("A session lasts between 15 and 240 minutes.", field="minutes")
    cadence = cadence_for(team=team)
    cadence.every_months, cadence.minutes = every_months, minutes
    cadence.phase_minutes = {k: float(v) for k, v in phase_minutes.items() if v}
    cadence.save(update_fields=["every_months", "minutes", "phase_minutes"])
    return cadence


def session_schedule(
    *,
    team: Team,
    scheduled_at: datetime,
    presenter: User,
    facilitator: User | None,
    case: Case | None = None,
) -> CodevSession:
    """Plan a session: who presents (proposed by rotation, the manager may override)."""
    member_ids = set(team.memberships.values_list("user_id", flat=True))
    if presenter.id not in member_ids:
        raise RoundtableError("The presenter must be a member of the team.", field="presenter")
    if facilitator is not None and facilitator.id not in member_ids:
        raise RoundtableError("The facilitator must be a member of the team.", field="facilitator")
    if facilitator is not None and facilitator.id == presenter.id:
        raise RoundtableError("The presenter cannot also facilitate.", field="facilitator")
    if case is not None and case.team_id != team.id:
        raise RoundtableError("Choose one of this team's cases.", field="case")
    if scheduled_at < timezone.now():
        raise RoundtableError("Choose a date in the future.", field="scheduled_at")
    return CodevSession.objects.create(
        organisation_id=team.organisation_id,
        team=team,
        scheduled_at=scheduled_at,
        minutes=cadence_for(team=team).minutes,
        presenter=presenter,
        facilitator=facilitator,
        case=case,
    )
