"""How many rows of a table a quoted value that spans lines took into its cell: the sign that its opening and
closing quotes are two unbalanced quotes, not one comment of several paragraphs. Kept apart from ``_records``,
whose reader asks it only when such a value closes, because the rule is read and tuned on its own
(``tests/test_reliability_io.py``)."""

from __future__ import annotations

import re


#: A quoted value whose lines between its first and last are mostly rows of the table, at least this many, is two
#: unbalanced quotes, whatever its cells hold; fewer must also carry the ids that follow the record's own.
MERGED_ROWS = 20
#: The most by which the ids of consecutive rows of a table grow (a sorted export, some rows filtered out): order
#: numbers quoted in a comment ("12345,9,retraso" in the comment of row 1020) do not continue the table's ids.
ID_STEP = 1000
_NUMBER = re.compile(r"[-+]?\d[\d.,:/ -]*")
_ID = re.compile(r"\d{1,18}")


def _kind(cell: str) -> str:
    """What a cell holds, as rows of one table agree on it: nothing, a number (an id, a score, a date), or text."""
    cell = cell.strip(" \t")
    return "" if not cell else "n" if _NUMBER.fullmatch(cell) else "t"


def swallowed_rows(text: str, sep: str | None, width: int, before: list[str]) -> int:
    """How many of the lines within the quoted value ``text`` (those between its first and last line) are rows
    of the table it was read in, when they show that the value is two unbalanced quotes and the rows between
    them (a stray ``"Excelente`` and, lines below, ``TV de 55"``); else 0. ``before`` are the record's cells
    before the value.

    A line is a row when it splits into ``width`` cells (trailing empty ones aside) and no separator in it is
    followed by a space, as in prose ("Hola, que tal"). Where the record opens with a whole number (an id), the
    lines are rows when every one (at least two) opens with an id greater than the record's and than the line's
    before, by at most ``ID_STEP`` (a line of fewer values than the table's may hold no text after it, and none
    may have a space after the id), or when
    the one line between is such a row whose id is the record's plus one: a comment's own numbered list ("1,la entrega"), decimal commas ("4,5 en
    servicio") or order numbers below the row's id, or more than ``ID_STEP`` above it, do not continue the
    table's ids. Otherwise (no id in front, or lines that do not continue it), nine in ten of at least
    ``MERGED_ROWS`` lines must be rows whose cells before the value are of the kinds (number, text; an empty
    cell matches either) of the record's.
    """
    if sep is None or width < 2 or text.count("\n") < 2 or text.count(sep) < width - 1:
        return 0  # (quickly: no line between its first and last, or not a row's separators)
    lines = [line.rstrip("\r") for line in text.split("\n")[1:-1]]
    lines = [line for line in lines if line.strip(" \t")]
    rows = [line.split(sep) for line in lines if f"{sep} " not in line]
    rows = [row for row in rows if len(row) == width or (len(row) > width and not "".join(row[width:]).strip())]
    if before and _ID.fullmatch(before[0].strip(" \t")):
        first = last = int(before[0])
        ids = 0
        for line in lines:  # a row with a blank score or too few values still carries its id
            cells = line.split(sep)
            cell = cells[0].strip(" \t")
            short = len(cells) < width and any(_kind(c) == "t" for c in cells[1:])
            spaced = len(cells) > 1 and cells[1][:1] == " "  # "2, la entrega": a list, as a writer never spaces
            if short or spaced or not (_ID.fullmatch(cell) and 0 < int(cell) - last <= ID_STEP):
                break
            last, ids = int(cell), ids + 1
        if ids == len(lines) >= 2 or (ids == len(lines) == 1 and last == first + 1):
            return ids
        # Not the ids that follow (a score in front, repeated or unsorted ids): as in a file without ids, below.
    kinds = [_kind(cell) for cell in before]
    alike = [row for row in rows if all(not a or not b or a == b for a, b in zip(kinds, map(_kind, row)))]
    return len(alike) if len(lines) >= MERGED_ROWS and len(alike) >= 0.9 * len(lines) else 0
