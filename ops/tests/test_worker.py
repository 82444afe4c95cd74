from datetime import timedelta

from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts import services
from accounts.tasks import send_invitation_email
from ops.models import WorkerHeartbeat
from ops.services import heartbeat_beat, tasks_requeue_orphans


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
