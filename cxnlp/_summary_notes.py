"""What the command line says about a summary's inputs, beside the numbers: the answers a metric could not read,
the range of its answers (and the "don't know" codes among them), and whether the dates were read day first.

It lives apart from ``batch`` because it is about survey answers, not files: ``with_notes`` adds these notes to
the summaries that ``batch.summarize_file`` and ``batch.report_file`` return, and the report reads the same
``answers_range`` (imported from ``batch``, as before) so that the two say the same of a metric's codes."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: How many distinct excluded answers ``with_notes`` keeps per metric.
EXAMPLES = 3


def dates_guessed(frame: pd.DataFrame, date: str | None, dayfirst: bool | None) -> bool:
    """Whether the dates of column ``date`` of ``frame`` are read day first for want of any date that tells the order
    (``dayfirst`` not given, ``periods.order_guessed``): what the command line then says (a US export month first
    would be spread over the wrong months)."""
    from .metrics.periods import order_guessed

    return bool(dayfirst is None and date is not None and date in frame and order_guessed(frame[date]))


def dates_against_order(frame: pd.DataFrame, date: str | None, dayfirst: bool | None) -> int:
    """The rows of column ``date`` of ``frame`` whose d/m text reads only in the order that ``dayfirst`` rules out
    (20/12/2024 under ``dayfirst=False``): unreadable, and 0 where no order was forced. The command line said only
    that so many rows had no readable date, never that the forced order made them so."""
    from .metrics.periods import against_order

    return 0 if date is None or date not in frame else against_order(frame[date], dayfirst)


def dates_unread(frame: pd.DataFrame, date: str | None, dayfirst: bool | None) -> str:
    """The most frequent non-blank cells of column ``date`` of ``frame`` that read as no date, quoted ("'Fecha:
    15/01/2024'"), or "": the command line counted the rows left out of the trend and never showed one, so a way of
    writing dates that is not read ('Fecha: 15/01/2024' beside '15/01/2024') could not be told from blank cells."""
    from .metrics.periods import to_days
    from .metrics.summary import written_dates

    if date is None or date not in frame:
        return ""
    dates = frame[date]
    return written_dates(dates[np.isnat(to_days(dates, dayfirst))])[1]


def with_notes(summary: pd.DataFrame, frame: pd.DataFrame, dayfirst: bool | None = None,
               by="touchpoints") -> pd.DataFrame:
    """``summary`` (of ``frame``) with what the command line says about its inputs in ``attrs``:
    ``["metrics"][M]["non_numeric_examples"]``, up to ``EXAMPLES`` distinct non-numeric answers of each metric's
    column, those with a digit first ("9/10", "Muy probable (10)": a scale written in a way not read), then the
    most frequent; ``["dayfirst_guessed"]``, whether the trend's dates were read day first for want of any
    date that tells the order (``dayfirst`` not given, ``periods.order_guessed``); ``["dates_against_order"]``, the
    rows unreadable in the order ``dayfirst`` forces (``dates_against_order``); ``["date_unread_examples"]``, the most
    frequent cells of the trend's date column that read as no date, quoted (``dates_unread``);
    ``["partial_responses"]``, the rows a survey tool's column marks as partial responses (``_partial_responses``),
    or None; and, for a summary
    without rows,
    why: ``["labelled"]``, the rows with a labelled comment, and ``["blank_by"]``, the columns of yours in ``by``
    with no value in any row (an export's store column left blank)."""
    from .metrics.themes import blank_columns, labelled_rows, resolve_by
    from ._partial_responses import partial_responses

    summary.attrs["dayfirst_guessed"] = bool(summary.attrs.get("period")
                                             and dates_guessed(frame, summary.attrs.get("date_column"), dayfirst))
    summary.attrs["dates_against_order"] = (dates_against_order(frame, summary.attrs.get("date_column"), dayfirst)
                                            if summary.attrs.get("period") else 0)
    summary.attrs["date_unread_examples"] = (dates_unread(frame, summary.attrs.get("date_column"),
                                                          summary.attrs.get("dayfirst"))
                                             if summary.attrs.get("period") and summary.attrs.get("date_excluded")
                                             else "")
    summary.attrs["partial_responses"] = partial_responses(frame)
    if summary.empty:
        labelled = labelled_rows(frame)
        summary.attrs["labelled"] = int(labelled.sum())
        summary.attrs["blank_by"] = [str(column) for column in blank_columns(frame, resolve_by(frame, by), labelled)]

    metric_notes(summary.attrs.get("metrics", {}), frame)
    return summary


def metric_notes(metrics: dict, frame: pd.DataFrame) -> None:
    """Each metric's counts of ``metrics`` (``attrs["metrics"]`` of a summary or of ``changes``' table) through
    ``answer_notes``."""
    for info in metrics.values():
        answer_notes(info, frame)


def answer_notes(info: dict, frame: pd.DataFrame) -> dict:
    """``info``, a metric's count of its answers (``summarize``'s ``attrs["metrics"][M]``), with what the warnings
    of a misread column quote from ``frame``: ``non_numeric_examples`` and ``answers_range`` (``with_notes``)."""
    from .metrics.base import NON_NUMERIC, parse_scores

    examples = []
    if info.get("non_numeric") and info.get("column") in frame:
        cells = frame[info["column"]]
        bad = cells[parse_scores(cells, tuple(info.get("scale") or (0, 10)))[1] == NON_NUMERIC]
        counts = bad.astype(str).str.strip().value_counts(sort=True)
        digits = counts.index.str.contains(r"[0-9]")
        examples = [*counts.index[digits][:EXAMPLES], *counts.index[~digits][:EXAMPLES]][:EXAMPLES]
    info["non_numeric_examples"] = examples
    info["valid_range"] = valid_range(frame[info["column"]], tuple(info.get("scale") or (0, 10)),
                                      integer=info.get("method") == "nps") \
        if info.get("valid") and info.get("column") in frame else None
    info["answers_range"] = (answers_range(frame[info["column"]], tuple(info.get("scale") or (0, 10)))
                             if info.get("out_of_range") and info.get("column") in frame else None)
    return info


#: The fewest valid answers, and the fewest points of a scale, for ``in_lower_half``.
HALF_FEW, HALF_POINTS = 30, 7
#: The top of the five-point scale the answers must reach (and no answer below 1) for ``in_lower_half``.
FIVE = 5


def in_lower_half(valid: int, seen: tuple[float, float] | None, scale) -> bool:
    """Whether ``valid`` answers whose range is ``seen`` (``valid_range``) look like a five-point question's read on
    a long ``scale``: at least ``HALF_FEW`` of them, all in the lower half of a scale of ``HALF_POINTS`` points or
    more, and all within 1..5 reaching 5 (a 1-5 question named as the NPS: an NPS of -100). An unhappy sample of a
    long scale (a CES of 1..3 on 1-7, an NPS of 0..5 in a bad month) is no other scale. The rule of the command
    line's warning and of the report's card alike."""
    return bool(seen and scale and valid >= HALF_FEW and scale[1] - scale[0] + 1 >= HALF_POINTS
                and seen[1] <= (scale[0] + scale[1]) / 2 and seen[1] == FIVE and seen[0] >= 1)


def valid_range(cells: pd.Series, scale: tuple[float, float], *, integer: bool = False) -> tuple[float, float] | None:
    """The lowest and highest valid answer of a column on ``scale``, or None without one: answers of a 1-5 question
    read as an NPS (or a CSAT on 0-10) are all valid, and only their range tells the scale is not theirs.
    ``integer`` as the metric reads them (NPS: a stray 7.5, left out of it, is no valid answer of its range)."""
    from .metrics.base import parse_scores

    x, reason = parse_scores(_distinct(cells), scale, integer=integer)
    x = x[(reason == 0) & np.isfinite(x)]
    return (float(x.min()), float(x.max())) if x.size else None


def _distinct(cells: pd.Series) -> pd.Series:
    """The distinct answers of ``cells``, for ``valid_range``: parsing every row again, for every summary of a text
    column, made ``summarize`` of a million rows a quarter slower (0.7 s a metric). ``cells`` itself where numeric
    (read without a parse), where an answer cannot be hashed (a list), or where one is a boolean (True and 1 are one
    key: True, no score, would hide the 1)."""
    from ._arrow_views import without_views

    if pd.api.types.is_numeric_dtype(cells.dtype):
        return cells
    try:
        uniques = pd.unique(without_views(cells).to_numpy(dtype=object))
    except (TypeError, ValueError):
        return cells
    if any(isinstance(v, (bool, np.bool_)) for v in uniques):
        return cells
    return pd.Series(uniques, dtype=object)


def answers_range(cells: pd.Series, scale: tuple[float, float]) -> dict | None:
    """The lowest and highest numeric answer of a column, whatever the scale, and whether all are whole numbers:
    what the command line's warning reads a likely scale from (1..10 under a 1-5 CSAT); None without one. Also
    ``codes``, {answer: count} of the "don't know" codes above the scale's top (``unknown_codes``), and
    ``max_other``, the highest answer that is no code (None when every one is): a scale read up to 99 would
    put every "99 = no sabe" into the metric. ``adjacent``: whether the answers outside ``scale`` (codes aside)
    extend it point by point, every whole point between the scale's end and the farthest of them answered (0 under
    a 1-5 CSAT, 8..10 under a 1-7 CES), as a longer scale's answers do, and a typo ("11" beside 1..7) does not.
    The report's card reads its codes from here too, so the two say the same of them."""
    from .metrics.base import parse_scores

    x, reason = parse_scores(cells, (-np.inf, np.inf))
    x = x[(reason == 0) & np.isfinite(x)]
    if not x.size:
        return None
    low, top = scale
    codes = unknown_codes(x, top)
    other = x[~np.isin(x, codes)]
    return {"min": float(x.min()), "max": float(x.max()), "whole": bool((np.floor(x) == x).all()),
            "codes": {float(code): int((x == code).sum()) for code in codes},
            "max_other": float(other.max()) if other.size else None,
            "adjacent": _extends_scale(other, low, top)}


def _extends_scale(answers: np.ndarray, low: float, top: float) -> bool:
    """Whether ``answers`` outside ``low``-``top`` (some are) fill every whole point from the scale's end to the
    farthest of them, on each side: 0 beside 1..5 on 1-5, 6..10 beside 1..5; not "11" beside 1..7 (8-10 empty),
    nor an answer that is not a whole number."""
    outside = np.unique(answers[(answers < low) | (answers > top)])
    if not outside.size or (np.floor(outside) != outside).any() or low != np.floor(low) or top != np.floor(top):
        return False
    below, above = outside[outside < low], outside[outside > top]
    needed = (low - below.min() if below.size else 0) + (above.max() - top if above.size else 0)
    return needed <= 1000 and outside.size == needed  # distinct whole points past each end: none left empty


#: How survey tools code "don't know / no answer" past a scale's end: 99, 98, 97, 999, 998, 88, 77...
_RE_UNKNOWN_CODE = re.compile(r"9+[789]|8{2,}|7{2,}")


#: One-digit "don't know / no answer" codes (9 = NS/NR on a 5-point scale, 8 = NS and 9 = NC).
_ONE_DIGIT_CODES = (8.0, 9.0)


def unknown_codes(answers: np.ndarray, top: float) -> np.ndarray:
    """The answers, highest first, that read as "don't know / no answer" codes: whole numbers written as
    ``_RE_UNKNOWN_CODE`` (two digits or more) above the scale's ``top`` and above every other answer, and more
    than twice the highest of those (97-99 among percentages 0-96 are answers, not codes). Below those, 8 and 9
    (``_ONE_DIGIT_CODES``) when every other answer is on the scale (up to ``top``) and at least one point between
    ``top`` and them is empty: 1..5 and 9 (nothing at 6-8) on a 1-5 CSAT, 9 on a 1-7 CES are codes, while 1..10,
    1..9, 1..7 and 9 read on 1-5, or 1..7 with 8 and 9 read on 1-7 (no point left empty) are a longer scale's
    answers. 0 is never taken for a code (a 0-10 scale's bottom)."""
    values = np.unique(answers)[::-1]
    k = 0
    while k < values.size and values[k] > top and values[k] == np.floor(values[k]) \
            and _RE_UNKNOWN_CODE.fullmatch(f"{values[k]:.0f}"):
        k += 1
    while 0 < k < values.size and values[k - 1] <= 2 * values[k]:
        k -= 1
    j = k  # then one-digit codes: 9 on a 1-5 CSAT, 8 and 9 beside answers that stop at 5
    while j < values.size and values[j] > top and values[j] in _ONE_DIGIT_CODES:
        j += 1
    below = values[j] if j < values.size else top  # the highest other answer
    if j > k and below <= top and values[j - 1] - top >= 2:  # the rest on the scale, a point between left empty
        k = j
    return values[:k]
