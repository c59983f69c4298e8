"""``where`` filters as text ("`País` == 'México' and nps >= 9"): pandas query syntax, checked first.

A ``where`` string comes from the command line or a service's user, so it is never handed to
``DataFrame.query`` or ``DataFrame.eval``: they evaluate their expression, ``@name`` reaches the caller's
variables (and through them any module), and a column's methods can write files (``col.to_csv('...')``).
Its syntax tree must hold only what a filter needs: column names, literal values, comparisons,
``and``/``or``/``not`` (``&``, ``|``, ``~``), arithmetic, and a short list of column methods
(``.str.contains``, ``.isin``, ``.isna``...); anything else is a ``DataError`` that says what is allowed.
The checked tree itself is then evaluated here, node by node (``_Evaluator``), with pandas' meaning of each
operator: what runs is exactly what was checked. (An earlier version checked its own reading of the string
and let pandas evaluate the string: where the two readings of quotes and backslashes differed, a method
chain the check never saw ran.) Checking runs in time linear in the expression's length.
How the columns a filter names are read first (blank cells, numbers and flags held as text) is
``_query_columns``'s.
"""

from __future__ import annotations

import ast
import functools
import keyword
import operator
import re

import pandas as pd

from ..exceptions import DataError, shown_value
from ._query_columns import _as_dates, _blank_as_missing, _check_compared, _plain_values, _typed, _uses
from ._slow_patterns import slow_call

#: ``column.str.<method>(...)`` and ``column.<method>(...)`` a filter may call.
STR_METHODS = frozenset({"contains", "startswith", "endswith", "match", "fullmatch", "lower", "upper", "strip",
                         "len"})
SERIES_METHODS = frozenset({"isin", "isna", "notna", "isnull", "notnull", "between", "abs"})
#: The methods that test a cell's value ("nps.isin([9, 10])", "~nps.between(9, 10)", "~`País`.str.contains('Mé')"):
#: as a comparison, unknown where the cell is missing, so that their negation does not select the missing answer
#: either (``.isna()``/``.notna()`` ask for missing answers; an explicit ``na=`` says what a missing cell gives).
VALUE_TESTS = frozenset({"isin", "between", "contains", "startswith", "endswith", "match", "fullmatch"})
#: Keyword arguments those methods may take (each a literal value).
KEYWORDS = frozenset({"na", "case", "regex", "flags", "inclusive"})
_BINARY = (ast.BitAnd, ast.BitOr, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Mod, ast.FloorDiv)
_UNARY = (ast.Not, ast.Invert, ast.USub, ast.UAdd)
_COMPARE = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)
_ALLOWED = "column names, values, comparisons, and/or/not, arithmetic, and the column methods " + ", ".join(
    [f".str.{m}" for m in sorted(STR_METHODS)] + [f".{m}" for m in sorted(SERIES_METHODS)])


def query_mask(frame: pd.DataFrame, where: str) -> pd.Series:
    """The rows of ``frame`` that meet ``where`` (pandas query syntax, backticks around names with
    spaces), as a boolean Series on its index; a ``DataError`` for an expression that is not a plain
    filter (see the module's docstring) or whose value is not one boolean per row."""
    names = set(map(str, frame.columns)) | {"index"}
    if frame.index.name is not None:
        names.add(str(frame.index.name))
    tree, quoted = _check(where, names)
    used = {quoted.get(node.id, node.id) for node in ast.walk(tree) if isinstance(node, ast.Name)}
    numeric, boolean, ordered, dated = _uses(tree, quoted)
    text = _blank_as_missing(_plain_values(frame, used), used)
    typed = _typed(text, numeric, boolean, ordered)
    try:
        typed, dates = _as_dates(typed, dated, ordered)
        value = _Evaluator(typed, quoted, dates, text).visit(tree.body)
    except DataError as error:
        raise DataError(f"where={_shown(where)}: {error}") from None
    except Exception as error:  # pandas raises many kinds for a bad operation (text > number, ...)
        raise DataError(f"where={_shown(where)} is not a valid query on this table: {error}") from None
    if not (isinstance(value, pd.Series) and _is_bool(value.dtype) and value.index.equals(frame.index)):
        kind = type(value).__name__ + (f" of {value.dtype}" if hasattr(value, "dtype") else "")
        raise DataError(f"where={_shown(where)} is not a condition on the rows (such as '`País` == \"México\"'): "
                        f"it gives a {kind}, not a true or false per row.")
    return value.fillna(False).astype(bool)  # a missing answer (pandas' nullable booleans) selects nothing


def _is_bool(dtype) -> bool:
    """NumPy's bool, pandas' nullable boolean, or Arrow's (comparisons on a pyarrow-backed 'string' column)."""
    return pd.api.types.is_bool_dtype(dtype)


class _Evaluator:
    """The value of a checked filter (``_check``) on ``frame``: each node as ``DataFrame.eval`` reads it
    ("and", "or" and "not" row by row, a chain of comparisons joined by "and", ``x in [...]`` as
    ``x.isin([...])``, ``index`` the frame's index), computed from the tree that was checked."""

    _OPERATORS = {ast.BitAnd: operator.and_, ast.BitOr: operator.or_, ast.Add: operator.add,
                  ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
                  ast.Mod: operator.mod, ast.FloorDiv: operator.floordiv,
                  ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
                  ast.Gt: operator.gt, ast.GtE: operator.ge}

    def __init__(self, frame: pd.DataFrame, quoted: dict[str, str], dates: dict[ast.Constant, pd.Timestamp],
                 text: pd.DataFrame):
        self.frame, self.quoted, self.dates, self.text = frame, quoted, dates, text
        self.columns = {str(c): c for c in frame.columns}

    def visit(self, node: ast.AST):
        if isinstance(node, ast.Constant):  # a date written as text, as the columns it is compared with read it
            return self.dates.get(node, node.value)
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.visit(item) for item in node.elts]
        if isinstance(node, ast.Name):
            return self._name(self.quoted.get(node.id, node.id))
        if isinstance(node, ast.BoolOp):
            join = operator.and_ if isinstance(node.op, ast.And) else operator.or_
            return functools.reduce(join, map(self.visit, node.values))
        if isinstance(node, ast.UnaryOp):
            value = self.visit(node.operand)
            if isinstance(node.op, (ast.Not, ast.Invert)):
                return ~value if isinstance(value, pd.Series) else not value
            return -value if isinstance(node.op, ast.USub) else +value
        if isinstance(node, ast.BinOp):
            left, right = self.visit(node.left), self.visit(node.right)
            if not isinstance(node.op, (ast.BitAnd, ast.BitOr)):
                _check_arithmetic(left, right)
            return self._OPERATORS[type(node.op)](left, right)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        raise DataError(f"{type(node).__name__} is not allowed in a filter")  # _check refused it already

    def _name(self, name: str):
        if name in self.columns:
            return self.frame[self.columns[name]]
        if name == "index" or name == str(self.frame.index.name):  # as pandas reads them in a query
            return self.frame.index.to_series(index=self.frame.index)
        raise DataError(f"the name {name!r} is not a column of this table")  # _check refused it already

    def _as_text(self, node: ast.Name):
        """The column ``node`` names as the table holds it (blanks as missing): what the filter compares with a
        number or a date is read so (``_typed``, ``_as_dates``), and "nps.str.startswith('1') and nps >= 9"
        failed with "Can only use .str accessor with string values"."""
        name = self.quoted.get(node.id, node.id)
        return self.text[self.columns[name]] if name in self.columns else self.visit(node)

    def _compare(self, node: ast.Compare):
        left_node, result = node.left, None
        left = self.visit(left_node)
        for op, right_node in zip(node.ops, node.comparators):
            right = self.visit(right_node)
            sides = self._written(left_node, left, right_node), self._written(right_node, right, left_node)
            _check_compared(*sides, isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)))
            if isinstance(op, (ast.In, ast.NotIn)):
                step = _isin(*sides)
                step = ~step if isinstance(op, ast.NotIn) else step
            else:
                step = self._OPERATORS[type(op)](*sides)
            step = _unknown_where_missing(step, *sides)
            result = step if result is None else result & step
            left, left_node = right, right_node
        return result

    def _written(self, node: ast.AST, value, other: ast.AST):
        """``value``, or the text column ``node`` names where ``_as_dates`` read it as dates and ``other`` is text
        read as no date ("Fecha == 'pendiente' or Fecha >= '2024-12-01'": 'pendiente' is a cell of the column, which
        a date never equalled, so those rows were dropped), compared as written."""
        others = other.elts if isinstance(other, (ast.List, ast.Tuple)) else [other]
        if not (isinstance(node, ast.Name) and others and all(
                isinstance(o, ast.Constant) and isinstance(o.value, str) and o not in self.dates for o in others)):
            return value
        text = self._as_text(node)
        dated = isinstance(value, pd.Series) and pd.api.types.is_datetime64_any_dtype(value.dtype)
        return text if dated and not pd.api.types.is_datetime64_any_dtype(text.dtype) else value

    def _call(self, node: ast.Call):
        func = node.func  # _check allowed only column.str.<method>(...) and column.<method>(...)
        args = [self.visit(a) for a in node.args]
        keywords = {k.arg: self.visit(k.value) for k in node.keywords}
        if isinstance(func.value, ast.Attribute):  # column.str.<method>, on the text the table holds
            column = self._as_text(func.value.value)
            value = getattr(column.str, func.attr)(*args, **keywords)
            if "na" in keywords and value.dtype == object:  # (pandas 2.2's text, objects: na=None gave True/None)
                value = value.astype("boolean")
        else:
            column = self.visit(func.value)
            if func.attr == "abs":  # arithmetic: on text it failed with pyarrow's "no kernel matching input types"
                _check_arithmetic(column, 0)
            if func.attr == "isin" and node.args:  # ".isin(['pendiente'])" on a column read as dates: as written
                column = self._written(func.value, column, node.args[0])
            if func.attr in ("isin", "between"):
                _check_compared(column, args[0] if func.attr == "isin" and args else args[:2], func.attr == "between")
            value = getattr(column, func.attr)(*args, **keywords)
        if func.attr in VALUE_TESTS and "na" not in keywords:  # an answer tested, as a comparison does
            value = _unknown_where_missing(value, column, None)
        return value


def _unknown_where_missing(step, left, right):
    """The comparison ``step`` of ``left`` and ``right``, unknown (NA) where a column of either side has no value.

    NumPy's NaN != 10 is true: "nps != 10" (and "nps not in [10]") selected the respondents who gave no answer. A
    missing answer is selected by no comparison (docs/insights.md 6.1), and unknown rather than false so that "not
    (nps == 10)" leaves it out too ("and", "or" and "not" follow Kleene's logic; an unknown row is not selected).
    Ask for missing answers with ``.isna()``."""
    missing = None
    for side in (left, right):
        if isinstance(side, pd.Series):
            missing = side.isna() if missing is None else missing | side.isna()
    if missing is None or not isinstance(step, pd.Series) or not missing.any():
        return step
    return step.astype("boolean").mask(missing.to_numpy(), pd.NA)


def _isin(left, right) -> pd.Series:
    """``left in right`` as pandas' query reads it: the column on either side, ``isin`` the values on the other
    ("País in ['México']", "['México'] in País"); a lone value in a column is refused (pandas would look it up
    in the index)."""
    if isinstance(left, pd.Series):
        return left.isin(right.tolist() if isinstance(right, pd.Series) else right if isinstance(right, list)
                         else [right])
    if isinstance(right, pd.Series) and isinstance(left, list):
        return right.isin(left)
    raise DataError("'in' compares a column with a list of values (such as \"País in ['México', 'Chile']\"); "
                    "for text within a column's cells use .str.contains")


def _check_arithmetic(left, right) -> None:
    """Arithmetic in a filter is on numbers (and dates): repeating a text or a list ("'x' * 10**9",
    "[0] * 10**9") is refused, as it could exhaust memory."""
    for side in (left, right):
        if isinstance(side, pd.Series):
            text = not (pd.api.types.is_numeric_dtype(side.dtype) or pd.api.types.is_datetime64_any_dtype(side.dtype)
                        or pd.api.types.is_timedelta64_dtype(side.dtype))
        else:
            text = isinstance(side, bool) or not isinstance(side, (int, float))
        if text:
            raise DataError("arithmetic in a filter is on numbers and dates, not on text, lists or true/false")


def _check(where: str, names: set[str]) -> tuple[ast.Expression, dict[str, str]]:
    """The syntax tree of ``where`` and its backtick-quoted names (``_unquote_names``), once every node of it is
    one a filter may hold."""
    source, quoted = _unquote_names(where)
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        why = (error.msg if isinstance(error, SyntaxError)
               else "too deeply nested" if isinstance(error, (RecursionError, MemoryError)) else error)
        raise DataError(f"where={_shown(where)} is not a valid query: {why}{_keyword_hint(source, names)}") from None
    _fold_names(tree, names, quoted)
    for name in quoted.values():
        if name not in names:
            raise _not_a_column(where, name, names)
    for node in ast.walk(tree):
        problem = _problem(node, names | set(quoted))
        if problem and isinstance(node, ast.Name):  # (a function's name is met after its call, refused as such)
            raise _not_a_column(where, node.id, names, bare=True)
        if problem:
            raise DataError(f"where={_shown(where)}: {problem} is not allowed in a filter; use {_ALLOWED}.")
        if isinstance(node, ast.Call) and (slow := slow_call(node)):
            raise DataError(f"where={_shown(where)}: {slow}")
        if none := _none_compared(node, quoted):
            raise DataError(f"where={_shown(where)}: {none}")
    return tree, quoted


def _none_compared(node: ast.AST, quoted: dict[str, str]) -> str | None:
    """The advice for a comparison of ``node`` with None ("nps == None", "nps in [None]", "nps.isin([None])"): a
    missing answer is selected by no comparison, so "nps == None" selected no row and said nothing."""
    if isinstance(node, ast.Compare):
        operands, values = [node.left, *node.comparators], [node.left, *node.comparators]
    elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) in ("isin", "between"):
        operands, values = [node.func.value], node.args
    else:
        return None
    if not any(isinstance(item, ast.Constant) and item.value is None
               for value in values for item in (value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value])):
        return None
    names = [quoted.get(o.id, o.id) for o in operands if isinstance(o, ast.Name)]
    name = names[0] if names else "column"
    name = name if name.isidentifier() and not keyword.iskeyword(name) else f"`{name}`"
    return (f"comparing with None selects no row, as no comparison selects a missing answer; write {name}.isna() for "
            f"the rows with no answer ({name}.notna() for those with one).")


def _keyword_hint(source: str, names: set[str]) -> str:
    """Where a column named as a word of Python ("class", "in", "not") is written bare in ``source``, the advice to
    quote it in backticks: the bare word is no name to Python, and the error said only "invalid syntax"."""
    words = set(re.findall(r"[^\W\d]\w*", _TEXTS.sub(" ", source)))  # not a word inside a value ("'class'")
    bare = sorted(name for name in names & words if keyword.iskeyword(name))
    return f"; a column named {bare[0]!r} goes in backticks (`{bare[0]}`)" if bare else ""


#: A value written in quotes (a backslash escapes the next character), as ``_unquote_names`` reads one.
_TEXTS = re.compile(r"'(?:[^'\\]|\\.)*'?|\"(?:[^\"\\]|\\.)*\"?", re.DOTALL)


def _not_a_column(where: str, name: str, names: set[str], *, bare: bool = False) -> DataError:
    """The error for ``name`` in ``where``, no column of ``names``: said as such, not as a name "not allowed in a
    filter" followed by the list of what is allowed (column names among them), each cut as ``listed_columns`` cuts
    them: a 250-character survey question, or 3,000 columns, were listed whole."""
    from ..columns import listed_columns

    spaces = "; a name with spaces goes in backticks" if bare else ""
    return DataError(f"where={_shown(where)}: the name {shown_value(name)} is not a column of this table, whose columns are "
                     f"{listed_columns(sorted(names - {'index'}))}{spaces}.")


def _fold_names(tree: ast.Expression, names: set[str], quoted: dict[str, str]) -> None:
    """Add to ``quoted`` each bare name of ``tree`` that is no column but equals one column once folded ("Pais" for
    "País"), and point a backtick-quoted name that is no column to the one it so equals, as ``--by``, ``--date``
    and the other options find their columns (case, accents and spacing aside)."""
    from ..columns import fold_typed as fold  # (typographic quotes and dashes as typed, as match_column reads them)

    folded: dict[str, list[str]] = {}
    for name in names:
        folded.setdefault(fold(name), []).append(name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in names and node.id not in quoted:
            match = folded.get(fold(node.id), [])
            if len(match) == 1:
                quoted[node.id] = match[0]
    for placeholder, name in quoted.items():  # and each backtick-quoted one ("`Pais` == 'México'")
        match = folded.get(fold(name), [])
        if name not in names and len(match) == 1:
            quoted[placeholder] = match[0]


def _problem(node: ast.AST, names: set[str]) -> str | None:
    """Why ``node`` may not appear in a filter; None when it may."""
    if isinstance(node, (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.Compare, ast.Load, ast.keyword,
                         ast.UnaryOp, *_BINARY, *_UNARY, *_COMPARE, ast.List, ast.Tuple)):
        return None
    if isinstance(node, ast.BinOp):
        return None if isinstance(node.op, _BINARY) else f"the operator {type(node.op).__name__}"
    if isinstance(node, ast.Constant):
        return None if isinstance(node.value, (str, int, float, bool, type(None))) else repr(node.value)
    if isinstance(node, ast.Name):
        return None if node.id in names else f"the name {node.id!r}"
    if isinstance(node, ast.Attribute):
        # Reached as part of a call that _call_problem allowed, or as a bare attribute (never allowed).
        return None if getattr(node, "_cx_allowed", False) else f"the attribute .{node.attr}"
    if isinstance(node, ast.Call):
        return _call_problem(node, names)
    return type(node).__name__


def _call_problem(node: ast.Call, names: set[str]) -> str | None:
    func = node.func
    if not isinstance(func, ast.Attribute):
        return "calling a function"
    target = func.value
    if (func.attr in STR_METHODS and isinstance(target, ast.Attribute) and target.attr == "str"
            and isinstance(target.value, ast.Name)):
        target._cx_allowed = True  # type: ignore[attr-defined]
    elif not (func.attr in SERIES_METHODS and isinstance(target, ast.Name)):
        return f"the method .{func.attr}()"
    func._cx_allowed = True  # type: ignore[attr-defined]
    for argument in node.keywords:
        if argument.arg not in KEYWORDS:
            return f"the argument {argument.arg or '**'}="
    for value in [*node.args, *(k.value for k in node.keywords)]:
        if not _literal(value):
            return "an argument that is not a plain value"
    return None


def _literal(node: ast.AST) -> bool:
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(_literal(item) for item in node.elts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return _literal(node.operand)
    return isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool, type(None)))


def _unquote_names(where: str) -> tuple[str, dict[str, str]]:
    """``where`` with each backtick-quoted name (pandas' syntax for names with spaces) replaced by a plain
    identifier, ``&`` and ``|`` by ``and`` and ``or``, and those identifiers with the names they stand for;
    string literals are left alone."""
    out, quoted, i, n = [], {}, 0, len(where)
    while i < n:
        char = where[i]
        if char in "'\"":  # a string literal, to its closing quote (a backslash escapes the next character)
            close = char * 3 if where.startswith(char * 3, i) else char  # a triple-quoted text, as Python reads it
            j = i + len(close)
            while j < n and not where.startswith(close, j):
                j += 2 if where[j] == "\\" else 1
            out.append(where[i:j + len(close)])
            i = j + len(close)
        elif char == "`":
            j = where.find("`", i + 1)
            if j < 0:
                raise DataError(f"where={_shown(where)}: a backtick-quoted name is not closed.")
            name = f"_cx_quoted_{len(quoted)}"
            quoted[name] = where[i + 1:j]
            out.append(f" {name} ")
            i = j + 1
        else:
            j = i + 1
            while j < n and where[j] not in "'\"`":
                j += 1
            if "@" in where[i:j]:
                raise DataError(f"where={_shown(where)}: '@' (a reference to a variable) is not allowed in a filter; "
                                f"name columns, and write values as they are.")
            # As pandas does (``_replace_booleans``), '&' and '|' bind like "and" and "or", more loosely than
            # comparisons: "n == 1 | n == 4" is (n == 1) or (n == 4).
            out.append(where[i:j].replace("&", " and ").replace("|", " or "))
            i = j
    return "".join(out), quoted



def _shown(where: str, limit: int = 120) -> str:
    """``repr(where)``, cut to ``limit`` characters."""
    return repr(where) if len(where) <= limit else repr(where[:limit]) + f"... ({len(where):,} characters)"
