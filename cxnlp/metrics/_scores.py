"""Reading a column of answers as scores (``parse_scores``): numbers, decimal text with a point or comma, labelled
choices ("10 - Extremadamente probable"), star ratings ("★★★★☆"), and the reason each answer that is no score is
excluded for (``BLANK``, ``OUT_OF_RANGE``, ``NON_NUMERIC``). Kept apart from ``base``, whose ``Metric`` turns the
scores into a value, since what counts as an answer is the same for every metric.
"""

from __future__ import annotations

import decimal
import numbers
import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .._arrow_views import without_views
from ..columns import fold
from ..exceptions import DataError

BLANK, OUT_OF_RANGE, NON_NUMERIC = 1, 2, 3  # reason codes of excluded scores (0 = valid)
REASONS = {BLANK: "blank", OUT_OF_RANGE: "out_of_range", NON_NUMERIC: "non_numeric"}


# A score written as text: digits with at most one decimal point or comma ("4", "4,5", "4.25").
# A separator followed by exactly three digits reads as a thousands separator ("1,000", "1.000"),
# so it is not a score; exponents ("1e1"), "inf", "nan" and non-ASCII digits are not scores either.
_RE_SCORE = re.compile(r"[+-]?[0-9]+(?:[.,](?:[0-9]{1,2}|[0-9]{4,}))?")
# A choice exported with its label (Qualtrics, SurveyMonkey, Google Forms label the ends of a scale):
# a whole scale point, a separator (- – — : = or an opening parenthesis) and a label that starts with a
# letter: "10 - Extremadamente probable", "0 = nada", "10 (Muy probable)", "7: Muy fácil". The label must
# start with two letters and hold no digit, so that ranges ("5-6", "1 - 2 días"), times ("10:30"), dates
# ("1-ene-2024") and codes ("2-a") stay non-numeric, and the separator is required so that free text
# ("10 días", "3 veces") is not read as a score. A numbered choice ("10. Extremadamente probable", "10) Muy
# probable", "9.- Probable") is one too, its "." ")" or ".-" followed by a space, so that decimals ("8.5 bueno",
# "8. 5") and dates ("10.12.2026") are not. No nested quantifier, so matching takes linear time.
_RE_LABELLED = re.compile(r"([0-9]+)(?:\s*(?:[-\u2013\u2014:=]|\()\s*|(?:\.-?|\))\s+)"
                          r"[\u00a1\u00bf\"'\u00ab\u201c]?[^\W\d_]{2}[^0-9]*")
# A star rating, as review and feedback widgets export it: filled stars, then the empty ones ("★★★★☆" is 4), or
# a whole number of stars in words ("4 estrellas", "1 star"). Each is a count out of five, read only on a scale whose
# top is 5 (1-5, 0-5): on NPS's 0-10 "★★★★★" is no detractor's 5, on a 1-10 or 1-4 scale no point for sure.
_RE_STARS = re.compile(r"[\u2605\u2b50]+\u2606*")
_RE_STAR_WORD = re.compile(r"([0-9]+)\s*(?:estrellas?|stars?)", re.IGNORECASE)
# The labels of a five-point satisfaction or ease scale, folded, lowest point first, as survey tools export a
# multiple-choice question ("Muy satisfecho"). Read only on a scale of five points, whose points they name one
# to one; on any other (CES's 1-7, where "Muy fácil" is 6 or 7) they stay non-numeric, not guessed.
_FIVE_POINTS = {label: point for point, labels in enumerate((
    ("muy_insatisfecho", "nada_satisfecho", "very_dissatisfied", "muy_dificil", "very_difficult"),
    ("insatisfecho", "poco_satisfecho", "dissatisfied", "dificil", "difficult"),
    ("ni_satisfecho_ni_insatisfecho", "neither_satisfied_nor_dissatisfied", "ni_facil_ni_dificil",
     "neither_easy_nor_difficult", "neutral"),
    ("satisfecho", "satisfied", "facil", "easy"),
    ("muy_satisfecho", "very_satisfied", "muy_facil", "very_easy"),
)) for label in labels}


def parse_scores(values: Iterable, scale: tuple[int, int], *, integer: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Scores as floats (NaN where excluded) and the reason of each exclusion.

    ``integer`` requires whole scale points (NPS: an 8.5 is neither passive nor promoter).
    Numbers are taken as they are (booleans are not scores); text is stripped and must be a
    plain decimal number, with a point or a comma ("4,5"), or a labelled choice: a whole number, a
    separator and a label ("10 - Extremadamente probable" and "10. Extremadamente probable" are 10, see
    ``_RE_LABELLED``). "1e1", "1,000",
    "diez" and "10 días" are non-numeric. On a scale whose top is 5, a star rating is its count of
    filled stars ("★★★★☆" and "4 estrellas" are 4; ``is_star_rating``). On a five-point scale, its points' labels are read
    ("Muy satisfecho" is 5 on 1-5). Each distinct value is parsed once, so a million rows of a few distinct
    answers cost little.
    """
    if isinstance(values, str):
        raise DataError(f"Expected an iterable of scores, got the string {values!r}; wrap it in a list.")
    if isinstance(values, (bytes, bytearray, memoryview)):  # (bytearray([9, 10]) scored its bytes, as a memoryview)
        raise DataError(f"Expected an iterable of scores, got {type(values).__name__} {bytes(values)[:40]!r}, whose "
                        f"bytes would be read as the scores; pass a list of numbers.")
    if isinstance(values, Mapping):  # iterating it gives its keys
        raise DataError(f"Expected an iterable of scores, got a {type(values).__name__}, whose keys would be read as "
                        f"the scores; pass its values (.values()).")
    if isinstance(values, pd.DataFrame):  # iterating it gives its column names
        raise DataError("Expected one column of scores, got a DataFrame; pass frame[\"column\"].")
    if not isinstance(values, Iterable):
        raise DataError(f"Expected an iterable of scores, got {type(values).__name__}.")
    if isinstance(values, np.ndarray) and values.ndim != 1:  # rows of a 2-D array cannot be hashed as answers
        raise DataError(f"Expected one column of scores, got a {values.ndim}-D array of shape {values.shape}; "
                        f"pass one column (array[:, 0]) or array.ravel().")
    series = without_views(values) if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    lo, hi = scale
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        x = series.to_numpy(dtype=float, na_value=np.nan, copy=True)
        reason = np.where(np.isnan(x), BLANK, 0).astype(np.int8)
    else:
        raw = series.to_numpy(dtype=object)
        # factorize treats True as 1 and False as 0, and cannot hash a list (JSON's [9]): such answers are
        # no scores, and get one key of their own first.
        odd = np.fromiter((isinstance(v, (bool, np.bool_, list, dict, set, np.ndarray)) for v in raw), dtype=bool,
                          count=raw.size)
        if odd.any():
            raw = np.where(odd, _NOT_A_SCORE, raw)
        try:
            codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        except TypeError:  # Decimal("sNaN") cannot be hashed: a missing value, as Decimal("NaN") is
            raw = np.array([None if _snan(v) else v for v in raw], dtype=object)
            codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        parsed = [_parse_score(u, lo if hi - lo == 4 else None, hi == 5) for u in uniques]
        u_value = np.array([v for v, _ in parsed] + [np.nan], dtype=float)
        u_reason = np.array([r for _, r in parsed] + [BLANK], dtype=np.int8)
        x, reason = u_value[codes], u_reason[codes]  # code -1 (missing) picks the appended blank
    ok = reason == 0
    bad = ok & ~((x >= lo) & (x <= hi))
    if integer:
        bad |= ok & (np.floor(x) != x)
    reason[bad] = OUT_OF_RANGE
    x[reason != 0] = np.nan
    return x, reason


def is_star_rating(value) -> bool:
    """Whether ``value`` is a star rating ("★★★★☆", "4 estrellas"), read only on a scale whose top is 5."""
    return isinstance(value, str) and len(value) < 60 and _stars(value.strip()) is not None


def _stars(text: str) -> float | None:
    """The count of filled stars of a star rating out of five, else None."""
    stars = _RE_STARS.fullmatch(text.replace("\ufe0f", "").replace(" ", ""))  # (⭐ with its emoji selector)
    if stars and (len(stars.group()) == 5 or "\u2606" not in stars.group()):  # empty ones: five stars in all
        return float(len(stars.group().rstrip("\u2606")))
    counted = _RE_STAR_WORD.fullmatch(text)
    return float(counted.group(1)) if counted else None


def is_five_point_label(value) -> bool:
    """Whether ``value`` is a label of a five-point scale's point (``_FIVE_POINTS``: "Muy fácil"), read only on one."""
    return isinstance(value, str) and len(value) < 60 and _label_key(value) in _FIVE_POINTS


def _label_key(text: str) -> str:
    """A label as ``_FIVE_POINTS`` holds it: folded, a closing period or exclamation aside ("Muy satisfecho.")."""
    return fold(text.strip().rstrip(".!").strip())


_NOT_A_SCORE = object()  # stands for any boolean, list or mapping answer


def _snan(value) -> bool:
    """Whether ``value`` is a signalling NaN ``Decimal``, which neither hashes nor converts to a float."""
    return isinstance(value, decimal.Decimal) and value.is_snan()


def _parse_score(value, five_from: int | None = None, stars: bool = False) -> tuple[float, int]:
    """(score, 0) or (NaN, reason) for one distinct answer; ``five_from``, the first point of a five-point scale,
    reads its labels (``_FIVE_POINTS``); ``stars``, a scale whose top is 5, star ratings."""
    if value is _NOT_A_SCORE:
        return np.nan, NON_NUMERIC
    # A DECIMAL column (Parquet, Spark's toPandas, DuckDB) gives Decimals, which are no numbers.Real: as text,
    # Decimal(0) of a DECIMAL(38,18) is "0E-18" and 10 of a DECIMAL(18,3) is "10.000", both non-numeric.
    if isinstance(value, (numbers.Real, decimal.Decimal)):
        try:
            x = float(value)
        except OverflowError:  # an integer beyond any float (10**400): a number, off every scale
            return np.nan, OUT_OF_RANGE
        return (np.nan, BLANK) if np.isnan(x) else (x, 0)
    text = str(value).strip()
    if not text:
        return np.nan, BLANK
    if _RE_SCORE.fullmatch(text):
        return float(text.replace(",", ".")), 0
    labelled = _RE_LABELLED.fullmatch(text)
    if labelled:
        return float(labelled.group(1)), 0
    counted = _stars(text) if stars else None
    if counted is not None:
        return counted, 0
    point = _FIVE_POINTS.get(_label_key(text)) if five_from is not None and len(text) < 60 else None
    if point is not None:
        return float(five_from + point), 0
    return np.nan, NON_NUMERIC
