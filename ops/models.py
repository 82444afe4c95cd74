from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """One row per running worker process, touched every few seconds.

    Operational, not organisational: it belongs to the installation, not to any organisation.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class PeriodicJob(models.Model):
    """One row per periodic job (uploads cleanup, reminders, digest): who runs it and when next.

    A worker takes a pass with one conditional UPDATE (due, and not held by a live worker), so
    of several workers asking at once exactly one runs it.
    """

    name = models.CharField(max_length=64, unique=True)
    next_run_at = models.DateTimeField(default=timezone.now)
    running_by = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
