"""The checks that refuse a period for a date column, and their messages: quarter labels by month or week, month labels
by week, and amounts or codes whose numbers read as Excel dates before 1990.

Its own module because ``periods`` reads dates and these judge what was read: a trend finer than the column can tell
is a ``DataError`` naming the period to use, never quarters spread into months or May trended in the week of 1 May.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ._date_cells import _RE_SERIAL, _distinct
from ._date_text import _RE_MONTH_LABEL


def _check_weeks(series: pd.Series, days: np.ndarray) -> None:
    """A ``DataError`` where ``series`` holds month labels ('2024-05', 'mayo 2024'), alone (``first_days``) or among
    days: each is its month's first day, so May's answers were all trended in the week of 1 May."""
    why, use = "a month does not split into weeks", "use period 'month' (--period month)"
    if first_days(days):
        raise DataError(months_message(series, days, why, use))
    labels = _month_labels(series, days)
    if labels.any():
        raise DataError(mixed_months_message(series.name, *(series[rows].iloc[0]
                                                             for rows in (labels, ~labels & ~np.isnat(days)))))


def mixed_months_message(name, label, day) -> str:
    """The error of a trend by week of a column ``name`` with month labels (such as ``label``) among days (``day``)."""
    column = f"date column {name!r}" if name is not None else "the date column"
    label, day = str(label).strip(), str(day).strip()
    return (f"{column} mixes month labels (such as {label!r}) with days (such as {day!r}), and a month does not split "
            f"into weeks: use period 'month' (--period month), or give a column of dates.")


def _month_labels(series: pd.Series, days: np.ndarray) -> np.ndarray:
    """Which rows of ``series`` are text that names a month and its year but no day (``_RE_MONTH_LABEL``). Only the
    rows read as a month's first day are looked at, as a label reads so: matching every distinct text (a million
    timestamps) and reading every distinct serial's kind made a trend by week several times slower."""
    labels = np.zeros(len(series), dtype=bool)
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
        return labels  # no text
    first = _first_of_month(days)
    if first.any():
        codes, uniques, kind = _distinct(series[first])
        label = np.array([k == "text" and _RE_MONTH_LABEL.fullmatch(str(v).strip()) is not None
                          for v, k in zip(uniques, kind[:-1])] + [False], dtype=bool)
        labels[first] = label[codes]
    return labels


#: Excel serial dates before this day are no survey's: 1250, 3400.5 and 99 are days of 1900 to 1909.
_FIRST_SURVEY_DAY = np.datetime64("1990-01-01")
#: An amount written with thousands separators and decimals ('3.400,5', '1,250.00'): no serial, so no date, but a
#: number all the same; beside '99' and '780' it left a column of amounts trended as 1900 to 1902.
_RE_AMOUNT = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{3})+(?:[.,][0-9]+)?")


def _numbers_before_1990(series: pd.Series, days: np.ndarray) -> bool:
    """Whether every cell of ``series`` is a number (or its digits as text) and every one read as an Excel serial
    date lies before 1990: amounts or codes given as the date column, which made a trend of 1900 to 1909."""
    return bool((~np.isnat(days)).any()) and _only_numbers_before_1990(series, days)


def _only_numbers_before_1990(series: pd.Series, days: np.ndarray) -> bool:
    """``_numbers_before_1990`` but True where no cell reads as a date: a Dask or Spark partition's part of the check,
    which holds for the column where it holds for every partition and some partition has a date."""
    dated = days[~np.isnat(days)]
    if dated.size and dated.max() >= _FIRST_SURVEY_DAY:
        return False
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return True
    _, uniques, kind = _distinct(series)
    return all(k == "number" or (k == "text" and (not (text := str(v).strip()) or _RE_SERIAL.fullmatch(text)
                                                  or _RE_AMOUNT.fullmatch(text)))
               for v, k in zip(uniques, kind[:-1]))


def _numbers_message(series: pd.Series, days: np.ndarray) -> str:
    """The error of a date column of numbers that read as dates before 1990 (``_numbers_before_1990``)."""
    column = f"date column {series.name!r}" if series.name is not None else "the date column"
    dated = ~np.isnat(days)
    example, day = str(series[dated].iloc[0]).strip(), days[dated][0]
    return (f"{column} holds numbers, which read as Excel dates before 1990 (such as {example!r}: {day}): amounts or "
            f"codes, not dates? Name the date column (--date), or give a column of dates.")


def _quarters_by(series: pd.Series, quarter: np.ndarray, period: str) -> str:
    """The error of a trend by ``period`` (month, week) of a column with quarter labels."""
    return quarters_message(series, quarter, f"a quarter does not split into {period}s",
                            "use period 'quarter' (--period quarter)")


def quarters_message(series: pd.Series, quarter: np.ndarray, why: str, use: str) -> str:
    """The error for periods finer than the quarter labels of ``series`` (rows ``quarter``) can tell: ``why`` says
    which ("a quarter does not split into months", "2024-07 is not a whole quarter"), ``use`` what to give instead."""
    column = f"date column {series.name!r}" if series.name is not None else "the date column"
    example = str(series[quarter].iloc[0]).strip()  # no count: a Dask partition sees only its own rows
    return f"{column} holds quarters, not days (such as {example!r}), and {why}: {use}, or a column of dates."


def first_days(days: np.ndarray) -> bool:
    """Whether every readable day of ``days`` is the first of its month: month labels ('2024-05', 'mayo 2024'), each
    read as that day (or monthly snapshots), which a week or a part of a month cannot split."""
    dated = ~np.isnat(days)
    return bool(dated.any()) and bool(_first_of_month(days)[dated].all())


def _first_of_month(days: np.ndarray) -> np.ndarray:
    """Which ``days`` are the first of their month (False for NaT). Worked out once per distinct day: NumPy's months
    of a million days took 0.2 s, twice in a trend by week."""
    codes, distinct = pd.factorize(days)
    distinct = np.asarray(distinct, dtype="datetime64[D]")
    first = np.append(distinct.astype("datetime64[M]").astype("datetime64[D]") == distinct, False)
    return first[codes]


def months_message(dates: pd.Series, days: np.ndarray, why: str, use: str) -> str:
    """The error for periods finer than the months of a column of month labels (``first_days``): ``why`` says which
    ("a month does not split into weeks", "2024-W18 would take whole months"), ``use`` what to give instead."""
    example = str(dates[~np.isnat(days)].iloc[0]).strip()
    return (f"every date in {dates.name!r} is the first of its month (month labels, such as {example!r}?), so {why}: "
            f"{use}, or give a column of dates.")
