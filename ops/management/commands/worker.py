import logging
import os
import socket
import tempfile
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from ops import services

logger = logging.getLogger("roundtable.worker")


class Command(BaseCommand):
    help = (
        "Run a background worker: the django-tasks-db queue, with a heartbeat, orphan recovery "
        "and the periodic jobs (uploads cleanup, reminders, digest)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *, interval: float, batch: bool, **options):
        """Steps: beat once and requeue orphans, clear dead workers' temporary files, start the
        heartbeat thread and the periodic-jobs thread, run the queue."""
        worker_id = f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"
        services.heartbeat_beat(worker_id=worker_id)
        requeued = services.tasks_requeue_orphans()
        if requeued:
            self.stdout.write(f"Requeued {requeued} task(s) left running by a stopped worker.")
        temp_folder = services.worker_temp_prepare()
        previous_tempdir, tempfile.tempdir = tempfile.tempdir, str(temp_folder)
        stop = threading.Event()
        threads = [
            threading.Thread(target=beat_until, args=(worker_id, stop), daemon=True),
            threading.Thread(target=run_periodic_until, args=(worker_id, stop), daemon=True),
        ]
        if not batch:
            for thread in threads:
                thread.start()
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        if not batch:
            self.stdout.write(f"Worker {worker_id} is waiting for tasks.")
        try:
            worker.configure_signals()
            worker.run()
        finally:
            stop.set()
            for thread in threads:
                if thread.is_alive():
                    thread.join(timeout=5)
            services.heartbeat_stop(worker_id=worker_id)
            tempfile.tempdir = previous_tempdir
            services.worker_temp_remove()


def beat_until(worker_id: str, stop: threading.Event) -> None:
    """The heartbeat thread: beat and requeue dead workers' tasks, nothing slower."""
    while not stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
        try:
            services.heartbeat_beat(worker_id=worker_id)
            services.tasks_requeue_orphans()
        except Exception:
            # A locked or unreachable database must not kill the worker; the next beat retries.
            logger.exception("Heartbeat failed; retrying in %ss", settings.WORKER_HEARTBEAT_SECONDS)
        finally:
            close_old_connections()  # back to the pool while this thread waits
    connection.close()


def run_periodic_until(worker_id: str, stop: threading.Event) -> None:
    """The periodic-jobs thread: every tick, run the jobs that are due and claimed by no one."""
    while not stop.is_set():
        try:
            services.periodic_run_due(worker_id=worker_id)
        except Exception:
            logger.exception(
                "Periodic jobs failed; retrying in %ss", settings.WORKER_HEARTBEAT_SECONDS
            )
        finally:
            close_old_connections()
        stop.wait(settings.WORKER_HEARTBEAT_SECONDS)
    connection.close()
