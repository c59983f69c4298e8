"""What the report says where an answer, a column or a metric gives it nothing to show (QA Z): each note gives the
real reason, as the command line does, and names nothing the reader should not act on."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from cxnlp.exceptions import ConfigError
from cxnlp.report import build_report


def _answers(n: int = 80) -> pd.DataFrame:
    """``n`` classified answers of two themes, with an NPS."""
    return pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["negative", "positive"] * (n // 2),
                         "cx_touchpoints": ["delivery", "app"] * (n // 2), "nps": [2, 10, 9, 5] * (n // 4)})


def _card(html: str, name: str) -> str:
    return re.search(rf'<div class="kpi" id="kpi-{name}">(.*?)</div>\n', html, re.S).group(1)


def test_dont_know_codes_on_a_card_are_named_not_blamed_on_the_scale():
    # QA Z 1: 24 of 80 answers of a 1-7 CES are 99 ("no sabe"): the command line calls them codes rightly left out
    # and warns against widening the scale; the card told the reader, in red, to check the column and its scale.
    frame = _answers().assign(ces=[99] * 24 + [1, 2, 3, 4, 5, 6, 7, 4] * 7)
    for lang, said, wrong in [("es", "(99) son códigos de «no sabe / no contesta»", "revise la columna y su escala"),
                              ("en", "(99) are “don't know / no answer” codes", "check the column and its scale")]:
        card = _card(build_report(frame, nps="nps", ces="ces", lang=lang, period=None), "ces")
        assert said in card and "30" in card and wrong not in card and "excl many" not in card
    # other answers out of range, many of them beside the codes, are still a warning to check the scale
    card = _card(build_report(frame.assign(ces=[99] * 24 + [10] * 24 + [4] * 32), ces="ces", period=None), "ces")
    assert "(99) son códigos" in card and '<p class="excl many">30\u00a0% de las respuestas quedan fuera' in card


def test_the_method_note_words_an_nps_by_its_own_scale_and_score():
    # QA Z 2: an NPS on 1-10, and an NPS subclass whose score makes 8-10 promoters, were worded as the NPS
    # (9-10 / 0-6 over 0-10 answers) beside a card with their own counts; the drivers' value alike.
    from cxnlp.metrics import NPS

    class NPS8(NPS):
        name = "nps8_qa_z"
        label = "NPS-8"

        def score(self, x):
            return np.where(x >= 8, 100.0, np.where(x >= 6, 0.0, -100.0))

    frame = _answers().assign(nps=np.random.default_rng(0).integers(1, 11, 80),
                              cx_touchpoints=["delivery", "app", "delivery|app", "store", "app"] * 16)
    for metric, points, scale in [(NPS(scale=(1, 10)), "+100 (9–10), 0 (7–8) y −100 (1–6)", "de 1 a 10"),
                                  (NPS8(), "+100 (8–10), 0 (6–7) y −100 (0–5)", "de 0 a 10")]:
        html = build_report(frame, metrics={"nps": metric}, period=None, min_n=5)
        method = re.search(r'<section id="method">(.*?)</section>', html, re.S).group(1)
        assert "promotores (9–10)" not in method and "(0–6)" not in method
        assert f"media de {points} por respuesta, sobre las respuestas {scale}" in method
        assert f"({metric.label}: {points})" in method  # the regression's value in the key drivers' note
    method = re.search(r'<section id="method">(.*?)</section>', build_report(frame, nps="nps", period=None), re.S)
    assert "% de promotores (9–10) menos % de detractores (0–6)" in method.group(1)  # the NPS itself, as before


def test_an_effort_ces_correlation_without_answers_says_so_not_that_one_does_not_vary():
    # QA Z 3: a CES column blank in every row; the command line says no comment has both values, the report said
    # "one of them does not vary (n = 0)". A real constant keeps that reason.
    frame = _answers().assign(cx_effort=["high", "low", "none", "high"] * 20)
    for lang, said in [("es", "0 comentarios clasificados tienen a la vez un valor de esfuerzo y una respuesta"),
                       ("en", "0 labelled comments have both an effort value and a valid CES answer")]:
        html = build_report(frame.assign(ces=""), ces="ces", lang=lang, period=None)
        assert said in html and "no varía" not in html and "does not vary" not in html
    one = build_report(frame.assign(ces=[5] + [""] * 79), ces="ces", period=None)
    assert "solo 1 comentario clasificado tiene a la vez" in one
    constant = build_report(frame.assign(ces=4), ces="ces", period=None)
    assert "uno de los dos no varía (n = 80)" in constant


def test_the_signals_notes_say_what_the_shown_columns_hold_and_no_more():
    # Without a CES the signals table has no answers in parentheses, only churn risk with its %, yet its note
    # said "in parentheses, the answers behind each value", and the method explained an effort–CES correlation.
    frame = _answers().assign(cx_effort=["high", "low", "none", "high"] * 20, cx_churn_risk=["yes", "no"] * 40,
                              ces=[1, 2, 3, 4, 5, 6, 7, 4] * 10)
    for lang, without, ces_note, corr in [
            ("es", "Esfuerzo: % de los comentarios del tema. Riesgo de abandono: número de comentarios (y su %). "
             "En cursiva, temas con menos de 30 respuestas.",
             "CES: entre paréntesis, las respuestas con las que se calcula cada valor.", "Correlación esfuerzo–CES"),
            ("en", "Effort: % of the theme's comments. Churn risk: number of comments (and their %). In italics, "
             "themes with fewer than 30 responses.",
             "CES: in parentheses, the answers behind each value.", "Effort–CES correlation")]:
        html = build_report(frame, nps="nps", period=None, lang=lang).replace("&#39;", "'")
        assert without in html and ces_note not in html and corr not in html
        with_ces = build_report(frame, nps="nps", ces="ces", period=None, lang=lang)
        assert ces_note in with_ces and corr in with_ces
    # the flag columns by name: churn risk alone, escalation alone, both
    for columns, said in [({"cx_churn_risk": ["yes", "no"] * 40}, "Riesgo de abandono"),
                          ({"cx_escalation": ["yes", "no"] * 40}, "Amenaza de escalar"),
                          ({"cx_churn_risk": ["yes", "no"] * 40, "cx_escalation": ["no", "yes"] * 40},
                           "Riesgo de abandono y amenaza de escalar")]:
        html = build_report(_answers().assign(**columns), nps="nps", period=None)
        note = re.search(r'<section id="signals">.*?<p class="note">(.*?)</p>', html, re.S).group(1)
        assert note == f"{said}: número de comentarios (y su %). En cursiva, temas con menos de 30 respuestas.", note
    english = build_report(_answers().assign(cx_escalation=["yes", "no"] * 40), nps="nps", period=None, lang="en")
    assert "<p class=\"note\">Escalation: number of comments (and their %). In italics, themes" in english


def test_a_column_header_reaches_the_page_without_bidi_controls_and_listed_in_words():
    # QA Z 5: a --by column named 'tienda \u202e(sucursal)' and blank in every row: the key drivers' line wrote its
    # header with the override, reversing the rest of the line, where theme values have theirs dropped.
    store, zone = "tienda \u202e(sucursal)", "zona \u2067x\u2069"
    frame = _answers().assign(**{store: np.nan, zone: np.nan})
    html = build_report(frame, nps="nps", by=store, period=None)
    assert "\u202e" not in html and "ninguna respuesta tiene un valor en «tienda (sucursal)»." in html
    both = build_report(frame, nps="nps", by=[store, zone], period=None, lang="en")
    assert "\u202e" not in both and "\u2067" not in both
    assert "no response has a value in “tienda (sucursal)” and “zona x”." in both
    # a date column's header, named where none of its dates can be read, alike
    dated = build_report(_answers().assign(**{"fecha \u202eA": "??"}), nps="nps", date="fecha \u202eA")
    assert "\u202e" not in dated and "«fecha A»" in dated


def test_a_by_column_blank_in_every_row_is_named_where_the_themes_would_be():
    # QA Z 4: --by tienda, blank in every row: the quotes blamed too few comments and "Qué mueve el NPS" vanished
    # without a word, while the command line and the key drivers say the column is blank.
    frame = _answers().assign(tienda=np.nan)
    for lang, drivers, quotes in [
            ("es", "No se puede calcular: ninguna respuesta tiene un valor en «tienda», así que no hay temas.",
             "No hay citas: ninguna respuesta tiene un valor en «tienda», así que no hay temas."),
            ("en", "It cannot be computed: no response has a value in “tienda”, so there are no themes.",
             "No quotes: no response has a value in “tienda”, so there are no themes.")]:
        html = build_report(frame, nps="nps", by="tienda", period=None, lang=lang)
        section = re.search(r'<section id="drivers">(.*?)</section>', html, re.S)
        assert section and drivers in section.group(1)
        assert quotes in html and "suficientes" not in html and "enough" not in html
    # themes too small to quote are still said so, counted in responses as min_n counts them
    few = build_report(_answers(8).assign(comentario="Llegó tarde."), nps="nps", period=None, min_n=30)
    assert "No hay temas con suficientes respuestas para mostrar citas." in few


def test_quotes_without_a_sentiment_column_say_why_not_that_themes_are_too_small():
    # Quotes are picked by their sentiment: without a cx_sentiment column there are none, and the report blamed
    # "too few responses" on themes of 40 responses each.
    frame = _answers().drop(columns="cx_sentiment").assign(comentario="El pedido llegó tarde y roto")
    for lang, said, wrong in [
            ("es", "No hay citas: se eligen por su sentimiento, y la tabla no tiene columna cx_sentiment.",
             "suficientes"),
            ("en", "No quotes: they are chosen by their sentiment, and the table has no cx_sentiment column.",
             "enough responses")]:
        html = build_report(frame, nps="nps", period=None, min_n=30, lang=lang)
        quotes = re.search(r'<section id="verbatims">(.*?)</section>', html, re.S).group(1)
        assert said in quotes and wrong not in quotes


def test_statuses_given_a_display_name_show_by_it_where_the_report_names_them():
    # QA Z 6: names for 'empty' and 'no_comment' passed the check of names the report can show, and no page showed
    # them: the header's "Sin clasificar" line kept its built-in words.
    frame = _answers().assign(cx_status=["ok", "empty", "no_comment", "ok", "not_spanish"] * 16)
    names = {"empty": "Sin respuesta", "no_comment": "Respuesta \u202evacía", "ok": "Clasificado"}
    html = build_report(frame, nps="nps", period=None, label_names=names)
    assert "Sin clasificar (cx_status): 16 «Sin respuesta», 16 «Respuesta vacía», 16 no en español." in html
    unnamed = build_report(frame, nps="nps", period=None)
    assert "16 en blanco, 16 sin comentario" in unnamed
    none = build_report(frame.assign(cx_status="empty"), nps="nps", period=None, label_names=names, lang="en")
    assert "No classified comment to quote (80 “Sin respuesta”)." in none


def test_a_metric_without_answers_shows_a_dash_alone_and_no_empty_trend_panel():
    # QA Z 7: a CSAT blank in every row: the card read "– %" and "IC 95 %: – a –", and the trend drew an empty
    # CSAT panel on an axis from -0.05 to +0.05 without a note.
    dates = pd.date_range("2024-01-01", periods=80, freq="3D").strftime("%Y-%m-%d")
    frame = _answers().assign(csat="", fecha=dates)
    for lang, said in [("es", "CSAT no tiene respuestas válidas en ningún periodo: no se dibuja."),
                       ("en", "CSAT has no valid answer in any period, so it is not drawn.")]:
        html = build_report(frame, nps="nps", csat="csat", lang=lang)
        card = _card(html, "csat")
        hidden = "sin valor" if lang == "es" else "no value"  # the dash, as a screen reader reads it
        assert (f'<p class="kpi-value"><span aria-hidden="true">–</span><span class="visually-hidden">{hidden}</span>'
                '<small></small></p>') in card and '<p class="kpi-ci">n = 0</p>' in card
        trend = re.search(r'<section id="trend">(.*?)</section>', html, re.S).group(1)
        assert said in trend and "CSAT" not in trend.replace(said, "")  # no panel, no column of its own
    # every score blank: the trend draws net sentiment, and names each metric not drawn
    html = build_report(frame.assign(nps=""), nps="nps", csat="csat")
    assert "NPS y CSAT no tienen respuestas válidas en ningún periodo: no se dibujan." in html


def test_min_n_is_documented_as_responses_as_the_command_line_says():
    # QA Z 8: since 3149d0b min_n counts responses (rows that carry the theme), which differ from comments under a
    # --by column of yours; make_report's docstring still said comments.
    from cxnlp.report.build import make_report
    from cxnlp.report.sections_trend import _heat_table

    assert "min_n : themes with fewer responses (rows that carry the theme) are shown" in make_report.__doc__
    assert "``min_n`` responses" in _heat_table.__doc__ and "comments" not in _heat_table.__doc__


def test_shares_of_a_column_that_splits_the_responses_add_up_to_100():
    # Three stores of 28 responses each were 33 % + 33 % + 33 % = 99 % in "Indicadores por tema"; a column of
    # yours puts each response in one theme, so its shares are rounded to add up to 100, as the sentiment table's.
    frame = _answers(84).assign(tienda=["Norte", "Sur", "Centro"] * 28)
    html = build_report(frame, nps="nps", by="tienda", period=None, min_n=5)
    table = re.search(r'<section id="drivers">(.*?)</section>', html, re.S).group(1)
    shares = re.findall(r'<td class="r">\d+</td><td class="r">(\d+)\u00a0%</td>', table)
    assert sorted(shares) == ["33", "33", "34"]
    # themes of a label axis overlap: each share is rounded on its own
    assert re.findall(r'<td class="r">\d+</td><td class="r">(\d+)\u00a0%</td>',
                      build_report(_answers(), nps="nps", period=None)) == ["50", "50"]


def test_what_changed_shows_a_share_metric_with_its_percent_as_every_other_table():
    # "Qué cambió" showed CSAT as "50,0 → 50,0" beside the card's and the other tables' "50,0 %"; a mean keeps none.
    frame = _answers(160).assign(csat=[5, 5, 1, 1] * 40, ces=[7, 7, 1, 1] * 40,
                                 fecha=["2024-01-15"] * 80 + ["2024-02-15"] * 80)
    html = build_report(frame, csat="csat", ces="ces", compare=("2024-01", "2024-02"), min_n=5)
    table = re.search(r'<table class="data changes" id="changes-table">(.*?)</table>', html, re.S).group(1)
    assert "50,0\u00a0% → 50,0\u00a0%" in table and "4,00 → 4,00" in table
    english = build_report(frame, csat="csat", compare=("2024-01", "2024-02"), min_n=5, lang="en")
    assert "50.0% → 50.0%" in english


@pytest.mark.parametrize("top", [0, -2, "3", 2.5, True])
def test_top_themes_with_quotes_must_be_a_whole_number_from_1(top):
    # top="3" raised a TypeError from the quotes; -2 quoted every theme; 0 said no theme had enough responses.
    with pytest.raises(ConfigError, match=rf"^top \(themes with quotes\) must be a whole number >= 1, got "
                                          rf"{re.escape(repr(top))}\.$"):
        build_report(_answers(), nps="nps", period=None, top=top)
    one = build_report(_answers().assign(comentario="El pedido llegó muy tarde"), nps="nps", period=None, top=1)
    assert one.count('<div class="theme-quotes">') == 1


def test_the_method_note_asks_to_review_low_confidence_comments_only_when_there_are_some():
    # "El 0 % de los comentarios se clasificó con confianza baja y conviene revisarlo" asked to review nothing, and
    # 2 comments of 400 read as "0 %" too.
    none = build_report(_answers().assign(cx_needs_review=False), nps="nps", period=None)
    assert "confianza baja" not in none
    few = build_report(_answers(400).assign(cx_needs_review=[True, True] + [False] * 398), nps="nps", period=None)
    assert "El 0,5\u00a0% de los comentarios se clasificó con confianza baja y conviene revisarlo." in few
    many = build_report(_answers().assign(cx_needs_review=[True, False, False, False] * 20), nps="nps", period=None)
    assert "El 25\u00a0% de los comentarios se clasificó con confianza baja" in many
    # 1 comment of 4000 is not "0,0 %" either: the decimals that show it
    one = build_report(_answers(4000).assign(cx_needs_review=[True] + [False] * 3999), nps="nps", period=None)
    assert "El 0,03\u00a0% de los comentarios se clasificó con confianza baja" in one
    assert "0.03% of comments were classified with low confidence" in build_report(
        _answers(4000).assign(cx_needs_review=[True] + [False] * 3999), nps="nps", period=None, lang="en")


def test_the_heat_table_note_says_its_centre_is_of_the_dated_responses_when_others_are_left_out():
    # 20 detractors without a date: the cells are compared with the dated responses' NPS (+33), which the note
    # called "the overall value" beside a card of 0.
    frame = _answers().assign(fecha=np.where(_answers()["nps"] == 2, "", ["2024-01-10", "2024-02-10"] * 40))
    for lang, said in [("es", "▲ y verde: por encima del valor de las respuestas fechadas del gráfico (+33; el "
                              "global, con las demás, es 0); ▼ y rojo: por debajo."),
                       ("en", "▲ and green: above the value of the responses dated in the chart (+33; the overall "
                              "value, with the others, is 0); ▼ and red: below.")]:
        html = build_report(frame, nps="nps", min_n=5, lang=lang)
        assert said in html and '<p class="kpi-value">0<small>' in _card(html, "nps")
    every_row_dated = build_report(frame.assign(fecha=["2024-01-10", "2024-02-10"] * 40), nps="nps", min_n=5)
    assert "▲ y verde: por encima del valor global (0); ▼ y rojo: por debajo." in every_row_dated


def test_the_header_names_a_single_day_once_and_a_span_by_its_ends():
    # Every answer of one day read "15 ene 2024 – 15 ene 2024".
    meta = r'<p class="meta">(.*?)</p>'
    one_day = build_report(_answers().assign(fecha="2024-01-15"), nps="nps", period=None, date="fecha")
    assert "80 respuestas · 80 comentarios clasificados · 15 ene 2024</p>" in one_day, re.findall(meta, one_day)
    span = build_report(_answers().assign(fecha=["2024-01-15", "2024-02-03"] * 40), nps="nps", period=None,
                        date="fecha")
    assert "80 respuestas · 80 comentarios clasificados · 15 ene 2024 – 3 feb 2024</p>" in span


def test_what_changed_names_tiny_changes_of_the_measures_it_shows():
    # The note named "NPS or net sentiment" and "a mean" under a table of CSAT (top 2) alone without a cx_sentiment
    # column; it names the measures the table holds, in either language.
    frame = _answers(160).assign(csat=[5, 5, 1, 1] * 40, ces=[7, 7, 1, 1] * 40,
                                 fecha=["2024-01-15"] * 80 + ["2024-02-15"] * 80)
    note = r'<section id="changes">.*?<p class="note">(.*?) En cursiva'
    for columns, kw, said in [
            (["cx_sentiment", "ces"], {"csat": "csat"}, "2 puntos de porcentaje"),
            (["cx_sentiment"], {"csat": "csat", "ces": "ces"}, "2 puntos de porcentaje o 0,1 puntos de CES"),
            ([], {"nps": "nps"}, "2 puntos de porcentaje o 3 puntos de sentimiento neto o de NPS"),
            ([], {"nps": "nps", "csat": "csat", "ces": "ces", "csat_method": "mean"},
             "2 puntos de porcentaje, 3 puntos de sentimiento neto o de NPS, o 0,1 puntos de CSAT o de CES")]:
        html = build_report(frame.drop(columns=columns), compare=("2024-01", "2024-02"), min_n=5, **kw)
        assert re.search(note, html, re.S).group(1) == (f"Se consideran pequeños los cambios de menos de {said}; no se "
                                                        "destacan aunque sean significativos."), kw
    english = build_report(frame.drop(columns="cx_sentiment"), csat="csat", ces="ces", compare=("2024-01", "2024-02"),
                           min_n=5, lang="en")
    assert ("Changes under 2 percentage points or 0.1 points of CES count as tiny; they are not highlighted even when "
            "significant.") in english


def test_a_wrong_top_fails_before_the_model_is_loaded_or_a_row_classified(tmp_path, monkeypatch):
    # report_file(report={"top": 0}) loaded the model and classified every row before the report refused top.
    import cxnlp._batch_pool
    from cxnlp.batch import report_file

    pd.DataFrame({"Comentario": ["El envío llegó tarde", "Muy buena app"], "NPS": [3, 10]}).to_csv(
        tmp_path / "encuesta.csv", index=False)

    def load(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(cxnlp._batch_pool, "load", load)
    for top in (0, "3"):
        with pytest.raises(ConfigError, match=rf"^top \(themes with quotes\) must be a whole number >= 1, got "
                                              rf"{re.escape(repr(top))}\.$"):
            report_file(tmp_path / "encuesta.csv", tmp_path / "informe.html", output=tmp_path / "clas.csv",
                        text="Comentario", nps="NPS", report={"top": top})
        assert not (tmp_path / "clas.csv").exists() and not (tmp_path / "informe.html").exists()


def test_the_shares_of_the_metric_and_key_drivers_tables_say_what_each_is_of():
    # --by region with blank cells: "what moves" gave Sur 33 % (of the 60 responses with a region) and the key drivers
    # 25 % (of all 80 in the model), and no caption said why the two columns headed "%" differ.
    frame = _answers().assign(region=["Norte", "Sur", "Centro", None] * 20)
    for lang, metrics, drivers, axis in [
            ("es", "%: de las 60 respuestas con un valor en «region».",
             "n y %: de las 80 respuestas del modelo, las que tienen un valor válido de NPS.",
             "% de respuestas que mencionan el tema"),
            ("en", "%: of the 60 responses with a value in “region”.",
             "n and %: of the 80 responses in the model, those with a valid NPS answer.",
             "% of responses that mention the theme")]:
        html = build_report(frame, nps="nps", by="region", period=None, min_n=5, lang=lang)
        drivers_section = re.search(r'<section id="drivers">(.*?)</section>', html, re.S).group(1)
        key_section = re.search(r'<section id="key-drivers">(.*?)</section>', html, re.S).group(1)
        assert metrics in drivers_section and drivers in key_section and axis in key_section
    # by a label axis, the shares are of the classified comments
    overlapping = frame.assign(cx_touchpoints=["delivery", "app", "delivery|app", "price"] * 20)
    html = build_report(overlapping, nps="nps", period=None, min_n=5, lang="en")
    assert "%: of the 80 responses with a comment classified in a theme." in html
    assert "n and %: of the 80 responses in the model, those with a classified comment and a valid NPS answer." in html


def test_the_signals_title_lead_and_method_name_only_the_signals_the_table_has():
    # A table with a churn-risk column alone: the title, the lead and the method note named effort, emotions and
    # escalation too, which the section did not show.
    frame = _answers().assign(cx_churn_risk=["yes", "no"] * 40)
    html = build_report(frame, nps="nps", period=None, lang="en")
    section = re.search(r'<section id="signals">(.*?)<h3 id="to-read">', html, re.S).group(1)
    assert "<h2>Signal: churn</h2>" in section and "<h3>Churn by theme</h3>" in section
    assert "Signal the model finds in each comment: whether they say they are leaving (churn risk).</p>" in section
    assert "<b>Signal</b>: churn risk, found by the model in each comment." in html
    assert "effort" not in section.lower() and "escalation" not in section.lower()
    both = build_report(frame.assign(cx_effort=["high", "low"] * 40, cx_escalation=["no", "yes"] * 40), nps="nps",
                        period=None)
    assert "<h2>Señales: esfuerzo, abandono y escalado</h2>" in both
    assert "<h3>Esfuerzo, abandono y escalado por tema</h3>" in both
    # emotions alone: no table of effort, churn and escalation holding only each theme's comments
    emotions = build_report(_answers().assign(cx_emotions=["anger", "gratitude"] * 40), nps="nps", period=None)
    assert "<h2>Señal: emociones</h2>" in emotions and 'id="signals-table"' not in emotions
    assert "Señal que el modelo detecta en cada comentario: las emociones" in emotions  # one signal: no "Señales"
    assert 'id="emotions-table"' in emotions
    assert "<b>Señales</b>: esfuerzo, riesgo de abandono y amenaza de escalar, detectados por el modelo" in both


def test_quotes_with_a_sentiment_column_blank_in_every_row_say_why():
    # A cx_sentiment column blank in every row (a classified file whose sentiments were cleared): the report said no
    # theme had enough answers to quote, of two themes of 40 responses each.
    frame = _answers().assign(cx_sentiment=[None, " "] * 40, comentario="El pedido llegó tarde y roto")
    for lang, said in [("es", "No hay citas: se eligen por su sentimiento, y la columna cx_sentiment está en blanco "
                              "en todos los comentarios clasificados."),
                       ("en", "No quotes: they are chosen by their sentiment, and the cx_sentiment column is blank in "
                              "every classified comment.")]:
        html = build_report(frame, nps="nps", period=None, min_n=5, lang=lang)
        quotes = re.search(r'<section id="verbatims">(.*?)</section>', html, re.S).group(1)
        assert said in quotes
    # no comment at all is not a blank sentiment
    assert "en blanco en todos" not in build_report(frame.head(0), nps="nps", period=None)


def test_a_report_of_no_rows_says_so_in_its_trend_and_blames_no_date():
    frame = _answers().assign(fecha="15/03/2024")
    for lang, said in (("es", "No hay respuestas que seguir por periodo."),
                       ("en", "There are no responses to follow by period.")):
        html = build_report(frame.head(0), nps="nps", lang=lang)
        trend = re.search(r'<section id="trend">(.*?)</section>', html, re.S).group(1)
        assert said in trend and "0" not in trend
    # dates that could not be read are still said so
    html = build_report(frame.assign(fecha="pronto"), nps="nps", lang="en")
    assert f"None of the {len(frame)} dates in column “fecha” could be read" in html


def test_comments_to_read_with_one_flag_column_say_that_one_only():
    # A churn-risk column alone: "To read today" said "0 comments threaten to escalate and 60 say they are leaving.
    # Escalations first", and told the reader to filter on cx_escalation, a column the table does not have.
    frame = _answers(120).assign(cx_churn_risk=["yes", "no"] * 60, comentario="Me voy a la competencia")
    html = build_report(frame, nps="nps", period=None, lang="en", redact=False)
    read = html[html.index('<h3 id="to-read">'):]
    assert '<p class="lead">60 say they are leaving; in the file\'s order (no dates).</p>' in read.replace("&#39;", "'")
    assert "And 10 more: filter the classified file on cx_churn_risk = yes." in read
    assert "escalat" not in read.lower()
    none = build_report(frame.assign(cx_churn_risk="no"), nps="nps", period=None)
    assert "Ningún comentario anuncia que se va." in none and "amenaza con escalar" not in none


def test_the_drivers_note_explains_the_dot_only_where_a_theme_has_one():
    """With no significant impact, the note under "What moves" still explained "● significant impact"."""
    def note(frame):
        drivers = re.search(r'<section id="drivers">(.*?)</section>', build_report(frame, nps="nps", lang="en"), re.S)
        return re.findall(r'<p class="note">(.*?)</p>', drivers.group(1), re.S)[-1]

    flat = _answers().assign(nps=[9, 9, 3, 3] * 20)  # both themes alike: no impact to mark
    assert note(flat).startswith("In italics, themes with fewer than 30 responses.")
    apart = _answers().assign(nps=[2, 10] * 40)  # delivery all detractors, app all promoters
    assert note(apart).startswith("● significant impact (p &lt; 0.05). In italics, themes with fewer than 30")


def test_the_share_of_one_row_of_every_response_is_said_of_every_response():
    # by=None: the one row holds all 80 responses, 10 of them without a comment; its note said the % was of "the 80
    # responses with a comment classified in a theme".
    frame = _answers().assign(cx_status=["ok"] * 70 + ["empty"] * 10)
    for lang, said, wrong in [("es", "%: del total de 80 respuestas.", "comentario clasificado"),
                              ("en", "%: of all 80 responses.", "comment classified")]:
        html = build_report(frame, nps="nps", by=None, period=None, min_n=5, lang=lang)
        note = re.search(r'<section id="drivers">.*<p class="note">(.*?)</p>\s*</section>', html, re.S).group(1)
        assert said in note and wrong not in note


def test_a_report_with_all_four_signals_keeps_its_lead_and_one_signal_is_not_worded_as_several():
    # Naming the signals present lost "Cuatro señales" of a table with all four (and the English list's last comma),
    # and wrote "Señales: emociones, detectados por el modelo" of one signal (and "<b>Señales</b>" in the method).
    four = _answers().assign(cx_effort=["high", "low"] * 40, cx_emotions=["anger", "gratitude"] * 40,
                             cx_churn_risk=["yes", "no"] * 40, cx_escalation=["no", "yes"] * 40)
    for lang, lead in [("es", "Cuatro señales que el modelo detecta en cada comentario: el esfuerzo que describe el "
                              "cliente, las emociones que expresa, si anuncia que se va (riesgo de abandono) y si "
                              "amenaza"),
                       ("en", "Four signals the model finds in each comment: the effort the customer describes, the "
                              "emotions they express, whether they say they are leaving (churn risk), and whether")]:
        assert f'<p class="lead">{lead}' in build_report(four, nps="nps", period=None, lang=lang)
    one = build_report(_answers().assign(cx_emotions=["anger", "gratitude"] * 40), nps="nps", period=None)
    assert "<b>Señal</b>: emociones, que el modelo detecta en cada comentario." in one and "detectados" not in one
    assert "<b>Señales</b>" not in one  # the method note of one signal opened with the plural


def test_quotes_with_no_sentiment_a_quote_can_have_say_why():
    # Only blank sentiments were said: a cx_sentiment of "neutral" in every row (none negative, positive or mixed,
    # the sentiments quotes are chosen by) still said no theme had enough answers to quote, of two themes of 40.
    frame = _answers().assign(cx_sentiment="neutral", comentario="El pedido llegó")
    for lang, said in [("es", "No hay citas: se eligen por su sentimiento, y ningún comentario clasificado es "
                              "negative, positive ni mixed en la columna cx_sentiment."),
                       ("en", "No quotes: they are chosen by their sentiment, and no classified comment is negative, "
                              "positive or mixed in the cx_sentiment column.")]:
        html = build_report(frame, nps="nps", period=None, min_n=5, lang=lang)
        assert said in re.search(r'<section id="verbatims">(.*?)</section>', html, re.S).group(1)
    # one mixed comment is a quote: no such line
    mixed = build_report(frame.assign(cx_sentiment=["mixed"] + ["neutral"] * 79), nps="nps", period=None, min_n=5)
    assert "ningún comentario clasificado es" not in mixed


def test_the_key_drivers_note_explains_its_marks_only_where_a_row_has_one():
    """The key drivers' note explained ● and ≠ with no row showing either."""
    def note(nps):
        html = build_report(_answers().assign(region=["Norte", "Sur", "Centro", None] * 20, nps=nps), nps="nps",
                            by="region", period=None, min_n=5, lang="en")
        key = re.search(r'<section id="key-drivers">(.*?)</section>', html, re.S).group(1)
        return "●" in key, "≠" in key, re.findall(r'<p class="note">(.*?)</p>', key, re.S)[-1]

    noise = note(np.random.default_rng(0).integers(0, 11, 80))  # no effect told from 0, none at odds with its impact
    assert noise[:2] == (False, False)
    assert noise[2].startswith("In italics, themes with fewer than 5 responses: shown, but left out of the model.")
    apart = note([10, 9, 0, 3, 7, 10, 2, 8] * 10)  # a ●, no ≠
    assert apart[:2] == (True, False)
    assert apart[2].startswith("● effect other than 0: its 95% confidence interval (bootstrap, 500 resamples) excludes 0. "
                               "In italics, themes")
    both = note([9, 3] * 40)
    assert both[:2] == (True, True) and "excludes 0. ≠ the simple impact and the effect disagree" in both[2]


def test_the_method_note_explains_the_tests_of_what_changed_only_for_the_measures_its_table_shows():
    """The note explained the share's test beside a table by=None (no share) and net sentiment's beside a survey
    without cx_sentiment; it names the measures the table shows."""
    frame = _answers(160).assign(fecha=["2024-01-15"] * 80 + ["2024-02-15"] * 80, csat=[5, 1, 4, 2] * 40)

    def said(table, **kw):
        html = build_report(table, nps="nps", compare=("2024-01", "2024-02"), min_n=5, **kw)
        method = re.search(r'<section id="method">(.*?)</section>', html, re.S).group(1)
        return re.search(r"<b>(?:Qué cambió|What changed)</b>: (.*?)</li>", method, re.S).group(1)

    tests = ", a z-test with the larger of two standard errors, that of both periods' variance pooled and Welch's; "
    assert said(frame, by=None, lang="en") == f"for net sentiment and NPS{tests}" + \
        "with the Benjamini-Hochberg correction over every test of the table."
    assert said(frame.drop(columns="cx_sentiment"), csat="csat", lang="en").startswith(
        f"for the % of comments, the two-proportion z-test; for NPS and CSAT{tests}")
    assert said(frame, csat="csat").startswith(
        "para el % de comentarios, prueba z de dos proporciones; para el sentimiento neto, NPS y CSAT, prueba z con")


def test_a_table_of_every_response_counts_responses_not_comments():
    """by=None: the one row of every response (comments or not) was headed "Comentarios" with 100 beside 80 classified
    comments, and "what changed" said its untested figures had too few comments."""
    frame = pd.concat([_answers(), pd.DataFrame({"cx_status": ["empty"] * 20, "nps": [7] * 20})], ignore_index=True)
    html = build_report(frame, nps="nps", by=None, period=None)
    table = re.search(r'<table class="data" id="drivers-table">(.*?)</table>', html, re.S).group(1)
    assert '<th scope="col">Respuestas</th>' in table and "Comentarios" not in table
    assert re.search(r'<th scope="row">Total</th><td class="r">100</td>', table)
    dated = frame.assign(fecha=["2024-01-15", "2024-02-15"] * 50)
    untested = build_report(dated, nps="nps", by=None, compare=("2024-01", "2024-02"), min_n=60, lang="en")
    assert "every theme has fewer than 60 responses in one of the two periods" in untested


def test_the_key_drivers_of_a_report_without_themes_say_so_not_that_responses_are_few():
    # by=None: 80 valid answers, and the section said "too few responses with a theme and a valid NPS".
    for lang, said in [("es", "No se pueden calcular: sin temas (by=None) todas las respuestas están en una fila"),
                       ("en", "They cannot be computed: without themes (by=None) every response is in one row")]:
        html = build_report(_answers(), nps="nps", by=None, period=None, lang=lang)
        section = re.search(r'<section id="key-drivers">(.*?)</section>', html, re.S).group(1)
        assert said in section and "muy pocas" not in section and "too few" not in section


def test_quotes_without_a_comment_column_say_why_not_that_themes_are_too_small():
    # A classified table without its comments (nor cx_segments): 40 responses a theme, and the quotes section said
    # that no theme had enough responses to quote.
    for lang, said in [("es", "No hay citas: la tabla no tiene columna de comentarios (ni cx_segments)"),
                       ("en", "No quotes: the table has no comment column (nor cx_segments); name it with --text")]:
        html = build_report(_answers(), nps="nps", period=None, min_n=5, lang=lang)
        section = re.search(r'<section id="verbatims">(.*?)</section>', html, re.S).group(1)
        assert said in section
    quoted = build_report(_answers().assign(comentario="La entrega llegó tarde y nadie avisó."), nps="nps",
                          period=None, min_n=5)
    assert "La entrega llegó tarde" in re.search(r'<section id="verbatims">(.*?)</section>', quoted, re.S).group(1)


def test_the_header_of_a_table_never_classified_says_so_not_zero_classified_comments():
    # found by review: a plain survey (no cx_ column) reported by 'Región' read "40 respuestas · 0 comentarios
    # clasificados" with no word of why
    frame = pd.DataFrame({"Región": ["Norte", "Sur"] * 20, "nps": [2, 10, 9, 5] * 10})
    meta = {lang: re.search(r'<p class="meta">([^<]*)</p>',
                            build_report(frame, nps="nps", by="Región", lang=lang, period=None)).group(1)
            for lang in ("es", "en")}
    assert meta == {"es": "40 respuestas · comentarios sin clasificar (la tabla no tiene columna cx_status)",
                    "en": "40 responses · comments not classified (the table has no cx_status column)"}


def test_the_header_of_a_table_with_labels_but_no_cx_status_does_not_call_it_not_classified():
    # found by review: a classified table saved without its cx_status column (cx_touchpoints and cx_sentiment kept,
    # its themes and quotes shown) was headed "comentarios sin clasificar"; its rows' labels are read, as summarize does
    frame = _answers().drop(columns="cx_status").assign(comentario="La entrega llegó tarde.")
    html = build_report(frame, nps="nps", period=None, min_n=5)
    assert re.search(r'<p class="meta">([^<]*)</p>', html).group(1) == "80 respuestas · 80 comentarios clasificados"
    assert "La entrega llegó tarde." in html


def test_the_method_note_says_how_many_responses_are_partial_in_both_languages():
    # summarize and changes said "Partial responses: 20 of 80 rows did not finish the survey"; the report counted
    # them as complete ones without a word. What the line quotes is escaped, as all the page says.
    frame = _answers().assign(ResponseId="R_1", Finished=["True", "True", "True", "False"] * 20)
    spanish = build_report(frame, nps="nps", period=None)
    assert ("<li>Respuestas parciales: 20 de 80 filas no terminaron la encuesta (lo marca la columna «Finished»); "
            "se cuentan como respuestas completas. Para dejarlas fuera, quite esas filas del archivo.</li>") in spanish
    english = build_report(frame, nps="nps", period=None, lang="en")
    assert ("<li>Partial responses: 20 of 80 rows did not finish the survey (“Finished” False, beside Qualtrics&#39; "
            "&#39;ResponseId&#39;); they are kept and counted as complete ones.") in english
    one = build_report(frame.assign(Finished=["True"] * 79 + ["False"]), nps="nps", period=None, lang="en")
    assert "1 of 80 rows did not finish the survey (“Finished” False, beside" in one and "it is kept" in one
    assert "Partial responses" not in build_report(_answers(), nps="nps", period=None, lang="en")


def test_a_card_warns_of_valid_answers_all_in_the_lower_half_of_a_long_scale_as_the_command_line_does():
    """A 1-5 question named as the NPS (every answer a detractor, -100) or a 1-5 CSAT read on 0-10 left nothing
    out, so the card showed the score without a word, where the command line warns "all 40 valid answers in 'X' run
    from 1 to 5, the lower half of the NPS scale 0-10"; the column's name is escaped."""
    frame = _answers().assign(**{"<b>Satisfacción</b>": [1, 2, 3, 4, 5] * 16})
    for lang, said in [("es", "Las 80 respuestas válidas de «&lt;b&gt;Satisfacción&lt;/b&gt;» van de 1 a 5, la mitad "
                              "inferior de la escala 0–10 del NPS, así que todas son detractores: ¿es la columna "
                              "correcta?"),
                       ("en", "All 80 valid answers in “&lt;b&gt;Satisfacción&lt;/b&gt;” run from 1 to 5, the lower "
                              "half of the NPS scale 0–10, so every one is a detractor: is it the right column?")]:
        html = build_report(frame, nps="<b>Satisfacción</b>", lang=lang, period=None)
        assert f'<p class="excl many">{said}</p>' in html.split('id="kpi-nps"')[1].split('class="kpi"')[0]
    from cxnlp.metrics import CSAT
    html = build_report(frame, metrics=[("<b>Satisfacción</b>", CSAT(scale=(0, 10)))], period=None, lang="en")
    assert "the lower half of the CSAT scale 0–10: it looks like a 1–5 scale; check the column and its scale." in html
    # an unhappy month of a real NPS (0 to 5) is no other scale
    assert "lower half" not in build_report(frame.assign(nps=[0, 1, 2, 3, 4, 5] * 13 + [5, 5]), nps="nps",
                                            lang="en", period=None)


def test_the_lower_half_warning_of_a_card_writes_the_lowest_answer_with_its_decimals():
    """Review of left3: answers from 1.5 to 5 of a CSAT read on 0-10 were said to "run from 2 to 5" (the lowest
    answer rounded to a whole number), where the command line says 1.5."""
    from cxnlp.metrics import CSAT

    frame = _answers().assign(s=[1.5, 2, 3, 4, 5] * 16)
    for lang, said in (("en", "run from 1.5 to 5, the lower half of the CSAT scale 0–10"),
                       ("es", "van de 1,5 a 5, la mitad inferior de la escala 0–10 del CSAT")):
        assert said in build_report(frame, metrics=[("s", CSAT(scale=(0, 10)))], period=None, lang=lang)
