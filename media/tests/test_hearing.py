"""Only what was said: words over silence or a beep are dropped, numbers come out whole."""

import shutil
from pathlib import Path

import av
import numpy as np
import pytest

from media.transcribe import Word, heard, speech_spans, transcribe, whole_numbers


def _wav(samples: np.ndarray, target: Path, rate: int = 16000) -> Path:
    with av.open(str(target), "w", format="wav") as out:
        stream = out.add_stream("pcm_s16le", rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(
            samples.astype(np.int16).reshape(1, -1), format="s16", layout="mono"
        )
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            out.mux(packet)
        out.mux(stream.encode(None))
    return target


def test_a_word_outside_every_stretch_of_speech_was_never_said():
    words = [
        Word(0.2, 0.5, "We", 0.9),
        Word(0.6, 1.0, "agreed.", 0.9),
        Word(6.0, 6.6, "Thank", 0.4),
    ]
    assert [w.text for w in heard(words, [(0.1, 1.1)])] == ["We", "agreed."]
    assert heard(words, []) == []


def test_amounts_and_percentages_come_out_whole():
    words = [
        Word(0.0, 0.3, "about", 0.9),
        Word(0.3, 0.6, "$8", 0.9),
        Word(0.6, 0.9, ",000", 0.8),
        Word(1.0, 1.2, "and", 0.9),
        Word(1.2, 1.4, "60", 0.9),
        Word(1.4, 1.5, "%", 0.9),
        Word(1.6, 1.9, "2026.", 0.9),
    ]
    assert [w.text for w in whole_numbers(words)] == ["about", "$8,000", "and", "60%", "2026."]
    merged = whole_numbers(words)[1]
    assert (merged.start, merged.end, merged.probability) == (0.3, 0.9, 0.8)


@pytest.mark.parametrize("sound", ["silence", "beep"])
def test_a_clip_without_speech_has_no_words(sound, tmp_path):
    rate, seconds = 16000, 3
    t = np.arange(rate * seconds) / rate
    samples = np.zeros_like(t) if sound == "silence" else 8000 * np.sin(2 * np.pi * 1000 * t)
    wav = _wav(samples, tmp_path / f"{sound}.wav", rate)
    assert heard(transcribe(wav), speech_spans(wav)) == []


def test_speech_then_silence_gets_no_closing_words(tmp_path):
    from conftest import require_component
    from media.testing import speech_wav

    require_component(shutil.which("espeak-ng") is not None, "espeak-ng")
    spoken = speech_wav("We agreed to send the business case on Friday", tmp_path / "s.wav")
    with av.open(str(spoken)) as source:
        rate = source.streams.audio[0].rate
        said = np.concatenate([f.to_ndarray().reshape(-1) for f in source.decode(audio=0)])
    wav = _wav(np.concatenate([said, np.zeros(rate * 8, dtype=np.int16)]), tmp_path / "l.wav", rate)
    words = heard(transcribe(wav), speech_spans(wav))
    text = " ".join(w.text.lower().strip(".,!") for w in words)
    assert "business case" in text
    assert not any(w.start > len(said) / rate + 0.5 for w in words), text


def test_whisper_base_is_joined_once_checked_and_heard(tmp_path):
    from conftest import require_component
    from media.testing import speech_wav
    from media.transcribe import BASE_MODEL_BYTES, base_model_path

    folder = Path(base_model_path(tmp_path))
    model = folder / "model.bin"
    assert model.stat().st_size == BASE_MODEL_BYTES
    joined_at = model.stat().st_mtime_ns
    assert base_model_path(tmp_path) == str(folder) and model.stat().st_mtime_ns == joined_at
    with model.open("r+b") as broken:  # a join cut short is done again, not loaded
        broken.truncate(1000)
    base_model_path(tmp_path)
    assert model.stat().st_size == BASE_MODEL_BYTES

    require_component(shutil.which("espeak-ng") is not None, "espeak-ng")
    wav = speech_wav("We agreed to send the business case on Friday", tmp_path / "s.wav")
    text = " ".join(w.text.lower().strip(".,") for w in transcribe(wav, model=str(folder)))
    assert "business case" in text and "friday" in text


def test_long_audio_is_cut_in_the_silences_between_stretches_of_speech():
    from media.transcribe import PIECE_MIN_SECONDS, _cuts

    spans = [(0.5, 10.0), (11.0, 29.0), (30.2, 41.0), (42.0, 60.0)]
    cuts = _cuts(spans, 61.0, 2)
    assert cuts == [29.6]  # the middle of the silence nearest half way, inside no word
    assert _cuts(spans, 61.0, 3) == [29.6]  # 41.5 would leave a last piece under 20 s
    assert _cuts(spans, 61.0, 1) == []
    assert _cuts([(0.5, 10.0), (11.0, 20.0)], PIECE_MIN_SECONDS * 2 - 1, 2) == []  # too short
    assert _cuts([(0.5, 60.0)], 61.0, 2) == []  # no silence to cut in: one piece


def test_pieces_heard_side_by_side_keep_every_word_in_order_on_the_clips_clock(
    tmp_path, monkeypatch
):
    """A minute of speech cut in two and transcribed at once: the words are those said, in
    order, and the second piece's words sit at their time in the clip."""
    from media import transcribe as stt
    from media.testing import speech_with_pauses

    sentences = [
        "When the buyer said the price was too high I asked what a delay would cost them.",
        "Their finance lead listed three projects waiting on this decision.",
        "We agreed to build the business case together before the next call.",
        "I sent a short summary the same afternoon and asked the champion to check it.",
    ] * 3
    wav = tmp_path / "minute.wav"
    truth = speech_with_pauses(sentences, wav, words_per_minute=160, pause=1.5)
    monkeypatch.setattr(stt, "PIECES", 2)
    hearing = stt.listen(wav)
    assert stt._cuts(hearing.speech, truth["seconds"] + 16, 2)  # it was cut
    starts = [w.start for w in hearing.words]
    assert starts == sorted(starts) and starts[-1] > 40
    said = [w.lower() for w in truth["words"]]
    got = [w.text.lower().strip(".,") for w in hearing.words]
    from language.evaluate import word_error_rate

    assert word_error_rate(said, got) < 0.15
