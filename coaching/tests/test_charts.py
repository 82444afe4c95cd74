"""A trend chart has its axes: the value range on the left, the periods along the bottom."""

from coaching.charts import bars, trend


def test_a_trend_has_value_and_period_axes_that_fit_a_phone():
    series = [(f"P{n}", 1000.0 * n, 4500.0) for n in range(1, 9)]
    chart = trend(series, met=lambda value, target: value >= target)
    assert (chart.axis["low"], chart.axis["high"]) == ("0", "8k")
    labels = [label for _, label, _ in chart.ticks]
    assert labels[0] == "P1" and labels[-1] == "P8" and len(labels) <= 5
    assert all(chart.axis["left"] <= x <= chart.axis["right"] for x, _, _ in chart.ticks)
    assert [anchor for _, _, anchor in chart.ticks][:: len(chart.ticks) - 1] == ["start", "end"]
    assert len(chart.target_marks) == 8  # one dash per period's target
    short = [label for _, _, label, _, met in chart.dots if met is False]
    assert short == ["P1", "P2", "P3", "P4"]


def test_nothing_known_draws_no_chart():
    assert trend([("P1", None, None)]) is None


def test_bars_mark_each_row_against_its_target_and_fit_their_labels():
    chart = bars(
        [("Rita Rep", 9.0, 10.0), ("Bartholomew Longname-Smith", 12.0, 10.0), ("Sam", None, 8.0)],
        met=lambda value, target: value >= target,
    )
    assert [b.short for b in chart.bars] == [True, False, None]
    assert chart.bars[1].label.endswith("…") and len(chart.bars[1].label) <= 17
    assert chart.bars[2].width == 0 and chart.bars[2].text == "—"
    widest = chart.right - chart.left
    assert chart.bars[1].width == widest  # the largest value spans the bar area
    assert chart.bars[0].target_x == chart.bars[1].target_x  # both targets at 10
    assert chart.height == 3 * 24 + 8


def test_a_reference_line_sits_at_its_value_on_the_same_scale():
    chart = bars([("Win rate", 50.0, 100.0)], reference=100.0, suffix="%")
    assert chart.reference_x == chart.right and chart.bars[0].text == "50%"
    assert chart.bars[0].width == (chart.right - chart.left) / 2


def test_nothing_known_draws_no_bars():
    assert bars([]) is None and bars([("Rita", None, None)]) is None


def test_the_scale_reaches_at_least_as_far_as_asked():
    chart = bars([("w/c 23 Nov", 0.0, 50.0)], reference=50.0, at_least=100.0, suffix="%")
    assert chart.reference_x == chart.left + (chart.right - chart.left) / 2
