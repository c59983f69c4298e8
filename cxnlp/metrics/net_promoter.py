"""Net Promoter Score: promoters (9-10) minus detractors (0-6) on the 0-10 recommendation question."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .base import Metric, MetricResult, register


@register
@dataclass(frozen=True, kw_only=True)
class NPS(Metric):
    """``y`` is +100 for a promoter, 0 for a passive and -100 for a detractor; NPS is its mean."""

    name = "nps"
    label = "NPS"
    methods = {"nps": "net"}
    integer = True
    split = (("promoters", "pos"), ("passives", "neu"), ("detractors", "neg"))

    scale: tuple[int, int] = (0, 10)
    method: str = "nps"

    def score(self, x: np.ndarray) -> np.ndarray:
        return np.where(x >= 9, 100.0, np.where(x >= 7, 0.0, -100.0))

    def net_groups(self, scale: tuple[int, int]) -> str:
        low, high = scale
        return ", ".join([f"promoters {max(9, low)}-{high}" if high >= 9 else "no promoters",
                          f"detractors {low}-{min(6, high)}" if low <= 6 else "no detractors"])

    def counts(self, y: np.ndarray) -> dict[str, int]:
        return {"promoters": int((y > 0).sum()), "passives": int((y == 0).sum()), "detractors": int((y < 0).sum())}


def nps(scores: Iterable) -> MetricResult:
    """Net Promoter Score of 0-10 answers: ``100 * (promoters - detractors) / n``.

    Promoters answer 9-10, passives 7-8, detractors 0-6; passives count in ``n``. ``se`` is the
    plain standard error ``100 * sqrt((p + d - (p - d)**2) / n)``; the 95% interval is the adjusted
    Wald one (Rocks, 2016; docs/metrics.md, section 2.4: ``cxnlp docs metrics``), which adds 3/4 of a
    promoter and 3/4 of a detractor (n + 3) so that it keeps its coverage on few answers and near -100
    or 100 (``value`` -/+ 1.96 ``se`` is 0 wide for three promoters). Blank, out of range (including
    non-whole answers such as 8.5) and non-numeric answers are excluded and counted.

    Parameters
    ----------
    scores : iterable of numbers or strings ("9", "9,0")

    Returns
    -------
    MetricResult
        ``value`` in [-100, 100] and ``counts`` of promoters, passives and detractors.

    Examples
    --------
    >>> r = nps([10, 9, 9, 10, 9, 9, 8, 7, 3, 6])
    >>> round(r.value, 1), round(r.se, 1), [round(v, 1) for v in r.interval]
    (40.0, 25.3, [-12.6, 74.1])
    >>> [round(v, 1) for v in nps([10, 10, 10]).interval]
    [-6.6, 100.0]
    """
    return NPS().result(scores)
