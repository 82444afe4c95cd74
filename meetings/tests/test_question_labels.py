"""In the questions phase each question is labelled; closed ones and advice get a nudge."""

import pytest
from django.urls import reverse

from accounts import services as account_services
from accounts.models import TeamRole
from conftest import make_person, open_session
from meetings import services
from meetings.selectors import meeting_state


@pytest.fixture
def questions_phase(world):
    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    account_services.membership_set(team=world.alpha, person=cleo, role=TeamRole.REP)
    _, meeting = open_session(world)
    for move in ("start", "advance"):
        services.meeting_move(meeting_id=meeting.id, actor=world.manager, move=move)
    return world, meeting, cleo


def _ask(client, meeting, text):
    return client.post(
        reverse("meeting_contribute", args=[meeting.id]), {"kind": "question", "text": text}
    )


def test_an_open_question_is_labelled_and_needs_no_nudge(questions_phase, client_for):
    world, meeting, cleo = questions_phase
    answer = _ask(client_for(cleo), meeting, "What did the CFO say about timing?").json()
    assert answer == {"ok": True}
    meeting.refresh_from_db()
    assert meeting_state(meeting=meeting)["contributions"][-1]["label"] == "open"


@pytest.mark.parametrize(
    ("text", "label", "rewrite"),
    [
        ("Did you talk to legal?", "closed", "What happened when you talked to legal?"),
        (
            "Have you tried offering a pilot?",
            "advice",
            "What has stood in the way of offering a pilot",
        ),
    ],
)
def test_closed_questions_and_advice_are_checked_before_they_are_posted(
    questions_phase, client_for, text, label, rewrite
):
    world, meeting, cleo = questions_phase
    response = _ask(client_for(cleo), meeting, text)
    assert response.status_code == 400
    check = response.json()["check"]
    assert check["kind"] == label and check["reason"]
    assert check["rewrite"].startswith(rewrite)
    assert meeting.contributions.count() == 0  # nobody saw it: the asker chooses first

    anyway = client_for(cleo).post(
        reverse("meeting_contribute", args=[meeting.id]),
        {"kind": "question", "text": text, "ask_anyway": "1"},
    )
    assert anyway.json() == {"ok": True}
    meeting.refresh_from_db()
    assert meeting_state(meeting=meeting)["contributions"][-1]["label"] == label


def test_the_rewrite_is_posted_as_an_open_question(questions_phase, client_for):
    world, meeting, cleo = questions_phase
    rewrite = _ask(client_for(cleo), meeting, "Did you talk to legal?").json()["check"]["rewrite"]
    assert _ask(client_for(cleo), meeting, rewrite).json() == {"ok": True}
    assert meeting.contributions.get().label == "open"


def test_advice_given_as_a_statement_is_refused_with_the_reason(questions_phase, client_for):
    world, meeting, cleo = questions_phase
    response = _ask(client_for(cleo), meeting, "You should call the CFO.")
    assert response.status_code == 400
    assert "keep it for the consultation phase" in response.json()["error"]
    assert meeting.contributions.count() == 0
