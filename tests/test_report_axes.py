"""The report's chart axes: every tick labelled with the value it stands at, in the report's number format."""

from __future__ import annotations

import pandas as pd
import pytest

from cxnlp.report import charts
from cxnlp.report.page import Page

QUADRANTS = {key: key for key in ("fix_first", "watch", "maintain", "low_priority")}


@pytest.fixture
def tick_labels(monkeypatch):
    """{(chart's alt, "x" or "y"): [(tick, its label)]} of the charts drawn, their ticks inside the axis."""
    seen = {}
    to_svg = charts.to_svg

    def spy(fig, alt, table=None):
        for ax in fig.axes:
            for name, axis, limits in (("x", ax.xaxis, ax.get_xlim()), ("y", ax.yaxis, ax.get_ylim())):
                ticks = [t for t in axis.get_majorticklocs() if min(limits) <= t <= max(limits)]
                label = axis.get_major_formatter()
                seen[(alt, name)] = [(round(float(t), 4), label(t, i)) for i, t in enumerate(ticks)]
        return to_svg(fig, alt, table)

    monkeypatch.setattr(charts, "to_svg", spy)
    return seen


def test_ticks_at_quarter_steps_are_labelled_with_their_value(tick_labels):
    # found by review: the locator steps by 2.5 too, and the impact and priority charts labelled their ticks at a
    # fixed number of decimals: a share axis of 0-20 read "0, 2, 5, 8, 10" (2.5 as 2, 7.5 as 8), an effect axis
    # of a mean "−0,8, −0,5, −0,2, 0,0" (−0.75, −0.5, −0.25), a CES impact axis "−0,08, −0,05, −0,02" (−0.075...).
    page = Page(pd.DataFrame(), "es", 30, [])
    charts.impact_chart(["a", "b"], [-0.07, 0.035], [True, False], [False, False], xlabel="x", fmt=page.num,
                        alt="impact", digits=2)
    charts.priority_chart(["a", "b"], [8.5, 17.0], [-0.9, 0.45], [-0.9, 0.0], [0.0, 0.9], [True, False], split=12.0,
                          quadrants=QUADRANTS, xlabel="x", ylabel="y", fmt=page.num, alt="matrix")
    assert tick_labels[("impact", "x")] == [(-0.075, "−0,075"), (-0.05, "−0,050"), (-0.025, "−0,025"),
                                            (0.0, "0,000"), (0.025, "0,025"), (0.05, "0,050"), (0.075, "0,075")]
    assert tick_labels[("matrix", "x")][:4] == [(0.0, "0,0"), (2.5, "2,5"), (5.0, "5,0"), (7.5, "7,5")]
    assert tick_labels[("matrix", "y")][:4] == [(-1.0, "−1,00"), (-0.75, "−0,75"), (-0.5, "−0,50"),
                                                (-0.25, "−0,25")]


def test_whole_ticks_keep_their_decimals(tick_labels):
    page = Page(pd.DataFrame(), "en", 30, [])
    charts.priority_chart(["a", "b"], [20.0, 45.0], [-2.0, 1.0], [-2.0, 0.0], [0.0, 2.0], [True, False], split=30.0,
                          quadrants=QUADRANTS, xlabel="x", ylabel="y", fmt=page.num, alt="matrix")
    assert [label for _, label in tick_labels[("matrix", "x")]] == ["0", "10", "20", "30", "40", "50"]
    assert [label for _, label in tick_labels[("matrix", "y")]] == ["−2.0", "−1.0", "0.0", "1.0", "2.0"]


def test_a_theme_without_an_effect_is_left_out_of_the_matrix(tick_labels):
    """A NaN effect made the axis limits NaN (max(nan, 0.5) is nan) and matplotlib refused the chart."""
    nan = float("nan")
    page = Page(pd.DataFrame(), "en", 30, [])
    svg = charts.priority_chart(["sin efecto", "precio"], [40.0, 20.0], [nan, -2.0], [nan, -2.0], [nan, 0.0],
                                [False, True], split=30.0, quadrants=QUADRANTS, xlabel="x", ylabel="y", fmt=page.num,
                                alt="matrix")
    assert "precio" in svg and "sin efecto" not in svg
    assert [label for _, label in tick_labels[("matrix", "y")]] == ["−2.0", "−1.0", "0.0", "1.0", "2.0"]
    assert [label for _, label in tick_labels[("matrix", "x")]] == ["0", "5", "10", "15", "20"]
