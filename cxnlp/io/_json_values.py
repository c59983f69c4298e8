"""The values of a frame that pandas' JSON would write wrongly, as JSON and JSON Lines output writes them
(``columnar.json_records``): bytes and dates without a time, as text."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd


#: What ``pd.api.types.infer_dtype`` calls a column that holds no bytes and no date, at any depth.
_NO_BYTES_OR_DATES = frozenset({"string", "empty", "integer", "floating", "mixed-integer-float", "decimal", "boolean",
                                "datetime64", "datetime", "timedelta64", "timedelta", "time", "period", "complex"})


def bytes_and_dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each bytes value, at any depth (in an object or a list too), as text: decoded where it is
    UTF-8, as ``classify`` reads bytes, else as CSV writes it, in Python's notation (``b'\\x89PNG'``). pandas'
    JSON failed on bytes that are not UTF-8 ("unexpected UnicodeDecodeError" after every row was classified)
    and wrote a ``bytearray`` as ``{}``. A date without a time is ISO text too (``2024-03-05``, as CSV writes it):
    pandas wrote it as a time at midnight, ``2024-03-05T00:00:00.000``. Returns ``frame`` itself if it holds
    neither."""
    out = frame
    for i in range(frame.shape[1]):
        values = frame.iloc[:, i]
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
    if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.dtype == object):
        items = []
        for item in value:
            items.append(_text_of(item))
        return items
    return value
