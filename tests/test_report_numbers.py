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


def test_the_method_note_says_where_the_themes_of_a_column_of_yours_come_from():
    # found by review: a report by 'tienda' said that its themes came from the automatic classification of each
    # comment, and that responses without a comment counted in the overall metrics only
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["negative", "positive"] * 20,
                          "cx_touchpoints": ["delivery", "app"] * 20, "tienda": ["Norte", "Sur", "Centro", None] * 10,
                          "nps": [2, 10, 9, 5] * 10})

    def said(by, lang="es"):
        html = build_report(frame, nps="nps", by=by, lang=lang, key_drivers=False, period=None)
        return re.search(r'<section id="method">.*?<li>((?:Los temas|Themes) [^<]*)</li>', html, re.S).group(1)

    assert said("tienda") == ("Los temas son los valores de «tienda» en cada respuesta. Las respuestas con la celda "
                              "en blanco cuentan en los indicadores globales.")
    assert said("tienda", "en") == ("Themes are the values of “tienda” in each response. Responses with a blank cell "
                                    "count in the overall metrics.")
    assert said(["touchpoints", "tienda"]).startswith("Los temas combinan la clasificación automática de cada "
                                                      "comentario (cxnlp) con los valores de «tienda»;")
    assert said("touchpoints").startswith("Los temas salen de la clasificación automática de cada comentario")


def test_the_key_drivers_lead_of_a_column_of_yours_speaks_of_responses_not_comments():
    # found by review: by 'tienda' (two small stores as the baseline), the lead read "how many NPS points a response
    # changes by when its comment mentions the theme": a store is no theme a comment mentions
    rng = np.random.default_rng(0)
    stores = np.array(["Norte"] * 60 + ["Sur"] * 60 + ["Este"] * 20 + ["Oeste"] * 20)
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "negative", "cx_touchpoints": "delivery",
                          "tienda": stores, "nps": np.where(stores == "Norte", 9, rng.integers(0, 11, stores.size))})
    html = build_report(frame, nps="nps", by="tienda", lang="en", period=None)
    lead = re.search(r'<section id="key-drivers">.*?<p class="lead">(.*?)</p>', html, re.S).group(1)
    assert "how many NPS points a response changes by when it is in the theme, the other" in lead
    assert "comment" not in lead


def test_the_method_note_explains_the_effort_correlation_only_where_one_is_shown():
    # found by review: with one comment that has both an effort and a CES answer, the section said the correlation
    # cannot be computed, and the method note explained its Spearman's rho and Fisher interval all the same
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["negative", "positive"] * 20,
                          "cx_touchpoints": ["delivery", "app"] * 20, "cx_effort": ["high"] + [None] * 39,
                          "ces": [2] + [None] * 39})
    html = build_report(frame, ces="ces", lang="en", key_drivers=False, period=None)
    assert "The correlation between effort and CES cannot be computed: only 1 labelled comment" in html
    assert "Spearman" not in html
    frame["ces"] = [2, 6, 5, 7] * 10
    frame["cx_effort"] = ["high", "low", "none", "low"] * 10
    assert "Effort–CES correlation: Spearman" in build_report(frame, ces="ces", lang="en", key_drivers=False,
                                                                period=None)


def test_key_drivers_importance_intervals_hold_the_importance_as_shown(monkeypatch):
    # found by review: rounded by largest remainders, an importance of 33.6 read 33 beside an interval whose lower
    # bound, 33.55, read 34: "33% [34; 40]"
    import cxnlp.report.sections_insights as sections

    def crafted(*args, **kwargs):
        d = drivers(*args, **kwargs)
        ranked = d.index[~d["below_min_n"]]
        values = [33.6, 33.6, 32.8] + [0.0] * (len(ranked) - 3)
        d.loc[ranked, "importance"] = values
        d.loc[ranked, "importance_low"] = [30.0, 33.55, 30.0] + [0.0] * (len(ranked) - 3)
        d.loc[ranked, "importance_high"] = [40.0, 40.0, 32.4] + [1.0] * (len(ranked) - 3)
        return d

    monkeypatch.setattr(sections, "drivers", crafted)
    table = _key_drivers_table(build_report(classified_survey(), nps="NPS", min_n=10, lang="en"))
    shown = re.findall(r'<td class="r">(\d+)% <span class="ci">\[(\d+); (\d+)\]</span>', table)
    assert [tuple(map(int, row)) for row in shown[:3]] == [(34, 30, 40), (33, 33, 40), (33, 30, 33)]


def _change_shares(html: str) -> tuple[list[float], list[float]]:
    """Each period's shares in the "what changed" table, as shown (one decimal, English)."""
    section = re.search(r'<section id="changes">(.*?)</section>', html, re.S).group(1)
    pairs = re.findall(r"<td[^>]*>\s*([\d.]+) → ([\d.]+)", re.search(r"<tbody>(.*?)</tbody>", section, re.S).group(1))
    return [float(a) for a, _ in pairs], [float(b) for _, b in pairs]


def test_what_changed_shares_of_themes_that_split_the_responses_add_up_to_100():
    # found by review: each period's shares by sentiment or by a column of yours were rounded one by one and read
    # 33.7 + 33.7 + 32.5 = 99.9 % by Región; touchpoints, which a comment can share, add up to more and stay as rounded
    survey = classified_survey()
    for by in ("Región", "sentiment"):
        html = build_report(survey, nps="NPS", by=by, compare="month", min_n=10, lang="en", key_drivers=False)
        before, after = _change_shares(html)
        assert len(before) == 3 and round(sum(before), 1) == round(sum(after), 1) == 100.0
    region = build_report(survey, nps="NPS", by="Región", compare="month", min_n=10, lang="en", key_drivers=False)
    assert _change_shares(region)[0] == [33.8, 33.7, 32.5]  # Centro's 33.74 rounded up, not Sur's 32.47
    touchpoints = build_report(survey, nps="NPS", compare="month", min_n=10, lang="en", key_drivers=False)
    assert sum(_change_shares(touchpoints)[0]) > 100


def test_the_method_note_of_a_report_without_themes_says_the_table_is_every_response():
    # found by review: by=None, the method note still said "Los temas salen de la clasificación automática de cada
    # comentario", of themes the report did not have
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["negative", "positive"] * 20,
                          "cx_touchpoints": ["delivery", "app"] * 20, "nps": [2, 10, 9, 5] * 10})
    said = {}
    for lang in ("es", "en"):
        method = re.search(r'<section id="method">(.*?)</section>',
                           build_report(frame, nps="nps", by=None, lang=lang, key_drivers=False, period=None), re.S)
        said[lang] = [item for item in re.findall(r"<li>([^<]*)</li>", method.group(1)) if "by=None" in item
                      or item.startswith(("Los temas salen", "Themes come"))]
    assert said == {"es": ["Sin temas (by=None), la tabla tiene una sola fila: todas las respuestas, con comentario "
                           "o sin él."],
                    "en": ["Without themes (by=None), the table has one row: every response, with a comment or "
                           "without."]}
    # nor a theme's impact and the minimum n of a theme, which it had no more (impact is said of the themes)
    for lang, impact, small in (("es", "Impacto</b> de un tema", "Los temas con menos de"),
                                ("en", "Impact</b> of a theme", "Themes with fewer than")):
        page = build_report(frame, nps="nps", by=None, lang=lang, key_drivers=False, period=None)
        method = re.search(r'<section id="method">(.*?)</section>', page, re.S).group(1)
        assert impact not in method and small not in method
        themed = build_report(frame, nps="nps", lang=lang, key_drivers=False, period=None)
        method = re.search(r'<section id="method">(.*?)</section>', themed, re.S).group(1)
        assert impact in method and small in method


def test_docs_list_by_none_among_the_reasons_key_drivers_cannot_be_computed():
    # found by review: the report says "sin temas (by=None)" under the key drivers' heading, but docs/report.md's row
    # of the section did not list it among the reasons it cannot be computed
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[1] / "docs" / "report.md").read_text(encoding="utf-8")
    row = next(line for line in docs.splitlines() if line.startswith("| Prioridades (key drivers)"))
    assert "no themes at all, `by=None`, which puts every response in one row" in row
    html = build_report(classified_survey(), nps="NPS", by=None, period=None, lang="en")
    assert "They cannot be computed: without themes (by=None) every response is in one row" in html
