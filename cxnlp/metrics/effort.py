"""Customer effort: the mean agreement with "me lo hizo fácil", or the % who agree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .base import Metric, MetricResult, register


@register
@dataclass(frozen=True, kw_only=True)
class CES(Metric):
    """``method="mean"``: the mean answer on ``scale`` (higher is easier); ``method="agree"``: % of
    answers at or above ``cutoff`` (the points above the midpoint by default: 5-7 of 1-7)."""

    name = "ces"
    label = "CES"
    methods = {"mean": "mean", "agree": "share"}

    scale: tuple[int, int] = (1, 7)
    method: str = "mean"

    def default_cutoff(self, scale: tuple[int, int]) -> float:
        return (scale[0] + scale[1]) // 2 + 1  # above the midpoint: 5-7 of 1-7, 4-5 of 1-5


CES_METHODS = tuple(CES.methods)


def ces(scores: Iterable, scale: tuple[int, int] = (1, 7), method: str = "mean",
        cutoff: float | None = None) -> MetricResult:
    """Customer effort: by default the mean answer on the 1-7 agreement scale ("me lo hizo fácil").

    Parameters
    ----------
    scores : iterable of numbers or strings
    scale : (low, high) of the question.
    method : "mean", or "agree" for the % of answers at or above ``cutoff`` (5-7 agree on 1-7).
    cutoff : lowest "agree" answer; None means the points above the midpoint (5 on 1-7, 4 on 1-5).

    Returns
    -------
    MetricResult

    Examples
    --------
    >>> ces([7, 6, 5, 4], method="agree").value
    75.0
    """
    return CES(scale=scale, method=method, cutoff=cutoff).result(scores)
