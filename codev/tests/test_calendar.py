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


def test_the_calendar_address_is_made_when_asked_for_never_by_looking(world, client_for):
    rep = client_for(world.rep)
    page = reverse("team_sessions", args=[world.alpha.id])
    html = rep.get(page).content.decode()
    assert "Get my calendar address" in html
    assert not CalendarFeed.objects.filter(user=world.rep).exists()  # a GET writes nothing
    response = rep.post(reverse("calendar_feed_create", args=[world.alpha.id]))
    assert response["Location"] == page
    feed = CalendarFeed.objects.get(user=world.rep)
    assert reverse("calendar_feed", args=[feed.token]) in rep.get(page).content.decode()
    rep.post(reverse("calendar_feed_create", args=[world.alpha.id]))  # asked twice: one address
    assert CalendarFeed.objects.filter(user=world.rep).count() == 1
