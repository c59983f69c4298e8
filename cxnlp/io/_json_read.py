"""JSON Lines, a JSON array of objects and pandas' ``to_json()`` layout read into chunks of rows with the
columns of the whole file. Kept apart from ``columnar``, which writes JSON Lines and reads and writes
Parquet, because reading JSON is its own task: telling the layouts apart and refusing what is no table."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from ..exceptions import DataError, UnreadDataWarning, warn_outside
from ._utf8 import UTF16_BOMS, UTF32_BOMS
from .common import MAX_COLUMNS, rows_per_chunk


def read_jsonl(path: Path, *, chunk_rows: int, **_) -> Iterator[pd.DataFrame]:
    """Stream a JSON Lines file (one object per line), or read a JSON array of objects (``[{...}, {...}]``,
    as a ``.json`` export usually is), or a ``.json`` in pandas' ``to_json()`` layout (``{column: {row:
    value}}``; the row keys, pandas' index, are left out as every format's index is), or the array of objects
    an object wraps (``{"responses": [...]}``, ``_wrapped_rows``), or objects one after another over many lines
    (as ``jq`` writes them, in a ``.jsonl`` too). Any other object is one row; pandas' ``orient="split"`` and
    ``"table"`` layouts and a ``.json`` holding a lone number, text or the like are a ``DataError``.

    Objects need not list the same keys in the same order: every chunk has the columns of the whole file, in
    the order their keys first appear, a key an object lacks being missing there, so that no chunk's columns
    can differ from the header's. A JSON Lines file is read twice for this, the first time for its keys.
    Lone surrogates (``"\\ud83d"``: an emoji cut in two by the exporter) are read as U+FFFD, as ``classify``
    reads them; they cannot be written to any file.
    """
    from ._non_text import refuse_compressed

    with open(path, "rb") as fh:
        refuse_compressed(path, fh.read(16))  # (else "not UTF-8 text ... save it again as UTF-8")
    if _starts_with(path, "["):
        yield from _read_json_array(path, chunk_rows)
        return
    if path.suffix.lower() == ".json" and _one_json_value(path):
        yield from _read_json_columns(path, chunk_rows)
        return
    if _one_json_value(path, lone=False):
        yield from _read_indented_objects(path, chunk_rows)
        return
    columns = _columns(path, (key for record in _json_lines(path) for key in record))
    chunk_rows = rows_per_chunk(chunk_rows, len(columns))  # (objects with many keys among them: a wide table)
    records, first = [], 0
    for record in _json_lines(path, say_twice=True):
        records.append(record)
        if len(records) == chunk_rows:
            yield _records_frame(records, first, columns)
            records, first = [], first + chunk_rows
    if records or not first:
        yield _records_frame(records, first, columns)


def _columns(path: Path, keys: Iterable[str]) -> list[str]:
    """The distinct ``keys`` of a file's objects, in the order they first appear: its columns. More than a table
    may have (``MAX_COLUMNS``, as a CSV row's values) is a ``DataError``: objects each with a key of their own
    (an id as the key) made every chunk a frame of rows x keys cells, 6 GB for a 1 MB file of 20,000 lines."""
    columns: dict[str, None] = {}
    for key in keys:
        if key not in columns:
            columns[key] = None
            if len(columns) > MAX_COLUMNS:
                raise DataError(f"{path}: its objects hold more than {MAX_COLUMNS:,} different keys, and each key "
                                f"is a column (a table has at most {MAX_COLUMNS:,}); give the objects the same "
                                f"keys, with what varies as values (a list or an object under one key).")
    return list(columns)


def _json_lines(path: Path, say_twice: bool = False) -> Iterator[dict]:
    """The objects of a JSON Lines file, in order; anything else on a line is a ``DataError`` naming it. With
    ``say_twice``, the first key given twice in an object is a warning (``_decoder``)."""
    decoder = _decoder(twice := [])
    with _open_text(path) as fh:
        for number, line in enumerate(_utf8_lines(fh, path), start=1):
            if not line.strip():
                continue
            try:
                record = decoder.decode(line)
            except (ValueError, RecursionError) as err:
                raise DataError(f"{path}, line {number}: not valid JSON Lines (one JSON object per line): "
                                f"{str(err)[:200]}") from None
            if twice and say_twice:
                _said_twice(f"{path}, line {number}", twice)
                say_twice = False
            if not isinstance(record, dict):
                raise DataError(f"{path}, line {number}: a JSON {type(record).__name__}, not an object; JSON Lines "
                                f"holds one object per line ({{\"comentario\": \"...\"}}).")
            yield whole_characters(record) if "\\u" in line else record


def _decoder(twice: list) -> json.JSONDecoder:
    """A JSON decoder that puts in ``twice`` each key given twice in one object (``{"nps": 9, "nps": 3}``, as a
    merge of two exports may write): JSON reads the last value, and the first was lost without a word."""
    def record(pairs: list) -> dict:
        out = dict(pairs)
        if len(out) < len(pairs):
            seen: set = set()
            twice.extend(key for key, _ in pairs if key in seen or seen.add(key))
        return out
    return json.JSONDecoder(object_pairs_hook=record)


def _said_twice(where: str, twice: list) -> None:
    warn_outside(f"{where}: the key {twice[0]!r} is given twice in one object, and only its last value is read; "
                 f"give each value a key of its own.", UnreadDataWarning)


def _utf8_lines(fh, path: Path) -> Iterator[str]:
    """The lines of ``fh``; a line that is not UTF-8 (it is decoded as it is read) is a ``DataError``."""
    try:
        yield from fh
    except UnicodeDecodeError as err:
        raise _not_utf8(path, err) from None


def _not_utf8(path: Path, err: UnicodeDecodeError) -> DataError:
    return DataError(f"{path}: not UTF-8 text ({err}); JSON is UTF-8: export or save it again as UTF-8.")


def whole_characters(value):
    """``value`` (a parsed JSON value) with every lone surrogate in its texts and keys made U+FFFD, its lists and
    objects changed in place. They are walked with a stack, not by recursion: ``json.loads`` reads values nested
    nearly 1,000 deep, and a line of lists 900 deep with a ``\\u`` escape stopped the read with a RecursionError."""
    if isinstance(value, str):
        return _whole_text(value)
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            if not all(_whole_text(key) is key for key in item):
                pairs = list(item.items())
                item.clear()
                item.update((_whole_text(key), entry) for key, entry in pairs)
            places = item.items()
        elif isinstance(item, list):
            places = enumerate(item)
        else:
            continue
        for place, entry in list(places):
            if isinstance(entry, str):
                item[place] = _whole_text(entry)
            elif isinstance(entry, (dict, list)):
                pending.append(entry)
    return value


def _whole_text(text):
    return text if not isinstance(text, str) or text.isascii() else _RE_SURROGATE.sub("\ufffd", text)


_RE_SURROGATE = re.compile("[\ud800-\udfff]")


def _records_frame(records: list[dict], first: int, columns: list[str]) -> pd.DataFrame:
    # Each value as JSON gave it (object columns): a number stays 1, not 1.0 because another row lacks the key.
    frame = pd.DataFrame(records, columns=columns, dtype=object)
    frame.index = pd.RangeIndex(first, first + len(frame))
    return frame


def _starts_with(path: Path, prefix: str) -> bool:
    with _open_text(path, "replace") as fh:
        head = fh.read(4096).lstrip("\ufeff \t\r\n")
    return head.startswith(prefix)


def _open_text(path: Path, errors: str = "strict"):
    """``path`` opened as text: UTF-16 or UTF-32 where it starts with their byte-order mark (as Windows PowerShell's
    ``Out-File`` writes JSON, read as CSV reads it, lone surrogates as U+FFFD), else UTF-8 (its BOM left out).
    Such a file was "not UTF-8 text"."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    encoding = "utf-32" if head in UTF32_BOMS else "utf-16" if head[:2] in UTF16_BOMS else "utf-8-sig"
    return open(path, encoding=encoding, errors=errors if encoding == "utf-8-sig" else "replace")


def _load_json(path: Path):
    """The one JSON value ``path`` holds, or the list of the objects it holds one after another (``_objects_in``),
    lone surrogates made U+FFFD; a ``DataError`` if it is not JSON."""
    try:
        with _open_text(path) as fh:
            text = fh.read()
        value = _decoder(twice := []).decode(text)
    except UnicodeDecodeError as err:
        raise _not_utf8(path, err) from None
    except (ValueError, RecursionError) as err:
        if not str(err).startswith("Extra data"):
            raise DataError(f"{path}: not valid JSON ({str(err)[:200]}).") from None
        value = _objects_in(path, text, twice := [])
    if twice:
        _said_twice(str(path), twice)
    return whole_characters(value) if "\\u" in text else value


_RE_BLANK = re.compile(r"[ \t\r\n]*")


def _objects_in(path: Path, text: str, twice: list) -> list[dict]:
    """The objects of ``text``, JSON values one after another, each over one line or many (``jq '.[]'`` writes
    them indented so): the rows. They were "not valid JSON (Extra data...)", as was JSON Lines of arrays in a file
    whose first line is one; a value that is not an object is a ``DataError`` naming its line."""
    decoder, objects, end = _decoder(twice), [], 0
    while (end := _RE_BLANK.match(text, end).end()) < len(text):
        try:
            value, after = decoder.raw_decode(text, end)
        except (ValueError, RecursionError) as err:
            raise DataError(f"{path}: not valid JSON ({str(err)[:200]}).") from None
        if not isinstance(value, dict):
            raise DataError(f"{path}, line {text.count(chr(10), 0, end) + 1}: a JSON {type(value).__name__}, not "
                            f"an object; JSON values one after another (JSON Lines) are one object each "
                            f"({{\"comentario\": \"...\"}}).")
        objects.append(value)
        end = after
    return objects


#: The keys of pandas' to_json(orient="split") (index=False leaves out "index") and (orient="table").
_PANDAS_TABLE_KEYS = {frozenset({"columns", "index", "data"}), frozenset({"columns", "data"}),
                      frozenset({"schema", "data"})}


_BLANK = " \t\n\r\x0b\x0c"  # (what bytes.strip() strips)


def _one_json_value(path: Path, lone: bool = True) -> bool:
    """Whether ``path`` is one JSON value, perhaps over many lines, not JSON Lines: its first line is not
    JSON by itself (a value written with indentation), or (``lone``) no other line follows it."""
    with _open_text(path, "replace") as fh:  # (text not UTF-8 is said so as it is read)
        lines = (line for line in fh if line.strip(_BLANK))
        first = next(lines, None)
        if first is not None and not first.removeprefix("\ufeff").strip(_BLANK):
            first = next(lines, None)  # (a BOM alone on its line: "not valid JSON", where an empty file has no rows)
        if first is None:
            return False  # empty: no rows, as an empty JSON Lines file
        try:
            json.loads(first.removeprefix("\ufeff"))
        except (ValueError, RecursionError):
            return True
        return lone and next(lines, None) is None


def _read_indented_objects(path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """The rows of a JSON Lines file whose objects are each over many lines, as ``jq '.[]' > file.jsonl`` writes
    them: it was "line 1: not valid JSON Lines". A file that is not such objects is the line's ``DataError``, said
    from its first MiB (``_broken_at_start``): a large JSON Lines file with a broken first line was read whole."""
    try:
        value = None if _broken_at_start(path) else _load_json(path)
    except DataError:
        value = None
    if not isinstance(value, (list, dict)):
        for _ in _json_lines(path):  # (raises, naming the line: a line of JSON Lines that is not JSON)
            pass
        raise DataError(f"{path}: not JSON Lines (one JSON object per line).")
    records = value if isinstance(value, list) else [value]
    yield from _records_chunks(records, chunk_rows, _columns(path, (key for record in records for key in record)))


def _broken_at_start(path: Path) -> bool:
    """Whether the first JSON value of ``path`` is broken within its first MiB (not merely cut off by that MiB's end,
    which an unterminated string or a value near the end may be)."""
    with _open_text(path, "replace") as fh:
        head = fh.read(1 << 20).lstrip("\ufeff")
        whole = not fh.read(1)
    try:
        json.JSONDecoder().raw_decode(head, _RE_BLANK.match(head).end())
    except json.JSONDecodeError as err:
        return whole or (err.pos < len(head) - 8 and not err.msg.startswith("Unterminated string"))
    except RecursionError:
        return False
    return False


def _read_json_columns(path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """The rows of a ``.json`` in pandas' default ``to_json()`` layout, ``{column: {row: value}}`` (or its
    ``orient="index"``, ``{row number: {column: value}}``, told by its keys), every value an object, or of the array
    of objects an object wraps (``_wrapped_rows``); any other object is one row, as on a line of JSON Lines
    (``{"comentario": "...", "tags": ["app"]}``)."""
    table = _load_json(path)
    wrapped = _wrapped_rows(path, table)
    if wrapped is not None:
        yield from _records_chunks(wrapped, chunk_rows, _columns(path, (key for record in wrapped for key in record)))
        return
    if not isinstance(table, dict) or frozenset(table) in _PANDAS_TABLE_KEYS:
        # read as one row, pandas' "split" or "table" layout would be the whole table as text in a cell
        what = f"a JSON {type(table).__name__}" if not isinstance(table, dict) else \
            "pandas' to_json(orient=\"split\") or (orient=\"table\") layout"
        raise DataError(f"{path}: {what}; a .json file holds an array of objects ([{{\"comentario\": \"...\"}}, "
                        f"...]), JSON Lines (one object per line) or pandas' to_json() layout "
                        f"({{\"comentario\": {{\"0\": \"...\"}}}}).")
    if not table or not all(isinstance(value, dict) for value in table.values()):
        yield from _records_chunks([table], chunk_rows, _columns(path, table))
        return
    rows = dict.fromkeys(row for column in table.values() for row in column)
    if all(key.isdigit() for key in table) and not all(row.isdigit() for row in rows):
        # to_json(orient="index"), {row: {column: value}}: outer keys are row numbers, inner ones names
        yield from _records_chunks(list(table.values()), chunk_rows, _columns(path, rows))
        return
    records = [{name: column[row] for name, column in table.items() if row in column} for row in rows]
    yield from _records_chunks(records, chunk_rows, _columns(path, table))


def _wrapped_rows(path: Path, value) -> list[dict] | None:
    """The objects of the array that ``value`` wraps, in one object or more (``{"responses": [...]}``, ``{"data":
    {"items": [...]}}``, ``{"tickets": [...], "count": 2, "next_page": null}``, ``{"meta": {...}, "data": {"items":
    [...]}}``, as an API returns its rows), else None: read as one row, it was a table of one cell holding every
    row, and ``classify`` found no comment column in it; an object of objects beside a page's was read as pandas'
    column layout. An object with keys beside the array (or the object that holds it) is read so only when they are
    a page's (a count, links: ``_PAGE_KEY``), said in an ``UnreadDataWarning``; ``{"id": 5, "answers": [{...}]}``
    or ``{"comentario": "...", "lineas": [...]}`` is one row, as is pandas' ``to_json()`` of one row (``{"0":
    {...}}``)."""
    if isinstance(value, dict) and frozenset(value) in _PANDAS_TABLE_KEYS:
        return None  # (pandas' orient="table", {"schema": ..., "data": [...]}: an error)
    unread: list = []
    while isinstance(value, dict):
        if any(str(key).isdigit() for key in value):
            return None  # (pandas' to_json() of one row or column: {"0": {"id": 1, "items": [{...}]}} is that row)
        inner = ([key for key, item in value.items() if _objects(item)]
                 or [key for key, item in value.items() if isinstance(item, dict)
                     and (len(value) == 1 or not _PAGE_KEY.fullmatch(str(key).strip().lower()))])
        if len(inner) != 1:
            return None
        others = [key for key in value if key != inner[0]]
        if not all(_PAGE_KEY.fullmatch(str(key).strip().lower()) for key in others):
            return None  # (a survey's {"id": 5, "answers": [{...}]} is one row; so is an order with its lines)
        unread += others
        key, value = inner[0], value[inner[0]]
    if not _objects(value):
        return None
    if unread:
        warn_outside(f"{path}: the rows are the array under {key!r}; {', '.join(map(repr, unread[:10]))} "
                     f"beside it {'is' if len(unread) == 1 else 'are'} not read.", UnreadDataWarning)
    return value


def _objects(value) -> bool:
    """Whether ``value`` is a list of objects, one at least: rows."""
    return isinstance(value, list) and bool(value) and all(isinstance(r, dict) for r in value)


#: The keys an API's page puts beside its rows (a count, links, a cursor): any other key beside an array of objects
#: makes the object one row ({"id": 5, "answers": [{...}]}: its id would be lost with it, unsaid but for a warning).
_PAGE_KEY = re.compile(r"_?(?:(?:total|item|result|row)?_?(?:count|total|size)|total_?(?:items|results|rows|pages)|"
                       r"pages?|page_?(?:size|count|number|info)|per_?page|limit|offset|start|end|"
                       r"(?:next|prev|previous|first|last|self)(?:_?(?:page|cursor|token|url|link|href))?|"
                       r"cursor|links?|meta(?:data)?|pagination|paging|has_?more|more|status|success|ok|object|url)")


def _read_json_array(path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    records = _load_json(path)
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise DataError(f"{path}: a JSON array whose items are not all objects; give one object per row "
                        f"([{{\"comentario\": \"...\"}}, ...]).")
    columns = _columns(path, (key for record in records for key in record))
    yield from _records_chunks(records, chunk_rows, columns)


def _records_chunks(records: list[dict], chunk_rows: int, columns: list[str]) -> Iterator[pd.DataFrame]:
    chunk_rows = rows_per_chunk(chunk_rows, len(columns))
    for start in range(0, len(records), chunk_rows):
        yield _records_frame(records[start:start + chunk_rows], start, columns)
    if not records:
        yield _records_frame([], 0, columns)
