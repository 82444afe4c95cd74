"""In Chromium, as a team lives it: Rita's case reaches the team, Marcus triages it and plans a
session, then moves it; after each step each person's bell says what they should hear (Rita on
her phone)."""

import pytest

from codev import services as codev
from codev.models import CodevSession
from conftest import COMPLETE_CASE, build_world
from tests.browser import DESKTOP, PHONE, assert_fits_the_screen, screenshot, signed_in

pytestmark = pytest.mark.browser


def _home(page, server, block: str) -> str:
    """The text of one block of the person's home."""
    page.goto(f"{server.url}/")
    return page.locator("section", has=page.get_by_role("heading", name=block)).inner_text()


def _bell(page, server) -> str:
    page.goto(f"{server.url}/notifications/")
    return page.locator(".row-list").inner_text()


def test_a_case_triaged_then_a_session_planned_and_moved_reach_the_right_bells(browser, server):
    world = build_world()
    world.rep.time_zone = "UTC"
    world.rep.save(update_fields=["time_zone"])
    rita_ctx, rita = signed_in(browser, server, world.rep, PHONE)
    marcus_ctx, marcus = signed_in(browser, server, world.manager, DESKTOP)

    # Rita's case reaches the team (written on her phone in the case tests).
    case = codev.case_save(author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True)

    # Marcus hears of it, and nobody else does; each home says where the case stands.
    assert "It waits for your triage" in _bell(marcus, server)
    assert "Nothing new" in _bell(rita, server)
    assert case.title in _home(marcus, server, "Cases to triage")
    assert "waiting for triage" in _home(rita, server, "Your cases").lower()

    # Marcus sends it to co-development with a reason; Rita hears what happens next and why.
    marcus.goto(f"{server.url}/cases/{case.id}/")
    marcus.get_by_label("Co-development").check()
    marcus.locator("[name=reason]").fill("The whole team meets this CFO")
    marcus.get_by_role("button", name="Save decision").click()
    marcus.wait_for_load_state()
    words = _bell(rita, server)
    assert "triaged your case" in words and "Why: The whole team meets this CFO" in words
    screenshot(rita, "week-bell-triaged-phone")
    assert_fits_the_screen(rita)
    assert "co-development" in _home(rita, server, "Your cases").lower()
    screenshot(rita, "week-home-triaged-phone")
    assert_fits_the_screen(rita)

    # He plans a session on her case, then moves it: Rita hears both, in her own time.
    marcus.goto(f"{server.url}/teams/{world.alpha.id}/sessions/")
    marcus.get_by_label("When").fill("2031-03-05T15:00")
    marcus.get_by_label("Presenter (the client)").select_option(label="Rita Rep")
    marcus.get_by_label("Case (optional)").select_option(label=case.title)
    marcus.get_by_role("button", name="Schedule").click()
    marcus.get_by_text("Session scheduled.").wait_for()
    session = CodevSession.objects.get()
    marcus.goto(f"{server.url}/sessions/{session.id}/")
    marcus.get_by_text("Change this session").click()
    marcus.get_by_label("New date and time").fill("2031-03-06T09:30")
    marcus.get_by_role("button", name="Move it").click()
    marcus.get_by_text("Session moved").wait_for()
    screenshot(marcus, "week-session-moved-desktop")
    words = _bell(rita, server)
    assert "Co-development session Wed 5 Mar, 15:00: you present" in words
    assert "to Thu 6 Mar, 09:30" in words
    screenshot(rita, "week-bell-moved-phone")
    rita_ctx.close()
    marcus_ctx.close()
