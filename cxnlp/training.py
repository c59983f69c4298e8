"""``train``: labelled files in, a ``Model`` with its cross-validation scores out."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from .classify import MultiAxisClassifier
from .config import TrainConfig
from .data import data_hash, read_training_data
from .model import Model
from .schema import MULTILABEL_AXES

#: The shipped corpus, used by ``train(..., base="default")``.
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "training_data"


def train(sources=None, config: TrainConfig | None = None, *, base: str | None = None,
          frame: pd.DataFrame | None = None, name: str = "model", n_jobs: int = 1) -> Model:
    """Train a model from labelled files and folders (and/or a validated ``frame``).

    Parameters
    ----------
    sources : path or list of paths to files/folders of labelled data (SPEC 3).
    config : TrainConfig, defaults to ``TrainConfig()``.
    base : ``"default"`` adds the shipped corpus ``training_data/`` to ``sources``.
    frame : already-read labelled data (``read_training_data`` output), added to ``sources``.
    name : model name recorded in ``meta.json``.
    n_jobs : parallel jobs for the cross-validation fits.

    Returns
    -------
    Model, with ``meta['scores']['cv']`` holding cross-validated scores on the training data.

    >>> model = train("training_data/")       # doctest: +SKIP
    >>> model.meta["scores"]["cv"]["sentiment"]["macro_f1"]   # doctest: +SKIP
    0.7...
    """
    config = config or TrainConfig()
    data = gather(sources, base=base, frame=frame)
    start = time.perf_counter()
    classifier = MultiAxisClassifier(config=config, n_jobs=n_jobs).fit(data["text"].tolist(), data)
    seconds = time.perf_counter() - start
    meta = {
        "name": name,
        "config": config.to_dict(),
        "data_sha256": data_hash(data),
        "rows": {"total": int(len(data)), **{axis: int(data[axis].notna().sum()) for axis in ("sentiment", *MULTILABEL_AXES)}},
        "training_seconds": round(seconds, 1),
        "scores": {"cv": cv_scores(classifier)},
    }
    return Model(classifier, meta)


def gather(sources=None, *, base: str | None = None, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """All labelled rows named by ``sources``, ``base`` (``"default"`` = the shipped corpus) and ``frame``."""
    frames = []
    if base == "default":
        frames.append(read_training_data(DEFAULT_DATA_DIR))
    elif base is not None:
        frames.append(read_training_data(base))
    if sources is not None:
        frames.append(read_training_data(sources))
    if frame is not None:
        frames.append(frame)
    if not frames:
        raise ValueError("train() needs sources, base='default' or frame; got none.")
    return pd.concat(frames, ignore_index=True)


def train_to_dir(sources, out, *, base=None, name="model", seed=13, n_jobs=1, force=False,
                 config: TrainConfig | None = None) -> tuple[Model, bool]:
    """Train and save to ``out``; skip (and load ``out``) when it was trained on the same data and config.

    Returns the model and whether training was skipped.
    """
    from .persist import load, read_meta, save

    config = config or TrainConfig(seed=seed)
    data = gather(sources, base=base)
    out = Path(out)
    if not force and (out / "meta.json").is_file():
        try:
            meta = read_meta(out)
        except Exception:
            meta = {}
        if meta.get("data_sha256") == data_hash(data) and meta.get("config") == config.to_dict():
            return load(out), True
    model = train(frame=data, config=config, name=name, n_jobs=n_jobs)
    save(model, out)
    return model, False


def cv_scores(classifier: MultiAxisClassifier) -> dict:
    """Out-of-fold comment-level scores per axis (features were fitted on all rows)."""
    scores = {}
    sent = classifier.cv_predictions_["sentiment"]
    pred = np.asarray(sent["classes"])[sent["proba"].argmax(axis=1)]
    scores["sentiment"] = {
        "macro_f1": round(float(f1_score(sent["y"], pred, average="macro")), 4),
        "accuracy": round(float(np.mean(pred == sent["y"])), 4),
        "per_class_f1": {c: round(float(f), 4) for c, f in zip(sent["classes"], f1_score(sent["y"], pred, average=None, labels=sent["classes"]))},
    }
    for axis in MULTILABEL_AXES:
        cv = classifier.cv_predictions_[axis]
        Y, P = cv["Y"], cv["pred"]
        scores[axis] = {
            "macro_f1": round(float(f1_score(Y, P, average="macro", zero_division=0)), 4),
            "micro_f1": round(float(f1_score(Y, P, average="micro", zero_division=0)), 4),
            "per_class_f1": {c: round(float(f), 4) for c, f in zip(cv["classes"], f1_score(Y, P, average=None, zero_division=0))},
        }
    return scores
