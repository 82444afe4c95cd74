"""Every commitment comes back at its owner's next session or 1:1 until it is done or dropped:
a team session brings back the team's earlier commitments of the people in the room, a 1:1
the rep's team commitments; private items never reach a team room."""

from html import unescape

from django.urls import reverse

from coaching import services as coaching_services
from conftest import COMMITMENT, live_session_with_an_action, open_session
from meetings import services
from meetings.models import ActionItem, Meeting, Role


def _roleplay_with_a_commitment(world):
    meeting = services.meeting_create(
        team=world.alpha,
        protocol_key="roleplay",
        title="Price objection drill",
        facilitator=world.manager,
        roles={Role.FACILITATOR: [world.manager], Role.SELLER: [world.rep]},
    )
    return services.action_create(
        meeting=meeting, owner=world.rep, what="Use the pause before the price", **COMMITMENT
    )


def test_a_role_play_commitment_comes_back_at_the_owners_next_session(world, client_for):
    drill = _roleplay_with_a_commitment(world)
    _, meeting = open_session(world)
    page = client_for(world.rep).get(reverse("meeting_live", args=[meeting.id])).content.decode()
    assert "Open commitments of the people here (1)" in page
    assert "Use the pause before the price" in page and "Price objection drill" in page
    assert f'action="/actions/{drill.id}/"' in page  # its owner updates it right there
    other = client_for(world.manager).get(reverse("meeting_live", args=[meeting.id]))
    assert f'action="/actions/{drill.id}/"' not in other.content.decode()

    ActionItem.objects.filter(id=drill.id).update(status="done")
    page = client_for(world.rep).get(reverse("meeting_live", args=[meeting.id])).content.decode()
    assert "Use the pause before the price" not in page  # done: it stops coming back


def test_a_team_commitment_comes_back_at_the_reps_next_1on1(world, client_for):
    _roleplay_with_a_commitment(world)
    one = coaching_services.one_on_one_start(
        coach=world.manager,
        rep=world.rep,
        protocol_key="grow",
        coaching_type="developmental",
        topic="Pricing calls",
    )
    page = client_for(world.rep).get(reverse("meeting_live", args=[one.meeting_id]))
    assert "Use the pause before the price" in page.content.decode()


def test_a_private_1on1_item_never_reaches_a_team_room(world, client_for):
    one = coaching_services.one_on_one_start(
        coach=world.manager,
        rep=world.rep,
        protocol_key="grow",
        coaching_type="developmental",
        topic="Confidence",
    )
    services.action_create(
        meeting=Meeting.objects.get(id=one.meeting_id),
        owner=world.rep,
        what="Private: talk about the burnout",
        **COMMITMENT,
    )
    _, meeting = open_session(world)
    page = client_for(world.rep).get(reverse("meeting_live", args=[meeting.id])).content.decode()
    assert "Private: talk about the burnout" not in page


def test_the_previous_sessions_items_are_shown_once_in_the_follow_up(world, client_for):
    session, earlier, action = live_session_with_an_action(world)
    Meeting.objects.filter(id=earlier.id).update(ended_at=earlier.created_at)
    session.status = "done"
    session.save(update_fields=["status"])
    _, meeting = open_session(world)
    page = unescape(
        client_for(world.rep).get(reverse("meeting_live", args=[meeting.id])).content.decode()
    )
    assert page.count(f"<strong>{action.what}</strong>") == 1  # in the follow-up only
