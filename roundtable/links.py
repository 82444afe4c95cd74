"""Links that leave the browser (emails, calendar feeds, Slack): the site's address and the path
of a named URL, never a path typed by hand."""

from django.conf import settings
from django.urls import reverse


def absolute_url(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args or None)
