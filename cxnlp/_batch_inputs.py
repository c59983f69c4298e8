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
from .schema import AXES, OUTPUT_COLUMNS, OUTPUT_PREFIX


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
    """``frame`` (pandas' or Dask's) read without the quote cxnlp wrote before a formula-like cell ("'=SUMA…" is
    "=SUMA…") where ``path`` is a file cxnlp wrote so (``_quoted_columns``), as ``review`` and training read its
    comments: a queue or a classified CSV classified again was read with the quote, and written with two, in the
    comment ``column`` and in every other column ("'+34 600…" came back "''+34 600…"). ``frame`` itself elsewhere,
    where a leading quote is the user's."""
    columns = _quoted_columns(path, frame.columns, column)
    return frame if columns == [] else _unquoted(frame, columns)


def formula_quotes_dropped_chunks(chunks, path: str | Path, text: str | None):
    """Each chunk of ``path`` through ``formula_quotes_dropped``, its comment column found as ``classify`` finds it
    (decided once, on the first chunk with rows: a file of thousands of columns is not looked through per chunk)."""
    columns, decided = [], False
    for chunk in chunks:
        if not decided and not chunk.empty:
            columns, decided = _quoted_columns(path, chunk.columns, detect_text_column(chunk.columns, text)), True
        yield chunk if columns == [] else _unquoted(chunk, columns)


#: The columns every file cxnlp classified has (its first nine; later ones add more): a CSV or XLSX with them all is
#: cxnlp's output, every text cell of it written with cxnlp's quote; a "CX_Score" of the user's own proves nothing.
_CLASSIFIED_COLUMNS = frozenset(OUTPUT_COLUMNS[:9])


def _quoted_columns(path, columns, column) -> list | None:
    """The columns of ``path`` whose cells cxnlp wrote with its quote before formula-like cells: every text column
    (None) of a CSV or XLSX file with every column classify writes; the comment ``column`` alone of another input
    it may have classified (a cx_ column, ``classified_spreadsheet``) or of a training table (``training_table``),
    as before: a user's own "'+34 600…" beside it keeps its quote; none elsewhere ([])."""
    if not (classified_spreadsheet(path, columns) or training_table(path, columns, column)):
        return []
    return None if _CLASSIFIED_COLUMNS <= {fold(c) for c in columns} else [column]


def _unquoted(frame, columns):
    """``frame`` with the text cells of ``columns`` (None: every text column) read without cxnlp's quote."""
    from .io.formulas import drop_formula_quote, formula_quotes_dropped as dropped

    if columns is None:  # (Dask's partitions too: sieved, not every cell of every column looked at in Python)
        return frame.map_partitions(dropped, meta=frame._meta) if hasattr(frame, "npartitions") else dropped(frame)

    def unquoted(value):
        return drop_formula_quote(value) if isinstance(value, str) else value

    out = frame.copy()
    for name, dtype in frame.dtypes.items():
        if name in columns:
            out[name] = (frame[name].map(unquoted, meta=(name, dtype)) if hasattr(frame, "npartitions") else
                         frame[name].map(unquoted))
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
