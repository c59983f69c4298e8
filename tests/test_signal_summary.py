"""Signals in summaries and the report (docs/metrics.md section 3.7): effort, emotions, churn risk and
escalation by theme against hand-computed values, nothing new without signals, the partition merge,
the effort-CES correlation, and the report's "Señales" section (escaped, redacted, newest first)."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import cxnlp
from cxnlp import _partitions
from cxnlp.cli import app
from cxnlp.metrics import signals
from cxnlp.report import build_report
from cxnlp.report.sections_signals import READ_TODAY
from cxnlp.report.verbatims import pick_verbatims

from test_report import classified_survey  # tests/ is on sys.path under pytest

Z = 1.959963984540054
SIGNAL_COLUMNS = ["cx_effort", "cx_emotions", "cx_churn_risk", "cx_escalation"]
# What summarize wrote before signals existed (by touchpoints, one CES column): it must not move.
BEFORE = ["touchpoints", "theme", "label", "n", "share", "positive", "neutral", "negative", "mixed", "net_sentiment",
          "ces", "ces_low", "ces_high", "ces_n", "ces_blank", "ces_out_of_range", "ces_non_numeric", "ces_impact",
          "ces_impact_p", "ces_impact_significant", "below_min_n"]
NEW = ["effort_n", "effort_high", "effort_low", "ces_effort_high", "ces_effort_high_n", "ces_effort_other",
       "ces_effort_other_n", "emotions_n", "emotion_anger", "emotion_frustration", "emotion_disappointment",
       "emotion_worry", "emotion_confusion", "emotion_gratitude", "emotion_delight", "churn_risk_n", "churn_risk",
       "churn_risk_share", "escalation_n", "escalation", "escalation_share"]


def small_frame() -> pd.DataFrame:
    """Seven rows; the last two are not labelled, so their signals must not count."""
    return pd.DataFrame({
        "cx_status": ["ok", "ok", "ok", "ok", "ok", "empty", "not_spanish"],
        "cx_sentiment": ["negative", "negative", "positive", "mixed", "negative", None, None],
        "cx_touchpoints": ["delivery|support", "support", "app", "app|delivery", "delivery", None, None],
        "cx_effort": ["high", "high", "low", "none", "high", None, "high"],
        "cx_emotions": ["anger|frustration", "frustration", "gratitude", "", "worry", None, "anger"],
        "cx_churn_risk": ["yes", "no", "no", "no", "yes", None, "yes"],
        "cx_escalation": ["yes", "no", "no", "no", "no", None, "yes"],
        "ces": [1, 2, 7, 5, "", 6, 1],
    })


def test_signal_columns_by_theme_hand_computed():
    s = cxnlp.summarize(small_frame(), by="touchpoints", ces="ces", min_n=1)
    assert list(s.columns) == BEFORE + NEW
    rows = s.set_index("theme")
    # delivery: rows 0 (high, anger|frustration, churn, escalation), 3 (none, no emotion), 4 (high, worry, churn)
    d = rows.loc["delivery"]
    assert (d["effort_n"], d["emotions_n"], d["churn_risk_n"], d["escalation_n"]) == (3, 3, 3, 3)
    assert d["effort_high"] == pytest.approx(200 / 3) and d["effort_low"] == 0.0
    assert d["emotion_anger"] == d["emotion_frustration"] == d["emotion_worry"] == pytest.approx(100 / 3)
    assert d["emotion_gratitude"] == 0.0
    assert (d["churn_risk"], d["escalation"]) == (2, 1)
    assert d["churn_risk_share"] == pytest.approx(200 / 3) and d["escalation_share"] == pytest.approx(100 / 3)
    # CES of high-effort comments: row 0 answered 1, row 4 left it blank; the rest: row 3 answered 5.
    assert d[["ces_effort_high", "ces_effort_high_n", "ces_effort_other", "ces_effort_other_n"]].tolist() == [1, 1, 5, 1]
    # support: rows 0 and 1, both high effort, CES 1 and 2
    sup = rows.loc["support"]
    assert sup["effort_high"] == 100.0 and sup["emotion_frustration"] == 100.0 and sup["emotion_anger"] == 50.0
    assert (sup["ces_effort_high"], sup["ces_effort_high_n"], sup["ces_effort_other_n"]) == (1.5, 2, 0)
    assert math.isnan(sup["ces_effort_other"])
    # app: rows 2 (low, gratitude) and 3 (none)
    app_ = rows.loc["app"]
    assert (app_["effort_high"], app_["effort_low"], app_["emotion_gratitude"], app_["churn_risk"]) == (0, 50, 50, 0)
    assert s["churn_risk"].dtype == np.int64 and s["effort_n"].dtype == np.int64

    found = s.attrs["signals"]
    assert found["effort"] == {"column": "cx_effort", "n": 5, "high": 3, "low": 1}
    assert found["churn_risk"]["yes"] == 2 and found["escalation"]["yes"] == 1  # the not_spanish row is out
    assert found["emotions"]["counts"] == {"anger": 1, "frustration": 2, "disappointment": 0, "worry": 1,
                                           "confusion": 0, "gratitude": 1, "delight": 0}


def test_a_users_own_emotion_gets_a_column_after_the_schemas():
    frame = small_frame().assign(cx_emotions=["nostalgia", "", "gratitude|nostalgia", "", "", None, None])
    s = cxnlp.summarize(frame, by=None)
    assert [c for c in s.columns if c.startswith("emotion_")][-1] == "emotion_nostalgia"
    assert s.loc[0, "emotion_nostalgia"] == pytest.approx(40.0)  # 2 of the 5 labelled comments


@pytest.mark.parametrize("empty", [None, np.nan, pd.NA])
@pytest.mark.parametrize(("by", "extra"), [("touchpoints", {}), (None, {}), ("touchpoints×sentiment", {}),
                                           ("Región", {"period": "month"})])
def test_nothing_changes_without_signal_values(empty, by, extra):
    survey = classified_survey()
    before = cxnlp.summarize(survey, by=by, nps="NPS", ces="CES", **extra)
    assert not set(SIGNAL_COLUMNS) & set(survey.columns)
    dtype = "string" if empty is pd.NA else object
    blank = survey.assign(**{c: pd.Series([empty] * len(survey), dtype=dtype) for c in SIGNAL_COLUMNS})
    after = cxnlp.summarize(blank, by=by, nps="NPS", ces="CES", **extra)
    pd.testing.assert_frame_equal(after, before)
    assert after.attrs == before.attrs and "signals" not in after.attrs


def test_signals_only_add_columns_after_the_existing_ones():
    survey = classified_survey()
    before = cxnlp.summarize(survey, nps="NPS", ces="CES", min_n=5)
    after = cxnlp.summarize(with_signals(survey), nps="NPS", ces="CES", min_n=5)
    assert list(after.columns[:len(before.columns)]) == list(before.columns)
    pd.testing.assert_frame_equal(after[list(before.columns)], before)
    assert {k: v for k, v in after.attrs.items() if k != "signals"} == before.attrs
    # A model without one signal (emotions not learnt): that signal adds nothing.
    partial = cxnlp.summarize(with_signals(survey).assign(cx_emotions=None), nps="NPS", min_n=5)
    assert "emotions_n" not in partial and "emotions" not in partial.attrs["signals"] and "effort_n" in partial


def with_signals(frame: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """``frame`` with random signals on its labelled rows, effort tied to the CES answer."""
    rng = np.random.default_rng(seed)
    ok = (frame["cx_status"] == "ok").to_numpy()
    ces = pd.to_numeric(frame["CES"].str.replace(",", "."), errors="coerce").fillna(4).to_numpy()
    p_high = np.clip((7 - ces) / 8, 0.05, 0.9)
    u = rng.random(len(frame))
    effort = np.where(u < p_high, "high", np.where(u > 0.8, "low", "none"))
    emotions = rng.choice(["", "anger", "frustration|anger", "gratitude", "worry", "delight|gratitude"], len(frame))
    return frame.assign(cx_effort=np.where(ok, effort, None), cx_emotions=np.where(ok, emotions, None),
                        cx_churn_risk=np.where(ok, rng.choice(["yes", "no"], len(frame), p=[0.1, 0.9]), None),
                        cx_escalation=np.where(ok, rng.choice(["yes", "no"], len(frame), p=[0.05, 0.95]), None))


@pytest.mark.parametrize(("by", "extra"), [("touchpoints", {}), ("areas×sentiment", {}), (None, {"period": "week"}),
                                           ("Región", {"period": "month", "min_n": 5})])
def test_partition_sums_merge_to_summarize(by, extra):
    # What the Dask and Spark back ends do, on pandas chunks: partial sums per chunk, merged, finished.
    frame = with_signals(classified_survey(n=400, seed=5), seed=1)
    frame["cx_escalation"] = frame["cx_escalation"].astype("string")  # distributed output is typed
    args = dict(by=by, nps="NPS", ces="CES", **extra)
    want = cxnlp.summarize(frame, **args)
    plan = _partitions.plan_summary(frame.columns, **args)
    if _partitions.needs_date_votes(plan):
        votes = pd.concat([_partitions.date_votes(frame.iloc[i:i + 150], plan) for i in (0, 150, 300)]).sum()
        plan = _partitions.decide_dayfirst(plan, votes["only_day"], votes["only_month"])
    parts = [_partitions.partial_sums(frame.iloc[i:i + 70][list(plan.columns)], plan) for i in range(0, len(frame), 70)]
    got = _partitions.finish_summary(pd.concat(parts), plan)
    assert "effort_high" in got and "ces_effort_high" in got
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)
    assert got.attrs == want.attrs


def test_dask_summarize_with_signals_equals_summarize():
    dd = pytest.importorskip("dask.dataframe")
    import cxnlp.dask as cxd

    frame = with_signals(classified_survey(n=300, seed=2), seed=4)
    want = cxnlp.summarize(frame, nps="NPS", ces="CES", min_n=5)
    got = cxd.summarize(dd.from_pandas(frame, npartitions=4), nps="NPS", ces="CES", min_n=5)
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)
    assert got.attrs == want.attrs


# -- effort against CES -------------------------------------------------------------------------
def planted(n: int, rho_effect: float, seed: int) -> pd.DataFrame:
    """Effort drawn per row; the CES answer (1-7) falls by ``rho_effect`` points per step of effort."""
    rng = np.random.default_rng(seed)
    effort = rng.choice(["high", "none", "low"], n, p=[0.3, 0.5, 0.2])
    score = pd.Series(effort).map(signals.EFFORT_SCORES).to_numpy()
    ces = np.clip(np.rint(4.5 - rho_effect * score + rng.normal(0, 1.3, n)), 1, 7)
    return pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "cx_effort": effort, "ces": ces})


def test_effort_ces_correlation_on_a_planted_frame():
    from scipy.stats import spearmanr

    frame = planted(600, 1.5, seed=11)
    frame["ces"] = frame["ces"].astype(object)
    frame.loc[:9, "ces"] = [np.nan, "", "n/a", 9, 0, np.nan, np.nan, np.nan, np.nan, np.nan]  # excluded
    frame.loc[10:14, "cx_status"] = "empty"  # no comment: left out
    corr = cxnlp.summarize(frame, by=None, ces="ces").attrs["signals"]["effort_ces"]
    used = frame.iloc[15:]
    expected = spearmanr(used["cx_effort"].map(signals.EFFORT_SCORES), used["ces"].astype(float))
    assert corr["n"] == len(used) == 585
    assert corr["rho"] == pytest.approx(expected.statistic, abs=1e-12)
    assert corr["rho"] < -0.4  # more effort, lower CES: the planted effect
    z, se = np.arctanh(corr["rho"]), math.sqrt((1 + corr["rho"] ** 2 / 2) / (585 - 3))
    assert (corr["low"], corr["high"]) == pytest.approx((math.tanh(z - Z * se), math.tanh(z + Z * se)))
    assert corr["column"] == "ces" and corr["method"] == "spearman"


def test_effort_ces_correlation_edge_cases():
    rho, n = signals.spearman_from_counts([1, 0, -1], [5, 5, 5], [3, 4, 2])  # CES does not vary
    assert n == 9 and math.isnan(rho)
    assert signals.spearman_interval(0.5, 3) != signals.spearman_interval(0.5, 3)  # NaN pair with n <= 3
    assert signals.spearman_from_counts([1, -1], [1, 7], [10, 10]) == (-1.0, 20)
    # Without a CES column, or without effort, there is no correlation.
    assert "effort_ces" not in cxnlp.summarize(planted(50, 1, 0), by=None).attrs["signals"]
    assert "signals" not in cxnlp.summarize(planted(50, 1, 0).drop(columns="cx_effort"), by=None, ces="ces").attrs


def test_a_rho_of_one_has_no_interval_and_says_why():
    """A perfect rank correlation got the interval [-1, -1] (Fisher's z is infinite there), a certainty that ten
    comments cannot give: it has none now, as 3 comments or fewer have none, and the command line and the report
    say why."""
    from cxnlp.cli.metrics import effort_ces_line

    assert all(math.isnan(v) for v in signals.spearman_interval(1.0, 50) + signals.spearman_interval(-1.0, 10))
    low, high = signals.spearman_interval(0.5, 10)  # by hand: atanh(0.5) -/+ 1.959964 * sqrt(1.125 / 7)
    se = math.sqrt((1 + 0.5**2 / 2) / 7)
    assert (low, high) == pytest.approx((math.tanh(math.atanh(0.5) - Z * se), math.tanh(math.atanh(0.5) + Z * se)))
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "negative", "cx_touchpoints": "delivery",
                          "cx_effort": ["high", "none", "low"] * 4, "ces": [1, 4, 7] * 4})
    corr = cxnlp.summarize(frame, ces="ces", by=None).attrs["signals"]["effort_ces"]
    assert (corr["rho"], corr["n"]) == (-1.0, 12) and math.isnan(corr["low"]) and math.isnan(corr["high"])
    assert effort_ces_line(corr).endswith("rho -1.00 (no interval for a rho of -1 or 1: Fisher's z is infinite "
                                          "there), n = 12 (high effort 1, none 0, low -1).")
    html = build_report(frame, ces="ces", lang="en", key_drivers=False, period=None)
    assert "<b>−1.00</b> (no 95% CI for a correlation of −1 or 1, where Fisher's z is infinite; n = 12)" in html
    assert "CI: – to –" not in html


def test_effort_ces_interval_covers_the_population_rho():
    # 400 samples of 120 rows from one population (with ties): the 95% interval should cover its rho.
    population = planted(200_000, 0.6, seed=1)
    truth = signals.spearman_from_counts(population["cx_effort"].map(signals.EFFORT_SCORES), population["ces"],
                                         np.ones(len(population)))[0]
    rng = np.random.default_rng(7)
    covered = 0
    for _ in range(400):
        sample = population.iloc[rng.integers(0, len(population), 120)]
        table = sample.groupby(["cx_effort", "ces"]).size()
        rho, n = signals.spearman_from_counts(table.index.get_level_values(0).map(signals.EFFORT_SCORES),
                                              table.index.get_level_values(1), table.to_numpy())
        low, high = signals.spearman_interval(rho, n)
        covered += low <= truth <= high
    assert 0.92 <= covered / 400 <= 0.98, covered


# -- the report ---------------------------------------------------------------------------------
HOSTILE = ("Soy Andrea Gómez, escríbanme a ana.perez@example.com o al 612 345 678. "
           "<script>alert(1)</script> Os denuncio en la OCU & en redes")


@pytest.fixture(scope="module")
def signal_survey() -> pd.DataFrame:
    frame = with_signals(classified_survey(), seed=3)
    first = frame.index[frame["cx_status"] == "ok"][0]
    frame.loc[first, ["Comentario", "cx_escalation"]] = [HOSTILE, "yes"]
    return frame


def test_report_signals_section(signal_survey):
    html = build_report(signal_survey, nps="NPS", ces="CES", min_n=20)
    section = re.search(r'<section id="signals">(.*?)</section>', html, re.S).group(1)
    assert "Señales" in section and "Esfuerzo alto" in section and "CES con esfuerzo alto" in section
    assert "Emociones por tema" in section and "Enfado" in section and "Para leer hoy" in section
    corr = cxnlp.summarize(signal_survey, nps="NPS", ces="CES").attrs["signals"]["effort_ces"]
    assert f"<b>{corr['rho']:+.2f}</b>".replace(".", ",").replace("-", "\u2212") in section
    assert "Señales</b>" in re.search(r'<section id="method">(.*?)</section>', html, re.S).group(1)
    english = build_report(signal_survey, nps="NPS", ces="CES", min_n=20, lang="en")
    assert "To read today" in english and "High effort" in english and "Para leer" not in english


def test_summarize_prints_no_nan_for_a_theme_without_effort(tmp_path):
    path = tmp_path / "clasificada.csv"
    n = 40
    pd.DataFrame({"cx_status": ["ok"] * n + ["empty"] * n, "cx_touchpoints": ["app"] * n + [None] * n,
                  "cx_sentiment": ["positive"] * n + [None] * n, "cx_effort": ["high"] * n + [None] * n,
                  "region": ["norte"] * n + ["sur"] * n, "nps": 9}).to_csv(path, index=False)
    result = CliRunner().invoke(app, ["summarize", str(path), "--by", "region", "--nps", "nps"])
    assert result.exit_code == 0, result.output
    # 'sur' has no comment, so no effort value: its effort_high% printed NaN
    assert "NaN" not in result.output and "effort_high%" in result.output and "100.0" in result.output


def test_report_signals_show_an_agree_ces_by_effort_as_a_percentage(signal_survey):
    """With ces_method="agree" the CES of high-effort comments is a %: shown as "14,9" it read as a mean on 1-7."""
    html = build_report(signal_survey, nps="NPS", ces="CES", ces_method="agree", min_n=20)
    section = re.search(r'<section id="signals">(.*?)</section>', html, re.S).group(1)
    s = cxnlp.summarize(signal_survey, nps="NPS", ces="CES", ces_method="agree")
    value = s.loc[s["ces_effort_high_n"] > 0, "ces_effort_high"].iloc[0]
    assert f"{value:.1f}".replace(".", ",") + "\u00a0%" in section
    assert "las respuestas con las que se calcula cada valor" in section


def test_report_escalation_comments_are_escaped_and_redacted(signal_survey):
    html = build_report(signal_survey, nps="NPS", ces="CES", min_n=20)
    quotes = re.findall(r'<figure class="quote [a-z]+ to-read"><blockquote lang="es">(.*?)</blockquote>\n'
                        r'<figcaption lang="es">(.*?)</figcaption>',
                        re.search(r'id="to-read">(.*?)</section>', html, re.S).group(1), re.S)
    hostile = [q for q, _ in quotes if "OCU" in q]
    assert len(hostile) == 1
    assert hostile[0] == ("Soy [NOMBRE], escríbanme a [EMAIL] o al [TELÉFONO]. "
                          "&lt;script&gt;alert(1)&lt;/script&gt; Os denuncio en la OCU &amp; en redes")
    assert "Andrea" not in html and "ana.perez" not in html and "<script>alert" not in html
    # Every escalation comes first, then the churn-risk ones; newest first within each.
    n_escalation = int((signal_survey["cx_escalation"] == "yes").sum())
    tags = [footer for _, footer in quotes]
    assert all(t.startswith("Amenaza de escalar") for t in tags[:n_escalation])
    assert not any(t.startswith("Amenaza de escalar") for t in tags[n_escalation:])
    months = {"jul": 7, "ago": 8, "sep": 9}  # the survey's dates run from July to September 2024
    dates = [(int(y), months[m], int(d)) for d, m, y in (re.search(r"(\d{1,2}) ([a-z]{3}) (\d{4})", t).groups()
                                                          for t in tags)]
    for part in (dates[:n_escalation], dates[n_escalation:]):
        assert part == sorted(part, reverse=True)
    unredacted = build_report(signal_survey, nps="NPS", min_n=20, redact=False)
    assert "Soy Andrea Gómez" in unredacted and "<script>alert" not in unredacted


def test_report_lists_at_most_read_today_and_counts_the_rest(signal_survey):
    frame = signal_survey.assign(cx_churn_risk=np.where(signal_survey["cx_status"] == "ok", "yes", None))
    flagged = int((frame["cx_status"] == "ok").sum())
    html = build_report(frame, nps="NPS", min_n=20)
    assert html.count(' to-read"><blockquote lang="es">') == READ_TODAY < flagged
    assert f"Y {flagged - READ_TODAY} más" in html


def test_comments_to_read_of_one_day_are_the_same_for_the_rows_in_any_order():
    """Hunt repro2: escalations of one day were listed in the file's order, and only the first READ_TODAY of them:
    the same rows in another order gave a report with other comments to read. Within a day, by the comment's text."""
    n = READ_TODAY + 20
    frame = pd.DataFrame({"Comentario": [f"Voy a denunciarlos, pedido {i}" for i in range(n)],
                          "fecha": ["2024-07-01"] * (n - 2) + ["2024-07-02", "2024-07-02"], "cx_status": "ok",
                          "cx_sentiment": "negative", "cx_touchpoints": "delivery", "cx_escalation": "yes",
                          "cx_churn_risk": "no", "nps": [0, 5, 9, 10] * (n // 4) + [0] * (n % 4)})

    def to_read(rows):
        html = build_report(rows, nps="nps", date="fecha", min_n=1)
        return re.findall(r' to-read"><blockquote lang="es">(.*?)</blockquote>', html)

    listed = to_read(frame)
    assert listed == to_read(frame.iloc[::-1]) == to_read(frame.sample(frac=1, random_state=1))
    # newest first: the two of 2 July, then those of 1 July
    assert sorted(listed[:2]) == ["Voy a denunciarlos, pedido 68", "Voy a denunciarlos, pedido 69"]
    assert len(listed) == READ_TODAY and not set(listed[:2]) & set(listed[2:])


def test_comments_to_read_of_one_day_are_not_the_first_in_alphabetical_order():
    """Review of repro2: of one day's escalations, those listed were the first in alphabetical (code point) order:
    every one that starts with a digit or "A" before any that opens with "¡" or a lower-case letter. They are
    ordered by a checksum of their text, the same for the rows in any order."""
    comments = [f"A{i} no me devuelven el dinero, voy a denunciarlos" for i in range(30)]
    comments += [f"¡voy a denunciarlos! el pedido {i} nunca llegó" for i in range(30)]
    frame = pd.DataFrame({"Comentario": comments, "fecha": "2024-07-01", "cx_status": "ok",
                          "cx_sentiment": "negative", "cx_touchpoints": "delivery", "cx_escalation": "yes",
                          "cx_churn_risk": "no", "nps": [0, 5, 9, 10] * 15})

    def to_read(rows):
        html = build_report(rows, nps="nps", date="fecha", min_n=1)
        return re.findall(r' to-read"><blockquote lang="es">(.*?)</blockquote>', html)

    listed = to_read(frame)
    assert listed == to_read(frame.iloc[::-1])
    assert any(comment.startswith("¡") for comment in listed[:30]), listed[:30]


def test_comments_to_read_of_one_day_cost_no_copy_of_every_comment_at_the_length_of_the_longest():
    """Review of repro2: ordering the comments of one day by their text put every flagged comment in a fixed-width
    numpy array as wide as the longest, so 300 escalations of which one is 200,000 characters long took 240 MB
    (gigabytes on a real export) and seconds; they are read as Python strings, only those that can be listed."""
    import tracemalloc

    n = 300
    comments = [f"Voy a denunciarlos, pedido {i}" for i in range(n)]
    comments[7] = "Voy a denunciarlos " + "muy " * 50_000
    frame = pd.DataFrame({"Comentario": comments, "fecha": "2024-07-01", "cx_status": "ok",
                          "cx_sentiment": "negative", "cx_touchpoints": "delivery", "cx_escalation": "yes",
                          "cx_churn_risk": "no", "nps": [0, 5, 9, 10] * (n // 4)})
    tracemalloc.start()
    try:
        html = build_report(frame, nps="nps", date="fecha", min_n=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert html.count(' to-read"><blockquote') == READ_TODAY
    assert peak < 120_000_000, peak


def test_report_without_signals_has_no_signals_section():
    survey = classified_survey()
    assert 'id="signals"' not in build_report(survey, nps="NPS", min_n=20)
    blank = survey.assign(**{c: None for c in SIGNAL_COLUMNS})
    assert 'id="signals"' not in build_report(blank, nps="NPS", min_n=20)


def test_cli_summary_shows_signals(signal_survey, tmp_path):
    path = tmp_path / "clasificada.csv"
    signal_survey.to_csv(path, index=False)
    result = CliRunner().invoke(app, ["summarize", str(path), "--ces", "CES", "--min-n", "20"])
    assert result.exit_code == 0, result.output
    assert "effort_high%" in result.output and "churn" in result.output and "escal" in result.output
    assert re.search(r"(anger|frustration|gratitude|worry|delight) \d+%, ", result.output)
    assert "Effort vs CES (CES): Spearman rho " in result.output


def test_a_spreadsheets_empty_emotion_cells_are_comments_without_emotion(tmp_path):
    """XLSX gives an empty cx_emotions cell back as missing: those comments dropped out of the emotion shares
    (frustration read 51% of a theme instead of 14%). The same survey as CSV and as XLSX summarises alike."""
    from cxnlp.io import read_table, write_table

    survey = with_signals(classified_survey())
    write_table(survey, tmp_path / "c.csv")
    write_table(survey, tmp_path / "c.xlsx")
    from_csv = cxnlp.summarize(read_table(tmp_path / "c.csv"), nps="NPS", min_n=5)
    from_xlsx = cxnlp.summarize(read_table(tmp_path / "c.xlsx"), nps="NPS", min_n=5)
    columns = [c for c in from_csv.columns if c.startswith(("emotion", "emotions"))]
    assert columns and from_xlsx.attrs["signals"]["emotions"]["n"] == from_csv.attrs["signals"]["emotions"]["n"]
    pd.testing.assert_frame_equal(from_xlsx[columns], from_csv[columns])


# -- reading the signal cells of a classified file as training reads them -----------------------
SMALL_CHURN = {"column": "cx_churn_risk", "n": 5, "yes": 2}  # small_frame(): rows 0 and 4 of five labelled


@pytest.mark.parametrize(("yes", "no"), [("sí", "no"), ("Sí", "NO"), ("True", "False"), ("VERDADERO", "FALSO"),
                                         ("1", "0"), (" yes ", "no"), (True, False), (1, 0), (1.0, 0.0)])
def test_flags_are_read_with_the_vocabulary_of_training(yes, no):
    """Training reads 'sí', 'true', '1' as yes (labelled.py); the summary read only yes/no: 'sí' counted as no
    (churn 0 of 592) and True/False, VERDADERO/FALSO or 1/0 made the signal disappear."""
    frame = small_frame()
    frame["cx_churn_risk"] = frame["cx_churn_risk"].map({"yes": yes, "no": no}).astype(object)
    assert cxnlp.summarize(frame, by=None).attrs["signals"]["churn_risk"] == SMALL_CHURN


def test_training_and_summaries_share_one_flag_vocabulary():
    from cxnlp.columns import FALSE_WORDS, TRUE_WORDS
    from cxnlp._label_cells import flag_cell as _flag_cell

    for word in TRUE_WORDS | FALSE_WORDS:
        flag, errors, _, _ = _flag_cell(word.upper(), "churn_risk")
        assert flag == ("yes" if word in TRUE_WORDS else "no")
        assert signals._read_flag(word.upper()) is (word in TRUE_WORDS)
        assert not errors


def test_unreadable_flag_cells_are_counted_and_said_not_read_as_no(tmp_path):
    frame = small_frame()
    frame.loc[1, "cx_churn_risk"] = "quizás"  # a labelled row: left out of n, counted as unreadable
    frame.loc[6, "cx_churn_risk"] = "quizás"  # not labelled: not counted at all
    found = cxnlp.summarize(frame, by=None).attrs["signals"]
    assert found["churn_risk"] == {"column": "cx_churn_risk", "n": 4, "unreadable": 1, "yes": 2}
    assert "unreadable" not in found["escalation"]
    # A column with no readable cell is kept, with its count, rather than dropped without a word.
    nothing = cxnlp.summarize(small_frame().assign(cx_escalation="tal vez"), by=None).attrs["signals"]
    assert nothing["escalation"] == {"column": "cx_escalation", "n": 0, "unreadable": 5, "yes": 0}
    path = tmp_path / "c.csv"
    frame.to_csv(path, index=False)
    result = CliRunner().invoke(app, ["summarize", str(path), "--by", "touchpoints", "--min-n", "1"])
    assert result.exit_code == 0, result.output
    assert ("churn_risk (cx_churn_risk): 1 cell is not yes or no (sí/no, true/false, verdadero/falso, 1/0); "
            "left out of its counts.") in result.output
    html = build_report(frame, min_n=1, period=None)
    assert "Celdas que no se pudieron leer, fuera de los recuentos: 1 (cx_churn_risk)." in html


def test_boolean_flags_summarise_alike_from_csv_and_xlsx(tmp_path):
    """A CSV gives True/False back as text, an XLSX as booleans: the CSV lost the signal, the XLSX kept it."""
    from cxnlp.io import read_table, write_table

    survey = with_signals(classified_survey())
    survey["cx_churn_risk"] = survey["cx_churn_risk"].map({"yes": True, "no": False})
    write_table(survey, tmp_path / "c.csv")
    write_table(survey, tmp_path / "c.xlsx")
    want = cxnlp.summarize(survey, nps="NPS", min_n=5).attrs["signals"]["churn_risk"]
    assert want["n"] == (survey["cx_status"] == "ok").sum() and want["yes"] == survey["cx_churn_risk"].eq(True).sum()
    for name in ("c.csv", "c.xlsx"):
        assert cxnlp.summarize(read_table(tmp_path / name), nps="NPS", min_n=5).attrs["signals"]["churn_risk"] == want


def test_effort_is_read_whatever_its_case_and_spaces():
    frame = small_frame()
    want = cxnlp.summarize(frame, by="touchpoints", ces="ces", min_n=1)
    frame["cx_effort"] = frame["cx_effort"].map({"high": "High", "low": " LOW", "none": "None "}, na_action="ignore")
    got = cxnlp.summarize(frame, by="touchpoints", ces="ces", min_n=1)
    assert got.attrs["signals"]["effort"] == {"column": "cx_effort", "n": 5, "high": 3, "low": 1}
    assert got.attrs["signals"]["effort_ces"]["n"] == 4
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs == want.attrs


#: cx_sentiment as a person or another tool may write it: every variant was a sentiment of its own.
SHOUTED = {"positive": "Positive", "negative": " NEGATIVE", "neutral": "Neutral ", "mixed": "MIXED"}


def test_sentiment_is_read_whatever_its_case_and_spaces():
    frame = classified_survey(n=200, seed=3)
    want = cxnlp.summarize(frame, by="touchpoints", nps="NPS")
    frame["cx_sentiment"] = frame["cx_sentiment"].map(SHOUTED, na_action="ignore")
    got = cxnlp.summarize(frame, by="touchpoints", nps="NPS")
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs == want.attrs
    # the Dask and Spark back ends: partial sums per chunk, merged
    plan = _partitions.plan_summary(frame.columns, by="touchpoints", nps="NPS")
    parts = [_partitions.partial_sums(frame.iloc[i:i + 70][list(plan.columns)], plan) for i in range(0, len(frame), 70)]
    pd.testing.assert_frame_equal(_partitions.finish_summary(pd.concat(parts), plan), want, check_exact=False,
                                  rtol=1e-9)
    # changes' net sentiment, and the report's quotes
    two = frame.assign(Fecha=np.where(np.arange(200) < 100, "15/01/2024", "15/04/2024"))
    want_changes = cxnlp.changes(two.assign(cx_sentiment=two["cx_sentiment"].str.strip().str.lower()), "quarter")
    pd.testing.assert_frame_equal(cxnlp.changes(two, "quarter"), want_changes)
    assert "net_sentiment" in set(want_changes["measure"])
    quotes = pick_verbatims(frame, ["touchpoints"], pd.Series({"touchpoints": "delivery"}), "negative", "Comentario")
    assert [quote["sentiment"] for quote in quotes] == ["negative"] * 3


def test_a_theme_of_sentiment_is_read_whatever_its_case_and_spaces():
    """--by sentiment kept the cell as written: "Positive" and "positive" were two themes, neither translated."""
    frame = classified_survey(n=200, seed=3)
    shouted = frame.assign(cx_sentiment=frame["cx_sentiment"].map(SHOUTED, na_action="ignore"))
    half = frame.assign(cx_sentiment=np.where(np.arange(200) % 2, shouted["cx_sentiment"], frame["cx_sentiment"]))
    for by in ("sentiment", "touchpoints×sentiment"):
        want = cxnlp.summarize(frame, by=by, nps="NPS", min_n=1)
        got = cxnlp.summarize(half, by=by, nps="NPS", min_n=1)
        pd.testing.assert_frame_equal(got, want)
        plan = _partitions.plan_summary(half.columns, by=by, nps="NPS", min_n=1)
        parts = [_partitions.partial_sums(half.iloc[i:i + 70][list(plan.columns)], plan) for i in range(0, 200, 70)]
        pd.testing.assert_frame_equal(_partitions.finish_summary(pd.concat(parts), plan), want, check_exact=False,
                                      rtol=1e-9)
    assert "Negativo" in set(cxnlp.summarize(half, by="sentiment", nps="NPS")["label"])
    dated = {"Fecha": np.where(np.arange(200) < 100, "15/01/2024", "15/04/2024")}
    pd.testing.assert_frame_equal(cxnlp.changes(half.assign(**dated), "quarter", by="sentiment"),
                                  cxnlp.changes(frame.assign(**dated), "quarter", by="sentiment"))
    quotes = pick_verbatims(half, ["sentiment"], pd.Series({"sentiment": "negative"}), "negative", "Comentario")
    assert [quote["sentiment"] for quote in quotes] == ["negative"] * 3


def test_sentiment_themes_are_read_whatever_their_case_and_spaces():
    """By sentiment, 'Positive' and ' NEGATIVE' were themes of their own beside positive and negative (each with
    half the rows), in summarize, drivers, changes and the partition merge alike."""
    frame = classified_survey(n=200, seed=3)
    shouted = frame.assign(cx_sentiment=frame["cx_sentiment"].map(SHOUTED, na_action="ignore"))
    by = "touchpoints×sentiment"
    want = cxnlp.summarize(frame, by=by, nps="NPS")
    got = cxnlp.summarize(shouted, by=by, nps="NPS")
    pd.testing.assert_frame_equal(got, want)
    assert list(cxnlp.summarize(shouted, by="sentiment")["theme"]) == ["negative", "positive", "mixed"]
    plan = _partitions.plan_summary(shouted.columns, by=by, nps="NPS")
    parts = [_partitions.partial_sums(shouted.iloc[i:i + 70][list(plan.columns)], plan) for i in range(0, 200, 70)]
    pd.testing.assert_frame_equal(_partitions.finish_summary(pd.concat(parts), plan), want, check_exact=False,
                                  rtol=1e-9)
    pd.testing.assert_frame_equal(cxnlp.drivers(shouted, "NPS", by=by, n_boot=50),
                                  cxnlp.drivers(frame, "NPS", by=by, n_boot=50))
    two = np.where(np.arange(200) < 100, "15/01/2024", "15/04/2024")
    pd.testing.assert_frame_equal(cxnlp.changes(shouted.assign(Fecha=two), "quarter", by="sentiment"),
                                  cxnlp.changes(frame.assign(Fecha=two), "quarter", by="sentiment"))
    quotes = pick_verbatims(shouted, ["sentiment"], pd.Series({"sentiment": "negative"}), "negative", "Comentario")
    assert len(quotes) == 3 and [quote["sentiment"] for quote in quotes] == ["negative"] * 3


@pytest.mark.parametrize("cells", [
    ["Anger, Frustration", "frustration", "GRATITUDE", "", " worry ", None, "anger"],
    ["anger;frustration", "Frustration", "gratitude", "", "worry", None, "anger"],
    [["anger", "frustration"], ["frustration"], ["gratitude"], [], ["worry"], None, ["anger"]],
    [("anger", "frustration"), ("frustration",), ("gratitude",), (), ("worry",), None, ("anger",)],
    # a list cell saved to CSV, or turned to text by Dask: "['anger']" was an emotion of its own
    ["['anger', 'frustration']", "['frustration']", '["gratitude"]', "[]", "('worry',)", None, "['anger']"],
    [np.array(["anger", "frustration"]), np.array(["frustration"]), np.array(["gratitude"]), np.array([], dtype=str),
     np.array(["worry"]), None, np.array(["anger"])],
    # an array as text (Dask's strings of a Parquet list column read by pandas): "['anger' 'frustration']" was one
    # made-up emotion
    ["['anger' 'frustration']", "['frustration']", "['gratitude']", "[]", "['worry']", None, "['anger']"],
])
def test_emotions_are_read_whatever_their_separator_case_or_form(cells):
    """', ' and ';' joined emotions were made-up emotions ('anger, frustration'), capitals a second 'Anger'; a list
    cell (the service's and ``Classification.emotions``' form) crashed with 'unhashable type', a tuple was dropped."""
    frame = small_frame()
    want = cxnlp.summarize(frame, by="touchpoints", min_n=1)
    got = cxnlp.summarize(frame.assign(cx_emotions=pd.Series(cells, dtype=object)), by="touchpoints", min_n=1)
    assert got.attrs["signals"]["emotions"] == want.attrs["signals"]["emotions"]
    pd.testing.assert_frame_equal(got, want)


def test_emotions_and_effort_written_by_their_display_names_are_read_as_their_ids():
    """A hand-edited export holds 'Frustración' and 'Esfuerzo alto', as summaries read 'Aplicación móvil' as app: each
    was a made-up label of its own, and the report's emotions table showed "frustración" beside "Frustración"."""
    frame = small_frame()
    want = cxnlp.summarize(frame, by="touchpoints", ces="ces", min_n=1)
    named = frame.assign(cx_emotions=["Enfado|frustración", "FRUSTRACIÓN", "Gratitud", "", "Preocupación", None, "anger"],
                         cx_effort=["Esfuerzo alto", "esfuerzo alto", "Esfuerzo bajo", "Sin señal de esfuerzo",
                                    "high", None, "high"])
    got = cxnlp.summarize(named, by="touchpoints", ces="ces", min_n=1)
    assert got.attrs["signals"]["emotions"] == want.attrs["signals"]["emotions"]
    assert got.attrs["signals"]["effort"] == want.attrs["signals"]["effort"]
    pd.testing.assert_frame_equal(got, want)


def test_emotion_arrays_of_a_jsonl_file_are_read(tmp_path):
    from cxnlp.io import read_table

    frame = small_frame()
    frame["cx_emotions"] = [(v.split("|") if v else []) if isinstance(v, str) else None for v in frame["cx_emotions"]]
    frame.to_json(tmp_path / "c.jsonl", orient="records", lines=True, force_ascii=False)
    got = cxnlp.summarize(read_table(tmp_path / "c.jsonl"), by=None)
    assert got.attrs["signals"]["emotions"]["counts"] == {"anger": 1, "frustration": 2, "disappointment": 0,
                                                          "worry": 1, "confusion": 0, "gratitude": 1, "delight": 0}


def test_effort_written_as_a_number_is_unreadable_whatever_the_reader():
    """A number as effort (2, or "2" from a CSV or from Dask's strings) is no effort label: the int was unreadable
    but the text "2" counted as an effort level of its own, so Dask and pandas disagreed."""
    frame = small_frame()
    want = cxnlp.summarize(frame.assign(cx_effort=frame["cx_effort"].map({"high": 2, "low": 0, "none": 1})),
                           by="touchpoints", min_n=1).attrs["signals"]
    got = cxnlp.summarize(frame.assign(cx_effort=frame["cx_effort"].map({"high": "2", "low": "0", "none": "1"})),
                          by="touchpoints", min_n=1).attrs["signals"]
    assert got["effort"] == want["effort"] and got["effort"]["n"] == 0 and got["effort"]["unreadable"] == 5


def test_dask_and_pandas_read_list_emotions_and_number_efforts_alike():
    dd = pytest.importorskip("dask.dataframe")
    import cxnlp.dask as cxd

    frame = small_frame()
    frame["cx_emotions"] = pd.Series([(v.split("|") if v else []) if isinstance(v, str) else None
                                      for v in frame["cx_emotions"]], dtype=object)
    frame["cx_effort"] = pd.Series([3, *frame["cx_effort"].iloc[1:]], index=frame.index, dtype=object)
    want = cxnlp.summarize(frame, by="touchpoints", min_n=1)
    got = cxd.summarize(dd.from_pandas(frame, npartitions=2), by="touchpoints", min_n=1)
    assert got.attrs["signals"] == want.attrs["signals"]


def test_categorical_signal_columns_with_blanks_are_read_as_text():
    # A Parquet file written from category columns: the blank emotions of labelled rows failed to become "" (no
    # emotion) with "Cannot setitem on a Categorical with a new category".
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "negative", "cx_touchpoints": ["app", "delivery"] * 3,
                          "cx_effort": "none", "cx_emotions": ["anger", None, "anger|worry", None, "worry", None],
                          "nps": [1, 2, 3, 4, 5, 6]})
    categorical = frame.astype({"cx_emotions": "category", "cx_touchpoints": "category"})
    expected = cxnlp.summarize(frame, nps="nps", min_n=1)
    pd.testing.assert_frame_equal(cxnlp.summarize(categorical, nps="nps", min_n=1), expected, check_dtype=False,
                                  check_categorical=False)


def test_arrow_signal_columns_with_null_cells_are_read_as_numpy_ones(tmp_path):
    """A Parquet file read with dtype_backend="pyarrow": the null emotion lists of labelled rows (comments with no
    emotion) could not become "" in an Arrow list column, and summarize and the report stopped with pyarrow's
    ValueError. Null effort, flag and emotion cells read as the same file read by NumPy does."""
    frame = pd.DataFrame({"fecha": ["2024-11-05", "2024-12-05"] * 6,
                          "Comentario": [f"Me voy, no llegó ({i})" for i in range(12)],
                          "cx_status": ["ok", "ok", "ok", "ok", "ok", "empty"] * 2,
                          "cx_sentiment": ["negative", "positive", "neutral", "mixed", "negative", None] * 2,
                          "cx_touchpoints": [["delivery"], ["app"], ["app", "delivery"], ["support"], ["app"], None] * 2,
                          "cx_emotions": [["anger"], None, ["frustration", "anger"], [], None, None] * 2,
                          "cx_effort": ["high", None, "low", "none", "high", None] * 2,
                          "cx_churn_risk": [True, False, None, True, False, None] * 2,
                          "cx_escalation": ["yes", "no", None, "no", "yes", None] * 2,
                          "nps": [2, 10, 8, 5, 1, 9] * 2, "ces": [6, 2, 3, 4, 7, 1] * 2})
    frame.to_parquet(tmp_path / "s.parquet")
    arrow = pd.read_parquet(tmp_path / "s.parquet", dtype_backend="pyarrow")
    numpy = pd.read_parquet(tmp_path / "s.parquet")
    want = cxnlp.summarize(numpy, nps="nps", ces="ces", min_n=1)
    assert want.attrs["signals"]["emotions"] == {"column": "cx_emotions", "n": 10, "counts": {
        "anger": 4, "frustration": 2, **{e: 0 for e in ("disappointment", "worry", "confusion", "gratitude", "delight")}}}
    got = cxnlp.summarize(arrow, nps="nps", ces="ces", min_n=1)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert got.attrs["signals"] == want.attrs["signals"]
    assert build_report(arrow, nps="nps", ces="ces", min_n=1) == build_report(numpy, nps="nps", ces="ces", min_n=1)


@pytest.mark.parametrize("cell", ["delivery|support", ["delivery", "support"], ("delivery", "support"),
                                  "['delivery', 'support']", np.array(["delivery", "support"])])
def test_comments_to_read_name_their_touchpoints_whatever_the_cells_form(cell):
    """The comments to read ("Para leer hoy") named no theme for a list cell (JSON, Parquet) and showed a CSV's
    "['delivery', 'support']" as it was: they read text joined by '|' only, as no other section does."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "negative", "nps": [1, 5, 6, 2],
                          "Comentario": "Me voy a la competencia, el envío nunca llegó",
                          "cx_churn_risk": ["yes", "no", "no", "no"], "cx_touchpoints": [cell] * 4})
    html = build_report(frame, nps="nps", min_n=1, period=None)
    tags = re.findall(r"Riesgo de abandono.*?(?=</figcaption>)", html)[-1]
    assert tags == "Riesgo de abandono · <bdi>Envío e instalación</bdi>, <bdi>Canales de atención</bdi>"


def test_a_column_given_as_nps_and_as_ces_reports_its_ces_by_effort():
    """One column given as NPS and as CES: the report looked the effort split up under the NPS ('nps_effort_high_n',
    a KeyError) because the NPS came first."""
    from cxnlp.report import build_report

    frame = planted(60, 0.5, 0).assign(cx_sentiment="negative")
    frame["ces"] = (frame["ces"].astype(int) % 8).clip(1, 7)
    html = build_report(frame, nps="ces", ces="ces", min_n=5)
    assert "CES con esfuerzo alto" in html and "CES del resto" in html and "NPS con esfuerzo alto" not in html


def test_the_emotions_table_gives_each_themes_n_and_names_those_under_min_n(signal_survey):
    """Rows under min_n were only in italics, with no n column, and the note never said what the italics meant."""
    html = build_report(signal_survey, nps="NPS", min_n=40)
    table = re.search(r'<table class="data heat emotions".*?</table>', html, re.S).group(0)
    assert '<th scope="col">Tema</th><th scope="col" class="r">Comentarios</th>' in table
    rows = re.findall(r'<tr class="(low)?"><th scope="row">([^<]+)</th><td class="r">(\d+)</td>', table)
    assert rows and any(low for low, *_ in rows)
    note = re.search(r'</table>\s*</div>\s*<p class="note">(.*?)</p>', html[html.index(table):], re.S).group(1)
    assert "En cursiva, temas con menos de 40 respuestas" in note
    assert all((name in note) == bool(low) for low, name, _ in rows)


def test_the_english_lead_of_comments_to_read_names_the_spanish_placeholders(signal_survey):
    """An English report showed '[TELÉFONO]' in quotes without a word of what it is."""
    english = build_report(signal_survey, nps="NPS", min_n=20, lang="en")
    lead = re.search(r'<h3 id="to-read">.*?</h3>\s*<p class="lead">(.*?)</p>', english, re.S).group(1)
    assert "[TELÉFONO] (phone)" in lead and "[DIRECCIÓN] (address)" in lead


@pytest.mark.parametrize("lang, words", [("es", "sustituyen por su tipo"), ("en", "replaced by its kind")])
def test_the_lead_speaks_of_placeholders_only_where_comments_are_redacted(signal_survey, lang, words):
    """Review: with redact=False the lead still said personal data was replaced, above a quote with a phone number."""
    def lead(redact):
        page = build_report(signal_survey, nps="NPS", min_n=20, lang=lang, redact=redact)
        return re.search(r'<h3 id="to-read">.*?</h3>\s*<p class="lead">(.*?)</p>', page, re.S).group(1)

    assert words in lead(True)
    assert words not in lead(False) and "[TEL" not in lead(False)


def test_signal_columns_as_themes_are_read_as_their_summaries_read_them():
    """By cx_effort, 'High ' and 'high' were two themes (one without its display name), and by cx_churn_risk 'Yes',
    'sí' and True were three themes beside 'yes', each with its own n and NPS."""
    from cxnlp.metrics.themes import theme_mask

    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app",
                          "cx_effort": ["high", "High ", "HIGH", "low", "Low", None],
                          "cx_churn_risk": ["yes", "Yes", "sí", True, "no", "quizás"], "nps": [0, 3, 10, 9, 8, 10]})
    by_effort = cxnlp.summarize(frame, by="cx_effort", nps="nps", min_n=1).set_index("theme")
    assert sorted(by_effort.index) == ["high", "low"] and by_effort.loc["high", "label"] == "Esfuerzo alto"
    assert by_effort.loc["high", "n"] == 3 and by_effort.loc["high", "nps"] == pytest.approx((-100 - 100 + 100) / 3)
    by_churn = cxnlp.summarize(frame, by="cx_churn_risk", nps="nps", min_n=1).set_index("theme")
    assert sorted(by_churn.index) == ["no", "quizás", "yes"] and by_churn.loc["yes", "n"] == 4
    assert by_churn.loc["yes", "nps"] == pytest.approx((-100 - 100 + 100 + 100) / 4)
    assert theme_mask(frame, ["cx_churn_risk"], by_churn.loc["yes"]).tolist() == [True] * 4 + [False] * 2


def test_an_effort_written_by_its_display_name_is_its_theme_by_cx_effort():
    """Round parity2: the signals read 'Esfuerzo alto' as high (the effort_high of both), but by cx_effort it was a
    theme of its own, "esfuerzo alto" (lower case, no display name), beside high, each with its own n and NPS, in
    cxnlp.summarize (and so the service's) and the Dask summary alike."""
    import dask
    import dask.dataframe as dd

    import cxnlp.dask
    from cxnlp.metrics.themes import theme_mask

    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app",
                          "cx_effort": ["high", "Esfuerzo alto", " esfuerzo ALTO", "Sin señal de esfuerzo", "none", "2"],
                          "nps": [0, 3, 10, 9, 8, 10]})
    got = cxnlp.summarize(frame, by="cx_effort", nps="nps", min_n=1).set_index("theme")
    assert sorted(got.index) == ["2", "high", "none"] and got.loc["high", "label"] == "Esfuerzo alto"
    assert got.loc["high", "n"] == 3 and got.loc["none", "n"] == 2
    assert theme_mask(frame, ["cx_effort"], got.loc["high"]).tolist() == [True] * 3 + [False] * 3
    with dask.config.set(scheduler="sync"):
        partitioned = cxnlp.dask.summarize(dd.from_pandas(frame, npartitions=2), by="cx_effort", nps="nps", min_n=1)
    pd.testing.assert_frame_equal(partitioned.set_index("theme"), got, check_dtype=False)


def test_emotions_by_cx_emotions_are_themes_as_the_service_names_them():
    """Round parity2: by cx_emotions the service made an emotions list the theme 'anger|worry', where cxnlp.summarize
    named a list or tuple cell (``Classification.emotions``, a Parquet list column) as Python writes it,
    "('anger', 'worry')", an empty list the theme "()", and 'Frustración' beside 'frustration' two themes both shown
    as Frustración; each cell is now its emotions read as the signals read them, joined by '|'."""
    from cxnlp.metrics.themes import theme_mask

    cells = [["anger", "worry"], ("anger", "worry"), "Enfado|Preocupación", "['anger', 'worry']", "ANGER, worry",
             "Frustración", "frustration", ["worry", None], [], ""]
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "cx_emotions": pd.Series(cells, dtype=object),
                          "nps": range(len(cells))})
    got = cxnlp.summarize(frame, by="cx_emotions", nps="nps", min_n=1).set_index("theme")
    assert got["n"].to_dict() == {"anger|worry": 5, "frustration": 2, "worry": 1}
    assert got.loc["frustration", "label"] == "Frustración"
    assert theme_mask(frame, ["cx_emotions"], got.loc["anger|worry"]).tolist() == [True] * 5 + [False] * 5


def test_a_theme_of_several_emotions_is_labelled_by_their_display_names():
    """By cx_emotions a cell of two emotions is the theme 'anger|worry', and its label (the summary's, Dask's and
    Spark's, changes', the report's) said 'anger|worry' in a Spanish report, where 'frustration' alone was
    Frustración and the cell had been written 'Enfado, Preocupación': each emotion is now named."""
    from cxnlp.report.page import Page

    frame = pd.DataFrame({"cx_status": "ok", "cx_emotions": ["Enfado, Preocupación", "anger|worry", "frustration"],
                          "nps": [1, 2, 3]})
    got = cxnlp.summarize(frame, by="cx_emotions", nps="nps", min_n=1)
    assert dict(zip(got["theme"], got["label"])) == {"anger|worry": "Enfado|Preocupación", "frustration": "Frustración"}
    plan = _partitions.plan_summary(frame.columns, by="cx_emotions", nps="nps", min_n=1)  # what Dask and Spark run
    assert _partitions.finish_summary(_partitions.partial_sums(frame, plan), plan)["label"].tolist() == \
        got["label"].tolist()
    assert Page(None, "es", 5, []).label("anger|worry", "cx_emotions") == "Enfado|Preocupación"
    assert Page(None, "en", 5, []).label("anger|worry", "cx_emotions") == "Anger|Worry"
    assert Page(None, "en", 5, []).label("anger|precio", "cx_emotions") == "Anger|precio"  # a word of yours as it is



def test_a_flag_column_as_themes_is_labelled_by_its_flag_in_every_back_end():
    """By cx_churn_risk or cx_escalation the label column, the Spanish display names, said "yes" and "no" (English,
    where by cx_effort says "Esfuerzo alto"); the report now names them by their flag, and the summary alike."""
    frame = with_signals(classified_survey(n=200, seed=5), seed=1)
    for column, yes, no in [("cx_churn_risk", "Riesgo de abandono", "Sin riesgo de abandono"),
                            ("cx_escalation", "Amenaza de escalar", "Sin amenaza de escalar")]:
        want = cxnlp.summarize(frame, by=column, nps="NPS", min_n=1)
        assert dict(zip(want["theme"], want["label"])) == {"yes": yes, "no": no}
        plan = _partitions.plan_summary(frame.columns, by=column, nps="NPS", min_n=1)  # what Dask and Spark run
        got = _partitions.finish_summary(_partitions.partial_sums(frame[list(plan.columns)], plan), plan)
        assert got["label"].tolist() == want["label"].tolist()
    both = cxnlp.summarize(frame, by=["touchpoints", "cx_escalation"], nps="NPS", min_n=1)
    assert "Envío e instalación × Sin amenaza de escalar" in both["label"].tolist()
    changed = cxnlp.changes(frame, by="cx_churn_risk", nps="NPS", date="Fecha", period="month", min_n=1)
    assert set(changed["label"]) == {"Riesgo de abandono", "Sin riesgo de abandono"}

def test_an_industry_column_as_themes_is_read_as_training_reads_industries():
    """By cx_industry (docs/labels.md, section 12), 'Telecom ' and 'telecom' were two themes with their own n and NPS."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_industry": ["telecom", "Telecom ", "TELECOM", "retail_stores"],
                          "nps": [0, 10, 10, 7]})
    s = cxnlp.summarize(frame, by="cx_industry", nps="nps", min_n=1).set_index("theme")
    assert sorted(s.index) == ["retail_stores", "telecom"]
    assert s.loc["telecom", "n"] == 3 and s.loc["telecom", "nps"] == pytest.approx(100 / 3)


def test_a_quoted_comment_names_its_touchpoints_in_any_case_as_the_tables_do():
    """'Para leer hoy' named a hand-edited 'Delivery' as written, where the summary's tables read it as delivery
    (Envío e instalación), and named 'app|App' twice."""
    from cxnlp.report.page import Page
    from cxnlp.report.sections_signals import _themes

    page = Page(pd.DataFrame(), "es", 30, [])
    assert (_themes(page, pd.Series({"cx_touchpoints": "Delivery|app|APP"}))
            == "<bdi>Envío e instalación</bdi>, <bdi>Aplicación móvil</bdi>")  # each a <bdi>: right-to-left names


@pytest.mark.parametrize("column", ["cx_effort", "cx_industry"])
def test_an_effort_or_industry_theme_column_with_a_list_or_an_object_cell_says_so_in_one_line(column):
    """Read as a sentiment is, a list cell (a JSON or Parquet file) was a TypeError 'unhashable type', where it had been
    a theme, and an object cell lost the one-line error that names its column."""
    from cxnlp.exceptions import DataError

    frame = pd.DataFrame({"cx_status": "ok", "nps": [1, 2, 3], column: pd.Series([["high"], "High", "high"], dtype=object)})
    s = cxnlp.summarize(frame, by=column, nps="nps", min_n=1).set_index("theme")
    assert s.loc["high", "n"] == 2 and s.loc["('high',)", "n"] == 1
    frame[column] = pd.Series([{"a": 1}, "high", "high"], dtype=object)
    with pytest.raises(DataError, match=f"column '{column}' holds dict cells") as error:
        cxnlp.summarize(frame, by=column, nps="nps", min_n=1)
    assert "\n" not in str(error.value)


def test_a_shifted_column_of_own_labels_is_quoted_redacted():
    """A comment column shifted into cx_sentiment is refused as too many labels of one's own, naming three of them:
    those are comments, and were quoted in clear, phone and all. They are quoted redacted."""
    said = [f"llamadme al 612 345 {i:03d} por favor" for i in range(60)]
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": said, "cx_touchpoints": "app", "nps": 9})
    with pytest.raises(cxnlp.DataError, match=r"holds 60 values that are not labels of cxnlp's schema \(such as "
                                              r"'llamadme al \[TELÉFONO\] por favor', ") as raised:
        cxnlp.summarize(frame, nps="nps")
    assert "612" not in str(raised.value)
