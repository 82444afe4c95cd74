import subprocess
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts import services
from accounts.tasks import send_invitation_email
from conftest import uploaded_clip
from library.models import Clip, ClipState
from media.probe import MediaError
from ops.management.commands.worker import beat_until, run_periodic_until
from ops.models import PeriodicJob, WorkerHeartbeat
from ops.services import (
    heartbeat_beat,
    periodic_job_claim,
    periodic_run_due,
    tasks_requeue_orphans,
    worker_temp_folder,
)


def _invitation(world):
    return services.invitation_create(
        actor=world.admin, email="q@acme.test", role="rep", team=world.alpha
    )


def test_a_queued_task_waits_in_the_database_until_the_worker_runs_it(world, run_worker):
    result = send_invitation_email.enqueue(invitation_id=_invitation(world).id)
    assert DBTaskResult.objects.get(id=result.id).status == "READY"
    assert mail.outbox == []
    run_worker()
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert len(mail.outbox) == 1
    assert not WorkerHeartbeat.objects.exists()  # a stopped worker removes its heartbeat


def test_a_task_left_running_by_a_dead_worker_runs_again(world, run_worker):
    result = send_invitation_email.enqueue(invitation_id=_invitation(world).id)
    heartbeat_beat(worker_id="dead-worker")
    DBTaskResult.objects.get(id=result.id).claim("dead-worker")
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - timedelta(minutes=5))

    assert tasks_requeue_orphans() == 1
    assert DBTaskResult.objects.get(id=result.id).status == "READY"
    run_worker()
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert len(mail.outbox) == 1


def test_a_task_of_a_live_worker_is_left_alone(world):
    result = send_invitation_email.enqueue(invitation_id=_invitation(world).id)
    heartbeat_beat(worker_id="busy-worker")
    DBTaskResult.objects.get(id=result.id).claim("busy-worker")
    assert tasks_requeue_orphans() == 0
    assert DBTaskResult.objects.get(id=result.id).status == "RUNNING"


@pytest.mark.django_db(transaction=True)
def test_a_clip_a_live_worker_is_processing_is_not_taken_by_another_job(
    world, tmp_path, run_worker
):
    clip = uploaded_clip(world.rep, world.alpha, tmp_path)
    # As if a live worker had claimed the clip and the same job had been queued a second time.
    Clip.objects.filter(id=clip.id).update(state=ClipState.PROCESSING)
    assert DBTaskResult.objects.get().status == "READY"
    run_worker()
    clip.refresh_from_db()
    assert clip.state == ClipState.PROCESSING and clip.attempts == 0
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_worker_starts_by_removing_the_temporary_files_of_dead_workers(db, run_worker):
    gone = subprocess.Popen(["true"])
    gone.wait()
    alive = subprocess.Popen(["sleep", "60"])
    try:
        dead_folder = worker_temp_folder(pid=gone.pid)
        live_folder = worker_temp_folder(pid=alive.pid)
        for folder in (dead_folder, live_folder):
            folder.mkdir(parents=True)
            (folder / "source.webm").write_bytes(b"half a clip")
        run_worker()
        assert not dead_folder.exists()
        assert (live_folder / "source.webm").exists()
    finally:
        alive.kill()
        alive.wait()


@pytest.mark.django_db(transaction=True)
def test_a_clip_is_processed_inside_the_workers_own_temporary_folder(
    world, tmp_path, run_worker, monkeypatch
):
    clip = uploaded_clip(world.rep, world.alpha, tmp_path)
    seen = []

    def probe_and_stop(path):
        seen.append(Path(path).resolve())
        raise MediaError("stopped by the test")

    monkeypatch.setattr("library.services.probe", probe_and_stop)
    run_worker()
    clip.refresh_from_db()
    assert clip.state == ClipState.FAILED
    assert seen[0].is_relative_to(worker_temp_folder().resolve())
    assert not worker_temp_folder().exists()  # a worker that stops cleanly removes its folder


def _wait_for(condition, what: str) -> None:
    for _ in range(300):
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_a_periodic_pass_that_hangs_does_not_stop_the_heartbeat(settings, monkeypatch):
    settings.WORKER_HEARTBEAT_SECONDS = 0.05
    in_digest, release = threading.Event(), threading.Event()

    def hanging_digest(**kwargs):  # an SMTP server that does not answer
        in_digest.set()
        release.wait(60)
        return 0

    monkeypatch.setattr("recognition.services.digest_send", hanging_digest)
    heartbeat_beat(worker_id="worker-1")
    stop = threading.Event()
    threads = [
        threading.Thread(target=beat_until, args=("worker-1", stop)),
        threading.Thread(target=run_periodic_until, args=("worker-1", stop)),
    ]
    for thread in threads:
        thread.start()
    try:
        assert in_digest.wait(30)
        beats = set()

        def beaten_three_times():
            beats.add(WorkerHeartbeat.objects.get(worker_id="worker-1").last_seen)
            return len(beats) >= 3

        _wait_for(beaten_three_times, "heartbeats during the hanging digest")
        assert not release.is_set()
        assert PeriodicJob.objects.get(name="digest_send").running_by == "worker-1"
    finally:
        release.set()
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert PeriodicJob.objects.get(name="digest_send").running_by == ""


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_the_same_periodic_pass_at_once_one_wins():
    workers = [f"worker-{n}" for n in range(4)]
    for worker_id in workers:
        heartbeat_beat(worker_id=worker_id)
    start = threading.Barrier(len(workers))
    won = {}

    def claim(worker_id):
        start.wait()
        try:
            won[worker_id] = periodic_job_claim(
                name="digest_send", worker_id=worker_id, every=timedelta(minutes=1)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(won.values()) == [False, False, False, True]
    winner = next(w for w, ok in won.items() if ok)
    assert PeriodicJob.objects.get(name="digest_send").running_by == winner


def test_a_periodic_pass_held_by_a_dead_worker_is_taken_again(db):
    every = timedelta(minutes=1)
    heartbeat_beat(worker_id="busy")
    heartbeat_beat(worker_id="other")
    assert periodic_job_claim(name="reminders_send", worker_id="busy", every=every)
    PeriodicJob.objects.update(next_run_at=timezone.now() - every)  # overdue
    assert not periodic_job_claim(name="reminders_send", worker_id="other", every=every)
    WorkerHeartbeat.objects.filter(worker_id="busy").update(
        last_seen=timezone.now() - timedelta(minutes=5)
    )
    assert periodic_job_claim(name="reminders_send", worker_id="other", every=every)


def test_the_periodic_jobs_run_once_until_they_are_due_again(world, monkeypatch):
    heartbeat_beat(worker_id="worker-1")
    calls = []
    monkeypatch.setattr("practice.services.reminders_send", lambda: calls.append("reminders"))
    assert periodic_run_due(worker_id="worker-1") == [
        "uploads_cleanup",
        "reminders_send",
        "digest_send",
        "commitment_reminders_send",
    ]
    assert periodic_run_due(worker_id="worker-1") == []
    assert calls == ["reminders"]
