"""KPI periods in plain Python: a date belongs to the week, month or quarter that starts it."""

from datetime import date, timedelta

WEEK, MONTH, QUARTER = "week", "month", "quarter"


def period_start(day: date, period: str) -> date:
    if period == WEEK:
        return day - timedelta(days=day.weekday())
    if period == MONTH:
        return day.replace(day=1)
    if period == QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    raise ValueError(f"Unknown period: {period}")


def _months_later(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def next_start(start: date, period: str) -> date:
    """The start of the period after the one starting on `start`."""
    if period == WEEK:
        return start + timedelta(days=7)
    return _months_later(start, 1 if period == MONTH else 3)


def previous_start(start: date, period: str) -> date:
    """The start of the period before the one starting on `start` ("last month")."""
    if period == WEEK:
        return start - timedelta(days=7)
    return _months_later(start, -1 if period == MONTH else -3)


def parse_period(text: str, period: str) -> date:
    """ "2026-11-17", "2026-11" or "2026-Q4" -> the start of the period it falls in."""
    text = text.strip()
    try:
        if len(text) == 7 and text[4] == "-" and text[5:].upper().startswith("Q"):
            quarter = int(text[6])
            if not 1 <= quarter <= 4:
                raise ValueError
            day = date(int(text[:4]), 3 * (quarter - 1) + 1, 1)
        elif len(text) == 7:
            day = date(int(text[:4]), int(text[5:7]), 1)
        else:
            day = date.fromisoformat(text)
    except ValueError as error:
        raise ValueError(
            f"“{text}” is not a date: write 2026-11-17, 2026-11 or 2026-Q4."
        ) from error
    return period_start(day, period)


def label(start: date, period: str) -> str:
    if period == WEEK:
        return f"wk {start:%d %b}"
    if period == MONTH:
        return f"{start:%b %Y}"
    return f"Q{(start.month - 1) // 3 + 1} {start.year}"
