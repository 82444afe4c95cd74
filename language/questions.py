"""What kind of question is this? Open, closed, advice in disguise, or not a question at all.

Plain rules over the words, tuned on the labelled set in language/data/questions.tsv:
- advice in disguise first ("Have you tried...?", "Why don't you...?", "What if you...?"),
  because it often opens like an open or a closed question;
- then closed forms: tag questions ("..., right?"), either/or, "How many..." (a narrow fact),
  an auxiliary first ("Did you...", "Is it..."), or a statement with a question mark;
- then open forms: what/how/why..., "Tell me", "Describe", "Can you walk us through...";
- anything else is a statement, not a question.
An "I'm curious..." preface is noted and the rest is judged on its own.
"""

import re
from dataclasses import dataclass

OPEN = "open"
CLOSED = "closed"
ADVICE = "advice"
NOT_QUESTION = "not_question"
KINDS = (OPEN, CLOSED, ADVICE, NOT_QUESTION)

WH_WORDS = ("what", "how", "why", "when", "where", "who", "whom", "whose", "which")
OPEN_PROMPTS = (
    "tell me",
    "tell us",
    "describe",
    "walk us through",
    "walk me through",
    "talk us through",
    "talk me through",
    "take us through",
    "take me through",
    "explain",
    "help me understand",
    "help us understand",
    "say more",
    "share more",
    "share with us",
    "share with me",
    "in what way",
    "to what extent",
)
AUXILIARIES = (
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "have",
    "has",
    "had",
    "can",
    "could",
    "will",
    "would",
    "shall",
    "should",
    "may",
    "might",
    "must",
    "am",
    "don't",
    "doesn't",
    "didn't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "haven't",
    "hasn't",
    "hadn't",
    "can't",
    "couldn't",
    "won't",
    "wouldn't",
    "shouldn't",
)
# "Can you walk us through...?" asks for a story, not a yes or a no.
OPEN_REQUEST = re.compile(
    r"^(can|could|would|will)\s+(you|we)\s+(please\s+)?(walk|talk|take|tell|describe|explain|"
    r"share|say\s+more|elaborate|expand|paint|give\s+(us|me)\s+(an?\s+)?(example|sense|picture|"
    r"overview)|help\s+(me|us)\s+understand|unpack)\b"
)
ADVICE_PATTERNS = [
    r"^(have|has)\s+(you|she|he|they|anyone)\s+(tried|considered|thought\s+(about|of)|looked\s+"
    r"(at|into)|explored|offered|asked|talked|spoken|called|sent|reached|involved|brought|"
    r"suggested|gone|used|checked)\b",
    r"^did\s+you\s+(try|consider|think\s+(about|of)|ever\s+try|look\s+into|offer)\b",
    r"^why\s+(don't|didn't|not|wouldn't|won't|doesn't)\b",
    r"^why\s+do\s+you\s+not\b",
    r"^what\s+if\s+(you|we|they|she|he)\b",
    r"^what\s+about\s+\w+ing\b",
    r"^how\s+about\b",
    r"^what\s+do\s+you\s+think\s+(about|of)\s+(\w+ing|the\s+idea|a\s+|an\s+|just\b)",
    r"^(wouldn't|won't|couldn't|shouldn't|can't|isn't|don't)\s+(it|you|we|that|they|a|an|the|"
    r"some|more|this|these|those)\b",
    # A suggestion asked as a yes/no question: "Would it help to...", "Could you offer...".
    r"^(would|could|might)\s+it\s+(help|work|be\s+worth)\b",
    r"^(could|can|couldn't|can't)\s+you\s+(not\s+)?(just\s+)?(offer|ask|send|loop|bring|call|"
    r"propose|give|bundle|lower|try|reach|involve|invite|escalate|split|schedule|set\s+up|"
    r"suggest|drop|add|push|go\s+(to|around|over))\b",
    r"^do\s+you\s+think\s+.*\b(would|could|might)\s+(help|work|solve|fix|change|unblock)\b",
    r"^(would|could)\s+it\s+(make\s+sense|be\s+(better|worth|easier|an\s+option|smarter|good))",
    r"^(would|could|should)\s+you\s+(not\s+)?(consider|try|just|maybe|perhaps|think\s+about)\b",
    r"^is\s+it\s+(worth|time)\b",
    r"^(should|shouldn't)\s+(you|we|they)\b",
    r"^is\s+there\s+a\s+reason\s+you\s+(didn't|haven't|don't)\b",
    r"^(do|did)\s+you\s+want\s+to\s+(try|consider)\b",
    r"^(wouldn't|would)\s+(it|they|you)\s+be\s+(better|easier)\b",
    r"^(maybe|perhaps)\s+you\s+(could|should|can)\b",
]
ADVICE_RE = [re.compile(p) for p in ADVICE_PATTERNS]
# A polite invitation to tell, not advice: "I'd love to hear how...".
OPEN_INVITATION = re.compile(
    r"^(i'd|i\s+would)\s+(love|like)\s+to\s+(hear|know|understand|learn)\b"
)
ADVICE_STATEMENT = re.compile(
    r"^(you\s+(should|could|need\s+to|have\s+to|must|might\s+want\s+to|ought\s+to)|"
    r"i\s+would|i'd|i\s+think\s+you\s+should|try\b|just\b|make\s+sure|don't\s+forget|"
    r"let's|maybe\s+you)"
)
TAG_QUESTION = re.compile(
    r",\s*(right|correct|yes|no|ok|okay|true|yeah|agreed|"
    r"(is|isn't|are|aren't|was|wasn't|were|weren't|do|don't|does|doesn't|did|didn't|have|"
    r"haven't|has|hasn't|can|can't|could|couldn't|will|won't|would|wouldn't|should|shouldn't)"
    r"(\s+n't)?\s+(it|he|she|they|you|we|i|there|that))\s*\?$"
)
NARROW_FACT = re.compile(
    r"^(how\s+(many|much|long|often|soon|big|old|far|large)|what\s+(percentage|percent|"
    r"time|date|day|number|size)\b|when\s+(exactly|precisely)|on\s+what\s+date)"
)
EITHER_OR = re.compile(r"\b\w+,?\s+or\s+(\w+\s*){1,5}\?$")
CURIOUS = re.compile(
    r"^(i'?m|i\s+am|i'm\s+just|i\s+was|i'm\s+really)\s+(really\s+|just\s+)?"
    r"(curious|wondering)\b[,:]?\s*(about\s+|to\s+(know|hear|understand|learn)\s+)?"
)
I_WONDER = re.compile(r"^i\s+wonder\s+")
LEAD_INS = re.compile(
    r"^((so|and|but|ok|okay|right|now|also|well|just\s+to\s+(clarify|understand|check)|"
    r"quick\s+question|one\s+question|out\s+of\s+interest|follow(ing)?[-\s]up|"
    r"to\s+clarify|question)\b[,:]?\s*)+"
)
ADDRESSEE = re.compile(r"^[A-Z][a-z]+,\s+")


@dataclass(frozen=True)
class QuestionVerdict:
    kind: str
    reason: str
    rewrite: str = ""
    curious_preface: bool = False

    @property
    def needs_nudge(self) -> bool:
        return self.kind in (CLOSED, ADVICE)


CONTRACTED_WH = re.compile(r"^(what|how|where|who|why|when|which)'s\b")
# A statement, then the question: "The champion went quiet. What changed?"
LAST_QUESTION = re.compile(r"(?:^|[.!]\s+)([^.!?]+\?)\s*$")


def _normalise(text: str) -> tuple[str, bool]:
    """Lower-case text without lead-ins, "please" or a statement before the question, with
    "what's" read as "what is"; and whether it ends with a question mark."""
    text = re.sub(r"\s+", " ", text).strip().replace("’", "'").replace("‘", "'")
    text = ADDRESSEE.sub("", text)
    asked = text.rstrip().endswith("?")
    if asked and (question := LAST_QUESTION.search(text)) and question.start(1) > 0:
        text = question[1]
    lowered = text.lower().strip(" .!…")
    lowered = LEAD_INS.sub("", lowered)
    lowered = re.sub(r"^please,?\s+", "", lowered)
    lowered = CONTRACTED_WH.sub(lambda m: m[1] + " is", lowered)
    return lowered, asked


def classify_question(text: str) -> QuestionVerdict:
    """The kind of one question, why, and an open rewrite when it is closed or advice."""
    lowered, asked = _normalise(text)
    if not lowered.strip("?"):
        return QuestionVerdict(NOT_QUESTION, "There is nothing to ask yet.")
    curious = False
    match = CURIOUS.match(lowered)
    if match:
        curious = True
        rest = lowered[match.end() :].lstrip(", ")
        if rest.startswith(("if ", "whether ")):
            return QuestionVerdict(
                CLOSED,
                "“I'm curious whether…” still asks for a yes or a no.",
                OPEN_REWRITE_GENERIC,
                curious_preface=True,
            )
        if not rest.startswith(WH_WORDS) and not _starts_with_aux(rest) and not rest.endswith("?"):
            # "I'm curious about their budget process." invites the story: an open prompt.
            return QuestionVerdict(
                OPEN,
                "An “I'm curious about…” prompt invites the whole story.",
                curious_preface=True,
            )
        lowered = rest
    wonder = I_WONDER.match(lowered)
    if wonder:
        rest = lowered[wonder.end() :]
        if rest.startswith(("if ", "whether ")):
            return QuestionVerdict(
                CLOSED, "“I wonder if…” asks for a yes or a no.", OPEN_REWRITE_GENERIC, curious
            )
        lowered = rest
    verdict = _classify(lowered, asked)
    return QuestionVerdict(
        verdict.kind, verdict.reason, _restore_case(verdict.rewrite, text), curious
    )


def _restore_case(rewrite: str, original: str) -> str:
    """Names keep their capitals in the rewrite (CFO, Northwind), not the first word's."""
    proper = {}
    for index, token in enumerate(re.findall(r"[\w'’]+", original)):
        if index > 0 and token != token.lower():
            proper[token.lower()] = token
    return re.sub(r"[\w']+", lambda m: proper.get(m.group(0), m.group(0)), rewrite)


def _starts_with_aux(text: str) -> bool:
    return re.split(r"[\s,]", text, maxsplit=1)[0] in AUXILIARIES


def _classify(lowered: str, asked: bool) -> QuestionVerdict:
    first = re.split(r"[\s,]", lowered, maxsplit=1)[0]
    for pattern in ADVICE_RE:
        if pattern.search(lowered):
            return QuestionVerdict(
                ADVICE,
                "Advice in disguise: it suggests a solution instead of asking to understand. "
                "Keep it for the consultation phase.",
                _advice_rewrite(lowered),
            )
    if OPEN_INVITATION.match(lowered):
        return QuestionVerdict(OPEN, "An invitation to tell the story invites a full answer.")
    if ADVICE_STATEMENT.match(lowered):
        return QuestionVerdict(
            NOT_QUESTION,
            "That is advice, not a question: keep it for the consultation phase.",
            "What have you tried so far, and what happened?",
        )
    if asked and TAG_QUESTION.search(lowered):
        statement = TAG_QUESTION.sub("", lowered).strip(" ,")
        return QuestionVerdict(
            CLOSED,
            "A tag question (“…, right?”) asks the person to agree, not to tell.",
            f"What tells you that {statement}?",
        )
    if NARROW_FACT.match(lowered):
        return QuestionVerdict(
            CLOSED,
            "It asks for a narrow fact (a number or a date): fine to check, but it will not "
            "open the conversation.",
            "What is behind that number, and what does it mean for the deal?",
        )
    if OPEN_REQUEST.match(lowered):
        return QuestionVerdict(OPEN, "A request to tell the story invites a full answer.")
    if first in AUXILIARIES:
        if EITHER_OR.search(lowered) and not lowered.rstrip("?").endswith(("or not", "or what")):
            return QuestionVerdict(
                CLOSED,
                "An either/or question offers two answers and hides the others.",
                "What do you think is really behind it?",
            )
        return QuestionVerdict(
            CLOSED,
            f"It opens with “{first}”, so it can be answered with a yes or a no.",
            _closed_rewrite(lowered),
        )
    if first in WH_WORDS or lowered.startswith(OPEN_PROMPTS):
        if (EITHER_OR.search(lowered) and "," in lowered) or (
            first == "which" and not _open_which(lowered)
        ):
            return QuestionVerdict(
                CLOSED,
                "It offers a choice between a few answers.",
                "What do you think is really behind it?",
            )
        return QuestionVerdict(OPEN, "It opens with an open word, so it invites a full answer.")
    if asked:
        return QuestionVerdict(
            CLOSED,
            "A statement with a question mark asks for a confirmation.",
            f"What tells you that {lowered.rstrip('?').strip()}?",
        )
    return QuestionVerdict(NOT_QUESTION, NOT_A_QUESTION)


OPEN_REWRITE_GENERIC = "What can you tell us about how that came about?"
SINGULAR_ENDINGS = ("ss", "us", "is")


def _open_which(lowered: str) -> bool:
    """ "Which" asks for an open answer when it asks for several things ("Which risks
    worry them?") or for one and its reasons ("Which of their goals matters most, and why?");
    for one thing of a kind ("Which vendor did they choose?") it asks for a narrow fact."""
    if EITHER_OR.search(lowered):
        return False
    words = lowered.rstrip("?").replace(",", " ").split()
    if len(words) < 2:
        return False
    if words[1] == "of" and re.search(r"\band\s+(why|how)\b", lowered):
        return True
    noun = words[1]
    return noun.endswith("s") and not noun.endswith(SINGULAR_ENDINGS) and len(noun) > 3


# What follows the advice's opening is its topic: "Have you tried | calling the CFO?".
ADVICE_TOPIC = re.compile(
    r"^(?:have|has)\s+(?:you|she|he|they|anyone)\s+(?:tried|considered|thought\s+(?:about|of)|"
    r"looked\s+(?:at|into)|explored)\s+(?P<gerund>\w+ing\b.*)$"
    r"|^did\s+you\s+(?:try|consider|think\s+(?:about|of)|ever\s+try)\s+(?P<gerund2>\w+ing\b.*)$"
    r"|^why\s+(?:don't|didn't|not|wouldn't|won't)\s+(?:you\s+|we\s+)?(?:just\s+)?(?P<verb>\w+)\s+(?P<rest>.*)$"
    r"|^(?:could|can|couldn't|can't|should|shouldn't)\s+you\s+(?:not\s+)?(?:just\s+)?"
    r"(?P<verb2>\w+)\s+(?P<rest2>.*)$"
    r"|^what\s+if\s+(?:you|we)\s+(?:just\s+)?(?P<past>\w+)\s+(?P<rest3>.*)$"
    r"|^(?:would|could)\s+it\s+help\s+to\s+(?P<verb4>\w+)\s+(?P<rest4>.*)$"
)


def _advice_rewrite(lowered: str) -> str:
    """An open question on the advice's own topic, asking what stands in the way instead of
    prescribing: "Have you tried calling the CFO?" -> "What has stood in the way of calling
    the CFO so far?"."""
    found = ADVICE_TOPIC.match(lowered.rstrip("?").strip())
    if found:
        parts = found.groupdict()
        if parts["gerund"] or parts["gerund2"]:
            topic = parts["gerund"] or parts["gerund2"]
        else:
            verb = parts["verb"] or parts["verb2"] or parts["verb4"] or _present(parts["past"])
            rest = parts["rest"] or parts["rest2"] or parts["rest3"] or parts["rest4"] or ""
            topic = f"{_gerund(verb)} {rest}".strip()
        topic = re.sub(r"\b(them|they)\b", "them", topic).strip(" ,")
        if topic and len(topic.split()) <= 12:
            return f"What has stood in the way of {topic} so far?"
    if lowered.startswith(("why don't", "why not", "why didn't", "why do you not")):
        return "What options have you considered, and what held you back?"
    if lowered.startswith(("what if", "how about", "what about", "what do you think")):
        return "What options do you see from here?"
    return "What have you tried so far, and what happened?"


def _gerund(verb: str) -> str:
    if verb.endswith("ing") and re.search(r"[aeiouy]", verb[:-3]):  # calling, not bring
        return verb
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    if (
        len(verb) == 3
        and verb[0] not in "aeiou"
        and verb[1] in "aeiou"
        and verb[2] not in "aeiouwxy"
    ):
        return verb + verb[-1] + "ing"  # get -> getting, cut -> cutting
    if verb in ("split", "drop", "stop", "plan", "admit", "commit", "submit"):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def _present(past: str | None) -> str:
    """ "offered" -> "offer", "sent" -> "send": the verb a "what if you..." put in the past."""
    if not past:
        return ""
    for present, simple in IRREGULAR_PAST.items():
        if simple == past and not present.endswith(("en", "wn")):
            return present
    if past.endswith("ied"):
        return past[:-3] + "y"
    if past.endswith("ed"):
        stem = past[:-2]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
            return stem[:-1]  # dropped -> drop
        return stem + "e" if stem.endswith(("at", "iz", "us", "uc", "ag", "rv", "ok")) else stem
    return past


IRREGULAR_PAST = {
    "speak": "spoke",
    "meet": "met",
    "send": "sent",
    "tell": "told",
    "get": "got",
    "go": "went",
    "make": "made",
    "give": "gave",
    "take": "took",
    "see": "saw",
    "have": "had",
    "do": "did",
    "bring": "brought",
    "buy": "bought",
    "think": "thought",
    "find": "found",
    "write": "wrote",
    "pay": "paid",
    "say": "said",
    "run": "ran",
    "come": "came",
    "know": "knew",
    "leave": "left",
    "put": "put",
    "set": "set",
    "lose": "lost",
    "win": "won",
    "build": "built",
    "hear": "heard",
    "sell": "sold",
    "keep": "kept",
    "feel": "felt",
    "hold": "held",
    "begin": "began",
    "choose": "chose",
    "show": "showed",
    "spoken": "spoke",
    "sent": "sent",
    "told": "told",
    "gotten": "got",
    "gone": "went",
    "given": "gave",
    "taken": "took",
    "seen": "saw",
    "written": "wrote",
    "shown": "showed",
    "done": "did",
    "known": "knew",
    "been": "were",
}


def _past(verb: str) -> str:
    if verb in IRREGULAR_PAST.values():
        return verb
    if verb in IRREGULAR_PAST:
        return IRREGULAR_PAST[verb]
    if verb.endswith("ed"):
        return verb
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


PREPOSITIONS = frozenset(
    ["on", "in", "at", "for", "with", "to", "of", "from", "by", "about", "into", "under", "over"]
)


def _closed_rewrite(lowered: str) -> str:
    """An open version of a yes/no question, from its own words where the form allows."""
    words = lowered.rstrip("?").split()
    if len(words) >= 3 and words[0] in ("did", "have", "has") and words[1] == "you":
        verb, rest = words[2], " ".join(words[3:])
        return f"What happened when you {_past(verb)}{' ' + rest if rest else ''}?"
    if len(words) >= 3 and words[0] in ("do", "does", "did") and words[1] in ("they", "he", "she"):
        return f"How {words[0]} {words[1]} see it, and what tells you so?"
    if len(words) >= 3 and words[0] in ("is", "are", "was", "were"):
        subject = []
        for word in words[1:-1]:
            if word in PREPOSITIONS:
                break
            subject.append(word)
        if subject and subject[0] not in ("it", "there", "that", "this", "you", "they", "we"):
            return f"Where do things stand with {' '.join(subject)}, and how do you know?"
    return "What happened, and how did they respond?"


def is_question(text: str) -> bool:
    """Anything that asks: open, closed or advice in disguise (not a plain statement)."""
    return classify_question(text).kind != NOT_QUESTION


NOT_A_QUESTION = (
    "That reads as a statement, not a question. In this phase we only ask, to understand: "
    "try starting with “What…”, “How…” or “Tell me about…”."
)
