"""The report's trend section: each metric by period (a chart and a table of its numbers) and every theme by
period (a heat table). Periods without responses are drawn blank, or cut from the axis when the run is long; a
stray period (one mistyped date) is left out; each is named in a note. ``trend`` returns what the template
(``trend.html.j2``) shows, or None to leave the section out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from markupsafe import Markup

from ..insights.changes import usual_periods
from ..metrics import Metric, summarize
from ..metrics.periods import period_index, period_range, periods_between, to_days
from . import charts
from .page import Page, chart_data, listed

HEAT_PERIODS = 12  # the theme-by-period table shows the latest periods only (the trend chart, every one), and says so
#: A run of periods without responses is drawn blank on the trend when no longer than this or than the number of
#: periods with responses; a longer one is cut from the axis (``CUT_MARK``) and named in a note.
TREND_GAP = 3
CUT_MARK = "⋯"


def trend(page: Page, trend, theme_trend, drivers, main: Metric | None) -> dict | None:
    """The trend: None without a date column; only ``missing`` (why there is none) when no date of it was read."""
    if trend is None:
        return None
    if trend.empty and not trend.attrs["date_excluded"]:  # no rows to date: "none of the 0 dates could be read" misled
        return {"missing": page.html["trend_no_rows"]}
    if trend.empty:  # a date column, and not one date read from it: "no date column was found" misled
        return {"missing": _unreadable_dates(page, trend.attrs["date_column"], trend.attrs["date_excluded"],
                                             trend.attrs["dayfirst"])}
    attrs = trend.attrs
    period_name = page.words["periods"][attrs["period"]]
    # A stray period (one mistyped 2042 date) is left out and named, as "what changed" passes it over: drawn, it
    # stretched the axis and took a column of the heat table.
    usual = usual_periods(trend["n"].to_numpy())
    stray = trend.drop(trend.index[usual])  # stray_periods(trend)'s rows
    counts = trend.set_index("period")["n"]
    trend = trend.iloc[usual].set_index("period")
    # Every calendar period from the first to the last, those without responses blank: drawn one step apart, July,
    # August and December read as three months in a row, joined by a line. A run of blanks longer than that is
    # cut instead (one slot, "start..end"): twelve answers typed 2014 before a half-year of 2024 drew 123 blank months.
    axis = _trend_axis(list(trend.index), attrs["period"])
    calendar = [p for p in axis if ".." not in p]  # the periods on the axis, blank or not
    cuts = [k for k, p in enumerate(axis) if ".." in p]
    drawn_n = trend["n"]
    trend = trend.reindex(axis)
    series, unanswered = [], []
    for metric, _ in page.measures:
        m = metric.name
        if not trend[m].notna().any():  # no valid answer in any period: an empty panel on an axis about 0, unsaid
            unanswered.append(metric.label)
            continue
        series.append({"title": f"{metric.label} · {page.describe(metric)}", "value": trend[m],
                       "low": trend[f"{m}_low"], "high": trend[f"{m}_high"], "ylim": metric.bounds,
                       "digits": page.digits(metric), "signed": metric.kind == "net",
                       "label": page.tr("metric_col", metric=metric.label), "interval": True,
                       "unit": page.words["pct"] if metric.kind == "share" else ""})  # CSAT 21,7 %, as its card
    if not series and not trend["net_sentiment"].notna().any():  # a panel of "–" in every period, every theme's too
        return {"missing": page.tr("trend_nothing")}
    lead = page.html["trend_lead"]
    if not series:  # net sentiment, which has no interval: the lead promised each metric's band
        lead = page.html["trend_lead_net"]
        series.append({"title": page.words["net"], "value": trend["net_sentiment"], "low": trend["net_sentiment"],
                       "high": trend["net_sentiment"], "ylim": (-100, 100), "digits": 0, "signed": True,
                       "label": page.words["net"], "interval": False, "unit": ""})
    periods = [_period_span(page, p) for p in axis]  # a cut as its first and last period, in the table
    title = page.words["trend_title"].format(period=period_name)
    svg = charts.trend_chart([CUT_MARK if k in cuts else p for k, p in enumerate(periods)], series, fmt=page.num,
                             alt=title, table="trend-data", cuts=cuts)
    excluded = attrs.get("date_excluded", 0)
    notes = [page.count("date_excluded", excluded)] if excluded else []
    if gaps := [p for p in calendar if p not in counts.index]:
        notes.append(page.count("trend_gaps", len(gaps), periods=listed(page.period(p) for p in gaps)))
    if cuts:
        notes.append(_cut_note(page, axis, cuts, attrs["period"], drawn_n))
    if unanswered:
        notes.append(page.count("trend_unanswered", len(unanswered), metrics=page.joined(unanswered)))
    if not stray.empty:
        notes.append(page.count("trend_stray", int(stray["n"].sum()),
                                periods=", ".join(page.period(p) for p in stray["period"])))
    # Responses per slot of the axis, from its first to its last period: a cut's are those of stray periods inside it.
    spans = [p.split("..") for p in axis]
    in_slot = [int(counts[(counts.index >= span[0]) & (counts.index <= span[-1])].sum()) for span in spans]
    return {"missing": None, "period": period_name, "lead": lead, "svg": Markup(svg),
            "data": _trend_data(page, title, periods, in_slot, series),
            "excluded": Markup(" ").join(notes) if notes else None,
            "heat": _heat_table(page, theme_trend[~theme_trend["period"].isin(stray["period"])], drivers, main,
                                calendar)}


def stray_periods(trend: pd.DataFrame | None) -> list[str]:
    """The periods of ``trend`` (a summary by period) that the trend leaves out as stray: one mistyped 2042 date."""
    if trend is None or trend.empty:
        return []
    return trend["period"].drop(trend.index[usual_periods(trend["n"].to_numpy())]).tolist()


def stray_rows(dates: pd.Series, trend: pd.DataFrame | None) -> np.ndarray:
    """Which rows of ``dates`` lie in a period the trend leaves out (``stray_periods``): the report's header leaves
    them out of its span of dates too, which ran to 2042 beside a trend of 2024."""
    stray = stray_periods(trend)
    if not stray:
        return np.zeros(len(dates), dtype=bool)
    index, labels, _ = period_index(dates, trend.attrs["period"], trend.attrs["dayfirst"])
    return (index >= 0) & np.isin(np.array([*labels, ""], dtype=object)[index], stray)


def _trend_axis(labels: list[str], period: str) -> list[str]:
    """The trend's x axis from the periods with responses (sorted ``labels``): each run of periods without
    responses between two of them is drawn blank when it is short, no longer than ``TREND_GAP`` or the number of
    periods with responses, so that blanks never crowd the data; a longer one is cut, one slot "first..last"."""
    longest = max(TREND_GAP, len(labels))
    axis = labels[:1]
    for before, after in zip(labels, labels[1:]):
        between = periods_between(before, after, period)
        if between > longest:
            inside = period_range(before, after, period)
            axis.append(f"{inside[1]}..{inside[-2]}")
        elif between:
            axis.extend(period_range(before, after, period)[1:-1])
        axis.append(after)
    return axis


def _period_span(page: Page, slot: str) -> str:
    """A period of the trend's axis as the report writes it; a cut run as its first and last period."""
    return " – ".join(page.period(p) for p in slot.split(".."))


def _cut_note(page: Page, axis: list[str], cuts: list[int], period: str, n: pd.Series) -> Markup:
    """The runs of blank periods cut from the trend's axis, and the responses of each stretch between cuts: twelve
    answers far from the rest (a year typed 2014) are named, with their count, not hidden."""
    runs = [axis[k].split("..") for k in cuts]
    stretches = [axis[a + 1:b] for a, b in zip([-1, *cuts], [*cuts, len(axis)])]
    parts = [f"{_period_span(page, f'{s[0]}..{s[-1]}' if len(s) > 1 else s[0])}: {page.num(n.reindex(s).sum(), 0)}"
             for s in stretches]
    return page.tr("trend_cut", n=page.num(sum(periods_between(a, b, period) + 2 for a, b in runs), 0),
                   ranges=listed((_period_span(page, axis[k]) for k in cuts), 6), parts=listed(parts, 6, "; "))


def _unreadable_dates(page: Page, column, excluded: int, dayfirst) -> Markup:
    """Why a date column gives no trend: how many of its dates could not be read, and a few of them."""
    cells = page.frame[column]
    unread = cells[np.isnat(to_days(cells, dayfirst)) & cells.notna() & (cells.astype(str).str.strip() != "")]
    from ..pii import shown_cell

    # a date column may hold a phone or an e-mail typed in the wrong cell: shown redacted and cut, as the lines of
    # summarize and changes quote such cells
    values = [shown_cell(str(v).strip()) for v in pd.unique(unread.to_numpy())[:3]]
    examples = (page.tr("unreadable_examples", values=Markup(", ").join(page.html["quoted"].format(v) for v in values))
                if values else "")
    return page.count("no_readable_dates", excluded, column=page.column_name(column), examples=examples)


def _trend_data(page: Page, title: str, periods: list[str], counts, series: list[dict]) -> dict:
    """The trend chart's numbers: responses per period, and each series' value with its interval (the net
    sentiment, drawn without one, alone)."""
    def shown(s, i) -> str:
        value, low, high = (page.num(np.asarray(s[k], dtype=float)[i], s["digits"], s["signed"])
                            for k in ("value", "low", "high"))
        if value == "–":  # a period left blank
            return value
        return f"{value}{s['unit']} [{low}; {high}]" if s["interval"] else value + s["unit"]

    head = [page.words["period_col"], page.words["responses_col"], *(s["label"] for s in series)]
    rows = [[period, page.num(n, 0), *(shown(s, i) for s in series)]
            for i, (period, n) in enumerate(zip(periods, counts))]
    return chart_data("trend-data", title, head, rows)


def _heat_centre(page: Page, attrs: dict, periods: list[str], main: Metric | None) -> tuple[float, float | None]:
    """The value the heat table's cells are compared with, over the rows they come from: those dated in ``periods``
    (the trend's). Over every row, 400 undated detractors put the centre at NPS −63 and each theme ▲ at −2. Second,
    the overall value (every row) where other rows are left out, for the note to tell the two apart."""
    row_period, labels, _ = period_index(page.frame[attrs["date_column"]], attrs["period"], attrs["dayfirst"])
    drawn = np.append(np.isin(labels, periods), False)[row_period]  # -1, no readable date: the last, never drawn
    return (_overall(page, page.frame[drawn], main),
            None if drawn.all() else _overall(page, page.frame, main))


def _overall(page: Page, frame: pd.DataFrame, main: Metric | None) -> float:
    """The main metric of ``frame``'s rows, or their net sentiment without a metric."""
    if main:
        return main.result(frame[page.measures[0][1]]).value
    return float(summarize(frame, by=None, min_n=page.min_n)["net_sentiment"].iloc[0])


def _heat_table(page: Page, s, drivers, main: Metric | None, periods) -> dict | None:
    """Every theme with at least ``min_n`` responses (rows that carry it) by period, over the last ``HEAT_PERIODS``
    of ``periods``."""
    by, attrs = s.attrs["by"], s.attrs
    themes = drivers[~drivers["below_min_n"]]["theme"].tolist()  # a table holds them all (it kept 8)
    total, periods_drawn, periods = len(periods), periods, periods[-HEAT_PERIODS:]
    s = s[s["theme"].isin(themes)]
    if s.empty:
        return None
    column = main.name if main else "net_sentiment"
    centre, overall = _heat_centre(page, attrs, periods_drawn, main)
    spread = max(float(np.nanmax(np.abs(s[column] - centre))) if s[column].notna().any() else 1.0, 1e-9)
    digits = page.digits(main) if main else 0
    unit = page.words["pct"] if main and main.kind == "share" else ""  # "21,8" under "CSAT" read as a mean

    def shown(value) -> str:  # as the KPI card shows it
        return page.num(value, digits, signed=not main or main.kind == "net") + (unit if np.isfinite(value) else "")
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
            # Above or below as shown (+9 beside an overall +9 is neither), in a mark and words, not colour only.
            side = np.sign(round(v, digits) - round(centre, digits))
            cells.append({"small": n < page.min_n, "color": color, "n": page.num(n, 0), "value": shown(v),
                          "mark": {1: "▲", -1: "▼"}.get(side), "side": page.words["heat_side"].get(side)})
        rows.append({"name": page.name(part.iloc[0], by), "cells": cells})
    # "the overall value (+11)" beside a card of +9: with undated rows left out, the note says whose value it is
    note = (page.tr("heat_note", n=page.num(page.min_n, 0), centre=shown(centre))
            if overall is None or shown(overall) == shown(centre) else
            page.tr("heat_note_dated", n=page.num(page.min_n, 0), centre=shown(centre), overall=shown(overall)))
    if len(periods) < total:
        note = Markup(" ").join([note, page.tr("heat_periods", shown=page.num(len(periods), 0),
                                               total=page.num(total, 0))])
    return {"caption": page.tr("heat_title", metric=main.label if main else page.words["net"]), "note": note,
            "periods": [page.period(p) for p in periods], "rows": rows}
