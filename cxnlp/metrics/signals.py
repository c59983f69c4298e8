"""Signals by theme: effort, emotions, churn risk and escalation (docs/labels.md section 11), and
effort against CES (docs/metrics.md section 3.7).

Like the metrics, a summary of signals is made of counts that add up over parts of the rows:
:func:`signal_counts` counts per group (theme and period) and over the whole table, and
:func:`signal_summary` turns counts into the summary's columns and ``attrs``. ``summarize`` calls
both on the whole frame; the Dask and Spark back ends (``cxnlp._partitions``) call the first per
partition, add the counts up and call the second, so both give the same summary.

The effort-CES correlation is Spearman's rho, whose ranks depend on every row; but effort has
three values and CES answers a few, so the table of (effort, answer) counts holds the ranks (ties
take their mean rank) and merges by addition (:func:`spearman_from_counts`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..columns import flag_word
from ..exceptions import DataError, quoted_cell
from ..schema import EMOTIONS
from ._named_themes import EMOTION_SEPS, theme_label
from .base import Z95, Metric
from .effort import CES
from .themes import factorize_cells, split_labels

#: The signal columns that ``Model.classify_frame`` writes, by signal.
SIGNAL_COLUMNS = {"effort": "cx_effort", "emotions": "cx_emotions", "churn_risk": "cx_churn_risk",
                  "escalation": "cx_escalation"}
#: Effort as a number for its correlation with CES; other effort labels are left out of it.
EFFORT_SCORES = {"high": 1.0, "none": 0.0, "low": -1.0}
FLAG_SIGNALS = ("churn_risk", "escalation")
#: A cell that holds something but not a value of its signal ("quizás" as churn risk): counted, never read as "no".
UNREADABLE = object()


def effort_ces_metric(scored) -> tuple[str, Metric] | None:
    """The first (column, metric) of ``scored`` that measures CES, or None."""
    return next(((column, metric) for column, metric in scored if isinstance(metric, CES)), None)


# -- counting ---------------------------------------------------------------------------------
def _read_effort(value):
    # Case and spaces as training reads them ('High ' is high); a blank cell is no value. A number, or a number
    # written as text (a CSV, or Dask's strings), is no effort label: unreadable, as a number cell is. A label
    # written by its display name ('Esfuerzo alto', a hand-edited export) is its id, as summaries read touchpoints.
    if isinstance(value, str):
        text = value.strip()
        return UNREADABLE if text and _is_number(text) else (theme_label(text, "cx_effort") if text else None)
    return UNREADABLE


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _read_emotions(value):
    # An empty cell is a comment with no emotion; a missing one (NaN, None) was not labelled. A list or tuple
    # (the service's and ``Classification.emotions``' form, a JSON array) holds the emotions themselves. An emotion
    # written by its display name ('Frustración') is its id: the report showed "frustración" beside "Frustración".
    names = split_labels(value, EMOTION_SEPS)
    return UNREADABLE if names is None else tuple(dict.fromkeys(theme_label(name.strip(), "cx_emotions")
                                                                for name in names))


def _read_flag(value):
    # The vocabulary training reads (``columns.flag_word``): yes/no, sí, true/false, verdadero/falso, 1/0, booleans.
    if isinstance(value, str) and not value.strip():
        return None
    flag = flag_word(value)
    return UNREADABLE if flag is None else flag


def flag_rows(series: pd.Series) -> np.ndarray:
    """Which rows of a flag column (``cx_churn_risk``, ``cx_escalation``) say yes."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return np.append(np.array([_read_flag(u) is True for u in uniques], dtype=bool), False)[codes]


def _per_row(series: pd.Series, labelled: np.ndarray, read) -> tuple[np.ndarray, list, np.ndarray]:
    """Per row, the index of its value among the distinct values read (-1 where the row is not labelled
    or has no value), those values (``read`` sees each distinct value once; None is no value), and which
    labelled rows hold a cell ``read`` found ``UNREADABLE``."""
    codes, uniques = factorize_cells(series)
    values = [read(u) for u in uniques]
    has = np.array([v is not None and v is not UNREADABLE for v in values] + [False], dtype=bool)
    bad = np.array([v is UNREADABLE for v in values] + [False], dtype=bool)
    values = [None if v is UNREADABLE else v for v in values]
    return np.where(labelled & has[codes], codes, -1), values, labelled & bad[codes]


def signal_counts(frame: pd.DataFrame, labelled: np.ndarray, rows: np.ndarray, group: np.ndarray, size: int,
                  present: np.ndarray, ces: tuple[str, Metric] | None = None, *,
                  answers: np.ndarray | None = None, emotions_given: bool | None = None) -> tuple[dict, dict]:
    """Counts of the signals per group and over the table, which add up over parts of the rows.

    ``rows``, ``group``, ``size`` and ``present`` are the (row, group) pairs of ``summarize``
    (``themes.theme_period_groups``); only ``labelled`` rows count. Returns ``(groups, totals)``:
    ``groups`` maps a field to one count per present group, ``totals`` a field to a count over every
    labelled row. Fields: ``<signal>:n`` (comments with a value), ``effort:high``, ``effort:low``,
    ``emotion:<name>``, ``<flag>:yes``, and in ``totals`` only ``<signal>:unreadable`` (labelled cells that
    hold no value of the signal, such as "quizás" as churn risk, when there are any); with ``ces`` (column,
    metric) and effort, ``ces_high:n`` and ``ces_high:total`` (sums of the metric's value over high-effort comments; ``ces_other:`` over the
    rest) per group, and in ``totals`` ``effort_ces:<effort score>:<answer>``, the table of the
    correlation. Both are empty when the frame has no signal column. ``answers`` are the CES
    column's parsed scores (``metric.parse``) when the caller has them; parsed here otherwise.
    ``emotions_given``: whether the whole table's model gave emotions (``emotions_given_in``), for a part of
    a table; decided from ``frame`` itself when None.
    """
    groups: dict[str, np.ndarray] = {}
    totals: dict[str, float] = {}

    def count(field: str, hit: np.ndarray) -> None:
        groups[field] = np.bincount(group[hit[rows]], minlength=size)[present]
        totals[field] = int(hit.sum())

    for signal, column in SIGNAL_COLUMNS.items():
        if column not in frame:
            continue
        read = {"effort": _read_effort, "emotions": _read_emotions}.get(signal, _read_flag)
        series = (_emotion_cells(frame[column], labelled, emotions_given) if signal == "emotions"
                  else frame[column])
        code, values, unreadable = _per_row(series, labelled, read)
        count(f"{signal}:n", code >= 0)
        if unreadable.any():  # over the table only: told once, not per theme
            totals[f"{signal}:unreadable"] = int(unreadable.sum())
        if signal == "effort":
            for level in ("high", "low"):
                count(f"effort:{level}", _where(values, code, lambda v, level=level: v == level))
            if ces is not None:
                x = ces[1].parse(frame[ces[0]])[0] if answers is None else answers
                _effort_by_ces(x, ces[1], values, code, rows, group, size, present, groups, totals)
        elif signal == "emotions":
            names = list(dict.fromkeys(e for v in values if v for e in v))
            check_own_labels(column, [name for name in names if name not in EMOTIONS])
            index = {name: j for j, name in enumerate(names)}
            has = np.zeros((len(names), len(values) + 1), dtype=bool)  # emotion x distinct value (+ no value)
            for i, v in enumerate(values):
                for name in v or ():
                    has[index[name], i] = True
            for j, name in enumerate(names):
                count(f"emotion:{name}", has[j][code])
        else:
            count(f"{signal}:yes", _where(values, code, lambda v: v is True))
    return groups, totals


#: Labels of your own a summary gives a column each (a sentiment or an emotion the schema does not name); a
#: column with more distinct values is not one cxnlp wrote (a shifted or hand-made column): one line of error
#: rather than a summary thousands of columns wide.
MAX_OWN_LABELS = 50


def check_own_labels(column: str, own: list[str]) -> None:
    """A ``DataError`` when ``column`` holds more than ``MAX_OWN_LABELS`` labels outside the schema (``own``)."""
    if len(own) > MAX_OWN_LABELS:
        examples = ", ".join(quoted_cell(name, 40) for name in own[:3])  # (a shifted comment column: redacted)
        raise DataError(f"column {column!r} holds {len(own):,} values that are not labels of cxnlp's schema (such as "
                        f"{examples}); at most {MAX_OWN_LABELS} labels of your own are summarised. Check that it "
                        f"is the column cxnlp wrote.")


#: The key of a sentiment label of your own among a summary's columns before they are named (``own_columns``).
OWN_SENTIMENT = "own sentiment"


def own_columns(out: dict) -> tuple[dict, dict[str, str]]:
    """A summary's columns (``out``, by name) with each sentiment label of your own, keyed ``(OWN_SENTIMENT,
    label)``, under its column: the label, or ``sentiment_<label>`` where the summary has a column of that name
    (a label 'net_sentiment' or 'n' lost its shares to that column, or replaced it); and {label: column}."""
    taken = {key for key in out if isinstance(key, str)}
    named, columns = {}, {}
    for key, value in out.items():
        if isinstance(key, tuple):
            column = key[1]
            while column in taken:
                column = f"sentiment_{column}"
            taken.add(column)
            columns[key[1]] = key = column
        named[key] = value
    return named, columns


def emotions_given_in(frame: pd.DataFrame, labelled: np.ndarray) -> bool:
    """Whether the model that classified ``frame`` gave emotions: some labelled row has a ``cx_emotions`` cell
    (a model without emotions leaves the column missing on every row)."""
    return "cx_emotions" in frame and _has_cells(frame["cx_emotions"], labelled)


def _has_cells(series: pd.Series, labelled: np.ndarray) -> bool:
    return bool((labelled & series.notna().to_numpy()).any())


def _emotion_cells(series: pd.Series, labelled: np.ndarray, given: bool | None = None) -> pd.Series:
    """``cx_emotions`` as read. Where the model gave emotions (``given``; decided from ``series`` when None), a
    labelled row's missing cell is a comment with no emotion, as its empty cell is in a CSV: a spreadsheet gives
    the empty cell back as missing, and those comments dropped out of the shares (frustration 51% of a theme's
    comments instead of 14%). A model without emotions leaves every cell missing: it adds nothing."""
    if given is None:
        given = _has_cells(series, labelled)
    if not given:
        return series
    # A Parquet category column ("" is no category of it), or an Arrow one (dtype_backend="pyarrow"): "" is no
    # list of a list column, and Arrow cannot put it in one.
    if isinstance(series.dtype, (pd.CategoricalDtype, pd.ArrowDtype)):
        series = series.astype(object)
    return series.where(series.notna() | ~labelled, "")


def _where(values: list, code: np.ndarray, test) -> np.ndarray:
    """Per row, whether its value passes ``test`` (each distinct value is tested once; no value never passes)."""
    return np.array([v is not None and bool(test(v)) for v in values] + [False], dtype=bool)[code]


def _effort_by_ces(x, metric, values, code, rows, group, size, present, groups, totals) -> None:
    """The CES of high-effort comments and of the others per group, and the (effort, answer x) table."""
    y = metric.from_scores(x)
    answered = (code >= 0) & ~np.isnan(x)
    high = answered & _where(values, code, lambda v: v == "high")
    for name, part in (("ces_high", high), ("ces_other", answered & ~high)):
        hit = part[rows]
        groups[f"{name}:n"] = np.bincount(group[hit], minlength=size)[present]
        groups[f"{name}:total"] = np.bincount(group[hit], weights=y[rows][hit], minlength=size)[present]
    score = np.array([EFFORT_SCORES.get(v, np.nan) for v in values] + [np.nan])[code]
    both = ~np.isnan(score) & ~np.isnan(x)
    if both.any():
        # Few distinct effort scores and answers: count the pairs by code, then name each cell.
        e_code, e_values = pd.factorize(score[both])
        x_code, x_values = pd.factorize(x[both])
        cells = np.bincount(e_code * len(x_values) + x_code, minlength=len(e_values) * len(x_values))
        for cell in np.flatnonzero(cells):
            e, a = float(e_values[cell // len(x_values)]), float(x_values[cell % len(x_values)])
            totals[f"effort_ces:{e!r}:{a!r}"] = int(cells[cell])


# -- from counts to columns -------------------------------------------------------------------
def signal_summary(groups: Mapping[str, np.ndarray], totals: Mapping[str, float], n_groups: int,
                   ces: tuple[str, Metric] | None = None) -> tuple[dict[str, np.ndarray], dict]:
    """The summary's signal columns and ``attrs["signals"]`` from (merged) :func:`signal_counts`.

    A signal with no value on any labelled row adds nothing, so a frame without signals (or from a
    model trained without them) gives the summary it gave before signals existed. One whose cells could not
    be read ("quizás" as churn risk) is kept, with their number in ``unreadable``, so that a column of values
    cxnlp cannot read is reported rather than dropped without a word.
    """
    def col(field: str) -> np.ndarray:
        values = groups.get(field)
        return np.zeros(n_groups) if values is None else np.asarray(values, dtype=float)

    def pct(field: str, base: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(base > 0, 100.0 * col(field) / base, np.nan)

    out: dict[str, np.ndarray] = {}
    attrs: dict = {}
    for signal, column in SIGNAL_COLUMNS.items():
        total, unreadable = int(totals.get(f"{signal}:n", 0)), int(totals.get(f"{signal}:unreadable", 0))
        if total == 0 and unreadable == 0:
            continue
        base = col(f"{signal}:n")
        attrs[signal] = {"column": column, "n": total}
        if unreadable:
            attrs[signal]["unreadable"] = unreadable
        out[f"{signal}_n"] = base.astype(np.int64)
        if signal == "effort":
            out["effort_high"], out["effort_low"] = pct("effort:high", base), pct("effort:low", base)
            attrs[signal].update(high=int(totals.get("effort:high", 0)), low=int(totals.get("effort:low", 0)))
            if ces is not None:
                out.update(_ces_columns(col, ces[1].name))
                attrs["effort_ces"] = {"column": ces[0], **effort_ces_correlation(totals)}
        elif signal == "emotions":
            for name in emotion_names(totals):
                out[f"emotion_{name}"] = pct(f"emotion:{name}", base)
            attrs[signal]["counts"] = {name: int(totals.get(f"emotion:{name}", 0)) for name in emotion_names(totals)}
        else:
            out[signal] = col(f"{signal}:yes").astype(np.int64)
            out[f"{signal}_share"] = pct(f"{signal}:yes", base)
            attrs[signal]["yes"] = int(totals.get(f"{signal}:yes", 0))
    return out, attrs


def emotion_names(totals: Mapping[str, float]) -> list[str]:
    """Emotions with a column: the schema's in its order, then others found in the data, sorted."""
    seen = {field.split(":", 1)[1] for field, k in totals.items() if field.startswith("emotion:") and k > 0}
    own = sorted(seen - set(EMOTIONS))
    check_own_labels("cx_emotions", own)  # over the whole table: partial sums of parts pass each part's check
    return [*EMOTIONS, *own]


def _ces_columns(col, m: str) -> dict[str, np.ndarray]:
    out = {}
    for name, suffix in (("ces_high", "effort_high"), ("ces_other", "effort_other")):
        n = col(f"{name}:n")
        with np.errstate(divide="ignore", invalid="ignore"):
            out[f"{m}_{suffix}"] = np.where(n > 0, col(f"{name}:total") / n, np.nan)
        out[f"{m}_{suffix}_n"] = n.astype(np.int64)
    return out


def signal_view(summary: pd.DataFrame, top: int = 2, names: Mapping[str, str] | None = None) -> dict[str, list]:
    """Compact signal columns of a summary for a console table: % high effort, churn-risk and escalation
    counts, and the ``top`` emotions with their % ("frustration 32%, anger 18%"), each by its display name in
    ``names`` (emotion -> name, a ``--labels-file``'s) where it has one; {} without signals."""
    found = summary.attrs.get("signals", {})
    view: dict[str, list] = {}
    if "effort" in found:
        # blank, not NaN, for a theme without an effort value (a region whose rows have no comment)
        view["effort_high%"] = [f"{v:.1f}" if pd.notna(v) else "" for v in summary["effort_high"]]
    for signal, short in (("churn_risk", "churn"), ("escalation", "escal")):
        if signal in found:
            view[short] = summary[signal].tolist()
    if "emotions" in found:
        emotions = [name for name in found["emotions"]["counts"] if f"emotion_{name}" in summary]
        shares = summary[[f"emotion_{name}" for name in emotions]].to_numpy(dtype=float)
        shown = [(names or {}).get(name, name) for name in emotions]
        view["emotions"] = [", ".join(f"{shown[j]} {row[j]:.0f}%" for j in np.argsort(-np.nan_to_num(row),
                                                                                     kind="stable")[:top] if row[j] > 0)
                            for row in shares]
    return view


def effort_ces_correlation(totals: Mapping[str, float]) -> dict:
    """Spearman's rho between effort (high 1, none 0, low -1) and the CES answer, from the table of
    ``effort_ces:`` counts, with its n and 95% interval (Fisher z, Bonett-Wright variance)."""
    cells = [(field.split(":")[1:], k) for field, k in totals.items() if field.startswith("effort_ces:") and k > 0]
    e = np.array([float(a) for (a, _), _ in cells])
    x = np.array([float(b) for (_, b), _ in cells])
    k = np.array([float(c) for _, c in cells])
    rho, n = spearman_from_counts(e, x, k)
    low, high = spearman_interval(rho, n)
    return {"method": "spearman", "effort_scores": dict(EFFORT_SCORES), "rho": rho, "n": n, "low": low,
            "high": high}


def _midranks(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Mean rank of each value among ``weights[i]`` copies of ``values[i]`` (ties share their mean rank)."""
    distinct, inverse = np.unique(values, return_inverse=True)
    count = np.bincount(inverse, weights=weights, minlength=distinct.size)
    below = np.cumsum(count) - count
    return (below + (count + 1) / 2)[inverse]


def spearman_from_counts(a, b, weights) -> tuple[float, int]:
    """Spearman's rho of ``weights[i]`` observations of the pair ``(a[i], b[i])``, and their number.

    The Pearson correlation of mid-ranks, as ``scipy.stats.spearmanr`` computes it on the rows;
    NaN when either variable does not vary.
    """
    a, b, w = (np.asarray(v, dtype=float) for v in (a, b, weights))
    n = float(w.sum())
    if n < 2:
        return float("nan"), int(n)
    ra, rb = _midranks(a, w), _midranks(b, w)
    ma, mb = (w * ra).sum() / n, (w * rb).sum() / n
    cov = (w * (ra - ma) * (rb - mb)).sum()
    var = (w * (ra - ma) ** 2).sum() * (w * (rb - mb) ** 2).sum()
    return (float(np.clip(cov / np.sqrt(var), -1.0, 1.0)) if var > 0 else float("nan")), int(n)


def spearman_interval(rho: float, n: int) -> tuple[float, float]:
    """95% interval of Spearman's rho: Fisher's z = atanh(rho) with variance (1 + rho**2 / 2) / (n - 3)
    (Bonett & Wright, 2000, Psychometrika 65:23-28); NaN with 3 observations or fewer, and for a rho of -1 or 1,
    whose z is infinite: no interval, as for a mean of one answer, where [1, 1] claimed a certainty that a sample of
    n comments cannot give."""
    if n <= 3 or not np.isfinite(rho) or abs(rho) == 1.0:
        return float("nan"), float("nan")
    z, se = np.arctanh(rho), np.sqrt((1 + rho**2 / 2) / (n - 3))
    return float(np.tanh(z - Z95 * se)), float(np.tanh(z + Z95 * se))


__all__ = ["EFFORT_SCORES", "OWN_SENTIMENT", "SIGNAL_COLUMNS", "effort_ces_correlation", "effort_ces_metric",
           "emotion_names", "emotions_given_in", "flag_rows", "own_columns", "signal_counts", "signal_summary",
           "signal_view", "spearman_from_counts", "spearman_interval"]
