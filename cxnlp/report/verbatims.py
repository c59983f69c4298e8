"""Pick representative comments for a theme, for the report.

A good verbatim is about the theme, has the theme's sentiment, was classified with confidence,
reads on its own (neither one word nor a page), and is not a near-copy of one already chosen.
Segments (``cx_segments``) say which part of a comment speaks of the theme; that part is
highlighted, and it is what the confidence is read from. Personal data in a quote is replaced by
its placeholder (``cxnlp.pii``) unless ``redact=False``.
"""

from __future__ import annotations

import dataclasses
import json
import re
import zlib
from collections.abc import Callable

import numpy as np
import pandas as pd
from markupsafe import Markup, escape

from ..columns import SEGMENT_FIELDS, number_values, sentiment_labels
from ..io.formulas import drop_formula_quote
from ..metrics.themes import theme_mask
from ..pii import find_pii

_WORD = re.compile(r"\w+")
MAX_CHARS = 320
#: The sentiments a quote can have: a theme against the metric is quoted by its negative (or mixed) comments,
#: one for it by its positive (or mixed) ones.
QUOTED_SENTIMENTS = ("negative", "positive", "mixed")


def pick_verbatims(frame: pd.DataFrame, by: list[str], row: pd.Series, sentiment: str, text_col: str | None, *,
                   score_col: str | None = None, score: Callable[[object], str] | None = None, k: int = 3,
                   pool: int = 400, redact: bool = True) -> list[dict]:
    """Up to ``k`` quotes ``{"html", "sentiment", "meta"}`` for the theme of ``row``, of ``sentiment``:
    ``html`` is the comment as escaped HTML (``Markup``) with the theme's part marked and, if
    ``redact``, its personal data replaced by placeholders; ``meta`` is plain text, ``score`` of the
    comment's cell of ``score_col`` ("NPS: 7"; "" for an answer the metric excludes), or "" without them."""
    if "cx_sentiment" not in frame:
        return []
    sentiments = sentiment_labels(frame["cx_sentiment"])
    mask = theme_mask(frame, by, row) & np.isin(sentiments, [sentiment, "mixed"])
    candidates, sentiments = frame.loc[mask], sentiments[mask]
    if candidates.empty:
        return []
    # Whole-comment sentiment first, then the model's confidence; ties go to a checksum of the text (``text_keys``),
    # then to file order: in file order alone, a table without cx_confidence (every comment an even chance) quoted its
    # first rows, and the same rows in another order gave a report with other quotes. The checksum is taken only of
    # the comments that can be in the pool: those ranked no lower than its last one on sentiment and confidence.
    conf = (np.nan_to_num(number_values(candidates["cx_confidence"]), nan=0.0)
            if "cx_confidence" in candidates else np.full(len(candidates), 0.5))
    said = candidates[text_col] if text_col else candidates.get("cx_segments", pd.Series("", index=candidates.index))
    rank = pd.DataFrame({"exact": sentiments == sentiment, "conf": conf, "text": np.uint64(0),
                         "pos": np.arange(len(candidates))})
    last = rank.sort_values(["exact", "conf"], ascending=False, kind="stable").iloc[min(pool, len(rank)) - 1]
    in_play = ((rank["exact"] > last["exact"]) | ((rank["exact"] == last["exact"]) & (rank["conf"] >= last["conf"])))
    rank.loc[in_play, "text"] = text_keys(said.to_numpy(dtype=object)[in_play.to_numpy()])
    order = rank.sort_values(["exact", "conf", "text", "pos"], ascending=[False, False, True, True]).index[:pool]
    candidates, sentiments, confidences = candidates.iloc[order], sentiments[order], conf[order]
    seg_key = next(((dim, SEGMENT_FIELDS[dim]) for dim in by if dim in SEGMENT_FIELDS), None)

    scored = []
    for pos, (_, r) in enumerate(candidates.iterrows()):
        comment = r[text_col] if text_col else None
        comment = comment if isinstance(comment, str) and comment.strip() else None
        segment, conf = _best_segment(r.get("cx_segments"), seg_key and (seg_key[1], row[seg_key[0]]), sentiment)
        if segment is None:
            if comment is None:
                continue
            conf = float(confidences[pos]) or 0.5  # (missing or 0: an even chance)
        shown = comment or segment["text"]
        length = len((segment or {}).get("text") or shown)
        fit = 1.0 if 25 <= length <= 220 else (0.55 if length < 25 else 0.8)
        exact = 1.0 if sentiments[pos] == sentiment else 0.85
        # A comment with no segment on the theme was tagged with it as a whole: a weaker example.
        about = 1.0 if segment is not None or seg_key is None else 0.6
        scored.append((-(conf * fit * exact * about), pos, shown, segment, r, sentiments[pos]))
    scored.sort(key=lambda item: (item[0], item[1]))

    chosen, seen = [], []
    for _, _, shown, segment, r, said in scored:
        words = set(_WORD.findall(shown.lower()))
        if any(len(words & other) / max(len(words | other), 1) > 0.5 for other in seen):
            continue
        seen.append(words)
        meta = score(r[score_col]) if score is not None and score_col is not None and score_col in r else ""
        chosen.append({"html": _highlight(shown, segment, redact=redact), "sentiment": said,
                       "meta": meta})
        if len(chosen) == k:
            break
    return chosen


def text_keys(texts) -> np.ndarray:
    """A checksum of each text (CRC-32 and Adler-32 of its UTF-8, in 64 bits; that of "" for a cell without one):
    an order for tied comments that depends on their text alone, the same for the rows in any order. Alphabetical
    order did that too, but chose the comments that start with a space, a digit or an upper-case letter, and never
    one that opens with "¡", an accent or an emoji. Of the text as quoted: a file cxnlp wrote, read back with the
    ' that defused a formula ("'+ La app…"), gives the quotes of the table it was written from."""
    def key(text) -> int:
        data = (drop_formula_quote(text) if isinstance(text, str) else "").encode("utf-8", "surrogatepass")
        return zlib.crc32(data) << 32 | zlib.adler32(data)
    return np.fromiter(map(key, texts), dtype=np.uint64, count=len(texts))


def segments_text(cell) -> str | None:
    """The comment as its segments (``cx_segments``) hold it, the units' texts in order, or None: a classified file
    saved without its comment column still has them, and a quote of "(sin texto)" hid what it said."""
    texts = [seg["text"].strip() for seg in _segments(cell) if isinstance(seg, dict)
             and isinstance(seg.get("text"), str) and seg["text"].strip()]
    return " ".join(texts) or None


def _folded(label):
    """A label as the summary's themes read it: text stripped and in lower case (``themes._cell_labels``)."""
    return label.strip().lower() if isinstance(label, str) else label


def _segments(cell) -> list:
    """The segments a ``cx_segments`` cell holds, or none where it holds no JSON list."""
    if not isinstance(cell, str) or not cell.startswith("["):
        return []
    try:
        segments = json.loads(cell)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than cxnlp ever writes
        return []
    return segments if isinstance(segments, list) else []


def _best_segment(cell, key, sentiment: str):
    """The most confident segment of ``sentiment`` about ``key`` = (field, value), and its confidence; a segment's
    label read stripped and in lower case, as the theme's is ('Delivery' of a hand-edited file is delivery)."""
    best, best_conf = None, -1.0
    for seg in _segments(cell):
        if not isinstance(seg, dict) or seg.get("sentiment") != sentiment:
            continue
        if key and _folded(seg.get(key[0])) != _folded(key[1]):
            continue
        conf = _confidence(seg.get("confidence"))
        if conf > best_conf:
            best, best_conf = seg, conf
    return best, max(best_conf, 0.0)


def _confidence(value) -> float:
    """A segment's confidence as cxnlp writes it (a number from 0 to 1); anything else (an edited file's
    "0.98 %", a list) is no confidence, 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return 0.0
    try:
        number = float(value)
    except ValueError:
        return 0.0
    return number if 0.0 <= number <= 1.0 else 0.0


def quote_html(comment: str, *, redact: bool = True, max_chars: int = MAX_CHARS) -> Markup:
    """``comment`` as escaped HTML, its personal data replaced by placeholders if ``redact``, cut at a
    space before ``max_chars`` characters (" …" marks the cut)."""
    return _highlight(comment, None, redact=redact, max_chars=max_chars)


#: Characters read on each side of the part of a comment a quote shows, when looking for personal data in it:
#: more than any span or the cue before it holds, so the part shown is redacted as the whole comment would be.
PII_MARGIN = 300


def _pii_near(comment: str, lo: int, hi: int) -> tuple:
    """``find_pii`` spans of ``comment`` near ``comment[lo:hi]`` (offsets into ``comment``): only that part and
    ``PII_MARGIN`` around it are read, so quoting a long comment costs what its quote does."""
    first, last = max(0, lo - PII_MARGIN), min(len(comment), hi + PII_MARGIN)
    if first == 0 and last == len(comment):
        return find_pii(comment)
    return tuple(dataclasses.replace(span, start=span.start + first, end=span.end + first)
                 for span in find_pii(comment[first:last]))


def _highlight(comment: str, segment: dict | None, *, redact: bool = True, max_chars: int = MAX_CHARS) -> Markup:
    """``comment`` as escaped HTML with the segment in ``<mark>``, cut around it when the comment is long.

    With ``redact``, personal data becomes its placeholder; the segment's offsets still index the
    original comment, so each part is redacted on its own (a span across the mark's edge is
    written once, where it starts). A comment read back from a file cxnlp wrote is quoted as it was
    classified: without the ``'`` that defused it as a spreadsheet formula ("'+ La app…"), which the
    segment's offsets do not count.
    """
    comment = drop_formula_quote(comment)
    start = end = None
    if segment is not None:
        s, e = segment.get("start"), segment.get("end")
        if isinstance(s, int) and isinstance(e, int) and comment[s:e] == segment.get("text"):
            start, end = s, e
        elif segment.get("text") and segment["text"] in comment:
            start = comment.index(segment["text"])
            end = start + len(segment["text"])
    lo, hi = 0, len(comment)
    if hi > max_chars and start is None:  # the start, cut at a space
        hi = len(comment[:max_chars].rsplit(" ", 1)[0])
    elif hi > max_chars:  # the segment with room on each side
        room = max(max_chars - (end - start), 0) // 2
        lo, hi = max(0, start - room), min(len(comment), end + room)
    spans = _pii_near(comment, lo, hi) if redact else ()

    def part(lo: int, hi: int) -> str:
        out, at = [], lo
        for span in spans:
            if span.end <= at or span.start >= hi:
                continue
            out.append(comment[at:max(at, span.start)])
            if span.start >= lo:
                out.append(span.placeholder)
            at = min(span.end, hi)
        out.append(comment[at:hi])
        return "".join(out)

    if start is None:
        return escape(part(lo, hi) + (" …" if hi < len(comment) else ""))
    before, inside, after = part(lo, start), part(start, end), part(end, hi)
    return Markup("{}{}<mark>{}</mark>{}{}").format("… " if lo else "", before, inside, after,
                                                   " …" if hi < len(comment) else "")
