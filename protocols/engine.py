"""The running state of a protocol, and every move the facilitator can make.

Pure functions over a JSON-friendly state: the server stores the state, clients draw the clock
from `ends_at` (server time, epoch seconds). Time's up never advances anything by itself.
"""

from dataclasses import asdict, dataclass, field, replace

from protocols.definitions import Protocol, Timing


class ProtocolError(Exception):
    """A move that is not possible now; the message says why."""


@dataclass(frozen=True)
class Step:
    phase_index: int
    speaker: int | None  # participant id whose turn it is, for per-speaker phases
    seconds: float


@dataclass(frozen=True)
class RunState:
    status: str = "waiting"  # waiting, running, paused, ended; written (recorded afterwards)
    step_index: int = -1
    ends_at: float | None = None  # server epoch seconds, while running
    remaining: float | None = None  # seconds left, while paused
    skipped: tuple[int, ...] = ()  # step indexes skipped
    back_stack: tuple[tuple[int, float], ...] = field(default=())  # (step, seconds left) to undo

    def to_dict(self) -> dict:
        data = asdict(self)
        data["skipped"] = list(self.skipped)
        data["back_stack"] = [list(item) for item in self.back_stack]
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> "RunState":
        if not data:
            return cls()
        return cls(
            status=data["status"],
            step_index=data["step_index"],
            ends_at=data.get("ends_at"),
            remaining=data.get("remaining"),
            skipped=tuple(data.get("skipped", ())),
            back_stack=tuple((int(s), float(r)) for s, r in data.get("back_stack", ())),
        )


def planned_minutes(protocol: Protocol, counts: dict[str, int]) -> float:
    """How long the conversation lasts when every step takes its timebox, for `counts` people
    in each role (turns for each consultant, one clock for a shared phase)."""
    roles = {role: list(range(1, count + 1)) for role, count in counts.items()}
    return sum(step.seconds for step in steps_for(protocol, roles)) / 60


def steps_for(protocol: Protocol, roles: dict[str, list[int]]) -> list[Step]:
    """Flatten the phases into steps: one per fixed phase, one per speaker's turn otherwise.

    `roles` maps a role to participant ids in turn order. A per-speaker phase with nobody in its
    role still gets one step, so the conversation never silently loses a phase.
    """
    steps: list[Step] = []
    followers = {p.then for p in protocol.phases if p.then}
    keys = [p.key for p in protocol.phases]
    for index, phase in enumerate(protocol.phases):
        if phase.key in followers:
            continue  # its steps come after each turn of the phase it follows
        seconds = phase.minutes * 60
        speakers = roles.get(phase.speakers or "", [])
        if phase.timing == Timing.PER_SPEAKER and speakers:
            for speaker in speakers:
                steps.append(Step(index, speaker, seconds))
                if phase.then:
                    after = keys.index(phase.then)
                    steps.append(Step(after, speaker, protocol.phases[after].minutes * 60))
        else:
            lead = speakers[0] if speakers and phase.timing == Timing.FIXED else None
            steps.append(Step(index, lead, seconds))
            if phase.then:
                after = keys.index(phase.then)
                steps.append(Step(after, None, protocol.phases[after].minutes * 60))
    return steps


def seconds_left(state: RunState, now: float) -> float | None:
    if state.status == "running" and state.ends_at is not None:
        return state.ends_at - now
    if state.status == "paused":
        return state.remaining
    return None


def start(state: RunState, steps: list[Step], now: float) -> RunState:
    if state.status != "waiting":
        raise ProtocolError("The session has already started.")
    return _enter(state, steps, 0, steps[0].seconds, now)


def record_written(state: RunState, steps: list[Step]) -> RunState:
    """A conversation recorded afterwards (a written 1:1): never live, complete at once."""
    if state.status != "waiting":
        raise ProtocolError("Only a conversation that has not started can be recorded as written.")
    return replace(state, status="written", step_index=len(steps))


def advance(state: RunState, steps: list[Step], now: float) -> RunState:
    """Next step (next speaker, or next phase); after the last one the session ends."""
    _require_live(state)
    left = max(seconds_left(state, now) or 0.0, 0.0)
    pushed = replace(state, back_stack=(*state.back_stack, (state.step_index, left)))
    following = state.step_index + 1
    if following >= len(steps):
        return replace(pushed, status="ended", step_index=len(steps), ends_at=None, remaining=None)
    return _enter(pushed, steps, following, steps[following].seconds, now)


def skip_speaker(state: RunState, steps: list[Step], now: float) -> RunState:
    _require_live(state)
    if steps[state.step_index].speaker is None or _phase_timing_fixed(state, steps):
        raise ProtocolError("Only a speaker's turn can be skipped.")
    moved = advance(state, steps, now)
    return replace(moved, skipped=(*state.skipped, state.step_index))


def back(state: RunState, steps: list[Step], now: float) -> RunState:
    """Undo the last advance: return to that step with the time it had left."""
    if not state.back_stack:
        raise ProtocolError("There is nothing to go back to.")
    step_index, left = state.back_stack[-1]
    restored = replace(
        state,
        back_stack=state.back_stack[:-1],
        skipped=tuple(s for s in state.skipped if s != step_index),
    )
    return _enter(restored, steps, step_index, left, now)


def pause(state: RunState, now: float) -> RunState:
    if state.status != "running":
        raise ProtocolError("Only a running session can be paused.")
    return replace(state, status="paused", remaining=seconds_left(state, now), ends_at=None)


def resume(state: RunState, now: float) -> RunState:
    if state.status != "paused":
        raise ProtocolError("The session is not paused.")
    return replace(state, status="running", ends_at=now + (state.remaining or 0), remaining=None)


def extend(state: RunState, seconds: float, now: float) -> RunState:
    """More time for the current step; from zero if time was already up."""
    if seconds <= 0 or seconds > 30 * 60:
        raise ProtocolError("Extend by between a few seconds and 30 minutes.")
    if state.status == "running":
        base = max(state.ends_at or now, now)
        return replace(state, ends_at=base + seconds)
    if state.status == "paused":
        return replace(state, remaining=max(state.remaining or 0, 0) + seconds)
    raise ProtocolError("Only a started session can be extended.")


def _enter(state: RunState, steps: list[Step], index: int, seconds: float, now: float) -> RunState:
    return replace(state, status="running", step_index=index, ends_at=now + seconds, remaining=None)


def _require_live(state: RunState) -> None:
    if state.status not in ("running", "paused"):
        raise ProtocolError("The session is not running.")


def _phase_timing_fixed(state: RunState, steps: list[Step]) -> bool:
    phase = steps[state.step_index].phase_index
    return sum(1 for s in steps if s.phase_index == phase) == 1
