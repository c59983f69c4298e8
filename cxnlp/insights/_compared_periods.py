"""Which two periods ``changes`` compares, and what it says of those it passes over.

Kept apart from ``changes.py`` (the table and its tests) because choosing the periods is a job of its own: read
the dates, take the last two periods whose rows carry a theme (passing over stray and bare ones) or the two
named ones, refuse month or quarter labels split by a shorter window, and word the warning for what was passed
over. ``changes.py`` re-exports the public names (``month_labels``, ``usual_periods``, ``LEFT_OUT_OF``).
"""

from __future__ import annotations

import datetime as _dt
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ..metrics.periods import (PERIODS, first_days, months_message, period_index, quarter_rows, quarters_message,
                               read_dates)
from ..metrics.summary import no_dates_message, undated_note, written_dates
from ..metrics.themes import is_label_column
from ._named_periods import as_typed, check_order, named_windows, whole_months, whole_quarters

#: What rows without a readable date are left out of (``undated_note``), in ``changes``' warning and as printed.
LEFT_OUT_OF = "the comparison"
#: How the warning for two periods whose rows carry no theme at all begins (``bare_warning``): the command line, which
#: says it in its own words, mutes it by this (the report, which leaves its section out, by ``empty_said``).
NOTHING_TO_COMPARE = "changes: nothing to compare"
#: True inside ``empty_said``: the caller says an empty comparison itself (the report leaves its section out).
_EMPTY_SAID: ContextVar[bool] = ContextVar("cxnlp_changes_empty_said", default=False)


@contextmanager
def empty_said():
    """``changes`` without its "nothing to compare" warning, in this thread (or task) alone: a ``ContextVar``, where
    ``warnings.catch_warnings`` swaps the process-wide filters (reports built in a service's threads could leave
    the warning muted for the whole application, or undo a filter another thread set)."""
    token = _EMPTY_SAID.set(True)
    try:
        yield
    finally:
        _EMPTY_SAID.reset(token)


def _sides(dates: pd.Series, period, dayfirst, themed: np.ndarray) -> tuple[np.ndarray, list, dict]:
    """Per row 0 (before), 1 (after), -1 (neither) or -2 (no usable date); the two windows as
    (label, (first day, last day)); and how the dates were read. A period given by name is chosen among
    those with ``themed`` rows."""
    days, out_of_range, read_dayfirst = read_dates(dates, dayfirst)
    if np.isnat(days).all():  # "the data has 0 ()" and "the dates run none" said nothing of why
        raise DataError(no_dates_message(dates, "changes needs dates", int(np.count_nonzero(out_of_range)), dayfirst))
    how = {"dayfirst": read_dayfirst, "passed_over": []}
    if isinstance(period, str) and period in PERIODS:
        index, labels, _ = period_index(dates, PERIODS[period], read_dayfirst)  # weeks of month labels refused
        period, how["passed_over"] = _last_two(index, themed, labels, PERIODS[period], _undated(dates, np.isnat(days)))
    windows = named_windows(period, read_dayfirst)
    check_order(period, windows)
    typed = as_typed(period, windows)
    if split := [typed[k] for k, (_, (start, end)) in enumerate(windows) if not whole_quarters(start, end)]:
        # A quarter label is read as its quarter's first day: July or one week of it would take the whole quarter,
        # and a window without that day none of it. Refused as a trend by month of such a column is.
        if (quarter := quarter_rows(dates)).any():
            raise DataError(quarters_message(dates, quarter, f"{split[0]} is not a whole quarter",
                                             f"compare quarters (--compare {_latest_two(days, themed, 'Q')})"))
    if split := [label for label, (start, end) in windows if not whole_months(start, end)]:
        # Month labels ('2024-05', 'mayo 2024') read as their month's first day: by week, May was compared with June
        # as "2024-W18 -> 2024-W22". Every date on the 1st of its month is such a column (or monthly snapshots).
        if first_days(days):
            raise DataError(months_message(dates, days, f"{split[0]} would take whole months",
                                            f"compare months (--compare {_latest_two(days, themed, 'M')})"))
    side = np.full(days.size, -1, dtype=np.int64)
    side[np.isnat(days)] = -2
    for k, (_, (start, end)) in enumerate(windows):
        side[(days >= start) & (days <= end)] = k
    empty = [typed[k] for k in range(len(windows)) if not (side == k).any()]
    if empty:
        dated = days[~np.isnat(days)]
        span = f"from {dated.min()} to {dated.max()}" if dated.size else "none"
        raise DataError(f"no row has a date in {' or '.join(empty)}; the dates run {span}.")
    return side, [(label, (str(start), str(end))) for label, (start, end) in windows], how


def _latest_two(days: np.ndarray, themed: np.ndarray, freq: str) -> str:
    """The two latest quarters (``freq`` "Q") or months ("M") among ``days``, as --compare takes them ("2023-Q1
    2023-Q2"), for the messages that refuse finer windows on a column of such labels: they said "2024-Q3 2024-Q4"
    whatever the survey's dates. Periods are passed over as the last two are chosen (``_choose``): one mistyped
    '2042-05' was suggested as "--compare 2023-06 2042-05". A column of one period gives it and the one before."""
    dated = ~np.isnat(days)
    codes, periods = pd.factorize(pd.DatetimeIndex(days[dated]).to_period(freq), sort=True)
    rows = np.bincount(codes, minlength=len(periods))
    counts = np.bincount(codes[np.asarray(themed, dtype=bool)[dated]], minlength=len(periods))
    latest = list(periods[usual_periods(counts if counts.any() else rows)[-2:]])
    if len(latest) == 1:
        latest = [latest[0] - 1, latest[0]]
    if freq == "Q":
        return " ".join(f"{p.year}-Q{p.quarter}" for p in latest)
    return " ".join(f"{p.year}-{p.month:02d}" for p in latest)


def month_labels(dates: pd.Series, dayfirst: bool | None = None) -> bool:
    """Whether ``changes`` reads ``dates`` as month labels (``first_days``; quarter labels are refused as such) and so
    refuses weeks: the report says so where it leaves "what changed" out."""
    return not quarter_rows(dates).any() and first_days(read_dates(dates, dayfirst)[0])


def _undated(dates: pd.Series, unread: np.ndarray) -> str:
    """``undated_note`` for the rows of ``dates`` whose date cannot be read (``unread`` True), their most frequent
    values quoted (redacted and cut, ``pii.shown_cells``), without its final period; "" when every date reads. In the
    error of fewer than two periods and in ``changes``' warning, which gave no example where the command line did."""
    unread = dates[unread]
    if unread.empty:
        return ""
    _, quoted = written_dates(unread)
    note = undated_note(len(unread), dates.name, LEFT_OUT_OF).removesuffix(".")
    return note + (f" (e.g. {quoted})" if quoted else "")


#: A period with fewer rows than this share of the median period's is passed over when choosing the last two.
STRAY_SHARE = 0.05


def usual_periods(counts: np.ndarray) -> list[int]:
    """The periods (positions in ``counts``, rows per period) that are not stray: those holding at least
    ``STRAY_SHARE`` of the median period's rows."""
    counts = np.asarray(counts)
    typical = np.median(counts[counts > 0]) if counts.any() else 0
    return [k for k in range(len(counts)) if counts[k] > 0 and counts[k] >= STRAY_SHARE * typical]


def _choose(index: np.ndarray, themed: np.ndarray, labels: list[str]) -> tuple[list[int], list[dict]]:
    """The periods that can be compared (positions in ``labels``, the last two compared by default) and the later
    ones passed over (``latest_periods``): a period whose responses came without a theme (its every cell "x → –",
    no test, read as "no change"), one where few do (60 answers, 2 comments classified so far), and a stray one
    holding under ``STRAY_SHARE`` of the median period's rows (one mistyped '2042-05-01' made the comparison
    2024-Q2 against 2042-Q2, one row, no test)."""
    dated = index >= 0
    rows = np.bincount(index[dated], minlength=len(labels))
    counts = np.bincount(index[dated & themed], minlength=len(labels))
    # No row carries a theme at all: the last two periods with rows, whose table is empty ("nothing to compare").
    basis = counts if counts.any() else rows
    kept = usual_periods(basis)
    usual_rows = set(usual_periods(rows))
    start = kept[-2] if len(kept) >= 2 else -1
    passed = [{"period": labels[k], "rows": int(rows[k]), "themed": int(counts[k]),
               "reason": "bare" if not basis[k] else "few" if k in usual_rows else "stray"}
              for k in range(start + 1, len(labels)) if rows[k] and k not in kept]
    return kept, passed


def _last_two(index: np.ndarray, themed: np.ndarray, labels: list[str], unit: str,
              undated: str = "") -> tuple[tuple[str, str], list]:
    """The last two periods with ``themed`` rows (those the table compares), and those passed over (``_choose``);
    a ``DataError`` that gives each period's rows and themed rows when there are not two, and ``undated`` (the rows
    without a readable date, ``_undated``: they may be the missing period, and the warning that says so comes
    only after the periods are chosen)."""
    kept, passed = _choose(index, themed, labels)
    if len(kept) < 2:
        rows = np.bincount(index[index >= 0], minlength=len(labels))
        counts = np.bincount(index[(index >= 0) & themed], minlength=len(labels))
        shown = "; ".join(f"{labels[k]}: {_rows(rows[k])}, {counts[k]} with a theme"
                          for k in range(min(len(labels), 12)))
        # "needs two quarters ...; the data has 2" contradicted itself where one of the two carried no theme.
        has = f"{len(labels)} {unit}{'' if len(labels) == 1 else 's'}"
        if len(kept) < len(labels):
            has += f", {'only 1' if kept else 'none'} of them with enough such rows"
        raise DataError(f"changes needs two {unit}s with dated rows that carry a theme (labelled comments with one, "
                        f"for a label axis; a value, for a column of yours); the data has {has} ({shown}"
                        f"{'; ...' if len(labels) > 12 else ''}){'; ' + undated if undated else ''}.")
    return (labels[kept[-2]], labels[kept[-1]]), passed


def _passed_warning(windows: list, passed: list[dict], unit: str, dims: list[tuple[str, str]]) -> str:
    """What ``changes`` compared and what it passed over, grouped by why: too few rows, too few of them with a
    theme, or none with one, said of ``by``'s columns (a column of yours left blank is no missing comment)."""
    carries, none, hint = _theme_words(dims)
    because = {"stray": f"under {STRAY_SHARE:.0%} of a typical {unit}'s rows (a mistyped date?)",
               "few": f"under {STRAY_SHARE:.0%} of a typical {unit}'s rows {carries}{hint}",
               "bare": none}
    reasons = []
    for reason, why in because.items():
        names = [_counted(p, carries) for p in passed if p["reason"] == reason]
        if names:
            reasons.append(f"{', '.join(names[:5])}{' and more' if len(names) > 5 else ''}, {why}")
    (before, _), (after, _) = windows
    return (f"changes: compared {before} with {after}, passing over {'; and '.join(reasons)}; name two periods to "
            f"compare others.")


def _theme_words(dims: list[tuple[str, str]]) -> tuple[str, str, str]:
    """How the warnings say that rows carry a theme of ``dims`` ("with a theme", "with a value in 'tienda'"), that a
    period's rows carry none, and a hint for label axes ("comments not classified yet?")."""
    columns = [column for _, column in dims if not is_label_column(column)]
    if not columns:
        return ("with a theme", "with no row that carries a theme (no labelled comment with one)",
                " (comments not classified yet?)")
    if len(dims) == 1:
        return f"with a value in {columns[0]!r}", f"with column {columns[0]!r} blank in every row", ""
    needs = " and ".join(["a labelled comment with a theme"] * (len(columns) < len(dims))
                         + [f"a value in {c!r}" for c in columns])
    return "with a theme", f"with no row that carries a theme (none with {needs})", ""


def bare_warning(windows: list, side: np.ndarray, themed: np.ndarray, dims: list[tuple[str, str]]) -> str | None:
    """The warning for two named periods one of which has rows but none that carries a theme (its comments not
    classified yet): its every cell read "low n", as if its comments were few; for two periods, named or chosen,
    neither of which has such a row: the table is empty, which in Python came without a word where the command line
    says "nothing to compare"; None otherwise. (Periods chosen as week, month or quarter are chosen among those with
    such rows, so only where no row carries one.)"""
    carried = [bool((themed & (side == k)).any()) for k in range(len(windows))]
    if all(carried):
        return None
    _, none, _ = _theme_words(dims)
    if not any(carried):
        if _EMPTY_SAID.get():
            return None
        themes = " × ".join(name for name, _ in dims) or "the table"
        return (f"{NOTHING_TO_COMPARE} between {windows[0][0]} and {windows[1][0]}: no row of either carries a theme "
                f"of {themes} (none is labelled, or the theme column is blank in them); the table is empty.")
    k = carried.index(False)
    return (f"changes: compared {windows[k][0]} ({_rows(int((side == k).sum()))}) {none}: no change can be tested "
            f"against it; compare periods whose rows carry one.")


def future_period(windows: list, side: np.ndarray, today: _dt.date | None = None) -> dict | None:
    """``{"period", "rows"}`` of the later period compared where it starts after ``today`` (the day ``changes``
    runs), else None: 40 rows typed '2030-02' in a 2024 survey made it compare 2024-02 with 2030-02 without a word.
    Its rows are compared all the same (``future_warning`` says so); none is dropped."""
    label, (start, _) = windows[-1]
    if np.datetime64(start) <= np.datetime64(today or _dt.date.today(), "D"):
        return None
    return {"period": label, "rows": int((side == len(windows) - 1).sum())}


def future_warning(future: dict) -> str:
    """The one line ``changes`` warns with for a ``future_period``."""
    return (f"changes: compared {future['period']} ({_rows(future['rows'])}), which starts after today: are its "
            f"dates mistyped? Its rows are compared all the same; name two periods to compare others.")

def _counted(passed: dict, carries: str) -> str:
    """A period passed over with its rows, and those that carry a theme when that is why: "2025-01 (60 rows, 2
    with a theme)"."""
    themed = f", {passed['themed']} {carries}" if passed["reason"] == "few" else ""
    return f"{passed['period']} ({_rows(passed['rows'])}{themed})"


def _rows(n: int) -> str:
    """``n`` rows, in the singular for one: "2042-05 (1 rows)" read wrong."""
    return f"{n} row{'' if n == 1 else 's'}"
