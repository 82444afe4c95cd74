"""Two ASGI server processes share the Redis channel layer: a move made through one server
reaches a screen connected to the other."""

import json
import secrets
import urllib.parse
import urllib.request

import pytest
from websockets.sync.client import connect

from conftest import open_session, redis_test_url, require_component
from tests.servers import AsgiServer, session_cookie
from tests.test_channels import _redis_reachable

pytestmark = pytest.mark.redis


def post_as(server: AsgiServer, path: str, cookie: str, data: dict) -> dict:
    """A form POST like the page makes: session cookie plus a CSRF cookie and header."""
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts an unmasked secret
    request = urllib.request.Request(  # noqa: S310 - the test's own localhost server
        server.url + path,
        data=urllib.parse.urlencode(data).encode(),
        headers={"Cookie": f"sessionid={cookie}; csrftoken={csrf}", "X-CSRFToken": csrf},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - localhost
        return json.load(response)


def receive_until(socket, predicate, attempts: int = 20) -> dict:
    for _ in range(attempts):
        message = json.loads(socket.recv(timeout=10))
        if message["type"] == "state" and predicate(message["state"]):
            return message["state"]
    raise AssertionError("the expected state never arrived")


def test_a_move_through_one_server_reaches_a_screen_on_the_other(world, transactional_db):
    redis_url = redis_test_url()
    require_component(_redis_reachable(redis_url), f"Redis at {redis_url}")
    _session, meeting = open_session(world)
    server_a, server_b = AsgiServer(redis_url=redis_url), AsgiServer(redis_url=redis_url)
    try:
        ws_url = server_b.url.replace("http", "ws") + f"/ws/meetings/{meeting.id}/"
        with connect(
            ws_url,
            additional_headers={
                "Cookie": f"sessionid={session_cookie(world.rep)}",
                "Origin": server_b.url,
            },
        ) as screen:
            first = receive_until(screen, lambda s: True)
            assert first["status"] == "waiting"
            answer = post_as(
                server_a,
                f"/meetings/{meeting.id}/move/",
                session_cookie(world.manager),
                {"move": "start"},
            )
            assert answer == {"ok": True}
            state = receive_until(screen, lambda s: s["status"] == "running")
    finally:
        server_a.stop()
        server_b.stop()
    assert state["current"]["phase_key"] == "presentation"
    assert state["version"] > first["version"]
