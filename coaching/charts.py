"""A trend line with its target line as SVG coordinates, with its axes, in plain Python (no
chart library): the value axis (low and high) on the left, the periods along the bottom."""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 320, 140
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 10, 26


@dataclass(frozen=True)
class Chart:
    points: str  # "x,y x,y ..." for <polyline>
    target_points: str
    dots: list[tuple[float, float, str, float, bool | None]]  # x, y, label, value, met
    low: float
    high: float
    ticks: list[tuple[float, str, str]] = field(default_factory=list)  # x, label, anchor
    # each target as a short dash, so a single period's target shows too: (x1, x2, y)
    target_marks: list[tuple[float, float, float]] = field(default_factory=list)
    axis: dict = field(default_factory=dict)  # where the axes and their labels go


def _short(value: float) -> str:
    """12,400 -> 12.4k: a value label that fits the axis."""
    if abs(value) >= 1000:
        return f"{value / 1000:.3g}k"
    return f"{value:.3g}"


def trend(series: list[tuple[str, float | None, float | None]], *, met=None) -> Chart | None:
    """series: (label, value, target) per period, oldest first. None where nothing is known."""
    known = [v for _, v, t in series for v in (v, t) if v is not None]
    if not known:
        return None
    low, high = min(known + [0.0]), max(known)
    if high == low:
        high = low + 1
    step = (WIDTH - LEFT - RIGHT) / max(1, len(series) - 1)
    bottom = HEIGHT - BOTTOM

    def y(value: float) -> float:
        return round(bottom - (value - low) / (high - low) * (bottom - TOP), 1)

    points, targets, dots, ticks, marks = [], [], [], [], []
    every = max(1, (len(series) + 3) // 4)  # at most about four period labels: a phone reads them
    for index, (label, value, target) in enumerate(series):
        x = round(LEFT + index * step, 1)
        if index % every == 0 or index == len(series) - 1:
            last = index == len(series) - 1 and index > 0
            ticks.append((x, label, "end" if last else "start" if index == 0 else "middle"))
        if value is not None:
            points.append(f"{x},{y(value)}")
            hit = met(value, target) if (met and target is not None) else None
            dots.append((x, y(value), label, value, hit))
        if target is not None:
            targets.append(f"{x},{y(target)}")
            marks.append((round(x - 7, 1), round(x + 7, 1), y(target)))
    axis = {
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": bottom,
        "label_x": LEFT - 4,
        "tick_y": bottom + 16,
        "high": _short(high),
        "low": _short(low),
        "high_y": TOP + 4,
        "low_y": bottom,
    }
    return Chart(
        " ".join(points),
        " ".join(targets),
        dots,
        low,
        high,
        ticks=ticks,
        target_marks=marks,
        axis=axis,
    )
