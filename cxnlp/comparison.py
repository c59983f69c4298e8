"""Compare two models on the same labelled data: paired bootstrap of macro-F1 per axis.

Promotion of the better model lives in ``cxnlp.persist`` (``promote``/``rollback``)."""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .exceptions import ConfigError, DataError, shown_value
from ._label_messages import _no_label_column, _warn_unpredicted_labels
from .labelled import frame_to_score, known_labels, known_names
from .model import Model, check_model
from .schema import AXES, MULTILABEL_AXES, SIGNAL_AXES

METRICS = ("sentiment.macro_f1", "touchpoints.macro_f1", "areas.macro_f1")
#: The fewest and the most resamples: an interval needs 100; past 100,000 its ends move in the third decimal no
#: more, and 10^6 resamples of 100,000 rows were hours of work.
MIN_BOOT, MAX_BOOT = 100, 100_000
#: Resample weights (resamples x rows) drawn at once: about 32 MB, whatever the number of resamples and rows.
_CHUNK_CELLS = 4_000_000


def _counts(truth_sets, pred_sets, labels) -> np.ndarray:
    """Per-row, per-label (tp, fp, fn) as an array of shape (n_rows, n_labels, 3)."""
    Y = np.array([[l in t for l in labels] for t in truth_sets], dtype=bool).reshape(-1, len(labels))
    P = np.array([[l in p for l in labels] for p in pred_sets], dtype=bool).reshape(-1, len(labels))
    return np.stack([Y & P, ~Y & P, Y & ~P], axis=-1).astype(np.float32)


def _macro_f1(totals: np.ndarray) -> np.ndarray:
    """Macro-F1 from (..., n_labels, 3) summed counts, over the labels the rows counted have or are given, as
    ``evaluate`` scores them: a resample without a rare class's rows averaged in an F1 of 0 for it, which pulled each
    model's macro-F1 down and shrank their difference's interval towards 0."""
    tp, fp, fn = totals[..., 0], totals[..., 1], totals[..., 2]
    present = 2 * tp + fp + fn > 0
    f1 = np.where(present, 2 * tp / np.maximum(2 * tp + fp + fn, 1e-9), 0.0)
    return f1.sum(axis=-1) / np.maximum(present.sum(axis=-1), 1)


def _resampled_diff(rng: np.random.Generator, ca: np.ndarray, cb: np.ndarray, n_boot: int) -> np.ndarray:
    """Macro-F1 of B minus A on ``n_boot`` resamples of the rows (``ca``, ``cb``: their counts), drawn in chunks of
    ``_CHUNK_CELLS`` weights: the draws of one call, in its order (the same seed, the same table), where all at once
    took resamples x rows x 8 bytes (800 GB for 10^6 resamples of 100,000 rows)."""
    n = len(ca)
    step = max(1, _CHUNK_CELLS // n)
    diffs = []
    for start in range(0, n_boot, step):
        weights = rng.multinomial(n, np.full(n, 1 / n), size=min(step, n_boot - start)).astype(np.float32)
        fa, fb = (_macro_f1(np.einsum("bn,nlk->blk", weights, counts)) for counts in (ca, cb))
        diffs.append(fb - fa)
    return np.concatenate(diffs)


def _axis_counts(model, data: pd.DataFrame, axis: str) -> tuple[np.ndarray, np.ndarray]:
    """Rows labelled on ``axis`` and their (n_rows, n_labels, 3) counts for ``model``."""
    mask = data[axis].notna().to_numpy()
    texts = data.loc[mask, "text"].tolist()
    results = list(model.classify_many(texts))
    if axis == "sentiment":
        truth = [{v} for v in data.loc[mask, axis]]
        pred = [{r.sentiment} for r in results]
    else:
        truth = [set(v) for v in data.loc[mask, axis]]
        pred = [set(getattr(r, axis)) for r in results]
    # The labels found or predicted, as ``cxnlp.evaluate`` scores them: a label the model predicts and the
    # data lacks is a label scored 0, not left out (else over-predicting cost nothing here); a label the data has
    # and no model predicts ('none' in a touchpoints cell) too, as evaluate keeps it (None: no prediction, a miss).
    labels = sorted(set().union(*truth, *pred) - {None}) if truth else []
    return mask, _counts(truth, pred, labels)


def compare(model_a: Model, model_b: Model, data: pd.DataFrame, *, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Paired bootstrap comparison of two models on the same rows (labels read as ``cxnlp.evaluate`` reads them).

    For each axis, rows are resampled with replacement ``n_boot`` times and macro-F1 of both
    models is recomputed on the same resample; the difference B - A gets a 95% interval and the
    share of resamples where B is not better (a one-sided p-value). The resamples are drawn with ``seed``, a whole
    number >= 0 as ``drivers``'s (the same seed gives the same table; None, an unseeded draw before, is a
    ``ConfigError``).

    Returns a DataFrame indexed by metric with columns ``a``, ``b``, ``diff``, ``low``, ``high``,
    ``p_b_not_better``, ``verdict`` ('B better', 'A better' or 'no clear difference').
    """
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or not MIN_BOOT <= n_boot <= MAX_BOOT:
        raise ConfigError(f"n_boot={shown_value(n_boot)}: expected at least 100 resamples (an interval needs them) "
                          f"and at most 100,000 (more change it no more); 1,000 is the default.")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:  # (NumPy's bare ValueError)
        raise ConfigError(f"seed must be a whole number >= 0, got {shown_value(seed)}.")
    check_model(model_a, "compare (model_a)")
    check_model(model_b, "compare (model_b)")
    # read as training data is (headers as a file's, blanks unlabelled, ids in lower case), the models' own ids
    # ('precio') kept
    data = frame_to_score(data, what="compare", known=known_labels(model_a, model_b),
                          named=known_names(model_a, model_b))
    _warn_unpredicted_labels(data, [model_a, model_b], "compare", ("sentiment", *MULTILABEL_AXES))
    rng = np.random.default_rng(seed)
    rows = []
    for axis in ("sentiment", *MULTILABEL_AXES):
        if axis not in data or not data[axis].notna().any():
            continue
        _, ca = _axis_counts(model_a, data, axis)
        _, cb = _axis_counts(model_b, data, axis)
        n = len(ca)
        diff = _resampled_diff(rng, ca, cb, n_boot)
        point_a, point_b = float(_macro_f1(ca.sum(0))), float(_macro_f1(cb.sum(0)))
        low, high = np.percentile(diff, [2.5, 97.5])
        verdict = "B better" if low > 0 else "A better" if high < 0 else "no clear difference"
        rows.append({"metric": f"{axis}.macro_f1", "n": n, "a": point_a, "b": point_b, "diff": point_b - point_a,
                     "low": float(low), "high": float(high), "p_b_not_better": float(np.mean(diff <= 0)),
                     "verdict": verdict})
    if not rows:
        if not any(axis in data for axis in (*AXES, *SIGNAL_AXES)):  # (its columns named, as evaluate names them)
            raise DataError(_no_label_column(data, AXES))
        raise DataError("the data labels none of sentiment, touchpoints and areas; compare scores those three axes "
                        "(a file labelled on signals only has nothing to compare on).")
    return pd.DataFrame(rows).set_index("metric")
