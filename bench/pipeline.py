"""Upload-complete to ready, against a plain transcode and transcription run side by side.

Run: .venv/bin/python bench/pipeline.py [--seconds 120]
Makes a 720p clip with espeak-ng speech (WebM: VP8/Opus like a phone, and MP4: H.264/AAC),
then for each: (1) the real pipeline (library.services.clip_process: copy from storage, probe,
transcode or remux + poster, transcription, save); (2) the baseline: a plain transcode of the
same file and a plain transcription of it, started together in two threads. Prints both wall
times and the ratio (aim: 1.1 or less).
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
SENTENCE = (
    "When the buyer says the price is too high, I ask what they compare it with, "
    "then I show the cost of doing nothing and how the champion measured the pilot. "
)


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
        text = SENTENCE * (words // len(SENTENCE.split()) + 1)
        text = " ".join(text.split()[:words])
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
            started = time.perf_counter()
            clip = services.clip_process(clip_id=clip.id)
            pipeline = time.perf_counter() - started
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
            print(f"  pipeline, upload complete to ready: {pipeline:6.2f} s  ({mode})")
            print(
                f"  baseline, {mode} + transcription side by side: {baseline:6.2f} s "
                f"(transcription alone {alone:.2f} s)"
            )
            print(f"  ratio pipeline / baseline: {pipeline / baseline:.2f}")


if __name__ == "__main__":
    main()
