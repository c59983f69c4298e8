"""CSV and other delimited text: a strict streaming reader built on ``cxnlp.io._records``, with the dialect
(separator, title lines above the header) that ``cxnlp.io._sniff`` finds, the output options (decimal commas)
and the CSV writer."""

from __future__ import annotations

import csv
import functools
import mmap
import os
import re
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DataError, HeaderRowWarning, quoted_cell, warn_outside
from . import _csv_dates, _records, _sniff, _utf8
from ._csv_batches import header_key, until_last_value, without_header, without_qualtrics_rows, without_sub_header
from ._xlsx_header import sub_header_names
from ._totals import is_totals_row
from .common import MAX_COLUMNS, check_input, file_format, frame_from_rows, rows_per_chunk, unique_names
from .formulas import has_lone_cr


def sniff_separator(path: str | Path, *, header_row: int | None = None) -> str:
    """The field separator of a CSV file: ',', ';', tab or '|'.

    The header line decides (column names rarely contain separators, while comments are full of
    commas), checked against the rows below it (``_sniff._check_with_rows``); a tie goes to a ``.tsv`` file's tab,
    else to the separator that gives the sample's rows as many fields as the header (``_sniff._settle_tie``). A
    header without any separator means a one-column file, read whole line by line (commas kept) and written back
    with ','. Title lines above the header are skipped (see ``iter_table``).
    """
    path = Path(path)
    check_input(path)
    return _sniff.header_separator(path, header_row) or ","


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
        lines = _sniff.sample_lines(input_path)
        body = lines[_sniff.header_line(input_path, lines, header_row) + 1:]
        if any(_DECIMAL_COMMA.fullmatch(cell.strip().strip('"')) for line in body for cell in line.split(sep)):
            decimal = ","
    return {"sep": out_sep, "decimal": decimal}


def read_csv(path: Path, *, chunk_rows: int, sep: str | None = None, max_cell_chars: int, header_row: int | None = None,
             **_) -> Iterator[pd.DataFrame]:
    """Stream a CSV in chunks (see ``cxnlp.io.iter_table``)."""
    lines = _sniff.sample_lines(path)
    header_line = _sniff.header_line(path, lines, header_row) + 1
    sep = sep or _sniff.header_separator(path, header_row)
    first = lines[header_line - 1].strip()
    # (not for a question, "¿Qué podemos mejorar?", or a comment column's name)
    names = first.endswith(("?", ":")) or _sniff.names_comment_column(first)
    if sep is None and header_row is None and len(_words(first)) >= 3 and not names:
        # A headerless one-column file loses its first comment to the header: say which line it is.
        warn_outside(f"{path}: line {header_line} ({quoted_cell(first)}) is taken as the header "  # (redacted)
                     f"of a one-column file; if it is a comment, add a header line (\"comentario\") above it.",
                     HeaderRowWarning)
    skip = _sniff.qualtrics_rows(path, lines[header_line - 1:], sep)
    yield from _iter_csv(path, chunk_rows, sep, max_cell_chars, header_line, skip)


def _words(line: str) -> list[str]:
    return re.findall(r"\w+", line)


def _iter_csv(path: Path, chunk_rows: int, sep: str | None, cap: int,
              header_line: int = 1, skip: int = 0) -> Iterator[pd.DataFrame]:
    with _utf8.open_utf8(path, warn_cut=True) as binary:
        max_cells, widths, last_line = [MAX_COLUMNS], [0], [0]
        batches = _records.record_batches(_records.text_pieces(binary), sep, cap, max_cells, widths, last_line)
        try:
            # Title lines above the header are read (a damaged one still fails) and dropped.
            header, rest = None, ((), [], True)
            for lines, batch, checked in batches:
                for i, (line, cells) in enumerate(zip(lines, batch)):
                    if not checked and len(cells) > max_cells[0]:
                        raise _records.too_many(line, max_cells[0], widths[0], sep)
                    if line >= header_line:
                        header, rest = cells, (lines[i + 1:], batch[i + 1:], checked)
                        after = _line_after(line, cells, cap, last_line[0])
                        break
                if header is not None:
                    break
            if header is None:
                raise DataError(f"{path}: the file is empty; export it again with a header row and one row "
                                f"per response.")
            data, questions = chain([rest], batches), None
            if skip:  # the records under the header are more header rows: Qualtrics'
                data = without_qualtrics_rows(data, skip, path, header_line)
            elif len(header) > 1:  # or SurveyMonkey's second one ("Response")
                data, questions = without_sub_header(data, header, path)
            names = unique_names(questions or header)
            width, rows, first = len(names), [], 0
            chunk_rows = rows_per_chunk(chunk_rows, width)
            max_cells[0] = 2 * width + 16  # room for trailing separators; anything more is an error anyway
            widths[0] = width  # (a quoted value that would swallow rows this wide is an error)
            copies: list[int] = []  # lines that repeat the header
            for lines, batch, checked in until_last_value(without_header(data, header, copies) if width > 1 else data):
                if width == 1:
                    # One column: a blank line is an empty answer (Excel writes an empty cell so), not a line
                    # to skip: the rows must stay those of the sheet. Blank lines after the last row are not.
                    for line, cells in zip(lines, batch):
                        if not checked and len(cells) > max_cells[0]:
                            raise _records.too_many(line, max_cells[0], widths[0], sep)
                        for _ in range(line - after):
                            rows.append([""])  # a run of blank lines, however long, goes out a chunk at a time
                            if len(rows) >= chunk_rows:
                                yield _frame(names, rows[:chunk_rows], first)
                                first, rows = first + chunk_rows, rows[chunk_rows:]
                        if cells[0].startswith("\ufeff") and header_key(cells) == header_key(header):
                            # (only with a BOM, a second file's start: "Comentario" alone may be an answer)
                            copies.append(line)
                            after = _line_after(line, cells, cap, last_line[0])
                            continue
                        rows.append(_fit(cells, width, path, line, sep))
                        after = _line_after(line, cells, cap, last_line[0])
                elif set(map(len, batch)) <= {width}:  # the common case: every row as wide as the header
                    rows += batch
                else:
                    for line, cells in zip(lines, batch):
                        if not checked and len(cells) > max_cells[0]:
                            raise _records.too_many(line, max_cells[0], widths[0], sep)
                        rows.append(_fit(cells, width, path, line, sep))
                        if len(rows) >= chunk_rows:
                            yield _frame(names, rows, first)
                            first, rows = first + len(rows), []
                while len(rows) >= chunk_rows:
                    yield _frame(names, rows[:chunk_rows], first)
                    first, rows = first + chunk_rows, rows[chunk_rows:]
        except _records.CsvSyntaxError as err:
            raise DataError(f"{path}, line {err.line}: {err}") from None
        if copies:
            shown = ", ".join(map(str, copies[:10])) + (f" and {len(copies) - 10} more" if len(copies) > 10 else "")
            warn_outside(f"{path}: line{'s' if len(copies) > 1 else ''} {shown} repeat{'' if len(copies) > 1 else 's'} "
                         f"the header (exports joined into one file?): skipped, a header is no answer.",
                         HeaderRowWarning)
        if rows or not first:
            yield _frame(names, rows, first)


def _line_after(line: int, cells: list[str], cap: int, last_line: int) -> int:
    """The physical line after the record that starts on ``line`` (its quoted cells may hold line feeds); where a
    cell was cut at ``cap`` characters, and its line feeds with it, the line after ``last_line``, the line the
    reader saw the record end on (``record_batches``): the blank lines below it are empty answers too."""
    if any(len(cell) >= cap for cell in cells):
        return last_line + 1
    return line + 1 + sum(cell.count("\n") for cell in cells)


def _frame(names: list[str], rows: list[list[str]], first: int) -> pd.DataFrame:
    """``common.frame_from_rows``: the same frame, built through pyarrow when pandas keeps text in
    Arrow (its default), which skips pandas' second look at every cell (a third of reading a file)."""
    dtype = _text_dtype()
    if dtype is None:
        return frame_from_rows(names, rows, first)
    import pyarrow as pa

    # Rows to columns through one object array (filling it costs a fifth of zip(*rows)).
    cells = np.fromiter(chain.from_iterable(rows), dtype=object, count=len(rows) * len(names))
    cells = cells.reshape(len(rows), len(names))
    return pd.DataFrame({name: pd.array(pa.array(cells[:, j], type=pa.large_string()), dtype=dtype)
                         for j, name in enumerate(names)},
                        index=pd.RangeIndex(first, first + len(rows)), copy=False)


@functools.cache
def _text_dtype():
    """pandas' ``str`` dtype when it is Arrow's large strings (checked on a sample), else None."""
    dtype = pd.Series([], dtype=str).dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return None
    import pyarrow as pa

    sample = frame_from_rows(["a"], [["x"]], 0)
    if pa.array(sample["a"].array).type != pa.large_string():
        return None
    return dtype


def _fit(cells: list[str], width: int, path: Path, line: int, sep: str | None) -> list[str]:
    """A row of ``width`` cells: short rows (trailing empty cells left out) padded, as pandas does,
    and trailing empty cells beyond the header dropped; a longer row raises ``DataError``."""
    if len(cells) < width:
        cells += [""] * (width - len(cells))
    elif len(cells) > width:
        if any(cells[width:]):
            raise DataError(_ragged_message(path, line, len(cells), width, sep))
        del cells[width:]  # trailing separators only: nothing is lost
    return cells


def _ragged_message(path: Path, line: int, found: int, width: int, sep: str | None) -> str:
    return (f"{path}, line {line}: {found} values but the header has {width} columns (separator {sep!r}). "
            f"Put the value that contains {sep!r} in double quotes, or remove a stray quote on an earlier "
            f"line, and run again.")


class CsvWriter(_csv_dates.HeldForDates):
    """Append chunks to a CSV file (header with the first one). How each column's date-times are written is decided
    on the file's first ``TYPE_ROWS`` rows, or fewer on a wide table (``TYPE_CELLS`` cells: a 150-column table's
    2,500-row chunks of ``--jobs N`` held 20,000 rows, 170 MB more), whatever chunks they came in (``_csv_dates``),
    so the file is the same with any ``--jobs``. The chunks from the first one with a column that may hold
    date-times (``_csv_dates.may_hold_dates``) are held until then; those before it have no date-time to decide a
    format and are written at once, so a file without any (every CSV input) is written while it is classified,
    not all at the end (with ``--jobs N``, 1.5 s of 20,000 long reviews written after the workers had finished)."""

    WRITE_CELLS = 1_000_000  # cells pandas turns to text at a time

    def __init__(self, path: Path, *, sep: str = ",", encoding: str = "utf-8-sig", decimal: str = ".", **_):
        self.path, self.sep, self.encoding, self.decimal = path, sep, encoding, decimal
        super().__init__()
        self._started = False

    def _write(self, chunk: pd.DataFrame) -> None:
        # The csv module leaves a lone CR unquoted, and readers (pandas, Excel) take it for a line
        # break: a chunk with one is written with every cell quoted, so its rows stay whole.
        quoting = csv.QUOTE_ALL if has_lone_cr(chunk) else csv.QUOTE_MINIMAL
        # pandas turns 100,000 cells at a time to text, each column at a cost: 20 rows at a time of 5,000 columns
        # took 9 s a 400-row chunk. ``WRITE_CELLS`` at a time: 1 s. Not where a column holds durations: pandas
        # writes them "1 days" where every one of those rows is a whole day, else "1 days 00:00:00" (its own runs
        # keep the bytes they always had).
        durations = any(dtype.kind == "m" for dtype in chunk.dtypes)
        chunk.to_csv(self.path, sep=self.sep, decimal=self.decimal, index=False, header=not self._started,
                     mode="a" if self._started else "w", quoting=quoting,
                     encoding=self.encoding if not self._started else "utf-8",
                     chunksize=None if durations else max(1, self.WRITE_CELLS // max(chunk.shape[1], 1)))
        self._started = True

    def close(self) -> None:
        self._start_held()
        if not self._started:
            self.path.write_text("", encoding="utf-8")


def _sub_header_below(data, end: int, header: list[str], sep: str) -> bool:
    """Whether the line after the header (which ends at ``end``) is a survey tool's second header row: labels,
    never longer than 64 KiB (a huge first answer is not copied to be looked at)."""
    stop = data.find(b"\n", end + 1, end + 1 + 2**16)
    if stop < 0 and len(data) > end + 1 + 2**16:
        return False
    below = data[end + 1:stop if stop >= 0 else len(data)].rstrip(b"\r").decode("utf-8", "replace")
    try:
        cells = next(csv.reader([below], delimiter=sep), [])
    except csv.Error:
        return False
    return sub_header_names(tuple(header), tuple(cells)) is not None


def read_csv_whole(path: Path, *, sep: str | None = None, max_cell_chars: int, header_row: int | None = None,
                   columns=None, **_) -> pd.DataFrame | None:
    """The whole CSV at once through Arrow's multi-threaded parser, or None when it cannot be sure to
    give what ``read_csv`` gives; the caller then streams it with ``read_csv``. ``columns`` (the
    column names -> those to keep) leaves the others unconverted.

    Arrow is as fast as pandas' C parser and as forgiving: an unbalanced quote can swallow the lines
    after it. So it is used only where that cannot go unnoticed: UTF-8 throughout, the header on the
    first line, every row as wide as the header, no cell that reaches the cell cap, no carriage return
    without a line feed after it (content to the streaming reader, a line end to Arrow), and exactly one
    row per line feed after the header (a quoted line break, a swallowed line or a skipped blank line
    makes fewer rows than lines). Anything else falls back. ``tests/test_reliability_io.py`` checks that
    both give the same frame on well-formed and damaged files.
    """
    dtype = _text_dtype()
    if dtype is None:
        return None
    lines = _sniff.sample_lines(path)
    if _sniff.header_line(path, lines, header_row) != 0:
        return None
    sep = sep or _sniff.header_separator(path, header_row)
    if sep is None or _sniff.qualtrics_rows(path, lines, sep):
        return None
    with open(path, "rb") as fh:
        if not os.fstat(fh.fileno()).st_size:
            return None
        # Mapped, not read: the file's pages are the OS's cache, so a huge cell (which sends the file to
        # the streaming reader below) costs no copy of the file in this process.
        data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    if data[:2] in _utf8.UTF16_BOMS or data[:4] in _utf8.UTF32_BOMS:
        return None  # UTF-16 or UTF-32: the streaming reader decodes it
    start = len(_utf8.UTF8_BOM) if data[:len(_utf8.UTF8_BOM)] == _utf8.UTF8_BOM else 0
    end = data.find(b"\n", start)
    if end < 0 or end + 1 == len(data) or data[end + 1:end + 1 + len(_utf8.UTF8_BOM)] == _utf8.UTF8_BOM:
        return None  # (Arrow would drop a BOM that starts the first row, which the streaming reader keeps)
    try:
        header = next(csv.reader([data[start:end].rstrip(b"\r").decode("utf-8")], delimiter=sep, strict=True))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None
    if len(header) > MAX_COLUMNS:  # no header: the streaming reader says so (Arrow read 100,000 columns, 1.2 GB)
        return None
    if len(header) > 1 and _sub_header_below(data, end, header, sep):
        return None  # SurveyMonkey's second header row: the streaming reader skips it
    names = unique_names(header)
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as pa_csv

    keys = [f"c{i}" for i in range(len(names))]
    kept = set(columns(list(names))) if columns is not None else set(names)
    include = [key for key, name in zip(keys, names) if name in kept or key == keys[0]]  # (the first: see below)
    # Arrow parses its own mapping of the file, not a py_buffer over ``data``: its reader is freed on one of Arrow's
    # threads after read_csv returns, and freeing a Python buffer there takes the GIL; at interpreter exit (a command
    # failing right after reading) Python ended that thread inside C++, and the process died with SIGABRT,
    # "terminate called without an active exception", after printing its error (apache/arrow#34314).
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(pa.memory_map(str(path)).read_buffer()[end + 1:]),
            read_options=pa_csv.ReadOptions(column_names=keys),
            parse_options=pa_csv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(include_columns=include,
                                                  column_types=dict.fromkeys(keys, pa.large_string()),
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowException:
        return None
    # As many rows as line feeds: no record spans lines and no line was skipped or split. Only a
    # quote left open on the last line could hide (Arrow closes it at the end of the file). Scanned after Arrow's
    # read, as Arrow's mapping is let go: scanned before, the file's pages were resident twice at the peak.
    lines, lone_cr = _scan_lines(data, end + 1)
    if lone_cr:
        return None  # a cell's content to the streaming reader, a line end to Arrow (dropped where it starts a row)
    if table.num_rows != lines + (data[-1:] != b"\n"):
        return None
    at = data.rfind(b"\n", end, len(data) - 1) + 1
    if len(data) - at > max_cell_chars:
        return None
    last = data[at:]
    if not last.strip(b'\r\n "' + sep.encode()):
        return None  # a last row of empty cells: the streaming reader leaves out such rows at the end
    try:
        cells = next(csv.reader([last.decode("utf-8").rstrip("\r\n")], delimiter=sep, strict=True), [])
    except (UnicodeDecodeError, csv.Error):
        return None
    if columns is not None and is_totals_row(cells):
        return None  # a totals row is judged on all its cells, which the streaming reader gives (``_totals``)
    if len(names) > 1 and pc.any(pc.equal(pc.utf8_trim(table.column(keys[0]), characters=" \t\ufeff"),
                                          header[0].strip(" \t\ufeff"))).as_py():
        return None  # a row that may repeat the header: the streaming reader drops it, with a warning
    for column in table.columns:
        if column.null_count or (len(column) and pc.max(pc.binary_length(column)).as_py() >= max_cell_chars):
            return None
    return pd.DataFrame({name: pd.array(table.column(key), dtype=dtype)  # Arrow's memory, not a copy
                         for key, name in zip(keys, names) if name in kept},
                        index=pd.RangeIndex(0, table.num_rows), copy=False)


def _scan_lines(data, start: int, block: int = 1 << 22) -> tuple[int, bool]:
    """The line feeds in ``data[start:]`` (a mapped file), and whether a carriage return there has no line feed
    after it; a block at a time, each block a bytes copy let go at once (a NumPy view of the whole mapping kept
    its pages resident: a 600 MB summary's peak RSS rose by half)."""
    lines, lone = 0, False
    for at in range(start, len(data), block):
        part = data[at:at + block + 1]  # and the byte after the block, to see what follows its last
        lines += part.count(b"\n", 0, block)
        if not lone and b"\r" in part:  # the block's carriage returns, against its pairs whose '\r' it holds
            lone = part.count(b"\r", 0, block) != part.count(b"\r\n", 0, block + 1)
    return lines, lone