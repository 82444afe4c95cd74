"""Accuracy and macro-F1 of the text analyzers on the team's labelled sets (language/data/)."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from language.feedback import classify_feedback
from language.questions import classify_question

DATA = Path(__file__).parent / "data"


def read_labelled(path: Path) -> list[tuple[str, str]]:
    """(label, text) pairs from a tab-separated file; lines starting with # are comments."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, _, text = line.partition("\t")
        rows.append((label.strip(), text.strip()))
    return rows


@dataclass(frozen=True)
class Score:
    name: str
    items: int
    accuracy: float
    macro_f1: float
    per_label: dict[str, float]  # F1 per label
    mistakes: list[tuple[str, str, str]]  # (expected, got, text)


def score(name: str, rows: list[tuple[str, str]], label_of: Callable[[str], str]) -> Score:
    predicted = [(label, label_of(text), text) for label, text in rows]
    labels = sorted({label for label, _ in rows})
    per_label = {}
    for label in labels:
        tp = sum(1 for want, got, _ in predicted if want == label and got == label)
        fp = sum(1 for want, got, _ in predicted if want != label and got == label)
        fn = sum(1 for want, got, _ in predicted if want == label and got != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        per_label[label] = (
            2 * precision * recall / (precision + recall) if precision + recall else 0.0
        )
    correct = sum(1 for want, got, _ in predicted if want == got)
    return Score(
        name=name,
        items=len(rows),
        accuracy=correct / len(rows) if rows else 0.0,
        macro_f1=sum(per_label.values()) / len(per_label) if per_label else 0.0,
        per_label=per_label,
        mistakes=[(want, got, text) for want, got, text in predicted if want != got],
    )


def evaluate_all() -> list[Score]:

    sets = [
        ("questions", "questions.tsv", lambda text: classify_question(text).kind),
        ("questions held out", "questions_holdout.tsv", lambda text: classify_question(text).kind),
        ("feedback", "feedback.tsv", lambda text: classify_feedback(text).kind),
        ("feedback held out", "feedback_holdout.tsv", lambda text: classify_feedback(text).kind),
    ]
    return [score(name, read_labelled(DATA / file), label_of) for name, file, label_of in sets]


def word_error_rate(reference: list[str], hypothesis: list[str]) -> float:
    """(substitutions + deletions + insertions) / words in the reference, by edit distance."""
    ref = [w.lower().strip(".,!?;:\"'") for w in reference]
    hyp = [w.lower().strip(".,!?;:\"'") for w in hypothesis]
    previous = list(range(len(hyp) + 1))
    for i, word in enumerate(ref, 1):
        current = [i] + [0] * len(hyp)
        for j, other in enumerate(hyp, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other))
        previous = current
    return previous[-1] / len(ref) if ref else float(bool(hyp))
