"""How posted feedback reads in the method's own terms: which of situation, behaviour and
impact it names (SBI), or that it is a next step to take. Shown beside each piece of feedback so
a team learns the shape of useful feedback from its own words."""

from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join

from language.feedback import classify_feedback

register = template.Library()

PARTS = (("situation", "Situation"), ("behaviour", "Behaviour"), ("impact", "Impact"))


@lru_cache(maxsize=4096)
def _parts(text: str) -> tuple[tuple[str, bool], ...] | None:
    """(label, named) for each SBI part, or None for a next step to take (a directive names
    no past moment, and is no worse for it)."""
    verdict = classify_feedback(text)
    if verdict.next_step:
        return None
    return tuple((label, verdict.sbi.get(key, False)) for key, label in PARTS)


@register.simple_tag
def sbi(text: str) -> str:
    """The SBI parts the feedback names, each marked named or not, for eyes and for screen
    readers; nothing for empty text."""
    if not text or not text.strip():
        return ""
    parts = _parts(" ".join(text.split()))
    if parts is None:
        return format_html(
            '<span class="sbi" title="Something to do next time"><span class="sbi__part '
            'sbi__part--named">{}</span></span>',
            "Next step",
        )
    return format_html(
        '<span class="sbi" title="Situation, behaviour, impact: what this feedback names">'
        "{}</span>",
        format_html_join(
            "",
            '<span class="sbi__part sbi__part--{}">{}'
            '<span class="visually-hidden"> {}</span></span>',
            (
                ("named" if named else "missing", label, "named" if named else "not named")
                for label, named in parts
            ),
        ),
    )
