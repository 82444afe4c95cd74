"""Speech metrics against the truth, and whether Whisper keeps filler words.

Run: .venv/bin/python bench/speech.py
1. Pace: espeak-ng says known sentences at five rates from 110 to 200 words a minute, in three
   scripts: sentences with 1.5 s pauses, a filler-dense one with no pause, and one with 3 s
   deliberate pauses; the truth is the words said over the seconds of audio that hold speech.
   Prints the pace and pauses measured from the word timings alone (before) and from the
   stretches of speech found in the audio (now), each against the truth, and the word error
   rate.
2. Fillers: the same with known "um" and "uh" in the script, transcribed with no prompt, with
   the short filler prompt the pipeline uses, and with a longer one. Prints fillers kept (of
   those said), word error rate, and how often a run lost more than a third of the words.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")

SCRIPT = [
    "So um when the buyer said the price was too high I asked what a delay would cost them",
    "They went quiet and uh then the finance lead listed three projects waiting on this",
    "Um we agreed to build the business case together before the next call",
    "I sent a short summary uh the same afternoon and asked the champion to check it",
]
FILLERS = {"um", "uh", "umm", "uhh", "uhm", "er", "erm", "ah", "hmm"}


PACE_SCRIPT = [
    "When the buyer said the price was too high I asked what a delay would cost them",
    "They went quiet and then the finance lead listed three projects waiting on this decision",
    "So we agreed to build the business case together before the next call with procurement",
    "I sent a short summary the same afternoon and asked the champion to check the numbers",
]


# Fillers close together, no silence of 0.6 s anywhere (0.3 s between the sentences).
FILLER_DENSE = [
    "So um when the buyer said uh the price was um too high I uh asked what a delay would cost",
    "Um they went quiet and uh then the um finance lead listed uh three projects waiting",
    "And uh we um agreed to uh build the business case um together before the next call",
]
# The demo organisation's approved vocabulary, as the pipeline hands it to the transcriber.
VOCABULARY = (
    "Champion, Cost of doing nothing, Deal clinic, Economic buyer, GROW, Multi-threading, "
    "Mutual action plan, Reframing, SBI, Socratic question, Teach-back"
)
PACE_CASES = [  # (name, script, seconds of silence between its sentences)
    ("sentences, 1.5 s pauses", PACE_SCRIPT, 1.5),
    ("filler-dense, no pause", FILLER_DENSE, 0.3),
    ("long deliberate pauses", PACE_SCRIPT, 3.0),
]


def pace() -> None:
    """Pace and pauses against the truth: from the gaps between Whisper's word timings (before)
    and from the stretches of speech Silero VAD finds in the audio (the pipeline now)."""
    from django.conf import settings

    from language.evaluate import word_error_rate
    from language.speech import PAUSE_SECONDS, measure
    from media import transcribe as stt
    from media.testing import speech_with_pauses

    model = stt.model_path(settings.TRANSCRIBE_MODEL, settings.DATA_DIR)
    print(f"model: {settings.TRANSCRIBE_MODEL}, with the filler prompt (the pipeline's)")
    print(
        f"{'script':<24} {'rate':>4} {'true wpm':>8} {'words only':>16} {'audio (now)':>16}"
        f" {'pauses: true':>12} {'words':>5} {'audio':>5} {'WER':>5}"
    )
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name, script, gap in PACE_CASES:
            said = [w for line in script for w in line.split()]
            true_pauses = len(script) - 1 if gap >= PAUSE_SECONDS else 0
            for rate in (110, 130, 150, 175, 200):
                wav = Path(tmp) / f"{rate}.wav"
                truth = speech_with_pauses(script, wav, words_per_minute=rate, pause=gap)
                true_pace = len(said) / (truth["speaking_seconds"] / 60)
                spans = stt.speech_spans(wav)
                words = stt.heard(stt.transcribe(wav, model=model), spans)
                timed = [w.__dict__ for w in words]
                before = measure(timed)
                now = measure(timed, speech=spans)
                errors = [(m.pace_wpm - true_pace) / true_pace for m in (before, now)]
                worst = max(worst, abs(errors[1]))
                wer = word_error_rate(said, [w.text for w in words])
                print(
                    f"{name:<24} {rate:>4} {true_pace:>8.1f}"
                    f" {before.pace_wpm:>7.1f} ({errors[0]:>+6.1%}) {now.pace_wpm:>7.1f}"
                    f" ({errors[1]:>+6.1%}) {true_pauses:>12} {before.pauses:>5} {now.pauses:>5}"
                    f" {wer:>5.2f}"
                )
    print(f"largest pace error from the audio: {worst:.1%} (aim: 5%)")


def fillers() -> None:
    from language.evaluate import word_error_rate
    from media import transcribe as stt
    from media.testing import speech_with_pauses

    prompts = {
        "no prompt": None,
        "short prompt (pipeline)": stt.FILLER_PROMPT,
        "long prompt": stt.LONG_FILLER_PROMPT,
    }
    said = [w.lower() for line in SCRIPT for w in line.split()]
    filler_count = sum(1 for w in said if w in FILLERS)
    results = {name: {"kept": 0, "said": 0, "wer": [], "lost": 0} for name in prompts}
    with tempfile.TemporaryDirectory() as tmp:
        for rate in (120, 150, 175):
            wav = Path(tmp) / f"{rate}.wav"
            speech_with_pauses(SCRIPT, wav, words_per_minute=rate)
            for name, prompt in prompts.items():
                words = stt.transcribe(wav, prompt=prompt, keep_fillers=prompt is not None)
                heard = [w.text.lower().strip(".,!?") for w in words]
                kept = sum(1 for w in heard if w in FILLERS)
                result = results[name]
                result["kept"] += min(kept, filler_count)
                result["said"] += filler_count
                result["wer"].append(word_error_rate(said, heard))
                result["lost"] += len(heard) < len(said) * 2 / 3
    print(f"{'setting':<26} {'fillers kept':>13} {'WER mean':>9} {'WER max':>8} {'lost runs':>10}")
    for name, r in results.items():
        print(
            f"{name:<26} {r['kept']:>6}/{r['said']:<6} {sum(r['wer']) / len(r['wer']):>9.2f} "
            f"{max(r['wer']):>8.2f} {r['lost']:>7}/{len(r['wer'])}"
        )


def models() -> None:
    """Each model with and without the filler prompt, side by side on the same audio: word error
    rate on the clean and the filler scripts, fillers kept, seconds of computing per minute of
    audio (greedy decoding, int8, this machine). The pipeline's setting is the filler prompt
    with the organisation's vocabulary at its head."""
    import time

    from django.conf import settings

    from language.evaluate import word_error_rate
    from media import transcribe as stt
    from media.testing import speech_with_pauses

    data_dir = Path(os.environ.get("ROUNDTABLE_DATA_DIR") or tempfile.mkdtemp())
    choices = [
        ("tiny.en", stt.model_path("tiny.en", data_dir)),
        ("base", stt.model_path("base", data_dir)),
    ]
    scripts = {"clean": PACE_SCRIPT, "fillers": SCRIPT}
    print(
        f"{'model':<8} {'prompt':<20} {'WER clean':>9} {'WER fillers':>11} {'fillers kept':>12}"
        f" {'s per min':>9}   (default: {settings.TRANSCRIBE_MODEL})"
    )
    with tempfile.TemporaryDirectory() as tmp:
        audio = {}
        for name, script in scripts.items():
            for rate in (130, 160, 195):
                wav = Path(tmp) / f"{name}-{rate}.wav"
                audio[(name, rate)] = (wav, speech_with_pauses(script, wav, words_per_minute=rate))
        for label, folder in choices:
            stt._model(folder)  # loaded once, outside the timing
            for prompt, vocabulary in (
                (stt.FILLER_PROMPT, ""),
                (stt.FILLER_PROMPT, VOCABULARY),
                (None, ""),
            ):
                wer = {name: [] for name in scripts}
                kept = said_fillers = 0
                computing = seconds = 0.0
                for (name, _rate), (wav, truth) in audio.items():
                    started = time.perf_counter()
                    words = stt.transcribe(
                        wav,
                        model=folder,
                        prompt=prompt,
                        keep_fillers=prompt is not None,
                        hotwords=vocabulary,
                    )
                    computing += time.perf_counter() - started
                    seconds += truth["seconds"]
                    said = [w.lower() for w in truth["words"]]
                    got = [w.text.lower().strip(".,!?") for w in words]
                    wer[name].append(word_error_rate(said, got))
                    fillers = sum(1 for w in said if w in FILLERS)
                    said_fillers += fillers
                    kept += min(fillers, sum(1 for w in got if w in FILLERS))
                mean = {name: sum(v) / len(v) for name, v in wer.items()}
                setting = ("fillers" if prompt else "none") + (
                    " + vocabulary" if vocabulary else ""
                )
                print(
                    f"{label:<8} {setting:<20} {mean['clean']:>9.3f}"
                    f" {mean['fillers']:>11.3f} {kept:>6}/{said_fillers:<5}"
                    f" {computing / seconds * 60:>9.2f}"
                )


if __name__ == "__main__":
    import logging

    import django

    django.setup()
    logging.getLogger("faster_whisper").setLevel(logging.WARNING)
    only = sys.argv[1:]
    if not only or "pace" in only:
        pace()
        print()
    if not only or "fillers" in only:
        fillers()
        print()
    if not only or "models" in only:
        models()
