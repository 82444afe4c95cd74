"""Abstract feedback gets a nudge before it is posted; the clip page shows speaking metrics."""

import pytest
from django.urls import reverse

from conftest import uploaded_clip
from library import services
from library.models import Clip, ClipState, Comment
from media.transcribe import Word


@pytest.fixture
def ready_clip(world, tmp_path):
    clip = uploaded_clip(world.rep, world.alpha, tmp_path)
    # 60 words in 20 s (180 wpm), with "um" three times close together and one question.
    text = "so um I uh asked um what would a delay cost you? " + " ".join(["then"] * 50)
    words = [Word(i / 3, i / 3 + 0.25, w, 0.9) for i, w in enumerate(text.split())]
    Clip.objects.filter(id=clip.id).update(state=ClipState.READY, duration=21)
    clip.refresh_from_db()
    services.transcript_save(clip=clip, words=words, model="test")
    return clip


def _comment(client, clip, text, **extra):
    return client.post(
        reverse("clip_comment", args=[clip.id]),
        {"text": text, "at_seconds": "4.0", **extra},
        HTTP_HX_REQUEST="true",
    )


def test_abstract_feedback_is_held_with_a_concrete_alternative(world, ready_clip, client_for):
    html = _comment(client_for(world.manager), ready_clip, "Great job, be more confident").content
    html = html.decode()
    assert Comment.objects.count() == 0
    assert "Could it be more concrete?" in html
    assert "What did you see or hear?" in html
    assert "Name the situation, what was done or said, and its impact." in html
    assert "Great job, be more confident</textarea>" in html  # kept for editing
    assert 'name="post_anyway"' in html


def test_the_author_can_post_abstract_feedback_anyway(world, ready_clip, client_for):
    _comment(client_for(world.manager), ready_clip, "Great job", post_anyway="1")
    assert list(Comment.objects.values_list("text", flat=True)) == ["Great job"]


def test_concrete_feedback_is_posted_at_once(world, ready_clip, client_for):
    html = _comment(
        client_for(world.manager), ready_clip, "You paused after the price, so they spoke first."
    ).content.decode()
    assert Comment.objects.count() == 1
    assert "Could it be more concrete?" not in html


def test_without_htmx_the_nudge_comes_on_the_page_with_the_text_kept(world, ready_clip, client_for):
    response = client_for(world.manager).post(
        reverse("clip_comment", args=[ready_clip.id]), {"text": "Nice work"}
    )
    assert response.status_code == 200
    assert "Nice work</textarea>" in response.content.decode()
    assert Comment.objects.count() == 0


def test_clip_page_shows_speaking_metrics_with_directives_and_moments(
    world, ready_clip, client_for
):
    html = client_for(world.manager).get(reverse("clip_detail", args=[ready_clip.id])).content
    html = html.decode()
    assert "How it was said" in html
    assert "Slow down to 140-160 words a minute: you spoke at 181" in html
    assert "timeline__mark--fillers" in html
    assert "timeline__mark--question" in html
    assert "timeline__mark--monologue" in html
