"""Training on a data scientist's own files: what is refused before any work, what is retrained, what is read.
Each case was found by a review of retraining."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import cxnlp
from cxnlp.exceptions import CxnlpError, TrainingError

CONFIG = cxnlp.TrainConfig(folds=3, min_examples=5, max_features=20_000)


@pytest.fixture(scope="module")
def rows(common_corpus) -> pd.DataFrame:
    sample = common_corpus.groupby("sentiment", group_keys=False).sample(n=60, random_state=2)
    return sample[["text", "sentiment", "touchpoints", "areas"]].reset_index(drop=True)


def _csv(frame: pd.DataFrame, path):
    frame.assign(**{axis: frame[axis].map("|".join) for axis in ("touchpoints", "areas")}).to_csv(path, index=False)
    return path


def test_sentiment_without_one_pole_is_refused_before_training(rows):
    # a complaints file (negative and neutral only) trained and saved, then failed on every comment
    complaints = rows[rows["sentiment"].isin(["negative", "neutral"])]
    # the message said "'positive' need at least 5" without how many there were, as every other count check says
    with pytest.raises(TrainingError, match=r"^Axis 'sentiment': 'positive' has 0 labelled comment\(s\); 'positive' "
                                            r"and 'negative' need at least 5 each: "):
        cxnlp.train(frame=complaints, config=CONFIG)
    few = pd.concat([complaints, rows[rows["sentiment"] == "positive"].head(3)])
    with pytest.raises(TrainingError, match=r"^Axis 'sentiment': 'positive' has 3 labelled comment\(s\);"):
        cxnlp.train(frame=few, config=CONFIG)
    own = rows.assign(sentiment=rows["sentiment"].map({"positive": "bueno", "negative": "malo"}).fillna("neutro"))
    with pytest.raises(TrainingError, match="'positive' has 0 and 'negative' has 0 labelled comment"):
        cxnlp.train(frame=own, config=CONFIG)


def test_a_label_on_every_row_is_refused_with_what_to_do(rows):
    # scikit-learn's "needs samples of at least 2 classes", reported as "unexpected ... please report it"
    # it said "'cx' is missing from only 0 ... Label other areas too, or leave the column out", and a file without
    # the column fails "No row labels 'areas'"
    with pytest.raises(TrainingError, match=r"Axis 'areas': 'cx' is on every row labelled on it; .* Label at least 2 "
                                            r"rows with other areas and not 'cx', or add yours to the shipped corpus "
                                            r"with --base default") as raised:
        cxnlp.train(frame=rows.assign(areas=[("cx",)] * len(rows)), config=CONFIG)
    assert "leave the column out" not in str(raised.value)
    with pytest.raises(TrainingError, match="No row labels 'areas'"):
        cxnlp.train(frame=rows.drop(columns="areas"), config=CONFIG)


@pytest.mark.slow  # trains several models (the default run's time budget)
def test_a_label_missing_from_a_few_rows_still_trains_and_a_signal_on_all_is_skipped(rows):
    # the first version of the check above refused a label missing from fewer than min_examples rows, and
    # failed a whole training run over a signal, which is skipped with a warning instead
    from cxnlp.exceptions import SignalSkippedWarning

    areas = [("ux",)] * 3 + [("cx", "ux")] * 5 + [("cx",)] * (len(rows) - 8)  # cx missing from 3 rows only
    assert cxnlp.train(frame=rows.assign(areas=areas), config=CONFIG).labels["areas"] == ["cx", "ux"]
    escalation = ["yes"] * len(rows)
    escalation[0] = "no"
    with pytest.warns(SignalSkippedWarning, match="'yes' is on all but 1 of its"):
        model = cxnlp.train(frame=rows.assign(escalation=escalation), config=CONFIG)
    assert "escalation" not in model.labels and model.classify("Llegó tarde").status == "ok"


@pytest.mark.slow  # trains several models (the default run's time budget)
def test_train_skips_only_the_same_rows_in_the_same_order_and_retrains_a_damaged_model(rows, tmp_path):
    from cxnlp.training import train_to_dir

    data = _csv(rows, tmp_path / "datos.csv")
    out = tmp_path / "modelo"
    assert train_to_dir([data], out, config=CONFIG)[1] is False
    assert train_to_dir([data], out, config=CONFIG)[1] is True
    shuffled = _csv(rows.sample(frac=1, random_state=5), tmp_path / "barajados.csv")
    assert train_to_dir([shuffled], out, config=CONFIG)[1] is False  # the folds differ, so does the model
    with open(out / "arrays.npz", "ab") as fh:
        fh.write(b"x")
    model, skipped = train_to_dir([shuffled], out, config=CONFIG)  # it said "Retrain or restore the model"
    assert skipped is False and cxnlp.load(out).classify("Llegó tarde").status == "ok"


def test_an_empty_name_names_the_model_after_its_folder_whether_trained_or_skipped(rows, tmp_path):
    # --name "" named a new model after its folder, and renamed a model it skipped (same data) to ''
    from cxnlp.training import train_to_dir

    data = _csv(rows, tmp_path / "datos.csv")
    out = tmp_path / "modelo"
    assert train_to_dir([data], out, config=CONFIG, name="")[0].meta["name"] == "modelo"
    assert train_to_dir([data], out, config=CONFIG, name="otro")[0].meta["name"] == "otro"
    model, skipped = train_to_dir([data], out, config=CONFIG, name="")
    assert skipped is True and model.meta["name"] == cxnlp.load(out).meta["name"] == "modelo"


def test_an_industry_with_too_few_rows_is_warned_of_as_a_signal_is(rows):
    # an industry under min_examples rows was left out of the industry words without a word, where a signal's
    # rare values are warned of (SignalSkippedWarning)
    industry = ["telecom" if i < 100 else "banca" if i < 103 else None for i in range(len(rows))]
    with pytest.warns(cxnlp.IndustrySkippedWarning) as caught:
        model = cxnlp.train(frame=rows.assign(industry=industry), config=CONFIG)
    assert [str(w.message) for w in caught if w.category is cxnlp.IndustrySkippedWarning] == [
        "Industry: 'banca' has 3 labelled comment(s), fewer than the 5 needed; the model is trained without its "
        "industry words, its rows read as comments of no industry."]
    assert {w.filename for w in caught} == {__file__}  # api7: the line that called train, not cxnlp/training.py
    assert list(model.industries) == ["telecom"]


def test_training_warnings_point_at_the_callers_line_however_deep_they_are_raised():
    """api7: the skipped-industry and skipped-signal warnings of ``cxnlp.train`` pointed at cxnlp/training.py (a fixed
    ``stacklevel`` counted from ``MultiAxisClassifier.fit``); now at the first line outside cxnlp, as ``read_table``'s
    do. Called here from this file, that line is this file's."""
    from cxnlp._label_checks import skip_signal
    from cxnlp.classify import MultiAxisClassifier
    from cxnlp.exceptions import SignalSkippedWarning

    with pytest.warns(cxnlp.IndustrySkippedWarning) as industries:
        MultiAxisClassifier._training_industries(pd.DataFrame({"industry": ["banca"]}), CONFIG)
    with pytest.warns(SignalSkippedWarning) as signals:
        skip_signal("churn_risk", {"yes": 1}, 5)
    assert [w.filename for w in (*industries, *signals)] == [__file__, __file__]


def test_many_industries_with_too_few_rows_are_warned_of_in_a_line_of_the_first_ten():
    # a column of client ids read as industries was told in one warning of 125,000 characters, as a column of codes
    # in touchpoints was in a TrainingError
    from cxnlp.classify import MultiAxisClassifier

    labels = pd.DataFrame({"industry": [f"cliente_{i:04d}" for i in range(6000)]})
    with pytest.warns(cxnlp.IndustrySkippedWarning) as caught:
        assert MultiAxisClassifier._training_industries(labels, CONFIG) is None
    first = ", ".join(f"'cliente_{i:04d}' has 1" for i in range(10))
    assert [str(w.message) for w in caught] == [
        f"Industry: {first} labelled comment(s), fewer than the 5 needed (and 5990 more industries); the model is "
        f"trained without their industry words, their rows read as comments of no industry."]


@pytest.mark.slow  # trains several models (the default run's time budget)
def test_retraining_into_a_folder_keeps_the_display_names_of_its_model(rows, tmp_path):
    # a retrain (--force, or new rows) wrote a meta.json without the display_names, and nothing said so
    import json

    from cxnlp.training import train_to_dir

    data = _csv(rows, tmp_path / "datos.csv")
    out = tmp_path / "modelo"
    model, _ = train_to_dir([data], out, config=CONFIG)
    label = model.labels["touchpoints"][0]
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    # a journey stage and a row status are named as a label is (the report shows them): they were dropped as labels
    kept = {label: "Mi nombre", "before": "Antes de comprar", "empty": "Sin comentario"}
    meta["display_names"] = {**kept, "gone_label": "Ya no está"}
    (out / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.warns(UserWarning) as caught:
        retrained, skipped = train_to_dir([data], out, config=CONFIG, force=True)
    assert [str(w.message) for w in caught if "display names" in str(w.message)] == [
        f"{out}: the display names of 'gone_label', which the new model does not have, are dropped; the others are "
        f"kept."]
    assert skipped is False and retrained.meta["display_names"] == kept
    assert cxnlp.load(out).meta["display_names"] == kept


@pytest.mark.slow  # trains several models (the default run's time budget)
def test_two_saves_to_one_folder_do_not_mix(rows, tmp_path):
    from cxnlp.io.atomic import exclusive

    model = cxnlp.train(frame=rows, config=CONFIG)
    target = tmp_path / "modelo"
    with exclusive(target), pytest.raises(CxnlpError, match="being written by another process"):
        cxnlp.save(model, target)
    assert not target.exists()
    cxnlp.save(model, target)
    assert cxnlp.load(target).classify("Llegó tarde").status == "ok"


def test_training_folders_skip_excel_locks_and_read_number_comments_as_text(rows, tmp_path):
    folder = tmp_path / "datos"
    folder.mkdir()
    data = rows.assign(**{axis: rows[axis].map("|".join) for axis in ("touchpoints", "areas")}).astype(object)
    data.loc[0, "text"] = 10  # a spreadsheet's number cell: "empty text (10)" in XLSX, "10" in CSV
    data.to_excel(folder / "etiquetas.xlsx", index=False)
    (folder / "~$etiquetas.xlsx").write_bytes(b"\x00owner")  # Excel's lock beside the open workbook
    read = cxnlp.read_training_data(folder)
    assert len(read) == len(rows) and read["text"].iloc[0] == "10"


def test_a_blank_emotions_column_warns_in_words_that_fit(rows):
    from cxnlp.exceptions import SignalSkippedWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cxnlp.train(frame=rows.assign(effort=["none", "high", "low"] * (len(rows) // 3), emotions=[()] * len(rows)),
                    config=CONFIG)
    said = [str(w.message) for w in caught if issubclass(w.category, SignalSkippedWarning) and "emotions" in str(w.message)]
    assert said and "'any emotion' has 0" in said[0] and "'yes'" not in said[0]


def test_new_label_ids_that_reports_would_misname_are_refused_before_training():
    """A touchpoint `cx` or `none` was shown as "Experiencia de cliente" / "Sin señal de esfuerzo" (the names of
    built-in labels of other axes), a 205-character id wrecked the report's tables, and "Puntos Fidelidad" gave one
    error line per row with the name lower-cased and no hint of the id to use."""
    from cxnlp.exceptions import DataError
    from cxnlp.labelled import validate_frame

    frame = pd.DataFrame({"text": ["uno", "dos", "tres"], "touchpoints": ["cx", "none|delivery", "delivery"],
                          "areas": ["delivery", "cx", "cx"]})
    with pytest.raises(DataError) as raised:
        validate_frame(frame, name="f.csv")
    message = str(raised.value)
    assert "row 1: touchpoints label 'cx' is the id of another built-in label ('Experiencia de cliente')" in message
    assert "row 2: touchpoints label 'none'" in message and "areas label 'delivery'" in message
    with pytest.raises(DataError, match="has 41 characters; a label id has at most 40"):
        validate_frame(frame.assign(touchpoints="x" * 41, areas="cx"), name="f.csv")
    named = frame.assign(touchpoints=["Puntos Fidelidad", "Puntos Fidelidad|delivery", "delivery"], areas="cx")
    with pytest.raises(DataError) as raised:
        validate_frame(named, name="f.csv")
    assert str(raised.value).splitlines() == [
        "f.csv: rows [1, 2]: touchpoints label 'Puntos Fidelidad' is not a label id; expected snake_case ids (e.g. "
        "'puntos_fidelidad'; a display name shows it as 'Puntos Fidelidad' in reports: 'cxnlp docs insights', "
        "\"Display names of labels\")."]
    assert validate_frame(frame.assign(touchpoints="loyalty_points", areas="cx"))["touchpoints"].tolist() == \
        [("loyalty_points",)] * 3


def test_a_label_that_is_no_id_in_data_to_score_is_one_error_without_a_look_alike_warning():
    # evaluate warned "'puntos fidelidad' ... it is scored as a class the model does not know", then refused the file
    from cxnlp.exceptions import DataError, LabelTypoWarning
    from cxnlp.labelled import validate_frame

    known = {"touchpoints": ["delivery", "puntos_fidelidad"]}
    frame = pd.DataFrame({"text": ["uno", "dos"], "touchpoints": ["Puntos Fidelidad", "delivery"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", LabelTypoWarning)
        with pytest.raises(DataError, match="'Puntos Fidelidad' is not a label id; .*'puntos_fidelidad'"):
            validate_frame(frame, name="eval.csv", known=known, to_score=True)


def test_the_discover_placeholder_label_is_warned_about():
    from cxnlp.exceptions import LabelTypoWarning
    from cxnlp.labelled import validate_frame

    with pytest.warns(LabelTypoWarning, match="'nuevo_tema_2' is the placeholder"):
        validate_frame(pd.DataFrame({"text": ["uno"], "touchpoints": ["nuevo_tema_2"]}), name="grupos.csv")


def test_suggested_ids_are_ids_training_accepts():
    """'Customer Service' as a touchpoint was told to use 'customer_service' (the area's id, refused next time), a
    long name a suggestion over the 40-character limit (and a second error saying so)."""
    from cxnlp.exceptions import DataError
    from cxnlp.labelled import validate_frame

    long_name = "Programa de puntos de fidelidad para clientes frecuentes"
    frame = pd.DataFrame({"text": ["uno", "dos"], "touchpoints": ["Customer Service", long_name]})
    with pytest.raises(DataError) as raised:
        validate_frame(frame, name="f.csv")
    lines = str(raised.value).splitlines()
    assert len(lines) == 2 and "(e.g. 'customer_service_touchpoint';" in lines[0]
    assert "(e.g. 'programa_de_puntos_de_fidelidad_para';" in lines[1]
    with pytest.raises(DataError, match=r"rows \[1, 2, 3, 4, 5, 6, 7, 8, 9, 10\] and more: touchpoints label 'cx'"):
        validate_frame(pd.DataFrame({"text": [f"t{i}" for i in range(12)], "touchpoints": "cx"}), name="f.csv")


def test_columns_that_differ_only_in_case_are_refused(tmp_path):
    # 'Text' beside 'text' (a translation column): one was read as the comments and the other dropped; a
    # 'Sentiment' column beside 'sentiment' made its own name every row's label, or a TypeError.
    translated = tmp_path / "etiquetas.csv"
    translated.write_text("Text,sentiment,text\nLa app se cierra al pagar,negative,the app crashes\n"
                          "Muy buen servicio,positive,very good service\n", encoding="utf-8")
    with pytest.raises(CxnlpError, match=r"the columns \['Text', 'text'\] are one column"):
        cxnlp.read_training_data(translated)
    blank = tmp_path / "dos.csv"
    blank.write_text("text,sentiment, Sentiment\nLa app se cierra,negative,\nMuy buen servicio,positive,\n",
                     encoding="utf-8")
    with pytest.raises(CxnlpError, match=r"the columns \['sentiment', ' Sentiment'\] are one column"):
        cxnlp.read_training_data(blank)


def test_a_frame_is_read_as_a_file_is(tmp_path):
    # cxnlp.train(frame=pd.read_csv(...)) trained 'app|support' as the labels 'a', 'p', '|', 's'... without a word
    from cxnlp.exceptions import DataError
    from cxnlp.labelled import data_hash
    from cxnlp.training import gather

    typed = pd.DataFrame({"text": ["La app se cierra al pagar", "Nadie contesta el chat", "Muy caro"],
                          "Sentiment": ["negative", " Negative", "NA"], "touchpoints": ["app|support", "support", ""],
                          "areas": ["ux", "customer_service", "cx"]})  # (a row labelled on no axis is not trained on)
    data = gather(frame=typed)
    assert data["touchpoints"].tolist() == [("app", "support"), ("support",), None]
    assert data["sentiment"].tolist() == ["negative", "negative", None]
    typed.to_csv(tmp_path / "etiquetas.csv", index=False)
    read = cxnlp.read_training_data(tmp_path / "etiquetas.csv")
    again = gather(frame=read)  # read_training_data's frame is read alike, and keeps naming its file
    assert data_hash(again, ordered=True) == data_hash(read, ordered=True)
    assert again["source_file"].tolist() == read["source_file"].tolist()
    with pytest.raises(DataError, match="frame: row 1: touchpoints cell 'app,support' has a bad separator"):
        cxnlp.train(frame=typed.assign(touchpoints=["app,support", "support", ""]), config=CONFIG)
    with pytest.raises(DataError, match=r"etiquetas.csv row 1, frame row 3"):
        gather(tmp_path / "etiquetas.csv", frame=typed.assign(text=["otra", "y otra", "la app se cierra al pagar"]))


def test_bad_train_arguments_are_cxnlp_errors_that_say_what_to_do(tmp_path):
    """No data, a config of the wrong type, a frame that is not a table and too few comments to build a
    vocabulary from are one-line cxnlp errors, not scikit-learn's or Python's own."""
    from cxnlp.exceptions import ConfigError, DataError

    with pytest.raises(ConfigError, match="needs sources"):
        cxnlp.train()
    with pytest.raises(ConfigError, match="expected a TrainConfig"):
        cxnlp.train(frame=pd.DataFrame({"text": ["a"], "sentiment": ["positive"]}), config=["folds", 3])
    with pytest.raises(ConfigError, match="Unknown TrainConfig keys"):
        cxnlp.train(frame=pd.DataFrame({"text": ["a"], "sentiment": ["positive"]}), config={"fold": 3})
    with pytest.raises(DataError, match="expected a pandas DataFrame"):
        cxnlp.validate_frame([{"text": "hola", "sentiment": "positive"}])
    # (labels that pass the label rules, which are checked first: test_label_rules_are_checked_before_any_feature)
    # (each label twice: a label seen once is refused first, whatever min_examples says)
    six = pd.DataFrame({"text": ["El envío tardó", "Llegó tarde", "La app se cierra", "No abre", "Muy caro", "Caro"],
                        "sentiment": ["negative", "negative", "positive", "positive", "negative", "positive"],
                        "touchpoints": ["delivery", "delivery", "app", "app", "price", "price"],
                        "areas": ["cx", "cx", "ux", "ux", "ui", "ui"]})
    with pytest.raises(TrainingError, match="too few to learn from") as caught:
        cxnlp.train(frame=six, config={"folds": 3, "min_examples": 1, "min_df": 3})
    assert "\n" not in str(caught.value)
    # a min_df over the texts there are was scikit-learn's bare "max_df corresponds to < documents than min_df"
    with pytest.raises(TrainingError, match=r"^min_df=50: .* the 6 comment\(s\) make 6 .*; expected a min_df from 1 "
                                            r"to 6, such as the default, 2\.$"):
        cxnlp.train(frame=six, config={"folds": 3, "min_examples": 1, "min_df": 50})


@pytest.mark.parametrize("n_jobs", [0, 2.5, "2", True])
def test_a_number_of_jobs_joblib_cannot_take_is_refused_before_any_data_is_read(rows, tmp_path, n_jobs):
    # n_jobs=0 was joblib's bare "ValueError: n_jobs == 0 in Parallel has no meaning", once the features were fitted
    import re

    from cxnlp.exceptions import ConfigError

    message = "^" + re.escape(f"n_jobs={n_jobs!r}: expected a whole number of parallel jobs, 1 or more "
                              f"(-1: one per CPU).") + "$"
    with pytest.raises(ConfigError, match=message):
        cxnlp.train(frame=rows, config=CONFIG, n_jobs=n_jobs)
    with pytest.raises(ConfigError, match=message):  # (the file is not there: the setting is checked first)
        cxnlp.train(tmp_path / "no_such_file.csv", n_jobs=n_jobs)


def test_train_to_dir_reads_its_config_as_train_does_and_ignores_no_seed(tmp_path):
    # a dict config was an AttributeError once trained, a seed beside a config ignored, and n_jobs=0 joblib's error;
    # each is now refused before any data is read (the file is not there)
    from cxnlp.exceptions import ConfigError
    from cxnlp.training import train_to_dir

    missing, out = tmp_path / "no_such_file.csv", tmp_path / "modelo"
    with pytest.raises(ConfigError, match="Unknown TrainConfig keys"):
        train_to_dir(missing, out, config={"fold": 3})
    with pytest.raises(ConfigError, match=r"^seed=5 and the config's seed=13 differ; give the seed in the config "
                                          r"alone \(TrainConfig\(seed=\.\.\.\)\)\.$"):
        train_to_dir(missing, out, config=CONFIG, seed=5)
    with pytest.raises(ConfigError, match="n_jobs=0: expected a whole number"):
        train_to_dir(missing, out, n_jobs=0)
    for settings in ({"config": {"folds": 3}}, {"config": CONFIG, "seed": 13}, {"seed": 5}):
        with pytest.raises(cxnlp.DataError, match="no_such_file"):  # read, and on to the data
            train_to_dir(missing, out, **settings)


def test_n_jobs_none_is_joblibs_default_not_refused(tmp_path):
    # None (scikit-learn's and joblib's default: one job) trained before n_jobs was checked; it reaches the data
    from cxnlp.exceptions import DataError

    with pytest.raises(DataError, match="no_such_file"):
        cxnlp.train(tmp_path / "no_such_file.csv", n_jobs=None)


def test_label_headers_named_like_a_label_column_are_warned_not_read(tmp_path):
    """'Touchpoint' and 'Área' were dropped without a word: training ran on sentiment alone, evaluate had no
    touchpoints section. They are not read (a user's own 'Área' of business would train its values as labels, as a
    first fix did), but a warning names each and the header to give it; case and surrounding spaces still aside."""
    from cxnlp.exceptions import UnreadDataWarning
    from cxnlp.labelled import validate_frame

    typed = pd.DataFrame({"text": ["La app se cierra", "Nadie contesta"], " Sentiment ": ["negative", "negative"],
                          "Touchpoint": ["app", "support"], "Área": ["ux", "customer_service"]})
    with pytest.warns(UnreadDataWarning) as caught:
        read = validate_frame(typed, name="f.csv")
    said = " ".join(str(w.message) for w in caught)
    assert "column 'Touchpoint' is not read: it looks like the label column 'touchpoints'" in said
    assert "column 'Área' is not read: it looks like the label column 'areas'" in said
    assert read["sentiment"].tolist() == ["negative", "negative"]
    assert read["touchpoints"].isna().all() and read["areas"].isna().all()  # not labelled on those axes
    with pytest.warns(UnreadDataWarning, match="f.csv: column 'Sentimiento' is not read: it looks like the label "
                                               "column 'sentiment'"):
        validate_frame(typed.rename(columns={" Sentiment ": "Sentimiento"}).assign(touchpoints="app"), name="f.csv")
    # beside the label column it looks like, a column of the user's own is neither read, nor warned, nor an error
    beside = typed.assign(touchpoints=["app", "support"], areas=["ux", "ux"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnreadDataWarning)
        read = validate_frame(beside, name="f.csv")
    assert read["areas"].tolist() == [("ux",), ("ux",)]


def test_weight_without_a_base_is_refused_unless_rows_carry_their_own(rows, tmp_path):
    # --weight 2 without --base rescaled every row alike: another model, and nothing weighed against anything
    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.exceptions import ConfigError
    from cxnlp.training import gather

    data = _csv(rows.head(4), tmp_path / "datos.csv")
    with pytest.raises(ConfigError, match=r"weight=2 \(--weight\) weighs your rows against the base rows"):
        gather(data, weight=2)
    result = CliRunner().invoke(app, ["train", "--data", str(data), "--out", str(tmp_path / "m"), "--weight", "2"])
    assert result.exit_code == 1, result.output  # the option's name on the command line (cliux3)
    assert result.output.startswith("error: --weight 2 weighs your rows against the base rows (--base), ")
    assert result.output.endswith("; give a base, or leave --weight out.\n")
    assert not (tmp_path / "m").exists()
    own = rows.head(4).assign(weight=[3, None, None, None])
    assert gather(frame=own, weight=2)["weight"].tolist() == [3.0, 2.0, 2.0, 2.0]  # blanks take --weight


@pytest.mark.parametrize("base", [None, "default"])
def test_a_file_without_labelled_rows_is_refused_before_training(rows, tmp_path, base):
    # an empty review queue trained a model on the base alone for minutes, or failed on 'min_df' without one
    from cxnlp.training import gather

    header_only = tmp_path / "cola.csv"
    header_only.write_text("input_row,text,sentiment,touchpoints,areas,confidence,notes\n", encoding="utf-8")
    unlabelled = tmp_path / "sin_etiquetas.csv"
    pd.DataFrame({"text": ["El pedido llegó tarde", "Muy buena atención"], "sentiment": ""}).to_csv(unlabelled, index=False)
    labelled = _csv(rows, tmp_path / "etiquetadas.csv")
    for path in (header_only, unlabelled):
        with pytest.raises(cxnlp.DataError, match=f"{path.name}: no labelled rows"):
            gather([labelled, path], base=base)
    assert len(gather([labelled], base=base)) >= len(rows)


@pytest.mark.parametrize("base", [None, "default"])
def test_a_file_without_labelled_rows_inside_a_folder_is_skipped_with_a_warning(rows, tmp_path, base):
    # the whole folder was refused for one empty review queue dropped into it, where training used the rest before
    from cxnlp.exceptions import UnreadDataWarning
    from cxnlp.training import gather

    folder = tmp_path / "datos"
    folder.mkdir()
    _csv(rows, folder / "etiquetadas.csv")
    (folder / "zz_cola.csv").write_text("input_row,text,sentiment,touchpoints,areas\n", encoding="utf-8")
    with pytest.warns(UnreadDataWarning, match=r"datos: skipped \['zz_cola.csv'\]: no labelled rows"):
        gathered = gather(folder, base=base)
    assert gathered.equals(gather(folder / "etiquetadas.csv", base=base))
    with pytest.raises(cxnlp.DataError, match=r"zz_cola.csv: no labelled rows"):  # named itself: still an error
        gather([folder / "etiquetadas.csv", folder / "zz_cola.csv"], base=base)
    (folder / "etiquetadas.csv").unlink()
    with pytest.raises(cxnlp.DataError, match=r"datos: no labelled rows in any of its data files \['zz_cola.csv'\]"):
        gather(folder, base=base)


def test_notes_in_a_folder_are_warned_of_once(rows, tmp_path):
    # gather listed the folder twice, and warned twice
    from cxnlp.exceptions import UnreadDataWarning
    from cxnlp.training import gather

    _csv(rows, tmp_path / "etiquetadas.csv")
    (tmp_path / "notas.txt").write_text("pendiente: revisar\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gather(tmp_path)
    assert len([w for w in caught if w.category is UnreadDataWarning and "notas.txt" in str(w.message)]) == 1


@pytest.mark.slow  # trains several models (the default run's time budget)
def test_train_never_replaces_the_working_directory_and_names_a_model_after_its_folder(rows, tmp_path, monkeypatch):
    # `cxnlp train --out .` in an empty folder deleted it (a new folder took its place, and the shell stood in
    # nothing), and named the model '' after the path as written
    from typer.testing import CliRunner

    from cxnlp.cli import app

    data = _csv(rows, tmp_path / "datos.csv")
    here = tmp_path / "vacia"
    here.mkdir()
    inode = here.stat().st_ino
    monkeypatch.chdir(here)
    for out in (".", str(here), "../vacia"):
        result = CliRunner().invoke(app, ["train", "--data", str(data), "--out", out])
        errors = [line for line in result.output.splitlines() if line.startswith("error:")]
        assert result.exit_code == 1 and len(errors) == 1, result.output
        assert "the working directory; a model is saved by replacing its folder whole" in errors[0]
    assert here.stat().st_ino == inode and not any(here.iterdir())
    result = CliRunner().invoke(app, ["train", "--data", str(data), "--out", "../modelo/sub/.."])
    assert result.exit_code == 0, result.output
    assert cxnlp.load(tmp_path / "modelo").meta["name"] == "modelo"


def test_a_model_saved_or_promoted_over_a_folder_keeps_its_permissions(rows, tmp_path):
    # a folder made private (700) for a model came back 755 with files 644, and a group's (2770, its group) came
    # back 755 in the user's own group: the README promises outputs keep the permissions of what they replace
    import os
    import stat

    def mode(path):
        return stat.S_IMODE(path.stat().st_mode)

    model = cxnlp.train(frame=rows, config=CONFIG)
    private = tmp_path / "privado"
    private.mkdir()
    private.chmod(0o700)
    cxnlp.save(model, private)
    assert mode(private) == 0o700
    others = [g for g in os.getgroups() if g != os.getgid()] or ([65534] if os.geteuid() == 0 else [os.getgid()])
    shared = tmp_path / "compartido"
    shared.mkdir()
    os.chown(shared, -1, others[0])
    shared.chmod(0o2770)
    cxnlp.save(model, shared)
    assert mode(shared) == 0o2770 and {p.stat().st_gid for p in (shared, *shared.iterdir())} == {others[0]}
    (shared / "meta.json").chmod(0o640)
    cxnlp.save(model, shared)  # a model folder: each file keeps the mode of the one it replaces
    assert mode(shared) == 0o2770 and mode(shared / "meta.json") == 0o640
    project = tmp_path / "proyecto"
    cxnlp.promote(private, project)
    default = project / "models" / "default"
    default.chmod(0o2750)
    (default / "arrays.npz").chmod(0o600)
    assert cxnlp.promote(shared, project)["promoted"]
    assert mode(default) == 0o2750 and mode(default / "arrays.npz") == 0o600


def test_label_rules_are_checked_before_any_feature_is_fitted(rows, monkeypatch):
    # "'loyalty_program' has 3 labelled comment(s)" came once the features of every row were fitted and the
    # sentiment heads cross-validated (2 minutes with --base default); so did "No row labels" and a label on every row
    from cxnlp.text.features import TextFeatures

    def fitted(*args, **kwargs):
        raise AssertionError("features fitted before the labels were checked")

    monkeypatch.setattr(TextFeatures, "fit_transform", fitted)
    few = rows.assign(touchpoints=[("loyalty_program",) if i < 3 else t for i, t in enumerate(rows["touchpoints"])])
    with pytest.raises(TrainingError, match=r"^Axis 'touchpoints': 'loyalty_program' has 3 labelled comment\(s\); "
                                            r"each label needs at least 5 to be learnt"):
        cxnlp.train(frame=few, config=CONFIG)
    with pytest.raises(TrainingError, match="^No row labels 'areas'"):
        cxnlp.train(frame=rows.drop(columns="areas"), config=CONFIG)
    with pytest.raises(TrainingError, match="^Axis 'areas': 'cx' is on every row labelled on it"):
        cxnlp.train(frame=rows.assign(areas=[("cx",)] * len(rows)), config=CONFIG)
    mixed = rows.index[rows["sentiment"] == "mixed"]
    with pytest.raises(TrainingError, match="^Axis 'sentiment': 'mixed' has 2 labelled comment"):
        cxnlp.train(frame=rows.drop(index=mixed[2:]), config=CONFIG)


def test_a_label_seen_once_is_refused_whatever_min_examples_says(rows, monkeypatch):
    # with min_examples=1 it reached the cross-validation, and scikit-learn's "This solver needs samples of at least 2
    # classes" came out as a traceback: a fold's model had no comment of it to learn from
    from cxnlp.text.features import TextFeatures

    def fitted(*args, **kwargs):
        raise AssertionError("features fitted before the labels were checked")

    monkeypatch.setattr(TextFeatures, "fit_transform", fitted)
    once = rows.assign(touchpoints=[("app",) if i == 0 else t for i, t in enumerate(rows["touchpoints"])])
    with pytest.raises(TrainingError, match=r"^Axis 'touchpoints': 'app' has 1 labelled comment\(s\); each label "
                                            r"needs at least 2 to be learnt"):
        cxnlp.train(frame=once, config=cxnlp.TrainConfig(folds=3, min_examples=1))


@pytest.mark.slow  # trains several models (the default run's time budget)
def test_a_skipped_effort_signal_is_told_its_true_reason(rows):
    # 50 comments of 'none' were "'none' has 50 labelled comment(s), fewer than the 10 needed", and with 3 of 'high'
    # beside them 'none' was blamed too
    from cxnlp.exceptions import SignalSkippedWarning

    cells = ["none"] * 50 + [None] * (len(rows) - 50)
    with pytest.warns(SignalSkippedWarning) as caught:
        cxnlp.train(frame=rows.assign(effort=cells), config=CONFIG)
    said = [str(w.message) for w in caught if "effort" in str(w.message)]
    assert said == ["Signal 'effort': only 'none' is labelled (50 comment(s)), and a signal is learnt from at least "
                    "two values; the model is trained without it."]
    cells[50:53] = ["high"] * 3
    with pytest.warns(SignalSkippedWarning) as caught:
        cxnlp.train(frame=rows.assign(effort=cells), config=CONFIG)
    said = [str(w.message) for w in caught if "effort" in str(w.message)]
    assert said == ["Signal 'effort': 'high' has 3 labelled comment(s), fewer than the 5 needed; the model is "
                    "trained without it."]


def test_a_file_given_twice_is_told_so(rows, tmp_path):
    # `--data s400.csv --data s400.csv` said "800 rows repeat another row's text: s400.csv row 265, s400.csv row 265"
    # (of a 400-row file), and a folder given with one of its files said the same of that file
    import re

    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.training import gather

    folder = tmp_path / "datos"
    folder.mkdir()
    data = _csv(rows, folder / "etiquetas.csv")
    (tmp_path / "enlace.csv").symlink_to(data)
    for sources, how in (([data, data], f"as {data} and as {data}"),
                         ([folder, data], f"in the folder {folder} and as {data}")):
        said = re.escape(f"{data}: the same file is given twice ({how}); give each file once.")
        with pytest.raises(cxnlp.DataError, match=f"^{said}$"):
            gather(sources)
        with pytest.raises(cxnlp.DataError, match=f"^{said}$"):
            cxnlp.read_training_data(sources)
    with pytest.raises(cxnlp.DataError, match=re.escape(f"given twice (as {data} and as {tmp_path / 'enlace.csv'})")):
        gather([data, tmp_path / "enlace.csv"])
    result = CliRunner().invoke(app, ["train", "--data", str(data), "--data", str(data), "--out", str(tmp_path / "m")])
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert result.exit_code == 1 and errors == [f"error: {data}: the same file is given twice (as {data} and as "
                                                f"{data}); give each file once."], result.output


def _writes_as_a_user(monkeypatch):
    """Writing as the kernel allows it to a user other than root, whom it lets write anywhere: no file is made in a
    folder (of the user's own) without its owner's write bit, neither the one ``save`` checks for
    (``tempfile.TemporaryFile``) nor the model's."""
    import errno
    import stat
    import tempfile
    from pathlib import Path

    import numpy as np

    def checked(make, folder_of):
        def made(*args, **kwargs):
            folder = Path(folder_of(*args, **kwargs))
            if not folder.stat().st_mode & stat.S_IWUSR:
                raise PermissionError(errno.EACCES, "Permission denied", str(folder))
            return make(*args, **kwargs)
        return made

    monkeypatch.setattr(tempfile, "TemporaryFile", checked(tempfile.TemporaryFile, lambda **kw: kw["dir"]))
    monkeypatch.setattr(Path, "write_text", checked(Path.write_text, lambda self, *a, **kw: self.parent))
    monkeypatch.setattr(np, "savez", checked(np.savez, lambda fh, **arrays: Path(fh.name).parent))


def test_a_folder_that_cannot_be_written_is_refused_before_training(rows, tmp_path, monkeypatch):
    # review: `train --out outro` into an empty read-only folder trained, then failed with
    # "error: .outro.tmp/classifier.json: Permission denied"; cxnlp.save raised a bare PermissionError naming it
    from typer.testing import CliRunner

    from cxnlp.cli import app

    data = _csv(rows, tmp_path / "datos.csv")
    model = cxnlp.train(frame=rows, config=CONFIG)
    empty, saved = tmp_path / "vacia", tmp_path / "modelo"
    empty.mkdir()
    cxnlp.save(model, saved)
    for folder in (empty, saved):
        folder.chmod(0o555)
    _writes_as_a_user(monkeypatch)
    monkeypatch.setattr(cxnlp.training, "train", lambda *a, **kw: pytest.fail("trained"))
    for folder in (empty, saved):
        result = CliRunner().invoke(app, ["train", "--data", str(data), "--out", str(folder)])
        errors = [line for line in result.output.splitlines() if line.startswith("error:")]
        assert result.exit_code == 1 and errors == [f"error: {folder}: a model cannot be saved here (Permission "
                                                    f"denied); choose another folder."], result.output
        with pytest.raises(CxnlpError, match=rf"^{folder}: a model cannot be saved here \(Permission denied\)"):
            cxnlp.save(model, folder)
    assert not any(empty.iterdir()) and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_model_is_written_into_a_temporary_folder_its_owner_can_write(rows, tmp_path, monkeypatch):
    # review: the temporary folder was given the replaced folder's mode before the model's files were written in it:
    # a group's folder its owner may not write (0575) stopped the save, after training, with a bare
    # PermissionError naming .NAME.tmp/classifier.json. The mode is given whole once the files are written.
    import errno
    import re
    import stat

    import numpy as np

    from cxnlp.persist import _save

    model = cxnlp.train(frame=rows, config=CONFIG)
    folder = tmp_path / "grupo"
    folder.mkdir()
    folder.chmod(0o575)
    _writes_as_a_user(monkeypatch)
    _save(model, folder)  # (save refuses the folder as root sees it: no write bit for its owner)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o575 and cxnlp.load(folder).labels == model.labels

    def full(fh, **arrays):
        raise OSError(errno.ENOSPC, "No space left on device", fh.name)

    monkeypatch.setattr(np, "savez", full)  # any other failure names the user's folder, not the temporary one
    with pytest.raises(CxnlpError, match=rf"^{re.escape(str(tmp_path / 'otro'))}: the model could not be saved "
                                         rf"there \(No space left on device\)"):
        cxnlp.save(model, tmp_path / "otro")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grupo"]


@pytest.mark.parametrize("seed", [-1, 2**32, 2.5])
def test_a_seed_the_fold_split_cannot_take_is_refused_before_training(rows, tmp_path, seed):
    # --seed -1 failed, once training had started, as "unexpected ValueError: expected non-negative integer"
    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.exceptions import ConfigError

    with pytest.raises(ConfigError, match=rf"^TrainConfig.seed={seed!r}: expected a whole number from 0 to 4294967295"):
        cxnlp.TrainConfig(seed=seed)
    if isinstance(seed, int):  # the command line refuses it as out of the option's range (exit 2, with the usage)
        result = CliRunner().invoke(app, ["train", "--data", str(_csv(rows, tmp_path / "datos.csv")),
                                          "--out", str(tmp_path / "modelo"), "--seed", str(seed)])
        assert result.exit_code == 2 and "Invalid value for '--seed'" in result.output, result.output
        assert not (tmp_path / "modelo").exists()


def test_a_label_with_too_few_comments_is_said_with_the_rows_that_have_it(rows, tmp_path):
    # "'loyalty_program' has 1 labelled comment(s)" said nothing of where that row was, often a typo among thousands
    one = rows.assign(touchpoints=[("loyalty_program",) if i == 3 else t for i, t in enumerate(rows["touchpoints"])])
    path = _csv(one, tmp_path / "datos.csv")
    with pytest.raises(TrainingError) as caught:
        cxnlp.train(path, config=CONFIG)
    assert str(caught.value) == ("Axis 'touchpoints': 'loyalty_program' has 1 labelled comment(s); each label needs at "
                                 "least 5 to be learnt. Label more examples or remove the label. Rows: "
                                 f"'loyalty_program' in {path} row 4.")
    many = rows.assign(sentiment=["happy" if i in (0, 2, 5, 9) else s for i, s in enumerate(rows["sentiment"])])
    with pytest.raises(TrainingError, match=r"Rows: 'happy' in frame rows 1, 3, 6 and more\.$"):
        cxnlp.train(frame=many, config=CONFIG)


def test_many_labels_with_too_few_comments_are_told_in_a_line_of_the_first_ten():
    # a column of codes in touchpoints (one comment each) was told in 270,000 characters, found in 26 s
    import time

    codes = pd.DataFrame({"text": [f"comentario {i}" for i in range(6000)],
                          "sentiment": ["positive", "negative"] * 3000,
                          "touchpoints": [f"cod{i:04d}" for i in range(6000)]})
    start = time.perf_counter()
    with pytest.raises(TrainingError) as caught:
        cxnlp.train(frame=codes, config=CONFIG)
    assert time.perf_counter() - start < 10  # about 1 s
    first = [f"cod{i:04d}" for i in range(10)]
    assert str(caught.value) == (
        "Axis 'touchpoints': " + ", ".join(f"'{code}' has 1" for code in first) + " labelled comment(s), and 5990 "
        "more labels have fewer; each label needs at least 5 to be learnt. Label more examples or remove the label. "
        "Rows: " + "; ".join(f"'{code}' in frame row {i}" for i, code in enumerate(first, 1)) + ".")


def test_a_table_without_a_text_column_is_told_which_column_to_rename(tmp_path):
    # "no 'text' column; found columns ['comentario', ...]" said nothing of what to do, where classify finds
    # 'comentario' by itself; training and every command that scores read it so
    from cxnlp.exceptions import DataError
    from cxnlp.labelled import read_to_score

    path = tmp_path / "etiquetas.csv"
    pd.DataFrame({"comentario": ["Llegó tarde"], "sentiment": ["negative"]}).to_csv(path, index=False)
    said = (f"{path}: no 'text' column; found columns ['comentario', 'sentiment']. Rename the column of comments to "
            f"'text' ('comentario' looks like it) ('cxnlp docs labels', section 9).")
    for read in (cxnlp.read_training_data, read_to_score):
        with pytest.raises(DataError) as caught:
            read(path)
        assert str(caught.value) == said
    with pytest.raises(DataError, match=r"found columns \['id', 'nota'\]\. Rename the column of comments to 'text' "
                                        r"\('cxnlp docs labels', section 9\)\.$"):
        cxnlp.validate_frame(pd.DataFrame({"id": [1], "nota": [5]}), name="datos")


def test_rows_that_repeat_a_comment_are_told_what_to_do(tmp_path):
    # "2 rows repeat another row's text" named the rows, and not what to do with them (their labels may differ)
    from cxnlp.exceptions import DataError

    path = tmp_path / "etiquetas.csv"
    pd.DataFrame({"text": ["Llegó tarde", "LLEGÓ TARDE!!", "Muy bien"], "sentiment": ["negative", "positive",
                                                                                   "positive"]}).to_csv(path, index=False)
    with pytest.raises(DataError) as caught:
        cxnlp.read_training_data(path)
    assert str(caught.value).splitlines() == [
        "2 rows repeat another row's text (case and punctuation ignored); keep one row per comment, with the labels "
        "it should have:", f"{path} row 1, {path} row 2: 'Llegó tarde'"]


def test_a_frame_that_repeats_a_comment_is_refused_as_a_file_is():
    # train(frame=...) alone trained both rows, with their conflicting labels, where the file of them is refused
    from cxnlp.exceptions import DataError

    frame = pd.DataFrame({"text": ["Llegó tarde", "LLEGÓ TARDE!!", "Muy bien"], "sentiment": ["negative", "positive",
                                                                                            "positive"]})
    with pytest.raises(DataError) as caught:
        cxnlp.train(frame=frame, config=CONFIG)
    assert str(caught.value).splitlines() == [
        "2 rows repeat another row's text (case and punctuation ignored); keep one row per comment, with the labels "
        "it should have:", "frame row 1, frame row 2: 'Llegó tarde'"]


def test_a_model_folder_given_as_data_is_said_to_be_one(tmp_path):
    # 'evaluate --data models/mi-modelo' skipped its JSON files as notes, then said "folder has no data files"
    from cxnlp.exceptions import DataError
    from cxnlp.labelled import read_to_score
    from cxnlp.persist import DEFAULT_MODEL_DIR

    said = (f"{DEFAULT_MODEL_DIR}: a model folder, not labelled data; give a file or folder of labelled rows as the "
            f"data (--data), and a model as the model (--model).")
    for read in (cxnlp.read_training_data, read_to_score):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # and no warning that its files were skipped as notes
            with pytest.raises(DataError) as caught:
                read(DEFAULT_MODEL_DIR)
        assert str(caught.value) == said


def test_rows_labelled_on_no_axis_are_not_trained_on_and_are_said(rows, tmp_path):
    # comments still to label beside labelled ones counted in meta.json's rows.total and fitted the vocabulary
    from cxnlp.exceptions import UnreadDataWarning
    from cxnlp.training import gather

    labelled = rows.head(4)
    todo = pd.DataFrame({"text": ["Todavía sin etiquetar, el envío", "Otra sin etiqueta sobre la app"],
                         "touchpoints": [(), ()], "areas": [(), ()]})  # written blank
    data = _csv(pd.concat([labelled, todo], ignore_index=True), tmp_path / "cola.csv")
    with pytest.warns(UnreadDataWarning) as said:
        gathered = gather([data])
    assert gathered["text"].tolist() == labelled["text"].tolist()
    assert [str(w.message) for w in said] == [f"{data}: rows [5, 6]: no label on any axis; not trained on (2 rows). "
                                              f"Label them to train on them."]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a file whose every row is labelled says nothing
        mine = _csv(labelled, tmp_path / "todo.csv")
        assert len(gather([mine])) == 4
    base = tmp_path / "base"
    base.mkdir()
    _csv(pd.concat([rows.iloc[10:13], todo], ignore_index=True), base / "corpus.csv")
    with pytest.warns(UnreadDataWarning) as said:  # a base of your own is read so too
        gathered = gather([mine], base=str(base))
    assert len(gathered) == 7
    assert [str(w.message) for w in said] == [f"{base / 'corpus.csv'}: rows [4, 5]: no label on any axis; not "
                                              f"trained on (2 rows). Label them to train on them."]


def test_a_frame_with_no_labelled_row_is_refused_as_a_file_named_with_none_is(rows):
    # train(frame=..., base='default') on comments still to label skipped each row with a warning and trained the
    # shipped corpus alone, where a file named with none (--data cola.csv) is an error
    from cxnlp.exceptions import DataError, UnreadDataWarning
    from cxnlp.training import gather

    todo = pd.DataFrame({"text": ["Todavía sin etiquetar, el envío", "Otra sin etiqueta sobre la app"],
                         "sentiment": [None, None]})
    for base in (None, "default"):
        with pytest.raises(DataError, match=r"^frame: no labelled rows; label some of its comments before training"):
            gather(frame=todo, base=base)
    with pytest.warns(UnreadDataWarning, match=r"^frame: rows \[3, 4\]: no label on any axis"):
        assert len(gather(frame=pd.concat([rows.head(2), todo], ignore_index=True))) == 2


def test_a_name_that_is_not_text_and_a_path_like_data_are_said_before_training():
    # name=5 went into meta.json as a number; an os.PathLike that is no Path got the generic "needs a frame" message
    import os

    from cxnlp.labelled import frame_to_score

    with pytest.raises(cxnlp.ConfigError, match=r"^name: expected the model's name as text, e.g. name='encuestas'; "
                                                r"got int 5\.$"):
        cxnlp.train(frame=pd.DataFrame({"text": ["hola"]}), name=5)

    class Where(os.PathLike):
        def __fspath__(self):
            return "eval.csv"

    with pytest.raises(cxnlp.DataError, match=r"^evaluate needs a frame of labelled rows, not a path; read the file "
                                              r"with cxnlp.read_table\('eval.csv'\) and pass that\.$"):
        frame_to_score(Where(), what="evaluate")


@pytest.mark.parametrize("base", [["default"], ("default", "otra/")])
def test_a_base_that_is_no_path_is_a_config_error_before_any_data_is_read(base):
    """api7: ``base=["default"]`` (a list, as ``sources`` takes) was pathlib's "expected str, bytes or os.PathLike
    object, not list" traceback."""
    with pytest.raises(cxnlp.ConfigError, match=r"^base: expected 'default' \(the shipped corpus\) or the path of a "
                                                r"folder or file of labelled data, got (list|tuple); give more data as "
                                                r"sources=\[\.\.\.\]\.$"):
        cxnlp.train(frame=pd.DataFrame({"text": ["hola"], "sentiment": ["positive"]}), base=base, config=CONFIG)
