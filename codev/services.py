"""Every write about co-development: cases, "me too", triage, cadence, sessions."""

from datetime import datetime

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.access import managed_team_ids
from accounts.models import Team, User
from coaching.models import CoachingType
from coaching.services import one_on_one_draft
from codev.models import (
    DECIDING,
    TRIAGE_DECISIONS,
    Cadence,
    Case,
    CaseStage,
    CaseStatus,
    CodevSession,
    MeToo,
    Outcome,
    SessionStatus,
    Timeframe,
)
from codev.selectors import session_record
from codev.signals import (
    case_followed_up,
    case_submitted,
    case_triaged,
    session_changed,
    session_scheduled,
)
from codev.tasks import send_session_record
from meetings.models import Meeting, Role
from meetings.services import meeting_create
from meetings.signals import meeting_live
from protocols import engine
from protocols.definitions import CODEV
from roundtable.errors import RoundtableError
from roundtable.links import absolute_url
from roundtable.parsing import one_line

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

    def __init__(self, missing: dict[str, str], *, saved: bool = True) -> None:
        super().__init__(
            "Your case is saved as a draft. Complete it to submit it to your team."
            if saved
            else "Nothing was saved: write the case first."
        )
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
        typed = [v for f, v in values.items() if f in CASE_FIELDS and v and str(v).strip()]
        if not typed:  # nothing typed: nothing to keep as a draft
            raise CaseIncomplete(dict(REQUIRED_TO_SUBMIT), saved=False)
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
        case.status, case.stage = CaseStatus.SUBMITTED, CaseStage.NEW
        case.submitted_at = timezone.now()
        case.save(update_fields=["status", "stage", "submitted_at"])
        case_submitted.send(sender=Case, case=case)
    return case


def stage_of(case: Case) -> str:
    """Where a case stands, from what happened to it: intake, triage, a session or 1:1 planned,
    held, its outcome recorded, closed."""
    if case.status == CaseStatus.DRAFT:
        return CaseStage.DRAFT
    if case.closed_at is not None or case.status == CaseStatus.DECLINED:
        return CaseStage.CLOSED
    if case.outcome:
        return CaseStage.FOLLOWED_UP
    if case.status == CaseStatus.SUBMITTED:
        return CaseStage.NEW
    sessions = set(
        CodevSession.objects.filter(case=case)
        .exclude(status=SessionStatus.CANCELLED)
        .values_list("status", flat=True)
    )
    draft = case.coaching_draft
    if SessionStatus.DONE in sessions or (draft is not None and draft.one_id):
        return CaseStage.WORKED
    if sessions:
        return CaseStage.SCHEDULED
    return CaseStage.TRIAGED


def case_restage(*, case_id: int | None) -> None:
    """Store the case's stage after something happened to it (lists filter on it)."""
    if case_id is None:
        return
    case = Case.objects.select_related("coaching_draft").filter(id=case_id).first()
    if case is not None:
        Case.objects.filter(id=case.id).update(stage=stage_of(case), updated_at=timezone.now())


def case_draft_delete(*, case: Case, actor: User) -> None:
    """Its author throws away a draft nobody else has seen (claimed: still a draft)."""
    if case.author_id != actor.id:
        raise RoundtableError("Only its author deletes a draft.")
    if not Case.objects.filter(id=case.id, status=CaseStatus.DRAFT).delete()[0]:
        raise RoundtableError("This case was submitted: it is the team's now.")


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


def case_triage(
    *, actor: User, case: Case, decision: str, reason: str = "", seen: str = ""
) -> Case:
    """Decide what happens to a case, claimed from the status the manager saw (`seen`, else
    the one just read): of two triages at once, one decides and the other is told."""
    if decision not in TRIAGE_DECISIONS:
        raise RoundtableError("Choose co-development, coaching, a challenge, or decline.")
    if decision == CaseStatus.DECLINED and not reason.strip():
        raise RoundtableError("Tell the rep why you decline: they will read it.", field="reason")
    if case.status == CaseStatus.DRAFT:
        raise RoundtableError("This case is still a draft.")
    now = timezone.now()
    # Claimed from the status this manager saw: of two triages at once, one decides.
    claimed = Case.objects.filter(id=case.id, status=seen or case.status).update(
        status=decision,
        triage_reason=reason.strip(),
        triaged_by=actor,
        triaged_at=now,
        updated_at=now,
    )
    if not claimed:
        current = Case.objects.select_related("triaged_by").get(id=case.id)
        if current.status == decision and current.triaged_by_id == actor.id:
            return current  # the same decision sent twice (a double tap, a resend)
        who = current.triaged_by.full_name if current.triaged_by else "Someone"
        raise RoundtableError(
            f"{who} triaged this case a moment ago ({current.get_status_display().lower()}). "
            "Reload it to see their decision, then change it if you still need to."
        )
    case.refresh_from_db()
    if decision == CaseStatus.COACHING and case.coaching_draft_id is None:
        _draft_one_on_one(case=case, coach=actor)
    case_restage(case_id=case.id)
    case.refresh_from_db()
    case_triaged.send(sender=Case, case=case, actor=actor)
    return case


def _draft_one_on_one(*, case: Case, coach: User) -> None:
    """Individual coaching: a 1:1 with the case's author waits on the manager's coaching page,
    the case attached (its situation above the clock), GROW suggested for a blocked deal."""
    situation = "\n\n".join(
        f"{label}: {text}"
        for label, text in (
            ("Account", case.account),
            ("People involved", case.people),
            ("What they said and how they behaved", case.their_words),
            ("What was tried", case.tried),
            ("Where it is blocked", case.blocked),
        )
        if text
    )
    draft = one_on_one_draft(
        coach=coach,
        rep=case.author,
        topic=case.title,
        situation=situation,
        protocol_key="grow",
        coaching_type=CoachingType.TACTICAL
        if case.timeframe == Timeframe.PRESENT
        else CoachingType.DEVELOPMENTAL,
        origin=f"Case: {case.title}",
        origin_url=reverse("case_detail", args=[case.id]),
    )
    Case.objects.filter(id=case.id).update(coaching_draft=draft)


def case_follow_up(*, case: Case, actor: User, outcome: str, note: str = "") -> Case:
    """Record what happened after the case was worked. Won or lost decides the deal and closes
    the case; moved forward or still blocked leaves it open for a later follow-up."""
    if outcome not in Outcome.values:
        raise RoundtableError("Choose won, lost, moved forward or still blocked.", field="outcome")
    if case.stage in (CaseStage.DRAFT, CaseStage.NEW):
        raise RoundtableError("Record the outcome once the case has been triaged and worked.")
    now = timezone.now()
    changes = {"outcome": outcome, "outcome_note": note.strip(), "outcome_at": now}
    if outcome in DECIDING:
        changes["closed_at"] = now
    # Claimed: a case closed meanwhile (by its author or the manager) is not changed.
    if not Case.objects.filter(id=case.id, closed_at__isnull=True).update(**changes):
        raise RoundtableError("This case is closed: its outcome is on the case.")
    case_restage(case_id=case.id)
    case.refresh_from_db()
    case_followed_up.send(sender=Case, case=case, actor=actor)
    return case


def case_close(*, case: Case, actor: User) -> Case:
    """Close a case that needs no more work (its record stays)."""
    if case.stage == CaseStage.DRAFT:
        raise RoundtableError("A draft is not closed: delete it or submit it.")
    if not Case.objects.filter(id=case.id, closed_at__isnull=True).update(closed_at=timezone.now()):
        raise RoundtableError("This case is already closed.")
    case_restage(case_id=case.id)
    case.refresh_from_db()
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
    observers: list[User] | tuple = (),
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
    observer_ids = {o.id for o in observers}
    if observer_ids - member_ids:
        raise RoundtableError("Observers must be members of the team.", field="observers")
    if observer_ids & {presenter.id, facilitator.id if facilitator else None}:
        raise RoundtableError(
            "The presenter and the facilitator cannot also observe.", field="observers"
        )
    minutes = planned_minutes(
        team=team, presenter=presenter, facilitator=facilitator, observers=observers
    )
    with transaction.atomic():
        _case_free(case)  # claimed: the case row stays locked until the session holds it
        session = CodevSession.objects.create(
            organisation_id=team.organisation_id,
            team=team,
            scheduled_at=scheduled_at,
            minutes=minutes,
            presenter=presenter,
            facilitator=facilitator,
            case=case,
        )
        session.observers.set(observers)
    case_restage(case_id=session.case_id)
    session_scheduled.send(sender=CodevSession, session=session)
    return session


UPCOMING = (SessionStatus.PLANNED, SessionStatus.LIVE)


def planned_minutes(
    *, team: Team, presenter: User | None, facilitator: User | None, observers=()
) -> int:
    """How long a session of this team lasts with the team's phase durations: everyone active
    in the team who neither presents, facilitates nor observes consults and takes a turn."""
    left_out = {p.id for p in (presenter, facilitator, *observers) if p is not None}
    consultants = (
        User.objects.filter(memberships__team=team, is_active=True)
        .exclude(id__in=left_out)
        .distinct()
        .count()
    )
    protocol = CODEV.with_minutes(cadence_for(team=team).phase_minutes)
    return round(engine.planned_minutes(protocol, {"client": 1, "consultant": consultants}))


def _case_free(case: Case | None, *, but: CodevSession | None = None) -> None:
    """A case is worked at one session at a time: not on two upcoming sessions.

    Called inside a transaction: the case row is locked, so two managers planning the same
    case at once are served one after the other and the second is told."""
    if case is None:
        return
    Case.objects.select_for_update().filter(id=case.id).first()
    taken = CodevSession.objects.filter(case=case, status__in=UPCOMING)
    if but is not None:
        taken = taken.exclude(id=but.id)
    other = taken.first()
    if other is not None:
        raise RoundtableError(
            f"This case is already on the session of {other.scheduled_at:%d %b}: move that "
            "session, or choose another case.",
            field="case",
        )


def _claim_planned(session: CodevSession, **changes) -> CodevSession:
    """Change a planned session, claimed: if it was opened or cancelled meanwhile, say so."""
    now = timezone.now()
    claimed = CodevSession.objects.filter(id=session.id, status=SessionStatus.PLANNED).update(
        sequence=F("sequence") + 1, updated_at=now, **changes
    )
    if not claimed:
        current = CodevSession.objects.get(id=session.id)
        raise RoundtableError(
            f"This session is {current.get_status_display().lower()} now: it can no longer "
            "be changed. Reload the page to see it."
        )
    session.refresh_from_db()
    return session


def session_move(*, session: CodevSession, actor: User, scheduled_at: datetime) -> CodevSession:
    if scheduled_at < timezone.now():
        raise RoundtableError("Choose a date in the future.", field="scheduled_at")
    before = session.scheduled_at
    session = _claim_planned(session, scheduled_at=scheduled_at)
    session_changed.send(
        sender=CodevSession, session=session, actor=actor, change="moved", before=before
    )
    return session


def session_reassign(
    *, session: CodevSession, actor: User, presenter: User, case: Case | None = None
) -> str:
    """Another presenter (and case) for a planned session. Returns a warning to show when the
    presenter is not the case's author, else ""."""
    if not session.team.memberships.filter(user=presenter).exists():
        raise RoundtableError("The presenter must be a member of the team.", field="presenter")
    if presenter.id == session.facilitator_id:
        raise RoundtableError("The facilitator cannot also present.", field="presenter")
    if case is not None and case.team_id != session.team_id:
        raise RoundtableError("Choose one of this team's cases.", field="case")
    minutes = planned_minutes(
        team=session.team,
        presenter=presenter,
        facilitator=session.facilitator,
        observers=list(session.observers.all()),
    )
    before = session.case_id
    with transaction.atomic():
        _case_free(case, but=session)
        session = _claim_planned(session, presenter=presenter, case=case, minutes=minutes)
    case_restage(case_id=before)
    case_restage(case_id=session.case_id)
    session_changed.send(sender=CodevSession, session=session, actor=actor, change="presenter")
    if case is not None and case.author_id != presenter.id:
        return (
            f"{presenter.full_name} presents {case.author.full_name}'s case: make sure they "
            "have talked it through."
        )
    return ""


def session_cancel(*, session: CodevSession, actor: User) -> CodevSession:
    session = _claim_planned(session, status=SessionStatus.CANCELLED)
    case_restage(case_id=session.case_id)
    session_changed.send(sender=CodevSession, session=session, actor=actor, change="cancelled")
    return session


def session_start(*, session: CodevSession, actor: User) -> Meeting:
    """Open the live session: roles from the plan, the team's durations, the facilitator's clock.

    The facilitator (the manager by default) does not consult; everyone else in the team does.
    Claimed under a row lock: two "Open" taps at once open one meeting, and both get it.
    """
    if session.meeting_id:
        return session.meeting
    if session.status == SessionStatus.CANCELLED:
        raise RoundtableError("This session was cancelled.")
    facilitator = session.facilitator or actor
    if actor.id != facilitator.id and session.team_id not in managed_team_ids(user=actor):
        raise RoundtableError("Only the facilitator or the team's manager opens the session.")
    observers = list(session.observers.filter(is_active=True).order_by("full_name"))
    consultants = list(
        User.objects.filter(memberships__team=session.team, is_active=True)
        .exclude(id__in=[facilitator.id, session.presenter_id, *[o.id for o in observers]])
        .order_by("full_name")
    )
    title = f"{session.team.name}: {session.presenter.full_name if session.presenter else ''}"
    if session.case:
        title += f" — {session.case.title}"
    with transaction.atomic():
        locked = CodevSession.objects.select_for_update().get(id=session.id)
        if locked.meeting_id:
            return locked.meeting
        if locked.status == SessionStatus.CANCELLED:
            raise RoundtableError("This session was cancelled.")
        meeting = meeting_create(
            team=session.team,
            protocol_key="codev",
            title=title,
            facilitator=facilitator,
            roles={
                Role.FACILITATOR: [facilitator],
                Role.CLIENT: [session.presenter] if session.presenter else [],
                Role.CONSULTANT: consultants,
                Role.OBSERVER: observers,
            },
            phase_minutes=cadence_for(team=session.team).phase_minutes,
        )
        session.meeting = meeting
        session.status = SessionStatus.LIVE
        session.save(update_fields=["meeting", "status"])
        meeting_live.send(sender=Meeting, meeting=meeting, actor=actor)
    return meeting


def session_close_unheld(*, session: CodevSession, actor: User) -> CodevSession:
    """A session opened by mistake is closed without a record: nothing was said in it yet. It
    goes back to planned (same time, same people); its empty room is removed. Claimed under a
    row lock, against a facilitator starting it at that moment."""
    if session.team_id not in managed_team_ids(user=actor) and actor.id != session.facilitator_id:
        raise RoundtableError("Only the facilitator or the team's manager closes the session.")
    with transaction.atomic():
        locked = CodevSession.objects.select_for_update().get(id=session.id)
        meeting = (
            Meeting.objects.select_for_update().filter(id=locked.meeting_id).first()
            if locked.status == SessionStatus.LIVE
            else None
        )
        if meeting is None:
            raise RoundtableError("This session is not open: there is nothing to close.")
        if meeting.contributions.exists() or meeting.ended_at is not None:
            raise RoundtableError(
                "Things were said in this session: end it from the room so the record keeps them."
            )
        CodevSession.objects.filter(id=locked.id).update(
            status=SessionStatus.PLANNED, meeting=None, updated_at=timezone.now()
        )
        meeting.delete()
    session.refresh_from_db()
    session_changed.send(sender=CodevSession, session=session, actor=actor, change="closed")
    return session


def on_draft_held(*, draft, **kwargs) -> None:
    """The 1:1 drafted from a case was held: the case has been worked."""
    for case_id in Case.objects.filter(coaching_draft=draft).values_list("id", flat=True):
        case_restage(case_id=case_id)


def on_meeting_ended(*, meeting: Meeting, **kwargs) -> None:
    """The live session ended: the session is done and its record goes to every participant."""
    session = CodevSession.objects.filter(meeting=meeting).first()
    if session is None:
        return
    held_at = meeting.started_at or meeting.created_at
    changes = {"status": SessionStatus.DONE, "updated_at": timezone.now()}
    if abs((held_at - session.scheduled_at).total_seconds()) > 30 * 60:
        # Held at another time than planned: the record, the rotation and calendars say when.
        changes |= {"scheduled_at": held_at, "sequence": F("sequence") + 1}
    CodevSession.objects.filter(id=session.id).update(**changes)
    case_restage(case_id=session.case_id)

    send_session_record.enqueue(session_id=session.id)


def session_record_send(*, session: CodevSession) -> int:
    """Email the session record to its participants; returns how many were sent."""

    record = session_record(session=session)
    recipients = [p.user.email for p in record["participants"] if p.user.is_active]
    body = render_to_string(
        "codev/email/record.txt", record | {"url": absolute_url("session_detail", session.id)}
    )
    for email in recipients:
        send_mail(
            subject=one_line(f"Co-development record: {session.meeting.title}"),
            message=body,
            from_email=None,
            recipient_list=[email],
        )
    return len(recipients)
