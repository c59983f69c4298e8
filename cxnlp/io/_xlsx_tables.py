"""Where a worksheet's table of answers ends: the rows below its header that are no answers of it, found in rows of
cell values as ``read_xlsx`` reads them.

Analysts share a sheet with more than the export on it: a copy of the header (a second month's table pasted below
the first, its header of two rows too), a second table with other columns under a blank row (a summary by month),
a totals row and a note under the table ("Total", then "Fuente: encuesta interna"). Read as answers, a header's
names were comments, a summary's counts were scores, a total's averages counted as answers.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..columns import fold
from ..exceptions import HeaderRowWarning, UnreadDataWarning, warn_outside
from ..schema import TEXT_COLUMN_CANDIDATES
from ._totals import is_totals_row, shown_number
from ._xlsx_header import cell_labels, header_copies, is_blank, warn_header_copies

#: A note under a table, in its one filled cell: its source, a note, who made it or when ("Fuente: encuesta
#: interna", "Nota: datos de marzo", "(*) Promedio simple", "Elaborado por el área CX").
_RE_NOTE = re.compile(r"\s*(?:\(?\*|(?:fuentes?|notas?|sources?|notes?|elaborad[oa]|elaboraci[oó]n|actualizad[oa]"
                      r"|generad[oa]|exportad[oa])\b)", re.IGNORECASE)
#: What a score column holds for a score not given, folded to its letters ("NS/NC", "No aplica", "-": none): never a
#: name of a second table's header.
_NOT_GIVEN = frozenset({"", "na", "nd", "nc", "ns", "nsnc", "nsnr", "sd", "noaplica", "nosabe", "nocontesta",
                        "nosabenocontesta", "sindato", "sindatos", "ninguno", "ninguna", "nada", "null", "none", "nan"})


def table_rows(path: Path, sheet: str, rows: Iterator[tuple], start: int, header: tuple,
               second: tuple | None = None, open_sheet: Callable[[], BinaryIO] | None = None
               ) -> Iterator[tuple[int, tuple]]:
    """The sheet's number and cells of each answer of ``rows`` (the first on row ``start``) under ``header`` (its top
    row, ``second`` its second row where it has two). Left out, each with a warning that names its rows: a copy of
    the header (both its rows), a second table with other columns (``_new_header``) and every row below it, and a
    totals row with a note above or below it (``_is_note``) at the table's end, or a row of sums (``sum_rows``: its
    cells all SUM or AVERAGE formulas of the worksheet XML ``open_sheet()``, no label), with a note or alone. A
    totals row alone is left to ``without_totals_row``, a note alone is read as an answer, as a comment-only answer
    may look like one, and so is one in a column named as comments are ("Nota: muy lento" under "Comentario") or of
    text above."""
    repeats, copies = header_copies(header), []
    comments = _comment_columns(header, second)
    numeric: dict[int, bool] = {}  # column -> whether every value above was a number
    live, answers = list(range(len(header))), 0  # (the columns not yet known to hold another value)
    texts: set[int] = set()  # (the columns of letters in the first answers: a "note" in one is a comment)
    held: list[tuple[int, tuple]] = []  # rows that may be the table's end: blank ones, totals rows, notes
    after_copy = after_blank = False
    rows, ahead, number = iter(rows), deque(), start - 1  # (ahead: rows read to judge a second table's header)
    while (row := ahead.popleft() if ahead else next(rows, None)) is not None:
        number += 1
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
        if (below_blank and _new_header(row, numeric, len(header))
                and not _fits(ahead, rows, numeric, texts, len(header))):
            while held and is_blank_row(held[-1][1]):
                held.pop()  # (blank rows between the tables: formatting, as those after the last answer)
            warn_outside(f"{path}, sheet {sheet!r}, row {number}: a second table with other columns "
                         f"({', '.join(cell_labels(row)[:6])[:120]}) below the first, after a blank row; it and the "
                         f"rows below it were not read: read it with --header-row {number}, or move it to a sheet of "
                         f"its own.", UnreadDataWarning)
            break
        if _may_end(row, comments):
            held.append((number, row))
            continue
        yield from held
        held.clear()
        if answers < _JUDGED:
            live, answers = _note_numbers(numeric, live, row), answers + 1
            texts.update(i for i, v in enumerate(row) if isinstance(v, str) and _worded(v))
        yield number, row
    if copies:
        warn_header_copies(path, sheet, copies)
    sums = sum_rows(open_sheet) if open_sheet is not None else (lambda number, row: False)
    yield from _without_footer(path, sheet, held, comments | texts, sums)


def is_blank_row(row: tuple) -> bool:
    return all(map(is_blank, row))


def _without_footer(path: Path, sheet: str, held: list[tuple[int, tuple]], comments: frozenset[int],
                    sums: Callable[[int, tuple], bool]) -> list[tuple[int, tuple]]:
    """``held`` (the table's last rows: blank ones, totals rows, notes, rows of numbers only) without its footer: the
    last of them that are blank, totals rows, notes or rows of sums (``sums``), with a totals row and a note, or a
    row of sums, among them; said in a ``HeaderRowWarning``. The blank rows above the footer stay blank answers, as
    they do above a totals row alone."""
    first = len(held)
    while first and (is_blank_row(held[first - 1][1]) or is_totals_row(list(held[first - 1][1]))
                     or _is_note(held[first - 1][1], comments) or sums(*held[first - 1])):
        first -= 1
    while first < len(held) and is_blank_row(held[first][1]):
        first += 1
    footer = [(number, row) for number, row in held[first:] if not is_blank_row(row)]
    totals = sum(is_totals_row(list(row)) for _, row in footer)
    notes = sum(_is_note(row, comments) for _, row in footer)
    summed = sum(bool(sums(number, row)) for number, row in footer)
    if not (summed or (totals and notes)):
        return held
    # counted: two notes under a totals row were "a totals row and a note", two rows of sums "a row of sums"
    what = ("totals rows" if totals > 1 else "a totals row" if totals else "rows of sums (formulas)" if summed > 1
            else "a row of sums (formulas)") + (" and notes" if notes > 1 else " and a note" if notes else "")
    numbers = [number for number, _ in footer]
    shown = "; ".join(", ".join(cell_labels(row)) for _, row in footer)
    warn_outside(f"{path}, sheet {sheet!r}, row{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}: "
                 f"{what} below the table ({shown[:120]}), not responses: skipped (their numbers would count as "
                 f"answers).", HeaderRowWarning)
    return held[:first]


def _numbers_only(row: tuple) -> bool:
    """Whether every filled cell of ``row``, one at least, is a number: a row of sums, or an answer without text."""
    filled = [value for value in row if not is_blank(value)]
    return bool(filled) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in filled)


#: A cell whose formula is an aggregate of a range ("SUM(B2:B40)", "AVERAGE(C:C)", "SUBTOTAL(109,D2:D9)"): a total
#: below a table, never a customer's answer. Any cell with a formula matches, the aggregate in the last group: a cell
#: whose formula Excel shares (a SUM filled right: ``<f t="shared" si="0"/>``) is an aggregate when its first is.
_RE_SUM_CELL = re.compile(rb'<(?:\w+:)?c r="([A-Z]{1,3})(\d+)"[^>]*>\s*<(?:\w+:)?f(\s[^>]*)?>((?:_xlfn\.)?'
                          rb'(?:SUM|AVERAGE|SUBTOTAL|AGGREGATE|MEDIAN|COUNTA?|MIN|MAX)\([^)<]*:)?')
_RE_SHARED = re.compile(rb'\ssi="(\d+)"')

#: A formula's element as the worksheet XML opens it: a sheet with none (most exports) is searched no further.
_FORMULA_TAGS = (b"<f>", b"<f ", b":f>", b":f ")


def sum_rows(open_sheet: Callable[[], BinaryIO]) -> Callable[[int, tuple], bool]:
    """Whether row ``number`` of the worksheet XML (``open_sheet()``, opened only when asked, once) holds each of
    ``row``'s filled cells, numbers, as a formula that sums a range (``_RE_SUM_CELL``): not a row of numbers beside
    sums whose results were not saved (read as blank)."""
    cells: set[tuple[int, bytes]] | None = None

    def summed(number: int, row: tuple) -> bool:
        nonlocal cells
        if not _numbers_only(row):
            return False
        if cells is None:
            cells, tail, shared, sums = set(), b"", set(), set()  # (shared: (si, row, column) of a shared formula)
            with open_sheet() as source:
                for block in iter(lambda: source.read(1 << 20), b""):
                    data, tail = tail + block, block[-4096:]  # (a cell cut by a block's end is whole with the tail)
                    if not any(tag in data for tag in _FORMULA_TAGS):  # (no formula: no search)
                        continue
                    for c, r, attrs, aggregate in _RE_SUM_CELL.findall(data):
                        si = _RE_SHARED.search(attrs)
                        if aggregate:
                            cells.add((int(r), c))
                            sums.update([si[1]] if si else [])
                        elif si and attrs.rstrip().endswith(b"/"):
                            shared.add((si[1], int(r), c))
            cells.update((r, c) for si, r, c in shared if si in sums)
        return all((number, _letters(i)) in cells for i, v in enumerate(row) if not is_blank(v))

    return summed


def _letters(index: int) -> bytes:
    """The letters of the column at ``index`` (0: ``A``, 26: ``AA``), as the worksheet XML names its cells."""
    letters = b""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = bytes([65 + rest]) + letters
    return letters


def _is_note(row: tuple, comments: frozenset[int]) -> bool:
    """Whether ``row`` is a note under a table: one filled cell, a text that opens as a note does (``_RE_NOTE``), in
    no column of ``comments``, where it is a comment-only answer."""
    filled = [(i, value) for i, value in enumerate(row) if not is_blank(value)]
    return (len(filled) == 1 and filled[0][0] not in comments and isinstance(filled[0][1], str)
            and _RE_NOTE.match(filled[0][1]) is not None)


#: The words of a comment column's name, folded ("comentario" in "Comentario del cliente").
_COMMENT_WORDS = frozenset(map(fold, TEXT_COLUMN_CANDIDATES))


def _comment_columns(*rows: tuple | None) -> frozenset[int]:
    """The columns that a header row of ``rows`` names as comments (``TEXT_COLUMN_CANDIDATES``, or a name with one
    of them as a word)."""
    return frozenset(i for row in rows if row is not None for i, name in enumerate(row) if isinstance(name, str)
                     and (fold(name) in _COMMENT_WORDS or not _COMMENT_WORDS.isdisjoint(fold(name).split("_"))))


#: The answers whose cells tell the columns of numbers (``_note_numbers``): enough to know an NPS column, and a cost
#: that stays the same however long the table.
_JUDGED = 1_000


def _note_numbers(numeric: dict[int, bool], live: list[int], row: tuple) -> list[int]:
    """Mark in ``numeric`` each column of ``live`` whose values are all numbers so far in ``row`` too (a number stored
    as text counts), a column left False once it holds another value; the columns still ``live``."""
    for i in live:
        if i < len(row) and not is_blank(row[i]):
            numeric[i] = shown_number(row[i])
    return live if all(numeric.get(i, True) for i in live) else [i for i in live if numeric.get(i, True)]


def _may_end(row: tuple, comments: frozenset[int]) -> bool:
    """Whether ``row``, not blank, may be part of the table's footer (``_without_footer``): a totals row, a note, or
    numbers only (a row of sums, or an answer without text), told in one pass over its cells."""
    if not isinstance(next(value for value in row if not is_blank(value)), str):
        return all(is_blank(v) or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in row)
    filled = [value for value in row if not is_blank(value)]
    return (len(filled) == 1 and _is_note(row, comments)) or is_totals_row(filled)


def _fits(ahead: deque[tuple], rows: Iterator[tuple], numeric: dict[int, bool], texts: set[int], width: int) -> bool:
    """Whether the first row with a value below a second table's header as ``_new_header`` finds one (read from
    ``rows`` into ``ahead``, to be read next) fits the first table: a text in one of its columns of text (``texts``:
    a comment) or, with letters, in one of its columns still empty (a first table of one answer), scores
    (``_score``: "8", "NS/NC", "Nueve") in its columns of numbers and nothing right of the header, or a totals row or
    a note (its footer). Then the "header" was an answer with text where a score goes ("Bien" under "nps")."""
    for row in rows:
        ahead.append(row)
        if not is_blank_row(row):
            return (any(i in texts and isinstance(v, str) and not shown_number(v) for i, v in enumerate(row))
                    or any(i < width and i not in numeric and isinstance(v, str) and _worded(v)
                           for i, v in enumerate(row))
                    or is_totals_row(list(row)) or _is_note(row, frozenset())  # (the first table's footer)
                    or all(is_blank(v) or (i < width and (not numeric.get(i, False) or _score(v)))
                           for i, v in enumerate(row)))
    return True  # (nothing below it: one answer, read as before)


#: The words of a score given in words ("Diez", "Muy satisfecho", "Ni de acuerdo ni en desacuerdo"), folded.
_SCORE_WORDS = frozenset("cero uno una dos tres cuatro cinco seis siete ocho nueve diez muy poco algo nada ni de en "
                         "acuerdo desacuerdo totalmente satisfecho satisfecha insatisfecho insatisfecha bueno buena "
                         "malo mala regular excelente pesimo pesima neutral neutro probable improbable".split())


def _score(value) -> bool:
    """Whether ``value`` may be a score: a number (as text too), one with its label ("5 - Muy satisfecho"), a score
    not given ("NS/NC") or one in words (``_SCORE_WORDS``: "Nueve")."""
    if shown_number(value) or not isinstance(value, str):
        return shown_number(value)
    words = re.findall(r"[^\W\d_]+", fold(value))
    return (value.strip()[:1].isdigit() or re.sub(r"[\W\d_]", "", fold(value)) in _NOT_GIVEN
            or bool(words) and _SCORE_WORDS.issuperset(words))


def _worded(text: str) -> bool:
    """Whether ``text`` has letters, as a comment has ("Bien"), not a date or a number ("2024-03-01 10:30", "4,5")."""
    return any(map(str.isalpha, text))


def _same(row: tuple, other: tuple | None) -> bool:
    """Whether ``row`` repeats ``other`` cell for cell, spaces aside."""
    if other is None:
        return False
    width = max(len(row), len(other))
    key = [str(v).strip() if not is_blank(v) else "" for v in (tuple(other) + (None,) * width)[:width]]
    return [str(v).strip() if not is_blank(v) else "" for v in (tuple(row) + (None,) * width)[:width]] == key


def _new_header(row: tuple, numeric: dict[int, bool], width: int) -> bool:
    """Whether ``row``, under a blank row, names the columns of a second table: two names at least, all text, none
    a number or a score not given ("NS/NC"), none twice, and one in a column that held only numbers in the first
    answers (``numeric``: an NPS column's "total") or right of the header."""
    filled = [(i, value) for i, value in enumerate(row) if not is_blank(value)]
    if len(filled) < 2 or not all(isinstance(value, str) and value.strip() for _, value in filled):
        return False
    names = [value.strip().casefold() for _, value in filled]
    if len(set(names)) < len(names) or any(shown_number(value) for _, value in filled):
        return False
    if any(re.sub(r"[\W\d_]", "", name) in _NOT_GIVEN for name in names):
        return False
    return any(i >= width or numeric.get(i, False) for i, _ in filled)
