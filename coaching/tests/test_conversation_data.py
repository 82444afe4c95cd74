"""Issue 16, section 6: SLED and GROW, live and written, bring the rep's data to the phase where
it is asked (results against targets, clips and observations, open commitments), and "explore
options" walks the solution chart inline, its deciding questions before its recommendation."""

import pytest
from django.urls import reverse

from accounts import services as account_services
from accounts.models import TeamRole
from coaching import services, solution
from coaching.models import Observation, OneOnOne, SolutionChart
from conftest import COMMITMENT, action_items, make_person
from meetings import services as meeting_services
from meetings.models import Role

WORTH_KNOWS_COULD = {"worth": True, "knows": True, "could": True}


@pytest.mark.parametrize(
    ("answers", "next_question"),
    [
        ({}, "worth"),
        ({"worth": True}, "knows"),
        ({"worth": True, "knows": True}, "could"),
        ({"worth": True, "knows": True, "could": False}, "done_before"),
        ({"worth": True, "knows": True, "could": False, "done_before": False}, None),
        (WORTH_KNOWS_COULD, "obstacles"),  # done_before is off the path: not asked
        (WORTH_KNOWS_COULD | {"obstacles": True}, None),
        (WORTH_KNOWS_COULD | {"obstacles": False}, "upside_down"),
        (WORTH_KNOWS_COULD | {"obstacles": False, "upside_down": False}, None),
        ({"worth": False}, None),
        ({"worth": True, "knows": False}, None),
    ],
)
def test_the_chart_asks_its_deciding_questions_in_order(answers, next_question):
    assert solution.still_to_ask(answers) == next_question


@pytest.fixture
def talk(world):
    return rep_with_data(world)


def rep_with_data(world):
    """Rita, short of her win-rate target, with an observation, a clip-free record and an open
    commitment from a team session; Max coaches her. Returns the KPI."""
    org = world.org
    win = services.kpi_save(
        organisation=org,
        name="Win rate",
        unit="%",
        period="month",
        direction="higher",
        kind="lagging",
        combine="average",
    )
    services.values_import(
        parsed=services.values_check_csv(
            importer=world.admin,
            data=b"email,kpi,period,value\nrita@acme.test,Win rate,2026-10,18\n",
        ),
        source="csv",
    )
    services.target_set(kpi=win, period="2026-10", value=25, person=world.rep)
    Observation.objects.create(
        organisation=org,
        manager=world.manager,
        rep=world.rep,
        skill=services.skills_for(organisation=org).first(),
        situation="Discovery call with Nordwind",
        behaviour="Pitched the demo before asking about the budget owner",
    )
    _commitment_from_a_session(
        world, world.alpha, world.manager, "Map the buying committee at Nordwind"
    )
    return win


def _commitment_from_a_session(world, team, facilitator, what: str) -> None:
    """Rita's open commitment from a co-development session of `team`."""
    session = meeting_services.meeting_create(
        team=team,
        protocol_key="codev",
        title=f"{team.name} co-development",
        facilitator=facilitator,
        roles={Role.FACILITATOR: [facilitator], Role.CLIENT: [world.rep]},
    )
    meeting_services.action_create(meeting=session, owner=world.rep, what=what, **COMMITMENT)


def _between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_a_written_sled_brings_results_evidence_and_commitments_to_the_analysis(
    world, talk, client_for
):
    html = (
        client_for(world.manager)
        .get(reverse("one_on_one_write"), {"rep": world.rep.id, "protocol": "sled"})
        .content.decode()
    )
    analysis = _between(html, 'name="note_lead_analysis"', 'name="note_explore"')
    assert "Where Rita stands against objectives" in analysis
    assert "Win rate" in analysis and ">short<" in analysis and "Oct 2026" in analysis
    assert "Pitched the demo before asking about the budget owner" in analysis
    assert "Map the buying committee at Nordwind" in analysis
    explore = _between(html, 'name="note_explore"', 'name="note_develop"')
    assert "Solution chart" in explore and 'name="sc_could"' in explore
    assert "Where Rita stands" not in _between(html, 'name="note_set_stage"', "note_lead")


def test_asking_the_chart_saves_nothing_keeps_every_word_and_names_the_next_question(
    world, talk, client_for
):
    client = client_for(world.manager)
    base = {"rep": world.rep.id, "protocol": "sled", "coaching_type": "performance"}
    base |= action_items()
    typed = base | {
        "topic": "Win rate",
        "note_lead_analysis": "18% against 25%: proposals go out before discovery",
        "sc_gap": "Win rate 18% against 25%",
        "sc_worth": "yes",
        "sc_knows": "yes",
    }
    html = client.post(reverse("one_on_one_write"), typed | {"ask_chart": "1"}).content.decode()
    assert OneOnOne.objects.count() == 0 and SolutionChart.objects.count() == 0
    assert "proposals go out before discovery</textarea>" in html
    assert 'name="sc_knows" value="yes" checked' in html
    assert "Next, before the chart recommends" in html
    assert solution.QUESTION_TEXT["could"] in _between(html, "sc-verdict", "</p>")
    answers = {"sc_could": "no", "sc_done_before": "no"}
    html = client.post(
        reverse("one_on_one_write"), typed | answers | {"ask_chart": "1"}
    ).content.decode()
    assert "The chart recommends" in html and solution.OPTIONS["training"] in html
    assert OneOnOne.objects.count() == 0


def test_a_chart_walked_in_explore_is_saved_with_the_written_1on1(world, talk, client_for):
    client = client_for(world.manager)
    data = action_items() | {
        "rep": world.rep.id,
        "protocol": "sled",
        "coaching_type": "performance",
        "topic": "Win rate",
        "note_explore": "Discovery first, then the proposal",
        "sc_gap": "Win rate 18% against 25%",
        "sc_kpi": talk.id,
        "sc_worth": "yes",
        "sc_knows": "yes",
        "sc_could": "yes",
        "sc_obstacles": "yes",
    }
    response = client.post(reverse("one_on_one_write"), data)
    one = OneOnOne.objects.get()
    chart = SolutionChart.objects.get()
    assert (chart.one_on_one, chart.recommended, chart.kpi) == (one, "obstacle", talk)
    record = client_for(world.rep).get(response["Location"]).content.decode()
    assert "Win rate 18% against 25%" in record and solution.OPTIONS["obstacle"] in record
    assert "Could do it: yes · Something in the way: yes" in record


def test_a_chart_short_of_its_deciding_question_saves_nothing_and_keeps_the_notes(
    world, talk, client_for
):
    response = client_for(world.manager).post(
        reverse("one_on_one_write"),
        action_items()
        | {
            "rep": world.rep.id,
            "protocol": "grow",
            "coaching_type": "performance",
            "topic": "Win rate",
            "note_options": "Ask a colleague how she qualifies",
            "sc_gap": "Win rate",
            "sc_worth": "yes",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "needs one more answer" in html and solution.QUESTION_TEXT["knows"] in html
    assert "Ask a colleague how she qualifies</textarea>" in html
    assert OneOnOne.objects.count() == 0 and SolutionChart.objects.count() == 0


def _live_sled(world):
    return services.one_on_one_start(
        coach=world.manager,
        rep=world.rep,
        protocol_key="sled",
        coaching_type="performance",
        topic="Win rate",
    )


def test_a_live_sled_shows_each_phase_its_data_and_the_coach_the_chart(world, talk, client_for):
    one = _live_sled(world)
    html = client_for(world.manager).get(reverse("meeting_live", args=[one.meeting_id]))
    html = html.content.decode()
    analysis = _between(html, 'data-phase-data="lead_analysis"', 'data-phase-data="explore"')
    assert "Win rate" in analysis and "Map the buying committee at Nordwind" in analysis
    explore = html.split('data-phase-data="explore"', 1)[1]
    assert f'action="{reverse("person_solution", args=[world.rep.id])}"' in explore
    assert f'name="one" value="{one.id}"' in explore
    rep_html = client_for(world.rep).get(reverse("meeting_live", args=[one.meeting_id]))
    rep_html = rep_html.content.decode()
    assert "Win rate" in rep_html  # the rep sees their own numbers
    assert "Record the chart&#x27;s answer" not in rep_html and "Record the chart's" not in rep_html


def test_the_live_chart_is_linked_to_the_1on1_and_goes_back_to_the_room(world, talk, client_for):
    one = _live_sled(world)
    response = client_for(world.manager).post(
        reverse("person_solution", args=[world.rep.id]),
        {"one": one.id, "gap": "Win rate", "worth": "no"},
    )
    assert response["Location"].startswith(reverse("meeting_live", args=[one.meeting_id]))
    assert SolutionChart.objects.get().one_on_one == one


def test_a_1on1_of_another_rep_cannot_carry_a_chart(world, talk, client_for):
    second = make_person(world.org, "sam@acme.test", "Sam Second")
    account_services.membership_set(team=world.alpha, person=second, role=TeamRole.REP)
    one = _live_sled(world)
    response = client_for(world.manager).post(
        reverse("person_solution", args=[second.id]),
        {"one": one.id, "gap": "Win rate", "worth": "no"},
    )
    assert response.status_code == 404 and SolutionChart.objects.count() == 0


def test_commitments_come_only_from_sessions_the_viewer_may_see(world, talk, client_for):
    account_services.membership_set(team=world.beta, person=world.rep, role=TeamRole.REP)
    _commitment_from_a_session(world, world.beta, world.other_rep, "Beta-only promise")
    one = _live_sled(world)
    url = reverse("meeting_live", args=[one.meeting_id])
    assert "Beta-only promise" not in client_for(world.manager).get(url).content.decode()
    assert "Beta-only promise" in client_for(world.rep).get(url).content.decode()


def test_the_live_room_records_its_chart_in_place_and_names_the_missing_answer(
    world, talk, client_for
):
    one = _live_sled(world)
    url = reverse("person_solution", args=[world.rep.id])
    client = client_for(world.manager)
    half = client.post(
        url, {"one": one.id, "gap": "Win rate", "worth": "yes"}, HTTP_ACCEPT="application/json"
    )
    assert half.status_code == 400 and half.json()["field"] == "knows"
    assert SolutionChart.objects.count() == 0
    done = client.post(
        url, {"one": one.id, "gap": "Win rate", "worth": "no"}, HTTP_ACCEPT="application/json"
    )
    assert done.json() == {"ok": True} and SolutionChart.objects.get().one_on_one == one
