"""In Chromium: KPI import with its preview, the trend and ROAM pages, the solution chart, the
rep's development plan on a phone and an observation that reads as a pattern."""

import pytest

from coaching import services
from coaching.models import KpiValue, SolutionChart
from conftest import build_world
from tests.browser import DESKTOP, PHONE, assert_fits_the_screen, screenshot, signed_in

pytestmark = pytest.mark.browser
CSV = (
    "email,kpi,period,value\n"
    "rita@acme.test,Win rate,2026-Q2,24\n"
    "rita@acme.test,Win rate,2026-Q3,18\n"
    "rita@acme.test,Meetings booked,2026-Q3,41\n"
)


def test_results_roam_solution_chart_and_plan(browser, server, tmp_path):
    world = build_world()
    win = services.kpi_save(
        organisation=world.org,
        name="Win rate",
        unit="%",
        period="quarter",
        direction="higher",
        kind="lagging",
        combine="average",
    )
    services.kpi_save(
        organisation=world.org,
        name="Meetings booked",
        unit="",
        period="quarter",
        direction="higher",
        kind="leading",
        combine="sum",
    )
    services.target_set(kpi=win, period="2026-Q3", value=25, person=world.rep)
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV + "rita@acme.test,Win rate,Q3,abc\n")
    good = tmp_path / "values.csv"
    good.write_text(CSV)

    ctx, manager = signed_in(browser, server, world.manager, DESKTOP)
    manager.goto(f"{server.url}/coaching/kpis/")
    manager.get_by_label("CSV file").set_input_files(str(bad))
    manager.get_by_role("button", name="Check the file").click()
    manager.locator("#errors", has_text="Line 5:").wait_for()
    assert KpiValue.objects.count() == 0
    manager.goto(f"{server.url}/coaching/kpis/")
    manager.get_by_label("CSV file").set_input_files(str(good))
    manager.get_by_role("button", name="Check the file").click()
    manager.get_by_role("button", name="Import 3 values").click()
    manager.get_by_text("Imported 3 values.").wait_for()

    manager.get_by_role("link", name="Rita Rep").click()
    manager.locator("svg.chart").first.wait_for()
    screenshot(manager, "kpi-trends-desktop")
    manager.get_by_role("link", name="Open the ROAM view").click()
    manager.get_by_text("short").first.wait_for()
    manager.get_by_label("The gap").fill("Win rate 18% against 25%")
    form = manager.locator("#solution")
    for question, answer in [
        ("worth solving", "Yes"),
        ("know what is expected", "Yes"),
        ("life depended", "No"),
        ("done it well before", "No"),
    ]:
        form.get_by_role("group", name=question).get_by_label(answer).check()
    form.get_by_role("button", name="Record").click()
    manager.get_by_text("Recorded: Training").wait_for()
    assert SolutionChart.objects.get().chosen == "training"
    screenshot(manager, "roam-solution-desktop")

    manager.goto(f"{server.url}/coaching/people/{world.rep.id}/plan/")
    manager.get_by_text("Log an observation").click()
    for situation in ("Discovery with Northwind", "Demo with Globex"):  # two situations
        manager.get_by_label("Skill", exact=True).select_option(label="Discovery questions")
        manager.get_by_label("Situation").fill(situation)
        manager.get_by_label("What you saw or heard").fill("Pitched before asking about process.")
        manager.get_by_role("button", name="Log it", exact=True).click()
        # The one concreteness nudge: nothing is logged until the manager chooses.
        manager.get_by_text("Could it be more concrete?").wait_for()
        manager.get_by_role("button", name="Log it as it is").click()
        manager.locator("#pattern").wait_for()
        manager.get_by_text("Log an observation").click()
    manager.locator("#pattern", has_text="A pattern").wait_for()
    ctx.close()

    ctx, rep = signed_in(browser, server, world.rep, PHONE)
    rep.goto(f"{server.url}/coaching/people/{world.rep.id}/plan/")
    rep.get_by_label("Your rating of Listening").select_option("2")
    rep.get_by_role("button", name="Save my ratings").click()
    rep.get_by_text("Self-assessment saved.").wait_for()
    rep.get_by_label("A goal").fill("Ask about their process before any demo")
    rep.get_by_role("button", name="Add").click()
    rep.get_by_text("Ask about their process before any demo").wait_for()
    rep.get_by_text("Pitched before asking about process.").first.wait_for()
    assert_fits_the_screen(rep)
    screenshot(rep, "development-plan-phone")
    ctx.close()
