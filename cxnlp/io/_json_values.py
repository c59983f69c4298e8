"""The values of a frame that pandas' JSON would write wrongly, as JSON and JSON Lines output writes them
(``columnar.json_records``): bytes and dates without a time, as text; date-times finer than a millisecond, whole."""

from __future__ import annotations

import datetime as dt
import decimal

import numpy as np
import pandas as pd


#: What ``pd.api.types.infer_dtype`` calls a column that holds no bytes and no date, at any depth.
_NO_BYTES_OR_DATES = frozenset({"string", "empty", "integer", "floating", "mixed-integer-float", "decimal", "boolean",
                                "datetime64", "datetime", "timedelta64", "timedelta", "time", "complex"})
#: The values pandas' JSON writes as they are (numbers, text, date-times, containers ``_text_of`` walks).
_AS_THEY_ARE = (str, int, float, bool, complex, decimal.Decimal, dt.date, dt.time, dt.timedelta, np.generic, dict, list,
                tuple, set, frozenset, np.ndarray)
#: The values written as a list of their items, each as ``_text_of`` writes it.
_SEQUENCES = (list, tuple, pd.Series, pd.Index)


def bytes_and_dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each bytes value, at any depth (in an object or a list too), as text: decoded where it is
    UTF-8, as ``classify`` reads bytes, else as CSV writes it, in Python's notation (``b'\\x89PNG'``). pandas'
    JSON failed on bytes that are not UTF-8 ("unexpected UnicodeDecodeError" after every row was classified)
    and wrote a ``bytearray`` as ``{}``. A date without a time is ISO text too (``2024-03-05``, as CSV writes it):
    pandas wrote it as a time at midnight, ``2024-03-05T00:00:00.000``. Returns ``frame`` itself if it holds
    neither. A period or an interval column is text too, as CSV writes it (``2024-01``, ``(0, 1]``): pandas' JSON
    failed on a period ("Unable to serialize object", a traceback) and wrote an interval as its ten attributes."""
    out = frame
    for i in range(frame.shape[1]):
        values = frame.iloc[:, i]
        if isinstance(values.dtype, (pd.PeriodDtype, pd.IntervalDtype)):
            out = frame.copy(deep=False) if out is frame else out
            out.isetitem(i, pd.Series([None if pd.isna(v) else str(v) for v in values.tolist()], index=values.index,
                                      dtype=object))
            continue
        if values.dtype != object or pd.api.types.infer_dtype(values, skipna=True) in _NO_BYTES_OR_DATES:
            continue
        if out is frame:
            out = frame.copy(deep=False)
        out.isetitem(i, pd.Series([_text_of(v) for v in values.tolist()], index=values.index, dtype=object))
    return out


def _text_of(value):
    """``value`` with its bytes and dates as text (``bytes_and_dates_as_text``)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return str(raw)
    # Loops, not comprehensions: a frame for each level, not two, so that lists or objects 500 deep (JSON Lines
    # input reads about 990) are written, not a RecursionError.
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out[key] = _text_of(item)
        return out
    # (a Series or an Index in a cell is a list, as pandas' JSON wrote it: its text was its printout, of many lines)
    if isinstance(value, _SEQUENCES) or (isinstance(value, np.ndarray) and value.dtype == object):
        items = []
        for item in value:
            items.append(_text_of(item))
        return items
    if isinstance(value, _AS_THEY_ARE) or value is None or value is pd.NaT or value is pd.NA:
        return value
    # Any other object as its text, as CSV writes it: pandas' JSON failed on a Period ("Unable to serialize", a
    # traceback) and wrote others (a UUID, an Interval) as an object of their attributes.
    return str(value)


def finer_than_milliseconds(frame: pd.DataFrame):
    """(column position, row position, ISO text) for each date-time of ``frame`` with a fraction of a second finer
    than a millisecond, written as pandas' JSON writes a date-time (a time zone's as UTC, with ``Z``) but whole:
    pandas writes milliseconds, and 10:00:00.123456 was 10:00:00.123 in JSON output (CSV and Parquet keep it).
    Each such value has its own digits, the others pandas' three, so a file does not depend on its chunks. So is
    one in an object column (a date column with a text cell), where it was still cut."""
    for i in range(frame.shape[1]):
        values = frame.iloc[:, i]
        if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in _MAY_HOLD_STAMPS:
            yield from _finer_objects(i, values.tolist())
            continue
        if values.dtype.kind != "M" and not isinstance(values.dtype, pd.DatetimeTZDtype):
            continue
        stamps = pd.DatetimeIndex(values)
        fine = np.flatnonzero(stamps.notna() & ((stamps.microsecond % 1000 != 0) | (stamps.nanosecond != 0)))
        if not fine.size:
            continue
        # The text of the whole column at once (NumPy's ISO text, as isoformat writes it): a Timestamp for each
        # value, converted one by one, made JSON output of a column of microseconds (a database's) twice as slow.
        stamps, zone = (stamps.tz_convert("UTC").tz_localize(None), "Z") if stamps.tz is not None else (stamps, "")
        picked = stamps[fine]
        nano = np.asarray(picked.nanosecond != 0)
        texts = np.datetime_as_string(picked.to_numpy(), unit="us").astype(object)
        if nano.any():
            texts[nano] = np.datetime_as_string(picked[nano].to_numpy(), unit="ns")
        for row, text in zip(fine.tolist(), texts.tolist()):
            yield i, row, text + zone


#: What ``pd.api.types.infer_dtype`` calls an object column that may hold date-times (``_csv_dates`` says the same).
_MAY_HOLD_STAMPS = frozenset({"datetime", "datetime64", "mixed", "mixed-integer"})


def _finer_objects(column: int, values: list):
    """``finer_than_milliseconds`` for the date-time objects among ``values`` (an object column's)."""
    for row, value in enumerate(values):
        if isinstance(value, (dt.datetime, np.datetime64)) and not pd.isna(value):
            stamp = pd.Timestamp(value)
            if stamp.microsecond % 1000 or stamp.nanosecond:
                zone = "Z" if stamp.tzinfo is not None else ""
                stamp = stamp.tz_convert("UTC").tz_localize(None) if zone else stamp
                digits = "nanoseconds" if stamp.nanosecond else "microseconds"
                yield column, row, stamp.isoformat(timespec=digits) + zone


#: What ``pd.api.types.infer_dtype`` calls an object column that may hold floats, in a cell or in a list or object.
_MAY_HOLD_FLOATS = frozenset({"floating", "mixed-integer-float", "mixed", "mixed-integer"})


def exact_object_floats(frame: pd.DataFrame, rows: list[dict]) -> None:
    """Put in ``rows`` (``frame``'s, as pandas' JSON wrote them) each finite float of an object column as it is,
    in a cell or in a list or object in one: pandas writes 10 decimals, and every column a JSON input is read into
    is an object column, so ``classify -o out.jsonl`` wrote a score of 6.6e-15 as 0.0 and 3.14159265358979 as
    3.1415926536 (``json_records`` did so only for float columns). Walked with a stack, not by recursion."""
    names = [str(name) for name in frame.columns]
    for i in range(frame.shape[1]):
        values = frame.iloc[:, i]
        if values.dtype != object or pd.api.types.infer_dtype(values, skipna=True) not in _MAY_HOLD_FLOATS:
            continue
        for row, value in zip(rows, values.tolist()):
            if _is_float(value):
                row[names[i]] = float(value)
            elif isinstance(value, (dict, list, tuple, np.ndarray)):
                _exact_in(value, row[names[i]])


def _is_float(value) -> bool:
    return isinstance(value, (float, np.floating)) and bool(np.isfinite(value))


def _exact_in(value, written) -> None:
    """``written`` (``value`` as pandas' JSON wrote it) with ``value``'s finite floats as they are, in place."""
    pending = [(value, written)]
    while pending:
        value, written = pending.pop()
        if isinstance(value, dict) and isinstance(written, dict):
            places = [(str(key), item) for key, item in value.items() if str(key) in written]
        elif isinstance(value, (list, tuple, np.ndarray)) and isinstance(written, list) and len(value) == len(written):
            places = list(enumerate(value))
        else:
            continue
        for place, item in places:
            if _is_float(item):
                written[place] = float(item)
            elif isinstance(item, (dict, list, tuple, np.ndarray)):
                pending.append((item, written[place]))
