"""From a classified survey to the report's HTML: summaries, then what each section shows, then
the templates (``templates/*.html.j2``).

The section functions below turn summaries into plain values (numbers already formatted in the
report's language); the templates lay them out. Jinja escapes every value it writes, so text
from the data (comments, column names, labels, theme values, the title) never becomes markup;
only our own strings (``strings.py``), the charts and the highlighted comments are ``Markup``.
"""

from __future__ import annotations

import datetime as _dt
import math
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import __version__
from ..columns import AXIS_NAMES, DATE_COLUMN_CANDIDATES, detect_column, detect_text_column
from ..exceptions import DataError
from ..io import atomic_path
from ..metrics import Metric, metric_columns, summarize
from ..metrics.periods import to_days
from ..metrics.summary import SCORE_KEYWORDS
from ..metrics.themes import LABELLED_STATUSES
from ..schema import display_name
from . import charts
from .strings import STRINGS, english_name
from .verbatims import pick_verbatims

LANGS = tuple(STRINGS)
HEAT_PERIODS = 12  # the theme-by-period table shows the latest periods only
# Marks <html data-charts-rendered="N"> with the number of charts the browser laid out with
# visible content, so a headless browser can check the report renders (tests/test_report.py).
RENDER_CHECK = Markup("document.documentElement.dataset.chartsRendered=[...document.querySelectorAll('svg.chart')]"
                      ".filter(s=>{const b=s.getBoundingClientRect();return b.width>50&&b.height>30&&"
                      "s.querySelectorAll('path,use').length>5}).length;")

_TEMPLATES = Environment(loader=PackageLoader("cxnlp.report", "templates"), autoescape=True,
                         undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def build_report(frame: pd.DataFrame, *, metrics=None, by: str | list[str] = "touchpoints",
                 period: str | None = "month", date: str | None = None, text: str | None = None, min_n: int = 30,
                 lang: str = "es", title: str | None = None, top: int = 6, dayfirst: bool | None = None,
                 **scores) -> str:
    """The HTML report of a classified survey, as a string.

    Parameters
    ----------
    frame : classified DataFrame (``Model.classify_frame`` output with the survey's score columns).
    metrics : ``{column: metric}`` as in ``summarize``; the first metric given is the one whose
        drivers are charted.
    **scores : ``nps``, ``csat``, ``ces`` (score columns, before ``metrics``) and ``csat_scale``,
        ``csat_cutoff``, ``csat_method``, ``ces_scale``, ``ces_method``, ``ces_cutoff`` (see ``cxnlp.metrics``).
    by : themes of the drivers chart (see ``summarize``).
    period, date : trend by "week", "month" or "quarter" of the ``date`` column (detected when None);
        the trend is left out when the table has no date column, or when ``period`` is None.
    text : comment column for the verbatims (detected when None).
    min_n : themes with fewer comments are shown but marked.
    lang : "es" or "en".
    title : report title; a default in ``lang`` when None.
    top : number of themes with verbatims.
    dayfirst : how to read 05/01/2024 in the date column (see ``summarize``); decided from the data when None.
    """
    if lang not in LANGS:
        raise DataError(f"lang {lang!r} is not supported; expected one of {LANGS}.")
    if unknown := sorted(set(scores) - set(SCORE_KEYWORDS)):
        raise TypeError(f"build_report() got unexpected keyword arguments {unknown}.")
    pairs = metric_columns(metrics, **scores)
    summary = partial(summarize, frame, metrics=pairs, min_n=min_n, dayfirst=dayfirst)
    drivers = summary(by=by)
    page = _Page(frame, lang, min_n, [(metric, drivers.attrs["metrics"][metric.name]["column"]) for _, metric in pairs])
    main = pairs[0][1] if pairs else None

    if period is not None and date is None:
        date = detect_column(frame.columns, DATE_COLUMN_CANDIDATES)
        period = period if date is not None else None
    trend = summary(by=None, period=period, date=date) if period else None
    theme_trend = summary(by=by, period=period, date=date) if period else None

    sections = {"header": _header(page, title, date, dayfirst), "kpis": _kpis(page),
                "drivers": _drivers(page, drivers, main), "sentiment": None, "areas": None}
    if "cx_touchpoints" in frame:
        touch = drivers if drivers.attrs["by"] == ["touchpoints"] else summary(by="touchpoints")
        sections["sentiment"] = _sentiment(page, touch)
    if "cx_areas" in frame:
        sections["areas"] = _areas(page, summary(by="areas"), main)
    sections["trend"] = _trend(page, trend, theme_trend, drivers, main)
    sections["verbatims"] = _verbatims(page, drivers, main, text, top)
    sections["method"] = _method(page, drivers)
    return _TEMPLATES.get_template("report.html.j2").render(
        lang=lang, t=page.html, title=title or page.words["title"], version=__version__, render_check=RENDER_CHECK,
        **sections)


def write_report(frame: pd.DataFrame, path: str | Path, **kwargs) -> Path:
    """Write ``build_report(frame, **kwargs)`` to ``path`` atomically (UTF-8); returns the path."""
    document = build_report(frame, **kwargs)
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(document, encoding="utf-8")
    return path


class _Page:
    """What every section needs: the frame, the language (words, number format), the metrics."""

    def __init__(self, frame: pd.DataFrame, lang: str, min_n: int, measures: list[tuple[Metric, str]]):
        self.frame, self.lang, self.min_n = frame, lang, min_n
        self.words = STRINGS[lang]  # plain text, for charts
        self.html = _trusted(self.words)  # the same strings as markup, for templates
        self.measures = measures

    def tr(self, key: str, **fields) -> Markup:
        """Our string ``key`` as markup, its ``{fields}`` filled with escaped values."""
        return self.html[key].format(**fields)

    def num(self, value, digits: int = 1, signed: bool = False) -> str:
        if value is None or not np.isfinite(value):
            return "–"
        s = f"{value:+,.{digits}f}" if signed else f"{value:,.{digits}f}"
        if self.lang == "es":
            s = s.translate(str.maketrans({",": ".", ".": ","}))
        return s.replace("-", "\u2212")

    def name(self, row: pd.Series, by: list[str]) -> str:
        """Display name of a summary row's theme: Spanish labels, or English ones from the label ids."""
        if not by:
            return "Total"
        if self.lang == "es":
            return str(row["label"])
        return " × ".join(english_name(row[d]) if d in AXIS_NAMES else str(row[d]) for d in by)

    def label(self, value: str) -> str:
        return display_name(value) if self.lang == "es" else english_name(value)

    def describe(self, metric: Metric) -> str:
        """What the metric measures, on its scale: "% de satisfechos (4–5 de 1–5)"."""
        template = (metric.describe(self.lang) or self.words.get(f"{metric.name}_desc_{metric.kind}")
                    or self.words[f"metric_desc_{metric.kind}"])
        return template.format(lo=metric.scale[0], hi=metric.scale[1], cut=self.num(metric.cutoff, 0))

    @staticmethod
    def digits(metric: Metric) -> int:
        """Decimals of a metric's values: NPS points, shares to one decimal, means to two."""
        return {"net": 0, "share": 1, "mean": 2}[metric.kind]

    def result(self, metric: Metric, column: str):
        return metric.result(self.frame[column])


def _trusted(words: dict) -> dict:
    """``words`` with every string marked as markup (ours, not the data's), in lists and dicts too."""
    if isinstance(words, dict):
        return {key: _trusted(value) for key, value in words.items()}
    if isinstance(words, list):
        return [_trusted(value) for value in words]
    return Markup(words) if isinstance(words, str) else words


# -- sections: each returns what its template shows, or None to leave it out -------------------
def _header(page: _Page, title, date, dayfirst) -> dict:
    frame = page.frame
    n_comments = int(frame["cx_status"].isin(LABELLED_STATUSES).sum()) if "cx_status" in frame else 0
    parts = [page.tr("responses", n=page.num(len(frame), 0)), page.tr("comments", n=page.num(n_comments, 0))]
    if date is not None:
        days = to_days(frame[date], dayfirst)
        days = days[~np.isnat(days)]
        if days.size:
            parts.append(f"{_fmt_date(days.min(), page.lang)} – {_fmt_date(days.max(), page.lang)}")
    today = _fmt_date(np.datetime64(_dt.date.today()), page.lang)
    return {"meta": parts, "generated": page.tr("generated", date=today, version=__version__)}


def _kpis(page: _Page) -> list[dict]:
    cards = []
    for metric, column in page.measures:
        r = page.result(metric, column)
        d = page.digits(metric)
        split = []
        if metric.split and r.n:
            for key, style in metric.split:
                share = 100 * r.counts[key] / r.n
                split.append({"style": style, "width": f"{share:.1f}", "pct": page.num(share, 0),
                              "label": page.words.get(key, key)})
        excluded = [page.tr(k, n=page.num(getattr(r, k), 0)) for k in ("blank", "out_of_range", "non_numeric")
                    if getattr(r, k)]
        cards.append({"name": metric.name, "label": metric.label,
                      "value": page.num(r.value, d, signed=metric.kind == "net" and r.value > 0),
                      "unit": "%" if metric.kind == "share" else "", "desc": page.describe(metric),
                      "ci": page.tr("ci_range", lo=page.num(r.low, d), hi=page.num(r.high, d)), "n": page.num(r.n, 0),
                      "split": split, "excluded": excluded})
    return cards


def _drivers(page: _Page, s, main: Metric | None) -> dict | None:
    if main is None or s.empty:
        return None  # the headline already says that no score column was given
    m, by, words = main.name, s.attrs["by"], page.words
    s = s[s[f"{m}_impact"].notna()]
    s = s.reindex(s[f"{m}_impact"].abs().sort_values(ascending=False).index[:16])
    s = s.sort_values(f"{m}_impact")
    names = [page.name(r, by) for _, r in s.iterrows()]
    svg = charts.impact_chart(names, s[f"{m}_impact"], s[f"{m}_impact_significant"], s["below_min_n"],
                              xlabel=words["impact_axis"].format(metric=main.label), fmt=page.num,
                              alt=words["drivers_title"].format(metric=main.label))
    d = page.digits(main)
    rows = [{"small": bool(r["below_min_n"]), "name": name, "n": page.num(r["n"], 0), "share": page.num(r["share"], 0),
             "value": page.num(r[m], d), "low": page.num(r[f"{m}_low"], d), "high": page.num(r[f"{m}_high"], d),
             "impact": page.num(r[f"{m}_impact"], 1, True), "negative": bool(r[f"{m}_impact"] < 0),
             "significant": bool(r[f"{m}_impact_significant"]), "net": page.num(r["net_sentiment"], 0, True)}
            for (_, r), name in zip(s.iterrows(), names)]
    count = page.html["comments_axis"] if all(dim in AXIS_NAMES for dim in by) else page.html["responses_col"]
    return {"metric": main.label, "svg": Markup(svg), "small": page.tr("small", n=page.min_n),
            "head": [h.format(metric=main.label, count=count) for h in page.html["drivers_cols"]],
            "note": page.tr("drivers_note", n=page.min_n), "rows": rows}


def _sentiment(page: _Page, s) -> dict:
    by = s.attrs["by"]
    s = s[s["n"] > 0].sort_values(["net_sentiment", "n"], ascending=[False, False])
    names = [page.name(r, by) for _, r in s.iterrows()]
    labels = {k: page.label(k) for k in charts.SENTIMENT_ORDER}
    svg = charts.sentiment_chart(names, {k: s[k].to_numpy() for k in charts.SENTIMENT_ORDER if k in s},
                                 s["n"].tolist(), labels=labels, n_label="n =", fmt=page.num,
                                 alt=page.words["sentiment_title"])
    return {"svg": Markup(svg)}


def _areas(page: _Page, s, main: Metric | None) -> dict:
    by = s.attrs["by"]
    s = s.sort_values("n", ascending=False)
    names = [page.name(r, by) for _, r in s.iterrows()]
    counts = {k: (s[k].fillna(0) * s["n"] / 100).to_numpy() for k in charts.SENTIMENT_ORDER if k in s}
    svg = charts.volume_chart(names, counts, labels={k: page.label(k) for k in charts.SENTIMENT_ORDER},
                              xlabel=page.words["comments_axis"], fmt=page.num, alt=page.words["areas_title"])
    chips = [{"small": bool(r["below_min_n"]), "name": name, "share": page.num(r["share"], 0),
              "metric": f"{main.label} {page.num(r[main.name], page.digits(main))}" if main else None,
              "net": page.num(r["net_sentiment"], 0, True)}
             for (_, r), name in zip(s.iterrows(), names)]
    return {"svg": Markup(svg), "chips": chips}


def _trend(page: _Page, trend, theme_trend, drivers, main: Metric | None) -> dict | None:
    if trend is None or trend.empty:
        return None
    period_name = page.words["periods"][trend.attrs["period"]]
    series = []
    for metric, _ in page.measures:
        m = metric.name
        series.append({"title": f"{metric.label} · {page.describe(metric)}", "value": trend[m],
                       "low": trend[f"{m}_low"], "high": trend[f"{m}_high"], "ylim": metric.bounds,
                       "digits": 1 if metric.kind == "mean" else 0})
    if not series:
        series.append({"title": page.words["net"], "value": trend["net_sentiment"], "low": trend["net_sentiment"],
                       "high": trend["net_sentiment"], "ylim": (-100, 100)})
    periods = [_fmt_period(p, page.lang) for p in trend["period"]]
    svg = charts.trend_chart(periods, series, fmt=page.num, alt=page.words["trend_title"].format(period=period_name))
    excluded = trend.attrs.get("date_excluded", 0)
    return {"period": period_name, "svg": Markup(svg),
            "excluded": page.tr("date_excluded", n=page.num(excluded, 0)) if excluded else None,
            "heat": _heat_table(page, theme_trend, drivers, main, list(trend["period"])[-HEAT_PERIODS:])}


def _heat_table(page: _Page, s, drivers, main: Metric | None, periods) -> dict | None:
    by = s.attrs["by"]
    themes = drivers[~drivers["below_min_n"]].head(8)["theme"].tolist()
    s = s[s["theme"].isin(themes)]
    if s.empty:
        return None
    column = main.name if main else "net_sentiment"
    centre = page.result(main, page.measures[0][1]).value if main else 0.0
    spread = max(float(np.nanmax(np.abs(s[column] - centre))) if s[column].notna().any() else 1.0, 1e-9)
    d = page.digits(main) if main else 0
    rows = []
    for theme in themes:
        part = s[s["theme"] == theme].set_index("period")
        if part.empty:
            continue
        cells = []
        for p in periods:
            if p not in part.index or not np.isfinite(part.loc[p, column]):
                cells.append(None)
                continue
            v, n = part.loc[p, column], int(part.loc[p, "n"])
            x = max(-1.0, min(1.0, (v - centre) / spread))
            color = f"rgba(46,139,87,{0.10 + 0.35 * x:.2f})" if x >= 0 else f"rgba(200,69,59,{0.10 - 0.35 * x:.2f})"
            cells.append({"small": n < page.min_n, "color": color, "n": n, "value": page.num(v, d)})
        rows.append({"name": page.name(part.iloc[0], by), "cells": cells})
    return {"caption": page.tr("heat_caption", metric=main.label if main else page.words["net"], n=page.min_n),
            "periods": [_fmt_period(p, page.lang) for p in periods], "rows": rows}


def _verbatims(page: _Page, drivers, main: Metric | None, text, top) -> list[dict]:
    try:
        text_col = detect_text_column(page.frame.columns, text)
    except DataError:
        if text is not None:
            raise
        text_col = None
    key = f"{main.name}_impact" if main else "net_sentiment"
    pool = drivers[~drivers["below_min_n"] & drivers[key].notna()]
    chosen = pd.concat([pool.nsmallest(math.ceil(top / 2), key), pool[pool[key] > 0].nlargest(top // 2, key)])
    chosen = chosen[~chosen.index.duplicated()]
    by = drivers.attrs["by"]
    score_col = page.measures[0][1] if main else None
    blocks = []
    for _, r in chosen.iterrows():
        sentiment = "negative" if r[key] < 0 else "positive"
        quotes = pick_verbatims(page.frame, by, r, sentiment, text_col, score_col=score_col)
        if not quotes:
            continue
        badge = (f'{main.label} {page.num(r[key], 1, True)}' if main
                 else f'{page.words["net"]} {page.num(r["net_sentiment"], 0, True)}')
        blocks.append({"name": page.name(r, by), "sentiment": sentiment, "badge": badge, "quotes": quotes})
    return blocks


def _method(page: _Page, drivers) -> list[Markup]:
    small, by = drivers[drivers["below_min_n"]], drivers.attrs["by"]
    items = [page.html["method_metrics"], page.html["method_ci"], page.html["method_impact"],
             page.html["method_themes"], page.tr("method_min_n", n=page.min_n)]
    if not small.empty:
        names = Markup(", ").join(Markup("{} (n = {})").format(page.name(r, by), r["n"]) for _, r in small.iterrows())
        items.append(page.tr("method_small", n=page.min_n, themes=names))
    frame = page.frame
    if "cx_needs_review" in frame and "cx_status" in frame:
        labelled = frame["cx_status"].isin(LABELLED_STATUSES)
        if labelled.any():
            share = 100 * frame.loc[labelled, "cx_needs_review"].astype(bool).mean()
            items.append(page.tr("method_review", pct=page.num(share, 0)))
    return items


def _fmt_date(day, lang: str) -> str:
    d = pd.Timestamp(day)
    return f"{d.day} {STRINGS[lang]['months'][d.month - 1]} {d.year}"


def _fmt_period(label: str, lang: str) -> str:
    """'2024-07' -> 'jul 24', '2024-Q3' -> '2024 T3', '2024-W42' -> 'S42/24' (English: Jul 24, 2024 Q3, W42/24)."""
    year, _, part = label.partition("-")
    if part.isdigit():
        return f"{STRINGS[lang]['months'][int(part) - 1]} {year[2:]}"
    if part.startswith("W"):
        return f"{'S' if lang == 'es' else 'W'}{part[1:]}/{year[2:]}"
    return f"{year} {'T' if lang == 'es' else 'Q'}{part[1:]}"
