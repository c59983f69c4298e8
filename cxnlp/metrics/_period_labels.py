"""Period labels ('2024-07', '2024-Q3', '2024-W27') and the integer keys they stand for: the labels of
``periods.period_index``, every label between two (``period_range``) and how many lie between (``periods_between``).
Kept apart from ``periods``, which reads the dates these periods group, since this arithmetic needs no date column.
"""

from __future__ import annotations

import datetime as _dt

def period_range(first: str, last: str, period: str) -> list[str]:
    """Every period label from ``first`` to ``last`` (labels of ``period_index``), those without rows included:
    ``period_range("2024-07", "2024-10", "month")`` is ``["2024-07", "2024-08", "2024-09", "2024-10"]``."""
    start, end = _period_key(first, period), _period_key(last, period)
    step = 7 if period == "week" else 1
    return [_period_label(key, period) for key in range(start, end + 1, step)]


def periods_between(first: str, last: str, period: str) -> int:
    """How many periods lie strictly between two period labels: ``periods_between("2024-08", "2024-12", "month")``
    is 3 (September to November), without listing them."""
    step = 7 if period == "week" else 1
    return max((_period_key(last, period) - _period_key(first, period)) // step - 1, 0)


def _period_key(label: str, period: str) -> int:
    """The key of a period label (``_period_label``'s inverse)."""
    year, part = label.split("-", 1)
    if period == "week":
        return (_dt.date.fromisocalendar(int(year), int(part[1:]), 1) - _dt.date(1970, 1, 1)).days
    if period == "quarter":
        return (int(year) - 1970) * 4 + int(part[1:]) - 1
    return (int(year) - 1970) * 12 + int(part) - 1


def _period_label(key: int, period: str) -> str:
    if period == "month":
        return f"{1970 + key // 12}-{key % 12 + 1:02d}"
    if period == "quarter":
        return f"{1970 + key // 4}-Q{key % 4 + 1}"
    year, week, _ = (_dt.date(1970, 1, 1) + _dt.timedelta(days=key)).isocalendar()
    return f"{year}-W{week:02d}"
