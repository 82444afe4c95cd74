from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ops.models import WorkerHeartbeat
from ops.services import heartbeat_beat


def test_health_is_ok_with_a_fresh_worker_heartbeat(db, client):
    heartbeat_beat(worker_id="w1")
    response = client.get(reverse("health"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["web"] == "ok" and body["database"] == "ok"
    assert body["worker"]["status"] == "ok" and body["worker"]["alive"] == 1


def test_health_is_degraded_without_a_worker(db, client):
    response = client.get(reverse("health") + "?format=json")
    assert response.status_code == 503
    assert response.json()["worker"]["status"] == "missing"
    assert response.json()["status"] == "degraded"


def test_health_reports_a_stale_worker(db, client, settings):
    heartbeat_beat(worker_id="w1")
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - timedelta(minutes=5))
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert "stale" in response.content.decode()
    assert "last heartbeat" in response.content.decode()
