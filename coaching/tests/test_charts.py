"""A trend chart has its axes: the value range on the left, the periods along the bottom."""

from coaching.charts import trend


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
