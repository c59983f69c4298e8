"""The checks of a metric's number settings: its scale (``_check_scale``: two finite whole numbers, low < high), and
whether a cutoff is a number (``is_number``) a float can hold (``_finite``), a message shortening a huge one
(``_brief``). Kept apart from ``base``, whose ``Metric`` calls them on creation; ``is_number`` is also used by
summaries and insights to check theirs.
"""

from __future__ import annotations

import decimal
import math
import numbers

import numpy as np

from ..exceptions import ConfigError, shown_value

def _check_scale(scale, what: str) -> tuple[int, int]:
    try:
        lo, hi = scale
    except (TypeError, ValueError):
        raise ConfigError(f"{what} scale must be a pair of integers (low, high), got {shown_value(scale)}.") from None
    if not (is_number(lo, whole=True) and is_number(hi, whole=True)):  # int() made (1, 5.5) the scale (1, 5)
        raise ConfigError(f"{what} scale {scale!r} must be two whole numbers (low, high), such as (1, 5).")
    if not (_finite(lo) and _finite(hi)):  # 10**400 passed as a whole number, and failed comparing with the scores
        raise ConfigError(f"{what} scale ({_brief(lo)}, {_brief(hi)}) must be two finite whole numbers a float can hold "
                          f"(at most {_FLOAT_MAX:.3g} in size), such as (1, 5).")
    if lo >= hi:
        raise ConfigError(f"{what} scale must have low < high, got {scale!r}.")
    return int(lo), int(hi)


_FLOAT_MAX = float(np.finfo(float).max)


def _finite(value) -> bool:
    """Whether a number setting is finite as a float: not NaN, not infinite, not too large for one (10**400)."""
    try:
        return math.isfinite(float(value))
    except (OverflowError, ValueError):  # an int beyond a float; Decimal("sNaN")
        return False


def _brief(value) -> str:
    """``repr(value)``, with a number of more than 20 digits (10**400) shortened so that its message fits a line."""
    text = repr(value)
    return text if len(text) <= 24 else f"{text[:8]}...{text[-4:]} ({len(text)} characters)"


def is_number(value, *, whole: bool = False) -> bool:
    """Whether a setting is a real number (a whole one with ``whole``); booleans and text are not."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, decimal.Decimal)):  # (DuckDB's DECIMAL)
        return False
    return not whole or isinstance(value, numbers.Integral) or float(value).is_integer()
