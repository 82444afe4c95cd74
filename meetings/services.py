"""Every write to a live meeting. Each one bumps the version and broadcasts the new state."""

import asyncio
import threading
import time
from datetime import date, timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Team, User
from accounts.timezones import local_date
from language.feedback import abstract_or_none, classify_feedback
from language.questions import ADVICE, CLOSED, NOT_QUESTION, classify_question
from library.access import creditable_clips
from meetings.access import creditable_advice
from meetings.models import (
    ActionItem,
    ActionStatus,
    Contribution,
    ContributionKind,
    Meeting,
    Participant,
    Rating,
    Role,
)
from meetings.selectors import PRESENCE_GRACE_SECONDS, meeting_state, steps_of
from meetings.signals import (
    action_created,
    commitment_due,
    meeting_ended,
    meeting_live,
)
from protocols import engine
from protocols.engine import ProtocolError, RunState
from roundtable.errors import AbstractFeedback, RoundtableError
from roundtable.parsing import parse_id

MOVES = ("start", "advance", "back", "pause", "resume", "extend", "skip")


def group_name(meeting_id: int) -> str:
    return f"meeting-{meeting_id}"


def person_group_name(user_id: int) -> str:
    return f"person-{user_id}"


def access_changed(*, user_id: int, signed_out_session: str = "") -> None:
    """After commit, tell this person's live screens to check they may still be there (a
    screen of the session that signed out closes at once)."""

    def send():
        _group_send(
            person_group_name(user_id),
            {"type": "access.changed", "signed_out_session": signed_out_session},
        )

    transaction.on_commit(send)


def _group_send(group: str, message: dict) -> None:
    """Send to a channel group from sync code, also from a thread whose event loop is running
    (async_to_sync refuses that thread: the send then goes from a short-lived one)."""

    def deliver():
        async_to_sync(get_channel_layer().group_send)(group, message)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        deliver()
        return
    sender = threading.Thread(target=deliver, daemon=True)
    sender.start()
    sender.join(timeout=5)


def broadcast(meeting_id: int) -> None:
    """After commit, send the whole new state to everyone connected (any server process)."""

    def send():
        state = meeting_state(meeting=Meeting.objects.get(id=meeting_id))
        _group_send(group_name(meeting_id), {"type": "meeting.state", "state": state})

    transaction.on_commit(send)


def meeting_create(
    *,
    team: Team,
    protocol_key: str,
    title: str,
    facilitator: User | None,
    roles: dict[str, list[User]],
    phase_minutes: dict | None = None,
    brief: str = "",
    scheduled_at=None,
) -> Meeting:
    meeting = Meeting.objects.create(
        scheduled_at=scheduled_at,
        organisation_id=team.organisation_id,
        team=team,
        protocol_key=protocol_key,
        title=title,
        brief=brief,
        facilitator=facilitator,
        phase_minutes=phase_minutes or {},
    )
    order = 0
    for role, people in roles.items():
        for person in people:
            Participant.objects.create(meeting=meeting, user=person, role=role, order=order)
            order += 1
    return meeting


def present_ids(meeting: Meeting) -> frozenset[int]:
    """Who is in the live room now: their screen is connected (within the grace period)."""
    online_after = timezone.now() - timedelta(seconds=PRESENCE_GRACE_SECONDS)
    return frozenset(
        meeting.participants.filter(last_seen__gt=online_after).values_list("user_id", flat=True)
    )


def meeting_move(*, meeting_id: int, actor: User, move: str, seconds: float = 60) -> Meeting:
    """The facilitator's controls. Claimed under a row lock so two clicks make one move.

    Turns go to the people here: a speaker whose screen is not connected is passed over and
    takes their turn if they join before that phase's turns end (protocols.engine)."""
    if move not in MOVES:
        raise RoundtableError("Unknown move.")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(id=meeting_id)
        if meeting.facilitator_id != actor.id:
            raise RoundtableError("Only the facilitator moves the session on.")
        state, steps, now = RunState.from_dict(meeting.state), steps_of(meeting), time.time()
        present = present_ids(meeting)
        try:
            if move == "start":
                state = engine.start(state, steps, now, present)
            elif move == "advance":
                state = engine.advance(state, steps, now, present)
            elif move == "back":
                state = engine.back(state, steps, now)
            elif move == "pause":
                state = engine.pause(state, now)
            elif move == "resume":
                state = engine.resume(state, now)
            elif move == "extend":
                state = engine.extend(state, seconds, now)
            else:
                state = engine.skip_speaker(state, steps, now, present)
        except ProtocolError as error:
            raise RoundtableError(str(error)) from None
        meeting.state = state.to_dict()
        meeting.version += 1
        fields = ["state", "version"]
        if move == "start":
            meeting.started_at = timezone.now()
            fields.append("started_at")
        meeting.ended_at = timezone.now() if state.status == "ended" else None
        fields.append("ended_at")
        meeting.save(update_fields=fields)
        broadcast(meeting.id)
        if move == "start" and meeting.scheduled_at is not None:
            # Planned ahead: those not in the room yet hear that it is live now.
            transaction.on_commit(
                lambda: meeting_live.send(sender=Meeting, meeting=meeting, actor=actor)
            )
        if state.status == "ended":
            transaction.on_commit(lambda: meeting_ended.send(sender=Meeting, meeting=meeting))
    return meeting


def meeting_handover(*, meeting_id: int, actor: User, to_user_id: int) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(id=meeting_id)
        if meeting.facilitator_id != actor.id:
            raise RoundtableError("Only the facilitator can hand facilitation over.")
        if not meeting.participants.filter(user_id=to_user_id).exists():
            raise RoundtableError("Hand over to someone taking part in the session.")
        # Bumped in the database: a contribution landing at the same moment gets its own version.
        Meeting.objects.filter(id=meeting.id).update(
            facilitator_id=to_user_id, version=F("version") + 1
        )
        meeting.refresh_from_db(fields=["facilitator", "version"])
        broadcast(meeting.id)
    return meeting


def _current_phase(meeting: Meeting):
    state = RunState.from_dict(meeting.state)
    if state.status not in ("running", "paused"):
        raise RoundtableError("The session is not running: nothing can be added now.")
    steps = steps_of(meeting)
    return meeting.protocol.phases[steps[state.step_index].phase_index]


class QuestionCheck(RoundtableError):
    """A closed question or advice in disguise, caught before it is posted: the asker reads why
    and an open rewrite, then rewrites it or asks anyway (`ask_anyway`)."""

    def __init__(self, verdict) -> None:
        super().__init__(verdict.reason, field="text")
        self.verdict = verdict


def _may_add(phase, kind: str, roles: set[str]) -> bool:
    return kind in phase.accepts and bool(roles & set(phase.contributors))


def contribution_add(
    *,
    meeting_id: int,
    author: User,
    kind: str,
    text: str,
    owner_id: int | None = None,
    due_on: date | None = None,
    success: str = "",
    credit: str = "",
    written_for: str = "",
    ask_anyway: bool = False,
    check_advice: bool = False,
) -> Contribution:
    """Add to the record what the current phase accepts, from someone whose role may add it.

    `written_for`: the phase the writer was in when they wrote it. Sent after the facilitator
    moved on, it is filed in that phase as a late contribution when that phase took it from
    them; otherwise it is refused and stays in their box. A closed question or advice in
    disguise is checked first (QuestionCheck) unless the asker chose to ask it anyway.
    An action item also becomes an ActionItem that returns at the owner's next session or 1:1;
    when it credits a colleague's advice or clip, that colleague is recognised automatically.
    """
    text = text.strip()
    if not text:
        raise RoundtableError("Write something first.")
    meeting = Meeting.objects.get(id=meeting_id)
    participant = meeting.participants.filter(user=author).first()
    if participant is None:
        raise RoundtableError("Only participants can add to this session.")
    phase = _current_phase(meeting)
    roles = {participant.role}
    if meeting.facilitator_id == author.id:
        roles.add(Role.FACILITATOR)
    late = False
    if not _may_add(phase, kind, roles):
        earlier = _earlier_phase(meeting, phase, written_for)
        if earlier is not None and _may_add(earlier, kind, roles):
            phase, late = earlier, True
        elif kind not in phase.accepts:
            raise RoundtableError(f"The {phase.title.lower()} phase does not take that.")
        else:
            raise RoundtableError(
                f"In the {phase.title.lower()} phase, this is for the "
                f"{' and '.join(phase.contributors)}."
            )
    label = ""
    if kind == ContributionKind.FEEDBACK:
        label = classify_feedback(text).kind
    if kind == ContributionKind.QUESTION:
        verdict = classify_question(text)
        if verdict.kind == NOT_QUESTION:
            hint = f" Try: “{verdict.rewrite}”" if verdict.rewrite else ""
            raise RoundtableError(verdict.reason + hint, field="text")
        if verdict.kind in (CLOSED, ADVICE) and not ask_anyway and not late:
            raise QuestionCheck(verdict)
        label = verdict.kind
    typed_advice = kind == ContributionKind.ADVICE and check_advice and not ask_anyway
    # Typed in the room: abstract advice ("be more confident") gets the one nudge.
    if typed_advice and not late and (abstract := abstract_or_none(text)) is not None:
        raise AbstractFeedback(abstract, field="text")
    with transaction.atomic():
        contribution = Contribution.objects.create(
            meeting=meeting,
            author=author,
            kind=kind,
            phase_key=phase.key,
            text=text,
            label=label,
            late=late,
        )
        if kind == ContributionKind.ACTION:
            owner = meeting.participants.filter(user_id=owner_id).first() if owner_id else None
            owner_user = owner.user if owner else author
            action_create(
                meeting=meeting,
                owner=owner_user,
                what=text,
                due_on=due_on,
                success=success,
                credit=credit,
                contribution=contribution,
            )
        Participant.objects.filter(id=participant.id, joined_at__isnull=True).update(
            joined_at=timezone.now()
        )
        Meeting.objects.filter(id=meeting.id).update(version=F("version") + 1)
        broadcast(meeting.id)
    return contribution


def _earlier_phase(meeting: Meeting, current, key: str):
    """The phase `key` when the meeting has moved on from it, else None."""
    keys = [p.key for p in meeting.protocol.phases]
    if not key or key not in keys or keys.index(key) >= keys.index(current.key):
        return None
    return meeting.protocol.phases[keys.index(key)]


def contribution_withdraw(*, meeting_id: int, author: User, contribution_id: int) -> None:
    """An author takes back their own contribution while its phase runs (so advice credited
    in a later action plan stays), and an action item while the meeting is open."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(id=meeting_id)
        contribution = Contribution.objects.filter(
            id=contribution_id, meeting=meeting, author=author
        ).first()
        if contribution is None:
            raise RoundtableError("Only what you wrote yourself can be withdrawn.")
        phase = _current_phase(meeting)
        if contribution.kind != ContributionKind.ACTION and contribution.phase_key != phase.key:
            raise RoundtableError("That phase is over: what was said in it stays in the record.")
        contribution.delete()  # its action item, and the kudos that action gave, go with it
        Meeting.objects.filter(id=meeting.id).update(version=F("version") + 1)
        broadcast(meeting.id)


def meeting_record_written(*, meeting: Meeting) -> None:
    """Close a conversation recorded afterwards (a written 1:1) through the engine."""
    state = engine.record_written(RunState.from_dict(meeting.state), steps_of(meeting))
    now = timezone.now()
    Meeting.objects.filter(id=meeting.id).update(
        started_at=now, ended_at=now, state=state.to_dict(), version=F("version") + 1
    )


def action_create(
    *,
    meeting: Meeting,
    owner: User,
    what: str,
    due_on: date | None = None,
    success: str = "",
    credit: str = "",
    writer: User | None = None,
    contribution: Contribution | None = None,
) -> ActionItem:
    """An action item of a meeting (live, or a written 1:1 whose `writer` is the coach), with
    the colleague's advice or clip it credits; recognition hears of it (action_created).

    A commitment is whole or refused: what, by when (today or later, in the owner's time zone)
    and how success will be seen."""
    if not what.strip():
        raise RoundtableError("Say what the action is.", field="text")
    if due_on is None:
        raise RoundtableError("Say by when: a date, today or later.", field="due_on")
    if due_on < local_date(timezone.now(), owner.time_zone):
        raise RoundtableError("That date is past: choose today or later.", field="due_on")
    if not success.strip():
        raise RoundtableError("Say how success will be seen.", field="success")
    credited_contribution, credited_clip = credit_find(credit=credit, owner=owner, writer=writer)
    action = ActionItem.objects.create(
        organisation_id=meeting.organisation_id,
        meeting=meeting,
        what=what.strip(),
        owner=owner,
        due_on=due_on,
        success=success.strip(),
        credited_contribution=credited_contribution,
        credited_clip=credited_clip,
        contribution=contribution,
    )
    action_created.send(sender=ActionItem, action=action)
    return action


def credit_find(
    *, credit: str, owner: User, writer: User | None = None
) -> tuple[Contribution | None, object | None]:
    """Read "advice:ID" or "clip:ID" from a form: the colleague's advice or clip an action
    plan credits, by the access rules (creditable_advice, creditable_clips); never the owner's
    own."""
    if not credit:
        return None, None
    kind, _, raw = credit.partition(":")
    found, pk = None, parse_id(raw)
    if pk and kind == "advice":
        found = (
            creditable_advice(owner=owner, writer=writer)
            .filter(id=pk)
            .select_related("author")
            .first()
        )
    elif pk and kind == "clip":
        found = (
            creditable_clips(owner=owner, writer=writer)
            .filter(id=pk)
            .select_related("author")
            .first()
        )
    if found is None:
        raise RoundtableError(
            f"{owner.full_name} cannot see that advice or clip: pick one from the list.",
            field="credit",
        )
    if found.author_id == owner.id:
        raise RoundtableError(
            f"Credit a colleague's {'advice' if kind == 'advice' else 'clip'}, not your own.",
            field="credit",
        )
    return (found, None) if kind == "advice" else (None, found)


def presence_touch(*, meeting_id: int, user: User, online: bool = True) -> bool:
    """Record that a participant's screen is connected. Returns True when they just came online.

    Leaving keeps a grace period: a dropped phone that reconnects within seconds never
    blinks offline for the others.
    """
    now = timezone.now()
    seen = now if online else now - timedelta(seconds=PRESENCE_GRACE_SECONDS - 5)
    participant = Participant.objects.filter(meeting_id=meeting_id, user=user).first()
    if participant is None:
        return False
    was_online = participant.last_seen and participant.last_seen > now - timedelta(
        seconds=PRESENCE_GRACE_SECONDS
    )
    Participant.objects.filter(id=participant.id).update(last_seen=seen)
    if online and participant.joined_at is None:  # attendance counts from the first join
        Participant.objects.filter(id=participant.id, joined_at__isnull=True).update(joined_at=now)
    return online and not was_online


def action_update(*, action: ActionItem, status: str, update: str) -> ActionItem:
    if status not in ("open", "done", "dropped"):
        raise RoundtableError("Choose open, done or dropped.")
    action.status, action.update, action.updated_at = status, update.strip(), timezone.now()
    action.save(update_fields=["status", "update", "updated_at"])
    return action


def rating_give(*, meeting: Meeting, user: User, score: int, line: str) -> Rating:
    if not meeting.participants.filter(user=user).exists():
        raise RoundtableError("Only participants rate a session.")
    if not 1 <= score <= 5:
        raise RoundtableError("Rate from 1 to 5.", field="score")
    rating, _ = Rating.objects.update_or_create(
        meeting=meeting, user=user, defaults={"score": score, "line": line.strip()[:200]}
    )
    return rating


def commitment_reminders_send(*, now=None) -> int:
    """Remind each owner once of an open commitment due tomorrow (in their time zone) and once
    when it is overdue. Each reminder is claimed (a conditional UPDATE): two workers remind
    once. Returns how many reminders went."""
    now = now or timezone.now()
    soon = now.date() + timedelta(days=2)  # tomorrow anywhere on Earth is before this
    candidates = (
        ActionItem.objects.filter(status=ActionStatus.OPEN, due_on__lte=soon)
        .filter(Q(due_reminded_at__isnull=True) | Q(overdue_reminded_at__isnull=True))
        .select_related("owner")
    )
    sent = 0
    for action in candidates:
        today = local_date(now, action.owner.time_zone)
        if action.due_on < today and action.overdue_reminded_at is None:
            claim, overdue = {"overdue_reminded_at__isnull": True}, True
            field = "overdue_reminded_at"
        elif action.due_on == today + timedelta(days=1) and action.due_reminded_at is None:
            claim, overdue = {"due_reminded_at__isnull": True}, False
            field = "due_reminded_at"
        else:
            continue
        if ActionItem.objects.filter(id=action.id, **claim).update(**{field: now}):
            commitment_due.send(sender=ActionItem, action=action, overdue=overdue, today=today)
            sent += 1
    return sent
