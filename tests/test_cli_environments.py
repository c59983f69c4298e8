"""The command line outside a developer's UTF-8 terminal: other console encodings, NO_COLOR, pipes, links,
long names, read-only folders, a C locale. Each case was found by a review of the CLI in such environments."""

from __future__ import annotations

import os
import subprocess
import sys

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
