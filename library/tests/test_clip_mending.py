"""Authors mend what they posted: the title, tags and who can watch a clip, or delete it with
its files, its search entry and everything on it. Nobody else may (run on both engines)."""

import threading
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts import services as account_services
from conftest import make_person, uploaded_clip
from library import services
from library.models import Clip, ClipState, Comment, Helpful, Transcript, Upload
from library.selectors import clips_for_library
from media.transcribe import Word

SPOKEN = "we named the cost of waiting before the price"


def _indexed(clip_id: int) -> int:
    """Rows the search table holds for a clip (read directly: searches join to live clips, so a
    stale row would not show in results)."""
    column = "clip_id" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM library_clip_fts WHERE {column} = %s", [clip_id])  # noqa: S608
        return cursor.fetchone()[0]


def _ready(clip: Clip) -> Clip:
    """A processed clip without running the pipeline: stored video and poster, a transcript,
    its search entry."""
    clip.video.save("clip.mp4", ContentFile(b"converted video"), save=False)
    clip.poster.save("poster.jpg", ContentFile(b"poster"), save=False)
    clip.state = ClipState.READY
    clip.save(update_fields=["video", "poster", "state"])
    words = [Word(i * 0.5, i * 0.5 + 0.4, w, 0.9) for i, w in enumerate(SPOKEN.split())]
    transcript = services.transcript_save(clip=clip, words=words, model="test")
    services.clip_index(clip=clip, transcript_text=transcript.text)
    return clip


@pytest.fixture
def clip(world, tmp_path):
    return _ready(uploaded_clip(world.rep, world.alpha, tmp_path, title="Compliance answers"))


@pytest.fixture
def teammate(world):
    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    account_services.membership_set(team=world.alpha, person=cleo, role="rep")
    return cleo


def _found(user, query: str) -> list[int]:
    return [r.clip.id for r in clips_for_library(user=user, query=query)]


def test_the_author_renames_retags_and_shares_wider_and_search_follows(world, clip, client_for):
    page = client_for(world.rep).get(reverse("clip_detail", args=[clip.id])).content.decode()
    assert reverse("clip_edit", args=[clip.id]) in page
    form = client_for(world.rep).get(reverse("clip_edit", args=[clip.id])).content.decode()
    assert 'value="Compliance answers"' in form and 'value="compliance, soc2"' in form

    response = client_for(world.rep).post(
        reverse("clip_edit", args=[clip.id]),
        {
            "title": "  Procurement   walkthrough ",
            "tags": "Legal, #procurement, legal",
            "visibility": "organisation",
        },
    )
    assert response.status_code == 302
    clip.refresh_from_db()
    assert clip.title == "Procurement walkthrough" and clip.tags == ["legal", "procurement"]
    assert _found(world.rep, "walkthrough") == [clip.id]
    assert _found(world.rep, "legal") == [clip.id]
    assert _found(world.rep, "compliance") == []  # the old title and tags are gone from search
    assert _found(world.rep, "waiting") == [clip.id]  # what was said is still found
    # Shared with everyone: another team now watches it and finds it.
    assert (
        client_for(world.other_rep).get(reverse("clip_detail", args=[clip.id])).status_code == 200
    )
    assert _found(world.other_rep, "procurement") == [clip.id]


def test_back_to_the_team_hides_it_from_other_teams_again(world, clip, client_for):
    Clip.objects.filter(id=clip.id).update(visibility="organisation")
    client_for(world.rep).post(
        reverse("clip_edit", args=[clip.id]),
        {"title": clip.title, "tags": "", "visibility": "team"},
    )
    assert (
        client_for(world.other_rep).get(reverse("clip_detail", args=[clip.id])).status_code == 404
    )
    assert _found(world.other_rep, "compliance") == []


def test_a_missing_title_is_refused_with_what_was_typed_kept(world, clip, client_for):
    response = client_for(world.rep).post(
        reverse("clip_edit", args=[clip.id]),
        {"title": "   ", "tags": "renewal, upsell", "visibility": "organisation"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give the clip a title." in html and 'value="renewal, upsell"' in html
    assert 'value="organisation" required id="id_visibility_1" checked' in html
    clip.refresh_from_db()
    assert clip.title == "Compliance answers" and clip.visibility == "team"


def test_the_author_deletes_a_clip_with_its_files_and_everything_on_it(
    world, clip, client_for, settings, django_capture_on_commit_callbacks
):
    services.comment_add(clip=clip, author=world.manager, text="Good pause.", at_seconds=1)
    services.helpful_toggle(clip=clip, user=world.manager, on=True)
    stored = [Path(settings.MEDIA_ROOT) / f.name for f in (clip.original, clip.video, clip.poster)]
    assert all(path.exists() for path in stored) and _indexed(clip.id) == 1
    assert Upload.objects.filter(clip=clip).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.rep).post(reverse("clip_delete", args=[clip.id]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("library_home")
    assert "“Compliance answers” is deleted" in response.content.decode()
    assert not any(path.exists() for path in stored)
    assert _indexed(clip.id) == 0
    assert _found(world.rep, "waiting") == [] and _found(world.manager, "compliance") == []
    assert not Clip.objects.exists() and not Transcript.objects.exists()
    assert not Comment.objects.exists() and not Helpful.objects.exists()
    # Its upload record goes too: it would otherwise count as an upload in progress.
    assert not Upload.objects.exists()
    assert client_for(world.rep).get(reverse("clip_detail", args=[clip.id])).status_code == 404


@pytest.mark.parametrize("persona", ["teammate", "manager", "admin", "other_rep", "outsider"])
def test_nobody_but_the_author_edits_or_deletes_a_clip(persona, world, clip, teammate, client_for):
    person = teammate if persona == "teammate" else world.persona(persona)
    # Those who may watch it get 403; those who may not (another team, organisation) 404.
    expected = 404 if persona in ("other_rep", "outsider") else 403
    client = client_for(person)
    assert client.get(reverse("clip_edit", args=[clip.id])).status_code == expected
    edit = {"title": "Hijacked", "tags": "", "visibility": "organisation"}
    assert client.post(reverse("clip_edit", args=[clip.id]), edit).status_code == expected
    assert client.post(reverse("clip_delete", args=[clip.id])).status_code == expected
    clip.refresh_from_db()
    assert clip.title == "Compliance answers" and clip.visibility == "team"
    if expected == 403:
        page = client.get(reverse("clip_detail", args=[clip.id])).content.decode()
        assert reverse("clip_edit", args=[clip.id]) not in page


def test_delete_is_post_only(world, clip, client_for):
    assert client_for(world.rep).get(reverse("clip_delete", args=[clip.id])).status_code == 405
    assert Clip.objects.filter(id=clip.id).exists()


def _process_with(monkeypatch, midway, *, after="_listen"):
    """Run the real pipeline, calling `midway` once the words are heard (`_listen`) or once they
    are saved and the clip is searchable while its video is made (`_heard_save`), as if the
    author acted while the worker was busy."""
    real = getattr(services, after)

    def then(*args, **kwargs):
        done = real(*args, **kwargs)
        midway()
        return done

    monkeypatch.setattr(services, after, then)


@pytest.mark.parametrize("after", ["_listen", "_heard_save"])
def test_a_clip_deleted_while_processed_stays_deleted_and_leaves_no_files(
    world, tmp_path, settings, monkeypatch, django_capture_on_commit_callbacks, after
):
    clip = uploaded_clip(world.rep, world.alpha, tmp_path, text="We talked about the renewal.")
    _process_with(monkeypatch, lambda: services.clip_delete(clip=clip), after=after)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.clip_process(clip_id=clip.id) is None
    files = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert files == [] and _indexed(clip.id) == 0
    assert not Clip.objects.exists() and not Transcript.objects.exists()


def test_a_clip_renamed_while_processed_is_found_by_its_new_title(world, tmp_path, monkeypatch):
    clip = uploaded_clip(world.rep, world.alpha, tmp_path, title="Draft title", text="Hello.")
    _process_with(
        monkeypatch,
        lambda: services.clip_edit(clip=clip, title="Renewal rescue", tags="", visibility="team"),
    )
    done = services.clip_process(clip_id=clip.id)
    assert done.state == ClipState.READY and done.title == "Renewal rescue"
    assert _found(world.rep, "renewal") == [clip.id] and _found(world.rep, "draft") == []


@pytest.mark.django_db(transaction=True)
def test_two_deletes_at_once_delete_once_and_nobody_sees_an_error_page(world, tmp_path, settings):
    clip = _ready(uploaded_clip(world.rep, world.alpha, tmp_path))
    stored = [Path(settings.MEDIA_ROOT) / f.name for f in (clip.original, clip.video, clip.poster)]
    url = reverse("clip_delete", args=[clip.id])
    clients = []
    for _ in range(3):
        client = Client()
        client.force_login(world.rep)
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    answers = [None] * len(clients)

    def tap(index):
        try:
            barrier.wait()
            answers[index] = clients[index].post(url)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # The first deletes; a later tap is told it is gone already (or finds no such clip).
    assert all(a is not None and a.status_code in (302, 404) for a in answers), answers
    assert any(a.status_code == 302 for a in answers)
    assert not Clip.objects.exists() and _indexed(clip.id) == 0
    assert not any(path.exists() for path in stored)
