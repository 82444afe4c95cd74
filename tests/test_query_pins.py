"""List pages ask the database the same number of questions however much they list.

Each page is loaded with a little data, then with several times more: the query count must not
move, and it is pinned, so a change that adds a query per row (or per page) is seen here.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services as accounts
from accounts.models import TeamRole
from coaching import services as coaching
from coaching.models import Kpi, KpiValue
from conftest import make_person
from library.models import Clip, ClipState
from recognition import services as recognition
from recognition.models import Story

_made = {"n": 0}


def _teammate(world):
    _made["n"] += 1
    n = _made["n"]
    person = make_person(world.org, f"mate{n}@acme.test", f"Mate {n}")
    accounts.membership_set(team=world.alpha, person=person, role=TeamRole.REP)
    return person


def _kudos(world, count):
    for _ in range(count):
        mate = _teammate(world)
        recognition.kudos_give(
            giver=mate, recipients=[world.rep], message="Thanks for the intro", for_kind="other"
        )


def _notifications(world, count):
    recognition.notify(users=[world.rep] * count, text="Something happened", url="/")


def _stories(world, count):
    for n in range(count):
        story = recognition.story_post(
            author=_teammate(world),
            team=world.alpha,
            kind="success",
            title=f"Won the deal {n}",
            body="We met the CFO early.",
        )
        Story.objects.filter(id=story.id).update(for_team_meeting=True)


def _agenda(world, count):
    _kudos(world, count)
    _stories(world, count)


def _reps_with_1on1s(world, count):
    for _ in range(count):
        rep = _teammate(world)
        coaching.one_on_one_start(
            coach=world.manager,
            rep=rep,
            protocol_key="grow",
            coaching_type="developmental",
            topic="Discovery",
        )


def _self_assessments(world, count):
    skills = list(coaching.skills_for(organisation=world.org))
    for _ in range(count):
        coaching.self_assess(rep=_teammate(world), levels={s.id: 3 for s in skills})


def _results(world, count):
    kpi = Kpi.objects.filter(organisation=world.org).first() or Kpi.objects.create(
        organisation=world.org, name="Calls", unit="calls"
    )
    start = KpiValue.objects.filter(person=world.rep).count()
    for n in range(start, start + count):
        KpiValue.objects.create(
            kpi=kpi, person=world.rep, period_start=date(2024 + n // 12, n % 12 + 1, 1), value=n
        )
        Clip.objects.create(
            organisation=world.org,
            team=world.alpha,
            author=world.rep,
            title=f"ROAM clip {n}",
            state=ClipState.READY,
            original="x.webm",
        )


PAGES = {
    "kudos feed": (lambda w: reverse("kudos_home"), "rep", _kudos),
    "notifications": (lambda w: reverse("notifications"), "rep", _notifications),
    "meeting agenda": (
        lambda w: reverse("meeting_agenda", args=[w.alpha.id]),
        "manager",
        _agenda,
    ),
    "coaching home": (lambda w: reverse("coaching_home"), "manager", _reps_with_1on1s),
    "skill heatmap": (
        lambda w: reverse("team_skills", args=[w.alpha.id]),
        "manager",
        _self_assessments,
    ),
    "ROAM": (lambda w: reverse("person_roam", args=[w.rep.id]), "manager", _results),
}
PINNED = {
    "kudos feed": 15,  # the targets-met strand is its own query (and its recipients)
    "notifications": 7,
    "meeting agenda": 17,
    "coaching home": 11,
    "skill heatmap": 12,
    "ROAM": 14,
}
# Text each row adds, so the test sees the page list more (a constant count of an empty page
# would prove nothing).
ROW = {
    "kudos feed": "Thanks for the intro",
    "notifications": "Something happened",
    "meeting agenda": "Thanks for the intro",
    "coaching home": "Mate ",
    "skill heatmap": "Mate ",
    "ROAM": "ROAM clip",
}


def _count(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_a_list_page_asks_the_same_questions_at_any_size(page, world, client_for):
    url_of, persona, grow = PAGES[page]
    grow(world, 2)
    client = client_for(world.persona(persona))
    url = url_of(world)
    client.get(url)  # the session and caches warm, as on a second visit
    small, small_html = _count(client, url)
    grow(world, 6)
    large, large_html = _count(client, url)
    assert large_html.count(ROW[page]) > small_html.count(ROW[page])
    assert (small, large) == (PINNED[page], PINNED[page])
