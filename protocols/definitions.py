"""What a protocol is: phases with timeboxes, roles, accepted contributions and rules."""

from dataclasses import dataclass, field, replace
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
    # A per-speaker phase may be followed, after each turn, by another phase about that turn
    # (role-play: each seller's turn, then a feedback round on it).
    then: str | None = None
    prompts: tuple[str, ...] = ()  # a question bank for the phase
    # The data a 1:1 phase puts in front of coach and rep where its questions are asked
    # (RESULTS, EVIDENCE, COMMITMENTS, SOLUTION below).
    brings: tuple[str, ...] = ()


# What a coaching phase brings: the rep's KPIs against targets (ROAM); recent clips and
# observations; their open commitments; the solution chart with its deciding questions.
RESULTS, EVIDENCE, COMMITMENTS, SOLUTION = "results", "evidence", "commitments", "solution"


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
            # One timebox shared by everyone present (the method asks for 10-15 minutes in
            # all), not a turn each.
            minutes=12,
            accepts=("lesson",),
            contributors=("consultant", "client", "facilitator", "observer"),
            guidance="Everyone says what they learned for their own deals, in one shared round.",
        ),
    ),
)

ROLEPLAY = Protocol(
    key="roleplay",
    title="Role-play",
    roles=("facilitator", "seller", "buyer", "observer"),
    rules=(
        "The leader plays first.",
        "Feedback names what was seen or heard, and one thing to try.",
        "We practise here so the customer never has to be the practice.",
    ),
    phases=(
        Phase(
            key="scenario",
            title="The scenario",
            minutes=2,
            guidance="Read the scenario card together: the situation, who the buyer is, and "
            "the objection the buyer will raise.",
        ),
        Phase(
            key="turn",
            title="Turn",
            minutes=3,
            timing=Timing.PER_SPEAKER,
            speakers="seller",
            then="feedback",
            guidance="The seller plays the scene with the buyer; everyone else watches for "
            "concrete moments.",
        ),
        Phase(
            key="feedback",
            title="Feedback round",
            minutes=2,
            accepts=("feedback",),
            contributors=("seller", "buyer", "observer", "facilitator"),
            guidance="What did you see or hear? One thing that worked, one thing to try.",
        ),
        Phase(
            key="lessons",
            title="What we take away",
            minutes=3,
            accepts=("lesson",),
            contributors=("seller", "buyer", "observer", "facilitator"),
            guidance="Each says what they will do on their next real call.",
        ),
    ),
)

DEAL_CLINIC = Protocol(
    key="deal_clinic",
    title="Deal clinic",
    roles=("facilitator", "client", "consultant", "observer"),
    rules=(
        "One live deal, about 25 minutes.",
        "Questions first, then risks and next steps; the owner decides.",
    ),
    phases=(
        Phase(
            key="deal",
            title="The deal in one minute",
            minutes=1,
            speakers="client",
            guidance="The owner: the account, the stage, the amount, the date, what is stuck.",
        ),
        Phase(
            key="questions",
            title="Clarifying questions",
            minutes=6,
            accepts=("question",),
            contributors=("consultant", "facilitator"),
            guidance="Peers ask open questions to understand the deal. No advice yet.",
        ),
        Phase(
            key="risks",
            title="Risks and next steps",
            minutes=10,
            accepts=("advice",),
            contributors=("consultant", "facilitator"),
            guidance="Peers name the risks they see and the next steps they would take.",
        ),
        Phase(
            key="commitments",
            title="The owner's commitments",
            minutes=6,
            speakers="client",
            accepts=("action",),
            contributors=("client",),
            guidance="The owner commits: what, by when, how success is seen.",
        ),
    ),
)

COACHING_RULES = (
    "What is said here stays between the two of us.",
    "The rep talks more than the coach: ask, then listen.",
    "We end with action items: what, by when, how success is seen.",
)
COACH_AND_REP = ("facilitator", "client")


def _coaching(
    key: str, title: str, phases: tuple[tuple, ...], brings: dict[str, tuple[str, ...]]
) -> Protocol:
    """A 1:1 protocol: the coach (facilitator) and the rep (client) both write notes in every
    phase; the last phase takes the action items. `brings`: the data each phase shows."""
    built = []
    for index, (phase_key, phase_title, minutes, guidance, prompts) in enumerate(phases):
        last = index == len(phases) - 1
        built.append(
            Phase(
                key=phase_key,
                title=phase_title,
                minutes=minutes,
                accepts=("action", "note") if last else ("note",),
                contributors=COACH_AND_REP,
                guidance=guidance,
                prompts=prompts,
                brings=brings.get(phase_key, ()),
            )
        )
    return Protocol(
        key=key, title=title, roles=COACH_AND_REP, phases=tuple(built), rules=COACHING_RULES
    )


GROW = _coaching(
    "grow",
    "GROW",
    (
        (
            "goal",
            "Goal",
            8,
            "What does the rep want from this conversation, and beyond it?",
            (
                "What would you like to achieve by the end of this conversation?",
                "What would success look like this quarter?",
                "How will you know you got there?",
            ),
        ),
        (
            "reality",
            "Reality",
            12,
            "Where things stand today: facts, not judgements.",
            (
                "What is happening now, and how often?",
                "What have you tried so far, and what happened?",
                "What is in your control here?",
            ),
        ),
        (
            "options",
            "Options",
            12,
            "Every way forward, before choosing one.",
            (
                "What could you do?",
                "What would you do if you could not fail?",
                "What has worked for a colleague in the same situation?",
            ),
        ),
        (
            "way_forward",
            "Way forward",
            8,
            "What, when, by whom, and the will to do it.",
            (
                "What will you do, and by when?",
                "What could get in the way, and how will you handle it?",
                "On a scale of 1 to 10, how committed are you?",
            ),
        ),
    ),
    brings={
        "reality": (RESULTS, EVIDENCE, COMMITMENTS),
        "options": (SOLUTION,),
    },
)
SLED = _coaching(
    "sled",
    "SLED",
    (
        (
            "set_stage",
            "Set the stage",
            5,
            "Why we are here, and what we will look at.",
            ("What would make this time useful for you?",),
        ),
        (
            "lead_analysis",
            "Lead the performance analysis",
            15,
            "Results against objectives (ROAM), then activities (how much) and methodology "
            "(how well).",
            (
                "Where are you against your objectives?",
                "How much: which activities, how often?",
                "How well: what happens in those calls?",
            ),
        ),
        (
            "explore",
            "Explore solution options and select the best",
            12,
            "Several options, then the one with the best effect for the effort.",
            (
                "What options do you see?",
                "Which one would move the result most?",
            ),
        ),
        (
            "develop",
            "Develop and implement an action plan",
            8,
            "Concrete steps with owners and dates.",
            (
                "What exactly will you do first, and when?",
                "How will we both know it worked?",
            ),
        ),
    ),
    brings={
        "lead_analysis": (RESULTS, EVIDENCE, COMMITMENTS),
        "explore": (SOLUTION,),
    },
)
FIELD_TRAINING = _coaching(
    "field_training",
    "Field training",
    (
        ("tell", "Tell", 5, "Explain the skill and why it matters.", ()),
        ("show", "Show", 10, "The coach demonstrates it (live or with a clip).", ()),
        ("do", "Do", 15, "The rep does it while the coach observes.", ()),
        (
            "review",
            "Review",
            10,
            "What worked, what to try next time.",
            (
                "What did you notice when you did it?",
                "What will you do differently on the next call?",
            ),
        ),
    ),
    brings={"tell": (EVIDENCE,)},
)
FIELD_COACHING = _coaching(
    "field_coaching",
    "Field coaching",
    (
        ("diagnose", "Diagnose", 8, "Which skill, in which situation, and what is seen.", ()),
        (
            "plan",
            "Plan",
            8,
            "How the rep will handle the next call.",
            (
                "What is your objective for this call?",
                "What will you ask first?",
            ),
        ),
        ("do", "Do", 20, "The call: the rep leads, the coach observes.", ()),
        (
            "review",
            "Review",
            10,
            "Debrief against the plan.",
            (
                "What went as planned?",
                "What would you change?",
            ),
        ),
    ),
    brings={"diagnose": (EVIDENCE, COMMITMENTS)},
)

PROTOCOLS = {
    p.key: p for p in (CODEV, ROLEPLAY, DEAL_CLINIC, GROW, SLED, FIELD_TRAINING, FIELD_COACHING)
}
COACHING_PROTOCOLS = (GROW, SLED, FIELD_TRAINING, FIELD_COACHING)
