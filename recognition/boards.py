"""Leaderboard arithmetic in plain Python: performance, contribution and most improved."""

from dataclasses import dataclass

CONTRIBUTION_POINTS = {
    "helpful": 3,  # a colleague found one of your clips helpful
    "adopted": 3,  # your advice or clip was credited in a colleague's action plan
    "stories": 2,  # stories shared
    "sessions": 2,  # co-development sessions, clinics and role-plays joined
    "kudos_given": 1,
}


def attainment(value: float, target: float, higher_is_better: bool) -> float:
    """Percent of target, capped at 150 so one huge month does not drown the rest."""
    if target <= 0 or (not higher_is_better and value <= 0):
        return 150.0 if (value >= target if higher_is_better else value <= target) else 0.0
    ratio = value / target if higher_is_better else target / value
    return round(min(ratio, 1.5) * 100, 1)


def contribution(counts: dict[str, int]) -> int:
    return sum(CONTRIBUTION_POINTS[key] * n for key, n in counts.items() if n)


@dataclass
class Line:
    name: str
    score: float
    detail: str = ""
    rank: int = 0
    person_id: int | None = None  # a person's line (a team total has none)


TOP = 10  # places a board shows; the viewer's own place is added below when further down


def glance(lines: list[Line], *, viewer_id: int) -> dict:
    """A board at a glance: its top places, the viewer's own line when it is further down, and
    how many lines the whole board has (a click away)."""
    top = lines[:TOP]
    mine = next(
        (
            line
            for line in lines[TOP:]
            if line.person_id is not None and line.person_id == viewer_id
        ),
        None,
    )
    return {"top": top, "mine": mine, "total": len(lines)}


def ranked(lines: list[Line], *, mode: str, top_n: int) -> list[Line]:
    """Best first, ties share a rank; "top" keeps the first N, "ranks" keeps all."""
    ordered = sorted(lines, key=lambda line: (-line.score, line.name))
    previous, rank = None, 0
    for index, line in enumerate(ordered, 1):
        if line.score != previous:
            rank, previous = index, line.score
        line.rank = rank
    return ordered[:top_n] if mode == "top" else ordered
