"""Speaking metrics on word timings: made-up timings for the arithmetic, and real speech
from espeak-ng through the real transcriber for pace."""

import shutil

import pytest

from conftest import require_component
from language.speech import measure


def timed(text: str, *, start: float = 0.0, seconds_per_word: float = 0.4) -> list[dict]:
    """Words said one after the other; "/" marks a two-second pause."""
    words, t = [], start
    for token in text.split():
        if token == "/":
            t += 2.0
            continue
        words.append({"start": round(t, 2), "end": round(t + 0.3, 2), "text": token})
        t += seconds_per_word
    return words


def test_pace_counts_speaking_time_only():
    # 60 words at 0.4 s each is 24 s of speech: 150 wpm, whatever the pauses in between.
    words = timed(" ".join(["word"] * 30) + " / / " + " ".join(["word"] * 30))
    metrics = measure(words)
    assert metrics.words == 60
    assert metrics.pace_wpm == pytest.approx(150, rel=0.02)
    assert metrics.pauses == 1
    assert metrics.longest_pause == pytest.approx(4.1, abs=0.05)
    assert metrics.longest_stretch == pytest.approx(11.9, abs=0.05)


def test_pace_outside_the_band_gets_a_directive_with_the_band():
    fast = measure(timed(" ".join(["word"] * 60), seconds_per_word=0.3))
    pace = next(d for d in fast.directives if d.metric == "pace")
    assert not pace.ok
    assert pace.text.startswith("Slow down to 140-160 words a minute: you spoke at 200")


def test_fillers_per_minute_share_and_clusters():
    text = "so um I asked uh what the um budget was and they said basically " + " ".join(
        ["fine"] * 46
    )
    metrics = measure(timed(text))
    assert metrics.fillers == 4
    assert metrics.filler_counts == {"um": 2, "uh": 1, "basically": 1}
    assert metrics.filler_share == pytest.approx(4 / 60, abs=0.001)
    assert metrics.fillers_per_minute == pytest.approx(4 / (23.9 / 60), rel=0.02)
    fillers = next(d for d in metrics.directives if d.metric == "fillers")
    assert not fillers.ok and "mostly “um”" in fillers.text
    clusters = [m for m in metrics.moments if m.kind == "fillers"]
    assert len(clusters) == 1 and clusters[0].start == pytest.approx(0.4)


def test_questions_are_counted_by_kind_and_marked():
    metrics = measure(timed("What did they say? Did you call them? Have you tried a pilot? Okay."))
    assert metrics.questions == {"open": 1, "closed": 1, "advice": 1}
    marks = [m for m in metrics.moments if m.kind == "question"]
    assert [m.label.split(":")[0] for m in marks] == ["open", "closed", "advice"]


def test_vocabulary_terms_are_counted():
    metrics = measure(
        timed("our champion brought the economic buyer and another champion"),
        terms={"champion": ["Champion"], "economic-buyer": ["economic buyer", "EB"]},
    )
    assert metrics.terms == {"champion": 2, "economic-buyer": 1}


def test_a_word_stretched_into_silence_is_cut_back():
    words = timed("we agreed on the plan") + timed("then we signed", start=5.0)
    words[4]["end"] = 4.9  # the transcriber ran "plan" into the silence
    metrics = measure(words)
    assert metrics.pauses == 1


def test_no_words_no_metrics():
    assert measure([]).words == 0


SENTENCES = [
    "When the buyer said the price was too high I asked what a delay would cost them",
    "They went quiet and then the finance lead listed three projects waiting on this decision",
    "So we agreed to build the business case together before the next call with procurement",
    "I sent a short summary the same afternoon and asked the champion to check the numbers",
]


FILLER_DENSE = [
    "So um when the buyer said uh the price was um too high I uh asked what a delay would cost",
    "Um they went quiet and uh then the um finance lead listed uh three projects waiting",
]


def _real(sentences, tmp_path, *, rate: int, pause: float):
    require_component(shutil.which("espeak-ng") is not None, "espeak-ng")
    from media.testing import speech_with_pauses
    from media.transcribe import speech_spans, transcribe

    wav = tmp_path / f"speech-{rate}.wav"
    truth = speech_with_pauses(sentences, wav, words_per_minute=rate, pause=pause)
    true_pace = len(truth["words"]) / (truth["speaking_seconds"] / 60)
    metrics = measure([w.__dict__ for w in transcribe(wav)], speech=speech_spans(wav))
    return truth, true_pace, metrics


@pytest.mark.parametrize("espeak_rate", [120, 175])
def test_pace_of_real_speech_is_within_five_percent(espeak_rate, tmp_path):
    truth, true_pace, metrics = _real(SENTENCES, tmp_path, rate=espeak_rate, pause=1.5)
    assert metrics.pace_wpm == pytest.approx(true_pace, rel=0.05)
    assert metrics.pauses == len(SENTENCES) - 1
    assert metrics.longest_pause == pytest.approx(1.5, abs=0.2)


def test_fillers_make_no_pauses_the_audio_does_not_have(tmp_path):
    """Whisper's timings open gaps around "um" and "uh"; the audio has no silence there."""
    truth, true_pace, metrics = _real(FILLER_DENSE, tmp_path, rate=160, pause=0.3)
    assert metrics.pauses == 0
    # All of it is speaking time: the speech, and the 0.3 s breath between its sentences.
    # (The pace also counts the words heard, and tiny.en drops some of the "uh"s.)
    spoken = truth["speaking_seconds"] + 0.3 * (len(FILLER_DENSE) - 1)
    assert metrics.speaking_time == pytest.approx(spoken, rel=0.05)


def test_long_deliberate_pauses_are_each_found_and_left_out_of_the_pace(tmp_path):
    truth, true_pace, metrics = _real(SENTENCES, tmp_path, rate=200, pause=3.0)
    assert metrics.pauses == len(SENTENCES) - 1
    assert metrics.longest_pause == pytest.approx(3.0, abs=0.25)
    assert metrics.pace_wpm == pytest.approx(true_pace, rel=0.05)


def test_audio_stretches_decide_pauses_and_speaking_time():
    # Word timings with gaps around the fillers, over audio that never goes quiet.
    words = timed("so um we asked uh what a delay would cost them", seconds_per_word=0.9)
    spans = [(0.0, 4.0), (4.1, 9.3)]
    metrics = measure(words, speech=spans)
    assert metrics.pauses == 0  # a 0.1 s dip is not a pause
    assert metrics.speaking_time == pytest.approx(9.3, abs=0.01)
    assert metrics.pace_wpm == pytest.approx(11 / (9.3 / 60), rel=0.01)
    assert measure(words).pauses >= 5  # from the word gaps alone: pauses around every filler


def test_a_sound_without_words_is_neither_speech_nor_the_end_of_a_pause():
    words = timed("we asked what a delay would cost / / they listed three projects")
    cough = (3.9, 4.2)  # in the pause, no word in it
    spans = [(0.0, 2.7), cough, (6.7, 8.4)]
    metrics = measure(words, speech=spans)
    assert metrics.pauses == 1 and metrics.longest_pause == pytest.approx(4.0, abs=0.01)
    assert metrics.speaking_time == pytest.approx(2.7 + 1.7, abs=0.01)


def test_one_filler_in_a_short_clip_is_nothing_to_work_on():
    metrics = measure(timed("so um we agreed on the next step and booked it"))
    fillers = next(d for d in metrics.directives if d.metric == "fillers")
    assert metrics.fillers_per_minute > 5
    assert fillers.ok and fillers.text == "1 filler word: nothing to work on."


def test_a_question_heard_without_confidence_is_not_counted():
    sure = timed("What did the CFO say? We moved on.")
    unsure = [dict(w, p=0.3) for w in timed("Did you call them?", start=3.0)]
    metrics = measure(sure + unsure)
    assert metrics.questions == {"open": 1, "closed": 0, "advice": 0}
    assert measure(sure + [dict(w, p=0.9) for w in unsure]).questions["closed"] == 1
