"""How the CSV writer writes date-times: one way for each column, whatever chunks its rows came in.

pandas writes a datetime64 column as dates ("2024-07-18") when every value of the chunk is at midnight, and a
date-time among other values (an XLSX date column with one text cell) as ``str`` does ("2024-07-19 00:00:00"):
one column of a 25,000-row workbook was written both ways, as its 20,000-row chunks fell (QA J 4). Here a column's
date-times are written as dates when those of its first ``CHUNK_ROWS`` rows (``CsvWriter.TYPE_ROWS``, as Parquet
fixes its types; fewer on a wide table, the same whatever the chunks) are all at midnight without a time zone, as
``isoformat`` writes them, with a space, otherwise; a later one with a time of day is written whole all the same,
never cut to its date.

Date-times are written with one precision for the whole column, as pandas wrote a chunk: the widest fraction of
a second in those first rows (none, milliseconds, microseconds or nanoseconds), so "10:00:00.000" is written next
to "10:00:00.500", never "10:00:00". A later value with a finer fraction than that is written with its own, never
cut (the only case where a column's widths can differ).
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from .common import CHUNK_ROWS

#: What ``pandas.api.types.infer_dtype`` says of an object column that may hold date-times.
_MAY_HOLD_DATES = frozenset({"datetime", "datetime64", "mixed", "mixed-integer"})


def _is_stamp(value) -> bool:
    return isinstance(value, (_dt.datetime, np.datetime64)) and not pd.isna(value)


def _holds_dates(column: pd.Series) -> bool:
    if isinstance(column.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(column.dtype):
        return True
    return column.dtype == object and pd.api.types.infer_dtype(column, skipna=True) in _MAY_HOLD_DATES


def may_hold_dates(chunk: pd.DataFrame) -> bool:
    """Whether a column of ``chunk`` may hold date-times (``dates_as_text`` would change nothing otherwise)."""
    return any(_holds_dates(chunk.iloc[:, at]) for at in range(chunk.shape[1]))


#: A column's format: ``DAY`` (dates only), or the digits of the fraction of a second (0, 3, 6 or 9).
DAY = -1
_TIMESPEC = {0: "seconds", 3: "milliseconds", 6: "microseconds", 9: "nanoseconds"}


def _digits(stamp: pd.Timestamp) -> int:
    if stamp.nanosecond:
        return 9
    if stamp.microsecond % 1000:
        return 6
    return 3 if stamp.microsecond else 0


def date_only(chunks: list[pd.DataFrame], rows: int, *, local: bool = False) -> list[int | None]:
    """For each column (by position) of the first ``rows`` rows of ``chunks``, how its date-times are written:
    ``None`` without any there, ``DAY`` when all are at midnight without a time zone (``local``: at midnight in
    their own, as XLSX writes them, without it), else the digits of the widest fraction of a second among them."""
    stamps: list[list] = [[] for _ in range(chunks[0].shape[1])]
    for chunk in chunks:
        chunk, rows = chunk.iloc[:rows], rows - len(chunk)
        for at, found in enumerate(stamps):
            column = chunk.iloc[:, at]
            if _holds_dates(column):
                found.extend(pd.Timestamp(v) for v in column if _is_stamp(v))
        if rows <= 0:
            break
    return [None if not found else DAY if all((local or s.tzinfo is None) and s == s.normalize() for s in found)
            else max(map(_digits, found)) for found in stamps]


def dates_as_text(chunk: pd.DataFrame, dates: list[int | None]) -> pd.DataFrame:
    """``chunk`` with the date-times of each column written as ``dates`` (``date_only``) says."""
    changed = {}
    for at in range(chunk.shape[1]):
        column = chunk.iloc[:, at]
        if _holds_dates(column):
            changed[at] = column.map(lambda v, day=dates[at]: _text(v, day) if _is_stamp(v) else v).astype(object)
    if not changed:
        return chunk
    chunk = chunk.copy()
    for at, column in changed.items():
        chunk.isetitem(at, column)
    return chunk


def _text(value, form: int | None) -> str:
    stamp = pd.Timestamp(value)
    if form == DAY and stamp.tzinfo is None and stamp == stamp.normalize():
        return stamp.date().isoformat()
    return stamp.isoformat(sep=" ", timespec=_TIMESPEC[max(form or 0, _digits(stamp))])


def lone_text(value, form: int | None = DAY) -> str:
    """A date-time as the CSV writer writes one in a column of format ``form`` (``date_only``; by default among
    dates: ``1850-05-01`` at midnight without a time zone, else with its time, to the fraction of a second it has,
    ``1850-05-01 10:00:00.500``). For the XLSX writer's dates Excel has no number for; years Python's dates cannot
    hold (-1199, 33658) as ``str`` writes them."""
    stamp = pd.Timestamp(value)
    return _text(stamp, form) if 1 <= stamp.year <= 9999 else str(value)


class HeldForDates:
    """A writer that fixes how each column's date-times are written (``date_only``) on the first ``TYPE_ROWS`` rows
    given, or fewer on a wide table (``TYPE_CELLS`` cells), whatever chunks they came in, so the file is the same
    with any ``--jobs``. The chunks from the first one with a column that may hold date-times (``may_hold_dates``)
    are held until then; those before it have none to decide a format and are written at once. ``CsvWriter`` and
    ``XlsxWriter`` write a chunk with ``_write``, and one given once the formats are fixed with ``_write_dated``."""

    TYPE_ROWS = CHUNK_ROWS
    TYPE_CELLS = 1_000_000
    #: ``date_only``'s ``local``: a midnight in its own time zone is a date (XLSX writes it without the zone).
    LOCAL_DATES = False

    def __init__(self):
        self._head: list[pd.DataFrame] = []  # the chunks given before the date formats are fixed
        self._given = 0  # rows given before the date formats are fixed, held or written
        self._dates: list[int | None] | None = None

    def write(self, chunk: pd.DataFrame) -> None:
        if self._dates is not None:
            self._write_dated(chunk)
            return
        self._given += len(chunk)
        if self._head or may_hold_dates(chunk):
            self._head.append(chunk)
        else:
            self._write(chunk)
        if self._given >= self._deciding_rows(chunk.shape[1]):
            self._start(chunk.shape[1])

    def _deciding_rows(self, width: int) -> int:
        """How many of the file's first rows decide the date formats of a table ``width`` columns wide."""
        return min(self.TYPE_ROWS, max(1, self.TYPE_CELLS // max(width, 1)))

    def _start(self, width: int) -> None:
        """Fix each column's date format on the rows given so far, then write those held."""
        written = self._given - sum(map(len, self._head))  # (with no date-time in them)
        rows = min(self._deciding_rows(width), self._given) - written
        self._dates = date_only(self._head, rows, local=self.LOCAL_DATES) if self._head else [None] * width
        head, self._head = self._head, []
        for chunk in head:
            self._write_dated(chunk)

    def _start_held(self) -> None:
        """Fix the date formats on the chunks held, where fewer rows than decide them were given (from ``close``)."""
        if self._dates is None and self._head:
            self._start(self._head[0].shape[1])

    def _write(self, chunk: pd.DataFrame) -> None:
        raise NotImplementedError

    def _write_dated(self, chunk: pd.DataFrame) -> None:
        """Write ``chunk`` with its date-times as text, as the formats fixed say."""
        self._write(dates_as_text(chunk, self._dates))
