"""Themes: the values of one or more columns that ``summarize`` breaks the metrics down by.

A theme dimension is a label axis of the classified output (touchpoints, areas, stage,
sentiment; multi-label cells split on ``|``, a comment counting in each of its labels) or any
user column (region, channel). Several dimensions combine (``"touchpoints×sentiment"``). The
work is done on (row, theme id) pairs, one per theme of each row, so memory grows with the rows
and not with the number of themes.
Reading a multi-label cell (``split_labels``, lists written as text among them) is ``_label_lists``'s.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable
from decimal import Decimal

import numpy as np
import pandas as pd

from ..columns import (AXIS_COLUMNS, AXIS_NAMES, MULTI_LABEL_COLUMNS, axis_column, find_column, flag_word,
                       listed_columns, names_a_column, sentiment_label, unique_column)
from ..exceptions import DataError, quoted_cell, shown_value
from ..schema import CHANGES_COLUMNS, DRIVERS_COLUMNS, OUTPUT_PREFIX, SENTIMENTS
from ._blank_labels import blank_words, without_blank_words
from ._by_typos import check_joined_name_typo
from ._label_lists import THEME_SEPS, split_labels
from ._named_themes import effort_theme, emotions_theme, theme_label

#: Rows whose labels count for themes; other statuses still count in the overall metrics.
LABELLED_STATUSES = ("ok", "truncated")
#: Joins the dimensions of a combined theme: "touchpoints×sentiment", "delivery × negative".
COMBINE = "×"


def is_label_column(column) -> bool:
    """Whether ``column`` is one of the classified output (``cx_``), whose themes only labelled rows carry."""
    return isinstance(column, str) and column.startswith(OUTPUT_PREFIX)  # a user's column may be named 7


def labelled_rows(frame: pd.DataFrame) -> np.ndarray:
    """Which rows carry labels (``cx_status`` ok or truncated); all rows when there is no status."""
    if "cx_status" in frame:
        return frame["cx_status"].isin(LABELLED_STATUSES).to_numpy()
    return np.ones(len(frame), dtype=bool)


#: Signal columns of a summary (effort_high, emotions_n, emotion_frustration, churn_risk...).
_SIGNAL_PREFIXES = ("effort", "emotion", "churn", "escalation")
#: Columns of a summary whatever its metrics, and of the drivers and changes tables built on the same ``by``; a
#: user's column of the same name is renamed by_<name>.
_TABLE_COLUMNS = frozenset({"theme", "label", "n", "share", "period", "net_sentiment", "below_min_n",
                            *DRIVERS_COLUMNS, *CHANGES_COLUMNS})


def resolve_by(frame: pd.DataFrame, by) -> list[tuple[str, str]]:
    """``[(output name, column)]`` for each dimension of ``by``, the names distinct; [] for the overall row
    (``by=None``).

    A column of yours named like a column of the summary, drivers or changes table (``n``, ``csat``, ``rank``) is
    named ``by_<name>``, with one more ``by_`` while that is a column of ``frame`` too (``by_by_n``).

    ``by`` is an axis name, a column (of any name: 7 too), names joined by ``×`` (or `` x ``, ``*``, ``+``,
    ``,``), or a list. An axis's own name as cxnlp writes it (lower case: "touchpoints", "area"...) is the axis; any
    other spelling of one ("Area", "SENTIMENT") is a column of exactly that name where the frame has one (a survey's
    own business unit), else the axis. ``cx_areas`` always names the model's axis.
    """
    dims = []
    taken = set(frame.columns)
    parts = by_parts(frame.columns, by)
    for part in parts:
        column = _part_column(frame, part)
        name = column[3:] if column in AXIS_COLUMNS.values() else column
        if any(seen == column for _, seen in dims):  # not a walrus on the part typed: a column 0 is falsy
            raise DataError(_repeated_message(frame, parts, column))
        # A user column named like a column of the table ('csat', 'n', 'period'; the drivers' 'rank' and 'value',
        # the changes' 'test' and 'p') keeps its values under 'by_<name>', and under 'by_by_<name>' (one more
        # 'by_' each time) where that is a column of the frame or another dimension's name: by=['n', 'by_n'] gave
        # two columns 'by_n', and one dimension was lost.
        if column == name and _reserved(name):
            name = f"by_{name}"
            while name in taken:
                name = f"by_{name}"
        while name in (earlier for earlier, _ in dims):
            name = f"by_{name}"
        dims.append((name, column))
    return dims


def _part_column(frame: pd.DataFrame, part) -> str:
    """The column of ``frame`` that ``part`` of ``by`` names: an axis's classified column, or a column of yours."""
    column = axis_column(part) if is_axis_name(part, frame.columns) else None
    if column is None:
        return find_column(frame.columns, part, "Theme column (by)")
    if column not in frame.columns:
        raise DataError(f"by={part!r} needs the classified column {column!r}; classify the comments first "
                        f"(Model.classify_frame or 'cxnlp classify'). The table has "
                        f"{listed_columns(list(frame.columns))}.")
    unique_column(frame.columns, column, "Theme column (by)")
    return column


def _repeated_message(frame: pd.DataFrame, parts: list, column) -> str:
    """The error for a ``by`` whose ``parts`` name ``column`` more than once: how many times, in which spellings, and
    the value to give instead, every repeat left out, as the command line says of a repeated --by ("give it once:
    --by tema"). A part that names no column is kept as typed, for its own error once the repeat is gone."""
    def named(part):
        try:
            return _part_column(frame, part)
        except DataError:
            return None

    columns = [named(part) for part in parts]
    typed = [part for part, seen in zip(parts, columns) if seen == column]
    kept, seen = [], set()
    for part, found in zip(parts, columns):
        key = ("column", found) if found is not None else ("typed", part)
        if key not in seen:
            seen.add(key)
            kept.append(part)
    also = [part for part in dict.fromkeys(typed) if part != typed[0]]
    spellings = f" (also as {', '.join(repr(part) for part in also)})" if also else ""
    joined = all(isinstance(part, str) and "," not in part for part in kept)  # else a list: 0 is no '0'
    value = kept[0] if len(kept) == 1 else ",".join(kept) if joined else kept
    return f"by names {typed[0]!r} {len(typed)} times{spellings}; give it once: by={value!r}."


def is_axis_name(part, columns) -> bool:
    """Whether ``part`` of ``by`` names a label axis, not a column of ``columns``: written as cxnlp names the axes
    (lower case), or another spelling of one that is no column's exact name. cxnlp's own names stay the axes
    where a frame holds labels under them too (training data, the service's /v1/classify rows)."""
    return axis_column(part) is not None and (part in AXIS_COLUMNS or part not in columns)


def by_parts(columns, by) -> list:
    """The names ``by`` is made of, before they are looked up (``resolve_by``); [] for ``by=None``."""
    if by is None:
        return []
    if isinstance(by, pd.Series) and len(by) and all(isinstance(p, str) and (p in columns or axis_column(p) is not None)
                                                     for p in by):
        by = list(by)  # a Series of names, as a list of them (pd.Series(['touchpoints', 'region']))
    given = by  # as the user wrote it, for the error ('touchpoints,' and not 'touchpoints×')
    if isinstance(by, (pd.Series, pd.DataFrame)):  # a column's cells were read as the names of the themes' columns
        named = f"; give its name, {by.name!r}" if isinstance(by, pd.Series) and isinstance(by.name, str) else ""
        raise DataError(f"by names the theme columns (e.g. 'touchpoints' or ['touchpoints', 'region']), got a pandas "
                        f"{type(by).__name__}{named}.")
    if isinstance(by, str):
        if by in columns or axis_column(by) is not None:
            parts = [by]
        else:
            whole = by
            for sep in (" x ", "*", "+", ","):
                by = by.replace(sep, COMBINE)
            parts = [p.strip() for p in by.split(COMBINE)]
            if len(parts) > 1 and names_a_column(list(columns), whole):  # "Cuéntenos, por favor" typed loosely
                parts = [whole]  # (one name stays stripped as before: "sentiment " is still the axis)
            elif len(parts) > 1:  # ("Regon, zona" for "Region, zona": not 'Regon' not found)
                check_joined_name_typo(columns, whole, parts)
    elif isinstance(by, Iterable) and not (isinstance(by, Hashable) and by in columns):
        parts = list(by)
    else:  # one column named by a number (7) or by another value that is not text
        parts = [by]
    if not parts or not all(p.strip() if isinstance(p, str) else isinstance(p, Hashable) for p in parts):
        shown = repr(given) if isinstance(given, str) else shown_value(given)  # (a column's cells: many lines)
        raise DataError(f"by must name one or more columns, e.g. 'touchpoints' or 'touchpoints,sentiment'; got "
                        f"{shown}.")
    return parts


def _reserved(name: str) -> bool:
    """Whether ``name`` is a column ``summarize``, ``drivers`` or ``changes`` writes itself (a metric, a count, a
    share, a sentiment, an effect, a test)."""
    from .base import registered

    return isinstance(name, str) and (
        name in _TABLE_COLUMNS or name in SENTIMENTS or name.startswith(_SIGNAL_PREFIXES)
        or any(name == m or name.startswith(f"{m}_") for m in registered()))  # nps, nps_low, csat_n...


def blank_columns(frame: pd.DataFrame, dims: list[tuple[str, str]], labelled: np.ndarray) -> list:
    """The columns of yours among ``dims`` (``resolve_by``'s pairs) with no value in any row (an export's store
    column left blank): why a table by them has no row. The one rule of the command line's note, the drivers'
    error and the report's lines, which each said it in their own words from their own copy."""
    return [column for _, column in dims
            if not is_label_column(column) and not theme_pairs(frame, [("", column)], labelled)[0].size]


def theme_pairs(frame: pd.DataFrame, dims: list[tuple[str, str]], labelled: np.ndarray):
    """(row, theme id) pairs, one per theme of each row, and each theme id's tuple of values.

    Label axes count only the ``labelled`` rows; user columns count every row.
    """
    if not dims:
        return np.arange(len(frame)), np.zeros(len(frame), dtype=np.int64), [("all",)]
    rows, ids, cats = None, None, [()]
    for _, column in dims:
        label = is_label_column(column)
        r, i, c = _column_pairs(_cells(frame, column), column in MULTI_LABEL_COLUMNS, labelled if label else None,
                                blank_words(column) if label else frozenset())
        if rows is None:
            rows, ids, cats = r, i, [(v,) for v in c]
            continue
        joined = pd.DataFrame({"r": rows, "a": ids}).merge(pd.DataFrame({"r": r, "b": i}), on="r", sort=True)
        codes, uniques = pd.factorize(joined["a"].to_numpy() * len(c) + joined["b"].to_numpy())
        cats = [cats[u // len(c)] + (c[u % len(c)],) for u in uniques]
        rows, ids = joined["r"].to_numpy(), codes.astype(np.int64)
    return rows, ids, cats


def theme_period_groups(rows: np.ndarray, theme: np.ndarray, row_period: np.ndarray, n_themes: int,
                        n_periods: int):
    """Group (row, theme) pairs by theme x period, dropping rows whose date was excluded (period < 0).

    Returns the kept rows, their group ids (``theme * n_periods + period``), the count of every group,
    and the ids of the groups that occur: ``present // n_periods`` is their theme, ``% n_periods`` their
    period. ``summarize`` and the partition back ends group with this one function."""
    keep = row_period[rows] >= 0
    rows, theme = rows[keep], theme[keep]
    group = theme * n_periods + row_period[rows]
    count = np.bincount(group, minlength=n_themes * n_periods)
    return rows, group, count, np.flatnonzero(count)


def _cells(frame: pd.DataFrame, column) -> pd.Series:
    """The cells of a theme dimension's ``column``; a sentiment read as everywhere else (``sentiment_label``:
    "Positive " and "positive" were two themes, the first without its display name), and so an effort and an industry
    (an id, as training reads it: "Telecom " is telecom); a churn-risk or escalation flag as summaries count it
    (``flag_word``: "Yes", "sí" and True were themes apart from "yes")."""
    if column in (AXIS_COLUMNS["sentiment"], "cx_effort", "cx_industry"):
        read = effort_theme if column == "cx_effort" else sentiment_label  # "Esfuerzo alto" is high
    elif column in _FLAG_COLUMNS or column == "cx_emotions":
        read = _flag_theme if column in _FLAG_COLUMNS else emotions_theme  # a list is 'anger|worry', as the service's
    else:
        return frame[column]
    # Each distinct cell read once; factorize_cells as for any theme: a list cell is a theme, a dict a DataError.
    codes, uniques = factorize_cells(frame[column])
    names = np.array([read(u) for u in uniques] + [None], dtype=object)
    return pd.Series(names[codes], index=frame.index, name=column)


#: Signal columns whose cells are flags, read as yes or no (``signals``: the words of training).
_FLAG_COLUMNS = ("cx_churn_risk", "cx_escalation")


def _flag_theme(value):
    """A flag cell's theme: "yes" or "no" where it is a flag word, else the cell as it is (an unreadable "quizás")."""
    flag = flag_word(value)
    return value if flag is None else "yes" if flag else "no"


def _column_pairs(series: pd.Series, multi: bool, mask: np.ndarray | None, blank: frozenset):
    codes, uniques = factorize_cells(series, bools_apart=True)
    if mask is not None:
        codes = np.where(mask, codes, -1)
    labels_of = without_blank_words([_cell_labels(u, multi, series.name) for u in uniques], codes, blank, series.name)
    # A theme is named theme_id(value): 101, 101.0 and "101" (numbers and text in one object column, whole numbers
    # read as floats) are one theme, shown with the first of its values.
    first = {}
    for labs in labels_of:
        for lab in labs:
            first.setdefault(theme_id(lab), lab)
    vocab = {key: k for k, key in enumerate(first)}
    lengths = np.array([len(labs) for labs in labels_of] + [0], dtype=np.int64)
    flat = np.array([vocab[theme_id(lab)] for labs in labels_of for lab in labs], dtype=np.int64)
    starts = np.append(np.cumsum(lengths[:-1]) - lengths[:-1], 0)
    per_row = lengths[codes]  # code -1 picks the trailing 0
    rows = np.repeat(np.arange(len(series)), per_row)
    within = np.arange(rows.size) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    return rows, flat[np.repeat(starts[codes], per_row) + within], list(first.values())


#: Floats up to this size are whole numbers exactly when ``is_integer()`` says so (2**53: a double's integers).
_EXACT_INTEGERS = 2**53
#: A whole number as text in the plain form of a float ("101.0", "-3.00"): no sign "+", no leading zero, no
#: exponent, and at most the 16 digits of the numbers under ``_EXACT_INTEGERS``.
_WHOLE_DECIMAL_TEXT = re.compile(r"(-?(?:0|[1-9][0-9]{0,15}))\.0+")


def theme_id(value) -> str:
    """The name of the theme ``value`` gives: a whole number written as a decimal as that whole number, "101",
    and any other value as ``str`` (text stripped, in Unicode's composed form NFC: "Perú" typed on a Mac is
    "u" and an accent apart, and the two spellings were two themes that printed alike).

    A whole number is written as a decimal when it is a float (pandas reads a column of whole numbers with blanks
    as floats: 101.0), a ``Decimal`` (``Decimal("101.0")``), or text in the plain form a float is written in:
    "101.0" (a CSV written by pandas from such a column, or Dask's text of an object column's 101.0), "101.00",
    "-3.0", spaces around it ignored. Other text is taken as written: "1e2", "101.", "+101.0" and "0101.0" (a
    leading zero, as in a code) are themes of their own. Only whole numbers under 2**53 in size are named so, as
    larger floats are not exactly the whole number they were read from.

    >>> [theme_id(v) for v in (101, 101.0, " 101 ", " 101.0 ", 101.5, "1e2", True)]
    ['101', '101', '101', '101', '101.5', '1e2', 'True']
    """
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value.strip())
        whole = _WHOLE_DECIMAL_TEXT.fullmatch(text)
        return str(int(whole[1])) if whole and abs(int(whole[1])) < _EXACT_INTEGERS else text
    if isinstance(value, (float, np.floating)) and value.is_integer() and abs(float(value)) < _EXACT_INTEGERS:
        return str(int(value))
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value() \
            and abs(value) < _EXACT_INTEGERS:
        return str(int(value))
    return str(value)


def _cell_labels(value, multi: bool, column=None) -> list:
    """The themes of one cell: its labels in a multi-label column, each once and in lower case as training reads a
    label id ('Delivery' and 'delivery' were two themes, of a file edited by hand or rows sent to the service), a
    built-in label by its display name its id (``theme_label``: 'Aplicación móvil' is app), else the value itself
    (text stripped, in NFC as ``theme_id`` names it: the ``by`` column of a summary showed "Perú" of a Mac in NFD)."""
    if multi and (labels := split_labels(value, THEME_SEPS)) is not None:
        return list(dict.fromkeys(theme_label(label, column) for label in labels))
    if isinstance(value, str):
        return [unicodedata.normalize("NFC", value.strip())] if value.strip() else []
    return [value]


def hashable_cells(series: pd.Series, *, bools_apart: bool = False) -> pd.Series:
    """``series`` with list and array cells (labels from the service or a JSON or Parquet list column) as
    tuples: ``pd.factorize`` hashes each cell, and a list cannot be hashed (nor can a dict: ``factorize_cells``). An
    Arrow list column (Parquet read with ``dtype_backend="pyarrow"``) is read as such cells: Arrow cannot factorize
    lists. With ``bools_apart``, booleans among other values are the text "True" and "False": True == 1 in Python,
    and factorize made a column of 1, "1" and True one theme "1" of three rows."""
    if isinstance(series.dtype, pd.ArrowDtype) and "list" in str(series.dtype.pyarrow_dtype):
        series = series.astype(object)
    if series.dtype != object or pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty", "boolean"):
        return series
    return series.map(_hashable_apart if bools_apart else _hashable)


def _hashable(value):
    return tuple(value) if isinstance(value, (list, np.ndarray)) else value


def _hashable_apart(value):
    return str(bool(value)) if isinstance(value, (bool, np.bool_)) else _hashable(value)


def factorize_cells(series: pd.Series, *, bools_apart: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of ``hashable_cells(series, bools_apart=...)``, missing cells -1. A cell that cannot be
    hashed (a dict or a set: a JSON object's cell) is a ``DataError`` naming the column, where pandas raised
    TypeError."""
    cells = hashable_cells(series, bools_apart=bools_apart)
    try:
        return pd.factorize(cells, use_na_sentinel=True)
    except TypeError:
        value = next(v for v, cell in zip(series, cells) if not _hashes(cell))  # (once it failed: no cost before)
        raise DataError(f"column {series.name!r} holds {type(value).__name__} cells such as {quoted_cell(str(value))}, "
                        f"which cannot be grouped by; give a column of text, numbers or lists of labels.") from None


def _hashes(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def dim_column(columns, dim):
    """The column of ``columns`` that a summary's ``by`` dimension ``dim`` was read from, as ``resolve_by`` names
    it: an axis's ``cx_`` column, a user column named like a summary column (``by_churn``, or ``by_by_churn`` where
    the frame has a column ``by_churn``) that column (churn)."""
    if dim in AXIS_NAMES:
        return AXIS_COLUMNS[dim]
    if isinstance(dim, str) and dim not in columns:  # by_n, or by_by_n where the frame has a column by_n
        name = dim
        while name.startswith("by_"):
            name = name[3:]
            if name in columns and _reserved(name):
                return name
    return dim


def theme_mask(frame: pd.DataFrame, by: list[str], row: pd.Series) -> np.ndarray:
    """Rows of ``frame`` in the theme of summary ``row`` (one value per dimension of ``by``)."""
    mask = np.ones(len(frame), dtype=bool)
    for dim in by:
        column = dim_column(frame.columns, dim)
        codes, uniques = factorize_cells(_cells(frame, column), bools_apart=True)
        multi = column in MULTI_LABEL_COLUMNS
        value = _row_theme(column, row[dim], multi)  # the theme's id, as theme_pairs names it
        hit = [value in map(theme_id, _cell_labels(u, multi, column)) for u in uniques]
        mask &= np.append(np.array(hit, dtype=bool), False)[codes]
    if by and all(d in AXIS_NAMES for d in by) and "cx_status" in frame:
        mask &= frame["cx_status"].isin(LABELLED_STATUSES).to_numpy()
    return mask


def _row_theme(column, value, multi: bool) -> str:
    """The id of the theme a summary row names in ``column``, read as the column's cells are (``_cells``,
    ``_cell_labels``): a row written "Delivery" or " delivery " is the theme delivery of a label axis, not none."""
    if column in (AXIS_COLUMNS["sentiment"], "cx_effort", "cx_industry"):
        value = (effort_theme if column == "cx_effort" else sentiment_label)(value)
    elif column in _FLAG_COLUMNS or column == "cx_emotions":
        value = (_flag_theme if column in _FLAG_COLUMNS else emotions_theme)(value)
    labels = _cell_labels(value, multi, column) if isinstance(value, str) else [value]
    return theme_id(labels[0] if len(labels) == 1 else value)


__all__ = ["COMBINE", "LABELLED_STATUSES", "blank_columns", "dim_column", "is_axis_name", "is_label_column",
           "labelled_rows", "resolve_by", "theme_id", "theme_mask", "theme_pairs"]
