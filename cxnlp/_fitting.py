"""The fitting steps behind ``MultiAxisClassifier.fit``: logistic regressions and their out-of-fold scores,
Platt calibration, per-label F1 thresholds, and the residual weights that correct a head for an industry (fitted
on top of the shared heads' out-of-fold scores through their calibrators, so an industry moves only what its
rows show). Training only: a loaded model predicts with ``cxnlp.heads`` and never imports this."""

from __future__ import annotations

import numpy as np
from joblib import Parallel, delayed
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold


def fit_lr(X, y, C, seed, w=None):
    lr = LogisticRegression(C=C, class_weight="balanced", max_iter=2000, random_state=seed)
    return lr.fit(X, y, sample_weight=w)


def oof_scores(X, y, C, folds, seed, n_jobs, w=None):
    """Out-of-fold decision scores of a logistic regression (rows never scored by a model that saw them)."""
    # Rare labels get fewer folds rather than a failure: each fold needs one example of each class.
    smallest = int(np.unique(y, return_counts=True)[1].min())
    splitter = StratifiedKFold(n_splits=max(2, min(folds, smallest)), shuffle=True, random_state=seed)
    splits = list(splitter.split(np.zeros(len(y)), y))
    fitted = Parallel(n_jobs=n_jobs)(
        delayed(fit_lr)(X[tr], y[tr], C, seed, None if w is None else w[tr]) for tr, _ in splits)
    classes = np.unique(y)
    out = np.zeros((len(y), 1 if len(classes) == 2 else len(classes)), dtype=np.float64)
    for lr, (_, te) in zip(fitted, splits):
        out[te] = lr.decision_function(X[te]).reshape(len(te), -1)
    return out


def binary_residual_loss(v, X, XT, scores, slopes, offsets, Y, w, C):
    """Value and gradient in ``v`` (``V`` raveled, features x labels) of the ``w``-weighted log loss of
    sigmoid(slopes * (scores + X @ V) + offsets), label by label, plus |V|^2 / 2C."""
    from scipy.special import expit

    V = v.reshape(X.shape[1], -1)
    Z = (scores + X @ V) * slopes + offsets
    value = np.sum(w[:, None] * (np.logaddexp(0, Z) - Y * Z)) + 0.5 * v @ v / C
    return value, (XT @ ((expit(Z) - Y) * w[:, None] * slopes) + V / C).ravel()


def multinomial_residual_loss(v, X, XT, scores, cal_coef, cal_intercept, onehot, w, C):
    """Value and gradient in ``v`` (``V`` raveled, features x score columns) of the ``w``-weighted log loss
    of softmax((scores + X @ V) @ cal_coef.T + cal_intercept) against ``onehot``, plus |V|^2 / 2C."""
    from scipy.special import log_softmax

    V = v.reshape(X.shape[1], -1)
    logp = log_softmax((scores + X @ V) @ cal_coef.T + cal_intercept, axis=1)
    value = -np.sum(w * np.sum(onehot * logp, axis=1)) + 0.5 * v @ v / C
    return value, (XT @ (((np.exp(logp) - onehot) * w[:, None]) @ cal_coef) + V / C).ravel()


def residual_binary(X, scores, calibrator, Y, w, C):
    """Weights ``V`` (features x labels) that correct one-vs-rest heads on ``X``: their out-of-fold
    ``scores`` plus ``X @ V``, through each label's Platt ``calibrator`` (slope, offset), fit ``Y``."""
    args = (X, X.T.tocsr(), scores, calibrator[:, 0], calibrator[:, 1], np.asarray(Y, dtype=np.float64), w, C)
    return _minimise(binary_residual_loss, (X.shape[1], scores.shape[1]), args)


def residual_multinomial(X, scores, cal_coef, cal_intercept, y, w, C):
    """Weights ``V`` (features x score columns) that correct a multinomial head on ``X``: its out-of-fold
    ``scores`` plus ``X @ V``, through its calibrator (``cal_coef``, ``cal_intercept``), fit the classes ``y``."""
    if cal_coef.shape[0] == 1:  # two classes: one logit, class 1 against class 0
        cal_coef, cal_intercept = np.vstack([0 * cal_coef, cal_coef]), np.array([0.0, cal_intercept[0]])
    args = (X, X.T.tocsr(), scores, cal_coef, cal_intercept, np.eye(cal_coef.shape[0])[y], w, C)
    return _minimise(multinomial_residual_loss, (X.shape[1], scores.shape[1]), args)


def _minimise(loss, shape, args):
    from scipy.optimize import minimize

    start = np.zeros(shape[0] * shape[1])
    return minimize(loss, start, args=args, jac=True, method="L-BFGS-B", options={"maxiter": 1000}).x.reshape(shape)


def platt(scores, y):
    """Slope and offset of a sigmoid fitted on out-of-fold scores (Platt scaling)."""
    lr = LogisticRegression(C=1e4, max_iter=1000).fit(scores.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def best_threshold(prob, y, floor):
    """Threshold on out-of-fold probabilities that maximises this label's F1, from ``floor`` up to 0.9 (``floor``
    itself above that: a floor of 0.95, with no threshold to try, gave 0.5, below it)."""
    best_t, best_f1 = float(floor), -1.0
    for t in np.arange(floor, 0.91, 0.025):
        pred = prob >= t
        tp = np.sum(pred & y)
        f1 = 2 * tp / max(1, pred.sum() + y.sum())
        if f1 > best_f1 + 1e-9:
            best_t, best_f1 = float(t), f1
    return best_t
