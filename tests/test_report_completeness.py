"""The HTML report leaves nothing out without a word (every theme, every period, dates it could not read)
and is written only where a report goes, never over the survey it was made from."""

from __future__ import annotations

import pandas as pd
import pytest

from cxnlp.exceptions import ConfigError
from cxnlp.report import write_report


def _answers(n: int = 40) -> pd.DataFrame:
    return pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["negative", "positive"] * (n // 2),
                         "cx_touchpoints": ["delivery", "app"] * (n // 2), "nps": [2, 10, 9, 5] * (n // 4)})


# -- where the report is written ------------------------------------------------------------------
def test_write_report_refuses_a_name_that_is_not_an_html_file(tmp_path):
    """write_report(df, "encuesta.csv") replaced the survey it was read from with HTML; the command line refused
    the same path (--html), the function did not."""
    survey = tmp_path / "encuesta.csv"
    _answers().to_csv(survey, index=False)
    before = survey.read_bytes()
    for name in ("encuesta.csv", "informe", "informe.xlsx", "informe.html.bak"):
        with pytest.raises(ConfigError, match=r"ending in \.html or \.htm; give a name such as \w+\.html") as error:
            write_report(_answers(), tmp_path / name, nps="nps", min_n=5, period=None)
        assert "\n" not in str(error.value)
    assert survey.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["encuesta.csv"]
    for name in ("informe.html", "INFORME.HTM"):
        assert write_report(_answers(), tmp_path / name, nps="nps", min_n=5, period=None).read_text(
            encoding="utf-8").startswith("<!DOCTYPE html>")
