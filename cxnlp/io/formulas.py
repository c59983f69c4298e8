"""Spreadsheet formula injection: text cells that Excel or LibreOffice would run get a leading ``'``."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d[\d.,]*|[.,]\d[\d.,]*)(?:[eE][+-]?\d+)?")


def _defused(value):
    """``value`` with a leading ``'`` if a spreadsheet would read it as a formula (numbers stay)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and len(value) > 1 \
            and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a leading ``'`` on every text cell (and column name) that starts with ``=``,
    ``+``, ``-``, ``@``, tab or CR, so that opening it in a spreadsheet runs nothing; numbers, and
    text such as ``-3`` that is a number, are left as they are. Returns ``frame`` itself if nothing
    needs changing."""
    out = frame
    for i, items in _text_columns(frame):
        if not any(isinstance(v, str) and v.startswith(_FORMULA_START) for v in items):
            continue
        if out is frame:
            out = frame.copy()
        out.isetitem(i, pd.Series([_defused(v) for v in items], index=frame.index, dtype=frame.dtypes.iloc[i]))
    names = [_defused(c) for c in frame.columns]
    if names != list(frame.columns):
        out = out.copy() if out is frame else out
        out.columns = names
    return out


def _text_columns(frame: pd.DataFrame) -> Iterator[tuple[int, list]]:
    for i in range(frame.shape[1]):
        values = frame.iloc[:, i]
        if values.dtype.kind not in "biufcmM":
            yield i, values.tolist()


def has_lone_cr(frame: pd.DataFrame) -> bool:
    return any(isinstance(v, str) and "\r" in v and "\r" in v.replace("\r\n", "")
               for _, items in _text_columns(frame) for v in items)
