"""The aggregation rules of ``cxnlp.aggregate`` for a whole batch at once, for ``Model._assemble``.

``Model._assemble`` builds one comment's result from its rows of the batch's probabilities; the
rules it applies (``aggregate.comment_labels``, ``unit_pick``, ``signal_labels``, ``comment_effort``,
rounding, confidences) cost a few NumPy calls each per comment, most of the time of assembling a
short comment. These functions apply the same rules to every comment of a batch in a few array
operations and give, for each comment or unit, exactly the value the per-comment function gives
(``tests/test_batch_assembly.py`` compares them on the shipped model's probabilities).

Units are given as in ``MultiAxisClassifier.predict_grouped``: the rows of ``P_units`` are the
units of all comments in order; a ``Units`` says where each comment's lie (worked out once per batch).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import aggregate
from .aggregate import COMMENT_ONLY_LABELS
from .heads import decide_multilabel


def unit_starts(units_per_comment: Sequence[int]) -> np.ndarray:
    """The row of each comment's first unit, from the number of units of each comment (each at least one)."""
    if all(n == 1 for n in units_per_comment):
        return np.arange(len(units_per_comment), dtype=np.intp)
    counts = np.asarray(units_per_comment, dtype=np.intp)
    return np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.intp) if len(counts) else counts


class _once:  # noqa: N801  (a decorator, named as the one it stands for)
    """``functools.cached_property`` without its lock: Python 3.11 holds one lock per property for every
    instance, and a process forked while another thread held it hung at its first use."""

    def __init__(self, func):
        self.func, self.__doc__ = func, func.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class Units:
    """Where each comment's units lie among a batch's unit rows: comment ``k`` has ``counts[k]`` units
    (at least one), from row ``starts[k]``. Built once per batch, each array when first needed, so the
    rules below do not each work it out again (a few NumPy calls each, most of the time of assembling
    one short comment)."""

    def __init__(self, units_per_comment: Sequence[int]):
        self._counts = [int(n) for n in units_per_comment]
        self.n_comments, self.n_units = len(self._counts), sum(self._counts)
        #: True when no comment has two units: no unit can add a label, and unit rows are comment rows.
        self.one_each = self.n_units == self.n_comments

    @_once
    def starts(self) -> np.ndarray:
        return unit_starts(self._counts)

    @_once
    def counts(self) -> np.ndarray:
        return np.asarray(self._counts, dtype=np.intp)

    @_once
    def single(self) -> list[int]:
        """The comments of one unit."""
        return [k for k, n in enumerate(self._counts) if n == 1]

    @_once
    def several(self) -> np.ndarray:
        """True for each comment of two units or more."""
        return self.counts >= 2

    @_once
    def of_unit(self) -> np.ndarray:
        """The comment of each unit row."""
        return np.repeat(np.arange(self.n_comments), self.counts)

    def rows(self, k: int) -> slice:
        """Comment ``k``'s unit rows."""
        start = int(self.starts[k])
        return slice(start, start + self._counts[k])


#: ``rounded`` leaves to Python's ``round`` an element whose scaled value lies this close to a half.
_NEAR_HALF = 1e-6
#: Arrays of up to this many values are rounded by ``round`` one value at a time (faster for so few).
_SMALL_ROUNDING = 48


def rounded(P: np.ndarray, ndigits: int = 4) -> list[list[float]]:
    """``round(float(p), ndigits)`` of every element, row by row, computed in arrays.

    ``np.round`` can differ from ``round`` in the last digit: it rounds ``p * 10**ndigits``, whose own
    rounding error may carry a value across a half. Away from a half that error (under 1e-11 for
    |p| <= 1e4) cannot change the nearest integer k, and ``k / 10**ndigits`` is then exactly ``round``'s
    result (both are the double nearest to the decimal k / 10**ndigits); the few elements near a half,
    and any beyond 1e4, are rounded by ``round`` itself.
    """
    P = np.asarray(P, dtype=np.float64)
    if P.size <= _SMALL_ROUNDING:  # a comment or two: a few NumPy calls cost more than round() itself
        return [[round(x, ndigits) for x in row] for row in P.tolist()]
    scale = 10.0 ** ndigits
    finite = np.isfinite(P)
    scaled = np.where(finite, P, 0.0) * scale  # (inf - inf would warn; non-finite values go to round())
    out = np.rint(scaled) / scale
    unsure = ~finite | (np.abs(scaled - np.floor(scaled) - 0.5) < _NEAR_HALF) | (np.abs(P) > 1e4)
    if unsure.any():
        out[unsure] = [round(x, ndigits) for x in P[unsure].tolist()]
    return out.tolist()


def probability_dicts(P: np.ndarray, classes: Sequence[str], ndigits: int = 4) -> list[dict[str, float]]:
    """For each row, ``{class: round(float(p), ndigits)}`` in the order of ``classes``."""
    return [dict(zip(classes, row)) for row in rounded(P, ndigits)]


def scores(probabilities: list[dict[str, float]], unit_texts: list[list[str]], P_units: np.ndarray,
           classes: Sequence[str], units: Units) -> list[float]:
    """``aggregate.score`` of every comment (``probabilities``: its rounded sentiment probabilities,
    ``unit_texts``: its units' texts). Comments of one unit are scored in arrays: the lean of one unit is
    ``(w * l) / w``, the very operations ``aggregate.lean`` does; longer ones go through ``aggregate.score``,
    whose NumPy sums group their terms in their own way."""
    classes = list(classes)
    pos, neg = classes.index("positive"), classes.index("negative")
    single = units.single
    out: list[float | None] = [None] * units.n_comments
    if single:
        weights = np.array([aggregate.unit_weight(unit_texts[k][0]) for k in single])
        weights *= aggregate.LAST_UNIT_WEIGHT
        rows = units.starts[single]
        lean = weights * (P_units[rows, pos] - P_units[rows, neg]) / weights
        comment = np.array([probabilities[k].get("positive", 0.0) - probabilities[k].get("negative", 0.0)
                            for k in single])
        for k, value in zip(single, (0.5 * comment + 0.5 * lean).tolist()):
            out[k] = value
    for k, value in enumerate(out):
        if value is None:
            out[k] = aggregate.score(probabilities[k], unit_texts[k], P_units[units.rows(k)], classes)
    return out  # type: ignore[return-value]


def _unit_sure(thresholds, P_units, units: Units, unit_probability) -> np.ndarray | None:
    """For each comment of two units or more, the labels some unit is sure of (at least
    ``max(unit_probability, threshold)``); None when no unit can add one (no comment of several units, or
    no ``unit_probability``)."""
    if unit_probability is None or units.one_each:
        return None
    hit = P_units >= np.maximum(unit_probability, thresholds)
    if units.n_comments == 1:  # one comment of several units
        return hit.any(axis=0, keepdims=True)
    sure = np.logical_or.reduceat(hit, units.starts, axis=0)
    sure[~units.several] = False
    return sure


def comment_labels(P: np.ndarray, thresholds: np.ndarray, P_units: np.ndarray, units: Units,
                   classes: Sequence[str], unit_probability: float | None) -> np.ndarray:
    """Row ``k`` is ``aggregate.comment_labels(P[k], thresholds, P_units[units of k], classes, unit_probability)``."""
    chosen = decide_multilabel(P, thresholds)
    sure = _unit_sure(thresholds, P_units, units, unit_probability)
    if sure is None:
        return chosen
    for label in COMMENT_ONLY_LABELS:
        if label in classes:
            sure[:, list(classes).index(label)] = False
    return chosen | sure


def signal_labels(P: np.ndarray, thresholds: np.ndarray, P_units: np.ndarray, units: Units,
                  unit_probability: float | None) -> np.ndarray:
    """Row ``k`` is ``aggregate.signal_labels(P[k], thresholds, P_units[units of k], unit_probability)``."""
    on = P >= thresholds
    sure = _unit_sure(thresholds, P_units, units, unit_probability)
    return on if sure is None else on | sure


def comment_effort(P: np.ndarray, P_units: np.ndarray, units: Units, classes: Sequence[str],
                   unit_probability: float | None) -> list[str]:
    """Item ``k`` is ``aggregate.comment_effort(P[k], P_units[units of k], classes, unit_probability)``."""
    classes = list(classes)
    out = [classes[j] for j in P.argmax(axis=1).tolist()]
    if unit_probability is None or "high" not in classes or units.one_each:
        return out
    high = P_units[:, classes.index("high")]
    if units.n_comments == 1:  # one comment of several units
        return ["high"] if high.max() >= unit_probability else out
    peak = np.maximum.reduceat(high, units.starts)
    for k in np.flatnonzero(units.several & (peak >= unit_probability)).tolist():
        out[k] = "high"
    return out


def mean_confidence(P: np.ndarray) -> list[float]:
    """``float(np.mean(np.maximum(p, 1 - p)))`` of each row (a row's mean is reduced exactly as a 1-D array's)."""
    P = np.ascontiguousarray(P)
    return np.maximum(P, 1 - P).mean(axis=1).tolist()


def unit_picks(chosen: np.ndarray, P_units: np.ndarray, units: Units) -> list[int]:
    """Item ``u`` is ``aggregate.unit_pick(chosen[comment of u], P_units[u])``: the most probable of
    the comment's labels for each unit."""
    if not units.one_each:
        chosen = chosen[units.of_unit]
    return np.where(chosen, P_units, -1).argmax(axis=1).tolist()


def row_argmax(P: np.ndarray) -> list[int]:
    """``int(P[k].argmax())`` of each row."""
    return P.argmax(axis=1).tolist()


def thresholded(P: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """``P[u] >= thresholds`` for every row (a unit's emotions)."""
    return P >= thresholds
