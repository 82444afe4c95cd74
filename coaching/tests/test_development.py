"""Observations and patterns, the rep-owned plan, the team's skills, manager time."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from coaching import selectors, services
from coaching.models import DevGoal, Observation, SelfAssessment
from coaching.selectors import HeatCell
from conftest import make_person, uploaded_clip


@pytest.fixture
def team(world):
    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    dev = make_person(world.org, "dev@acme.test", "Dev Consult")
    for person in (cleo, dev):
        account_services.membership_set(team=world.alpha, person=person, role="rep")
    skills = {s.name: s for s in services.skills_for(organisation=world.org)}
    return world, cleo, dev, skills


def _observe(client, world, skill, n=1, situation="Discovery with Northwind"):
    for _ in range(n):
        response = client.post(
            reverse("observation_new", args=[world.rep.id]),
            {
                "skill": skill.id,
                "situation": situation,
                "post_anyway": "1",  # the nudge has its own test
                "behaviour": "Pitched the pilot before asking about their process.",
            },
        )
    return response.content.decode()


def test_an_observation_cannot_point_at_a_clip_the_manager_may_not_watch(
    team, client_for, tmp_path
):
    world, _, _, skills = team
    account_services.membership_set(team=world.beta, person=world.rep, role="rep")
    hidden = uploaded_clip(world.rep, world.beta, tmp_path)  # Beta's: Max does not run Beta
    response = client_for(world.manager).post(
        reverse("observation_new", args=[world.rep.id]),
        {
            "skill": skills["Listening"].id,
            "situation": "Discovery",
            "behaviour": "Asked two open questions before the demo.",
            "clip": hidden.id,
        },
    )
    assert response.status_code == 400 and not Observation.objects.exists()


def test_two_observations_in_two_situations_are_a_pattern_one_situation_is_not(team, client_for):
    world, _, _, skills = team
    client = client_for(world.manager)
    html = _observe(client, world, skills["Discovery questions"])
    assert "A one-off so far" in html
    html = _observe(client, world, skills["Discovery questions"], n=2)  # the same call again
    assert "A one-off so far" in html and "in at least two different situations" in html
    html = _observe(client, world, skills["Discovery questions"], situation="Demo with Globex")
    assert "A pattern:" in html and "observation 4 on discovery questions" in html
    assert "start with a two-way conversation" in html
    # The plan and the heatmap say the same, from the same rule.
    plan = client.get(reverse("dev_plan", args=[world.rep.id])).content.decode()
    assert "a pattern</span>" in plan
    heat = client.get(reverse("team_skills", args=[world.alpha.id])).content.decode()
    assert "4 seen (pattern)" in heat and "heat--weak" in heat
    assert Observation.objects.count() == 4


def test_the_manager_rates_skills_beside_the_rep_and_the_heatmap_shows_both(team, client_for):
    world, _, _, skills = team
    closing = skills["Closing"]
    manager = client_for(world.manager)
    answer = manager.post(
        reverse("dev_plan_rate", args=[world.rep.id]), {f"skill-{closing.id}": "2"}
    )
    assert answer.status_code == 302
    client_for(world.rep).post(
        reverse("dev_plan_assess", args=[world.rep.id]), {f"skill-{closing.id}": "4"}
    )
    heat = client_for(world.manager).get(reverse("team_skills", args=[world.alpha.id]))
    html = heat.content.decode()
    assert 'S 4</span> <span title="the manager\'s rating">M 2</span>' in html
    refused = client_for(world.rep).post(
        reverse("dev_plan_rate", args=[world.rep.id]), {f"skill-{closing.id}": "5"}
    )
    assert refused.status_code == 403


def test_old_observations_do_not_make_a_pattern(team, client_for):
    world, _, _, skills = team
    client = client_for(world.manager)
    _observe(client, world, skills["Closing"], n=2)
    Observation.objects.update(created_at=timezone.now() - timedelta(days=120))
    assert "A one-off so far" in _observe(client, world, skills["Closing"])


def test_an_observation_needs_what_was_seen_and_keeps_the_rest(team, client_for):
    world, _, _, skills = team
    response = client_for(world.manager).post(
        reverse("observation_new", args=[world.rep.id]),
        {"skill": skills["Closing"].id, "situation": "Renewal call", "behaviour": ""},
    )
    assert response.status_code == 400
    assert 'value="Renewal call"' in response.content.decode()


def test_the_rep_owns_the_plan_and_the_manager_guides(team, client_for):
    world, _, _, skills = team
    assess = reverse("dev_plan_assess", args=[world.rep.id])
    rep = client_for(world.rep)
    rep.post(assess, {f"skill-{skills['Listening'].id}": "2"})
    assert SelfAssessment.objects.get().level == 2
    client_for(world.manager).post(
        reverse("dev_goal_add", args=[world.rep.id]), {"text": "Summarise before pitching"}
    )
    goal = DevGoal.objects.get()
    assert goal.added_by == world.manager
    done = reverse("dev_goal_done", args=[world.rep.id, goal.id])
    assert client_for(world.manager).post(done, {"done": "on"}).status_code == 403
    rep = client_for(world.rep)  # client_for signs the one test client in as this person
    rep.post(done, {"done": "on"})
    assert DevGoal.objects.get().done
    rep.post(done, {})  # reopened
    assert not DevGoal.objects.get().done
    bad = rep.post(assess, {f"skill-{skills['Listening'].id}": "9"})
    assert bad.status_code == 400 and SelfAssessment.objects.get().level == 2
    manager_rating = client_for(world.manager).post(
        assess, {f"skill-{skills['Listening'].id}": "5"}
    )
    assert manager_rating.status_code == 403
    assert SelfAssessment.objects.get().level == 2


def test_a_weakness_shared_by_half_the_team_becomes_a_codev_topic(team, client_for):
    world, cleo, dev, skills = team
    for person in (world.rep, cleo):
        services.self_assess(rep=person, levels={skills["Pricing conversations"].id: 2})
    services.self_assess(rep=dev, levels={skills["Closing"].id: 1})
    heat = selectors.team_heatmap(team=world.alpha)
    assert [(s.name, len(reps)) for s, reps in heat["team_topics"]] == [
        ("Pricing conversations", 2)
    ]
    assert [(r.first_name, s.name) for r, s in heat["one_on_one"]] == [("Dev", "Closing")]
    triage = client_for(world.manager).get(reverse("team_triage", args=[world.alpha.id]))
    assert "Pricing conversations is weak for 2 of the team" in triage.content.decode()


def test_manager_time_counts_1on1s_against_the_target(team, client_for):
    world, _, _, _ = team
    one = services.one_on_one_start(
        coach=world.manager,
        rep=world.rep,
        protocol_key="grow",
        coaching_type="developmental",
        topic="Discovery",
    )
    start = timezone.now() - timedelta(hours=2)
    type(one.meeting).objects.filter(id=one.meeting_id).update(
        started_at=start, ended_at=start + timedelta(minutes=45)
    )
    row = next(
        r
        for r in selectors.manager_time(organisation_id=world.org.id)
        if r["manager"] == world.manager
    )
    assert row["one_on_ones"] == 45
    assert row["share"] == pytest.approx(round(100 * 45 / (30 / 7 * 40 * 60), 1))
    assert row["met"] is False and row["target"] == 50
    html = client_for(world.manager).get(reverse("coaching_time")).content.decode()
    assert "Max Manager" in html and "1:1s 45 min" in html


def test_manager_time_takes_the_same_queries_however_many_managers(team, django_assert_num_queries):
    world, cleo, dev, _ = team
    # The organisation's target, the managers, their 1:1s, sessions and reviews.
    with django_assert_num_queries(5):
        before = selectors.manager_time(organisation_id=world.org.id)
    with django_assert_num_queries(0):  # kept until a 1:1, meeting, review or person is written
        selectors.manager_time(organisation_id=world.org.id)
    for person in (cleo, dev):
        account_services.membership_set(team=world.beta, person=person, role="manager")
        services.one_on_one_start(
            coach=person,
            rep=world.other_rep,
            protocol_key="grow",
            coaching_type="developmental",
            topic="Pipeline",
        )
    with django_assert_num_queries(5):
        after = selectors.manager_time(organisation_id=world.org.id)
    assert len(after) == len(before) + 2
    assert all(r["one_on_ones"] > 0 for r in after if r["manager"] in (cleo, dev))


def test_an_abstract_observation_is_nudged_and_can_be_logged_anyway(team, client_for):
    world, _, _, skills = team
    client = client_for(world.manager)
    typed = {
        "skill": skills["Closing"].id,
        "situation": "Renewal call",
        "behaviour": "Sounds nervous",
    }
    held = client.post(reverse("observation_new", args=[world.rep.id]), typed)
    html = held.content.decode()
    assert held.status_code == 400 and "Could it be more concrete?" in html
    assert "Sounds nervous" in html and not Observation.objects.exists()  # nothing lost
    client.post(reverse("observation_new", args=[world.rep.id]), typed | {"post_anyway": "1"})
    assert Observation.objects.get().behaviour == "Sounds nervous"


def test_a_heatmap_cell_is_coloured_by_the_managers_rating_else_the_reps_own():
    assert HeatCell(level=4, observed=0, rubric=None).shade == 4
    assert HeatCell(level=4, observed=0, rubric=None, rated=2).shade == 2
    assert HeatCell(level=5, observed=2, rubric=None, pattern=True).shade == 2
    assert HeatCell(level=None, observed=0, rubric=90).shade == 4
    assert HeatCell(level=None, observed=0, rubric=None).shade is None
