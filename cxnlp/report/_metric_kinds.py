"""How the method notes word a metric: the NPS, another net metric, a share or a mean (``method_kind``). Kept
apart from ``page``, which re-exports it, to keep that module under the size limit."""

from __future__ import annotations

import numpy as np

from ..metrics import NPS, Metric


def method_kind(metric: Metric) -> str:
    """A metric's kind as the method notes word it: "net" for the NPS alone (promoters 9-10, detractors 0-6 of 0-10
    answers), "net_own" for any other net metric (a 1-5 "net satisfaction"), which the NPS's words do not describe.
    The NPS is told by what it does, not by its class: an ``NPS(scale=(1, 10))``, or a subclass whose ``score``
    makes 8-10 promoters, was worded 9-10 / 0-6 on 0-10 beside a card with its own counts."""
    if metric.kind != "net":
        return metric.kind
    return "net" if _scores_as_nps(metric) else "net_own"


def _scores_as_nps(metric: Metric) -> bool:
    """Whether ``metric`` is on the NPS's scale, 0-10, and its ``score`` gives each point what the NPS's does."""
    if tuple(metric.scale) != tuple(NPS.scale):
        return False
    x = np.arange(NPS.scale[0], NPS.scale[1] + 1, dtype=float)
    try:
        y = np.asarray(metric.score(x), dtype=float).reshape(-1)
    except Exception:  # a score of one's own, written for other input: not the NPS's
        return False
    return y.shape == x.shape and bool(np.array_equal(y, NPS().score(x)))
