"""Read and write survey tables through a registry of formats keyed by name.

Built in: CSV (any common encoding and separator; ``.csv``, ``.tsv``, ``.txt``), XLSX, Parquet and
JSON Lines. A new format is one call to :func:`register_format` with a reader (a generator of
DataFrame chunks) and a writer class (``write(chunk)``, ``close()``).

Readers stream in chunks so memory stays flat on large files, and a damaged CSV (an unbalanced
quote, a row with more values than the header) fails with its file and line instead of losing rows.

Writers are atomic: a temporary file in the target folder, renamed into place only when complete,
with the mode of the file it replaces. They refuse to write over an input (by any path: hard and
symbolic links included), a read-only file or a folder; they hold a lock so that two processes
writing the same file cannot both succeed; and SIGTERM removes the temporary file as Ctrl-C does.
Text cells and column names that a spreadsheet would run as a formula get a leading ``'`` in CSV and XLSX
output; the readers drop it from a column name again (``unquoted_names``), so that ``@timestamp`` names the column
cxnlp wrote as ``'@timestamp``.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pandas as pd

from ..columns import detect_text_column
from ..exceptions import ConfigError, CxnlpWarning, DataError, kept_warnings, path_argument, shown_value, type_name, warn_outside
from .atomic import atomic_path, atomic_paths, check_output, check_outputs
from ._json_read import read_jsonl
from ._non_text import refuse_binary_file
from ._read_settings import check_read_settings, check_sep
from .columnar import JsonArrayWriter, JsonlWriter, ParquetWriter, read_parquet
from .common import CHUNK_ROWS, EXTENSIONS, MAX_CELL_CHARS, check_input, file_format, output_format, parquet_parts
from .delimited import (
    CsvWriter,
    csv_output_options,
    read_csv,
    read_csv_whole,
    sniff_separator,
)
from ._xlsx_write import XlsxWriter
from .excel import read_xlsx
from ._totals import without_totals_row
from .formulas import neutralize_formulas, unquoted_names

#: format name -> reader: ``reader(path, *, chunk_rows, sep, max_cell_chars, sheet, header_row, text)``
#: yielding DataFrame chunks in order (options a format has no use for are ignored: ``text``, the comment
#: column the caller will read, only chooses a workbook's sheet)
READERS: dict[str, Callable[..., Iterator[pd.DataFrame]]] = {}
#: format name -> writer class: ``Writer(path, *, sep, encoding, decimal)`` with ``write(chunk)`` and ``close()``
WRITERS: dict[str, type] = {}
#: format name -> whole-table reader, same options as its reader plus ``columns`` (see ``read_table``):
#: the table as one DataFrame, or None when it cannot give exactly what the streaming reader gives
#: (``read_table`` then streams)
WHOLE_READERS: dict[str, Callable[..., pd.DataFrame | None]] = {}
#: formats whose cells a spreadsheet may run as formulas (neutralised on write unless allowed)
SPREADSHEET_FORMATS: set[str] = set()


def register_format(name: str, *, extensions: Iterable[str], reader: Callable[..., Iterator[pd.DataFrame]],
                    writer: type, spreadsheet: bool = False,
                    whole_reader: Callable[..., pd.DataFrame | None] | None = None) -> None:
    """Make ``name`` readable and writable for files with one of ``extensions`` (".feather", ...).

    ``whole_reader`` optionally reads a whole table faster than streaming it; it returns None when it
    cannot be sure to give the same frame."""
    for extension in extensions:
        EXTENSIONS[extension.lower()] = name
    READERS[name], WRITERS[name] = reader, writer
    if whole_reader is not None:
        WHOLE_READERS[name] = whole_reader
    if spreadsheet:
        SPREADSHEET_FORMATS.add(name)


register_format("csv", extensions=(".csv", ".tsv", ".txt"), reader=read_csv, writer=CsvWriter, spreadsheet=True,
                whole_reader=read_csv_whole)
register_format("xlsx", extensions=(".xlsx", ".xlsm"), reader=read_xlsx, writer=XlsxWriter, spreadsheet=True)
register_format("parquet", extensions=(".parquet", ".pq"), reader=read_parquet, writer=ParquetWriter)
register_format("jsonl", extensions=(".jsonl", ".ndjson"), reader=read_jsonl, writer=JsonlWriter)
register_format("json", extensions=(".json",), reader=read_jsonl, writer=JsonArrayWriter)

FORMATS = EXTENSIONS  # extension -> format, kept under its earlier name


def _table_path(path) -> Path:
    """``path`` as a Path; what is not a path is a ``ConfigError`` that names it, as ``load``'s (a frame read already
    was a TypeError from pathlib)."""
    read = " A DataFrame is read already: use it as it is." if isinstance(path, pd.DataFrame) else ""
    return path_argument(path, "table", read)


def iter_table(path: str | Path, *, chunk_rows: int = CHUNK_ROWS, sep: str | None = None,
               max_cell_chars: int = MAX_CELL_CHARS, sheet: str | int | None = None,
               header_row: int | None = None, text: str | None = None) -> Iterator[pd.DataFrame]:
    """Yield the rows of a table file as DataFrames of at most ``chunk_rows`` rows, in order.

    CSV cells are read as text (``"007"`` stays ``"007"``, ``"N/A"`` stays ``"N/A"``) so that
    every input column passes through unchanged, except that a cell over ``max_cell_chars``
    characters is cut to that length. A CSV that is empty, has an unbalanced quote or a row with
    more values than the header raises ``DataError`` naming the line, so no row is lost silently.

    Exports that start with title lines ("Encuesta de satisfacción Q3 - Exportado de ...", a blank
    line, then the header) are read from their header; ``header_row`` (1-based line or row of the
    file) forces it. ``sheet`` picks an XLSX sheet by name or 1-based number (counted as the workbook
    lists its sheet names, chart sheets too), a name first: 2 or "2" is the sheet named "2" if there is
    one (with a ``HeaderRowWarning`` if the second sheet is another), else the second; by default the first
    visible sheet with the comment column ``text`` (named as ``columns.detect_text_column`` finds it), or
    without ``text`` with a comment column, is read. XLSX cells over ``max_cell_chars`` are cut as CSV cells are;
    JSON and Parquet cells are not (their parsers read a whole line or row group: nothing would be saved).
    A spreadsheet's totals row below its table ("Total", then numbers) is no response: it is skipped with a
    ``HeaderRowWarning`` (``_totals``).
    """
    path = _table_path(path)
    kind = file_format(path)
    check_input(path)
    _check_header_row(path, kind, header_row)
    check_sheet(path, sheet)
    check_read_settings(sep, chunk_rows, max_cell_chars)
    names, held = None, None
    for chunk in READERS[kind](path, chunk_rows=chunk_rows, sep=sep, max_cell_chars=max_cell_chars, sheet=sheet,
                               header_row=header_row, text=text):
        if kind in SPREADSHEET_FORMATS:
            names = names or unquoted_names(list(chunk.columns))
            if names != list(chunk.columns):
                chunk.columns = names
        if held is not None:
            yield held
        held = chunk  # (held until the next comes: the last may end in a totals row)
    if held is not None:
        yield without_totals_row(held, path) if kind in SPREADSHEET_FORMATS else held


def read_table(path: str | Path, *, allow_empty: bool = True,
               columns: Callable[[list[str]], list[str]] | None = None, chunk_rows: int = CHUNK_ROWS,
               sep: str | None = None, max_cell_chars: int = MAX_CELL_CHARS, sheet: str | int | None = None,
               header_row: int | None = None, text: str | None = None) -> pd.DataFrame:
    """The whole table at ``path`` as one DataFrame; with ``allow_empty=False`` a table without rows
    raises ``DataError``. The other settings are ``iter_table``'s (``sep``: one character, detected when None).

    ``columns``, given the table's column names, returns those to keep (in the table's order): a
    caller that needs a few columns of a wide file skips parsing the others where the format can.
    """
    # (named one by one: a misspelt setting was blamed on the private _read_whole())
    kwargs = {"chunk_rows": chunk_rows, "sep": sep, "max_cell_chars": max_cell_chars, "sheet": sheet,
              "header_row": header_row, "text": text}
    check_read_settings(sep, chunk_rows, max_cell_chars, columns)
    frame = _read_whole(_table_path(path), columns=columns, **kwargs)
    if frame is None:
        chunks = list(iter_table(path, **kwargs))
        frame = pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame()
        if columns is not None:
            frame = frame[[name for name in frame.columns if name in set(columns(list(frame.columns)))]]
    if not allow_empty and frame.empty:
        raise DataError(f"{path}: no rows to read (the file has no data below its header); check that it is "
                        f"the right file.")
    return frame


def _read_whole(path: Path, *, columns=None, chunk_rows: int = CHUNK_ROWS, sep: str | None = None,
                max_cell_chars: int = MAX_CELL_CHARS, sheet: str | int | None = None,
                header_row: int | None = None, text: str | None = None) -> pd.DataFrame | None:
    kind = file_format(path)
    reader = WHOLE_READERS.get(kind)
    if reader is None:
        return None
    check_input(path)
    _check_header_row(path, kind, header_row)
    check_sheet(path, sheet)
    if kind not in SPREADSHEET_FORMATS:
        return reader(path, sep=sep, max_cell_chars=max_cell_chars, sheet=sheet, header_row=header_row, text=text,
                      columns=columns)
    chosen = columns

    def columns_as_written(names: list[str]) -> list[str]:  # ``columns`` chooses among the names as they are read
        back = dict(zip(unquoted_names(names), names))
        return [back.get(name, name) for name in chosen(list(back))]

    frame = reader(path, sep=sep, max_cell_chars=max_cell_chars, sheet=sheet, header_row=header_row, text=text,
                   columns=None if chosen is None else columns_as_written)
    if frame is not None and unquoted_names(list(frame.columns)) != list(frame.columns):
        frame.columns = unquoted_names(list(frame.columns))
    # (a frame of some columns only has no totals row: ``read_csv_whole`` left such a file to the streaming reader)
    return frame if frame is None or chosen is not None else without_totals_row(frame, path)


def _check_header_row(path: Path, kind: str, header_row: int | None) -> None:
    """A ``DataError`` for a header row given for a file that names its columns itself (Parquet, JSON): it was
    ignored, and the user who meant to skip title lines was not told (``--engine dask`` refused it). A header row
    that is no line number is a ``ConfigError``: 0 (pandas' ``header=0``) was said to be past the end of the file,
    and "2" failed inside the CSV reader."""
    if header_row is not None and (isinstance(header_row, bool) or not isinstance(header_row, numbers.Integral)
                                   or header_row < 1):
        raise ConfigError(f"header_row={shown_value(header_row)}: expected the number of the header's line (CSV) or row (XLSX), "
                          f"counting from 1 for the first (--header-row).")
    if header_row is not None and kind not in SPREADSHEET_FORMATS:
        shown = {"jsonl": "JSON Lines", "json": "JSON"}.get(kind, kind.capitalize())
        raise DataError(f"{path}: header row {header_row} was given, but a {shown} file names its columns itself, "
                        f"so there is no header line to choose; leave out --header-row (header_row=...).")


def check_sheet(path: str | Path, sheet: str | int | None) -> None:
    """A ``DataError`` for a sheet given for an input that is no workbook: it was ignored, and the user who meant
    another table was not told (``--engine dask`` refused it). Training folders are not checked: their sheet
    is that of the workbooks among them. A workbook is a spreadsheet format other than CSV (``register_format``'s
    ``spreadsheet=True``: a format registered so has sheets, as XLSX has)."""
    kind = file_format(path)
    if sheet is not None and not has_sheets(path):
        if kind == "csv" and Path(path).is_file():  # a workbook named .csv: "rename it", not "leave out --sheet"
            refuse_binary_file(Path(path))
        shown = {"jsonl": "JSON Lines", "json": "JSON", "csv": "CSV"}.get(kind, kind.capitalize())
        raise DataError(f"{path}: sheet {shown_value(sheet)} was given, but a {shown} file has no sheets (--sheet applies to "
                        f"XLSX files); leave out --sheet (sheet=...).")


def has_sheets(path: str | Path) -> bool:
    """Whether the file at ``path`` is a workbook, whose sheet can be chosen: a spreadsheet format other than CSV."""
    kind = file_format(path)
    return kind in SPREADSHEET_FORMATS and kind != "csv"


def check_sheet_rows(input_path: str | Path, output_path: str | Path, **read) -> None:
    """A ``DataError`` naming ``output_path``, an XLSX file, for an input with more rows than a sheet holds below
    its header, before any is classified: found by the writer, the limit stopped ``classify`` after every row
    was classified (132 s for 1,048,600 short rows). ``read`` are ``iter_table``'s options.

    The rows are counted only when a bound found without reading the table goes past the limit (Parquet's
    metadata; the line breaks of a CSV or JSONL file, a row taking at least one; the commas and line breaks of a JSON file); a
    format registered without such a bound is left to the writer. A workbook cannot hold more rows than the sheet written."""
    from ._xlsx_write import MAX_ROWS

    input_path = Path(input_path)
    if output_format(Path(output_path)) != "xlsx" or (_rows_at_most(input_path) or 0) <= MAX_ROWS - 1:
        return
    rows = 0
    # Said once, when the rows are read to be classified: kept here in this thread alone (warnings.catch_warnings
    # swaps the process-wide filters, and two threads at once left every warning of the process muted).
    with kept_warnings():
        chunks = iter_table(input_path, **read)
        for chunk in chunks:
            rows += len(chunk)
            if rows > MAX_ROWS - 1:
                chunks.close()
                raise DataError(f"{output_path}: {input_path.name} has more than {MAX_ROWS - 1:,} rows, and an Excel "
                                f"sheet holds at most {MAX_ROWS:,} with its header (Excel would drop the rest); write "
                                f"CSV, Parquet or JSONL instead. Nothing was classified.")


def _rows_at_most(path: Path) -> int | None:
    """At least as many as the rows of the table file ``path``, found without reading it as a table; None for a
    format registered by the caller."""
    kind = file_format(path)
    if kind == "parquet":
        import pyarrow.parquet as pq

        try:
            return sum(pq.ParquetFile(part).metadata.num_rows
                       for part in (parquet_parts(path) if path.is_dir() else [path]))
        except Exception:  # (not readable: the reader says so, naming the file)
            return None
    if kind == "json":  # one line may hold every row ('[{...}, {...}]'), but rows after the first follow a comma,
        bound = 1         # or a line break where the file holds one object per line
        with open(path, "rb") as source:
            for block in iter(lambda: source.read(1 << 24), b""):
                bound += block.count(b",") + block.count(b"\n") + block.count(b"\r")
        return bound
    if kind in ("csv", "jsonl"):
        breaks = crlf = 0
        with open(path, "rb") as source:
            tail = b""
            for block in iter(lambda: source.read(1 << 24), b""):
                breaks += block.count(b"\n") + block.count(b"\r")
                crlf += block.count(b"\r\n") + (tail == b"\r" and block[:1] == b"\n")
                tail = block[-1:]
        return breaks - crlf + 1
    return None  # a workbook (no sheet of it holds more rows than the sheet written), or a format of the caller's


def _shown(kind: str) -> str:
    """The format ``kind`` as a message names it ("JSON Lines", "Parquet")."""
    return {"csv": "CSV", "xlsx": "XLSX", "jsonl": "JSON Lines", "json": "JSON"}.get(kind, kind.capitalize())


class TableWriter:
    """Append DataFrame chunks to a file in the registered format ``kind``; use inside ``atomic_path``.

    CSV and XLSX cells that would run as spreadsheet formulas are neutralised unless ``allow_formulas``; given for
    another format (Parquet, JSONL, JSON: cells always written as they are), it is a one-line ``CxnlpWarning``, where
    the CLI refuses ``--allow-formulas`` (refused, it would break code that ran).
    """

    def __init__(self, path: Path, kind: str, *, sep: str = ",", encoding: str = "utf-8-sig",
                 allow_formulas: bool = False, decimal: str = ".", name: str | Path | None = None):
        if kind == "csv":
            check_sep(sep, detected=False)
        self.path, self.kind = Path(path), kind
        self.name = name  # the output as the user named it: ``path`` is atomic_path's temporary file
        self.neutralize = kind in SPREADSHEET_FORMATS and not allow_formulas
        if allow_formulas and kind not in SPREADSHEET_FORMATS:
            warn_outside(f"allow_formulas=True has no effect on {name or path}: {_shown(kind)} output holds no "
                         f"spreadsheet formulas, its cells are always written as they are; leave it out.", CxnlpWarning)
        self._writer = WRITERS[kind](self.path, sep=sep, encoding=encoding, decimal=decimal)
        if isinstance(self._writer, XlsxWriter):  # (its length error then says when cxnlp's quote is the one too many)
            self._writer.quoted = self.neutralize

    def write(self, chunk: pd.DataFrame) -> None:
        try:
            self._writer.write(neutralize_formulas(chunk) if self.neutralize else chunk)
        except RecursionError:
            raise self._too_deep() from None
        except DataError as err:
            if self._unnamed(err):
                raise DataError(f"{self.name}: {err}") from err
            raise

    def _too_deep(self) -> DataError:
        """The error for a value nested too deeply to write (lists in lists 2,500 deep, built in Python): CSV, XLSX
        and Parquet write such a value as its text, which Python's repr cannot make, and it was a RecursionError
        traceback; JSON output says as much (``columnar.JsonlWriter``)."""
        return DataError(f"{self.name or self.path}: {_shown(self.kind)} output: a value is nested too deeply to write "
                         f"(about 1,000 lists or objects one in another); nest it less deeply (no output format writes "
                         f"it).")

    def checked(self, chunks: Iterable[pd.DataFrame], skip: Iterable[str] = ()) -> Iterator[pd.DataFrame]:
        """``chunks``, the rows to be written in order, each checked as it comes for a cell the format cannot hold
        (its writer's ``check_cells``, where it has one: an XLSX text longer than a cell), columns ``skip`` (to be
        replaced before they are written) left out: the writer's error, found only when the row was written, stopped
        ``classify`` after every row before it had been classified."""
        check = getattr(self._writer, "check_cells", None)
        skip, rows = set(skip), 0
        for chunk in chunks:
            if check is not None:
                try:
                    check(chunk, rows, skip)
                except RecursionError:  # (XLSX's check makes the text of a list, as its writer does)
                    raise self._too_deep() from None
                except DataError as err:
                    if self._unnamed(err):
                        raise DataError(f"{self.name}: {err}") from err
                    raise
            rows += len(chunk)
            yield chunk

    def _unnamed(self, err: DataError) -> bool:
        """Whether ``err`` should name the output and does not ("row 3, column 'comentario': 40,800 characters...":
        a row of which file?)."""
        return self.name is not None and not str(err).startswith(f"{self.name}:")

    def close(self) -> None:
        try:
            self._writer.close()
        except RecursionError:  # (CSV and Parquet write the first rows when they have seen enough, or at the end)
            raise self._too_deep() from None

    def abort(self) -> None:
        """Release what the writer holds after a failure (the file itself is ``atomic_path``'s to remove)."""
        abort = getattr(self._writer, "abort", None)
        if abort is not None:
            abort()


def check_cells(frame: pd.DataFrame, path: str | Path, *, allow_formulas: bool = False,
                skip: Iterable[str] = ()) -> None:
    """The ``DataError`` that ``write_table(frame, path)`` would raise for a cell its format cannot hold (``TableWriter.
    checked``), columns ``skip`` (to be replaced) left out, raised before the work that makes the rest of the table."""
    path, kind = Path(path), output_format(path)
    if getattr(WRITERS[kind], "check_cells", None) is None:  # (a format registered by the caller may open the file)
        return
    writer = TableWriter(path, kind, allow_formulas=allow_formulas, name=path)  # (XLSX's opens no file)
    for _ in writer.checked([frame], skip):
        pass


def write_table(frame: pd.DataFrame, path: str | Path, *, sep: str = ",", protect: Iterable = (),
                allow_formulas: bool = False, decimal: str = ".") -> Path:
    """Write ``frame`` to ``path`` atomically, in the format of its extension; never over one of the
    ``protect`` files. CSV/XLSX formula-like text is neutralised unless ``allow_formulas``. A ``frame`` that is no
    DataFrame (a Series was an IndexError) is a ``DataError``, a ``path`` that is no path a ``ConfigError``."""
    if not isinstance(frame, pd.DataFrame):
        advice = "; write series.to_frame()" if isinstance(frame, pd.Series) else ""
        raise DataError(f"write_table expects a pandas DataFrame, got {type_name(frame)}{advice}.")
    path = path_argument(path, "output")
    kind = output_format(path)
    with atomic_path(path, protect=protect) as tmp:
        writer = TableWriter(tmp, kind, sep=sep, allow_formulas=allow_formulas, decimal=decimal, name=path)
        try:
            writer.write(frame)
            writer.close()
        except BaseException:
            writer.abort()
            raise
    return path


__all__ = [
    "CHUNK_ROWS", "FORMATS", "MAX_CELL_CHARS", "READERS", "WRITERS", "TableWriter", "atomic_path", "atomic_paths",
    "check_cells", "check_output", "check_outputs", "check_sheet", "check_sheet_rows", "csv_output_options",
    "detect_text_column", "file_format", "has_sheets", "iter_table", "neutralize_formulas", "output_format",
    "read_table", "register_format", "sniff_separator", "write_table",
]
