"""CSV records from a byte stream: strict enough to notice a damaged file, bounded in memory.

pandas' C parser is fast but forgiving in ways that lose rows without a word: an unbalanced quote
swallows the lines after it into one cell, and a row with one value too many silently turns the
first column into the index. This reader gives the same cells as pandas on well-formed files
(``tests/test_reliability_io.py`` compares them) and fails with the line number otherwise:

- a quote that is never closed, or one that closes on a later line in the middle of a value
  (``5,"El pedido llegó roto,5`` pairing with the next quote lines below), raises ``CsvSyntaxError``;
- so does one that closes lines below at the end of a value (``Compré una TV de 55"``) when the lines it
  would take into its cell are rows of the table (``swallowed_rows``): a comment's paragraphs are not;
- no cell keeps more than ``cap`` characters, and long lines are read in pieces of about
  ``PIECE_BYTES``, so one 200 MB cell costs a few megabytes, not gigabytes;
- a carriage return not followed by a line feed is content in a file whose first line ends in a line
  feed (``pandas.DataFrame.to_csv`` leaves one in a cell unquoted), and ends the line only in a file whose
  first line ends in it (old Mac line endings): ``lone_cr_ends_lines``.

Lines without a quote, nearly all of them, are split with ``str.split``, and lines whose quotes
close on the same line go through the csv module; the state machine below only runs on the others.
The file is read and decoded in blocks of whole lines (about ``BLOCK_BYTES``): a block that is
valid UTF-8 is decoded at once, which gives what decoding each of its lines gives.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence

from ._swallowed_rows import swallowed_rows
from ._utf8 import UTF8_BOM, decode_line

PIECE_BYTES = 1 << 20
#: Whole lines are read in blocks of about this size; 0 reads line by line (the plain path, which
#: the block path must equal: tests/test_speed_equivalence.py).
BLOCK_BYTES = 1 << 16


class CsvSyntaxError(ValueError):
    """Malformed CSV at a given (1-based) physical line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def text_pieces(binary) -> Iterator[str]:
    """The text of a binary file in pieces: blocks of whole lines, and a line too long for a block
    in pieces of at most ``PIECE_BYTES``. Each line is decoded on its own, as ``decode_line`` does,
    so that a file with some UTF-8 and some cp1252 lines (exports pasted together) reads right.
    Only the last piece may end in a carriage return: a line feed after it is in the same piece."""
    if binary.read(3) != UTF8_BOM:
        binary.seek(0)
    source = _Buffer(binary)
    carry = b""
    while True:
        if not carry and BLOCK_BYTES:
            block = source.whole_lines(min(BLOCK_BYTES, PIECE_BYTES))
            if block:
                try:
                    yield block.decode("utf-8")  # valid UTF-8 as a whole: each line is valid on its own
                except UnicodeDecodeError:
                    yield from map(decode_line, _lines_of(block))
                continue
        raw = source.readline(PIECE_BYTES)
        if not raw:
            if carry:
                yield decode_line(carry)
            return
        raw, carry = carry + raw, b""
        if raw.endswith(b"\r"):
            raw, carry = raw[:-1], b"\r"  # (a line feed may follow it: the reader must see both at once)
        elif not raw.endswith(b"\n"):
            # A piece of a long line: keep a multi-byte character cut in two for the next piece.
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as err:
                if err.reason == "unexpected end of data":
                    raw, carry = raw[:err.start], raw[err.start:]
        if raw:
            yield decode_line(raw)


def _lines_of(data):
    """The lines of ``data`` (bytes or str that ends a line) with their line feeds; only '\\n' ends a line."""
    end = data[-1:]
    return [line + end for line in data.split(end)[:-1]]


class _Buffer:
    """A binary file read in large blocks, handing out whole lines or ``readline(limit)``'s pieces."""

    def __init__(self, binary):
        self.binary = binary
        self.data = b""
        self.pos = 0

    def _fill(self, size: int) -> None:
        """Make at least ``size`` bytes available from ``pos`` unless the file ends first."""
        if len(self.data) - self.pos >= size:
            return
        parts = [self.data[self.pos:]]
        have = len(parts[0])
        while have < size:
            chunk = self.binary.read(max(size - have, BLOCK_BYTES))
            if not chunk:
                break
            parts.append(chunk)
            have += len(chunk)
        self.data, self.pos = b"".join(parts), 0

    def whole_lines(self, size: int) -> bytes:
        """The whole lines within the next ``size`` bytes; empty when none ends there."""
        self._fill(size)
        end = self.data.rfind(b"\n", self.pos, self.pos + size)
        if end < 0:
            return b""
        block, self.pos = self.data[self.pos:end + 1], end + 1
        return block

    def readline(self, limit: int) -> bytes:
        """What ``binary.readline(limit)`` would return."""
        self._fill(limit)
        end = self.data.find(b"\n", self.pos, self.pos + limit)
        end = min(self.pos + limit, len(self.data)) if end < 0 else end + 1
        piece, self.pos = self.data[self.pos:end], end
        return piece


_FIELD_START, _UNQUOTED, _QUOTED, _QUOTE_SEEN = range(4)
_LINE_END = re.compile(r"\r(?!\n)|\n")


def lone_cr_ends_lines(text: str) -> bool | None:
    """Whether a carriage return without a line feed after it ends a line in the file that ``text`` starts:
    only when the first line ends so (old Mac line endings). Else it is content, as pandas' ``to_csv`` leaves
    it, unquoted, in a cell of a file of line feeds. None when ``text`` ends no line (nothing known yet)."""
    found = _LINE_END.search(text)
    return None if found is None else found.group() == "\r"


class _Incomplete(Exception):
    """The line fed to the csv module does not finish its record."""


class _OneLine:
    """An iterator that gives the csv module the one line put in ``line``, then stops it."""

    line: str | None = None

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.line is None:
            raise _Incomplete
        line, self.line = self.line, None
        return line


def _block_rows(text: str, line: int, sep: str | None, cap: int) -> tuple[range | list[int], list[list[str]], bool] | None:
    """The records of ``text`` (whole lines, the reader between records) read by the csv module in one
    pass, when that gives what ``record_batches`` gives line by line: each line a record of its own
    (no quoted line feed, nothing the strict csv module refuses), no lone carriage return, no line
    over ``cap``. Blank lines are dropped as there. None when the text needs the line-by-line reader.
    """
    if sep is None or len(text) > cap or text.count("\r") != text.count("\r\n"):
        return None
    lines = _lines_of(text)
    try:
        rows = list(csv.reader(lines, delimiter=sep, strict=True))
    except csv.Error:
        return None
    if len(rows) != len(lines):  # a record went on over a line feed
        return None
    if rows and min(map(len, rows)) < 2:  # lines without a separator: blank ones (no quote either) are skipped
        kept = [i for i, (row, raw) in enumerate(zip(rows, lines))
                if len(row) > 1 or '"' in raw or (row and row[0].strip(" \t"))]
        return [line + i for i in kept], [rows[i] for i in kept], False
    return range(line, line + len(rows)), rows, False


def _whole_lines(text: str, line: int, sep: str | None, cap: int,
                 cr_ends: bool | None) -> tuple[list[int], list[list[str]], int]:
    """Records of the lines at the start of ``text`` (whole lines, the reader between records) that
    need no state machine: those without a quote, split as in ``record_batches``, and those whose
    quotes close on the line, read by one csv reader for all of them. Stops at the first other line,
    or the first the csv module reads differently than alone (it joined two lines or failed; it
    fails on a lone carriage return outside quotes), and, where one ends a line (``cr_ends``), at the
    first line without quotes that holds one.
    Returns the records' lines and cells (numbers of cells not checked) and the number of
    characters read.
    """
    lines = text.split("\n")
    lines.pop()  # text ends a line
    with_quotes = [body + "\n" for body in lines if '"' in body] if sep else []
    reader = csv.reader(iter(with_quotes), delimiter=sep, strict=True) if with_quotes else None
    done = 0
    numbers: list[int] = []
    rows: list[list[str]] = []
    for raw in lines:
        if len(raw) >= cap:  # as in ``records``: the line with its line feed within ``cap``
            break
        if '"' in raw:
            if reader is None:
                break
            before = reader.line_num
            try:
                row = next(reader)
            except (csv.Error, StopIteration):
                break
            if reader.line_num != before + 1:
                break
            numbers.append(line)
            rows.append(row)
        else:
            body = raw[:-1] if raw.endswith("\r") else raw
            if cr_ends and "\r" in body:
                break
            if body.strip(" \t") or (sep and sep in body):
                numbers.append(line)
                rows.append(body.split(sep) if sep else [body])
        done += len(raw) + 1
        line += 1
    return numbers, rows, done


def _merged(opened: int, line: int, rows: int, width: int) -> CsvSyntaxError:
    return CsvSyntaxError(opened, f"the quote opened on line {opened} closes on line {line}, and {rows} of the lines "
                          f"between are rows of {width} values: they would be merged into one cell. The quote on "
                          f"line {opened} (or the one on line {line}) is unbalanced; remove it or close it (a quote "
                          f'inside a quoted value is written twice: "").')


def records(pieces: Iterable[str], sep: str | None, cap: int,
            max_cells: list[int]) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` for each record of the CSV text in ``pieces``, skipping blank lines.

    ``sep`` None reads one column (no separator at all). ``line`` is the physical line the record
    starts on. Cells keep at most ``cap`` characters; a record of more than ``max_cells[0]`` cells
    raises ``CsvSyntaxError`` (a list, so the caller can tighten it once it has read the header).
    """
    for lines, rows, checked in record_batches(pieces, sep, cap, max_cells):
        for line, cells in zip(lines, rows):
            if not checked and len(cells) > max_cells[0]:
                raise too_many(line, max_cells[0])
            yield line, cells


def record_batches(pieces: Iterable[str], sep: str | None, cap: int, max_cells: list[int],
                   width: list[int] | None = None,
                   last_line: list[int] | None = None) -> Iterator[tuple[Sequence[int], list[list[str]], bool]]:
    """The records of ``records`` in batches, many at a time where lines need no state machine:
    ``(lines, rows, checked)``, where ``checked`` tells whether the rows' numbers of cells were
    checked against ``max_cells[0]``. The caller checks those of an unchecked batch (``too_many``)
    as it comes to each row, so that errors come in the order of the lines however batches are cut.
    ``width[0]``, once the caller has read the header, is its number of columns: a quoted value that
    would swallow rows of that width raises ``CsvSyntaxError`` (``swallowed_rows``). ``last_line[0]`` is set to
    the physical line a record read by the state machine ends on, while its batch (of that record alone) is out:
    the caller cannot count it from a cell cut at ``cap``, whose line feeds were cut with it."""
    width = width if width is not None else [0]
    last_line = last_line if last_line is not None else [0]
    cr_ends = None           # a lone carriage return ends a line (``lone_cr_ends_lines``; None: not known yet)
    stop = re.compile("[" + (re.escape(sep) if sep else "") + "\r\n]")
    line = 1                 # physical line being read
    start = 1                # line the current record started on
    cells: list[str] = []    # finished cells of the current record
    parts: list[str] = []    # the cell being read...
    size = 0                 # ...and its full length (only ``cap`` characters are kept)
    quoted = False           # the record has a quoted cell (so it is not blank)
    opened = 0               # line of the quote that opened the current quoted cell
    state = _FIELD_START
    # A line with quotes that holds a whole record goes to the csv module (C); strict, so that
    # anything unusual (text after a closing quote, a stray CR) comes to the state machine below.
    feed = _OneLine()
    reader = csv.reader(feed, delimiter=sep, strict=True) if sep else None

    for block in pieces:
        if cr_ends is None and (cr_ends := lone_cr_ends_lines(block)) is not None:
            stop = re.compile("[" + (re.escape(sep) if sep else "") + ("\r\n]" if cr_ends else "\n]"))
        if BLOCK_BYTES and state == _FIELD_START and not cells and not parts and block.endswith("\n"):
            batch = _block_rows(block, line, sep, cap)
            if batch is not None:
                if batch[1]:
                    yield batch
                line = start = line + block.count("\n")
                continue
            numbers, rows, done = _whole_lines(block, line, sep, cap, cr_ends)
            if rows:
                yield numbers, rows, False
            line = start = line + block.count("\n", 0, done)
            block = block[done:]
        for piece in _lines_of(block) if block.count("\n") > 1 else [block] if block else []:
            if state == _FIELD_START and not cells and not parts and piece.endswith("\n") and len(piece) <= cap:
                if '"' not in piece:
                    body = piece[:-2] if piece.endswith("\r\n") else piece[:-1]
                    if not cr_ends or "\r" not in body:
                        if body.strip(" \t") or (sep and sep in body):
                            cells = body.split(sep) if sep else [body]
                            if len(cells) > max_cells[0]:
                                raise too_many(line, max_cells[0], width[0], sep)
                            yield (line,), [cells], True
                            cells = []
                        line += 1
                        start = line
                        continue
                elif reader is not None:
                    feed.line = piece
                    try:
                        row = next(reader)
                    except (csv.Error, _Incomplete):
                        feed.line = None
                    else:
                        if len(row) > max_cells[0]:
                            raise too_many(line, max_cells[0], width[0], sep)
                        yield (line,), [row], True
                        line += 1
                        start = line
                        continue
            pos, end = 0, len(piece)
            while pos < end:
                if state == _FIELD_START:
                    if piece[pos] == '"':
                        state, opened, quoted = _QUOTED, line, True
                        pos += 1
                        continue
                    state = _UNQUOTED
                if state == _UNQUOTED:
                    match = stop.search(piece, pos)
                    cut = match.start() if match else end
                    # Where a lone CR is content, the CR of a CRLF (or one that ends the file) is not.
                    last = cut - 1 if (not cr_ends and cut > pos and piece[cut - 1] == "\r"
                                       and (match is None or piece[cut] == "\n")) else cut
                    if size < cap:
                        parts.append(piece[pos:last][: cap - size])
                    size += last - pos
                    if match is None:
                        pos = end
                        break
                    char, pos = piece[cut], cut + 1
                    cells.append("".join(parts))
                    if len(cells) > max_cells[0]:
                        raise too_many(start, max_cells[0], width[0], sep)
                    parts, size, state = [], 0, _FIELD_START
                    if char == sep:
                        continue
                    if char == "\r" and pos < end and piece[pos] == "\n":
                        pos += 1
                    if len(cells) > 1 or quoted or cells[0].strip(" \t"):
                        last_line[0] = line
                        yield (start,), [cells], True
                    cells, quoted = [], False
                    line += 1
                    start = line
                elif state == _QUOTED:
                    quote = piece.find('"', pos)
                    cut = end if quote < 0 else quote
                    if size < cap:
                        parts.append(piece[pos:cut][: cap - size])
                    size += cut - pos
                    line += piece.count("\n", pos, cut)
                    pos, state = (end, _QUOTED) if quote < 0 else (quote + 1, _QUOTE_SEEN)
                else:  # _QUOTE_SEEN: a quote inside a quoted cell, either doubled or closing the cell
                    char = piece[pos]
                    if char == '"':
                        if size < cap:
                            parts.append('"')
                        size += 1
                        pos, state = pos + 1, _QUOTED
                    # (where a lone CR is content, a CR ends the cell only before a line feed or at the end)
                    elif char == sep or char == "\n" or char == "\r" and (cr_ends or piece[pos + 1:pos + 2] in "\n"):
                        if opened != line and (rows := swallowed_rows("".join(parts), sep, width[0], cells)):
                            raise _merged(opened, line, rows, width[0])
                        state = _UNQUOTED  # ends the cell (and maybe the record) on the next turn
                    elif opened != line:
                        raise CsvSyntaxError(opened, f"the quote opened on line {opened} closes on line {line} in "
                                             f"the middle of a value, which would merge lines {opened}-{line} into "
                                             f"one cell: the quote on line {opened} is unbalanced. Remove it or close "
                                             f'it (a quote inside a quoted value is written twice: "").')
                    else:
                        state = _UNQUOTED  # `"Excelente" servicio`: kept as pandas does, `Excelente servicio`
    if state == _QUOTED:
        raise CsvSyntaxError(opened, f"a quote opened on line {opened} is never closed; the rest of the file "
                             f"would be one cell. Remove the stray quote or close it.")
    if state == _QUOTE_SEEN and opened != line and (rows := swallowed_rows("".join(parts), sep, width[0], cells)):
        raise _merged(opened, line, rows, width[0])
    if cells or parts or state != _FIELD_START:
        cells.append("".join(parts))
        if len(cells) > 1 or quoted or cells[0].strip(" \t"):
            last_line[0] = line
            yield (start,), [cells], True  # (not checked, as ever: the last record of a file without a line end)


def too_many(line: int, limit: int, width: int = 0, sep: str | None = None) -> CsvSyntaxError:
    """The error for a record of more than ``limit`` cells; ``width``, once the header is read, is its number of
    columns, named as a row of a few values too many names it, with the separator (``delimited._ragged_message``):
    the limit, twice that and some, means nothing to the user ("more than 20 values" for a two-column file)."""
    if width:
        return CsvSyntaxError(line, f"more than {limit} values but the header has {width} columns (separator "
                              f"{sep!r}). Put the value that contains {sep!r} in double quotes, or remove a stray "
                              f"quote on an earlier line, and run again.")
    return CsvSyntaxError(line, f"more than {limit} values on one row; check the separator, or look for a "
                          f"stray quote on an earlier line.")
