"""Credit others for support: advice or a clip credited in an action plan is recognised."""

from html import unescape

import pytest
from django.urls import reverse

from accounts import services as account_services
from accounts.models import TeamRole
from conftest import COMMITMENT, action_items, make_person, open_session, uploaded_clip
from library.models import Clip
from library.services import comment_add
from meetings import services as meetings
from meetings.models import ActionItem
from meetings.selectors import meeting_state
from recognition.models import Kudos, Notification
from recognition.selectors import leaderboards
from roundtable.errors import RoundtableError


def _to_phase(world, meeting, key: str) -> None:
    while True:
        meeting.refresh_from_db()
        if meeting_state(meeting=meeting)["current"]["phase_key"] == key:
            return
        meetings.meeting_move(meeting_id=meeting.id, actor=world.manager, move="advance")


@pytest.fixture
def advised(world):
    """A live session in Alpha: Cleo consults and gives advice; Rita is at her action plan."""
    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    account_services.membership_set(team=world.alpha, person=cleo, role=TeamRole.REP)
    _, meeting = open_session(world)
    meetings.meeting_move(meeting_id=meeting.id, actor=world.manager, move="start")
    _to_phase(world, meeting, "consultation")
    advice = meetings.contribution_add(
        meeting_id=meeting.id, author=cleo, kind="advice", text="Ask the CFO for 20 minutes"
    )
    _to_phase(world, meeting, "action_plan")
    return world, meeting, cleo, advice


def test_crediting_advice_in_an_action_plan_recognises_the_adviser(advised):
    world, meeting, cleo, advice = advised
    meetings.contribution_add(
        meeting_id=meeting.id,
        author=world.rep,
        kind="action",
        text="Book the CFO meeting",
        credit=f"advice:{advice.id}",
        **COMMITMENT,
    )
    action = ActionItem.objects.get(meeting=meeting)
    assert action.credited_contribution == advice
    kudos = Kudos.objects.get(for_kind="advice")
    assert (kudos.giver, list(kudos.recipients.all()), kudos.contribution) == (
        world.rep,
        [cleo],
        advice,
    )
    assert kudos.message == "Credited your advice in their action plan."
    assert Notification.objects.filter(user=cleo, text__contains="credited your advice").exists()
    shown = meeting_state(meeting=meeting)["actions"][0]
    assert shown["credit"] == "Cleo Consult's advice"
    helping = {
        line.name: line.detail for line in leaderboards(organisation=world.org)["contribution"]
    }
    assert "adopted 1" in helping["Cleo Consult"]


def test_an_action_without_credit_recognises_no_one(advised):
    world, meeting, _, _ = advised
    meetings.contribution_add(
        meeting_id=meeting.id,
        author=world.rep,
        kind="action",
        text="Book the CFO meeting",
        **COMMITMENT,
    )
    assert not Kudos.objects.exists()
    assert ActionItem.objects.get(meeting=meeting).credit == ""


def test_credit_is_refused_for_oneself_and_for_what_the_owner_never_saw(advised, tmp_path):
    world, meeting, cleo, advice = advised
    with pytest.raises(RoundtableError, match="not your own"):
        meetings.contribution_add(
            meeting_id=meeting.id,
            author=world.rep,
            kind="action",
            text="Cleo follows up",
            owner_id=cleo.id,
            credit=f"advice:{advice.id}",
            **COMMITMENT,
        )
    # Otto's clip is for Beta only: Rita cannot watch it, so she cannot credit it.
    clip = uploaded_clip(world.other_rep, world.beta, tmp_path)
    Clip.objects.filter(id=clip.id).update(state="ready")
    for credit in (f"clip:{clip.id}", "advice:999999", "nonsense"):
        with pytest.raises(RoundtableError, match="pick one from the list"):
            meetings.contribution_add(
                meeting_id=meeting.id,
                author=world.rep,
                kind="action",
                text="x",
                credit=credit,
                **COMMITMENT,
            )
    assert not ActionItem.objects.exists() and not Kudos.objects.exists()


def test_the_live_form_offers_this_sessions_advice_and_colleagues_clips(advised, client_for):
    world, meeting, cleo, advice = advised
    response = client_for(world.rep).post(
        reverse("meeting_contribute", args=[meeting.id]),
        {"kind": "action", "text": "Book the CFO", "credit": f"advice:{advice.id}"} | COMMITMENT,
    )
    assert response.json()["ok"] is True
    assert Kudos.objects.filter(recipients=cleo, for_kind="advice").count() == 1
    refused = client_for(world.rep).post(
        reverse("meeting_contribute", args=[meeting.id]),
        {"kind": "action", "text": "Mine", "credit": "clip:424242"} | COMMITMENT,
    )
    assert refused.status_code == 400 and "pick one from the list" in refused.json()["error"]


def test_kudos_for_advice_from_a_session_one_was_in(advised, client_for):
    world, _, cleo, advice = advised
    page = client_for(world.rep).get(reverse("kudos_home")).content.decode()
    assert "Cleo Consult: Ask the CFO for 20 minutes" in page
    response = client_for(world.rep).post(
        reverse("kudos_home"),
        {
            "to": [cleo.id],
            "for_kind": "advice",
            "contribution": advice.id,
            "message": "The CFO said yes.",
        },
    )
    assert response.status_code == 302
    assert Kudos.objects.get(giver=world.rep).contribution == advice
    # Otto was not in the session: the advice is not offered to him.
    other = client_for(world.other_rep).get(reverse("kudos_home")).content.decode()
    assert "Ask the CFO for 20 minutes" not in other


@pytest.fixture
def team_clip(world, tmp_path):
    """A ready clip by Alpha's second rep, which Rita can watch."""
    sam = make_person(world.org, "sam@acme.test", "Sam Seller")
    account_services.membership_set(team=world.alpha, person=sam, role=TeamRole.REP)
    clip = uploaded_clip(sam, world.alpha, tmp_path)
    Clip.objects.filter(id=clip.id).update(state="ready", title="Pricing objection", duration=60)
    return sam, Clip.objects.get(id=clip.id)


def test_a_written_one_on_one_credits_a_colleagues_clip(world, client_for, team_clip):
    sam, clip = team_clip
    url = reverse("one_on_one_write")
    page = client_for(world.manager).get(url, {"rep": world.rep.id, "protocol": "grow"})
    assert f'value="clip:{clip.id}"' in page.content.decode()
    response = client_for(world.manager).post(
        url,
        {
            "rep": world.rep.id,
            "protocol": "grow",
            "topic": "Pricing",
        }
        | action_items({"what": "Use the three-option price", "credit": f"clip:{clip.id}"}),
    )
    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert action.credited_clip == clip and action.owner == world.rep
    kudos = Kudos.objects.get()
    assert (kudos.for_kind, kudos.clip, kudos.giver) == ("clip", clip, world.rep)
    assert list(kudos.recipients.all()) == [sam]
    record = unescape(client_for(world.rep).get(response["Location"]).content.decode())
    assert "Thanks to Sam Seller's clip “Pricing objection”" in record


def test_a_written_one_on_one_keeps_every_row_when_a_date_is_wrong(world, client_for, team_clip):
    _, clip = team_clip
    response = client_for(world.manager).post(
        reverse("one_on_one_write"),
        {
            "rep": world.rep.id,
            "protocol": "grow",
            "topic": "Pricing",
        }
        | action_items(
            {
                "what": "Use the three-option price",
                "due_on": "next friday",
                "success": "Two proposals out",
                "credit": f"clip:{clip.id}",
            }
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Item 1: give the date as YYYY-MM-DD" in html
    assert 'value="Use the three-option price"' in html and 'value="Two proposals out"' in html
    assert f'value="clip:{clip.id}" selected' in html
    assert not ActionItem.objects.exists()


def test_a_clip_comment_notifies_its_author_in_the_app(world, team_clip):
    sam, clip = team_clip
    comment_add(clip=clip, author=world.rep, text="Great pause after the price", at_seconds=3.0)
    note = Notification.objects.get(user=sam)
    assert "Rita Rep commented on “Pricing objection”" in note.text
    assert note.url == reverse("clip_detail", args=[clip.id]) + "?t=3.0"
    comment_add(clip=clip, author=sam, text="Thanks!", at_seconds=None)
    assert Notification.objects.filter(user=sam).count() == 1
