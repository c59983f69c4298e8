"""The aggregation rules of ``cxnlp.aggregate`` for a whole batch at once, for ``Model._assemble``.

``Model._assemble`` builds one comment's result from its rows of the batch's probabilities; the
rules it applies (``aggregate.comment_labels``, ``unit_pick``, ``signal_labels``, ``comment_effort``,
rounding, confidences) cost a few NumPy calls each per comment, most of the time of assembling a
short comment. These functions apply the same rules to every comment of a batch in a few array
operations and give, for each comment or unit, exactly the value the per-comment function gives
(``tests/test_batch_assembly.py`` compares them on the shipped model's probabilities).

Units are given as in ``MultiAxisClassifier.predict_grouped``: the rows of ``P_units`` are the
units of all comments in order, and ``starts[k]`` is the row of comment ``k``'s first unit (see
``unit_starts``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import aggregate
from .aggregate import COMMENT_ONLY_LABELS
from .heads import decide_multilabel


def unit_starts(units_per_comment: Sequence[int]) -> np.ndarray:
    """``starts`` from the number of units of each comment (each at least one)."""
    if all(n == 1 for n in units_per_comment):
        return np.arange(len(units_per_comment), dtype=np.intp)
    counts = np.asarray(units_per_comment, dtype=np.intp)
    return np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.intp) if len(counts) else counts


def _counts(starts: np.ndarray, n_units: int) -> np.ndarray:
    if len(starts) == n_units:  # one unit each (a short comment alone): no array arithmetic needed
        return np.ones(n_units, dtype=np.intp)
    return np.diff(np.append(starts, n_units))


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
           classes: Sequence[str], starts: np.ndarray) -> list[float]:
    """``aggregate.score`` of every comment (``probabilities``: its rounded sentiment probabilities,
    ``unit_texts``: its units' texts). Comments of one unit are scored in arrays: the lean of one unit is
    ``(w * l) / w``, the very operations ``aggregate.lean`` does; longer ones go through ``aggregate.score``,
    whose NumPy sums group their terms in their own way."""
    classes = list(classes)
    pos, neg = classes.index("positive"), classes.index("negative")
    single = np.flatnonzero(_counts(starts, len(P_units)) == 1)
    weights = np.array([aggregate.unit_weight(unit_texts[k][0]) for k in single.tolist()])
    weights *= aggregate.LAST_UNIT_WEIGHT
    rows = starts[single]
    lean = weights * (P_units[rows, pos] - P_units[rows, neg]) / weights
    comment = np.array([probabilities[k].get("positive", 0.0) - probabilities[k].get("negative", 0.0)
                        for k in single.tolist()])
    out: list[float | None] = [None] * len(starts)
    for k, value in zip(single.tolist(), (0.5 * comment + 0.5 * lean).tolist()):
        out[k] = value
    for k, value in enumerate(out):
        if value is None:
            first = int(starts[k])
            last = int(starts[k + 1]) if k + 1 < len(starts) else len(P_units)
            out[k] = aggregate.score(probabilities[k], unit_texts[k], P_units[first:last], classes)
    return out  # type: ignore[return-value]


def _unit_sure(thresholds, P_units, starts, unit_probability) -> np.ndarray:
    """For each comment of two units or more, the labels some unit is sure of (at least
    ``max(unit_probability, threshold)``); nothing for one-unit comments or without ``unit_probability``."""
    n = len(starts)
    if unit_probability is None or n == len(P_units):  # no comment has two units
        return np.zeros((n, P_units.shape[1]), dtype=bool)
    hit = P_units >= np.maximum(unit_probability, thresholds)
    sure = np.logical_or.reduceat(hit, starts, axis=0)
    sure[_counts(starts, len(P_units)) < 2] = False
    return sure


def comment_labels(P: np.ndarray, thresholds: np.ndarray, P_units: np.ndarray, starts: np.ndarray,
                   classes: Sequence[str], unit_probability: float | None) -> np.ndarray:
    """Row ``k`` is ``aggregate.comment_labels(P[k], thresholds, P_units[units of k], classes, unit_probability)``."""
    sure = _unit_sure(thresholds, P_units, starts, unit_probability)
    for label in COMMENT_ONLY_LABELS:
        if label in classes:
            sure[:, list(classes).index(label)] = False
    return decide_multilabel(P, thresholds) | sure


def signal_labels(P: np.ndarray, thresholds: np.ndarray, P_units: np.ndarray, starts: np.ndarray,
                  unit_probability: float | None) -> np.ndarray:
    """Row ``k`` is ``aggregate.signal_labels(P[k], thresholds, P_units[units of k], unit_probability)``."""
    return (P >= thresholds) | _unit_sure(thresholds, P_units, starts, unit_probability)


def comment_effort(P: np.ndarray, P_units: np.ndarray, starts: np.ndarray, classes: Sequence[str],
                   unit_probability: float | None) -> list[str]:
    """Item ``k`` is ``aggregate.comment_effort(P[k], P_units[units of k], classes, unit_probability)``."""
    classes = list(classes)
    out = [classes[j] for j in P.argmax(axis=1).tolist()]
    if unit_probability is not None and "high" in classes and len(starts) < len(P_units):
        peak = np.maximum.reduceat(P_units[:, classes.index("high")], starts)
        several = _counts(starts, len(P_units)) >= 2
        for k in np.flatnonzero(several & (peak >= unit_probability)).tolist():
            out[k] = "high"
    return out


def mean_confidence(P: np.ndarray) -> list[float]:
    """``float(np.mean(np.maximum(p, 1 - p)))`` of each row (a row's mean is reduced exactly as a 1-D array's)."""
    P = np.ascontiguousarray(P)
    return np.maximum(P, 1 - P).mean(axis=1).tolist()


def unit_picks(chosen: np.ndarray, P_units: np.ndarray, starts: np.ndarray) -> list[int]:
    """Item ``u`` is ``aggregate.unit_pick(chosen[comment of u], P_units[u])``: the most probable of
    the comment's labels for each unit."""
    if len(starts) < len(P_units):
        chosen = chosen[np.repeat(np.arange(len(starts)), _counts(starts, len(P_units)))]
    return np.where(chosen, P_units, -1).argmax(axis=1).tolist()


def row_argmax(P: np.ndarray) -> list[int]:
    """``int(P[k].argmax())`` of each row."""
    return P.argmax(axis=1).tolist()


def thresholded(P: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """``P[u] >= thresholds`` for every row (a unit's emotions)."""
    return P >= thresholds
