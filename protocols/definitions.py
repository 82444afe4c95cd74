"""What a protocol is: phases with timeboxes, roles, accepted contributions and rules."""

from dataclasses import dataclass, field
from enum import StrEnum


class Timing(StrEnum):
    FIXED = "fixed"  # one clock for the phase
    PER_SPEAKER = "per_speaker"  # one turn each, in the order of the phase's speaking role


@dataclass(frozen=True)
class Phase:
    key: str
    title: str
    minutes: float
    timing: Timing = Timing.FIXED
    speakers: str | None = None  # role whose members take turns (PER_SPEAKER) or who speaks
    accepts: tuple[str, ...] = ()  # contribution kinds this phase takes
    contributors: tuple[str, ...] = ()  # roles allowed to contribute those kinds
    guidance: str = ""
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Protocol:
    key: str
    title: str
    roles: tuple[str, ...]
    phases: tuple[Phase, ...]
    rules: tuple[str, ...] = field(default=())

    def phase(self, key: str) -> Phase:
        for phase in self.phases:
            if phase.key == key:
                return phase
        raise KeyError(key)

    def with_minutes(self, minutes: dict[str, float]) -> "Protocol":
        """The same protocol with some phases' durations changed (a team's own settings)."""
        from dataclasses import replace

        phases = tuple(
            replace(p, minutes=float(minutes[p.key])) if p.key in minutes else p
            for p in self.phases
        )
        return replace(self, phases=phases)


CODEV = Protocol(
    key="codev",
    title="Co-development session",
    roles=("facilitator", "client", "consultant", "observer"),
    rules=(
        "What is said here stays here.",
        "Kindness: we work on the situation, not on the person.",
        "Commitment: the client reports back at the next session.",
    ),
    phases=(
        Phase(
            key="presentation",
            title="Presentation",
            minutes=5,
            speakers="client",
            guidance="The client presents the situation: the account, the people, what was said, "
            "what was tried, what is blocked. Consultants listen.",
        ),
        Phase(
            key="questions",
            title="Open questions",
            minutes=4,
            timing=Timing.PER_SPEAKER,
            speakers="consultant",
            accepts=("question",),
            contributors=("consultant",),
            guidance="Each consultant in turn asks open questions to understand. No advice, "
            "no solutions yet.",
            rules=("Questions only: start with what, how, why, tell me, describe.",),
        ),
        Phase(
            key="request",
            title="The request",
            minutes=5,
            speakers="client",
            accepts=("request",),
            contributors=("client",),
            guidance="The client says what they ask of the consultants: the moral contract.",
        ),
        Phase(
            key="consultation",
            title="Consultation",
            minutes=4,
            timing=Timing.PER_SPEAKER,
            speakers="consultant",
            accepts=("advice",),
            contributors=("consultant",),
            guidance="Each consultant in turn: advice, parallels from their own deals, intuitions. "
            "The client listens and notes.",
        ),
        Phase(
            key="action_plan",
            title="Reflection and action plan",
            minutes=10,
            speakers="client",
            accepts=("action",),
            contributors=("client",),
            guidance="The client reflects and commits: what, who, by when, how success is seen.",
        ),
        Phase(
            key="lessons",
            title="Lessons learned",
            minutes=12,
            timing=Timing.PER_SPEAKER,
            speakers="consultant",
            accepts=("lesson",),
            contributors=("consultant", "client", "facilitator", "observer"),
            guidance="Each consultant says what they learned for their own deals.",
        ),
    ),
)

PROTOCOLS = {CODEV.key: CODEV}
