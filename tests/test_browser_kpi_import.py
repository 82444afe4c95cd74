"""In Chromium: a manager imports a Salesforce-style report. The layout is recognised, the
preview shows the value it replaces and the rows left out, only the valid rows go in, the
rejected rows download with their reason; a correction below target withdraws the kudos."""

from pathlib import Path

import pytest

from accounts import services as account_services
from accounts.models import TeamRole
from coaching import services
from coaching.models import KpiValue
from conftest import build_world, make_person
from recognition.models import Kudos
from tests.browser import DESKTOP, PHONE, assert_fits_the_screen, screenshot, signed_in

pytestmark = pytest.mark.browser
DATA = Path(__file__).resolve().parent / "data"


def test_a_salesforce_report_is_previewed_imported_and_corrected(browser, server, tmp_path):
    world = build_world()
    sam = make_person(world.org, "sam@acme.test", "Sam Seller")
    account_services.membership_set(team=world.alpha, person=sam, role=TeamRole.REP)
    revenue = services.kpi_save(
        organisation=world.org,
        name="Revenue",
        unit="$",
        period="month",
        direction="higher",
        kind="lagging",
        combine="sum",
    )
    services.kpi_save(
        organisation=world.org,
        name="Deals won",
        unit="",
        period="month",
        direction="higher",
        kind="lagging",
        combine="sum",
    )
    services.target_set(kpi=revenue, period="2026-11", value=10000, person=world.rep)
    services.values_import(  # what the CRM said last week
        parsed=services.values_check_csv(
            importer=world.admin,
            data=b"email,kpi,period,value\nrita@acme.test,Revenue,2026-11,9000\n",
        ),
        source="csv",
        set_by=world.admin,
        detail="file last-week.csv",
    )

    ctx, manager = signed_in(browser, server, world.manager, DESKTOP)
    manager.goto(f"{server.url}/coaching/kpis/")
    manager.get_by_label("CSV file").set_input_files(str(DATA / "salesforce_report.csv"))
    manager.get_by_role("button", name="Check the file").click()
    # Recognised as a Salesforce report: its columns are already mapped.
    assert manager.get_by_label("Column with each person's email").input_value() == (
        "Opportunity Owner: Email"
    )
    changes = manager.locator("#changes").inner_text()
    assert "5 new" in changes and "1 replaced" in changes
    manager.locator("#replaced", has_text="9000").wait_for()  # old -> new, and who set it
    manager.locator("#errors", has_text="otto@acme.test is not in a team you manage").wait_for()
    manager.get_by_text("rows left out on purpose").click()
    manager.locator("#left-out", has_text="a totals row").wait_for()
    screenshot(manager, "kpi-import-preview-desktop")
    with manager.expect_download() as download:
        manager.get_by_role("link", name="Download the rows left out").click()
    rejected = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert rejected.splitlines()[0].endswith(",reason") and "otto@acme.test" in rejected
    manager.get_by_label("Import the 6 valid values now").check()
    manager.get_by_role("button", name="Import", exact=True).click()
    manager.get_by_text("Imported 6 values").wait_for()
    value = KpiValue.objects.get(person=world.rep, kpi=revenue, period_start="2026-11-01")
    assert (value.value, value.set_by) == (12400, world.manager)
    assert Kudos.objects.filter(kpi_value=value).exists()  # 12,400 against 10,000: met

    # The rep sees the value, who set it and from which file, on her phone.
    rctx, rita = signed_in(browser, server, world.rep, PHONE)
    rita.goto(f"{server.url}/coaching/people/{world.rep.id}/kpis/")
    rita.get_by_text("The values").first.click()
    rita.get_by_text("file salesforce_report.csv").first.wait_for()
    assert_fits_the_screen(rita)
    screenshot(rita, "kpi-values-provenance-phone")

    # The CRM was wrong: corrected below target, the recognition is withdrawn and she is told.
    fixed = tmp_path / "fix.csv"
    fixed.write_text("email,kpi,period,value\nrita@acme.test,Revenue,2026-11,8500\n")
    manager.goto(f"{server.url}/coaching/kpis/")
    manager.get_by_label("CSV file").set_input_files(str(fixed))
    manager.get_by_role("button", name="Check the file").click()
    manager.get_by_role("button", name="Import 1 value").click()
    manager.get_by_text("Imported 1 value").wait_for()
    assert not Kudos.objects.filter(kpi_value=value).exists()
    rita.goto(f"{server.url}/notifications/")
    rita.get_by_text("The “target met” recognition is withdrawn.").wait_for()
    screenshot(rita, "kpi-correction-withdrawn-phone")
    for context in (ctx, rctx):
        context.close()
