"""Where a worksheet's values end, found in its XML without parsing a cell: the last row, and the last column
below the header, that hold a value.

openpyxl builds every cell a sheet holds, formatted empty ones too, and keeps the attributes of every styled row:
1,200 answers in a sheet formatted down to row 1,048,576 took 42 s and 630 MB to read where the same rows alone
took 1 s, and a header row coloured to column XFD gave 16,381 empty columns (QA J, findings 2 and 3). This scan
unpacks the sheet once and looks only for the ends of values (``</v>``, ``</t>``) and for cells right of the
header, with ``bytes.rfind`` and one regular expression, so a blank tail costs what unpacking it costs.

It never answers less than the sheet holds: a value it cannot tell empty counts, and XML it does not expect
(rows or cells without their ``r`` number, a tag longer than the blocks' overlap) gives None, the whole sheet
then being read as before.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_BLOCK = 1 << 20
#: Bytes of a block read again at the start of the next: a tag cut by a block's end is whole in the next one.
_OVERLAP = 4_096
_SHEET_DATA = re.compile(rb"<((?:[\w.-]+:)?)sheetData(?=[\s/>])")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')


class Extent(NamedTuple):
    """``rows``: the number of the last row that holds a value (0: none); ``columns``: the number of the last
    column that holds a value in a row below the header, or the header's last named column if that is further;
    ``uncached``: for each column (by number), how many cells below the header hold a formula and no value, as
    a program that writes formulas without computing them leaves them (openpyxl, pandas): read as blank;
    ``filled``: those of the columns left of the header's first name (``margin``) that hold a value or a formula
    in a row below the header."""
    rows: int
    columns: int
    uncached: dict[int, int] = {}
    filled: frozenset[int] = frozenset()


class _Unexpected(Exception):
    """XML the scan does not read: the sheet is read whole."""


def sheet_extent(source, *, header: int, named: int, margin: int = 0) -> Extent | None:
    """The ``Extent`` of the worksheet XML ``source`` (a binary file, closed here) whose header is row ``header``,
    names ``named`` columns and leaves the first ``margin`` blank; None where the XML is not as Excel and the
    common writers write it."""
    with source:
        try:
            return _Scan(source, header, named, margin).run()
        except _Unexpected:
            return None


def _columns_after(n: int) -> bytes:
    """A pattern of the column letters of the columns after the ``n``-th (``C``: ``[D-Z]`` or two letters or
    three), so that only cells right of the header are matched, not each cell of a sheet."""
    from openpyxl.utils import get_column_letter

    letters = get_column_letter(n) if n else ""
    parts = [b"[A-Z]{%d,3}" % (len(letters) + 1)] if len(letters) < 3 else []
    for i, letter in enumerate(letters):
        if letter != "Z":
            parts.append(letters[:i].encode() + b"[" + chr(ord(letter) + 1).encode() + b"-Z]"
                         + b"[A-Z]{%d}" % (len(letters) - i - 1))
    return b"|".join(parts) or b"(?!)"


def _columns_through(n: int) -> bytes:
    """A pattern of the column letters of the first ``n`` columns (``AB``: one letter, ``A[A-A]`` or ``AB``), a few
    classes whatever ``n``: one alternative per column cost each cell of a sheet ``n`` tries."""
    from openpyxl.utils import get_column_letter

    if not n:
        return b"(?!)"
    letters = get_column_letter(n)
    parts = [b"[A-Z]{1,%d}" % (len(letters) - 1)] if len(letters) > 1 else []
    for i, letter in enumerate(letters):
        if letter != "A":
            parts.append(letters[:i].encode() + b"[A-" + chr(ord(letter) - 1).encode() + b"]"
                         + b"[A-Z]{%d}" % (len(letters) - i - 1))
    return b"|".join(parts + [letters.encode()])


class _Scan:
    def __init__(self, source, header: int, named: int, margin: int):
        self.source, self.header, self.named, self.margin = source, header, named, margin

    def run(self) -> Extent:
        from openpyxl.utils import column_index_from_string

        block = b""
        while (found := _SHEET_DATA.search(block)) is None:
            data = self.source.read(_BLOCK)
            if not data:
                return Extent(0, self.named)  # no rows at all
            block = block[-_OVERLAP:] + data
        self._patterns(found.group(1))
        block = block[found.end():]
        rows, columns, before, carried, uncached, filled = 0, self.named, 0, 0, {}, set()
        while True:
            end = block.find(self.data_end)
            if end >= 0:
                block = block[:end]
            other = self.other_cell.search(block)
            if other is not None and (end >= 0 or other.start() < len(block) - _OVERLAP):
                raise _Unexpected  # (one cut by the block's end is whole in the next block)
            value = self._last_value(block)
            if value >= 0:
                rows = max(rows, self._row_of(block, value, before))
            for cell in self.beyond.finditer(block):
                number = int(cell.group(2))
                if number > self.header and self._holds_value(block, cell.end()):
                    columns = max(columns, column_index_from_string(cell.group(1).decode()))
            for cell in self.margin_cell.finditer(block):
                if int(cell.group(2)) > self.header and self._holds_value(block, cell.end(), formula=True):
                    filled.add(column_index_from_string(cell.group(1).decode()))
            if self.formula in block:
                self._count_uncached(block, carried, uncached)
            data = b"" if end >= 0 else self.source.read(_BLOCK)
            if not data:
                return Extent(rows, columns, uncached, frozenset(filled))
            before = self._row_of(block, max(0, len(block) - _OVERLAP), before)
            carried = min(_OVERLAP, len(block))
            block = block[-_OVERLAP:] + data

    def _patterns(self, prefix: bytes) -> None:
        p = re.escape(prefix)
        self.data_end = b"</" + prefix + b"sheetData>"
        self.row_start = b"<" + prefix + b"row"
        self.row_tag = re.compile(rb"<" + p + rb"row(?=[\s/>])([^>]*)>")
        self.value_ends = (b"</" + prefix + b"v>", b"</" + prefix + b"t>")
        self.empty_value = re.compile(rb"<" + p + rb"[vt](?:\s[^>]*)?>")
        self.cell_end = b"</" + prefix + b"c>"
        # Excel, LibreOffice, Google Sheets, openpyxl and XlsxWriter number each cell first (<c r="B7" ...>):
        # only such cells are scanned, one pattern with a fixed start, fast; a sheet with any other is read whole.
        self.other_cell = re.compile(rb"<" + p + rb"c(?=[\s/>])(?! r=\"[A-Z])")
        self.formula = b"<" + prefix + b"f"
        # A formula with no value after it, or an empty one (openpyxl writes <v />), then the cell's end; an empty
        # value of a text cell (t="str") is a result, the empty text, as Excel saves it.
        self.uncached = re.compile(rb"(?:</" + p + rb"f>|<" + p + rb"f(?:\s[^>]*)?/>)\s*(<" + p + rb"v\s*/>|<" + p
                                   + rb"v>\s*</" + p + rb"v>)?\s*</" + p + rb"c>")
        self.cell_start = b"<" + prefix + b'c r="'
        self.cell_ref = re.compile(rb"<" + p + rb'c r="([A-Z]{1,3})(\d+)"([^>]*)>')
        self.beyond = re.compile(rb"<" + p + rb"c r=\"(" + _columns_after(self.named) + rb")(\d+)\"[^>]*>")
        # The blank columns left of the header: one with no value below it either is a margin, no column.
        self.margin_cell = re.compile(rb"<" + p + rb"c r=\"(" + _columns_through(self.margin) + rb")(\d+)\"[^>]*>")

    def _count_uncached(self, block: bytes, carried: int, counts: dict[int, int]) -> None:
        """Add to ``counts`` the cells of ``block`` below the header whose formula has no value after it, but
        those that end in its first ``carried`` bytes (the previous block's end, counted with it)."""
        from openpyxl.utils import column_index_from_string

        for formula in self.uncached.finditer(block):
            if formula.end() <= carried:
                continue
            cell = self.cell_ref.match(block, max(0, block.rfind(self.cell_start, 0, formula.start())))
            if formula.group(1) and b' t="str"' in (cell.group(3) if cell else b""):
                continue
            if cell is not None and int(cell.group(2)) > self.header:  # (a formula longer than the overlap: not told)
                column = column_index_from_string(cell.group(1).decode())
                counts[column] = counts.get(column, 0) + 1

    def _last_value(self, block: bytes) -> int:
        """Where the last value in ``block`` that is not empty (``<v></v>``) ends; -1 if none does."""
        last = -1
        for end_tag in self.value_ends:
            at = block.rfind(end_tag)
            while at > last:
                start = block.rfind(b"<", 0, at)
                if start < 0 or not self.empty_value.fullmatch(block, start, at):
                    last = at
                    break
                at = block.rfind(end_tag, 0, start)
        return last

    def _holds_value(self, block: bytes, start: int, formula: bool = False) -> bool:
        """Whether the cell whose start tag ends at ``start`` holds a value (or, ``formula``, a formula): a cell cut
        by the block's end does."""
        if block[start - 2:start] == b"/>":
            return False
        end = block.find(self.cell_end, start)
        cell = block[start:end + len(self.cell_end)]
        return end < 0 or self._last_value(cell) >= 0 or (formula and self.formula in cell)

    def _row_of(self, block: bytes, at: int, before: int) -> int:
        """The number of the row that ``at`` in ``block`` lies in: the last row started before it in the block,
        else ``before``, the last started before the block."""
        start = block.rfind(self.row_start, 0, at)
        while start >= 0:
            tag = self.row_tag.match(block, start)
            if tag is not None:
                number = _ROW_NUMBER.search(tag.group(1))
                if number is None:
                    raise _Unexpected  # rows counted, not numbered
                return int(number.group(1))
            if block[start + len(self.row_start):start + len(self.row_start) + 1] in (b" ", b"\t", b"\n", b"\r",
                                                                                          b"/", b">"):
                raise _Unexpected  # a row's tag longer than the overlap
            start = block.rfind(self.row_start, 0, start)
        return before
