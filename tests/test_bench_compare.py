"""bench/compare_accuracy.py: the paired bootstrap that tells a real change on realdev from noise.

Synthetic labels only: the development sets are not in the repository."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from cxnlp.evaluation import score_multi

# Loaded by file: putting bench/ on sys.path would let bench/distributed.py hide Dask's package.
_SPEC = importlib.util.spec_from_file_location(
    "bench_compare_accuracy", Path(__file__).resolve().parents[1] / "bench" / "compare_accuracy.py")
compare_accuracy = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(compare_accuracy)

LABELS = ["delivery", "price", "product", "support"]


def _random_sets(rng, n):
    return [{l for l in LABELS if rng.random() < 0.3} or {"product"} for _ in range(n)]


def test_row_zero_is_the_data_itself_and_matches_score_multi():
    rng = np.random.default_rng(0)
    truth, pred = _random_sets(rng, 120), _random_sets(rng, 120)
    weights = compare_accuracy.resample_weights(len(truth), 50, seed=1)
    assert (weights[0] == 1).all() and (weights[1:].sum(axis=1) == len(truth)).all()
    T, P = (compare_accuracy.indicators(s, LABELS) for s in (truth, pred))
    macro, micro = compare_accuracy.f1_figures(weights, T, P, np.ones(len(LABELS), dtype=bool))
    reference = score_multi(truth, pred, LABELS)
    assert micro[0] == pytest.approx(reference["micro_f1"])
    assert macro[0] == pytest.approx(reference["macro_f1"])
    assert np.std(micro[1:]) > 0  # the resamples differ


def test_the_same_predictions_are_no_change():
    rng = np.random.default_rng(2)
    truth, pred = _random_sets(rng, 150), _random_sets(rng, 150)
    weights = compare_accuracy.resample_weights(150, 300, seed=3)
    pairs = compare_accuracy.compare_sets(truth, pred, pred, LABELS, weights)
    row = compare_accuracy.row("set", "touchpoints micro-F1", pairs["micro"])
    assert row["difference"] == 0 and row["low"] == 0 and row["high"] == 0 and row["verdict"] == "~"


def test_a_planted_improvement_is_up_and_a_one_row_change_is_noise():
    rng = np.random.default_rng(4)
    truth = _random_sets(rng, 200)
    noisy = _random_sets(rng, 200)
    weights = compare_accuracy.resample_weights(200, 500, seed=5)
    better = compare_accuracy.compare_sets(truth, noisy, truth, LABELS, weights)
    up = compare_accuracy.row("set", "touchpoints micro-F1", better["micro"])
    assert up["verdict"] == "up" and up["low"] > 0
    worse = compare_accuracy.row("set", "touchpoints micro-F1", (better["micro"][1], better["micro"][0]))
    assert worse["verdict"] == "down" and worse["high"] < 0
    one_row = list(noisy)
    one_row[0] = truth[0] | {"support"} if truth[0] != noisy[0] else noisy[0] - {"product"}
    small = compare_accuracy.compare_sets(truth, noisy, one_row, LABELS, weights)
    assert compare_accuracy.row("set", "touchpoints micro-F1", small["micro"])["verdict"] == "~"


def test_single_label_macro_f1_over_classes():
    truth = ["positive"] * 50 + ["negative"] * 50
    before = ["positive"] * 100
    weights = compare_accuracy.resample_weights(100, 200, seed=6)
    b, a = compare_accuracy.single_label(truth, before, truth, ["positive", "negative"], weights)
    assert a[0] == 1.0 and b[0] == pytest.approx((2 * 50 / 150 + 0) / 2)
    assert compare_accuracy.row("stars", "sentiment", (b, a))["verdict"] == "up"
