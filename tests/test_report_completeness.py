"""The HTML report leaves nothing out without a word (every theme, every period, dates it could not read)
and is written only where a report goes, never over the survey it was made from."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from cxnlp.exceptions import ConfigError
from cxnlp.report import LANGS, build_report, write_report


def _answers(n: int = 40) -> pd.DataFrame:
    return pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["negative", "positive"] * (n // 2),
                         "cx_touchpoints": ["delivery", "app"] * (n // 2), "nps": [2, 10, 9, 5] * (n // 4)})


def _section(html: str, name: str) -> str:
    return re.search(rf'<section id="{name}">(.*?)</section>', html, re.S).group(1)


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


# -- every theme ----------------------------------------------------------------------------------
def _stores(n: int = 1200, stores: int = 20) -> pd.DataFrame:
    """Answers from ``stores`` stores over six months; one row in seven names no store, so that the
    stores' effects can be told apart from the baseline."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"tienda": [f"Tienda {i % stores + 1:02d}" for i in range(n)], "cx_status": "ok",
                          "cx_sentiment": rng.choice(["positive", "negative", "neutral"], n),
                          "cx_touchpoints": "store", "nps": rng.integers(0, 11, n),
                          "fecha": [f"2024-{1 + i * 6 // n:02d}-15" for i in range(n)]})
    frame.loc[::7, "tienda"] = None
    return frame


def _rows(section: str) -> list[str]:
    return re.findall(r'<th scope="row">(.*?)</th>', section)


@pytest.fixture(scope="module")
def twenty_stores() -> dict[str, str]:
    return {lang: build_report(_stores(), by="tienda", nps="nps", lang=lang, min_n=30) for lang in LANGS}


def test_every_theme_is_in_the_tables(twenty_stores):
    """The table "Indicadores por tema" kept the 16 themes of largest impact, the key drivers' table the 16 most
    important, "what changed" the 12 largest and the heat table 8: with 20 stores, some vanished without a word."""
    stores = {f"Tienda {k:02d}" for k in range(1, 21)}
    html = twenty_stores["es"]
    drivers = _section(html, "drivers")
    assert set(_rows(drivers)) == stores and len(_rows(drivers)) == 20
    assert set(_rows(_section(html, "key-drivers"))) == stores
    assert set(_rows(_section(html, "changes"))) == stores
    heat = re.search(r'<table class="data heat".*?</table>', _section(html, "trend"), re.S).group(0)
    assert set(_rows(heat)) == stores


def test_every_theme_is_in_the_signal_tables():
    """The effort, churn and escalation table and the emotions table kept the 16 largest themes, without a note: the
    smallest of 20 stores, which held every churn-risk and escalation comment, was in neither."""
    frame = _stores()
    rng = np.random.default_rng(1)
    frame["cx_effort"] = rng.choice(["high", "low", "none"], len(frame))
    frame["cx_emotions"] = rng.choice(["anger", "gratitude", ""], len(frame))
    frame["cx_churn_risk"] = frame["cx_escalation"] = "no"
    small = frame.index[frame["tienda"] == "Tienda 20"][-25:]
    frame.loc[frame["tienda"].eq("Tienda 20") & ~frame.index.isin(small), "tienda"] = "Tienda 01"
    frame.loc[small, ["cx_churn_risk", "cx_escalation"]] = "yes"
    stores = {f"Tienda {k:02d}" for k in range(1, 21)}
    for lang in LANGS:
        signals = _section(build_report(frame, by="tienda", nps="nps", lang=lang, min_n=30, period=None), "signals")
        effort = re.search(r'<table class="data signals".*?</table>', signals, re.S).group(0)
        emotions = re.search(r'<table class="data heat emotions".*?</table>', signals, re.S).group(0)
        assert set(_rows(effort)) == stores and set(_rows(emotions)) == stores


def test_a_chart_that_draws_fewer_themes_than_its_table_says_so(twenty_stores):
    notes = {"es": ("El gráfico muestra 16 de los 20 temas: como mucho 16, los de mayor impacto",
                    "La matriz muestra los 16 temas más importantes de los 20 del modelo; la tabla los muestra todos."),
             "en": ("The chart shows 16 of the 20 themes: at most 16, those of largest impact",
                    "The matrix shows the 16 most important of the model's 20 themes; the table shows them all.")}
    for lang, (impact, matrix) in notes.items():
        html = twenty_stores[lang]
        assert impact in _section(html, "drivers") and matrix in _section(html, "key-drivers")
    few = build_report(_stores(stores=5), by="tienda", nps="nps", min_n=30)  # every theme drawn: no note
    assert "El gráfico muestra" not in few and "La matriz muestra" not in few


def test_lists_and_tables_cut_to_their_latest_or_largest_say_how_many_more():
    # ten stores, each of them worse in August: twenty notable changes (NPS and net sentiment), eight listed
    frame = pd.DataFrame({"tienda": [f"Tienda {i % 10:02d}" for i in range(800)], "cx_status": "ok",
                          "cx_touchpoints": "store", "fecha": ["2024-07-10"] * 400 + ["2024-08-10"] * 400,
                          "cx_sentiment": ["positive"] * 400 + ["negative"] * 400, "nps": [10] * 400 + [0] * 400})
    html = build_report(frame, by="tienda", nps="nps", min_n=30, key_drivers=False)
    changes = _section(html, "changes")
    assert changes.count("<li>") == 8 and "Y 12 cambios destacados más, marcados con ↑ o ↓ en la tabla." in changes
    english = build_report(frame, by="tienda", nps="nps", min_n=30, key_drivers=False, lang="en")
    assert "And 12 more notable changes, marked ↑ or ↓ in the table." in _section(english, "changes")
    # fourteen months: the heat table shows the last twelve, and says so
    months = pd.date_range("2023-07-01", periods=14, freq="MS").strftime("%Y-%m-15").tolist()
    frame = _stores(1400, stores=3).assign(fecha=[months[i * 14 // 1400] for i in range(1400)])
    for lang, note in (("es", "La tabla muestra los últimos 12 de los 14 periodos; el gráfico, todos."),
                       ("en", "The table shows the last 12 of the 14 periods; the chart shows them all.")):
        trend = _section(build_report(frame, by="tienda", nps="nps", min_n=30, lang=lang, key_drivers=False), "trend")
        heat = re.search(r'<table class="data heat".*?</table>', trend, re.S).group(0)
        assert heat.count('<th scope="col" class="r">') == 12 and note in trend


def test_a_theme_without_an_impact_is_in_the_table_not_the_chart():
    # every respondent mentions the store: "without the theme" is nobody, so it has no impact to draw
    frame = pd.DataFrame({"cx_status": "ok", "cx_sentiment": ["positive", "negative"] * 40,
                          "cx_touchpoints": ["store|app", "store"] * 40, "nps": [10, 2] * 40})
    drivers = _section(build_report(frame, nps="nps", min_n=5, period=None), "drivers")
    assert _rows(drivers) == ["Aplicación móvil", "Tienda o sucursal"]
    assert "El gráfico muestra 1 de los 2 temas" in drivers


def test_one_theme_for_every_respondent_keeps_its_table_and_its_quotes():
    """by="País" on a one-country file (every respondent in one theme, so no impact): "Qué mueve el NPS" vanished
    and "Qué dicen los clientes" said no theme had enough comments."""
    frame = pd.DataFrame({"pais": "México", "cx_status": "ok", "cx_sentiment": ["negative", "positive"] * 20,
                          "cx_touchpoints": "delivery", "nps": [2, 10] * 20,
                          "texto": ["El envío llegó tarde", "Todo perfecto con el envío"] * 20})
    for lang, says in (("es", "Ningún tema tiene un impacto calculable"),
                       ("en", "No theme has an impact that can be computed")):
        html = build_report(frame, by="pais", nps="nps", text="texto", min_n=5, period=None, lang=lang)
        drivers = _section(html, "drivers")
        assert _rows(drivers) == ["México"] and says in drivers and "<svg" not in drivers
        # the dash hidden from a screen reader, which reads "sin valor" / "no value" instead
        assert re.search(r"México</th>.*?<td class=\"r\"><span aria-hidden=\"true\">–</span>"
                         r"<span class=\"visually-hidden\">(sin valor|no value)</span> ", drivers, re.S)
        verbatims = _section(html, "verbatims")
        assert "México" in verbatims and "<blockquote" in verbatims


# -- dates ------------------------------------------------------------------------------------------
def test_a_date_column_with_no_readable_date_is_named_not_called_missing():
    """--date Fecha with no readable date in it said "No date column was found; name it with --date"."""
    frame = _answers().assign(Fecha=["ayer", "01-agx-2024", "", "<b>?</b>"] * 10)
    for lang, said in (("es", "Las 40 fechas de la columna «Fecha» no se pudieron leer (vacías, ilegibles o fuera de "
                               "1900–2100), así que no hay evolución. Sin leer: «ayer», «01-agx-2024», "
                               "«&lt;b&gt;?&lt;/b&gt;»."),
                       ("en", "None of the 40 dates in column “Fecha” could be read (blank, unreadable or outside "
                              "1900–2100), so there is no trend. Not read: “ayer”, “01-agx-2024”, "
                              "“&lt;b&gt;?&lt;/b&gt;”.")):
        for date in ("Fecha", None):  # given, or found by its name
            trend = _section(build_report(frame, nps="nps", date=date, min_n=5, lang=lang), "trend")
            assert said in trend and "--date" not in trend
    one = _section(build_report(frame.head(1), nps="nps", min_n=1), "trend")
    assert "La única fecha de la columna «Fecha» no se pudo leer" in one
    assert "No se encontró una columna de fecha" in _section(build_report(_answers(), nps="nps", min_n=5), "trend")


def test_cells_of_a_date_column_named_as_not_read_are_redacted():
    """The cells the trend names as not read were shown as written, where summarize's and changes' lines redact
    them: a phone or an e-mail typed in the date column reached the report in clear."""
    frame = _answers().assign(Fecha=["llamar al 612 345 678", "juan.perez@gmail.com", "", "x" * 500] * 10)
    trend = _section(build_report(frame, nps="nps", date="Fecha", min_n=5), "trend")
    assert "612 345 678" not in trend and "juan.perez" not in trend
    assert "«llamar al [TELÉFONO]»" in trend and "«[EMAIL]»" in trend and "«" + "x" * 40 + "...»" in trend


def test_months_without_responses_are_blank_in_the_trend_not_left_out():
    """Two waves, July-August and December: the chart drew July, August and December one step apart, joined by a
    line, and its table listed three months in a row, with no word about September to November."""
    frame = pd.DataFrame({"fecha": ["2024-07-10"] * 40 + ["2024-08-10"] * 40 + ["2024-12-10"] * 40,
                          "nps": [9, 10, 3, 7] * 30, "cx_status": "ok", "cx_sentiment": "positive",
                          "cx_touchpoints": "app"})
    for lang, months, note in (
            ("es", ["jul 2024", "ago 2024", "sep 2024", "oct 2024", "nov 2024", "dic 2024"],
             "3 periodos sin respuestas (sep 2024, oct 2024, nov 2024): quedan en blanco en el gráfico, sin línea "
             "que los cruce."),
            ("en", ["Jul 2024", "Aug 2024", "Sep 2024", "Oct 2024", "Nov 2024", "Dec 2024"],
             "3 periods without responses (Sep 2024, Oct 2024, Nov 2024) are left blank in the chart, with no line "
             "across them.")):
        trend = _section(build_report(frame, nps="nps", min_n=5, lang=lang), "trend")
        data = re.search(r'id="trend-data".*?</table>', trend, re.S).group(0)
        rows = re.findall(r'<th scope="row">(.*?)</th><td class="r">(.*?)</td><td class="r">(.*?)</td>', data)
        assert [month for month, _, _ in rows] == months
        hidden = "sin valor" if lang == "es" else "no value"  # the dash, as a screen reader reads it
        dash = f'<span aria-hidden="true">–</span><span class="visually-hidden">{hidden}</span>'
        assert [(n, value) for _, n, value in rows[2:5]] == [("0", dash)] * 3 and "[" in rows[1][2]
        assert note in trend
        heat = re.search(r'<table class="data heat".*?</table>', trend, re.S).group(0)
        assert re.findall(r'<th scope="col" class="r">(.*?)</th>', heat) == months
    single = frame.assign(fecha=["2024-07-10"] * 40 + ["2024-09-10"] * 40 + ["2024-10-10"] * 40)
    assert "1 periodo sin respuestas (ago 2024): queda en blanco" in build_report(single, nps="nps", min_n=5)


def test_the_trend_chart_breaks_its_line_at_a_blank_period(monkeypatch):
    from cxnlp.report import charts

    drawn = []
    monkeypatch.setattr(charts, "to_svg", lambda fig, alt, table=None: drawn.append(fig) or "")  # the figure itself
    value = np.array([30.0, 40.0, np.nan, np.nan, 20.0])
    charts.trend_chart(list("abcde"), [{"title": "NPS", "value": value, "low": value - 10, "high": value + 10,
                                        "ylim": (-100, 100), "digits": 0, "signed": True}],
                       fmt=lambda v, digits=0, signed=False: f"{v:.{digits}f}", alt="NPS")
    ax = drawn[0].axes[0]
    line = ax.get_lines()[0]
    assert list(line.get_xdata()) == [0, 1, 2, 3, 4]  # five periods, two of them blank
    assert np.isnan(line.get_ydata()[2:4]).all()  # NaN: matplotlib draws no segment through them
    assert len(ax.collections) == 2  # the band, and the interval of December, alone between blanks, as a bar


def test_trend_values_at_the_top_of_the_scale_stay_clear_of_the_title(monkeypatch):
    """The axis ends at the top of the scale, so a month at CSAT 100 % had its value written 7 points above it,
    over the panel's title, and its marker cut in half by the axes' edge."""
    from cxnlp.report import charts

    drawn = []
    monkeypatch.setattr(charts, "to_svg", lambda fig, alt, table=None: drawn.append(fig) or "")
    top, low = np.array([100.0, 100.0, 96.0, 100.0]), np.array([88.0, 90.0, 80.0, 91.0])
    middle = np.array([40.0, 55.0, 50.0, 45.0])
    charts.trend_chart(list("abcd"), [
        {"title": "CSAT · % de satisfechos (4–5 de 1–5)", "value": top, "low": low, "high": top,
         "ylim": (0, 100), "digits": 1, "signed": False},
        {"title": "NPS", "value": middle, "low": middle - 10, "high": middle + 10, "ylim": (-100, 100),
         "digits": 0, "signed": True}], fmt=lambda v, digits=0, signed=False: f"{v:.{digits}f}", alt="trend")
    fig = drawn[0]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    for ax in fig.axes:
        title = ax.title.get_window_extent(renderer)
        labels = [text for text in ax.texts if text.get_text()]
        assert len(labels) == 4
        assert not any(text.get_window_extent(renderer).overlaps(title) for text in labels)
        assert not ax.get_lines()[0].get_clip_on()
    # Labels go under a point only where the room above it is short: the NPS panel's stay above their points.
    assert all(text.get_position()[1] > 0 for text in fig.axes[1].texts)


def test_the_points_drawn_carry_their_values_whatever_the_blank_periods_between():
    """Values were written on every point only when the axis held 12 periods or fewer, blank ones included: seven
    points on fifteen periods (two waves, blank months between them) kept only the last value; the number of
    points drawn decides."""
    from cxnlp.report import charts

    drawn = []
    value = np.array([30.0, 40.0, 35.0, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, 20.0, 25.0, 28.0,
                      np.nan, 31.0])
    charts.to_svg, original = (lambda fig, alt, table=None: drawn.append(fig) or ""), charts.to_svg
    try:
        for values in (value, np.arange(20.0)):
            charts.trend_chart([str(k) for k in range(len(values))],
                               [{"title": "NPS", "value": values, "low": values - 10, "high": values + 10,
                                 "ylim": (-100, 100), "digits": 0, "signed": True}],
                               fmt=lambda v, digits=0, signed=False: f"{v:.{digits}f}", alt="NPS")
    finally:
        charts.to_svg = original
    assert sorted(float(t.get_text()) for t in drawn[0].axes[0].texts) == sorted(value[np.isfinite(value)])
    assert [t.get_text() for t in drawn[1].axes[0].texts] == ["19"]  # twenty points: the last one's value only


def test_a_far_away_cluster_of_dates_cuts_the_trend_axis_instead_of_blank_years():
    """Twelve answers whose year was typed 2014 among 1,200 of July to December 2024 (6 % of a month: not stray)
    drew 130 months, 123 of them blank, and 565 weeks, the half-year squeezed into the right edge. A run of blank
    periods longer than the periods with responses is cut: one slot "⋯", named with each stretch's responses."""
    rng = np.random.default_rng(0)
    fecha = pd.date_range("2024-07-01", "2024-12-31", periods=1200).strftime("%d/%m/%Y").tolist()
    fecha[:12] = ["15/03/2014"] * 12
    frame = pd.DataFrame({"fecha": fecha, "nps": rng.integers(0, 11, 1200), "cx_status": "ok",
                          "cx_sentiment": rng.choice(["positive", "negative"], 1200),
                          "cx_touchpoints": rng.choice(["app", "delivery", "support"], 1200)})
    for lang, period, first, cut, note in (
            ("es", "month", ("mar 2014", "12"), ("abr 2014 – jun 2024", "0"),
             "123 periodos sin respuestas (abr 2014 – jun 2024) no se dibujan: el eje se corta ahí (⋯), porque en "
             "blanco ocuparían más que los periodos con respuestas. Respuestas de cada tramo: mar 2014: 12; "
             "jul 2024 – dic 2024: 1.188."),
            ("en", "week", ("W11/14", "12"), ("W12/14 – W26/24", "0"),
             "537 periods without responses (W12/14 – W26/24) are not drawn: the axis is cut there (⋯), as blank they "
             "would take more room than the periods with responses. Responses in each stretch: W11/14: 12; "
             "W27/24 – W01/25: 1,188.")):
        trend = _section(build_report(frame, nps="nps", period=period, min_n=10, lang=lang), "trend")
        data = re.search(r'id="trend-data".*?</table>', trend, re.S).group(0)
        rows = re.findall(r'<th scope="row">(.*?)</th><td class="r">(.*?)</td>', data)
        assert rows[:2] == [first, cut] and len(rows) == (8 if period == "month" else 29)
        assert note in trend and "sin respuestas (" + cut[0] not in trend.replace(note, "")
        heat = re.search(r'<table class="data heat".*?</table>', trend, re.S).group(0)
        assert "–" not in "".join(re.findall(r'<th scope="col" class="r">(.*?)</th>', heat))  # real periods only
    # An ordinary gap is still drawn blank: July, August and December leave September to November blank (above);
    # two waves a year apart, six months, cut their nine blank months.
    months = ["2024-01", "2024-02", "2024-03", "2025-01", "2025-02", "2025-03"]
    waves = pd.DataFrame({"fecha": [f"{m}-10" for m in months for _ in range(40)], "nps": [9, 10, 3, 7] * 60,
                          "cx_status": "ok", "cx_sentiment": "positive", "cx_touchpoints": "app"})
    assert "9 periodos sin respuestas (abr 2024 – dic 2024) no se dibujan" in build_report(waves, nps="nps", min_n=5)
