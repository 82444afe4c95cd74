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
