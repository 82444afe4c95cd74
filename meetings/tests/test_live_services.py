from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import TeamRole
from codev import services as codev_services
from codev.models import CodevSession, SessionStatus
from conftest import COMMITMENT, make_person, open_session
from meetings import services
from meetings.models import ActionItem, Contribution
from meetings.selectors import meeting_state
from roundtable.errors import RoundtableError


@pytest.fixture
def live(world, django_capture_on_commit_callbacks):
    """Alpha with two consultants; a planned session opened live by its facilitator."""
    for name in ["Cleo Consult", "Dev Consult"]:
        person = make_person(world.org, f"{name.split()[0].lower()}@acme.test", name)
        account_services.membership_set(team=world.alpha, person=person, role=TeamRole.REP)
    session, meeting = open_session(world)
    return world, session, meeting


def _move(world, meeting, move, **kwargs):
    return services.meeting_move(meeting_id=meeting.id, actor=world.manager, move=move, **kwargs)


def _phase(meeting) -> str:
    meeting.refresh_from_db()
    return meeting_state(meeting=meeting)["current"]["phase_key"]


def _consultants(meeting):
    return [p.user for p in meeting.participants.filter(role="consultant")]


def test_roles_come_from_the_plan_and_the_facilitator_does_not_consult(live):
    world, session, meeting = live
    roles = {p.user.full_name: p.role for p in meeting.participants.select_related("user")}
    assert roles == {
        "Max Manager": "facilitator",
        "Rita Rep": "client",
        "Cleo Consult": "consultant",
        "Dev Consult": "consultant",
    }
    session.refresh_from_db()
    assert session.status == SessionStatus.LIVE


def test_only_the_facilitator_moves_and_a_handover_passes_the_controls(live):
    world, _, meeting = live
    with pytest.raises(RoundtableError, match="Only the facilitator"):
        services.meeting_move(meeting_id=meeting.id, actor=world.rep, move="start")
    _move(world, meeting, "start")
    cleo = _consultants(meeting)[0]
    services.meeting_handover(meeting_id=meeting.id, actor=world.manager, to_user_id=cleo.id)
    with pytest.raises(RoundtableError):
        _move(world, meeting, "advance")
    services.meeting_move(meeting_id=meeting.id, actor=cleo, move="advance")
    meeting.refresh_from_db()
    assert meeting.state["step_index"] == 1


def test_questions_phase_refuses_a_statement_and_advice_from_the_client(live):
    world, _, meeting = live
    cleo, dev = _consultants(meeting)
    _move(world, meeting, "start")
    with pytest.raises(RoundtableError, match="does not take that"):
        services.contribution_add(meeting_id=meeting.id, author=cleo, kind="question", text="Why?")
    _move(world, meeting, "advance")  # questions, Cleo's turn
    with pytest.raises(RoundtableError, match="statement, not a question"):
        services.contribution_add(
            meeting_id=meeting.id, author=cleo, kind="question", text="Offer them a discount."
        )
    with pytest.raises(RoundtableError, match="for the consultant"):
        services.contribution_add(
            meeting_id=meeting.id, author=world.rep, kind="question", text="What now?"
        )
    services.contribution_add(
        meeting_id=meeting.id, author=dev, kind="question", text="What did the CFO fear?"
    )
    assert Contribution.objects.filter(meeting=meeting, kind="question").count() == 1


def test_an_action_item_has_an_owner_a_due_date_and_success(live):
    world, _, meeting = live
    _move(world, meeting, "start")
    while _phase(meeting) != "action_plan":
        _move(world, meeting, "advance")
    cleo = _consultants(meeting)[0]
    services.contribution_add(
        meeting_id=meeting.id,
        author=world.rep,
        kind="action",
        text="Send the ROI model",
        owner_id=world.rep.id,
        due_on=timezone.now().date() + timedelta(days=7),
        success="The CFO replies with questions",
    )
    services.contribution_add(
        meeting_id=meeting.id,
        author=world.rep,
        kind="action",
        text="Shadow Cleo's pricing call",
        owner_id=cleo.id,
        **COMMITMENT,
    )
    owners = dict(ActionItem.objects.values_list("what", "owner__full_name"))
    assert owners == {
        "Send the ROI model": "Rita Rep",
        "Shadow Cleo's pricing call": "Cleo Consult",
    }


def test_nothing_is_added_before_the_start_or_after_the_end(live):
    world, _, meeting = live
    with pytest.raises(RoundtableError, match="not running"):
        services.contribution_add(meeting_id=meeting.id, author=world.rep, kind="request", text="x")
    _move(world, meeting, "start")
    for _ in range(100):
        if meeting_state(meeting=services.Meeting.objects.get(id=meeting.id))["status"] == "ended":
            break
        _move(world, meeting, "advance")
    with pytest.raises(RoundtableError, match="not running"):
        services.contribution_add(meeting_id=meeting.id, author=world.rep, kind="request", text="x")
    assert not Contribution.objects.filter(meeting=meeting).exists()


def test_ending_marks_the_session_done_and_emails_the_record(
    live, run_worker, django_capture_on_commit_callbacks
):
    world, session, meeting = live
    with django_capture_on_commit_callbacks(execute=True):
        _move(world, meeting, "start")
        meeting.refresh_from_db()
        for _ in range(meeting_state(meeting=meeting)["step_count"]):
            _move(world, meeting, "advance")
    session.refresh_from_db()
    assert session.status == SessionStatus.DONE
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "cleo@acme.test",
        "dev@acme.test",
        "max@acme.test",
        "rita@acme.test",
    ]
    assert "Co-development record" in mail.outbox[0].subject


def test_presence_has_a_grace_period(live):
    world, _, meeting = live
    assert services.presence_touch(meeting_id=meeting.id, user=world.rep) is True
    assert services.presence_touch(meeting_id=meeting.id, user=world.rep) is False
    services.presence_touch(meeting_id=meeting.id, user=world.rep, online=False)
    people = {p["name"]: p["online"] for p in meeting_state(meeting=meeting)["participants"]}
    assert people["Rita Rep"] is True  # still within the grace period just after leaving


def test_the_next_session_opens_with_the_previous_clients_update(live, client_for):
    from django.urls import reverse

    world, session, meeting = live
    _move(world, meeting, "start")
    while _phase(meeting) != "action_plan":
        _move(world, meeting, "advance")
    services.contribution_add(
        meeting_id=meeting.id,
        author=world.rep,
        kind="action",
        text="Book the CFO lunch",
        **COMMITMENT,
    )
    CodevSession.objects.filter(id=session.id).update(
        status=SessionStatus.DONE, scheduled_at=timezone.now() - timedelta(days=30)
    )
    following = codev_services.session_schedule(
        team=world.alpha,
        scheduled_at=timezone.now() + timedelta(days=1),
        presenter=_consultants(meeting)[0],
        facilitator=world.manager,
    )
    client = client_for(world.rep)
    page = client.get(reverse("session_detail", args=[following.id])).content.decode()
    assert "First: Rita Rep's update" in page and "Book the CFO lunch" in page
    action = ActionItem.objects.get()
    client.post(
        reverse("action_update", args=[action.id]),
        {"status": "done", "update": "Lunch happened; pilot agreed"},
    )
    page = client.get(reverse("session_detail", args=[following.id])).content.decode()
    assert "Lunch happened; pilot agreed" in page


def test_a_teammate_who_does_not_own_an_action_cannot_update_it(live, client_for):
    from django.urls import reverse

    world, _, meeting = live
    _move(world, meeting, "start")
    while _phase(meeting) != "action_plan":
        _move(world, meeting, "advance")
    services.contribution_add(
        meeting_id=meeting.id, author=world.rep, kind="action", text="X", **COMMITMENT
    )
    cleo = _consultants(meeting)[0]
    response = client_for(cleo).post(
        reverse("action_update", args=[ActionItem.objects.get().id]), {"status": "done"}
    )
    assert response.status_code == 403
    assert ActionItem.objects.get().status == "open"


def test_observers_listen_and_share_lessons_but_do_not_question(world):
    dev = make_person(world.org, "dev2@acme.test", "Dev Observer")
    account_services.membership_set(team=world.alpha, person=dev, role=TeamRole.REP)
    session = codev_services.session_schedule(
        team=world.alpha,
        scheduled_at=timezone.now() + timedelta(hours=1),
        presenter=world.rep,
        facilitator=world.manager,
        observers=[dev],
    )
    meeting = codev_services.session_start(session=session, actor=world.manager)
    assert meeting.participants.get(user=dev).role == "observer"
    _move(world, meeting, "start")
    _move(world, meeting, "advance")
    with pytest.raises(RoundtableError, match="for the consultant"):
        services.contribution_add(
            meeting_id=meeting.id, author=dev, kind="question", text="What happened?"
        )
    while _phase(meeting) != "lessons":
        _move(world, meeting, "advance")
    services.contribution_add(
        meeting_id=meeting.id, author=dev, kind="lesson", text="Qualify budget earlier."
    )
    assert Contribution.objects.filter(meeting=meeting, author=dev, kind="lesson").count() == 1
    assert not Contribution.objects.filter(meeting=meeting, kind="question").exists()
    with pytest.raises(RoundtableError, match="cannot also observe"):
        codev_services.session_schedule(
            team=world.alpha,
            scheduled_at=timezone.now() + timedelta(hours=2),
            presenter=world.rep,
            facilitator=world.manager,
            observers=[world.rep],
        )


def test_a_commitment_is_whole_or_refused_and_says_what_to_fix(live, client_for):
    world, _, meeting = live
    _move(world, meeting, "start")
    while _phase(meeting) != "action_plan":
        _move(world, meeting, "advance")
    url = reverse("meeting_contribute", args=[meeting.id])
    client = client_for(world.rep)
    base = {"kind": "action", "text": "Send the ROI model"}
    for missing, message in [
        ({"success": "The CFO replies"}, "Say by when"),
        ({"due_on": "2001-01-01", "success": "The CFO replies"}, "That date is past"),
        ({"due_on": COMMITMENT["due_on"].isoformat()}, "Say how success will be seen"),
    ]:
        answer = client.post(url, base | missing)
        assert answer.status_code == 400 and message in answer.json()["error"], missing
    assert not ActionItem.objects.exists()
    whole = client.post(
        url, base | {"due_on": COMMITMENT["due_on"].isoformat()} | {"success": "The CFO replies"}
    )
    assert whole.status_code == 200 and ActionItem.objects.count() == 1
