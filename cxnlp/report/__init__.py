"""The HTML report: one self-contained file (inline CSS and SVG charts, no network) that a CX
lead can forward. Spanish by default, English with ``lang="en"``.

Sections: headline metrics with 95% intervals; what moves the main metric (impact per theme,
every metric by theme); key drivers (priority matrix: each theme's effect with the others held
fixed); what changed between the last two periods; sentiment by touchpoint; CX/UX/UI/customer-
service areas; signals (effort beside CES, emotions, churn risk and escalation by theme, and the
comments to read today); trend by period; three representative comments per top theme; a note
on method and on themes under the minimum n.

=====================  ======================================================================
``build``              ``build_report``/``make_report``/``write_report``: summaries -> each section -> HTML
``sections_insights``  the key drivers and "what changed" sections (``cxnlp.insights``)
``sections_signals``   the "Señales" section and "Para leer hoy" (``cxnlp.metrics.signals``)
``sections_trend``     the trend by period: its chart (blank and cut periods), numbers and heat table
``page``               what sections share: words, numbers, dates, display names of labels
``templates``          jinja2 templates (``report.html.j2`` and one per section), ``report.css``
``charts``             matplotlib charts as inline SVG
``strings``            the report's words per language
``verbatims``          representative comments for a theme
=====================  ======================================================================

Everything that comes from the data (column names, labels, theme values, comments, the title) is
escaped by the templates (``autoescape``); charts draw it as paths, never as TeX.
"""

from __future__ import annotations

from .build import HTML_SUFFIXES, LANGS, RENDER_CHECK, build_report, check_html_path, checked_options, write_report
from .page import read_label_names

__all__ = ["HTML_SUFFIXES", "LANGS", "RENDER_CHECK", "build_report", "check_html_path", "checked_options",
           "read_label_names", "write_report"]
