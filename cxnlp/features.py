"""Features shared by every axis: lemma word n-grams (with negation marks) and accent-free
character n-grams, both TF-IDF weighted. Each text is normalised and tokenised once."""

from __future__ import annotations

import functools
import re

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

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
        grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return grams


def _identity(doc: str) -> str:
    return doc


class TextFeatures(TransformerMixin, BaseEstimator):
    """Texts -> sparse TF-IDF matrix of word and character n-grams.

    Parameters
    ----------
    word_ngrams, char_ngrams : (min, max) n-gram lengths.
    min_df : minimum document frequency of a feature.
    max_features : vocabulary cap of each of the two vectorisers.
    lexicon : add ``lexpos``/``lexneg`` words from the polarity lexicon (``cxnlp.lexicon``).
    """

    def __init__(self, *, word_ngrams=(1, 2), char_ngrams=(3, 5), min_df=2, max_features=60_000, lexicon=True):
        self.word_ngrams = word_ngrams
        self.lexicon = lexicon
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_features = max_features

    def analyze(self, texts) -> tuple[list[list[str]], list[str]]:
        """Normalise and tokenise each text once: (word tokens, accent-free normalised text)."""
        tokenizer = SpanishTokenizer()
        words, chars = [], []
        for text in texts:
            # Accents go before tokenising: lemmas are looked up accent-free anyway.
            tokens, char_text = tokenizer.analyze(strip_accents(normalize_text(text)))
            if shouting(text):
                tokens.append(SHOUT)
            if self.lexicon:
                tokens.extend(lexicon_tokens(tokens))
            words.append(tokens)
            chars.append(char_text)
        return words, chars

    def fit(self, texts, y=None):
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts, y=None):
        words, chars = self.analyze(texts)
        self.word_ = TfidfVectorizer(
            analyzer=functools.partial(word_ngrams, ngram_range=tuple(self.word_ngrams)),
            min_df=self.min_df, max_features=self.max_features, sublinear_tf=True, dtype=np.float32,
        )
        self.char_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=tuple(self.char_ngrams), preprocessor=_identity,
            lowercase=False, min_df=self.min_df, max_features=self.max_features, sublinear_tf=True,
            dtype=np.float32,
        )
        return sp.hstack([self.word_.fit_transform(words), self.char_.fit_transform(chars)], format="csr")

    def transform(self, texts):
        check_is_fitted(self, ("word_", "char_"))
        words, chars = self.analyze(texts)
        return sp.hstack([self.word_.transform(words), self.char_.transform(chars)], format="csr")
