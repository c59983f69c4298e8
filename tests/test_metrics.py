"""NPS/CSAT/CES formulas against hand-computed values and the published definitions (docs/metrics.md),
and ``summarize`` by theme."""

from __future__ import annotations

import doctest
import math
import re
import time
import unicodedata
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
import scipy.stats

import cxnlp
from cxnlp.exceptions import ConfigError, DataError
from cxnlp.metrics import NPS, base, effort, engine, net_promoter, periods, satisfaction, summary
from cxnlp.metrics import _date_cells, _period_checks
from cxnlp.metrics.themes import split_labels, theme_id, theme_mask

Z = 1.959963984540054


# -- NPS ----------------------------------------------------------------------------------------
def test_nps_six_promoters_two_passives_two_detractors_is_40():
    r = cxnlp.nps([10, 9, 9, 10, 9, 9, 8, 7, 3, 6])
    assert r.value == pytest.approx(40.0)
    assert r.n == 10
    assert r.counts == {"promoters": 6, "passives": 2, "detractors": 2}
    # SE = 100 * sqrt((p + d - (p - d)^2) / n) = 100 * sqrt((0.8 - 0.16) / 10)
    assert r.se == pytest.approx(100 * math.sqrt(0.064))
    # adjusted Wald (Rocks 2016): 3/4 promoter and 3/4 detractor added, n + 3
    p, d = 6.75 / 13, 2.75 / 13
    half = Z * math.sqrt((p + d - (p - d) ** 2) / 13)
    assert r.interval == pytest.approx((100 * (p - d - half), 100 * (p - d + half)))


@pytest.mark.parametrize("scores, expected", [
    ([9, 10] * 5, 100.0),                      # all promoters
    ([0, 6, 3], -100.0),                       # all detractors
    ([7, 8, 7, 8], 0.0),                       # passives count in n: NPS 0, not undefined
    ([10] * 50 + [8] * 30 + [2] * 20, 30.0),   # 50% promoters - 20% detractors
    ([6, 7, 9], 0.0),                          # boundaries: 6 detractor, 7 passive, 9 promoter
])
def test_nps_published_definition(scores, expected):
    assert cxnlp.nps(scores).value == pytest.approx(expected)


def test_nps_interval_is_clipped_and_degenerate_cases():
    # three promoters say little: the interval reaches well below 100 but holds the value itself
    three = cxnlp.nps([10, 10, 10])
    assert three.high == 100.0 and three.low < 10
    wide = cxnlp.nps([10, 0])
    assert wide.low < -60 and wide.high > 60
    empty = cxnlp.nps([])
    assert empty.n == 0 and math.isnan(empty.value) and math.isnan(empty.se)


def test_nps_excludes_and_counts_bad_answers():
    r = cxnlp.nps(["9", "9,0", " 10 ", "", None, float("nan"), "  ", 11, -1, "8,5", "diez", "N/A", 3])
    assert (r.n, r.value) == (4, pytest.approx(50.0))  # 9, 9, 10 promoters; 3 detractor
    assert (r.blank, r.out_of_range, r.non_numeric) == (4, 3, 2)
    assert r.excluded == 9
    assert r.to_dict()["counts"]["promoters"] == 3
    assert r.to_dict()["excluded"] == 9 and r.to_dict()["interval"] == [r.low, r.high]


@pytest.mark.parametrize("text, expected", [
    ("10 - Extremadamente probable", 10.0), ("0 - Nada probable", 0.0), ("10 \u2013 Muy probable", 10.0),
    ("10: Muy probable", 10.0), ("10 (Muy probable)", 10.0), ("0 = nada", 0.0), ("9-Probable", 9.0),
    ("10\u00a0- Muy probable", 10.0), ("10 - \u00a1Seguro!", 10.0),
    ("10. Extremadamente probable", 10.0), ("10) Extremadamente probable", 10.0), ("9.- Muy probable", 9.0),
])
def test_labelled_choice_is_read_as_its_scale_point(text, expected):
    # Qualtrics/SurveyMonkey export the labelled ends of a scale as "10 - Extremadamente probable": those are
    # the promoters and detractors, and excluding them turned an NPS of +15 into -8.3.
    x, reason = base.parse_scores([text], (0, 10), integer=True)
    assert (x[0], reason[0]) == (expected, 0)


@pytest.mark.parametrize("text", ["10 d\u00edas", "3 veces", "5-6", "1 - 2 d\u00edas", "10:30", "9/10", "9 pts",
                                  "nueve", "- Muy probable", "10 -", "10 - 5", "8.5 bueno", "8. 5", "10.12.2026",
                                  "10.Extremadamente"])
def test_free_text_with_a_number_stays_non_numeric(text):
    assert base.parse_scores([text], (0, 10))[1][0] == base.NON_NUMERIC


@pytest.mark.parametrize("text, expected", [
    ("\u2605\u2605\u2605\u2605\u2606", 4.0), ("\u2605\u2605\u2605\u2605\u2605", 5.0), ("\u2605", 1.0),
    ("\u2b50\ufe0f\u2b50\ufe0f\u2b50\ufe0f", 3.0), ("\u2605 \u2605 \u2605 \u2606 \u2606", 3.0),
    ("5 estrellas", 5.0), ("1 estrella", 1.0), ("4 Stars", 4.0),
])
def test_star_rating_is_read_as_its_count_of_filled_stars(text, expected):
    # Star ratings were non-numeric, and with no digit in "★★★★☆" a few of them among numbers were left out of
    # CSAT without a warning.
    x, reason = base.parse_scores([text], (1, 5))
    assert (x[0], reason[0]) == (expected, 0)


@pytest.mark.parametrize("text", ["\u2606\u2606\u2606\u2606\u2606", "\u2605\u2606\u2605", "\u2605\u2605 muy bien",
                                  "estrellas", "4,5 estrellas"])
def test_star_ratings_in_other_forms_stay_non_numeric(text):
    assert base.parse_scores([text], (1, 5))[1][0] == base.NON_NUMERIC


def test_star_ratings_in_a_csat_column():
    r = cxnlp.csat(["5", "4", "\u2605\u2605\u2605\u2605\u2606", "\u2605\u2605\u2606\u2606\u2606", "2 estrellas", "1"])
    assert (r.n, r.non_numeric, r.value) == (6, 0, pytest.approx(50.0))
    assert cxnlp.csat(["6 estrellas"]).out_of_range == 1


@pytest.mark.parametrize("text, scale", [
    ("\u2605\u2605\u2605\u2605\u2605", (0, 10)), ("5 estrellas", (0, 10)), ("\u2605\u2605\u2605\u2605\u2606", (1, 4)),
    ("4 stars", (1, 7)), ("\u2605\u2605\u2605", (1, 10)), ("\u2605\u2605\u2605\u2606\u2606\u2606\u2606\u2606\u2606\u2606", (1, 5))])
def test_a_star_rating_is_read_only_on_a_scale_whose_top_is_5(text, scale):
    # review of exports1: "★★★★★" out of five was read as 5 on NPS's 0-10 (a detractor: NPS 100 became -66.7 on
    # five of them beside one "10"), on 1-10 and 1-7 as their 5, and "★★★★☆" as the top of a 1-4 scale.
    assert base.parse_scores([text], scale)[1][0] == base.NON_NUMERIC
    assert cxnlp.nps(["\u2605\u2605\u2605\u2605\u2605"] * 5 + ["10"]).value == 100.0
    assert base.parse_scores(["\u2605\u2605\u2605\u2605\u2606", "4 stars"], (0, 5))[0].tolist() == [4.0, 4.0]


def test_a_five_point_scale_label_with_a_closing_period_is_read():
    # review of exports1: "Muy satisfecho." and "Neutral!" (a closing period, as some exports and hand-made sheets
    # write them) stayed non-numeric while "Muy satisfecho" was 5, with no warning (no digit, a few of them).
    x, reason = base.parse_scores(["Muy satisfecho.", "MUY FACIL .", "Neutral!", "Insatisfecho"], (1, 5))
    assert (x.tolist(), reason.tolist()) == ([5.0, 5.0, 3.0, 2.0], [0, 0, 0, 0])
    assert base.parse_scores(["Muy satisfecho.", "..."], (1, 7))[1].tolist() == [base.NON_NUMERIC] * 2


def test_five_point_scale_labels_are_read_on_a_five_point_scale_only():
    # A CSAT exported as its choices' labels ("Muy satisfecho") was all non-numeric: no CSAT at all.
    labels = ["Muy insatisfecho", "Insatisfecho", "Ni satisfecho ni insatisfecho", "Satisfecho", " muy  SATISFECHO"]
    assert base.parse_scores(labels, (1, 5))[0].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert base.parse_scores(["Very easy", "Muy dif\u00edcil", "Neutral"], (0, 4))[0].tolist() == [4.0, 0.0, 2.0]
    r = cxnlp.csat(["Muy satisfecho", "Satisfecho", "Insatisfecho", "5", "Bastante satisfecho"])
    assert (r.n, r.non_numeric, r.value) == (4, 1, pytest.approx(75.0))
    # on a scale of other than five points a label names no point for sure: left out, not guessed
    assert cxnlp.ces(["Muy f\u00e1cil", "7"], scale=(1, 7)).non_numeric == 1


def test_labelled_choices_in_nps_csat_ces_and_partitions():
    answers = (["10 - Extremadamente probable"] * 60 + ["9"] * 30 + ["8"] * 30 + ["7"] * 20
               + [str(1 + k % 6) for k in range(40)] + ["0 - Nada probable"] * 20)
    r = cxnlp.nps(answers)
    assert (r.n, r.non_numeric, r.value) == (200, 0, pytest.approx(15.0))
    assert cxnlp.nps(["11 - Mucho"]).out_of_range == 1  # read as 11, off the 0-10 scale
    assert cxnlp.csat(["5 - Muy satisfecho", "4", "1 - Nada satisfecho", "2"]).value == pytest.approx(50.0)
    assert cxnlp.ces(["7 - Muy f\u00e1cil", "1 - Muy dif\u00edcil"], scale=(1, 7)).value == pytest.approx(4.0)
    # the Dask/Spark back ends read partitions with the same parser
    from cxnlp import _partitions
    frame = pd.DataFrame({"cx_touchpoints": ["app"] * len(answers), "NPS": answers})
    plan = _partitions.plan_summary(frame.columns, by="touchpoints", nps="NPS", min_n=1)
    got = _partitions.finish_summary(_partitions.partial_sums(frame[list(plan.columns)], plan), plan)
    assert got.attrs["metrics"]["nps"]["non_numeric"] == 0
    assert got.set_index("theme").loc["app", "nps"] == pytest.approx(15.0)


def test_numeric_series_with_missing_values():
    r = cxnlp.nps(pd.Series([10.0, np.nan, 0.0, 12.0]))
    assert (r.n, r.value, r.blank, r.out_of_range) == (2, 0.0, 1, 1)


def test_bare_string_is_rejected():
    with pytest.raises(DataError, match="string '9'"):
        cxnlp.nps("9")


# -- CSAT and CES ---------------------------------------------------------------------------------
def test_csat_top2_box_default():
    r = cxnlp.csat([5, 4, 3, 2, 1, 5, "4,0", 4])
    assert r.value == pytest.approx(100 * 5 / 8)
    p = 5 / 8
    assert r.se == pytest.approx(100 * math.sqrt(p * (1 - p) / 8))
    assert r.counts == {"at_or_above_cutoff": 5, "below_cutoff": 3}


def test_csat_parameters():
    assert cxnlp.csat([1, 2, 3, 4, 5, 5], method="mean").value == pytest.approx(20 / 6)
    assert cxnlp.csat([10, 8, 7, 1], scale=(1, 10), cutoff=8).value == pytest.approx(50.0)
    assert cxnlp.csat([5, 5, 4], cutoff=5).value == pytest.approx(200 / 3)
    assert cxnlp.csat([5, 4], scale=(1.0, 5.0)).scale == (1, 5)  # whole numbers, as floats
    r = cxnlp.csat([0, 6, 4])  # 0 and 6 are off a 1-5 scale
    assert (r.n, r.out_of_range, r.value) == (1, 2, 100.0)


@pytest.mark.parametrize("kwargs, match", [
    ({"cutoff": 7}, r"cutoff 7 is outside the scale \(1, 5\)"),
    ({"method": "top3"}, r"'top3' is not known; expected one of 'top2' or 'mean'\."),
    ({"scale": (5, 1)}, "low < high"),
    ({"scale": "1-5"}, "pair of integers"),
])
def test_csat_bad_parameters_name_the_value(kwargs, match):
    with pytest.raises(ConfigError, match=match):
        cxnlp.csat([4], **kwargs)


def test_an_nps_cutoff_is_refused_not_ignored():
    """NPS(cutoff=7) was accepted and ignored (promoters stayed 9-10), and attrs said the cutoff was 7."""
    from cxnlp.metrics import NPS

    with pytest.raises(ConfigError, match=r"^NPS takes no cutoff, got 7: .*; leave cutoff out\.$"):
        NPS(cutoff=7)
    frame = pd.DataFrame({"cx_touchpoints": "app", "nps": [9, 7]})
    with pytest.raises(ConfigError, match="NPS takes no cutoff"):
        cxnlp.summarize(frame, metrics={"nps": NPS(cutoff=7)})
    assert NPS().settings()["cutoff"] is None


def test_a_net_cutoff_refusal_describes_the_metric_s_own_scale():
    """The refusal explained every net metric as NPS on 0-10 ("detractors 0-6"): wrong for NPS on 1-10 and for a
    net metric of one's own."""
    from dataclasses import dataclass

    from cxnlp.metrics import Metric

    @dataclass(frozen=True, kw_only=True)
    class NetSat(Metric):
        name, label = "netsat", "Net Satisfaction"
        methods = {"net": "net"}
        scale: tuple[int, int] = (1, 5)
        method: str = "net"

    with pytest.raises(ConfigError) as refused:
        NPS(scale=(1, 10), cutoff=7)
    assert str(refused.value) == ("NPS takes no cutoff, got 7: its score() gives each answer of the scale 1-10 its "
                                  "value (promoters 9-10, detractors 1-6); leave cutoff out.")
    with pytest.raises(ConfigError) as refused:
        NetSat(cutoff=4)
    assert str(refused.value) == ("Net Satisfaction takes no cutoff, got 4: its score() gives each answer of the "
                                  "scale 1-5 its value; leave cutoff out.")


def test_ces_mean_default_and_agree_option():
    r = cxnlp.ces([1, 2, 3, 4, 5, 6, 7, None, "", "NS/NC"])
    assert r.value == pytest.approx(4.0)
    assert r.se == pytest.approx(np.std([1, 2, 3, 4, 5, 6, 7], ddof=1) / math.sqrt(7))
    assert (r.blank, r.non_numeric) == (2, 1)
    t = scipy.stats.t.ppf(0.975, 6)  # Student's t, 6 degrees of freedom
    assert r.interval == pytest.approx((4 - t * r.se, 4 + t * r.se))
    assert math.isnan(cxnlp.ces([4]).low)  # one answer: no interval
    assert cxnlp.ces([1.1] * 68).se == 0.0  # equal answers: no spread, not rounding noise
    assert cxnlp.ces([5, 6, 7, 4], method="agree").value == pytest.approx(75.0)
    assert cxnlp.ces([1, 5, 4], scale=(1, 5)).value == pytest.approx(10 / 3)
    assert cxnlp.ces(["5,5", "6,5"]).value == pytest.approx(6.0)  # means accept decimals
    with pytest.raises(ConfigError, match="'median'"):
        cxnlp.ces([4], method="median")


# -- the engine: mergeable sums -------------------------------------------------------------------
def test_sums_of_partitions_merge_to_the_sums_of_the_whole():
    rng = np.random.default_rng(1)
    answers = pd.Series(rng.choice(np.array([0, 5, 7, 8, 9, 10, "9,0", "", "x", 12], dtype=object), 1000))
    group = rng.integers(0, 4, 1000)
    metric = NPS()
    y, reason = metric.values(answers)
    whole = engine.group_sums(group, y, reason, 4)
    parts = [engine.group_sums(group[k::3], y[k::3], reason[k::3], 4) for k in range(3)]  # three "partitions"
    merged = engine.merge(parts)
    for field in ("n", "total", "squares", "reasons"):
        np.testing.assert_allclose(getattr(merged, field), getattr(whole, field))
    # value and interval from the merged sums are those of the metric over each group's answers
    value, se, low, high = metric.estimate(merged.n, merged.total, merged.squares)
    for g in range(4):
        r = cxnlp.nps(answers[group == g])
        assert (value[g], se[g], low[g], high[g]) == pytest.approx((r.value, r.se, r.low, r.high))
        assert merged.reasons[g, 1:].tolist() == [r.blank, r.out_of_range, r.non_numeric]


def test_day_month_votes_of_parts_add_up_to_the_decision_for_the_column():
    dates = pd.Series(["12/31/2024", "13/01/2024 10:00", "01/13/2024", "05/01/2024", "2024-07-01", None, 45488,
                       "12/30/24"], dtype=object)
    votes = [periods.day_month_votes(part) for part in (dates[:3], dates[3:])]
    only_day, only_month = (sum(v) for v in zip(*votes))
    assert (only_day, only_month) == periods.day_month_votes(dates) == (1.0, 3.0)
    assert periods.read_dates(dates)[2] is (only_day >= only_month) is False


# -- summarize ------------------------------------------------------------------------------------
def classified(rows) -> pd.DataFrame:
    """(status, sentiment, touchpoints, areas, region, nps, csat, ces, date) rows as a classified frame."""
    cols = ["cx_status", "cx_sentiment", "cx_touchpoints", "cx_areas", "region", "nps", "csat", "ces", "fecha"]
    return pd.DataFrame(rows, columns=cols)


@pytest.fixture
def survey() -> pd.DataFrame:
    return classified([
        ("ok", "negative", "delivery|support", "cx|customer_service", "Norte", 2, 1, 2, "05/01/2024"),
        ("ok", "negative", "delivery", "cx", "Norte", 4, 2, "", "20/01/2024"),
        ("ok", "positive", "app", "ui", "Sur", 10, 5, 7, "03/02/2024"),
        ("ok", "mixed", "app|delivery", "ui|cx", "Sur", 7, 3, 5, "14/02/2024"),
        ("ok", "positive", "app", "ux", "Sur", 9, 5, 6, "01/03/2024"),
        ("truncated", "neutral", "billing", "cx", "Norte", 8, 4, "NS/NC", "02/03/2024"),
        ("empty", None, None, None, "Norte", 9, 5, 6, "15/03/2024"),
        ("no_comment", None, None, None, "Sur", "", 4, "", "no sé"),
    ])


def test_summarize_by_touchpoints_counts_multilabel_comments_in_each_theme(survey):
    s = cxnlp.summarize(survey, by="touchpoints", nps="nps", min_n=1).set_index("theme")
    assert s["n"].to_dict() == {"delivery": 3, "app": 3, "billing": 1, "support": 1}
    assert list(s.index[:2]) == ["app", "delivery"]  # largest first, ties by name
    assert s.loc["delivery", "share"] == pytest.approx(100 * 3 / 6)  # 6 commented rows
    assert s["share"].sum() > 100  # multi-label
    assert s.loc["delivery", "label"] == "Envío e instalación"
    # delivery: 2, 4, 7 -> two detractors, one passive
    assert s.loc["delivery", "nps"] == pytest.approx(-200 / 3)
    assert s.loc["app", "nps"] == pytest.approx(200 / 3)
    assert s.loc["delivery", ["negative", "mixed", "positive"]].tolist() == pytest.approx([200 / 3, 100 / 3, 0])
    assert s.loc["delivery", "net_sentiment"] == pytest.approx(-200 / 3)
    assert s.attrs["themed_rows"] == 6 and s.attrs["rows"] == 8


@pytest.mark.parametrize("form", [list, tuple, lambda labels: np.array(labels, dtype=object),
                                  lambda labels: str(list(labels)), lambda labels: str(np.array(labels, dtype=object))],
                         ids=["list", "tuple", "array", "list_as_text", "array_as_text"])
def test_label_cells_may_hold_lists(survey, form):
    # Lists or tuples (Classification, the service, JSON), a Parquet list column's arrays, or such a list written as
    # text, as cx_emotions reads them: they gave themes named "('app',)", or a TypeError (a list is unhashable).
    # An array as text has no commas, "['app' 'delivery']" (Dask's strings, a CSV written from the arrays): it
    # gave the theme "app' 'delivery".
    lists = survey.copy()
    for column in ("cx_touchpoints", "cx_areas"):
        lists[column] = pd.Series([form(cell.split("|")) if isinstance(cell, str) else cell for cell in survey[column]],
                                  index=survey.index, dtype=object)
    by = ["touchpoints", "areas"]
    expected = cxnlp.summarize(survey, by=by, nps="nps", min_n=1)
    got = cxnlp.summarize(lists, by=by, nps="nps", min_n=1)
    pd.testing.assert_frame_equal(got, expected)
    for k in range(len(got)):
        assert (theme_mask(lists, by, got.loc[k]) == theme_mask(survey, by, expected.loc[k])).all()


@pytest.mark.parametrize(("cell", "labels"), [
    ("['delivery' 'product' 'support']", ["delivery", "product", "support"]),  # numpy's text of an array
    ("['delivery' 'product' 'support' 'app' 'price' 'store' 'general' 'billing'\n 'account']",  # wrapped at 75
     ["delivery", "product", "support", "app", "price", "store", "general", "billing", "account"]),
    ("[\"it's\" 'a b' 'say \"hi\"' 'x\\\\y' 'ñandú']", ["it's", "a b", 'say "hi"', "x\\y", "ñandú"]),
    ("['a, b', 'c']", ["a, b", "c"]),  # a comma inside a quoted label is part of it
    ('["atenci\\u00f3n", "a\\"b"]', ["atención", 'a"b']),  # JSON's escapes
    ("['app|delivery' 'support']", ["app", "delivery", "support"]),
    ("[app, delivery]", ["app", "delivery"]),  # no quotes: split on commas, as before
    ("['a' x 'b']", ["a' x 'b"]),  # not a list of quoted items: read as before
    ("[]", []),
    ("['\\U00110000', 'app']", ["\ufffd", "app"]),  # past the last character: a crash, read as U+FFFD
    ("['\\ud800x']", ["\ufffdx"]),  # a lone surrogate cannot be written to CSV, XLSX or Parquet
    ('["\\ud83d\\ude00"]', ["\U0001f600"]),  # JSON's surrogate pair is one character
])
def test_lists_written_as_text_are_read_without_evaluating_them(cell, labels):
    assert split_labels(cell) == labels


def test_a_null_item_as_json_dumps_or_pandas_writes_it_is_no_label():
    """Review of parity2: None, null and nan items of a list written as text were no label, but Python's json.dumps
    writes a float NaN as NaN and pandas' NA prints <NA>: '["anger", NaN]' was the theme 'anger|nan' by cx_emotions and
    an emotion "nan" counted in the signals; a label quoted "NaN" stays one."""
    assert split_labels('["anger", NaN]') == ["anger"] and split_labels("['app', <NA>]") == ["app"]
    assert split_labels("[NaN]") == [] and split_labels('["NaN", "<NA>"]') == ["NaN", "<NA>"]
    frame = pd.DataFrame({"cx_status": "ok", "cx_emotions": ['["anger", NaN]', "['anger', nan]", "[NaN]"], "nps": [1, 2, 3]})
    got = cxnlp.summarize(frame, by="cx_emotions", nps="nps", min_n=1)
    assert got["theme"].tolist() == ["anger"] and "nan" not in got.attrs["signals"]["emotions"]["counts"]


def test_reading_a_list_written_as_text_takes_linear_time():
    import time

    start = time.perf_counter()
    for cell in ("['" + "a' " * 200_000 + "]", "[" + "'a" * 200_000 + "]", "['" + "\\" * 200_000 + "]"):
        split_labels(cell)
    assert time.perf_counter() - start < 2  # about 0.02 s: each character is read once or twice


def test_summarize_aliases_and_cx_column_names_agree(survey):
    a = cxnlp.summarize(survey, by="touchpoint", nps="nps")
    b = cxnlp.summarize(survey, by="cx_touchpoints", nps="NPS")  # columns match without case
    pd.testing.assert_frame_equal(a, b)


def test_impact_is_metric_of_all_minus_metric_without_theme(survey):
    s = cxnlp.summarize(survey, by="touchpoints", nps="nps", csat="csat", min_n=1).set_index("theme")
    y = np.array([-100, -100, 100, 0, 100, 0, 100])  # valid NPS answers of all rows (the last is blank)
    delivery = np.array([True, True, False, True, False, False, False])
    expected = y.mean() - y[~delivery].mean()
    assert s.loc["delivery", "nps_impact"] == pytest.approx(expected)
    assert s.loc["delivery", "nps_impact"] < 0 < s.loc["app", "nps_impact"]
    # impact = w * (theme - rest), w = the theme's share of valid answers
    assert expected == pytest.approx(3 / 7 * (y[delivery].mean() - y[~delivery].mean()))
    csat_all = np.array([1, 2, 5, 3, 5, 4, 5, 4]) >= 4
    assert s.loc["app", "csat_impact"] == pytest.approx(100 * (csat_all.mean() - csat_all[[0, 1, 5, 6, 7]].mean()))


def test_impact_significance_flags_real_effects_only():
    rng = np.random.default_rng(0)
    n = 400
    theme = rng.choice(["delivery", "app", "store"], n)
    nps = np.where(theme == "delivery", rng.choice([0, 3, 5, 8], n), rng.choice([6, 8, 9, 10], n))
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "neutral", "cx_touchpoints": theme, "nps": nps})
    s = cxnlp.summarize(frame, nps="nps").set_index("theme")
    assert s.loc["delivery", "nps_impact_significant"] and s.loc["delivery", "nps_impact"] < -20
    assert s.loc["delivery", "nps_impact_p"] < 1e-6
    # app and store answer alike: their impacts are positive (delivery is in their rest) ...
    noise = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "neutral", "cx_touchpoints": theme,
                          "nps": rng.choice([6, 8, 9, 10], n)})
    flat = cxnlp.summarize(noise, nps="nps")
    # ... but with identical distributions nothing should be flagged
    assert not flat["nps_impact_significant"].any()
    assert flat["nps_impact_p"].between(0, 1).all()


def test_theme_interval_and_excluded_counts(survey):
    s = cxnlp.summarize(survey, by="touchpoints", nps="nps", ces="ces", min_n=1).set_index("theme")
    r = cxnlp.nps([2, 4, 7])
    assert (s.loc["delivery", "nps_low"], s.loc["delivery", "nps_high"]) == pytest.approx(r.interval)
    assert s.loc["billing", "ces_non_numeric"] == 1 and s.loc["billing", "ces_n"] == 0
    assert math.isnan(s.loc["billing", "ces"])
    assert s.loc["delivery", "ces_blank"] == 1
    assert s.attrs["metrics"]["ces"] == {"column": "ces", "method": "mean", "scale": [1, 7], "cutoff": 5.0,
                                         "blank": 2, "out_of_range": 0, "non_numeric": 1, "valid": 5}


def test_min_n_flag(survey):
    s = cxnlp.summarize(survey, by="touchpoints", nps="nps", min_n=3).set_index("theme")
    assert s["below_min_n"].to_dict() == {"app": False, "delivery": False, "billing": True, "support": True}


def test_summarize_by_combination(survey):
    s = cxnlp.summarize(survey, by="touchpoints×sentiment", nps="nps", min_n=1)
    assert list(s.columns[:4]) == ["touchpoints", "sentiment", "theme", "label"]
    row = s.set_index("theme").loc["delivery × negative"]
    assert (row["n"], row["label"], row["nps"]) == (2, "Envío e instalación × Negativo", -100.0)
    for other in (["touchpoints", "sentiment"], "touchpoints x sentiment", "touchpoints*sentiment"):
        pd.testing.assert_frame_equal(cxnlp.summarize(survey, by=other, nps="nps", min_n=1), s)
    assert s["n"].sum() == 8  # 6 comments, two of them with two touchpoints


def test_summarize_by_user_column_counts_rows_without_comments(survey):
    s = cxnlp.summarize(survey, by="region", nps="nps").set_index("theme")
    assert s["n"].to_dict() == {"Norte": 4, "Sur": 4}
    assert s.loc["Norte", "nps"] == pytest.approx(-25.0)  # 2, 4, 8, 9: (1 - 2) / 4
    assert s.loc["Sur", "nps_n"] == 3 and s.loc["Sur", "nps_blank"] == 1
    assert s.loc["Norte", "negative"] == pytest.approx(200 / 3)  # sentiment of its 3 comments
    combo = cxnlp.summarize(survey, by=["areas", "region"], nps="nps", min_n=1).set_index("theme")
    assert combo.loc["cx × Norte", "n"] == 3 and combo.loc["cx × Norte", "label"] == "Experiencia de cliente × Norte"


def test_numbers_and_number_text_of_a_user_column_are_one_theme():
    # A spreadsheet's object column of 101 and "101": two themes named 101 (NPS +100 and -100) instead of one.
    frame = pd.DataFrame({"tienda": pd.Series([101, "101", 101, "101 ", 102, "102"], dtype=object),
                          "nps": [10, 0, 10, 0, 9, 9], "fecha": ["2024-01-10"] * 3 + ["2024-04-10"] * 3})
    s = cxnlp.summarize(frame, by="tienda", nps="nps", min_n=1)
    assert s[["tienda", "theme", "n", "share", "nps"]].values.tolist() == [[101, "101", 4, 200 / 3, 0.0],
                                                                          [102, "102", 2, 100 / 3, 100.0]]
    assert theme_mask(frame, ["tienda"], s.loc[0]).tolist() == [True] * 4 + [False] * 2
    c = cxnlp.changes(frame, "quarter", by="tienda", nps="nps", min_n=2)
    assert c.loc[c["measure"] == "nps", ["theme", "n_before", "n_after"]].values.tolist() == [["101", 3, 1],
                                                                                              ["102", 0, 2]]


def test_theme_mask_reads_a_renamed_user_column_from_the_column_itself():
    # by="churn" is summarized as by_churn: the theme's rows are those of the column 'churn', alone or combined.
    frame = pd.DataFrame({"churn": ["sí", "no", "sí", "no"], "cx_status": ["ok"] * 4,
                          "cx_touchpoints": ["app", "app", "delivery", "app"], "nps": [1, 9, 2, 10]})
    s = cxnlp.summarize(frame, by="churn", nps="nps", min_n=1).set_index("by_churn", drop=False)
    assert theme_mask(frame, ["by_churn"], s.loc["sí"]).tolist() == [True, False, True, False]
    combo = cxnlp.summarize(frame, by="churn×touchpoints", nps="nps", min_n=1).set_index("theme", drop=False)
    assert theme_mask(frame, ["by_churn", "touchpoints"], combo.loc["no × app"]).tolist() == [False, True, False, True]


@pytest.mark.parametrize("column, axis", [("Area", "areas"), ("Sentiment", "sentiment"), ("STAGE", "stage"),
                                          ("Touchpoint", "touchpoints")])
def test_an_axis_name_spelt_as_a_column_is_that_column(column, axis, tmp_path):
    """QA K 2: a survey's own 'Area' (a business unit) could not be a theme: by='Area' read the model's cx_areas in
    summarize, drivers, changes and the report, with no word, and no spelling reached the column."""
    from test_report import classified_survey  # tests/ is on sys.path under pytest

    frame = classified_survey(120)
    row = np.arange(len(frame)) % 3
    frame[column] = np.where(row == 0, "Ventas", np.where(row == 1, "Postventa", None))
    s = cxnlp.summarize(frame, by=column, nps="NPS", min_n=1)
    assert s.attrs["by"] == [column] and sorted(s["theme"]) == ["Postventa", "Ventas"]
    assert (s.set_index("theme")["n"] == 40).all()
    combo = cxnlp.summarize(frame, by=[column, "sentiment"], nps="NPS", min_n=1)
    assert combo.attrs["by"] == [column, "sentiment"] and "Ventas × negative" in set(combo["theme"])
    assert theme_mask(frame, s.attrs["by"], s.set_index("theme", drop=False).loc["Ventas"]).tolist() == \
        (row == 0).tolist()
    d = cxnlp.drivers(frame, "NPS", by=column, metric="nps", n_boot=0, min_n=1)
    assert d.attrs["by"] == [column] and sorted(d["theme"]) == ["Postventa", "Ventas"]
    c = cxnlp.changes(frame, ("2024-07", "2024-09"), by=column, nps="NPS", min_n=2)
    assert c.attrs["by"] == [column] and set(c["theme"]) == {"Postventa", "Ventas"}
    html = cxnlp.write_report(frame, tmp_path / "informe.html", by=column, nps="NPS", min_n=1).read_text("utf-8")
    drivers = html[html.index('<section id="drivers"'):html.index("</section>", html.index('<section id="drivers"'))]
    assert "Ventas" in drivers and "Postventa" in drivers and "Entrega" not in drivers
    for model_axis in (axis, f"cx_{axis}"):  # the model's axis: its own name, or its column
        table = cxnlp.summarize(frame, by=model_axis, nps="NPS", min_n=1)
        assert table.attrs["by"] == [axis] and "Ventas" not in set(table["theme"])


def test_an_axis_name_as_cxnlp_writes_it_stays_the_axis_beside_a_column_of_labels():
    """Training data and the service's /v1/classify rows hold labels under the axes' own names ('touchpoints'): by
    its default, 'touchpoints', is the model's axis there, not that column read as written."""
    from test_report import classified_survey

    frame = classified_survey(120)
    labelled = frame.assign(touchpoints=[("delivery", "app")] * len(frame), sentiment="positive")
    for by in ("touchpoints", "sentiment"):
        pd.testing.assert_frame_equal(cxnlp.summarize(labelled, by=by, nps="NPS", min_n=1),
                                      cxnlp.summarize(frame, by=by, nps="NPS", min_n=1))


def test_whole_numbers_read_as_decimals_are_whole_number_themes():
    # A column of whole numbers with blanks is read by pandas as floats: its themes were "101.0", where the same
    # table's rows without blanks (another file, another partition) gave "101".
    frame = pd.DataFrame({"tienda": [101.0, None, 101.0, 102.5, 101.0, 102.5], "nps": [10, 0, 10, 0, 9, 9],
                          "fecha": ["2024-01-10"] * 3 + ["2024-04-10"] * 3})
    s = cxnlp.summarize(frame, by="tienda", nps="nps", min_n=1)
    assert s[["tienda", "theme", "label", "n"]].values.tolist() == [[101.0, "101", "101", 3], [102.5, "102.5", "102.5", 2]]
    assert theme_mask(frame, ["tienda"], s.loc[0]).tolist() == [True, False, True, False, True, False]
    c = cxnlp.changes(frame, "quarter", by="tienda", nps="nps", min_n=2)
    assert sorted(set(c["theme"])) == ["101", "102.5"]
    mixed = frame.assign(tienda=pd.Series([101, None, 101.0, "101", 102, 102.0], dtype=object))
    assert cxnlp.summarize(mixed, by="tienda", min_n=1)[["theme", "n"]].values.tolist() == [["101", 3], ["102", 2]]


def test_booleans_are_themes_apart_from_the_number_one():
    # Found by review: True == 1 in Python, so a column of 1, "1" and True was one theme "1" of three rows (and
    # np.True_ beside 1 one theme "True"); a boolean is its own theme, "True" or "False", as in a column of booleans.
    frame = pd.DataFrame({"tienda": pd.Series([1, "1", True, 0, False, np.True_, None], dtype=object),
                          "nps": [10, 9, 0, 5, 6, 1, 8]})
    s = cxnlp.summarize(frame, by="tienda", nps="nps", min_n=1)
    assert sorted(zip(s["theme"], s["n"])) == [("0", 1), ("1", 2), ("False", 1), ("True", 2)]
    true = s.index[s["theme"] == "True"][0]
    assert theme_mask(frame, ["tienda"], s.loc[true]).tolist() == [False, False, True, False, False, True, False]
    flags = pd.DataFrame({"tienda": [True, False, True, None]})
    assert cxnlp.summarize(flags, by="tienda", min_n=1)[["theme", "n"]].values.tolist() == [["True", 2], ["False", 1]]


def test_missing_value_words_in_label_cells_give_no_theme():
    # A file saved through df.astype(str) (or R, an SQL export) writes a blank label cell as "nan", "None", "<NA>":
    # each was a theme of its own, with its own n and NPS, in summarize, drivers and changes. Read as blank, as
    # training reads them, and said; an effort "none" is the effort id, not a blank.
    from cxnlp.exceptions import LabelTypoWarning
    from cxnlp.insights._discover_pool import classified_frame

    tps = ["app", "nan", "None", "<NA>", "app|null", "delivery", "NaN", "delivery"] * 5
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": tps, "cx_effort": ["none", "high"] * 20,
                          "nps": [10, 0, 3, 9, 8, 2, 5, 9] * 5, "fecha": ["2024-01-10"] * 20 + ["2024-04-10"] * 20})
    with pytest.warns(LabelTypoWarning, match=r"cx_touchpoints: 25 cells read as blank .*'<na>', 'nan', 'none'"):
        s = cxnlp.summarize(frame, by="touchpoints", nps="nps", min_n=1)
    assert s[["theme", "n"]].values.tolist() == [["app", 10], ["delivery", 10]]
    with pytest.warns(LabelTypoWarning):
        assert sorted(set(cxnlp.drivers(frame, "nps", min_n=1, n_boot=20)["theme"])) == ["app", "delivery"]
    with pytest.warns(LabelTypoWarning):
        assert sorted(set(cxnlp.changes(frame, "quarter", nps="nps", min_n=1)["theme"])) == ["app", "delivery"]
    effort = cxnlp.summarize(frame, by="cx_effort", nps="nps", min_n=1)
    assert sorted(effort[["theme", "label"]].values.tolist()) == [["high", "Esfuerzo alto"], ["none", "Sin señal de esfuerzo"]]
    assert classified_frame(frame, "text", None)["cx_touchpoints"].tolist()[:5] == ["app", "", "", "", "app"]


def test_display_names_are_looked_up_on_the_themes_own_axis():
    # One table named every axis: a custom touchpoint 'high' or an area 'positive' was shown as "Esfuerzo alto" or
    # "Positivo", names of another axis's labels.
    from cxnlp.schema import display_name

    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["high", "low|app", "app", "high"] * 2,
                          "cx_areas": ["positive", "ux", "ux", "cx"] * 2, "cx_effort": ["high", "low", "none", "high"] * 2,
                          "nps": [10, 0, 3, 9] * 2, "fecha": ["2024-01-10"] * 4 + ["2024-04-10"] * 4})
    names = dict(cxnlp.summarize(frame, by="touchpoints", min_n=1)[["theme", "label"]].values.tolist())
    assert names == {"high": "high", "low": "low", "app": "Aplicación móvil"}
    areas = dict(cxnlp.summarize(frame, by="areas", min_n=1)[["theme", "label"]].values.tolist())
    assert areas == {"positive": "positive", "ux": "Experiencia de usuario", "cx": "Experiencia de cliente"}
    effort = dict(cxnlp.summarize(frame, by="cx_effort", min_n=1)[["theme", "label"]].values.tolist())
    assert effort == {"high": "Esfuerzo alto", "low": "Esfuerzo bajo", "none": "Sin señal de esfuerzo"}
    both = cxnlp.summarize(frame, by="touchpoints×cx_effort", min_n=1)
    assert "high × Esfuerzo alto" in set(both["label"])
    changed = cxnlp.changes(frame, "quarter", nps="nps", min_n=1)
    assert set(changed["label"]) == {"high", "low", "Aplicación móvil"}
    assert display_name("high", "cx_touchpoints") == "high" and display_name("high", "cx_effort") == "Esfuerzo alto"
    assert display_name("high") == "Esfuerzo alto"  # without a column: the one table, as before


def test_labels_joined_as_a_spreadsheet_user_types_them_are_themes_apart():
    # "app;delivery", "app, delivery", "app / delivery" (a classified file edited by hand) were each one made-up
    # theme; no label id holds a ',', ';' or '/', so they read as '|' does, here and in changes and discover's pool.
    from cxnlp.insights._discover_pool import classified_frame

    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app;delivery", "app, delivery", "App / Delivery",
                                                                 "app|app", "delivery"] * 2,
                          "nps": [10, 0, 3, 9, 8] * 2, "fecha": ["2024-01-10"] * 5 + ["2024-04-10"] * 5})
    s = cxnlp.summarize(frame, by="touchpoints", nps="nps", min_n=1)
    assert s[["theme", "n"]].values.tolist() == [["app", 8], ["delivery", 8]]
    assert sorted(set(cxnlp.changes(frame, "quarter", nps="nps", min_n=1)["theme"])) == ["app", "delivery"]
    assert theme_mask(frame, ["touchpoints"], s.loc[1]).tolist() == [True, True, True, False, True] * 2
    pool = classified_frame(frame, "text", None)["cx_touchpoints"].tolist()
    assert pool[:3] == ["app|delivery", "app|delivery", "App|Delivery"]


def test_a_missing_value_word_n_a_is_blank_not_split_on_its_slash():
    # '/' joins labels in a file edited by hand, but 'N/A' (R, spreadsheets) is a missing-value word: it was read as
    # the two themes 'n' and 'a' in summarize and discover's pool, never blank.
    from cxnlp.exceptions import LabelTypoWarning
    from cxnlp.insights._discover_pool import classified_frame

    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["N/A", "app|n/a", "app / N/A", "app/delivery"] * 2,
                          "nps": [10, 0, 3, 9] * 2})
    with pytest.warns(LabelTypoWarning, match=r"cx_touchpoints: 6 cells read as blank .*'n/a'; they"):
        s = cxnlp.summarize(frame, by="touchpoints", nps="nps", min_n=1)
    assert s[["theme", "n"]].values.tolist() == [["app", 6], ["delivery", 2]]
    assert classified_frame(frame, "text", None)["cx_touchpoints"].tolist()[:4] == ["", "app", "app", "app|delivery"]


def test_built_in_labels_written_by_their_display_names_are_their_ids():
    # "Aplicación móvil" (a file edited by hand, a colleague's export) was a theme of its own beside app, as
    # training reads it an app; an id as written ('precio', a custom touchpoint) stays one.
    frame = pd.DataFrame({"cx_status": "ok",
                          "cx_touchpoints": ["Aplicación móvil", "app", "Precio|APP", "precio"] * 2,
                          "cx_areas": ["Atención al cliente", "customer_service", "atencion al  cliente", "ui"] * 2,
                          "nps": [9, 10, 0, 5] * 2, "fecha": ["2024-01-10"] * 4 + ["2024-04-10"] * 4})
    s = cxnlp.summarize(frame, by="touchpoints", nps="nps", min_n=1)
    assert s[["theme", "label", "n"]].values.tolist() == [["app", "Aplicación móvil", 6], ["precio", "precio", 2],
                                                          ["price", "Precio", 2]]
    assert theme_mask(frame, ["touchpoints"], s.loc[0]).tolist() == [True, True, True, False] * 2
    areas = cxnlp.summarize(frame, by="areas", min_n=1)
    assert areas[["theme", "n"]].values.tolist() == [["customer_service", 6], ["ui", 2]]
    assert sorted(set(cxnlp.changes(frame, "quarter", nps="nps", min_n=1)["theme"])) == ["app", "precio", "price"]


def test_sentiments_written_by_their_spanish_names_are_their_ids():
    # "Positivo" and "Negativo" (a file edited by hand) were themes apart from positive, and no sentiment in the shares.
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "nps": [9, 10, 0, 5],
                          "cx_sentiment": ["Positivo", "positive", "NEGATIVO ", "Mixto"]})
    s = cxnlp.summarize(frame, by="sentiment", nps="nps", min_n=1)
    assert sorted(s[["theme", "label", "n"]].values.tolist()) == [["mixed", "Mixto", 1], ["negative", "Negativo", 1],
                                                                  ["positive", "Positivo", 2]]
    shares = cxnlp.summarize(frame, by="touchpoints", min_n=1).iloc[0]
    assert (shares["positive"], shares["negative"], shares["mixed"]) == (50.0, 25.0, 25.0)


def test_a_sentiment_id_as_written_stays_one_as_training_reads_it():
    # Review of themes1: 'positivo' as written is an id to training (a model's own sentiment), not the name of
    # positive; summaries read it as positive, merging a custom model's sentiment into the built-in one.
    from cxnlp._label_cells import label_cell

    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "nps": [9, 10, 0, 5],
                          "cx_sentiment": ["positivo", "positive", "Positivo", "negative"]})
    assert label_cell("positivo", "sentiment")[0] == "positivo"
    s = cxnlp.summarize(frame, by="sentiment", nps="nps", min_n=1)
    assert sorted(s[["theme", "n"]].values.tolist()) == [["negative", 1], ["positive", 2], ["positivo", 1]]


def test_whole_number_text_in_decimal_form_is_the_whole_number_theme(tmp_path):
    # pandas writes a float column with blanks to CSV as "101.0", read back as text (Dask's text of an object
    # column's 101.0 too): a CSV and a Parquet of one table, concatenated, split each store into two themes.
    frame = pd.DataFrame({"tienda": [101.0, None, 102.0, 101.0] * 3, "nps": [1, 9, 10, 5] * 3})
    frame.to_csv(tmp_path / "enero.csv", index=False)
    frame.to_parquet(tmp_path / "febrero.parquet")
    both = pd.concat([cxnlp.read_table(tmp_path / "enero.csv"), cxnlp.read_table(tmp_path / "febrero.parquet")],
                     ignore_index=True)
    s = cxnlp.summarize(both, by="tienda", nps="nps", min_n=1)
    assert s[["theme", "label", "n"]].values.tolist() == [["101", "101", 12], ["102", "102", 6]]
    assert theme_mask(both, ["tienda"], s.loc[0]).sum() == 12
    assert [theme_id(v) for v in ("101.0", " 101.00 ", "-3.0", "-0.0", Decimal("101.0"), 9007199254740991.0)] \
        == ["101", "101", "-3", "0", "101", "9007199254740991"]
    # Other text is taken as written: an exponent, a sign, a leading zero (a code), no decimals after the
    # point, and whole numbers a float does not hold exactly; and True is "True".
    kept = ("1e2", "+101.0", "0101.0", "101.", "101.5", "9007199254740992.0", "1" * 5000 + ".0", "True")
    assert [theme_id(v) for v in kept] == list(kept) and theme_id(True) == "True"


def test_text_themes_are_one_theme_however_their_accents_are_encoded():
    # "Perú" typed on a Mac (NFD: "u" then a combining accent) and elsewhere (NFC) were two themes printed alike,
    # each with half the rows; now one, named in the composed form, in summarize, changes, drivers and the quotes.
    decomposed = unicodedata.normalize("NFD", "Perú")
    frame = pd.DataFrame({"pais": [decomposed, "Perú", "Chile", "Perú"] * 10, "nps": [10, 0, 9, 5] * 10,
                          "fecha": ["2024-01-10"] * 20 + ["2024-04-10"] * 20})
    s = cxnlp.summarize(frame, by="pais", nps="nps", min_n=1)
    assert s[["theme", "label", "n"]].values.tolist() == [["Perú", "Perú", 30], ["Chile", "Chile", 10]]
    assert theme_mask(frame, ["pais"], s.loc[0]).sum() == 30
    assert sorted(set(cxnlp.changes(frame, "quarter", by="pais", nps="nps", min_n=2)["theme"])) == ["Chile", "Perú"]
    assert theme_id(f" {decomposed} ") == "Perú"


def test_the_by_column_of_a_summary_shows_the_theme_in_nfc_whatever_row_comes_first():
    # Review of tables1: the theme was "Perú" in NFC but the summary's own "pais" column kept the first row's spelling,
    # NFD where a Mac's row came first (a filter pais == "Perú" on the written file missed it); now NFC too.
    decomposed = unicodedata.normalize("NFD", "Perú")
    frame = pd.DataFrame({"pais": [decomposed, "Perú", "Chile", " Perú"] * 5, "nps": [10, 0, 9, 5] * 5})
    s = cxnlp.summarize(frame, by="pais", nps="nps", min_n=1)
    assert s[["pais", "theme", "n"]].values.tolist() == [["Perú", "Perú", 15], ["Chile", "Chile", 5]]


def test_summarize_overall_and_status_filter(survey):
    overall = cxnlp.summarize(survey, by=None, nps="nps")
    assert len(overall) == 1 and overall.loc[0, "label"] == "Total" and overall.loc[0, "n"] == 8
    assert overall.loc[0, "nps"] == pytest.approx(cxnlp.nps(survey["nps"]).value)
    stale = survey.assign(cx_touchpoints=survey["cx_touchpoints"].fillna("app"))  # labels on an 'empty' row
    assert cxnlp.summarize(stale, nps="nps").set_index("theme").loc["app", "n"] == 3


def test_period_trend_by_month_quarter_week(survey):
    s = cxnlp.summarize(survey, by="touchpoints", nps="nps", period="month", date="fecha", min_n=1)
    assert list(s.columns[:2]) == ["touchpoints", "period"]
    delivery = s[s["theme"] == "delivery"].set_index("period")
    assert delivery["n"].to_dict() == {"2024-01": 2, "2024-02": 1}  # 05/01 is 5 January (day first)
    assert s.attrs["date_excluded"] == 1 and s.attrs["period"] == "month"
    trend = cxnlp.summarize(survey, by=None, nps="nps", period="mes").set_index("period")  # 'fecha' found
    assert trend["n"].to_dict() == {"2024-01": 2, "2024-02": 2, "2024-03": 3}
    assert trend.loc["2024-03", "nps"] == pytest.approx(cxnlp.nps([9, 8, 9]).value)
    q = cxnlp.summarize(survey, by=None, nps="nps", period="quarter")
    assert q["period"].tolist() == ["2024-Q1"]
    w = cxnlp.summarize(survey, by=None, period="week", date="fecha")
    assert w["period"].iloc[0] == "2024-W01" and "2024-W09" in set(w["period"])  # 01/03/2024 is a Friday
    # impact within a period compares with the same period's respondents
    feb = delivery.loc["2024-02"]  # February: 10 (app) and 7 (app|delivery): all 50, rest 100
    assert feb["nps"] == 0 and feb["nps_impact"] == pytest.approx(-50.0)
    assert math.isnan(delivery.loc["2024-01", "nps_impact"])  # every January answer is about delivery


def test_period_accepts_datetimes_and_iso_text():
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "positive", "cx_touchpoints": "app",
                          "Fecha de respuesta": pd.to_datetime(["2024-07-01", "2024-08-15", None])})
    s = cxnlp.summarize(frame, period="month")
    assert s["period"].tolist() == ["2024-07", "2024-08"] and s.attrs["date_excluded"] == 1
    iso = frame.assign(**{"Fecha de respuesta": ["2024-07-01T10:00:00", "2024-08-15 09:30", ""]})
    assert cxnlp.summarize(iso, period="month")["period"].tolist() == ["2024-07", "2024-08"]


@pytest.mark.parametrize("by", ["region", "touchpoints"])
def test_a_missing_column_of_a_wide_table_names_a_sample_of_its_columns(by):
    """A theme column missing from a wide export listed all its columns: 3,000 made a message of 30,000
    characters. Only the first 30 are named, and how many there are."""
    frame = pd.DataFrame({f"col{i}": [1] for i in range(3000)}).assign(nps=[9])
    with pytest.raises(DataError) as error:
        cxnlp.summarize(frame, by=by, nps="nps")
    assert str(error.value).endswith("'col27', 'col28', 'col29'] (3001 in all).") and len(str(error.value)) < 500


def test_no_date_column_of_a_wide_table_names_a_sample_of_its_columns():
    """A trend of a wide export without a date column listed all its columns, as a missing theme column did."""
    frame = pd.DataFrame({f"col{i}": [1] for i in range(3000)}).assign(nps=[9], cx_touchpoints=["app"])
    with pytest.raises(DataError) as error:
        cxnlp.summarize(frame, nps="nps", period="month")
    assert str(error.value).endswith("'col27', 'col28', 'col29'] (3002 in all).") and len(str(error.value)) < 500


def test_period_excludes_list_and_dict_cells_as_unreadable_dates():
    # found by QA on the service: one JSON object or array in the date column failed the whole summary with
    # "unhashable type: 'dict'", where an unreadable date is excluded and counted
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "positive", "cx_touchpoints": "app",
                          "fecha": ["2024-07-01", {"d": 1}, [2024, 8], "not a date", "2024-08-15"]})
    s = cxnlp.summarize(frame, period="month")
    assert s["period"].tolist() == ["2024-07", "2024-08"] and s.attrs["date_excluded"] == 3
    assert np.isnat(periods.read_dates(frame["fecha"])[0][1:4]).all()
    # a tuple holding a list is a collections.abc.Hashable that cannot be hashed
    frame["fecha"] = ["2024-07-01", ("2024-03-01", ["x"]), ["2024-02-01"], "not a date", "2024-08-15"]
    s = cxnlp.summarize(frame, period="month")
    assert s["period"].tolist() == ["2024-07", "2024-08"] and s.attrs["date_excluded"] == 3


def test_period_reads_unix_times():
    # pandas' to_json writes dates as milliseconds since 1970 (1719823080000): read as Excel serials, they fell
    # out of range and a month's summary found no date at all.
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "positive", "cx_touchpoints": "app", "nps": [9, 3, 10],
                          "fecha": ["2024-07-01", "2024-08-15", "2024-08-20"]})
    expected = cxnlp.summarize(frame, nps="nps", period="month")
    ms = pd.to_datetime(frame["fecha"]).astype("datetime64[ms]").astype("int64")
    for written in (ms, ms // 1000, ms.astype(str)):  # milliseconds, seconds, milliseconds as a CSV's text
        assert cxnlp.summarize(frame.assign(fecha=written), nps="nps", period="month").equals(expected)


def test_period_reads_unix_times_with_a_fraction_as_text():
    # A CSV writes a float column's values with a fraction: milliseconds in a column that a blank made float
    # ('1719823080000.0'), or seconds as time.time() gives them: as text they were unreadable, as numbers read.
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "positive", "cx_touchpoints": "app", "nps": [9, 3, 10],
                          "fecha": ["2024-07-01", "2024-08-15", "2024-08-20"]})
    expected = cxnlp.summarize(frame, nps="nps", period="month")
    ms = pd.to_datetime(frame["fecha"]).astype("datetime64[ms]").astype("int64")
    for written in (ms.astype(float).astype(str), (ms / 1000 + 0.25).astype(str)):
        assert cxnlp.summarize(frame.assign(fecha=written), nps="nps", period="month").equals(expected)


def test_period_reads_unix_times_with_a_decimal_comma():
    # Spanish Excel saves a CSV with decimal commas: seconds with a fraction were '1719823080,25', unreadable,
    # while a serial with one ('45474,5') was read.
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "positive", "cx_touchpoints": "app", "nps": [9, 3, 10],
                          "fecha": ["2024-07-01", "2024-08-15", "2024-08-20"]})
    expected = cxnlp.summarize(frame, nps="nps", period="month")
    seconds = pd.to_datetime(frame["fecha"]).astype("datetime64[s]").astype("int64")
    written = (seconds.astype(str) + ",25", (seconds * 1000).astype(str) + ",0")
    for column in written:
        assert cxnlp.summarize(frame.assign(fecha=column), nps="nps", period="month").equals(expected)


def test_period_reads_the_numbers_written_as_text_at_once(monkeypatch):
    # Serials and Unix times written as text were read one distinct value at a time: 200,000 Unix times with a
    # fraction ('1719823080.5', as a CSV writes them) took 17 s, where the same dates as ISO text took 0.5 s.
    calls, read = [], _date_cells._excel_days
    monkeypatch.setattr(periods, "_excel_days", lambda serials: calls.append(len(serials)) or read(serials))
    column = pd.Series(["1719823080.5", "1723680000,25", "45474", "45474,5", "20240105", "2024-07-01"])
    days, _, _ = periods.read_dates(column)
    assert [str(d) for d in days] == ["2024-07-01", "2024-08-15", "2024-07-01", "2024-07-01", "2024-01-05", "2024-07-01"]
    assert calls == [4]


@pytest.mark.parametrize("arrow_type", ["date32[pyarrow]", "date64[pyarrow]", "timestamp[us, tz=UTC][pyarrow]"])
def test_period_accepts_arrow_dates(arrow_type):
    # Parquet read with dtype_backend="pyarrow", polars and DuckDB give Arrow dates (``.dt.tz`` raised on them).
    # (datetime64[s]: pandas 2.2 held the year 3000, past its nanoseconds, as objects without .dt)
    days = pd.Series(np.array(["2024-07-01", "2024-08-15", "NaT", "3000-01-01"], dtype="datetime64[s]"))
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "positive", "cx_touchpoints": "app", "nps": [9, 3, 10, 7],
                          "fecha": days.dt.date if arrow_type.startswith("date") else days.dt.tz_localize("UTC")})
    arrow = frame.assign(fecha=frame["fecha"].astype(arrow_type))
    s = cxnlp.summarize(arrow, nps="nps", period="month")
    assert s["period"].tolist() == ["2024-07", "2024-08"] and s.attrs["date_excluded"] == 2
    assert s.equals(cxnlp.summarize(frame, nps="nps", period="month"))


@pytest.mark.parametrize("kwargs, error, match", [
    ({"by": "region_x"}, DataError, r"Theme column \(by\) 'region_x' not found; the table has columns \["),
    ({"nps": "recomendacion"}, DataError, "NPS column 'recomendacion' not found"),
    ({"period": "year"}, ConfigError, r"period 'year' is not known; expected one of 'auto', 'mes', 'month', 'quarter', 'semana', 'trimestre' or 'week'\."),
    ({"min_n": 0}, ConfigError, "min_n must be a whole number >= 1, got 0"),
    ({"min_n": True}, ConfigError, "min_n must be a whole number >= 1, got True"),  # a bool passed as 1
    ({"by": []}, DataError, "by must name one or more columns"),
    ({"csat": "csat", "csat_cutoff": 9}, ConfigError, "CSAT cutoff 9"),
])
def test_summarize_errors_name_the_bad_value(survey, kwargs, error, match):
    with pytest.raises(error, match=match):
        cxnlp.summarize(survey, **kwargs)


def test_dask_summary_plan_refuses_a_bool_min_n_as_summarize_does(survey):
    from cxnlp import _partitions
    with pytest.raises(ConfigError, match="min_n must be a whole number >= 1, got True"):
        _partitions.plan_summary(survey.columns, min_n=True)


@pytest.mark.parametrize("call", [
    lambda f: cxnlp.summarize(f, by=f["cx_touchpoints"], csat="csat", min_n=1),
    lambda f: cxnlp.drivers(f, "csat", by=f["cx_touchpoints"], n_boot=0, min_n=1),
])
def test_a_column_given_for_by_is_refused_and_its_name_given(call):
    """api7: ``by=df["cx_touchpoints"]`` read the column's cells as the names of the theme columns: "Theme column
    (by) 'app' not found" of a table classified by touchpoint."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "csat": [5, 2, 4, 4]})
    with pytest.raises(DataError, match=r"^by names the theme columns \(e\.g\. 'touchpoints' or \['touchpoints', "
                                        r"'region'\]\), got a pandas Series; give its name, 'cx_touchpoints'\.$"):
        call(frame)


def test_a_series_of_theme_names_for_by_is_read_as_their_list():
    """Review of api7: a Series whose cells are the names of theme columns (pd.Series(['touchpoints', 'region'])) was
    read as their list before the refusal of a column given for by; it was refused with the column's advice."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "csat": [5, 2, 4, 4],
                          "region": ["N", "N", "S", "S"]})
    expected = cxnlp.summarize(frame, by=["touchpoints", "region"], csat="csat", min_n=1)
    got = cxnlp.summarize(frame, by=pd.Series(["touchpoints", "region"]), csat="csat", min_n=1)
    pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("cells", [lambda c: c.to_numpy(), lambda c: c.tolist()])
def test_a_column_s_cells_given_for_by_are_named_by_their_type_in_one_line(cells):
    """Review of api7: by=df['cx_touchpoints'].to_numpy() (or .tolist()) with a blank cell printed every cell in the
    error, on many lines for an array; as for a Series, the message names the type."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", ""] * 40, "csat": [5, 2] * 40})
    with pytest.raises(DataError, match=r"^by must name one or more columns, e\.g\. 'touchpoints' or "
                                        r"'touchpoints,sentiment'; got a (numpy ndarray|list)\.$"):
        cxnlp.summarize(frame, by=cells(frame["cx_touchpoints"]), csat="csat", min_n=1)


def test_a_column_named_by_a_number_is_a_theme():
    # Integer column names are columns elsewhere (classify_frame, metrics=); by=7 raised "'int' object is not iterable".
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "csat": [5, 2, 4, 4],
                          7: ["a", "b", "a", "b"]})
    assert cxnlp.summarize(frame, by=7, csat="csat", min_n=1)[[7, "theme", "n", "csat"]].values.tolist() == [
        ["a", "a", 2, 100.0], ["b", "b", 2, 50.0]]
    both = cxnlp.summarize(frame, by=["touchpoints", 7], csat="csat", min_n=1)
    assert both["label"].tolist() == ["Aplicación móvil × a", "Envío e instalación × b"]
    # drivers on it: themes that cannot be told apart are the DataError the report catches (a TypeError before)
    answers = pd.DataFrame({7: list("ab") * 20, "nps": list(range(11)) * 3 + [5] * 7})
    with pytest.raises(DataError, match="exactly one 7"):
        cxnlp.drivers(answers, "nps", by=7, min_n=5, n_boot=0)


def test_decimal_settings_are_numbers():
    # Values from DuckDB's DECIMAL columns or JSON read with parse_float=Decimal.
    from decimal import Decimal

    scores = pd.Series([5, 2, 4, 4, 1, 3])
    assert cxnlp.csat(scores, scale=(Decimal(1), Decimal(5)), cutoff=Decimal("4")).value == cxnlp.csat(scores).value


def test_decimal_answers_are_numbers(tmp_path):
    # QA N 1: a DECIMAL column (Parquet from Spark or DuckDB) holds Decimals, which went through str(): 0 of a
    # DECIMAL(38,18) is "0E-18" (non-numeric: every detractor lost, NPS 40 for 0) and 10 of a DECIMAL(18,3) is
    # "10.000" (read as thousands: every answer excluded).
    import pyarrow as pa
    import pyarrow.parquet as pq

    answers = [0, 0, 3, 9, 10, 10, 8]  # NPS 0
    expected = cxnlp.nps(answers)
    for decimal_type in (pa.decimal128(38, 18), pa.decimal128(18, 3), pa.decimal256(40, 2)):
        path = tmp_path / "scores.parquet"
        pq.write_table(pa.table({"nps": pa.array([Decimal(a) for a in answers] + [None], type=decimal_type),
                                 "cx_status": ["ok"] * 8, "cx_touchpoints": ["app"] * 8}), path)
        frame = cxnlp.read_table(path)
        result = cxnlp.nps(frame["nps"])
        assert (result.value, result.n, result.blank, result.non_numeric) == (expected.value, 7, 1, 0), decimal_type
        assert cxnlp.summarize(frame, nps="nps", min_n=1)["nps"].tolist() == [0.0]
        arrow = pd.read_parquet(path, dtype_backend="pyarrow")["nps"]  # pd.ArrowDtype(decimal)
        assert cxnlp.nps(arrow).value == expected.value
    # A frame of Decimal objects, NaN and signalling NaN as blanks, off-scale ones out of range
    cells = pd.Series([Decimal("4.50"), Decimal("5"), Decimal("1E+1"), Decimal("NaN"), Decimal("sNaN"), None],
                      dtype=object)
    r = cxnlp.csat(cells, method="mean")
    assert (r.value, r.n, r.blank, r.out_of_range, r.non_numeric) == (4.75, 2, 3, 1, 0)


@pytest.mark.parametrize("call, error, match", [
    # Raw TypeErrors and ValueErrors before, and (1, 5.5) was silently the scale (1, 5).
    (lambda f: cxnlp.summarize(f, metrics=["csat"]), ConfigError,
     r"metrics=\['csat'\]: 'csat' is not a \(column, metric\) pair; expected \{column: metric\}"),
    (lambda f: cxnlp.summarize(f, metrics="csat"), ConfigError, r"metrics='csat': expected \{column: metric\}"),
    (lambda f: cxnlp.summarize(f, csat="csat", alpha="0.05"), ConfigError,
     "alpha must be a number between 0 and 1, got '0.05'"),
    (lambda f: cxnlp.changes(f, alpha="0.05"), ConfigError, "alpha must be a number between 0 and 1, got '0.05'"),
    (lambda f: cxnlp.csat(f["csat"], cutoff="4"), ConfigError,
     "CSAT cutoff '4' is not a number; expected one with 1 < cutoff <= 5"),
    (lambda f: cxnlp.ces(f["csat"], method="agree", cutoff=True), ConfigError, "CES cutoff True is not a number"),
    (lambda f: cxnlp.csat(f["csat"], scale=(1, 5.5)), ConfigError,
     r"CSAT scale \(1, 5.5\) must be two whole numbers \(low, high\)"),
    (lambda f: cxnlp.ces(f["csat"], scale=("1", "7")), ConfigError, r"CES scale \('1', '7'\) must be two whole numbers"),
    (lambda f: cxnlp.drivers(f, "csat", seed="0"), ConfigError, "seed must be a whole number >= 0, got '0'"),
    (lambda f: cxnlp.csat(f["csat"], method=["top2"]), ConfigError, r"CSAT method \['top2'\] is not known"),
    (lambda f: cxnlp.summarize(f, period=["month"]), ConfigError, r"period \['month'\] is not known"),
], ids=["metrics_list", "metrics_text", "alpha", "alpha_changes", "cutoff_text", "cutoff_bool", "scale_fraction",
        "scale_text", "seed_text", "method_list", "period_list"])
def test_settings_of_the_wrong_kind_name_the_value(call, error, match):
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "csat": [5, 2, 4, 4]})
    with pytest.raises(error, match=match):
        call(frame)


@pytest.mark.parametrize("scores, match", [
    # An OverflowError from comparing the scores with 10**400 before; inf and NaN cutoffs read as out of scale.
    ({"csat": "csat", "csat_scale": (1, 10**400)}, r"CSAT scale \(1, 10000000\.\.\.0000 \(401 characters\)\) must be "
                                                 r"two finite whole numbers a float can hold"),
    ({"ces": "csat", "ces_scale": (-10**400, 7)}, "CES scale .* must be two finite whole numbers"),
    ({"csat": "csat", "csat_cutoff": float("nan")}, "CSAT cutoff nan is not a finite number"),
    ({"csat": "csat", "csat_cutoff": float("inf")}, "CSAT cutoff inf is not a finite number"),
    ({"ces": "csat", "ces_method": "agree", "ces_cutoff": 10**400}, "CES cutoff .* is not a finite number"),
], ids=["scale_high", "scale_low", "cutoff_nan", "cutoff_inf", "cutoff_huge"])
def test_bounds_a_float_cannot_hold_are_a_config_error(scores, match):
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "csat": [5, 2, 4, 4]})
    with pytest.raises(ConfigError, match=match) as error:
        cxnlp.summarize(frame, **scores)
    assert "\n" not in str(error.value) and len(str(error.value)) < 200  # one line, not 400 digits


def test_label_axis_needs_classified_output():
    with pytest.raises(DataError, match="classified column 'cx_areas'"):
        cxnlp.summarize(pd.DataFrame({"region": ["a"]}), by="areas")
    with pytest.raises(DataError, match="needs a date column"):
        cxnlp.summarize(pd.DataFrame({"region": ["a"]}), by="region", period="month")


def test_user_labels_are_not_hard_wired():
    frame = pd.DataFrame({"cx_status": ["ok", "ok"], "cx_sentiment": ["negative", "positive"],
                          "cx_touchpoints": ["parking", "parking|app"], "nps": [3, 10]})
    s = cxnlp.summarize(frame, nps="nps", min_n=1).set_index("theme")
    assert s.loc["parking", "label"] == "parking" and s.loc["parking", "n"] == 2


def test_docstring_examples():
    for module in (net_promoter, satisfaction, effort, summary):
        failed, _ = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert failed == 0, module.__name__


def test_the_nps_docstring_gives_the_interval_it_computes():
    """help(cxnlp.nps) said the 95% interval used the plain standard error (a Wald interval, 0 wide for three
    promoters); it is the adjusted Wald one of docs/metrics.md, section 2.4."""
    words = " ".join(cxnlp.nps.__doc__.split())
    assert "the 95% interval is the adjusted Wald one" in words and "interval uses the standard error" not in words
    r = cxnlp.nps([10, 10, 10])
    assert r.se == 0 and r.interval == pytest.approx((-6.579, 100.0), abs=1e-3)


@pytest.mark.parametrize("metric, draw, truth", [
    (NPS(), lambda rng, n: rng.choice([100.0, 0.0, -100.0], (4000, n), p=[0.9, 0.08, 0.02]), 88.0),
    (satisfaction.CSAT(), lambda rng, n: 100.0 * (rng.random((4000, n)) < 0.97), 97.0),
    (satisfaction.CSAT(), lambda rng, n: 100.0 * (rng.random((4000, n)) < 0.5), 50.0),
])
@pytest.mark.parametrize("n", [5, 10, 30])
def test_intervals_keep_their_coverage_on_small_samples(metric, draw, truth, n):
    """Simulated: the 95% interval covers the true value about 95% of the time even with few answers
    near the end of the scale (the plain Wald interval: 64% for an NPS of 88 from 10 answers)."""
    y = draw(np.random.default_rng(n), n)
    _, _, low, high = metric.estimate(np.full(len(y), n), y.sum(axis=1), (y**2).sum(axis=1))
    assert ((low <= truth) & (truth <= high)).mean() > 0.84


def test_a_weekday_before_a_numeric_date_votes_and_keeps_the_columns_order():
    """'Tue 7/5/2024' beside 'Wed 7/17/2024' (a US export with weekdays): left to pandas one by one, they cast no
    vote and were read day first, 7 May beside 17 July; 'lunes 05/19/2024' in a day-first column was 19 May, where
    '05/19/2024' is unreadable. The Dask back end counts the same votes."""
    from cxnlp import _partitions

    us = pd.Series(["Tue 7/5/2024", "Wed 7/17/2024", "Thu 7/18/2024"])
    assert periods.day_month_votes(us) == _partitions._date_votes(us) == (0.0, 2.0)
    assert [str(day) for day in periods.read_dates(us)[0]] == ["2024-07-05", "2024-07-17", "2024-07-18"]
    days = periods.read_dates(pd.Series(["lunes 05/19/2024", "05/19/2024", "lunes 15/01/2024", "13/01/2024"]))[0]
    assert [str(day) for day in days] == ["NaT", "NaT", "2024-01-15", "2024-01-13"]


def test_free_text_dates_keep_the_local_date_written():
    """'Sun, 31 Mar 2024 23:30:00 -0500' is the evening of 31 March where it was written; converted to UTC it
    fell on 1 April, in the next quarter."""
    frame = pd.DataFrame({"fecha": ["Sun, 31 Mar 2024 23:30:00 -0500"] * 40 + ["Mon, 01 Apr 2024 10:00:00 +0200"] * 40,
                          "cx_touchpoints": "app", "nps": [10] * 40 + [0] * 40})
    table = cxnlp.summarize(frame, nps="nps", period="quarter", min_n=1)
    assert table.set_index("period")["n"].to_dict() == {"2024-Q1": 40, "2024-Q2": 40}


@pytest.mark.parametrize("text", ["31 Mar 2024 23:30 CET", "Mar 31, 2024 11:30 PM EST", "Mar 31 2024 23:30 GMT+5",
                                  "Sun Mar 31 2024 23:30:00 GMT-0500 (hora de verano central)",
                                  "31 de marzo de 2024 23:30 (CST)", "Sun Mar 31 23:30:00 CET 2024",
                                  "Sun Mar 31 23:30:00 UTC 2024"])
def test_a_time_zone_named_after_the_time_is_dropped(text):
    """A zone by name (CET, EST), GMT with an offset, or JavaScript's Date text (a Google Sheet filled by a script)
    made the row unreadable, left out of the trend: the zone is dropped as an offset is, and the date is the one
    written. 'PM' is no zone. Unix's ``date`` writes the year after the zone (it was unreadable)."""
    days, _, _ = periods.read_dates(pd.Series([text, "Mar 31 2024 11:30 PM", "13/01/2024"]))
    assert [str(day) for day in days] == ["2024-03-31", "2024-03-31", "2024-01-13"]


def test_reading_text_dates_leaves_the_warning_filters_alone(monkeypatch):
    """warnings.catch_warnings swaps the process-wide filters: summarize running in threads could leave
    'ignore UserWarning' on for the whole application. The filters seen while pandas reads the dates are
    the caller's."""
    import warnings

    seen = []
    to_datetime = pd.to_datetime

    def spy(*args, **kwargs):
        seen.append(list(warnings.filters))
        return to_datetime(*args, **kwargs)

    monkeypatch.setattr(pd, "to_datetime", spy)
    frame = pd.DataFrame({"fecha": ["5 de enero de 2024", "12 de febrero de 2024"] * 20, "cx_touchpoints": "app",
                          "nps": [10, 0] * 20})
    before = list(warnings.filters)
    table = cxnlp.summarize(frame, nps="nps", period="month", date="fecha", min_n=1)
    assert table.set_index("period")["n"].to_dict() == {"2024-01": 20, "2024-02": 20}
    assert seen and all(filters == before for filters in seen)


def test_a_two_point_scale_counts_its_top_point():
    """A yes/no satisfaction question (1-2 or 0-1): the default cutoff, high - 1, fell outside the scale."""
    assert cxnlp.csat([1, 2, 2, 2], scale=(1, 2)).value == pytest.approx(75.0)
    assert cxnlp.csat([0, 1, 1], scale=(0, 1)).value == pytest.approx(200 / 3)


def test_a_by_column_named_like_a_derived_summary_column_keeps_its_values():
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"], "nps": [9, 3], "nps_low": ["X", "Y"]})
    table = cxnlp.summarize(frame, nps="nps", by="nps_low", min_n=1)
    assert sorted(table["by_nps_low"]) == ["X", "Y"] and table["nps_low"].dtype == float


@pytest.mark.parametrize("by", [["n", "by_n"], ["by_n", "n"]])
def test_a_renamed_by_column_never_takes_the_name_of_another_column(by):
    """by=['n', 'by_n']: 'n' was renamed by_n, the name of the other dimension, and its values were lost."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "n": ["a", "b", "a"], "by_n": ["p", "q", "q"]})
    table = cxnlp.summarize(frame, by=by, min_n=1)
    assert sorted(table.attrs["by"]) == ["by_by_n", "by_n"]  # distinct, and in the order of by
    assert table.attrs["by"][by.index("n")] == "by_by_n"
    assert sorted(zip(table["by_by_n"], table["by_n"])) == [("a", "p"), ("a", "q"), ("b", "q")]
    row = table.set_index("theme").loc["a × q" if by[0] == "n" else "q × a"]
    assert theme_mask(frame, table.attrs["by"], row).tolist() == [False, False, True]  # read from 'n' and 'by_n'


@pytest.mark.parametrize("text, day", [
    # year first with a time pandas had to read: it read them day first (5 January as 1 May)
    ("20240105T103000", "2024-01-05"), ("20240105T103000-0500", "2024-01-05"), ("20240105103000", "2024-01-05"),
    ("2024-01-05  10:30", "2024-01-05"), ("2024-01-05T10", "2024-01-05"), ("2024-01-05t10:30:00", "2024-01-05"),
    ("2024/01/05 10h", "2024-01-05"),
    # a time with no date, or 'today', took the day the command ran
    ("10:30", None), ("today", None), ("now", None),
    # ... but a month's name with a two-digit year still names one (an Oracle export's DD-MON-RR)
    ("05-Jan-24", "2024-01-05"), ("Jan 5, 24", "2024-01-05"),
    # a 12-hour time before an offset: converted to UTC, into the next day and quarter
    ("Mar 31 2024 11:30 PM -0500", "2024-03-31"),
    # Spanish Excel's serial with a decimal comma; Excel's serials before its fictitious 29 February 1900
    ("45474,3597", "2024-07-01"), ("1", "1900-01-01"), ("59", "1900-02-28"), ("60", None), ("61", "1900-03-01"),
])
def test_dates_found_by_review(text, day):
    days, _, _ = periods.read_dates(pd.Series([text, "13/01/2024"]))  # a d/m/y beside it: the column is day first
    assert (str(days[0]) if not np.isnat(days[0]) else None) == day


@pytest.mark.parametrize("value, day", [
    # a year alone names no day: as a serial, 2024 was 16 July 1905, and a trend showed 1905 silently
    ("2024", None), (2024, None), (2024.0, None), ("1900", None), ("2100", None), ("2024 10:30", None),
    ("1899", "1905-03-13"), ("2101", "1905-10-01"), (2024.5, "1905-07-16"),
    # a serial with a thousands separator: '45,474' was serial 45.474, 14 February 1900
    ("45,474", "2024-07-01"), ("45.474", "2024-07-01"), ("45474,359", "2024-07-01"), ("45474.5", "2024-07-01"),
    # a time of day alone, as Spanish Excel writes a time cell's serial: no day of 1901 (0,500 was serial 500)
    ("0,500", None), ("0.375", None),
])
def test_a_year_alone_is_no_date_and_a_thousands_separator_is_no_decimal(value, day):
    days, _, _ = periods.read_dates(pd.Series([value]))
    assert (str(days[0]) if not np.isnat(days[0]) else None) == day


@pytest.mark.parametrize("text, day", [
    # a time and a year: pandas filled in the month and day the command ran
    ("10:30 2024", None), ("10:30:00 PM 2024", None), ("23:30, 2024", None),
    # a time and a month: the 1st, as without the time (it was the day of the month the command ran)
    ("10:30 ago 2024", "2024-08-01"), ("ago 2024 10:30 a. m.", "2024-08-01"),
    ("15 de agosto de 2024 10:30 p. m.", "2024-08-15"), ("Mar 31 2024 11:30 PM", "2024-03-31"),
    # Spanish writes the time as 10h30 too: '10h30 2024' was 2024-01-01
    ("10h30 2024", None), ("10 h 30 2024", None), ("22h 2024", None), ("10H30 ago 2024", "2024-08-01"),
    ("15/03/2024 22h", "2024-03-15"),
    # and a day after a time is no minutes: '10h 15 mar 2024' was 2024-03-01
    ("10h 15 mar 2024", "2024-03-15"), ("9h 15 de marzo de 2024", "2024-03-15"), ("22h 05/03/2024", "2024-03-05"),
])
def test_a_time_never_fills_in_the_day_the_command_ran(text, day):
    days, _, _ = periods.read_dates(pd.Series([text]))
    assert (str(days[0]) if not np.isnat(days[0]) else None) == day


@pytest.mark.parametrize("text, day", [
    # Spanish Excel's dd-mmm-aaaa: the abbreviations that are not English ones were unreadable
    ("15-ago-2024", "2024-08-15"), ("03-ENE-2024", "2024-01-03"), ("9-abr-24", "2024-04-09"),
    ("20-dic-2024 10:30", "2024-12-20"), ("15.ago.2024", "2024-08-15"), ("15/Dic/2024", "2024-12-15"),
    ("15 ago. 2024", "2024-08-15"), ("3-sept-2024", "2024-09-03"), ("3-set-2024", "2024-09-03"),
    ("12-may-2024", "2024-05-12"), ("ago 2024", "2024-08-01"), ("Dic. 2024", "2024-12-01"),
    # full names, Excel's long date with its weekday
    ("15 de agosto de 2024", "2024-08-15"), ("1 de Enero del 2024", "2024-01-01"),
    ("lunes, 15 de enero de 2024", "2024-01-15"), ("Miércoles, 3 de abril de 2024", "2024-04-03"),
    ("3 de setiembre de 2024", "2024-09-03"), ("31 de diciembre de 2024 23:30 -0500", "2024-12-31"),
    ("28 de febrero de 2024", "2024-02-28"), ("31 de marzo de 2024", "2024-03-31"),
    # a word that only starts like a month is not one, and a month without a year names no date
    ("agotado 15 2024", None), ("ago", None), ("15 de agosto", None),
    # 'de', 'del' and weekdays go only beside a month or before a day: dropped anywhere, they left fragments pandas
    # read as dates ('10 de 2024' was 1 October; quarter labels such as 'T3 de 2024': test_quarter_labels_are_quarters)
    ("10 de 2024", None), ("de 2024", None),
    ("del 2024", None), ("2024/de/05", None), ("1999 de", None), ("del 1 de 2024", None), ("de 8 de 2024", None),
    ("lunes 2024", None), ("lunes 5 2024", None), ("oct de 2024", "2024-10-01"), ("2024 de marzo", "2024-03-01"),
    ("15 de ago. de 2024", "2024-08-15"), ("15 de agosto del 2024", "2024-08-15"), ("dic. de 2024", "2024-12-01"),
    # month first, as Spanish also writes a date: 'Enero 15 de 2024' was unread ('enero 15, 2024' was read)
    ("Enero 15 de 2024", "2024-01-15"), ("enero 15 del 2024", "2024-01-15"), ("ago. 5 de 2024", "2024-08-05"),
    ("enero 2024 de 15", None),
    # a range of days is its first day: pandas read the second day as the year ('15 - 20 ene 2024' was 2015-01-20)
    ("15 - 20 ene 2024", "2024-01-15"), ("15-20 ene. 2024", "2024-01-15"), ("15 al 20 de enero de 2024", "2024-01-15"),
    ("15–20 de enero de 2024", "2024-01-15"), ("Jan 15-20, 2024", "2024-01-15"), ("ene 15 - 20 2024", "2024-01-15"),
    # ... and as Spanish most often writes one, 'del 15 al 20' (its 'del' left, it was unread)
    ("del 15 al 20 de enero de 2024", "2024-01-15"), ("Del 1 - 5 de marzo del 2024", "2024-03-01"),
    ("model 15 al 20 de enero de 2024", None),
    # ... with an ordinal first day, and a date that opens with 'del' (these were unread)
    ("1ro al 5 de enero de 2024", "2024-01-01"), ("1° al 5 de enero de 2024", "2024-01-01"), ("1° al 5 de enero", None),
    ("del 15 de enero de 2024", "2024-01-15"), ("Del 1º de marzo del 2024", "2024-03-01"), ("del 15 de 2024", None),
    # a weekday before a date written month first (unread)
    ("lunes, enero 15 de 2024", "2024-01-15"), ("Lunes, Enero 15, 2024", "2024-01-15"), ("lunes enero 2024", None),
    # an ordinal day after its month, and 'del' before a date in numbers (these were unread)
    ("Enero 1ro de 2024", "2024-01-01"), ("lunes, enero 1° de 2024", "2024-01-01"), ("del 15/01/2024", "2024-01-15"),
    ("del 01/13/2024", None),  # against the column's day-first order, as without 'del'
    ("de 15/01/2024", "2024-01-15"), ("De 2024-01-15", "2024-01-15"), ("de 01/13/2024", None),  # 'de' as 'del' (unread)
    # ... and a text whose year pandas misreads is unreadable, never a date in another year
    ("15/20 ene 2024", None), ("15 20 ene 2024", None), ("28 ene - 3 feb 2024", None),
    ("lunes 15/01/2024", "2024-01-15"), ("viernes 2024-08-15", "2024-08-15"), ("Lunes 5 Ago 2024", "2024-08-05"),
    ("sábado, 17 agosto 2024", "2024-08-17"), ("martes 5 de marzo 2024", "2024-03-05"),
    # a weekday as Excel's 'ddd' writes it (these were unread, left out of the trend); 'mar' is March, but martes
    # before a day and a month (Tuesdays were unread)
    ("mar., 2 jul. 2024", "2024-07-02"), ("MAR, 2 de julio de 2024", "2024-07-02"), ("mar 02/07/2024", "2024-07-02"),
    ("mar. 5 mar. 2024", "2024-03-05"), ("Mar 5 2024", "2024-03-05"), ("Mar 15, 2024", "2024-03-15"),
    ("mar. 2024", "2024-03-01"), ("Mar 15 - 2024", "2024-03-15"),
    # the first of the month as Spanish writes it, an ordinal (these were unread: a day in thirty left out)
    ("1º de enero de 2024", "2024-01-01"), ("1.° de julio del 2024", "2024-07-01"),
    ("1ro de marzo de 2024", "2024-03-01"),
    ("1ª de mayo de 2024", "2024-05-01"), ("1º jul 2024", "2024-07-01"), ("1º de 2024", None),
    # Spanish words around the time made the date unreadable
    ("15 de enero de 2024 a las 10:30", "2024-01-15"), ("31 de marzo de 2024, 23:30 h", "2024-03-31"),
    ("15 ene. 2024 22:30 hrs.", "2024-01-15"), ("15 de enero de 2024 a las 22:30 horas", "2024-01-15"),
    ("vie., 5 mar. 2024", "2024-03-05"), ("Sáb 16/03/2024", "2024-03-16"), ("jue, 14 de marzo de 2024", "2024-03-14"),
    ("vie 2024", None),
    # a year-first date after a weekday is year, month, day: day-first, pandas read it as 3 October
    ("domingo, 2024-03-10", "2024-03-10"), ("dom, 2024-03-10", "2024-03-10"), ("sáb. 2024/03/09", "2024-03-09"),
    # and after an English one (Excel's ddd in English), which pandas reads itself
    ("Sun, 2024-03-10", "2024-03-10"), ("Saturday 2024/03/09", "2024-03-09"), ("mon. 2024-03-11 10:00", "2024-03-11"),
    # a range across two months names only the last day's month: 'del 28 al 3 de marzo' was read as 28 March
    ("del 28 al 3 de marzo de 2024", None), ("28 - 3 mar 2024", None), ("mar 28-3, 2024", None),
    ("3 al 3 de marzo de 2024", "2024-03-03"),
])
def test_spanish_month_names_are_read(text, day):
    days, _, _ = periods.read_dates(pd.Series([text, "13/01/2024"]))
    assert (str(days[0]) if not np.isnat(days[0]) else None) == day


QUARTER_LABELS = [  # (label, its quarter's first day)
    ("2024-T1", "2024-01-01"), ("2024-T2", "2024-04-01"), ("2024-T3", "2024-07-01"), ("2024-T4", "2024-10-01"),
    ("T3 2024", "2024-07-01"), ("T3-2024", "2024-07-01"), ("3T2024", "2024-07-01"), ("2024 T3", "2024-07-01"),
    ("T3 de 2024", "2024-07-01"), ("T4 del 2024", "2024-10-01"), ("3T de 2024", "2024-07-01"), ("t2/2024", "2024-04-01"),
    ("Q3 2024", "2024-07-01"), ("2024-Q3", "2024-07-01"), ("2024Q4", "2024-10-01"), ("3T24", "2024-07-01"),
    ("1er trimestre de 2024", "2024-01-01"), ("3er trimestre 2024", "2024-07-01"), ("2º trimestre 2024", "2024-04-01"),
    ("Tercer trimestre de 2024", "2024-07-01"), ("trimestre 4 2024", "2024-10-01"), ("2024 1er trimestre", "2024-01-01"),
]


@pytest.mark.parametrize("text, day", QUARTER_LABELS)
def test_quarter_labels_are_quarters(text, day):
    """dateutil read '2024-T1'..'2024-T4' as January to April, 'T3 2024' as 1 March; 'T3 de 2024' was unread."""
    column = pd.Series([text, "13/01/2024"])
    days, _, _ = periods.read_dates(column)
    assert str(days[0]) == day and periods.quarter_rows(column).tolist() == [True, False]
    index, labels, _ = periods.period_index(column, "quarter")
    assert labels[index[0]] == f"{day[:4]}-Q{(int(day[5:7]) + 2) // 3}"


@pytest.mark.parametrize("text", ["T5 2024", "T3", "Q0 2024", "2024-T9", "2024 24", "T3 2024 2024", "trimestral 2024"])
def test_what_only_looks_like_a_quarter_is_none(text):
    """Neither a quarter nor a month: dateutil read 'T5 2024' as 1 May."""
    column = pd.Series([text])
    assert not periods.quarter_rows(column).any()
    assert np.isnat(periods.read_dates(column)[0][0])


@pytest.mark.parametrize("period", ["month", "week", "mes", "semana"])
def test_quarters_by_month_or_week_are_an_error_that_names_quarter(period):
    """A column of quarter labels by month was spread into January..April; a quarter is no month."""
    frame = pd.DataFrame({"trimestre": ["2024-T1", "2024-T2", "2024-T3", "2024-T4"] * 3, "cx_status": "ok",
                          "cx_touchpoints": "app", "nps": [10, 9, 3] * 4})
    with pytest.raises(DataError, match=r"date column 'trimestre' holds quarters.*'2024-T1'.*--period quarter"):
        cxnlp.summarize(frame, nps="nps", period=period, date="trimestre")
    with pytest.raises(DataError, match="holds quarters"):
        cxnlp.changes(frame, period, date="trimestre", nps="nps")
    # one quarter label among dates is enough: its rows would land in the quarter's first month
    mixed = frame.assign(trimestre=["15/01/2024"] * 11 + ["T2 2024"])
    with pytest.raises(DataError, match="'T2 2024'"):
        cxnlp.summarize(mixed, nps="nps", period=period, date="trimestre")
    by_quarter = cxnlp.summarize(frame, by=None, nps="nps", period="quarter", date="trimestre")
    assert by_quarter.set_index("period")["n"].to_dict() == {"2024-Q1": 3, "2024-Q2": 3, "2024-Q3": 3, "2024-Q4": 3}


@pytest.mark.parametrize("amounts", [[1250, 3400.5, 99, 780], ["1250", "3400,5", "99", ""],
                                     ["1.250", "3.400,5", "99", "1,250.00"]])  # thousands separated: no serial
def test_a_column_of_amounts_is_no_date_column(amounts):
    """Amounts given as the date column read as Excel serials of 1900 to 1909, a trend of those years, unsaid."""
    frame = pd.DataFrame({"importe": amounts * 10, "cx_status": "ok", "cx_touchpoints": "app",
                          "cx_sentiment": "negative", "nps": [10, 9, 3, 6] * 10})
    said = (r"^date column 'importe' holds numbers, which read as Excel dates before 1990 \(such as '1\.?250(\.0)?': "
            r"1903-06-03\): amounts or codes, not dates\? Name the date column \(--date\), or give a column of "
            r"dates\.$")
    for period in ("month", "week", "quarter"):
        with pytest.raises(DataError, match=said):
            cxnlp.summarize(frame, nps="nps", period=period, date="importe")
    with pytest.raises(DataError, match=said):
        cxnlp.changes(frame, "month", date="importe", nps="nps")
    # Excel serials of this century, and a stray small number among them, are dates
    frame["importe"] = [45474, 45505, 99, 45536] * 10
    assert periods.period_index(frame["importe"], "month")[1] == ["1900-04", "2024-07", "2024-08", "2024-09"]


def test_month_labels_among_days_by_week_are_an_error_that_names_both():
    """Month labels beside a few days were split into weeks: January's labels all in 2024-W01, February's in W05."""
    dates = ["2024-01"] * 10 + ["enero 2024"] * 5 + ["2024-02"] * 10 + ["2024-01-15", "20/02/2024"]
    frame = pd.DataFrame({"fecha": dates, "cx_status": "ok", "cx_touchpoints": "app", "cx_sentiment": "negative",
                          "nps": 5})
    said = (r"^date column 'fecha' mixes month labels \(such as '2024-01'\) with days \(such as '2024-01-15'\), and a "
            r"month does not split into weeks: use period 'month' \(--period month\), or give a column of dates\.$")
    with pytest.raises(DataError, match=said):
        cxnlp.summarize(frame, nps="nps", period="week", date="fecha")
    with pytest.raises(DataError, match=said):
        cxnlp.changes(frame, "week", date="fecha", nps="nps")
    by_month = cxnlp.summarize(frame, by=None, nps="nps", period="month", date="fecha")
    assert by_month["period"].tolist() == ["2024-01", "2024-02"] and by_month["n"].tolist() == [16, 11]
    days = frame.assign(fecha=["2024-01-15", "15/01/2024", "mayo 15 2024"] * 9)  # days only, no label: weeks
    assert cxnlp.summarize(days, by=None, nps="nps", period="week", date="fecha")["n"].sum() == 27


def test_looking_for_month_labels_reads_only_the_first_days_of_months(monkeypatch):
    """The check for month labels among days read every distinct value again, a Python loop: a million distinct
    serials by week took 5 s instead of 0.4 s. Serials and datetimes hold no label; of text, only first days can."""
    sizes = []
    distinct = _date_cells._distinct
    for reader in (periods, _period_checks):  # the column is read in periods, its first days in _period_checks
        monkeypatch.setattr(reader, "_distinct", lambda series: sizes.append(len(series)) or distinct(series))
    days = pd.Series(pd.date_range("2024-01-01", periods=400, freq="D"))
    for dates in (days, (days - pd.Timestamp("1899-12-30")).dt.days + 0.5):
        sizes.clear()
        assert len(periods.period_index(dates, "week")[1]) == 58 and sizes == []
    sizes.clear()
    assert len(periods.period_index(days.dt.strftime("%d/%m/%Y"), "week")[1]) == 58
    assert sizes == [400, 14]  # the column read, then its 14 first days of a month


def test_the_first_days_of_months_are_found_among_repeated_days_and_nat():
    """Checking for month labels, NumPy's month of each of a million days was worked out twice (0.2 s each); now once
    per distinct day (the speed is measured, not tested: this checks the answer over repeats and NaT)."""
    days = np.array(["2024-01-01", "2024-01-15", "NaT", "2024-02-01", "2024-01-15", "2024-01-01"], dtype="datetime64[D]")
    assert _period_checks._first_of_month(days).tolist() == [True, False, False, True, False, True]
    assert _period_checks._first_of_month(np.array([], dtype="datetime64[D]")).tolist() == []


def test_month_labels_by_week_are_an_error_that_names_month_as_changes_says():
    """'2024-05' reads as 1 May: by week, May and June were trended (and grown) as "2024-W18" and "2024-W22", while
    changes refused the same column. Every command now refuses it alike; months, and the report's own choice, work."""
    from cxnlp.insights._groups import growth  # discover's growth
    from cxnlp.report import build_report

    frame = pd.DataFrame({"fecha": ["2024-05", "2024-06"] * 20, "cx_status": "ok", "cx_touchpoints": "app",
                          "cx_sentiment": ["positive", "negative"] * 20, "nps": [10, 9, 3, 6] * 10,
                          "comentario": "la app va lenta"})
    said = (r"^every date in 'fecha' is the first of its month \(month labels, such as '2024-05'\?\), so a month "
            r"does not split into weeks: use period 'month' \(--period month\), or give a column of dates\.$")
    with pytest.raises(DataError, match=said):
        cxnlp.summarize(frame, nps="nps", period="semana", date="fecha")
    members = pd.DataFrame({"group": [1] * len(frame)}, index=frame.index)
    with pytest.raises(DataError, match=said):
        growth(frame, "fecha", "week", members, pd.Series(True, index=frame.index), 1)
    with pytest.raises(DataError, match=said):
        cxnlp.changes(frame, "week", date="fecha", nps="nps")
    with pytest.raises(DataError, match=said):
        build_report(frame, nps="nps", date="fecha", period="week")
    assert "Evolución por mes" in build_report(frame, nps="nps", date="fecha")  # "auto" chooses months
    by_month = cxnlp.summarize(frame, by=None, nps="nps", period="month", date="fecha")
    assert by_month["period"].tolist() == ["2024-05", "2024-06"]
    # a part of a column (a Dask partition) cannot tell whether every date of the column is the first of its month
    labels = periods.period_index(frame["fecha"], "week", whole_column=False)[1]
    assert labels == ["2024-W18", "2024-W22"]


def test_quarter_labels_cast_no_day_month_vote():
    """Quarter labels are no d/m or m/d date: no vote, and no "order guessed" note for them."""
    quarters = pd.Series(["2024-T1", "T2 2024", "3T2024", "Q4 2024"] * 2)
    assert periods.day_month_votes(quarters) == (0.0, 0.0) and not periods.order_guessed(quarters)
    with_dates = pd.concat([quarters, pd.Series(["01/13/2024", "05/07/2024"])], ignore_index=True)
    assert periods.day_month_votes(with_dates) == (0.0, 1.0)
    days, _, dayfirst = periods.read_dates(with_dates)
    assert dayfirst is False and str(days[-1]) == "2024-05-07" and str(days[0]) == "2024-01-01"


def test_spanish_month_abbreviations_keep_every_month_in_the_trend():
    """ene, abr, ago and dic were read nowhere (summarize, changes, the report share the reader): August and
    December left the trend, and "what changed" compared October with November."""
    days = pd.date_range("2024-07-01", "2024-12-31", freq="D")
    short = dict(enumerate(["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"], 1))
    frame = pd.DataFrame({"fecha": [f"{d.day:02d}-{short[d.month]}-{d.year}" for d in days],
                          "cx_touchpoints": "app", "nps": ([10, 9, 3] * 62)[:len(days)]})
    trend = cxnlp.summarize(frame, by=None, nps="nps", period="month", date="fecha")
    assert trend.set_index("period")["n"].to_dict() == {"2024-07": 31, "2024-08": 31, "2024-09": 30,
                                                        "2024-10": 31, "2024-11": 30, "2024-12": 31}
    assert trend.attrs["date_excluded"] == 0
    assert cxnlp.changes(frame, "month", nps="nps").attrs["after"] == "2024-12"


def test_spanish_date_words_are_read_in_linear_time():
    hostile = ["de " * 20_000 + "ago", "ago" * 20_000, "lunes, " * 8_000 + "15-", "a" * 60_000 + "ago 2024",
               "ago de " * 10_000 + "2024", "ago" + " " * 60_000 + "de", ("lunes" + " " * 200 + "15" + " " * 200) * 150,
               "lunes 1" * 10_000 + "x", "1 - " * 20_000 + "ene 2024", "ene 1 -" + " " * 60_000 + "2 2024"]
    start = time.perf_counter()
    periods.read_dates(pd.Series(hostile))
    # About 0.5 s on a quiet machine; a pattern that backtracks takes minutes on 60,000 characters, so a bound with
    # room for a busy machine still catches it.
    assert time.perf_counter() - start < 10.0


def test_words_around_a_time_are_read_in_linear_time():
    """Looking for 'a las' before a time, the blanks and commas of a cell with a year were tried from each of their
    characters: 50,000 spaces took 20 s."""
    hostile = ["15 de enero de 2024" + " " * 50_000 + "a", "2024 " + ", " * 25_000 + "x",
               "1º" + " " * 50_000 + "x 2024", "2024" + " a" * 30_000]
    start = time.perf_counter()
    days = periods.read_dates(pd.Series([*hostile, "15 de enero de 2024 ,  a  las 10:30"]))[0]
    assert time.perf_counter() - start < 10.0  # about 0.4 s; 20 s when each blank was tried from each character
    assert str(days[-1]) == "2024-01-15"


def test_arrow_list_label_columns(tmp_path):
    # Parquet read with dtype_backend="pyarrow" gives list<string> columns, which Arrow cannot factorize.
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["negative", "positive", "mixed", "positive"],
                          "cx_touchpoints": [["delivery", "support"], ["app"], ["app", "delivery"], ["app"]],
                          "cx_emotions": [["anger"], [], ["worry"], []], "nps": [2, 10, 7, 9]})
    frame.to_parquet(tmp_path / "t.parquet")
    arrow = pd.read_parquet(tmp_path / "t.parquet", dtype_backend="pyarrow")
    expected = cxnlp.summarize(pd.read_parquet(tmp_path / "t.parquet"), nps="nps", min_n=1)
    assert cxnlp.summarize(arrow, nps="nps", min_n=1).equals(expected)
    assert expected["theme"].tolist() == ["app", "delivery", "support"]


def test_a_column_of_dict_cells_is_a_data_error_naming_it():
    # a JSON object's cells failed summarize, drivers, changes and the report with "TypeError: unhashable type: 'dict'"
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["negative", "positive"], "cx_touchpoints": "app",
                          "nps": [2, 10], "tags": [{"a": 1}, {"a": 1}]})
    message = (r"^column 'tags' holds dict cells such as \"\{'a': 1\}\", which cannot be grouped by; give a column "
               r"of text, numbers or lists of labels\.$")
    for nps in (None, "nps"):  # (drivers, changes and the report group with the same function)
        with pytest.raises(DataError, match=message):
            cxnlp.summarize(frame, by="tags", nps=nps)
    with pytest.raises(DataError, match=r"^column 'tags' holds list cells such as \"\[\{'a': 1\}\]\""):
        cxnlp.summarize(frame.assign(tags=[[{"a": 1}], ["b"]]), by="tags")
    assert cxnlp.summarize(frame.assign(tags=[["a"], ("a", "b")]), by="tags", min_n=1)["n"].tolist() == [1, 1]
    contact = [{"tel": "612 345 678", "email": "ana.ruiz@gmail.com"}] * 2  # (a customer's: quoted redacted)
    with pytest.raises(DataError, match=r"such as \"\{'tel': '\[TELÉFONO\]', 'email': '\[EMAIL\]'\}\", which"):
        cxnlp.summarize(frame.assign(tags=contact), by="tags")


def test_period_range_lists_every_period_between_two():
    assert periods.period_range("2024-11", "2025-02", "month") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert periods.period_range("2024-Q4", "2025-Q1", "quarter") == ["2024-Q4", "2025-Q1"]
    assert periods.period_range("2020-W52", "2021-W01", "week") == ["2020-W52", "2020-W53", "2021-W01"]
    days = pd.Series(pd.date_range("2019-12-01", "2022-01-31", freq="D"))
    for period in ("week", "month", "quarter"):
        _, labels, _ = periods.period_index(days, period)
        assert periods.period_range(labels[0], labels[-1], period) == labels


def test_periods_between_counts_without_listing():
    assert periods.periods_between("2024-08", "2024-12", "month") == 3
    assert periods.periods_between("2024-08", "2024-09", "month") == 0
    assert periods.periods_between("2014-03", "2024-07", "month") == 123
    assert periods.periods_between("2020-W52", "2021-W02", "week") == 2  # 2020 has 53 ISO weeks
    assert periods.periods_between("2023-Q4", "2024-Q3", "quarter") == 2


def test_a_sentiment_label_of_your_own_named_like_a_summary_column_has_its_own():
    """A label 'net_sentiment' (or 'n') shared its column with the summary's: its shares were replaced by the net
    sentiment (and a label 'n' replaced the counts). It is kept as 'sentiment_<label>', named in attrs."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "delivery", "nps": [3, 9] * 20,
                          "cx_sentiment": ["negative"] * 5 + ["positive"] * 20 + ["net_sentiment"] * 10 + ["n"] * 5})
    s = cxnlp.summarize(frame, nps="nps", min_n=5)
    assert s.attrs["own_sentiments"] == {"n": "sentiment_n", "net_sentiment": "sentiment_net_sentiment"}
    row = s.iloc[0]
    assert (row["n"], row["net_sentiment"], row["sentiment_n"], row["sentiment_net_sentiment"]) == (40, 37.5, 12.5,
                                                                                                    25.0)
    assert list(s.columns[s.columns.get_loc("mixed") + 1:][:3]) == ["sentiment_n", "sentiment_net_sentiment",
                                                                   "net_sentiment"]
    plain = cxnlp.summarize(frame.assign(cx_sentiment=frame["cx_sentiment"].replace({"n": "sarcastic"})), min_n=5)
    assert plain.attrs["own_sentiments"] == {"net_sentiment": "sentiment_net_sentiment", "sarcastic": "sarcastic"}
    assert "own_sentiments" not in cxnlp.summarize(frame.iloc[:25], min_n=5).attrs


@pytest.mark.parametrize("text", ["1-ene-2024", "15-jun", "2-a", "10-A", "1:a", "10 - Very likely 100%"])
def test_dates_and_codes_are_not_labelled_choices(text):
    # a wrong column passed as --nps (dates, codes) must stay non-numeric, not count as scores
    scores, reasons = base.parse_scores([text, "10 - Extremadamente probable"], (0, 10), integer=True)
    assert np.isnan(scores[0]) and scores[1] == 10


@pytest.mark.parametrize("metric", [cxnlp.nps, cxnlp.csat, cxnlp.ces])
def test_a_2d_array_of_scores_is_a_data_error(metric):
    with pytest.raises(DataError, match=r"one column of scores, got a 2-D array of shape \(2, 2\)") as caught:
        metric(np.array([[5, 4], [3, 5]]))
    assert "\n" not in str(caught.value)
    with pytest.raises(DataError, match="0-D array"):
        metric(np.array(5))
    # an array inside a cell is no score, as a list is: counted as excluded, not a crash
    result = cxnlp.nps(pd.Series([10, np.array([9, 9]), 3], dtype=object))
    assert result.n == 2


@pytest.mark.parametrize("call, match", [
    (lambda f: cxnlp.csat([4, 5], method="avg"), "CSAT method 'avg' is not known"),
    (lambda f: cxnlp.csat([4, 5], cutoff=9), r"CSAT cutoff 9 is outside the scale \(1, 5\)"),
    (lambda f: cxnlp.csat([4, 5], scale=(5, 1)), "scale must have low < high"),
    (lambda f: cxnlp.csat([4, 5], scale=5), "scale must be a pair"),
    (lambda f: cxnlp.summarize(f, csat="csat", min_n=-1), "min_n must be a whole number >= 1, got -1"),
    (lambda f: cxnlp.summarize(f, csat="csat", period="decade"), "period 'decade' is not known"),
    (lambda f: cxnlp.write_report(f, "x.html", csat="csat", lang="fr"), "lang 'fr' is not supported"),
], ids=["method", "cutoff_range", "scale_order", "scale_pair", "min_n", "period", "lang"])
def test_bad_settings_are_config_errors(call, match, tmp_path, monkeypatch):
    """README: ConfigError for a bad argument or setting; these were DataErrors (bad input data)."""
    monkeypatch.chdir(tmp_path)
    frame = pd.DataFrame({"cx_status": ["ok"] * 40, "cx_touchpoints": ["app"] * 40, "csat": [4] * 40})
    with pytest.raises(ConfigError, match=match):
        call(frame)
    assert not (tmp_path / "x.html").exists()


def test_a_metric_result_is_unhashable_by_design_and_pickles_as_before():
    import collections.abc
    import json
    import pickle

    from cxnlp.metrics.base import MetricResult

    r = cxnlp.nps([10, 9, 3])
    assert MetricResult.__hash__ is None and not isinstance(r, collections.abc.Hashable)
    with pytest.raises(TypeError, match="unhashable type: 'MetricResult'"):
        hash(r)
    back = pickle.loads(pickle.dumps(r))
    assert back == r == cxnlp.nps([10, 9, 3]) and type(back.counts) is dict
    assert json.dumps(back.to_dict(), sort_keys=True) == json.dumps(r.to_dict(), sort_keys=True)


def test_label_themes_are_read_in_lower_case_as_training_reads_label_ids():
    """'Delivery' (a classified file edited by hand) was a theme apart from 'delivery', each with its own n, NPS and
    impact, and 'app|App' counted its row twice in 'app' once lower-cased."""
    from cxnlp.insights import changes, drivers
    from cxnlp.metrics.themes import theme_mask

    cells = ["Delivery", "delivery|DELIVERY", [" App ", "app"], "app", "app| Delivery ", "support", "App"] * 6
    scores = [0, 3, 10, 9, 6, 8, 10] * 6
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": cells, "nps": scores,
                          "fecha": ["2024-01-10"] * 21 + ["2024-04-10"] * 21})
    s = cxnlp.summarize(frame, nps="nps", min_n=1).set_index("theme")
    assert sorted(s.index) == ["app", "delivery", "support"]
    for theme in ("app", "delivery"):
        mine = [theme in {label.strip().lower() for label in (c if isinstance(c, list) else c.split("|"))}
                for c in cells]
        y = np.array([100 if v >= 9 else -100 if v <= 6 else 0 for v in scores], dtype=float)[mine]
        assert s.loc[theme, "n"] == s.loc[theme, "nps_n"] == sum(mine) and s.loc[theme, "nps"] == pytest.approx(y.mean())
        assert theme_mask(frame, ["touchpoints"], s.loc[theme]).sum() == sum(mine)
    assert s.loc["delivery", "label"] == "Envío e instalación"
    assert set(changes(frame, "quarter", nps="nps", min_n=1)["theme"]) == {"app", "delivery", "support"}
    assert set(drivers(frame, "nps", min_n=1, n_boot=0)["theme"]) == {"app", "delivery", "support"}


def test_theme_mask_reads_the_row_s_theme_as_the_cells_are_read():
    """A row written "Delivery" or " Delivery " (a summary edited by hand, a theme typed in) matched no row, while
    the cells "Delivery" and " delivery " are the theme delivery; a sentiment "Positive" likewise."""
    from cxnlp.metrics.themes import theme_mask

    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["Delivery", " delivery ", "app|DELIVERY", "app"],
                          "cx_sentiment": ["positive", " Negative", "Positive", "negative"], "region": ["Norte"] * 4})
    for written in ("delivery", "Delivery", " Delivery "):
        assert theme_mask(frame, ["touchpoints"], pd.Series({"touchpoints": written})).tolist() == [True] * 3 + [False]
    assert theme_mask(frame, ["sentiment"], pd.Series({"sentiment": "Positive"})).tolist() == [True, False, True, False]
    # A column of yours keeps its case: "norte" is not the theme "Norte".
    assert theme_mask(frame, ["region"], pd.Series({"region": "norte"})).tolist() == [False] * 4


def test_metric_results_with_a_missing_value_equal_the_same_results():
    """NaN compared unequal with NaN: the results of the same answers were unequal wherever a field was missing (one
    answer to a mean has no SE or interval; no valid answer has no value), also after a pickle."""
    import pickle

    for make in (lambda: cxnlp.ces([4]), lambda: cxnlp.nps([]), lambda: cxnlp.csat(["", "x"])):
        r = make()
        assert any(isinstance(v, float) and math.isnan(v) for v in (r.value, r.se, r.low, r.high))
        assert r == make() and pickle.loads(pickle.dumps(r)) == r and not r != make()
    assert cxnlp.ces([4]) != cxnlp.ces([5]) and cxnlp.nps([]) != cxnlp.nps([None])  # a value, a count differ
    assert cxnlp.nps([]) != cxnlp.csat([]) and cxnlp.ces([4]) != "ces"


@pytest.mark.parametrize("answer", [1.1, 4.7, 6.3, 5.0])
def test_impact_without_variance_is_zero_and_untested(answer):
    # Every answer equal: sum(y^2) - n*mean^2 is rounding error for 1.1 (not for 5.0); that is no spread (§3.4).
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app"] * 37 + ["delivery"] * 31 + [""] * 29,
                          "ces": [answer] * 97})
    s = cxnlp.summarize(frame, ces="ces", min_n=5).set_index("theme")
    assert (s.loc[["app", "delivery"], "ces_impact"] == 0.0).all()
    assert s.loc[["app", "delivery"], "ces_impact_p"].isna().all()
    assert not s["ces_impact_significant"].any()


def test_dayfirst_is_true_false_or_none():
    # "yes" (a service's or a config file's text) was read as True whatever it said, and written so into attrs
    frame = pd.DataFrame({"cx_status": ["ok"] * 4, "cx_touchpoints": ["app"] * 4, "cx_sentiment": ["positive"] * 4,
                          "fecha": ["05/01/2024", "06/01/2024", "05/02/2024", "06/02/2024"], "nps": [9, 10, 3, 7]})
    for wrong in ("yes", 1, "false"):
        with pytest.raises(ConfigError, match=rf"^dayfirst must be True, False or None, got {wrong!r}\.$"):
            cxnlp.summarize(frame, nps="nps", date="fecha", period="month", dayfirst=wrong, min_n=1)
        with pytest.raises(ConfigError, match=r"^dayfirst must be True, False or None"):
            cxnlp.changes(frame, "month", date="fecha", nps="nps", dayfirst=wrong, min_n=1)
    for right in (True, False, None, np.bool_(True)):
        cxnlp.summarize(frame, nps="nps", date="fecha", period="month", dayfirst=right, min_n=1)


@pytest.mark.parametrize(("by", "said"), [
    ("cx_touchpoints,cx_touchpoints", "by names 'cx_touchpoints' 2 times; give it once: by='cx_touchpoints'."),
    ("touchpoints,region,touchpoints,touchpoints", "by names 'touchpoints' 3 times; give it once: "
                                                   "by='touchpoints,region'."),
    (["touchpoints", "cx_touchpoints"], "by names 'touchpoints' 2 times (also as 'cx_touchpoints'); give it once: "
                                        "by='touchpoints'."),
])
def test_a_dimension_named_twice_in_by_shows_by_without_the_repeat(by, said):
    """'cx_touchpoints,cx_touchpoints' was told "give each dimension once (e.g. 'touchpoints,region')", an example of
    nothing the user typed; as the command line says of a repeated --by, the value to give is shown."""
    frame = pd.DataFrame({"cx_touchpoints": ["app"] * 3, "cx_status": "ok", "region": "norte", "nps": [1, 9, 10]})
    with pytest.raises(DataError, match=f"^{re.escape(said)}$"):
        cxnlp.summarize(frame, by=by, nps="nps")


@pytest.mark.parametrize(("by", "said"), [
    ("touchpoints,cx_touchpoints,touchpoints", "by names 'touchpoints' 3 times (also as 'cx_touchpoints'); give it "
                                               "once: by='touchpoints'."),
    (["touchpoints", "touchpoints", "cx_touchpoints"], "by names 'touchpoints' 3 times (also as 'cx_touchpoints'); "
                                                       "give it once: by='touchpoints'."),
    ([0, "region", 0], "by names 0 2 times; give it once: by=[0, 'region']."),
    ([0, 0], "by names 0 2 times; give it once: by=0."),
])
def test_a_dimension_named_twice_counts_every_spelling_and_a_column_0(by, said):
    """The repeat of a later spelling was left in the value to give ("give it once: by='touchpoints,cx_touchpoints'"),
    the count left it out ("2 times" of three), and a column named 0 (falsy) twice was no error: two dimensions."""
    frame = pd.DataFrame({"cx_touchpoints": ["app"] * 3, "cx_status": "ok", "region": "norte", 0: "a",
                          "nps": [1, 9, 10]})
    with pytest.raises(DataError, match=f"^{re.escape(said)}$"):
        cxnlp.summarize(frame, by=by, nps="nps")


@pytest.mark.parametrize("column, dates, period", [
    ("fecha", ["2024-05", "2024-06"], "week"),
    ("fecha", ["2024-01", "2024-01-15"], "week"),
    ("trimestre", ["2024-T1", "2024-T2"], "month"),
])
def test_docs_quote_each_period_refusal_as_the_code_words_it(column, dates, period):
    # docs/metrics.md quoted the quarter refusal without its end, ", or a column of dates."
    from pathlib import Path

    docs = " ".join((Path(__file__).resolve().parents[1] / "docs" / "metrics.md").read_text(encoding="utf-8").split())
    frame = pd.DataFrame({column: dates * 10, "cx_status": "ok", "cx_touchpoints": "app", "nps": 5})
    with pytest.raises(DataError) as said:
        cxnlp.summarize(frame, nps="nps", period=period, date=column)
    assert f'"{said.value}"' in docs, str(said.value)


def test_a_net_metric_scored_otherwise_than_100_gets_its_interval_in_its_own_units():
    """A net metric scored +1/-1 got the interval of answers of +100/-100 (0.3 in [-18.2, 18.7]); its answers of
    Rocks's adjustment are added at the ends of its own range now, and one scored -100/-50/0/50/100 keeps the
    interval from the variance of its own scores."""
    from dataclasses import dataclass

    @dataclass(frozen=True, kw_only=True)
    class NetOne(base.Metric):
        name, label, methods, integer = "net_one", "Net one", {"net": "net"}, True
        scale: tuple[int, int] = (1, 5)
        method: str = "net"

        def score(self, x):
            return np.where(x >= 4, 1.0, np.where(x <= 2, -1.0, 0.0))

    @dataclass(frozen=True, kw_only=True)
    class NetFive(NetOne):
        name = "net_five"

        def score(self, x):
            return 50.0 * (x - 3)

    answers = [5, 5, 4, 3, 1, 1, 2, 5, 5, 4]  # 6 at +1, 1 at 0, 3 at -1
    r = NetOne().result(answers)
    # By hand: n + 3 = 13, centre 3/13, p + d = (9 + 1.5)/13; half = 1.959964 * sqrt((10.5/13 - (3/13)**2) / 13).
    half = base.Z95 * math.sqrt((10.5 / 13 - (3 / 13) ** 2) / 13)
    assert r.value == pytest.approx(0.3) and r.interval == pytest.approx((3 / 13 - half, 3 / 13 + half))
    assert r.interval == pytest.approx((-0.2414, 0.7029), abs=1e-4)
    # The same answers as an NPS (6 promoters, 1 passive, 3 detractors): the same interval, 100 times larger.
    assert [100 * v for v in r.interval] == pytest.approx(list(cxnlp.nps([10, 10, 9, 8, 0, 0, 0, 10, 10, 9]).interval))
    # Three answers at +1: the interval stays inside -1..1 and holds the value 1.
    # By hand: centre 3/6, spread (3 + 1.5)/6 - 0.25 = 0.5, the high end 1.07 clipped to 1.
    assert NetOne().result([5, 5, 5]).interval == pytest.approx((0.5 - base.Z95 * math.sqrt(0.5 / 6), 1.0))
    # y = -100, -50, 0, 50, 100: sum 250, sum of squares 67,500; by hand with 3/4 answer at -100 and 100, 3/2 at 0.
    five = NetFive().result(answers)
    centre = 250 / 13
    half = base.Z95 * math.sqrt(((67_500 + 15_000) / 13 - centre**2) / 13)
    assert five.interval == pytest.approx((centre - half, centre + half))
    assert NetOne().net_range() == (-1.0, 1.0) and NetFive().net_range() == (-100.0, 100.0)


def test_the_nps_interval_is_rocks_s_formula_to_the_last_digit():
    """Rocks's interval written for any net metric's range gave the NPS other last digits (-6.944177980272023 for
    -6.944177980272038, every summary CSV's bytes changed); the NPS gets the formula of docs/metrics.md again, bit
    for bit, and a net metric scored otherwise the same interval in its own units."""
    for promoters, passives, detractors in ((0, 0, 4), (0, 0, 5), (3, 1, 7), (11, 2, 5), (6, 1, 3)):
        m = promoters + passives + detractors + 3.0
        p, d = (promoters + 0.75) / m, (detractors + 0.75) / m
        half = 100 * base.Z95 * math.sqrt((p + d - (p - d) ** 2) / m)
        value = 100 * (promoters - detractors) / (m - 3)
        low, high = max(min(100 * (p - d) - half, value), -100.0), min(max(100 * (p - d) + half, value), 100.0)
        assert cxnlp.nps([10] * promoters + [8] * passives + [0] * detractors).interval == (low, high)


def test_two_different_answers_on_a_wide_scale_have_a_spread():
    """A fixed 1e-9 of sum(y^2) read as rounding error took the answers 99,999 and 100,000 of a 1-100,000 scale (a
    spread of 0.5 in sums of 2e10) for equal ones: se 0, the interval [99,999.5; 99,999.5] and no impact. Equal
    answers still have none."""
    from cxnlp.metrics.effort import CES

    r = CES(method="mean", scale=(1, 100_000)).result([99_999, 100_000])
    # By hand: mean 99,999.5, sample variance 0.5, se sqrt(0.5 / 2) = 0.5, t(0.975, 1) = 12.7062047.
    assert (r.value, r.se) == (99_999.5, 0.5)
    assert r.interval == pytest.approx((99_999.5 - 12.706204736174707 * 0.5, 100_000.0))
    frame = pd.DataFrame({"region": ["a"] * 3 + ["b"] * 3, "x": [100_000] * 3 + [99_999] * 3})
    s = cxnlp.summarize(frame, by="region", metrics=[("x", CES(method="mean", scale=(1, 100_000)))], min_n=1)
    # Impact of a = overall - without a = 99,999.5 - 99,999 = 0.5; of b, -0.5.
    assert s.set_index("region")["ces_impact"].tolist() == pytest.approx([0.5, -0.5])
    for same in (["1.1"] * 68, [7, 7]):
        assert CES(method="mean").result(same).se == 0.0


def test_an_answer_a_metric_scores_nan_is_counted_out_of_range_not_dropped_in_silence():
    """A metric of one's own that scores a "don't know" point NaN (or inf) lost that answer from n and from every
    count (4 answers: n 3, excluded 0); it is out of range now, in the result and in the summary alike."""
    from dataclasses import dataclass

    @dataclass(frozen=True, kw_only=True)
    class NetDK(base.Metric):
        name, label, methods, integer = "net_dk", "Net DK", {"net": "net"}, True
        scale: tuple[int, int] = (1, 6)
        method: str = "net"

        def score(self, x):  # 6 is "don't know"; 1 scores inf, as a bug would
            return np.where(x == 6, np.nan, np.where(x == 1, np.inf, np.where(x >= 4, 100.0, -100.0)))

    r = NetDK().result([5, 6, 2, 5, 1])
    # By hand: the valid answers are 5, 2, 5: y = 100, -100, 100, NPS-like value 100/3.
    assert (r.n, r.out_of_range, r.excluded) == (3, 2, 2) and r.value == pytest.approx(100 / 3)
    frame = pd.DataFrame({"region": ["a", "a", "b", "b", "b"], "q": [5, 6, 2, 5, 1]})
    s = cxnlp.summarize(frame, by="region", metrics=[("q", NetDK())], min_n=1).set_index("region").loc[["a", "b"]]
    assert s["net_dk_n"].tolist() == [1, 2] and s["net_dk_out_of_range"].tolist() == [1, 1]
    assert s["net_dk"].tolist() == pytest.approx([100.0, 0.0])


@pytest.mark.parametrize("settings, name", [({"csat_method": "mean"}, "csat_method"),
                                            ({"csat_scale": (1, 10)}, "csat_scale"),
                                            ({"ces_cutoff": 4}, "ces_cutoff"),
                                            ({"nps": "csat", "ces_method": "agree"}, "ces_method")])
def test_a_score_setting_without_its_column_is_refused_not_ignored(settings, name):
    """``csat_method="mean"`` without ``csat`` was ignored in Python (and Dask, and the service), where the command
    line refuses ``--csat-method mean`` without ``--csat``: the caller believed a mean CSAT was computed."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "csat": [5, 2, 4, 4]})
    score = name.split("_")[0]
    with pytest.raises(ConfigError, match=rf"^{name}=.* needs {score} \(the column of those answers\); give "
                                          rf"{score}=COLUMN, or leave {name} out\.$"):
        cxnlp.summarize(frame, min_n=1, **settings)
    # The defaults, as the command line and the service pass them, are no setting; with the column, all is read.
    defaults = dict(csat_method="top2", csat_scale=[1, 5], csat_cutoff=None, ces_method="mean", ces_scale=(1, 7))
    assert len(cxnlp.summarize(frame, min_n=1, **defaults)) == 2
    assert cxnlp.summarize(frame, min_n=1, csat="csat", csat_method="mean")["csat"].tolist() == [4.5, 3.0]


def test_a_default_scale_as_a_numpy_array_without_its_column_is_no_setting():
    """Review of parity1: ``csat_scale=np.array([1, 5])`` (taken with ``csat``) was refused without ``csat`` as a
    setting other than its default, where ``[1, 5]`` and ``(1, 5)`` were not; a scale that differs still is."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "nps": [1, 9, 10, 5]})
    summary = cxnlp.summarize(frame, nps="nps", min_n=1, csat_scale=np.array([1, 5]), ces_scale=np.array([1, 7]))
    assert len(summary) == 2
    with pytest.raises(ConfigError, match=r"^csat_scale=array\(\[ 1, 10\]\) needs csat "):
        cxnlp.summarize(frame, nps="nps", min_n=1, csat_scale=np.array([1, 10]))
