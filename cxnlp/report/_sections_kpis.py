"""The report's score cards (KPIs): each metric's value, interval and split into its parts (promoters, passives,
detractors), and the answers it left out, with a warning where many were.

Kept apart from ``build`` because the cards have their own helpers: the "don't know" codes among the answers out of
range, and whole percentages of a net score's parts that add up to 100 and to the score shown.
"""

from __future__ import annotations

import math

import pandas as pd

from .._summary_notes import in_lower_half, valid_range
from ..batch import answers_range
from ..metrics import Metric
from ..metrics.base import excluded_many
from .page import Page, largest_remainder, listed, unit


def _kpis(page: Page) -> list[dict]:
    cards = []
    for metric, column in page.measures:
        r = page.result(metric, column)
        split = []
        if metric.split and r.n:
            shares = [100 * r.counts[key] / r.n for key, _ in metric.split]
            # The parts shown side by side add up to 100 %, not 99 or 101; a net score's first and last parts
            # differ by the score shown beside them (NPS +9 beside 42 % and 33 %, not 42 % and 32 %).
            parts = (_net_split(shares, _net_percent(metric, round(r.value, page.digits(metric))))
                     if metric.kind == "net"
                     else largest_remainder(shares))
            for (key, style), share, shown in zip(metric.split, shares, parts):
                split.append({"style": style, "width": f"{share:.1f}", "pct": page.num(shown, 0),
                              "label": page.words.get(key, key)})
        excluded = [page.count(k, getattr(r, k)) for k in ("blank", "out_of_range", "non_numeric")
                    if getattr(r, k)]
        # Many answers out of the scale or not numeric (a 1-10 CSAT read on 1-5): the headline rests on the rest
        # only, so the card says so in the colour of a warning, not in the small print alone.
        answered, unread = r.n + r.out_of_range + r.non_numeric, r.out_of_range + r.non_numeric
        codes, coded = _unknown_codes(page, metric, column, r)
        # "Don't know" codes (99 on a 1-7 CES) are rightly left out: said as such, as the command line says them,
        # and the warning to check the scale only for the other answers left out ("widen the scale" to 1-99 was
        # the mistake it led to: a CES of 32.7).
        codes_note = (page.tr("excluded_codes", pct=page.num(100 * coded / answered, 0), codes=codes)
                      if codes and excluded_many(r.n, r.out_of_range, r.non_numeric) else None)
        many = (page.tr("excluded_many", pct=page.num(100 * (unread - coded) / answered, 0))
                if excluded_many(r.n + coded, r.out_of_range - coded, r.non_numeric)
                else page.tr("all_blank") if r.blank and not answered else None)  # a column not asked, or the wrong one
        cards.append({"name": metric.name, "label": metric.label, "lower_half": _lower_half(page, metric, column, r),
                      "value": page.value(metric, r.value),
                      # No valid answer: "–" alone, no "– %" and no "– a –" interval (``unit``)
                      "unit": unit(page, metric, r.value), "desc": page.describe(metric),
                      "ci": (page.tr("ci_range", lo=page.value(metric, r.low), hi=page.value(metric, r.high))
                             if pd.notna(r.low) and pd.notna(r.high) else None),
                      "n": page.num(r.n, 0),
                      "split": split, "excluded": excluded, "excluded_codes": codes_note, "excluded_many": many})
    return cards


def _lower_half(page: Page, metric: Metric, column: str, r) -> str | None:
    """The command line's warning of valid answers all in the lower half of a long scale (``in_lower_half``: a 1-5
    question named as the NPS, an NPS of -100 that left nothing out), in the card's warning colour; None otherwise."""
    scale = tuple(metric.scale)
    seen = valid_range(page.frame[column], scale, integer=metric.settings().get("method") == "nps") if r.n else None
    if not in_lower_half(r.n, seen, scale):
        return None
    key = "lower_half_nps" if metric.name == "nps" else "lower_half"
    # The lowest answer with its decimals (1.5 is no "2"), as the command line's warning writes it.
    return page.tr(key, n=page.num(r.n, 0), column=column, lo=page.exact(seen[0], 2), metric=metric.label,
                   scale=f"{page.exact(scale[0], 2)}–{page.exact(scale[1], 2)}")


def _unknown_codes(page: Page, metric: Metric, column: str, r) -> tuple[str, int]:
    """The "don't know / no answer" codes among a metric's answers out of range, as ``batch.answers_range`` (what
    the command line's warning reads) finds them: their values as the report writes numbers ("98, 99"), and how
    many answers they are; ("", 0) without any."""
    seen = answers_range(page.frame[column], tuple(metric.scale)) if r.out_of_range else None
    codes = (seen or {}).get("codes") or {}
    return listed(page.num(code, 0) for code in sorted(codes)), int(sum(codes.values()))


def _net_percent(metric: Metric, value: float) -> int:
    """A net score as shown, in points of -100..100, as its parts' percentages differ: the NPS's own, a score of
    -1..1 times 100 (its +0.20 read as 0, and 50/20/30 % was shown as 40/20/40)."""
    low, high = metric.bounds
    return round(200 * (value - (low + high) / 2) / (high - low)) if high > low else 0


def _net_split(shares: list[float], net: float) -> list[float]:
    """Whole percentages of (promoters, passives, detractors) that add up to 100 and whose first minus last is
    ``net``, the score as shown (a whole number): the pair nearest the true shares, the middle part the rest.
    Without a middle part (no passives) it shows 0, and the other two are rounded to add up to 100: a score of odd
    parity then differs by one from their difference, rather than showing passives that are not there."""
    high, middle, low = shares
    if middle == 0:
        return [round(high), 0, 100 - round(high)]
    net = int(net)
    centre = (low + high - net) / 2
    candidates = {min(max(v, max(0, -net)), (100 - net) // 2) for v in (math.floor(centre), math.ceil(centre))}
    # of the two nearest the pair's shares, the one nearest all three (25 % passives stay 25 % on a tie)
    low_shown = min(sorted(candidates), key=lambda v: abs(v + net - high) + abs(100 - 2 * v - net - middle) + abs(v - low))
    return [low_shown + net, 100 - 2 * low_shown - net, low_shown]
