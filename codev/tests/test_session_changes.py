"""A planned session can be moved, given another presenter or cancelled: the team is told, in
each person's time, and calendars follow (same UID, SEQUENCE bumped, STATUS:CANCELLED)."""

import re
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import TeamRole
from accounts.services import membership_set
from codev import services
from codev.models import CalendarFeed, CaseStatus, CodevSession, SessionStatus
from conftest import COMPLETE_CASE, make_person
from recognition.models import Notification, NotificationKind
from roundtable.errors import RoundtableError

UTC = ZoneInfo("UTC")


def _planned(world, **extra):
    return services.session_schedule(
        team=world.alpha,
        scheduled_at=datetime(2030, 3, 5, 15, 0, tzinfo=UTC),
        presenter=world.rep,
        facilitator=world.manager,
        **extra,
    )


def _feed(client, person) -> str:
    feed, _ = CalendarFeed.objects.get_or_create(user=person)
    return client.get(reverse("calendar_feed", args=[feed.token])).content.decode()


def test_a_moved_session_tells_the_team_and_the_calendar_follows(world, client_for, client):
    world.rep.time_zone = "UTC"
    world.rep.save(update_fields=["time_zone"])
    session = _planned(world)
    Notification.objects.all().delete()
    answer = client_for(world.manager).post(
        reverse("session_move", args=[session.id]), {"scheduled_at": "2030-03-06T09:30"}
    )
    assert answer.status_code == 302
    session.refresh_from_db()
    assert session.sequence == 1
    (word,) = Notification.objects.filter(user=world.rep, kind=NotificationKind.SESSION)
    assert "moved the co-development session of Tue 5 Mar, 15:00 to Wed 6 Mar, 09:30" in (word.text)
    assert not Notification.objects.filter(user=world.manager).exists()  # the one who moved it
    body = _feed(client, world.rep)
    assert f"UID:codev-session-{session.id}@roundtable" in body
    assert "SEQUENCE:1" in body and "DTSTART:20300306T093000Z" in body


def test_a_cancelled_session_leaves_the_calendars_and_cannot_be_opened(world, client_for, client):
    session = _planned(world)
    answer = client_for(world.manager).post(reverse("session_cancel", args=[session.id]))
    assert answer["Location"] == reverse("team_sessions", args=[world.alpha.id])
    session.refresh_from_db()
    assert (session.status, session.sequence) == (SessionStatus.CANCELLED, 1)
    assert "STATUS:CANCELLED" in _feed(client, world.rep)
    assert Notification.objects.filter(
        user=world.rep, text__contains="cancelled the co-development session"
    ).exists()
    with pytest.raises(RoundtableError, match="cancelled"):
        services.session_start(session=session, actor=world.manager)
    with pytest.raises(RoundtableError, match="can no longer be changed"):
        services.session_move(
            session=session, actor=world.manager, scheduled_at=timezone.now() + timedelta(days=1)
        )


def test_another_presenter_is_warned_when_it_is_not_their_case(world, client_for):
    case = services.case_save(author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True)
    services.case_triage(actor=world.manager, case=case, decision=CaseStatus.CODEV)
    session = _planned(world, case=case)
    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    membership_set(team=world.alpha, person=cleo, role=TeamRole.REP)
    warning = services.session_reassign(
        session=session, actor=world.manager, presenter=cleo, case=case
    )
    assert warning.startswith("Cleo Consult presents Rita Rep's case")
    session.refresh_from_db()
    assert session.presenter == cleo and session.sequence == 1
    page = client_for(world.manager).get(reverse("session_detail", args=[session.id]))
    assert "Change this session" in page.content.decode()


def test_a_case_is_on_one_upcoming_session_at_a_time(world):
    case = services.case_save(author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True)
    _planned(world, case=case)
    with pytest.raises(RoundtableError, match="already on the session"):
        _planned(world, case=case)


def test_a_rep_cannot_change_a_session(world, client_for):
    session = _planned(world)
    rep = client_for(world.rep)
    assert rep.post(reverse("session_cancel", args=[session.id])).status_code == 403
    page = rep.get(reverse("session_detail", args=[session.id])).content.decode()
    assert "Change this session" not in page
    assert CodevSession.objects.get(id=session.id).status == SessionStatus.PLANNED


def test_a_past_date_is_refused_with_the_form_kept(world, client_for):
    session = _planned(world)
    answer = client_for(world.manager).post(
        reverse("session_move", args=[session.id]), {"scheduled_at": "2001-01-01T10:00"}
    )
    assert answer.status_code == 400 and "Choose a date in the future" in answer.content.decode()
    assert 'value="2001-01-01T10:00"' in answer.content.decode()  # what was typed stays
    assert CodevSession.objects.get(id=session.id).scheduled_at == datetime(
        2030, 3, 5, 15, 0, tzinfo=UTC
    )


def test_a_session_books_its_planned_length_and_the_calendar_entry_lasts_that_long(
    world, client_for, client
):
    for n in range(3):  # Rita presents, Max facilitates: these three consult
        membership_set(
            team=world.alpha,
            person=make_person(world.org, f"c{n}@acme.test", f"Consultant {n}"),
            role=TeamRole.REP,
        )
    session = _planned(world)
    # 5 + 4x3 questions + 5 + 4x3 advice + 10 plan + 12 shared lessons
    assert session.minutes == 56
    assert "DTEND:20300305T155600Z" in _feed(client, world.rep)
    page = client_for(world.manager).get(reverse("team_sessions", args=[world.alpha.id]))
    assert "lasts about <strong>56 minutes</strong>" in page.content.decode()


def test_triage_leads_to_the_1on1_or_the_challenge_it_decided(world, client_for):
    coached = services.case_save(
        author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True
    )
    services.case_triage(actor=world.manager, case=coached, decision=CaseStatus.COACHING)
    manager = client_for(world.manager)
    # Individual coaching drafted a 1:1 with the case attached: it waits on the coaching page.
    page = unescape(manager.get(reverse("coaching_home")).content.decode())
    assert "Waiting for you: 1:1s you decided on" in page
    assert "CFO stalls at pricing" in page and "Case: CFO stalls at pricing" in page
    start = re.search(r'action="(/coaching/drafts/\d+/start/)"', page)
    assert start, "the drafted 1:1 can be held from the coaching page"
    coached.refresh_from_db()
    assert coached.stage == "triaged"  # drafted, not yet on a calendar
    live = manager.post(start.group(1))
    room = manager.get(live["Location"]).content.decode()
    assert "we love it, but not this year" in room  # the situation is above the clock
    coached.refresh_from_db()
    assert coached.stage == "worked"
    assert "Waiting for you" not in manager.get(reverse("coaching_home")).content.decode()
    practised = services.case_save(
        author=world.rep,
        team=world.alpha,
        values=COMPLETE_CASE | {"title": "Too expensive"},
        submit=True,
    )
    services.case_triage(actor=world.manager, case=practised, decision=CaseStatus.CHALLENGE)
    page = unescape(manager.get(reverse("case_detail", args=[practised.id])).content.decode())
    draft = re.search(r'href="([^"]+)">Draft the challenge from this case', page)
    assert draft, "the case leads to its challenge"
    form = manager.get(draft.group(1)).content.decode()
    assert 'value="Too expensive"' in form and "we love it, but not this year" in form
    # The rep sees neither button: they are the manager's next steps.
    rep_page = client_for(world.rep).get(reverse("case_detail", args=[coached.id])).content
    assert b"Start the 1:1" not in rep_page


def test_planning_someone_else_on_a_case_is_warned(world, client_for):
    case = services.case_save(author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True)
    services.case_triage(actor=world.manager, case=case, decision=CaseStatus.CODEV)
    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    membership_set(team=world.alpha, person=cleo, role=TeamRole.REP)
    manager = client_for(world.manager)
    answer = manager.post(
        reverse("team_sessions", args=[world.alpha.id]),
        {
            "scheduled_at": "2031-03-05T15:00",
            "presenter": cleo.id,
            "facilitator": world.manager.id,
            "case": case.id,
        },
        follow=True,
    )
    assert "Cleo Consult presents Rita Rep&#x27;s case" in answer.content.decode()


def test_the_record_is_kept_until_something_it_shows_changes(world, client_for):
    """Drawn once for everyone; an action marked done or a new commitment is seen at once."""
    from conftest import COMMITMENT, live_session_with_an_action
    from meetings import services as meeting_services

    session, meeting, action = live_session_with_an_action(world)
    client = client_for(world.manager)
    url = reverse("session_detail", args=[session.id])
    html = client.get(url).content.decode()
    assert "Call the CFO&#x27;s assistant" in html and "badge--done" not in html
    meeting_services.action_update(action=action, status="done", update="Booked for Monday")
    assert "badge--done" in client.get(url).content.decode()
    meeting_services.contribution_add(
        meeting_id=meeting.id,
        author=world.rep,
        kind="action",
        text="Send the ROI sheet",
        **COMMITMENT,
    )
    assert "Send the ROI sheet" in client_for(world.rep).get(url).content.decode()
