"""Files and the command line under bad input and hostile files (issue 10): no input is ever
overwritten, no row is lost without an error, no formula reaches a spreadsheet, every failure is
one ``error:`` line, outputs keep their permissions and survive SIGTERM and a second writer, and a
huge cell costs megabytes, not gigabytes."""

from __future__ import annotations

import csv
import errno
import io
import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import textwrap
import tracemalloc
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import cxnlp
import cxnlp.io as cio
from cxnlp.cli import app
from cxnlp.exceptions import CxnlpError, DataError
from cxnlp.io.formulas import drop_formula_quote
from cxnlp.io import (
    atomic_path,
    check_output,
    detect_text_column,
    iter_table,
    neutralize_formulas,
    read_table,
    write_table,
)

runner = CliRunner()

ROOT = Path(__file__).resolve().parents[1]
SURVEY = "id,comentario,nps\n1,La app se cierra al pagar,2\n2,\"Muy bien, gracias\",9\n3,El pedido llegó tarde,4\n"


@pytest.fixture()
def quick_model(model, monkeypatch):
    """Commands use the session's already loaded default model instead of loading it again."""
    monkeypatch.setattr("cxnlp._batch_pool.load", lambda *a, **k: model)
    monkeypatch.setattr("cxnlp.persist.load", lambda *a, **k: model)
    return model


def _invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def _one_error_line(result) -> str:
    """The command failed with exit code 1 and exactly one ``error:`` line, no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0]


# -- no command writes over one of its inputs -----------------------------------------------------
def _link(kind: str, source: Path, name: str) -> Path:
    """``source`` itself, or a hard or symbolic link to it called ``name``."""
    if kind == "same":
        return source
    link = source.with_name(name)
    if kind == "hardlink":
        os.link(source, link)
    else:
        link.symlink_to(source)
    return link


COMMANDS = {
    "classify -o": lambda src, out: ["classify", src, "-o", out],
    "report -o": lambda src, out: ["report", src, "-o", out, "--html", out.with_name("informe.html")],
    "report --html": lambda src, out: ["report", src, "--html", out],
    "summarize -o": lambda src, out: ["summarize", src, "-o", out],
    "summarize --html": lambda src, out: ["summarize", src, "--html", out],
    "review -o": lambda src, out: ["review", src, "-o", out],
    "evaluate -o": lambda src, out: ["evaluate", "--data", src, "-o", out],
}


@pytest.mark.parametrize("kind", ["same", "hardlink", "symlink"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_command_writes_over_its_input(tmp_path, command, kind):
    if command.startswith("evaluate"):  # it writes .json/.md/.html, so the labelled data is JSON Lines here
        source = tmp_path / "etiquetas.json"
        source.write_text('{"text": "La app se cierra", "sentiment": "negative", "touchpoints": "app", '
                          '"areas": "ux"}\n', encoding="utf-8")
    else:
        source = tmp_path / "encuesta.csv"
        source.write_text(SURVEY, encoding="utf-8")
    before = source.read_bytes()
    output = _link(kind, source, "copia" + source.suffix)
    line = _one_error_line(_invoke(*COMMANDS[command](source, output)))
    assert "is the input file" in line
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({source.name, output.name})


def test_the_same_output_twice_is_refused(tmp_path):
    source = tmp_path / "encuesta.csv"
    source.write_text(SURVEY, encoding="utf-8")
    line = _one_error_line(_invoke("report", source, "-o", tmp_path / "x.csv", "--html", tmp_path / "x.csv"))
    assert "two outputs" in line


# -- every row comes out, or the command fails naming the file and line --------------------------
def _rows_in(text: str) -> int:
    """Data rows of a CSV without multi-line cells: its non-blank lines less the header."""
    return sum(1 for line in text.splitlines() if line.strip()) - 1


UNBALANCED = ("id,comentario,nps\n1,bien,9\n2,mal,3\n3,ok,5\n4,\"regular, normal\",6\n"
              "5,\"El pedido llego roto,5\n6,Todo bien,9\n7,nada,8\n8,x,1\n9,y,2\n10,z,3\n11,w,4\n"
              "12,\"otro\",3\n13,fin,5\n")


def _survey_with(cells: dict[int, str], rows: int = 40, nps: bool = True) -> str:
    """A CSV of ``rows`` answers (id, nps, comment), ``cells`` replacing some comments (by row)."""
    body = "".join(f"{i},{f'{i % 11},' if nps else ''}{cells.get(i, 'Buen servicio y llegó a tiempo')}\n"
                   for i in range(rows))
    return ("id,nps,comentario\n" if nps else "id,comentario\n") + body


# A stray opening quote, and a closing quote at the end of a value lines below (an inch mark): the rows
# between were read as one cell, without a word (500 rows lost in the QA report's file).
MERGED = _survey_with({5: '"Excelente atención en tienda', 30: 'Compré una TV de 55"'})
MERGED_NEAR = _survey_with({5: '"Excelente atención en tienda', 8: 'Compré una TV de 55"'})
# Ids that follow the record's give the rows away, a blank score or a short row among them included, and one row
# between suffices when its id is the next one.
MERGED_BLANK = _survey_with({5: '"Excelente atención en tienda', 9: 'Compré una TV de 55"'}).replace(
    "\n5,5,", "\n5,,").replace("\n7,7,Buen servicio y llegó a tiempo", "\n7,")
MERGED_ONE = _survey_with({5: '"Excelente atención en tienda', 7: 'Compré una TV de 55"'})
MERGED_SCORE_FIRST = "nps,comentario\n" + "".join(f"{i % 11},{c}\n" for i, c in enumerate(
    ["Bien"] * 3 + ['"Excelente'] + ["Rápido y cómodo"] * 25 + ['TV de 55"', "fin"]))  # scores are no ids
MERGED_TEXT = "canal,comentario\n" + "".join(f"web,{c}\n" for c in
                                             ["Bien"] * 3 + ['"Excelente'] + ["Rápido"] * 25 + ['TV de 55"', "fin"])


@pytest.mark.parametrize("content, line, what", [
    (UNBALANCED, 6, "unbalanced"),                                        # the file: rows 6-12 were swallowed
    (MERGED, 7, "closes on line 32, and 24 of the lines between are rows of 3 values"),
    (MERGED_NEAR, 7, "closes on line 10, and 2 of the lines between are rows"),   # rows of ids and scores: 2 suffice
    (MERGED_TEXT, 5, "closes on line 31, and 25 of the lines between are rows of 2 values"),  # text alone: 20 or more
    (MERGED_BLANK, 7, "closes on line 11, and 3 of the lines between are rows"),
    (MERGED_ONE, 7, "closes on line 9, and 1 of the lines between are rows"),
    (MERGED_SCORE_FIRST, 5, "closes on line 31, and 25 of the lines between are rows of 2 values"),
    ("id,comentario,nps\n1,\"hola,5\n2,adios,3\n", 2, "never closed"),     # unbalanced quote in row 1
    ("id,comentario\n1,hola\n2,hola, adios\n", 3, "3 values but the header has 2"),   # ragged row
    ("id,comentario\n1,hola, adios\n2,bien\n", 2, "3 values but the header has 2"),   # ragged first row (was the index)
])
def test_malformed_csv_fails_naming_file_and_line(tmp_path, content, line, what):
    path = tmp_path / "rota.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=rf"rota\.csv, line {line}: .*{what}"):
        read_table(path)
    out = tmp_path / "out.csv"
    result = _invoke("classify", path, "-o", out)
    assert f"line {line}" in _one_error_line(result) and "rota.csv" in result.output
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["rota.csv"]


@pytest.mark.parametrize("comment", [
    '"Hola,\nel servicio fue bueno, pero tardaron.\nmuy bien, gracias\nSaludos"',
    '"Tres cosas:\n\n1, la entrega\n2, el precio\n\n3, la atención"',       # lines one comma short of a row
    '"Punto uno, dos\nPunto tres, cuatro\nPunto cinco, seis\nfin"',           # as wide as a row, but text
    '"' + "\n".join(f"Párrafo {i}: bien, rápido, barato, y sin {'errores' if i % 2 else 'quejas, nada'}."
                     for i in range(60)) + '"',                                 # a long one of many paragraphs
    '"' + "Una línea, con coma\n" * 12 + '"',                                  # 12 lines as wide as a row, text
    '"Problemas:\n1,la entrega\n2,la app\nGracias"',                         # a numbered list, no space after
    '"Problemas:\n4, la entrega\n5, la app\n6, el precio"',                   # a list above the row's id (3), text
    '"Mi nota:\n4,5 en servicio\n3,5 en precio\nfin"',                        # decimal commas
    '"Pedidos afectados:\n12345,9,retraso\n12346,7,roto\nPor favor revisen"',  # order numbers, not the table's ids
    '"' + "Linea,sin espacio tras coma\n" * 30 + '"',                          # 30 lines as wide as a row, no ids
])
def test_a_comment_over_several_lines_is_one_cell_however_many_commas(tmp_path, comment):
    """The check for swallowed rows (``_swallowed_rows.swallowed_rows``) leaves real multi-line comments alone."""
    for nps in (True, False):
        path = tmp_path / "varias_lineas.csv"
        path.write_text(_survey_with({3: comment}, rows=10, nps=nps), encoding="utf-8")
        frame = read_table(path)
        assert len(frame) == 10 and frame["comentario"][3] == comment[1:-1], nps


def test_one_column_file_keeps_its_commas(tmp_path, quick_model):
    text = ("comentario\nHola, el pedido llegó tarde\nMal servicio, muy lento, nadie contesta\n"
            "\"Citado, con coma\"\nTodo bien\nDijo \"ok\", y nada más\n")
    path = tmp_path / "una_columna.csv"
    path.write_text(text, encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == ["comentario"] and len(frame) == _rows_in(text) == 5
    assert frame["comentario"].tolist() == ["Hola, el pedido llegó tarde", "Mal servicio, muy lento, nadie contesta",
                                            "Citado, con coma", "Todo bien", 'Dijo "ok", y nada más']
    out = tmp_path / "out.csv"
    result = _invoke("classify", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert read_table(out)["comentario"].tolist() == frame["comentario"].tolist()


def test_every_row_of_a_noisy_file_comes_out(tmp_path, quick_model):
    lines = ["id;comentario;nps"]
    noise = ['Pantalla de 5" rota', '"Excelente" servicio', "a;b", "N/A", "", "😀😀", "=1+1", "  ", "sin, comas; ni nada"]
    for i in range(300):
        cell = noise[i % len(noise)]
        cell = f'"{cell}"' if ";" in cell else cell
        lines.append(f"{i};{cell};{i % 11}")
    text = "\n".join(lines) + "\n"
    path = tmp_path / "ruido.csv"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    result = _invoke("classify", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"{_rows_in(text)} rows classified" in result.output
    assert read_table(out)["id"].tolist() == [str(i) for i in range(300)]


# The reader gives exactly what pandas gives on any well-formed file (so outputs did not change).
_CELL = st.lists(st.sampled_from(list("abcñé ,;|\t\"'\n=-+@019") + ["😀", "\u2028", "\x85", "\r\n"]),
                 max_size=8).map("".join)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sep=st.sampled_from(",;\t|"), width=st.integers(1, 4), data=st.data(),
       quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]), bom=st.booleans())
def test_reader_matches_pandas_on_well_formed_files(tmp_path, sep, width, data, quoting, bom):
    rows = data.draw(st.lists(st.lists(_CELL, min_size=width, max_size=width), max_size=6))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, quoting=quoting, lineterminator="\r\n")
    writer.writerows([[f"c{i}" for i in range(width)], *rows])
    path = tmp_path / "f.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8-sig" if bom else "utf-8"))
    expected = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    while width > 1 and len(expected) and not expected.iloc[-1].any():  # rows of empty cells at the end: formatting
        expected = expected.iloc[:-1]
    pd.testing.assert_frame_equal(read_table(path, sep=sep), expected)


def test_long_lines_read_in_pieces_give_the_same_cells(tmp_path, monkeypatch):
    text = ('id,comentario\n1,"' + "ñandú, \"\"ave\"\"\n" * 50 + '"\n2,' + "é" * 300 + "\n3,fin\n")
    path = tmp_path / "largas.csv"
    path.write_text(text, encoding="utf-8")
    whole = read_table(path)
    monkeypatch.setattr("cxnlp.io._records.PIECE_BYTES", 7)  # cuts inside the 2-byte characters too
    pd.testing.assert_frame_equal(read_table(path), whole)
    assert whole["comentario"].tolist() == ['ñandú, "ave"\n' * 50, "é" * 300, "fin"]


# -- formula-like cells are neutralised in CSV and XLSX --------------------------------------------
HOSTILE = ["=HYPERLINK(\"http://x.example\",\"clic\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
           "@SUM(1+9)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def test_neutralize_formulas_prefixes_text_only():
    frame = pd.DataFrame({"comentario": HOSTILE + ["-3", "+34", "-1,5", "-", "bien", None],
                          "nps": [-3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0]})
    out = neutralize_formulas(frame)
    assert out["comentario"].tolist()[:6] == ["'" + v for v in HOSTILE]
    assert out["comentario"].tolist()[6:11] == ["-3", "+34", "-1,5", "-", "bien"]
    assert out["nps"].tolist() == frame["nps"].tolist() and out["nps"].dtype == frame["nps"].dtype
    assert frame["comentario"].tolist()[0] == HOSTILE[0]  # the input frame is not changed
    assert list(neutralize_formulas(pd.DataFrame({"=cmd": [1]})).columns) == ["'=cmd"]


def test_a_wide_csv_is_written_without_pandas_string_methods_on_each_column(tmp_path, monkeypatch):
    """A CSV of 5,000 columns took 100 s to write 2,000 classified rows (Parquet 18 s): pandas' string methods,
    a millisecond or two a column, ran on every column of every 400-row chunk to find formulas and lone CRs (11 s a
    chunk), and to_csv turned 20 rows at a time to text (9 s). Arrow's strings are searched by Arrow (1.6 s), and
    to_csv turns a million cells at a time (1 s); the file is the same."""
    from pandas.core.strings.accessor import StringMethods

    strings = {f"q{i}": pd.array(["a", None, "b\rc" if i == 7 else "d"], dtype="str") for i in range(50)}
    frame = pd.DataFrame({"comentario": pd.array(["=SUMA(A1)", "bien", "'@x"], dtype="str"), **strings})
    if getattr(frame["q1"].dtype, "storage", None) != "pyarrow":  # (pandas 2.2's "str" is numpy's objects)
        pytest.skip("pandas keeps these strings in Python objects")
    made = []
    real = StringMethods.__init__
    monkeypatch.setattr(StringMethods, "__init__", lambda self, data: made.append(1) or real(self, data))
    path = write_table(frame, tmp_path / "ancha.csv")
    assert made == []
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert back["comentario"].tolist() == ["'=SUMA(A1)", "bien", "''@x"] and back["q7"].tolist() == ["a", "", "b\rc"]


def test_a_csv_with_durations_is_written_in_pandas_own_runs(tmp_path):
    """to_csv turning a million cells at a time changed a file with a duration column: pandas writes a run of rows
    whose durations are all whole days as "1 days", others as "1 days 00:00:00", and the runs had grown tenfold.
    Such a chunk is written in pandas' own runs: the bytes of pandas' to_csv, as before."""
    rows = 6_000
    frame = pd.DataFrame(0, index=range(rows), columns=[f"p{i}" for i in range(19)])
    frame["espera"] = pd.to_timedelta([1] * (rows - 1) + [0.5], unit="D")
    path = write_table(frame, tmp_path / "esperas.csv")
    assert path.read_bytes() == frame.to_csv(index=False).encode("utf-8-sig").replace(b"\r\n", b"\n")


def test_neutralize_formulas_keeps_categorical_cells():
    """A quoted value is not one of a categorical column's categories: it must not come out as NaN."""
    comments = ["- Muy mal servicio, no vuelvo", "Bien", "+1 a lo que dicen, la app falla", None]
    frame = pd.DataFrame({"autor": pd.Categorical(["@laura_mx", "@pepe", "ana", "ana"]),
                          "comentario": pd.Categorical(comments, categories=comments[2::-1], ordered=True)})
    out = neutralize_formulas(frame)
    assert out["autor"].tolist() == ["'@laura_mx", "'@pepe", "ana", "ana"]
    assert out["comentario"].tolist()[:3] == ["'- Muy mal servicio, no vuelvo", "Bien", "'+1 a lo que dicen, la app falla"]
    assert out["comentario"].cat.ordered and out["comentario"].isna().tolist() == [False, False, False, True]
    quoted = neutralize_formulas(pd.DataFrame({"c": pd.Categorical(["=a", "'=a"])}))["c"]
    assert quoted.tolist() == ["'=a", "''=a"] and isinstance(quoted.dtype, pd.CategoricalDtype)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_comment_that_starts_with_a_quoted_formula_is_read_back_as_written(tmp_path, suffix):
    # "'-_-' pésimo" was written as is, and reading it back dropped its own quote
    comments = ["'-_-' pésimo servicio", "''=x", "=SUMA(A1)", "'hola", "'-3", "'"]
    path = write_table(pd.DataFrame({"text": comments, "sentiment": "negative"}), tmp_path / f"q{suffix}")
    assert cxnlp.read_training_data(path)["text"].tolist() == comments
    assert neutralize_formulas(pd.DataFrame({"c": comments}))["c"].map(drop_formula_quote).tolist() == comments


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_column_name_quoted_as_a_formula_is_read_back_as_named(tmp_path, suffix):
    """A column named ``@timestamp`` (a log export's) is written ``'@timestamp``, as a spreadsheet runs a header
    cell too, and was read back so: ``summarize --date @timestamp`` did not find it, and classifying the output
    again wrote ``''@timestamp`` (QA O 5). Every reader drops the quote cxnlp put there."""
    frame = pd.DataFrame({"@timestamp": ["2024-01-05"], "=x": ["a"], "'+y": ["b"], "comentario": ["Bien"]})
    path = write_table(frame, tmp_path / f"n{suffix}")
    written = pd.read_csv(path) if suffix == ".csv" else pd.read_excel(path)
    assert list(written.columns) == ["'@timestamp", "'=x", "''+y", "comentario"]  # as a spreadsheet shows them
    assert list(read_table(path).columns) == list(frame.columns)
    assert list(pd.concat(iter_table(path, chunk_rows=1)).columns) == list(frame.columns)
    assert list(read_table(path, columns=lambda names: ["@timestamp"]).columns) == ["@timestamp"]
    again = write_table(read_table(path), tmp_path / f"again{suffix}")
    assert list(read_table(again).columns) == list(frame.columns)  # not quoted twice
    both = tmp_path / "both.csv"  # a name and its quoted spelling, side by side: read as they are
    both.write_text("@x,'@x,comentario\n1,2,Bien\n", encoding="utf-8")
    assert list(read_table(both).columns) == ["@x", "'@x", "comentario"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_quoted_column_name_is_found_by_text_in_either_spelling(tmp_path, suffix):
    """The XLSX reader checked ``text`` against the raw header (``'@comentario``) and the frame's names were then
    unquoted (``@comentario``), so no spelling passed both checks and ``classify --text`` failed either way
    (review A 2). Both spellings name the column, in a workbook as in a CSV, and so when a sheet is chosen by it."""
    import openpyxl

    from cxnlp.columns import detect_text_column

    frame = pd.DataFrame({"id": [1, 2], "@comentario": ["Muy buena atención", "El envío tardó muchísimo"]})
    path = write_table(frame, tmp_path / f"salida{suffix}")
    for spelling in ("@comentario", "'@comentario"):
        read = read_table(path, text=spelling)
        assert list(read.columns) == ["id", "@comentario"]
        assert detect_text_column(read.columns, spelling) == "@comentario"
    if suffix == ".xlsx":  # the first sheet without the column, the second with it: picked by ``text``
        book = openpyxl.Workbook()
        book.active.append(["id", "nota"])
        book.active.append([1, 9])
        second = book.create_sheet("comentarios")
        second.append(["id", "'@comentario"])
        second.append([1, "Bien"])
        book.save(tmp_path / "dos.xlsx")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for spelling in ("@comentario", "'@comentario"):
                assert read_table(tmp_path / "dos.xlsx", text=spelling)["@comentario"].tolist() == ["Bien"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_tables_written_carry_no_formula(tmp_path, suffix):
    import openpyxl

    frame = pd.DataFrame({"comentario": HOSTILE, "nps": [-3] * len(HOSTILE)})
    path = write_table(frame, tmp_path / f"out{suffix}")
    if suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            cells = [row[0] for row in csv.reader(fh)][1:]
        numbers = pd.read_csv(path)["nps"].tolist()
    else:
        sheet = openpyxl.load_workbook(path).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        cells = [row[0].value.replace("\n", "\r") for row in sheet.iter_rows(min_row=2)]  # XML reads CR as LF
        numbers = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert cells == ["'" + v for v in HOSTILE]
    assert numbers == [-3] * len(HOSTILE)
    allowed = write_table(frame, tmp_path / f"allowed{suffix}", allow_formulas=True)  # the user's choice
    if suffix == ".csv":
        assert read_table(allowed)["comentario"].tolist()[0] == HOSTILE[0]
    else:
        assert openpyxl.load_workbook(allowed).active["A2"].data_type == "f"


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
def test_data_formats_keep_text_as_is(tmp_path, suffix):
    path = write_table(pd.DataFrame({"comentario": HOSTILE}), tmp_path / f"out{suffix}")
    assert read_table(path)["comentario"].tolist() == HOSTILE


def test_classify_neutralises_unless_allowed(tmp_path, quick_model):
    path = tmp_path / "encuesta.csv"
    path.write_text('comentario,nps\n"=HYPERLINK(""http://x.example"",""clic"")",-3\nMuy bien,9\n', encoding="utf-8")
    for flags, first in [((), "'=HYPERLINK"), (("--allow-formulas",), "=HYPERLINK")]:
        out = tmp_path / "out.csv"
        result = _invoke("classify", path, "-o", out, *flags)
        assert result.exit_code == 0, result.output
        frame = read_table(out)
        assert frame["comentario"][0].startswith(first) and frame["nps"].tolist() == ["-3", "9"]


# -- every failure is one error line --------------------------------------------------------------
def _empty_csv(tmp, monkeypatch):
    (tmp / "vacia.csv").write_bytes(b"")
    return ["classify", tmp / "vacia.csv", "-o", tmp / "out.csv"], "vacia.csv"


def _quote_in_row_1(tmp, monkeypatch):
    (tmp / "comilla.csv").write_text('id,comentario\n1,"sin cerrar\n2,bien\n', encoding="utf-8")
    return ["classify", tmp / "comilla.csv", "-o", tmp / "out.csv"], "comilla.csv, line 2"


def _missing_input(tmp, monkeypatch):
    return ["classify", tmp / "no_existe.csv", "-o", tmp / "out.csv"], "no_existe.csv: no such file"


def _read_only_output(tmp, monkeypatch):
    (tmp / "in.csv").write_text(SURVEY, encoding="utf-8")
    (tmp / "out.csv").write_text("anterior", encoding="utf-8")
    (tmp / "out.csv").chmod(0o444)
    return ["classify", tmp / "in.csv", "-o", tmp / "out.csv"], "out.csv is read-only"


def _directory_output(tmp, monkeypatch):
    (tmp / "in.csv").write_text(SURVEY, encoding="utf-8")
    (tmp / "salida.csv").mkdir()
    # a model folder that does not exist: the output must be refused before the model is even loaded
    return ["report", tmp / "in.csv", "--html", tmp / "salida.csv", "-m", tmp / "sin_modelo"], "salida.csv is a folder"


def _garbage(suffix):
    def make(tmp, monkeypatch):
        (tmp / f"basura{suffix}").write_bytes(os.urandom(2048))
        return ["classify", tmp / f"basura{suffix}", "-o", tmp / "out.csv"], f"basura{suffix}: not a readable"
    make.__name__ = f"garbage_{suffix[1:]}"
    return make


def _header_only(tmp, monkeypatch):
    (tmp / "cabecera.csv").write_text("id,comentario\n", encoding="utf-8")
    return ["classify", tmp / "cabecera.csv", "-o", tmp / "out.csv"], "cabecera.csv: no rows"


def _no_newline(tmp, monkeypatch):
    (tmp / "sin_saltos.csv").write_bytes(b"a" * 3_000_000)
    return ["classify", tmp / "sin_saltos.csv", "-o", tmp / "out.csv"], "sin_saltos.csv: no rows"


def _disk_full(tmp, monkeypatch):
    (tmp / "in.csv").write_text(SURVEY, encoding="utf-8")

    def full(self, chunk):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(cio.TableWriter, "write", full)
    return ["classify", tmp / "in.csv", "-o", tmp / "out.csv"], f"out.csv: {os.strerror(errno.ENOSPC)}"


@pytest.mark.parametrize("make", [_empty_csv, _quote_in_row_1, _missing_input, _read_only_output, _directory_output,
                                  _disk_full, _garbage(".xlsx"), _garbage(".parquet"), _header_only, _no_newline],
                         ids=lambda f: f.__name__.strip("_"))
def test_every_failure_is_one_error_line(tmp_path, quick_model, monkeypatch, make):
    args, says = make(tmp_path, monkeypatch)
    line = _one_error_line(_invoke(*args))
    assert says in line
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())  # no temporary or lock file left


def test_outputs_are_checked_before_the_work(tmp_path, monkeypatch):
    (tmp_path / "in.csv").write_text(SURVEY, encoding="utf-8")
    (tmp_path / "salida.csv").mkdir()

    def no_work(*args, **kwargs):
        raise AssertionError("the work started before the output was checked")

    for name in ("cxnlp._batch_pool.load", "cxnlp.batch.iter_table", "cxnlp.persist.load", "cxnlp.io.read_table"):
        monkeypatch.setattr(name, no_work)
    for args in (["classify", tmp_path / "in.csv", "-o", tmp_path / "salida.csv"],
                 ["report", tmp_path / "in.csv", "--html", tmp_path / "salida.csv"],
                 ["summarize", tmp_path / "in.csv", "-o", tmp_path / "salida.csv"],
                 ["review", tmp_path / "in.csv", "-o", tmp_path / "salida.csv"]):
        assert "salida.csv is a folder" in _one_error_line(_invoke(*args))


def test_disk_full_is_one_error_line_and_the_old_file_stays(tmp_path, quick_model, monkeypatch):
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(SURVEY, encoding="utf-8")
    out.write_text("anterior", encoding="utf-8")

    def full(self, chunk):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(cio.TableWriter, "write", full)
    line = _one_error_line(_invoke("classify", source, "-o", out))
    assert "out.csv" in line and os.strerror(errno.ENOSPC) in line and "free some space" in line
    assert out.read_text(encoding="utf-8") == "anterior"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


@pytest.mark.parametrize("full", ["informe.html", "resumen.csv"])
def test_summarize_writes_both_outputs_or_neither(tmp_path, quick_model, disk_full_for, full):
    """QA W 1: summarize wrote -o, then failed on --html with a full disk and said nothing was written; the user's
    old -o was gone. Whichever of the two cannot be written, both old files stay."""
    (tmp_path / "in.csv").write_text(SURVEY, encoding="utf-8")
    assert _invoke("classify", tmp_path / "in.csv", "-o", tmp_path / "clas.csv").exit_code == 0
    classified = tmp_path / "clas.csv"
    for name in ("informe.html", "resumen.csv"):
        (tmp_path / name).write_text("OLD", encoding="utf-8")
    disk_full_for(full)
    line = _one_error_line(_invoke("summarize", classified, "--nps", "nps", "-o", tmp_path / "resumen.csv",
                                   "--html", tmp_path / "informe.html"))
    assert f"Could not write {tmp_path / full}" in line and "Nothing was written" in line
    assert [(tmp_path / name).read_text(encoding="utf-8") for name in ("informe.html", "resumen.csv")] == ["OLD"] * 2
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())


def test_debug_shows_the_traceback_and_usage_errors_exit_2(tmp_path):
    result = _invoke("--debug", "classify", tmp_path / "no_existe.csv", "-o", tmp_path / "out.csv")
    assert result.exit_code == 1 and isinstance(result.exception, DataError)
    assert _invoke("classify", tmp_path / "x.csv").exit_code == 2  # no -o


def test_unexpected_errors_are_one_line_too(tmp_path, monkeypatch):
    (tmp_path / "in.csv").write_text(SURVEY, encoding="utf-8")
    monkeypatch.setattr("cxnlp.batch.iter_table", lambda *a, **k: 1 / 0)
    line = _one_error_line(_invoke("classify", tmp_path / "in.csv", "-o", tmp_path / "out.csv"))
    assert "unexpected ZeroDivisionError" in line and "--debug" in line


def test_a_duplicated_text_column_is_a_data_error(model):
    frame = pd.DataFrame([["bien", "mal"]], columns=["comentario", "comentario"])
    with pytest.raises(DataError, match="'comentario' appears 2 times"):
        model.classify_frame(frame, text="comentario")
    with pytest.raises(DataError, match="appears 2 times"):
        detect_text_column(frame.columns)


def test_duplicated_xlsx_headers_are_told_apart(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["comentario", "comentario", None])
    book.active.append(["uno", "dos", "tres"])
    book.save(tmp_path / "dup.xlsx")
    assert list(read_table(tmp_path / "dup.xlsx").columns) == ["comentario", "comentario.1", "column_3"]


# -- permissions, SIGTERM and concurrent writers ---------------------------------------------------
def test_output_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    path = tmp_path / "privado.csv"
    path.write_text("x\n", encoding="utf-8")
    path.chmod(0o600)
    write_table(pd.DataFrame({"a": [1]}), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o640)
    with atomic_path(path) as tmp:
        tmp.write_text("y", encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640 and path.read_text() == "y"


def test_new_files_follow_the_umask_and_import_leaves_it_alone(tmp_path):
    script = textwrap.dedent(f"""
        import os, stat
        os.umask(0o077)
        import cxnlp.io, pandas as pd
        assert os.umask(0o077) == 0o077, "importing cxnlp.io changed the umask"
        path = cxnlp.io.write_table(pd.DataFrame({{"a": [1]}}), {str(tmp_path / "nuevo.csv")!r})
        print(oct(stat.S_IMODE(path.stat().st_mode)))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0o600"


def test_read_only_output_is_refused(tmp_path):
    path = tmp_path / "solo_lectura.csv"
    path.write_text("anterior", encoding="utf-8")
    path.chmod(0o444)
    with pytest.raises(DataError, match="read-only"):
        write_table(pd.DataFrame({"a": [1]}), path)
    assert path.read_text(encoding="utf-8") == "anterior"
    with pytest.raises(DataError, match="is a folder"):
        check_output(tmp_path)


# The writer waits in short sleeps, as a real one runs Python code between rows: a signal the kernel hands to
# one of the native threads the imports start (OpenBLAS, Arrow) has its Python handler run only when the main
# thread next runs Python, and one long sleep put that off past the test's wait (an intermittent SIGHUP timeout).
_WRITER = textwrap.dedent("""
    import sys, time
    from cxnlp.io import atomic_path
    with atomic_path(sys.argv[1]) as tmp:
        tmp.write_text("a medias")
        print("ready", flush=True)
        deadline = time.monotonic() + float(sys.argv[2])
        while time.monotonic() < deadline:
            time.sleep(0.05)
    print("done", flush=True)
""")


def _start_writer(target: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(target), str(seconds)], stdout=subprocess.PIPE,
                            text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "ready"
    return proc


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_sigterm_removes_the_temporary_file(tmp_path, signame):
    """SIGHUP (a closed terminal, a dropped ssh session) left the partial temporary file and the lock behind."""
    if not hasattr(signal, signame):
        pytest.skip(f"no {signame} here")
    signum = getattr(signal, signame)
    target = tmp_path / "out.csv"
    target.write_text("anterior", encoding="utf-8")
    proc = _start_writer(target, 60)
    assert len(list(tmp_path.iterdir())) == 3  # the target, the temporary file and the lock
    proc.send_signal(signum)
    assert proc.wait(timeout=30) == 128 + signum
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    assert target.read_text(encoding="utf-8") == "anterior"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="temporary files are cleared only where writers lock")
@pytest.mark.parametrize("name", ["out.csv", "x" * 246 + ".csv"])
def test_temporary_files_of_a_killed_writer_are_removed_by_the_next_one(tmp_path, name):
    """A writer killed outright (SIGKILL) leaves its partial temporary file; a later run to the same output left
    it there too, so they piled up. The next writer, holding the lock, removes them, and nothing else."""
    target = tmp_path / name
    with atomic_path(target) as tmp:  # a real temporary name, kept as if its writer had been killed
        tmp.write_text("a medias")
        dead = tmp.with_name(tmp.name[:-len(".00000000.tmp")] + ".deadbeef.tmp")
        os.link(tmp, dead)
    others = [tmp_path / n for n in (f".{name}.notes.tmp", f"{name}.deadbeef.tmp", f".{name}.DEADBEEF.tmp")
              if len(n) < 255]  # (the long name's temporary files are named by its digest)
    for other in others:
        other.write_text("mío")
    assert dead.exists()
    with atomic_path(target) as tmp:
        tmp.write_text("nuevo")
    assert not dead.exists() and all(other.exists() for other in others)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, *(o.name for o in others)])


def test_two_writers_of_one_file_do_not_both_succeed(tmp_path):
    target = tmp_path / "out.csv"
    proc = _start_writer(target, 2)
    with pytest.raises(CxnlpError, match="being written by another process"), atomic_path(target) as tmp:
        tmp.write_text("segundo")
    assert proc.wait(timeout=60) == 0 and proc.stdout.read().strip() == "done"
    assert target.read_text() == "a medias"
    with atomic_path(target) as tmp:  # free again once the first is done
        tmp.write_text("tercero")
    assert target.read_text() == "tercero" and [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_target_changed_meanwhile_is_not_overwritten(tmp_path):
    target = tmp_path / "out.csv"
    with pytest.raises(CxnlpError, match="changed by another program"), atomic_path(target) as tmp:
        tmp.write_text("nuestro")
        target.write_text("de otro programa")
    assert target.read_text() == "de otro programa"


def test_outputs_written_together_move_none_when_one_changed_meanwhile(tmp_path):
    """Review E 3: atomic_paths moved its targets the last first, each checking itself, so the second was in place
    when the first was found changed by another program, under an error that said nothing was written."""
    from cxnlp.io.atomic import atomic_paths

    first, second = tmp_path / "resumen.csv", tmp_path / "informe.html"
    first.write_text("antes"), second.write_text("antes")
    with pytest.raises(CxnlpError, match="changed by another program"), atomic_paths() as temporary:
        temporary(first).write_text("nuevo")
        temporary(second).write_text("nuevo")
        first.write_text("de otro programa")
    assert first.read_text() == "de otro programa" and second.read_text() == "antes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["informe.html", "resumen.csv"]


# -- huge cells and files without rows -------------------------------------------------------------
def test_a_huge_cell_is_cut_while_reading(tmp_path):
    path = tmp_path / "enorme.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('id,comentario,nps\n1,"')
        fh.writelines("el pedido llegó tarde, muy mal. " * 32_768 for _ in range(30))  # ~1 MB each, 30 MB in all
        fh.write('",5\n2,bien,9\n')
    tracemalloc.start()
    try:
        frame = read_table(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert frame["nps"].tolist() == ["5", "9"] and frame["comentario"][1] == "bien"
    assert len(frame["comentario"][0]) == cio.MAX_CELL_CHARS
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.0f} MB for a 30 MB cell"
    cut = read_table(path, max_cell_chars=5001)
    assert len(cut["comentario"][0]) == 5001


def test_json_and_parquet_cells_are_not_cut_at_the_cell_cap(tmp_path):
    """The README said every long cell was cut, where only CSV and XLSX cells are: a JSON or Parquet parser reads
    the whole line or row group, so a cut would save nothing and lose the cell's end. Pinned as documented."""
    frame = pd.DataFrame({"comentario": ["x" * 30, "bien"]})
    frame.to_json(tmp_path / "a.jsonl", orient="records", lines=True)
    frame.to_parquet(tmp_path / "a.parquet")
    frame.to_csv(tmp_path / "a.csv", index=False)
    for name in ("a.jsonl", "a.parquet"):
        assert read_table(tmp_path / name, max_cell_chars=10)["comentario"].tolist() == ["x" * 30, "bien"]
    assert read_table(tmp_path / "a.csv", max_cell_chars=10)["comentario"].tolist() == ["x" * 10, "bien"]


def test_a_long_run_of_blank_lines_in_a_one_column_file_is_read_a_chunk_at_a_time(tmp_path):
    """A one-column file's blank lines are empty answers; a run of them was made into rows all at once, so memory
    grew with the run (a million blank lines: 90 MB more), where the rest of the file is read a chunk at a time."""
    path = tmp_path / "huecos.csv"
    path.write_text("comentario\nhola\n" + "\n" * 200_000 + "adiós\n", encoding="utf-8")
    tracemalloc.start()
    try:
        sizes = [len(chunk) for chunk in iter_table(path, chunk_rows=1_000)]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sum(sizes) == 200_002 and max(sizes) == 1_000
    assert peak < 4 * 2**20, f"peak {peak / 2**20:.1f} MB for 200,000 blank lines"
    chunks = list(iter_table(path, chunk_rows=1_000))
    assert chunks[0]["comentario"].tolist()[:2] == ["hola", ""] and chunks[-1]["comentario"].tolist()[-1] == "adiós"
    assert chunks[-1].index[-1] == 200_001


@pytest.mark.parametrize("cut", ["x" * 30, '"' + "x\n" * 15 + 'y"'])
def test_blank_answers_below_a_cut_cell_of_a_one_column_file_are_kept(tmp_path, cut):
    """A one-column file's blank line is an empty answer, but those below a cell cut at the cell cap were lost: the
    reader counted the cell's lines from its text, and a cut cell has lost its line feeds with its end."""
    path = tmp_path / "cortada.csv"
    path.write_text(f"comentario\nhola\n\n{cut}\n\n\nadiós\n", encoding="utf-8")
    frame = read_table(path, max_cell_chars=10)
    assert frame["comentario"].tolist() == ["hola", "", cut.lstrip('"')[:10], "", "", "adiós"]


def test_a_cut_comment_still_says_truncated(tmp_path, quick_model):
    path = tmp_path / "larga.csv"
    path.write_text("comentario\n" + "el pedido llegó tarde " * 60_000 + "\nbien\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = _invoke("classify", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert read_table(out)["cx_status"].tolist()[0] == "truncated"


def test_chunks_stream_with_the_new_reader(tmp_path):
    path = tmp_path / "grande.csv"
    path.write_text("comentario\n" + "".join(f'"fila {i}, con coma"\n' for i in range(2500)), encoding="utf-8")
    chunks = list(iter_table(path, chunk_rows=1000))
    assert [len(c) for c in chunks] == [1000, 1000, 500]
    assert [c.index[0] for c in chunks] == [0, 1000, 2000]
    assert pd.concat(chunks)["comentario"].tolist() == [f"fila {i}, con coma" for i in range(2500)]


def test_a_lone_carriage_return_in_a_cell_does_not_split_the_row(tmp_path):
    frame = pd.DataFrame({"comentario": ["uno\rdos", "tres\r\ncuatro", "cinco"], "nps": ["1", "2", "3"]})
    path = write_table(frame, tmp_path / "cr.csv")
    pd.testing.assert_frame_equal(read_table(path), frame)
    pd.testing.assert_frame_equal(pd.read_csv(path, dtype=str), frame)


@pytest.mark.parametrize("sep, ending", [(",", "\n"), (",", "\r\n"), ("|", "\n"), (";", "\r\n")])
def test_a_lone_carriage_return_pandas_leaves_unquoted_stays_in_its_cell(tmp_path, sep, ending):
    """pandas' to_csv leaves a cell holding a lone CR unquoted (with its default line feeds; other writers
    do so with CRLF too): the reader cut the row there (a phantom row padded without a word), and in a small
    file the separator check took it for a one-column file."""
    frame = pd.DataFrame({"id": ["1", "2", "3"], "comentario": ["Muy buena atencion\r y rapida", "Todo bien",
                                                                "El envio tardo\r"], "nps": ["9", "10", "3"]})
    path = tmp_path / "pandas.csv"
    path.write_text(ending.join(sep.join(row) for row in [list(frame.columns), *frame.values.tolist()]) + ending,
                    encoding="utf-8", newline="")
    assert f"{sep}Muy buena atencion\r y rapida{sep}" in path.read_bytes().decode()  # unquoted
    if ending == "\n":  # what pandas writes, byte for byte
        assert frame.to_csv(index=False, sep=sep, lineterminator="\n") == path.read_bytes().decode()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "taken as the header of a one-column file"
        pd.testing.assert_frame_equal(read_table(path), frame)
        pd.testing.assert_frame_equal(pd.concat(iter_table(path, chunk_rows=2)), frame)
    big = pd.concat([frame] * 4000, ignore_index=True)  # blocks of lines, and the Arrow path's check
    path.write_text(ending.join(sep.join(row) for row in [list(big.columns), *big.values.tolist()]) + ending,
                    encoding="utf-8", newline="")
    pd.testing.assert_frame_equal(read_table(path), big)


def test_old_mac_line_endings_still_end_lines(tmp_path):
    """Where the first line ends in a lone CR (Excel's "CSV (Macintosh)"), every lone CR ends a line."""
    path = tmp_path / "mac.csv"
    path.write_bytes('id;comentario\r1;Bien\r2;"Dos\nlíneas"\r3;Mal\r'.encode("cp1252"))
    frame = read_table(path)
    assert frame["comentario"].tolist() == ["Bien", "Dos\nlíneas", "Mal"] and frame["id"].tolist() == ["1", "2", "3"]


def test_an_html_report_goes_to_an_html_file(tmp_path):
    """--html summary.csv wrote the HTML report into a .csv file (over an earlier summary)."""
    source = tmp_path / "encuesta.csv"
    source.write_text(SURVEY, encoding="utf-8")
    line = _one_error_line(_invoke("report", source, "--html", tmp_path / "resumen.csv"))
    assert "ending in .html" in line and not (tmp_path / "resumen.csv").exists()


def _killed_worker(texts, industry):
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the patched worker reaches forked workers only")
def test_a_worker_killed_mid_file_is_one_error_not_a_hang(tmp_path, monkeypatch):
    """A worker killed (by the kernel, for memory) never answered, and the pool quietly started another in its
    place: `cxnlp classify --jobs 2` waited forever, holding its temporary file and lock."""
    from cxnlp import _batch_pool, batch

    pd.DataFrame({"comentario": ["Muy bien"] * 30}).to_csv(tmp_path / "in.csv", index=False)
    monkeypatch.setattr(_batch_pool, "classify_in_worker", _killed_worker)
    with pytest.raises(CxnlpError, match="a worker process stopped before finishing its rows"):
        batch.classify_file(tmp_path / "in.csv", tmp_path / "out.csv", jobs=2, chunk_rows=10)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]  # no output, temporary file or lock


@pytest.mark.parametrize("failure", ["interrupted", "bad row"])
def test_xlsx_output_stopped_after_its_first_rows_is_one_error_without_a_traceback(tmp_path, monkeypatch,
                                                                                    quick_model, failure):
    """An XLSX output stopped after its first chunk (a malformed row further on, Ctrl-C, SIGTERM) printed
    "Exception ignored in: <generator object WriteOnlyWorksheet._write_rows ...> ValueError: I/O operation on
    closed file" after the error line: the sheet's stream was left to the garbage collector. The writer ends it."""
    import gc

    from cxnlp import batch

    rows = [f"{i},Muy buen servicio {i},9" for i in range(30)] + (["30,mal,servicio,3"] if failure == "bad row" else [])
    (tmp_path / "in.csv").write_text("id,comentario,nps\n" + "\n".join(rows) + "\n", encoding="utf-8")

    def interrupted(n):
        raise KeyboardInterrupt

    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    with pytest.raises(KeyboardInterrupt if failure == "interrupted" else DataError):
        batch.classify_file(tmp_path / "in.csv", tmp_path / "out.xlsx", chunk_rows=10,
                            progress=interrupted if failure == "interrupted" else None)
    gc.collect()
    assert [(u.exc_value, u.object) for u in unraisable] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_process_forked_while_writing_ends_on_sigterm(tmp_path):
    """A --jobs worker the pool started in place of a dead one inherited the writer's SIGTERM handler: stopped
    before it set its own, it swallowed the SystemExit, and the pool waited for it for ever (seen once in a
    full test run: test_a_worker_killed_mid_file_is_one_error_not_a_hang hung)."""
    import signal

    from cxnlp.io.atomic import sigterm_unwinds

    with sigterm_unwinds():
        pid = os.fork()
        if pid == 0:  # the child: its handler is the default, so SIGTERM would end it at once
            os._exit(0 if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL else 1)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("from_a_thread", [False, True])
def test_a_process_forked_while_writing_ends_on_a_sigterm_sent_at_once(from_a_thread):
    """The pool sends SIGTERM to a worker it has just started in place of a dead one: sent before the child had
    set the default action, the signal was noted by the writer's handler and then dropped, the worker lived
    and the pool waited for it for ever (76 of 100 such children survived; the pool's worker handler forks
    from a thread of its own)."""
    import signal
    import threading
    import time

    from cxnlp.io.atomic import sigterm_unwinds

    statuses = []

    def fork_and_stop():
        for _ in range(40):
            pid = os.fork()
            if pid == 0:  # a child that outlives the signal exits 0 after a while
                time.sleep(0.5)
                os._exit(0)
            os.kill(pid, signal.SIGTERM)
            statuses.append(os.waitpid(pid, 0)[1])

    with sigterm_unwinds():
        if from_a_thread:
            thread = threading.Thread(target=fork_and_stop)
            thread.start()
            thread.join()
        else:
            fork_and_stop()
        assert signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, set())  # the parent's as it was
    assert [os.waitstatus_to_exitcode(s) for s in statuses] == [-signal.SIGTERM] * 40


_SUMMARY_RUN = """
import sys
from cxnlp.batch import summarize_file
summarize_file(sys.argv[1], output=sys.argv[2] + ".csv", html=sys.argv[2] + ".html", nps="nps", csat="csat",
               period="month")
"""


@pytest.mark.slow
def test_summary_and_report_are_the_same_under_any_hash_seed(tmp_path):
    # Sets and dicts of text iterate in another order under another PYTHONHASHSEED: the summary's CSV and the HTML
    # report come out byte for byte alike from two processes, and themes tied on size come in theme order.
    labels = ["store", "app", "billing", "price", "delivery", "support"] * 6 + ["account"] * 8
    n = len(labels)
    pd.DataFrame({"fecha": ["2024-05-10", "2024-06-12"] * (n // 2), "nps": [0, 6, 9, 10] * (n // 4),
                  "csat": [1, 3, 4, 5] * (n // 4), "Comentario": [f"comentario {i}" for i in range(n)],
                  "cx_status": ["ok"] * n, "cx_sentiment": ["negative", "positive", "neutral", "mixed"] * (n // 4),
                  "cx_touchpoints": labels}).to_csv(tmp_path / "clasificado.csv", index=False)
    runs = [subprocess.Popen([sys.executable, "-c", _SUMMARY_RUN, str(tmp_path / "clasificado.csv"),
                              str(tmp_path / f"run{seed}")], cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": str(seed)},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for seed in (1, 2)]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read()
        run.stdout.close()
        run.stderr.close()
    for suffix in (".csv", ".html"):
        assert (tmp_path / f"run1{suffix}").read_bytes() == (tmp_path / f"run2{suffix}").read_bytes(), suffix
    summary = pd.read_csv(tmp_path / "run1.csv")
    themes = list(dict.fromkeys(summary["theme"]))
    assert themes == ["account", "app", "billing", "delivery", "price", "store", "support"]  # ties: by theme


@pytest.mark.parametrize("platform, code, reason, advice", [
    # Windows refuses to replace a file another program has open (Excel holds the workbook it shows)
    ("win32", errno.EACCES, "Access is denied", "it may be open in another program (on Windows, Excel locks the "
     "files it has open): close it there and run again, or choose another output path."),
    # review of port1: on Linux no open file stops a replace; the folder does (sticky, another owner, immutable)
    ("linux", errno.EPERM, "Operation not permitted", "check the permissions of its folder and its owner, or choose "
     "another output path.")])
def test_a_refused_replace_is_one_error_line_naming_the_output(tmp_path, quick_model, monkeypatch, platform, code,
                                                                reason, advice):
    """Port: os.replace's PermissionError named the hidden temporary file ("….out.csv.1a2b3c4d.tmp: Access is
    denied; check the path and its permissions"); now the output, with advice that fits the system. Simulated by
    refusing the replace; the old file stays and no temporary file is left."""
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(SURVEY, encoding="utf-8")
    out.write_text("anterior", encoding="utf-8")
    real_replace = os.replace

    def refused(src, dst, *args, **kwargs):
        if Path(dst) == out:
            raise PermissionError(code, reason, str(src), None, str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refused)
    monkeypatch.setattr(sys, "platform", platform)
    line = _one_error_line(_invoke("classify", source, "-o", out))
    assert line == f"error: Could not replace {out} ({reason}); {advice}"
    assert out.read_text(encoding="utf-8") == "anterior"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_two_outputs_that_differ_only_in_case_are_refused(tmp_path, monkeypatch, platform):
    """Port: two outputs whose paths differ only in case are one file on Windows and macOS (their file systems
    ignore case): the second output was renamed over the first, and the command said both were written. Refused
    before any work there."""
    source = tmp_path / "encuesta.csv"
    source.write_text(SURVEY, encoding="utf-8")
    monkeypatch.setattr(sys, "platform", platform)
    line = _one_error_line(_invoke("report", source, "-o", tmp_path / "Informe.csv", "--html", tmp_path / "informe.CSV"))
    assert line == (f"error: {tmp_path / 'Informe.csv'} and {tmp_path / 'informe.CSV'} differ only in case, and are "
                    f"one file on Windows and macOS; give each output its own name.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["encuesta.csv"]


def test_two_outputs_that_differ_only_in_case_are_two_files_on_linux(tmp_path, monkeypatch):
    """Review of port1: on Linux 'Informe.csv' and 'informe.csv' are two files, and `-o Informe.csv --html
    informe.csv` wrote both; the check for Windows and macOS refused it there too."""
    monkeypatch.setattr(sys, "platform", "linux")
    cio.atomic.check_outputs([tmp_path / "Informe.csv", tmp_path / "informe.csv"])
    with pytest.raises(DataError, match=r"is given as two outputs"):
        cio.atomic.check_outputs([tmp_path / "Informe.csv", tmp_path / "." / "Informe.csv"])


def test_a_windows_path_with_a_drive_or_a_share_is_not_a_refused_name(tmp_path, monkeypatch):
    """Review of port1: the Windows name check read the whole of 'C:\\Users\\ana\\out.csv' as a name where the path
    was not split as Windows splits it, and refused the drive's colon; only the last name is checked."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "platform", "win32")
    for path in ("C:\\Users\\ana\\out.csv", "\\\\server\\share\\x.csv", "C:out.csv", "D:/datos/informe.html"):
        assert check_output(path) == Path(path), path
    assert cio.atomic.windows_name_problem("C:\\Users\\ana\\informe 10:30.html") == (
        "Windows does not accept ':' in a file name")
    assert cio.atomic.windows_name_problem("C:\\Users\\ana\\con.csv") == "CON names a device on Windows, not a file"


def test_an_output_inside_the_input_folder_by_another_case_of_its_name_is_refused(tmp_path, monkeypatch):
    """Port: on macOS, whose file system ignores case, `classify datos -o Datos/part.1.parquet` wrote into the
    input folder (the next read counted those rows twice): the check compared realpaths, and macOS's realpath
    leaves a name's case as typed. Simulated: realpath that resolves nothing, and a link standing for the other
    case of the folder's name."""
    folder = tmp_path / "datos"
    folder.mkdir()
    (tmp_path / "Datos").symlink_to(folder)
    monkeypatch.setattr(os.path, "realpath", os.path.abspath)
    with pytest.raises(DataError, match=r"is inside the input folder .*datos, whose files are read as the input"):
        check_output(tmp_path / "Datos" / "part.1.parquet", inputs=[folder])
    assert check_output(tmp_path / "otros" / "part.1.parquet", inputs=[folder]) == tmp_path / "otros" / "part.1.parquet"


def test_a_read_only_output_says_how_to_make_it_writable_on_windows_too(tmp_path, monkeypatch):
    """Port: a read-only output said "make it writable (chmod u+w)" on Windows too, which has no chmod: there a
    file is read-only by its Read-only attribute, cleared in its Properties."""
    out = tmp_path / "out.csv"
    out.write_text("anterior", encoding="utf-8")
    out.chmod(0o444)
    for platform, how in (("win32", "clear Read-only in its Properties"), ("linux", "chmod u+w")):
        monkeypatch.setattr(sys, "platform", platform)
        with pytest.raises(DataError) as raised:
            check_output(out)
        assert str(raised.value) == f"Output {out} is read-only; make it writable ({how}) or choose another output path."


@pytest.mark.parametrize(("name", "why"), [
    ("informe 10:30.html", "Windows does not accept ':' in a file name"),
    ("¿qué?.csv", "Windows does not accept '?' in a file name"),
    ("salida.csv.", "Windows drops a file name's last dot or space, and would write another file"),
    ("con.csv", "CON names a device on Windows, not a file"),
    ("COM1", "COM1 names a device on Windows, not a file"),
])
def test_an_output_name_windows_refuses_is_one_line_there(tmp_path, monkeypatch, name, why):
    """Port: on Windows a colon in an output's name names a data stream of another file ('informe 10:30.html', a
    stream of 'informe 10'), and the other names are refused by Windows or are devices: such an output failed only
    once the work was done, or went where no one would look. Refused before any work there; elsewhere they are
    ordinary names."""
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(DataError) as raised:
        check_output(tmp_path / name)
    assert str(raised.value) == f"Output {tmp_path / name}: {why}; choose another name."
    for fine in ("informe 10-30.html", "consola.csv", "com10.csv", "encuesta.v2.csv"):
        assert check_output(tmp_path / fine) == tmp_path / fine
    monkeypatch.setattr(sys, "platform", "linux")
    assert check_output(tmp_path / name) == tmp_path / name
