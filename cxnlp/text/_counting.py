"""Count matrices of a fitted ``CountVectorizer``'s vocabulary, built without its per-feature loop.

``CountVectorizer.transform`` analyses each document into n-gram strings and counts them in a
Python dict, one feature at a time: most of the time of featurising a comment. Here character
n-grams are looked up once per distinct word (a word's ``char_wb`` n-grams never depend on its
neighbours) and word n-grams are looked up straight in the vocabulary; the matrix is then built
in one piece. The result is the same matrix, element for element and in the same order
(``tests/test_speed_equivalence.py`` compares the two on every kind of text).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

from ._forking import fork_safe_lock

if TYPE_CHECKING:
    import scipy.sparse as sp

#: Held while a ``CharCounter`` reads or grows its store of word ids: threads that share a model (a service)
#: count at once, and one emptying the store must not move the ids another is gathering.
_store_lock = fork_safe_lock(globals(), "_store_lock")

#: Distinct words whose n-gram ids are kept; the cache is emptied when full, so memory stays flat
#: on text full of words never seen before (order codes, names, typos).
WORD_CACHE_SIZE = 50_000


def char_wb_ngrams(word: str, min_n: int, max_n: int) -> list[str]:
    """The ``char_wb`` n-grams of one word, as scikit-learn's ``_char_wb_ngrams`` makes them."""
    w = " " + word + " "
    w_len = len(w)
    grams = []
    for n in range(min_n, max_n + 1):
        offset = 0
        grams.append(w[offset:offset + n])
        while offset + n < w_len:
            offset += 1
            grams.append(w[offset:offset + n])
        if offset == 0:  # a word shorter than n counts once
            break
    return grams


def _matrix(indices: list[int], indptr: list[int], n_features: int, dtype) -> sp.csr_matrix:
    """CSR counts from each row's feature ids (repeats allowed), in canonical form as
    ``CountVectorizer`` leaves it: indices sorted within rows, one entry per feature."""
    import scipy.sparse as sp  # on the first batch that needs it: one comment does not (start-up)
    index_dtype = np.int32 if len(indices) <= np.iinfo(np.int32).max else np.int64
    matrix = sp.csr_matrix((np.ones(len(indices), dtype=np.intc), np.asarray(indices, dtype=index_dtype),
                            np.asarray(indptr, dtype=index_dtype)), shape=(len(indptr) - 1, n_features))
    matrix.sum_duplicates()  # sorts each row's indices and adds up repeats
    return matrix.astype(dtype, copy=False)


class CharCounter:
    """``CountVectorizer(analyzer="char_wb", ngram_range=...)`` counts for a fixed ``vocabulary``.

    ``counts`` keeps each distinct word's n-gram ids end to end in one array (a word is its start and
    length there) and gathers a batch's rows from it with NumPy; ``ids`` (one document) keeps them as tuples.
    Both caches are emptied when they reach ``cache_size`` words, so memory stays flat on text full of words
    never seen before.
    """

    def __init__(self, vocabulary: dict[str, int], ngram_range: tuple[int, int], dtype=np.float64,
                 cache_size: int = WORD_CACHE_SIZE):
        self.vocabulary = vocabulary
        self.min_n, self.max_n = ngram_range
        self.dtype = dtype
        self.cache_size = cache_size
        self._ids: dict[str, tuple[int, ...]] = {}
        self._clear_store()

    def _clear_store(self) -> None:
        # The store's state is committed by single assignments, in an order that leaves it consistent at every
        # step (a KeyboardInterrupt, a signal handler's exception, or a fork from another thread may stop an
        # update anywhere): words first forgotten, then none counted.
        self._number: dict[str, int] = {}  # word -> its row in _starts / _lengths
        self._count = 0  # rows of _starts / _lengths in use; those past it are scratch
        self._starts = np.zeros(0, dtype=np.int64)
        self._lengths = np.zeros(0, dtype=np.int64)
        self._store = np.zeros(0, dtype=np.int64)

    def __getstate__(self):
        """Pickled without the words' cached n-gram ids (refilled as words are met again)."""
        state = {**self.__dict__, "_ids": {}}
        empty = np.zeros(0, dtype=np.int64)
        state.update(_number={}, _count=0, _starts=empty, _lengths=empty, _store=empty)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        if "_count" not in state:  # pickled by a cxnlp without the store
            self._clear_store()

    def _new_ids(self, word: str) -> tuple[int, ...]:
        get = self.vocabulary.get
        return tuple(i for i in map(get, char_wb_ngrams(word, self.min_n, self.max_n)) if i is not None)

    def word_ids(self, word: str) -> tuple[int, ...]:
        """Vocabulary ids of ``word``'s n-grams, in order, repeats kept."""
        ids = self._ids.get(word)
        if ids is None:
            ids = self._new_ids(word)
            if len(self._ids) >= self.cache_size:
                self._ids.clear()
            self._ids[word] = ids
        return ids

    def ids(self, doc: str) -> list[int]:
        """Vocabulary ids of one document's n-grams, in order, repeats kept (one row of ``counts``)."""
        ids: list[int] = []
        for word in doc.split():
            ids += self.word_ids(word)
        return ids

    def _stored(self, words: list[str]) -> np.ndarray | None:
        """The rows of ``words`` in the store, the words not yet there added first; None when the batch's
        distinct words alone would pass ``cache_size``."""
        number = self._number
        numbers = np.fromiter(map(number.get, words, itertools.repeat(-1)), dtype=np.int64, count=len(words))
        if not len(numbers) or numbers.min() >= 0:
            return numbers
        missing = list(dict.fromkeys(w for w, k in zip(words, numbers.tolist()) if k < 0))
        if self._count + len(missing) > self.cache_size:
            if len(set(words)) > self.cache_size:
                return None
            self._clear_store()
            return self._stored(words)
        ids = [self._new_ids(word) for word in missing]
        lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        count = self._count
        used = int(self._starts[count - 1] + self._lengths[count - 1]) if count else 0
        end = used + int(lengths.sum())
        # Written past what is in use (a stop here leaves scratch), then grown arrays replace the old ones whole.
        self._store = _room(self._store, used, end)
        self._store[used:end] = np.fromiter(itertools.chain.from_iterable(ids), dtype=np.int64, count=end - used)
        self._starts, self._lengths = _room(self._starts, count, count + len(ids)), _room(self._lengths, count,
                                                                                          count + len(ids))
        self._starts[count:count + len(ids)] = used + np.cumsum(lengths) - lengths
        self._lengths[count:count + len(ids)] = lengths
        self._count = count + len(ids)  # the rows are in use from here,
        number.update(zip(missing, range(count, count + len(ids))))  # and found from here (one C call)
        return np.fromiter(map(number.__getitem__, words), dtype=np.int64, count=len(words))

    def counts(self, docs) -> sp.csr_matrix:
        # ``split()`` cuts at every run of whitespace, as scikit-learn's analyzer does.
        split = [doc.split() for doc in docs]
        words = list(itertools.chain.from_iterable(split))
        with _store_lock:
            numbers = self._stored(words)
            if numbers is None:
                ids = None
            else:
                starts, lengths = self._starts[numbers], self._lengths[numbers]
                ends = np.cumsum(lengths)
                positions = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
                positions += np.repeat(starts - (ends - lengths), lengths)
                ids = self._store[positions]  # a copy: the store may change once the lock is let go
        if ids is None:
            return self._counts_word_by_word(split)
        word_ends = np.cumsum(np.fromiter(map(len, split), dtype=np.int64, count=len(split)))
        indptr = np.concatenate([[0], np.concatenate([[0], ends])[word_ends]])
        return _matrix(ids, indptr, len(self.vocabulary), self.dtype)

    def _counts_word_by_word(self, split: list[list[str]]) -> sp.csr_matrix:
        indices: list[int] = []
        indptr = [0]
        cached, word_ids = self._ids.get, self.word_ids
        for doc_words in split:
            for word in doc_words:
                ids = cached(word)
                indices += word_ids(word) if ids is None else ids
            indptr.append(len(indices))
        return _matrix(indices, indptr, len(self.vocabulary), self.dtype)


def _room(array: np.ndarray, used: int, needed: int) -> np.ndarray:
    """``array`` if it holds ``needed`` entries, else a copy of its first ``used`` in a larger one."""
    if needed <= len(array):
        return array
    grown = np.zeros(max(2 * len(array), needed, 1024), dtype=array.dtype)
    grown[:used] = array[:used]
    return grown


class TermCounter:
    """``CountVectorizer(analyzer=analyzer)`` counts for a fixed ``vocabulary``."""

    def __init__(self, vocabulary: dict[str, int], analyzer, dtype=np.float64):
        self.vocabulary = vocabulary
        self.analyzer = analyzer
        self.dtype = dtype

    def __getstate__(self):
        """Pickled without the tables others build from the vocabulary and keep here (``fitted._industry_grid``)."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_industry_tables", "_industry_grid")}

    def ids(self, doc) -> list[int]:
        """Vocabulary ids of one document's terms, in order, repeats kept (one row of ``counts``)."""
        return [i for i in map(self.vocabulary.get, self.analyzer(doc)) if i is not None]

    def counts(self, docs) -> sp.csr_matrix:
        indices: list[int] = []
        indptr = [0]
        get, analyze = self.vocabulary.get, self.analyzer
        for doc in docs:
            indices += [i for i in map(get, analyze(doc)) if i is not None]
            indptr.append(len(indices))
        return _matrix(indices, indptr, len(self.vocabulary), self.dtype)


class _IntTable:
    """A fixed map of non-negative int64 keys to int64 values, looked up for a whole array of keys at once
    (open addressing, linear probing, in NumPy): several times faster than ``np.searchsorted`` on sorted keys."""

    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)

    def __init__(self, keys: np.ndarray, values: np.ndarray):
        self.bits = max(int(len(keys) * 4).bit_length(), 4)  # a quarter full at most: short probes
        self.mask = mask = (1 << self.bits) - 1
        table_keys, table_values, longest = [-1] * (mask + 1), [-1] * (mask + 1), 0
        for key, value, slot in zip(keys.tolist(), values.tolist(), self._slots(keys).tolist()):
            probes = 0
            while table_keys[slot] != -1 and table_keys[slot] != key:
                slot, probes = (slot + 1) & mask, probes + 1
            table_keys[slot], table_values[slot] = key, value
            longest = max(longest, probes)
        self.keys, self.values = np.array(table_keys, dtype=np.int64), np.array(table_values, dtype=np.int64)
        self.longest = longest

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * self._MULTIPLIER) >> np.uint64(64 - self.bits)).astype(np.int64)

    def get(self, keys: np.ndarray) -> np.ndarray:
        """Each key's value, -1 for a key not in the table."""
        out = np.full(len(keys), -1, dtype=np.int64)
        pending, slots = np.arange(len(keys)), self._slots(keys)
        for _ in range(self.longest + 1):
            found = self.keys[slots]
            match = found == keys[pending]
            out[pending[match]] = self.values[slots[match]]
            going_on = ~match & (found != -1)
            pending, slots = pending[going_on], (slots[going_on] + 1) & self.mask
            if not len(pending):
                break
        return out


class WordCounter(TermCounter):
    """``TermCounter`` for the documents of ``fitted._doc_features`` (word tokens, marker words): their word
    n-grams (``ngram_range``) and marker words, counted a batch at a time.

    Each distinct word of the vocabulary's n-grams gets a number; a batch's tokens become numbers in one pass
    (-1 for a word no n-gram holds), and each n-gram one integer key, looked up with NumPy in the sorted keys
    of the vocabulary's n-grams: no n-gram string is built. Markers are looked up as they are. Tokens hold no
    space (the normaliser leaves single spaces between them), so a key matches exactly when the joined n-gram
    would. A vocabulary too large for 63-bit keys is counted as ``TermCounter`` counts it.
    """

    def __init__(self, vocabulary: dict[str, int], ngram_range: tuple[int, int], analyzer, dtype=np.float64):
        super().__init__(vocabulary, analyzer, dtype)
        self.ngram_range = tuple(ngram_range)
        self._tables = None

    def __getstate__(self):
        """Pickled without the tables built from the vocabulary (rebuilt on first use)."""
        return {**super().__getstate__(), "_tables": None}

    def _built(self):
        """(word -> number, base, {n: n-gram key -> column}), or False where keys would not fit 63 bits."""
        if self._tables is None:
            lo, hi = self.ngram_range
            splits = [term.split(" ") for term in self.vocabulary]
            words = {w: i for i, w in enumerate(dict.fromkeys(itertools.chain.from_iterable(splits)))}
            base = max(len(words), 1)
            if base ** hi >= 2 ** 62:
                self._tables = False
                return False
            lengths = np.fromiter(map(len, splits), dtype=np.int64, count=len(splits))
            numbers = np.fromiter(map(words.__getitem__, itertools.chain.from_iterable(splits)), dtype=np.int64,
                                  count=int(lengths.sum()))
            starts = np.cumsum(lengths) - lengths
            columns = np.fromiter(self.vocabulary.values(), dtype=np.int64, count=len(splits))
            tables = {}
            for n in range(lo, hi + 1):
                terms = np.flatnonzero(lengths == n)
                keys = np.zeros(len(terms), dtype=np.int64)
                for k in range(n):
                    keys = keys * base + numbers[starts[terms] + k]
                tables[n] = _IntTable(keys, columns[terms])
            self._tables = (words, base, tables)
        return self._tables

    def counts(self, docs) -> sp.csr_matrix:
        docs = docs if isinstance(docs, list) else list(docs)
        built = self._built()
        if not built:
            return super().counts(docs)
        words, base, tables = built
        tokens = [tokens for tokens, _ in docs]
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(docs))
        total = int(lengths.sum())
        numbers = np.fromiter(map(words.get, itertools.chain.from_iterable(tokens), itertools.repeat(-1)),
                              dtype=np.int64, count=total)
        rows = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        left = np.repeat(lengths, lengths) - (np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths,
                                                                                             lengths))
        found_rows, found_columns = [], []
        for n, table in tables.items():
            if total < n:
                continue
            span = total - n + 1
            key = np.zeros(span, dtype=np.int64)
            known = left[:span] >= n  # the n-gram ends inside its document
            for k in range(n):
                part = numbers[k:k + span]
                known &= part >= 0
                key = key * base + part
            column = table.get(key[known])
            hit = column >= 0
            found_rows.append(rows[:span][known][hit])
            found_columns.append(column[hit])
        get = self.vocabulary.get
        marker_rows, marker_columns = [], []
        for row, (_, markers) in enumerate(docs):
            for column in map(get, markers):
                if column is not None:
                    marker_rows.append(row)
                    marker_columns.append(column)
        found_rows.append(np.array(marker_rows, dtype=np.int64))
        found_columns.append(np.array(marker_columns, dtype=np.int64))
        all_rows, all_columns = np.concatenate(found_rows), np.concatenate(found_columns)
        order = np.argsort(all_rows, kind="stable")
        indptr = np.concatenate([[0], np.cumsum(np.bincount(all_rows, minlength=len(docs)))])
        return _matrix(all_columns[order], indptr, len(self.vocabulary), self.dtype)

