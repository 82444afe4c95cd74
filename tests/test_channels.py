import asyncio
import time

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from conftest import redis_test_url, require_component, run_async
from ops.consumers import ClockConsumer
from roundtable.env import channel_layers_for


def _connect(user):
    communicator = WebsocketCommunicator(ClockConsumer.as_asgi(), "/ws/clock/")
    communicator.scope["user"] = user
    return communicator


@pytest.mark.django_db
def test_clock_socket_answers_with_the_server_time(world):
    async def exchange():
        communicator = _connect(world.rep)
        connected, _ = await communicator.connect()
        assert connected
        before = time.time() * 1000
        await communicator.send_json_to({"t0": 123})
        answer = await communicator.receive_json_from()
        await communicator.disconnect()
        return before, answer

    before, answer = run_async(exchange)
    assert answer["t0"] == 123
    assert before - 1000 < answer["server_ms"] < before + 5000


def test_clock_socket_refuses_anonymous_people():
    async def attempt():
        communicator = _connect(AnonymousUser())
        connected, code = await communicator.connect()
        return connected, code

    assert run_async(attempt) == (False, 4401)


def _redis_url() -> str:
    return redis_test_url()


def _redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.mark.redis
def test_redis_channel_layer_carries_a_group_message(settings):
    url = _redis_url()
    require_component(_redis_reachable(url), f"Redis at {url}")
    settings.CHANNEL_LAYERS = channel_layers_for(url)

    async def roundtrip():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add("team-42", channel)
        await layer.group_send("team-42", {"type": "phase.changed", "phase": "questions"})
        message = await asyncio.wait_for(layer.receive(channel), timeout=5)
        await layer.group_discard("team-42", channel)
        await layer.flush()
        return message

    message = run_async(roundtrip)
    assert message == {"type": "phase.changed", "phase": "questions"}
    assert type(get_channel_layer()).__name__ == "RedisChannelLayer"


@pytest.mark.redis
def test_redis_cache_stores_and_expires(settings):
    url = _redis_url()
    require_component(_redis_reachable(url), f"Redis at {url}")
    from django.core.cache import caches

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    cache = caches.create_connection("default")
    cache.set("rt-test-key", {"n": 1}, timeout=30)
    assert cache.get("rt-test-key") == {"n": 1}
    cache.delete("rt-test-key")
    assert cache.get("rt-test-key") is None
