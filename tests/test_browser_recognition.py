"""In Chromium: a war story on a phone, kudos linked to it, and both on the leaderboard and the
team meeting agenda."""

import pytest

from accounts import services as account_services
from conftest import build_world, make_person
from recognition.models import Kudos
from tests.browser import DESKTOP, PHONE, assert_fits_the_screen, screenshot, signed_in

pytestmark = pytest.mark.browser


def test_war_story_kudos_leaderboard_and_agenda(browser, server):
    world = build_world()
    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult", appreciation="words")
    account_services.membership_set(team=world.alpha, person=cleo, role="rep")

    rita_ctx, rita = signed_in(browser, server, world.rep, PHONE)
    rita.goto(f"{server.url}/stories/")
    rita.get_by_label("War story: what went wrong, what we learned").check()
    rita.get_by_label("Title", exact=True).fill("Lost the bank deal at procurement")
    rita.get_by_label("What happened", exact=True).fill(
        "We never met the CFO; procurement ran the show."
    )
    rita.get_by_label("What we learned", exact=True).fill("Multi-thread before the proposal.")
    rita.get_by_label("For the next team meeting").check()
    rita.get_by_role("button", name="Share").click()
    rita.wait_for_url("**/stories/*/")
    assert_fits_the_screen(rita)
    screenshot(rita, "story-war-phone")
    rita_ctx.close()

    cleo_ctx, cleo_page = signed_in(browser, server, cleo, PHONE)
    cleo_page.goto(f"{server.url}/stories/")
    cleo_page.get_by_role("link", name="Lost the bank deal at procurement").click()
    cleo_page.get_by_role("button", name="Applaud 0").click()
    cleo_page.get_by_role("button", name="Applaud 1").wait_for()
    cleo_page.get_by_role("link", name="Give kudos").click()
    cleo_page.get_by_text("How your teammates like to be appreciated").click()
    cleo_page.get_by_text("Rita Rep").first.wait_for()
    cleo_page.get_by_label("Rita Rep").check()
    cleo_page.get_by_label("Message").fill("Sharing a loss this openly made me check my own deal.")
    # Only the link that fits what the kudos are for is shown: here, the story.
    assert cleo_page.get_by_label("The story").is_visible()
    assert not cleo_page.get_by_label("The clip").is_visible()
    assert_fits_the_screen(cleo_page)
    screenshot(cleo_page, "kudos-form-phone")
    cleo_page.get_by_role("button", name="Send").click()
    cleo_page.get_by_text("Kudos sent.").wait_for()
    kudos = Kudos.objects.get()
    assert kudos.for_kind == "story" and kudos.story.title == "Lost the bank deal at procurement"
    cleo_page.goto(f"{server.url}/leaderboard/")
    contribution = cleo_page.locator(
        "section", has=cleo_page.get_by_role("heading", name="Contribution")
    )
    contribution.get_by_text("Rita Rep").wait_for()  # the story
    contribution.get_by_text("Cleo Consult").wait_for()  # the kudos given
    assert_fits_the_screen(cleo_page)
    screenshot(cleo_page, "leaderboard-phone")
    cleo_ctx.close()

    manager_ctx, manager = signed_in(browser, server, world.manager, DESKTOP)
    manager.goto(f"{server.url}/teams/{world.alpha.id}/meeting-agenda/")
    manager.get_by_role("link", name="Lost the bank deal at procurement").wait_for()
    manager.get_by_text("Sharing a loss this openly").wait_for()
    screenshot(manager, "meeting-agenda-desktop")
    manager.get_by_role("button", name="Send by email").click()
    manager.get_by_text("Sent to 3 members of Alpha Sellers.").wait_for()
    manager_ctx.close()


def test_kudos_to_someone_found_by_search_on_a_phone(browser, server):
    world = build_world()
    rita_ctx, rita = signed_in(browser, server, world.rep, PHONE)
    rita.goto(f"{server.url}/kudos/")
    rita.get_by_label("Max Manager").wait_for()  # a teammate, listed
    assert rita.get_by_label("Otto Otherteam").count() == 0  # another team: a search away
    search = rita.get_by_label("Someone else: type their name")
    search.fill("ott")
    rita.get_by_label("Otto Otherteam").check()
    search.fill("max")  # a second search keeps Otto ticked, and Max is not listed twice
    rita.wait_for_timeout(800)
    assert rita.get_by_label("Otto Otherteam").is_checked()
    assert rita.get_by_label("Max Manager").count() == 1
    rita.get_by_label("Message").fill(
        "Otto, your pricing sheet for Northwind on Tuesday let me answer the CFO in the call."
    )
    rita.get_by_role("button", name="Send").click()
    if rita.get_by_role("button", name="Send it as it is").count():
        rita.get_by_role("button", name="Send it as it is").click()
    rita.get_by_text("Kudos sent.").wait_for()
    assert list(Kudos.objects.get().recipients.all()) == [world.other_rep]
    assert_fits_the_screen(rita)
    rita_ctx.close()
