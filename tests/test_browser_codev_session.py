"""A whole co-development session in four browsers: facilitator, client and two consultants.

Real uvicorn process, real WebSockets, short timeboxes. Covers a refused statement in the
questions phase, following the facilitator except while typing, a dropped connection that
reconnects and gets the whole state again, and the follow-up at the next session.
"""

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from accounts import services as account_services
from accounts.models import TeamRole
from codev import services as codev_services
from codev.models import CodevSession, SessionStatus
from conftest import build_world, make_person
from meetings.models import ActionItem, Contribution, Meeting
from recognition.models import Notification, NotificationKind
from tests.browser import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    assert_fits_the_screen,
    screenshot,
    signed_in,
)

pytestmark = pytest.mark.browser
FAST = {
    "presentation": 0.05,
    "questions": 0.5,
    "request": 0.5,
    "consultation": 0.5,
    "action_plan": 1,
    "lessons": 0.5,
}


@pytest.fixture
def team(transactional_db):
    world = build_world()
    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    dev = make_person(world.org, "dev@acme.test", "Dev Consult")
    for person in (cleo, dev):
        account_services.membership_set(team=world.alpha, person=person, role=TeamRole.REP)
    codev_services.cadence_update(team=world.alpha, every_months=1, minutes=60, phase_minutes=FAST)
    return world, cleo, dev


def _phase(page, title):
    page.locator("#phase-title", has_text=title).wait_for(timeout=10_000)


def _next(page):
    page.locator("#controls [data-move=advance]").click()


def _say(page, text):
    page.locator("#text").fill(text)
    page.locator("#send").click()


def test_a_whole_session_from_start_to_follow_up(browser, server, team):
    world, cleo, dev = team
    session = codev_services.session_schedule(
        team=world.alpha,
        scheduled_at=timezone.now() + timedelta(minutes=5),
        presenter=world.rep,
        facilitator=world.manager,
    )
    facilitator_ctx, facilitator = signed_in(browser, server, world.manager, DESKTOP)
    facilitator.goto(f"{server.url}/sessions/{session.id}/")
    facilitator.get_by_role("button", name="Open the live session").click()
    facilitator.wait_for_url("**/meetings/*/")
    live_url = facilitator.url
    screens = {"facilitator": facilitator}
    contexts = [facilitator_ctx]
    for name, user in [("client", world.rep), ("cleo", cleo), ("dev", dev)]:
        context, page = signed_in(browser, server, user, PHONE)
        if name == "client":  # Rita joins from her home: the room is one tap away
            page.goto(f"{server.url}/")
            page.get_by_role("heading", name="Live now").wait_for()
            screenshot(page, "home-live-now-phone")
            page.get_by_role("link", name="Join").first.click()
            page.wait_for_url(live_url)
        else:
            page.goto(live_url)
        contexts.append(context)
        screens[name] = page
    client, cleo_page, dev_page = screens["client"], screens["cleo"], screens["dev"]
    for page in screens.values():
        page.locator("#conn", has_text="live").wait_for()
    # Presence: the facilitator sees all four online.
    facilitator.locator("#people [data-online='1']").nth(3).wait_for()
    # A change whose broadcast never arrived: the next ping (every 10 s) brings it.
    meeting_id = int(live_url.rstrip("/").rsplit("/", 1)[1])
    lost = Contribution.objects.create(
        meeting_id=meeting_id, author=world.rep, kind="lesson", phase_key="lessons", text="Lost"
    )
    Meeting.objects.filter(id=meeting_id).update(version=F("version") + 1)
    dev_page.locator("#feed", has_text="Lost").wait_for(timeout=25_000)
    lost.delete()
    Meeting.objects.filter(id=meeting_id).update(version=F("version") + 1)

    facilitator.get_by_role("button", name="Start the session").click()
    for page in screens.values():
        _phase(page, "Presentation")
    # Three seconds later time is up on every screen, and nothing moves by itself.
    for page in (client, cleo_page, dev_page):
        assert not page.locator("#controls").is_visible()  # only the facilitator moves on
    assert facilitator.locator("#controls [data-move=advance]").is_visible()
    client.locator("#banner", has_text="Time's up").wait_for(timeout=10_000)
    cleo_page.locator("#banner", has_text="Time's up").wait_for()
    assert client.locator("#phase-title").text_content() == "Presentation"
    assert int(client.evaluate("document.body.dataset.beeped || 0")) >= 1
    screenshot(client, "live-times-up-phone")

    _next(facilitator)
    _phase(cleo_page, "Open questions")
    cleo_page.locator("#turn", has_text="Turn 1 of 2: You speak").wait_for()
    assert dev_page.locator("#turn").text_content() == "Turn 1 of 2: Cleo Consult speaks"
    _say(cleo_page, "You should give them a discount.")
    cleo_page.locator("#box-error", has_text="not a question").wait_for()
    assert cleo_page.locator("#text").input_value() == "You should give them a discount."
    screenshot(cleo_page, "live-refused-statement-phone")
    _say(cleo_page, "What did the CFO say about this year's budget?")
    dev_page.locator("#feed", has_text="this year's budget").wait_for()
    facilitator.locator("#feed", has_text="this year's budget").wait_for()
    # A closed question is checked before it is posted: only Cleo sees why and an open
    # rewrite, then chooses. She asks it anyway, then asks the rewrite too.
    _say(cleo_page, "Did you talk to the CFO directly?")
    rewrite = "What happened when you talked to the CFO directly?"
    cleo_page.locator("#nudge", has_text=rewrite).wait_for()
    assert cleo_page.locator("#nudge-title").text_content() == "Before you ask:"
    assert not dev_page.locator("#nudge").is_visible()
    assert dev_page.locator("#feed [data-label=closed]").count() == 0  # not posted yet
    assert_fits_the_screen(cleo_page)
    screenshot(cleo_page, "live-question-check-phone")
    cleo_page.get_by_role("button", name="Ask it anyway").click()
    dev_page.locator("#feed [data-label=closed]").wait_for()
    assert dev_page.locator("#feed [data-label=open]").count() == 1
    # Her own question can be withdrawn while the phase runs; the others see it go.
    _say(cleo_page, "Is the budget frozen?")
    cleo_page.get_by_role("button", name="Ask it anyway").click()
    dev_page.locator("#feed", has_text="Is the budget frozen?").wait_for()
    assert dev_page.locator("#feed [data-withdraw]").count() == 0  # only the author's
    cleo_page.locator("#feed li", has_text="Is the budget frozen?").locator(
        "[data-withdraw]"
    ).click()
    dev_page.locator("#feed", has_text="Is the budget frozen?").wait_for(state="detached")
    _say(cleo_page, "Did you talk to the CFO directly?")
    cleo_page.get_by_role("button", name="Ask it this way").click()
    assert cleo_page.locator("#text").input_value() == rewrite
    cleo_page.locator("#send").click()
    # The facilitator sees the mix; the others do not.
    facilitator.locator("#qcounts [data-count=open]", has_text="2 open").wait_for()
    assert facilitator.locator("#qcounts [data-count=closed]").text_content() == "1 closed"
    assert facilitator.locator("#qcounts [data-count=advice]").text_content() == "0 advice"
    assert dev_page.locator("#qcounts").count() == 0
    screenshot(facilitator, "live-question-counts-desktop")

    # Dev loses the connection; the facilitator pauses meanwhile; Dev comes back in step.
    facilitator.locator("#controls [data-move=skip]").click()
    dev_page.locator("#turn", has_text="Turn 2 of 2: You speak").wait_for()
    dev_page.context.set_offline(True)
    dev_page.locator("#conn", has_text="reconnecting").wait_for(timeout=10_000)
    facilitator.locator("#controls [data-move=pause]").click()
    cleo_page.locator("#banner", has_text="Paused").wait_for()
    dev_page.context.set_offline(False)
    dev_page.locator("#banner", has_text="Paused").wait_for(timeout=20_000)
    dev_page.locator("#conn", has_text="live").wait_for(timeout=20_000)
    facilitator.locator("#controls [data-move=resume]").click()

    # Dev is typing when the facilitator moves on: the text stays under Dev's fingers.
    dev_page.locator("#text").click()
    dev_page.locator("#text").type("How did the IT lead react")
    _next(facilitator)
    _phase(dev_page, "The request")
    dev_page.locator("#moved-on", has_text="as late question").wait_for()
    assert dev_page.locator("#text").input_value() == "How did the IT lead react"
    screenshot(dev_page, "live-moved-on-while-typing-phone")
    dev_page.locator("#send").click()  # what the banner said: filed as a late question
    dev_page.locator("#filed", has_text="late one").wait_for()
    facilitator.locator("#feed li", has_text="How did the IT lead react").locator(
        ".tag", has_text="late"
    ).wait_for()

    client.locator("#box-h").wait_for()
    _say(client, "Help me find a way to reach the CFO before the budget freeze.")
    facilitator.locator("#feed", has_text="budget freeze").wait_for()
    _next(facilitator)
    _phase(cleo_page, "Consultation")
    _say(cleo_page, "Ask the IT lead to co-present the pilot results to the CFO.")
    facilitator.locator("[data-move=advance]").click()
    dev_page.locator("#turn", has_text="Turn 2 of 2: You").wait_for()
    _say(dev_page, "In a similar deal I sent a one-page cost of doing nothing.")
    # Advice gets the one concreteness nudge before it is posted; Dev posts it as it is.
    dev_page.locator("#nudge", has_text="Could it be more concrete?").wait_for()
    dev_page.get_by_role("button", name="Post it as it is").click()
    client.locator("#feed", has_text="cost of doing nothing").wait_for()
    _next(facilitator)
    _phase(client, "Reflection and action plan")
    client.locator("#text").fill("Send the one-page cost of doing nothing to the CFO")
    client.locator("#due_on").fill((timezone.now() + timedelta(days=7)).strftime("%Y-%m-%d"))
    client.locator("#success").fill("The CFO books a call")
    # The client credits Dev's advice: Dev is recognised for helping.
    advice = Contribution.objects.get(kind="advice", author=dev)
    client.locator("#credit").select_option(value=f"advice:{advice.id}")
    client.locator("#send").click()
    facilitator.locator("#feed", has_text="Action plan (1)").wait_for()
    facilitator.locator("#feed .credit", has_text="Thanks to Dev Consult's advice.").wait_for()
    assert_fits_the_screen(client)
    screenshot(client, "live-action-plan-phone")
    screenshot(facilitator, "live-facilitator-desktop")
    _next(facilitator)
    _phase(cleo_page, "Lessons learned")
    _say(cleo_page, "Bring the budget question into discovery, not the close.")
    # The facilitator hands over; Cleo's phone gets the controls and ends the session.
    facilitator.locator("#handover").select_option(label="Cleo Consult (consultant)")
    cleo_page.locator("#controls [data-move=advance]").wait_for()
    facilitator.locator("#controls").wait_for(state="hidden")
    _next(cleo_page)  # the lessons are one round shared by all: one Next ends the session
    for page in screens.values():
        page.locator("#ended").wait_for()
    session.refresh_from_db()
    assert session.status == SessionStatus.DONE
    dev_page.goto(f"{server.url}/")
    # Dev's words: the session planned, then live, and Rita's credit for his advice.
    unread = Notification.objects.filter(user=dev, read_at__isnull=True)
    assert unread.filter(kind=NotificationKind.SESSION).count() == 2
    count = unread.count()
    dev_page.locator(".bell__count", has_text=str(count)).wait_for()
    dev_page.locator(".topbar").screenshot(path=str(SCREENSHOTS / "bell-unread-phone.png"))
    dev_page.get_by_role("link", name=f"Notifications, {count} new").click()
    dev_page.get_by_role("link", name="it is live, join now").wait_for()
    dev_page.get_by_role(
        "link", name="Rita Rep credited your advice in their action plan."
    ).wait_for()
    assert_fits_the_screen(dev_page)
    screenshot(dev_page, "notifications-credit-phone")

    # The record, and a rating from the client.
    client.goto(f"{server.url}/sessions/{session.id}/")
    client.get_by_text("Help me find a way to reach the CFO").wait_for()
    client.get_by_label("5").check()
    client.get_by_label("One line for the team").fill("I know my next move.")
    client.get_by_role("button", name="Save my rating").click()
    client.get_by_text("Rated 5.0/5 by 1 participant").wait_for()
    screenshot(client, "session-record-phone")

    # The next session opens with the client's update on their action.
    CodevSession.objects.filter(id=session.id).update(
        scheduled_at=timezone.now() - timedelta(days=28)
    )
    following = codev_services.session_schedule(
        team=world.alpha,
        scheduled_at=timezone.now() + timedelta(days=2),
        presenter=cleo,
        facilitator=world.manager,
    )
    client.goto(f"{server.url}/sessions/{following.id}/")
    client.get_by_text("First: Rita Rep's update").wait_for()
    client.locator(".action-form select").select_option("done")
    client.locator(".action-form input[name=update]").fill("Sent it; call booked for Tuesday")
    client.locator(".action-form button").click()
    client.get_by_text("Action updated").wait_for()
    assert ActionItem.objects.get().status == "done"
    facilitator.goto(f"{server.url}/sessions/{following.id}/")
    facilitator.get_by_role("button", name="Open the live session").click()
    facilitator.get_by_text("Sent it; call booked for Tuesday").wait_for()
    screenshot(facilitator, "next-session-followup-desktop")
    for context in contexts:
        context.close()
