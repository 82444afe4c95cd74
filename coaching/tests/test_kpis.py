import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import services as account_services
from coaching import services
from coaching.models import KpiValue
from coaching.periods import next_start, parse_period, previous_start
from conftest import make_person


@pytest.fixture
def kpis(world):
    org = world.org
    meetings = services.kpi_save(
        organisation=org,
        name="Meetings booked",
        unit="meetings",
        period="month",
        direction="higher",
        kind="leading",
        combine="sum",
    )
    win_rate = services.kpi_save(
        organisation=org,
        name="Win rate",
        unit="%",
        period="quarter",
        direction="higher",
        kind="lagging",
        combine="average",
    )
    return world, meetings, win_rate


GOOD = (
    "email,kpi,period,value\n"
    "rita@acme.test,Meetings booked,2026-09,12\n"
    "RITA@acme.test,meetings booked,2026-10-15,9\n"
    "rita@acme.test,Win rate,2026-Q3,31.5\n"
)


@pytest.mark.parametrize(
    ("text", "period", "start"),
    [
        ("2026-11-19", "week", date(2026, 11, 16)),
        ("2026-11", "month", date(2026, 11, 1)),
        ("2026-11-30", "quarter", date(2026, 10, 1)),
        ("2026-Q2", "quarter", date(2026, 4, 1)),
    ],
)
def test_periods_start_where_they_should(text, period, start):
    assert parse_period(text, period) == start


@pytest.mark.parametrize(
    ("start", "period", "before", "after"),
    [
        (date(2026, 1, 1), "month", date(2025, 12, 1), date(2026, 2, 1)),
        (date(2026, 12, 1), "month", date(2026, 11, 1), date(2027, 1, 1)),
        (date(2026, 1, 1), "quarter", date(2025, 10, 1), date(2026, 4, 1)),
        (date(2026, 10, 1), "quarter", date(2026, 7, 1), date(2027, 1, 1)),
        (date(2026, 11, 16), "week", date(2026, 11, 9), date(2026, 11, 23)),
    ],
)
def test_the_period_before_and_after_cross_years(start, period, before, after):
    assert previous_start(start, period) == before
    assert next_start(start, period) == after


def test_a_good_file_is_previewed_then_imported(kpis, client_for):
    world, meetings, win_rate = kpis
    client = client_for(world.manager)
    upload = SimpleUploadedFile("values.csv", GOOD.encode(), content_type="text/csv")
    preview = client.post(reverse("kpi_import_preview"), {"file": upload})
    assert preview.status_code == 200
    assert "<strong>3</strong> new" in preview.content.decode()
    assert "Import 3 values" in preview.content.decode()
    assert KpiValue.objects.count() == 0  # the preview saves nothing
    response = client.post(reverse("kpi_import_confirm"))
    assert response.status_code == 302
    saved = {(v.kpi.name, v.period_start, v.value) for v in KpiValue.objects.all()}
    assert saved == {
        ("Meetings booked", date(2026, 9, 1), 12),
        ("Meetings booked", date(2026, 10, 1), 9),
        ("Win rate", date(2026, 7, 1), 31.5),
    }


def test_one_bad_row_changes_nothing_and_every_bad_row_is_named(kpis, client_for):
    world, meetings, _ = kpis
    services.values_import(
        parsed=services.values_check_csv(
            importer=world.admin,
            data=b"email,kpi,period,value\nrita@acme.test,Meetings booked,2026-09,5\n",
        ),
        source="csv",
    )
    bad = GOOD + (
        "nobody@acme.test,Meetings booked,2026-09,3\n"
        "rita@acme.test,Calls,2026-09,3\n"
        "rita@acme.test,Meetings booked,September,3\n"
        "rita@acme.test,Meetings booked,2026-11,lots\n"
        "rita@acme.test,Meetings booked,2026-09-20,4\n"
        "olga@globex.test,Meetings booked,2026-09,4\n"
    )
    upload = SimpleUploadedFile("values.csv", bad.encode(), content_type="text/csv")
    manager = client_for(world.manager)
    html = manager.post(reverse("kpi_import_preview"), {"file": upload})
    text = html.content.decode()
    assert html.status_code == 400
    assert "Line 5: nobody in the organisation has the email “nobody@acme.test”." in text
    assert "Line 6: there is no KPI called “Calls”." in text
    assert "Line 7: “September” is not a month or a date" in text
    assert "Line 8: “lots” is not a number." in text
    assert "Line 9: the same person, KPI and period as line 2." in text
    assert "Line 10: nobody in the organisation has the email “olga@globex.test”" in text
    # All or nothing by default: the valid rows are offered on their own, never slipped in.
    assert 'value="valid"> Import the 3 valid values now' in text
    assert [v.value for v in KpiValue.objects.all()] == [5]  # unchanged
    refused = manager.post(reverse("kpi_import_confirm"), {"mode": "all"})
    assert refused.status_code == 400
    assert [v.value for v in KpiValue.objects.all()] == [5]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00broken", "Export it from your sheet as “CSV UTF-8”"),
        (b"name,value\nrita,3\n", "The file has no column “email”, “period”, “kpi”"),
        (b"email,kpi,period,value\n", "no rows"),
    ],
)
def test_an_unreadable_file_says_what_to_do(kpis, data, message):
    world, _, _ = kpis
    parsed = services.values_check_csv(importer=world.admin, data=data)
    assert not parsed.ok and message in parsed.errors[0][1]


def test_semicolon_files_from_european_spreadsheets_are_read_in_the_organisations_format(kpis):
    world, _, _ = kpis
    data = b"email;kpi;period;value\nrita@acme.test;Win rate;2026-Q3;31,5\n"
    parsed = services.values_check_csv(importer=world.admin, data=data)
    assert (
        not parsed.ok and "ambiguous in the organisation's format (1,234.5)" in parsed.errors[0][1]
    )
    services.number_format_set(organisation=world.org, number_format="1.234,5", day_first=True)
    world.admin.organisation.refresh_from_db()
    parsed = services.values_check_csv(importer=world.admin, data=data)
    assert parsed.ok and parsed.rows[0].value == 31.5


def test_the_json_endpoint_needs_a_token_and_is_all_or_nothing(kpis, client):
    world, _, _ = kpis
    _, secret = services.token_create(organisation=world.org, name="CRM", actor=world.admin)
    url = reverse("kpi_values_api")
    good = {
        "values": [{"email": "rita@acme.test", "kpi": "Win rate", "period": "2026-Q3", "value": 30}]
    }
    refused = client.post(url, json.dumps(good), content_type="application/json")
    assert refused.status_code == 401
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    bad = {
        "values": good["values"]
        + [{"email": "x@y.z", "kpi": "Win rate", "period": "2026-Q3", "value": 1}]
    }
    answer = client.post(url, json.dumps(bad), content_type="application/json", **auth)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["index"] == 1
    assert KpiValue.objects.count() == 0
    answer = client.post(url, json.dumps(good), content_type="application/json", **auth)
    assert answer.json() == {"ok": True, "saved": 1, "unchanged": 0}
    junk = client.post(url, "not json", content_type="application/json", **auth)
    assert junk.status_code == 400 and "Send JSON like" in junk.json()["error"]


def test_trends_show_values_against_targets_for_a_rep_and_a_team(kpis, client_for):
    world, meetings, _ = kpis
    services.values_import(
        parsed=services.values_check_csv(importer=world.admin, data=GOOD.encode()),
        source="csv",
    )
    services.target_set(kpi=meetings, period="2026-10", value=10, person=world.rep)
    services.target_set(kpi=meetings, period="2026-10", value=20, team=world.alpha)
    html = client_for(world.manager).get(reverse("person_kpis", args=[world.rep.id]))
    text = html.content.decode()
    assert "<strong>9 meetings</strong>" in text and "target 10" in text and ">short<" in text
    assert 'class="chart__target"' in text
    team = client_for(world.rep).get(reverse("team_kpis", args=[world.alpha.id])).content
    assert "target 20" in team.decode()


def test_trend_page_query_count_does_not_grow_with_history(
    kpis, client_for, django_assert_num_queries
):
    world, meetings, _ = kpis
    rows = "".join(f"rita@acme.test,Meetings booked,2025-{m:02d},{m}\n" for m in range(1, 13))
    services.values_import(
        parsed=services.values_check_csv(
            importer=world.admin, data=("email,kpi,period,value\n" + rows).encode()
        ),
        source="csv",
    )
    client = client_for(world.rep)
    url = reverse("person_kpis", args=[world.rep.id])
    client.get(url)
    # Session, user, the person, the KPIs, the values, the targets, the nav's teams and unread.
    with django_assert_num_queries(8):
        client.get(url)


def test_a_teams_page_shows_each_rep_to_its_manager_not_to_its_reps(kpis, client_for):
    world, meetings, _ = kpis
    services.values_import(
        parsed=services.values_check_csv(importer=world.admin, data=GOOD.encode()),
        source="csv",
    )
    services.target_set(kpi=meetings, period="2026-10", value=10, person=world.rep)
    url = reverse("team_kpis", args=[world.alpha.id])
    manager = client_for(world.manager).get(url).content.decode()
    assert "Each rep, Oct 2026" in manager and "chart__bar--short" in manager
    assert f'{world.rep.id}/kpis/">Rita Rep</a></th><td>9</td><td>10</td>' in manager
    assert "target 10" in manager  # no team target: Rita's own, the team's only rep
    rep = client_for(world.rep).get(url).content.decode()
    assert "target" in rep and "Each rep" not in rep and "Rita Rep</th><td>9" not in rep


def test_a_teams_page_takes_the_same_queries_however_many_reps_and_periods(
    kpis, client_for, django_assert_num_queries
):
    world, meetings, _ = kpis
    client = client_for(world.manager)
    url = reverse("team_kpis", args=[world.alpha.id])
    client.get(url)
    # Session, user, the team, the KPIs, the members, values, team and rep targets, the nav.
    with django_assert_num_queries(11) as before:
        client.get(url)
    rows = "email,kpi,period,value\n"
    for n in range(3):
        person = make_person(world.org, f"r{n}@acme.test", f"Rep {n}")
        account_services.membership_set(team=world.alpha, person=person, role="rep")
        rows += "".join(f"r{n}@acme.test,Meetings booked,2026-{m:02d},{n}\n" for m in range(1, 7))
    services.values_import(
        parsed=services.values_check_csv(importer=world.admin, data=rows.encode()), source="csv"
    )
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)
