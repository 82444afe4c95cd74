"""The bad inputs found when the product was tried, each answered clearly at the right depth."""

import json
import shutil

import av
import numpy as np
import pytest
from django.core import mail
from django.urls import reverse

from coaching import kpi_import
from coaching import services as coaching
from codev.models import CalendarFeed, Case
from conftest import COMPLETE_CASE, open_session, upload_file
from library import services as library_services
from library.models import Clip
from meetings import services as meetings
from meetings.models import Meeting


def test_extending_by_nan_or_infinity_seconds_is_refused_and_the_clock_is_kept(world, client_for):
    _, meeting = open_session(world)
    meetings.meeting_move(meeting_id=meeting.id, actor=world.manager, move="start")
    meeting.refresh_from_db()
    before = meeting.state
    client = client_for(world.manager)
    for junk in ("nan", "inf", "-inf", "1e309", "abc"):
        response = client.post(
            reverse("meeting_move", args=[meeting.id]), {"move": "extend", "seconds": junk}
        )
        assert response.status_code == 400 and "number of seconds" in response.json()["error"]
    assert Meeting.objects.get(id=meeting.id).state == before


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "https://elsewhere.example/", "//elsewhere.example/x"]
)
def test_after_updating_an_action_next_never_leaves_the_site(world, client_for, target):
    from conftest import live_session_with_an_action

    _, _, action = live_session_with_an_action(world)
    response = client_for(world.rep).post(
        reverse("action_update", args=[action.id]), {"status": "done", "next": target}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    response = client_for(world.rep).post(
        reverse("action_update", args=[action.id]), {"status": "done", "next": "/cases/"}
    )
    assert response["Location"] == "/cases/"


def test_a_csv_with_old_mac_line_ends_is_read():
    records, problems = kpi_import.read_csv(
        b"email,kpi,period,value\rrita@acme.test,Calls,2026-09,12\rrita@acme.test,Calls,2026-10,9"
    )
    assert problems == [] and [r["value"] for r in records] == ["12", "9"]


def test_a_csv_with_a_huge_field_says_which_line_and_what_to_do():
    data = b"email,kpi,period,value\nrita@acme.test,Calls,2026-09," + b'"' + b"9" * 140_000 + b'"\n'
    records, problems = kpi_import.read_csv(data)
    assert records == [] and problems[0][0] == 2
    assert "cannot be read as CSV" in problems[0][1] and "at most" in problems[0][1]


def test_a_deeply_nested_json_body_is_refused_with_the_expected_shape(world, client):
    _, secret = coaching.token_create(organisation=world.org, name="CRM", actor=world.admin)
    body = '{"values": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post(
        reverse("kpi_values_api"),
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 400 and "Send JSON like" in response.json()["error"]
    assert json.loads(response.content)["ok"] is False


def test_nul_bytes_and_bare_carriage_returns_are_cleaned_from_what_is_typed(world, client_for):
    response = client_for(world.rep).post(
        reverse("case_new", args=[world.alpha.id]),
        COMPLETE_CASE | {"title": "CFO\x00 stalls", "tried": "A discount.\rA phased rollout."},
    )
    assert response.status_code in (200, 302)
    case = Case.objects.get()
    assert case.title == "CFO stalls" and case.tried == "A discount.\nA phased rollout."


def test_a_name_typed_with_a_line_break_neither_loses_an_email_nor_breaks_a_calendar(
    world, client_for, tmp_path, run_worker, django_capture_on_commit_callbacks
):
    world.manager.full_name = "Max\r\nBcc: someone@evil.test"
    world.manager.save(update_fields=["full_name"])
    world.alpha.name = "Alpha\rSellers"
    world.alpha.save(update_fields=["name"])
    clip = Clip.objects.get(id=_clip(world, tmp_path).id)
    with django_capture_on_commit_callbacks(execute=True):
        library_services.comment_add(
            clip=clip, author=world.manager, text="Nice pause", at_seconds=1
        )
    run_worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Max Bcc: someone@evil.test commented on")
    session, _ = open_session(world)
    feed = CalendarFeed.objects.create(user=world.rep)
    calendar = client_for(None).get(reverse("calendar_feed", args=[feed.token])).content.decode()
    assert f"UID:codev-session-{session.id}@roundtable" in calendar
    assert "SUMMARY:Co-development: Alpha\\nSellers (" in calendar  # the break, escaped
    headers = mail.outbox[0].message().as_string().split("\n\n")[0]
    assert mail.outbox[0].bcc == [] and not any(
        line.startswith("Bcc:") for line in headers.splitlines()
    )
    assert "\r" not in calendar.replace("\r\n", "")


def _clip(world, folder):
    from conftest import uploaded_clip

    return uploaded_clip(world.rep, world.alpha, folder)


def _silent_mp4(path):
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(50):
            image = np.full((48, 64, 3), i * 4 % 255, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def test_a_video_without_sound_becomes_a_clip_that_says_so(
    world, tmp_path, client_for, run_worker, django_capture_on_commit_callbacks
):
    upload = upload_file(world.rep, _silent_mp4(tmp_path / "screen.mp4"))
    with django_capture_on_commit_callbacks(execute=True):
        clip = library_services.upload_finish(
            upload=upload, actor=world.rep, team=world.alpha, values={"title": "Demo"}
        )
    run_worker()
    clip.refresh_from_db()
    assert (clip.state, clip.silent, clip.failure) == ("ready", True, "")
    html = client_for(world.rep).get(reverse("clip_detail", args=[clip.id])).content.decode()
    assert "no sound track" in html


def test_the_type_of_a_stored_file_comes_from_the_probe_not_the_browser(
    world, tmp_path, client_for
):
    path = _silent_mp4(tmp_path / "a.mp4")
    shutil.copy(path, tmp_path / "talk.html")
    data = (tmp_path / "talk.html").read_bytes()
    upload = library_services.upload_start(
        user=world.rep, filename="talk.html", size=len(data), content_type="video/x-evil"
    )
    library_services.upload_append(upload_id=upload.id, offset=0, data=data)
    upload.refresh_from_db()
    clip = library_services.upload_finish(
        upload=upload, actor=world.rep, team=world.alpha, values={"title": "Demo"}
    )
    assert clip.original_type == "video/mp4" and clip.original.name.endswith(".mp4")
    response = client_for(world.rep).get(reverse("clip_media", args=[clip.id, "original"]))
    assert response["Content-Type"] == "video/mp4"
