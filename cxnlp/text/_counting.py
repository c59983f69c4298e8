"""Count matrices of a fitted ``CountVectorizer``'s vocabulary, built without its per-feature loop.

``CountVectorizer.transform`` analyses each document into n-gram strings and counts them in a
Python dict, one feature at a time: most of the time of featurising a comment. Here character
n-grams are looked up once per distinct word (a word's ``char_wb`` n-grams never depend on its
neighbours) and word n-grams are looked up straight in the vocabulary; the matrix is then built
in one piece. The result is the same matrix, element for element and in the same order
(``tests/test_speed_equivalence.py`` compares the two on every kind of text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse as sp

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
    """``CountVectorizer(analyzer="char_wb", ngram_range=...)`` counts for a fixed ``vocabulary``."""

    def __init__(self, vocabulary: dict[str, int], ngram_range: tuple[int, int], dtype=np.float64,
                 cache_size: int = WORD_CACHE_SIZE):
        self.vocabulary = vocabulary
        self.min_n, self.max_n = ngram_range
        self.dtype = dtype
        self.cache_size = cache_size
        self._ids: dict[str, tuple[int, ...]] = {}

    def __getstate__(self):
        """Pickled without the words' cached n-gram ids (refilled as words are met again)."""
        return {**self.__dict__, "_ids": {}}

    def word_ids(self, word: str) -> tuple[int, ...]:
        """Vocabulary ids of ``word``'s n-grams, in order, repeats kept."""
        ids = self._ids.get(word)
        if ids is None:
            get = self.vocabulary.get
            ids = tuple(i for i in map(get, char_wb_ngrams(word, self.min_n, self.max_n)) if i is not None)
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

    def counts(self, docs) -> sp.csr_matrix:
        indices: list[int] = []
        indptr = [0]
        cached, word_ids = self._ids.get, self.word_ids
        for doc in docs:
            # ``split()`` cuts at every run of whitespace, as scikit-learn's analyzer does.
            for word in doc.split():
                ids = cached(word)
                indices += word_ids(word) if ids is None else ids
            indptr.append(len(indices))
        return _matrix(indices, indptr, len(self.vocabulary), self.dtype)


class TermCounter:
    """``CountVectorizer(analyzer=analyzer)`` counts for a fixed ``vocabulary``."""

    def __init__(self, vocabulary: dict[str, int], analyzer, dtype=np.float64):
        self.vocabulary = vocabulary
        self.analyzer = analyzer
        self.dtype = dtype

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
