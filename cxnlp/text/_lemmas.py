"""The Spanish lemma lookup table of spacy-lookups-data, read as a plain dict.

spaCy's ``load_lookups("es", ["lemma_lookup"])`` parses the package's gzipped JSON and hashes its
half a million keys into a ``Table`` (1.3 s, most of the first classification). cxnlp only asks it
``get(word)``, which a dict of the same JSON answers the same way (a ``Table`` hashes keys to 64 bits;
two words sharing a hash is the only way they could differ). The first process to need the table
keeps a ready copy in the user's cache folder; later ones read that copy in about a tenth of the
time. The copy is named after the source file's path, size and modification time, so an upgrade
of spacy-lookups-data makes a new one. Nothing is downloaded, and without a writable cache folder
the table is simply read from the package each time.

Cache folder: ``$CXNLP_CACHE_DIR`` (empty: no copy is kept), else ``$XDG_CACHE_HOME/cxnlp``, else
``~/.cache/cxnlp``.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import os
import tempfile
from pathlib import Path

SOURCE = "es_lemma_lookup.json.gz"
_FORMAT = "1"
# A key or lemma never holds these; they separate the entries of the ready copy.
_ENTRY, _HALF = "\n", "\t"


def source_path() -> Path | None:
    """The table's file inside spacy-lookups-data (found without importing the package), or None."""
    spec = importlib.util.find_spec("spacy_lookups_data")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / SOURCE
    return path if path.is_file() else None


def cache_dir() -> Path | None:
    """Where the ready copy is kept; None when ``$CXNLP_CACHE_DIR`` is set empty."""
    if "CXNLP_CACHE_DIR" in os.environ:
        value = os.environ["CXNLP_CACHE_DIR"]
        return Path(value) if value else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cxnlp"


def lemma_table() -> dict[str, str]:
    """word -> lemma, as in spacy-lookups-data's Spanish ``lemma_lookup`` table."""
    source = source_path()
    if source is None:  # not where spacy-lookups-data keeps it: let spaCy find the table
        from spacy.lookups import load_lookups

        return dict(load_lookups("es", ["lemma_lookup"]).get_table("lemma_lookup").items())
    copy = _copy_path(source)
    if copy is not None:
        table = _read_copy(copy)
        if table is not None:
            return table
    table = read_source(source)
    if copy is not None:
        _write_copy(copy, table)
    return table


def read_source(source: Path) -> dict[str, str]:
    with gzip.open(source, "rb") as fh:
        return json.loads(fh.read())


def _copy_path(source: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    stat = source.stat()
    key = f"{_FORMAT}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return folder / f"lemma_lookup_es-{hashlib.sha256(key.encode()).hexdigest()[:16]}.txt"


def _read_copy(path: Path) -> dict[str, str] | None:
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    keys, sep, values = text.partition(_HALF)
    keys_list, values_list = keys.split(_ENTRY), values.split(_ENTRY)
    if not sep or len(keys_list) != len(values_list):
        return None  # damaged: read the source again
    return dict(zip(keys_list, values_list))


def _write_copy(path: Path, table: dict[str, str]) -> None:
    entries = (*table, *table.values())
    if not table or not all(isinstance(e, str) and _ENTRY not in e and _HALF not in e for e in entries):
        return  # not expressible in the copy's format: the source is read each time
    data = (_ENTRY.join(table) + _HALF + _ENTRY.join(table.values())).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".lemma-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)  # atomic: a reader sees the old state or the whole copy
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full disk costs time, never a result
