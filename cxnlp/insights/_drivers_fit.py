"""Fitting key drivers' model: whether the themes' effects are identified at all, and the effects, importance
and R² with their bootstrap intervals (``fit_model``), their arithmetic being ``_regression``'s.

It lives apart from ``drivers``, which picks the themes, checks the data and assembles the table, because it is
the statistics alone: it takes the 0/1 theme matrix and the scores, and knows nothing of frames or columns.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

import numpy as np
from threadpoolctl import threadpool_limits

from . import _regression as reg

#: Percentiles of the 95% bootstrap intervals.
_TAILS = (2.5, 97.5)
_Z95 = 1.959963984540054  # the normal quantile of a two-sided 95% interval
#: A resample in which a theme has no variance (none of its few respondents drawn) leaves its effect and importance
#: undefined, and out of its interval; an interval needs them defined in at least this share of the resamples, and
#: is withheld (NaN) otherwise (a theme of one or two respondents).
MIN_DEFINED = 0.9
#: Draws within this much of 0 (times the score's range; R² and importance on their own scales) are 0: the rounding
#: noise of a sum of cross-products, not an effect.
_TOL = 1e-9


def _identified(x: np.ndarray) -> bool:
    """Whether the intercept and each theme's indicator (the columns of ``x``) are linearly independent:
    without respondents who mention no theme, the model still separates the themes through those who
    mention several (additive effects), unless the indicators add up to a constant."""
    rows, cols = np.nonzero(x)
    return identified_pairs(rows, cols, *x.shape)


def identified_pairs(rows: np.ndarray, cols: np.ndarray, n_rows: int, k: int, rank: bool = True) -> bool:
    """``_identified`` of the ``n_rows`` x ``k`` indicators whose ones are at the distinct (``rows``, ``cols``);
    without ``rank``, only the counts' signs of it (the rank of k + 1 columns is O(k³)).

    Built from the pairs, not from a dense copy: with a column of one value per respondent (2,000 stores by 200,000
    responses) the dense float copies took 6.7 GB and a minute only to find a rank the row counts already show."""
    if k == 0:
        return True
    per_row = np.bincount(rows, minlength=n_rows)
    if per_row.min() == per_row.max():
        # Every respondent mentions the same number of themes (exactly one, as with a store per respondent): the
        # indicators add up to that number times the intercept.
        return False
    if n_rows < k + 1 or not rank:
        return n_rows >= k + 1
    from scipy import sparse

    m = sparse.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n_rows, k))
    # The Gram matrix of [1, x]: only k x k counts, whatever the number of respondents.
    counts = np.asarray(m.sum(axis=0)).ravel()
    gram = np.empty((k + 1, k + 1))
    gram[0, 0], gram[0, 1:], gram[1:, 0] = n_rows, counts, counts
    gram[1:, 1:] = (m.T @ m).toarray()
    return np.linalg.matrix_rank(gram) == k + 1


def twins_of(rows: np.ndarray, cols: np.ndarray, k: int, names: list[str]) -> tuple[str, str] | None:
    """The first two themes mentioned by exactly the same respondents, else None (the indicators' ones given as
    distinct (``rows``, ``cols``) pairs)."""
    order = np.lexsort((rows, cols))
    starts = np.searchsorted(cols[order], np.arange(k + 1))
    seen: dict[bytes, int] = {}
    for j in range(k):
        key = rows[order[starts[j]:starts[j + 1]]].tobytes()
        if key in seen:
            return names[seen[key]], names[j]
        seen[key] = j
    return None


def fit_model(x: np.ndarray, y: np.ndarray, method: str, n_boot: int, seed: int) -> dict:
    """Effects, importance (% of R²) and R², each with its bootstrap interval (NaN when ``n_boot`` is 0)."""
    k = x.shape[1]
    if k == 0:
        return {name: np.array([]) for name in ("effect", "effect_low", "effect_high", "importance",
                                                 "importance_low", "importance_high")} | {
            "r2": 0.0, "r2_low": np.nan, "r2_high": np.nan, "stratified": False, "constant_share": 0.0}
    split = reg.shapley if method == "shapley" else reg.relative_weights
    z, counts = reg.cells(x, y)
    # Differences within floating-point noise of 0 are 0: an effect_low of +4e-15 made a theme significant.
    tol = _TOL * max(float(np.ptp(y)), 1.0)

    def measure(cov, resample=True):
        # The score never varies in the resample: nothing is explained there. (The table's own estimates keep the
        # slopes of 0 of a score that never varies, with no R², importance, rank or quadrant.)
        constant = (cov[:, -1, -1] <= 0) & resample
        r2 = reg.r2(cov)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = 100.0 * split(cov) / r2[:, None]
        # A theme without variance in a resample has no importance there (not 0); nor a slope (coefficients). A
        # resample whose score never varies leaves all three undefined alike (its slopes were exactly 0: false zeros).
        effect = np.where(constant[:, None], np.nan, reg.coefficients(cov))
        importance = np.where(reg.varies(cov) & ~constant[:, None], share, np.nan)
        r2 = np.where(constant, np.nan, r2)
        return _snap(effect, tol), _snap(importance, 100 * _TOL), _snap(r2, _TOL)

    # Thousands of small matrices: BLAS threads only get in each other's way (10x slower on 2 busy cores).
    with _one_blas_thread():
        full = reg.covariances(z, counts[None, :])
        effect, importance, r2 = (v[0] for v in measure(full, False))
    out = {"effect": effect, "importance": importance, "r2": r2}
    boot = []
    # When the themes are told apart only through the baseline (each respondent mentions one of them), a resample
    # without the baseline's respondents identifies no effect: resample the baseline and the others separately,
    # each keeping its count (a stratified bootstrap, holding the reference group's size fixed as a comparison of
    # groups does). Otherwise the ordinary bootstrap (the same draws as before).
    strata = z[:, 1:-1].any(axis=1) if baseline_needed(x) else None
    for weights in reg.resample_weights(counts, n_boot, np.random.default_rng(seed), strata):
        cov = reg.covariances(z, weights)
        with _one_blas_thread():
            boot.append(measure(cov))
    measures = ("effect", "importance", "r2")
    draws_of = {name: np.concatenate([b[i] for b in boot]) for i, name in enumerate(measures)} if boot else {}
    n = float(counts.sum())
    for name in measures:
        if boot:
            draws = draws_of[name]
            low, high = _percentiles(draws)
            withheld = np.isfinite(draws).mean(axis=0) < MIN_DEFINED
            out[f"{name}_low"], out[f"{name}_high"] = np.where(withheld, np.nan, low), np.where(withheld, np.nan, high)
        else:
            out[f"{name}_low"] = out[f"{name}_high"] = np.full_like(out[name], np.nan)
    if boot:
        # Where the classical standard error (residual variance pooled over all respondents) is the larger, the
        # interval is widened to hold the classical one too: a small theme's resamples repeat its own spread, which
        # may be next to none. (Never narrowed: replacing it moved an end of a skewed interval inwards, and one
        # theme without an effect was called significant.)
        classical = reg.standard_errors(full[0], n)
        wider = classical > _spread(draws_of["effect"])
        withheld = np.isnan(out["effect_low"])
        for name, sign, outer in (("effect_low", -1.0, np.fmin), ("effect_high", 1.0, np.fmax)):
            widened = outer(out[name], out["effect"] + sign * _Z95 * classical)
            out[name] = np.where(withheld, np.nan, np.where(wider, widened, out[name]))
    if boot and np.isfinite(out["r2_low"]):
        out["r2_low"], out["r2_high"] = _r2_interval(out["r2"], draws_of["r2"], n, k)
    for name in ("r2", "r2_low", "r2_high"):
        out[name] = float(out[name])
    out["stratified"] = strata is not None
    # The share of resamples whose score never varies (the reason R² and every interval are withheld when it is
    # more than 1 - MIN_DEFINED).
    out["constant_share"] = float(np.mean([np.isnan(b[2]).mean() for b in boot])) if boot else 0.0
    return out


def _spread(draws: np.ndarray) -> np.ndarray:
    """The standard deviation of each column's defined draws (``np.nanstd`` without its warning where none is)."""
    defined = np.isfinite(draws)
    count = np.maximum(defined.sum(axis=0), 1)
    mean = np.where(defined, draws, 0.0).sum(axis=0) / count
    return np.sqrt((np.where(defined, draws - mean, 0.0) ** 2).sum(axis=0) / count)


def _r2_interval(r2: float, draws: np.ndarray, n: float, k: int) -> tuple[float, float]:
    """95% interval of the population R²: the bootstrap percentiles of the adjusted R², shifted by the bootstrap's
    bias so that they centre on the sample's adjusted R², and clipped to [0, 1].

    The sample R² of k themes is biased upward by about k/n, and a resample's R² by as much again: the percentiles
    of the plain R² never covered a true R² of 0 (N = 300, 3 themes) and a true 0.013 in 87% of samples."""
    def adjusted(value):
        return 1.0 - (1.0 - value) * (n - 1.0) / max(n - k - 1.0, 1.0)

    boot = adjusted(draws[np.isfinite(draws)])
    shifted = boot - (boot.mean() - adjusted(r2))
    low, high = np.percentile(shifted, _TAILS)
    return float(np.clip(low, 0.0, 1.0)), float(np.clip(high, 0.0, 1.0))


def baseline_needed(x: np.ndarray) -> bool:
    """Whether the themes are identified only through the respondents who mention none of them (the baseline):
    without those rows the indicators and the intercept are linearly dependent."""
    some = x.any(axis=1)
    return bool(0 < (~some).sum() and not _identified(x[some]))


def _snap(values: np.ndarray, tol: float) -> np.ndarray:
    """``values`` with those within ``tol`` of 0 set to 0 (NaN kept)."""
    return np.where(np.abs(values) < tol, 0.0, values)


def _percentiles(draws: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.nanpercentile(draws, _TAILS, axis=0)``, NaN where no draw is defined (importance throughout when the
    score never varies) without NumPy's all-NaN warning, and so without touching the process's warning filters
    (``warnings.catch_warnings`` is not thread-safe: a summary in a service's threads could leave it on)."""
    flat = draws.reshape(len(draws), -1)
    low, high = np.full(flat.shape[1], np.nan), np.full(flat.shape[1], np.nan)
    defined = np.isfinite(flat).any(axis=0)
    if defined.any():
        low[defined], high[defined] = np.nanpercentile(flat[:, defined], _TAILS, axis=0)
    return low.reshape(draws.shape[1:]), high.reshape(draws.shape[1:])


_blas = {"users": 0, "limiter": None}
_blas_lock = threading.Lock()


@contextmanager
def _one_blas_thread():
    """BLAS limited to one thread while any ``drivers`` call needs it, and the process's own setting back after
    the last. The limit is process-wide (threadpoolctl sets the library's): calls in two threads each saving and
    restoring it left it at one thread for good."""
    import scipy.linalg  # noqa: F401  (its own BLAS, loaded now: a library loaded under the limit kept it)

    with _blas_lock:
        if _blas["users"] == 0:
            _blas["limiter"] = threadpool_limits(limits=1, user_api="blas")
        _blas["users"] += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas["users"] -= 1
            if _blas["users"] == 0:
                _blas["limiter"].restore_original_limits()
                _blas["limiter"] = None
