import re

from django.urls import reverse

from accounts import services
from accounts.models import TeamRole
from conftest import make_person


def test_rep_sees_their_team_and_teammates_not_other_teams(world, client_for):
    html = client_for(world.rep).get(reverse("home")).content.decode()
    assert "Your team" in html
    assert "Alpha Sellers" in html and "Max Manager" in html and "Rita Rep" in html
    assert "Beta Closers" not in html and "Otto Otherteam" not in html
    assert reverse("manage_people") not in html


def test_rep_in_two_teams_sees_both(world, client_for):
    services.membership_set(team=world.beta, person=world.rep, role=TeamRole.REP)
    html = client_for(world.rep).get(reverse("home")).content.decode()
    assert "Your teams" in html and "Beta Closers" in html and "Otto Otherteam" in html


def test_manager_sees_each_managed_team_with_members_and_invite(world, client_for):
    services.membership_set(team=world.beta, person=world.manager, role=TeamRole.MANAGER)
    html = client_for(world.manager).get(reverse("home")).content.decode()
    assert "Teams you manage" in html
    assert "Rita Rep" in html and "Otto Otherteam" in html
    assert f"{reverse('invitation_new')}?team={world.beta.id}" in html


def test_admin_sees_the_organisation_at_a_glance(world, client_for):
    services.invitation_create(actor=world.admin, email="x@acme.test", role="rep", team=world.alpha)
    response = client_for(world.admin).get(reverse("home"))
    html = response.content.decode()
    assert response.context["admin_counts"] == {"people": 4, "pending": 1}
    assert reverse("manage_team", args=[world.beta.id]) in html


def test_home_query_count_does_not_grow_with_team_size(
    world, client_for, django_assert_num_queries
):
    for n in range(15):
        person = make_person(world.org, f"r{n}@acme.test", f"Rep {n}")
        services.membership_set(team=world.alpha, person=person, role=TeamRole.REP)
    client = client_for(world.rep)
    # session, user, nav (managed teams), the home's sections (live rooms, sessions this
    # week, the teams whose work they see and their own cases, commitments, takes due,
    # reviews waiting, role-plays and clinics planned, kudos), the rep's teams, their members
    # with users joined.
    with django_assert_num_queries(15):
        html = client.get(reverse("home")).content.decode()
    assert "Rep 14" in html


def _a_busy_week(world, n: int, start: int) -> None:
    """n more of everything a manager's home shows: cases to triage, 1:1s this week, drafted
    1:1s, overdue team commitments."""
    from datetime import timedelta

    from django.utils import timezone

    from coaching import services as coaching
    from codev.services import case_save
    from conftest import COMPLETE_CASE, live_session_with_an_action
    from meetings.models import ActionItem

    for i in range(start, start + n):
        rep = make_person(world.org, f"busy{i}@acme.test", f"Busy Rep {i}")
        services.membership_set(team=world.alpha, person=rep, role=TeamRole.REP)
        case_save(author=rep, team=world.alpha, values=COMPLETE_CASE, submit=True)
        coaching.one_on_one_start(
            coach=world.manager,
            rep=rep,
            protocol_key="grow",
            coaching_type="developmental",
            topic=f"Calls {i}",
        )
        coaching.one_on_one_draft(coach=world.manager, rep=rep, topic=f"Case {i}")
    if start == 0:
        live_session_with_an_action(world)
    ActionItem.objects.update(due_on=timezone.now().date() - timedelta(days=2))


# A manager's home: session, user, nav, each block (live, sessions, cases to triage and their
# own, 1:1s, coaching time in three, drafted 1:1s, commitments, team overdue, takes and reviews,
# planned practice, kudos) and the teams they manage with their people.
MANAGER_HOME_QUERIES = 24
# Again before anything changed: the sections are kept (roundtable/generations.py).
MANAGER_HOME_AGAIN_QUERIES = 4


def _without_tokens(html: str) -> str:
    """A page without its CSRF tokens (masked anew on every response)."""
    return re.sub(r"[A-Za-z0-9]{64}", "", html)


def test_a_managers_home_asks_the_same_questions_however_busy_the_week(
    world, client_for, monkeypatch
):
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr("accounts.views.this_minute", lambda: 1)  # the test may cross a minute
    _a_busy_week(world, 2, 0)
    client = client_for(world.manager)
    client.get(reverse("home"))
    caches["figures"].clear()
    with CaptureQueriesContext(connection) as small:
        html = client.get(reverse("home")).content.decode()
    assert "Cases to triage" in html and "Your coaching" in html
    with CaptureQueriesContext(connection) as again:
        assert _without_tokens(client.get(reverse("home")).content.decode()) == _without_tokens(
            html
        )
    _a_busy_week(world, 5, 2)
    with CaptureQueriesContext(connection) as large:
        html = client.get(reverse("home")).content.decode()
    assert "Busy Rep 6" in html  # the week's writes were seen: computed again
    assert len(small) == len(large) == MANAGER_HOME_QUERIES, [q["sql"][:80] for q in large]
    assert len(again) == MANAGER_HOME_AGAIN_QUERIES, [q["sql"][:80] for q in again]
