"""The dialect of a delimited file, read from its first ``_SNIFF_BYTES``: which line is the header (title
lines above it, Excel's ``sep=;`` line, a one-column file's header), the header's separator checked against the
rows below it, and the two header rows Qualtrics adds under it. ``delimited`` reads the file with it."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

from ..columns import detect_text_column, fold
from ..exceptions import DataError
from ..schema import TEXT_COLUMN_CANDIDATES
from . import _records, _utf8
from ._non_text import refuse_binary, refuse_utf16

_SNIFF_BYTES = 256 * 1024
_SEPARATORS = ",;\t|"


def header_line(path: Path, lines: list[str], header_row: int | None) -> int:
    """The index in ``lines`` (the first physical lines of the file ``path``) of the header line.

    ``header_row`` (1-based) forces it; past the sample's last line, an error that names the file, how many lines it
    has (the sample's, where it is cut) and what to do. Otherwise it is found in the lines after Excel's ``sep=;``
    line, if any, as it is in a file without one: the first non-blank line, unless that line
    opens a block of at most 5 title lines ("Encuesta de satisfacción Q3 - Exportado de ...") that a
    blank line ends and the next line has at least twice as many cells as any of them and as many as
    the line below it: that line is the header. A first line without a separator that names a comment
    column ("Comentario") is a one-column file's header, whose blank line is an empty answer and whose
    answers hold unquoted commas ("Opinión, la app va lenta"); so is one that names it among other words
    ("Opinión del cliente") above a line that the rows below do not confirm as a table's header
    (``_answer_below_name``). Without a blank line, or where the lines above the blank one are no title block (a
    title, the header and a row over an empty row, ``;;``), a one-cell title line is told by the lines below it
    (``_header_below_title``).
    """
    if header_row is not None:
        whole = os.path.getsize(path) <= _SNIFF_BYTES
        count = len(lines) - (whole and len(lines) > 1 and lines[-1] == "")  # (the last line's end starts no line)
        if not 1 <= header_row <= count:
            extent = f"the end of the file (the file has {count} line{'s' * (count != 1)})" if whole else \
                f"the first {count} lines of the file, where the header is looked for"
            raise DataError(f"{path}: header row {header_row} is past {extent}; give the number of the header's line "
                            f"(--header-row, header_row=...), or leave it out.")
        return header_row - 1
    filled = [i for i, line in enumerate(lines) if not _blank(line)]
    if not filled:
        return 0
    if _excel_separator(lines) and len(filled) > 1:
        return 1 + header_line(path, lines[1:], None)  # Excel's "sep=;" line is no title: the file follows it
    first = filled[0]
    blank = next((i for i in range(first, min(len(lines), first + 6)) if _blank(lines[i])), None)
    after = next((i for i in filled if blank is not None and i > blank), None)
    if after is None:
        return _header_below_title(lines, filled)
    if names_comment_column(lines[first]) or _answer_below_name(lines[first], lines[after:]):
        return first
    # Title lines are at most half as wide as the header, counted in cells, and the line below the
    # header has as many of its separator (else a one-column file's comment would pass for a header).
    widest_title = max(_separator_counts(_trim(lines[i]))[1] + 1 for i in range(first, blank))
    counts, best = _separator_counts(lines[after])
    below = [line for line in lines[after + 1:after + 21] if line.strip()]
    same_width = any(n == best and _as_wide_below(lines[after], below, sep, n) for sep, n in counts.items())
    if best + 1 >= 2 * widest_title and same_width:
        return after
    return _header_below_title(lines, filled)  # (the blank line may be an empty row of a table under its title)


def _as_wide_below(header: str, below: list[str], sep: str, count: int) -> bool:
    """Whether the first of the lines ``below`` a ``header`` has ``count`` of ``sep``, or, for a header without a
    space after its separator over a first row with more, more than half of them (two at least) have: a first row
    whose answer holds an unquoted comma ("1,9,Muy bien, gracias") leaves its header a header, and the file fails
    naming that line, as it does without a title above it. A line with a space after its separator, or over a
    narrower line, is a one-column file's first answer ("Bien, rápido" or "Bien,rápido" over "Todo bien", "Caro,
    lento"), not a header its rows would cut at their commas."""
    widths = [_separator_counts(line)[0][sep] for line in below]
    if not widths or widths[0] == count:
        return bool(widths)
    same = sum(width == count for width in widths)
    return f"{sep} " not in header and widths[0] > count and same >= 2 and same > len(widths) / 2


def _answer_below_name(first: str, lines: list[str]) -> bool:
    """Whether ``first``, one cell, names a comment column (``_finds_comment_column``: "Opinión del cliente") and
    ``lines[0]``, the first line below a blank line under it, is a one-column file's answer, not a header: its
    only separators are commas, it names no comment column, and it is one comma of prose ("Mala atención, muy
    lenta") or the rows below it (``lines[1:]``) do not confirm it as a table's header (``_rows_confirm_table``),
    whatever its commas ("Tardaron, 3 semanas en llegar" or "Mal, Correos perdió el paquete" above "Todo bien",
    review A 5). A blank first answer made that answer the header (its commas counted as cells), and the header
    line a title. A line with a comma that is no prose is still a header where most rows below split as a table's
    (``_rows_split_as_table``), though they do not fit it: "nps,¿Por qué?" over "9,Muy rápido" and one short row
    "7" is a two-column table, and a table whose answers hold unquoted commas is refused naming the line, not read
    as one column whose cells are whole lines (review D 2).
    A title over a spaced header whose rows share its width ("Comentarios de clientes" over "fecha, nota del
    cliente, lo que más valora" over "2024-01-01, 9, rapidez") stays a title (review A 4)."""
    after = lines[0]
    counts, _ = _separator_counts(after)
    if _separator_counts(_trim(first))[1] or {sep for sep, n in counts.items() if n} != {","}:
        return False
    if not _finds_comment_column([_trim(first)]) or _finds_comment_column(next(csv.reader([after]))):
        return False
    if counts[","] == 1 and not _PROSE_COMMA.search(after.strip()):
        return True  # two cells of prose ("Mala atención, muy lenta"): an answer, as one-comma answers are common
    sample = lines[:_SAMPLE_ROWS + 1]
    if len(sample) == len(lines) and len(sample) > 1:
        sample = sample[:-1]  # the file's sample may end inside its last line
    try:
        records = [record for record in csv.reader(sample) if record]
    except csv.Error:
        return False
    if _PROSE_COMMA.search(after.strip()) and _rows_split_as_table(records, sample[1:]):
        return False  # 'nps,¿Por qué?' over '9,Muy rápido', '7', ...: a table's header, even one the rows do not fit
    return not _rows_confirm_table(records, sample[1:])


def _rows_split_as_table(records: list[list[str]], lines: list[str]) -> bool:
    """Whether more than half of the rows below a header (``records[0]``; ``lines``: the rows' lines) split, as a
    table's do, into two or more cells at a comma that is no prose ("9,Muy rápido", "1001,2024-01-02,Bien, aunque
    caro"), whether or not as many as the header has: a two-column table with a short row ("7"), or one whose
    answers hold unquoted commas, which is refused below naming the line (review D 2). A one-column file's answers
    mostly have no such comma ("Todo bien", "Muy bien, gracias")."""
    rows = [line for row, line in zip(records[1:], lines) if line.strip()]
    split = sum(len(row) >= 2 and bool(_PROSE_COMMA.search(line.strip())) for row, line in zip(records[1:], rows))
    return bool(rows) and split > len(rows) / 2


_SEP_HINT = re.compile(r'"?sep=(.)"?\s*')


def _excel_separator(lines: list[str]) -> str | None:
    """The separator a first line ``sep=;`` names (Excel writes and reads it), else None."""
    found = _SEP_HINT.fullmatch(lines[0]) if lines else None
    return found.group(1) if found else None


def _blank(line: str) -> bool:
    """A line without a value: empty, spaces, or only separators (``;;``, Excel's empty row)."""
    return not line.strip(" \t\r\n" + _SEPARATORS)


def _trim(line: str) -> str:
    """``line`` without its trailing separators: Excel writes a title cell of a wider sheet as ``Informe NPS;;``."""
    return line.rstrip(" \t\r\n" + _SEPARATORS)


def _title(line: str) -> bool:
    """One cell (trailing separators aside) that names no comment column: a title line's shape."""
    return not _separator_counts(_trim(line))[1] and not names_comment_column(_trim(line))


def _header_below_title(lines: list[str], filled: list[int]) -> int:
    """The header line when no blank line follows the first: the first line, unless it opens up to 5 lines of
    one cell each, trailing separators aside (titles, "Informe NPS;;" / "Periodo: marzo 2024;;", that name no
    comment column), and the next line has a separator that at least 4 of 5 of the following lines (at least 2)
    have as many of: that next line is the header. Commas count only 2 or more and without prose (a one-column
    file's comments hold commas), the header names every column, and below titles with trailing separators it
    names the comment column. A header that names the comment column beside a column of numbers or of repeated
    short values (``_column_beside_comments``: "9;Muy rápido", "Web;Muy lento") needs more than half of the rows
    only: a row short at its end ("7", padded) or one with an unquoted separator in its answer (refused naming its
    line) made a small table one column of whole lines under its title. So does a header of one comma that is no
    prose ("Comentario,NPS", not "Comentarios, sugerencias"), which needs a column of numbers beside it: a
    one-column file's answers often hold one comma, and some end alike ("Ok,bien", "Todo,bien")."""
    first = filled[0]
    titles = 0
    while titles < min(5, len(filled)) and _title(lines[filled[titles]]):
        titles += 1
    if not titles or len(filled) < titles + 3:
        return first
    header, rows = filled[titles], [lines[i] for i in filled[titles + 1:titles + 21]]
    # A title with trailing separators (Excel's 'Informe NPS;;') has the shape of a header that names its first
    # column only: the line below is its header only if that names the comment column.
    trailing = any(_separator_counts(lines[filled[i]])[1] for i in range(titles))
    counts, best = _separator_counts(lines[header])
    for sep, n in counts.items():
        one_comma = sep == "," and n == 1
        if n != best or n == 0 or (one_comma and not _PROSE_COMMA.search(lines[header].strip())):
            continue
        cells = next(csv.reader([lines[header]], delimiter=sep))
        if f"{sep} " in lines[header] and not (sep == "," and _rows_confirm_table([cells, *_records_of(rows)], rows)):
            continue  # (a separator and a space: prose, "Me gusta; pero caro", a one-column file's comment, unless
            # the rows are a spaced table's: "id, nps, comentario" over "1, 9, Muy bien")
        if not all(cell.strip() for cell in cells):
            continue  # a header names every column
        if trailing and not _finds_comment_column(cells):
            continue  # 'Comentario del cliente;' over 'Muy bien todo;0' is a header naming one column, not a title
        wide = [row for row in rows if _separator_counts(row)[0][sep] == n]
        if len(wide) >= 0.8 * len(rows) and not one_comma:
            return header
        if len(wide) > len(rows) / 2 and _column_beside_comments(cells, wide, sep, categories=not one_comma):
            return header
    return first


def _column_beside_comments(cells: list[str], rows: list[str], sep: str, *, categories: bool = True) -> bool:
    """Whether ``cells`` name the comment column and another column, in every row of ``rows`` (those as wide as
    the header), holds a number (a table's scores or ids: "9;Muy rápido") or a short value that repeats (a
    table's channel or shop: "Web;Muy lento", "App;Bien", "Web;Caro"). One-column answers under a title, the first
    "Comentario;sugerencia" and half of them with one ';' ("Muy bien;gracias", "Bien;todo"), hold neither, and
    stay whole. Without ``categories``, only a number counts: answers of one comma ("Ok,bien", "Web,bien") may
    repeat a short word after it."""
    try:
        at = [cell.strip() for cell in cells].index(detect_text_column([cell.strip() for cell in cells]))
    except DataError:
        return False
    records = [next(csv.reader([row], delimiter=sep), []) for row in rows]
    columns = [[record[i].strip() if i < len(record) else "" for record in records]
               for i in range(len(cells)) if i != at]
    return any(all(_NUMBER.fullmatch(value) for value in values) or (categories and _categories(values))
               for values in columns)


def _categories(values: list[str]) -> bool:
    """Whether ``values`` (3 at least) are a category column's: each a filled value of at most 3 words, two values
    at least and one repeated ("Web", "App", "Web"). One value all along is no category: one-column answers
    ending alike ("Bien;gracias", "Rápido;gracias", "Todo ok;gracias") stay whole."""
    return (len(values) >= 3 and all(value and len(value.split()) <= 3 for value in values)
            and 2 <= len(set(values)) < len(values))


def _records_of(lines: list[str]) -> list[list[str]]:
    """``lines`` split on commas as CSV records; none when a quote is left open."""
    try:
        return list(csv.reader(lines))
    except csv.Error:
        return []


def _finds_comment_column(cells: list[str]) -> bool:
    """Whether ``columns.detect_text_column`` finds the comment column among ``cells`` ('Opinión del cliente',
    'Customer comment', 'Comentarios')."""
    try:
        detect_text_column([cell.strip() for cell in cells])
    except DataError:
        return False
    return True


def names_comment_column(line: str) -> bool:
    """``line`` is one name, without a separator, that ``schema.TEXT_COLUMN_CANDIDATES`` holds (folded)."""
    return _separator_counts(line)[1] == 0 and fold(line.strip().strip('"')) in TEXT_COLUMN_CANDIDATES


def _separator_counts(line: str) -> tuple[dict[str, int], int]:
    line = re.sub(r'"[^"]*"', "", line)  # a quoted name may hold any character
    counts = {sep: line.count(sep) for sep in _SEPARATORS}
    return counts, max(counts.values())


def sample_lines(path: Path) -> list[str]:
    with _utf8.open_utf8(path) as fh:
        head = fh.read(_SNIFF_BYTES)
    refuse_binary(path, head)
    refuse_utf16(path, head)
    sample = _utf8.decode_line(head).lstrip("\ufeff")
    if _records.lone_cr_ends_lines(sample) is False:
        # A lone carriage return is a cell's content here (as the reader takes it): a space, for the csv module.
        return sample.replace("\r\n", "\n").replace("\r", " ").split("\n")
    return re.split(r"\r\n|\r|\n", sample)


def header_separator(path: Path, header_row: int | None = None) -> str | None:
    """The separator of the header line, or None when it has none (a one-column file)."""
    lines = sample_lines(path)
    if hint := _excel_separator(lines):
        return hint
    at = header_line(path, lines, header_row)
    counts, best = _separator_counts(lines[at])
    winners = [sep for sep, n in counts.items() if n == best]
    if best == 0 or (_prose_comma_header(lines[at], counts) and not _rows_fit(path, lines[at:], ",")):
        return None
    sep = winners[0] if len(winners) == 1 else _settle_tie(path, lines[at:], winners)
    return _check_with_rows(path, lines[at:], sep, counts, at + 1)


_SAMPLE_ROWS = 200
_PROSE_COMMA = re.compile(r",(?! [a-záéíóúñü])")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _prose_comma_header(line: str, counts: dict[str, int]) -> bool:
    """``line`` is one name whose commas are prose, as Spanish Excel leaves it unquoted in a one-column CSV
    ("Comentarios, sugerencias y quejas"): ',' its only separator, at most twice, each followed by a space
    and a lower-case word, and a name of several words (not "id, comentario", a spaced export)."""
    if '"' in line or {sep for sep, n in counts.items() if n} != {","} or counts[","] > 2:
        return False
    return not _PROSE_COMMA.search(line.strip()) and any(" " in part.strip() for part in line.split(","))


def _rows_fit(path: Path, lines: list[str], sep: str) -> bool:
    """The sample's rows below the header (``lines[0]``) confirm it is a table's (``_rows_confirm_table``)."""
    return _rows_confirm_table(_sample_records(path, lines, sep), lines[1:_SAMPLE_ROWS + 1])


def _rows_confirm_table(records: list[list[str]], lines: list[str]) -> bool:
    """Whether the rows below a comma header (``records[0]``; ``lines``: the rows' lines) are a table's: most of
    them split into exactly as many cells as the header, and some row holds a comma that is no prose ("fecha,
    nota del cliente, comentario" above "2024-01-01, 9, bien"), not a one-column file's ("Muy bien, gracias").
    A header of three or more cells needs only that majority: a one-column file's answers seldom hold exactly its
    two or more commas, so a row left short ("2024-01-11, 7", its comment left out) is a ragged table's. A
    header of two cells, one comma, as a phrase has ("Comentarios, sugerencias y quejas"), needs every row to
    split into two or more: answers with one comma are common enough to be most rows, and one without
    ("Todo bien" beside "Tardaron, 3 semanas en llegar") says the rows are answers, each of which a table would
    cut at its comma (review A 1). A short row that is a lone number ("3" under "nota del cliente, comentario") is
    a score whose comment was left out, not an answer, where every full row opens with a number too ("9, Muy bien");
    under answers ("Tardaron, 3 semanas en llegar") a lone "10" is one more answer."""
    if len(records) < 2 or _fit_share(records) < 0.5:
        return False
    full = [row for row in records[1:] if len(row) >= len(records[0])]
    scores = bool(full) and all(_NUMBER.fullmatch(row[0].strip()) for row in full)
    if len(records[0]) <= 2 and any(len(row) < len(records[0]) and not (scores and _NUMBER.fullmatch(row[0].strip()))
                                    for row in records[1:]):
        return False
    return any(_PROSE_COMMA.search(line.strip()) for line in lines)


def _sample_records(path: Path, lines: list[str], sep: str) -> list[list[str]]:
    """The non-blank records of ``lines`` (the header line, then the sample's next lines) split on ``sep``."""
    if len(lines) > 1 and os.path.getsize(path) > _SNIFF_BYTES:
        lines = lines[:-1]  # the sample may end inside its last line; a whole file's last line counts
    try:
        return [record for record in csv.reader(lines[:_SAMPLE_ROWS + 1], delimiter=sep) if record]
    except csv.Error:
        return []


def _fit_share(records: list[list[str]]) -> float:
    """The share of the rows below the header (``records[0]``) as wide as it, trailing empty cells (trailing
    separators) aside; 0 without rows."""
    if len(records) < 2:
        return 0.0
    width = len(records[0])
    fitting = sum(len(row) == width or (len(row) > width and not any(row[width:])) for row in records[1:])
    return fitting / (len(records) - 1)


def _check_with_rows(path: Path, lines: list[str], sep: str, counts: dict[str, int], line: int) -> str | None:
    """The header's separator ``sep``, checked against the data rows below it: when most rows are not as wide
    as the header, another separator of the header that fits them wins (a Google Forms header whose question
    texts hold ';': "(0 = nada probable; 10 = muy probable)"); else, for a header whose only separator is
    one or two commas and rows without quotes, the file is one column whose header holds a comma; else, when every
    row is one cell under a wider header, an error: padding every row would misplace every value."""
    records = _sample_records(path, lines, sep)
    if len(records) < 2 or _fit_share(records) >= 0.5:
        return sep
    rows = records[1:]
    for other in sorted((s for s, n in counts.items() if n and s != sep), key=lambda s: -counts[s]):
        if _fit_share(_sample_records(path, lines, other)) >= 0.8:
            return other
    if {s for s, n in counts.items() if n} == {","} and counts[","] <= 2 and not any('"' in x for x in lines[1:]) \
            and not any(len(row) > len(records[0]) for row in rows):
        # (a quote left open swallows the rows: that file fails on its line, as before; rows wider than the
        # header are a table's with unquoted commas: the ragged-row error names the line)
        return None
    if len(rows) >= 2 and all(len(row) == 1 for row in rows):  # (rows a cell or more short at their end, as
        # exports that leave out trailing empty cells write them, are padded: no value moves)
        raise DataError(f"{path}, line {line}: the header has {len(records[0])} columns separated by {sep!r}, "
                        f"but none of the {len(rows)} rows below it has as many. Check the separator and the "
                        f"header line (--header-row) and export the file again.")
    return sep


def _settle_tie(path: Path, lines: list[str], winners: list[str]) -> str:
    """Of the separators the header (``lines[0]``) has as many of, a ``.tsv`` file's tab; else the one that
    splits most of the sample's records into as many fields as the header; else one no space follows in the
    header ("Canal;Comentarios, sugerencias": the comma is prose)."""
    if len(lines) > 1 and os.path.getsize(path) > _SNIFF_BYTES:
        lines = lines[:-1]  # the sample may end inside its last line; a whole file's last line counts
    filled = [line for line in lines if line.strip()]
    header = re.sub(r'"[^"]*"', "", lines[0])

    def same_width(sep: str) -> float:
        try:
            widths = [len(record) for record in csv.reader(filled, delimiter=sep)]
        except csv.Error:
            return 0.0
        return sum(width == widths[0] for width in widths) / len(widths)

    return max(winners, key=lambda sep: (sep == "\t" and path.suffix.lower() == ".tsv", same_width(sep),
                                         f"{sep} " not in header))


def qualtrics_rows(path: Path, lines: list[str], sep: str | None) -> int:
    """2 when the two records under the header (``lines[0]``) are a Qualtrics export's question texts and its
    row of ``{"ImportId":"QID1"}`` cells (every filled cell a JSON object naming an ImportId), 1 when the record
    right under it is that row (the header is the question texts, ``--header-row 2``), else 0."""
    if sep is None:
        return 0
    records = _sample_records(path, lines[:60], sep)
    return next((i for i in (2, 1) if len(records) > i and is_import_id_row(records[i])), 0)


def is_import_id_row(cells) -> bool:
    """Whether every filled cell of a row is a JSON object naming an ImportId, as the third header row of a
    Qualtrics export is (``{"ImportId":"QID1"}``), in a CSV or a workbook."""
    filled = [cell for cell in cells if cell is not None and not (isinstance(cell, str) and not cell.strip())]
    return bool(filled) and all(isinstance(cell, str) and cell.strip().startswith("{") and cell.strip().endswith("}")
                                and '"ImportId"' in cell for cell in filled)
