"""Role-play and deal clinic on the protocol engine."""

import pytest
from django.urls import reverse

from accounts import services as account_services
from conftest import COMMITMENT, make_person
from meetings import services as meeting_services
from meetings.models import ActionItem, Meeting
from meetings.selectors import meeting_state
from protocols.definitions import DEAL_CLINIC, ROLEPLAY
from protocols.engine import steps_for


def test_roleplay_steps_put_a_feedback_round_after_every_turn_leader_first():
    steps = steps_for(ROLEPLAY, {"seller": [10, 20, 30], "buyer": [40]})
    keys = [(ROLEPLAY.phases[s.phase_index].key, s.speaker) for s in steps]
    assert keys == [
        ("scenario", None),
        ("turn", 10),
        ("feedback", 10),
        ("turn", 20),
        ("feedback", 20),
        ("turn", 30),
        ("feedback", 30),
        ("lessons", None),
    ]


def test_deal_clinic_runs_in_four_timed_phases_of_about_25_minutes():
    assert [p.key for p in DEAL_CLINIC.phases] == ["deal", "questions", "risks", "commitments"]
    assert 20 <= sum(p.minutes for p in DEAL_CLINIC.phases) <= 30


@pytest.fixture
def team(world):
    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    account_services.membership_set(team=world.alpha, person=cleo, role="rep")
    return world, cleo


def _move(meeting, actor, move="advance"):
    meeting_services.meeting_move(meeting_id=meeting.id, actor=actor, move=move)
    meeting.refresh_from_db()


def test_a_roleplay_opens_with_the_card_and_the_leader_first(team, client_for):
    world, cleo = team
    response = client_for(world.manager).post(
        reverse("roleplay_new", args=[world.alpha.id]),
        {
            "situation": "Renewal with a cost-cutting CFO",
            "persona": "Dana, CFO, measured on savings",
            "objection": "Your price went up 12% and we are cutting vendors.",
            "buyer": cleo.id,
            "sellers": [world.rep.id],
        },
    )
    assert response.status_code == 302
    meeting = world.alpha.meetings.get()
    page = client_for(world.rep).get(response["Location"]).content.decode()
    assert "The objection to raise: Your price went up 12%" in page
    _move(meeting, world.manager, "start")
    _move(meeting, world.manager)
    state = meeting_state(meeting=meeting)
    assert (state["current"]["phase_key"], state["current"]["speaker_id"]) == (
        "turn",
        world.manager.id,
    )
    _move(meeting, world.manager)
    state = meeting_state(meeting=meeting)
    assert state["current"]["phase_key"] == "feedback"
    assert state["phases"][state["current"]["phase_index"]]["about_turn"] is True


def test_feedback_rounds_label_feedback_and_nudge_abstract_feedback(team, client_for):
    world, cleo = team
    meeting = _roleplay(world, cleo)
    for move in ("start", "advance", "advance"):
        _move(meeting, world.manager, move)
    url = reverse("meeting_contribute", args=[meeting.id])
    vague = client_for(world.rep).post(url, {"kind": "feedback", "text": "Great energy!"}).json()
    assert vague["ok"] is True and vague["nudge"]["rewrite"]
    sharp = (
        client_for(cleo)
        .post(url, {"kind": "feedback", "text": "You paused after the price, so I spoke first."})
        .json()
    )
    assert sharp == {"ok": True}
    labels = [c["label"] for c in meeting_state(meeting=meeting)["contributions"]]
    assert labels == ["abstract", "concrete"]


def _roleplay(world, cleo):
    from practice.services import roleplay_start

    return roleplay_start(
        actor=world.manager,
        team=world.alpha,
        situation="",
        persona="",
        objection="Too expensive.",
        buyer=cleo,
        sellers=[world.rep],
    )


def test_a_roleplay_needs_an_objection_and_a_buyer_other_than_the_leader(team, client_for):
    world, cleo = team
    response = client_for(world.manager).post(
        reverse("roleplay_new", args=[world.alpha.id]),
        {"situation": "Kept situation", "objection": "", "buyer": cleo.id},
    )
    assert response.status_code == 400
    assert "Kept situation" in response.content.decode()
    leader_buys = client_for(world.manager).post(
        reverse("roleplay_new", args=[world.alpha.id]),
        {"objection": "Too expensive.", "buyer": world.manager.id, "sellers": [world.rep.id]},
    )
    assert leader_buys.status_code == 400
    assert not Meeting.objects.filter(team=world.alpha).exists()


def test_a_deal_clinic_ends_in_the_owners_action_items(team, client_for):
    world, cleo = team
    response = client_for(world.manager).post(
        reverse("dealclinic_new", args=[world.alpha.id]),
        {
            "deal": "Northwind renewal, 80k, close 30 June",
            "owner": world.rep.id,
            "peers": [cleo.id],
        },
    )
    meeting = world.alpha.meetings.get()
    assert response["Location"] == reverse("meeting_live", args=[meeting.id])
    roles = {p.user_id: p.role for p in meeting.participants.all()}
    assert roles == {world.rep.id: "client", cleo.id: "consultant"}
    _move(meeting, world.manager, "start")
    _move(meeting, world.manager)
    meeting_services.contribution_add(
        meeting_id=meeting.id, author=cleo, kind="question", text="Who signs above 50k?"
    )
    _move(meeting, world.manager)
    meeting_services.contribution_add(
        meeting_id=meeting.id, author=cleo, kind="advice", text="Risk: the CFO has not met us."
    )
    _move(meeting, world.manager)
    meeting_services.contribution_add(
        meeting_id=meeting.id,
        author=world.rep,
        kind="action",
        text="Book a call with the CFO",
        success="A date in the calendar",
        due_on=COMMITMENT["due_on"],
    )
    _move(meeting, world.manager)
    assert meeting_state(meeting=meeting)["status"] == "ended"
    action = ActionItem.objects.get()
    assert (action.owner, action.what) == (world.rep, "Book a call with the CFO")
    # Found again afterwards: on the team's practice page, done, with its commitment.
    html = client_for(cleo).get(reverse("practice_home")).content.decode()
    assert f'href="{reverse("practice_record", args=[meeting.id])}">Deal clinic: Northwind' in html
    assert "1 commitment" in html and "Past" in html
    record = client_for(cleo).get(reverse("practice_record", args=[meeting.id])).content.decode()
    assert "Book a call with the CFO" in record and "A date in the calendar" in record
    other = client_for(world.other_rep).get(reverse("practice_home")).content.decode()
    assert "Northwind" not in other


def test_a_clinic_without_peers_is_refused_and_keeps_what_was_typed(team, client_for):
    world, cleo = team
    response = client_for(world.manager).post(
        reverse("dealclinic_new", args=[world.alpha.id]),
        {"deal": "Northwind renewal, 80k", "owner": world.rep.id},
    )
    assert response.status_code == 400
    assert 'value="Northwind renewal, 80k"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_roleplay_planned_ahead_is_upcoming_and_each_person_hears_their_part(
    team, client_for, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from recognition.models import Notification

    world, cleo = team
    when = timezone.now() + timedelta(days=2)
    response = client_for(world.manager).post(
        reverse("roleplay_new", args=[world.alpha.id]),
        {
            "objection": "Your price is too high",
            "buyer": cleo.id,
            "sellers": [world.rep.id],
            "when": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    meeting = world.alpha.meetings.get()
    assert response["Location"] == reverse("practice_record", args=[meeting.id])
    assert meeting.upcoming
    assert "you play the buyer" in Notification.objects.get(user=cleo).text
    assert "you take a turn" in Notification.objects.get(user=world.rep).text
    home = client_for(world.rep).get(reverse("home")).content.decode()
    assert "Role-plays and clinics in the next 7 days" in home and "You take a turn" in home
    assert "Live now" not in home  # planned, not live
    practice = client_for(cleo).get(reverse("practice_home")).content.decode()
    assert "Upcoming" in practice and "Role-play: Your price is too high" in practice

    # When the leader starts it, it is live and those not in the room hear it.
    Notification.objects.all().delete()
    meeting_services.presence_touch(meeting_id=meeting.id, user=world.rep)  # already in the room
    with django_capture_on_commit_callbacks(execute=True):
        _move(meeting, world.manager, "start")
    assert "it is live, join now" in Notification.objects.get(user=cleo).text
    assert not Notification.objects.filter(user=world.rep).exists()
    home = client_for(world.rep).get(reverse("home")).content.decode()
    assert "Live now" in home


def test_a_time_in_the_past_is_refused(team, client_for):
    world, cleo = team
    response = client_for(world.manager).post(
        reverse("roleplay_new", args=[world.alpha.id]),
        {"objection": "Too high", "buyer": cleo.id, "when": "2020-01-01T10:00"},
    )
    assert response.status_code == 400 and "Choose a time to come" in response.content.decode()


def test_the_leader_of_a_planned_clinic_sees_it_on_their_home(team, client_for):
    from datetime import timedelta

    from django.utils import timezone

    world, cleo = team
    when = timezone.localtime(timezone.now() + timedelta(days=2))
    client_for(world.manager).post(
        reverse("dealclinic_new", args=[world.alpha.id]),
        {
            "deal": "Northwind renewal",
            "owner": world.rep.id,
            "peers": [cleo.id],
            "when": when.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    home = client_for(world.manager).get(reverse("home")).content.decode()
    assert "Deal clinic: Northwind renewal" in home and "You lead it" in home
