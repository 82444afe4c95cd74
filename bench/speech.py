"""Speech metrics against the truth, and whether Whisper keeps filler words.

Run: .venv/bin/python bench/speech.py
1. Pace: espeak-ng says four known sentences with 1.5 s pauses at five rates; the truth is the
   words said over the seconds of audio that hold speech. Prints the measured pace (through
   the pipeline's transcriber and language.speech.measure), its error, the pauses found and the
   word error rate.
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


def pace() -> None:
    from language.evaluate import word_error_rate
    from language.speech import measure
    from media import transcribe as stt
    from media.testing import speech_with_pauses

    said = [w for line in PACE_SCRIPT for w in line.split()]
    print(
        f"{'espeak rate':>11} {'true wpm':>9} {'measured':>9} {'error':>6} {'pauses':>7} {'WER':>5}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for rate in (110, 120, 150, 175, 200):
            wav = Path(tmp) / f"{rate}.wav"
            truth = speech_with_pauses(PACE_SCRIPT, wav, words_per_minute=rate, pause=1.5)
            true_pace = len(said) / (truth["speaking_seconds"] / 60)
            words = stt.transcribe(wav)
            metrics = measure([w.__dict__ for w in words])
            error = (metrics.pace_wpm - true_pace) / true_pace
            wer = word_error_rate(said, [w.text for w in words])
            print(
                f"{rate:>11} {true_pace:>9.1f} {metrics.pace_wpm:>9.1f} {error:>+6.1%} "
                f"{metrics.pauses:>4}/{len(PACE_SCRIPT) - 1} {wer:>5.2f}"
            )


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


if __name__ == "__main__":
    pace()
    print()
    fillers()
