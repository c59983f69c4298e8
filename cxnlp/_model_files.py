"""What a model directory's files may hold, checked before they are read (README, "A hostile model directory stays
cheap to refuse"): the JSON files' sizes, and each array's type and shape from the ``.npy`` headers of
``arrays.npz``, against ``classifier.json`` and a memory cap. ``persist.load`` calls these."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import numpy as np


#: The most bytes a model's JSON files may hold, checked before they are read (a sparse 1 GiB meta.json cost
#: 2 GB of memory): the shipped model's meta.json holds 4 KB and its classifier.json 1.9 MB (134,463 terms).
MAX_META_BYTES = 1024**2
MAX_STATE_BYTES = 64 * 1024**2
#: The most levels of lists and objects a model's meta.json may nest: ``save`` writes 5 (its scores). ``json.loads``
#: reads nearly 1,000, and one 600 deep stopped ``cxnlp info`` with a RecursionError as it printed it.
MAX_META_NESTING = 32


def nesting(value) -> int:
    """How many levels of lists and objects the JSON value ``value`` holds (0 for a scalar), counted level by level
    without recursion, so that any depth ``json.loads`` reads is counted."""
    depth, level = 0, [value]
    while level := [item for item in level if isinstance(item, (dict, list))]:
        depth += 1
        level = [entry for item in level for entry in (item.values() if isinstance(item, dict) else item)]
    return depth


def read_limited(path: Path, limit: int) -> str:
    """The text of ``path``, refused (``ValueError``) past ``limit`` bytes (``read_limited_bytes``)."""
    return read_limited_bytes(path, limit).decode("utf-8")


def read_limited_bytes(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, refused (``ValueError``) past ``limit`` bytes, by its size first: at most ``limit + 1``
    are read."""
    with open_regular(path) as fh:
        if os.fstat(fh.fileno()).st_size > limit:
            raise ValueError(f"over {limit:,} bytes, more than a model's {path.name} holds")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"over {limit:,} bytes, more than a model's {path.name} holds")
    return data


def open_regular(path: Path):
    """``path`` opened to be read in binary, refused (``ValueError``) unless it is a regular file, as checked on the
    file opened: a pipe put in place of a model file after ``is_file`` was checked held the reader forever (it is
    opened without waiting for a writer, then refused); a symbolic link to a regular file is read, as before."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except BaseException:
        os.close(fd)
        raise
    if not regular:
        os.close(fd)
        raise ValueError(f"{Path(path).name} is not a regular file (a pipe, a device or a folder)")
    return open(fd, "rb")


def file_sha256(path: Path) -> str:
    """The SHA-256 of the regular file at ``path``, opened once by ``open_regular`` (``ValueError`` for a pipe, a
    device or a folder): ``cxnlp info`` checked ``is_file`` and then opened the path again to hash it, and a pipe
    put in place of the file in between held it forever."""
    with open_regular(path) as fh:
        return opened_sha256(fh, float("inf"))


def opened_sha256(fh, limit: int) -> str:
    """The SHA-256 of the open file ``fh``, refused (``ValueError``) past ``limit`` bytes by its size before it is
    hashed; ``fh`` is left at its start, to be read from."""
    import hashlib

    if (size := os.fstat(fh.fileno()).st_size) > limit:
        raise ValueError(f"{Path(fh.name).name} holds {size:,} bytes, over {limit:,}")
    fh.seek(0)
    digest = hashlib.sha256()
    for block in iter(lambda: fh.read(1 << 20), b""):
        digest.update(block)
    fh.seek(0)
    return digest.hexdigest()


#: The most a model's arrays may take once read and converted to the types the model computes in (the
#: shipped model's take about 0.3 GB).
MAX_ARRAY_BYTES = 4 * 1024**3
#: The most bytes arrays.npz may hold, checked, as the JSON files' limits are, from the file's size before it is
#: hashed (a sparse 20 GB classifier.json was hashed for 85 s before its limit was checked). ``save`` stores the
#: arrays (``np.savez``, not deflated), so a model within ``MAX_ARRAY_BYTES`` writes at most that many bytes of
#: data, plus a .npy header and zip records per entry: 64 MiB more covers those many times over. (A cap of 1 GiB
#: refused a model that save had just written, with 1.07 GiB of arrays.) 4 GiB hash in about 8 s.
MAX_ARRAYS_FILE_BYTES = MAX_ARRAY_BYTES + 64 * 1024**2
#: The most bytes a cxnlp 0.1 ``model.joblib`` may hold (loaded only when trusted): it pickled scikit-learn's
#: float64 weights, twice the float32 that ``save`` writes, so a pickle that converts to a model within
#: ``MAX_ARRAY_BYTES`` takes at most twice that, plus the same room.
MAX_LEGACY_FILE_BYTES = 2 * MAX_ARRAY_BYTES + 64 * 1024**2

#: The type each array is computed in (by the end of its name): IDF weights in float64, weights and intercepts
#: in float32, calibrators and thresholds in float64. ``save`` writes float32 or float64, and nothing else is read.
_COMPUTED_ITEMSIZE = {"_idf": 8, ".coef_t": 4, ".intercept": 4}


def check_array_sizes(path) -> dict[str, tuple[int, ...]]:
    """The shape of each array of ``path`` (an ``np.savez`` file), read from the headers alone, once each is
    checked: a float32 or float64 array (what ``save`` writes: a bool array of 3e9 bytes became 24 GB of
    float64), of no negative dimension (NumPy reads one; its negative size, counted, took 1.2e13 bytes off the total
    and let a 4.3 GB array past the cap), declaring no more data than its entry holds, and all of them together, with
    the copies made to convert them, fitting ``MAX_ARRAY_BYTES``: a header that claims 10**13 values must not make
    NumPy try to allocate them. Each entry is named ``NAME.npy``, once: ``np.load`` reads an entry named ``NAME``
    before ``NAME.npy``, and a second one of a name was read where the first was checked."""
    import zipfile

    total, shapes = 0, {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            name = info.filename.removesuffix(".npy")
            if name == info.filename or not name:
                raise ValueError(f"{info.filename!r}: not a .npy entry; save writes only NAME.npy entries")
            if name in shapes:
                raise ValueError(f"{info.filename!r}: two entries of this name; save writes each array once")
            with archive.open(info) as entry:
                version = np.lib.format.read_magic(entry)
                read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                               (2, 0): np.lib.format.read_array_header_2_0}.get(version)
                if read_header is None:
                    raise ValueError(f"{info.filename}: .npy format {version} is not one NumPy's savez writes")
                shape, fortran, dtype = read_header(entry)
                if any(size < 0 for size in shape):
                    raise ValueError(f"{info.filename}: declares the shape {shape}; an array's sizes are 0 or more")
                if dtype.kind != "f" or dtype.itemsize not in (4, 8):
                    raise ValueError(f"{info.filename}: holds {dtype}; a model's arrays are float32 or float64")
                count = int(np.prod(shape, dtype=object))
                declared = count * dtype.itemsize
                if declared > info.file_size:
                    raise ValueError(f"{info.filename}: declares {declared:,} bytes of {dtype} in an entry of "
                                     f"{info.file_size:,}")
            computed = next((size for end, size in _COMPUTED_ITEMSIZE.items() if name.endswith(end)), 8)
            converted = dtype != np.dtype(f"=f{computed}") or fortran  # read, then copied to the computed type
            total += declared + (count * computed if converted else 0)
            shapes[name] = tuple(shape)
    if total > MAX_ARRAY_BYTES:
        raise ValueError(f"the arrays would take {total:,} bytes (at most {MAX_ARRAY_BYTES:,})")
    return shapes


#: The arrays of one head, by the end of their names (``heads._Calibrated.to_state``, and each axis's thresholds).
_HEAD_ARRAYS = (".coef_t", ".intercept", ".calibrator", ".cal_coef", ".cal_intercept", ".thresholds")


def check_array_shapes(state: dict, shapes: dict[str, tuple[int, ...]]) -> None:
    """The IDF weights and head weights ``shapes`` declares match the vocabularies and classes of ``state``
    (``classifier.json``), checked before any array is read: a weight matrix of the right type and within
    ``MAX_ARRAY_BYTES`` cost 30 s and 4 GB before a shape check refused it. Parts of ``state`` that are not
    well formed are left to ``heads.Predictor.from_state``, which names them. An array no part of the model reads
    is refused too: the arrays checked are the arrays read."""
    features, models = state.get("features"), state.get("models")
    vocabularies = features.get("vocabularies") if isinstance(features, dict) else None
    if not isinstance(vocabularies, dict):
        return
    if isinstance(models, dict):
        read_names = {f"features.{name}_idf" for name in vocabularies} | {
            f"{prefix}{end}" for prefix in models for end in _HEAD_ARRAYS}
        unknown = sorted(set(shapes) - read_names)
        if unknown:
            shown = ", ".join(map(repr, unknown[:3])) + (f" and {len(unknown) - 3} more" if len(unknown) > 3 else "")
            raise ValueError(f"{shown}: arrays no part of this model reads; save writes only the model's own")
    params = features.get("params")
    read = ("word", "char", "industry") if isinstance(params, dict) and params.get("industries") else ("word", "char")
    width = 0
    for name, terms in ((name, vocabularies.get(name)) for name in read):
        shape = shapes.get(f"features.{name}_idf")
        if isinstance(terms, list) and shape is not None:
            if shape != (len(terms),):
                raise ValueError(f"features: {len(terms)} {name} terms but {shape} IDF weights")
            width += len(terms)
    for prefix, head in (models.items() if isinstance(models, dict) else ()):
        shape = shapes.get(f"{prefix}.coef_t")
        if shape is None:
            continue
        if len(shape) != 2 or shape[0] != width:
            raise ValueError(f"the vocabularies hold {width} features but the weights read {shape} ({prefix})")
        classes = head.get("classes") if isinstance(head, dict) else None
        if isinstance(classes, list) and shape[1] != len(classes) and not (len(classes) == 2 and shape[1] == 1):
            raise ValueError(f"{prefix}: {len(classes)} classes but {shape[1]} outputs")
        most = max(shape[1], 2) ** 2  # the calibrator, its intercepts and the thresholds of one head
        for end in (".intercept", ".calibrator", ".cal_coef", ".cal_intercept", ".thresholds"):
            size = int(np.prod(shapes.get(prefix + end, ()), dtype=object))
            if size > most:
                raise ValueError(f"{prefix}{end}: {size:,} values for a head of {shape[1]} outputs")


def data_folder_hint(directory: Path) -> str:
    """What to say of a folder given as a model that holds data files (``evaluate --model training_data``, the
    options swapped; ``compare -m default -m etiquetas``): "meta.json is missing" said nothing of what it was. ""
    for any other folder."""
    from ._data_files import NOTES_SUFFIXES
    from .io import FORMATS

    suffixes = set(FORMATS) - set(NOTES_SUFFIXES)
    try:
        found = next((p.name for p in directory.iterdir() if p.suffix.lower() in suffixes and p.is_file()), None)
    except OSError:
        return ""
    # (said by every command that loads a model: classify, info, serve... take no --data)
    return (f"; it holds data files ({found!r}), not a model: --model takes a model folder (with meta.json), and "
            f"evaluate, compare and promote take labelled data as --data" if found else "")
