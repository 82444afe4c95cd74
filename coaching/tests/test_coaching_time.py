"""Coaching time that counts: a live SLED its real length, a written GROW the length given
(else its planned length), a facilitated session its length; per week and per month."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from coaching import selectors, services
from coaching.models import OneOnOne
from conftest import action_items, open_session
from meetings.models import Meeting
from protocols.definitions import GROW


def _ran(meeting_id: int, minutes: int, days_ago: int = 1) -> None:
    start = timezone.now() - timedelta(days=days_ago)
    Meeting.objects.filter(id=meeting_id).update(
        started_at=start, ended_at=start + timedelta(minutes=minutes)
    )


def test_a_live_sled_a_written_grow_and_a_facilitated_session_give_the_right_minutes(
    world, client_for
):
    sled = services.one_on_one_start(
        coach=world.manager,
        rep=world.rep,
        protocol_key="sled",
        coaching_type="strategic",
        topic="Northwind account plan",
    )
    _ran(sled.meeting_id, 25)
    client_for(world.manager).post(
        reverse("one_on_one_write"),
        {"rep": world.rep.id, "protocol": "grow", "topic": "Discovery", "duration": "30"}
        | action_items({"what": "Time the discovery call"}),
    )
    assert OneOnOne.objects.get(mode="written").minutes == 30
    _session, meeting = open_session(world)
    _ran(meeting.id, 60)
    (row,) = selectors.manager_time(organisation_id=world.org.id, days=7)
    assert (row["one_on_ones"], row["sessions"]) == (55, 60)
    assert row["share"] == round(100 * 115 / (40 * 60), 1)
    page = client_for(world.manager).get(reverse("coaching_time") + "?over=week").content.decode()
    assert "Coaching time, last 7 days" in page and "1:1s 55 min · sessions 60 min" in page


def test_a_written_1on1_without_a_length_counts_its_planned_length(world, client_for):
    client_for(world.manager).post(
        reverse("one_on_one_write"),
        {"rep": world.rep.id, "protocol": "grow", "topic": "Discovery"}
        | action_items({"what": "Time the discovery call"}),
    )
    assert OneOnOne.objects.get().minutes == sum(p.minutes for p in GROW.phases)


def test_a_length_that_is_not_minutes_is_refused_and_the_notes_stay(world, client_for):
    answer = client_for(world.manager).post(
        reverse("one_on_one_write"),
        {
            "rep": world.rep.id,
            "protocol": "grow",
            "topic": "Discovery",
            "duration": "half an hour",
            "note_goal": "Shorter discovery calls",
        }
        | action_items({"what": "Time the discovery call"}),
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Say how long it took in minutes" in html and "Shorter discovery calls" in html
    assert not OneOnOne.objects.exists()


def test_a_session_more_than_a_week_ago_is_in_the_month_not_the_week(world):
    _session, meeting = open_session(world)
    _ran(meeting.id, 60, days_ago=10)
    (week,) = selectors.manager_time(organisation_id=world.org.id, days=7)
    (month,) = selectors.manager_time(organisation_id=world.org.id, days=30)
    assert (week["sessions"], month["sessions"]) == (0, 60)


def test_field_coaching_feedback_written_abstractly_is_nudged_and_nothing_is_lost(
    world, client_for
):
    typed = {
        "rep": world.rep.id,
        "protocol": "field_coaching",
        "topic": "Northwind demo",
        "note_diagnose": "Demos run long",
        "note_review": "Great job, very confident",
    } | action_items({"what": "Cut the demo to 20 minutes"})
    held = client_for(world.manager).post(reverse("one_on_one_write"), typed)
    html = held.content.decode()
    assert held.status_code == 400 and "Could it be more concrete?" in html
    assert "Great job, very confident" in html and "Demos run long" in html
    assert not OneOnOne.objects.exists()
    saved = client_for(world.manager).post(
        reverse("one_on_one_write"), typed | {"post_anyway": "1"}
    )
    assert saved.status_code == 302 and OneOnOne.objects.count() == 1


def test_coaching_time_shows_each_of_the_last_eight_weeks_against_the_target(world, client_for):
    client_for(world.manager).post(
        reverse("one_on_one_write"),
        {"rep": world.rep.id, "protocol": "grow", "topic": "Discovery", "duration": "48"}
        | action_items({"what": "Time the discovery call"}),
    )
    _session, meeting = open_session(world)
    _ran(meeting.id, 60, days_ago=14)
    (row,) = selectors.manager_time(organisation_id=world.org.id)
    shares = [share for _, share, _ in row["week_rows"]]
    assert len(shares) == 8 and shares[-1] == 2.0 and shares[-3] == 2.5
    assert shares.count(0) == 6
    assert all(bar.short for bar in row["weeks"].bars)  # far from more than half
    page = client_for(world.manager).get(reverse("coaching_time")).content.decode()
    assert "Week by week" in page and 'class="chart chart--bars"' in page
    assert "<td>2.5%</td><td>1</td>" in page  # the week two weeks back: 2.5% of 40 h is 1 h
