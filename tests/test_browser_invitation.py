"""In a real browser: sign in, invite a person, accept in a second browser, see the team."""

import re

import pytest
from django.core import mail

from accounts.models import Membership, User
from conftest import PASSWORD, build_world
from tests.browser import (
    DESKTOP,
    PHONE,
    assert_fits_the_screen,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def live_world(transactional_db):
    return build_world()


def test_admin_invites_and_the_invitee_joins_from_a_phone(
    browser,
    live_server,
    live_world,
    run_worker,
    settings,
):
    settings.SITE_URL = live_server.url
    admin = browser.new_context(**DESKTOP)
    page = admin.new_page()
    sign_in(page, live_server.url, "ada@acme.test", PASSWORD)
    screenshot(page, "home-admin-desktop")

    page.get_by_role("link", name="Invite someone").first.click()
    page.get_by_label("Work email").fill("nina.new@acme.test")
    page.get_by_label("Name (optional)").fill("Nina New")
    page.get_by_label("Team").select_option(label="Alpha Sellers")
    page.get_by_label("Rep").check()
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent to nina.new@acme.test").wait_for()
    screenshot(page, "invitations-desktop")

    run_worker()
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/join/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)

    invitee = browser.new_context(**PHONE)
    phone = invitee.new_page()
    phone.goto(link)
    phone.get_by_text("Join Acme Robotics").wait_for()
    phone.get_by_label("Your name").fill("Nina New")
    phone.get_by_label("Choose a password").fill("sunny-pipeline-42")
    phone.get_by_label("Type it again").fill("sunny-pipeline-43")
    phone.get_by_role("button", name="Join the team").click()
    phone.get_by_role("alert").get_by_text("The two passwords differ").wait_for()
    assert phone.get_by_label("Your name").input_value() == "Nina New"
    screenshot(phone, "join-error-phone")
    phone.get_by_label("Choose a password").fill("sunny-pipeline-42")
    phone.get_by_label("Type it again").fill("sunny-pipeline-42")
    phone.get_by_role("button", name="Join the team").click()
    phone.wait_for_url(f"{live_server.url}/")
    phone.get_by_text("Welcome to Acme Robotics, Nina").wait_for()
    team_card = phone.locator("article.team", has_text="Alpha Sellers")
    for teammate in ["Max Manager", "Rita Rep", "Nina New"]:
        assert team_card.get_by_text(teammate).is_visible()
    assert_fits_the_screen(phone)
    screenshot(phone, "home-rep-phone")

    phone.get_by_role("link", name="Alpha Sellers").click()
    phone.get_by_role("heading", name="Reps (2)").wait_for()
    assert_fits_the_screen(phone)
    screenshot(phone, "team-phone")

    nina = User.objects.get(email="nina.new@acme.test")
    assert Membership.objects.get(user=nina).team_id == live_world.alpha.id

    page.reload()
    assert (
        page.locator(".invite", has_text="nina.new@acme.test").get_by_text("accepted").is_visible()
    )
    admin.close()
    invitee.close()


def test_profile_edit_on_a_phone_with_a_bad_photo_keeps_the_typed_fields(
    browser,
    live_server,
    live_world,
    tmp_path,
):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "rita@acme.test", PASSWORD)
    # The avatar, on a phone: its name says whose profile it opens.
    page.get_by_role("link", name=re.compile(r"^Rita\W+your profile$")).click()
    page.get_by_label("Title").fill("Enterprise Account Executive")
    page.get_by_label("Acts of service").check()
    not_a_photo = tmp_path / "deal-notes.png"
    not_a_photo.write_text("these are my notes, not a picture")
    page.get_by_label("Photo", exact=True).set_input_files(str(not_a_photo))
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("not a photo we can read").first.wait_for()
    assert page.get_by_label("Title").input_value() == "Enterprise Account Executive"
    assert page.get_by_label("Acts of service").is_checked()
    screenshot(page, "profile-error-phone")

    page.get_by_label("Photo", exact=True).set_input_files([])
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile is saved").wait_for()
    assert_fits_the_screen(page)
    screenshot(page, "profile-phone")
    context.close()
    rep = User.objects.get(email="rita@acme.test")
    assert rep.title == "Enterprise Account Executive" and rep.appreciation == "acts_of_service"


def test_manager_and_admin_pages_fit_a_phone(browser, live_server, live_world):
    for email, paths in [
        ("max@acme.test", ["/", "/invitations/new/", f"/teams/{live_world.alpha.id}/"]),
        (
            "ada@acme.test",
            [
                "/",
                "/manage/people/",
                f"/manage/teams/{live_world.alpha.id}/",
                f"/manage/people/{live_world.rep.id}/",
                "/invitations/",
            ],
        ),
    ]:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        sign_in(page, live_server.url, email, PASSWORD)
        for path in paths:
            page.goto(live_server.url + path)
            assert_fits_the_screen(page)
        screenshot(page, f"last-page-{email.split('@')[0]}-phone")
        context.close()
