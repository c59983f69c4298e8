"""The cells of a date column before any is read as a date: the distinct values and the kind of each (text, number,
date), and a number as the day it stands for (an Excel serial, ISO's basic form 20240105, a Unix time).

Its own module so that ``periods`` (which reads the dates) and ``_period_checks`` (which refuses a period for a
column) share these without importing each other.
"""

from __future__ import annotations

import datetime as _dt
import numbers
import re

import numpy as np
import pandas as pd

_EXCEL_EPOCH = np.datetime64("1899-12-30")  # Excel's day 0 (with its 1900 leap-year bug, day 61 is 1 March 1900)
_RE_SERIAL = re.compile(r"[0-9]{1,7}(?:[.,][0-9]+)?")  # 45474,3597: Spanish Excel's decimal comma
# A separator followed by three digits after one to three, the first not 0, is a thousands separator (45,474 or
# 45.474 is 45474; ``base.parse_scores`` takes no such score either): as a decimal, 45,474 was serial 45 (February
# 1900). 0,500 stays a decimal, the time of day a cell formatted as a time holds (noon), not serial 500 (1901).
_RE_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}[.,][0-9]{3}")
# Seconds or milliseconds since 1970 (see _excel_days), with a fraction as a CSV writes a float column's
# ('1719823080.5'; '1719823080000.0', milliseconds in a column that a blank made float; '1719823080,5', Spanish
# Excel's decimal comma, as a serial's): unreadable without it.
_RE_UNIX_TIME = re.compile(r"(?:[0-9]{10}|[0-9]{13})(?:[.,][0-9]+)?")


def _distinct(series: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Code per row (-1: missing), the distinct values, and the kind of each ("text", "number",
    "date" or ""), with a trailing "" for the missing code."""
    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    except TypeError:  # a list or dict cell (a JSON array or object) is no date, as text that is not one
        codes, uniques = pd.factorize(series.map(_hashable), use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    if pd.api.types.is_string_dtype(uniques.dtype) or pd.api.types.is_string_dtype(series.dtype):
        kind = np.array(["text"] * uniques.size + [""], dtype=object)
    else:
        kind = np.array([_kind(v) for v in uniques] + [""], dtype=object)
    return codes, uniques, kind


#: What ``_distinct`` reads a cell that cannot be hashed as: a value of no kind, so no date.
_NO_DATE = object()


def _hashable(value):
    """``value``, or ``_NO_DATE`` where it cannot be hashed: by trying, as a tuple holding a list is a
    ``Hashable`` that cannot."""
    try:
        hash(value)
    except TypeError:
        return _NO_DATE
    return value


def _kind(value) -> str:
    if isinstance(value, str):
        return "text"
    if isinstance(value, (bool, np.bool_)):
        return ""
    if isinstance(value, _dt.date):
        return "date"
    return "number" if isinstance(value, numbers.Real) else ""


def _excel_days(serials: np.ndarray) -> np.ndarray:
    """Excel serial numbers as datetime64[D]; the fraction (time of day) is dropped. A whole number of
    eight digits that is a date written 20240105 (ISO's basic form) is read as that date, and a Unix time in
    seconds or milliseconds between 2000 and 2100 as its day (UTC): as serials they would lie past 2100. A whole
    number from 1900 to 2100 is a year, no day (NaT): as a serial, 2024 was 16 July 1905."""
    whole = np.floor(np.clip(serials, -1e9, 1e9))  # inf and absurd serials land out of range, not overflow
    # Excel counts a 29 February 1900 that never was (serial 60): serials before it are one day later.
    days = _EXCEL_EPOCH + (np.nan_to_num(whole) + ((whole >= 1) & (whole < 60))).astype(np.int64).astype("timedelta64[D]")
    year = (whole == serials) & (serials >= 1900) & (serials <= 2100)
    days = np.where(np.isnan(serials) | (whole == 60) | year, np.datetime64("NaT"), days)
    compact = (whole == serials) & (serials >= 18000101) & (serials <= 21991231)
    if compact.any():
        value = serials[compact].astype(np.int64)
        parts = pd.DataFrame({"year": value // 10000, "month": value // 100 % 100, "day": value % 100})
        days[compact] = pd.to_datetime(parts, errors="coerce").to_numpy("datetime64[D]")
    # Unix time, in seconds or in milliseconds (pandas' to_json writes dates so), from 2000 to 2100: as serials
    # these would lie millions of years away.
    for unit, low, high in (("s", 946_684_800, 4_102_444_800), ("ms", 946_684_800_000, 4_102_444_800_000)):
        epoch = (serials >= low) & (serials < high)
        if epoch.any():
            days[epoch] = np.floor(serials[epoch]).astype(np.int64).astype(f"datetime64[{unit}]").astype("datetime64[D]")
    return days
