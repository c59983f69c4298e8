"""CSV records from a byte stream: strict enough to notice a damaged file, bounded in memory.

pandas' C parser is fast but forgiving in ways that lose rows without a word: an unbalanced quote
swallows the lines after it into one cell, and a row with one value too many silently turns the
first column into the index. This reader gives the same cells as pandas on well-formed files
(``tests/test_reliability_io.py`` compares them) and fails with the line number otherwise:

- a quote that is never closed, or one that closes on a later line in the middle of a value
  (``5,"El pedido llegó roto,5`` pairing with the next quote lines below), raises ``CsvSyntaxError``;
- no cell keeps more than ``cap`` characters, and long lines are read in pieces of about
  ``PIECE_BYTES``, so one 200 MB cell costs a few megabytes, not gigabytes.

Lines without a quote, nearly all of them, are split with ``str.split``; the state machine below
only runs on the others.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

PIECE_BYTES = 1 << 20
_BOM = b"\xef\xbb\xbf"


class CsvSyntaxError(ValueError):
    """Malformed CSV at a given (1-based) physical line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def decode_line(raw: bytes) -> str:
    """UTF-8 if the bytes are UTF-8, else Windows-1252 (Spanish Excel), else Latin-1: never fails."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def text_pieces(binary) -> Iterator[str]:
    """The text of a binary file, one line at a time (a long line in pieces), each line decoded on its
    own so that a file with some UTF-8 and some cp1252 lines (exports pasted together) reads right."""
    if binary.read(3) != _BOM:
        binary.seek(0)
    carry = b""
    while True:
        raw = binary.readline(PIECE_BYTES)
        if not raw:
            if carry:
                yield decode_line(carry)
            return
        raw, carry = carry + raw, b""
        if not raw.endswith(b"\n"):
            # A piece of a long line: keep a multi-byte character cut in two for the next piece.
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as err:
                if err.reason == "unexpected end of data":
                    raw, carry = raw[:err.start], raw[err.start:]
        if raw:
            yield decode_line(raw)


_FIELD_START, _UNQUOTED, _QUOTED, _QUOTE_SEEN = range(4)


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


def records(pieces: Iterable[str], sep: str | None, cap: int,
            max_cells: list[int]) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` for each record of the CSV text in ``pieces``, skipping blank lines.

    ``sep`` None reads one column (no separator at all). ``line`` is the physical line the record
    starts on. Cells keep at most ``cap`` characters; a record of more than ``max_cells[0]`` cells
    raises ``CsvSyntaxError`` (a list, so the caller can tighten it once it has read the header).
    """
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

    for piece in pieces:
        if state == _FIELD_START and not cells and not parts and piece.endswith("\n") and len(piece) <= cap:
            if '"' not in piece:
                body = piece[:-2] if piece.endswith("\r\n") else piece[:-1]
                if "\r" not in body:
                    if body.strip(" \t") or (sep and sep in body):
                        cells = body.split(sep) if sep else [body]
                        if len(cells) > max_cells[0]:
                            raise _too_many(line, max_cells[0])
                        yield line, cells
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
                        raise _too_many(line, max_cells[0])
                    yield line, row
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
                if size < cap:
                    parts.append(piece[pos:cut][: cap - size])
                size += cut - pos
                if match is None:
                    pos = end
                    break
                char, pos = piece[cut], cut + 1
                cells.append("".join(parts))
                if len(cells) > max_cells[0]:
                    raise _too_many(start, max_cells[0])
                parts, size, state = [], 0, _FIELD_START
                if char == sep:
                    continue
                if char == "\r" and pos < end and piece[pos] == "\n":
                    pos += 1
                if len(cells) > 1 or quoted or cells[0].strip(" \t"):
                    yield start, cells
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
                elif char == sep or char in "\r\n":
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
    if cells or parts or state != _FIELD_START:
        cells.append("".join(parts))
        if len(cells) > 1 or quoted or cells[0].strip(" \t"):
            yield start, cells


def _too_many(line: int, limit: int) -> CsvSyntaxError:
    return CsvSyntaxError(line, f"more than {limit} values on one row; check the separator, or look for a "
                          f"stray quote on an earlier line.")
