import pytest
from django.urls import reverse

from coaching import services, solution
from coaching.models import SolutionChart


@pytest.mark.parametrize(
    ("answers", "option"),
    [
        ({"worth": False}, solution.LET_GO),
        ({"worth": True, "knows": False}, solution.FEEDBACK),
        ({"worth": True, "knows": True, "could": False, "done_before": False}, solution.TRAINING),
        ({"worth": True, "knows": True, "could": False, "done_before": True}, solution.COACHING),
        ({"worth": True, "knows": True, "could": True, "obstacles": True}, solution.OBSTACLE),
        (
            {"worth": True, "knows": True, "could": True, "obstacles": False, "upside_down": True},
            solution.CONSEQUENCES,
        ),
        (
            {"worth": True, "knows": True, "could": True, "obstacles": False, "upside_down": False},
            solution.COACHING,
        ),
    ],
)
def test_the_solution_chart_recommends_the_fix_that_fits(answers, option):
    assert solution.recommend(answers).option == option


@pytest.fixture
def results(world):
    org = world.org
    win = services.kpi_save(
        organisation=org,
        name="Win rate",
        unit="%",
        period="quarter",
        direction="higher",
        kind="lagging",
        combine="average",
    )
    meetings = services.kpi_save(
        organisation=org,
        name="Meetings booked",
        unit="",
        period="quarter",
        direction="higher",
        kind="leading",
        combine="sum",
    )
    data = (
        "email,kpi,period,value\n"
        "rita@acme.test,Win rate,2026-Q3,18\n"
        "rita@acme.test,Meetings booked,2026-Q3,40\n"
    )
    services.values_import(
        parsed=services.values_check_csv(importer=world.admin, data=data.encode()), source="csv"
    )
    services.target_set(kpi=win, period="2026-Q3", value=25, person=world.rep)
    services.target_set(kpi=meetings, period="2026-Q3", value=30, person=world.rep)
    return world, win, meetings


def test_roam_puts_results_first_and_flags_the_shortfall(results, client_for):
    world, win, meetings = results
    html = client_for(world.manager).get(reverse("person_roam", args=[world.rep.id])).content
    html = html.decode()
    assert html.index("Results (lagging)") < html.index("Activities (leading)")
    lagging = html.split("Results (lagging)")[1].split("Activities (leading)")[0]
    assert "Win rate" in lagging and ">short<" in lagging and "methodology" in lagging
    leading = html.split("Activities (leading)")[1].split("Evidence")[0]
    assert "Meetings booked" in leading and ">met<" in leading
    assert "Solution chart" in html  # the manager coaches Rita


def test_the_rep_sees_their_roam_without_the_coachs_chart_form(results, client_for):
    world, _, _ = results
    html = client_for(world.rep).get(reverse("person_roam", args=[world.rep.id])).content
    assert "Win rate" in html.decode() and "Record</button>" not in html.decode()


def test_a_walk_through_the_chart_is_recorded_with_the_choice(results, client_for):
    world, win, _ = results
    response = client_for(world.manager).post(
        reverse("person_solution", args=[world.rep.id]),
        {
            "gap": "Win rate 18% against 25%",
            "kpi": win.id,
            "worth": "yes",
            "knows": "yes",
            "could": "no",
            "done_before": "yes",
        },
    )
    assert response.status_code == 302
    chart = SolutionChart.objects.get()
    assert (chart.recommended, chart.chosen, chart.kpi) == ("coaching", "coaching", win)
    html = client_for(world.rep).get(reverse("person_roam", args=[world.rep.id])).content
    assert "Win rate 18% against 25%" in html.decode()  # the rep sees the gaps worked on


def test_a_half_answered_chart_keeps_the_answers(results, client_for):
    world, _, _ = results
    response = client_for(world.manager).post(
        reverse("person_solution", args=[world.rep.id]), {"gap": "", "worth": "yes"}
    )
    assert response.status_code == 400
    assert 'name="worth" value="yes" checked' in response.content.decode()
    assert SolutionChart.objects.count() == 0


def test_an_answer_that_is_not_yes_or_no_is_refused_with_the_answers_kept(results, client_for):
    world, _, _ = results
    response = client_for(world.manager).post(
        reverse("person_solution", args=[world.rep.id]),
        {"gap": "Win rate 18% against 25%", "worth": "yes", "knows": "maybe"},
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Answer each question with yes or no" in html
    assert 'name="worth" value="yes" checked' in html
    assert SolutionChart.objects.count() == 0


def test_only_the_reps_manager_records_a_chart(results):
    world, _, _ = results
    with pytest.raises(services.RoundtableError):
        services.solution_record(
            coach=world.other_rep, rep=world.rep, gap="x", answers={"worth": False}
        )


def test_roam_charts_each_kpi_as_a_share_of_its_target(results, client_for):
    world, _, _ = results
    html = client_for(world.rep).get(reverse("person_roam", args=[world.rep.id])).content.decode()
    chart = html.split("Against objectives", 1)[1].split("Results (lagging)", 1)[0]
    assert 'class="chart chart--bars"' in chart and "chart__bar--short" in chart
    assert "<td>72%</td>" in chart  # win rate 18 against 25
    assert "<td>133.3%</td>" in chart  # meetings 40 against 30
