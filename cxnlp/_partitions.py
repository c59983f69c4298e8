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
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ._theme_keys import merge_themes, theme_key
from .columns import sentiment_label
from .exceptions import ConfigError, DataError, ModelFormatError, choices
from .persist import DEFAULT_MODEL_DIR, META_FILE, is_shipped, read_meta, resolve_model_dir
from .schema import DEFAULT_INDUSTRY, OUTPUT_COLUMNS, display_name


def _cx_dtypes() -> dict[str, str]:
    # The dtypes Model.classify_frame declares for its columns, with nullable strings for its object
    # (text) columns, so that Parquet and Arrow get a real string type; a new output column follows.
    from .model import results_to_columns

    columns = results_to_columns([])
    return {name: "string" if series.dtype == object else str(series.dtype) for name, series in columns.items()}


#: dtypes of the ``cx_`` columns in distributed output: ``string``, except ``float64`` for
#: ``cx_sentiment_score`` and ``cx_confidence`` and ``bool`` for ``cx_needs_review``.
CX_DTYPES = _cx_dtypes()
assert tuple(CX_DTYPES) == OUTPUT_COLUMNS


# -- the model, once per process --------------------------------------------------------------
@dataclass(frozen=True)
class ModelRef:
    """Where a worker finds the model, and the SHA-256 of its ``meta.json`` it must match.

    ``path`` None means the model shipped inside the worker's own cxnlp install.
    """

    sha256: str
    path: str | None = None

    def directory(self, root: str | Path | None = None) -> Path:
        if root is not None:
            return Path(root)
        return DEFAULT_MODEL_DIR if self.path is None else Path(self.path)


def meta_sha256(directory: str | Path) -> str:
    """SHA-256 of a model directory's ``meta.json``: it names the model (its files' checksums, data
    hash and creation time), so equal digests mean the same model."""
    return hashlib.sha256((Path(directory) / META_FILE).read_bytes()).hexdigest()


def model_ref(model=None, industry: str | None = DEFAULT_INDUSTRY) -> ModelRef:
    """The ``ModelRef`` of ``model`` (a path, or None for ``$CXNLP_MODEL`` else the shipped model),
    resolved where the job is submitted, so workers need neither the variable nor the same paths.
    ``industry``, if given, must be one the model learnt (its ``meta.json`` lists them)."""
    from .heads import check_industry
    from .model import Model

    if isinstance(model, Model):
        raise DataError("Distributed classification takes a model directory, not a loaded Model: save it with "
                        "cxnlp.save(model, path) and pass the path, so each worker loads it once.")
    directory = resolve_model_dir(model)
    meta = read_meta(directory)  # a clear error here rather than on every worker
    check_industry(industry, meta.get("industries") or (), meta.get("recognises_industries", False))
    return ModelRef(meta_sha256(directory), None if is_shipped(directory) else str(directory.resolve()))


_MODELS: dict[str, object] = {}
_LOCK = threading.Lock()
LOADS = {"count": 0}  # models loaded by this process (tests check it is one per worker)


def model_for(ref: ModelRef, root: str | Path | None = None):
    """The model ``ref`` names, loaded once per process and kept; ``root`` overrides its directory
    (a copy shipped with the job). Raises ``ModelFormatError`` if this worker has no model there, or
    if the files there are another model."""
    model = _MODELS.get(ref.sha256)
    if model is not None:
        return model
    from .persist import load

    with _LOCK:  # worker threads starting together load it once
        if ref.sha256 not in _MODELS:
            directory = ref.directory(root)
            if not (directory / META_FILE).is_file():  # read on the driver, but not there on this worker
                raise ModelFormatError(
                    f"{directory}: this worker has no model there ({META_FILE} not found), though the job was "
                    f"submitted with one at that path. Every worker must read the model: put it on storage they "
                    f"all mount at the same path (a /dbfs or /Volumes path, a shared file system), or, with "
                    f"cxnlp.spark, pass ship=True (the default) to send it with the job.")
            found = meta_sha256(directory)
            if found != ref.sha256:
                raise ModelFormatError(
                    f"{directory}: this worker's model is not the one the job was submitted with (meta.json "
                    f"SHA-256 {found[:12]}…, expected {ref.sha256[:12]}…). Install the same cxnlp version on the "
                    f"workers, or put the model on storage they all read and pass its path.")
            _MODELS[ref.sha256] = load(directory)
            LOADS["count"] += 1
    return _MODELS[ref.sha256]


def check_industry_column(columns, industry: str | None, industry_column: str | None) -> str | None:
    """The column of ``columns`` that ``industry_column`` names (case and accents aside, as ``classify_frame``
    finds it), or None; it must not come with an ``industry`` of its own."""
    if industry_column is None:
        return None
    if industry != DEFAULT_INDUSTRY:
        raise ConfigError("give industry (one for every row) or industry_column (one per row), not both.")
    from .columns import find_column

    return find_column(columns, industry_column, "industry column")


def classify_partition(frame: pd.DataFrame, column: str, ref: ModelRef, root: str | Path | None = None,
                       industry: str | None = DEFAULT_INDUSTRY, industry_column: str | None = None) -> pd.DataFrame:
    """``frame`` with the ``cx_`` columns added (``Model.classify_frame``), typed as ``CX_DTYPES``."""
    model = model_for(ref, root)
    if industry_column is not None:  # a message names no row: the partition's 'row 2' is no row of the data
        from .model import industry_cells

        industry = industry_cells(frame, industry_column, model.industries, model.classifier.recognises_industries)
    out = model.classify_frame(frame, text=column, industry=industry)
    return out.astype(CX_DTYPES)


def output_meta(meta: pd.DataFrame) -> pd.DataFrame:
    """The empty frame ``classify_partition`` returns for input columns ``meta``."""
    return meta.iloc[:0].assign(**{c: pd.Series(dtype=t, index=meta.index[:0]) for c, t in CX_DTYPES.items()})


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
        raise ConfigError(f"min_n must be a whole number >= 1, got {min_n!r}.")
    if not (is_number(alpha) and 0 < alpha < 1):
        raise ConfigError(f"alpha must be a number between 0 and 1, got {alpha!r}.")
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
            raise ConfigError(f"period {period!r} is not known; expected one of {choices(sorted(PERIODS))}.")
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
        row_period, period_labels, how = period_index(frame[plan.date], plan.period, plan.dayfirst)
        totals.update(date_excluded=int((row_period < 0).sum()), date_out_of_range=how["date_out_of_range"])
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
    out["label"] = [f" {COMBINE} ".join(display_name(theme_id(v)) if is_label_column(column) else theme_id(v)
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
