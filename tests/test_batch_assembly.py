"""``cxnlp._batch_assembly`` gives, comment by comment, what the per-comment rules of ``cxnlp.aggregate`` give."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxnlp import _batch_assembly as batch
from cxnlp import aggregate
from cxnlp.classify import split_units

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def batch_texts():
    texts = pd.read_csv(ROOT / "training_data" / "hotels_restaurants.csv", keep_default_na=False)["text"]
    return texts.sample(250, random_state=2).tolist() + ["Bien.", "Todo mal, pero el chat bien. Y la app también."]


def _batch(model, texts):
    units, groups = split_units(texts)
    proba, unit_proba = model.classifier.predict_grouped(units, groups)
    return model.classifier, proba, unit_proba, groups


@pytest.fixture(scope="module")
def batch_proba(model, batch_texts):
    return _batch(model, batch_texts)


def test_scores_equal_the_per_comment_score(model):
    """One-unit comments are scored in arrays, longer ones one by one: every score must be the float
    ``aggregate.score`` gives, with units opening with "pero" and "aunque" (weighted) among them."""
    texts = pd.read_csv(ROOT / "training_data" / "hotels_restaurants.csv", keep_default_na=False)["text"]
    texts = texts.sample(300, random_state=5).tolist() + [
        "Bien.", "Pero la app falla", "Aunque tarde, llegó", "Genial, pero caro. Aunque volveré.", "no"]
    units, groups = split_units(texts)
    proba, unit_proba = model.classifier.predict_grouped(units, groups)
    units_of = batch.Units(np.bincount(groups))
    clf = model.classifier
    probabilities = batch.probability_dicts(proba["sentiment"], clf.sentiment_.classes)
    unit_texts = [[u for u, g in zip(units, groups) if g == k] for k in range(len(texts))]
    assert sum(len(t) == 1 for t in unit_texts) > 50 and sum(len(t) > 1 for t in unit_texts) > 50
    classes = clf.segment_sentiment_.classes
    fast = batch.scores(probabilities, unit_texts, unit_proba["segment_sentiment"], classes, units_of)
    assert fast == [aggregate.score(probabilities[k], unit_texts[k], _units(unit_proba["segment_sentiment"], groups, k),
                                    classes) for k in range(len(texts))]


def _units(P_units, groups, k):
    """Comment ``k``'s rows of ``P_units`` (``groups``: the comment of each unit, in order)."""
    return P_units[np.asarray(groups) == k]


def _check_rules(clf, proba, unit_proba, groups, unit_probability):
    units_of, n = batch.Units(np.bincount(groups)), max(groups) + 1
    for axis in ("touchpoints", "areas"):
        classes, thresholds = clf.labels_[axis].classes, clf.thresholds_[axis]
        fast = batch.comment_labels(proba[axis], thresholds, unit_proba[axis], units_of, classes, unit_probability)
        for k in range(n):
            slow = aggregate.comment_labels(proba[axis][k], thresholds, _units(unit_proba[axis], groups, k), classes,
                                            unit_probability)
            assert fast[k].tolist() == slow.tolist()
        picks = batch.unit_picks(fast, unit_proba[axis], units_of)
        assert picks == [aggregate.unit_pick(fast[k], unit_proba[axis][u]) for u, k in enumerate(groups)]
    for axis, model in getattr(clf, "signals_", {}).items():
        if axis == "effort":
            fast = batch.comment_effort(proba[axis], unit_proba[axis], units_of, model.classes, unit_probability)
            assert fast == [aggregate.comment_effort(proba[axis][k], _units(unit_proba[axis], groups, k),
                                                     model.classes, unit_probability) for k in range(n)]
            continue
        fast = batch.signal_labels(proba[axis], clf.thresholds_[axis], unit_proba[axis], units_of, unit_probability)
        for k in range(n):
            slow = aggregate.signal_labels(proba[axis][k], clf.thresholds_[axis], _units(unit_proba[axis], groups, k),
                                           unit_probability)
            assert fast[k].tolist() == slow.tolist()


@pytest.mark.parametrize("unit_probability", [aggregate.UNIT_LABEL_PROBABILITY, 0.3, None])
def test_labels_equal_the_per_comment_rules(batch_proba, unit_probability):
    clf, proba, unit_proba, groups = batch_proba
    assert np.bincount(groups).max() >= 3
    _check_rules(clf, proba, unit_proba, groups, unit_probability)


@pytest.mark.parametrize("unit_probability", [aggregate.UNIT_LABEL_PROBABILITY, 0.3])
def test_labels_of_batches_of_one_shape(model, batch_texts, unit_probability):
    """The shortcuts for a batch of one comment (a single ``classify``) and for a batch whose comments all
    have one unit give what the rules give."""
    lengths = [len(split_units([t])[0]) for t in batch_texts]
    several = [t for t, n in zip(batch_texts, lengths) if n >= 2]
    assert len(several) >= 20
    for texts in ([t for t, n in zip(batch_texts, lengths) if n == 1], *([t] for t in several[:20])):
        _check_rules(*_batch(model, texts), unit_probability)


def test_units():
    units = batch.Units([1, 3, 2])
    assert units.starts.tolist() == [0, 1, 4] and units.counts.tolist() == [1, 3, 2]
    assert (units.n_comments, units.n_units, units.one_each) == (3, 6, False)
    assert units.single == [0] and units.several.tolist() == [False, True, True]
    assert units.of_unit.tolist() == [0, 1, 1, 1, 2, 2] and [units.rows(k) for k in range(3)] == [
        slice(0, 1), slice(1, 4), slice(4, 6)]
    assert batch.Units([2] * 20).rows(12) == slice(24, 26)
    alone = batch.Units([1, 1])
    assert alone.one_each and alone.single == [0, 1] and alone.of_unit.tolist() == [0, 1]


def test_numbers_equal_the_per_comment_arithmetic(batch_proba):
    clf, proba, unit_proba, _ = batch_proba
    for axis, P in proba.items():
        assert batch.rounded(P) == [[round(float(p), 4) for p in row] for row in P]
        assert batch.mean_confidence(P) == [float(np.mean(np.maximum(p, 1 - p))) for p in P]
        assert batch.row_argmax(P) == [int(p.argmax()) for p in P]
    classes = clf.sentiment_.classes
    assert batch.probability_dicts(proba["sentiment"], classes) == [
        {c: round(float(p), 4) for c, p in zip(classes, row)} for row in proba["sentiment"]]


def test_rounding_matches_round_at_halves_and_odd_values():
    """``rounded`` works in arrays; it must still equal ``round`` where scaling errs: at (nearly) exact halves,
    on values whose scaled form is not exact, beyond its safe range, and on signed zeros and NaN."""
    rng = np.random.default_rng(0)
    halves = (np.arange(10_000) + 0.5) / 1e4  # k + 1/2 ten-thousandths: the scaled value is near a half
    odd = np.array([0.0, -0.0, 1.0, 5e-5, 1.5e-4, 0.99995, 0.12345, 1e-300, 1e4 + 0.12345, 1e5 + 0.00005,
                    -0.00005, -2.71828, np.inf, -np.inf])
    for P in (halves.reshape(-1, 10), np.nextafter(halves, 1).reshape(-1, 10), rng.random((3000, 13)) ** 6,
              rng.normal(0, 50, (500, 7)), odd.reshape(1, -1), np.tile(odd, (10, 1))):  # (small arrays go to round())
        want = [[round(float(p), 4) for p in row] for row in P]
        got = batch.rounded(P)
        assert got == want
        assert [[np.copysign(1, x) for x in row] for row in got] == [[np.copysign(1, x) for x in row] for row in want]
    for P in (np.array([[np.nan, 0.25]]), np.tile([[np.nan, 0.25]], (40, 1))):
        got = batch.rounded(P)
        assert all(np.isnan(row[0]) and row[1] == 0.25 for row in got)


def test_mean_confidence_on_wide_and_odd_rows():
    rng = np.random.default_rng(0)
    for width in (1, 3, 7, 8, 9, 16, 130, 1000):
        P = rng.random((50, width))
        assert batch.mean_confidence(P) == [float(np.mean(np.maximum(p, 1 - p))) for p in P]
        assert batch.mean_confidence(np.asfortranarray(P)) == [float(np.mean(np.maximum(p, 1 - p))) for p in P]


def test_unit_starts():
    assert batch.unit_starts([1, 3, 2]).tolist() == [0, 1, 4]
    assert batch.unit_starts([]).tolist() == []
