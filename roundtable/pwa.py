"""Roundtable on a phone's home screen: the web app manifest, the service worker that keeps the
app's files and the record page for when there is no signal, and the page shown offline."""

import hashlib
import json
from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control

# Kept by the service worker when it installs: the app's look and the scripts a recording
# needs. Versioned by their content, so a new release replaces them.
APP_FILES = (
    "roundtable/app.css",
    "roundtable/behaviours.js",
    "roundtable/favicon.svg",
    "roundtable/icons/icon-192.png",
    "vendor/htmx-2.0.11.min.js",
    "library/queue.js",
    "library/capture.js",
    "library/watch.js",
)
# Pages the service worker keeps the last copy of, to open with no signal.
OFFLINE_PAGES = ("/library/new/",)
THEME = "#1f2a48"


@cache
def _version() -> str:
    digest = hashlib.sha256()
    for name in APP_FILES:
        with open(finders.find(name), "rb") as handle:
            digest.update(handle.read())
    digest.update(_worker_source().encode())
    return digest.hexdigest()[:12]


@cache
def _worker_source() -> str:
    with open(finders.find("roundtable/sw.js"), encoding="utf-8") as handle:
        return handle.read()


def manifest(request: HttpRequest) -> HttpResponse:
    icons = [
        {
            "src": static(f"roundtable/icons/{kind}-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": purpose,
        }
        for size in (192, 512)
        for kind, purpose in (("icon", "any"), ("maskable", "maskable"))
    ]
    body = {
        "name": "Roundtable",
        "short_name": "Roundtable",
        "description": "Learn from each other, every week: deals, clips, coaching, kudos.",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f5f6fa",
        "theme_color": THEME,
        "icons": icons,
        "shortcuts": [
            {
                "name": "Record a clip",
                "url": "/library/new/",
                "icons": [{"src": static("roundtable/icons/icon-192.png"), "sizes": "192x192"}],
            },
        ],
    }
    return HttpResponse(json.dumps(body), content_type="application/manifest+json")


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the root so it may look after every page; never cached by the browser's
    HTTP cache, so a new release is picked up on the next visit."""
    settings_line = "const SETTINGS = " + json.dumps(
        {
            "version": _version(),
            "appFiles": [static(name) for name in APP_FILES] + ["/offline/"],
            "offlinePages": list(OFFLINE_PAGES),
            "offline": "/offline/",
            "staticPrefix": static(""),
            "queue": static("library/queue.js"),
        }
    )
    return HttpResponse(
        f"{settings_line};\n{_worker_source()}", content_type="application/javascript"
    )


def offline(request: HttpRequest) -> HttpResponse:
    """What the app shows for a page it cannot reach with no signal: nobody's data, so the same
    page serves everyone and is kept by the service worker."""
    return render(request, "offline.html")
