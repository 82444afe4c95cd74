"""State changes two people (or two taps) can race are claimed: one wins, the others get a clear
answer. Each test fires the requests at once from threads with their own database connections."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import TeamRole
from codev import services as codev
from codev.models import Case
from conftest import COMPLETE_CASE, clip_bytes, make_person
from library.models import Clip, Upload
from meetings.models import Meeting

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(*calls):
    """Run the calls on threads released together; returns each call's result or exception."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects what each call got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_opening_a_session_twice_at_once_opens_one_meeting(world):
    session = codev.session_schedule(
        team=world.alpha,
        scheduled_at=timezone.now() + timedelta(hours=1),
        presenter=world.rep,
        facilitator=world.manager,
    )
    url = reverse("session_open", args=[session.id])
    clients = [_signed_in(world.manager) for _ in range(4)]
    answers = _at_once(*[lambda c=c: c.post(url) for c in clients])
    assert [a.status_code for a in answers] == [302] * 4
    assert Meeting.objects.count() == 1
    assert len({a["Location"] for a in answers}) == 1  # everyone lands in the same room


def test_two_shares_of_one_upload_make_one_clip(world, tmp_path, settings):
    data = clip_bytes()
    client = _signed_in(world.rep)
    upload_id = client.post(
        reverse("upload_create"), {"filename": "take.webm", "size": len(data), "type": "video/webm"}
    ).json()["id"]
    client.put(
        reverse("upload_chunk", args=[upload_id]) + "?offset=0",
        data=data,
        content_type="application/octet-stream",
    )
    url = reverse("upload_finish", args=[upload_id])
    form = {"title": "Pricing answer", "team": world.alpha.id, "visibility": "team"}
    clients = [_signed_in(world.rep) for _ in range(3)]
    answers = _at_once(*[lambda c=c: c.post(url, form) for c in clients])
    assert all(not isinstance(a, Exception) for a in answers), answers
    assert all(a.status_code < 500 for a in answers)
    assert Clip.objects.count() == 1
    clip = Clip.objects.get()
    for answer in answers:
        body = answer.json()
        assert (
            body["ok"] is True
            and body["url"] == reverse("clip_detail", args=[clip.id])
            or ("being shared already" in body["error"])
        )
    # A retry after a lost answer finds the same clip.
    again = client.post(url, form).json()
    assert again == {"ok": True, "url": reverse("clip_detail", args=[clip.id])}
    assert Upload.objects.get(id=upload_id).clip_id == clip.id


def test_two_managers_triaging_at_once_one_decides_the_other_is_told(world):
    second = make_person(world.org, "mia@acme.test", "Mia Manager")
    account_services.membership_set(team=world.alpha, person=second, role=TeamRole.MANAGER)
    case = codev.case_save(author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True)
    url = reverse("case_triage", args=[case.id])
    decisions = [("manager", world.manager, "codev"), ("second", second, "coaching")]
    clients = {name: _signed_in(person) for name, person, _ in decisions}
    answers = _at_once(
        *[
            lambda n=n, d=d: clients[n].post(
                url, {"decision": d, "reason": "", "seen": "submitted"}, follow=True
            )
            for n, _, d in decisions
        ]
    )
    pages = [a.content.decode() for a in answers]
    won = [p for p in pages if "Triaged:" in p]
    told = [p for p in pages if "triaged this case a moment ago" in p]
    assert (len(won), len(told)) == (1, 1)
    case = Case.objects.get(id=case.id)
    assert case.status in ("codev", "coaching")
    winner = world.manager if case.status == "codev" else second
    assert case.triaged_by == winner


def test_the_same_decision_sent_twice_is_taken_once_without_an_error(world):
    case = codev.case_save(author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True)
    client = _signed_in(world.manager)
    url = reverse("case_triage", args=[case.id])
    for _ in range(2):
        page = client.post(url, {"decision": "codev", "seen": "submitted"}, follow=True)
        assert "Triaged:" in page.content.decode()
    assert Case.objects.get(id=case.id).status == "codev"


def test_a_share_whose_request_died_can_be_shared_again(world):
    import tempfile
    from pathlib import Path

    from conftest import upload_file
    from library import services as library_services

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "take.webm"
        file.write_bytes(clip_bytes())
        upload = upload_file(world.rep, file)
    Upload.objects.filter(id=upload.id).update(finishing_at=timezone.now() - timedelta(minutes=11))
    clip = library_services.upload_finish(
        upload=upload, actor=world.rep, team=world.alpha, values={"title": "Retry"}
    )
    assert Clip.objects.get() == clip


def test_uploads_started_at_once_stay_within_the_open_uploads_limit(world):
    from library import services as library

    limit = world.org.uploads_open_max
    start = lambda: library.upload_start(  # noqa: E731
        user=world.rep, filename="take.webm", size=1024, content_type="video/webm"
    )
    answers = _at_once(*[start for _ in range(limit + 3)])
    started = [a for a in answers if isinstance(a, Upload)]
    refused = [a for a in answers if not isinstance(a, Upload)]
    assert len(started) == limit
    assert Upload.objects.filter(user=world.rep).count() == limit
    assert all("uploads in progress" in str(a) for a in refused), refused


def test_a_session_cancelled_and_moved_at_once_is_changed_once(world):
    from codev.models import CodevSession, SessionStatus

    session = codev.session_schedule(
        team=world.alpha,
        scheduled_at=timezone.now() + timedelta(days=2),
        presenter=world.rep,
        facilitator=world.manager,
    )
    later = timezone.now() + timedelta(days=3)
    answers = _at_once(
        lambda: codev.session_cancel(session=session, actor=world.manager),
        lambda: codev.session_move(session=session, actor=world.admin, scheduled_at=later),
        lambda: codev.session_cancel(session=session, actor=world.admin),
    )
    refused = [a for a in answers if isinstance(a, Exception)]
    final = CodevSession.objects.get(id=session.id)
    # Every change is claimed from "planned": one cancel lands, and nothing after it.
    cancels = [a for a in (answers[0], answers[2]) if not isinstance(a, Exception)]
    assert final.status == SessionStatus.CANCELLED and len(cancels) == 1
    assert final.sequence == len(answers) - len(refused)
    assert refused and all("can no longer be changed" in str(a) for a in refused), refused


def test_two_workers_reminding_at_once_remind_once(world):
    from datetime import date as day
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from conftest import live_session_with_an_action
    from meetings import services as meeting_services
    from meetings.models import ActionItem
    from recognition.models import Notification, NotificationKind

    _session, _meeting, action = live_session_with_an_action(world)
    ActionItem.objects.filter(id=action.id).update(due_on=day(2030, 3, 1))
    now = datetime(2030, 3, 9, 12, 0, tzinfo=ZoneInfo("UTC"))
    send = lambda: meeting_services.commitment_reminders_send(now=now)  # noqa: E731
    answers = _at_once(send, send, send)
    assert sorted(answers) == [0, 0, 1]
    assert Notification.objects.filter(kind=NotificationKind.COMMITMENT).count() == 1
