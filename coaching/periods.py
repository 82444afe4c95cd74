"""KPI periods in plain Python: a date belongs to the week, month or quarter that starts it."""

import re
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


MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        date(2000, number, 1).strftime("%b").lower(),
        date(2000, number, 1).strftime("%B").lower(),
    )
} | {"sept": 9}


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def parse_period(text: str, period: str, *, day_first: bool = False) -> date:
    """The start of the period a written date or month falls in, as exports write them:
    2026-11-17, 2026-11, 11/2026, Nov 2026, November 2026, 2026-Q4, Q4 2026, or a full date
    in the organisation's order (`day_first`: 17/11/2026; otherwise 11/17/2026)."""
    cleaned = " ".join(text.strip().split())
    try:
        day = _read_date(cleaned, day_first)
    except (ValueError, IndexError, KeyError):
        day = None
    if day is None:
        example = "17/11/2026" if day_first else "11/17/2026"
        raise ValueError(
            f"“{cleaned}” is not a month or a date: write 2026-11, 11/2026, Nov 2026, "
            f"2026-Q4 or a date such as 2026-11-17 or {example}."
        )
    return period_start(day, period)


def _read_date(text: str, day_first: bool) -> date | None:
    lowered = text.lower()
    quarter = re.fullmatch(r"(\d{4})[- ]?q([1-4])|q([1-4])[- ]?(\d{4})", lowered)
    if quarter:
        year = int(quarter.group(1) or quarter.group(4))
        number = int(quarter.group(2) or quarter.group(3))
        return date(year, 3 * (number - 1) + 1, 1)
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", lowered)
    if iso:
        return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3) or 1))
    month_year = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", lowered)
    if month_year:
        return date(int(month_year.group(2)), int(month_year.group(1)), 1)
    named = re.fullmatch(r"([a-z]+)\.?[ -](\d{4}|\d{2})|(\d{4})[ -]([a-z]+)\.?", lowered)
    if named:
        name = named.group(1) or named.group(4)
        year = named.group(2) or named.group(3)
        return date(_year(year), MONTHS[name], 1)
    full = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", lowered)
    if full:
        first, second, year = int(full.group(1)), int(full.group(2)), _year(full.group(3))
        day, month = (first, second) if day_first else (second, first)
        return date(year, month, day)
    return None


def label(start: date, period: str) -> str:
    if period == WEEK:
        return f"wk {start:%d %b}"
    if period == MONTH:
        return f"{start:%b %Y}"
    return f"Q{(start.month - 1) // 3 + 1} {start.year}"
