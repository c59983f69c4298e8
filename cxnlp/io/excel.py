"""XLSX workbooks: stream the rows of the sheet ``_xlsx_sheets`` picks, from its header row. Writing is
``_xlsx_write.XlsxWriter``'s."""

from __future__ import annotations

import datetime as _dt
import itertools
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd

from ..exceptions import DataError, HeaderRowWarning, SubHeaderRowWarning, UnreadDataWarning, warn_outside
from ._non_text import refuse_compressed, refuse_lock_file, refuse_ole2, refuse_text
from ._xlsx_extent import sheet_extent
from ._xlsx_header import (cell_labels, is_blank, is_group_row, is_title, merged_cells, shown_text, split_header,
                           sub_header_names, without_qualtrics_rows)
from ._xlsx_sheets import find_text_column, pick_sheet, sheet_header_index, warn_unread_sheets
from ._xlsx_tables import table_rows
from .common import MAX_CELL_CHARS as _READ_CELL_CHARS, rows_per_chunk, unique_names

#: openpyxl's notes, as it reads a sheet, of the formatting it would drop were the workbook saved again: an Excel 2010
#: drop-down list's or conditional format's extension, a header or footer, a missing style sheet (``_quiet_openpyxl``);
#: and its note that a number formatted as a date is no date, read by ``_values`` as the number.
_OPENPYXL_NOTES = (r"[A-Za-z ]{1,40} extension is not supported and will be removed|Failed to load a conditional "
                   r"formatting rule|Cannot parse header or footer|Workbook contains no (?:default style|stylesheet)"
                   r"|Cell [A-Z]{1,3}[0-9]{1,7} is marked as a date but the serial value")  # (``_values`` reads it)


def _quiet_openpyxl() -> None:
    """Leave openpyxl's ``_OPENPYXL_NOTES`` unsaid: cxnlp reads values and never saves a workbook it read, so
    "warning: Data Validation extension is not supported and will be removed", said of every survey template with
    a drop-down list, was not true of it. A filter kept, as ``text.status`` keeps its own (``warnings.catch_warnings``
    swaps the process-wide filters), for these messages from openpyxl alone. Appended, so that a filter the user
    set (``-W error``) still comes first, and once: set at import and again on each read only where a caller's
    ``catch_warnings`` (the CLI's, pytest's) ended with it (an inserted one moved to the front at each read)."""
    warnings.filterwarnings("ignore", message=_OPENPYXL_NOTES, category=UserWarning, module=r"openpyxl\.", append=True)


_quiet_openpyxl()


def read_xlsx(path: Path, *, chunk_rows: int, max_cell_chars: int = _READ_CELL_CHARS, sheet: str | int | None = None,
              header_row: int | None = None, text: str | None = None, **_) -> Iterator[pd.DataFrame]:
    """Stream one sheet of a workbook in chunks (see ``cxnlp.io.iter_table``), as object columns (``_cells_frame``).

    The rows are those the sheet holds, whatever its ``<dimension>`` record says (openpyxl's read-only mode
    trusts it, and exporters leave it stale); empty rows after the last value, and empty columns right of the
    header's last name (``_xlsx_extent``), are formatting, not answers.
    A second header row under the questions (``sub_header_names``) is skipped with a ``SubHeaderRowWarning``; a row of
    group labels above them (``is_group_row``), and a sheet other than the first when none was named, are told
    with a ``HeaderRowWarning``; a ``text`` column the sheet read lacks is an error that names the sheet."""
    import openpyxl

    _quiet_openpyxl()
    with open(path, "rb") as source:
        head = source.read(4096)  # (an OLE2 file's or a compressed file's mark; text: refuse_text)
    refuse_lock_file(path, head)  # Excel's "~$" file beside an open workbook
    refuse_ole2(path, head)  # an encrypted workbook or an .xls: no zip to diagnose
    refuse_compressed(path, head)  # a zipped CSV renamed .xlsx, a .xlsx.gz
    refuse_text(path, head)  # a CSV or an HTML page named .xlsx
    _check_unpacked_sizes(path)
    _refuse_strict(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001  (zipfile, XML and openpyxl errors all mean the same to the user)
        raise DataError(f"{path}: not a readable XLSX workbook ({type(err).__name__}: {err}); open it in "
                        f"Excel and save it again as .xlsx, or export it as CSV.") from None
    try:
        declared = {}
        for worksheet in book.worksheets:  # as pandas does: read every row and cell the sheet holds
            declared[worksheet.title] = worksheet.max_column or 0
            worksheet.reset_dimensions()
        worksheet, skip = pick_sheet(path, book, sheet, header_row, text)
        visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
        if sheet is None and visible and worksheet.title != visible[0]:
            wanted = "comments" if text is None else f"the text column {text!r}"
            warn_outside(f"{path}: read sheet {worksheet.title!r}, the first visible sheet with {wanted}; the "
                         f"workbook has sheets {book.sheetnames} (choose one with --sheet).", HeaderRowWarning)
        if sheet is None:
            warn_unread_sheets(path, book, worksheet, header_row, text)
        extent, named, header_cells = _extent(worksheet, skip)
        # No row after the last with a value is parsed: a blank tail formatted down to row 1,048,576 cost
        # openpyxl as much as a million answers (and it keeps each styled row's attributes).
        # Nor any column right of the last with a value: cells formatted out to column XFD in every row cost
        # openpyxl as much as values (1,000 rows x 1,000 styled blank cells: 2.2 s, against 0.06 s without them).
        if extent is None:
            rows = _until_last_value(_values(worksheet, None, None))  # (each row as wide as its cells)
        else:
            rows = _until_last_value(_values(worksheet, max(extent.rows, 1), max(named, extent.columns, 1)))
        above, seen = None, 0
        for _ in range(skip):  # title rows above the header
            above = next(rows, None)
            seen += above is not None
        header = next(rows, None)
        if header is None and header_row is not None:
            raise DataError(f"{path}, sheet {worksheet.title!r}: header row {header_row} is past the sheet's last row "
                            f"with a value ({seen}); give the number of the header's row (--header-row, "
                            f"header_row=...), or leave it out.")
        if header is None:
            return
        if above and header_row is None and is_group_row(above, header) and not is_title(above, header):
            warn_outside(f"{path}, sheet {worksheet.title!r}, row {skip}: a row of group labels "
                         f"({', '.join(cell_labels(above))}) above the header, skipped: row {skip + 1} names the "
                         f"columns.", HeaderRowWarning)
        # The unnamed columns right of the header that hold values are read (column_N) when the <dimension> or the
        # header row's cells (styled ones included) reach them: a stale or missing <dimension> under a header
        # coloured past its names is read as before (review 3, 3). Columns right of the header that hold no value
        # (a header row coloured to column XFD) are formatting, as empty rows after the last value are.
        if extent is None:
            width = max(len(header), declared[worksheet.title])
        else:
            width = max(named, min(max(declared[worksheet.title], header_cells), extent.columns))
        header = (tuple(header) + (None,) * width)[:width]
        top, second = header, None  # (the header's rows as the sheet holds them, to know a copy of them below)
        start = skip + 2  # the sheet's number of the first row below the header
        below = next(rows, None)
        merged = merged_cells(worksheet._get_source, skip + 1)  # (a group label's cell, merged over its columns)
        if (named_twice := split_header(header, below, merged)) is not None:
            warn_outside(f"{path}, sheet {worksheet.title!r}, rows {skip + 1}-{skip + 2}: a header of two rows, group "
                         f"labels over the names of their columns ({', '.join(cell_labels(below))}), read as one.",
                         HeaderRowWarning)
            header, start, second = named_twice, start + 1, below
        elif below is not None:
            rows = itertools.chain([below], rows)
        columns = _column_names(header)
        if extent is not None and extent.uncached:
            _warn_uncached(path, worksheet.title, extent.uncached, columns)
        below = next(rows, None)
        if below is not None and (questions := sub_header_names(header, below)) is not None:
            warn_outside(f"{path}, row {start}: a second header row ({', '.join(cell_labels(below))}) under the "
                         f"questions, as SurveyMonkey exports, was skipped: the questions name the columns.",
                         SubHeaderRowWarning)
            columns = _column_names(questions) if questions != header else columns
            header, start, second = questions, start + 1, second or below  # (its copy below: no answer)
        elif below is not None:
            rows, start = without_qualtrics_rows(path, worksheet.title, itertools.chain([below], rows), start)
        kept = _filled_columns(header, extent)
        names = columns if kept is None else [columns[i] for i in kept]
        if text is not None:  # the sheet was named, or is the only one: say which was read
            try:
                find_text_column(names, text)
            except DataError as err:
                message = str(err).replace("the table has", "the sheet has")
                raise DataError(f"{path}, sheet {worksheet.title!r}: {message}") from None
        chunk, first = [], 0
        width = len(columns)
        chunk_rows = rows_per_chunk(chunk_rows, len(names))
        for number, row in table_rows(path, worksheet.title, rows, start, top, second,
                                              worksheet._get_source):
            if len(row) > width:
                _check_beyond_header(path, row, width, number)
            # read-only sheets drop trailing empty cells: pad so every row has every column
            cells = tuple(_text(v, max_cell_chars) if isinstance(v, str) else v
                          for v in row[:width]) + (None,) * (width - len(row))
            chunk.append(cells if kept is None else tuple(cells[i] for i in kept))
            if len(chunk) >= chunk_rows:
                yield _cells_frame(chunk, names, first)
                first += len(chunk)
                chunk = []
        if chunk or not first:  # a header with no rows below it is a table of no rows, as a CSV's is
            yield _cells_frame(chunk, names, first)
    except (KeyError, ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error, ElementTree.ParseError) as err:
        # ParseError: a mismatched tag, an undefined entity (XXE), an entity expansion (billion laughs) that
        # expat stops; BadZipFile, zlib.error, EOFError: a bad CRC, damaged or cut compressed data.
        if isinstance(err, DataError):
            raise
        raise DataError(f"{path}: a damaged XLSX workbook, could not be read ({type(err).__name__}: {err}); open "
                        f"it in Excel and save it again, or export it as CSV.") from None
    finally:
        book.close()


def _column_names(header: tuple) -> list[str]:
    """The frame's column names: the header's as the sheet shows them (``shown_text``: a "Comentario_x000D_"
    stored for a line break was a name no --text matched), ``column_N`` for a blank one, repeated names numbered."""
    return unique_names([shown_text(str(h)) if h is not None else f"column_{i + 1}" for i, h in enumerate(header)])


def _filled_columns(header: tuple, extent) -> list[int] | None:
    """The positions of the columns to read, None for all: not the blank columns left of the table (a column A left
    as a margin), those before the first with a name or with a value or formula below the header, which are
    formatting, as the empty columns right of the header are; a blank column between two is kept, as a CSV's is.
    All where the extent scan did not read the sheet."""
    if extent is None:
        return None
    first = next((i for i, name in enumerate(header) if not is_blank(name) or i + 1 in extent.filled), 0)
    return list(range(first, len(header))) if first else None


def _text(value: str, max_cell_chars: int) -> str:
    """A text cell as the sheet shows it (``shown_text``: ``_x000D_`` is a carriage return), cut at
    ``max_cell_chars``."""
    value = shown_text(value)
    return value[:max_cell_chars] if len(value) > max_cell_chars else value


def _extent(worksheet, skip: int):
    """The sheet's ``Extent`` (None where its XML cannot be scanned), found with its header row ``skip + 1``,
    the number of columns that row names (up to its last cell that is not blank), and the number of its cells
    (up to its last, styled or not)."""
    header = next(worksheet.iter_rows(min_row=skip + 1, max_row=skip + 1, values_only=True), ())
    named = max((i + 1 for i, v in enumerate(header) if not is_blank(v)), default=0)
    margin = next((i for i, v in enumerate(header) if not is_blank(v)), 0)  # (blank columns left of the first name)
    return sheet_extent(worksheet._get_source(), header=skip + 1, named=named, margin=margin), named, len(header)


def _warn_uncached(path: Path, sheet: str, counts: dict[int, int], columns: list[str]) -> None:
    """An ``UnreadDataWarning`` naming the columns whose cells hold a formula without its result (``counts``
    by column number), which openpyxl reads as blank."""
    from openpyxl.utils import get_column_letter

    n = sum(counts.values())
    where = ", ".join(f"{columns[c - 1] if c <= len(columns) else 'column ' + get_column_letter(c)!r} ({k:,})"
                      for c, k in sorted(counts.items()))
    warn_outside(f"{path}, sheet {sheet!r}: {n:,} {'cell holds' if n == 1 else 'cells hold'} a formula whose result "
                 f"was not saved with it (the program that wrote the file does not compute formulas), read as "
                 f"blank: {where}; open the file in Excel or LibreOffice and save it, so that the results are "
                 f"stored.", UnreadDataWarning)


def _values(worksheet, max_row: int | None, max_col: int | None) -> Iterator[tuple]:
    """The values of ``worksheet``'s first ``max_row`` rows and ``max_col`` columns, as ``iter_rows(values_only=True,
    max_row=..., max_col=...)`` gives them, without parsing the cells right of ``max_col``: openpyxl parses every
    cell of a row before it drops those (its ``max_col`` saves nothing). A ``max_col`` only for a sheet the extent
    scan read, whose cells all carry their ``r`` reference, in order; None: all (a date's number read as below)."""
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import from_excel
    from openpyxl.worksheet._reader import VALUE_TAG, WorkSheetParser

    class _Parser(WorkSheetParser):
        def parse_row(self, row):
            for k, cell in enumerate(row if max_col is not None else ()):
                if column_index_from_string(cell.get("r", "A").rstrip("0123456789")) > max_col:
                    del row[k:]
                    break
            # A number formatted as a date that no date is (an ID in a column formatted as dates: Excel shows
            # ####) is read as that number: openpyxl made it "#VALUE!", and said so in its words for each read.
            # The row's date cells are picked in one pass, and only a serial outside ``_SURE_DATES`` is tried as
            # a date here (openpyxl converts each date again): a sheet of dates reads as fast as one without.
            for cell in [cell for cell in row if cell.get("s") in date_styles]:
                serial = float(cell.findtext(VALUE_TAG) or 0) if cell.get("t", "n") == "n" else 0.0
                if not _SURE_DATES[0] < serial < _SURE_DATES[1]:
                    try:
                        from_excel(serial, self.epoch, timedelta=int(cell.get("s")) in self.timedelta_formats)
                    except (OverflowError, ValueError):
                        cell.set("s", "0")
            return super().parse_row(row)

    book = worksheet.parent
    date_styles = frozenset(str(style) for style in book._date_formats)  # (a cell's "s", as its XML holds it)
    empty = (None,) * max_col if max_col is not None else ()
    counter = 1
    with worksheet._get_source() as source:
        parser = _Parser(source, worksheet._shared_strings, data_only=book.data_only, epoch=book.epoch,
                         date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for number, cells in parser.parse():
            if max_row is not None and number > max_row:
                break
            while counter < number:  # rows the sheet does not hold
                counter += 1
                yield empty
            if counter == number:
                counter += 1
                yield worksheet._get_row(cells, 1, max_col, values_only=True)


#: Serials that are dates (or durations) whatever the workbook's epoch (1900 or 1904): years 11 to 9976, durations
#: far from ``timedelta``'s limit; outside them, ``_values`` asks openpyxl's ``from_excel``.
_SURE_DATES = (-690_000.0, 2_950_000.0)


def _until_last_value(rows: Iterator[tuple]) -> Iterator[tuple]:
    """``rows`` up to the last that holds a value. An empty row between two with values is an answer left
    blank; those after the last (a formatted row 1,048,576) are not, as blank lines at the end of a CSV. A
    run of empty rows is only counted until a row with a value follows it, so memory stays flat."""
    blank = 0
    for row in rows:
        if all(map(is_blank, row)):
            blank += 1
            continue
        yield from itertools.repeat((), blank)
        blank = 0
        yield row


def _check_beyond_header(path: Path, row: tuple, width: int, number: int) -> None:
    """A value right of the header's last column and of the sheet's ``<dimension>`` is an error, as a CSV row
    with a value too many is (the rows before it may have gone out in earlier chunks, without its column)."""
    from openpyxl.utils import get_column_letter

    extra = next((i for i in range(width, len(row)) if not is_blank(row[i])), None)
    if extra is not None:
        raise DataError(f"{path}, row {number:,}: a value in column {get_column_letter(extra + 1)} but the header "
                        f"has {width} columns; give that column a name in the header row, or delete the value, "
                        f"and run again.")


#: The most bytes a part of a workbook that openpyxl reads whole (the shared strings, workbook.xml, the styles,
#: the relationships) may unpack to, checked in the zip directory before anything is parsed, so that a zip
#: bomb (a few KB that unpack to GB) is refused at once: 1,024 cells at the cap, some 1 GB.
MAX_PART_BYTES = 1_024 * _READ_CELL_CHARS
#: The most bytes a worksheet may unpack to: 16 KB of XML for each of Excel's 1,048,576 rows (a sheet of
#: 900,000 rows x 30 columns is 1.1 GB of XML in an 84 MB file). openpyxl streams a sheet: it parses one row
#: and clears it before the next, so what bounds memory is the largest row's XML (a 200 MB cell took 0.5 GB:
#: openpyxl builds the whole text before read_xlsx cuts it at MAX_CELL_CHARS), which this cap bounds, plus
#: about 100 bytes for each row read, and a chunk of rows.
MAX_SHEET_BYTES = 16 * 1_024 * 1_048_576
#: A worksheet larger than ``MAX_PART_BYTES`` is read only if it unpacks to at most this many times its packed size
#: (the 900,000-row sheet above: 13 times; 1 GB of one repeated cell: over 1,000 times).
MAX_SHEET_RATIO = 200
_SHEETS = "xl/worksheets/"


#: The namespace of a Strict Open XML workbook's parts (Excel's "Strict Open XML Spreadsheet"), which openpyxl
#: reads as a workbook of no sheets.
_STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


def _refuse_strict(path: Path) -> None:
    """Refuse a Strict Open XML workbook in one line that says to save it as an Excel Workbook: read, it was "File
    contains an invalid specification for 0" (openpyxl's warning) and "the workbook holds no sheet"."""
    try:
        with zipfile.ZipFile(path) as archive:
            name = next((n for n in archive.namelist() if n.lower() == "xl/workbook.xml"), None)
            if name is None:
                return
            with archive.open(name) as part:
                head = part.read(4096)
    except Exception:  # noqa: BLE001  (not a zip, a damaged one: load_workbook says so in one line)
        return
    if _STRICT_NAMESPACE in head:
        raise DataError(f"{path}: a Strict Open XML workbook, which cxnlp cannot read; open it in Excel and save it "
                        f"as .xlsx (File > Save As > Excel Workbook), or export it as CSV.")


def _check_unpacked_sizes(path: Path) -> None:
    """Refuse a workbook with a worksheet that would unpack to more than ``MAX_SHEET_BYTES`` or another XML part
    to more than ``MAX_PART_BYTES``."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except Exception:  # noqa: BLE001  (not a zip, or one zipfile cannot read: NotImplementedError, ValueError...)
        return  # load_workbook fails on it too and says why in one line
    for info in parts:
        name = info.filename.lower()
        if not name.endswith((".xml", ".rels")):
            continue
        streamed = name.startswith(_SHEETS) and name.endswith(".xml") and "/" not in name[len(_SHEETS):]
        cap = MAX_SHEET_BYTES if streamed else MAX_PART_BYTES
        # A worksheet over the parts' cap must look like real rows: XML of many cells packs some 10 to 30 times,
        # one repeated cell (a bomb whose single row would fill memory) thousands of times.
        if streamed and info.file_size > MAX_PART_BYTES and info.file_size > MAX_SHEET_RATIO * max(1, info.compress_size):
            cap = MAX_PART_BYTES
        if info.file_size > cap:
            raise DataError(f"{path}: {info.filename} unpacks to {info.file_size:,} bytes, more than the {cap:,} "
                            f"cxnlp reads from {'a worksheet' if streamed else 'one part of a workbook'} (a damaged "
                            f"or hostile file?); export the sheet as CSV.")


def _cells_frame(rows: list[tuple], columns: list[str], first: int) -> pd.DataFrame:
    """Rows of cells as a frame of object columns, each value as the sheet gave it: a whole number stays 4 (not
    4.0 because a blank cell shares its chunk), so a column's values do not depend on how the sheet was cut
    into chunks. A column of date-times (and blanks) is typed as such."""
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    frame.index = pd.RangeIndex(first, first + len(frame))
    for name in frame.columns:  # a column of dates (and blanks) as dates: CSV writes 2024-01-05, not 00:00:00
        values = frame[name].dropna()
        if len(values) and all(isinstance(v, _dt.datetime) for v in values):
            frame[name] = pd.to_datetime(frame[name])
    return frame


def sheet_headers(path: Path) -> dict[str, list[str]]:
    """The column names of each visible worksheet of a readable workbook, by sheet name, each header row found as
    ``read_xlsx`` finds it: what a caller that read one sheet checks the others against."""
    import openpyxl

    _quiet_openpyxl()
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        headers = {}
        for worksheet in book.worksheets:
            if worksheet.sheet_state != "visible":
                continue
            worksheet.reset_dimensions()
            skip = sheet_header_index(worksheet, None)
            header = next(worksheet.iter_rows(min_row=skip + 1, max_row=skip + 1, values_only=True), ())
            headers[worksheet.title] = [shown_text(str(h)) for h in header if h is not None]
        return headers
    finally:
        book.close()
