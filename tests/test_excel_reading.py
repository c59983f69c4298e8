"""Workbooks as real and damaged exports leave them: stale dimensions, formatted empty rows, huge cells,
chart and hidden sheets, broken XML and zips. Each is built from a clean workbook by rewriting one part."""

from __future__ import annotations

import datetime
import io
import re
import struct
import warnings
import zipfile

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill

from cxnlp.exceptions import DataError, HeaderRowWarning, SubHeaderRowWarning, UnreadDataWarning
from cxnlp.io import MAX_CELL_CHARS, read_table
from cxnlp.io import _non_text, _xlsx_extent, excel

SHEET = "xl/worksheets/sheet1.xml"


def _survey(path, n: int = 100, extra=()):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "comentario"])
    for i in range(1, n + 1):
        sheet.append([i, f"Respuesta {i}: la app se cierra al pagar"])
    for row in extra:
        sheet.append(row)
    book.save(path)
    return path


def _rewrite(path, part: str, change) -> None:
    """Rewrite one part of the zip at ``path`` with ``change(bytes) -> bytes``."""
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            target.writestr(name, change(data) if name == part else data)


def _dimension(ref: str | None):
    new = b"" if ref is None else f'<dimension ref="{ref}"/>'.encode()
    return lambda data: re.sub(rb'<dimension ref="[^"]*" ?/>', new, data)


@pytest.mark.parametrize("ref", ["A1:B10", "A1", None])
def test_rows_are_read_whatever_the_dimension_record_says(tmp_path, ref):
    path = _survey(tmp_path / "s.xlsx")
    _rewrite(path, SHEET, _dimension(ref))
    frame = read_table(path)
    assert len(frame) == 100 and list(frame.columns) == ["id", "comentario"]
    assert frame["comentario"].iloc[-1].startswith("Respuesta 100:")


def test_a_value_beyond_the_header_is_an_error_as_in_a_csv(tmp_path):
    path = _survey(tmp_path / "s.xlsx", n=2, extra=[[3, "hola", "suelto"]])
    _rewrite(path, SHEET, _dimension(None))  # nothing says the sheet is 3 columns wide
    with pytest.raises(DataError, match=r"s\.xlsx, row 4: a value in column C but the header has 2 columns"):
        read_table(path)


def test_a_value_in_an_unnamed_column_within_the_dimension_is_kept(tmp_path):
    path = _survey(tmp_path / "s.xlsx", n=1, extra=[[2, "hola", "suelto"]])
    assert read_table(path)["column_3"].tolist() == [None, "suelto"]


def _coloured_header(path, last_column: int, extra=()):
    """A 3-column survey whose header row is coloured right to ``last_column`` (its <dimension> as wide)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "comentario", "nps"])
    for i in range(1, 51):
        sheet.append([i, f"Respuesta {i}: la app se cierra", i % 11])
    for row, column, value in extra:
        sheet.cell(row=row, column=column, value=value)
    for column in range(4, last_column + 1):
        sheet.cell(row=1, column=column).fill = PatternFill("solid", fgColor="FFFF00")
    book.save(path)
    return path


@pytest.fixture(params=["blocks of 1 MB", "blocks of 700 bytes"])
def blocks(request, monkeypatch):
    """The sheet scanned in Excel's blocks, or in blocks so small that tags are cut at their ends."""
    if request.param != "blocks of 1 MB":
        monkeypatch.setattr(_xlsx_extent, "_BLOCK", 700)
        monkeypatch.setattr(_xlsx_extent, "_OVERLAP", 300)


def test_formatted_empty_columns_right_of_the_header_are_no_columns(tmp_path, blocks):
    path = _coloured_header(tmp_path / "s.xlsx", 16_384)
    assert re.search(rb'<dimension ref="A1:XFD51"', zipfile.ZipFile(path).read(SHEET))
    frame = read_table(path)
    assert list(frame.columns) == ["id", "comentario", "nps"] and len(frame) == 50


def test_columns_up_to_the_last_value_right_of_the_header_are_kept(tmp_path, blocks):
    path = _coloured_header(tmp_path / "s.xlsx", 30, extra=[(40, 5, "suelto")])
    frame = read_table(path)
    assert list(frame.columns) == ["id", "comentario", "nps", "column_4", "column_5"]
    assert frame["column_5"].tolist()[38] == "suelto" and frame["column_4"].isna().all()


def test_a_column_without_a_name_inside_the_table_is_kept(tmp_path, blocks):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["id", None, "comentario"], [1, None, "hola"], [2, None, "adiós"]):
        sheet.append(row)
    book.save(tmp_path / "s.xlsx")
    assert list(read_table(tmp_path / "s.xlsx").columns) == ["id", "column_2", "comentario"]


def test_blank_columns_left_of_the_table_are_no_columns(tmp_path, blocks):
    """Stop 50: an analyst's table that starts in column C (a blank margin) was read with two empty columns
    'column_1' and 'column_2' before its own; a blank column left of the table that holds a value below the header,
    and one between two, are kept."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in ([None, None, "id", "comentario", None, "nps"], [None, None, 1, "Llegó tarde", None, 3],
                [None, None, 2, "Muy bien", None, 10]):
        sheet.append(row)
    sheet["A3"].fill = PatternFill("solid", fgColor="FFFF00")  # (a styled empty cell holds no value)
    book.save(path := tmp_path / "s.xlsx")
    frame = read_table(path)
    assert list(frame.columns) == ["id", "comentario", "column_5", "nps"]
    assert frame["nps"].tolist() == [3, 10] and frame.index.tolist() == [0, 1]
    sheet["B3"] = "nota"
    book.save(path)
    assert list(read_table(path).columns) == ["column_2", "id", "comentario", "column_5", "nps"]


def test_the_scan_of_blank_columns_left_of_a_far_table_tries_few_letters_per_cell(monkeypatch):
    """Review of stop 50: the cells of the blank columns left of the header were matched with one alternative per
    column ("A|B|...|XEZ"), which each cell of the sheet tried: a table right of 16,000 blank columns scanned 26 times
    slower (1.85 s against 0.07 s for 20,000 rows). The columns left of the header are now a few letter classes."""
    from openpyxl.utils import column_index_from_string

    compiled = []

    class _Re:
        def __getattr__(self, name):
            return getattr(re, name)

        def compile(self, pattern, *args):
            compiled.append(pattern)
            return re.compile(pattern, *args)

    monkeypatch.setattr(_xlsx_extent, "re", _Re())
    rows = ('<row r="1"><c r="XFA1" t="inlineStr"><is><t>id</t></is></c><c r="XFB1" t="inlineStr"><is><t>nps</t>'
            '</is></c></row><row r="2"><c r="A2"><v>7</v></c><c r="Z2"><f>1+1</f></c><c r="XFA2"><v>1</v></c></row>'
            '<row r="3"><c r="AZ3" s="2"/><c r="XEZ3"><v>0</v></c><c r="XFB3"><v>9</v></c></row>')
    xml = (f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}'
           f'</sheetData></worksheet>').encode()
    margin = column_index_from_string("XFA") - 1
    found = _xlsx_extent.sheet_extent(io.BytesIO(xml), header=1, named=margin + 2, margin=margin)
    assert found.filled == {1, 26, column_index_from_string("XEZ")} and found.rows == 3
    assert compiled and max(map(len, compiled)) < 1_000


def test_formatted_empty_rows_at_the_bottom_are_no_answers(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["id", "comentario"], [1, "hola"], [], [2, "adiós"]):
        sheet.append(row)
    sheet.cell(row=1_048_576, column=2).font = Font(bold=True)  # dimension A1:B1048576
    book.save(tmp_path / "s.xlsx")
    frame = read_table(tmp_path / "s.xlsx")
    assert frame["comentario"].tolist() == ["hola", None, "adiós"]  # the blank row between is an answer


def _formatted_rows(path, first: int, last: int, then=None) -> None:
    """Add rows ``first``..``last`` as Excel writes rows formatted down the sheet (a row style, a styled empty
    cell in each column), and ``then``, a row with a value, after them."""
    def add(data: bytes) -> bytes:
        rows = "".join(f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/><c r="B{r}" s="1"/></row>'
                       for r in range(first, last + 1))
        if then is not None:
            rows += f'<row r="{last + 1}"><c r="B{last + 1}" t="inlineStr"><is><t>{then}</t></is></c></row>'
        data = data.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
        return re.sub(rb'<dimension ref="[^"]*" ?/>', f'<dimension ref="A1:B{last + 1}"/>'.encode(), data)

    _rewrite(path, SHEET, add)


def _parsed_rows(monkeypatch) -> list:
    """The numbers of the rows openpyxl parses from here on."""
    from openpyxl.worksheet._reader import WorkSheetParser

    parsed, parse_row = [], WorkSheetParser.parse_row

    def spy(self, row):
        number, cells = parse_row(self, row)
        parsed.append(number)
        return number, cells

    monkeypatch.setattr(WorkSheetParser, "parse_row", spy)
    return parsed


def test_a_formatted_blank_tail_is_not_parsed(tmp_path, monkeypatch, blocks):
    """Rows formatted down to the sheet's end cost what the rows with values cost, not a row each."""
    path = _survey(tmp_path / "s.xlsx", n=50)
    _formatted_rows(path, 52, 30_000)
    parsed = _parsed_rows(monkeypatch)
    frame = read_table(path)
    assert len(frame) == 50 and frame["comentario"].iloc[-1].startswith("Respuesta 50:")
    assert max(parsed) <= 52


def test_blank_formatted_rows_between_values_are_blank_answers(tmp_path, blocks):
    path = _survey(tmp_path / "s.xlsx", n=3)
    _formatted_rows(path, 5, 3_000, then="la última respuesta")
    frame = read_table(path)
    assert len(frame) == 3_000 and frame["comentario"].iloc[-1] == "la última respuesta"
    assert frame["comentario"].iloc[3:-1].isna().all()


def _monkey(path, labels, extra=()):
    """A SurveyMonkey export: the questions, then a row of ``labels`` under them (blanks under the rest)."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Respondent ID", "Start Date", "¿Qué tan probable es que nos recomiende?", "¿Qué podríamos mejorar?"],
                [None, None, *labels], [1001, "2026-03-01", 9, "El envío llegó tarde"], [1002, "2026-03-02", 3, None],
                *extra):
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("labels", [("Response", "Open-Ended Response"), ("Respuesta", "respuesta abierta")])
def test_a_second_header_row_of_answer_labels_is_skipped_with_a_warning(tmp_path, labels):
    path = _monkey(tmp_path / "s.xlsx", labels)
    with pytest.warns(SubHeaderRowWarning, match=r"s\.xlsx, row 2: a second header row \('[^)]*'\) under the "
                                                 r"questions.*was skipped"):
        frame = read_table(path)
    assert frame.columns[3] == "¿Qué podríamos mejorar?"
    assert frame["Respondent ID"].tolist() == [1001, 1002]
    # the rows below keep their numbers in the sheet
    path = _monkey(tmp_path / "x.xlsx", labels, extra=[[1003, "2026-03-03", 7, "bien", "suelto"]])
    _rewrite(path, SHEET, _dimension(None))
    with pytest.warns(SubHeaderRowWarning), pytest.raises(DataError, match=r"row 5: a value in column E"):
        read_table(path)


def test_a_first_answer_that_is_not_only_answer_labels_is_an_answer(tmp_path):
    path = _monkey(tmp_path / "s.xlsx", ("Response", "Otro"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", SubHeaderRowWarning)
        frame = read_table(path)
    assert frame["¿Qué podríamos mejorar?"].tolist() == ["Otro", "El envío llegó tarde", None]


def test_a_cell_over_the_cap_is_cut_as_in_a_csv(tmp_path):
    path = _survey(tmp_path / "s.xlsx", n=1)
    long = "x" * (MAX_CELL_CHARS + 10)
    _rewrite(path, SHEET, lambda data: data.replace(b"Respuesta 1:", long.encode()))  # openpyxl writes 32,767 at most
    assert len(read_table(path)["comentario"][0]) == MAX_CELL_CHARS


def test_a_part_that_unpacks_too_big_is_refused_before_parsing(tmp_path, monkeypatch):
    path = _survey(tmp_path / "s.xlsx", n=500)
    monkeypatch.setattr(excel, "MAX_PART_BYTES", 10_000)
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("parsed"))
    with pytest.raises(DataError, match=r"s\.xlsx: xl/.*\.xml unpacks to [\d,]+ bytes, more than the 10,000"):
        read_table(path)


def test_a_worksheet_has_a_cap_of_its_own_as_openpyxl_streams_it(tmp_path, monkeypatch):
    path = tmp_path / "s.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["id", "nps", "comentario"])
    for i in range(2_000):
        book.active.append([i, i % 11, "ok"])  # one shared string: the sheet is big, the strings small
    book.save(path)
    monkeypatch.setattr(excel, "MAX_PART_BYTES", 20_000)  # the theme, 10 KB, is the largest other part
    assert len(read_table(path)) == 2_000
    monkeypatch.setattr(excel, "MAX_SHEET_BYTES", 10_000)
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("parsed"))
    with pytest.raises(DataError, match=r"s\.xlsx: xl/worksheets/sheet1\.xml unpacks to [\d,]+ bytes, more than "
                                        r"the 10,000 cxnlp reads from a worksheet"):
        read_table(path)


def test_a_worksheet_over_the_parts_cap_must_pack_like_rows(tmp_path, monkeypatch):
    # One cell repeated packs thousands of times (a bomb whose one row fills memory); real rows some 10 to 30.
    path = _survey(tmp_path / "s.xlsx", n=1)
    _rewrite(path, SHEET, lambda data: data.replace(b"Respuesta 1:", b"muy mal " * 400_000))
    monkeypatch.setattr(excel, "MAX_PART_BYTES", 1_000_000)
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("parsed"))
    with pytest.raises(DataError, match=r"xl/worksheets/sheet1\.xml unpacks to [\d,]+ bytes, more than the 1,000,000"):
        read_table(path)


def _charted(path):
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "Oculta"
    hidden.append(["id", "comentario"])
    hidden.append([1, "oculta"])
    hidden.sheet_state = "hidden"
    visible = book.create_sheet("Visible")
    visible.append(["id", "comentario"])
    visible.append([1, "visible"])
    chart = BarChart()
    chart.add_data(Reference(visible, min_col=1, min_row=1, max_row=2))
    book.create_chartsheet("Gráfico", 0).add_chart(chart)
    book.save(path)
    return path


def test_sheet_numbers_follow_the_listed_names_and_charts_are_refused(tmp_path):
    path = _charted(tmp_path / "c.xlsx")
    assert read_table(path, sheet=2)["comentario"].tolist() == ["oculta"]
    assert read_table(path, sheet="3")["comentario"].tolist() == ["visible"]
    for sheet in (1, "Gráfico"):
        with pytest.raises(DataError, match=r"sheet 'Gráfico' is a chart, not a table of rows"):
            read_table(path, sheet=sheet)


@pytest.mark.parametrize("given", ["respuestas año", "RESPUESTAS AÑO", " Respuestas año ", "Respuestas an\u0303o"])
def test_a_sheet_is_named_but_for_case_spaces_and_accents_encoding(tmp_path, given):
    """Excel holds no two sheet names equal but for case and finds a sheet so; "--sheet 'respuestas año'" (or
    "año" typed as n and a combining tilde, as macOS may give it) was "no sheet 'respuestas año'"."""
    book = openpyxl.Workbook()
    book.active.title = "Portada"
    book.active.append(["Informe NPS"])
    answers = book.create_sheet("Respuestas año")
    answers.append(["comentario"])
    answers.append(["Muy buena atención"])
    book.create_sheet("Otras").append(["comentario"])
    book.save(tmp_path / "s.xlsx")
    assert read_table(tmp_path / "s.xlsx", sheet=given)["comentario"].tolist() == ["Muy buena atención"]
    with pytest.raises(DataError, match="no sheet 'Respuestas'"):
        read_table(tmp_path / "s.xlsx", sheet="Respuestas")


def test_a_sheet_name_two_sheets_answer_but_for_case_and_spaces_is_said_to_be_ambiguous(tmp_path):
    """Review of xlsx1: "--sheet DATOS" in a workbook of "Datos" and "datos " (Excel allows both) was "no sheet
    'DATOS'; the workbook has sheets ['Datos', 'datos ']"; the name written exactly still reads its sheet."""
    book = openpyxl.Workbook()
    book.active.title = "Datos"
    book.active.append(["comentario"])
    book.active.append(["primera"])
    book.create_sheet("datos ").append(["comentario"])
    book.save(path := tmp_path / "s.xlsx")
    with pytest.raises(DataError, match=r"sheet 'DATOS' could be any of the sheets \['Datos', 'datos '\], whose names "
                                        r"differ only in case or spaces around them; give one as it is written\.$"):
        read_table(path, sheet="DATOS")
    assert read_table(path, sheet="Datos")["comentario"].tolist() == ["primera"]


def test_a_hidden_sheet_is_read_only_when_named(tmp_path):
    path = _charted(tmp_path / "c.xlsx")
    assert read_table(path)["comentario"].tolist() == ["visible"]
    assert read_table(path, sheet="Oculta")["comentario"].tolist() == ["oculta"]


def test_the_error_lists_the_visible_sheets_apart_from_the_hidden(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Resumen"
    book.active.append(["Informe"])
    datos = book.create_sheet("Datos")
    datos.append(["id", "comentario"])
    datos.append([1, "oculta"])
    datos.sheet_state = "hidden"
    book.save(tmp_path / "h.xlsx")
    with pytest.raises(DataError, match=re.escape("none of the visible sheets ['Resumen'] has a comment column")
                       + r".*hidden sheets \(Datos\) are read only when chosen"):
        read_table(tmp_path / "h.xlsx")


LAUGHS = ('<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {b} "{f"&{a};" * 10}">' for a, b in zip("abcdefgh", "bcdefghi")) + "]>")


def _bad_crc(path) -> None:
    """Flip the CRC of the sheet in its local header and in the zip's directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(SHEET)
    wrong = struct.pack("<I", info.CRC ^ 1)
    data[info.header_offset + 14:info.header_offset + 18] = wrong
    entry = data.find(SHEET.encode(), data.find(b"PK\x01\x02")) - 46
    data[entry + 16:entry + 20] = wrong
    path.write_bytes(bytes(data))


def _unsupported_version(path) -> None:
    """Give the first entry of the zip's directory a version to extract that zipfile refuses (24.5)."""
    data = bytearray(path.read_bytes())
    data[data.find(b"PK\x01\x02") + 6] = 245
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [
    lambda p: _rewrite(p, SHEET, lambda d: d.replace(b"</row>", b"</rox>", 1)),  # mismatched tag
    lambda p: _rewrite(p, SHEET, lambda d: re.sub(rb"<\?xml[^>]*\?>", b"", d).replace(
        b"<worksheet", LAUGHS.encode() + b"<worksheet", 1).replace(b"<v>1</v>", b"<v>&i;</v>", 1)),  # laughs
    lambda p: _rewrite(p, SHEET, lambda d: re.sub(rb"<\?xml[^>]*\?>", b"", d).replace(
        b"<worksheet", b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet', 1).replace(
        b"<v>1</v>", b"<v>&e;</v>", 1)),  # XXE
    _bad_crc,
    _unsupported_version,
], ids=["mismatched-tag", "billion-laughs", "xxe", "bad-crc", "zip-version"])
def test_a_damaged_workbook_is_one_line_naming_the_file(tmp_path, damage):
    path = _survey(tmp_path / "d.xlsx", n=2_000)
    damage(path)
    with pytest.raises(DataError, match=r"d\.xlsx: .*(damaged|not a readable) XLSX workbook") as info:
        read_table(path)
    assert "\n" not in str(info.value)


def _two_level(path):
    # A hand-made report: a row of group labels over the header, and a notes sheet with a comment column.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Respuestas"
    sheet.append(["Cliente", None, "Valoración", None])
    sheet.append(["ID", "Fecha", "NPS", "Comentario"])
    for i in range(8):
        sheet.append([f"C{i}", "2024-01-05", i, ["La entrega llegó tarde", "Me cobraron dos veces"][i % 2]])
    notes = book.create_sheet("Notas")
    notes.append(["Comentario", "Autor"])
    notes.append(["Revisar antes del comité", "Ana"])
    book.save(path)
    return path


@pytest.mark.parametrize("text", ["Comentario", None])
def test_a_row_of_group_labels_over_the_header_is_skipped_and_its_sheet_read(tmp_path, text):
    path = _two_level(tmp_path / "informe.xlsx")
    with pytest.warns(HeaderRowWarning, match=r"sheet 'Respuestas', row 1: a row of group labels \('Cliente', 'Val"):
        frame = read_table(path, text=text)
    assert list(frame.columns) == ["ID", "Fecha", "NPS", "Comentario"]
    assert frame["ID"].tolist() == [f"C{i}" for i in range(8)]
    assert excel.sheet_headers(path)["Respuestas"] == ["ID", "Fecha", "NPS", "Comentario"]


def test_a_row_of_group_labels_over_a_table_right_of_a_blank_margin_column_is_told(tmp_path):
    """Stop 50: the same report with column A left blank as a margin was read as well, but its group labels were
    skipped without a word: the header's blank margin cell made it one that does not name every column."""
    book = openpyxl.Workbook()
    for row in ([None, "Cliente", None, "Valoración", None], [None, "ID", "Fecha", "NPS", "Comentario"],
                [None, "C1", "2024-01-05", 9, "La entrega llegó tarde"], [None, "C2", "2024-01-06", 3, "Bien"]):
        book.active.append(row)
    book.save(path := tmp_path / "informe.xlsx")
    with pytest.warns(HeaderRowWarning, match=r"row 1: a row of group labels \('Cliente', 'Valoración'\) above the "
                                              r"header, skipped: row 2 names the columns"):
        frame = read_table(path)
    assert list(frame.columns) == ["ID", "Fecha", "NPS", "Comentario"] and frame["NPS"].tolist() == [9, 3]
    book.active["B1"], book.active["D1"] = "Encuesta NPS marzo 2024", None  # a title there is skipped silently
    book.save(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert list(read_table(path).columns) == ["ID", "Fecha", "NPS", "Comentario"]


@pytest.mark.parametrize("rows", [
    [["id", "comentario"], ["1", "Bien"], ["2", None], ["3", "Mal"]],
    # rows of text wider than the header, a value in its unnamed column C: the header is no group row
    [["id", "comentario"], ["C1", "Bien", "x"], ["C2", "Mal", "y"], ["C3", "Mal", "z"]],
])
def test_a_header_over_rows_of_text_is_no_group_row(tmp_path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "a.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = read_table(tmp_path / "a.xlsx")
    assert list(frame.columns[:2]) == ["id", "comentario"] and len(frame) == 3


def test_a_second_table_s_header_below_the_first_is_skipped_with_a_warning(tmp_path, blocks):
    """Stop 50: April's export pasted below March's, after a blank row, had its header read as an answer: a comment
    "comentario" and an NPS "nps"; a CSV's copy of the header was skipped with a warning, and now a sheet's is. A row
    with any other cell stays, and a one-column sheet's "Comentario" may be an answer."""
    book = openpyxl.Workbook()
    for row in (["id", "comentario", "nps"], [1, "Llegó tarde", 3], [], [" id", "comentario ", "nps"],
                [2, "Muy bien", 10], ["id", "comentario", 7]):
        book.active.append(row)
    book.save(path := tmp_path / "s.xlsx")
    with pytest.warns(HeaderRowWarning, match=r"sheet 'Sheet': row 4 repeats the header \(a second table below the "
                                              r"first\?\): skipped, a header is no answer\."):
        frame = read_table(path)
    assert frame["comentario"].tolist() == ["Llegó tarde", None, "Muy bien", "comentario"]
    assert frame["nps"].tolist() == [3, None, 10, 7] and frame.index.tolist() == [0, 1, 2, 3]
    book = openpyxl.Workbook()
    for row in (["Comentario"], ["Bien"], ["Comentario"]):
        book.active.append(row)
    book.save(path)
    assert read_table(path)["Comentario"].tolist() == ["Bien", "Comentario"]


def _sheet(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_copy_of_a_header_of_two_rows_is_skipped_whole(tmp_path):
    """A report with a header of two rows ("Valoración" over NPS and CSAT) pasted twice: the copy's top row was
    skipped, its second row read as a response ('NPS', 'CSAT' as scores). A row like it that follows no copy stays."""
    header = [["id", "Valoración", None, "comentario"], [None, "NPS", "CSAT", None]]
    path = _sheet(tmp_path / "s.xlsx", [*header, [1, 9, 5, "Bien"], [], *header, [2, 3, 1, "Mal"],
                                        [None, "NPS", "CSAT", "ok"]])
    with pytest.warns(HeaderRowWarning, match=r"sheet 'Sheet': rows 5, 6 repeat the header"):
        frame = read_table(path)
    assert frame["NPS"].tolist() == [9, None, 3, "NPS"] and frame["comentario"].tolist() == ["Bien", None, "Mal", "ok"]


def test_a_copy_of_a_header_and_its_surveymonkey_row_is_skipped_whole(tmp_path):
    """Two SurveyMonkey exports pasted one below the other: the copy's question row was skipped, its "Response" row
    read as an answer, "Response" as a score."""
    header = [["Respondent ID", "¿Qué tan probable?", "¿Por qué?"], [None, "Response", "Open-Ended Response"]]
    path = _sheet(tmp_path / "s.xlsx", [*header, [1, 9, "Bien"], *header, [2, 3, "Mal"]])
    with pytest.warns(HeaderRowWarning, match=r"sheet 'Sheet': rows 4, 5 repeat the header"):
        frame = read_table(path)
    assert frame["¿Qué tan probable?"].tolist() == [9, 3] and frame["Respondent ID"].tolist() == [1, 2]


def test_a_second_table_with_other_columns_ends_the_first(tmp_path):
    """A summary by month under the answers, after a blank row: its header ('mes', 'total') and its rows were read
    as answers of the first table, "total" as an NPS. A row after a blank one whose score is "NS/NC", or whose
    cells are all text under text columns, is an answer."""
    path = _sheet(tmp_path / "s.xlsx", [["id", "nps", "comentario"], [1, 9, "Bien"], [2, "3", "Mal"], [],
                                        ["mes", "total", "promedio"], ["enero", 2, 6]])
    with pytest.warns(UnreadDataWarning, match=r"sheet 'Sheet', row 5: a second table with other columns \('mes', "
                                               r"'total', 'promedio'\) below the first, after a blank row; it and the "
                                               r"rows below it were not read: read it with --header-row 5, or move it"):
        frame = read_table(path)
    assert frame.to_dict("list") == {"id": [1, 2], "nps": [9, "3"], "comentario": ["Bien", "Mal"]}
    kept = _sheet(tmp_path / "k.xlsx", [["id", "nps", "comentario", "canal"], [1, 9, "Bien", "web"], [],
                                        ["A7", "NS/NC", "Total, muy mal servicio", "tienda"],
                                        [], [None, None, "Sin nota", "web"], [3, 8, "Rápido", "app"]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_table(kept)["id"].tolist() == [1, None, "A7", None, None, 3]
    copied = _sheet(tmp_path / "c.xlsx", [["id", "nps", "comentario"], [1, 9, "Bien"], [], ["id", "nps", "comentario"],
                                          ["A7", "Pendiente", "Sin nota"], [3, 8, "Rápido"]])
    with pytest.warns(HeaderRowWarning, match="row 4 repeats the header"):  # (a copy between: no blank row above)
        assert read_table(copied)["id"].tolist() == [1, None, "A7", 3]


def test_a_second_table_s_long_names_are_cut_in_its_warning(tmp_path):
    """A second table's header with a name of 20,000 characters (a pasted text) was said whole in the warning."""
    path = _sheet(tmp_path / "s.xlsx", [["id", "nps", "comentario"], [1, 9, "Bien"], [], ["mes", "x" * 20_000],
                                        ["enero", 2]])
    with pytest.warns(UnreadDataWarning, match="row 4: a second table") as caught:
        assert read_table(path)["id"].tolist() == [1]
    assert len(str(caught[0].message)) < 400


@pytest.mark.parametrize("answer", [[None, "Bien", "Rápido"], ["A-17", "Diez", "Muy bueno"],
                                    [None, "Sin respuesta", "Muy mal"], ["A-18", "-", "Regular"]])
def test_an_answer_with_text_for_its_score_after_a_blank_row_is_no_second_table(tmp_path, answer):
    """An answer after a blank row with text where a score goes ("Bien" under "calificación") was taken for a second
    table's header: it and every answer below it were left out. The answers below it fit the first table's columns,
    so it is read, as are they."""
    path = _sheet(tmp_path / "s.xlsx", [["id", "calificacion", "comentario"], [1, 4, "ok"], [2, 5, "genial"], [],
                                        answer, [], [3, 5, "Excelente"], [4, "2", "malo"]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = read_table(path)
    assert frame["comentario"].tolist() == ["ok", "genial", None, answer[2], None, "Excelente", "malo"]
    texts = _sheet(tmp_path / "t.xlsx", [["id", "calificacion", "comentario"], [1, 4, "ok"], [], answer,
                                         [3, "Regular", "lento"]])  # (text for a score twice: answers still)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_table(texts)["comentario"].tolist() == ["ok", None, answer[2], "lento"]


@pytest.mark.parametrize("below", [[None, "NS/NC", None], ["2024-03-09", "Nueve", None], [None, "4 - Satisfecho", None],
                                   ["2024-03-10", "Muy satisfecho", None], [None, "-", None], [None, "?", None]])
def test_an_answer_with_text_for_its_score_above_one_with_a_text_score_is_no_second_table(tmp_path, below):
    """A survey exported by week (a blank row between weeks) whose next answer after a text score ("Diez") had a
    text score too and no comment ("NS/NC", "Nueve", "4 - Satisfecho") was taken for a second table's header and
    its first row: both, and every answer below them, were left out. A score below is no second table's row."""
    path = _sheet(tmp_path / "s.xlsx", [["fecha", "nps", "comentario"], ["2024-03-01", 9, "Bien"], [],
                                        ["2024-03-08", "Diez", "Excelente"], below, [None, 8, "ok"]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = read_table(path)
    assert frame["nps"].tolist() == [9, None, "Diez", below[1], 8]
    table = _sheet(tmp_path / "t.xlsx", [["id", "nps", "comentario"], [1, 9, "Bien"], [], ["mes", "total", "nota"],
                                         ["enero", 2, None]])  # (a month below: a second table still)
    with pytest.warns(UnreadDataWarning, match="row 4: a second table"):
        assert read_table(table)["id"].tolist() == [1]


def test_answers_after_a_blank_row_below_a_first_table_of_one_answer_are_read(tmp_path):
    """A week of one answer (an id and a score stored as text, no comment), a blank row, then answers with text ids and a text
    score ("A-2", "Excelente"): the row below had no text in a column the one answer had filled with text, so the
    "Excelente" row was taken for a second table's header and the week's answers dropped. A comment with letters
    in a column still empty above fits the first table; a second table's row of a month and numbers does not."""
    rows = [["id", "canal", "nps", "motivo"], [438, None, "8", None], [], ["A-2", "Web", "Excelente", "OK"],
            ["A-26", "App", None, "Muy lento"]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_table(_sheet(tmp_path / "s.xlsx", rows))["motivo"].tolist() == [None, None, "OK", "Muy lento"]
    table = _sheet(tmp_path / "t.xlsx", rows[:3] + [["mes", "total", "promedio"], ["enero", 2, 6]])
    with pytest.warns(UnreadDataWarning, match="row 4: a second table"):
        assert read_table(table)["id"].tolist() == [438]


@pytest.mark.parametrize("footer", [["Promedio", 8.5], ["Fuente: encuesta interna"]])
def test_a_last_answer_with_text_for_its_score_above_the_footer_is_no_second_table(tmp_path, footer):
    """The last week's answer, after a blank row, with text for its score ("Diez" under "nps", the first column)
    and a totals row or a note under it ("Promedio", "Fuente: ...") was taken for a second table's header: the
    customer's comment left out. The first table's footer below it is no second table's row."""
    path = _sheet(tmp_path / "s.xlsx", [["nps", "comentario"], [9, "Bien"], [3, "Mal"], [], ["Diez", "Excelente"],
                                        footer])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_table(path)
    assert frame["comentario"].tolist()[:4] == ["Bien", "Mal", None, "Excelente"]
    assert not [w for w in caught if "second table" in str(w.message)]


@pytest.mark.parametrize("footer", [[["Total", 12, None], ["Fuente: encuesta interna"]],
                                    [["Fuente: encuesta interna"], [], ["Promedio", "6,0", None]]])
def test_a_totals_row_and_a_note_below_the_table_are_skipped(tmp_path, footer):
    """A totals row with a note under it ("Fuente: ...") was read as two answers, its sum as an NPS; with the note
    above it, the note was. Both are skipped, the rows named; a note alone, or a "Total" comment, is an answer."""
    rows = [["id", "nps", "comentario"], [1, 9, "Bien"], [2, 3, "Total, muy mal servicio"], []]
    path = _sheet(tmp_path / "s.xlsx", rows + footer)
    with pytest.warns(HeaderRowWarning, match=r"sheet 'Sheet', rows 5, [67]: a totals row and a note below the table "
                                              r"\(.*'Fuente: encuesta interna'.*\), not responses: skipped"):
        frame = read_table(path)
    assert frame["comentario"].tolist() == ["Bien", "Total, muy mal servicio", None]
    kept = _sheet(tmp_path / "k.xlsx", rows[:3] + [["Nota: muy lento"], [3, 8, "Total"]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_table(kept)["id"].tolist() == [1, 2, "Nota: muy lento", 3]
    first = _sheet(tmp_path / "f.xlsx", [["Comentario del cliente", "nps"], ["Bien", 9], ["Nota: muy lento", None],
                                         ["Total", 9]])
    with pytest.warns(HeaderRowWarning, match=r"the last row \('Total', 9\) is a totals row"):  # (a note in a comment
        assert read_table(first)["nps"].tolist() == [9, None]  # column is a comment-only answer)


def test_a_footer_of_several_notes_is_said_as_notes(tmp_path):
    """A totals row with two notes under it ("Fuente: ...", "Nota: ...") was skipped as "a totals row and a note",
    three rows named; the warning now counts them."""
    rows = [["id", "nps", "comentario"], [1, 9, "Bien"], ["Total", 9, None], ["Fuente: encuesta interna"],
            ["Nota: datos de marzo"]]
    with pytest.warns(HeaderRowWarning, match=r"rows 3, 4, 5: a totals row and notes below the table"):
        assert read_table(_sheet(tmp_path / "s.xlsx", rows))["comentario"].tolist() == ["Bien"]


def test_a_footer_of_several_rows_of_sums_is_said_as_rows_of_sums(tmp_path):
    """A row of =SUM() and one of =AVERAGE() under the scores, two rows named, were warned of as "a row of sums"
    when notes and totals rows were counted: the warning now says rows of sums when there are several."""
    rows = [["id", "nps", "csat", "comentario"], [1, 9, 5, "Bien"], [2, 3, 1, "Mal"], [None, 12, 6], [None, 6, 3]]
    path = _sheet(tmp_path / "s.xlsx", rows)
    _rewrite(path, SHEET, lambda data: data.replace(b'<c r="B4" t="n"><v>', b'<c r="B4" t="n"><f>SUM(B2:B3)</f><v>')
             .replace(b'<c r="C4" t="n"><v>', b'<c r="C4" t="n"><f>SUM(C2:C3)</f><v>')
             .replace(b'<c r="B5" t="n"><v>', b'<c r="B5" t="n"><f>AVERAGE(B2:B3)</f><v>')
             .replace(b'<c r="C5" t="n"><v>', b'<c r="C5" t="n"><f>AVERAGE(C2:C3)</f><v>'))
    with pytest.warns(HeaderRowWarning, match=r"rows 4, 5: rows of sums \(formulas\) below the table"):
        assert read_table(path)["nps"].tolist() == [9, 3]


@pytest.mark.parametrize("comment", ["Nota: el agente fue amable", "Fuente de problemas: la app", "*muy* lento"])
def test_a_comment_like_a_note_above_a_totals_row_is_an_answer(tmp_path, comment):
    """A last answer with only its comment, opening as a note does, in a column of comments not named as one
    ("Detalle", "¿Por qué?") was skipped with the totals row below it as "a note": a customer's answer lost."""
    for name in ("Detalle", "¿Por qué?"):
        path = _sheet(tmp_path / "s.xlsx", [["id", "nps", name], [1, 9, "Bien"], [None, None, comment], ["Total", 9]])
        with pytest.warns(HeaderRowWarning, match=r"the last row \('Total', 9\) is a totals row"):
            assert read_table(path)[name].tolist() == ["Bien", comment]
    dated = _sheet(tmp_path / "d.xlsx", [["fecha", "nps", "detalle"], ["2024-03-01 10:30", 9, "muy bien"],
                                         ["Total", 9], [comment]])  # (dates as text: a note under them is one)
    with pytest.warns(HeaderRowWarning, match="rows 3, 4: a totals row and a note below the table"):
        assert read_table(dated)["detalle"].tolist() == ["muy bien"]


def test_a_row_of_sums_filled_right_is_skipped(tmp_path):
    """A SUM filled right under the scores, as Excel saves it (the first cell's formula shared by the next, which
    holds none of its own), was read as an answer: only its first cell was known as a sum."""
    rows = [["id", "nps", "csat", "comentario"], [1, 9, 5, "Bien"], [2, 3, 1, "Mal"], [None, 12, 6]]
    path = _sheet(tmp_path / "s.xlsx", rows)
    _rewrite(path, SHEET, lambda data: data.replace(
        b'<c r="B4" t="n"><v>', b'<c r="B4" t="n"><f t="shared" ref="B4:C4" si="0">SUM(B2:B3)</f><v>').replace(
        b'<c r="C4" t="n"><v>', b'<c r="C4" t="n"><f t="shared" si="0"/><v>'))
    with pytest.warns(HeaderRowWarning, match=r"sheet 'Sheet', row 4: a row of sums \(formulas\) below the table"):
        assert read_table(path)["nps"].tolist() == [9, 3]
    other = _sheet(tmp_path / "o.xlsx", rows)  # (a shared formula of no sum: an answer)
    _rewrite(other, SHEET, lambda data: data.replace(
        b'<c r="B4" t="n"><v>', b'<c r="B4" t="n"><f t="shared" ref="B4:C4" si="0">B2+B3</f><v>').replace(
        b'<c r="C4" t="n"><v>', b'<c r="C4" t="n"><f t="shared" si="0"/><v>'))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_table(other)["nps"].tolist() == [9, 3, 12]


def test_a_last_answer_of_numbers_beside_unsaved_sums_is_an_answer(tmp_path):
    """A survey written by a script, each answer's sum and average as formulas whose results were not saved (read as
    blank): a last answer of scores only (7, 8) beside its two sums was taken for a row of sums, as many formulas of
    sums in its row as filled cells, and dropped. A row of sums is one whose every filled cell is a sum."""
    book = openpyxl.Workbook()
    for row in [["comentario", "p1", "p2", "suma", "promedio"], ["bien", 8, 9, "=SUM(B2:C2)", "=AVERAGE(B2:C2)"],
                [None, 7, 8, "=SUM(B3:C3)", "=AVERAGE(B3:C3)"]]:
        book.active.append(row)
    book.save(tmp_path / "s.xlsx")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert read_table(tmp_path / "s.xlsx")["p1"].tolist() == [8, 7]
    assert not [w for w in caught if "row of sums" in str(w.message)]


def test_a_sheet_without_formulas_is_not_searched_for_sums(tmp_path, monkeypatch):
    """A last answer of numbers only (a score, no comment: the most common last row) had the whole worksheet XML
    searched cell by cell for formulas of sums, a second pass over a sheet that holds no formula."""
    from cxnlp.io import _xlsx_tables

    searched = []

    class Counting:
        def findall(self, data):
            searched.append(len(data))
            return pattern.findall(data)

    pattern = _xlsx_tables._RE_SUM_CELL
    monkeypatch.setattr(_xlsx_tables, "_RE_SUM_CELL", Counting())
    path = _sheet(tmp_path / "s.xlsx", [["id", "nps", "comentario"], *([i, i % 11, "Bien"] for i in range(50)),
                                        [None, 8, None]])
    assert read_table(path)["nps"].tolist()[-2:] == [49 % 11, 8] and searched == []


@pytest.mark.parametrize("note", [[], [["Fuente: encuesta interna"]]])
def test_a_row_of_sums_below_the_table_is_skipped(tmp_path, note):
    """A row of =SUM() and =AVERAGE() under the scores, no label beside them, was read as an answer: an NPS of 12.
    A last answer of numbers only, typed, stays."""
    rows = [["id", "nps", "csat", "comentario"], [1, 9, 5, "Bien"], [2, 3, 1, "Mal"], [None, 8, 4, None]]
    path = _sheet(tmp_path / "s.xlsx", rows + [[None, 12, 3.0]] + note)
    _rewrite(path, SHEET, lambda data: data.replace(b'<c r="B5" t="n"><v>', b'<c r="B5" t="n"><f>SUM(B2:B4)</f><v>')
             .replace(b'<c r="C5" t="n"><v>', b'<c r="C5" t="n"><f>_xlfn.AVERAGE(C2:C4)</f><v>'))
    with pytest.warns(HeaderRowWarning, match=r"sheet 'Sheet', rows? 5(, 6)?: a row of sums \(formulas\)"
                                              + (" and a note" if note else "") + r" below the table \(12, 3"):
        assert read_table(path)["nps"].tolist() == [9, 3, 8]
    typed = _sheet(tmp_path / "t.xlsx", rows + [[None, 12, 3.0]] + note)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_table(typed)["nps"].tolist() == [9, 3, 8, 12] + [None] * len(note)


@pytest.mark.parametrize("title", [["Encuesta NPS marzo 2024"], ["Fuente: CRM", None, None, None]])
def test_a_title_over_the_header_is_skipped_without_a_group_row_warning(tmp_path, title):
    """One label over the header is a title, skipped silently as before, not 'a row of group labels'."""
    book = openpyxl.Workbook()
    for row in (title, ["ID", "Fecha", "NPS", "Comentario"], [1, "2024-03-01", 9, "Muy bien todo"],
                [2, "2024-03-02", 3, "Mal"]):
        book.active.append(row)
    book.save(tmp_path / "titulo.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = read_table(tmp_path / "titulo.xlsx")
    assert list(frame.columns) == ["ID", "Fecha", "NPS", "Comentario"] and len(frame) == 2


def test_one_group_label_over_the_right_hand_columns_is_a_group_row(tmp_path):
    """'Respuestas de la encuesta' alone over NPS and Comentario made row 1 the header (every answer no_comment)
    once a row of group labels needed two."""
    book = openpyxl.Workbook()
    for row in ([None, None, "Respuestas de la encuesta", None], ["ID", "Fecha", "NPS", "Comentario"],
                [1, "2024-03-01", 9, "Muy bien todo"], [2, "2024-03-02", 3, "Mal"]):
        book.active.append(row)
    book.save(tmp_path / "grupo.xlsx")
    with pytest.warns(HeaderRowWarning, match=r"row 1: a row of group labels \('Respuestas de la encuesta'\)"):
        frame = read_table(tmp_path / "grupo.xlsx")
    assert list(frame.columns) == ["ID", "Fecha", "NPS", "Comentario"] and len(frame) == 2


def test_a_sheet_other_than_the_first_is_named_and_a_missing_column_names_its_sheet(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Resumen"
    book.active.append(["Indicador", "Valor"])
    book.active.append(["NPS", 42])
    answers = book.create_sheet("Respuestas")
    answers.append(["id", "comentario"])
    answers.append([1, "La app falla"])
    book.save(tmp_path / "libro.xlsx")
    with pytest.warns(HeaderRowWarning, match=r"read sheet 'Respuestas', the first visible sheet with the text col"):
        assert read_table(tmp_path / "libro.xlsx", text="comentario")["id"].tolist() == [1]
    with pytest.raises(DataError) as err:  # the message of a frame says "the table has": a sheet is named
        read_table(tmp_path / "libro.xlsx", sheet="Resumen", text="comentario")
    assert str(err.value) == (f"{tmp_path / 'libro.xlsx'}, sheet 'Resumen': Text column 'comentario' not found; the "
                              f"sheet has columns ['Indicador', 'Valor'].")


_ERRORS = ("#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#N/A", "#VALUE!", "#SPILL!")


def test_error_cells_in_the_comment_column_are_no_comment_in_a_workbook_and_its_csv(tmp_path, model):
    """Real error cells (``<c t="e">``) and the text Excel's CSV export writes for them get no labels."""
    path = _survey(tmp_path / "s.xlsx", n=1, extra=[[i + 2, f"E{i}"] for i in range(len(_ERRORS))])

    def errors(data: bytes) -> bytes:
        for i, code in enumerate(_ERRORS):
            data = re.sub(rb'(<c r="B\d+")[^>]*><is><t>E' + str(i).encode() + rb'</t></is></c>',
                          rb'\1 t="e"><v>' + code.encode() + rb'</v></c>', data)
        return data

    _rewrite(path, SHEET, errors)
    frame = read_table(path)
    assert frame["comentario"].tolist()[1:] == list(_ERRORS)
    frame.to_csv(tmp_path / "s.csv", index=False)
    for table in (frame, read_table(tmp_path / "s.csv")):
        statuses = model.classify_frame(table)["cx_status"].tolist()
        assert statuses == ["ok"] + ["no_comment"] * len(_ERRORS)


def _extent(rows: str, prefix: str = "", header: int = 1, named: int = 2):
    import io

    p = prefix
    xml = (f'<{p}worksheet xmlns{":" + p[:-1] if p else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/'
           f'main"><{p}sheetData>{rows}</{p}sheetData></{p}worksheet>').encode()
    return _xlsx_extent.sheet_extent(io.BytesIO(xml), header=header, named=named)


@pytest.mark.parametrize("rows, extent", [
    ('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="7" s="1"><c r="A7" s="1"/></row>', (1, 2)),
    # a formula's empty result is blank, as openpyxl reads it; text in CDATA is a value
    ('<row r="2"><c r="B2"><v>1</v></c></row><row r="3"><c r="B3" t="str"><f>A3</f><v></v></c></row>', (2, 2)),
    ('<row r="4"><c r="B4" t="inlineStr"><is><t><![CDATA[hola]]></t></is></c></row>', (4, 2)),
    ('<row r="2"><c r="E2" t="inlineStr"><is><t xml:space="preserve"> </t></is></c><c r="Z2" s="3"/></row>', (2, 5)),
    ('<row r="1"><c r="E1" t="inlineStr"><is><t>título</t></is></c></row>', (1, 2)),  # the header row's own
    ('<row r="1"><c t="s"><v>0</v></c></row>', None),  # cells not numbered: read whole
    ('<row><c r="A1" t="s"><v>0</v></c></row>', None),  # rows not numbered
    ('<row r="1"><c s="1" r="A1"><v>0</v></c></row>', None),  # the number not first
])
def test_the_scan_finds_where_values_end_or_gives_up(rows, extent):
    for found in (_extent(rows), _extent(re.sub(r"<(/?)(?=[a-z])", r"<\1x:", rows), prefix="x:")):
        assert (found if found is None else found[:2]) == extent


def _ole2(path, streams: list[str]):
    """A minimal Compound File (OLE2, version 3): a header, one FAT sector, one directory sector holding the
    root and the empty ``streams`` (at most 3), as an encrypted .xlsx (EncryptionInfo, EncryptedPackage) or an
    .xls (Workbook) hold theirs."""
    free, end, fat_sector, none = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = (_non_text.OLE2_MAGIC + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    fat = struct.pack("<II", fat_sector, end) + struct.pack("<I", free) * 126

    def entry(name, kind, right=none, child=none):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBBIII", len(encoded), kind, 1, none, right, child)
                + bytes(16 + 4 + 16) + struct.pack("<IQ", end, 0))

    entries = [entry("Root Entry", 5, child=1)]
    entries += [entry(name, 2, right=i + 2 if i + 1 < len(streams) else none) for i, name in enumerate(streams)]
    directory = b"".join(entries).ljust(512, b"\x00")
    path.write_bytes(header + fat + directory)
    return path


@pytest.mark.parametrize("streams, said", [
    (["EncryptionInfo", "EncryptedPackage"], "password-protected .* remove the password in Excel"),
    (["Workbook"], r"an Excel 97-2003 workbook \(\.xls\), which is not read: open it in Excel and save it as \.xlsx"),
    (["WordDocument"], r"an old Office file \(OLE2"),
])
@pytest.mark.parametrize("name", ["s.xlsx", "s.csv"])
def test_an_ole2_file_is_said_to_be_what_it_is_in_one_line(tmp_path, streams, said, name):
    """An encrypted workbook was "not a zip file", an .xls named .csv "UTF-16 text" (QA J 5)."""
    path = _ole2(tmp_path / name, streams)
    with pytest.raises(DataError, match=said) as info:
        read_table(path)
    assert "\n" not in str(info.value) and "zip" not in str(info.value) and "UTF-16" not in str(info.value)


@pytest.mark.parametrize("name", ["~$encuesta.xlsx", "~$encuesta.csv"])
def test_excel_s_lock_file_beside_an_open_file_is_said_to_be_one(tmp_path, name):
    """The "~$" file Excel keeps while a file is open (its owner's name, twice, 165 bytes) was "not a readable
    XLSX workbook ... save it again", or named .csv "UTF-16 text without a byte-order mark"."""
    owner = "Ana"
    lock = (bytes([len(owner)]) + owner.encode().ljust(53) + bytes([len(owner), 0])
            + (owner + " " * (54 - len(owner))).encode("utf-16-le")).ljust(165, b"\x00")
    (tmp_path / name).write_bytes(lock)
    with pytest.raises(DataError, match=rf"the lock file Excel keeps while {name[2:]} is open, not a table; "
                                        rf"read {name[2:]} itself") as info:
        read_table(tmp_path / name)
    assert "\n" not in str(info.value)
    (tmp_path / "~$notas.csv").write_text("comentario\nMuy bien\n", encoding="utf-8")  # a text file so named is read
    assert read_table(tmp_path / "~$notas.csv")["comentario"].tolist() == ["Muy bien"]
    (tmp_path / "~$notas.tsv.csv").write_bytes(b"\tcomentario\n1\tMuy bien\n")  # (review of xlsx1: a blank first
    assert read_table(tmp_path / "~$notas.tsv.csv")["comentario"].tolist() == ["Muy bien"]  # header was "lock file")
    (tmp_path / "~$vacia.csv").write_bytes(b"\ncomentario\nMuy bien\n")
    assert read_table(tmp_path / "~$vacia.csv")["comentario"].tolist() == ["Muy bien"]


@pytest.mark.parametrize("content, said", [
    ("comentario;nps\nMuy bien;9\n".encode("cp1252"), r"text, not an Excel workbook \(a zip file\); if it is a CSV, "
                                                        r"rename it to s\.csv and read that"),
    ("\ufeffcomentario\nAtención rápida\n".encode(), r"text, not an Excel workbook .* rename it to s\.csv"),
    (b"<!DOCTYPE html><html><body><table><tr><td>comentario</td></tr></table>", r"an HTML page .* save it as \.xlsx"),
    (b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
     r"an XML Spreadsheet 2003, not an \.xlsx workbook; open it in Excel and save it as \.xlsx"),
    (b"", r"the file is empty, no workbook"),
])
def test_text_named_as_a_workbook_is_said_to_be_what_it_is(tmp_path, content, said):
    """A CSV named .xlsx (as a workbook named .csv is told to be renamed), a web tool's HTML "Excel export" and an
    empty file were all "not a readable XLSX workbook (BadZipFile: File is not a zip file)"."""
    (tmp_path / "s.xlsx").write_bytes(content)
    with pytest.raises(DataError, match=said) as info:
        read_table(tmp_path / "s.xlsx")
    assert "\n" not in str(info.value) and "BadZipFile" not in str(info.value)


def test_a_strict_open_xml_workbook_is_said_to_be_one(tmp_path):
    """Excel's "Strict Open XML Spreadsheet" (.xlsx, its parts in the purl.oclc.org namespaces) was read as a table
    of no rows, without a word (or, its relationships strict too, "the workbook holds no sheet")."""
    _survey(path := tmp_path / "s.xlsx", n=2)
    for part in ("xl/workbook.xml", SHEET):
        _rewrite(path, part, lambda data: data.replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                                       b"http://purl.oclc.org/ooxml/spreadsheetml/main"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DataError, match=r"a Strict Open XML workbook, which cxnlp cannot read; open it in Excel "
                                            r"and save it as \.xlsx \(File > Save As > Excel Workbook\)"):
            read_table(path)


_DROP_DOWN_LIST = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
                   b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations '
                   b'count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation '
                   b'type="list"><x14:formula1><xm:f>Listas!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>B2:B9</xm:sqref>'
                   b'</x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>')


def test_openpyxl_s_notes_on_formatting_it_would_drop_are_not_said(tmp_path):
    """A survey template's drop-down list (an Excel 2010 data validation extension) was "warning: Data Validation
    extension is not supported and will be removed", three times: cxnlp removes nothing, it saves no workbook."""
    _survey(path := tmp_path / "s.xlsx", n=2)
    _rewrite(path, SHEET, lambda data: data.replace(b"</worksheet>", _DROP_DOWN_LIST))
    with warnings.catch_warnings(record=True) as caught:
        assert len(read_table(path)) == 2
    assert [str(w.message) for w in caught] == []


@pytest.mark.parametrize("rows_numbered", [True, False])
def test_a_number_formatted_as_a_date_that_no_date_is_is_read_as_the_number(tmp_path, rows_numbered):
    """An ID in a column formatted as dates (Excel shows ####) was openpyxl's "#VALUE!", the number lost, with its
    warning "Cell A2 is marked as a date but the serial value 99999999 is outside the limits" four times. Review of
    xlsx1: a sheet the extent scan cannot read (rows without their "r" number) was read by openpyxl's own parser:
    the ID was "#VALUE!", its warning now filtered, so the number was lost without a word."""
    book = openpyxl.Workbook()
    book.active.append(["documento", "comentario"])
    book.active.append([99999999, "Llegó tarde"])
    book.active.append([45000, "Bien"])
    for cell in book.active["A"][1:]:
        cell.number_format = "dd/mm/yyyy"
    book.save(path := tmp_path / "s.xlsx")
    if not rows_numbered:
        _rewrite(path, SHEET, lambda data: re.sub(rb'<row r="[0-9]+"', b"<row", data))
    with warnings.catch_warnings(record=True) as caught:
        assert read_table(path)["documento"].tolist() == [99999999, datetime.datetime(2023, 3, 15)]
    assert [str(w.message) for w in caught] == []


@pytest.mark.parametrize("epoch", [datetime.datetime(1899, 12, 30), datetime.datetime(1904, 1, 1)])
def test_dates_in_a_date_formatted_column_are_converted_once(tmp_path, monkeypatch, epoch):
    """Stop 50: each date cell was converted twice, once to check that it is a date (an ID formatted as one is not)
    and once by openpyxl, a sheet with a column of dates read 15% slower; a serial that is surely a date is now left
    to openpyxl, and one near the limits is read as openpyxl reads it or, past them, as the number."""
    import openpyxl.utils.datetime as openpyxl_dates

    serials = [45000, 45000.75, 1, -600_000, -695_000, 2_955_000, 2_960_000, -99_999_999, 99_999_999]
    book = openpyxl.Workbook()
    book.epoch = epoch
    book.active.append(["fecha", "comentario"])
    for serial in serials:
        book.active.append([serial, "Llegó tarde"])
    for cell in book.active["A"][1:]:
        cell.number_format = "dd/mm/yyyy hh:mm"
    book.save(path := tmp_path / "s.xlsx")
    convert, calls = openpyxl_dates.from_excel, []
    monkeypatch.setattr(openpyxl_dates, "from_excel", lambda value, *args, **kw: calls.append(value) or convert(
        value, *args, **kw))
    with warnings.catch_warnings(record=True) as caught:
        values = read_table(path)["fecha"].tolist()
    expected = []
    for serial in serials:
        try:
            expected.append(convert(serial, epoch))
        except OverflowError:
            expected.append(serial)
    assert values == expected and values[-3:] == serials[-3:]
    assert sorted(calls) == [-99_999_999, -695_000, 2_955_000, 2_960_000, 99_999_999]
    assert [str(w.message) for w in caught] == []


def test_formulas_saved_without_their_results_are_told_by_column(tmp_path, blocks):
    """openpyxl and pandas write formulas without computing them: read as blank, said in one line (QA J 6)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["comentario", "nps", "segmento", "total"])
    sheet.append(['=CONCATENATE("El envío ","tardó dos semanas")', 3, '=IF(B2>=9,"Promotor","Detractor")', "=B2*2"])
    for row in range(3, 203):
        sheet.append(["La app se cierra al pagar", 9, f'=IF(B{row}>=9,"Promotor","Detractor")', f"=B{row}*2"])
    book.save(tmp_path / "s.xlsx")
    # Excel's own: a result saved after its formula, and the empty text a formula gave ("")
    _rewrite(tmp_path / "s.xlsx", SHEET, lambda data: re.sub(
        rb'(<c r="D\d+")><f>(B\d+\*2)</f><v ?/>', rb'\1 t="str"><f>\2</f><v></v>',
        data.replace(b"<f>B2*2</f><v />", b"<f>B2*2</f><v>6</v>")))
    with pytest.warns(UnreadDataWarning) as said:
        frame = read_table(tmp_path / "s.xlsx")
    assert frame["comentario"].isna().tolist() == [True] + [False] * 200 and frame["segmento"].isna().all()
    messages = [str(w.message) for w in said if issubclass(w.category, UnreadDataWarning)]
    assert len(messages) == 1 and "\n" not in messages[0]
    assert ("202 cells hold a formula whose result was not saved with it" in messages[0]
            and "'comentario' (1), 'segmento' (201);" in messages[0] and "total" not in messages[0]
            and "open the file in Excel or LibreOffice and save it" in messages[0])


def test_a_workbook_with_its_results_says_nothing_of_formulas(tmp_path):
    path = _survey(tmp_path / "s.xlsx", n=3)
    _rewrite(path, SHEET, lambda data: data.replace(b'<c r="A2" t="n"><v>1</v>', b'<c r="A2"><f>0+1</f><v>1</v>'))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_table(path)["id"].tolist()[0] == 1


def test_cells_formatted_out_to_the_right_are_not_parsed(tmp_path, monkeypatch):
    """Blank cells styled right of the data in every row were parsed, then dropped: 1,000 rows x 1,000 of them
    took 2.2 s to read against 0.06 s (review 3, 4). No cell right of the last with a value is parsed."""
    from openpyxl.worksheet._reader import WorkSheetParser

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "comentario", "nps"])
    fill = PatternFill("solid", fgColor="FFFF00")
    for i in range(1, 301):
        sheet.append([i, f"respuesta {i}", 9])
        for column in range(4, 60):
            sheet.cell(row=i + 1, column=column).fill = fill
    book.save(tmp_path / "f.xlsx")
    parsed = []
    original = WorkSheetParser.parse_cell
    monkeypatch.setattr(WorkSheetParser, "parse_cell", lambda self, el: parsed.append(1) or original(self, el))
    frame = read_table(tmp_path / "f.xlsx")
    assert frame.shape == (300, 3) and frame["comentario"].iloc[-1] == "respuesta 300"
    # the first rows are parsed whole once, to find the header; the others' blank cells are not
    assert len(parsed) < 300 * 3 + 60 * 59


@pytest.mark.parametrize("ref", ["A1:C51", None])
def test_a_value_under_a_coloured_header_is_read_whatever_the_dimension(tmp_path, ref):
    """The header row's cells reached the value, so it was read (column_5) before the extent scan; the scan's
    width was then cut to a stale or missing <dimension>, and the file was refused (review 3, 3)."""
    path = _coloured_header(tmp_path / "s.xlsx", 29, extra=[(4, 5, "valor suelto")])
    _rewrite(path, SHEET, _dimension(ref))
    frame = read_table(path)
    assert list(frame.columns) == ["id", "comentario", "nps", "column_4", "column_5"]
    assert frame["column_5"].tolist()[:4] == [None, None, "valor suelto", None]


def _qualtrics_workbook(tmp_path):
    """A Qualtrics export saved as XLSX: column ids, question texts and ImportId rows above two responses."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ResponseId", "Q1", "Q2_TEXT"])
    sheet.append(["Response ID", "¿Qué probabilidad hay de que nos recomiende?", "Cuéntenos, ¿por qué?"])
    sheet.append(['{"ImportId":"_recordId"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2_TEXT"}'])
    sheet.append(["R_1", "10 - Extremadamente probable", "Excelente atención"])
    sheet.append(["R_2", 3, None])
    book.save(path := tmp_path / "qualtrics.xlsx")
    return path


def test_a_qualtrics_workbook_s_question_texts_and_import_id_row_are_skipped(tmp_path):
    """A Qualtrics export saved as XLSX has the CSV's three header rows; its question texts and ImportId row were
    read as two responses (a question classified as a comment), as they no longer are in a CSV."""
    path = _qualtrics_workbook(tmp_path)
    with pytest.warns(HeaderRowWarning, match=r"qualtrics\.xlsx, sheet 'Sheet': rows 2-3 are Qualtrics' question "
                                              r"texts and ImportId row, skipped; row 1 \(column ids\) is the header"):
        frame = read_table(path)
    assert frame["ResponseId"].tolist() == ["R_1", "R_2"]
    assert frame["Q1"].tolist() == ["10 - Extremadamente probable", 3]


@pytest.mark.parametrize("header_row, skipped", [
    (1, r"rows 2-3 are Qualtrics' question texts and ImportId row, skipped; row 1 \(column ids\)"),
    (2, r"row 3 is Qualtrics' ImportId row, skipped; row 2 \(question texts\)")])
def test_a_qualtrics_workbook_s_import_id_row_is_skipped_under_a_header_row_given(tmp_path, header_row, skipped):
    """With --header-row the Qualtrics rows under the header were read as responses: the ImportId row's
    '{"ImportId":"QID2_TEXT"}' was classified as a comment, and row 2's question texts too under row 1."""
    path = _qualtrics_workbook(tmp_path)
    with pytest.warns(HeaderRowWarning, match=skipped):
        frame = read_table(path, header_row=header_row)
    assert frame.iloc[:, 0].tolist() == ["R_1", "R_2"]


def test_a_row_of_braces_without_import_ids_is_an_answer(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["id", "comentario"], [1, "Bien"], [2, "{sin llaves}"], [3, "Mal"]):
        sheet.append(row)
    book.save(path := tmp_path / "s.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("error", HeaderRowWarning)
        assert read_table(path)["id"].tolist() == [1, 2, 3]


def test_a_header_of_two_rows_with_cells_merged_down_is_read_as_one(tmp_path):
    """A report's header: "Valoración" merged over NPS and CSAT, the other names merged down over two rows. The
    row of NPS and CSAT was read as a response (blank but for those two words) and the columns were named
    'Valoración' and 'column_4', so that --nps NPS found no column."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Informe de satisfacción"
    sheet["A3"], sheet["B3"], sheet["C3"], sheet["E3"] = "ID", "Fecha", "Valoración", "Comentario"
    for cells in ("A3:A4", "B3:B4", "C3:D3", "E3:E4"):
        sheet.merge_cells(cells)
    sheet["C4"], sheet["D4"] = "NPS", "CSAT"
    for row in ([1, "01/03/2024", 9, 5, "Muy bien"], [2, "02/03/2024", 2, 1, "Fatal"]):
        sheet.append(row)
    book.save(path := tmp_path / "s.xlsx")
    with pytest.warns(HeaderRowWarning, match=r"s\.xlsx, sheet 'Sheet', rows 3-4: a header of two rows, group labels "
                                              r"over the names of their columns \('NPS', 'CSAT'\), read as one"):
        frame = read_table(path)
    assert list(frame.columns) == ["ID", "Fecha", "NPS", "CSAT", "Comentario"]
    assert frame["NPS"].tolist() == [9, 2] and frame["ID"].tolist() == [1, 2]


def test_a_header_of_two_rows_whose_group_is_last_is_read_as_one(tmp_path):
    """"Valoración" merged over NPS and CSAT as the header's last label: its span ran to the header's end, which
    was not looked at, so the row of NPS and CSAT was a response and CSAT's column was named 'column_4'."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"], sheet["C1"] = "ID", "Comentario", "Valoración"
    for cells in ("A1:A2", "B1:B2", "C1:D1"):
        sheet.merge_cells(cells)
    sheet["C2"], sheet["D2"] = "NPS", "CSAT"
    for row in ([1, "Muy bien", 9, 5], [2, "Fatal", 2, 1]):
        sheet.append(row)
    book.save(path := tmp_path / "s.xlsx")
    with pytest.warns(HeaderRowWarning, match=r"rows 1-2: a header of two rows.*\('NPS', 'CSAT'\), read as one"):
        frame = read_table(path)
    assert frame.to_dict("list") == {"ID": [1, 2], "Comentario": ["Muy bien", "Fatal"], "NPS": [9, 2], "CSAT": [5, 1]}


def test_a_merged_group_label_named_like_a_comment_column_is_read_as_one_header(tmp_path):
    """"Comentario" merged over "Positivo" and "Negativo" was taken for one column's name, as an unmerged one
    beside a column without a name is: the row of "Positivo" and "Negativo" was read as a response."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"], sheet["D1"] = "ID", "Comentario", "NPS"
    for cells in ("A1:A2", "B1:C1", "D1:D2"):
        sheet.merge_cells(cells)
    sheet["B2"], sheet["C2"] = "Positivo", "Negativo"
    for row in ([1, "Rápido", "Caro", 9], [2, "Nada", "Lento", 2]):
        sheet.append(row)
    book.save(path := tmp_path / "s.xlsx")
    with pytest.warns(HeaderRowWarning, match=r"\('Positivo', 'Negativo'\), read as one"):
        frame = read_table(path)
    assert frame.to_dict("list") == {"ID": [1, 2], "Positivo": ["Rápido", "Nada"], "Negativo": ["Caro", "Lento"],
                                     "NPS": [9, 2]}


def test_a_first_answer_under_a_blank_named_column_is_an_answer(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["id", None, "comentario"], [1, "x", "Bien"], [2, "y", None]):
        sheet.append(row)
    book.save(path := tmp_path / "s.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("error", HeaderRowWarning)
        assert read_table(path)["id"].tolist() == [1, 2]


def test_a_carriage_return_stored_as_x000d_is_read_as_one(tmp_path):
    """Excel and the programs that export tickets store a cell's carriage return as '_x000D_'; openpyxl gives those
    seven characters back, so a Windows line break reached the classifier and the output as 'Hola_x000D_'."""
    book = openpyxl.Workbook()
    book.active.append(["id", "comentario"])
    book.active.append([1, "UNO"])
    book.active.append([2, "DOS"])
    book.save(path := tmp_path / "s.xlsx")
    _rewrite(path, SHEET, lambda data: data.replace(b"UNO", "Hola_x000D_\nLlegó tarde".encode())
             .replace(b"DOS", b"Precio_x0009_alto _x0041_"))
    assert read_table(path)["comentario"].tolist() == ["Hola\r\nLlegó tarde", "Precio\talto _x0041_"]


def test_a_header_s_carriage_return_stored_as_x000d_is_read_as_one(tmp_path):
    """A header cell's '_x000D_' was kept while the cells below were read as the sheet shows them: the column was
    'Comentario_x000D_\nabierto', which no --text matched, and a sheet behind a summary was not found by it."""
    book = openpyxl.Workbook()
    book.active.title = "Resumen"
    book.active.append(["Total", 2])
    sheet = book.create_sheet("Datos")
    sheet.append(["id", "COMENTARIO", "CANAL"])
    sheet.append([1, "Llegó tarde", "web"])
    book.save(path := tmp_path / "s.xlsx")
    _rewrite(path, "xl/worksheets/sheet2.xml", lambda data: data.replace(b"COMENTARIO", b"Comentario_x000D_\nabierto")
             .replace(b"CANAL", b"Canal_x0009_"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HeaderRowWarning)
        assert list(read_table(path).columns) == ["id", "Comentario\r\nabierto", "Canal\t"]
        assert read_table(path, text="Comentario\r\nabierto")["Comentario\r\nabierto"].tolist() == ["Llegó tarde"]
    assert excel.sheet_headers(path)["Datos"] == ["id", "Comentario\r\nabierto", "Canal\t"]


def test_an_escaped_underscore_before_x000d_keeps_the_text_x000d(tmp_path):
    """Review of xlsx1: the text "_x000D_" is stored "_x005F_x000D_" (its underscore escaped); header and cell were
    read "Nota_x005F" and a carriage return, now as the sheet shows them."""
    book = openpyxl.Workbook()
    book.active.append(["id", "NOTA"])
    book.active.append([1, "VALOR"])
    book.save(path := tmp_path / "s.xlsx")
    _rewrite(path, SHEET, lambda data: data.replace(b"NOTA", b"Nota_x005F_x000D_").replace(b"VALOR", b"a_x005F_x000d_b"))
    assert read_table(path, text="id").to_dict("list") == {"id": [1], "Nota_x000D_": ["a_x000d_b"]}


def test_a_surveymonkey_second_header_row_with_the_options_of_a_merged_question_is_skipped(tmp_path):
    """SurveyMonkey merges a multiple-choice question over its options and writes them in its second header row
    beside 'Response': the row was read as a response ('Open-Ended Response' a comment, 'Response' an NPS)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Respondent ID", "¿Cómo nos conociste?", None, "¿Recomendaría?", "¿Por qué?"])
    sheet.merge_cells("B1:C1")
    sheet.append([None, "Google", "Un amigo", "Response", "Open-Ended Response"])
    sheet.append([1001, "Google", None, 9, "Muy bien"])
    sheet.append([1002, None, "Un amigo", 3, "Lento"])
    book.save(path := tmp_path / "s.xlsx")
    with pytest.warns(SubHeaderRowWarning, match=r"row 2: a second header row \('Google', 'Un amigo', 'Response', "
                                                 r"'Open-Ended Response'\) under the questions.*was skipped"):
        frame = read_table(path, text="¿Cómo nos conociste? - Un amigo")
    assert list(frame.columns) == ["Respondent ID", "¿Cómo nos conociste? - Google", "¿Cómo nos conociste? - Un amigo",
                                   "¿Recomendaría?", "¿Por qué?"]
    assert frame["Respondent ID"].tolist() == [1001, 1002] and frame["¿Recomendaría?"].tolist() == [9, 3]


@pytest.mark.parametrize("rows", [
    [["id", "comentario", None, "nps"], [None, "Muy bien", "nota interna", None], [2, "Lento", None, 3]],
    [["fecha", None, "comentario"], ["01/03/2024", "Tienda centro", None], ["02/03/2024", "Norte", "Lento"]],
])
def test_an_answer_under_a_comment_column_beside_a_blank_name_is_no_header_row(tmp_path, rows):
    """A comment column beside a column without a name read as a group label, and the first answer below them,
    text only there, as the names of two columns: 'comentario' became 'Muy bien' and that answer was lost."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path := tmp_path / "s.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("error", HeaderRowWarning)
        frame = read_table(path)
    assert list(frame.columns) == [name or f"column_{i + 1}" for i, name in enumerate(rows[0])]
    assert len(frame) == 2


def test_a_header_row_past_the_sheet_is_an_error_naming_the_sheet(tmp_path):
    """A header row below the sheet's last row read as a table without rows or columns, so the command said there
    was nothing below the header, not that the header row given was past the sheet, as a CSV's error says."""
    book = openpyxl.Workbook()
    for row in (["id", "comentario"], [1, "Bien"]):
        book.active.append(row)
    book.save(path := tmp_path / "s.xlsx")
    with pytest.raises(DataError) as error:
        read_table(path, header_row=5)
    assert str(error.value) == (f"{path}, sheet 'Sheet': header row 5 is past the sheet's last row with a value (2); "
                                f"give the number of the header's row (--header-row, header_row=...), or leave it out.")
    assert read_table(path, header_row=2).empty  # (the last row is no row past the sheet)


def test_merged_cells_scans_the_sheet_once_for_every_span_asked_about():
    """Each group label asked about unpacked and scanned the whole sheet again: a header of many labels named like
    a comment's or a date's column ("Comentario", "Fecha") cost as many scans of a sheet of up to 1 GB."""
    import io

    from cxnlp.io import _xlsx_header

    xml = (b'<worksheet><sheetData><row r="1"/></sheetData><mergeCells><mergeCell ref="B1:C1"/>'
           b'<mergeCell ref="D1:E1"/><mergeCell ref="F2:G2"/><x:mergeCell ref="H1:J1"/></mergeCells></worksheet>')
    opened = []
    merged = _xlsx_header.merged_cells(lambda: opened.append(1) or io.BytesIO(xml), 1)
    assert [merged(1, 2), merged(3, 4), merged(5, 6), merged(7, 9), merged(1, 3)] == [True, True, False, True, False]
    assert len(opened) == 1


def test_a_header_on_the_sheet_s_last_row_keeps_its_column_names_with_no_rows(tmp_path):
    """A header row with nothing below it read as a table with no columns at all, where a CSV's gives its names
    and no rows: a caller that looks for a column (``--text``) was told the sheet had none."""
    book = openpyxl.Workbook()
    for row in (["Informe"], ["id", "comentario", "nps"]):
        book.active.append(row)
    book.save(path := tmp_path / "s.xlsx")
    frame = read_table(path, header_row=2)
    assert list(frame.columns) == ["id", "comentario", "nps"] and len(frame) == 0


def test_the_rows_a_warning_quotes_are_redacted(tmp_path):
    """A second table's header, a footer's note, a group label quoted their cells in clear: a row skipped there may
    be a customer's answer ("llamadme al 612 345 678"), which reached the terminal and the logs. Its phone and
    e-mail are shown redacted, as every message that quotes a cell shows them (``pii.shown_cell``)."""
    said = "llamadme al 612 345 678 o ana.ruiz@gmail.com"
    second = _sheet(tmp_path / "s.xlsx", [["id", "nps", "comentario"], [1, 9, "Bien"], [2, 3, "Mal"], [],
                                          ["mes", "total", said], ["enero", 2, 6]])
    footer = _sheet(tmp_path / "f.xlsx", [["id", "nps", "comentario"], [1, 9, "Bien"], [], ["Total", 9, None],
                                          [f"Nota: {said}"]])
    group = _sheet(tmp_path / "g.xlsx", [[None, "Cliente", None, said, None], [None, "ID", "Fecha", "NPS", "Nota"],
                                         [None, "C1", "2024-01-05", 9, "Bien"], [None, "C2", "2024-01-06", 3, "Mal"]])
    for path in (second, footer, group):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            read_table(path)
        message = " ".join(str(w.message) for w in caught)
        assert "llamadme al [TELÉFONO] o [EMAIL]'" in message, message
        assert "612" not in message and "ana.ruiz" not in message
