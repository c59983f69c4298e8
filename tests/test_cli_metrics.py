"""``cxnlp summarize`` and ``cxnlp report`` through typer's CliRunner."""

from __future__ import annotations

import json
import re
import sys

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import cxnlp
from cxnlp.cli import app
from cxnlp.exceptions import ConfigError, DataError
from cxnlp.io import read_table
from cxnlp.persist import DEFAULT_MODEL_DIR

from test_report import classified_survey  # tests/ is on sys.path under pytest

SAMPLE = DEFAULT_MODEL_DIR.parents[1] / "cxnlp" / "data" / "encuesta_ejemplo.csv"
runner = CliRunner()


@pytest.fixture(scope="module")
def classified_file(tmp_path_factory):
    """The classified survey as a Spanish Excel would save it: cp1252, ';', decimal commas."""
    path = tmp_path_factory.mktemp("cli") / "clasificada.csv"
    classified_survey().to_csv(path, sep=";", index=False, encoding="cp1252")
    return path


def test_summarize_prints_writes_csv_and_html(classified_file, tmp_path):
    out, html = tmp_path / "resumen.csv", tmp_path / "informe.html"
    result = runner.invoke(app, ["summarize", str(classified_file), "--nps", "NPS", "--csat", "CSAT", "--ces", "CES",
                                 "--by", "touchpoints", "--min-n", "20", "-o", str(out), "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert "Envío e instalación" in result.output and "nps_impact" in result.output
    assert "NPS (NPS): 239 valid answers; excluded 1 blank, 0 out of range, 0 not numeric." in result.output
    assert "CES (CES): 192 valid answers; excluded 48 blank" in result.output
    summary = read_table(out)
    assert set(summary["theme"]) == {"delivery", "support", "app", "store", "general"}
    assert html.read_text(encoding="utf-8").count('<svg class="chart"') == 5  # with the priority matrix


def test_summarize_combination_and_trend(classified_file):
    result = runner.invoke(app, ["summarize", str(classified_file), "--nps", "NPS", "--by", "touchpoints,sentiment",
                                 "--period", "month", "--date", "Fecha"])
    assert result.exit_code == 0, result.output
    assert "Envío e instalación × Negativo" in result.output and "2024-09" in result.output
    assert "share%: of each period's responses with a comment classified in a theme." in result.output.splitlines()


@pytest.mark.parametrize("by, said", [
    ("touchpoints", "share%: of the 10 responses with a comment classified in a theme."),
    ("region", "share%: of the 5 responses with a value in 'region'."),
    ("touchpoints,region", "share%: of the 5 responses with a comment classified in a theme and a value in 'region'."),
    # a value in each column, which "in 'region', 'zone'" left to guess
    ("region,zone,city", "share%: of the 5 responses with a value in 'region', 'zone' and 'city'."),
])
def test_summarize_says_what_share_is_of(tmp_path, by, said):
    """share% never said what it was of: with a --by column blank in half the rows, 100% was of 5 responses, not 10."""
    path = tmp_path / "classified.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 5, "nps": [9, 3] * 5,
                  "region": ["N", None] * 5, "zone": "A", "city": "B",
                  "cx_sentiment": "positive"}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--by", by, "--min-n", "1"])
    assert result.exit_code == 0, result.output
    assert said in result.output.splitlines()


def test_terminal_output_shows_control_characters_of_the_data_as_escapes(tmp_path):
    """A theme of the file holding ESC ] 0; ... BEL (set the terminal's title) or ESC [ 2J (clear it) was printed
    raw in summarize's table, and a header cell in a warning: now each control character is shown as an escape."""
    path = tmp_path / "classified.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "nps": [9, 3] * 2,
                  "region": ["\x1b]0;PWNED\x07norte", "\x1b[2Jsur"] * 2,
                  "cx_sentiment": "positive"}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--by", "region", "--min-n", "1"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b]0;PWNED\\x07norte" in result.output and "\\x1b[2Jsur" in result.output
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--by", "\x1b[2Jzona"])
    assert result.exit_code == 1 and "\x1b" not in result.output and "\\x1b[2Jzona" in result.output


@pytest.mark.parametrize("command", ["summarize", "drivers"])
def test_terminal_tables_stay_aligned_with_wide_characters(tmp_path, command):
    """A theme holding an emoji or a CJK character, two cells wide on a terminal, was padded as one character each:
    its row ran two cells past the others and every column after the theme stood out of line."""
    import unicodedata

    def cells(line):
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)

    path = tmp_path / "classified.csv"
    regions = ["Café ☕ y atención 😀", "東京", "norte"]
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 30, "nps": [9, 3, 7, 10, 0, 8] * 10,
                  "region": [*regions, None] * 15, "cx_sentiment": "positive"}).to_csv(path, index=False)
    result = runner.invoke(app, [command, str(path), "--nps", "nps", "--by", "region", "--min-n", "1", "--boot", "0"]
                           if command == "drivers" else [command, str(path), "--nps", "nps", "--by", "region"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(i for i, line in enumerate(lines) if "theme" in line.split())
    table = lines[header:header + 4]
    assert all(any(r in line for line in table) for r in regions), result.output
    assert len({cells(line) for line in table}) == 1, result.output


def test_changes_prints_each_measure_with_the_decimals_of_the_summary(tmp_path):
    """changes printed every measure with two decimals: an NPS of 33.33 there beside 33.3 in the trend printed above
    it for the same theme and quarter. Now one decimal for a share, a net score or a %, two for a mean, as summarize."""
    path = tmp_path / "classified.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "cx_sentiment": "positive",
                  "fecha": ["2024-01-15"] * 30 + ["2024-04-15"] * 30,
                  "nps": [10, 10, 5] * 10 + [0, 0, 10] * 10,
                  "ces": [4, 4, 5] * 10 + [6, 6, 5] * 10}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--ces", "ces", "--period", "quarter",
                                 "--changes", "quarter", "--min-n", "1"])
    assert result.exit_code == 0, result.output
    trend, changed = result.output.split("What changed")
    assert re.search(r"Aplicación móvil 2024-Q1 .* 33\.3 ", trend), trend
    rows = {cells[0]: cells[1:4] for line in changed.splitlines()
            if line.strip().startswith("Aplicación móvil") and (cells := line.split()[2:])}
    assert rows["nps"] == ["33.3", "-33.3", "-66.7"] and rows["ces"] == ["4.33", "5.67", "+1.33"], changed
    assert rows["share"] == ["100.0", "100.0", "0.0"] and rows["net_sentiment"] == ["100.0", "100.0", "0.0"], changed


def test_summarize_names_the_emotions_by_the_labels_file(tmp_path):
    """The printed summary's emotions column kept the ids ("frustration 75%") where --labels-file named them and the
    report of the same run showed its names ("Frustración"); now it shows the names given, the ids otherwise."""
    path, names = tmp_path / "classified.csv", tmp_path / "names.json"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "cx_sentiment": "negative",
                  "cx_emotions": ["frustration", "frustration|anger", "", "frustration"]}).to_csv(path, index=False)
    names.write_text('{"frustration": "Frustración"}', encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(path), "--labels-file", str(names)])
    assert result.exit_code == 0, result.output
    assert "Frustración 75%, anger 25%" in result.output, result.output
    result = runner.invoke(app, ["summarize", str(path)])
    assert "frustration 75%, anger 25%" in result.output, result.output


def test_a_table_wider_than_the_terminal_is_cut_into_blocks_led_by_the_theme(monkeypatch, capsys):
    """A summary of 113 cells on an 80-column terminal was folded by the terminal mid-row, the emotions under the next
    theme; now it prints in blocks of columns that fit, each led by the theme (and period), and whole where it fits
    or where no width is known (piped)."""
    from cxnlp.cli.metrics import echo_summary

    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 3, "nps": [9, 3, 10] * 2,
                          "cx_sentiment": "positive", "cx_emotions": "frustration|anger"})
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    echo_summary(cxnlp.summarize(frame, nps="nps", min_n=1))
    out = capsys.readouterr().out
    assert max(len(line) for line in out.split("\n\n")[0].splitlines()) <= 60 and "Envío e instalación" in out, out
    monkeypatch.undo()  # piped: whole

    from cxnlp.cli.options import table_text

    view = pd.DataFrame({"theme": ["Envío e instalación", "Café ☕"], "period": ["2024-07", "2024-08"],
                         "n": [154, 9],
                         "nps": ["-41.2", "6.3"], "nps_95%": ["[-53.1, -27.6]", "[-12.1, 24.3]"],
                         "emotions": ["frustration 14%, anger 7%", "disappointment 8%, frustration 6%"],
                         "min_n": ["", "low n"]})
    whole = table_text(view)
    assert len(whole.splitlines()) == 3
    cut = table_text(view, width=70)
    blocks = [block.splitlines() for block in cut.split("\n\n")]
    assert len(blocks) == 2 and all(lines[0].split()[:2] == ["theme", "period"] for lines in blocks), cut
    assert all(len(line) <= 70 for lines in blocks for line in lines), cut
    assert [column for lines in blocks for column in lines[0].split()[2:]] == list(view.columns[2:]), cut
    assert "Café ☕ 2024-08" in blocks[1][2] and blocks[1][2].endswith("low n"), cut


def test_a_table_without_wide_characters_is_printed_without_east_asian_widths():
    """Review of tables1: every table was formatted in pandas' east-asian width mode, six times slower (a 20,000-theme
    summary piped: 1.3 s, not 0.2 s) and the same text where no character is wide; it is set only for a table with one."""
    from cxnlp.cli.options import table_text

    class Cell:
        seen: list = []

        def __init__(self, text):
            self.text = text

        def __str__(self):
            Cell.seen.append(pd.get_option("display.unicode.east_asian_width"))
            return self.text

    spanish = pd.DataFrame({"theme": [Cell("Atención – señal · nº 1"), Cell("Perú")], "n": [3, 4]})
    assert "Atención – señal · nº 1" in table_text(spanish) and Cell.seen and not any(Cell.seen)
    Cell.seen.clear()
    wide = pd.DataFrame({"theme": [Cell("Café ☕"), Cell("東京")], "n": [3, 4]})
    assert "東京" in table_text(wide) and Cell.seen[-1]


def test_a_table_whose_row_names_fill_the_terminal_is_printed_whole():
    """Review of tables1: where the theme and measure alone were wider than the terminal, the table was cut into one
    block per column, each folded by the terminal all the same (a 75-line changes table on 30 columns: 445 lines)."""
    from cxnlp.cli.options import table_text

    view = pd.DataFrame({"theme": ["Envío e instalación × México × Tienda", "Precio × Perú × Web"],
                         "measure": ["net_sentiment", "nps"], "before": ["-27.8", "6.3"], "after": ["1.0", "2.0"]})
    assert table_text(view, width=30) == table_text(view) and len(table_text(view).splitlines()) == 3
    assert len(table_text(view, width=60).split("\n\n")) == 2  # room for one more column: cut as before


def test_summarize_of_no_theme_says_no_share_base(tmp_path):
    """With no row to show, "share%: of the 0 responses with a value in 'region'." explained a table not printed."""
    path = tmp_path / "classified.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"], "nps": [9, 3], "region": None,
                  "cx_sentiment": "positive"}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--by", "region"])
    assert result.exit_code == 0, result.output
    assert "'region' of --by is blank in every row" in result.output and "share%" not in result.output


@pytest.mark.parametrize("args, message", [
    (["--nps", "Recomendacion"], "error: NPS column (--nps) 'Recomendacion' not found"),
    (["--by", "canal"], "error: Theme column (--by) 'canal' not found"),
    (["--period", "year"], "error: --period 'year' is not known"),
    # QA W 8: the option typed and the value as typed, not Python's keyword, tuple or '×'
    (["--lang", "fr"], "error: --lang 'fr' is not supported; expected 'es' or 'en'."),
    # review of misc9: a value over 80 characters, quoted to 80 with its length, still names the option typed
    (["--period", "m" * 90], "error: --period '" + "m" * 80 + "'... (90 characters) is not known; expected one of "),
    (["--lang", "e" * 90, "--html", "r.html"], "error: --lang '" + "e" * 80 + "'... (90 characters) is not supported; "),
    (["--by", "touchpoints,"], "error: --by must name one or more columns, e.g. 'touchpoints' or "
                               "'touchpoints,sentiment'; got 'touchpoints,'."),
    (["--by", "touchpoints,touchpoints"], "error: --by names 'touchpoints' 2 times; give it once: --by touchpoints."),
    (["--by", "touchpoints,sentiment,cx_touchpoints"], "error: --by names 'touchpoints' 2 times (also as "
                                                      "'cx_touchpoints'); give it once: --by touchpoints,sentiment."),
    # A reversed question's scale (5-1: 1 the best) was told to be written 1-5, which reads it upside down.
    (["--csat", "CSAT", "--csat-scale", "5-1"], "error: --csat-scale '5-1': the low end comes first and must be "
                                                "below the high one, as in 1-5; a higher answer is read as a better "
                                                "one, so where 1 is the best answer reverse the answers first "
                                                "(6 minus each)."),
    (["--csat", "CSAT", "--csat-scale", "3-3"], "error: --csat-scale '3-3': a scale needs two different ends"),
    # A misspelt --date or --text was accepted in silence unless --period or --html was given.
    (["--date", "Fech", "--period", "month"], "error: date column (--date) 'Fech' not found"),
    (["--text", "Comentari"], "error: Text column (--text) 'Comentari' not found"),
    (["--csat", "Satisfaccion"], "error: CSAT column (--csat) 'Satisfaccion' not found; the table has columns "),
    (["--ces", "Esfuerzo"], "error: CES column (--ces) 'Esfuerzo' not found; the table has columns "),
    (["--csat", "CSAT", "--csat-scale", "1a5"], "error: --csat-scale '1a5' is not a scale"),
    # An option of a score whose column was not given was ignored: the user believed a mean CSAT computed.
    (["--nps", "NPS", "--csat-method", "mean"], "error: --csat-method mean needs --csat"),
    (["--ces-scale", "1-5"], "error: --ces-scale 1-5 needs --ces"),
    (["--ces", "CES", "--ces-method", "Agree"], "error: --ces-method 'Agree' is not known; expected one of 'mean' "
                                                "or 'agree'."),
    (["--csat", "CSAT", "--csat-method", "top-2"], "error: --csat-method 'top-2' is not known; expected one of 'top2' "
                                                   "or 'mean'."),
    (["--csat", "CSAT", "--csat-scale", ""], "error: --csat-scale '' is not a scale"),  # not the default 1-5
    # Two comparisons asked for: --changes was dropped in silence.
    (["--compare", "2024-Q3", "2024-Q4", "--changes", "month"], "error: give --compare (two periods) or --changes"),
    # Options of the report or of the dates, given without them, were ignored in silence.
    (["--lang", "en"], "error: --lang en needs --html (the report written in that language); give --html FILE, or "
                       "leave --lang out."),
    (["--no-redact"], "error: --no-redact needs --html (the report whose quotes it applies to); give --html FILE, or "
                      "leave --no-redact out."),
    (["--date", "Fecha"], "error: --date Fecha needs --period, --changes, --compare or --html (what reads the "
                          "dates); give one of them, or leave --date out."),
    (["--title", "Encuesta T3"], "error: --title needs --html (the report it names); give --html FILE, or leave "
                                 "--title out."),
    (["--monthfirst"], "error: --monthfirst needs --period, --changes, --compare or --html (what reads the dates); "
                       "give one of them, or leave --monthfirst out."),
])
def test_summarize_errors_exit_1(classified_file, args, message):
    result = runner.invoke(app, ["summarize", str(classified_file), *args])
    assert result.exit_code == 1
    assert message in result.output


@pytest.mark.parametrize("dayfirst", [True, False])
def test_dayfirst_without_what_reads_the_dates_is_refused_by_the_api_as_by_the_command_line(tmp_path, dayfirst):
    """`cxnlp summarize --dayfirst` without --period was an error; `summarize_file(dayfirst=True)` without a period
    read no date and said attrs["dayfirst"] True, as if it had. Both doors now refuse it, and both take it with one."""
    from cxnlp.batch import summarize_file

    path = tmp_path / "classified.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"], "nps": [9, 3], "cx_sentiment": "positive",
                  "fecha": ["05/01/2024", "06/02/2024"]}).to_csv(path, index=False)
    with pytest.raises(ConfigError, match=rf"^dayfirst={dayfirst} needs period or html \(what reads the dates\); "
                                          rf"give one of them, or leave dayfirst out\.$"):
        summarize_file(path, nps="nps", min_n=1, dayfirst=dayfirst)
    flag = "--dayfirst" if dayfirst else "--monthfirst"
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--min-n", "1", flag])
    assert result.exit_code == 1 and f"{flag} needs --period" in result.output
    assert summarize_file(path, nps="nps", min_n=1, dayfirst=dayfirst, period="month").attrs["dayfirst"] is dayfirst
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--min-n", "1", flag, "--period", "month"])
    assert result.exit_code == 0, result.output


def test_dayfirst_with_a_compare_alone_is_refused_by_summarize_file_as_it_reads_no_date(tmp_path):
    """report["compare"] without html reads no date in summarize_file (the report is not built): dayfirst beside it
    alone was taken in silence, and the error named it as what reads the dates. The command line's --changes and
    --compare, which changes_file reads, still take --dayfirst."""
    from cxnlp.batch import summarize_file

    path = tmp_path / "classified.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "nps": [9, 3, 10, 6],
                  "cx_sentiment": "positive", "fecha": ["05/01/2024", "06/01/2024", "05/02/2024", "06/02/2024"]}
                 ).to_csv(path, index=False)
    with pytest.raises(ConfigError, match=r"^dayfirst=True needs period or html \(what reads the dates\)"):
        summarize_file(path, nps="nps", min_n=1, dayfirst=True, report={"compare": "month"})
    for dates in (["--changes", "month"], ["--compare", "2024-01", "2024-02"]):
        result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--min-n", "1", "--dayfirst", *dates])
        assert result.exit_code == 0, result.output
        assert "2024-01 -> 2024-02" in result.output, result.output


@pytest.mark.parametrize("command, args, message", [
    ("summarize", ["--changes", "year"], "--changes 'year' is not known; expected one of 'auto', 'mes', 'month', "
                                         "'quarter', 'semana', 'trimestre' or 'week'."),
    ("changes", ["--period", "year"], "--period 'year' is not known; expected one of 'auto', 'mes', 'month', "
                                      "'quarter', 'semana', 'trimestre' or 'week'."),
    ("summarize", ["--compare", "enero", "2024-Q2"], "--compare 'enero' is not a period label (2024-Q1, 2024-03, "
                                                     "2024-W05, 2024) or a date range (2024-01-01..2024-02-15)."),
    # a month that does not exist is named as such (insights5), not as "not a period label"
    ("changes", ["--compare", "2024-Q1", "2024-13"], "--compare '2024-13' names no month: months run from 01 to 12."),
    ("report", ["--compare", "2024-Q1", "2024-01", "--html", "r.html"], "--compare: the two periods overlap: 2024-Q1 "
                                                                        "and 2024-01."),
    ("summarize", ["--compare", "2024-01-01..x", "2024-03"], "--compare: date range '2024-01-01..x' has a date that "
                                                             "cannot be read; write both ends as 2024-01-31 or as a "
                                                             "period (2024-01..2024-02)."),
    ("changes", ["--compare", "2024-03", "2024-01"],
     "--compare: the periods are (before, after), but 2024-03 comes after 2024-01; give them in time order: "
     "--compare 2024-01 2024-03."),
    # named as typed, not rewritten as the label '2024-Q4'; a period with a space quoted in the command to give
    ("changes", ["--compare", "T4 2024", "T3 2024"],
     "--compare: the periods are (before, after), but T4 2024 comes after T3 2024; give them in time order: "
     "--compare 'T3 2024' 'T4 2024'."),
    # a period typed with a quote ("Q3 '24"), which Python writes between double quotes: still the command to give
    ("changes", ["--compare", "Q4 '24", "Q3 '24"],
     "--compare: the periods are (before, after), but Q4 '24 comes after Q3 '24; give them in time order: "
     "--compare 'Q3 '\"'\"'24' 'Q4 '\"'\"'24'."),
    ("report", ["--compare", "T4 2024", "Q4 2024", "--html", "r.html"], "--compare: the two periods overlap: T4 2024 "
                                                                        "and Q4 2024."),
    # --period beside --compare was ignored without a word: the pair was compared.
    ("changes", ["--compare", "2024-01", "2024-03", "--period", "month"],
     "give --compare (two periods) or --period (the last two weeks, months or quarters), not both."),
])
def test_a_bad_comparison_names_the_option_typed(classified_file, tmp_path, command, args, message):
    """'period 'enero' is not a period label', 'period must be ... or a pair ...; got 'year'': the user typed
    --compare or --changes, and --changes takes no pair."""
    args = [str(tmp_path / arg) if arg.endswith(".html") else arg for arg in args]
    result = runner.invoke(app, [command, str(classified_file), *args])
    assert result.exit_code == 1
    assert " ".join(result.output.split()) == f"error: {message}"


@pytest.mark.parametrize("html", [False, True])
def test_summarize_period_without_a_readable_date_is_an_error_and_writes_nothing(classified_file, tmp_path, html):
    # --period on a column without dates exited 0 and wrote a summary of the header alone; changes refuses it.
    out, page = tmp_path / "s.csv", tmp_path / "r.html"
    result = runner.invoke(app, ["summarize", str(classified_file), "--period", "month", "--date", "Región",
                                 "-o", str(out), *(["--html", str(page)] if html else [])])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("error: a trend by month needs dates: no date in column 'Región' could be read (of "
                                    "240 values, e.g. "), result.output
    assert result.output.rstrip().endswith("or name the date column with --date.") and result.output.count("\n") == 1
    assert not out.exists() and not page.exists()


def test_period_auto_is_accepted_by_summarize_and_changes_and_the_error_lists_every_name(classified_file):
    # auto is the default of report and discover, yet summarize and changes refused it; and summarize's error listed
    # month, quarter and week only, though it accepts mes, semana and trimestre.
    by_month = runner.invoke(app, ["summarize", str(classified_file), "--period", "month", "--date", "Fecha"])
    auto = runner.invoke(app, ["summarize", str(classified_file), "--period", "auto", "--date", "Fecha"])
    assert auto.exit_code == 0 and auto.output == by_month.output, auto.output
    changed = runner.invoke(app, ["changes", str(classified_file), "--period", "auto", "--date", "Fecha"])
    assert changed.exit_code == 0 and "What changed: 2024-08 -> 2024-09 (Fecha)" in changed.output, changed.output
    assert changed.stdout.split("\n", 1)[0].strip()  # (its first line was blank: a leading "\n" kept for summarize)
    wrong = runner.invoke(app, ["summarize", str(classified_file), "--period", "year"])
    assert wrong.exit_code == 1 and wrong.output == ("error: --period 'year' is not known; expected one of 'auto', "
                                                     "'mes', 'month', 'quarter', 'semana', 'trimestre' or 'week'.\n")


def test_summarize_missing_file_exits_1(tmp_path):
    result = runner.invoke(app, ["summarize", str(tmp_path / "nada.csv")])
    assert result.exit_code == 1 and "no such file" in result.output


def test_report_with_missing_model_exits_1(tmp_path):
    result = runner.invoke(app, ["report", str(SAMPLE), "--html", str(tmp_path / "r.html"),
                                 "--model", str(tmp_path / "no_model")])
    assert result.exit_code == 1 and result.output.startswith("error:")
    assert not (tmp_path / "r.html").exists()


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "meta.json").is_file(), reason="no trained model at models/default")
def test_report_classifies_and_reports_the_sample_survey(tmp_path):
    html, out = tmp_path / "informe.html", tmp_path / "clasificada.parquet"
    result = runner.invoke(app, ["report", str(SAMPLE), "--text", "Comentario", "--nps", "Recomendación (0-10)",
                                 "--csat", "Satisfacción (1-5)", "--ces", "Facilidad (1-7)", "--date", "Fecha",
                                 "--html", str(html), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    assert page.count('<svg class="chart"') == 5 and "Qué mueve el NPS" in page
    classified = pd.read_parquet(out)
    assert len(classified) == 1200 and (classified["cx_status"] == "ok").sum() > 500


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "meta.json").is_file(), reason="no trained model at models/default")
def test_report_redact_redacts_the_classified_rows_as_classify_does(tmp_path):
    # report --redact (its default) redacted the report's quotes only: -o kept the e-mail and phone in the comment
    # column and in cx_segments, while classify --redact writes them redacted.
    survey = tmp_path / "pii.csv"
    comment = ("La entrega llegó tarde y nadie avisó. Me atendió la señorita Andrea, mi cel es 55 1234 5678 y mi "
               "correo ana.ruiz@gmail.com, pésimo servicio")
    pd.DataFrame({"Comentario": [comment, "La app se cierra al pagar"], "NPS": [2, 5]}).to_csv(survey, index=False)
    for flags, redacted in (([], True), (["--redact"], True), (["--no-redact"], False)):
        out = tmp_path / f"out{len(flags)}{redacted}.csv"
        result = runner.invoke(app, ["report", str(survey), "--html", str(tmp_path / "r.html"), "-o", str(out),
                                     "--nps", "NPS", *flags])
        assert result.exit_code == 0, result.output
        written = out.read_text(encoding="utf-8-sig")
        assert ("ana.ruiz@gmail.com" in written or "55 1234 5678" in written) is not redacted
        row = read_table(out).iloc[0]
        units = json.loads(row["cx_segments"])
        assert all(row["Comentario"][u["start"]:u["end"]] == u["text"] for u in units)
        if redacted:
            assert "[EMAIL]" in row["Comentario"] and "[TELÉFONO]" in row["Comentario"]
            assert "".join(u["text"] for u in units).count("[EMAIL]") == 1


def test_redacted_units_stay_disjoint_where_a_unit_boundary_falls_inside_personal_data(monkeypatch):
    """An address split by the segmenter once gave both units the whole placeholder: overlapping units, the
    placeholder twice."""
    from types import SimpleNamespace

    from cxnlp._batch_redaction import redacted_rows

    comment = "Vivo en Calle Mayor 5, piso 3 y el paquete nunca llegó"
    cut = comment.index(",") + 1
    units = [{"start": 0, "end": cut, "text": comment[:cut]}, {"start": cut + 1, "end": len(comment),
                                                              "text": comment[cut + 1:]}]
    span = SimpleNamespace(start=comment.index("Calle"), end=comment.index(" y el"), placeholder="[DIRECCIÓN]")
    redaction = SimpleNamespace(text=comment[:span.start] + span.placeholder + comment[span.end:], spans=[span])
    monkeypatch.setattr("cxnlp.pii.redact", lambda text: redaction)
    row = redacted_rows(pd.DataFrame({"c": [comment], "cx_segments": [json.dumps(units)]}), "c").iloc[0]
    moved = json.loads(row["cx_segments"])
    assert [row["c"][u["start"]:u["end"]] for u in moved] == [u["text"] for u in moved]
    assert moved[0]["end"] <= moved[1]["start"]
    assert "".join(u["text"] for u in moved).count("[DIRECCIÓN]") == 1


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "meta.json").is_file(), reason="no trained model at models/default")
def test_report_reads_each_rows_industry_from_industry_column_as_classify_does(tmp_path):
    # report had no --industry-column: a survey that mixes industries had to be classified first.
    survey = tmp_path / "mixta.csv"
    pd.DataFrame({"Comentario": ["La habitación estaba sucia", "El cajero no me dio el dinero", "Muy lento todo"],
                  "Sector": ["hotels_restaurants", "banking_fintech", "none"], "NPS": [3, 2, 5]}).to_csv(survey, index=False)
    outs = {}
    for command, extra in (("report", ["--html", str(tmp_path / "r.html")]), ("classify", [])):
        outs[command] = tmp_path / f"{command}.csv"
        result = runner.invoke(app, [command, str(survey), *extra, "-o", str(outs[command]), "--industry-column", "Sector"])
        assert result.exit_code == 0, result.output
    report, classified = read_table(outs["report"]), read_table(outs["classify"])
    assert report["cx_industry"].fillna("").tolist() == ["hotels_restaurants", "banking_fintech", ""]
    pd.testing.assert_frame_equal(report, classified)
    both = runner.invoke(app, ["report", str(survey), "--html", str(tmp_path / "r.html"), "--industry-column", "Sector",
                               "--industry", "telecom"])
    assert both.exit_code == 1 and both.output.startswith("error: give --industry (one for every row) or --industry-column")


def test_summarize_drivers_and_changes_csv_follow_the_inputs_locale(classified_file, tmp_path):
    # QA N 3: a ';' input with decimal commas (Spanish Excel) gave a ',' summary with decimal points, as classify and
    # report do not: Spanish Excel put each line in one cell and read 25.58 as thousands.
    commands = {"summarize": ["--min-n", "20"], "drivers": ["--boot", "20", "--min-n", "20"],
                "changes": ["--period", "month", "--date", "Fecha", "--min-n", "5"]}
    for command, extra in commands.items():
        out = tmp_path / f"{command}.csv"
        result = runner.invoke(app, [command, str(classified_file), "--nps", "NPS", *extra, "-o", str(out)])
        assert result.exit_code == 0, result.output
        header, *lines = out.read_text(encoding="utf-8-sig").splitlines()
        assert ";" in header and "," not in header, (command, header)
        assert any(re.fullmatch(r"-?[0-9]+,[0-9]+", cell) for line in lines for cell in line.split(";")), command
        assert not any(re.fullmatch(r"-?[0-9]+\.[0-9]+", cell) for line in lines for cell in line.split(";")), command
        assert read_table(out).shape[0] == len(lines)  # read back as it was written


def _summarize_warnings(path, option: str, column: str, answers: list, *extra: str):
    """``cxnlp summarize`` of a classified table whose ``column`` holds ``answers``, read with ``option``: its result
    (exit code 0 checked) and its ``warning:`` lines."""
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", column: answers}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), option, column, "--min-n", "1", *extra])
    assert result.exit_code == 0, result.output
    return result, [line for line in result.output.splitlines() if line.startswith("warning:")]


@pytest.mark.parametrize("answers, warned", [
    (["9"] * 70 + ["n/s"] * 25 + ["No sabe"] * 5, True),       # 30% not numeric
    (["9"] * 99 + ["9/10"], True),                             # one, but a score written another way
    (["9"] * 95 + ["n/a"] * 5, False),                         # a few non-answers: the line says it
])
def test_summarize_warns_when_many_answers_are_not_read(tmp_path, answers, warned):
    result, warning = _summarize_warnings(tmp_path / "c.csv", "--nps", "Recomendación", answers)
    assert bool(warning) == warned, result.output
    if warned:
        k = len(answers) - answers.count("9")
        assert f"{k} of 100 answers in 'Recomendación'" in warning[0]
        assert ("'n/s'" in warning[0] and "'No sabe'" in warning[0]) or "'9/10'" in warning[0]


@pytest.mark.parametrize("option, answers, expected", [
    # A 1-10 CSAT without --csat-scale printed "79 valid answers; excluded ... 121 out of range" and no warning,
    # and the headline was the CSAT of the answers 1-5 alone.
    ("--csat", list(range(1, 11)) * 10, "are outside the CSAT scale 1-5 and left out of CSAT; it is computed on the "
                                        "other 50 only. The answers run from 1 to 10: it looks like a 1-10 scale; "
                                        "give --csat-scale 1-10."),
    ("--ces", list(range(0, 11)) * 9 + [5], "it looks like a 0-10 scale; give --ces-scale 0-10."),
    ("--nps", [10 * k for k in range(11)] * 9 + [0], "The answers run from 0 to 100, and NPS is on 0-10: is it the right column?"),
    ("--csat", [4] * 95 + [6] * 5, None),  # a few stray answers: the per-metric line says it
])
def test_summarize_warns_when_many_answers_are_out_of_range_and_names_the_scale(tmp_path, option, answers, expected):
    result, warning = _summarize_warnings(tmp_path / "c.csv", option, "Puntuación", answers)
    if expected is None:
        assert not warning, result.output
    else:
        assert len(warning) == 1 and expected in warning[0], result.output
        assert "answers in 'Puntuación'" in warning[0]


@pytest.mark.parametrize("option, answers, extra, expected", [
    # A 1-5 question named as the NPS left nothing out: an NPS of -100 (every answer a detractor) and no warning.
    ("--nps", [1, 2, 3, 4, 5] * 8, [], "all 40 valid answers in 'Puntuación' run from 1 to 5, the lower half of the "
                                       "NPS scale 0-10, so every one is a detractor: is it the right column?"),
    # A 1-5 CSAT read on 0-10: a CSAT of 0% (the top two points 9-10), said nowhere.
    ("--csat", [1, 2, 3, 4, 5] * 8, ["--csat-scale", "0-10"], "the lower half of the CSAT scale 0-10: it looks like a "
                                                              "1-5 scale; give --csat-scale 1-5, or check the column."),
    ("--nps", [0, 3, 5, 6, 9, 10] * 7, [], None),      # a real NPS, detractors and promoters
    ("--nps", [1, 2, 3, 4, 5] * 5, [], None),          # 25 answers: too few to tell
    ("--csat", [1, 2, 3] * 14, [], None),              # a short scale (1-5): an unhappy sample, not another scale
    # An unhappy sample of a long scale was told it was on another: "give --ces-scale 1-3" (review of summarize1).
    ("--ces", [1, 2, 3] * 12, [], None),               # CES 1-7, every answer of high effort
    ("--csat", [1, 2, 3] * 12, ["--csat-scale", "1-10"], None),
    ("--ces", [1, 2, 3, 4] * 10, [], None),            # 1..4 on 1-7: no "1-4 scale"
    ("--nps", [0, 1, 2, 3, 4, 5] * 6, [], None),       # a bad month: a 0 is no 1-5 question's answer
    # A stray 7.5, out of the NPS's whole points, was taken into the range and hid the warning (review of summarize1).
    ("--nps", [1, 2, 3, 4, 5] * 8 + ["7.5"], [], "all 40 valid answers in 'Puntuación' run from 1 to 5, the lower "
                                                 "half of the NPS scale 0-10"),
])
def test_summarize_warns_when_every_answer_is_in_the_lower_half_of_a_long_scale(tmp_path, option, answers, extra,
                                                                                  expected):
    result, warning = _summarize_warnings(tmp_path / "c.csv", option, "Puntuación", answers, *extra)
    if expected is None:
        assert not warning, result.output
    else:
        assert len(warning) == 1 and expected in warning[0], result.output


def test_valid_range_parses_each_distinct_answer_once(monkeypatch):
    # Review of summarize1: the lower-half warning's range parsed every row of a text column again (0.7 s a metric on
    # a million rows); now its distinct answers only, with the same range (a boolean, no score, does not hide a 1).
    from cxnlp import _summary_notes
    from cxnlp.metrics import base

    sizes, parse = [], base.parse_scores
    monkeypatch.setattr(base, "parse_scores", lambda cells, scale, **how: sizes.append(len(cells))
                        or parse(cells, scale, **how))
    assert _summary_notes.valid_range(pd.Series(["1", "5", "3", "x", None] * 2000), (0, 10)) == (1.0, 5.0)
    assert sizes == [5]
    assert _summary_notes.valid_range(pd.Series([True, 1, 4] * 10, dtype=object), (0, 10)) == (1.0, 4.0)
    assert _summary_notes.valid_range(pd.Series([[9], "2", "6"], dtype=object), (0, 10)) == (2.0, 6.0)


@pytest.mark.parametrize("option, answers, expected", [
    # QA N 4: a "99 = no sabe" code made the warning advise --ces-scale 1-99, which put every 99 into the CES.
    ("--ces", [1, 2, 3, 4, 5, 6, 7] * 10 + [99] * 30,
     ' 99 (30 answers) looks like a "don\'t know / no answer" code, not a score: left out of CES as it should be; '
     'blank it in the column to count it as blank, rather than widen the scale to take it in.'),
    ("--nps", [5, 9, 10] * 20 + [98] * 10 + [99] * 30, '99 (30 answers), 98 (10 answers) look like "don\'t know / no '
                                                        'answer" codes, not scores: left out of NPS as they should be'),
    ("--csat", [3, 4, 5] * 20 + [999] * 20, "999 (20 answers) looks like"),
    # review B 6: "9 = NS/NR" on a 5-point scale, nothing at 6-8: a code, not a 1-9 scale
    ("--csat", [1, 2, 3, 4, 5] * 15 + [9] * 25, ' 9 (25 answers) looks like a "don\'t know / no answer" code, not a '
                                              'score: left out of CSAT as it should be'),
    ("--ces", [1, 2, 3, 4, 5, 6, 7] * 10 + [9] * 30, ' 9 (30 answers) looks like a "don\'t know'),
    # A code beside a scale that is another one: the code is named, the scale read from the other answers.
    ("--csat", list(range(1, 11)) * 9 + [99] * 10, "rather than widen the scale to take it in. The other answers run "
                                                   "from 1 to 10: it looks like a 1-10 scale; give --csat-scale 1-10."),
])
def test_out_of_range_warning_names_dont_know_codes_instead_of_a_scale(tmp_path, option, answers, expected):
    result, warning = _summarize_warnings(tmp_path / "c.csv", option, "Puntuación", answers)
    assert len(warning) == 1 and expected in warning[0], result.output
    assert "1-99" not in warning[0] and "1-999" not in warning[0] and "is it the right column" not in warning[0]
    assert not re.search(r"scale 1-9(?!9)", warning[0]), warning[0]  # review B 6: no 1-9 scale for a 9 code


@pytest.mark.parametrize("unread, warned", [(["11"] * 15 + ["no sé"] * 10, True), (["11"] * 12 + ["no sé"] * 7, False)])
def test_the_command_line_and_the_report_warn_of_excluded_answers_by_one_rule(tmp_path, unread, warned):
    # QA N 5: 15% out of range and 10% not numeric: the report's card said 25% were left out, in red, and the command
    # line (each reason alone under 20%) said nothing.
    path, html = tmp_path / "c.csv", tmp_path / "r.html"
    answers = unread + ["9", "5"] * ((100 - len(unread)) // 2) + ["9"] * (len(unread) % 2)
    result, warning = _summarize_warnings(path, "--nps", "nps", answers, "--html", str(html))
    red = re.search(r'<p class="excl many">([^<]*)</p>', html.read_text(encoding="utf-8"))
    assert bool(red) == warned and bool(warning) == warned, result.output
    if warned:
        assert red.group(1).startswith("25\u00a0% de las respuestas quedan fuera del indicador")
        assert [line[:60] for line in warning] == [
            "warning: 15 of 100 answers in 'nps' (15%) are outside the NP",
            "warning: 10 of 100 answers in 'nps' (10%) are not numeric an"]


def test_a_five_point_scale_label_on_a_ces_of_1_to_7_names_the_scale_that_reads_it(tmp_path):
    # "Muy fácil" on CES's default 1-7 names no point for sure and is left out; a few of them among numbers (no digit,
    # under 20%) were left out with no warning, and many got one that said nothing of the scale.
    answers = ["Muy f\u00e1cil"] * 5 + [str(1 + i % 7) for i in range(95)]
    result, warning = _summarize_warnings(tmp_path / "c.csv", "--ces", "Facilidad", answers)
    assert len(warning) == 1 and warning[0].startswith("warning: 5 of 100 answers in 'Facilidad' (5%) are not numeric")
    assert warning[0].endswith("'Muy f\u00e1cil' is a label of a five-point scale, and the CES scale is 1-7: give "
                               "--ces-scale 1-5 if the question has five choices."), warning


def test_a_star_rating_on_nps_is_left_out_with_a_warning_that_says_why(tmp_path):
    # review of exports1: "★★★★★" in an NPS column was read as a detractor's 5, with no warning; now it is left
    # out, and however few, a warning says it is a star rating out of five.
    answers = ["\u2605\u2605\u2605\u2605\u2605"] * 5 + [str(i % 11) for i in range(95)]
    result, warning = _summarize_warnings(tmp_path / "n.csv", "--nps", "Recomendacion", answers)
    assert len(warning) == 1 and warning[0].startswith("warning: 5 of 100 answers in 'Recomendacion' (5%) are not"), warning
    assert warning[0].endswith("is a star rating out of five, read only on a scale whose top is 5, and the NPS scale "
                               "is 0-10."), warning


@pytest.mark.parametrize("answers, hint", [
    # review B 1: one typo "11" beside 30% "NS/NC": the one rule warns, but the typo is no 1-11 scale
    (["NS/NC"] * 30 + ["11"] + [str(1 + i % 7) for i in range(69)], None),
    (["NS/NC"] * 12 + ["11"] * 8 + [str(1 + i % 7) for i in range(80)], None),  # 8% + 12%: many together, no scale
    # out-of-range answers that are many themselves still name the scale they look like
    (["NS/NC"] * 10 + [str(8 + i % 3) for i in range(25)] + [str(1 + i % 7) for i in range(65)],
     " The answers run from 1 to 10: it looks like a 1-10 scale; give --ces-scale 1-10."),
    # review D 1: a real 0-7 scale (12% zeros) and a 1-10 one (15% at 8-10) beside 12% "NS/NC": the answers out of
    # range extend the scale point by point and are a notable share of the numeric ones, though under 20% of all
    (["NS/NC"] * 12 + ["0"] * 12 + [str(1 + i % 7) for i in range(76)],
     " The answers run from 0 to 7: it looks like a 0-7 scale; give --ces-scale 0-7."),
    (["NS/NC"] * 12 + [str(8 + i % 3) for i in range(15)] + [str(1 + i % 7) for i in range(73)],
     " The answers run from 1 to 10: it looks like a 1-10 scale; give --ces-scale 1-10."),
    # ... but not one stray "8" or "0" beside them: a typo
    (["NS/NC"] * 30 + ["8"] + [str(1 + i % 7) for i in range(69)], None),
    (["NS/NC"] * 30 + ["0"] + [str(1 + i % 7) for i in range(69)], None),
])
def test_the_scale_is_suggested_only_where_the_answers_out_of_range_are_many(tmp_path, answers, hint):
    result, warning = _summarize_warnings(tmp_path / "c.csv", "--ces", "Facilidad", answers)
    assert len(warning) == 2 and "outside the CES scale 1-7" in warning[0] and "not numeric" in warning[1], warning
    if hint is None:
        assert warning[0].endswith("only.") and "--ces-scale" not in result.output, warning
    else:
        assert warning[0].endswith(hint), warning


def test_a_score_column_blank_in_every_row_is_warned_of(tmp_path):
    # QA N 6: docs/metrics.md promises a warning when no answer is valid; a column blank in every row (the wrong
    # wave's, a question not asked) gave NaN everywhere with an empty standard error and no note on the card.
    path, html = tmp_path / "c.csv", tmp_path / "r.html"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "nps_otra_ola": [""] * 50}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps_otra_ola", "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert ("warning: every one of the 50 answers in 'nps_otra_ola' is blank: there is no NPS; is it the right "
            "column?") in result.output.splitlines()
    assert '<p class="excl many">Todas las respuestas están en blanco: revise que sea la columna correcta.</p>' \
        in html.read_text(encoding="utf-8")


def test_min_n_is_said_to_count_responses_as_it_does(classified_file, tmp_path):
    # QA N 7: --help and the report said "fewer comments" while min_n counts rows: by a user column, countries of
    # 100 comments and 150 rows were not marked under --min-n 150.
    for command in ("summarize", "report", "drivers"):
        shown = " ".join(runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).output.split())
        assert "Themes with fewer responses (rows that carry the theme) are flagged." in shown, command
    html = tmp_path / "r.html"
    result = runner.invoke(app, ["summarize", str(classified_file), "--nps", "NPS", "--by", "Región", "--min-n", "100",
                                 "--html", str(html)])
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    assert "En cursiva, temas con menos de 100 respuestas." in page and "100 comentarios" not in page


@pytest.mark.parametrize("answers, codes", [
    ([1, 5, 7, 99, 99, 98], [99, 98]),
    (list(range(0, 100)), []),              # percentages 0-99: 97-99 are answers (not more than twice 96)
    ([1, 5, 10, 99], [99]),
    ([1, 5, 9, 10], []),                    # 9 and 10 of a 1-10 scale, read on 1-5: one digit, no code
    ([1, 5, 100, 99], []),                  # 99 below an answer that is no code
    ([99, 99], [99]),
    # review B 6: one-digit codes past an empty point above the scale, the other answers on it
    ([1, 2, 3, 4, 5, 9], [9]),
    ([1, 2, 3, 4, 5, 8, 9], [9, 8]),
    ([1, 3, 9], [9]),
    ([1, 5, 9, 99], [99, 9]),
    (list(range(1, 10)), []),               # 1-9 read on 1-5: 6-8 answered, a longer scale
    ([1, 5, 7, 9], []),                     # answers past the scale beside the 9: it may be a 1-9 scale
    ([1, 5, 6, 9], []),
])
def test_unknown_codes(answers, codes):
    from cxnlp.batch import unknown_codes

    assert unknown_codes(np.array(answers, dtype=float), 5).tolist() == codes


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "meta.json").is_file(), reason="no trained model at models/default")
def test_report_prints_what_each_metric_excluded(tmp_path):
    """`cxnlp report` printed only "report -> informe.html (50 responses)" while no CSAT answer could be read."""
    survey, html = tmp_path / "encuesta.csv", tmp_path / "informe.html"
    pd.DataFrame({"Comentario": ["Llegó tarde", "Muy amables en tienda"] * 25, "NPS": ["10 - Muy probable", "3"] * 25,
                  "CSAT": ["Excelente", "Regular"] * 25}).to_csv(survey, index=False)
    result = runner.invoke(app, ["report", str(survey), "--text", "Comentario", "--nps", "NPS", "--csat", "CSAT",
                                 "--html", str(html), "--min-n", "5"])
    assert result.exit_code == 0, result.output
    assert "NPS (NPS): 50 valid answers; excluded 0 blank, 0 out of range, 0 not numeric." in result.output
    assert "CSAT (CSAT): 0 valid answers; excluded 0 blank, 0 out of range, 50 not numeric." in result.output
    # The count and the answers themselves, as docs/metrics.md section 1 says (the warning named the column only).
    assert ("warning: none of the 50 answers in 'CSAT' is a valid CSAT score (50 not numeric, e.g. 'Excelente', "
            "'Regular')") in result.output
    # The comments' statuses, as classify prints them (a survey in English said only "(7 responses)").
    assert f"report -> {html} (50 responses; ok: 50)" in result.output


@pytest.mark.parametrize("args, message", [
    (["--nps", "Recomendacion 0-10"], "NPS column (--nps) 'Recomendacion 0-10' not found"),
    (["--nps", "NPS", "--csat", "Satisfaccion"], "CSAT column (--csat) 'Satisfaccion' not found"),
    (["--nps", "NPS", "--date", "Fecah"], "date column (--date) 'Fecah' not found"),
    (["--nps", "NPS", "--by", "touchpoints,Region"], "Theme column (--by) 'Region' not found"),
])
def test_report_checks_the_named_columns_before_classifying(tmp_path, monkeypatch, args, message):
    """A typo in --nps was found only after every row was classified and -o written, and the error listed the
    cx_ columns as if they were the user's."""
    import cxnlp.model

    survey, html, out = tmp_path / "encuesta.csv", tmp_path / "informe.html", tmp_path / "clasificada.csv"
    pd.DataFrame({"Comentario": ["Llegó tarde", "Muy amables"], "NPS": [2, 9], "Fecha": ["01/07/2024"] * 2,
                  "País": ["Chile", "Perú"]}).to_csv(survey, index=False)
    def classify_frame(*args, **kwargs):
        raise RuntimeError("classified before the columns were checked")

    monkeypatch.setattr(cxnlp.model.Model, "classify_frame", classify_frame)
    result = runner.invoke(app, ["report", str(survey), "--text", "Comentario", *args, "--html", str(html),
                                 "-o", str(out)])
    assert result.exit_code == 1 and message in result.output, result.output
    assert "cx_" not in result.output
    assert not out.exists() and not html.exists()
    ok = runner.invoke(app, ["report", str(survey), "--text", "comentario", "--nps", "nps", "--by", "touchpoints,pais",
                             "--date", "FECHA", "--html", str(html)])  # the same matching rules as summarize
    assert "classified before the columns were checked" in ok.output + str(ok.exception), ok.output


@pytest.mark.parametrize("dates, extra, said", [
    ([f"07/{1 + i % 10:02d}/2024 {1 + i % 12:02d}:15:00 {'AM' if i % 2 else 'PM'}" for i in range(40)], [], True),
    ([f"07/{1 + i % 10:02d}/2024 10:00 AM" for i in range(40)], ["--monthfirst"], False),  # told: nothing to say
    ([f"{1 + i % 10:02d}/07/2024" for i in range(39)] + ["15/07/2024"], [], False),  # 15/07 tells the order
    (["2024-07-01"] * 40, [], False),                                                  # ISO: no order to decide
])
def test_summarize_says_when_the_day_month_order_was_guessed(tmp_path, dates, extra, said):
    """A SurveyMonkey wave of 1-10 July (07/05/2024 10:15:00 AM) became ten months, read day first, silently."""
    path = tmp_path / "c.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "nps": 9, "Start Date": dates}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--period", "month", "--date", "Start Date",
                                 "--min-n", "1", *extra])
    assert result.exit_code == 0, result.output
    line = "Dates in 'Start Date' were read day first (05/07/2024 as 5 July): no date in it tells the order."
    assert (line in result.output) == said, result.output
    assert ("--monthfirst" in result.output) == said


def test_every_command_that_reads_ambiguous_dates_says_so_once_and_the_report_too(tmp_path):
    """Only summarize --period and report said the dates were read day first: summarize --html (the report's trend),
    --changes and changes spread a month-first US wave over July to October without a word, and the HTML neither."""
    dates = [f"07/{1 + i % 10:02d}/2024 10:15:00 AM" for i in range(60)]
    path, html = tmp_path / "c.csv", tmp_path / "informe.html"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 30, "cx_sentiment": "negative",
                  "nps": [i % 11 for i in range(60)], "fecha": dates}).to_csv(path, index=False)
    line = "Dates in 'fecha' were read day first (05/07/2024 as 5 July): no date in it tells the order."
    for command in (["summarize", str(path), "--nps", "nps", "--html", str(html)],
                    ["summarize", str(path), "--nps", "nps", "--changes", "month", "--min-n", "2"],
                    ["summarize", str(path), "--nps", "nps", "--period", "month", "--changes", "month", "--min-n", "2"],
                    ["changes", str(path), "--nps", "nps", "--period", "month", "--min-n", "2"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output
        assert result.output.count(line) == 1, (command, result.output)
    assert "fechas leídas con el día primero (05/07/2024: 5 de julio)" in html.read_text(encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--html", str(html), "--monthfirst"])
    assert line not in result.output and "fechas leídas con el día primero" not in html.read_text(encoding="utf-8")


@pytest.mark.parametrize("header", ["Recomendación\n(0-10)", "Recomendación\r\n(0-10)", "Recomendación\t(0-10)",
                                    "Recomendación\u00a0(0-10)", "Recomendación \n (0-10)"])
def test_a_header_with_a_line_break_is_named_with_a_space(tmp_path, header):
    """A header cell typed with Alt+Enter in Excel could not be named at all: only ' ' matched a space."""
    from cxnlp.columns import find_column, fold

    assert fold(header) == fold("Recomendación (0-10)") == fold("recomendacion_(0-10)")
    assert find_column(["ID", header], "Recomendación (0-10)", "NPS column") == header
    path = tmp_path / "c.xlsx"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", header: [9, 10, 3]}).to_excel(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "Recomendación (0-10)", "--min-n", "1"])
    assert result.exit_code == 0, result.output
    assert "3 valid answers" in result.output


def test_summarize_marks_no_theme_below_min_n_significant(tmp_path):
    """One 'returns' respondent scoring 0 among 200 happier ones: p = 0.03, but one answer is no evidence, and
    the printed table marked it '*'."""
    rows = [("app", 10)] * 120 + [("app", 8)] * 60 + [("app", 3)] * 20 + [("returns", 0)]
    path = tmp_path / "c.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": [t for t, _ in rows], "nps": [n for _, n in rows]}).to_csv(
        path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--min-n", "10"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.lstrip().startswith("Devoluciones"))
    assert "low n" in line and "*" not in line


def test_summarize_by_a_column_named_like_an_output_and_options_checked_before_writing(tmp_path):
    """A --by column called 'csat' was overwritten by the CSAT metric; '--changes year' failed after -o was
    written; a mean metric's impact printed as '-0.0*'."""
    path = tmp_path / "c.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery", "app", "app"], "nps": [9, 3, 10, 7],
                  "csat": [5, 2, 4, 5], "ces": [6, 2, 6, 5]}).to_csv(path, index=False)
    out = tmp_path / "s.csv"
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--csat", "csat", "--by", "csat",
                                 "--min-n", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    table = read_table(out)
    assert sorted(table["by_csat"]) == ["2", "4", "5"] and "csat" in table
    bad = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--changes", "year", "-o", str(tmp_path / "x.csv")])
    assert bad.exit_code == 1 and not (tmp_path / "x.csv").exists()
    means = runner.invoke(app, ["summarize", str(path), "--ces", "ces", "--min-n", "1"])
    assert "[" in means.output and ".00, " not in means.output.split("ces_impact")[0]
    line = next(x for x in means.output.splitlines() if x.lstrip().startswith("Envío"))
    assert any(len(token.split(".")[-1].rstrip("*")) == 2 for token in line.split() if token.startswith(("+", "-")))


def test_min_n_1_tests_changes_from_2_in_the_report_as_in_the_printed_table(tmp_path):
    """--min-n 1 is accepted and the printed changes table tests from 2 observations; the report passed 1 on to
    changes, which needs 2: with --compare it failed after -o was written, without it "Qué cambió" was dropped."""
    path = tmp_path / "mn.csv"
    pd.DataFrame({"fecha": ["2024-11-05", "2024-11-06", "2024-11-07", "2024-12-05", "2024-12-06", "2024-12-07"],
                  "nps": [2, 10, 9, 3, 10, 1], "cx_status": "ok",
                  "cx_sentiment": ["negative", "positive", "positive", "negative", "positive", "negative"],
                  "cx_touchpoints": ["delivery", "app", "app", "delivery", "app", "delivery"]}).to_csv(path, index=False)
    out, html = tmp_path / "s.csv", tmp_path / "r.html"
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--min-n", "1", "--compare", "2024-11",
                                 "2024-12", "--html", str(html), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and 'id="changes"' in html.read_text(encoding="utf-8")
    assert "fewer than 2 observations in a period" in result.output
    assert "menos de 2 observaciones en algún periodo" in html.read_text(encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--min-n", "1", "--html", str(html)])
    assert result.exit_code == 0 and 'id="changes"' in html.read_text(encoding="utf-8")


def test_day_or_month_first_can_be_forced_on_every_command(tmp_path):
    # found by review: README says the order "can be forced with dayfirst", but no command had the option, and
    # discover had no parameter: an m/d/y column with every day up to 12 was read day first everywhere
    frame = pd.DataFrame({"fecha": ["01/02/2024", "03/04/2024"] * 40, "cx_status": "ok",
                          "cx_sentiment": ["positive", "negative"] * 40, "cx_touchpoints": "app", "nps": 9})
    path = tmp_path / "clasificada.csv"
    frame.to_csv(path, index=False)
    months = {}
    for flag in ("--dayfirst", "--monthfirst"):
        out = tmp_path / f"resumen{flag}.csv"
        result = runner.invoke(app, ["summarize", str(path), "--by", "sentiment", "--period", "month", "--min-n", "1",
                                     flag, "-o", str(out)])
        assert result.exit_code == 0, result.output
        months[flag] = sorted(set(pd.read_csv(out)["period"]))
    assert months == {"--dayfirst": ["2024-02", "2024-04"], "--monthfirst": ["2024-01", "2024-03"]}
    result = runner.invoke(app, ["changes", str(path), "--period", "month", "--by", "sentiment", "--min-n", "2",
                                 "--monthfirst"])
    assert result.exit_code == 0 and "2024-01" in result.output and "2024-03" in result.output, result.output
    from cxnlp.insights._groups import growth  # what discover(..., dayfirst=) reads growth with

    members = pd.DataFrame({"group": [1] * len(frame)}, index=frame.index)
    grown = growth(frame, "fecha", "month", members, pd.Series(True, index=frame.index), 1, dayfirst=False)
    assert (grown.loc[1, "previous_period"], grown.loc[1, "last_period"]) == ("2024-01", "2024-03")


def test_quarter_labels_are_quarters_on_every_command(tmp_path):
    """'2024-T1'..'2024-T4' were read as January to April by summarize, changes, the report and discover's growth; by
    month or week they are now an error of one line that names --period quarter."""
    frame = pd.DataFrame({"fecha": ["2024-T1", "T2 2024", "3T2024", "T4 de 2024"] * 20, "cx_status": "ok",
                          "cx_sentiment": ["positive", "negative"] * 40, "cx_touchpoints": "app", "nps": 9,
                          "comentario": "la app va lenta"})
    path, out = tmp_path / "clasificada.csv", tmp_path / "resumen.csv"
    frame.to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--by", "sentiment", "--period", "quarter", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(set(pd.read_csv(out)["period"])) == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    result = runner.invoke(app, ["changes", str(path), "--period", "trimestre", "--by", "sentiment", "--min-n", "2"])
    assert result.exit_code == 0 and "2024-Q3" in result.output and "2024-Q4" in result.output, result.output
    html = tmp_path / "informe.html"
    result = runner.invoke(app, ["report", str(path), "--nps", "nps", "--period", "quarter", "--html", str(html)])
    assert result.exit_code == 0 and "2024 T4" in html.read_text(encoding="utf-8"), result.output
    # Without --period the report's trend is by quarter on a column of quarters (period "auto"), by month elsewhere.
    auto = tmp_path / "auto.html"
    result = runner.invoke(app, ["report", str(path), "--nps", "nps", "--html", str(auto)])
    assert result.exit_code == 0, result.output
    assert auto.read_text(encoding="utf-8") == html.read_text(encoding="utf-8")
    for command in (["summarize", str(path), "--period", "month"], ["changes", str(path), "--period", "week"],
                    ["report", str(path), "--nps", "nps", "--period", "month", "--html", str(html)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, result.output
        # (a spaCy series other than the shipped model's adds a warning line: left out here)
        shown = "".join(line for line in result.output.splitlines(True) if "other library versions" not in line)
        assert shown.startswith("error: date column 'fecha' holds quarters, not days (such as '2024-T1')")
        assert "use period 'quarter' (--period quarter)" in shown and shown.count("\n") == 1
    from cxnlp.insights._groups import growth  # discover's growth

    members = pd.DataFrame({"group": [1] * len(frame)}, index=frame.index)
    grown = growth(frame, "fecha", "quarter", members, pd.Series(True, index=frame.index), 1)
    assert (grown.loc[1, "previous_period"], grown.loc[1, "last_period"]) == ("2024-Q3", "2024-Q4")
    with pytest.raises(DataError, match="holds quarters"):
        growth(frame, "fecha", "month", members, pd.Series(True, index=frame.index), 1)


def test_the_report_and_discover_choose_quarters_for_a_column_of_quarters_and_months_otherwise(tmp_path):
    """period "auto" (the default of the report and discover): 'T3 2024' labels are trended by quarter, days by month;
    a named period is kept."""
    from cxnlp.metrics.periods import chosen_period
    from cxnlp.report import build_report

    assert chosen_period(pd.Series(["T1 2024", "2024-02-03", None]), "auto") == "quarter"
    assert chosen_period(pd.Series(["2024-01-05", "2024-02-03", None]), "auto") == "month"
    assert chosen_period(pd.Series(["T1 2024"]), "week") == "week"
    frame = pd.DataFrame({"fecha": ["2024-01-10", "2024-02-11", "2024-03-12", "2024-05-13"] * 20, "cx_status": "ok",
                          "cx_sentiment": ["positive", "negative"] * 40, "cx_touchpoints": "app", "nps": 9,
                          "comentario": "la app va lenta"})
    by_month = build_report(frame, nps="nps", date="fecha", period="month")
    assert build_report(frame, nps="nps", date="fecha") == by_month and "Evolución por mes" in by_month
    quarters = frame.assign(fecha=frame["fecha"].map({"2024-01-10": "T1 2024", "2024-02-11": "T1 2024",
                                                      "2024-03-12": "T1 2024", "2024-05-13": "T2 2024"}))
    html = build_report(quarters, nps="nps", date="fecha")
    assert "Evolución por trimestre" in html and "2024 T2" in html
    assert "2024 T1 – 2024 T2" in html and "1 ene 2024" not in html  # the header's span: quarters, not first days
    assert "10 ene 2024 – 13 may 2024" in by_month
    with pytest.raises(DataError, match="holds quarters"):
        build_report(quarters, nps="nps", date="fecha", period="month")


@pytest.mark.parametrize(("effort", "says"), [
    ("none", "Effort vs CES (CES): cannot be computed: effort or the answer does not vary (n = 144)."),
    ("otro", "Effort vs CES (CES): cannot be computed: 0 labelled comments have both an effort value and a valid "
             "answer."),
])
def test_summarize_says_why_the_effort_ces_correlation_is_missing(tmp_path, effort, says):
    """Effort that does not vary, or no comment with both, printed 'Spearman rho +nan [+nan, +nan], n = 431'."""
    survey = classified_survey()
    path = tmp_path / "c.csv"
    survey.assign(cx_effort=survey["cx_status"].map({"ok": effort})).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--ces", "CES", "--min-n", "20"])
    assert result.exit_code == 0, result.output
    assert says in result.output and "nan" not in result.output.split("CES (CES):")[1]


def test_summarize_reads_the_parquet_folder_of_classify_engine_dask(tmp_path):
    """``cxnlp classify --engine dask`` writes a folder of part files: ``summarize dout`` said "unsupported file
    type ''". The folder reads as one table, parts in name order; a folder without Parquet is one error line."""
    survey = classified_survey()
    folder = tmp_path / "dout"
    folder.mkdir()
    for i, start in enumerate(range(0, len(survey), 100)):
        survey.iloc[start:start + 100].to_parquet(folder / f"part.{i:05d}.parquet", index=False)
    (folder / "_SUCCESS").touch()
    (folder / ".part.00009.parquet.123.tmp").write_text("a killed task's leftover")
    assert read_table(folder)["ID"].tolist() == survey["ID"].tolist()
    whole = tmp_path / "c.parquet"
    survey.to_parquet(whole, index=False)
    got, want = (runner.invoke(app, ["summarize", str(p), "--nps", "NPS", "--min-n", "20"]) for p in (folder, whole))
    assert got.exit_code == 0, got.output
    assert got.output == want.output and "NPS (NPS): 239 valid answers" in got.output
    (tmp_path / "vacia").mkdir()
    result = runner.invoke(app, ["summarize", str(tmp_path / "vacia")])
    assert result.exit_code == 1
    assert "vacia is a folder without Parquet files" in result.output and "unsupported file type" not in result.output


def test_parts_of_a_parquet_folder_with_other_columns_never_mix_headings(tmp_path):
    """Rows are written by position: a second part with its columns in reverse order put its comments under
    the first part's id heading (exit 0). The same columns in another order are read in the first part's order;
    other columns are one error line."""
    survey = classified_survey()
    folder = tmp_path / "mix"
    folder.mkdir()
    survey.iloc[:100].to_parquet(folder / "a.parquet", index=False)
    survey.iloc[100:200][survey.columns[::-1]].to_parquet(folder / "b.parquet", index=False)
    assert read_table(folder).equals(survey.iloc[:200].reset_index(drop=True))
    survey.iloc[200:300].drop(columns=["ID"]).to_parquet(folder / "c.parquet", index=False)
    result = runner.invoke(app, ["summarize", str(folder), "--nps", "NPS"])
    assert result.exit_code == 1 and "c.parquet: its columns" in result.output
    assert "every part of a folder must have the same columns" in result.output


def test_report_by_a_column_that_classifying_adds(tmp_path):
    # --by cx_churn_risk names a column the input does not have yet: classifying adds it (docs: --by cx_industry)
    from cxnlp.metrics.summary import check_columns

    check_columns(["Comentario", "NPS"], by="cx_churn_risk", nps="NPS")
    with pytest.raises(DataError, match="'cx_nada' not found"):
        check_columns(["Comentario", "NPS"], by="cx_nada", nps="NPS")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_a_column_not_found_is_told_among_every_column_of_the_file(tmp_path, suffix):
    """summarize reads no comments or segments without a report; its errors listed the columns read, so the file
    seemed to have no comment column ("The table has ['nps']")."""
    frame = pd.DataFrame({"comentario": ["Muy bien todo", "Mal"], "nps": ["9", "3"], "cx_segments": ["[]", "[]"]})
    path = tmp_path / f"c{suffix}"
    getattr(frame, {".csv": "to_csv", ".xlsx": "to_excel", ".parquet": "to_parquet"}[suffix])(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "recomendacion"])
    assert result.exit_code == 1
    assert ("NPS column (--nps) 'recomendacion' not found; the table has columns ['comentario', 'nps', "
            "'cx_segments'].") in result.output
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps"])
    assert result.exit_code == 1 and "The table has ['comentario', 'nps', 'cx_segments']." in result.output


@pytest.mark.parametrize("cell", ["['\\U00110000']", "['\\ud800x']"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_summarize_writes_escapes_that_name_no_character(tmp_path, cell, suffix):
    """Found by QA: '['\\U00110000']' crashed summarize ('chr() arg not in range'), and '['\\ud800x']' (a lone
    surrogate) made a summary no CSV, XLSX or Parquet file could hold: both read as U+FFFD."""
    data = tmp_path / "cls.csv"
    rows = [f'ok,negative,"{cell}",0'] + [f"ok,negative,['app'],{k}" for k in range(1, 11)]
    data.write_text("cx_status,cx_sentiment,cx_touchpoints,nps\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / f"summary{suffix}"
    result = runner.invoke(app, ["summarize", str(data), "--nps", "nps", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_summarize_counts_of_one_are_in_the_singular(tmp_path):
    """'1 valid answers', 'fewer than 1 rows' and '1 of 2 answers ... are' (QA J 8)."""
    path = tmp_path / "c.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "NPS": ["9", "n/s"]}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "NPS", "--min-n", "1"])
    assert result.exit_code == 0, result.output
    assert "NPS (NPS): 1 valid answer; excluded 0 blank, 0 out of range, 1 not numeric." in result.output
    assert "'low n': fewer than 1 row, never marked." in result.output
    assert "warning: 1 of 2 answers in 'NPS' (50%) is not numeric" in result.output


def test_terminal_tables_print_no_nan_and_no_negative_zero(tmp_path):
    """QA W 9: a metric without a valid answer printed pandas' NaN beside a blank interval and impact, and an impact
    that rounds to zero kept its minus sign (-0.00), which reads as a theme that costs points; the report said 0,00."""
    from cxnlp.cli.options import number

    assert [number(v, 2, signed=True) for v in (-0.004, 0.004, -0.0, 0.5, -1.256)] == ["0.00", "0.00", "0.00",
                                                                                         "+0.50", "-1.26"]
    assert [number(v, 1) for v in (float("nan"), pd.NA, None, -0.04, 4.25)] == ["", "", "", "0.0", "4.2"]
    n = 60
    path = tmp_path / "clasificada.csv"
    pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["positive", "negative"] * n,
                  "cx_touchpoints": ["app"] * n + ["delivery"] * n, "nps": [9, 3] * n,
                  "ces": [5, 2] * (n // 2) + [None] * n}).to_csv(path, index=False)  # delivery: no CES answer
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--ces", "ces"])
    assert result.exit_code == 0, result.output
    assert "NaN" not in result.output and not re.search(r"-0\.0+\b", result.output), result.output
    # net sentiment too: a file without cx_sentiment printed NaN in its column, and -0.04 printed "-0.0"
    tiny = ["positive"] * 1249 + ["negative"] * 1250 + ["neutral"]
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "cx_sentiment": tiny}).to_csv(path, index=False)
    for frame in (pd.read_csv(path), pd.read_csv(path).drop(columns="cx_sentiment")):
        frame.to_csv(path, index=False)
        result = runner.invoke(app, ["summarize", str(path)])
        assert result.exit_code == 0, result.output
        assert "NaN" not in result.output and not re.search(r"-0\.0+\b", result.output), result.output


def test_rows_unreadable_in_the_order_forced_are_said_with_the_option_to_drop(tmp_path):
    """--monthfirst on day-first dates: the line said only that 2 rows had no readable date, never that the forced
    order made them unreadable, nor what to do."""
    path = tmp_path / "fechas.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "nps": [9, 3, 10],
                  "fecha": ["20/01/2024", "25/01/2024", "05/02/2024"]}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--period", "month", "--date", "fecha",
                                 "--monthfirst", "--min-n", "1"])
    assert result.exit_code == 0, result.output
    assert ("The dates of 2 rows in 'fecha' read only day first (a day over 12, as in 13/01/2024), and --monthfirst "
            "reads month first: leave --monthfirst out to decide the order from the column's dates.") in result.output
    plain = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--period", "month", "--date", "fecha"])
    assert "read only" not in plain.output and "without a readable date" not in plain.output


def test_rows_without_a_readable_date_are_said_with_how_their_cells_are_written(tmp_path):
    """'Fecha: 15/01/2024' beside '15/01/2024' is no date: the line said only that 2 rows had none, which blank cells
    also give, and never how the unread were written. It now quotes them, the most frequent first."""
    path = tmp_path / "fechas.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "nps": [9, 3, 10, 8, 7],
                  "fecha": ["15/01/2024", "Fecha: 15/01/2024", "Fecha: 15/01/2024", "20/02/2024", None]}).to_csv(
        path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--period", "month", "--date", "fecha",
                                 "--min-n", "1"])
    assert result.exit_code == 0, result.output
    assert ("3 rows without a readable date in 'fecha' are left out of the trend (e.g. 'Fecha: 15/01/2024').\n"
            in result.output)
    path.write_text(path.read_text().replace("Fecha: ", ""))  # a blank cell alone: nothing to quote
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--period", "month", "--date", "fecha",
                                 "--min-n", "1"])
    assert "1 row without a readable date in 'fecha' is left out of the trend.\n" in result.output


def test_unread_date_cells_quoted_are_redacted_and_cut_to_one_short_line(tmp_path):
    """The unread cells quoted beside the count were printed whole: a phone and an e-mail written in the date column
    in clear, and a comment of 10,000 characters as one line of 10,000. Personal data is now replaced, as in the
    report's quotes, and each cell cut to 60 characters."""
    path = tmp_path / "fechas.csv"
    comment = "El cliente dice que " + "muy mal servicio " * 600
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "nps": [9, 3, 10, 8, 7],
                  "fecha": ["15/01/2024", "llamar al 612 345 678", "juan.perez@gmail.com", "20/02/2024", comment]}
                 ).to_csv(path, index=False)
    for command in ("summarize", "changes"):
        result = runner.invoke(app, [command, str(path), "--nps", "nps", "--period", "month", "--date", "fecha",
                                     "--min-n", "1"])
        assert result.exit_code == 0, result.output
        line = next(line for line in result.output.splitlines() if "without a readable date" in line)
        assert "612" not in line and "juan.perez" not in line and len(line) < 300, line
        assert "'llamar al [TELÉFONO]', '[EMAIL]', 'El cliente dice que muy mal servicio" in line


def test_changes_says_the_rows_unreadable_in_the_order_forced_once(tmp_path):
    """`cxnlp changes --monthfirst` on day-first dates said only that 3 rows had no readable date (summarize said
    why); with --changes the summary says it and the comparison does not repeat it."""
    path = tmp_path / "fechas.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "nps": [9, 3, 10, 8, 2, 10],
                  "fecha": ["20/01/2024", "25/01/2024", "05/02/2024", "21/02/2024", "05/01/2024",
                            "06/02/2024"]}).to_csv(path, index=False)
    line = ("The dates of 3 rows in 'fecha' read only day first (a day over 12, as in 13/01/2024), and --monthfirst "
            "reads month first: leave --monthfirst out to decide the order from the column's dates.")
    options = ["--period", "month", "--date", "fecha", "--nps", "nps", "--monthfirst", "--min-n", "1"]
    result = runner.invoke(app, ["changes", str(path), *options])
    assert result.exit_code == 0, result.output
    assert ("3 rows without a readable date in 'fecha' are left out of the comparison (e.g. '20/01/2024', "
            "'25/01/2024', '21/02/2024').\n" + line) in result.output
    both = runner.invoke(app, ["summarize", str(path), *options, "--changes", "month"])
    assert both.exit_code == 0, both.output
    assert both.output.count(line) == 1, both.output
    assert "left out of the comparison" in both.output


def test_a_forced_order_that_leaves_no_date_says_so_not_to_rewrite_the_dates(tmp_path):
    """Every date day first under --monthfirst: the error said to write the dates as 2024-01-31, never that the
    option made them unreadable. The same for changes, in Python too."""
    from cxnlp import changes

    path = tmp_path / "fechas.csv"
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "nps": [9, 3, 10],
                          "fecha": ["20/01/2024", "25/01/2024", "2024-13-45"]})
    frame.to_csv(path, index=False)
    order = ("2 of them read only day first (a day over 12, as in 13/01/2024), which --monthfirst "
             "rules out: leave it out to decide the order from the column's dates; for the others, write its dates "
             "as 2024-01-31")
    options = ["--period", "month", "--date", "fecha", "--nps", "nps", "--min-n", "1"]
    result = runner.invoke(app, ["summarize", str(path), *options, "--monthfirst"])
    assert result.exit_code != 0 and order in result.output, result.output
    with pytest.raises(DataError, match=r"^changes needs dates: .*, which dayfirst=True \(--dayfirst\) rules out"):
        changes(frame.assign(fecha=["01/20/2024", "01/25/2024", ""]), "month", date="fecha", dayfirst=True, nps="nps")
    plain = runner.invoke(app, ["summarize", str(path), *options])
    assert plain.exit_code == 0, plain.output


@pytest.mark.parametrize("command", ["summarize", "report", "drivers", "changes"])
def test_a_repeated_by_is_refused_not_reduced_to_the_last(tmp_path, command):
    """`--by País --by touchpoints` summarised by touchpoints alone, without a word (click keeps the last value
    of an option given twice)."""
    path = tmp_path / "f.csv"
    pd.DataFrame({"País": ["ES", "MX"], "touchpoints": ["app", "store"], "nps": [9, 3]}).to_csv(path, index=False)
    result = CliRunner().invoke(app, [command, str(path), "--nps", "nps", "--by", "País", "-b", "touchpoints"],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output
    usage = result.output.splitlines()[0]  # as click's own usage errors print it
    assert usage.startswith("Usage: ") and f" {command} [OPTIONS]" in usage, result.output
    assert ("--by was given 2 times, and only one is read; to combine themes, give them in one --by, separated by "
            "commas: --by País,touchpoints.") in result.output
    same = CliRunner().invoke(app, [command, str(path), "--nps", "nps", "--by", "tema", "--by", "tema"],
                              env={"COLUMNS": "300"})
    assert same.exit_code == 2 and "--by tema was given 2 times; give it once: --by tema." in same.output, same.output


def test_the_by_a_repeated_by_suggests_works_when_pasted(tmp_path):
    """The --by suggested for a repeated --by was not quoted: '--by Canal de compra,País' pasted into a shell is
    --by Canal and two stray arguments."""
    path = tmp_path / "f.csv"
    pd.DataFrame({"Canal de compra": ["web", "tienda"], "País": ["ES", "MX"], "nps": [9, 3]}).to_csv(path, index=False)
    result = CliRunner().invoke(app, ["summarize", str(path), "--by", "Canal de compra", "--by", "País"],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output
    assert "separated by commas: --by 'Canal de compra,País'." in result.output, result.output
    same = CliRunner().invoke(app, ["summarize", str(path), "--by", "Canal de compra", "--by", "Canal de compra"],
                              env={"COLUMNS": "300"})
    assert "--by 'Canal de compra' was given 2 times; give it once: --by 'Canal de compra'." in same.output


@pytest.mark.parametrize("command", ["summarize", "report", "drivers", "changes"])
def test_allow_formulas_without_an_output_is_refused(classified_file, tmp_path, command):
    # --allow-formulas shapes only the cells --output writes: without one it was ignored in silence
    html = ["--html", str(tmp_path / "r.html")] if command == "report" else []
    result = runner.invoke(app, [command, str(classified_file), "--nps", "NPS", "--allow-formulas", *html])
    assert result.exit_code == 1
    assert " ".join(result.output.split()) == ("error: --allow-formulas needs --output (the CSV or XLSX file whose "
                                               "cells it writes as they are); give --output FILE, or leave "
                                               "--allow-formulas out.")
    assert not (tmp_path / "r.html").exists()


def test_drivers_seed_without_resamples_is_refused(classified_file):
    # --boot 0 draws no resamples: the --seed given was ignored in silence
    result = runner.invoke(app, ["drivers", str(classified_file), "--nps", "NPS", "--boot", "0", "--seed", "5"])
    assert result.exit_code == 1
    assert " ".join(result.output.split()) == ("error: --seed 5 needs --boot above 0 (the resamples it seeds); give "
                                               "--boot N, or leave --seed out.")


def test_a_command_muting_changes_warnings_leaves_another_threads_said(threads_in_turn, no_hang):
    # undated_printed (summarize, report, changes print those lines themselves) muted changes' warnings with
    # warnings.catch_warnings, which swaps the process-wide filters: while a command ran, a call of changes in
    # another thread (a notebook's, a service's) said nothing of its rows without a readable date.
    import types
    import warnings

    from cxnlp.cli.insights import undated_printed
    from cxnlp.exceptions import warn_outside

    inside = types.SimpleNamespace(call=lambda: None)
    turns = threads_in_turn(inside, "call", ("user", "command"))  # the user's call goes in first
    undated = "changes: 3 rows without a readable date in 'fecha' are left out of the comparison."

    def run(name):
        if name == "user":
            inside.call()
            warn_outside(undated, UserWarning)  # (as changes says it)
        else:
            with undated_printed():
                inside.call()
                warn_outside(undated, UserWarning)  # muted: the command prints its own line

    with no_hang("two threads, one muting changes' warnings"), warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        before = list(warnings.filters)
        turns.run(run)
        after = list(warnings.filters)
    assert after == before and [str(w.message) for w in seen] == [undated]


def test_notes_name_a_multiline_or_long_score_column_on_one_line(tmp_path):
    """A score column typed with Alt+Enter in Excel broke summarize's note over two lines ("NPS (Recomendación" /
    "(0-10)): ..."); a Google Forms question of 250 characters was written whole in the note and the drivers' title."""
    frame = classified_survey()
    question = "¿Qué tan probable es que recomiende nuestra empresa a un amigo o colega? " * 3
    path = tmp_path / "encuesta.csv"
    frame.rename(columns={"NPS": "Recomendación\n(0-10)", "CES": question}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "Recomendación (0-10)", "--ces", question])
    assert result.exit_code == 0, result.output
    assert "NPS ('Recomendación\\n(0-10)'): 239 valid answers; excluded 1 blank" in result.output
    assert f"CES ({question[:80]!r}... ({len(question)} characters)): 192 valid answers" in result.output
    result = runner.invoke(app, ["drivers", str(path), "--nps", "Recomendación (0-10)"])
    assert result.exit_code == 0 and "Key drivers of NPS ('Recomendación\\n(0-10)'): effect" in result.output


def test_score_warnings_quote_a_multiline_column_on_one_line():
    """A score column typed with Alt+Enter ("Recomendación\\n(0-10)") printed its line break inside the warning,
    cutting 'warning: every one of the 50 answers in ...' over two lines."""
    from cxnlp.cli._score_warnings import excluded_warning

    blank = {"column": "Recomendación\n(0-10)", "valid": 0, "blank": 50, "out_of_range": 0, "non_numeric": 0}
    assert excluded_warning("nps", blank) == ("warning: every one of the 50 answers in 'Recomendación\\n(0-10)' is "
                                              "blank: there is no NPS; is it the right column?")
    wrong = dict(blank, valid=60, blank=0, out_of_range=40, scale=(0, 10))
    assert "\n" not in excluded_warning("nps", wrong) and "in 'Recomendación\\n(0-10)' (40%)" in excluded_warning(
        "nps", wrong)


def test_what_share_is_of_names_a_long_by_column_cut():
    """The share% note quoted a --by column of 250 characters (a Google Forms question) whole."""
    from cxnlp.cli.metrics import share_base

    question = "¿En cuál de nuestras sucursales realizó su última compra o visita? " * 4
    said = share_base({"by": [question], "period": None, "themed_rows": 5})
    assert said == f"share%: of the 5 responses with a value in {question[:80]!r}... ({len(question)} characters)."


def test_by_names_the_comment_column_with_a_plain_dash_for_its_typographic_one(tmp_path):
    """summarize reads a file without its comment column unless a setting names it; "Comentario - motivo" typed for
    the header's "Comentario – motivo" found the column (match_column) but did not keep it, and --by said the column
    it listed was not found."""
    path = tmp_path / "encuesta.csv"
    path.write_text("Comentario – motivo,nps\nPrecio,9\nEnvío,3\nPrecio,10\n", encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--by", "Comentario - motivo"])
    assert result.exit_code == 0, result.output
    assert "share%: of the 3 responses with a value in 'Comentario – motivo'." in result.output


@pytest.mark.parametrize("columns, said", [
    ({"Finished": ["True", "False", "True", "False"], "Progress": [100, 40, 100, 75]},
     "Partial responses: 2 of 4 rows did not finish the survey ('Finished' False, beside Qualtrics' 'Progress')"),
    ({"Finished": [1, 1, 1, 0]}, "Partial responses: 1 of 4 rows did not finish the survey ('Finished' False, in a "
                                  "column of True and False); it is kept and counted as a complete one."),
    ({"ResponseId": ["R_1", "R_2", "R_3", "R_4"], "Finished": ["False"] * 4},
     "Partial responses: 4 of 4 rows did not finish the survey ('Finished' False, beside Qualtrics' 'ResponseId')"),
    ({"Progress": ["100", "100", "60", "100"]},
     "Partial responses: 1 of 4 rows did not finish the survey ('Progress' under 100)"),
    ({"Start Date (UTC)": ["2026-12-07 10:15:03"] * 4, "Submit Date (UTC)": ["2026-12-07 10:19:40", "", "", None]},
     "Partial responses: 3 of 4 rows did not finish the survey ('Submit Date (UTC)' blank beside a "
     "'Start Date (UTC)')"),
])
def test_summarize_says_how_many_responses_are_partial(tmp_path, columns, said):
    """A Qualtrics export's unfinished answers ("Finished" False, "Progress" under 100) and a Typeform export's
    unsubmitted ones (no submit date) were counted as complete ones in silence: now one line says how many."""
    path = tmp_path / "classified.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "nps": [9, 3, 10, 6],
                  "cx_sentiment": "positive", **columns}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--min-n", "1"])
    assert result.exit_code == 0, result.output
    assert said in result.output


def test_summarize_says_nothing_of_partial_responses_where_none_is_marked(tmp_path):
    """A "Finished" or "Progress" column of another kind (text, a percentage over 100) marks nothing."""
    path = tmp_path / "classified.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"], "nps": [9, 3], "cx_sentiment": "positive",
                  "Finished": ["True", "True"], "Progress": ["en curso", "hecho"]}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--min-n", "1"])
    assert result.exit_code == 0 and "Partial responses" not in result.output, result.output


def test_changes_says_how_many_responses_are_partial(tmp_path):
    """`cxnlp changes` compared periods whose unfinished answers (Qualtrics' "Finished" False) counted as complete
    ones without a word; it now says how many, once, as summarize does (and summarize --changes not twice)."""
    path = tmp_path / "classified.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "nps": [9, 3, 10, 6] * 2, "cx_sentiment": "positive",
                  "RecordedDate": ["2026-11-30 10:15:03"] * 4 + ["2026-12-31 23:30:00"] * 4,
                  "Finished": ["True", "False"] * 4}).to_csv(path, index=False)
    said = ("Partial responses: 4 of 8 rows did not finish the survey ('Finished' False, beside Qualtrics' "
            "'RecordedDate')")
    result = runner.invoke(app, ["changes", str(path), "--nps", "nps", "--period", "month", "--min-n", "1"])
    assert result.exit_code == 0, result.output
    assert "2026-11 -> 2026-12" in result.output and result.output.count(said) == 1
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--changes", "month", "--min-n", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.count(said) == 1


@pytest.mark.parametrize("finished", [["False"] * 4, [0, 0, 0, 0], ["sí", "no", "no", "sí"]])
def test_summarize_says_nothing_of_partial_responses_for_a_finished_without_qualtrics_evidence(tmp_path, finished):
    """A "Finished" of False alone, or of yes and no (an order's status), beside no other Qualtrics column was read
    as Qualtrics' flag: every row, or half of them, was said to be a partial response."""
    path = tmp_path / "classified.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "nps": [9, 3, 10, 6],
                  "cx_sentiment": "positive", "Finished": finished}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--min-n", "1"])
    assert result.exit_code == 0 and "Partial responses" not in result.output, result.output


@pytest.mark.parametrize("beside", ["Response ID", "Recorded Date", "User Language", "Distribution Channel"])
def test_a_finished_beside_qualtrics_question_text_header_is_its_flag(tmp_path, beside):
    """A Qualtrics export read by its question texts' row (--header-row 2) names its columns "Response ID",
    "Recorded Date"...: an export of responses in progress (every "Finished" False) beside them said nothing, where
    beside "ResponseId" it says them all."""
    path = tmp_path / "classified.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "nps": [9, 3, 10, 6],
                  "cx_sentiment": "positive", beside: ["R_1", "R_2", "R_3", "R_4"],
                  "Finished": ["False"] * 4}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--min-n", "1"])
    assert result.exit_code == 0, result.output
    assert (f"Partial responses: 4 of 4 rows did not finish the survey ('Finished' False, beside Qualtrics' "
            f"'{beside}')") in result.output


def test_a_finished_saved_by_spanish_excel_is_still_a_column_of_true_and_false(tmp_path):
    """A Qualtrics CSV opened and saved in Spanish Excel has its "Finished" True and False as VERDADERO and FALSO:
    read as Qualtrics' flag before the evidence was asked for, it then said nothing, where TRUE and FALSE said it."""
    path = tmp_path / "classified.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "nps": [9, 3, 10, 6],
                  "cx_sentiment": "positive", "Finished": ["VERDADERO", "FALSO", "VERDADERO", "VERDADERO"]}).to_csv(
        path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--min-n", "1"])
    assert result.exit_code == 0, result.output
    assert ("Partial responses: 1 of 4 rows did not finish the survey ('Finished' False, in a column of True and "
            "False)") in result.output


@pytest.mark.parametrize("progress", [[0.5, 1.0, 0.25, 1.0], [1, 2, 3, 2], [40, 60, 75, 90], [99.9, 100, 100, 50.5]])
def test_summarize_says_nothing_of_partial_responses_for_a_progress_that_is_no_percentage(tmp_path, progress):
    """A "Progress" of fractions from 0 to 1, an order's steps or no row at 100 is no Qualtrics Progress (whole
    percentages, 100 for each finished response): every row was said to be a partial response."""
    path = tmp_path / "classified.csv"
    pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "nps": [9, 3, 10, 6],
                  "cx_sentiment": "positive", "Progress": progress}).to_csv(path, index=False)
    result = runner.invoke(app, ["summarize", str(path), "--nps", "nps", "--min-n", "1"])
    assert result.exit_code == 0 and "Partial responses" not in result.output, result.output


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "meta.json").is_file(), reason="no trained model at models/default")
def test_report_and_summarize_title_the_page(classified_file, tmp_path):
    """The API took a title, the commands none: every page was "Informe de experiencia de cliente". --title names
    the survey in the page's <title> and heading, as text (escaped)."""
    survey = tmp_path / "encuesta.csv"
    survey.write_bytes(b"".join(SAMPLE.read_bytes().splitlines(keepends=True)[:61]))  # its header and 60 answers
    for command, path, args in (("summarize", classified_file, ["--nps", "NPS"]),
                                ("report", survey, ["--text", "Comentario", "--nps", "Recomendación (0-10)"])):
        html = tmp_path / f"{command}.html"
        result = runner.invoke(app, [command, str(path), *args, "--html", str(html), "--title", "Tienda <Sur> & Co"])
        assert result.exit_code == 0, result.output
        page = html.read_text(encoding="utf-8")
        assert "<title>Tienda &lt;Sur&gt; &amp; Co</title>" in page and "<h1>Tienda &lt;Sur&gt; &amp; Co</h1>" in page
        assert "<Sur>" not in page, command


@pytest.mark.parametrize("command", [["summarize"], ["changes", "--period", "month", "--dayfirst"]])
def test_a_parquet_output_keeps_no_answer_quoted_from_the_input_in_its_metadata(tmp_path, command):
    """pyarrow writes a frame's attrs into a Parquet file's metadata, and the summary's attrs quoted the score cells
    that are no score for the warnings: an e-mail typed as an NPS was stored in 'resumen.parquet' (and an attr JSON
    cannot hold dropped every attr, with a stray warning). The counts stay; the quoted answers do not."""
    import pyarrow.parquet as pq

    frame = classified_survey()
    frame["NPS"] = frame["NPS"].astype(object)
    frame.loc[:9, "NPS"] = "ana.garcia@correo.es"
    frame.to_csv(tmp_path / "clasificada.csv", index=False)
    out = tmp_path / "resumen.parquet"
    result = runner.invoke(app, [*command[:1], str(tmp_path / "clasificada.csv"), *command[1:], "--nps", "NPS",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    metadata = b" ".join(pq.read_schema(out).metadata.values())
    assert b"ana.garcia" not in metadata and "serialize" not in result.stderr
    attrs = json.loads(pq.read_schema(out).metadata[b"pandas"])["attributes"]
    assert attrs["metrics"]["nps"]["non_numeric"] == 10
