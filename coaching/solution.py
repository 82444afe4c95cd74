"""The solution chart, after Mager & Pipe: from a performance gap to the fix that fits.

Plain Python. Answers are booleans keyed by question; the first answer that decides, decides.
"""

from dataclasses import dataclass

QUESTIONS = [
    ("worth", "Is it worth solving? (What does the gap cost, and what would closing it bring?)"),
    ("knows", "Does the rep know what is expected, and that they are falling short?"),
    ("could", "Could they do it if their life depended on it?"),
    ("done_before", "Have they done it well before?"),
    ("obstacles", "Is something in the way: time, tools, territory, a process?"),
    (
        "upside_down",
        "Are the consequences upside down: is doing it well punished, or doing it badly rewarded?",
    ),
]
TRAINING, COACHING, FEEDBACK, OBSTACLE, CONSEQUENCES, LET_GO = (
    "training",
    "coaching",
    "feedback",
    "obstacle",
    "consequences",
    "let_go",
)
OPTIONS = {
    TRAINING: "Training: they have never done it; teach it (tell, show, do, review).",
    COACHING: "Coaching: they can do it; practise with feedback until it sticks.",
    FEEDBACK: "Feedback: make the expectation and the gap clear, with examples.",
    OBSTACLE: "Remove an obstacle: fix what is in the way before asking for more.",
    CONSEQUENCES: "Something else: fix the consequences, so doing it well pays.",
    LET_GO: "Let it go for now: not worth the effort.",
}


@dataclass(frozen=True)
class Recommendation:
    option: str
    why: str


def still_to_ask(answers: dict[str, bool]) -> str | None:
    """The next question on the chart's path for these answers, or None once one decides.

    The chart recommends nothing before its deciding questions are answered: does the gap
    matter, does the rep know, could they do it, is something in the way, are the consequences
    upside down. A question off the path (done before, when they could do it) is not asked."""
    for key in ("worth", "knows", "could"):
        if key not in answers:
            return key
        if answers[key] is False:
            if key == "could" and "done_before" not in answers:
                return "done_before"
            return None
    for key in ("obstacles", "upside_down"):
        if key not in answers:
            return key
        if answers[key] is True:
            return None
    return None


QUESTION_TEXT = dict(QUESTIONS)
SHORT = {  # each question in a few words, for a record of the answers
    "worth": "Worth solving",
    "knows": "Knows what is expected",
    "could": "Could do it",
    "done_before": "Done it before",
    "obstacles": "Something in the way",
    "upside_down": "Consequences upside down",
}


def recommend(answers: dict[str, bool]) -> Recommendation:
    """Walk the chart in order; answers missing from the dict are not asked yet."""
    if answers.get("worth") is False:
        return Recommendation(LET_GO, "The gap is not worth solving now.")
    if answers.get("knows") is False:
        return Recommendation(FEEDBACK, "The rep does not know what is expected.")
    if answers.get("could") is False:
        if answers.get("done_before") is True:
            return Recommendation(COACHING, "A skill they once had: practice and feedback.")
        return Recommendation(TRAINING, "A real skill gap: they have never done it.")
    if answers.get("obstacles") is True:
        return Recommendation(OBSTACLE, "They could do it; something is in the way.")
    if answers.get("upside_down") is True:
        return Recommendation(CONSEQUENCES, "Doing it well does not pay for them today.")
    return Recommendation(COACHING, "Skill, knowledge and conditions are there: coach it.")
