"""The fitted half of ``TextFeatures``: texts -> TF-IDF rows from a vocabulary and IDF weights.

``TextFeatures`` (``features.py``) learns the vocabularies with scikit-learn's vectorisers;
``FittedFeatures`` holds what they learnt (vocabularies, IDF weights, settings) and computes the same
rows with ``cxnlp.text._counting``'s counters, without scikit-learn: a loaded model uses it
(``cxnlp.heads``). ``_Weighting`` holds what both share: the analysis of a text (normalised,
tokenised once) and the TF-IDF weighting.
"""

from __future__ import annotations

import functools
import itertools
import re

import numpy as np

from ._counting import CharCounter, TermCounter, WordCounter, _matrix
from ._rows import Rows, side_by_side, sum_groups, tfidf, weighted_rows
from .cues import cue_tokens
from .lexicon import lexicon_tokens
from .normalize import normalize_many
from .tokenize import SpanishTokenizer

_RE_LETTER = re.compile(r"[^\W\d_]")
SHOUT = "allcapsx"
#: Joins an industry and a word into one industry word ('hotels_restaurants\x1fservicio'): normalised text
#: holds no control characters, so no token of a comment can be one.
INDUSTRY_SEP = "\x1f"


def industry_words(tokens: list[str], industry: str) -> list[str]:
    """The industry words of a comment from ``industry``: each of its words (lemmas, ``neg_`` marks; no
    punctuation) paired with the industry, and the industry alone. With them a model learns what a word
    means in one industry ("servicio" is the staff in a restaurant, the service itself at a telecom)
    on top of what it means everywhere."""
    prefix = industry + INDUSTRY_SEP
    return [prefix + t for t in tokens if t[0].isalnum() or t.startswith("neg_")] + [prefix]


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


_NO_TABLE: tuple[dict, None] = ({}, None)


def _industry_tables(counter) -> dict[str, tuple[dict[str, int], int | None]]:
    """Per industry, its words' columns in ``counter``'s vocabulary of industry words (keyed by the word
    alone) and the column of the industry alone: built once per counter."""
    tables = counter.__dict__.get("_industry_tables")
    if tables is None:
        tables = {}
        for key, column in counter.vocabulary.items():
            industry, _, word = key.partition(INDUSTRY_SEP)
            words, alone = tables.get(industry, ({}, None))
            if word:
                words[word] = column
            else:
                alone = column
            tables[industry] = (words, alone)
        counter.__dict__["_industry_tables"] = tables
    return tables


def _industry_grid(counter) -> tuple[dict[str, int], dict[str, int], np.ndarray, np.ndarray]:
    """``_industry_tables`` as arrays, built once per counter: a number for each word of any industry, a row for
    each industry, the column of (industry row, word number) (-1: none) and of each industry alone (-1: none)."""
    grid = counter.__dict__.get("_industry_grid")
    if grid is None:
        tables = _industry_tables(counter)
        numbering = {w: k for k, w in enumerate(dict.fromkeys(w for words, _ in tables.values() for w in words))}
        rows_of = {industry: row for row, industry in enumerate(tables)}
        columns = np.full((len(tables), len(numbering)), -1, dtype=np.int64)
        alone = np.full(len(tables), -1, dtype=np.int64)
        for industry, (words, column) in tables.items():
            row = rows_of[industry]
            columns[row, [numbering[w] for w in words]] = list(words.values())
            alone[row] = -1 if column is None else column
        grid = (numbering, rows_of, columns, alone)
        counter.__dict__["_industry_grid"] = grid
    return grid


class _Weighting:
    """Analysis and TF-IDF weighting shared by ``TextFeatures`` and ``FittedFeatures``: a subclass
    gives ``_shared_counts(words, chars)`` (word and character count matrices of analysed texts;
    ``_counts`` adds the industry words' for a model that learnt industries), ``_idfs()`` (their IDF
    weights), ``_counters()`` (fast word and character counters) and ``_industry_counter()``.

    Industry words (``industry_words``) are a block of their own, weighed and normalised on their own
    and scaled by ``industry_weight``: a comment's word and character features are the same with or
    without an industry, which only adds evidence. Below 1 the weight makes an industry word cost more
    to learn than the shared word, so a word that means the same everywhere keeps its weight in the
    shared features (what a comment classified without an industry is read by).
    """

    def industry_docs(self, words, industries) -> list[list[str]]:
        """Each analysed text's industry words (``industries``: one industry for every text, or one per
        text, None for a text without)."""
        if isinstance(industries, str) or industries is None:
            industries = itertools.repeat(industries)
        return [industry_words(tokens, industry) if industry is not None else []
                for (tokens, _), industry in zip(words, industries)]

    def industry_ids(self, words, industries) -> list[list[int]]:
        """What ``_industry_counter().ids`` gives for each of ``industry_docs(words, industries)``, looked
        up per industry without building the paired strings."""
        tables = _industry_tables(self._industry_counter())
        if isinstance(industries, str) or industries is None:
            industries = itertools.repeat(industries)
        out = []
        for (tokens, _), industry in zip(words, industries):
            table, alone = tables.get(industry, _NO_TABLE) if industry is not None else _NO_TABLE
            get = table.get
            ids = [i for i in map(get, tokens) if i is not None]
            if alone is not None:
                ids.append(alone)
            out.append(ids)
        return out

    def _industry_counts(self, words, industries):
        """The count matrix of ``industry_ids(words, industries)``, looked up a batch at a time in NumPy
        (``_industry_grid``)."""
        counter = self._industry_counter()
        numbering, rows_of, grid, alone = _industry_grid(counter)
        if isinstance(industries, str) or industries is None:
            industries = itertools.repeat(industries, len(words))
        industry_rows = np.fromiter((-1 if i is None else rows_of.get(i, -1) for i in industries), dtype=np.int64,
                                    count=len(words))
        lengths = np.fromiter((len(tokens) for tokens, _ in words), dtype=np.int64, count=len(words))
        numbers = np.fromiter(map(numbering.get, itertools.chain.from_iterable(tokens for tokens, _ in words),
                                  itertools.repeat(-1)), dtype=np.int64, count=int(lengths.sum()))
        texts = np.repeat(np.arange(len(words), dtype=np.int64), lengths)
        token_rows = industry_rows[texts]
        known = (numbers >= 0) & (token_rows >= 0)
        columns = grid[token_rows[known], numbers[known]]
        found = columns >= 0
        named = np.flatnonzero(industry_rows >= 0)
        alone_columns = alone[industry_rows[named]]
        texts = np.concatenate([texts[known][found], named[alone_columns >= 0]])
        columns = np.concatenate([columns[found], alone_columns[alone_columns >= 0]])
        order = np.argsort(texts, kind="stable")
        indptr = np.concatenate([[0], np.cumsum(np.bincount(texts, minlength=len(words)))])
        return _matrix(columns[order], indptr, len(counter.vocabulary), counter.dtype)

    def analyze(self, texts) -> tuple[list[tuple[list[str], list[str]]], list[str]]:
        """Normalise and tokenise each text once: ((word tokens, marker words), text for character n-grams)."""
        # Models saved before an option existed have no attribute for it: they ran without it.
        tokenizer = SpanishTokenizer(antonyms=getattr(self, "antonyms", False))
        version, cues_version = getattr(self, "lexicon_version", 1), getattr(self, "cues_version", 1)
        words, chars = [], []
        texts = texts if isinstance(texts, list) else list(texts)
        for text, normalised in zip(texts, normalize_many(texts)):
            # The tokenizer strips accents before tokenising: lemmas are looked up accent-free anyway.
            tokens, char_text = tokenizer.analyze(normalised)
            markers = lexicon_tokens(tokens, version) if self.lexicon else []
            if getattr(self, "cues", False):
                markers.extend(cue_tokens(tokens, cues_version))
            if shouting(text):
                markers.append(SHOUT)
            words.append((tokens, markers))
            chars.append(char_text)
        return words, chars

    def _counts(self, texts, industries=None):
        """Count matrices of ``texts``: words and characters (``_shared_counts``), then industry words when
        the model learnt them and ``industries`` names some."""
        words, chars = self.analyze(texts)
        counts = self._shared_counts(words, chars)
        if getattr(self, "industries_", ()) and industries is not None:
            counts.append(self._industry_counts(words, industries))
        return counts

    def transform_grouped_recognising(self, texts, groups, recognise):
        """``transform_grouped`` with each comment's industry chosen from its own rows without one:
        ``recognise(comment rows)`` gives one industry (or None) per comment. Each text is analysed once.
        Returns the comment rows, the unit rows and the industries chosen."""
        words, chars = self.analyze(texts)
        counts = self._shared_counts(words, chars)
        comments = self._weighed_blocks([sum_groups(c, groups) for c in counts])
        chosen = recognise(self._stack(comments))
        industry = self._industry_counts(words, [chosen[g] for g in groups])
        comments.extend(self._weighed_blocks([sum_groups(industry, groups)], first=len(counts)))
        return self._stack(comments), self._weigh([*counts, industry]), chosen

    def transform(self, texts, industries=None):
        """TF-IDF rows of ``texts``, one per text (``industries`` as in ``industry_docs``)."""
        return self._weigh(self._counts(texts, industries))

    def transform_grouped(self, texts, groups, industries=None):
        """TF-IDF rows of the comments (summed units, see ``fit_transform``) and of the units themselves."""
        counts = self._counts(texts, industries)
        return self._weigh([sum_groups(c, groups) for c in counts]), self._weigh(counts)

    def _weigh(self, counts):
        """TF-IDF rows of each block of ``counts``, side by side. Without industry words (a model that has
        none, or texts classified without an industry) the rows still span the industry block's columns,
        all empty."""
        return self._stack(self._weighed_blocks(counts))

    def _weighed_blocks(self, counts, first: int = 0) -> list:
        """TF-IDF rows of each block of ``counts``, the blocks numbered from ``first`` (the third, industry
        words, scaled by ``industry_weight``)."""
        blocks = [tfidf(c, idf) for c, idf in zip(counts, self._idfs()[first:])]
        if first + len(blocks) == 3:
            blocks[-1].data *= np.float32(self.industry_weight)
        return blocks

    def _stack(self, blocks):
        """Weighed blocks side by side, spanning every block's columns (empty where a block is missing)."""
        import scipy.sparse as sp  # here: a single comment is scored without SciPy (issue 15 start-up)

        X = sp.hstack(blocks, format="csr", dtype=np.float32)
        width = sum(len(idf) for idf in self._idfs())
        if X.shape[1] < width:
            X.resize((X.shape[0], width))  # adds empty columns: the same rows, nothing copied
        return X

    def rows_grouped(self, texts, groups, industries=None, recognise=None) -> tuple[Rows, Rows] | None:
        """What ``transform_grouped`` gives, as plain ``Rows`` instead of sparse matrices: for a few
        texts, SciPy's constructors cost more than the arithmetic (issue 15). Each row holds the
        same values in the same order as the matrix's, so a product that adds them up in order
        (``cxnlp.heads``) gives the sparse product's floats bit for bit. With ``recognise`` (as in
        ``transform_grouped_recognising``) each comment's industry is chosen from its rows without one.
        None without the fast counters."""
        counters = self._counters()
        if not all(counters):
            return None
        docs = self.analyze(texts)
        idf, starts = self._block_weights()
        comments, units = weighted_rows([[c.ids(d) for d in block] for c, block in zip(counters, docs)],
                                         starts, groups, idf)
        if recognise is not None:
            chosen = recognise(side_by_side(comments))
            industries = [chosen[g] for g in groups]
        # Without an industry the block is empty: left out (the rows' columns are the same either way).
        if getattr(self, "industries_", ()) and industries is not None:
            (comment_block,), (unit_block,) = weighted_rows(
                [self.industry_ids(docs[0], industries)], starts[len(counters):], groups, idf)
            for _, data in (*comment_block, *unit_block):
                data *= np.float32(self.industry_weight)
            comments, units = [*comments, comment_block], [*units, unit_block]
        return side_by_side(comments), side_by_side(units)

    def _block_weights(self) -> tuple[np.ndarray, list[int]]:
        """Every block's IDF weights end to end (the columns of ``transform``'s matrix) and the column where
        each block starts: made once per fitted model."""
        idfs = self._idfs()
        cached = self.__dict__.get("_block_weights_cache")
        if cached is None or len(cached[0]) != len(idfs) or any(a is not b for a, b in zip(cached[0], idfs)):
            starts = list(itertools.accumulate((len(idf) for idf in idfs), initial=0))[:-1]
            cached = (idfs, np.concatenate(idfs), starts)
            self.__dict__["_block_weights_cache"] = cached  # not learnt state (TextFeatures.__getstate__ drops it)
        return cached[1], cached[2]


class FittedFeatures(_Weighting):
    """Fitted text features for prediction: the vocabularies and IDF weights of a ``TextFeatures``."""

    def __init__(self, *, word_ngrams, char_ngrams, min_df, max_features, lexicon, cues, antonyms=False,
                 lexicon_version=1, cues_version=1, industries=(), industry_weight=1.0,
                 word_vocabulary: dict[str, int], char_vocabulary: dict[str, int], word_idf, char_idf,
                 industry_vocabulary: dict[str, int] | None = None, industry_idf=None):
        self.word_ngrams, self.char_ngrams = tuple(word_ngrams), tuple(char_ngrams)
        self.min_df, self.max_features, self.lexicon, self.cues = min_df, max_features, lexicon, cues
        self.antonyms, self.lexicon_version, self.cues_version = antonyms, lexicon_version, cues_version
        self.industries_, self.industry_weight = tuple(industries), float(industry_weight)
        # as read (TextFeatures saves float32), for to_state: a load and save rewrote them as float64
        self._saved_idfs = {"word": word_idf, "char": char_idf, "industry": industry_idf}
        self.word_idf, self.char_idf, self.industry_idf = (None if idf is None else np.asarray(idf, dtype=np.float64)
                                                           for idf in (word_idf, char_idf, industry_idf))
        analyzer = functools.partial(_doc_features, ngram_range=self.word_ngrams)
        self.word_counter = WordCounter(word_vocabulary, self.word_ngrams, analyzer, dtype=np.float32)
        self.char_counter = CharCounter(char_vocabulary, self.char_ngrams, dtype=np.float32)
        self.industry_counter = (TermCounter(industry_vocabulary, _identity, dtype=np.float32)
                                 if self.industries_ else None)

    def _shared_counts(self, words, chars):
        return [self.word_counter.counts(words), self.char_counter.counts(chars)]

    def _counters(self) -> tuple[TermCounter, CharCounter]:
        return self.word_counter, self.char_counter

    def _industry_counter(self) -> TermCounter | None:
        return self.industry_counter

    def _idfs(self):
        return (self.word_idf, self.char_idf, self.industry_idf) if self.industries_ else (self.word_idf, self.char_idf)

    def to_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """What ``TextFeatures.to_state`` gives for the features these were read from."""
        params = {"word_ngrams": list(self.word_ngrams), "char_ngrams": list(self.char_ngrams),
                  "min_df": self.min_df, "max_features": self.max_features, "lexicon": bool(self.lexicon),
                  "cues": bool(self.cues), "antonyms": bool(self.antonyms), "lexicon_version": self.lexicon_version,
                  "cues_version": self.cues_version}
        counters = [("word", self.word_counter), ("char", self.char_counter)]
        arrays = {"features.word_idf": self._saved_idfs["word"], "features.char_idf": self._saved_idfs["char"]}
        if self.industries_:
            params.update(industries=list(self.industries_), industry_weight=self.industry_weight)
            counters.append(("industry", self.industry_counter))
            arrays["features.industry_idf"] = self._saved_idfs["industry"]
        vocabularies = {name: sorted(counter.vocabulary, key=counter.vocabulary.get) for name, counter in counters}
        return {"params": params, "vocabularies": vocabularies}, arrays

    @classmethod
    def from_state(cls, state: dict, arrays) -> FittedFeatures:
        params = state["params"]
        _check_params(params)
        vocabularies, idfs = read_vocabularies(state, arrays)
        return cls(word_ngrams=params["word_ngrams"], char_ngrams=params["char_ngrams"], min_df=params["min_df"],
                   max_features=params["max_features"], lexicon=params["lexicon"], cues=params["cues"],
                   antonyms=params.get("antonyms", False), lexicon_version=params.get("lexicon_version", 1),
                   cues_version=params.get("cues_version", 1), industries=_industries(params),
                   industry_weight=params.get("industry_weight", 1.0),
                   word_vocabulary=vocabularies["word"], char_vocabulary=vocabularies["char"],
                   word_idf=idfs["word"], char_idf=idfs["char"],
                   industry_vocabulary=vocabularies.get("industry"), industry_idf=idfs.get("industry"))


#: The n-gram lengths a saved state may ask for: a model file is data, and 'word_ngrams': [1, 10000] would
#: make each comment cost minutes (the features of any cxnlp model lie well inside these).
MAX_WORD_NGRAM, MAX_CHAR_NGRAM = 6, 10


def _check_params(params: dict) -> None:
    """The settings of a saved state that decide how text is read, checked before any is used."""
    from . import cues, lexicon

    for name, most in (("word_ngrams", MAX_WORD_NGRAM), ("char_ngrams", MAX_CHAR_NGRAM)):
        value = params.get(name)
        if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)
                and 1 <= value[0] <= value[1] <= most):
            raise ValueError(f"features: '{name}' must be [shortest, longest] with 1 <= shortest <= longest <= {most}, "
                             f"not {value!r}")
    for name in ("lexicon", "cues", "antonyms"):
        if not isinstance(params.get(name, False), bool):
            raise ValueError(f"features: '{name}' must be true or false")
    for name, known in (("lexicon_version", lexicon.VERSIONS), ("cues_version", cues.VERSIONS)):
        version = params.get(name, 1)
        if type(version) is not int or version not in known:
            raise ValueError(f"features: '{name}' is {version!r}; this cxnlp reads versions {known}")


def _industries(params: dict) -> tuple[str, ...]:
    """The industries a saved state learnt (none in models saved before industries existed), checked."""
    industries = params.get("industries", [])
    if not isinstance(industries, list) or not all(isinstance(i, str) and i for i in industries):
        raise ValueError("features: 'industries' must be a list of names")
    weight = params.get("industry_weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 10:
        raise ValueError("features: 'industry_weight' must be a number in (0, 10]")
    return tuple(industries)


def read_vocabularies(state: dict, arrays) -> tuple[dict[str, dict[str, int]], dict[str, np.ndarray]]:
    """The word and character vocabularies (term -> column) and IDF weights of a saved state, checked."""
    vocabularies, idfs = {}, {}
    for name in ("word", "char", *(("industry",) if _industries(state["params"]) else ())):
        terms = state["vocabularies"][name]
        if not all(isinstance(t, str) for t in terms):
            raise ValueError(f"features: the {name} vocabulary holds non-text entries")
        idf = np.asarray(arrays[f"features.{name}_idf"])  # as saved: FittedFeatures weighs with it as float64
        if idf.dtype.kind not in "fiu":
            raise ValueError(f"features: the {name} IDF weights are not numbers")
        if idf.shape != (len(terms),):
            raise ValueError(f"features: {len(terms)} {name} terms but {idf.shape} IDF weights")
        if not np.isfinite(idf).all():
            raise ValueError(f"features: the {name} IDF weights hold NaN or infinite values")
        vocabularies[name], idfs[name] = {t: i for i, t in enumerate(terms)}, idf
    return vocabularies, idfs
