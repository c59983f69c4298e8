"""Kept so that ``from cxnlp.summary import summarize`` still works; the code is in ``cxnlp.metrics``."""

from __future__ import annotations

from .metrics.periods import PERIODS
from .metrics.summary import summarize
from .metrics.themes import LABELLED_STATUSES

__all__ = ["LABELLED_STATUSES", "PERIODS", "summarize"]
