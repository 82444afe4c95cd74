"""In Chromium: a challenge from the manager's laptop to the playbook, takes recorded on phones."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import services as account_services
from conftest import build_world, make_person
from library.models import Clip, ClipState
from practice.models import Challenge
from tests.browser import DESKTOP, PHONE, assert_fits_the_screen, screenshot, signed_in

pytestmark = pytest.mark.browser


def _record_take(page, server, challenge_id):
    page.goto(f"{server.url}/practice/{challenge_id}/")
    page.get_by_role("link", name="Record your take").click()
    page.get_by_text("Your take for").wait_for()
    page.get_by_role("button", name="Turn on camera").click()
    page.get_by_role("button", name="Record").click()
    page.locator("#rec-time").wait_for()
    page.wait_for_timeout(2500)
    page.get_by_role("button", name="Stop").click()
    page.locator("#upload-status", has_text="Uploaded").wait_for(timeout=20_000)
    page.get_by_role("button", name="Share clip").click()
    page.wait_for_url(f"**/practice/{challenge_id}/")
    page.get_by_text("Your take is in").wait_for()


def test_a_challenge_from_rubric_to_the_playbook(browser, server, run_worker):
    world = build_world()
    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    account_services.membership_set(team=world.alpha, person=cleo, role="rep")

    manager_ctx, manager = signed_in(browser, server, world.manager, DESKTOP, camera=True)
    manager.goto(f"{server.url}/practice/")
    manager.get_by_role("link", name="New challenge").click()
    manager.get_by_label("Title").fill("Your price is too high")
    manager.get_by_label("The prompt").fill("The CFO says: your price is too high.")
    manager.get_by_label("Selling situation").select_option(label="Pricing")
    manager.get_by_label("Rubric").fill("Acknowledges the concern, 2\nAnswers with value, 3")
    due = timezone.localtime() + timedelta(days=2)
    manager.get_by_label("Due").fill(due.strftime("%Y-%m-%dT%H:%M"))
    manager.get_by_label("Blind: each participant submits before seeing the others' takes").check()
    manager.get_by_role("button", name="Post it").click()
    manager.get_by_text("Posted.").wait_for()
    screenshot(manager, "practice-challenge-posted-desktop")
    challenge = Challenge.objects.get()
    assert challenge.blind and challenge.participants.count() == 2

    rita_ctx, rita = signed_in(browser, server, world.rep, PHONE, camera=True)
    _record_take(rita, server, challenge.id)
    cleo_ctx, cleo_page = signed_in(browser, server, cleo, PHONE, camera=True)
    cleo_page.goto(f"{server.url}/practice/{challenge.id}/")
    cleo_page.get_by_text("1 take already in. Submit yours to see them").wait_for()
    assert cleo_page.locator("article.take").count() == 0  # blind until Cleo submits
    assert_fits_the_screen(cleo_page)
    screenshot(cleo_page, "practice-blind-phone")
    _record_take(cleo_page, server, challenge.id)
    run_worker()
    assert set(Clip.objects.values_list("state", flat=True)) == {ClipState.READY}

    cleo_page.reload()
    rita_take = cleo_page.locator("article.take", has_text="Rita Rep")
    rita_take.get_by_text("Review this take").click()
    rita_take.get_by_role("group", name="Acknowledges the concern").get_by_label("3").check()
    rita_take.get_by_role("group", name="Answers with value").get_by_label("2").check()
    rita_take.get_by_label("Feedback").fill("Great job")
    rita_take.get_by_role("button", name="Save review").click()
    rita_take = cleo_page.locator("article.take", has_text="Rita Rep")
    rita_take.get_by_text("Could it be more concrete?").wait_for()
    rita_take.get_by_label("Feedback").fill("You named their audit deadline before the price.")
    rita_take.get_by_role("button", name="Save my edited review").click()
    cleo_page.get_by_text("Review saved for Rita Rep's take.").wait_for()
    assert_fits_the_screen(cleo_page)
    screenshot(cleo_page, "practice-reviewed-phone")

    manager.goto(f"{server.url}/practice/{challenge.id}/")
    manager.locator("article.take", has_text="Rita Rep").get_by_text("60%").wait_for()
    for name in ("Rita Rep", "Cleo Consult"):
        manager.get_by_role("checkbox", name=f"Compare {name}").check()
    manager.get_by_role("button", name="Compare the ticked takes").click()
    manager.get_by_role("heading", name="Side by side").wait_for()
    screenshot(manager, "practice-compare-desktop")
    manager.get_by_role("button", name="Feature Rita's take").click()
    manager.get_by_text("Rita Rep's take is now what good looks like").wait_for()
    manager_ctx.close()

    rita.goto(f"{server.url}/playbook/")
    rita.get_by_role("link", name="Pricing").click()
    featured = rita.locator("#featured li").first
    featured.get_by_text("Featured").wait_for()
    assert "My take: Your price is too high" in featured.text_content()
    assert_fits_the_screen(rita)
    screenshot(rita, "playbook-pricing-phone")
    for context in (rita_ctx, cleo_ctx):
        context.close()
