"""The HTML report: one self-contained file (inline CSS and SVG charts, no network) that a CX
lead can forward. Spanish by default, English with ``lang="en"``.

Sections: headline NPS/CSAT/CES with 95% intervals; what moves the main metric (impact per
theme); sentiment by touchpoint; CX/UX/UI/customer-service areas; trend by period; three
representative comments per top theme; a note on method and on themes under the minimum n.

Everything that comes from the data (column names, labels, theme values, comments, the title)
is escaped with ``html.escape`` where it enters the page; charts draw it as paths, never as TeX.
"""

from __future__ import annotations

import datetime as _dt
import html
import math
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__, charts
from ._report_text import CSS, STRINGS, english_name
from .exceptions import DataError
from .columns import AXIS_NAMES, detect_date_column, detect_text_column, find_column
from .io import atomic_path
from .metrics import CES, CSAT, NPS
from .metrics.periods import to_days
from .metrics.themes import LABELLED_STATUSES
from .schema import display_name
from .metrics import summarize

METRICS = ("nps", "csat", "ces")
LANGS = ("es", "en")
_AXES = AXIS_NAMES
HEAT_PERIODS = 12  # the theme-by-period table shows the latest periods only


def build_report(frame: pd.DataFrame, *, nps: str | None = None, csat: str | None = None, ces: str | None = None,
                 by: str | list[str] = "touchpoints", period: str | None = "month", date: str | None = None,
                 text: str | None = None, min_n: int = 30, lang: str = "es", title: str | None = None,
                 top: int = 6, csat_scale=(1, 5), csat_cutoff: float | None = None, csat_method: str = "top2",
                 ces_scale=(1, 7), ces_method: str = "mean", ces_cutoff: float | None = None,
                 dayfirst: bool | None = None) -> str:
    """The HTML report of a classified survey, as a string.

    Parameters
    ----------
    frame : classified DataFrame (``Model.classify_frame`` output with the survey's score columns).
    nps, csat, ces : score columns; the first one given is the metric whose drivers are charted.
    by : themes of the drivers chart (see ``summarize``).
    period, date : trend by "week", "month" or "quarter" of the ``date`` column (detected when None);
        the trend is left out when the table has no date column, or when ``period`` is None.
    text : comment column for the verbatims (detected when None).
    min_n : themes with fewer comments are shown but marked.
    lang : "es" or "en".
    title : report title; a default in ``lang`` when None.
    top : number of themes with verbatims.
    csat_scale, csat_cutoff, csat_method, ces_scale, ces_method, ces_cutoff : see ``cxnlp.metrics``.
    dayfirst : how to read 05/01/2024 in the date column (see ``summarize``); decided from the data when None.
    """
    if lang not in LANGS:
        raise DataError(f"lang {lang!r} is not supported; expected one of {LANGS}.")
    t = STRINGS[lang]
    opts = dict(csat_scale=csat_scale, csat_cutoff=csat_cutoff, csat_method=csat_method,
                ces_scale=ces_scale, ces_method=ces_method, ces_cutoff=ces_cutoff)
    cols = {"nps": nps, "csat": csat, "ces": ces}
    kw = dict(min_n=min_n, dayfirst=dayfirst, **cols, **opts)
    ctx = _Context(frame, lang, t, min_n, cols, opts)
    main = next((m for m in METRICS if cols[m]), None)

    drivers = summarize(frame, by=by, **kw)
    if period is not None and date is None:
        try:
            date = detect_date_column(frame.columns, period)
        except DataError:
            period = None
    trend = summarize(frame, by=None, period=period, date=date, **kw) if period else None
    theme_trend = summarize(frame, by=by, period=period, date=date, **kw) if period else None

    body = [_header(ctx, title, date, dayfirst), _kpis(ctx)]
    body.append(_drivers(ctx, drivers, main))
    if "cx_touchpoints" in frame:
        touch = drivers if drivers.attrs["by"] == ["touchpoints"] else summarize(frame, by="touchpoints", **kw)
        body.append(_sentiment(ctx, touch))
    if "cx_areas" in frame:
        body.append(_areas(ctx, summarize(frame, by="areas", **kw), main))
    body.append(_trend(ctx, trend, theme_trend, drivers, main))
    body.append(_verbatims(ctx, drivers, main, text, top))
    body.append(_method(ctx, drivers, main))
    doc_title = html.escape(title or t["title"])
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="cxnlp {__version__}">\n<title>{doc_title}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n" + "\n".join(body) +
            f"\n</main>\n<script>{_RENDER_CHECK}</script>\n</body>\n</html>\n")


def write_report(frame: pd.DataFrame, path: str | Path, **kwargs) -> Path:
    """Write ``build_report(frame, **kwargs)`` to ``path`` atomically (UTF-8); returns the path."""
    document = build_report(frame, **kwargs)
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(document, encoding="utf-8")
    return path


# Marks <html data-charts-rendered="N"> with the number of charts the browser laid out with
# visible content, so a headless browser can check the report renders (tests/test_report.py).
_RENDER_CHECK = ("document.documentElement.dataset.chartsRendered=[...document.querySelectorAll('svg.chart')]"
                 ".filter(s=>{const b=s.getBoundingClientRect();return b.width>50&&b.height>30&&"
                 "s.querySelectorAll('path,use').length>5}).length;")


class _Context:
    """What every section needs: the frame, language, number formatting and theme names."""

    def __init__(self, frame, lang, t, min_n, cols, opts):
        self.frame, self.lang, self.t, self.min_n, self.cols = frame, lang, t, min_n, cols
        self.specs = {"nps": NPS(),
                      "csat": CSAT(scale=opts["csat_scale"], cutoff=opts["csat_cutoff"], method=opts["csat_method"]),
                      "ces": CES(scale=opts["ces_scale"], method=opts["ces_method"], cutoff=opts["ces_cutoff"])}

    def num(self, value, digits: int = 1, signed: bool = False) -> str:
        if value is None or not np.isfinite(value):
            return "–"
        s = f"{value:+,.{digits}f}" if signed else f"{value:,.{digits}f}"
        if self.lang == "es":
            s = s.translate(str.maketrans({",": ".", ".": ","}))
        return s.replace("-", "\u2212")

    def interval(self, low, high, digits: int) -> str:
        return self.t["ci_range"].format(lo=self.num(low, digits), hi=self.num(high, digits))

    def name(self, row: pd.Series, by: list[str]) -> str:
        """Display name of a summary row's theme: Spanish labels, or English ones from the label ids."""
        if not by:
            return "Total"
        if self.lang == "es":
            return str(row["label"])
        return " × ".join(english_name(row[d]) if d in _AXES else str(row[d]) for d in by)

    def label(self, value: str) -> str:
        return display_name(value) if self.lang == "es" else english_name(value)

    def metric_title(self, m: str) -> str:
        spec = self.specs[m]
        if m == "nps":
            return self.t["nps_desc_nps"]
        kind = "mean" if spec.method == "mean" else "share"
        return self.t[f"{m}_desc_{kind}"].format(lo=spec.scale[0], hi=spec.scale[1], cut=self.num(spec.cutoff, 0))

    def is_mean(self, m: str) -> bool:
        return m in self.specs and self.specs[m].method == "mean"

    def result(self, m: str):
        return self.specs[m].result(self.frame[find_column(self.frame.columns, self.cols[m], f"{m.upper()} column")])

    def digits(self, m: str) -> int:
        return 0 if m == "nps" else (2 if self.is_mean(m) else 1)


def _section(anchor: str, heading: str, lead: str, content: str) -> str:
    lead_html = f'<p class="lead">{lead}</p>' if lead else ""
    return f'<section id="{anchor}">\n<h2>{heading}</h2>\n{lead_html}\n{content}\n</section>'


# -- sections ---------------------------------------------------------------------------------
def _header(ctx: _Context, title, date, dayfirst) -> str:
    t, frame = ctx.t, ctx.frame
    n_comments = int(frame["cx_status"].isin(LABELLED_STATUSES).sum()) if "cx_status" in frame else 0
    parts = [t["responses"].format(n=ctx.num(len(frame), 0)), t["comments"].format(n=ctx.num(n_comments, 0))]
    if date is not None:
        days = to_days(frame[date], dayfirst)
        days = days[~np.isnat(days)]
        if days.size:
            parts.append(f"{_fmt_date(days.min(), ctx.lang)} – {_fmt_date(days.max(), ctx.lang)}")
    today = _fmt_date(np.datetime64(_dt.date.today()), ctx.lang)
    return (f'<header><p class="eyebrow">{t["eyebrow"]}</p><h1>{html.escape(title or t["title"])}</h1>'
            f'<p class="meta">{" · ".join(parts)}</p>'
            f'<p class="meta small">{t["generated"].format(date=today, version=__version__)}</p></header>')


def _kpis(ctx: _Context) -> str:
    cards = []
    for m in METRICS:
        if not ctx.cols[m]:
            continue
        r = ctx.result(m)
        d = ctx.digits(m)
        unit = "" if m == "nps" or ctx.is_mean(m) else "%"
        extra = ""
        if m == "nps" and r.n:
            p, a, dd = (100 * r.counts[k] / r.n for k in ("promoters", "passives", "detractors"))
            extra = (f'<div class="split" aria-hidden="true"><span class="pos" style="width:{p:.1f}%"></span>'
                     f'<span class="neu" style="width:{a:.1f}%"></span><span class="neg" style="width:{dd:.1f}%">'
                     f'</span></div><p class="split-legend"><b class="c-pos">{ctx.num(p, 0)}%</b> {ctx.t["promoters"]} · '
                     f'{ctx.num(a, 0)}% {ctx.t["passives"]} · <b class="c-neg">{ctx.num(dd, 0)}%</b> {ctx.t["detractors"]}</p>')
        excluded = [ctx.t[k].format(n=ctx.num(getattr(r, k), 0)) for k in ("blank", "out_of_range", "non_numeric")
                    if getattr(r, k)]
        exc = f'<p class="excl">{ctx.t["excluded"]}: {", ".join(excluded)}</p>' if excluded else ""
        cards.append(f'<div class="kpi" id="kpi-{m}"><p class="kpi-name">{m.upper()}</p>'
                     f'<p class="kpi-value">{ctx.num(r.value, d, signed=m == "nps" and r.value > 0)}<small>{unit}</small></p>'
                     f'<p class="kpi-desc">{ctx.metric_title(m)}</p>'
                     f'<p class="kpi-ci">{ctx.interval(r.low, r.high, d)} · n = {ctx.num(r.n, 0)}</p>'
                     f"{extra}{exc}</div>")
    if not cards:
        cards.append(f'<div class="kpi"><p class="kpi-desc">{ctx.t["no_metrics"]}</p></div>')
    return f'<section id="summary" class="kpis">{"".join(cards)}</section>'


def _drivers(ctx: _Context, s, main) -> str:
    t = ctx.t
    by = s.attrs["by"]
    if main is None or s.empty:
        return ""  # the headline already says that no score column was given
    s = s[s[f"{main}_impact"].notna()]
    s = s.reindex(s[f"{main}_impact"].abs().sort_values(ascending=False).index[:16])
    s = s.sort_values(f"{main}_impact")
    names = [ctx.name(r, by) for _, r in s.iterrows()]
    svg = charts.impact_chart(names, s[f"{main}_impact"], s[f"{main}_impact_significant"], s["below_min_n"],
                              xlabel=t["impact_axis"].format(metric=main.upper()), fmt=ctx.num,
                              alt=t["drivers_title"].format(metric=main.upper()))
    legend = (f'<p class="legend"><span class="sw sig"></span>{t["sig"]} <span class="sw nosig"></span>{t["nosig"]} '
              f'<span class="sw small"></span>{t["small"].format(n=ctx.min_n)}</p>')
    d = ctx.digits(main)
    rows = []
    for (_, r), name in zip(s.iterrows(), names):
        flag = " low" if r["below_min_n"] else ""
        sig = "●" if r[f"{main}_impact_significant"] else ""
        cls = "c-neg" if r[f"{main}_impact"] < 0 else "c-pos"
        rows.append(f'<tr class="{flag.strip()}"><td>{html.escape(name)}</td><td class="r">{ctx.num(r["n"], 0)}</td>'
                    f'<td class="r">{ctx.num(r["share"], 0)}%</td>'
                    f'<td class="r">{ctx.num(r[main], d)} <span class="ci">[{ctx.num(r[f"{main}_low"], d)}; '
                    f'{ctx.num(r[f"{main}_high"], d)}]</span></td><td class="r {cls}">{ctx.num(r[f"{main}_impact"], 1, True)}'
                    f' <span class="sig-dot">{sig}</span></td><td class="r">{ctx.num(r["net_sentiment"], 0, True)}</td></tr>')
    count = t["comments_axis"] if all(dim in _AXES for dim in by) else t["responses_col"]
    head = "".join(f"<th>{h}</th>" for h in t["drivers_cols"]).format(metric=main.upper(), count=count)
    note = t["drivers_note"].format(n=ctx.min_n)
    table = (f'<table class="data"><caption>{note}</caption><thead><tr>{head}</tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>')
    return _section("drivers", t["drivers_title"].format(metric=main.upper()),
                    t["drivers_lead"].format(metric=main.upper()), f"<figure>{svg}{legend}</figure>{table}")


def _sentiment(ctx: _Context, s) -> str:
    t = ctx.t
    by = s.attrs["by"]
    s = s[s["n"] > 0].sort_values(["net_sentiment", "n"], ascending=[False, False])
    names = [ctx.name(r, by) for _, r in s.iterrows()]
    labels = {k: ctx.label(k) for k in charts.SENTIMENT_ORDER}
    svg = charts.sentiment_chart(names, {k: s[k].to_numpy() for k in charts.SENTIMENT_ORDER if k in s},
                                 s["n"].tolist(), labels=labels, n_label="n =", fmt=ctx.num,
                                 alt=t["sentiment_title"])
    return _section("sentiment", t["sentiment_title"], t["sentiment_lead"], f"<figure>{svg}</figure>")


def _areas(ctx: _Context, s, main) -> str:
    t = ctx.t
    by = s.attrs["by"]
    s = s.sort_values("n", ascending=False)
    names = [ctx.name(r, by) for _, r in s.iterrows()]
    counts = {k: (s[k].fillna(0) * s["n"] / 100).to_numpy() for k in charts.SENTIMENT_ORDER if k in s}
    svg = charts.volume_chart(names, counts, labels={k: ctx.label(k) for k in charts.SENTIMENT_ORDER},
                              xlabel=t["comments_axis"], fmt=ctx.num, alt=t["areas_title"])
    cells = []
    for (_, r), name in zip(s.iterrows(), names):
        metric = (f'<span class="chip-metric">{main.upper()} {ctx.num(r[main], ctx.digits(main))}</span>'
                  if main else "")
        cells.append(f'<div class="chip{" low" if r["below_min_n"] else ""}"><b>{html.escape(name)}</b>'
                     f'<span>{ctx.num(r["share"], 0)}% {t["of_comments"]}</span>{metric}'
                     f'<span>{t["net"]} {ctx.num(r["net_sentiment"], 0, True)}</span></div>')
    return _section("areas", t["areas_title"], t["areas_lead"], f'<figure>{svg}</figure><div class="chips">{"".join(cells)}</div>')


def _trend(ctx: _Context, trend, theme_trend, drivers, main) -> str:
    t = ctx.t
    if trend is None or trend.empty:
        return _section("trend", t["trend_title_none"], t["no_dates"], "")
    period_name = t["periods"][trend.attrs["period"]]
    series = []
    for m in METRICS:
        if ctx.cols[m]:
            lo, hi = ctx.specs[m].bounds
            series.append({"title": f"{m.upper()} · {ctx.metric_title(m)}", "value": trend[m], "low": trend[f"{m}_low"],
                           "high": trend[f"{m}_high"], "ylim": (lo, hi), "digits": 1 if ctx.is_mean(m) else 0})
    if not series:
        series.append({"title": t["net"], "value": trend["net_sentiment"], "low": trend["net_sentiment"],
                       "high": trend["net_sentiment"], "ylim": (-100, 100)})
    periods = [_fmt_period(p, ctx.lang) for p in trend["period"]]
    svg = charts.trend_chart(periods, series, fmt=ctx.num,
                             alt=t["trend_title"].format(period=period_name))
    heat = _heat_table(ctx, theme_trend, drivers, main or "net_sentiment", list(trend["period"])[-HEAT_PERIODS:])
    excluded = trend.attrs.get("date_excluded", 0)
    note = f'<p class="excl">{t["date_excluded"].format(n=ctx.num(excluded, 0))}</p>' if excluded else ""
    return _section("trend", t["trend_title"].format(period=period_name), t["trend_lead"],
                    f"<figure>{svg}</figure>{note}{heat}")


def _heat_table(ctx: _Context, s, drivers, metric, periods) -> str:
    by = s.attrs["by"]
    themes = drivers[~drivers["below_min_n"]].head(8)["theme"].tolist()
    s = s[s["theme"].isin(themes)]
    if s.empty:
        return ""
    centre = ctx.result(metric).value if metric in METRICS else 0.0
    spread = max(float(np.nanmax(np.abs(s[metric] - centre))) if s[metric].notna().any() else 1.0, 1e-9)
    d = ctx.digits(metric) if metric in METRICS else 0
    head = "".join(f'<th class="r">{_fmt_period(p, ctx.lang)}</th>' for p in periods)
    rows = []
    for theme in themes:
        part = s[s["theme"] == theme].set_index("period")
        if part.empty:
            continue
        cells = []
        for p in periods:
            if p not in part.index or not np.isfinite(part.loc[p, metric]):
                cells.append('<td class="r na">–</td>')
                continue
            v, n = part.loc[p, metric], int(part.loc[p, "n"])
            x = max(-1.0, min(1.0, (v - centre) / spread))
            color = f"rgba(46,139,87,{0.10 + 0.35 * x:.2f})" if x >= 0 else f"rgba(200,69,59,{0.10 - 0.35 * x:.2f})"
            low = " low" if n < ctx.min_n else ""
            cells.append(f'<td class="r{low}" style="background:{color}" title="n = {n}">{ctx.num(v, d)}</td>')
        name = ctx.name(part.iloc[0], by)
        rows.append(f"<tr><td>{html.escape(name)}</td>{''.join(cells)}</tr>")
    caption = ctx.t["heat_caption"].format(metric=metric.upper() if metric in METRICS else ctx.t["net"], n=ctx.min_n)
    return (f'<table class="data heat"><caption>{caption}</caption><thead><tr><th>{ctx.t["theme"]}</th>{head}</tr>'
            f'</thead><tbody>{"".join(rows)}</tbody></table>')


def _verbatims(ctx: _Context, drivers, main, text, top) -> str:
    from ._verbatims import pick_verbatims

    t = ctx.t
    try:
        text_col = detect_text_column(ctx.frame.columns, text)
    except DataError:
        if text is not None:
            raise
        text_col = None
    key = f"{main}_impact" if main else "net_sentiment"
    pool = drivers[~drivers["below_min_n"] & drivers[key].notna()]
    chosen = pd.concat([pool.nsmallest(math.ceil(top / 2), key), pool[pool[key] > 0].nlargest(top // 2, key)])
    chosen = chosen[~chosen.index.duplicated()]
    by = drivers.attrs["by"]
    score_col = find_column(ctx.frame.columns, ctx.cols[main], "Score column") if main else None
    blocks = []
    for _, r in chosen.iterrows():
        sentiment = "negative" if r[key] < 0 else "positive"
        quotes = pick_verbatims(ctx.frame, by, r, sentiment, text_col, score_col=score_col)
        if not quotes:
            continue
        items = "".join(f'<blockquote class="{html.escape(str(q["sentiment"]))}">{q["html"]}<footer>{q["meta"]}</footer>'
                        "</blockquote>" for q in quotes)
        badge = (f'{main.upper()} {ctx.num(r[f"{main}_impact"], 1, True)}' if main
                 else f'{t["net"]} {ctx.num(r["net_sentiment"], 0, True)}')
        blocks.append(f'<div class="theme-quotes"><h3>{html.escape(ctx.name(r, by))} <span class="badge {sentiment}">'
                      f'{badge}</span></h3>{items}</div>')
    content = "".join(blocks) or f"<p>{t['no_verbatims']}</p>"
    return _section("verbatims", t["verbatims_title"], t["verbatims_lead"], content)


def _method(ctx: _Context, drivers, main) -> str:
    t = ctx.t
    small, by = drivers[drivers["below_min_n"]], drivers.attrs["by"]
    items = [t["method_metrics"], t["method_ci"], t["method_impact"], t["method_themes"],
             t["method_min_n"].format(n=ctx.min_n)]
    if not small.empty:
        names = ", ".join(f"{html.escape(ctx.name(r, by))} (n = {r['n']})" for _, r in small.iterrows())
        items.append(t["method_small"].format(n=ctx.min_n, themes=names))
    if "cx_needs_review" in ctx.frame and "cx_status" in ctx.frame:
        labelled = ctx.frame["cx_status"].isin(LABELLED_STATUSES)
        if labelled.any():
            share = 100 * ctx.frame.loc[labelled, "cx_needs_review"].astype(bool).mean()
            items.append(t["method_review"].format(pct=ctx.num(share, 0)))
    return _section("method", t["method_title"], "", "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")


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

