import io

import pytest
from django.core.management import CommandError, call_command

from language.evaluate import DATA, read_labelled


def _run(*args, stdin: str = "", monkeypatch=None) -> list[str]:
    out = io.StringIO()
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("analyze", *args, stdout=out)
    return out.getvalue().splitlines()


def test_questions_from_a_file_one_line_each_label_first(tmp_path):
    path = tmp_path / "questions.txt"
    path.write_text("What did they say?\n\nDid you call?\nHave you tried a pilot?\nCall them.\n")
    lines = _run("questions", str(path))
    assert [line.split("\t")[0] for line in lines] == ["open", "closed", "advice", "not_question"]
    assert all("\t" in line and line.split("\t")[1] for line in lines)


def test_feedback_from_standard_input(monkeypatch):
    lines = _run(
        "feedback", "-", stdin="Great job\nYou paused after the price.\n", monkeypatch=monkeypatch
    )
    assert [line.split("\t")[0] for line in lines] == ["abstract", "concrete"]


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        _run("questions", str(tmp_path / "nope.txt"))


def test_a_binary_file_is_a_clear_error(tmp_path):
    path = tmp_path / "clip.webm"
    path.write_bytes(b"\x1a\x45\xdf\xa3\xff\xfe\x00")
    with pytest.raises(CommandError, match="not UTF-8"):
        _run("feedback", str(path))


def test_evaluation_prints_accuracy_and_macro_f1_at_the_aim():
    lines = _run("evaluate")
    scores = {line[:20].strip(): line for line in lines}
    assert set(scores) == {"questions", "questions held out", "feedback", "feedback held out"}
    for line in lines:
        accuracy = float(line.split("accuracy ")[1].split()[0])
        macro_f1 = float(line.split("macro-F1 ")[1].split()[0])
        assert accuracy >= 0.95 and macro_f1 >= 0.97, line


def test_the_labelled_sets_are_large_enough():

    questions = read_labelled(DATA / "questions.tsv")
    feedback = read_labelled(DATA / "feedback.tsv")
    assert sum(label in ("open", "closed", "advice") for label, _ in questions) >= 120
    assert len(feedback) >= 60
