"""The report's numbers as its tables show them: shares of a whole add up to 100, counts read in the singular."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from cxnlp.insights import drivers
from cxnlp.report import build_report

from test_report import classified_survey


def _key_drivers_table(html: str) -> str:
    return re.search(r'<table class="data" id="key-drivers-table">(.*?)</table>', html, re.S).group(1)


def test_key_drivers_importances_add_up_to_100():
    # found by review: each importance (a share of the model's R², adding up to 100) was rounded on its own, and
    # the column read 99 % (39, 25, 17, 10, 8); the CSAT's of the sample survey read 101 %.
    survey = classified_survey()
    exact = drivers(survey, "NPS", metric="nps", min_n=10, n_boot=0)["importance"].dropna()
    assert np.round(exact).sum() == 99  # the case: rounded one by one, they miss a point
    table = _key_drivers_table(build_report(survey, nps="NPS", min_n=10, lang="en"))
    shown = [int(v) for v in re.findall(r'<td class="r">(\d+)% <span class="ci">', table)]
    assert len(shown) == len(exact) and sum(shown) == 100
    assert shown == [39, 25, 17, 10, 9]  # largest remainders: 8.43 rounded up, not 17.39


def test_a_table_of_one_response_says_so_in_the_singular():
    # found by review: "%: de las 1 respuestas con un comentario clasificado en algún tema." under a survey of one
    one = pd.DataFrame({"cx_status": ["ok"], "cx_sentiment": ["negative"], "cx_touchpoints": ["delivery"],
                        "nps": [3]})
    said = {(lang, by): re.search(r"%: [^<]*\.", build_report(one, nps="nps", lang=lang, by=by,
                                                              key_drivers=False)).group(0)
            for lang in ("es", "en") for by in ("touchpoints", None)}
    assert said == {("es", "touchpoints"): "%: de la única respuesta con un comentario clasificado en algún tema.",
                    ("en", "touchpoints"): "%: of the one response with a comment classified in a theme.",
                    ("es", None): "%: de la única respuesta.", ("en", None): "%: of the one response."}
