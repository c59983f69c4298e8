"""How a ``where`` filter reads the columns it names: blank text cells as missing, and text columns as numbers or
flags where the filter compares them so ("nps >= 9", "not cx_needs_review").

This lives apart from ``_query`` (checking a filter's syntax tree and evaluating it) because it is about the table,
not the expression: a table read from a file holds every answer as text, and these steps give the filter the
values it means before ``_query`` evaluates it. ``_query.query_mask`` imports ``_plain_values``, ``_blank_as_missing``,
``_typed``, ``_as_dates``, ``_uses`` and ``_check_compared`` (a column compared with a number holds numbers) from
here; the periods a filter's values name are ``_query_periods``'s.
"""

from __future__ import annotations

import ast
import keyword
import re

import numpy as np
import pandas as pd

from ..exceptions import CxnlpWarning, DataError
from ._query_periods import _YEAR, _mark_ends, _period_day, _period_days, _period_months, _period_starts

#: The comparisons that order two values: two columns ordered so are compared as numbers where both hold them.
_ORDER = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
#: A number written with a leading zero ("01", "09000"): a code, ordered as text against another column.
_LEADING_ZERO = r"^\s*[+-]?0[0-9]"


def _plain_values(frame: pd.DataFrame, used: set[str]) -> pd.DataFrame:
    """``frame`` with the unordered Categorical columns named in ``used`` as their plain values (then read as numbers,
    flags or text as any other column): pandas cannot order them, and "nps >= 9" failed with "Unordered Categoricals
    can only compare equality or not". An ordered Categorical keeps its order ("nivel >= 'medio'")."""
    plain = None
    for column in frame.columns:
        dtype = frame[column].dtype
        if str(column) in used and isinstance(dtype, pd.CategoricalDtype) and not dtype.ordered:
            plain = frame.copy(deep=False) if plain is None else plain
            plain[column] = pd.Series(np.asarray(frame[column]), index=frame.index, name=column)
    return frame if plain is None else plain


def _blank_as_missing(frame: pd.DataFrame, used: set[str]) -> pd.DataFrame:
    """``frame`` with the blank cells (empty or spaces only) of the text columns named in ``used`` as missing: a table
    read from a file holds a blank answer as "", which "!=", "not in", "~….str.contains" and "not flag" selected and
    ".isna()" never found, where docs/insights.md 6.1 says a missing answer is selected by no comparison (QA Y 2)."""
    blanked = None
    for column, series in _text_columns(frame, sorted(used)):
        blank = series.map(lambda v: isinstance(v, str) and not v.strip(), na_action="ignore")
        blank = blank.to_numpy(dtype=bool, na_value=False)  # (fillna(False): pandas 2.2 warned on every --where)
        if blank.any():
            blanked = frame.copy(deep=False) if blanked is None else blanked
            blanked[column] = series.mask(blank)
    return frame if blanked is None else blanked


def _text_columns(frame: pd.DataFrame, names):
    """``(column, cells)`` of each column of ``frame`` named in ``names`` (as a filter writes names) that holds
    text: the only columns a filter's blanks and numbers are read in."""
    by_name = {str(c): c for c in frame.columns}
    for name in names:
        column = by_name.get(name)
        if column is not None and (frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column].dtype)):
            yield column, frame[column]


def _typed(frame: pd.DataFrame, numeric: set[str], boolean: set[str], ordered: list[set[str]]) -> pd.DataFrame:
    """``frame`` with the text columns the filter compares with a number (``numeric``: "nps >= 9", ".between(1, 5)",
    "nps in [9, 10]", ".isin([9, 10])") read as numbers, and those it uses as a condition on its own (``boolean``:
    "cx_needs_review", "not flag") read as flags, when every cell of theirs is one (a column of flags compared with a
    number, "flag == 1", is read as flags too): a table read from a file holds text,
    and these filters failed on it. Columns ordered against each other (``ordered``: "nps < csat") are read as numbers
    when every cell of all of them is one: were one of them text ("zona < region"), the other read as numbers could
    not be ordered against it. A column compared with text ("zona == '01'") stays text."""
    from ..columns import FALSE_WORDS, TRUE_WORDS, flag_values, number_values

    numeric = set(numeric).union(*(group for group in ordered if all(_holds_numbers(frame, n) for n in group)))
    converts = {**dict.fromkeys(boolean - numeric, "flag"), **dict.fromkeys(numeric, "number")}
    typed = None
    for column, series in _text_columns(frame, converts):
        convert = converts[str(column)]
        cells = series.dropna().astype(str).str.strip()
        cells = cells[cells != ""]
        if cells.empty:
            continue
        if convert == "number" and not pd.isna(number_values(cells)).any():
            values = number_values(series)
        elif cells.str.lower().isin(TRUE_WORDS | FALSE_WORDS).all():
            # A flag, used on its own or compared with a number ("flag == 1", as pandas compares True with 1: left
            # as text, "True" never equalled 1). A missing flag is unknown, as a missing answer is to a comparison
            # ("not flag" leaves it out).
            values = pd.Series(flag_values(series), index=series.index, dtype="boolean").mask(series.isna().to_numpy())
        else:
            continue
        typed = frame.copy(deep=False) if typed is None else typed
        typed[column] = values
    return frame if typed is None else typed


def _holds_numbers(frame: pd.DataFrame, name: str) -> bool:
    """Whether the column ``name`` of ``frame`` can be ordered as numbers: one that holds text, when every cell of it
    that is not missing is a number and none is written with a leading zero (codes: "01", "09000", where "01" <= "1"
    as numbers but not "01" == "1"); one that does not hold text (numbers, or not a column: ``index``), always."""
    from ..columns import number_values

    for _, series in _text_columns(frame, [name]):
        cells = series.dropna().astype(str)
        return not (pd.isna(number_values(cells)).any() or cells.str.contains(_LEADING_ZERO).any())
    return True


def _as_dates(frame: pd.DataFrame, dated: list[tuple], ordered: list[set[str]]) -> tuple[pd.DataFrame, dict]:
    """``frame`` with the text columns compared with dates written as text ("Fecha >= '2024-12-01'", "Fecha in
    ['1 dic 2024']", ".between('01/12/2024', '31/12/2024')") or ordered against each other ("Cierre > Fecha") read as
    days by the reader of the metrics' periods (``read_dates``: day/month order decided per column, Spanish month
    names), when most cells of theirs that are not missing are one (``_column_days``), the others missing to the
    filter, with a warning that says so (``_warn_unread_days``); and, by node, the day each such value is under its
    columns' order. Left as text, "01/07/2024" came after "2024-12-01". A value that is no date, or a plain number (a
    code: "0100"), or a time equalled ("Fecha == '01/07/2024 08:38'", the cell written so), leaves its columns as text;
    a time ordered is refused, as days have none. A column of datetimes compared with a date written as text is read
    as days too, the value in the same order ('01/12/2024', 1 December, was 12 January to pandas); with a time, pandas
    compares it."""
    days, dates = {}, {}
    for names, values, orders in dated:
        codes = [node for node in values if _PLAIN_NUMBER.fullmatch(node.value) and not _YEAR.fullmatch(node.value)]
        if no_date := [node.value for node in values if node not in codes and np.isnat(_value_day(node.value, None))]:
            _refuse_no_date(frame, names, no_date[0], orders)
        if codes or no_date:
            continue  # before reading any column: "País == 'México'" reads no column as dates
        read = [days.get(name) or _column_days(frame, name, datetimes=True) for name in names]
        value_days = {node: {_value_day(node.value, column[2]) for column in read if column} for node in values}
        if not all(read) or not all(len(day) == 1 and pd.notna(*day) for day in value_days.values()):
            if orders:
                _warn_ordered_as_text(frame, [n for n, c in zip(names, read) if not c], values[0].value)
            continue
        timed = [node.value for node in values if _TIME_OF_DAY.search(node.value)]
        if timed and (not orders or any(pd.api.types.is_datetime64_any_dtype(frame[c[0]].dtype) for c in read)):
            if len(read) == 1 and pd.api.types.is_datetime64_any_dtype(frame[read[0][0]].dtype):
                dates.update(_value_times(values, frame[read[0][0]].dtype, read[0][2]))
            continue  # "Fecha == '01/07/2024 08:38'": the cell written so; a datetime's time, as pandas compares it
        if timed:
            raise DataError(f"dates are compared by day, as the trends read them, and {timed[0]!r} has a time of day; "
                            f"write the day alone, such as '2024-12-01'.")
        periods = [node for node in values if _period_months(node.value)]
        if periods and not orders and not all(_period_starts(column[1], periods[0].value) for column in read):
            period = periods[0].value
            example = _period_days(str(read[0][0]), period, pd.Timestamp(*value_days[periods[0]]))
            raise DataError(f"dates are compared by day, and {period!r} names a year, a month or a quarter, which "
                            f"would be its first day alone; select its days with >= and <, such as \"{example}\".")
        days.update(zip(names, read))
        dates.update((node, _period_day(node, *day)) for node, day in value_days.items())
    for names in ordered:  # "Cierre > Fecha": both columns of dates
        read = [days.get(name) or _column_days(frame, name) for name in names]
        if all(read):
            days.update(zip(names, read))
    if not days:
        return frame, dates
    typed = frame.copy(deep=False)
    for column, values, _ in days.values():
        _warn_unread_days(frame[column], values)
        typed[column] = values
    return typed, dates


def _check_compared(left, right, order: bool = True) -> None:
    """A column compared with numbers (``right``, or a list of them) holds numbers: "Fecha == 20240301" on dates and
    "nps == 9" on text with an "N/A" (which ``_typed`` leaves as text) selected nothing, and "Fecha > 20240301" and
    "nps >= 9" failed with pandas' "Invalid comparison between dtype=str and int". A sheet's numbers held as numbers
    beside "N/A" (no number held as text) equal ("==", "in") as they always did; a CSV's dates are dates."""
    from ..columns import number_values

    for column, value in ((left, right), (right, left)):
        values = value if isinstance(value, list) else [value]
        if not (isinstance(column, pd.Series) and values and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)):
            continue
        name, dates = str(column.name), pd.api.types.is_datetime64_any_dtype(column.dtype)
        shown = name if name.isidentifier() and not keyword.iskeyword(name) else f"`{name}`"
        if not (dates or pd.api.types.is_string_dtype(column.dtype)):
            continue  # numbers, or flags ("flag == 1"): compared as pandas compares them
        cells, held = column.dropna().astype(str), column.dropna().map(lambda v: isinstance(v, str)).to_numpy(bool)
        no = pd.isna(number_values(cells))  # a cell that is no number; ``held``: a cell held as text
        texts = list(pd.unique(cells[no]))[:3] if not dates and (order or held.all() or (held & ~no).any()) else []
        if dates or texts and _column_days(column.to_frame(), name):  # a CSV's dates ('2024-03-01') as a Parquet's
            raise DataError(f"the column {name!r} holds dates, and {values[0]!r} is a number; write a date as text, "
                            f"such as \"{shown} >= '2024-12-01'\" (a month: '2024-12'; a year: '2024').")
        if texts:
            raise DataError(f"the column {name!r} is compared with a number, and holds text that is no number "
                            f"({', '.join(map(repr, texts))}); write the value in quotes to compare the text as "
                            f"written (\"{shown} == '{values[0]}'\").")


def _refuse_no_date(frame: pd.DataFrame, names: set[str], value: str, orders: bool) -> None:
    """A ``DataError`` where ``value``, no date, is compared with a column of datetimes, or ordered against a text
    column of dates: "Fecha > 'ayer'" compared the text and selected nothing, and a column of datetimes failed with
    pandas' "Invalid comparison between dtype=datetime64[ns] and str". A text column may hold the value ("Fecha ==
    'pendiente'"); a value pandas reads as a time ("2 pm", its own zone) is left to pandas on datetimes."""
    for name in sorted(names):
        column = {str(c): c for c in frame.columns}.get(name)
        datetimes = column is not None and pd.api.types.is_datetime64_any_dtype(frame[column].dtype)
        if datetimes and pd.isna(pd.to_datetime(value, errors="coerce")) or orders and _column_days(frame, name):
            shown = name if name.isidentifier() and not keyword.iskeyword(name) else f"`{name}`"
            raise DataError(f"the column {name!r} holds dates, and {value!r} is no date; write a date as text, such as "
                            f"\"{shown} >= '2024-12-01'\" (a month: '2024-12'; a year: '2024').")


def _warn_ordered_as_text(frame: pd.DataFrame, names: list[str], value: str, sample: int = 100) -> None:
    """A warning for each text column of ``names`` ordered against the date ``value`` as text, though at least half of
    its first ``sample`` distinct cells are dates (``_DATES_PERCENT``): silently, '31/07/2024' followed '2024-12-01'."""
    from ..exceptions import warn_outside
    from ..metrics.periods import read_dates
    from ..pii import shown_cells

    for column, series in _text_columns(frame, names):
        head = pd.Series(pd.unique(series.dropna().iloc[:sample * 10])[:sample], dtype=object)
        no_date = head[np.isnat(read_dates(head, True)[0]) & np.isnat(read_dates(head, False)[0])
                       | head.astype(str).str.fullmatch(_PLAIN_NUMBER).to_numpy()]  # codes: no dates
        if len(head) and 2 * len(no_date) <= len(head):
            seen = (f"{len(no_date)} of its first {len(head)} distinct values read as no date (" + shown_cells(
                no_date[:3]) + ")") if len(no_date) else (  # the others further down
                f"its first {len(head)} distinct values read as dates, and more than a tenth of all, or a code, do not")
            warn_outside(f"where: column {str(column)!r} is ordered against {value!r} as text, not as dates: {seen}.",
                         CxnlpWarning)


def _warn_unread_days(cells: pd.Series, days: pd.Series) -> None:
    """A warning naming the column, the count and a few of the ``cells`` that read as no date (``days`` missing where
    the cell is not): the filter leaves them out as it leaves out blank answers, as the trends leave out the rows they
    cannot date, and silently "Fecha >= '2024-12-01'" would select fewer rows than the column holds."""
    from ..exceptions import warn_outside
    from ..pii import shown_cells

    unread = cells[cells.notna().to_numpy() & days.isna().to_numpy()]
    if unread.empty:
        return
    examples = shown_cells(pd.unique(unread)[:3])
    one = len(unread) == 1  # left out of the comparisons with dates: "Fecha == 'pendiente'" still selects them
    told = (f"{len(unread)} {'cell that reads' if one else 'cells that read'} as no date ({examples}) "
            f"{'is' if one else 'are'} left out of the comparisons with dates, as "
            f"{'a blank answer is' if one else 'blank answers are'}")
    warn_outside(f"where: column {str(cells.name)!r}: {told}.", CxnlpWarning)


#: A value written as a plain number ("0100", "45474"): a code or an amount, which the date reader reads as an Excel
#: serial day.
_PLAIN_NUMBER = re.compile(r"\s*[+-]?[0-9]+(?:[.,][0-9]+)?\s*")
_TIME_OF_DAY = re.compile(r"[0-9]:[0-9]{2}")


def _column_days(frame: pd.DataFrame, name: str, *, datetimes: bool = False) -> tuple | None:
    """(column, its days, whether read day first) of the text column ``name`` of ``frame``, when at least
    ``_DATES_PERCENT`` % of the distinct cells of it that are not missing read as dates (``read_dates``; the others are
    missing days, as the trends leave out the rows they cannot date: one 'pendiente' left the whole column as text,
    ordered as text) and none is a plain number (codes: "01234", which the reader reads as an Excel serial day), or
    with ``datetimes`` of a column of datetimes (Parquet's, with a time zone or not, or Arrow's dates: their local
    day, as the trends read them); None otherwise."""
    from ..metrics.periods import read_dates

    column = {str(c): c for c in frame.columns}.get(name)
    if datetimes and column is not None and pd.api.types.is_datetime64_any_dtype(frame[column].dtype):
        days, _, dayfirst = read_dates(frame[column])
        return column, pd.Series(days, index=frame.index, name=column), dayfirst
    for column, series in _text_columns(frame, [name]):
        present = series.notna().to_numpy()
        if not present.any() or _mostly_no_dates(series[present]):  # free text ("Comentario != '1 dic 2024'")
            return None
        if series[present].astype(str).str.fullmatch(_PLAIN_NUMBER).any():
            return None
        days, _, dayfirst = read_dates(series)
        unread = present & np.isnat(days)
        if not _mostly_dates(series[present].nunique() - series[unread].nunique(), series[present].nunique()):
            return None
        return column, pd.Series(days, index=series.index, name=column), dayfirst
    return None


#: The percentage of a text column's distinct cells that must read as dates for a filter to compare it as dates.
_DATES_PERCENT = 90


def _mostly_dates(dates: int, cells: int) -> bool:
    """Whether ``dates`` of ``cells`` distinct cells are at least ``_DATES_PERCENT`` of them (whole numbers: 0.1 * 10
    is a hair under 1 in floating point)."""
    return 100 * dates >= _DATES_PERCENT * cells


def _mostly_no_dates(cells: pd.Series, sample: int = 100) -> bool:
    """Whether too many of the first ``sample`` distinct ``cells`` are no date in either day/month order
    (``_mostly_dates``): reading a column of free text or codes whole (``read_dates``) took 40 s on a million distinct
    cells, where a column of dates takes 3 s; such a column is known not to be dates from its first cells."""
    from ..metrics.periods import read_dates

    head = pd.Series(pd.unique(cells.iloc[:sample * 10])[:sample], dtype=object)
    no_date = np.isnat(read_dates(head, True)[0]) & np.isnat(read_dates(head, False)[0])
    return not _mostly_dates(int((~no_date).sum()), len(head))


def _value_times(values: list[ast.Constant], dtype, dayfirst: bool) -> dict:
    """By node, the time each of ``values`` (dates with a time of day) is in a column of NumPy datetimes of ``dtype``
    whose days are read ``dayfirst``: its day as ``_value_day`` reads it, at its time, in the column's time zone.
    pandas read "ts > '01/12/2024 12:00'" month first (12 January) where "ts > '01/12/2024'" is 1 December. A value
    written otherwise (its own zone, "2 pm") is left to pandas, as is a column of Arrow's dates."""
    if not isinstance(dtype, (np.dtype, pd.DatetimeTZDtype)):
        return {}
    times = {}
    for node in values:
        time = _CLOCK.search(node.value)
        day = _value_day(_CLOCK.sub("", node.value), dayfirst)
        if time and not np.isnat(day):
            hours, minutes, seconds = (int(part or 0) for part in time.groups())
            stamp = pd.Timestamp(day) + pd.Timedelta(hours=hours, minutes=minutes, seconds=seconds)
            times[node] = stamp.tz_localize(getattr(dtype, "tz", None))
    return times


#: A time of day written last in a value ("01/12/2024 08:38", "2024-12-01T08:38:05"), with nothing after it.
_CLOCK = re.compile(r"[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?\s*$")


def _value_day(text: str, dayfirst: bool | None) -> np.datetime64:
    """The day ``text`` reads as in a column read ``dayfirst`` (NaT where it is none; None: in either order); a year
    alone ("2024") its first day, which the reader takes for a serial day number."""
    from ..metrics.periods import read_dates

    if _YEAR.fullmatch(text):
        return np.datetime64(f"{text.strip()}-01-01", "ns")
    return read_dates(pd.Series([text], dtype=object), dayfirst)[0][0]


def _uses(tree: ast.Expression, quoted: dict[str, str]) -> tuple[set[str], set[str], list[set[str]], list[tuple]]:
    """The column names a checked filter (``_check``) compares with a number (or reads with ``.abs()``), those it
    uses as a condition on their own or compares with True or False, each group of names it orders against each
    other ("nps < csat"), and each group of names it compares with text values, with those values (the nodes) and
    whether it orders them (``_as_dates``: "Fecha >= '2024-12-01'", "Fecha.isin(['1 dic 2024'])")."""

    def name(node):
        return quoted.get(node.id, node.id) if isinstance(node, ast.Name) else None

    def number(node):
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            node = node.operand
        return isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool)

    def numbers(node):
        # A list of numbers ("nps in [9, 10]", ".isin([9, 10])") compares the column as numbers, as "nps == 9"
        # does: left as text, "9" never equalled 9 and the filter selected nothing.
        return isinstance(node, (ast.List, ast.Tuple, ast.Set)) and bool(node.elts) and all(map(number, node.elts))

    def flag(node):
        return isinstance(node, ast.Constant) and isinstance(node.value, bool)

    def text(node):
        return isinstance(node, ast.Constant) and isinstance(node.value, str)

    def texts(node):
        return [node] if text(node) else list(node.elts) if isinstance(node, (ast.List, ast.Tuple)) and node.elts \
            and all(map(text, node.elts)) else []

    numeric, boolean, ordered, dated = set(), set(), [], []
    conditions = [tree.body]
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            values = [value for operand in operands for value in texts(operand)]
            if values and any(map(name, operands)):  # "Fecha >= '2024-12-01'", "Fecha in ['1 dic 2024']"
                dated.append(({n for n in map(name, operands) if n}, values,
                              any(isinstance(op, _ORDER) for op in node.ops)))
                _mark_ends(node)
            if any(number(o) or numbers(o) for o in operands):
                numeric.update(n for n in map(name, operands) if n)
            elif any(map(flag, operands)):  # "cx_needs_review == True" reads the column as "cx_needs_review" does
                boolean.update(n for n in map(name, operands) if n)
            elif any(isinstance(op, _ORDER) for op in node.ops) and not any(map(text, operands)):
                ordered.append({n for n in map(name, operands) if n})  # "nps < csat": "10" came before "5" as text
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "between":
            if (n := name(node.func.value)) and all(number(a) for a in node.args[:2]):
                numeric.add(n)
            elif n and node.args and all(map(text, node.args[:2])):  # ".between('2024-12-01', '2024-12-31')"
                dated.append(({n}, node.args[:2], True))  # (not inclusive='right' given in place: no date)
                given = node.args[2:] or [k.value for k in node.keywords if k.arg == "inclusive"]
                inclusive = getattr(given[0], "value", "both") if given else "both"
                for bound, end in zip(node.args, [inclusive in ("right", "neither"), inclusive in ("both", "right")]):
                    bound._cx_end = end  # type: ignore[attr-defined]  # '2024-03' as the upper bound: to March's end
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "isin":
            if (n := name(node.func.value)) and node.args and numbers(node.args[0]):
                numeric.add(n)
            elif n and node.args and texts(node.args[0]):
                dated.append(({n}, texts(node.args[0]), False))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "abs":
            if n := name(node.func.value):  # ".abs()" is arithmetic: on text it failed with a pyarrow message
                numeric.add(n)
        elif isinstance(node, ast.BinOp) and not isinstance(node.op, (ast.BitAnd, ast.BitOr)):
            numeric.update(n for n in map(name, (node.left, node.right)) if n)  # arithmetic is on numbers
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)) and name(node.operand):
            numeric.add(name(node.operand))
        elif isinstance(node, ast.BoolOp):
            conditions.extend(node.values)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.Invert)):
            conditions.append(node.operand)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
            conditions.extend([node.left, node.right])
    boolean.update(n for n in map(name, conditions) if n)
    return numeric, boolean, ordered, dated
