import pytest
from django.urls import reverse

from codev import selectors, services
from codev.models import Case, CaseStatus
from conftest import COMPLETE_CASE, make_person
from roundtable.errors import RoundtableError


def _form(**overrides):
    data = {k: ("on" if v is True else v) for k, v in COMPLETE_CASE.items() if v is not False}
    return data | overrides


def test_an_incomplete_submission_is_kept_as_a_draft_with_what_is_missing(world, client_for):
    client = client_for(world.rep)
    response = client.post(
        reverse("case_new", args=[world.alpha.id]),
        _form(tried="", blocked="", action="submit"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "saved as a draft" in html and "Say what you already tried." in html
    assert "Arms crossed, checking her phone." in html  # nothing typed is lost
    draft = Case.objects.get(author=world.rep)
    assert draft.status == CaseStatus.DRAFT and draft.account == "Northwind Foods"

    response = client.post(reverse("case_edit", args=[draft.id]), _form(action="submit"))
    assert response.status_code == 302
    assert Case.objects.get(id=draft.id).status == CaseStatus.SUBMITTED
    assert Case.objects.count() == 1


def test_a_draft_is_visible_to_its_author_only(world, client_for):
    draft = services.case_save(author=world.rep, team=world.alpha, values={"title": "Half"})
    url = reverse("case_detail", args=[draft.id])
    assert client_for(world.rep).get(url).status_code == 200
    for teammate in (world.manager, world.admin):
        assert client_for(teammate).get(url).status_code == 404
    team_page = client_for(world.manager).get(reverse("team_cases", args=[world.alpha.id]))
    assert "Half" not in team_page.content.decode()


def test_teammates_mark_me_too_and_the_count_updates_in_place(world, client_for):
    case = services.case_save(author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True)
    response = client_for(world.manager).post(
        reverse("case_me_too", args=[case.id]), {"on": "1"}, HTTP_HX_REQUEST="true"
    )
    assert "1 teammate faced it" in response.content.decode()
    assert 'aria-pressed="true"' in response.content.decode()
    client_for(world.manager).post(reverse("case_me_too", args=[case.id]), {"on": "1"})
    assert case.me_toos.count() == 1  # twice is still once
    with pytest.raises(RoundtableError, match="your own case"):
        services.case_me_too(case=case, user=world.rep, on=True)


def test_triage_ranks_cases_by_how_much_they_would_help_the_team(world):
    weak = services.case_save(
        author=world.rep,
        team=world.alpha,
        submit=True,
        values=COMPLETE_CASE | {"title": "Weak", "helps_team": False, "recurring": False},
    )
    services.case_save(
        author=world.rep,
        team=world.alpha,
        submit=True,
        values=COMPLETE_CASE | {"title": "Strong", "common_problem": True},
    )
    for n in range(3):
        person = make_person(world.org, f"m{n}@acme.test", f"Mate {n}")
        services.case_me_too(case=weak, user=person, on=True)
    ranked = selectors.cases_to_triage(team=world.alpha)
    assert [c.title for c in ranked] == ["Strong", "Weak"]
    assert [c.score for c in ranked] == [7, 5]


def test_declining_needs_a_reason_that_the_rep_then_reads(world, client_for):
    case = services.case_save(author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True)
    manager = client_for(world.manager)
    manager.post(reverse("case_triage", args=[case.id]), {"decision": "declined"})
    assert Case.objects.get(id=case.id).status == CaseStatus.SUBMITTED
    manager.post(
        reverse("case_triage", args=[case.id]),
        {"decision": "declined", "reason": "Too specific to this account; let's do a 1:1."},
    )
    page = client_for(world.rep).get(reverse("case_detail", args=[case.id])).content.decode()
    assert "Declined" in page and "Too specific to this account" in page


def test_team_case_list_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    for n in range(10):
        services.case_save(
            author=world.rep,
            team=world.alpha,
            submit=True,
            values=COMPLETE_CASE | {"title": f"C{n}"},
        )
    client = client_for(world.manager)
    # session, user, team-membership ids, team, cases with author and counts, nav (teams, unread).
    with django_assert_num_queries(8):
        html = client.get(reverse("team_cases", args=[world.alpha.id])).content.decode()
    assert "C9" in html


def test_triage_list_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    for n in range(8):
        case = services.case_save(
            author=world.rep,
            team=world.alpha,
            submit=True,
            values=COMPLETE_CASE | {"title": f"T{n}"},
        )
        services.case_me_too(case=case, user=world.manager, on=True)
    client = client_for(world.manager)
    # session, user, team-membership ids, team, managed teams, ranked cases with counts; then
    # the team's skills for topic suggestions: skills, reps, self-ratings, observations, scores,
    # managers' ratings.
    with django_assert_num_queries(13):
        html = client.get(reverse("team_triage", args=[world.alpha.id])).content.decode()
    assert html.count("1 faced it too") == 8
