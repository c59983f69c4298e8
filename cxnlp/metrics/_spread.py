"""The spread of a metric's answers from its sums, ``sum(y**2) - n * mean**2``, with the rounding error of equal
answers read as none: shared by the interval (``base``), the impact (``engine``) and the changes between periods
(``insights.changes``), which all work from the three sums.
"""

from __future__ import annotations

import numpy as np

#: Equal answers leave rounding error in ``sum(y**2) - n * mean**2`` of at most 4 of a float's eps times
#: ``sum(y**2)`` on a few answers, and half of eps times n on many ('1.1' x 68 or a million times): eight times that,
#: with room for sums of partitions added up, is no spread. A fixed 1e-9 of ``sum(y**2)`` took two answers 99,999
#: and 100,000 of a 1-100,000 scale (a spread 2.5e-11 of it) for equal ones: se 0 and the interval [99,999.5; 99,999.5].
_ROUNDING = 8 * np.finfo(float).eps


def spread_of(n, total, squares):
    """``squares - n * mean**2`` from the sums (arrays or scalars; NaN where ``n`` is 0), 0 where it is rounding
    error alone."""
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = squares - n * (total / n) ** 2
    return np.where(spread <= _ROUNDING * (n + 4) * np.abs(squares), 0.0, spread)
