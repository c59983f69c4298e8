"""``where`` filters as text ("`País` == 'México' and nps >= 9"): pandas query syntax, checked first.

``DataFrame.query`` and ``DataFrame.eval`` evaluate their expression: ``@name`` reaches the caller's
variables (and through them any module), and a column's methods can write files
(``col.to_csv('...')``). A ``where`` string comes from the command line or a service's user, so before
pandas sees it, its syntax tree must hold only what a filter needs: column names, literal values,
comparisons, ``and``/``or``/``not`` (``&``, ``|``, ``~``), arithmetic, and a short list of column
methods (``.str.contains``, ``.isin``, ``.isna``...). Anything else is a ``DataError`` that says what
is allowed. Checking runs in time linear in the expression's length.
"""

from __future__ import annotations

import ast

import pandas as pd

from ..exceptions import DataError

#: ``column.str.<method>(...)`` and ``column.<method>(...)`` a filter may call.
STR_METHODS = frozenset({"contains", "startswith", "endswith", "match", "fullmatch", "lower", "upper", "strip",
                         "len"})
SERIES_METHODS = frozenset({"isin", "isna", "notna", "isnull", "notnull", "between", "abs"})
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
    typed = _typed(frame, *_uses(tree, quoted))
    try:
        # No variables of ours: '@name' has nothing to reach even if it got past the check.
        value = typed.eval(where, local_dict={}, global_dict={})
    except Exception as error:  # pandas raises many kinds for a bad expression
        raise DataError(f"where={_shown(where)} is not a valid query on this table: {error}") from None
    if not (isinstance(value, pd.Series) and value.dtype == bool and value.index.equals(frame.index)):
        kind = type(value).__name__ + (f" of {value.dtype}" if hasattr(value, "dtype") else "")
        raise DataError(f"where={_shown(where)} is not a condition on the rows (such as \"`País` == 'México'\"): "
                        f"it gives a {kind}, not a true or false per row.")
    return value.astype(bool)


def _typed(frame: pd.DataFrame, numeric: set[str], boolean: set[str]) -> pd.DataFrame:
    """``frame`` with the text columns the filter compares with a number (``numeric``: "nps >= 9",
    ".between(1, 5)") read as numbers, and those it uses as a condition on its own (``boolean``:
    "cx_needs_review", "not flag") read as flags, when every cell of theirs is one: a table read from a file
    holds text, and these filters failed on it. A column compared with text ("zona == '01'") stays text."""
    from ..columns import FALSE_WORDS, TRUE_WORDS, flag_values, number_values

    by_name = {str(c): c for c in frame.columns}
    typed = None
    for name, convert in [*((n, "number") for n in numeric), *((n, "flag") for n in boolean - numeric)]:
        column = by_name.get(name)
        if column is None:
            continue
        series = frame[column]
        if not (series.dtype == object or pd.api.types.is_string_dtype(series.dtype)):
            continue
        cells = series.dropna().astype(str).str.strip()
        cells = cells[cells != ""]
        if cells.empty:
            continue
        if convert == "number" and not pd.isna(number_values(cells)).any():
            values = number_values(series)
        elif convert == "flag" and cells.str.lower().isin(TRUE_WORDS | FALSE_WORDS).all():
            values = flag_values(series)
        else:
            continue
        typed = frame.copy(deep=False) if typed is None else typed
        typed[column] = values
    return frame if typed is None else typed


def _uses(tree: ast.Expression, quoted: dict[str, str]) -> tuple[set[str], set[str]]:
    """The column names a checked filter (``_check``) compares with a number, and those it uses as a condition
    on their own."""

    def name(node):
        return quoted.get(node.id, node.id) if isinstance(node, ast.Name) else None

    def number(node):
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            node = node.operand
        return isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool)

    numeric, boolean = set(), set()
    conditions = [tree.body]
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(number(o) for o in operands):
                numeric.update(n for n in map(name, operands) if n)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "between":
            if (n := name(node.func.value)) and all(number(a) for a in node.args):
                numeric.add(n)
        elif isinstance(node, ast.BoolOp):
            conditions.extend(node.values)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.Invert)):
            conditions.append(node.operand)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
            conditions.extend([node.left, node.right])
    boolean.update(n for n in map(name, conditions) if n)
    return numeric, boolean


def _check(where: str, names: set[str]) -> tuple[ast.Expression, dict[str, str]]:
    """The syntax tree of ``where`` and its backtick-quoted names (``_unquote_names``), once every node of it is
    one a filter may hold."""
    source, quoted = _unquote_names(where)
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        why = (error.msg if isinstance(error, SyntaxError)
               else "too deeply nested" if isinstance(error, (RecursionError, MemoryError)) else error)
        raise DataError(f"where={_shown(where)} is not a valid query: {why}") from None
    for node in ast.walk(tree):
        problem = _problem(node, names | set(quoted))
        if problem:
            raise DataError(f"where={_shown(where)}: {problem} is not allowed in a filter; use {_ALLOWED}.")
    return tree, quoted


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
        return None if node.id in names else f"the name {node.id!r} (not a column of this table)"
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
    for keyword in node.keywords:
        if keyword.arg not in KEYWORDS:
            return f"the argument {keyword.arg or '**'}="
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
    identifier, and those identifiers with the names they stand for; backticks inside string literals are left
    alone."""
    out, quoted, i, n = [], {}, 0, len(where)
    while i < n:
        char = where[i]
        if char in "'\"":  # a string literal, to its closing quote (a backslash escapes the next character)
            j = i + 1
            while j < n and where[j] != char:
                j += 2 if where[j] == "\\" else 1
            out.append(where[i:j + 1])
            i = j + 1
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
            out.append(where[i:j])
            i = j
    return "".join(out), quoted



def _shown(where: str, limit: int = 120) -> str:
    """``repr(where)``, cut to ``limit`` characters."""
    return repr(where) if len(where) <= limit else repr(where[:limit]) + f"... ({len(where):,} characters)"
