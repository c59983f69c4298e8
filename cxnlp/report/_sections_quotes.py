"""The report's verbatims section: the themes quoted (the heaviest against and for the first metric, in turn)
and each one's quotes, and why a report has none. Kept apart from ``build`` as the one section that reads the
comments themselves; ``verbatims`` returns what its template shows.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import pandas as pd

from ..columns import detect_text_column, sentiment_labels
from ..exceptions import DataError
from ..metrics import Metric
from ..metrics.themes import labelled_rows
from .page import Page
from .verbatims import QUOTED_SENTIMENTS, pick_verbatims


def text_column(frame: pd.DataFrame, text: str | None) -> str | None:
    """The comment column: ``text`` (which must exist), else the one detected, else None."""
    try:
        return detect_text_column(frame.columns, text)
    except DataError:
        if text is not None:
            raise
        return None


def sentiment_unquotable(frame: pd.DataFrame) -> str | None:
    """Why no classified comment has a sentiment quotes are chosen by (negative, positive or mixed, as
    ``pick_verbatims`` reads them, whatever their case): the key of a cx_sentiment column blank in every one, or of
    one whose values are none of them (all "neutral"); None otherwise, or without a comment. Both were blamed on
    themes too small to quote."""
    sentiments = sentiment_labels(frame.loc[labelled_rows(frame), "cx_sentiment"])
    if sentiments.size == 0 or np.isin(sentiments, QUOTED_SENTIMENTS).any():
        return None
    return "no_verbatims_sentiment_blank" if not (sentiments != "").any() else "no_verbatims_sentiment_none"


def verbatims(page: Page, drivers, main: Metric | None, text, top, redact: bool = True) -> list[dict]:
    text_col = text_column(page.frame, text)
    key = f"{main.name}_impact" if main else "net_sentiment"
    pool = drivers[~drivers["below_min_n"]]
    against = pool[pool[key] < 0].sort_values(key, kind="stable")  # the heaviest first, on each side
    for_ = pool[pool[key] >= 0].sort_values(key, ascending=False, kind="stable")
    # ceil(top/2) themes against, top//2 for; a side with fewer leaves its slots to the other's next ones.
    n_against = min(len(against), max(math.ceil(top / 2), top - len(for_)))
    n_for = min(len(for_), top - n_against)
    # Themes without an impact (one theme that every respondent is in) still have comments to quote: after those
    # with an impact, the largest first, each quoted on the side of its net sentiment.
    unranked = pool[pool[key].isna()].sort_values("n", ascending=False, kind="stable")
    chosen = pd.concat([against.head(n_against), for_.head(n_for), unranked]).head(top)
    # A theme without a quote of its side leaves its slot to the next theme by weight.
    rest = pool.drop(chosen.index)
    rest = rest.iloc[np.argsort(-rest[key].abs().fillna(-1).to_numpy(), kind="stable")]
    by = drivers.attrs["by"]
    score_col = page.measures[0][1] if main else None
    blocks = []
    for _, r in pd.concat([chosen, rest]).iterrows():
        if len(blocks) == top:
            break
        side = r[key] if pd.notna(r[key]) else r["net_sentiment"]
        sentiment = "negative" if side < 0 else "positive"
        quotes = pick_verbatims(page.frame, by, r, sentiment, text_col, score_col=score_col,
                                score=partial(_quote_score, page, main), redact=redact)
        if not quotes:
            continue
        # The impact, not the theme's score: "impacto −5,7 pts" (an "NPS −5,7" badge read as the NPS); a theme
        # without an impact shows its net sentiment.
        badge = (page.words["badge_impact"].format(value=page.num(r[key], page.impact_digits(main), True))
                 if main and pd.notna(r[key]) else f'{page.words["net"]} {page.num(r["net_sentiment"], 0, True)}')
        quotes = [{**quote, "tag": page.label(quote["sentiment"])} for quote in quotes]  # the border's colour, in words
        blocks.append({"name": page.name(r, by), "sentiment": sentiment, "badge": badge, "quotes": quotes})
    return blocks


def _quote_score(page: Page, metric: Metric, cell) -> str:
    """A quote's caption of its answer: the metric's label and the answer as the metric reads it, in the report's
    number format ("NPS: 7", "CES: 4,5"); "" for an answer the metric leaves out ("No sabe", blank, off the scale).
    The cell as written put the column's name for the metric's, "4.5" in a Spanish report, and "No sabe" as a score."""
    value = metric.parse(pd.Series([cell], dtype=object))[0][0]
    if not np.isfinite(value):
        return ""
    digits = next(d for d in range(3) if d == 2 or round(value, d) == round(value, 2))  # 7, 4,5, 3,25
    return f"{metric.label}: {page.num(value, digits)}"
