"""Display names of labels as the user gives them: a mapping (``{label: name}``, or one mapping per language), a
``.json``/``.csv`` file of them (``read_label_names``), or several of those merged (``names_for``), each checked
with a one-line ``DataError`` naming the file and line. Kept apart from ``page``, which shows labels by these
names: reading and checking the files is a job of its own, and the commands call it before any report is built.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from ..exceptions import DataError
from .strings import STRINGS

#: The files read: JSON, and the text tables ``_label_rows`` splits (a .tsv or .txt is one, as a .csv is).
_SUFFIXES = (".json", ".csv", ".tsv", ".txt")
_HEADERS = {("label", "name"), ("etiqueta", "nombre"), ("label", "display_name"), ("id", "name")}
#: The most bytes a label names file may hold, as a model's meta.json (where ``display_names`` are kept): a file of
#: a name for each of 10,000 labels holds under 0.5 MB, and a sparse 2 GB one was read whole into memory.
MAX_LABEL_NAMES_BYTES = 1024**2


def read_label_names(path: str | Path) -> dict:
    """Display names of labels from a file: JSON ``{"label": "Name"}`` (or ``{"es": {...}, "en": {...}}``
    per language), or CSV with two columns, label and name (a header ``label,name`` or
    ``etiqueta,nombre`` is skipped; ``;``, tab or ``,`` separated, see ``_label_rows``). A row that is not
    exactly a label and a name is a ``DataError`` naming its line: names are never cut."""
    path = Path(path)
    if path.suffix.lower() not in _SUFFIXES:
        raise DataError(f"{path}: label names must be a .json, .csv, .tsv or .txt file.")
    raw = _read_names_file(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        if path.suffix.lower() == ".json":
            raise DataError(f"{path}: not UTF-8 text; save the JSON file as UTF-8.") from None
        text = raw.decode("cp1252", errors="replace")  # a CSV saved by Excel on Windows
    if path.suffix.lower() == ".json":
        try:
            names = json.loads(text, object_pairs_hook=lambda pairs: _unique_keys(pairs, path))
        except DataError:
            raise
        except RecursionError:
            raise DataError(f"{path}: JSON nested too deeply to read; expected {{\"label\": \"Display name\"}}."
                            ) from None
        except ValueError as err:
            raise DataError(f"{path}: not valid JSON ({err}); expected {{\"label\": \"Display name\"}}.") from None
        return check_label_names(names, str(path))
    rows = _label_rows(text, path)
    if rows and tuple(cell.strip().lower() for cell in rows[0][1]) in _HEADERS:
        rows = rows[1:]
    bad = [line for line, r in rows if not r[0].strip() or not r[1].strip()]
    if bad:
        raise DataError(f"{path}: lines {bad[:5]} need a label and a name (two columns: label,name).")
    # Checked on the rows, not on a dict of them: a label on two lines was read as the last line's name, silently.
    first: dict[str, int] = {}
    for line, r in rows:
        label = r[0].strip().lower()
        if first.setdefault(label, line) != line:
            raise DataError(f"{path}: lines {first[label]} and {line} both name the label '{label}'; keep one.")
    return check_label_names({r[0].strip(): r[1].strip() for _, r in rows}, str(path))


def _read_names_file(path: Path) -> bytes:
    """The bytes of the label names file ``path``, from the one file opened: checked (``fstat``) to be a regular
    file within ``MAX_LABEL_NAMES_BYTES``, then read from that descriptor, at most one byte past the limit. The path
    was checked, then opened again to be read, and a file put there in between was read unchecked."""
    try:
        # a pipe opens at once, then is refused; binary, not Windows' text mode, which ends a read at a byte 0x1A
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as err:
        raise DataError(f"{path}: cannot read the label names ({err.strerror or err}); check the path and its "
                        f"permissions (relative paths start in {Path.cwd()}).") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise DataError(f"{path}: a folder, not a file; give the path of the label names file.")
        # A pipe with no writer was waited on forever, /dev/zero read to no end.
        raise DataError(f"{path}: not a regular file (a pipe or a device); save the label names to a file and give "
                        f"that.")
    with open(fd, "rb") as fh:
        try:
            raw = fh.read(MAX_LABEL_NAMES_BYTES + 1)
        except OSError as err:
            raise DataError(f"{path}: cannot read the label names ({err.strerror or err}); check the path and its "
                            f"permissions (relative paths start in {Path.cwd()}).") from None
    if len(raw) > MAX_LABEL_NAMES_BYTES:
        raise DataError(f"{path}: over {MAX_LABEL_NAMES_BYTES:,} bytes, far more than a label names file holds (a "
                        f"label and a name per line); check that it is the right file.")
    return raw


def _unique_keys(pairs: list[tuple[str, object]], path: Path) -> dict:
    """A JSON object of a label names file as a dict, a key given twice being a ``DataError``: ``json.loads`` keeps
    the last of two equal keys, so the first name was dropped without a word."""
    seen = set()
    for key, _ in pairs:
        if key in seen:
            raise DataError(f"{path}: the key {key!r} is given twice; keep one.")
        seen.add(key)
    return dict(pairs)


#: The separators of a label names CSV, in order of preference: a name holds commas ("Envío, instalación y
#: montaje", "Entregas (1,5 días)") far more often than a semicolon or a tab.
_LABEL_SEPARATORS = (";", "\t", ",")


def _label_rows(text: str, path: Path) -> list[tuple[int, list[str]]]:
    """(line, [label, name]) of each non-blank row of a label names CSV, split at its separator: the one a header
    (``label,name``, ``etiqueta;nombre``) names, else the first of ``_LABEL_SEPARATORS`` that makes every row a
    label and a name (a label holds no separator or quote). A row of another width is a ``DataError`` naming its
    line: csv.Sniffer chose the comma of 'delivery;Entregas (1,5 días)', and the name 'Envío, instalación y
    montaje' lost everything after its comma."""
    def split(sep: str) -> list[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(text), delimiter=sep)
        try:
            return [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
        except csv.Error as err:  # a field over csv's limit (131,072 characters): no label or name is that long
            raise DataError(f"{path}: line {reader.line_num}: {err}; a label names CSV holds a label and a name "
                            f"on each line.") from None

    parsed = {sep: split(sep) for sep in _LABEL_SEPARATORS}
    header = [sep for sep, rows in parsed.items()
              if rows and len(rows[0][1]) == 2 and tuple(c.strip().lower() for c in rows[0][1]) in _HEADERS]
    fits = [sep for sep, rows in parsed.items()
            if all(len(r) == 2 and not any(c in r[0] for c in ',;\t"') for _, r in rows)]
    # Else the one that splits most rows (a name cut in three by its commas is named, not read as one cell).
    sep = (header or fits or [max(_LABEL_SEPARATORS, key=lambda s: sum(len(r) > 1 for _, r in parsed[s]))])[0]
    shown = {"\t": "a tab"}.get(sep, f"'{sep}'")
    for line, row in parsed[sep]:
        if len(row) < 2:
            raise DataError(f"{path}: line {line} ({sep.join(row)[:60]!r}): rows need a label and a name, "
                            f"separated by {shown}.")
        if len(row) > 2:
            raise DataError(f"{path}: line {line} has {len(row)} fields ({sep.join(row)[:60]!r}), not a label and "
                            f"a name separated by {shown}; put a name that holds {shown} in double quotes "
                            f"(delivery{sep}\"Envío{sep} instalación y montaje\").")
    return parsed[sep]


def check_label_names(names, source: str = "label_names") -> dict:
    """``names`` as a plain dict, checked: label -> name, or language -> (label -> name).

    The two shapes are told apart by the whole mapping, never by one key: it is per language when every value is
    a mapping, so a label called ``es`` or ``en`` is a label (``{"es": "Español"}``). There every key must be a
    language of ``STRINGS``, and one that is not is named (``'pt'``, ``'ES'``: the valid ``'es'`` was blamed for
    "the other entries", which were none). A mapping that mixes the two shapes is a ``DataError``, as is a name
    that is not text."""
    if not isinstance(names, Mapping):
        raise DataError(f"{source}: expected a mapping of label to display name, got {type(names).__name__}.")
    if names and all(isinstance(value, Mapping) for value in names.values()):
        if bad := [key for key in names if key not in STRINGS]:
            raise DataError(f"{source}: {', '.join(map(repr, bad))} "
                            f"{'is not a report language' if len(bad) == 1 else 'are not report languages'}; names "
                            f"per language are keyed by {' or '.join(map(repr, STRINGS))} (lower case), each mapping "
                            f"label -> name.")
        return {key: check_label_names(value, f"{source}[{key!r}]") for key, value in names.items()}
    out = {}
    for key, value in names.items():
        if isinstance(value, Mapping):
            raise DataError(f"{source}: {key!r} maps to a mapping, but the other entries are labels; give either "
                            f"label -> name, or one mapping per language ({', '.join(STRINGS)}) and nothing else.")
        if isinstance(key, str) and isinstance(value, str) and value.strip():
            label = key.strip().lower()  # label ids are lower case ('Fidelizacion' names 'fidelizacion')
            if label in out:  # the last one won without a word
                first = next(k for k in names if isinstance(k, str) and k.strip().lower() == label)
                raise DataError(f"{source}: {first!r} and {key!r} both name the label '{label}'; keep one.")
            out[label] = value.strip()
        else:
            raise DataError(f"{source}: {key!r}: {value!r} is not a label and a display name (both text).")
    return out


def _per_language(names: dict) -> bool:
    """Whether checked ``names`` are per language (``check_label_names``: every value a mapping)."""
    return bool(names) and all(isinstance(value, Mapping) for value in names.values())


def names_for(lang: str, *sources) -> dict[str, str]:
    """label -> display name in ``lang`` from ``sources`` (mappings, files or None; later ones win)."""
    merged: dict[str, str] = {}
    for source in sources:
        if source is None:
            continue
        names = read_label_names(source) if isinstance(source, (str, Path)) else check_label_names(source)
        merged.update(names.get(lang, {}) if _per_language(names) else names)
    return merged
