"""Guessing is limited: sign-in per account and per address, password reset, invitation links
and API tokens. Each limit answers with what to do, and the right answer waits too."""

import json

from django.core import mail
from django.test import Client
from django.urls import reverse

from coaching import services as coaching
from conftest import PASSWORD
from roundtable import throttle


def _sign_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_after_ten_wrong_passwords_even_the_right_one_waits(world):
    client = Client()
    for _ in range(throttle.SIGN_IN_ACCOUNT.tries):
        wrong = _sign_in(client, "rita@acme.test", "not-it")
        assert "do not match" in wrong.content.decode()
    blocked = _sign_in(client, "RITA@acme.test", PASSWORD)
    html = blocked.content.decode()
    assert blocked.status_code == 200 and "Too many failed sign-ins" in html
    assert "Forgot your password?" in html and "_auth_user_id" not in client.session
    # Another account from the same address is not locked by Rita's attempts.
    assert _sign_in(client, "max@acme.test", PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_stopped(world):
    client = Client()
    for n in range(throttle.SIGN_IN_ADDRESS.tries):
        _sign_in(client, f"someone{n}@acme.test", "guess")
    refused = _sign_in(client, "max@acme.test", PASSWORD)
    assert "Too many failed sign-ins" in refused.content.decode()
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    assert _sign_in(elsewhere, "max@acme.test", PASSWORD).status_code == 302


def test_password_reset_emails_are_limited_per_address(world):
    client = Client()
    for _ in range(throttle.RESET_ACCOUNT.tries):
        assert (
            client.post(reverse("password_reset"), {"email": "rita@acme.test"}).status_code == 302
        )
    refused = client.post(reverse("password_reset"), {"email": "rita@acme.test"})
    assert refused.status_code == 200 and "Too many reset requests" in refused.content.decode()
    assert len(mail.outbox) == throttle.RESET_ACCOUNT.tries


def test_guessing_invitation_links_is_stopped_with_a_way_forward(world):
    from accounts import services

    invitation = services.invitation_create(
        actor=world.admin, email="new@acme.test", role="rep", team=world.alpha
    )
    client = Client()
    for n in range(throttle.INVITATION_ADDRESS.tries):
        assert client.get(reverse("invitation_accept", args=[f"guess-{n}"])).status_code == 404
    page = client.get(reverse("invitation_accept", args=[invitation.token]))
    assert page.status_code == 429 and "ask your manager" in page.content.decode()


def test_guessing_api_tokens_is_stopped(world):
    _, secret = coaching.token_create(organisation=world.org, name="CRM", actor=world.admin)
    client = Client()
    url = reverse("kpi_values_api")
    body = json.dumps({"values": []})
    for n in range(throttle.API_TOKEN_ADDRESS.tries):
        answer = client.post(
            url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer rt_{n}"
        )
        assert answer.status_code == 401
    answer = client.post(
        url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert answer.status_code == 429 and answer["Retry-After"] == "900"
