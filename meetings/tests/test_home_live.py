"""A room that is open shows on the home of each person in it, one tap from joining."""

from django.urls import reverse
from django.utils import timezone

from conftest import open_session
from meetings.models import Meeting


def test_an_open_room_is_one_tap_from_the_home_of_those_in_it(world, client_for):
    _session, meeting = open_session(world)
    join = reverse("meeting_live", args=[meeting.id])
    rep_home = client_for(world.rep).get(reverse("home")).content.decode()
    assert "Live now" in rep_home and f'href="{join}">Join</a>' in rep_home
    other_home = client_for(world.other_rep).get(reverse("home")).content.decode()
    assert "Live now" not in other_home  # not in that room
    Meeting.objects.filter(id=meeting.id).update(ended_at=timezone.now())
    assert "Live now" not in client_for(world.rep).get(reverse("home")).content.decode()
