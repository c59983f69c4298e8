"""The command line outside a developer's UTF-8 terminal: other console encodings, NO_COLOR, pipes, links,
long names, read-only folders, a C locale. Each case was found by a review of the CLI in such environments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pandas as pd
import pytest
from typer.testing import CliRunner

from cxnlp.cli import app
from cxnlp.exceptions import CxnlpError, DataError

runner = CliRunner()


def _classified(path):
    rows = 120
    pd.DataFrame({"fecha": ["2024-01-10", "2024-02-10"] * (rows // 2), "cx_status": "ok",
                  "cx_sentiment": ["positive", "negative", "neutral"] * (rows // 3),
                  "cx_touchpoints": ["app", "delivery|app", "", "price"] * (rows // 4),
                  "nps": [10, 2, 8, 9, 0, 6] * (rows // 6)}).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("args", [["drivers", "{f}", "--nps", "nps", "--min-n", "5", "--boot", "50"],
                                  ["changes", "{f}", "--period", "month", "--nps", "nps", "--min-n", "5"],
                                  ["classify", "--help"]])
def test_a_console_that_is_not_utf8_gets_question_marks_not_a_crash(tmp_path, args):
    # ↑ ↓ ≠ … in the tables (and rich's … in --help) ended the command with UnicodeEncodeError, after its files
    data = _classified(tmp_path / "clasificada.csv")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    done = subprocess.run([sys.executable, "-m", "cxnlp", *[a.format(f=data) for a in args]], env=env,
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode("cp1252", "replace")[-800:]


# One process imports the command line and runs the command once (so that its modules are loaded), then forks a
# child per run: each reads the CSV, fails and exits through Python's shutdown, as `cxnlp ...` does, in a third
# of a second instead of the two that importing takes. A long GIL switch interval, as in a busy process, makes
# the race likelier. Prints the exit code of every child.
_FORKED_RUNS = """
import gc, json, os, sys, time
sys.setswitchinterval(10)
from cxnlp.cli import main
seconds, sys.argv = float(sys.argv[1]), ["cxnlp", *sys.argv[2:]]
try:
    main()
except SystemExit:
    pass
gc.freeze()  # the children's shutdown skips the parent's objects: 0.3 s instead of 1
codes, start = [], time.monotonic()
while len(codes) < 60 and time.monotonic() - start < seconds:
    pid = os.fork()
    if pid == 0:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        main()
        os._exit(99)
    codes.append(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
print(json.dumps(codes))
"""


@pytest.mark.slow  # runs a command 60 times (the default run's time budget)
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks a child per run")
def test_a_command_failing_on_a_csv_exits_1_not_with_sigabrt(tmp_path):
    """Found by QA: a failing command on a CSV printed its error and then, one run in five to ten, died with SIGABRT
    (exit 134, "terminate called without an active exception"): Arrow freed its CSV reader on one of its own threads,
    and with it the Python buffer over the file, which takes the GIL, while Python was shutting down
    (apache/arrow#34314). The race needs a fresh shutdown each time: 14 s of runs (40 or so; the old code died in
    4 to 10% of them)."""
    data = tmp_path / "encuesta.csv"
    pd.DataFrame({"id": range(600), "fecha": "2024-05-11", "recomendacion": [4.0, 8.0, 10.0] * 200,
                  "csat": [2, 3, 5] * 200, "ces": [3, 5, 7] * 200,
                  "comentario": ["Muy bonita la sala, pero el armado nunca llegó", "Nunca más compro aquí"] * 300,
                  }).to_csv(data, index=False)
    done = subprocess.run([sys.executable, "-c", _FORKED_RUNS, "14", "summarize", str(data), "--nps", "nope"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stderr.startswith("error: NPS column (--nps) 'nope' not found")  # the parent's own run
    codes = json.loads(done.stdout.splitlines()[-1])
    assert len(codes) >= 5 and set(codes) == {1}, codes  # -6: SIGABRT


def test_arrow_parses_a_csv_from_a_mapping_of_its_own(tmp_path, monkeypatch):
    """The cause of the SIGABRT above, checked without a race: the CSV fast path handed Arrow a py_buffer over
    Python's mmap, which Arrow's threads may free last. Arrow must hold nothing that Python owns."""
    import pyarrow as pa

    from cxnlp.io import delimited

    if delimited._text_dtype() is None:
        pytest.skip("the fast path needs pandas' Arrow strings")

    def refuse(*args, **kwargs):
        raise AssertionError("a Python buffer handed to Arrow")

    monkeypatch.setattr(pa, "py_buffer", refuse)
    monkeypatch.setattr(pa, "foreign_buffer", refuse)
    data = tmp_path / "encuesta.csv"
    data.write_text("id,comentario\n1,Nunca más compro aquí\n2,\"Bien, gracias\"\n", encoding="utf-8")
    frame = delimited.read_csv_whole(data, max_cell_chars=1000)
    assert frame is not None and frame["comentario"].tolist() == ["Nunca más compro aquí", "Bien, gracias"]


def test_no_color_and_dumb_terminals_get_plain_error_lines(monkeypatch):
    from cxnlp.cli.app import _color

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert _color("red") == "red"
    monkeypatch.setenv("NO_COLOR", "1")
    assert _color("red") is None
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert _color("red") is None


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_color_error_and_warning_lines_hold_no_escape_code(monkeypatch, tmp_path, env):
    # With colour off, secho still ended each line with ESC[0m on a terminal (color=True stands for one here);
    # warning: lines are said by the same _say.
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = runner.invoke(app, ["classify", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "y.csv")], color=True)
    assert result.exit_code == 1 and result.output.startswith("error: ") and "\x1b" not in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_as_input_is_named_for_what_it_is(tmp_path):
    fifo = tmp_path / "entrada.csv"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["classify", str(fifo), "-o", str(tmp_path / "salida.csv")])
    assert result.exit_code == 1 and "not a regular file" in result.output and "no such file" not in result.output


def test_train_refuses_a_folder_it_cannot_write_before_training(tmp_path):
    from cxnlp.persist import check_save_target

    blocker = tmp_path / "un_archivo"
    blocker.write_text("x")
    with pytest.raises(CxnlpError, match="a model cannot be saved here"):
        check_save_target(blocker / "modelo")  # its parent is a file: nothing can be made there
    check_save_target(tmp_path / "a" / "b" / "modelo")  # checked where it can be made, and nothing made yet
    assert not (tmp_path / "a").exists()


def test_serve_port_out_of_range_is_a_usage_error():
    result = runner.invoke(app, ["serve", "--port", "99999"])
    assert result.exit_code == 2 and "65535" in result.output


def test_outputs_through_links_and_with_long_names(tmp_path, small_model):
    from cxnlp.io import atomic_path

    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "enlace.csv"
    link.symlink_to(real)
    with atomic_path(link) as tmp:
        tmp.write_text("new")
    assert link.is_symlink() and real.read_text() == "new"  # the link was replaced by a file before
    device = tmp_path / "nulo.csv"
    device.symlink_to(os.devnull)
    with pytest.raises(DataError, match="not a regular file"), atomic_path(device) as tmp:
        tmp.write_text("x")
    loop = tmp_path / "bucle.csv"
    loop.symlink_to(loop)
    with pytest.raises(DataError, match="leads to no file"), atomic_path(loop) as tmp:
        tmp.write_text("x")
    long = tmp_path / ("a" * 246 + ".csv")  # a legal name; its lock and temporary names passed 255 bytes
    with atomic_path(long) as tmp:
        tmp.write_text("ok")
    assert long.read_text() == "ok"


def test_a_column_typed_under_a_c_locale_is_found():
    from cxnlp.columns import detect_text_column, find_column

    assert find_column(["\ud800b"], "\ud800b", "NPS column") == "\ud800b"  # not from the command line: as it is
    typed = "Recomendación (0-10)".encode().decode("ascii", "surrogateescape")  # sys.argv under LC_ALL=C
    assert find_column(["Recomendación (0-10)"], typed, "NPS column") == "Recomendación (0-10)"
    assert detect_text_column(["Comentario", "Opinión"], "Opinión".encode().decode("ascii", "surrogateescape")) \
        == "Opinión"


def test_library_messages_name_the_options_the_user_typed():
    from cxnlp.cli.app import cli_wording

    assert cli_wording("pool='everything': expected one of [...]") == "--pool 'everything': expected one of [...]"
    assert cli_wording("min_size=0: expected a whole number") == "--min-size 0: expected a whole number"
    assert cli_wording("where=\"Pais == 1\": the name") == "--where \"Pais == 1\": the name"
    assert cli_wording("no comment column found; name it with text=...") == "no comment column found; name it with --text"
    assert cli_wording("a.csv: the value by=3 stays") == "a.csv: the value by=3 stays"  # only an opening argument
    assert cli_wording("date=2024-01/nope.csv: no such file") == "date=2024-01/nope.csv: no such file"  # a path
    # QA W 8: base, weight, "period 'x'", "lang 'x'", "by must/by names"; no hint for Python users
    assert cli_wording("base='nope': expected 'default'") == "--base 'nope': expected 'default'"
    assert cli_wording("weight=-1.0: expected a positive number") == "--weight -1.0: expected a positive number"
    assert cli_wording("period 'year' is not known; expected one of ['month']") == \
        "--period 'year' is not known; expected one of ['month']"
    assert cli_wording("lang 'fr' is not supported; expected 'es'") == "--lang 'fr' is not supported; expected 'es'"
    assert cli_wording("by must name one or more columns, e.g.") == "--by must name one or more columns, e.g."
    assert cli_wording("by names 'a' 2 times; give it once: by='a'.") == "--by names 'a' 2 times; give it once: --by a."
    assert cli_wording("by names 'a' 2 times (also as 'cx_a'); give it once: by='a b'.") == \
        "--by names 'a' 2 times (also as 'cx_a'); give it once: --by 'a b'."
    # review E 2: the messages --compare and --changes raise too name no option they did not come from, and a
    # file name that opens a message is never rewritten
    assert cli_wording("period 'enero' is not a period label (2024-Q1)") == "period 'enero' is not a period label (2024-Q1)"
    assert cli_wording("period must be week, month, quarter; got 'year'.") == "period must be week, month, quarter; got 'year'."
    assert cli_wording("by names 2024.csv: no such file") == "by names 2024.csv: no such file"
    assert cli_wording("period 'Q1' ventas.xls: an Excel 97-2003 workbook") == "period 'Q1' ventas.xls: an Excel 97-2003 workbook"
    assert cli_wording("lang 'x' is here.csv: no such file") == "lang 'x' is here.csv: no such file"
    # a number setting inside a message: discover's pool too small, the drivers' small baseline
    assert cli_wording("at least min_size=8 needs 16. Try pool='all', a wider filter or a smaller min_size.") \
        == "at least --min-size 8 needs 16. Try --pool all, a wider filter or a smaller --min-size."
    assert cli_wording("only 2 do; fewer than min_n=5, the") == "only 2 do; fewer than --min-n 5, the"
    assert cli_wording("--compare: but 2024-03 comes after 2024-01; give them in time order: ('2024-01', '2024-03').") \
        == "--compare: but 2024-03 comes after 2024-01; give them in time order: --compare 2024-01 2024-03."
    # a file or column the user named so is left as typed
    assert cli_wording("/datos/ola min_n=5.csv: no such file") == "/datos/ola min_n=5.csv: no such file"
    assert cli_wording("column 'nota (min_size=3)' not found") == "column 'nota (min_size=3)' not found"
    assert cli_wording("is empty: none is in it; try pool='all' (--pool all) or a wider filter.") == \
        "is empty: none is in it; try --pool all or a wider filter."
    assert cli_wording("period of the trend: monthly") == "period of the trend: monthly"  # a word, not the argument
    assert cli_wording("x.csv: a CSV file has no sheets; leave out --sheet (sheet=...).") == \
        "x.csv: a CSV file has no sheets; leave out --sheet."
    assert cli_wording("name it with --nps, --csat or --ces (nps=... in Python).") == \
        "name it with --nps, --csat or --ces."
    assert cli_wording("--by 'a' needs 'cx_a'; classify the comments first (Model.classify_frame or 'cxnlp classify')."
                       ) == "--by 'a' needs 'cx_a'; classify the comments first with 'cxnlp classify'."


def test_a_column_not_found_names_the_option_that_named_it(tmp_path):
    """--by's error said "Theme column (--by) 'x'", the others named no option ("NPS column 'x' not found")."""
    from cxnlp.cli.app import cli_wording

    survey = tmp_path / "encuesta.csv"
    pd.DataFrame({"comentario": ["Muy bien", "Mal"], "sector": ["banca", "banca"]}).to_csv(survey, index=False)
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["classify", str(survey), "-o", str(out), "--industry-column", "rubro"])
    # (a spaCy series other than the shipped model's adds a warning line: left out here)
    shown = "".join(line for line in result.output.splitlines(True) if "saved with other library versions" not in line)
    assert result.exit_code == 1 and shown == ("error: industry column (--industry-column) 'rubro' not found; "
                                               "the table has columns ['comentario', 'sector'].\n")
    assert cli_wording("Date column 'fecha' appears 2 times in the table; rename") == \
        "Date column (--date) 'fecha' appears 2 times in the table; rename"
    assert cli_wording("CES column 'Ces' matches 2 columns once case") == \
        "CES column (--ces) 'Ces' matches 2 columns once case"
    # only these messages of a column named by an option: the date column a quarter error names may be detected
    assert cli_wording("date column 'f' holds quarters, not days") == "date column 'f' holds quarters, not days"


def test_a_python_argument_beside_its_option_is_left_out_on_the_command_line(tmp_path):
    """Library messages that name both the option and the Python argument ("--header-row (header_row=...)",
    "weight=2 (--weight)", "Theme column (by)") reached the command line with the Python half."""
    data = _classified(tmp_path / "clasificada.csv")
    (tmp_path / "filas.jsonl").write_text('{"texto": "hola"}\n', encoding="utf-8")
    pd.read_csv(data).assign(comentario="La app falla").to_csv(tmp_path / "con_texto.csv", index=False)
    pd.DataFrame({"text": [f"Comentario número {i}" for i in range(20)], "sentiment": ["positive", "negative"] * 10}
                 ).to_csv(tmp_path / "etiquetas.csv", index=False)
    cases = {
        ("summarize", str(data), "--header-row", "500"): "(--header-row), or leave it out.",
        ("summarize", str(tmp_path / "filas.jsonl"), "--header-row", "2"): "leave out --header-row.",
        ("summarize", str(data), "--by", "nada"): "error: Theme column (--by) 'nada' not found",
        ("discover", str(tmp_path / "con_texto.csv"), "--pool", "low-confidence"):
            "--pool low-confidence cannot be used: classify the file again with this version of cxnlp (cxnlp "
            "classify) to have it, or use --pool general.",
        ("train", "--data", str(tmp_path / "etiquetas.csv"), "--out", str(tmp_path / "m"), "--weight", "2"):
            "error: --weight 2 weighs your rows against the base rows (--base), and there are none, nor rows with a "
            "weight of their own; give a base, or leave --weight out.",
        ("train", "--data", str(tmp_path / "etiquetas.csv"), "--out", str(tmp_path / "m"), "--weight", "nan"):
            "error: --weight nan: expected a positive, finite number",
    }
    for args, said in cases.items():
        result = runner.invoke(app, list(args))
        assert result.exit_code == 1, (args, result.output)
        assert said in result.output, (args, result.output)
        assert "=" not in result.output.replace("--header-row 500", ""), (args, result.output)
    from cxnlp.cli.app import cli_wording
    from cxnlp.metrics.summary import no_dates_message

    assert cli_wording("x; give --allow-formulas (allow_formulas=True) to write it") == \
        "x; give --allow-formulas to write it"
    assert cli_wording("none is in 'R'; give --by (by=) a column that is filled in.") == \
        "none is in 'R'; give --by a column that is filled in."
    assert cli_wording("Add yours with --base default (cxnlp.train(..., base='default')), which has both.") == \
        "Add yours with --base default, which has both."
    assert cli_wording("m: no meta.json It cannot be compared; force=True (--force) replaces it") == \
        "m: no meta.json It cannot be compared; --force replaces it"
    assert cli_wording("a=b (--x).csv: no such file") == "a=b (--x).csv: no such file"  # a name, as typed
    assert cli_wording("column 'nota (--by, x=...)' not found") == "column 'nota (--by, x=...)' not found"
    # an argument of another name than its option's, and "(by)" after a theme column's name
    assert cli_wording(no_dates_message(pd.Series(["13/01/2024"] * 3), "a trend by month needs dates",
                                        dayfirst=False)).count("which --monthfirst rules out") == 1
    assert cli_wording("metric name 'region' would write the theme column 'region' (by); give the metric another "
                       "name") == "metric name 'region' would write the theme column 'region' (--by); give the metric "\
                                  "another name"


def test_a_name_quoted_in_a_message_is_left_as_typed(tmp_path):
    """A column (or file, or comment) named like a Python argument beside its option was rewritten inside the
    quotes: --by 'weight=2 (--weight)' was said to be "Theme column (--by) '--weight 2' not found"."""
    from cxnlp.cli.app import cli_wording

    data = _classified(tmp_path / "clasificada.csv")
    for name in ("weight=2 (--weight)", "force=True (--force)", "--header-row (header_row=...)"):
        result = runner.invoke(app, ["summarize", str(data), "--by", name])
        assert result.exit_code == 1, result.output
        assert f"error: Theme column (--by) {name!r} not found" in result.output, result.output
    assert cli_wording("x.csv: \"it's weight=2 (--weight)\" is a comment") == \
        "x.csv: \"it's weight=2 (--weight)\" is a comment"
    assert cli_wording("""Theme column (by) "--pool x (pool='x')" not found""") == \
        """Theme column (--by) "--pool x (pool='x')" not found"""
    assert cli_wording("the file's rows: weight=2 (--weight) is too much") == "the file's rows: --weight 2 is too much"


@pytest.mark.parametrize("weight, shown", [("0.00001", "1e-05"), ("1e20", "1e+20")])
def test_a_weight_python_writes_with_an_exponent_is_said_as_the_option(tmp_path, weight, shown):
    """weight=2 (--weight) became --weight 2, but a weight written with an exponent stayed 'weight=1e-05 (--weight)'."""
    pd.DataFrame({"text": [f"Comentario número {i}" for i in range(20)], "sentiment": ["positive", "negative"] * 10}
                 ).to_csv(tmp_path / "etiquetas.csv", index=False)
    result = runner.invoke(app, ["train", "--data", str(tmp_path / "etiquetas.csv"), "--out", str(tmp_path / "m"),
                                 "--weight", weight])
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"error: --weight {shown} weighs your rows against the base rows (--base), "), \
        result.output


@pytest.mark.parametrize("text", ["--a" * 33_000, "--a-" * 25_000, "(--a" * 25_000, "x=1 (--a" * 12_500])
def test_python_arguments_are_left_out_in_linear_time(text):
    """Each "--" of a long "--a--a--a..." (a comment or a name quoted in a message) began a match that scanned to
    the end of the run: 100,000 characters took 40 seconds before the error was printed."""
    from cxnlp.cli.app import cli_wording

    started = time.perf_counter()
    assert cli_wording(text) == text
    assert time.perf_counter() - started < 2


def test_a_file_typer_finds_unreadable_is_for_cxnlp_to_read_not_a_usage_error(tmp_path, monkeypatch):
    """QA W 5: typer checked that every path could be read and refused one that could not as a usage error (exit
    2, a box, nothing on what to do), where a file in a locked folder was an error: line with exit 1. cxnlp reads
    its paths itself (a read it is refused is "Permission denied; check the path and its permissions"); an output
    that may be written but not read is written. The check typer makes is os.access, denied here: tests run as
    root, whom no file mode stops."""
    data, output = _classified(tmp_path / "clasificada.csv"), tmp_path / "resumen.csv"
    output.write_text("OLD")
    access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: not mode & os.R_OK and access(path, mode, **kw))
    result = runner.invoke(app, ["summarize", str(data), "--nps", "nps", "-o", str(output)])
    assert result.exit_code == 0 and "not readable" not in result.output, result.output
    assert output.read_text() != "OLD"


@pytest.mark.parametrize("args", [["classify", "--jobs", "0", "x.csv", "-o", "y.csv"], ["classify", "--help"]])
def test_no_color_usage_errors_and_help_hold_no_escape_code(args):
    """QA W 6: typer draws usage errors and help with rich, which for NO_COLOR drops the colours only: bold and dim
    stayed. FORCE_COLOR stands for a terminal."""
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "cxnlp", *args], env=env, capture_output=True, timeout=300)
    assert done.returncode in (0, 2) and "\x1b" not in (done.stdout + done.stderr).decode(), done.stderr
    colored = subprocess.run([sys.executable, "-m", "cxnlp", *args], env={**env, "NO_COLOR": ""},
                             capture_output=True, timeout=300)
    assert "\x1b" in (colored.stdout + colored.stderr).decode()  # (the terminal the test stands for has them)


def test_standard_input_a_process_substitution_and_a_bad_cxnlp_model_are_said_for_what_they_are(tmp_path,
                                                                                              monkeypatch):
    """QA W 11: '-' and bash's <(...) were blamed on their file type, which no extension would fix; a folder in
    $CXNLP_MODEL that holds no model failed every command on a path not typed on its command line."""
    result = runner.invoke(app, ["classify", "-", "-o", str(tmp_path / "y.csv")], input="id,comentario\n1,Bien\n")
    assert result.exit_code == 1 and "-: standard input (or output) is not read" in result.output, result.output
    read, write = os.pipe()
    try:
        result = runner.invoke(app, ["classify", f"/dev/fd/{read}", "-o", str(tmp_path / "y.csv")])
    finally:
        os.close(read), os.close(write)
    assert result.exit_code == 1 and "not a regular file (a pipe or a device)" in result.output, result.output
    monkeypatch.setenv("CXNLP_MODEL", str(tmp_path / "modelos" / "v2"))
    result = runner.invoke(app, ["info"])
    assert result.output.startswith(f"error: {tmp_path / 'modelos' / 'v2'} (the folder $CXNLP_MODEL names): not a "
                                    f"model directory"), result.output
    result = runner.invoke(app, ["info", "--model", str(tmp_path / "modelos" / "v2")])  # typed too: nothing false
    assert "pass --model" not in result.output and "(the folder $CXNLP_MODEL names)" in result.output
    import cxnlp

    with pytest.raises(CxnlpError) as raised:
        cxnlp.load()
    assert "--model" not in str(raised.value) and "(the folder $CXNLP_MODEL names)" in str(raised.value)
    result = runner.invoke(app, ["info", "--model", str(tmp_path)])  # a folder typed: no word of $CXNLP_MODEL
    assert result.exit_code == 1 and "CXNLP_MODEL" not in result.output, result.output


@pytest.mark.parametrize("cache", ["", "cache", "not-a-folder"])
def test_the_report_writes_no_matplotlib_files_in_home(tmp_path, cache):
    """QA W 7: `report` and `summarize --html` wrote matplotlib's font list and config folder in $HOME, where the
    README says the lemma table is the one file cxnlp keeps unasked, and CXNLP_CACHE_DIR= keeps none."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "MPLCONFIGDIR")}
    env.update(HOME=str(home), CXNLP_CACHE_DIR=cache and str(tmp_path / cache), TMPDIR=str(tmp_path))
    if cache == "not-a-folder":  # a cache folder that cannot be used (review E 5): a temporary one, and no warning
        (tmp_path / cache).write_text("", encoding="utf-8")
    data = _classified(tmp_path / "clasificada.csv")
    done = subprocess.run([sys.executable, "-m", "cxnlp", "summarize", str(data), "--nps", "nps", "--html",
                           str(tmp_path / "informe.html")], env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-800:]
    assert "matplotlib" not in done.stderr.decode().lower(), done.stderr.decode()
    assert not list(home.iterdir())
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == sorted(["home", "clasificada.csv", "informe.html", *([cache] if cache else [])]), kept
    if cache == "cache":
        assert list((tmp_path / cache / "matplotlib").glob("fontlist-*.json"))


def test_a_command_that_draws_no_chart_decides_no_matplotlib_folder(tmp_path):
    """Review E 5: with CXNLP_CACHE_DIR= every command, --help too, made a temporary folder for matplotlib, which a
    SIGTERM left behind. The folder is decided when the chart module is first imported."""
    code = ("import os, sys; sys.argv = ['cxnlp', 'info']\nfrom cxnlp.cli import main\ntry:\n    main()\n"
            "except SystemExit:\n    pass\nprint('MPLCONFIGDIR' in os.environ)")
    env = {k: v for k, v in os.environ.items() if k != "MPLCONFIGDIR"}
    env.update(CXNLP_CACHE_DIR="", TMPDIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "False", done.stdout + done.stderr
    assert not list(tmp_path.glob("cxnlp-matplotlib-*"))


@pytest.mark.parametrize("command, words", [
    ("summarize", ["areas,sentiment."]), ("classify", ["tcp://host:8786", "telecom):"]),
    ("evaluate", ["sentiment,", "touchpoints,", "areas)."]),
    *[(command, ["(2024-01..2024-02", "2024-03..2024-04,", "'2024-01-01", "2024-03-31')."])
      for command in ("summarize", "report", "changes")],
])
def test_help_at_80_columns_cuts_no_example_short(command, words):
    """At 80 columns the help cut 'touchpoints,sent…', '(tcp://host:8786…', 'hotels_restauran…' and
    'sentiment/touchpoints/are…': an example too wide for the help column loses its end."""
    shown = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "80"}).output
    assert [word for word in words if word not in shown.split()] == []


def test_help_at_80_columns_cuts_no_option_or_env_var_name():
    """At 80 columns rich's table cut '--industry-colu…' (classify, report) and '[env var: CXNLP_ALLOWED_HO…]'
    (serve): an option or an env var that cannot be read cannot be typed. Each command's help is whole."""
    import typer

    commands = typer.main.get_command(app).commands
    for name, command in commands.items():
        shown = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "80"}).output
        assert "…" not in shown, (name, [line for line in shown.splitlines() if "…" in line])
        words = shown.replace("│", " ").replace("[", " ").replace("]", " ").split()
        for param in command.params:
            for option in [*param.opts, *param.secondary_opts, *([param.envvar] if param.envvar else [])]:
                assert option in words or not option.startswith(("-", "CXNLP")), (name, option)


@pytest.mark.parametrize("command", ["classify", "review", "report", "evaluate"])
def test_industry_column_is_in_the_same_help_panel_in_every_command(command):
    """classify, review and report moved --industry-column to an 'Industry' panel; evaluate kept it under 'Options',
    so the same option was looked for in two places."""
    shown = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"}).output
    panel = shown[shown.index("╭─ Industry "):]
    assert "--industry-column" in panel[:panel.index("╰")]


def test_the_where_example_works_when_pasted_into_a_shell(tmp_path):
    """--help and the error of a query that is no condition showed --where "`País` == 'México'": pasted into
    bash, the backticks inside double quotes run `País` as a command and the query becomes " == 'México'"."""
    result = runner.invoke(app, ["discover", "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert "e.g. '`País` == \"México\"'." in result.output
    pd.DataFrame({"comentario": ["La app falla"] * 20, "País": ["México"] * 20, "cx_status": "ok",
                  "cx_touchpoints": "general", "cx_needs_review": False}).to_csv(tmp_path / "c.csv", index=False)
    result = runner.invoke(app, ["discover", str(tmp_path / "c.csv"), "--where", "`País`"])
    assert result.exit_code == 1
    assert "is not a condition on the rows (such as '`País` == \"México\"'): " in result.output


def test_a_negative_drivers_seed_is_a_usage_error_as_trains_is(tmp_path):
    """drivers --seed -1 got past the parser and ended as 'error: seed must be ...' with exit code 1, naming no
    option, where train --seed -1 (and every other value out of an option's range) is a usage error, exit code 2."""
    data = _classified(tmp_path / "clasificada.csv")
    result = runner.invoke(app, ["drivers", str(data), "--nps", "nps", "--seed", "-1"], env={"COLUMNS": "200"})
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--seed': " in result.output  # (the range's wording is typer's and click's)


FOLDER, FILE = "give the path ('.' for this folder).", "give the file's path."


@pytest.mark.parametrize("args, shown, hint", [(["train", "--data", "", "--out", "m"], "--data", FOLDER),
                                               (["train", "--data", "{f}", "--out", ""], "--out", FOLDER),
                                               (["classify", "", "-o", "x.csv"], "INPUT", FILE),
                                               (["classify", "{f}", "-o", "x.csv", "-m", ""], "--model", FOLDER),
                                               (["summarize", "{f}", "--nps", "nps", "-o", ""], "--output", FILE),
                                               (["summarize", "{f}", "--html", ""], "--html", FILE),
                                               (["summarize", "{f}", "--labels-file", ""], "--labels-file", FILE),
                                               (["discover", "{f}", "--export", ""], "--export", FILE),
                                               (["evaluate", "--data", "{f}", "-o", "a.json", "-o", ""], "--output",
                                                FILE)])
def test_an_empty_path_is_refused_not_read_as_the_working_folder(tmp_path, monkeypatch, args, shown, hint):
    """typer reads '' as Path(''), the working folder: `cxnlp train --data "$LABELS"` with the variable unset
    trained on every labelled file of the folder; the other commands named '.' for what was typed. '.' is
    suggested only where a folder may be given: -o '.' is refused as a folder."""
    data = _classified(tmp_path / "clasificada.csv")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [a.format(f=data) for a in args], env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output
    assert f"{shown} was given an empty path (''), as an unset shell variable gives; {hint}" in result.output
    assert not (tmp_path / "m").exists()


def test_an_empty_base_is_refused_not_read_as_the_working_folder(tmp_path, monkeypatch):
    """train --base "" read the working folder as the base corpus (Path('') is '.'), its files beside --data's: a
    usage error (exit code 2) as any other empty path, the README says; cxnlp.train(base='') a DataError."""
    monkeypatch.chdir(tmp_path)
    pd.DataFrame({"text": [f"Comentario número {i}" for i in range(20)], "sentiment": ["positive", "negative"] * 10}
                 ).to_csv(tmp_path / "etiquetas.csv", index=False)
    result = runner.invoke(app, ["train", "--data", "etiquetas.csv", "--out", "m", "--base", ""],
                           env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output
    assert "--base was given an empty path (''), as an unset shell variable gives; give the path ('.' for this " \
           "folder)." in result.output
    from cxnlp.training import gather

    with pytest.raises(DataError, match=r"^base='': expected 'default' \(the shipped corpus\) or a folder or file "):
        gather([tmp_path / "etiquetas.csv"], base="")
    assert not (tmp_path / "m").exists()


def test_a_where_name_that_is_no_column_is_said_so(tmp_path):
    """--where 'nope > 3' said the name "(not a column ...) is not allowed in a filter; use column names, values,
    ..." and the whole list of what a filter may hold, as if a column's name were refused."""
    pd.DataFrame({"comentario": ["La app falla"] * 20, "País": ["México"] * 20, "cx_status": "ok",
                  "cx_touchpoints": "general", "cx_needs_review": False}).to_csv(tmp_path / "c.csv", index=False)
    result = runner.invoke(app, ["discover", str(tmp_path / "c.csv"), "--where", "nope > 3"])
    assert result.exit_code == 1
    assert result.output == ("error: --where 'nope > 3': the name 'nope' is not a column of this table, whose columns "
                             "are ['País', 'comentario', 'cx_areas', 'cx_needs_review', 'cx_sentiment', 'cx_status', "
                             "'cx_touchpoints']; a name with spaces goes in backticks.\n")


def test_a_missing_labels_file_says_what_to_check(tmp_path, monkeypatch):
    """A --labels-file not found said "cannot read the label names (No such file or directory)." and nothing of
    what to do, where a missing input says to check the path and where relative paths start."""
    data = _classified(tmp_path / "clasificada.csv")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["summarize", str(data), "--labels-file", "nombres.json"])
    assert result.exit_code == 1
    assert result.output == (f"error: nombres.json: cannot read the label names (No such file or directory); check the "
                             f"path and its permissions (relative paths start in {tmp_path}).\n")


@pytest.mark.parametrize("args, shown", [
    (["classify", "in.csv", "-o", "a.csv", "-o", "b.csv"], "--output/-o was given 2 times"),
    (["summarize", "in.csv", "--nps", "a", "--nps", "b"], "--nps was given 2 times"),
    (["changes", "in.csv", "--compare", "2024-01", "2024-02", "--compare", "2024-03", "2024-04"],
     "--compare was given 2 times"),
])
def test_an_option_of_one_value_given_twice_is_refused_not_reduced_to_the_last(tmp_path, monkeypatch, args, shown):
    """click keeps the last value of an option given twice: `classify IN -o a.csv -o b.csv` wrote b.csv alone, and
    `--nps A --nps B` summarised B, without a word."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args, env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output
    assert f"{shown}, and only the last would be read; give it once." in result.output, result.output
    assert not (tmp_path / "b.csv").exists()
    many = runner.invoke(app, ["evaluate", "--data", "in.csv", "-o", "a.json", "-o", "a.md"], env={"COLUMNS": "300"})
    assert "was given" not in many.output, many.output  # an option that takes several values takes them


@pytest.mark.parametrize("help_option", ["--help", "-h"])
def test_help_answers_a_command_line_with_an_option_given_twice(tmp_path, monkeypatch, help_option):
    """Review of cliux4: `classify IN -o a.csv -o b.csv --help` showed the help (click's help is eager, it answers
    before anything is checked), and the refusal of an option given twice answered it with an error instead."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["classify", "in.csv", "-o", "a.csv", "-o", "b.csv", help_option],
                           env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and "was given" not in result.output, result.output


@pytest.mark.parametrize("command, args", [("drivers", ["--boot", "0", "--min-n", "2"]),
                                           ("changes", ["--compare", "2024-01", "2024-02", "--min-n", "2"])])
def test_drivers_and_changes_take_the_text_column_their_sheet_help_names(tmp_path, command, args):
    """Their --sheet help chooses "the first visible sheet with the --text column", as summarize's does, but they had
    no --text: a workbook whose survey is not its first sheet with comments could not be read without --sheet."""
    path = tmp_path / "libro.xlsx"
    rows = 12
    survey = pd.DataFrame({"opinión": ["app lenta", "envío tarde"] * (rows // 2), "cx_status": "ok",
                           "cx_touchpoints": ["app", "delivery", "", "app|delivery"] * (rows // 4),
                           "nps": [2, 9, 7, 3, 10, 8] * (rows // 6),
                           "fecha": ["2024-01-10"] * (rows // 2) + ["2024-02-10"] * (rows // 2)})
    with pd.ExcelWriter(path) as book:
        pd.DataFrame({"comentario": ["léeme primero"]}).to_excel(book, sheet_name="Notas", index=False)
        survey.to_excel(book, sheet_name="Encuesta", index=False)
    result = runner.invoke(app, [command, str(path), "--nps", "nps", "--text", "opinión", *args],
                           env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "Aplicación móvil" in result.output, result.output
    assert "--text" in runner.invoke(app, [command, "--help"], env={"COLUMNS": "300"}).output


@pytest.mark.parametrize("command, args", [("drivers", ["--boot", "0", "--min-n", "2"]),
                                           ("changes", ["--compare", "2024-01", "2024-02", "--min-n", "2"])])
def test_drivers_and_changes_refuse_a_text_column_the_csv_lacks(tmp_path, command, args):
    """Review of cliux4: drivers and changes took --text, but a misspelt one of a CSV was ignored in silence (exit 0),
    where summarize, and they of a workbook, say the column is not found."""
    path = tmp_path / "clasificada.csv"
    pd.DataFrame({"opinión": ["app lenta", "envío tarde"] * 6, "cx_status": "ok",
                  "cx_touchpoints": ["app", "delivery", "", "app|delivery"] * 3, "nps": [2, 9, 7, 3, 10, 8] * 2,
                  "fecha": ["2024-01-10"] * 6 + ["2024-02-10"] * 6}).to_csv(path, index=False)
    result = runner.invoke(app, [command, str(path), "--nps", "nps", "--text", "opinon", *args])
    assert result.exit_code == 1, result.output
    assert " ".join(result.output.split()).startswith("error: Text column (--text) 'opinon' not found"), result.output
    spelt = runner.invoke(app, [command, str(path), "--nps", "nps", "--text", "OPINION", *args])
    assert spelt.exit_code == 0, spelt.output  # case and accents aside, as summarize reads it


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_labelled_data_that_is_a_pipe_or_standard_input_is_named_for_what_it_is(tmp_path, monkeypatch):
    """train, evaluate, compare and promote called a pipe (bash's <(...)), which exists, "no such file or folder", said
    nothing of '-', and named no folder for a relative path, where every other command does."""
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "tubo")
    cases = {"tubo": "tubo: not a regular file (a pipe or a device); save it to a file and give that.",
             "-": "-: standard input is not read; save the data to a file and give its path.",
             "nada.csv": f"nada.csv: no such file or folder; check the path (relative paths start in {tmp_path})."}
    for given, said in cases.items():
        for args in (["train", "--data", given, "--out", "m"], ["evaluate", "--data", given]):
            result = runner.invoke(app, args, env={"COLUMNS": "300"})
            assert result.exit_code == 1 and result.output == f"error: {said}\n", result.output


@pytest.mark.parametrize("args", [[], ["classify"], ["summarize"], ["train"], ["serve"]])
def test_h_shows_the_help_as_help_does(args):
    """'-h' was "No such option: -h", exit code 2: the first thing many users type."""
    result = runner.invoke(app, [*args, "-h"], env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert result.output == runner.invoke(app, [*args, "--help"], env={"COLUMNS": "120", "NO_COLOR": "1"}).output


def test_labels_file_names_the_themes_of_drivers_which_writes_no_report(tmp_path):
    """--labels-file was "Display names of labels for the report" in drivers and changes, which write none: their
    tables and -o files are named by it."""
    path, names = _classified(tmp_path / "f.csv"), tmp_path / "names.csv"
    names.write_text("label,name\napp,LA APP\n", encoding="utf-8")
    result = runner.invoke(app, ["drivers", str(path), "--nps", "nps", "--boot", "0", "--labels-file", str(names)],
                           env={"COLUMNS": "300"})
    assert result.exit_code == 0 and "LA APP" in result.output, result.output
    assert result.stdout.startswith("Key drivers of NPS")  # (its first line was blank: summarize's separator)
    for command in ("drivers", "changes", "summarize", "report"):
        shown = runner.invoke(app, [command, "--help"], env={"COLUMNS": "300", "NO_COLOR": "1"}).output
        help_text = " ".join(shown.split())
        assert "Display names of the themes' labels, in the tables printed and the files written" in help_text
        assert "for the report" not in help_text


def test_an_empty_path_is_refused_with_the_oldest_typer_allowed():
    """Typer 0.15.4, the oldest pyproject.toml allows, builds each parameter as a click one, a path with click's
    ``Path`` type and no ``type_descriptor`` (a typer 0.2x attribute): every command, ``classify`` first, ended in
    "AttributeError: 'TyperOption' object has no attribute 'type_descriptor'" before it read anything."""
    import click

    from cxnlp.cli.app import CxnlpCommand

    output, text = click.Option(["--output", "-o"], type=click.Path()), click.Option(["--text"], type=click.STRING)
    ctx = click.Context(click.Command("classify", params=[output, text]))
    CxnlpCommand.check_typed(None, ctx, {"output": "x.csv", "text": ""}, [output, text], [])  # '' is text's own
    with pytest.raises(click.UsageError, match=r"^--output was given an empty path \(''\), as an unset shell "
                                               r"variable gives; give the file's path\.$"):
        CxnlpCommand.check_typed(None, ctx, {"output": "", "text": "comentario"}, [output, text], [])


def test_help_reads_its_markup_with_the_oldest_typer_allowed():
    """Typer 0.15.4, the oldest pyproject.toml allows, passed its default markup mode on unresolved and drew help
    as plain text: ``cxnlp --help`` showed ``pip install "cxnlp\\[serve]"`` with the backslash that escapes the
    brackets from rich. The app names its markup mode; the help of today's typer reads as it did."""
    from cxnlp.cli import app

    assert app.rich_markup_mode == "rich"
    # today's typer defaults to "rich" itself: the app is built again as typer 0.15.4 would, with no default mode
    import importlib.util

    import typer

    spec = importlib.util.spec_from_file_location("cxnlp.cli._app_as_oldest_typer", sys.modules["cxnlp.cli.app"].__file__)
    built = importlib.util.module_from_spec(spec)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(typer.Typer.__init__.__kwdefaults__, "rich_markup_mode", None)
        spec.loader.exec_module(built)
    assert built.app.rich_markup_mode == "rich"
    for command in ([], ["serve"], ["classify"]):
        shown = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "300", "NO_COLOR": "1"}).output
        assert "\\[" not in shown
    assert 'pip install "cxnlp[serve]"' in CliRunner().invoke(app, ["--help"], env={"COLUMNS": "300"}).output


def test_docs_prints_the_pages_messages_cite():
    """Messages cited docs/labels.md and the like, which a wheel user does not have: ``cxnlp docs`` lists the
    reference pages the package carries, ``cxnlp docs labels`` prints one, and an unknown page is one line."""
    runner = CliRunner()
    listed = runner.invoke(app, ["docs"])
    assert listed.exit_code == 0 and "labels     Labels, segments, statuses and formats" in listed.output
    page = runner.invoke(app, ["docs", "labels"])
    assert page.exit_code == 0 and page.output.startswith("# Labels, segments, statuses and formats\n")
    where = runner.invoke(app, ["docs", "docs/metrics.md", "--path"])
    assert where.exit_code == 0 and where.output.strip().endswith("metrics.md")
    guide = runner.invoke(app, ["docs", "guidelines"])  # the labelling guide the pages cite
    assert guide.exit_code == 0 and guide.output.startswith("# Labelling guide\n")
    unknown = runner.invoke(app, ["docs", "label"])
    assert unknown.exit_code == 1
    assert unknown.output.strip().splitlines()[-1].startswith("error: no page 'label'; the pages are: insights, labels")


def test_an_empty_path_is_refused_with_typer_s_own_path_type():
    """Typers 0.26 to 0.28, which pyproject.toml allows, copy click into ``typer._click`` and give a path parameter
    their own ``TyperPath`` (a ``typer._click.types.ParamType``, no ``click.Path``) and no ``type_descriptor``: no
    parameter was found to take paths, and ``classify IN -o ''`` said "Output . is a folder", ``train --data ''``
    read the working folder."""
    import types

    from cxnlp.cli.app import _takes_path

    param_type = type("ParamType", (), {"__module__": "typer._click.types"})
    typer_path = type("TyperPath", (param_type,), {"__module__": "typer.models"})
    assert _takes_path(types.SimpleNamespace(type=typer_path()))
    assert not _takes_path(types.SimpleNamespace(type=param_type()))
    assert not _takes_path(types.SimpleNamespace(type=type("StringParamType", (param_type,), {})()))


def test_docs_says_an_unknown_page_in_one_line():
    """A topic with a line feed printed the error over two lines, and a long one whole: the topic is quoted as other
    messages quote a value (``exceptions.shown_value``), one line, at most 80 characters of it."""
    runner = CliRunner()
    for topic in ("lab\nels", "x" * 5000, "../../etc/passwd", ""):
        result = runner.invoke(app, ["docs", topic])
        lines = result.output.strip().splitlines()
        assert result.exit_code == 1 and len(lines) == 1 and lines[0].startswith("error: no page "), result.output
        assert len(lines[0]) < 300 and "the pages are: insights, labels" in lines[0], result.output


def test_docs_refuses_a_page_that_is_a_link_in_one_line(tmp_path, monkeypatch):
    """A symbolic link placed in the shipped docs folder (``secreto.md`` to a file elsewhere) was followed: ``cxnlp
    docs secreto`` printed that file, and the list its first line. Such a page is refused in one line."""
    import cxnlp.persist

    docs, corpus = tmp_path / "docs", tmp_path / "corpus"
    docs.mkdir(), corpus.mkdir()
    (docs / "labels.md").write_text("# Labels\n", encoding="utf-8")
    (corpus / "GUIDELINES.md").write_text("# Labelling guide\n", encoding="utf-8")
    (tmp_path / "private.txt").write_text("# clave: 1234\n", encoding="utf-8")
    (docs / "secreto.md").symlink_to(tmp_path / "private.txt")
    monkeypatch.setattr(cxnlp.persist, "shipped_dir", {"docs": docs, "corpus": corpus}.get)
    runner = CliRunner()
    assert runner.invoke(app, ["docs", "labels"]).output == "# Labels\n"
    for args in (["docs", "secreto"], ["docs"]):
        result = runner.invoke(app, args)
        lines = result.output.strip().splitlines()
        assert result.exit_code == 1 and len(lines) == 1 and "clave" not in result.output, result.output
        assert lines[0].startswith("error: page 'secreto' (") and "is a link" in lines[0], result.output


def test_docs_reads_pages_an_installer_linked_to_their_copies(tmp_path, monkeypatch):
    """Review of pkg2: an installer that links each file (``uv --link-mode symlink``, Bazel's runfiles) made every
    shipped page a link to its copy in a cache, and ``cxnlp docs`` refused them all (the list too). A link to the page
    of its name and folder is read; one to another file (``secreto.md`` -> ``id_rsa``, another folder) is refused."""
    import cxnlp.persist

    cache, site = tmp_path / "cache" / "_shipped", tmp_path / "site" / "_shipped"
    for kind in ("docs", "corpus"):
        (cache / kind).mkdir(parents=True), (site / kind).mkdir(parents=True)
    (cache / "docs" / "labels.md").write_text("# Labels\n", encoding="utf-8")
    (cache / "corpus" / "GUIDELINES.md").write_text("# Labelling guide\n", encoding="utf-8")
    (site / "docs" / "labels.md").symlink_to(cache / "docs" / "labels.md")
    (site / "corpus" / "GUIDELINES.md").symlink_to(cache / "corpus" / "GUIDELINES.md")
    monkeypatch.setattr(cxnlp.persist, "shipped_dir", {"docs": site / "docs", "corpus": site / "corpus"}.get)
    runner = CliRunner()
    assert runner.invoke(app, ["docs", "labels"]).output == "# Labels\n"
    assert runner.invoke(app, ["docs", "guidelines"]).output == "# Labelling guide\n"
    assert runner.invoke(app, ["docs"]).output.split() == ["labels", "Labels", "guidelines", "Labelling", "guide"]
    (tmp_path / "id_rsa").write_text("clave\n", encoding="utf-8")
    (tmp_path / "otra").mkdir()
    (tmp_path / "otra" / "metrics.md").write_text("clave\n", encoding="utf-8")
    (site / "docs" / "secreto.md").symlink_to(tmp_path / "id_rsa")
    (site / "docs" / "metrics.md").symlink_to(tmp_path / "otra" / "metrics.md")
    for topic in ("secreto", "metrics"):
        result = runner.invoke(app, ["docs", topic])
        assert result.exit_code == 1 and "clave" not in result.output and "is a link" in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1, result.output


def test_docs_takes_a_page_by_the_path_the_pages_cite():
    """The pages cite the labelling guide as training_data/GUIDELINES.md and messages once cited docs/labels.md:
    ``cxnlp docs`` takes either as typed (or with Windows' backslash), not only the bare topic."""
    runner = CliRunner()
    for topic, first in (("training_data/GUIDELINES.md", "# Labelling guide\n"), ("docs\\labels.md", "# Labels, "),
                         ("training_data\\GUIDELINES.md", "# Labelling guide\n"), ("Docs/Metrics.md", "# Metrics")):
        result = runner.invoke(app, ["docs", topic])
        assert result.exit_code == 0 and result.output.startswith(first), (topic, result.output[:200])


@pytest.mark.parametrize("columns", ["20", "80"])
@pytest.mark.parametrize("given, said", [
    (["-o", "y.csv", "--jobs", "0"], "Error: Invalid value for '--jobs' / '-j': "),  # (typer 0.15, 0.29: other words)
    (["-o", ""], "Error: --output was given an empty path (''), as an unset shell variable gives; give the file's "
                 "path.\n")], ids=["typer's message", "cxnlp's message"])
def test_a_usage_error_off_a_terminal_is_one_plain_error_line(monkeypatch, capsys, columns, given, said):
    """Pipe review: off a terminal (a log, a pipe), typer drew a usage error in a box as wide as COLUMNS, which cut
    the message over lines between box characters: "Input should be greater than or equal to │" then "│ 1"."""
    from cxnlp import _mpl_home
    from cxnlp.cli import main
    from typer import rich_utils

    monkeypatch.setattr(rich_utils, "rich_format_error", rich_utils.rich_format_error)  # (put back afterwards)
    monkeypatch.setattr(rich_utils, "COLOR_SYSTEM", rich_utils.COLOR_SYSTEM)
    monkeypatch.setattr(_mpl_home, "AS_COMMAND", _mpl_home.AS_COMMAND)
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setattr(sys, "argv", ["cxnlp", "classify", "x.csv", *given])
    with pytest.raises(SystemExit) as done:
        main()
    shown = capsys.readouterr().err
    assert done.value.code == 2
    error = [line for line in shown.splitlines(keepends=True) if line.startswith("Error: ")]
    assert len(error) == 1 and error[0].startswith(said) and error[0].endswith("\n"), shown
    assert shown.endswith(error[0]) and "╭" not in shown and "│" not in shown and "classify -h' for help.\n" in shown


@pytest.mark.parametrize("args", [["classify", "{data}", "-o", "/dev/stdout"], ["summarize", "{data}", "-o", "/dev/stdout"],
                                  ["classify", "/dev/stdin", "-o", "{out}"], ["classify", "{data}", "-o", "/proc/self/fd/1"]])
def test_a_standard_stream_redirected_to_a_file_is_said_for_what_it_is(tmp_path, args):
    """Pipe review: ``-o /dev/stdout > out.csv`` made /dev/stdout a regular file without extension, and the error
    said to end its name with one, "e.g. /dev/stdout.csv": a new file in /dev, where root may write."""
    data = _classified(tmp_path / "clasificado.csv")
    args = [arg.format(data=data, out=tmp_path / "y.csv") for arg in args]
    log = tmp_path / "log.txt"
    kept_out, kept_in = os.dup(1), os.dup(0)
    with open(log, "w") as out, open(data) as given:
        os.dup2(out.fileno(), 1)
        os.dup2(given.fileno(), 0)
        try:
            result = runner.invoke(app, args)
        finally:
            os.dup2(kept_out, 1), os.dup2(kept_in, 0)
            os.close(kept_out), os.close(kept_in)
    stream = next(arg for arg in args if arg.startswith(("/dev/", "/proc/")))
    assert result.exit_code == 1, result.output
    assert result.output == (f"error: {stream}: standard input (or output) is not read or written; save the data to "
                             f"a file and give its path.\n"), result.output
    assert log.read_text() == "" and not (tmp_path / "y.csv").exists()


def _standard_output_on_a_full_disk(monkeypatch):
    """Make what the commands print to standard output fail as on a full disk (ENOSPC); standard error still works."""
    import errno

    import typer

    written = typer.echo

    def full_disk(message=None, file=None, nl=True, err=False, color=None):
        if not err:
            raise OSError(errno.ENOSPC, "No space left on device")
        written(message, file=file, nl=nl, err=err, color=color)

    monkeypatch.setattr(typer, "echo", full_disk)


def test_standard_output_on_a_full_disk_is_named_with_what_to_do(tmp_path, monkeypatch):
    """Pipe review: ``cxnlp summarize f.csv > log.txt`` on a full disk said "error: No space left on device; check
    the path and its permissions": no path named, and no permission to check."""
    _standard_output_on_a_full_disk(monkeypatch)
    result = runner.invoke(app, ["summarize", str(_classified(tmp_path / "clasificado.csv")), "--nps", "nps"])
    assert result.exit_code == 1
    assert result.output == ("error: standard output: No space left on device; free some space, or write elsewhere "
                             "(--debug shows the traceback).\n"), result.output


def test_an_output_on_a_read_only_file_system_is_said_so_not_a_permission(tmp_path, monkeypatch):
    """Pipe review: an output on a read-only mount (a container's read-only volume) was "no permission to write in
    FOLDER", or, for a file there, "make it writable (chmod u+w)": advice that no chmod can follow there."""
    from pathlib import Path
    from types import SimpleNamespace

    mounted = tmp_path / "solo_lectura"
    mounted.mkdir()
    (mounted / "antes.csv").write_text("x\n")
    data = _classified(tmp_path / "clasificado.csv")
    access, statvfs = os.access, os.statvfs
    on_mount = lambda path: mounted in (Path(path), *Path(path).parents)  # noqa: E731
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if on_mount(path) else access(path, mode, **kw))
    monkeypatch.setattr(os, "statvfs", lambda path: SimpleNamespace(f_flag=os.ST_RDONLY) if on_mount(path)
                        else statvfs(path))
    result = runner.invoke(app, ["summarize", str(data), "--nps", "nps", "-o", str(mounted / "nuevo" / "s.csv")])
    assert result.exit_code == 1
    assert result.output == (f"error: Cannot write {mounted / 'nuevo' / 's.csv'}: {mounted} is on a read-only file "
                             f"system; choose another folder.\n"), result.output
    result = runner.invoke(app, ["summarize", str(data), "--nps", "nps", "-o", str(mounted / "antes.csv")])
    assert result.output == (f"error: Output {mounted / 'antes.csv'} is on a read-only file system; choose another "
                             f"output path.\n"), result.output


@pytest.mark.parametrize("typed, shown", [
    ("salida.csv\r", "salida.csv\\r: the name ends in a carriage return after its extension '.csv', as a script or a list "
                     "of files saved with Windows line endings (CRLF) leaves; save it with Unix line endings (dos2unix)."),
    ("salida.parquet \n", "salida.parquet \\n: the name ends in blank space after its extension '.parquet'; give the "
                          "name without it."),
    # Without extension, "salida\r" was told to end in one, "e.g. salida\x0d.csv", and "salida\n" split the line.
    ("salida\r", "salida\\r: the name ends in a carriage return, as a script or a list of files saved with Windows "
                 "line endings (CRLF) leaves; save it with Unix line endings (dos2unix)."),
    ("salida\n", "salida\\n: the name ends in blank space; give the name without it.")])
def test_a_name_ending_in_a_carriage_return_says_where_it_came_from(tmp_path, typed, shown):
    """Pipe review: a name read from a script or list saved with CRLF line ends ("salida.csv\\r") was "unsupported file
    type '.csv\\x0d'", and one ending in a line feed split the error over two lines."""
    data = _classified(tmp_path / "clasificado.csv")
    for args in (["summarize", str(data), "--nps", "nps", "-o", str(tmp_path / typed)],
                 ["summarize", str(tmp_path / typed), "--nps", "nps"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1 and result.output == f"error: {tmp_path / shown}\n", result.output


@pytest.mark.parametrize("args", [["summarize", "{data}", "--nps", "nps", "--html", "-"],
                                  ["report", "{data}", "--html", "/dev/stdout"], ["discover", "{data}", "-o", "-"]])
def test_an_html_or_json_output_to_a_standard_stream_is_said_for_what_it_is(tmp_path, args):
    """Pipe review: ``--html -`` was told to "give a name such as -.html", and discover's ``-o /dev/stdout`` one
    "such as stdout.json", where a table's ``-o -`` is told that no standard stream is written."""
    args = [arg.format(data=_classified(tmp_path / "clasificado.csv")) for arg in args]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.output == (f"error: {args[-1]}: standard input (or output) is not read or written; save the data "
                             f"to a file and give its path.\n"), result.output


def test_a_command_that_fails_leaves_no_new_empty_folder_for_its_output(tmp_path):
    """Pipe review: the folders of an output path are made before the work; a command that then failed (an empty
    input, Ctrl-C) left them behind, empty. A folder that was there before is kept."""
    from cxnlp.io import atomic_path

    (tmp_path / "vacia.csv").write_text("")
    result = runner.invoke(app, ["classify", str(tmp_path / "vacia.csv"), "-o", str(tmp_path / "nuevo" / "a" / "x.csv")])
    assert result.exit_code == 1 and "the file is empty" in result.output, result.output
    assert not (tmp_path / "nuevo").exists()
    (tmp_path / "hecho").mkdir()
    for target in (tmp_path / "hecho" / "x.csv", tmp_path / "hecho" / "b" / "x.csv"):
        with pytest.raises(KeyboardInterrupt), atomic_path(target):
            raise KeyboardInterrupt
    assert [path.name for path in tmp_path.iterdir() if path.is_dir()] == ["hecho"]
    assert list((tmp_path / "hecho").iterdir()) == []
    with atomic_path(tmp_path / "nuevo" / "x.csv") as tmp:
        tmp.write_text("a\n")
    assert (tmp_path / "nuevo" / "x.csv").read_text() == "a\n"


def test_docs_on_a_full_disk_names_standard_output_and_prints_its_pages_as_written(monkeypatch):
    """Pipe review: ``cxnlp docs metrics > docs.md`` on a full disk was "No space left on device; check the path and
    its permissions", as every command's output was before it named standard output."""
    from cxnlp.cli.docs import pages

    for topic, page in pages().items():  # (printed through the commands' echo: each page exactly as written)
        assert runner.invoke(app, ["docs", topic]).output == page.read_text(encoding="utf-8")
    _standard_output_on_a_full_disk(monkeypatch)
    for args in (["docs", "metrics"], ["docs"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1 and result.output.startswith("error: standard output: No space left on device; "
                                                                  "free some space"), result.output


def test_a_failed_output_keeps_a_folder_another_process_made_meanwhile(tmp_path, monkeypatch):
    """Review of pipe1: the folders to remove on a failure were those missing when looked at, so one that another
    process made between that look and the mkdir (a second run writing into the same new folder) was removed too."""
    from cxnlp.io import atomic_path

    made_elsewhere = tmp_path / "compartida"
    real_mkdir = os.mkdir

    def raced(path, *args, **kwargs):
        if os.fspath(path) == os.fspath(made_elsewhere) and not os.path.exists(path):
            real_mkdir(path)  # (the other process, first)
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", raced)
    with pytest.raises(KeyboardInterrupt), atomic_path(made_elsewhere / "x.csv"):
        raise KeyboardInterrupt
    assert made_elsewhere.is_dir() and list(made_elsewhere.iterdir()) == []
    with pytest.raises(KeyboardInterrupt), atomic_path(tmp_path / "nueva" / "a" / "x.csv"):
        raise KeyboardInterrupt
    assert not (tmp_path / "nueva").exists()


@pytest.mark.parametrize("typed, shown", [
    ("sal\nida.csv\r", "sal\\nida.csv\\r: the name ends in a carriage return after its extension '.csv'"),
    ("sal\nida.xyz", "sal\\nida.xyz: unsupported file type '.xyz'")])
def test_a_name_with_a_line_feed_inside_is_one_error_line(tmp_path, typed, shown):
    """Review of pipe1: a line feed inside a name ("sal\\nida.csv\\r", read from a list) still split the error."""
    data = _classified(tmp_path / "clasificado.csv")
    for args in (["summarize", str(data), "--nps", "nps", "-o", str(tmp_path / typed)],
                 ["summarize", str(tmp_path / typed), "--nps", "nps"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1 and result.output.startswith(f"error: {tmp_path / shown}"), result.output
        assert result.output.count("\n") == 1, result.output


def test_cxnlp_model_as_operators_set_it_trailing_newline_blank_quotes_and_tilde(monkeypatch):
    """Hunt env1: a $CXNLP_MODEL read from a file ends in a newline: it named no folder, and the error ran over two
    lines; one of only spaces (a templated empty value) was a folder named '  '. Quotes kept by a manifest and a ~
    that no Docker, systemd or Kubernetes expands were reported without a word of either."""
    import cxnlp
    from cxnlp.persist import DEFAULT_MODEL_DIR, resolve_model_dir

    monkeypatch.setenv("CXNLP_MODEL", f"{DEFAULT_MODEL_DIR}\n")
    assert resolve_model_dir() == DEFAULT_MODEL_DIR and cxnlp.load().meta["name"]
    result = runner.invoke(app, ["info"])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("CXNLP_MODEL", "   ")
    assert resolve_model_dir() == DEFAULT_MODEL_DIR
    monkeypatch.setenv("CXNLP_MODEL", f'"{DEFAULT_MODEL_DIR}"')
    result = runner.invoke(app, ["info"])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert "(the folder $CXNLP_MODEL names)" in result.output and "quotes are part of $CXNLP_MODEL's value" in \
        result.output
    monkeypatch.setenv("CXNLP_MODEL", "~/modelos/v2 \n")
    with pytest.raises(CxnlpError, match=r"^~/modelos/v2 \(the folder \$CXNLP_MODEL names\): not a model directory.*"
                                         r"Nothing expands the ~ of \$CXNLP_MODEL"):
        cxnlp.load()


def test_help_with_columns_zero_is_drawn_at_a_usable_width():
    """Hunt env1: COLUMNS=0, as set where no terminal has a width (docker exec without -t, some CI runners), drew
    `cxnlp serve --help` empty, with exit code 0."""
    done = subprocess.run([sys.executable, "-m", "cxnlp", "serve", "--help"], env={**os.environ, "COLUMNS": "0"},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "--allowed-hosts" in done.stdout and "CXNLP_API_KEY" in done.stdout, done.stdout


def test_a_relative_cxnlp_model_says_the_folder_it_was_read_from(tmp_path, monkeypatch):
    """Hunt env1: CXNLP_MODEL=models/v2, set for a project folder and used from another, said only that models/v2
    holds no model, not where it was looked for."""
    import cxnlp

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CXNLP_MODEL", "models/v2")
    result = runner.invoke(app, ["info"])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.endswith(f"$CXNLP_MODEL is a relative path, read from the working directory {tmp_path}.\n")
    with pytest.raises(CxnlpError, match=r"^models/v2 \(the folder \$CXNLP_MODEL names\): .* relative path"):
        cxnlp.load()


@pytest.mark.parametrize("given", ["", "  "])
def test_an_empty_mplconfigdir_is_no_folder_of_the_users(tmp_path, monkeypatch, given):
    """Hunt env1: MPLCONFIGDIR= (set empty, as a template leaves it) was kept as the user's own folder: matplotlib,
    which reads an empty one as unset, wrote its files in $HOME's .cache and .config, where the README says it
    does not."""
    from cxnlp import _mpl_home

    monkeypatch.setattr(_mpl_home, "AS_COMMAND", True)
    monkeypatch.setenv("MPLCONFIGDIR", given)
    monkeypatch.setenv("CXNLP_CACHE_DIR", str(tmp_path / "cache"))
    _mpl_home.settle()
    assert os.environ["MPLCONFIGDIR"] == str(tmp_path / "cache" / "matplotlib")
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mine"))  # a folder of the user's own is kept
    _mpl_home.settle()
    assert os.environ["MPLCONFIGDIR"] == str(tmp_path / "mine")


def test_a_relative_cxnlp_model_read_in_a_folder_named_with_a_line_feed_is_one_error_line(tmp_path, monkeypatch):
    """Review of env1: the working directory the new hint names was shown raw, and a line feed in its name (a folder
    made from a list) split the one error line in two; it is written \\n, as io writes the names of files."""
    folder = tmp_path / "a\nb"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("CXNLP_MODEL", "models/v2")
    result = runner.invoke(app, ["info"])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.endswith(f"read from the working directory {tmp_path}/a\\nb.\n"), result.output


def test_suggested_values_are_quoted_for_windows_shells_on_windows(monkeypatch):
    """Port: the --by and --compare a message suggests were quoted for POSIX shells on Windows too: cmd.exe reads
    ``--by 'Canal de compra'`` as three words. There they are in double quotes, which cmd.exe and PowerShell read."""
    from cxnlp.cli.app import _repeated_by_message, cli_wording

    monkeypatch.setattr(sys, "platform", "win32")
    assert cli_wording("by names 'a' 2 times (also as 'cx_a'); give it once: by='a b'.") == \
        "--by names 'a' 2 times (also as 'cx_a'); give it once: --by \"a b\"."
    assert _repeated_by_message(2, ["Canal de compra", "País"]).endswith(
        'separated by commas: --by "Canal de compra,País".')
    monkeypatch.setattr(sys, "platform", "linux")
    assert _repeated_by_message(2, ["Canal de compra", "País"]).endswith(
        "separated by commas: --by 'Canal de compra,País'.")


def test_suggested_values_with_cmd_exe_metacharacters_are_quoted_on_windows(monkeypatch):
    """Review of port1: on Windows a suggested value was quoted only where it held a space (list2cmdline), so
    ``--by A&B`` was suggested bare, which cmd.exe runs as two commands; it is double-quoted there now."""
    from cxnlp.cli.app import shell_quote

    monkeypatch.setattr(sys, "platform", "win32")
    assert [shell_quote(v) for v in ("A&B", "a|b", "Canal de compra", "País", "")] == \
        ['"A&B"', '"a|b"', '"Canal de compra"', "País", '""']
    assert shell_quote("C:\\R&D\\") == '"C:\\R&D\\\\"'  # the last backslash does not escape the closing quote
    from cxnlp.cli.shell_words import shell_word  # (moved out of app, over its 405 lines)

    assert shell_word("50%") == '"50%"'
    monkeypatch.setattr(sys, "platform", "linux")
    assert [shell_quote("A&B"), shell_word("País,touchpoints")] == ["'A&B'", "País,touchpoints"]
