"""Spreadsheet formula injection: text cells that Excel or LibreOffice would run get a leading ``'``."""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d[\d.,]*|[.,]\d[\d.,]*)(?:[eE][+-]?\d+)?")


def _formula_like(text: str) -> bool:
    """Whether ``text`` starts as a formula, after any quotes: ``'=x`` gets a quote too, so that a reader
    who drops one (``drop_formula_quote``) gets it back as it was."""
    return text.lstrip("'").startswith(_FORMULA_START)


def defused(value):
    """``value`` with a leading ``'`` if a spreadsheet would read it as a formula, or if it is one quoted
    (``'=x``); numbers stay. Never two values alike: a quoted value needs a quote itself."""
    if isinstance(value, str) and len(value) > 1 and _formula_like(value) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def drop_formula_quote(text: str) -> str:
    """``text`` without the leading ``'`` that ``neutralize_formulas`` added (``'+ La app…`` is ``+ La app…``,
    ``''=x`` is ``'=x``), as a spreadsheet shows the cell and as cxnlp reads a file it wrote."""
    return text[1:] if text[:1] == "'" and _formula_like(text) else text


def formula_quotes_dropped(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell read without the quote ``neutralize_formulas`` put there
    (``drop_formula_quote``): a table cxnlp wrote, as it was before. Returns ``frame`` itself if no cell has one."""
    out = frame
    for i, values in _text_columns(frame):
        if _cells_with(values, lambda v: drop_formula_quote(v) != v, _MAY_BE_QUOTED):
            out = frame.copy() if out is frame else out
            out.isetitem(i, values.map(lambda v: drop_formula_quote(v) if isinstance(v, str) else v))
    return out


def unquoted_names(names: list) -> list:
    """``names`` (a CSV's or workbook's columns) without the ``'`` that ``neutralize_formulas`` put before a name
    (``'@timestamp`` is ``@timestamp``, ``''=x`` is ``'=x``), as every reader of cxnlp gives them: an option
    naming the column (``summarize --date @timestamp``) finds it in cxnlp's output, and classifying that output
    again does not quote it twice. ``names`` as they are where that would make two alike (``@x`` beside ``'@x``,
    not as cxnlp writes them)."""
    out = [drop_formula_quote(name) if isinstance(name, str) else name for name in names]
    return names if out == names or len(set(out)) < len(set(names)) else out


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a leading ``'`` on every text cell and column name that starts with ``=``,
    ``+``, ``-``, ``@``, tab or CR, so that opening it in a spreadsheet runs nothing (Excel runs a
    header cell as it runs any other; the readers drop the quote from a name again: ``unquoted_names``);
    numbers, and text such as ``-3`` that is a number, are left as they are. Returns ``frame`` itself if
    nothing needs changing."""
    out = frame
    for i, values in _text_columns(frame):
        if not _cells_with(values, _formula_like, _MAY_START_A_FORMULA):
            continue
        if out is frame:
            out = frame.copy()
        out.isetitem(i, _defused_column(values))
    names = [defused(c) for c in frame.columns]
    if names != list(frame.columns):
        out = out.copy() if out is frame else out
        out.columns = names
    return out


def _defused_column(values: pd.Series) -> pd.Series:
    """``values`` with every formula cell defused, in the column's own dtype."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        # A quoted value is not one of the column's categories and would come out as NaN: quote the
        # categories instead (same order; ``defused`` makes no two alike).
        return values.cat.rename_categories([defused(c) for c in values.cat.categories])
    return pd.Series([defused(v) for v in values.tolist()], index=values.index, dtype=values.dtype)


def has_lone_cr(frame: pd.DataFrame) -> bool:
    """Whether some text cell holds a carriage return that does not start a CRLF."""
    return any(_cells_with(values, _lone_cr, "\r")
               for _, values in _text_columns(frame))


def _lone_cr(value: str) -> bool:
    return "\r" in value and "\r" in value.replace("\r\n", "")


#: The start of every cell that ``_formula_like`` may find (a regular expression, ``_cells_with``'s sieve).
_MAY_START_A_FORMULA = "^[=+\\-@\t\r']"
#: The start of every cell that ``drop_formula_quote`` changes (``_cells_with``'s sieve).
_MAY_BE_QUOTED = "^'+[=+\\-@\t\r]"


def _cells_with(values: pd.Series, test, sieve: str) -> bool:
    """Whether some text cell of ``values`` passes ``test``. A column of pandas' own strings is first sieved by the
    regular expression ``sieve`` (a superset of the cells that pass, in one vectorised pass: ``_matching``);
    ``test`` then decides on those cells alone. Any other column, Python objects included, is tested cell by cell:
    on objects, pandas' string methods loop in Python too, and build a mask besides (twice the time)."""
    if isinstance(values.dtype, pd.StringDtype) or (values.dtype != object and pd.api.types.infer_dtype(
            values, skipna=True) in ("string", "empty")):
        matching = _matching(values, sieve)
        return matching.any() and any(test(v) for v in values[matching].tolist() if isinstance(v, str))
    return any(isinstance(v, str) and test(v) for v in values.tolist())


def _matching(values: pd.Series, pattern: str) -> np.ndarray:
    """Which text cells of ``values`` the regular expression ``pattern`` finds, missing ones not. Strings pandas
    keeps in Arrow are searched by Arrow itself: pandas' string methods cost a millisecond or two a column, and a
    CSV of 5,000 columns took 11 s a chunk of 400 rows to write, before a cell was."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        found = pc.match_substring_regex(pa.array(values.array), pattern).fill_null(False)
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
    return values.str.contains(pattern, regex=True).astype("boolean").fillna(False).to_numpy(dtype=bool)


def _text_columns(frame: pd.DataFrame) -> Iterator[tuple[int, pd.Series]]:
    for i in range(frame.shape[1]):
        values = frame.iloc[:, i]
        if values.dtype.kind not in "biufcmM":
            yield i, values
