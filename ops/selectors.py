from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ops.models import WorkerHeartbeat


@dataclass(frozen=True)
class Health:
    database: str
    worker: str
    worker_last_seen: datetime | None
    workers_alive: int
    tasks_waiting: int | None

    @property
    def ok(self) -> bool:
        return self.database == "ok" and self.worker == "ok"

    def as_dict(self) -> dict:
        age = None
        if self.worker_last_seen is not None:
            age = round((timezone.now() - self.worker_last_seen).total_seconds(), 1)
        return {
            "status": "ok" if self.ok else "degraded",
            "web": "ok",
            "database": self.database,
            "worker": {
                "status": self.worker,
                "alive": self.workers_alive,
                "last_seen": self.worker_last_seen.isoformat() if self.worker_last_seen else None,
                "age_seconds": age,
            },
            "tasks_waiting": self.tasks_waiting,
        }


def health_now() -> Health:
    """Web is up if this runs; the database answers a query; a worker beat recently."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure is the answer here
        return Health(f"error: {error.__class__.__name__}", "unknown", None, 0, None)
    fresh_after = timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    latest = WorkerHeartbeat.objects.order_by("-last_seen").first()
    alive = WorkerHeartbeat.objects.filter(last_seen__gte=fresh_after).count()
    worker = "missing" if latest is None else ("ok" if alive else "stale")
    waiting = DBTaskResult.objects.ready().count()
    return Health("ok", worker, latest.last_seen if latest else None, alive, waiting)
