"""On a phone like an app: installable, opens with no signal, and a recording made with no
signal uploads and shares itself when the connection returns, even from a new tab."""

import pytest

from conftest import build_world
from library.models import Clip, ClipState, Upload
from tests.browser import PHONE, assert_fits_the_screen, screenshot, signed_in

pytestmark = pytest.mark.browser

BADGE_SPY = """
window.__badges = [];
if (navigator.setAppBadge) {
  const set = navigator.setAppBadge.bind(navigator);
  navigator.setAppBadge = (n) => { window.__badges.push(n); return set(n).catch(() => null); };
}
"""


def _worker_ready(page) -> None:
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)


def _record_then_lose_the_signal(context, page, server) -> None:
    """On the record page: record two seconds, lose the signal (a car park), press Stop: the
    recording is kept on the phone."""
    page.goto(f"{server.url}/library/new/")
    _worker_ready(page)
    page.get_by_role("button", name="Turn on camera").click()
    page.get_by_role("button", name="Record").click()
    page.locator("#rec-time").wait_for()
    page.wait_for_timeout(2000)
    context.set_offline(True)
    page.get_by_role("button", name="Stop").click()
    page.locator("#form-error", has_text="kept on this phone").wait_for(timeout=15_000)


def test_the_app_installs_shows_its_badge_and_opens_with_no_signal(browser, server):
    from recognition.services import notify

    world = build_world()
    notify(users=[world.rep], text="Max commented on your clip", url="/")
    notify(users=[world.rep], text="Kudos from Max", url="/")
    context, page = signed_in(browser, server, world.rep, PHONE)
    page.add_init_script(BADGE_SPY)
    page.goto(f"{server.url}/")
    _worker_ready(page)
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [] and '"display": "standalone"' in manifest["data"]
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito, where Chromium installs nothing; nothing else stops it.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    for icon in ("icon-192", "icon-512", "maskable-512"):
        assert page.request.get(f"{server.url}/static/roundtable/icons/{icon}.png").ok
    assert page.evaluate("'setAppBadge' in navigator")
    assert page.evaluate("window.__badges") == [2]  # the unread count on the app's icon
    page.goto(f"{server.url}/library/new/")  # opened once with signal: kept for the car park
    page.get_by_role("heading", name="Record a clip").wait_for()

    context.set_offline(True)
    page.goto(f"{server.url}/library/new/")
    page.get_by_role("heading", name="Record a clip").wait_for()
    page.goto(f"{server.url}/coaching/")
    page.get_by_role("heading", name="No connection").wait_for()
    assert "Rita" not in page.content()  # the offline page holds nobody's data
    assert_fits_the_screen(page)
    screenshot(page, "offline-page-phone")
    context.set_offline(False)
    context.close()


def test_a_recording_queued_with_no_signal_uploads_itself_from_a_new_tab(
    browser, server, run_worker
):
    world = build_world()
    context, page = signed_in(browser, server, world.rep, PHONE, camera=True)
    created = []
    context.on(
        "requestfinished",
        lambda r: (
            created.append(r.url)
            if r.method == "POST" and r.url.endswith("/library/uploads/")
            else None
        ),
    )
    page.on("dialog", lambda dialog: dialog.accept())
    _record_then_lose_the_signal(context, page, server)
    page.get_by_role("button", name="Share clip").click()
    page.get_by_text("Give the clip a title").wait_for()  # checked here, with no signal
    page.get_by_label("Title").fill("Car park debrief")
    page.get_by_role("button", name="Share clip").click()
    page.locator("#queued-note", has_text="queued on this device").wait_for()
    page.locator("#drafts", has_text="Waiting for a connection").wait_for()
    assert_fits_the_screen(page)
    screenshot(page, "library-queued-offline-phone")
    page.close()  # the tab is closed before the signal returns
    assert Upload.objects.count() == 0 and created == []

    context.set_offline(False)
    page = context.new_page()
    page.goto(f"{server.url}/")  # any page: what is queued goes as soon as it can
    page.locator(".toast", has_text="Car park debrief").wait_for(timeout=30_000)
    clip = Clip.objects.get()
    assert clip.title == "Car park debrief" and clip.author == world.rep
    run_worker()
    clip.refresh_from_db()
    assert clip.state == ClipState.READY, clip.failure
    page.goto(f"{server.url}/library/new/")  # nothing waits any more, and nothing is sent twice
    page.wait_for_timeout(1000)
    assert not page.locator("#drafts").is_visible()
    assert len(created) == 1 and Upload.objects.count() == 1 and Clip.objects.count() == 1
    context.close()


def _tab_to(page, matches: str, *, limit: int = 40) -> int:
    """Press Tab until the focused element matches the CSS selector; the presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", matches):
            return presses
    raise AssertionError(f"{matches} not reached in {limit} Tab presses")


def test_record_share_watch_and_comment_with_the_keyboard_alone(browser, server, run_worker):
    from tests.browser import DESKTOP

    world = build_world()
    context, page = signed_in(browser, server, world.rep, DESKTOP, camera=True)
    page.goto(f"{server.url}/library/new/")
    _tab_to(page, "#camera")
    page.keyboard.press("Enter")
    page.locator("#record").wait_for()
    _tab_to(page, "#record")
    page.keyboard.press("Enter")
    page.locator("#stop").wait_for()
    page.wait_for_timeout(2500)
    _tab_to(page, "#stop")
    page.keyboard.press("Enter")
    page.locator("#upload-status", has_text="Uploaded").wait_for(timeout=20_000)
    _tab_to(page, "#id_title")
    page.keyboard.type("Keyboard-only take")
    _tab_to(page, "#share")
    page.keyboard.press("Enter")
    page.wait_for_url("**/library/clips/*/")
    run_worker()
    context.close()

    context, page = signed_in(browser, server, world.manager, DESKTOP)
    page.goto(f"{server.url}/library/clips/{Clip.objects.get().id}/")
    _tab_to(page, "#player")
    page.keyboard.press("k")  # the player has focus: its own keys work
    presses = _tab_to(page, "#comment-text")
    assert presses <= 12, f"{presses} Tab presses from the player to the feedback box"
    page.keyboard.type("When you stopped after the price, the buyer named a budget.")
    _tab_to(page, "#comments button[type=submit]:not(.button--small)")
    page.keyboard.press("Enter")
    page.locator("#comments li", has_text="the buyer named a budget").wait_for()
    assert Clip.objects.get().comments.count() == 1
    context.close()


def test_a_queued_recording_goes_as_soon_as_the_signal_returns_on_the_same_page(browser, server):
    world = build_world()
    context, page = signed_in(browser, server, world.rep, PHONE, camera=True)
    page.on("dialog", lambda dialog: dialog.accept())
    _record_then_lose_the_signal(context, page, server)
    page.get_by_label("Title").fill("Lift lobby debrief")
    page.get_by_role("button", name="Share clip").click()
    page.locator("#drafts", has_text="Waiting for a connection").wait_for()
    context.set_offline(False)  # the signal returns while the page is still open
    page.locator("#drafts-shared", has_text="Lift lobby debrief").wait_for(timeout=30_000)
    assert Clip.objects.get().title == "Lift lobby debrief"
    page.locator("#drafts").wait_for(state="hidden")
    context.close()
