"""CSV and other delimited text: the dialect (separator, title lines above the header, decimal
commas) and a strict streaming reader built on ``cxnlp.io._records``, and the CSV writer."""

from __future__ import annotations

import csv
import functools
import mmap
import os
import re
import warnings
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

from ..columns import fold
from ..exceptions import DataError, HeaderRowWarning
from ..schema import TEXT_COLUMN_CANDIDATES
from . import _records
from .common import MAX_COLUMNS, check_input, file_format, frame_from_rows, unique_names
from .formulas import has_lone_cr

_SNIFF_BYTES = 256 * 1024
_SEPARATORS = ",;\t|"


def _header_line(lines: list[str], header_row: int | None) -> int:
    """The index in ``lines`` (the file's first physical lines) of the header line.

    ``header_row`` (1-based) forces it. Otherwise it is the line after Excel's ``sep=;`` line, or the first
    non-blank line, unless that line
    opens a block of at most 5 title lines ("Encuesta de satisfacción Q3 - Exportado de ...") that a
    blank line ends and the next line has at least twice as many cells as any of them and as many as
    the line below it: that line is the header. A first line without a separator that names a comment
    column ("Comentario") is a one-column file's header, whose blank line is an empty answer and whose
    answers hold unquoted commas ("Opinión, la app va lenta"). Without a blank line, a one-cell title
    line is told by the lines below it (``_header_below_title``).
    """
    if header_row is not None:
        if not 1 <= header_row <= len(lines):
            raise DataError(f"header row {header_row} is past the first {len(lines)} lines of the file.")
        return header_row - 1
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return 0
    if _excel_separator(lines) and len(filled) > 1:
        return filled[1]  # Excel's "sep=;" line is no title: the header follows it
    first = filled[0]
    blank = next((i for i in range(first, min(len(lines), first + 6)) if not lines[i].strip()), None)
    after = next((i for i in filled if blank is not None and i > blank), None)
    if after is None:
        return _header_below_title(lines, filled)
    if _names_comment_column(lines[first]):
        return first
    # Title lines are at most half as wide as the header, counted in cells, and the line below the
    # header has as many of its separator (else a one-column file's comment would pass for a header).
    widest_title = max(_separator_counts(lines[i])[1] + 1 for i in range(first, blank))
    counts, best = _separator_counts(lines[after])
    below = next((line for line in lines[after + 1:] if line.strip()), "")
    same_width = any(n == best and _separator_counts(below)[0][sep] == n for sep, n in counts.items())
    return after if best + 1 >= 2 * widest_title and same_width else first


_SEP_HINT = re.compile(r'"?sep=(.)"?\s*')


def _excel_separator(lines: list[str]) -> str | None:
    """The separator a first line ``sep=;`` names (Excel writes and reads it), else None."""
    found = _SEP_HINT.fullmatch(lines[0]) if lines else None
    return found.group(1) if found else None


def _header_below_title(lines: list[str], filled: list[int]) -> int:
    """The header line when no blank line follows the first: the first line, unless it is one cell (a title,
    "Comentarios de clientes - julio 2024", that names no comment column) and the next line has a separator
    that at least 4 of 5 of the following lines (at least 2) have as many of: that next line is the header.
    Commas count only 2 or more and without prose (a one-column file's comments hold commas), and the header
    names every column."""
    first = filled[0]
    if len(filled) < 4 or _separator_counts(lines[first])[1] or _names_comment_column(lines[first]):
        return first
    header, rows = filled[1], [lines[i] for i in filled[2:22]]
    counts, best = _separator_counts(lines[header])
    for sep, n in counts.items():
        if n != best or n == 0 or (sep == "," and n < 2) or f"{sep} " in lines[header]:
            continue  # (a separator and a space: prose, "Me gusta; pero caro", a one-column file's comment)
        if not all(cell.strip() for cell in next(csv.reader([lines[header]], delimiter=sep))):
            continue  # a header names every column
        if sum(_separator_counts(row)[0][sep] == n for row in rows) >= 0.8 * len(rows):
            return header
    return first


def _names_comment_column(line: str) -> bool:
    """``line`` is one name, without a separator, that ``schema.TEXT_COLUMN_CANDIDATES`` holds (folded)."""
    return _separator_counts(line)[1] == 0 and fold(line.strip().strip('"')) in TEXT_COLUMN_CANDIDATES


def _separator_counts(line: str) -> tuple[dict[str, int], int]:
    line = re.sub(r'"[^"]*"', "", line)  # a quoted name may hold any character
    counts = {sep: line.count(sep) for sep in _SEPARATORS}
    return counts, max(counts.values())


def _sample_lines(path: Path) -> list[str]:
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    _refuse_utf16(path, head)
    sample = _records.decode_line(head).lstrip("\ufeff")
    return re.split(r"\r\n|\r|\n", sample)


def _refuse_utf16(path: Path, head: bytes) -> None:
    """UTF-16 text (Excel's "Unicode text" export) read byte by byte is noise with a NUL after each letter."""
    sample = head[:4096]
    if sample[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(sample) >= 8 and sample.count(0) * 3 > len(sample)):
        raise DataError(f"{path}: UTF-16 text (as Excel's \"Unicode text\" writes it); save it as \"CSV UTF-8\" "
                        f"or as .xlsx and read that.")


def _header_separator(path: Path, header_row: int | None = None) -> str | None:
    """The separator of the header line, or None when it has none (a one-column file)."""
    lines = _sample_lines(path)
    if hint := _excel_separator(lines):
        return hint
    at = _header_line(lines, header_row)
    counts, best = _separator_counts(lines[at])
    winners = [sep for sep, n in counts.items() if n == best]
    if best == 0 or (_prose_comma_header(lines[at], counts) and not _rows_fit(path, lines[at:], ",")):
        return None
    sep = winners[0] if len(winners) == 1 else _settle_tie(path, lines[at:], winners)
    return _check_with_rows(path, lines[at:], sep, counts, at + 1)


_SAMPLE_ROWS = 200
_PROSE_COMMA = re.compile(r",(?! [a-záéíóúñü])")


def _prose_comma_header(line: str, counts: dict[str, int]) -> bool:
    """``line`` is one name whose commas are prose, as Spanish Excel leaves it unquoted in a one-column CSV
    ("Comentarios, sugerencias y quejas"): ',' its only separator, at most twice, each followed by a space
    and a lower-case word, and a name of several words (not "id, comentario", a spaced export)."""
    if '"' in line or {sep for sep, n in counts.items() if n} != {","} or counts[","] > 2:
        return False
    return not _PROSE_COMMA.search(line.strip()) and any(" " in part.strip() for part in line.split(","))


def _rows_fit(path: Path, lines: list[str], sep: str) -> bool:
    """Most of the sample's rows split on ``sep`` into as many cells as the header (``lines[0]``), and some row
    holds a comma that is no prose: a table's header, even one that reads like prose ("fecha, nota del
    cliente, comentario" above "2024-01-01, 9, bien"), not a one-column file's ("Muy bien, gracias")."""
    fit = _fit_share(_sample_records(path, lines, sep)) >= 0.5
    return fit and any(_PROSE_COMMA.search(line.strip()) for line in lines[1:_SAMPLE_ROWS + 1])


def _sample_records(path: Path, lines: list[str], sep: str) -> list[list[str]]:
    """The non-blank records of ``lines`` (the header line, then the sample's next lines) split on ``sep``."""
    if len(lines) > 1 and os.path.getsize(path) > _SNIFF_BYTES:
        lines = lines[:-1]  # the sample may end inside its last line; a whole file's last line counts
    try:
        return [record for record in csv.reader(lines[:_SAMPLE_ROWS + 1], delimiter=sep) if record]
    except csv.Error:
        return []


def _fit_share(records: list[list[str]]) -> float:
    """The share of the rows below the header (``records[0]``) as wide as it, trailing empty cells (trailing
    separators) aside; 0 without rows."""
    if len(records) < 2:
        return 0.0
    width = len(records[0])
    return sum(len(row) == width or (len(row) > width and not any(row[width:])) for row in records[1:]) / (len(records) - 1)


def _check_with_rows(path: Path, lines: list[str], sep: str, counts: dict[str, int], line: int) -> str | None:
    """The header's separator ``sep``, checked against the data rows below it: when most rows are not as wide
    as the header, another separator of the header that fits them wins (a Google Forms header whose question
    texts hold ';': "(0 = nada probable; 10 = muy probable)"); else, for a header whose only separator is
    one or two commas and rows without quotes, the file is one column whose header holds a comma; else, when every
    row is one cell under a wider header, an error: padding every row would misplace every value."""
    records = _sample_records(path, lines, sep)
    if len(records) < 2 or _fit_share(records) >= 0.5:
        return sep
    rows = records[1:]
    for other in sorted((s for s, n in counts.items() if n and s != sep), key=lambda s: -counts[s]):
        if _fit_share(_sample_records(path, lines, other)) >= 0.8:
            return other
    if {s for s, n in counts.items() if n} == {","} and counts[","] <= 2 and not any('"' in x for x in lines[1:]) \
            and not any(len(row) > len(records[0]) for row in rows):
        # (a quote left open swallows the rows: that file fails on its line, as before; rows wider than the
        # header are a table's with unquoted commas: the ragged-row error names the line)
        return None
    if len(rows) >= 2 and all(len(row) == 1 for row in rows):  # (rows a cell or more short at their end, as
        # exports that leave out trailing empty cells write them, are padded: no value moves)
        raise DataError(f"{path}, line {line}: the header has {len(records[0])} columns separated by {sep!r}, "
                        f"but none of the {len(rows)} rows below it has as many. Check the separator and the "
                        f"header line (--header-row) and export the file again.")
    return sep


def _settle_tie(path: Path, lines: list[str], winners: list[str]) -> str:
    """Of the separators the header (``lines[0]``) has as many of, a ``.tsv`` file's tab; else the one that
    splits most of the sample's records into as many fields as the header; else one no space follows in the
    header ("Canal;Comentarios, sugerencias": the comma is prose)."""
    if len(lines) > 1 and os.path.getsize(path) > _SNIFF_BYTES:
        lines = lines[:-1]  # the sample may end inside its last line; a whole file's last line counts
    filled = [line for line in lines if line.strip()]
    header = re.sub(r'"[^"]*"', "", lines[0])

    def same_width(sep: str) -> float:
        try:
            widths = [len(record) for record in csv.reader(filled, delimiter=sep)]
        except csv.Error:
            return 0.0
        return sum(width == widths[0] for width in widths) / len(widths)

    return max(winners, key=lambda sep: (sep == "\t" and path.suffix.lower() == ".tsv", same_width(sep),
                                         f"{sep} " not in header))


def sniff_separator(path: str | Path, *, header_row: int | None = None) -> str:
    """The field separator of a CSV file: ',', ';', tab or '|'.

    The header line decides (column names rarely contain separators, while comments are full of
    commas), checked against the rows below it (``_check_with_rows``); a tie goes to a ``.tsv`` file's tab, else to the separator that gives the sample's rows as
    many fields as the header (``_settle_tie``). A header without any separator means a
    one-column file, read whole line by line (commas kept) and written back with ','. Title lines
    above the header are skipped (see ``iter_table``).
    """
    path = Path(path)
    check_input(path)
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


def read_csv(path: Path, *, chunk_rows: int, sep: str | None = None, max_cell_chars: int, header_row: int | None = None,
             **_) -> Iterator[pd.DataFrame]:
    """Stream a CSV in chunks (see ``cxnlp.io.iter_table``)."""
    lines = _sample_lines(path)
    header_line = _header_line(lines, header_row) + 1
    sep = sep or _header_separator(path, header_row)
    first = lines[header_line - 1].strip()
    # (not for a question, "¿Qué podemos mejorar?", or a comment column's name)
    names = first.endswith(("?", ":")) or _names_comment_column(first)
    if sep is None and header_row is None and len(_words(first)) >= 3 and not names:
        # A headerless one-column file loses its first comment to the header: say which line it is.
        warnings.warn(f"{path}: line {header_line} ({lines[header_line - 1].strip()[:60]!r}) is taken as the header "
                      f"of a one-column file; if it is a comment, add a header line (\"comentario\") above it.",
                      HeaderRowWarning, stacklevel=2)
    skip = _qualtrics_rows(path, lines[header_line - 1:], sep) if header_row is None else 0
    if skip:
        warnings.warn(f"{path}: lines {header_line + 1}-{header_line + 2} are Qualtrics' question texts and "
                      f"ImportId row, skipped; line {header_line} (column ids) is the header.", HeaderRowWarning,
                      stacklevel=2)
    yield from _iter_csv(path, chunk_rows, sep, max_cell_chars, header_line, skip)


def _qualtrics_rows(path: Path, lines: list[str], sep: str | None) -> int:
    """2 when the two records under the header (``lines[0]``) are a Qualtrics export's question texts and its
    row of ``{"ImportId":"QID1"}`` cells (every filled cell a JSON object naming an ImportId), else 0."""
    if sep is None:
        return 0
    records = _sample_records(path, lines[:60], sep)
    if len(records) < 3:
        return 0
    filled = [cell.strip() for cell in records[2] if cell.strip()]
    imports = bool(filled) and all(cell.startswith("{") and cell.endswith("}") and '"ImportId"' in cell
                                   for cell in filled)
    return 2 if imports else 0


def _words(line: str) -> list[str]:
    return re.findall(r"\w+", line)


def _iter_csv(path: Path, chunk_rows: int, sep: str | None, cap: int,
              header_line: int = 1, skip: int = 0) -> Iterator[pd.DataFrame]:
    with open(path, "rb") as binary:
        max_cells = [MAX_COLUMNS]
        batches = _records.record_batches(_records.text_pieces(binary), sep, cap, max_cells)
        try:
            # Title lines above the header are read (a damaged one still fails) and dropped.
            header, rest = None, ((), [], True)
            for lines, batch, checked in batches:
                for i, (line, cells) in enumerate(zip(lines, batch)):
                    if not checked and len(cells) > max_cells[0]:
                        raise _records.too_many(line, max_cells[0])
                    if line >= header_line:
                        # (``skip`` records under the header are more header rows: Qualtrics')
                        header, rest = cells, (lines[i + 1 + skip:], batch[i + 1 + skip:], checked)
                        after = _line_after(line, cells, cap)
                        break
                if header is not None:
                    break
            if header is None:
                raise DataError(f"{path}: the file is empty; export it again with a header row and one row "
                                f"per response.")
            names = unique_names(header)
            width, rows, first = len(names), [], 0
            max_cells[0] = 2 * width + 16  # room for trailing separators; anything more is an error anyway
            for lines, batch, checked in chain([rest], batches):
                if width == 1:
                    # One column: a blank line is an empty answer (Excel writes an empty cell so), not a line
                    # to skip: the rows must stay those of the sheet. Blank lines after the last row are not.
                    for line, cells in zip(lines, batch):
                        if not checked and len(cells) > max_cells[0]:
                            raise _records.too_many(line, max_cells[0])
                        if after is not None:
                            rows += [[""] for _ in range(line - after)]
                        rows.append(_fit(cells, width, path, line, sep))
                        after = _line_after(line, cells, cap)
                elif set(map(len, batch)) <= {width}:  # the common case: every row as wide as the header
                    rows += batch
                else:
                    for line, cells in zip(lines, batch):
                        if not checked and len(cells) > max_cells[0]:
                            raise _records.too_many(line, max_cells[0])
                        rows.append(_fit(cells, width, path, line, sep))
                        if len(rows) >= chunk_rows:
                            yield _frame(names, rows, first)
                            first, rows = first + len(rows), []
                while len(rows) >= chunk_rows:
                    yield _frame(names, rows[:chunk_rows], first)
                    first, rows = first + chunk_rows, rows[chunk_rows:]
        except _records.CsvSyntaxError as err:
            raise DataError(f"{path}, line {err.line}: {err}") from None
        if rows or not first:
            yield _frame(names, rows, first)


def _line_after(line: int, cells: list[str], cap: int) -> int | None:
    """The physical line after the record that starts on ``line`` (its quoted cells may hold line feeds); None
    when a cell was cut at ``cap`` characters, and its line feeds with it."""
    if any(len(cell) >= cap for cell in cells):
        return None
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


class CsvWriter:
    """Append chunks to a CSV file (header with the first one)."""

    def __init__(self, path: Path, *, sep: str = ",", encoding: str = "utf-8-sig", decimal: str = ".", **_):
        self.path, self.sep, self.encoding, self.decimal = path, sep, encoding, decimal
        self._started = False

    def write(self, chunk: pd.DataFrame) -> None:
        # The csv module leaves a lone CR unquoted, and readers (pandas, Excel) take it for a line
        # break: a chunk with one is written with every cell quoted, so its rows stay whole.
        quoting = csv.QUOTE_ALL if has_lone_cr(chunk) else csv.QUOTE_MINIMAL
        chunk.to_csv(self.path, sep=self.sep, decimal=self.decimal, index=False, header=not self._started,
                     mode="a" if self._started else "w", quoting=quoting,
                     encoding=self.encoding if not self._started else "utf-8")
        self._started = True

    def close(self) -> None:
        if not self._started:
            self.path.write_text("", encoding="utf-8")


def read_csv_whole(path: Path, *, sep: str | None = None, max_cell_chars: int, header_row: int | None = None,
                   columns=None, **_) -> pd.DataFrame | None:
    """The whole CSV at once through Arrow's multi-threaded parser, or None when it cannot be sure to
    give what ``read_csv`` gives; the caller then streams it with ``read_csv``. ``columns`` (the
    column names -> those to keep) leaves the others unconverted.

    Arrow is as fast as pandas' C parser and as forgiving: an unbalanced quote can swallow the lines
    after it. So it is used only where that cannot go unnoticed: UTF-8 throughout, the header on the
    first line, every row as wide as the header, no cell that reaches the cell cap, and exactly one
    row per line feed after the header (a quoted line break, a swallowed line or a skipped blank line
    makes fewer rows than lines, a lone carriage return more). Anything else falls back. ``tests/
    test_reliability_io.py`` checks that both give the same frame on well-formed and damaged files.
    """
    dtype = _text_dtype()
    if dtype is None:
        return None
    lines = _sample_lines(path)
    if _header_line(lines, header_row) != 0:
        return None
    sep = sep or _header_separator(path, header_row)
    if sep is None or (header_row is None and _qualtrics_rows(path, lines, sep)):
        return None
    with open(path, "rb") as fh:
        if not os.fstat(fh.fileno()).st_size:
            return None
        # Mapped, not read: the file's pages are the OS's cache, so a huge cell (which sends the file to
        # the streaming reader below) costs no copy of the file in this process.
        data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    start = len(_records._BOM) if data[:len(_records._BOM)] == _records._BOM else 0
    end = data.find(b"\n", start)
    if end < 0 or end + 1 == len(data) or data[end + 1:end + 1 + len(_records._BOM)] == _records._BOM:
        return None  # (Arrow would drop a BOM that starts the first row, which the streaming reader keeps)
    try:
        header = next(csv.reader([data[start:end].rstrip(b"\r").decode("utf-8")], delimiter=sep, strict=True))
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None
    names = unique_names(header)
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as pa_csv

    keys = [f"c{i}" for i in range(len(names))]
    kept = set(columns(list(names))) if columns is not None else set(names)
    include = [key for key, name in zip(keys, names) if name in kept]
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(pa.py_buffer(data)[end + 1:]),
            read_options=pa_csv.ReadOptions(column_names=keys),
            parse_options=pa_csv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(include_columns=include,
                                                  column_types=dict.fromkeys(keys, pa.large_string()),
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowException:
        return None
    # As many rows as line feeds: no record spans lines and no line was skipped or split. Only a
    # quote left open on the last line could hide (Arrow closes it at the end of the file).
    if table.num_rows != _count_lines(data, end + 1) + (data[-1:] != b"\n"):
        return None
    at = data.rfind(b"\n", end, len(data) - 1) + 1
    if len(data) - at > max_cell_chars:
        return None
    last = data[at:]
    if b'"' in last:
        try:
            list(csv.reader([last.decode("utf-8")], delimiter=sep, strict=True))
        except csv.Error:
            return None
    for column in table.columns:
        if column.null_count or (len(column) and pc.max(pc.binary_length(column)).as_py() >= max_cell_chars):
            return None
    return pd.DataFrame({name: pd.array(table.column(key), dtype=dtype)  # Arrow's memory, not a copy
                         for key, name in zip(keys, names) if name in kept},
                        index=pd.RangeIndex(0, table.num_rows), copy=False)


def _count_lines(data, start: int, block: int = 1 << 24) -> int:
    """Line feeds in ``data[start:]`` (a mapped file), counted a block at a time."""
    return sum(data[at:at + block].count(b"\n") for at in range(start, len(data), block))
