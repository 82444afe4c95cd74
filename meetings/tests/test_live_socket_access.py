"""A live screen closes when its person signs out, leaves the team or is deactivated."""

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse

from accounts import services as account_services
from conftest import open_session, run_async
from meetings.routing import websocket_urlpatterns


def _screen(user, meeting_id, session_key=None):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/meetings/{meeting_id}/"
    )
    communicator.scope["user"] = user
    if session_key:
        communicator.scope["session"] = SessionStore(session_key)
    return communicator


async def _closed_with(screen) -> int | None:
    """Read until the socket closes (states may arrive first); its close code."""
    for _ in range(20):
        message = await screen.receive_output(timeout=5)
        if message["type"] == "websocket.close":
            return message.get("code")
    return None


@pytest.mark.django_db(transaction=True)
def test_signing_out_closes_the_live_screens_of_that_browser(world, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    meeting = open_session(world)[1]
    browser = Client()
    browser.force_login(world.rep)
    key = browser.session.session_key

    async def scenario():
        screen = _screen(world.rep, meeting.id, key)
        connected, _ = await screen.connect()
        assert connected
        await screen.receive_json_from(timeout=5)
        await database_sync_to_async(browser.post)(reverse("logout"))
        return await _closed_with(screen)

    assert run_async(scenario) == 4401


@pytest.mark.django_db(transaction=True)
def test_a_screen_of_a_signed_out_session_is_refused_on_its_next_ping(world, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    meeting = open_session(world)[1]
    browser = Client()
    browser.force_login(world.rep)
    key = browser.session.session_key

    async def scenario():
        screen = _screen(world.rep, meeting.id, key)
        await screen.connect()
        await screen.receive_json_from(timeout=5)
        # The session ends without a signal reaching this process (another server, say).
        await database_sync_to_async(SessionStore(key).delete)()
        await screen.send_json_to({"type": "ping", "t0": 1})
        return await _closed_with(screen)

    assert run_async(scenario) == 4403


@pytest.mark.django_db(transaction=True)
def test_removal_from_the_team_closes_the_live_screen(world):
    meeting = open_session(world)[1]

    async def scenario():
        screen = _screen(world.rep, meeting.id)
        await screen.connect()
        await screen.receive_json_from(timeout=5)
        await database_sync_to_async(account_services.membership_remove)(
            team=world.alpha, person=world.rep
        )
        return await _closed_with(screen)

    assert run_async(scenario) == 4403


@pytest.mark.django_db(transaction=True)
def test_a_teammate_leaving_does_not_close_my_screen(world):
    meeting = open_session(world)[1]

    async def scenario():
        mine = _screen(world.manager, meeting.id)
        await mine.connect()
        await mine.receive_json_from(timeout=5)
        await database_sync_to_async(account_services.membership_remove)(
            team=world.alpha, person=world.rep
        )
        await mine.send_json_to({"type": "ping", "t0": 1})
        message = await mine.receive_json_from(timeout=5)
        while message["type"] != "pong":
            message = await mine.receive_json_from(timeout=5)
        await mine.disconnect()
        return message["type"]

    assert run_async(scenario) == "pong"
