"""What a file command reads: the paths none of its outputs may overwrite (``protected_inputs``), the columns a
summary reads (``summary_columns``), how the label names are named in errors (``label_names_source``), and
whether an input is one cxnlp classified (``classified_spreadsheet``) or a table of training data
(``training_table``), and its cells read without the quote cxnlp wrote there (``formula_quotes_dropped``).

They live apart from ``batch``, whose functions each run one command, because every command asks them the same
questions about its inputs before it reads or writes anything."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from .columns import fold, fold_typed
from .exceptions import DataError
from .io import SPREADSHEET_FORMATS, detect_text_column, file_format
from .schema import AXES, OUTPUT_PREFIX


def summary_columns(text: str | None, settings: dict) -> Callable[[list[str]], list[str]]:
    """The columns a summary without a report reads: all but the comments and the segments (the
    widest two by far), unless a setting names them. The file's header is kept as ``keep.header``."""
    def keep(names: list[str]) -> list[str]:
        keep.header = list(names)
        named = {fold_typed(value) for value in _strings(settings)}  # ("0 - 10" names a header's "0 – 10")
        unused = {"cx_segments"}
        with contextlib.suppress(*(() if text is not None else (DataError,))):  # a --text named must be there
            unused.add(detect_text_column(names, text))
        return [name for name in names if name not in unused or any(fold_typed(name) in value for value in named)]
    return keep


def _strings(value) -> Iterator[str]:
    """Every string inside the settings (column names given to ``by``, ``date``, ``metrics``...)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _strings(item)


def classified_spreadsheet(path: str | Path, columns) -> bool:
    """Whether ``path`` is a CSV or XLSX file (``io.SPREADSHEET_FORMATS``) that cxnlp classified (it has cx_
    columns): the only input whose comments may carry the quote cxnlp writes before a formula-like cell."""
    return file_format(path) in SPREADSHEET_FORMATS and any(fold(c).startswith(OUTPUT_PREFIX) for c in columns)


def training_table(path: str | Path, columns, column) -> bool:
    """Whether the comments read from ``column`` are the ``text`` of a CSV or XLSX table in the training format (a
    label column beside it): a review queue, a discover export, training data. Training reads each such comment
    without the quote cxnlp writes before a formula-like cell ('cxnlp docs labels', section 9), so a command reads
    it so too; cxnlp writes that quote in CSV and XLSX alone, so a Parquet or JSONL comment keeps its own."""
    return file_format(path) in SPREADSHEET_FORMATS and fold(column) == "text" and any(fold(c) in AXES for c in columns)


def formula_quotes_dropped(frame, path: str | Path, column):
    """``frame`` (pandas' or Dask's) with its text cells read without the quote cxnlp wrote before a formula-like
    cell ("'=SUMA…" is "=SUMA…") when ``path`` is a file cxnlp wrote so (``classified_spreadsheet``,
    ``training_table``), as ``review`` and training read its comments: a queue or a classified CSV classified again
    was read with the quote, and written with two, in the comment ``column`` and in every other column ("'+34 600…"
    came back "''+34 600…"). ``frame`` itself elsewhere, where a leading quote is the user's."""
    return _unquoted(frame) if _quoted_by_cxnlp(path, frame.columns, column) else frame


def formula_quotes_dropped_chunks(chunks, path: str | Path, text: str | None):
    """Each chunk of ``path`` through ``formula_quotes_dropped``, its comment column found as ``classify`` finds it
    (decided once, on the first chunk with rows: a file of thousands of columns is not looked through per chunk)."""
    column = quoted = None
    for chunk in chunks:
        if column is None and not chunk.empty:
            column = detect_text_column(chunk.columns, text)
            quoted = _quoted_by_cxnlp(path, chunk.columns, column)
        yield _unquoted(chunk) if quoted else chunk


def _quoted_by_cxnlp(path, columns, column) -> bool:
    """Whether the cells of ``path`` were written by cxnlp, with its quote before formula-like cells: its comments
    in ``column`` are."""
    return classified_spreadsheet(path, columns) or training_table(path, columns, column)


def _unquoted(frame):
    from .io.formulas import drop_formula_quote, formula_quotes_dropped as dropped

    if not hasattr(frame, "npartitions"):
        return dropped(frame)

    def unquoted(value):
        return drop_formula_quote(value) if isinstance(value, str) else value

    out = frame.copy()
    for name, dtype in frame.dtypes.items():
        if dtype.kind not in "biufcmM":
            out[name] = frame[name].map(unquoted, meta=(name, dtype))
    return out


def label_names_source(label_names) -> str:
    """How the label names' checks name them: their file, or (a mapping) 'label names'."""
    return f"label names ({label_names})" if isinstance(label_names, (str, Path)) else "label names"


def protected_inputs(*paths, model=None) -> list:
    """What a command reads, which none of its outputs may be: its input (each Parquet part of a folder of
    them, and the folder itself: no output goes inside it, ``io.check_output``), a labels file given as a path
    (names given as a mapping are no file) and, with ``model``, the files of that model's folder. An output may
    sit beside them in their folders."""
    from .io.common import parquet_parts

    files = []
    for path in (p for p in paths if isinstance(p, (str, Path))):
        if Path(path).is_dir():
            with contextlib.suppress(DataError, OSError):  # (a folder without parts fails when it is read)
                files.extend(parquet_parts(Path(path)))
        files.append(path)
    if model is not None:
        from .persist import MODEL_FILES

        files.extend(Path(model) / name for name in sorted(MODEL_FILES))
    return files
