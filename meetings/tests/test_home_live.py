"""A room that is open shows on the home of each person in it, one tap from joining."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from codev import services as codev
from conftest import COMPLETE_CASE, live_session_with_an_action, open_session
from meetings.models import ActionItem, Meeting
from practice import services as practice
from recognition import services as recognition


def test_an_open_room_is_one_tap_from_the_home_of_those_in_it(world, client_for):
    _session, meeting = open_session(world)
    join = reverse("meeting_live", args=[meeting.id])
    rep_home = client_for(world.rep).get(reverse("home")).content.decode()
    assert "Live now" in rep_home and f'href="{join}">Join</a>' in rep_home
    other_home = client_for(world.other_rep).get(reverse("home")).content.decode()
    assert "Live now" not in other_home  # not in that room
    Meeting.objects.filter(id=meeting.id).update(ended_at=timezone.now())
    assert "Live now" not in client_for(world.rep).get(reverse("home")).content.decode()


def test_the_home_shows_commitments_cases_and_what_waits_for_triage(world, client_for):
    _session, _meeting, action = live_session_with_an_action(world)
    ActionItem.objects.filter(id=action.id).update(due_on=date(2020, 1, 10))
    case = codev.case_save(author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True)
    rep_home = client_for(world.rep).get(reverse("home")).content.decode()
    assert "Your commitments" in rep_home and "Call the CFO&#x27;s assistant" in rep_home
    assert "overdue since 10 Jan 2020" in rep_home
    assert "Your cases" in rep_home and "Waiting for triage" in rep_home
    assert "Cases to triage" not in rep_home  # a rep does not triage
    manager_home = client_for(world.manager).get(reverse("home")).content.decode()
    assert "Cases to triage" in manager_home and case.title in manager_home
    assert (
        "Cases to triage" not in client_for(world.other_rep).get(reverse("home")).content.decode()
    )


def test_the_home_shows_the_week_ahead_takes_due_and_kudos(world, client_for):
    session = codev.session_schedule(
        team=world.alpha,
        scheduled_at=timezone.now() + timedelta(days=2),
        presenter=world.rep,
        facilitator=world.manager,
    )
    practice.challenge_create(
        actor=world.manager,
        team=world.alpha,
        kind="challenge",
        title="Price objection",
        prompt="They say: too expensive.",
        rubric="Acknowledge, 1",
        due_at=timezone.now() + timedelta(days=3),
        participants=[world.rep],
        reviewer_mode="peers",
    )
    recognition.kudos_give(
        giver=world.manager, recipients=[world.rep], message="Sharp discovery", for_kind="other"
    )
    rep_home = client_for(world.rep).get(reverse("home")).content.decode()
    assert "Sessions in the next 7 days" in rep_home and "You present" in rep_home
    assert f'href="{reverse("session_detail", args=[session.id])}"' in rep_home
    assert "Takes due" in rep_home and "Price objection" in rep_home
    assert "Kudos for you" in rep_home and "Sharp discovery" in rep_home
    manager_home = client_for(world.manager).get(reverse("home")).content.decode()
    assert "You facilitate" in manager_home and "Takes due" not in manager_home
    other = client_for(world.other_rep).get(reverse("home")).content.decode()
    assert "Sessions in the next 7 days" not in other and "Price objection" not in other


def test_a_manager_sees_the_teams_overdue_commitments_and_an_admin_the_adoption(world, client_for):
    _session, _meeting, action = live_session_with_an_action(world)
    ActionItem.objects.filter(id=action.id).update(due_on=date(2020, 1, 10))
    manager_home = client_for(world.manager).get(reverse("home")).content.decode()
    assert "Your teams' overdue commitments" in manager_home
    assert "Rita Rep · Alpha Sellers" in manager_home and "since 10 Jan 2020" in manager_home
    rep_home = client_for(world.rep).get(reverse("home")).content.decode()
    assert "overdue commitments" not in rep_home  # her own are under "Your commitments"
    admin_home = client_for(world.admin).get(reverse("home")).content.decode()
    assert "Adoption, last 30 days" in admin_home
    assert "Never presented a case:" in admin_home and "Rita Rep" in admin_home
    assert "Adoption" not in client_for(world.manager).get(reverse("home")).content.decode()


def test_the_room_of_a_session_holds_its_case_folded_for_everyone_in_it(world, client_for):
    case = codev.case_save(author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True)
    session = codev.session_schedule(
        team=world.alpha,
        scheduled_at=timezone.now() + timedelta(hours=1),
        presenter=world.rep,
        facilitator=world.manager,
        case=case,
    )
    meeting = codev.session_start(session=session, actor=world.manager)
    page = client_for(world.manager).get(reverse("meeting_live", args=[meeting.id])).content
    html = page.decode()
    assert '<details class="card brief" id="case-brief">' in html  # folded by default
    assert f"The case: {case.title}" in html and "Arms crossed" in html
    assert "A discount and a phased rollout." in html
