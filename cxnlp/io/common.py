"""What every reader and writer shares: file kinds by extension, input checks, column names."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DataError, DuplicateColumnWarning, choices, warn_outside

CHUNK_ROWS = 20_000
#: A chunk read from a CSV or XLSX holds at most this many cells (``rows_per_chunk``): 20,000 rows of a wide export
#: (2,000 columns, as a long Qualtrics survey has) were 40 million cells, 1.1 GB read from an 81 MB file.
CHUNK_CELLS = 2_000_000
# Cells of a CSV are cut to this many characters while reading, so one hostile 200 MB cell costs a
# few MB. Far above any real cell (Excel's limit is 32,767) and above the 5,000 characters a comment
# is classified on, so such a comment still gets the status `truncated`.
MAX_CELL_CHARS = 1_000_000
MAX_COLUMNS = 16_384  # Excel's limit; a 'header' with more is not a header

def rows_per_chunk(chunk_rows: int, width: int) -> int:
    """The rows of a chunk of a table ``width`` columns wide: ``chunk_rows``, or fewer where that many rows would
    hold more than ``CHUNK_CELLS`` cells, so that memory stays flat however wide the table is."""
    return max(1, min(chunk_rows, CHUNK_CELLS // max(width, 1)))


#: file extension -> format name (a key of ``cxnlp.io.READERS`` and ``cxnlp.io.WRITERS``)
EXTENSIONS: dict[str, str] = {}
#: Spreadsheet formats that are not read, and what to save them as.
_SAVE_AS = {
    ".xls": "an Excel 97-2003 workbook: open it in Excel and save it as .xlsx (Excel Workbook), or export it as CSV",
    ".xlsb": "a binary Excel workbook: open it in Excel and save it as .xlsx (Excel Workbook), or export it as CSV",
    ".ods": "an OpenDocument spreadsheet: save it as .xlsx or CSV (LibreOffice: File > Save As)",
    ".numbers": "a Numbers spreadsheet: export it as .xlsx or CSV (File > Export To)",
}


#: Extensions read but never written (``atomic.check_output`` refuses them): left out of the ones an output is told.
READ_ONLY_EXTENSIONS = frozenset({".xlsm"})


def _extensions(written: bool) -> list[str]:
    """The extensions cxnlp reads, or with ``written`` those it writes, sorted."""
    return sorted(e for e in EXTENSIONS if not (written and e in READ_ONLY_EXTENSIONS))


def save_as_error(path: str | Path, suffix: str) -> DataError:
    """The error for a spreadsheet of a format that is not read (``suffix``, a key of ``_SAVE_AS``: '.ods'),
    whatever ``path`` is named: what it is and what to save it as."""
    return DataError(f"{path}: {_SAVE_AS[suffix]}; cxnlp reads {', '.join(sorted(EXTENSIONS))}.")


def file_format(path: str | Path, *, written: bool = False) -> str:
    """The format of ``path`` from its extension: 'csv', 'xlsx', 'parquet', 'jsonl' or a registered one; a
    folder of Parquet parts (``parquet_parts``) is 'parquet'. An unknown extension's error lists the extensions
    read, or with ``written`` (an output) those written."""
    if Path(path).is_dir() and Path(path).suffix.lower() not in EXTENSIONS:  # ('out.csv/' stays an output's error)
        parquet_parts(Path(path))  # or the error that says what a folder must hold
        return "parquet"
    suffix = Path(path).suffix.lower()
    if suffix in _SAVE_AS and suffix not in EXTENSIONS:
        raise save_as_error(path, suffix)
    if suffix not in EXTENSIONS:
        # A standard stream ('-', /dev/stdout), or a pipe such as bash's <(...) (/dev/fd/63): no extension would
        # help, a file would.
        check_not_a_standard_stream(path)
        if Path(path).exists() and not Path(path).is_file():
            check_input(Path(path))
        blank = str(path)[len(str(path).rstrip()):]
        if not suffix and blank:  # "salida\r" was to end in an extension ("e.g. salida\x0d.csv"), its CRLF unsaid
            raise _blank_after_extension(str(Path(path)), blank)
        if not suffix:  # "unsupported file type ''" did not say the extension was missing
            raise _no_extension(Path(path), str(path), written)
        if suffix.rstrip() in EXTENSIONS:  # "salida.csv\r" read from a list or script saved with Windows line ends
            raise _blank_after_extension(str(Path(path)), suffix)
        raise DataError(f"{_one_line(str(path))}: unsupported file type '{_one_line(suffix)}'; expected one of "
                        f"{choices(_extensions(written))}.")
    return EXTENSIONS[suffix]


def _one_line(name: str) -> str:
    """``name`` with its line feeds written ``\\n``: a name read from a list ("a\\nb.csv") split the error line."""
    return name.replace("\n", "\\n")


def _blank_after_extension(typed: str, suffix: str) -> DataError:
    """The error for a name whose extension ``suffix`` is followed by blank characters, shown escaped (a line feed
    split the error line): a carriage return, which a shell script or a list of files saved with Windows line
    endings (CRLF) leaves in each name ("unsupported file type '.csv\\x0d'" did not say where it came from). A
    ``suffix`` that is blank alone is a name without extension that ends in blank ("salida\\r", "salida\\n")."""
    extension = suffix.rstrip()
    blank = suffix[len(extension):]
    shown = _one_line(typed[:len(typed) - len(blank)]) + blank.encode("unicode_escape").decode("ascii")
    after = f" after its extension '{extension}'" if extension else ""
    if "\r" in blank:
        return DataError(f"{shown}: the name ends in a carriage return{after}, as a script or a list of files saved "
                         f"with Windows line endings (CRLF) leaves; save it with Unix line endings (dos2unix).")
    return DataError(f"{shown}: the name ends in blank space{after}; give the name without it.")


#: paths that name a standard stream: '-', /dev/stdout, and the descriptors 0-2 (bash's <(...), /dev/fd/63, is a
#: pipe, which ``check_input`` says). Redirected to a file (``> out.csv``), /dev/stdout is a regular file without
#: extension, and the error said to end its name with one: "e.g. /dev/stdout.csv", a new file in /dev.
_STANDARD_STREAMS = frozenset({"-", "/dev/stdin", "/dev/stdout", "/dev/stderr"}
                              | {f"{folder}{fd}" for folder in ("/dev/fd/", "/proc/self/fd/") for fd in "012"})


def check_not_a_standard_stream(path: str | Path) -> None:
    """A ``DataError`` where ``path`` names a standard stream (``_STANDARD_STREAMS``), which no command reads or writes."""
    if str(path) in _STANDARD_STREAMS:
        raise DataError(f"{path}: standard input (or output) is not read or written; save the data to a file and "
                        f"give its path.")


def _no_extension(path: Path, typed: str, written: bool) -> DataError:
    """The error for a name without extension, with the name to give: 'out.' is 'out.csv' (not 'out..csv'), and
    '.csv', which Python reads as a hidden file's name without one, is said to need a name before it."""
    if path.name.lower() in EXTENSIONS:
        return DataError(f"{typed}: the name is an extension alone, read as a name without one; give the file a name "
                         f"before it, e.g. {path.with_name('data' + path.name)}.")
    example = path.with_name(path.name.rstrip(".") + ".csv") if path.name.rstrip(".") else f"{typed}.csv"
    return DataError(f"{typed}: the name has no extension, which tells cxnlp the file type; end it with one of "
                     f"{choices(_extensions(written))}, e.g. {example}.")


def output_format(path: str | Path) -> str:
    """``file_format`` of a path to write: a folder that exists is a ``DataError`` asking for a file in it (a folder
    is read as Parquet parts, never written as a table); so is a spreadsheet format that is not written (.ods), whose
    advice for an input (save it as .xlsx) would make no sense for a file yet to be written. The extensions it names
    are those written (.xlsm, read only, was offered, and then refused)."""
    if Path(path).is_dir():
        raise folder_output(Path(path))
    suffix = Path(path).suffix.lower()
    if suffix in _SAVE_AS and suffix not in EXTENSIONS:
        raise DataError(f"{path}: cxnlp cannot write {suffix} files; give an output path ending in one of "
                        f"{', '.join(_extensions(True))} (Excel, LibreOffice and Numbers open .xlsx and .csv).")
    return file_format(path, written=True)


def folder_output(target: Path, file_name: str | None = None) -> DataError:
    """The error for an output path that is a folder, suggesting ``file_name`` inside it, else a file of the same
    extension."""
    example = target / (file_name or "salida" + (target.suffix or ".csv"))
    return DataError(f"Output {target} is a folder; give a file path such as {example}.")


def parquet_parts(folder: Path) -> list[Path]:
    """The Parquet files of ``folder`` in name order: a dataset as ``cxnlp classify --engine dask`` writes it
    (``part.00000.parquet``, ``part.00001.parquet``... in row order), read as one table. Hidden and underscore
    names are no data (a killed task's '.part.tmp', Spark's '_SUCCESS'); sub-folders are not read."""
    check_not_in_partition(folder)  # first, as --engine dask names 'data/year=2024' before its 'month=01'
    check_partition_folders(folder, folder.iterdir())
    parts = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "_"))
                   and EXTENSIONS.get(p.suffix.lower()) == "parquet")
    if not parts:
        raise DataError(f"{folder} is a folder without Parquet files; give the path of a survey file inside it, or a "
                        f"folder of Parquet parts such as 'cxnlp classify --engine dask' writes.")
    return parts


def check_partition_folders(base: Path, paths) -> None:
    """Refuse a Hive-partitioned dataset (``year=2024/part-0.parquet``, as Spark's ``partitionBy`` and pandas'
    ``partition_cols`` write it): its files do not hold the partition column, so reading them would drop it
    without a word. ``paths`` lie under ``base``; a folder among them, or a file's folder below ``base``, named
    ``key=value`` is such a partition. ``cxnlp classify`` and ``--engine dask`` refuse alike."""
    for path in paths:
        folders = Path(path).relative_to(base).parts[:None if Path(path).is_dir() else -1]
        if partition := next((f for f in folders if "=" in f and not f.startswith((".", "_"))), None):
            raise _partition_error(Path(base, partition))


def check_not_in_partition(folder: Path) -> None:
    """Refuse a ``folder`` that is one Hive partition (``data/year=2024``, or ``data/year=2024/month=01`` named by
    its outermost partition): its files hold no ``year`` either, and the value its name gives would be lost, as
    ``check_partition_folders`` refuses the dataset's root. Only the folder's own name, and those of the partition
    folders it lies in, are read: '=' further up (``/runs/lr=0.1/encuestas``) names no column of these files."""
    parts = folder.parts
    depth = len(parts)
    while depth and "=" in parts[depth - 1] and not parts[depth - 1].startswith((".", "_")):
        depth -= 1
    if depth < len(parts):
        raise _partition_error(Path(*parts[:depth + 1]))


def _partition_error(partition: Path) -> DataError:
    """The error for a Hive ``partition`` folder (``year=2024``) read as data: its column would be lost."""
    return DataError(f"{partition} is a Hive partition folder, and its column {partition.name.split('=')[0]!r} is in "
                     f"no file (it would be lost); read the dataset with pd.read_parquet or spark.read.parquet and "
                     f"classify the frame, or write it without partition columns.")


def check_input(path: Path) -> None:
    if path.is_file() and path.suffix.lower() == ".parquet":
        # A Parquet part of 'data/year=2024', as '--engine dask' refuses it (the folder itself: parquet_parts). A CSV
        # in a folder named 'lr=0.1' (as Hydra names its runs) is read: CSV datasets are seldom partitioned that way.
        check_not_in_partition(path.parent)
    if path.is_dir():
        parquet_parts(path)  # a folder of Parquet parts is a table; any other is an error
        return
    if not path.is_file():
        if path.exists():  # a pipe, a socket, a device: read once or never, where a file is read twice
            raise DataError(f"{path}: not a regular file (a pipe or a device); save it to a file and give that.")
        raise DataError(f"{path}: no such file; check the path (relative paths start in {Path.cwd()}).")


def unique_names(names: list[str]) -> list[str]:
    """Column names as pandas gives them: 'Unnamed: 2' for a blank one, 'a.1' for a second 'a'."""
    names = [name if name != "" else f"Unnamed: {i}" for i, name in enumerate(names)]
    repeated = sorted(name for name, n in Counter(names).items() if n > 1)
    if repeated:
        warn_outside(f"the file names {len(repeated)} column(s) more than once ({', '.join(map(repr, repeated[:5]))})"
                     f": the first of each keeps its name, the others are read as '{repeated[0]}.1' and so on; name "
                     f"the one to classify with --text if it is not the first.", DuplicateColumnWarning)
    counts: dict[str, int] = {}
    out = []
    for name in names:
        seen = counts.get(name, 0)
        while seen:
            counts[name] = seen + 1
            name = f"{name}.{seen}"
            seen = counts.get(name, 0)
        counts[name] = seen + 1
        out.append(name)
    return out


def frame_from_rows(names: list[str], rows: list[list[str]], first: int) -> pd.DataFrame:
    """Text cells as a DataFrame whose index continues the file's row numbers from ``first``."""
    columns = zip(*rows) if rows else [()] * len(names)
    return pd.DataFrame(dict(zip(names, map(list, columns))), index=pd.RangeIndex(first, first + len(rows)),
                        dtype=str)


def stored_attrs(attrs: dict) -> dict:
    """``attrs`` as a Parquet output keeps them (pyarrow writes a frame's attrs into the file's pandas metadata):
    without the answers quoted from the input for the warnings (keys ending in ``_examples``, at any depth, that
    hold text or a list: a score typed as 'ana@correo.es' is no file's metadata; a count such as ``n_examples``
    stays), numpy scalars as Python's, and an attr JSON cannot hold left out (one such value made pyarrow drop every
    attr, with a warning; one that holds itself, too)."""
    import json

    def quoted(key, value) -> bool:
        return str(key).endswith("_examples") and not (value is None or isinstance(value, (int, float, np.number)))

    def kept(value):
        if isinstance(value, dict):
            return {str(key): kept(item) for key, item in value.items() if not quoted(key, item)}
        if isinstance(value, (list, tuple)):
            return [kept(item) for item in value]
        return value.item() if isinstance(value, np.generic) else value

    stored = {}
    for key, value in attrs.items():
        if quoted(key, value):
            continue
        try:
            value = kept(value)
            json.dumps(value)
        except (TypeError, ValueError, RecursionError):
            continue
        stored[str(key)] = value
    return stored
