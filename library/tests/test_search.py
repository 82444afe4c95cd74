"""One results contract on SQLite FTS5 and PostgreSQL full-text search (run on both by bin/test)."""

import pytest
from django.urls import reverse

from conftest import uploaded_clip
from library import services
from library.models import Clip, ClipState
from library.selectors import clips_for_library
from media.transcribe import Word


def _ready(clip, spoken: str, *, title=None, tags=None):
    words = [Word(i * 0.5, i * 0.5 + 0.4, w, 0.9) for i, w in enumerate(spoken.split())]
    updates = {"state": ClipState.READY}
    if title:
        updates["title"] = title
    if tags is not None:
        updates["tags"] = tags
    Clip.objects.filter(id=clip.id).update(**updates)
    clip.refresh_from_db()
    transcript = services.transcript_save(clip=clip, words=words, model="test")
    services.clip_index(clip=clip, transcript_text=transcript.text)
    return clip


@pytest.fixture
def library(world, tmp_path):
    folder = tmp_path
    in_title = _ready(
        uploaded_clip(world.rep, world.alpha, folder, title="t1"),
        "we talked about the weather first",
        title="Handling a pricing objection",
        tags=[],
    )
    in_tags = _ready(
        uploaded_clip(world.manager, world.alpha, folder, title="t2"),
        "the champion set up the call",
        title="Champion call",
        tags=["pricing"],
    )
    in_speech = _ready(
        uploaded_clip(world.admin, world.alpha, folder, title="t3"),
        "then the buyer asked why our pricing was higher before the budget freeze",
        title="Discovery with a CFO",
        tags=[],
    )
    elsewhere = _ready(
        uploaded_clip(world.other_rep, world.beta, folder, title="t4"),
        "pricing pricing pricing",
        title="Beta pricing secrets",
        tags=["pricing"],
    )
    return in_title, in_tags, in_speech, elsewhere


def test_matches_rank_title_then_tags_then_speech_and_respect_visibility(world, library):
    in_title, in_tags, in_speech, elsewhere = library
    results = clips_for_library(user=world.rep, query="pricing")
    assert [r.clip.id for r in results] == [in_title.id, in_tags.id, in_speech.id]
    assert elsewhere.id not in [r.clip.id for r in results]


def test_every_word_must_match_and_stems_count(world, library):
    *_, in_speech, _elsewhere = library
    results = clips_for_library(user=world.rep, query="budget freezes")
    assert [r.clip.id for r in results] == [in_speech.id]
    assert clips_for_library(user=world.rep, query="budget kangaroo") == []


def test_a_spoken_match_has_a_snippet_and_the_moment_to_start_at(world, library, client_for):
    *_, in_speech, _elsewhere = library
    (result,) = clips_for_library(user=world.rep, query="budget")
    assert "<mark>budget</mark>" in result.snippet
    assert result.at_seconds == 5.5  # the 12th word, half a second each
    html = client_for(world.rep).get(reverse("library_home") + "?q=budget").content.decode()
    assert f"/library/clips/{in_speech.id}/?t=5.5" in html and "<mark>budget</mark>" in html


def test_a_corrected_transcript_is_searchable_at_once(world, library, client_for):
    in_title, *_ = library
    client_for(world.rep).post(
        reverse("clip_transcript", args=[in_title.id]),
        {"text": "we talked about the procurement first"},
    )
    assert [r.clip.id for r in clips_for_library(user=world.rep, query="procurement")] == [
        in_title.id
    ]


def test_punctuation_and_quotes_in_a_query_are_harmless(world, library):
    assert clips_for_library(user=world.rep, query='"pricing" OR (AND) -- ;') != []
    assert clips_for_library(user=world.rep, query="!!!") == []


def test_library_search_query_count_does_not_grow(
    world, library, client_for, django_assert_num_queries
):
    client = client_for(world.rep)
    client.get(reverse("library_home"))  # warm the session
    # session, user, team ids, full-text hits, visible clips, their helpful counts,
    # transcripts, situations, teams and authors for the filters, nav (managed teams, unread).
    with django_assert_num_queries(12):
        client.get(reverse("library_home") + "?q=pricing")


def test_the_newest_clips_come_a_page_at_a_time_with_their_helpful_counts(
    world, library, client_for
):
    from library.services import helpful_toggle

    in_title, *_ = library
    helpful_toggle(clip=in_title, user=world.manager, on=True)
    client = client_for(world.rep)
    first = client.get(reverse("library_home")).content.decode()
    assert "1 found it helpful" in first and "Older clips" not in first  # all on one page
    from library import selectors

    page = selectors.clips_for_library(user=world.rep, limit=1)
    assert len(page) == 1 and page[0].more_after
    second = selectors.clips_for_library(user=world.rep, limit=1, page=2)
    assert second[0].clip != page[0].clip
    assert client.get(reverse("library_home"), {"page": "x"}).status_code == 200


def test_filters_by_tag_author_team_and_date(world, library, client_for):
    from datetime import timedelta

    from django.utils import timezone

    in_title, in_tags, in_speech, _ = library
    Clip.objects.filter(id=in_speech.id).update(created_at=timezone.now() - timedelta(days=40))
    client = client_for(world.rep)

    def titles(**params):
        html = client.get(reverse("library_home"), params).content.decode()
        return {c.title for c in (in_title, in_tags, in_speech) if c.title in html}

    assert titles(tag="pricing") == {"Champion call"}
    assert titles(author=world.admin.id) == {"Discovery with a CFO"}
    assert titles(team=world.alpha.id) == {
        "Handling a pricing objection",
        "Champion call",
        "Discovery with a CFO",
    }
    assert titles(since=30) == {"Handling a pricing objection", "Champion call"}
    assert titles(q="pricing", since=30) == {"Handling a pricing objection", "Champion call"}
    assert titles(author="bogus") == titles()  # a bad value is ignored, not an error
