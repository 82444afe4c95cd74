"""In Chromium: a live role-play with the leader first and a feedback round, and a deal clinic
that ends in the owner's action items."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import services as account_services
from conftest import build_world, make_person
from meetings.models import ActionItem
from tests.browser import DESKTOP, PHONE, assert_fits_the_screen, screenshot, signed_in

pytestmark = pytest.mark.browser


def _next(page):
    page.locator("#controls [data-move=advance]").click()


def _phase(page, title):
    page.locator("#phase-title", has_text=title).wait_for(timeout=10_000)


def test_roleplay_leader_first_then_feedback_and_a_deal_clinic(browser, server):
    world = build_world()
    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    account_services.membership_set(team=world.alpha, person=cleo, role="rep")

    lead_ctx, lead = signed_in(browser, server, world.manager, DESKTOP)
    lead.goto(f"{server.url}/practice/")
    lead.get_by_role("link", name="Live role-play").click()
    lead.get_by_label("Situation").fill("Renewal with a cost-cutting CFO")
    lead.get_by_label("The objection to raise").fill("Your price went up 12%.")
    lead.get_by_label("Who plays the buyer").select_option(label="Cleo Consult")
    lead.get_by_role("group", name="Who takes a turn after you").get_by_label("Rita Rep").check()
    lead.get_by_role("button", name="Open it live").click()
    lead.wait_for_url("**/meetings/*/")
    live_url = lead.url
    rita_ctx, rita = signed_in(browser, server, world.rep, PHONE)
    rita.goto(live_url)
    rita.locator("#brief", has_text="The objection to raise: Your price went up 12%.").wait_for()
    rita.locator("#conn", has_text="live").wait_for()

    lead.get_by_role("button", name="Start the session").click()
    _phase(rita, "The scenario")
    _next(lead)
    _phase(rita, "Turn")
    rita.locator("#turn", has_text="Turn 1 of 2: Max Manager").wait_for()  # the leader first
    _next(lead)
    _phase(rita, "Feedback round")
    rita.locator("#turn", has_text="Feedback on Max Manager's turn").wait_for()
    rita.locator("#text").fill("Great energy!")
    rita.locator("#send").click()
    rita.locator("#nudge", has_text="Could it be more concrete?").wait_for()
    rita.locator("#text").fill("You named the 12% before they did, and Cleo relaxed.")
    rita.locator("#send").click()
    lead.locator("#feed [data-label=concrete]").wait_for()
    assert lead.locator("#feed [data-label=abstract]").count() == 1
    assert_fits_the_screen(rita)
    screenshot(rita, "roleplay-feedback-phone")
    _next(lead)
    rita.locator("#turn", has_text="Turn 2 of 2: You").wait_for()
    screenshot(lead, "roleplay-leader-desktop")
    rita_ctx.close()

    lead.goto(f"{server.url}/practice/")
    lead.get_by_role("link", name="Deal clinic").click()
    lead.get_by_label("The deal").fill("Northwind renewal, 80k, close 30 June")
    lead.get_by_label("Who owns it").select_option(label="Rita Rep")
    lead.get_by_role("group", name="Who questions and advises").get_by_label("Cleo Consult").check()
    lead.get_by_role("button", name="Open it live").click()
    lead.wait_for_url("**/meetings/*/")
    owner_ctx, owner = signed_in(browser, server, world.rep, PHONE)
    owner.goto(lead.url)
    owner.locator("#conn", has_text="live").wait_for()
    lead.get_by_role("button", name="Start the session").click()
    _phase(owner, "The deal in one minute")
    for title in ("Clarifying questions", "Risks and next steps", "The owner's commitments"):
        _next(lead)
        _phase(owner, title)
    owner.locator("#text").fill("Book a call with the CFO")
    owner.locator("#due_on").fill((timezone.now() + timedelta(days=7)).strftime("%Y-%m-%d"))
    owner.locator("#success").fill("A date in the calendar")
    owner.locator("#send").click()
    lead.locator("#feed", has_text="Action plan (1)").wait_for()
    assert_fits_the_screen(owner)
    screenshot(owner, "dealclinic-commitments-phone")
    _next(lead)
    owner.locator("#ended").wait_for()
    action = ActionItem.objects.get()
    assert (action.owner, action.what) == (world.rep, "Book a call with the CFO")
    owner.get_by_role("link", name="See the record and its commitments").click()
    owner.locator("#commitments", has_text="Book a call with the CFO").wait_for()
    assert_fits_the_screen(owner)
    screenshot(owner, "dealclinic-record-phone")

    # A role-play planned for tomorrow: Rita's home says when and her part.
    lead.goto(f"{server.url}/practice/")
    lead.get_by_role("link", name="Live role-play").click()
    lead.get_by_label("The objection to raise").fill("We already have a vendor.")
    lead.get_by_label("Who plays the buyer").select_option(label="Cleo Consult")
    lead.get_by_role("group", name="Who takes a turn after you").get_by_label("Rita Rep").check()
    tomorrow = timezone.localtime(timezone.now() + timedelta(days=1)).replace(hour=10, minute=0)
    lead.get_by_label("When").fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    lead.get_by_role("button", name="Open it live").click()
    lead.get_by_text("Planned: everyone chosen is told").wait_for()
    owner.goto(f"{server.url}/")
    planned = owner.locator("section", has_text="Role-plays and clinics in the next 7 days")
    planned.get_by_text("You take a turn").wait_for()
    assert_fits_the_screen(owner)
    screenshot(owner, "home-practice-planned-phone")
    owner.goto(f"{server.url}/practice/")
    owner.locator("#live-practice", has_text="Upcoming").wait_for()
    screenshot(owner, "practice-upcoming-past-phone")
    for context in (lead_ctx, owner_ctx):
        context.close()
