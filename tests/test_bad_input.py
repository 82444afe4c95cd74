"""Bad input gets a clear answer, never a server error.

Garbage (words for ids, ids too large for the database, NaN and infinity, NUL bytes, CR/LF,
script URLs, huge text) goes into every query parameter the views read and every field of every
form, on every page, as a rep, a manager and an admin. Any 500 fails the test, naming the request.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse

from tests.test_access_content import _patterns, planted  # noqa: F401 - the planted fixture

GARBAGE = [
    "abc",
    "99999999999999999999",
    "-1",
    "nan",
    "1e309",
    "a\x00b",
    "x\r\ny\rz",
    "javascript:alert(1)",
    "x" * 5_000,  # past every text column limit; large enough to overflow a field, not a body
]
PERSONAS = ["rep", "manager", "admin"]
ROUNDS = len(GARBAGE) // len(PERSONAS)


def _names_read_by_views() -> set[str]:
    """Every GET/POST key the views read, found in their source: new ones are covered too."""
    names = set()
    for path in Path(settings.BASE_DIR).glob("*/views.py"):
        names |= set(re.findall(r"request\.(?:GET|POST)(?:\.get\(|\[)\"(\w+)\"", path.read_text()))
    return names | {"next", "q", "page"}


class _Fields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        name = dict(attrs).get("name")
        if tag in ("input", "select", "textarea") and name and name != "csrfmiddlewaretoken":
            self.names.add(name)


def _one_url_per_pattern(ids) -> list[str]:
    urls = []
    for name, params in _patterns(get_resolver().url_patterns):
        try:
            urls.append(reverse(name, kwargs={p: ids[p][0] for p in params}))
        except (IndexError, KeyError):
            continue  # a parameter nothing was planted for (tokens, uploads)
    return urls


@pytest.mark.parametrize("persona", PERSONAS)
def test_garbage_in_any_parameter_or_field_never_gives_a_server_error(
    planted,  # noqa: F811
    client_for,
    persona,
):
    personas, ids, _ = planted
    client = client_for(personas[persona])
    client.raise_request_exception = False
    urls = [u for u in _one_url_per_pattern(ids) if u != reverse("logout")]
    fields = _names_read_by_views()
    for url in urls:
        page = client.get(url)
        if page.status_code == 200 and "html" in page.get("Content-Type", ""):
            parser = _Fields()
            parser.feed(page.content.decode())
            fields |= parser.names
    errors, sent = [], 0
    names = sorted(fields)
    for url in urls:
        # Each round gives each field another kind of garbage, and each persona takes other
        # rounds: on a page all three reach, every field meets all nine kinds.
        for round_ in range(ROUNDS):
            shift = round_ + ROUNDS * PERSONAS.index(persona)
            query = {name: GARBAGE[(i + shift) % len(GARBAGE)] for i, name in enumerate(names)}
            for method in ("get", "post"):
                sent += 1
                if getattr(client, method)(url, query).status_code >= 500:
                    errors.append(f"{method.upper()} {url}, round {round_}")
        client = client_for(personas[persona])  # a garbage post may have changed the session
        client.raise_request_exception = False
    print(f"garbage as {persona}: {sent} requests, {len(names)} fields, {len(errors)} errors")
    assert errors == [], "\n".join(errors)


def test_ids_too_large_for_the_database_in_any_url_find_nothing(planted, client_for):  # noqa: F811
    personas, ids, _ = planted
    client = client_for(personas["manager"])
    client.raise_request_exception = False
    huge = 99999999999999999999
    errors = []
    for name, params in _patterns(get_resolver().url_patterns):
        numeric = [p for p in params if p.endswith("_id")]
        if not numeric:
            continue
        kwargs = {p: huge if p in numeric else (ids[p] or ["x"])[0] for p in params}
        url = reverse(name, kwargs=kwargs)
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            if status >= 500 or status == 200:
                errors.append(f"{method.upper()} {url}: {status}")
    assert errors == [], "\n".join(errors)
