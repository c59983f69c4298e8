"""Shares rounded so that they add up (``largest_remainder``): the report shows shares side by side, and
99 or 101 in a row of percentages reads as an error. Re-exported by ``page``."""

from __future__ import annotations

import numpy as np


def largest_remainder(values, digits: int = 0) -> np.ndarray:
    """``values`` rounded to ``digits`` so that they add up to their rounded total (Hare's largest
    remainder method): shares shown side by side then sum to 100, not 99 or 101. NaN counts as 0."""
    scale = 10.0 ** digits
    x = np.nan_to_num(np.asarray(values, dtype=float)) * scale
    floor = np.floor(x)
    missing = round(x.sum()) - int(floor.sum())
    if missing > 0:
        floor[np.argsort(-(x - floor), kind="stable")[:missing]] += 1
    return floor / scale
