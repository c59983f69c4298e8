"""The per-partition work behind ``cxnlp.dask`` and ``cxnlp.spark``; imports neither.

Both back ends are thin layers over functions that take and return pandas frames:

- ``classify_partition``: ``Model.classify_frame`` on one partition, with the model loaded once
  per process (``model_for``, a cache keyed by the SHA-256 of the model's ``meta.json``, which
  records the checksum of every model file) and the ``cx_`` columns cast to ``CX_DTYPES``. Tasks
  carry a ``ModelRef`` (a checksum and a path, a few hundred bytes), never the model;
- ``partial_sums``: one partition's engine sums (``cxnlp.metrics.engine``: n, sum y, sum y**2 and
  answers per exclusion reason) and sentiment counts per theme and period, as a long table that
  merges across partitions by summing; a theme is named by a key that keeps its values' types
  (``cxnlp._theme_keys``);
- ``finish_summary``: the merged table turned into what ``cxnlp.summarize`` returns for the same
  rows (value, interval, n, exclusions, impact, significance, ``attrs``).

Classifying a partition (``classify_partition``, ``model_for``, ``CX_DTYPES``) is ``_partition_classify``'s; its
public names are importable from here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ._partition_classify import (CX_DTYPES, LOADS, ModelRef, check_industry_column, classify_partition, meta_sha256,
                                  model_for, model_ref, output_meta)
from ._theme_keys import merge_themes, theme_key
from .columns import sentiment_label
from .exceptions import ConfigError, choices, shown_value
from .schema import display_name

__all__ = ["CX_DTYPES", "FIRST_DATE_META", "LOADS", "ModelRef", "PARTIAL_COLUMNS", "SummaryPlan", "VOTES_META",
           "check_industry_column", "classify_partition", "date_votes", "decide_dayfirst", "emotions_given",
           "finish_summary", "first_date", "meta_sha256", "model_for", "model_ref", "needs_date_votes", "output_meta",
           "partial_frame", "partial_sums", "plan_summary", "refusal", "refuse"]


# -- summaries from partial sums --------------------------------------------------------------
#: Columns of a partial-sum table: one number per (kind, key, period, field); summing ``value`` over
#: the other columns merges partitions.
PARTIAL_COLUMNS = ("kind", "key", "period", "field", "value")


@dataclass(frozen=True)
class SummaryPlan:
    """``cxnlp.summarize``'s arguments, checked and resolved to column names once, before any work."""

    dims: tuple[tuple[str, str], ...]
    scored: tuple[tuple[str, object], ...]  # (column, Metric)
    period: str | None
    date: str | None
    dayfirst: bool | None
    min_n: int
    alpha: float
    has_status: bool
    has_sentiment: bool
    requested_dayfirst: bool | None
    columns: tuple[str, ...]  # the columns the partitions need
    signals: tuple[str, ...] = ()  # the signal columns (cx_effort...) of the table
    emotions_given: bool | None = None  # the whole table's model gave emotions (emotions_given); None: per part


def plan_summary(columns, by="touchpoints", *, metrics=None, period=None, date=None, min_n=30, alpha=0.05,
                 dayfirst=None, **scores) -> SummaryPlan:
    """Check ``cxnlp.summarize``'s arguments against the table's ``columns`` and resolve them."""
    from .columns import detect_date_column, find_column, unique_outputs
    from .metrics.base import is_number
    from .metrics.periods import AUTO_PERIOD, PERIODS, check_dayfirst
    from .metrics.signals import SIGNAL_COLUMNS
    from .metrics.summary import SCORE_KEYWORDS, metric_columns
    from .metrics.themes import resolve_by

    columns = list(columns)
    unique_outputs(columns)  # a cx_ column twice (two classified tables side by side) is read as one by no partition
    if not (isinstance(min_n, (int, np.integer)) and not isinstance(min_n, bool) and min_n >= 1):  # True is no n
        raise ConfigError(f"min_n must be a whole number >= 1, got {shown_value(min_n)}.")
    if not (is_number(alpha) and 0 < alpha < 1):
        raise ConfigError(f"alpha must be a number between 0 and 1, got {shown_value(alpha)}.")
    check_dayfirst(dayfirst)  # "yes" was read as True, and written so into attrs
    if unknown := sorted(set(scores) - set(SCORE_KEYWORDS)):
        raise TypeError(f"summarize() got unexpected keyword arguments {unknown}.")
    scored = tuple((find_column(columns, column, f"{metric.label} column"), metric)
                   for column, metric in metric_columns(metrics, **scores))
    dims = tuple(resolve_by(pd.DataFrame(columns=columns), by))
    # A date column named is checked with or without a period, as cxnlp.summarize checks it.
    date_col = find_column(columns, date, "date column") if date is not None else None
    if period is not None:
        if period == AUTO_PERIOD:
            raise ConfigError(f"period {AUTO_PERIOD!r} chooses from the whole date column, which a partitioned summary "
                              f"does not read first; name 'month' or 'quarter' (or 'week').")
        if not (isinstance(period, str) and period in PERIODS):
            raise ConfigError(f"period {shown_value(period)} is not known; expected one of {choices(sorted(PERIODS))}.")
        date_col = date_col or detect_date_column(columns, period)
        period = PERIODS[period]
    else:  # checked, but not read: without a period summarize's attrs name no date column
        date_col = None
    has_status, has_sentiment = "cx_status" in columns, "cx_sentiment" in columns
    needed = [c for _, c in dims] + [c for c, _ in scored] + [date_col]
    needed += ["cx_status"] * has_status + ["cx_sentiment"] * has_sentiment
    signals = tuple(c for c in SIGNAL_COLUMNS.values() if c in columns)
    return SummaryPlan(dims, scored, period, date_col, dayfirst, int(min_n), alpha, has_status, has_sentiment,
                       dayfirst, tuple(dict.fromkeys(c for c in [*needed, *signals] if c is not None)), signals)


def needs_date_votes(plan: SummaryPlan) -> bool:
    """Whether day/month order must first be decided over every partition, as summarize decides it
    once per column: a partition alone could decide differently."""
    return plan.period is not None and plan.dayfirst is None


#: The meta of ``date_votes``.
VOTES_META = pd.DataFrame({"only_day": pd.Series(dtype="float64"), "only_month": pd.Series(dtype="float64")})


def date_votes(frame: pd.DataFrame, plan: SummaryPlan) -> pd.DataFrame:
    """One row: how many rows of ``frame`` have d/m dates that can only be day first, and only month first."""
    day, month = _date_votes(frame[plan.date])
    return pd.DataFrame({"only_day": [float(day)], "only_month": [float(month)]})


def decide_dayfirst(plan: SummaryPlan, only_day: float, only_month: float) -> SummaryPlan:
    """``plan`` with the day/month order that the summed votes decide (day first on a tie)."""
    return replace(plan, dayfirst=bool(only_day >= only_month))


def _date_votes(series: pd.Series) -> tuple[float, float]:
    # The vote of metrics.periods.read_dates, counted instead of decided, so partitions add up: its own function, as a
    # copy of its rules here missed those added since (a weekday before the date: 'lunes 15/01/2024').
    from .metrics.periods import day_month_votes

    return day_month_votes(series)


def partial_frame(records=()) -> pd.DataFrame:
    """A partial-sum table (``PARTIAL_COLUMNS``); with no records, the meta of one."""
    out = pd.DataFrame(list(records), columns=list(PARTIAL_COLUMNS))
    return out.astype({"kind": "string", "key": "string", "period": "string", "field": "string", "value": "float64"})


def emotions_given(frame: pd.DataFrame, plan: SummaryPlan) -> pd.Series:
    """One partition's part of deciding whether the table's model gave emotions (``signals.emotions_given_in``):
    any over the partitions is the table's answer, so every part reads its empty cells alike."""
    from .metrics.signals import emotions_given_in
    from .metrics.themes import labelled_rows

    return pd.Series([emotions_given_in(frame, labelled_rows(frame))])


def partial_sums(frame: pd.DataFrame, plan: SummaryPlan) -> pd.DataFrame:
    """The mergeable sums of one partition, as a long table (``PARTIAL_COLUMNS``).

    ``kind`` "group": per theme ``key`` and ``period``, the rows ``n``, the comments per sentiment
    ``sent:<label>``, and per metric its engine sums ``<m>:n``, ``:total``, ``:squares`` and answers
    per reason ``<m>:r0`` to ``:r3``, and the signal counts ``signal:<field>`` (``metrics.signals``).
    "period": the themed rows (``base``) and each metric's sums over every dated respondent (for
    impact). "total": the counts of ``attrs``, the signals' totals ``signal:<field>``, and ``float:<j>`` when the
    partition holds the ``j``-th ``by`` column as floats.
    """
    from .metrics.engine import group_sums
    from .metrics.periods import period_index
    from .metrics.signals import effort_ces_metric, signal_counts
    from .metrics.themes import LABELLED_STATUSES, theme_pairs, theme_period_groups

    n_rows = len(frame)
    labelled = (frame["cx_status"].isin(LABELLED_STATUSES).to_numpy(dtype=bool) if plan.has_status
                else np.ones(n_rows, dtype=bool))
    rows, theme, cats = theme_pairs(frame, list(plan.dims), labelled)
    totals = {"rows": n_rows, "themed_rows": int(np.unique(rows).size)}
    totals.update({f"float:{j}": 1 for j, (_, column) in enumerate(plan.dims) if frame[column].dtype.kind == "f"})
    if plan.period is not None:
        row_period, period_labels, how = period_index(frame[plan.date], plan.period, plan.dayfirst,
                                                      whole_column=False)  # a partition's dates are no column
        totals.update(date_excluded=int((row_period < 0).sum()), date_out_of_range=how["date_out_of_range"],
                      **{"date:dated": how["dated"], "date:not_numbers": how["not_numbers"],
                         "date:quarters": how["quarters"]})
        if plan.period == "week":
            totals.update({"week:dated": how["dated"], "week:month_starts": how["month_starts"],
                           "week:month_labels": how["month_labels"]})
    else:
        row_period, period_labels = np.zeros(n_rows, dtype=np.int64), [""]
    n_periods = len(period_labels)
    rows, group, count, present = theme_period_groups(rows, theme, row_period, len(cats), n_periods)
    size = len(cats) * n_periods
    keys = [theme_key(cats[t]) for t in present // n_periods]
    periods = [period_labels[p] for p in present % n_periods]
    records: list[tuple] = []

    def add(kind: str, name: str, values, where: list[str], when: list[str]) -> None:
        records.extend((kind, k, p, name, float(v)) for k, p, v in zip(where, when, values))

    add("group", "n", count[present], keys, periods)
    if plan.has_sentiment:
        codes, uniques = pd.factorize(frame["cx_sentiment"], use_na_sentinel=True)
        names = [sentiment_label(u) for u in uniques]  # a blank cell is no sentiment
        labels = list(dict.fromkeys(filter(None, names)))
        totals.update({f"sentiment:{label}": 0 for label in labels})  # a label seen anywhere has a column
        to_label = np.array([labels.index(name) if name else -1 for name in names] + [-1], dtype=np.int64)
        code = np.where(labelled, to_label[codes], -1)[rows]
        has = code >= 0
        k = max(len(labels), 1)
        counts = np.bincount(group[has] * k + code[has], minlength=size * k).reshape(size, k)[present]
        for j, label in enumerate(labels):
            add("group", f"sent:{label}", counts[:, j], keys, periods)

    themed = np.zeros(n_rows, dtype=bool)
    themed[rows] = True
    everywhere = [""] * n_periods
    add("period", "base", np.bincount(row_period[themed], minlength=n_periods), everywhere, period_labels)
    dated = row_period >= 0
    ces, ces_answers = effort_ces_metric(plan.scored), None
    for column, metric in plan.scored:
        m = metric.name
        x, reason = metric.parse(frame[column])
        y = metric.from_scores(x)
        if ces is not None and (column, metric) == ces:
            ces_answers = x
        for kind, sums, where, when in (
                ("group", group_sums(group, y[rows], reason[rows], size).take(present), keys, periods),
                ("period", group_sums(row_period[dated], y[dated], reason[dated], n_periods), everywhere, period_labels)):
            add(kind, f"{m}:n", sums.n, where, when)
            add(kind, f"{m}:total", sums.total, where, when)
            add(kind, f"{m}:squares", sums.squares, where, when)
            for code_ in range(sums.reasons.shape[1]):
                add(kind, f"{m}:r{code_}", sums.reasons[:, code_], where, when)
        totals.update({f"{m}:r{code_}": int((reason == code_).sum()) for code_ in range(4)})
    signal_groups, signal_totals = signal_counts(frame, labelled, rows, group, size, present, ces,
                                                 answers=ces_answers, emotions_given=plan.emotions_given)
    for field, values in signal_groups.items():
        add("group", f"signal:{field}", values, keys, periods)
    totals.update({f"signal:{field}": v for field, v in signal_totals.items()})
    records.extend(("total", "", "", name, float(v)) for name, v in totals.items())
    return partial_frame(records)


def refusal(partials: pd.DataFrame, plan: SummaryPlan) -> str | None:
    """Which check of the whole date column ``cxnlp.summarize`` makes the merged ``partials`` fail: "quarters" (quarter
    labels by month or week), "months" (by week,
    every readable date the first of its month, ``periods.first_days``), "labels" (by week, month labels among days),
    "numbers" (numbers alone, read as Excel dates before 1990: amounts or codes), or None. A partition alone cannot
    tell; its counts add up to the answer."""
    if plan.period is None:
        return None
    totals = partials[partials["kind"] == "total"].groupby("field")["value"].sum()
    dated = totals.get("date:dated", 0.0)
    if totals.get("date:quarters", 0.0):
        return "quarters"
    if plan.period == "week" and dated and dated == totals.get("week:month_starts", 0.0):
        return "months"
    if plan.period == "week" and totals.get("week:month_labels", 0.0):
        return "labels"
    if dated and not totals.get("date:not_numbers", 0.0):
        return "numbers"
    return None


#: The meta of ``first_date``.
FIRST_DATE_META = pd.DataFrame({"first_date": pd.Series(dtype=object)})


def first_date(frame: pd.DataFrame, plan: SummaryPlan, what: str = "date") -> pd.DataFrame:
    """The first readable date of ``frame``'s date column as it is written (no row if none), for ``refuse``; with
    ``what`` "label" or "day", the first month label ('2024-05') or the first date that is none; "quarter", the
    first quarter label ('T3 2024')."""
    from .metrics.periods import month_label_rows, read_dates, quarter_rows

    dates = frame[plan.date]
    rows = ~np.isnat(read_dates(dates, plan.dayfirst)[0])
    if what == "quarter":
        rows &= quarter_rows(dates)
    elif what != "date":
        rows &= month_label_rows(dates, plan.dayfirst) == (what == "label")
    return pd.DataFrame({"first_date": pd.Series(dates[rows].iloc[:1].to_numpy(dtype=object), dtype=object)})


def refuse(check: str, first, plan: SummaryPlan) -> None:
    """Raise the ``DataError`` ``cxnlp.summarize`` raises for the column that fails ``check`` (``refusal``): ``first``
    gives, for a ``what`` of ``first_date``, the ``first_date`` of each partition, in order. ``period_index`` of the
    column's first readable date alone (its first quarter label, the first of its month, or a number before 1990)
    raises it in the same words; month labels among days are named by the first of each."""
    from .exceptions import DataError
    from .metrics.periods import mixed_months_message, period_index

    if check == "labels":
        label, day = (first(what)["first_date"].iloc[0] for what in ("label", "day"))
        raise DataError(mixed_months_message(plan.date, label, day))
    cell = first("quarter" if check == "quarters" else "date")["first_date"].iloc[:1]
    period_index(pd.Series(cell.to_numpy(dtype=object), name=plan.date),
                 {"quarters": plan.period, "months": "week"}.get(check, "month"), plan.dayfirst)


def finish_summary(partials: pd.DataFrame, plan: SummaryPlan) -> pd.DataFrame:
    """What ``cxnlp.summarize`` returns for the rows whose ``partial_sums`` add up to ``partials``
    (partial tables, concatenated or already summed)."""
    from .metrics.base import REASONS
    from .metrics.engine import N_REASONS, Sums, impact
    from .metrics.signals import effort_ces_metric, own_columns, signal_summary
    from .metrics.themes import COMBINE, is_label_column, theme_id

    partials = partials.astype({"kind": object, "key": object, "period": object, "field": object, "value": float})
    partials["key"], values_of = merge_themes(partials["key"])
    partials = partials.groupby(["kind", "key", "period", "field"], sort=False, as_index=False)["value"].sum()
    by_kind = {kind: part for kind, part in partials.groupby("kind", sort=False)}
    empty = pd.DataFrame(columns=["key", "period", "field", "value"])
    totals = dict(zip(by_kind.get("total", empty)["field"], by_kind.get("total", empty)["value"]))
    per_period = by_kind.get("period", empty).pivot(index="period", columns="field", values="value")
    groups = by_kind.get("group", empty).pivot(index=["key", "period"], columns="field", values="value").fillna(0.0)
    keys = [values_of[k] for k in groups.index.get_level_values("key")] if len(groups) else []
    g_period = list(groups.index.get_level_values("period")) if len(groups) else []

    def col(frame: pd.DataFrame, name: str, index=None) -> np.ndarray:
        values = frame[name] if name in frame else pd.Series(0.0, index=frame.index)
        return (values if index is None else values.reindex(index)).fillna(0.0).to_numpy(dtype=float)

    def sums(frame: pd.DataFrame, m: str, index=None) -> Sums:
        reasons = np.column_stack([col(frame, f"{m}:r{c}", index) for c in range(N_REASONS)])
        return Sums(col(frame, f"{m}:n", index), col(frame, f"{m}:total", index), col(frame, f"{m}:squares", index),
                    reasons.astype(np.int64).reshape(len(reasons), N_REASONS))

    out: dict[str, object] = {}
    for j, (name, _) in enumerate(plan.dims):
        out[name] = [k[j] for k in keys]
    if plan.period is not None:
        out["period"] = g_period
    if not plan.dims:
        keys = [["all"] for _ in keys]
    out["theme"] = [f" {COMBINE} ".join(theme_id(v) for v in k) for k in keys]
    out["label"] = [f" {COMBINE} ".join(display_name(theme_id(v), column) if is_label_column(column) else theme_id(v)
                                        for v, (_, column) in zip(k, plan.dims)) or "Total" for k in keys]
    n = col(groups, "n").astype(np.int64)
    out["n"] = n
    out["share"] = 100.0 * n / col(per_period, "base", g_period)
    out.update(_sentiment_shares(groups, totals, plan))
    metrics_attrs = {}
    for column, metric in plan.scored:
        m = metric.name
        theme, overall = sums(groups, m), sums(per_period, m, g_period)
        value, _, low, high = metric.estimate(theme.n, theme.total, theme.squares)
        effect, p = impact(metric, theme, overall)
        out.update({m: value, f"{m}_low": low, f"{m}_high": high, f"{m}_n": theme.n.astype(np.int64)})
        out.update({f"{m}_{key}": theme.reasons[:, code] for code, key in REASONS.items()})
        out.update({f"{m}_impact": effect, f"{m}_impact_p": p, f"{m}_impact_significant": p < plan.alpha})
        metrics_attrs[m] = {"column": column, **metric.settings(),
                            **{key: int(totals.get(f"{m}:r{code}", 0)) for code, key in REASONS.items()},
                            "valid": int(totals.get(f"{m}:r0", 0))}
    out["below_min_n"] = n < plan.min_n
    signal_groups = {name[7:]: col(groups, name) for name in groups.columns if name.startswith("signal:")}
    signal_totals = {name[7:]: v for name, v in totals.items() if name.startswith("signal:")}
    signals, signals_attrs = signal_summary(signal_groups, signal_totals, len(groups), effort_ces_metric(plan.scored))
    out.update(signals)

    out, own = own_columns(out)
    result = pd.DataFrame(out)
    for j, (name, _) in enumerate(plan.dims):
        # Whole numbers with blanks are floats: where one partition had blanks, the whole table's column is float,
        # even if the partitions that hold its themes had none.
        if totals.get(f"float:{j}") and pd.api.types.is_integer_dtype(result[name]):
            result[name] = result[name].astype("float64")
    total = result.groupby("theme", sort=False)["n"].transform("sum") if plan.period is not None else result["n"]
    order = np.lexsort(((result["period"] if plan.period is not None else result["theme"]).to_numpy(),
                        result["theme"].to_numpy(), -total.to_numpy()))
    result = result.iloc[order].reset_index(drop=True)
    result.attrs = {"by": [name for name, _ in plan.dims], "period": plan.period, "min_n": plan.min_n,
                    "alpha": plan.alpha, "rows": int(totals.get("rows", 0)),
                    "themed_rows": int(totals.get("themed_rows", 0)), "date_column": plan.date,
                    "date_excluded": int(totals.get("date_excluded", 0)),
                    "date_out_of_range": int(totals.get("date_out_of_range", 0)),
                    "dayfirst": plan.dayfirst if plan.period is not None else plan.requested_dayfirst,
                    "metrics": metrics_attrs}
    if own:
        result.attrs["own_sentiments"] = own
    if signals_attrs:
        result.attrs["signals"] = signals_attrs
    return result


def _sentiment_shares(groups: pd.DataFrame, totals: dict, plan: SummaryPlan) -> dict[str, np.ndarray]:
    from .metrics.signals import OWN_SENTIMENT, check_own_labels
    from .schema import SENTIMENTS

    if not plan.has_sentiment:
        return {s: np.full(len(groups), np.nan) for s in (*SENTIMENTS, "net_sentiment")}
    seen = {name.split(":", 1)[1] for name in totals if name.startswith("sentiment:")}
    own = sorted(seen - set(SENTIMENTS))
    check_own_labels("cx_sentiment", own)  # over the whole table, as summarize checks it
    labels = [*SENTIMENTS, *own]
    counts = np.column_stack([groups[f"sent:{label}"].to_numpy(dtype=float) if f"sent:{label}" in groups
                              else np.zeros(len(groups)) for label in labels])
    total = counts.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(total[:, None] > 0, 100.0 * counts / total[:, None], np.nan)
    # A label of your own is keyed apart, and given its column once every column is known, as summarize does.
    out = {(label if label in SENTIMENTS else (OWN_SENTIMENT, label)): pct[:, j] for j, label in enumerate(labels)}
    out["net_sentiment"] = out["positive"] - out["negative"]
    return out
