"""The sample survey shipped in cxnlp/data: a Spanish-Excel export whose scores agree with its comments."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

import cxnlp
from cxnlp.io import read_table, sniff_separator

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "cxnlp" / "data" / "encuesta_ejemplo.csv"
NPS, CSAT, CES = "Recomendación (0-10)", "Satisfacción (1-5)", "Facilidad (1-7)"


def _tool():
    spec = importlib.util.spec_from_file_location("make_sample_survey", ROOT / "tools" / "make_sample_survey.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return read_table(SAMPLE)


def test_written_like_spanish_excel():
    raw = SAMPLE.read_bytes()
    raw.decode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # accents are single cp1252 bytes, not UTF-8
    assert sniff_separator(SAMPLE) == ";" and b"\r\n" in raw
    assert raw.splitlines()[0].decode("cp1252").split(";")[:3] == ["ID respuesta", "Fecha", "País"]


def test_contents(survey):
    assert len(survey) >= 1000 and survey["ID respuesta"].is_unique
    dates = pd.to_datetime(survey["Fecha"], format="%d/%m/%Y %H:%M")
    assert (dates.max() - dates.min()).days >= 180
    assert survey["Importe (USD)"].str.contains(",").all()  # decimal commas
    comments = survey["Comentario"].str.strip()
    assert comments.eq("").sum() > 100 and comments.isin(["N/A", "-", "nada"]).sum() >= 10
    assert comments[comments.str.len() > 15].nunique() >= 500
    assert (survey[CES] == "").sum() > 100
    assert cxnlp.ces(survey[CES]).non_numeric > 0  # "NS/NC" answers are counted, not dropped


def test_scores_agree_with_comments(survey):
    tool = _tool()
    tone = {c["text"]: c["sentiment"] for c in tool.read_comments(tool.COMMENTS)}
    survey = survey.assign(tone=survey["Comentario"].str.strip().map(tone))
    by_tone = {t: cxnlp.nps(group[NPS]).value for t, group in survey.groupby("tone")}
    assert by_tone["neg"] < -60 and by_tone["pos"] > 60 and by_tone["neg"] < by_tone["mix"] < by_tone["pos"]
    assert -10 < cxnlp.nps(survey[NPS]).value < 30


def test_reproducible(tmp_path):
    tool = _tool()
    out = tool.write_survey(tmp_path / "encuesta.csv", tool.SEED) and tmp_path / "encuesta.csv"
    assert out.read_bytes() == SAMPLE.read_bytes()
