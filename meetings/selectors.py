"""The whole state of a meeting as one JSON document: what every screen draws."""

import time
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from accounts.access import team_work_managed_ids
from accounts.timezones import local_date
from library.access import creditable_clips
from meetings.access import creditable_advice
from meetings.models import ACTION_CREDITS, ActionItem, ActionStatus, Meeting
from protocols import engine
from protocols.engine import RunState

PRESENCE_GRACE_SECONDS = 25


def _roles(meeting: Meeting) -> dict[str, list[int]]:
    roles: dict[str, list[int]] = {}
    for participant in meeting.participants.all():
        roles.setdefault(participant.role, []).append(participant.user_id)
    return roles


def steps_of(meeting: Meeting) -> list[engine.Step]:
    return engine.steps_for(meeting.protocol, _roles(meeting))


def meeting_state(*, meeting: Meeting) -> dict:
    """Everything a client needs, computed once and sent to every screen (and on reconnect)."""
    protocol = meeting.protocol
    run = RunState.from_dict(meeting.state)
    participants = list(meeting.participants.select_related("user"))
    steps = steps_of(meeting)
    online_after = timezone.now() - timedelta(seconds=PRESENCE_GRACE_SECONDS)
    current = None
    if 0 <= run.step_index < len(steps):
        step = steps[run.step_index]
        phase = protocol.phases[step.phase_index]
        turns = [s for s in steps if s.phase_index == step.phase_index]
        current = {
            "phase_key": phase.key,
            "phase_index": step.phase_index,
            "speaker_id": step.speaker,
            "turn": turns.index(step) + 1 if len(turns) > 1 else None,
            "turns": len(turns) if len(turns) > 1 else None,
            "seconds": step.seconds,
        }
    names = {p.user_id: p.user.full_name for p in participants}
    # This phase's turns whose speaker is not here: passed over already (owed), or still to
    # come; each is given when they join.
    waiting_for = []
    if current is not None:
        block = steps[run.step_index].block
        present = frozenset(
            p.user_id for p in participants if p.last_seen and p.last_seen > online_after
        )
        coming = [
            i
            for i in range(max(run.reached, run.step_index) + 1, len(steps))
            if engine.away(steps, i, present)
        ]
        waiting_for = list(
            dict.fromkeys(
                names.get(steps[i].speaker, "")
                for i in sorted({*run.owed, *coming})
                if i < len(steps) and steps[i].block == block and steps[i].phase_index == block
            )
        )
    return {
        "id": meeting.id,
        "title": meeting.title,
        "brief": meeting.brief,
        "version": meeting.version,
        "server_now": time.time(),
        "status": run.status,
        "ends_at": run.ends_at,
        "remaining": run.remaining,
        "can_go_back": bool(run.back_stack),
        "waiting_for": waiting_for,
        "step_index": run.step_index,
        "step_count": len(steps),
        "current": current,
        "facilitator_id": meeting.facilitator_id,
        "phases": [
            {
                "key": p.key,
                "title": p.title,
                "minutes": p.minutes,
                "timing": str(p.timing),
                "accepts": list(p.accepts),
                "contributors": list(p.contributors),
                "guidance": p.guidance,
                "rules": list(p.rules),
                "about_turn": any(other.then == p.key for other in protocol.phases),
                "prompts": list(p.prompts),
            }
            for p in protocol.phases
        ],
        "rules": list(protocol.rules),
        "participants": [
            {
                "id": p.user_id,
                "name": p.user.full_name,
                "role": p.role,
                "online": bool(p.last_seen and p.last_seen > online_after),
                "joined": p.joined_at is not None,
            }
            for p in participants
        ],
        "contributions": [
            {
                "id": c.id,
                "kind": c.kind,
                "phase": c.phase_key,
                "text": c.text,
                "label": c.label,
                "late": c.late,
                "author_id": c.author_id,
                "author": names.get(c.author_id, ""),
            }
            for c in meeting.contributions.all()
        ],
        "actions": [
            {
                "id": a.id,
                "what": a.what,
                "owner": names.get(a.owner_id, ""),
                "due_on": a.due_on.isoformat() if a.due_on else None,
                "success": a.success,
                "credit": a.credit,
                "contribution_id": a.contribution_id,
                "writer_id": a.contribution.author_id if a.contribution_id else None,
            }
            for a in meeting.actions.select_related("contribution", *ACTION_CREDITS)
        ],
    }


def credit_clips(*, user, writer=None, limit: int = 40) -> list:
    """Colleagues' ready clips a person can credit in an action plan, newest first."""

    return list(
        creditable_clips(owner=user, writer=writer)
        .exclude(author=user)
        .select_related("author")
        .order_by("-created_at")[:limit]
    )


def credit_advice(*, user, writer=None, days: int = 90, limit: int = 30) -> list:
    """Colleagues' advice from sessions the person took part in lately, newest first."""

    since = timezone.now() - timedelta(days=days)
    return list(
        creditable_advice(owner=user, writer=writer)
        .filter(created_at__gte=since)
        .exclude(author=user)
        .select_related("author", "meeting")
        .order_by("-created_at")[:limit]
    )


def credit_options(*, user, writer=None) -> list[tuple[str, list[tuple[str, str]]]]:
    """For a form's select: the advice and clips a person can credit (and, when someone else
    writes their plan, that writer may read), grouped, as values."""
    advice = [
        (f"advice:{c.id}", f"{c.author.full_name}: {_short(c.text)}")
        for c in credit_advice(user=user, writer=writer)
    ]
    clips = [
        (f"clip:{c.id}", f"{_short(c.title)} ({c.author.full_name})")
        for c in credit_clips(user=user, writer=writer)
    ]
    groups = [("Advice heard in sessions", advice), ("Clips from the library", clips)]
    return [(label, options) for label, options in groups if options]


def _short(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


LIVE_FOR = timedelta(hours=12)  # a room left open longer than this is no longer "live now"


def live_now_for(*, user) -> list[Meeting]:
    """Rooms the person is in that are open and not ended: one tap to join from their home."""
    now = timezone.now()
    return list(
        Meeting.objects.filter(participants__user=user, ended_at__isnull=True)
        # Opened now, or planned ahead and begun or about to: not before.
        .filter(
            Q(scheduled_at__isnull=True, created_at__gte=now - LIVE_FOR)
            | Q(started_at__gte=now - LIVE_FOR)
            | Q(scheduled_at__range=(now - LIVE_FOR, now + timedelta(minutes=10)))
        )
        .select_related("team")
        .order_by("-created_at")[:5]
    )


def open_commitments_of(*, user, limit: int = 5) -> list[ActionItem]:
    """The person's open commitments, the most urgent first (no due date last)."""
    return list(
        ActionItem.objects.filter(owner=user, status=ActionStatus.OPEN).order_by(
            F("due_on").asc(nulls_last=True), "id"
        )[:limit]
    )


def commitments_returning(*, meeting: Meeting, but=(), limit: int = 20) -> list[ActionItem]:
    """The open commitments of the people in this room, made earlier in their team's sessions,
    role-plays and clinics: each comes back at its owner's next session or 1:1 until it is
    done or dropped. Private 1:1 items stay out (a 1:1's own items return through coaching);
    `but`: items another block of the room already shows."""
    return list(
        ActionItem.objects.filter(
            status=ActionStatus.OPEN,
            owner_id__in=meeting.participants.values("user_id"),
            meeting__team_id=meeting.team_id,
            meeting__private=False,
            created_at__lt=meeting.created_at,
        )
        .exclude(meeting_id=meeting.id)
        .exclude(id__in=list(but))
        .select_related("owner", "meeting")
        .order_by(F("due_on").asc(nulls_last=True), "id")[:limit]
    )


def home_live_section(*, user) -> dict:
    meetings = live_now_for(user=user)
    if not meetings:
        return {}
    return {"template": "meetings/_home_live.html", "order": 0, "meetings": meetings}


def home_commitments_section(*, user) -> dict:
    actions = open_commitments_of(user=user)
    if not actions:
        return {}
    return {
        "template": "meetings/_home_commitments.html",
        "order": 20,
        "actions": actions,
        "today": local_date(timezone.now(), user.time_zone),
    }


def home_team_overdue_section(*, user) -> dict:
    """For a manager: their teams' open commitments past due (team sessions, not 1:1s)."""
    managed = team_work_managed_ids(user=user)
    if not managed:
        return {}
    today = local_date(timezone.now(), user.time_zone)
    overdue = list(
        ActionItem.objects.filter(
            status=ActionStatus.OPEN,
            due_on__lt=today,
            meeting__team_id__in=managed,
            meeting__private=False,
        )
        .select_related("owner", "meeting__team")
        .order_by("due_on", "id")[:5]
    )
    if not overdue:
        return {}
    return {
        "template": "meetings/_home_team_overdue.html",
        "order": 25,
        "actions": overdue,
        "today": today,
    }
