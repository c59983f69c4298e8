"""Regular expressions of a ``where`` filter that Python's ``re`` could take exponential time on.

``re`` backtracks: '(a+)+$' on a 30-character cell of 'a's and one 'b' tries every way to split the run between the
two repeats, about 2**30 of them, and the command hung. Neither a linear-time engine (``re2``) nor a timeout that
works in every thread is at hand, so ``slow_pattern`` refuses the three shapes that backtrack exponentially: a
repeated group that holds a repeat, an optional part or an alternative ('(a+)+', '(a?b)*', '(a|aa)+'), and a
backreference ('(a)\\1', '(?P=x)', '(?(1)a|b)'), for which no engine is linear. Everything else (alternatives,
classes, repeats of single characters, lookarounds) backtracks at most polynomially, to the power of its repeats
('a*a*a*a*a*a*a*a*b' took 2 s on 30 characters): so a pattern holds at most ``MAX_REPEATS`` repeats ('*', '+',
'{2,5}'). The pattern is read in one pass, so checking it is linear in its length.
"""

from __future__ import annotations

import ast
import re

#: The most repeats a pattern may hold: 'retras.*entrega.*tarde' holds 2.
MAX_REPEATS = 3
#: A counted repeat that varies in length ('{2,5}', '{2,}', '{,5}'); '{3}' is a fixed length and no repeat.
_RE_COUNTED = re.compile(r"\{(?:[0-9]*,[0-9]*)\}")
#: A group's opening: '(', '(?:', '(?P<name>', '(?=', '(?<!', '(?i:' and such.
_RE_GROUP_OPENING = re.compile(r"\((?:\?(?:P<[^>]*>|<[=!]|[=!:]|[aiLmsux-]+:))?")
#: What opens no group: flags for the whole pattern ('(?i)') and a comment ('(?#...)'), up to its ')'.
_RE_NO_GROUP = re.compile(r"\(\?(?:[aiLmsux-]+\)|#[^)]*\)?)")


def slow_pattern(pattern: str) -> str | None:
    """Why ``pattern`` could take exponential time in ``re`` (see the module's docstring); None when it cannot."""
    varies = [False]  # per open group (the whole pattern first): whether it holds a repeat, optional or alternative
    closed = False  # whether the atom just read is a group that varies in length
    k = repeats = 0
    while k < len(pattern):
        char, repeated = pattern[k], False
        if char == "\\":
            if pattern[k + 1:k + 2].isdigit() and pattern[k + 1] != "0":
                return "a backreference (\\1)"
            k += 2
        elif char == "[":
            k = _class_end(pattern, k)
        elif char == "(":
            if pattern.startswith(("(?P=", "(?("), k):
                return "a backreference (?P=name)"
            if no_group := _RE_NO_GROUP.match(pattern, k):
                k = no_group.end()
            else:
                varies.append(False)
                k = _RE_GROUP_OPENING.match(pattern, k).end()
            closed = False
            continue
        elif char == ")" and len(varies) > 1:
            inner = varies.pop()
            varies[-1] = varies[-1] or inner
            closed = inner
            k += 1
            continue
        else:
            repeated = char in "*+?" or (char == "{" and _RE_COUNTED.match(pattern, k) is not None)
            varies[-1] = varies[-1] or repeated or char == "|"
            # '?' is an optional part, or makes the repeat before it lazy ('*?'), as '+' makes it possessive ('*+')
            repeats += repeated and char != "?" and not (char == "+" and pattern[k - 1:k] in ("*", "+", "}"))
            k += 1
        if repeated and closed and char != "?":
            return "a repeated group that holds a repeat, an optional part or an alternative (such as '(a+)+')"
        if repeats > MAX_REPEATS:
            return f"more than {MAX_REPEATS} repeats (*, +, {{2,5}})"
        closed = False
    return None


def _class_end(pattern: str, start: int) -> int:
    """Where the character class that opens at ``start`` ('[a-z]', '[^]]', '[\\]]') ends, just past its ']'."""
    k = start + 1
    k += pattern.startswith("^", k)
    k += pattern.startswith("]", k)  # a ']' first is a character of the class
    while k < len(pattern) and pattern[k] != "]":
        k += 2 if pattern[k] == "\\" else 1
    return k + 1


#: The ``.str`` methods of a filter that read their pattern as a regular expression (``contains`` unless regex=False).
REGEX_METHODS = frozenset({"contains", "match", "fullmatch"})


def slow_call(node: ast.Call) -> str | None:
    """Why the regular expression of a filter's call (``column.str.contains('(a+)+$')``) is refused
    (``slow_pattern``), said with the pattern and what to do instead; None when it is not refused or is no pattern."""
    method = getattr(node.func, "attr", None)
    regex = next((k.value for k in node.keywords if k.arg == "regex"), None)
    if method not in REGEX_METHODS or not node.args or (method == "contains" and isinstance(regex, ast.Constant)
                                                         and regex.value is False):
        return None
    pattern = node.args[0].value if isinstance(node.args[0], ast.Constant) else None
    if not isinstance(pattern, str) or (why := slow_pattern(pattern)) is None:
        return None
    instead = ", or give regex=False to find the text as written" if method == "contains" else ""
    return (f"the pattern {pattern!r} of .str.{method} holds {why}, which can take hours on one cell: simplify "
            f"it{instead}.")
