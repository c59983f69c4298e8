"""Finding columns in a user's table: the comment, score and date columns, and the label axes.

Survey exports name their columns freely ("Comentario final", "Fecha de respuesta",
"Recomendación (0-10)"), so every lookup compares names folded the same way: case, accents and
surrounding spaces ignored, inner spaces read as ``_`` (:func:`fold`). A name the user gives must
match one column (:func:`match_column`): a column of exactly that name, else the one column equal to it once
folded; two columns that are (``Comentario`` and ``comentario ``, from a merge) are a ``DataError`` that names
both. A column the user leaves out is looked for among a list of common names.
"""

from __future__ import annotations

import numbers
import os
import re
import unicodedata
from collections.abc import Iterable

import numpy as np

from ._arrow_views import without_views
from .exceptions import DataError, shown_value, type_name
from .schema import DISPLAY_NAMES, OUTPUT_COLUMNS, OUTPUT_PREFIX, SENTIMENTS, TEXT_COLUMN_CANDIDATES

#: Column names taken for the date when the user names none (checked in order, folded): Google Forms' "Marca
#: temporal", Qualtrics' "RecordedDate", "EndDate" and "StartDate", Typeform's "Submit Date (UTC)", Hotjar's "Date
#: submitted", Delighted's "Response Timestamp", SurveyMonkey's "End Date" and "Start Date" among them. The date an
#: answer was submitted, recorded or ended comes before the date it was started, so that one wins when both are there.
DATE_COLUMN_CANDIDATES: tuple[str, ...] = (
    "fecha", "date", "fecha_respuesta", "fecha_de_respuesta", "fecha_encuesta", "timestamp", "marca_temporal",
    "created_at", "submitted_at", "date_submitted", "submitdate", "submit_date_(utc)", "response_timestamp",
    "recordeddate", "end_date", "enddate",
    "fecha_fin", "start_date", "startdate", "fecha_inicio",
)

#: Theme axes of the classified output (``Model.classify_frame``): axis name or alias -> column.
AXIS_COLUMNS = {"touchpoint": "cx_touchpoints", "touchpoints": "cx_touchpoints", "area": "cx_areas",
                "areas": "cx_areas", "stage": "cx_stage", "stages": "cx_stage", "sentiment": "cx_sentiment"}
#: Axis names as summaries write them (the column without ``cx_``).
AXIS_NAMES: frozenset[str] = frozenset(column[3:] for column in AXIS_COLUMNS.values())
#: Columns whose cells hold several labels joined by ``schema.LABEL_SEP``.
MULTI_LABEL_COLUMNS: tuple[str, ...] = ("cx_touchpoints", "cx_areas", "cx_stage")
#: The field of a segment (``cx_segments``) that holds an axis's label.
SEGMENT_FIELDS = {"touchpoints": "touchpoint", "areas": "area"}


#: Longer names are compared as written (lower case): NFKD of a long run of reordered marks is quadratic, and
#: no name a user types or cxnlp looks for comes near this length.
_MAX_FOLDED = 1_000


# A run of whitespace inside a name: a header typed with Alt+Enter in Excel ("Recomendación\n(0-10)"), a tab or a
# non-breaking space reads as the space the user types for it.
_RE_INNER_SPACE = re.compile(r"\s+")


def fold(name) -> str:
    """``name`` compared loosely: stripped, lower case, no accents, each run of inner whitespace (spaces, line
    breaks, tabs, non-breaking spaces) as one ``_``."""
    name = str(name).strip().lower()
    if len(name) > _MAX_FOLDED:
        return _RE_INNER_SPACE.sub("_", name)
    name = unicodedata.normalize("NFKD", name)
    return _RE_INNER_SPACE.sub("_", "".join(c for c in name if not unicodedata.combining(c)))


def as_typed(name):
    """A column name as the user typed it: under a C locale without UTF-8 mode, Python reads the command line
    as ASCII and keeps other bytes as surrogates ('Recomendaci\\udcc3\\udcb3n'), which match no header."""
    if isinstance(name, str) and not name.isascii():
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            try:
                return os.fsencode(name).decode("utf-8", "replace")
            except UnicodeError:  # a surrogate that did not come from the command line
                return name
    return name


def find_column(columns: Iterable, name: str, what: str) -> str:
    """``name`` if it is one of ``columns``, else the one column equal to it once folded (:func:`match_column`).

    ``what`` names the column in the error ("NPS column", "date column").
    """
    columns = list(columns)
    name = as_typed(name)
    found = match_column(columns, name, what)
    if found is None:
        raise DataError(f"{what} {shown_value(name)} not found; the table has columns {listed_columns(columns, name)}.")
    return found


def match_column(columns: list, name, what: str):
    """The column ``name`` names: ``name`` if it is one of ``columns`` (an exact name wins), else ``name`` without the
    ``'`` cxnlp's output puts before a name a spreadsheet would run ("'@comentario", as a CSV shows it in a text editor:
    the readers drop it), else the one column equal to it once folded (typographic quotes and dashes read as typed:
    “ ” as ", – as -), else None. Two columns equal to it once folded
    are a ``DataError`` naming them: which one the user meant is theirs to say (the last of them was taken, a blank copy
    left by a merge). A ``name`` that is no column name (a Series, a list: unhashable) is a ``DataError`` too: ``name in
    columns`` compared it with each name, and a Series given for ``nps=`` was pandas' "truth value ... is ambiguous"."""
    try:
        hash(name)
    except TypeError:
        given = getattr(name, "name", None)  # a Series' own column name, to give instead
        advice = f"; give its name, {given!r}" if isinstance(given, str) and given else ""
        raise DataError(f"{what}: expected a column name, got a {type(name).__name__}{advice}.") from None
    if name in columns:
        return unique_column(columns, name, what)
    from .io.formulas import drop_formula_quote  # (cxnlp.io imports this module)

    if isinstance(name, str) and drop_formula_quote(name) != name and drop_formula_quote(name) in columns:
        # The name as cxnlp's CSV or XLSX output spells it ("'@comentario"), which its readers give unquoted.
        return unique_column(columns, drop_formula_quote(name), what)
    key = fold_typed(name)
    matches = [c for c in columns if fold_typed(c) == key]
    if len(dict.fromkeys(matches)) > 1:
        raise DataError(f"{what} {shown_value(name)} matches {len(matches)} columns once case, accents and spaces "
                        f"are set aside: {listed_columns(matches)}; give the exact name of the one you mean.")
    return unique_column(columns, matches[0], what) if matches else None


def names_a_column(columns: list, name) -> bool:
    """Whether ``name`` names one or more of ``columns`` (:func:`match_column`, several columns once folded too):
    ``by`` then takes it whole, as one column, before it is split at its commas ("Cuéntenos, por favor..." typed
    with a space where the header has a line break was looked up as 'Cuéntenos')."""
    try:
        return match_column(columns, name, "column") is not None
    except DataError:  # two columns: the lookup of the whole name says which
        return True


#: Typographic quotes and dashes as typed on a keyboard: a form editor's autocorrect puts “servicio” and "0 – 10"
#: in a question its header keeps, and the user types "servicio" and "0 - 10".
_TYPED_PUNCTUATION = str.maketrans("‘’‚‛“”„‟‐‑‒–—―", "''''" + '""""' + "------")


def fold_typed(name) -> str:
    """``name`` as :func:`match_column` (and a ``where`` filter's names) compare it: folded, its typographic quotes
    and dashes as typed."""
    return fold(name).translate(_TYPED_PUNCTUATION)


def unique_column(columns: Iterable, name, what: str):
    """``name``, unless ``columns`` hold it more than once (``pd.concat(axis=1)`` or a merge leaves copies, and
    ``frame[name]`` is then a DataFrame): a ``DataError`` naming it. ``what`` names the column ("NPS column")."""
    copies = sum(1 for c in columns if c is name or c == name)
    if copies > 1:
        raise DataError(f"{what[:1].upper()}{what[1:]} {shown_value(name)} appears {copies} times in the table; "
                        f"rename the copies so that one column has that name.")
    return name


def one_header_row(columns: Iterable, caller: str) -> None:
    """A ``DataError`` for columns of several levels (a ``pd.MultiIndex``, two header rows): every name given is
    looked for among tuples, so ``summarize`` said its NPS column was 'not found' in a table that showed it."""
    levels = getattr(columns, "nlevels", 1)
    if levels > 1:
        raise DataError(f"{caller} expects one row of column names; this frame has {levels} levels. Join them "
                        f"first, e.g. frame.columns = [' '.join(map(str, c)).strip() for c in frame.columns].")


def unique_outputs(columns: Iterable, caller: str = "this analysis") -> None:
    """A ``DataError`` (``unique_column``'s) naming a ``cx_`` output column that ``columns`` hold twice (two
    classified tables joined side by side): the analyses read each as one column. Columns of several levels are
    ``one_header_row``'s error, naming ``caller``."""
    one_header_row(columns, caller)
    columns = list(columns)
    for name in OUTPUT_COLUMNS:
        unique_column(columns, name, "classified column")


def analysed_frame(frame, caller: str):
    """``frame`` as the analyses (summarize, changes, drivers, discover) read it: a one-line ``DataError`` unless it
    is a pandas DataFrame whose ``cx_`` columns are each one (``unique_outputs``); its Arrow view columns (Polars'
    and DuckDB's text, which pandas cannot filter) cast as ``without_views`` does."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise DataError(f"{caller} expects a pandas DataFrame, got {type_name(frame)}.")
    unique_outputs(frame.columns, caller)
    return without_views(frame)


def axis_column(name: str) -> str | None:
    """The ``cx_`` column of a label axis ("touchpoints", "area"...), or None for any other name."""
    return AXIS_COLUMNS.get(name.lower()) if isinstance(name, str) else None


def detect_column(columns: Iterable, candidates: Iterable[str], what: str = "date column",
                  option: str = "date") -> str | None:
    """The first of ``candidates`` (folded names) that is a column, or None; one that two columns are once folded
    is a ``DataError`` naming them (``what``: the column sought; ``option``: the setting that names it)."""
    folded = _folded(columns)
    found = next((folded[c] for c in candidates if c in folded), None)
    if found is not None and len(found) > 1:
        raise DataError(f"{len(found)} columns could be the {what}: {listed_columns(found)} (the same name once case, "
                        f"accents and spaces are set aside); name the one you mean with --{option} ({option}=...).")
    return None if found is None else unique_column(columns, found[0], what)


def _folded(columns: Iterable) -> dict[str, list]:
    """Each folded name of ``columns``: the distinct columns that fold to it, in order."""
    folded: dict[str, list] = {}
    for c in dict.fromkeys(columns):
        folded.setdefault(fold(c), []).append(c)
    return folded


def detect_date_column(columns: Iterable, period) -> str:
    """The date column for a trend by ``period`` (or a comparison of a pair of periods), found among
    ``DATE_COLUMN_CANDIDATES``."""
    columns = list(columns)
    found = detect_column(columns, DATE_COLUMN_CANDIDATES)
    if found is None:
        asked = (f"periods {' and '.join(repr(str(p)) for p in period)}" if isinstance(period, (tuple, list))
                 else f"period {str(period)!r}")
        raise DataError(f"{asked} need{'' if asked.startswith('periods') else 's'} a date column, and no column has "
                        f"a date column's name (fecha, date...); name it with --date (date=...). "
                        f"The table has columns {listed_columns(columns)}.")
    return found


def detect_text_column(columns: Iterable, text: str | None = None) -> str:
    """The comment column: ``text`` if given (must exist, once), else the first common name found.

    Common names are ``schema.TEXT_COLUMN_CANDIDATES``, matched whole, then as the first or last words
    of a folded name ("Comentario final", "comentario_nps"; not inside a word: "Contexto" is no
    "texto"), unless a word of the name says the column holds something else: "ID respuesta", "Fecha de
    respuesta", "Tiempo de respuesta" and "review_date" are no comments.
    """
    columns = list(columns)
    if text is not None:
        text = as_typed(text)
        found = match_column(columns, text, "Text column")
        if found is None:
            raise DataError(f"Text column {shown_value(text)} not found; the table has columns "
                            f"{listed_columns(columns, text)}.")
        return found
    found = detect_column(columns, TEXT_COLUMN_CANDIDATES, "comment column", "text")
    if found is not None:
        return found
    # Each name as written and with its camel-case words apart ("ComentarioNPS" as "comentario_nps"); cxnlp's own
    # output columns are never the comments ("cx_needs_review" ends in "review").
    names = [(key, c) for c in columns if not fold(c).startswith(OUTPUT_PREFIX)
             for key in dict.fromkeys((fold(c), fold(_CAMEL_CASE.sub("_", str(c)))))]
    for candidate in TEXT_COLUMN_CANDIDATES:
        for key, original in names:
            if _starts_or_ends(key, candidate) and not _names_other_thing(key):
                return unique_column(columns, original, "comment column")
    raise DataError(f"Could not find the comment column among {listed_columns(columns)}; name it with text=... "
                    f"(looked for {list(TEXT_COLUMN_CANDIDATES[:8])} ...).")


def column_to_classify(columns: Iterable, text: str | None = None) -> str:
    """The comment column that classifying reads (``detect_text_column``'s), unless it is named as one of the
    ``cx_`` columns classifying adds: a ``DataError``, where the results were written over the comments
    (``text="cx_sentiment"`` kept the sentiments and lost the comments)."""
    column = detect_text_column(columns, text)
    if column in OUTPUT_COLUMNS:
        raise DataError(f"Text column {column!r} is named as a column classifying adds, and the results would be "
                        f"written over the comments; rename it (e.g. to 'comentario').")
    return column


#: Words of a column name that say it holds no comment, whatever comment word it also holds, first or second
#: of two ("ID respuesta", "review_date").
_NOT_TEXT = frozenset("""
id ids fecha fechas date dates time hora timestamp dia day mes month numero num nro codigo code tipo type
canal channel idioma language lang length longitud largo count conteo
""".split())
#: Words that say so only as a column name's first word ("Tiempo de respuesta", "Nº de respuesta", where "Nº"
#: folds to "no"); "Motivo de la puntuación" and "comentario_score" are comments.
_NOT_TEXT_FIRST = _NOT_TEXT | frozenset("""
no n cantidad total tiempo duracion duration tasa rate porcentaje score puntaje puntuacion calificacion
""".split())
#: Comment words this long name a comment column wherever they stand in it ("comentariocliente",
#: "npscomentario"); shorter ones only as whole words, plural or numbered ("Textos", "Texto 2"): "Contexto"
#: holds "texto", "Mensajero" holds "mensaje".
_LONG_WORD = 8


#: A lower-case letter followed by a capital: where a camel-case name ("reviewDate") joins two words.
_CAMEL_CASE = re.compile(r"(?<=[a-záéíóúñü])(?=[A-ZÁÉÍÓÚÑÜ])")


def _starts_or_ends(folded: str, word: str) -> bool:
    """Whether ``word`` opens or closes ``folded`` (see ``_LONG_WORD``)."""
    if len(word) >= _LONG_WORD:
        return folded.startswith(word) or folded.endswith(word)
    for form in (word, word + "s", word + "es"):
        if folded.startswith(form) and not folded[len(form):len(form) + 1].isalpha():
            return True
        if folded.endswith(form) and not folded[-len(form) - 1:-len(form)].isalpha():
            return True
    return False


def _names_other_thing(folded: str) -> bool:
    """Whether a column name beside a comment word says it holds something else: its first word ('ID
    respuesta', 'Tiempo de respuesta') or the second of two ('review_date', 'comentario_id'); 'Comentario del
    día' and 'Comentario sobre el tipo de servicio' are comments."""
    words = _words(folded)
    return bool(words) and (words[0] in _NOT_TEXT_FIRST or len(words) == 2 and words[1] in _NOT_TEXT)


def _words(folded: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", folded) if w]


def shown_column(name) -> str:
    """A column's name as a note writes it in brackets ("NPS (Recomendación): ..."): as it is where it is one short
    line, else quoted and cut (``shown_value``): a header typed with Alt+Enter broke the note over two lines, and a
    survey question of 250 characters filled three."""
    text = str(name)
    return text if text.isprintable() and len(text) <= 80 else shown_value(text)


def listed_columns(columns: list, asked=None) -> str:
    """The column names for a message: all of a normal file's, a sample of a hostile one's (3,000 made 30,000
    characters), each cut to 80 characters in its middle (Google Forms names grid columns "¿Qué tan satisfecho está
    con...? [Precio]": cut at their end all looked alike). ``asked`` ("answers.comment") is said to be a key."""
    shown = [c if len(str(c)) <= 80 else f"{str(c)[:52]}...{str(c)[-25:]}" for c in columns[:30]]
    outer = max((c for c in columns if isinstance(c, str) and f"{asked}".startswith(f"{c}.")), key=len, default="")
    return f"{shown}" + (f" ({len(columns)} in all)" if len(columns) > 30 else "") + (
        f"; {asked[len(outer) + 1:]!r} is a key of the JSON objects in column {outer!r}, not a column: flatten them "
        f"first (pandas.json_normalize)" if outer and isinstance(asked, str) and asked[len(outer) + 1:].strip() else "")


__all__ = ["AXIS_COLUMNS", "AXIS_NAMES", "DATE_COLUMN_CANDIDATES", "MULTI_LABEL_COLUMNS", "SEGMENT_FIELDS",
           "axis_column", "detect_column", "detect_date_column", "detect_text_column", "find_column", "flag_values",
           "flag_word", "fold", "fold_typed", "listed_columns", "match_column", "names_a_column", "number_values",
           "sentiment_label", "sentiment_labels", "shown_column", "unique_column", "unique_outputs"]


#: How a true flag (``cx_needs_review``, ``cx_churn_risk``, a training file's ``churn_risk``) reads in a file
#: written by cxnlp, pandas, a spreadsheet or a person, compared stripped and in lower case. One vocabulary for
#: training and for reading classified files, so that a cell training takes as yes is never counted as no.
TRUE_WORDS = frozenset({"true", "1", "1.0", "yes", "y", "si", "sí", "s", "verdadero"})
#: Their opposites: a text column holding only these and ``TRUE_WORDS`` is a column of flags.
FALSE_WORDS = frozenset({"false", "0", "0.0", "no", "n", "falso"})


def flag_word(value) -> bool | None:
    """One flag cell as True or False, or None when it is none of ``TRUE_WORDS``, ``FALSE_WORDS``, a boolean or
    the number 1 or 0 (an XLSX or JSON cell): a blank or missing cell, or one that is not a flag."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        return True if text in TRUE_WORDS else False if text in FALSE_WORDS else None
    if isinstance(value, numbers.Number) and value in (0, 1):  # NaN and 2 are neither
        return bool(value)
    return None


#: The sentiments by their Spanish display names, folded: 'Positivo' is positive, as training reads it; an id as
#: written (``_RE_ID``: 'positivo', a model's own sentiment) stays one, as training reads it too.
_SENTIMENT_NAMES, _RE_ID = {fold(DISPLAY_NAMES[label]): label for label in SENTIMENTS}, re.compile("[a-z][a-z0-9_]*")


def sentiment_label(value) -> str:
    """The sentiment one ``cx_sentiment`` cell names, stripped and in lower case as training reads labels (a
    hand-edited or exported "Positive " is ``positive``, "Negativo" ``negative``); '' for a blank or missing cell."""
    import pandas as pd

    if pd.api.types.is_scalar(value) and pd.isna(value):
        return ""
    text = str(value).strip()
    return text if _RE_ID.fullmatch(text) else _SENTIMENT_NAMES.get(fold(text), text.lower())


def sentiment_labels(cells) -> np.ndarray:
    """``sentiment_label`` of every cell of a ``cx_sentiment`` column, each distinct value read once."""
    import pandas as pd

    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    names = np.array([sentiment_label(u) for u in uniques] + [""], dtype=object)
    return names[codes]


def flag_values(cells) -> np.ndarray:
    """A column of flags (``cx_needs_review``) as booleans, whether it holds booleans or their text as a CSV gives it
    back ("True", "False", "1"); missing cells are False. (``astype(bool)`` would read the text "False" as true.)"""
    import pandas as pd  # (this module is imported where pandas is not needed)

    return np.array([value.strip().lower() in TRUE_WORDS if isinstance(value, str)
                     else bool(value) if pd.notna(value) else False for value in cells], dtype=bool)


def number_values(cells) -> np.ndarray:
    """A column of cxnlp's numbers (``cx_confidence``, ``cx_sentiment_score``) as floats, NaN where missing,
    whether they are numbers or text with a decimal point or comma ("0,9092", as a CSV written for a
    Spanish Excel holds them)."""
    import pandas as pd

    series = pd.Series(cells, dtype=object) if not isinstance(cells, pd.Series) else cells
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=float, na_value=np.nan)
    text = series.astype("string").str.strip().str.replace(_DECIMAL_COMMA, r"\1.\2", regex=True)
    return pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


_DECIMAL_COMMA = r"^([+-]?[0-9]+),([0-9]+)$"
