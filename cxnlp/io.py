"""Read and write survey tables: CSV (any common encoding and separator), XLSX, Parquet, JSON Lines.

Readers stream in chunks so memory stays flat on large files, and a damaged CSV (an unbalanced
quote, a row with more values than the header) fails with its file and line instead of losing rows.

Writers are atomic: a temporary file in the target folder, renamed into place only when complete,
with the mode of the file it replaces. They refuse to write over an input (by any path: hard and
symbolic links included), a read-only file or a folder; they hold a lock so that two processes
writing the same file cannot both succeed; and SIGTERM removes the temporary file as Ctrl-C does.
Text cells that a spreadsheet would run as a formula get a leading ``'`` in CSV and XLSX output.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from . import _csv
from ._atomic import atomic_path, check_output, check_outputs  # noqa: F401  (part of this module's API)
from .columns import detect_text_column  # also part of this module's API
from .exceptions import DataError

CHUNK_ROWS = 20_000
# Cells of a CSV are cut to this many characters while reading, so one hostile 200 MB cell costs a
# few MB. Far above any real cell (Excel's limit is 32,767) and above the 5,000 characters a comment
# is classified on, so such a comment still gets the status `truncated`.
MAX_CELL_CHARS = 1_000_000
MAX_COLUMNS = 16_384  # Excel's limit; a 'header' with more is not a header
FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
           ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
_SNIFF_BYTES = 256 * 1024
_SEPARATORS = ",;\t|"


def file_format(path: str | Path) -> str:
    """'csv', 'xlsx', 'parquet' or 'jsonl' from the file extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise DataError(f"{path}: unsupported file type '{suffix}'; expected one of {sorted(FORMATS)}.")
    return FORMATS[suffix]


def _check_input(path: Path) -> None:
    if path.is_dir():
        raise DataError(f"{path} is a folder; give the path of a survey file inside it.")
    if not path.is_file():
        raise DataError(f"{path}: no such file; check the path (relative paths start in {Path.cwd()}).")


# -- CSV dialect ------------------------------------------------------------------------------
def _header_line(lines: list[str], header_row: int | None) -> int:
    """The index in ``lines`` (the file's first physical lines) of the header line.

    ``header_row`` (1-based) forces it. Otherwise it is the first non-blank line, unless that line
    opens a block of at most 5 title lines ("Encuesta de satisfacción Q3 - Exportado de ...") that a
    blank line ends and the next line has at least twice as many cells as any of them and as many as
    the line below it: that line is the header.
    """
    if header_row is not None:
        if not 1 <= header_row <= len(lines):
            raise DataError(f"header row {header_row} is past the first {len(lines)} lines of the file.")
        return header_row - 1
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return 0
    first = filled[0]
    blank = next((i for i in range(first, min(len(lines), first + 6)) if not lines[i].strip()), None)
    after = next((i for i in filled if blank is not None and i > blank), None)
    if after is None:
        return first
    # Title lines are at most half as wide as the header, counted in cells, and the line below the
    # header has as many of its separator (else a one-column file's comment would pass for a header).
    widest_title = max(_separator_counts(lines[i])[1] + 1 for i in range(first, blank))
    counts, best = _separator_counts(lines[after])
    below = next((line for line in lines[after + 1:] if line.strip()), "")
    same_width = any(n == best and _separator_counts(below)[0][sep] == n for sep, n in counts.items())
    return after if best + 1 >= 2 * widest_title and same_width else first


def _separator_counts(line: str) -> tuple[dict[str, int], int]:
    line = re.sub(r'"[^"]*"', "", line)  # a quoted name may hold any character
    counts = {sep: line.count(sep) for sep in _SEPARATORS}
    return counts, max(counts.values())


def _sample_lines(path: Path) -> list[str]:
    with open(path, "rb") as fh:
        sample = _csv.decode_line(fh.read(_SNIFF_BYTES)).lstrip("\ufeff")
    return re.split(r"\r\n|\r|\n", sample)


def _header_separator(path: Path, header_row: int | None = None) -> str | None:
    """The separator of the header line, or None when it has none (a one-column file)."""
    lines = _sample_lines(path)
    at = _header_line(lines, header_row)
    counts, best = _separator_counts(lines[at])
    winners = [sep for sep, n in counts.items() if n == best]
    if best == 0:
        return None
    if len(winners) == 1:
        return winners[0]
    lines = [line for line in lines[at:] if line.strip()][:50]
    try:
        return csv.Sniffer().sniff("\n".join(lines[:-1] or lines), delimiters="".join(winners)).delimiter
    except csv.Error:
        return winners[0]


def sniff_separator(path: str | Path, *, header_row: int | None = None) -> str:
    """The field separator of a CSV file: ',', ';', tab or '|'.

    The header line decides (column names rarely contain separators, while comments are full of
    commas); csv.Sniffer on the first lines breaks ties. A header without any separator means a
    one-column file, read whole line by line (commas kept) and written back with ','. Title lines
    above the header are skipped (see ``iter_table``).
    """
    path = Path(path)
    _check_input(path)
    return _header_separator(path, header_row) or ","


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def csv_output_options(input_path: str | Path, output_path: str | Path, *,
                       header_row: int | None = None) -> dict[str, str]:
    """``sep`` and ``decimal`` for a CSV written from ``input_path``: the output follows the input's locale.

    The output's extension decides the separator (``.tsv`` tabs, ``.csv`` commas, or ``;`` when the
    input uses ``;``, as Spanish Excel does); when a ``;`` input writes numbers with decimal commas
    (``4,5``), float columns are written that way too, so Spanish Excel reads them as numbers.
    """
    input_path, output_path = Path(input_path), Path(output_path)
    suffix = output_path.suffix.lower()
    if file_format(input_path) != "csv":
        return {"sep": "\t" if suffix == ".tsv" else ",", "decimal": "."}
    sep = sniff_separator(input_path, header_row=header_row)
    out_sep = "\t" if suffix == ".tsv" else sep if suffix == ".txt" or sep == ";" else ","
    decimal = "."
    if sep == ";" and out_sep == ";":
        lines = _sample_lines(input_path)
        body = lines[_header_line(lines, header_row) + 1:]
        if any(_DECIMAL_COMMA.fullmatch(cell.strip().strip('"')) for line in body for cell in line.split(sep)):
            decimal = ","
    return {"sep": out_sep, "decimal": decimal}


def _unique_names(names: list[str]) -> list[str]:
    """Column names as pandas gives them: 'Unnamed: 2' for a blank one, 'a.1' for a second 'a'."""
    names = [name if name != "" else f"Unnamed: {i}" for i, name in enumerate(names)]
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


# -- readers ----------------------------------------------------------------------------------
def iter_table(path: str | Path, *, chunk_rows: int = CHUNK_ROWS, sep: str | None = None,
               max_cell_chars: int = MAX_CELL_CHARS, sheet: str | int | None = None,
               header_row: int | None = None) -> Iterator[pd.DataFrame]:
    """Yield the rows of a table file as DataFrames of at most ``chunk_rows`` rows, in order.

    CSV cells are read as text (``"007"`` stays ``"007"``, ``"N/A"`` stays ``"N/A"``) so that
    every input column passes through unchanged, except that a cell over ``max_cell_chars``
    characters is cut to that length. A CSV that is empty, has an unbalanced quote or a row with
    more values than the header raises ``DataError`` naming the line, so no row is lost silently.

    Exports that start with title lines ("Encuesta de satisfacción Q3 - Exportado de ...", a blank
    line, then the header) are read from their header; ``header_row`` (1-based line or row of the
    file) forces it. ``sheet`` picks an XLSX sheet by name or 1-based number; by default the first
    sheet with a comment column is read.
    """
    path = Path(path)
    kind = file_format(path)
    _check_input(path)
    if kind == "csv":
        lines = _sample_lines(path)
        header_line = _header_line(lines, header_row) + 1
        yield from _iter_csv(path, chunk_rows, sep or _header_separator(path, header_row), max_cell_chars,
                             header_line)
    elif kind == "xlsx":
        yield from _iter_xlsx(path, chunk_rows, sheet, header_row)
    elif kind == "parquet":
        yield from _iter_parquet(path, chunk_rows)
    else:
        try:
            yield from pd.read_json(path, lines=True, chunksize=chunk_rows, dtype=False)
        except ValueError as err:
            raise DataError(f"{path}: not valid JSON Lines (one JSON object per line): {err}") from err


def _iter_csv(path: Path, chunk_rows: int, sep: str | None, cap: int,
              header_line: int = 1) -> Iterator[pd.DataFrame]:
    with open(path, "rb") as binary:
        max_cells = [MAX_COLUMNS]
        records = _csv.records(_csv.text_pieces(binary), sep, cap, max_cells)
        try:
            # Title lines above the header are read (a damaged one still fails) and dropped.
            header = next((record for record in records if record[0] >= header_line), None)
            if header is None:
                raise DataError(f"{path}: the file is empty; export it again with a header row and one row "
                                f"per response.")
            names = _unique_names(header[1])
            width, rows, first = len(names), [], 0
            max_cells[0] = 2 * width + 16  # room for trailing separators; anything more is an error anyway
            for line, cells in records:
                if len(cells) != width:
                    if len(cells) < width:  # short rows (trailing empty cells left out) are padded, as pandas does
                        cells += [""] * (width - len(cells))
                    elif any(cells[width:]):
                        raise DataError(_ragged_message(path, line, len(cells), width, sep))
                    else:
                        del cells[width:]  # trailing separators only: nothing is lost
                rows.append(cells)
                if len(rows) >= chunk_rows:
                    yield _frame(names, rows, first)
                    first, rows = first + len(rows), []
        except _csv.CsvSyntaxError as err:
            raise DataError(f"{path}, line {err.line}: {err}") from None
        if rows or not first:
            yield _frame(names, rows, first)


def _ragged_message(path: Path, line: int, found: int, width: int, sep: str | None) -> str:
    return (f"{path}, line {line}: {found} values but the header has {width} columns (separator {sep!r}). "
            f"Put the value that contains {sep!r} in double quotes, or remove a stray quote on an earlier "
            f"line, and run again.")


def _frame(names: list[str], rows: list[list[str]], first: int) -> pd.DataFrame:
    columns = zip(*rows) if rows else [()] * len(names)
    return pd.DataFrame(dict(zip(names, map(list, columns))), index=pd.RangeIndex(first, first + len(rows)),
                        dtype=str)


def _iter_xlsx(path: Path, chunk_rows: int, sheet: str | int | None,
               header_row: int | None) -> Iterator[pd.DataFrame]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001  (zipfile, XML and openpyxl errors all mean the same to the user)
        raise DataError(f"{path}: not a readable XLSX workbook ({type(err).__name__}: {err}); open it in "
                        f"Excel and save it again as .xlsx, or export it as CSV.") from None
    try:
        worksheet, skip = _pick_sheet(path, book, sheet, header_row)
        rows = worksheet.iter_rows(values_only=True)
        for _ in range(skip):  # title rows above the header
            next(rows, None)
        header = next(rows, None)
        if header is None:
            return
        columns = _unique_names([str(h) if h is not None else f"column_{i + 1}" for i, h in enumerate(header)])
        chunk = []
        width = len(columns)
        for row in rows:
            # read-only sheets drop trailing empty cells: pad so every row has every column
            chunk.append(tuple(row[:width]) + (None,) * (width - len(row)))
            if len(chunk) >= chunk_rows:
                yield pd.DataFrame(chunk, columns=columns)
                chunk = []
        if chunk:
            yield pd.DataFrame(chunk, columns=columns)
    except (KeyError, ValueError, OSError) as err:
        if isinstance(err, DataError):
            raise
        raise DataError(f"{path}: a damaged XLSX workbook ({type(err).__name__}: {err}); open it in Excel and "
                        f"save it again, or export it as CSV.") from None
    finally:
        book.close()


def _pick_sheet(path: Path, book, sheet: str | int | None, header_row: int | None):
    """The worksheet to read and how many rows above its header to skip."""
    names = book.sheetnames
    if sheet is not None:
        if isinstance(sheet, str) and sheet in names:
            chosen = book[sheet]
        elif str(sheet).isdigit() and 1 <= int(sheet) <= len(names):
            chosen = book.worksheets[int(sheet) - 1]
        else:
            raise DataError(f"{path}: no sheet {sheet!r}; the workbook has sheets {names} (give a name or a "
                            f"number from 1).")
        return chosen, _sheet_header_index(chosen, header_row)
    for worksheet in book.worksheets:
        skip = _sheet_header_index(worksheet, header_row)
        header = next(worksheet.iter_rows(min_row=skip + 1, max_row=skip + 1, values_only=True), ())
        try:
            detect_text_column([h for h in header if h is not None])
        except DataError:
            continue
        return worksheet, skip
    if len(names) == 1:
        return book.worksheets[0], _sheet_header_index(book.worksheets[0], header_row)
    raise DataError(f"{path}: none of the sheets {names} has a comment column; choose one with sheet=... "
                    f"(a name or a number from 1).")


_HEADER_SCAN_ROWS = 25


def _sheet_header_index(worksheet, header_row: int | None) -> int:
    """The 0-based row of the header: ``header_row - 1`` if given, else the first row whose cells are
    mostly text, at least twice as wide as every row above it and as wide as the rows below it; else
    the first row."""
    if header_row is not None:
        if header_row < 1:
            raise DataError(f"header row {header_row}: rows are numbered from 1.")
        return header_row - 1
    rows = list(worksheet.iter_rows(max_row=_HEADER_SCAN_ROWS, values_only=True))
    widths = [max((i + 1 for i, v in enumerate(row) if v is not None and str(v).strip()), default=0) for row in rows]
    for at, row in enumerate(rows):
        width = widths[at]
        texts = sum(1 for v in row[:width] if isinstance(v, str) and v.strip())
        # Title rows above are at most half as wide as the header (a title, a date, a blank).
        if not width or 2 * texts <= width or any(2 * w > width for w in widths[:at]):
            continue
        below = [w for w in widths[at + 1:] if w][:5]
        if below and max(below) == width:
            return at
    return 0


def _iter_parquet(path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        for batch in parquet.iter_batches(batch_size=chunk_rows):
            yield batch.to_pandas()
    except (pa.ArrowException, OSError) as err:
        raise DataError(f"{path}: not a readable Parquet file ({err}); write it again, or export it as CSV.") from None


def read_table(path: str | Path, *, allow_empty: bool = True, **kwargs) -> pd.DataFrame:
    """The whole table at ``path`` as one DataFrame; with ``allow_empty=False`` a table without rows
    raises ``DataError``."""
    chunks = list(iter_table(path, **kwargs))
    frame = pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame()
    if not allow_empty and frame.empty:
        raise DataError(f"{path}: no rows to read (the file has no data below its header); check that it is "
                        f"the right file.")
    return frame


# -- writers ----------------------------------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d[\d.,]*|[.,]\d[\d.,]*)(?:[eE][+-]?\d+)?")


def _defused(value):
    """``value`` with a leading ``'`` if a spreadsheet would read it as a formula (numbers stay)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and len(value) > 1 \
            and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a leading ``'`` on every text cell (and column name) that starts with ``=``,
    ``+``, ``-``, ``@``, tab or CR, so that opening it in a spreadsheet runs nothing; numbers, and
    text such as ``-3`` that is a number, are left as they are. Returns ``frame`` itself if nothing
    needs changing."""
    out = frame
    for i, items in _text_columns(frame):
        if not any(isinstance(v, str) and v.startswith(_FORMULA_START) for v in items):
            continue
        if out is frame:
            out = frame.copy()
        out.isetitem(i, pd.Series([_defused(v) for v in items], index=frame.index, dtype=frame.dtypes.iloc[i]))
    names = [_defused(c) for c in frame.columns]
    if names != list(frame.columns):
        out = out.copy() if out is frame else out
        out.columns = names
    return out


def _text_columns(frame: pd.DataFrame) -> Iterator[tuple[int, list]]:
    for i in range(frame.shape[1]):
        values = frame.iloc[:, i]
        if values.dtype.kind not in "biufcmM":
            yield i, values.tolist()


def _has_lone_cr(frame: pd.DataFrame) -> bool:
    return any(isinstance(v, str) and "\r" in v and "\r" in v.replace("\r\n", "")
               for _, items in _text_columns(frame) for v in items)


class TableWriter:
    """Append DataFrame chunks to a file whose format follows its extension; use inside ``atomic_path``.

    CSV and XLSX cells that would run as spreadsheet formulas are neutralised unless ``allow_formulas``.
    """

    def __init__(self, path: Path, kind: str, *, sep: str = ",", encoding: str = "utf-8-sig",
                 allow_formulas: bool = False, decimal: str = "."):
        self.path, self.kind, self.sep, self.encoding, self.decimal = Path(path), kind, sep, encoding, decimal
        self.allow_formulas = allow_formulas
        self._started = False
        self._handle = None

    def write(self, chunk: pd.DataFrame) -> None:
        if not self.allow_formulas and self.kind in ("csv", "xlsx"):
            chunk = neutralize_formulas(chunk)
        if self.kind == "csv":
            # The csv module leaves a lone CR unquoted, and readers (pandas, Excel) take it for a line
            # break: a chunk with one is written with every cell quoted, so its rows stay whole.
            quoting = csv.QUOTE_ALL if _has_lone_cr(chunk) else csv.QUOTE_MINIMAL
            chunk.to_csv(self.path, sep=self.sep, decimal=self.decimal, index=False, header=not self._started,
                         mode="a" if self._started else "w", quoting=quoting,
                         encoding=self.encoding if not self._started else "utf-8")
        elif self.kind == "jsonl":
            with open(self.path, "a" if self._started else "w", encoding="utf-8") as fh:
                chunk.to_json(fh, orient="records", lines=True, force_ascii=False)
        elif self.kind == "parquet":
            self._write_parquet(chunk)
        else:
            self._write_xlsx(chunk)
        self._started = True

    def _write_parquet(self, chunk: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._handle is None:
            table = pa.Table.from_pandas(chunk, preserve_index=False)
            # Columns that are all empty in the first chunk would be typed null; text keeps later chunks valid.
            fields = [pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in table.schema]
            self._schema = pa.schema(fields)
            self._handle = pq.ParquetWriter(self.path, self._schema)
        self._handle.write_table(pa.Table.from_pandas(chunk, schema=self._schema, preserve_index=False))

    def _write_xlsx(self, chunk: pd.DataFrame) -> None:
        import openpyxl

        if self._handle is None:
            self._handle = openpyxl.Workbook(write_only=True)
            self._sheet = self._handle.create_sheet()
            self._sheet.append([str(c) for c in chunk.columns])
        for row in chunk.itertuples(index=False):
            self._sheet.append([None if (v is None or (isinstance(v, float) and v != v)) else v for v in row])

    def close(self) -> None:
        if self.kind == "parquet" and self._handle is not None:
            self._handle.close()
        elif self.kind == "xlsx" and self._handle is not None:
            self._handle.save(self.path)
        elif not self._started and self.kind in ("csv", "jsonl"):
            self.path.write_text("", encoding="utf-8")


def write_table(frame: pd.DataFrame, path: str | Path, *, sep: str = ",", protect: Iterable = (),
                allow_formulas: bool = False, decimal: str = ".") -> Path:
    """Write ``frame`` to ``path`` atomically, in the format of its extension; never over one of the
    ``protect`` files. CSV/XLSX formula-like text is neutralised unless ``allow_formulas``."""
    path = Path(path)
    kind = file_format(path)
    with atomic_path(path, protect=protect) as tmp:
        writer = TableWriter(tmp, kind, sep=sep, allow_formulas=allow_formulas, decimal=decimal)
        writer.write(frame)
        writer.close()
    return path
