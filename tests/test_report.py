"""The HTML report: self-contained, complete, in Spanish or English, and rendered by a real
browser (headless Chromium)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from cxnlp.exceptions import ConfigError, DataError
from cxnlp.report import build_report, write_report

# (touchpoints, area, sentiment, comment, segment sentiment per touchpoint)
COMMENTS = [
    ("delivery", "cx", "negative", "El pedido llegó dos semanas tarde y nadie me avisó."),
    ("delivery", "cx", "negative", "El repartidor dejó el paquete en la portería sin llamar."),
    ("delivery", "cx", "negative", "La caja de la lavadora llegó rota, muy mal embalada."),
    ("delivery", "cx", "positive", "Entrega rapidísima, pedí el lunes y el martes ya estaba."),
    ("delivery|support", "cx|customer_service", "negative",
     "Mi pedido no llega y en el chat nadie contesta, llevo una semana esperando."),
    ("support", "customer_service", "negative", "Una hora en espera en el call center para nada."),
    ("support", "customer_service", "negative", "El agente me colgó a mitad de la explicación."),
    ("support", "customer_service", "positive", "La asesora fue muy amable y me lo resolvió en una llamada."),
    ("app", "ui", "positive", "La nueva app es preciosa, me encantan los colores."),
    ("app", "ux", "positive", "Comprar desde la app es rapidísimo, en tres pasos."),
    ("app", "ux", "negative", "La app se cierra cuando voy a pagar."),
    ("app|delivery", "ux|cx", "mixed", "La app es muy cómoda pero el pedido llegó tarde."),
    ("store", "customer_service", "positive", "El vendedor de la tienda me asesoró de maravilla."),
    ("store", "cx", "mixed", "La tienda estaba limpia pero la cola para pagar era eterna."),
    ("general", "cx", "positive", "Excelente empresa, los recomiendo <siempre> & sin dudar."),
]
NPS_BY_SENTIMENT = {"negative": [0, 2, 3, 4, 5, 6], "positive": [9, 10, 10], "mixed": [6, 7, 8], "neutral": [7, 8]}


def _segments(text: str, touchpoints: str, areas: str, sentiment: str) -> str:
    tps, ars = touchpoints.split("|"), areas.split("|")
    cut = text.find(" pero ") if len(tps) > 1 else -1
    spans = [(0, cut), (cut + 1, len(text))] if cut > 0 else [(0, len(text))] * len(tps)
    out = []
    for k, (tp, area) in enumerate(zip(tps, ars)):
        start, end = spans[min(k, len(spans) - 1)]
        seg_sentiment = sentiment if sentiment != "mixed" else ("positive" if k == 0 else "negative")
        out.append({"start": start, "end": end, "text": text[start:end], "sentiment": seg_sentiment,
                    "touchpoint": tp, "area": area, "confidence": round(0.6 + 0.02 * k, 2)})
    return json.dumps(out, ensure_ascii=False)


def classified_survey(n: int = 240, seed: int = 3) -> pd.DataFrame:
    """A classified survey built by hand: comments cycle through COMMENTS, scores agree with them,
    a quarter of the rows have no comment, and dates span three months."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        day = pd.Timestamp("2024-07-01") + pd.Timedelta(days=int(i * 90 / n))
        base = {"ID": f"R{i:04d}", "Fecha": day.strftime("%d/%m/%Y"), "Región": ["Norte", "Sur", "Centro"][i % 3]}
        if i % 4 == 3:  # no comment
            sentiment, nps = None, int(rng.choice([7, 8, 9, 10, 6]))
            row = {"Comentario": "", "cx_status": "empty", "cx_sentiment": None, "cx_touchpoints": None,
                   "cx_areas": None, "cx_stage": None, "cx_segments": None, "cx_confidence": None}
        else:
            tps, areas, sentiment, text = COMMENTS[i % len(COMMENTS)]
            nps = int(rng.choice(NPS_BY_SENTIMENT[sentiment]))
            row = {"Comentario": text, "cx_status": "ok", "cx_sentiment": sentiment, "cx_touchpoints": tps,
                   "cx_areas": areas, "cx_stage": "after", "cx_segments": _segments(text, tps, areas, sentiment),
                   "cx_confidence": round(0.5 + 0.4 * ((i * 37) % 10) / 10, 2)}
        csat = str(int(np.clip(round(nps / 2.2), 1, 5)))
        ces = "" if i % 5 == 0 else f"{min(7, max(1, round(1 + nps * 0.6)))},0"
        rows.append({**base, "NPS": "" if i == 7 else str(nps), "CSAT": csat, "CES": ces, **row,
                     "cx_needs_review": i % 9 == 0})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return classified_survey()


@pytest.fixture(scope="module")
def html_es(survey) -> str:
    return build_report(survey, nps="NPS", csat="CSAT", ces="CES", min_n=20)


SECTIONS = ("summary", "drivers", "key-drivers", "changes", "sentiment", "areas", "trend", "verbatims", "method")


def test_report_is_self_contained(html_es):
    # No external resources: no src/href/url() to the network, no stylesheet links, no scripts from elsewhere.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html_es, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", html_es, re.IGNORECASE)
    assert "<link" not in html_es and "@import" not in html_es and "<img" not in html_es
    # The only URLs are SVG namespace names (identifiers, never fetched).
    urls = set(re.findall(r"https?://[^\s\"'<>]+", html_es))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls


def test_report_ids_are_unique_and_every_reference_resolves(html_es):
    # Five charts on one page: matplotlib numbers each figure's parts from 1 ("text_1", glyph ids), so
    # unprefixed ids repeat (invalid HTML, and a reference could resolve into another chart).
    ids = re.findall(r'\sid="([^"]+)"', html_es)
    assert len(ids) > 50 and len(ids) == len(set(ids)), [i for i in set(ids) if ids.count(i) > 1][:5]
    refs = set(re.findall(r'href="#([^"]+)"|url\(#([^)]+)\)', html_es))
    refs = {a or b for a, b in refs}
    assert refs and refs <= set(ids), sorted(refs - set(ids))[:5]


def test_report_has_every_section_and_chart(html_es):
    for section in SECTIONS:
        assert f'<section id="{section}"' in html_es, section
    assert html_es.count('<svg class="chart"') == 5  # impact, priority matrix, sentiment, areas, trend
    assert html_es.startswith("<!DOCTYPE html>") and html_es.rstrip().endswith("</html>")
    assert '<html lang="es">' in html_es and "Qué mueve el NPS" in html_es
    assert "Envío e instalación" in html_es and "Atención al cliente" in html_es


def test_headline_metrics_with_interval_and_n(html_es, survey):
    import cxnlp

    r = cxnlp.nps(survey["NPS"])
    headline = re.search(r'<div class="kpi" id="kpi-nps">(.*?)</div><div class="kpi"', html_es, re.S).group(1)
    assert f"{r.value:+.0f}".replace("-", "\u2212") in headline
    assert f"n = {r.n}" in headline and "IC 95\u00a0%" in headline
    assert "Excluidas: 1 en blanco" in headline
    ces = re.search(r'id="kpi-ces">(.*?)</section>', html_es, re.S).group(1)
    assert "," in re.search(r'kpi-value">([^<]*)', ces).group(1)  # Spanish decimal comma


def test_a_headline_on_few_of_the_answers_says_so_in_its_card():
    """A 1-10 CSAT read on 1-5 showed CSAT 38 % from 79 of 200 answers, the 121 others in the small print only."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "cx_sentiment": "positive",
                          "CSAT": list(range(1, 11)) * 4})
    def kpis(html):
        return re.search(r'<section id="summary" class="kpis">(.*?)</section>', html, re.S).group(1)

    card = kpis(build_report(frame, csat="CSAT", min_n=5))
    fixed = kpis(build_report(frame, csat="CSAT", csat_scale=(1, 10), min_n=5))
    assert "Excluidas: 20 fuera de escala" in card
    assert '<p class="excl many">50\u00a0% de las respuestas quedan fuera del indicador' in card
    assert "excl many" not in fixed


def test_verbatims_are_representative_highlighted_and_escaped(html_es):
    quotes = re.search(r'<section id="verbatims">(.*?)</section>', html_es, re.S).group(1)
    delivery = re.search(r"<h3>Envío e instalación.*?(?=<div class=\"theme-quotes\"|$)", quotes, re.S).group(0)
    assert delivery.count("<blockquote") == 3
    assert delivery.count('<figure class="quote negative"') >= 2  # a negative driver gets complaints
    assert "<mark>" in delivery


def test_verbatims_fill_the_slots_of_a_side_with_fewer_themes_from_the_other():
    """Six themes against the NPS and one for it: "Qué dicen los clientes" showed 4 themes, not top = 6 (3 against,
    at most 3 for, and the unused slots left empty)."""
    scores = {"delivery": [10, 9], "app": [2, 3], "web": [3, 4], "store": [4, 5], "billing": [1, 0],
              "returns": [5, 6], "support": [0, 2]}
    frame = pd.DataFrame([{"cx_status": "ok", "cx_touchpoints": theme, "cx_sentiment": ["negative", "positive"][i % 2],
                           "nps": nps[i % 2], "texto": f"Comentario {i} sobre {theme}"}
                          for theme, nps in scores.items() for i in range(20)])
    for top, against in ((6, 5), (3, 2)):
        quotes = _section(build_report(frame, nps="nps", text="texto", min_n=5, period=None, top=top), "verbatims")
        assert quotes.count('<div class="theme-quotes">') == top
        assert quotes.count('class="badge negative"') == against and quotes.count('class="badge positive"') == 1


def test_a_quotes_score_and_sentiment_are_its_caption_not_part_of_it(html_es, survey):
    """The score sat in a <footer> inside <blockquote> (read as quoted words); the sentiment was a border colour."""
    quotes = re.findall(r'<figure class="quote (\w+)"><blockquote lang="es">(.*?)</blockquote>\n'
                        r'<figcaption lang="es"><b>(\w+)</b> · NPS: (\d+)</figcaption></figure>',
                        _section(html_es, "verbatims"), re.S)
    assert len(quotes) == _section(html_es, "verbatims").count("<blockquote") > 3
    tags = {"negative": "Negativo", "mixed": "Mixto", "positive": "Positivo"}
    assert all(tags[sentiment] == tag and "NPS" not in words for sentiment, words, tag, _ in quotes)
    assert "<footer" not in html_es
    english = _section(build_report(survey, nps="NPS", lang="en", min_n=20), "verbatims")
    assert '<figcaption lang="en"><b>Negative</b> · NPS: ' in english


def test_verbatims_escape_html(survey):
    html = build_report(survey, nps="NPS", top=20, min_n=5)
    assert "&lt;siempre&gt; &amp; sin dudar" in html and "<siempre>" not in html


def test_min_n_themes_are_marked(survey):
    html = build_report(survey, nps="NPS", min_n=40)
    method = re.search(r'<section id="method">(.*?)</section>', html, re.S).group(1)
    assert "Temas con menos de 40 respuestas" in method and "<bdi>Experiencia general</bdi> (n = 12)" in method
    assert '<tr class="low"><th scope="row">Experiencia general' in html


def test_a_whole_number_read_as_a_decimal_is_named_as_in_the_summary(survey):
    # A store column with blanks is read as floats: the report named the theme "105.0", its label "105".
    stores = survey.assign(Tienda=[np.nan if i % 50 == 0 else float(105 + i % 2) for i in range(len(survey))])
    html = build_report(stores, by="Tienda", nps="NPS", min_n=5)
    assert not re.search(r"\b10[56]\.0\b", html) and re.search(r">105<", html) and re.search(r">106<", html)


def test_english_report(survey):
    html = build_report(survey, nps="NPS", csat="CSAT", ces="CES", lang="en", min_n=20)
    assert '<html lang="en">' in html and "What moves NPS" in html and "Customer service" in html
    assert "Delivery" in html and "Qué mueve" not in html


def test_report_without_scores_or_dates(survey):
    html = build_report(survey[["Comentario", "cx_status", "cx_sentiment", "cx_touchpoints"]], period="month")
    assert '<section id="sentiment"' in html and 'id="drivers"' not in html
    assert "No se encontró una columna de fecha" in html


def test_report_options_and_errors(survey, tmp_path):
    with pytest.raises(ConfigError, match="lang 'fr' is not supported"):
        build_report(survey, lang="fr")
    with pytest.raises(DataError, match="NPS column 'nps_x' not found"):
        build_report(survey, nps="nps_x")
    weekly = build_report(survey, nps="NPS", ces="CES", ces_method="agree", by="Región", period="week")
    assert "S27/24" in weekly and "% que lo encontró fácil (5–7 de 1–7)" in weekly
    path = write_report(survey, tmp_path / "out" / "informe.html", nps="NPS")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in path.parent.iterdir()] == ["informe.html"]  # no temporary file left


def test_reports_built_in_threads_leave_rcparams_alone_and_match_one_built_alone(html_es, survey):
    """QA K 1: rc_context swaps the process-wide rcParams, so two reports drawn at once left cxnlp's chart style in
    them (no mathtext in the caller's own plots, no ``svg.hashsalt``: hatch ids drawn from uuid4)."""
    import threading

    import matplotlib

    matplotlib.get_backend()  # resolved once, not a change of ours
    before = matplotlib.rcParams.copy()
    built = [None] * 3

    def build(i):
        built[i] = build_report(survey, nps="NPS", csat="CSAT", ces="CES", min_n=20)

    threads = [threading.Thread(target=build, args=(i,)) for i in range(len(built))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert dict(matplotlib.rcParams) == dict(before)
    assert all(html == html_es for html in built)


# -- key drivers, what changed, and the fixes of issue 14 ---------------------------------------------
def _section(html: str, name: str) -> str:
    return re.search(rf'<section id="{name}">(.*?)</section>', html, re.S).group(1)


def test_key_drivers_section_has_the_priority_matrix_and_table(html_es, survey):
    import cxnlp

    section = _section(html_es, "key-drivers")
    assert section.count('<svg class="chart"') == 1 and "Arreglar primero" in section
    d = cxnlp.drivers(survey, "NPS", metric="nps", min_n=20)
    top = d.iloc[0]
    first = re.search(r"<tbody>\s*<tr[^>]*><td class=\"r\">1</td><th scope=\"row\">([^<]*)</th>", section).group(1)
    assert first == "Envío e instalación" == top["label"]
    assert "R² del modelo" in section and "valores de Shapley" in section
    english = build_report(survey, nps="NPS", lang="en", min_n=20)
    assert "Fix first" in _section(english, "key-drivers") and "Arreglar" not in english


def test_what_changed_shows_arrows_only_where_significant_after_bh(survey):
    from cxnlp.insights import changes

    planted = survey.copy()
    september = planted["Fecha"].str.endswith("/09/2024") & planted["cx_touchpoints"].fillna("").str.contains("app")
    planted.loc[september, "NPS"] = "0"
    c = changes(planted, ("2024-07", "2024-09"), nps="NPS", min_n=10)
    app = c[(c["theme"] == "app") & (c["measure"] == "nps")].iloc[0]
    assert app["significant"] and app["direction"] == "down"
    html = build_report(planted, nps="NPS", min_n=10, compare=("2024-07", "2024-09"))
    section = _section(html, "changes")
    assert "Qué cambió: jul 2024 → sep 2024" in section
    notable = re.search(r'<ul class="notable">(.*?)</ul>', section, re.S).group(1)
    assert "Aplicación móvil" in notable and '<span class="chg neg">↓' in notable
    # Every arrow in the table is a significant change; the others are grey dots.
    arrows = len(re.findall(r'<span class="chg (?:pos|neg|neu)">[↑↓]</span>', section))
    assert arrows == int(c["significant"].sum()) and '<span class="chg ns">·</span>' in section
    quiet = _section(build_report(survey, nps="NPS", min_n=10, compare=("2024-07", "2024-09")), "changes")
    assert "Ningún cambio significativo" in quiet and "↓" not in quiet.split("</h3>", 1)[1].split("<table")[0]
    with pytest.raises(ConfigError, match="not a period label"):
        build_report(survey, nps="NPS", compare=("2024-07", "verano"))
    with pytest.raises(DataError, match="periods '2024-07' and '2024-09' need a date column"):
        build_report(survey.drop(columns="Fecha"), nps="NPS", compare=("2024-07", "2024-09"))
    assert 'id="changes"' not in build_report(survey.drop(columns="Fecha"), nps="NPS")  # not asked for: left out


def test_what_changed_with_every_cell_under_min_n_says_nothing_could_be_tested():
    """Every theme under min_n in a period: the lead said "Benjamini-Hochberg sobre las 0 pruebas" and "Ningún
    cambio significativo y no pequeño", as if something had been tested."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["negative", "positive"] * 10,
                          "cx_touchpoints": ["delivery", "app"] * 10, "nps": [2, 10, 9, 5] * 5,
                          "fecha": ["2024-01-10"] * 10 + ["2024-02-10"] * 10})
    for lang, says in (("es", "No se puede probar ningún cambio: cada tema tiene menos de 30 comentarios en alguno"),
                       ("en", "No change can be tested: every theme has fewer than 30 comments in one")):
        section = _section(build_report(frame, nps="nps", min_n=30, lang=lang, key_drivers=False), "changes")
        assert says in section and "<table" in section
        assert "Benjamini" not in section and "Ningún cambio significativo" not in section
        assert "No significant" not in section


def test_comments_to_read_without_dates_say_file_order_not_newest():
    """Without a date column "Para leer hoy" said "en cada grupo, los más recientes" over comments in file order."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "negative", "cx_touchpoints": "delivery",
                          "nps": [1, 5, 6, 2], "Comentario": ["Me voy", "Bien", "Os denuncio", "Me doy de baja"],
                          "cx_churn_risk": ["yes", "no", "no", "yes"], "cx_escalation": ["no", "no", "yes", "no"]})
    for lang, order, newest in (("es", "en cada grupo, en el orden del archivo", "los más recientes"),
                                ("en", "within each, in the file's order", "newest first")):
        undated = _to_read(build_report(frame, nps="nps", min_n=1, period=None, lang=lang))
        assert order in undated.replace("&#39;", "'") and newest not in undated
        assert re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", undated) == ["Os denuncio", "Me voy", "Me doy de baja"]
        dated = frame.assign(fecha=["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"])
        assert newest in _to_read(build_report(dated, nps="nps", min_n=1, lang=lang))
        # review: with nothing flagged, a file with dates was said to have none, then the order of no comments
        calm = dated.assign(cx_churn_risk="no", cx_escalation="no")
        read = _to_read(build_report(calm, nps="nps", min_n=1, lang=lang))
        assert newest not in read and order not in read.replace("&#39;", "'") and "0" not in read
        assert ("Ningún comentario amenaza" if lang == "es" else "No comment") in read


def test_comments_to_read_without_a_comment_column_show_what_their_segments_hold():
    """A classified table saved without its comment column showed "(sin texto)" for each comment to read, though
    its cx_segments held the text (the quotes section reads them); redacted as any quote is."""
    import json

    segments = [json.dumps([{"text": "Me doy de baja.", "sentiment": "negative"},
                            {"text": "Llamadme al 612 345 678", "sentiment": "neutral"}]), "", "[]", "no es JSON"]
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "negative", "cx_touchpoints": "delivery",
                          "nps": [1, 5, 6, 2], "cx_segments": segments, "cx_churn_risk": ["yes", "yes", "yes", "yes"]})
    quotes = re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", _to_read(build_report(frame, nps="nps", min_n=1,
                                                                                       period=None)))
    assert quotes == ["Me doy de baja. Llamadme al [TELÉFONO]", "(sin texto)", "(sin texto)", "(sin texto)"]


def _to_read(html: str) -> str:
    return re.search(r'id="to-read">(.*?)</section>', html, re.S).group(1)


def test_what_changed_names_its_share_as_the_drivers_table_counts():
    """By a column of yours (País), "Qué cambió" headed its share "% de comentarios" while it is the share of the
    responses, as "Qué mueve" says ("Respuestas")."""
    frame = pd.DataFrame({"pais": ["México", "Chile"] * 40, "cx_status": "ok", "cx_touchpoints": "delivery",
                          "cx_sentiment": ["negative", "positive"] * 40, "nps": [2, 10, 9, 5] * 20,
                          "fecha": ["2024-01-10"] * 40 + ["2024-02-10"] * 40})
    for lang, comments, responses in (("es", "% de comentarios", "% de respuestas"),
                                      ("en", "% of comments", "% of responses")):
        whole = build_report(frame, by="pais", nps="nps", min_n=5, lang=lang, key_drivers=False)
        by_country = _section(whole, "changes")
        assert f'<th scope="col" class="r">{responses}</th>' in by_country and comments not in by_country
        # review: the method note still said the test was of the "% de comentarios"
        assert f"{'para el' if lang == 'es' else 'for the'} {responses}" in whole and comments not in whole
        untested = _section(build_report(frame, nps="nps", min_n=500, lang=lang, key_drivers=False), "changes")
        assert f"500 {'comentarios' if lang == 'es' else 'comments'}" in untested  # (by labels it counts comments)
        assert "Benjamini" not in build_report(frame, nps="nps", min_n=500, lang=lang, key_drivers=False)
        by_label = _section(build_report(frame, nps="nps", min_n=5, lang=lang, key_drivers=False), "changes")
        assert f'<th scope="col" class="r">{comments}</th>' in by_label


def test_verbatim_badge_reads_as_impact_not_as_the_score(html_es, survey):
    badges = re.findall(r'<span class="badge (?:negative|positive)">([^<]*)</span>', html_es)
    assert badges and all(re.fullmatch(r"impacto [+\u2212]\d+,\d pts", b) for b in badges), badges
    english = build_report(survey, nps="NPS", lang="en", min_n=20)
    assert re.search(r'class="badge negative">impact \u2212\d+\.\d pts<', english)


def test_impact_caption_says_removing_a_negative_theme_raises_the_score(html_es, survey):
    lead = re.search(r'<section id="drivers">.*?<p class="lead">(.*?)</p>', html_es, re.S).group(1)
    assert "Las barras rojas restan puntos: sin esas respuestas, el NPS subiría" in lead
    assert "cambiaría el NPS global si se quitaran" not in lead
    english = build_report(survey, nps="NPS", lang="en", min_n=20)
    assert "without those responses, NPS would rise" in english


def test_no_significance_dot_under_the_minimum_n(survey):
    from cxnlp import summarize

    s = summarize(survey, nps="NPS", min_n=40).set_index("theme")
    assert s.loc["general", "below_min_n"] and s.loc["general", "nps_impact_significant"]  # a dot was shown
    html = build_report(survey, nps="NPS", min_n=40)
    small = re.search(r'<tr class="low"><th scope="row">Experiencia general</th>.*?</tr>', _section(html, "drivers"),
                      re.S).group(0)
    assert "●" not in small
    big = re.search(r'<tr class=""><th scope="row">Envío e instalación</th>.*?</tr>', _section(html, "drivers"),
                    re.S).group(0)
    assert "●" in big


def test_csat_and_ces_by_theme_are_in_the_table(html_es, survey):
    from cxnlp import summarize

    section = _section(html_es, "drivers")
    head = re.search(r"<thead>(.*?)</thead>", section, re.S).group(1)
    for label in ("NPS", "CSAT", "CES"):
        assert f'<th scope="col">{label} (IC 95\u00a0%)</th>' in head and f'<th scope="col">Impacto {label}</th>' in head
    s = summarize(survey, nps="NPS", csat="CSAT", ces="CES", min_n=20).set_index("theme")
    row = re.search(r'<th scope="row">Envío e instalación</th>.*?</tr>', section, re.S).group(0)
    assert f"{s.loc['delivery', 'csat']:.1f}".replace(".", ",") in row
    assert f"{s.loc['delivery', 'ces']:.2f}".replace(".", ",") in row


def test_shares_shown_together_add_up_to_100():
    from cxnlp.report.page import largest_remainder

    assert largest_remainder([100 / 3] * 3).tolist() == [34.0, 33.0, 33.0]
    assert largest_remainder([40.4, 18.3, 41.3]).sum() == 100  # naive rounding: 40 + 18 + 41 = 99
    assert largest_remainder([12.25, 50.5, 37.25], digits=1).sum() == pytest.approx(100)
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "positive", "cx_touchpoints": "app",
                          "NPS": [10, 9, 10, 8, 7, 8, 0, 3, 6]})
    card = re.search(r'id="kpi-nps">(.*?)</section>', build_report(frame, nps="NPS", min_n=2), re.S).group(1)
    shown = [int(v) for v in re.findall(r"(\d+)\u00a0%</b>|(\d+)\u00a0% pasivos", card) for v in v if v]
    assert sorted(shown) == [33, 33, 34]


def test_the_nps_cards_split_agrees_with_the_nps_it_shows():
    """41,8 % promoters, 25,6 % passives, 32,6 % detractors: the card showed "NPS +9" beside 42 % · 26 % · 32 %
    (42 − 32 = 10), the largest remainders going to the promoters and the passives."""
    for counts in ((209, 128, 163), (10, 0, 0), (0, 0, 7), (126, 0, 124), (1, 1, 1), (3, 5, 3)):
        frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "positive", "cx_touchpoints": "app",
                              "NPS": [10] * counts[0] + [7] * counts[1] + [3] * counts[2]})
        card = re.search(r'id="kpi-nps">(.*?)</section>', build_report(frame, nps="NPS", min_n=2, period=None),
                         re.S).group(1)
        nps = int(re.search(r'kpi-value">([+\u2212]?\d+)', card).group(1).replace("\u2212", "-"))
        legend = re.search(r'split-legend">(.*?)</p>', card).group(1)
        promoters, passives, detractors = (int(v) for v in re.findall(r"(\d+)\u00a0%", legend))
        assert promoters + passives + detractors == 100, counts
        if counts[1]:
            assert promoters - detractors == nps, counts
        else:  # no passives are shown as none, even where the score's parity then leaves the difference one off
            assert passives == 0 and abs(promoters - detractors - nps) <= 1, counts
    from cxnlp.report._sections_kpis import _net_split

    assert _net_split([41.8, 25.6, 32.6], 9) == [42, 25, 33]
    assert _net_split([50.4, 0.0, 49.6], 1) == [50, 0, 50]  # (it showed 1 % passives that are not there)


def test_the_method_note_explains_only_the_metrics_the_report_uses():
    """A CES-only report explained the NPS (promoters 9–10, adjusted Wald) in its method note, and its drivers'
    regression value as "NPS: +100 promotor, 0 pasivo, −100 detractor"."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["negative", "positive"] * 30,
                          "cx_touchpoints": ["delivery", "app", "delivery|app"] * 20,
                          "ces": [2, 6, 3, 7, 5, 4] * 10, "nps": [2, 10, 9, 5, 7, 0] * 10})
    for lang, nps_words, ces_value, mean_ci in (
            ("es", ("promotores", "Wald", "pasivo"), "CES: la respuesta en su escala", "para medias (CES), t de Student"),
            ("en", ("promoters", "Wald", "passive"), "CES: the answer on its scale", "for means (CES), Student's t")):
        method = _section(build_report(frame, ces="ces", min_n=5, period=None, lang=lang), "method")
        assert not any(word in method for word in nps_words) and "CSAT" not in method
        assert ces_value in method and mean_ci in method
        both = _section(build_report(frame, nps="nps", ces="ces", min_n=5, period=None, lang=lang), "method")
        assert all(word in both for word in nps_words) and "Wilson" not in both and "CSAT" not in both


def test_the_method_note_gives_a_net_metric_of_ones_own_its_own_points(survey):
    """QA N 8: a net metric on 1-5 (+100 for 5, -100 for 1-2) was described as the NPS: promoters 9-10, detractors
    0-6 over 0-10 answers, in the method note and in the drivers' regression value."""
    from dataclasses import dataclass

    from cxnlp.metrics import Metric

    @dataclass(frozen=True, kw_only=True)
    class NetSat(Metric):
        name, label = "netsat", "Net Satisfaction"
        methods = {"net": "net"}
        integer = True
        scale: tuple[int, int] = (1, 5)
        method: str = "net"

        def score(self, x):
            return np.where(x >= 5, 100.0, np.where(x >= 3, 0.0, -100.0))

    for lang, own, driven, ci, nps_words in (
            ("es", "<b>Net Satisfaction</b>: media de +100 (5), 0 (3–4) y −100 (1–2) por respuesta, sobre las "
                   "respuestas de 1 a 5.", "Net Satisfaction: +100 (5), 0 (3–4) y −100 (1–2)",
             "para Net Satisfaction, Wald ajustado (se suman 3/4 de respuesta en cada extremo",
             ("promotor", "pasivo", "9–10")),
            ("en", "<b>Net Satisfaction</b>: mean of +100 (5), 0 (3–4) and −100 (1–2) per answer, over the answers 1 "
                   "to 5.", "Net Satisfaction: +100 (5), 0 (3–4) and −100 (1–2)",
             "for Net Satisfaction, adjusted Wald (3/4 of an answer added at each end",
             ("promoter", "passive", "9–10"))):
        page = build_report(survey, metrics=[("CSAT", NetSat())], min_n=5, lang=lang)
        method = _section(page, "method")
        assert own in method and ci in method and driven in page
        assert not any(word in method for word in nps_words), method
        both = _section(build_report(survey, nps="NPS", metrics=[("CSAT", NetSat())], min_n=5, lang=lang), "method")
        assert own in both and all(word in both for word in nps_words[:2])  # the NPS keeps its own words


def test_a_net_metric_whose_answers_all_score_the_same_draws_its_trend_without_a_warning(survey):
    """The trend's axis ends at the range of a net metric's scores: an NPS of 9-10 answers (all promoters, a range
    100 to 100) set identical limits, and matplotlib warned "Attempting to set identical low and high ylims"."""
    import warnings

    from cxnlp.metrics.net_promoter import NPS

    nps = pd.to_numeric(survey["NPS"], errors="coerce")
    frame = survey.assign(top=np.where(nps >= 9, nps, 9))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        html = build_report(frame, metrics=[("top", NPS(scale=(9, 10)))], min_n=5, period="month")
    assert "+100" in _section(html, "trend")


def test_display_names_for_labels_of_your_own(survey, tmp_path):
    frame = survey.copy()
    frame["cx_touchpoints"] = frame["cx_touchpoints"].str.replace("store", "loyalty_points")
    html = build_report(frame, nps="NPS", min_n=5, label_names={"loyalty_points": "Puntos <VIP> & más"})
    assert "Puntos &lt;VIP&gt; &amp; más" in html and "<VIP>" not in html
    plain = build_report(frame, nps="NPS", min_n=5, lang="en")
    assert "loyalty_points" in plain and "Loyalty points" not in plain  # unknown: the label itself
    names = tmp_path / "nombres.csv"
    names.write_text("etiqueta;nombre\nloyalty_points;Programa de puntos\ndelivery;Entregas\n", encoding="utf-8")
    from_file = build_report(frame, nps="NPS", min_n=5, label_names=names)
    assert "Programa de puntos" in from_file and "Entregas" in from_file and "Envío e instalación" not in from_file
    per_lang = tmp_path / "names.json"
    per_lang.write_text(json.dumps({"es": {"loyalty_points": "Puntos"}, "en": {"loyalty_points": "Points"}}))
    assert ">Points<" in build_report(frame, nps="NPS", min_n=5, lang="en", label_names=per_lang)


def test_the_models_display_names_reach_the_report(tmp_path):
    import shutil

    from cxnlp.batch import report_file
    from cxnlp.persist import DEFAULT_MODEL_DIR

    if not (DEFAULT_MODEL_DIR / "meta.json").is_file():
        pytest.skip("no trained model at models/default")
    model = tmp_path / "modelo"
    shutil.copytree(DEFAULT_MODEL_DIR, model)
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta["display_names"] = {"delivery": "Reparto a domicilio", "app": "App (del modelo)"}
    (model / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    survey = tmp_path / "encuesta.csv"
    rows = [(text, 2 if sentiment == "negative" else 9) for _, _, sentiment, text in COMMENTS] * 3
    pd.DataFrame(rows, columns=["Comentario", "NPS"]).to_csv(survey, index=False)
    names = tmp_path / "nombres.json"
    names.write_text('{"app": "App (del archivo)"}', encoding="utf-8")
    html = tmp_path / "informe.html"
    report_file(survey, html, model_dir=model, text="Comentario", nps="NPS", min_n=2, period=None,
                report={"label_names": names})
    page = html.read_text(encoding="utf-8")
    assert "Reparto a domicilio" in page and "Envío e instalación" not in page  # the model's name
    assert "App (del archivo)" in page and "App (del modelo)" not in page  # the file's name wins


def test_label_names_files_are_checked(tmp_path):
    from cxnlp.report.page import names_for, read_label_names

    bad = tmp_path / "bad.csv"
    bad.write_text("label,name\ndelivery\n", encoding="utf-8")
    with pytest.raises(DataError, match="need a label and a name"):
        read_label_names(bad)
    with pytest.raises(DataError, match=r"names\.xlsx: label names must be a \.json, \.csv, \.tsv or \.txt file\.$"):
        read_label_names(tmp_path / "names.xlsx")
    tab = tmp_path / "names.txt"  # a suffix the message lists is read
    tab.write_text("label\tname\ndelivery\tEntrega\n", encoding="utf-8")
    assert read_label_names(tab) == {"delivery": "Entrega"}
    broken = tmp_path / "names.json"
    broken.write_text("{oops", encoding="utf-8")
    with pytest.raises(DataError, match="not valid JSON"):
        read_label_names(broken)
    with pytest.raises(DataError, match="is not a label and a display name"):
        names_for("es", {"delivery": 3})
    assert names_for("en", {"a": "A"}, {"en": {"a": "B"}}, None) == {"a": "B"}


def test_label_names_in_a_pipe_or_a_device_are_refused_before_they_are_read(tmp_path):
    """--labels-file names.json, a pipe no one writes, waited forever; a link to /dev/zero read until memory ran out
    (a link to /dev/null stands for it here: it was read as an empty file)."""
    import os
    import threading

    from cxnlp.report.page import read_label_names

    pipe, device = tmp_path / "pipe.json", tmp_path / "device.json"
    os.mkfifo(pipe)
    device.symlink_to(os.devnull)
    for path in (pipe, device):
        errors = []
        reader = threading.Thread(target=lambda: errors.append(pytest.raises(DataError, read_label_names, path)),
                                  daemon=True)
        reader.start()
        reader.join(5)
        if reader.is_alive():  # waiting for a writer: give it one that writes nothing, so that the thread ends
            with open(pipe, "wb"):
                pass
            reader.join(5)
            pytest.fail(f"{path.name}: read_label_names waited for the pipe's writer")
        assert str(errors[0].value) == (f"{path}: not a regular file (a pipe or a device); save the label names to a "
                                        f"file and give that.")


def test_label_names_at_a_path_that_cannot_be_looked_at_are_a_one_line_error(tmp_path):
    """The check for pipes and devices looked at the path with Path.exists, which raises for a name too long (or a
    folder on the way not searchable): an OSError, 'unexpected error' on the command line, where reading it had been
    the one-line DataError. A regular file reached through a link is read as before."""
    from cxnlp.report.page import read_label_names

    too_long = tmp_path / ("x" * 300 + ".json")
    with pytest.raises(DataError, match=r"cannot read the label names \(File name too long\)"):
        read_label_names(too_long)
    (tmp_path / "real.json").write_text('{"a": "A"}', encoding="utf-8")
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")
    assert read_label_names(tmp_path / "link.json") == {"a": "A"}


def test_label_names_given_as_a_folder_are_called_a_folder(tmp_path):
    """The check for pipes and devices called a folder named names.json 'not a regular file (a pipe or a device)'."""
    from cxnlp.report.page import read_label_names

    folder = tmp_path / "names.json"
    folder.mkdir()
    with pytest.raises(DataError) as caught:
        read_label_names(folder)
    assert str(caught.value) == f"{folder}: a folder, not a file; give the path of the label names file."



def test_label_names_are_read_from_the_file_checked_within_a_size_limit(tmp_path, monkeypatch):
    """The path was checked (a regular file), then opened again to be read: a file put there in between was read
    unchecked. And no size was checked: a sparse 2 GB names.json was read whole into memory."""
    import os
    import stat
    import types

    from cxnlp.report import _label_names

    path, other = tmp_path / "names.json", tmp_path / "other.json"
    path.write_text('{"a": "Checked"}', encoding="utf-8")
    other.write_text('{"a": "Swapped"}', encoding="utf-8")

    def is_regular(mode):  # the check passes, then another file takes the path
        if other.exists():
            os.replace(other, path)
        return stat.S_ISREG(mode)

    monkeypatch.setattr(_label_names, "stat", types.SimpleNamespace(
        S_ISDIR=stat.S_ISDIR, S_ISREG=is_regular, S_IFREG=stat.S_IFREG))
    assert _label_names.read_label_names(path) == {"a": "Checked"}
    monkeypatch.undo()
    monkeypatch.setattr(_label_names, "MAX_LABEL_NAMES_BYTES", 100)
    big = tmp_path / "big.csv"
    big.write_text("label,name\n" + "".join(f"l{i},Name {i}\n" for i in range(20)), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        _label_names.read_label_names(big)
    assert str(caught.value) == (f"{big}: over 100 bytes, far more than a label names file holds (a label and a "
                                 f"name per line); check that it is the right file.")

def test_a_label_called_like_a_language_is_a_label(tmp_path):
    from cxnlp.report.page import names_for, read_label_names

    # 'es' and 'en' are valid label ids: a flat mapping names them (it crashed in names_for after classifying)
    assert names_for("es", {"es": "Español", "puntos": "Puntos"}) == {"es": "Español", "puntos": "Puntos"}
    assert names_for("en", {"en": "English"}) == {"en": "English"}
    names = tmp_path / "n_es.csv"
    names.write_text("label,name\nes,Español\n", encoding="utf-8")
    assert names_for("es", read_label_names(names)) == {"es": "Español"}
    # per language only when every key is a language and every value a mapping; a mix is one error
    assert names_for("en", {"es": {"a": "A"}, "en": {"a": "B"}}) == {"a": "B"}
    with pytest.raises(DataError, match="one mapping per language"):
        names_for("es", {"es": {"a": "A"}, "delivery": "Entregas"})


@pytest.mark.parametrize("names, says", [
    ({"es": {"delivery": "Entregas"}, "pt": {"delivery": "Entregas (pt)"}}, r"'pt' is not a report language"),
    ({"ES": {"delivery": "Entregas"}}, r"'ES' is not a report language"),
    ({"fr": {"a": "A"}, "pt": {"a": "A"}}, r"'fr', 'pt' are not report languages"),
])
def test_a_mapping_per_language_names_the_key_that_is_no_language(names, says):
    """Every value a mapping but one key not a language fell into the flat branch, which blamed the valid 'es' for
    "the other entries are labels", with no other entry there (review R 6)."""
    from cxnlp.report.page import names_for

    with pytest.raises(DataError, match=says) as err:
        names_for("es", names)
    assert "other entries" not in str(err.value)


def test_a_display_name_two_labels_of_one_axis_would_show_is_refused():
    from cxnlp.report.page import check_names_for_labels

    labels = {"touchpoints": ["delivery", "price", "puntos_fidelidad", "otro_tema"], "areas": ["cx"]}
    check_names_for_labels({"puntos_fidelidad": "Programa de puntos"}, labels)
    with pytest.raises(DataError, match=r"'price' and 'puntos_fidelidad' \(touchpoints\) would both show as 'Precio'"):
        check_names_for_labels({"puntos_fidelidad": "Precio"}, labels)  # the built-in name of 'price'
    with pytest.raises(DataError, match="would both show as 'puntos_fidelidad'"):
        check_names_for_labels({"otro_tema": "puntos_fidelidad"}, labels)  # another label's id, shown as itself


def test_names_of_labels_the_model_lacks_are_said_and_keys_of_one_label_refused():
    from cxnlp.report.page import check_names_for_labels, names_for

    labels = {"touchpoints": ["delivery", "puntos_fidelidad"]}
    with pytest.warns(UserWarning, match=r"no label of the model is called 'puntos_fidelidd' \(did you mean "
                                         r"'puntos_fidelidad'\?\)"):
        check_names_for_labels({"puntos_fidelidd": "Programa de puntos"}, labels)
    with pytest.raises(DataError, match="'puntos_fidelidad' and 'Puntos_Fidelidad ' both name the label"):
        names_for("es", {"puntos_fidelidad": "Puntos", "Puntos_Fidelidad ": "Otro"})


def test_names_of_stages_and_industries_are_checked_and_not_said_unused(tmp_path):
    """The report names journey stages and industries too (``--by stage``, ``--by cx_industry``), but only the model's
    labels were known: their names were said to be "not used" while the report showed them ('after': did you mean
    'anger'?), and two stages could share one name unchecked (review R 3)."""
    import warnings

    from cxnlp.batch import report_file
    from cxnlp.persist import DEFAULT_MODEL_DIR

    if not (DEFAULT_MODEL_DIR / "meta.json").is_file():
        pytest.skip("no trained model at models/default")
    survey = tmp_path / "encuesta.csv"
    rows = [(text, 2 if sentiment == "negative" else 9) for _, _, sentiment, text in COMMENTS] * 2
    pd.DataFrame(rows, columns=["Comentario", "NPS"]).to_csv(survey, index=False)
    names, html = tmp_path / "nombres.json", tmp_path / "informe.html"
    names.write_text('{"before": "Pre-compra", "during": "En la compra", "after": "Posventa", '
                     '"telecom": "Telecomunicaciones", "not_spanish": "Otro idioma"}', encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report_file(survey, html, model_dir=DEFAULT_MODEL_DIR, text="Comentario", nps="NPS", min_n=1, period=None,
                    by="stage", report={"label_names": names})
    assert not [w for w in caught if "not used" in str(w.message)], [str(w.message) for w in caught]
    assert "Posventa" in html.read_text(encoding="utf-8") and "Después de la compra" not in html.read_text("utf-8")
    names.write_text('{"aftr": "Posventa"}', encoding="utf-8")
    with pytest.warns(UserWarning, match=r"no label of the model is called 'aftr' \(did you mean 'after'\?\)"):
        report_file(survey, html, model_dir=DEFAULT_MODEL_DIR, text="Comentario", nps="NPS", min_n=1, period=None,
                    by="stage", report={"label_names": names})
    names.write_text('{"before": "Después de la compra"}', encoding="utf-8")  # the built-in name of 'after'
    with pytest.raises(DataError, match=r"'before' and 'after' \(stage\) would both show as 'Después de la compra'"):
        report_file(survey, html, model_dir=DEFAULT_MODEL_DIR, text="Comentario", nps="NPS", min_n=1, period=None,
                    by="stage", report={"label_names": names})


def test_summarize_drivers_and_changes_check_the_names_as_report_does(tmp_path):
    """The names were checked in `cxnlp report` only: `summarize --html` wrote the same report with two themes
    under one name ('store' shown as 'Precio', price's built-in name), and a typo went unsaid; so did the tables of
    `summarize`, `drivers` and `changes` (review R 4). With no model at hand, the table's labels are the set."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    data, html = tmp_path / "clasificada.csv", tmp_path / "informe.html"
    pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["negative", "positive"] * 20,
                  "cx_touchpoints": ["price", "store", "delivery", "app|store"] * 10, "cx_stage": "after",
                  "nps": [0, 10, 6, 9, 8] * 8, "fecha": ["2024-01-15"] * 20 + ["2024-02-15"] * 20}
                 ).to_csv(data, index=False)
    dup = tmp_path / "dup.json"
    dup.write_text('{"store": "Precio"}', encoding="utf-8")
    runner = CliRunner()
    for command in (["summarize", "--html", str(html)], ["drivers"], ["changes", "--period", "month"]):
        result = runner.invoke(app, [command[0], str(data), "--nps", "nps", *command[1:], "--labels-file", str(dup)])
        assert result.exit_code == 1, (command, result.output)
        assert "'price' and 'store' (touchpoints) would both show as 'Precio'" in result.output, result.output
    assert not html.exists()
    typo = tmp_path / "typo.json"
    typo.write_text('{"delivry": "Entregas", "after": "Posventa"}', encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(data), "--nps", "nps", "--html", str(html), "--labels-file",
                                 str(typo), "--min-n", "1", "--by", "stage"])
    assert result.exit_code == 0, result.output
    said = "no label of the table is called 'delivry' (did you mean 'delivery'?); that name is not used"
    assert said in result.output
    assert "'after'" not in result.output and "Posventa" in html.read_text(encoding="utf-8")


def test_names_of_labels_absent_from_the_table_are_not_called_unused(tmp_path):
    """Review B 5: a names file for every touchpoint, on a week's export where five never occur, made summarize,
    drivers and changes warn "no label of the table is called 'marketing', 'price' (did you mean 'purchase'?)...",
    while `cxnlp report` checks the same file against its model's labels and says nothing. The schema's labels
    count as known, beside the table's own (a custom model's); a typo is still said."""
    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.schema import TOUCHPOINTS

    data = tmp_path / "semana.csv"
    pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["negative", "positive"] * 20,
                  "cx_touchpoints": ["store", "delivery", "app|store", "lealtad", ""] * 8, "cx_stage": "after",
                  "nps": [0, 10, 6, 9, 8] * 8, "fecha": ["2024-01-15"] * 20 + ["2024-02-15"] * 20}
                 ).to_csv(data, index=False)
    names = tmp_path / "nombres.csv"
    names.write_text("label;name\n" + "".join(f"{t};Nombre {i}\n" for i, t in enumerate(TOUCHPOINTS))
                     + "lealtad;Programa de puntos\nbefore;Antes\nmixed;Mixto\n", encoding="utf-8")
    runner = CliRunner()
    for command in (["summarize"], ["drivers", "--boot", "0"], ["changes", "--period", "month"]):
        result = runner.invoke(app, [command[0], str(data), "--nps", "nps", *command[1:], "--min-n", "1",
                                     "--labels-file", str(names)])
        assert result.exit_code == 0, (command, result.output)
        assert "not used" not in result.output, (command, result.output)
    names.write_text(names.read_text(encoding="utf-8") + "pricee;Precio\n", encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(data), "--nps", "nps", "--labels-file", str(names)])
    assert "no label of the table is called 'pricee' (did you mean 'price'?); that name is not used" in result.output


@pytest.mark.parametrize("name, text, says", [
    ("same.csv", "label,name\ndelivery,Entregas\ndelivery,Envíos\n", "lines 2 and 3 both name the label 'delivery'"),
    ("case.csv", "label,name\ndelivery,Entregas\n Delivery ,Envíos\n", "lines 2 and 3 both name the label 'delivery'"),
    ("same.json", '{"delivery": "Entregas", "delivery": "Envíos"}', "the key 'delivery' is given twice"),
    ("lang.json", '{"es": {"delivery": "Entregas", "delivery": "Envíos"}}', "the key 'delivery' is given twice"),
])
def test_a_label_given_twice_in_a_names_file_is_refused(tmp_path, name, text, says):
    """The CSV rows were made a dict, and json.loads keeps the last of two equal keys, before the check of keys that
    are one label saw them: a label on two lines took the last name, silently (review R 5)."""
    from cxnlp.report.page import read_label_names

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=says):
        read_label_names(path)


@pytest.mark.parametrize("name, text, says", [
    ("deep.json", "[" * 200_000 + "]" * 200_000, "nested too deeply"),  # RecursionError escaped
    ("long.csv", "delivery," + "x" * 1_000_000 + "\n", "line 1: field larger than field limit"),  # csv.Error escaped
])
def test_hostile_label_names_files_are_one_data_error(tmp_path, name, text, says):
    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.report.page import read_label_names

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=says):
        read_label_names(path)
    data = tmp_path / "cls.csv"
    data.write_text("cx_status,cx_sentiment,cx_touchpoints,nps\nok,negative,app,3\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["summarize", str(data), "--nps", "nps", "--labels-file", str(path)])
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "unexpected" not in result.output, result.output


@pytest.mark.parametrize("text, names", [
    # csv.Sniffer chose the comma inside a ';' file's name, and split the name there
    ("delivery;Entregas (1,5 días)\n", {"delivery": "Entregas (1,5 días)"}),
    ("etiqueta;nombre\ndelivery;Entregas (1,5 días)\napp;App, web\n", {"delivery": "Entregas (1,5 días)", "app": "App, web"}),
    ("label\tname\ndelivery\tEnvío, instalación\n", {"delivery": "Envío, instalación"}),
    ('delivery,"Envío, instalación y montaje"\n', {"delivery": "Envío, instalación y montaje"}),
    ('delivery,"Envío; montaje"\napp,App\n', {"delivery": "Envío; montaje", "app": "App"}),
    ("delivery,Envíos\napp,App\n", {"delivery": "Envíos", "app": "App"}),
])
def test_label_names_csv_keeps_every_name_whole(tmp_path, text, names):
    from cxnlp.report.page import read_label_names

    path = tmp_path / "nombres.csv"
    path.write_text(text, encoding="utf-8")
    assert read_label_names(path) == names


@pytest.mark.parametrize("text, says", [
    # 'Envío, instalación y montaje' was read as 'Envío', without a word
    ("label,name\ndelivery,Envío, instalación y montaje\n",
     r"line 2 has 3 fields \('delivery,Envío, instalación y montaje'\).*separated by ','; put a name that holds "
     r"',' in double quotes"),
    ("delivery,Envío, instalación\n", "line 1 has 3 fields"),
    ("etiqueta;nombre\ndelivery;Envíos\n\napp\n", r"line 4 \('app'\): rows need a label and a name, separated by ';'"),
])
def test_label_names_csv_row_of_another_width_is_an_error_naming_its_line(tmp_path, text, says):
    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.report.page import read_label_names

    path = tmp_path / "nombres.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=says):
        read_label_names(path)
    result = CliRunner().invoke(app, ["summarize", str(path), "--labels-file", str(path)])
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "line " in result.output, result.output


def test_label_names_from_spanish_excel_and_options_checked_before_any_work(tmp_path, monkeypatch):
    # found by review: a labels CSV saved by Excel on Windows (cp1252) crashed with "please report it", and a
    # wrong --lang or labels file was found only after the survey was classified and -o written
    from cxnlp import _batch_pool, batch
    from cxnlp.report.page import read_label_names

    names = tmp_path / "nombres.csv"
    names.write_bytes("etiqueta;nombre\r\ndelivery;Envíos a domicilio\r\n".encode("cp1252"))
    assert read_label_names(names) == {"delivery": "Envíos a domicilio"}
    latin = tmp_path / "nombres.json"
    latin.write_bytes('{"delivery": "Envíos"}'.encode("cp1252"))
    with pytest.raises(DataError, match="not UTF-8"):
        read_label_names(latin)
    survey, out, html = tmp_path / "encuesta.csv", tmp_path / "salida.csv", tmp_path / "informe.html"
    pd.DataFrame({"Comentario": ["Llegó tarde", "Muy amables"], "NPS": [2, 9]}).to_csv(survey, index=False)
    monkeypatch.setattr(_batch_pool, "load", lambda *a, **k: pytest.fail("the model was loaded before the options were checked"))
    for options in ({"lang": "fr"}, {"report": {"label_names": tmp_path / "no_existe.json"}}):
        with pytest.raises((ConfigError, DataError), match="'fr' is not supported|cannot read the label names"):
            batch.report_file(survey, html, output=out, text="Comentario", nps="NPS", **options)
        with pytest.raises((ConfigError, DataError), match="'fr' is not supported|cannot read the label names"):
            batch.summarize_file(survey, output=out, html=html, nps="NPS", **options)
        assert not out.exists() and not html.exists()


def test_numbers_counts_and_scales_read_right_in_both_languages():
    # found by review: "1 comments threaten to escalate", "−0,00" and "+0" beside real signs, a CSAT cut-off of
    # 4.5 described as "4–5 of 1–5", trend ticks at 2.95 / 3.00 / 3.05 all labelled "3,0"
    from cxnlp.metrics.satisfaction import CSAT
    from cxnlp.report.charts import _tick_digits
    from cxnlp.report.page import Page

    frame = pd.DataFrame({"cx_status": ["ok"], "cx_sentiment": ["positive"]})
    es, en = Page(frame, "es", 30, []), Page(frame, "en", 30, [])
    assert es.count("signals_escalate", 1) == "1 comentario amenaza con escalar"
    assert en.count("signals_escalate", 2) == "2 comments threaten to escalate"
    assert en.count("date_excluded", 1).startswith("1 response without") and es.count("responses", 1234) == "1.234 respuestas"
    assert [es.num(-0.001, 2), es.num(0.004, 0, signed=True), en.num(-0.0, 1)] == ["0,00", "0", "0.0"]
    assert [es.num(-5.66, 1), en.num(1234.5, 1, signed=True)] == ["\u22125,7", "+1,234.5"]
    assert "4,5–5" in es.describe(CSAT(cutoff=4.5)) and "4–5" in en.describe(CSAT())
    assert [_tick_digits([2.95, 3.0, 3.05]), _tick_digits([4.5, 4.75, 5.0]), _tick_digits([-20, 0, 20])] == [2, 2, 0]
    from cxnlp.metrics.net_promoter import NPS
    from cxnlp.report.build import _metric_cells
    from cxnlp.report.page import unit

    row = pd.Series({"nps": 10.0, "nps_low": 1.0, "nps_high": 20.0, "nps_impact": -0.04,
                     "nps_impact_significant": False, "below_min_n": False})
    cells = _metric_cells(es, NPS(), row)
    assert cells["impact"] == "0,0" and cells["tone"] == ""  # shown as zero: not coloured as a loss
    assert cells["value"] == "+10" and cells["low"] == "+1"  # a net score is signed, as on its card
    assert _metric_cells(es, NPS(), row.replace(-0.04, np.nan))["tone"] == ""  # missing: no colour either
    assert unit(es, CSAT(), 44.6) == "\u00a0%" and unit(en, CSAT(), 44.6) == "%" and unit(es, NPS(), 3) == ""


def test_heat_table_is_centred_on_the_overall_value_its_caption_names():
    # without a score column the cells were coloured around 0 while the caption said "above the overall value"
    from cxnlp.report.page import Page
    from cxnlp.report.sections_trend import _heat_table

    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app"] * 40 + ["delivery"] * 40,
                          "cx_sentiment": ["negative"] * 70 + ["positive"] * 10,
                          "Fecha": ["2024-01-10", "2024-02-10"] * 40})
    page = Page(frame, "es", 5, [])
    from cxnlp.metrics import summarize
    themes = summarize(frame, by="touchpoints", period="month", date="Fecha", min_n=5)
    drivers = summarize(frame, by="touchpoints", min_n=5)
    heat = _heat_table(page, themes, drivers, None, ["2024-01", "2024-02"])
    cells = {row["name"]: row["cells"] for row in heat["rows"]}
    # overall net sentiment -75: app (-100) is below it (red), delivery (-50) above it (green), though both < 0
    assert all(c["color"].startswith("rgba(200") for c in cells["Aplicación móvil"])
    assert all(c["color"].startswith("rgba(46") for c in cells["Envío e instalación"])


def test_a_stray_period_is_named_and_left_out_of_the_trend():
    # one mistyped 2042 date drew a "may 2042" column after "dic 2024" while "what changed" passed it over
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["positive", "negative"] * 100,
                          "cx_touchpoints": ["app", "delivery"] * 100, "NPS": [9, 3] * 100,
                          "Fecha": ["2024-11-10"] * 100 + ["2024-12-10"] * 99 + ["2042-05-01"]})
    html = build_report(frame, nps="NPS", min_n=5)
    trend = re.search(r'<section id="trend">(.*?)</section>', html, re.S).group(1)
    assert "may 2042" in trend and "1 respuesta de may 2042" in trend  # named in the note...
    assert trend.count("may 2042") == 1 and '<th scope="col" class="r">dic 2024</th>' in trend  # ...and in no column
    # the header's span of dates is the trend's: it ran to "1 may 2042", unsaid, and now names the date left out
    header = re.search(r'<p class="meta">(.*?)</p>', html).group(1)
    assert header == ("200 respuestas · 200 comentarios clasificados · 10 nov 2024 – 10 dic 2024 · sin 1 respuesta "
                      "de may 2042, fuera de la evolución (¿una fecha mal escrita?)")
    english = re.search(r'<p class="meta">(.*?)</p>', build_report(frame, nps="NPS", min_n=5, lang="en")).group(1)
    assert english.endswith("· not counting 1 response from May 2042, left out of the trend (a mistyped date?)")


# -- accessibility review: the report's text, tables and colours ----------------------------------------
_NUMBER = r"[+\u2212]?[\d.]+(?:,\d+)?"


def test_a_zero_or_missing_impact_has_no_tone(survey):
    """A CES impact of 0,00 (and a missing one) was green: `c-pos` is for a gain only, `c-neg` for a loss."""
    html = build_report(survey.assign(CES="4"), nps="NPS", ces="CES", min_n=20)  # CES never varies: impact 0
    cells = re.findall(r'<td class="r( c-pos| c-neg)?">(\S+) <span class="sig-dot">', _section(html, "drivers"))
    assert any(text == "0,00" for _, text in cells)
    for tone, text in cells:
        expected = " c-pos" if text.startswith("+") else " c-neg" if text.startswith("\u2212") else ""
        assert tone == expected, (tone, text)
    effects = re.findall(r'<td class="r( c-pos| c-neg)?">(\S+) <span class="ci">', _section(html, "key-drivers"))
    assert effects and all(bool(tone) == (text[0] in "+\u2212") for tone, text in effects)


def test_net_scores_are_signed_everywhere(html_es):
    """NPS and net sentiment read '+9' on the card but '6 [−12; 24]', '31' or 'NPS 18' elsewhere."""
    signed = re.compile(r"[+\u2212]\d+|0")
    kpi = re.search(r'id="kpi-nps">.*?kpi-value">([^<]*)<.*?IC 95\u00a0%: (\S+) a (\S+) ·', html_es, re.S).groups()
    drivers = re.findall(r'<tr class="(?:low)?">.*?</td><td class="r">[\d.]+\u00a0%</td>\s*<td class="r">(\S+) '
                         r'<span class="ci">\[(\S+); (\S+)\]', _section(html_es, "drivers"), re.S)
    chips = re.findall(r'chip-metric">NPS ([^<]+)<', _section(html_es, "areas"))
    nets = re.findall(r"<span>Sentimiento neto ([^<]+)</span>", _section(html_es, "areas"))
    heat = re.findall(r'style="background:[^"]*"[^>]*>([^<\s]+)', _section(html_es, "trend"))
    values = [*kpi, *(v for row in drivers for v in row), *chips, *nets, *heat]
    assert drivers and chips and heat and all(signed.fullmatch(v) for v in values), values


def test_trend_values_keep_the_metrics_own_decimals(survey, monkeypatch):
    """CES 4,88 on its card was drawn 4,9 on the trend chart."""
    from cxnlp.report import charts

    drawn = []
    monkeypatch.setattr(charts, "trend_chart", lambda periods, series, **kw: drawn.extend(series) or "<svg></svg>")
    build_report(survey, nps="NPS", csat="CSAT", ces="CES", min_n=20)
    assert [(s["digits"], s["signed"]) for s in drawn] == [(0, True), (1, False), (2, False)]


def _rgb(color: str, css: str = "") -> tuple[float, float, float]:
    """``#rrggbb``, ``#fff``, ``white`` or ``var(--x)`` (looked up in ``css``) as an RGB triple."""
    color = color.strip()
    if color.startswith("var("):
        color = re.search(rf"{re.escape(color[4:-1])}:(#[0-9a-f]+)", css).group(1)
    color = {"white": "#ffffff"}.get(color, color)
    if len(color) == 4:
        color = "#" + "".join(c * 2 for c in color[1:])
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def _contrast(a, b) -> float:
    """WCAG contrast ratio of two RGB triples."""
    def luminance(rgb):
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted([luminance(a), luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _rule(css: str, selector: str) -> str:
    """The declarations of the CSS rules whose selector lists hold ``selector``, in order (the last one wins)."""
    bodies = [body for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
              if selector in [part.strip() for part in selectors.split(",")]]
    assert bodies, f"no CSS rule for {selector}"
    return ";".join(bodies)


def test_text_colours_reach_wcag_aa_contrast(html_es):
    """Greys, green, orange and faded text under 4.5:1 (the reviewer's list), checked from the report's CSS."""
    from cxnlp.report.charts import COLORS, OTHER_COLOR, OWN_COLORS, SENTIMENT_ORDER, text_on

    css = re.search(r"<style>(.*?)</style>", html_es, re.S).group(1)
    white, page_bg, quote_bg = _rgb("#fff"), _rgb("var(--bg)", css), _rgb("#fafbfc")
    colour = lambda selector: _rgb(re.findall(r"(?:^|;)color:([^;]+)", _rule(css, selector))[-1], css)  # noqa: E731
    for name in ("--muted", "--ink"):  # text on the card, the page (header) and a quote
        assert min(_contrast(_rgb(f"var({name})", css), bg) for bg in (white, page_bg, quote_bg)) >= 4.5, name
    for selector in (".chg.ns", ".differs", "table.heat td.na", ".c-pos", ".c-neg", ".meta", ".chip span"):
        assert _contrast(colour(selector), white) >= 4.5, selector
    for selector in (".badge.positive", ".badge.negative"):  # white text on the badge
        assert _contrast(white, _rgb(re.search(r"background:([^;]+)", _rule(css, selector)).group(1), css)) >= 4.5
    assert "opacity" not in _rule(css, ".chip.low")  # faded text: no
    # Small-n heat cells on every tint of the page (rgba over white).
    tints = re.findall(r"background:rgba\((\d+),(\d+),(\d+),([\d.]+)\)", html_es)
    assert tints
    for *rgb, alpha in tints:
        tint = tuple(float(alpha) * int(x) + (1 - float(alpha)) * 255 for x in rgb)
        assert _contrast(colour("table.heat td.low"), tint) >= 4.5, (rgb, alpha)
    # Chart labels written on the bars: white on red and green, ink on orange and grey; charts use the CSS's green.
    for key in SENTIMENT_ORDER:
        assert _contrast(_rgb(text_on(COLORS[key])), _rgb(COLORS[key])) >= 4.5, key
    for color in (*OWN_COLORS, OTHER_COLOR):  # sentiment labels of your own, and the part holding the rest
        assert _contrast(_rgb(text_on(color)), _rgb(color)) >= 4.5, color
    assert _rgb(COLORS["positive"]) == _rgb("var(--pos)", css) and _contrast(_rgb(COLORS["muted"]), white) >= 4.5


def test_the_heat_table_says_above_or_below_and_n_in_text(html_es, survey):
    """Above/below the overall value was green/red only, n per cell a title="" attribute."""
    import cxnlp

    overall = round(cxnlp.nps(survey["NPS"]).value)
    heat = next(t for t in _Tables(html_es).tables if t["attrs"].get("id") == "trend-heat")
    cells = [(attrs, text) for row in heat["rows"] for tag, attrs, text in row if tag == "td" and "na" not in attrs["class"]]
    assert cells and not any("title" in attrs for attrs, _ in cells)
    for attrs, text in cells:
        value, mark, n = re.fullmatch(r"(\S+)(?: ([▲▼]) por (?:encima|debajo))? n = (\d+)", text).groups()
        value = int(value.replace("\u2212", "-"))
        assert mark == ("▲" if value > overall else "▼" if value < overall else None), text
        if mark:  # the colour says the same
            assert attrs["style"].startswith("background:rgba(46" if mark == "▲" else "background:rgba(200")
        assert ("low" in attrs["class"]) == (int(n) < 20)
    assert f"global ({overall:+d})".replace("-", "\u2212") in _section(html_es, "trend")


@pytest.mark.filterwarnings("ignore:changes. 400 rows without a readable date")
def test_the_heat_tables_centre_is_over_the_dated_rows_its_cells_come_from(survey):
    """Its centre was the card's NPS over every row: 400 undated detractors put it at −63 and every cell ▲."""
    import cxnlp

    undated = survey.sample(400, replace=True, random_state=1).assign(Fecha=np.nan, NPS=0)
    html = build_report(pd.concat([survey, undated], ignore_index=True), nps="NPS", min_n=20)
    trend = _section(html, "trend")
    assert f"fechadas del gráfico ({round(cxnlp.nps(survey['NPS']).value):+d};".replace("-", "\u2212") in trend
    assert "▼" in trend.split('id="trend-heat"')[1]
    # the same without undated rows, and with net sentiment as the centre when there is no metric
    overall = cxnlp.summarize(survey, by=None)["net_sentiment"].iloc[0]
    html = build_report(pd.concat([survey, undated.assign(cx_sentiment="negative")], ignore_index=True), min_n=20)
    assert f"fechadas del gráfico ({round(overall):+d};".replace("-", "\u2212") in _section(html, "trend")


def test_the_table_of_every_metric_by_theme_shows_a_share_with_its_percent_sign(html_es):
    """CSAT by theme read "49,7 [41,9; 57,5]" under "CSAT (IC 95 %)", beside a card of "49,7 %"."""
    table = next(t for t in _Tables(html_es).tables if t["attrs"].get("id") == "drivers-table")
    head = [text for _, text in table["head"]]
    csat, ces = head.index("CSAT (IC 95 %)"), head.index("CES (IC 95 %)")
    rows = [[text for _, _, text in row] for row in table["rows"]]
    assert rows and all(re.fullmatch(r"(\d+,\d\s% \[\d+,\d; \d+,\d\]|–.*)", row[csat]) for row in rows), rows[0]
    assert any("%" in row[csat] for row in rows) and not any("%" in row[ces] for row in rows)


def test_the_heat_table_of_a_share_metric_shows_its_percent_sign(survey):
    """A CSAT (top-2 share) per theme and period read "21,8" under a caption "CSAT", beside a card of "21,7 %"."""
    html = build_report(survey, csat="CSAT", min_n=20)
    heat = next(t for t in _Tables(html).tables if t["attrs"].get("id") == "trend-heat")
    cells = [text for row in heat["rows"] for tag, attrs, text in row if tag == "td" and "na" not in attrs["class"]]
    assert cells and all(re.match(r"\d+,\d\s% ", text) for text in cells), cells[:3]
    assert re.search(r"global \(\d+,\d\u00a0%\)", _section(html, "trend"))


def test_a_changes_q_value_is_in_the_cells_text(survey):
    html = build_report(survey, nps="NPS", min_n=10, compare=("2024-07", "2024-09"))
    cells = re.findall(r'<td class="r[^"]*"( title="q = ([^"]+)")?>(.*?)</td>', _section(html, "changes"))
    assert any(title for title, _, _ in cells)
    assert all(f'<span class="visually-hidden"> (q = {q})</span>' in text for title, q, text in cells if title)


def test_a_changes_q_value_that_rounds_to_zero_is_under_its_last_decimal(survey):
    """A q of 1e-16 read "q = 0,000", a certainty no test gives."""
    dates = pd.to_datetime(survey["Fecha"], dayfirst=True, errors="coerce")
    frame = survey.assign(NPS=np.where(dates.dt.month == 9, 0, 10))
    section = _section(build_report(frame, nps="NPS", min_n=10, compare=("2024-07", "2024-09")), "changes")
    assert "<span class=\"visually-hidden\"> (q &lt; 0,001)</span>" in section and "q = 0,000" not in section


def test_a_named_period_without_classified_comments_is_said_in_what_changed(survey):
    """--compare with a month whose comments are not classified: every cell read "low n" and the lead blamed fewer
    than min_n comments per theme, of a month of 74 responses none of which carries a theme."""
    september = pd.to_datetime(survey["Fecha"], dayfirst=True).dt.month.eq(9).to_numpy()
    frame = survey.copy()
    frame.loc[september, [c for c in ("cx_touchpoints", "cx_areas", "cx_stage", "cx_sentiment") if c in frame]] = ""
    frame.loc[september, "cx_status"] = "empty"
    section = _section(build_report(frame, nps="NPS", min_n=10, compare=("2024-07", "2024-09")), "changes")
    assert "sep 2024: 74 respuestas, ninguna con un comentario clasificado en algún tema." in section
    assert "Se comparan" not in section  # the two named are compared, no others chosen


def test_each_chart_has_its_numbers_as_a_table(html_es, survey):
    """Charts drawn as paths had no text version: each one's <svg> is described by a table of its numbers."""
    from cxnlp import summarize
    from cxnlp.schema import display_name

    tables = {t["attrs"].get("id"): t for t in _Tables(html_es).tables}
    described = re.findall(r'<svg class="chart" role="img" aria-label="[^"]*" aria-describedby="([^"]+)"', html_es)
    assert described == ["drivers-table", "key-drivers-table", "sentiment-data", "areas-data", "trend-data"]
    assert set(described) <= set(tables)
    for key in ("sentiment", "areas", "trend"):
        figure = re.search(r"<figure><svg.*?</figure>", _section(html_es, key), re.S).group(0)
        assert re.search(f'<details class="chart-data"><summary>Datos del gráfico: [^<]+</summary>\n<div [^>]*>\n'
                         f'<table class="data" id="{key}-data">', figure)
    number = lambda text: float(text.split()[0].replace("\u00a0%", "").replace(".", "").replace(",", ".")  # noqa: E731
                                .replace("\u2212", "-"))
    # Sentiment: each theme's shares add up to 100, with its n.
    touch = summarize(survey, by="touchpoints", min_n=20).set_index("theme")
    rows = {row[0][2]: [text for _, _, text in row[1:]] for row in tables["sentiment-data"]["rows"]}
    assert rows["Envío e instalación"][-1] == str(int(touch.loc["delivery", "n"]))
    assert all(sum(number(v) for v in values[:-1]) == 100 for values in rows.values())
    assert tables["sentiment-data"]["caption"] == "Sentimiento por punto de contacto"
    # Areas: comments per sentiment, and their total.
    areas = summarize(survey, by="areas", min_n=20)
    sizes = {display_name(theme): n for theme, n in zip(areas["theme"], areas["n"])}
    for (_, _, name), *cells in tables["areas-data"]["rows"]:
        counts = [number(text) for _, _, text in cells]
        assert sum(counts[:-1]) == counts[-1] == sizes[name], name
    # Trend: each metric per period with its interval, signed NPS and CES to two decimals (as on its card).
    trend = summarize(survey, nps="NPS", csat="CSAT", ces="CES", by=None, period="month", date="Fecha", min_n=20)
    head = [text for _, text in tables["trend-data"]["head"]]
    assert head == ["Periodo", "Respuestas", "NPS (IC 95 %)", "CSAT (IC 95 %)", "CES (IC 95 %)"]
    for row, (_, r) in zip(tables["trend-data"]["rows"], trend.iterrows(), strict=True):
        period, n, nps, csat, ces = (text for _, _, text in row)
        assert n == str(int(r["n"])) and re.fullmatch(r"[+\u2212]\d+ \[[+\u2212]?\d+; [+\u2212]?\d+\]", nps)
        assert number(nps) == round(r["nps"]) and re.fullmatch(r"\d,\d\d \[\d,\d\d; \d,\d\d\]", ces)
        assert number(ces) == pytest.approx(r["ces"], abs=0.005) and number(csat) == pytest.approx(r["csat"], abs=0.05)
        assert re.fullmatch(r"\d+,\d\s% \[\d+,\d; \d+,\d\]", csat), csat  # a share with its %, as its card
    english = build_report(survey, nps="NPS", lang="en", min_n=20)
    assert len(re.findall(r"<summary>Chart data: [^<]+</summary>", english)) == 3


class _Tables(HTMLParser):
    """The page's tables: each ``{"attrs", "caption", "head": [(attrs, text)], "rows": [[(tag, attrs, text)]],
    "section"}``; the text of a cell is its visible and visually hidden text, spaces collapsed."""

    def __init__(self, html: str):
        super().__init__()
        self.tables, self.section, self.part, self.cell = [], None, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.section = attrs.get("id")
        elif tag == "table":
            self.tables.append({"attrs": attrs, "caption": "", "head": [], "rows": [], "section": self.section})
        elif tag in ("caption", "thead", "tbody") and self.tables:
            self.part = tag
        elif tag == "tr" and self.part == "tbody":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td") and self.tables:
            self.cell = [tag, attrs, ""]

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell:
            tag, attrs, text = self.cell
            cell = (tag, attrs, " ".join(text.split()))
            if self.part == "thead":
                self.tables[-1]["head"].append(cell[1:])
            else:
                self.tables[-1]["rows"][-1].append(cell)
            self.cell = None
        elif tag in ("caption", "thead", "tbody"):
            self.part = None

    def handle_data(self, data):
        if self.cell:
            self.cell[2] += data
        elif self.part == "caption":
            self.tables[-1]["caption"] += data


def test_heat_cells_and_highlights_keep_their_colour_in_print(html_es):
    """Printed without background graphics, heat cells and <mark> highlights came out blank."""
    css = re.search(r"<style>(.*?)</style>", html_es, re.S).group(1)
    for selector in ("table.heat td", "mark", ".badge"):
        rule = _rule(css, selector)
        assert "print-color-adjust:exact" in rule.replace("-webkit-", "") and "-webkit-print-color-adjust:exact" in rule
    assert "text-decoration:underline" in _rule(css, "mark")  # a highlight that is not only a colour
    assert "<mark>" in html_es and "table class=\"data heat\"" in html_es


def test_tables_have_captions_headers_with_scope_and_row_headers(html_es, survey):
    """Column headers without scope, theme names in <td>, footnotes as captions, a summary with no heading."""
    english = build_report(survey, nps="NPS", csat="CSAT", ces="CES", lang="en", min_n=20)
    for html in (html_es, english):
        tables = _Tables(html).tables
        assert {t["section"] for t in tables} >= {"drivers", "key-drivers", "changes", "trend"}
        for table in tables:
            caption = table["caption"].strip()
            assert caption and "●" not in caption and not re.search(r"cursiva|italics", caption), caption
            assert table["head"] and all(attrs.get("scope") == "col" for attrs, _ in table["head"]), table["caption"]
            for row in table["rows"]:
                headers = [(attrs, text) for tag, attrs, text in row if tag == "th"]
                assert len(headers) == 1 and headers[0][0].get("scope") == "row" and headers[0][1], row
        notes = re.findall(r'</table>\n</div>\n<p class="note">([^<]+)', html)
        assert any("●" in note for note in notes)  # the footnotes moved under their tables
    summary = re.search(r'<section id="summary" class="kpis">\n<h2 class="visually-hidden">([^<]+)</h2>', html_es)
    assert summary and summary.group(1) == "Indicadores principales"
    css = re.search(r"<style>(.*?)</style>", html_es, re.S).group(1)
    assert "position:absolute" in _rule(css, ".visually-hidden") and "clip:" in _rule(css, ".visually-hidden")


# -- a real browser ------------------------------------------------------------------------------
def _chromium() -> str | None:
    """An installed Chromium; `.ci/run` installs Debian's, tests never install system packages."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    return None


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    binary = _chromium()
    if binary is None:
        pytest.skip("headless Chromium is not installed (`.ci/run` installs Debian's chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
             f"--user-data-dir={profile}"]
    return lambda *args: subprocess.run([binary, *flags, *args], capture_output=True, text=True, timeout=60)


def test_charts_render_in_headless_chromium(chromium, html_es, tmp_path):
    page = tmp_path / "informe.html"
    page.write_text(html_es, encoding="utf-8")
    dom = chromium("--virtual-time-budget=3000", "--dump-dom", page.as_uri()).stdout
    # The page's own check: each chart laid out with a visible size and drawn content.
    assert re.search(r'data-charts-rendered="(\d+)"', dom).group(1) == "5"
    shot = tmp_path / "shot.png"
    chromium("--window-size=1200,4200", f"--screenshot={shot}", page.as_uri())
    from PIL import Image

    pixels = np.asarray(Image.open(shot).convert("RGB")).reshape(-1, 3).astype(int)
    background = (pixels == [245, 247, 250]).all(axis=1) | (pixels == 255).all(axis=1)
    assert background.mean() < 0.9  # not a blank page
    near = lambda rgb: (np.abs(pixels - rgb).sum(axis=1) < 30).sum()  # noqa: E731
    assert near([0xC8, 0x45, 0x3B]) > 2000  # negative bars drawn
    assert near([0x23, 0x70, 0x4A]) > 2000  # positive bars drawn
    assert near([0x1F, 0x4E, 0x79]) > 200  # trend line and accents


def test_tables_scroll_in_their_card_on_a_narrow_screen(chromium, html_es, tmp_path):
    """At a phone's width the page was 823 px wide: wide tables now scroll inside a labelled, focusable region."""
    tables = re.findall(r'(<div class="scroll" role="region" tabindex="0" aria-labelledby="([\w-]+)">\n)?'
                        r'<table [^>]*>\n<caption id="([\w-]+)"', html_es)
    assert len(tables) == html_es.count("<table ") >= 7
    assert all(wrapper and label == caption for wrapper, label, caption in tables)
    css = re.search(r"<style>(.*?)</style>", html_es, re.S).group(1)
    assert "overflow-x:auto" in _rule(css, ".scroll") and "overflow-wrap:anywhere" in _rule(css, "table.data tbody th")
    assert "@media (max-width:600px)" in css
    page = tmp_path / "informe.html"
    probe = ("<script>addEventListener('load',()=>{const d=document.documentElement;"
             "d.dataset.widths=d.clientWidth+' '+d.scrollWidth})</script>")
    page.write_text(html_es.replace("</body>", probe + "</body>"), encoding="utf-8")
    dom = chromium("--window-size=375,900", "--virtual-time-budget=3000", "--dump-dom", page.as_uri()).stdout
    viewport, width = map(int, re.search(r'data-widths="(\d+) (\d+)"', dom).groups())
    assert viewport <= 600 and width <= viewport  # headless Chromium's narrowest window is wider than 375 px


class _Wraps(HTMLParser):
    """Each text of the page holding ``word``, with the elements around it as ``(tag, classes)``, innermost last."""

    def __init__(self, html: str, word: str):
        super().__init__()
        self.word, self.stack, self.found = word, [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "br", "hr", "img", "input", "link"):
            self.stack.append((tag, set((dict(attrs).get("class") or "").split())))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if self.word in data:
            self.found.append(list(self.stack))


def test_a_long_word_in_a_note_or_list_breaks_instead_of_widening_the_page(survey):
    """A theme named by a 300-character URL-like token was listed whole in the method note ("Temas con menos de 20
    respuestas: ...") and in notes under the tables: the page was 2,639 px wide in a 1,200 px window (headless
    Chromium). Every element that shows the name now breaks a long word (overflow-wrap), as table rows did."""
    word = "https://ejemplo.com/" + "a" * 280
    frame = survey.assign(Región=["Norte", "Sur", "Centro", "Este"] * (len(survey) // 4))
    frame.loc[frame.index[:8], "Región"] = word
    html = build_report(frame, nps="NPS", by="Región", min_n=20)
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    wrapping = [selectors for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
                if "overflow-wrap:anywhere" in body]
    compounds = [re.fullmatch(r"(\w*)((?:\.[\w-]+)*)", part.split()[-1]).groups()
                 for selectors in wrapping for part in selectors.split(",")]
    covered = lambda tag, classes: any((not t or t == tag) and set(c.split(".")[1:]) <= classes  # noqa: E731
                                       for t, c in compounds)
    places = _Wraps(html, word).found
    assert len(places) >= 2 and any(tag == "li" for stack in places for tag, _ in stack)  # the method note lists it
    for stack in places:
        assert any(covered(tag, classes) for tag, classes in stack), stack[-3:]


def test_a_classified_file_read_back_as_text_gives_the_same_report(survey, tmp_path):
    """A classified CSV comes back with its flags and numbers as text ("False", "0,9" in a file written for
    a Spanish Excel): the report read "False" as true (100 % low confidence) and "0,9" as no confidence
    (other comments quoted) when built from the file instead of the frame."""
    as_text = survey.astype(object).where(survey.notna(), None)
    as_text["cx_needs_review"] = survey["cx_needs_review"].map(str)
    as_text["cx_confidence"] = survey["cx_confidence"].map(lambda v: None if pd.isna(v) else str(v).replace(".", ","))
    plain = build_report(survey, nps="NPS", csat="CSAT", ces="CES", min_n=20)
    read_back = build_report(as_text, nps="NPS", csat="CSAT", ces="CES", min_n=20)
    share = 100 * survey.loc[survey["cx_status"] == "ok", "cx_needs_review"].mean()
    assert f"El {share:.0f}\u00a0% de los comentarios se clasificó" in read_back
    assert _section(read_back, "verbatims") == _section(plain, "verbatims")


# -- found by review of the report's pages ------------------------------------------------------------
def test_a_mean_metrics_impact_keeps_two_decimals(survey):
    """A CES impact of -0.05 was printed '-0,0' beside a significance dot."""
    from cxnlp import summarize

    html = build_report(survey, ces="CES", min_n=20)
    s = summarize(survey, ces="CES", min_n=20).set_index("theme")
    row = re.search(r'<th scope="row">Envío e instalación</th>.*?</tr>', _section(html, "drivers"), re.S).group(0)
    assert f"{s.loc['delivery', 'ces_impact']:+.2f}".replace(".", ",").replace("-", "\u2212") in row


def test_what_changed_lists_the_largest_themes_by_their_own_size():
    from cxnlp import changes
    from cxnlp.report.sections_insights import _theme_sizes

    frame = classified_survey(600, seed=5)
    c = changes(frame, "month", nps="NPS")
    sizes = _theme_sizes(c)
    labelled = frame[frame["cx_status"] == "ok"]
    for theme in ("delivery", "app"):
        months = pd.to_datetime(labelled["Fecha"], dayfirst=True).dt.strftime("%Y-%m")
        mentions = labelled["cx_touchpoints"].str.split("|").map(lambda t, theme=theme: theme in t)
        assert sizes[theme] == pytest.approx((mentions & months.isin([c.attrs["before"], c.attrs["after"]])).sum())


def test_sections_without_anything_to_show_are_left_out(survey):
    """Every comment blank or not Spanish: no empty sentiment, area or impact charts."""
    blank = survey.assign(cx_status="empty", cx_sentiment=None, cx_touchpoints=None, cx_areas=None, NPS="")
    html = build_report(blank, nps="NPS", min_n=20)
    assert '<section id="sentiment"' not in html and '<section id="areas"' not in html
    assert '<section id="drivers"' not in html


def test_bidirectional_controls_in_a_value_do_not_reorder_the_page(survey):
    html = build_report(survey.assign(Región="Alto \u202eabc"), nps="NPS", by="Región", min_n=20)
    assert "\u202e" not in html and "Alto abc" in html


def test_bidirectional_controls_in_a_display_name_do_not_reorder_the_page(survey):
    """QA X 6: a name from --labels-file kept its U+202E, which reversed every theme after it in an inline list."""
    html = build_report(survey, nps="NPS", by="touchpoints", min_n=20,
                        label_names={"delivery": "Entrega \u202eotsil", "price": "Precio \u2067x"})
    assert "\u202e" not in html and "\u2067" not in html and "Entrega otsil" in html


def test_the_date_column_is_found_whatever_its_case(survey):
    """``--date fecha`` for a column 'Fecha': summarize found it, the report's header and its comments to read
    (frame[date]) raised KeyError: 'fecha'. Resolved once, the report is the one 'Fecha' gives."""
    flagged = survey.assign(cx_escalation=np.where(survey["cx_status"] == "ok", "no", None))
    flagged.loc[flagged.index[flagged["cx_status"] == "ok"][:3], "cx_escalation"] = "yes"
    want = build_report(flagged, nps="NPS", min_n=20, date="Fecha")
    assert "Para leer hoy" in want and "1 jul 2024 – 28 sep 2024" in want
    assert build_report(flagged, nps="NPS", min_n=20, date=" fecha") == want
    with pytest.raises(DataError, match="date column 'fecah' not found"):
        build_report(flagged, nps="NPS", min_n=20, date="fecah")


def test_edited_segment_cells_do_not_stop_the_report():
    # A cx_segments cell edited by hand ("0.98 %" as confidence), cut, nested deeper than Python parses, or
    # JSON of another shape: the comment is still quoted (whole), the report still written.
    frame = classified_survey(n=120)
    ok = frame.index[frame["cx_status"] == "ok"]
    cells = frame["cx_segments"].copy()
    cells[ok[0::4]] = cells[ok[0::4]].str.replace(r'"confidence": ([0-9.]+)', r'"confidence": "\1 %"', regex=True)
    cells[ok[1::4]] = "[" * 50_000 + "]" * 50_000
    cells[ok[2::4]] = '{"sentiment": "negative"}'
    cells[ok[3::4]] = '[{"sentiment": "negative", "confidence": [1]}, 3]'
    html = build_report(frame.assign(cx_segments=cells), nps="NPS", min_n=5)
    assert "verbatims" in html and "<blockquote" in html


@pytest.mark.parametrize("column", ["churn", "period", "n", "negative"])
def test_a_user_column_named_like_a_summary_column_breaks_the_report_down(column):
    """summarize keeps a column 'churn' as by_churn (its own would collide); the verbatims looked for a data
    column 'by_churn' (KeyError) instead of reading the theme's rows from 'churn'."""
    frame = pd.DataFrame({column: ["sí", "no"] * 20, "Comentario": ["El envío llegó tarde", "La app va muy bien"] * 20,
                          "cx_status": ["ok"] * 40, "cx_sentiment": ["negative", "positive"] * 20,
                          "cx_touchpoints": ["delivery", "app"] * 20, "nps": [2, 10] * 20})
    html = build_report(frame, by=column, nps="nps", min_n=5, period=None)
    quotes = re.search(r'<section id="verbatims">(.*?)</section>', html, re.S).group(1)
    assert re.findall(r"<h3>(\w+) <span", quotes) == ["sí", "no"]
    assert "El envío llegó tarde" in quotes.split("<h3>")[1] and "La app va muy bien" in quotes.split("<h3>")[2]


def test_what_changed_says_the_last_period_has_no_comments_instead_of_comparing_it():
    """December's responses came without comments: "Qué cambió" compared it anyway, every cell "x → –",
    "0 pruebas" and "Ningún cambio significativo", which read as stability where there was no data."""
    n = 60
    frame = pd.DataFrame({"fecha": ["2024-10-15"] * n + ["2024-11-15"] * n + ["2024-12-15"] * n,
                          "nps": [2, 9, 10] * n, "cx_status": ["ok"] * 2 * n + ["empty"] * n,
                          "cx_sentiment": ["negative", "positive", "positive"] * (2 * n // 3) + [None] * n,
                          "cx_touchpoints": ["delivery", "app", "app"] * (2 * n // 3) + [None] * n})
    section = _section(build_report(frame, nps="nps"), "changes")
    assert "Qué cambió: oct 2024 → nov 2024" in section and "→ –" not in section
    assert ("dic 2024: 60 respuestas, ninguna con un comentario clasificado en algún tema. Se comparan oct 2024 y "
            "nov 2024" in section)
    html = build_report(frame.iloc[n:], nps="nps", lang="en")  # November and December: nothing to compare
    section = _section(html, "changes")
    assert "Dec 2024: 60 responses, none with a comment classified in a theme. There are no two periods" in section
    assert "<table" not in section and "What changed</b>" not in html  # no test described in the method either


def test_what_changed_says_when_the_later_period_starts_after_today():
    """40 responses typed '2090-02' in a 2024 survey: "Qué cambió" compared feb 2024 with feb 2090 without a word.
    They are compared all the same, and the section says so (as changes warns)."""
    n = 40
    frame = pd.DataFrame({"fecha": ["2024-01-10"] * n + ["2024-02-10"] * n + ["2090-02-10"] * n,
                          "cx_status": "ok", "cx_sentiment": "negative", "cx_touchpoints": "delivery",
                          "nps": [10, 9, 0, 5] * (3 * n // 4)})
    section = _section(build_report(frame, nps="nps", min_n=5), "changes")
    assert "feb 2090 (40 respuestas) empieza después de hoy: ¿fechas mal escritas? Se compara igualmente." in section
    section = _section(build_report(frame, nps="nps", min_n=5, lang="en"), "changes")
    assert "Feb 2090 (40 responses) starts after today: are its dates mistyped?" in section
    section = _section(build_report(frame.iloc[:2 * n], nps="nps", min_n=5), "changes")
    assert "después de hoy" not in section

def test_what_changed_names_a_period_passed_over_for_few_classified_comments_however_it_was_asked(partly_classified_months):
    """January: 60 answers, 2 comments classified. "Qué cambió" compared November with December without a word
    about January (it looked for periods without any themed comment), and said nothing at all when asked for by
    month (compare="month", as summarize --changes month --html asks): that is no pair of periods."""
    frame, n = partly_classified_months, 60  # (60 answers a month)
    for compare in (None, "month", "mes"):
        section = _section(build_report(frame, nps="nps", min_n=5, compare=compare), "changes")
        assert ("ene 2025: 60 respuestas, solo 2 con un comentario clasificado en algún tema, menos del 5\u00a0% de lo "
                "habitual en un periodo. Se comparan nov 2024 y dic 2024" in section), compare
    section = _section(build_report(frame, nps="nps", min_n=5, lang="en"), "changes")
    assert ("Jan 2025: 60 responses, only 2 with a comment classified in a theme, under 5% of a typical period's. "
            "Comparing Nov 2024 and Dec 2024" in section)
    section = _section(build_report(frame, nps="nps", min_n=5, compare=("2024-12", "2025-01")), "changes")
    assert "Qué cambió: dic 2024 → ene 2025" in section and "60 respuestas" not in section  # a pair: as asked
    with pytest.raises(DataError, match="no row has a date in 2023-01"):
        build_report(frame, nps="nps", min_n=5, compare=("2023-01", "2024-12"))
    typo = pd.concat([frame.iloc[:3 * n], frame.iloc[:1].assign(fecha="2042-05-01")], ignore_index=True)
    section = _section(build_report(typo, nps="nps", min_n=5), "changes")
    assert ("may 2042: 1 respuesta, menos del 5\u00a0% de las de un periodo típico (¿una fecha mal escrita?). Se comparan "
            "nov 2024 y dic 2024" in section)


def test_what_changed_asked_for_auto_names_the_periods_passed_over_as_a_period_name_does(partly_classified_months):
    """compare="auto" with no two periods to compare: the report stopped with changes' DataError (a pair of periods
    must be compared) instead of naming January, passed over, as compare="month" does."""
    frame = partly_classified_months.iloc[120:].reset_index(drop=True)
    january = frame["fecha"].str.startswith("2025")
    frame.loc[january, ["cx_status", "cx_touchpoints", "cx_sentiment"]] = ["empty", None, None]
    for compare in ("auto", "month"):
        section = _section(build_report(frame, nps="nps", min_n=5, compare=compare, lang="en"), "changes")
        assert ("Jan 2025: 60 responses, none with a comment classified in a theme. There are no two periods to "
                "compare." in section), compare


def test_what_changed_says_a_column_of_yours_is_blank_not_that_comments_are_missing(blank_store_december):
    """by="tienda", December's 'tienda' blank and its comments classified: the section said "ninguna con un
    comentario clasificado en algún tema"."""
    frame = blank_store_december
    n = len(frame) // 3  # answers a month
    section = _section(build_report(frame, by="tienda", nps="nps", min_n=5), "changes")
    assert ("dic 2024: 60 respuestas, con la columna «tienda» en blanco en todas. Se comparan oct 2024 y nov 2024"
            in section and "comentario" not in section.split("Se comparan")[0])
    section = _section(build_report(frame.iloc[n:], by="tienda", nps="nps", min_n=5, lang="en"), "changes")
    assert "Dec 2024: 60 responses, with column “tienda” blank in all of them. There are no two periods" in section
    few = frame.assign(tienda=["A", "B", "C"] * (2 * n // 3) + ["A", "B"] + [None] * (n - 2))
    section = _section(build_report(few, by="tienda", nps="nps", min_n=5), "changes")
    assert "dic 2024: 60 respuestas, solo 2 con un valor en «tienda», menos del 5\u00a0% de lo habitual" in section
    section = _section(build_report(frame, by="touchpoints×tienda", nps="nps", min_n=5), "changes")
    assert ("dic 2024: 60 respuestas, ninguna con un comentario clasificado en algún tema y un valor en «tienda»."
            in section)


def test_what_changed_is_left_out_of_a_survey_without_comments_and_names_few_periods():
    """Two years of weekly scores, no comment at all: "Qué cambió" was one sentence listing the 105 weeks as
    periods "without a classified comment". Nothing is classified: no section. Twenty latest weeks without
    comments after classified ones are named twelve at most, as the trend's notes name periods."""
    days = pd.date_range("2023-01-02", "2024-12-30", freq="D")
    frame = pd.DataFrame({"fecha": days.strftime("%Y-%m-%d"), "nps": ([9, 10, 3] * 300)[:len(days)],
                          "cx_status": "empty", "cx_sentiment": None, "cx_touchpoints": None})
    html = build_report(frame, nps="nps", period="week", min_n=5)
    assert '<section id="changes">' not in html and "Qué cambió" not in html
    classified = days < pd.Timestamp("2024-08-12")  # the last 21 weeks without a comment
    frame = frame.assign(cx_status=np.where(classified, "ok", "empty"),
                         cx_sentiment=np.where(classified, "positive", None),
                         cx_touchpoints=np.where(classified, "app", None))
    section = _section(build_report(frame, nps="nps", period="week", min_n=5), "changes")
    assert "S33/24, S34/24, S35/24" in section and "S44/24, …: 141 respuestas" in section  # to S01/25
    note = re.search(r'<p class="lead">(.*?)</p>', section).group(1)
    assert "S45/24" not in section and note.count("/2") == 12 + 2  # twelve named, and the two compared


def test_a_sentiment_label_of_your_own_has_its_column_in_the_sentiment_and_area_tables():
    """summarize gives a sentiment of your own model ("sarcastic") a column; the report kept the schema's four
    only: its rows added up to 75 % and an area of 40 comments showed 30."""
    from cxnlp.report.charts import OWN_COLORS, sentiment_colors

    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "delivery", "cx_areas": ["cx", "ux"] * 20,
                          "cx_sentiment": ["negative"] * 10 + ["positive"] * 10 + ["sarcastic"] * 12
                          + ["<b>irónico</b>"] * 8, "nps": [3] * 20 + [9] * 20})
    html = build_report(frame, nps="nps", min_n=5, period=None, label_names={"sarcastic": "Sarcástico"})
    tables = {t["attrs"].get("id"): t for t in _Tables(html).tables}
    own = ["<b>irónico</b>", "Sarcástico"]  # after the schema's, in summarize's order (by label), named, escaped
    assert [text for _, text in tables["sentiment-data"]["head"]] == ["Tema", "Negativo", "Mixto", "Neutro",
                                                                     "Positivo", *own, "n"]
    [row] = tables["sentiment-data"]["rows"]
    assert [text for _, _, text in row] == ["Envío e instalación", "25 %", "0 %", "0 %", "25 %", "20 %", "30 %", "40"]
    assert [text for _, text in tables["areas-data"]["head"]][-3:] == [*own, "Comentarios"]
    for (_, _, name), *cells in tables["areas-data"]["rows"]:
        counts = [int(text) for _, _, text in cells]
        assert sum(counts[:-1]) == counts[-1] == 20, name
    assert "&lt;b&gt;irónico&lt;/b&gt;" in html and "<b>irónico</b>" not in html
    colors = sentiment_colors(["negative", "mixed", "neutral", "positive", "a", "b"])
    assert [colors["a"], colors["b"]] == list(OWN_COLORS[:2]) and colors["negative"] != colors["a"]


def test_labels_of_your_own_never_share_a_colour_and_are_read_from_their_own_column(monkeypatch):
    """Seven labels of your own took five colours in turn: two parts of one bar in the same colour ("a colour of
    its own", said docs/report.md). A label named like a summary column ('net_sentiment') was read from that
    column: its row added up to 125 %."""
    from cxnlp.report import charts

    own = ["broma", "confuso", "dudoso", "irónico", "sarcástico", "spam", "zzz"]  # fewer and fewer comments each
    sentiment = ["negative"] * 20 + ["positive"] * 20 + [label for k, label in enumerate(own) for _ in range(9 - k)]
    n = len(sentiment)
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "delivery", "cx_areas": "cx", "nps": ([3, 9] * n)[:n],
                          "cx_sentiment": sentiment})
    figures = {}
    original = charts.to_svg
    monkeypatch.setattr(charts, "to_svg", lambda fig, alt, table=None: figures.setdefault(table, fig) and
                        original(fig, alt, table))
    for lang, note in (("es", "El gráfico reúne en «Otras (2)» las 2 etiquetas de sentimiento propias menos "
                              "frecuentes (spam, zzz): solo las 5 más frecuentes tienen un color propio."),
                       ("en", "The chart draws the 2 least frequent sentiment labels of your own as one part, "
                              "“Other (2)” (spam, zzz): only the 5 most frequent have a colour of their own.")):
        figures.clear()
        html = build_report(frame, nps="nps", min_n=5, period=None, lang=lang)
        for section, table in (("sentiment", "sentiment-data"), ("areas", "areas-data")):
            assert note in _section(html, section)
            head = [text for _, text in {t["attrs"].get("id"): t for t in _Tables(html).tables}[table]["head"]]
            assert head[5:12] == own  # the table shows each label
            ax = figures[table].axes[0]
            colours = [tuple(bar.get_facecolor()) for bar in ax.patches if bar.get_width() > 0]
            assert len(colours) == len(set(colours)) == 4 - 2 + 5 + 1  # negative, positive, five labels, the rest
            legend = [text.get_text() for text in ax.get_legend().get_texts()]
            assert legend[-6:] == ["broma", "confuso", "dudoso", "irónico", "sarcástico", "Otras (2)" if lang == "es"
                                   else "Other (2)"]
    with pytest.raises(ValueError, match="6 labels of your own for 5 colours"):
        charts.sentiment_colors(["negative", *own[:6]])
    named = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "delivery", "nps": [3, 9] * 20,
                          "cx_sentiment": ["negative"] * 5 + ["positive"] * 25 + ["net_sentiment"] * 10})
    [row] = {t["attrs"].get("id"): t for t in _Tables(build_report(named, nps="nps", min_n=5, period=None)).tables}[
        "sentiment-data"]["rows"]
    assert [text for _, _, text in row] == ["Envío e instalación", "13 %", "0 %", "0 %", "62 %", "25 %", "40"]


def test_no_sentiment_charts_without_a_sentiment_column(survey):
    """A table without cx_sentiment drew every theme as 0 % negative, mixed, neutral and positive."""
    from cxnlp import summarize

    html = build_report(survey.drop(columns="cx_sentiment"), nps="NPS", min_n=20, period=None)
    assert '<section id="sentiment">' not in html and 'id="sentiment-data"' not in html
    html_with = build_report(survey, nps="NPS", min_n=20, period=None)
    assert '<section id="sentiment">' in html_with
    # The areas' chart of comments by sentiment drew 0 comments beside each card's n: the cards alone.
    areas = _section(html, "areas")
    assert 'id="areas-data"' not in areas and "<svg" not in areas
    n = summarize(survey, by="areas").set_index("theme").loc["customer_service", "n"]
    assert f"(n = {n})" in areas
    assert "Sentimiento neto" not in areas and "Sentimiento neto" in _section(build_report(survey, min_n=20), "areas")
    # nor a column "Sent. neto" of "–" in the table of every metric by theme
    assert "Sent. neto" not in _section(html, "drivers") and "Sent. neto" in _section(html_with, "drivers")
    # Without a metric too, the trend drew net sentiment: "–" in every period, a heat table of "–" for every theme.
    trend = _section(build_report(survey.drop(columns="cx_sentiment"), min_n=20), "trend")
    assert "Nada que seguir por periodo" in trend and "<svg" not in trend and 'id="trend-heat"' not in trend
    english = build_report(survey.drop(columns="cx_sentiment"), min_n=20, lang="en")
    assert "Nothing to follow by period" in _section(english, "trend")
    assert 'id="trend-heat"' in _section(build_report(survey, min_n=20), "trend")  # with a sentiment, as before


def test_quotes_from_a_classified_file_drop_the_quote_that_defused_a_formula(tmp_path):
    """cxnlp's writer puts a ' before a comment a spreadsheet would run ("+ La app…"); read back, the report
    quoted "'+ La app…" where the report built before writing quoted "+ La app…": the same data, two reports.
    The file read back keeps its ' (read_table gives the cells as they are); only the quote drops it."""
    from cxnlp.io import read_table, write_table
    from cxnlp.io.formulas import drop_formula_quote

    said = [("+ La app es muy buena y rápida, la uso a diario", "app", "ux", "positive", 10),
            ("=Pésima atención en el chat, nadie me contesta", "support", "customer_service", "negative", 1),
            ("- El envío llegó tarde y el repartidor fue grosero", "delivery", "cx", "negative", 2),
            ("@soporte nunca contesta los correos, me voy", "support", "customer_service", "negative", 0)]
    rows = []
    for i in range(48):
        text, tp, area, sentiment, nps = said[i % 4]
        text = f"{text} ({i})"
        rows.append({"Comentario": text, "cx_status": "ok", "cx_sentiment": sentiment, "cx_touchpoints": tp,
                     "cx_areas": area, "cx_segments": _segments(text, tp, area, sentiment), "cx_confidence": 0.9,
                     "cx_churn_risk": "yes" if i % 4 == 3 else "no", "NPS": nps})
    frame = pd.DataFrame(rows)
    write_table(frame, tmp_path / "clasificada.csv")
    back = read_table(tmp_path / "clasificada.csv")
    assert back["Comentario"].str.startswith(("'+", "'=", "'-", "'@")).all()
    plain, read_back = (build_report(f, nps="NPS", min_n=5, period=None) for f in (frame, back))
    for section in ("verbatims", "signals"):
        assert _section(read_back, section) == _section(plain, section)
    assert "<mark>+ La app es muy buena" in _section(read_back, "verbatims")
    assert "@soporte nunca contesta" in _section(read_back, "signals") and "&#39;@" not in read_back
    # one quote is dropped before a formula, after any quotes of the comment's own ("''+x" was written for "'+x")
    assert [drop_formula_quote(t) for t in ("'=A1", "'hola", "'", "-3", "''+x")] == ["=A1", "'hola", "'", "-3", "'+x"]


def _chart_styles(svg: str) -> set[str]:
    return set(re.findall(r'style="([^"]*)"', svg))


def test_significance_is_told_by_shape_not_by_a_faded_colour(html_es):
    """Not-significant bars and dots were the same colour at 38-40% opacity, 1.75:1 on white: told apart by
    fading only (WCAG 1.4.1, 1.4.11). They are outlined (bars) or hollow (dots) in the full colour, and the
    legends show the same shapes."""
    from cxnlp.report import charts
    from cxnlp.report.page import Page

    page = Page(None, "es", 5, [])
    impact = charts.impact_chart(["a", "b"], [-3.0, 2.0], [True, False], [False, False], xlabel="x", fmt=page.num,
                                 alt="t")
    matrix = charts.priority_chart(["a", "b"], [10, 30], [-3.0, 2.0], [-5, -1], [-1, 4], [True, False], split=20,
                                   quadrants=page.words["quadrants"], xlabel="x", ylabel="y", fmt=page.num, alt="t")
    green, red = charts.COLORS["positive"], charts.COLORS["negative"]
    for svg in (impact, matrix):
        faded = [s for s in _chart_styles(svg) if "opacity" in s and "opacity: 0.06" not in s]  # (the quadrant's tint)
        assert not faded, faded
        assert any(f"fill: #ffffff; stroke: {green}; stroke-width: 1.5" in s for s in _chart_styles(svg))
        assert any(s.startswith(f"fill: {red}") for s in _chart_styles(svg))  # the significant one, filled
        assert _contrast(_rgb(green), _rgb("#fff")) >= 3 and _contrast(_rgb(red), _rgb("#fff")) >= 3
    assert any("stroke-dasharray" in s and green in s for s in _chart_styles(matrix))  # its interval, dashed
    css = re.search(r"<style>(.*?)</style>", html_es, re.S).group(1)
    nosig = _rule(css, ".sw.nosig")
    assert "opacity" not in nosig and "outline:1.5px solid var(--neg)" in nosig and "background:#fff" in nosig
    legend = re.search(r'<section id="key-drivers">.*?<p class="legend">(.*?)</p>', html_es, re.S).group(1)
    assert '<span class="sw sig dot"></span>' in legend and '<span class="sw nosig dot"></span>' in legend


def test_a_chip_under_min_n_says_so_in_words_with_its_n(survey):
    """A chip under min_n had a dashed border and italics only, and no n (WCAG 1.3.1)."""
    areas = _section(build_report(survey, nps="NPS", min_n=50), "areas")
    chips = re.findall(r'<div class="chip( low)?"><b>([^<]+)</b><span>[^<]*\(n = ([\d.]+)\)</span>(.*?)</div>',
                       areas, re.S)
    assert chips and len(chips) == len(re.findall(r'<div class="chip[ "]', areas))
    for low, name, n, rest in chips:
        assert bool(low) == (int(n.replace(".", "")) < 50), name
        assert ('<span class="chip-low">menos de 50 respuestas</span>' in rest) == bool(low), name
    assert any(low for low, *_ in chips) and not all(low for low, *_ in chips)


def test_the_fix_first_label_reads_at_4_5_to_1_on_its_tint():
    """"Arreglar primero" in the negative's red on the quadrant's 6% red tint read 4.43:1."""
    from cxnlp.report import charts
    from cxnlp.report.page import Page

    page = Page(None, "es", 5, [])
    svg = charts.priority_chart(["a", "b"], [10, 30], [-3.0, 2.0], [-5, -1], [-1, 4], [True, False], split=20,
                                quadrants=page.words["quadrants"], xlabel="x", ylabel="y", fmt=page.num, alt="t")
    tint_style = next(s for s in _chart_styles(svg) if "opacity" in s)
    fill, alpha = re.search(r"fill: (#[0-9a-f]{6}); opacity: ([\d.]+)", tint_style).groups()
    tint = tuple(float(alpha) * c + (1 - float(alpha)) * 255 for c in _rgb(fill))
    labels = [s for s in _chart_styles(svg) if s.startswith("fill: #") and s.count(":") == 1]
    reds = {s[6:] for s in labels} - {charts.COLORS["ink"], charts.COLORS["muted"], "#ffffff"}
    assert reds == {charts.COLORS["negative_text"]}, reds  # the label's colour, and none other on the tint
    assert _contrast(_rgb(charts.COLORS["negative_text"]), tint) >= 4.5


def test_a_quotes_score_is_the_metrics_label_and_value_in_the_reports_number_format():
    """The caption printed the cell as written: the column's name, "4.5" in a Spanish report, and an answer the
    metric excludes ("No sabe") as if it were a score."""
    answers = ["4.5", "No sabe", "2", "6,0"]
    frame = pd.DataFrame([{"cx_status": "ok", "cx_touchpoints": theme, "cx_sentiment": ["negative", "positive"][i % 2],
                           "Facilidad (1-7)": answers[(i // 2) % 4], "texto": f"uno{i} dos{i} tres{i} cuatro{i} sobre {theme}"}
                          for theme in ("delivery", "app") for i in range(24)])
    for lang, want in (("es", {"CES: 4,5", "CES: 2", "CES: 6"}), ("en", {"CES: 4.5", "CES: 2", "CES: 6"})):
        quotes = _section(build_report(frame, ces="Facilidad (1-7)", text="texto", min_n=5, period=None, lang=lang),
                          "verbatims")
        captions = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", quotes, re.S)
        assert len(captions) >= 4 and "Facilidad" not in quotes and "No sabe" not in quotes
        shown = {m.group(1) for c in captions if (m := re.search(r" · (.*)$", c))}
        assert shown <= want and len(shown) > 1, shown
        assert any(" · " not in c for c in captions)  # the "No sabe" answers: no score in the caption


def test_english_label_names_translate_the_spanish_ones(survey):
    """English names were derived from the ids: effort 'None/High/Low' beside 'Sin señal de esfuerzo/Esfuerzo
    alto/Esfuerzo bajo', stages 'Before/During/After', areas 'CX/UX/UI' where the Spanish spells them out."""
    from cxnlp.report.page import Page
    from cxnlp.report.strings import EN_NAMES
    from cxnlp.schema import DISPLAY_NAMES

    assert set(EN_NAMES) == set(DISPLAY_NAMES)  # every Spanish name has its English one
    page = Page(None, "en", 5, [])
    want = {"none": "No effort signal", "high": "High effort", "low": "Low effort", "before": "Before purchase",
            "during": "During purchase", "after": "After purchase", "cx": "Customer experience",
            "ux": "User experience", "ui": "User interface", "delivery": "Delivery and installation",
            "support": "Support channels", "late_fees": "late_fees"}  # a label of your own: as it is
    assert {label: page.label(label) for label in want} == want
    areas = _section(build_report(survey, nps="NPS", lang="en", min_n=20), "areas")
    assert "<b>Customer experience</b>" in areas and "<b>CX</b>" not in areas


@pytest.mark.parametrize(("lang", "month", "date"), [("es", "nov 2024", "5 nov 2024"), ("en", "Nov 2024", "5 Nov 2024")])
def test_a_month_keeps_its_year_whole_as_the_reports_dates_do(lang, month, date):
    """'Nov 24 → Dec 24' read as the 24th of November and of December."""
    from cxnlp.report.page import Page

    page = Page(None, lang, 5, [])
    assert page.period("2024-11") == month and page.date("2024-11-05") == date


@pytest.mark.parametrize(("lang", "shown"), [("es", "1.500"), ("en", "1,500")])
def test_min_n_is_written_with_a_thousands_separator(survey, lang, shown):
    """'menos de 1500 comentarios' beside '1.200 respuestas': every sentence naming min_n writes it as a number."""
    frame = pd.concat([survey] * 8, ignore_index=True)
    html = build_report(frame, nps="NPS", ces="CES", min_n=1500, lang=lang, compare="month")
    text = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    assert "1500" not in text
    assert text.count(shown) >= 8  # drivers (legend and note), what changed (twice), chips, method (twice)


def test_spanish_writes_a_non_breaking_space_before_every_percent_sign():
    """18 of the Spanish strings had an ordinary space before % ('IC 95 %'), which a line may break at."""
    from cxnlp.report.strings import STRINGS

    def texts(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from texts(v)
        elif isinstance(value, list):
            for v in value:
                yield from texts(v)

    broken = [text for text in texts(STRINGS["es"]) if re.search(r"[\d}] %", text)]
    assert not broken, broken


def test_each_chart_data_button_names_its_chart(html_es):
    """Three disclosure buttons were all named 'Datos del gráfico'."""
    summaries = re.findall(r'<details class="chart-data"><summary>(.*?)</summary>', html_es)
    assert len(summaries) == 3 and len(set(summaries)) == 3
    assert "Datos del gráfico: Sentimiento por punto de contacto" in summaries


def test_names_of_nearby_points_on_the_priority_matrix_are_placed_apart():
    """Review: 'Purchase and sign-up', 'Returns and warranties' and 'Advertising and communication' were written
    on top of each other (every name at the same offset from its point)."""
    import matplotlib.pyplot as plt

    from cxnlp.report.charts import _LABEL_PLACES, _label_offsets

    fig, ax = plt.subplots(figsize=(9.4, 5.4))
    ax.set_xlim(0, 30)
    ax.set_ylim(-80, 80)
    names = ["Purchase and sign-up", "Returns and warranties", "Advertising and communication", "Alone"]
    offsets = _label_offsets(ax, names, [7.3, 7.4, 7.2, 25], [-14, -15, -12, 40])
    plt.close(fig)
    assert len(set(offsets[:3])) == 3  # three names near one spot go to three places
    assert offsets[3] == _LABEL_PLACES[0]  # a name with room keeps the usual place


LONG_NAME = ("Aplicación móvil con un nombre de canal extremadamente largo para comprobar cómo se parte el texto "
             "en tablas y gráficos del informe")


def _num(value, digits=0, signed=False):
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def test_a_long_theme_name_is_wrapped_on_every_chart_that_writes_it():
    """Review: a name of 130 characters widened the impact chart's SVG to 1,190 units in a 934 px column, so all of
    its text was drawn at about 7 px; the priority matrix's name ran past its right edge. Names are wrapped, on two
    lines at most and cut with '…'; a name that fits stays as it is."""
    from cxnlp.report import charts

    assert charts.short_name("Advertising and communication") == "Advertising and communication"
    lines = charts.short_name(LONG_NAME).split("\n")
    assert len(lines) == charts.NAME_LINES and all(len(line) <= charts.NAME_WIDTH for line in lines)
    assert lines[-1].endswith("…") and LONG_NAME.startswith(" ".join(lines)[:-1].rstrip())
    assert charts.short_name("x" * 100).split("\n")[0] == "x" * charts.NAME_WIDTH  # no space to break at

    names = [LONG_NAME, "Precio"]
    labels = {key: key for key in charts.SENTIMENT_ORDER}
    svgs = {
        "impact": charts.impact_chart(names, [-2.7, 2.3], [True, False], [False, True], xlabel="x", fmt=_num,
                                      alt="a"),
        "sentiment": charts.sentiment_chart(names, {"negative": [80, 20], "positive": [20, 80]}, [10, 12],
                                            labels=labels, n_label="n =", fmt=_num, alt="a"),
        "volume": charts.volume_chart(names, {"negative": [8, 2], "positive": [2, 8]}, labels=labels, xlabel="x",
                                      fmt=_num, alt="a"),
        "priority": charts.priority_chart(names, [35.7, 24.7], [-46, -41], [-90, -87], [0, 8], [False, False],
                                          split=30, quadrants={k: k for k in ("maintain", "low_priority", "watch",
                                                                               "fix_first")},
                                          xlabel="x", ylabel="y", fmt=_num, alt="a"),
    }
    # Each as wide as with short names (660-730 units on the sample survey), not 1,000 and more.
    widths = {key: float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1)) for key, svg in svgs.items()}
    assert all(width < 760 for width in widths.values()), widths


def test_the_parts_of_a_sentiment_bar_are_told_apart_without_colour(monkeypatch):
    """WCAG 1.4.1, review: mixed and neutral differed by hue alone (1.0:1 in lightness), negative and positive nearly
    so (1.26:1), and a part under 9% carries no number. Two of the four are hatched, in the bars and in the legend:
    each part differs from the next by its pattern, and any two as light as each other do. Numbers unchanged."""
    from itertools import combinations

    from cxnlp.report import charts
    from cxnlp.report._chart_style import _luminance

    drawn = []
    monkeypatch.setattr(charts, "to_svg", lambda fig, alt, table=None: drawn.append(fig) or "")
    labels = {key: key for key in charts.SENTIMENT_ORDER}
    shares = {"negative": [40, 5], "mixed": [20, 5], "neutral": [20, 5], "positive": [20, 85]}
    charts.sentiment_chart(["a", "b"], shares, [10, 12], labels=labels, n_label="n =", fmt=_num, alt="a")
    charts.volume_chart(["a", "b"], shares, labels=labels, xlabel="x", fmt=_num, alt="a")
    for fig in drawn:
        ax = fig.axes[0]
        parts = {bars.get_label(): {patch.get_hatch() for patch in bars.patches} for bars in ax.containers}
        assert all(len(hatches) == 1 for hatches in parts.values())  # one pattern for each kind
        hatch = {key: hatches.pop() for key, hatches in parts.items()}
        legend = ax.get_legend()
        assert {text.get_text(): handle.get_hatch() for text, handle in zip(legend.get_texts(),
                                                                           legend.legend_handles)} == hatch
        order = charts.SENTIMENT_ORDER
        assert all(hatch[a] != hatch[b] for a, b in zip(order, order[1:]))
        for a, b in combinations(order, 2):
            light = sorted(_luminance(charts.COLORS[key]) for key in (a, b))
            assert (light[1] + 0.05) / (light[0] + 0.05) >= 2 or hatch[a] != hatch[b], (a, b)
    # The numbers on the bars: parts of 9% and more, as before.
    assert [text.get_text() for text in drawn[0].axes[0].texts] == ["40", "20", "20", "20", "85", "n = 10", "n = 12"]


def test_the_sentiment_charts_draw_on_matplotlib_before_3_10(monkeypatch):
    """QA: every HTML report crashed on matplotlib 3.8 and 3.9, which pyproject allows: the bars were given the
    ``hatch_linewidth`` keyword, new in 3.10. Without the setters 3.10 added, the charts draw, with the bars' hatch
    lines 0.8 wide, as on 3.10 and later."""
    import matplotlib.collections
    import matplotlib.patches

    from cxnlp.report import charts

    for cls in (matplotlib.patches.Patch, matplotlib.collections.Collection):
        monkeypatch.delattr(cls, "set_hatch_linewidth", raising=False)  # absent before 3.10
    labels = {key: key for key in charts.SENTIMENT_ORDER}
    shares = {"negative": [40, 5], "mixed": [20, 5], "neutral": [20, 5], "positive": [20, 85]}
    svgs = [charts.sentiment_chart(["a", "b"], shares, [10, 12], labels=labels, n_label="n =", fmt=_num, alt="a"),
            charts.volume_chart(["a", "b"], shares, labels=labels, xlabel="x", fmt=_num, alt="a")]
    for svg in svgs:
        assert "0.8" in re.findall(r'stroke-width: ([\d.]+)[^"]*"/>\s*</pattern>', svg)


def test_a_name_on_the_priority_matrix_is_not_placed_outside_the_plot():
    """Review: with its right-hand places taken, a name near share 0 was placed to the left, over the y ticks."""
    import matplotlib.pyplot as plt

    from cxnlp.report.charts import _label_offsets

    fig, ax = plt.subplots(figsize=(9.4, 5.4))
    ax.set_xlim(0, 30)
    ax.set_ylim(-80, 80)
    names = ["Advertising and communication", "Delivery and installation", "Returns and warranties", "Billing"]
    offsets = _label_offsets(ax, names, [0.5, 0.6, 0.55, 20], [2, 2.3, 2.1, -3])
    plt.close(fig)
    assert all(dx > 0 for dx, _ in offsets)  # no room on the left of a point at share 0.5 of 30


def test_the_report_says_how_many_comments_were_left_out_and_why():
    """A survey in English gave a report of "7 respuestas · 0 comentarios clasificados" whose quotes section blamed
    too few comments: nothing said that every comment was read as not Spanish (cx_status)."""
    english = pd.DataFrame({"cx_status": "not_spanish", "cx_touchpoints": None,
                            "Comentario": "The delivery was late and nobody answered",
                            "nps": [2, 3, 9, 10, 5, 6, 1]})
    for lang, header, quotes in (
            ("es", "Sin clasificar (cx_status): 7 no en español.",
             "No hay comentarios clasificados que citar (7 no en español)."),
            ("en", "Not classified (cx_status): 7 not in Spanish.", "No classified comment to quote (7 not in Spanish).")):
        html = build_report(english, nps="nps", text="Comentario", lang=lang, period=None)
        assert header in html and quotes in html
    mixed = pd.DataFrame({"cx_status": ["ok"] * 20 + ["empty"] * 5 + ["not_spanish"] * 3 + ["no_comment", "odd<"],
                          "cx_touchpoints": ["delivery"] * 20 + [None] * 10, "nps": [9, 3] * 15})
    html = build_report(mixed, nps="nps", period=None, min_n=5)
    assert ("Sin clasificar (cx_status): 5 en blanco, 3 no en español, 1 sin comentario («N/A», «nada»…), "
            "1 «odd&lt;».") in html
    assert "Sin clasificar" not in build_report(mixed.assign(cx_status="ok"), nps="nps", period=None, min_n=5)


def test_the_key_drivers_section_says_why_it_has_nothing_to_rank():
    """Every theme under min_n, one theme in every comment, or a score that never varies: the "Prioridades" section
    vanished without a heading or a word, while docs/report.md promises the heading and a line saying why."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": rng.choice(["delivery", "app", "delivery|app", ""], 120),
                          "nps": rng.integers(0, 11, 120)})

    def section(html):
        found = re.search(r'<section id="key-drivers">(.*?)</section>', html, re.S)
        assert found, "no key-drivers section"
        return found.group(1)

    cases = ((frame, 200, "ningún tema tiene al menos 200 respuestas que lo mencionan y otras tantas que no"),
             (frame.assign(cx_touchpoints="delivery"), 5, "ningún tema tiene al menos 5 respuestas"),
             (frame.assign(nps=10), 5, "ningún tema explica nada del NPS"),
             (frame.head(2), 1, "muy pocas respuestas con un tema y un NPS válido"))
    for data, min_n, says in cases:
        assert says in section(build_report(data, nps="nps", min_n=min_n, period=None))
    english = section(build_report(frame.assign(nps=10), nps="nps", min_n=5, period=None, lang="en"))
    assert "no theme explains any of NPS" in english



def test_the_key_drivers_note_says_a_theme_in_every_response_is_in_italics_for_that_not_for_low_n():
    """A theme in all 300 comments was in italics under "En cursiva, temas con menos de 30 respuestas" alone, as
    `cxnlp drivers` printed it "low n" before it said "in all"."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"cx_status": "ok", "nps": rng.integers(0, 11, 300),
                          "cx_touchpoints": rng.choice(["delivery", "delivery|price", "delivery|app"], 300)})
    for lang, said in (("es", "También en cursiva, los temas que están en todas las respuestas: no hay con qué "
                              "compararlos, así que quedan fuera del modelo."),
                       ("en", "Also in italics, themes in every response: there is nothing to compare them with, so "
                              "they are left out of the model.")):
        html = build_report(frame, nps="nps", min_n=30, period=None, lang=lang)
        section = re.search(r'<section id="key-drivers">(.*?)</section>', html, re.S).group(1)
        assert said in section
        assert said not in build_report(frame.assign(cx_touchpoints=frame["cx_touchpoints"].str.replace(
            "delivery|", "", regex=False)), nps="nps", min_n=30, period=None, lang=lang)

def test_counts_of_one_are_in_the_singular(survey):
    """With --min-n 1 the legends said "menos de 1 comentarios" / "fewer than 1 comments", and one non-numeric
    score "1 no numéricas" (QA J 8)."""
    frame = survey.assign(NPS=survey["NPS"].where(survey.index != 5, "n/s"))
    for lang, singular in (("es", ["1 no numérica", "menos de 1 respuesta.", "menos de 1 respuesta "]),
                           ("en", ["1 not numeric", "fewer than 1 response.", "fewer than 1 response "])):
        html = build_report(frame, nps="NPS", min_n=1, lang=lang, compare=("2024-07", "2024-09"))
        text = re.sub(r"<[^>]+>", " ", html)
        plural = r"comentarios|comments|respuestas|responses|no numéricas|observaciones|observations|pruebas"
        assert not re.findall(rf"\b1 (?:{plural})\b", text)
        assert all(s in text for s in singular), [s for s in singular if s not in text]


def test_an_unknown_period_is_refused_with_or_without_a_date_column(survey):
    """QA Y 5: 'report --period year' exited 0 on a table without a date column (the value was dropped before it
    was checked), where summarize and discover refuse it, as the README's exit codes say."""
    undated = survey.drop(columns=[c for c in survey.columns if "fecha" in str(c).lower()])
    for table in (survey, undated):
        with pytest.raises(ConfigError, match="period 'year' is not known"):
            build_report(table, nps="NPS", period="year")


def test_write_report_names_a_frame_or_path_of_the_wrong_type(tmp_path):
    # an AttributeError ('list' object has no attribute 'columns') and a TypeError from pathlib before
    with pytest.raises(DataError, match=r"^the report expects a pandas DataFrame \(Model.classify_frame's output\), "
                                        r"got list\.$"):
        write_report([{"cx_status": "ok"}], tmp_path / "informe.html")
    with pytest.raises(ConfigError, match=r"^HTML report: expected a path \(str or Path\), got int: '5'\.$"):
        write_report(pd.DataFrame({"cx_status": ["ok"]}), 5)
    assert not list(tmp_path.iterdir())


def test_two_reports_compare_by_value(survey):
    # Report is a NamedTuple holding a DataFrame: == asked the summary for its truth value (ValueError)
    from cxnlp.report.build import make_report

    report, again = make_report(survey, nps="NPS"), make_report(survey.copy(), nps="NPS")
    assert report == again and not report != again and report in [again]
    assert report == (again.html, again.summary) and (again.html, again.summary) == report
    assert report != make_report(survey, nps="NPS", by="areas") and report != "a report" and report != (1, 2, 3)
    html, summary = report  # still a pair
    assert html == report.html and summary is report.summary


def test_what_changed_by_week_of_month_labels_says_why_it_compares_nothing():
    """A column of month labels ('2024-05') by week: changes refuses weeks, and the report left "Qué cambió" out
    without a word (before, it compared May with June as "S18/24 → S22/24"). A trend by week of them is refused, as
    summarize refuses it (as a trend by month of quarter labels is)."""
    rows = 60
    frame = pd.DataFrame({"fecha": ["2024-05"] * rows + ["2024-06"] * rows, "nps": [2, 9, 10] * (2 * rows // 3),
                          "cx_status": "ok", "cx_sentiment": ["negative", "positive", "positive"] * (2 * rows // 3),
                          "cx_touchpoints": ["delivery", "app", "app"] * (2 * rows // 3)})
    section = _section(build_report(frame, nps="nps", min_n=5, compare="semana"), "changes")
    assert ("Todas las fechas de «fecha» son el día 1 de su mes (¿meses, como «2024-05»?): una semana no divide un "
            "mes, así que no se comparan semanas: compare meses (period=\"month\", --period month)."
            in section and "<table" not in section)
    with pytest.raises(DataError, match="so a month does not split into weeks: use period 'month'"):
        build_report(frame, nps="nps", min_n=5, period="week")
    section = _section(build_report(frame, nps="nps", min_n=5, compare="week", lang="en"), "changes")
    assert "Every date in “fecha” is the first of its month (months, such as “2024-05”?)" in section
    assert "Qué cambió: may 2024 → jun 2024" in _section(build_report(frame, nps="nps", min_n=5), "changes")


def test_a_report_with_nothing_to_compare_leaves_the_warning_filters_alone(monkeypatch):
    """The report left its "what changed" section out without changes' "nothing to compare" warning by wrapping the
    call in warnings.catch_warnings, which swaps the process-wide filters: reports built in threads (a service's)
    could leave the warning muted for the whole application, or undo a filter another thread set."""
    import warnings

    from cxnlp.report import sections_insights

    seen, changes = [], sections_insights.changes

    def spy(*args, **kwargs):
        seen.append(list(warnings.filters))
        return changes(*args, **kwargs)

    monkeypatch.setattr(sections_insights, "changes", spy)
    frame = pd.DataFrame({"fecha": ["2024-01-10"] * 20 + ["2024-04-10"] * 20, "comentario": ["x"] * 40,
                          "cx_status": "ok", "cx_touchpoints": "", "nps": [10, 0] * 20})
    before = list(warnings.filters)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        filters = list(warnings.filters)
        for compare in ("quarter", ("2024-Q1", "2024-Q2")):
            build_report(frame, nps="nps", date="fecha", compare=compare)
    assert len(seen) == 2 and all(f == filters for f in seen)
    assert not [w for w in caught if "nothing to compare" in str(w.message)]
    assert list(warnings.filters) == before
    from cxnlp import changes as python_changes

    with pytest.warns(UserWarning, match="^changes: nothing to compare"):  # muted in the report alone
        python_changes(frame, "quarter", nps="nps")


def test_a_warning_of_the_changes_section_points_at_the_line_that_wrote_the_report(tmp_path):
    """api7: the changes section's "rows without a readable date" warning pointed at cxnlp/report/sections_insights.py
    (``changes`` warned with ``stacklevel=2``, right only for a direct call); now at the caller's line, here."""
    frame = classified_survey(60).astype({"Fecha": object})
    frame.loc[frame.index[:5], "Fecha"] = "no sé"
    with pytest.warns(UserWarning, match=r"^changes: 5 rows without a readable date in 'Fecha'") as caught:
        write_report(frame, tmp_path / "informe.html", nps="NPS", date="Fecha")
    assert {w.filename for w in caught if "readable date" in str(w.message)} == {__file__}


@pytest.mark.parametrize("setting, says", [
    ({"title": 0}, r"title: expected the report's title as text \(None: a default in lang\), got int\."),
    ({"title": ["Informe"]}, r"title: expected the report's title as text \(None: a default in lang\), got list\."),
    ({"redact": "no"}, r"redact='no': expected True or False\."),
    ({"key_drivers": "false"}, r"key_drivers='false': expected True or False\."),
])
def test_report_settings_of_the_wrong_type_are_a_config_error_before_any_work(tmp_path, setting, says):
    """api7: title=0 gave the default title and a list was shown as "['Informe']"; redact="no" (a setting read as
    text) redacted and key_drivers="false" kept the drivers, without a word, where discover refuses such a redact."""
    with pytest.raises(ConfigError, match=rf"^{says}$"):
        write_report(classified_survey(20), tmp_path / "informe.html", nps="NPS", **setting)
    assert not (tmp_path / "informe.html").exists()


def test_a_generator_of_themes_is_read_as_the_list_it_yields(tmp_path):
    """api7: ``by=(b for b in ...)`` was read by the first section and was empty for the next: "by must name one or
    more columns ... got <generator object ...>"."""
    frame = classified_survey(20)
    settings = {"nps": "NPS", "min_n": 2, "period": None, "key_drivers": False}
    html = build_report(frame, by=(b for b in ["touchpoints", "Región"]), **settings)
    assert html == build_report(frame, by=["touchpoints", "Región"], **settings)


def test_a_quote_marks_its_segment_on_a_touchpoint_written_in_another_case():
    """Themes read 'Delivery' as delivery; the quote of its comment then looked for a segment on 'delivery' and found
    none in a hand-edited cx_segments ('Delivery'), so it lost the mark on the part about the theme."""
    import cxnlp
    from cxnlp.report.verbatims import pick_verbatims

    segments = json.dumps([{"text": "la entrega llegó tarde", "touchpoint": "Delivery ", "sentiment": "negative",
                            "confidence": 0.9},
                           {"text": "la app va bien", "touchpoint": "app", "sentiment": "positive", "confidence": 0.9}])
    frame = pd.DataFrame({"c": ["la entrega llegó tarde, la app va bien"], "cx_status": "ok", "cx_sentiment": "mixed",
                          "cx_touchpoints": ["Delivery|app"], "cx_segments": [segments]})
    s = cxnlp.summarize(frame, min_n=1).set_index("theme", drop=False)
    quotes = pick_verbatims(frame, ["touchpoints"], s.loc["delivery"], "negative", "c")
    assert [str(q["html"]) for q in quotes] == ["<mark>la entrega llegó tarde</mark>, la app va bien"]


def test_quotes_are_the_same_for_the_rows_in_any_order():
    """Hunt repro2: quotes tied on sentiment and confidence went to the file's first rows (a table without
    cx_confidence ties them all), so the same rows in another order gave a report with other quotes; ties go to the
    text."""
    from cxnlp.report.verbatims import pick_verbatims

    frame = pd.DataFrame({"c": [f"La entrega {i} llegó tarde otra vez" for i in range(12)], "cx_status": "ok",
                          "cx_sentiment": "negative", "cx_touchpoints": "delivery"})
    row = pd.Series({"touchpoints": "delivery"})

    def quoted(rows):
        return [str(q["html"]) for q in pick_verbatims(rows, ["touchpoints"], row, "negative", "c")]

    assert quoted(frame) == quoted(frame.iloc[::-1]) == quoted(frame.sample(frac=1, random_state=2))
    assert len(quoted(frame)) == 1  # near-copies of one another: one is quoted


def test_quotes_tied_on_confidence_are_not_the_first_in_alphabetical_order():
    """Review of repro2: ties went to the text in alphabetical (code point) order, so every quote of a table without
    cx_confidence was a comment that starts with a space, a digit or an upper-case letter, never one that opens with
    "¡", an accent, an emoji or a lower-case letter; ties go to a checksum of the text, the same in any order."""
    from cxnlp.report.verbatims import pick_verbatims

    first = ["  la entrega llegó tarde y nadie avisó", "1 semana esperando la entrega sin respuesta",
             "AAA la entrega se perdió en el camino", "Entrega tarde, caja rota y sin disculpas",
             "3 días de retraso en la entrega del sofá", "Zona sin cobertura: la entrega nunca vino"]
    last = ["¡Pésimo! la entrega no llegó en la fecha", "él repartidor dejó el paquete bajo la lluvia",
            "🙁 la entrega nunca llega a tiempo", "la entrega se demoró sin explicación alguna",
            "ésta es la tercera entrega que llega rota", "¿nadie revisa la entrega antes de salir?"]
    frame = pd.DataFrame({"c": first + last, "cx_status": "ok", "cx_sentiment": "negative",
                          "cx_touchpoints": "delivery"})
    quoted = [str(q["html"]) for q in pick_verbatims(frame, ["touchpoints"], pd.Series({"touchpoints": "delivery"}),
                                                     "negative", "c")]
    assert len(quoted) == 3 and set(quoted) & set(last), quoted
    assert quoted == [str(q["html"]) for q in pick_verbatims(frame.iloc[::-1], ["touchpoints"],
                                                             pd.Series({"touchpoints": "delivery"}), "negative", "c")]


def test_report_reads_arrow_string_view_columns_as_their_text():
    """Polars' and DuckDB's text reaches pandas as Arrow string_view: summarize, changes and drivers read it since
    api8, but the report, which comes to summarize after its own filters, was still a NotImplementedError traceback."""
    import pyarrow as pa

    from cxnlp.report.build import make_report

    rng = np.random.default_rng(0)
    late = rng.random(120) < 0.3
    plain = pd.DataFrame({"text": np.where(late, "llegó tarde", "la app va bien"), "cx_status": "ok",
                          "cx_sentiment": np.where(late, "negative", "positive"), "cx_areas": "cx",
                          "cx_touchpoints": np.where(late, "delivery", "app"),
                          "nps": np.where(late, rng.integers(0, 9, 120), rng.integers(6, 11, 120)).astype(str),
                          "fecha": np.where(np.arange(120) < 60, "2024-01-15", "2024-04-15")})
    views = plain.astype(pd.ArrowDtype(pa.string_view()))
    assert make_report(views, nps="nps", min_n=5) == make_report(plain, nps="nps", min_n=5)


def test_a_cell_without_a_value_says_so_to_a_screen_reader(survey):
    """A missing value was a lone dash ("–", "– → –"), which a screen reader reads as nothing (an empty cell) or as
    "en dash"; the dash is now hidden from it and a hidden "sin valor" ("no value") read instead."""
    for lang, words in (("es", "sin valor"), ("en", "no value")):
        html = build_report(survey.assign(CES=np.where(survey["Fecha"].str.endswith("09/2024"), "", survey["CES"])),
                            nps="NPS", ces="CES", min_n=60, lang=lang)
        cells = [(table["attrs"].get("id"), text) for table in _Tables(html).tables for row in table["rows"]
                 for tag, _, text in row if tag == "td"]
        # a small theme's withheld effect, and a CES of a month without answers
        assert {key for key, text in cells if words in text} >= {"key-drivers-table", "changes-table"}, lang
        assert f'<span aria-hidden="true">–</span><span class="visually-hidden">{words}</span>' in html
        for key, text in cells:  # (a range's dash, "1–5", is no missing value)
            assert not re.search(rf"(?<!\d)–(?!\d|{words})", text), (key, text)


def test_right_to_left_names_in_a_list_keep_their_order():
    """Two Hebrew theme names listed one after the other ("שלום, עולם") were run together by the bidirectional
    algorithm and shown in reverse order (the second at the left in headless Chromium); each listed name is now a
    <bdi> of its own: the touchpoints under a comment to read, the themes under min_n in notes and the method."""
    names = {"delivery": "שלום", "app": "עולם"}
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "negative", "nps": [1, 5, 6, 2] * 5,
                          "cx_touchpoints": ["delivery|app"] * 4 + ["store"] * 16, "Comentario": "Me voy",
                          "cx_churn_risk": "yes", "cx_emotions": "anger"})
    html = build_report(frame, nps="nps", min_n=5, period=None, label_names=names)
    captions = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", _to_read(html), re.S)
    assert "Riesgo de abandono · <bdi>שלום</bdi>, <bdi>עולם</bdi>" in captions
    method = _section(html, "method")
    assert "<bdi>עולם</bdi> (n = 4), <bdi>שלום</bdi> (n = 4)" in method
    emotions = re.search(r'id="emotions-table".*?<p class="note">(.*?)</p>', html, re.S).group(1)
    assert "poco fiables: <bdi>עולם</bdi>, <bdi>שלום</bdi>." in emotions


def test_emoji_in_a_theme_name_are_left_out_of_the_charts_not_drawn_as_boxes():
    """A theme named "Sur 📱🇪🇸" was drawn with an empty box for each emoji the charts' font lacks, and each printed
    matplotlib's "Glyph 128241 (\\N{MOBILE PHONE}) missing from font(s) DejaVu Sans." as a warning of the command;
    the charts now draw "Sur" (a name of such characters only, "□"), the table beside them keeps the name whole."""
    import warnings

    names = {"Sur": "Sur 📱🇪🇸", "Norte": "🇪🇸"}
    frame = classified_survey().assign(Región=lambda f: f["Región"].map(names).fillna("Centro"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        html = build_report(frame, nps="NPS", by="Región", min_n=20, period=None)
    assert not [str(w.message) for w in caught if "Glyph" in str(w.message)]
    drivers = _section(html, "drivers")
    drawn = re.findall(r"<!-- (.*?) -->", drivers)  # matplotlib names each text it draws as paths
    assert "Sur" in drawn and "\u25a1" in drawn and not any("📱" in text or "🇪" in text for text in drawn), drawn
    assert '<th scope="row">Sur 📱🇪🇸</th>' in drivers and '<th scope="row">🇪🇸</th>' in drivers


def test_no_table_cell_is_left_blank(survey):
    """A key driver under min_n had an empty rank and quadrant cell, which a screen reader reads as "blank" beside
    the row's "sin valor" cells; every cell of every table now holds a value or the dash of a missing one."""
    html = build_report(survey, nps="NPS", csat="CSAT", ces="CES", min_n=60)
    tables = _Tables(html).tables
    drivers = next(table for table in tables if table["attrs"].get("id") == "key-drivers-table")
    assert any(row[0][2] == "–sin valor" and row[-1][2] == "–sin valor" for row in drivers["rows"])  # rank, quadrant
    for table in tables:
        for row in table["rows"]:
            assert all(text.strip() for _, _, text in row), (table["attrs"].get("id"), row)


def test_a_theme_named_by_a_dash_is_not_read_as_a_missing_value(survey):
    """The templates' finalize spoke every output equal to "–": a region named "–" (a store's code, a blank as the
    export wrote it) was hidden from a screen reader and read as "sin valor" in every table; only the dash of a
    missing value is spoken so, a name "–" is read as written."""
    frame = survey.assign(Región=["Norte", "–", "Centro", "Este"] * (len(survey) // 4))
    html = build_report(frame, nps="NPS", csat="CSAT", by="Región", min_n=20)
    assert '<th scope="row">–</th>' in html
    assert not re.search(r'<th scope="row"><span aria-hidden="true">–</span>', html)
    blank = build_report(frame.assign(CSAT=np.where(frame["Región"] == "–", np.nan, frame["CSAT"])), nps="NPS",
                         csat="CSAT", by="Región", min_n=20)  # a value missing in its row: still spoken
    assert '<td class="r"><span aria-hidden="true">–</span><span class="visually-hidden">sin valor</span>' in blank


def test_a_name_the_charts_font_can_draw_is_drawn_as_written():
    """Leaving out emoji the font lacks also rewrote every other name with a letter beyond ASCII: its no-break
    spaces became spaces (where a long name was then wrapped) and its runs of spaces one; a name with nothing to
    leave out is drawn as written."""
    from cxnlp.report.charts import short_name

    name = "Tienda\u00a0Centro Comercial del Río\u00a0Norte"
    assert short_name(name) == "Tienda\u00a0Centro Comercial del\nRío\u00a0Norte"
    assert short_name("Año  2024") == "Año  2024" and short_name("Sur 📱🇪🇸") == "Sur"


def test_a_blank_or_multiline_title_gives_the_default_or_one_line(survey):
    """A --title "" from a script, or one of spaces, gave an empty <title> and heading; a title over two lines
    (pasted from a cell) kept its line break in the page's title."""
    for given, shown in (("   ", "Informe de experiencia de cliente"), ("", "Informe de experiencia de cliente"),
                         ("Tienda\n Sur  2026 ", "Tienda Sur 2026")):
        html = build_report(survey, nps="NPS", min_n=20, title=given)
        assert f"<title>{shown}</title>" in html and f"<h1>{shown}</h1>" in html, given


def test_label_names_are_read_in_binary_mode_on_windows(tmp_path, monkeypatch):
    """Port: the label names file was read through a descriptor from ``os.open`` without O_BINARY, in text mode on
    Windows, where a read ends at the first byte 0x1A (Ctrl-Z): the names after it were dropped without a word."""
    import os

    from cxnlp.report.page import read_label_names

    names = tmp_path / "names.csv"
    names.write_text("label,name\ndelivery,Entrega\n", encoding="utf-8")
    binary, real_open, flags_seen = 1 << 28, os.open, []  # a bit Linux does not use, as Windows' O_BINARY
    monkeypatch.setattr(os, "O_BINARY", binary, raising=False)

    def open_recorded(path, flags, *args, **kwargs):
        flags_seen.append(flags)
        return real_open(path, flags & ~binary, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_recorded)
    assert read_label_names(names) == {"delivery": "Entrega"}
    assert flags_seen and all(flags & binary for flags in flags_seen)


def test_a_themes_display_name_is_its_own_axiss():
    # A custom touchpoint 'high' was named in the report as the effort "Esfuerzo alto" ("High effort" in English).
    from cxnlp.report.page import Page

    row = pd.Series({"touchpoints": "high", "cx_effort": "high"})
    assert Page(None, "es", 5, []).name(row, ["touchpoints", "cx_effort"]) == "high × Esfuerzo alto"
    assert Page(None, "en", 5, []).name(row, ["touchpoints", "cx_effort"]) == "high × High effort"


def test_themes_of_a_churn_or_escalation_flag_are_named_in_the_reports_language():
    """--by cx_churn_risk showed its themes as "yes" and "no", English words in a Spanish report (and ids in an
    English one); each is named by what it flags, and a name given for the value still wins."""
    from cxnlp.report.page import Page
    from cxnlp.report.strings import EN_FLAG_NAMES
    from cxnlp.schema import FLAG_NAMES

    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": "negative", "cx_touchpoints": "delivery",
                          "cx_churn_risk": ["yes", "no"] * 20, "cx_escalation": ["no", "yes"] * 20,
                          "nps": [2, 9, 10, 5] * 10})
    for lang, shown in [("es", ("Riesgo de abandono", "Sin riesgo de abandono")), ("en", ("Churn risk", "No churn risk"))]:
        html = build_report(frame, nps="nps", by="cx_churn_risk", lang=lang, period=None, key_drivers=False, min_n=5)
        assert all(f'<th scope="row">{name}</th>' in html for name in shown), lang
        assert not re.search(r'<th scope="row">(yes|no)</th>', html), lang
    row = pd.Series({"cx_escalation": "no", "cx_churn_risk": "yes"})
    assert Page(None, "es", 1, []).name(row, ["cx_escalation"]) == "Sin amenaza de escalar"
    assert Page(None, "en", 1, []).name(row, ["cx_escalation", "cx_churn_risk"]) == "No escalation × Churn risk"
    assert Page(None, "es", 1, [], {"yes": "Sí"}).name(row, ["cx_churn_risk"]) == "Sí"
    assert set(EN_FLAG_NAMES) == set(FLAG_NAMES)  # every flag named in both languages


def test_each_language_quotes_with_its_own_marks():
    """The English note of a drivers table without impacts quoted its dash with straight quotes ("–"), where every
    other English string quotes with “ ” and the Spanish one with « »."""
    from cxnlp.report.strings import STRINGS

    def texts(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, (dict, list)):
            for v in value.values() if isinstance(value, dict) else value:
                yield from texts(v)

    for lang, wrong in (("en", r"«|»"), ("es", r"“|”")):
        # a straight quote only in code shown as typed (period="month")
        broken = [text for text in texts(STRINGS[lang]) if re.search(rf'"|{wrong}', re.sub(r'\w+="\w*"', "", text))]
        assert not broken, (lang, broken)


def test_the_label_tables_of_the_docs_give_the_names_an_english_report_shows():
    """docs/labels.md gave each label's Spanish display name only, "used in reports": what an English report shows
    for `store` ("Store or branch", not "Tienda o sucursal") was written nowhere but in the code."""
    from pathlib import Path

    from cxnlp.report.strings import EN_NAMES
    from cxnlp.schema import DISPLAY_NAMES

    docs = (Path(__file__).resolve().parents[1] / "docs" / "labels.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(\w+)` \| ([^|]+) \|", docs, re.M)}
    named = [label for label in EN_NAMES if label in rows and DISPLAY_NAMES[label] in rows[label]]
    assert len(named) >= 21  # sentiments, areas and touchpoints
    assert [label for label in named if rows[label].strip() != f"{DISPLAY_NAMES[label]} / {EN_NAMES[label]}"] == []
    flat = " ".join(docs.split())  # the stages' names, in a sentence
    assert all(f'"{EN_NAMES[stage]}"' in flat for stage in ("before", "during", "after"))


def test_two_names_a_chart_would_draw_alike_are_numbered_on_it():
    """Two themes that differ only by an emoji the charts' font lacks ("Envío 🚚", "Envío 📦") were both drawn
    "Envío": the chart could not tell them apart. Names drawn alike are numbered by their names as written, on every
    chart; a name drawn once keeps its own."""
    from cxnlp.report import charts

    assert charts.chart_names(["Envío 🚚", "Precio", "Envío 📦"]) == ["Envío (2)", "Precio", "Envío (1)"]
    # one number on every chart, whatever its order (the sentiment chart sorts by net sentiment, the impact chart by
    # impact): "Envío 📦" was (1) on one and (2) on the other
    assert charts.chart_names(["Envío 📦", "Envío 🚚"]) == ["Envío (1)", "Envío (2)"]
    long_a, long_b = LONG_NAME + " norte", LONG_NAME + " sur"  # cut at the same "…"
    assert len(set(charts.chart_names([long_a, long_b]))) == 2

    def impact(names):
        return charts.impact_chart(names, [-2.0, 1.0], [True, True], [False, False], xlabel="x", fmt=_num, alt="a")

    assert impact(["Envío 🚚", "Envío 📦"]) == impact(["Envío (2)", "Envío (1)"])
    matrix = dict(share=[10.0, 20.0], effect=[-1.0, 2.0], low=[-2.0, 1.0], high=[0.0, 3.0], significant=[True, True],
                  split=15.0, quadrants={k: k for k in ("maintain", "low_priority", "watch", "fix_first")},
                  xlabel="x", ylabel="y", fmt=_num, alt="a")
    assert (charts.priority_chart(["Envío 🚚", "Envío 📦"], **matrix)
            == charts.priority_chart(["Envío (2)", "Envío (1)"], **matrix))


def test_a_theme_named_like_a_number_drawn_alike_keeps_a_label_of_its_own():
    """Themes drawn alike are numbered "Envío (1)", "Envío (2)"; a theme whose own name was "Envío (1)" then shared
    its label with one of them. The numbers skip a label another theme has, on every chart alike."""
    from cxnlp.report import charts

    every = ["Envío 🚚", "Envío 📦", "Envío (1)"]
    assert charts.chart_names(every) == ["Envío (3)", "Envío (2)", "Envío (1)"]
    assert charts.chart_names(["Envío 🚚", "Envío (1)"], among=every) == ["Envío (3)", "Envío (1)"]
    names = ["Envío 🚚", "Envío 📦", "Envío 🛵", "Envío (2)", "Envío (4) norte"]
    assert len(set(charts.chart_names(names))) == len(names)

def test_a_theme_drawn_alike_has_one_number_on_every_chart_whatever_it_draws(monkeypatch):
    """The impact chart draws the themes of largest impact only, the priority matrix the most important: each
    numbered the names drawn alike among those it drew, so "Envío 🛵" was (2) on one chart and (3) on the other, or
    drawn bare "Envío" where the others drawn alike were left out. They are numbered among all the table's themes."""
    from cxnlp.report import build as report_build, charts

    every = ["Envío 📦", "Envío 🚚", "Envío 🛵"]
    assert charts.chart_names(["Envío 🛵", "Envío 🚚"], among=every) == ["Envío (3)", "Envío (2)"]
    assert charts.chart_names(["Envío 🛵"], among=every) == ["Envío (3)"]
    drawn = []
    real = charts.chart_names
    monkeypatch.setattr(charts, "chart_names", lambda names, *a, **k: drawn.append(dict(zip(names, real(names, *a, **k))))
                        or real(names, *a, **k))
    monkeypatch.setattr(report_build, "CHART_THEMES", 2)  # the impact chart draws two of the three
    frame = pd.DataFrame({"tienda": every * 20, "cx_status": "ok", "cx_touchpoints": "delivery",
                          "cx_sentiment": ["negative", "positive", "neutral", "negative"] * 15,
                          "nps": [0, 10, 6, 9, 3, 10, 8, 2, 10, 7, 1, 9] * 5})
    build_report(frame, nps="nps", by="tienda", period=None, min_n=5)
    # The impact chart's two, numbered as the table's three are on a chart that draws them all (the matrix).
    assert [d for d in drawn if set(d) <= set(every)] == [{"Envío 🚚": "Envío (2)", "Envío 🛵": "Envío (3)"}], drawn
    assert charts.chart_names(every, among=every) == charts.chart_names(every) == ["Envío (1)", "Envío (2)", "Envío (3)"]


def test_a_right_to_left_name_is_not_drawn_backwards_on_a_chart(monkeypatch):
    """matplotlib draws characters in the order they are stored, so a Hebrew or Arabic theme read backwards on a chart
    beside the table that writes it in a <bdi>. Chart names are put in the order they are drawn: a right-to-left run
    reversed, digits and Latin words inside it kept left to right, brackets mirrored; a name without one as it is."""
    from cxnlp.report import charts

    assert charts.short_name("שלום") == "םולש"
    assert charts.short_name("שלום עולם") == "םלוע םולש"
    assert charts.short_name("Zona שלום עולם 2") == "Zona 2 םלוע םולש"
    assert charts.short_name("שלום (תל אביב) 24") == "24 (ביבא לת) םולש"
    assert charts.short_name("مرحبا بك") == "كب ابحرم"
    assert charts.short_name("Envío (tienda) 2") == "Envío (tienda) 2"
    lines = charts.short_name("שלום " * 8).split("\n")  # wrapped first: the first line is still the first words
    assert lines[0] == " ".join(["םולש"] * 6)

    def impact(names):
        return charts.impact_chart(names, [-2.0, 1.0], [True, True], [False, False], xlabel="x", fmt=_num, alt="a")

    drawn = impact(["שלום עולם", "Precio"])
    monkeypatch.setattr(charts, "visual", lambda line: line)  # the same chart of names drawn as they are stored
    assert drawn == impact(["םלוע םולש", "Precio"]) != impact(["שלום עולם", "Precio"])


def test_a_number_in_a_right_to_left_name_keeps_its_order_on_a_chart():
    """The hand-written bidi reversed a number's separators with its digits: "שלום 1.5%" was drawn "%5.1 םולש" and a
    date "02-01-2024"; the chart puts names in order with python-bidi (UAX #9), brackets still mirrored."""
    from cxnlp.report import charts

    assert charts.short_name("שלום 1.5%") == "1.5% םולש"
    assert charts.short_name("שלום 2024-01-02") == "2024-01-02 םולש"
    assert charts.short_name("(שלום)") == "(םולש)"
    assert charts.short_name("Envío 12,5 € (tienda)") == "Envío 12,5 € (tienda)"


def test_themes_of_the_row_status_are_named_in_the_reports_language():
    """--by cx_status showed its themes as ids ("ok", "not_spanish") in a Spanish or English report, while the
    header's line of comments not classified named them ("no en español"); each status is named, in the report's
    language, and a name given for it still wins; a status of one's own keeps its id."""
    from cxnlp.report.page import Page
    from cxnlp.report.strings import EN_STATUS_NAMES
    from cxnlp.schema import STATUS_NAMES, STATUSES

    assert set(STATUS_NAMES) == set(EN_STATUS_NAMES) == set(STATUSES)
    frame = pd.DataFrame({"cx_status": ["ok", "truncated"] * 20, "cx_sentiment": "negative",
                          "cx_touchpoints": "delivery", "nps": [2, 9, 10, 5] * 10})
    for lang, shown in [("es", ("Clasificado", "Clasificado (recortado)")), ("en", ("Classified", "Classified (truncated)"))]:
        html = build_report(frame, nps="nps", by="cx_status", lang=lang, period=None, key_drivers=False, min_n=5)
        assert all(f'<th scope="row">{name}</th>' in html for name in shown), lang
        assert not re.search(r'<th scope="row">(ok|truncated)</th>', html), lang
    row = pd.Series({"cx_status": "empty"})  # (themes are of classified comments: the summarize table's names)
    assert Page(None, "es", 1, []).name(row, ["cx_status"]) == "En blanco"
    assert Page(None, "en", 1, [], {"empty": "No answer"}).name(row, ["cx_status"]) == "No answer"
    assert Page(None, "en", 1, []).name(pd.Series({"cx_status": "spam"}), ["cx_status"]) == "spam"


def test_a_trend_of_one_period_draws_its_interval():
    """A survey of one day (or month) has one period: the band of a trend needs two points, and the bar drawn for a
    point alone was left out when there was only one, so the chart showed a bare dot where its lead promised the
    95% interval. The lone period's interval is drawn as a bar, as a point between blank periods is."""
    from cxnlp.report import charts

    def svg(periods, value, low, high):
        series = [{"title": "NPS", "value": np.array(value), "low": np.array(low), "high": np.array(high),
                   "ylim": (-100, 100), "digits": 0, "signed": True}]
        return charts.trend_chart(periods, series, fmt=_num, alt="a")

    assert re.search(r'id="c\w+-LineCollection_', svg(["jul 2024"], [-2.0], [-13.0], [10.0]))
    assert not re.search(r'id="c\w+-LineCollection_', svg(["jul 2024", "ago 2024"], [-2.0, 4.0], [-13.0, -6.0],
                                                           [10.0, 14.0]))  # a band joins two points: no bar


def test_a_trend_of_net_sentiment_does_not_promise_an_interval(survey):
    """With no score column (or none with answers) the trend draws net sentiment, which has no interval, under a lead
    that said "each metric by period, with its 95% confidence interval (shaded band)"; it says what is drawn."""
    def lead(html):
        return re.search(r'<section id="trend">.*?<p class="lead">(.*?)</p>', html, re.S).group(1)

    for lang, says in [("es", "Sentimiento neto de los comentarios por periodo"), ("en", "Net sentiment of the comments")]:
        net = lead(build_report(survey, date="Fecha", lang=lang))
        assert net.startswith(says) and "95" not in net, lang
    assert "95" in lead(build_report(survey, nps="NPS", date="Fecha"))
    blank = lead(build_report(survey.assign(NPS=""), nps="NPS", date="Fecha", lang="en"))  # a score, no answers
    assert blank.startswith("Net sentiment of the comments")


def test_the_key_drivers_note_says_a_theme_in_all_but_a_few_responses_is_left_out_for_that():
    """app in 298 of 300 comments was ranked first and put in a quadrant on the 2 responses without it."""
    rng = np.random.default_rng(0)
    parts = [[t for t, on in (("delivery", rng.random() < .4), ("price", rng.random() < .4), ("app", i >= 2)) if on]
             or ["support"] for i in range(300)]
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["|".join(p) for p in parts],
                          "nps": rng.integers(0, 11, 300)})
    for lang, said in (("es", "También en cursiva, los temas que mencionan todas las respuestas salvo menos de 30: "
                              "quedan muy pocas con qué compararlos, así que quedan fuera del modelo."),
                       ("en", "Also in italics, themes that all responses but fewer than 30 mention: too few are "
                              "left to compare them with, so they are left out of the model.")):
        html = build_report(frame, nps="nps", min_n=30, period=None, lang=lang)
        section = re.search(r'<section id="key-drivers">(.*?)</section>', html, re.S).group(1)
        assert said in section
