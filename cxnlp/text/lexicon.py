"""A hand-written Spanish polarity lexicon (the project's own lists, in ``_polarity_words``).

The classifier learns from the corpus; the lexicon adds a word, ``lexpos`` or ``lexneg``, for each
polar word it finds (flipped inside a negation scope), so that polar words the corpus never used
still push in the right direction. Entries match accent-free lemmas: whole words, or prefixes of
five letters or more (which catch '-ísimo', plurals and verb forms the lemma table misses).

A model reads the version it was trained with (``lexicon_version`` in its features' state), so
that a new list never changes the features of a model saved before it:

- version 1: the first list, about 300 entries, each matched as written;
- version 2 (``LEXICON_VERSION``): about 1,200 entries, each word matched as written and as the lemma
  table reads it, the way the tokenizer reads the customer's word ("harto" is looked up as "hartar",
  "roto" as "rotar", "satisfecho" as "satisfacer": as written, the first list never matched them).
"""

from __future__ import annotations

import functools

from . import _polarity_words as W
from .normalize import strip_accents
from .tokenize import reading

#: The lexicon a newly trained model uses.
LEXICON_VERSION = 2
VERSIONS = (1, 2)


@functools.cache
def _entries(version: int) -> tuple[frozenset, frozenset, tuple, tuple]:
    """(positive words, negative words, positive prefixes, negative prefixes) of a lexicon version."""
    if version not in VERSIONS:
        raise ValueError(f"polarity lexicon version {version!r}: this cxnlp has versions {VERSIONS}")
    if version == 1:
        return W.POSITIVE_WORDS, W.NEGATIVE_WORDS, W.POSITIVE_PREFIXES, W.NEGATIVE_PREFIXES
    def read(words):
        kept = words - W.DROPPED_WORDS
        return frozenset({strip_accents(w) for w in kept} | {reading(w) for w in kept})

    def prefixes(first, added):
        return tuple(p for p in first if p not in W.DROPPED_PREFIXES) + added

    return (read(W.POSITIVE_WORDS | W.ADDED_POSITIVE_WORDS), read(W.NEGATIVE_WORDS | W.ADDED_NEGATIVE_WORDS),
            prefixes(W.POSITIVE_PREFIXES, W.ADDED_POSITIVE_PREFIXES),
            prefixes(W.NEGATIVE_PREFIXES, W.ADDED_NEGATIVE_PREFIXES))


@functools.lru_cache(maxsize=50_000)
def polarity(word: str, version: int = LEXICON_VERSION) -> int:
    """+1, -1 or 0 for an accent-free lemma."""
    positive, negative, positive_prefixes, negative_prefixes = _entries(version)
    if word in negative or word.startswith(negative_prefixes):
        return -1
    if word in positive or word.startswith(positive_prefixes):
        return 1
    return 0


# "esperaba más / mejor / otra cosa": a let-down, whatever the polarity of the next word.
_EXPECTATION = frozenset({"esperar", "pensar", "creer", "imaginar"})
_MORE = frozenset({"mas", "mejor", "otro", "algo", "mucho"})
# "merece la pena" / "vale la pena": 'pena' is not sorrow there.
_WORTH = frozenset({"merecer", "valer"})


#: Per lexicon version, the marker of each token met (``lexpos``, ``lexneg``, "" for none, ``_LOOK_AHEAD`` for a
#: word whose marker depends on the next tokens); emptied when it reaches ``_MARKS_SIZE``, so memory stays flat.
_MARKS: dict[int, dict[str, str]] = {}
_MARKS_SIZE = 100_000
_LOOK_AHEAD = "?"


def _token_mark(token: str, version: int) -> str:
    """The marker ``token`` adds on its own (``_MARKS``), remembered."""
    negated = token.startswith("neg_")
    word = token[4:] if negated else token
    if word in _EXPECTATION or word in _WORTH:
        mark = _LOOK_AHEAD
    else:
        sign = polarity(word, version)
        mark = ("lexpos" if (sign > 0) != negated else "lexneg") if sign else ""
    marks = _MARKS.setdefault(version, {})
    if len(marks) >= _MARKS_SIZE:
        marks.clear()
    marks[token] = mark
    return mark


def lexicon_tokens(tokens: list[str], version: int = LEXICON_VERSION) -> list[str]:
    """``lexpos``/``lexneg`` for each polar token; a ``neg_`` token counts with its sign flipped."""
    marks = _MARKS.get(version)
    if marks is None:
        _entries(version)  # an unknown version fails here
        marks = _MARKS.setdefault(version, {})
    get = marks.get
    found = [m if (m := get(t)) is not None else _token_mark(t, version) for t in tokens]
    if _LOOK_AHEAD not in found:
        return [m for m in found if m]
    return _looking_ahead(tokens, version)


def _looking_ahead(tokens: list[str], version: int) -> list[str]:
    """``lexicon_tokens`` for tokens among which "esperaba más" or "vale la pena" may be."""
    out = []
    skip = -1
    for i, token in enumerate(tokens):
        if i <= skip:
            continue
        negated = token.startswith("neg_")
        word = token[4:] if negated else token
        if word in _EXPECTATION or word in _WORTH:  # (the next two tokens are looked at only for these)
            following = tokens[i + 1: i + 3]
            if word in _EXPECTATION and following and following[0].removeprefix("neg_") in _MORE:
                out.append("lexpos" if negated else "lexneg")
                polar_next = len(following) == 2 and polarity(following[1].removeprefix("neg_"), version) != 0
                skip = i + 2 if polar_next else i + 1
                continue
            if word in _WORTH and len(following) == 2 and following[1].removeprefix("neg_") in ("pena", "penar"):
                out.append("lexneg" if negated else "lexpos")
                skip = i + 2
                continue
        sign = polarity(word, version)
        if sign:
            out.append("lexpos" if (sign > 0) != negated else "lexneg")
    return out
