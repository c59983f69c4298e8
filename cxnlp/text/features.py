"""Features shared by every axis: lemma word n-grams (with negation marks) and accent-free
character n-grams, both TF-IDF weighted. Each text is normalised and tokenised once."""

from __future__ import annotations

import functools

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.utils.validation import check_is_fitted

from ._counting import CharCounter, TermCounter, WordCounter
from .cues import CUES_VERSION
from ._rows import sum_groups
from .fitted import (  # noqa: F401  (SHOUT and shouting: imported from here by bench/speed.py and tests)
    SHOUT,
    _doc_features,
    _identity,
    _industries,
    _Weighting,
    read_vocabularies,
    shouting,
)
from .lexicon import LEXICON_VERSION


class TextFeatures(_Weighting, TransformerMixin, BaseEstimator):
    """Texts -> sparse TF-IDF matrix of word and character n-grams.

    Parameters
    ----------
    word_ngrams, char_ngrams : (min, max) n-gram lengths.
    min_df : minimum document frequency of a feature.
    max_features : vocabulary cap of each of the two vectorisers.
    lexicon : add ``lexpos``/``lexneg`` words from the polarity lexicon (``cxnlp.text.lexicon``).
    cues : add ``cue_<label>`` words from the touchpoint and area cue lexicon (``cxnlp.text.cues``).
    antonyms : read a prefixed antonym as its negated stem, 'incómodo' as 'no cómodo' (``cxnlp.text.antonyms``).
    lexicon_version, cues_version : which polarity lexicon and cue lexicon (``cxnlp.text.lexicon.VERSIONS``,
        ``cxnlp.text.cues.VERSIONS``); a model keeps the ones it was trained with, models saved before
        versions existed read version 1.
    industry_weight : scale of the industry word block (``fitted._Weighting``), learnt when ``fit`` is
        given industries.
    """

    def __init__(self, *, word_ngrams=(1, 3), char_ngrams=(3, 5), min_df=2, max_features=60_000, lexicon=True,
                 cues=True, antonyms=True, lexicon_version=LEXICON_VERSION, cues_version=CUES_VERSION,
                 industry_weight=0.5):
        self.industry_weight = industry_weight
        self.word_ngrams = word_ngrams
        self.lexicon = lexicon
        self.cues = cues
        self.antonyms = antonyms
        self.lexicon_version = lexicon_version
        self.cues_version = cues_version
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_features = max_features

    def fit(self, texts, y=None, groups=None, industries=None):
        self.fit_transform(texts, groups=groups, industries=industries)
        return self

    def fit_transform(self, texts, y=None, groups=None, industries=None):
        """Fit the vocabularies on ``texts`` and return TF-IDF rows.

        With ``groups`` (for each text, the index of the comment it belongs to), ``texts`` are the
        opinion units of comments and one row per comment is returned, built from the sum of its
        units' counts: prediction featurises each unit once and gets the comment from the same counts.

        ``industries`` (one per text, None for a text without) adds a block of industry words
        (``fitted.industry_words``); ``industries_`` lists those seen.
        """
        texts = list(texts)
        self.industries_ = tuple(sorted({i for i in industries if i is not None})) if industries is not None else ()
        words, chars = self.analyze(texts)
        self.word_, self.char_ = self._vectorizers()
        counts = [sum_groups(self.word_.fit_transform(words), groups),
                  sum_groups(self.char_.fit_transform(chars), groups)]
        self.word_idf_ = TfidfTransformer(sublinear_tf=True).fit(counts[0])
        self.char_idf_ = TfidfTransformer(sublinear_tf=True).fit(counts[1])
        if self.industries_:
            self.industry_ = self._industry_vectorizer()
            counts.append(sum_groups(self.industry_.fit_transform(self.industry_docs(words, industries)), groups))
            self.industry_idf_ = TfidfTransformer(sublinear_tf=True).fit(counts[2])
        return self._weigh(counts)

    def _shared_counts(self, words, chars):
        check_is_fitted(self, ("word_", "char_"))
        word, char = self._counters()
        return [word.counts(words) if word else self.word_.transform(words),
                char.counts(chars) if char else self.char_.transform(chars)]

    def _industry_counter(self) -> TermCounter:
        cached = self.__dict__.get("_industry_counter_cache")
        if cached is None or cached[0] is not self.industry_.vocabulary_:
            cached = (self.industry_.vocabulary_, TermCounter(self.industry_.vocabulary_, _identity, dtype=np.float32))
            self.__dict__["_industry_counter_cache"] = cached
        return cached[1]

    def _counters(self) -> tuple[TermCounter | None, CharCounter | None]:
        """Fast counters equal to ``word_.transform`` and ``char_.transform`` (``cxnlp.text._counting``),
        made once per fitted vocabulary; None for a vectoriser set up otherwise (old pickles)."""
        key = (self.word_, self.word_.vocabulary_, self.char_, self.char_.vocabulary_)
        cached = self.__dict__.get("_counters_cache")
        if cached is None or any(a is not b for a, b in zip(cached[0], key)):
            cached = (key, _term_counter(self.word_), _char_counter(self.char_))
            self.__dict__["_counters_cache"] = cached  # not a parameter nor learnt state: see __getstate__
        return cached[1], cached[2]

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_counters_cache", None)
        state.pop("_industry_counter_cache", None)
        state.pop("_block_weights_cache", None)
        return state

    def to_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """Parameters and vocabularies (JSON-ready) and IDF weights (arrays), for ``from_state``."""
        check_is_fitted(self, ("word_", "char_"))
        params = {"word_ngrams": list(self.word_ngrams), "char_ngrams": list(self.char_ngrams), "min_df": self.min_df,
                  "max_features": self.max_features, "lexicon": bool(self.lexicon),
                  "cues": bool(getattr(self, "cues", False)), "antonyms": bool(getattr(self, "antonyms", False)),
                  "lexicon_version": getattr(self, "lexicon_version", 1),
                  "cues_version": getattr(self, "cues_version", 1)}
        vectorizers = [("word", self.word_), ("char", self.char_)]
        arrays = {"features.word_idf": self.word_idf_.idf_, "features.char_idf": self.char_idf_.idf_}
        if getattr(self, "industries_", ()):
            params.update(industries=list(self.industries_), industry_weight=float(self.industry_weight))
            vectorizers.append(("industry", self.industry_))
            arrays["features.industry_idf"] = self.industry_idf_.idf_
        vocabularies = {name: sorted(vec.vocabulary_, key=vec.vocabulary_.get) for name, vec in vectorizers}
        return {"params": params, "vocabularies": vocabularies}, arrays

    @classmethod
    def from_state(cls, state: dict, arrays) -> TextFeatures:
        params = state["params"]
        self = cls(word_ngrams=tuple(params["word_ngrams"]), char_ngrams=tuple(params["char_ngrams"]),
                   min_df=params["min_df"], max_features=params["max_features"], lexicon=params["lexicon"],
                   cues=params["cues"], antonyms=params.get("antonyms", False),
                   lexicon_version=params.get("lexicon_version", 1), cues_version=params.get("cues_version", 1),
                   industry_weight=params.get("industry_weight", 1.0))
        self.industries_ = _industries(params)
        self.word_, self.char_ = self._vectorizers()
        vectorizers = [("word", self.word_), ("char", self.char_)]
        if self.industries_:
            self.industry_ = self._industry_vectorizer()
            vectorizers.append(("industry", self.industry_))
        vocabularies, idfs = read_vocabularies(state, arrays)
        for name, vec in vectorizers:
            vec.vocabulary_ = vocabularies[name]
            transformer = TfidfTransformer(sublinear_tf=True)
            transformer.idf_ = np.asarray(idfs[name], dtype=np.float64)
            setattr(self, f"{name}_idf_", transformer)
        return self

    def _vectorizers(self):
        word = CountVectorizer(
            analyzer=functools.partial(_doc_features, ngram_range=tuple(self.word_ngrams)),
            min_df=self.min_df, max_features=self.max_features, dtype=np.float32)
        char = CountVectorizer(
            analyzer="char_wb", ngram_range=tuple(self.char_ngrams), preprocessor=_identity, lowercase=False,
            min_df=self.min_df, max_features=self.max_features, dtype=np.float32)
        return word, char

    def _industry_vectorizer(self):
        return CountVectorizer(analyzer=_identity, min_df=self.min_df, max_features=self.max_features, dtype=np.float32)

    def _idfs(self):
        if getattr(self, "industries_", ()):
            return self.word_idf_.idf_, self.char_idf_.idf_, self.industry_idf_.idf_
        return self.word_idf_.idf_, self.char_idf_.idf_

def _sparse_output(vectorizer) -> bool:
    """Whether ``vectorizer.transform`` would return a plain CSR matrix (scikit-learn's default
    ``sparse_interface``), so that a fast counter can stand in for it."""
    from sklearn import get_config

    return (get_config().get("sparse_interface", "spmatrix") == "spmatrix" and not vectorizer.binary
            and isinstance(vectorizer.vocabulary_, dict))


def _term_counter(vectorizer) -> TermCounter | None:
    analyzer = vectorizer.analyzer
    if not (_sparse_output(vectorizer) and isinstance(analyzer, functools.partial)
            and analyzer.func is _doc_features and not analyzer.args):
        return None
    return WordCounter(vectorizer.vocabulary_, analyzer.keywords.get("ngram_range", (1, 2)), analyzer,
                       dtype=vectorizer.dtype)


def _char_counter(vectorizer) -> CharCounter | None:
    if not (_sparse_output(vectorizer) and vectorizer.analyzer == "char_wb" and vectorizer.preprocessor is _identity
            and vectorizer.input == "content"):
        return None
    return CharCounter(vectorizer.vocabulary_, tuple(vectorizer.ngram_range), dtype=vectorizer.dtype)


