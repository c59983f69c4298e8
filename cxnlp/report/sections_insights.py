"""The report's sections on ``cxnlp.insights``: key drivers (priority matrix and table) and what
changed between two periods. Each returns what its template shows, or None to leave it out."""

from __future__ import annotations

import numpy as np
import pandas as pd
from markupsafe import Markup

from ..columns import AXIS_NAMES
from ..exceptions import DataError
from ..insights.changes import TINY_CHANGE, changes, empty_said, latest_periods, month_labels, tiny_change
from ..insights.drivers import MIN_DEFINED, N_BOOT, drivers
from ..metrics import Metric
from ..metrics.periods import AUTO_PERIOD, PERIODS, chosen_period
from ..metrics.themes import LABELLED_STATUSES, is_label_column, resolve_by
from . import charts
from ._metric_kinds import method_kind
from .page import MISSING, Page, by_source, largest_remainder, listed, tone

MATRIX_THEMES = 16  # the priority matrix draws the most important themes only, and says so; its table holds every theme
NOTABLE = 8  # notable changes listed above the table (which marks every significant one), and how many more


def key_drivers(page: Page, by) -> dict | None:
    """Each theme's effect on the first metric with the other themes held fixed (``cxnlp.drivers``)."""
    metric, column = page.measures[0]
    if not resolve_by(page.frame, by):  # by=None: drivers' "needs themes" was said as "too few responses"
        return {"metric": metric.label, "unavailable": page.html["keydrivers_no_themes"]}
    try:
        d = drivers(page.frame, column, by=by, metric=metric, min_n=page.min_n, n_boot=N_BOOT)
    except DataError as error:
        # A survey without comments leaves the section out; any other reason (themes that cannot be told apart, too
        # few answers) is said in the section rather than the section vanishing (docs/report.md).
        if "cx_status" in page.frame and not page.frame["cx_status"].isin(LABELLED_STATUSES).any():
            return None
        note = _unavailable(page, error)
        return {"metric": metric.label,
                "unavailable": note if note is not None else page.tr("keydrivers_few", metric=metric.label)}
    dims = d.attrs["by"]
    ranked = d[~d["below_min_n"]]
    # Nothing to rank (every theme under min_n, or one in every comment), or no theme that explains any of the score
    # (it never varies, or its mean is the same with and without each theme): the heading and why.
    if ranked.empty:
        return {"metric": metric.label, "unavailable": page.count("keydrivers_none_ranked", page.min_n)}
    if ranked["quadrant"].isna().all():
        return {"metric": metric.label, "unavailable": page.tr("keydrivers_constant", metric=metric.label)}
    names = {i: page.name(r, dims) for i, r in d.iterrows()}
    method = page.words[f"importance_{d.attrs['method']}"]
    # A label axis's model holds the classified comments with a score, a column of yours every response with one:
    # the % of each theme is said of that, not of the responses with a theme that the table above counts.
    comments = any(is_label_column(column) for _, column in resolve_by(page.frame, by))
    drawn = ranked.head(MATRIX_THEMES)  # ranked by importance; the table below holds them all
    svg = charts.priority_chart([names[i] for i in drawn.index], drawn["share"], drawn["effect"],
                                drawn["effect_low"], drawn["effect_high"],
                                drawn["effect_significant"].fillna(False),  # unknown (no interval): faded
                                among=list(names.values()), split=d.attrs["share_median"], quadrants=page.words["quadrants"],
                                xlabel=page.words["matrix_x" if comments else "matrix_x_responses"],
                                ylabel=page.words["matrix_y"].format(metric=metric.label),
                                fmt=page.num, alt=page.words["keydrivers_title"].format(metric=metric.label),
                                table="key-drivers-table")
    small = d[d["below_min_n"]]
    digits = page.impact_digits(metric)
    importance = _importance_shown(ranked["importance"])
    rows = []
    for i, r in pd.concat([ranked, small]).iterrows():
        is_small = bool(r["below_min_n"])
        significant, disagrees = (bool(pd.notna(r[c]) and r[c]) for c in ("effect_significant", "disagrees"))  # NA: no
        # the interval holds the importance as shown: 33.6 rounded down to 33 beside 33.55 read "33 [34; 40]"
        shown, low, high = importance.get(i, r["importance"]), r["importance_low"], r["importance_high"]
        rows.append({
            # no rank or quadrant (too few answers): the dash of a missing value, not a cell read as blank
            "small": is_small, "rank": MISSING if is_small else str(int(r["rank"])), "name": names[i],
            "n": page.num(r["n"], 0), "share": page.num(r["share"], 0),
            "effect": page.num(r["effect"], digits, True), "low": page.num(r["effect_low"], digits, True),
            "high": page.num(r["effect_high"], digits, True), "tone": tone(r["effect"], digits),
            "significant": significant, "importance": page.num(shown, 0),
            "imp_low": page.num(min(low, shown) if pd.notna(low) and pd.notna(shown) else low, 0),
            "imp_high": page.num(max(high, shown) if pd.notna(high) and pd.notna(shown) else high, 0),
            "impact": page.num(r["impact"], digits, True),
            "impact_significant": bool(r["impact_significant"]) and not is_small,
            "disagrees": disagrees,
            "quadrant": MISSING if is_small else page.words["quadrants"].get(r["quadrant"], MISSING),
            "fix": r["quadrant"] == "fix_first"})
    fields = {"boot": page.num(d.attrs["n_boot"], 0), "method": method}
    # An interval withheld (a blank [–; –]) says why.
    withheld = bool(d.attrs["n_boot"]) and bool(
        ((ranked["effect"].notna() & ranked["effect_low"].isna())
         | (ranked["importance"].notna() & ranked["importance_low"].isna())).any())
    shown = (page.tr("matrix_shown", shown=page.num(len(drawn), 0), total=page.num(len(ranked), 0))
             if len(drawn) < len(ranked) else None)
    return {"metric": metric.label, "unavailable": None, "svg": Markup(svg), "rows": rows, "shown": shown,
            "head": [h.format(metric=metric.label) for h in page.html["keydrivers_cols"]],
            # (by a column of yours, "a response whose comment mentions the theme" said of a country)
            "lead": page.tr("keydrivers_lead" if comments else "keydrivers_lead_responses", metric=metric.label,
                            method=method),
            "note": Markup(" ").join(_legend(page, rows, fields) + [page.count("keydrivers_note", page.min_n,
                                                                                 r2=page.num(d.attrs["r2"], 3))])
            + Markup(" ")
            + page.tr("keydrivers_share_comments" if comments else "keydrivers_share",
                      n=page.num(d.attrs["respondents"], 0), metric=metric.label) + (
                Markup(" ") + page.tr("keydrivers_withheld", share=page.num(100 * MIN_DEFINED, 0))
                if withheld else "") + (
                # Left out with min_n responses or more: in every one (the note's italics said "fewer than min_n"),
                # or in all but fewer than min_n.
                Markup(" ") + page.tr("keydrivers_in_all") if (small["n"] >= d.attrs["respondents"]).any() else "") + (
                Markup(" ") + page.tr("keydrivers_few_without", n=page.num(page.min_n, 0))
                if ((small["n"] >= d.attrs["min_n"]) & (small["n"] < d.attrs["respondents"])).any() else ""),
            # The regression's value is the driven metric's: NPS +100/0/−100, a CES answer on its scale...
            "method": page.count("method_drivers", page.min_n, value=_driven_value(page, metric), **fields)}


def _importance_shown(importance: pd.Series) -> pd.Series:
    """The ranked themes' importances as the table shows them, whole percentages that add up to 100 as the
    importances do (largest remainders): rounded one by one, the CSAT's of the sample survey added up to 101 %.
    A missing importance stays missing."""
    return pd.Series(largest_remainder(importance), index=importance.index).where(importance.notna())


def _legend(page: Page, rows: list[dict], fields: dict) -> list[Markup]:
    """The legend of the table's ● and ≠ where a row shows one: with neither, it explained marks that were nowhere."""
    return ([page.tr("keydrivers_sig_note", **fields)] * any(r["significant"] or r["impact_significant"] for r in rows)
            + [page.tr("keydrivers_differs_note")] * any(r["disagrees"] for r in rows))


def _driven_value(page: Page, metric: Metric) -> Markup:
    """The regression's value, the driven metric's: "NPS: +100 promotor, 0 pasivo, −100 detractor", another net
    metric's own points ("+100 (5), 0 (3–4) y −100 (1–2)"), a CES answer on its scale..."""
    kind = method_kind(metric)
    if kind != "net_own":
        return page.tr(f"method_drivers_{kind}", metric=metric.label)
    return page.tr("method_drivers_net_own", metric=metric.label,
                   points=page.net_values(metric))


def _unavailable(page: Page, error: DataError) -> Markup | None:
    """Why the key drivers cannot be computed, in the report's words, when it is that themes cannot be told apart (two
    themes that the same respondents mention; mutually exclusive themes, as one value of a column of yours per
    respondent), that a column of yours is blank in every row, or that more themes than ``MAX_THEMES`` have ``min_n``
    respondents; None for any other reason (too few answers: the section
    says so in ``keydrivers_few``)."""
    if blank := getattr(error, "blank", None):  # a column of yours with no value in any row (a blank 'tienda')
        return page.tr("keydrivers_blank", columns=page.columns(blank))
    twins = getattr(error, "twins", None)
    if twins:
        return page.tr("keydrivers_twins", a=page.label(twins[0]), b=page.label(twins[1]))
    if getattr(error, "unidentified", False):
        return page.html["keydrivers_unidentified"]
    if most := getattr(error, "too_many", None):  # hundreds of stores: more themes than the model takes
        return page.tr("keydrivers_too_many", most=page.num(most, 0))
    return None


def what_changed(page: Page, by, spec, date, dayfirst, *, explicit: bool) -> dict | None:
    """Per theme, the change of share, net sentiment and each metric between two periods (``cxnlp.changes``).

    ``spec`` is ``changes``' ``period``; ``explicit``: it is a pair of periods (or date ranges), which must be
    compared or fail. Given as week, month or quarter, the periods are chosen from the data: when there are no
    two, the section is left out instead of failing, and the later periods passed over (without comments with a
    theme, with few, or stray) are named, with what is compared instead, or that nothing is."""
    if spec is None or (date is None and not explicit):
        return None  # a pair asked for, a missing date column is an error (from ``changes``)
    try:  # (a report's min_n of 1 tests from 2 there: a test needs two observations on each side)
        with empty_said():  # an empty table leaves the section out, below: nothing to warn of
            c = changes(page.frame, spec, by=by, metrics=[(column, metric) for metric, column in page.measures],
                        date=date, min_n=page.min_n, dayfirst=dayfirst)
    except DataError:
        if explicit:
            raise
        if PERIODS.get(chosen_period(page.frame[date], spec)) == "week" and month_labels(page.frame[date], dayfirst):
            # Month labels by week: no silent gap where the section was (changes' error says why).
            return {"title": page.html["changes_heading"], "passed": page.tr("changes_month_labels",
                                                                             column=page.columns([date])),
                    "compared": False}
        c = None
    if c is not None and c.empty:
        return None  # no response carries a theme at all (a survey without comments): nothing to compare, no word
    if c is None:
        # No two periods: those passed over for their comments are named (a stray date is the trend's to name).
        passed = [p for p in _passed_over(page, spec, by, date, dayfirst) if p["reason"] != "stray"]
        if not passed:
            return None
        # The latest period without comments is no "nothing changed": the section says why nothing is compared.
        return {"title": page.html["changes_heading"], "passed": _passed_note(page, by, passed, None),
                "compared": False}
    dims = c.attrs["by"]
    kinds = {"share": "share", "net_sentiment": "net", **{m.name: m for m, _ in page.measures}}
    # The share is of the comments by a label axis, of the responses by a column of yours (as "Qué mueve" counts).
    by_axes = bool(dims) and all(dim in AXIS_NAMES for dim in dims)  # by=None: every response
    share = "share_measure" if by_axes else "share_measure_responses"
    heads = {"share": page.words[share], "net_sentiment": page.words["net_col"],
             **{m.name: m.label for m, _ in page.measures}}
    measures = [m for m in kinds if m in set(c["measure"])]
    cells = {(r["theme"], r["measure"]): _change_cell(page, r, kinds[r["measure"]])
             for _, r in _shares_shown(c).iterrows()}
    size = _theme_sizes(c)
    first = c.drop_duplicates("theme").set_index("theme")
    themes = size.sort_values(ascending=False, kind="stable").index  # every theme, the largest first
    rows = [{"name": page.name(first.loc[t], dims), "cells": [cells.get((t, m)) for m in measures]} for t in themes]
    notable = [{"name": page.name(r, dims), "measure": heads[r["measure"]], **cells[(r["theme"], r["measure"])]}
               for _, r in c[c["notable"]].head(NOTABLE).iterrows()]
    more = int(c["notable"].sum()) - len(notable)
    attrs = c.attrs
    periods = {"before": page.period(attrs["before"]), "after": page.period(attrs["after"])}
    passed = (_passed_note(page, by, attrs["passed_over"], periods) if attrs["passed_over"]
              else _passed_note(page, by, attrs["bare"], None, compared=False) if attrs["bare"] else None)
    if future := attrs.get("future"):  # dates typed in the future, compared all the same: said, as changes warns
        said = page.count("changes_future", future["rows"], period=page.period(future["period"]))
        passed = said if passed is None else Markup(" ").join([passed, said])
    return {"title": page.tr("changes_title", **periods), "caption": page.tr("changes_table", **periods),
            "passed": passed,
            "compared": True, "method": _method_changes(page, measures, kinds, share),
            # Every cell under min_n: no test at all ("Benjamini-Hochberg over the 0 tests") is said as such.
            "tested": bool(attrs["tests"]),
            "lead": (page.count("changes_lead", attrs["tests"], tests=page.num(attrs["tests"], 0),
                                alpha=page.num(attrs["alpha"], 2))
                     if attrs["tests"] else page.tr("changes_untested", n=page.num(attrs["min_n"], 0), unit=page.words[
                         ("untested_unit" if by_axes else "untested_unit_responses")
                         + ("_one" if attrs["min_n"] == 1 else "")])),
            "tiny": _tiny_note(page, measures, kinds),
            "small": page.count("changes_small", attrs["min_n"]), "notable": notable,
            "more": page.count("changes_more", more) if more else None,
            "head": [page.words["theme"]] + [heads[m] for m in measures], "rows": rows}


def _method_changes(page: Page, measures: list[str], kinds: dict, share: str) -> Markup:
    """The method note's words on "what changed", of the measures its table shows: a table without a share (by=None)
    or without net sentiment (no cx_sentiment column) had the tests of both explained beside it."""
    tests = [page.tr("method_changes_share", share=page.html[share])] if "share" in measures else []
    others = [page.words["method_changes_net"] if measure == "net_sentiment" else kinds[measure].label
              for measure in measures if measure != "share"]
    if others:
        tests.append(page.tr("method_changes_means", measures=page.joined(others)))
    return page.tr("method_changes", tests=Markup("; ").join(tests))


def _tiny_note(page: Page, measures: list[str], kinds: dict) -> Markup:
    """The sizes under which a change is tiny, of the measures the table shows: "points of NPS or net sentiment, or
    of a mean" was said of a table of CSAT alone, without a sentiment."""
    names: dict[tuple, list] = {}
    for measure in measures:
        kind = kinds[measure] if isinstance(kinds[measure], str) else kinds[measure].kind
        if kind in TINY_CHANGE:  # a metric's own size where its scale is not the usual one
            size = TINY_CHANGE[kind] if isinstance(kinds[measure], str) else tiny_change(kinds[measure])
            names.setdefault((kind, size), []).append(
                page.html["changes_tiny_net_sentiment"] if measure == "net_sentiment"
                else getattr(kinds[measure], "label", measure))
    order = sorted(names, key=lambda key: ("share", "net", "mean").index(key[0]))  # stable: first shown first
    shown = {key: page.num(key[1], _digits(key[1], 0 if key[0] == "net" else 1)) for key in order}
    sizes = [page.tr("changes_tiny_share", value=page.num(size, 0)) if kind == "share" else  # "1 punto", not "1 puntos"
             page.tr("changes_tiny_points" + ("_one" if shown[kind, size] == "1" else ""), value=shown[kind, size],
                     names=Markup(page.html["changes_tiny_names_or"]).join(names[kind, size]))
             for kind, size in order]
    if not sizes:
        return Markup("")
    last = (Markup(",") if len(sizes) > 2 else Markup("")) + page.html["or"]
    joined = sizes[0] if len(sizes) == 1 else Markup(", ").join(sizes[:-1]) + last + sizes[-1]
    return page.tr("changes_tiny", sizes=joined)


def _digits(size: float, least: int) -> int:
    """Decimals that show ``size`` (up to 4): a custom metric's 0.03 read "0" with the NPS's none."""
    return next((d for d in range(least, 4) if abs(round(size, d) - size) <= 1e-9 * max(1.0, abs(size))), 4)


def _passed_over(page: Page, spec, by, date, dayfirst) -> list[dict]:
    """The periods ``changes`` passes over when it has no two to compare (``latest_periods``); none when ``spec``
    is no period name or the dates cannot be read. "auto" is one: ``latest_periods`` resolves it as ``changes`` does."""
    if not (isinstance(spec, str) and (spec in PERIODS or spec == AUTO_PERIOD)):
        return []
    try:
        return latest_periods(page.frame, spec, by, date=date, dayfirst=dayfirst)[1]
    except DataError:
        return []


def themed_what(page: Page, by) -> Markup:
    """What a response needs to carry a theme of ``by``: a classified comment for a label axis, a value for a column
    of yours, or both."""
    return by_source(page, by, "changes_with_theme", "changes_with_value", "changes_with_both")


def _passed_note(page: Page, by, passed: list[dict], periods: dict | None, *, compared: bool = True) -> Markup:
    """The periods passed over, grouped by why (no row with a theme, few, a mistyped date?), and what is compared
    instead (or that nothing is). What carries a theme is said of ``by``: a classified comment for a label axis,
    a value for a column of yours (a December whose 'tienda' is blank has its comments classified). Not
    ``compared``: the periods named, compared all the same (``changes``' ``attrs["bare"]``), said alone."""
    dims = resolve_by(page.frame, by)
    columns = [column for _, column in dims if not is_label_column(column)]
    what = themed_what(page, by)
    parts = []
    for reason in ("bare", "few", "stray"):
        group = [p for p in passed if p["reason"] == reason]
        if group:
            # By one column of yours, a period without a theme is one whose cells of it are blank: said so.
            key = "blank" if reason == "bare" and dims and len(columns) == len(dims) == 1 else reason
            parts.append(page.count(f"changes_passed_{key}", sum(p["rows"] for p in group),
                                    periods=listed(page.period(p["period"]) for p in group),
                                    themed=page.num(sum(p["themed"] for p in group), 0), what=what,
                                    column=page.columns(columns)))
    if compared:
        parts.append(page.tr("changes_compared", **periods) if periods else page.html["changes_nothing"])
    return Markup(" ").join(parts)


def _theme_sizes(c: pd.DataFrame) -> pd.Series:
    """Comments per theme over both periods, to pick the largest themes: from the theme's share rows (each
    period's share of the themed comments, whose n is that base, the same for every theme), else its largest
    count of answers."""
    share = c[c["measure"] == "share"]
    if not share.empty:
        counts = (share["before"] * share["n_before"] + share["after"] * share["n_after"]).fillna(0) / 100.0
        return pd.Series(counts.to_numpy(), index=share["theme"].to_numpy()).groupby(level=0, sort=False).max()
    return (c["n_before"] + c["n_after"]).groupby(c["theme"], sort=False).max()


def _shares_shown(c: pd.DataFrame) -> pd.DataFrame:
    """``c`` with each period's shares as the table shows them (one decimal) adding up to 100 where the themes split
    the responses (sentiment, a column of yours), as in the table of indicators: rounded one by one, they read
    31,7 + 34,1 + 34,1 = 99,9. Themes a comment can share (touchpoints) add up to more than 100: only rounded."""
    shown = c.copy()
    share = shown["measure"] == "share"
    for side in ("before", "after"):
        values = shown.loc[share, side]
        if np.isclose(values.sum(), 100):
            shown.loc[share, side] = largest_remainder(values, 1)
    return shown


def _change_cell(page: Page, r: pd.Series, kind) -> dict:
    """Before -> after of one measure, its arrow (only when significant after BH) and its colour."""
    # A share metric (CSAT) with its %, as on its card and in every other table: "30,6 → 27,8" beside "30,5 %".
    # The comments' share is said in its column's name ("% de comentarios").
    unit = page.words["pct"] if not isinstance(kind, str) and kind.kind == "share" else ""
    # a net score is signed everywhere, with the decimals of its range (a score of -1..1 read "0 → 0")
    digits = {"share": 1, "net": 0, "mean": 2}[kind] if isinstance(kind, str) else page.digits(kind)
    kind = kind if isinstance(kind, str) else kind.kind
    signed = kind == "net"
    direction = r["direction"]
    good = r["measure"] != "share"  # a rising score is good news; a rising share is neither

    def value(number) -> str:
        return page.num(number, digits, signed) + (unit if pd.notna(number) else "")

    tone = "ns" if not direction else ("neu" if not good else ("pos" if direction == "up" else "neg"))
    return {"before": value(r["before"]), "after": value(r["after"]),
            "change": page.num(r["change"], digits, True), "arrow": {"up": "↑", "down": "↓"}.get(direction, ""),
            "tone": tone, "small": bool(r["below_min_n"]),
            # "q = 0,000" said a certainty no test gives, of a q of 1e-16
            "p": None if pd.isna(r["p_adjusted"]) else "< " + page.num(0.001, 3) if r["p_adjusted"] < 0.0005
            else "= " + page.num(r["p_adjusted"], 3)}


__all__ = ["key_drivers", "what_changed"]
