"""One voice on pattern versus one-off, used by the observation form, the development plan and
the team heatmap: observations of a skill are a pattern when there are two or more in the last
90 days, seen in at least two different situations. Plain Python."""

from datetime import datetime, timedelta

PATTERN_DAYS = 90
PATTERN_MIN = 2


def _situation(text: str) -> str:
    return " ".join(str(text).lower().split())


def is_pattern(observations: list[tuple[datetime, str]], now: datetime) -> bool:
    """`observations`: (when, situation) of one rep on one skill."""
    recent = [situation for when, situation in observations if when >= now - window()]
    return len(recent) >= PATTERN_MIN and len({_situation(s) for s in recent}) >= 2


def window() -> timedelta:
    return timedelta(days=PATTERN_DAYS)


RULE = (
    f"A pattern: {PATTERN_MIN} or more observations of a skill in {PATTERN_DAYS} days, in at "
    "least two different situations. Fewer, or all in one situation: a one-off so far."
)
