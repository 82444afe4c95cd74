"""One way to read ids, numbers and redirect targets from what a browser sent.

Query strings and form fields carry anything: words where ids belong, ids too large for the
database, NaN and infinity, script URLs. These helpers turn such input into None (or a safe
default) so that views answer with a clear message instead of a server error.
"""

import math

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

MAX_ID = 2**63 - 1  # the largest id PostgreSQL's bigint and SQLite's integer hold


def parse_id(value) -> int | None:
    """A database id (1 .. 2**63-1) from text, else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value <= MAX_ID else None
    text = str(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_number(
    value, *, minimum: float | None = None, maximum: float | None = None
) -> float | None:
    """A finite number within the bounds given, else None (NaN, infinity, words, blanks)."""
    try:
        number = float(str(value).strip()) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    if number is None or not math.isfinite(number):
        return None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return None
    return number


def one_line(text: str) -> str:
    """Text for a single line (an email subject, a header): CR, LF and runs of space become one
    space, so a name typed with a line break cannot drop or split the message."""
    return " ".join(str(text).split())


def clean_text(text: str) -> str:
    """What a browser sent, made safe to store: no NUL (PostgreSQL refuses it), LF line ends."""
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


def safe_next(request, fallback: str) -> str:
    """Where to go after an action: a path on this site from `next`, else the fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class ModelChoiceField(forms.ModelChoiceField):
    """Django's, where an id the database cannot hold is an invalid choice, not a crash."""

    def to_python(self, value):
        if value not in self.empty_values and not self.to_field_name and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, where an id the database cannot hold is an invalid choice, not a crash."""

    def _check_values(self, value):
        if not self.to_field_name:
            for pk in value:
                if parse_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(pk)[:20]},
                    )
        return super()._check_values(value)
