"""Is this feedback concrete (something seen or heard, a moment, a measurable directive) or
abstract (a trait, a feeling, a verdict)? With the reason, a concrete rewrite, and SBI parts.

Steps:
1. find evidence of concreteness: a quote, a timestamp or moment, a number, an observable
   behaviour ("you asked", "you paused") or a behaviour-level directive ("slow down", "pause
   after the price");
2. find abstract markers: verdicts ("great job"), traits and feelings ("more confident",
   "sounded nervous");
3. concrete when there is evidence, abstract otherwise (an abstract word beside a real
   observation is still concrete feedback);
4. SBI: which of situation, behaviour and impact are there.
"""

import re
from dataclasses import dataclass, field

CONCRETE = "concrete"
ABSTRACT = "abstract"
NEXT_STEP = "a behaviour to repeat or change"
ASK_YOURSELF = "What did you see or hear? Name the moment, what was said or done, and its effect."

QUOTE = re.compile(r"[\"“”‘’].{3,}?[\"“”‘’]|'[^']{6,}'")
TIMESTAMP = re.compile(r"\b\d{1,2}:\d{2}\b")
NUMBER = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twice|once|half)"
    r"\s*(?:\w+\s+)?"
    r"(%|percent|times|seconds?|secs?|minutes?|mins?|words?|wpm|questions?|slides?|"
    r"sentences?|points?|examples?|fillers?|pauses?|calls?|steps?|people|of)\b"
)
MOMENT = re.compile(
    r"\b(when\s+(you|they|she|he|the\s+\w+)\s+\w+|at\s+the\s+(start|end|beginning)|"
    r"in\s+the\s+(first|last|opening|closing)|right\s+after|just\s+before|"
    r"after\s+(you|they|the\s+\w+)|before\s+(you|they|the\s+\w+)|during\s+the\s+\w+|"
    r"on\s+the\s+\w+\s+slide|in\s+the\s+(demo|call|meeting|intro|recap|close|opening)|"
    r"at\s+the\s+(pricing|price|demo|objection))"
)
OBSERVED = re.compile(
    r"\b(you|they|the\s+(buyer|customer|cfo|champion|client|prospect))\s+"
    r"(said|asked|answered|paused|stopped|interrupted|repeated|mentioned|named|quoted|used|"
    r"summari[sz]ed|skipped|talked|spoke|explained|showed|shared|opened|closed|jumped|"
    r"waited|looked\s+(at|down|away)|smiled|nodded|laughed|listed|offered|dropped|raised|read|gave|"
    r"didn't\s+\w+|did\s+not\s+\w+|never\s+\w+|went\s+(quiet|silent)|leaned|checked|"
    r"let|handled|acknowledged|moved|came\s+back|brought|wrote|drew|called|started|ended)\b|"
    r"\byour\s+(voice|pace|volume|hands?|eyes)\s+(dropped|rose|went|sped|got|was|were)\b"
)
# "Naming the SOC2 report early..." describes a behaviour by its gerund.
GERUND_BEHAVIOUR = re.compile(
    r"^(naming|asking|pausing|quoting|using|summari[sz]ing|repeating|showing|opening\s+with|"
    r"mentioning|listing|starting\s+with|ending\s+with|waiting|stopping|answering|sharing|"
    r"bringing\s+up|drawing|writing)\b"
)
DIRECTIVE = re.compile(
    r"\b(slow\s+down|speak\s+(more\s+)?(slowly|slower)|at\s+a\s+slower|"
    r"pause\s+(for|after|before|when)|wait\s+(for|until|\w+\s+seconds?)|"
    r"ask\s+(one|two|an?\s+open|what|how|them|the)|start\s+with|open\s+with|end\s+with|"
    r"lead\s+with|replace\s+\S+\s+with|say\s+[\"“]|try\s+saying|stop\s+after|"
    r"name\s+(the|their|your)|repeat\s+(back|their)|summari[sz]e\s+(their|what|the)|"
    r"cut\s+(the|your)|drop\s+the|keep\s+(each|it|the)\s+\w+\s+(under|to|below)|"
    r"under\s+\d+\s+seconds|look\s+at\s+the\s+camera|use\s+their\s+name|"
    r"write\s+down|send\s+(a|the)\s+\w+\s+(within|by|before))\b"
)
# A directive a person could carry out tomorrow: an action verb first ("Send the recap...",
# "Speak louder...", "Turn your camera on..."), not "more" or "less" of a quality ("Show more
# passion", "Bring more gravitas") nor encouragement ("Keep it up").
ACTION_DIRECTIVE = re.compile(
    r"^(please\s+)?(speak|send|put|ask|say|keep|show|book|mute|read|give|turn|write|close|open|"
    r"call|leave|repeat|email|share|stop|pause|name|list|use|bring\s+up|end|start|follow\s+up|"
    r"confirm|schedule|invite|prepare|record|practi[cs]e|check|drop|cut|add|move|plan|quote|"
    r"note|look|point|draw|summari[sz]e|lead|let|hand|wait|sit|stand|smile|nod|slow)\b"
    r"(?!\s+(more|less|a\s+bit|some|it\s+up|up\b|going|the\s+energy|your\s+energy))"
)
ABSTRACT_MARKERS = re.compile(
    r"\b(great|good|nice|awesome|amazing|excellent|fantastic|brilliant|perfect|solid|"
    r"terrible|bad|poor|weak|well\s+done|good\s+job|great\s+job|nice\s+work|keep\s+it\s+up|"
    r"confident|confidence|nervous|energy|energetic|passion(ate)?|assertive|professional|"
    r"engaging|natural|authentic|charisma|presence|polished|awkward|unprepared|sloppy|"
    r"aggressive|pushy|salesy|stronger|better|clearer|more\s+clear|rapport|strategic|"
    r"comfortable|convincing|dynamic|impressive|impactful|powerful|tone|vibe|felt\s+off|"
    r"step\s+it\s+up|be\s+yourself|own\s+the\s+room|gravitas|executive|"
    r"you\s+(sound|seem|seemed|sounded|looked|look|felt|feel)\b)"
)
PERCEIVED = re.compile(r"\byou\s+(sound|seem|seemed|sounded|looked|look|felt|feel|came\s+across)\b")
EVENT = re.compile(
    r"\b(call|meeting|demo|review|walkthrough|walk-through|session|presentation|pitch|"
    r"workshop|role-?play|debrief|negotiation|kickoff|kick-off|qbr|interview)\b"
)
SITUATION = re.compile(
    r"\b(when|during|in\s+the|at\s+the|on\s+(monday|tuesday|wednesday|thursday|friday|the)|"
    r"at\s+\d|after|before|this\s+morning|yesterday|today|last\s+week)\b"
)
IMPACT = re.compile(
    r"\b(so\s+(they|the|she|he|we)|which\s+(made|meant|led|gave|let|helped|left|got|"
    r"kept|caused)|and\s+(they|the\s+\w+)\s+(then|opened|relaxed|stopped|asked|agreed|"
    r"leaned|went|started|smiled|laughed|pushed|moved)|because|as\s+a\s+result|"
    r"that\s+(made|meant|led|helped|let|gave|got|caused)|led\s+to|helped|"
    r"the\s+(buyer|customer|cfo|champion|client|prospect)\s+(then|opened|relaxed|"
    r"stopped|asked|agreed|leaned|went|started|smiled|laughed|pushed)|"
    r"i\s+(felt|noticed|understood|lost|got)|it\s+(made|gave|helped|landed)|"
    r"(lowered|raised|reduced|eased|built|broke|calmed)\s+the)\b"
)

REWRITES = [
    (
        re.compile(r"nervous|anxious|rushed|fast|hurr"),
        "Speak at a slower cadence, about 150 words a minute, and pause for two seconds after "
        "each key point.",
    ),
    (
        re.compile(r"confiden|assertive|weak|stronger|convincing"),
        "State the price in one sentence, then pause for three seconds before you say anything "
        "else.",
    ),
    (
        re.compile(r"energy|energetic|passion|dynamic|boring|flat"),
        "Vary your pace: slow down on the one number that matters, and open with the "
        "customer's problem in their own words.",
    ),
    (
        re.compile(r"clear|confus|ramble|concise|long"),
        "Give the answer in one sentence first, then one example, and stop there (under 30 "
        "seconds).",
    ),
    (
        re.compile(r"rapport|connect|cold|warm"),
        "Ask one question about their week before the agenda, and use their name once.",
    ),
    (
        re.compile(r"aggressive|pushy|salesy"),
        "After each proposal, ask one open question (“How does that land for you?”) and wait "
        "for the answer.",
    ),
    (
        re.compile(r"professional|polished|prepared|sloppy"),
        "Write down the three points you want them to remember and check them off during the call.",
    ),
    (
        re.compile(r"great|good|nice|awesome|amazing|excellent|well done|brilliant|perfect"),
        "Say which moment worked and why: “When they raised the price, you asked what a delay "
        "would cost them, and they opened up.”",
    ),
]


@dataclass(frozen=True)
class FeedbackVerdict:
    kind: str
    reason: str
    rewrite: str = ""
    ask_yourself: str = ""
    sbi: dict[str, bool] = field(default_factory=dict)
    evidence: str = ""  # what made it concrete, e.g. NEXT_STEP

    @property
    def next_step(self) -> bool:
        """Concrete as something to do next time, naming no part of a past moment."""
        return self.evidence == NEXT_STEP and not any(self.sbi.values())

    @property
    def needs_nudge(self) -> bool:
        return self.kind == ABSTRACT

    @property
    def sbi_missing(self) -> list[str]:
        return [part for part, present in self.sbi.items() if not present]


def classify_feedback(text: str) -> FeedbackVerdict:
    cleaned = re.sub(r"\s+", " ", text).strip().replace("’", "'")
    lowered = cleaned.lower()
    evidence = _evidence(cleaned, lowered)
    sbi = {
        "situation": bool(
            SITUATION.search(lowered) or TIMESTAMP.search(lowered) or MOMENT.search(lowered)
        ),
        "behaviour": bool(
            OBSERVED.search(lowered) or GERUND_BEHAVIOUR.search(lowered) or QUOTE.search(cleaned)
        ),
        "impact": bool(IMPACT.search(lowered)),
    }
    abstract = ABSTRACT_MARKERS.search(lowered)
    # "You seemed nervous at the start": a moment, and only a trait in it.
    judged_moment = evidence == "a moment" and PERCEIVED.search(lowered) and not sbi["behaviour"]
    if evidence and not judged_moment:
        return FeedbackVerdict(CONCRETE, f"It names {evidence}.", sbi=sbi, evidence=evidence)
    # "Thanks for the walkthrough on Tuesday, it helped Tom close": a moment and what it
    # changed, with no verdict in it.
    if (
        sbi["situation"]
        and sbi["impact"]
        and EVENT.search(lowered)
        and not abstract
        and not judged_moment
    ):
        return FeedbackVerdict(CONCRETE, "It names a moment and what it changed.", sbi=sbi)
    reason = (
        f"“{abstract.group(0)}” is a verdict or a trait: the person cannot tell what to repeat "
        "or change."
        if abstract
        else "It names no moment, words or behaviour the person could repeat or change."
    )
    return FeedbackVerdict(
        ABSTRACT, reason, rewrite=_rewrite(lowered), ask_yourself=ASK_YOURSELF, sbi=sbi
    )


def _evidence(cleaned: str, lowered: str) -> str:
    if QUOTE.search(cleaned):
        return "the words that were said"
    if TIMESTAMP.search(lowered) or MOMENT.search(lowered):
        return "a moment"
    if OBSERVED.search(lowered) or GERUND_BEHAVIOUR.search(lowered):
        return "something that was seen or heard"
    if NUMBER.search(lowered):
        return "something measurable"
    if DIRECTIVE.search(lowered) or ACTION_DIRECTIVE.search(lowered):
        return NEXT_STEP
    return ""


def _rewrite(lowered: str) -> str:
    for pattern, rewrite in REWRITES:
        if pattern.search(lowered):
            return rewrite
    return (
        "Point to the moment (“when they asked about price…”), what was said or done, and "
        "what it caused."
    )


def abstract_or_none(text: str) -> "FeedbackVerdict | None":
    """The verdict when this feedback would be better concrete (nudge it), else None."""
    if not text or not text.strip():
        return None
    verdict = classify_feedback(text)
    return verdict if verdict.needs_nudge else None
