"""A case has a life from intake to closed: each step moves its stage, its outcome is
recorded at the follow-up, lists filter by stage, and two people planning it at once are
served one after the other."""

import re
import threading
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from codev import services
from codev.models import Case, CaseStage, CaseStatus, CodevSession
from conftest import COMPLETE_CASE, open_session
from meetings import services as meeting_services
from meetings.models import Contribution
from recognition.models import Notification
from roundtable.errors import RoundtableError


def _case(world, title="CFO stalls at pricing"):
    return services.case_save(
        author=world.rep, team=world.alpha, values=COMPLETE_CASE | {"title": title}, submit=True
    )


def _stage(case) -> str:
    return Case.objects.get(id=case.id).stage


def _hold(world, session, capture):
    """Open the session and run it to its end (the end is heard on commit)."""
    meeting = services.session_start(session=session, actor=world.manager)
    with capture(execute=True):
        meeting_services.meeting_move(meeting_id=meeting.id, actor=world.manager, move="start")
        while meeting.refresh_from_db() or meeting.ended_at is None:
            meeting_services.meeting_move(
                meeting_id=meeting.id, actor=world.manager, move="advance"
            )
    return meeting


def _schedule(world, case, days=3):
    return services.session_schedule(
        team=world.alpha,
        scheduled_at=timezone.now() + timedelta(days=days),
        presenter=world.rep,
        facilitator=world.manager,
        case=case,
    )


def test_a_case_goes_from_new_to_closed_through_every_stage(
    world, django_capture_on_commit_callbacks
):
    case = _case(world)
    assert _stage(case) == CaseStage.NEW
    services.case_triage(actor=world.manager, case=case, decision=CaseStatus.CODEV)
    assert _stage(case) == CaseStage.TRIAGED
    session = _schedule(world, case)
    assert _stage(case) == CaseStage.SCHEDULED
    services.session_cancel(session=session, actor=world.manager)
    assert _stage(case) == CaseStage.TRIAGED  # cancelled: back to waiting for a session
    _hold(world, _schedule(world, case), django_capture_on_commit_callbacks)
    assert _stage(case) == CaseStage.WORKED
    services.case_follow_up(
        case=Case.objects.get(id=case.id), actor=world.rep, outcome="still_blocked"
    )
    assert _stage(case) == CaseStage.FOLLOWED_UP
    services.case_follow_up(
        case=Case.objects.get(id=case.id), actor=world.rep, outcome="won", note="Signed Friday."
    )
    closed = Case.objects.get(id=case.id)
    assert (closed.stage, closed.outcome, closed.outcome_note) == (
        "closed",
        "won",
        "Signed Friday.",
    )
    with pytest.raises(RoundtableError, match="closed"):
        services.case_follow_up(case=closed, actor=world.rep, outcome="lost")


def test_a_declined_case_is_closed_with_its_reason(world):
    case = _case(world)
    services.case_triage(
        actor=world.manager, case=case, decision=CaseStatus.DECLINED, reason="Lost already"
    )
    assert _stage(case) == CaseStage.CLOSED


def test_moving_a_case_to_another_session_restages_both(world):
    first, second = _case(world), _case(world, "Procurement wants 20% off")
    for case in (first, second):
        services.case_triage(actor=world.manager, case=case, decision=CaseStatus.CODEV)
    session = _schedule(world, first)
    services.session_reassign(
        session=session, actor=world.manager, presenter=world.rep, case=second
    )
    assert (_stage(first), _stage(second)) == (CaseStage.TRIAGED, CaseStage.SCHEDULED)


def test_the_outcome_is_recorded_by_the_author_or_manager_and_the_managers_hear_it(
    world, client_for
):
    case = _case(world)
    services.case_triage(actor=world.manager, case=case, decision=CaseStatus.CODEV)
    page = client_for(world.rep).get(reverse("case_detail", args=[case.id])).content.decode()
    assert "Follow-up: what happened?" in page
    refused = client_for(world.rep).post(reverse("case_follow_up", args=[case.id]), {})
    assert refused.status_code == 400 and "This field is required" in refused.content.decode()
    done = client_for(world.rep).post(
        reverse("case_follow_up", args=[case.id]),
        {"outcome": "moved_forward", "note": "The CFO took a second meeting."},
    )
    assert done.status_code == 302
    (word,) = Notification.objects.filter(user=world.manager, url__contains=f"/cases/{case.id}/")
    assert "moved forward. The CFO took a second meeting." in word.text
    page = unescape(
        client_for(world.rep).get(reverse("case_detail", args=[case.id])).content.decode()
    )
    assert "Outcome: moved forward" in page and 'aria-current="step">Followed up' in page


def test_the_team_list_filters_cases_by_stage(world, client_for):
    new, triaged = _case(world), _case(world, "Procurement wants 20% off")
    services.case_triage(actor=world.manager, case=triaged, decision=CaseStatus.CODEV)
    url = reverse("team_cases", args=[world.alpha.id])
    page = client_for(world.rep).get(url + "?stage=triaged").content.decode()
    assert "Procurement wants 20% off" in page and new.title not in page
    assert "New (1)" in page and "Triaged (1)" in page
    everything = client_for(world.rep).get(url + "?stage=nonsense").content.decode()
    assert new.title in everything and "Procurement wants 20% off" in everything


def test_the_next_session_asks_the_last_presenter_for_the_outcome(
    world, client_for, django_capture_on_commit_callbacks
):
    case = _case(world)
    services.case_triage(actor=world.manager, case=case, decision=CaseStatus.CODEV)
    session = _schedule(world, case, days=1)
    _hold(world, session, django_capture_on_commit_callbacks)
    CodevSession.objects.filter(id=session.id).update(
        scheduled_at=timezone.now() - timedelta(days=1)
    )
    following = services.session_schedule(
        team=world.alpha,
        scheduled_at=timezone.now() + timedelta(days=14),
        presenter=world.manager,
        facilitator=world.rep,
    )
    page = client_for(world.rep).get(reverse("session_detail", args=[following.id]))
    html = unescape(page.content.decode())
    assert "What happened to the deal?" in html
    assert 'name="outcome" value="won"' in html and "Still blocked" in html
    form = re.search(r'action="(/cases/\d+/follow-up/)"', html).group(1)
    answer = client_for(world.rep).post(
        form,
        {
            "outcome": "won",
            "note": "Signed.",
            "next": reverse("session_detail", args=[following.id]),
        },
    )
    assert answer["Location"] == reverse("session_detail", args=[following.id])
    assert _stage(case) == CaseStage.CLOSED


@pytest.mark.django_db(transaction=True)
def test_two_managers_planning_one_case_at_once_plan_it_once(world):
    case = _case(world)
    services.case_triage(actor=world.manager, case=case, decision=CaseStatus.CODEV)
    results, barrier = [], threading.Barrier(2)

    def plan(days):
        barrier.wait()
        try:
            results.append(_schedule(world, Case.objects.get(id=case.id), days=days))
        except RoundtableError as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=plan, args=(d,)) for d in (3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(type(r).__name__ for r in results) == ["CodevSession", "RoundtableError"]
    assert CodevSession.objects.filter(case=case).count() == 1


def test_a_session_opened_by_mistake_closes_without_a_record(world, client_for):
    session, meeting = open_session(world)
    url = reverse("session_close_unheld", args=[session.id])
    page = client_for(world.manager).get(reverse("session_detail", args=[session.id]))
    assert "Close it: opened by mistake" in page.content.decode()
    client_for(world.rep).post(url)  # not the facilitator nor the manager: refused
    assert CodevSession.objects.get(id=session.id).status == "live"
    client_for(world.manager).post(url)
    session.refresh_from_db()
    assert (session.status, session.meeting_id) == ("planned", None)
    assert not type(meeting).objects.filter(id=meeting.id).exists()
    words = Notification.objects.filter(user=world.rep, text__contains="opened by mistake")
    assert words.count() == 1


def test_a_session_where_things_were_said_is_not_closed_without_its_record(world):
    session, meeting = open_session(world)
    meeting_services.meeting_move(meeting_id=meeting.id, actor=world.manager, move="start")
    Contribution.objects.create(
        meeting=meeting, author=world.rep, kind="note", phase_key="presentation", text="Hello"
    )
    with pytest.raises(RoundtableError, match="Things were said"):
        services.session_close_unheld(session=session, actor=world.manager)


def test_a_session_held_early_is_recorded_when_it_was_held_and_calendars_follow(
    world, client_for, django_capture_on_commit_callbacks
):
    session = services.session_schedule(
        team=world.alpha,
        scheduled_at=timezone.now() + timedelta(days=3),
        presenter=world.rep,
        facilitator=world.manager,
    )
    _hold(world, session, django_capture_on_commit_callbacks)  # held today, not in 3 days
    session.refresh_from_db()
    assert abs((session.scheduled_at - timezone.now()).total_seconds()) < 120
    assert session.sequence == 1  # the calendar entry moves to when it happened


def test_a_refused_triage_keeps_the_choice_and_the_words(world, client_for):
    case = _case(world)
    answer = client_for(world.manager).post(
        reverse("case_triage", args=[case.id]), {"decision": "declined", "seen": "submitted"}
    )
    html = answer.content.decode()
    assert answer.status_code == 400 and "Tell the rep why you decline" in html
    assert re.search(r'value="declined"[^>]*checked', html)
    answer = client_for(world.manager).post(
        reverse("case_triage", args=[case.id]), {"reason": "The whole team meets this CFO"}
    )
    assert answer.status_code == 400 and "The whole team meets this CFO" in answer.content.decode()
    assert _stage(case) == CaseStage.NEW


def test_a_rating_without_a_score_keeps_the_line_typed(world, client_for):
    session, meeting = open_session(world)
    type(meeting).objects.filter(id=meeting.id).update(ended_at=timezone.now())
    answer = client_for(world.rep).post(
        reverse("session_rate", args=[session.id]), {"line": "I know my next move."}
    )
    assert answer.status_code == 400
    assert 'value="I know my next move."' in answer.content.decode()
    assert not meeting.ratings.exists()


def test_an_empty_case_leaves_nothing_behind_and_a_draft_can_be_deleted(world, client_for):
    answer = client_for(world.rep).post(
        reverse("case_new", args=[world.alpha.id]), {"action": "submit"}
    )
    assert answer.status_code in (200, 400) and "Nothing was saved" in answer.content.decode()
    assert not Case.objects.exists()
    draft = services.case_save(
        author=world.rep, team=world.alpha, values={"title": "Half an idea"}, submit=False
    )
    assert (
        client_for(world.other_rep).post(reverse("case_delete", args=[draft.id])).status_code == 404
    )
    answer = client_for(world.rep).post(reverse("case_delete", args=[draft.id]))
    assert answer["Location"] == reverse("team_cases", args=[world.alpha.id])
    assert not Case.objects.exists()


def test_the_sessions_page_leads_back_to_each_record(
    world, client_for, django_capture_on_commit_callbacks
):
    session = _schedule(world, None, days=1)
    _hold(world, session, django_capture_on_commit_callbacks)
    page = client_for(world.rep).get(reverse("team_sessions", args=[world.alpha.id]))
    html = page.content.decode()
    assert 'id="past-sessions"' in html
    assert f'href="{reverse("session_detail", args=[session.id])}">Record' in html
