"""Model locations, and saving and loading models.

A model is a directory:

- ``meta.json``: format version, library versions, labels, config, training-data hash, row counts,
  scores, creation time, and the SHA-256 of each file below;
- ``classifier.json``: the classifier's settings, label names and vocabularies (plain JSON);
- ``arrays.npz``: its weights, thresholds and IDF weights (NumPy arrays, read with ``allow_pickle=False``).

Nothing in these files is code, so loading a model cannot run anything, whoever made the files.
Version 0.1 wrote pickles (``model.joblib``, format 1): they load only with ``trust=True``,
because unpickling a file runs whatever code it names; ``cxnlp.save`` converts them.

Where a model comes from (``resolve_model_dir``): an explicit path, else the ``CXNLP_MODEL``
environment variable (as ``_model_env`` reads it), else the default model shipped inside the package.

Making a model a project's default (``promote``, ``rollback``) is ``_promotion``'s, imported here; where ``save`` may
write (``check_save_target``) is ``_save_target``'s, imported here too.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import platform
import shutil
import stat
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ._model_env import MODEL_ENV, named_model, named_model_hint
from ._model_files import (MAX_ARRAYS_FILE_BYTES, MAX_LEGACY_FILE_BYTES, MAX_META_BYTES, MAX_META_NESTING,
                           MAX_STATE_BYTES, check_array_shapes, check_array_sizes, data_folder_hint, file_sha256,
                           nesting, open_regular, opened_sha256, read_limited, read_limited_bytes)
from ._promotion import promote, rollback
from ._save_target import check_save_target, made_folders
from .exceptions import (ConfigError, CxnlpError, InconsistentVersionWarning, ModelFormatError, path_argument,
                         shown_value, warn_outside)

if TYPE_CHECKING:
    from .model import Model

__all__ = ["ARRAYS_FILE", "DEFAULT_MODEL_DIR", "FORMAT_VERSION", "LEGACY_FILE", "MAX_FILE_BYTES", "META_FILE",
           "MODEL_ENV", "MODEL_FILES", "STATE_FILE", "check_save_target", "file_sha256", "is_shipped",
           "library_versions", "load", "load_refusal", "promote", "read_meta", "rename", "resolve_model_dir",
           "rollback", "save", "shipped_dir"]

META_FILE = "meta.json"
STATE_FILE = "classifier.json"
ARRAYS_FILE = "arrays.npz"
LEGACY_FILE = "model.joblib"
FORMAT_VERSION = 2


def shipped_dir(kind: str) -> Path:
    """Where the shipped ``model``, ``corpus`` or ``docs`` lie: inside the installed package (a wheel, where
    pyproject.toml maps models/default, training_data and docs to ``cxnlp/_shipped/``), or at the top of a checkout."""
    packaged = Path(str(importlib.resources.files("cxnlp"))) / "_shipped" / kind
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / {"model": "models/default", "corpus": "training_data"}.get(kind, kind)


#: The default model shipped with the package.
DEFAULT_MODEL_DIR = shipped_dir("model")


def resolve_model_dir(path: str | Path | None = None) -> Path:
    """The model directory to use: ``path``, else ``$CXNLP_MODEL``, else the shipped default. ``"default"`` names
    the shipped model too (as ``train --base default`` names the shipped corpus), unless a folder of that name is
    in the working directory."""
    if path is not None:
        path_argument(path, "model directory")
    if path is None or str(path) == "":
        path = named_model() or DEFAULT_MODEL_DIR
    if str(path) == "default" and not Path(path).is_dir():
        return DEFAULT_MODEL_DIR
    return Path(path)


def is_shipped(path: str | Path) -> bool:
    """True for the shipped default model's directory (which distributed jobs find in each worker's own install)."""
    try:
        return Path(path).resolve() == DEFAULT_MODEL_DIR.resolve()
    except OSError:
        return False


def library_versions() -> dict[str, str]:
    import sklearn
    import spacy

    from . import __version__

    return {"cxnlp": __version__, "sklearn": sklearn.__version__, "spacy": spacy.__version__,
            "python": platform.python_version()}


#: What a model folder holds (``save`` writes the first three; cxnlp 0.1 wrote the last).
MODEL_FILES = frozenset({META_FILE, STATE_FILE, ARRAYS_FILE, LEGACY_FILE})
#: The most bytes each of them may hold, checked from its size before it is hashed or read.
MAX_FILE_BYTES = {META_FILE: MAX_META_BYTES, STATE_FILE: MAX_STATE_BYTES, ARRAYS_FILE: MAX_ARRAYS_FILE_BYTES,
                  LEGACY_FILE: MAX_LEGACY_FILE_BYTES}


def save(model: Model, directory: str | Path) -> Path:
    """Write ``model`` (a ``cxnlp.Model``) to ``directory``: a new folder, an empty one, or a model folder,
    whose model is replaced whole, keeping the folder's mode and group and those of each file replaced. Any other
    folder is refused (``check_save_target``), before anything is written: saving never deletes files that are not
    a model's."""
    from .io.atomic import exclusive, sigterm_unwinds
    from .model import Model

    if not isinstance(model, Model):
        raise ConfigError(f"save expects a cxnlp.Model (cxnlp.train or cxnlp.load gives one), got {type(model).__name__}.")
    directory = check_save_target(directory)
    try:
        # two saves to one folder: the second stops at once; the folders made for it go again if it fails
        with made_folders(directory.parent), exclusive(directory), sigterm_unwinds():
            return _save(model, directory)
    except OSError as err:  # named by the user's folder, not by the temporary one a file failed in
        raise CxnlpError(f"{directory}: the model could not be saved there ({err.strerror or err}); check that the "
                         f"folder can be written and the disk has room.") from err


def _save(model, directory: Path) -> Path:
    from .io.atomic import keep_permissions, replace_folder

    tmp = directory.with_name(f".{directory.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
        if directory.exists():  # before any file is written into it (a private folder's model is never readable),
            keep_permissions(tmp, directory)  # the group and the others' bits; its owner writes it until the end
            tmp.chmod(stat.S_IMODE(tmp.stat().st_mode) | stat.S_IRWXU)  # (a read-only folder's mode stopped that)
        state, arrays = model.classifier.to_state()
        (tmp / STATE_FILE).write_text(json.dumps(state, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        with open(tmp / ARRAYS_FILE, "wb") as fh:
            np.savez(fh, **arrays)  # stored, not deflated: reading is 0.2 s faster, and deflate saved only a fifth
        _check_loadable(tmp, directory)
        meta = {key: value for key, value in model.meta.items() if key != "model_sha256"}
        meta.update({"format_version": FORMAT_VERSION, **library_versions(),
                     "created": model.meta.get("created") or datetime.now(UTC).isoformat(timespec="seconds"),
                     "labels": model.labels, "industries": list(model.industries),
                     "recognises_industries": model.classifier.recognises_industries,
                     "files": {name: file_sha256(tmp / name) for name in (STATE_FILE, ARRAYS_FILE)}})
        _write_meta(tmp / META_FILE, meta)
        if directory.exists():  # the mode kept whole, now that the files are written
            _keep_model_permissions(tmp, directory)
        replace_folder(tmp, directory)  # the old model deleted only once the new one is in place
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    model.meta = meta
    return directory


def _check_loadable(tmp: Path, directory: Path) -> None:
    """A ``CxnlpError`` when the files just written to ``tmp`` are more than ``load`` reads (``MAX_FILE_BYTES``, and
    the arrays' ``MAX_ARRAY_BYTES``, from their headers): such a model is refused here, before it replaces anything,
    not by every later load as "damaged or replaced"."""
    try:
        for name in (STATE_FILE, ARRAYS_FILE):
            if (size := (tmp / name).stat().st_size) > MAX_FILE_BYTES[name]:
                raise ValueError(f"{name} would hold {size:,} bytes, over {MAX_FILE_BYTES[name]:,}")
        check_array_sizes(tmp / ARRAYS_FILE)
    except ValueError as err:
        raise CxnlpError(f"{directory}: the model is too large to save ({err}); no cxnlp could load it. Train it with "
                         f"fewer terms or classes.") from None


def _keep_model_permissions(new: Path, old: Path) -> None:
    """``new``, a model folder about to replace the folder ``old``, given ``old``'s mode and group, and each of its
    files those of the file of ``old`` it replaces (README: outputs keep the permissions of what they replace)."""
    from .io.atomic import keep_permissions

    keep_permissions(new, old)
    for name in MODEL_FILES:
        if (old / name).is_file() and (new / name).is_file():
            keep_permissions(new / name, old / name)


def rename(directory: str | Path, name: str) -> None:
    """Record ``name`` as the name of the model saved in ``directory``, nothing else changed: no checksum covers
    ``meta.json`` (its ``files`` cover the state and arrays), so the model still loads whole."""
    from .io.atomic import atomic_path, exclusive

    directory = Path(directory)
    with exclusive(directory):
        meta = read_meta(directory)
        meta["name"] = name
        with atomic_path(directory / META_FILE) as tmp:
            _write_meta(Path(tmp), meta)


def _write_meta(path: Path, meta: dict) -> None:
    path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_meta(directory: str | Path) -> dict:
    """The ``meta.json`` of a model directory, with clear errors when it is missing or broken; for the folder
    ``$CXNLP_MODEL`` names, the error says so (every command failed on a path not typed on its command line). It says
    only that: the same folder may have been typed too (``--model``), or be loaded from Python, where no option
    exists (review E 4)."""
    directory = Path(directory)
    try:
        return _read_meta(directory)
    except ModelFormatError as err:
        named = named_model()
        if not named or Path(named) != directory or not str(err).startswith(f"{directory}:"):
            raise
        raise ModelFormatError(f"{directory} (the folder ${MODEL_ENV} names)"
                               f"{str(err)[len(str(directory)):]}{named_model_hint(named)}") from err


def _read_meta(directory: Path) -> dict:
    if not directory.is_dir():
        raise ModelFormatError(f"{directory}: not a model directory (expected a folder with {META_FILE}, "
                               f"{STATE_FILE} and {ARRAYS_FILE}).")
    meta_path = directory / META_FILE
    if not meta_path.is_file():
        raise ModelFormatError(f"{directory}: {META_FILE} is missing; this is not a cxnlp model directory"
                               f"{data_folder_hint(directory)}.")
    try:
        meta = json.loads(read_limited(meta_path, MAX_META_BYTES))
    # ValueError covers JSONDecodeError, UnicodeDecodeError and an integer of over 4,300 digits
    except (ValueError, RecursionError) as err:
        raise ModelFormatError(f"{meta_path}: not valid JSON ({str(err)[:200]}); the model directory is damaged."
                               ) from None
    if (depth := nesting(meta)) > MAX_META_NESTING:  # (printing or serving one hundreds deep overflowed the stack)
        raise ModelFormatError(f"{meta_path}: lists and objects nested {depth} levels deep, more than the "
                               f"{MAX_META_NESTING} a model's {META_FILE} may hold; the model directory is damaged.")
    version = meta.get("format_version") if isinstance(meta, dict) else None
    if type(version) is not int or version not in (1, FORMAT_VERSION):  # (True == 1 and 2.0 == 2 are not versions)
        raise ModelFormatError(
            f"{directory}: model format version {version!r}, but this cxnlp reads versions 1 and "
            f"{FORMAT_VERSION}. Retrain it with `cxnlp train` or install the cxnlp version that made it.")
    _check_industry_fields(meta, meta_path)
    return meta


def _check_industry_fields(meta: dict, meta_path: Path) -> None:
    """A ``ModelFormatError`` when the industry fields of ``meta``, which commands read before the model is loaded
    (to check ``--industry``), are not what ``save`` writes: a list of names and a boolean (an ``industries`` of 5
    stopped ``cxnlp classify`` with an unexpected TypeError). A null reads as the field absent, as the commands
    read it (``meta.get("industries") or ()``): such a model loaded, and classified, before these checks."""
    industries = meta.get("industries")
    if industries is not None and not (isinstance(industries, list)
                                       and all(isinstance(name, str) for name in industries)):
        raise ModelFormatError(f"{meta_path}: 'industries' is {repr(industries)[:60]}, not a list of industry names; "
                               f"the model directory is damaged. Retrain or restore the model.")
    recognises = meta.get("recognises_industries")
    if recognises is not None and not isinstance(recognises, bool):
        raise ModelFormatError(f"{meta_path}: 'recognises_industries' is {repr(recognises)[:60]}, "
                               f"not true or false; the model directory is damaged. Retrain or restore the model.")


def load(directory: str | Path | None = None, *, stage_map: Mapping[str, str] | None = None, trust: bool = False,
         review_confidence: float | None = None, max_chars: int | None = None) -> Model:
    """Load a model directory as a ``cxnlp.Model``: ``directory``, else ``$CXNLP_MODEL``, else the shipped model.

    Loading never runs code from the files. A format-1 model (a pickle written by cxnlp 0.1) is
    refused unless ``trust=True``, because unpickling runs code; retrain or re-save it to convert it.
    ``stage_map`` (touchpoint -> journey stage), ``review_confidence`` (results under it get ``needs_review``) and
    ``max_chars`` (longer texts are cut and marked ``truncated``) are inference settings: see ``cxnlp.Model``.

    >>> import cxnlp
    >>> model = cxnlp.load()
    >>> sorted(model.labels)
    ['areas', 'churn_risk', 'effort', 'emotions', 'escalation', 'sentiment', 'touchpoints']
    """
    from .heads import Predictor
    from .model import Model

    if not isinstance(trust, (bool, np.bool_)):  # trust="false", a setting read as text, unpickled the model
        raise ConfigError(f"trust={shown_value(trust)}: expected True or False (True loads a pickle: only one you trust).")
    directory = resolve_model_dir(directory)
    meta = read_meta(directory)
    # No folder is trusted for where it lies: in a source checkout the shipped model is models/default, a folder of
    # data that a pull or a promotion replaces, and a pickle put there was unpickled without trust=True.
    refusal = load_refusal(directory, meta, trust=bool(trust), hashed=False)  # each file is hashed as it is read
    if refusal:
        raise ModelFormatError(refusal)
    if meta["format_version"] == 1:
        classifier = _load_pickle(directory, meta["model_sha256"])
    else:
        try:
            raw = read_limited_bytes(directory / STATE_FILE, MAX_STATE_BYTES)
            with open_regular(directory / ARRAYS_FILE) as arrays:
                problems = [_sum_problem(STATE_FILE, hashlib.sha256(raw).hexdigest(), meta["files"][STATE_FILE]),
                            _sum_problem(ARRAYS_FILE, opened_sha256(arrays, MAX_ARRAYS_FILE_BYTES),
                                         meta["files"][ARRAYS_FILE])]
                if any(problems):
                    raise ModelFormatError(_refusal(directory, [problem for problem in problems if problem]))
                state = json.loads(raw.decode("utf-8"))
                if not isinstance(state, dict):
                    raise ValueError(f"{STATE_FILE} holds a {type(state).__name__}, not an object")
                check_array_shapes(state, check_array_sizes(arrays))
                arrays.seek(0)
                # Entries are read as the model asks for them, each checked above to be one it reads, named once.
                with np.load(arrays, allow_pickle=False) as npz:
                    classifier = Predictor.from_state(state, npz)
        except ModelFormatError:
            raise
        except Exception as err:  # damaged or hostile files fail in many ways (zip, JSON, shapes, types, depth)
            raise ModelFormatError(f"{directory}: the model files cannot be read ({type(err).__name__}: "
                                   f"{str(err)[:300]}). Retrain or restore the model.") from None
    _warn_on_drift(directory, meta, pickled=meta["format_version"] == 1)
    return Model(classifier, meta, stage_map=stage_map, review_confidence=review_confidence, max_chars=max_chars)


def load_refusal(directory: Path, meta: dict, *, trust: bool = False, hashed: bool = True) -> str | None:
    """Why ``load`` refuses the files of ``directory`` (None when it reads them): a file missing, over its size
    limit (``MAX_FILE_BYTES``), given no checksum in ``meta`` or (``hashed``; ``load`` hashes the bytes it reads)
    not matching it; a format-1 model (a pickle) unless ``trust``. ``load`` raises it; ``cxnlp info`` prints it."""
    if meta["format_version"] == 1 and not trust:
        return (f"{directory}: this model is a pickle (format 1, cxnlp 0.1), which every command refuses to load: "
                f"loading a pickle can run code hidden in it. If you made it or trust who did, convert it once in "
                f"Python: cxnlp.save(cxnlp.load(path, trust=True), new_path); then use new_path.")
    if meta["format_version"] == 1:
        problems = [_file_problem(directory, LEGACY_FILE, meta.get("model_sha256"))]
    elif isinstance(meta.get("files"), dict):
        problems = [_file_problem(directory, name, meta["files"].get(name), hashed)
                    for name in (STATE_FILE, ARRAYS_FILE)]
    else:
        problems = [f"{META_FILE}'s 'files' must map each model file to its checksum"]
    problems = [problem for problem in problems if problem]
    return _refusal(directory, problems) if problems else None


def _refusal(directory: Path, problems: list[str]) -> str:
    return (f"{directory}: {'; '.join(problems)}. The model is damaged or was replaced and will not load; "
            f"retrain or restore it.")


def _file_problem(directory: Path, name: str, expected, hashed: bool = True) -> str | None:
    """What is wrong with one model file (None: it matches its checksum). Its size is checked first, from the
    folder: hashing a sparse 20 GB file before its limit was checked held ``load`` and ``cxnlp info`` for 85 s."""
    path = directory / name
    if not path.is_file():
        return f"{name} is missing"
    size, limit = path.stat().st_size, MAX_FILE_BYTES[name]
    if size > limit:
        return f"{name} holds {size:,} bytes, over {limit:,} bytes, more than a model's {name} holds"
    if not isinstance(expected, str):
        return f"{META_FILE} gives no checksum for {name}"
    try:  # a pipe put in place of the file since is_file is refused, not waited on (``cxnlp info`` hung)
        return _sum_problem(name, file_sha256(path), expected) if hashed else None
    except ValueError as err:
        return str(err)
    except OSError as err:
        return f"{name} cannot be read ({err.strerror or err})"


def _sum_problem(name: str, actual: str, expected: str) -> str | None:
    if actual != expected:
        return f"{name}'s checksum {actual[:12]}… does not match {META_FILE}'s ({expected[:12]}…)"
    return None


def _load_pickle(directory: Path, expected: str):
    """A format-1 model (a trusted joblib pickle), unpickled from the bytes that match ``expected``, type-checked."""
    import joblib

    from .classify import MultiAxisClassifier

    try:
        with open_regular(directory / LEGACY_FILE) as fh:
            if problem := _sum_problem(LEGACY_FILE, opened_sha256(fh, MAX_LEGACY_FILE_BYTES), expected):
                raise ModelFormatError(_refusal(directory, [problem]))
            classifier = joblib.load(fh)
    except ModelFormatError:
        raise
    except Exception as err:  # a truncated or foreign pickle fails in many ways
        raise ModelFormatError(f"{directory / LEGACY_FILE}: cannot be read ({type(err).__name__}: {err}).") from err
    if not isinstance(classifier, MultiAxisClassifier):
        raise ModelFormatError(f"{directory / LEGACY_FILE}: holds a {type(classifier).__name__}, "
                               f"not a cxnlp classifier.")
    return classifier


def _warn_on_drift(directory: Path, meta: dict, *, pickled: bool) -> None:
    """Warn when the libraries that make the model's predictions differ from those it was saved with: a
    pickled (format 1) model is scikit-learn objects, so any other scikit-learn; a saved model (format 2)
    predicts with NumPy alone from spaCy's tokens, so another spaCy release series (3.7 against 3.8:
    tokenizer rules change between them, not within)."""
    from importlib.metadata import version

    if pickled:  # not ``sklearn.__version__``: importing it costs a second
        current = {"sklearn": version("scikit-learn")}
        drift = {k: (meta.get(k), v) for k, v in current.items() if meta.get(k) != v}
    else:
        current = {"spacy": version("spacy")}
        drift = {k: (meta.get(k), v) for k, v in current.items()
                 if meta.get(k) and str(meta.get(k)).split(".")[:2] != v.split(".")[:2]}
    if drift:
        detail = ", ".join(f"{k} {old} (model) vs {new} (installed)" for k, (old, new) in drift.items())
        warn_outside(f"{directory}: saved with other library versions: {detail}. Predictions may differ; "
                     f"retrain with `cxnlp train` or install the versions in meta.json.",
                     InconsistentVersionWarning)
