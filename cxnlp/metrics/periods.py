"""Dates of a survey column and the periods of a trend (week, month, quarter).

Survey exports write dates every way: datetimes, ISO text, d/m/y and m/d/y text, Excel serial
numbers, month names in Spanish or English ('15-ago-2024', '15 de agosto de 2024'), mixed in one
column. :func:`read_dates` reads them all, deciding day/month order once for the column; dates
before 1900 or after 2100 are typing or export errors, excluded and counted. A quarter label ('2024-T3',
'T3 de 2024', 'Q3 2024') is its quarter's first day, and only a trend by quarter may use it: a trend by month or
week of such a column is a ``DataError`` (:func:`period_index`), never its quarters spread into months.

The words of a date written as text are ``_date_text``'s, and period labels' arithmetic ``_period_labels``'s. The kind
of each cell and the day a number stands for are ``_date_cells``'s; the checks that refuse a period for a column
(quarter or month labels too coarse for it, amounts read as dates) are ``_period_checks``'s.
"""

from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd

from ..exceptions import ConfigError, DataError, choices, shown_value
from ._date_cells import _RE_SERIAL, _RE_THOUSANDS, _RE_UNIX_TIME, _distinct, _excel_days
from ._date_text import (_RE_ENGLISH_WEEKDAY, _RE_HAS_YEAR, _RE_NUMERIC_DATE, _WEEKDAYS, _english_words,
                         _not_the_year_written, _pandas_days, _without_offset, _without_time)
from ._period_checks import (_check_weeks, _month_labels, _numbers_before_1990, _numbers_message,
                             _only_numbers_before_1990, _quarters_by, first_days, mixed_months_message, months_message,
                             quarters_message)
from ._period_labels import _period_label, period_range, periods_between
from ._quarters import quarter_label

#: Accepted names of a period (English and Spanish) -> period.
PERIODS = {"week": "week", "semana": "week", "month": "month", "mes": "month",
           "quarter": "quarter", "trimestre": "quarter"}
#: The period a trend is split by when none is named (the report's and discover's default): quarters where the date
#: column holds quarter labels ('T3 2024', which do not split into months), else months (``chosen_period``).
AUTO_PERIOD = "auto"
#: Dates outside these years are typing or export errors (0001-01-01, 9999-12-31): excluded and counted.
DATE_RANGE = (np.datetime64("1900-01-01"), np.datetime64("2100-12-31"))
# ISO 8601's basic form, 20240105: never ambiguous, and never an Excel serial of a date in DATE_RANGE.
_RE_COMPACT = re.compile(r"(1[89][0-9]{2}|2[01][0-9]{2})([0-9]{2})([0-9]{2})")
# Year first, whatever follows (a time written 'T103000', 'T10', ' - 10:30'...): pandas, left to read those,
# read them day first (2024-01-05 as 1 May) when the column's other dates were d/m/y or undecided.
_RE_YEAR_FIRST = re.compile(r"(1[89][0-9]{2}|2[01][0-9]{2})(?:([-/.])([0-9]{1,2})\2([0-9]{1,2})|([0-9]{2})([0-9]{2}))"
                            r"(?:(?![0-9])|(?=[0-9]{2,6}\Z))")


def to_days(series: pd.Series, dayfirst: bool | None = None) -> np.ndarray:
    """datetime64[D] per row: NaT where unreadable or outside ``DATE_RANGE`` (see ``read_dates``)."""
    days, _, _ = read_dates(series, dayfirst)
    return days


def read_dates(series: pd.Series, dayfirst: bool | None = None) -> tuple[np.ndarray, np.ndarray, bool]:
    """Dates of a column: (datetime64[D] per row, NaT where unusable; which rows were out of range;
    whether day/month text was read day first).

    Understood: datetimes, ISO text (2024-07-15, with or without a time), d/m/y and m/d/y text,
    Excel serial numbers (45488, as numbers or text), Spanish and English month names (15-ago-2024,
    15 de agosto de 2024, Aug 15 2024), quarter labels (2024-T3, T3 de 2024, 3T2024, Q3 2024: the quarter's first
    day; see ``quarter_rows``), and whatever else pandas reads. Day and month
    order is decided once for the whole column, from every value: 13/01 can only be day first, 01/13
    only month first; the majority of rows wins, day first (as Spanish Excel writes) when nothing
    tells. A value that contradicts the decision is unreadable. ``dayfirst`` forces the order.
    """
    check_dayfirst(dayfirst)
    days, out_of_range, dayfirst, _ = _read(series, dayfirst)
    return days, out_of_range, dayfirst


def check_dayfirst(dayfirst) -> None:
    """A ``ConfigError`` unless ``dayfirst`` is True, False or None: "yes" or "no" (a service or a config file's
    text) was read as True, whatever it said, and written so into the summary's ``attrs``."""
    if dayfirst is not None and not isinstance(dayfirst, (bool, np.bool_)):
        raise ConfigError(f"dayfirst must be True, False or None, got {shown_value(dayfirst)}.")


def days_and_quarters(series: pd.Series, dayfirst: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``to_days``, and which rows are quarter labels (``quarter_rows``): a report shows those as their quarter
    ('2024 T3'), not as the quarter's first day."""
    days, _, _, quarter = _read(series, dayfirst)
    return days, quarter


def quarter_rows(series: pd.Series) -> np.ndarray:
    """Which rows of ``series`` are quarter labels ('2024-T3', 'T3 de 2024', '3T2024', 'Q3 2024',
    '3er trimestre de 2024'): ``read_dates`` reads each as its quarter's first day, which is no day of the month."""
    return _read(series, None)[3]


def month_label_rows(series: pd.Series, dayfirst: bool | None = None) -> np.ndarray:
    """Which rows of ``series`` are month labels, text that names a month and its year but no day ('2024-05',
    'mayo 2024'): each reads as its month's first day, which a trend by week cannot split."""
    return _month_labels(series, _read(series, dayfirst)[0])


def check_period_name(period) -> str:
    """``period`` when it names a period as ``summarize``, ``changes`` and ``discover`` all read one ("month", "mes",
    "auto"...), written as listed: a ``ConfigError`` otherwise ("Month" was a month to discover and an error to the
    others)."""
    if not (isinstance(period, str) and (period in PERIODS or period == AUTO_PERIOD)):
        known = choices(sorted({*PERIODS, AUTO_PERIOD}))
        raise ConfigError(f"period {shown_value(period)} is not known; expected one of {known}.")
    return period


def chosen_period(series: pd.Series, period: str) -> str:
    """``period``, or for ``AUTO_PERIOD`` the one ``series`` splits into: "quarter" where it holds quarter labels
    (``quarter_rows``), else "month"."""
    if period != AUTO_PERIOD:
        return period
    return "quarter" if quarter_rows(series).any() else "month"


def _read(series: pd.Series, dayfirst: bool | None) -> tuple[np.ndarray, np.ndarray, bool, np.ndarray]:
    """``read_dates``, and which rows are quarter labels (``quarter_rows``)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        if _arrow_dates(series.dtype):  # Arrow's date32/date64 (Parquet, polars, DuckDB): no time, no zone
            series = series.astype("datetime64[s]")
        values = series.dt.tz_localize(None) if getattr(series.dt, "tz", None) is not None else series
        return (*_in_range(values.to_numpy("datetime64[D]")), True if dayfirst is None else bool(dayfirst),
                np.zeros(len(series), dtype=bool))
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        days = _excel_days(series.to_numpy(dtype=float, na_value=np.nan))
        return *_in_range(days), True if dayfirst is None else bool(dayfirst), np.zeros(len(series), dtype=bool)
    codes, uniques, kind = _distinct(series)
    days = np.full(uniques.size + 1, np.datetime64("NaT"), dtype="datetime64[D]")  # the last: missing
    quarter = np.zeros(uniques.size + 1, dtype=bool)
    if (number := kind == "number").any():
        days[number] = _excel_days(np.array(list(uniques[number[:-1]]), dtype=float))
    for k in np.flatnonzero(kind == "date"):
        value = uniques[k]
        days[k] = np.datetime64(value.date() if isinstance(value, _dt.datetime) else value, "D")
    if (is_text := kind == "text").any():
        weights = np.bincount(codes[codes >= 0], minlength=uniques.size)[is_text[:-1]]
        dayfirst = _read_text_dates(uniques[is_text[:-1]], weights, days, quarter, np.flatnonzero(is_text),
                                    dayfirst)
    return *_in_range(days[codes]), True if dayfirst is None else bool(dayfirst), quarter[codes]


def _arrow_dates(dtype) -> bool:
    """Whether ``dtype`` is an Arrow date type, which pandas counts as a datetime but gives no ``.dt.tz``
    and no NumPy datetimes."""
    if not isinstance(dtype, pd.ArrowDtype):
        return False
    import pyarrow  # there is an Arrow column: pyarrow is loaded

    return pyarrow.types.is_date(dtype.pyarrow_dtype)


def day_month_votes(series: pd.Series) -> tuple[float, float]:
    """Rows whose date text can only be day first (13/01/2024) and rows that can only be month
    first (01/13/2024).

    ``read_dates`` reads a column's text day first when the first count is at least the second, so
    the votes of the parts of a column (partitions) add up to the decision for the whole of it.
    """
    if pd.api.types.is_datetime64_any_dtype(series) or (
            pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)):
        return 0.0, 0.0
    codes, uniques, kind = _distinct(series)
    is_text = kind[:-1] == "text"
    if not is_text.any():
        return 0.0, 0.0
    weights = np.bincount(codes[codes >= 0], minlength=uniques.size)[is_text]
    _, heads, head_of = _date_heads(uniques[is_text])
    _, pairs, _, _ = _parse_heads(head_of)
    return _votes(pairs, np.bincount(heads, weights=weights, minlength=len(head_of)))


def against_order(series: pd.Series, dayfirst: bool | None) -> int:
    """The rows of ``series`` whose d/m text reads only in the order ``dayfirst`` rules out (20/12/2024 under
    ``dayfirst=False``), so unreadable; 0 where no order is forced."""
    if dayfirst is None:
        return 0
    only_day, only_month = day_month_votes(series)
    return int(only_month if dayfirst else only_day)


def order_guessed(series: pd.Series) -> bool:
    """Whether ``read_dates``, left to decide, can only guess the day/month order of ``series``: it has d/m or m/d
    text that reads either way (05/07/2024) and none that can only be one (13/07, 07/13), so day first is a guess."""
    if pd.api.types.is_datetime64_any_dtype(series) or (
            pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)):
        return False
    _, uniques, kind = _distinct(series)
    is_text = kind[:-1] == "text"
    if not is_text.any():
        return False
    _, _, head_of = _date_heads(uniques[is_text])
    _, pairs, _, _ = _parse_heads(head_of)
    return _votes(pairs, np.ones(len(head_of))) == (0.0, 0.0) and any(a != b for a, b, _ in pairs.values())



def _date_heads(texts: np.ndarray) -> tuple[pd.Series, np.ndarray, pd.Index]:
    """The stripped texts, and the date part of each (index into the distinct date parts)."""
    text = pd.Series(texts, dtype="str").str.strip()  # Arrow strings: vectorised, unlike object ones
    # The date part of 'date time' values: a million distinct timestamps are a few thousand dates. A weekday before a
    # numeric date goes too: left to pandas, 'lunes 05/19/2024' cast no vote and was read as 19 May in a day-first
    # column, where '05/19/2024' is unreadable, and 'Tue 7/5/2024' as 7 May beside the July of its neighbours.
    heads, head_of = pd.factorize(text.str.replace(r"[ T][0-9]{1,2}:[0-9]{2}.*", "", regex=True)
                                  .str.replace(_RE_WEEKDAY_BEFORE_DATE, "", regex=True))
    return text, heads, head_of


#: A weekday, Spanish or English, whole or abbreviated ('mar' too: March cannot come before a whole date), or the
#: 'del' or 'de' that opens a date, before a date written in numbers ('lunes 15/01/2024', 'Tue, 7/5/2024',
#: 'dom. 2024-03-10', 'del 15/01/2024', 'de 15/01/2024': 'de 15 de enero de 2024' was read, and this one not).
_RE_WEEKDAY_BEFORE_DATE = re.compile(
    r"\A(?:" + "|".join(sorted({*_WEEKDAYS, "del", "de", "mar", "monday", "mon", "tuesday", "tues", "tue", "wednesday", "wed",
                                 "thursday", "thurs", "thu", "friday", "fri", "saturday", "sat", "sunday", "sun"},
                                key=len, reverse=True))
    + r")\.?[\s.,]*(?=[0-9]{1,4}[/.-][0-9]{1,2}[/.-][0-9])", re.IGNORECASE)


def _parse_heads(head_of) -> tuple[np.ndarray, dict, np.ndarray, np.ndarray]:
    """Days of the date parts that need no day/month decision (serials, y-m-d, quarter labels), the (a, b, year) of
    those that do (a/b/year), which are other text (for pandas), and which are quarter labels (no vote, and
    never pandas': it read 'T3 2024' as 1 March)."""
    head_days = np.full(len(head_of), np.datetime64("NaT"), dtype="datetime64[D]")
    pairs, other, quarter = {}, np.zeros(len(head_of), dtype=bool), np.zeros(len(head_of), dtype=bool)
    numeric, numbers = [], []  # serials and Unix times, read at once: one by one, 200,000 Unix times took 17 s
    for h, head in enumerate(head_of):
        if named := quarter_label(head):  # 'T5 2024': no date (NaT), neither a quarter nor pandas' 1 May
            if named[1]:
                head_days[h], quarter[h] = _day(named[0], 3 * named[1] - 2, 1), True
        elif compact := _RE_COMPACT.fullmatch(head):
            head_days[h] = _day(*(int(g) for g in compact.groups()))
        elif _RE_SERIAL.fullmatch(head) or _RE_UNIX_TIME.fullmatch(head):
            number = head.replace(",", "").replace(".", "") if _RE_THOUSANDS.fullmatch(head) else head.replace(",", ".")
            numeric.append(h)
            numbers.append(float(number))
        elif match := _RE_NUMERIC_DATE.fullmatch(head):
            a, b, c = (int(g) for g in match.groups())
            if len(match.group(1)) == 4:
                head_days[h] = _day(a, b, c)
            elif len(match.group(1)) <= 2 and len(match.group(3)) in (2, 4):
                pairs[h] = (a, b, c if len(match.group(3)) == 4 else c + (2000 if c < 69 else 1900))
        elif first := _RE_YEAR_FIRST.match(head):
            year, _, month, day, month2, day2 = first.groups()
            head_days[h] = _day(int(year), int(month or month2), int(day or day2))
        else:
            other[h] = bool(head)
    if numeric:
        head_days[numeric] = _excel_days(np.array(numbers, dtype=float))
    return head_days, pairs, other, quarter


def _votes(pairs: dict, head_weight: np.ndarray) -> tuple[float, float]:
    only_day = sum(head_weight[h] for h, (a, b, _) in pairs.items() if a > 12 >= b)
    only_month = sum(head_weight[h] for h, (a, b, _) in pairs.items() if b > 12 >= a)
    return float(only_day), float(only_month)


def _read_text_dates(texts: np.ndarray, weights: np.ndarray, days: np.ndarray, quarter: np.ndarray,
                     where: np.ndarray, dayfirst: bool | None) -> bool:
    """Fill ``days[where]`` and ``quarter[where]`` (quarter labels) from ``texts`` (distinct values, ``weights`` rows
    each); returns ``dayfirst``."""
    text, heads, head_of = _date_heads(texts)
    head_days, pairs, other, head_quarter = _parse_heads(head_of)
    if dayfirst is None:
        only_day, only_month = _votes(pairs, np.bincount(heads, weights=weights, minlength=len(head_of)))
        dayfirst = bool(only_day >= only_month)
    for h, (a, b, year) in pairs.items():
        head_days[h] = _day(year, b, a) if dayfirst else _day(year, a, b)
    days[where], quarter[where] = head_days[heads], head_quarter[heads]
    if (rest := other[heads]).any():  # month names and other free text: pandas, one by one
        # The local date is the one written: an offset after the time ('23:30:00 -0500') is dropped, not
        # applied (converting to UTC moved the evening of 31 March into April, and into the next quarter).
        english = [_english_words(str(v)) for v in text[rest]]
        local = np.array([_without_time(_without_offset(v)) if _RE_HAS_YEAR.search(v) else "" for v in english],
                         dtype=object)
        # No warnings.catch_warnings here: it swaps the process-wide filters and is not thread-safe. With
        # format="mixed" pandas does not warn, and the d/m/y texts it warned about are read above.
        read = _pandas_days(local, dayfirst)
        # A year-first date after a weekday ('dom, 2024-03-10', 'Sun, 2024-03-10': the English one is left for
        # pandas) is year, month, day: with dayfirst, pandas read it as year, day, month (3 October).
        ymd = np.array([_RE_YEAR_FIRST.match(v, _RE_ENGLISH_WEEKDAY.match(v).end()) is not None for v in local],
                       dtype=bool)
        if dayfirst and ymd.any():
            read[ymd] = _pandas_days(local[ymd], False)
        read[_not_the_year_written(local, read)] = np.datetime64("NaT")
        days[where[rest]] = read
    return dayfirst


def _in_range(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    out = ~np.isnat(days) & ((days < DATE_RANGE[0]) | (days > DATE_RANGE[1]))
    return np.where(out, np.datetime64("NaT"), days), out


def _day(year: int, month: int, day: int) -> np.datetime64:
    try:
        return np.datetime64(_dt.date(year, month, day), "D")
    except ValueError:  # 31/02, month 13, year 0
        return np.datetime64("NaT")



def period_index(series: pd.Series, period: str, dayfirst: bool | None = None, *,
                 whole_column: bool = True) -> tuple[np.ndarray, list[str], dict]:
    """Period index per row (-1 without a usable date), the sorted period labels ("2024-07",
    "2024-Q3", "2024-W27"), and how the dates were read (``date_out_of_range`` rows, ``dayfirst``).
    ``period`` is "week" (ISO weeks), "month" or "quarter". A column with quarter labels ('2024-T3') by month or
    week is a ``DataError`` naming period "quarter", as an unknown period is: its first day is no month's. By week,
    so is a column of month labels (``first_days``): May and June were "2024-W18" and "2024-W22".
    So is a column of numbers that read as Excel dates before 1990 (amounts or codes), by any period.
    ``whole_column`` False (a Dask partition) skips those checks: a part of a column cannot tell (nor name the column's
    first quarter label); ``how`` then counts its quarter labels (``quarters``, by month or week), its readable days
    (``dated``), those that are the first of their month (``month_starts``), the month labels
    among them (``month_labels``, by week) and whether it holds
    anything but numbers before 1990 (``not_numbers``, 0 or 1), which add up over the partitions to the checks
    (``_partitions.refusal``)."""
    days, out_of_range, dayfirst, quarter = _read(series, dayfirst)
    if period != "quarter" and quarter.any() and whole_column:
        raise DataError(_quarters_by(series, quarter, period))
    if period == "week" and whole_column:
        _check_weeks(series, days)
    if whole_column and _numbers_before_1990(series, days):
        raise DataError(_numbers_message(series, days))
    ok = ~np.isnat(days)
    if period == "week":  # ISO weeks start on Monday; 1970-01-01 was a Thursday
        d = days[ok].astype(np.int64)
        key = d - (d + 3) % 7
    else:
        key = days[ok].astype("datetime64[M]").astype(np.int64)
        key = key // 3 if period == "quarter" else key
    uniq, inverse = np.unique(key, return_inverse=True)
    out = np.full(days.size, -1, dtype=np.int64)
    out[ok] = inverse
    how = {"date_out_of_range": int(out_of_range.sum()), "dayfirst": bool(dayfirst)}
    if not whole_column:
        dated = days[ok]
        how.update(quarters=int(quarter.sum()) if period != "quarter" else 0, dated=int(dated.size),
                   month_starts=int((dated.astype("datetime64[M]").astype("datetime64[D]") == dated).sum()),
                   not_numbers=int(not _only_numbers_before_1990(series, days)),
                   month_labels=int(_month_labels(series, days).sum()) if period == "week" else 0)
    return out, [_period_label(int(k), period) for k in uniq], how



__all__ = ["AUTO_PERIOD", "DATE_RANGE", "PERIODS", "check_period_name", "against_order", "chosen_period",
           "day_month_votes", "days_and_quarters", "first_days", "mixed_months_message", "month_label_rows",
           "months_message", "order_guessed", "period_index", "period_range", "periods_between", "quarter_rows",
           "quarters_message", "read_dates", "to_days"]
