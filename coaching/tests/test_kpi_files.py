"""KPI values from the files people really have: numbers in the organisation's format, months
as exports write them, Salesforce and HubSpot reports, totals and footers left out, and every
value keeping where it came from."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from accounts import services as account_services
from accounts.models import TeamRole
from coaching import kpi_import, services
from coaching.models import Kpi, KpiValue
from coaching.numbers import read_number
from coaching.periods import parse_period
from conftest import make_person

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"


@pytest.mark.parametrize(
    ("text", "number_format", "value"),
    [
        ("1,204", "1,234.5", 1204),
        ("1,204.5", "1,234.5", 1204.5),
        ("1.204,5", "1.234,5", 1204.5),
        ("1 204,5", "1 234,5", 1204.5),
        ("1\u202f204,5", "1 234,5", 1204.5),  # a narrow no-break space, as French exports
        ("1'204.5", "1'234.5", 1204.5),
        ("31%", "1,234.5", 31),
        ("$12,400.00", "1,234.5", 12400),
        ("€ 9.800,00", "1.234,5", 9800),
        ("12 400 €", "1 234,5", 12400),
        ("(1,204)", "1,234.5", -1204),
        ("-€ 200,00", "1.234,5", -200),
        ("0.5", "1,234.5", 0.5),
        ("1 204", "1,234.5", 1204),
    ],
)
def test_a_number_is_read_in_the_organisations_format(text, number_format, value):
    assert read_number(text, number_format).value == value


@pytest.mark.parametrize(
    ("text", "number_format"),
    [
        ("1,20", "1,234.5"),  # a decimal comma, or a thousands group cut short?
        ("12,3456", "1,234.5"),
        ("1.204", "1 234,5"),  # a dot is not in this format: thousands or decimals?
        ("1.204,5", "1,234.5"),  # written in another format
        ("1,204", "1'234.5"),
    ],
)
def test_a_number_that_could_mean_two_things_is_flagged_not_guessed(text, number_format):
    reading = read_number(text, number_format)
    assert reading.value is None and reading.ambiguous
    assert number_format in reading.problem


@pytest.mark.parametrize("text", ["lots", "1.2.3", "12abc", "--3"])
def test_a_word_is_not_a_number(text):
    reading = read_number(text, "1,234.5")
    assert reading.value is None and not reading.ambiguous and "not a number" in reading.problem


@pytest.mark.parametrize(
    ("text", "day_first", "month"),
    [
        ("2026-11", False, date(2026, 11, 1)),
        ("11/2026", False, date(2026, 11, 1)),
        ("Nov 2026", False, date(2026, 11, 1)),
        ("November 2026", False, date(2026, 11, 1)),
        ("Nov-26", False, date(2026, 11, 1)),
        ("2026-11-17", False, date(2026, 11, 1)),
        ("11/17/2026", False, date(2026, 11, 1)),
        ("17/11/2026", True, date(2026, 11, 1)),
        ("03/11/2026", True, date(2026, 11, 1)),
        ("03/11/2026", False, date(2026, 3, 1)),
        ("17.11.2026", True, date(2026, 11, 1)),
    ],
)
def test_months_and_dates_are_read_as_exports_write_them(text, day_first, month):
    assert parse_period(text, "month", day_first=day_first) == month


@pytest.mark.parametrize("text", ["13/2026", "17/11/2026", "31/02/2026", "someday"])
def test_a_date_that_is_not_one_says_how_to_write_it(text):
    with pytest.raises(ValueError, match="is not a month or a date: write 2026-11"):
        parse_period(text, "month")


@pytest.fixture
def revenue(world):
    sam = make_person(world.org, "sam@acme.test", "Sam Seller")
    account_services.membership_set(team=world.alpha, person=sam, role=TeamRole.REP)
    Kpi.objects.create(organisation=world.org, name="Revenue", kind="lagging", unit="$")
    Kpi.objects.create(organisation=world.org, name="Deals won", kind="lagging")
    Kpi.objects.create(organisation=world.org, name="Win rate", kind="lagging", unit="%")
    return world, sam


def _records(name):
    headers, records, problems = kpi_import.read_table((DATA / name).read_bytes())
    assert not problems
    return headers, records


def test_the_salesforce_report_is_recognised_and_imported_as_expected(revenue):
    world, sam = revenue
    headers, records = _records("salesforce_report.csv")
    preset = next(p for p in kpi_import.PRESETS if p.fits(headers))
    assert preset.key == "salesforce"
    preview = services.values_check(
        importer=world.manager, organisation=world.org, records=records, mapping=preset.mapping
    )
    parsed = preview.parsed
    got = {(r.person, r.kpi, r.period_start, r.value) for r in parsed.rows}
    assert got == {
        ("Rita Rep", "Revenue", date(2026, 11, 1), 12400),
        ("Rita Rep", "Deals won", date(2026, 11, 1), 3),
        ("Rita Rep", "Revenue", date(2026, 10, 1), 1204.5),
        ("Rita Rep", "Deals won", date(2026, 10, 1), 1),
        ("Sam Seller", "Revenue", date(2026, 11, 1), 8000),
        ("Sam Seller", "Deals won", date(2026, 11, 1), 2),
    }
    reasons = [r.reason for r in parsed.rejected]
    assert sum("a totals row" in r for r in reasons) == 2  # the subtotal and the grand total
    assert sum("not a data row" in r for r in reasons) == 4  # Salesforce's footer
    assert sum(r.startswith("no value for") for r in reasons) == 2  # Sam's empty December
    (otto,) = [r for r in parsed.rejected if r.blocking]  # Otto is not in Max's teams
    assert "otto@acme.test is not in a team you manage" in otto.reason


def test_the_hubspot_export_is_read_in_the_european_format(revenue):
    world, sam = revenue
    services.number_format_set(organisation=world.org, number_format="1.234,5", day_first=True)
    world.org.refresh_from_db()
    headers, records = _records("hubspot_report.csv")
    preset = next(p for p in kpi_import.PRESETS if p.fits(headers))
    assert preset.key == "hubspot"
    preview = services.values_check(
        importer=world.admin, organisation=world.org, records=records, mapping=preset.mapping
    )
    got = {(r.person, r.kpi, r.period_start, r.value) for r in preview.parsed.rows}
    assert ("Rita Rep", "Revenue", date(2026, 11, 1), 9800) in got
    assert ("Sam Seller", "Revenue", date(2026, 11, 1), 1204.5) in got  # 01/11/2026: 1 Nov
    (negative,) = [r for r in preview.parsed.rejected if r.blocking]
    assert "below zero" in negative.reason and negative.line == 4
    assert any("a totals row" in r.reason for r in preview.parsed.rejected)


def test_the_preview_says_new_replaced_and_unchanged_and_the_import_keeps_provenance(
    revenue, client_for
):
    world, sam = revenue
    services.values_import(
        parsed=services.values_check_csv(
            importer=world.admin,
            data=b"email,kpi,period,value\nrita@acme.test,Revenue,2026-11,10000\n"
            b"rita@acme.test,Deals won,2026-11,3\n",
        ),
        source="csv",
        set_by=world.admin,
        detail="file first.csv",
    )
    manager = client_for(world.manager)
    upload = (DATA / "salesforce_report.csv").read_bytes()
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = manager.post(
        reverse("kpi_import_preview"),
        {"file": SimpleUploadedFile("pipeline.csv", upload, content_type="text/csv")},
    )
    html = page.content.decode()
    assert page.status_code == 400  # Otto's row blocks an all-or-nothing import
    assert (
        "<strong>4</strong> new · <strong>1</strong> replaced · <strong>1</strong> already" in html
    )
    assert '10000 <span class="muted">(Ada Admin)</span>' in html  # old -> new, and by whom
    rejected = manager.get(reverse("kpi_import_rejected"))
    lines = rejected.content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith(",reason") and any(
        "otto@acme.test is not in a team" in x for x in lines
    )
    answer = manager.post(reverse("kpi_import_confirm"), {"mode": "valid"})
    assert answer.status_code == 302
    value = KpiValue.objects.get(
        person=world.rep, kpi__name="Revenue", period_start=date(2026, 11, 1)
    )
    assert (value.value, value.set_by, value.source_detail) == (
        12400,
        world.manager,
        "file pipeline.csv",
    )
    unchanged = KpiValue.objects.get(
        person=world.rep, kpi__name="Deals won", period_start=date(2026, 11, 1)
    )
    assert unchanged.set_by == world.admin  # the same value keeps its history


def test_a_file_of_another_layout_is_mapped_once_and_kept_by_name(revenue, client_for):
    world, sam = revenue
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"Rep,Mail,Mois,CA\nRita,rita@acme.test,2026-11,5000\n"
    manager = client_for(world.manager)
    page = manager.post(
        reverse("kpi_import_preview"),
        {"file": SimpleUploadedFile("export.csv", data, content_type="text/csv")},
    )
    assert "Which column holds what" in page.content.decode()
    answer = manager.post(
        reverse("kpi_import_map"),
        {"person": "Mail", "period": "Mois", "kpi": "", "col_3": "revenue", "save_as": "CRM FR"},
    )
    assert answer["Location"] == reverse("kpi_import_file")
    page = manager.get(answer["Location"]).content.decode()
    assert "<strong>1</strong> new" in page
    # The next file like it is read the same way, without asking.
    again = manager.post(
        reverse("kpi_import_preview"),
        {"file": SimpleUploadedFile("export2.csv", data, content_type="text/csv")},
    )
    assert "<strong>1</strong> new" in again.content.decode()


def test_a_mapping_missing_its_columns_is_refused_and_says_why(revenue, client_for):
    world, sam = revenue
    from django.core.files.uploadedfile import SimpleUploadedFile

    manager = client_for(world.manager)
    manager.post(
        reverse("kpi_import_preview"),
        {"file": SimpleUploadedFile("x.csv", b"a,b,c\n1,2,3\n", content_type="text/csv")},
    )
    answer = manager.post(reverse("kpi_import_map"), {"person": "a", "period": "b"})
    assert answer.status_code == 400
    assert "Choose the KPI and value columns, or a KPI for at least one column" in (
        answer.content.decode()
    )


def test_a_file_over_the_size_limit_says_the_limit(revenue):
    world, _ = revenue
    data = b"email,kpi,period,value\n" + b"x" * (kpi_import.MAX_BYTES + 10)
    parsed = services.values_check_csv(importer=world.admin, data=data)
    assert "over 5 MB" in parsed.errors[0][1]


def test_each_value_says_who_set_it_when_and_from_where(revenue, client_for):
    world, _ = revenue
    services.values_import(
        parsed=services.values_check_csv(
            importer=world.manager,
            data=b"email,kpi,period,value\nrita@acme.test,Revenue,2026-11,12400\n",
        ),
        source="csv",
        set_by=world.manager,
        detail="file pipeline.csv",
    )
    page = client_for(world.rep).get(reverse("person_kpis", args=[world.rep.id])).content.decode()
    assert "Max Manager, " in page and "file pipeline.csv" in page
    assert '<th scope="row">Nov 2026</th><td>12400</td>' in page


def test_a_value_ten_times_the_one_it_replaces_is_flagged_not_refused(revenue, client_for):
    world, _ = revenue
    services.values_import(
        parsed=services.values_check_csv(
            importer=world.admin,
            data=b"email,kpi,period,value\nrita@acme.test,Revenue,2026-11,70\n",
        ),
        source="csv",
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = b'email,kpi,period,value\nrita@acme.test,Revenue,2026-11,"1,204"\n'
    html = (
        client_for(world.manager)
        .post(
            reverse("kpi_import_preview"),
            {"file": SimpleUploadedFile("crm.csv", upload, content_type="text/csv")},
        )
        .content.decode()
    )
    assert 'id="jumps"' in html and "70 → <strong>1204</strong>" in html
    assert reverse("kpi_import_confirm") in html  # a warning: the import stays possible


def test_a_new_layout_is_guessed_from_its_column_names():
    mapping = kpi_import.guess(
        ["Rep", "E-mail", "Month", "Meetings booked", "Revenue", "Notes"],
        ["Meetings booked", "Revenue", "Calls"],
    )
    assert (mapping.person, mapping.period) == ("E-mail", "Month")
    assert mapping.columns == (("Meetings booked", "meetings booked"), ("Revenue", "revenue"))
    plain = kpi_import.guess(["Email", "KPI", "Period", "Value"], ["Revenue"])
    assert (plain.kpi, plain.value, plain.columns) == ("KPI", "Value", ())
    assert not plain.problem(["Email", "KPI", "Period", "Value"])


def test_a_file_with_a_column_per_kpi_previews_without_mapping_by_hand(revenue, client_for):
    world, _ = revenue
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = b"email,period,Revenue\nrita@acme.test,2026-11,9000\n"
    page = client_for(world.manager).post(
        reverse("kpi_import_preview"),
        {"file": SimpleUploadedFile("wide.csv", upload, content_type="text/csv")},
    )
    assert page.status_code == 200
    assert "<strong>1</strong> new" in page.content.decode()
