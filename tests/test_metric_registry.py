"""A new metric is one class and one registration, here in the test file: ``summarize`` and the
report pick it up without a change anywhere else."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from custom_metrics import Vote

import cxnlp
from cxnlp.exceptions import ConfigError, DataError
from cxnlp.metrics import Metric, base, get, register, registered
from cxnlp.report import build_report


@register
@dataclass(frozen=True, kw_only=True)
class Sat10(Metric):
    """Satisfaction on 1-10: % of 9-10 (top-2-box) or the mean."""

    name = "sat10"
    label = "SAT-10"
    methods = {"top2": "share", "mean": "mean"}

    scale: tuple[int, int] = (1, 10)
    method: str = "top2"


@register
@dataclass(frozen=True, kw_only=True)
class TopBox(Metric):
    """% of answers in the top box of any scale, with its own wording in the report."""

    name = "topbox"
    label = "Top box"
    methods = {"share": "share"}

    scale: tuple[int, int] = (1, 5)
    method: str = "share"

    def default_cutoff(self, scale):
        return scale[1]

    def describe(self, lang):
        return {"es": "% en la casilla más alta ({cut} de {lo}–{hi})"}.get(lang)


def survey(n: int = 120) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    touchpoints = rng.choice(["delivery", "app", "support"], n)
    bad = touchpoints == "delivery"
    # A second touchpoint on some comments: with exactly one each, drivers could not tell them apart.
    labels = [f"{t}|support" if i % 5 == 0 and t != "support" else t for i, t in enumerate(touchpoints)]
    return pd.DataFrame({
        "Comentario": [f"Comentario número {i} sobre {t}" for i, t in enumerate(touchpoints)],
        "cx_status": "ok", "cx_touchpoints": labels, "cx_areas": "cx",
        "cx_sentiment": np.where(bad, "negative", "positive"),
        "Satisfacción (1-10)": np.where(bad, rng.integers(1, 7, n), rng.integers(7, 11, n)).astype(object),
        "Recomendación": rng.integers(0, 11, n), "Calidad": rng.integers(1, 6, n),
        "Fecha": [f"{1 + i % 28:02d}/{7 + i % 3:02d}/2024" for i in range(n)],
    })


def test_registered_by_name():
    assert get("sat10") is Sat10 and get("topbox") is TopBox
    assert {"nps", "csat", "ces", "sat10", "topbox"} <= set(registered())
    with pytest.raises(ConfigError, match=r"metric 'nope' is not known; expected one of '\w+', "):
        get("nope")


def test_custom_metric_in_summarize_by_name():
    frame = survey()
    frame.loc[0, "Satisfacción (1-10)"] = "n/s"  # non-numeric: excluded and counted
    frame.loc[1, "Satisfacción (1-10)"] = 11  # out of range
    s = cxnlp.summarize(frame, metrics={"satisfaccion (1-10)": "sat10"}, min_n=5).set_index("theme")
    valid = pd.to_numeric(frame["Satisfacción (1-10)"], errors="coerce")
    for theme, rows in s.iterrows():
        answers = valid[frame["cx_touchpoints"].str.split("|").map(lambda found: theme in found) & valid.between(1, 10)]
        assert rows["sat10"] == pytest.approx(100 * (answers >= 9).mean())
        assert rows["sat10_n"] == len(answers)
    assert s["sat10_non_numeric"].sum() == 1 and s["sat10_out_of_range"].sum() == 1
    assert s.loc["delivery", "sat10_impact"] < 0 and s.loc["delivery", "sat10_impact_significant"]
    assert s.attrs["metrics"]["sat10"] == {"column": "Satisfacción (1-10)", "method": "top2", "scale": [1, 10],
                                           "cutoff": 9.0, "blank": 0, "out_of_range": 1, "non_numeric": 1,
                                           "valid": len(frame) - 2}


def test_custom_metric_as_an_instance_with_settings_next_to_the_built_in_keywords():
    frame = survey()
    s = cxnlp.summarize(frame, by=None, nps="Recomendación",
                        metrics=[("Satisfacción (1-10)", Sat10(method="mean")), ("Calidad", TopBox(scale=(1, 5)))])
    answers = frame["Satisfacción (1-10)"].astype(float)
    assert s.loc[0, "sat10"] == pytest.approx(answers.mean())
    t = scipy.stats.t.ppf(0.975, len(answers) - 1)  # a mean's interval: Student's t
    assert s.loc[0, "sat10_high"] - s.loc[0, "sat10"] == pytest.approx(t * answers.std() / np.sqrt(len(answers)))
    assert s.loc[0, "topbox"] == pytest.approx(100 * (frame["Calidad"] == 5).mean())
    assert s.loc[0, "nps"] == pytest.approx(cxnlp.nps(frame["Recomendación"]).value)
    assert list(s.attrs["metrics"]) == ["nps", "sat10", "topbox"]  # keywords first, then metrics
    # the function form of a metric is its result()
    assert TopBox().result(frame["Calidad"]).value == pytest.approx(s.loc[0, "topbox"])


def test_custom_metric_settings_are_checked():
    with pytest.raises(ConfigError, match=r"SAT-10 cutoff 11 is outside the scale \(1, 10\)"):
        Sat10(cutoff=11)
    with pytest.raises(ConfigError, match=r"SAT-10 method 'agree' is not known; expected one of 'top2' or 'mean'\.$"):
        Sat10(method="agree")
    with pytest.raises(ConfigError, match=r"metrics \['sat10'\] are given twice"):
        cxnlp.summarize(survey(), metrics=[("Calidad", "sat10"), ("Satisfacción (1-10)", Sat10())])
    with pytest.raises(DataError, match="SAT-10 column 'satisfaction' not found"):
        cxnlp.summarize(survey(), metrics={"satisfaction": "sat10"})


def test_custom_metric_in_the_report():
    page = build_report(survey(), metrics={"Satisfacción (1-10)": "sat10", "Calidad": "topbox"}, min_n=5)
    card = re.search(r'<div class="kpi" id="kpi-sat10">(.*?)</div>', page, re.S).group(1)
    assert "SAT-10" in card and "% de respuestas 9–10 (de 1–10)" in card and "<small>\u00a0%</small>" in card
    assert "Qué mueve el SAT-10" in page  # the first metric given is the one whose drivers are charted
    assert "% en la casilla más alta (5 de 1–5)" in page  # its own wording
    assert page.count('<svg class="chart"') == 5  # impact, priority matrix, sentiment, areas, trend of both
    # A quote's caption names the metric by its label, as the rest of the report does, not by its column.
    assert "SAT-10 por tema y periodo" in page and re.search(r'<figcaption lang="es"><b>\w+</b> · SAT-10: \d+<', page)
    english = build_report(survey(), metrics={"Calidad": "topbox"}, lang="en", min_n=5)
    assert "% of answers 5–5 (of 1–5)" in english  # no English wording of its own: the generic one


def test_metric_label_is_escaped_in_the_report():
    @dataclass(frozen=True, kw_only=True)
    class Hostile(TopBox):  # not registered: an instance is enough
        name = "hostile"
        label = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'

    page = build_report(survey(), metrics={"Calidad": Hostile()}, min_n=5)
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_metric_cannot_be_named_like_an_axis_theme_column():
    """A metric named 'touchpoints' replaced the theme column 'touchpoints' of a table by touchpoints and sentiment
    with its values, and drivers failed on a KeyError."""
    def metric(name):
        return dataclass(frozen=True, kw_only=True)(type("Own", (Metric,), {
            "__annotations__": {"scale": tuple[int, int], "method": str}, "scale": (1, 10), "method": "mean",
            "name": name, "label": "Propia", "methods": {"mean": "mean"}}))

    for name in ("touchpoints", "areas", "stage", "sentiment"):
        message = (f"metric name '{name}' would write the summary's own column '{name}'; a metric cannot be named "
                   f"areas, below_min_n, churn_risk, effort, emotion, emotions, escalation, label, mixed, n, negative, "
                   f"net_sentiment, neutral, period, positive, sentiment, share, stage, theme, touchpoints, emotion_... "
                   f"or one of their columns: give it another name, such as '{name}_score'.")
        with pytest.raises(ConfigError) as error:
            register(metric(name))
        assert str(error.value) == message and name not in registered()
        with pytest.raises(ConfigError) as error:
            cxnlp.summarize(survey(), by="touchpoints,sentiment", metrics=[("Satisfacción (1-10)", metric(name)())])
        assert str(error.value) == message
    with pytest.raises(ConfigError, match="metric name 'touchpoints' would write the summary's own column"):
        cxnlp.drivers(survey(), "Satisfacción (1-10)", by="touchpoints,sentiment", metric=metric("touchpoints")())


def test_a_metric_cannot_be_named_like_a_theme_column_of_the_table():
    """A metric named 'region' replaced the theme column 'region' of a table by touchpoints and region with its
    values, and drivers failed on a KeyError: the axes' names were refused, a column's name was not."""
    own = dataclass(frozen=True, kw_only=True)(type("Own", (Metric,), {
        "__annotations__": {"scale": tuple[int, int], "method": str}, "scale": (1, 10), "method": "mean",
        "name": "region", "label": "Propia", "methods": {"mean": "mean"}}))
    frame = survey()
    frame["region"] = np.resize(["Norte", "Sur"], len(frame))
    message = ("metric name 'region' would write the theme column 'region' (by); give the metric another name, such "
               "as 'region_score', or rename that column.")
    for by in ("region", "touchpoints,region"):
        with pytest.raises(ConfigError) as error:
            cxnlp.summarize(frame, by=by, metrics=[("Satisfacción (1-10)", own())])
        assert str(error.value) == message
    with pytest.raises(ConfigError) as error:
        cxnlp.drivers(frame, "Satisfacción (1-10)", by="touchpoints,region", metric=own())
    assert str(error.value) == message
    assert "region" in cxnlp.summarize(frame, by="touchpoints", metrics=[("Satisfacción (1-10)", own())])


def test_a_metric_cannot_be_named_like_a_summary_column():
    # QA N 2: a metric named "effort" wrote effort_low/effort_high/effort_n, and the signal columns written after it
    # replaced them in silence (an interval that missed its value); one named "churn_risk" lost its very value.
    def metric(name):
        return dataclass(frozen=True, kw_only=True)(type("Own", (Metric,), {
            "__annotations__": {"scale": tuple[int, int], "method": str}, "scale": (1, 7), "method": "mean",
            "name": name, "label": "Propia", "methods": {"mean": "mean"}}))

    for name in ("effort", "churn_risk", "escalation", "emotions", "emotion", "emotion_anger", "n", "share",
                 "effort_high", "net_sentiment"):
        with pytest.raises(ConfigError, match=f"metric name '{name}' would write the summary's own column .* a "
                                              f"metric cannot be named areas, below_min_n, churn_risk, effort, "):
            register(metric(name))
        assert name not in registered()
    for name, other in (("emotion", "score_emotion"), ("emotion_anger", "score_emotion_anger")):
        # The name suggested was refused in turn: 'emotion_anger_score' starts with 'emotion_' too.
        with pytest.raises(ConfigError, match=f"give it another name, such as '{other}'.$"):
            register(metric(name))
        assert base.check_name(other) == other
    frame = survey().assign(cx_effort="high", cx_churn_risk="yes", cx_emotions="anger", cx_escalation="no",
                            Esfuerzo=lambda f: f["Calidad"])
    with pytest.raises(ConfigError, match="metric name 'effort' would write the summary's own column 'effort_low'"):
        cxnlp.summarize(frame, metrics=[("Esfuerzo", metric("effort")())])  # an instance need not be registered
    with pytest.raises(ConfigError, match="metrics 'sat10' and 'sat10_impact' would both write the summary column "
                                          "'sat10_impact'; register one of them under another name"):
        cxnlp.summarize(frame, metrics=[("Calidad", "sat10"), ("Esfuerzo", metric("sat10_impact")())])
    # Another name keeps both apart; every column that is no metric's is one the check knows.
    s = cxnlp.summarize(frame, metrics=[("Esfuerzo", register(metric("effort_score"))), ("Calidad", "sat10")],
                        ces="Calidad", period="month", date="Fecha", min_n=1)
    assert s["effort_score"].tolist() == s["ces"].tolist() and s["effort_n"].tolist() == s["n"].tolist()
    assert s["effort_high"].eq(100).all() and s["churn_risk"].tolist() == s["n"].tolist()
    metric_owned = {c for m in ("effort_score", "sat10", "ces") for c in base.summary_columns(m)}
    own = set(s.columns) - metric_owned - {"ces_effort_high", "ces_effort_high_n", "ces_effort_other",
                                           "ces_effort_other_n", *s.attrs["by"]}
    assert {c for c in own if not c.startswith("emotion_")} <= base.SUMMARY_COLUMNS
    assert {"effort_low", "churn_risk_share", "escalation_n", "emotions_n", "emotion_anger", "period"} <= own


@pytest.mark.parametrize("settings, match", [
    ({"metrics": {"Recomendación": "nsp"}}, r"metric 'nsp' is not known; expected one of '\w+', "),
    ({"metrics": {"Recomendación": 42}}, "metric for column 'Recomendación' must be a metric name or a Metric, got 42"),
    ({"metrics": {"Recomendación": "nps"}, "nps": "Recomendación"}, r"metrics \['nps'\] are given twice"),
])
def test_a_bad_metric_setting_is_a_config_error(settings, match):
    # QA N 9: the README lists a bad setting as a ConfigError; these were DataErrors, so `except ConfigError` around
    # the settings missed a typo of a metric's name.
    for call in (cxnlp.summarize, build_report, cxnlp.changes):
        with pytest.raises(ConfigError, match=match):
            call(survey(), **settings) if call is not cxnlp.changes else call(survey(), "month", **settings)


def test_a_long_unknown_metric_name_is_still_quoted():
    """Review of api7: a misspelt metric name of more than 80 characters was told "got a str", which it is, without
    the name; it is quoted as any unknown name."""
    name = "net promoter score " * 5
    with pytest.raises(ConfigError, match=rf"^metric {re.escape(repr(name))} is not known; expected one of "):
        get(name)


def test_a_column_given_where_a_metric_goes_is_named_by_its_type_in_one_line():
    """api7: ``metrics={"nps": df["NPS"]}`` and ``drivers(..., metric=df["NPS"])`` printed the column's rows in the
    error, one line each."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 20, "NPS": [0, 10] * 20})
    with pytest.raises(ConfigError, match=r"^metric for column 'nps' must be a metric name or a Metric, got a pandas "
                                          r"Series\.$"):
        cxnlp.summarize(frame, metrics={"nps": frame["NPS"]})
    with pytest.raises(ConfigError, match=r"^metric: expected a metric's name \('ces', 'csat'.*\) or a Metric, "
                                          r"got a pandas Series\.$"):
        cxnlp.drivers(frame, "NPS", metric=frame["NPS"])
    with pytest.raises(ConfigError, match=r"^metrics=a pandas Series: 0 is not a \(column, metric\) pair; "):
        cxnlp.summarize(frame, metrics=frame["NPS"])


def test_the_report_shows_a_net_score_of_its_own_range_in_its_units():
    """Found by review: a net score of -1..1 was shown with the NPS's whole points and words: its -0.28 as "0", its
    interval "0 to 0", its range "−100 to 100" and its answers "+100, 0 or −100"."""
    frame = survey(100).assign(voto=[1] * 36 + [0] * 64)  # by hand: (36 - 64) / 100 = -0.28
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", build_report(frame, metrics={"voto": Vote()}, lang="en",
                                                                      min_n=5)))
    assert "Vote −0.28 −1 to 1 95% CI: −0.4" in text, text[:2000]
    assert "(Vote: +1 (1) and −1 (0))" in text and "−100 to 100" not in text
    from cxnlp.report.page import Page

    assert Page.digits(Vote()) == 2 and Page.impact_digits(Vote()) == 3  # the NPS's 0 and 1, 100 times finer
    assert Page.digits(get("nps")()) == 0 and Page.impact_digits(get("nps")()) == 1


@dataclass(frozen=True, kw_only=True)
class Thumbs(cxnlp.metrics.NPS):
    """The NPS's promoters, passives and detractors on a 1-3 scale scored -1, 0, +1."""

    scale: tuple[int, int] = (1, 3)

    def score(self, x):
        return np.asarray(x, dtype=float) - 2


def test_the_split_of_a_net_score_of_its_own_range_adds_up_to_its_score():
    """Found by review: the card's parts were made to differ by the score as the NPS shows it, in whole points, so a
    score of -1..1 of +0.20 (50 % up, 20 % passive, 30 % down) split as 40/20/40."""
    frame = survey(100).assign(pulgar=[3] * 50 + [2] * 20 + [1] * 30)  # by hand: (50 - 30) / 100 = +0.20
    html = build_report(frame, metrics={"pulgar": Thumbs()}, lang="en", min_n=5)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "+0.20 Net Promoter Score, −1 to 1" in text
    assert re.findall(r"(\d+)% (promoters|passives|detractors)", text)[:3] == [
        ("50", "promoters"), ("20", "passives"), ("30", "detractors")], text[:3000]


def test_estimate_is_annotated_so_a_metric_of_your_own_can_be_called_from_typed_code():
    """Metric.estimate, public on every metric, had no annotations: a user's strict type checker refused a call to it
    ("Call to untyped function") and typed what it gives as Any."""
    import typing

    hints = typing.get_type_hints(Metric.estimate)
    assert hints["return"] == tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    assert {hints[name] for name in ("n", "total", "squares")} == {np.ndarray | float}
    value, se, low, high = cxnlp.metrics.NPS().estimate(4, 400.0, 40_000.0)  # four promoters: +100 each
    assert all(isinstance(part, np.ndarray) for part in (value, se, low, high))
    assert float(value) == float(high) == 100.0 and 0 < float(low) < 100


def test_register_is_annotated_to_give_back_the_class_it_registers():
    """register, the decorator of docs/metrics.md's ``Sat10``, was annotated ``type[Metric] -> type[Metric]``: pyright
    (which reads a class decorator's return type, as mypy does not) typed the decorated class as ``Metric``, and
    anything of its own (a field, a method) as an error."""
    import typing

    hints = typing.get_type_hints(register)
    (returned,) = typing.get_args(hints["return"])
    assert isinstance(returned, typing.TypeVar) and hints["metric"] == hints["return"]
    assert returned.__bound__ in (Metric, typing.ForwardRef("Metric"))
