import logging
import os
import socket
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from library.services import uploads_cleanup
from ops import services
from practice.services import reminders_send
from recognition.services import digest_send

logger = logging.getLogger("roundtable.worker")


class Command(BaseCommand):
    help = (
        "Run a background worker: the django-tasks-db queue, with a heartbeat and orphan recovery."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *, interval: float, batch: bool, **options):
        """Steps: beat once and requeue orphans, start the beating thread, run the queue."""
        worker_id = f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"
        services.heartbeat_beat(worker_id=worker_id)
        requeued = services.tasks_requeue_orphans()
        if requeued:
            self.stdout.write(f"Requeued {requeued} task(s) left running by a stopped worker.")
        stop = threading.Event()
        beating = threading.Thread(target=_beat_until, args=(worker_id, stop), daemon=True)
        if not batch:
            beating.start()
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
            if beating.is_alive():
                beating.join(timeout=5)
            services.heartbeat_stop(worker_id=worker_id)


def _beat_until(worker_id: str, stop: threading.Event) -> None:
    while not stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
        try:
            close_old_connections()
            services.heartbeat_beat(worker_id=worker_id)
            services.tasks_requeue_orphans()
            uploads_cleanup()
            reminders_send()
            digest_send()
        except Exception:
            # A locked or unreachable database must not kill the worker; the next beat retries.
            logger.exception("Heartbeat failed; retrying in %ss", settings.WORKER_HEARTBEAT_SECONDS)
    connection.close()
