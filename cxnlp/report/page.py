"""What every section of the report needs: the frame, the language (words, numbers, dates), the
metrics, and the display names of labels.

Display names: a label's name is looked up in the names given (``build_report(label_names=...)``:
a mapping, or a ``.json``/``.csv`` file read by :func:`read_label_names`), then in the schema's
Spanish names (``schema.DISPLAY_NAMES``; in English, their translations, ``strings.EN_NAMES``) of the
label's own axis (a custom touchpoint 'none' is not the effort 'none'), and falls back to the label itself.
Names are data: the templates escape them. Reading and checking the names given is ``_label_names``'s.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from jinja2 import pass_context
from markupsafe import Markup

from ..columns import AXIS_COLUMNS, AXIS_NAMES
from ..exceptions import CxnlpWarning, DataError, warn_outside
from ..metrics import Metric
from ..metrics.themes import is_label_column, resolve_by, theme_id
from ..schema import (COLUMN_LABELS, DEFAULT_LABELS, DEFAULT_STAGES, FLAGS, LABEL_SEP, OUTPUT_PREFIX, SENTIMENTS,
                      STAGES, STATUSES, display_name)
from ._label_names import check_label_names, names_for, read_label_names
from ._rounding import largest_remainder
from .strings import EN_FLAG_NAMES, EN_NAMES, EN_STATUS_NAMES, STRINGS


def named(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """A summary, drivers or changes ``table`` with its ``label`` column by ``names`` (label -> display name, as
    ``names_for`` gives them), as the printed tables and the report show them; ``table`` itself without names."""
    if not names or "label" not in table or "by" not in table.attrs:
        return table
    page = Page(None, "es", 1, [], names)
    return table.assign(label=[page.name(row, table.attrs["by"]) for _, row in table.iterrows()])


def model_labels(model) -> dict[str, list[str]]:
    """What a report of ``model``'s rows can show by a display name, per axis: the labels it predicts, and the values
    of the ``cx_`` columns it writes that are no label of it, which ``Page.label`` names alike: the journey stages
    (the schema's and its stage map's, ``--by stage``), its industries (``--by cx_industry``) and the row statuses
    (``--by cx_status``). With the model's labels only, names of stages and industries were said to be "not used"
    while the report showed them ('after': did you mean 'anger'?), and two stages could share a name unchecked."""
    return {**model.labels, "stage": list(dict.fromkeys([*STAGES, *model.stage_map.values()])),
            "industry": list(model.industries), "status": list(STATUSES)}


#: The ``cx_`` columns of a classified table whose values ``Page.label`` shows by a display name.
_LABEL_COLUMNS = ("cx_status", "cx_sentiment", "cx_touchpoints", "cx_areas", "cx_stage", "cx_effort", "cx_emotions",
                  "cx_churn_risk", "cx_escalation", "cx_industry")


def table_labels(frame: pd.DataFrame) -> dict[str, list[str]]:
    """``model_labels`` for a classified table, when no model is at hand (``summarize``, ``drivers``, ``changes``):
    the values of its label columns (``_LABEL_COLUMNS``, a multi-label cell split), per axis as summaries name it
    (the column without ``cx_``), and the schema's sentiments, which the report's sentiment chart always shows."""
    labels: dict[str, list[str]] = {"sentiment": list(SENTIMENTS)}
    for column in (c for c in _LABEL_COLUMNS if c in frame.columns):
        cells = pd.unique(frame[column].dropna().astype(str))
        found = (label.strip() for cell in cells for label in cell.split(LABEL_SEP))
        labels[column[3:]] = list(dict.fromkeys([*labels.get(column[3:], []), *(label for label in found if label)]))
    return labels


def schema_labels() -> dict[str, list[str]]:
    """``model_labels`` of the schema's built-in labels (``schema.DEFAULT_LABELS``, the journey stages and the row
    statuses), for a command with no model at hand."""
    return {**{axis: list(ids) for axis, ids in DEFAULT_LABELS.items()},
            "stage": list(dict.fromkeys([*STAGES, *DEFAULT_STAGES.values()])), "status": list(STATUSES)}


def check_names_for_table(label_names, frame: pd.DataFrame, langs=("es",), source: str = "label names") -> None:
    """``check_names_for_labels`` of ``label_names`` (what ``names_for`` reads) in each language of ``langs``
    against ``table_labels(frame)``: the check of every command that shows a classified file's labels by the names
    given (the report of ``summarize --html``, the printed and written tables of ``summarize``, ``drivers`` and
    ``changes``), as ``cxnlp report`` checks them against its model. It ran in ``cxnlp report`` only, so
    ``summarize --html`` wrote two themes under one name, and a typo went unsaid. Nothing to check without names.
    A name is unused only when it is neither a label of the table nor one of the schema's (``schema_labels``): a
    week's export without 'billing' is no reason to call the name of 'billing' a typo (there is no model here to
    ask; a custom model's labels are those of its table). Two names shown alike are checked among the table's
    labels, those this table shows: a custom model need not avoid the names of built-in labels it does not have."""
    if label_names is None:
        return
    labels = table_labels(frame)
    known = {axis: [*labels.get(axis, []), *ids] for axis, ids in schema_labels().items()}
    known.update({axis: ids for axis, ids in labels.items() if axis not in known})
    for lang in dict.fromkeys(langs):
        check_names_for_labels(names_for(lang, label_names), labels, lang, source, of="the table", known=known)


def check_names_for_labels(names: Mapping[str, str], labels: Mapping[str, list], lang: str = "es",
                           source: str = "label names", of: str = "the model",
                           known: Mapping[str, list] | None = None) -> None:
    """Check ``names`` (label -> display name, as ``names_for`` gives them) against ``labels`` (axis -> ids; for a
    model, ``model_labels``; for a classified table, ``table_labels``, ``of`` "the table"): a name that two labels
    of one axis would show (given, built in, or another label's id shown as itself) is a ``DataError``, as training
    refuses an id that another label's name shows; names of labels not in ``labels`` are said in one warning (a
    typo such as 'puntos_fidelidd' named nothing, silently); ``known``, when given, is what a name may name
    instead of ``labels`` (the schema's labels beside a table's)."""
    import difflib

    page = Page(None, lang, 1, [], names)
    for axis, ids in labels.items():
        shown: dict[str, str] = {}
        for label in ids:
            name = page.label(label)
            other = shown.setdefault(name.strip().casefold(), label)
            if other != label:
                raise DataError(f"{source}: '{other}' and '{label}' ({axis}) would both show as {name!r} in reports; "
                                f"give one of them another display name.")
    known = sorted({str(label) for ids in (known if known is not None else labels).values() for label in ids})
    unknown = [key for key in names if key not in known]
    if unknown:
        hints = [f"'{key}'" + (f" (did you mean '{close[0]}'?)" if (close := difflib.get_close_matches(key, known, 1))
                               else "") for key in unknown]
        warn_outside(f"{source}: no label of {of} is called {', '.join(hints)}; "
                     f"{'that name is' if len(unknown) == 1 else 'those names are'} not used.", CxnlpWarning)


#: Unicode's bidirectional embeddings, overrides and isolates, dropped from names shown inline.
_NO_BIDI = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


class Page:
    """What every section needs: the frame, the language (words, number format), the metrics."""

    def __init__(self, frame: pd.DataFrame, lang: str, min_n: int, measures: list[tuple[Metric, str]],
                 names: Mapping[str, str] | None = None):
        self.frame, self.lang, self.min_n = frame, lang, min_n
        self.words = STRINGS[lang]  # plain text, for charts
        self.html = trusted(self.words)  # the same strings as markup, for templates
        self.measures = measures
        self.names = {str(k).strip().lower(): v for k, v in (names or {}).items()}  # keys as label ids are written

    def tr(self, key: str, **fields) -> Markup:
        """Our string ``key`` as markup, its ``{fields}`` filled with escaped values."""
        return self.html[key].format(**fields)

    def count(self, key: str, n: int, **fields) -> Markup:
        """``tr`` of ``key`` for a count ``n`` (shown as ``{n}``): the singular ``key_one`` when ``n`` is 1."""
        return self.tr(key + "_one" if n == 1 and key + "_one" in self.html else key, n=self.num(n, 0), **fields)

    def num(self, value, digits: int = 1, signed: bool = False) -> str:
        if value is None or value is pd.NA or not np.isfinite(value):
            return MISSING
        if float(f"{value:.{digits}f}") == 0:  # shown as zero: no sign ("−0,00", "+0" read as a direction)
            return "0" if digits == 0 else f"0{',' if self.lang == 'es' else '.'}{'0' * digits}"
        s = f"{value:+,.{digits}f}" if signed else f"{value:,.{digits}f}"
        if self.lang == "es":
            s = s.translate(str.maketrans({",": ".", ".": ","}))
        return s.replace("-", "\u2212")

    def exact(self, value: float, most: int, signed: bool = False) -> str:
        """``value`` with the decimals it has, at most ``most``: a range's end 1, not "1,00"."""
        return self.num(value, next(d for d in range(most + 1) if d == most or round(value, d) == round(value, most)),
                        signed)

    def name(self, row: pd.Series, by: list[str]) -> str:
        """Display name of a summary row's theme: its labels' names, user columns' values as the theme names
        them (``theme_id``: a store 105.0 of a column with blanks is "105", as in the summary's label), without
        bidirectional controls (a region 'Alto \u202eabc' reversed every name after it in an inline list)."""
        if not by:
            return "Total"
        # A label axis, or a cx_ column by its name ('--by cx_effort': "Esfuerzo alto", as the summary names it).
        return " × ".join(self.label(row[d], AXIS_COLUMNS.get(d, d)) if d in AXIS_NAMES or str(d).startswith("cx_")
                          else theme_id(row[d]).translate(_NO_BIDI) for d in by)

    def label(self, value, column: str | None = None) -> str:
        """Display name of a label id (see the module docstring), a name given for it without bidirectional controls
        as a column's value is (``name``): a --labels-file name 'Entrega \u202eotsil' reversed the themes after it.
        With ``column``, a built-in name only for that column's own labels (``schema.display_name``); a value of
        ``column`` cx_churn_risk or cx_escalation is named by its flag (``schema.FLAG_NAMES``), one of cx_status by
        its status (``schema.STATUS_NAMES``: "Clasificado", not "ok")."""
        value = theme_id(value).translate(_NO_BIDI)
        key = value.strip().lower()  # as ``check_label_names`` keeps the names' keys: a hand-edited 'Fidelizacion'
        if key in self.names:
            return self.names[key].translate(_NO_BIDI)
        if column == "cx_emotions" and LABEL_SEP in value:  # a cell's emotions, one theme: each named ("anger|worry")
            return LABEL_SEP.join(self.label(part, column) for part in value.split(LABEL_SEP))
        if self.lang == "es":
            return display_name(value, column)
        flag = EN_FLAG_NAMES.get(str(column or "").removeprefix(OUTPUT_PREFIX))
        if flag and value in FLAGS:
            return flag[FLAGS.index(value)]
        if column == "cx_status":
            return EN_STATUS_NAMES.get(value, value)
        if column is not None and value not in COLUMN_LABELS.get(column, ()):
            return value  # a custom touchpoint 'none' is no effort: names are looked up on the label's own axis
        return EN_NAMES.get(value, value)

    @staticmethod
    def column_name(column) -> str:
        """A survey column's header as the page writes it: without bidirectional controls, as a theme's value is
        (``name``): a header 'tienda \u202e(sucursal)' reversed the rest of the line it was written in."""
        return str(column).translate(_NO_BIDI)

    def columns(self, columns) -> Markup:
        """Survey columns named in a sentence: each header quoted («tienda») as ``column_name`` writes it, the last
        two joined as a list is read ("«tienda» y «zona»", not "«tienda», «zona»")."""
        return self.joined(self.html["quoted"].format(self.column_name(column)) for column in columns)

    def joined(self, parts) -> Markup:
        """``parts`` (escaped unless markup) as a list is read in a sentence: "NPS y CSAT", "a, b y c"."""
        parts = [Markup.escape(part) for part in parts]
        if len(parts) < 2:
            return Markup("").join(parts)
        return Markup(", ").join(parts[:-1]) + self.html["list_and"] + parts[-1]

    def describe(self, metric: Metric) -> str:
        """What the metric measures, on its scale: "% de satisfechos (4–5 de 1–5)"."""
        template = (metric.describe(self.lang) or self.words.get(f"{metric.name}_desc_{metric.kind}")
                    or self.words[f"metric_desc_{metric.kind}"])
        cut = metric.cutoff  # 4.5 is not "4": shown with the decimals it has (at most two)
        digits = 0 if cut is None else next(d for d in range(3) if d == 2 or round(cut, d) == round(cut, 2))
        low, high = (self.exact(end, self.digits(metric)) for end in metric.bounds)  # a net score's own range
        return template.format(lo=metric.scale[0], hi=metric.scale[1], cut=self.num(cut, digits), low=low, high=high)

    def net_values(self, metric: Metric) -> str:
        """What a net metric gives each answer: its ``net_points``, else its range's ends and middle ("+100, 0 o −100
        según la respuesta"; "+1, 0 o −1" of a score of -1..1, which read "+100, 0 o −100")."""
        low, high = metric.bounds
        ends = {key: self.exact(end, self.digits(metric), signed=True)
                for key, end in (("high", high), ("mid", (low + high) / 2), ("low", low))}
        return self.net_points(metric) or self.words["net_points_any"].format(**ends)

    def net_points(self, metric: Metric) -> str | None:
        """A net metric's scale points by the value each gives, "+100 (5), 0 (3–4) y −100 (1–2)", read from its
        ``score``; None where they cannot be listed (a long scale, values other than the ends and middle of its range
        (+100, 0 and -100 for the NPS's), or a score that fails on whole points)."""
        ends = metric.bounds
        lo, hi = metric.scale
        if hi - lo + 1 > MOST_POINTS:
            return None
        x = np.arange(lo, hi + 1, dtype=float)
        try:
            y = np.asarray(metric.score(x), dtype=float).reshape(-1)
        except Exception:  # a score of one's own, written for other input: the caller words it otherwise
            return None
        if y.shape != x.shape or not set(y.tolist()) <= {ends[1], (ends[0] + ends[1]) / 2, ends[0]}:
            return None
        runs: dict[float, list[str]] = {}
        start = 0
        for end in range(1, x.size + 1):
            if end == x.size or y[end] != y[start]:
                a, b = int(x[start]), int(x[end - 1])
                runs.setdefault(float(y[start]), []).append(f"{a}" if a == b else f"{a}\u2013{b}")
                start = end
        shown = [f"{self.exact(value, self.digits(metric), signed=value != 0)} ({', '.join(runs[value])})"
                 for value in sorted(runs, reverse=True)]
        return ", ".join(shown[:-1]) + self.words["list_and"] + shown[-1] if len(shown) > 1 else shown[0]

    @staticmethod
    def digits(metric: Metric) -> int:
        """Decimals of a metric's values: NPS points, shares to one decimal, means to two; a net score of a narrower
        range than the NPS's 200 points the more (+0.28 of a score of -1..1, the NPS's +28, read "0")."""
        return _finer(metric) if metric.kind == "net" else {"share": 1, "mean": 2}[metric.kind]

    def value(self, metric: Metric, value) -> str:
        """A metric's value (or interval end) as every section shows it: the metric's own decimals, and a sign
        on a net score (NPS +9, from −100 to 100), so a value reads the same on the card, in tables and charts."""
        return self.num(value, self.digits(metric), signed=metric.kind == "net")

    @staticmethod
    def impact_digits(metric: Metric) -> int:
        """Decimals of a metric's impacts and effects: points to one decimal, a mean's to two (a CES impact of
        -0.05 read as "-0,0" beside a significance dot)."""
        return 2 if metric.kind == "mean" else 1 + (_finer(metric) if metric.kind == "net" else 0)

    def result(self, metric: Metric, column: str):
        return metric.result(self.frame[column])

    def date(self, day) -> str:
        d = pd.Timestamp(day)
        return f"{d.day} {self.words['months'][d.month - 1]} {d.year}"

    def day_or_quarter(self, day, quarter: bool) -> str:
        """``date``, or for a quarter label read as its quarter's first day, the quarter ('2024 T3')."""
        if not quarter:
            return self.date(day)
        d = pd.Timestamp(day)
        return self.period(f"{d.year}-Q{(d.month - 1) // 3 + 1}")

    def period(self, label: str) -> str:
        """'2024-07' -> 'jul 2024', '2024-Q3' -> '2024 T3', '2024-W42' -> 'S42/24' (English: Jul 2024, 2024 Q3,
        W42/24); a year as it is; a date range 'start..end' as two dates. A month keeps its year whole, as the
        report's dates do ('5 jul 2024'): 'Nov 24' read as the 24th of November."""
        if ".." in label:
            start, end = label.split("..", 1)
            return f"{self.date(start)} – {self.date(end)}"
        year, _, part = label.partition("-")
        if not part:
            return year
        if part.isdigit():
            return f"{self.words['months'][int(part) - 1]} {year}"
        if part.startswith("W"):
            return f"{'S' if self.lang == 'es' else 'W'}{part[1:]}/{year[2:]}"
        return f"{year} {'T' if self.lang == 'es' else 'Q'}{part[1:]}"


def trusted(words: dict) -> dict:
    """``words`` with every string marked as markup (ours, not the data's), in lists and dicts too."""
    if isinstance(words, dict):
        return {key: trusted(value) for key, value in words.items()}
    if isinstance(words, list):
        return [trusted(value) for value in words]
    # A comparison in our prose ('p < 0,05') is text, not the start of a tag.
    return Markup(words.replace(" < ", " &lt; ")) if isinstance(words, str) else words


class _Missing(str):
    """``MISSING``'s type: the dash shown for a missing value, told apart from a "–" of the data (a theme so named)."""

    def __add__(self, other):  # no unit after a missing value (``page.num(v) + unit``): still the missing value
        return self if other == "" else str.__add__(self, other)


#: How ``Page.num`` shows a missing value.
MISSING = _Missing("\u2013")


@pass_context
def spoken_missing(context, value):
    """The templates' ``finalize``: a value shown as ``MISSING`` alone (a cell with no value) also says so in words,
    hidden on screen. A screen reader read the dash as nothing, an empty cell, or as "en dash"."""
    if isinstance(value, _Missing) and "t" in context:  # not a text "–" (a theme, a title): a name, not a blank
        return Markup('<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>').format(
            MISSING, context["t"]["no_value"])
    return value


#: Scale points beyond which a net metric's points are not listed (``Page.net_points``).
MOST_POINTS = 101


def _finer(metric: Metric) -> int:
    """Decimals a net score needs beyond the NPS's: 2 for a range of 2 (-1..1), none for 200 points or more."""
    low, high = metric.bounds
    return max(0, int(np.ceil(round(np.log10(200 / (high - low)), 9)))) if high > low else 0


def listed(names, most: int = 12, sep: str = ", ") -> str:
    """Names joined by ``sep``, the first ``most`` of them and an ellipsis after."""
    names = list(names)
    return sep.join(names[:most]) + (f"{sep}…" if len(names) > most else "")


def isolated(name) -> Markup:
    """A name from the data as ``<bdi>``, for a list of names: right-to-left names listed one after another
    ("שלום, עולם") were shown in reverse order, run together by the bidirectional algorithm."""
    return Markup("<bdi>{}</bdi>").format(name)


def tone(value, digits: int) -> str:
    """The colour class of a gain or a loss as shown to ``digits`` decimals: none for a value shown as zero or
    missing ("0,00" and "–" in green read as good news)."""
    shown = round(float(value), digits) if pd.notna(value) else 0.0
    return "c-pos" if shown > 0 else "c-neg" if shown < 0 else ""


def unit(page: Page, metric: Metric, value) -> str:
    """'%' after a share metric's value (CSAT 44,6 %), nothing after a score or a missing value."""
    return page.words["pct"] if metric.kind == "share" and pd.notna(value) else ""


def by_source(page: Page, by, labels: str, columns: str, both: str) -> Markup:
    """The words ``labels``, ``columns`` or ``both`` for where the themes of ``by`` come from: the classification of
    the comments, the values of columns of yours (named in the text), or both."""
    dims = resolve_by(page.frame, by)
    own = [column for _, column in dims if not is_label_column(column)]
    if not own:
        return page.html[labels]
    return page.tr(columns if len(own) == len(dims) else both, columns=page.columns(own))


def chart_data(key: str, caption: str, head: list[str], rows: list[list[str]]) -> dict:
    """A chart's numbers as a table (``chart_data.html.j2``), the text version of a chart drawn as paths: ``key``
    is the id its ``<svg>`` refers to; each row starts with its header (a theme, a period)."""
    return {"id": key, "caption": caption, "head": head, "rows": rows}


__all__ = ["Page", "by_source", "chart_data", "check_label_names", "check_names_for_labels", "check_names_for_table",
           "largest_remainder", "listed", "model_labels", "names_for", "read_label_names", "schema_labels",
           "table_labels", "tone", "trusted", "unit"]
