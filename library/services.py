"""Every write in the video library: uploads, clips, processing, transcripts."""

import logging
import os
import re
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, Team, User
from library import search
from library.access import COMMENT_CHANGE_MINUTES, changeable_comments
from library.models import (
    DEFAULT_SITUATIONS,
    Clip,
    ClipState,
    Comment,
    Helpful,
    Situation,
    Transcript,
    Upload,
    Visibility,
)
from library.signals import comment_added
from library.tasks import notify_author, process_clip
from media.probe import MediaError, probe
from media.transcode import poster, to_mp4
from media.transcribe import Hearing, listen, model_path
from roundtable.errors import RoundtableError
from roundtable.links import absolute_url
from roundtable.parsing import one_line
from vocabulary.selectors import glossary_for

logger = logging.getLogger(__name__)
LENGTH_TOLERANCE_SECONDS = 3  # a recorder stopping a moment late is not "too long"


class OffsetMismatch(RoundtableError):
    """The client sent a chunk for another offset: it should resume from `received`."""

    def __init__(self, received: int) -> None:
        super().__init__(f"Resume from byte {received}.")
        self.received = received


def part_path(upload: Upload) -> Path:
    folder = Path(settings.UPLOAD_PARTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{upload.id}.part"


def situations_create_defaults(*, organisation: Organisation) -> None:
    """A new organisation starts from a sensible list of selling situations."""
    Situation.objects.bulk_create(
        [
            Situation(organisation=organisation, name=n, position=i)
            for i, n in enumerate(DEFAULT_SITUATIONS)
        ],
        ignore_conflicts=True,
    )


def upload_start(*, user: User, filename: str, size: int, content_type: str) -> Upload:
    if size <= 0:
        raise RoundtableError("That file is empty. Choose a video file.")
    if size > settings.CLIP_MAX_BYTES:
        limit = settings.CLIP_MAX_BYTES // (1024 * 1024)
        raise RoundtableError(
            f"That file is over {limit} MB. Trim the clip or record a shorter one."
        )
    if content_type and not content_type.startswith(("video/", "application/octet-stream")):
        raise RoundtableError("That is not a video file. Choose an MP4, MOV or WebM video.")
    with transaction.atomic():
        # The person's row is locked while their quota is read and the upload is written, so
        # uploads started at once are counted one after the other.
        User.objects.select_for_update().filter(id=user.id).first()
        _quota_check(user=user, size=size)
        upload = Upload.objects.create(
            organisation_id=user.organisation_id,
            user=user,
            filename=filename[:255],
            size=size,
            content_type=content_type[:100],
        )
    part_path(upload).write_bytes(b"")
    return upload


CONTAINER_TYPES = {"mov,mp4,m4a,3gp,3g2,mj2": "video/mp4", "matroska,webm": "video/webm"}
CONTAINER_SUFFIXES = {"mov,mp4,m4a,3gp,3g2,mj2": ".mp4", "matroska,webm": ".webm"}


def _quota_check(*, user: User, size: int) -> None:
    """A person's open uploads and the space their clips take stay within the organisation's
    limits (library settings): one person cannot reserve the disk for everyone."""
    organisation = user.organisation
    open_uploads = Upload.objects.filter(user=user, clip__isnull=True)
    if open_uploads.count() >= organisation.uploads_open_max:
        raise RoundtableError(
            f"You have {organisation.uploads_open_max} uploads in progress, the most at once "
            "here. Share or leave one of them (an unfinished one is cleared after a day), then "
            "try again."
        )
    used = (Clip.objects.filter(author=user).aggregate(total=Sum("size"))["total"] or 0) + (
        open_uploads.aggregate(total=Sum("size"))["total"] or 0
    )
    allowed = organisation.storage_mb_per_person * 1024 * 1024
    if used + size > allowed:
        raise RoundtableError(
            f"This would take your clips past {organisation.storage_mb_per_person:,} MB, your "
            f"space here (you use {used / 1024 / 1024:,.0f} MB). Ask your admin for more "
            "space (Library settings), or record a shorter clip."
        )


def upload_append(*, upload_id: int, offset: int, data: bytes) -> Upload:
    """Append one chunk at `offset`. A chunk for any other offset is refused with the offset the
    server has, so a client that lost its connection resumes exactly where the server stopped.

    When the last byte arrives the file is probed at once, so a file that is not a video is
    refused while the rep is still typing the details (which stay in the form)."""
    with transaction.atomic():
        upload = Upload.objects.select_for_update().get(id=upload_id)
        if offset != upload.received:
            raise OffsetMismatch(upload.received)
        if upload.received + len(data) > upload.size:
            raise RoundtableError("More data arrived than the file's size. Start the upload again.")
        with part_path(upload).open("r+b") as part:
            part.seek(offset)
            part.write(data)
            part.truncate()
        upload.received += len(data)
        upload.updated_at = timezone.now()
        upload.save(update_fields=["received", "updated_at"])
    if upload.received == upload.size:
        try:
            probe(part_path(upload))
        except MediaError as error:
            _discard(upload)
            raise RoundtableError(
                f"{error} Record again or choose another file; your details are kept."
            ) from None
    return upload


def _discard(upload: Upload) -> None:
    part_path(upload).unlink(missing_ok=True)
    upload.delete()


def upload_finish(*, upload: Upload, actor: User, team: Team, values: dict) -> Clip:
    """Turn a complete upload into a clip.

    Steps: claim the upload (one request shares it; a repeated one gets the same clip), check it
    is complete, probe the file (a non-video, a damaged file, one over the length limit is
    discarded with a message), store it, then queue processing.
    """
    now = timezone.now()
    # A claim older than ten minutes belonged to a request that died (a restart mid-share).
    claimed = (
        Upload.objects.filter(id=upload.id, clip__isnull=True)
        .filter(Q(finishing_at__isnull=True) | Q(finishing_at__lt=now - timedelta(minutes=10)))
        .update(finishing_at=now)
    )
    if not claimed:
        shared = Upload.objects.filter(id=upload.id, clip__isnull=False).select_related("clip")
        if shared.exists():
            return shared.get().clip
        raise RoundtableError(
            "This clip is being shared already: it appears in the library in a moment.",
            field="busy",
        )
    try:
        return _upload_finish_claimed(upload=upload, actor=actor, team=team, values=values)
    finally:
        # Whatever happened (a missing title, a refused file), the claim ends with the request.
        Upload.objects.filter(id=upload.id, clip__isnull=True).update(finishing_at=None)


def _upload_finish_claimed(*, upload: Upload, actor: User, team: Team, values: dict) -> Clip:
    if upload.received != upload.size:
        raise RoundtableError("The upload is not complete yet. Keep this page open to finish it.")
    path = part_path(upload)
    try:
        info = probe(path)
    except MediaError as error:
        _discard(upload)
        raise RoundtableError(str(error)) from None
    limit = actor.organisation.clip_max_seconds
    if info.duration > limit + LENGTH_TOLERANCE_SECONDS:
        _discard(upload)
        raise RoundtableError(
            f"This clip lasts {info.duration:.0f} s; the limit here is {limit} s. "
            "Trim it or record a shorter take."
        )
    title = values.get("title", "").strip()
    if not title:
        raise RoundtableError("Give the clip a title.", field="title")
    tags = _tags(values.get("tags", ""))
    with transaction.atomic():
        clip = Clip(
            organisation_id=actor.organisation_id,
            team=team,
            author=actor,
            title=title,
            situation=values.get("situation"),
            tags=tags,
            account=values.get("account", "").strip(),
            industry=values.get("industry", "").strip(),
            product=values.get("product", "").strip(),
            visibility=values.get("visibility") or Visibility.TEAM,
            duration=info.duration,
            size=upload.size,
            width=info.width,
            height=info.height,
            # From the probe, never from the browser: it is replayed in a response header.
            original_type=CONTAINER_TYPES.get(info.container, "application/octet-stream"),
        )
        suffix = CONTAINER_SUFFIXES.get(info.container, ".bin")
        with path.open("rb") as handle:
            clip.original.save(f"original{suffix}", File(handle), save=False)
        clip.save()
        Upload.objects.filter(id=upload.id).update(clip=clip, updated_at=timezone.now())
        _enqueue(clip)
    path.unlink(missing_ok=True)
    return clip


def _tags(text: str) -> list[str]:
    """Tags as typed ("Pricing, #SOC2"): lower case, no duplicates, sorted, at most 20."""
    return sorted({t.strip().lower() for t in re.split(r"[,#]", text) if t.strip()})[:20]


def _enqueue(clip: Clip) -> None:
    """Queue processing, fairly: each clip an organisation already has waiting lowers the new
    one's priority, so one organisation's fifty clips never keep another's first one waiting."""

    def send():
        waiting = (
            Clip.objects.filter(
                organisation_id=clip.organisation_id,
                state__in=[ClipState.UPLOADED, ClipState.PROCESSING],
            )
            .exclude(id=clip.id)
            .count()
        )
        process_clip.using(priority=max(-100, -waiting)).enqueue(clip_id=clip.id)

    transaction.on_commit(send)


def uploads_cleanup(*, idle_hours: int = 24) -> int:
    """Remove uploads nobody has touched for a day, with their part files."""
    stale = Upload.objects.filter(updated_at__lt=timezone.now() - timedelta(hours=idle_hours))
    count = 0
    for upload in stale:
        _discard(upload)
        count += 1
    return count


def clip_process(*, clip_id: int, resumed: bool = False) -> Clip | None:
    """Transcribe, and transcode (or remux) with a poster, side by side. The clip is ready, and
    searchable, as soon as its transcript is saved: its original plays in the browser while the
    video for every device is still being made, and is replaced by it when that is stored.

    Claimed from uploaded; when `resumed` (the job of a dead worker, requeued, runs again) also
    from processing, or ready without its converted video, so a clip a live worker holds is
    never taken twice. Any error leaves the clip failed with the reason and a retry button. A
    clip its author deleted meanwhile stays deleted: None, and the files made for it are
    removed."""
    claimable = Q(state=ClipState.UPLOADED)
    if resumed:
        claimable |= Q(state=ClipState.PROCESSING) | Q(state=ClipState.READY, video="")
    claimed = Clip.objects.filter(claimable, id=clip_id).update(
        state=ClipState.PROCESSING, failure=""
    )
    clip = Clip.objects.filter(id=clip_id).first()
    if not claimed or clip is None:
        return clip
    Clip.objects.filter(id=clip_id).update(attempts=clip.attempts + 1)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / ("source" + Path(clip.original.name).suffix)
            with clip.original.open("rb") as original, source.open("wb") as copy:
                for chunk in original.chunks():
                    copy.write(chunk)
            info = probe(source)
            mp4, jpeg = Path(tmp) / "clip.mp4", Path(tmp) / "poster.jpg"
            silent = info.audio_codec is None  # a screen recording, a muted camera
            with ThreadPoolExecutor(max_workers=1) as pool:
                converted = pool.submit(_convert, source, mp4, jpeg, info)
                hearing = Hearing([], []) if silent else _listen(source, clip.organisation_id)
                if _heard_save(clip_id=clip_id, hearing=hearing, silent=silent) is None:
                    converted.result()  # deleted while transcribed: nothing was stored yet
                    return None
                converted.result()
            with mp4.open("rb") as handle:
                clip.video.save("clip.mp4", File(handle), save=False)
            clip.poster.save("poster.jpg", ContentFile(jpeg.read_bytes()), save=False)
    except Exception as error:  # noqa: BLE001 - any failure is recorded on the clip
        logger.exception("Clip %s failed", clip_id)
        if not Clip.objects.filter(id=clip_id).update(
            state=ClipState.FAILED, failure=_reason(error)
        ):
            _delete_files(_made_for(clip))  # deleted while processed (its original went first)
            return None
        return Clip.objects.get(id=clip_id)
    with transaction.atomic():
        # Locked and read again: the author may have deleted it (clip_delete holds the same
        # lock) while it was converted.
        current = Clip.objects.select_for_update().filter(id=clip_id).first()
        if current is None:
            made = _made_for(clip)
            transaction.on_commit(lambda: _delete_files(made))
            return None
        current.video, current.poster = clip.video.name, clip.poster.name
        current.save(update_fields=["video", "poster"])
    return current


def _convert(source: Path, mp4: Path, jpeg: Path, info) -> None:
    """The video every browser plays, and its poster. The thread yields the processor to the
    transcriber (the encoder's own threads inherit its niceness): the transcript is what makes
    the clip searchable, and the original plays meanwhile."""
    with suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), CONVERT_NICENESS)
    to_mp4(source, mp4, info)
    poster(mp4, jpeg, at_seconds=min(1.0, info.duration / 2))


CONVERT_NICENESS = 10  # Linux sets niceness per thread; elsewhere the call fails and is skipped


def _heard_save(*, clip_id: int, hearing: Hearing, silent: bool) -> Clip | None:
    """Save what was heard, and the clip is ready: watchable, with its transcript and metrics,
    and found by search. None when its author deleted it meanwhile."""
    with transaction.atomic():
        # Locked and read again: the author may have renamed it (the index takes the new title)
        # or deleted it (clip_delete holds the same lock) while it was transcribed.
        current = Clip.objects.select_for_update().filter(id=clip_id).first()
        if current is None:
            return None
        transcript = transcript_save(
            clip=current,
            words=hearing.words,
            model=settings.TRANSCRIBE_MODEL or "base",
            speech=hearing.speech,
        )
        current.state, current.ready_at, current.silent = ClipState.READY, timezone.now(), silent
        current.save(update_fields=["state", "ready_at", "silent"])
        clip_index(clip=current, transcript_text=transcript.text if transcript else "")
    return current


def _hotwords(organisation_id: int) -> str:
    """The organisation's approved vocabulary, for the transcriber to listen for."""
    words = ""
    for spellings in glossary_for(organisation_id=organisation_id).values():
        more = f"{words}, {spellings[0]}" if words else spellings[0]
        if len(more) > HOTWORDS_CHARS:
            break
        words = more
    return words


def _listen(source: Path, organisation_id: int) -> Hearing:
    """What was said, and where the audio holds speech. The team's vocabulary goes to the
    transcriber as hot words, so its own terms are heard."""
    return listen(
        source,
        model=model_path(settings.TRANSCRIBE_MODEL, settings.DATA_DIR),
        language=settings.TRANSCRIBE_LANGUAGE,
        hotwords=_hotwords(organisation_id),
    )


HOTWORDS_CHARS = 400  # Whisper's prompt holds about 220 tokens: leave room for the rest


def _made_for(clip: Clip) -> list[tuple]:
    """The converted video and poster stored for a clip, as (storage, name)."""
    return [(f.storage, f.name) for f in (clip.video, clip.poster) if f]


def _delete_files(files: list[tuple]) -> None:
    """Remove stored files given as (storage, name); one that will not go is logged, not fatal
    (the clip is gone either way)."""
    for storage, name in files:
        try:
            storage.delete(name)
        except Exception:  # noqa: BLE001 - a storage error must not undo the deletion
            logger.exception("Could not delete %s", name)


def clip_index(*, clip: Clip, transcript_text: str) -> None:

    search.index_clip(
        clip_id=clip.id,
        organisation_id=clip.organisation_id,
        title=clip.title,
        tags=clip.tags,
        transcript=transcript_text,
    )


def _reason(error: Exception) -> str:
    if isinstance(error, MediaError):
        return str(error)
    return f"Processing stopped: {error.__class__.__name__}: {error}"[:500]


def clip_edit(*, clip: Clip, title: str, tags: str, visibility: str) -> Clip:
    """The author mends a clip: its title, tags and who can watch it. A ready clip is indexed
    again at once, so search finds the new words and no longer the old ones (one still
    processing is indexed with them when it is ready)."""
    title = " ".join(title.split())
    if not title:
        raise RoundtableError("Give the clip a title.", field="title")
    if visibility not in Visibility.values:
        raise RoundtableError("Choose who can watch the clip.", field="visibility")
    with transaction.atomic():
        current = Clip.objects.select_for_update().filter(id=clip.id).first()
        if current is None:
            raise RoundtableError("This clip has been deleted.")
        current.title, current.tags, current.visibility = title[:140], _tags(tags), visibility
        current.save(update_fields=["title", "tags", "visibility"])
        if current.state == ClipState.READY:
            text = Transcript.objects.filter(clip=current).values_list("text", flat=True).first()
            clip_index(clip=current, transcript_text=text or "")
    return current


def clip_delete(*, clip: Clip) -> None:
    """The author deletes a clip, and everything of it goes.

    Steps, under the clip's row lock (a second tap, or a worker finishing the clip at that
    moment, finds it gone): remove its search entry and its upload record (which would
    otherwise count as an upload in progress against the person's space), delete the row
    (its transcript, feedback, helpful marks and challenge takes go with it), then after
    commit remove its files: the original, the converted video and the poster.
    """
    with transaction.atomic():
        current = Clip.objects.select_for_update().filter(id=clip.id).first()
        if current is None:
            raise RoundtableError("This clip is already deleted.")
        files = [(f.storage, f.name) for f in (current.original, current.video, current.poster)]
        files = [(storage, name) for storage, name in files if name]
        search.unindex_clip(clip_id=current.id)
        for upload in Upload.objects.filter(clip=current):
            _discard(upload)
        current.delete()
        transaction.on_commit(lambda: _delete_files(files))


def clip_retry(*, clip: Clip) -> Clip:
    if not Clip.objects.filter(id=clip.id, state=ClipState.FAILED).update(
        state=ClipState.UPLOADED, failure=""
    ):
        raise RoundtableError("Only a failed clip can be retried.")
    clip.refresh_from_db()
    _enqueue(clip)
    return clip


def transcript_save(*, clip: Clip, words, model: str, speech=()) -> Transcript | None:
    """Store the machine transcript with the stretches of speech heard in the audio, unless a
    person has already corrected it (then only the stretches, which a correction keeps)."""
    existing = Transcript.objects.filter(clip=clip).first()
    spans = [[float(a), float(b)] for a, b in speech]
    if existing is not None and existing.edited_by_id is not None:
        if spans and existing.speech != spans:
            Transcript.objects.filter(id=existing.id).update(speech=spans)
            existing.speech = spans
        return existing
    data = [{"start": w.start, "end": w.end, "text": w.text, "p": w.probability} for w in words]
    transcript, _ = Transcript.objects.update_or_create(
        clip=clip,
        defaults={
            "words": data,
            "speech": spans,
            "text": " ".join(w["text"] for w in data),
            "model": model,
            "language": settings.TRANSCRIBE_LANGUAGE,
        },
    )
    return transcript


def transcript_edit(*, clip: Clip, editor: User, text: str) -> Transcript:
    """A person's correction. Timings are kept word for word when the count matches, otherwise
    spread over the same span; a later machine run never overwrites it."""
    transcript = Transcript.objects.filter(clip=clip).first()
    if transcript is None:
        raise RoundtableError("There is no transcript to correct yet.")
    new_words = text.split()
    if not new_words:
        raise RoundtableError("The transcript cannot be empty.", field="text")
    old = transcript.words
    if len(old) == len(new_words):
        # A person read them: no word is unsure any more.
        words = [o | {"text": n, "p": 1.0} for o, n in zip(old, new_words, strict=True)]
    else:
        start = old[0]["start"] if old else 0.0
        end = old[-1]["end"] if old else clip.duration
        step = (end - start) / len(new_words)
        words = [
            {
                "start": round(start + i * step, 2),
                "end": round(start + (i + 1) * step, 2),
                "text": w,
            }
            for i, w in enumerate(new_words)
        ]
    transcript.words, transcript.text = words, " ".join(new_words)
    transcript.edited_by, transcript.edited_at = editor, timezone.now()
    transcript.save(update_fields=["words", "text", "edited_by", "edited_at"])
    clip_index(clip=clip, transcript_text=transcript.text)
    return transcript


def clip_viewed(*, clip: Clip) -> None:

    Clip.objects.filter(id=clip.id).update(views=F("views") + 1)


os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model ships in a package; never reach a hub


def comment_add(*, clip: Clip, author: User, text: str, at_seconds: float | None) -> Comment:
    """Feedback pinned to a moment; the clip's author hears about it in the app and by email."""
    text = text.strip()
    if not text:
        raise RoundtableError("Write your feedback first.", field="text")
    if at_seconds is not None and not 0 <= at_seconds <= clip.duration + 1:
        raise RoundtableError("That moment is not in the clip.", field="at_seconds")
    comment = Comment.objects.create(
        clip=clip, author=author, text=text[:2000], at_seconds=at_seconds
    )
    if author.id != clip.author_id:
        url = reverse("clip_detail", args=[clip.id])
        if at_seconds is not None:
            url += f"?t={at_seconds:.1f}"
        comment_added.send(sender=Comment, comment=comment, url=url)
        transaction.on_commit(lambda: notify_author.enqueue(comment_id=comment.id))
    return comment


def comment_edit(*, comment: Comment, author: User, text: str) -> Comment:
    """Its author rewrites their feedback, within COMMENT_CHANGE_MINUTES of posting it: the
    window is checked by the UPDATE itself, so a save a moment too late is refused."""
    text = text.strip()
    if not text:
        raise RoundtableError("Write your feedback, or delete it.", field="text")
    if not changeable_comments(user=author).filter(id=comment.id).update(text=text[:2000]):
        raise _comment_closed(comment)
    comment.text = text[:2000]
    return comment


def comment_delete(*, comment: Comment, author: User) -> None:
    """Its author takes their feedback back, within COMMENT_CHANGE_MINUTES of posting it."""
    deleted, _ = changeable_comments(user=author).filter(id=comment.id).delete()
    if not deleted:
        raise _comment_closed(comment)


def _comment_closed(comment: Comment) -> RoundtableError:
    if not Comment.objects.filter(id=comment.id).exists():
        return RoundtableError("This feedback has been deleted already.")
    return RoundtableError(
        f"Feedback can be edited or deleted for {COMMENT_CHANGE_MINUTES} minutes after posting, "
        "and this was posted earlier. Add a new comment to correct it.",
        field="text",
    )


def helpful_toggle(*, clip: Clip, user: User, on: bool) -> int:

    if user.id == clip.author_id:
        raise RoundtableError("Your colleagues say whether your clip helped them.")
    if on:
        Helpful.objects.get_or_create(clip=clip, user=user)
    else:
        Helpful.objects.filter(clip=clip, user=user).delete()
    return Helpful.objects.filter(clip=clip).count()


def comment_notify(*, comment_id: int) -> None:

    comment = Comment.objects.select_related("clip__author", "author").filter(id=comment_id).first()
    if comment is None:
        return  # its author deleted it before the email went
    clip = comment.clip
    moment = (
        f" at {int(comment.at_seconds // 60)}:{int(comment.at_seconds % 60):02d}"
        if (comment.at_seconds is not None)
        else ""
    )
    link = absolute_url("clip_detail", clip.id)
    if comment.at_seconds is not None:
        link += f"?t={comment.at_seconds:.1f}"
    send_mail(
        subject=one_line(f"{comment.author.full_name} commented on “{clip.title}”"),
        message=f"{comment.author.full_name} left feedback{moment}:\n\n{comment.text}\n\n{link}\n",
        from_email=None,
        recipient_list=[clip.author.email],
    )


def library_settings_update(
    *,
    organisation: Organisation,
    clip_max_seconds: int,
    situation_names: list[str],
    uploads_open_max: int | None = None,
    storage_mb_per_person: int | None = None,
) -> list[Situation]:
    """An admin sets the longest clip and the organisation's list of selling situations.

    Situations keep their identity when renamed only in letter case; removed ones are deleted
    (clips that used them keep no situation).
    """
    if not 10 <= clip_max_seconds <= 600:
        raise RoundtableError("Choose between 10 and 600 seconds.", field="clip_max_seconds")
    names: list[str] = []
    for name in situation_names:
        cleaned = " ".join(name.split())[:60]
        if cleaned and cleaned.lower() not in {n.lower() for n in names}:
            names.append(cleaned)
    if not names:
        raise RoundtableError("Keep at least one selling situation.", field="situations")
    with transaction.atomic():
        organisation.clip_max_seconds = clip_max_seconds
        if uploads_open_max is not None:
            organisation.uploads_open_max = uploads_open_max
        if storage_mb_per_person is not None:
            organisation.storage_mb_per_person = storage_mb_per_person
        organisation.save(
            update_fields=["clip_max_seconds", "uploads_open_max", "storage_mb_per_person"]
        )
        existing = {s.name.lower(): s for s in Situation.objects.filter(organisation=organisation)}
        keep = []
        for position, name in enumerate(names):
            situation = existing.pop(name.lower(), None) or Situation(organisation=organisation)
            situation.name, situation.position = name, position
            situation.save()
            keep.append(situation)
        Situation.objects.filter(id__in=[s.id for s in existing.values()]).delete()
    return keep
