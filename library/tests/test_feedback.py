import pytest
from django.core import mail
from django.urls import reverse

from conftest import make_person, uploaded_clip
from library import services
from library.models import Clip, ClipState


@pytest.fixture
def ready_clip(world, tmp_path):
    clip = uploaded_clip(world.rep, world.alpha, tmp_path)
    Clip.objects.filter(id=clip.id).update(state=ClipState.READY, duration=90)
    clip.refresh_from_db()
    return clip


def test_feedback_pinned_to_a_moment_reaches_the_author(
    world, ready_clip, client_for, run_worker, django_capture_on_commit_callbacks
):
    client = client_for(world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("clip_comment", args=[ready_clip.id]),
            {"text": "Naming the SOC2 report early lowered the tension.", "at_seconds": "42.3"},
            HTTP_HX_REQUEST="true",
        )
    html = response.content.decode()
    assert 'data-seek="42.3"' in html and "SOC2 report early" in html
    run_worker()
    assert mail.outbox[0].to == ["rita@acme.test"]
    assert "at 0:42" in mail.outbox[0].body and "?t=42.3" in mail.outbox[0].body


def test_empty_feedback_is_refused_in_place(world, ready_clip, client_for):
    response = client_for(world.manager).post(
        reverse("clip_comment", args=[ready_clip.id]), {"text": "  "}, HTTP_HX_REQUEST="true"
    )
    assert "Write your feedback first" in response.content.decode()
    assert not ready_clip.comments.exists()


def test_a_moment_outside_the_clip_is_refused(world, ready_clip):
    from roundtable.errors import RoundtableError

    with pytest.raises(RoundtableError, match="not in the clip"):
        services.comment_add(clip=ready_clip, author=world.manager, text="x", at_seconds=500)


def test_helpful_counts_once_per_colleague_and_not_for_the_author(world, ready_clip, client_for):
    url = reverse("clip_helpful", args=[ready_clip.id])
    response = client_for(world.manager).post(url, {"on": "1"}, HTTP_HX_REQUEST="true")
    client_for(world.manager).post(url, {"on": "1"})
    assert "1 found it helpful" in response.content.decode()
    assert ready_clip.helpfuls.count() == 1
    client_for(world.rep).post(url, {"on": "1"})
    assert ready_clip.helpfuls.count() == 1


def test_views_count_colleagues_not_the_author(world, ready_clip, client_for):
    url = reverse("clip_detail", args=[ready_clip.id])
    client_for(world.rep).get(url)
    client_for(world.manager).get(url)
    client_for(world.admin).get(url)
    ready_clip.refresh_from_db()
    assert ready_clip.views == 2


def test_clip_page_query_count_does_not_grow_with_feedback(
    world, ready_clip, client_for, django_assert_num_queries
):
    for n in range(10):
        person = make_person(world.org, f"f{n}@acme.test", f"Fan {n}")
        services.comment_add(clip=ready_clip, author=person, text=f"Nice {n}", at_seconds=n)
    client = client_for(world.rep)
    # session, user, team ids, clip with joins, transcript, comments with authors,
    # helpful count, mine, nav (managed teams, unread notifications).
    with django_assert_num_queries(10):
        html = client.get(reverse("clip_detail", args=[ready_clip.id])).content.decode()
    assert "Nice 9" in html


def _sbi_shown(html: str, text: str) -> dict[str, bool]:
    """The SBI parts shown beside the posted feedback that starts with `text`."""
    import re

    after = html[html.index(text) :]
    shown = re.search(r'<span class="sbi".*?</span></span></span>', after, re.S).group(0)
    return {
        label.lower(): state == "named"
        for state, label in re.findall(r'sbi__part--(\w+)">(\w+)<', shown)
    }


def test_posted_feedback_shows_which_of_situation_behaviour_and_impact_it_names(
    world, ready_clip, client_for
):
    client = client_for(world.manager)
    full = "In the pricing call you paused after the number, so the buyer named their budget."
    directive = "Send the recap within an hour with three dated next steps."
    for text in (full, directive):
        client.post(reverse("clip_comment", args=[ready_clip.id]), {"text": text})
    vague = "Good call overall."
    client.post(reverse("clip_comment", args=[ready_clip.id]), {"text": vague, "post_anyway": "1"})
    html = client_for(world.rep).get(reverse("clip_detail", args=[ready_clip.id])).content.decode()
    assert _sbi_shown(html, full) == {"situation": True, "behaviour": True, "impact": True}
    assert _sbi_shown(html, vague) == {"situation": False, "behaviour": False, "impact": False}
    assert 'Impact<span class="visually-hidden"> not named' in html  # said, not only coloured
    # A directive names no past moment and is no worse for it: a next step, not three gaps.
    after = html[html.index(directive) :]
    assert after.index("Next step") < after.index("</li>")
