"""Industry words: a model trained on data with an ``industry`` column reads a comment as that industry
uses its words when told where the comment comes from (``classify(..., industry=...)``), and exactly as
before when not told."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import cxnlp
from cxnlp.cli import app
from cxnlp.classify import MultiAxisClassifier
from cxnlp.heads import split_units
from cxnlp.persist import file_sha256
from cxnlp.text.fitted import INDUSTRY_SEP, industry_words

TEXTS = ["El servicio fue lento y el mesero no nos hizo caso", "La app se cierra cada vez que pago",
         "Me cobraron dos veces la factura", "Todo bien", "Llegó tarde pero el producto es bueno. La atención, pésima"]


def test_industry_words_pair_each_word_with_the_industry():
    words = industry_words(["el", "servicio", "neg_llegar", "!"], "telecom")
    assert words == [f"telecom{INDUSTRY_SEP}el", f"telecom{INDUSTRY_SEP}servicio", f"telecom{INDUSTRY_SEP}neg_llegar",
                     f"telecom{INDUSTRY_SEP}"]


def test_industry_ids_are_those_of_the_paired_words(small_model):
    """The fast lookup (per industry, by the word alone) gives the ids the paired strings would."""
    features = cxnlp.load(small_model[1]).classifier.features_
    words, _ = features.analyze([*TEXTS, "¡¡Hola!! no me gustó nada, @banco #fail 123", ""])
    counter = features._industry_counter()
    for industries in ("telecom", "hotels_restaurants", None, ["telecom", None, "banking_fintech", "education",
                                                               "telecom", "automotive", "health"]):
        want = [counter.ids(doc) for doc in features.industry_docs(words, industries)]
        assert features.industry_ids(words, industries) == want
    assert any(features.industry_ids(words, "telecom"))


def test_a_model_learns_the_industries_of_its_training_data(small_model):
    model, path = small_model
    assert "hotels_restaurants" in model.industries and "telecom" in model.industries
    assert list(model.industries) == sorted(model.industries)
    assert json.loads((path / "meta.json").read_text(encoding="utf-8"))["industries"] == list(model.industries)
    assert cxnlp.load(path).industries == model.industries


def test_the_shared_features_do_not_change_with_an_industry(small_model):
    features = cxnlp.load(small_model[1]).classifier.features_
    shared = len(features.word_counter.vocabulary) + len(features.char_counter.vocabulary)
    plain, told = features.transform(TEXTS), features.transform(TEXTS, "hotels_restaurants")
    assert plain[:, shared:].nnz == 0 and told[:, shared:].nnz > 0
    assert (plain[:, :shared] != told[:, :shared]).nnz == 0


def test_an_industry_changes_what_the_model_reads(small_model):
    model = cxnlp.load(small_model[1])
    proba = {industry: model.classifier.predict_proba(TEXTS, industry)["touchpoints"]
             for industry in (None, "hotels_restaurants", "telecom")}
    assert not np.allclose(proba[None], proba["hotels_restaurants"])
    assert not np.allclose(proba["hotels_restaurants"], proba["telecom"])
    one = [model.classify(t, industry="telecom").touchpoints for t in TEXTS]
    assert one == [r.touchpoints for r in model.classify_many(TEXTS, industry="telecom")]
    frame = model.classify_frame(pd.DataFrame({"comentario": TEXTS}), industry="telecom")
    assert frame["cx_touchpoints"].tolist() == ["|".join(t) for t in one]


def test_fast_and_sparse_paths_agree_with_an_industry(small_model):
    trained, path = small_model
    predictor = cxnlp.load(path).classifier
    units, groups = split_units(TEXTS)
    small = predictor.predict_grouped(units, groups, "telecom")  # few units: plain rows
    sparse = [predictor._predict(X) for X in predictor.features_.transform_grouped(units, groups, "telecom")]
    estimator = trained.classifier.predict_grouped(units, groups, "telecom")
    for got, want, fitted in zip(small, sparse, estimator):
        for axis in got:
            assert got[axis].tobytes() == want[axis].tobytes()
            assert got[axis].tobytes() == fitted[axis].tobytes()


def test_an_unknown_industry_is_a_clear_error(small_model):
    model = cxnlp.load(small_model[1])
    for call in (lambda: model.classify("hola", industry="banca"),
                 lambda: model.classify_many(["hola"], industry="banca"),
                 lambda: model.classify_frame(pd.DataFrame({"comentario": ["hola"]}), industry="banca")):
        with pytest.raises(cxnlp.ConfigError, match="industry='banca'.*banking_fintech"):
            call()


@pytest.mark.slow  # trains several models (the default run's time budget)
def test_a_model_trained_without_industries_names_none(small_model, corpus):
    sample = corpus.sample(400, random_state=3).drop(columns=["industry"]).reset_index(drop=True)
    model = cxnlp.train(frame=sample, config=cxnlp.TrainConfig(folds=2, min_examples=3, max_features=3000))
    assert model.industries == ()
    for industry in ("telecom", "auto"):
        with pytest.raises(cxnlp.ConfigError, match="trained without an industry column"):
            model.classify("hola", industry=industry)
    off = cxnlp.train(frame=corpus.sample(400, random_state=3).reset_index(drop=True),
                      config=cxnlp.TrainConfig(folds=2, min_examples=3, max_features=3000, industries=False))
    assert off.industries == ()
    assert model.classify("La app no abre").touchpoints == off.classify("La app no abre").touchpoints


@pytest.mark.slow  # trains several models (the default run's time budget)
def test_without_an_industry_a_model_reads_exactly_as_one_trained_without_industries(corpus):
    sample = corpus.sample(600, random_state=5).reset_index(drop=True)
    config = dict(folds=2, min_examples=3, max_features=3000)
    model = cxnlp.train(frame=sample, config=cxnlp.TrainConfig(**config))
    off = cxnlp.train(frame=sample, config=cxnlp.TrainConfig(**config, industries=False))
    joint = cxnlp.train(frame=sample, config=cxnlp.TrainConfig(**config, industry_fit="joint"))
    assert model.industries == joint.industries and len(model.industries) > 3
    plain, unaware = model.classifier.predict_proba(TEXTS), off.classifier.predict_proba(TEXTS)
    told = model.classifier.predict_proba(TEXTS, "hotels_restaurants")
    for axis in plain:
        assert plain[axis].tobytes() == unaware[axis].tobytes()  # the industry weights only ever add
    assert not np.allclose(plain["touchpoints"], told["touchpoints"])
    # The first design learnt both together: its shared weights differ from those of a model without industries.
    assert not np.allclose(joint.classifier.predict_proba(TEXTS)["touchpoints"], plain["touchpoints"])
    with pytest.raises(cxnlp.ConfigError, match="industry_fit='both'"):
        cxnlp.TrainConfig(industry_fit="both")
    # A model saved before the residual fit existed learnt its industry words jointly, and says so.
    saved = {k: v for k, v in joint.meta["config"].items() if k != "industry_fit"}
    assert cxnlp.TrainConfig.from_dict(saved).industry_fit == "joint"
    assert cxnlp.TrainConfig.from_dict(model.meta["config"]).industry_fit == "residual"


def test_training_industries_drop_a_share_and_skip_rare_ones():
    labels = pd.DataFrame({"industry": ["telecom"] * 600 + ["rara"] * 3 + [None, " "]})
    residual = MultiAxisClassifier._training_industries(labels, cxnlp.TrainConfig(industry_dropout=0.5))
    assert residual[:600] == ["telecom"] * 600 and residual[600:] == [None] * 5  # no dropout: a second stage
    cfg = cxnlp.TrainConfig(industry_fit="joint", industry_dropout=0.5)
    industries = MultiAxisClassifier._training_industries(labels, cfg)
    assert industries == MultiAxisClassifier._training_industries(labels, cfg)  # seeded
    told = [i for i in industries if i is not None]
    assert set(told) == {"telecom"} and 240 <= len(told) <= 360
    assert industries[-2:] == [None, None]
    assert MultiAxisClassifier._training_industries(labels, cxnlp.TrainConfig(industries=False)) is None
    every = MultiAxisClassifier._training_industries(labels, cxnlp.TrainConfig(industry_fit="joint",
                                                                                industry_dropout=0.0))
    assert every[:600] == ["telecom"] * 600 and every[600:] == [None] * 5


def test_an_old_model_state_without_industries_still_loads(small_model, tmp_path):
    _, path = small_model
    copy = tmp_path / "old"
    copy.mkdir()
    (copy / "meta.json").write_bytes((path / "meta.json").read_bytes())
    state = json.loads((path / "classifier.json").read_text(encoding="utf-8"))
    for key in ("industries", "industry_weight"):
        state["features"]["params"].pop(key)
    state["features"]["vocabularies"].pop("industry")
    state["models"].pop("industry_detector", None)
    (copy / "classifier.json").write_text(json.dumps(state), encoding="utf-8")
    # Its weights read the shared features only (the industry block came after them).
    shared = sum(len(state["features"]["vocabularies"][name]) for name in ("word", "char"))
    with np.load(path / "arrays.npz") as npz:
        arrays = {key: npz[key][:shared] if key.endswith(".coef_t") else npz[key] for key in npz.files
                  if key != "features.industry_idf" and not key.startswith("industry_detector.")}
    with open(copy / "arrays.npz", "wb") as fh:
        np.savez_compressed(fh, **arrays)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta["files"] = {name: file_sha256(copy / name) for name in ("classifier.json", "arrays.npz")}
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    model = cxnlp.load(copy)
    assert model.industries == ()
    assert model.classify(TEXTS[1]).status == "ok"


def test_cli_classify_reads_the_industry(small_model, tmp_path):
    _, model_dir = small_model
    survey = tmp_path / "encuesta.csv"
    pd.DataFrame({"comentario": TEXTS}).to_csv(survey, index=False)
    out = tmp_path / "out.csv"
    runner = CliRunner()
    result = runner.invoke(app, ["classify", str(survey), "-o", str(out), "--model", str(model_dir),
                                 "--industry", "telecom"])
    assert result.exit_code == 0, result.output
    want = [r.touchpoints for r in cxnlp.load(model_dir).classify_many(TEXTS, industry="telecom")]
    assert pd.read_csv(out)["cx_touchpoints"].tolist() == ["|".join(t) for t in want]
    auto = tmp_path / "auto.csv"
    result = runner.invoke(app, ["classify", str(survey), "-o", str(auto), "--model", str(model_dir),
                                 "--industry", "auto"])
    assert result.exit_code == 0, result.output
    want = [r.touchpoints for r in cxnlp.load(model_dir).classify_many(TEXTS, industry="auto")]
    assert pd.read_csv(auto)["cx_touchpoints"].fillna("").tolist() == ["|".join(t) for t in want]
    bad = tmp_path / "bad.csv"
    result = runner.invoke(app, ["classify", str(survey), "-o", str(bad), "--model", str(model_dir),
                                 "--industry", "banca"])
    assert result.exit_code == 1 and "--industry 'banca'" in result.output and not bad.exists()


def test_cli_report_refuses_an_unknown_industry_before_writing(small_model, tmp_path):
    _, model_dir = small_model
    survey = tmp_path / "encuesta.csv"
    pd.DataFrame({"comentario": TEXTS, "nps": [0, 3, 9, 10, 5]}).to_csv(survey, index=False)
    html = tmp_path / "informe.html"
    result = CliRunner().invoke(app, ["report", str(survey), "--html", str(html), "--nps", "nps", "--model",
                                      str(model_dir), "--industry", "banca"])
    assert result.exit_code == 1 and "--industry 'banca'" in result.output and not html.exists()


def test_each_row_can_name_its_own_industry(small_model):
    model = cxnlp.load(small_model[1])
    sectors = ["hotels_restaurants", " telecom ", "", None, "banking_fintech"]
    frame = pd.DataFrame({"comentario": TEXTS, "sector": sectors})
    out = model.classify_frame(frame, industry_column="sector")
    # A blank cell reads the row as if no industry were given: the model's default (here "auto").
    want = [model.classify(t, industry=(s.strip() or "auto") if isinstance(s, str) else "auto") for t, s in zip(TEXTS, sectors)]
    assert out["cx_touchpoints"].tolist() == ["|".join(r.touchpoints) for r in want]
    assert out["cx_sentiment_score"].tolist() == [r.score for r in want]
    assert [r.score for r in model.classify_many(TEXTS, industry=["hotels_restaurants", "telecom", "auto", "default",
                                                                  "banking_fintech"])] == [r.score for r in want]
    none = model.classify_frame(frame.assign(sector="none"), industry_column="sector")
    assert none["cx_sentiment_score"].tolist() == [r.score for r in model.classify_many(TEXTS, industry=None)]
    with pytest.raises(cxnlp.ConfigError, match="industry column 'sector': a cell names 'banca', not an industry "
                                                           "this model reads"):
        model.classify_frame(frame.assign(sector=["banca"] * 5), industry_column="sector")
    with pytest.raises(cxnlp.ConfigError, match="not both"):
        model.classify_frame(frame, industry="telecom", industry_column="sector")
    with pytest.raises(cxnlp.DataError, match="industry column 'rubro' not found"):
        model.classify_frame(frame, industry_column="rubro")
    with pytest.raises(cxnlp.DataError, match="5 texts but 2 industries"):
        model.classify_many(TEXTS, industry=["telecom", None])
    # found by review: a number in the column read as blank; a generator left extra industries unread. A number is
    # now the industry its text names, as in training (a model trained on industries 1 and 2 reads them)
    with pytest.raises(cxnlp.ConfigError, match="industry column 'sector': a cell names '1', not an"):
        model.classify_frame(frame.assign(sector=[1, 2, 3, 4, 5]), industry_column="sector")
    with pytest.raises(cxnlp.ConfigError, match="column 'sector': cells name industries as text"):
        model.classify_frame(frame.assign(sector=[True] * 5), industry_column="sector")
    with pytest.raises(cxnlp.DataError, match="more industries than texts"):
        list(model.classify_many((t for t in TEXTS[:2]), industry=["telecom", None, "telecom"]))
    assert [type(r.industry) for r in model.classify_many(TEXTS[:1], industry=np.array(["telecom"]))] == [str]
    for size in (0, -1, 1.5):
        with pytest.raises(cxnlp.ConfigError, match="batch_size"):
            model.classify_many(TEXTS, batch_size=size)


def test_cli_classify_reads_an_industry_column(small_model, tmp_path):
    _, model_dir = small_model
    survey = tmp_path / "encuesta.csv"
    sectors = ["hotels_restaurants", "telecom", "", "telecom", "banking_fintech"] * 3
    pd.DataFrame({"comentario": TEXTS * 3, "sector": sectors}).to_csv(survey, index=False)
    want = cxnlp.load(model_dir).classify_frame(pd.read_csv(survey), industry_column="sector")
    runner = CliRunner()
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.csv"
        result = runner.invoke(app, ["classify", str(survey), "-o", str(out), "--model", str(model_dir),
                                     "--industry-column", "sector", "--jobs", jobs])
        assert result.exit_code == 0, result.output
        assert pd.read_csv(out)["cx_touchpoints"].tolist() == want["cx_touchpoints"].tolist()
    pd.DataFrame({"comentario": TEXTS, "sector": ["telecom", "banca", "", "", ""]}).to_csv(survey, index=False)
    bad = tmp_path / "bad.csv"
    result = runner.invoke(app, ["classify", str(survey), "-o", str(bad), "--model", str(model_dir),
                                 "--industry-column", "sector"])
    assert result.exit_code == 1 and "industry column 'sector': a cell names 'banca'" in result.output \
        and "be blank (the model's default reading)" in result.output and not bad.exists()


def test_evaluate_can_read_each_rows_industry(small_model, corpus):
    model = cxnlp.load(small_model[1])
    data = corpus.sample(60, random_state=5).reset_index(drop=True)
    told = cxnlp.evaluate(model, data, industry_column="industry")
    plain = cxnlp.evaluate(model, data)
    assert told["n"] == plain["n"] == 60
    frame = model.classify_frame(data[["text", "industry"]], text="text", industry_column="industry")
    # A row the model does not classify (a non-answer such as "No, gracias": no_comment) predicts no touchpoint.
    predicted = [set(p.split("|")) if isinstance(p, str) else set() for p in frame["cx_touchpoints"]]
    exact = np.mean([p == set(t) for p, t in zip(predicted, data["touchpoints"])])
    assert told["touchpoints"]["exact_match"] == pytest.approx(exact)


def test_cli_evaluate_reads_the_industry_column(small_model, corpus, tmp_path):
    _, model_dir = small_model
    data = corpus.sample(40, random_state=8).reset_index(drop=True)
    path = tmp_path / "etiquetado.csv"
    cells = {axis: data[axis].map(lambda v: "|".join(v) if isinstance(v, tuple) else "") for axis in ("touchpoints", "areas")}
    data[["text", "sentiment", "industry"]].assign(**cells).to_csv(path, index=False)
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(app, ["evaluate", "--data", str(path), "--model", str(model_dir),
                                      "--industry-column", "industry", "-o", str(out)])
    assert result.exit_code == 0, result.output
    want = cxnlp.evaluate(cxnlp.load(model_dir), cxnlp.read_training_data(path), industry_column="industry")
    assert json.loads(out.read_text(encoding="utf-8"))["touchpoints"]["macro_f1"] == pytest.approx(
        want["touchpoints"]["macro_f1"])
    # any column name, in any case: only 'industry' (the training format's own) was found before
    renamed = tmp_path / "sector.csv"
    pd.read_csv(path).rename(columns={"industry": "Sector"}).to_csv(renamed, index=False)
    again = CliRunner().invoke(app, ["evaluate", "--data", str(renamed), "--model", str(model_dir),
                                     "--industry-column", "sector", "-o", str(tmp_path / "eval2.json")])
    assert again.exit_code == 0, again.output
    assert json.loads((tmp_path / "eval2.json").read_text(encoding="utf-8"))["touchpoints"]["macro_f1"] == \
        pytest.approx(want["touchpoints"]["macro_f1"])



def test_cli_evaluate_reads_the_industry_column_from_the_sheet_it_is_told(small_model, corpus, tmp_path):
    # --sheet B --industry-column sector read the sectors of sheet A (the workbook's first)
    _, model_dir = small_model
    data = corpus.sample(12, random_state=3).reset_index(drop=True)
    rows = data[["text", "sentiment"]]
    book = tmp_path / "lotes.xlsx"
    with pd.ExcelWriter(book) as writer:
        rows.assign(text=rows["text"] + " (A)", sector="banca").to_excel(writer, sheet_name="A", index=False)
        rows.assign(sector="none").to_excel(writer, sheet_name="B", index=False)
    result = CliRunner().invoke(app, ["evaluate", "--data", str(book), "--sheet", "B", "--model", str(model_dir),
                                      "--industry-column", "sector"])
    assert result.exit_code == 0, result.output
    assert "evaluation: 12 comments" in result.output

def test_residual_solvers_follow_their_gradient_and_learn_a_planted_word():
    from scipy.optimize import check_grad
    from scipy.sparse import random as sparse_random

    from cxnlp._fitting import (
        binary_residual_loss,
        multinomial_residual_loss,
        residual_binary,
        residual_multinomial,
    )

    rng = np.random.default_rng(0)
    X = sparse_random(300, 6, density=0.4, format="csr", random_state=1)
    planted = X[:, 0].toarray()[:, 0] > 0  # feature 0 means label 0 (class 2), whatever the shared score says
    scores = rng.normal(size=(300, 2))
    Y = np.column_stack([planted, rng.random(300) < 0.3])
    calibrator = np.array([[1.0, 0.0], [0.5, -1.0]])
    V = residual_binary(X, scores, calibrator, Y, np.ones(300), C=10.0)
    assert V.shape == (6, 2) and V[0, 0] == V[:, 0].max() and V[0, 0] > 1
    assert np.abs(V[:, 1]).max() < V[0, 0] / 2

    y = np.where(planted, 2, rng.integers(0, 2, 300))
    cal, scores3 = np.array([[1.0, -0.5, 0.1], [0.2, 1.0, 0.0], [-0.3, 0.1, 1.0]]), rng.normal(size=(300, 3))
    W = residual_multinomial(X, scores3, cal, np.zeros(3), y, np.ones(300), C=10.0)
    assert W.shape == (6, 3) and (W[0] @ cal.T).argmax() == 2 and (W[0] @ cal.T)[2] > 1

    # The solvers trust the losses' gradients: each is the derivative of its value.
    w, C, v = rng.random(300) + 0.5, 3.0, rng.normal(size=12)
    binary = (X, X.T.tocsr(), scores, calibrator[:, 0], calibrator[:, 1], Y.astype(float), w, C)
    assert check_grad(lambda u: binary_residual_loss(u, *binary)[0],
                      lambda u: binary_residual_loss(u, *binary)[1], v) < 1e-4
    multi = (X, X.T.tocsr(), scores3, cal, np.array([0.1, 0.0, -0.2]), np.eye(3)[y], w, C)
    v = rng.normal(size=18)
    assert check_grad(lambda u: multinomial_residual_loss(u, *multi)[0],
                      lambda u: multinomial_residual_loss(u, *multi)[1], v) < 1e-4


def test_auto_reads_each_comment_as_the_industry_recognised_in_it(small_model):
    trained, path = small_model
    model = cxnlp.load(path)
    texts = ["La habitación del hotel estaba sucia y el desayuno del buffet, frío",
             "Me cobraron una comisión en la tarjeta de crédito y el banco no da la cara", *TEXTS]
    units, groups = split_units(texts)
    detected = model.classifier.detect_industries(units, groups)
    assert detected[:2] == ["hotels_restaurants", "banking_fintech"]
    assert detected == trained.classifier.detect_industries(units, groups)  # saved and loaded alike
    auto = [r.touchpoints for r in model.classify_many(texts, industry="auto")]
    assert auto == [r.touchpoints for r in model.classify_many(texts, industry=detected)]
    proba = model.classifier.predict_proba(texts, "auto")["touchpoints"]
    assert proba.tobytes() == model.classifier.predict_proba(texts, detected)["touchpoints"].tobytes()
    mixed = ["telecom", "auto", None] + [None] * (len(texts) - 3)
    assert [r.touchpoints for r in model.classify_many(texts, industry=mixed)] == [
        r.touchpoints for r in model.classify_many(texts, industry=["telecom", detected[1], None, *mixed[3:]])]


def _scores(results):
    return [(r.sentiment, r.score, r.touchpoints, r.areas, r.confidence) for r in results]


def test_a_model_that_recognises_industries_reads_auto_by_default(small_model, tmp_path):
    """With no industry named, every entry point reads each comment as the industry it recognises;
    None or "none" reads it without one."""
    model = cxnlp.load(small_model[1])
    auto = _scores(model.classify_many(TEXTS, industry="auto"))
    assert _scores(model.classify_many(TEXTS)) == _scores([model.classify(t) for t in TEXTS]) == auto
    assert _scores(model.classify_many(TEXTS, industry="default")) == auto
    plain = _scores(model.classify_many(TEXTS, industry=None))
    assert plain != auto and _scores(model.classify_many(TEXTS, industry="none")) == plain
    frame = model.classify_frame(pd.DataFrame({"comentario": TEXTS}))
    assert frame["cx_sentiment_score"].tolist() == [s[1] for s in auto]
    # Each result says which industry it was read as: the one recognised, the one named, or none.
    units, groups = split_units(TEXTS)
    detected = model.classifier.detect_industries(units, groups)
    assert any(detected) and [r.industry for r in model.classify_many(TEXTS)] == detected
    assert frame["cx_industry"].tolist() == detected
    assert {r.industry for r in model.classify_many(TEXTS, industry="telecom")} == {"telecom"}
    assert {r.industry for r in model.classify_many(TEXTS, industry=None)} == {None}
    mixed = ["telecom", "auto", None, "default", "none"]
    assert [r.industry for r in model.classify_many(TEXTS, industry=mixed)] == ["telecom", detected[1], None, detected[3], None]
    assert [model.classify(t).industry for t in TEXTS] == detected  # one comment at a time (plain rows) alike
    assert model.classify(None).industry is None
    survey = tmp_path / "encuesta.csv"
    pd.DataFrame({"comentario": TEXTS}).to_csv(survey, index=False)
    runner = CliRunner()
    for option, want in (([], auto), (["--industry", "none"], plain)):
        out = tmp_path / f"out{len(option)}.csv"
        result = runner.invoke(app, ["classify", str(survey), "-o", str(out), "--model", str(small_model[1]), *option])
        assert result.exit_code == 0, result.output
        assert pd.read_csv(out)["cx_sentiment_score"].tolist() == [s[1] for s in want]


def test_training_data_cannot_name_an_industry_auto_default_or_none():
    sample = pd.DataFrame({"text": TEXTS * 2, "sentiment": "negative", "touchpoints": "general", "industry": "telecom"})
    sample.loc[[3, 7], "industry"] = " auto "
    with pytest.raises(cxnlp.DataError, match=r"rows \[4, 8\]: industry 'auto' is not an industry name"):
        cxnlp.validate_frame(sample, name="datos.csv")


def test_auto_needs_a_model_that_recognises_industries(small_model, tmp_path):
    _, path = small_model
    copy = tmp_path / "before"
    copy.mkdir()
    (copy / "meta.json").write_bytes((path / "meta.json").read_bytes())
    state = json.loads((path / "classifier.json").read_text(encoding="utf-8"))
    state["models"].pop("industry_detector")
    arrays = dict(np.load(path / "arrays.npz"))
    arrays = {k: v for k, v in arrays.items() if not k.startswith("industry_detector.")}
    np.savez(copy / "arrays.npz", **arrays)
    (copy / "classifier.json").write_text(json.dumps(state), encoding="utf-8")
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    assert meta.pop("recognises_industries") is True
    for name in ("classifier.json", "arrays.npz"):
        meta["files"][name] = file_sha256(copy / name)
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    before = cxnlp.load(copy)
    assert before.classify(TEXTS[0], industry="telecom").status == "ok"
    # Its default reading is without an industry, as before it could recognise one.
    assert _scores(before.classify_many(TEXTS)) == _scores(before.classify_many(TEXTS, industry=None))
    assert {r.industry for r in before.classify_many(TEXTS)} == {None}
    with pytest.raises(cxnlp.ConfigError, match="cannot recognise industries"):
        before.classify(TEXTS[0], industry="auto")
    survey, out = tmp_path / "encuesta.csv", tmp_path / "out.csv"
    pd.DataFrame({"comentario": TEXTS}).to_csv(survey, index=False)
    result = CliRunner().invoke(app, ["classify", str(survey), "-o", str(out), "--model", str(copy), "--industry", "auto"])
    assert result.exit_code == 1 and "cannot recognise industries" in result.output and not out.exists()


@pytest.mark.slow  # trains a model (the default run's time budget)
@pytest.mark.filterwarnings("ignore::cxnlp.exceptions.SignalSkippedWarning")  # 300 rows: rare emotions skipped
def test_a_model_of_one_industry_has_nothing_to_recognise(corpus):
    sample = corpus[corpus["industry"] == "telecom"].head(300).reset_index(drop=True)
    model = cxnlp.train(frame=sample, config=cxnlp.TrainConfig(folds=2, min_examples=3, max_features=3000))
    assert model.industries == ("telecom",)
    assert model.classify(TEXTS[0], industry="telecom").status == "ok"
    with pytest.raises(cxnlp.ConfigError, match="cannot recognise industries"):
        model.classify(TEXTS[0], industry="auto")


def test_evaluate_reads_an_industry_column_with_none_and_auto(small_model, tmp_path):
    """The industry column of data to evaluate on may say none and auto, as classify's does (training
    data may not): evaluate refused them."""
    _, model_dir = small_model
    data = tmp_path / "evaluar.csv"
    pd.DataFrame({"text": TEXTS[:3], "sentiment": ["negative", "negative", "positive"],
                  "industry": ["none", "auto", "hotels_restaurants"]}).to_csv(data, index=False)
    result = CliRunner().invoke(app, ["evaluate", "--model", str(model_dir), "--data", str(data),
                                      "--industry-column", "industry"])
    assert result.exit_code == 0, result.output
    assert "sentiment" in result.output


def test_evaluate_names_the_row_of_an_unknown_industry(model, tmp_path):
    # the message named the column and the cell's text, not which of thousands of rows held it
    data = tmp_path / "evaluar.csv"
    pd.DataFrame({"text": TEXTS[:4], "sentiment": ["negative"] * 4,
                  "industry": ["telecom", "banca", "", "banca"]}).to_csv(data, index=False)
    result = CliRunner().invoke(app, ["evaluate", "--data", str(data), "--industry-column", "industry"])
    assert result.exit_code == 1
    assert f"{data}: row 2 (and 1 more row): industry column 'industry': a cell names 'banca'" in result.output
    frame = pd.DataFrame({"text": TEXTS[:2], "sentiment": ["negative"] * 2, "industry": ["", "banca"]})
    # a frame's rows named as its label cells' are ('data: row 2'), not as rows of no table
    with pytest.raises(cxnlp.ConfigError, match=r"^data: row 2: industry column 'industry': a cell names 'banca', not an "):
        cxnlp.evaluate(model, frame, industry_column="industry")


def test_evaluate_missing_its_industry_column_lists_only_the_files_columns(model, tmp_path):
    # the columns listed ended with 'source_file' and 'row', which cxnlp adds where it reads the file: not the user's
    data = tmp_path / "evaluar.csv"
    pd.DataFrame({"text": TEXTS[:2], "sentiment": ["negative"] * 2, "sector": ["telecom", ""]}).to_csv(data, index=False)
    result = CliRunner().invoke(app, ["evaluate", "--data", str(data), "--industry-column", "industria"])
    assert result.exit_code == 1 and result.output.endswith(
        "'industria' not found; the table has columns ['text', 'sentiment', 'sector'].\n"), result.output


def test_a_cell_not_text_names_its_row_as_an_unknown_industry_does(model):
    # an unknown industry named its row; a cell that is not text named none, among thousands of rows
    frame = pd.DataFrame({"t": ["a", "b", "c", "d"], "s": ["telecom", True, "", False]})
    with pytest.raises(cxnlp.ConfigError) as raised:
        model.classify_frame(frame, text="t", industry_column="s")
    assert str(raised.value) == ("row 2 (and 1 more row): industry column 's': cells name industries as text; one "
                                 "holds the bool 'True'.")
    said = "llamadme al 612 345 678"  # (the comment column given as the industries': its cells quoted redacted)
    with pytest.raises(cxnlp.ConfigError, match=r"industry column 's': a cell names 'llamadme al \[TELÉFONO\]',"):
        model.classify_frame(frame.assign(s=said), text="t", industry_column="s")
    with pytest.raises(cxnlp.ConfigError, match=r"one holds the dict \"\{'tel': 'llamadme al \[TELÉFONO\]'\}\"\."):
        model.classify_frame(frame.assign(s=[{"tel": said}] * 4), text="t", industry_column="s")


# -- found by review of the industry feature across entry points -------------------------------------------------
def test_an_industry_is_one_spelling_everywhere(model):
    text = "No tengo señal en casa desde hace una semana"
    as_named = model.classify(text, industry="telecom")
    for spelling in (" Telecom ", "TELECOM"):  # accepted by train and evaluate, refused by classify before
        assert model.classify(text, industry=spelling) == as_named
    frame = pd.DataFrame({"Texto": [text] * 4, "Sector": ["TELECOM", " telecom", "", None]})
    out = model.classify_frame(frame, text="Texto", industry_column="sector")  # the column found as --text finds one
    assert out["cx_industry"].tolist()[:2] == ["telecom", "telecom"]
    assert out["cx_industry"].tolist()[2:] == [model.classify(text).industry] * 2  # blank: the default reading


def test_a_per_text_list_reads_blanks_as_a_column_does(model):
    texts = ["No tengo señal en casa desde hace una semana"] * 5
    listed = [r.industry for r in model.classify_many(texts, industry=["", float("nan"), pd.NA, None, "Telecom"])]
    default = model.classify(texts[0]).industry
    assert listed == [default, default, default, None, "telecom"]  # '', NaN and pd.NA raised before


def test_odd_industry_values_are_clear_errors(model):
    with pytest.raises(cxnlp.ConfigError, match="named by text"):
        model.classify("hola", industry=pd.NA)
    with pytest.raises(cxnlp.ConfigError, match="cells name industries as text"):
        model.classify_frame(pd.DataFrame({"t": ["a", "b"], "s": [["telecom", "x"], "telecom"]}), text="t",
                             industry_column="s")
    twice = pd.DataFrame([["a", "telecom", "telecom"]], columns=["t", "s", "s"])
    with pytest.raises(cxnlp.DataError, match="Industry column 's' appears 2 times"):
        model.classify_frame(twice, text="t", industry_column="s")
    secret = "Mi correo es juan.perez@gmail.com y " + "x" * 3000
    with pytest.raises(cxnlp.ConfigError) as raised:
        model.classify_frame(pd.DataFrame({"t": [secret]}), text="t", industry_column="t")
    assert len(str(raised.value)) < 1000 and "x" * 100 not in str(raised.value)


def test_industries_written_as_numbers_train_as_in_a_csv(tmp_path):
    rows = pd.DataFrame({"text": ["Muy buen servicio", "Pésimo servicio"], "sentiment": ["positive", "negative"],
                         "industry": [1, 2]})
    rows.to_excel(tmp_path / "datos.xlsx", index=False)
    rows.to_csv(tmp_path / "datos.csv", index=False)
    read_x, read_c = (cxnlp.read_training_data(tmp_path / name) for name in ("datos.xlsx", "datos.csv"))
    assert read_x["industry"].tolist() == read_c["industry"].tolist() == ["1", "2"]  # XLSX: dropped before
    from cxnlp._partitions import check_industry_column
    from cxnlp.io import read_table
    from cxnlp.model import industry_cells

    # ... and classify the same XLSX as that model knows its industries; Dask finds the column as classify does
    assert industry_cells(read_table(tmp_path / "datos.xlsx"), "Industry", ("1", "2"), False) == ["1", "2"]
    check_industry_column(["Texto", "Industry"], "default", "industry")


def test_review_reads_and_suggests_each_rows_industry(model, tmp_path):
    from cxnlp.batch import review_file

    survey = tmp_path / "encuesta.csv"
    pd.DataFrame({"Comentario": ["No tengo señal en casa desde hace una semana", "La app se cierra al pagar",
                                 "Me cobraron dos veces la mensualidad"] * 4,
                  "Sector": ["telecom", "software_apps", "banking_fintech"] * 4}).to_csv(survey, index=False)
    queue = review_file(survey, tmp_path / "cola.csv", n=3, industry_column="Sector")
    assert set(queue["industry"]) <= {"telecom", "software_apps", "banking_fintech"} and len(queue) == 3
    frame = pd.read_csv(survey)
    for _, row in queue.iterrows():
        assert row["industry"] == frame.loc[row["input_row"] - 1, "Sector"]


@pytest.mark.parametrize("industry", [float("nan"), pd.NA, 5, True])
def test_a_scalar_industry_that_is_not_text_is_the_same_config_error_everywhere(model, industry):
    texts = ["El wifi no funciona", "La factura vino mal"]
    messages = []
    for call in (lambda: model.classify(texts[0], industry=industry),
                 lambda: list(model.classify_many(texts, industry=industry)),
                 lambda: model.classify_frame(pd.DataFrame({"comentario": texts}), industry=industry)):
        with pytest.raises(cxnlp.ConfigError, match="an industry is named by text") as caught:
            call()
        messages.append(str(caught.value))
    assert len(set(messages)) == 1


def test_a_blank_industry_is_the_default_reading_as_a_blank_cell_is():
    """industry=[""] and a blank industry cell meant the default reading, a single industry="" was a ConfigError."""
    model = cxnlp.load()
    text = "No me deja entrar a la banca móvil"
    default = model.classify(text)
    assert model.classify(text, industry="").to_dict() == default.to_dict()
    assert model.classify(text, industry="   ").to_dict() == default.to_dict()
    with pytest.raises(cxnlp.ConfigError, match="industry=' Banca '"):  # quoted as given
        model.classify(text, industry=" Banca ")


def test_classify_names_the_files_row_of_an_unknown_industry(model, tmp_path):
    # classify named the column and the cell, not the row; the file is read in chunks, so the row is the file's
    from cxnlp.batch import classify_file

    survey = tmp_path / "encuesta.csv"
    pd.DataFrame({"t": TEXTS, "s": ["telecom", "", "telecom", "banca", "banca"]}).to_csv(survey, index=False)
    with pytest.raises(cxnlp.ConfigError, match=rf"^{re.escape(str(survey))}: row 4 \(and 1 more row\): industry column 's': a cell "
                                                rf"names 'banca', not an "):
        classify_file(survey, tmp_path / "out.csv", text="t", industry_column="s", chunk_rows=3)
    frame = pd.DataFrame({"t": TEXTS[:3], "s": ["", "telecom", "banca"]})
    with pytest.raises(cxnlp.ConfigError, match=r"^row 3: industry column 's': a cell names 'banca', not an "):
        model.classify_frame(frame, text="t", industry_column="s")


def test_classify_frame_aligns_a_series_of_industries_to_its_rows_by_label(model):
    """api7: ``classify_frame(df, industry=series)`` read the Series by position, so one built in another order (or
    from a sorted copy) gave each row another row's industry; now it is aligned by label, as pandas aligns a column,
    and a Series whose labels are not the frame's is refused."""
    frame = pd.DataFrame({"t": ["No tengo señal en casa", "La habitación olía a humedad"]}, index=[10, 11])
    industry = pd.Series(["hotels_restaurants", "telecom"], index=[11, 10])
    out = model.classify_frame(frame, text="t", industry=industry)
    assert out["cx_industry"].tolist() == ["telecom", "hotels_restaurants"]
    assert out.equals(model.classify_frame(frame, text="t", industry=["telecom", "hotels_restaurants"]))
    with pytest.raises(cxnlp.DataError, match=r"^industry: the Series' 2 row labels are not the frame's 2; build it "
                                              r"from the frame itself, or pass \.to_numpy\(\)"):
        model.classify_frame(frame, text="t", industry=industry.set_axis([0, 1]))
    with pytest.raises(cxnlp.ConfigError, match="not both"):  # (a Series here was pandas' "truth value" traceback)
        model.classify_frame(frame.assign(s="telecom"), text="t", industry=industry, industry_column="s")
