from datetime import UTC, timedelta

from django.urls import reverse
from django.utils import timezone

from codev import services
from codev.models import CalendarFeed


def test_the_feed_lists_the_persons_sessions_as_icalendar(world, client):
    when = timezone.now() + timedelta(days=3)
    session = services.session_schedule(
        team=world.alpha, scheduled_at=when, presenter=world.rep, facilitator=world.manager
    )
    services.session_schedule(
        team=world.beta, scheduled_at=when, presenter=world.other_rep, facilitator=None
    )
    feed = CalendarFeed.objects.create(user=world.rep)
    response = client.get(reverse("calendar_feed", args=[feed.token]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1  # not the other team's session
    assert f"UID:codev-session-{session.id}@roundtable" in body
    assert f"DTSTART:{when.astimezone(UTC):%Y%m%dT%H%M%SZ}" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_an_unknown_token_is_not_found(db, client):
    assert client.get(reverse("calendar_feed", args=["nope"])).status_code == 404
