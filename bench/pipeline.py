"""Upload-complete to ready, against a plain transcode and transcription run side by side.

Run: .venv/bin/python bench/pipeline.py [--seconds 120]
Makes a 720p clip with espeak-ng saying varied sentences (WebM: VP8/Opus like a phone, and
MP4: H.264/AAC), then for each: (1) the real pipeline (library.services.clip_process: copy from
storage, probe, transcode or remux + poster, transcription and speech stretches, save), timed
to searchable (transcript saved and indexed) and to ready (MP4 and poster stored); (2) the
baseline: a plain transcode of the same file and a plain transcription of it, started together
in two threads. Prints both wall times and the ratio (aim: 1.1 or less).
"""

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# Varied speech, as a person talks: one sentence said over and over made Whisper fall back to
# higher temperatures on the repeated text (22 s to transcribe two minutes, against 3 s for
# varied speech), so the bench measured the transcriber's trouble, not the pipeline.
SENTENCES = [
    "When the buyer said the price was too high I asked what they compared it with.",
    "Their finance lead listed three projects waiting on this decision.",
    "We agreed to build the business case together before the next call.",
    "I sent a short summary the same afternoon and asked the champion to check the numbers.",
    "Procurement wanted a three year term with a cap on the yearly increase.",
    "The security review took six weeks because nobody owned the questionnaire.",
    "On the second demo the operations manager finally joined and asked about onboarding.",
    "She wanted to know how long it takes a new team to get their first report.",
    "I showed the dashboard from a customer in logistics with a similar fleet.",
    "Then I stopped talking and let them ask their questions for ten minutes.",
    "The champion told me the board meets in March and wants a clear payback.",
    "So we wrote the payback down together, in their words, on one slide.",
    "Legal came back with two changes to the liability clause and one on data residency.",
    "We accepted the residency change and explained why the liability cap stays.",
    "Their head of sales asked whether the pilot could start with one region.",
    "We picked the northern region because their best manager runs it.",
    "After the pilot the reps logged calls twice as often as before.",
    "That number is what the finance lead took to the board meeting.",
]


def setup_django(data_dir: str) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ["ROUNDTABLE_DATA_DIR"] = data_dir
    os.environ["ROUNDTABLE_LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def noting_when(function, marks: list[float]):
    """`function`, noting in `marks` when each call returns."""

    def noted(**kwargs):
        done = function(**kwargs)
        marks.append(time.perf_counter())
        return done

    return noted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        setup_django(data_dir)

        from django.conf import settings

        from accounts import services as accounts
        from accounts.models import TeamRole, User
        from library import services
        from media.probe import probe
        from media.testing import make_clip
        from media.transcode import to_mp4
        from media.transcribe import model_path, transcribe

        org = accounts.organisation_create(name="Bench", slug="bench")
        org.clip_max_seconds = 600
        org.save()
        team = accounts.team_create(organisation=org, name="Bench")
        user = User.objects.create_user("b@b.test", "x", full_name="Bench", organisation=org)
        accounts.membership_set(team=team, person=user, role=TeamRole.REP)
        words = int(args.seconds * 150 / 60)
        said: list[str] = []
        while len(said) < words:
            said += " ".join(SENTENCES).split()
        text = " ".join(said[:words])
        print(f"clip: {args.seconds:.0f} s, 1280x720, espeak-ng speech ({words} words)")
        for container in ("webm", "mp4"):
            source = Path(data_dir) / f"bench.{container}"
            made = time.perf_counter()
            make_clip(
                source,
                text=text,
                seconds=args.seconds,
                container=container,
                size=(1280, 720),
                fps=25,
            )
            info = probe(source)
            print(
                f"\n{container}: {info.video_codec}/{info.audio_codec}, {info.duration:.1f} s, "
                f"{source.stat().st_size / 1e6:.1f} MB (made in {time.perf_counter() - made:.0f} s)"
            )
            model = model_path(settings.TRANSCRIBE_MODEL, settings.DATA_DIR)  # the pipeline's
            transcribe(source, model=model)  # load the model once, outside every measurement
            upload = services.upload_start(
                user=user, filename=source.name, size=source.stat().st_size, content_type="video/x"
            )
            data = source.read_bytes()
            step = 4 * 1024 * 1024
            for offset in range(0, len(data), step):
                services.upload_append(
                    upload_id=upload.id, offset=offset, data=data[offset : offset + step]
                )
            upload.refresh_from_db()
            clip = services.upload_finish(
                upload=upload, actor=user, team=team, values={"title": "bench"}
            )
            heard_at: list[float] = []
            save_heard = services._heard_save
            services._heard_save = noting_when(save_heard, heard_at)
            began = time.perf_counter()
            clip = services.clip_process(clip_id=clip.id)
            pipeline = time.perf_counter() - began
            services._heard_save = save_heard
            assert clip.state == "ready", clip.failure
            target = Path(data_dir) / f"plain-{container}.mp4"
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=2) as pool:
                heard = pool.submit(transcribe, source, model=model)
                mode = to_mp4(source, target, info)
                heard.result()
            baseline = time.perf_counter() - started
            started = time.perf_counter()
            transcribe(source, model=model)
            alone = time.perf_counter() - started
            print(f"  pipeline, upload complete to searchable: {heard_at[0] - began:6.2f} s")
            print(f"  pipeline, upload complete to ready: {pipeline:6.2f} s  ({mode})")
            print(
                f"  baseline, {mode} + transcription side by side: {baseline:6.2f} s "
                f"(transcription alone {alone:.2f} s)"
            )
            print(f"  ratio pipeline / baseline: {pipeline / baseline:.2f}")


if __name__ == "__main__":
    main()
