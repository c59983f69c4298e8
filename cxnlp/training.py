"""``train``: labelled files in, a ``Model`` with its cross-validation scores out."""

from __future__ import annotations

import numbers
import os
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from .classify import MultiAxisClassifier
from .config import TrainConfig
from ._data_files import check_sheet_applies
from ._label_cells import is_missing
from ._reviewed import reviewed_only
from .labelled import (
    _check_duplicates,
    data_hash,
    emotions_implied,
    found_files,
    read_training_data,
    text_key,
    validate_frame,
)
from .exceptions import ConfigError, CxnlpWarning, DataError, UnreadDataWarning, shown_value, type_name, warn_outside
from .model import Model
from .persist import shipped_dir
from .schema import AXES, MULTILABEL_AXES, SIGNAL_AXES

#: The shipped corpus, used by ``train(..., base="default")``.
DEFAULT_DATA_DIR = shipped_dir("corpus")


def train(sources: str | Path | Iterable[str | Path] | None = None,
          config: TrainConfig | Mapping[str, object] | None = None, *, base: str | None = None,
          frame: pd.DataFrame | None = None, weight: float = 1.0, name: str = "model", n_jobs: int | None = 1) -> Model:
    """Train a model from labelled files and folders (and/or a validated ``frame``).

    Parameters
    ----------
    sources : path or list of paths to files/folders of labelled data (docs/labels.md; ``cxnlp docs labels``).
    config : TrainConfig (or a dict of its settings, as ``TrainConfig.from_dict`` reads), defaults to ``TrainConfig()``.
    base : ``"default"`` adds the shipped corpus ``training_data/`` to ``sources`` (or a path to another base). A
        user row with a base comment's text replaces it, with the base's labels on the axes it leaves blank.
    frame : labelled data as a DataFrame (``read_training_data`` output, or a table in the training-data format,
        validated as a file is), added to ``sources``.
    weight : sample weight of the rows from ``sources`` and ``frame`` relative to ``base`` rows
        (a ``weight`` column in the data overrides it per row); without ``base``, only with such a column
        (else ``ConfigError``: every row would be rescaled alike). A user row that re-labels a base comment is
        one row: its weight applies to the labels it inherits from the base too.
    name : model name recorded in ``meta.json``.
    n_jobs : parallel jobs for the cross-validation fits: a whole number, 1 or more, or -1 for every CPU (-2 all but
        one, as joblib counts); None is joblib's default (one job); 0 or another value is a ``ConfigError``, raised
        before any data is read.

    Returns
    -------
    Model, with ``meta['scores']['cv']`` holding cross-validated scores on the training data.

    >>> model = train("training_data/")       # doctest: +SKIP
    >>> model.meta["scores"]["cv"]["sentiment"]["macro_f1"]   # doctest: +SKIP
    0.87...
    """
    config = _config(config)
    if not isinstance(name, str):  # it went into meta.json as it was, and a model's name is text everywhere
        raise ConfigError(f"name: expected the model's name as text, e.g. name='encuestas'; got "
                          f"{type(name).__name__} {name!r}.")
    _check_n_jobs(n_jobs)
    return _fit(gather(sources, base=base, frame=frame, weight=weight), config, name=name, n_jobs=n_jobs)


def _check_n_jobs(n_jobs) -> None:
    """A ``ConfigError`` for ``n_jobs`` that joblib does not read as a number of jobs: 0 passed every check, and
    only after the data was read and its features fitted was it joblib's bare ValueError. None, scikit-learn's and
    joblib's default, is one job as it was."""
    if n_jobs is None:
        return
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral) or n_jobs == 0:
        raise ConfigError(f"n_jobs={shown_value(n_jobs)}: expected a whole number of parallel jobs, 1 or more (-1: one per CPU).")


def _config(config) -> TrainConfig:
    """``config`` as a ``TrainConfig``: None is the defaults; a mapping is read as ``TrainConfig.from_dict`` reads
    the ``config`` of a model's meta.json (unknown keys named)."""
    if config is None:
        return TrainConfig()
    if isinstance(config, TrainConfig):
        return config
    if isinstance(config, Mapping):
        return TrainConfig.from_dict(dict(config))
    raise ConfigError(f"config: expected a TrainConfig (or a dict of its settings); got {type(config).__name__}.")


def _fit(data: pd.DataFrame, config: TrainConfig, *, name: str, n_jobs: int) -> Model:
    """A model fitted on ``gather``'s rows, with its cross-validation scores."""
    start = time.perf_counter()
    classifier = MultiAxisClassifier.from_config(config, n_jobs=n_jobs).fit(data["text"].tolist(), data)
    seconds = time.perf_counter() - start
    meta = {
        "name": name,
        "config": config.to_dict(),
        "data_sha256": data_hash(data),
        "data_order_sha256": data_hash(data, ordered=True),
        "rows": {"total": int(len(data)), **{axis: int(data[axis].notna().sum())
                                             for axis in (*AXES, *SIGNAL_AXES) if axis in data}},
        "training_seconds": round(seconds, 1),
        "scores": {"cv": cv_scores(classifier)},
    }
    return Model(classifier, meta)


def gather(sources=None, *, base: str | None = None, frame: pd.DataFrame | None = None,
           weight: float = 1.0, sheet: str | int | None = None) -> pd.DataFrame:
    """All labelled rows named by ``sources``, ``base`` (``"default"`` = the shipped corpus) and ``frame``;
    user rows get ``weight`` unless they carry their own ``weight`` column. ``sheet``: the sheet of the workbooks
    among ``sources`` (``read_training_data``)."""
    if isinstance(weight, bool) or not isinstance(weight, numbers.Real) or not 0 < weight < float("inf"):
        raise ConfigError(f"weight={shown_value(weight)}: expected a positive, finite number (how much your rows count "
                          f"against the base corpus's, 1 each).")
    from .io import has_sheets

    frames = []
    if base is not None and not isinstance(base, (str, os.PathLike)):  # a list was pathlib's TypeError
        raise ConfigError(f"base: expected 'default' (the shipped corpus) or the path of a folder or file of labelled "
                          f"data, got {type_name(base)}; give more data as sources=[...].")
    if base is not None and base != "default" and (not str(base).strip() or not Path(base).exists()):  # Path('') is .
        raise DataError(f"base={base!r}: expected 'default' (the shipped corpus) or a folder or file of "
                        f"labelled data.")
    found = found_files(sources) if sources is not None else []
    check_sheet_applies(found, sheet)  # before the base is read (the shipped corpus: 3 s)
    if base is not None:
        frames.append(_without_unlabelled_rows(read_training_data(DEFAULT_DATA_DIR if base == "default" else base)))
    # File by file (with a base, a blank emotions cell unlabelled until merged with the base's: _relabelled).
    user = _labelled([read_training_data(path, sheet=sheet if has_sheets(path) else None,
                                         implied_emotions=base is None) for path, _ in found], found)
    if frame is not None:  # read as a file is: '|' cells split, blanks unlabelled, ids checked (not per character)
        part = _validated(frame, implied_emotions=base is None)
        if len(part) and not part[[axis for axis in (*AXES, *SIGNAL_AXES) if axis in part]].notna().to_numpy().any():
            # (each row skipped with a warning, a base trained alone) as a file named itself with none is refused
            raise DataError("frame: no labelled rows; label some of its comments before training on it.")
        user.append(part)
    if len(user) > 1:
        _check_duplicates(pd.concat(user, ignore_index=True))
    if base is None and weight != 1.0 and not any("weight" in part and part["weight"].notna().any() for part in user):
        # every row rescaled alike: the model changes (against C's regularisation), and nothing is weighed
        raise ConfigError(f"weight={weight:g} (--weight) weighs your rows against the base rows (base=, --base), and "
                          f"there are none, nor rows with a weight of their own; give a base, or leave weight out.")
    if base is not None and user:
        frames[0], user = _relabelled(frames[0], user)
    for part in map(_without_unlabelled_rows, user):
        if weight != 1.0:
            own = part["weight"].astype(float) if "weight" in part else pd.Series(float("nan"), index=part.index)
            part = part.assign(weight=own.fillna(weight))
        frames.append(part)
    if not frames:
        raise ConfigError("train() needs sources, base='default' or frame; got none.")
    return pd.concat(frames, ignore_index=True)


def _labelled(parts: list[pd.DataFrame], found: list[tuple[Path, Path | None]]) -> list[pd.DataFrame]:
    """``parts`` (one per file of ``found``) without the files that have no labelled row (an empty review queue
    trained a model on the base alone, or failed for want of comments). Such a file named itself, or a folder whose
    files all have none, is a ``DataError``; one found in a folder is skipped with an ``UnreadDataWarning``, as
    notes in a folder are (docs/labels.md, section 9)."""
    kept, skipped = [], {}
    for part, (path, folder) in zip(parts, found):
        axes = [axis for axis in (*AXES, *SIGNAL_AXES) if axis in part]
        if part[axes].notna().to_numpy().any():
            kept.append(part)
        elif folder is None:
            raise DataError(f"{path}: no labelled rows; label some of its comments before training on it.")
        else:
            skipped.setdefault(folder, []).append(path.name)
    for folder, names in skipped.items():
        if len(names) == sum(in_folder == folder for _, in_folder in found):
            raise DataError(f"{folder}: no labelled rows in any of its data files {names}; label some of their "
                            f"comments before training on them.")
    for folder, names in skipped.items():
        warn_outside(f"{folder}: skipped {names}: no labelled rows (an unlabelled review queue?); label some of "
                     f"their comments to train on them.", UnreadDataWarning)
    return kept


def _without_unlabelled_rows(part: pd.DataFrame) -> pd.DataFrame:
    """``part`` (the rows of one or more files, or ``frame``'s) without the rows labelled on no axis and no signal
    (comments still to label beside labelled ones): they trained nothing, yet counted in the model's ``rows`` and
    fitted its vocabulary. An ``UnreadDataWarning`` per file names them, as it names a file with no labelled row."""
    axes = [axis for axis in (*AXES, *SIGNAL_AXES) if axis in part]
    labelled = part[axes].notna().any(axis=1).to_numpy()
    if labelled.all():
        return part
    for name, rows in part[~labelled].groupby("source_file", sort=False)["row"]:
        rows = rows.tolist()
        where = f"row {rows[0]}" if len(rows) == 1 else f"rows {rows[:10]}{' and more' if len(rows) > 10 else ''}"
        warn_outside(f"{name}: {where}: no label on any axis; not trained on ({len(rows)} "
                     f"row{'s' if len(rows) > 1 else ''}). Label them to train on them.", UnreadDataWarning)
    return part[labelled].reset_index(drop=True)


def _relabelled(base: pd.DataFrame, user: list[pd.DataFrame]) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """``base`` without the comments a user's row repeats (``text_key``), and the user's frames (each one file's,
    read with ``implied_emotions=False``) with those rows merged: the user's labels win on the axes and signals they
    labelled; the base's stay on those they left blank, which means "not labelled on this axis" (docs/labels.md),
    and so does the base's industry where the user's is blank. Then, in a file with an ``emotions`` column, a blank
    emotions cell on a row labelled on another signal (and not by the base) is "no emotion", as a file reads it."""
    base_rows = dict(zip(base["text"].map(text_key), range(len(base))))
    replaced: list[int] = []
    merged = []
    for part in user:
        pairs = [(mine, base_rows[key]) for mine, key in enumerate(part["text"].map(text_key)) if key in base_rows]
        part = part.copy()
        had_emotions = "emotions" in part
        for column in (*AXES, *SIGNAL_AXES, "industry"):
            if column not in base or not pairs:
                continue
            cells = part[column].to_numpy(dtype=object, copy=True) if column in part else np.full(len(part), None)
            theirs_cells = base[column].to_numpy(dtype=object)
            for mine, theirs in pairs:
                if is_missing(cells[mine]):
                    cells[mine] = theirs_cells[theirs]
            part[column] = cells
        if had_emotions:
            part["emotions"] = emotions_implied(part)
        replaced += [theirs for _, theirs in pairs]
        merged.append(part)
    return base.drop(index=base.index[sorted(set(replaced))]).reset_index(drop=True), merged


def _validated(frame: pd.DataFrame, *, implied_emotions: bool = True) -> pd.DataFrame:
    """A user's ``frame`` validated as a training file is, its repeated comments refused as a file's are (they
    trained, with their conflicting labels, when ``frame`` was the only data); rows ``read_training_data`` read keep
    their files' names and row numbers (for messages)."""
    checked = validate_frame(frame, name="frame", implied_emotions=implied_emotions)
    if {"source_file", "row"} <= set(frame.columns):
        checked[["source_file", "row"]] = frame[["source_file", "row"]].to_numpy()
    checked = reviewed_only(frame, checked, "frame")  # a queue read with pandas: its checked rows, as from its file
    _check_duplicates(checked)
    return checked


def train_to_dir(sources, out, *, base=None, weight=1.0, name: str | None = None, seed=None, n_jobs=1, force=False,
                 config: TrainConfig | None = None, sheet: str | int | None = None) -> tuple[Model, bool]:
    """Train and save to ``out``; skip (and load ``out``) when it was trained on the same rows, in the same
    order, with the same config, and loads whole (a damaged model is trained again). A new model is named ``name``,
    or after its folder without one (``--out .`` was named '': the name of the path as written, not of the folder
    it names); a skipped model given another ``name`` is renamed (``persist.rename``), and without one keeps its
    own (a rerun of the same command renamed it).

    ``config`` is read as ``train`` reads it; ``seed`` (default 13) is its seed, given only without one, or the same.

    Returns the model and whether training was skipped.
    """
    from .exceptions import CxnlpError
    from .persist import check_save_target, load, read_meta, rename, save

    out = check_save_target(out)  # before the data is read and the model trained
    # (a dict was an AttributeError once trained; a seed beside a config was ignored in silence)
    config = TrainConfig(seed=13 if seed is None else seed) if config is None else _config(config)
    if seed is not None and seed != config.seed:
        raise ConfigError(f"seed={seed!r} and the config's seed={config.seed} differ; give the seed in the config "
                          f"alone (TrainConfig(seed=...)).")
    _check_n_jobs(n_jobs)
    data = gather(sources, base=base, weight=weight, sheet=sheet)
    if not force and (out / "meta.json").is_file():
        try:
            meta = read_meta(out)
        except Exception:
            meta = {}
        if (meta.get("data_sha256") == data_hash(data) and meta.get("config") == config.to_dict()
                and meta.get("data_order_sha256") == data_hash(data, ordered=True)):
            try:
                model = load(out)
            except CxnlpError:  # a damaged file: train it again rather than tell the user to retrain
                pass
            else:
                # a new name alone: recorded, not trained ('' names it after its folder, as a new model is named)
                if name is not None and model.meta.get("name") != (name or out.resolve().name):
                    rename(out, name or out.resolve().name)
                    model.meta["name"] = name or out.resolve().name
                return model, True
    replaced = _display_names(out)
    model = _fit(data, config, name=name or out.resolve().name, n_jobs=n_jobs)
    kept = _kept_names(replaced, model, out)
    if kept:
        model.meta["display_names"] = kept
    save(model, out)
    return model, False


def _display_names(out: Path) -> dict:
    """The ``display_names`` of the model in ``out`` (none where there is none, or it cannot be read)."""
    from .persist import read_meta

    if not (out / "meta.json").is_file():
        return {}
    try:
        names = read_meta(out).get("display_names")
    except Exception:  # a damaged model is trained again; its names go with it
        return {}
    return names if isinstance(names, dict) else {}


def _kept_names(names: dict, model: Model, out: Path) -> dict:
    """``names`` (a replaced model's ``display_names``) of what a report of ``model`` still shows by name: its labels,
    and its journey stages, industries and row statuses (``report.page.model_labels``), which the names may name too
    (the names of 'before' or 'empty' were dropped as labels it "does not have"). They name labels, not weights, and
    a retrain dropped them without a word. The names of labels it no longer has are said in a warning."""
    from .report.page import model_labels

    labels = {label for axis_labels in model_labels(model).values() for label in axis_labels}
    per_lang = bool(names) and all(isinstance(m, dict) for m in names.values())  # {"es": {...}, "en": {...}}
    maps = names.values() if per_lang else [names]
    gone = sorted({str(label) for m in maps for label in m if str(label).strip().lower() not in labels})
    if gone:
        warn_outside(f"{out}: the display names of {', '.join(map(repr, gone))}, which the new model does not have, "
                     f"are dropped; the others are kept.", CxnlpWarning)

    def keep(m: dict) -> dict:
        return {k: v for k, v in m.items() if str(k).strip().lower() in labels}

    kept = {lang: keep(m) for lang, m in names.items()} if per_lang else keep(names)
    return {k: v for k, v in kept.items() if v}


def cv_scores(classifier: MultiAxisClassifier) -> dict:
    """Out-of-fold comment-level scores per axis (features were fitted on all rows)."""
    scores = {}
    for axis in ("sentiment", "effort"):
        if axis not in classifier.cv_predictions_:
            continue
        cv = classifier.cv_predictions_[axis]
        pred = np.asarray(cv["classes"])[cv["proba"].argmax(axis=1)]
        scores[axis] = {
            "macro_f1": round(float(f1_score(cv["y"], pred, average="macro")), 4),
            "accuracy": round(float(np.mean(pred == cv["y"])), 4),
            "per_class_f1": {c: round(float(f), 4) for c, f in zip(cv["classes"], f1_score(cv["y"], pred, average=None, labels=cv["classes"]))},
        }
    for axis in (*MULTILABEL_AXES, *SIGNAL_AXES):
        if axis == "effort" or axis not in classifier.cv_predictions_:
            continue
        cv = classifier.cv_predictions_[axis]
        Y, P = cv["Y"], cv["pred"]
        if Y.shape[1] == 1:  # a yes/no flag: scikit-learn reads one column as binary and would average both classes
            f = round(float(f1_score(Y[:, 0], P[:, 0], zero_division=0)), 4)
            scores[axis] = {"macro_f1": f, "micro_f1": f, "per_class_f1": {cv["classes"][0]: f}}
            continue
        scores[axis] = {
            "macro_f1": round(float(f1_score(Y, P, average="macro", zero_division=0)), 4),
            "micro_f1": round(float(f1_score(Y, P, average="micro", zero_division=0)), 4),
            "per_class_f1": {c: round(float(f), 4) for c, f in zip(cv["classes"], f1_score(Y, P, average=None, zero_division=0))},
        }
    return scores
