"""Rubric arithmetic, in plain Python: weighted criteria scored on a scale with partial credit.

A review scores each criterion from 0 to the rubric's top score; a take's score is the mean of
its reviews; a review's score is the weighted mean of its criteria, as a percentage.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    id: int
    name: str
    weight: int


def review_percent(criteria: list[Criterion], scores: dict[int, int], top: int) -> float:
    """Weighted share of the top score across the criteria scored, 0-100."""
    scored = [c for c in criteria if c.id in scores]
    total_weight = sum(c.weight for c in scored)
    if not total_weight or top <= 0:
        return 0.0
    earned = sum(c.weight * scores[c.id] / top for c in scored)
    return round(100 * earned / total_weight, 1)


def take_percent(
    criteria: list[Criterion], reviews: list[dict[int, int]], top: int
) -> float | None:
    """The mean of the reviews' percentages; None before anyone reviewed."""
    if not reviews:
        return None
    return round(sum(review_percent(criteria, r, top) for r in reviews) / len(reviews), 1)


def criterion_averages(
    criteria: list[Criterion], reviews: list[dict[int, int]]
) -> dict[int, float]:
    """Each criterion's mean score across the reviews that scored it."""
    averages = {}
    for criterion in criteria:
        values = [r[criterion.id] for r in reviews if criterion.id in r]
        if values:
            averages[criterion.id] = round(sum(values) / len(values), 2)
    return averages


def parse_rubric(text: str) -> list[tuple[str, int]]:
    """ "Name, weight" per line (weight 1 if left out) -> [(name, weight)]; ValueError says why."""
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, _, weight = line.rpartition(",") if "," in line else (line, "", "1")
        name, weight = name.strip(), weight.strip() or "1"
        if not name:
            raise ValueError(f"Line {number}: give the criterion a name before the comma.")
        if not weight.isdigit() or not 1 <= int(weight) <= 10:
            raise ValueError(f"Line {number}: the weight after the comma is a whole number 1-10.")
        rows.append((name[:120], int(weight)))
    if not rows:
        raise ValueError("Add at least one criterion, one per line: “Name, weight”.")
    if len(rows) > 12:
        raise ValueError("Keep the rubric to 12 criteria or fewer.")
    return rows
