"""Customer satisfaction: the % of satisfied answers (top-2-box) or the mean answer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .base import Metric, MetricResult, register


@register
@dataclass(frozen=True, kw_only=True)
class CSAT(Metric):
    """``method="top2"``: % of answers at or above ``cutoff`` (the top two points by default);
    ``method="mean"``: the mean answer on ``scale``."""

    name = "csat"
    label = "CSAT"
    methods = {"top2": "share", "mean": "mean"}

    scale: tuple[int, int] = (1, 5)
    method: str = "top2"


CSAT_METHODS = tuple(CSAT.methods)


def csat(scores: Iterable, scale: tuple[int, int] = (1, 5), cutoff: float | None = None,
         method: str = "top2") -> MetricResult:
    """Customer satisfaction: by default the % of answers at or above 4 on a 1-5 scale (top-2-box).

    Parameters
    ----------
    scores : iterable of numbers or strings
    scale : (low, high) of the question; answers outside it are excluded and counted.
    cutoff : lowest satisfied answer for ``method="top2"``; None means the top two points (4 on 1-5).
    method : "top2" (% at or above ``cutoff``, 0-100) or "mean" (mean answer on the scale).

    Returns
    -------
    MetricResult

    Examples
    --------
    >>> csat([5, 4, 4, 3, 1]).value
    60.0
    """
    return CSAT(scale=scale, cutoff=cutoff, method=method).result(scores)
