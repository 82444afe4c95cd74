"""The live channel: the whole state on connect, every change pushed, strangers refused."""

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from conftest import open_session, run_async
from meetings import services
from meetings.routing import websocket_urlpatterns


@pytest.fixture
def meeting(world):
    return open_session(world)[1]


def _communicator(user, meeting_id):
    app = URLRouter(websocket_urlpatterns)
    communicator = WebsocketCommunicator(app, f"/ws/meetings/{meeting_id}/")
    communicator.scope["user"] = user
    return communicator


@pytest.mark.django_db(transaction=True)
def test_a_screen_gets_the_whole_state_then_every_move(world, meeting):
    async def scenario():
        from channels.db import database_sync_to_async

        screen = _communicator(world.rep, meeting.id)
        connected, _ = await screen.connect()
        assert connected
        first = await screen.receive_json_from(timeout=5)
        while first["state"]["participants"][1]["online"] is False:
            first = await screen.receive_json_from(timeout=5)
        await database_sync_to_async(services.meeting_move)(
            meeting_id=meeting.id, actor=world.manager, move="start"
        )
        pushed = await screen.receive_json_from(timeout=5)
        while pushed["state"]["status"] == "waiting":  # presence news may arrive first
            pushed = await screen.receive_json_from(timeout=5)
        await screen.disconnect()
        return first, pushed

    first, pushed = run_async(scenario)
    assert first["type"] == "state" and first["state"]["status"] == "waiting"
    assert pushed["state"]["status"] == "running"
    assert pushed["state"]["current"]["phase_key"] == "presentation"
    assert pushed["state"]["version"] > first["state"]["version"]


@pytest.mark.django_db(transaction=True)
def test_a_pong_carries_the_version_so_a_screen_that_missed_a_change_catches_up(world, meeting):
    async def scenario():
        from channels.db import database_sync_to_async

        from meetings.models import Meeting

        screen = _communicator(world.rep, meeting.id)
        await screen.connect()
        first = await screen.receive_json_from(timeout=5)
        # A change whose broadcast never reached this screen (no broadcast at all here).
        await database_sync_to_async(
            lambda: Meeting.objects.filter(id=meeting.id).update(
                version=first["state"]["version"] + 3, title="Renamed on the server"
            )
        )()
        await screen.send_json_to({"type": "ping", "t0": 1})
        message = await screen.receive_json_from(timeout=5)
        while message["type"] != "pong":
            message = await screen.receive_json_from(timeout=5)
        await screen.send_json_to({"type": "sync"})
        synced = await screen.receive_json_from(timeout=5)
        while synced["type"] != "state" or synced["state"]["title"] != "Renamed on the server":
            synced = await screen.receive_json_from(timeout=5)
        await screen.disconnect()
        return first, message, synced

    first, pong, synced = run_async(scenario)
    assert pong["version"] == first["state"]["version"] + 3
    assert synced["state"]["version"] == pong["version"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", ["other_rep", "outsider"])
def test_a_screen_outside_the_team_is_refused(world, meeting, who):
    async def attempt():
        screen = _communicator(getattr(world, who), meeting.id)
        return await screen.connect()

    assert run_async(attempt) == (False, 4404)
