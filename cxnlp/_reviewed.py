"""The ``reviewed`` column of a review queue: which of its rows a person checked (docs/labels.md, section 9).

``cxnlp review`` pre-fills each row with the model's suggestions, so a row nobody checked would train the model's own
guess as if confirmed. A table with a ``reviewed`` column is read for its marked rows alone; a table without one
(every table written before the column existed, or by hand) is read whole, as it always was.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .columns import fold
from .exceptions import DataError, UnreadDataWarning, quoted_cell, warn_outside

#: The queue's column that a labeller marks on each row they checked (named in English, as the training format's
#: other columns are; a column named in Spanish, ``revisado``, is read as it).
REVIEWED_COLUMN = "reviewed"
_NAMES = frozenset({REVIEWED_COLUMN, "revisado"})
#: The marks read as "checked", folded (``columns.fold``: case, accents and spaces aside): 'Sí', ' X ', 'TRUE', '✓'.
REVIEWED_MARKS = ("sí", "si", "x", "1", "true", "yes", "✓", "✔", "verdadero")
_MARKS = frozenset(fold(mark) for mark in REVIEWED_MARKS)
#: An unticked checkbox (Excel's, Google Sheets'): FALSE, or FALSO in a Spanish Excel's CSV, read as a blank cell is.
#: 0 too, as 1 is a mark: a column of 1s and 0s (``mask.astype(int)``, a database's flag) is one of checkboxes.
_UNTICKED = frozenset({"false", "falso", "0"})
#: 1 or 0 written as a decimal: pandas writes a column of 1s with blanks to CSV as '1.0' (a Spanish sheet as '1,0').
_DECIMAL = re.compile(r"([01])[.,]0+")

__all__ = ["REVIEWED_COLUMN", "REVIEWED_MARKS", "reviewed_columns", "reviewed_mask", "reviewed_only"]


def reviewed_only(raw: pd.DataFrame, read: pd.DataFrame, name: str) -> pd.DataFrame:
    """``read`` (the rows of the table ``raw`` as read, one for each of its rows, in order) without the rows that
    ``raw``'s ``reviewed`` column leaves unmarked (``reviewed_mask``); ``read`` itself where it has no such column."""
    marked = reviewed_mask(raw, name)
    return read if marked.all() else read[marked].reset_index(drop=True)


def reviewed_mask(raw: pd.DataFrame, name: str) -> np.ndarray:
    """Which rows of ``raw`` its ``reviewed`` (or ``revisado``) column marks, the number left unmarked said in one
    ``UnreadDataWarning``; every row where there is no such column. A cell that is neither blank nor a mark
    (``REVIEWED_MARKS``), or a column that marks no row, is a ``DataError``: an empty data set, or one the user did not
    mean."""
    columns = reviewed_columns(raw)
    if not columns:
        return np.ones(len(raw), dtype=bool)
    if len(columns) > 1:
        raise DataError(f"{name}: the columns {[str(c) for c in columns]} are one column to cxnlp (case and spaces "
                        f"aside); keep one of them.")
    marked = np.array([_marked(value, name, row, columns[0]) for row, value in enumerate(raw[columns[0]].tolist(), 1)],
                      dtype=bool)
    if len(marked) and not marked.any():
        raise DataError(f"{name}: no row is marked in the '{columns[0]}' column; mark each row you checked "
                        f"(sí, x or 1), or delete the column to use every row as written.")
    left_out = int((~marked).sum())
    if left_out:
        warn_outside(f"{name}: {left_out} row{'s' if left_out > 1 else ''} not marked in the '{columns[0]}' "
                     f"column left out; mark the rows you checked (sí, x or 1) to use them.", UnreadDataWarning)
    return marked


def reviewed_columns(raw: pd.DataFrame) -> list:
    """The columns of ``raw`` read as its ``reviewed`` column (``reviewed``, ``Revisado``, ``REVIEWED ``)."""
    return [column for column in raw.columns if fold(column) in _NAMES]


def _marked(value, name: str, row: int, column) -> bool:
    """Whether the ``reviewed`` cell ``value`` marks its row: blank (or missing, or an unticked checkbox) is not, a
    mark is; anything else is a ``DataError`` naming the row (a 'no' or a 'revisar' read as checked, or as not, would
    be a guess)."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT:
        return False
    if isinstance(value, (bool, np.bool_)):  # a spreadsheet's TRUE (VERDADERO) is a bool
        text = "true" if value else "false"
    elif isinstance(value, (int, float, np.integer, np.floating)) and float(value).is_integer():
        text = str(int(value))  # 1 from a spreadsheet or JSON, 1.0 from a column with blanks
    else:
        text = str(value)
    folded = fold(text).replace("_", "").replace("\ufe0f", "")  # an emoji keyboard's ✔️ is ✔ and U+FE0F
    folded = _DECIMAL.sub(r"\1", folded) if _DECIMAL.fullmatch(folded) else folded
    if not folded or folded in _UNTICKED:
        return False
    if folded in _MARKS:
        return True
    raise DataError(f"{name}: row {row}: {column} {quoted_cell(value)} is not a mark; write sí, x or 1 on "
                    f"each row you checked and leave the others blank, or rename the column if it holds something else.")
