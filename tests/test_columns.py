"""Finding the columns a user names (``cxnlp.columns``): one lookup for every entry point, an exact name first, a
name given loosely (case, accents, spaces aside) only when one column answers to it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import cxnlp
from cxnlp.columns import detect_column, detect_date_column, find_column
from cxnlp.exceptions import DataError


def test_a_name_two_columns_match_once_folded_is_refused_naming_both(model):
    """QA K 7: with 'Comentario' and a blank 'comentario ' (a merge), text='COMENTARIO' classified the blank copy
    (every row 'empty'), and nps='Nps' beside 'NPS' and 'nps ' said the column was not found."""
    frame = pd.DataFrame({"Comentario": ["El envío llegó roto", "Excelente atención"], "comentario ": ["", ""],
                          "NPS": [2, 10], "nps ": [9, 9]})
    both = r"matches 2 columns once case, accents and spaces are set aside: \['Comentario', 'comentario '\]"
    with pytest.raises(DataError, match=r"^Text column 'COMENTARIO' " + both):
        model.classify_frame(frame, text="COMENTARIO")
    with pytest.raises(DataError, match=r"^2 columns could be the comment column: \['Comentario', 'comentario '\]"):
        model.classify_frame(frame)  # found by its common name: the same two
    out = model.classify_frame(frame, text="Comentario")  # the exact name wins
    assert out["cx_status"].tolist() == ["ok", "ok"]
    with pytest.raises(DataError, match=r"^NPS column 'Nps' matches 2 columns .*\['NPS', 'nps '\]; give the exact"):
        cxnlp.summarize(out, nps="Nps", by=None)
    assert cxnlp.summarize(out, nps="NPS", by=None)["nps"].tolist() == [0.0]
    assert find_column(frame.columns, "nps ", "NPS column") == "nps "
    with pytest.raises(DataError, match=r"could be the date column: \['Fecha', 'fecha '\].* --date \(date=...\)"):
        detect_column(["Fecha", "fecha ", "x"], ["fecha"])


@pytest.mark.parametrize("columns, date", [
    (["Marca temporal", "¿Qué tal?"], "Marca temporal"),  # Google Forms in Spanish
    (["StartDate", "EndDate", "RecordedDate", "Q1"], "RecordedDate"),  # Qualtrics: when the answer was recorded
    (["StartDate", "Q1"], "StartDate"),
    (["#", "Submit Date (UTC)", "Comentario"], "Submit Date (UTC)"),  # Typeform
    (["Number", "Date submitted", "Comentario"], "Date submitted"),  # Hotjar
    (["Response ID", "Response Timestamp", "Comment"], "Response Timestamp"),  # Delighted
    (["Respondent ID", "Start Date", "End Date", "Q1"], "End Date"),  # SurveyMonkey: when the answer ended
    (["Start Date", "Response Timestamp", "Q1"], "Response Timestamp"),  # submitted over started
])
def test_survey_tools_date_columns_are_found(columns, date):
    assert detect_date_column(columns, "month") == date


def _twice(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return pd.concat([frame, frame[[column]]], axis=1)  # a merge or concat(axis=1) leftover


@pytest.mark.parametrize("column, call, what", [
    ("NPS", lambda d, m: cxnlp.summarize(d, nps="NPS"), "NPS column"),
    ("Fecha", lambda d, m: cxnlp.summarize(d, nps="NPS", period="month", date="Fecha"), "Date column"),
    ("Fecha", lambda d, m: cxnlp.summarize(d, nps="NPS", period="month"), "Date column"),  # found by its name
    ("Fecha", lambda d, m: cxnlp.changes(d, "month", nps="NPS", date="Fecha"), "Date column"),
    ("Fecha", lambda d, m: cxnlp.discover(d, text="Comentario"), "Date column"),
    ("Fecha", lambda d, m: cxnlp.write_report(d, d.attrs["path"], nps="NPS"), "Date column"),
    ("Región", lambda d, m: cxnlp.summarize(d, nps="NPS", by="Región"), "Theme column (by)"),
    ("Región", lambda d, m: cxnlp.drivers(d, "NPS", by="Región", metric="nps", n_boot=0), "Theme column (by)"),
    ("cx_touchpoints", lambda d, m: cxnlp.summarize(d, nps="NPS"), "Classified column"),
    ("cx_status", lambda d, m: cxnlp.drivers(d, "NPS", metric="nps", n_boot=0), "Classified column"),
    ("cx_sentiment", lambda d, m: cxnlp.changes(d, "month", nps="NPS", date="Fecha"), "Classified column"),
    ("cx_sentiment", lambda d, m: cxnlp.discover(d, text="Comentario"), "Classified column"),
    ("cx_confidence", lambda d, m: cxnlp.write_report(d, d.attrs["path"], nps="NPS"), "Classified column"),
    ("text", lambda d, m: cxnlp.evaluate(m, d), "Text column"),
    ("sentiment", lambda d, m: cxnlp.evaluate(m, d), "Sentiment column"),
])
def test_a_column_the_table_holds_twice_is_one_data_error_naming_it(model, tmp_path, column, call, what):
    """QA K 3: a column held twice crashed summarize, changes, discover, write_report, drivers and evaluate with
    pandas' own errors (factorize requires a Series, 'DataFrame' object has no attribute 'dtype'), or blamed the
    call ('Expected one column of scores, got a DataFrame'). Each now says what classify_frame says."""
    from test_report import classified_survey  # tests/ is on sys.path under pytest

    frame = (pd.DataFrame({"text": ["El envío llegó tarde"], "sentiment": ["negative"]}) if what in ("Text column",
             "Sentiment column") else classified_survey(60))
    frame.attrs["path"] = tmp_path / "informe.html"
    with pytest.raises(DataError, match=rf"^{re.escape(what)} {re.escape(repr(column))} appears 2 times in the table; "
                                        r"rename the copies so that one column has that name\.$"):
        call(_twice(frame, column), model)


@pytest.mark.parametrize("call, what", [
    (lambda d, m: cxnlp.summarize(d, nps=d["NPS"]), "NPS column"),
    (lambda d, m: cxnlp.summarize(d, nps="NPS", period="month", date=d["Fecha"]), "date column"),
    (lambda d, m: cxnlp.drivers(d, d["NPS"], metric="nps", n_boot=0), "NPS column"),
    (lambda d, m: m.classify_frame(d, text=d["Comentario"]), "Text column"),
    (lambda d, m: cxnlp.pii.redact_column(d, d["Comentario"]), "comment column"),
])
def test_a_series_given_for_a_column_name_is_a_data_error_naming_the_column(model, call, what):
    """api7: a Series where a column's name goes (``nps=df["NPS"]``) was pandas' "The truth value of a Series is
    ambiguous" traceback from deep inside the lookup; now a one-line error that gives the name to write instead."""
    from test_report import classified_survey  # tests/ is on sys.path under pytest

    frame = classified_survey(60)
    with pytest.raises(DataError, match=rf"^{re.escape(what)}: expected a column name, got a Series; give its name, "
                                        r"'(NPS|Fecha|Comentario)'\.$"):
        call(frame, model)


def test_a_list_given_for_one_column_name_is_a_data_error_not_a_missing_column():
    """api7: ``nps=["NPS"]`` said "NPS column ['NPS'] not found" of a table that has it."""
    frame = pd.DataFrame({"NPS": [9, 10]})
    with pytest.raises(DataError, match=r"^NPS column: expected a column name, got a list\.$"):
        find_column(frame.columns, ["NPS"], "NPS column")


def test_long_names_in_a_list_of_columns_keep_their_ends_to_tell_them_apart():
    """Google Forms names a grid question's columns by the question, then the row ("... [Precio]"): cut at 77
    characters, every such column read the same in a 'not found' message, the row that tells them apart lost."""
    question = "¿Qué tan satisfecho está usted con cada uno de los siguientes aspectos de nuestro servicio? "
    frame = pd.DataFrame({f"{question}[{row}]": [1] for row in ("Atención", "Precio")})
    with pytest.raises(DataError) as error:
        find_column(frame.columns, f"{question}[Envío]", "CSAT column")
    message = str(error.value)
    assert "...stro servicio? [Atención]'" in message and "...uestro servicio? [Precio]'" in message
    assert "\n" not in message


def test_by_a_name_with_commas_spelt_loosely_is_one_column_not_split_at_its_commas():
    """A Google Forms header with commas and an Alt+Enter line break, typed with a space for the line break and
    without its trailing space: by= split it at its commas and said 'Cuéntenos' was not found."""
    header = "Cuéntenos,\npor favor, ¿en qué sucursal + canal nos visitó? "
    frame = pd.DataFrame({header: ["Centro", "Norte", "Centro"], "nps": [9, 3, 10]})
    table = cxnlp.summarize(frame, nps="nps", by="Cuéntenos, por favor, ¿en qué sucursal + canal nos visitó?")
    assert sorted(table["theme"]) == ["Centro", "Norte"]
    assert cxnlp.summarize(frame, nps="nps", by=header)["n"].sum() == 3


def test_by_a_name_with_a_comma_and_a_typo_names_the_closest_column():
    """A typo in a name with a comma ('Regon, zona' for 'Region, zona') split it at the comma, and the error said
    'Regon' was not found: no column the user meant. Names that are two columns are still split."""
    frame = pd.DataFrame({"Region, zona": ["a", "b"], "canal": ["x", "y"], "nps": [9, 3]})
    with pytest.raises(DataError, match=r"^Theme column \(by\) 'Regon, zona' not found; did you mean 'Region, zona'\?"):
        cxnlp.summarize(frame, nps="nps", by="Regon, zona")
    assert sorted(cxnlp.summarize(frame, nps="nps", by="Región, zona")["theme"]) == ["a", "b"]
    with pytest.raises(DataError, match="'Regon' not found"):  # (no comma column is close: the part is named)
        cxnlp.summarize(frame, nps="nps", by="canal,Regon")


def test_by_a_name_with_a_plus_and_a_typo_names_the_closest_column():
    """So did one with a '+' ('sucursl + canal' for 'sucursal + canal': 'sucursl' not found)."""
    frame = pd.DataFrame({"sucursal + canal": ["a", "b"], "nps": [9, 3]})
    with pytest.raises(DataError, match=r"'sucursl \+ canal' not found; did you mean 'sucursal \+ canal'\?"):
        cxnlp.summarize(frame, nps="nps", by="sucursl + canal")


def test_by_a_column_that_classifying_adds_is_no_typo_of_a_column_with_a_comma():
    """Review of left1: 'cx_industry, region' on a survey not yet classified, with a column 'Industria, region', was
    refused as a typo of it; cx_industry is added by classifying, and the header's check took it as there before."""
    from cxnlp.metrics.themes import by_parts

    assert by_parts(["comentario", "Industria, region", "region"], "cx_industry, region") == ["cx_industry", "region"]
    with pytest.raises(DataError, match="did you mean 'Industria, region'"):
        by_parts(["comentario", "Industria, region", "region"], "Industrai, region")


def test_a_long_or_multiline_name_not_found_is_quoted_on_one_line_and_cut():
    """A comment column named with a line break (Alt+Enter in Excel) printed the break itself, cutting the error over
    two lines; a 250-character question was quoted whole. The command line still names the option."""
    from cxnlp.cli.app import cli_wording
    from cxnlp.columns import detect_text_column

    with pytest.raises(DataError) as error:
        detect_text_column(["comentario", "nps"], "Cuéntenos,\npor favor")
    assert str(error.value).startswith("Text column 'Cuéntenos,\\npor favor' not found; ")
    question = "¿Qué tan probable es que recomiende nuestra empresa a un amigo o colega? " * 4
    with pytest.raises(DataError) as error:
        find_column(["comentario", "nps"], question, "NPS column")
    message = str(error.value)
    assert message.startswith(f"NPS column {question[:80]!r}... ({len(question)} characters) not found; ")
    assert cli_wording(message).startswith(f"NPS column (--nps) {question[:80]!r}... ")


def test_a_name_typed_with_plain_quotes_and_dashes_finds_a_header_with_typographic_ones():
    """A form editor's autocorrect leaves “servicio” and "0 – 10" in the header; the user types "servicio" and
    "0 - 10", and the column was not found. Two headers that differ only so are still refused, naming both."""
    header = "¿Qué tan probable es que recomiende nuestro “servicio”? (0 – 10)"
    typed = '¿Qué tan probable es que recomiende nuestro "servicio"? (0 - 10)'
    assert find_column(["comentario", header], typed, "NPS column") == header
    with pytest.raises(DataError, match=r"matches 2 columns once case"):
        find_column([header, typed], typed.replace('"', "”"), "NPS column")


def test_by_one_axis_name_with_a_stray_space_is_still_the_axis_not_a_column_of_that_name():
    """by="sentiment " (a trailing space from a config file or a quoted option) was the model's sentiment axis; taken
    whole as the name of a column once folded, it became the survey's own 'Sentiment' column, and "touchpoints " the
    label column of training data, where no comma or '+' asked to keep a name whole."""
    from cxnlp.metrics.themes import resolve_by

    frame = pd.DataFrame({"touchpoints": ["x"], "cx_touchpoints": ["entrega"], "Sentiment": ["s"],
                          "cx_sentiment": ["positive"], "País": ["México"]})
    assert resolve_by(frame, "sentiment ") == [("sentiment", "cx_sentiment")]
    assert resolve_by(frame, " touchpoints") == [("touchpoints", "cx_touchpoints")]
    assert resolve_by(frame, "País ") == [("País", "País")]


def test_a_long_column_that_appears_twice_is_quoted_cut_and_the_option_still_named():
    """A column not found was quoted cut at 80 characters, and one that a merge left twice was still quoted whole (a
    250-character survey question); the command line names the option in either."""
    from cxnlp.cli.app import cli_wording

    question = "¿Qué tan probable es que recomiende nuestra empresa a un amigo o colega? " * 3
    with pytest.raises(DataError) as error:
        find_column([question, "nps", question], question, "NPS column")
    message = cli_wording(str(error.value))
    assert message.startswith(f"NPS column (--nps) {question[:80]!r}... ({len(question)} characters) appears 2 times")
    with pytest.raises(DataError, match=r"^NPS column 'nps' appears 2 times in the table; rename"):
        find_column(["nps", "nps"], "nps", "NPS column")


def test_a_key_inside_a_column_of_json_objects_is_said_to_be_no_column():
    """--text answers.comment of a JSON file whose rows nest {"answers": {"comment": ...}}: the error listed the
    column 'answers' alone, and did not say that a key inside its objects cannot be named."""
    from cxnlp.columns import detect_text_column

    with pytest.raises(DataError, match=r"'comment' is a key of the JSON objects in column 'answers', not a column"):
        detect_text_column(["answers", "id"], "answers.comment")
    with pytest.raises(DataError, match=r"'nps' is a key of the JSON objects in column 'answers'"):
        find_column(["answers", "id"], "answers.nps", "NPS column")
    with pytest.raises(DataError) as err:
        find_column(["answers", "id"], "otra.nps", "NPS column")
    assert "JSON" not in str(err.value)


def test_a_dotted_name_is_said_a_key_only_of_a_column_it_starts_with():
    """Review: "a.b.c" of a column "a.b" was not said a key (split at the first dot), and "1.5" of columns 0, 1, 2
    was said "'5' is a key of the JSON objects in column '1'"."""
    from cxnlp.columns import detect_text_column

    with pytest.raises(DataError, match=r"'c' is a key of the JSON objects in column 'a.b', not a column"):
        detect_text_column(["a.b", "id"], "a.b.c")
    with pytest.raises(DataError, match=r"columns \[0, 1, 2\]\.$"):
        detect_text_column([0, 1, 2], "1.5")
