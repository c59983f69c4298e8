"""The shapes of a workbook's header rows: a survey tool's second header row (SurveyMonkey's) or rows (Qualtrics'),
a row of group labels above the header, a header of two rows, a title, found in rows of cell values as
``read_xlsx`` reads them."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from ..columns import DATE_COLUMN_CANDIDATES, fold
from ..exceptions import HeaderRowWarning, warn_outside
from ..schema import TEXT_COLUMN_CANDIDATES
from ._sniff import is_import_id_row


def is_blank(value) -> bool:
    """Whether a cell is empty: None, as openpyxl reads an empty cell, or empty text."""
    return value is None or value == ""


#: What a survey export writes, folded, under each question in a second header row: SurveyMonkey's
#: "Response" and "Open-Ended Response" (in English or Spanish), blanks under its other columns.
_SUB_HEADER_LABELS = frozenset(map(fold, ("Response", "Open-Ended Response", "Respuesta", "Respuesta abierta")))


def cell_labels(row: tuple) -> list[str]:
    """The distinct non-blank cells of ``row``, quoted, in order."""
    return [repr(v) for v in dict.fromkeys(v for v in row if not is_blank(v))]


def sub_header_names(header: tuple, below: tuple) -> tuple | None:
    """The header's names when ``below`` is a survey tool's second header row, else None: ``_SUB_HEADER_LABELS``
    ("Response") under questions, one at least, and blanks, and under a question whose cell spans the blank cells
    after it (SurveyMonkey merges a multiple-choice question over its options) the names of its options, which
    name those columns "question - option"."""
    cells = tuple(below[:len(header)]) + (None,) * (len(header) - len(below))
    filled = [i for i, v in enumerate(cells) if not is_blank(v)]
    if any(not is_blank(v) for v in below[len(header):]) or not all(isinstance(cells[i], str) for i in filled):
        return None
    if not any(fold(cells[i]) in _SUB_HEADER_LABELS for i in filled):
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
    tool's sub-header ("Response")."""
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


def split_header(header: tuple, below: tuple | None) -> tuple | None:
    """The header named by two rows, or None: ``header`` has group labels over blank cells ("Valoración" over the
    two columns its merged cell spans), ``below`` names exactly those columns ("NPS", "CSAT"), and the other names
    span both rows (merged down, blank below). Spans end at the header's last name, which is a column's. A label
    that names one column (``_COLUMN_NAMES``) is no group's."""
    if below is None or any(not is_blank(v) for v in below[len(header):]):
        return None
    last = max((i for i, v in enumerate(header) if not is_blank(v)), default=0)
    spanned, in_group = set(), False
    for i, name in enumerate(header[:last]):
        in_group = is_blank(header[i + 1]) if not is_blank(name) else in_group
        if in_group:
            spanned.add(i)
    cells = tuple(below) + (None,) * (len(header) - len(below))
    filled = {i for i, v in enumerate(cells) if not is_blank(v)}
    names = [cells[i] for i in sorted(filled)]
    if not spanned or filled != spanned or not all(isinstance(v, str) for v in names) or len(set(names)) < len(names):
        return None
    if any(not is_blank(header[i]) and fold(header[i]) in _COLUMN_NAMES for i in spanned):
        return None
    return tuple(cells[i] if i in filled else name for i, name in enumerate(header))


def is_title(row: tuple) -> bool:
    """One cell in the first column ("Encuesta NPS marzo 2024"): a title, skipped without a word, as group labels
    are not."""
    return not is_blank(row[0]) and all(is_blank(v) for v in row[1:])


def without_qualtrics_rows(path: Path, sheet: str, rows: Iterator[tuple], start: int, header_row: int | None):
    """``rows`` (the first on row ``start``) and ``start`` without a Qualtrics export's question texts and ImportId
    row under its column ids, skipped with a ``HeaderRowWarning``, as in a CSV; the same otherwise."""
    questions, import_ids = next(rows, None), next(rows, None)
    if header_row is None and questions is not None and import_ids is not None and is_import_id_row(import_ids):
        warn_outside(f"{path}, sheet {sheet!r}: rows {start}-{start + 1} are Qualtrics' question texts and ImportId "
                     f"row, skipped; row {start - 1} (column ids) is the header.", HeaderRowWarning)
        return rows, start + 2
    return itertools.chain([row for row in (questions, import_ids) if row is not None], rows), start
