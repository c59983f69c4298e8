"""The two periods a user names for ``changes`` (``--compare``): period labels ("2024-Q1", "2024-03", "2024-W05",
"2024") or date ranges ("2024-01-01..2024-02-15"), each read as (label, (first day, last day)), and checked before
any data is read (``check_period``).

It lives apart from ``changes``, which chooses the last two periods of the data and tests what changed between
them, because reading what was typed needs no data at all: a command checks ``--compare`` with it before it
classifies a survey.
"""

from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd

from ..exceptions import ConfigError, shown_value
from ..metrics._quarters import quarter_label
from ..metrics.periods import AUTO_PERIOD, PERIODS, read_dates

_RE_WEEK = re.compile(r"([0-9]{4})-?W([0-9]{1,2})", re.IGNORECASE)
_RE_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_RE_YEAR = re.compile(r"[0-9]{4}")


def whole_quarters(start: np.datetime64, end: np.datetime64) -> bool:
    """Whether the days ``start`` to ``end`` are whole quarters (2024-Q3, 2024-07-01..2024-12-31)."""
    months = np.array([start, end + np.timedelta64(1, "D")]).astype("datetime64[M]")
    return bool((months.astype("datetime64[D]") == [start, end + np.timedelta64(1, "D")]).all()
                and (months.astype(np.int64) % 3 == 0).all())


def whole_months(start: np.datetime64, end: np.datetime64) -> bool:
    """Whether the days ``start`` to ``end`` are whole months (2024-05, 2024-05-01..2024-06-30)."""
    months = np.array([start, end + np.timedelta64(1, "D")]).astype("datetime64[M]")
    return bool((months.astype("datetime64[D]") == [start, end + np.timedelta64(1, "D")]).all())


def check_period(period, dayfirst: bool | None = None) -> None:
    """Raise the ``ConfigError`` that ``changes`` raises for ``period`` itself, before any data is read (a command that
    classifies a survey first found a typo in ``--compare`` after classifying it and writing its rows): ``period``
    is a period name, or a pair of period labels or date ranges whose dates can be read (in the order ``dayfirst``
    gives, else as their own digits tell), each range ending after it starts, the two not overlapping and the
    first before the second (checked where the dates read alike in either order: the data decides the order of
    the others)."""
    if isinstance(period, str) and (period in PERIODS or period == AUTO_PERIOD):
        return
    windows = named_windows(period, dayfirst)
    if dayfirst is not None or _read_alike(period):
        check_order(period, windows)


def _read_alike(period) -> bool:
    """Whether the dates of a pair ``period`` read the same day first and month first (2024-01-31, 2024-Q1)."""
    try:
        return named_windows(period, True) == named_windows(period, False)
    except ConfigError:  # "13/02/2024" month first
        return False


def named_windows(period, dayfirst: bool | None) -> list[tuple[str, tuple[np.datetime64, np.datetime64]]]:
    """The two windows of a pair ``period``, as (label, (first day, last day)); a ``ConfigError`` for anything else."""
    if isinstance(period, str) or not (isinstance(period, (tuple, list)) and len(period) == 2):
        raise ConfigError(f"period must be week, month, quarter (semana, mes, trimestre), auto (quarters where the "
                          f"date column holds quarters, else months) or a pair (before, after) of period labels "
                          f"('2024-Q1') or date ranges; got {shown_value(period)}.")
    return [_window(p, dayfirst) for p in period]


def check_order(period, windows: list) -> None:
    """A ``ConfigError`` when a range of ``windows`` ends before it starts, the two overlap, or the "before" one
    comes after the "after" one (every change's sign would be flipped: a collapse reported as a rise)."""
    (_, (b0, b1)), (_, (a0, a1)) = windows
    before, after = as_typed(period, windows)
    if b1 < b0 or a1 < a0:  # the range itself, not the pair: "('2024-12-31..2024-07-01', '2025-01')" after --compare
        raise ConfigError(f"a date range ends before it starts: {before if b1 < b0 else after}; give its start "
                          f"first.")
    if b0 <= a1 and a0 <= b1:
        raise ConfigError(f"the two periods overlap: {before} and {after}.")
    if b0 > a1:
        raise ConfigError(f"the periods are (before, after), but {before} comes after {after}; give them in "
                          f"time order: ({after!r}, {before!r}).")



def as_typed(period, windows: list) -> list[str]:
    """The two periods of a pair ``period`` as the user wrote them ('T4 2024', not the label '2024-Q4' of its
    window), for a message to name: a range given as a pair of dates by its window's label."""
    return [spec.strip() if isinstance(spec, str) else label for spec, (label, _) in zip(period, windows)]


def _window(spec, dayfirst: bool) -> tuple[str, tuple[np.datetime64, np.datetime64]]:
    """(label, (first day, last day)) of a period label or a date range."""
    typed = spec  # named as written: "('2024-08', '')" was said of '2024-08..'
    if isinstance(spec, str) and ".." in spec:
        spec = tuple(part.strip() for part in spec.split("..", 1))
    if isinstance(spec, (tuple, list)) and len(spec) == 2:
        # An end written as a period (2024-07..2024-08, 2024-Q1..2024-Q2) is the whole period: its first day at
        # the start, its last day at the end (read as a date, "2024-08" was 1 August, and "2024" a serial).
        windows = [_period_window(str(end).strip()) if isinstance(end, str) else None for end in spec]
        days, _, _ = read_dates(pd.Series(list(spec), dtype=object), dayfirst)
        days = np.array([w[1][k] if w else days[k] for k, w in enumerate(windows)], dtype="datetime64[D]")
        if np.isnat(days).any():
            end = ("an end that is blank" if any(end is None or not str(end).strip() for end in spec)
                   else "a date that cannot be read")
            raise ConfigError(f"date range {shown_value(typed)} has {end}; write both ends as 2024-01-31 or as a period "
                              f"(2024-01..2024-02).")
        return f"{days[0]}..{days[1]}", (days[0], days[1])
    if window := _period_window(str(spec).strip()):
        return window
    raise ConfigError(f"period {spec!r} is not a period label (2024-Q1, 2024-03, 2024-W05, 2024) or a date range "
                    f"(2024-01-01..2024-02-15).")


def _period_window(text: str) -> tuple[str, tuple[np.datetime64, np.datetime64]] | None:
    """(label, (first day, last day)) of a period label (2024-Q1, 2024-W05, 2024-03, 2024), else None. A quarter is
    read as a date column's quarter labels are ('T1 2024', '1T2024', 'Q1 2024'): a column of them was read, and
    --compare refused the same labels typed as they were written there."""
    day = np.datetime64
    try:
        if (quarter := quarter_label(text)) and quarter[1]:  # quarter 0: 'T5 2024', no quarter
            year, q = quarter
            start = day(f"{year}-{3 * q - 2:02d}", "M")
            return f"{year}-Q{q}", (start.astype("datetime64[D]"), (start + 3).astype("datetime64[D]") - 1)
        if m := _RE_WEEK.fullmatch(text):
            year, week = int(m.group(1)), int(m.group(2))
            last = _dt.date(year, 12, 28).isocalendar()[1]  # 28 December is in a year's last ISO week
            if not 1 <= week <= last:  # (it was "not a period label", written as the example of one)
                raise ConfigError(f"period {text!r} names no week: the ISO weeks of {year} run from 1 to {last}.")
            monday = _dt.date.fromisocalendar(year, week, 1)
            return f"{m.group(1)}-W{week:02d}", (day(monday, "D"), day(monday, "D") + 6)
        if m := _RE_MONTH.fullmatch(text):
            if not 1 <= int(m.group(2)) <= 12:
                raise ConfigError(f"period {text!r} names no month: months run from 01 to 12.")
            start = day(f"{m.group(1)}-{int(m.group(2)):02d}", "M")
            return str(start), (start.astype("datetime64[D]"), (start + 1).astype("datetime64[D]") - 1)
        if _RE_YEAR.fullmatch(text):
            start = day(text, "Y")
            return text, (start.astype("datetime64[D]"), (start + 1).astype("datetime64[D]") - 1)
    except ConfigError:  # (a ValueError too: said, not read as no label)
        raise
    except ValueError:
        pass
    return None

