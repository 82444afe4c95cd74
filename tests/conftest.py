"""Fixtures for the browser tests in this folder."""

import os
from pathlib import Path

import pytest

from conftest import require_component
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.servers import AsgiServer


@pytest.fixture(scope="session")
def browser():
    require_component(Path(CHROMIUM).exists(), f"Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the test still talks to the ORM directly.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def server(transactional_db):
    """Roundtable served over HTTP and WebSocket on a free port, for the browser."""
    server = AsgiServer()
    yield server
    server.stop()
