"""Search filters by organisation, team, visibility and the page's filters in the same SQL as
the full-text match, before the ranking and the limit."""

from django.urls import reverse

from library import search
from library.models import Clip, Situation, Visibility


def _clips(person, team, titles, **fields) -> list[Clip]:
    clips = Clip.objects.bulk_create(
        Clip(
            organisation_id=person.organisation_id,
            team=team,
            author=person,
            title=title,
            state="ready",
            original="x.webm",
            **fields,
        )
        for title in titles
    )
    search.index_clips([(c.id, c.organisation_id, c.title, [], "") for c in clips])
    return clips


def test_a_thousand_better_matches_elsewhere_never_change_my_results(world, client_for):
    mine = _clips(world.rep, world.alpha, [f"Pricing call {n}" for n in range(3)])
    html_before = client_for(world.rep).get(reverse("library_home"), {"q": "pricing"})
    # Another organisation's clips say it three times: they rank far better.
    _clips(
        world.outsider,
        world.gamma,
        [f"Pricing pricing pricing {n}" for n in range(1000)],
        visibility=Visibility.ORGANISATION,
    )
    # And Beta's team-only clips, which Rita may not watch, too.
    _clips(world.other_rep, world.beta, [f"Pricing pricing {n}" for n in range(300)])
    html = client_for(world.rep).get(reverse("library_home"), {"q": "pricing"}).content.decode()
    for clip in mine:
        assert f"/library/clips/{clip.id}/" in html
    assert "Pricing pricing" not in html
    assert html.count("Pricing call") == html_before.content.decode().count("Pricing call") == 3


def test_filters_apply_before_the_ranking(world, client_for):
    situation = Situation.objects.filter(organisation=world.org).first()
    _clips(world.rep, world.alpha, [f"Budget budget budget {n}" for n in range(200)])
    wanted = _clips(world.rep, world.alpha, ["Budget question"], situation=situation)[0]
    html = client_for(world.rep).get(
        reverse("library_home"), {"q": "budget", "situation": situation.id}
    )
    html = html.content.decode()
    assert f"/library/clips/{wanted.id}/" in html and "Budget budget" not in html


def test_the_organisation_token_is_never_matched_by_what_is_typed(world, client_for):
    _clips(world.rep, world.alpha, ["Discovery call"])
    token = f"o{world.org.id}"
    html = client_for(world.rep).get(reverse("library_home"), {"q": token}).content.decode()
    assert "Discovery call" not in html
