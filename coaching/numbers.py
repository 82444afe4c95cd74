"""Numbers as an organisation writes them, read without guessing.

An organisation says how it writes numbers (1,234.5 / 1.234,5 / 1 234,5 / 1'234.5). A value is
read in that format: thousands groups, one decimal mark, a percent sign, a currency symbol or
code, a minus sign or accounting parentheses. A value that could mean two things in that format
(a dot where the format has no dot, a group that is not three digits) is flagged, never guessed.
Plain Python: the importer and the API read every value through `read_number`.
"""

import re
from dataclasses import dataclass

# format -> (thousands separator, decimal mark)
FORMATS = {
    "1,234.5": (",", "."),
    "1.234,5": (".", ","),
    "1 234,5": (" ", ","),
    "1'234.5": ("'", "."),
}
FORMAT_CHOICES = [
    ("1,234.5", "1,234.5 (United States, United Kingdom, Canada in English)"),
    ("1.234,5", "1.234,5 (Germany, Spain, Italy, Brazil)"),
    ("1 234,5", "1 234,5 (France, Canada in French, Sweden)"),
    ("1'234.5", "1'234.5 (Switzerland)"),
]
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_CURRENCY = re.compile(
    r"^(?:[$€£¥₹]|USD|EUR|GBP|CAD|AUD|CHF|JPY|BRL|SEK|R\$)\s*|\s*(?:[$€£¥₹]|USD|EUR|GBP|CAD|AUD"
    r"|CHF|JPY|BRL|SEK|kr)$",
    re.IGNORECASE,
)
_MINUS = "-\u2212\u2013"


@dataclass(frozen=True)
class Reading:
    value: float | None
    problem: str = ""  # why there is no value, in words
    ambiguous: bool = False  # it could mean two numbers in this format: flagged, not guessed
    percent: bool = False


def read_number(text: str, number_format: str = "1,234.5") -> Reading:
    """The number in `text` written in `number_format`, or why it cannot be read."""
    raw = str(text)
    body = _SPACES.sub(" ", raw).strip()
    if not body:
        return Reading(None, "no value")
    negative = False
    if body.startswith("(") and body.endswith(")"):  # accounting: (1,204) is minus 1,204
        negative, body = True, body[1:-1].strip()
    percent = body.endswith("%")
    if percent:
        body = body[:-1].strip()
    body = _CURRENCY.sub("", body).strip()
    if body and body[0] in _MINUS:
        negative, body = not negative, body[1:].strip()
    body = _CURRENCY.sub("", body).strip()  # -$1,204 and $-1,204 both
    thousands, decimal = FORMATS.get(number_format, FORMATS["1,234.5"])
    if not body or not re.fullmatch(r"[0-9.,' ]+", body) or not any(c.isdigit() for c in body):
        return Reading(None, f"“{raw}” is not a number", percent=percent)
    if " " in body and thousands != " ":
        # A space separates thousands in every format (1 204), when it groups them.
        whole = body.split(decimal)[0]
        if not _grouped(whole, " "):
            return Reading(None, f"“{raw}” is not a number", percent=percent)
        body = body.replace(" ", "")
    for mark in {",", ".", "'"} - {thousands, decimal}:
        if mark in body:
            return Reading(
                None,
                f"“{raw}” is ambiguous in the organisation's format ({number_format}): "
                f"“{mark}” is not part of it. Write it as {_example(number_format)}",
                ambiguous=True,
                percent=percent,
            )
    if body.count(decimal) > 1:
        return Reading(None, f"“{raw}” is not a number: it has two decimal marks", percent=percent)
    whole, _, fraction = body.partition(decimal)
    if thousands in fraction:  # 1.204,5 in the 1,234.5 format: written in another one
        return Reading(
            None,
            f"“{raw}” is ambiguous in the organisation's format ({number_format}): it looks "
            f"written in another. Write it as {_example(number_format)}",
            ambiguous=True,
            percent=percent,
        )
    if thousands in whole and not _grouped(whole, thousands):
        return Reading(
            None,
            f"“{raw}” is ambiguous in the organisation's format ({number_format}): its "
            f"“{thousands}” does not separate thousands. Write it as {_example(number_format)}",
            ambiguous=True,
            percent=percent,
        )
    digits = whole.replace(thousands, "") or "0"
    if not digits.isdigit() or (fraction and not fraction.isdigit()):
        return Reading(None, f"“{raw}” is not a number", percent=percent)
    value = float(f"{digits}.{fraction or 0}")
    return Reading(-value if negative else value, percent=percent)


def _grouped(whole: str, mark: str) -> bool:
    """1,204 and 12,345,678 are grouped by thousands; 1,20 and 12,3456 are not."""
    return re.fullmatch(rf"\d{{1,3}}(?:{re.escape(mark)}\d{{3}})+", whole) is not None


def _example(number_format: str) -> str:
    thousands, decimal = FORMATS.get(number_format, FORMATS["1,234.5"])
    return f"1{thousands}204{decimal}5 or 1204."
