"""The fitted half of ``TextFeatures``: texts -> TF-IDF rows from a vocabulary and IDF weights.

``TextFeatures`` (``features.py``) learns the vocabularies with scikit-learn's vectorisers;
``FittedFeatures`` holds what they learnt (vocabularies, IDF weights, settings) and computes the same
rows with ``cxnlp.text._counting``'s counters, without scikit-learn: a loaded model uses it
(``cxnlp.heads``). ``_Weighting`` holds what both share: the analysis of a text (normalised,
tokenised once) and the TF-IDF weighting.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import numpy as np

from ._counting import CharCounter, TermCounter
from .cues import cue_tokens
from .lexicon import lexicon_tokens
from .normalize import normalize_text, strip_accents
from .tokenize import SpanishTokenizer

_RE_LETTER = re.compile(r"[^\W\d_]")
SHOUT = "allcapsx"


def shouting(text: str) -> bool:
    """True for ALL CAPS text with at least six letters ('NO FUNCIONA NADA')."""
    # Cheap test first: most text has a lower-case letter early on.
    if text.upper() != text or text.lower() == text:
        return False
    return len(_RE_LETTER.findall(text)) >= 6


def word_ngrams(tokens: list[str], ngram_range: tuple[int, int] = (1, 2)) -> list[str]:
    """Word n-grams of ``tokens`` joined by spaces, shortest first."""
    lo, hi = ngram_range
    grams = list(tokens) if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        grams.extend(map(" ".join, zip(*(tokens[i:] for i in range(n)))))
    return grams


def _doc_features(doc: tuple[list[str], list[str]], ngram_range: tuple[int, int] = (1, 2)) -> list[str]:
    """N-grams of a document's words plus its marker words (lexicon, shouting), which stay unigrams:
    appended to the words they would make bigrams with whatever word happened to come last."""
    words, markers = doc
    return word_ngrams(words, ngram_range) + markers


def _identity(doc: str) -> str:
    return doc


class _Weighting:
    """Analysis and TF-IDF weighting shared by ``TextFeatures`` and ``FittedFeatures``: a subclass
    gives ``_counts(texts)`` (word and character count matrices) and ``_idfs()`` (their IDF weights)."""

    def analyze(self, texts) -> tuple[list[tuple[list[str], list[str]]], list[str]]:
        """Normalise and tokenise each text once: ((word tokens, marker words), text for character n-grams)."""
        # Models saved before an option existed have no attribute for it: they ran without it.
        tokenizer = SpanishTokenizer(antonyms=getattr(self, "antonyms", False))
        words, chars = [], []
        for text in texts:
            # Accents go before tokenising: lemmas are looked up accent-free anyway.
            tokens, char_text = tokenizer.analyze(strip_accents(normalize_text(text)))
            markers = lexicon_tokens(tokens) if self.lexicon else []
            if getattr(self, "cues", False):
                markers.extend(cue_tokens(tokens))
            if shouting(text):
                markers.append(SHOUT)
            words.append((tokens, markers))
            chars.append(char_text)
        return words, chars

    def transform(self, texts):
        """TF-IDF rows of ``texts``, one per text."""
        return self._weigh(self._counts(texts))

    def transform_grouped(self, texts, groups):
        """TF-IDF rows of the comments (summed units, see ``fit_transform``) and of the units themselves."""
        counts = self._counts(texts)
        return self._weigh([_sum_groups(c, groups) for c in counts]), self._weigh(counts)

    def _weigh(self, counts):
        import scipy.sparse as sp  # here: a single comment is scored without SciPy (issue 15 start-up)

        word_idf, char_idf = self._idfs()
        return sp.hstack([_tfidf(counts[0], word_idf), _tfidf(counts[1], char_idf)],
                         format="csr", dtype=np.float32)

    def rows_grouped(self, texts, groups) -> tuple[Rows, Rows] | None:
        """What ``transform_grouped`` gives, as plain ``Rows`` instead of sparse matrices: for a few
        texts, SciPy's constructors cost more than the arithmetic (issue 15). Each row holds the
        same values in the same order as the matrix's, so a product that adds them up in order
        (``cxnlp.heads``) gives the sparse product's floats bit for bit. None without the fast counters."""
        counters = self._counters()
        if not all(counters):
            return None
        docs = self.analyze(texts)
        blocks = []
        for counter, block_docs, idf in zip(counters, docs, self._idfs()):
            units = [_counted(counter.ids(doc)) for doc in block_docs]
            comments = _grouped(units, groups)
            weighted = _weighted(comments + units, idf)  # rows are weighted each on its own
            blocks.append((weighted[:len(comments)], weighted[len(comments):]))
        offset = len(counters[0].vocabulary)
        (word_comments, word_units), (char_comments, char_units) = blocks
        return _side_by_side(word_comments, char_comments, offset), _side_by_side(word_units, char_units, offset)



class FittedFeatures(_Weighting):
    """Fitted text features for prediction: the vocabularies and IDF weights of a ``TextFeatures``."""

    def __init__(self, *, word_ngrams, char_ngrams, min_df, max_features, lexicon, cues, antonyms=False,
                 word_vocabulary: dict[str, int], char_vocabulary: dict[str, int], word_idf, char_idf):
        self.word_ngrams, self.char_ngrams = tuple(word_ngrams), tuple(char_ngrams)
        self.min_df, self.max_features, self.lexicon, self.cues = min_df, max_features, lexicon, cues
        self.antonyms = antonyms
        self.word_idf, self.char_idf = word_idf, char_idf
        analyzer = functools.partial(_doc_features, ngram_range=self.word_ngrams)
        self.word_counter = TermCounter(word_vocabulary, analyzer, dtype=np.float32)
        self.char_counter = CharCounter(char_vocabulary, self.char_ngrams, dtype=np.float32)

    def _counts(self, texts):
        words, chars = self.analyze(texts)
        return [self.word_counter.counts(words), self.char_counter.counts(chars)]

    def _counters(self) -> tuple[TermCounter, CharCounter]:
        return self.word_counter, self.char_counter

    def _idfs(self):
        return self.word_idf, self.char_idf

    def to_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """What ``TextFeatures.to_state`` gives for the features these were read from."""
        params = {"word_ngrams": list(self.word_ngrams), "char_ngrams": list(self.char_ngrams),
                  "min_df": self.min_df, "max_features": self.max_features, "lexicon": bool(self.lexicon),
                  "cues": bool(self.cues), "antonyms": bool(self.antonyms)}
        vocabularies = {name: sorted(counter.vocabulary, key=counter.vocabulary.get)
                        for name, counter in (("word", self.word_counter), ("char", self.char_counter))}
        return ({"params": params, "vocabularies": vocabularies},
                {"features.word_idf": self.word_idf, "features.char_idf": self.char_idf})

    @classmethod
    def from_state(cls, state: dict, arrays) -> FittedFeatures:
        params = state["params"]
        vocabularies, idfs = read_vocabularies(state, arrays)
        return cls(word_ngrams=params["word_ngrams"], char_ngrams=params["char_ngrams"], min_df=params["min_df"],
                   max_features=params["max_features"], lexicon=params["lexicon"], cues=params["cues"],
                   antonyms=params.get("antonyms", False),
                   word_vocabulary=vocabularies["word"], char_vocabulary=vocabularies["char"],
                   word_idf=idfs["word"], char_idf=idfs["char"])


def read_vocabularies(state: dict, arrays) -> tuple[dict[str, dict[str, int]], dict[str, np.ndarray]]:
    """The word and character vocabularies (term -> column) and IDF weights of a saved state, checked."""
    vocabularies, idfs = {}, {}
    for name in ("word", "char"):
        terms = state["vocabularies"][name]
        if not all(isinstance(t, str) for t in terms):
            raise ValueError(f"features: the {name} vocabulary holds non-text entries")
        idf = np.asarray(arrays[f"features.{name}_idf"], dtype=np.float64)
        if idf.shape != (len(terms),):
            raise ValueError(f"features: {len(terms)} {name} terms but {idf.shape} IDF weights")
        vocabularies[name], idfs[name] = {t: i for i, t in enumerate(terms)}, idf
    return vocabularies, idfs


def _tfidf(counts, idf):
    """TfidfTransformer(sublinear_tf=True).transform, without its input validation: (1 + log tf) * idf, rows l2-normalised."""
    X = counts.tocsr().astype(np.float32)  # a copy, whatever the dtype (scipy's astype copies by default)
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    _sublinear_l2(X.data, X.indices, rows, X.shape[0], idf)
    return X


def _sublinear_l2(data, indices, rows, n_rows: int, idf) -> None:
    """In place on float32 ``data`` (entry ``i`` in column ``indices[i]`` of row ``rows[i]``): 1 + log tf,
    times the column's IDF, each row divided by its l2 norm (summed in the entries' order)."""
    np.log(data, out=data)
    data += 1
    data *= idf[indices].astype(np.float32)
    norms = np.sqrt(np.bincount(rows, weights=data.astype(np.float64) ** 2, minlength=n_rows))
    data /= np.where(norms > 0, norms, 1)[rows].astype(np.float32)


class Rows(NamedTuple):
    """A CSR matrix's arrays without the matrix: row ``i`` has ``data[indptr[i]:indptr[i + 1]]`` in columns
    ``indices[indptr[i]:indptr[i + 1]]``."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray


#: From this many ids a row is counted by ``np.unique`` (a character n-gram row has a few hundred), below in a dict.
_UNIQUE_FROM = 100


def _counted(ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """One row of counts as ``_counting``'s matrices hold it: distinct columns sorted, float32 counts."""
    if len(ids) >= _UNIQUE_FROM:
        columns, counts = np.unique(np.asarray(ids, dtype=np.intp), return_counts=True)
        return columns, counts.astype(np.float32)
    counts: dict[int, int] = {}
    for i in ids:
        counts[i] = counts.get(i, 0) + 1
    columns = sorted(counts)
    return np.array(columns, dtype=np.intp), np.array([counts[c] for c in columns], dtype=np.float32)


def _grouped(units: list, groups) -> list[tuple[np.ndarray, np.ndarray]]:
    """``_sum_groups`` on rows: each group's units added up, its columns in the order SciPy's sparse
    product leaves them (csr_matmat lists a row's columns from the last first seen to the first)."""
    members: list[list[int]] = [[] for _ in range(max(groups) + 1 if len(groups) else 0)]
    for unit, group in enumerate(groups):
        members[group].append(unit)
    rows = []
    for unit_ids in members:
        if len(unit_ids) == 1:  # the unit's own row, listed backwards
            columns, counts = units[unit_ids[0]]
            rows.append((columns[::-1].copy(), counts[::-1].copy()))
            continue
        total: dict[int, float] = {}
        for unit in unit_ids:
            columns, counts = units[unit]
            for column, count in zip(columns.tolist(), counts.tolist()):
                total[column] = total.get(column, 0.0) + count
        columns = list(total)[::-1]
        rows.append((np.array(columns, dtype=np.intp), np.array([total[c] for c in columns], dtype=np.float32)))
    return rows


def _weighted(rows: list, idf) -> list[tuple[np.ndarray, np.ndarray]]:
    """``_tfidf`` on rows of counts."""
    if not rows:
        return []
    lengths = [len(columns) for columns, _ in rows]
    indices = np.concatenate([columns for columns, _ in rows])
    data = np.concatenate([counts for _, counts in rows]).astype(np.float32)
    _sublinear_l2(data, indices, np.repeat(np.arange(len(rows)), lengths), len(rows), idf)
    bounds = np.cumsum([0, *lengths]).tolist()
    return [(rows[i][0], data[bounds[i]:bounds[i + 1]]) for i in range(len(rows))]


def _side_by_side(left: list, right: list, offset: int) -> Rows:
    """``sp.hstack([left, right])`` on rows: each row's left columns, then its right ones shifted by ``offset``."""
    parts_i, parts_d, indptr = [], [], [0]
    for (left_columns, left_data), (right_columns, right_data) in zip(left, right):
        parts_i += [left_columns, right_columns + offset]
        parts_d += [left_data, right_data]
        indptr.append(indptr[-1] + len(left_columns) + len(right_columns))
    if not parts_i:
        return Rows(np.zeros(1, dtype=np.intp), np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32))
    return Rows(np.asarray(indptr, dtype=np.intp), np.concatenate(parts_i), np.concatenate(parts_d))


def _sum_groups(counts, groups):
    """Rows of ``counts`` summed per group (``groups[i]`` is the group of row i); unchanged without groups."""
    if groups is None:
        return counts
    import scipy.sparse as sp

    groups = np.asarray(groups)
    n_groups = int(groups.max()) + 1 if len(groups) else 0
    matrix = sp.csr_matrix((np.ones(len(groups), dtype=np.float32), (groups, np.arange(len(groups)))),
                           shape=(n_groups, len(groups)))
    return (matrix @ counts).tocsr()
