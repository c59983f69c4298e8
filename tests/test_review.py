"""The review queue (``cxnlp.review_queue``): what it picks and how it reads its inputs."""

from __future__ import annotations

import pandas as pd
import pytest

import cxnlp


@pytest.fixture(scope="module")
def comments() -> pd.DataFrame:
    return pd.DataFrame({"c": ["x", "El envío llegó tarde", "La comida estaba fría",
                               "Muy buena atención en la habitación"],
                         "s": ["telecom", "ecommerce_retail", "hotels_restaurants", "hotels_restaurants"]})


def test_an_industry_series_is_read_by_position_as_the_texts_are(model, comments):
    # review looked industries up by label: the wrong industry for a reversed frame, a KeyError for a filtered one
    for frame in (comments.iloc[::-1], comments[comments.c != "x"]):
        queue = cxnlp.review_queue(model, frame["c"], industry=frame["s"])
        expected = [r.industry for r in model.classify_many(frame["c"].tolist(), industry=frame["s"].tolist())]
        assert queue["industry"].tolist() == [expected[i - 1] for i in queue["input_row"]]


def test_bytes_and_lone_surrogates_are_read_as_classify_reads_them(model):
    # classify accepts them; review crashed on both (a Parquet binary column gives bytes)
    values = [b"El env\xc3\xado lleg\xc3\xb3 tarde y nadie contesta", "La app se cierra al pagar \ud800", "Muy bien"]
    queue = cxnlp.review_queue(model, values, n=3)
    given = [r.text for r in model.classify_many(values)]
    assert queue["text"].tolist() == [given[i - 1] for i in queue["input_row"]]
    assert all(isinstance(t, str) for t in queue["text"]) and "\ud800" not in "".join(queue["text"])


def test_review_of_a_parquet_binary_column_writes_text(tmp_path):
    from cxnlp.batch import review_file

    survey = tmp_path / "encuesta.parquet"
    pd.DataFrame({"comentario": [b"El env\xc3\xado lleg\xc3\xb3 tarde", b"La app se cierra al pagar"]}).to_parquet(survey)
    review_file(survey, tmp_path / "cola.csv", n=5)
    written = pd.read_csv(tmp_path / "cola.csv")
    assert sorted(written["text"]) == ["El envío llegó tarde", "La app se cierra al pagar"]


#: Comments that start with the user's own quote before a formula character: no quote of cxnlp's to drop.
QUOTED = ["'-_-' pésimo, el pedido nunca llegó", "'+1 a lo que dicen: la app se cuelga al pagar"]


@pytest.mark.parametrize("classified", ["clasificado.csv", "clasificado.xlsx"])
def test_a_classified_file_is_reviewed_as_the_raw_file(tmp_path, classified):
    # classify quotes comments a spreadsheet would run ("'=SUMA…"); review read the quote as part of the comment
    from cxnlp.batch import classify_file, review_file

    raw = tmp_path / "encuesta.csv"
    pd.DataFrame({"comentario": ["=SUMA(A1:A3) el precio es caro", "@soporte no responde nunca, me voy a cambiar",
                                 "-no me gustó el producto, se rompió", "+1 a lo que dicen, pésimo envío",
                                 *QUOTED, "Muy buena atención"]}).to_csv(raw, index=False)
    classify_file(raw, tmp_path / classified)
    on_raw = review_file(raw, tmp_path / "cola1.csv", n=7)
    on_classified = review_file(tmp_path / classified, tmp_path / "cola2.csv", n=7)
    pd.testing.assert_frame_equal(on_classified, on_raw)


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_a_users_own_leading_quote_is_kept(model, tmp_path, suffix):
    # review dropped a leading quote from every file, where only a CSV or XLSX file cxnlp classified has its quotes
    from cxnlp.batch import review_file

    survey, texts = tmp_path / f"encuesta{suffix}", [*QUOTED, "Muy buena atención en tienda"]
    frame = pd.DataFrame({"comentario": texts})
    {".csv": lambda: frame.to_csv(survey, index=False), ".parquet": lambda: frame.to_parquet(survey),
     ".jsonl": lambda: frame.to_json(survey, orient="records", lines=True, force_ascii=False)}[suffix]()
    queue = review_file(survey, tmp_path / "cola.csv", n=3)
    pd.testing.assert_frame_equal(queue, cxnlp.review_queue(model, texts, n=3))
    assert set(QUOTED) <= set(queue["text"])


def test_the_diversity_pass_reads_what_classify_reads(model, monkeypatch):
    # it read whole comments: a 1 MB comment took 23 s and 505 MB, against classify's 7 s
    from cxnlp.review import review_queue

    transform, seen = model.classifier.features_.transform, []

    def recording(texts):
        seen.extend(len(t) for t in texts)
        return transform(texts)

    monkeypatch.setattr(model.classifier.features_, "transform", recording)
    review_queue(model, ["La app se cierra al pagar. " * 400, "El envío llegó tarde"], n=2)
    assert seen and max(seen) <= model.max_chars


def test_a_note_near_a_threshold_names_its_axis(model):
    # 'near threshold: yes 0.35 vs 0.35' did not say whether churn_risk or escalation
    from cxnlp.review import _reasons, _thresholds

    thresholds = _thresholds(model)
    r = model.classify("Si esto sigue así tal vez me cambie")
    p = r.label_probabilities["churn_risk"]["yes"]
    reasons = _reasons(r, {"churn_risk": {**thresholds["churn_risk"], "yes": p}})[1]
    assert f"near threshold: churn_risk yes {p:.2f} vs {p:.2f}" in reasons


def test_an_empty_queue_has_the_columns_of_a_full_one(model):
    full = cxnlp.review_queue(model, ["El envío llegó tarde", "La app se cierra al pagar"], n=2)
    empty = cxnlp.review_queue(model, ["N/A", None], n=2)
    assert len(empty) == 0 and list(empty.columns) == list(full.columns)
    assert {"effort", "churn_risk", "industry"} <= set(full.columns)


@pytest.mark.parametrize("setting, says", [
    ({"n": 0}, "n=0: expected an integer of at least 1"), ({"n": -5}, "n=-5"), ({"n": 2.5}, "n=2.5"),
    ({"n": "2"}, "n='2'"), ({"max_similarity": 7}, r"max_similarity=7: expected a cosine in \(0, 1\]"),
    ({"max_similarity": 0}, "max_similarity=0")])
def test_bad_settings_are_a_config_error_naming_them(model, setting, says):
    """n=0 or -5 gave an empty queue without a word, n=2.5 three comments, n="2" a bare TypeError, and
    max_similarity=7 turned the diversity pass off."""
    with pytest.raises(cxnlp.ConfigError, match=says):
        cxnlp.review_queue(model, ["El envío llegó tarde", "La app se cierra al pagar"], **setting)


def test_a_frame_is_refused_by_review_queues_name_asking_for_the_comment_column(model):
    """QA K 9: the message named classify_many and advised classify_frame, neither of which the user called."""
    frame = pd.DataFrame({"ID": [1, 2], "Comentario": ["El envío llegó tarde", "La app se cierra al pagar"]})
    with pytest.raises(cxnlp.DataError, match=r"^review_queue expects the comments, not a DataFrame; pass its "
                                              r"comment column, e.g. df\['Comentario'\]\.$"):
        cxnlp.review_queue(model, frame, n=2)
    with pytest.raises(cxnlp.DataError, match=r"^classify_many .* use classify_frame"):  # its own advice kept
        model.classify_many(frame)


def test_a_string_is_refused_by_review_queues_name_asking_for_a_list(model):
    """Review 2, 5: one string still got classify_many's advice, 'Use classify(text)'."""
    with pytest.raises(cxnlp.DataError, match=r"string object received\. review_queue expects a list or a Series of "
                                              r"comments; wrap one comment in a list\.$") as raised:
        cxnlp.review_queue(model, "El envío llegó tarde")
    assert "classify" not in str(raised.value)
    with pytest.raises(cxnlp.DataError, match=r"Use classify\(text\)"):  # classify_many keeps its own advice
        model.classify_many("El envío llegó tarde")


def test_review_file_checks_n_before_reading_the_file(tmp_path, monkeypatch):
    from cxnlp import batch

    monkeypatch.setattr(batch, "read_table", lambda *a, **k: pytest.fail("the file was read before n was checked"))
    with pytest.raises(cxnlp.ConfigError, match="n=0"):
        batch.review_file(tmp_path / "encuesta.csv", tmp_path / "cola.csv", n=0)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_sheet_given_for_a_file_without_sheets_is_refused(tmp_path, suffix):
    # review and classify ignored it, where --header-row on Parquet is an error
    from cxnlp.batch import classify_file, review_file

    survey = tmp_path / f"encuesta{suffix}"
    frame = pd.DataFrame({"comentario": ["El envío llegó tarde", "Muy buena atención"]})
    frame.to_csv(survey, index=False) if suffix == ".csv" else frame.to_parquet(survey)
    for run in (review_file, classify_file):
        with pytest.raises(cxnlp.DataError, match=r"sheet 'Hoja1' was given, but a (CSV|Parquet) file has no sheets"):
            run(survey, tmp_path / "salida.csv", sheet="Hoja1")
    assert not (tmp_path / "salida.csv").exists()


def test_what_is_no_iterable_is_refused_by_the_name_of_the_method_given_it(model):
    # "expected an iterable of texts ..., got int" named neither classify_many nor review_queue
    with pytest.raises(cxnlp.DataError, match=r"^classify_many expects an iterable of texts \(a list, a Series\.\.\.\), "
                                              r"got int\.$"):
        model.classify_many(5)
    with pytest.raises(cxnlp.DataError, match=r"^review_queue expects an iterable of texts \(a list, a Series\.\.\.\), "
                                              r"got NoneType\.$"):
        cxnlp.review_queue(model, None)


def test_input_row_is_a_position_as_the_readme_and_docstring_say(model):
    # they said texts[input_row - 1], which for a Series reads a label: a filtered column gave another comment
    from pathlib import Path

    texts = pd.Series(["La app se cierra al pagar", "Me cobraron dos veces", "Nadie contesta el chat"],
                      index=[3, 2, 1])
    queue = cxnlp.review_queue(model, texts, n=3)
    assert queue["text"].tolist() == [texts.iloc[i - 1] for i in queue["input_row"]]
    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split())
    for text in (readme, " ".join(cxnlp.review_queue.__doc__.split())):
        assert "texts.iloc[input_row - 1]" in text and "texts[input_row - 1]" not in text


def test_priorities_of_other_texts_are_a_data_error_naming_the_position(model):
    """api7: ``priorities`` computed for a longer list (``queue_priorities(model, texts)`` of another batch) was an
    IndexError from deep inside the picking."""
    from cxnlp.review import queue_priorities

    texts = ["La app se cierra al pagar", "Nadie contesta el chat"]
    priorities = queue_priorities(model, [*texts, "El envío llegó tarde"])
    with pytest.raises(cxnlp.DataError, match=r"^priorities: 2 is no position among the 2 texts \(0 to 1\); give the "
                                              r"priorities of these texts, queue_priorities\(model, texts\)\.$"):
        cxnlp.review_queue(model, texts, priorities=priorities)
    assert len(cxnlp.review_queue(model, texts, priorities=queue_priorities(model, texts))) == 2


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_earlier_queue_is_reviewed_as_training_reads_it(tmp_path, suffix):
    # review read the quote it had put before "=SUMA…" as part of the comment: another reading, and a queue whose
    # "''=SUMA…" trained as "'=SUMA…", not the comment
    from cxnlp.batch import review_file
    from cxnlp.labelled import read_training_data

    survey, texts = tmp_path / "encuesta.csv", ["=SUMA(A1:A3) el precio es caro", "@soporte no responde nunca",
                                                 "Muy buena atención en tienda"]
    pd.DataFrame({"comentario": texts}).to_csv(survey, index=False)
    first = review_file(survey, tmp_path / f"cola{suffix}", n=3)
    again = review_file(tmp_path / f"cola{suffix}", tmp_path / f"cola2{suffix}", n=3)
    assert sorted(again["text"]) == sorted(first["text"]) == sorted(texts)
    _mark(tmp_path / f"cola2{suffix}", ["x"] * 3)
    assert sorted(read_training_data(tmp_path / f"cola2{suffix}")["text"]) == sorted(texts)


def test_review_redact_writes_the_queue_redacted_and_suggests_on_the_text_as_written(tmp_path, monkeypatch):
    # review could not redact the queue it hands to labellers (discover --export is redacted by default)
    from cxnlp import review
    from cxnlp.batch import review_file

    survey = tmp_path / "encuesta.csv"
    pd.DataFrame({"comentario": ["Me atendió la señorita Andrea, mi cel es 55 1234 5678 y no resolvió nada",
                                 "Me atendió la señorita Laura, mi cel es 55 9999 5678 y no resolvió nada",
                                 "mi correo ana.ruiz@gmail.com no recibe las facturas", "La app se cierra"]}
                 ).to_csv(survey, index=False)
    picking = review.review_queue
    monkeypatch.setattr(review, "review_queue", lambda *a, **k: picking(*a, **k, max_similarity=1.0))
    plain = review_file(survey, tmp_path / "cola.csv", n=4)
    redacted = review_file(survey, tmp_path / "cola_redactada.csv", n=4, redact=True)
    assert len(plain) == 4 and "ana.ruiz@gmail.com" in " ".join(plain["text"])
    written = pd.read_csv(tmp_path / "cola_redactada.csv", encoding="utf-8-sig")
    assert len(written) == 3 and not any(kept in " ".join(written["text"]) for kept in ("Andrea", "Laura", "ana.ruiz",
                                                                                            "1234", "9999"))
    assert "mi correo [EMAIL] no recibe las facturas" in set(written["text"])
    kept = plain.set_index("input_row").loc[redacted["input_row"]].reset_index()  # suggested on the text as written
    assert redacted.drop(columns="text").equals(kept.drop(columns="text"))


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
def test_an_earlier_parquet_or_jsonl_queue_keeps_the_quote_a_customer_typed(tmp_path, suffix):
    # found by review: the quote cxnlp writes before "=…" is written in CSV and XLSX alone, but review dropped a
    # leading quote from a Parquet or JSONL queue too, the customer's own ("'=x" became "=x")
    from cxnlp.batch import review_file

    survey, texts = tmp_path / "encuesta.csv", ["'=x el cobro salió doble", "''+1 a lo que dijo el otro cliente",
                                                 "Muy buena atención en tienda"]
    pd.DataFrame({"comentario": texts}).to_csv(survey, index=False)
    first = review_file(survey, tmp_path / f"cola{suffix}", n=3)
    again = review_file(tmp_path / f"cola{suffix}", tmp_path / f"cola2{suffix}", n=3)
    assert sorted(again["text"]) == sorted(first["text"]) == sorted(texts)


def test_review_redact_says_how_many_picks_it_left_out(tmp_path, monkeypatch):
    # found by review: two picks alike once redacted gave a queue one short of n, and nothing said why
    from cxnlp import review
    from cxnlp.batch import review_file

    survey = tmp_path / "encuesta.csv"
    pd.DataFrame({"comentario": ["Me atendió la señorita Andrea, mi cel es 55 1234 5678 y no resolvió nada",
                                 "Me atendió la señorita Laura, mi cel es 55 9999 5678 y no resolvió nada",
                                 "La app se cierra"]}).to_csv(survey, index=False)
    picking = review.review_queue
    monkeypatch.setattr(review, "review_queue", lambda *a, **k: picking(*a, **k, max_similarity=1.0))
    from cxnlp import CxnlpWarning

    with pytest.warns(CxnlpWarning, match=r"cola\.csv: 1 pick left out of the queue, as it reads as another once "
                                         r"redacted \(training refuses a repeated text\)\.$"):
        queue = review_file(survey, tmp_path / "cola.csv", n=3, redact=True)
    assert len(queue) == 2


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_queue_or_a_classified_file_classified_again_keeps_one_formula_quote(tmp_path, suffix):
    # found by review: classify read cxnlp's own quote ("'=SUMA…") as part of the comment of a queue or of its own
    # output, classified that, and wrote "''=SUMA…": a text that trains and reads as another
    from cxnlp.batch import classify_file, review_file
    from cxnlp.io import read_table
    from cxnlp.labelled import read_training_data

    survey, texts = tmp_path / "encuesta.csv", ["=SUMA(A1:A3) el precio es caro", "'=x el cobro salió doble",
                                                 "Muy buena atención en tienda"]
    pd.DataFrame({"comentario": texts}).to_csv(survey, index=False)
    review_file(survey, tmp_path / f"cola{suffix}", n=3)
    _mark(tmp_path / f"cola{suffix}", ["x"] * 3)
    classify_file(tmp_path / f"cola{suffix}", tmp_path / f"cola_clasificada{suffix}")
    assert sorted(read_training_data(tmp_path / f"cola_clasificada{suffix}")["text"]) == sorted(texts)
    classify_file(survey, tmp_path / f"clasificada{suffix}")
    classify_file(tmp_path / f"clasificada{suffix}", tmp_path / f"otra_vez{suffix}")
    once, twice = (read_table(tmp_path / f"{name}{suffix}") for name in ("clasificada", "otra_vez"))
    assert twice["comentario"].tolist() == once["comentario"].tolist()
    assert twice["cx_sentiment"].tolist() == once["cx_sentiment"].tolist()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_classified_file_classified_again_keeps_one_formula_quote_in_every_column(tmp_path, suffix):
    # found hunting outputs: only the comment column was read without cxnlp's quote, so a phone or a code of the
    # user's ("+34 600…", "-producto") gained one more "'" each time a classified file was classified again
    from cxnlp.batch import classify_file
    from cxnlp.io import read_table

    survey = tmp_path / "encuesta.csv"
    pd.DataFrame({"telefono": ["+34 600 123 456", "600123456"], "codigo": ["-producto", "'=x"],
                  "comentario": ["=SUMA(A1) caro", "Muy buena atención"]}).to_csv(survey, index=False)
    classify_file(survey, tmp_path / f"clasificada{suffix}")
    classify_file(tmp_path / f"clasificada{suffix}", tmp_path / f"otra_vez{suffix}")
    once, twice = (read_table(tmp_path / f"{name}{suffix}") for name in ("clasificada", "otra_vez"))
    assert once["telefono"].tolist() == ["'+34 600 123 456", "600123456"]
    for column in ("telefono", "codigo", "comentario"):
        assert twice[column].tolist() == once[column].tolist()


@pytest.mark.parametrize("columns", [{"CX_Score": [9, 3], "comentario": ["Bien", "Mal"]},
                                     {"text": ["Bien", "Mal"], "sentiment": ["positive", "negative"]}])
def test_a_file_cxnlp_did_not_write_keeps_the_quotes_of_its_own_cells(tmp_path, columns):
    # review of outputs1: a user's survey with a "CX_Score" of its own, or its own training data, was taken for
    # cxnlp's output, and its phone typed "'+34 600…" came out "+34 600…" in Parquet and JSONL
    from cxnlp.batch import classify_file
    from cxnlp.io import read_table

    survey = tmp_path / "encuesta.csv"
    pd.DataFrame({**columns, "telefono": ["'+34 600 123 456", "'=x"]}).to_csv(survey, index=False)
    for suffix in (".parquet", ".jsonl"):
        classify_file(survey, tmp_path / f"clasificada{suffix}")
        assert read_table(tmp_path / f"clasificada{suffix}")["telefono"].tolist() == ["'+34 600 123 456", "'=x"]


def _mark(path, marks) -> None:
    """Write ``marks`` into the ``reviewed`` column (the last) of the queue at ``path``, as a labeller would, each
    other cell as it is (an export's "'=SUMA…" kept)."""
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path)
        sheet = book.worksheets[0]
        assert sheet.cell(1, sheet.max_column).value == "reviewed"
        for row, mark in enumerate(marks, 2):
            sheet.cell(row, sheet.max_column).value = mark
        book.save(path)
    elif path.suffix == ".csv":
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        assert lines[0].endswith(",reviewed") and all(line.endswith(",") for line in lines[1:])
        path.write_text("\n".join([lines[0], *(line + (mark or "") for line, mark in zip(lines[1:], marks))]) + "\n",
                        encoding="utf-8")
    else:
        queue = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_json(path, lines=True)
        queue["reviewed"] = pd.Series(marks, dtype=object)
        queue.to_parquet(path) if path.suffix == ".parquet" else queue.to_json(path, orient="records", lines=True,
                                                                                force_ascii=False)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".jsonl"])
def test_the_queue_has_a_blank_reviewed_column_that_survives_its_format_and_a_rerun(tmp_path, suffix):
    # every pre-filled row left in the queue trained as written: a suggestion nobody checked, as if confirmed
    from cxnlp.batch import review_file
    from cxnlp.io import read_table
    from cxnlp.labelled import read_training_data

    survey = tmp_path / "encuesta.csv"
    pd.DataFrame({"comentario": ["El envío llegó tarde", "La comida estaba fría", "Muy buena atención en tienda"]}
                 ).to_csv(survey, index=False)
    queue = review_file(survey, tmp_path / f"cola{suffix}", n=3)
    assert queue.columns[-1] == "reviewed" and queue["reviewed"].isna().all()
    written = read_table(tmp_path / f"cola{suffix}")
    assert "reviewed" in written and all(pd.isna(v) or v == "" for v in written["reviewed"])
    assert "reviewed" in review_file(tmp_path / f"cola{suffix}", tmp_path / f"cola2{suffix}", n=3)
    _mark(tmp_path / f"cola{suffix}", [None, "Sí", None])
    with pytest.warns(cxnlp.exceptions.UnreadDataWarning, match=r"cola\S*: 2 rows not marked in the 'reviewed' "
                                                                 r"column left out; mark the rows you checked"):
        read = read_training_data(tmp_path / f"cola{suffix}")
    assert read["text"].tolist() == [written["text"][1]] and read["row"].tolist() == [2]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_every_mark_of_a_checked_row_is_read_and_a_blank_one_left_out(tmp_path, suffix):
    from cxnlp.labelled import frame_to_score, known_labels, read_to_score, read_training_data

    marks = ["Sí", " si ", "X", "1", "TRUE", "yes", "✓", "", None, True, 1]
    path = tmp_path / f"etiquetas{suffix}"
    frame = pd.DataFrame({"text": [f"comentario número {i}" for i in range(len(marks))],
                          "sentiment": ["negative"] * len(marks), "Reviewed": pd.Series(marks, dtype=object)})
    frame.to_csv(path, index=False) if suffix == ".csv" else frame.to_excel(path, index=False)
    with pytest.warns(cxnlp.exceptions.UnreadDataWarning, match="2 rows not marked"):
        read = read_training_data(path)
    assert read["row"].tolist() == [1, 2, 3, 4, 5, 6, 7, 10, 11]
    with pytest.warns(cxnlp.exceptions.UnreadDataWarning, match="2 rows not marked"):  # evaluate, compare, promote
        scored = frame_to_score(read_to_score(path), what="evaluate", known=known_labels())
    assert scored["row"].tolist() == [1, 2, 3, 4, 5, 6, 7, 10, 11]


def test_a_table_without_a_reviewed_column_reads_every_row_as_before(tmp_path):
    import warnings

    from cxnlp.labelled import read_training_data

    path = tmp_path / "etiquetas.csv"
    pd.DataFrame({"text": ["uno", "dos"], "sentiment": ["positive", None], "notes": ["", "revisado"]}
                 ).to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_training_data(path)["row"].tolist() == [1, 2]


@pytest.mark.parametrize("marks, says", [
    (["x", "no"], r"etiquetas\.csv: row 2: reviewed 'no' is not a mark; write sí, x or 1 on each row you checked "
                  r"and leave the others blank, or rename the column if it holds something else\.$"),
    ([None, " "], r"etiquetas\.csv: no row is marked in the 'reviewed' column; mark each row you checked \(sí, x or "
                  r"1\), or delete the column to use every row as written\.$")])
def test_a_reviewed_column_with_no_mark_or_another_word_is_a_one_line_error(tmp_path, marks, says):
    from cxnlp.labelled import read_training_data

    path = tmp_path / "etiquetas.csv"
    pd.DataFrame({"text": ["uno", "dos"], "sentiment": ["positive", "negative"], "reviewed": marks}
                 ).to_csv(path, index=False)
    with pytest.raises(cxnlp.exceptions.DataError, match=says):
        read_training_data(path)


def test_cxnlp_train_says_how_many_rows_it_left_out_as_not_reviewed(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from cxnlp import training
    from cxnlp.cli import app

    path = tmp_path / "cola.csv"
    pd.DataFrame({"text": ["uno", "dos", "tres"], "sentiment": ["positive", "negative", "negative"],
                  "reviewed": ["x", None, None]}).to_csv(path, index=False)
    trained = []

    def fit(data, *args, **kwargs):  # the rows training gets, without training a model
        trained.append(data)
        raise cxnlp.exceptions.TrainingError("stopped before training")

    monkeypatch.setattr(training, "_fit", fit)
    result = CliRunner().invoke(app, ["train", "--data", str(path), "--out", str(tmp_path / "modelo")])
    assert trained[0]["text"].tolist() == ["uno"], result.output
    said = [line for line in result.output.splitlines() if "not marked in the 'reviewed' column" in line]
    assert len(said) == 1 and said[0].startswith("warning: ") and "2 rows not marked" in said[0]
    assert "Traceback" not in result.output


def test_a_reviewed_column_named_in_spanish_is_read_as_it(tmp_path):
    from cxnlp.labelled import read_training_data

    path = tmp_path / "etiquetas.csv"
    pd.DataFrame({"text": ["uno", "dos"], "sentiment": ["positive", "negative"], " Revisado ": [None, "sí"]}
                 ).to_csv(path, index=False)
    with pytest.warns(cxnlp.exceptions.UnreadDataWarning, match="1 row not marked in the ' Revisado ' column"):
        assert read_training_data(path)["text"].tolist() == ["dos"]


def test_a_cell_that_cannot_be_read_is_named_by_its_row_in_the_file_when_scoring_a_queue(model, tmp_path):
    # evaluate read a queue's marked rows alone, then named a bad cell by its place among them ('row 1', not 3)
    from cxnlp.batch import evaluate_file

    path = tmp_path / "cola.csv"
    pd.DataFrame({"text": ["La app se cierra al pagar", "Muy buena atención", "El envío llegó tarde"],
                  "sentiment": ["negative", "positive", "negative|positive"], "reviewed": [None, None, "x"]}
                 ).to_csv(path, index=False)
    with pytest.raises(cxnlp.exceptions.DataError, match=r"cola\.csv: row 3: sentiment cell 'negative\|positive' "):
        evaluate_file(path, model_dir="default")


def test_a_frame_with_a_reviewed_column_scores_and_trains_its_marked_rows_alone(model):
    # cxnlp.evaluate(model, frame) and cxnlp.train(frame=...) of a queue read with pandas used every row, its file
    # the marked ones alone
    from cxnlp.training import gather

    frame = pd.DataFrame({"text": ["La app se cierra al pagar", "Muy buena atención", "El envío llegó tarde"],
                          "sentiment": ["negative", "positive", "negative"], "reviewed": ["x", None, "sí"]})
    with pytest.warns(cxnlp.exceptions.UnreadDataWarning, match="frame: 1 row not marked"):
        assert gather(frame=frame)["text"].tolist() == ["La app se cierra al pagar", "El envío llegó tarde"]
    with pytest.warns(cxnlp.exceptions.UnreadDataWarning, match="data: 1 row not marked"):
        report = cxnlp.evaluate(model, frame)
    assert report["n"] == 2


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_column_of_checkboxes_reads_its_unticked_ones_as_not_reviewed(tmp_path, suffix):
    # a checkbox column (Excel, Google Sheets) holds FALSE where it is not ticked, and every such row was an error
    # telling the user to leave the cell blank, which a checkbox cannot be
    from cxnlp.labelled import read_training_data

    path = tmp_path / f"etiquetas{suffix}"
    frame = pd.DataFrame({"text": ["uno", "dos", "tres", "cuatro"], "sentiment": ["positive", "negative"] * 2,
                          "reviewed": [True, False, "VERDADERO", "falso"]})
    frame.to_csv(path, index=False) if suffix == ".csv" else frame.to_excel(path, index=False)
    with pytest.warns(cxnlp.exceptions.UnreadDataWarning, match="2 rows not marked"):
        assert read_training_data(path)["text"].tolist() == ["uno", "tres"]


def test_a_users_own_revisado_column_is_refused_with_the_way_out_of_renaming_it(tmp_path):
    # a table of the user's own with a 'Revisado' column (who checked it) read whole before the queue's column
    # existed; now it is read as that column, and the error only said to write marks there
    from cxnlp.labelled import read_training_data

    path = tmp_path / "etiquetas.csv"
    pd.DataFrame({"text": ["uno", "dos"], "sentiment": ["positive", "negative"], "Revisado": ["Ana", "Luis"]}
                 ).to_csv(path, index=False)
    with pytest.raises(cxnlp.exceptions.DataError, match=r"row 1: Revisado 'Ana' is not a mark; .* or rename the "
                                                         r"column if it holds something else\.$"):
        read_training_data(path)
    noted = tmp_path / "notas.csv"  # (a note in it is quoted redacted, as messages quote cells)
    pd.DataFrame({"text": ["uno"], "sentiment": ["positive"], "Revisado": ["llamó, 612 345 678"]}
                 ).to_csv(noted, index=False)
    with pytest.raises(cxnlp.exceptions.DataError, match=r"row 1: Revisado 'llamó, \[TELÉFONO\]' is not a mark"):
        read_training_data(noted)


def test_a_plain_file_scored_with_a_queue_from_one_folder_is_read_whole(tmp_path):
    # evaluate/compare/promote --data of a folder holding a queue and a plain file: the plain file's rows got the
    # queue's 'reviewed' column blank when the files were put together, and were refused as a queue marking no row
    # (two queues naming it 'reviewed' and 'Revisado': as a file with both columns)
    from cxnlp.labelled import frame_to_score, known_labels, read_to_score

    pd.DataFrame({"text": ["Muy buena atención", "Cobro doble en la factura"], "sentiment": ["positive", "negative"]}
                 ).to_csv(tmp_path / "a_propios.csv", index=False)
    pd.DataFrame({"text": ["La app se cierra al pagar", "El envío llegó tarde"], "sentiment": ["negative"] * 2,
                  "reviewed": [None, "x"]}).to_csv(tmp_path / "b_cola.csv", index=False)
    pd.DataFrame({"text": ["La tienda estaba cerrada"], "sentiment": ["negative"], "Revisado": ["sí"]}
                 ).to_csv(tmp_path / "c_cola.csv", index=False)
    with pytest.warns(cxnlp.exceptions.UnreadDataWarning, match=r"b_cola\.csv: 1 row not marked"):
        scored = frame_to_score(read_to_score(tmp_path), what="evaluate", known=known_labels())
    assert scored["text"].tolist() == ["Muy buena atención", "Cobro doble en la factura", "El envío llegó tarde",
                                       "La tienda estaba cerrada"]
    (tmp_path / "c_cola.csv").unlink()
    pd.DataFrame({"text": ["La tienda estaba cerrada"], "sentiment": ["negative"], "reviewed": [None]}
                 ).to_csv(tmp_path / "c_cola.csv", index=False)
    with pytest.raises(cxnlp.exceptions.DataError, match=r"c_cola\.csv: no row is marked"):
        frame_to_score(read_to_score(tmp_path), what="evaluate", known=known_labels())


def test_a_reviewed_column_of_ones_and_zeros_or_of_ones_saved_by_pandas_is_read_as_marks(tmp_path):
    # a queue marked in pandas (a column with blanks is float: 1 is written '1.0') was refused on every marked row,
    # and a column of 1s and 0s (mask.astype(int)) on every 0, as FALSE was before checkboxes were read
    from cxnlp.labelled import read_training_data

    queue = pd.DataFrame({"text": ["uno", "dos", "tres"], "sentiment": ["positive", "negative", "negative"]})
    queue["reviewed"] = [1, float("nan"), 1]
    queue.to_csv(tmp_path / "cola.csv", index=False)
    assert "1.0" in (tmp_path / "cola.csv").read_text(encoding="utf-8")
    with pytest.warns(cxnlp.exceptions.UnreadDataWarning, match="1 row not marked"):
        assert read_training_data(tmp_path / "cola.csv")["text"].tolist() == ["uno", "tres"]
    queue.assign(reviewed=[1, 0, 0]).to_csv(tmp_path / "cola.csv", index=False)
    with pytest.warns(cxnlp.exceptions.UnreadDataWarning, match="2 rows not marked"):
        assert read_training_data(tmp_path / "cola.csv")["text"].tolist() == ["uno"]
    queue.assign(reviewed=["1,0", "10", None]).to_csv(tmp_path / "cola.csv", index=False)
    with pytest.raises(cxnlp.exceptions.DataError, match=r"row 2: reviewed '10' is not a mark"):
        read_training_data(tmp_path / "cola.csv")


def test_a_check_mark_typed_on_an_emoji_keyboard_is_a_mark(tmp_path):
    # a phone's or a Mac's emoji picker types ✔️ (✔ and U+FE0F): the mark ✔ the docs list was refused as another word
    from cxnlp.labelled import read_training_data

    pd.DataFrame({"text": ["uno", "dos"], "sentiment": ["positive", "negative"], "reviewed": ["✔\ufe0f", "✓"]}
                 ).to_csv(tmp_path / "cola.csv", index=False)
    assert read_training_data(tmp_path / "cola.csv")["text"].tolist() == ["uno", "dos"]


def test_evaluate_names_a_marked_row_of_a_frame_by_its_row_in_the_frame(model):
    # cxnlp.evaluate of a queue read with pandas listed its worst examples by their place among the marked rows
    # (row 1 for the frame's third), where a file's are named by their row in the file
    frame = pd.DataFrame({"text": ["Muy buena atención", "La app se cierra al pagar", "Excelente servicio, muy rápido"],
                          "sentiment": ["positive", "negative", "negative"], "reviewed": [None, None, "x"]})
    with pytest.warns(cxnlp.exceptions.UnreadDataWarning, match="data: 2 rows not marked"):
        report = cxnlp.evaluate(model, frame)
    assert report["n"] == 1 and [(w["row"], w["text"]) for w in report["worst"]] == [(3, frame["text"][2])]
    assert list(frame.columns) == ["text", "sentiment", "reviewed"]  # the caller's frame as it was


def test_a_reviewed_cell_of_a_list_is_quoted_on_one_line(tmp_path):
    """A list cell in a Parquet file's 'reviewed' column (numpy's array, whose repr spans lines for long texts) was
    quoted over two lines by the error refusing it; it is quoted on one, redacted."""
    from cxnlp.labelled import read_training_data
    path = tmp_path / "q.parquet"
    marks = ["comprobado, llamar al 612 345 678", "pendiente de llamar a la clienta por la tarde"]
    pd.DataFrame({"text": ["uno", "dos"], "sentiment": ["positive", "negative"],
                  "reviewed": [marks, None]}).to_parquet(path)
    with pytest.raises(cxnlp.exceptions.DataError, match=r"row 1: reviewed array\(\['comprobado, llamar al "
                                                         r"\[TELÉFONO\]', 'pendiente") as raised:
        read_training_data(path)
    assert "\n" not in str(raised.value) and "612" not in str(raised.value)
