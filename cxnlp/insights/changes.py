"""What changed between two periods, per theme: share, net sentiment and each metric, each with a
test, and a Benjamini-Hochberg correction across every test of the table (docs/insights.md).

The two periods are the last two weeks, months or quarters of the data (``period="quarter"``), or
two named ones: period labels (``("2024-Q1", "2024-Q2")``, ``("2024-01", "2024-03")``, ISO weeks
``"2024-W05"``, years ``"2024"``) or date ranges (``(("2024-01-01", "2024-02-15"), ...)`` or
``"2024-01-01..2024-02-15"``), both ends included. ``_compared_periods.py`` chooses them.

Per theme and period the metrics engine sums ``n``, ``sum y`` and ``sum y**2`` (``engine.group_sums``
over ``themes.theme_period_groups``, as ``summarize`` does), and every test works from those sums:

- share (% of the period's themed rows that carry the theme): two-proportion z-test, pooled;
- net sentiment (y = +100 positive, -100 negative, 0 neutral or mixed) and every metric (NPS's
  +100/0/-100, a share's 0/100, a mean's answers): the z-test of the per-respondent values with the larger
  of two standard errors, the variance pooled over both periods (as summarize's impact test) and Welch's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..columns import analysed_frame, detect_date_column, find_column, sentiment_labels
from ..exceptions import ConfigError, CxnlpWarning, DataError, shown_value, warn_outside
from ..metrics import metric_columns
from ..metrics.base import REASONS, is_number
from ..metrics._spread import spread_of
from ..metrics.engine import group_sums
from ..metrics.periods import AUTO_PERIOD, PERIODS, chosen_period, period_index
from ..metrics.summary import SCORE_KEYWORDS
from ..metrics.themes import (COMBINE, is_label_column, labelled_rows, resolve_by, theme_id, theme_pairs,
                              theme_period_groups)
from ..schema import CHANGES_COLUMNS, display_name
from ._compared_periods import (LEFT_OUT_OF, NOTHING_TO_COMPARE, _choose, _passed_warning, _sides, _undated,
                                bare_warning, empty_said, future_period, future_warning, month_labels, usual_periods)
from ._named_periods import check_period

#: A change smaller than this is "tiny": not listed first even when significant. Keys are the kind
#: of measure: "share" (theme share, CSAT top-2 and other percentages: percentage points), "net"
#: (NPS and net sentiment: points of -100..100) and "mean" (CSAT/CES means: scale points).
#: On other scales a metric's own size is scaled to its range (``tiny_change``).
TINY_CHANGE = {"share": 2.0, "net": 3.0, "mean": 0.1}
#: Net sentiment's value per comment.
SENTIMENT_VALUES = {"positive": 100.0, "negative": -100.0, "neutral": 0.0, "mixed": 0.0}
#: The columns of the table, after the ``by`` columns (a ``by`` column of yours named like one is ``by_<name>``).
COLUMNS = CHANGES_COLUMNS


def benjamini_hochberg(p: Iterable[float]) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (NaN stays NaN and is not counted among the tests).

    ``adjusted[i] = min over j with p_j >= p_i of p_j * m / rank_j``, capped at 1; rejecting where
    ``adjusted < alpha`` keeps the expected share of false discoveries under ``alpha``.

    >>> benjamini_hochberg([0.01, 0.04, 0.03, float("nan")]).round(3).tolist()
    [0.03, 0.04, 0.04, nan]

    An array of any shape is corrected over all its values and keeps its shape.
    """
    values = _p_values(p)
    p = values.ravel()
    out = np.full(p.shape, np.nan)
    tested = np.flatnonzero(~np.isnan(p))
    if tested.size:
        order = tested[np.argsort(p[tested], kind="stable")]
        scaled = p[order] * tested.size / np.arange(1, tested.size + 1)
        out[order] = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    return out.reshape(values.shape)


def _p_values(p) -> np.ndarray:
    """``p`` as floats in its own shape, a missing value (None, NaN, pandas' NA, a blank string) as NaN: a nullable
    'Float64' column's NA raised a TypeError, and the rows of a 2-D array were taken for its values. A p-value
    outside 0..1 is a ``DataError``: it gave adjusted p-values below 0."""
    if isinstance(p, (str, bytes)) or not isinstance(p, (Iterable, np.ndarray)):  # "0.1" was read a character at
        # a time ("Unable to parse string '.'"), and 0.1 was "'float' object is not iterable"
        raise DataError(f"benjamini_hochberg: p-values are a list or an array of them; got {shown_value(p)}.")
    cells = p if isinstance(p, np.ndarray) else np.array(list(p), dtype=object)
    given = pd.Series(cells.ravel(), dtype=object)
    values = pd.to_numeric(given, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    unread = np.flatnonzero(np.isnan(values) & given.notna().to_numpy())  # pandas' "Unable to parse string 'a'"
    for k, cell in zip(unread, given.to_numpy()[unread]):  # (not .iloc per cell: 200,000 "nan" took 2.5 s)
        if isinstance(cell, str) and not cell.strip():  # a blank cell, missing as pandas read ""
            continue
        try:
            float(cell)  # "nan", as NaN, is no test
        except (TypeError, ValueError):
            raise DataError(f"benjamini_hochberg: p-values are numbers; got {shown_value(cell)} (value "
                            f"{k + 1} of {values.size}).") from None
    outside = np.flatnonzero((values < 0) | (values > 1))
    if outside.size:
        raise DataError(f"benjamini_hochberg: p-values lie between 0 and 1; got {values[outside[0]]:g} (value "
                        f"{outside[0] + 1} of {values.size}).")  # counted from 1: "value 0 of 1" named none
    return values.reshape(cells.shape)


def changes(frame: pd.DataFrame, period="quarter", by: str | Iterable[str] | None = "touchpoints", *,
            metrics: Mapping | Iterable | None = None, date: str | None = None, min_n: int = 30,
            alpha: float = 0.05, dayfirst: bool | None = None, **scores) -> pd.DataFrame:
    """Per theme, what changed from one period to the next, tested and corrected for many tests.

    Parameters
    ----------
    frame : classified DataFrame with a date column and, optionally, score columns.
    period : "week", "month" or "quarter" (or semana/mes/trimestre; "auto": quarters where the date column holds
        quarter labels, else months): the last two such periods that
        have rows with a theme of ``by`` (labelled comments, for a label axis); or a pair (before, after) of
        period labels ("2024-Q1", "2024-01", "2024-W05", "2024") or date ranges ((start, end) or "start..end",
        both included), the earlier first.
    by : the themes, as in ``summarize`` (None: one overall row per measure, no share).
    metrics, **scores : the metrics, as in ``summarize`` (``nps="recomendacion"``, ``metrics={...}``).
    date, dayfirst : the date column (detected when None) and how to read it (see ``summarize``).
    min_n : a test needs at least this many observations on each side, and never fewer than 2 (a
        ``min_n`` of 1 tests from 2); smaller ones are reported, flagged ``below_min_n`` and not tested.
    alpha : significance level, after the Benjamini-Hochberg correction.

    Returns
    -------
    DataFrame
        One row per theme and measure (``share``, ``net_sentiment`` and each metric's name): the
        ``by`` columns, ``theme``, ``label``, ``measure``, ``before``, ``after``, ``change``
        (after - before), ``n_before``, ``n_after`` (observations of the test), ``test``,
        ``statistic``, ``p``, ``p_adjusted`` (BH over all the table's tests), ``significant``
        (``p_adjusted < alpha``), ``tiny`` (``|change|`` under ``tiny_change``), ``notable``
        (significant and not tiny), ``direction`` ("up"/"down" when significant, else "") and
        ``below_min_n``. Notable rows come first, most significant first; then the rest, largest
        themes first. ``attrs`` holds the two periods, the settings and ``passed_over``: the later periods that
        a ``period`` given as week, month or quarter passed over, as ``latest_periods`` gives them; ``future``, the
        later period and its rows where it starts after today (a mistyped date? said in a warning), else None.

    Examples
    --------
    >>> df = pd.DataFrame({"fecha": ["2024-01-10"] * 40 + ["2024-04-10"] * 40,
    ...                    "cx_touchpoints": ["delivery"] * 80, "nps": [10] * 40 + [0] * 40})
    >>> c = changes(df, "quarter", nps="nps", min_n=20)
    >>> c.loc[c["measure"] == "nps", ["before", "after", "direction"]].values.tolist()
    [[100.0, -100.0, 'down']]
    """
    frame = analysed_frame(frame, "changes")
    if not (isinstance(min_n, (int, np.integer)) and not isinstance(min_n, bool) and min_n >= 1):  # True is no n
        raise ConfigError(f"min_n must be a whole number >= 1, got {shown_value(min_n)}.")
    # A test needs two observations on each side (Welch's error takes each period's variance): a min_n of 1, which
    # summarize takes, tests from 2 here.
    min_n = max(int(min_n), 2)
    if not (is_number(alpha) and 0 < alpha < 1):
        raise ConfigError(f"alpha must be a number between 0 and 1, got {shown_value(alpha)}.")
    if unknown := sorted(set(scores) - set(SCORE_KEYWORDS)):
        raise TypeError(f"changes() got unexpected keyword arguments {unknown}.")
    scored = [(find_column(frame.columns, column, f"{metric.label} column"), metric)
              for column, metric in metric_columns(metrics, **scores)]
    date_col = (find_column(frame.columns, date, "date column") if date is not None
                else detect_date_column(frame.columns, period))
    if isinstance(period, str) and period == AUTO_PERIOD:  # as summarize and discover read it: quarters for a
        period = chosen_period(frame[date_col], period)  # column of quarter labels, else months
    dims = resolve_by(frame, by)
    labelled = labelled_rows(frame)
    pairs = theme_pairs(frame, dims, labelled)
    themed = _themed(frame, pairs)
    side, windows, how = _sides(frame[date_col], period, dayfirst, themed)
    if how["passed_over"]:
        warn_outside(_passed_warning(windows, how["passed_over"], PERIODS[period], dims), CxnlpWarning)
    if bare := bare_warning(windows, side, themed, dims):  # said as a period passed over is
        warn_outside(bare, CxnlpWarning)
    if future := future_period(windows, side):  # dates typed in the future: compared, and said
        warn_outside(future_warning(future), CxnlpWarning)
    if undated := int((side == -2).sum()):  # said, as summarize's trend says it: they were dropped without a word
        warn_outside(f"changes: {_undated(frame[date_col], side == -2)}.", CxnlpWarning)
    answers: dict[str, dict] = {}
    table, tiny, sizes = _table(frame, dims, side, scored, min_n, labelled, pairs, answers)
    table["p_adjusted"] = benjamini_hochberg(table["p"])
    table = _judge(table, tiny, sizes, alpha)
    (before, b_range), (after, a_range) = windows
    table.attrs = {"by": [name for name, _ in dims], "before": before, "after": after,
                   "before_range": b_range, "after_range": a_range, "date_column": date_col,
                   "date_excluded": undated, "dayfirst": how["dayfirst"], "min_n": int(min_n),
                   "alpha": alpha, "tests": int(table["p"].notna().sum()), "tiny": dict(TINY_CHANGE),
                   "metrics": {m.name: {"column": c, "kind": m.kind, **m.settings(), "tiny": tiny_change(m),
                                        **answers[m.name]} for c, m in scored},
                   "passed_over": how["passed_over"], "bare": _bare(windows, side, themed), "future": future}
    return table


def latest_periods(frame: pd.DataFrame, period: str = "quarter", by: str | Iterable[str] | None = "touchpoints", *,
                   date: str | None = None, dayfirst: bool | None = None) -> tuple[tuple[str, str] | None, list[dict]]:
    """The two periods ``changes(frame, period, by)`` compares by default (None when the data has no two to
    compare, where ``changes`` raises) and the later periods it passes over, as ``changes``' ``attrs["passed_over"]``
    lists them: ``{"period", "rows", "themed", "reason"}``, the reason "bare" (no row carries a theme of ``by``),
    "few" (rows as usual, but under ``STRAY_SHARE`` of a typical period's rows with a theme carry one) or "stray"
    (under ``STRAY_SHARE`` of a typical period's rows: a mistyped date?). No warning. ``period`` "auto" is read as
    ``changes`` reads it (it was refused here though ``changes`` took it)."""
    if not (isinstance(period, str) and (period in PERIODS or period == AUTO_PERIOD)):
        raise ConfigError(f"period must be week, month, quarter (semana, mes, trimestre) or auto; got {shown_value(period)}.")
    date_col = (find_column(frame.columns, date, "date column") if date is not None
                else detect_date_column(frame.columns, period))
    period = chosen_period(frame[date_col], period)
    pairs = theme_pairs(frame, resolve_by(frame, by), labelled_rows(frame))
    index, labels, _ = period_index(frame[date_col], PERIODS[period], dayfirst)
    kept, passed = _choose(index, _themed(frame, pairs), labels)
    return (labels[kept[-2]], labels[kept[-1]]) if len(kept) >= 2 else None, passed


def tiny_change(metric) -> float:
    """The size under which a change of ``metric`` is tiny, in its own units: ``TINY_CHANGE`` on the usual scales,
    scaled to other ones. A net score's is 1.5% of its range (3 of the NPS's 200 points; 0.03 of a metric scored
    -1/+1, whose every change was tiny under 3), a mean's 0.1 scale points but never under 1% nor over 2.5% of the
    scale's width (0.1 on 1-5, 1-7 and 0-10; 999.99 on 1-100,000, where 0.1 meant nothing). A share is always in
    percentage points."""
    if metric.kind == "share":
        return TINY_CHANGE["share"]
    lo, hi = metric.bounds
    if metric.kind == "net":
        return TINY_CHANGE["net"] * (hi - lo) / 200.0
    return min(max(TINY_CHANGE["mean"], (hi - lo) / 100), (hi - lo) / 40)


def _bare(windows: list, side: np.ndarray, themed: np.ndarray) -> list[dict]:
    """The compared periods with rows but none that carries a theme (``bare_warning``), as ``passed_over`` lists
    periods: the report said their every cell was "low n" for want of comments, of 328 responses not classified."""
    return [{"period": label, "rows": int((side == k).sum()), "themed": 0, "reason": "bare"}
            for k, (label, _) in enumerate(windows) if (side == k).any() and not (themed & (side == k)).any()]


def _themed(frame: pd.DataFrame, pairs) -> np.ndarray:
    """Which rows carry a theme of ``by`` (``theme_pairs``' rows)."""
    themed = np.zeros(len(frame), dtype=bool)
    themed[pairs[0]] = True
    return themed


# -- the tests --------------------------------------------------------------------------------
def _table(frame, dims, side, scored, min_n, labelled, pairs,
           answers: dict) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The rows of the table before the correction, and per row the size under which its change is tiny
    (``tiny_change``) and its theme's size, kept beside the table: as columns of it, they took the place of a ``by``
    column 'kind'. ``answers`` gets each metric's answers counted as ``summarize`` counts them (``valid``, ``blank``,
    ``out_of_range``, ``non_numeric``): a column with no valid answer read as a table of "low n" without a word."""
    rows, theme, cats = pairs
    rows, group, count, present = theme_period_groups(rows, theme, side, len(cats), 2)
    size = len(cats) * 2
    themes = np.unique(present // 2)
    before, after = themes * 2, themes * 2 + 1
    parts = []
    if dims:
        themed = np.zeros(len(frame), dtype=bool)
        themed[rows] = True
        base = np.bincount(side[themed & (side >= 0)], minlength=2).astype(float)
        parts.append(("share", TINY_CHANGE["share"], *_two_proportions(count[before], count[after], base, min_n)))
    # Within "delivery × negative" it cannot change; without a sentiment (no cx_sentiment column, or one blank in
    # every row) it is no measure at all (its rows read "low n", as if a few comments had a sentiment).
    sentiment = None if any(col == "cx_sentiment" for _, col in dims) else _sentiment_values(frame, labelled)
    if sentiment is not None and not np.isnan(sentiment).all():
        sums = group_sums(group, sentiment[rows], np.zeros(rows.size, dtype=np.int64), size)
        parts.append(("net_sentiment", TINY_CHANGE["net"], *_difference(sums.take(before), sums.take(after), min_n,
                                                                        0)))
    for column, metric in scored:
        y, reason = metric.values(frame[column])
        answers[metric.name] = {key: int((reason == code).sum()) for code, key in REASONS.items()}
        answers[metric.name]["valid"] = int((reason == 0).sum())
        sums = group_sums(group, y[rows], reason[rows], size)
        parts.append((metric.name, tiny_change(metric), *_difference(sums.take(before), sums.take(after), min_n,
                                                             metric.ddof)))
    if not parts:  # by=None without a sentiment or a metric: pandas' "No objects to concatenate"
        raise DataError("changes with by=None compares net sentiment and the metrics, and there is neither: no "
                        "sentiment (no cx_sentiment column, or one blank in every row) and no metric (nps=..., "
                        "csat=..., ces=...); name a metric, or compare by a theme.")
    label_of = [f" {COMBINE} ".join(display_name(theme_id(v), col) if is_label_column(col) else theme_id(v)
                                    for v, (_, col) in zip(cats[t], dims)) or "Total" for t in themes]
    size_of = count[before] + count[after]
    out = []
    for measure, tiny, values in parts:
        part = pd.DataFrame(values)
        for j, (name, _) in enumerate(dims):
            part.insert(j, name, [cats[t][j] for t in themes])
        part.insert(len(dims), "theme", [f" {COMBINE} ".join(theme_id(v) for v in cats[t]) for t in themes])
        part.insert(len(dims) + 1, "label", label_of)
        part.insert(len(dims) + 2, "measure", measure)
        out.append((part, np.full(len(part), tiny, dtype=float), size_of))
    return (pd.concat([part for part, _, _ in out], ignore_index=True),
            np.concatenate([kind for _, kind, _ in out]), np.concatenate([size for _, _, size in out]))


def _two_proportions(c1, c2, base, min_n) -> tuple[dict]:
    """Share of the period's themed rows, before and after, and the pooled two-proportion z-test."""
    from scipy.special import erfc

    n1, n2 = np.full(c1.shape, base[0]), np.full(c2.shape, base[1])
    with np.errstate(divide="ignore", invalid="ignore"):
        p1, p2 = c1 / n1, c2 / n2
        pooled = (c1 + c2) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = np.where(se > 0, (p2 - p1) / se, 0.0)
    small = np.minimum(n1, n2) < min_n
    p = np.where(small, np.nan, erfc(np.abs(z) / np.sqrt(2.0)))
    return ({"before": 100 * p1, "after": 100 * p2, "change": 100 * (p2 - p1), "n_before": n1.astype(np.int64),
             "n_after": n2.astype(np.int64), "test": "two-proportion z", "statistic": np.where(small, np.nan, z),
             "p": p, "below_min_n": small},)


def _difference(a, b, min_n, ddof: int) -> tuple[dict]:
    """Mean of y before and after (from the engine's sums) and the z-test of the difference, its standard error the
    larger of the variance of y pooled over both periods (as under the null hypothesis that nothing changed) and
    Welch's, each period's own (``ddof`` 0 for a share or a net score, 1 for a mean, as ``engine.impact``).
    Welch's alone trusted a small period's variance: January's 30 promoters, variance 0, against February's NPS 87
    gave p = 1e-7, a permutation test 0.09. The pooled alone trusted both periods to spread alike (docs/insights.md,
    section 2.2; ``bench/changes_calibration.py``)."""
    from scipy.special import erfc

    def moments(s):
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = s.total / s.n
        # Equal answers leave only rounding error in sum(y^2) - n*mean^2: that is no spread (metrics._spread).
        return mean, spread_of(s.n, s.total, s.squares)

    n1, n2 = a.n, b.n
    (m1, spread1), (m2, spread2), (_, spread) = moments(a), moments(b), moments(a + b)
    small = np.minimum(n1, n2) < min_n
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = np.sqrt(spread / (n1 + n2 - ddof) * (1 / n1 + 1 / n2))
        welch = np.sqrt(spread1 / (n1 - ddof) / n1 + spread2 / (n2 - ddof) / n2)
        # The larger of the two: the pooled one alone called 13-52% of unchanged themes changed when the larger
        # period is also the narrower (the Behrens-Fisher case), Welch's alone 12-22% when the small one has no spread.
        se = np.fmax(pooled, welch)
        z = (m2 - m1) / se
        # No spread over both periods: every answer is the same and nothing changed (the means equal but for
        # rounding): a change and z of 0 and p = 1, as the share's test gives (the change was 2.2e-16 and z NaN).
        flat = ~(se > 0) & (n1 > 0) & (n2 > 0)
        z = np.where(flat, 0.0, z)
        p = np.where(se > 0, erfc(np.abs(z) / np.sqrt(2.0)), 1.0)
    p = np.where(small, np.nan, p)
    return ({"before": m1, "after": m2, "change": np.where(flat, 0.0, m2 - m1), "n_before": n1.astype(np.int64),
             "n_after": n2.astype(np.int64), "test": "z, larger SE", "statistic": np.where(small, np.nan, z),
             "p": p, "below_min_n": small},)


def _sentiment_values(frame: pd.DataFrame, labelled: np.ndarray) -> np.ndarray:
    """Net sentiment's y per row: +100, -100 or 0 for a labelled comment with a sentiment, else NaN."""
    if "cx_sentiment" not in frame:
        return np.full(len(frame), np.nan)
    text = pd.Series(sentiment_labels(frame["cx_sentiment"]), index=frame.index).replace("", pd.NA)
    y = np.array(text.map(SENTIMENT_VALUES).astype(float).to_numpy(na_value=np.nan))
    y[text.notna().to_numpy() & np.isnan(y)] = 0.0  # a sentiment label of your own: neither positive nor negative
    y[~labelled] = np.nan
    return y


def _judge(table: pd.DataFrame, tiny: np.ndarray, sizes: np.ndarray, alpha: float) -> pd.DataFrame:
    table["significant"] = table["p_adjusted"] < alpha
    # No change (a theme absent from one period) is not a tiny one: "under TINY_CHANGE" holds of a number only.
    table["tiny"] = np.abs(table["change"].to_numpy(dtype=float)) < tiny
    table["notable"] = table["significant"] & ~table["tiny"]
    table["direction"] = np.where(table["significant"], np.where(table["change"] > 0, "up", "down"), "")
    order = np.lexsort((table["measure"].map({m: k for k, m in enumerate(dict.fromkeys(table["measure"]))}),
                        table["theme"].to_numpy(), -np.asarray(sizes),
                        table["p_adjusted"].where(table["notable"], np.inf).to_numpy(),
                        ~table["notable"].to_numpy()))
    table = table.iloc[order].reset_index(drop=True)
    by = [c for c in table.columns[:table.columns.get_loc("theme")]]
    return table[[*by, *COLUMNS]]


__all__ = ["COLUMNS", "NOTHING_TO_COMPARE", "SENTIMENT_VALUES", "TINY_CHANGE", "benjamini_hochberg", "changes",
           "check_period", "empty_said", "latest_periods", "month_labels", "tiny_change", "usual_periods"]
