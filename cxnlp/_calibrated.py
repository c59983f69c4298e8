"""A fitted head as plain arrays (``_Calibrated``: weights, intercepts and a calibrator) and the probabilities of
every head scored side by side (``_Layout``, ``Probabilities``), with ``_row_products``, the sparse product
computed row by row for small batches. Kept apart from ``heads`` because these are the arithmetic both halves of a
model share: ``MultiAxisClassifier`` fits ``_Calibrated`` heads, and ``Predictor`` predicts with them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .text.fitted import Rows


class _Calibrated:
    """A fitted linear model plus a Platt/stacking calibrator, stored as plain arrays for speed
    (scikit-learn's input validation costs more than the arithmetic for one comment).

    Binary (one-vs-rest) models: one column of ``coef_t`` per label; probabilities are
    sigmoid(a * score + b) per label. Multiclass: one multinomial model whose scores go through a
    small multinomial logistic calibrator fitted on out-of-fold scores.
    """

    def __init__(self, classes, coef, intercept, calibrator):
        self.classes = list(classes)
        # (n_features, n_labels), C-contiguous: sparse @ dense needs no copy of the weights.
        self.coef_t = np.ascontiguousarray(np.asarray(coef, dtype=np.float32).T)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        if hasattr(calibrator, "coef_"):  # a fitted multinomial LogisticRegression
            self.calibrator = None
            self.cal_coef = calibrator.coef_.astype(np.float64)
            self.cal_intercept = calibrator.intercept_.astype(np.float64)
        else:  # binary one-vs-rest: (n_labels, 2) slopes and offsets
            self.calibrator = np.asarray(calibrator, dtype=np.float64)

    def scores(self, X):
        """``X @ coef_t + intercept`` for a sparse matrix, or for ``Rows`` (the same floats, ``_row_products``)."""
        return (_row_products(X, self.coef_t) if isinstance(X, Rows) else np.asarray(X @ self.coef_t)) + self.intercept

    def to_state(self, prefix: str) -> tuple[dict, dict[str, np.ndarray]]:
        """Plain data for saving: a JSON-ready dict and named arrays (no pickled objects)."""
        arrays = {f"{prefix}.coef_t": self.coef_t, f"{prefix}.intercept": self.intercept}
        if self.calibrator is not None:
            arrays[f"{prefix}.calibrator"] = self.calibrator
        else:
            arrays[f"{prefix}.cal_coef"], arrays[f"{prefix}.cal_intercept"] = self.cal_coef, self.cal_intercept
        return {"classes": self.classes}, arrays

    @classmethod
    def from_state(cls, prefix: str, state: dict, arrays) -> _Calibrated:
        self = cls.__new__(cls)
        if not isinstance(state.get("classes"), list):
            raise ValueError(f"{prefix}: 'classes' must be a list of names")
        self.classes = list(state["classes"])
        self.coef_t = np.ascontiguousarray(arrays[f"{prefix}.coef_t"], dtype=np.float32)
        self.intercept = np.asarray(arrays[f"{prefix}.intercept"], dtype=np.float32)
        if f"{prefix}.calibrator" in arrays:
            self.calibrator = np.asarray(arrays[f"{prefix}.calibrator"], dtype=np.float64)
        else:
            self.calibrator = None
            self.cal_coef = np.asarray(arrays[f"{prefix}.cal_coef"], dtype=np.float64)
            self.cal_intercept = np.asarray(arrays[f"{prefix}.cal_intercept"], dtype=np.float64)
        if self.coef_t.ndim != 2 or self.intercept.ndim != 1 or self.coef_t.shape[1] != len(self.intercept):
            raise ValueError(f"{prefix}: weights of shape {self.coef_t.shape} do not match {self.intercept.shape} "
                             f"intercepts")
        self._check(prefix)
        return self

    def _check(self, prefix: str) -> None:
        """Classes, calibration and weights of a head read from a file fit together and are finite numbers."""
        classes, k = self.classes, self.coef_t.shape[1]
        if not (classes and all(isinstance(c, str) and c for c in classes) and len(set(classes)) == len(classes)):
            raise ValueError(f"{prefix}: 'classes' must be a list of distinct names")
        if len(classes) != k and not (len(classes) == 2 and k == 1):
            raise ValueError(f"{prefix}: {len(classes)} classes but {k} outputs")
        if self.calibrator is not None:
            parts = [self.calibrator]
            if self.calibrator.shape != (k, 2):
                raise ValueError(f"{prefix}: calibrator of shape {self.calibrator.shape}, expected {(k, 2)}")
        else:
            parts = [self.cal_coef, self.cal_intercept]
            rows = self.cal_coef.shape[0] if self.cal_coef.ndim == 2 else -1
            if (self.cal_coef.ndim != 2 or self.cal_coef.shape[1] != k or rows not in ((1, k) if k == 2 else (k,))
                    or self.cal_intercept.shape != (rows,)):
                raise ValueError(f"{prefix}: calibration of shapes {self.cal_coef.shape} and "
                                 f"{self.cal_intercept.shape} does not fit {k} outputs")
        for part in (self.coef_t, self.intercept, *parts):
            if not np.isfinite(part).all():
                raise ValueError(f"{prefix}: the weights hold NaN or infinite values")

    def predict_proba(self, X):
        return self.calibrate(self.scores(X))

    def calibrate(self, scores):
        if self.calibrator is not None:
            z = scores * self.calibrator[:, 0] + self.calibrator[:, 1]
            return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        z = scores @ self.cal_coef.T + self.cal_intercept
        if z.shape[1] == 1:  # two classes: the calibrator has one logit
            p = 1.0 / (1.0 + np.exp(-np.clip(z[:, 0], -30, 30)))
            return np.column_stack([1 - p, p])
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def _row_products(rows, weights: np.ndarray) -> np.ndarray:
    """``csr_matrix(rows) @ weights`` as SciPy computes it (csr_matvecs): each row's terms
    ``data * weights[column]`` added one after another in the row's order, from zero."""
    out = np.zeros((len(rows.indptr) - 1, weights.shape[1]), dtype=np.result_type(rows.data, weights))
    terms = weights[rows.indices] * rows.data[:, None]
    bounds = rows.indptr.tolist()
    for i in range(len(bounds) - 1):
        if bounds[i + 1] > bounds[i]:
            # Along axis 0 of a C-ordered array NumPy adds row after row (no pairwise summation).
            np.add.reduce(terms[bounds[i]:bounds[i + 1]], axis=0, out=out[i])
    return out


class _Layout:
    """Where each head's outputs lie among the stacked columns of every head, and the one-vs-rest
    heads' calibrators laid side by side: ``heads`` holds ``(axis, model, start, end, b_start, b_end)``,
    the last two the head's columns in ``binary_columns`` (None for a multinomial head)."""

    def __init__(self, heads):
        bounds = np.cumsum([0, *(model.coef_t.shape[1] for _, model in heads)]).tolist()
        self.intercepts = np.concatenate([model.intercept for _, model in heads])
        columns, calibrators, self.heads = [], [], []
        for (axis, model), start, end in zip(heads, bounds[:-1], bounds[1:]):
            if model.calibrator is None:
                self.heads.append((axis, model, start, end, None, None))
                continue
            self.heads.append((axis, model, start, end, len(columns), len(columns) + end - start))
            columns.extend(range(start, end))
            calibrators.append(model.calibrator)
        self.binary_columns = np.asarray(columns, dtype=np.intp)
        calibrator = np.vstack(calibrators) if calibrators else np.zeros((0, 2))
        self.slopes, self.offsets = calibrator[:, 0].copy(), calibrator[:, 1].copy()
        self.axes = tuple(axis for axis, *_ in self.heads)
        self.multinomial = {axis: (model, start, end) for axis, model, start, end, b_start, _ in self.heads
                            if b_start is None}


class Probabilities(Mapping):
    """Each head's probabilities (``{axis: (rows, classes)}``) from the scores of every head side by side:
    the one-vs-rest heads' are calibrated together, element by element as ``_Calibrated.calibrate`` does
    each alone (a few array operations per batch instead of a few per head); a multinomial head's
    (sentiment, effort: a product with its calibrator) only when it is first read, as results read the
    sentiment of comments and the segment sentiment of units, not the other way round."""

    def __init__(self, scores: np.ndarray, layout: _Layout):
        self._layout = layout
        self._raw = scores + layout.intercepts
        binary = self._raw[:, layout.binary_columns] * layout.slopes + layout.offsets
        binary = 1.0 / (1.0 + np.exp(-np.clip(binary, -30, 30)))
        self._done = {axis: binary[:, b_start:b_end] for axis, _, _, _, b_start, b_end in layout.heads
                      if b_start is not None}

    def __getitem__(self, axis: str) -> np.ndarray:
        done = self._done.get(axis)
        if done is None:
            model, start, end = self._layout.multinomial[axis]
            done = self._done[axis] = model.calibrate(self._raw[:, start:end])
        return done

    def __iter__(self):
        return iter(self._layout.axes)

    def __len__(self) -> int:
        return len(self._layout.axes)
