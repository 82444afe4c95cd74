"""Upload, probe, transcode and transcribe real generated media with known spoken words."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import clip_bytes, uploaded_clip
from library import services
from library.models import Clip, ClipState, Transcript, Upload
from ops.models import WorkerHeartbeat
from ops.services import heartbeat_beat, tasks_requeue_orphans

SPOKEN = "Our champion joined the pricing call and the compliance questions were answered."


def _http_upload(client, data: bytes, *, name="take.webm", chunk=32 * 1024, kind="video/webm"):
    answer = client.post(
        reverse("upload_create"), {"filename": name, "size": len(data), "type": kind}
    ).json()
    assert answer["ok"], answer
    upload_id = answer["id"]
    for offset in range(0, len(data), chunk):
        response = client.put(
            reverse("upload_chunk", args=[upload_id]) + f"?offset={offset}",
            data=data[offset : offset + chunk],
            content_type="application/octet-stream",
        )
        assert response.status_code == 200
    return upload_id


def _finish(client, upload_id, team, **values):
    form = {
        "title": "How I handled compliance",
        "team": team.id,
        "visibility": "team",
        "tags": "compliance",
    } | values
    return client.post(reverse("upload_finish", args=[upload_id]), form)


@pytest.mark.django_db(transaction=True)
def test_a_spoken_clip_goes_from_upload_to_ready_and_is_found_by_a_spoken_word(
    world, client_for, run_worker, settings
):
    settings.TRANSCRIBE_MODEL = "base"  # the default model, end to end
    client = client_for(world.rep)
    upload_id = _http_upload(client, clip_bytes(SPOKEN))
    answer = _finish(client, upload_id, world.alpha).json()
    assert answer["ok"], answer
    clip = Clip.objects.get()
    assert clip.state == ClipState.UPLOADED and clip.duration > 3
    page = client.get(answer["url"]).content.decode()
    assert "Waiting for a worker" in page and 'hx-trigger="every 2s"' in page

    run_worker()
    clip.refresh_from_db()
    assert clip.state == ClipState.READY, clip.failure
    words = [w["text"].strip(".,").lower() for w in clip.transcript.words]
    assert {"champion", "pricing", "compliance"} <= set(words)
    assert all(w["end"] >= w["start"] and 0 < w["p"] <= 1 for w in clip.transcript.words)
    # The stretches of speech heard in the audio hold the words; pace and pauses come from them.
    spans = clip.transcript.speech
    assert spans and all(a < b for a, b in spans)
    assert spans[0][0] <= clip.transcript.words[0]["start"] + 0.3
    assert "as heard in the audio" in client.get(answer["url"]).content.decode()

    found = client_for(world.manager).get(reverse("library_home") + "?q=champion")
    assert "How I handled compliance" in found.content.decode()
    nothing = client_for(world.manager).get(reverse("library_home") + "?q=kangaroo")
    assert "How I handled compliance" not in nothing.content.decode()

    video = client.get(reverse("clip_media", args=[clip.id, "video"]), HTTP_RANGE="bytes=0-99")
    assert video.status_code == 206 and video["Content-Range"].startswith("bytes 0-99/")
    assert b"ftyp" in b"".join(video.streaming_content)
    poster = client.get(reverse("clip_media", args=[clip.id, "poster"]))
    assert poster.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_upload_resumes_from_where_the_server_stopped(world, client_for):
    client = client_for(world.rep)
    data = clip_bytes(SPOKEN)
    got, sent = len(data) // 4, len(data) // 2
    upload_id = client.post(
        reverse("upload_create"), {"filename": "t.webm", "size": len(data), "type": "video/webm"}
    ).json()["id"]
    url = reverse("upload_chunk", args=[upload_id])
    client.put(url + "?offset=0", data=data[:got], content_type="application/octet-stream")
    # The connection dropped after the server got `got` bytes; the client thought it sent more.
    stale = client.put(
        url + f"?offset={sent}", data=data[sent:], content_type="application/octet-stream"
    )
    assert stale.status_code == 409 and stale.json()["received"] == got
    assert client.get(url).json() == {"ok": True, "received": got, "size": len(data)}
    client.put(url + f"?offset={got}", data=data[got:], content_type="application/octet-stream")
    assert _finish(client, upload_id, world.alpha).json()["ok"]
    assert Clip.objects.get().original.size == len(data)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: b"%PDF-1.4 this is a deck, not a video" * 100, "not a video we can read"),
        (lambda: clip_bytes()[: len(clip_bytes()) // 2], "cut off before the end"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_left_behind(
    world, client_for, settings, make, message
):
    client = client_for(world.rep)
    data = make()
    upload_id = client.post(
        reverse("upload_create"), {"filename": "bad.webm", "size": len(data), "type": "video/webm"}
    ).json()["id"]
    # Checked the moment the last byte arrives, before the rep has typed the details.
    response = client.put(
        reverse("upload_chunk", args=[upload_id]) + "?offset=0",
        data=data,
        content_type="application/octet-stream",
    )
    assert response.status_code == 400
    assert message in response.json()["error"] and response.json()["discarded"]
    assert not Upload.objects.exists() and not Clip.objects.exists()
    assert list(settings.UPLOAD_PARTS_DIR.iterdir()) == []


def test_an_oversized_file_is_refused_before_any_byte_is_sent(world, client_for, settings):
    settings.CLIP_MAX_BYTES = 1024 * 1024
    response = client_for(world.rep).post(
        reverse("upload_create"),
        {"filename": "big.mp4", "size": 5 * 1024 * 1024, "type": "video/mp4"},
    )
    assert response.status_code == 400 and "over 1 MB" in response.json()["error"]


def test_a_clip_over_the_organisations_length_limit_is_refused(world, client_for):
    world.org.clip_max_seconds = 1
    world.org.save(update_fields=["clip_max_seconds"])
    client = client_for(world.rep)
    upload_id = _http_upload(client, clip_bytes(SPOKEN))
    response = _finish(client, upload_id, world.alpha)
    assert "the limit here is 1 s" in response.json()["error"]
    assert not Clip.objects.exists()


def test_missing_details_keep_the_upload_for_another_try(world, client_for):
    client = client_for(world.rep)
    upload_id = _http_upload(client, clip_bytes())
    response = _finish(client, upload_id, world.alpha, title="")
    assert response.status_code == 400 and response.json()["field"] == "title"
    assert response.json()["discarded"] is False
    assert Upload.objects.filter(id=upload_id).exists()
    assert _finish(client, upload_id, world.alpha).json()["ok"]


def test_abandoned_uploads_are_cleaned_up(world, settings):
    upload = services.upload_start(
        user=world.rep, filename="a.webm", size=100, content_type="video/webm"
    )
    Upload.objects.filter(id=upload.id).update(updated_at=timezone.now() - timedelta(days=2))
    fresh = services.upload_start(
        user=world.rep, filename="b.webm", size=100, content_type="video/webm"
    )
    assert services.uploads_cleanup() == 1
    assert list(Upload.objects.values_list("id", flat=True)) == [fresh.id]
    assert [p.name for p in settings.UPLOAD_PARTS_DIR.iterdir()] == [f"{fresh.id}.part"]


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_died_runs_again(world, tmp_path, run_worker):
    clip = uploaded_clip(world.rep, world.alpha, tmp_path, text=SPOKEN)
    task = DBTaskResult.objects.get()
    heartbeat_beat(worker_id="killed-worker")
    task.claim("killed-worker")
    Clip.objects.filter(id=clip.id).update(state=ClipState.PROCESSING)
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - timedelta(minutes=5))
    assert tasks_requeue_orphans() == 1
    run_worker()
    clip.refresh_from_db()
    assert clip.state == ClipState.READY and clip.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_clip_says_why_and_the_retry_button_runs_it_again(
    world, tmp_path, client_for, run_worker
):
    clip = uploaded_clip(world.rep, world.alpha, tmp_path, text=SPOKEN)
    good = clip.original.read()
    clip.original.close()
    with clip.original.open("wb") as broken:
        broken.write(b"garbage" * 100)
    run_worker()
    clip.refresh_from_db()
    assert clip.state == ClipState.FAILED and "not a video we can read" in clip.failure
    page = client_for(world.rep).get(reverse("clip_detail", args=[clip.id])).content.decode()
    assert "Try again" in page and "not a video we can read" in page
    with clip.original.open("wb") as repaired:
        repaired.write(good)
    client_for(world.rep).post(reverse("clip_retry", args=[clip.id]))
    run_worker()
    clip.refresh_from_db()
    assert clip.state == ClipState.READY


@pytest.mark.django_db(transaction=True)
def test_a_transcript_corrected_by_its_author_survives_a_new_run(
    world, tmp_path, client_for, run_worker
):
    clip = uploaded_clip(world.rep, world.alpha, tmp_path, text=SPOKEN)
    run_worker()
    words = len(Transcript.objects.get(clip=clip).words)
    corrected = " ".join(["Acme"] + ["word"] * (words - 1))
    client_for(world.rep).post(reverse("clip_transcript", args=[clip.id]), {"text": corrected})
    Clip.objects.filter(id=clip.id).update(state=ClipState.UPLOADED)
    services.clip_process(clip_id=clip.id)
    transcript = Transcript.objects.get(clip=clip)
    assert transcript.text == corrected and transcript.edited_by == world.rep
    assert transcript.words[0]["text"] == "Acme" and transcript.words[0]["end"] > 0
    other = client_for(world.manager).post(
        reverse("clip_transcript", args=[clip.id]), {"text": "hijack"}
    )
    assert other.status_code == 403


def test_a_team_clip_is_hidden_from_other_teams_until_shared_with_everyone(
    world, tmp_path, client_for
):
    clip = uploaded_clip(world.rep, world.alpha, tmp_path)
    url = reverse("clip_detail", args=[clip.id])
    assert client_for(world.other_rep).get(url).status_code == 404
    Clip.objects.filter(id=clip.id).update(visibility="organisation")
    assert client_for(world.other_rep).get(url).status_code == 200
    assert client_for(world.outsider).get(url).status_code == 404


def test_the_teams_vocabulary_goes_to_the_transcriber_as_hot_words(world):
    from vocabulary import services as vocabulary

    vocabulary.term_propose(user=world.manager, name="Northwind", definition="Our account.")
    vocabulary.term_propose(user=world.rep, name="Kangaroo clause", definition="Not approved.")
    hotwords = services._hotwords(world.org.id)
    assert "Northwind" in hotwords and "Kangaroo" not in hotwords  # approved terms only
    for n in range(60):
        vocabulary.term_propose(user=world.manager, name=f"Product line {n}", definition="One.")
    capped = services._hotwords(world.org.id)
    assert len(capped) <= services.HOTWORDS_CHARS and not capped.endswith(",")
    from vocabulary.models import Term

    names = set(Term.objects.filter(organisation=world.org).values_list("name", flat=True))
    assert all(name.strip() in names for name in capped.split(","))  # never half a name


@pytest.mark.django_db(transaction=True)
def test_a_clip_is_watchable_and_searchable_as_soon_as_its_transcript_is_saved(
    world, tmp_path, client_for, monkeypatch
):
    """The video for every device is still being made (held here until the test has looked):
    the transcript, the metrics and search are there already, the original plays, and the page
    shows each stage. When the video is stored, the player takes it."""
    import threading

    real_convert, gate = services._convert, threading.Event()

    def held_convert(*args):
        assert gate.wait(60)
        real_convert(*args)

    monkeypatch.setattr(services, "_convert", held_convert)
    clip = uploaded_clip(world.rep, world.alpha, tmp_path, title="Pricing talk", text=SPOKEN)
    worker = threading.Thread(target=services.clip_process, kwargs={"clip_id": clip.id})
    worker.start()
    try:
        for _ in range(600):
            clip.refresh_from_db()
            if clip.state not in (ClipState.UPLOADED, ClipState.PROCESSING):
                break
            worker.join(0.1)
        assert clip.state == ClipState.READY and not clip.video and not clip.poster
        manager = client_for(world.manager)
        found = manager.get(reverse("library_home") + "?q=champion").content.decode()
        assert "Pricing talk" in found
        page = manager.get(reverse("clip_detail", args=[clip.id])).content.decode()
        assert "compliance" in page.lower() and "How it was said" in page
        assert "search finds it" in page and "Making the video for every device" in page
        assert "data-original" in page and 'hx-trigger="every 2s"' in page
        played = manager.get(reverse("clip_media", args=[clip.id, "video"]))
        assert played["Content-Type"] == "video/webm"  # the original, until the MP4 is stored
        assert manager.get(reverse("clip_media", args=[clip.id, "poster"])).status_code == 404
        # The status line changes without reloading a page that may be playing the original.
        status = manager.get(
            reverse("clip_status", args=[clip.id]) + "?was=ready", HTTP_HX_REQUEST="true"
        )
        assert "HX-Refresh" not in status and "Making the video" in status.content.decode()
        waited = manager.get(
            reverse("clip_status", args=[clip.id]) + "?was=processing", HTTP_HX_REQUEST="true"
        )
        assert waited["HX-Refresh"] == "true"  # the transcript has arrived: show it
    finally:
        gate.set()
        worker.join(120)
    clip.refresh_from_db()
    assert clip.state == ClipState.READY and clip.video and clip.poster
    page = client_for(world.manager).get(reverse("clip_detail", args=[clip.id])).content.decode()
    assert "data-original" not in page and "every 2s" not in page
    video = client_for(world.manager).get(reverse("clip_media", args=[clip.id, "video"]))
    assert video["Content-Type"] == "video/mp4"


@pytest.mark.django_db(transaction=True)
def test_a_clip_whose_worker_died_before_its_video_was_made_gets_its_video(
    world, tmp_path, run_worker
):
    clip = uploaded_clip(world.rep, world.alpha, tmp_path, text=SPOKEN)
    task = DBTaskResult.objects.get()
    heartbeat_beat(worker_id="killed-worker")
    task.claim("killed-worker")
    Clip.objects.filter(id=clip.id).update(state=ClipState.READY)  # heard, then the worker died
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - timedelta(minutes=5))
    assert tasks_requeue_orphans() == 1
    run_worker()
    clip.refresh_from_db()
    assert clip.state == ClipState.READY and clip.video and clip.poster
