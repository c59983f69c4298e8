import csv
import datetime as dt
import io
import json
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from cxnlp.exceptions import ConfigError, DataError, HeaderRowWarning, SubHeaderRowWarning
from cxnlp.io import atomic_path, detect_text_column, iter_table, read_table, sniff_separator, write_table

ROWS = [("1", "La atención fue pésima", "007"), ("2", "Todo bien, gracias", "010"), ("3", "N/A", "")]


@pytest.mark.parametrize("encoding, sep", [
    ("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", ";"), ("latin-1", "\t"), ("utf-8", "|"),
])
def test_csv_encodings_and_separators(tmp_path, encoding, sep):
    path = tmp_path / "encuesta.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerows([("id", "comentario", "codigo"), *ROWS])
    path.write_bytes(buffer.getvalue().encode(encoding))
    assert sniff_separator(path) == sep
    frame = read_table(path)
    assert list(frame.columns) == ["id", "comentario", "codigo"]
    assert frame["comentario"].tolist() == ["La atención fue pésima", "Todo bien, gracias", "N/A"]
    assert frame["codigo"].tolist() == ["007", "010", ""]  # text stays text


@pytest.mark.parametrize("name, sep, rows", [
    ("encuesta.tsv", "\t", ["web\tLa app va lenta, se cierra", "app\tMuy buen servicio, gracias"]),  # by its extension
    ("encuesta.csv", "\t", ["web\tLa app va lenta, se cierra", "app\tMuy buen servicio, gracias", "web\tTodo bien"]),
    ("encuesta.csv", ";", ["web;La app va lenta, se cierra", "app;Muy buen servicio, gracias"]),  # the comma is prose
])
def test_a_tie_in_the_header_goes_to_the_separator_of_the_rows(tmp_path, name, sep, rows):
    path = tmp_path / name
    path.write_text("\n".join([f"Canal{sep}Comentarios, sugerencias", *rows]) + "\n", encoding="utf-8")
    assert sniff_separator(path) == sep
    frame = read_table(path)
    assert list(frame.columns) == ["Canal", "Comentarios, sugerencias"]
    assert frame["Comentarios, sugerencias"].tolist() == [row.split(sep)[1] for row in rows]


def test_mixed_encodings_in_one_file(tmp_path):
    path = tmp_path / "mezcla.csv"
    path.write_bytes("id;comentario\n1;atención rápida\n".encode() + "2;atención lenta\n".encode("cp1252"))
    assert read_table(path)["comentario"].tolist() == ["atención rápida", "atención lenta"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".jsonl"])
def test_roundtrip_every_format(tmp_path, suffix):
    frame = pd.DataFrame(ROWS, columns=["id", "comentario", "codigo"])
    path = write_table(frame, tmp_path / f"out{suffix}")
    back = read_table(path)
    assert back["comentario"].tolist() == frame["comentario"].tolist()
    assert len(back) == 3 and list(back.columns) == list(frame.columns)


def test_chunks_keep_order(tmp_path):
    frame = pd.DataFrame({"comentario": [f"comentario {i}" for i in range(2500)]})
    write_table(frame, tmp_path / "big.csv")
    chunks = list(iter_table(tmp_path / "big.csv", chunk_rows=1000))
    assert [len(c) for c in chunks] == [1000, 1000, 500]
    assert pd.concat(chunks)["comentario"].tolist() == frame["comentario"].tolist()


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old content")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half a file")
            raise RuntimeError("crash")
    assert target.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_refuses_to_overwrite_input(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("comentario\nhola\n")
    with pytest.raises(DataError, match="is the input file"):
        with atomic_path(path, protect=(path,)):
            pass


@pytest.mark.parametrize("columns, expected", [
    (["ID", "Fecha", "Comentario"], "Comentario"),
    (["id", "Observaciones del cliente"], "Observaciones del cliente"),
    (["nps", "verbatim"], "verbatim"),
    (["x", "Respuesta"], "Respuesta"),
    (["ID respuesta", "Fecha de respuesta", "Comentario final"], "Comentario final"),
    (["review_date", "review_text"], "review_text"),
    (["comentario_nps"], "comentario_nps"),
    (["ID", "Comentario sobre el tipo de servicio"], "Comentario sobre el tipo de servicio"),
    (["Comentario del día"], "Comentario del día"),
    (["Contexto", "Comentario"], "Comentario"),  # "texto" inside a word is no "texto"
    (["reviewDate", "ComentarioNPS"], "ComentarioNPS"),  # camel case: its words are read
    (["Tiempo de respuesta", "Tasa de respuesta", "Nº de respuesta", "Detalle", "Texto libre"], "Texto libre"),
    (["Fecha", "Textos", "Respuesta 1"], "Textos"),  # a short comment word in the plural, or numbered
    (["id", "Reseñas de clientes"], "Reseñas de clientes"),
    (["P3Comentario"], "P3Comentario"),
    (["comentariocliente"], "comentariocliente"),  # a long comment word wherever it stands
    (["FeedBack Cliente"], "FeedBack Cliente"),
    (["Motivo de la puntuación"], "Motivo de la puntuación"),  # a score word is no comment word's veto second
    (["comentario_score"], "comentario_score"),
])
def test_detect_text_column(columns, expected):
    assert detect_text_column(columns) == expected


def test_an_id_or_date_column_is_never_taken_for_the_comments():
    """'ID respuesta' and 'Fecha de respuesta' hold a comment word, but classifying ids would exit 0 with
    nonsense: without a comment column the error lists the columns."""
    with pytest.raises(DataError, match="Could not find the comment column.*ID respuesta"):
        detect_text_column(["ID respuesta", "Fecha de respuesta", "NPS", "¿Por qué nos diste esa nota?"])
    for columns in (["ID", "Contexto", "¿Por qué nos diste esa nota?"], ["Ticket", "Tiempo de respuesta", "Detalle"],
                    ["Nº de respuesta", "Puntuación del comentario", "¿Qué mejorarías?"], ["Mensajero", "Total comentarios"],
                    ["¿Qué podríamos mejorar?", "cx_status", "cx_needs_review", "cx_segments"]):  # cxnlp's own
        with pytest.raises(DataError, match="Could not find the comment column"):
            detect_text_column(columns)


def test_detect_text_column_errors_list_the_columns():
    with pytest.raises(DataError, match=r"\['id', 'nps'\]"):
        detect_text_column(["id", "nps"])
    with pytest.raises(DataError, match="'texto_libre' not found.*'id'"):
        detect_text_column(["id", "nps"], "texto_libre")


def test_unsupported_and_missing_files(tmp_path):
    with pytest.raises(DataError, match="unsupported file type '.doc'"):
        read_table(tmp_path / "x.doc")
    with pytest.raises(DataError, match="no such file"):
        read_table(tmp_path / "missing.csv")


@pytest.mark.parametrize("suffix, advice", [(".xls", "save it as .xlsx"), (".XLSB", "save it as .xlsx"),
                                            (".ods", "save it as .xlsx or CSV"), (".numbers", "export it as .xlsx")])
def test_a_spreadsheet_format_not_read_says_what_to_save_it_as(tmp_path, suffix, advice):
    """A file named .xls (and the other spreadsheets) is told what to save it as, not only 'unsupported'."""
    path = tmp_path / f"encuesta{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(DataError, match=advice) as error:
        read_table(path)
    assert "\n" not in str(error.value) and "cxnlp reads .csv" in str(error.value)


@pytest.mark.parametrize("suffix", [".ods", ".numbers", ".xls", ".XLSB"])
def test_an_output_in_a_spreadsheet_format_not_written_names_the_formats_written(tmp_path, suffix):
    """An output named .ods was told to be saved as .xlsx, advice for an input file that does not exist yet."""
    path = tmp_path / f"salida{suffix}"
    with pytest.raises(DataError) as error:
        write_table(pd.DataFrame({"comentario": ["Muy bien"]}), path)
    assert str(error.value) == (f"{path}: cxnlp cannot write {suffix.lower()} files; give an output path ending in one "
                                f"of .csv, .json, .jsonl, .ndjson, .parquet, .pq, .tsv, .txt, .xlsx (Excel, "
                                f"LibreOffice and Numbers open .xlsx and .csv).")
    assert not path.exists()


def test_written_files_get_normal_permissions(tmp_path):
    import os
    import stat

    path = write_table(pd.DataFrame({"a": [1]}), tmp_path / "out.csv")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_a_new_format_is_one_registration(tmp_path):
    """A format added through the registry is read, written and classified like the built-in ones."""
    import cxnlp.io as cio

    def read_lines(path, *, chunk_rows, **_):
        texts = path.read_text(encoding="utf-8").splitlines()
        for start in range(0, len(texts), chunk_rows):
            yield pd.DataFrame({"comentario": texts[start:start + chunk_rows]},
                               index=pd.RangeIndex(start, min(start + chunk_rows, len(texts))))

    class LinesWriter:
        def __init__(self, path, **_):
            self.path, self.lines = path, []

        def write(self, chunk):
            self.lines += [" | ".join(map(str, row)) for row in chunk.itertuples(index=False)]

        def close(self):
            self.path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")

    saved = dict(cio.EXTENSIONS), dict(cio.READERS), dict(cio.WRITERS)
    try:
        cio.register_format("lines", extensions=(".lines",), reader=read_lines, writer=LinesWriter)
        source = tmp_path / "comentarios.lines"
        source.write_text("Muy rápido el envío\nLa app se cierra sola\nNo me devolvieron el dinero\n", encoding="utf-8")
        assert cio.file_format(source) == "lines"
        assert [len(c) for c in cio.iter_table(source, chunk_rows=2)] == [2, 1]
        out = cio.write_table(cio.read_table(source), tmp_path / "copia.lines")
        assert out.read_text(encoding="utf-8").splitlines() == ["Muy rápido el envío", "La app se cierra sola",
                                                                "No me devolvieron el dinero"]
    finally:
        for registry, before in zip((cio.EXTENSIONS, cio.READERS, cio.WRITERS), saved):
            registry.clear()
            registry.update(before)
    with pytest.raises(DataError, match="unsupported file type"):
        cio.file_format(tmp_path / "x.lines")


def test_checking_cells_for_a_registered_format_leaves_its_file_alone(tmp_path):
    """``check_cells`` (report -o, before classifying) made the output's writer on the output itself to ask it: a
    registered format's writer that opens its file as it is made (a stream) emptied the file it was to replace,
    outside the atomic write, before the report could fail. A writer without ``check_cells`` is not made."""
    import cxnlp.io as cio

    class StreamWriter:
        def __init__(self, path, **_):
            self.stream = open(path, "w", encoding="utf-8")

        def write(self, chunk):
            self.stream.write(chunk.to_csv(index=False, header=False))

        def close(self):
            self.stream.close()

    saved = dict(cio.EXTENSIONS), dict(cio.READERS), dict(cio.WRITERS)
    try:
        cio.register_format("stream", extensions=(".stream",), reader=cio.READERS["csv"], writer=StreamWriter)
        out = tmp_path / "clasificadas.stream"
        out.write_text("hola\n", encoding="utf-8")
        cio.check_cells(pd.DataFrame({"comentario": ["x" * 40_000]}), out)
        assert out.read_text(encoding="utf-8") == "hola\n"
    finally:
        for registry, before in zip((cio.EXTENSIONS, cio.READERS, cio.WRITERS), saved):
            registry.clear()
            registry.update(before)
    with pytest.raises(DataError, match="holds at most 32,767"):
        cio.check_cells(pd.DataFrame({"comentario": ["x" * 40_000]}), tmp_path / "clasificadas.xlsx")
    assert not (tmp_path / "clasificadas.xlsx").exists()


def test_a_sheet_is_taken_for_a_registered_workbook_format(tmp_path):
    # check_sheet took only 'xlsx' for a workbook, refusing a format registered with spreadsheet=True
    import cxnlp.io as cio
    from cxnlp.io.excel import read_xlsx

    saved = dict(cio.EXTENSIONS), dict(cio.READERS), dict(cio.WRITERS), set(cio.SPREADSHEET_FORMATS)
    try:
        cio.register_format("libro", extensions=(".libro",), reader=read_xlsx, writer=cio.WRITERS["xlsx"],
                            spreadsheet=True)
        cio.check_sheet(tmp_path / "encuesta.libro", "Datos")
        with pytest.raises(DataError, match="a CSV file has no sheets"):
            cio.check_sheet(tmp_path / "encuesta.csv", "Datos")
    finally:
        for registry, before in zip((cio.EXTENSIONS, cio.READERS, cio.WRITERS, cio.SPREADSHEET_FORMATS), saved):
            registry.clear()
            registry.update(before)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_sheet_for_a_file_without_sheets_is_refused_by_every_command_on_a_table(tmp_path, suffix):
    # classify and review refused it; report, summarize, drivers, changes and discover ignored it
    from cxnlp.batch import changes_file, classify_file, drivers_file, report_file, summarize_file
    from cxnlp.insights.discover import discover_file

    raw, survey, out = tmp_path / "respuestas.csv", tmp_path / f"encuesta{suffix}", tmp_path / "salida.csv"
    pd.DataFrame({"comentario": ["El envío llegó tarde", "Muy buena atención", "La app se cierra al pagar",
                                 "El envío tardó dos semanas", "La atención en tienda fue pésima", "La app no carga",
                                 "Nada más que decir", "Normal, como siempre"],
                  "nps": [3, 9, 2, 4, 1, 6, 8, 7], "fecha": ["2024-01-05", "2024-02-05"] * 4}).to_csv(raw, index=False)
    classify_file(raw, tmp_path / "clasificado.csv")
    frame = pd.read_csv(tmp_path / "clasificado.csv", keep_default_na=False)
    frame.loc[6:, "cx_touchpoints"] = ""  # respondents who mention no theme: a baseline for drivers
    frame.to_csv(survey, index=False) if suffix == ".csv" else frame.to_parquet(survey)
    for run in (lambda: summarize_file(survey, output=out, sheet="Hoja1"),
                lambda: report_file(survey, tmp_path / "informe.html", output=out, sheet="Hoja1"),
                lambda: drivers_file(survey, output=out, sheet="Hoja1", nps="nps", min_n=1),
                lambda: changes_file(survey, "month", output=out, sheet="Hoja1"),
                lambda: discover_file(survey, export=out, sheet="Hoja1", pool="all", min_size=2)):
        with pytest.raises(DataError, match=r"sheet 'Hoja1' was given, but a (CSV|Parquet) file has no sheets"):
            run()
    assert not out.exists() and not (tmp_path / "informe.html").exists()


def test_xlsx_output_takes_what_a_worksheet_cannot_hold(tmp_path):
    """Control characters pasted from Office, nullable integers, time-zone-aware times and lists crashed
    the XLSX writer after all the work; a cell over Excel's 32,767 characters was cut silently."""
    import datetime as dt

    frame = pd.DataFrame({
        "comentario": ["Primera línea\x0bsegunda\x00 línea", "Bien"],
        "nps": pd.array([3, None], dtype="Int64"),
        "fecha": pd.to_datetime(["2024-01-05 10:00", "2024-02-01 09:30"]).tz_localize("America/Mexico_City"),
        "lista": [[1, 2], {"a": 1}],
        "cuando": [dt.datetime(2024, 1, 5, tzinfo=dt.timezone.utc), pd.NaT],
    })
    back = read_table(write_table(frame, tmp_path / "salida.xlsx"))
    assert back["comentario"].tolist() == ["Primera línea segunda  línea", "Bien"]
    assert back["nps"].tolist()[0] == 3 and pd.isna(back["nps"].tolist()[1])
    assert str(back["fecha"].tolist()[0]).startswith("2024-01-05 10:00")
    assert back["lista"].tolist() == ["[1, 2]", "{'a': 1}"]
    with pytest.raises(DataError, match=r"row 3, column 'comentario': 40,000 characters.*at most 32,767"):
        write_table(pd.DataFrame({"comentario": ["corto", "x" * 40_000]}), tmp_path / "larga.xlsx")
    assert not (tmp_path / "larga.xlsx").exists()


def test_a_cell_too_long_for_excel_names_the_output_it_was_written_to(tmp_path):
    """'error: row 3, column 'comentario': 40,800 characters...' named neither the output nor the input: row 3 of
    which file? (large2). The output as the user named it, not atomic_path's temporary file."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    with pytest.raises(DataError) as info:
        write_table(pd.DataFrame({"comentario": ["corto", "x" * 40_000]}), tmp_path / "larga.xlsx")
    assert str(info.value).startswith(f"{tmp_path / 'larga.xlsx'}: row 3, column 'comentario': 40,000 characters")
    survey = tmp_path / "encuesta.csv"
    pd.DataFrame({"comentario": ["Llegó tarde", "x" * 40_000]}).to_csv(survey, index=False)
    result = CliRunner().invoke(app, ["classify", str(survey), "-o", str(tmp_path / "salida.xlsx")])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"error: {tmp_path / 'salida.xlsx'}: row 3, column 'comentario': 40,000 "), \
        result.output
    assert not (tmp_path / "salida.xlsx").exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_cell_too_long_for_xlsx_output_stops_classify_before_its_row_is_classified(tmp_path, model, monkeypatch,
                                                                                      jobs):
    """A cell too long for an Excel cell was found only when written, after every row before it was classified
    (hours on a large file). Each chunk is checked as it is read: the writer's one line, before the chunk with
    the cell is classified. A formula's quote is counted as the writer counts it; ``cx_segments``, replaced, is not."""
    import cxnlp._batch_pool as pool
    from cxnlp.batch import classify_file

    monkeypatch.setattr(pool, "load", lambda *a, **k: model)
    classified = []
    real = pool.classify_texts
    monkeypatch.setattr(pool, "classify_texts", lambda m, texts, *a: classified.extend(texts) or real(m, texts, *a))
    rows = [{"comentario": "Llegó tarde", "nota": "x", "cx_segments": "y" * 40_000},
            {"comentario": "Muy bien", "nota": "-" + "n" * 32_766, "cx_segments": ""},  # ("=": a formula, too long)
            {"comentario": "Horrible", "nota": "z" * 40_000, "cx_segments": ""}]
    pd.DataFrame(rows).to_json(tmp_path / "in.jsonl", orient="records", lines=True)
    out = tmp_path / "salida.xlsx"
    with pytest.raises(DataError) as info:
        classify_file(tmp_path / "in.jsonl", out, chunk_rows=1, jobs=jobs)
    assert str(info.value).startswith(f"{out}: row 3, column 'nota': 32,768 characters as written, with the ' ")
    assert classified == (["Llegó tarde"] if jobs == 1 else []) and not out.exists()
    with pytest.raises(DataError, match=r": row 4, column 'nota': 40,000 characters, and an Excel cell holds at "
                                        r"most 32,767; write CSV, Parquet or JSONL instead"):
        classify_file(tmp_path / "in.jsonl", out, chunk_rows=2, allow_formulas=True)


def test_a_cell_too_long_is_named_by_its_check_as_by_the_writer(tmp_path):
    """The check before classifying named a column the spreadsheet would run as a formula as the input names it
    ('=nota'), the writer (without --allow-formulas) as its header is written ("'=nota"): one cell, two lines."""
    from cxnlp.io import TableWriter

    frame, out = pd.DataFrame({"=nota": ["z" * 40_000]}), tmp_path / "salida.xlsx"
    with pytest.raises(DataError) as checked:
        list(TableWriter(tmp_path / "tmp.xlsx", "xlsx", name=out).checked([frame]))
    with pytest.raises(DataError) as written:
        write_table(frame, out)
    assert str(checked.value) == str(written.value) and "column \"'=nota\": 40,000 characters" in str(checked.value)


def test_a_cell_too_long_for_report_xlsx_output_stops_report_before_classifying(tmp_path, model, monkeypatch):
    """``report -o out.xlsx`` found a cell too long for Excel only when writing -o, after every row was classified
    and the report built: it says so before. The comment column, whose length redaction changes, is left to the
    writer then."""
    import cxnlp.batch as batch

    monkeypatch.setattr(batch.pool, "load", lambda *a, **k: model)
    monkeypatch.setattr(batch, "_classified_frame", lambda *a, **k: pytest.fail("classified"))
    pd.DataFrame({"comentario": ["Llegó tarde", "Muy bien"], "nota": ["x", "z" * 40_000]}).to_csv(
        tmp_path / "in.csv", index=False)
    out = tmp_path / "salida.xlsx"
    with pytest.raises(DataError, match=r"salida\.xlsx: row 3, column 'nota': 40,000 characters, and an Excel cell"):
        batch.report_file(tmp_path / "in.csv", tmp_path / "r.html", output=out)
    assert not out.exists() and not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("start", ["-", "=", "+", "@"])
def test_a_full_cell_made_too_long_by_the_formula_quote_says_so(tmp_path, start):
    """A 32,767-character cell that starts as a formula was refused as 32,768 characters, without a word of the
    quote cxnlp had added to it (QA J 9)."""
    frame = pd.DataFrame({"comentario": ["corto", start + "y" * 32_766]})
    if start == "=":  # found hunting outputs: the advice wrote a formula of 32,766 characters, Excel's are 8,192
        with pytest.raises(DataError, match=r"row 3, column 'comentario': 32,768 characters as written, .* "
                                            r"\(the text itself is 32,767, and without the ' it would be a formula "
                                            r"longer than Excel's 8,192\).*; write CSV, Parquet or JSONL instead") as info:
            write_table(frame, tmp_path / "larga.xlsx")
        assert "allow-formulas" not in str(info.value)
        return
    with pytest.raises(DataError, match=r"row 3, column 'comentario': 32,768 characters as written, with the ' that "
                                        r"cxnlp puts before .* \(the text itself is 32,767\).* give --allow-formulas"):
        write_table(frame, tmp_path / "larga.xlsx")
    written = write_table(frame, tmp_path / "larga.xlsx", allow_formulas=True)
    assert len(read_table(written)["comentario"][1]) == 32_767
    with pytest.raises(DataError, match=r"32,768 characters, and an Excel cell") as info:  # its own quote: too long
        write_table(pd.DataFrame({"comentario": ["'=" + "y" * 32_766]}), tmp_path / "otra.xlsx", allow_formulas=True)
    assert "allow-formulas" not in str(info.value)


@pytest.mark.parametrize("dtype", [object, "string"])
def test_allow_formulas_refuses_a_formula_longer_than_excel_holds(tmp_path, dtype):
    """With allow_formulas a text that starts with '=' is written as a formula, and Excel holds one of at most 8,192
    characters: a longer one was written, and Excel opened the workbook "repaired", the cell empty. It is an error now,
    found before anything is written (``check_cells``); a formula that fits, or the text quoted, is written."""
    import openpyxl

    from cxnlp.io import check_cells

    frame = pd.DataFrame({"comentario": ["corto", "Muy bien"], "nota": ["=1+1", "=" + "A" * 9_000]}, dtype=dtype)
    with pytest.raises(DataError, match=r"row 3, column 'nota': a formula of 9,000 characters .*Excel holds one of at "
                                        r"most 8,192 .*leave out --allow-formulas to write it as text"):
        check_cells(frame, tmp_path / "f.xlsx", allow_formulas=True)
    with pytest.raises(DataError, match=r"a formula of 9,000 characters"):
        write_table(frame, tmp_path / "f.xlsx", allow_formulas=True)
    assert not (tmp_path / "f.xlsx").exists()
    sheet = openpyxl.load_workbook(write_table(frame, tmp_path / "quoted.xlsx")).active
    assert sheet["B3"].value == "'=" + "A" * 9_000  # quoted (the default): text, of any length a cell holds
    sheet = openpyxl.load_workbook(write_table(frame.iloc[:1], tmp_path / "short.xlsx", allow_formulas=True)).active
    assert sheet["B2"].value == "=1+1"


def test_xlsx_output_writes_whole_numbers_beyond_2_53_as_their_digits(tmp_path):
    """An Excel number is a double: 1234567890123456789 was stored as 1.234567890123457e+18 and 2**53 + 1 as
    2**53. Beyond ±2**53 they are text cells with every digit; smaller ones stay numbers."""
    import openpyxl

    frame = pd.DataFrame({"id": pd.array([2**53 + 1, None, 1234567890123456789, -(2**53) - 1, 2**53, 42],
                                         dtype="Int64"),
                          "n": [1234567890123456789, 5, 2**53, 7, 8, -3]})
    path = write_table(frame, tmp_path / "ids.xlsx")
    ids, n = list(openpyxl.load_workbook(path).active.iter_cols(values_only=True))[:2]
    assert list(ids) == ["id", "9007199254740993", None, "1234567890123456789", "-9007199254740993", 2**53, 42]
    assert list(n) == ["n", "1234567890123456789", 5, 2**53, 7, 8, -3]


def test_xlsx_output_writes_dates_excel_cannot_hold_as_their_text(tmp_path):
    """Excel's dates start on 1900-01-01: a database's 0001-01-01 was written as day -693,593 (shown as ####),
    1899-12-31 as day 0 (read back as the time 00:00), and a Parquet timestamp of year -1199 or 33658 stopped the
    command with "unexpected ValueError". They are text, as CSV writes them; dates Excel holds stay dates."""
    import datetime as dt

    import openpyxl

    stamps = pd.Series(np.array([-10**11, 10**12, 0], dtype="datetime64[s]"))  # (past pandas 2.2's ns bounds)
    frame = pd.DataFrame({"dia": [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(1900, 1, 1)],
                          "hora": [dt.datetime(1899, 12, 31, 8, 30, tzinfo=dt.timezone.utc), None,
                                   dt.datetime(2024, 7, 5, 8, 30)],
                          "marca": stamps.tolist()}, dtype=object)
    path = write_table(frame, tmp_path / "fechas.xlsx")
    dia, hora, marca = list(openpyxl.load_workbook(path).active.iter_cols(min_row=2, values_only=True))
    assert list(dia) == ["0001-01-01", "1899-12-31", dt.datetime(1900, 1, 1)]
    assert list(hora) == ["1899-12-31 08:30:00", None, dt.datetime(2024, 7, 5, 8, 30)]
    assert list(marca) == ["-1199-02-15 14:13:20", "33658-09-27 01:46:40", dt.datetime(1970, 1, 1)]


def test_xlsx_output_writes_datetime64_values_before_1900_as_csv_writes_them(tmp_path):
    """A datetime64 column's 1850-05-01 was the text "1850-05-01 00:00:00" in XLSX output, and 10:00:00.5 was
    "10:00:00.500000", where CSV writes "1850-05-01" and "10:00:00.500"; a date Excel holds stays a date."""
    import datetime as dt

    import openpyxl

    frame = pd.DataFrame({"dia": pd.to_datetime(["1850-05-01", "1899-12-31", "2024-01-05"]),
                          "hora": pd.to_datetime(["1850-05-01 10:00:00.5", "1899-12-31 10:30", None], format="ISO8601"),
                          "zona": pd.to_datetime(["1850-05-01", "2024-01-05", None]).tz_localize("UTC")})
    path = write_table(frame, tmp_path / "antiguas.xlsx")
    dia, hora, zona = list(openpyxl.load_workbook(path).active.iter_cols(min_row=2, values_only=True))
    assert list(dia) == ["1850-05-01", "1899-12-31", dt.datetime(2024, 1, 5)]
    assert list(hora) == ["1850-05-01 10:00:00.500", "1899-12-31 10:30:00.000", None]  # (one precision, as CSV)
    assert list(zona) == ["1850-05-01", dt.datetime(2024, 1, 5), None]
    assert read_table(write_table(frame, tmp_path / "antiguas.csv"))["dia"].tolist()[:2] == list(dia)[:2]
    assert read_table(tmp_path / "antiguas.csv")["hora"].tolist()[:2] == list(hora)[:2]


def test_xlsx_output_decides_per_column_as_csv_whether_a_midnight_before_1900_has_its_time(tmp_path):
    """A midnight before 1900 was the date alone in XLSX output ("1850-03-05") beside "1850-03-05 10:30:00" in the
    same column, where CSV decides for the column: every value of a column with a time carries its time, and one
    fraction of a second for the column. A column of midnights only is still dates alone, whatever the chunks."""
    import openpyxl

    from cxnlp.io import TableWriter

    frame = pd.DataFrame({"t": pd.to_datetime(["1850-03-05", "1850-03-05 10:30", "1850-03-06 10:00:00.5"],
                                              format="ISO8601"),
                          "dia": pd.to_datetime(["1850-03-05", "1850-03-06", "1850-03-07"])})
    csv = read_table(write_table(frame, tmp_path / "mixta.csv"))
    assert csv["t"].tolist() == ["1850-03-05 00:00:00.000", "1850-03-05 10:30:00.000", "1850-03-06 10:00:00.500"]
    for chunks in ([frame], [frame.iloc[:1], frame.iloc[1:]]):
        writer = TableWriter(tmp_path / "mixta.xlsx", "xlsx")
        for chunk in chunks:
            writer.write(chunk)
        writer.close()
        t, dia = openpyxl.load_workbook(tmp_path / "mixta.xlsx").active.iter_cols(min_row=2, values_only=True)
        assert list(t) == csv["t"].tolist()
        assert list(dia) == csv["dia"].tolist() == ["1850-03-05", "1850-03-06", "1850-03-07"]


def test_xlsx_output_writes_a_time_of_day_with_a_time_zone_as_its_local_time(tmp_path):
    """A time of day with a time zone (``datetime.time(10, tzinfo=UTC)``) was openpyxl's TypeError traceback ("Excel
    does not support timezones"); it is its local time, as a date-time with a time zone is."""
    import datetime as dt

    frame = pd.DataFrame({"texto": ["hola", "adiós"], "hora": [dt.time(10, 30, tzinfo=dt.timezone.utc), None],
                          "cuando": [dt.datetime(2024, 1, 5, 10, 30, tzinfo=dt.timezone.utc), None]})
    back = read_table(write_table(frame, tmp_path / "horas.xlsx"))
    assert back["hora"].tolist() == [dt.time(10, 30), None] and back["cuando"].iloc[0] == pd.Timestamp("2024-01-05 10:30")


def test_xlsx_output_keeps_the_whole_segments_that_fit_in_a_cell(tmp_path):
    """A long comment of many clauses has a cx_segments JSON over Excel's 32,767 characters: the whole run failed
    and wrote nothing. The cell now holds the first whole segments that fit, as valid JSON, with one warning naming
    the rows; any other cell that long is still an error."""
    import openpyxl

    from cxnlp.exceptions import ShortenedCellWarning
    from cxnlp.results import units_json

    units = [(i * 30, i * 30 + 29, f"La app falla {i:04d} \"mucho\"", "negative", "app", None, 0.75, None, ())
             for i in range(600)]
    whole = units_json(units)
    assert len(whole) > 32_767
    frame = pd.DataFrame({"comentario": ["larga", "corta", "larga"],
                          "cx_segments": [whole, units_json(units[:2]), whole]})
    with pytest.warns(ShortenedCellWarning, match=r"cx_segments of rows 2, 4 .*CSV, Parquet or JSONL") as caught:
        path = write_table(frame, tmp_path / "segs.xlsx")
    assert len(caught) == 1
    cells = [row[1] for row in openpyxl.load_workbook(path).active.iter_rows(min_row=2, values_only=True)]
    kept = json.loads(cells[0])
    assert 32_000 < len(cells[0]) <= 32_767 and cells[0] == units_json(units[:len(kept)]) == cells[2]
    assert cells[1] == units_json(units[:2])


def test_xlsx_output_of_a_long_cx_segments_cell_nested_too_deep_is_one_error(tmp_path):
    """A cx_segments cell over a cell's length that nests arrays 5,000 deep (read from a user's CSV) was a
    RecursionError traceback from the look for whole segments; it is the error of any other cell that long."""
    cell = "[" * 5_000 + " " * 30_000 + "]" * 5_000
    frame = pd.DataFrame({"comentario": ["hola"], "cx_segments": [cell]})
    with pytest.raises(DataError, match=r"row 2, column 'cx_segments': 40,000 characters, and an Excel cell holds"):
        write_table(frame, tmp_path / "hondo.xlsx")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_wide_table_is_read_in_chunks_of_fewer_rows(tmp_path, monkeypatch, suffix):
    """20,000 rows of a 2,002-column CSV were one chunk of 40 million cells, 1.1 GB read from an 81 MB file: a chunk
    now holds at most ``CHUNK_CELLS`` cells (here 15: 3 rows of 5 columns), the same rows in the same order."""
    frame = pd.DataFrame({"id": [str(i) for i in range(10)], "comentario": [f"respuesta {i}" for i in range(10)],
                          **{f"p{j}": [str(j)] * 10 for j in range(3)}})
    path = write_table(frame, tmp_path / f"ancha{suffix}")
    monkeypatch.setattr("cxnlp.io.common.CHUNK_CELLS", 15, raising=False)  # (not there before the fix)
    chunks = list(iter_table(path))
    assert [len(chunk) for chunk in chunks] == [3, 3, 3, 1]
    assert pd.concat(chunks).astype(str).values.tolist() == frame.values.tolist()
    assert pd.concat(chunks).index.tolist() == list(range(10))


@pytest.mark.parametrize("chunk_rows", [1, 20_000])
def test_a_row_of_many_values_too_many_names_the_header_width(tmp_path, chunk_rows):
    """A row of a few values too many named the header's columns, one of many more said "more than 20 values on one
    row" of a two-column file: a limit the user never set, and not the header's width that the row is against."""
    path = tmp_path / "lista.csv"
    path.write_text("id,comentario\n1,hola\n2," + ",".join("abcdefghijklmnopqrstuvwxyz") + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_table(path, chunk_rows=chunk_rows)
    assert str(caught.value) == (f"{path}, line 3: more than 20 values but the header has 2 columns (separator "
                                 f"','). Put the value that contains ',' in double quotes, or remove a stray quote on "
                                 f"an earlier line, and run again.")
    path.write_text("id;comentario\n1;hola\n2;" + ";".join("abcdefghijklmnopqrstuvwxyz") + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"line 3: more than 20 .* 2 columns \(separator ';'\)\. .* contains ';' in"):
        read_table(path, chunk_rows=chunk_rows)


def test_a_csv_header_over_the_column_limit_is_refused_by_the_fast_reader_too(tmp_path, monkeypatch):
    """Arrow's whole-file reader took a header of any width: a 0.9 MB file of 100,000 columns took 16 s and 1.2 GB
    where the streaming reader refuses more than ``MAX_COLUMNS`` values on a line. Both refuse it now."""
    monkeypatch.setattr("cxnlp.io.delimited.MAX_COLUMNS", 5)
    path = tmp_path / "ancha.csv"
    path.write_text(",".join(f"c{i}" for i in range(6)) + "\n" + ",".join("x" * 6) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"ancha\.csv, line 1: more than 5 values on one row; check the separator"):
        read_table(path)
    path.write_text(",".join(f"c{i}" for i in range(5)) + "\n" + ",".join("x" * 5) + "\n", encoding="utf-8")
    assert read_table(path).shape == (1, 5)


def test_a_parquet_file_over_the_column_limit_is_refused(tmp_path, monkeypatch):
    """A Parquet file of 50,000 columns (11 MB, one row) was read, in 16 s and 770 MB, where a CSV row of more than
    ``MAX_COLUMNS`` values and JSON objects of more keys are errors: it is one too."""
    monkeypatch.setattr("cxnlp.io.columnar.MAX_COLUMNS", 5, raising=False)  # (not there before the fix)
    pd.DataFrame({f"c{i}": ["x"] for i in range(6)}).to_parquet(tmp_path / "ancha.parquet")
    with pytest.raises(DataError) as caught:
        read_table(tmp_path / "ancha.parquet")
    assert str(caught.value) == (f"{tmp_path / 'ancha.parquet'}: 6 columns, and a table has at most 5; write the file "
                                 f"again with the columns you need.")
    pd.DataFrame({f"c{i}": ["x"] for i in range(5)}).to_parquet(tmp_path / "justa.parquet")
    assert read_table(tmp_path / "justa.parquet").shape == (1, 5)


@pytest.mark.parametrize("name, layout", [("claves.jsonl", "lines"), ("claves.json", "array")])
def test_json_objects_with_a_key_each_are_refused_not_a_frame_of_rows_by_keys(tmp_path, monkeypatch, name, layout):
    """Objects each with a key of their own (an id as the key) made every key a column: 20,000 such lines, 1 MB,
    were chunks of 20,000 x 20,002 cells, 6 GB and a minute. More keys than a table's columns is an error, as a CSV
    row of more values is."""
    monkeypatch.setattr("cxnlp.io._json_read.MAX_COLUMNS", 5, raising=False)  # (not there before the fix)
    records = [{"comentario": "hola", f"extra_{i}": i} for i in range(6)]
    text = "\n".join(map(json.dumps, records)) if layout == "lines" else json.dumps(records)
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_table(tmp_path / name)
    assert str(caught.value) == (
        f"{tmp_path / name}: its objects hold more than 5 different keys, and each key is a column (a table has at "
        f"most 5); give the objects the same keys, with what varies as values (a list or an object under one key).")
    (tmp_path / "uno.json").write_text(json.dumps({f"clave_{i}": i for i in range(6)}), encoding="utf-8")
    with pytest.raises(DataError, match="more than 5 different keys"):  # one object, one row: as on a line of JSONL
        read_table(tmp_path / "uno.json")
    del records[4:]  # as many keys as columns may be: read
    text = "\n".join(map(json.dumps, records)) if layout == "lines" else json.dumps(records)
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert read_table(tmp_path / name).columns.tolist() == ["comentario", "extra_0", "extra_1", "extra_2", "extra_3"]


@pytest.mark.parametrize("name, layout", [("claves.jsonl", "lines"), ("claves.json", "array"),
                                          ("claves.json", "columns")])
def test_json_objects_with_many_keys_are_read_in_chunks_of_fewer_rows(tmp_path, monkeypatch, name, layout):
    """Objects with many keys among them are a wide table: 20,000 lines holding 16,000 keys (allowed, under the
    16,384 columns) were still chunks of 20,000 x 16,001 cells, 5 GB from a 1 MB file. A chunk holds at most
    ``CHUNK_CELLS`` cells (here 15: 3 rows of 5 columns), as a wide CSV's does: the same rows in the same order."""
    monkeypatch.setattr("cxnlp.io.common.CHUNK_CELLS", 15)
    records = [{"comentario": f"hola {i}", f"extra_{i % 4}": i} for i in range(10)]
    if layout == "lines":
        text = "\n".join(map(json.dumps, records))
    elif layout == "array":
        text = json.dumps(records)
    else:
        text = pd.DataFrame(records).to_json()
    (tmp_path / name).write_text(text, encoding="utf-8")
    chunks = list(iter_table(tmp_path / name))
    assert [len(chunk) for chunk in chunks] == [3, 3, 3, 1]
    whole = pd.concat(chunks)
    assert whole["comentario"].tolist() == [f"hola {i}" for i in range(10)]
    assert whole.index.tolist() == list(range(10))


def test_json_is_an_array_in_and_out_and_jsonl_lines(tmp_path):
    import json

    frame = pd.DataFrame({"comentario": ["La app falla", "Buen servicio"], "nps": [3, 9]})
    path = write_table(frame, tmp_path / "salida.json")
    assert json.loads(path.read_text(encoding="utf-8")) == frame.to_dict(orient="records")
    assert read_table(path).to_dict(orient="records") == frame.to_dict(orient="records")
    lines = write_table(frame, tmp_path / "salida.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == frame.to_dict(orient="records")
    assert json.loads(write_table(frame.head(0), tmp_path / "vacia.json").read_text(encoding="utf-8")) == []
    (tmp_path / "mala.jsonl").write_text('{"comentario": "La app falla"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(DataError, match="line 2: a JSON list, not an object"):
        read_table(tmp_path / "mala.jsonl")
    (tmp_path / "huecos.jsonl").write_text('{"comentario": "a", "n": 1}\n\n{"comentario": "b", "m": 2}\n',
                                           encoding="utf-8")
    back = read_table(tmp_path / "huecos.jsonl")  # a key missing from a row leaves the others' numbers whole
    assert back["n"].tolist()[0] == 1 and isinstance(back["n"].tolist()[0], int) and back["m"].tolist()[1] == 2
    assert write_table(back, tmp_path / "huecos.csv").read_text(encoding="utf-8-sig").splitlines()[1] == "a,1,"
    (tmp_path / "mala.json").write_text('[{"comentario": "x"}, 3]', encoding="utf-8")
    with pytest.raises(DataError, match="not all objects"):
        read_table(tmp_path / "mala.json")


@pytest.mark.parametrize("indent", [None, 2])
def test_json_in_pandas_to_json_layout_is_its_rows(tmp_path, indent):
    frame = pd.DataFrame({"id": [1, 2, 3], "nps": [3, 10, 5],
                          "comentario": ["La app se cierra al pagar", "Muy buen servicio", "El envío llegó tarde"]})
    frame.to_json(tmp_path / "columnas.json", indent=indent)  # {"id": {"0": 1, ...}, ...}
    assert read_table(tmp_path / "columnas.json").to_dict(orient="records") == frame.to_dict(orient="records")
    frame.to_json(tmp_path / "filas.json", orient="index", indent=indent)  # {"0": {"id": 1, ...}, ...}
    assert read_table(tmp_path / "filas.json").to_dict(orient="records") == frame.to_dict(orient="records")
    (tmp_path / "una.json").write_text('{"comentario": "La app falla", "nps": 3}\n', encoding="utf-8")
    assert read_table(tmp_path / "una.json").to_dict(orient="records") == [{"comentario": "La app falla", "nps": 3}]
    frame.to_json(tmp_path / "split.json", orient="split", indent=indent)
    frame.to_json(tmp_path / "split_sin_indice.json", orient="split", index=False, indent=indent)
    frame.to_json(tmp_path / "tabla.json", orient="table", indent=indent)
    (tmp_path / "numero.json").write_text("3", encoding="utf-8")
    for name in ("split.json", "split_sin_indice.json", "tabla.json", "numero.json"):
        with pytest.raises(DataError, match=r"a \.json file holds an array of objects.*JSON Lines.*to_json"):
            read_table(tmp_path / name)


@pytest.mark.parametrize("indent", [None, 2])
def test_a_json_object_with_a_nested_value_is_one_row(tmp_path, indent):
    record = {"comentario": "La app va lenta", "tags": ["app"], "cliente": {"id": 7}, "nps": 3}
    (tmp_path / "una.json").write_text(json.dumps(record, indent=indent) + "\n", encoding="utf-8")
    assert read_table(tmp_path / "una.json").to_dict(orient="records") == [record]


@pytest.mark.parametrize("wrapped", [{"responses": "ROWS"}, {"data": {"items": "ROWS"}}])
def test_a_json_object_that_only_wraps_an_array_of_objects_is_its_rows(tmp_path, wrapped):
    """As an API returns its rows: read as one row, it was one cell holding them all (no comment column)."""
    rows = [{"comentario": "La app va lenta", "nps": 3}, {"comentario": "Muy bien", "tags": ["app"]}]
    text = json.dumps(wrapped, indent=2).replace('"ROWS"', json.dumps(rows))
    (tmp_path / "api.json").write_text(text, encoding="utf-8")
    frame = read_table(tmp_path / "api.json")
    assert frame.columns.tolist() == ["comentario", "nps", "tags"]
    assert frame["comentario"].tolist() == ["La app va lenta", "Muy bien"] and frame["tags"][1] == ["app"]


@pytest.mark.parametrize("page", [{"tickets": "ROWS", "count": 2, "next_page": None},
                                  {"data": {"items": "ROWS", "total": 2, "links": {"next": "https://x/2"}}}])
def test_the_rows_of_an_api_page_are_read_and_its_other_keys_said_unread(tmp_path, page):
    """A page of an API's rows has its count and links beside them: it was one row, of no comment column."""
    from cxnlp.exceptions import UnreadDataWarning

    rows = [{"comentario": "La app va lenta", "nps": 3}, {"comentario": "Muy bien", "nps": 10}]
    (tmp_path / "api.json").write_text(json.dumps(page).replace('"ROWS"', json.dumps(rows)), encoding="utf-8")
    with pytest.warns(UnreadDataWarning, match=r"the rows are the array under '(tickets|items)'; 'count'|'total'"):
        assert read_table(tmp_path / "api.json").to_dict(orient="records") == rows
    record = {"comentario": "Pedido incompleto", "lineas": [{"sku": 1}, {"sku": 2}], "nps": 4}
    (tmp_path / "una.json").write_text(json.dumps(record), encoding="utf-8")  # (a comment beside it: one row)
    assert read_table(tmp_path / "una.json").to_dict(orient="records") == [record]


@pytest.mark.parametrize("page", [{"meta": {"total": 2}, "data": {"items": "ROWS"}},
                                  {"data": {"results": "ROWS"}, "pagination": {"page": 1, "total": 2}},
                                  {"status": "ok", "data": {"responses": "ROWS"}},
                                  {"success": True, "result": {"data": "ROWS", "total": 2}}])
def test_the_rows_of_an_api_page_are_read_where_its_page_keys_hold_objects_too(tmp_path, page):
    """An API's rows in an object beside its page's objects or flags, on one line: {"meta": {...}, "data": {...}}
    was read as pandas' column layout (a row per inner key), {"status": "ok", "data": {...}} as one row."""
    from cxnlp.exceptions import UnreadDataWarning

    rows = [{"comentario": "La app va lenta", "cliente": {"id": 7}}, {"comentario": "Muy bien", "cliente": {"id": 8}}]
    (tmp_path / "api.json").write_text(json.dumps(page).replace('"ROWS"', json.dumps(rows)), encoding="utf-8")
    with pytest.warns(UnreadDataWarning, match=r"the rows are the array under '(items|results|responses|data)'; '"):
        assert read_table(tmp_path / "api.json").to_dict(orient="records") == rows
    record = {"estado": "abierto", "cliente": {"id": 7, "pedidos": [{"sku": 1}]}}  # (a key of no page's: one row)
    (tmp_path / "una.json").write_text(json.dumps(record), encoding="utf-8")
    assert read_table(tmp_path / "una.json").to_dict(orient="records") == [record]


def test_json_objects_one_after_another_over_many_lines_are_the_rows(tmp_path):
    """jq '.[]' writes each object indented: it was "not valid JSON (Extra data...)"."""
    rows = [{"comentario": "La app va lenta", "nps": 3}, {"comentario": "Muy bien", "nps": 10}]
    (tmp_path / "jq.json").write_text("".join(json.dumps(r, indent=2) + "\n" for r in rows), encoding="utf-8")
    assert read_table(tmp_path / "jq.json").to_dict(orient="records") == rows


def test_json_lines_of_objects_each_over_many_lines_are_the_rows(tmp_path):
    """jq '.[]' > file.jsonl writes each object indented: it was "line 1: not valid JSON Lines"."""
    rows = [{"comentario": "La app va lenta", "nps": 3}, {"comentario": "Muy bien", "nps": 10}]
    (tmp_path / "jq.jsonl").write_text("".join(json.dumps(r, indent=2) + "\n" for r in rows), encoding="utf-8")
    assert read_table(tmp_path / "jq.jsonl").to_dict(orient="records") == rows
    (tmp_path / "jq.jsonl").write_text('{\n  "comentario": "x",\n}\n', encoding="utf-8")  # (not JSON: said by line)
    with pytest.raises(DataError, match=r"jq\.jsonl, line 1: not valid JSON Lines"):
        read_table(tmp_path / "jq.jsonl")


@pytest.mark.parametrize("name", ["filas.json", "filas.jsonl"])
def test_json_lines_of_arrays_name_the_line_that_is_no_object(tmp_path, name):
    (tmp_path / name).write_text('["a", 1]\n["b", 2]\n', encoding="utf-8")  # (was "not valid JSON (Extra data...)")
    with pytest.raises(DataError, match=r"line 1: a JSON list, not an object"):
        read_table(tmp_path / name)


def test_an_output_of_an_unknown_type_is_told_the_types_written_not_xlsm(tmp_path):
    """Found hunting outputs: an output named .gz was told to end in one of the extensions read, .xlsm among them,
    which is then refused as an output (a macro-enabled workbook); it is told those written."""
    import cxnlp.io as cio

    with pytest.raises(DataError) as error:
        write_table(pd.DataFrame({"comentario": ["x"]}), tmp_path / "salida.csv.gz")
    assert str(error.value).endswith("expected one of '.csv', '.json', '.jsonl', '.ndjson', '.parquet', '.pq', "
                                     "'.tsv', '.txt' or '.xlsx'.")
    assert cio.file_format(tmp_path / "encuesta.xlsm") == "xlsx"  # (still read)


def test_xlsm_is_read_but_never_written(tmp_path):
    with pytest.raises(DataError, match=r"\.xlsm is a macro-enabled workbook.*write salida.xlsx instead"):
        write_table(pd.DataFrame({"comentario": ["x"]}), tmp_path / "salida.xlsm")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_a_bom_is_named_not_read_as_noise(tmp_path, encoding):
    path = tmp_path / "unicode.csv"
    path.write_bytes("comentario,nps\nLa app falla,3\n".encode(encoding))
    with pytest.raises(DataError, match="UTF-16 text without a byte-order mark"):
        list(iter_table(path))
    with pytest.raises(DataError, match="UTF-16 text"):
        read_table(path)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("sep", ["\t", ";"])
def test_utf16_text_with_a_bom_is_read_as_excel_unicode_text_writes_it(tmp_path, monkeypatch, encoding, sep):
    from cxnlp.io import _records

    monkeypatch.setattr(_records, "BLOCK_BYTES", 64)  # blocks and pieces cut inside characters and lines
    monkeypatch.setattr(_records, "PIECE_BYTES", 16)
    comments = ["La app falla 😀", "Atención excelente, ñandú", "Me cobraron dos veces", 'Dijo "ok"; nada'] * 20
    text = f"id{sep}comentario\r\n" + "".join(f'{i}{sep}"{c.replace(chr(34), 2 * chr(34))}"\r\n'
                                               for i, c in enumerate(comments))
    path = tmp_path / "unicode.txt"
    path.write_bytes("\ufeff".encode(encoding) + text.encode(encoding))
    frame = read_table(path)
    assert frame["comentario"].tolist() == comments and frame["id"].tolist() == [str(i) for i in range(80)]
    pd.testing.assert_frame_equal(pd.concat(list(iter_table(path, chunk_rows=7)), ignore_index=True), frame)
    assert sniff_separator(path) == sep


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_utf32_text_with_a_bom_is_read(tmp_path, encoding):
    """UTF-32 with its BOM (``FF FE 00 00`` or ``00 00 FE FF``) was refused as "UTF-16 text without a byte-order
    mark" (QA O 7): both wrong; the BOM says what it is, and it is read."""
    path = tmp_path / "unicode.csv"
    path.write_bytes("\ufeffid;comentario\r\n1;La app falla 😀\r\n2;Atención, ñandú\r\n".encode(encoding))
    frame = read_table(path)
    assert list(frame.columns) == ["id", "comentario"] and frame["comentario"].tolist()[1] == "Atención, ñandú"
    pd.testing.assert_frame_equal(pd.concat(list(iter_table(path, chunk_rows=1)), ignore_index=True), frame)


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"])
def test_a_utf16_file_of_its_bom_alone_is_empty_as_a_utf8_one_is(tmp_path, bom):
    """A CSV of UTF-16's (or UTF-32's) BOM alone, an empty "Unicode text" export, was an AttributeError traceback
    ("'_Utf8FromUtf16' object has no attribute 'seek'"); it is empty, as a file of UTF-8's BOM alone is."""
    path = tmp_path / "vacio.csv"
    path.write_bytes(bom)
    with pytest.raises(DataError, match=r"vacio\.csv: the file is empty; "):
        read_table(path)
    with pytest.raises(DataError, match=r"vacio\.csv: the file is empty; "):
        list(iter_table(path))


def test_utf16_text_cut_inside_its_last_character_gains_no_row(tmp_path):
    """A UTF-16 file with an odd byte at its end (cut short by a copy) was read with a third row whose id was
    U+FFFD, without a word (QA O 7): the bytes after the last whole character are left out, with a warning."""
    from cxnlp.exceptions import UnreadDataWarning

    path = tmp_path / "cortado.csv"
    path.write_bytes("id,comentario\n1,mal servicio\n2,bien\n".encode("utf-16") + b"\x00")
    for read in (read_table, lambda p: pd.concat(iter_table(p))):
        with pytest.warns(UnreadDataWarning, match=r"cortado.csv: its last byte is no whole UTF-16 character"):
            frame = read(path)
        assert frame.to_dict("list") == {"id": ["1", "2"], "comentario": ["mal servicio", "bien"]}


@pytest.mark.parametrize("suffix, what", [(".xlsx", "Excel workbook"), (".parquet", "Parquet file")])
def test_a_workbook_or_parquet_named_csv_says_what_it_is(tmp_path, suffix, what):
    real = tmp_path / f"encuesta{suffix}"
    write_table(pd.DataFrame({"comentario": ["La app falla"]}), real)
    path = real.rename(tmp_path / "encuesta.csv")
    for read in (lambda: list(iter_table(path)), lambda: read_table(path), lambda: sniff_separator(path)):
        with pytest.raises(DataError, match=f"{what}.*rename it to encuesta\\{suffix}") as err:
            read()
        assert "\\x" not in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("kind", ["gzip", "bz2", "lzma", "zip"])
def test_a_compressed_file_says_what_it_is(tmp_path, kind):
    """A gzip-compressed CSV named .csv was read as noise ("column ['\\x1f‹\\x08\\x00']"), a bzip2 one failed on a
    quote, and a zipped CSV was called a workbook to rename .xlsx, whose reader then said "KeyError:
    '[Content_Types].xml'" (QA O 6): each is one line naming the compression and how to undo it, whatever the
    name; a real workbook still reads."""
    import bz2
    import gzip
    import lzma
    import zipfile

    data = "id,comentario\n1,mal servicio\n2,bien\n".encode()
    what = {"gzip": "a file compressed with gzip", "bz2": "a file compressed with bzip2",
            "lzma": "a file compressed with xz", "zip": "a zip archive holding encuesta.csv, not a workbook; extract it first"}[kind]
    for name in ("encuesta.csv", "encuesta.xlsx", "encuesta.jsonl"):
        path = tmp_path / name
        if kind == "zip":
            with zipfile.ZipFile(path, "w") as archive:
                archive.writestr("encuesta.csv", data)
        else:
            path.write_bytes({"gzip": gzip, "bz2": bz2, "lzma": lzma}[kind].compress(data))
        if name.endswith(".jsonl") and kind == "zip":
            continue  # (a zip named .jsonl: not UTF-8, said so)
        for read in (lambda: list(iter_table(path)), lambda: read_table(path)):
            with pytest.raises(DataError, match=f"^{path}: {what}") as err:
                read()
            assert "\n" not in str(err.value)
    write_table(pd.DataFrame({"comentario": ["La app falla"]}), tmp_path / "real.xlsx")
    assert read_table(tmp_path / "real.xlsx")["comentario"].tolist() == ["La app falla"]


@pytest.mark.parametrize("kind", ["ods", "ods-no-mimetype", "numbers"])
def test_an_opendocument_or_numbers_file_under_another_name_says_to_save_it_as_xlsx(tmp_path, kind):
    """An OpenDocument spreadsheet named .xlsx or .csv was called "a zip archive ... extract it first" (review A 6):
    extracting it gives content.xml, no table. It gets the advice an .ods gets; a zipped CSV still says extract."""
    import zipfile

    entries = {"ods": {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>",
                       "styles.xml": "<x/>", "META-INF/manifest.xml": "<x/>"},
               "ods-no-mimetype": {"content.xml": "<x/>", "META-INF/manifest.xml": "<x/>"},
               "numbers": {"Index/Document.iwa": "x", "Metadata/Properties.plist": "x"}}[kind]
    what = "an OpenDocument spreadsheet: save it as .xlsx or CSV" if kind != "numbers" else \
        "a Numbers spreadsheet: export it as .xlsx or CSV"
    for name in ("encuesta.xlsx", "encuesta.csv", "encuesta.jsonl"):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as archive:
            for entry, data in entries.items():
                archive.writestr(entry, data)
        for read in (lambda: list(iter_table(path)), lambda: read_table(path)):
            with pytest.raises(DataError, match=f"^{path}: {what}") as err:
                read()
            assert "extract" not in str(err.value) and "\n" not in str(err.value)
    with zipfile.ZipFile(tmp_path / "zipped.csv", "w") as archive:
        archive.writestr("mimetype", "text/plain")
        archive.writestr("encuesta.csv", "id,comentario\n1,bien\n")
    with pytest.raises(DataError, match="a zip archive holding mimetype, encuesta.csv, not a workbook; extract it"):
        read_table(tmp_path / "zipped.csv")


@pytest.mark.parametrize("kind", ["zstd", "7-Zip"])
def test_a_zstd_or_7z_file_says_what_it_is(tmp_path, kind):
    """A .csv.zst renamed .csv was read as one column named '(µ/ý$@...comentario' (review A 7): zstd (and 7-Zip)
    are refused by their first bytes as gzip, bzip2 and xz are."""
    magic = {"zstd": b"\x28\xb5\x2f\xfd\x24\x40\x01\x02\x00", "7-Zip": b"7z\xbc\xaf\x27\x1c\x00\x04"}[kind]
    for name in ("encuesta.csv", "encuesta.xlsx", "encuesta.jsonl"):
        path = tmp_path / name
        path.write_bytes(magic + b"comentario\nhola\n")
        for read in (lambda: list(iter_table(path)), lambda: read_table(path)):
            with pytest.raises(DataError, match=f"^{path}: a file compressed with {kind}, not a table; decompress"):
                read()


def test_a_repeated_column_name_is_warned_about(tmp_path):
    from cxnlp.exceptions import DuplicateColumnWarning

    path = tmp_path / "doble.csv"
    path.write_text("comentario,comentario,nps\nLa app falla,Otro,3\n", encoding="utf-8")
    with pytest.warns(DuplicateColumnWarning, match=r"'comentario'\).*read as 'comentario.1'"):
        frame = read_table(path)
    assert list(frame.columns) == ["comentario", "comentario.1", "nps"]


def test_a_repeated_parquet_column_name_is_renamed_as_in_csv(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cxnlp.exceptions import DuplicateColumnWarning

    table = pa.table([pa.array(["web", "app", "web"]), pa.array(["x", "y", "z"]), pa.array(["La app falla", "Bien", "Caro"])],
                     names=["canal", "canal", "comentario"])
    pq.write_table(table, tmp_path / "doble.parquet", row_group_size=2)
    with pytest.warns(DuplicateColumnWarning, match=r"'canal'\).*read as 'canal.1'"):
        chunks = list(iter_table(tmp_path / "doble.parquet", chunk_rows=2))
    assert [list(chunk.columns) for chunk in chunks] == [["canal", "canal.1", "comentario"]] * 2
    frame = pd.concat(chunks)
    for name in ("salida.parquet", "salida.jsonl"):  # these writers failed on a repeated name
        back = read_table(write_table(frame, tmp_path / name))
        assert back.to_dict(orient="records") == frame.to_dict(orient="records")


@pytest.mark.parametrize("name", ["doble.jsonl", "doble.json"])
def test_a_json_key_given_twice_in_one_object_is_said(tmp_path, name):
    """JSON reads a key's last value: the first was lost without a word."""
    from cxnlp.exceptions import UnreadDataWarning

    lines = ['{"comentario": "La app va lenta", "nps": 9, "nps": 3}', '{"comentario": "Muy bien", "nps": 10}']
    text = "\n".join(lines) if name.endswith("l") else f"[{', '.join(lines)}]"
    (tmp_path / name).write_text(text, encoding="utf-8")
    where = r"doble\.jsonl, line 1" if name.endswith("l") else r"doble\.json"
    with pytest.warns(UnreadDataWarning, match=rf"{where}: the key 'nps' is given twice in one object, and only its "
                                               r"last value is read") as said:
        assert read_table(tmp_path / name)["nps"].tolist() == [3, 10]
    assert len([w for w in said if issubclass(w.category, UnreadDataWarning)]) == 1


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("name", ["filas.jsonl", "array.json", "una.json"])
def test_json_in_utf16_or_utf32_with_a_bom_is_read(tmp_path, encoding, name):
    """Windows PowerShell's ConvertTo-Json | Out-File writes UTF-16 with a BOM (and CRLF): it was "not UTF-8 text",
    where a CSV saved so is read."""
    rows = [{"comentario": "Opinión: la app va lenta 😀", "nps": 3}, {"comentario": "Muy bien", "nps": 10}]
    text = {"filas.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\r\n" for r in rows),
            "array.json": json.dumps(rows, ensure_ascii=False, indent=4).replace("\n", "\r\n"),
            "una.json": json.dumps(rows[0], ensure_ascii=False, indent=4).replace("\n", "\r\n")}[name]
    bom = "\ufeff" if encoding == "utf-16-be" else ""  # (Python's "utf-16" and "utf-32" write one themselves)
    (tmp_path / name).write_bytes((bom + text).encode(encoding))
    expected = rows[:1] if name == "una.json" else rows
    assert read_table(tmp_path / name).to_dict(orient="records") == expected


@pytest.mark.parametrize("name", ["mala.jsonl", "mala.json", "array.json"])
def test_json_not_in_utf8_is_one_clear_error(tmp_path, name):
    line = '{"comentario": "Opinión: la app va lenta"}'
    text = f"[{line}]" if name == "array.json" else f"{line}\n{line}\n"
    (tmp_path / name).write_bytes(text.encode("cp1252"))
    with pytest.raises(DataError, match=rf"{name}: not UTF-8 text .*save it again as UTF-8"):
        read_table(tmp_path / name)


def test_parquet_and_json_keep_integer_ids_and_dates(tmp_path):
    """A nullable integer id read from Parquet stays an integer through classify (not 1.0), in Parquet and in
    JSON Lines; dates in JSON Lines are ISO text, not epoch milliseconds."""
    from cxnlp.batch import classify_file

    frame = pd.DataFrame({"id": pd.array([12345678901, None, 3], dtype="Int64"),
                          "fecha": pd.to_datetime(["2024-01-05", "2024-02-01", None]),
                          "comentario": ["Muy buena atención", "El envío llegó tarde", "Horrible"]})
    frame.to_parquet(tmp_path / "in.parquet")
    assert read_table(tmp_path / "in.parquet")["id"].dtype == "Int64"
    classify_file(tmp_path / "in.parquet", tmp_path / "out.parquet")
    back = pd.read_parquet(tmp_path / "out.parquet")
    assert back["id"].dtype == "Int64" and back["id"].tolist()[::2] == [12345678901, 3] and back["id"].isna()[1]
    classify_file(tmp_path / "in.parquet", tmp_path / "out.jsonl")
    first = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["id"] == 12345678901 and first["fecha"].startswith("2024-01-05T00:00:00")


def test_parquet_named_index_is_kept_as_columns(tmp_path):
    """A frame saved with a named index has it back as its first columns, through classify too (it was
    dropped with the index); an unnamed index (row numbers left by a filter) stays out; a level named like
    a column is a clear error."""
    from cxnlp.batch import classify_file

    frame = pd.DataFrame({"comentario": ["Llegó tarde", "Muy bien", "Horrible"], "nps": [3, 10, 0]},
                         index=pd.Index([101, 102, 103], name="respuesta_id"))
    frame.to_parquet(tmp_path / "id.parquet")
    assert read_table(tmp_path / "id.parquet").columns.tolist() == ["respuesta_id", "comentario", "nps"]
    chunks = list(iter_table(tmp_path / "id.parquet", chunk_rows=2))
    assert [c.index.tolist() for c in chunks] == [[0, 1], [2]]
    assert pd.concat(chunks)["respuesta_id"].tolist() == [101, 102, 103]
    classify_file(tmp_path / "id.parquet", tmp_path / "out.csv")
    assert pd.read_csv(tmp_path / "out.csv")["respuesta_id"].tolist() == [101, 102, 103]

    levels = frame.reset_index().set_index(["respuesta_id", "nps"])
    levels.to_parquet(tmp_path / "levels.parquet")
    assert read_table(tmp_path / "levels.parquet").columns.tolist() == ["respuesta_id", "nps", "comentario"]
    frame.reset_index(drop=True).iloc[[2, 0]].to_parquet(tmp_path / "filtered.parquet")
    assert read_table(tmp_path / "filtered.parquet").columns.tolist() == ["comentario", "nps"]
    # ids 1, 2, 3 are kept as a range in the file's metadata only: still the user's named ids
    frame.reset_index(drop=True).set_axis(pd.RangeIndex(1, 4, name="fila")).to_parquet(tmp_path / "range.parquet")
    back = read_table(tmp_path / "range.parquet")
    assert back.columns.tolist() == ["fila", "comentario", "nps"] and back["fila"].tolist() == [1, 2, 3]
    frame.reset_index().set_index("respuesta_id", drop=False).to_parquet(tmp_path / "copy.parquet")
    assert read_table(tmp_path / "copy.parquet").columns.tolist() == ["respuesta_id", "comentario", "nps"]
    frame.rename_axis("nps").to_parquet(tmp_path / "clash.parquet")
    with pytest.raises(DataError, match="both named 'nps' and hold different values"):
        read_table(tmp_path / "clash.parquet")


def test_a_parquet_input_s_own_attrs_do_not_reach_the_output_s_metadata(tmp_path):
    """pyarrow restores the attrs a Parquet file's writer stored (an exporter's e-mail, a path under /home), and they
    went unseen into the metadata of a Parquet output, with ``classify --redact`` too (a CSV output had none)."""
    import pyarrow.parquet as pq

    from cxnlp.batch import classify_file

    frame = pd.DataFrame({"comentario": ["Llegó tarde, mi cel 612345678", "Muy bien"], "nps": [3, 10]})
    frame.attrs = {"exportado_por": "ana.garcia@correo.es", "origen": "/home/ana/encuesta.csv"}
    frame.to_parquet(tmp_path / "in.parquet")
    classify_file(tmp_path / "in.parquet", tmp_path / "out.parquet", redact=True)
    metadata = b" ".join(pq.read_schema(tmp_path / "out.parquet").metadata.values())
    assert b"ana.garcia" not in metadata and b"/home/ana" not in metadata and b"612345678" not in metadata


def test_read_table_keeps_a_parquet_file_s_attrs_and_report_s_output_leaves_them(tmp_path):
    """Review of metadata1: read_table gave {} for every Parquet file's attrs (a summary written with
    write_table came back without its settings, as pandas gives them back); the reader keeps them again, and
    the commands that write the input's rows (classify, report -o) leave them out of their output."""
    import pyarrow.parquet as pq

    from cxnlp.batch import report_file

    frame = pd.DataFrame({"comentario": ["Llegó tarde", "Muy bien"], "nps": [3, 10]})
    frame.attrs = {"exportado_por": "ana.garcia@correo.es"}
    frame.to_parquet(tmp_path / "in.parquet")
    assert read_table(tmp_path / "in.parquet").attrs == {"exportado_por": "ana.garcia@correo.es"}
    assert next(iter_table(tmp_path / "in.parquet")).attrs == {"exportado_por": "ana.garcia@correo.es"}
    report_file(tmp_path / "in.parquet", tmp_path / "r.html", output=tmp_path / "out.parquet", nps="nps", min_n=1)
    assert b"ana.garcia" not in b" ".join(pq.read_schema(tmp_path / "out.parquet").metadata.values())


def test_parquet_output_does_not_depend_on_the_chunks(tmp_path):
    """Row groups of a fixed size: the file is the same byte for byte whatever chunks (or --jobs) wrote it."""
    from cxnlp.batch import classify_file

    texts = ["Muy buena atención", "El envío llegó tarde", "", "Horrible", "La app se cierra"] * 9
    pd.DataFrame({"comentario": texts, "id": range(len(texts))}).to_csv(tmp_path / "in.csv", index=False)
    for rows in (7, 45):
        classify_file(tmp_path / "in.csv", tmp_path / f"out{rows}.parquet", chunk_rows=rows)
    assert (tmp_path / "out7.parquet").read_bytes() == (tmp_path / "out45.parquet").read_bytes()
    assert pd.read_parquet(tmp_path / "out7.parquet")["id"].tolist() == [str(i) for i in range(len(texts))]


def test_json_output_keeps_small_floats(tmp_path):
    """pandas' JSON writes floats to 10 decimals: a p-value of 6.6e-15 came out as 0."""
    frame = pd.DataFrame({"theme": ["a", "b"], "p": [6.6e-15, 0.25], "n": [3, 4]})
    for name in ("s.json", "s.jsonl"):
        write_table(frame, tmp_path / name)
        back = read_table(tmp_path / name)
        assert back["p"].tolist() == [6.6e-15, 0.25] and back["n"].tolist() == [3, 4]


def test_json_input_numbers_are_written_whole(tmp_path):
    """A JSON input's columns are object columns, whose floats pandas' JSON wrote to 10 decimals: 6.6e-15 was 0.0,
    in a cell and in an object or a list in one."""
    (tmp_path / "in.jsonl").write_text('{"c": "a", "p": 6.6e-15, "x": {"s": 3.14159265358979, "l": [1e-20]}}\n'
                                       '{"c": "b", "p": 2, "x": null}\n', encoding="utf-8")
    frame = read_table(tmp_path / "in.jsonl")
    for name in ("out.json", "out.jsonl"):
        write_table(frame, tmp_path / name)
        back = read_table(tmp_path / name)
        assert back["p"].tolist() == [6.6e-15, 2]
        assert back["x"][0] == {"s": 3.14159265358979, "l": [1e-20]}


def test_xlsx_written_twice_is_the_same_file(tmp_path, monkeypatch):
    # openpyxl stamps the time of writing into docProps/core.xml and every zip entry: two runs on the
    # same rows gave different bytes, so a pipeline could not tell that nothing had changed.
    import time
    import zipfile

    frame = pd.DataFrame({"comentario": ["Llegó tarde", "Muy bien"], "nps": [3, 10]})
    first = write_table(frame, tmp_path / "uno.xlsx").read_bytes()
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86_400 * 400)  # a year later, as zipfile sees it
    second = write_table(frame, tmp_path / "dos.xlsx").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "dos.xlsx") as book:
        assert {entry.date_time for entry in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert book.testzip() is None and b"dcterms:modified" not in book.read("docProps/core.xml")
    assert read_table(tmp_path / "dos.xlsx").equals(read_table(tmp_path / "uno.xlsx"))


# -- every chunk under the same header, whatever the format gave -----------------------------------
def test_json_output_writes_bytes_as_text(tmp_path):
    """A Parquet binary column (``b'\\x89PNG'``) stopped JSON and JSON Lines output with "unexpected
    UnicodeDecodeError ... please report it", after every row was classified (QA O 4), and a ``bytearray`` was
    written as ``{}``. Bytes are text: decoded where they are UTF-8, else as CSV writes them."""
    frame = pd.DataFrame({"comentario": ["Muy mal", "Bien", "Ok"], "firma": [b"\x89PNG", b"ok", None],
                          "meta": [{"k": bytearray(b"\xff")}, [b"si"], None]}, dtype=object)
    lines = write_table(frame, tmp_path / "b.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"comentario": "Muy mal", "firma": "b'\\x89PNG'", "meta": {"k": "b'\\xff'"}},
        {"comentario": "Bien", "firma": "ok", "meta": ["si"]}, {"comentario": "Ok", "firma": None, "meta": None}]
    array = json.loads(write_table(frame, tmp_path / "b.json").read_text(encoding="utf-8"))
    assert array == [json.loads(line) for line in lines]


def test_json_output_writes_a_date_without_a_time_as_a_date(tmp_path):
    """A Parquet ``date32`` column (a date without a time) was written to JSON and JSON Lines as a time at
    midnight, ``2024-03-05T00:00:00.000``, also in an object or a list, where CSV writes ``2024-03-05``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    day = dt.date(2024, 3, 5)
    pq.write_table(pa.table({"comentario": ["Bien", "Mal"], "fecha": pa.array([day, None], pa.date32()),
                             "meta": [{"alta": day}, None], "dias": [[day], None]}), tmp_path / "d.parquet")
    frame = read_table(tmp_path / "d.parquet")
    lines = write_table(frame, tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"comentario": "Bien", "fecha": "2024-03-05", "meta": {"alta": "2024-03-05"},
                                    "dias": ["2024-03-05"]}
    assert json.loads(lines[1])["fecha"] is None
    assert json.loads(write_table(frame, tmp_path / "d.json").read_text(encoding="utf-8"))[0]["fecha"] == "2024-03-05"
    assert read_table(write_table(frame, tmp_path / "d.csv"))["fecha"].tolist()[0] == "2024-03-05"


@pytest.mark.parametrize("ext, name", [("parquet", "Parquet"), ("jsonl", "JSON Lines"), ("json", "JSON")])
def test_allow_formulas_for_a_format_without_formulas_is_a_warning(tmp_path, ext, name):
    """allow_formulas=True for Parquet, JSONL or JSON output was accepted in silence (the CLI refuses
    --allow-formulas there): a one-line UserWarning now says it has no effect; the file is written as it was. CSV
    and XLSX output, where it applies, give none."""
    import warnings

    frame = pd.DataFrame({"texto": ["=1+1"]})
    with pytest.warns(UserWarning, match=rf"^allow_formulas=True has no effect on .*salida\.{ext}: {name} output "
                                         r"holds no spreadsheet formulas.*; leave it out\.$") as caught:
        write_table(frame, tmp_path / f"salida.{ext}", allow_formulas=True)
    assert len(caught) == 1 and "\n" not in str(caught[0].message) and caught[0].filename == __file__
    assert read_table(tmp_path / f"salida.{ext}")["texto"].tolist() == ["=1+1"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_table(frame, tmp_path / f"salida.{ext}")
        write_table(frame, tmp_path / "salida.csv", allow_formulas=True)
        write_table(frame, tmp_path / "salida.xlsx", allow_formulas=True)


@pytest.mark.parametrize("ext", ["parquet", "jsonl", "json", "csv", "xlsx"])
def test_column_names_that_are_numbers_are_written_as_text_by_every_writer(tmp_path, ext):
    """A frame whose column names are numbers (or None) was a KeyError traceback in Parquet output; every writer
    names its columns with their text, as CSV, XLSX and JSON did."""
    frame = pd.DataFrame([["hola", 1, 2]], columns=["texto", 1, 2.5])
    back = read_table(write_table(frame, tmp_path / f"numeros.{ext}"))
    assert list(back.columns) == ["texto", "1", "2.5"] and str(back["1"].iloc[0]) == "1"


@pytest.mark.parametrize("ext, name", [("parquet", "Parquet"), ("jsonl", "JSON"), ("json", "JSON")])
@pytest.mark.parametrize("names", [["texto", "x", "x"], ["texto", 1, "1"]])
def test_a_column_name_given_twice_is_one_line_where_the_format_holds_it_once(tmp_path, ext, name, names):
    """Two columns named alike were an AttributeError (Parquet) or ValueError (JSON) traceback, and 1 beside "1" was
    one column in JSON output, the other lost in silence. A one-line error names the name; CSV keeps both."""
    frame = pd.DataFrame([["hola", 1, 2]], columns=names)
    twice = str(names[-1])
    with pytest.raises(DataError, match=rf"^.*dos\.{ext}: {name} output: the column name '{twice}' is given more "
                                        r"than once, .*; rename the columns \(.*\)\.$"):
        write_table(frame, tmp_path / f"dos.{ext}")
    assert list(read_table(write_table(frame, tmp_path / "dos.csv")).columns) == ["texto", twice, f"{twice}.1"]


@pytest.mark.parametrize("ext", ["jsonl", "json"])
def test_json_output_keeps_a_fraction_of_a_second_finer_than_a_millisecond(tmp_path, ext):
    """pandas' JSON writes milliseconds: 10:00:00.123456789 was "10:00:00.123" in JSON and JSON Lines output, where
    CSV and Parquet keep every digit. Such a value is written whole; the others as they were, whatever the chunks."""
    from cxnlp.io import TableWriter

    frame = pd.DataFrame({"t": pd.to_datetime(["2024-01-01 10:00:00.123456789", "2024-01-01 10:00:00.5", None,
                                               "2024-01-01 10:00:00.000001"], format="ISO8601"),
                          "z": pd.to_datetime(["2024-07-01 10:00:00.25"] * 3 + ["2024-07-01 10:00:00.250001"],
                                              format="ISO8601").tz_localize("Europe/Madrid")})
    expected = ["2024-01-01T10:00:00.123456789", "2024-01-01T10:00:00.500", None, "2024-01-01T10:00:00.000001"]
    assert read_table(write_table(frame, tmp_path / f"horas.{ext}"))["t"].tolist() == expected
    assert read_table(tmp_path / f"horas.{ext}")["z"].tolist() == ["2024-07-01T08:00:00.250Z"] * 3 + [
        "2024-07-01T08:00:00.250001Z"]
    whole = (tmp_path / f"horas.{ext}").read_bytes()
    writer = TableWriter(tmp_path / f"trozos.{ext}", ext)
    for start in range(0, 4, 2):
        writer.write(frame.iloc[start:start + 2])
    writer.close()
    assert (tmp_path / f"trozos.{ext}").read_bytes() == whole


@pytest.mark.parametrize("ext", ["jsonl", "json"])
def test_json_output_writes_periods_and_intervals_as_csv_writes_them(tmp_path, ext):
    """A period column (a month, ``pd.Period``) was a ValueError traceback in JSON output ("Unable to serialize
    object"), and an interval was written as an object of its ten attributes; both are text, as in CSV."""
    frame = pd.DataFrame({"texto": ["hola", "adiós"], "mes": pd.PeriodIndex(["2024-01", None], freq="M"),
                          "tramo": pd.IntervalIndex.from_tuples([(0, 10), None])})
    back = read_table(write_table(frame, tmp_path / f"periodos.{ext}"))
    assert back["mes"].tolist() == ["2024-01", None] and back["tramo"].tolist() == ["(0.0, 10.0]", None]
    csv = read_table(write_table(frame, tmp_path / "periodos.csv"))
    assert csv["mes"].tolist()[0] == "2024-01" and csv["tramo"].tolist()[0] == "(0.0, 10.0]"


def test_parquet_output_writes_complex_numbers_as_csv_writes_them(tmp_path):
    """A column of complex numbers was an ArrowNotImplementedError traceback in Parquet output (Arrow has no complex
    type); it is text, as CSV writes it, a missing value null."""
    frame = pd.DataFrame({"texto": ["hola", "adiós", "bien"], "z": [1 + 2j, complex("nan"), 3j]})
    back = read_table(write_table(frame, tmp_path / "complejos.parquet"))
    assert back["z"].tolist()[::2] == ["(1+2j)", "3j"] and pd.isna(back["z"].iloc[1])
    assert read_table(write_table(frame, tmp_path / "complejos.csv"))["z"].tolist()[::2] == ["(1+2j)", "3j"]


@pytest.mark.parametrize("data, rows", [(b"\xef\xbb\xbf", []), (b"\xef\xbb\xbf\n\n", []),
                                        (b'\xef\xbb\xbf\n{"texto": "a"}\n{"texto": "b"}\n', ["a", "b"])])
def test_a_json_file_whose_first_line_is_a_bom_alone_reads_as_without_it(tmp_path, data, rows):
    """A .json file of UTF-8's BOM alone was "not valid JSON", where an empty one has no rows (as a .jsonl of the BOM
    alone); and JSON Lines in a .json file after a line of the BOM alone were read as one JSON value, not valid."""
    path = tmp_path / "bom.json"
    path.write_bytes(data)
    frame = read_table(path)
    assert (frame["texto"].tolist() if rows else list(frame.columns)) == rows and len(frame) == len(rows)


def test_a_workbook_without_a_sheet_of_rows_says_so(tmp_path):
    """A workbook with no worksheet (its sheets lost) was "none of the sheets [] has a comment column; choose one with
    sheet=...": there was none to choose. It says the workbook holds no table of rows."""
    import zipfile

    import openpyxl

    path = tmp_path / "sin_hojas.xlsx"
    openpyxl.Workbook().save(tmp_path / "con_hoja.xlsx")
    with zipfile.ZipFile(tmp_path / "con_hoja.xlsx") as whole, zipfile.ZipFile(path, "w") as cut:
        for name in whole.namelist():
            if not name.startswith("xl/worksheets/"):
                cut.writestr(name, whole.read(name))
    with pytest.raises(DataError, match=r"sin_hojas\.xlsx: the workbook holds no sheet, no table of rows; .* CSV\.$"):
        read_table(path)


@pytest.mark.parametrize("ext", ["jsonl", "json"])
def test_json_output_writes_other_objects_as_their_text(tmp_path, ext):
    """In a column of Python objects, a ``pd.Period`` was a ValueError traceback in JSON output ("Unable to
    serialize"), and a UUID or a ``pd.Interval`` an object of their attributes (a UUID's 18); each is its text, as
    CSV writes it, in a list or an object too. Numbers, text and missing values stay as they were."""
    import uuid

    frame = pd.DataFrame({"texto": ["a", "b", "c"],
                          "id": pd.Series([uuid.UUID(int=1), None, 7], dtype=object),
                          "mes": pd.Series([pd.Period("2024-01", "M"), None, pd.Period("2024-02", "M")], dtype=object),
                          "otro": pd.Series([pd.Interval(0, 1), "x", [1, {"k": uuid.UUID(int=2)}]], dtype=object)})
    back = read_table(write_table(frame, tmp_path / f"objetos.{ext}"))
    assert back["id"].tolist() == ["00000000-0000-0000-0000-000000000001", None, 7]
    assert back["mes"].tolist() == ["2024-01", None, "2024-02"]
    assert back["otro"].tolist() == ["(0, 1]", "x", [1, {"k": "00000000-0000-0000-0000-000000000002"}]]


def test_a_damaged_parquet_file_is_one_line(tmp_path):
    """A Parquet file without its first 4 bytes (a copy cut at its start) was "not a readable Parquet file (Couldn't
    deserialize thrift: ...", Arrow's message with its line breaks: the error is one line."""
    whole = write_table(pd.DataFrame({"texto": ["hola"] * 50, "n": range(50)}), tmp_path / "bien.parquet")
    path = tmp_path / "cortado.parquet"
    path.write_bytes(whole.read_bytes()[4:])
    with pytest.raises(DataError, match=r"cortado\.parquet: not a readable Parquet file \(.*\); write it again") as err:
        read_table(path)
    assert "\n" not in str(err.value)


def test_json_output_of_lists_nested_hundreds_deep(tmp_path):
    """A JSON Lines cell of lists 500 deep was read, and its JSON or JSON Lines output was a RecursionError
    traceback; it is written as it was read. Deeper than JSON can be written is one line that says what to do."""
    deep = 1
    for _ in range(500):
        deep = [deep]
    (tmp_path / "hondo.jsonl").write_text(json.dumps({"texto": "hola", "l": deep}) + "\n", encoding="utf-8")
    frame = read_table(tmp_path / "hondo.jsonl")
    assert read_table(write_table(frame, tmp_path / "salida.jsonl"))["l"].tolist() == [deep]
    assert json.loads(write_table(frame, tmp_path / "salida.json").read_text(encoding="utf-8"))[0]["l"] == deep
    for _ in range(2500):
        deep = [deep]
    with pytest.raises(DataError, match=r"muy\.jsonl: JSON output: a value is nested too deeply to write as "
                                        r"JSON .*; nest it less deeply \(no output format writes it\)\.$"):
        write_table(pd.DataFrame({"l": [deep]}, dtype=object), tmp_path / "muy.jsonl")


@pytest.mark.parametrize("name", ["hondo.jsonl", "hondo.json"])
def test_json_input_nested_900_deep_with_an_escape_is_read(tmp_path, name):
    """A row holding lists 900 deep (``json.loads`` reads nearly 1,000) and a ``\\u`` escape was a RecursionError
    traceback: the walk that makes lone surrogates U+FFFD recursed. It is read, the surrogate made U+FFFD."""
    deep = 1
    for _ in range(900):
        deep = [deep]
    row = json.dumps({"texto": "hola \ud83d", "l": deep})
    (tmp_path / name).write_text(row if name.endswith("l") else f"[{row}]", encoding="utf-8")
    frame = read_table(tmp_path / name)
    assert frame["texto"].tolist() == ["hola \ufffd"]
    assert frame["l"].tolist() == [deep]


def test_json_output_too_deep_error_sends_to_no_format_that_fails_as_well(tmp_path):
    """The error for a value nested too deeply for JSON said "write CSV or Parquet, which keep it as text", and
    CSV and Parquet output of that value failed too (RecursionError): it sent the user to a dead end."""
    deep = 1
    for _ in range(3000):
        deep = [deep]
    with pytest.raises(DataError) as caught:
        write_table(pd.DataFrame({"l": [deep]}, dtype=object), tmp_path / "muy.json")
    said = str(caught.value)
    assert "\n" not in said and "nest it less deeply" in said
    for ext, name in (("csv", "CSV"), ("parquet", "Parquet"), ("xlsx", "XLSX")):
        if name in said:  # a format the error sends the user to must write the value
            write_table(pd.DataFrame({"l": [deep]}, dtype=object), tmp_path / f"muy.{ext}")


@pytest.mark.parametrize("ext, name", [("csv", "CSV"), ("parquet", "Parquet"), ("xlsx", "XLSX")])
def test_value_nested_too_deeply_is_one_line_for_every_writer(tmp_path, ext, name):
    """Lists 2,500 deep, built in Python: JSON output said so in one line, and CSV, Parquet and XLSX output (which
    write such a value as its text) were a RecursionError traceback. Each says it as JSON output does."""
    deep = 1
    for _ in range(2500):
        deep = [deep]
    frame = pd.DataFrame({"texto": ["hola", "adiós"], "l": [deep, 1]})
    with pytest.raises(DataError, match=rf"^.*muy\.{ext}: {name} output: a value is nested too deeply to write "
                                        rf".*; nest it less deeply \(no output format writes it\)\.$"):
        write_table(frame, tmp_path / f"muy.{ext}")
    assert not (tmp_path / f"muy.{ext}").exists()


def test_value_nested_too_deeply_is_one_line_in_the_xlsx_check_before_classifying(tmp_path):
    """The check of XLSX cells made before rows are classified (``check_cells``, ``TableWriter.checked``) takes the
    text of a list as the writer does, and was the writer's RecursionError traceback for lists 2,500 deep."""
    from cxnlp.io import TableWriter, check_cells

    deep = 1
    for _ in range(2500):
        deep = [deep]
    frame, out = pd.DataFrame({"texto": ["hola"], "l": [deep]}), tmp_path / "muy.xlsx"
    said = r"muy\.xlsx: XLSX output: a value is nested too deeply to write .*; nest it less deeply"
    with pytest.raises(DataError, match=said):
        check_cells(frame, out)
    writer = TableWriter(out, "xlsx", name=out)
    with pytest.raises(DataError, match=said):
        list(writer.checked([frame]))
    writer.abort()


def test_jsonl_keys_in_another_order_or_first_seen_late_keep_their_columns(tmp_path):
    """Each chunk took the keys of its own objects: with --jobs 2 (2,500-row chunks) an id and a comment
    swapped places under the header after row 2,500, and a key first seen late shifted every column."""
    from cxnlp.batch import classify_file

    lines = [{"id": f"R{i}", "comentario": "El pedido llegó tarde"} for i in range(30)]
    lines[20:] = [{"comentario": r["comentario"], "id": r["id"]} for r in lines[20:]]
    lines[25]["nps"] = 9
    path = tmp_path / "orden.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n", encoding="utf-8")
    chunks = list(iter_table(path, chunk_rows=10))
    assert {tuple(c.columns) for c in chunks} == {("id", "comentario", "nps")}
    whole = pd.concat(chunks)
    assert whole["id"].tolist() == [f"R{i}" for i in range(30)] and whole["nps"].notna().sum() == 1
    array = tmp_path / "orden.json"
    array.write_text(json.dumps(lines, ensure_ascii=False), encoding="utf-8")
    assert {tuple(c.columns) for c in iter_table(array, chunk_rows=10)} == {("id", "comentario", "nps")}
    for out in ("o.csv", "o.xlsx", "o.parquet"):
        classify_file(path, tmp_path / out, chunk_rows=10)
        back = read_table(tmp_path / out)
        assert back["id"].tolist() == [f"R{i}" for i in range(30)], out
        assert back["comentario"].eq("El pedido llegó tarde").all() and back["cx_status"].eq("ok").all(), out


def test_json_lone_surrogates_are_read_as_replacement_characters(tmp_path):
    """'\\ud83d' (an emoji cut in two by a JavaScript export) crashed every writer (UnicodeEncodeError) and gave an
    XLSX no reader opens, while classify() and the service read it as U+FFFD."""
    from cxnlp.batch import classify_file

    path = tmp_path / "s.jsonl"
    path.write_text('{"id":1,"comentario":"La factura vino mal \\ud83d y nadie responde","x\\udc00":["\\ud800"]}\n'
                    '{"id":2,"comentario":"Bien \\ud83d\\ude00"}\n', encoding="utf-8")
    frame = read_table(path)
    assert frame.columns.tolist() == ["id", "comentario", "x\ufffd"]
    assert frame["comentario"].tolist() == ["La factura vino mal \ufffd y nadie responde", "Bien \U0001F600"]
    assert frame["x\ufffd"][0] == ["\ufffd"]
    for out in ("o.csv", "o.jsonl", "o.xlsx", "o.parquet"):
        classify_file(path, tmp_path / out)
        assert read_table(tmp_path / out)["cx_sentiment"].tolist()[0] == "negative", out


def test_xlsx_output_replaces_what_xml_cannot_hold(tmp_path):
    """U+FFFF, U+FFFE and lone surrogates were written into the sheet's XML: the command said the rows were
    classified and no reader could open the workbook."""
    import openpyxl

    frame = pd.DataFrame({"comentario\uffff": ["Muy mal servicio \uffff", "Ok \ufffe", "Roto \ud800"]}, dtype=object)
    path = write_table(frame, tmp_path / "n.xlsx")
    book = openpyxl.load_workbook(path)  # raised ParseError
    values = [cell.value for row in book.active.iter_rows() for cell in row]
    assert values == ["comentario\ufffd", "Muy mal servicio \ufffd", "Ok \ufffd", "Roto \ufffd"]


def test_parquet_output_of_mixed_and_late_typed_columns(tmp_path, monkeypatch):
    """A score column with 9 beside 'NS/NC' (the sample survey's own) made Parquet output fail: such columns are
    text, as is one blank in the rows that fix the types. Those rows are the first ``TYPE_ROWS`` whatever the
    chunks: the first chunk fixed them, so a file written with --jobs 1 failed with --jobs 2 (smaller chunks).
    Typed columns keep their types; text after them is one clear line, naming the column, value and row."""
    import datetime as dt

    from cxnlp.io import TableWriter
    from cxnlp.io.columnar import ParquetWriter

    frame = pd.DataFrame({"nps": [9, "NS/NC", 3, None], "csat": [None, None, 4, 5], "n": [1, 2, 3, 4],
                          "dia": [dt.date(2024, 1, 5)] * 4, "id": [b"\x00\x01"] * 4}, dtype=object)
    frame = frame.astype({"n": "int64"})

    def written(rows):
        out = tmp_path / f"m{rows}.parquet"
        writer = TableWriter(out, "parquet")
        for start in range(0, 4, rows):
            writer.write(frame.iloc[start:start + rows])
        writer.close()
        return out

    back = pd.read_parquet(written(4))
    assert back["nps"].tolist()[:3] == ["9", "NS/NC", "3"] and back["nps"].isna().tolist() == [False] * 3 + [True]
    assert back["n"].dtype == "int64" and back["dia"].tolist()[0] == dt.date(2024, 1, 5)
    assert back["id"].tolist()[0] == b"\x00\x01" and back["csat"].tolist()[2:] == [4, 5]
    for rows in (1, 2):  # the same file whatever the chunks (a column typed by its first chunk failed here)
        assert written(rows).read_bytes() == (tmp_path / "m4.parquet").read_bytes()
    monkeypatch.setattr(ParquetWriter, "TYPE_ROWS", 2)
    late = pd.read_parquet(written(1))  # csat blank in the rows that fix the types: text, whatever comes later
    assert late["csat"].tolist()[2:] == ["4", "5"] and late["csat"].isna().tolist() == [True, True, False, False]
    monkeypatch.setattr(ParquetWriter, "TYPE_ROWS", 1)
    with pytest.raises(DataError, match=r"^Parquet output: column 'nps' holds 'NS/NC' in row 2, not of the type "
                                        r"\(int64\) its first 1 rows gave it; write CSV or JSON Lines \(\.jsonl\)"):
        written(1)  # 9 alone in the rows that fix the types: an integer column, then 'NS/NC'
    # Past a written row group the rows are still counted from the start (it said "its first 1+ rows" at row 20,006).
    monkeypatch.setattr(ParquetWriter, "TYPE_ROWS", 2)
    writer = ParquetWriter(tmp_path / "grupos.parquet")
    writer.ROW_GROUP = 3
    for start in range(0, 7, 2):
        writer.write(pd.DataFrame({"nps": [9, 8][: min(2, 7 - start)]}))
    with pytest.raises(DataError, match=r"'NS/NC' in row 8, not of the type \(int64\) its first 2 rows gave it;"):
        writer.write(pd.DataFrame({"nps": ["NS/NC"]}))
    writer = ParquetWriter(tmp_path / "tel.parquet")  # (the cell refused may be a comment: quoted redacted)
    writer.write(pd.DataFrame({"nps": [9, 8]}))
    with pytest.raises(DataError, match=r"column 'nps' holds 'llámenme al \[TELÉFONO\] o a \[EMAIL\]' in row 3,"):
        writer.write(pd.DataFrame({"nps": ["llámenme al 612 345 678 o a ana.ruiz@gmail.com"]}))


def test_parquet_output_of_a_wide_table_holds_cells_not_rows(tmp_path, monkeypatch):
    """The writer held the first 20,000 rows whatever their width, to fix the types: 6,000 rows of 1,000 columns
    were held to the end, 536 MB. As the CSV writer, it fixes them on as many rows as hold ``TYPE_CELLS`` cells
    (here 2 rows of 2 columns), and writes row groups no larger, the same file whatever the chunks."""
    import pyarrow.parquet as pq

    from cxnlp.io.columnar import ParquetWriter

    monkeypatch.setattr(ParquetWriter, "TYPE_CELLS", 4)
    frame = pd.DataFrame({"nps": [9, 8, 7, 6, 5], "canal": ["web", "app", "tel", "web", "app"]})
    for rows in (1, 2, 5):
        writer = ParquetWriter(tmp_path / f"w{rows}.parquet")
        for start in range(0, 5, rows):
            writer.write(frame.iloc[start:start + rows])
        writer.close()
    meta = pq.ParquetFile(tmp_path / "w1.parquet").metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [2, 2, 1]
    assert (tmp_path / "w1.parquet").read_bytes() == (tmp_path / "w2.parquet").read_bytes()
    assert (tmp_path / "w1.parquet").read_bytes() == (tmp_path / "w5.parquet").read_bytes()
    writer = ParquetWriter(tmp_path / "late.parquet")
    writer.write(frame.iloc[:2])
    with pytest.raises(DataError, match=r"'NS/NC' in row 3, not of the type \(int64\) its first 2 rows gave it;"):
        writer.write(pd.DataFrame({"nps": ["NS/NC"], "canal": ["web"]}, index=[2]))


def test_parquet_output_of_a_survey_of_60_columns_is_typed_on_20000_rows(tmp_path):
    """Typed on the rows of a million cells, a 60-column survey's answers were typed on 16,666 rows: its 'NS/NC' of
    row 18,001 after numbers, text before, was an error once every row was classified. A table no wider than a chunk
    read holds 20,000 rows of (100 columns) is typed on 20,000 rows, as it always was."""
    import pyarrow.parquet as pq

    from cxnlp.io.columnar import ParquetWriter

    rows = 20_000
    frame = pd.DataFrame(0, index=range(rows), columns=[f"p{i}" for i in range(59)], dtype="int8")
    frame["nps"] = pd.Series([9] * 18_000 + ["NS/NC"] + [8] * (rows - 18_001), dtype=object)
    writer = ParquetWriter(tmp_path / "encuesta.parquet")
    for start in range(0, rows, 2_500):
        writer.write(frame.iloc[start:start + 2_500])
    writer.close()
    assert str(pq.read_schema(tmp_path / "encuesta.parquet").field("nps").type) == "large_string"


def test_parquet_output_types_text_as_large_string_whatever_its_dtype(tmp_path):
    """Text was Arrow's ``string`` in a column of Python objects (every text column on pandas 2.2) and
    ``large_string`` in pandas 3's ``str`` or a blank column: the same frame made another file on another pandas.
    All text is ``large_string``, read back the same."""
    import pyarrow.parquet as pq

    frame = pd.DataFrame({"a": ["x", "y"], "o": pd.Series(["x", None], dtype=object), "n": [None, None],
                          "mix": [9, "NS/NC"]})
    out = write_table(frame, tmp_path / "t.parquet")
    assert {str(field.type) for field in pq.read_schema(out)} == {"large_string"}
    assert read_table(out)["mix"].tolist() == ["9", "NS/NC"] and read_table(out)["o"].tolist()[0] == "x"


def test_parquet_output_refuses_an_object_key_its_struct_type_lacks(tmp_path, monkeypatch):
    """An object column typed by its first rows as ``struct<canal>`` lost ``pedido`` of a later row's
    ``{"canal": "app", "pedido": "A-123"}`` without a word (Arrow leaves out a key the struct lacks), in an
    object or a list of them (QA O 1): it is a value not of the column's type, one clear line as text after
    numbers is. The keys of the rows that fix the type are all kept."""
    from cxnlp.io.columnar import ParquetWriter

    monkeypatch.setattr(ParquetWriter, "TYPE_ROWS", 2)
    for column in ([{"canal": "web"}, {"canal": "tel", "nota": 9}], [[{"canal": "web"}], []]):
        writer = ParquetWriter(tmp_path / "s.parquet")
        writer.write(pd.DataFrame({"meta": column}))
        late = {"canal": "app", "pedido": "A-123"}
        with pytest.raises(DataError, match=r"^Parquet output: column 'meta' holds .*'pedido': 'A-123'.* in row 3, "
                                            r"not of the type \((list<item: )?struct<canal"):
            writer.write(pd.DataFrame({"meta": [late if isinstance(column[0], dict) else [late]]}, index=[2]))
    writer = ParquetWriter(tmp_path / "t.parquet")
    writer.write(pd.DataFrame({"meta": [{"canal": "web"}, {"canal": "app", "pedido": "A-1"}, {"canal": "tel"}]}))
    writer.close()
    assert pd.read_parquet(tmp_path / "t.parquet")["meta"].tolist()[1] == {"canal": "app", "pedido": "A-1"}


def test_parquet_output_keeps_a_map_column_of_a_parquet_input(tmp_path):
    """A ``map<string, int64>`` column (pandas reads it as lists of pairs) was written as the text "[('k', 1)]",
    where Dask keeps the map: it stays a map, read back as the same pairs (on pandas 2.2 too, whose text is Arrow's
    ``string``, not ``large_string``: the map was still text there)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    kind = pa.map_(pa.string(), pa.int64())
    pq.write_table(pa.table({"comentario": ["tarde", "bien", "mal"],
                             "m": pa.array([[("k", 1)], None, [("a", 2), ("b", 3)]], type=kind)}),
                   tmp_path / "in.parquet")
    out = write_table(read_table(tmp_path / "in.parquet"), tmp_path / "out.parquet")
    assert pq.read_schema(out).field("m").type == kind
    assert read_table(out)["m"].tolist() == [[("k", 1)], None, [("a", 2), ("b", 3)]]
    # lists of anything else than pairs are no map
    other = write_table(pd.DataFrame({"m": [[("k", 1, 2)], [("a", 2)]]}), tmp_path / "other.parquet")
    assert pa.types.is_large_string(pq.read_schema(other).field("m").type)


def test_a_map_column_is_kept_whether_its_text_was_string_or_large_string():
    """Review of pkg2: the test above fails without its fix on pandas 2.2 only (pandas 3 types that text
    ``large_string``, which was looked at already): the map is found in either text type, on any pandas."""
    import pyarrow as pa

    from cxnlp.io._arrow_nested import with_maps

    head = pd.DataFrame({"m": pd.Series([[("k", 1)], None, [("a", 2)]], dtype=object), "c": ["x", "y", "z"]})
    typing = head.assign(m=pd.Series(["[('k', 1)]", None, "[('a', 2)]"], dtype=object))
    for text in (pa.string(), pa.large_string()):
        table = pa.Table.from_pandas(typing, schema=pa.schema([("m", text), ("c", text)]), preserve_index=False)
        kept = with_maps(table, typing, head)
        assert kept.schema.field("m").type == pa.map_(pa.string(), pa.int64()), text
        assert kept.column("m").to_pylist() == [[("k", 1)], None, [("a", 2)]] and kept.schema.field("c").type == text


def test_a_wide_parquet_file_is_read_in_chunks_of_cells_not_rows(tmp_path, monkeypatch):
    """A Parquet file was read 20,000 rows at a time whatever its width, as CSV and XLSX no longer are: classify of
    6,000 rows of 1,000 columns peaked at 1,116 MB (646 MB in chunks of 2,000,000 cells, the same output)."""
    import cxnlp.io.common as common

    monkeypatch.setattr(common, "CHUNK_CELLS", 4)  # 2 columns: 2 rows
    pd.DataFrame({"comentario": list("abcde"), "nps": range(5)}).to_parquet(tmp_path / "ancho.parquet")
    chunks = list(iter_table(tmp_path / "ancho.parquet"))
    assert [len(chunk) for chunk in chunks] == [2, 2, 1] and chunks[2].index.tolist() == [4]


def test_a_parquet_value_repeated_by_its_dictionary_is_read_in_chunks_of_text_not_rows(tmp_path, monkeypatch):
    """A 100,000-character value that 3,000 rows repeat is an 8.8 KB Parquet file (stored once, in a dictionary
    page) that decodes to 300 MB of text: read 10,000 rows at a time it took 616 MB, and 5.6 GB with 1 MB values.
    Chunks are now cut by the text they decode to, measured before decoding; the values are the file's."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import cxnlp.io._parquet_text as parquet_text

    monkeypatch.setattr(parquet_text, "CHUNK_TEXT_BYTES", 2_500)
    long, path = "á" * 500, tmp_path / "repetido.parquet"  # 1,000 bytes of UTF-8 a row
    pq.write_table(pa.table({"id": range(7), "comentario": [long] * 6 + [None],
                             "canal": pa.array(["web"] * 7, pa.large_string())}), path)
    chunks = list(iter_table(path))
    # 1,003 bytes a row, two a chunk; so few rows store 3,000 bytes beside the values (their pages' statistics),
    # which counts as text a chunk may hold (distinct values are stored so), and the blank row comes alone
    assert [len(chunk) for chunk in chunks] == [2, 2, 1, 2]
    frame = pd.concat(chunks)
    assert frame.index.tolist() == list(range(7)) and frame["id"].tolist() == list(range(7))
    assert frame["comentario"].tolist()[:6] == [long] * 6 and pd.isna(frame["comentario"].iloc[6])
    pd.testing.assert_frame_equal(frame, pd.read_parquet(path))  # the types the file gives (large_string too)


def test_a_parquet_row_longer_than_a_chunk_of_text_is_a_chunk_of_its_own(tmp_path, monkeypatch):
    import cxnlp.io._parquet_text as parquet_text

    monkeypatch.setattr(parquet_text, "CHUNK_TEXT_BYTES", 100)
    pd.DataFrame({"comentario": ["corto", "x" * 300, "y" * 40, "z" * 40, "w" * 40]}).to_parquet(tmp_path / "p.parquet")
    chunks = list(iter_table(tmp_path / "p.parquet"))
    # (one row a chunk: the row group stores 500 bytes of text with its pages' statistics, 100 a row)
    assert [chunk["comentario"].str.len().tolist() for chunk in chunks] == [[5], [300], [40], [40], [40]]


@pytest.mark.parametrize("kind", ["list", "struct", "map"])
def test_parquet_text_repeated_in_lists_and_objects_is_read_in_chunks_of_text(tmp_path, monkeypatch, kind):
    """A list (or object, or map) of one 1 MB value repeated 1,500 times was a 55 KB Parquet file read whole: 3 GB
    of memory. Text inside them is measured before it is decoded too, and chunks cut by it; the values are the
    file's."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import cxnlp.io._parquet_text as parquet_text

    monkeypatch.setattr(parquet_text, "CHUNK_TEXT_BYTES", 2_500)
    long, path = "á" * 500, tmp_path / f"{kind}.parquet"  # 1,000 bytes of UTF-8 each, 2,000 a row
    values = {"list": pa.array([[long, long]] * 4 + [None]),
              "struct": pa.array([{"a": long, "b": long}] * 4 + [None]),
              "map": pa.array([[("k", long), ("l", long)]] * 4 + [None], pa.map_(pa.string(), pa.string()))}
    pq.write_table(pa.table({"id": range(5), "v": values[kind]}), path)
    chunks = list(iter_table(path))
    assert len(chunks) >= 4 and all(chunk["v"].notna().sum() <= 1 for chunk in chunks)  # a row of text a chunk
    pd.testing.assert_frame_equal(pd.concat(chunks), pd.read_parquet(path))


def test_a_parquet_row_whose_lists_pass_a_chunk_of_text_is_refused(tmp_path, monkeypatch):
    """One row can hold a value stored once any number of times, and a row is never cut: one that passes the limit
    alone is a one-line error naming the column and the limit, not gigabytes of memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import cxnlp.io._parquet_text as parquet_text

    monkeypatch.setattr(parquet_text, "CHUNK_TEXT_BYTES", 2_500)
    pq.write_table(pa.table({"id": [1, 2], "etiquetas": [["corta"], ["á" * 500] * 3]}), tmp_path / "p.parquet")
    with pytest.raises(DataError, match=r"a row of column 'etiquetas' holds 3,000 bytes of text .* at most 2,500 "):
        list(iter_table(tmp_path / "p.parquet"))


def test_parquet_text_of_distinct_values_that_compress_well_is_read_in_chunks_of_text(tmp_path, monkeypatch):
    """Distinct values are stored whole, and compress to almost nothing where they differ in a character (40,000
    values of 50 KB: a 360 KB file): a first short value let chunks of 20,000 rows be read as text, and long ones
    were read 20,000 at a time as a dictionary of as many values (1.7 GB). A chunk now holds as many rows as the
    row group's stored text has under the limit on average."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import cxnlp.io._parquet_text as parquet_text

    monkeypatch.setattr(parquet_text, "CHUNK_TEXT_BYTES", 2_500)
    comments = ["corto"] + [f"{i:03d}" + "x" * 997 for i in range(39)]  # 1,000 bytes each, but the first
    path = tmp_path / "distintos.parquet"
    pq.write_table(pa.table({"comentario": comments}), path, use_dictionary=False, compression="zstd")
    assert path.stat().st_size < 4_000  # for 39,005 bytes of text
    for chunk_rows in (10, 20_000):  # read as text, and as dictionaries
        chunks = list(iter_table(path, chunk_rows=chunk_rows))
        assert max(chunk["comentario"].str.len().sum() for chunk in chunks) <= 2_500
        assert pd.concat(chunks)["comentario"].tolist() == comments


def test_parquet_text_of_many_list_columns_is_measured_in_linear_work(tmp_path):
    """Each list column's leaves were found by comparing its name with every text column's, in each row group, by
    the local reader and by --engine dask's check: 4,000 list columns in two row groups took 4 s to read and 4 s to
    check (now 2 and 1.4; 16,384, the limit, grew as its square). Counted in lines run, not timed."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import cxnlp.io._parquet_text as parquet_text

    columns, path = 400, tmp_path / "anchas.parquet"
    pq.write_table(pa.table({f"c{i}": pa.array([["a"], ["b"]]) for i in range(columns)}), path)
    lines = 0

    def count(frame, event, _):
        nonlocal lines
        lines += event == "line" and frame.f_code.co_filename == parquet_text.__file__
        return count

    sys.settrace(count)
    try:
        assert sum(len(chunk) for chunk in iter_table(path)) == 2
        parquet_text.check_read_whole(path)
    finally:
        sys.settrace(None)
    assert lines < 300 * columns, lines  # about 100 a column; comparing every name with every other: 1,300


def test_parquet_json_text_repeated_by_its_dictionary_is_read_in_chunks_of_text(tmp_path, monkeypatch):
    """A JSON column (``pa.json_()``, Arrow 19 and later) was read as its extension type, never as a dictionary, so
    a value it repeated was read whole, however many rows repeated it. It is measured and cut as text is."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import cxnlp.io._parquet_text as parquet_text

    if not hasattr(pa, "json_"):
        pytest.skip("no JSON type before Arrow 19")
    monkeypatch.setattr(parquet_text, "CHUNK_TEXT_BYTES", 2_500)
    value, path = '"' + "á" * 499 + '"', tmp_path / "json.parquet"  # 1,000 bytes
    pq.write_table(pa.table({"id": range(6), "datos": pa.array([value] * 5 + [None], pa.json_())}), path)
    chunks = list(iter_table(path))
    assert max(len(chunk) for chunk in chunks) <= 2
    pd.testing.assert_frame_equal(pd.concat(chunks), pd.read_parquet(path))


@pytest.mark.parametrize("first", [[], None])
def test_parquet_list_text_after_an_empty_first_row_is_read_in_chunks_of_text(tmp_path, monkeypatch, first):
    """A row group's first row, read as dictionaries, gave its longest values; a list empty or null shows no
    dictionary, so lists of a long value after it were read as text, as many rows a chunk as the row group's stored
    text allowed (162 rows of 1,000 bytes for a limit of 2,500)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import cxnlp.io._parquet_text as parquet_text

    monkeypatch.setattr(parquet_text, "CHUNK_TEXT_BYTES", 2_500)
    path = tmp_path / "vacia.parquet"
    pq.write_table(pa.table({"id": range(200), "etiquetas": [first] + [["á" * 500]] * 199}), path)
    chunks = list(iter_table(path))
    text = [sum(len(value.encode()) for values in chunk["etiquetas"] if values is not None for value in values)
            for chunk in chunks]
    assert max(text) <= 2_500 and len(chunks) >= 100  # two rows of 1,000 bytes a chunk
    pd.testing.assert_frame_equal(pd.concat(chunks), pd.read_parquet(path))


def test_parquet_text_of_short_values_is_not_read_as_dictionaries(tmp_path, monkeypatch):
    """Arrow hashes every value read as a dictionary: 4,000,000 distinct 80-character comments in one row group
    took 25 s and 1.5 GB instead of 0.6 s and 210 MB. Only a row group whose dictionary holds a value long enough
    to pass ``CHUNK_TEXT_BYTES`` in a chunk is read so (beside one row a row group, to see its dictionary)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    import cxnlp.io._parquet_text as parquet_text

    monkeypatch.setattr(parquet_text, "CHUNK_TEXT_BYTES", 2_500)
    as_dictionaries, iter_batches = [], pq.ParquetFile.iter_batches

    def spied(self, *args, **kwargs):
        for batch in iter_batches(self, *args, **kwargs):
            as_dictionaries.append(sum(pa.types.is_dictionary(column.type) for column in batch.columns) * len(batch))
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spied)
    comments = [f"comentario {i}" for i in range(20)] + ["á" * 500] * 6  # rows 20-25: 1,000 bytes each
    pq.write_table(pa.table({"id": range(26), "comentario": comments}), tmp_path / "p.parquet", row_group_size=20)
    chunks = list(iter_table(tmp_path / "p.parquet", chunk_rows=10))  # 10 rows of 13 bytes: under 2,500
    assert [len(chunk) for chunk in chunks] == [10, 10, 2, 2, 2] and sum(as_dictionaries) == 1 + 1 + 6
    pd.testing.assert_frame_equal(pd.concat(chunks), pd.read_parquet(tmp_path / "p.parquet"))
    pq.write_table(pa.table({"comentario": comments[:20]}), tmp_path / "g.parquet", row_group_size=3)
    assert [len(chunk) for chunk in iter_table(tmp_path / "g.parquet", chunk_rows=10)] == [10, 10]  # across groups


def test_a_parquet_category_column_keeps_its_categories_when_chunks_are_cut_by_text(tmp_path, monkeypatch):
    """A ``category`` column is a dictionary in the file: decoded and cast back chunk by chunk, it lost its unused
    categories and their order (["b", "a", "c"] came back ["b", "a"]), and chunks of other values concatenated
    to plain objects."""
    import cxnlp.io._parquet_text as parquet_text

    monkeypatch.setattr(parquet_text, "CHUNK_TEXT_BYTES", 20)
    kinds = pd.CategoricalDtype(["zeta", "beta", "alfa", "sin usar"], ordered=True)
    pd.DataFrame({"canal": pd.Series(["alfa", "beta", "zeta", "alfa", None, "beta"], dtype=kinds),
                  "comentario": ["uno", "dos", "tres", "cuatro", "cinco", "seis"]}).to_parquet(tmp_path / "c.parquet")
    chunks = list(iter_table(tmp_path / "c.parquet"))
    assert len(chunks) > 1 and all(chunk["canal"].dtype == kinds for chunk in chunks)
    pd.testing.assert_frame_equal(read_table(tmp_path / "c.parquet"), pd.read_parquet(tmp_path / "c.parquet"))


def test_parquet_output_of_objects_without_keys(tmp_path):
    """A JSON column of ``{}`` (or ``[{}]``, ``{"a": {}}``) in the rows that fix the types is a struct without
    fields, which Parquet cannot write: "unexpected ArrowNotImplementedError" once every row was classified. Such
    a column is text, as one whose values have no one type; a later ``{}`` in an object column stays an object."""
    frame = pd.DataFrame({"v": [{}, None, {}], "w": [[{}], [], None], "x": [{"a": {}}] * 3,
                          "y": [{"a": 1}, {}, None]}, dtype=object)
    back = pd.read_parquet(write_table(frame, tmp_path / "vacios.parquet"))
    assert back["v"].tolist()[::2] == ["{}", "{}"] and back["v"].isna().tolist() == [False, True, False]
    assert back["w"].tolist()[:2] == ["[{}]", "[]"] and back["x"].tolist() == ["{'a': {}}"] * 3
    assert back["y"].tolist()[1] == {"a": None}


def test_parquet_output_of_objects_nested_too_deep_to_read_back(tmp_path):
    """A JSON Lines cell of lists 50 deep (or objects 99 deep) was written to Parquet without an error, in a file no
    reader reads ("Parquet schema too deeply nested"). Such a column is text, each value as CSV writes it; one a
    level less deep stays nested."""
    deep_list, deep_object, kept = 1, 1, 1
    for _ in range(50):
        deep_list = [deep_list]
    for _ in range(99):
        deep_object = {"a": deep_object}
    for _ in range(49):
        kept = [kept]
    (tmp_path / "hondo.jsonl").write_text(json.dumps({"texto": "hola", "l": deep_list, "o": deep_object,
                                                      "k": kept}) + "\n", encoding="utf-8")
    frame = read_table(tmp_path / "hondo.jsonl")
    back = read_table(write_table(frame, tmp_path / "hondo.parquet"))
    assert back["l"].tolist() == [str(deep_list)] and back["o"].tolist() == [str(deep_object)]
    assert back["l"].tolist() == read_table(write_table(frame, tmp_path / "hondo.csv"))["l"].tolist()
    assert json.loads(json.dumps(back["k"].tolist(), default=np.ndarray.tolist)) == [kept]  # (arrays of arrays)


def test_parquet_output_of_an_integer_past_64_bits(tmp_path, monkeypatch):
    """A JSON id of 12345678901234567890123 stopped Parquet output with "unexpected OverflowError ... please
    report it" (QA O 3), after classifying every row when it came after the rows that fix the types. In those
    rows, the column has no Arrow type: text, every digit kept; later, it is the one-line misfit error."""
    from cxnlp.io.columnar import ParquetWriter

    frame = pd.DataFrame({"id": [12345678901234567890123, 2, None]}, dtype=object)
    back = pd.read_parquet(write_table(frame, tmp_path / "big.parquet"))
    assert back["id"].tolist()[:2] == ["12345678901234567890123", "2"] and back["id"].isna().tolist()[2]
    monkeypatch.setattr(ParquetWriter, "TYPE_ROWS", 2)
    writer = ParquetWriter(tmp_path / "late.parquet")
    writer.write(pd.DataFrame({"id": [1, 2]}, dtype=object))
    with pytest.raises(DataError, match=r"^Parquet output: column 'id' holds 1180591620717411303424 in row 3, "
                                        r"not of the type \(int64\) its first 2 rows gave it; write CSV or JSON"):
        writer.write(pd.DataFrame({"id": [2**70]}, dtype=object, index=[2]))


def test_parquet_output_types_do_not_depend_on_jobs(tmp_path, monkeypatch):
    """``classify --jobs 2`` reads 2,500-row chunks and the first chunk fixed the Parquet types: 'NS/NC' after
    2,500 rows of numbers stopped it where --jobs 1 wrote the file, and labels blank in the first chunk were
    typed ``string``, ``large_string`` with --jobs 1. Chunks of 3 and 45 rows stand for both here."""
    import pyarrow.parquet as pq

    from cxnlp.batch import classify_file
    from cxnlp.io.columnar import ParquetWriter

    monkeypatch.setattr(ParquetWriter, "TYPE_ROWS", 20)  # (20,000 in use)
    texts = [""] * 5 + ["Muy buena atención", "El envío llegó tarde", "Horrible", "La app se cierra"] * 10
    nps = [9] * len(texts)
    nps[10] = "NS/NC"
    pd.DataFrame({"comentario": texts, "nps": nps}).to_json(tmp_path / "in.jsonl", orient="records", lines=True)
    for rows in (3, 45):
        classify_file(tmp_path / "in.jsonl", tmp_path / f"out{rows}.parquet", chunk_rows=rows)
    assert (tmp_path / "out3.parquet").read_bytes() == (tmp_path / "out45.parquet").read_bytes()
    schema = pq.read_schema(tmp_path / "out3.parquet")
    assert str(schema.field("cx_sentiment").type) == "large_string" == str(schema.field("nps").type)
    assert pd.read_parquet(tmp_path / "out3.parquet")["nps"].tolist()[9:12] == ["9", "NS/NC", "9"]


def test_xlsx_cells_are_read_as_given_whatever_the_chunks(tmp_path):
    """A blank cell in a chunk made pandas read that chunk's whole numbers as floats: 4.0 in one chunk, 4 in the
    next, so the output depended on --jobs."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "comentario", "csat"])
    for i in range(6):
        sheet.append([1000 + i, "Muy buen servicio", None if i == 1 else 4])
    book.save(tmp_path / "nf.xlsx")
    for rows in (2, 6):
        whole = pd.concat(iter_table(tmp_path / "nf.xlsx", chunk_rows=rows))
        assert whole["id"].tolist() == [1000 + i for i in range(6)]
        assert whole["csat"].tolist()[:3] == [4, None, 4] and isinstance(whole["csat"].tolist()[0], int)
    out = write_table(pd.concat(iter_table(tmp_path / "nf.xlsx", chunk_rows=2)), tmp_path / "o.csv")
    assert out.read_text(encoding="utf-8-sig").splitlines()[1:3] == ["1000,Muy buen servicio,4", "1001,Muy buen servicio,"]


def test_one_column_csv_keeps_its_empty_answers_as_rows(tmp_path):
    """Excel saves an empty cell of a one-column sheet as a blank line, and the reader skipped it: the
    output had fewer rows than the sheet, and no longer lined up with it. Blank lines after the last row
    are not rows."""
    path = tmp_path / "una.csv"
    path.write_bytes('comentario\r\n\r\n"Muy\r\nbien"\r\n\r\nEl envío tardó\r\n\r\n\r\n'.encode("utf-8"))
    assert read_table(path)["comentario"].tolist() == ["", "Muy\r\nbien", "", "El envío tardó"]
    assert [len(c) for c in iter_table(path, chunk_rows=3)] == [3, 1]
    two = tmp_path / "dos.csv"
    two.write_text("id,comentario\n1,Muy bien\n\n2,Mal\n", encoding="utf-8")
    assert read_table(two)["id"].tolist() == ["1", "2"]  # several columns: a blank line is no row, as before
    # A blank first answer under a comment column's name made the next answer, whose commas counted as cells,
    # the header and the name a title line (QA O 9); a title over a table's header is still skipped.
    blank = tmp_path / "blanco.csv"
    blank.write_text("Opinión del cliente\n\nMala atención, muy lenta\nBuen precio, buena calidad\n"
                     "Nada que decir, gracias\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HeaderRowWarning)
        frame = read_table(blank)
    assert frame.to_dict("list") == {"Opinión del cliente": ["", "Mala atención, muy lenta",
                                                             "Buen precio, buena calidad", "Nada que decir, gracias"]}
    # So does one whose commas are no prose (review A 5): the rows below it do not share its width.
    for first in ("Tardaron, 3 semanas en llegar", "Mal, Correos perdió el paquete"):
        blank.write_text(f"Opinión del cliente\n\n{first}\nMuy bien, gracias\nTodo bien\nNo me gustó\n",
                         encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", HeaderRowWarning)
            frame = read_table(blank)
        assert frame.to_dict("list") == {"Opinión del cliente": ["", first, "Muy bien, gracias", "Todo bien",
                                                                 "No me gustó"]}
    title = tmp_path / "titulo.csv"
    title.write_text("Comentarios de clientes - julio 2024\n\nfecha,comentario\n2024-07-01,Muy bien\n"
                     "2024-07-02,Mal\n", encoding="utf-8")
    assert read_table(title)["comentario"].tolist() == ["Muy bien", "Mal"]
    # A title that names comments above a spaced header, over rows as wide as it, is still a title (review A 4):
    # the header's commas, all prose, made it an answer, and the whole table one column under the title.
    title.write_text("Comentarios de clientes\n\nfecha, nota del cliente, lo que más valora\n2024-01-01, 9, rapidez\n"
                     "2024-01-02, 7, precio\n2024-01-03, 3, atención\n", encoding="utf-8")
    frame = read_table(title)
    assert list(frame.columns) == ["fecha", " nota del cliente", " lo que más valora"]
    assert frame[" lo que más valora"].tolist() == [" rapidez", " precio", " atención"]


def test_a_title_over_a_table_the_rows_do_not_fit_keeps_the_table(tmp_path):
    """Review D 2: below a title that names comments and a blank line, a header with a comma that is no prose was
    taken for a one-column file's first answer whenever the rows did not confirm it as a table's: a two-column table
    with one short row became one column of whole lines ('9,Muy rápido'), header included, and a table whose answers
    hold unquoted commas lost its line-numbered error. Most rows split as a table's: the header is kept."""
    short = tmp_path / "corta.csv"
    short.write_text("Opinión del cliente\n\nnps,¿Por qué?\n9,Muy rápido\n7\n3,Llegó tarde\n10,Todo perfecto\n"
                     "8,Bien\n", encoding="utf-8")
    frame = read_table(short)
    assert frame.to_dict("list") == {"nps": ["9", "7", "3", "10", "8"],
                                     "¿Por qué?": ["Muy rápido", "", "Llegó tarde", "Todo perfecto", "Bien"]}
    broken = tmp_path / "comas.csv"
    broken.write_text("Comentarios de clientes\n\nfecha,nota del cliente,lo que más valora\n1000,2024-01-01,\n"
                      "1001,2024-01-02,Bien, aunque caro\n1002,2024-01-03,Muy bien, gracias, volveré\n"
                      "1003,2024-01-04,Todo bien\n1004,2024-01-05,Mal, Correos perdió el paquete\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"line 5: 4 values but the header has 3 columns.*in double quotes"):
        read_table(broken)


def test_a_bom_before_the_first_row_reads_the_same_whole_or_streamed(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"id,comentario\n\xef\xbb\xbf1,El pedido lleg\xc3\xb3 tarde\n2,Muy bien\n")
    assert read_table(path)["id"].tolist() == pd.concat(iter_table(path))["id"].tolist() == ["\ufeff1", "2"]


def test_the_data_rows_confirm_the_separator_of_the_header(tmp_path):
    """The separator was the header's most frequent one: a Google Forms header whose question texts hold ';'
    split every row on ';' (every comment empty), and a one-column file whose header holds a prose comma was
    split on ',' (every comment cut at its first comma)."""
    forms = tmp_path / "forms.csv"
    forms.write_text("Marca temporal,¿Nos recomendarías? (0 = nada probable; 10 = muy probable),"
                     "¿Satisfecho? (1 = nada; 3 = neutral; 5 = mucho),Comentarios\n"
                     "2024/07/15 10:23:45,9,5,\"Muy buena atención, gracias\"\n2024/07/16 9:02:11,3,2,El envío llegó tarde\n",
                     encoding="utf-8")
    assert sniff_separator(forms) == ","
    assert read_table(forms)["Comentarios"].tolist() == ["Muy buena atención, gracias", "El envío llegó tarde"]
    one = tmp_path / "una.csv"
    one.write_bytes("Comentarios, sugerencias y quejas\r\nMuy bien, gracias\r\nEl envío tardó, pero llegó bien\r\n"
                    "Caro\r\n".encode("cp1252"))
    frame = read_table(one)
    assert list(frame.columns) == ["Comentarios, sugerencias y quejas"]
    assert frame.iloc[:, 0].tolist() == ["Muy bien, gracias", "El envío tardó, pero llegó bien", "Caro"]
    # Answers whose comma is followed by a number or a name read as a table's (QA O 2): "Todo bien", one cell,
    # says the rows disagree, and every answer was cut at its comma.
    answers = ["Muy lento, la verdad", "Todo bien", "Tardaron, 3 semanas en llegar", "Gracias, Ana fue muy amable"]
    one.write_text("\n".join(["Comentarios, sugerencias y quejas", *answers]) + "\n", encoding="utf-8")
    assert read_table(one).to_dict("list") == {"Comentarios, sugerencias y quejas": answers}
    assert pd.concat(iter_table(one, chunk_rows=2)).iloc[:, 0].tolist() == answers
    # A table whose spaced header reads like prose stays a table when one row is short (review A 1): most rows
    # split into its three cells, and every row's comment held the whole line, date and score included.
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("fecha, nota del cliente, comentario\n2024-01-10, 9, Excelente servicio\n2024-01-11, 7\n"
                      "2024-01-12, 3, No me gustó\n2024-01-13, 10, Todo perfecto\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", HeaderRowWarning)
        frame = read_table(ragged)
    assert list(frame.columns) == ["fecha", " nota del cliente", " comentario"]
    assert frame["fecha"].tolist() == ["2024-01-10", "2024-01-11", "2024-01-12", "2024-01-13"]
    assert frame[" comentario"].tolist() == [" Excelente servicio", "", " No me gustó", " Todo perfecto"]
    ragged.write_text("id, nota, comentario del cliente\n1, 9, Excelente servicio\n2, 7,\n3, 3, No me gustó\n4\n"
                      "5, 10, Todo perfecto\n", encoding="utf-8")
    assert read_table(ragged)["id"].tolist() == ["1", "2", "3", "4", "5"]
    bare = tmp_path / "bare.csv"  # a comma header over comma-free rows: one column
    bare.write_text("Comentario,observaciones\nMuy bien\nTodo perfecto\nMal servicio\n", encoding="utf-8")
    assert read_table(bare).iloc[:, 0].tolist() == ["Muy bien", "Todo perfecto", "Mal servicio"]


def test_no_row_as_wide_as_the_header_is_an_error_not_padding(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("id;fecha;canal;comentario\n1 bien\n2 mal\n3 regular\n", encoding="utf-8")
    with pytest.raises(DataError, match="none of the 3 rows below it"):
        read_table(path)


def test_a_title_line_without_a_blank_line_under_it_is_skipped(tmp_path):
    """The title line was taken for the header of a one-column file: the header line and every row became
    comments."""
    path = tmp_path / "t.csv"
    path.write_text("Comentarios de clientes - julio 2024\nID;Fecha;NPS;Comentario\n1;2024-07-01;9;Muy bien\n"
                    "2;2024-07-02;3;El envío llegó tarde\n3;2024-07-03;7;Regular, nada más\n", encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == ["ID", "Fecha", "NPS", "Comentario"]
    assert frame["Comentario"].tolist() == ["Muy bien", "El envío llegó tarde", "Regular, nada más"]
    one = tmp_path / "una.csv"  # a one-column file's answers with one comma each are no header below a title
    one.write_text("Opiniones de la tienda\nMuy bien, gracias\nCaro, no vuelvo\nLento, pero bien\n", encoding="utf-8")
    assert read_table(one).iloc[:, 0].tolist() == ["Muy bien, gracias", "Caro, no vuelvo", "Lento, pero bien"]


def test_a_title_line_over_a_header_spaced_after_its_commas_is_skipped(tmp_path):
    """A title over 'id, nps, comentario' was the header of a one-column file: every row became one comment."""
    path = tmp_path / "t.csv"
    path.write_text("Encuesta de satisfacción Q3\nid, nps, comentario\n1, 9, Muy bien\n2, 3, Mal servicio\n"
                    "3, 7, Normal\n4, 10, Excelente\n", encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == ["id", " nps", " comentario"]
    assert frame[" nps"].tolist() == [" 9", " 3", " 7", " 10"]
    one = tmp_path / "una.csv"  # prose answers with two commas each stay a one-column file's
    one.write_text("Opiniones de la tienda\nBien, rápido, barato\nCaro, lento, mal\nLento, pero, bien\n",
                   encoding="utf-8")
    assert read_table(one).iloc[:, 0].tolist() == ["Bien, rápido, barato", "Caro, lento, mal", "Lento, pero, bien"]


def test_a_title_and_a_blank_line_over_a_header_whose_first_row_is_ragged_names_that_row(tmp_path):
    """The first row's unquoted comma made the header a title's neighbour and the file one column of whole lines;
    it fails naming the row, as it does without the title."""
    path = tmp_path / "t.csv"
    path.write_text("Encuesta de satisfacción Q3\n\nid,nps,comentario\n1,9,Muy bien, gracias\n2,3,Mal servicio\n"
                    "3,7,Normal\n4,10,Excelente\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_table(path)
    assert str(error.value) == (f"{path}, line 4: 4 values but the header has 3 columns (separator ','). Put the value "
                                f"that contains ',' in double quotes, or remove a stray quote on an earlier line, and "
                                f"run again.")


@pytest.mark.parametrize("answers", [["Bien, rápido", "Todo bien", "Caro, lento", "Lento, pero bien"],
                                     ["Bien, rápido, barato", "Todo bien", "Caro, lento, mal", "Lento, pero, bien"],
                                     ["9, muy bien, gracias", "3", "7, normal, ok", "10, excelente, sí"],
                                     ["Bien,rápido", "Todo bien", "Caro,lento", "Mal,sí"]])
def test_a_title_and_a_blank_line_over_one_column_answers_keep_every_answer_whole(tmp_path, answers):
    """The first answer ('Bien, rápido') was taken for a header because most answers below have as many commas: the
    file became a table of answers cut at their commas, the first answer lost as a header."""
    path = tmp_path / "t.csv"
    path.write_text("Encuesta de satisfacción Q3\n\n" + "\n".join(answers) + "\n", encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == ["Encuesta de satisfacción Q3"]
    assert frame.iloc[:, 0].tolist() == ["", *answers]


def test_a_two_column_spaced_header_with_a_lone_score_row_stays_a_table(tmp_path):
    """A row of a score alone ('3': its comment left out) made 'nota del cliente, comentario' a one-column file."""
    path = tmp_path / "t.csv"
    path.write_text("nota del cliente, comentario\n9, Muy bien\n3\n7, Normal\n10, Excelente\n", encoding="utf-8")
    frame = read_table(path)
    assert frame.to_dict("list") == {"nota del cliente": ["9", "3", "7", "10"],
                                     " comentario": [" Muy bien", "", " Normal", " Excelente"]}


@pytest.mark.parametrize("text", [
    "Comentarios, sugerencias y quejas\nMuy bien, gracias\nTardaron, 3 semanas en llegar\n10\nCaro, pero bueno\n",
    "Opinión del cliente\n\nTardaron, 3 semanas en llegar\n7\nMal, Correos perdió el paquete\nBien, 10 de 10\n"])
def test_a_one_column_file_with_an_answer_that_is_a_number_stays_one_column(tmp_path, text):
    """An answer '10' among answers with a comma was taken for a score whose comment was left out: the file became
    a two-column table of answers cut at their comma."""
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    frame = read_table(path)
    assert frame.shape[1] == 1
    assert "Tardaron, 3 semanas en llegar" in frame.iloc[:, 0].tolist()


def test_a_headerless_one_column_file_says_which_line_is_its_header(tmp_path):
    path = tmp_path / "sin.csv"
    path.write_text("Respuesta rápida y amable\nMal servicio\nTodo bien\n", encoding="utf-8")
    with pytest.warns(HeaderRowWarning, match=r"line 1 \('Respuesta rápida y amable'\) is taken as the header"):
        read_table(path)
    from typer.testing import CliRunner

    from cxnlp.cli import app
    result = CliRunner().invoke(app, ["classify", str(path), "-o", str(tmp_path / "o.csv")])
    assert "warning:" in result.output and "'Respuesta rápida y amable'" in result.output
    said = tmp_path / "tel.csv"  # (that line is a comment: quoted redacted, as messages quote cells)
    said.write_text("Llamadme al 612 345 678, ana.ruiz@gmail.com\nMal servicio\n", encoding="utf-8")
    with pytest.warns(HeaderRowWarning, match=r"line 1 \(.Llamadme al \[TELÉFONO\], \[EMAIL\].\) is taken") as caught:
        read_table(said)
    assert not any("612" in str(w.message) or "ana.ruiz" in str(w.message) for w in caught)


@pytest.mark.parametrize("header_row", [None, 2])
def test_excel_sep_line_names_the_separator(tmp_path, header_row):
    """Excel's "sep=;" first line was read as the header and the file failed, blaming quoting on line 2."""
    path = tmp_path / "export.csv"
    path.write_bytes("sep=;\r\nID;Comentario;NPS\r\n1;La entrega fue lenta, mal;5\r\n2;Muy buena atención;10\r\n"
                     .encode("cp1252"))
    assert sniff_separator(path) == ";"
    frame = read_table(path, header_row=header_row)
    assert list(frame.columns) == ["ID", "Comentario", "NPS"]
    assert frame["Comentario"].tolist() == ["La entrega fue lenta, mal", "Muy buena atención"]


def test_qualtrics_question_text_and_import_id_rows_are_skipped(tmp_path):
    """A Qualtrics export's 2nd and 3rd header rows were read as responses (phantom comments and themes)."""
    path = tmp_path / "qualtrics.csv"
    rows = [["StartDate", "ResponseId", "Q1", "Q2_TEXT"],
            ["Start Date", "Response ID", "¿Recomendaría Tienda X?", "¿Por qué? Cuéntenos más."],
            ['{"ImportId":"startDate","timeZone":"America/Mexico_City"}', '{"ImportId":"_recordId"}',
             '{"ImportId":"QID1"}', '{"ImportId":"QID2_TEXT"}'],
            ["2024-07-01 10:00:00", "R_1", "9", "Excelente atención"], ["2024-07-02 10:00:00", "R_2", "3", "Llegó tarde"]]
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh).writerows(rows)
    with pytest.warns(HeaderRowWarning, match="Qualtrics"):
        frame = read_table(path)
    assert frame["ResponseId"].tolist() == ["R_1", "R_2"] and frame["Q2_TEXT"].tolist()[1] == "Llegó tarde"
    assert pd.concat(iter_table(path, chunk_rows=1))["Q1"].tolist() == ["9", "3"]


def test_qualtrics_rows_are_skipped_when_a_question_text_spans_two_lines(tmp_path):
    """A question written over two lines made the reader take each record as a batch of its own, and the two
    Qualtrics rows were skipped only inside the header's batch: both came out as responses."""
    path = tmp_path / "qualtrics.csv"
    rows = [["ResponseId", "Q1", "Q2_TEXT"],
            ["Response ID", "¿Qué probabilidad hay de que\nnos recomiende?", "¿Por qué?"],
            ['{"ImportId":"_recordId"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2_TEXT"}'],
            ["R_1", "10 - Extremadamente probable", "Excelente atención"], ["R_2", "3", "Llegó tarde"]]
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh).writerows(rows)
    with pytest.warns(HeaderRowWarning, match=r"lines 2-4 are Qualtrics' question texts and ImportId row, skipped"):
        frame = read_table(path)
    assert frame["ResponseId"].tolist() == ["R_1", "R_2"]
    assert frame["Q1"].tolist() == ["10 - Extremadamente probable", "3"]


@pytest.mark.parametrize("header_row, skipped", [
    (1, r"lines 2-3 are Qualtrics' question texts and ImportId row, skipped; line 1 \(column ids\)"),
    (2, r"line 3 is Qualtrics' ImportId row, skipped; line 2 \(question texts\)")])
def test_qualtrics_import_id_row_is_skipped_under_a_header_row_given(tmp_path, header_row, skipped):
    """With --header-row the Qualtrics rows under the header were read as responses: the ImportId row's
    '{"ImportId":"QID2_TEXT"}' was classified as a comment, and line 2's question texts too under line 1."""
    path = tmp_path / "qualtrics.csv"
    rows = [["ResponseId", "Q1", "Q2_TEXT"], ["Response ID", "¿Recomendaría Tienda X?", "¿Por qué?"],
            ['{"ImportId":"_recordId"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2_TEXT"}'],
            ["R_1", "10 - Extremadamente probable", "Excelente atención"], ["R_2", "3", "Llegó tarde"]]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    with pytest.warns(HeaderRowWarning, match=skipped):
        frame = read_table(path, header_row=header_row)
    assert frame.iloc[:, 0].tolist() == ["R_1", "R_2"]
    with pytest.warns(HeaderRowWarning, match=skipped):
        assert pd.concat(iter_table(path, chunk_rows=1, header_row=header_row)).iloc[:, 2].tolist()[1] == "Llegó tarde"


def test_surveymonkey_csv_second_header_row_is_skipped(tmp_path):
    """In a CSV, SurveyMonkey's second header row ("Response", "Open-Ended Response") was read as a response: its
    "Open-Ended Response" classified as a comment and its "Response" counted as a non-numeric NPS answer."""
    path = tmp_path / "surveymonkey.csv"
    rows = [["Respondent ID", "¿Cómo nos conoció?", "", "¿Qué probabilidad hay de que nos recomiende?", "Cuéntenos más"],
            ["", "Google", "Un amigo", "Response", "Open-Ended Response"],
            ["1001", "Google", "", "9", "Me atendieron muy bien"], ["1002", "", "Un amigo", "3", "El envío llegó tarde"]]
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh).writerows(rows)
    with pytest.warns(SubHeaderRowWarning, match=r"line 2: a second header row \('Google', 'Un amigo', 'Response'"):
        frame = read_table(path)
    assert frame["Respondent ID"].tolist() == ["1001", "1002"]
    assert list(frame.columns[1:3]) == ["¿Cómo nos conoció? - Google", "¿Cómo nos conoció? - Un amigo"]
    with pytest.warns(SubHeaderRowWarning):
        assert pd.concat(iter_table(path, chunk_rows=1))["Cuéntenos más"].tolist()[0] == "Me atendieron muy bien"


@pytest.mark.parametrize("rows", [
    [["comentario", "nps"], ["Response", ""]],
    [["id", "comentario", "nps", "csat"], ["", "Response", "", ""], ["2", "bien", "9", "4"]],
    [["id", "comentario", "nps"], ["", "Open-Ended Response", ""], ["2", "bien", "9"]]])
def test_a_first_response_that_is_a_label_with_its_scores_blank_is_kept(tmp_path, rows):
    # review of exports1: a first comment "Response" (or "Open-Ended Response") with its scores left blank was taken
    # for SurveyMonkey's second header row and dropped (a one-response file read as empty); SurveyMonkey writes a
    # label under every question after the first labelled one.
    path = tmp_path / "s.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SubHeaderRowWarning)
        assert len(read_table(path)) == len(rows) - 1
        assert sum(len(c) for c in iter_table(path, chunk_rows=1)) == len(rows) - 1


@pytest.mark.parametrize("content, columns, rows", [
    # a header ending in a separator, and rows that leave out trailing empty cells: padded, as before
    ("id;nps;comentario;\n1;9;bien\n2;3;mal\n3;7;ok\n", ["id", "nps", "comentario", "Unnamed: 3"], 3),
    ("id;fecha;nps;comentario;canal\n1;2024-01-01;9;Muy bien\n2;2024-01-02;3;Lento\n3;2024-01-03;10\n",
     ["id", "fecha", "nps", "comentario", "canal"], 3),
    # a lower-case header with spaced commas is a table's when its rows split as it does
    ("fecha, nota del cliente, comentario\n2024-01-01, 9, bien\n2024-01-02, 3, mal\n",
     ["fecha", " nota del cliente", " comentario"], 2),
    # a one-column file whose comments hold one ';' keeps its header (no title line above a two-column table)
    ("Texto libre\nMe gusta; pero caro\nMal; muy mal\nok; bien\nno; sí\n", ["Texto libre"], 4),
])
def test_ordinary_files_the_separator_check_leaves_as_they_were(tmp_path, content, columns, rows):
    path = tmp_path / "f.csv"
    path.write_text(content, encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == columns and len(frame) == rows


def test_rows_wider_than_a_comma_header_are_the_ragged_row_error(tmp_path):
    # not a one-column file named "id,nps,comentario": the line whose comment holds unquoted commas is named
    path = tmp_path / "f.csv"
    path.write_text("id,nps,comentario\n1,9,bien, rapido y barato\n2,3,mal, lento, caro\n3,7,ok, normal\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match="line 2: 4 values but the header has 3 columns"):
        read_table(path)


@pytest.mark.parametrize("header", ["¿Qué podemos mejorar?", "Tu opinión sobre la tienda:"])
def test_a_one_column_header_that_names_its_column_gives_no_warning(tmp_path, header):
    path = tmp_path / "f.csv"
    path.write_text(f"{header}\nMuy bien\nTodo lento\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", HeaderRowWarning)
        assert read_table(path).columns.tolist() == [header]


def test_reading_warnings_point_at_the_callers_line(tmp_path):
    """DuplicateColumnWarning and HeaderRowWarning named a line of cxnlp/io, whatever called read_table."""
    from cxnlp.exceptions import DuplicateColumnWarning, warn_outside

    double, headerless = tmp_path / "doble.csv", tmp_path / "sin.csv"
    double.write_text("comentario,comentario\nLa app falla,Otro\n", encoding="utf-8")
    headerless.write_text("Respuesta rápida y amable\nMal servicio\n", encoding="utf-8")
    for path, category in ((double, DuplicateColumnWarning), (headerless, HeaderRowWarning)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            line = sys._getframe().f_lineno + 1
            read_table(path)
        assert [(w.category, w.filename, w.lineno) for w in caught] == [(category, __file__, line)]
    with warnings.catch_warnings(record=True) as caught:  # called from outside cxnlp: that caller's line
        warnings.simplefilter("always")
        line = sys._getframe().f_lineno + 1
        warn_outside("x", UserWarning)
    assert (caught[0].filename, caught[0].lineno) == (__file__, line)


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl", ".json"])
def test_a_header_row_for_a_file_that_names_its_columns_is_an_error(tmp_path, suffix):
    """--header-row on Parquet or JSON was ignored without a word (and refused with --engine dask)."""
    frame = pd.DataFrame({"comentario": ["El envío llegó tarde"], "nps": [3]})
    path = tmp_path / f"t{suffix}"
    if suffix == ".parquet":
        frame.to_parquet(path)
    else:
        frame.to_json(path, orient="records", lines=suffix == ".jsonl", force_ascii=False)
    assert read_table(path)["comentario"].tolist() == ["El envío llegó tarde"]
    for read in (read_table, lambda p, **k: list(iter_table(p, **k))):
        with pytest.raises(DataError, match=r"header row 2 was given, but a (Parquet|JSON Lines|JSON) file names its "
                                            r"columns itself"):
            read(path, header_row=2)


def test_parquet_integers_with_a_null_are_read_and_written_exactly(tmp_path):
    """An int64 or uint64 column with a null (written by Arrow, without pandas' metadata) came to pandas as float:
    2**53 + 1 was written 2**53, 1234567890123456789 as ...768, and Parquet output typed the column double."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cxnlp.batch import classify_file

    ids = [2**53 + 1, None, 1234567890123456789]
    pq.write_table(pa.table({"id": pa.array(ids, pa.int64()), "u": pa.array([2**64 - 1, None, 7], pa.uint64()),
                             "comentario": ["Muy buena atención", "El envío llegó tarde", "Horrible"]}),
                   tmp_path / "in.parquet")
    assert read_table(tmp_path / "in.parquet")["id"].tolist()[::2] == ids[::2]
    for suffix in ("parquet", "csv", "jsonl"):
        classify_file(tmp_path / "in.parquet", tmp_path / f"out.{suffix}")
    back = pq.read_table(tmp_path / "out.parquet")
    assert back.column("id").to_pylist() == ids and back.schema.field("id").type == pa.int64()
    assert back.column("u").to_pylist() == [2**64 - 1, None, 7] and back.schema.field("u").type == pa.uint64()
    rows = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))))
    assert [row[:2] for row in rows[1:]] == [[str(2**53 + 1), str(2**64 - 1)], ["", ""],
                                             ["1234567890123456789", "7"]]
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == ids and [r["u"] for r in lines] == [2**64 - 1, None, 7]


def test_json_output_keeps_a_column_name_with_a_nul_character(tmp_path):
    """pandas' JSON cuts a name at a NUL character: columns 'a\\x00b' and 'a\\x00c' were written as one key 'a',
    the first column's values lost without a word. Every name is written whole."""
    frame = pd.DataFrame({"a\x00b": [1.5], "a\x00c": [2], "d": ["x"]})
    for suffix in ("jsonl", "json"):
        text = write_table(frame, tmp_path / f"o.{suffix}").read_text(encoding="utf-8")
        back = json.loads(text.strip().strip("[]"))
        assert back == {"a\x00b": 1.5, "a\x00c": 2, "d": "x"}


def test_parquet_integers_inside_objects_and_lists_are_read_exactly(tmp_path):
    """An integer in a struct or list column came to pandas as a float where a value beside it was null:
    ``{"id": 9007199254740993}`` beside ``{"id": null}`` was written 9007199254740992.0, ``[2**60 + 1]`` as
    1.152921505e+18. Such columns are read as Python's values; the rest as before."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    meta = [{"id": 2**53 + 1, "n": [1, None]}, {"id": None, "n": [2**60 + 1]}]
    pq.write_table(pa.table({"comentario": ["bien", "mal"], "meta": pa.array(meta), "m": pa.array(
        [[("k", 2**60 + 1)], None], pa.map_(pa.string(), pa.int64())), "t": pa.array([["a"], None])}),
                   tmp_path / "in.parquet")
    frame = read_table(tmp_path / "in.parquet")
    assert frame["meta"].tolist() == meta and frame["m"].tolist() == [[("k", 2**60 + 1)], None]
    write_table(frame, tmp_path / "out.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["meta"] for line in lines] == meta and [line["t"] for line in lines] == [["a"], None]


def test_parquet_lists_of_integers_without_a_null_are_written_to_csv_as_before(tmp_path):
    """Reading every object or list column holding integers as Python's values changed the CSV of those pandas
    reads exactly: a list ``[1, 2]`` was written ``[1 2]`` (NumPy's notation, as a list of text still is), then
    ``[1, 2]``, and ``{'n': array([1, 2])}`` ``{'n': [1, 2]}``. Only a column with a null integer is read anew."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"comentario": ["bien", "mal"], "ids": pa.array([[1, 2], None]),
                             "meta": pa.array([{"n": [3, 4]}, None]), "t": pa.array([["a", "b"], None])}),
                   tmp_path / "in.parquet")
    out = write_table(read_table(tmp_path / "in.parquet"), tmp_path / "out.csv")
    assert out.read_text(encoding="utf-8-sig").splitlines()[1] == "bien,[1 2],\"{'n': array([3, 4])}\",['a' 'b']"


@pytest.mark.parametrize("chunk_rows", [1, 2, 1000])
def test_empty_rows_at_the_end_of_a_csv_are_no_answers(tmp_path, chunk_rows):
    # Excel writes the formatted rows below a table as ';;;' lines; a row of empty cells between two answers
    # is a blank answer and stays.
    path = tmp_path / "excel.csv"
    path.write_text("id;comentario;nps\r\n1;La entrega tarde;3\r\n;;\r\n2;Bien;10\r\n" + ";;\r\n" * 30
                    + '"";"";""\r\n;;;\r\n', encoding="utf-8")
    streamed = pd.concat(list(iter_table(path, chunk_rows=chunk_rows)))
    assert streamed["id"].tolist() == ["1", "", "2"]
    assert streamed["comentario"].tolist() == ["La entrega tarde", "", "Bien"]
    assert list(streamed.index) == [0, 1, 2]
    pd.testing.assert_frame_equal(read_table(path), streamed.reset_index(drop=True))


def test_a_space_or_a_value_after_the_empty_rows_keeps_them(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text("id,comentario\n1,Bien\n,\n,\n2,\n" + ",\n" * 3 + " ,\n", encoding="utf-8")
    assert read_table(path)["id"].tolist() == ["1", "", "", "2", "", "", "", " "]
    path.write_text("id,comentario\n1,Bien\n" + ",\n" * 25_000 + "3,Mal\n" + ",\n" * 25_000, encoding="utf-8")
    frame = read_table(path)
    assert len(frame) == 25_002 and frame["id"].iloc[-1] == "3"


@pytest.mark.parametrize("chunk_rows", [1, 1000])
def test_a_header_repeated_by_joining_two_exports_is_no_answer(tmp_path, chunk_rows):
    # `cat enero.csv febrero.csv`: the second export's header (with its BOM) lands among the rows.
    bom = "\ufeff".encode()
    enero = "id;comentario;nps\r\n1;La entrega tarde;3\r\n2;Bien;10\r\n".encode()
    febrero = "id;comentario;nps\r\n3;La app falla;0\r\n id ; comentario;nps\r\n4;id;comentario\r\n".encode()
    path = tmp_path / "q1.csv"
    path.write_bytes(bom + enero + bom + febrero)
    with pytest.warns(HeaderRowWarning, match=r"lines 4, 6 repeat the header"):
        frame = pd.concat(list(iter_table(path, chunk_rows=chunk_rows)), ignore_index=True)
    assert frame["id"].tolist() == ["1", "2", "3", "4"]  # a row with other cells (4;id;comentario) stays
    with pytest.warns(HeaderRowWarning, match="repeat the header"):
        pd.testing.assert_frame_equal(read_table(path), frame)


def test_a_row_like_the_header_but_not_it_is_read(tmp_path):
    path = tmp_path / "encuesta.csv"
    path.write_text("id,comentario\n1,comentario\nid,comentario extra\nid,\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = read_table(path)
    assert frame["id"].tolist() == ["1", "id", "id"]
    # One column: only a copy that starts a second file (its BOM) is a header; "Comentario" alone may be an answer.
    path.write_text("comentario\nBien\n\n\ufeffcomentario\ncomentario\n\nMal\n", encoding="utf-8")
    with pytest.warns(HeaderRowWarning, match="line 4 repeats the header"):
        assert read_table(path)["comentario"].tolist() == ["Bien", "", "comentario", "", "Mal"]


@pytest.mark.parametrize("titles", [
    "Informe NPS;;\r\nPeriodo: marzo 2024;;\r\n",          # Excel's 'CSV' of a sheet with title cells
    "Informe NPS\r\nPeriodo: marzo 2024\r\n",
    "Informe NPS;;\r\nPeriodo: marzo 2024;;\r\n;;\r\n",    # ... and its empty row, as separators
    "Informe NPS;;\r\n",
])
def test_title_lines_with_trailing_separators_are_skipped_as_in_an_xlsx(tmp_path, titles):
    path = tmp_path / "informe.csv"
    path.write_text(titles + "id;comentario;nps\r\n1;La entrega tarde;3\r\n2;Bien;10\r\n3;;\r\n", encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == ["id", "comentario", "nps"]
    assert frame["id"].tolist() == ["1", "2", "3"]
    assert sniff_separator(path) == ";"


@pytest.mark.parametrize("comment", ["Opinión del cliente", "Comentario del cliente", "Customer comment", "Comentarios"])
def test_title_lines_over_a_header_whose_comment_column_is_named_freely(tmp_path, comment):
    """Below 'Informe NPS;;;' the header had to name the comment column exactly ('comentario'): 'Opinión del
    cliente' made the title the header. It is found as --text finds it."""
    path = tmp_path / "informe.csv"
    path.write_text(f"Informe NPS marzo 2024;;;\r\nID;Fecha;Puntuación;{comment}\r\n1;2024-03-01;9;Bien\r\n"
                    f"2;2024-03-02;3;Mal\r\n3;2024-03-03;7;Regular\r\n4;2024-03-04;10;Genial\r\n", encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == ["ID", "Fecha", "Puntuación", comment] and len(frame) == 4


@pytest.mark.parametrize(("header", "row"), [("Comentario del cliente;", "{};{}"), ("Comentario del cliente;;", "{};{};x"),
                                             ("Comentario del cliente,,", "{},{},x")])
def test_a_header_naming_only_its_first_column_is_no_title(tmp_path, header, row):
    """'Comentario del cliente;' over 'Muy bien todo;0' was taken for a title, and the first answer for the header."""
    path = tmp_path / "opiniones.csv"
    answers = ["Muy bien todo", "Mal servicio", "Lento", "Bien", "Regular", "Todo ok", "Horrible"]
    path.write_text(header + "\n" + "".join(row.format(a, i % 2) + "\n" for i, a in enumerate(answers)), encoding="utf-8")
    frame = read_table(path)
    assert frame.columns[0] == "Comentario del cliente" and frame.iloc[:, 0].tolist() == answers


def test_a_one_column_file_of_one_cell_lines_keeps_its_first_line_as_header(tmp_path):
    path = tmp_path / "opiniones.csv"
    path.write_text("Opiniones\nMuy lento\nNo me gusta\nCaro\nLento; caro; malo\nBien\nOtra\n", encoding="utf-8")
    assert read_table(path)["Opiniones"].tolist() == ["Muy lento", "No me gusta", "Caro", "Lento; caro; malo",
                                                      "Bien", "Otra"]


# -- date-times in CSV output ----------------------------------------------------------------------------------
def _csv_of(chunks, path, monkeypatch, type_rows=4) -> list[str]:
    """The first column of the CSV ``chunks`` make, the date formats fixed on their first ``type_rows`` rows."""
    from cxnlp.io import TableWriter
    from cxnlp.io.delimited import CsvWriter

    monkeypatch.setattr(CsvWriter, "TYPE_ROWS", type_rows)
    writer = TableWriter(path, "csv")
    for chunk in chunks:
        writer.write(chunk)
    writer.close()
    return [line.split(",")[0] for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]]


def _days(*days, text=None) -> pd.DataFrame:
    values = [dt.datetime(2024, 7, d) for d in days] + ([text] if text else [])
    column = pd.Series(values, dtype=object)
    return pd.DataFrame({"fecha": column if text else pd.to_datetime(column), "n": range(len(values))})


def test_a_date_column_is_written_one_way_whatever_its_chunks(tmp_path, monkeypatch):
    """A text cell in a later chunk made pandas write that chunk's dates as '2024-07-19 00:00:00' (QA J 4)."""
    chunks = [_days(1, 2), _days(3), _days(4), _days(5, 6, text="sin fecha"), _days(7)]
    assert _csv_of(chunks, tmp_path / "o.csv", monkeypatch) == [
        "2024-07-01", "2024-07-02", "2024-07-03", "2024-07-04", "2024-07-05", "2024-07-06", "sin fecha", "2024-07-07"]


def test_a_time_of_day_in_the_first_rows_writes_every_date_time_whole(tmp_path, monkeypatch):
    timed = _days(1).assign(fecha=[dt.datetime(2024, 7, 1, 8, 30)])
    assert _csv_of([timed, _days(2), _days(3, 4), _days(5)], tmp_path / "o.csv", monkeypatch) == [
        "2024-07-01 08:30:00", "2024-07-02 00:00:00", "2024-07-03 00:00:00", "2024-07-04 00:00:00",
        "2024-07-05 00:00:00"]


def test_a_later_time_of_day_in_a_column_of_dates_is_not_cut(tmp_path, monkeypatch):
    timed = _days(5).assign(fecha=[dt.datetime(2024, 7, 5, 8, 30)])
    assert _csv_of([_days(1, 2, 3, 4), timed], tmp_path / "o.csv", monkeypatch) == [
        "2024-07-01", "2024-07-02", "2024-07-03", "2024-07-04", "2024-07-05 08:30:00"]


def test_a_wide_table_is_held_by_cells_not_rows(tmp_path, monkeypatch):
    """The writer held 20,000 rows whatever their width: 170 MB more for 150 columns with ``--jobs N`` (review 3,
    5). It holds ``TYPE_CELLS`` cells at most, and the formats are decided on the rows it held."""
    from cxnlp.io.delimited import CsvWriter

    monkeypatch.setattr(CsvWriter, "TYPE_CELLS", 4)  # 2 columns: 2 rows
    timed = _days(3).assign(fecha=[dt.datetime(2024, 7, 3, 8, 30)])
    assert _csv_of([_days(1, 2), timed, _days(4)], tmp_path / "o.csv", monkeypatch, type_rows=100) == [
        "2024-07-01", "2024-07-02", "2024-07-03 08:30:00", "2024-07-04"]


def test_chunks_before_any_date_time_are_written_at_once(tmp_path, monkeypatch):
    """The writer held every file's first 20,000 rows, so a CSV of 20,000 long reviews was written only after its
    last row was classified: with --jobs 2, 1.5 s after the workers had finished. Chunks before the first with
    a column that may hold date-times are written at once; the formats are still decided on the first rows."""
    from cxnlp.io import TableWriter
    from cxnlp.io.delimited import CsvWriter

    path = tmp_path / "o.csv"
    monkeypatch.setattr(CsvWriter, "TYPE_ROWS", 3)
    writer = TableWriter(path, "csv")
    writer.write(pd.DataFrame({"fecha": ["sin fecha", "pendiente"], "n": [0, 1]}))
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["fecha,n", "sin fecha,0", "pendiente,1"]
    writer.write(_days(1, 2))  # rows 3 and 4: only the first of them is among the 3 that decide (a date)
    writer.write(_days(3).assign(fecha=[dt.datetime(2024, 7, 3, 8, 30)]))
    writer.close()
    assert path.read_text(encoding="utf-8-sig").splitlines()[1:] == [
        "sin fecha,0", "pendiente,1", "2024-07-01,0", "2024-07-02,1", "2024-07-03 08:30:00,0"]


def test_a_wide_table_is_written_the_same_whatever_its_chunks(tmp_path, monkeypatch):
    """The formats were decided on the rows held when they reached ``TYPE_CELLS`` cells, so a 70-column file's
    dates came out as '2024-01-01 00:00:00' with --jobs 1 (one 20,000-row chunk) and '2024-01-01' with --jobs 2
    (review R 2). They are decided on the same first rows (here 3: 6 cells, 2 columns) whatever the chunks."""
    from cxnlp.io.delimited import CsvWriter

    monkeypatch.setattr(CsvWriter, "TYPE_CELLS", 6)
    timed = _days(4).assign(fecha=[dt.datetime(2024, 7, 4, 8, 30)])
    whole = pd.concat([_days(1, 2, 3), timed], ignore_index=True)
    expected = ["2024-07-01", "2024-07-02", "2024-07-03", "2024-07-04 08:30:00"]
    assert _csv_of([whole], tmp_path / "a.csv", monkeypatch, type_rows=100) == expected
    assert _csv_of([_days(1, 2), _days(3), timed], tmp_path / "b.csv", monkeypatch, type_rows=100) == expected


def _stamps(*texts) -> pd.DataFrame:
    return pd.DataFrame({"fecha": pd.to_datetime(list(texts), format="ISO8601"), "n": range(len(texts))})


def test_a_date_time_column_is_written_with_one_precision(tmp_path, monkeypatch):
    """Each value was written as ``isoformat`` gives it, '10:00:00' next to '10:00:00.500000' (review 3, 2): a
    column takes the widest fraction of its first rows, as pandas wrote a chunk."""
    chunks = [_stamps("2024-01-01 10:00:00", "2024-01-02 10:00:00.5"), _stamps("2024-01-03 11:00:00")]
    assert _csv_of(chunks, tmp_path / "o.csv", monkeypatch) == [
        "2024-01-01 10:00:00.000", "2024-01-02 10:00:00.500", "2024-01-03 11:00:00.000"]
    chunks = [_stamps("2024-01-01 10:00:00.123", "2024-01-01 11:00:00"), _stamps("2024-01-02 09:00:00")]
    assert _csv_of(chunks, tmp_path / "o.csv", monkeypatch) == [
        "2024-01-01 10:00:00.123", "2024-01-01 11:00:00.000", "2024-01-02 09:00:00.000"]
    chunks = [_stamps("2024-01-01 10:00:00.000001", "2024-01-01 11:00:00")]
    assert _csv_of(chunks, tmp_path / "o.csv", monkeypatch) == [
        "2024-01-01 10:00:00.000001", "2024-01-01 11:00:00.000000"]
    chunks = [_stamps("2024-01-01 10:00:00", "2024-01-01 11:00:00.000000001")]
    assert _csv_of(chunks, tmp_path / "o.csv", monkeypatch) == [
        "2024-01-01 10:00:00.000000000", "2024-01-01 11:00:00.000000001"]
    # whole seconds stay whole; a later finer fraction is written whole, never cut
    chunks = [_stamps("2024-01-01 10:00:00", "2024-01-01 11:00:00"),
              _stamps("2024-01-02 11:00:00", "2024-01-02 12:00:00.25")]
    assert _csv_of(chunks, tmp_path / "o.csv", monkeypatch, type_rows=2) == [
        "2024-01-01 10:00:00", "2024-01-01 11:00:00", "2024-01-02 11:00:00", "2024-01-02 12:00:00.250"]


def test_a_workbook_gives_the_same_csv_whatever_it_is_read_in(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["fecha", "comentario"])
    for day in range(1, 29):
        sheet.append([dt.datetime(2024, 2, day) if day != 20 else "sin fecha", f"respuesta {day}"])
    book.save(tmp_path / "s.xlsx")
    from cxnlp.io import TableWriter

    written = []
    for rows in (5, 1000):
        writer = TableWriter(tmp_path / f"o{rows}.csv", "csv")
        for chunk in iter_table(tmp_path / "s.xlsx", chunk_rows=rows):
            writer.write(chunk)
        writer.close()
        written.append((tmp_path / f"o{rows}.csv").read_text(encoding="utf-8-sig"))
    assert written[0] == written[1] and "2024-02-28," in written[0] and "00:00:00" not in written[0]


def test_what_is_not_a_path_is_a_config_error_that_names_it():
    # a TypeError from pathlib before ('expected str, bytes or os.PathLike object, not DataFrame')
    from cxnlp.exceptions import ConfigError

    with pytest.raises(ConfigError, match=r"^table: expected a path \(str or Path\), got DataFrame\. A DataFrame is "
                                          r"read already: use it as it is\.$"):
        read_table(pd.DataFrame({"comentario": ["hola"]}))
    with pytest.raises(ConfigError, match=r"^table: expected a path \(str or Path\), got int: '5'\.$"):
        next(iter_table(5))

    class NoText:
        def __str__(self):
            raise RuntimeError("no text")

    # a value whose text cannot be made was a ValueError or its own error, not the ConfigError that names the table
    for value, kind in ((10**5000, "int"), (NoText(), "NoText")):
        with pytest.raises(ConfigError, match=rf"^table: expected a path \(str or Path\), got {kind}\.$"):
            read_table(value)


def test_a_title_over_a_small_table_with_a_short_or_wide_row_keeps_the_table(tmp_path):
    """A title line over 'nps;comentario' and four rows, one short at its end ('7', as exports leave out trailing
    empty cells), was one column of whole lines under the title: 'nps;comentario' and '9;Muy rápido' read as
    answers, the scores lost. A header naming the comment column needs more than half of the rows as wide."""
    title = "Encuesta de satisfacción julio 2024\n"
    short = tmp_path / "corta.csv"
    short.write_text(title + "nps;comentario\n9;Muy rápido\n7\n3;Llegó tarde\n8;Bien\n", encoding="utf-8")
    assert read_table(short).to_dict("list") == {"nps": ["9", "7", "3", "8"],
                                                 "comentario": ["Muy rápido", "", "Llegó tarde", "Bien"]}
    wide = tmp_path / "ancha.csv"
    wide.write_text(title + "nps;comentario\n9;Muy rápido\n3;Llegó tarde;x\n8;Bien\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"ancha\.csv, line 4: 3 values but the header has 2 columns"):
        read_table(wide)


def test_answers_under_a_title_half_with_one_semicolon_stay_one_column(tmp_path):
    """One column of answers under a title, the first 'Comentario;sugerencia' and half of them with one ';', was
    split as a table under that header: a header naming the comment column with half of the rows as wide needs
    another column of numbers (scores, ids) beside it, as a table has."""
    path = tmp_path / "respuestas.csv"
    lines = ["Encuesta julio 2024", "Comentario;sugerencia", "Muy bien;gracias", "Tarde", "Bien;todo", "Lento",
             "Ok;bien"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_table(path).to_dict("list") == {"Encuesta julio 2024": lines[1:]}


@pytest.mark.parametrize("header, rows, expected", [
    ("Comentario,NPS", ['"Muy lento, la verdad",3', "Todo bien,9", "Caro,5", "Bien,8"],
     {"Comentario": ["Muy lento, la verdad", "Todo bien", "Caro", "Bien"], "NPS": ["3", "9", "5", "8"]}),
    ("NPS,Comentario", ["3,Muy lento", "9,Todo bien", "5,Caro"],
     {"NPS": ["3", "9", "5"], "Comentario": ["Muy lento", "Todo bien", "Caro"]}),
])
def test_a_title_over_a_header_of_one_comma_beside_scores_keeps_the_table(tmp_path, header, rows, expected):
    """A title line without a blank line under it, over 'Comentario,NPS', was the header of a one-column file: the
    header line and every row became answers. A header of one comma that is no prose is a table's when another
    column holds a number in every row."""
    path = tmp_path / "t.csv"
    path.write_text("\n".join(["Encuesta marzo 2024", header, *rows]) + "\n", encoding="utf-8")
    assert read_table(path).to_dict("list") == expected


def test_a_title_over_answers_of_one_comma_under_a_comment_header_stays_one_column(tmp_path):
    path = tmp_path / "t.csv"
    lines = ["Opiniones de la tienda", "Comentario,sugerencia", "Muy bien,gracias", "Caro,lento", "Lento,bien"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_table(path).to_dict("list") == {"Opiniones de la tienda": lines[1:]}


def test_a_title_over_a_semicolon_table_of_text_with_a_short_row_keeps_the_table(tmp_path):
    """A title over 'Canal;Comentario' and four rows, one short ('Tienda'), was one column of whole lines: only a
    column of numbers beside the comments made a table with a short row; a column of repeated short values
    (a channel) does too."""
    path = tmp_path / "t.csv"
    path.write_text("Encuesta marzo 2024\nCanal;Comentario\nWeb;Muy lento\nTienda\nApp;Bien\nWeb;Caro\n",
                    encoding="utf-8")
    assert read_table(path).to_dict("list") == {"Canal": ["Web", "Tienda", "App", "Web"],
                                                "Comentario": ["Muy lento", "", "Bien", "Caro"]}


@pytest.mark.parametrize("empty", ["", ";;"])
def test_a_title_over_a_table_with_an_empty_row_among_its_first_rows_keeps_the_table(tmp_path, empty):
    """A title line, the header and a row over an empty row (a blank line, or Excel's ';;') were taken for a block of
    title lines ended by a blank line, too wide for titles: the title became the header of one column of whole
    lines, 'id;nps;comentario' the first answer."""
    path = tmp_path / "t.csv"
    path.write_text(f"Encuesta marzo 2024\nid;nps;comentario\n1;9;Muy bien\n{empty}\n2;3;Lento\n3;7;Ok\n4;8;Bien\n",
                    encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == ["id", "nps", "comentario"]
    assert [v for v in frame["comentario"] if v] == ["Muy bien", "Lento", "Ok", "Bien"]


def test_a_header_row_past_the_file_is_an_error_naming_the_file_and_its_lines(tmp_path):
    """The error named neither the file nor what to do, and counted the end of the last line as one more line
    ('past the first 4 lines' of a file of 3)."""
    path = tmp_path / "t.csv"
    path.write_text("id,comentario\n1,Bien\n2,Mal\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_table(path, header_row=4)
    assert str(error.value) == (f"{path}: header row 4 is past the end of the file (the file has 3 lines); give the "
                                f"number of the header's line (--header-row, header_row=...), or leave it out.")
    assert read_table(path, header_row=3).empty


@pytest.mark.parametrize("header_row", [0, -1, "2", 2.0, True])
@pytest.mark.parametrize("name", ["t.csv", "t.xlsx"])
def test_a_header_row_that_is_no_line_number_is_a_config_error(tmp_path, name, header_row):
    """header_row=0 (pandas' header=0) was 'past the end of the file (the file has 3 lines)', and '2' or 2.0
    failed inside the CSV and XLSX readers with Python's TypeError."""
    from cxnlp.exceptions import ConfigError

    path = tmp_path / name
    frame = pd.DataFrame({"id": [1, 2], "comentario": ["Bien", "Mal"]})
    if name.endswith(".csv"):
        frame.to_csv(path, index=False)
    else:
        frame.to_excel(path, index=False)
    with pytest.raises(ConfigError) as error:
        read_table(path, header_row=header_row)
    assert str(error.value) == (f"header_row={header_row!r}: expected the number of the header's line (CSV) or row "
                                f"(XLSX), counting from 1 for the first (--header-row).")
    assert list(read_table(path, header_row=1).columns) == ["id", "comentario"]


@pytest.mark.parametrize("sep", [";;", r"\s+", 1, '"', "é"])
def test_a_separator_the_reader_cannot_split_on_is_a_config_error(tmp_path, sep):
    # sep=";;" was Python's 'TypeError: "delimiter" must be a 1-character string' from the csv module; sep="é"
    # pyarrow's "ValueError: Expecting an ASCII character"
    from cxnlp.exceptions import ConfigError

    path = tmp_path / "t.csv"
    path.write_text("id;comentario\n1;Bien\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        read_table(path, sep=sep)
    assert str(error.value) == (f"sep={sep!r}: expected one ASCII character, such as ',', ';', '|' or '\\t' (tab), or "
                                f"None to detect it.")
    with pytest.raises(ConfigError):
        next(iter_table(path, sep=sep))
    assert list(read_table(path, sep=";").columns) == ["id", "comentario"]


@pytest.mark.parametrize("sep", ["", ";;", None, 1, '"', "é"])
def test_a_separator_the_writer_cannot_write_with_is_a_config_error(tmp_path, sep):
    # write_table(sep="") was Python's 'TypeError: "delimiter" must be a 1-character string' from the csv module;
    # sep="é" wrote a file that read_table(sep="é") could not read
    from cxnlp.exceptions import ConfigError

    path = tmp_path / "t.csv"
    with pytest.raises(ConfigError) as error:
        write_table(pd.DataFrame({"id": [1], "comentario": ["Bien"]}), path, sep=sep)
    assert str(error.value) == f"sep={sep!r}: expected one ASCII character, such as ',', ';', '|' or '\\t' (tab)."
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_a_misspelt_read_table_setting_is_named_as_read_tables(tmp_path):
    # it was "_read_whole() got an unexpected keyword argument 'header'", a function the user never called
    path = tmp_path / "t.csv"
    path.write_text("id,comentario\n1,Bien\n", encoding="utf-8")
    with pytest.raises(TypeError, match=r"^read_table\(\) got an unexpected keyword argument 'header'$"):
        read_table(path, header=0)


def test_title_lines_after_excels_separator_line_are_skipped(tmp_path):
    """After Excel's 'sep=;' line, the next line was the header whatever it was: a title there made the file one
    column, and the real header's line failed as a row of 3 values under a header of 1."""
    path = tmp_path / "t.csv"
    path.write_text("sep=;\nEncuesta NPS marzo 2024\nid;nps;comentario\n1;9;Bien\n2;3;Mal\n3;5;Ok\n", encoding="utf-8")
    assert read_table(path).to_dict("list") == {"id": ["1", "2", "3"], "nps": ["9", "3", "5"],
                                                "comentario": ["Bien", "Mal", "Ok"]}


@pytest.mark.parametrize("sep", [";", ","])
def test_answers_under_a_title_ending_alike_stay_one_column(tmp_path, sep):
    """Answers under a title, half of them ending in the same word after one separator ('Bien;gracias',
    'Rápido;gracias'), were read as a table whose second column was a category: one value all along is none."""
    path = tmp_path / "respuestas.csv"
    lines = ["Encuesta julio 2024", f"Comentario{sep}sugerencia", f"Bien{sep}gracias", f"Rápido{sep}gracias",
             f"Todo ok{sep}gracias", "Muy lento y caro", "Fatal"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_table(path).to_dict("list") == {"Encuesta julio 2024": lines[1:]}


def test_answers_of_one_comma_under_a_title_ending_in_a_repeated_word_stay_one_column(tmp_path):
    """A header of one comma needs a column of numbers beside the comments: a repeated short word after the comma
    ('Ok,bien', 'Web,bien') made one-column answers a table of a category."""
    path = tmp_path / "respuestas.csv"
    lines = ["Encuesta julio 2024", "Comentario,sugerencia", "Muy bien,gracias", "Lento,caro", "Ok,bien", "Web,bien"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_table(path).to_dict("list") == {"Encuesta julio 2024": lines[1:]}


def test_a_header_row_past_the_lines_looked_at_of_a_long_file_is_not_said_past_its_end(tmp_path):
    """In a file longer than the lines the header is looked for in, a header row past them was said to be 'past the
    end of the file', whose later lines hold rows."""
    path = tmp_path / "t.csv"
    path.write_text("id,comentario\n" + "".join(f"{i},{'Muy bien ' * 20}\n" for i in range(3_000)), encoding="utf-8")
    with pytest.raises(DataError, match=r"t\.csv: header row 2999 is past the first \d+ lines of the file, where the "
                                        r"header is looked for; give the number of the header's line"):
        read_table(path, header_row=2_999)


def test_parts_of_a_wide_parquet_folder_with_other_columns_list_a_sample_of_them(tmp_path):
    """Parts of 500 columns that differ by one: the error listed every column of both, 12,000 characters in one line,
    where the other wide-table messages list the first 30 and the count."""
    folder = tmp_path / "partes"
    folder.mkdir()
    wide = pd.DataFrame({f"pregunta_{k}": [1] for k in range(500)})
    wide.to_parquet(folder / "a.parquet", index=False)
    wide.rename(columns={"pregunta_499": "otra"}).to_parquet(folder / "b.parquet", index=False)
    with pytest.raises(DataError) as raised:
        read_table(folder)
    message = str(raised.value)
    assert message.startswith(f"{folder / 'b.parquet'}: its columns ['pregunta_0', 'pregunta_1', ")
    assert "'pregunta_29'] (500 in all) are not those of the folder's first part ['pregunta_0'" in message
    assert message.endswith("'pregunta_29'] (500 in all); every part of a folder must have the same columns.")
    assert len(message) < 1100 + len(str(folder))  # not 12,000


@pytest.mark.parametrize("read", [read_table, lambda path, sheet: list(iter_table(path, sheet=sheet))])
def test_a_sheet_given_for_a_csv_file_is_refused_in_python_as_on_the_command_line(tmp_path, read):
    # read_table("x.csv", sheet="Datos") read the CSV and said nothing: the user who meant a sheet was not told
    path = tmp_path / "encuesta.csv"
    path.write_text("comentario\nMuy bien\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"^.*encuesta\.csv: sheet 'Datos' was given, but a CSV file has no sheets "
                                        r"\(--sheet applies to XLSX files\); leave out --sheet \(sheet=\.\.\.\)\.$"):
        read(path, sheet="Datos")


def test_a_sheet_given_for_a_workbook_named_csv_says_to_rename_it(tmp_path):
    """A workbook saved as encuesta.csv, read with --sheet, was "a CSV file has no sheets; leave out --sheet", and
    once it was left out, "rename it to encuesta.xlsx": then the sheet had to be given again."""
    pd.DataFrame({"comentario": ["Muy bien"]}).to_excel(path := tmp_path / "encuesta.xlsx", index=False)
    path = path.rename(tmp_path / "encuesta.csv")
    with pytest.raises(DataError, match=r"encuesta\.csv: an Excel workbook \(a zip file\), not text; rename it to "
                                        r"encuesta\.xlsx and read that\.$"):
        read_table(path, sheet="Datos")


def test_a_training_folder_reads_its_csv_files_whatever_the_sheet_of_its_workbooks(tmp_path):
    from cxnlp.labelled import read_to_score

    pd.DataFrame({"text": ["Muy bien"], "sentiment": ["positive"]}).to_csv(tmp_path / "a.csv", index=False)
    assert read_to_score(tmp_path, sheet="Datos")["text"].tolist() == ["Muy bien"]


def test_json_output_of_a_column_finer_than_milliseconds_is_made_for_the_column_not_each_value(tmp_path, monkeypatch):
    """Review of the fix above: each such value was taken from the column as a Timestamp of its own and converted to
    UTC one by one, which made JSON Lines output of a column of microseconds (a database's timestamps) twice as slow
    as before; the text is made for the whole column at once, the same text, and no value is taken alone."""
    import numpy as np

    taken = []
    original = pd.DatetimeIndex.__getitem__

    def getitem(self, key):
        if isinstance(key, (int, np.integer)):
            taken.append(key)
        return original(self, key)

    stamps = pd.date_range("2024-03-31 00:59:59.999", periods=2_000, freq="1001us", tz="Europe/Madrid")
    frame = pd.DataFrame({"z": stamps, "t": stamps.tz_localize(None) + pd.Timedelta(1, "ns")})
    monkeypatch.setattr(pd.DatetimeIndex, "__getitem__", getitem)
    write_table(frame, tmp_path / "horas.jsonl")
    monkeypatch.undo()
    back = read_table(tmp_path / "horas.jsonl")
    assert taken == []
    assert back["z"].tolist()[:3] == ["2024-03-30T23:59:59.999Z", "2024-03-31T00:00:00.000001Z",
                                      "2024-03-31T00:00:00.001002Z"]
    assert back["t"].tolist()[:2] == ["2024-03-31T00:59:59.999000001", "2024-03-31T01:00:00.000001001"]
    last = stamps[-1].tz_convert("UTC").tz_localize(None)
    assert back["z"].tolist()[-1] == last.isoformat(timespec="microseconds") + "Z"


@pytest.mark.parametrize("ext", ["jsonl", "json"])
def test_json_output_keeps_a_fine_fraction_of_a_second_in_an_object_column(tmp_path, ext):
    """Review of the fix above: a date-time in an object column (a date column with a text cell) was still cut to
    milliseconds, where the README says a finer one is written with every digit; it is, as in a date-time column."""
    import datetime as dt

    frame = pd.DataFrame({"t": [dt.datetime(2024, 1, 1, 10, 0, 0, 123456), "sin fecha", None,
                                dt.datetime(2024, 1, 1, 10, 0, 0, 500000),
                                pd.Timestamp("2024-01-01 10:00:00.000000001"),
                                dt.datetime(2024, 7, 1, 10, 0, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=2)))]})
    assert read_table(write_table(frame, tmp_path / f"horas.{ext}"))["t"].tolist() == [
        "2024-01-01T10:00:00.123456", "sin fecha", None, "2024-01-01T10:00:00.500", "2024-01-01T10:00:00.000000001",
        "2024-07-01T08:00:00.000001Z"]


@pytest.mark.parametrize("ext", ["jsonl", "json"])
def test_json_output_of_no_rows_with_a_name_given_twice_is_still_written(tmp_path, ext):
    """Review of the refusal of a name given twice: JSON output of a table with no rows was written ("[]") before it,
    and then refused, though it writes no object to hold the name twice; it is written again (rows are refused)."""
    empty = pd.DataFrame(columns=["x", "x"])
    write_table(empty, tmp_path / f"vacio.{ext}")
    assert (tmp_path / f"vacio.{ext}").read_text(encoding="utf-8") == ("[]\n" if ext == "json" else "")
    with pytest.raises(DataError, match="the column name 'x' is given more than once"):
        write_table(pd.DataFrame([[1, 2]], columns=["x", "x"]), tmp_path / f"filas.{ext}")


@pytest.mark.parametrize("ext", ["jsonl", "json"])
def test_json_output_still_writes_a_frozenset_or_a_series_in_a_cell_as_a_list(tmp_path, ext):
    """Review of "any other object is its text": a frozenset or a pandas Series in a cell (a groupby's) was a list
    in JSON output, as a set still is, and became its printout ("frozenset({1})", a Series' lines with its index
    and dtype); it is a list again."""
    frame = pd.DataFrame({"x": pd.Series([frozenset([1]), pd.Series([1, 2]), pd.Index(["a"]), {3}, "texto"],
                                         dtype=object)})
    assert read_table(write_table(frame, tmp_path / f"celdas.{ext}"))["x"].tolist() == [[1], [1, 2], ["a"], [3],
                                                                                           "texto"]


def test_a_csv_is_written_in_utf8_with_a_bom_whatever_the_inputs_encoding(tmp_path):
    # README and docs/labels.md section 8 say so: Excel reads a CSV's accents by its BOM
    source = tmp_path / "encuesta.csv"
    source.write_bytes("comentario;nps\nLa atención fue pésima;3\n".encode("cp1252"))
    out = write_table(read_table(source), tmp_path / "out.csv", sep=";")
    assert out.read_bytes() == "\ufeffcomentario;nps\nLa atención fue pésima;3\n".encode("utf-8")


@pytest.mark.parametrize("setting, says", [
    ({"max_cell_chars": 0}, r"max_cell_chars=0: expected a whole number of at least 1\."),
    ({"max_cell_chars": "9"}, r"max_cell_chars='9': expected a whole number of at least 1\."),
    ({"chunk_rows": 2.5}, r"chunk_rows=2\.5: expected a whole number of at least 1\."),
    ({"chunk_rows": "2"}, r"chunk_rows='2': expected a whole number of at least 1\."),
])
def test_read_settings_that_are_no_count_are_a_config_error_naming_them(tmp_path, setting, says):
    """api7: ``max_cell_chars=0`` read a CSV as no rows at all (and every XLSX cell as ''), without a word; a count
    given as text or a fraction failed inside the readers ("'<' not supported", "slice indices must be integers")."""
    path = tmp_path / "t.csv"
    path.write_text("comentario,nps\nhola,9\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"^{says}$"):
        read_table(path, **setting)
    with pytest.raises(ConfigError, match=rf"^{says}$"):
        next(iter_table(path, **setting))


def test_read_table_columns_must_be_a_function_of_the_names(tmp_path):
    """api7: ``columns=["nps"]`` (a list, where a function goes) was "'list' object is not callable"."""
    path = tmp_path / "t.csv"
    path.write_text("comentario,nps\nhola,9\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^columns=\['nps'\]: expected a function that, given the table's column "
                                          r"names, returns those to keep"):
        read_table(path, columns=["nps"])
    assert read_table(path, columns=lambda names: ["nps"]).columns.tolist() == ["nps"]


def test_write_table_refuses_what_is_no_frame_or_no_path_in_one_line(tmp_path):
    """api7: a Series was "tuple index out of range", a dict "'dict' object has no attribute 'shape'" and a number
    for the path pathlib's TypeError."""
    with pytest.raises(DataError, match=r"^write_table expects a pandas DataFrame, got pandas Series; write "
                                        r"series\.to_frame\(\)\.$"):
        write_table(pd.Series([1, 2], name="nps"), tmp_path / "s.csv")
    with pytest.raises(DataError, match=r"^write_table expects a pandas DataFrame, got dict\.$"):
        write_table({"nps": [1]}, tmp_path / "d.csv")
    with pytest.raises(ConfigError, match=r"^output: expected a path \(str or Path\), got int: '5'\.$"):
        write_table(pd.DataFrame({"nps": [1]}), 5)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("record", [{"id": 5, "answers": [{"q": 1, "a": "bien"}]},
                                    {"Comentario": "x", "comentario ": "y", "lineas": [{"sku": 1}]},
                                    {"cliente": "Ana", "observacion": "lento", "lineas": [{"sku": 1}]}])
def test_a_json_object_with_an_array_of_objects_beside_keys_not_a_pages_is_one_row(tmp_path, record):
    """Review of the API page: any key but a comment column beside the array made it the rows, its id lost."""
    (tmp_path / "una.json").write_text(json.dumps(record), encoding="utf-8")
    assert read_table(tmp_path / "una.json").to_dict(orient="records") == [record]


@pytest.mark.parametrize("orient", ["index", "columns", "records"])
def test_pandas_json_of_one_row_holding_an_array_of_objects_is_that_row(tmp_path, orient):
    frame = pd.DataFrame({"id": [1], "items": [[{"sku": 1}, {"sku": 2}]]})
    (tmp_path / "one.json").write_text(frame.to_json(orient=orient), encoding="utf-8")
    assert read_table(tmp_path / "one.json").to_dict(orient="records") == frame.to_dict(orient="records")
    (tmp_path / "col.json").write_text(frame[["items"]].to_json(orient=orient), encoding="utf-8")
    assert read_table(tmp_path / "col.json").to_dict(orient="records") == frame[["items"]].to_dict(orient="records")


def test_a_large_json_lines_file_broken_on_its_first_line_is_not_read_whole(tmp_path, monkeypatch):
    """Review of the multi-line fallback: a first line that is no JSON made the whole file be read as one value."""
    from cxnlp.io import _json_read

    path = tmp_path / "roto.jsonl"
    path.write_text('{"comentario": "x",\n' + '{"comentario": "La app va lenta", "nps": 3}\n' * 40_000, encoding="utf-8")
    monkeypatch.setattr(_json_read, "_load_json", lambda *_: pytest.fail("read whole"))
    with pytest.raises(DataError, match=r"roto.jsonl, line 1: not valid JSON Lines"):
        read_table(path)
    jq = tmp_path / "jq.jsonl"  # (objects over many lines, the first over 1 MiB: still read whole, as they must be)
    jq.write_text(json.dumps({"comentario": "x" * 1_100_000, "nps": 1}, indent=2) + "\n{\n}\n", encoding="utf-8")
    monkeypatch.undo()
    assert read_table(jq)["nps"].tolist()[0] == 1


def test_xlsx_output_writes_decimals_a_double_cannot_hold_as_their_digits(tmp_path):
    """Found hunting outputs: a Parquet DECIMAL column (a database's NUMBER(38) id, an amount) went to XLSX as a
    double, 12345678901234567890 as 1.234567890123457e+19, where a whole int64 beyond 2**53 is a text cell with every
    digit. A decimal a double does not give back is text with its digits; the others stay numbers."""
    from decimal import Decimal

    import openpyxl

    values = [Decimal("12345678901234567890"), Decimal("12345678901234567890.12"), Decimal("0.10"),
              Decimal("41.43"), None, Decimal("-9007199254740993")]
    path = write_table(pd.DataFrame({"importe": values, "comentario": "bien"}), tmp_path / "dec.xlsx")
    cells = list(openpyxl.load_workbook(path).active.iter_cols(values_only=True))[0]
    assert list(cells) == ["importe", "12345678901234567890", "12345678901234567890.12", 0.1, 41.43, None,
                           "-9007199254740993"]


def test_a_parquet_output_stores_attrs_json_can_hold_without_a_warning(tmp_path):
    """A frame's attr that JSON cannot hold (a Timestamp, an array) is left out of a Parquet output's metadata, and
    the others kept, with no warning: pyarrow read every chunk's attrs again, and said 'Could not serialize' once more.
    The frame given keeps its attrs."""
    import pyarrow.parquet as pq

    frame = pd.DataFrame({"a": ["x", "y"], "b": [1, 2]})
    frame.attrs = {"cuando": pd.Timestamp("2024-01-01"), "n": np.int64(3), "ok": 1}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_table(frame, tmp_path / "t.parquet")
    attrs = json.loads(pq.read_schema(tmp_path / "t.parquet").metadata[b"pandas"])["attributes"]
    assert attrs == {"n": 3, "ok": 1} and read_table(tmp_path / "t.parquet").attrs == attrs
    assert set(frame.attrs) == {"cuando", "n", "ok"}


def test_a_parquet_output_keeps_a_count_named_examples_in_its_attrs(tmp_path):
    """Keys ending in '_examples' quote input cells (summarize's 'non_numeric_examples') and stay out of a Parquet
    output's metadata; a count or a rate so named is no cell, and a frame of yours kept it before, as it keeps it."""
    frame = pd.DataFrame({"a": ["x", "y"]})
    frame.attrs = {"n_examples": 120, "modelo": {"train_examples": 80, "share_examples": 0.5, "no_examples": None,
                                                 "bad_examples": ["ana@correo.es"]}, "date_unread_examples": "'x'"}
    write_table(frame, tmp_path / "t.parquet")
    assert read_table(tmp_path / "t.parquet").attrs == {
        "n_examples": 120, "modelo": {"train_examples": 80, "share_examples": 0.5, "no_examples": None}}


def test_a_parquet_output_of_a_frame_whose_attr_holds_itself_is_written(tmp_path):
    """An attr that holds itself (a dict in itself) is left out of a Parquet output, the others kept: its copy for
    the metadata recursed until Python's limit and write_table failed with a RecursionError (pyarrow had warned)."""
    loop: dict = {"n": 1}
    loop["loop"] = loop
    frame = pd.DataFrame({"a": ["x", "y"]})
    frame.attrs = {"ok": 1, "loop": loop}
    write_table(frame, tmp_path / "t.parquet")
    back = read_table(tmp_path / "t.parquet")
    assert back.attrs == {"ok": 1} and back["a"].tolist() == ["x", "y"]
