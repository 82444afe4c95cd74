"""Does Whisper keep filler words? Filler recall and word error rate with and without a prompt.

Run: .venv/bin/python bench/fillers.py
espeak-ng says a short script with known fillers ("um", "uh") at three rates; faster-whisper
(tiny.en, the default model) transcribes it with no prompt, with the short filler prompt the
pipeline uses, and with a longer one. Prints, per setting: fillers kept (of those said), word
error rate on the whole script, and how often a run lost more than a third of the words.
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


def main() -> None:
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
    main()
