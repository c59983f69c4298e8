"""The years, months and quarters a ``where`` filter names as values ("Fecha > '2024-03'", "Fecha <= '2024'"): which
period a value names, and the day it stands for in a comparison of days.

A period reads as its first day to the date reader; a user who writes "after March" or "up to March" means its last.
This lives apart from ``_query_columns`` (how a filter reads the columns it names), which asks it for those days.
"""

from __future__ import annotations

import ast
import keyword
import re

import pandas as pd


def _period_months(text: str) -> int:
    """The months of the period ``text`` names: 1 for a month ("2024-11", "11/2024", "nov 2024", "noviembre de
    2024"), 3 for a quarter ("2024-T3", ``quarter_rows``), 12 for a year ("2024"), 0 for a day: the date reader reads
    a period as its first day, so "Fecha == '2024-11'" selected 1 November alone on a column of days."""
    from ..metrics.periods import quarter_rows

    numbers = re.findall(r"[0-9]+", text)
    if re.search(r"[^\W\d_]", text):
        month = len(numbers) == 1 and len(numbers[0]) == 4
    else:
        month = len(numbers) == 2 and 4 in map(len, numbers) and bool(re.fullmatch(r"\s*[0-9]+[-/.][0-9]+\s*", text))
    quarter = not month and bool(quarter_rows(pd.Series([text], dtype=object)).any())
    return 1 if month else 3 if quarter else 12 if _YEAR.fullmatch(text) else 0


def _period_starts(days: pd.Series, text: str) -> bool:
    """Whether every one of ``days`` is the first day of a period such as ``text`` names (of a month; of a year): a
    column of months ("Mes == '2024-11'") equals a month."""
    days = days.dropna()
    return bool(((days.dt.day == 1) & ((days.dt.month == 1) | (_period_months(text) != 12))).all())


#: A year written alone ("2024"): ordered against a column of dates, the year (its first day, or its last, as a month).
_YEAR = re.compile(r"\s*(?:1[89]|2[0-9])[0-9]{2}\s*")


def _period_days(column: str, text: str, first: pd.Timestamp) -> str:
    """The filter that selects the days of the year, month or quarter ``text`` (whose ``first`` day it is) in
    ``column``, for the message that refuses equalling it: "ts == '2024-12'" was told to select Fecha's days of
    November."""
    end = first + pd.DateOffset(months=_period_months(text))
    name = column if column.isidentifier() and not keyword.iskeyword(column) else f"`{column}`"
    return f"{name} >= '{first:%Y-%m-%d}' and {name} < '{end:%Y-%m-%d}'"


def _mark_ends(node: ast.Compare) -> None:
    """Mark each operand of ``node`` that the column is compared with as "after it" or "up to it" ("Fecha >
    '2024-03'", "Fecha <= '2024-03'", "'2024-03' < Fecha"): a month or quarter so compared is its last day
    (``_period_day``). As its first day, "Fecha > '2024-03'" kept 15 March and "Fecha <= '2024-03'" left it out."""
    operands = [node.left, *node.comparators]
    for k, op in enumerate(node.ops):
        if isinstance(op, (ast.Gt, ast.LtE)):
            operands[k + 1]._cx_end = True  # type: ignore[attr-defined]
        elif isinstance(op, (ast.Lt, ast.GtE)):
            operands[k]._cx_end = True  # type: ignore[attr-defined]


def _period_day(node: ast.Constant, first) -> pd.Timestamp:
    """The day ``node``'s value (whose ``first`` day it is) stands for: its last day where it names a month or a
    quarter (or a year) that the column is compared with as "after it" or "up to it" (``_mark_ends``), else
    ``first``."""
    first, months = pd.Timestamp(first), _period_months(node.value)
    if not (getattr(node, "_cx_end", False) and months):
        return first
    return first + pd.DateOffset(months=months) - pd.Timedelta(days=1)
