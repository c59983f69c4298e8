"""Where a worksheet's table of answers ends: the rows below its header that are no answers of it, found in rows of
cell values as ``read_xlsx`` reads them.

Analysts share a sheet with more than the export on it: a copy of the header (a second month's table pasted below
the first, its header of two rows too). Read as answers, a header's names were comments.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ._xlsx_header import header_copies, is_blank, warn_header_copies


def table_rows(path: Path, sheet: str, rows: Iterator[tuple], start: int, header: tuple,
               second: tuple | None = None) -> Iterator[tuple[int, tuple]]:
    """The sheet's number and cells of each answer of ``rows`` (the first on row ``start``) under ``header`` (its top
    row, ``second`` its second row where it has two). Left out with a warning that names them: the copies of the
    header (both its rows)."""
    repeats, copies = header_copies(header), []
    after_copy = False
    for number, row in enumerate(rows, start=start):
        if repeats is not None and (repeats(row) or (after_copy and _same(row, second))):
            copies.append(number)
            after_copy = second is not None and not after_copy
            continue
        after_copy = False
        yield number, row
    if copies:
        warn_header_copies(path, sheet, copies)


def _same(row: tuple, other: tuple | None) -> bool:
    """Whether ``row`` repeats ``other`` cell for cell, spaces aside."""
    if other is None:
        return False
    width = max(len(row), len(other))
    key = [str(v).strip() if not is_blank(v) else "" for v in (tuple(other) + (None,) * width)[:width]]
    return [str(v).strip() if not is_blank(v) else "" for v in (tuple(row) + (None,) * width)[:width]] == key
