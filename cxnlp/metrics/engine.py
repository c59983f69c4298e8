"""The metric engine: partial sums per group, their merge, and what follows from them.

Every metric is a mean of ``y`` (``base.py``), so a group is summed up by ``n``, ``sum y`` and
``sum y**2`` (plus the excluded answers by reason). Sums of disjoint parts add up: a Dask or Spark
back end computes :func:`group_sums` per partition and :func:`merge` adds them, and the value,
interval and impact come from the merged sums alone (:meth:`Metric.estimate`, :func:`impact`).

Impact follows Thematic's definition, ``metric(all) - metric(all without the theme)``. Since
``metric(all)`` is the ``n``-weighted mean of the theme and the rest, impact is
``w * (metric(theme) - metric(rest))`` and is non-zero exactly when the theme differs from the
rest; the flag is therefore a two-sample z-test of theme against rest, with the variance pooled
over all respondents (the null hypothesis is that the theme's respondents answer like
everyone else: the two-proportion z-test generalised to the NPS's -100/0/+100 values, and the
normal approximation of a permutation test). Themes are not corrected for multiple testing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce

import numpy as np

from ._spread import spread_of
from .base import REASONS, Metric

N_REASONS = len(REASONS) + 1  # reason codes 0 (valid) to 3


@dataclass(frozen=True)
class Sums:
    """Per group: ``n`` valid answers, ``total`` (sum of ``y``), ``squares`` (sum of ``y**2``), and
    ``reasons``, the answers per reason code (shape ``(groups, 4)``; column 0 counts the valid ones).

    ``a + b`` merges the sums of two parts with the same groups.
    """

    n: np.ndarray
    total: np.ndarray
    squares: np.ndarray
    reasons: np.ndarray

    def __add__(self, other: Sums) -> Sums:
        return Sums(self.n + other.n, self.total + other.total, self.squares + other.squares,
                    self.reasons + other.reasons)

    def take(self, groups: np.ndarray) -> Sums:
        """The sums of ``groups`` only (an index array), in that order."""
        return Sums(self.n[groups], self.total[groups], self.squares[groups], self.reasons[groups])


def group_sums(group: np.ndarray, y: np.ndarray, reason: np.ndarray, size: int) -> Sums:
    """Sums of ``y`` (NaN where excluded, with its ``reason`` code) per ``group`` id in ``range(size)``."""
    ok = ~np.isnan(y)
    return Sums(n=np.bincount(group, weights=ok, minlength=size),
                total=np.bincount(group, weights=np.where(ok, y, 0.0), minlength=size),
                squares=np.bincount(group, weights=np.where(ok, y * y, 0.0), minlength=size),
                reasons=np.bincount(group * N_REASONS + reason, minlength=size * N_REASONS).reshape(size, N_REASONS))


def merge(parts: Iterable[Sums]) -> Sums:
    """The sums of all ``parts`` (partitions of the rows, each summed over the same groups)."""
    return reduce(Sums.__add__, parts)


def impact(metric: Metric, theme: Sums, overall: Sums) -> tuple[np.ndarray, np.ndarray]:
    """Impact ``metric(all) - metric(rest)`` of each theme and the two-sided p-value of theme vs rest.

    ``overall`` holds, for each theme, the sums over all respondents it is compared within (the
    whole table, or the theme's period); the rest is ``overall - theme``.
    """
    from scipy.special import erfc  # here: importing scipy takes longer than most summaries

    gn, s1 = theme.n, theme.total
    tn, t1, t2 = overall.n, overall.total, overall.squares
    rn = tn - gn
    with np.errstate(divide="ignore", invalid="ignore"):
        all_value = t1 / tn
        rest_value = np.where(rn > 0, (t1 - s1) / rn, np.nan)
        # Equal answers leave only rounding error in sum(y^2) - n*mean^2 ('1.1' x 97), as in Metric.estimate: that
        # is no spread, and no difference between theme and rest (an impact of 1.6e-15 with p 1.0, not 0 and NaN).
        spread = spread_of(tn, t1, t2)
        flat = spread == 0
        # A theme without valid answers has no effect to measure: NaN, not 0.
        effect = np.where(gn > 0, np.where(flat & (rn > 0), 0.0, all_value - rest_value), np.nan)
        pooled = np.where(flat, 0.0, spread) / (tn - metric.ddof)
        se = np.sqrt(pooled * (1.0 / gn + 1.0 / rn))
        z = (s1 / gn - rest_value) / se
        p = np.where((gn > 0) & (rn > 0) & (se > 0), erfc(np.abs(z) / np.sqrt(2.0)), np.nan)
    return effect, p


__all__ = ["Sums", "group_sums", "impact", "merge"]
