"""Is this a question at all? The fuller question-kind analyzer builds on this."""

import re

OPENERS = (
    "what",
    "how",
    "why",
    "when",
    "where",
    "who",
    "whom",
    "whose",
    "which",
    "tell me",
    "describe",
    "walk us through",
    "walk me through",
    "explain",
    "help me understand",
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
)


def is_question(text: str) -> bool:
    """A question ends with "?" or opens like one ("what", "how", "tell me", "did you"...)."""
    cleaned = re.sub(r"\s+", " ", text).strip().lower()
    if not cleaned:
        return False
    if cleaned.endswith("?"):
        return True
    cleaned = re.sub(r"^(i'?m curious[,:]?\s*|so,?\s*|and\s+|but\s+)", "", cleaned)
    first = re.split(r"[\s,]", cleaned, maxsplit=1)[0]
    return cleaned.startswith(OPENERS) or first in AUXILIARIES


NOT_A_QUESTION = (
    "That reads as a statement, not a question. In this phase we only ask, to understand: "
    "try starting with “What…”, “How…” or “Tell me about…”."
)
