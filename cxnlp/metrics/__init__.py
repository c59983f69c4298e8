"""Survey metrics (NPS, CSAT, CES and any registered one) and ``summarize``, the metrics by theme.

=================  ===========================================================================
``base``           ``Metric`` (how a metric reads a column and what each respondent adds),
                   ``MetricResult``, ``parse_scores``, the registry (``register``, ``get``)
``net_promoter``   ``NPS`` and ``nps()``
``satisfaction``   ``CSAT`` and ``csat()``
``effort``         ``CES`` and ``ces()``
``engine``         partial sums ``n``, ``sum y``, ``sum y**2`` per group, their merge, impact
``themes``         theme columns, (row, theme) pairs, the rows of a theme
``periods``        dates of a column and the periods of a trend
``signals``        effort, emotions, churn risk and escalation by theme; effort against CES
``summary``        ``summarize``
=================  ===========================================================================

The formulas are in docs/metrics.md (``cxnlp docs metrics`` prints it).
"""

from __future__ import annotations

from .base import Metric, MetricResult, get, parse_scores, register, registered
from .effort import CES, CES_METHODS, ces
from .net_promoter import NPS, nps
from .satisfaction import CSAT, CSAT_METHODS, csat
from .summary import metric_columns, summarize

__all__ = ["CES", "CES_METHODS", "CSAT", "CSAT_METHODS", "NPS", "Metric", "MetricResult", "ces", "csat", "get",
           "metric_columns", "nps", "parse_scores", "register", "registered", "summarize"]
