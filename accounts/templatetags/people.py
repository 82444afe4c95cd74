"""A person's avatar and their row in a list of people, drawn in Python: a team card lists a
dozen people and a template include per person and per avatar cost more than the rest of the
card (bench/pages.py)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def avatar(person, size: str = "md") -> str:
    """The photo, or the initials on the person's colour (decorative: the name is beside it)."""
    if person.photo:
        return format_html(
            '<img class="avatar avatar--{}" src="{}" alt="" loading="lazy">',
            size,
            reverse("person_photo", args=[person.id]),
        )
    return format_html(
        '<span class="avatar avatar--{}" style="--hue: {}" aria-hidden="true">{}</span>',
        size,
        person.avatar_hue,
        person.initials,
    )


@register.simple_tag(takes_context=True)
def person_row(context, person, role: str = "") -> str:
    """A person in a list: avatar, name (marked "you" for the viewer), title, city, role."""
    viewer = context.get("user")
    you = mark_safe(' <span class="tag">you</span>') if viewer and viewer.id == person.id else ""
    title = person.title or ""
    meta = format_html("{} · {}", title, person.time_zone_city) if title else person.time_zone_city
    badge = format_html('<span class="badge badge--{}">{}</span>', role, role) if role else ""
    return format_html(
        '<li class="person"><a class="person__link" href="{}">{}<span class="person__text">'
        '<span class="person__name">{}{}</span><span class="person__meta">{}</span></span>'
        "{}</a></li>",
        reverse("person_detail", args=[person.id]),
        avatar(person),
        person.full_name,
        you,
        meta,
        badge,
    )
