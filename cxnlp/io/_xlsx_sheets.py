"""Which sheet of a workbook to read and which of its rows is the header: the sheet named, else the first visible
one with the comment column, and a warning naming the other sheets of comments left unread. Kept apart from
``excel``, which streams the chosen sheet's rows, because choosing it is a task of its own, with its own rules."""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from ..columns import detect_text_column
from ..exceptions import DataError, HeaderRowWarning, UnreadSheetsWarning, warn_outside
from ._xlsx_header import is_group_row, shown_text
from .formulas import unquoted_names


def find_text_column(columns: list[str], text: str | None) -> str:
    """``columns.detect_text_column`` among a sheet's header names as ``iter_table`` gives them, without the ``'``
    cxnlp's output puts before a name a spreadsheet would run (``unquoted_names``: ``'@comentario`` is
    ``@comentario``): ``text`` is matched against the names the user sees and the final frame has. Matched against
    the raw header, no spelling passed both this check and the one on the frame (review A 2)."""
    return detect_text_column(unquoted_names(list(columns)), text)


def pick_sheet(path: Path, book, sheet: str | int | None, header_row: int | None, text: str | None = None):
    """The worksheet to read and how many rows above its header to skip. ``sheet`` is a sheet's name (but for case,
    spaces around it and accents' encoding, ``_sheet_named``), else a
    number that counts the sheets as ``book.sheetnames`` lists them (chart sheets too), whether given as 2 or
    "2" (a ``HeaderRowWarning`` when the sheet named "2" is not the second); a chart sheet is refused.
    Unnamed, the first visible sheet with the comment column ``text`` (found as ``detect_text_column`` finds
    it), or with comments when ``text`` is None (``_first_sheet_with_comments``): a hidden one is read only when
    named."""
    names = book.sheetnames
    if sheet is not None:
        # One rule for sheet=2 and --sheet 2 (always text): a sheet of that name, else the sheet at that place.
        number = int(sheet) if str(sheet).isascii() and str(sheet).isdigit() else None
        named = str(sheet) if str(sheet) in names else _sheet_named(path, names, str(sheet))
        if named is not None:
            chosen = book[named]
            if number is not None and 1 <= number <= len(names) and names[number - 1] != chosen.title:
                warn_outside(f"{path}: read the sheet named {chosen.title!r}, not sheet number {number} "
                             f"({names[number - 1]!r}): a sheet's name comes before its number; to read "
                             f"{names[number - 1]!r}, give its name.", HeaderRowWarning)
        elif number is not None and 1 <= number <= len(names):
            chosen = book[names[number - 1]]
        else:
            raise DataError(f"{path}: no sheet {sheet!r}; the workbook has sheets {names} (give a name or a "
                            f"number from 1).")
        if chosen not in book.worksheets:
            raise DataError(f"{path}: sheet {chosen.title!r} is a chart, not a table of rows; choose another of "
                            f"{names}.")
        return chosen, sheet_header_index(chosen, header_row)
    if not book.worksheets:  # (it was "none of the sheets [] has a comment column; choose one with sheet=...")
        held = f"only the chart sheets {names}" if names else "no sheet"
        raise DataError(f"{path}: the workbook holds {held}, no table of rows; save the table as .xlsx again, or "
                        f"export it as CSV.")
    worksheet = _first_sheet_with_comments(book, header_row, text)
    if worksheet is not None:
        return worksheet, sheet_header_index(worksheet, header_row)
    if len(names) == 1 and book.worksheets:
        return book.worksheets[0], sheet_header_index(book.worksheets[0], header_row)
    hidden = [ws.title for ws in book.worksheets if ws.sheet_state != "visible"]
    shown = [name for name in names if book[name].sheet_state == "visible"]
    wanted = "a comment column" if text is None else f"the text column {text!r}"
    raise DataError(f"{path}: none of the{' visible' if hidden else ''} sheets {shown} has {wanted}; "
                    f"choose one with sheet=... (a name or a number from 1)"
                    + (f"; hidden sheets ({', '.join(hidden)}) are read only when chosen." if hidden else "."))


def _sheet_named(path: Path, names: list[str], given: str) -> str | None:
    """The one sheet of ``names`` that ``given`` names but for case, the spaces around it and how its accents are
    encoded (NFC or NFD, as macOS may give a name typed), as Excel, which holds no two names equal but for case,
    finds it; else None (two so named, "Datos" and "datos ", are an error). "--sheet respuestas" for the sheet
    "Respuestas" was "no sheet 'respuestas'"."""
    import unicodedata

    def folded(name: str) -> str:
        return unicodedata.normalize("NFC", name).strip().casefold()

    found = [name for name in names if folded(name) == folded(given)]
    if len(found) > 1:  # ("Datos" and "datos "): it was "no sheet 'DATOS'", of a workbook that lists both
        raise DataError(f"{path}: sheet {given!r} could be any of the sheets {found}, whose names differ only in case "
                        f"or spaces around them; give one as it is written.")
    return found[0] if found else None


def _first_sheet_with_comments(book, header_row: int | None, text: str | None):
    """The first visible sheet with the text column ``text``; with ``text`` None, the first whose comment column
    holds text, else the first with a comment column: a summary sheet in front ("Comentarios": 12, a count) had
    its counts classified as the comments, and the month sheets behind it left unread."""
    first = None
    for worksheet in book.worksheets:
        column = _text_column(worksheet, header_row, text) if worksheet.sheet_state == "visible" else None
        if column is None:
            continue
        if text is not None or _holds_comments(worksheet, column, column[0]):
            return worksheet
        first = first or worksheet
    return first


def _text_column(worksheet, header_row: int | None, text: str | None) -> tuple[str, int] | None:
    """The name of the sheet's text column ``text`` (a comment column when ``text`` is None) and its header's row
    number, or None."""
    skip = sheet_header_index(worksheet, header_row)
    header = next(worksheet.iter_rows(min_row=skip + 1, max_row=skip + 1, values_only=True), ())
    try:
        return find_text_column([shown_text(str(h)) for h in header if h is not None], text), skip + 1
    except DataError:
        return None


_COMMENT_SAMPLE_VALUES = 20
_COMMENT_SAMPLE_ROWS = 1000


def _holds_comments(worksheet, column: tuple[str, int] | None, name: str) -> bool:
    """Whether ``column`` (``_text_column``) is named ``name`` and holds text among its first 20 values below the
    header, blank cells passed over (in its first 1,000 rows): a sheet of comments, not a summary's or pivot
    table's counts ("Comentarios": 12). A month whose first 25 answers left the comment blank held comments too,
    and was passed over, unread, for the next sheet when it was the first 20 rows that decided."""
    if column is None or column[0] != name:
        return False
    rows = worksheet.iter_rows(min_row=column[1], max_row=column[1] + _COMMENT_SAMPLE_ROWS, values_only=True)
    header = next(rows, ())
    at = next((i for i, h in enumerate(header) if h is not None and unquoted_names([shown_text(str(h))])[0] == name),
              None)
    if at is None:
        return False
    values = (row[at] for row in rows if at < len(row) and row[at] is not None and str(row[at]).strip())
    return any(isinstance(value, str) for value in itertools.islice(values, _COMMENT_SAMPLE_VALUES))


#: True inside ``unread_sheets_said``: the caller names the unread sheets in words of its own.
_SAID_BY_CALLER: ContextVar[bool] = ContextVar("cxnlp_unread_sheets_said", default=False)


@contextmanager
def unread_sheets_said():
    """Workbooks read without ``warn_unread_sheets``' warning, in this thread (or task) alone (``read_training_data``
    names the sheets of labelled rows it did not read): a ``ContextVar``, where ``warnings.catch_warnings`` swaps the
    process-wide filters (training data read in two threads at once left the warning muted for the whole process)."""
    token = _SAID_BY_CALLER.set(True)
    try:
        yield
    finally:
        _SAID_BY_CALLER.reset(token)


def warn_unread_sheets(path: Path, book, read, header_row: int | None, text: str | None) -> None:
    """An ``UnreadSheetsWarning`` naming the other visible sheets that also have the comment column, of the same
    name and holding text (a sheet a month), when none was named: a workbook of a sheet a month had its first
    month's answers read as all of them, without a word. A summary or pivot sheet is no such sheet."""
    if _SAID_BY_CALLER.get():
        return
    others = [ws for ws in book.worksheets if ws is not read and ws.sheet_state == "visible"]
    column = _text_column(read, header_row, text) if others else None  # (its header's rows parsed again)
    if column is None:
        return
    others = [ws.title for ws in others if _holds_comments(ws, _text_column(ws, header_row, text), column[0])]
    if others:
        warn_outside(f"{path}: read the sheet {read.title!r} only; the sheets {others} also have the comment column "
                     f"{column[0]!r} and were not read. Choose one with --sheet (sheet=...), or save each sheet as a "
                     f"file of its own.", UnreadSheetsWarning)


_HEADER_SCAN_ROWS = 25


def sheet_header_index(worksheet, header_row: int | None) -> int:
    """The 0-based row of the header: ``header_row - 1`` if given, else the first row whose cells are
    mostly text, at least twice as wide as every row above it and at least as wide as the rows below it
    (an optional last column, often the comment, is blank in many answers: a read-only sheet drops a
    row's trailing empty cells, where a CSV line keeps its separators); else the first row."""
    if header_row is not None:
        if header_row < 1:
            raise DataError(f"header row {header_row}: rows are numbered from 1.")
        return header_row - 1
    rows = list(worksheet.iter_rows(max_row=_HEADER_SCAN_ROWS, values_only=True))
    filled = [[i for i, v in enumerate(row) if v is not None and str(v).strip()] for row in rows]
    # Widths from the first column that holds a value: a blank margin column A left of a title in B1 and a
    # table in B3:C, counted, made the title half as wide as the header, which was then not found.
    margin = min((cells[0] for cells in filled if cells), default=0)
    rows = [row[margin:] for row in rows]
    widths = [cells[-1] + 1 - margin if cells else 0 for cells in filled]
    for at, row in enumerate(rows):
        width = widths[at]
        texts = sum(1 for v in row[:width] if isinstance(v, str) and v.strip())
        # Title rows above are at most half as wide as the header (a title, a date, a blank); a row of group
        # labels right above it may be as wide (``is_group_row``).
        above = widths[:at - 1] if at and is_group_row(rows[at - 1], row) else widths[:at]
        if not width or 2 * texts <= width or any(2 * w > width for w in above):
            continue
        below = [w for w in widths[at + 1:] if w][:5]
        if below and max(below) <= width:
            return at
    return 0
