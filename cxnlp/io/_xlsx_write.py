"""XLSX output in openpyxl's write-only mode: each cell as Excel holds it (text, number, date), characters XML cannot
hold replaced, a whole number beyond 2**53 (or a decimal of more digits than a double holds) kept as text; a workbook
written twice from the same rows is the same file byte for byte: openpyxl stamps the time of writing into the
document properties and into every zip entry, so the properties are written without dates and the entries get the
zip format's first date (``_UndatedZip``)."""

from __future__ import annotations

import contextlib
import datetime as _dt
import decimal
import os
import re
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DataError, ShortenedCellWarning, warn_outside
from . import _csv_dates
from ._csv_dates import lone_text


class XlsxWriter(_csv_dates.HeldForDates):
    """Append chunks to one sheet of a new workbook, saved on ``close``.

    A ``cx_segments`` cell longer than a cell holds (a long comment of many clauses) keeps as many whole
    segments as fit, still a JSON array (``_whole_segments``); ``close`` warns once (``ShortenedCellWarning``)
    naming those rows. Any other cell that long is a ``DataError`` (``_cell``), and so are more rows or columns
    than a sheet holds (``MAX_ROWS``, ``MAX_COLUMNS``): Excel would drop them.

    Dates Excel has no number for (before 1900) are text written as the CSV writer writes them, one way for each
    column, decided on the same first rows, held as it holds them (``_csv_dates.HeldForDates``): a midnight is the date
    alone only in a column whose date-times are all at midnight there (it was so in any column, beside 10:30)."""

    LOCAL_DATES = True

    #: Whether text a spreadsheet would run as a formula comes with cxnlp's leading ' (``TableWriter`` sets it):
    #: then a cell one character too long for it is said to be so.
    quoted = False

    def __init__(self, path: Path, **_):
        super().__init__()
        self.path = path
        self._book = None
        self._rows = 0
        self._shortened: list[int] = []

    def _write_dated(self, chunk: pd.DataFrame) -> None:
        """Write ``chunk`` as it is: ``_cell`` writes each date Excel has no number for as its column's format says."""
        self._write(chunk)

    def _write(self, chunk: pd.DataFrame) -> None:
        import openpyxl

        if self._book is None:
            if len(chunk.columns) > MAX_COLUMNS:
                raise DataError(f"{len(chunk.columns):,} columns, and an Excel sheet holds at most {MAX_COLUMNS:,} "
                                f"(Excel would drop the last ones); write CSV, Parquet or JSONL instead.")
            self._book = openpyxl.Workbook(write_only=True)
            self._sheet = self._book.create_sheet()
            self._sheet.append([_cell(str(c), "(header)", 1, self.quoted) for c in chunk.columns])
        names = [str(c) for c in chunk.columns]
        segments = names.index(SEGMENTS) if SEGMENTS in names else None
        forms = self._dates or [None] * len(names)
        try:
            if self._rows + len(chunk) > MAX_ROWS - 1:  # one row is the header
                raise DataError(f"more than {MAX_ROWS - 1:,} rows, and an Excel sheet holds at most {MAX_ROWS:,} with "
                                f"its header (Excel would drop the rest); write CSV, Parquet or JSONL instead.")
            for number, row in enumerate(chunk.itertuples(index=False), start=self._rows + 2):
                if segments is not None and isinstance(row[segments], str) and len(row[segments]) > MAX_CELL_CHARS:
                    row = row[:segments] + (_whole_segments(row[segments]),) + row[segments + 1:]
                    self._shortened.append(number)
                self._sheet.append([_cell(v, names[k], number, self.quoted, forms[k]) for k, v in enumerate(row)])
        except BaseException:
            self.abort()
            raise
        self._rows += len(chunk)

    def check_cells(self, chunk: pd.DataFrame, first: int, skip=()) -> None:
        """The ``DataError`` that ``write`` would raise for a text cell of ``chunk`` longer than an Excel cell, the
        first in row order, raised now: ``chunk``'s first row is row ``first`` of the rows written (0 for the
        sheet's second). Columns ``skip`` (those yet to be replaced) and ``cx_segments`` (shortened) are left out.
        Found only when written, such a cell stopped ``classify`` after every row before it was classified."""
        from .formulas import defused

        found = None  # (offset in the chunk, error) of the first cell too long
        for k, name in enumerate(map(str, chunk.columns)):
            if name == SEGMENTS or name in skip:
                continue
            for offset in _long_candidates(chunk.iloc[:, k]):
                if found is not None and offset >= found[0]:
                    break
                value = chunk.iat[offset, k]
                try:
                    _cell(defused(value) if self.quoted else value, defused(name) if self.quoted else name,
                          first + offset + 2, self.quoted)  # (the column as ``write`` names it: its header)
                except DataError as err:
                    found = (offset, err)
                    break
        if found is not None:
            raise found[1]

    def abort(self) -> None:
        """End the sheet's stream and remove openpyxl's temporary file of its rows, after a failure anywhere
        (the reader, a signal, a row this writer refused). Left to the garbage collector, the stream's two
        generators could close in the wrong order and print "Exception ignored ... I/O operation on closed
        file" with a traceback after the command's one ``error:`` line."""
        sheet, self._book = getattr(self, "_sheet", None), None
        if sheet is None:
            return
        with contextlib.suppress(Exception):
            if not sheet.closed:
                sheet.close()
        with contextlib.suppress(Exception):  # (saved, openpyxl removes it; otherwise only at exit)
            sheet._writer.cleanup()

    def close(self) -> None:
        self._start_held()
        if self._shortened:
            rows = ", ".join(f"{n:,}" for n in self._shortened[:10])
            more = f" and {len(self._shortened) - 10:,} more" if len(self._shortened) > 10 else ""
            warn_outside(f"XLSX output: {SEGMENTS} of row{'s' if len(self._shortened) > 1 else ''} {rows}{more} held more than "
                         f"the {MAX_CELL_CHARS:,} characters of an Excel cell and list only their first whole "
                         f"segments; write CSV, Parquet or JSONL for every segment.", ShortenedCellWarning)
        if self._book is not None:
            from openpyxl.writer.excel import ExcelWriter  # what Workbook.save runs, with an archive of ours

            archive = _UndatedZip(self.path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
            try:
                ExcelWriter(self._book, archive).save()
            except BaseException:
                with contextlib.suppress(Exception):  # closed now, not when collected (a second error at exit)
                    archive.close()
                raise


#: The date every entry of a written workbook carries (the earliest a zip file can hold).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
#: The document properties' dates (optional in the format), left out of what openpyxl writes.
_CORE_PROPERTIES = "docProps/core.xml"
_RE_DATED = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")


class _UndatedZip(zipfile.ZipFile):
    """A zip file whose entries carry ``ZIP_EPOCH`` rather than the time they were written, as ``writestr``
    and ``write`` (the two calls openpyxl makes) would otherwise date them, and whose document properties
    hold no dates; the rest as ``ZipFile`` does, at the archive's compression level (openpyxl asks for no
    other)."""

    def _entry(self, name: str, compress_type, size: int = 0) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
        info.compress_type = self.compression if compress_type is None else compress_type
        info.external_attr = 0o600 << 16  # what writestr gives a named entry (write copies the file's mode)
        info.file_size = size  # write sizes its entry this way (and so decides on ZIP64)
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            if zinfo_or_arcname == _CORE_PROPERTIES:
                data = _RE_DATED.sub(b"", data if isinstance(data, bytes) else data.encode("utf-8"))
            zinfo_or_arcname = self._entry(zinfo_or_arcname, compress_type)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        name = os.fspath(arcname if arcname is not None else filename)
        info = self._entry(name, compress_type, os.path.getsize(filename))
        with open(filename, "rb") as source, self.open(info, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


#: The first and last years of Excel's dates (its day 1 is 1900-01-01).
_EXCEL_YEARS = (1900, 9999)
#: The largest whole number an Excel cell (a double) holds exactly, and every one below it; larger ones are text.
_EXACT_INTEGER = 2**53
#: The most characters an Excel cell holds, and a formula (a text written with allow_formulas that starts with "=").
MAX_CELL_CHARS, MAX_FORMULA_CHARS = 32_767, 8_192
#: An Excel sheet's rows (the header included) and columns.
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384
_SCALARS = (str, int, float, bool, _dt.date, _dt.datetime, _dt.time, _dt.timedelta, decimal.Decimal)
#: Values never written as a text long enough to overflow a cell (``_long_candidates``): numbers, dates, missing.
_SHORT = (int, float, bool, _dt.date, _dt.datetime, _dt.time, _dt.timedelta, decimal.Decimal, np.generic, type(None))


def _long_candidates(values: pd.Series) -> list[int]:
    """The positions in ``values`` of the cells that may be too long for an Excel cell: text of at least
    ``MAX_CELL_CHARS`` characters (one less may be one too many with a formula's quote), text that starts with "="
    longer than a formula Excel holds (``_too_long_formula``, with ``allow_formulas``), and values written as their
    text (lists, objects); numbers and dates never are."""
    if values.dtype.kind in "biufcmM":
        return []
    if isinstance(values.dtype, pd.StringDtype):
        lengths = values.str.len().fillna(0).to_numpy(dtype=np.int64)
        formulas = values.str.startswith("=").fillna(False).to_numpy(dtype=bool)
        return np.flatnonzero((lengths >= MAX_CELL_CHARS) | formulas & (lengths > MAX_FORMULA_CHARS + 1)).tolist()
    return [i for i, value in enumerate(values.tolist())
            if (_too_long_formula(value) or len(value) >= MAX_CELL_CHARS if isinstance(value, str)
                else not isinstance(value, _SHORT))]


def _too_long_formula(value: str) -> bool:
    """Whether ``value`` is written as a formula (text that starts with "=", as allowed by ``allow_formulas``) longer
    than Excel holds: the workbook opens "repaired", the cell empty."""
    return len(value) > MAX_FORMULA_CHARS + 1 and value.startswith("=")


def _cell(value, column: str, row: int, quoted: bool = False, form: int | None = _csv_dates.DAY):
    """``value`` as a worksheet cell: missing values (None, NaN, NaT, pd.NA) empty; text without the control
    characters a worksheet cannot hold (made spaces, as classification reads them) and the characters XML cannot
    hold (lone surrogates, U+FFFE, U+FFFF: made U+FFFD); time-zone-aware times (and times of day) as their local
    time; dates Excel has no number for (before 1900, after 9999) as their text, as CSV writes them (``lone_text``: a datetime64's
    1850-05-01 was "1850-05-01 00:00:00", and 10:00:00.5 "10:00:00.500000"); NumPy scalars as Python ones;
    whole numbers beyond ±2**53, which a cell's double cannot hold exactly, and decimals a double does not give
    back (``Decimal`` with more digits than it holds), as their digits in a text cell; anything
    else (lists, dicts) as its text. Text longer
    than a cell holds is an error: cutting it would corrupt it (a cut ``cx_segments`` is not JSON); one that fits
    but for the ' that ``neutralize_formulas`` put before it (``quoted``) is said to be so. So is a formula longer
    than Excel holds (``_too_long_formula``)."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (not isinstance(value, (str, bytes, list, tuple, dict, set, np.ndarray)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.tz_localize(None) if value.tz is not None else value
        return value.to_pydatetime() if _EXCEL_YEARS[0] <= value.year <= _EXCEL_YEARS[1] else lone_text(value, form)
    if isinstance(value, (_dt.datetime, _dt.time)) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # (a time of day with one was openpyxl's TypeError traceback)
    if isinstance(value, _dt.date) and value.year < _EXCEL_YEARS[0]:
        # (Excel showed 0001-01-01 as ####, and 1899-12-31 as the time 00:00)
        return lone_text(value, form) if isinstance(value, _dt.datetime) else str(value)
    if not isinstance(value, _SCALARS):
        value = str(value)
    elif isinstance(value, int) and abs(value) > _EXACT_INTEGER:
        value = str(value)  # an Excel number is a double: 2**53 + 1 would be stored as 2**53
    elif isinstance(value, decimal.Decimal) and value.is_finite() and decimal.Decimal(repr(float(value))) != value:
        value = str(value)  # (a Parquet DECIMAL(38, 0) id 12345678901234567890 was stored as 1.234567890123457e+19)
    if isinstance(value, str):
        if _ILLEGAL.search(value):
            value = _ILLEGAL.sub(" ", value)
        if not value.isascii() and _NOT_XML.search(value):
            value = _NOT_XML.sub("\ufffd", value)
        if len(value) > MAX_CELL_CHARS:
            raise _too_long(value, column, row, quoted)
        if _too_long_formula(value):
            raise DataError(f"row {row:,}, column {column!r}: a formula of {len(value) - 1:,} characters (text that "
                            f"starts with '=', written as a formula by --allow-formulas, allow_formulas=True), and "
                            f"Excel holds one of at most {MAX_FORMULA_CHARS:,} (it would empty the cell); leave out "
                            f"--allow-formulas to write it as text, or write CSV, Parquet or JSONL instead.")
    return value


def _too_long(value: str, column: str, row: int, quoted: bool) -> DataError:
    """The error for a text cell longer than an Excel cell, the characters counted as they would be written."""
    from .formulas import drop_formula_quote

    if quoted and len(value) == MAX_CELL_CHARS + 1 and drop_formula_quote(value) != value:
        # Without the quote a text that starts with "=" is written as a formula, and Excel holds one of at most
        # 8,192 characters (the workbook opens "repaired", the cell empty): that advice would corrupt it.
        if value.startswith("'="):
            return DataError(f"row {row:,}, column {column!r}: {len(value):,} characters as written, with the ' "
                             f"that cxnlp puts before text a spreadsheet would run as a formula (the text itself "
                             f"is {len(value) - 1:,}, and without the ' it would be a formula longer than Excel's "
                             f"{MAX_FORMULA_CHARS:,}), and an Excel cell holds at most {MAX_CELL_CHARS:,}; write "
                             f"CSV, Parquet or JSONL instead (a cut cell would be corrupt).")
        return DataError(f"row {row:,}, column {column!r}: {len(value):,} characters as written, with the ' that "
                         f"cxnlp puts before text a spreadsheet would run as a formula (the text itself is "
                         f"{len(value) - 1:,}), and an Excel cell holds at most {MAX_CELL_CHARS:,}; give "
                         f"--allow-formulas (allow_formulas=True) to write it as it is, or write CSV, Parquet or "
                         f"JSONL instead (a cut cell would be corrupt).")
    return DataError(f"row {row:,}, column {column!r}: {len(value):,} characters, and an Excel cell holds at "
                     f"most {MAX_CELL_CHARS:,}; write CSV, Parquet or JSONL instead (a cut cell would be "
                     f"corrupt).")


#: cxnlp's column of segments (JSON), shortened rather than refused in XLSX output (``XlsxWriter``).
SEGMENTS = "cx_segments"


def _whole_segments(value: str) -> str:
    """The ``cx_segments`` JSON ``value`` with as many of its first segments as fit in a cell, written as
    ``results.units_json`` writes them; ``value`` itself if it is not a JSON array (``_cell`` then refuses it)."""
    import json

    try:
        segments = json.loads(value)
    except (ValueError, RecursionError):  # (an array nested 1,000 deep was a RecursionError traceback)
        return value
    if not isinstance(segments, list):
        return value
    encode = json.JSONEncoder(ensure_ascii=False).encode
    size, kept = len("[]"), 0
    for segment in segments:
        size += len(encode(segment)) + (len(", ") if kept else 0)
        if size > MAX_CELL_CHARS:
            break
        kept += 1
    return encode(segments[:kept])


# The characters openpyxl refuses in a cell (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Characters XML cannot hold that openpyxl writes anyway, leaving a workbook no reader opens: lone surrogates
# (a JSON export that cut an emoji in two) and the non-characters U+FFFE, U+FFFF. Written as U+FFFD.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
