from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import TeamRole
from codev import selectors, services
from codev.models import CodevSession, SessionStatus
from conftest import make_person
from roundtable.errors import RoundtableError


@pytest.fixture
def team_of_four(world):
    for name in ["Bea Brown", "Cal Cole", "Ada Ames"]:
        person = make_person(world.org, f"{name.replace(' ', '.').lower()}@acme.test", name)
        account_services.membership_set(team=world.alpha, person=person, role=TeamRole.REP)
    return world


def test_rotation_proposes_who_never_presented_then_the_longest_waiting(team_of_four):
    w = team_of_four
    rotation = selectors.rotation_for(team=w.alpha)
    assert rotation.proposed.full_name == "Ada Ames"  # nobody presented: alphabetical
    past = timezone.now() - timedelta(days=40)
    for name in ["Ada Ames", "Bea Brown", "Cal Cole"]:
        CodevSession.objects.create(
            organisation=w.org,
            team=w.alpha,
            scheduled_at=past,
            status=SessionStatus.DONE,
            presenter=w.alpha.memberships.get(user__full_name=name).user,
        )
        past += timedelta(days=1)
    assert selectors.rotation_for(team=w.alpha).proposed == w.rep  # Rita never presented
    services.session_schedule(
        team=w.alpha,
        scheduled_at=timezone.now() + timedelta(days=7),
        presenter=w.rep,
        facilitator=w.manager,
    )
    assert selectors.rotation_for(team=w.alpha).proposed.full_name == "Ada Ames"


def test_a_cadence_that_cannot_cover_the_team_in_a_year_warns(team_of_four, client_for):
    w = team_of_four
    services.cadence_update(team=w.alpha, every_months=4, minutes=60, phase_minutes={})
    html = client_for(w.manager).get(reverse("team_sessions", args=[w.alpha.id])).content.decode()
    assert "only 3 of 4 reps can present within a year" in html


def test_manager_schedules_with_an_override_and_the_team_sees_it(team_of_four, client_for):
    w = team_of_four
    when = (timezone.now() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(w.manager).post(
        reverse("team_sessions", args=[w.alpha.id]),
        {
            "scheduled_at": when,
            "presenter": w.rep.id,
            "facilitator": w.manager.id,
        },
    )
    assert response.status_code == 302
    html = client_for(w.rep).get(reverse("team_sessions", args=[w.alpha.id])).content.decode()
    assert "Rita Rep presents" in html


def test_a_rep_cannot_schedule(world, client_for):
    response = client_for(world.rep).post(
        reverse("team_cadence", args=[world.alpha.id]), {"every_months": 1}
    )
    assert response.status_code == 403
    when = (timezone.now() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    refused = client_for(world.rep).post(
        reverse("team_sessions", args=[world.alpha.id]),
        {"scheduled_at": when, "presenter": world.rep.id},
    )
    assert refused.status_code == 403
    assert not CodevSession.objects.filter(team=world.alpha).exists()


def test_scheduling_refuses_a_past_date_and_an_outsider_presenter(world):
    with pytest.raises(RoundtableError, match="future"):
        services.session_schedule(
            team=world.alpha,
            scheduled_at=timezone.now() - timedelta(days=1),
            presenter=world.rep,
            facilitator=None,
        )
    with pytest.raises(RoundtableError, match="member of the team"):
        services.session_schedule(
            team=world.alpha,
            scheduled_at=timezone.now() + timedelta(days=1),
            presenter=world.other_rep,
            facilitator=None,
        )


def test_team_durations_are_saved_per_phase(world, client_for):
    client_for(world.manager).post(
        reverse("team_cadence", args=[world.alpha.id]),
        {"every_months": 2, "minutes": 75, "phase_questions": "3"},
    )
    cadence = services.cadence_for(team=world.alpha)
    assert (cadence.every_months, cadence.minutes) == (2, 75)
    assert cadence.phase_minutes == {"questions": 3.0}


def test_sessions_page_query_count_does_not_grow(
    team_of_four, client_for, django_assert_num_queries
):
    w = team_of_four
    for n in range(6):
        services.session_schedule(
            team=w.alpha,
            scheduled_at=timezone.now() + timedelta(days=7 * (n + 1)),
            presenter=w.rep,
            facilitator=w.manager,
        )
    client = client_for(w.rep)
    client.get(reverse("team_sessions", args=[w.alpha.id]))  # creates the cadence and feed once
    # session, user, team, team ids, managed team ids, cadence, rotation (cadence, reps,
    # sessions), default facilitator, calendar feed, upcoming and held sessions with people joined,
    # and the planned length (the facilitator, the cadence, the consultants counted).
    with django_assert_num_queries(17):
        html = client.get(reverse("team_sessions", args=[w.alpha.id])).content.decode()
    assert html.count("Rita Rep presents") == 6
