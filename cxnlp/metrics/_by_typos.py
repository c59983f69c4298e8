"""A ``by`` name with a comma (or a '+', '*', ' x ') typed with a typo, for :mod:`cxnlp.metrics.themes`.

``by`` takes a name with a comma whole where it names a column ("Región, zona" for "Region, zona"), and otherwise
splits it at its commas: with a typo in it ("Regon, zona") the error named 'Regon' alone, a column no one meant;
so did one with a '+' ("sucursl + canal" for "sucursal + canal").
"""

from __future__ import annotations

import difflib

from ..columns import axis_column, fold, fold_typed, names_a_column
from ..exceptions import DataError, shown_value
from ..schema import OUTPUT_COLUMNS

_SEPARATORS = (",", "+", "*", " x ", "×")  # (those ``by`` splits at)


def check_joined_name_typo(columns, whole: str, parts: list) -> None:
    """A ``DataError`` naming the column with a comma (or another separator) that ``whole`` is a typo of, when a part
    that ``whole`` splits into names neither an axis nor a column; nothing otherwise."""
    added = {fold(column) for column in OUTPUT_COLUMNS}  # (classifying adds them: 'cx_industry, region' on a survey)
    if all(axis_column(part) is not None or names_a_column(list(columns), part) or fold(part) in added
           for part in parts):
        return
    named = {fold_typed(column): column for column in columns
             if isinstance(column, str) and any(sep in column for sep in _SEPARATORS)}
    close = difflib.get_close_matches(fold_typed(whole), list(named), n=1, cutoff=0.8)
    if close:
        meant = shown_value(named[close[0]])
        raise DataError(f"Theme column (by) {shown_value(whole)} not found; did you mean {meant}? A name with a comma or a "
                        f"'+' is split at them unless it names a column.")
