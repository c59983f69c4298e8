"""``TrainConfig``: the hyperparameters of one training run, validated and written to meta.json."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

import numpy as np

from .exceptions import ConfigError, choices, shown_value

INFERENCE_KEYS = ("review_confidence", "max_chars")
#: The largest seed scikit-learn's fold split takes (2**32 - 1).
MAX_SEED = 2**32 - 1


@dataclass(frozen=True)
class TrainConfig:
    """Hyperparameters of a training run.

    Parameters
    ----------
    word_ngrams, char_ngrams : (min, max) n-gram lengths for lemma words and accent-free characters.
    min_df : a feature must appear in at least this many training texts.
    max_features : cap on the vocabulary of each vectoriser (keeps the model small and fast).
    lexicon : add polarity-lexicon words to the features (see ``cxnlp.text.lexicon``).
    cues : add touchpoint/area cue words to the features (see ``cxnlp.text.cues``).
    antonyms : read a prefixed antonym as its negated stem, 'incómodo' as 'no cómodo' (``cxnlp.text.antonyms``).
    industries : learn industry words from the training data's ``industry`` column, for
        ``classify(..., industry=...)`` (docs/labels.md, "Industry"; ``cxnlp docs labels`` prints it).
    industry_fit : how the industry words are learnt. ``"residual"``: the heads are fitted on the shared
        features alone, then, on the rows that name an industry, industry weights that correct each
        head's out-of-fold scores (regularised like the head: ``C_sentiment``, ``C_labels``); a comment
        classified without an industry is read exactly as by a model trained without industries.
        ``"joint"``: both are learnt together, a share ``industry_dropout`` of the rows featurised
        without their industry (cxnlp's first design; docs/labels.md section 12 compares them).
    industry_dropout : with ``industry_fit="joint"``, the share of the training rows featurised without
        their industry.
    industry_weight : scale of the industry words beside the shared features.
    C_sentiment, C_labels : inverse regularisation of the logistic regressions.
    folds : cross-validation folds used for calibration, thresholds and the reported scores.
    min_examples : a label with fewer training comments than this cannot be learnt (nor one with fewer than 2,
        whatever it says: a label is scored out of fold).
    min_threshold : lowest probability a multi-label threshold may take.
    seed : seed of the fold split, a whole number from 0 to 2**32 - 1; the same data, config and seed give the
        same model.
    """

    word_ngrams: tuple[int, int] = (1, 3)
    char_ngrams: tuple[int, int] = (3, 5)
    min_df: int = 2
    max_features: int = 60_000
    lexicon: bool = True
    cues: bool = True
    antonyms: bool = True
    industries: bool = True
    industry_dropout: float = 0.65
    industry_weight: float = 0.5
    industry_fit: str = "residual"
    C_sentiment: float = 4.0
    C_labels: float = 8.0
    folds: int = 5
    min_examples: int = 10
    min_threshold: float = 0.2
    seed: int = 13

    def __post_init__(self):
        for name in ("word_ngrams", "char_ngrams"):
            value = getattr(self, name)
            pair = tuple(value) if isinstance(value, (tuple, list)) else ()
            if len(pair) != 2 or not all(_is_int(v) for v in pair) or not 1 <= pair[0] <= pair[1]:
                raise ConfigError(f"TrainConfig.{name}={shown_value(value)}: expected (min, max), two whole numbers with "
                                  f"1 <= min <= max.")
            object.__setattr__(self, name, tuple(int(v) for v in pair))
        for name in ("min_df", "max_features", "folds", "min_examples"):
            if not (_is_int(getattr(self, name)) and getattr(self, name) >= 1):
                raise ConfigError(f"TrainConfig.{name}={shown_value(getattr(self, name))}: expected a positive integer.")
            object.__setattr__(self, name, int(getattr(self, name)))  # 5.0 -> 5 (scikit-learn reads 0.5 as a share)
        if not (_is_int(self.seed) and 0 <= self.seed <= MAX_SEED):  # numpy's and scikit-learn's seeds: a bad one
            # failed as "unexpected ValueError" once training had started
            raise ConfigError(f"TrainConfig.seed={shown_value(self.seed)}: expected a whole number from 0 to {MAX_SEED}.")
        object.__setattr__(self, "seed", int(self.seed))
        if self.folds < 2:
            raise ConfigError(f"TrainConfig.folds={self.folds}: expected at least 2.")
        if self.industry_fit not in ("joint", "residual"):
            raise ConfigError(f"TrainConfig.industry_fit={shown_value(self.industry_fit)}: expected 'joint' or 'residual'.")
        for name in ("C_sentiment", "C_labels", "industry_weight"):
            if not (_is_number(getattr(self, name)) and getattr(self, name) > 0):
                raise ConfigError(f"TrainConfig.{name}={shown_value(getattr(self, name))}: expected a positive number.")
        for name in ("min_threshold", "industry_dropout"):
            if not (_is_number(getattr(self, name)) and 0 <= getattr(self, name) <= 1):
                raise ConfigError(f"TrainConfig.{name}={shown_value(getattr(self, name))}: expected a value in [0, 1].")
        for name in ("C_sentiment", "C_labels", "industry_weight", "min_threshold", "industry_dropout"):
            object.__setattr__(self, name, float(getattr(self, name)))  # a NumPy float failed meta.json's writing
        self._check_flags()

    def _check_flags(self) -> None:
        """The switches are booleans: a config file's "false" (text) turned the lexicon on."""
        for name in ("lexicon", "cues", "antonyms", "industries"):
            value = getattr(self, name)
            if not (isinstance(value, (bool, np.bool_)) or _is_int(value) and value in (0, 1)):  # (1: a saved True)
                raise ConfigError(f"TrainConfig.{name}={shown_value(value)}: expected True or False.")
            object.__setattr__(self, name, bool(value))

    def params(self) -> dict:
        """The settings as keyword arguments of ``MultiAxisClassifier``."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def to_dict(self) -> dict:
        """A JSON-ready dict (tuples become lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict) -> "TrainConfig":
        """Rebuild a config from ``to_dict`` output; unknown keys are an error that names them."""
        if not isinstance(data, Mapping):  # (an AttributeError on data.items() before)
            raise ConfigError(f"TrainConfig.from_dict expects a dict of settings (to_dict's output), got "
                              f"{type(data).__name__}.")
        known = {f.name for f in fields(cls)}
        # Inference settings that 0.1 kept here; they now belong to Model / load().
        data = {k: v for k, v in data.items() if k not in INFERENCE_KEYS}
        if "industry_dropout" in data and "industry_fit" not in data:  # saved before the residual fit existed
            data["industry_fit"] = "joint"
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"Unknown TrainConfig keys {unknown}; expected some of {choices(sorted(known))}.")
        return cls(**data)


def _is_int(value) -> bool:
    """A whole number: an integer, or a float such as 5.0 (JSON and YAML configs give those)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, numbers.Integral) or (isinstance(value, float) and value.is_integer())


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
