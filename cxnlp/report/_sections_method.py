"""The report's method note: what its metrics are, how their intervals and impacts are drawn, and the notes of
the sections shown (key drivers, what changed, signals), the themes under the minimum n, the comments to review
and the partial responses (``_partial_responses``).
Kept apart from ``build`` because it reads what the other sections found; ``method_note`` returns its paragraphs.
"""

from __future__ import annotations

import math

from markupsafe import Markup

from .._partial_responses import partial_responses
from ..columns import flag_values
from ..metrics import Metric
from ..metrics.themes import LABELLED_STATUSES, resolve_by
from ._metric_kinds import method_kind
from .page import Page, by_source, isolated, listed


def method_note(page: Page, drivers, sections: dict, by_given) -> list[Markup]:
    """The method note's paragraphs; ``by_given``: ``by`` as given (``drivers.attrs["by"]`` names it)."""
    small, by = drivers[drivers["below_min_n"]], drivers.attrs["by"]
    themed = bool(resolve_by(page.frame, by_given))  # by=None: one row of every response, no theme's impact or n
    # the metrics, their intervals and impact only where a score column was given, each said of the metrics given
    items = _method_metrics(page) if page.measures else []
    if page.measures and themed:
        items.append(page.html["method_impact"])
    if sections.get("key_drivers") and "method" in sections["key_drivers"]:  # (none where drivers could not be fit)
        items.append(sections["key_drivers"]["method"])
    if sections.get("changes") and sections["changes"]["compared"] and sections["changes"]["tested"]:
        items.append(sections["changes"]["method"])
    if sections.get("signals"):  # the correlation's method only where the section has one to show, not beside
        # "the correlation cannot be computed: only 1 comment has both"
        ces = sections["signals"]["ces"]
        method = sections["signals"]["method"]
        items.append(method if not sections["signals"]["correlated"] else Markup(" ").join(
            [method, page.tr("method_signals_corr", metric=ces.label)]))
    items.append(_themes_note(page, by_given))
    if themed:
        items.append(page.count("method_min_n", page.min_n))
    if not small.empty:
        names = Markup(", ").join(Markup("{} (n = {})").format(isolated(page.name(r, by)), page.num(r["n"], 0))
                                  for _, r in small.iterrows())
        items.append(page.count("method_small", page.min_n, themes=names))
    frame = page.frame
    if "cx_needs_review" in frame and "cx_status" in frame:
        labelled = frame["cx_status"].isin(LABELLED_STATUSES)
        share = 100 * flag_values(frame.loc[labelled, "cx_needs_review"]).mean() if labelled.any() else 0.0
        if share > 0:  # "El 0 % ... conviene revisarlo" asked to review nothing; under 1 %, the decimals that say
            # how few: 1 comment of 4000 is "0,03 %", not "0,0 %"
            digits = 0 if share >= 1 else max(1, -math.floor(math.log10(share)))
            items.append(page.tr("method_review", pct=page.num(share, digits)))
    if found := partial_responses(frame):  # the line summarize and changes print, which the page left out
        items.append(page.count("method_partial", found["rows"], total=page.num(found["of"], 0),
                                column=page.columns([found["column"]]), mark=found["mark"]))
    return items


def _themes_note(page: Page, by) -> Markup:
    """Where the themes of ``by`` come from: the classification of the comments, the values of columns of yours, or
    both; without themes (by=None), that the table is every response. A report by 'País' said that its themes came
    from the automatic classification of each comment, and one by=None, of themes it did not have (and explained a
    theme's impact and its minimum n)."""
    if not resolve_by(page.frame, by):
        return page.html["method_themes_none"]
    return by_source(page, by, "method_themes", "method_themes_columns", "method_themes_both")


def _method_metrics(page: Page) -> list[Markup]:
    """What the report's metrics are and how their intervals are drawn, of those metrics only: a CES-only report
    does not explain the NPS."""
    metrics = list({metric.label: metric for metric, _ in page.measures}.values())  # one column given twice: once
    # The NPS wording (promoters 9-10, detractors 0-6) is the NPS's only: another net metric (a 1-5 "net
    # satisfaction") is said by its own points, read from its score(), and its interval without promoters.
    kinds = {kind: listed(m.label for m in metrics if method_kind(m) == kind)
             for kind in ("net", "net_own", "share", "mean")}
    what = [_method_metric(page, m) for m in metrics]
    parts = Markup("; ").join(page.tr(f"method_ci_{kind}", metrics=labels) for kind, labels in kinds.items() if labels)
    return [Markup(" ").join([*what, page.html["method_metrics"]]), page.tr("method_ci", parts=parts)]


def _method_metric(page: Page, metric: Metric) -> Markup:
    """What the method note says the metric is: the NPS's definition, another net metric's points (+100 for 5, 0
    for 3–4, −100 for 1–2), else the scale shown on its card."""
    kind = method_kind(metric)
    points = page.net_points(metric) if kind == "net_own" else None
    if points is None:
        return page.tr("method_metrics_net" if kind == "net" else "method_metrics_scale", metric=metric.label)
    return page.tr("method_metrics_net_own", metric=metric.label, points=points, lo=metric.scale[0],
                   hi=metric.scale[1])
