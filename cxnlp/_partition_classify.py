"""Classifying one partition for ``cxnlp.dask`` and ``cxnlp.spark``: the ``cx_`` columns' dtypes (``CX_DTYPES``),
the model a task names by a ``ModelRef`` (a checksum and a path) and each process loads once (``model_for``), and
``classify_partition``. Kept apart from ``_partitions``, whose summaries from partial sums need no model; its public
names are importable from ``_partitions`` too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ._model_files import MAX_META_BYTES, read_limited_bytes
from .exceptions import ConfigError, DataError, InconsistentVersionWarning, ModelFormatError, muted_warnings
from .persist import DEFAULT_MODEL_DIR, META_FILE, is_shipped, read_meta, resolve_model_dir
from .schema import DEFAULT_INDUSTRY, OUTPUT_COLUMNS


def _cx_dtypes() -> dict[str, str]:
    # The dtypes Model.classify_frame declares for its columns, with nullable strings for its object
    # (text) columns, so that Parquet and Arrow get a real string type; a new output column follows.
    from .model import results_to_columns

    columns = results_to_columns([])
    return {name: "string" if series.dtype == object else str(series.dtype) for name, series in columns.items()}


#: dtypes of the ``cx_`` columns in distributed output: ``string``, except ``float64`` for
#: ``cx_sentiment_score`` and ``cx_confidence`` and ``bool`` for ``cx_needs_review``.
CX_DTYPES = _cx_dtypes()
assert tuple(CX_DTYPES) == OUTPUT_COLUMNS


# -- the model, once per process --------------------------------------------------------------
@dataclass(frozen=True)
class ModelRef:
    """Where a worker finds the model, and the SHA-256 of its ``meta.json`` it must match.

    ``path`` None means the model shipped inside the worker's own cxnlp install. ``versions``: the spaCy and
    scikit-learn of the process that submitted the job, which warned of a model saved with others (``model_ref``).
    """

    sha256: str
    path: str | None = None
    versions: tuple[str, ...] = ()

    def directory(self, root: str | Path | None = None) -> Path:
        if root is not None:
            return Path(root)
        return DEFAULT_MODEL_DIR if self.path is None else Path(self.path)


def meta_sha256(directory: str | Path) -> str:
    """SHA-256 of a model directory's ``meta.json``: it names the model (its files' checksums, data
    hash and creation time), so equal digests mean the same model. Read within the limit ``load`` reads it in
    (``MAX_META_BYTES``): a worker hashed a sparse 2 GB meta.json whole before ``load`` refused it."""
    return hashlib.sha256(_meta_bytes(directory)).hexdigest()


def _meta_bytes(directory: str | Path) -> bytes:
    """The bytes of a model directory's ``meta.json``, read within ``MAX_META_BYTES`` from a regular file."""
    path = Path(directory) / META_FILE
    try:
        return read_limited_bytes(path, MAX_META_BYTES)
    except ValueError as err:
        raise ModelFormatError(f"{path}: {err}; the model directory is damaged. Retrain or restore the model."
                               ) from None


def model_ref(model=None, industry: str | None = DEFAULT_INDUSTRY) -> ModelRef:
    """The ``ModelRef`` of ``model`` (a path, or None for ``$CXNLP_MODEL`` else the shipped model),
    resolved where the job is submitted, so workers need neither the variable nor the same paths.
    ``industry``, if given, must be one the model learnt (its ``meta.json`` lists them). Warns, as ``load`` does,
    of a model saved with another spaCy series than this process's."""
    from .heads import check_industry
    from .model import Model

    if isinstance(model, Model):
        raise DataError("Distributed classification takes a model directory, not a loaded Model: save it with "
                        "cxnlp.save(model, path) and pass the path, so each worker loads it once.")
    from .persist import _warn_on_drift

    directory = resolve_model_dir(model)
    meta = read_meta(directory)  # a clear error here rather than on every worker
    check_industry(industry, meta.get("industries") or (), meta.get("recognises_industries", False))
    _warn_on_drift(directory, meta, pickled=meta["format_version"] == 1)  # said once, here (see model_for)
    return ModelRef(meta_sha256(directory), None if is_shipped(directory) else str(directory.resolve()), _versions())


def _versions() -> tuple[str, ...]:
    """The spaCy and scikit-learn versions of this process (those ``persist._warn_on_drift`` compares)."""
    from importlib.metadata import version

    return version("spacy"), version("scikit-learn")


#: The ``attrs`` key of a partition that ``classify_files`` read from one whole file (``_dask_files``: a CSV-like
#: file, or a Parquet file not split by row group): ``(path, rows, header_row)``, the file as its messages name it,
#: its number of rows and how it was read; the partition's index is then its rows' places in that file (0: the first
#: row of data), also in a part of it that ``repartition`` split off.
SOURCE_ATTR = "cxnlp_source_file"

_MODELS: dict[str, object] = {}
_LOCK = threading.Lock()
LOADS = {"count": 0}  # models loaded by this process (tests check it is one per worker)


def model_for(ref: ModelRef, root: str | Path | None = None):
    """The model ``ref`` names, loaded once per process and kept; ``root`` overrides its directory
    (a copy shipped with the job). Raises ``ModelFormatError`` if this worker has no model there, or
    if the files there are another model. A model saved with another spaCy series is not warned of here: each
    worker process printed Python's two-line warning, its source line quoted, beside the CLI's one-line messages;
    ``model_ref`` warns of it once where the job is submitted, unless this worker's spaCy or scikit-learn is not
    the submitting process's (docs/scale.md asks for the same cxnlp and Python only): then it warns here too."""
    model = _MODELS.get(ref.sha256)
    if model is not None:
        return model
    from .persist import load

    with _LOCK:  # worker threads starting together load it once
        if ref.sha256 not in _MODELS:
            directory = ref.directory(root)
            if not (directory / META_FILE).is_file():  # read on the driver, but not there on this worker
                raise ModelFormatError(
                    f"{directory}: this worker has no model there ({META_FILE} not found), though the job was "
                    f"submitted with one at that path. Every worker must read the model: put it on storage they "
                    f"all mount at the same path (a /dbfs or /Volumes path, a shared file system), or, with "
                    f"cxnlp.spark, pass ship=True (the default) to send it with the job.")
            raw = _meta_bytes(directory)
            if (found := hashlib.sha256(raw).hexdigest()) != ref.sha256:
                raise ModelFormatError(
                    f"{directory}: this worker's model is not the one the job was submitted with (meta.json "
                    f"SHA-256 {found[:12]}…, expected {ref.sha256[:12]}…). Install the same cxnlp version on the "
                    f"workers, or put the model on storage they all read and pass its path.")
            # Said by model_ref where the job was submitted (one line in the CLI), unless this worker runs other
            # versions: then it says so here. Muted in this thread alone (warnings.catch_warnings, process-wide,
            # muted the warning in the other threads of the process while the model loaded).
            same = ref.versions == _versions()
            with muted_warnings(category=InconsistentVersionWarning) if same else contextlib.nullcontext():
                model = load(directory)  # it reads meta.json again: the model loaded must be the one of the bytes hashed
            if not _same_meta(model.meta, raw):
                raise ModelFormatError(
                    f"{directory}: the model changed while this worker loaded it (its {META_FILE} is not the one "
                    f"checked against the job's). Run the job again once the model is in place.")
            _MODELS[ref.sha256] = model
            LOADS["count"] += 1
    return _MODELS[ref.sha256]


def _same_meta(meta: dict, raw: bytes) -> bool:
    """Whether ``meta`` (as ``load`` read it) is the ``meta.json`` of the bytes ``raw``, compared as JSON with sorted
    keys (a NaN among the scores equals itself there)."""
    try:
        return json.dumps(meta, sort_keys=True) == json.dumps(json.loads(raw), sort_keys=True)
    except (ValueError, TypeError, RecursionError):  # bytes that load did not read (it read them as JSON)
        return False


def check_industry_column(columns, industry: str | None, industry_column: str | None) -> str | None:
    """The column of ``columns`` that ``industry_column`` names (case and accents aside, as ``classify_frame``
    finds it), or None; it must not come with an ``industry`` of its own."""
    if industry_column is None:
        return None
    if industry != DEFAULT_INDUSTRY:
        raise ConfigError("give industry (one for every row) or industry_column (one per row), not both.")
    from .columns import find_column

    return find_column(columns, industry_column, "industry column")


def classify_partition(frame: pd.DataFrame, column: str, ref: ModelRef, root: str | Path | None = None,
                       industry: str | None = DEFAULT_INDUSTRY, industry_column: str | None = None) -> pd.DataFrame:
    """``frame`` with the ``cx_`` columns added (``Model.classify_frame``), typed as ``CX_DTYPES``."""
    model = model_for(ref, root)
    if industry_column is not None:  # a message names the row of the file where it is known (_row_names)
        from .model import industry_cells

        known = (model.industries, model.classifier.recognises_industries)
        try:
            industry = industry_cells(frame, industry_column, *known, rows=_row_names(frame))
        except ConfigError:
            _refuse_as_local(frame, industry_column, known)  # a part of a file: the local engine's refusal
            raise
    out = model.classify_frame(frame, text=column, industry=industry).astype(CX_DTYPES)
    out.attrs.pop(SOURCE_ATTR, None)
    return out


def whole_file_source(pieces, rows: int) -> dict[str, tuple]:
    """``{SOURCE_ATTR: (path, rows, None)}`` for the pieces of a Parquet partition that are one whole file of ``rows``
    rows (a ``(path, None, None)``: no row groups chosen), whose index is then its rows' places in the file; else
    ``{}``."""
    piece = pieces[0] if isinstance(pieces, list) and len(pieces) == 1 else pieces
    whole = isinstance(piece, tuple) and len(piece) > 1 and piece[1] is None and isinstance(piece[0], str)
    return {SOURCE_ATTR: (piece[0], rows, None)} if whole else {}


def named_as_typed(err: Exception, files: list[Path]) -> Exception:
    """``err`` with the file its message starts with named as the user's input named it (one of ``files``), where
    that message names it as Dask read it: a Parquet file's path is absolute there ('/home/ana/encuesta.parquet:
    row 3: ...'), where the local engine, and the Dask engine for a CSV file, say 'encuesta.parquet: row 3'."""
    text = str(err)
    for typed in files:
        read = os.path.abspath(typed)  # as Dask's file system makes it (no '..' left)
        if text.startswith(f"{read}:") and read != str(typed):
            return type(err)(f"{typed}{text[len(read):]}")
    return err


def _row_names(frame: pd.DataFrame) -> list[str] | None:
    """Each row of ``frame`` as the local engine names it in a message ("encuesta.csv: row 3") where the partition
    was read from one file (``SOURCE_ATTR``), its index the rows' places in it; else None: a Parquet partition's
    index counts the rows of a row group, not of the file, and a frame of the user's names no file (its 'row 2'
    would be no row of the data)."""
    source = frame.attrs.get(SOURCE_ATTR)
    if source is None or not pd.api.types.is_integer_dtype(frame.index):
        return None
    return [f"{source[0]}: row {place + 1}" for place in frame.index]


def _refuse_as_local(frame: pd.DataFrame, industry_column: str, known: tuple) -> None:
    """The local engine's refusal of an industry cell (the first row of the file that holds it, and how many more
    do), where ``frame`` is a part of the file it was read from: Dask splits a file so that every worker gets work,
    and the part's refusal named the first row of that part and counted its rows alone ('row 31' for a file whose
    rows 6 and 31 hold it). The file is read again, on this error alone; where it cannot be, the part's is said."""
    source = frame.attrs.get(SOURCE_ATTR)
    if source is None or len(frame) == source[1]:
        return
    from .exceptions import kept_warnings
    from .io import read_table
    from .model import industry_cells

    path, _, header_row = source
    try:
        with kept_warnings():  # (said as the file was first read)
            whole = read_table(path, header_row=header_row)
    except Exception:  # noqa: BLE001  (the part's own refusal is said instead)
        return
    industry_cells(whole, industry_column, *known, rows=[f"{path}: row {n}" for n in range(1, len(whole) + 1)])


def output_meta(meta: pd.DataFrame) -> pd.DataFrame:
    """The empty frame ``classify_partition`` returns for input columns ``meta``."""
    return meta.iloc[:0].assign(**{c: pd.Series(dtype=t, index=meta.index[:0]) for c, t in CX_DTYPES.items()})


def bare_field(field):
    """``field`` with its type alone: no metadata on it, nor on the fields inside it (a struct's, a list's item, a
    map's key and item), which a writer's note (an e-mail, a /home path) reached ``--engine dask``'s parts by."""
    import pyarrow as pa

    kind = field.type
    if pa.types.is_struct(kind):
        kind = pa.struct([bare_field(kind.field(i)) for i in range(kind.num_fields)])
    elif pa.types.is_map(kind):
        kind = pa.map_(bare_field(kind.key_field), bare_field(kind.item_field), kind.keys_sorted)
    elif pa.types.is_fixed_size_list(kind):
        kind = pa.list_(bare_field(kind.value_field), kind.list_size)
    elif pa.types.is_large_list(kind) or pa.types.is_list(kind):
        kind = (pa.large_list if pa.types.is_large_list(kind) else pa.list_)(bare_field(kind.value_field))
    return field.with_type(kind).remove_metadata()
