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


def test_the_bench_floor_is_for_signed_in_people_only(world, rf):
    from django.contrib.auth.models import AnonymousUser

    from ops.views import bench_floor

    request = rf.get("/bench/floor/")
    request.user = AnonymousUser()
    assert bench_floor(request).status_code == 302  # to the sign-in page
    request.user = world.rep
    assert f"<p>{world.rep.full_name}</p>" in bench_floor(request).content.decode()


def test_the_bench_floor_is_not_routed_unless_benchmarking(client):
    assert client.get("/bench/floor/").status_code == 404
