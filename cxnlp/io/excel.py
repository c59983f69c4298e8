"""XLSX workbooks: pick the sheet and its header row, stream the rows; write in write-only mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..columns import detect_text_column
from ..exceptions import DataError
from .common import unique_names


def read_xlsx(path: Path, *, chunk_rows: int, sheet: str | int | None = None, header_row: int | None = None,
              **_) -> Iterator[pd.DataFrame]:
    """Stream one sheet of a workbook in chunks (see ``cxnlp.io.iter_table``)."""
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
        columns = unique_names([str(h) if h is not None else f"column_{i + 1}" for i, h in enumerate(header)])
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


class XlsxWriter:
    """Append chunks to one sheet of a new workbook, saved on ``close``."""

    def __init__(self, path: Path, **_):
        self.path = path
        self._book = None

    def write(self, chunk: pd.DataFrame) -> None:
        import openpyxl

        if self._book is None:
            self._book = openpyxl.Workbook(write_only=True)
            self._sheet = self._book.create_sheet()
            self._sheet.append([str(c) for c in chunk.columns])
        for row in chunk.itertuples(index=False):
            self._sheet.append([None if (v is None or (isinstance(v, float) and v != v)) else v for v in row])

    def close(self) -> None:
        if self._book is not None:
            self._book.save(self.path)
