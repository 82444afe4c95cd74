"""A trend line with its target line as SVG coordinates, in plain Python (no chart library)."""

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 320, 120, 14


@dataclass(frozen=True)
class Chart:
    points: str  # "x,y x,y ..." for <polyline>
    target_points: str
    dots: list[tuple[float, float, str, float, bool | None]]  # x, y, label, value, met
    low: float
    high: float


def trend(series: list[tuple[str, float | None, float | None]], *, met=None) -> Chart | None:
    """series: (label, value, target) per period, oldest first. None where nothing is known."""
    known = [v for _, v, t in series for v in (v, t) if v is not None]
    if not known:
        return None
    low, high = min(known + [0.0]), max(known)
    if high == low:
        high = low + 1
    step = (WIDTH - 2 * PAD) / max(1, len(series) - 1)

    def y(value: float) -> float:
        return round(HEIGHT - PAD - (value - low) / (high - low) * (HEIGHT - 2 * PAD), 1)

    points, targets, dots = [], [], []
    for index, (label, value, target) in enumerate(series):
        x = round(PAD + index * step, 1)
        if value is not None:
            points.append(f"{x},{y(value)}")
            hit = met(value, target) if (met and target is not None) else None
            dots.append((x, y(value), label, value, hit))
        if target is not None:
            targets.append(f"{x},{y(target)}")
    return Chart(" ".join(points), " ".join(targets), dots, low, high)
