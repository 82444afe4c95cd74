import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import COMPLETE_CASE
from recognition import services
from recognition.models import Notification, NotificationSettings


def _at(day: int, hour: int, tz: str = "America/Argentina/Buenos_Aires") -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=ZoneInfo(tz))


def test_the_daily_digest_goes_each_morning_with_what_is_new(world, client_for):
    # Rita lives in Buenos Aires: her digest waits for 8 in the morning there.
    services.notify(users=[world.rep], text="Max gave you kudos: great discovery")
    services.notify(users=[world.manager], text="Rita commented")
    NotificationSettings.objects.create(user=world.manager, daily_digest=False)
    Notification.objects.update(created_at=_at(22, 18))
    assert services.digest_send(now=_at(23, 7)) == 0  # too early for her
    assert services.digest_send(now=_at(23, 8)) == 1
    assert mail.outbox[0].to == [world.rep.email]
    assert "Max gave you kudos: great discovery" in mail.outbox[0].body
    assert services.digest_send(now=_at(23, 15)) == 0  # once a day
    # The next morning: only what came since, not yesterday's again.
    services.notify(users=[world.rep], text="Otto commented on your clip")
    Notification.objects.filter(text__startswith="Otto").update(created_at=_at(23, 12))
    assert services.digest_send(now=_at(24, 9)) == 1
    assert "Otto commented" in mail.outbox[1].body and "great discovery" not in mail.outbox[1].body
    client_for(world.rep).get(reverse("notifications"))  # read them
    assert services.digest_send(now=_at(25, 9)) == 0  # nothing unread


def test_a_person_turns_the_digest_off(world, client_for):
    client_for(world.rep).post(reverse("notifications"), {})
    assert NotificationSettings.objects.get(user=world.rep).daily_digest is False


def test_only_a_slack_webhook_address_is_accepted(world, client_for):
    response = client_for(world.manager).post(
        reverse("team_slack", args=[world.alpha.id]), {"url": "http://example.com/hook"}
    )
    assert response.status_code == 400
    assert "hooks.slack.com" in response.content.decode()
    assert 'value="http://example.com/hook"' in response.content.decode()


def test_kudos_and_stories_are_posted_to_the_teams_slack(
    world, client_for, run_worker, monkeypatch, django_capture_on_commit_callbacks
):
    posted = []

    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

        def read(self):
            return b"ok"

    def fake_urlopen(request, timeout):
        posted.append((request.full_url, json.loads(request.data)))
        return Answer()

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)  # Slack is outside the machine
    services.slack_hook_set(team=world.alpha, url="https://hooks.slack.com/services/T/B/x")
    with django_capture_on_commit_callbacks(execute=True):
        services.kudos_give(
            giver=world.manager,
            recipients=[world.rep],
            message="Great discovery call",
            for_kind="other",
        )
        services.story_post(
            author=world.rep, team=world.alpha, kind="success", title="Won Northwind", body="x"
        )
    run_worker()
    texts = [body["text"] for url, body in posted]
    assert all(url == "https://hooks.slack.com/services/T/B/x" for url, _ in posted)
    assert any("Max Manager → Rita Rep: Great discovery call" in t for t in texts)
    assert any(t.startswith("Success story from Rita Rep: Won Northwind") for t in texts)


def test_no_webhook_no_post(world, monkeypatch):
    monkeypatch.setattr("urllib.request.urlopen", pytest.fail)
    services.slack_post(team_id=world.alpha.id, text="hello")


@pytest.fixture
def slack_posts(monkeypatch):
    """What reached Slack's webhook (Slack is outside the machine)."""
    posted = []

    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

        def read(self):
            return b"ok"

    def fake_urlopen(request, timeout):
        posted.append(json.loads(request.data)["text"])
        return Answer()

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    return posted


def _week_of_steps(world, capture):
    from codev import services as codev

    with capture(execute=True):
        case = codev.case_save(
            author=world.rep,
            team=world.alpha,
            values=COMPLETE_CASE | {"title": "Northwind CFO secret"},
            submit=True,
        )
        session = codev.session_schedule(
            team=world.alpha,
            scheduled_at=timezone.now() + timedelta(days=2),
            presenter=world.rep,
            facilitator=world.manager,
            case=case,
        )
        codev.session_move(
            session=session, actor=world.manager, scheduled_at=session.scheduled_at + timedelta(1)
        )
        codev.session_start(session=session, actor=world.manager)


def test_the_weeks_steps_reach_the_teams_slack_without_what_a_case_says(
    world, run_worker, slack_posts, django_capture_on_commit_callbacks
):
    services.slack_hook_set(team=world.alpha, url="https://hooks.slack.com/services/T/B/x")
    _week_of_steps(world, django_capture_on_commit_callbacks)
    run_worker()
    assert any("Rita Rep brought a new case to Alpha Sellers" in t for t in slack_posts)
    assert any(t.startswith("Co-development session planned for") for t in slack_posts)
    assert any("moves to" in t for t in slack_posts)
    assert any(t.startswith("The co-development session is live now") for t in slack_posts)
    assert all("http://" in t or "https://" in t for t in slack_posts)  # each with its link
    assert not any("Northwind CFO secret" in t for t in slack_posts)


def test_a_team_can_keep_the_weeks_steps_out_of_slack(
    world, client_for, run_worker, slack_posts, django_capture_on_commit_callbacks
):
    page = client_for(world.manager).post(
        reverse("team_slack", args=[world.alpha.id]),
        {"url": "https://hooks.slack.com/services/T/B/x"},  # the box left unticked
    )
    assert page.status_code == 302
    _week_of_steps(world, django_capture_on_commit_callbacks)
    run_worker()
    assert slack_posts == []
