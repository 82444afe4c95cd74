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
