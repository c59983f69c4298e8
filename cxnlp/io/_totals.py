"""A spreadsheet's totals row below its table ("Total;;4,5;3,2;1234,50"), left out of the rows read.

Analysts add one to an export before they share it (Excel's "Total row", a SUM or AVERAGE under each column),
and Spanish exports write it in words (``Total``, ``Promedio``). Read as a response, its averages counted as
scores: a CSAT of 3,2 among the answers, one more response in the report's count.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..exceptions import HeaderRowWarning, quoted_cell, warn_outside

#: The label of a totals row, folded to lower case without accents or a trailing colon.
TOTALS_LABELS = frozenset({"total", "totales", "total general", "suma", "promedio", "media", "average", "sum",
                           "grand total", "totals"})
# A number as a spreadsheet shows one: a sign, digits with thousands and decimal separators, a % or currency sign.
_RE_SHOWN_NUMBER = re.compile(r"[-+]?[$€£]?\s?[0-9][0-9.,\s]{0,30}+\s?[%€$£]?")


def without_totals_row(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """``frame`` (the table's last rows) without its last row when that is a totals row (``is_totals_row``), said
    in a ``HeaderRowWarning``. A one-column table's last answer may be the word "Total": it is kept. A blank row
    above it stays a blank answer, as it was: the rows above the last chunk's are already given, whatever the
    size of the chunks."""
    if frame.shape[1] < 2 or frame.empty or not is_totals_row(frame.iloc[-1].tolist()):
        return frame
    shown = ", ".join(quoted_cell(value) for value in frame.iloc[-1].tolist() if not _blank(value))  # (redacted)
    warn_outside(f"{path}: the last row ({shown[:80]}) is a totals row below the table, not a response: skipped "
                 f"(its numbers would count as answers).", HeaderRowWarning)
    return frame.iloc[:-1]


def is_totals_row(values: list) -> bool:
    """Whether a row's first filled cell says ``Total`` (``TOTALS_LABELS``) and every other filled cell, one at
    least, is a number."""
    filled = [value for value in values if not _blank(value)]
    if len(filled) < 2 or not isinstance(filled[0], str):
        return False
    label = filled[0].strip().rstrip(":").strip().lower()
    return label in TOTALS_LABELS and all(shown_number(value) for value in filled[1:])


def shown_number(value) -> bool:
    """Whether a cell holds a number, or text that shows one ("4,5", "12 %")."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and _RE_SHOWN_NUMBER.fullmatch(value.strip()) is not None


def _blank(value) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
