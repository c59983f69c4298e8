import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxnlp.labelled import read_training_data, validate_frame
from cxnlp.exceptions import DataError, LabelTypoWarning
from cxnlp.schema import AREAS, SENTIMENTS, TOUCHPOINTS

ROOT = Path(__file__).resolve().parents[1]


def _frame(**cols):
    base = {"text": ["uno dos", "tres cuatro"], "sentiment": ["positive", "negative"],
            "touchpoints": ["app", "delivery|support"], "areas": ["ux", "cx|customer_service"]}
    base.update(cols)
    return pd.DataFrame(base)


def test_valid_frame_parses_multilabel_cells():
    out = validate_frame(_frame(), name="f.csv", strict=True)
    assert out["touchpoints"].tolist() == [("app",), ("delivery", "support")]
    assert out["row"].tolist() == [1, 2]


def test_partial_labels_are_none():
    out = validate_frame(_frame(sentiment=["positive", None], areas=[None, ""]), name="f.csv")
    assert out["sentiment"].tolist() == ["positive", None]
    assert out["areas"].tolist() == [None, None]


@pytest.mark.parametrize("cols, message", [
    ({"touchpoints": ["app", "deliveri"]}, r"f.csv: rows \[2\]: unknown touchpoints label 'deliveri'.*did you mean 'delivery'"),
    ({"sentiment": ["positive", "angry"]}, r"unknown sentiment label 'angry'; expected one of 'positive', "),
    ({"text": ["uno", "  "]}, r"f.csv: row 2: empty text"),
    ({"touchpoints": ["app", "delivery,support"]}, r"row 2: touchpoints cell 'delivery,support' has a bad separator"),
    ({"areas": ["ux|", "cx"]}, r"row 1: areas cell 'ux\|' has a bad separator"),
    ({"touchpoints": ["app", "delivery||support"]}, r"bad separator"),
])
def test_strict_validation_names_file_row_and_value(cols, message):
    with pytest.raises(DataError, match=message):
        validate_frame(_frame(**cols), name="f.csv", strict=True)


@pytest.mark.parametrize("cols, message", [
    ({"sentiment": ["positive", "llamadme al 612345678"]}, "sentiment 'llamadme al [TELÉFONO]' is not a label id"),
    ({"touchpoints": ["app", "Ana, ana.ruiz@gmail.com"]}, "touchpoints cell 'Ana, [EMAIL]' has a bad separator"),
    ({"churn_risk": ["yes", "llamadme al 612345678"]}, "churn_risk 'llamadme al [TELÉFONO]' is not yes or no"),
    ({"weight": [1, "llamadme al 612345678"]}, "row 2: 'llamadme al [TELÉFONO]'."),
    ({"touchpoints": ["app", ["app", 612345678]]}, "holds [TELÉFONO], which is not a label"),
])
def test_a_label_cell_an_error_quotes_is_redacted(cols, message):
    """A comment pasted into a label column was quoted in clear by the error naming it, phone and all, and its
    phone offered again as a label id ("e.g. 'llamadme_al_612345678'"): it is quoted redacted, with no id offered."""
    with pytest.raises(DataError) as raised:
        validate_frame(_frame(**cols), name="f.csv", strict=True)
    assert message in str(raised.value) and "612345678" not in str(raised.value) and "ruiz" not in str(raised.value)


def test_strict_validation_with_no_known_label_of_an_axis_says_so():
    """``known`` without an axis the file labels (or with none of its labels): the message listing the labels it
    expects failed with an IndexError instead of naming the unknown one."""
    frame = _frame().drop(columns=["sentiment", "areas"])
    for known in ({"sentiment": ("positive",)}, {"touchpoints": ()}):
        with pytest.raises(DataError, match=r"unknown touchpoints label 'app'; expected one of \(none\)\."):
            validate_frame(frame, name="f.csv", strict=True, known=known)


def test_new_label_is_a_class_and_typo_warns():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = validate_frame(_frame(touchpoints=["loyalty_program", "app"]), name="f.csv")
    assert out["touchpoints"][0] == ("loyalty_program",)
    with pytest.warns(LabelTypoWarning, match="'suport'.*looks like 'support';"):
        validate_frame(_frame(touchpoints=["suport", "app"]), name="f.csv")


def test_missing_columns():
    with pytest.raises(DataError, match="no 'text' column"):
        validate_frame(pd.DataFrame({"comentario": ["x"], "sentiment": ["positive"]}), name="f.csv")
    with pytest.raises(DataError, match="no label column"):
        validate_frame(pd.DataFrame({"text": ["x"]}), name="f.csv")


def test_duplicates_across_files(tmp_path):
    _frame().to_csv(tmp_path / "a.csv", index=False)
    _frame(text=["otra cosa", "Uno, dos!"]).to_csv(tmp_path / "b.csv", index=False)
    with pytest.raises(DataError, match=r"a.csv row 1, .*b.csv row 2"):
        read_training_data(tmp_path)


def test_a_copy_with_an_invisible_character_is_a_duplicate(tmp_path):
    """A soft hyphen or a bidirectional mark inside a word (as PDFs and phones leave them) cut it in two in the
    duplicate key: 'pé\\u00adsimo servicio' was no copy of 'pésimo servicio', which the classifier reads alike."""
    _frame(text=["pésimo servicio", "otra cosa"]).to_csv(tmp_path / "a.csv", index=False)
    _frame(text=["otra más", "pé\u00adsimo\u2063ser\u2069vicio"]).to_csv(tmp_path / "b.csv", index=False)
    with pytest.raises(DataError, match=r"a.csv row 1, .*b.csv row 2"):
        read_training_data(tmp_path)


def test_a_copy_with_a_variation_selector_or_grapheme_joiner_is_a_duplicate():
    """The duplicate key skipped the invisible characters of a printable text, and a variation selector (U+FE0E) or
    the grapheme joiner U+034F is printable: 'pé\\u034fsimo servicio' was no copy of 'pésimo servicio', which the
    classifier reads alike."""
    from cxnlp.labelled import text_key

    for mark in ("\u034f", "\ufe0e", "\U000e0100"):
        assert text_key(f"Pé{mark}simo servicio{mark}") == text_key("pésimo servicio") == "pésimo servicio"


def test_shipped_corpus_is_valid(corpus):
    assert len(corpus) >= 6000
    assert set(corpus["sentiment"]) <= set(SENTIMENTS)
    assert {t for v in corpus["touchpoints"] for t in v} == set(TOUCHPOINTS)
    assert {a for v in corpus["areas"] for a in v} == set(AREAS)
    assert corpus[["sentiment", "touchpoints", "areas"]].notna().all().all()


def test_held_back_files_are_valid_and_apart_from_the_corpus(corpus):
    """training_data/held_back/ holds labelled files not in the shipped model (training_data/README.md):
    valid on their own, and with no text the training corpus also has."""
    held = read_training_data(ROOT / "training_data" / "held_back", strict=True)
    assert len(held) >= 700
    assert set(held["text"]).isdisjoint(corpus["text"])


def _rows(**columns):
    base = {"text": ["La app falla", "Buen precio", "Tardó mucho el envío"], "sentiment": ["negative", "positive", "negative"]}
    return pd.DataFrame({**base, **columns})


def test_weights_are_positive_numbers_and_blank_is_unset():
    frame = validate_frame(_rows(weight=["2", "", "1,5"]))
    assert frame["weight"].tolist()[0] == 2.0 and pd.isna(frame["weight"].tolist()[1]) and frame["weight"].tolist()[2] == 1.5
    with pytest.raises(DataError, match=r"weight must be a positive number.*row 1: 'abc', row 2: '-1', row 3: '0'"):
        validate_frame(_rows(weight=["abc", "-1", "0"]))
    with pytest.raises(DataError, match="'inf'"):
        validate_frame(_rows(weight=["inf", "1", "1"]))
    # an R or pandas export's NA / nan in the weight column was "weight must be a positive number": blank, as ''
    with pytest.warns(LabelTypoWarning, match=r"read as blank \(missing-value words.*'NA' in 1 cell, 'nan' in 1 cell"):
        frame = validate_frame(_rows(weight=["NA", "nan", "2"]))
    assert frame["weight"].isna().tolist() == [True, True, False]


def test_flags_read_yes_and_no_in_their_usual_spellings():
    frame = validate_frame(_rows(churn_risk=["sí", "False", ""], escalation=["TRUE", "no", "1"]))
    assert frame["churn_risk"].tolist() == ["yes", "no", None] and frame["escalation"].tolist() == ["yes", "no", "yes"]
    with pytest.raises(DataError, match="churn_risk 'quizás' is not yes or no"):
        validate_frame(_rows(churn_risk=["quizás", "no", "no"]))


def test_industries_have_one_spelling_and_reserved_names_in_any_case():
    frame = validate_frame(_rows(industry=["Retail_Stores ", "retail_stores", None]))
    assert frame["industry"].tolist()[:2] == ["retail_stores", "retail_stores"]
    with pytest.raises(DataError, match="industry 'none' is not an industry name"):
        validate_frame(_rows(industry=["None", "x", "y"]))
    assert validate_frame(_rows(industry=["None", "AUTO", "x"]), reserved_ok=True)["industry"].tolist()[:2] == ["none", "auto"]


def test_data_hash_sees_industries_and_texts_lose_the_formula_quote():
    from cxnlp.labelled import data_hash

    a = validate_frame(_rows(industry=["telecom", "telecom", "telecom"]))
    b = validate_frame(_rows(industry=["telecom", "", "telecom"]))
    assert data_hash(a) != data_hash(b)  # an edited industry cell retrains (it was skipped)
    exported = validate_frame(_rows().assign(text=["'@marca la app falla", "'-No me sumaron los puntos", "'sin más"]))
    assert exported["text"].tolist() == ["@marca la app falla", "-No me sumaron los puntos", "'sin más"]


def test_data_hash_sees_which_signal_column_holds_the_answers():
    from cxnlp.labelled import data_hash

    answers = ["yes", "no", "no"]
    churn = validate_frame(_rows(churn_risk=answers))
    escalation = validate_frame(_rows(escalation=answers))
    # the same cells under another signal trained another model: `cxnlp train` skipped it, keeping the old one
    assert data_hash(churn) != data_hash(escalation)
    assert data_hash(churn, ordered=True) != data_hash(escalation, ordered=True)


def test_a_column_of_many_new_labels_is_read_in_linear_time():
    # the rows of each new label were looked for one label at a time: 8,000 codes in a touchpoints column took 27 s
    import time

    codes = pd.DataFrame({"text": [f"comentario {i}" for i in range(6000)], "sentiment": "positive",
                          "touchpoints": [f"cod{i}" for i in range(6000)]})
    start = time.perf_counter()
    assert validate_frame(codes)["touchpoints"].tolist()[:2] == [("cod0",), ("cod1",)]
    assert time.perf_counter() - start < 5  # about 0.8 s
    long = "a" * 41
    with pytest.raises(DataError, match=rf"^<frame>: rows \[1, 3\]: touchpoints label '{long}' has 41 characters"):
        validate_frame(_rows(touchpoints=[long, "app", f"app|{long}"]))


def test_missing_value_words_are_blank_and_none_stays_an_effort():
    # R's NA, a SQL export's NULL and pandas' "nan" were trained as label classes 'na', 'null', 'nan'
    frame = validate_frame(_rows(sentiment=["NA", " nan ", "positive"], touchpoints=["N/A", "app", "<NA>"],
                                 areas=["NULL", "NaT", "ux"], effort=["none", "NaN", "high"],
                                 churn_risk=["null", "yes", "NA"]))
    assert frame["sentiment"].tolist() == [None, None, "positive"]
    assert frame["touchpoints"].tolist() == [None, ("app",), None] and frame["areas"].tolist() == [None, None, ("ux",)]
    assert frame["effort"].tolist() == ["none", None, "high"] and frame["churn_risk"].tolist() == [None, "yes", None]


def test_nullable_columns_of_a_parquet_file_are_blank_where_missing(tmp_path):
    # pd.NA in a nullable or Arrow-backed column was "label '<NA>' is not a label id" and "weight ... <NA>"
    data = _rows(touchpoints=["app", None, "delivery"], weight=[None, 2.0, None]).astype(
        {"text": "string", "sentiment": "string", "touchpoints": "string", "weight": "Float64"})
    data.to_parquet(tmp_path / "etiquetas.parquet")
    read = read_training_data(tmp_path / "etiquetas.parquet")
    assert read["touchpoints"].tolist() == [("app",), None, ("delivery",)]
    assert read["weight"].isna().tolist() == [True, False, True] and read["weight"][1] == 2.0
    assert validate_frame(data.assign(sentiment=pd.array([pd.NA, "positive", "negative"], dtype="string[pyarrow]"))
                          )["sentiment"].tolist() == [None, "positive", "negative"]


def test_list_cells_read_as_multi_label_cells(tmp_path):
    # a Parquet list column, JSON arrays and numpy's printed arrays gave "label '['app']' is not a label id"
    # or trained "['cx' 'ux']" as a label, where evaluate and summaries read them as lists
    expected = validate_frame(_frame(), name="f")[["touchpoints", "areas"]]
    lists = _frame(touchpoints=[["app"], ["delivery", "support"]], areas=[["ux"], ["cx", "customer_service"]])
    lists.to_parquet(tmp_path / "listas.parquet")
    lists.to_json(tmp_path / "listas.jsonl", orient="records", lines=True)
    _frame(touchpoints=["['app']", "['delivery' 'support']"], areas=["('ux',)", '["cx", "customer_service"]']
           ).to_csv(tmp_path / "escritas.csv", index=False)
    for name in ("listas.parquet", "listas.jsonl", "escritas.csv"):
        read = read_training_data(tmp_path / name)[["touchpoints", "areas"]]
        assert read.equals(expected), name
    arrays = _frame(touchpoints=[np.array(["app"]), ("delivery", "support")], areas=[["UX "], []])
    assert validate_frame(arrays)["touchpoints"].tolist() == expected["touchpoints"].tolist()
    assert validate_frame(arrays)["areas"].tolist() == [("ux",), None]
    with pytest.raises(DataError, match=r"row 1: sentiment cell \['positive', 'negative'\] has 2 labels"):
        validate_frame(_frame(sentiment=[["positive", "negative"], "positive"]))


def test_display_names_are_read_as_ids_on_their_own_axis():
    # 'Precio' and 'Mixto' became classes 'precio' and 'mixto'; 'Atención al cliente' as an area was told to become
    # 'atencion_al_cliente', a second customer service
    frame = _rows(sentiment=["Mixto", "positivo", "negative"], touchpoints=["Precio|app", "precio", "Tienda"],
                  areas=["Atención al cliente", "atencion  al CLIENTE", "cx"])
    with pytest.warns(LabelTypoWarning) as caught:
        out = validate_frame(frame, name="f.csv")
    # an id as written ('positivo', 'precio') is an id: a custom class a model may have been trained with
    assert out["sentiment"].tolist() == ["mixed", "positivo", "negative"]
    assert out["touchpoints"].tolist() == [("price", "app"), ("precio",), ("tienda",)]
    assert out["areas"].tolist() == [("customer_service",), ("customer_service",), ("cx",)]
    said = [str(w.message) for w in caught]
    assert said[0] == ("f.csv: read display names as ids: 'Mixto' -> mixed (1 row), 'Precio' -> price (1 row), "
                       "'Atención al cliente' -> customer_service (1 row), 'atencion  al CLIENTE' -> "
                       "customer_service (1 row).")
    assert any("'positivo' is not a known label but looks like positive (Positivo);" in w for w in said)
    assert any("'tienda' is not a known label but looks like store (Tienda o sucursal);" in w for w in said)
    with pytest.raises(DataError) as raised:  # another axis's name: no id that repeats the built-in
        validate_frame(_rows(touchpoints=["Atención al cliente", "app", "app"]), name="f.csv")
    assert "names the areas label 'customer_service' (Atención al cliente)" in str(raised.value)
    assert "'atencion_al_cliente'" not in str(raised.value)
    # A one-word name of another axis's label ('Precio' as an area, 'Mixto' as a touchpoint, 'Precio' as a sentiment)
    # trained a new class 'precio' without a word; 'precio' written as an id stays a custom class.
    for axis, name, label in (("areas", "Precio", "touchpoints label 'price'"), ("touchpoints", "Mixto", "sentiment label 'mixed'"),
                              ("sentiment", "Precio", "touchpoints label 'price'")):
        with pytest.raises(DataError, match=f"row 1: {axis} '{name}' names a label of another axis .*{label}"):
            validate_frame(_rows(**{axis: [name, None, None]}), name="f.csv")
    assert validate_frame(_rows(areas=["precio", None, None]), name="f.csv")["areas"].tolist()[0] == ("precio",)
    with pytest.raises(DataError) as raised:  # one error for one cell ('confusion' is also an emotion's id)
        validate_frame(_rows(touchpoints=["Confusion", None, None]), name="f.csv")
    assert "names the emotions label 'confusion' (Confusión)" in str(raised.value)
    assert "is the id of another built-in label" not in str(raised.value)


def test_an_id_a_model_knows_is_never_read_as_a_display_name():
    # 'precio', a valid custom id, became 'price': strict=True with 'precio' known said "unknown label 'price'", and
    # evaluate scored a model's 'precio' class as 'price'
    from cxnlp.labelled import label_columns
    from cxnlp.schema import DEFAULT_LABELS

    known = {**DEFAULT_LABELS, "touchpoints": (*[t for t in TOUCHPOINTS if t != "price"], "precio")}
    out = validate_frame(_rows(touchpoints=["precio", "Precio|app", "PRECIO"]), strict=True, known=known)
    assert out["touchpoints"].tolist() == [("precio",), ("precio", "app"), ("precio",)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert label_columns(_rows(touchpoints=["Precio", "precio", "app"]), known=known)["touchpoints"].tolist() == \
            [("precio",), ("precio",), ("app",)]
    # a name written over two lines is shown as written, on one line of the message
    with pytest.warns(LabelTypoWarning, match=r"'Atención al\\ncliente' -> customer_service \(1 row\)"):
        assert validate_frame(_rows(areas=["Atención al\ncliente", "cx", "ux"]))["areas"][0] == ("customer_service",)


def test_missing_value_words_are_counted_and_dropped_inside_multi_label_cells():
    # 'app|NA' trained a class 'na' (or 'NA' blanked a class 'na' unsaid); industry NA was an industry 'na'
    frame = _rows(touchpoints=["app|NA", ["app", "NA"], "na"], industry=["NA", "retail", " "])
    with pytest.warns(LabelTypoWarning) as caught:
        out = validate_frame(frame, name="f.csv")
    assert out["touchpoints"].tolist() == [("app",), ("app",), None]
    assert [v if isinstance(v, str) else None for v in out["industry"]] == [None, "retail", None]
    said = [str(w.message) for w in caught if "missing-value" in str(w.message)]
    assert said == ["f.csv: read as blank (missing-value words: 'cxnlp docs labels'): 'NA' in 3 cells, 'na' in 1 cell. "
                    "A label with such an id needs another one."]


def test_null_items_of_a_list_written_as_text_are_missing_value_words():
    """Review of parity2: summaries read a null item of a list written as text as no label, and so did training,
    unsaid: "[nan]" or "[None]" as emotions trained "no emotion" (an unlabelled row before), and the 'nan' and 'null'
    of "['app', nan]" were no longer told as missing-value words; "[None]" had been a class 'none'."""
    frame = _rows(touchpoints=["['app', nan]", '["app", null]', "[None]"], emotions=["[nan]", "['worry' None]", "[]"])
    with pytest.warns(LabelTypoWarning) as caught:
        out = validate_frame(frame, name="f.csv")
    assert out["touchpoints"].tolist() == [("app",), ("app",), None]
    assert out["emotions"].tolist() == [None, ("worry",), ()]
    said = [str(w.message) for w in caught if "missing-value" in str(w.message)]
    assert len(said) == 1 and all(f"'{word}'" in said[0] for word in ("nan", "null", "None"))


def test_list_items_that_are_not_text_are_row_errors():
    # [1] and [None] were read as unlabelled rows and ['app', 3] as ('app',), without a word
    frame = _rows(touchpoints=[[1], ["app", 3], [None]])
    with pytest.raises(DataError) as raised:
        validate_frame(frame, name="f.jsonl")
    message = str(raised.value)
    assert "f.jsonl: row 1: touchpoints cell [1] holds 1, which is not a label" in message
    assert "row 2: touchpoints cell ['app', 3] holds 3" in message
    assert "row 3: touchpoints cell [None] holds None" in message


def test_a_workbook_is_read_from_its_sheet_of_labelled_rows(tmp_path):
    # a "Leeme" notes sheet first was "no 'text' column"; a second sheet of labelled rows was silently not read
    from cxnlp.exceptions import HeaderRowWarning, UnreadDataWarning

    rows = pd.concat([_frame(), _frame(text=["cinco seis", "siete ocho"])], ignore_index=True)
    with pd.ExcelWriter(tmp_path / "etiquetas.xlsx") as book:
        pd.DataFrame({"Comentarios del equipo": ["Revisado por Ana"]}).to_excel(book, sheet_name="Leeme", index=False)
        rows.to_excel(book, sheet_name="Etiquetas", index=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert read_training_data(tmp_path / "etiquetas.xlsx")["text"].tolist() == rows["text"].tolist()
    # the only word: which sheet was read, as it is not the first
    assert [(w.category, "read sheet 'Etiquetas'" in str(w.message)) for w in caught] == [(HeaderRowWarning, True)]
    with pd.ExcelWriter(tmp_path / "lotes.xlsx") as book:
        rows[:2].to_excel(book, sheet_name="Lote1", index=False)
        pd.DataFrame({"text": ["una nota"]}).to_excel(book, sheet_name="Notas", index=False)  # no labels: not warned of
        rows[2:].to_excel(book, sheet_name="Lote2", index=False)
    with pytest.warns(UnreadDataWarning, match=r"read the sheet 'Lote1' only; the sheets \['Lote2'\] also hold"):
        assert len(read_training_data(tmp_path / "lotes.xlsx")) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_training_data(tmp_path / "lotes.xlsx", sheet="Lote2")["text"].tolist() == rows["text"][2:].tolist()


def test_a_folder_reads_every_table_format_and_names_what_it_skips(tmp_path):
    # a .json file in a training folder was skipped without a word
    from cxnlp.exceptions import UnreadDataWarning

    _frame().to_csv(tmp_path / "a.csv", index=False)
    _frame(text=["cinco", "seis"]).to_json(tmp_path / "b.json", orient="records", force_ascii=False)
    _frame(text=["siete", "ocho"]).to_json(tmp_path / "c.ndjson", orient="records", lines=True, force_ascii=False)
    (tmp_path / "notas.txt").write_text("Revisar las filas 3 y 4", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Datos", encoding="utf-8")
    # a names.json (docs/insights.md) or an `evaluate -o eval.json` report beside the data failed the whole folder
    (tmp_path / "names.json").write_text('{"loyalty_points": "Programa de puntos"}', encoding="utf-8")
    with pytest.warns(UnreadDataWarning, match=r"skipped \['b.json', 'names.json', 'notas.txt'\]: a .txt or .json "
                                               r"file in a folder is taken for notes"):
        read = read_training_data(tmp_path)
    assert sorted({Path(name).name for name in read["source_file"]}) == ["a.csv", "c.ndjson"]
    assert len(read) == 4
    assert read_training_data([tmp_path / "b.json"])["text"].tolist() == ["cinco", "seis"]  # named: read


def test_sources_that_are_not_paths_say_what_was_given():
    # a frame's column names were read as files ("text: no such file or folder"); None and 5 were pathlib's
    # TypeError; [] was pandas' "No objects to concatenate"
    frame = pd.DataFrame({"text": ["La app se cierra"], "sentiment": ["negative"]})
    with pytest.raises(DataError) as raised:
        read_training_data(frame)
    assert str(raised.value) == ("sources are files and folders of labelled data; a DataFrame of labelled rows is read "
                                 "by validate_frame(df), and trained on with cxnlp.train(frame=df).")
    for sources, got in ((None, "NoneType 'None'"), (["training_data", 5], "int '5'")):
        with pytest.raises(DataError) as raised:
            read_training_data(sources)
        assert str(raised.value) == ("sources are the paths of files and folders of labelled data (a path or a list "
                                     f"of paths); got {got}.")
    with pytest.raises(DataError, match=r"^no file or folder of labelled data was given \(sources is empty\)\.$"):
        read_training_data([])


def test_labels_on_lines_of_one_cell_are_a_bad_separator(tmp_path):
    # Excel's Alt+Enter: 'delivery\nsupport' was read as one label, with the id 'delivery_support' suggested for it
    path = tmp_path / "etiquetas.xlsx"
    _frame(touchpoints=["app", "delivery\nsupport"], areas=["cx\nui", "ux"]).to_excel(path, index=False)
    with pytest.raises(DataError) as caught:
        read_training_data(path)
    assert str(caught.value).splitlines() == [
        f"{path}: row 2: touchpoints cell 'delivery\\nsupport' has a bad separator; expected labels separated by '|', "
        f"e.g. 'delivery|support'.",
        f"{path}: row 1: areas cell 'cx\\nui' has a bad separator; expected labels separated by '|', "
        f"e.g. 'delivery|support'."]
    with pytest.raises(DataError, match=r"row 1: areas cell 'cx\\r\\nui' has a bad separator"):
        validate_frame(_frame(areas=["cx\r\nui", "ux"]), name="f.csv")


def test_two_labels_in_a_single_label_cell_are_said_to_be_two():
    # 'positive|negative' was "not a label id", with 'positive_negative' suggested as the id to write
    frame = _frame(sentiment=["positive|negative", "negative"]).assign(effort=["none", "high, low"])
    with pytest.raises(DataError) as caught:
        validate_frame(frame, name="f.csv")
    assert str(caught.value).splitlines() == [
        "f.csv: row 1: sentiment cell 'positive|negative' has 2 labels; expected one.",
        "f.csv: row 2: effort cell 'high, low' has 2 labels; expected one."]
    assert validate_frame(_frame(sentiment=["N/A", " positive "]), name="f.csv")["sentiment"].tolist() == [None,
                                                                                                          "positive"]
    # a name wrapped over two lines of its cell is a name, not two labels (nor a bad separator)
    with pytest.warns(LabelTypoWarning, match="read display names as ids"):
        wrapped = validate_frame(_frame(areas=["Atención al\ncliente", "cx"]).assign(effort=["Esfuerzo\nalto", "none"]))
    assert wrapped["areas"][0] == ("customer_service",) and wrapped["effort"][0] == "high"


def test_a_models_display_name_of_another_axis_keeps_the_built_in_label_read_by_it():
    # a model whose custom area was shown as 'Tienda o sucursal' (the touchpoint 'store''s name) made that name an
    # area in data to score it on: a touchpoints cell 'Tienda o sucursal', read as 'store' before, was "not a label id"
    from types import SimpleNamespace

    from cxnlp.labelled import frame_to_score, known_labels, known_names
    from cxnlp.schema import DEFAULT_LABELS

    labels = {axis: (*ids, *{"areas": ("tienda_fisica",), "touchpoints": ("loyalty_points",)}.get(axis, ()))
              for axis, ids in DEFAULT_LABELS.items()}
    model = SimpleNamespace(labels=labels, meta={"display_names": {"tienda_fisica": "Tienda o sucursal",
                                                                   "loyalty_points": "Programa de puntos"}})
    frame = pd.DataFrame({"text": ["a", "b"], "touchpoints": ["Tienda o sucursal", "Programa de puntos"]})
    with pytest.warns(LabelTypoWarning, match="'Tienda o sucursal' -> store"):
        read = frame_to_score(frame, what="evaluate", known=known_labels(model), named=known_names(model))
    assert read["touchpoints"].tolist() == [("store",), ("loyalty_points",)]


def test_a_bad_weight_says_a_blank_one_takes_trains_weight_not_1():
    # it said "(blank: 1)", where a blank weight takes `cxnlp train --weight` (docs/labels.md section 9), 2 with --weight 2
    with pytest.raises(DataError, match=r"weight must be a positive number \(a blank cell takes train's weight=\.\.\. "
                                        r"\(--weight\), 1 by default\); row 1: '0'\.$"):
        validate_frame(_rows(weight=["0", "", "1"]))


def test_a_bad_weights_error_names_trains_argument_in_python_and_its_option_on_the_command_line(tmp_path):
    # review of docs8: the library's message named only --weight, where Python's train (and read_training_data)
    # take weight=...; every other library message names the argument and lets the command line say the option
    from typer.testing import CliRunner

    from cxnlp.cli import app

    data = tmp_path / "etiquetas.csv"
    _rows(weight=["0", "", "1"]).to_csv(data, index=False)
    with pytest.raises(DataError, match=r"takes train's weight=\.\.\. \(--weight\), 1 by default\); row 1: '0'\.$"):
        read_training_data(data)
    result = CliRunner().invoke(app, ["train", "-d", str(data), "-o", str(tmp_path / "modelo")], env={"COLUMNS": "400"})
    assert result.exit_code == 1, result.output
    assert "(a blank cell takes train's --weight, 1 by default); row 1: " in " ".join(result.output.split()), result.output
    assert not (tmp_path / "modelo").exists()


def test_validate_frame_reads_arrow_string_view_columns_as_their_text():
    """Polars' and DuckDB's labelled text reaches pandas as Arrow string_view: api8 read it in summarize and the
    insights, but validate_frame (train(frame=...)'s check) was still an ArrowNotImplementedError traceback."""
    import pyarrow as pa

    plain = pd.DataFrame({"text": ["El pedido llegó tarde", None, "La app es genial"],
                          "sentiment": ["negative", "positive", "positive"], "touchpoints": ["delivery", "app", "app"]})
    views = plain.astype(pd.ArrowDtype(pa.string_view()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (the blank comment is said)
        got, want = validate_frame(views, to_score=True), validate_frame(plain, to_score=True)
    assert got["text"].fillna("").tolist() == want["text"].fillna("").tolist() == ["El pedido llegó tarde", "",
                                                                                   "La app es genial"]
    assert got["sentiment"].tolist() == want["sentiment"].tolist()


def test_only_the_label_cells_an_error_shows_are_redacted(monkeypatch):
    """Each bad label cell was quoted redacted (the PII patterns run on it) though the error shows 20 lines: 100,000
    comments pasted in a label column took 20 s to refuse, 4 s before. Those past the 20 lines are only counted."""
    import cxnlp.pii
    calls = []
    shown_cell = cxnlp.pii.shown_cell
    monkeypatch.setattr(cxnlp.pii, "shown_cell", lambda *a, **k: calls.append(a) or shown_cell(*a, **k))
    said = [f"llamadme al 612 345 {i:03d}, dia {i}" for i in range(500)]
    with pytest.raises(DataError) as raised:
        validate_frame(pd.DataFrame({"text": "uno", "sentiment": said, "churn_risk": said}), name="f.csv")
    message = str(raised.value)
    assert len(calls) <= 20 and message.count("[TELÉFONO]") == 20 and "612" not in message
    assert message.endswith("\n... and 980 more") and message.count("\n") == 20


def test_a_long_label_cell_is_cut_where_its_display_name_is_suggested():
    """A comment pasted in a label column was quoted cut (60 characters) but whole again as the display name the id
    suggested would show: a 76,000-character message for one cell. Both are cut."""
    cell = "el envio llego tarde y nadie contesta " * 2000
    with pytest.raises(DataError) as raised:
        validate_frame(_frame(sentiment=["positive", cell]), name="f.csv")
    assert len(str(raised.value)) < 400 and "e.g. 'el_envio_llego_tarde_y_nadie_contesta'" in str(raised.value)
