"""Theme values as text, and back: how ``cxnlp._partitions`` carries a theme through Dask's and Spark's merges.

A partial-sum table names each theme by a string key (``theme_key``) that groups and sorts the same on every
engine. The key gives the values back with their types (``theme_values``), so a summary's ``by`` column holds
what ``cxnlp.summarize`` holds for the same rows: datetimes in their unit and time zone, dates, times, decimals,
durations, periods, bytes and the tuples of an array column, not their text. ``merge_themes`` makes the keys of one
theme, which partitions may read as other types (101, 101.0, "101"), one key.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import numpy as np
import pandas as pd


def theme_key(values) -> str:
    """``values`` (one per dimension) as one JSON string: text, numbers and booleans as themselves, the values JSON
    has no type for as ``{type: text}``, anything else as its text."""
    return json.dumps([_tagged(v) for v in values], ensure_ascii=False)


def theme_values(key: str) -> list:
    """The values ``theme_key`` wrote in ``key``, with their types."""
    return [_untagged(v) for v in json.loads(key)]


def _tagged(value):
    if isinstance(value, np.generic) and not isinstance(value, (np.datetime64, np.timedelta64)):
        value = value.item()
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    elif isinstance(value, np.timedelta64):
        value = pd.Timedelta(value)
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if type(value) in (tuple, list):  # an array cell's labels (tuples: metrics.themes.hashable_cells), item by item
        return {type(value).__name__: [_tagged(v) for v in value]}
    if isinstance(value, pd.Timestamp):
        return {"timestamp": value.isoformat(), "unit": value.unit, "tz": None if value.tz is None else str(value.tz)}
    if isinstance(value, pd.Timedelta):
        return {"timedelta": value.isoformat(), "unit": value.unit}
    if isinstance(value, pd.Period):
        return {"period": str(value), "freq": value.freqstr}
    for kind in (dt.datetime, dt.date, dt.time):  # datetime before date: a datetime is a date too
        if isinstance(value, kind):
            return {kind.__name__: value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, (bytes, bytearray)):  # a binary column's cells: its text ("b'k1'") was no bytes
        return {"bytes" if isinstance(value, bytes) else "bytearray": value.hex()}  # a subclass's name: no kind
    return str(value)  # what names its theme (theme_id), as cxnlp.summarize names it


def _untagged(value):
    if not isinstance(value, dict):
        return value
    kind, text = next(iter(value.items()))  # the type first, as _tagged writes it
    if kind in ("tuple", "list"):
        return (tuple if kind == "tuple" else list)(_untagged(v) for v in text)
    if kind == "timestamp":
        stamp = pd.Timestamp(text).as_unit(value["unit"])
        if value["tz"] is not None:
            try:  # the zone by its name (Europe/Madrid), not only the offset the text keeps
                stamp = stamp.tz_convert(value["tz"])
            except (KeyError, ValueError, TypeError):
                pass
        return stamp
    if kind == "timedelta":
        return pd.Timedelta(text).as_unit(value["unit"])
    if kind == "period":
        return pd.Period(text, freq=value["freq"])
    if kind == "decimal":
        return Decimal(text)
    if kind in ("bytes", "bytearray"):
        return (bytes if kind == "bytes" else bytearray).fromhex(text)
    return getattr(dt, kind).fromisoformat(text)


def merge_themes(keys: pd.Series) -> tuple[pd.Series, dict[str, list]]:
    """``keys`` (``theme_key``) made the key of the theme they name, and each theme's values, one per dimension.

    Partitions may read one column as other types: 101 in one, 101.0 in one whose rows have blanks (whole numbers
    with blanks are floats in pandas), "101" where an object column holds text; as in ``cxnlp.summarize`` these
    are one theme (``theme_id``). Its values are those of a decimal over a whole number (the whole table's column
    is decimal), then of a number over text, then the first key in order, whatever the order of the partitions.
    """
    from .metrics.themes import theme_id

    theme_of, found = {}, {}
    for key in keys.unique():
        if key:  # "": the rows of kinds "period" and "total", which have no theme
            values = theme_values(key)
            theme_of[key] = json.dumps([theme_id(v) for v in values], ensure_ascii=False)
            found.setdefault(theme_of[key], []).append((key, values))
    shown = {theme: min(options, key=_shown_first)[1] for theme, options in found.items()}
    return keys.map(lambda key: theme_of.get(key, key)), shown


def _shown_first(option) -> tuple:
    key, values = option
    return tuple(0 if isinstance(v, float) else 1 if isinstance(v, int) else 3 if isinstance(v, str) else 2
                 for v in values), key
