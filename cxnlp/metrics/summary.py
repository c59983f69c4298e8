"""``summarize``: sentiment and survey metrics per theme, with each theme's impact (docs/metrics.md).

A theme is a value of one or more columns (``themes.py``): a label axis of the classified
output, a combination (``"touchpoints×sentiment"``), or any user column (region, channel). Each
metric is summed per theme (and period) by the engine (``engine.py``); its value, interval and
impact come from those sums, so a million rows take seconds.

Metrics are given as ``{column: metric}``: a registered name (``"nps"``, ``"csat"``, ``"ces"``
or one of your own, see ``base.py``) or a ``Metric`` with its settings (``CSAT(method="mean")``).
The keywords ``nps=``, ``csat=``, ``ces=`` and their ``csat_*``/``ces_*`` settings still work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..columns import analysed_frame, detect_date_column, find_column, fold, sentiment_label
from ..exceptions import ConfigError, DataError, shown_value
from ..schema import OUTPUT_COLUMNS, SENTIMENTS, display_name
from .base import REASONS, Metric, check_name, get, is_number, summary_columns
from .effort import CES
from .engine import group_sums, impact
from .net_promoter import NPS
from .periods import PERIODS, against_order, check_dayfirst, check_period_name, chosen_period, period_index
from .satisfaction import CSAT
from .signals import (OWN_SENTIMENT, check_own_labels, effort_ces_metric, own_columns, signal_counts,
                      signal_summary)
from .themes import (COMBINE, by_parts, is_axis_name, is_label_column, labelled_rows, resolve_by, theme_id,
                     theme_pairs, theme_period_groups)

#: The score keywords of ``summarize`` and ``build_report`` (see ``metric_columns``).
SCORE_KEYWORDS = ("nps", "csat", "ces", "csat_scale", "csat_cutoff", "csat_method", "ces_scale", "ces_method",
                  "ces_cutoff")


def metric_columns(metrics: Mapping | Iterable | None = None, *, nps: str | None = None, csat: str | None = None,
                   ces: str | None = None, csat_scale: tuple[int, int] = (1, 5), csat_cutoff: float | None = None,
                   csat_method: str = "top2", ces_scale: tuple[int, int] = (1, 7), ces_method: str = "mean",
                   ces_cutoff: float | None = None) -> list[tuple[str, Metric]]:
    """(column, metric) pairs: first those of the score keywords, then those of ``metrics``.

    ``metrics`` maps a column to a metric (a registered name, a ``Metric`` class or instance), or
    is a list of such pairs (to measure one column twice). ``nps``, ``csat`` and ``ces`` name the
    columns of the built-in metrics, with the settings ``csat_*`` and ``ces_*`` (see ``csat``, ``ces``). A setting
    other than its default without its column is a ``ConfigError``, as the command line refuses one: it was ignored,
    and ``csat_method="mean"`` without ``csat`` left the caller believing a mean CSAT was computed.
    """
    _check_settings_have_columns(csat=(csat, {"csat_scale": (csat_scale, (1, 5)), "csat_cutoff": (csat_cutoff, None),
                                              "csat_method": (csat_method, "top2")}),
                                 ces=(ces, {"ces_scale": (ces_scale, (1, 7)), "ces_cutoff": (ces_cutoff, None),
                                            "ces_method": (ces_method, "mean")}))
    pairs: list[tuple[str, Metric]] = []
    if nps is not None:
        pairs.append((nps, NPS()))
    if csat is not None:
        pairs.append((csat, CSAT(scale=csat_scale, cutoff=csat_cutoff, method=csat_method)))
    if ces is not None:
        pairs.append((ces, CES(scale=ces_scale, method=ces_method, cutoff=ces_cutoff)))
    given = metrics.items() if isinstance(metrics, Mapping) else () if metrics is None else metrics
    expected = "expected {column: metric} such as {'satisfaccion': 'csat'}, or a list of (column, metric) pairs"
    if isinstance(given, str) or not isinstance(given, Iterable):
        raise ConfigError(f"metrics={shown_value(metrics)}: {expected}.")
    for item in given:
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise ConfigError(f"metrics={shown_value(metrics)}: {shown_value(item)} is not a (column, metric) pair; "
                              f"{expected}.")
        column, metric = item
        if isinstance(metric, str):
            metric = get(metric)()
        elif isinstance(metric, type) and issubclass(metric, Metric):
            metric = metric()
        if not isinstance(metric, Metric):
            raise ConfigError(f"metric for column {column!r} must be a metric name or a Metric, got "
                              f"{shown_value(metric)}.")
        pairs.append((column, metric))
    names = [metric.name for _, metric in pairs]
    if len(set(names)) < len(names):
        twice = sorted({name for name in names if names.count(name) > 1})
        raise ConfigError(f"metrics {twice} are given twice; each metric names its summary columns, so give each once.")
    _check_columns_apart(pairs)
    return pairs


def _check_settings_have_columns(**scores) -> None:
    """A ``ConfigError`` for the first ``{score: (column, {setting: (value, default)})}`` setting given a value other
    than its default while its score's column is None (a scale compared as a tuple: ``[1, 5]`` and ``np.array([1, 5])``
    are the default)."""
    for score, (column, settings) in scores.items():
        for name, (value, default) in settings.items():
            listed = isinstance(value, (list, tuple)) or isinstance(value, np.ndarray) and value.ndim == 1
            same = tuple(value) == default if listed else value == default
            if column is None and not (isinstance(same, bool) and same):
                raise ConfigError(f"{name}={shown_value(value)} needs {score} (the column of those answers); give "
                                  f"{score}=COLUMN, or leave {name} out.")


def _check_columns_apart(pairs: list[tuple[str, Metric]]) -> None:
    """A ``ConfigError`` when a metric's summary columns would be the summary's own (``base.check_name``: an instance
    need not be registered) or another metric's (``nps_impact`` beside ``nps``): one would overwrite the other."""
    written: dict[str, str] = {}
    for _, metric in pairs:
        check_name(metric.name)
        # The CES of high-effort comments and of the rest (signals._ces_columns) are the first CES metric's columns.
        extra = _EFFORT_CES_SUFFIXES if isinstance(metric, CES) else ()
        for column in [*summary_columns(metric.name), *(metric.name + suffix for suffix in extra)]:
            if written.setdefault(column, metric.name) != metric.name:
                raise ConfigError(f"metrics {written[column]!r} and {metric.name!r} would both write the summary "
                                  f"column {column!r}; register one of them under another name.")


_EFFORT_CES_SUFFIXES = ("_effort_high", "_effort_high_n", "_effort_other", "_effort_other_n")


def check_columns(columns: Iterable, *, by="touchpoints", date: str | None = None,
                  metrics: Mapping | Iterable | None = None, **scores) -> None:
    """Raise ``DataError`` unless the columns that ``summarize``'s settings name are among ``columns``, found by
    the same rules (case, accents and spacing aside): the check of a survey's header before its comments are
    classified. A label axis named by ``by`` ("touchpoints") and a ``cx_`` column are taken as there:
    classifying adds them."""
    columns = list(columns)

    def find(name, what):
        try:
            find_column(columns, name, what)
        except DataError:
            if fold(str(name)) not in {fold(c) for c in OUTPUT_COLUMNS}:  # classifying adds it (--by cx_industry)
                raise

    for column, metric in metric_columns(metrics, **scores):
        find(column, f"{metric.label} column")
    if date is not None:
        find(date, "date column")
    for part in by_parts(columns, by):
        if not is_axis_name(part, columns):  # as resolve_by reads it
            find(part, "Theme column (by)")


def _check_apart_from_themes(scored: list[tuple[str, Metric]], dims: list[tuple[str, str]]) -> None:
    """A ``ConfigError`` when a metric's summary column is a theme column of the table, named after a column of
    ``by`` ("region" in by='touchpoints,region'): the metric's value would replace it (``base.check_name`` refuses
    the axes' names for any table; a column's name only this table has)."""
    themes = {name for name, _ in dims}
    for _, metric in scored:
        if taken := [column for column in summary_columns(metric.name) if column in themes]:
            raise ConfigError(f"metric name {metric.name!r} would write the theme column {taken[0]!r} (by); give the "
                              f"metric another name, such as '{metric.name}_score', or rename that column.")


def summarize(frame: pd.DataFrame, by: str | Iterable[str] | None = "touchpoints", *,
              metrics: Mapping | Iterable | None = None, period: str | None = None, date: str | None = None,
              min_n: int = 30, alpha: float = 0.05, dayfirst: bool | None = None, **scores) -> pd.DataFrame:
    """Sentiment and survey metrics per theme, with each theme's impact on each metric.

    Parameters
    ----------
    frame : DataFrame, usually the output of ``Model.classify_frame`` plus the survey's score columns.
    by : "touchpoints", "areas", "stage", "sentiment" (the ``cx_`` columns), any other column
        (region, channel), a combination ``"touchpoints×sentiment"`` (or ``x``, ``*``, ``+``, ``,``
        between the names) or a list of those, or None
        for one overall row. Only rows with ``cx_status`` ok/truncated carry label themes; rows
        without comments still count in ``metric(all)`` and for user columns. An axis's name in another spelling
        ("Area") is a column of exactly that name where the frame has one (docs/metrics.md, section 3.1;
        ``cxnlp docs metrics`` prints it).
    metrics : ``{column: metric}``, a metric being a registered name ("nps", "csat", "ces", or one
        registered with ``cxnlp.metrics.register``) or a ``Metric`` such as ``CSAT(scale=(1, 10))``;
        or a list of (column, metric) pairs.
    **scores : the score keywords ``nps``, ``csat``, ``ces`` (columns; 0-10, CSAT scale, CES scale)
        and ``csat_scale``, ``csat_cutoff``, ``csat_method``, ``ces_scale``, ``ces_method``,
        ``ces_cutoff`` (see ``cxnlp.metrics.csat`` and ``ces``); their metrics come first.
    period : "week", "month" or "quarter" (or semana/mes/trimestre): one row per theme and period; "auto": by
        quarter where the date column holds quarter labels ("T3 2024"), else by month (``periods.chosen_period``).
    date : date column for ``period``; detected from common names (fecha, date...) when None; one given must be a
        column of ``frame``, with or without ``period`` (a ``DataError`` otherwise). Dates may
        be datetimes, text (ISO, d/m/y, m/d/y) or Excel serial numbers, mixed in one column. Dates
        before 1900 or after 2100 are excluded and counted (``attrs["date_out_of_range"]``), as are
        unreadable ones (all in ``attrs["date_excluded"]``).
    dayfirst : read 05/01/2024 as 5 January (True) or May 1 (False). None decides once for the column
        from all its values (13/01 is day first, 01/13 month first; majority wins, day first on a tie);
        ``attrs["dayfirst"]`` says what was used.
    min_n : themes with fewer rows are kept but flagged ``below_min_n``.
    alpha : significance level of the impact flags.

    Returns
    -------
    DataFrame
        One row per theme (and period), largest first: the ``by`` columns, ``period``, ``theme``
        (ids joined by " × "), ``label`` (Spanish names), ``n``, ``share`` (% of the rows that carry
        a theme; multi-label shares add up to more than 100), ``positive``/``neutral``/``negative``/
        ``mixed`` (% of the theme's comments), ``net_sentiment`` (% positive - % negative), then per
        metric ``M``: ``M``, ``M_low``, ``M_high`` (95% interval), ``M_n`` (valid answers),
        ``M_blank``, ``M_out_of_range``, ``M_non_numeric`` (excluded answers), ``M_impact``,
        ``M_impact_p`` and ``M_impact_significant``; and ``below_min_n``; then, only when the
        frame has signal values (``cx_effort``...), the signal columns of ``signals.py``
        (``effort_high``, ``emotion_anger``, ``churn_risk``...; docs/metrics.md section 3.7).
        ``attrs`` records the settings, the overall exclusions and the signals' totals.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"cx_status": ["ok"] * 4 + ["empty"],
    ...                    "cx_sentiment": ["negative", "positive", "mixed", "positive", None],
    ...                    "cx_touchpoints": ["delivery|support", "app", "app|delivery", "app", None],
    ...                    "nps": [2, 10, 7, 9, "9,0"]})
    >>> s = summarize(df, by="touchpoints", metrics={"nps": "nps"}, min_n=2)
    >>> s[["theme", "n", "nps", "nps_impact"]].round(1).to_dict("records")[:2]
    [{'theme': 'app', 'n': 3, 'nps': 66.7, 'nps_impact': 40.0}, {'theme': 'delivery', 'n': 2, 'nps': -50.0, 'nps_impact': -60.0}]
    """
    frame = analysed_frame(frame, "summarize")
    if not (isinstance(min_n, (int, np.integer)) and not isinstance(min_n, bool) and min_n >= 1):  # True is no n
        raise ConfigError(f"min_n must be a whole number >= 1, got {shown_value(min_n)}.")
    if not (is_number(alpha) and 0 < alpha < 1):
        raise ConfigError(f"alpha must be a number between 0 and 1, got {shown_value(alpha)}.")
    check_dayfirst(dayfirst)
    if unknown := sorted(set(scores) - set(SCORE_KEYWORDS)):
        raise TypeError(f"summarize() got unexpected keyword arguments {unknown}.")
    scored = [(find_column(frame.columns, column, f"{metric.label} column"), metric)
              for column, metric in metric_columns(metrics, **scores)]
    n_rows = len(frame)
    labelled = labelled_rows(frame)
    dims = resolve_by(frame, by)
    _check_apart_from_themes(scored, dims)
    rows, theme, cats = theme_pairs(frame, dims, labelled)

    attrs = {"by": [name for name, _ in dims], "period": None, "min_n": int(min_n), "alpha": alpha,
             "rows": n_rows, "themed_rows": int(np.unique(rows).size), "date_column": None, "date_excluded": 0,
             "date_out_of_range": 0, "dayfirst": dayfirst,
             "metrics": {metric.name: {"column": column, **metric.settings()} for column, metric in scored}}
    # A date column named is checked with or without a period: a typo was otherwise accepted in silence.
    date_col = find_column(frame.columns, date, "date column") if date is not None else None
    if period is not None:
        check_period_name(period)
        date_col = date_col or detect_date_column(frame.columns, period)
        period = chosen_period(frame[date_col], period)
        row_period, period_labels, how = period_index(frame[date_col], PERIODS[period], dayfirst)
        attrs.update(period=PERIODS[period], date_column=date_col, date_excluded=int((row_period < 0).sum()), **how)
    else:
        row_period, period_labels = np.zeros(n_rows, dtype=np.int64), [None]
    n_periods = len(period_labels)

    rows, group, count, present = theme_period_groups(rows, theme, row_period, len(cats), n_periods)
    size = len(cats) * n_periods
    g_theme, g_period = present // n_periods, present % n_periods
    n = count[present]

    out: dict[str, object] = {}
    for j, (name, _) in enumerate(dims):
        out[name] = [cats[t][j] for t in g_theme]
    if period is not None:
        out["period"] = [period_labels[p] for p in g_period]
    out["theme"] = [f" {COMBINE} ".join(theme_id(v) for v in cats[t]) for t in g_theme]
    out["label"] = [f" {COMBINE} ".join(display_name(theme_id(v), col) if is_label_column(col) else theme_id(v)
                                        for v, (_, col) in zip(cats[t], dims)) or "Total" for t in g_theme]
    out["n"] = n
    themed = np.zeros(n_rows, dtype=bool)
    themed[rows] = True
    base = np.bincount(row_period[themed], minlength=n_periods)
    out["share"] = 100.0 * n / base[g_period]
    out.update(_sentiment_shares(frame, labelled, rows, group, size, present))

    dated = row_period >= 0
    ces, ces_answers = effort_ces_metric(scored), None
    for column, metric in scored:
        x, reason = metric.parse(frame[column])
        y = metric.from_scores(x)
        if ces is not None and (column, metric) == ces:
            ces_answers = x  # the effort-CES correlation reads the answers themselves
        sums = group_sums(group, y[rows], reason[rows], size).take(present)
        # Impact compares each theme with all respondents of its period (the whole table without periods).
        overall = group_sums(row_period[dated], y[dated], reason[dated], n_periods).take(g_period)
        value, _, low, high = metric.estimate(sums.n, sums.total, sums.squares)
        effect, p = impact(metric, sums, overall)
        m = metric.name
        out.update({m: value, f"{m}_low": low, f"{m}_high": high, f"{m}_n": sums.n.astype(np.int64)})
        out.update({f"{m}_{key}": sums.reasons[:, code] for code, key in REASONS.items()})
        out.update({f"{m}_impact": effect, f"{m}_impact_p": p, f"{m}_impact_significant": p < alpha})
        attrs["metrics"][m].update({key: int((reason == code).sum()) for code, key in REASONS.items()},
                                   valid=int((reason == 0).sum()))
    out["below_min_n"] = n < min_n
    counts = signal_counts(frame, labelled, rows, group, size, present, ces, answers=ces_answers)
    columns, signals = signal_summary(*counts, present.size, ces)
    out.update(columns)
    if signals:
        attrs["signals"] = signals

    out, own = own_columns(out)
    if own:
        attrs["own_sentiments"] = own
    result = pd.DataFrame(out)
    total = result.groupby("theme", sort=False)["n"].transform("sum") if period is not None else result["n"]
    order = np.lexsort(((result["period"] if period is not None else result["theme"]).to_numpy(),
                        result["theme"].to_numpy(), -total.to_numpy()))
    result = result.iloc[order].reset_index(drop=True)
    result.attrs = attrs
    return result


def _sentiment_shares(frame, labelled, rows, group, size, present) -> dict[str, np.ndarray]:
    """% of each sentiment among each group's labelled comments, and the net sentiment."""
    if "cx_sentiment" not in frame:
        return {s: np.full(present.size, np.nan) for s in (*SENTIMENTS, "net_sentiment")}
    codes, uniques = pd.factorize(frame["cx_sentiment"], use_na_sentinel=True)
    names = [sentiment_label(u) for u in uniques]  # a blank cell is no sentiment, not a label ''
    own = sorted(set(filter(None, names)) - set(SENTIMENTS))
    check_own_labels("cx_sentiment", own)
    labels = [*SENTIMENTS, *own]
    position = {label: j for j, label in enumerate(labels)}
    to_label = np.array([position[name] if name else -1 for name in names] + [-1], dtype=np.int64)
    code = np.where(labelled, to_label[codes], -1)[rows]
    has = code >= 0
    k = len(labels)
    counts = np.bincount(group[has] * k + code[has], minlength=size * k).reshape(size, k)[present]
    total = counts.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(total[:, None] > 0, 100.0 * counts / total[:, None], np.nan)
    # A label of your own is keyed apart, and given its column once every column is known (signals.own_columns).
    out = {(label if label in SENTIMENTS else (OWN_SENTIMENT, label)): pct[:, j] for j, label in enumerate(labels)}
    out["net_sentiment"] = out["positive"] - out["negative"]
    return out


def undated_note(n: int, column, left_out_of: str = "the trend") -> str:
    """The line that says how many rows have no readable date in ``column`` (``attrs["date_excluded"]``) and what
    they are left out of: ``cxnlp summarize``'s trend, ``changes``' comparison."""
    return (f"{n} {'row' if n == 1 else 'rows'} without a readable date in {shown_value(column)} "
            f"{'is' if n == 1 else 'are'} left out of {left_out_of}.")


def written_dates(dates: pd.Series, examples: int = 3) -> tuple[pd.Series, str]:
    """The non-blank cells of a date column as text, and the ``examples`` most frequent of them quoted (redacted and
    cut: a phone or a comment typed in the date column)."""
    from ..pii import shown_cells

    cells = dates.dropna().astype(str).str.strip()
    cells = cells[cells != ""]
    return cells, shown_cells(cells.value_counts().index[:examples], limit=60)


def no_dates_message(dates: pd.Series, needs: str, out_of_range: int = 0, dayfirst: bool | None = None) -> str:
    """Why ``needs`` ("a trend by month needs dates", "changes needs dates") fails when no date of the column
    ``dates`` can be read: it is blank, or its values (the most frequent quoted) are not dates, or dates outside
    1900-2100 (``out_of_range`` of them), or dates that read only in the order ``dayfirst`` rules out (20/01/2024
    under ``dayfirst=False``): for those, to write the dates anew was the wrong advice."""
    cells, quoted = written_dates(dates)
    fix = "write its dates as 2024-01-31, or name the date column with date=... (--date)."
    if against := against_order(dates, dayfirst):
        first, example, keyword = (("month", "01/13/2024", "dayfirst=True (--dayfirst)") if dayfirst
                                   else ("day", "13/01/2024", "dayfirst=False (--monthfirst)"))
        order = (f"{int(against)} of them read only {first} first (a day over 12, as in {example}), which {keyword} "
                 f"rules out: leave it out to decide the order from the column's dates")
        fix = f"{order}." if against >= len(cells) else f"{order}; for the others, {fix}"
    if cells.empty:
        return f"{needs}: column {dates.name!r} is blank in every row; {fix}"
    outside = f", {out_of_range} of them dates outside 1900-2100" if out_of_range else ""
    return (f"{needs}: no date in column {dates.name!r} could be read (of {len(cells)} values, e.g. {quoted}"
            f"{outside}); {fix}")


def undated_error(dates: pd.Series, attrs: Mapping, dayfirst: bool | None = None) -> DataError:
    """The error for a trend by ``attrs["period"]`` (a summary's) whose date column ``dates`` has no date that can be
    read (``no_dates_message``; ``dayfirst`` as given, None where the order was decided from the dates)."""
    return DataError(no_dates_message(dates, f"a trend by {attrs['period']} needs dates",
                                      attrs.get("date_out_of_range") or 0, dayfirst))


__all__ = ["SCORE_KEYWORDS", "metric_columns", "summarize", "undated_note"]
