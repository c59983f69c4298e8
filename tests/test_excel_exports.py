"""Survey files as spreadsheets export them: messages per caller, sheets, title lines, decimal commas."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from cxnlp.cli import app
from cxnlp.columns import detect_text_column
from cxnlp.exceptions import DataError

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
