"""A commitment is closed where it is seen: from its owner's home."""

from django.urls import reverse

from conftest import live_session_with_an_action
from meetings.models import ActionItem


def test_the_owner_marks_a_commitment_done_from_their_home(world, client_for):
    _session, _meeting, action = live_session_with_an_action(world)
    home = client_for(world.rep).get(reverse("home")).content.decode()
    assert f'action="{reverse("action_update", args=[action.id])}"' in home
    answer = client_for(world.rep).post(
        reverse("action_update", args=[action.id]), {"status": "done", "update": "", "next": "/"}
    )
    assert answer["Location"] == "/"
    assert ActionItem.objects.get(id=action.id).status == "done"
    home = client_for(world.rep).get(reverse("home")).content.decode()
    assert "Your commitments" not in home
    refused = client_for(world.other_rep).post(
        reverse("action_update", args=[action.id]), {"status": "open"}
    )
    assert refused.status_code == 404 and ActionItem.objects.get(id=action.id).status == "done"
