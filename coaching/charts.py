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


BAR_LABEL, BAR_ROW, BAR_HEIGHT, BAR_VALUE = 112, 24, 14, 48


@dataclass(frozen=True)
class Bar:
    label: str  # shortened to fit; the data table has it whole
    y: float
    width: float  # 0 when there is no value
    text: str  # the value as shown at the end of the bar
    target_x: float | None
    short: bool | None  # below its target (None: no target to judge by)


@dataclass(frozen=True)
class Bars:
    """Horizontal bars, one row each, with each row's target as a tick: a phone reads the
    labels whole where it could not read a vertical axis of names."""

    bars: list[Bar]
    height: int
    left: int  # where the bars start
    right: int  # where they may end
    reference_x: float | None = None  # one line for every row (100% of target, the share due)
    reference_label: str = ""


def _plain(value: float) -> str:
    """As the data tables show it (one decimal at most), thousands shortened: 108.3, 12.4k."""
    return _short(value) if abs(value) >= 10000 else f"{round(value, 1):g}"


def _fit(label: str, size: int = 17) -> str:
    return label if len(label) <= size else label[: size - 1].rstrip() + "…"


def bars(
    rows: list[tuple[str, float | None, float | None]],
    *,
    met=None,
    reference: float | None = None,
    reference_label: str = "",
    suffix: str = "",
    at_least: float = 0.0,
) -> Bars | None:
    """rows: (label, value, target). `met(value, target)` judges a row; `reference`: a value
    drawn as one line across all rows (e.g. 100 for "at target" when values are percentages);
    `at_least`: the scale reaches that far even when every value is below it."""
    known = [v for _, v, t in rows for v in (v, t) if v is not None]
    if reference is not None:
        known.append(reference)
    if not rows or not known:
        return None
    high = max(known + [at_least]) or 1
    left, right = BAR_LABEL, WIDTH - BAR_VALUE
    span = right - left

    def x(value: float) -> float:
        return round(left + max(0.0, value) / high * span, 1)

    drawn = []
    for index, (label, value, target) in enumerate(rows):
        short = None
        if met is not None and value is not None and target is not None:
            short = not met(value, target)
        drawn.append(
            Bar(
                _fit(label),
                index * BAR_ROW + 4,
                round(x(value) - left, 1) if value is not None else 0,
                f"{_plain(value)}{suffix}" if value is not None else "—",
                x(target) if target is not None else None,
                short,
            )
        )
    return Bars(
        drawn,
        len(rows) * BAR_ROW + 8,
        left,
        right,
        x(reference) if reference is not None else None,
        reference_label,
    )
