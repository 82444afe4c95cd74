"""Writes about the running installation: worker heartbeats, recovery of orphaned tasks,
periodic jobs and the worker's temporary files."""

import logging
import os
import shutil
import socket
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from ops.models import PeriodicJob, WorkerHeartbeat

logger = logging.getLogger(__name__)


def heartbeat_beat(*, worker_id: str) -> WorkerHeartbeat:
    beat, _ = WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
            "last_seen": timezone.now(),
        },
    )
    return beat


def heartbeat_stop(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _live_worker_ids() -> QuerySet:
    stale_before = timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    return WorkerHeartbeat.objects.filter(last_seen__gte=stale_before).values("worker_id")


def tasks_requeue_orphans() -> int:
    """Put back in the queue every running task whose worker stopped beating.

    A worker killed mid-task (power cut, OOM, kill -9) leaves its task RUNNING forever; a live
    worker calls this on every beat so that such a task runs again.
    """
    stale_before = timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    alive = set(
        WorkerHeartbeat.objects.filter(last_seen__gte=stale_before).values_list(
            "worker_id", flat=True
        )
    )
    requeued = 0
    with transaction.atomic():
        for task in DBTaskResult.objects.running().select_for_update():
            owner = task.worker_ids[-1] if task.worker_ids else None
            if owner in alive:
                continue
            claimed = DBTaskResult.objects.filter(id=task.id, status=task.status).update(
                status="READY", started_at=None
            )
            if claimed:
                requeued += 1
                logger.warning(
                    "Requeued task %s (%s): worker %s stopped", task.id, task.task_path, owner
                )
    WorkerHeartbeat.objects.filter(last_seen__lt=stale_before).delete()
    return requeued


# Periodic jobs: the function to call and how often. They run on the worker's own periodic
# thread, never on the heartbeat's: a slow SMTP server must not make a live worker look dead.
PERIODIC_JOBS: dict[str, tuple[str, timedelta]] = {
    "uploads_cleanup": ("library.services.uploads_cleanup", timedelta(hours=1)),
    "reminders_send": ("practice.services.reminders_send", timedelta(minutes=1)),
    "digest_send": ("recognition.services.digest_send", timedelta(minutes=1)),
    "commitment_reminders_send": (
        "meetings.services.commitment_reminders_send",
        timedelta(minutes=5),
    ),
}


def periodic_job_claim(*, name: str, worker_id: str, every: timedelta) -> bool:
    """Take the job's next pass if it is due and no live worker is running it.

    One conditional UPDATE: of two workers asking at once, exactly one gets it (PostgreSQL
    re-checks `next_run_at` on the row the winner just wrote; SQLite has one writer). A pass
    held by a worker that stopped beating is free again.
    """
    now = timezone.now()
    PeriodicJob.objects.bulk_create(
        [PeriodicJob(name=name, next_run_at=now)], ignore_conflicts=True
    )
    claimed = (
        PeriodicJob.objects.filter(name=name, next_run_at__lte=now)
        .exclude(running_by__in=_live_worker_ids())
        .update(running_by=worker_id, started_at=now, next_run_at=now + every)
    )
    return claimed == 1


def periodic_job_finish(*, name: str, worker_id: str, error: str = "") -> None:
    PeriodicJob.objects.filter(name=name, running_by=worker_id).update(
        running_by="", finished_at=timezone.now(), last_error=error[:1000]
    )


def periodic_run_due(*, worker_id: str) -> list[str]:
    """Run each periodic job this worker can claim; return the names that ran.

    A failing job is logged and recorded on its row; the others still run.
    """
    ran = []
    for name, (path, every) in PERIODIC_JOBS.items():
        if not periodic_job_claim(name=name, worker_id=worker_id, every=every):
            continue
        error = ""
        try:
            import_string(path)()
        except Exception as failure:  # noqa: BLE001 - recorded; the next pass tries again
            logger.exception("Periodic job %s failed", name)
            error = f"{failure.__class__.__name__}: {failure}"
        finally:
            periodic_job_finish(name=name, worker_id=worker_id, error=error)
        ran.append(name)
    return ran


def worker_temp_folder(*, pid: int | None = None) -> Path:
    """The folder for one worker process's temporary files (copies of clips being processed)."""
    pid = os.getpid() if pid is None else pid
    return Path(settings.WORKER_TMP_DIR) / f"{socket.gethostname()}-{pid}"


def worker_temp_prepare() -> Path:
    """Remove the temporary folders of this host's workers that are gone (killed mid-clip, a
    power cut), then create this process's own, private to the user.

    Steps: list the folders named after this host, keep those whose process still runs, delete
    the rest, create ours.
    """
    root = Path(settings.WORKER_TMP_DIR)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    prefix = f"{socket.gethostname()}-"
    for folder in root.iterdir():
        pid = folder.name.removeprefix(prefix)
        if folder.name.startswith(prefix) and pid.isdigit() and not _process_running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            logger.info("Removed %s, left by a worker that stopped", folder)
    own = worker_temp_folder()
    shutil.rmtree(own, ignore_errors=True)  # a reused pid: whatever is there is stale
    own.mkdir(mode=0o700)
    return own


def _process_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def worker_temp_remove() -> None:
    shutil.rmtree(worker_temp_folder(), ignore_errors=True)


def data_folder_make_private() -> None:
    """Keep the data folder to the user running Roundtable.

    Steps: set the process umask to 077 (what this process and its children create is private),
    then make the data and media folders 0700 and the secret key and SQLite files 0600.
    """
    os.umask(0o077)
    data = Path(settings.DATA_DIR)
    data.mkdir(mode=0o700, parents=True, exist_ok=True)
    folders = [data, Path(settings.MEDIA_ROOT), data / "backups", Path(settings.WORKER_TMP_DIR)]
    files = [data / "secret_key"]
    database = connections[DEFAULT_DB_ALIAS]
    if database.vendor == "sqlite":
        name = str(database.settings_dict["NAME"])
        files += [Path(name + suffix) for suffix in ("", "-wal", "-shm", "-journal")]
    for path, mode in [(f, 0o700) for f in folders] + [(f, 0o600) for f in files]:
        if path.exists():
            path.chmod(mode)
