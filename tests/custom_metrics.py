"""Metrics of one's own that the tests of several modules score with (the registry's, the report's, changes')."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cxnlp.metrics import Metric


@dataclass(frozen=True, kw_only=True)
class Vote(Metric):
    """A net score of one's own: +1 for a thumbs up (1), -1 for a thumbs down (0)."""

    name, label = "vote", "Vote"
    methods = {"net": "net"}
    scale: tuple[int, int] = (0, 1)
    method: str = "net"

    def score(self, x):
        return np.where(x >= 1, 1.0, -1.0)
