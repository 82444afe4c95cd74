"""Writes about the running installation: worker heartbeats and recovery of orphaned tasks."""

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ops.models import WorkerHeartbeat

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
