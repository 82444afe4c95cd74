"""The weekly sales meeting's agenda: its date, a war and a success story from each rep who
shared one, the most improved, commitments done and still open, recognitions."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import TeamRole
from coaching import services as coaching
from conftest import live_session_with_an_action, make_person
from meetings.models import ActionItem
from recognition import services


def test_the_agenda_has_each_reps_stories_the_most_improved_and_commitments_done(world, client_for):
    sam = make_person(world.org, "sam@acme.test", "Sam Seller")
    account_services.membership_set(team=world.alpha, person=sam, role=TeamRole.REP)
    for author, kind, title in (
        (world.rep, "war", "Bank lost at procurement"),
        (world.rep, "success", "Northwind renewed early"),
        (sam, "war", "Demo crashed on the CFO"),
    ):
        services.story_post(author=author, team=world.alpha, kind=kind, title=title, body="x")
    meetings = coaching.kpi_save(
        organisation=world.org,
        name="Meetings booked",
        unit="",
        period="month",
        direction="higher",
        kind="leading",
        combine="sum",
    )
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month = date(this_month.year - (this_month.month == 1), (this_month.month - 2) % 12 + 1, 1)
    for period, value in ((last_month, 6), (this_month, 9)):
        coaching.target_set(
            kpi=meetings, period=period.strftime("%Y-%m"), value=10, person=world.rep
        )
        coaching.values_import(
            parsed=coaching.values_check_csv(
                importer=world.admin,
                data=f"email,kpi,period,value\nrita@acme.test,Meetings booked,"
                f"{period:%Y-%m},{value}\n".encode(),
            ),
            source="csv",
        )
    _session, _meeting, action = live_session_with_an_action(world)
    ActionItem.objects.filter(id=action.id).update(status="done", updated_at=timezone.now())

    page = client_for(world.manager).get(reverse("meeting_agenda", args=[world.alpha.id]))
    html = page.content.decode()
    assert f"sales meeting of {today:%A} {today.day} {today:%B %Y}" in html
    war = html.split('id="war-stories"')[1].split("</li>\n")[0]
    assert "Bank lost at procurement" in war and "Demo crashed on the CFO" in war
    assert "Northwind renewed early" in html.split('id="success-stories"')[1]
    improved = html.split('id="improved"')[1].split("</li>\n")[0]
    assert "Rita Rep</strong>: 60% → 90% of target" in improved
    done = html.split('id="done"')[1].split("</li>\n")[0]
    assert "Call the CFO&#x27;s assistant" in done
