"""Speaking metrics from word timings, each with a directive a rep can act on.

Input: words as the transcriber gives them, [{"start": s, "end": s, "text": "word"}, ...].
Steps:
1. split the words into stretches of speech wherever the gap between two words is a pause;
2. pace = words / speaking time (the stretches' total length, pauses excluded);
3. pauses, longest stretch, filler words, questions (by kind), vocabulary terms used;
4. a directive per metric against its reference band, and moments for the timeline.
"""

import re
from dataclasses import dataclass, field
from itertools import pairwise

from language.glossary import count_terms
from language.questions import CLOSED, OPEN, classify_question

PAUSE_SECONDS = 0.6
# A question counts when its words were heard with confidence on average (the transcriber's
# probability "p" of each word): Whisper sometimes invents a whole question.
QUESTION_CONFIDENCE = 0.6
PACE_BAND = (140, 160)  # words per minute: the common guidance
FILLERS_PER_MINUTE_MAX = 5.0  # up to about 5 a minute has no measurable cost (Gong)
LONGEST_STRETCH_MAX = 30.0  # seconds without a pause before the listener drifts
FILLER_WORDS = frozenset(
    [
        "um",
        "umm",
        "ummm",
        "uh",
        "uhh",
        "uhm",
        "er",
        "erm",
        "ah",
        "ahh",
        "hmm",
        "hm",
        "mm",
        "mhm",
        "basically",
        "literally",
        "actually",
    ]
)
FILLER_PHRASES = ("you know", "i mean", "kind of", "sort of")
# Whisper stretches the last word before a silence into the silence; no spoken word lasts
# longer than about 0.12 s a letter, so a longer one is cut back to that.
SECONDS_PER_LETTER = 0.12
SHORTEST_WORD = 0.3
FILLERS_WORTH_A_REMARK = 3
CLUSTER_WINDOW = 10.0  # seconds
CLUSTER_SIZE = 3  # fillers inside the window


@dataclass(frozen=True)
class Moment:
    kind: str  # "monologue", "fillers" or "question"
    start: float
    end: float
    label: str


@dataclass(frozen=True)
class Directive:
    metric: str
    value: str
    band: str
    ok: bool
    text: str


@dataclass(frozen=True)
class SpeechMetrics:
    words: int
    duration: float  # first word to last word, seconds
    speaking_time: float  # pauses excluded
    pace_wpm: float
    pauses: int
    longest_pause: float
    longest_stretch: float
    fillers: int
    fillers_per_minute: float
    filler_share: float
    filler_counts: dict[str, int]
    questions: dict[str, int]
    terms: dict[str, int]
    directives: list[Directive] = field(default_factory=list)
    moments: list[Moment] = field(default_factory=list)


def _clean(text: str) -> str:
    return re.sub(r"[^\w'-]", "", text.lower()).strip("-'")


def _trimmed(word: dict) -> dict:
    longest = max(SHORTEST_WORD, SECONDS_PER_LETTER * len(_clean(word["text"])))
    start = float(word["start"])
    return {**word, "start": start, "end": min(float(word["end"]), start + longest)}


def _stretches(words: list[dict]) -> list[tuple[int, int]]:
    """(first, last) word indexes of each stretch of speech between pauses."""
    stretches, first = [], 0
    for i in range(1, len(words)):
        if words[i]["start"] - words[i - 1]["end"] >= PAUSE_SECONDS:
            stretches.append((first, i - 1))
            first = i
    if words:
        stretches.append((first, len(words) - 1))
    return stretches


def _filler_positions(tokens: list[str]) -> list[tuple[int, str]]:
    found = []
    for i, token in enumerate(tokens):
        if token in FILLER_WORDS:
            found.append((i, token))
        elif i + 1 < len(tokens) and f"{token} {tokens[i + 1]}" in FILLER_PHRASES:
            found.append((i, f"{token} {tokens[i + 1]}"))
    return found


def _sentences(words: list[dict]) -> list[tuple[int, int]]:
    sentences, first = [], 0
    for i, word in enumerate(words):
        if word["text"].strip().endswith((".", "?", "!")):
            sentences.append((first, i))
            first = i + 1
    if first < len(words):
        sentences.append((first, len(words) - 1))
    return sentences


def _spoken(spans: list, words: list[dict]) -> list[tuple[float, float]]:
    """The audio's stretches of speech that hold words (a cough in a pause or a beep after the
    last word is not speaking), with dips shorter than a pause joined."""
    said = [(w["start"], w["end"]) for w in words]
    holding = [(float(a), float(b)) for a, b in spans if any(s < b and e > a for s, e in said)]
    joined: list[tuple[float, float]] = []
    for a, b in holding:
        if joined and a - joined[-1][1] < PAUSE_SECONDS:
            joined[-1] = (joined[-1][0], max(joined[-1][1], b))
        else:
            joined.append((a, b))
    return joined


def measure(
    words: list[dict],
    *,
    terms: dict[str, list[str]] | None = None,
    speech: list | None = None,
) -> SpeechMetrics:
    """Metrics and directives for one recording; `terms` maps a key to a term's spellings.

    `speech`: the (start, end) stretches of speech found in the audio itself. With them,
    speaking time and pauses are the audio's; without (an older transcript), they come from
    the gaps between the words' timings.
    """
    words = [_trimmed(w) for w in words if _clean(w["text"])]
    if not words:
        return SpeechMetrics(0, 0.0, 0.0, 0.0, 0, 0.0, 0.0, 0, 0.0, 0.0, {}, {}, {})
    tokens = [_clean(w["text"]) for w in words]
    heard = _spoken(speech or [], words)
    if heard:
        lengths = [(b - a, a, b) for a, b in heard]
    else:
        lengths = [
            (words[b]["end"] - words[a]["start"], words[a]["start"], words[b]["end"])
            for a, b in _stretches(words)
        ]
    gaps = [later[1] - earlier[2] for earlier, later in pairwise(lengths)]
    speaking = sum(length for length, _, _ in lengths)
    duration = words[-1]["end"] - words[0]["start"]
    minutes = speaking / 60 if speaking > 0 else 0.0
    pace = len(words) / minutes if minutes else 0.0
    fillers = _filler_positions(tokens)
    filler_counts: dict[str, int] = {}
    for _, filler in fillers:
        filler_counts[filler] = filler_counts.get(filler, 0) + 1
    per_minute = len(fillers) / minutes if minutes else 0.0
    questions = {OPEN: 0, CLOSED: 0, "advice": 0}
    moments: list[Moment] = []
    for a, b in _sentences(words):
        sentence = " ".join(w["text"].strip() for w in words[a : b + 1])
        sure = [w.get("p", 1.0) for w in words[a : b + 1]]
        if sentence.endswith("?") and sum(sure) / len(sure) >= QUESTION_CONFIDENCE:
            kind = classify_question(sentence).kind
            if kind in questions:
                questions[kind] += 1
                moments.append(
                    Moment("question", words[a]["start"], words[b]["end"], f"{kind}: {sentence}")
                )
    longest, began, ended = max(lengths)
    moments.append(
        Moment("monologue", began, ended, f"Longest stretch without a pause: {longest:.0f} s")
    )
    moments.extend(_filler_clusters(words, fillers))
    metrics = SpeechMetrics(
        words=len(words),
        duration=round(duration, 2),
        speaking_time=round(speaking, 2),
        pace_wpm=round(pace, 1),
        pauses=len(gaps),
        longest_pause=round(max(gaps, default=0.0), 2),
        longest_stretch=round(longest, 2),
        fillers=len(fillers),
        fillers_per_minute=round(per_minute, 1),
        filler_share=round(len(fillers) / len(words), 3),
        filler_counts=filler_counts,
        questions=questions,
        terms=count_terms(" ".join(tokens), terms or {}),
        moments=sorted(moments, key=lambda m: m.start),
    )
    return SpeechMetrics(**{**metrics.__dict__, "directives": directives_for(metrics)})


def _filler_clusters(words: list[dict], fillers: list[tuple[int, str]]) -> list[Moment]:
    clusters, i = [], 0
    while i < len(fillers):
        j = i
        start = words[fillers[i][0]]["start"]
        while j + 1 < len(fillers) and words[fillers[j + 1][0]]["start"] - start <= CLUSTER_WINDOW:
            j += 1
        if j - i + 1 >= CLUSTER_SIZE:
            end = words[fillers[j][0]]["end"]
            clusters.append(Moment("fillers", start, end, f"{j - i + 1} filler words in a row"))
            i = j + 1
        else:
            i += 1
    return clusters


def directives_for(m: SpeechMetrics) -> list[Directive]:
    low, high = PACE_BAND
    out = []
    if m.pace_wpm > high:
        text = (
            f"Slow down to {low}-{high} words a minute: you spoke at {m.pace_wpm:.0f}. "
            "Pause for a breath after each key point."
        )
    elif m.pace_wpm < low:
        text = (
            f"Pick up the pace a little, to {low}-{high} words a minute: you spoke at "
            f"{m.pace_wpm:.0f}. Shorter sentences help."
        )
    else:
        text = f"Your pace ({m.pace_wpm:.0f} words a minute) is in the {low}-{high} band: keep it."
    out.append(
        Directive(
            "pace", f"{m.pace_wpm:.0f} wpm", f"{low}-{high} wpm", low <= m.pace_wpm <= high, text
        )
    )
    most = max(m.filler_counts, key=m.filler_counts.get) if m.filler_counts else ""
    # A single "um" in a 20-second clip is 3 a minute on paper and nothing to work on.
    ok = m.fillers_per_minute <= FILLERS_PER_MINUTE_MAX or m.fillers < FILLERS_WORTH_A_REMARK
    if m.fillers < FILLERS_WORTH_A_REMARK:
        text = f"{m.fillers} filler word{'s' if m.fillers != 1 else ''}: nothing to work on."
    elif ok:
        text = f"Fillers are fine at {m.fillers_per_minute:.1f} a minute: no need to work on them."
    else:
        text = (
            f"Cut fillers to {FILLERS_PER_MINUTE_MAX:.0f} a minute or fewer: you used "
            f"{m.fillers_per_minute:.1f} (mostly “{most}”). Pause silently instead."
        )
    out.append(
        Directive(
            "fillers",
            f"{m.fillers_per_minute:.1f} a minute ({m.filler_share:.0%} of words)",
            f"up to {FILLERS_PER_MINUTE_MAX:.0f} a minute",
            ok,
            text,
        )
    )
    ok = m.longest_stretch <= LONGEST_STRETCH_MAX
    out.append(
        Directive(
            "longest stretch",
            f"{m.longest_stretch:.0f} s",
            f"up to {LONGEST_STRETCH_MAX:.0f} s",
            ok,
            f"You paused at least every {LONGEST_STRETCH_MAX:.0f} seconds: the listener can "
            "come in."
            if ok
            else f"Break up your longest stretch ({m.longest_stretch:.0f} s without a pause): "
            f"pause at least every {LONGEST_STRETCH_MAX:.0f} seconds and check in with a question.",
        )
    )
    asked = sum(m.questions.values())
    not_open = m.questions.get(CLOSED, 0) + m.questions.get("advice", 0)
    out.append(
        Directive(
            "questions",
            f"{asked} ({m.questions.get(OPEN, 0)} open)",
            "open questions first",
            not_open <= m.questions.get(OPEN, 0),
            "No questions in this clip."
            if not asked
            else f"Turn the {not_open} closed question{'s' if not_open != 1 else ''} into open "
            "ones: start with “What” or “How”."
            if not_open > m.questions.get(OPEN, 0)
            else "Your questions are mostly open: keep asking “What” and “How”.",
        )
    )
    return out
