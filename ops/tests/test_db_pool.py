"""On PostgreSQL under ASGI, connections come from a bounded pool per process: a burst of users
never runs the database server out of connections, and none stay open once the server stops."""

import threading
import urllib.request

import psycopg
import pytest
from django.db import connection

from tests.servers import AsgiServer, session_cookie

POOL_SIZE = 4
APP_NAME = "roundtable-pool-test"


def _server_connections(database: str) -> int:
    """Connections the web server holds: counted from the `postgres` database, by the
    application name only the server process uses."""
    settings_dict = connection.settings_dict
    with psycopg.connect(
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        return admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
            [database, APP_NAME],
        ).fetchone()[0]


@pytest.mark.postgres_only
def test_a_hundred_users_at_once_stay_within_the_connection_pool(world, transactional_db):
    database = connection.settings_dict["NAME"]
    cookie = session_cookie(world.rep)
    server = AsgiServer(env={"ROUNDTABLE_DB_POOL_SIZE": str(POOL_SIZE), "PGAPPNAME": APP_NAME})
    seen, errors, done = [], [], threading.Event()

    def watch():
        while not done.is_set():
            seen.append(_server_connections(database))

    def visit(start: threading.Barrier):
        start.wait()
        headers = {"Cookie": f"sessionid={cookie}"}
        request = urllib.request.Request(server.url + "/", headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
                if response.status != 200 or b"Rita Rep" not in response.read():
                    errors.append(f"HTTP {response.status}")
        except Exception as error:  # noqa: BLE001 - every failure is counted
            errors.append(repr(error))

    watcher = threading.Thread(target=watch)
    try:
        watcher.start()
        start = threading.Barrier(100)
        users = [threading.Thread(target=visit, args=(start,)) for _ in range(100)]
        for user in users:
            user.start()
        for user in users:
            user.join(timeout=300)
    finally:
        done.set()
        watcher.join(timeout=30)
        server.stop()
    print(
        f"pool: 100 concurrent requests, {len(errors)} errors, at most {max(seen)} connections "
        f"(pool {POOL_SIZE}) over {len(seen)} samples"
    )
    assert errors == []
    assert 1 <= max(seen) <= POOL_SIZE, max(seen)
    for _ in range(100):
        if _server_connections(database) == 0:
            break
        threading.Event().wait(0.1)
    assert _server_connections(database) == 0
