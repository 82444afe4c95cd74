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
    # The phase a turn belongs to (a follower such as feedback-on-a-turn belongs to the turn's
    # phase), and whether the step is one speaker's turn (a turn is given only to someone here).
    block: int = -1
    turn: bool = False


@dataclass(frozen=True)
class RunState:
    status: str = "waiting"  # waiting, running, paused, ended; written (recorded afterwards)
    step_index: int = -1
    ends_at: float | None = None  # server epoch seconds, while running
    remaining: float | None = None  # seconds left, while paused
    skipped: tuple[int, ...] = ()  # step indexes skipped
    # (step, seconds left, furthest step, owed turns) to undo an advance exactly
    back_stack: tuple[tuple, ...] = field(default=())
    reached: int = -1  # the furthest step reached in order
    owed: tuple[int, ...] = ()  # turns passed over while their speaker was away

    def to_dict(self) -> dict:
        data = asdict(self)
        data["skipped"] = list(self.skipped)
        data["owed"] = list(self.owed)
        data["back_stack"] = [
            [step, left, reached, list(owed)] for step, left, reached, owed in self.back_stack
        ]
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
            back_stack=tuple(_undo_entry(item) for item in data.get("back_stack", ())),
            reached=data.get("reached", data["step_index"]),
            owed=tuple(data.get("owed", ())),
        )


def _undo_entry(item) -> tuple:
    """One undo entry; states stored before turns were owed hold only (step, seconds left)."""
    step, left = int(item[0]), float(item[1])
    reached = int(item[2]) if len(item) > 2 else step
    return (step, left, reached, tuple(item[3]) if len(item) > 3 else ())


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
                steps.append(Step(index, speaker, seconds, block=index, turn=True))
                if phase.then:
                    after = keys.index(phase.then)
                    minutes = protocol.phases[after].minutes
                    steps.append(Step(after, speaker, minutes * 60, block=index, turn=True))
        else:
            lead = speakers[0] if speakers and phase.timing == Timing.FIXED else None
            steps.append(Step(index, lead, seconds, block=index))
            if phase.then:
                after = keys.index(phase.then)
                minutes = protocol.phases[after].minutes
                steps.append(Step(after, None, minutes * 60, block=index))
    return steps


def seconds_left(state: RunState, now: float) -> float | None:
    if state.status == "running" and state.ends_at is not None:
        return state.ends_at - now
    if state.status == "paused":
        return state.remaining
    return None


def start(
    state: RunState, steps: list[Step], now: float, present: frozenset[int] | None = None
) -> RunState:
    if state.status != "waiting":
        raise ProtocolError("The session has already started.")
    first, owed = _following(state, steps, present)
    return _enter(replace(state, owed=owed, reached=first), steps, first, steps[first].seconds, now)


def record_written(state: RunState, steps: list[Step]) -> RunState:
    """A conversation recorded afterwards (a written 1:1): never live, complete at once."""
    if state.status != "waiting":
        raise ProtocolError("Only a conversation that has not started can be recorded as written.")
    return replace(state, status="written", step_index=len(steps))


def advance(
    state: RunState, steps: list[Step], now: float, present: frozenset[int] | None = None
) -> RunState:
    """Next step (next speaker, or next phase); after the last one the session ends.

    `present`: the participants here now (None: not known, everyone takes their turn). A turn
    whose speaker is away is passed over and owed; it is given when they are here before the
    turns of that phase end. In a room that follows one screen (none of the phase's speakers
    connected), nobody is passed over.
    """
    _require_live(state)
    left = max(seconds_left(state, now) or 0.0, 0.0)
    undo = (state.step_index, left, state.reached, state.owed)
    pushed = replace(state, back_stack=(*state.back_stack, undo))
    following, owed = _following(state, steps, present)
    if following >= len(steps):
        return replace(
            pushed, status="ended", step_index=len(steps), ends_at=None, remaining=None, owed=owed
        )
    reached = max(state.reached, following)
    return _enter(
        replace(pushed, owed=owed, reached=reached), steps, following, steps[following].seconds, now
    )


def away(steps: list[Step], index: int, present: frozenset[int] | None) -> bool:
    """A turn whose speaker is not here while another speaker of its phase is."""
    step = steps[index]
    if present is None or not step.turn or step.speaker in present:
        return False
    return any(s.turn and s.block == step.block and s.speaker in present for s in steps)


def _following(
    state: RunState, steps: list[Step], present: frozenset[int] | None
) -> tuple[int, tuple[int, ...]]:
    """The step after the current one, and the turns owed once it is entered."""
    owed = list(state.owed)
    here = state.step_index if 0 <= state.step_index < len(steps) else None
    frontier = max(state.reached, state.step_index)
    # Inside an owed turn: its follower (feedback on that turn) comes next.
    following = here + 1 if here is not None else None
    if following in owed and here < frontier and steps[following].speaker == steps[here].speaker:
        owed.remove(following)
        return following, tuple(owed)
    candidate, passed = frontier + 1, []
    while candidate < len(steps) and away(steps, candidate, present):
        passed.append(candidate)
        candidate += 1
    block = steps[here].block if here is not None else None
    leaving = candidate >= len(steps) or steps[candidate].block != block
    if leaving and present is not None:
        # Before the phase's turns end, a speaker passed over who is here now takes theirs.
        for index in sorted(owed):
            if steps[index].block == block and steps[index].speaker in present:
                return index, tuple(o for o in owed if o != index)
    return candidate, tuple(owed + passed)


def skip_speaker(
    state: RunState, steps: list[Step], now: float, present: frozenset[int] | None = None
) -> RunState:
    _require_live(state)
    if steps[state.step_index].speaker is None or _phase_timing_fixed(state, steps):
        raise ProtocolError("Only a speaker's turn can be skipped.")
    moved = advance(state, steps, now, present)
    return replace(moved, skipped=(*state.skipped, state.step_index))


def back(state: RunState, steps: list[Step], now: float) -> RunState:
    """Undo the last advance: return to that step with the time it had left."""
    if not state.back_stack:
        raise ProtocolError("There is nothing to go back to.")
    step_index, left, reached, owed = state.back_stack[-1]
    restored = replace(
        state,
        back_stack=state.back_stack[:-1],
        skipped=tuple(s for s in state.skipped if s != step_index),
        reached=reached,
        owed=owed,
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
