"""From opinion units to a comment: the Spanish aggregation rules, as pure functions on probabilities.

The classifier gives probabilities for the whole comment and for each of its units (see
``MultiAxisClassifier.predict_grouped``). These rules turn them into the comment's labels, each
unit's labels, the comment's sentiment and its score. ``Model`` applies them; they hold no state.
"""

from __future__ import annotations

import re

import numpy as np

from .heads import decide_multilabel

# Weights of opinion units in the comment's score (see ``lean``).
_RE_BUT = re.compile(r"(pero|sin embargo|no obstante|lo malo|lo peor|eso s[ií]|aun as[ií])\b", re.IGNORECASE)
_RE_ALTHOUGH = re.compile(r"(aunque|a pesar)\b", re.IGNORECASE)
BUT_WEIGHT, ALTHOUGH_WEIGHT, LAST_UNIT_WEIGHT = 2.0, 0.5, 1.5
#: A comment is 'mixed' only if some unit gives each side at least this probability.
MIXED_EVIDENCE = 0.2
#: A unit this sure of a specific label adds it to a comment of several units (``comment_labels``).
UNIT_LABEL_PROBABILITY = 0.8
#: Labels a unit never adds on its own: 'general' means "nothing more specific", a comment-level call.
COMMENT_ONLY_LABELS = ("general",)


def comment_labels(p_comment: np.ndarray, thresholds: np.ndarray, p_units: np.ndarray, classes: list[str],
                   unit_probability: float | None = UNIT_LABEL_PROBABILITY) -> np.ndarray:
    """Which labels of one multi-label axis the comment gets (a boolean per class, never all False).

    The comment model sets them: a label at or over its threshold. In a comment of several units,
    a unit that is itself sure of a specific label (probability at least ``unit_probability`` and
    its threshold) adds it too: a passing "llegó rapidísimo" in a long product review is diluted
    in the comment's features but plain in its own clause. Measured with a model trained on 80% of
    corpus v2 (bench/accuracy.py --save, then each rule on the same probabilities), touchpoint
    macro-F1 without -> with this rule: real long reviews 0.750 -> 0.778, bank tweets 0.583 -> 0.587,
    SemEval 0.757 -> 0.759, hotel reviews 0.803 -> 0.796, held-out corpus 0.830 -> 0.828; micro-F1
    rises on reviews and tweets. A bar of 0.6 or 0.7 adds more noise; lowering every comment
    threshold instead (x0.8) costs the held-out corpus and hotel reviews more. (Letting every unit
    add its best label lowered held-out macro-F1 from 0.798 to 0.769: it mostly added 'general'.)
    """
    chosen = decide_multilabel(p_comment[None, :], thresholds)[0]
    if unit_probability is not None and len(p_units) >= 2:
        sure = (p_units >= np.maximum(unit_probability, thresholds)).any(axis=0)
        for label in COMMENT_ONLY_LABELS:
            if label in classes:
                sure[classes.index(label)] = False
        chosen = chosen | sure
    return chosen


def unit_pick(chosen: np.ndarray, p_unit: np.ndarray) -> int:
    """A unit's label: the most probable of the comment's labels, so unit labels always aggregate
    into the comment's."""
    return int(np.where(chosen, p_unit, -1).argmax())


def veto_mixed(p_sent, sent_classes, unit_proba, seg_classes) -> str:
    """'mixed' needs a positive and a negative side (docs/labels.md): when no unit leans at all to one
    of them, the comment takes the better of its other classes.

    The comment model decides 'mixed' itself: a rule on unit sentiments ("a positive and a negative
    unit make it mixed") over-fires on real reviews with a passing "pero" (measured on realdev:
    Amazon 3-class macro-F1 0.53 with the rule, 0.58 without)."""
    pos, neg = seg_classes.index("positive"), seg_classes.index("negative")
    if unit_proba[:, pos].max() >= MIXED_EVIDENCE and unit_proba[:, neg].max() >= MIXED_EVIDENCE:
        return "mixed"
    others = [(p, c) for p, c in zip(p_sent, sent_classes) if c != "mixed"]
    return max(others)[1]


def lean(unit_texts: list[str], unit_proba, classes) -> float:
    """Which way the units lean, P(positive) - P(negative) per unit, weighted for Spanish contrast:
    what follows "pero" outweighs what came before, an "aunque" clause concedes, and the last word
    carries more. Measured on realdev Amazon 1-2 vs 4-5 stars: polarity accuracy 0.830 with the
    comment model alone, 0.839 with this lean averaged in."""
    pos, neg = classes.index("positive"), classes.index("negative")
    weights = np.array([unit_weight(t) for t in unit_texts])
    weights[-1] *= LAST_UNIT_WEIGHT
    leaning = unit_proba[:, pos] - unit_proba[:, neg]
    return float((weights * leaning).sum() / weights.sum())


def unit_weight(text: str) -> float:
    if _RE_BUT.match(text):
        return BUT_WEIGHT
    if _RE_ALTHOUGH.match(text):
        return ALTHOUGH_WEIGHT
    return 1.0


def score(probabilities: dict[str, float], unit_texts: list[str], unit_proba, classes) -> float:
    """The comment's score in [-1, 1]: half the comment model's P(positive) - P(negative), half the units' lean."""
    comment = probabilities.get("positive", 0.0) - probabilities.get("negative", 0.0)
    return 0.5 * comment + 0.5 * lean(unit_texts, unit_proba, classes)


def signal_labels(p_comment: np.ndarray, thresholds: np.ndarray, p_units: np.ndarray,
                  unit_probability: float | None = UNIT_LABEL_PROBABILITY) -> np.ndarray:
    """The emotions (or a yes/no flag) of one comment: labels at or over their threshold, possibly none.

    As for touchpoints (``comment_labels``), a unit of a longer comment that is itself sure of a
    label adds it: "si no me devuelven el dinero voy a PROFECO" is plain in its own clause and
    diluted in a long review."""
    chosen = p_comment >= thresholds
    if unit_probability is not None and len(p_units) >= 2:
        chosen = chosen | (p_units >= np.maximum(unit_probability, thresholds)).any(axis=0)
    return chosen


def comment_effort(p_comment: np.ndarray, p_units: np.ndarray, classes: list[str],
                   unit_probability: float | None = UNIT_LABEL_PROBABILITY) -> str:
    """The comment's effort: the comment model's most probable value, except that a unit sure of
    ``high`` makes it ``high`` ("la compra fue facilísima pero devolverlo fue un calvario": the guide
    sends a truly mixed comment to ``high``, the one a CX lead must see)."""
    if unit_probability is not None and "high" in classes and len(p_units) >= 2:
        if p_units[:, classes.index("high")].max() >= unit_probability:
            return "high"
    return classes[int(p_comment.argmax())]
