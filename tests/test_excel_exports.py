"""Survey files as spreadsheets export them: messages per caller, sheets, title lines, decimal commas."""

from __future__ import annotations

import warnings

import pytest
from typer.testing import CliRunner

from cxnlp.cli import app
from cxnlp.columns import detect_text_column
from cxnlp.exceptions import DataError, HeaderRowWarning, UnreadSheetsWarning
from cxnlp.io import iter_table, read_table, sniff_separator

runner = CliRunner()


def test_python_error_names_the_text_argument():
    with pytest.raises(DataError, match=r"name it with text=\.\.\.") as info:
        detect_text_column(["id", "nps"])
    assert "--text" not in str(info.value)


def test_cli_error_names_the_text_option(tmp_path):
    survey = tmp_path / "s.csv"
    survey.write_text("id,nps\n1,9\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", str(survey), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 1
    assert "name it with --text" in result.output
    assert "text=..." not in result.output


# -- sheets and title rows -----------------------------------------------------------------------
TITLE = "Encuesta de satisfacción Q3 – Exportado de Qualtrics el 03/12/2026"
ROWS = [["id", "Comentario", "NPS"], [1, "El envío llegó tarde", 3], [2, "Muy buena atención", 10]]


def _workbook(path, sheets: dict[str, list[list]]):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        worksheet = book.create_sheet(name)
        for row in rows:
            worksheet.append(row)
    book.save(path)
    return path


def test_xlsx_default_sheet_is_the_first_with_a_comment_column(tmp_path):
    path = _workbook(tmp_path / "s.xlsx", {"Portada": [["Informe de encuestas"], ["Generado el 03/12/2026"]],
                                           "Datos": ROWS})
    frame = read_table(path)
    assert list(frame.columns) == ["id", "Comentario", "NPS"]
    assert frame["Comentario"].tolist() == ["El envío llegó tarde", "Muy buena atención"]
    assert read_table(path, sheet="Portada").columns.tolist()[0] == "Informe de encuestas"
    assert read_table(path, sheet=2).equals(frame)


def test_xlsx_without_comment_sheet_lists_the_sheets(tmp_path):
    path = _workbook(tmp_path / "s.xlsx", {"Portada": [["Informe"]], "Cifras": [["nps", "n"], [9, 3]]})
    with pytest.raises(DataError, match=r"\['Portada', 'Cifras'\].*sheet=\.\.\."):
        read_table(path)
    with pytest.raises(DataError, match="no sheet 'Otra'"):
        read_table(path, sheet="Otra")


FORM = [["Marca temporal", "¿Qué podríamos mejorar?"], ["2026-03-01", "El envío llegó tarde"]]


def test_xlsx_default_sheet_is_the_first_visible_with_the_named_text_column(tmp_path):
    path = _workbook(tmp_path / "s.xlsx", {"Respuestas de formulario 1": FORM, "Gráficos": [["Resumen"], ["NPS", 20]],
                                           "Copia": [FORM[0], ["2026-03-02", "copia"]]})
    # named as detect_text_column finds it: case and accents aside
    for text in ("¿Qué podríamos mejorar?", "¿que PODRIAMOS mejorar?"):
        frame = read_table(path, text=text)
        assert frame["¿Qué podríamos mejorar?"].tolist() == ["El envío llegó tarde"]
    assert len(next(iter_table(path, text="¿Qué podríamos mejorar?"))) == 1
    with pytest.raises(DataError, match=r"none of the sheets .* has the text column 'Motivo'; choose one with sheet="):
        read_table(path, text="Motivo")
    hidden = _workbook(tmp_path / "h.xlsx", {"Gráficos": [["Resumen"]], "Oculta": FORM,
                                             "Respuestas": [FORM[0], ["2026-03-02", "visible"]]})
    import openpyxl

    book = openpyxl.load_workbook(hidden)
    book["Oculta"].sheet_state = "hidden"
    book.save(hidden)
    assert read_table(hidden, text="¿Qué podríamos mejorar?")["¿Qué podríamos mejorar?"].tolist() == ["visible"]


def test_cli_text_option_chooses_the_sheet(tmp_path):
    path = _workbook(tmp_path / "s.xlsx", {"Gráficos": [["Resumen"], ["NPS", 20]], "Respuestas de formulario 1": FORM})
    out = tmp_path / "o.csv"
    result = runner.invoke(app, ["classify", str(path), "--text", "¿Qué podríamos mejorar?", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_table(out)["¿Qué podríamos mejorar?"].tolist() == ["El envío llegó tarde"]
    result = runner.invoke(app, ["review", str(path), "--text", "¿Qué podríamos mejorar?", "-o",
                                 str(tmp_path / "r.csv"), "-n", "1"])
    assert result.exit_code == 0, result.output


def test_cli_says_in_one_line_that_a_second_header_row_was_skipped(tmp_path):
    path = _workbook(tmp_path / "s.xlsx", {"Sheet": [["Respondent ID", "¿Qué podríamos mejorar?"],
                                                     [None, "Open-Ended Response"], [1001, "El envío llegó tarde"]]})
    result = runner.invoke(app, ["classify", str(path), "--text", "¿Qué podríamos mejorar?", "-o",
                                 str(tmp_path / "o.csv")])
    assert result.exit_code == 0, result.output
    assert "1 row classified" in result.output
    assert "warning: " in result.output and "row 2: a second header row ('Open-Ended Response')" in result.output


def test_xlsx_title_rows_above_the_header(tmp_path):
    path = _workbook(tmp_path / "s.xlsx", {"Hoja1": [[TITLE], [], *ROWS]})
    frame = read_table(path)
    assert list(frame.columns) == ["id", "Comentario", "NPS"]
    assert len(frame) == 2
    forced = read_table(path, header_row=1)
    assert forced.columns[0] == TITLE


def test_xlsx_title_rows_above_a_table_right_of_a_blank_margin_column(tmp_path):
    """Stop 50: a title in B1 over a table in B3:C, column A left empty as a margin, was twice as wide as it is,
    counted from column A, so the header was not found: the title named the columns and the header was a row."""
    rows = [[None, TITLE], [], [None, "Comentario", "NPS"], [None, "El envío llegó tarde", 3], [None, "Bien", 9]]
    frame = read_table(_workbook(tmp_path / "s.xlsx", {"Hoja1": rows}))
    assert list(frame.columns) == ["Comentario", "NPS"] and frame["NPS"].tolist() == [3, 9]


def test_xlsx_title_rows_above_a_header_whose_last_column_is_blank_in_the_first_answers(tmp_path):
    # A read-only sheet drops a row's trailing empty cells: the answers are narrower than the header.
    answers = [[i, i % 11, None] for i in range(1, 7)] + [[7, 3, "El envío llegó tarde"]]
    path = _workbook(tmp_path / "s.xlsx", {"Hoja1": [[TITLE], [], ["id", "NPS", "Comentario"], *answers]})
    frame = read_table(path)
    assert list(frame.columns) == ["id", "NPS", "Comentario"]
    assert len(frame) == 7 and frame["Comentario"].iloc[-1] == "El envío llegó tarde"
    result = runner.invoke(app, ["classify", str(path), "--text", "Comentario", "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 0, result.output


def test_csv_title_lines_above_the_header(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(f"{TITLE}\n\nid;Comentario;NPS\n1;Llegó tarde, mal;3\n2;Bien;10\n", encoding="utf-8")
    assert sniff_separator(path) == ";"
    frame = read_table(path)
    assert list(frame.columns) == ["id", "Comentario", "NPS"]
    assert frame["Comentario"].tolist() == ["Llegó tarde, mal", "Bien"]
    assert read_table(path, header_row=3).equals(frame)


def test_csv_title_lines_keep_the_strict_reader_and_its_line_numbers(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(f"{TITLE}\n\nid,Comentario,NPS\n1,bien,9\n2,\"roto,3\n3,ok,9\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 5"):
        read_table(path)
    ragged = tmp_path / "r.csv"
    ragged.write_text(f"{TITLE}\n\nid,Comentario,NPS\n1,bien,9\n2,mal,3,extra\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 5: 4 values"):
        read_table(ragged)


def test_cli_sheet_and_header_row(tmp_path):
    path = _workbook(tmp_path / "s.xlsx", {"Portada": [["Informe"]], "Datos": [[TITLE], [], *ROWS]})
    out = tmp_path / "o.csv"
    result = runner.invoke(app, ["classify", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_table(out)["Comentario"].tolist() == ["El envío llegó tarde", "Muy buena atención"]
    result = runner.invoke(app, ["classify", str(path), "-o", str(out), "--sheet", "Portada"])
    assert result.exit_code == 1 and "no rows to classify" in result.output
    result = runner.invoke(app, ["review", str(path), "-o", str(tmp_path / "r.csv"), "--sheet", "2",
                                 "--header-row", "3", "-n", "1"])
    assert result.exit_code == 0, result.output


NUMBERED = {"Notas": [["comentario"], ["primera hoja"]], "Respuestas": [["comentario"], ["segunda hoja"]],
            "2": [["comentario"], ["hoja llamada 2"]]}


@pytest.mark.parametrize("sheet", [2, "2"])
def test_a_sheet_named_as_a_number_comes_before_the_sheet_at_that_place_and_the_other_is_named(tmp_path, sheet):
    """sheet=2 read the second sheet and --sheet 2 the sheet named "2", without a word (QA J 7)."""
    path = _workbook(tmp_path / "s.xlsx", NUMBERED)
    with pytest.warns(HeaderRowWarning, match=r"read the sheet named '2', not sheet number 2 \('Respuestas'\)"):
        assert read_table(path, sheet=sheet)["comentario"].tolist() == ["hoja llamada 2"]


def test_cli_sheet_number_reads_as_python_does(tmp_path):
    path = _workbook(tmp_path / "s.xlsx", NUMBERED)
    result = runner.invoke(app, ["summarize", str(path), "--sheet", "2", "-o", str(tmp_path / "r.csv")])
    assert "warning: " in result.output and "not sheet number 2 ('Respuestas')" in result.output
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no sheet named "3", and the sheet named "2" is no other's number
        assert read_table(path, sheet=3)["comentario"].tolist() == ["hoja llamada 2"]
        assert read_table(_workbook(tmp_path / "t.xlsx", {"Notas": NUMBERED["Notas"], "2": NUMBERED["2"]}),
                          sheet=2)["comentario"].tolist() == ["hoja llamada 2"]


def test_cli_error_lists_the_sheets(tmp_path):
    path = _workbook(tmp_path / "s.xlsx", {"Portada": [["Informe"]], "Cifras": [["nps", "n"], [9, 3]]})
    result = runner.invoke(app, ["summarize", str(path)])
    assert result.exit_code == 1
    assert "['Portada', 'Cifras']" in result.output and "choose one with --sheet" in result.output


def test_a_one_column_csv_with_a_blank_line_keeps_its_header(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("comentario\n\nbien, gracias\nok\n", encoding="utf-8")
    # the blank line is the first answer, left empty (a one-column sheet's empty cell), not a title separator
    assert read_table(path)["comentario"].tolist() == ["", "bien, gracias", "ok"]


def test_a_one_column_csv_with_a_blank_answer_is_not_read_as_title_lines(tmp_path):
    # Spanish Excel's one-column CSV: no separator in the header, commas in answers unquoted, the blank line an
    # empty answer; the line after it must not pass for a header below two title lines.
    path = tmp_path / "una.csv"
    path.write_bytes("Comentario\r\nTodo perfecto\r\n\r\nOpinión, la app va lenta\r\nCaro, no vuelvo\r\n"
                     "El envío llegó tarde\r\n".encode("cp1252"))
    assert read_table(path)["Comentario"].tolist() == ["Todo perfecto", "", "Opinión, la app va lenta",
                                                       "Caro, no vuelvo", "El envío llegó tarde"]


@pytest.mark.parametrize("header, rows, columns", [
    ("Canal;Comentarios, sugerencias", ["web;La app va lenta", "tienda;Todo bien, gracias"],
     ["Canal", "Comentarios, sugerencias"]),
    ("Fecha; Comentario; NPS", ["2024-01-01; Muy bien; 9", "2024-01-02; Lento; 3"], ["Fecha", " Comentario", " NPS"]),
])
def test_a_header_with_a_separator_and_a_space_below_a_title_is_the_header(tmp_path, header, rows, columns):
    # a space after a separator in a header (prose in a name, or a spaced export) does not make it an answer
    path = tmp_path / "t.csv"
    path.write_text("\n".join(["Comentarios de clientes - exportado 2024-05-01", "", header, *rows]) + "\n",
                    encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == columns and len(frame) == 2


def test_cli_reads_the_header_below_a_title_whose_name_holds_a_comma(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("Comentarios de clientes - exportado 2024-05-01\n\nCanal;Comentarios, sugerencias\n"
                    "web;La app va lenta\ntienda;Todo bien, gracias\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["classify", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_table(out)["Comentarios, sugerencias"].tolist() == ["La app va lenta", "Todo bien, gracias"]


# -- output locale ---------------------------------------------------------------------------------
def test_semicolon_decimal_comma_csv_round_trips_with_decimal_commas(tmp_path):
    survey = tmp_path / "s.csv"
    survey.write_text("id;Comentario;Nota\n1;El envío llegó tarde;4,5\n2;Muy buena atención;9,0\n",
                      encoding="utf-8")
    out = tmp_path / "o.csv"
    result = runner.invoke(app, ["classify", str(survey), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(";")
    row = dict(zip(header, lines[1].split(";")))
    assert row["Nota"] == "4,5"  # input cells pass through unchanged
    assert "," in row["cx_confidence"] and "." not in row["cx_confidence"]
    back = read_table(out)
    assert back["Comentario"].tolist() == ["El envío llegó tarde", "Muy buena atención"]
    assert float(back["cx_confidence"][0].replace(",", ".")) > 0


def test_semicolon_csv_without_decimal_commas_keeps_points(tmp_path):
    survey = tmp_path / "s.csv"
    survey.write_text("id;Comentario\n1;El envío llegó tarde\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    assert runner.invoke(app, ["classify", str(survey), "-o", str(out)]).exit_code == 0
    header, row = out.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert "." in dict(zip(header.split(";"), row.split(";")))["cx_confidence"]


def test_output_extension_decides_the_separator(tmp_path):
    survey = tmp_path / "s.tsv"
    survey.write_text("id\tComentario\n1\tEl envío llegó tarde, otra vez\n", encoding="utf-8")
    for name, sep in (("o.csv", ","), ("o.tsv", "\t")):
        out = tmp_path / name
        assert runner.invoke(app, ["classify", str(survey), "-o", str(out)]).exit_code == 0
        assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith(f"id{sep}Comentario{sep}")
        assert read_table(out)["Comentario"].tolist() == ["El envío llegó tarde, otra vez"]


# -- what a sheet holds ----------------------------------------------------------------------------------------
@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")  # the sheet's stream is closed
@pytest.mark.parametrize("limit, rows, columns", [("MAX_ROWS", 6, 2), ("MAX_COLUMNS", 2, 8)])
def test_xlsx_output_beyond_a_sheets_rows_or_columns_is_an_error_and_nothing_is_written(tmp_path, monkeypatch,
                                                                                      limit, rows, columns):
    """1,048,600 rows made an XLSX that Excel refuses or cuts, with exit 0 (and 16,394 columns one whose cx_ columns
    Excel drops): a sheet's limits (here made small) are an error, and the output is not written."""
    import pandas as pd

    from cxnlp.io import _xlsx_write, write_table

    monkeypatch.setattr(_xlsx_write, limit, 5)
    frame = pd.DataFrame([[f"v{r}{c}" for c in range(columns)] for r in range(rows)],
                         columns=[f"c{c}" for c in range(columns)])
    with pytest.raises(DataError, match="an Excel sheet holds at most 5.*write CSV, Parquet or JSONL"):
        write_table(frame, tmp_path / "out.xlsx")
    assert list(tmp_path.iterdir()) == []
    fits = frame.iloc[:4, :5]  # at most 4 rows and the header, at most 5 columns
    write_table(fits, tmp_path / "fits.xlsx")
    assert read_table(tmp_path / "fits.xlsx").shape == fits.shape


@pytest.mark.parametrize("kind", ["csv", "jsonl", "json", "json-lines", "parquet"])  # json: every row on one line
def test_classify_refuses_more_rows_than_a_sheet_before_classifying(tmp_path, monkeypatch, kind):
    """XLSX output of 1,048,600 rows failed after all of them were classified (132 s), in a message that did not
    name the output: an input with more rows than a sheet holds (here made 5) is refused first. Line breaks
    inside cells are no rows: a file of fewer rows is written."""
    import re

    import pandas as pd

    from cxnlp import _batch_pool, batch
    from cxnlp.io import _xlsx_write

    monkeypatch.setattr(_xlsx_write, "MAX_ROWS", 5)
    monkeypatch.setattr(_batch_pool, "classified", lambda *a, **k: pytest.fail("rows were classified"))
    frame = pd.DataFrame({"id": range(5), "comentario": ["Muy bien"] * 5})
    frame = frame[["comentario"]] if kind == "json-lines" else frame  # one value a line: no comma anywhere
    kind, lines = ("json", True) if kind == "json-lines" else (kind, kind == "jsonl")
    getattr(frame, f"to_{kind}" if kind != "jsonl" else "to_json")(
        tmp_path / f"in.{kind}", index=False, **({"orient": "records", "lines": lines} if kind.startswith("json")
                                                 else {}))
    with pytest.raises(DataError, match=rf"^{re.escape(str(tmp_path / 'out.xlsx'))}: in\.{kind} has more than 4 rows, and an Excel "
                                        rf"sheet holds at most 5 with its header .*Nothing was classified\.$"):
        batch.classify_file(tmp_path / f"in.{kind}", tmp_path / "out.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"in.{kind}"]
    monkeypatch.undo()
    monkeypatch.setattr(_xlsx_write, "MAX_ROWS", 5)
    lines = pd.DataFrame({"id": range(4), "comentario": ["Muy bien,\ngracias\r\n\r\nde verdad"] * 4})
    lines.to_csv(tmp_path / "lines.csv", index=False)  # 4 rows on 13 lines
    batch.classify_file(tmp_path / "lines.csv", tmp_path / "lines.xlsx")
    assert len(read_table(tmp_path / "lines.xlsx")) == 4


def test_rows_counted_in_two_threads_at_once_leave_the_warning_filters_alone(tmp_path, monkeypatch, threads_in_turn,
                                                                             no_hang):
    """The count of an input's rows for an XLSX output muted the reader's warnings (said again when the rows are read
    to be classified) with warnings.catch_warnings, which swaps the process-wide filters: two threads counting at
    once, the second out left "ignore" on for every warning of the process."""
    import pandas as pd

    import cxnlp.io
    from cxnlp.io import _xlsx_write, check_sheet_rows

    monkeypatch.setattr(_xlsx_write, "MAX_ROWS", 5)
    pd.DataFrame({"id": range(5), "comentario": ["Muy bien"] * 5}).to_csv(tmp_path / "in.csv", index=False)
    turns = threads_in_turn(cxnlp.io, "iter_table")
    refused = {}

    def count(name):
        try:
            check_sheet_rows(tmp_path / "in.csv", tmp_path / f"{name}.xlsx")
        except DataError as err:
            refused[name] = str(err)

    with no_hang("two threads counting rows"), warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        before = list(warnings.filters)
        turns.run(count)
        after = list(warnings.filters)
        warnings.warn("said after both", UserWarning)
    assert after == before and [str(w.message) for w in seen] == ["said after both"]
    assert sorted(refused) == ["first", "second"] and "has more than 4 rows" in refused["second"]


# -- a totals row below the table ----------------------------------------------------------------
TOTALS_CSV = ("Fecha;Tienda;NPS;CSAT;Comentario\r\n01/03/2024;Centro;9;5;Muy bien\r\n02/03/2024;Norte;3;2;Lento\r\n"
              ";;;;\r\nTotal;;6,0;3,5;\r\n;;;;\r\n")


def test_a_totals_row_below_a_csv_table_is_skipped_with_a_warning(tmp_path):
    """Excel's 'Total' row under a Spanish export was read as a response: its average CSAT 3,5 counted as an
    answer, and the report counted one more response."""
    path = tmp_path / "s.csv"
    path.write_bytes(TOTALS_CSV.encode("cp1252"))
    message = r"the last row \('Total', '6,0', '3,5'\) is a totals row below the table, not a response: skipped"
    with pytest.warns(HeaderRowWarning, match=message):
        frame = read_table(path)
    # (the blank row above it stays a blank answer, as a blank row between two answers does)
    assert frame["Comentario"].tolist() == ["Muy bien", "Lento", ""] and frame["CSAT"].tolist() == ["5", "2", ""]
    with pytest.warns(HeaderRowWarning, match=message):  # streamed a row at a time, as classify reads it
        chunks = list(iter_table(path, chunk_rows=1))
    assert [len(chunk) for chunk in chunks] == [1, 1, 1, 0]


def test_a_totals_row_is_quoted_redacted(tmp_path):
    """The totals row's warning quoted its cells in clear: a last row "Total" with a phone beside it (a number to
    the reader, a customer's to the analyst) reached the terminal and the logs. It is quoted redacted."""
    path = tmp_path / "s.csv"
    path.write_text("Comentario;Contacto\r\nMuy bien;1\r\nTotal;612 345 678\r\n", encoding="utf-8")
    with pytest.warns(HeaderRowWarning, match=r"the last row \('Total', '\[TELÉFONO\]'\) is a totals row") as caught:
        assert read_table(path)["Comentario"].tolist() == ["Muy bien"]
    assert not any("612" in str(w.message) for w in caught)
    book = _workbook(tmp_path / "s.xlsx", {"Datos": [*ROWS, ["Total", None, 612345678]]})
    with pytest.warns(HeaderRowWarning, match=r"the last row \('Total', \[TELÉFONO\]\) is a totals row"):
        assert read_table(book)["id"].tolist() == [1, 2]


def test_a_totals_row_below_a_workbook_table_is_skipped_and_a_total_answer_is_kept(tmp_path):
    path = _workbook(tmp_path / "s.xlsx", {"Datos": [*ROWS, ["Total", None, 6.5]]})
    with pytest.warns(HeaderRowWarning, match=r"the last row \('Total', 6\.5\) is a totals row"):
        assert read_table(path)["id"].tolist() == [1, 2]
    # a row that only starts with a word of a totals row, or has text after it, is a response
    kept = _workbook(tmp_path / "k.xlsx", {"Datos": [*ROWS, ["Total", "Todo bien", 9]]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", HeaderRowWarning)
        assert read_table(kept)["id"].tolist() == [1, 2, "Total"]


def test_other_sheets_of_comments_left_unread_are_named(tmp_path):
    """A workbook of a sheet a month had its first sheet read as all its answers, without a word; the notes sheet
    and a sheet without comments are no answers left out."""
    path = _workbook(tmp_path / "s.xlsx",
                     {"Notas": [["Leeme"]], "Marzo": ROWS, "Abril": ROWS, "Ventas": [["id", "importe"]]})
    with pytest.warns(UnreadSheetsWarning, match=r"s\.xlsx: read the sheet 'Marzo' only; the sheets \['Abril'\] also "
                                                 r"have the comment column 'Comentario' and were not read\. "
                                                 r"Choose one with --sheet"):
        assert len(read_table(path)) == 2
    with warnings.catch_warnings():  # a sheet named is the one meant
        warnings.simplefilter("error", UnreadSheetsWarning)
        assert len(read_table(path, sheet="Abril")) == 2


def test_a_totals_row_is_judged_on_all_its_cells_when_some_columns_are_read(tmp_path):
    """summarize reads a CSV without its comment column: a totals row labelled in that column counted its averages
    as answers, and a response whose segment is 'Media' was dropped, while classify read both as they are."""
    from cxnlp._batch_inputs import summary_columns

    total = tmp_path / "t.csv"
    total.write_text("Comentario;NPS;CSAT\nMuy bien;9;5\nLento;3;2\nTotal;6;3,5\n", encoding="utf-8")
    with pytest.warns(HeaderRowWarning, match=r"the last row \('Total', '6', '3,5'\) is a totals row"):
        assert read_table(total, columns=summary_columns(None, {}))["NPS"].tolist() == ["9", "3"]
    real = tmp_path / "r.csv"
    real.write_text("Segmento;Comentario;NPS\nA;Muy bien;9\nB;Lento;3\nMedia;Excelente atención;9\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", HeaderRowWarning)
        assert read_table(real, columns=summary_columns(None, {}))["Segmento"].tolist() == ["A", "B", "Media"]


def test_summary_and_pivot_sheets_are_no_sheets_of_comments_left_unread(tmp_path):
    """A summary's "Comentarios" (a count per theme) and a pivot table's "Cuenta de comentario" were named as sheets
    of comments left unread, beside the one sheet of answers."""
    from cxnlp.exceptions import UnreadSheetsWarning

    path = _workbook(tmp_path / "s.xlsx", {"Datos": ROWS, "Resumen": [["Tema", "Comentarios"], ["Entrega", 12]],
                                           "Pivot": [["Etiquetas de fila", "Cuenta de comentario"], ["Madrid", 12]]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnreadSheetsWarning)
        assert len(read_table(path)) == 2


def test_a_summary_sheet_in_front_is_passed_over_for_the_sheet_of_comments(tmp_path):
    """A summary sheet first ("Comentarios": 12, a count) was read as the comments: its counts classified, the
    sheet of answers behind it left unread, without a word. Named with --text, the sheet named is still read."""
    path = _workbook(tmp_path / "s.xlsx", {"Resumen": [["Tema", "Comentarios"], ["Entrega", 12]], "Datos": ROWS})
    with pytest.warns(HeaderRowWarning, match=r"read sheet 'Datos', the first visible sheet with comments; the "
                                               r"workbook has sheets \['Resumen', 'Datos'\]"):
        frame = read_table(path)
    assert frame["Comentario"].tolist() == ["El envío llegó tarde", "Muy buena atención"]
    counts = _workbook(tmp_path / "c.xlsx", {"Resumen": [["Tema", "Comentarios"], ["Entrega", 12]]})
    assert read_table(counts)["Comentarios"].tolist() == [12]


def test_a_month_whose_first_comments_are_blank_is_still_a_sheet_of_comments(tmp_path):
    """A first month whose first 25 answers left the optional comment blank was passed over for the second: its
    rows unread, and not named as unread. Blank cells are no counts: the sheet's first values decide."""
    january = [["NPS", "Comentario"]] + [[9, None]] * 25 + [[3, "Llegó tarde"]]
    path = _workbook(tmp_path / "m.xlsx", {"Enero": january, "Febrero": ROWS})
    with pytest.warns(UnreadSheetsWarning, match=r"read the sheet 'Enero' only; the sheets \['Febrero'\]"):
        frame = read_table(path)
    assert len(frame) == 26 and frame["Comentario"].iloc[-1] == "Llegó tarde"
