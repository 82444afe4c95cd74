"""The live room follows who is there and lets people mend what they said: turns go to the
people present, attendance is who joined, late text is filed where it belongs, an author
withdraws their own contribution."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from accounts import services as account_services
from accounts.models import TeamRole
from conftest import COMMITMENT, make_person, open_session
from meetings import services
from meetings.models import ActionItem, Contribution
from meetings.selectors import meeting_state
from recognition.models import Kudos
from roundtable.errors import RoundtableError


@pytest.fixture
def room(world):
    """Alpha's live session with two consultants, Cleo and Dev (Rita presents, Max leads)."""
    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    dev = make_person(world.org, "dev@acme.test", "Dev Consult")
    for person in (cleo, dev):
        account_services.membership_set(team=world.alpha, person=person, role=TeamRole.REP)
    _, meeting = open_session(world)
    return world, meeting, cleo, dev


def _move(world, meeting, move="advance"):
    services.meeting_move(meeting_id=meeting.id, actor=world.manager, move=move)
    meeting.refresh_from_db()
    return meeting_state(meeting=meeting)


def _to_questions(world, meeting):
    _move(world, meeting, "start")
    return _move(world, meeting)


def test_a_consultant_not_in_the_room_is_passed_over_then_gets_a_turn_on_joining(room):
    world, meeting, cleo, dev = room
    for person in (world.manager, world.rep, dev):  # Cleo's screen is not connected
        services.presence_touch(meeting_id=meeting.id, user=person)
    state = _to_questions(world, meeting)
    assert state["current"]["speaker_id"] == dev.id
    assert state["waiting_for"] == ["Cleo Consult"]

    services.presence_touch(meeting_id=meeting.id, user=cleo)  # Cleo joins during Dev's turn
    state = _move(world, meeting)
    assert state["current"]["phase_key"] == "questions"
    assert state["current"]["speaker_id"] == cleo.id and state["waiting_for"] == []
    assert _move(world, meeting)["current"]["phase_key"] == "request"


def test_a_room_following_one_screen_gives_every_consultant_their_turn(room):
    world, meeting, cleo, dev = room
    services.presence_touch(meeting_id=meeting.id, user=world.manager)  # only the projector
    state = _to_questions(world, meeting)
    assert state["current"]["speaker_id"] == cleo.id  # in order: nobody passed over


def test_attendance_is_who_joined_the_room_or_added_to_it(room):
    world, meeting, cleo, dev = room
    services.presence_touch(meeting_id=meeting.id, user=world.manager)
    _to_questions(world, meeting)
    services.contribution_add(
        meeting_id=meeting.id, author=cleo, kind="question", text="What did the CFO say?"
    )
    joined = {p["name"]: p["joined"] for p in meeting_state(meeting=meeting)["participants"]}
    assert joined == {
        "Max Manager": True,
        "Rita Rep": False,
        "Cleo Consult": True,
        "Dev Consult": False,
    }


def test_text_sent_after_the_facilitator_moved_on_is_filed_late_in_its_phase(room):
    world, meeting, cleo, dev = room
    _to_questions(world, meeting)
    _move(world, meeting)
    _move(world, meeting)  # now the request: questions are over
    late = services.contribution_add(
        meeting_id=meeting.id,
        author=cleo,
        kind="question",
        text="Did the CFO sign off?",  # closed, but late: filed, not checked again
        written_for="questions",
    )
    assert (late.phase_key, late.late) == ("questions", True)
    with pytest.raises(RoundtableError, match="does not take that"):
        services.contribution_add(  # without the phase it was written for: refused
            meeting_id=meeting.id, author=cleo, kind="question", text="What did the CFO say?"
        )
    with pytest.raises(RoundtableError, match="does not take that"):
        services.contribution_add(  # a phase still to come is not "late"
            meeting_id=meeting.id,
            author=cleo,
            kind="advice",
            text="Try a pilot.",
            written_for="consultation",
        )


def test_the_late_answer_says_where_the_text_went(room, client_for):
    world, meeting, cleo, dev = room
    _to_questions(world, meeting)
    for _ in range(3):
        _move(world, meeting)
    answer = client_for(cleo).post(
        reverse("meeting_contribute", args=[meeting.id]),
        {"kind": "question", "text": "What did the CFO say?", "written_for": "questions"},
    )
    assert "in the record as a late one" in answer.json()["filed"]


def test_an_author_withdraws_their_contribution_within_its_phase_only(room, client_for):
    world, meeting, cleo, dev = room
    _to_questions(world, meeting)
    asked = services.contribution_add(
        meeting_id=meeting.id, author=cleo, kind="question", text="What did the CFO say?"
    )
    url = reverse("meeting_withdraw", args=[meeting.id])
    refused = client_for(dev).post(url, {"contribution": asked.id})
    assert refused.status_code == 400 and "you wrote yourself" in refused.json()["error"]
    assert client_for(cleo).post(url, {"contribution": asked.id}).json() == {"ok": True}
    assert not Contribution.objects.filter(id=asked.id).exists()

    kept = services.contribution_add(
        meeting_id=meeting.id, author=cleo, kind="question", text="Who decides?"
    )
    _move(world, meeting)
    _move(world, meeting)
    late = client_for(cleo).post(url, {"contribution": kept.id})
    assert "That phase is over" in late.json()["error"]


def test_withdrawing_a_mistaken_action_item_removes_it_and_the_kudos_it_gave(room):
    world, meeting, cleo, dev = room
    _move(world, meeting, "start")
    while meeting_state(meeting=meeting)["current"]["phase_key"] != "consultation":
        _move(world, meeting)
    advice = services.contribution_add(
        meeting_id=meeting.id, author=cleo, kind="advice", text="Offer a paid pilot."
    )
    _move(world, meeting)
    _move(world, meeting)  # the action plan
    said = services.contribution_add(
        meeting_id=meeting.id,
        author=world.rep,
        kind="action",
        text="Offer a pilot to Northwind",
        credit=f"advice:{advice.id}",
        **COMMITMENT,
    )
    assert Kudos.objects.filter(recipients=cleo).count() == 1
    with pytest.raises(RoundtableError, match="phase is over"):  # credited advice stays
        services.contribution_withdraw(
            meeting_id=meeting.id, author=cleo, contribution_id=advice.id
        )
    services.contribution_withdraw(meeting_id=meeting.id, author=world.rep, contribution_id=said.id)
    assert not ActionItem.objects.filter(meeting=meeting).exists()
    assert not Kudos.objects.filter(recipients=cleo).exists()


@pytest.mark.django_db(transaction=True)
def test_two_withdrawals_at_once_delete_once(world):
    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    account_services.membership_set(team=world.alpha, person=cleo, role=TeamRole.REP)
    _, meeting = open_session(world)
    _to_questions(world, meeting)
    asked = services.contribution_add(
        meeting_id=meeting.id, author=cleo, kind="question", text="What did the CFO say?"
    )
    outcomes, barrier = [], threading.Barrier(2)

    def withdraw():
        barrier.wait()
        try:
            services.contribution_withdraw(
                meeting_id=meeting.id, author=cleo, contribution_id=asked.id
            )
            outcomes.append("withdrawn")
        except RoundtableError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=withdraw) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "withdrawn"]
    meeting.refresh_from_db()
    assert not Contribution.objects.filter(id=asked.id).exists()


def test_abstract_advice_typed_in_the_room_is_nudged_and_can_be_posted_anyway(room, client_for):
    world, meeting, cleo, dev = room
    _move(world, meeting, "start")
    while meeting_state(meeting=meeting)["current"]["phase_key"] != "consultation":
        _move(world, meeting)
    url = reverse("meeting_contribute", args=[meeting.id])
    held = client_for(cleo).post(url, {"kind": "advice", "text": "Be more confident."}).json()
    assert held["ok"] is False and held["check"]["title"] == "Could it be more concrete?"
    assert held["check"]["anyway"] == "Post it as it is" and held["check"]["rewrite"]
    assert not Contribution.objects.filter(kind="advice").exists()
    posted = client_for(cleo).post(
        url, {"kind": "advice", "text": "Be more confident.", "ask_anyway": "1"}
    )
    assert posted.json() == {"ok": True}
    concrete = client_for(dev).post(
        url, {"kind": "advice", "text": "Offer a paid pilot that ends before the budget freeze."}
    )
    assert concrete.json() == {"ok": True}
