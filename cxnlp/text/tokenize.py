"""Tokenisation with ``spacy.blank("es")``, lookup lemmas from spacy-lookups-data, negation scope.

Only spaCy's rule-based tokenizer runs (no pipeline components): it is the floor of what any
spaCy-based pipeline can reach, and the lemma lookup is a dictionary access.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ._forking import fork_safe_lock
from ._lemmas import is_plain
from .antonyms import ANTONYMS
from .normalize import strip_accents

if TYPE_CHECKING:
    import spacy

NEGATORS = frozenset({"no", "nunca", "jamás", "jamas", "ni", "tampoco", "sin", "nadie", "nada",
                      "ningún", "ningun", "ninguna", "ninguno", "nop", "nel"})
# Negation reaches at most this many words and stops at punctuation or a contrast connector.
NEGATION_WINDOW = 3
# Function words are kept as written: the lookup table maps 'para' to 'parir' and 'la' to 'lo'.
_NOT_LEMMATISED = NEGATORS | frozenset(
    "para la las lo los el de del se me te le les nos mi mis tu tus su sus un una unos unas al a en con por "
    "que como muy mas pero y o si ya sobre entre hasta desde cuando donde".split())
_SCOPE_BREAKERS = frozenset({"pero", "aunque", "sino", "y", "e", "o", "que", "porque", "pues", "mas"})
_KEEP_PUNCT = frozenset({"!", "?", "¿", "¡"})
_LEMMA_CACHE_SIZE = 10_000
# Runs of non-space characters are cut every MAX_TOKEN characters before tokenising.
MAX_TOKEN = 50
_RE_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN}}}(?=\S)")

_lock = fork_safe_lock(globals(), "_lock")

# A space-separated run's tokens are cached: real text repeats its words, and spaCy's Doc costs more
# than the splitting. Both this cache and spaCy's vocabulary (which keeps every string it has seen)
# are emptied when they reach these sizes, so memory stays flat on text full of never-seen words.
_RUN_CACHE_SIZE = 100_000
_MAX_LEXEMES = 50_000
_RE_OTHER_SPACE = re.compile(r"[^\S ]")


@functools.lru_cache(maxsize=1)
def load_nlp() -> spacy.Language:
    """The shared blank Spanish pipeline (tokenizer only), created once per process (again when its
    vocabulary is emptied)."""
    return _spacy().blank("es")


@functools.lru_cache(maxsize=1)
def _spacy():
    """spaCy, imported on first use (commands that do not classify, info and summarize, skip it) and once: an
    import statement takes the import system's lock, which a process forked meanwhile inherits held."""
    import spacy

    return spacy


@functools.lru_cache(maxsize=1)
def _plain_lemmas() -> dict[str, str]:
    from ._lemmas import plain_lemmas  # spacy-lookups-data's table; nothing is downloaded

    return plain_lemmas()


@functools.lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    from ._lemmas import lemma_table

    return lemma_table()


def lemma(word: str) -> str:
    """Accent-free lookup lemma of a lower-case, accent-free word ('llegaron' -> 'llegar'); the word if unknown."""
    found = _plain_lemmas().get(word)
    if found is not None:
        return found
    if word.isascii() and (word.islower() or word == word.lower()) or is_plain(word):
        return word  # not in the table (or its own lemma): see ``_lemmas.plain_lemmas``
    return _other_lemma(word)


@functools.lru_cache(maxsize=_LEMMA_CACHE_SIZE)
def _other_lemma(word: str) -> str:
    """``lemma`` of a word with capitals or accents, from the whole table (read on first use)."""
    found = _lemma_table().get(word)
    return strip_accents(found if isinstance(found, str) else word)


# Marks a run of letters may end in and still be tokenised without spaCy (``_RunTokenizer.plain``).
_PLAIN_MARKS = frozenset(",;:!?.")
_BEFORE_PERIOD = frozenset("abcdefghijklmnopqrstuvwxyzñáéíóúü")


class _RunTokenizer:
    """spaCy's tokenizer, run once per distinct space-separated run of characters.

    spaCy splits text at spaces and tokenises each run on its own (prefixes, suffixes, infixes,
    special cases), with one exception: a special case with punctuation in it (':)', 'a.m.',
    'EE. UU.') is also looked for across runs. So a text is put together from cached runs unless two
    neighbouring runs could hold the two sides of such a case (``_boundary_pairs``), and unless it has
    other whitespace than single spaces; those texts (rare) go to spaCy whole.
    """

    def __init__(self):
        self.runs: dict[str, tuple[tuple[str, ...], int, int]] = {}
        self.sides: _Sides | None = None
        self.special: frozenset[str] = frozenset()  # spaCy's special cases, read with ``sides``

    def __call__(self, text: str) -> list[str]:
        if not text or "  " in text or text[0] == " " or text[-1] == " " or _RE_OTHER_SPACE.search(text):
            return self.whole(text)
        runs = text.split(" ")
        get = self.runs.get
        entries = [get(run) for run in runs]
        if None in entries:
            self.add([run for run, entry in zip(runs, entries) if entry is None])
            entries = [get(run) or self.add([run])[run] for run in runs]  # (or the cache was just emptied)
        tokens: list[str] = []
        before = 0
        for entry in entries:
            if before & entry[2]:  # a special case may straddle these two runs
                return self.whole(text)
            tokens += entry[0]
            before = entry[1]
        return tokens

    def whole(self, text: str) -> list[str]:
        # spaCy's tokenizer keeps a cache that is not safe to grow from two threads at once.
        with _lock:
            doc = self._nlp().tokenizer(text)
            return [t.text for t in doc if not t.is_space]

    def add(self, runs: list[str]) -> dict[str, tuple[tuple[str, ...], int, int]]:
        """Tokenise ``runs`` and cache them: in one spaCy call, joined by spaces, where no special case
        can straddle two of them (a run not tokenised thus gets a call of its own)."""
        with _lock:
            nlp = self._nlp()
            sides = [(run, *self.sides.of(run)) for run in dict.fromkeys(runs)]
            tokens: dict[str, list[str]] = {}
            joined, alone, before = [], [], 0
            for run, ends, starts in sides:
                plain = self.plain(run)
                if plain is not None:  # not in the joined text: its neighbours there are the runs around it
                    tokens[run] = plain
                    continue
                (alone if before & starts else joined).append(run)
                if not before & starts:
                    before = ends
            tokens.update({run: [] for run in joined})
            if joined:
                # Each token falls inside one run: assign them by their offsets.
                bounds = [0]
                for run in joined:
                    bounds.append(bounds[-1] + len(run) + 1)
                k = 0
                for token in nlp.tokenizer(" ".join(joined)):
                    while token.idx >= bounds[k + 1]:
                        k += 1
                    tokens[joined[k]].append(token.text)
            for run in alone:
                tokens[run] = [t.text for t in nlp.tokenizer(run)]
            if len(self.runs) + len(sides) > _RUN_CACHE_SIZE:
                self.runs.clear()
            added = {run: (tuple(tokens[run]), ends, starts) for run, ends, starts in sides}
            self.runs.update(added)
        return added

    def plain(self, run: str) -> list[str] | None:
        """spaCy's tokens for a run of letters, alone or before one mark ('bien', 'bien,' 'bien.'), without
        calling spaCy; None for any other run. spaCy's prefixes, suffixes and infixes all need a character
        that is not a letter, so such a run splits only at its mark, unless it is a special case ('pal',
        'xD'); a period stays on a word that does not end in a lower-case letter ('Q.', 'kJ.', 'nº.').
        ``tests/test_speed_equivalence.py`` checks it against spaCy on every word of a corpus file, bare and
        before each mark; all 3.5 million such runs of the lemma table and the corpus gave spaCy's tokens."""
        if run in self.special:
            return None
        if run.isalpha():
            return [run]
        word, mark = run[:-1], run[-1:]
        if mark in _PLAIN_MARKS and word.isalpha() and word not in self.special and (
                mark != "." or word[-1] in _BEFORE_PERIOD):
            return [word, mark]
        return None

    def _nlp(self):
        nlp = load_nlp()
        if len(nlp.vocab) > _MAX_LEXEMES:  # a fresh pipeline tokenises the same; the old vocabulary goes
            load_nlp.cache_clear()
            nlp = load_nlp()
        if self.sides is None:
            self.sides = _Sides(_boundary_pairs(nlp.tokenizer))
            self.special = frozenset(nlp.tokenizer.rules)
        return nlp


class _Sides:
    """For a run, the bit masks of the boundary pairs it can end the left side of and start the right side of."""

    def __init__(self, pairs: tuple[tuple[str, str], ...]):
        self.lefts: dict[str, int] = {}
        self.rights: dict[str, int] = {}
        for i, (left, right) in enumerate(pairs):
            self.lefts[left] = self.lefts.get(left, 0) | 1 << i
            self.rights[right] = self.rights.get(right, 0) | 1 << i
        self.longest_left = max(map(len, self.lefts), default=0)
        self.longest_right = max(map(len, self.rights), default=0)

    def of(self, run: str) -> tuple[int, int]:
        ends = starts = 0
        for n in range(1, min(len(run), self.longest_left) + 1):
            ends |= self.lefts.get(run[-n:], 0)
        for n in range(1, min(len(run), self.longest_right) + 1):
            starts |= self.rights.get(run[:n], 0)
        return ends, starts


def _boundary_pairs(tokenizer) -> tuple[tuple[str, str], ...]:
    """(left, right) for every two neighbouring tokens of a special case that spaCy matches across
    tokens: a text whose run ends with ``left`` before a run that starts with ``right`` may hold it."""
    from spacy.tokenizer import Tokenizer

    # The special cases' patterns are their tokens by affixes alone, without special cases.
    bare = Tokenizer(tokenizer.vocab, rules={}, prefix_search=tokenizer.prefix_search,
                     suffix_search=tokenizer.suffix_search, infix_finditer=tokenizer.infix_finditer,
                     token_match=tokenizer.token_match, url_match=tokenizer.url_match)
    pairs = set()
    for case in tokenizer.rules:
        tokens = [t.text for t in bare(case)]
        pairs.update(zip(tokens, tokens[1:]))
    return tuple(sorted(pairs))


_TOKENIZER = _RunTokenizer()


def tokenize(text: str) -> list[str]:
    """Lower-case words of normalised ``text`` as spaCy's Spanish tokenizer splits them."""
    if "\n" in text:  # a line break, which ``normalize.whitespace`` keeps, is a space (``_RunTokenizer``'s fast path)
        text = text.replace("\n", " ")
    # spaCy peels prefixes and suffixes off a token one at a time, rescanning the rest each time:
    # quadratic on a long run like '((((…' (4 s for 5,000 characters). No word is that long.
    return _TOKENIZER(_RE_LONG_RUN.sub(r"\g<0> ", text))


# "dejó de funcionar" negates like "no funciona".
_STOP_VERBS = frozenset({"dejo", "deja", "dejan", "dejaron", "dejara", "dejaria", "ha dejado", "dejado"})


# A line break ends a scope once it has read a word other than a clitic pronoun or an auxiliary verb: a negator at a
# line's end, 'no me' or 'no estoy', governs the next line ('No\nme gustó nada', 'No estoy\nsatisfecho', 'no nos
# lo\ncobraron': a phrase wrapped by the line's end).
_BEFORE_THE_WORD = frozenset("me te se le les lo la los las nos os es son era eran fue fueron sea estoy esta estan "
                             "estaba estaban estuvo estuve he ha han hemos habia hay hubo".split())


def negation_scope(words: list[str], line_starts: frozenset[int] | set[int] = frozenset()) -> list[bool]:
    """For each word, whether a preceding negator governs it ('no me gustó' -> [False, True, True]); a line break
    before a word of ``line_starts`` (their positions) ends a scope that has read a word (``_BEFORE_THE_WORD``)."""
    if NEGATORS.isdisjoint(words) and _STOP_VERBS.isdisjoint(words):  # nothing opens a scope
        return [False] * len(words)
    flags, scope, read = [], 0, False
    for i, word in enumerate(words):
        if read and i in line_starts:
            scope = read = 0
        if word == "de" and i and words[i - 1] in _STOP_VERBS:
            flags.append(False)
            scope, read = NEGATION_WINDOW, False
        elif not word[0].isalnum():
            scope = 0
            flags.append(False)
        elif word in NEGATORS:
            flags.append(False)
            scope, read = NEGATION_WINDOW, False
        elif scope and word not in _SCOPE_BREAKERS:
            flags.append(True)
            scope -= 1
            read = read or word not in _BEFORE_THE_WORD
        else:
            flags.append(False)
            scope = 0
    return flags


def mark_negation(words: list[str], flags: list[bool] | None = None) -> list[str]:
    """Prefix ``neg_`` to the words a negator governs and drop punctuation but ! and ?:
    'no me gustó' -> ['no', 'neg_me', 'neg_gustó']."""
    flags = negation_scope(words) if flags is None else flags
    if not any(flags) and len(flags) == len(words):
        return [w for w in words if w[0].isalnum() or w in _KEEP_PUNCT]
    return [("neg_" + w) if neg else w for w, neg in zip(words, flags) if w[0].isalnum() or w in _KEEP_PUNCT]


def reading(word: str) -> str:
    """The word token ``SpanishTokenizer`` gives one lower-case word, before negation marks: accent-free, and
    lemmatised unless it is a negator or a function word ('llegaron' -> 'llegar', 'la' -> 'la'). The lexicons
    read their entries with it, so that an entry meets the customer's word as the tokenizer hands it over."""
    plain = strip_accents(word)
    return plain if plain in _NOT_LEMMATISED or not plain[0].isalnum() else lemma(plain)


# Each token's reading, as ``_read`` gives it, for the tokens seen (one dictionary access per token instead
# of the lookups ``lemma`` makes); emptied when it reaches this size, so memory stays flat.
_READINGS: dict[str, str] = {}
_READINGS_SIZE = 100_000


def _read(word: str) -> str:
    """``reading`` of a token, remembered in ``_READINGS``."""
    found = reading(word)
    if len(_READINGS) >= _READINGS_SIZE:
        _READINGS.clear()
    _READINGS[word] = found
    return found


class SpanishTokenizer:
    """Picklable callable: normalised text -> accent-free lemmas with negation marks.

    Stores only its parameters; the spaCy pipeline comes from the cached ``load_nlp``.
    """

    def __init__(self, *, lemmas: bool = True, negation: bool = True, antonyms: bool = False):
        self.lemmas = lemmas
        self.negation = negation
        self.antonyms = antonyms

    def __call__(self, text: str) -> list[str]:
        return self.analyze(text)[0]

    def analyze(self, text: str) -> tuple[list[str], str]:
        """Word tokens (lemmas, ``neg_`` marks) and the text for character n-grams, in which negated
        words are upper-cased so that 'no tuve problemas' and 'tuve problemas' do not share them."""
        # Lemmas are looked up on the accent-free word so that 'está' and 'esta' (a missing tilde)
        # get the same lemma. Negators and function words are kept as written ('nada' is not 'nadar').
        plain = strip_accents(text)
        words = tokenize(plain)
        flags = negation_scope(words) if self.negation else [False] * len(words)
        if "\n" in plain and any(flags):  # a line ends a negation's scope, as a period does ('No me gustó\nBueno')
            flags = negation_scope(words, _line_starts(plain, words))
        if self.antonyms and self.negation:
            words, flags = read_antonyms(words, flags)
        chars = " ".join(w.upper() if neg else w for w, neg in zip(words, flags)) if any(flags) else " ".join(words)
        if self.lemmas:
            get = _READINGS.get
            words = [r if (r := get(w)) is not None else _read(w) for w in words]
        return mark_negation(words, flags), chars

    def __repr__(self) -> str:
        return f"SpanishTokenizer(lemmas={self.lemmas}, negation={self.negation}, antonyms={self.antonyms})"


def _line_starts(text: str, words: list[str]) -> set[int]:
    """The positions of the words of ``tokenize(text)`` that begin a line after the first (each token is a piece of
    the text, in order): found without tokenising ``text`` again."""
    starts, end, line_end = set(), 0, text.find("\n")
    for i, word in enumerate(words):
        found = text.find(word, end)
        if found < 0 or line_end < 0:
            break
        if line_end < found:
            starts.add(i)
            line_end = text.find("\n", found)
        end = found + len(word)
    return starts


def read_antonyms(words: list[str], flags: list[bool]) -> tuple[list[str], list[bool]]:
    """Each prefixed antonym ('incomodo') as its stem with its negation flag flipped (``cxnlp.text.antonyms``)."""
    if ANTONYMS.keys().isdisjoint(words) and (joined := "".join(words)).lower() == joined:
        return words, flags  # no word is an antonym (the words are lower-case: as the lexicon holds them)
    stems = [ANTONYMS.get(w.lower()) for w in words]
    if not any(stems):
        return words, flags
    return [s or w for w, s in zip(words, stems)], [f != bool(s) for f, s in zip(flags, stems)]
