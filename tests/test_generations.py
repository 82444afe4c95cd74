"""Figures kept until a table they read is written to, however it is written."""

import pytest
from django.db import connection, transaction

from accounts.models import Team
from recognition.models import Story
from roundtable import generations


@pytest.fixture
def counted():
    """A figure over the teams table that counts how often it was computed."""
    calls = []

    def figure():
        calls.append(1)
        return sorted(Team.objects.values_list("name", flat=True))

    def read():
        return generations.cached("test:teams", tables=[Team], compute=figure)

    return read, calls


def test_a_figure_is_computed_once_until_its_table_changes(world, counted):
    read, calls = counted
    first = read()
    assert read() == first and len(calls) == 1
    Team.objects.create(organisation=world.org, name="Gamma Growers")
    assert "Gamma Growers" in read() and len(calls) == 2


@pytest.mark.parametrize(
    "write",
    [
        lambda w: Team.objects.filter(id=w.alpha.id).update(name="Alpha Renamed"),
        lambda w: Team.objects.bulk_create([Team(organisation=w.org, name="Bulk Team")]),
        lambda w: Team.objects.filter(id=w.beta.id).delete(),
        lambda w: connection.cursor().execute(
            "UPDATE accounts_team SET name = %s WHERE id = %s", ["Raw Renamed", w.alpha.id]
        ),
    ],
    ids=["conditional update", "bulk create", "delete", "raw SQL"],
)
def test_every_kind_of_write_is_seen(world, counted, write):
    read, calls = counted
    before = read()
    write(world)
    assert read() != before and len(calls) == 2


def test_a_write_to_another_table_keeps_the_figure(world, counted):
    read, calls = counted
    read()
    Story.objects.create(
        organisation=world.org,
        team=world.alpha,
        author=world.rep,
        title="A win",
        body="Won.",
        kind="war",
    )
    read()
    assert len(calls) == 1


def test_a_commit_moves_the_generation_again(world, counted, django_capture_on_commit_callbacks):
    """Another process may compute the figure between the write and the commit, from the data
    before the write: the commit makes that figure unreachable."""
    read, calls = counted
    read()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Team.objects.create(organisation=world.org, name="In a transaction")
        during = generations.current(["accounts_team"])
    assert generations.current(["accounts_team"]) != during


def test_processes_sharing_the_folder_see_each_others_moves(tmp_path):
    one, other = generations._FileStore(tmp_path), generations._FileStore(tmp_path)
    before = one.read(["accounts_team"])
    assert other.read(["accounts_team"]) == before  # a table read first gets one token
    other.move(["accounts_team"])
    assert one.read(["accounts_team"]) != before


@pytest.mark.redis
def test_the_redis_store_is_shared_and_never_goes_back(settings):
    from conftest import redis_test_url, require_component
    from tests.test_channels import _redis_reachable

    url = redis_test_url()
    require_component(_redis_reachable(url), f"Redis at {url}")
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url},
        "figures": settings.CACHES["figures"],
    }
    from django.core.cache import caches

    caches["default"].delete("gen:test_table")
    store = generations._RedisStore()
    first = store.read(["test_table"])
    assert store.read(["test_table"]) == first
    store.move(["test_table"])
    assert store.read(["test_table"]) != first


def test_a_process_that_never_reads_a_figure_still_moves_what_it_writes(world, monkeypatch):
    """The worker saves a transcript or a KPI value without reading any figure: the web
    server's kept figures must still hear of it."""
    monkeypatch.setattr(generations, "_watched", set())  # a fresh process
    generations.follow_writes(connection)  # its first connection
    before = generations.current(["accounts_team"])
    Team.objects.filter(id=world.alpha.id).update(name="Renamed by the worker")
    assert generations.current(["accounts_team"]) != before
