from django.core.management import call_command

from accounts.models import Membership, Organisation, OrgRole, Team, TeamRole, User
from demo.organisation import DEMO_PASSWORD


def test_demo_organisation_is_realistic_and_loaded_once(db, client):
    call_command("demo", verbosity=0)
    call_command("demo", verbosity=0)
    org = Organisation.objects.get()
    teams = Team.objects.filter(organisation=org)
    assert teams.count() == 2
    for team in teams:
        members = Membership.objects.filter(team=team)
        assert members.filter(role=TeamRole.MANAGER).count() == 1
        assert members.filter(role=TeamRole.REP).count() == 6
    people = User.objects.filter(organisation=org)
    assert people.filter(org_role=OrgRole.ADMIN).count() == 1
    assert all(p.title and p.time_zone != "UTC" and " " in p.full_name for p in people)
    assert len({p.time_zone for p in people}) >= 6
    assert client.login(username="priya.raman@harbor.example", password=DEMO_PASSWORD)
    assert User.objects.filter(is_superuser=True, organisation=None).count() == 1
    from codev.models import Case, CodevSession

    assert Case.objects.filter(status="codev").count() == 1
    assert CodevSession.objects.get().case.title == "CFO goes silent after the pricing call"
    from recognition.models import Kudos, Story

    assert set(Story.objects.values_list("kind", flat=True)) == {"war", "success"}
    assert Kudos.objects.get(for_kind="story").story.title == "Lost Coastal Freight at procurement"
    from coaching.models import KpiValue
    from recognition.selectors import leaderboards

    assert KpiValue.objects.count() == 12 * 2 * 2  # 12 reps, 2 KPIs, 2 months
    assert Kudos.objects.filter(for_kind="kpi").exists()  # targets met, recognised
    boards = leaderboards(organisation=org)
    assert len(boards["performance"]) == 12 and boards["improved"]
