"""In Chromium: the shared vocabulary on a phone, and a clip's speaking metrics and terms."""

import pytest

from conftest import build_world, uploaded_clip
from library.models import Clip, ClipState
from tests.browser import DESKTOP, PHONE, assert_fits_the_screen, screenshot, signed_in

pytestmark = pytest.mark.browser
SPOKEN = (
    "Our champion set up the call. Um, I asked what a delay would cost them. "
    "What happens if you do nothing this year? They listed three projects."
)


def test_propose_approve_and_meet_terms_in_a_clip(browser, server, run_worker, tmp_path):
    world = build_world()
    clip = uploaded_clip(world.rep, world.alpha, tmp_path, title="Cost of delay", text=SPOKEN)
    run_worker()
    clip.refresh_from_db()
    assert clip.state == ClipState.READY, clip.failure

    rep_ctx, rep = signed_in(browser, server, world.rep, PHONE)
    rep.goto(f"{server.url}/vocabulary/")
    rep.get_by_role("link", name="Cost of doing nothing").wait_for()
    rep.get_by_label("Term", exact=True).fill("Pre-mortem")
    rep.get_by_role("button", name="Propose").click()
    rep.get_by_text("Please fix").wait_for()  # no definition yet: nothing typed is lost
    assert rep.get_by_label("Term", exact=True).input_value() == "Pre-mortem"
    rep.get_by_label("What it means", exact=True).fill(
        "Imagine the deal is lost and say why, before it is."
    )
    rep.get_by_role("button", name="Propose").click()
    rep.get_by_text("goes to a manager for approval").wait_for()
    rep.get_by_text("Waiting for a manager").wait_for()
    assert_fits_the_screen(rep)
    screenshot(rep, "vocabulary-proposed-phone")

    manager_ctx, manager = signed_in(browser, server, world.manager, DESKTOP)
    manager.goto(f"{server.url}/vocabulary/")
    manager.get_by_role("button", name="Approve").click()
    manager.get_by_text("“Pre-mortem” is now in the vocabulary.").wait_for()
    manager.get_by_role("link", name="Pre-mortem").click()
    manager.locator("#def-h + p", has_text="Imagine the deal is lost").wait_for()
    manager_ctx.close()

    rep.goto(f"{server.url}/vocabulary/champion/")
    rep.get_by_role("link", name="Cost of delay").click()
    rep.wait_for_url(f"**/library/clips/{clip.id}/")
    rep.locator("#transcript a.term", has_text="champion").wait_for()
    rep.get_by_role("heading", name="How it was said").wait_for()
    rep.get_by_text("Pace:").wait_for()
    assert rep.locator(".timeline__mark--question").count() >= 1
    rep.wait_for_function("() => document.getElementById('player').readyState >= 1", timeout=15_000)
    mark = rep.locator(".timeline__mark--question").first
    at = float(mark.get_attribute("data-seek"))
    mark.click()
    rep.wait_for_function(
        f"() => Math.abs(document.getElementById('player').currentTime - {at}) < 0.6",
        timeout=5_000,
    )
    assert_fits_the_screen(rep)
    screenshot(rep, "clip-speaking-metrics-phone")
    rep.locator("#transcript a.term", has_text="champion").click()
    rep.wait_for_url("**/vocabulary/champion/")
    rep_ctx.close()
    assert Clip.objects.get().transcript.words
