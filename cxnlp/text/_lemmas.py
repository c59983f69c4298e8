"""The Spanish lemma lookup table of spacy-lookups-data, read as plain dicts.

spaCy's ``load_lookups("es", ["lemma_lookup"])`` parses the package's gzipped JSON and hashes its
half a million keys into a ``Table`` (1.3 s, most of the first classification). cxnlp only asks it
``get(word)``, which a dict of the same JSON answers the same way (a ``Table`` hashes keys to 64 bits;
two words sharing a hash is the only way they could differ).

The classifier only looks up lower-case, accent-free words (``tokenize.lemma``), so what it reads is
``plain_lemmas()``: those words' accent-free lemmas, a third smaller than the table and with each
lemma stored once (50 MB less memory). The first process to need it keeps a ready copy in the
user's cache folder; later ones read that copy in about a tenth of the time of the table. The copy
is named after the source file's path, size and modification time, so an upgrade of
spacy-lookups-data makes a new one, and writing it deletes the copies made from other sources
(another virtualenv, an older package), so one copy (about 7 MB) is kept. Nothing is downloaded,
and without a writable cache folder the words are derived from the package's table each time.

Cache folder: ``$CXNLP_CACHE_DIR`` (empty: no copy is kept), else ``$XDG_CACHE_HOME/cxnlp`` (where it is an
absolute path), else ``~/.cache/cxnlp``.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import importlib.util
import json
import os
import tempfile
from pathlib import Path

from .normalize import strip_accents

SOURCE = "es_lemma_lookup.json.gz"
_COPY_PREFIX = "lemma_lookup_es-"
_FORMAT = "2"
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
    """Where the ready copy is kept; None when ``$CXNLP_CACHE_DIR`` is set empty, or when there is no home folder
    to keep it in. ``$CXNLP_CACHE_DIR`` is read without surrounding whitespace (a value read from a file ends in a
    newline) and with its ``~`` expanded, which no Docker, systemd or Kubernetes does (a folder named '~' was made in
    the working directory, and matplotlib's beside it)."""
    if "CXNLP_CACHE_DIR" in os.environ:
        value = os.path.expanduser(os.environ["CXNLP_CACHE_DIR"].strip())
        return Path(value) if value and not value.startswith("~") else None  # (a ~ of no known home: no cache)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):  # the XDG spec: a relative path is invalid, ignored (it wrote 7 MB in cwd)
        try:
            base = Path.home() / ".cache"
        except (RuntimeError, KeyError):  # no $HOME and a user id without a passwd entry (a container's)
            return None
    return Path(base) / "cxnlp"


def lemma_table() -> dict[str, str]:
    """word -> lemma, as in spacy-lookups-data's Spanish ``lemma_lookup`` table."""
    source = source_path()
    if source is None:  # not where spacy-lookups-data keeps it: let spaCy find the table
        from spacy.lookups import load_lookups

        return dict(load_lookups("es", ["lemma_lookup"]).get_table("lemma_lookup").items())
    return read_source(source)


def is_plain(word: str) -> bool:
    """Lower case and accent-free (but for 'ñ'), as the tokenizer's words are."""
    return word == word.lower() and strip_accents(word) == word


def plain_lemmas() -> dict[str, str]:
    """For lower-case accent-free words (``is_plain``): word -> ``strip_accents(lemma)``, kept where it
    differs from the word or the word is not ASCII. For such a word, the lemma is
    ``plain_lemmas().get(word, word)``: the table's, accent-free, or the word itself if the table
    lacks it (``tests/test_speed_equivalence.py`` checks every key of the table)."""
    source = source_path()
    copy = _copy_path(source) if source is not None else None
    if copy is not None:
        table = _read_copy(copy)
        if table is not None:
            return table
    table = derive_plain(lemma_table())
    if copy is not None:
        _write_copy(copy, table)
    return table


def derive_plain(table: dict[str, str]) -> dict[str, str]:
    shared: dict[str, str] = {}  # one string object per distinct lemma
    out = {}
    for word, found in table.items():
        if isinstance(found, str) and is_plain(word):
            plain = strip_accents(found)
            if plain != word or not word.isascii():
                out[word] = shared.setdefault(plain, plain)
    return out


def read_source(source: Path) -> dict[str, str]:
    with gzip.open(source, "rb") as fh:
        return json.loads(fh.read())


def _copy_path(source: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    stat = source.stat()
    key = f"{_FORMAT}|{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return folder / f"{_COPY_PREFIX}{hashlib.sha256(key.encode()).hexdigest()[:16]}.txt"


def _read_copy(path: Path) -> dict[str, str] | None:
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    keys, sep, values = text.partition(_HALF)
    keys_list, values_list = keys.split(_ENTRY), values.split(_ENTRY)
    if not sep or len(keys_list) != len(values_list):
        return None  # damaged: read the source again
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the copies kept are the most recently used (_remove_other_copies)
    shared: dict[str, str] = {}
    return dict(zip(keys_list, [shared.setdefault(v, v) for v in values_list]))


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
        return  # a read-only or full disk costs time, never a result
    _remove_other_copies(path)


#: How many copies (one per environment or spacy-lookups-data version) the cache keeps, the most recently used.
KEEP_COPIES = 4


def _remove_other_copies(path: Path) -> None:
    """Delete this cache's copies made from other sources (another virtualenv, an older spacy-lookups-data) but
    the ``KEEP_COPIES - 1`` most recently used (``_read_copy`` touches a copy it reads): without this each
    reinstall would leave another 7 MB behind, and with none kept two environments used in turn (a CLI's and a
    notebook's) would each delete the other's and rebuild their own at every start. Another process may be
    deleting or reading them too; whatever cannot be deleted is left for the next write."""
    try:
        others = [(p.stat().st_mtime_ns, p) for p in path.parent.glob(f"{_COPY_PREFIX}*.txt") if p.name != path.name]
    except OSError:
        return
    for _, other in sorted(others, reverse=True)[KEEP_COPIES - 1:]:
        try:
            other.unlink(missing_ok=True)
        except OSError:
            pass
