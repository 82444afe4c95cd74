"""Inline SVG icons (24 px grid, drawn with the text colour): they render everywhere, unlike
emoji, which show as empty boxes where no emoji font is installed. Decorative: the label
beside an icon says what it means."""

from django import template
from django.utils.html import format_html

register = template.Library()

PATHS = {
    "home": "M3 11l9-7 9 7M5 10v10h5v-6h4v6h5V10",
    "library": "M3 5h18v14H3zM10 9v6l5-3z",
    "record": "M3 7h12v10H3zM15 10l6-3v10l-6-3",
    "practice": (
        "M12 12m-9 0a9 9 0 1 0 18 0a9 9 0 1 0-18 0"
        "M12 12m-5 0a5 5 0 1 0 10 0a5 5 0 1 0-10 0"
        "M12 12h.01"
    ),
    "playbook": "M4 5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2zM4 21V5M8 7h7",
    "results": "M4 20V10M10 20V4M16 20v-7M22 20H2",
    "coaching": "M4 5h12v9H8l-4 3zM20 9v9l-3-2h-6",
    "kudos": "M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1L3.2 9.5l6.1-.9z",
    "leaderboard": (
        "M8 21h8M12 17v4M7 4h10v5a5 5 0 0 1-10 0zM7 6H4a3 3 0 0 0 3 4M17 6h3a3 3 0 0 1-3 4"
    ),
    "stories": "M5 4h14v12H9l-4 4zM9 9h6M9 12h4",
    "vocabulary": "M4 19l5-14 5 14M6 14h6M15 12h5M17.5 9.5v5",
    "invitations": "M3 6h18v12H3zM3 6l9 7 9-7",
    "teams": (
        "M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z"
        "M3 20a6 6 0 0 1 12 0"
        "M16 5a3 3 0 0 1 0 6"
        "M18 14a6 6 0 0 1 3 6"
    ),
    "people": "M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
    "profile": (
        "M12 12m-9 0a9 9 0 1 0 18 0a9 9 0 1 0-18 0"
        "M12 13a3 3 0 1 0 0-6 3 3 0 0 0 0 6z"
        "M6.5 18.5a6 6 0 0 1 11 0"
    ),
    "signout": "M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10",
    "more": "M5 12h.01M12 12h.01M19 12h.01",
    "play": "M8 5v14l11-7z",
    "applause": (
        "M7 11V6a1.5 1.5 0 0 1 3 0v4"
        "M10 10V4.5a1.5 1.5 0 0 1 3 0V10"
        "M13 10V6a1.5 1.5 0 0 1 3 0v7a7 7 0 0 1-7 7 6 6 0 0 1-5-3l-2-4a1.5 1.5 0 0 1 2.6-1.5L7 13"
    ),
}


@register.simple_tag
def icon(name: str, size: int = 22) -> str:
    path = PATHS[name]
    width = "3" if name == "more" else "2"
    return format_html(
        '<svg class="icon" aria-hidden="true" focusable="false" width="{}" height="{}" '
        'viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="{}" '
        'stroke-linecap="round" stroke-linejoin="round"><path d="{}"/></svg>',
        size,
        size,
        width,
        path,
    )
