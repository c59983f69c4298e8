"""Compare two models on the same labelled data (paired bootstrap) and promote the better one."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from .exceptions import CxnlpError
from .schema import MULTILABEL_AXES

METRICS = ("sentiment.macro_f1", "touchpoints.macro_f1", "areas.macro_f1")


def _counts(truth_sets, pred_sets, labels) -> np.ndarray:
    """Per-row, per-label (tp, fp, fn) as an array of shape (n_rows, n_labels, 3)."""
    Y = np.array([[l in t for l in labels] for t in truth_sets], dtype=bool).reshape(-1, len(labels))
    P = np.array([[l in p for l in labels] for p in pred_sets], dtype=bool).reshape(-1, len(labels))
    return np.stack([Y & P, ~Y & P, Y & ~P], axis=-1).astype(np.float32)


def _macro_f1(totals: np.ndarray) -> np.ndarray:
    """Macro-F1 from (..., n_labels, 3) summed counts."""
    tp, fp, fn = totals[..., 0], totals[..., 1], totals[..., 2]
    f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1e-9), 0.0)
    return f1.mean(axis=-1)


def _axis_counts(model, data: pd.DataFrame, axis: str) -> tuple[np.ndarray, np.ndarray]:
    """Rows labelled on ``axis`` and their (n_rows, n_labels, 3) counts for ``model``."""
    mask = data[axis].notna().to_numpy()
    texts = data.loc[mask, "text"].tolist()
    results = list(model.classify_many(texts))
    if axis == "sentiment":
        truth = [{v} for v in data.loc[mask, axis]]
        pred = [{r.sentiment} for r in results]
    else:
        truth = [set(v.split("|")) if isinstance(v, str) else set(v) for v in data.loc[mask, axis]]
        pred = [set(getattr(r, axis)) for r in results]
    labels = sorted(set().union(*truth)) if truth else []
    return mask, _counts(truth, pred, labels)


def compare(model_a, model_b, data: pd.DataFrame, *, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Paired bootstrap comparison of two models on the same rows.

    For each axis, rows are resampled with replacement ``n_boot`` times and macro-F1 of both
    models is recomputed on the same resample; the difference B - A gets a 95% interval and the
    share of resamples where B is not better (a one-sided p-value).

    Returns a DataFrame indexed by metric with columns ``a``, ``b``, ``diff``, ``low``, ``high``,
    ``p_b_not_better``, ``verdict`` ('B better', 'A better' or 'no clear difference').
    """
    rng = np.random.default_rng(seed)
    rows = []
    for axis in ("sentiment", *MULTILABEL_AXES):
        if axis not in data or not data[axis].notna().any():
            continue
        _, ca = _axis_counts(model_a, data, axis)
        _, cb = _axis_counts(model_b, data, axis)
        n = len(ca)
        weights = rng.multinomial(n, np.full(n, 1 / n), size=n_boot).astype(np.float32)
        fa = _macro_f1(np.einsum("bn,nlk->blk", weights, ca))
        fb = _macro_f1(np.einsum("bn,nlk->blk", weights, cb))
        diff = fb - fa
        point_a, point_b = float(_macro_f1(ca.sum(0))), float(_macro_f1(cb.sum(0)))
        low, high = np.percentile(diff, [2.5, 97.5])
        verdict = "B better" if low > 0 else "A better" if high < 0 else "no clear difference"
        rows.append({"metric": f"{axis}.macro_f1", "n": n, "a": point_a, "b": point_b, "diff": point_b - point_a,
                     "low": float(low), "high": float(high), "p_b_not_better": float(np.mean(diff <= 0)),
                     "verdict": verdict})
    return pd.DataFrame(rows).set_index("metric")


def promote(candidate: str | Path, project: str | Path, *, data: pd.DataFrame | None = None,
            metric: str = "touchpoints.macro_f1", force: bool = False) -> dict:
    """Make ``candidate`` the default model of ``project`` (``<project>/models/default``).

    With ``data``, the candidate is compared with the current default first and promoted only if
    it is not worse on ``metric``. The previous default is kept in ``<project>/models/previous/<time>``
    for ``rollback``.
    """
    from .persist import load

    if metric not in METRICS:
        raise CxnlpError(f"Unknown metric '{metric}'; expected one of {list(METRICS)}.")
    project = Path(project)
    current = project / "models" / "default"
    _refuse_package_dir(current)
    new = load(candidate)
    report = {"promoted": False, "metric": metric}
    if current.exists() and data is not None:
        table = compare(load(current), new, data)
        if metric not in table.index:
            raise CxnlpError(f"The data has no labels for '{metric.split('.')[0]}'; cannot judge '{metric}'.")
        row = table.loc[metric]
        report.update(current=float(row["a"]), candidate=float(row["b"]), verdict=row["verdict"])
        if row["b"] < row["a"] and not force:
            report["reason"] = f"candidate {metric} {row['b']:.4f} < current {row['a']:.4f}; not promoted"
            return report
    if current.exists():
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        backup = project / "models" / "previous" / stamp
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(current), str(backup))
        report["previous"] = str(backup)
    current.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(candidate, current)
    report.update(promoted=True, default=str(current))
    return report


def rollback(project: str | Path) -> dict:
    """Restore the most recent previous default of ``project``; the rolled-back model is discarded."""
    project = Path(project)
    _refuse_package_dir(project / "models" / "default")
    previous = sorted((project / "models" / "previous").glob("*"))
    if not previous:
        raise CxnlpError(f"{project}: no previous model to roll back to (looked in models/previous/).")
    current = project / "models" / "default"
    if current.exists():
        shutil.rmtree(current)
    shutil.move(str(previous[-1]), str(current))
    return {"restored": str(previous[-1].name), "default": str(current)}


def _refuse_package_dir(target: Path) -> None:
    """Promotion writes to the user's models folder, never into an installed package."""
    package = Path(__file__).resolve().parent
    resolved = target.resolve()
    if resolved.is_relative_to(package) or "site-packages" in resolved.parts or "dist-packages" in resolved.parts:
        raise CxnlpError(f"{target}: inside the installed cxnlp package; promote into a models folder of your own "
                         f"(--project DIR) and point CXNLP_MODEL at DIR/models/default.")
