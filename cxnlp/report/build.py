"""From a classified survey to the report's HTML: summaries, then what each section shows, then
the templates (``templates/*.html.j2``).

The section functions (below, and in the ``sections_*`` and ``_sections_*`` modules, such as ``_sections_kpis`` for
the score cards) turn summaries into plain values (numbers already formatted in the report's language); the templates
lay them out. Jinja escapes every value it writes, so text from the data (comments, column names, labels, theme
values, the title) never becomes markup; only our own strings (``strings.py``), the charts and the highlighted comments
are ``Markup``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import __version__
from .._arrow_views import without_views
from ..columns import AXIS_COLUMNS, AXIS_NAMES, DATE_COLUMN_CANDIDATES, detect_column, find_column, unique_outputs
from ..exceptions import ConfigError, DataError, path_argument, shown_value, type_name
from ..io import atomic_path
from ..io.common import check_not_a_standard_stream, folder_output
from ..metrics import Metric, metric_columns, summarize
from ..metrics.periods import (AUTO_PERIOD, PERIODS, check_period_name, chosen_period, days_and_quarters,
                             order_guessed)
from ..metrics.summary import SCORE_KEYWORDS
from ..metrics.themes import LABELLED_STATUSES, blank_columns, labelled_rows, resolve_by
from . import charts, sections_insights, sections_signals, sections_trend
from ._sections_kpis import _kpis
from ._sections_method import method_note
from ._sections_quotes import sentiment_unquotable, text_column, verbatims
from ._sections_sentiment import areas, sentiment
from .page import MISSING, Page, largest_remainder, names_for, read_label_names, spoken_missing, tone, unit
from .strings import STRINGS

LANGS = tuple(STRINGS)
#: What an HTML report's file name ends in: ``write_report(df, "encuesta.csv")`` wrote HTML over the survey it read.
HTML_SUFFIXES = (".html", ".htm")
CHART_THEMES = 16  # the impact chart draws the themes of largest impact only, and says so; its table holds every theme
# Marks <html data-charts-rendered="N"> with the number of charts the browser laid out with
# visible content, so a headless browser can check the report renders (tests/test_report.py).
RENDER_CHECK = Markup("document.documentElement.dataset.chartsRendered=[...document.querySelectorAll('svg.chart')]"
                      ".filter(s=>{const b=s.getBoundingClientRect();return b.width>50&&b.height>30&&"
                      "s.querySelectorAll('path,use').length>5}).length;")

_TEMPLATES = Environment(loader=PackageLoader("cxnlp.report", "templates"), autoescape=True, finalize=spoken_missing,
                         undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
_TEMPLATES.globals["missing"] = MISSING  # a cell with no value: ``{{ missing }}``, read as such (``spoken_missing``)


class Report(NamedTuple):
    """A report as ``make_report`` builds it: its HTML, and the summary behind it (``summarize`` by the report's
    ``by``, and by its trend's period too where it has a trend), whose ``attrs`` say what each metric excluded and
    how the dates were read."""

    html: str
    summary: pd.DataFrame

    __hash__ = None  # type: ignore[assignment]  # (its summary is not hashable)

    def __eq__(self, other) -> bool:
        """The pages as text and the summaries by ``DataFrame.equals`` (their ``attrs`` not compared): the tuple's
        own ``==`` asked a DataFrame for its truth value and raised ValueError, so two reports could not be compared.
        A plain ``(html, summary)`` pair compares as a report does."""
        if not isinstance(other, tuple):
            return NotImplemented
        return (len(other) == 2 and self.html == other[0] and isinstance(other[1], pd.DataFrame)
                and self.summary.equals(other[1]))

    def __ne__(self, other) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal


def build_report(frame: pd.DataFrame, **kwargs) -> str:
    """The HTML report of a classified survey, as a string: ``make_report(frame, **kwargs).html`` (see
    ``make_report`` for the parameters)."""
    return make_report(frame, **kwargs).html


def make_report(frame: pd.DataFrame, *, metrics=None, by: str | Iterable[str] = "touchpoints",
                period: str | None = AUTO_PERIOD, date: str | None = None, text: str | None = None, min_n: int = 30,
                lang: str = "es", title: str | None = None, top: int = 6, dayfirst: bool | None = None,
                compare=None, label_names=None, key_drivers: bool = True, redact: bool = True, **scores) -> Report:
    """The HTML report of a classified survey, and the summary behind it (``build_report`` gives the HTML only).

    Parameters
    ----------
    frame : classified DataFrame (``Model.classify_frame`` output with the survey's score columns).
    metrics : ``{column: metric}`` as in ``summarize``; the first metric given is the one whose
        drivers are charted.
    **scores : ``nps``, ``csat``, ``ces`` (score columns, before ``metrics``) and ``csat_scale``,
        ``csat_cutoff``, ``csat_method``, ``ces_scale``, ``ces_method``, ``ces_cutoff`` (see ``cxnlp.metrics``).
    by : themes of the drivers chart (see ``summarize``).
    period, date : trend by "week", "month" or "quarter" of the ``date`` column (detected when None), or "auto": by
        quarter where the column holds quarter labels ('T3 2024'), else by month; the trend is left out when the
        table has no date column, or when ``period`` is None.
    text : comment column for the verbatims (detected when None).
    min_n : themes with fewer responses (rows that carry the theme) are shown but marked.
    lang : "es" or "en".
    title : report title; a default in ``lang`` when None.
    top : number of themes with verbatims, a whole number from 1.
    dayfirst : how to read 05/01/2024 in the date column (see ``summarize``); decided from the data when None.
    compare : the two periods of "what changed" (``cxnlp.changes``' ``period``): a pair of period labels or
        date ranges, compared as given; or "week", "month", "quarter" (or "auto", as ``changes`` reads it), the last
        two such periods that can be compared, those passed over named; None: as that, with the trend's ``period``.
    label_names : display names of labels: ``{label: name}`` (or ``{"es": {...}, "en": {...}}``), a
        .json/.csv file of them (``page.read_label_names``), or a list of those (later ones win);
        other labels show their schema name, or the label itself.
    key_drivers : include the key drivers (priority matrix) of the first metric.
    redact : replace personal data in the verbatims with placeholders (``cxnlp.pii``).

    Returns
    -------
    Report
        ``html``, the page; ``summary``, the summary its sections start from: by ``by``, and by period where the
        report has a trend.
    """
    if not isinstance(frame, pd.DataFrame):  # (an AttributeError on frame.columns before)
        raise DataError(f"the report expects a pandas DataFrame (Model.classify_frame's output), got "
                        f"{type_name(frame)}.")
    if not isinstance(lang, str) or lang not in LANGS:  # (a Series: 'truth value ... is ambiguous')
        raise ConfigError(f"lang {shown_value(lang)} is not supported; expected {' or '.join(map(repr, LANGS))}.")
    check_top(top)
    if title is not None and not isinstance(title, str):  # (0 gave the default title; a list was shown as a list)
        raise ConfigError(f"title: expected the report's title as text (None: a default in lang), got "
                          f"{type_name(title)}.")
    title = " ".join(title.split()) if title else title  # one line; blank (a --title "" from a script): the default
    for name, value in (("key_drivers", key_drivers), ("redact", redact)):
        if not isinstance(value, (bool, np.bool_)):  # as discover's redact: "no", read as text, redacted
            raise ConfigError(f"{name}={shown_value(value)}: expected True or False.")
    if unknown := sorted(set(scores) - set(SCORE_KEYWORDS)):
        # (named for no one function: write_report, build_report and make_report all come here)
        raise TypeError(f"the report got unexpected keyword arguments {unknown}; its score keywords are "
                        f"{', '.join(SCORE_KEYWORDS)}.")
    unique_outputs(frame.columns, "the report")  # (build_report and make_report come here too)
    frame = without_views(frame)  # (Polars' and DuckDB's text: pandas cannot filter it)
    by = list(by) if isinstance(by, Iterator) else by  # every section reads it: a generator, the first one only
    pairs = metric_columns(metrics, **scores)
    if date is not None:  # once, as summarize finds it ('fecha' is 'Fecha'): every section reads frame[date]
        date = find_column(frame.columns, date, "date column")
    summary = partial(summarize, frame, metrics=pairs, min_n=min_n, dayfirst=dayfirst)
    drivers = summary(by=by)
    page = Page(frame, lang, min_n, [(metric, drivers.attrs["metrics"][metric.name]["column"]) for _, metric in pairs],
                names=names_for(lang, *(label_names if isinstance(label_names, (list, tuple)) else [label_names])))
    main = pairs[0][1] if pairs else None

    if period is not None:  # checked before a missing date column drops it: "year" was an error only with dates
        check_period_name(period)
    if (period is not None or compare is not None) and date is None:
        date = detect_column(frame.columns, DATE_COLUMN_CANDIDATES)
        period = period if date is not None else None
    if period is not None and date is not None:
        period = chosen_period(frame[date], period)
    trend = summary(by=None, period=period, date=date) if period else None
    theme_trend = summary(by=by, period=period, date=date) if period else None

    # A column of yours blank in every row leaves no theme: said where the themes' sections would be, as the command
    # line and the key drivers say it (the quotes blamed "too few comments", and "what moves" vanished without a word).
    blank = blank_columns(frame, resolve_by(frame, by), labelled_rows(frame)) if drivers.empty else []
    # Quotes need the comments: a comment column, or the segments' texts (a file saved without its comments).
    quotable = text_column(frame, text) is not None or "cx_segments" in frame
    sections = {"header": _header(page, title, date, dayfirst, blank, trend, quotable), "kpis": _kpis(page),
                "drivers": _drivers(page, drivers, blank, by), "sentiment": None, "areas": None,
                "key_drivers": sections_insights.key_drivers(page, by) if key_drivers and main else None,
                # A pair of periods must be compared; periods named by their length are chosen from the data.
                "changes": sections_insights.what_changed(page, by, compare if compare is not None else period,
                                                          date, dayfirst,
                                                          explicit=compare is not None and not _period_name(compare))}
    if "cx_touchpoints" in frame:
        touch = drivers if drivers.attrs["by"] == ["touchpoints"] else summary(by="touchpoints")
        sections["sentiment"] = sentiment(page, touch)
    if "cx_areas" in frame:
        sections["areas"] = areas(page, summary(by="areas"), main)
    sections["signals"] = sections_signals.signals(page, drivers, text_column(frame, text),
                                                   date or detect_column(frame.columns, DATE_COLUMN_CANDIDATES),
                                                   dayfirst, redact)
    sections["trend"] = sections_trend.trend(page, trend, theme_trend, drivers, main)
    sections["verbatims"] = verbatims(page, drivers, main, text, top, redact)
    sections["method"] = method_note(page, drivers, sections, by)
    html = _TEMPLATES.get_template("report.html.j2").render(
        # the title as markup: a title "–" is text, not a missing value (``spoken_missing``)
        lang=lang, t=page.html, title=escape(title or page.words["title"]), version=__version__,
        render_check=RENDER_CHECK, **sections)
    return Report(html, drivers if theme_trend is None else theme_trend)


def _period_name(spec) -> bool:
    """Whether ``spec`` names a length of period (week, mes..., or "auto", the one the dates split into), not the two
    periods themselves."""
    return isinstance(spec, str) and (spec in PERIODS or spec == AUTO_PERIOD)


def checked_options(lang: str, report: dict | None) -> dict:
    """The report's options checked before any work is done (a command that classifies a file first would
    otherwise find a wrong ``lang`` or an unreadable label-names file only after writing its other outputs):
    ``lang`` is one of ``LANGS``, ``report["top"]`` a whole number from 1, and a label-names file given in
    ``report["label_names"]`` is read, its names in its place."""
    if not isinstance(lang, str) or lang not in LANGS:  # (a Series: 'truth value ... is ambiguous')
        raise ConfigError(f"lang {shown_value(lang)} is not supported; expected {' or '.join(map(repr, LANGS))}.")
    report = dict(report or {})
    if "top" in report:  # a wrong top found by the report, once every row had been classified
        check_top(report["top"])
    if isinstance(report.get("label_names"), (str, Path)):
        report["label_names"] = read_label_names(report["label_names"])
    return report


def check_top(top) -> None:
    """A ``ConfigError`` unless ``top`` (themes with quotes) is a whole number from 1: top="3" was a TypeError, a
    negative top quoted every theme, and 0 said that no theme had enough responses."""
    if not (isinstance(top, (int, np.integer)) and not isinstance(top, bool) and top >= 1):
        raise ConfigError(f"top (themes with quotes) must be a whole number >= 1, got {shown_value(top)}.")


def check_html_folder(path: str | Path) -> Path:
    """``path`` as a Path, or a ``DataError`` asking for a report file inside it when it is a folder. The command line
    checks it before its other outputs, whose advice for a folder is a table's file: ``--html out`` (or ``""``) was
    told "give a file path such as out/salida.csv", a name that ``--html`` then refused."""
    path = path_argument(path, "HTML report")
    if path.is_dir():
        raise folder_output(path, "informe.html")
    return path


def check_html_path(path: str | Path) -> Path:
    """``path`` as a Path, after making sure it names an HTML file (``HTML_SUFFIXES``): a ``ConfigError`` otherwise
    (a folder: ``check_html_folder``). The one rule of ``write_report`` and of the command line's ``--html``."""
    path = check_html_folder(path)
    if path.suffix.lower() not in HTML_SUFFIXES:
        check_not_a_standard_stream(path)  # ('--html -' was told to give a name such as -.html)
        raise ConfigError(f"{path}: an HTML report is written to a file ending in .html or .htm; give a name such as "
                          f"{path.stem or 'informe'}.html (--html on the command line).")
    return path


def write_report(frame: pd.DataFrame, path: str | Path, **kwargs) -> Path:
    """Write ``build_report(frame, **kwargs)`` to ``path`` atomically (UTF-8); returns the path.

    ``path`` must end in .html or .htm (``check_html_path``), checked before any work: any other name is
    a ``ConfigError``, so that a survey's own file is never written over with HTML.
    """
    path = check_html_path(path)
    document = build_report(frame, **kwargs)
    with atomic_path(path) as tmp:
        tmp.write_text(document, encoding="utf-8")
    return path


# -- sections: each returns what its template shows, or None to leave it out -------------------
def _header(page: Page, title, date, dayfirst, blank: list, trend: pd.DataFrame | None, quotable: bool) -> dict:
    """The header; its span of dates is the trend's, without the stray periods it leaves out, which it names.
    ``quotable``: the table has comments to quote (a table without them blamed themes too small to quote)."""
    frame = page.frame
    n_comments = int(frame["cx_status"].isin(LABELLED_STATUSES).sum()) if "cx_status" in frame else 0
    # A table never classified (a plain survey by a column of yours) is no "0 classified comments": said as such. One
    # with labels but no cx_status (saved without it) is classified: every row's labels are read, as summarize counts.
    comments = (page.count("comments", n_comments) if "cx_status" in frame
                else page.count("comments", len(frame)) if any(column in frame for column in AXIS_COLUMNS.values())
                else page.html["comments_not_classified"])
    parts = [page.count("responses", len(frame)), comments]
    if date is not None:
        days, quarter = days_and_quarters(frame[date], dayfirst)
        stray = sections_trend.stray_rows(frame[date], trend)
        dated = np.flatnonzero(~np.isnat(days) & ~stray)
        if dated.size:
            first, last = dated[np.argmin(days[dated])], dated[np.argmax(days[dated])]
            span = [page.day_or_quarter(days[first], quarter[first]), page.day_or_quarter(days[last], quarter[last])]
            parts.append(" – ".join(dict.fromkeys(span)))  # one day once: "1 jul 2024", not "1 jul 2024 – 1 jul 2024"
        if stray.any():
            periods = ", ".join(page.period(p) for p in sections_trend.stray_periods(trend))
            parts.append(page.count("header_stray", int(stray.sum()), periods=periods))
        if dayfirst is None and order_guessed(frame[date]):  # a US export month first would be read wrong: said
            parts.append(page.words["dates_dayfirst"])
    today = page.date(np.datetime64(_dt.date.today()))
    unclassified = _unclassified(page)
    return {"meta": parts, "generated": page.tr("generated", date=today, version=__version__),
            "unclassified": page.tr("unclassified", parts=unclassified) if unclassified else None,
            "no_verbatims": (page.tr("no_verbatims_unclassified", parts=unclassified) if unclassified and not n_comments
                             else page.tr("no_verbatims_blank", columns=page.columns(blank)) if blank
                             # quotes are picked by their sentiment: without one, none (not "too few responses")
                             else page.html["no_verbatims_sentiment"] if "cx_sentiment" not in frame
                             else page.html["no_verbatims_text"] if not quotable
                             else page.html[sentiment_unquotable(frame) or "no_verbatims"])}


def _unclassified(page: Page) -> Markup | None:
    """The comments left out of every theme, counted by their ``cx_status`` and named ("7 no en español"), largest
    first; None when every comment was classified. A survey in English gave an empty report that only said "0
    comentarios clasificados" and blamed too few comments for its missing quotes."""
    if "cx_status" not in page.frame:
        return None
    status = page.frame["cx_status"]
    counts = status[status.notna() & ~status.isin(LABELLED_STATUSES)].astype(str).value_counts(sort=False)
    if counts.empty:
        return None
    # A status given a display name (--labels-file {"empty": "Sin respuesta"}) shows by it, as --by cx_status
    # shows 'ok': the names of the statuses were accepted as shown, and no page showed them.
    parts = [page.tr("status_other", n=page.num(n, 0), status=page.label(name)) if _named_status(page, name)
             else page.tr(f"status_{name}", n=page.num(n, 0)) if f"status_{name}" in page.html
             else page.tr("status_other", n=page.num(n, 0), status=name)
             for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return Markup(", ").join(parts)


def _named_status(page: Page, status: str) -> bool:
    """Whether a display name is given for ``status`` (as ``Page.label`` looks it up)."""
    return status.strip().lower() in page.names


def _drivers(page: Page, s, blank: list, by_given) -> dict | None:
    """Impact of each theme on the first metric (chart), and every metric by theme (table); only why there is none
    where ``blank`` columns of yours leave no theme. ``by_given``: ``by`` as given (``s.attrs["by"]`` names it)."""
    if page.measures and blank:
        return {"metric": page.measures[0][0].label, "blank": page.tr("drivers_blank", columns=page.columns(blank))}
    if not page.measures or s.empty:
        return None  # the headline already says that no score column was given
    main = page.measures[0][0]
    m, by, words = main.name, s.attrs["by"], page.words
    impact = s[f"{m}_impact"]
    # The table holds every theme (20 stores were cut to 16 without a word), those without an impact last; the
    # chart, the CHART_THEMES of largest impact either way, and a note when that is not all of them.
    s = s.sort_values(f"{m}_impact", na_position="last", kind="stable")
    drawn = s.loc[impact.dropna().abs().sort_values(ascending=False, kind="stable").index[:CHART_THEMES]]
    drawn = drawn.sort_values(f"{m}_impact", kind="stable")
    names = {i: page.name(r, by) for i, r in s.iterrows()}
    # No theme with an impact (one theme that every respondent is in, every score blank): no chart, but the table
    # still holds every theme, with "–", and a note says why nothing is drawn.
    svg = charts.impact_chart([names[i] for i in drawn.index], drawn[f"{m}_impact"],
                              drawn[f"{m}_impact_significant"], drawn["below_min_n"],
                              xlabel=words["impact_axis"].format(metric=main.label), fmt=page.num,
                              digits=page.impact_digits(main), among=list(names.values()),
                              alt=words["drivers_title"].format(metric=main.label),
                              table="drivers-table") if len(drawn) else None
    has_sentiment = s["net_sentiment"].notna().any()  # without cx_sentiment, no column of "–"
    # Themes that split the responses (one value of a column per row) show shares adding up to 100, as the
    # sentiment table does: 31 + 9 + 13 + 15 + 15 + 18 read as 101 %.
    shares = pd.Series(largest_remainder(s["share"]) if np.isclose(s["share"].sum(), 100) else s["share"],
                       index=s.index)
    rows = [{"small": bool(r["below_min_n"]), "name": names[i], "n": page.num(r["n"], 0),
             "share": page.num(shares[i], 0),
             "metrics": [_metric_cells(page, metric, r) for metric, _ in page.measures],
             "net": page.num(r["net_sentiment"], 0, True) if has_sentiment else None}
            for i, r in s.iterrows()]
    shown = (page.tr("drivers_chart_note", shown=page.num(len(drawn), 0), total=page.num(len(s), 0),
                     limit=page.num(CHART_THEMES, 0)) if 0 < len(drawn) < len(s) else None)
    # by=None: one row of every response, a comment or not ("Comentarios: 240" beside 180 comments)
    count = page.html["comments_axis"] if by and all(dim in AXIS_NAMES for dim in by) else page.html["responses_col"]
    head = [h.format(count=count) for h in page.html["drivers_cols"]]
    for metric, _ in page.measures:
        impact = page.html["impact_col"] if len(page.measures) == 1 else page.tr("impact_metric_col", metric=metric.label)
        head += [page.tr("metric_col", metric=metric.label), impact]
    return {"metric": main.label, "blank": None, "svg": Markup(svg) if svg else None,
            "no_chart": None if svg else page.tr("drivers_no_impact", metric=main.label),
            "small": page.count("small", page.min_n), "shown": shown,
            "head": head + ([page.html["net_col"]] if has_sentiment else []),
            "note": Markup(" ").join([*_marked(page, rows), page.count("drivers_note", page.min_n),
                                      _share_base(page, s, by_given)]),
            "rows": rows}


def _marked(page: Page, rows: list[dict]) -> list[Markup]:
    """The legend of the table's ● where a cell shows one: with no significant impact, it explained a mark that
    was nowhere."""
    marked = any(cell["significant"] for row in rows for cell in row["metrics"])
    return [page.html["drivers_sig_note"]] if marked else []


def _share_base(page: Page, s: pd.DataFrame, by) -> Markup:
    """What the table's % is of: the responses that carry a theme of ``by`` (a column of yours blank in some rows
    leaves those out), said with their number, since the key drivers' % is of every response in its model."""
    r = s[s["share"] > 0].iloc[0]
    n = round(r["n"] * 100 / r["share"])  # (counted in the singular: "de las 1 respuestas" read wrong)
    if not resolve_by(page.frame, by):  # by=None: one row of every response, a comment or not
        return page.count("drivers_share_all", n)
    return page.count("drivers_share", n, what=sections_insights.themed_what(page, by))


def _metric_cells(page: Page, metric: Metric, r: pd.Series) -> dict:
    """A metric's value, interval and impact in a theme's row; no significance dot under the minimum n."""
    m, digits = metric.name, page.impact_digits(metric)
    # A share with its %, as its card and the trend's tables: "49,7" under "CSAT (IC 95 %)" read as a mean.
    return {"value": page.value(metric, r[m]) + unit(page, metric, r[m]), "low": page.value(metric, r[f"{m}_low"]),
            "high": page.value(metric, r[f"{m}_high"]), "impact": page.num(r[f"{m}_impact"], digits, True),
            "tone": tone(r[f"{m}_impact"], digits),
            "significant": bool(r[f"{m}_impact_significant"]) and not bool(r["below_min_n"])}
