"""Where a worksheet's table of answers ends: the rows below its header that are no answers of it, found in rows of
cell values as ``read_xlsx`` reads them.

Analysts share a sheet with more than the export on it: a copy of the header (a second month's table pasted below
the first, its header of two rows too), and a second table with other columns under a blank row (a summary by
month). Read as answers, a header's names were comments, a summary's counts were scores.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..exceptions import UnreadDataWarning, warn_outside
from ._totals import shown_number
from ._xlsx_header import cell_labels, header_copies, is_blank, warn_header_copies

#: What a score column holds for a score not given, folded to its letters ("NS/NC", "No aplica"): never a name of a
#: second table's header.
_NOT_GIVEN = frozenset({"na", "nd", "nc", "ns", "nsnc", "nsnr", "sd", "noaplica", "nosabe", "nocontesta",
                        "nosabenocontesta", "sindato", "sindatos", "ninguno", "ninguna", "nada", "null", "none", "nan"})


def table_rows(path: Path, sheet: str, rows: Iterator[tuple], start: int, header: tuple,
               second: tuple | None = None) -> Iterator[tuple[int, tuple]]:
    """The sheet's number and cells of each answer of ``rows`` (the first on row ``start``) under ``header`` (its top
    row, ``second`` its second row where it has two). Left out, each with a warning that names its rows: a copy of
    the header (both its rows), and a second table with other columns (``_new_header``) and every row below it."""
    repeats, copies = header_copies(header), []
    numeric: dict[int, bool] = {}  # column -> whether every value above was a number
    held: list[tuple[int, tuple]] = []  # blank rows, which may be the table's end
    after_copy = after_blank = False
    for number, row in enumerate(rows, start=start):
        if repeats is not None and (repeats(row) or (after_copy and _same(row, second))):
            copies.append(number)
            after_copy, after_blank = second is not None and not after_copy, False
            continue
        after_copy = False
        if all(map(is_blank, row)):
            held.append((number, row))
            after_blank = True
            continue
        below_blank, after_blank = after_blank, False  # (a copy of the header between: no table's header below)
        if below_blank and _new_header(row, numeric, len(header)):
            while held and is_blank_row(held[-1][1]):
                held.pop()  # (blank rows between the tables: formatting, as those after the last answer)
            warn_outside(f"{path}, sheet {sheet!r}, row {number}: a second table with other columns "
                         f"({', '.join(cell_labels(row)[:6])}) below the first, after a blank row; it and the rows "
                         f"below it were not read: read it with --header-row {number}, or move it to a sheet of "
                         f"its own.", UnreadDataWarning)
            break
        yield from held
        held.clear()
        _note_numbers(numeric, row[:len(header)])
        yield number, row
    if copies:
        warn_header_copies(path, sheet, copies)
    yield from held


def is_blank_row(row: tuple) -> bool:
    return all(map(is_blank, row))


def _note_numbers(numeric: dict[int, bool], cells: tuple) -> None:
    """Mark in ``numeric`` each column of ``cells`` whose values are all numbers so far (a number stored as text
    counts), a column left False once it holds another value."""
    for i, value in enumerate(cells):
        if not is_blank(value) and numeric.get(i, True):
            numeric[i] = shown_number(value)


def _same(row: tuple, other: tuple | None) -> bool:
    """Whether ``row`` repeats ``other`` cell for cell, spaces aside."""
    if other is None:
        return False
    width = max(len(row), len(other))
    key = [str(v).strip() if not is_blank(v) else "" for v in (tuple(other) + (None,) * width)[:width]]
    return [str(v).strip() if not is_blank(v) else "" for v in (tuple(row) + (None,) * width)[:width]] == key


def _new_header(row: tuple, numeric: dict[int, bool], width: int) -> bool:
    """Whether ``row``, under a blank row, names the columns of a second table: two names at least, all text, none
    a number or a score not given ("NS/NC"), none twice, and one in a column that held only numbers above it (an NPS
    column's "total") or right of the header."""
    filled = [(i, value) for i, value in enumerate(row) if not is_blank(value)]
    if len(filled) < 2 or not all(isinstance(value, str) and value.strip() for _, value in filled):
        return False
    names = [value.strip().casefold() for _, value in filled]
    if len(set(names)) < len(names) or any(shown_number(value) for _, value in filled):
        return False
    if any(re.sub(r"[\W\d_]", "", name) in _NOT_GIVEN for name in names):
        return False
    return any(i >= width or numeric.get(i, False) for i, _ in filled)
