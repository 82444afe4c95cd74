"""Shared fixtures: the personas and their organisations, and guards for real components.

Personas (STYLE.md): admin, manager, rep, rep of another team, outsider of another organisation.
The outsider is the *admin* of their own organisation: the strongest role elsewhere still sees
nothing here.
"""

import functools
import io
import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts import services
from accounts.models import Organisation, OrgRole, Team, TeamRole, User

IN_CI = os.environ.get("CI") == "true"
PASSWORD = "correct-horse-battery"  # noqa: S105 - test personas only


def clean_env(**extra: str) -> dict:
    """The environment for a subprocess of the app: no test-only switches, SQLite by default."""
    dropped = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {k: v for k, v in os.environ.items() if k not in dropped} | extra


def run_async(make_coroutine):
    """asyncio.run on a fresh thread: Playwright's sync API keeps a loop running on this one."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result(timeout=30)


def require_component(available: bool, what: str) -> None:
    """Skip a test whose component is missing on a laptop; under CI=true, fail instead."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true and is not available.", pytrace=False)
    pytest.skip(f"{what} is not available")


def redis_test_url() -> str:
    """The Redis the tests use (ROUNDTABLE_TEST_REDIS_URL), a database of its own per xdist
    worker, as the settings give the app."""
    from roundtable.env import redis_url_for_worker

    url = os.environ.get("ROUNDTABLE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    return redis_url_for_worker(url, os.environ.get("PYTEST_XDIST_WORKER", ""))


# What every commitment needs besides its text: a due date (today or later) and how success
# will be seen.
COMMITMENT = {
    "due_on": date.today() + timedelta(days=7),
    "success": "Done and confirmed in writing",
}


def action_items(*rows: dict) -> dict:
    """A written 1:1's action items as its form posts them (a formset of three rows)."""
    data = {"item-TOTAL_FORMS": "3", "item-INITIAL_FORMS": "0"}
    whole = {"due_on": COMMITMENT["due_on"].isoformat(), "success": COMMITMENT["success"]}
    for n, row in enumerate(rows):
        row = whole | row if row.get("what") else row  # a whole item unless a test says
        data |= {f"item-{n}-{field}": value for field, value in row.items()}
    return data


def png_bytes(color=(200, 60, 60), size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def photo_upload(name: str = "me.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


COMPLETE_CASE = {
    "title": "CFO stalls at pricing",
    "account": "Northwind Foods",
    "people": "Dana Price, CFO\nLeo Park, IT lead",
    "their_words": "The CFO said: we love it, but not this year. Arms crossed, checking her phone.",
    "tried": "A discount and a phased rollout.",
    "blocked": "No answer to two follow-up emails.",
    "timeframe": "present",
    "recurring": True,
    "is_real": True,
    "helps_team": True,
    "common_problem": False,
}


@dataclass
class World:
    org: Organisation
    other_org: Organisation
    alpha: Team
    beta: Team
    gamma: Team
    admin: User
    manager: User
    rep: User
    other_rep: User
    outsider: User

    def persona(self, name: str) -> User | None:
        return None if name == "anon" else getattr(self, name)


def make_person(org: Organisation, email: str, name: str, **fields) -> User:
    return User.objects.create_user(email, PASSWORD, full_name=name, organisation=org, **fields)


def build_world() -> World:
    org = services.organisation_create(name="Acme Robotics", slug="acme")
    other_org = services.organisation_create(name="Globex Corp", slug="globex")
    alpha = services.team_create(organisation=org, name="Alpha Sellers")
    beta = services.team_create(organisation=org, name="Beta Closers")
    gamma = services.team_create(organisation=other_org, name="Gamma Hunters")
    admin = make_person(org, "ada@acme.test", "Ada Admin", org_role=OrgRole.ADMIN)
    manager = make_person(org, "max@acme.test", "Max Manager", title="Sales Manager")
    rep = make_person(
        org,
        "rita@acme.test",
        "Rita Rep",
        title="Senior Enterprise Account Executive, Strategic Accounts",
        time_zone="America/Argentina/Buenos_Aires",
    )
    other_rep = make_person(org, "otto@acme.test", "Otto Otherteam")
    outsider = make_person(other_org, "olga@globex.test", "Olga Outsider", org_role=OrgRole.ADMIN)
    services.membership_set(team=alpha, person=manager, role=TeamRole.MANAGER)
    services.membership_set(team=alpha, person=rep, role=TeamRole.REP)
    services.membership_set(team=beta, person=other_rep, role=TeamRole.REP)
    services.membership_set(team=gamma, person=outsider, role=TeamRole.MANAGER)
    return World(org, other_org, alpha, beta, gamma, admin, manager, rep, other_rep, outsider)


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    from django.core.cache import cache, caches

    cache.clear()  # throttling counters and cached figures never cross tests
    caches["figures"].clear()
    settings.GENERATIONS_DIR = tmp_path / "generations"  # not moved by another xdist worker
    # The fast setting: tests of the pipeline's behaviour do not depend on the model, and
    # Whisper base (the default) costs half as much again; its own tests ask for it.
    settings.TRANSCRIBE_MODEL = "tiny.en"
    # Real password hashing costs ~0.3 s a user; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.UPLOAD_PARTS_DIR = tmp_path / "parts"


@pytest.fixture
def client_for(client):
    """A test client signed in as the given person (None: anonymous)."""

    def sign_in(person: User | None):
        client.logout()
        if person is not None:
            client.force_login(person)
        return client

    return sign_in


@pytest.fixture
def run_worker(monkeypatch):
    """Run every queued task through the real database queue and worker, then return.

    The worker closes "old" connections between tasks; inside a test's transaction that would
    close the test's own connection on PostgreSQL, so that one call is a no-op here.
    """
    from django.core.management import call_command

    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def run():
        call_command("worker", batch=True, interval=0, verbosity=0)

    return run


def open_session(world: World):
    """A co-development session in Alpha (Rita presents, Max facilitates), opened live."""
    from datetime import timedelta

    from django.utils import timezone

    from codev import services as codev_services

    session = codev_services.session_schedule(
        team=world.alpha,
        scheduled_at=timezone.now() + timedelta(hours=1),
        presenter=world.rep,
        facilitator=world.manager,
    )
    return session, codev_services.session_start(session=session, actor=world.manager)


def live_session_with_an_action(world: World):
    """A live co-development session in Alpha, moved to the action plan, with one action item."""
    from meetings import services as meeting_services

    session, meeting = open_session(world)
    meeting_services.meeting_move(meeting_id=meeting.id, actor=world.manager, move="start")
    while meeting_services.steps_of(meeting)[_step(meeting)].phase_index != 4:
        meeting_services.meeting_move(meeting_id=meeting.id, actor=world.manager, move="advance")
    meeting_services.contribution_add(
        meeting_id=meeting.id,
        author=world.rep,
        kind="action",
        text="Call the CFO's assistant",
        **COMMITMENT,
    )
    return session, meeting, meeting.actions.get()


def _step(meeting) -> int:
    meeting.refresh_from_db()
    return meeting.state["step_index"]


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end sessions that helper threads left open.

    Consumers run ORM calls on executor threads; their PostgreSQL connections outlive the test
    and would make "DROP DATABASE" fail.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def upload_file(user, path, *, chunk: int = 64 * 1024):
    """Send a file through the resumable upload service, chunk by chunk."""
    from library import services as library_services

    data = path.read_bytes()
    upload = library_services.upload_start(
        user=user, filename=path.name, size=len(data), content_type="video/webm"
    )
    for offset in range(0, len(data), chunk):
        library_services.upload_append(
            upload_id=upload.id, offset=offset, data=data[offset : offset + chunk]
        )
    upload.refresh_from_db()
    return upload


@functools.cache
def clip_bytes(text: str = "") -> bytes:
    """A generated WebM clip (espeak-ng speaking `text`), made once per test run."""
    import tempfile

    from media.testing import make_clip

    with tempfile.TemporaryDirectory() as tmp:
        path = make_clip(Path(tmp) / "clip.webm", text=text, seconds=None if text else 1.5)
        return path.read_bytes()


def uploaded_clip(user, team, folder, *, title: str = "Compliance answers", text: str = ""):
    """A clip through the real upload path (generated media), waiting for processing."""
    from library import services as library_services

    path = folder / f"clip-{team.id}-{user.id}.webm"
    path.write_bytes(clip_bytes(text))
    upload = upload_file(user, path)
    return library_services.upload_finish(
        upload=upload, actor=user, team=team, values={"title": title, "tags": "compliance, SOC2"}
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "postgres_only: runs in bin/test's PostgreSQL suite, not collected on SQLite"
    )


# Tests that never touch the project's database, cache or channel layer: the pure packages'
# and those that start their own processes on SQLite. bin/test runs them in its SQLite suite
# only (`-m "not engine_independent"` on PostgreSQL).
ENGINE_INDEPENDENT = (
    "protocols/tests/",
    "media/tests/",
    "language/tests/",
    "ops/tests/test_serve.py",
    "tests/test_settings.py",
)


def pytest_collection_modifyitems(config, items):
    """Marks the engine-independent tests. A PostgreSQL-only test is deselected on SQLite
    rather than skipped: bin/test runs it in its PostgreSQL suite, and under CI=true no test may
    be skipped."""
    root = Path(str(config.rootpath))
    for item in items:
        path = Path(str(item.path)).relative_to(root).as_posix()
        if path.startswith(ENGINE_INDEPENDENT):
            item.add_marker(pytest.mark.engine_independent)
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    kept = [item for item in items if item.get_closest_marker("postgres_only") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept
