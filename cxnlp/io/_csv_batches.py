"""Batches of CSV records, ``(lines, rows, checked)`` as ``_records.record_batches`` gives them, without the rows
that are no answers: a Qualtrics export's extra header rows, copies of the header (exports joined into one file),
and the empty rows below the table's last value. Kept apart from ``delimited``, which turns the batches into
frames, because each filter is a rule of its own that keeps memory flat over any number of batches."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from ..exceptions import HeaderRowWarning, SubHeaderRowWarning, warn_outside
from ._xlsx_header import cell_labels, sub_header_names


def without_qualtrics_rows(batches: Iterator[tuple], skip: int, path: Path, header_line: int) -> Iterator[tuple]:
    """``batches`` without their first ``skip`` records, a Qualtrics export's question texts and ImportId row,
    said in a warning that names their lines; or the ImportId row alone (``skip`` 1) under a header of question
    texts. They may come in batches of their own (a question text written over two lines makes batches of one
    record), so they are counted across batches."""
    what = ("is Qualtrics' ImportId row, skipped; line {h} (question texts) is" if skip == 1
            else "are Qualtrics' question texts and ImportId row, skipped; line {h} (column ids) is")
    for lines, rows, checked in batches:
        if skip:
            dropped = min(skip, len(rows))
            skip -= dropped
            if dropped and not skip:
                last = lines[dropped - 1]
                where = f"line {last}" if last == header_line + 1 else f"lines {header_line + 1}-{last}"
                warn_outside(f"{path}: {where} {what.format(h=header_line)} the header.", HeaderRowWarning)
            lines, rows = lines[dropped:], rows[dropped:]
        if rows:
            yield lines, rows, checked


def without_sub_header(batches: Iterator[tuple], header: list[str], path: Path) -> tuple[Iterator[tuple], list | None]:
    """``batches`` without a survey tool's second header row right under ``header`` ("Response", "Open-Ended
    Response" under each question, as SurveyMonkey exports), and the names the header gives with it
    (``sub_header_names``: "question - option" under a multiple-choice question), else ``batches`` and None.
    The row was classified as a comment and counted as a response; it is skipped with a warning, as in a
    workbook."""
    batches = iter(batches)
    for lines, rows, checked in batches:
        if not rows:
            continue
        names = sub_header_names(tuple(header), tuple(rows[0]))
        if names is None:
            return chain([(lines, rows, checked)], batches), None
        warn_outside(f"{path}, line {lines[0]}: a second header row ({', '.join(cell_labels(rows[0]))}) under the "
                     f"questions, as SurveyMonkey exports, was skipped: the questions name the columns.",
                     SubHeaderRowWarning)
        return chain([(lines[1:], rows[1:], checked)], batches), list(names)
    return iter(()), None


def header_key(cells: list[str]) -> list[str]:
    """A row's cells as a header is compared: a BOM (a second export's first line) and spaces aside."""
    return [cell.strip(" \t\ufeff") for cell in cells]


def without_header(batches: Iterator[tuple], header: list[str], copies: list[int]) -> Iterator[tuple]:
    """``batches`` of ``(lines, rows, checked)`` without the rows that repeat ``header`` cell for cell (two exports
    joined with ``cat``, the second's header in the middle), whose lines are added to ``copies``. A row with any
    cell that differs, even one cell more or less, is data and stays."""
    key = header_key(header)
    for lines, rows, checked in batches:
        hits = [i for i, row in enumerate(rows) if row[0].strip(" \t\ufeff") == key[0] and header_key(row) == key]
        if hits:
            copies += [lines[i] for i in hits]
            dropped = set(hits)
            kept = [i for i in range(len(rows)) if i not in dropped]
            lines, rows = [lines[i] for i in kept], [rows[i] for i in kept]
        yield lines, rows, checked


def until_last_value(batches: Iterator[tuple]) -> Iterator[tuple]:
    """``batches`` of ``(lines, rows, checked)`` without the rows of empty cells after the last row with a value
    (``;;;`` lines, as Excel writes the formatted rows below a table): formatting, not answers, as in a workbook
    (a one-column file's blank lines at its end are no records already; a quoted ``""`` there stays an answer).
    An empty row followed by one with a value is a blank answer and stays. A run of empty rows is held as its
    line numbers and widths, as runs, until a value follows it or the file ends, so memory stays flat."""
    held: list[list[int]] = []  # [first line, rows, cells per row] of runs of consecutive empty rows
    for lines, rows, checked in batches:
        last = len(rows)
        while last and len(rows[last - 1]) > 1 and not any(rows[last - 1]):
            last -= 1
        if last:
            yield from _held_rows(held)
            held = []
            yield (lines, rows, checked) if last == len(rows) else (lines[:last], rows[:last], checked)
        for line, cells in zip(lines[last:], rows[last:]):
            if held and held[-1][0] + held[-1][1] == line and held[-1][2] == len(cells):
                held[-1][1] += 1
            else:
                held.append([line, 1, len(cells)])


def _held_rows(held: list[list[int]], size: int = 10_000) -> Iterator[tuple]:
    """The empty rows of ``held``'s runs in batches of at most ``size``, unchecked (``_iter_csv`` checks them)."""
    for first, count, cells in held:
        for at in range(0, count, size):
            n = min(size, count - at)
            yield range(first + at, first + at + n), [[""] * cells for _ in range(n)], False
