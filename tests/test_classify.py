import concurrent.futures
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxnlp
from cxnlp.exceptions import DataError
from cxnlp.schema import OUTPUT_COLUMNS, STATUSES

TINY = cxnlp.TrainConfig(folds=2, min_examples=2, min_df=1, C_sentiment=100.0, C_labels=100.0)


def _labels(frame):
    return [(r.sentiment, r.touchpoints, r.areas) for r in frame.itertuples()]


@pytest.fixture(scope="module")
def overfit_data(feedback):
    more = feedback.assign(text=feedback["text"] + ", de verdad")
    data = pd.concat([feedback, more], ignore_index=True)
    return cxnlp.validate_frame(data, name="fixture", strict=True)


def test_overfit_and_roundtrip(overfit_data, feedback, tmp_path):
    model = cxnlp.train(frame=overfit_data, config=TINY, name="tiny")
    results = [model.classify(t) for t in feedback["text"]]
    assert [r.sentiment for r in results] == feedback["sentiment"].tolist()
    for r, row in zip(results, feedback.itertuples()):
        assert row.touchpoints in r.touchpoints and row.areas in r.areas, (row.text, r)
    cxnlp.save(model, tmp_path / "tiny")
    again = cxnlp.load(tmp_path / "tiny")
    assert [again.classify(t) for t in feedback["text"]] == results


def test_result_is_typed_and_consistent(small_model):
    model, _ = small_model
    r = model.classify("La app es muy bonita pero se cierra al pagar, y en el chat nadie contesta")
    assert isinstance(r, cxnlp.Classification) and r.status == "ok"
    assert r.sentiment in model.labels["sentiment"]
    assert -1 <= r.score <= 1 and math.isclose(sum(r.probabilities.values()), 1, abs_tol=1e-3)
    assert r.touchpoints and r.areas and 0 <= r.confidence <= 1
    assert len(r.segments) == 3
    for s in r.segments:
        assert r.text[s.start:s.end] == s.text
        assert s.sentiment in ("positive", "neutral", "negative")


def test_never_empty_label_sets(small_model):
    model, _ = small_model
    for text in ["ok", "mmm", "asdf qwer", "Hola buenas tardes"]:
        r = model.classify(text)
        assert r.touchpoints and r.areas


BAD = [None, math.nan, 42, 3.5, "", "   ", "N/A", "-", "😡", "🤷", "x" * 50_000, "ctrl\x00\x1fchars",
       "The app crashes every time I try to pay", b"bytes tambien", "normal: el envío llegó tarde"]


def test_bad_input_keeps_every_row_in_order(small_model):
    model, _ = small_model
    results = list(model.classify_many(BAD))
    assert len(results) == len(BAD)
    assert all(r.status in STATUSES for r in results)
    statuses = [r.status for r in results]
    assert statuses[:4] == ["empty", "empty", "no_comment", "no_comment"]
    assert statuses[10] == "truncated" and statuses[12] == "not_spanish" and statuses[-1] == "ok"
    assert results[8].sentiment == "negative"  # an angry emoji is feedback


def test_bare_string_is_rejected(small_model):
    model, _ = small_model
    with pytest.raises(DataError, match="Iterable over raw text documents expected, string object received"):
        list(model.classify_many("un solo comentario"))


def test_classify_frame_keeps_rows_and_columns(small_model):
    model, _ = small_model
    frame = pd.DataFrame({"id": [3, 1, 2, 9], "comentario": ["Muy caro", None, "N/A", "La app es lenta"],
                          "nps": [2, 8, 9, 5]}, index=[10, 11, 12, 13])
    out = model.classify_frame(frame)
    assert list(out.columns) == ["id", "comentario", "nps", *OUTPUT_COLUMNS]
    assert out.index.tolist() == [10, 11, 12, 13] and out["id"].tolist() == [3, 1, 2, 9]
    assert out["cx_status"].tolist() == ["ok", "empty", "no_comment", "ok"]
    assert out.loc[13, "cx_touchpoints"] and "|" not in out.loc[13, "cx_sentiment"]
    with pytest.raises(DataError, match="'texto' not found"):
        model.classify_frame(frame, text="texto")
    two_rows = frame.set_axis(pd.MultiIndex.from_product([["encuesta"], frame.columns]), axis=1)
    with pytest.raises(DataError, match="one row of column names; this frame has 2 levels"):
        model.classify_frame(two_rows, text=("encuesta", "comentario"))


def test_a_comment_column_named_as_an_output_column_is_refused(small_model):
    # text="cx_sentiment" wrote the sentiments over the comments: every column was no longer kept
    model, _ = small_model
    frame = pd.DataFrame({"cx_sentiment": ["Muy caro", "La app es lenta"], "nps": [2, 5]})
    with pytest.raises(DataError) as raised:
        model.classify_frame(frame, text="cx_sentiment")
    assert str(raised.value) == ("Text column 'cx_sentiment' is named as a column classifying adds, and the results "
                                 "would be written over the comments; rename it (e.g. to 'comentario').")
    # a table classified already is classified again, its cx_ columns replaced
    again = model.classify_frame(model.classify_frame(frame.rename(columns={"cx_sentiment": "comentario"})))
    assert list(again.columns) == ["comentario", "nps", *OUTPUT_COLUMNS] and again["comentario"][0] == "Muy caro"


def test_deterministic_and_thread_safe(small_model, corpus):
    model, _ = small_model
    texts = corpus["text"].sample(400, random_state=3).tolist()
    serial = [model.classify(t) for t in texts]
    chunks = [texts[i::8] for i in range(8)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda c: [model.classify(t) for t in c], chunks))
    for i, chunk in enumerate(parallel):
        assert chunk == serial[i::8]
    assert list(model.classify_many(texts)) == serial


@pytest.mark.slow  # trains two models (the default run's time budget)
def test_training_is_reproducible(corpus):
    sample = corpus.sample(300, random_state=5).reset_index(drop=True)
    config = cxnlp.TrainConfig(folds=2, min_examples=3, max_features=5000)
    a = cxnlp.train(frame=sample, config=config)
    b = cxnlp.train(frame=sample, config=config)
    texts = corpus["text"].iloc[:50].tolist()
    assert list(a.classify_many(texts)) == list(b.classify_many(texts))
    assert a.meta["data_sha256"] == b.meta["data_sha256"]


def test_too_few_examples_fails_with_counts(corpus):
    sample = corpus.sample(200, random_state=5).reset_index(drop=True)
    sample.loc[:2, "touchpoints"] = pd.Series([("loyalty",)] * 3, dtype=object)
    with pytest.raises(cxnlp.TrainingError, match="'loyalty' has 3.*labelled comment.*needs at least 10"):
        cxnlp.train(frame=sample, config=cxnlp.TrainConfig(folds=2))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(), st.none(), st.integers(), st.floats()), min_size=1, max_size=8))
def test_arbitrary_input_never_raises(small_model, values):
    model, _ = small_model
    results = list(model.classify_many(values))
    assert len(results) == len(values)
    for r in results:
        assert r.status in STATUSES
        if r.status in ("ok", "truncated"):
            assert r.sentiment and r.touchpoints and r.areas
            assert all(0 <= s.start <= s.end <= len(r.text) for s in r.segments)
        else:
            assert r.sentiment is None


@pytest.mark.parametrize("stage_map, bad", [
    ({"app": "during", "support": None}, "'support': None"),
    ({"app": "durante", "support": 3}, "'support': 3"),
    ({1: "during"}, "entry 1"),
    ({"app": ""}, "'app': ''"),
    ([("app", "during", "x")], "got a list"),
    ("app", "got a str"),
    (5, "got a int"),
])
def test_a_bad_stage_map_is_a_config_error_when_loading(model, stage_map, bad):
    with pytest.raises(cxnlp.ConfigError, match=bad) as caught:
        cxnlp.Model(model.classifier, model.meta, stage_map=stage_map)
    assert "\n" not in str(caught.value)
    with pytest.raises(cxnlp.ConfigError, match="stage_map"):
        cxnlp.load(stage_map=stage_map)


def test_a_custom_stage_map_names_the_stages(model):
    custom = cxnlp.Model(model.classifier, model.meta, stage_map={"app": "durante", "support": "después"})
    assert custom.classify("la app se cierra al pagar").stages == ("durante",)
    for given in ([("app", "durante")], pd.Series({"app": "durante"})):  # what dict() reads as a mapping
        same = cxnlp.Model(model.classifier, model.meta, stage_map=given)
        assert same.classify("la app se cierra al pagar").stages == ("durante",)
    frame = custom.classify_frame(pd.DataFrame({"comentario": ["la app se cierra al pagar"]}))
    assert frame["cx_stage"][0] == "durante"


def test_a_classification_is_unhashable_by_design_and_pickles_as_before(model):
    import collections.abc
    import json
    import pickle

    from cxnlp.results import Classification

    r = model.classify("El pedido llegó tarde y nadie contesta en el chat")
    assert Classification.__hash__ is None and not isinstance(r, collections.abc.Hashable)
    with pytest.raises(TypeError, match="unhashable type: 'Classification'"):
        hash(Classification(text="hola", status="empty"))  # not only when a dict field is filled
    back = pickle.loads(pickle.dumps(r))
    assert back == r and back is not r and type(back.probabilities) is dict
    assert json.loads(json.dumps(back.to_dict())) == json.loads(json.dumps(r.to_dict()))
    assert model.classify("El pedido llegó tarde y nadie contesta en el chat") == r


def test_evaluating_only_signals_the_model_lacks_says_so(overfit_data):
    # "No row has a label to compare with ...; fill in the labels" of rows that had theirs: the model, trained without
    # signals, predicts no churn risk
    from cxnlp.exceptions import DataError

    model = cxnlp.train(frame=overfit_data, config=TINY, name="tiny")
    rows = pd.DataFrame({"text": ["Me voy a cambiar de compañía", "Todo bien"], "churn_risk": ["yes", "no"]})
    with pytest.raises(DataError) as raised:
        cxnlp.evaluate(model, rows)
    assert str(raised.value) == ("The rows label only churn_risk, which the model does not predict (it was trained "
                                 "without it); label sentiment, touchpoints or areas too, or evaluate a model trained "
                                 "on it.")


def test_thresholds_never_fall_below_min_threshold(overfit_data):
    # a min_threshold above 0.9 left no threshold to try, and every label got 0.5, below the floor asked for
    from dataclasses import replace

    model = cxnlp.train(frame=overfit_data, config=replace(TINY, min_threshold=0.95), name="tiny")
    thresholds = model.classifier.thresholds_
    assert {axis: sorted(set(values.tolist())) for axis, values in thresholds.items()} == \
        {"touchpoints": [0.95], "areas": [0.95]}


def test_a_result_repr_shortens_the_comment_which_its_attributes_keep_whole():
    """A Classification's repr (and str(), and its Segments') printed the whole comment, personal data and all, into
    every log line of results; it shows the first 40 characters and the length, the attributes keep the text."""
    from cxnlp.results import Classification, Segment

    text = "Me encantó la aplicación, pero llamen al 55 1234 5678 que nadie contestó mis correos en semanas"
    unit = Segment(0, len(text), text, "mixed", "support", "service", 0.8)
    result = Classification(text, "ok", "mixed", segments=(unit,))
    for shown in (repr(result), str(result), repr(unit)):
        assert "1234" not in shown and f"text='{text[:40]}'... ({len(text)} chars)" in shown, shown
    assert result.text == text == result.segments[0].text == result.to_dict()["text"]
    assert "text='hola'," in repr(Classification("hola", "ok")) and "text=None," in repr(Classification(None, "empty"))


def test_a_result_repr_shows_no_more_of_the_comment_through_its_segments():
    """review of misc9: each segment of 40 characters or less was shown whole in the Classification's repr, so a
    comment split in short units (an e-mail address in the third) was still printed whole into every log line."""
    from cxnlp.results import Classification, Segment

    text = "Me encantó la app, muy rápida. El envío tardó. Escríbanme a juan.perez@gmail.com ya"
    cuts = [(0, 30), (31, 46), (47, len(text))]
    units = tuple(Segment(a, b, text[a:b], "mixed", "app", "ux", 0.8) for a, b in cuts)
    result = Classification(text, "ok", "mixed", segments=units)
    for shown in (repr(result), str(result)):
        assert "gmail" not in shown and "tardó" not in shown, shown  # (the comment's first 40: "...El envío ")
        assert "text='Me encantó la app, muy rápida.'," in shown and "text='El envío '... (15 chars)" in shown, shown
        assert "text=''... (36 chars)" in shown and shown.count("Segment(") == 3, shown
    one = Classification(text, "ok", segments=units[:1])
    assert "segments=(Segment(start=0, end=30, " in repr(one) and "),), confidence=" in repr(one)
    assert result.segments == units and result.to_dict()["segments"][2]["text"] == text[47:]
