"""MultiAxisClassifier keeps the scikit-learn estimator contract; settings errors are ConfigErrors."""

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, KFold

import cxnlp
from cxnlp.classify import MultiAxisClassifier
from cxnlp.exceptions import ConfigError, CxnlpError

FAST = dict(folds=2, min_examples=3, max_features=3000, min_df=1)


@pytest.fixture(scope="module")
def sample(common_corpus):
    # A 2-fold search on 240 rows needs a few examples of every label in each fold.
    rows = common_corpus.groupby("sentiment", group_keys=False).sample(n=60, random_state=2).reset_index(drop=True)
    return rows["text"].tolist(), rows[["sentiment", "touchpoints", "areas"]]


def test_hyperparameters_are_init_arguments():
    est = MultiAxisClassifier(C_labels=3.0, word_ngrams=(1, 2))
    params = est.get_params()
    assert params["C_labels"] == 3.0 and params["word_ngrams"] == (1, 2) and params["cues"] is True
    est.set_params(C_labels=5.0)
    copy = clone(est)
    assert copy is not est and copy.get_params() == est.get_params()
    assert copy.config.C_labels == 5.0


@pytest.mark.slow  # trains a model (the default run's time budget)
def test_predict_and_predict_proba_per_axis(sample):
    texts, labels = sample
    est = MultiAxisClassifier(**FAST).fit(texts, labels)
    proba = est.predict_proba(texts[:5])
    assert set(proba) == {"sentiment", "touchpoints", "areas"}
    assert proba["sentiment"].shape == (5, len(est.classes_["sentiment"]))
    np.testing.assert_allclose(proba["sentiment"].sum(axis=1), 1, atol=1e-6)
    pred = est.predict(texts[:5])
    assert list(pred.columns) == ["sentiment", "touchpoints", "areas"]
    assert all(isinstance(t, tuple) and t for t in pred["touchpoints"])
    assert set(pred["sentiment"]) <= set(est.classes_["sentiment"])
    assert 0.0 <= est.score(texts, labels) <= 1.0


@pytest.mark.slow
def test_grid_search_over_one_hyperparameter(sample):
    texts, labels = sample
    search = GridSearchCV(MultiAxisClassifier(**FAST), {"C_labels": [0.5, 8.0]}, cv=KFold(2, shuffle=True, random_state=0))
    search.fit(texts, labels)
    assert search.best_params_["C_labels"] in (0.5, 8.0)
    assert len(search.cv_results_["mean_test_score"]) == 2
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert isinstance(search.best_estimator_, MultiAxisClassifier)


@pytest.mark.parametrize("settings", [dict(folds=1), dict(C_labels=0), dict(word_ngrams=(3, 1)), dict(min_threshold=2)])
def test_bad_settings_raise_config_error(settings):
    with pytest.raises(ConfigError) as info:
        cxnlp.TrainConfig(**settings)
    assert isinstance(info.value, ValueError) and isinstance(info.value, CxnlpError)
    with pytest.raises(ConfigError):
        MultiAxisClassifier(**settings).config


@pytest.mark.parametrize("settings, message", [
    (dict(lexicon="false"), "TrainConfig.lexicon='false': expected True or False."),  # it turned the lexicon on
    (dict(cues=None), "TrainConfig.cues=None: expected True or False."),
    (dict(seed=-1), "TrainConfig.seed=-1: expected a whole number from 0 to 4294967295."),  # failed after reading data
    (dict(seed="13"), "TrainConfig.seed='13': expected a whole number from 0 to 4294967295."),
])
def test_switches_and_seed_are_checked(settings, message):
    with pytest.raises(ConfigError) as info:
        cxnlp.TrainConfig(**settings)
    assert str(info.value) == message


def test_numpy_settings_are_stored_as_python_numbers_for_meta_json():
    # a NumPy float32 passed the checks, then json.dumps failed when the trained model was saved
    config = cxnlp.TrainConfig(C_sentiment=np.float32(4), seed=np.int64(3), lexicon=np.bool_(False), antonyms=1)
    assert json.dumps(config.to_dict())
    assert (config.C_sentiment, config.seed, config.lexicon, config.antonyms) == (4.0, 3, False, True)
    assert type(config.C_sentiment) is float and type(config.seed) is int and type(config.antonyms) is bool


def test_unknown_config_key_names_it():
    with pytest.raises(ConfigError, match="colour"):
        cxnlp.TrainConfig.from_dict({"colour": "red"})
    # an AttributeError ('NoneType' object has no attribute 'items') before
    with pytest.raises(ConfigError, match=r"^TrainConfig.from_dict expects a dict of settings \(to_dict's output\), "
                                          r"got NoneType\.$"):
        cxnlp.TrainConfig.from_dict(None)


def test_inference_settings_are_not_training_settings():
    assert "review_confidence" not in cxnlp.TrainConfig().to_dict()
    assert cxnlp.TrainConfig.from_dict({"review_confidence": 0.7, "max_chars": 100}) == cxnlp.TrainConfig()
    with pytest.raises(ConfigError, match="review_confidence"):
        cxnlp.load(review_confidence=3)
