"""Save and load models: a directory with ``model.joblib`` and ``meta.json``.

``meta.json`` holds the format version, library versions, labels, config, training-data hash,
row counts, scores, creation time and the SHA-256 of ``model.joblib``. Loading verifies the
checksum, raises on another format version and warns when library versions differ.

Model files are pickles (joblib): loading one runs code, so load only models you trust.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import warnings
from datetime import datetime, timezone
from pathlib import Path

import joblib

from .exceptions import InconsistentVersionWarning, ModelFormatError

MODEL_FILE = "model.joblib"
META_FILE = "meta.json"
FORMAT_VERSION = 1
#: The default model shipped in the repository and the package.
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "default"


def library_versions() -> dict[str, str]:
    import sklearn
    import spacy

    from . import __version__

    return {"cxnlp": __version__, "sklearn": sklearn.__version__, "spacy": spacy.__version__,
            "python": platform.python_version()}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save(model, directory: str | Path) -> Path:
    """Write ``model`` (a ``cxnlp.Model``) to ``directory``; an existing model there is replaced whole."""
    directory = Path(directory)
    tmp = directory.with_name(f".{directory.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    joblib.dump(model.classifier, tmp / MODEL_FILE, compress=3)
    meta = {**model.meta, "format_version": FORMAT_VERSION, **library_versions(),
            "created": model.meta.get("created") or datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "labels": model.labels, "model_sha256": file_sha256(tmp / MODEL_FILE)}
    (tmp / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if directory.exists():
        shutil.rmtree(directory)
    tmp.rename(directory)
    model.meta = meta
    return directory


def read_meta(directory: str | Path) -> dict:
    """The ``meta.json`` of a model directory, with clear errors when it is missing or broken."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ModelFormatError(f"{directory}: not a model directory (expected a folder with {MODEL_FILE} and {META_FILE}).")
    meta_path = directory / META_FILE
    if not meta_path.is_file():
        raise ModelFormatError(f"{directory}: {META_FILE} is missing; this is not a cxnlp model directory.")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ModelFormatError(f"{meta_path}: not valid JSON ({err}); the model directory is damaged.") from err
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelFormatError(
            f"{directory}: model format version {meta.get('format_version')!r}, but this cxnlp reads version "
            f"{FORMAT_VERSION}. Retrain it with `cxnlp train` or install the cxnlp version that made it "
            f"({meta.get('cxnlp', 'unknown')}).")
    return meta


def load(directory: str | Path | None = None, *, stage_map=None):
    """Load a model directory (default: the shipped model) as a ``cxnlp.Model``.

    >>> import cxnlp
    >>> model = cxnlp.load()
    >>> sorted(model.labels)
    ['areas', 'sentiment', 'touchpoints']
    """
    from .model import Model

    directory = Path(directory) if directory is not None else DEFAULT_MODEL_DIR
    meta = read_meta(directory)
    model_path = directory / MODEL_FILE
    if not model_path.is_file():
        raise ModelFormatError(f"{directory}: {MODEL_FILE} is missing.")
    actual = file_sha256(model_path)
    if actual != meta.get("model_sha256"):
        raise ModelFormatError(
            f"{model_path}: checksum {actual[:12]}… does not match meta.json ({str(meta.get('model_sha256'))[:12]}…); "
            f"the file is damaged or was replaced. Retrain or restore the model.")
    current = library_versions()
    drift = {k: (meta.get(k), v) for k, v in current.items() if k in ("sklearn", "spacy") and meta.get(k) != v}
    if drift:
        detail = ", ".join(f"{k} {old} (model) vs {new} (installed)" for k, (old, new) in drift.items())
        warnings.warn(f"{directory}: saved with other library versions: {detail}. Predictions may differ; "
                      f"retrain with `cxnlp train` or install the versions in meta.json.",
                      InconsistentVersionWarning, stacklevel=2)
    try:
        classifier = joblib.load(model_path)
    except Exception as err:  # a truncated or foreign pickle fails in many ways
        raise ModelFormatError(f"{model_path}: cannot be read ({type(err).__name__}: {err}).") from err
    return Model(classifier, meta, stage_map=stage_map)
