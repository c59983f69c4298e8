"""The shapes of a workbook's header rows: a survey tool's second header row (SurveyMonkey's) or rows (Qualtrics'),
a row of group labels above the header, a header of two rows, a title, found in rows of cell values as
``read_xlsx`` reads them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..columns import DATE_COLUMN_CANDIDATES, fold
from ..exceptions import HeaderRowWarning, quoted_cell, warn_outside
from ..schema import TEXT_COLUMN_CANDIDATES
from ._sniff import is_import_id_row


# A control character of a cell's text, a Windows line break's carriage return above all, is stored in the
# workbook as ``_x000D_`` (Excel, XlsxWriter, help desks' exports); openpyxl gives it back as those 7 characters.
# ``_x005F_`` is an underscore, escaped so that text "_x000D_" is stored "_x005F_x000D_" (read in the same pass).
_RE_ESCAPED_CONTROL = re.compile(r"_x(00[01][0-9A-Fa-f]|005[Ff])_")


def shown_text(value: str) -> str:
    """A text cell (a header's name too) as the sheet shows it: ``_x000D_`` is a carriage return, ``_x005F_x000D_``
    the text "_x000D_"."""
    if "_x" in value:
        value = _RE_ESCAPED_CONTROL.sub(lambda match: chr(int(match.group(1), 16)), value)
    return value


def is_blank(value) -> bool:
    """Whether a cell is empty: None, as openpyxl reads an empty cell, or empty text."""
    return value is None or value == ""


#: What a survey export writes, folded, under each question in a second header row: SurveyMonkey's
#: "Response" and "Open-Ended Response" (in English or Spanish), blanks under its other columns.
_SUB_HEADER_LABELS = frozenset(map(fold, ("Response", "Open-Ended Response", "Respuesta", "Respuesta abierta")))


def cell_labels(row: tuple) -> list[str]:
    """The distinct non-blank cells of ``row``, quoted (redacted and cut: ``quoted_cell``), in order."""
    return [quoted_cell(v) for v in dict.fromkeys(v for v in row if not is_blank(v))]


def sub_header_names(header: tuple, below: tuple) -> tuple | None:
    """The header's names when ``below`` is a survey tool's second header row, else None: ``_SUB_HEADER_LABELS``
    ("Response") under questions, one at least, and blanks before them (none under a named column after the first
    label), and under a question whose cell spans the blank cells
    after it (SurveyMonkey merges a multiple-choice question over its options) the names of its options, which
    name those columns "question - option"."""
    cells = tuple(below[:len(header)]) + (None,) * (len(header) - len(below))
    filled = [i for i, v in enumerate(cells) if not is_blank(v)]
    if any(not is_blank(v) for v in below[len(header):]) or not all(isinstance(cells[i], str) for i in filled):
        return None
    if not any(fold(cells[i]) in _SUB_HEADER_LABELS for i in filled):
        return None
    # A survey tool writes a label under every question from the first labelled one on: a blank under a named
    # column after it is an answer left out (a first comment "Response" with no score given), so a response.
    if any(is_blank(cells[i]) and not is_blank(header[i]) for i in range(filled[0], len(header))):
        return None
    names, question = list(header), None
    for i, name in enumerate(header):
        spans = i + 1 < len(header) and is_blank(header[i + 1])
        question = name if not is_blank(name) else question
        if i in filled and fold(cells[i]) not in _SUB_HEADER_LABELS:
            if question is None or not (is_blank(name) or spans):
                return None  # an option under a question that spans no other column: an answer
            names[i] = f"{question} - {cells[i]}"
    return tuple(names)


def is_group_row(row: tuple, header: tuple) -> bool:
    """Whether ``row``, right above ``header``, labels groups of its columns ("Cliente" over ID and Fecha,
    "Valoración" over NPS and Comentario, as hand-made reports have, merged or not): text only, each label
    with a blank cell after it (the columns it spans), and a header that names every column and is no survey
    tool's sub-header ("Response"). Blank columns left of both (a margin column A) are no matter."""
    lead = next((i for i, v in enumerate(header) if not is_blank(v)), 0)
    if any(not is_blank(v) for v in row[:lead]):
        return False
    row, header = row[lead:], header[lead:]
    width = len(header)
    while width and is_blank(header[width - 1]):
        width -= 1
    names = header[:width]
    if not width or not all(isinstance(v, str) and v.strip() for v in names):
        return False
    if any(fold(v) in _SUB_HEADER_LABELS for v in names):
        return False
    cells = list(row[:width]) + [None] * (width - len(row))
    if any(not is_blank(v) for v in row[width:]):
        return False
    labels = [i for i, v in enumerate(cells) if not is_blank(v)]
    # Each label spans the blank cell after it at least: a header above wider rows ("id", "comentario" over
    # rows with a value in column C) is no group row.
    return (bool(labels) and all(isinstance(cells[i], str) for i in labels)
            and all(i + 1 < width and is_blank(cells[i + 1]) for i in labels))


#: Names of one column, folded: a comment's or a date's, never a group label over several ("comentario" over a
#: column whose header cell is blank is a column, and the row below it an answer).
_COLUMN_NAMES = frozenset(map(fold, TEXT_COLUMN_CANDIDATES + DATE_COLUMN_CANDIDATES))


def split_header(header: tuple, below: tuple | None, merged: Callable[[int, int], bool] = lambda first, last: False
                 ) -> tuple | None:
    """The header named by two rows, or None: ``header`` has group labels over blank cells ("Valoración" over the
    two columns its merged cell spans), ``below`` names exactly those columns ("NPS", "CSAT"), and the other names
    span both rows (merged down, blank below). A label whose span is less plain is a group's only where its cell is
    merged over it (``merged(first, last)``, the first and last columns counted from 0): a label that names one
    column (``_COLUMN_NAMES``: "Comentario" over "Positivo" and "Negativo", not "comentario" beside a column without
    a name, over a first answer), and the header's last label, whose span runs to the header's end (a blank name
    there may be a column without one)."""
    if below is None or any(not is_blank(v) for v in below[len(header):]):
        return None
    groups = _label_spans(header)
    spanned = {i for first, last in groups for i in range(first, last + 1)}
    cells = tuple(below) + (None,) * (len(header) - len(below))
    filled = {i for i, v in enumerate(cells) if not is_blank(v)}
    names = [cells[i] for i in sorted(filled)]
    if not spanned or filled != spanned or not all(isinstance(v, str) for v in names) or len(set(names)) < len(names):
        return None
    plain_end = max(i for i, v in enumerate(header) if not is_blank(v)) > groups[-1][0]
    for first, last in groups:
        plain = fold(header[first]) not in _COLUMN_NAMES and (plain_end or first != groups[-1][0])
        if not plain and not merged(first, last):
            return None
    return tuple(cells[i] if i in filled else name for i, name in enumerate(header))


def _label_spans(header: tuple) -> list[tuple[int, int]]:
    """The first and last columns of each name of ``header`` with a blank cell after it: the name and the blank
    cells that follow it."""
    spans = []
    for i, name in enumerate(header):
        if not is_blank(name) and i + 1 < len(header) and is_blank(header[i + 1]):
            last = i + 1
            while last + 1 < len(header) and is_blank(header[last + 1]):
                last += 1
            spans.append((i, last))
    return spans


def merged_cells(open_sheet: Callable[[], BinaryIO], row: int) -> Callable[[int, int], bool]:
    """Whether the worksheet XML (``open_sheet()``: a binary file, opened only when asked) merges the cells of row
    ``row`` from column ``first`` to ``last`` (counted from 0) into one: ``<mergeCell ref="B1:C1"/>``, which Excel
    writes after the sheet's rows, so the whole sheet is scanned for it, once for all the spans asked about."""
    from openpyxl.utils import column_index_from_string

    pattern = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})' + str(row).encode() + rb':([A-Z]{1,3})'
                         + str(row).encode() + rb'"')
    spans: set[tuple[int, int]] | None = None

    def merged(first: int, last: int) -> bool:
        nonlocal spans
        if spans is None:
            spans, tail = set(), b""
            with open_sheet() as source:
                for block in iter(lambda: source.read(1 << 20), b""):
                    spans.update((column_index_from_string(a.decode()) - 1, column_index_from_string(b.decode()) - 1)
                                 for a, b in pattern.findall(tail + block))
                    tail = block[-4096:]
        return (first, last) in spans

    return merged


def is_title(row: tuple, header: tuple) -> bool:
    """One cell in the first column, the header's first named one past a blank margin ("Encuesta NPS marzo 2024"
    over a table in B:E): a title, skipped without a word, as group labels are not."""
    lead = next((i for i, v in enumerate(header) if not is_blank(v)), 0)
    return (len(row) > lead and not is_blank(row[lead])
            and all(is_blank(v) for i, v in enumerate(row) if i != lead))


def without_qualtrics_rows(path: Path, sheet: str, rows: Iterator[tuple], start: int):
    """``rows`` (the first on row ``start``) and ``start`` without a Qualtrics export's question texts and ImportId
    row under its column ids, or its ImportId row alone under a header of question texts (``--header-row 2``),
    skipped with a ``HeaderRowWarning``, as in a CSV; the same otherwise."""
    questions, import_ids = next(rows, None), next(rows, None)
    if questions is not None and import_ids is not None and is_import_id_row(import_ids):
        warn_outside(f"{path}, sheet {sheet!r}: rows {start}-{start + 1} are Qualtrics' question texts and ImportId "
                     f"row, skipped; row {start - 1} (column ids) is the header.", HeaderRowWarning)
        return rows, start + 2
    if questions is not None and is_import_id_row(questions):
        warn_outside(f"{path}, sheet {sheet!r}: row {start} is Qualtrics' ImportId row, skipped; row {start - 1} "
                     f"(question texts) is the header.", HeaderRowWarning)
        return itertools.chain([import_ids] if import_ids is not None else [], rows), start + 1
    return itertools.chain([row for row in (questions, import_ids) if row is not None], rows), start


def header_copies(header: tuple) -> Callable[[tuple], bool] | None:
    """A test of whether a row repeats ``header`` cell for cell, spaces aside: a second table (another month's
    export) pasted below the first with its header, whose copy is no answer, as in a CSV. None for a header of
    fewer than two names, whose copy may be an answer ("Comentario")."""
    key = [_header_cell(v) for v in header]
    named = [i for i, cell in enumerate(key) if cell]
    if len(named) < 2:
        return None
    first = named[0]

    def repeats(row: tuple) -> bool:
        return (len(row) > first and isinstance(row[first], str) and row[first].strip() == key[first]
                and [_header_cell(v) for v in row[:len(key)]] + [""] * (len(key) - len(row)) == key)

    return repeats


def _header_cell(value) -> str:
    return "" if value is None else str(value).strip()


def warn_header_copies(path: Path, sheet: str, copies: list[int]) -> None:
    """A ``HeaderRowWarning`` naming the rows (``copies``, the sheet's numbers) that repeat the header, skipped."""
    shown = ", ".join(map(str, copies[:10])) + (f" and {len(copies) - 10} more" if len(copies) > 10 else "")
    warn_outside(f"{path}, sheet {sheet!r}: row{'s' if len(copies) > 1 else ''} {shown} repeat"
                 f"{'' if len(copies) > 1 else 's'} the header (a second table below the first?): skipped, a header "
                 f"is no answer.", HeaderRowWarning)
