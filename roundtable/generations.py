"""Figures computed once and kept until a table they are read from is written to.

A cached figure names the tables it reads (`cached(..., tables=[Model, ...])`). Every write to
one of those tables moves the table's generation to a new value, whatever made it: a model's
save(), a conditional UPDATE claiming a state, bulk_create, raw SQL. Writes are seen in the
database connection itself (an execute wrapper on every connection), so no service can forget to
say that it changed something.

A generation is a token never used before (not a counter: two processes moving it at once
cannot lose a move). It moves when the statement runs, so the connection that wrote reads its
own change, and again when the transaction commits, so a figure another process computed from
the data before the commit is never read after it. A rollback leaves an extra move and nothing
stale.

Where the generations live: Redis when REDIS_URL is set (shared by every web process and
worker); otherwise a folder of small files in the data folder, one per table, shared by the web
server and the worker of one machine. The figures themselves stay in each process's memory,
keyed by the generations they were computed at.
"""

import functools
import hashlib
import re
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

VALUES = "figures"  # the cache alias holding the figures (local memory of each process)
SECONDS = 600  # a figure is computed again at least this often, changed or not
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)

# Tables whose writes are followed: the project's own (from the first connection on) and any
# other a figure names.
_watched: set[str] = set()


NOT_CONTENT = ("ops", "demo")  # the worker's heartbeats and the demo loader: no figure reads them


@functools.cache
def project_tables() -> tuple[str, ...]:
    """Every table of the project's own apps (with their many-to-many tables), the operations
    app aside."""
    from django.apps import apps

    ours = [
        config
        for config in apps.get_app_configs()
        if config.path.startswith(str(settings.BASE_DIR))
        and "site-packages" not in config.path
        and config.label not in NOT_CONTENT
    ]
    return tuple(
        sorted(
            model._meta.db_table
            for config in ours
            for model in config.get_models(include_auto_created=True)
        )
    )


def table_of(model_or_table) -> str:
    return model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table


def watch(tables: Iterable) -> list[str]:
    """Follow writes to these tables (a figure reads them); returns their names."""
    names = [table_of(t) for t in tables]
    _watched.update(names)
    return names


def cached(key: str, *, tables: Iterable, compute: Callable[[], object], seconds: int = SECONDS):
    """compute()'s value, kept until one of `tables` is written to (or for `seconds`). `key`
    says what else the value depends on (the person, the period, the day)."""
    names = watch(tables)
    full = f"{key}@{current(names)}"
    store = caches[VALUES]
    value = store.get(full, _MISSING)
    if value is _MISSING:
        value = compute()
        store.set(full, value, seconds)
    return value


_MISSING = object()


def current(tables: list[str]) -> str:
    """The generations of these tables, as one short string (read before the data it
    guards)."""
    return hashlib.blake2b(".".join(_store().read(tables)).encode(), digest_size=12).hexdigest()


def moved(tables: Iterable[str]) -> None:
    """These tables were written to: every figure that reads them is computed again."""
    _store().move(list(tables))


class _RedisStore:
    def read(self, tables: list[str]) -> list[str]:
        cache = caches["default"]
        keys = [f"gen:{t}" for t in tables]
        found = cache.get_many(keys)
        tokens = []
        for key in keys:
            token = found.get(key)
            if token is None:  # never written to since the cache was emptied: start one
                cache.add(key, uuid.uuid4().hex, None)
                token = cache.get(key)
            tokens.append(token)
        return tokens

    def move(self, tables: list[str]) -> None:
        caches["default"].set_many({f"gen:{t}": uuid.uuid4().hex for t in tables}, None)


class _FileStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def read(self, tables: list[str]) -> list[str]:
        tokens = []
        for table in tables:
            try:
                tokens.append((self.folder / table).read_text())
            except FileNotFoundError:
                self.move([table])
                tokens.append((self.folder / table).read_text())
        return tokens

    def move(self, tables: list[str]) -> None:
        for table in tables:
            token = uuid.uuid4().hex
            spare = self.folder / f".{table}.{token}"
            spare.write_text(token)
            spare.replace(self.folder / table)  # atomic: a reader sees the old token or the new


_stores: dict = {}


def _store():
    where = settings.REDIS_URL or str(settings.GENERATIONS_DIR)
    if where not in _stores:
        _stores[where] = _RedisStore() if settings.REDIS_URL else _FileStore(Path(where))
    return _stores[where]


def follow_writes(connection, **_) -> None:
    """connection_created: watch what this connection writes. Every project table is followed
    from the start, in every process: the worker writes what the web server keeps (a clip's
    transcript, a KPI value) without ever reading a figure itself."""
    if not _watched.issuperset(project_tables()):
        _watched.update(project_tables())
    if _Watch.instance not in connection.execute_wrappers:
        connection.execute_wrappers.append(_Watch.instance)


class _Watch:
    instance: "_Watch"

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql[:1] in "IUDiud " and (found := _WRITE.match(sql)) and found[1] in _watched:
            table = found[1]
            connection = context["connection"]
            moved([table])
            if connection.in_atomic_block:  # and again once it is committed
                pending = connection.__dict__.setdefault("_generations_pending", set())
                pending.add(table)
                transaction.on_commit(lambda: _flush(connection), using=connection.alias)
        return result


_Watch.instance = _Watch()


def _flush(connection) -> None:
    pending = connection.__dict__.get("_generations_pending")
    if pending:
        tables = list(pending)
        pending.clear()
        moved(tables)
