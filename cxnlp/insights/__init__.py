"""Insights from classified feedback: what drives the scores, what changed, what is new.

Each module is one question asked of a frame that ``cxnlp classify`` wrote (``cx_`` columns).

=============  ==============================================================================
``drivers``    key drivers: each theme's effect on a score with the other themes held fixed,
               its share of the explained variance, bootstrap intervals (docs/insights.md)
``changes``    what changed between two periods, per theme: share, net sentiment, metrics,
               each tested, with a Benjamini-Hochberg correction across the table
``discover``   emerging themes: groups of comments that share a subject the taxonomy does
               not name yet, exported as training data for a new touchpoint
=============  ==============================================================================

The methods are in docs/insights.md (``cxnlp docs insights`` prints it).
"""

from __future__ import annotations

from .changes import benjamini_hochberg, changes, latest_periods
from .discover import Discovery, discover
from .drivers import drivers

# (the function ``changes`` hides its module: ``cxnlp.insights.changes.latest_periods`` was an AttributeError)
__all__ = ["Discovery", "benjamini_hochberg", "changes", "discover", "drivers", "latest_periods"]
