"""In Chromium: a live GROW 1:1 from the goal to action items, and the items coming back."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from coaching.tests.test_conversation_data import rep_with_data
from conftest import build_world
from meetings.models import ActionItem
from tests.browser import DESKTOP, PHONE, assert_fits_the_screen, screenshot, signed_in

pytestmark = pytest.mark.browser


def _start_grow(coach, server, topic):
    coach.goto(f"{server.url}/coaching/")
    coach.get_by_label("With", exact=True).select_option(label="Rita Rep")
    coach.get_by_label("Conversation", exact=True).select_option(label="GROW")
    coach.get_by_label("Topic", exact=True).fill(topic)
    coach.get_by_role("button", name="Start").click()
    coach.wait_for_url("**/meetings/*/")
    return coach.url


def test_a_grow_1on1_ends_in_action_items_that_come_back(browser, server):
    world = build_world()
    coach_ctx, coach = signed_in(browser, server, world.manager, DESKTOP)
    live_url = _start_grow(coach, server, "Discovery calls run long")
    rep_ctx, rep = signed_in(browser, server, world.rep, PHONE)
    rep.goto(live_url)
    rep.get_by_text("Private to the two of you").wait_for()
    rep.locator("#conn", has_text="live").wait_for()

    coach.get_by_role("button", name="Start the session").click()
    rep.locator("#phase-title", has_text="Goal").wait_for()
    rep.locator("#prompts", has_text="What would success look like this quarter?").wait_for()
    rep.locator("#text").fill("Discovery under 30 minutes, with the next step booked.")
    rep.locator("#send").click()
    coach.locator("#feed", has_text="Discovery under 30 minutes").wait_for()
    for title in ("Reality", "Options", "Way forward"):
        coach.locator("#controls [data-move=advance]").click()
        rep.locator("#phase-title", has_text=title).wait_for()
    assert rep.get_by_label("Action plan").is_checked()  # the last phase takes actions first
    rep.locator("#text").fill("Time every discovery call this week")
    rep.locator("#due_on").fill((timezone.now() + timedelta(days=7)).strftime("%Y-%m-%d"))
    rep.locator("#success").fill("Three calls under 30 minutes")
    rep.locator("#send").click()
    coach.locator("#feed", has_text="Action plan (1)").wait_for()
    assert_fits_the_screen(rep)
    screenshot(rep, "coaching-grow-way-forward-phone")
    coach.locator("#controls [data-move=advance]").click()
    rep.locator("#ended").wait_for()
    rep.locator("#conn", has_text="ended").wait_for()  # no longer says "live"
    item = ActionItem.objects.get()
    assert (item.owner, item.success) == (world.rep, "Three calls under 30 minutes")

    next_url = _start_grow(coach, server, "Discovery, two weeks on")
    coach.locator("#returning", has_text="Time every discovery call this week").wait_for()
    screenshot(coach, "coaching-items-return-desktop")
    rep.goto(next_url)
    returning = rep.locator("#returning")
    returning.get_by_label("Status").select_option("done")
    returning.get_by_label("What happened").fill("Two of three under 30 minutes")
    returning.get_by_role("button", name="Update").click()
    rep.wait_for_url(next_url)
    assert rep.locator("#returning").count() == 0
    item.refresh_from_db()
    assert (item.status, item.update) == ("done", "Two of three under 30 minutes")
    for context in (coach_ctx, rep_ctx):
        context.close()


def test_a_live_sled_brings_the_reps_data_to_its_phase_and_walks_the_chart(browser, server):
    world = build_world()
    rep_with_data(world)
    coach_ctx, coach = signed_in(browser, server, world.manager, DESKTOP)
    coach.goto(f"{server.url}/coaching/")
    coach.get_by_label("With", exact=True).select_option(label="Rita Rep")
    coach.get_by_label("Conversation", exact=True).select_option(label="SLED")
    coach.get_by_label("Topic", exact=True).fill("Win rate")
    coach.get_by_role("button", name="Start").click()
    coach.wait_for_url("**/meetings/*/")
    rep_ctx, rep = signed_in(browser, server, world.rep, PHONE)
    rep.goto(coach.url)
    rep.locator("#conn", has_text="live").wait_for()
    analysis = rep.locator('[data-phase-data="lead_analysis"]')
    assert not analysis.is_visible()  # waiting: no phase, no data yet

    coach.locator("#phase-title", has_text="Start the session when everyone is here").wait_for()
    coach.get_by_role("button", name="Start the session").click()
    rep.locator("#phase-title", has_text="Set the stage").wait_for()
    assert not analysis.is_visible()
    coach.locator("#controls [data-move=advance]").click()
    rep.locator("#phase-title", has_text="Lead the performance analysis").wait_for()
    analysis.get_by_text("Where Rita stands against objectives").wait_for()
    text = analysis.inner_text()
    assert "short" in text.lower() and "Map the buying committee" in text
    assert_fits_the_screen(rep)
    screenshot(rep, "coaching-sled-results-phone")

    coach.locator("#controls [data-move=advance]").click()
    rep.locator("#phase-title", has_text="Explore").wait_for()
    strip = rep.locator("#phases")  # on the phone the current phase is scrolled into view
    box, current = strip.bounding_box(), strip.locator("[aria-current]").bounding_box()
    assert box["x"] - 1 <= current["x"] <= box["x"] + box["width"] / 2  # its start in view
    chart = coach.locator('[data-phase-data="explore"]')
    chart.get_by_text("Solution chart").wait_for()
    assert not coach.locator('[data-phase-data="lead_analysis"]').is_visible()
    chart.get_by_label("The gap").fill("Win rate 18% against 25%")
    chart.get_by_role("group", name=re.compile("worth", re.I)).get_by_label("Yes").check()
    live_url = coach.url
    chart.get_by_role("button", name="Record the chart's answer").click()  # half answered
    chart.get_by_text("needs one more answer").wait_for()  # said in place, in the room
    assert coach.url == live_url and chart.get_by_label("The gap").input_value()
    assert chart.locator(".yesno--next").get_by_text("know what is expected").count() == 1
    for question, answer in (("worth", "Yes"), ("know", "Yes"), ("could they", "Yes")):
        chart.get_by_role("group", name=re.compile(question, re.I)).get_by_label(answer).check()
    chart.get_by_role("group", name=re.compile("in the way", re.I)).get_by_label("Yes").check()
    chart.get_by_role("button", name="Record the chart's answer").click()
    coach.get_by_text("Recorded: Remove an obstacle").wait_for()
    chart.get_by_text("Win rate 18% against 25%").wait_for()  # back in the room, same phase
    screenshot(coach, "coaching-sled-solution-desktop")
    # The rep's phone shows the gap worked through without a reload.
    rep.locator('[data-phase-data="explore"]').get_by_text("Win rate 18% against 25%").wait_for()
    assert rep.locator('[data-phase-data="explore"] button').count() == 0  # the coach records
    for context in (coach_ctx, rep_ctx):
        context.close()
