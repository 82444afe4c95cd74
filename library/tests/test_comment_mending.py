"""Feedback can be edited or deleted by its author for 15 minutes after posting; then the
buttons are gone and the server refuses with a clear message, keeping what was typed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from conftest import make_person, uploaded_clip
from library import services
from library.access import COMMENT_CHANGE_MINUTES
from library.models import Clip, ClipState, Comment


@pytest.fixture
def clip(world, tmp_path):
    clip = uploaded_clip(world.rep, world.alpha, tmp_path)
    Clip.objects.filter(id=clip.id).update(state=ClipState.READY, duration=90)
    clip.refresh_from_db()
    return clip


@pytest.fixture
def comment(world, clip):
    return services.comment_add(
        clip=clip, author=world.manager, text="You paused before the price.", at_seconds=12
    )


def _age(comment, minutes: float) -> None:
    Comment.objects.filter(id=comment.id).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_the_author_edits_their_feedback_in_place(world, clip, comment, client_for):
    page = client_for(world.manager).get(reverse("clip_detail", args=[clip.id])).content.decode()
    assert reverse("comment_edit", args=[comment.id]) in page
    assert reverse("comment_delete", args=[comment.id]) in page
    response = client_for(world.manager).post(
        reverse("comment_edit", args=[comment.id]),
        {"text": "You paused two seconds before the price, and they filled the silence."},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith('<div id="comments">')
    assert "they filled the silence" in html and "You paused before the price.</li>" not in html
    comment.refresh_from_db()
    assert comment.text.endswith("they filled the silence.") and comment.at_seconds == 12


def test_the_author_deletes_their_feedback(world, clip, comment, client_for):
    response = client_for(world.manager).post(reverse("comment_delete", args=[comment.id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("clip_detail", args=[clip.id]) + "#comments"
    assert not Comment.objects.exists()
    services.comment_notify(comment_id=comment.id)  # the queued email finds nothing to send
    assert mail.outbox == []


def test_after_fifteen_minutes_the_buttons_are_gone_and_the_server_refuses(
    world, clip, comment, client_for
):
    _age(comment, COMMENT_CHANGE_MINUTES + 1)
    client = client_for(world.manager)
    page = client.get(reverse("clip_detail", args=[clip.id])).content.decode()
    assert "You paused before the price." in page
    assert reverse("comment_edit", args=[comment.id]) not in page
    assert reverse("comment_delete", args=[comment.id]) not in page

    # A page left open past the window: the save is refused, the new words kept in the box.
    typed = "Correction: you paused three seconds."
    response = client.post(reverse("comment_edit", args=[comment.id]), {"text": typed})
    html = response.content.decode()
    assert response.status_code == 400
    assert "can be edited or deleted for 15 minutes after posting" in html
    assert f">{typed}</textarea>" in html  # ready to post as a new comment
    response = client.post(reverse("comment_delete", args=[comment.id]))
    assert response.status_code == 400 and "Add a new comment to correct it" in (
        response.content.decode()
    )
    comment.refresh_from_db()
    assert comment.text == "You paused before the price."


def test_just_inside_the_window_an_edit_is_taken(world, comment, client_for):
    _age(comment, COMMENT_CHANGE_MINUTES - 0.5)
    client_for(world.manager).post(reverse("comment_edit", args=[comment.id]), {"text": "Fixed."})
    comment.refresh_from_db()
    assert comment.text == "Fixed."


def test_an_empty_edit_is_refused_and_the_comment_kept(world, clip, comment, client_for):
    response = client_for(world.manager).post(
        reverse("comment_edit", args=[comment.id]), {"text": "   "}
    )
    assert response.status_code == 400
    assert "Write your feedback, or delete it." in response.content.decode()
    comment.refresh_from_db()
    assert comment.text == "You paused before the price."


@pytest.mark.parametrize("persona", ["clip_author", "teammate", "admin", "other_rep", "outsider"])
def test_nobody_else_edits_or_deletes_feedback(persona, world, clip, comment, client_for):
    teammate = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    account_services.membership_set(team=world.alpha, person=teammate, role="rep")
    person = {"clip_author": world.rep, "teammate": teammate}.get(persona) or world.persona(persona)
    # Those who see the clip get 403 (the clip's own author included); the others 404.
    expected = 404 if persona in ("other_rep", "outsider") else 403
    client = client_for(person)
    edit = client.post(reverse("comment_edit", args=[comment.id]), {"text": "Rewritten"})
    assert edit.status_code == expected
    assert client.post(reverse("comment_delete", args=[comment.id])).status_code == expected
    comment.refresh_from_db()
    assert comment.text == "You paused before the price."
    if expected == 403:
        page = client.get(reverse("clip_detail", args=[clip.id])).content.decode()
        assert reverse("comment_edit", args=[comment.id]) not in page


def test_edit_and_delete_are_post_only(world, comment, client_for):
    client = client_for(world.manager)
    assert client.get(reverse("comment_edit", args=[comment.id])).status_code == 405
    assert client.get(reverse("comment_delete", args=[comment.id])).status_code == 405
    assert Comment.objects.filter(id=comment.id).exists()
