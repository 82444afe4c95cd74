"""One person cannot reserve the disk, and one organisation cannot starve another's clips."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from conftest import uploaded_clip
from library import services
from library.models import Clip
from roundtable.errors import RoundtableError

MB = 1024 * 1024


def _start(person, size=10 * MB):
    return services.upload_start(
        user=person, filename="take.webm", size=size, content_type="video/webm"
    )


def test_uploads_in_progress_are_limited_per_person(world, client_for):
    for _ in range(world.org.uploads_open_max):
        _start(world.rep)
    answer = client_for(world.rep).post(
        reverse("upload_create"), {"filename": "x.webm", "size": 5 * MB, "type": "video/webm"}
    )
    assert answer.status_code == 400 and "uploads in progress" in answer.json()["error"]
    _start(world.manager)  # someone else is not held up


def test_space_per_person_is_limited_and_the_message_says_how_much(world):
    world.org.storage_mb_per_person = 100
    world.org.save(update_fields=["storage_mb_per_person"])
    world.rep.refresh_from_db()
    _start(world.rep, size=60 * MB)
    with pytest.raises(
        RoundtableError, match="past 100 MB, your space here .you use 60 MB.. Ask your admin"
    ):
        _start(world.rep, size=50 * MB)


def test_an_admin_sets_the_limits(world, client_for):
    response = client_for(world.admin).post(
        reverse("library_settings"),
        {
            "clip_max_seconds": 120,
            "uploads_open_max": 2,
            "storage_mb_per_person": 800,
            "situations": "Discovery\nPricing",
        },
    )
    assert response.status_code == 302
    world.org.refresh_from_db()
    assert (world.org.uploads_open_max, world.org.storage_mb_per_person) == (2, 800)


def test_another_organisations_first_clip_goes_before_the_rest_of_a_big_batch(
    world, tmp_path, django_capture_on_commit_callbacks
):
    for n in range(3):  # each share commits (and queues) on its own
        folder = tmp_path / str(n)
        folder.mkdir()
        with django_capture_on_commit_callbacks(execute=True):
            uploaded_clip(world.rep, world.alpha, folder)
    with django_capture_on_commit_callbacks(execute=True):
        theirs = uploaded_clip(world.outsider, world.gamma, tmp_path)
    priorities = {
        task.args_kwargs["kwargs"]["clip_id"]: task.priority for task in DBTaskResult.objects.all()
    }
    ours = sorted(priorities[c.id] for c in Clip.objects.filter(organisation=world.org))
    assert ours == [-2, -1, 0] and priorities[theirs.id] == 0
    first_two = [t.args_kwargs["kwargs"]["clip_id"] for t in DBTaskResult.objects.ready()[:2]]
    assert theirs.id in first_two


def test_clips_shared_before_the_quota_count_their_file_size(world, tmp_path):
    clip = uploaded_clip(world.rep, world.alpha, tmp_path)
    stored = clip.size
    assert stored > 0
    Clip.objects.filter(id=clip.id).update(size=0)  # as shared before migration 0009
    lost = uploaded_clip(world.manager, world.alpha, tmp_path, title="Gone")
    Clip.objects.filter(id=lost.id).update(size=0, original="clips/nowhere.webm")
    migration = importlib.import_module("library.migrations.0012_clip_size_backfill")
    migration.backfill(apps, None)
    assert Clip.objects.get(id=clip.id).size == stored
    assert Clip.objects.get(id=lost.id).size == 0  # its file is gone: left, not a crash
