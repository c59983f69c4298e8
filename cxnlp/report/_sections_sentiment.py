"""The report's sentiment and areas sections: each theme's comments by sentiment, as a stacked chart (schema
sentiments, and labels of your own up to the chart's colours) and a table of its numbers, and the areas' cards.
Kept apart from ``build`` because the two sections share their own helpers for the parts of a stacked chart;
``sentiment`` and ``areas`` return what their templates show, or None to leave the section out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from markupsafe import Markup

from ..metrics import Metric
from . import charts
from .page import Page, chart_data, largest_remainder, listed, unit


def sentiment(page: Page, s) -> dict | None:
    by, own = s.attrs["by"], s.attrs.get("own_sentiments", {})
    every = [page.name(r, by) for _, r in s.iterrows()]  # all the themes: one number each on every chart
    # A theme none of whose comments has a sentiment (a table without cx_sentiment) has no split: drawn as 0 % of each.
    s = s[(s["n"] > 0) & s["net_sentiment"].notna()].sort_values(["net_sentiment", "n"], ascending=[False, False])
    if s.empty:
        return None  # no labelled comment with a sentiment: nothing to split by sentiment
    names = [page.name(r, by) for _, r in s.iterrows()]
    keys = _sentiment_keys(s, own)
    labels = {k: page.label(k) for k in keys}
    shares = s[list(keys.values())].to_numpy(dtype=float)
    # Each bar's labels add up to 100 (largest remainders), as its parts do: the table's parts, and the chart's.
    shown = np.array([largest_remainder(row) for row in shares]).reshape(shares.shape)
    drawn, drawn_labels, note = _charted(page, {k: shares[:, j] for j, k in enumerate(keys)}, labels, s["n"])
    stacked = np.column_stack(list(drawn.values()))
    drawn_shown = np.array([largest_remainder(row) for row in stacked]).reshape(stacked.shape)
    svg = charts.sentiment_chart(names, drawn, s["n"].tolist(), labels=drawn_labels, n_label="n =", fmt=page.num,
                                 alt=page.words["sentiment_title"],
                                 shown={k: drawn_shown[:, j] for j, k in enumerate(drawn)}, table="sentiment-data",
                                 among=every)
    rows = [[name, *(page.num(v, 0) + page.words["pct"] for v in parts), page.num(n, 0)]
            for name, parts, n in zip(names, shown, s["n"])]
    head = [page.words["theme"], *labels.values(), "n"]
    return {"svg": Markup(svg), "data": chart_data("sentiment-data", page.words["sentiment_title"], head, rows),
            "note": note}


def _sentiment_keys(s: pd.DataFrame, own: dict[str, str]) -> dict[str, str]:
    """{sentiment: its column} of a table by sentiment: the schema's in the charts' order, then labels of your own
    ("sarcastic") that some theme shown has, from the columns summarize gave them (``attrs["own_sentiments"]``: a
    label named like one of its columns, 'net_sentiment', has its own, 'sentiment_net_sentiment')."""
    keys = {k: k for k in charts.SENTIMENT_ORDER if k in s}
    return keys | {label: column for label, column in own.items() if s[column].fillna(0).gt(0).any()}


def _charted(page: Page, values: dict, labels: dict, n) -> tuple[dict, dict, Markup | None]:
    """The parts a stacked chart by sentiment draws, their names, and a note: every sentiment of the schema and up to
    ``len(charts.OWN_COLORS)`` labels of your own, the most frequent (``values`` times ``n``), each in its colour; any
    others as one part (``charts.OTHER``), named in the note, so that no two parts of a bar share a colour. The
    table shows each label."""
    own = [k for k in values if k not in charts.SENTIMENT_ORDER]
    if len(own) <= len(charts.OWN_COLORS):
        return values, labels, None
    weight = {k: float(np.nansum(np.asarray(values[k], dtype=float) * np.asarray(n, dtype=float))) for k in own}
    kept = set(sorted(own, key=lambda k: -weight[k])[:len(charts.OWN_COLORS)])  # stable: ties keep summarize's order
    rest = [k for k in own if k not in kept]
    drawn = {k: v for k, v in values.items() if k not in rest}
    drawn[charts.OTHER] = np.nansum([np.asarray(values[k], dtype=float) for k in rest], axis=0)
    other = page.tr("own_other", n=page.num(len(rest), 0))
    note = page.count("own_grouped", len(rest), other=other, limit=page.num(len(charts.OWN_COLORS), 0),
                      names=listed(labels[k] for k in rest))
    return drawn, {**{k: labels[k] for k in drawn if k != charts.OTHER}, charts.OTHER: other}, note


def areas(page: Page, s, main: Metric | None) -> dict | None:
    by, own = s.attrs["by"], s.attrs.get("own_sentiments", {})
    s = s[s["n"] > 0].sort_values("n", ascending=False)
    if s.empty:
        return None
    names = [page.name(r, by) for _, r in s.iterrows()]
    # Without a sentiment (no cx_sentiment column) the chart of comments by sentiment drew 0 comments for each area
    # beside a chip of n = 300: the chips alone then.
    has_sentiment = s["net_sentiment"].notna().any()
    chart = _areas_chart(page, s, names, own) if has_sentiment else {"svg": None, "data": None, "note": None}
    # Under min_n in words ("menos de 20 comentarios"), beside the chip's n: a dashed border and italics told no one.
    small = page.count("small", page.min_n)

    def metric(r):
        return f"{main.label} {page.value(main, r[main.name])}{unit(page, main, r[main.name])}" if main else None

    chips = [{"small": small if r["below_min_n"] else None, "name": name, "share": page.num(r["share"], 0),
              "n": page.num(r["n"], 0), "metric": metric(r),
              "net": page.num(r["net_sentiment"], 0, True) if has_sentiment else None}  # no "–" on each card
             for (_, r), name in zip(s.iterrows(), names)]
    return {**chart, "chips": chips}


def _areas_chart(page: Page, s, names: list[str], own: dict[str, str]) -> dict:
    """The areas' comments by sentiment: the chart, its numbers as a table, and a note on labels grouped."""
    keys = _sentiment_keys(s, own)
    counts = {k: (s[column].fillna(0) * s["n"] / 100).to_numpy() for k, column in keys.items()}
    labels = {k: page.label(k) for k in keys}
    drawn, drawn_labels, note = _charted(page, counts, labels, np.ones(len(s)))
    svg = charts.volume_chart(names, drawn, labels=drawn_labels, xlabel=page.words["comments_axis"], fmt=page.num,
                              alt=page.words["areas_title"], table="areas-data")
    rows = [[name, *(page.num(counts[k][i], 0) for k in counts), page.num(sum(c[i] for c in counts.values()), 0)]
            for i, name in enumerate(names)]
    head = [page.words["theme"], *(labels[k] for k in counts), page.words["comments_axis"]]
    data = chart_data("areas-data", page.words["areas_title"], head, rows)
    return {"svg": Markup(svg), "data": data, "note": note}
