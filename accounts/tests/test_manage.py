from django.urls import reverse

from accounts import services
from accounts.models import Membership, OrgRole, Team, TeamRole, User
from conftest import PASSWORD, make_person


def test_admin_creates_a_team_and_fills_it(world, client_for):
    client = client_for(world.admin)
    response = client.post(reverse("manage_teams"), {"name": "Gamma Growth", "description": ""})
    team = Team.objects.get(organisation=world.org, name="Gamma Growth")
    assert response["Location"] == reverse("manage_team", args=[team.id])
    client.post(
        reverse("manage_team_add", args=[team.id]),
        {"person": world.manager.id, "role": "manager"},
    )
    client.post(reverse("manage_team_add", args=[team.id]), {"person": world.rep.id, "role": "rep"})
    roles = dict(Membership.objects.filter(team=team).values_list("user__email", "role"))
    assert roles == {"max@acme.test": "manager", "rita@acme.test": "rep"}


def test_a_duplicate_team_name_is_refused_with_the_name_kept(world, client_for):
    response = client_for(world.admin).post(reverse("manage_teams"), {"name": "alpha sellers"})
    html = response.content.decode()
    assert "already a team called" in html and 'value="alpha sellers"' in html


def test_admin_promotes_a_rep_to_manager_and_removes_them(world, client_for):
    client = client_for(world.admin)
    client.post(
        reverse("manage_team_role", args=[world.alpha.id]),
        {"person": world.rep.id, "role": "manager"},
    )
    assert Membership.objects.get(team=world.alpha, user=world.rep).role == TeamRole.MANAGER
    client.post(reverse("manage_team_remove", args=[world.alpha.id]), {"person": world.rep.id})
    assert not Membership.objects.filter(team=world.alpha, user=world.rep).exists()


def test_admin_cannot_touch_a_person_of_another_organisation_through_a_team_form(world, client_for):
    response = client_for(world.admin).post(
        reverse("manage_team_role", args=[world.alpha.id]),
        {"person": world.outsider.id, "role": "rep"},
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(team=world.alpha, user=world.outsider).exists()


def test_person_page_gives_several_teams_and_org_role(world, client_for):
    client = client_for(world.admin)
    url = reverse("manage_person", args=[world.rep.id])
    client.post(
        reverse("manage_person_team_add", args=[world.rep.id]),
        {"team": world.beta.id, "role": "rep"},
    )
    client.post(url, {"org_role": "admin"})
    rep = User.objects.get(id=world.rep.id)
    assert rep.org_role == OrgRole.ADMIN
    assert set(rep.memberships.values_list("team__name", flat=True)) == {
        "Alpha Sellers",
        "Beta Closers",
    }


def test_the_last_admin_cannot_step_down_or_be_switched_off(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        reverse("manage_person", args=[world.admin.id]),
        {"org_role": "member"},
        follow=True,
    )
    assert "last admin" in response.content.decode()
    assert User.objects.get(id=world.admin.id).org_role == OrgRole.ADMIN


def test_switching_someone_off_stops_their_sign_in(world, client_for, client):
    client_for(world.admin).post(reverse("manage_person_deactivate", args=[world.rep.id]))
    client.logout()
    assert not client.login(username="rita@acme.test", password=PASSWORD)


def test_people_list_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    for n in range(20):
        person = make_person(world.org, f"p{n}@acme.test", f"Person {n}")
        services.membership_set(team=world.beta, person=person, role=TeamRole.REP)
    client = client_for(world.admin)
    # session, user, nav (managed teams), people, their memberships with teams joined.
    with django_assert_num_queries(6):
        html = client.get(reverse("manage_people")).content.decode()
    assert "Person 19" in html and "Olga" not in html
