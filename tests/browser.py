"""Playwright driving Debian's Chromium for the browser tests; screenshots go to test-artifacts/."""

import os
from pathlib import Path

CHROMIUM = os.environ.get("ROUNDTABLE_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 860}}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception:  # noqa: BLE001 - Chromium under load now and then fails a capture once
        page.wait_for_timeout(500)
        page.screenshot(path=str(path), full_page=True)
    return path


def assert_fits_the_screen(page) -> None:
    """Nothing on the page makes a phone scroll sideways."""
    # Compared with the configured viewport: mobile Chromium widens innerWidth to fit overflow.
    width = page.evaluate("document.documentElement.scrollWidth")
    overflow = width - page.viewport_size["width"]
    if overflow > 0:
        wide = page.evaluate(
            """(limit) => [...document.querySelectorAll('main *')]
                .filter((e) => e.getBoundingClientRect().right > limit + 1)
                .filter((e) => ![...e.children].some(
                    (c) => c.getBoundingClientRect().right > limit + 1))
                .slice(0, 5)
                .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class')} `
                             + `"${(e.textContent || '').trim().slice(0, 40)}"`)""",
            page.viewport_size["width"],
        )
        raise AssertionError(f"{page.url} is {overflow}px wider than the screen: {wide}")


def signed_in(browser, server, user, size: dict, *, camera: bool = False):
    """A new browser context already signed in as this person, and a page in it."""
    from tests.servers import session_cookie

    options = {"permissions": ["camera", "microphone"]} if camera else {}
    context = browser.new_context(**size, **options)
    context.add_cookies([{"name": "sessionid", "value": session_cookie(user), "url": server.url}])
    return context, context.new_page()


def sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")
