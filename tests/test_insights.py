"""Key drivers and what changed (cxnlp.insights), on synthetic surveys with planted effects."""

from __future__ import annotations

import doctest
import importlib
import itertools
import re
import warnings
from dataclasses import dataclass
from math import factorial

import numpy as np
import pandas as pd
import pytest
from custom_metrics import Vote

import cxnlp
from cxnlp.exceptions import ConfigError, DataError
from cxnlp.insights import _regression as reg
from cxnlp.insights import benjamini_hochberg, changes, drivers
from cxnlp.insights.changes import check_period, latest_periods
from cxnlp.metrics import NPS, Metric

THEMES = ("delivery", "support", "app", "price", "store", "billing")


def survey(n: int = 4000, *, seed: int = 0, effects: dict | None = None, rides: tuple | None = None,
           themes=THEMES, share: float = 0.25, base: float = 20.0) -> pd.DataFrame:
    """A classified survey: each theme is mentioned with probability ``share``; a respondent's
    expected NPS contribution is ``base`` plus the ``effects`` (NPS points) of the themes they mention.
    ``rides=(follower, leader, q)``: the follower is mentioned with the leader with probability q
    (and by 3% of everyone else), and has no effect of its own."""
    rng = np.random.default_rng(seed)
    x = {t: rng.random(n) < share for t in themes}
    if rides:
        follower, leader, q = rides
        x[follower] = (x[leader] & (rng.random(n) < q)) | (rng.random(n) < 0.03)
    mean = np.full(n, base)
    for theme, effect in (effects or {}).items():
        mean = mean + effect * x[theme]
    # y = +100 / 0 / -100 with 30% passives and E[y] = mean
    promoter, detractor = 0.35 + mean / 200, 0.35 - mean / 200
    u = rng.random(n)
    score = np.where(u < promoter, rng.integers(9, 11, n),
                     np.where(u < promoter + detractor, rng.integers(0, 7, n), rng.integers(7, 9, n)))
    touchpoints = ["|".join(t for t in themes if x[t][i]) or None for i in range(n)]
    sentiment = np.where(score >= 9, "positive", np.where(score <= 6, "negative", "neutral"))
    return pd.DataFrame({"cx_status": "ok", "cx_touchpoints": touchpoints, "cx_sentiment": sentiment,
                         "recomendacion": score})


def row(table: pd.DataFrame, theme: str) -> pd.Series:
    return table.set_index("theme").loc[theme]


# -- key drivers --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def planted():
    return drivers(survey(effects={"delivery": -20}), "recomendacion", metric="nps")


def test_a_theme_that_costs_20_points_ranks_first(planted):
    first = planted.iloc[0]
    assert first["theme"] == "delivery" and first["rank"] == 1
    assert first["effect_high"] < 0 and first["effect_low"] < -20 < first["effect_high"]
    assert first["effect_significant"] and first["quadrant"] == "fix_first"
    assert first["importance"] > 50 and first["importance_low"] > 0
    assert planted["importance"].sum() == pytest.approx(100)


def test_a_theme_without_effect_has_an_interval_that_covers_zero(planted):
    for theme in ("app", "price"):
        r = row(planted, theme)
        assert r["effect_low"] < 0 < r["effect_high"] and not r["effect_significant"]
        assert r["importance"] < 10


def test_a_small_theme_without_spread_has_at_least_the_classical_interval():
    """'app': 30 respondents, all promoters; 900 others at NPS 87 (810/63/27). Its resamples are all promoters too,
    and the percentile interval read +13 [10.2, 15.8], significant, though theme against rest gives p = 0.09."""
    nps = [10] * 30 + [10] * 810 + [8] * 63 + [3] * 27
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app"] * 30 + [""] * 900, "nps": nps})
    app = row(drivers(frame, "nps", n_boot=200), "app")
    # By hand: OLS with the residual variance pooled over all 930 respondents (n - 2 degrees of freedom).
    y, _ = NPS().values(pd.Series(nps))
    x = np.column_stack([np.ones(930), np.r_[np.ones(30), np.zeros(900)]])
    beta, rss = np.linalg.lstsq(x, y, rcond=None)[:2]
    se = np.sqrt(rss[0] / (930 - 2) * np.linalg.inv(x.T @ x)[1, 1])
    assert app["effect"] == pytest.approx(beta[1]) == pytest.approx(13.0)
    assert (app["effect_low"], app["effect_high"]) == pytest.approx((13.0 - 1.959964 * se, 13.0 + 1.959964 * se))
    assert app["effect_low"] < 0 < app["effect_high"] and not app["effect_significant"]
    assert app["impact_p"] > 0.05


def test_the_classical_interval_only_ever_widens_an_effects_interval(monkeypatch):
    """Review: where the classical standard error was the larger, the classical interval replaced the percentile one,
    and could move an end of a skewed interval inwards (an effect-free theme was called significant)."""
    import importlib

    from cxnlp.insights import _regression

    module = importlib.import_module("cxnlp.insights._drivers_fit")  # where drivers' intervals are computed

    frame = survey(n=600, seed=4, effects={"delivery": -20})
    monkeypatch.setattr(module, "_spread", lambda draws: np.full(draws.shape[1], np.inf))  # the percentile intervals
    percentile = drivers(frame, "recomendacion", metric="nps", n_boot=100).set_index("theme")
    # The classical error deemed larger everywhere, yet tiny: the interval must stay the percentile one.
    monkeypatch.setattr(module, "_spread", lambda draws: np.zeros(draws.shape[1]))
    monkeypatch.setattr(_regression, "standard_errors", lambda cov, n: np.full(cov.shape[-1] - 1, 1e-9))
    widened = drivers(frame, "recomendacion", metric="nps", n_boot=100).set_index("theme").loc[percentile.index]
    effect = percentile["effect"].to_numpy()  # (a percentile interval that misses its own effect is stretched to it)
    for name, outer in (("effect_low", np.fmin), ("effect_high", np.fmax)):
        assert widened[name].to_numpy() == pytest.approx(outer(percentile[name].to_numpy(), effect), nan_ok=True)


def test_correlated_themes_are_separated_where_the_simple_impact_is_not():
    frame = survey(n=20000, seed=1, effects={"delivery": -20}, rides=("support", "delivery", 0.7))
    table = drivers(frame, "recomendacion", metric="nps", n_boot=300)
    cause, rider = row(table, "delivery"), row(table, "support")
    # The simple impact blames both...
    assert cause["impact"] < 0 and cause["impact_significant"]
    assert rider["impact"] < 0 and rider["impact_significant"]
    # ...the drivers analysis only the cause, and says where the two disagree.
    assert cause["effect_high"] < 0 and cause["effect_low"] < -20 < cause["effect_high"]
    assert rider["effect_low"] < 0 < rider["effect_high"] and not rider["effect_significant"]
    assert rider["disagrees"] and not cause["disagrees"]
    assert table.iloc[0]["theme"] == "delivery"


def test_effects_are_the_ols_coefficients_in_nps_points():
    frame = survey(n=3000, seed=2, effects={"delivery": -20, "price": 10})
    table = drivers(frame, "recomendacion", metric="nps", n_boot=0)
    y, _ = NPS().values(frame["recomendacion"])
    x = np.column_stack([frame["cx_touchpoints"].fillna("").str.split("|").map(lambda ts, t=t: t in ts)
                         for t in THEMES]).astype(float)
    beta = np.linalg.lstsq(np.column_stack([np.ones(len(y)), x]), y, rcond=None)[0][1:]
    assert table.set_index("theme").loc[list(THEMES), "effect"].to_numpy() == pytest.approx(beta)
    assert table["effect_low"].isna().all()  # n_boot=0: no intervals


def _r2(x, y, cols):
    if not cols:
        return 0.0
    design = np.column_stack([np.ones(len(y)), x[:, cols]])
    resid = y - design @ np.linalg.lstsq(design, y, rcond=None)[0]
    return 1 - resid.var() / y.var()


def test_shapley_values_match_the_definition():
    rng = np.random.default_rng(3)
    x = rng.random((500, 4)) < [0.2, 0.3, 0.4, 0.5]
    x[:, 1] |= x[:, 0] & (rng.random(500) < 0.5)
    y = rng.normal(size=500) - 2 * x[:, 0] + x[:, 2]
    z, counts = reg.cells(x, y)
    cov = reg.covariances(z, counts[None, :])
    expected = np.zeros(4)
    for order in itertools.permutations(range(4)):
        for i, j in enumerate(order):
            expected[j] += _r2(x, y, list(order[:i + 1])) - _r2(x, y, list(order[:i]))
    expected /= factorial(4)
    assert reg.shapley(cov)[0] == pytest.approx(expected, abs=1e-12)
    assert reg.shapley(cov)[0].sum() == pytest.approx(_r2(x, y, [0, 1, 2, 3]))
    weights = reg.relative_weights(cov)[0]
    assert weights.sum() == pytest.approx(_r2(x, y, [0, 1, 2, 3]))
    assert np.argsort(weights).tolist() == np.argsort(expected).tolist()


def test_many_themes_use_relative_weights_and_sentiment_combinations():
    frame = survey(n=6000, seed=4, effects={"delivery": -20})
    table = drivers(frame, "recomendacion", by="touchpoints×sentiment", metric="nps", n_boot=100)
    assert table.attrs["method"] == "relative_weights" and table.attrs["themes_in_model"] > 12
    assert "delivery × negative" in set(table["theme"])
    assert table.loc[~table["below_min_n"], "importance"].sum() == pytest.approx(100)
    with pytest.raises(DataError, match="at most 12 themes"):
        drivers(frame, "recomendacion", by="touchpoints×sentiment", metric="nps", method="shapley", n_boot=0)


def test_small_themes_are_reported_flagged_not_ranked():
    frame = survey(n=2000, seed=5, themes=THEMES + ("returns",))
    frame.loc[frame.index[:1900], "cx_touchpoints"] = (
        frame.loc[frame.index[:1900], "cx_touchpoints"].str.replace("returns", "app", regex=False))
    table = drivers(frame, "recomendacion", metric="nps", min_n=40, n_boot=50)
    small = row(table, "returns")
    assert small["below_min_n"] and pd.isna(small["rank"]) and np.isnan(small["effect"])
    assert small["n"] < 40 and np.isfinite(small["value"]) and np.isfinite(small["impact"])
    assert pd.isna(small["quadrant"]) and not small["disagrees"]
    assert table.iloc[-1]["theme"] == "returns"  # after the ranked themes
    assert table["rank"].dropna().tolist() == list(range(1, len(THEMES) + 1))


def test_a_score_that_never_varies_gets_no_quadrant_and_no_matrix():
    """Every respondent gives 9: no theme explains anything, and an effect's sign is floating-point noise."""
    from cxnlp.report.build import build_report

    frame = survey(n=600, seed=9).assign(recomendacion=9)
    table = drivers(frame, "recomendacion", metric="nps", n_boot=50)
    assert table["quadrant"].isna().all() and table["importance"].isna().all()
    assert (table["effect"].abs() < 1e-6).all()
    html = build_report(frame, nps="recomendacion")
    assert not any(word in html for word in ("Arreglar primero", "Vigilar", "Baja prioridad"))
    assert "Arreglar primero" in build_report(survey(n=600, seed=9, effects={"app": -40}), nps="recomendacion")


def test_themes_that_cover_every_respondent_are_not_identified():
    """A column with one value per respondent leaves no baseline: any split of the score among the values
    would be arbitrary (a pseudo-inverse gave Norte +100, Sur -100 with zero-width intervals for a
    200-point gap), so it is an error that says so; with a baseline, its size is in attrs."""
    rng = np.random.default_rng(0)
    frame = survey(n=400, seed=10)
    frame["region"] = np.where(rng.random(len(frame)) < 0.5, "Norte", "Sur")
    with pytest.raises(cxnlp.DataError, match="not identified"):
        drivers(frame, "recomendacion", metric="nps", by="region", n_boot=20)
    table = drivers(frame, "recomendacion", metric="nps", n_boot=0)
    assert table.attrs["baseline"] == int(frame["cx_touchpoints"].isna().sum()) > 0


def test_a_column_of_many_values_is_found_unidentified_without_a_dense_matrix():
    """One store per respondent, 800 stores: the model cannot be fit, which the counts of themes per respondent show.
    Finding it out built two dense float copies of respondents x stores (256 MB each here; 6.7 GB and a minute for
    200,000 responses by 2,000 stores, enough for the OOM killer to end the report with no output)."""
    import tracemalloc

    rng = np.random.default_rng(0)
    n = 40_000
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "nps": rng.integers(0, 11, n),
                          "tienda": [f"Tienda {i}" for i in rng.integers(0, 800, n)]})
    tracemalloc.start()
    try:
        with pytest.raises(cxnlp.DataError, match="not identified") as caught:
            drivers(frame, "nps", by="tienda", n_boot=20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.unidentified
    assert peak < 64 * 2**20, f"{peak / 2**20:.0f} MB"


def test_the_r2_interval_covers_a_true_r2_of_zero():
    """The percentile interval of the sample R² (biased upward by about k/n, and each resample's by as much again) never
    held a true R² of 0: 300 respondents, three themes that change nothing, R² 0.010 [0.006, 0.040]."""
    themes = ("a", "b", "c")
    lows = []
    for seed in range(5):
        rng = np.random.default_rng(seed)
        x = rng.random((300, 3)) < [0.3, 0.25, 0.2]
        frame = pd.DataFrame({"cx_status": "ok", "ces": np.clip(4 + rng.normal(0, 1, 300), 1, 7),
                              "cx_touchpoints": ["|".join(t for t, on in zip(themes, row) if on) for row in x]})
        a = drivers(frame, "ces", n_boot=200, min_n=5, seed=seed).attrs
        assert 0 <= a["r2_low"] <= a["r2_high"] and a["r2"] > 0
        lows.append(a["r2_low"])
    assert lows.count(0.0) >= 4
    # A real effect keeps its interval above 0.
    planted = frame.assign(ces=np.clip(4 - 0.8 * x[:, 1] + rng.normal(0, 1, 300), 1, 7))
    assert drivers(planted, "ces", n_boot=200, min_n=5).attrs["r2_low"] > 0


def test_drivers_is_deterministic_and_public():
    frame = survey(n=1500, seed=6, effects={"app": 15})
    a = cxnlp.drivers(frame, "recomendacion", metric="nps", n_boot=100, seed=7)
    b = cxnlp.drivers(frame, "recomendacion", metric="nps", n_boot=100, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["respondents"] == 1500 and a.attrs["r2_low"] < a.attrs["r2"] < a.attrs["r2_high"]
    assert list(a.columns[:4]) == ["touchpoints", "theme", "label", "n"]


def test_drivers_do_not_depend_on_the_order_of_the_rows():
    """Cells numbered by first appearance and the model's themes in the order they were first met gave a
    shuffled table other bootstrap draws (app [-12.5, 23.7] against [-13.2, 25.5]) and other last digits."""
    rng = np.random.default_rng(1)
    n = 600
    combos = np.array(["app", "delivery", "support", "price", "app|delivery", "support|price", "general"])
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": rng.choice(["positive", "neutral", "negative"], n),
                          "cx_touchpoints": rng.choice(combos, n), "nps": rng.integers(0, 11, n),
                          "tienda": np.where(rng.random(n) < 0.2, None, rng.integers(0, 70, n).astype(str))})
    # Shapley; relative weights; over 62 themes (the cells found by a row sort).
    for by, min_n in (("touchpoints", 10), ("touchpoints×sentiment", 10), ("tienda", 3)):
        expected = drivers(frame, "nps", by=by, metric="nps", min_n=min_n, n_boot=100)
        for state in range(3):
            shuffled = drivers(frame.sample(frac=1, random_state=state), "nps", by=by, metric="nps", min_n=min_n,
                               n_boot=100)
            pd.testing.assert_frame_equal(shuffled, expected, check_exact=True)
            assert shuffled.attrs == expected.attrs
    assert expected.attrs["themes_in_model"] > 62


def test_only_labelled_comments_with_a_valid_answer_count():
    frame = survey(n=1000, seed=8).astype({"recomendacion": object})
    frame.loc[frame.index[:100], "cx_status"] = "empty"
    frame.loc[frame.index[100:150], "recomendacion"] = "n/a"
    table = drivers(frame.rename(columns={"recomendacion": "NPS"}), "nps", n_boot=0)  # metric from the name
    assert table.attrs["respondents"] == 850 and table.attrs["metric"] == "nps"


def test_docstring_examples():
    """The drivers example gave each respondent exactly one theme, which drivers refuses (the effects cannot be told
    from the baseline): the first public example a user copies raised a DataError. Only metrics was doctested."""
    for name in ("cxnlp.insights.drivers", "cxnlp.insights.changes"):  # (the package's names are the functions)
        failed, _ = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
        assert failed == 0, name


def test_drivers_errors():
    frame = survey(n=200, seed=9)
    with pytest.raises(DataError, match="say which metric the column 'recomendacion' holds"):
        drivers(frame, "recomendacion")
    with pytest.raises(DataError, match="by=None leaves nothing"):
        drivers(frame, "recomendacion", metric="nps", by=None)
    with pytest.raises(ConfigError, match="n_boot must be"):  # settings, as summarize's min_n
        drivers(frame, "recomendacion", metric="nps", n_boot=-1)
    with pytest.raises(ConfigError, match="min_n must be"):
        drivers(frame, "recomendacion", metric="nps", min_n=0)
    with pytest.raises(ConfigError, match="min_n must be a whole number >= 1, got True"):  # a bool passed as 1
        drivers(frame, "recomendacion", metric="nps", min_n=True)
    with pytest.raises(ConfigError, match=r"n_boot must be 0 \(no intervals\) or a whole number from 20 \(the "
                                          r"resamples of a 95% interval\) to 100,000, got True\.$"):  # ran one resample
        drivers(frame, "recomendacion", metric="nps", n_boot=True)
    with pytest.raises(ConfigError, match="method 'lasso' is not known"):
        drivers(frame, "recomendacion", metric="nps", method="lasso")
    with pytest.raises(DataError, match="NPS column 'nps' not found"):
        drivers(frame, "nps")
    # A misspelt column was asked which metric it holds, and said missing only once metric= was given.
    with pytest.raises(DataError, match=r"score column 'recomendacio' not found; the table has columns "
                                        r".*'recomendacion'"):
        drivers(frame, "recomendacio")


# -- what changed --------------------------------------------------------------------------------
def two_quarters(n: int = 800, *, seed: int = 0, themes=THEMES, after: dict | None = None,
                 share_after: dict | None = None) -> pd.DataFrame:
    """Half the rows in 2024-Q1, half in Q2, drawn alike except for the planted changes: ``after``
    shifts a theme's NPS in Q2 (points), ``share_after`` sets a theme's share in Q2."""
    rng = np.random.default_rng(seed)
    quarter = np.arange(n) >= n // 2
    x = {t: rng.random(n) < np.where(quarter, (share_after or {}).get(t, 0.25), 0.25) for t in themes}
    mean = np.full(n, 10.0)
    for theme, shift in (after or {}).items():
        mean = mean + shift * (x[theme] & quarter)
    promoter, detractor = 0.35 + mean / 200, 0.35 - mean / 200
    u = rng.random(n)
    score = np.where(u < promoter, 10, np.where(u < promoter + detractor, 3, 8))
    days = np.where(quarter, np.datetime64("2024-04-01"), np.datetime64("2024-01-01")) + rng.integers(0, 90, n)
    touchpoints = ["|".join(t for t in themes if x[t][i]) or None for i in range(n)]
    sentiment = np.where(score >= 9, "positive", np.where(score <= 6, "negative", "neutral"))
    return pd.DataFrame({"fecha": days.astype(str), "cx_status": "ok", "cx_touchpoints": touchpoints,
                         "cx_sentiment": sentiment, "nps": score})


def test_too_few_answers_are_counted_with_those_left_out_and_why():
    """A score column of words said "found 0", as if blank, and a column of yours was said to need comments."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery|app", ""] * 4, "tienda": "A",
                          "nps": ["diez"] * 6 + [""] * 4 + ["12", "9"]})
    with pytest.raises(DataError, match=r"^drivers needs at least 3 valid answers to 'nps' from respondents with a "
                                        r"labelled comment; found 1 \(left out: 4 blank, 1 out of range, 6 not "
                                        r"numeric\)\.$"):
        drivers(frame, "nps", n_boot=0)
    with pytest.raises(DataError, match=r"^drivers needs at least 3 valid answers to 'nps' from respondents; found 0 "
                                        r"\(left out: 12 blank\)\.$"):
        drivers(frame.assign(nps=""), "nps", by="tienda", n_boot=0)


def test_a_named_period_whose_rows_carry_no_theme_is_said_not_only_low_n():
    """--compare 2024-Q1 2024-Q2 with Q2's comments not classified yet read "low n" in every cell, as if its comments
    were few; a period passed over for it (period="quarter") was said in a warning."""
    frame = pd.DataFrame({"fecha": ["2024-01-10"] * 40 + ["2024-04-10"] * 41, "nps": 9, "cx_touchpoints": "app",
                          "cx_status": ["ok"] * 40 + ["empty"] * 41})
    said = (r"^changes: compared 2024-Q2 \(41 rows\) with no row that carries a theme \(no labelled comment with "
            r"one\): no change can be tested against it; compare periods whose rows carry one\.$")
    with pytest.warns(UserWarning, match=said):
        table = changes(frame, ("2024-Q1", "2024-Q2"), nps="nps")
    assert table["below_min_n"].all()
    with pytest.warns(UserWarning, match=r"^changes: compared 2024-Q2 \(41 rows\) with column 'tienda' blank in"):
        changes(frame.assign(tienda=["A"] * 40 + [""] * 41), ("2024-Q1", "2024-Q2"), by="tienda", nps="nps")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        changes(frame.assign(cx_status="ok"), ("2024-Q1", "2024-Q2"), nps="nps")  # both carry one: nothing said


@pytest.mark.parametrize("n_boot", [1, 19, 100_001, 10**9])
def test_too_few_or_too_many_resamples_are_refused(n_boot):
    # n_boot=1 gave an "interval" [50.6, 50.6] that did not hold its effect, 91.6; a billion ran for hours, then out
    # of memory
    with pytest.raises(ConfigError, match=rf"^n_boot must be 0 \(no intervals\) or a whole number from 20 \(the "
                                          rf"resamples of a 95% interval\) to 100,000, got {n_boot}\.$"):
        drivers(survey(n=400, seed=3), "recomendacion", metric="nps", n_boot=n_boot)


def test_too_few_resamples_are_refused_by_the_option_on_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from cxnlp.cli import app

    survey(n=300, seed=1).to_csv(tmp_path / "clas.csv", index=False)
    for boot in ("5", "1000000000"):  # a billion ran for hours, then out of memory
        result = CliRunner().invoke(app, ["drivers", str(tmp_path / "clas.csv"), "--nps", "recomendacion", "--boot",
                                          boot])
        assert result.exit_code == 1 and result.output == ("error: --boot must be 0 (no intervals) or a whole number "
                                                           f"from 20 (the resamples of a 95% interval) to 100,000, got "
                                                           f"{boot}.\n")


def test_the_command_warns_of_answers_left_out_as_summarize_does(tmp_path):
    """A third of the answers 'N/A' or 11 were left out of the model without a word: the table's respondents were the
    only hint, where summarize warns and asks whether it is the right column."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    frame = survey(n=300, seed=1)
    frame["recomendacion"] = frame["recomendacion"].astype(object)
    frame.loc[:59, "recomendacion"], frame.loc[60:99, "recomendacion"] = "no sabe", 11
    frame.to_csv(tmp_path / "clas.csv", index=False)
    result = CliRunner().invoke(app, ["drivers", str(tmp_path / "clas.csv"), "--nps", "recomendacion", "--boot", "0"])
    assert result.exit_code == 0 and "200 respondents" in result.stdout
    assert result.stderr.splitlines() == [
        "warning: 40 of 300 answers in 'recomendacion' (13%) are outside the NPS scale 0-10 and left out of NPS; it is "
        "computed on the other 200 only. The answers run from 0 to 11, and NPS is on 0-10: is it the right column?",
        "warning: 60 of 300 answers in 'recomendacion' (20%) are not numeric and left out of NPS, e.g. 'no sabe'; a "
        'score is a number ("9", "9,5") or a labelled choice ("10 - Muy probable"): check the column (\'cxnlp docs '
        "metrics', section 1)."]
    survey(n=300, seed=1).to_csv(tmp_path / "ok.csv", index=False)  # every answer valid: nothing to say
    clean = CliRunner().invoke(app, ["drivers", str(tmp_path / "ok.csv"), "--nps", "recomendacion", "--boot", "0"])
    assert clean.exit_code == 0 and clean.stderr == ""


def test_a_parquet_drivers_table_keeps_its_attrs_without_the_answers_quoted(tmp_path):
    """The answers quoted by the warnings were put in attrs before the write: a Parquet output lost all of its attrs
    (r2, method...) with a stray "warning: Could not serialize pd.DataFrame.attrs", or kept a score cell of
    'ana@correo.es' in its metadata."""
    import json

    import pyarrow.parquet as pq
    from typer.testing import CliRunner

    from cxnlp.cli import app

    for bad, more in (("ana@correo.es", "ana@correo.es"), (11, "no sabe")):
        frame = survey(n=300, seed=1)
        frame["recomendacion"] = frame["recomendacion"].astype(object)
        frame.loc[:59, "recomendacion"], frame.loc[60:69, "recomendacion"] = bad, more
        frame.to_csv(tmp_path / "clas.csv", index=False)
        out = tmp_path / "drivers.parquet"
        result = CliRunner().invoke(app, ["drivers", str(tmp_path / "clas.csv"), "--nps", "recomendacion", "--boot",
                                          "0", "-o", str(out)])
        assert result.exit_code == 0 and "serialize" not in result.stderr
        assert all(line.startswith("warning: ") and "left out of NPS" in line for line in result.stderr.splitlines())
        metadata = pq.read_schema(out).metadata[b"pandas"].decode()
        attrs = json.loads(metadata)["attributes"]
        assert attrs["method"] == "shapley" and attrs["answers"]["valid"] == 230 and "ana@" not in metadata


def test_more_themes_than_the_model_takes_are_refused_in_one_line_and_said_in_the_report(monkeypatch):
    """A store column of 2,000 stores with some blank cells ran for hours, then out of memory: each resample's model
    is a (themes + 1)² matrix, inverted and decomposed 500 times."""
    import importlib

    from cxnlp.insights.drivers import MAX_THEMES
    from cxnlp.report import build_report

    stores = np.repeat([f"T{i:03d}" for i in range(MAX_THEMES + 1)], 2).tolist() + [None, None]
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"tienda": stores, "nps": rng.integers(0, 11, len(stores)), "cx_status": "ok",
                          "cx_touchpoints": "app", "comentario": "bien"})
    with pytest.raises(DataError, match=rf"^drivers fits at most {MAX_THEMES} themes and {MAX_THEMES + 1} have at "
                                        rf"least min_n=2 respondents; raise min_n, or compare the themes with "
                                        rf"summarize's impact\.$"):
        drivers(frame, "nps", by="tienda", min_n=2)
    # the report of a few themes: the same words, faster ('cxnlp.insights.drivers' is also the function's name)
    monkeypatch.setattr(importlib.import_module("cxnlp.insights.drivers"), "MAX_THEMES", 3)
    html = build_report(frame[frame["tienda"].isin(["T000", "T001", "T002", "T003", None])], nps="nps", by="tienda",
                        min_n=2, text="comentario")
    assert "el modelo admite como mucho 3 temas, y más tienen el mínimo de respuestas" in html


def test_more_themes_than_the_model_takes_are_refused_before_the_rank_of_their_counts(monkeypatch):
    """The cap came after the rank of the (themes + 1)² counts, an SVD: 3,000 stores with a few blank cells took a
    minute before the one-line error, 20,000 hours and gigabytes, what the cap was for. Themes told apart by their
    counts alone (one store per respondent, none blank) are still said to be so."""
    import importlib

    module = importlib.import_module("cxnlp.insights.drivers")
    monkeypatch.setattr(module, "MAX_THEMES", 3)
    ranks = []
    real_rank = np.linalg.matrix_rank
    monkeypatch.setattr(np.linalg, "matrix_rank", lambda m, *a, **k: ranks.append(m.shape) or real_rank(m, *a, **k))
    rng = np.random.default_rng(0)
    stores = np.repeat(["T1", "T2", "T3", "T4", "T5"], 10).astype(object)
    frame = pd.DataFrame({"tienda": stores, "nps": rng.integers(0, 11, stores.size)})
    with pytest.raises(DataError, match=r"^drivers fits at most 3 themes and 5 have") as error:
        drivers(frame.assign(tienda=np.where(np.arange(50) % 10 < 2, None, stores)), "nps", by="tienda", min_n=2)
    assert error.value.too_many == 3 and ranks == []
    with pytest.raises(DataError, match=r"^drivers cannot tell the 5 themes"):
        drivers(frame, "nps", by="tienda", min_n=2)


def test_planted_changes_are_detected():
    frame = two_quarters(4000, after={"delivery": -40}, share_after={"app": 0.40})
    table = changes(frame, "quarter", nps="nps")
    assert table.attrs["before"] == "2024-Q1" and table.attrs["after"] == "2024-Q2"
    notable = {(r.theme, r.measure): r.direction for r in table[table["notable"]].itertuples()}
    assert notable[("delivery", "nps")] == "down" and notable[("delivery", "net_sentiment")] == "down"
    assert notable[("app", "share")] == "up"
    # Other themes' scores move too where they share comments with delivery; no other share moved.
    assert {theme for theme, measure in notable if measure == "share"} == {"app"}
    assert table["notable"].iloc[:len(notable)].all()  # listed first
    delivery = table[(table["theme"] == "delivery") & (table["measure"] == "nps")].iloc[0]
    assert delivery["change"] == pytest.approx(-40, abs=12) and delivery["p_adjusted"] < 0.001


def test_changes_without_a_sentiment_column_have_no_net_sentiment_rows():
    frame = two_quarters(600, seed=2).drop(columns="cx_sentiment")
    table = changes(frame, "quarter", nps="nps")
    # Its rows were listed as "low n" with no value, as if a few comments had a sentiment.
    assert sorted(set(table["measure"])) == ["nps", "share"]
    by_region = changes(frame.assign(region=np.where(np.arange(600) % 2, "norte", "sur")), "quarter", by="region",
                        nps="nps")
    assert sorted(set(by_region["measure"])) == ["nps", "share"]
    # nor with the column blank in every row (a sheet whose sentiments were cleared): the cause is no sentiment
    blank = two_quarters(600, seed=2).assign(cx_sentiment=np.nan)
    assert sorted(set(changes(blank, "quarter", nps="nps")["measure"])) == ["nps", "share"]
    assert "net_sentiment" in set(changes(two_quarters(600, seed=2), "quarter", nps="nps")["measure"])


def test_no_change_is_nothing_significant_after_bh_on_30_themes():
    themes = tuple(f"tema_{k:02d}" for k in range(30))
    frame = two_quarters(6000, seed=11, themes=themes)
    table = changes(frame, ("2024-Q1", "2024-Q2"), nps="nps")
    assert table["p"].notna().sum() == 90  # share, net sentiment and NPS of 30 themes
    assert (table["p"] < 0.05).any()  # uncorrected, chance finds something...
    assert not table["significant"].any()  # ...which the correction removes


def test_benjamini_hochberg():
    from scipy.stats import false_discovery_control

    p = np.random.default_rng(0).random(40) ** 3
    assert benjamini_hochberg(p) == pytest.approx(false_discovery_control(p))
    # By hand: m = 5, p sorted 0.005 0.01 0.03 0.04 0.2 -> p*m/rank 0.025 0.025 0.05 0.05 0.2
    got = benjamini_hochberg([0.04, 0.005, 0.2, 0.03, 0.01, np.nan])
    assert got[:5] == pytest.approx([0.05, 0.025, 0.2, 0.05, 0.025]) and np.isnan(got[5])
    assert benjamini_hochberg([]).size == 0


def test_benjamini_hochberg_reads_nullable_columns_and_arrays_and_refuses_p_values_outside_0_1():
    """A 'Float64' column's NA raised a TypeError; a 2-D array's rows were taken for its values (an IndexError, or
    the wrong numbers); a p-value of 1.5 or -0.2 gave adjusted p-values below 0."""
    column = pd.Series([0.04, None, 0.01], dtype="Float64")
    assert benjamini_hochberg(column)[[0, 2]].tolist() == pytest.approx([0.04, 0.02])
    assert np.isnan(benjamini_hochberg(column)[1])
    grid = benjamini_hochberg(np.array([[0.04, 0.005, 0.2], [0.03, 0.01, np.nan]]))
    assert grid.shape == (2, 3) and np.isnan(grid[1, 2])
    assert grid.ravel()[:5] == pytest.approx([0.05, 0.025, 0.2, 0.05, 0.025])  # as the hand computation above
    said = r"^benjamini_hochberg: p-values lie between 0 and 1; got -0\.2 \(value 3 of 3\)\.$"
    with pytest.raises(DataError, match=said):
        benjamini_hochberg([0.01, 0.5, -0.2])
    with pytest.raises(DataError, match=r"; got inf \(value 1 of 2\)\.$"):  # the first, not "value 0"
        benjamini_hochberg([np.inf, 0.5])


@pytest.mark.parametrize("p, said", [
    ("0.1", r"^benjamini_hochberg: p-values are a list or an array of them; got '0\.1'\.$"),
    (0.1, r"^benjamini_hochberg: p-values are a list or an array of them; got 0\.1\.$"),
    ([0.1, "n/a"], r"^benjamini_hochberg: p-values are numbers; got 'n/a' \(value 2 of 2\)\.$"),
])
def test_benjamini_hochberg_refuses_a_bare_value_or_text_in_one_line(p, said):
    """A string was read a character at a time (pandas' "Unable to parse string '.'"), a number was "'float' object
    is not iterable", a word among the p-values pandas' own ValueError."""
    with pytest.raises(DataError, match=said):
        benjamini_hochberg(p)
    assert np.isnan(benjamini_hochberg([0.1, "nan", None])[1:]).all()  # missing ones are still no test


def test_benjamini_hochberg_reads_a_blank_string_as_a_missing_p_value():
    """A blank cell ("", as a column read as text holds it) was a missing p-value, as pandas reads it; the checks for
    text among the p-values refused it as "p-values are numbers; got ''"."""
    adjusted = benjamini_hochberg(["", 0.01, "  ", 0.04])
    assert np.isnan(adjusted[[0, 2]]).all() and adjusted[[1, 3]].tolist() == pytest.approx([0.02, 0.04])


def test_tiny_changes_are_significant_but_not_notable():
    n = 4000
    frame = pd.DataFrame({"fecha": ["2024-01-15"] * n + ["2024-02-15"] * n, "cx_touchpoints": "app",
                          "ces": [5] * n + [5] * (n - 200) + [6] * 200})
    table = changes(frame, "month", by="touchpoints", ces="ces")
    ces = table[table["measure"] == "ces"].iloc[0]
    assert ces["change"] == pytest.approx(0.05) and ces["significant"] and ces["tiny"] and not ces["notable"]
    assert ces["direction"] == "up"


@dataclass(frozen=True, kw_only=True)
class Points(Metric):
    """A mean on a scale of 1 to 100,000."""

    name, label = "points", "Points"
    methods = {"mean": "mean"}
    scale: tuple[int, int] = (1, 100_000)
    method: str = "mean"


def test_tiny_changes_are_scaled_to_a_metric_of_its_own_scale():
    """Found by review: a change was tiny under 3 for every net score and 0.1 for every mean, so every change of a
    metric scored -1/+1 was tiny and none of a mean on 1-100,000 was. The sizes scale to the metric's range and stay
    those of NPS, CSAT and CES on their usual scales (1.5% of 200 points; 0.1 on 1-5 and 1-7)."""
    from cxnlp.insights.changes import TINY_CHANGE, tiny_change
    from cxnlp.metrics import CES, CSAT

    assert [tiny_change(m) for m in (NPS(), CSAT(method="mean"), CES(), CSAT())] == [3.0, 0.1, 0.1, 2.0]
    assert TINY_CHANGE == {"share": 2.0, "net": 3.0, "mean": 0.1}
    # by hand: net -1..1 is 2 wide, 1.5% of it 0.03; 1..100,000 is 99,999 wide, 1% of it 999.99
    assert tiny_change(Vote()) == pytest.approx(0.03) and tiny_change(Points()) == pytest.approx(999.99)
    n = 200  # votes: net 0 in January (100 up, 100 down), 0.5 in February (150 up, 50 down); points: +500
    frame = pd.DataFrame({"fecha": ["2024-01-15"] * n + ["2024-02-15"] * n, "cx_touchpoints": "app",
                          "voto": [1, 0] * (n // 2) + [1, 1, 1, 0] * (n // 4),
                          "puntos": [40_000, 60_000] * (n // 2) + [40_500, 60_500] * (n // 2)})
    table = changes(frame, "month", metrics={"voto": Vote(), "puntos": Points()}).set_index("measure")
    assert table.loc["vote", "change"] == pytest.approx(0.5) and table.loc["vote", "significant"]
    assert not table.loc["vote", "tiny"] and table.loc["vote", "notable"]  # was tiny: 0.5 < 3
    assert table.loc["points", "change"] == pytest.approx(500) and table.loc["points", "tiny"]  # was not: 500 > 0.1
    assert table.attrs["metrics"]["vote"]["tiny"] == pytest.approx(0.03)


def test_drivers_name_twin_themes_and_rank_nothing_without_variance():
    rng = np.random.default_rng(1)
    n = 1000
    both, app = rng.random(n) < 0.5, rng.random(n) < 0.3
    themes = ["|".join(t for t, on in (("delivery", both[i]), ("support", both[i]), ("app", app[i])) if on) or None
              for i in range(n)]
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": themes, "nps": rng.integers(0, 11, n)})
    with pytest.raises(DataError, match="cannot tell 'delivery' and 'support' apart"):
        drivers(frame, "nps")
    flat = frame.assign(nps=5, cx_touchpoints=["app|delivery" if i % 2 else "app" for i in range(n)])
    assert drivers(flat, "nps")["rank"].isna().all()


def test_a_stray_last_period_is_passed_over_with_a_warning():
    """One mistyped '2042-05-01' among 3,000 rows made the default comparison 2024-Q2 against 2042-Q2."""
    frame = two_quarters(3000, seed=3)
    frame.loc[0, "fecha"] = "2042-05-01"
    with pytest.warns(UserWarning, match=r"passing over 2042-Q2 \(1 row\)"):
        table = changes(frame, "quarter", nps="nps")
    assert (table.attrs["before"], table.attrs["after"]) == ("2024-Q1", "2024-Q2")
    # three years of weeks: every week holds under 1% of the rows, and none of them is stray
    rng = np.random.default_rng(0)
    days = pd.Timestamp("2022-01-03") + pd.to_timedelta(np.arange(9000) % (3 * 364), unit="D")
    weekly = pd.DataFrame({"fecha": days.strftime("%Y-%m-%d"), "cx_touchpoints": "app", "nps": rng.integers(0, 11, 9000)})
    assert changes(weekly, "week", nps="nps").attrs["after"] == "2024-W52"


def test_a_later_period_dated_in_the_future_is_compared_with_a_warning_that_names_it():
    """40 rows typed '2090-02' in a 2024 survey: changes compared 2024-02 with 2090-02 without a word. It still
    compares them (no row dropped) and says so in one line, the period and its rows in attrs["future"]."""
    frame = pd.DataFrame({"fecha": ["2024-01-10"] * 40 + ["2024-02-10"] * 40 + ["2090-02-10"] * 40,
                          "cx_touchpoints": "delivery", "nps": [10] * 40 + [0] * 80})
    with pytest.warns(UserWarning, match=r"^changes: compared 2090-02 \(40 rows\), which starts after today") as caught:
        table = changes(frame, "month", nps="nps", min_n=20)
    assert len(caught) == 1 and "\n" not in str(caught[0].message)
    assert (table.attrs["before"], table.attrs["after"]) == ("2024-02", "2090-02")
    assert table.attrs["future"] == {"period": "2090-02", "rows": 40}
    assert table.loc[table["measure"] == "nps", "n_after"].tolist() == [40]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert changes(frame.iloc[:80], "month", nps="nps", min_n=20).attrs["future"] is None
    import datetime

    from cxnlp.insights._compared_periods import future_period

    windows = [("2024-01", ("2024-01-01", "2024-01-31")), ("2024-02", ("2024-02-01", "2024-02-29"))]
    side = np.array([0, 1, 1])
    assert future_period(windows, side, today=datetime.date(2024, 1, 31)) == {"period": "2024-02", "rows": 2}
    assert future_period(windows, side, today=datetime.date(2024, 2, 1)) is None  # it starts today

def test_a_last_period_without_labelled_comments_is_passed_over_not_compared():
    """December's responses came without comments: the default comparison was November against December, every
    theme "x → –" with no test, which read as "nothing changed"."""
    n = 60
    frame = pd.DataFrame({"fecha": ["2024-10-15"] * n + ["2024-11-15"] * n + ["2024-12-15"] * n,
                          "nps": [2, 9, 10] * n, "cx_status": ["ok"] * 2 * n + ["empty"] * n,
                          "cx_sentiment": ["negative", "positive", "positive"] * (2 * n // 3) + [None] * n,
                          "cx_touchpoints": ["delivery", "app", "app"] * (2 * n // 3) + [None] * n})
    with pytest.warns(UserWarning, match=r"passing over 2024-12 \(60 rows\), with no row that carries a theme"):
        table = changes(frame, "month", nps="nps")
    assert (table.attrs["before"], table.attrs["after"]) == ("2024-10", "2024-11")
    assert (table["n_after"] > 0).all()
    # Without themes every response counts: December's NPS is compared.
    assert changes(frame, "month", by=None, nps="nps").attrs["after"] == "2024-12"
    with pytest.raises(DataError, match=r"two months with dated rows that carry a theme .*2024-12: 60 rows, 0 with a"):
        changes(frame.iloc[n:], "month", nps="nps")


def test_a_last_period_with_few_classified_comments_is_passed_over_and_described_as_such(partly_classified_months):
    """January: 60 answers, 2 comments classified so far. It was passed over as "2025-01 (2 rows), under 5% of a
    typical month's rows (a mistyped date?)": it has 60 rows and its dates are fine; few of them carry a theme."""
    frame, n = partly_classified_months, 60  # (60 answers a month)
    with pytest.warns(UserWarning, match=r"passing over 2025-01 \(60 rows, 2 with a theme\), under 5% of a typical "
                                         r"month's rows with a theme") as caught:
        table = changes(frame, "month", nps="nps", min_n=5)
    assert not any("mistyped" in str(w.message) for w in caught)
    passed = [{"period": "2025-01", "rows": 60, "themed": 2, "reason": "few"}]
    assert (table.attrs["before"], table.attrs["after"], table.attrs["passed_over"]) == ("2024-11", "2024-12", passed)
    assert latest_periods(frame, "month") == (("2024-11", "2024-12"), passed)
    # "auto" as changes reads it (months for a column of days): latest_periods refused it though changes took it.
    assert latest_periods(frame, "auto") == (("2024-11", "2024-12"), passed)
    # a mistyped date is still one: few rows
    typo = pd.concat([frame.iloc[:3 * n], frame.iloc[:1].assign(fecha="2042-05-01")], ignore_index=True)
    with pytest.warns(UserWarning, match=r"passing over 2042-05 \(1 row\), under 5% of a typical month's rows "
                                         r"\(a mistyped date\?\)"):
        assert changes(typo, "month", nps="nps").attrs["passed_over"][0]["reason"] == "stray"
    assert changes(frame, ("2024-12", "2025-01"), nps="nps").attrs["passed_over"] == []  # a pair: nothing passed


def test_by_a_column_of_yours_every_dated_response_with_a_value_counts_and_a_blank_column_is_named(blank_store_december):
    """by="tienda": December's comments were classified but its 'tienda' cells blank; it was passed over "with no
    row that carries a theme (no labelled comment)". A column of yours needs no comment: a month without comments
    whose 'tienda' is filled in is compared, and one whose 'tienda' is blank is named as such."""
    frame = blank_store_december
    n = len(frame) // 3  # answers a month
    with pytest.warns(UserWarning, match=r"passing over 2024-12 \(60 rows\), with column 'tienda' blank in every "
                                         r"row; name two periods") as caught:
        table = changes(frame, "month", by="tienda", nps="nps", min_n=5)
    assert not any("labelled comment" in str(w.message) for w in caught)
    assert (table.attrs["before"], table.attrs["after"]) == ("2024-10", "2024-11")
    assert table.attrs["passed_over"] == [{"period": "2024-12", "rows": 60, "themed": 0, "reason": "bare"}]
    with pytest.warns(UserWarning, match=r"2024-12 \(60 rows\), with no row that carries a theme \(none with a "
                                         r"labelled comment with a theme and a value in 'tienda'\)"):
        changes(frame, "month", by="touchpoints×tienda", nps="nps", min_n=5)
    uncommented = frame.assign(tienda=["A", "B", "C"] * n, cx_status=["ok"] * 2 * n + ["empty"] * n,
                               cx_sentiment=[*frame["cx_sentiment"][:2 * n], *[None] * n])
    assert changes(uncommented, "month", by="tienda", nps="nps", min_n=5).attrs["after"] == "2024-12"


def test_equal_answers_are_no_change_whatever_the_rounding():
    """1.1 answered by everyone in both periods: the means differ in their last bit only, which was called a
    significant rise (p = 0)."""
    frame = pd.DataFrame({"fecha": ["2024-01-10"] * 30 + ["2024-04-10"] * 38, "cx_touchpoints": "delivery",
                          "ces": [1.1] * 68})
    ces = changes(frame, "quarter", ces="ces").query("measure == 'ces'").iloc[0]
    assert ces["p"] == 1.0 and not ces["significant"] and ces["direction"] == ""


def test_equal_answers_in_both_periods_have_a_z_and_a_change_of_0_as_a_share_has():
    """Every answer 1.1 in both periods: p was 1 but the statistic NaN and the change the sums' rounding error
    (2.2e-16), where the share's test of the same theme, every row in both periods, gives z = 0 and no change."""
    frame = pd.DataFrame({"fecha": ["2024-01-10"] * 30 + ["2024-04-10"] * 38, "cx_touchpoints": "delivery",
                          "ces": [1.1] * 68, "nps": [9] * 68})
    table = changes(frame, "quarter", ces="ces", nps="nps").set_index("measure")
    assert table.loc["share", "statistic"] == 0.0 and table.loc["share", "change"] == 0.0
    for measure in ("ces", "nps"):
        assert table.loc[measure, "statistic"] == 0.0 and table.loc[measure, "change"] == 0.0, measure
        assert table.loc[measure, "p"] == 1.0 and not table.loc[measure, "significant"]


def test_a_small_period_without_spread_is_tested_with_the_variance_pooled_under_the_null():
    """January: 30 answers, all promoters; February: 300, NPS 87 (270/21/9). Welch's t trusted January's variance of
    0 and gave p = 1.3e-7 (significant); a permutation test gives 0.094, Fisher's exact test 0.092."""
    from scipy.stats import norm

    nps = [10] * 30 + [10] * 270 + [8] * 21 + [3] * 9
    frame = pd.DataFrame({"cx_touchpoints": "app", "nps": nps, "fecha": ["2024-01-15"] * 30 + ["2024-02-15"] * 300})
    row = changes(frame, "month", by=None, nps="nps").query("measure == 'nps'").iloc[0]
    # By hand: y = +100/0/-100, variance of all 330 (n in the denominator) under the null.
    y = np.array([100.0] * 300 + [0.0] * 21 + [-100.0] * 9)
    z = (y[30:].mean() - y[:30].mean()) / np.sqrt(y.var() * (1 / 30 + 1 / 300))
    assert (row["before"], row["after"]) == (100.0, 87.0) and row["test"] == "z, larger SE"  # here the pooled one
    assert row["statistic"] == pytest.approx(z) == pytest.approx(-1.7039, abs=1e-4)
    assert row["p"] == pytest.approx(2 * norm.sf(abs(z))) == pytest.approx(0.0884, abs=1e-4)
    assert not row["significant"]
    # A mean: n - 1 in the pooled variance's denominator.
    ces = [7] * 30 + [7] * 250 + [5] * 50
    frame["ces"] = ces
    row = changes(frame, "month", by=None, ces="ces").query("measure == 'ces'").iloc[0]
    c = np.array(ces, dtype=float)
    z = (c[30:].mean() - c[:30].mean()) / np.sqrt(c.var(ddof=1) * (1 / 30 + 1 / 300))
    assert row["p"] == pytest.approx(2 * norm.sf(abs(z)))


def test_unchanged_small_periods_are_called_changed_about_alpha_of_the_time():
    """Welch's t called 22% of unchanged CSAT top-2 of 95% (30 answers against 300) a change at p < 0.05, and 12% of
    unchanged NPS 87."""
    from cxnlp.insights.changes import _difference
    from cxnlp.metrics.engine import Sums

    rng = np.random.default_rng(0)
    reps = 4000

    def sums(values, probs, n):
        counts = rng.multinomial(n, probs, size=reps).astype(float)
        return Sums(np.full(reps, float(n)), counts @ values, counts @ values**2, np.zeros((reps, 4)))

    for values, probs in ((np.array([100.0, 0.0]), [0.95, 0.05]), (np.array([100.0, 0.0, -100.0]), [0.9, 0.07, 0.03])):
        p = _difference(sums(values, probs, 30), sums(values, probs, 300), 30, 0)[0]["p"]
        assert np.mean(p < 0.05) < 0.07
    # Review: the variance pooled alone called 40% of unchanged CES means a change when the large period was also the
    # narrow one (uniform 1-7 in 30 answers, 70% of 4s in 300), and 13% of unchanged NPS 40 (60/20/20 -> 45/50/5):
    # the larger of the pooled and Welch's standard errors keeps both near alpha.
    for values, before, after, ddof in ((np.arange(1.0, 8.0), [1 / 7] * 7, [0, 0, .15, .7, .15, 0, 0], 1),
                                        (np.array([100.0, 0.0, -100.0]), [.6, .2, .2], [.45, .5, .05], 0)):
        p = _difference(sums(values, before, 30), sums(values, after, 300), 30, ddof)[0]["p"]
        assert 0.025 < np.mean(p < 0.05) < 0.08


def test_periods_labels_ranges_and_errors():
    frame = two_quarters(400, seed=12)
    months = changes(frame, ("2024-01", "2024-03"), nps="nps", min_n=5)
    assert months.attrs["before_range"] == ("2024-01-01", "2024-01-31")
    assert months.attrs["after_range"] == ("2024-03-01", "2024-03-31")
    ranges = changes(frame, (("2024-01-01", "2024-02-15"), "2024-04-01..2024-06-30"), by=None, nps="nps")
    assert ranges.attrs["before"] == "2024-01-01..2024-02-15" and set(ranges["theme"]) == {"all"}
    assert "share" not in set(ranges["measure"])
    n_q1 = int((pd.to_datetime(frame["fecha"]) <= "2024-02-15").sum())
    assert ranges.loc[ranges["measure"] == "nps", "n_before"].item() == n_q1
    weeks = changes(frame, "2024-W02 2024-W03".split(), nps="nps", min_n=2)
    assert weeks.attrs["before_range"] == ("2024-01-08", "2024-01-14")
    small = changes(frame, "month", nps="nps", min_n=60)
    assert small.loc[small["measure"] == "nps", "below_min_n"].all() and small["p"].isna().all()
    # A min_n of 1, which summarize takes, was refused here: it tests from 2 (each period's variance), as
    # --min-n 1 and the report's min_n of 1 do.
    one = changes(frame, "month", nps="nps", min_n=1)
    pd.testing.assert_frame_equal(one, changes(frame, "month", nps="nps", min_n=2))
    assert one.attrs["min_n"] == 2
    # What is wrong with the setting itself is a ConfigError (as summarize's); what the data lacks a DataError.
    with pytest.raises(ConfigError, match="overlap"):
        changes(frame, ("2024-Q1", "2024-02"))
    # A pair in reverse order reported every change with its sign flipped: a collapse as a rise.
    with pytest.raises(ConfigError, match=r"\(before, after\), but 2024-Q2 comes after 2024-Q1; "
                                          r".*\('2024-Q1', '2024-Q2'\)"):
        changes(frame, ("2024-Q2", "2024-Q1"))
    with pytest.raises(ConfigError, match="2024-03-01..2024-03-31 comes after 2024-01-01..2024-01-31"):
        check_period(("2024-03-01..2024-03-31", "2024-01-01..2024-01-31"))
    with pytest.raises(ConfigError, match="not a period label"):
        changes(frame, ("2024-Q1", "primavera"))
    for setting, error in (({"period": "decade"}, "period must be week, month, quarter"), ({"period": 5}, "got 5"),
                           ({"period": "month", "min_n": 0}, "min_n must be a whole number >= 1, got 0"),
                           ({"period": "month", "min_n": True}, "min_n must be a whole number >= 1, got True")):
        with pytest.raises(ConfigError, match=error):
            changes(frame, **setting)
    with pytest.raises(DataError, match="needs two quarters"):
        changes(frame[frame["fecha"] < "2024-04"], "quarter")
    # The rows whose dates could not be read, the cause here, were not mentioned.
    undated = frame.assign(fecha=frame["fecha"].where(frame["fecha"] < "2024-04", "sin fecha"))
    n_undated = int((undated["fecha"] == "sin fecha").sum())
    with pytest.raises(DataError, match=rf"needs two quarters .*; {n_undated} rows without a readable date in 'fecha' "
                                        rf"are left out of the comparison \(e.g. 'sin fecha'\)\.$"):
        changes(undated, "quarter")
    with pytest.raises(DataError, match="no row has a date in 2022-Q1 or 2022-Q2; the dates run from 2024-"):
        changes(frame, ("2022-Q1", "2022-Q2"))  # (an empty table, and exit code 0, before)
    with pytest.raises(DataError, match="no row has a date in T1 2022 or 2022-4; the dates run from 2024-"):
        changes(frame, ("T1 2022", "2022-4"))  # as typed: "2022-Q1 or 2022-04" named what was not written
    with pytest.raises(DataError, match="needs a date column"):
        changes(frame.drop(columns="fecha"), "quarter")
    # an end written as a period is the whole period (read as a date, "2024-02" was 1 February)
    whole = changes(frame, ("2024-01..2024-02", "2024-Q2..2024-Q2"), by=None, nps="nps")
    assert whole.attrs["before"] == "2024-01-01..2024-02-29" and whole.attrs["after"] == "2024-04-01..2024-06-30"


# -- command line ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def planted_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("insights") / "clasificada.csv"
    frame = two_quarters(3000, seed=13, after={"delivery": -40})
    frame.rename(columns={"nps": "Recomendación"}).to_csv(path, sep=";", index=False, encoding="cp1252")
    return path


def test_summarize_prints_drivers_and_changes(planted_file, tmp_path):
    from typer.testing import CliRunner

    from cxnlp.cli import app

    names, html = tmp_path / "nombres.json", tmp_path / "informe.html"
    names.write_text('{"delivery": "Entregas a domicilio"}', encoding="utf-8")
    result = CliRunner().invoke(app, ["summarize", str(planted_file), "--nps", "Recomendación", "--drivers",
                                      "--compare", "2024-Q1", "2024-Q2", "--labels-file", str(names),
                                      "--html", str(html)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Key drivers of NPS (Recomendación)" in out and "What changed: 2024-Q1 -> 2024-Q2" in out
    # each table stands apart from the one above it (drivers and changes alone start with theirs: apart=False)
    assert "\n\nKey drivers of NPS" in result.stdout and "\n\nWhat changed: 2024-Q1" in result.stdout
    changed = out.split("What changed")[1].splitlines()
    assert "↓" in changed[2] and "Entregas a domicilio" in changed[2]  # the first row: notable, named
    assert "Benjamini-Hochberg over" in out
    page = html.read_text(encoding="utf-8")
    assert "Entregas a domicilio" in page and "Qué cambió: 2024 T1 → 2024 T2" in page


def test_drivers_and_changes_commands_write_their_tables(planted_file, tmp_path):
    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.io import read_table

    runner = CliRunner()
    out = tmp_path / "drivers.csv"
    result = runner.invoke(app, ["drivers", str(planted_file), "--nps", "Recomendación", "--boot", "50", "-o", str(out)])
    assert result.exit_code == 0, result.output
    table = read_table(out)
    assert table.loc[0, "theme"] == "delivery" and str(table.loc[0, "rank"]) == "1" and "fix first" in result.output
    result = runner.invoke(app, ["changes", str(planted_file), "--nps", "Recomendación", "--period", "quarter",
                                 "-o", str(tmp_path / "changes.xlsx")])
    assert result.exit_code == 0, result.output
    changed = read_table(tmp_path / "changes.xlsx")
    assert changed.loc[0, "theme"] == "delivery" and changed.loc[0, "direction"] == "down"
    result = runner.invoke(app, ["drivers", str(planted_file)])
    assert result.exit_code == 1 and "error: key drivers need a score column" in result.output
    result = runner.invoke(app, ["changes", str(planted_file), "--compare", "2024-Q1", "otoño"])
    assert result.exit_code == 1 and "is not a period label" in result.output


def test_label_names_reach_the_written_tables_as_the_printed_ones(tmp_path):
    """``--labels-file`` named the themes of the printed drivers and changes tables but not the files written with
    -o (nor summarize's), and a name keyed 'Delivery' (label ids are lower case) was dropped without a word."""
    from cxnlp.batch import changes_file, drivers_file, summarize_file

    frame = survey(800, seed=4)
    frame["fecha"] = pd.date_range("2024-01-01", periods=len(frame), freq="12h").strftime("%Y-%m-%d")
    frame.to_csv(tmp_path / "clas.csv", index=False)
    names = tmp_path / "nombres.csv"
    names.write_text("label,name\nDelivery,Entregas y envíos\nloyalty,Puntos\n", encoding="utf-8")
    for make, out in ((lambda o: drivers_file(tmp_path / "clas.csv", output=o, nps="recomendacion", n_boot=20,
                                              label_names=names), "drivers.csv"),
                      (lambda o: changes_file(tmp_path / "clas.csv", "month", output=o, nps="recomendacion",
                                              label_names=names), "changes.csv"),
                      (lambda o: summarize_file(tmp_path / "clas.csv", output=o, nps="recomendacion",
                                                report={"label_names": names}), "summary.csv")):
        table = make(tmp_path / out)
        written = pd.read_csv(tmp_path / out)
        for labels in (table, written):
            delivery = labels.loc[labels["touchpoints"] == "delivery", "label"]
            assert len(delivery) and set(delivery) == {"Entregas y envíos"}, out
            assert set(labels.loc[labels["touchpoints"] == "support", "label"]) == {"Canales de atención"}, out


def test_a_models_bad_display_names_stop_the_report_before_anything_is_written(tmp_path):
    import json
    import shutil

    from cxnlp.batch import report_file
    from cxnlp.persist import DEFAULT_MODEL_DIR

    model = tmp_path / "modelo"
    shutil.copytree(DEFAULT_MODEL_DIR, model)
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta["display_names"] = {"delivery": 5}
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    pd.DataFrame({"Comentario": ["El envío llegó tarde", "Muy buena app"], "NPS": [3, 10]}).to_csv(
        tmp_path / "encuesta.csv", index=False)
    with pytest.raises(DataError, match="meta.json display_names: 'delivery': 5 is not a label"):
        report_file(tmp_path / "encuesta.csv", tmp_path / "informe.html", output=tmp_path / "clasificada.csv",
                    model_dir=model, text="Comentario", nps="NPS")
    assert not (tmp_path / "clasificada.csv").exists() and not (tmp_path / "informe.html").exists()


def test_changes_without_a_labelled_comment_is_one_line(tmp_path):
    """No row labelled (every comment empty): pandas printed 'Empty DataFrame / Columns: [...] / Index: []'."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    path = tmp_path / "sin_comentarios.csv"
    two_quarters(400, seed=2).assign(cx_status="empty").to_csv(path, index=False)
    result = CliRunner().invoke(app, ["changes", str(path), "--nps", "nps", "--period", "quarter"])
    assert result.exit_code == 0, result.output
    assert "Empty DataFrame" not in result.output and "Columns:" not in result.output
    assert result.output.strip() == ("What changed: 2024-Q1 -> 2024-Q2 (fecha): nothing to compare; no comment of "
                                     "these periods carries a theme of touchpoints (none is labelled, or the theme "
                                     "column is blank in them).")


def test_the_changes_command_prints_a_q_that_rounds_to_zero_as_under_its_last_decimal(tmp_path):
    """A q of 1e-16 printed "0.0000", a certainty no test gives."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    frame = two_quarters(400, seed=5)
    frame.assign(nps=np.where(np.arange(len(frame)) < 200, 10, 0)).to_csv(tmp_path / "clas.csv", index=False)
    result = CliRunner().invoke(app, ["changes", str(tmp_path / "clas.csv"), "--nps", "nps", "--period", "quarter"])
    assert result.exit_code == 0, result.output
    assert "<0.0001" in result.output and "0.0000" not in result.output


def test_the_changes_commands_help_says_date_reads_the_compared_periods_too():
    """--date read "Date column for --period" in changes' help, as if --compare ignored it."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    result = CliRunner().invoke(app, ["changes", "--help"], env={"COLUMNS": "200"})
    assert "Date column the periods are read from" in result.output and "Date column for --period" not in result.output


def test_changes_by_none_without_a_sentiment_or_a_metric_is_one_line():
    """by=None leaves out the share: without a sentiment or a metric there was no measure, and pandas raised "No
    objects to concatenate"."""
    frame = two_quarters(200, seed=4).drop(columns="cx_sentiment", errors="ignore")
    with pytest.raises(DataError, match=r"^changes with by=None compares net sentiment and the metrics, and there is "
                                        r"neither: .*name a metric, or compare by a theme\.$"):
        changes(frame, "quarter", by=None)
    assert set(changes(frame, "quarter", by=None, nps="nps")["measure"]) == {"nps"}


def test_the_changes_command_warns_of_a_score_column_with_no_valid_answer(tmp_path):
    """--nps naming the comment column: every NPS cell read "low n" without a word, where summarize warns."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    path = tmp_path / "clas.csv"
    frame = two_quarters(400, seed=3)
    frame.assign(nps=np.where(np.arange(len(frame)) % 2, "muy bueno", "")).to_csv(path, index=False)
    result = CliRunner().invoke(app, ["changes", str(path), "--nps", "nps", "--period", "quarter"])
    assert result.exit_code == 0, result.output
    assert "warning: none of the 200 answers in 'nps' is a valid NPS score (200 not numeric, e.g. 'muy bueno')" \
        in result.output
    assert changes(frame, "quarter", nps="nps").attrs["metrics"]["nps"]["valid"] == len(frame)


def test_the_changes_commands_score_warning_quotes_comments_redacted_and_cut(tmp_path):
    """--nps naming the comment column quoted its comments whole in the new warning, phone and all, where changes'
    undated rows are quoted redacted and cut."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    path = tmp_path / "clas.csv"
    frame = two_quarters(400, seed=3)
    frame.assign(nps=np.where(np.arange(len(frame)) % 2, "llamadme al 612 345 678", "muy " * 500)).to_csv(path,
                                                                                                      index=False)
    result = CliRunner().invoke(app, ["changes", str(path), "--nps", "nps", "--period", "quarter"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "is a valid NPS score" in line)
    assert "'llamadme al [TELÉFONO]'" in line and "612" not in line and len(line) < 400


def test_label_names_keep_the_names_of_cx_columns_and_match_ids_in_any_case(tmp_path):
    """Any --labels-file took "Esfuerzo alto" back to 'high' in a table by cx_effort, and lower-cased keys no
    longer named a hand-edited 'Fidelizacion' touchpoint."""
    from cxnlp.report.page import named

    frame = survey(600, seed=5)
    frame["cx_touchpoints"] = frame["cx_touchpoints"].str.replace("delivery", "Fidelizacion")
    frame["cx_effort"] = np.where(np.arange(len(frame)) % 2, "high", "none")
    by_effort = named(cxnlp.summarize(frame, by="cx_effort", nps="recomendacion"), {"app": "La app"})
    assert set(by_effort["label"]) == {"Esfuerzo alto", "Sin señal de esfuerzo"}
    by_theme = named(cxnlp.summarize(frame, nps="recomendacion"), {"Fidelizacion": "Fidelización X"})
    assert "Fidelización X" in set(by_theme["label"])


# -- by a column named like a column of the tables ----------------------------------------------
def test_a_by_column_named_like_a_column_of_the_tables_is_shown_as_by_name():
    """A column of yours named 'test', 'rank', 'value'... (the drivers' and changes' own) crashed changes ("cannot
    insert test, already exists"), gave drivers two 'value' columns, or swapped its values for the table's ('kind'
    took the measure's kind, 'theme_id' a KeyError); summarize already showed its own names as by_<name>."""
    from cxnlp.insights.changes import COLUMNS as CHANGES
    from cxnlp.insights.drivers import COLUMNS as DRIVERS
    from cxnlp.report.build import build_report

    frame = two_quarters(800, seed=3)
    groups = np.random.default_rng(3).choice(np.array(["A", "B", "C", None], dtype=object), len(frame))
    for name in ("test", "rank", "value", "effect", "p", "direction", "kind", "size", "theme_id"):
        data = frame.assign(**{name: groups})
        shown = f"by_{name}" if name in DRIVERS or name in CHANGES else name
        tables = {"drivers": drivers(data, "nps", by=name, metric="nps", n_boot=20),
                  "changes": changes(data, "quarter", by=name, nps="nps"),
                  "summarize": cxnlp.summarize(data, by=name, nps="nps")}
        for what, table in tables.items():
            assert not table.columns.duplicated().any(), (name, what)
            assert table.columns[0] == shown and table.attrs["by"] == [shown], (name, what)
            assert set(table[shown]) == {"A", "B", "C"}, (name, what)  # the user's values, not the table's
        assert list(tables["drivers"].columns[1:]) == list(DRIVERS)
        assert list(tables["changes"].columns[1:]) == list(CHANGES)
    html = build_report(frame.assign(test=groups), nps="nps", by="test", compare=("2024-Q1", "2024-Q2"))
    assert '<section id="key-drivers">' in html and '<section id="changes">' in html


def test_drivers_and_changes_commands_take_a_by_column_named_like_their_columns(tmp_path):
    """``drivers --by rank -o dr.csv`` wrote dr.csv, then failed printing it (two 'rank' columns); ``--by value``
    wrote two 'value' columns with exit code 0."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    frame = two_quarters(800, seed=4)
    rng = np.random.default_rng(4)
    frame["rank"] = rng.choice(np.array(["oro", "plata", None], dtype=object), len(frame))
    frame["value"] = rng.choice(np.array(["alto", "bajo", None], dtype=object), len(frame))
    frame["test"] = rng.choice(np.array(["A", "B", None], dtype=object), len(frame))
    frame.to_csv(tmp_path / "clas.csv", index=False)
    runner = CliRunner()
    for by in ("rank", "value"):
        out = tmp_path / f"dr_{by}.csv"
        result = runner.invoke(app, ["drivers", str(tmp_path / "clas.csv"), "--nps", "nps", "--by", by, "--boot", "20",
                                     "-o", str(out)])
        assert result.exit_code == 0, result.output
        written = pd.read_csv(out, encoding="utf-8-sig")
        assert list(written.columns[:2]) == [f"by_{by}", "theme"] and not written.columns.duplicated().any()
    result = runner.invoke(app, ["changes", str(tmp_path / "clas.csv"), "--nps", "nps", "--by", "test",
                                 "-o", str(tmp_path / "ch.csv")])
    assert result.exit_code == 0, result.output
    assert pd.read_csv(tmp_path / "ch.csv", encoding="utf-8-sig").columns[0] == "by_test"
    result = runner.invoke(app, ["summarize", str(tmp_path / "clas.csv"), "--nps", "nps", "--by", "test",
                                 "--html", str(tmp_path / "s.html"), "--changes", "quarter"])
    assert result.exit_code == 0, result.output


# -- rows without a readable date ------------------------------------------------------------------
def test_rows_without_a_readable_date_are_said_and_a_column_without_any_is_named():
    """changes dropped rows with an unreadable date without a word (summarize says so for its trend), and when no
    date could be read said "the data has 0 ()" or "the dates run none"."""
    frame = two_quarters(400, seed=14).astype({"fecha": object})
    frame.loc[frame.index[:3], "fecha"] = "sin fecha"  # (quarter labels such as "T2 de 2024" are read)
    with pytest.warns(UserWarning, match=r"changes: 3 rows without a readable date in 'fecha' are left out of the "
                                         r"comparison \(e\.g\. 'sin fecha'\)\.$"):
        table = changes(frame, "quarter", nps="nps")
    assert table.attrs["date_excluded"] == 3
    # the examples were the command line's alone; quoted as it quotes them, personal data replaced and cut
    frame.loc[frame.index[:2], "fecha"] = "llamar a ana@example.com " + "x" * 200
    with pytest.warns(UserWarning) as caught:
        changes(frame, "quarter", nps="nps")
    said = [str(w.message) for w in caught if "readable date" in str(w.message)]
    assert len(said) == 1 and said[0].startswith("changes: 3 rows without a readable date in 'fecha' are left out "
                                                 "of the comparison (e.g. 'llamar a [EMAIL] xxx")
    assert said[0].endswith("xxx...', 'sin fecha').")
    assert "ana@example.com" not in said[0] and "x" * 60 not in said[0]
    unreadable = frame.assign(fecha=["sin fecha"] * 300 + ["ayer"] * 100)
    for period in ("month", ("2024-Q1", "2024-Q2")):
        with pytest.raises(DataError, match=r"no date in column 'fecha' could be read \(of 400 values, e\.g\. "
                                            r"'sin fecha', 'ayer'\); write its dates as 2024-01-31"):
            changes(unreadable, period, nps="nps")
    with pytest.raises(DataError, match="column 'fecha' is blank in every row"):
        changes(frame.assign(fecha=None), "month", nps="nps")


def test_every_warning_of_cxnlp_is_filtered_by_its_one_category(tmp_path):
    """changes, discover, a where filter and the report warned with a plain UserWarning: a script could silence them
    only by their text, or along with pandas' and scikit-learn's."""
    import inspect
    import warnings

    import cxnlp
    from cxnlp import exceptions
    from cxnlp.io import TableWriter

    categories = [c for _, c in inspect.getmembers(exceptions, inspect.isclass) if issubclass(c, Warning)]
    assert all(issubclass(c, getattr(cxnlp, "CxnlpWarning", ())) for c in categories), categories
    frame = two_quarters(400, seed=14).astype({"fecha": object})
    frame.loc[frame.index[:3], "fecha"] = "sin fecha"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=getattr(cxnlp, "CxnlpWarning", ()))
        changes(frame, "quarter", nps="nps")
        TableWriter(tmp_path / "out.parquet", "parquet", allow_formulas=True).close()


def test_the_changes_command_prints_the_rows_left_out_for_their_dates(tmp_path):
    from typer.testing import CliRunner

    from cxnlp.cli import app

    frame = two_quarters(400, seed=14).astype({"fecha": object})
    frame.loc[frame.index[:151], "fecha"] = "sin fecha"
    frame.to_csv(tmp_path / "malas.csv", index=False)
    runner = CliRunner()
    result = runner.invoke(app, ["changes", str(tmp_path / "malas.csv"), "--nps", "nps", "--period", "quarter"])
    assert result.exit_code == 0, result.output
    line = "151 rows without a readable date in 'fecha' are left out of the comparison (e.g. 'sin fecha')."
    assert result.output.count(line) == 1  # printed once, not also as a warning
    result = runner.invoke(app, ["summarize", str(tmp_path / "malas.csv"), "--nps", "nps", "--changes", "quarter"])
    assert result.exit_code == 0, result.output
    assert result.output.count(line) == 1 and "151 rows without a readable date in 'fecha' are left out of the trend" \
        not in result.output  # (no trend asked for)
    frame.assign(fecha="sin fecha").to_csv(tmp_path / "todas.csv", index=False)
    result = runner.invoke(app, ["changes", str(tmp_path / "todas.csv"), "--nps", "nps", "--period", "month"])
    assert result.exit_code == 1
    assert "no date in column 'fecha' could be read (of 400 values, e.g. 'sin fecha')" in result.output


# -- bootstrap resamples that leave a theme undefined ---------------------------------------------------
def test_a_resample_without_a_themes_respondents_leaves_it_out_of_its_interval():
    """A theme of 3 respondents is missing from ~5% of the resamples, where the pseudo-inverse gave it a slope of 0:
    its interval ran from -122 to exactly 0 though every draw with the theme gave about -100. Undefined there, it is
    left out; a theme of 2 respondents, missing from ~14%, gets no interval at all."""
    rng = np.random.default_rng(0)
    n = 300
    touchpoints = rng.choice(np.array(["delivery", "app", None], dtype=object), n)
    nps = rng.integers(5, 11, n)
    touchpoints[:3], nps[:3] = "billing", 0  # 3 respondents, all detractors
    touchpoints[3:5], nps[3:5] = "returns|app", [2, 9]
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": touchpoints, "nps": nps})
    table = drivers(frame, "nps", metric="nps", min_n=2, n_boot=400).set_index("theme")
    billing, returns = table.loc["billing"], table.loc["returns"]
    # (Three equal answers: the bootstrap's spread is that of the resamples' other respondents, and the classical
    # interval, with the residual variance of all 300, is the wider: -106 +- 95.)
    assert billing["effect_low"] < billing["effect"] < billing["effect_high"] < 0
    assert billing["effect"] - billing["effect_low"] == pytest.approx(billing["effect_high"] - billing["effect"])
    assert billing["importance_low"] > 0 and billing["effect_significant"]
    assert np.isfinite(returns["effect"]) and np.isnan(returns[["effect_low", "effect_high", "importance_low",
                                                               "importance_high"]].astype(float)).all()
    assert np.isfinite(table.loc[["delivery", "app"], ["effect_low", "effect_high"]].to_numpy()).all()
    # The arithmetic: a theme without variance, and two themes with the same respondents, have no slope.
    z = np.array([[1, 0, 1, 0, 10.0], [1, 0, 1, 0, 0.0], [1, 0, 0, 1, 5.0], [1, 0, 0, 1, 7.0], [1, 0, 0, 0, 9.0]])
    cov = reg.covariances(z, np.ones((1, len(z))))
    beta = reg.coefficients(cov)[0]
    assert np.isnan(beta[0]) and np.isfinite(beta[1:]).all()
    twins = reg.covariances(z[:, [0, 2, 2, 3, 4]], np.ones((1, len(z))))
    assert np.isnan(reg.coefficients(twins)[0, :2]).all() and np.isfinite(reg.coefficients(twins)[0, 2])
    assert reg.r2(twins)[0] == pytest.approx(reg.r2(reg.covariances(z[:, [0, 2, 3, 4]], np.ones((1, 5))))[0])


def test_without_intervals_whether_an_effect_is_significant_or_disagrees_is_unknown(tmp_path):
    """n_boot=0 (--boot 0) set effect_significant False, so every theme with a significant impact was marked
    "≠ disagrees"; without an interval both are unknown (NA), printed and drawn unmarked."""
    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.report.build import build_report

    frame = survey(n=1500, seed=2, effects={"delivery": -30, "app": 20})
    frame.loc[frame.index[:20], "cx_touchpoints"] = "returns"  # under min_n
    table = drivers(frame, "recomendacion", metric="nps", n_boot=0).set_index("theme")
    ranked = table[~table["below_min_n"]]
    assert ranked["impact_significant"].any()
    assert table["effect_significant"].dtype == "boolean" and table["disagrees"].dtype == "boolean"
    assert ranked["effect_significant"].isna().all() and ranked["disagrees"].isna().all()
    # left out of the model: not compared, as before (``not NA`` would raise)
    assert not table.loc["returns", "effect_significant"] and not table.loc["returns", "disagrees"]
    with_intervals = drivers(frame, "recomendacion", metric="nps", n_boot=100)
    assert with_intervals["effect_significant"].notna().all() and with_intervals["disagrees"].notna().all()
    frame.to_csv(tmp_path / "clas.csv", index=False)
    result = CliRunner().invoke(app, ["drivers", str(tmp_path / "clas.csv"), "--nps", "recomendacion", "--boot", "0",
                                      "-o", str(tmp_path / "dr.csv")])
    assert result.exit_code == 0, result.output
    assert "≠" not in result.output.split("Model R²")[0] and "no bootstrap intervals (--boot 0)" in result.output
    written = pd.read_csv(tmp_path / "dr.csv", encoding="utf-8-sig").set_index("theme")
    assert written.loc["delivery", ["effect_significant", "disagrees"]].isna().all()
    # A withheld interval (a theme of 2 respondents under min_n=2) reaches the report unmarked.
    frame.loc[frame.index[:2], "cx_touchpoints"] = "account"
    assert pd.isna(drivers(frame, "recomendacion", metric="nps", min_n=2).set_index("theme").loc[
        "account", "effect_significant"])
    html = build_report(frame, nps="recomendacion", min_n=2)
    assert '<section id="key-drivers">' in html


def test_a_typo_in_the_reports_compare_fails_before_classifying_or_writing(tmp_path, monkeypatch):
    """``report ... -o clas.csv --compare 2024-Q1 2024Q2x`` classified every row and wrote clas.csv before failing."""
    import cxnlp.batch
    from cxnlp.batch import report_file
    from cxnlp.insights.changes import check_period

    def no_model(*args, **kwargs):
        raise AssertionError("the model was loaded before --compare was checked")

    monkeypatch.setattr(cxnlp._batch_pool, "load", no_model)
    pd.DataFrame({"Comentario": ["El envío llegó tarde", "Muy buena app"], "NPS": [3, 10],
                  "fecha": ["2024-01-10", "2024-04-10"]}).to_csv(tmp_path / "encuesta.csv", index=False)
    for compare, error in ((("2024-Q1", "2024Q2x"), "'2024Q2x' is not a period label"),
                           (("2024-Q1", "2024-02"), "overlap"), ("daily", "period must be week, month, quarter")):
        with pytest.raises(ConfigError, match=error):
            report_file(tmp_path / "encuesta.csv", tmp_path / "informe.html", output=tmp_path / "clas.csv",
                        text="Comentario", nps="NPS", report={"compare": compare})
        assert not (tmp_path / "clas.csv").exists() and not (tmp_path / "informe.html").exists()
    # A file without a date column: --compare fails before the model is loaded and -o written, naming the periods.
    pd.DataFrame({"Comentario": ["El envío llegó tarde", "Muy buena app"], "NPS": [3, 10]}).to_csv(
        tmp_path / "sin_fecha.csv", index=False)
    monkeypatch.setattr(cxnlp._batch_pool, "load", lambda *a, **k: cxnlp.load())  # (the date is checked after loading)
    with pytest.raises(DataError, match=r"^periods '2024-Q3' and '2024-Q4' need a date column, .*--date"):
        report_file(tmp_path / "sin_fecha.csv", tmp_path / "informe.html", output=tmp_path / "clas.csv",
                    text="Comentario", nps="NPS", report={"compare": ("2024-Q3", "2024-Q4")})
    assert not (tmp_path / "clas.csv").exists() and not (tmp_path / "informe.html").exists()
    # A period named by its length is chosen from the data: without dates the section is left out, no error.
    report_file(tmp_path / "sin_fecha.csv", tmp_path / "informe.html", text="Comentario", nps="NPS",
                report={"compare": "month"})
    assert 'id="changes"' not in (tmp_path / "informe.html").read_text(encoding="utf-8")
    # What changes checks of a period by itself; the order of ranges whose dates read alike either way.
    for fine in ("month", "trimestre", ("2024-Q1", "2024-Q2"), ("01/02/2024..03/02/2024", "2024-Q3"),
                 ("2024-01-01..2024-02-15", "2024-02-16..2024-03-31")):
        check_period(fine)
    with pytest.raises(ConfigError, match="ends before it starts"):
        check_period(("2024-03-01..2024-02-01", "2024-Q4"))
    with pytest.raises(ConfigError, match="2024-Q2 comes after 2024-Q1"):
        check_period(("2024-Q2", "2024-Q1"))


def test_a_date_range_that_ends_before_it_starts_is_named_alone():
    """The message named the pair as a Python tuple, "('2023-Q1', '2024-03-01..2024-02-01')", after --compare."""
    with pytest.raises(ConfigError, match=r"^a date range ends before it starts: 2024-03-01\.\.2024-02-01; give its "
                                          r"start first\.$"):
        check_period(("2023-Q1", "2024-03-01..2024-02-01"))
    with pytest.raises(ConfigError, match=r"starts: 2024-03-01\.\.2024-02-01; "):  # a pair of dates, by its label
        check_period((("2024-03-01", "2024-02-01"), "2024-Q4"))


def test_a_date_range_with_an_open_or_unread_end_is_named_as_typed():
    """'2024-08..' was said as "date range ('2024-08', '') has a date that cannot be read", its end left open."""
    with pytest.raises(ConfigError, match=r"^date range '2024-08\.\.' has an end that is blank; write both ends as "
                                          r"2024-01-31 or as a period \(2024-01\.\.2024-02\)\.$"):
        check_period(("2024-07", "2024-08.."))
    with pytest.raises(ConfigError, match=r"^date range '2024-08-01\.\.mañana' has a date that cannot be read; "):
        check_period(("2024-07", "2024-08-01..mañana"))


def test_drivers_intervals_of_a_constant_score_are_nan_without_warnings():
    """Intervals of a score that never varies are NaN, computed without NumPy's all-NaN warning (so with no
    ``warnings.catch_warnings`` around them: not thread-safe, a service's threads could leave a filter on)."""
    import warnings

    frame = survey(n=200, seed=9).assign(recomendacion=10)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = drivers(frame, "recomendacion", metric="nps", n_boot=50)
    assert table["importance_low"].isna().all() and table["importance_high"].isna().all()
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]


def test_check_json_path_accepts_a_file_named_dot_json(tmp_path):
    from cxnlp.insights.discover import check_json_path

    assert check_json_path(tmp_path / ".json") == tmp_path / ".json"
    assert check_json_path(".JSON").name == ".JSON"
    with pytest.raises(ConfigError):
        check_json_path(tmp_path / "grupos.xlsx")


def test_a_tiny_baseline_keeps_the_effect_intervals_of_large_themes():
    # Each respondent is in one group, and only 2 in none: the themes are told apart only through those 2. A resample
    # without them identified no effect (~13.5% of them), and every interval was withheld; the baseline and the
    # others are now resampled apart, each keeping its count.
    rng = np.random.default_rng(3)
    grupo = np.array(["norte"] * 200 + ["sur"] * 200 + ["centro"] * 198 + [None] * 2, dtype=object)
    score = rng.integers(0, 11, grupo.size)
    frame = pd.DataFrame({"grupo": grupo, "recomendacion": score})
    # (min_n=2: a baseline under min_n is refused, review B 3; the resampling is what this test is about)
    table = drivers(frame, "recomendacion", by="grupo", metric="nps", n_boot=200, min_n=2)
    assert table.attrs["baseline"] == 2 and table.attrs["stratified"]
    assert table[["effect_low", "effect_high"]].notna().all().all()
    assert (table["effect_low"] <= table["effect"]).all() and (table["effect"] <= table["effect_high"]).all()
    assert table["effect_significant"].notna().all()
    assert "resampled apart" in table.attrs["interval_note"]
    # Themes that overlap are told apart without the baseline: the ordinary bootstrap, as before.
    assert not drivers(survey(n=600, seed=2), "recomendacion", metric="nps", n_boot=20).attrs["stratified"]


def test_a_score_that_rarely_varies_treats_effects_r2_and_importance_alike():
    # 2 respondents of 600 answer other than 5: ~13.5% of the resamples have a score that never varies. Their slopes
    # were kept as exact 0s (intervals ending at 0) while R² and importance, undefined there, were withheld.
    frame = survey(n=600, seed=9).assign(csat2=5)
    frame.loc[[10, 20], "csat2"] = 1
    table = drivers(frame, "csat2", metric="csat", n_boot=200)
    a = table.attrs
    assert np.isnan(a["r2_low"]) and np.isnan(a["r2_high"]) and a["constant_share"] > 0.1
    ranked = ~table["below_min_n"]
    assert table.loc[ranked, ["effect_low", "effect_high", "importance_low", "importance_high"]].isna().all().all()
    assert table.loc[ranked, "effect"].notna().all() and table.loc[ranked, "effect_significant"].isna().all()


def test_effects_within_rounding_noise_of_zero_are_zero():
    # price's respondents answer exactly as the baseline's: its effect is 0, computed as +-1e-15, and an interval of
    # [+4e-15, ...] was read as excluding 0 (significant).
    rng = np.random.default_rng(1)
    tp = rng.choice(["delivery", "price", ""], size=600, p=[0.4, 0.3, 0.3])
    y = np.where(tp == "delivery", rng.integers(1, 8, 600), 4)
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "neutral", "cx_touchpoints": tp, "ces": y})
    price = row(drivers(frame, "ces", min_n=3, n_boot=200), "price")
    assert price["effect"] == 0 and not price["effect_significant"]
    # Every resample's effect is 0 (the bootstrap's interval [0, 0]); the classical interval, with delivery's spread
    # in the pooled residual variance, is the wider, and it is centred on exactly 0.
    assert price["effect_low"] == -price["effect_high"] < 0


def test_withheld_intervals_say_why_in_the_cli_and_the_report(capsys):
    from cxnlp.cli.insights import echo_drivers
    from cxnlp.report import build_report

    frame = survey(n=600, seed=9).assign(nps=10)
    frame.loc[[10, 20], "nps"] = 0  # the score varies in too few resamples for any interval
    table = drivers(frame, "nps", n_boot=100)
    echo_drivers(table)
    out = capsys.readouterr().out
    assert "No interval: the score is the same for every respondent in" in out
    html = build_report(frame, nps="nps", min_n=30)
    assert "Sin intervalo (–): definido en menos del 90\u00a0% de los remuestreos" in html
    english = build_report(frame, nps="nps", min_n=30, lang="en")
    assert "No interval (–): defined in fewer than 90% of the resamples" in english
    # Every interval there: no such line.
    echo_drivers(drivers(survey(n=600, seed=9), "recomendacion", metric="nps", n_boot=100))
    assert "interval:" not in capsys.readouterr().out.lower()


def test_the_drivers_table_prints_importances_that_add_up_to_100_as_the_report_does(capsys):
    """Rounded one by one, the sample survey's CSAT importances printed 61, 27, 6 and 5 (99 %) where the report's
    add up to 100; and a value under its interval's low end read "1 [2, 44]" (the report: "1 [1; 44]")."""
    from cxnlp.cli.insights import echo_drivers

    table = drivers(survey(n=600, seed=9, themes=THEMES[:4]), "recomendacion", metric="nps", n_boot=20)
    ranked = ~table["below_min_n"]
    table.loc[ranked, "importance"] = [61.45, 27.35, 6.4, 4.8]  # one by one: 61 + 27 + 6 + 5 = 99
    table.loc[ranked, "importance_low"] = [50.0, 20.0, 6.6, 2.0]  # 6.4, shown 6, under its low end
    table.loc[ranked, "importance_high"] = [70.0, 30.0, 9.0, 8.0]
    echo_drivers(table)
    shown = re.findall(r" (\d+) \[(\d+), (\d+)\] ", capsys.readouterr().out)
    # largest remainders, as the report rounds them; each interval holds the value shown
    assert shown == [("62", "50", "70"), ("27", "20", "30"), ("6", "6", "9"), ("5", "2", "8")]


def test_the_drivers_table_prints_a_means_effects_with_two_decimals_as_summarize_does(capsys):
    from cxnlp.cli.insights import echo_drivers

    frame = survey(n=600, seed=3)
    rng = np.random.default_rng(3)
    delivery = frame["cx_touchpoints"].fillna("").str.contains("delivery")
    frame["facilidad"] = np.clip(np.round(4.5 - 0.3 * delivery + rng.normal(0, 0.8, len(frame))), 1, 7)
    table = drivers(frame, "facilidad", metric="ces", n_boot=20)
    echo_drivers(table)
    out = capsys.readouterr().out
    r = row(table, "delivery")
    # "-0.3" and "+0.0" lost the second decimal that summarize's table and the report show for a mean
    assert f"{r['effect']:+.2f}*" in out and f"[{r['effect_low']:+.2f}, {r['effect_high']:+.2f}]" in out
    assert f"{r['impact']:+.2f}" in out


def test_no_theme_in_the_model_still_has_the_interval_attrs():
    frame = survey(n=200, seed=4)
    table = drivers(frame, "recomendacion", metric="nps", min_n=1000, n_boot=20)
    assert table.attrs["themes_in_model"] == 0 and not table.attrs["stratified"]
    assert table.attrs["constant_share"] == 0 and table.attrs["interval_note"] is None


def test_drivers_and_changes_keep_every_by_dimension_under_its_own_name():
    """by=['n', 'by_n'] named both dimensions 'by_n' in the drivers and changes tables, as in summarize."""
    rng = np.random.default_rng(0)
    k = 80
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "n": rng.choice(["a", "b", None], k),
                          "by_n": rng.choice(["p", "q", None], k), "csat": rng.integers(1, 6, k),
                          "fecha": np.where(np.arange(k) < 40, "2024-01-15", "2024-02-15")})
    tables = (drivers(frame, "csat", by=["n", "by_n"], min_n=1, n_boot=0),
              changes(frame, "month", by=["n", "by_n"], csat="csat", min_n=2))
    for table in tables:
        assert table.attrs["by"] == ["by_by_n", "by_n"]
        assert list(table.columns[:2]) == ["by_by_n", "by_n"]
        assert set(table["by_by_n"]) <= {"a", "b"} and set(table["by_n"]) <= {"p", "q"}


def test_drivers_that_cannot_be_fit_are_said_in_the_report_which_is_still_written(tmp_path):
    """By a column with one value per respondent (mutually exclusive themes) the report dropped "Prioridades" without
    a word, and summarize --drivers --html stopped at the drivers' error and wrote no report; then (QA J) it wrote
    its files and exited 1. As `cxnlp report` does, it writes them, says why in the report's section and in a
    warning line, and exits 0; --drivers without a score is an error before anything is written."""
    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.io import read_table
    from cxnlp.report import build_report

    path, html = tmp_path / "clasificada.csv", tmp_path / "informe.html"
    pd.DataFrame({"canal": ["Web", "Tienda"] * 40, "cx_status": "ok", "cx_touchpoints": "delivery",
                  "cx_sentiment": ["negative", "positive"] * 40, "nps": [2, 10, 9, 5] * 20}).to_csv(path, index=False)
    for lang, says in (("es", "No se pueden calcular: los temas no se distinguen"),
                       ("en", "They cannot be computed: the themes cannot be told apart")):
        page = build_report(pd.read_csv(path), by="canal", nps="nps", min_n=5, period=None, lang=lang)
        section = page.split('<section id="key-drivers">')[1].split("</section>")[0]
        assert says in section and "<table" not in section
    summary = tmp_path / "resumen.csv"
    for more in (["--html", str(html), "-o", str(summary)], ["-o", str(summary)], ["--compare", "2024-07", "2024-09"]):
        dated = ["--date", "fecha"] if "--compare" in more else []
        if dated:
            frame = pd.read_csv(path).assign(fecha=["2024-07-01", "2024-09-01", "2024-09-02", "2024-07-02"] * 20)
            frame.to_csv(path, index=False)
        result = CliRunner().invoke(app, ["summarize", str(path), "--nps", "nps", "--by", "canal", "--min-n", "5",
                                          "--drivers", *dated, *more])
        assert result.exit_code == 0, result.output
        warning = [line for line in result.output.splitlines() if line.startswith("warning: no key drivers table")]
        assert len(warning) == 1 and "drivers cannot tell" in warning[0]
        assert "Tienda" in result.output  # the summary is printed
        if "-o" in more:
            assert read_table(summary)["theme"].tolist() == ["Tienda", "Web"]
            summary.unlink()
        if "--html" in more:
            assert "No se pueden calcular: los temas no se distinguen" in html.read_text(encoding="utf-8")
            html.unlink()
    result = CliRunner().invoke(app, ["summarize", str(path), "--by", "canal", "--drivers", "--html", str(html)])
    assert result.exit_code == 1 and "key drivers need a score column" in result.output and not html.exists()
    # review: two themes always mentioned together were said to be "mutually exclusive", unnamed; and a survey of two
    # scored comments got the drivers' own English message ("drivers needs answers ...") in a Spanish report
    twins = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app|store", "delivery", "app|store", "support"] * 20,
                          "cx_sentiment": "negative", "nps": [2, 10, 9, 5, 7, 3, 8, 10] * 10})
    for lang, says in (("es", "«Aplicación móvil» y «Tienda o sucursal» los mencionan las mismas respuestas"),
                       ("en", "the same responses mention “")):
        section = build_report(twins, nps="nps", min_n=5, period=None, lang=lang).split(
            '<section id="key-drivers">')[1].split("</section>")[0]
        assert says in section and "excluyentes" not in section and "exclusive" not in section, section
    few = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"], "cx_sentiment": "negative",
                        "nps": [2, 10]})
    page = build_report(few, nps="nps", min_n=1, period=None)
    # (the section says why in the report's words: it no longer vanishes, QA F finding 7)
    assert "drivers needs" not in page and "No se pueden calcular: muy pocas respuestas" in page


def test_a_by_column_blank_in_every_row_is_said_not_a_pandas_error(tmp_path, monkeypatch):
    """QA P 1: an export whose 'tienda' column is empty crashed drivers (a merge of two empty tables), summarize
    --drivers and --html with "unexpected ValueError"; `report` left -o behind; summarize said no comment was
    labelled."""
    from typer.testing import CliRunner

    import cxnlp.report.build
    from cxnlp.batch import report_file
    from cxnlp.cli import app

    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "delivery", "cx_sentiment": "neutral", "tienda": "",
                          "nps": rng.integers(0, 11, 200)})
    for by in ("tienda", "touchpoints×tienda"):
        with pytest.raises(DataError, match=r"^drivers has no theme to compare: no respondent has a value in "
                                            r"'tienda'; give --by"):
            drivers(frame, "nps", by=by, n_boot=20)
    # Filled only on rows without a labelled comment: no respondent of the model carries both.
    partly = frame.assign(tienda=["Centro"] * 100 + [""] * 100, cx_status=["empty"] * 100 + ["ok"] * 100)
    with pytest.raises(DataError, match="none of the 100 respondents with a labelled comment .* touchpoints × tienda"):
        drivers(partly, "nps", by="touchpoints×tienda", n_boot=20)
    path, html = tmp_path / "blank.csv", tmp_path / "informe.html"
    frame.to_csv(path, index=False)
    result = CliRunner().invoke(app, ["summarize", str(path), "--nps", "nps", "--by", "tienda", "--drivers",
                                      "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert "'tienda' of --by is blank in every row" in result.output and "no comment is labelled" not in result.output
    assert "warning: no key drivers table: drivers has no theme to compare" in result.output
    assert "give --by a column that is filled in." in result.stderr and "(by=)" not in result.output  # as drivers says
    assert "ninguna respuesta tiene un valor en «tienda»" in html.read_text(encoding="utf-8")
    # On a terminal (color=True stands for one), yellow as the warnings of Python's are: it was plain
    colored = CliRunner().invoke(app, ["summarize", str(path), "--nps", "nps", "--by", "tienda", "--drivers"],
                                 color=True, env={"NO_COLOR": None, "TERM": "xterm"})
    assert "\x1b[33mwarning: no key drivers table: drivers has no theme" in colored.stderr, colored.stderr
    result = CliRunner().invoke(app, ["drivers", str(path), "--nps", "nps", "--by", "tienda"])
    assert result.exit_code == 1 and "unexpected" not in result.output, result.output
    # The one-step report builds the report before it writes -o: a report that fails leaves neither file.
    def failing(*args, **kwargs):
        raise DataError("the report failed")

    monkeypatch.setattr(cxnlp.report.build, "make_report", failing)
    pd.DataFrame({"Comentario": ["El envío llegó tarde", "Muy buena app"], "NPS": [3, 10]}).to_csv(
        tmp_path / "encuesta.csv", index=False)
    with pytest.raises(DataError, match="the report failed"):
        report_file(tmp_path / "encuesta.csv", tmp_path / "r.html", output=tmp_path / "clas.csv", text="Comentario",
                    nps="NPS")
    assert not (tmp_path / "clas.csv").exists() and not (tmp_path / "r.html").exists()


def test_a_column_of_quarter_labels_is_compared_by_whole_quarters_only():
    """QA P 2: 'T3 2024' is read as 1 July, so --compare 2024-07 2024-10 compared all of Q3 with all of Q4 under
    the labels July and October, and a range without a quarter's first day found no row."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"fecha": ["T3 2024"] * 50 + ["T4 2024"] * 50, "cx_status": "ok",
                          "cx_touchpoints": rng.choice(["delivery", "price", "delivery|price"], 100),
                          "cx_sentiment": rng.choice(["positive", "negative"], 100), "nps": rng.integers(0, 11, 100)})
    for pair in (("2024-07", "2024-10"), ("2024-W27", "2024-W40"), ("2024-07-01..2024-07-31", "2024-10-01..2024-10-31"),
                 ("2024-08-01..2024-09-30", "2024-11-01..2024-12-31")):
        with pytest.raises(DataError, match=rf"'fecha' holds quarters, not days \(such as 'T3 2024'\), and "
                                            rf"{pair[0]} is not a whole quarter: compare quarters \(--compare"):
            changes(frame, pair, nps="nps")
    for pair in (("2024-Q3", "2024-Q4"), ("2024-07-01..2024-09-30", "2024-10-01..2024-12-31")):
        c = changes(frame, pair, nps="nps")
        assert c.attrs["before_range"] == ("2024-07-01", "2024-09-30")
    # A column of days is compared by any window, as before.
    days = frame.assign(fecha=["2024-07-15"] * 50 + ["2024-10-15"] * 50)
    assert changes(days, ("2024-07", "2024-10"), nps="nps").attrs["after_range"] == ("2024-10-01", "2024-10-31")


def test_quarters_are_named_as_the_date_column_writes_them():
    """A column of 'T3 2024' was read, but --compare T3 2024 / T4 2024 (or 2024-T3, Q3 2024, 3T2024) was "not a period
    label": only 2024-Q3 was taken."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"fecha": ["T3 2024"] * 50 + ["T4 2024"] * 50, "cx_status": "ok",
                          "cx_touchpoints": rng.choice(["delivery", "price"], 100), "nps": rng.integers(0, 11, 100)})
    for pair in (("T3 2024", "T4 2024"), ("2024-T3", "2024-T4"), ("Q3 2024", "Q4 2024"), ("3T2024", "4T2024"),
                 ("T3 2024..T3 2024", "2024-Q4")):
        c = changes(frame, pair, nps="nps")
        assert (c.attrs["before"], c.attrs["after"]) in (("2024-Q3", "2024-Q4"), ("2024-07-01..2024-09-30", "2024-Q4"))
        assert c.attrs["before_range"] == ("2024-07-01", "2024-09-30")
    with pytest.raises(ConfigError, match=r"^period 'T5 2024' is not a period label"):
        check_period(("T5 2024", "T4 2024"))


def test_a_week_or_month_that_does_not_exist_is_named_as_such_not_as_no_period_label():
    """'2023-W53' (2023 has 52 ISO weeks) and '2024-13' were "not a period label (..., 2024-03, 2024-W05, ...)",
    though written as the examples are."""
    for pair, said in ((("2023-W53", "2024-W01"), "period '2023-W53' names no week: the ISO weeks of 2023 run from 1 "
                                                  "to 52."),
                       (("2020-W53", "2024-W00"), "period '2024-W00' names no week: the ISO weeks of 2024 run from 1 "
                                                  "to 52."),
                       (("2024-12", "2024-13"), "period '2024-13' names no month: months run from 01 to 12."),
                       (("2024-01-01..2024-00", "2024-Q4"), "period '2024-00' names no month: months run from 01 to "
                                                            "12.")):
        with pytest.raises(ConfigError, match=f"^{re.escape(said)}$"):
            check_period(pair)
    check_period(("2020-W53", "2021-W01"))  # 2020 has 53


def test_the_drivers_command_says_why_a_constant_score_has_no_r2_instead_of_printing_nan(tmp_path):
    """QA P 7: every respondent gave 10: `cxnlp drivers` printed "nan" as importance and "Model R² nan ... 95%
    bootstrap intervals (100 resamples)" though there is none."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    rng = np.random.default_rng(0)
    path = tmp_path / "const.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": rng.choice(["delivery", "price", "delivery|price", "general"],
                                                                  300),
                  "cx_sentiment": "neutral", "nps": 10}).to_csv(path, index=False)
    result = CliRunner().invoke(app, ["drivers", str(path), "--nps", "nps", "--boot", "50"])
    assert result.exit_code == 0, result.output
    assert "nan" not in result.output.lower() and "bootstrap intervals" not in result.output
    assert "No R², importance or interval: every one of the 300 respondents gave the same NPS" in result.output


def test_the_drivers_command_with_no_theme_in_the_model_prints_no_r2_or_intervals(tmp_path):
    """Every row's theme the same: `cxnlp drivers` printed "Model R² 0.000, 300 respondents; 95% bootstrap intervals
    (20 resamples)" though no theme was in the model (the report says it cannot be computed)."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    path = tmp_path / "every1.csv"
    pd.DataFrame({"tema": "delivery", "nps": np.random.default_rng(0).integers(0, 11, 300)}).to_csv(path, index=False)
    result = CliRunner().invoke(app, ["drivers", str(path), "--nps", "nps", "--by", "tema", "--boot", "20"])
    assert result.exit_code == 0, result.output
    assert "Model R²" not in result.output and "bootstrap intervals" not in result.output
    assert ("No effect, importance or R²: no theme has at least 30 respondents who mention it and as many who do "
            "not, so no theme is in the model; 'low n': fewer than 30, not in the model; 'in all': mentioned by "
            "every respondent") in result.output
    one = CliRunner().invoke(app, ["drivers", str(path), "--nps", "nps", "--by", "tema", "--boot", "20",
                                   "--min-n", "1"])
    assert "no theme has at least 1 respondent who mentions it and as many who do not" in one.output, one.output


def test_the_drivers_command_marks_a_theme_every_respondent_mentions_as_such_not_as_low_n(tmp_path):
    """A theme in all 300 comments was printed "low n" under "'low n': fewer than 30, not in the model"."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    rng = np.random.default_rng(0)
    path = tmp_path / "every.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": rng.choice(["delivery", "delivery|price", "delivery|app"], 300),
                  "nps": rng.integers(0, 11, 300)}).to_csv(path, index=False)
    result = CliRunner().invoke(app, ["drivers", str(path), "--nps", "nps", "--boot", "20"])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if " 300 " in line)
    assert row.split()[-1] == "all" and "low n" not in row
    assert ("'low n': fewer than 30, not in the model; 'in all': mentioned by every respondent, so nothing to compare "
            "it with, not in the model.") in result.output


@pytest.mark.parametrize("blank, rare, said", [
    # review B 3: two blank cells are as little a baseline as one; intervals 240 points wide, "fix first" for regions
    # above average
    (2, [], r"only 2 of the 400 respondents do \(2 with blank tienda cells\); fewer than min_n=5"),
    (4, [], r"only 4 of the 400 respondents do \(4 with blank tienda cells\); fewer than min_n=5"),
    # review B 4: no blank cell: the baseline is the respondent of a region below min_n, left out of the model
    (0, ["Sierra"], r"only 1 of the 400 respondents does \(1 is only in tienda values with fewer than min_n=5 "
                    r"respondents, left out of the model: 'Sierra' \(1\)\); one answer is no baseline"),
    (1, ["Sierra", "Costa", "Costa"], r"only 4 of the 400 respondents do \(1 with a blank tienda cell; 3 are only in "
                                      r"tienda values with fewer than min_n=5 respondents, left out of the model: "
                                      r"'Costa' \(2\), 'Sierra' \(1\)\)"),
])
def test_a_baseline_under_min_n_is_refused_and_named(blank, rare, said):
    from cxnlp.report import build_report

    rng = np.random.default_rng(4)
    region = rng.choice(["Norte", "Sur", "Centro"], 400).astype(object)
    region[:blank] = None
    region[blank:blank + len(rare)] = rare
    score = np.where(region == "Norte", rng.integers(0, 9, 400), rng.integers(5, 11, 400))
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "cx_sentiment": "neutral", "tienda": region,
                          "nps": score})
    with pytest.raises(DataError, match=r"cannot measure the 3 themes with 5 or more respondents: .*" + said) as error:
        drivers(frame, "nps", by="tienda", n_boot=50, min_n=5)
    assert error.value.unidentified
    assert blank or "blank" not in str(error.value)  # no blank cell blamed where there is none
    page = build_report(frame, nps="nps", by="tienda", min_n=5)
    assert "No se pueden calcular: los temas no se distinguen" in page and "Arreglar primero" not in page
    # a baseline of min_n respondents is one
    region[:5] = None
    assert drivers(frame.assign(tienda=region), "nps", by="tienda", n_boot=20, min_n=5).attrs["baseline"] >= 5


def test_one_theme_over_a_small_baseline_is_named_in_the_singular():
    """'drivers cannot measure the 1 themes ...: they are told apart ...' for a single ranked theme (one answer is
    no baseline even with min_n=1; with more, fewer than min_n without the theme leaves it out of the model)."""
    region = np.array(["Norte"] * 99 + [None], dtype=object)
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "cx_sentiment": "neutral", "tienda": region,
                          "nps": np.random.default_rng(4).integers(0, 11, 100)})
    with pytest.raises(DataError) as error:
        drivers(frame, "nps", by="tienda", n_boot=20, min_n=1)
    assert str(error.value) == (
        "drivers cannot measure the only theme with 1 or more respondents: it is told apart only through the "
        "respondents who do not mention it (the baseline every effect is a difference from), and only 1 of the 100 "
        "respondents does (1 with a blank tienda cell); one answer is no baseline, and its effect and \"fix first\" "
        "verdict would be those few answers' scores. Compare the themes with summarize's impact instead.")
    two = drivers(frame.assign(tienda=["Norte"] * 98 + [None] * 2), "nps", by="tienda", n_boot=20, min_n=5)
    assert two["below_min_n"].all() and not two.attrs["themes_in_model"] and "(2 without it)" in two.attrs["few_without"]


def test_one_blank_cell_of_a_region_column_is_no_baseline_for_the_effects():
    """QA P 4: 400 respondents in three regions and one without: every effect was a difference from that one
    answer, regions above average came out 100 NPS points down and "fix first", and the report blamed "too few
    respondents" for the missing intervals. Refused, as without the blank cell."""
    from cxnlp.report import build_report

    rng = np.random.default_rng(4)
    region = rng.choice(["Norte", "Sur", "Centro"], 400).astype(object)
    region[0] = None
    score = np.where(region == "Norte", rng.integers(0, 9, 400), rng.integers(5, 11, 400))
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": rng.choice(["delivery", "price"], 400),
                          "cx_sentiment": "neutral", "tienda": region, "nps": score})
    for data in (frame, frame.iloc[1:]):
        with pytest.raises(DataError, match="cannot (tell|measure) the 3 themes with 30 or more respondents") \
                as error:
            drivers(data, "nps", by="tienda", n_boot=50)
        assert error.value.unidentified
    with pytest.raises(DataError, match=r"only 1 of the 400 respondents does \(1 with a blank tienda cell\); one "
                                         r"answer is no baseline"):
        drivers(frame, "nps", by="tienda", n_boot=50)
    page = build_report(frame, nps="nps", by="tienda", min_n=30)
    assert "No se pueden calcular: los temas no se distinguen" in page and "Arreglar primero" not in page


def test_the_changes_table_prints_blank_not_nan_and_no_minus_zero(capsys):
    """Review E 6: only the change column went through the blank-for-missing formatter; q printed NaN for every
    'low n' theme, and before/after could print -0.00."""
    import numpy as np
    import pandas as pd

    from cxnlp.cli.insights import echo_changes

    table = pd.DataFrame({"label": ["app", "precio"], "measure": ["nps", "share"], "before": [-0.001, 20.0],
                          "after": [53.333, np.nan], "change": [53.33, np.nan], "direction": ["", ""],
                          "p_adjusted": [np.nan, 0.01234], "below_min_n": [True, False], "tiny": [False, False],
                          "significant": [False, False]})
    table.attrs = {"before": "2024-Q1", "after": "2024-Q2", "date_column": "fecha", "by": [], "tests": 1,
                   "alpha": 0.05, "min_n": 30, "tiny": {"share": 1, "net": 2, "mean": 0.1}}
    echo_changes(table)
    out = capsys.readouterr().out
    assert "NaN" not in out and "nan" not in out and "-0.0" not in out, out
    assert "0.0123" in out and "53.3" in out and "53.33" not in out  # an NPS with one decimal, as summarize prints it


def test_changes_with_no_cell_tested_says_so_not_zero_tests(tmp_path):
    """Found by review: with every theme under min_n in a period the command line said "significant after
    Benjamini-Hochberg over 0 tests", which the report had stopped saying; one test was "1 tests"."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    path = tmp_path / "clasificada.csv"
    two_quarters(400, seed=2).to_csv(path, index=False)
    untested = CliRunner().invoke(app, ["changes", str(path), "--nps", "nps", "--period", "quarter", "--min-n", "9999"])
    assert untested.exit_code == 0, untested.output
    assert "over 0 tests" not in untested.output
    assert untested.output.strip().endswith("No change can be tested: every theme has fewer than 9999 observations in "
                                            "one of the two periods ('low n'); the table shows the figures untested.")
    tested = CliRunner().invoke(app, ["changes", str(path), "--nps", "nps", "--period", "quarter"])
    assert "↑/↓: significant after Benjamini-Hochberg over " in tested.output and " 0 tests" not in tested.output


def test_too_few_periods_with_a_theme_says_how_many_carry_one():
    """Two quarters, the later without a labelled comment: "needs two quarters ...; the data has 2" contradicted
    itself; the error says that only one of the two has rows with a theme."""
    frame = two_quarters(400)
    later = frame["fecha"] >= "2024-04"
    frame.loc[later, "fecha"] = "2024-09-15"
    frame.loc[later, ["cx_touchpoints", "cx_status"]] = [None, "empty"]
    with pytest.raises(DataError, match=r"; the data has 2 quarters, only 1 of them with enough such rows \(2024-Q1: "
                                        r"200 rows, \d+ with a theme; 2024-Q3: 200 rows, 0 with a theme\)\.$"):
        changes(frame, "quarter", nps="nps")
    with pytest.raises(DataError, match=r"; the data has 1 quarter \(2024-Q1: 200 rows, \d+ with a theme\)\.$"):
        changes(frame[~later], "quarter", nps="nps")


def test_a_theme_absent_from_one_period_has_no_change_and_is_not_tiny():
    """A theme new in the later period has no 'before' and so no change: it was flagged tiny, which a filter on
    ``~tiny`` (the changes worth a look) dropped along with the changes under TINY_CHANGE."""
    frame = two_quarters(800)
    new = (frame["fecha"] >= "2024-04") & (frame.index % 4 == 0)
    frame.loc[new, "cx_touchpoints"] = "loyalty_points"
    table = changes(frame, "quarter", nps="nps").set_index(["theme", "measure"])
    nps = table.loc[("loyalty_points", "nps")]
    assert np.isnan(nps["before"]) and np.isnan(nps["change"]) and nps["n_before"] == 0
    assert not nps["tiny"] and not nps["notable"] and nps["below_min_n"]
    share = table.loc[("loyalty_points", "share")]
    assert share["before"] == 0 and not share["tiny"] and share["notable"]


@pytest.mark.parametrize("dates, pair, suggested", [
    (["T1 2023"] * 40 + ["T2 2023"] * 40, ("2023-01", "2023-02"), "2023-Q1 2023-Q2"),
    (["T1 2023"] * 40, ("2023-01", "2023-02"), "2022-Q4 2023-Q1"),
    (["2023-05"] * 40 + ["2023-06"] * 40, ("2023-W20", "2023-W25"), "2023-05 2023-06"),
])
def test_a_refused_window_on_period_labels_suggests_the_columns_own_periods(dates, pair, suggested):
    """A pair of months on a column of 2023's quarters was told "--compare 2024-Q3 2024-Q4", quarters it does not
    hold; it is told its own last two."""
    frame = pd.DataFrame({"fecha": dates, "nps": [9, 3] * (len(dates) // 2), "cx_status": "ok",
                          "cx_touchpoints": "delivery", "cx_sentiment": "negative"})
    with pytest.raises(DataError, match=re.escape(f"(--compare {suggested}), or ")):
        changes(frame, pair, nps="nps")


@pytest.mark.parametrize("dates, touchpoints, pair, suggested", [
    (["2023-05"] * 40 + ["2023-06"] * 40 + ["2042-05"], ["delivery"] * 81, ("2023-W20", "2023-W25"),
     "2023-05 2023-06"),
    (["T1 2023"] * 40 + ["T2 2023"] * 40 + ["T3 2023"] * 40, ["delivery"] * 80 + [""] * 40, ("2023-01", "2023-02"),
     "2023-Q1 2023-Q2"),
])
def test_a_refused_window_suggests_the_periods_changes_would_compare(dates, touchpoints, pair, suggested):
    """The suggestion was the last two periods with any row: a mistyped '2042-05' gave "--compare 2023-06 2042-05",
    and a quarter whose comments carry no theme yet one with nothing to test; the periods are chosen as
    ``period="month"`` or ``"quarter"`` chooses them."""
    frame = pd.DataFrame({"fecha": dates, "nps": ([9, 3] * len(dates))[:len(dates)], "cx_status": "ok",
                          "cx_touchpoints": touchpoints, "cx_sentiment": "negative"})
    with pytest.raises(DataError, match=re.escape(f"(--compare {suggested}), or ")):
        changes(frame, pair, nps="nps")


def test_a_column_of_month_labels_is_not_split_into_weeks_or_ranges():
    """'2024-05' reads as 1 May: by week, May was compared with June as "2024-W18 -> 2024-W22", and a pair of weeks or
    of date ranges took whole months, without a word. Months are compared; anything finer is refused."""
    frame = two_quarters(800)
    frame["fecha"] = pd.to_datetime(frame["fecha"]).dt.strftime("%Y-%m")
    example = frame["fecha"].iloc[0]
    said = (rf"every date in 'fecha' is the first of its month \(month labels, such as '{example}'\?\), so {{}} would "
            rf"take whole months: compare months \(--compare 2024-05 2024-06\), or give a column of dates\.$")
    by_week = (r"every date in 'fecha' is the first of its month \(month labels, such as '{}'\?\), so a month does "
               r"not split into weeks: use period 'month' \(--period month\), or give a column of dates\.$")
    for week in ("week", "semana"):  # no "2024-W18" that was never asked for: the period asked for is named
        with pytest.raises(DataError, match=by_week.format(example)):
            changes(frame, week, nps="nps")
    with pytest.raises(DataError, match=by_week.format("2024-05")):  # one month: "the data has 1 week" said no why
        changes(frame[frame["fecha"] == "2024-05"], "week", nps="nps")
    with pytest.raises(DataError, match=said.format("2024-W01")):
        changes(frame, ("2024-W01", "2024-W05"), nps="nps")
    with pytest.raises(DataError, match=said.format(r"2024-01-01\.\.2024-01-20")):
        changes(frame, ("2024-01-01..2024-01-20", "2024-02-01..2024-02-10"), nps="nps")
    table = changes(frame, ("2024-05", "2024-06"), nps="nps")
    assert table.attrs["before_range"] == ("2024-05-01", "2024-05-31")
    assert table.attrs["after"] == changes(frame, "month", nps="nps").attrs["after"] == "2024-06"


def test_the_changes_legend_names_only_the_sizes_of_the_measures_shown(tmp_path):
    """Found by review: the command line's legend always read "3 of NPS or net sentiment, 0.1 of a mean", under a
    table of a CSAT share alone; it names what the table shows, as the report's note does."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    path = tmp_path / "clasificada.csv"
    frame = two_quarters(400, seed=2)
    frame.drop(columns="cx_sentiment").assign(csat=(frame["nps"] // 2).clip(1, 5)).to_csv(path, index=False)
    legend = {}
    for scores in (("--csat", "csat"), ("--nps", "nps", "--ces", "csat")):
        result = CliRunner().invoke(app, ["changes", str(path), *scores, "--period", "quarter"])
        assert result.exit_code == 0, result.output
        legend[scores[0]] = re.search(r"'tiny': under ([^;]*);", result.output).group(1)
    assert legend == {"--csat": "2 points of a share",
                      "--nps": "2 points of a share, 3 points of nps, 0.1 points of ces"}


def test_the_changes_legend_and_note_say_a_metric_s_own_tiny_size(tmp_path):
    """Found by review: the legend and the report's note said "0.1 points" of a CSAT mean on 1-100, whose changes are
    tiny under 0.99 (1% of its 99 points), and "3 points" of a net score of -1..1 (tiny under 0.03)."""
    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.report.build import build_report

    path = tmp_path / "clasificada.csv"
    frame = two_quarters(400, seed=2)
    frame.drop(columns="cx_sentiment").assign(csat=frame["nps"] * 10 + 1, ces=4).to_csv(path, index=False)
    result = CliRunner().invoke(app, ["changes", str(path), "--nps", "nps", "--csat", "csat", "--csat-method", "mean",
                                      "--csat-scale", "1-101", "--ces", "ces", "--period", "quarter"])
    assert result.exit_code == 0, result.output
    assert "'tiny': under 2 points of a share, 3 points of nps, 1 point of csat, 0.1 points of ces;" in result.output
    html = build_report(frame.assign(voto=(frame["nps"] >= 9).astype(int)), metrics={"nps": "nps", "voto": Vote()},
                        compare=("2024-Q1", "2024-Q2"))
    assert "3 puntos de sentimiento neto o de NPS, o 0,03 puntos de Vote" in html


def test_a_tiny_size_of_one_is_one_point_not_one_points(tmp_path):
    """Found by review: a tiny size of exactly 1 (a net score of -33.33..33.33, a mean on 1-101) read "1 points" in
    the legend and "1 puntos" / "1 points" in the report's note; now "1 point", "1 punto"."""
    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.report.build import build_report

    @dataclass(frozen=True, kw_only=True)
    class Third(Metric):
        name, label = "third", "Third"
        methods = {"net": "net"}
        scale: tuple[int, int] = (0, 1)
        method: str = "net"

        def score(self, x):
            return np.where(x >= 1, 100 / 3, -100 / 3)  # a range 66.67 wide: tiny under 1.5% of it, 1

    from cxnlp.insights.changes import tiny_change

    assert tiny_change(Third()) == pytest.approx(1.0)
    path = tmp_path / "clasificada.csv"
    frame = two_quarters(400, seed=2)
    frame.drop(columns="cx_sentiment").assign(csat=frame["nps"] * 10 + 1).to_csv(path, index=False)
    result = CliRunner().invoke(app, ["changes", str(path), "--csat", "csat", "--csat-method", "mean",
                                      "--csat-scale", "1-101", "--period", "quarter"])
    assert result.exit_code == 0, result.output
    assert "'tiny': under 2 points of a share, 1 point of csat;" in result.output
    voted = frame.assign(voto=(frame["nps"] >= 9).astype(int))
    for lang, said in (("es", "1 punto de Third"), ("en", "1 point of Third")):
        html = build_report(voted, metrics={"voto": Third()}, compare=("2024-Q1", "2024-Q2"), lang=lang)
        assert said in html and said.replace("1 punto ", "1 puntos ").replace("1 point ", "1 points ") not in html


def test_the_changes_legend_says_a_large_tiny_size_in_full(tmp_path):
    """Found by review: the legend wrote a metric's tiny size with ":g", so a mean on 1-100,000,001 (tiny under
    1,000,000) read "1e+06 points of csat" and one on 1-10,000,000 "100000" for 99,999.99; now in full."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    path = tmp_path / "clasificada.csv"
    frame = two_quarters(400, seed=2)
    frame.drop(columns="cx_sentiment").assign(csat=frame["nps"] * 10 + 1).to_csv(path, index=False)
    for scale, size in (("1-100000001", "1000000"), ("1-10000000", "99999.99")):
        result = CliRunner().invoke(app, ["changes", str(path), "--csat", "csat", "--csat-method", "mean",
                                          "--csat-scale", scale, "--period", "quarter"])
        assert result.exit_code == 0, result.output
        assert f"'tiny': under 2 points of a share, {size} points of csat;" in result.output


def test_the_changes_legend_names_the_measures_in_one_order_whatever_changed(tmp_path):
    """Found by review: the legend named the measures in the order of the table's rows, notable ones first, so a table
    whose NPS alone changed read "3 points of nps or net_sentiment", another "net_sentiment or nps"."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    path = tmp_path / "clasificada.csv"
    pd.DataFrame({"comentario": "x", "cx_status": "ok", "cx_sentiment": ["negative", "positive"] * 100,
                  "cx_touchpoints": ["app", "delivery"] * 100, "nps": [2] * 100 + [10] * 100,
                  "fecha": ["2024-01-15"] * 100 + ["2024-02-15"] * 100}).to_csv(path, index=False)
    result = CliRunner().invoke(app, ["changes", str(path), "--compare", "2024-01", "2024-02", "--nps", "nps"],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert " nps " in result.output.split("\n")[3]  # the NPS rows, notable, come first
    assert "'tiny': under 2 points of a share, 3 points of net_sentiment or nps; " in result.output, result.output


def test_the_readme_says_what_a_comparison_of_quarter_labels_by_month_suggests():
    # the README said such a comparison stops with an error that says --period quarter; it names the quarters
    from pathlib import Path

    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split())
    said = re.search(r"with one that names the quarters to compare \(`(--compare [^`]+)`\)", readme).group(1)
    frame = pd.DataFrame({"fecha": ["T3 2024"] * 40 + ["T4 2024"] * 40, "cx_status": "ok",
                          "cx_touchpoints": "delivery", "cx_sentiment": "negative", "nps": [0, 10] * 40})
    with pytest.raises(DataError, match=re.escape(f"({said})")):
        changes(frame, ("2024-09", "2024-10"), nps="nps")


def test_drivers_read_a_generator_of_themes_as_the_list_it_yields():
    """api7: ``by=(b for b in ...)`` was read once to find the themes and then again, empty: "by must name one or
    more columns ... got <generator object ...>"."""
    rng = np.random.default_rng(0)
    late, also_app = rng.random(300) < 0.3, rng.random(300) < 0.5
    frame = pd.DataFrame({"cx_touchpoints": np.where(late, np.where(also_app, "delivery|app", "delivery"), "app"),
                          "nps": np.where(late, rng.integers(0, 9, 300), rng.integers(6, 11, 300))})
    want = cxnlp.drivers(frame, "nps", by=["touchpoints"], n_boot=0)
    assert cxnlp.drivers(frame, "nps", by=(b for b in ["touchpoints"]), n_boot=0).equals(want)


def test_notes_on_dates_quote_a_multiline_date_column_on_one_line():
    """A date column typed with Alt+Enter ("Fecha de\\nrespuesta") printed its line break inside the notes on
    unread dates and on their order, cutting each over two lines."""
    from cxnlp.cli.insights import against_order_notice, dayfirst_notice
    from cxnlp.metrics.summary import undated_note

    column = "Fecha de\nrespuesta"
    frame = two_quarters(400, seed=14).astype({"fecha": object}).rename(columns={"fecha": column})
    frame.loc[frame.index[:3], column] = "sin fecha"
    with pytest.warns(UserWarning) as caught:
        changes(frame, "quarter", nps="nps", date="Fecha de respuesta")
    said = [str(w.message) for w in caught if "readable date" in str(w.message)]
    assert said and said[0].startswith("changes: 3 rows without a readable date in 'Fecha de\\nrespuesta' are left")
    for line in (undated_note(3, column), dayfirst_notice(column), against_order_notice(2, column, True)):
        assert "\n" not in line and "'Fecha de\\nrespuesta'" in line


def _app_in_all_but_two():
    """300 comments, 'app' in all but the first 2 (whose NPS is 10), delivery and price in about 40%."""
    rng = np.random.default_rng(0)
    parts = [[t for t, on in (("delivery", rng.random() < .4), ("price", rng.random() < .4), ("app", i >= 2)) if on]
             or ["support"] for i in range(300)]
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["|".join(p) for p in parts],
                          "nps": rng.integers(0, 11, 300)})
    frame.loc[:1, "nps"] = 10
    return frame


def test_drivers_leaves_out_a_theme_that_fewer_than_min_n_respondents_do_not_mention(tmp_path):
    """app in 298 of 300 comments was ranked first with an effect of -137, "fix first", all from the 2 respondents
    without it; the respondents without a theme need min_n, as those with it do."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    frame = _app_in_all_but_two()
    d = cxnlp.drivers(frame, "nps", n_boot=20)
    row = d.set_index("theme").loc["app"]
    assert row["below_min_n"] and pd.isna(row["rank"]) and pd.isna(row["quadrant"]) and np.isnan(row["effect"])
    assert d.attrs["few_without"] == ("fewer than 30 of the 300 respondents do not mention 'app' (2 without it): too "
                                      "few to compare it with, so not in the model (no effect, rank or quadrant)")
    assert cxnlp.drivers(frame, "nps", n_boot=20, min_n=2).attrs["few_without"] is None  # 2 without: enough
    path = tmp_path / "app.csv"
    frame.to_csv(path, index=False)
    result = CliRunner().invoke(app, ["drivers", str(path), "--nps", "nps", "--boot", "20"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if " 298 " in line)
    assert line.endswith("few without") and "low n" not in line
    assert ("'few without': fewer than 30 respondents do not mention it, too few to compare it with, not in the "
            "model.") in result.output


def test_few_without_names_only_the_themes_the_command_line_marks_few_without(tmp_path):
    """Review of left3: in 50 respondents with min_n=30, 'b' of 25 (marked "low n" by the command line and the
    report) was also named in attrs["few_without"] for its 25 without it; only 'a', of 35, is "few without"."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    touchpoints = ["a|b"] * 20 + ["a"] * 15 + ["b"] * 5 + ["c"] * 10
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": touchpoints,
                          "nps": np.random.default_rng(1).integers(0, 11, 50)})
    d = cxnlp.drivers(frame, "nps", n_boot=20, min_n=30)
    assert d.attrs["few_without"] == ("fewer than 30 of the 50 respondents do not mention 'a' (15 without it): too "
                                      "few to compare it with, so not in the model (no effect, rank or quadrant)")
    path = tmp_path / "few.csv"
    frame.to_csv(path, index=False)
    result = CliRunner().invoke(app, ["drivers", str(path), "--nps", "nps", "--boot", "20"])
    assert result.exit_code == 0, result.output
    marks = {line.split()[0]: line.split()[-1] for line in result.output.splitlines()
             if line.split()[:1] in (["a"], ["b"])}
    assert marks == {"a": "without", "b": "n"}


def test_few_without_names_a_theme_with_a_line_break_on_one_line():
    """Review of left3: attrs["few_without"], documented as one line, held a region "Norte\\nSur" as written, its
    line break and all; it is quoted as drivers' errors quote themes ('Norte\\\\nSur')."""
    region = np.array(["Norte\nSur"] * 290 + ["Este"] * 10, dtype=object)
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "cx_sentiment": "neutral", "region": region,
                          "nps": np.random.default_rng(3).integers(0, 11, 300)})
    note = cxnlp.drivers(frame, "nps", by="region", n_boot=20).attrs["few_without"]
    assert "\n" not in note and note.startswith("fewer than 30 of the 300 respondents do not mention 'Norte\\nSur' (10")


def test_a_small_baseline_of_a_theme_left_out_for_few_without_it_does_not_call_it_rare():
    """Review of left3: 't' in 290 of 300 comments, left out for its 10 without it, made a baseline of 10 that the
    error said was "only in touchpoints values with fewer than min_n=30 respondents ... 't' (10)"."""
    tp = ["a" if i < 10 else "a|t" if i < 150 else "b|t" if i < 290 else "t" for i in range(300)]
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": tp,
                          "nps": np.random.default_rng(2).integers(0, 11, 300)})
    with pytest.raises(DataError) as error:
        drivers(frame, "nps", n_boot=20)
    assert ("10 are only in touchpoints values with fewer than min_n=30 respondents, or fewer than min_n=30 without "
            "them, left out of the model: 't' (10)") in str(error.value) and "\n" not in str(error.value)
