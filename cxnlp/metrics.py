"""NPS, CSAT and CES (docs/metrics.md) as pure functions, and ``summarize``: the metrics by theme.

Every metric is the mean of a per-respondent value ``y``, so one engine (``n``, ``sum y``,
``sum y**2`` per group) serves all of them and scales to millions of rows:

==========  =========================================  =====================================
metric      y per respondent                           standard error
==========  =========================================  =====================================
NPS         +100 promoter (9-10), 0 passive (7-8),     ``100*sqrt((p+d-(p-d)**2)/n)`` (docs/metrics.md)
            -100 detractor (0-6)
% (top-2)   100 if score >= cutoff else 0              ``100*sqrt(p*(1-p)/n)``, the same form
mean        the score                                  ``s/sqrt(n)``, sample standard deviation
==========  =========================================  =====================================

Intervals are normal-approximation 95% intervals, clipped to the metric's range. Blank,
out-of-range and non-numeric scores are excluded from a metric and counted, never dropped
silently. Scores may be numbers or text with a decimal point or comma (``"4,5"``, Spanish
Excel); booleans, exponents (``"1e1"``) and thousands separators (``"1,000"``) are non-numeric.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from .exceptions import DataError

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal
NPS_SCALE = (0, 10)
BLANK, OUT_OF_RANGE, NON_NUMERIC = 1, 2, 3  # reason codes of excluded scores (0 = valid)
CSAT_METHODS = ("top2", "mean")
CES_METHODS = ("mean", "agree")


@dataclass(frozen=True, slots=True)
class MetricResult:
    """One metric over a set of answers.

    ``value`` is NaN when no answer is valid. ``low``/``high`` bound the 95% interval.
    ``blank``, ``out_of_range`` and ``non_numeric`` count the answers excluded from it;
    ``counts`` holds the metric's categories (promoters/passives/detractors, satisfied...).
    """

    metric: str
    method: str
    value: float
    n: int
    se: float
    low: float
    high: float
    blank: int = 0
    out_of_range: int = 0
    non_numeric: int = 0
    scale: tuple[int, int] = NPS_SCALE
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def interval(self) -> tuple[float, float]:
        return (self.low, self.high)

    @property
    def excluded(self) -> int:
        return self.blank + self.out_of_range + self.non_numeric

    def to_dict(self) -> dict:
        return asdict(self)


# -- parsing ----------------------------------------------------------------------------------
# A score written as text: digits with at most one decimal point or comma ("4", "4,5", "4.25").
# A separator followed by exactly three digits reads as a thousands separator ("1,000", "1.000"),
# so it is not a score; exponents ("1e1"), "inf", "nan" and non-ASCII digits are not scores either.
_RE_SCORE = re.compile(r"[+-]?[0-9]+(?:[.,](?:[0-9]{1,2}|[0-9]{4,}))?")


def parse_scores(values: Iterable, scale: tuple[int, int], *, integer: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Scores as floats (NaN where excluded) and the reason of each exclusion.

    ``integer`` requires whole scale points (NPS: an 8.5 is neither passive nor promoter).
    Numbers are taken as they are (booleans are not scores); text is stripped and must be a
    plain decimal number, with a point or a comma ("4,5"): "1e1", "1,000" and "diez" are
    non-numeric. Each distinct value is parsed once, so a million rows of a few distinct
    answers cost little.
    """
    if isinstance(values, (str, bytes)):
        raise DataError(f"Expected an iterable of scores, got the string {values!r}; wrap it in a list.")
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    lo, hi = scale
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        x = series.to_numpy(dtype=float, na_value=np.nan, copy=True)
        reason = np.where(np.isnan(x), BLANK, 0).astype(np.int8)
    else:
        raw = series.to_numpy(dtype=object)
        # factorize treats True as 1 and False as 0: booleans get keys of their own first.
        booleans = np.fromiter((isinstance(v, (bool, np.bool_)) for v in raw), dtype=bool, count=raw.size)
        if booleans.any():
            raw = np.where(booleans, _BOOLEAN, raw)
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        parsed = [_parse_score(u) for u in uniques]
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


_BOOLEAN = object()  # stands for any boolean answer: not a score


def _parse_score(value) -> tuple[float, int]:
    """(score, 0) or (NaN, reason) for one distinct answer."""
    if value is _BOOLEAN:
        return np.nan, NON_NUMERIC
    if isinstance(value, numbers.Real):
        return (np.nan, BLANK) if np.isnan(value) else (float(value), 0)
    text = str(value).strip()
    if not text:
        return np.nan, BLANK
    if _RE_SCORE.fullmatch(text):
        return float(text.replace(",", ".")), 0
    return np.nan, NON_NUMERIC


def _check_scale(scale, what: str) -> tuple[int, int]:
    try:
        lo, hi = (int(v) for v in scale)
    except (TypeError, ValueError):
        raise DataError(f"{what} scale must be a pair of integers (low, high), got {scale!r}.") from None
    if lo >= hi:
        raise DataError(f"{what} scale must have low < high, got {scale!r}.")
    return lo, hi


def _check_cutoff(cutoff, scale, what: str) -> float:
    if not scale[0] < cutoff <= scale[1]:
        raise DataError(f"{what} cutoff {cutoff!r} is outside the scale {scale}; expected {scale[0]} < cutoff <= {scale[1]}.")
    return float(cutoff)


def _check_method(method: str, allowed: tuple[str, ...], what: str) -> str:
    if method not in allowed:
        raise DataError(f"{what} method {method!r} is not known; expected one of {allowed}.")
    return method


# -- per-respondent values --------------------------------------------------------------------
@dataclass(frozen=True)
class MetricSpec:
    """How one metric turns raw answers into ``y``: its scale, method and cut-off."""

    metric: str
    method: str
    scale: tuple[int, int]
    cutoff: float | None = None

    @property
    def integer(self) -> bool:
        return self.metric == "nps"

    @property
    def ddof(self) -> int:
        return 1 if self.method == "mean" else 0

    @property
    def bounds(self) -> tuple[float, float]:
        if self.metric == "nps":
            return (-100.0, 100.0)
        return (float(self.scale[0]), float(self.scale[1])) if self.method == "mean" else (0.0, 100.0)

    def values(self, scores: Iterable) -> tuple[np.ndarray, np.ndarray]:
        """``y`` per respondent (NaN when excluded) and the exclusion reason codes."""
        x, reason = parse_scores(scores, self.scale, integer=self.integer)
        if self.metric == "nps":
            y = np.where(x >= 9, 100.0, np.where(x >= 7, 0.0, -100.0))
        elif self.method == "mean":
            y = x
        else:
            y = np.where(x >= self.cutoff, 100.0, 0.0)
        y[np.isnan(x)] = np.nan
        return y, reason


def nps_spec() -> MetricSpec:
    return MetricSpec("nps", "nps", NPS_SCALE)


def csat_spec(scale=(1, 5), cutoff: float | None = None, method: str = "top2") -> MetricSpec:
    scale = _check_scale(scale, "CSAT")
    method = _check_method(method, CSAT_METHODS, "CSAT")
    cutoff = scale[1] - 1 if cutoff is None else cutoff  # top-2-box
    return MetricSpec("csat", method, scale, _check_cutoff(cutoff, scale, "CSAT"))


def ces_spec(scale=(1, 7), method: str = "mean", cutoff: float | None = None) -> MetricSpec:
    scale = _check_scale(scale, "CES")
    method = _check_method(method, CES_METHODS, "CES")
    cutoff = (scale[0] + scale[1]) // 2 + 1 if cutoff is None else cutoff  # above the midpoint: 5-7 of 1-7
    return MetricSpec("ces", method, scale, _check_cutoff(cutoff, scale, "CES"))


def interval_stats(spec: MetricSpec, n, s1, s2):
    """Value, standard error, low and high from ``n``, ``sum y`` and ``sum y**2`` (arrays or scalars)."""
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(n > 0, s1 / n, np.nan)
        var = np.maximum(s2 - n * value**2, 0.0) / (n - spec.ddof)
        se = np.where(n > spec.ddof, np.sqrt(var / n), np.nan)
    lo, hi = spec.bounds
    return value, se, np.clip(value - Z95 * se, lo, hi), np.clip(value + Z95 * se, lo, hi)


def _result(spec: MetricSpec, scores: Iterable) -> MetricResult:
    y, reason = spec.values(scores)
    valid = y[~np.isnan(y)]
    value, se, low, high = (float(v) for v in interval_stats(spec, valid.size, valid.sum(), (valid**2).sum()))
    if spec.metric == "nps":
        counts = {"promoters": int((valid > 0).sum()), "passives": int((valid == 0).sum()),
                  "detractors": int((valid < 0).sum())}
    elif spec.method == "mean":
        counts = {}
    else:
        counts = {"at_or_above_cutoff": int((valid > 0).sum()), "below_cutoff": int((valid == 0).sum())}
    return MetricResult(spec.metric, spec.method, value, int(valid.size), se, low, high,
                        blank=int((reason == BLANK).sum()), out_of_range=int((reason == OUT_OF_RANGE).sum()),
                        non_numeric=int((reason == NON_NUMERIC).sum()), scale=spec.scale, counts=counts)


# -- public metric functions ------------------------------------------------------------------
def nps(scores: Iterable) -> MetricResult:
    """Net Promoter Score of 0-10 answers: ``100 * (promoters - detractors) / n``.

    Promoters answer 9-10, passives 7-8, detractors 0-6; passives count in ``n``. The 95%
    interval uses the standard error ``100 * sqrt((p + d - (p - d)**2) / n)``. Blank, out of
    range (including non-whole answers such as 8.5) and non-numeric answers are excluded and
    counted.

    Parameters
    ----------
    scores : iterable of numbers or strings ("9", "9,0")

    Returns
    -------
    MetricResult
        ``value`` in [-100, 100] and ``counts`` of promoters, passives and detractors.

    Examples
    --------
    >>> round(nps([10, 9, 9, 10, 9, 9, 8, 7, 3, 6]).value, 1)
    40.0
    """
    return _result(nps_spec(), scores)


def csat(scores: Iterable, scale: tuple[int, int] = (1, 5), cutoff: float | None = None,
         method: str = "top2") -> MetricResult:
    """Customer satisfaction: by default the % of answers at or above 4 on a 1-5 scale (top-2-box).

    Parameters
    ----------
    scores : iterable of numbers or strings
    scale : (low, high) of the question; answers outside it are excluded and counted.
    cutoff : lowest satisfied answer for ``method="top2"``; None means the top two points (4 on 1-5).
    method : "top2" (% at or above ``cutoff``, 0-100) or "mean" (mean answer on the scale).

    Returns
    -------
    MetricResult
    """
    return _result(csat_spec(scale, cutoff, method), scores)


def ces(scores: Iterable, scale: tuple[int, int] = (1, 7), method: str = "mean",
        cutoff: float | None = None) -> MetricResult:
    """Customer effort: by default the mean answer on the 1-7 agreement scale ("me lo hizo fácil").

    Parameters
    ----------
    scores : iterable of numbers or strings
    scale : (low, high) of the question.
    method : "mean", or "agree" for the % of answers at or above ``cutoff`` (5-7 agree on 1-7).
    cutoff : lowest "agree" answer; None means the points above the midpoint (5 on 1-7, 4 on 1-5).

    Returns
    -------
    MetricResult
    """
    return _result(ces_spec(scale, method, cutoff), scores)


def __getattr__(name: str):
    # ``metrics.summarize`` for convenience; imported on use because summary.py builds on this module
    # (an import at the top of either would be circular).
    if name == "summarize":
        from .summary import summarize

        return summarize
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["MetricResult", "ces", "csat", "nps", "parse_scores", "summarize"]
