"""The arithmetic of key drivers: a linear model of a score on 0/1 theme columns, the share of its
R² that each theme accounts for, and bootstrap resamples of both, all from cross-product sums.

Respondents with the same themes and the same answer are interchangeable, so the data is held as
*cells* (distinct rows of ``[themes, y]``) with a count each. A bootstrap resample of respondents is
then a multinomial draw of cell counts, and the sums ``Z'Z`` (``Z = [1, x, y]``) of every resample
are one matrix product: ``counts @ outer(z_c, z_c)``. Everything after that works on
``(resamples, k + 1, k + 1)`` covariance matrices, never on rows again.
"""

from __future__ import annotations

from math import factorial

import numpy as np
import pandas as pd

#: Exact Shapley values need the R² of all 2**k subsets of themes; 12 themes are 4,096 subsets,
#: about half a second for 500 resamples. Above this, relative weights (Johnson 2000) are used.
SHAPLEY_MAX_THEMES = 12
_CHUNK = 4_000_000  # cells x resamples per multinomial draw, to bound memory on large surveys
_PRODUCTS = 4_000_000  # cells x products of pairs of columns held at once by ``covariances``


def cells(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows ``z = [1, x, y]`` of the data, in the order of their values, and how many
    respondents each stands for."""
    if x.shape[1] <= 62:  # the themes of a row as the bits of one integer: a 1-D unique, not a row sort
        # Codes in the order of the values, not of first appearance: the cells, and so the bootstrap's draws,
        # come out the same for any order of the rows.
        pattern = pd.factorize(x @ (np.int64(1) << np.arange(x.shape[1], dtype=np.int64)), sort=True)[0]
        answer, answers = pd.factorize(y, sort=True)
        _, first, counts = np.unique(pattern * len(answers) + answer, return_index=True, return_counts=True)
        z = np.column_stack([np.ones(first.size), x[first].astype(float), y[first]])
        return z, counts.astype(float)
    z = np.column_stack([np.ones(len(y)), x.astype(float), y])
    distinct, counts = np.unique(z, axis=0, return_counts=True)
    return distinct, counts.astype(float)


def covariances(z: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Covariance matrices of ``[x, y]`` (population, over the weighted cells), one per row of ``weights``.

    ``weights`` is ``(resamples, cells)``; the result is ``(resamples, k + 1, k + 1)``, y last.
    """
    d = z.shape[1]
    i, j = np.triu_indices(d)  # the Gram matrix is symmetric: half the products
    # The products of a block of cells at a time: all at once they are cells x d²/2 floats (260 themes by 11,000
    # cells: 3 GB); the blocks add up to the same sums (exactly so for whole answers).
    step = max(1, _PRODUCTS // i.size)
    upper = sum(weights[:, s:s + step] @ (z[s:s + step, i] * z[s:s + step, j]) for s in range(0, len(z), step))
    gram = np.empty((len(weights), d, d))
    gram[:, i, j] = upper
    gram[:, j, i] = upper
    n = gram[:, 0, 0]
    mean = gram[:, 0, 1:] / n[:, None]
    return gram[:, 1:, 1:] / n[:, None, None] - mean[:, :, None] * mean[:, None, :]


def resample_weights(counts: np.ndarray, n_boot: int, rng: np.random.Generator, strata: np.ndarray | None = None):
    """Cell counts of ``n_boot`` bootstrap resamples of the respondents, yielded in chunks.

    ``strata`` (one label per cell) resamples each stratum's respondents separately, keeping its count: a stratified
    bootstrap. None (or a single stratum) draws the same resamples as before strata existed."""
    labels = [None] if strata is None else list(np.unique(strata))
    if len(labels) == 1:
        labels, strata = [None], None
    step = max(1, _CHUNK // max(len(counts), 1))
    for start in range(0, n_boot, step):
        size = min(step, n_boot - start)
        out = np.zeros((size, len(counts)))
        for label in labels:
            cols = slice(None) if strata is None else np.flatnonzero(strata == label)
            c = counts[cols]
            out[:, cols] = rng.multinomial(int(c.sum()), c / c.sum(), size=size)
        yield out


def coefficients(cov: np.ndarray) -> np.ndarray:
    """OLS slopes of y on the themes, ``(resamples, k)``; NaN for a theme whose slope a resample leaves undefined:
    one without variance (no respondent of the resample mentions it) or one the others add up to (two small themes
    drawn with the same respondents). The pseudo-inverse gave the first a slope of 0 and split the slope of
    identical themes between them, which pulled a small theme's interval to 0."""
    beta, inv = _slopes(cov)
    # Theme j's slope is identified when e_j lies in the row space of the themes' covariance: the j-th diagonal
    # entry of the projection pinv(S) @ S onto it is 1 (0 for a theme without variance, 1/2 for two twins).
    projected = np.einsum("bji,bij->bj", inv, cov[:, :-1, :-1])
    return np.where(projected > 1.0 - 1e-6, beta, np.nan)


def varies(cov: np.ndarray) -> np.ndarray:
    """Whether each theme varies in each resample, ``(resamples, k)``: some of its respondents mention it, not all."""
    return np.diagonal(cov, axis1=1, axis2=2)[:, :-1] > 0


def _slopes(cov: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The minimum-norm least-squares slopes, ``(resamples, k)``, and the pseudo-inverse of the themes' covariance."""
    inv = np.linalg.pinv(cov[:, :-1, :-1], rcond=1e-10)
    return (inv @ cov[:, :-1, -1:])[:, :, 0], inv


def subset_r2(cov: np.ndarray) -> np.ndarray:
    """R² of the regression of y on every subset of the k themes: ``(resamples, 2**k)``, the subset
    as a bit mask (bit j set when theme j is in it).

    A depth-first walk over subsets in increasing order of their themes: the child ``S + {j}``
    conditions the parent's covariances of the themes after ``j`` and ``y`` on theme ``j`` (a Schur
    complement), so each subset costs one rank-one update of a shrinking matrix, and only forward
    steps are taken (no sweeping out, no error building up).
    """
    b, d, _ = cov.shape
    k = d - 1
    vy = cov[:, -1, -1]
    tol = 1e-9 * np.diagonal(cov, axis1=1, axis2=2)[:, :-1]  # a theme explained away adds nothing
    resid = np.empty((b, 1 << k))
    resid[:, 0] = vy

    def visit(m: np.ndarray, mask: int, start: int) -> None:
        # m: covariances of the themes start..k-1 and y given the themes in ``mask``
        for i in range(m.shape[1] - 1):
            j = start + i
            pivot = m[:, i, i]
            ok = pivot > tol[:, j]
            inv = np.divide(1.0, pivot, out=np.zeros_like(pivot), where=ok)
            col = m[:, i + 1:, i]
            child = m[:, i + 1:, i + 1:] - col[:, :, None] * (col * inv[:, None])[:, None, :]
            resid[:, mask | 1 << j] = child[:, -1, -1]
            if child.shape[1] > 1:
                visit(child, mask | 1 << j, j + 1)

    visit(cov, 0, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(vy[:, None] > 0, 1.0 - resid / vy[:, None], np.nan)


def shapley(cov: np.ndarray) -> np.ndarray:
    """Shapley values of R² over the themes, ``(resamples, k)``; they add up to the full model's R².

    Theme j gets ``sum over S without j of |S|! (k-|S|-1)! / k! * (R²(S + j) - R²(S))``: its gain
    in R² averaged over every order of adding the themes (= general dominance, Budescu 1993).
    """
    k = cov.shape[1] - 1
    r2 = subset_r2(cov)
    masks = np.arange(1 << k)
    size = np.array([m.bit_count() for m in range(1 << k)])
    weight = np.array([factorial(s) * factorial(k - s - 1) / factorial(k) for s in range(k)])
    out = np.empty((cov.shape[0], k))
    for j in range(k):
        without = masks[(masks >> j & 1) == 0]
        out[:, j] = (r2[:, without | 1 << j] - r2[:, without]) @ weight[size[without]]
    return out


def relative_weights(cov: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights, ``(resamples, k)``: R² split over the themes through the
    orthogonal variables closest to them. They add up to R² and track Shapley values closely at a
    cost of one eigen-decomposition per resample, so they stand in for them above
    ``SHAPLEY_MAX_THEMES`` themes."""
    sd = np.sqrt(np.clip(np.diagonal(cov, axis1=1, axis2=2), 0.0, None))
    scale = np.where(sd > 0, sd, np.inf)
    corr = cov / scale[:, :, None] / scale[:, None, :]
    rxx, rxy = corr[:, :-1, :-1], corr[:, :-1, -1]
    rxx = rxx + np.eye(rxx.shape[1]) * (sd[:, :-1] == 0)[:, None, :]  # a constant theme: its own axis
    lam, vec = np.linalg.eigh(rxx)
    lam = np.clip(lam, 0.0, None)
    root = np.sqrt(lam)
    inv_root = np.divide(1.0, root, out=np.zeros_like(root), where=lam > 1e-10)
    lam_half = (vec * root[:, None, :]) @ vec.transpose(0, 2, 1)  # correlations of x with the orthogonal z
    beta = ((vec * inv_root[:, None, :]) @ vec.transpose(0, 2, 1) @ rxy[:, :, None])[:, :, 0]
    return np.einsum("bji,bi->bj", lam_half**2, beta**2)


def standard_errors(cov: np.ndarray, n: float) -> np.ndarray:
    """The classical OLS standard errors of the slopes, ``(k,)``, from the covariances ``cov`` (``(k + 1, k + 1)``, y
    last) of ``n`` respondents: ``sqrt(s² (X'X)⁻¹)`` with the residual variance ``s²`` pooled over all of them
    (``n - k - 1`` degrees of freedom), whatever each theme's own spread."""
    beta, inv = _slopes(cov[None])
    k = cov.shape[0] - 1
    residual = max(float(cov[-1, -1] - beta[0] @ cov[:-1, -1]), 0.0) * n / max(n - k - 1.0, 1.0)
    return np.sqrt(residual * np.clip(np.diagonal(inv[0]), 0.0, None) / n)


def r2(cov: np.ndarray) -> np.ndarray:
    """R² of the full model, ``(resamples,)`` (defined where a slope is not: the fitted values are unique)."""
    beta, _ = _slopes(cov)
    vy = cov[:, -1, -1]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(vy > 0, (beta * cov[:, :-1, -1]).sum(axis=1) / vy, np.nan)


__all__ = ["SHAPLEY_MAX_THEMES", "cells", "coefficients", "covariances", "r2", "relative_weights",
           "resample_weights", "shapley", "standard_errors", "subset_r2", "varies"]
