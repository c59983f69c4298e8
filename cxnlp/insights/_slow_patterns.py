"""Regular expressions of a ``where`` filter that Python's ``re`` could take exponential time on.

``re`` backtracks: '(a+)+$' on a 30-character cell of 'a's and one 'b' tries every way to split the run between the
two repeats, about 2**30 of them, and the command hung. Neither a linear-time engine (``re2``) nor a timeout that
works in every thread is at hand, so ``slow_pattern`` refuses what makes ``re`` try many ways to match the same text.

Time goes into repeats ('*', '+', '?', '{2,5}', and an alternative whose branches can start alike, as in '(a|aa)')
that follow one another, with only optional parts between them, and can match the same characters: in '\\w*\\w*x'
the split of a word between the two repeats is tried every way, while in '\\w+\\s+\\w+' a space ends each word
and nothing is tried twice. The pattern is parsed (``re._parser``) and each repeat's characters are compared
(literals, classes, '\\w', '\\s', '\\d' and their negations, '.'); what cannot be told is taken to overlap. Refused:

- a repeated group in which such repeats meet, within one round or across two ('(a+)+', '(a|aa)+', '(\\w+\\s*)+'),
  which takes time exponential in a cell's length; '(ab|cd)+', '(a?b)*' and '(\\d{3}-)+' split text one way only;
- a backreference ('(a)\\1', '(?P=x)', '(?(1)a|b)'), for which no engine is linear;
- more than ``MAX_REPEATS`` such repeats in a row ('.*a.*b.*c', '\\w*\\w*\\w*x'), which take time polynomial in a
  cell's length to the power of their number ('\\w*\\w*\\w*x' took 2.7 s on 300 characters). A repeat of one
  character that ends the pattern ('retras.*entrega.*', '\\d+.*\\d+') is no repeat where the match need not reach
  the cell's end (``.str.contains``, ``.str.match``): once reached it matches, and nothing is tried again.
- groups nested so deep (about a hundred) that the walk runs out of stack: what cannot be checked is refused.

An atomic group ('(?>a+)') and a possessive repeat ('a++') never give back what they matched, so they are read as
one fixed part. Parsing is linear in the pattern's length and each group is walked a bounded number of times.
"""

from __future__ import annotations

import ast
import re
import re._parser as sre_parse

#: The most repeats that can match the same text a pattern may hold in a row: 'retras.*entrega.*tarde' holds 2.
#: Three ('\w*\w*\w*x') took 2.7 s on a 300-character cell, and a comment can be longer.
MAX_REPEATS = 2
_NESTED = "a repeated group whose rounds can match the same text in many ways (such as '(a+)+' or '(a|aa)+')"
_TOO_MANY = f"more than {MAX_REPEATS} repeats (*, +, ?, {{2,5}}) in a row that can match the same text (such as " \
    "'.*a.*b.*c')"
#: The characters a part is tested on: Latin letters, digits and signs, every space, and the pattern's own characters.
_BASE_PROBE = frozenset(range(0x250)).union(range(0x2000, 0x200B), map(ord, "\u1680\u2028\u2029\u202f\u205f\u3000"))
#: A class range wider than this ('[\u4e00-\u9fff]') is taken to hold any character rather than be listed.
_WIDE_RANGE = 1024
_CATEGORIES = {
    sre_parse.CATEGORY_DIGIT: str.isdecimal, sre_parse.CATEGORY_SPACE: str.isspace,
    sre_parse.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    sre_parse.CATEGORY_NOT_DIGIT: lambda c: not c.isdecimal(), sre_parse.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    sre_parse.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
}
_SINGLE = (sre_parse.LITERAL, sre_parse.NOT_LITERAL, sre_parse.ANY, sre_parse.IN)
_REPEATS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT)
_ZERO_WIDTH = (sre_parse.ASSERT, sre_parse.ASSERT_NOT)
#: No run of repeats yet: (how many repeats in the run, the characters they can match).
_EMPTY = (0, frozenset())


class _Refused(Exception):
    """Raised from deep in the walk with why the pattern is refused."""


def slow_pattern(pattern: str, flags: int = 0, *, to_end: bool = True) -> str | None:
    """Why ``pattern`` could take exponential or high polynomial time in ``re`` (see the module's docstring); None
    when it cannot. ``to_end``: the match must reach the cell's end (``re.fullmatch``); else a last repeat of one
    character counts as its character once, or not at all where it may match nothing. A pattern ``re`` cannot parse
    is not refused here: running it says what is wrong."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    parts = list(parsed)
    while not to_end and parts and parts[-1][0] in _REPEATS and len(parts[-1][1][2]) == 1 \
            and parts[-1][1][2][0][0] in _SINGLE:  # 'retras.*entrega.*': the last '.*' is never tried again
        least, _, body = parts.pop()[1]
        if least:  # '\d+.*\d+': its first digit, then matched
            parts.append(body[0])
            break
    try:
        _Walk(pattern, parsed).run(parts, _EMPTY, MAX_REPEATS, parsed.state.flags)
    except _Refused as refused:
        return str(refused)
    except RecursionError:  # the walk goes deeper than the parse for each group: refused, as it cannot be checked
        return "groups nested too deep to check (such as '((((a))))' a hundred deep)"
    return None


class _Walk:
    """Follows the parsed pattern part by part, keeping the run of repeats that can match the same text."""

    def __init__(self, pattern: str, parsed: sre_parse.SubPattern) -> None:
        self.pattern = pattern
        self.probe = _BASE_PROBE | _own_characters(parsed)
        self.anything = frozenset(self.probe)
        self.seen: dict = {}  # (id of parts, state, limit, flags) -> state, so that nested groups are walked once
        self.charsets: dict = {}  # (op, its argument with a list as a tuple, ignore case) -> characters

    def run(self, parts: list, state: tuple, limit: int, flags: int) -> tuple:
        """The run of repeats after ``parts`` read from ``state``; refused once it holds more than ``limit``."""
        key = (id(parts), state, limit, flags)
        if key not in self.seen:
            for op, av in parts:
                state = self.part(op, av, state, limit, flags)
            self.seen[key] = state
        return self.seen[key]

    def part(self, op, av, state: tuple, limit: int, flags: int) -> tuple:
        """The run of repeats after one parsed part (``op`` with its argument ``av``) read from ``state``."""
        if op in _SINGLE:
            return _fixed(state, self.characters(op, av, flags))
        if op is sre_parse.SUBPATTERN:
            return self.run(av[3], state, limit, (flags | av[1]) & ~av[2])
        if op in _REPEATS:
            return self.repeat(*av, state, limit, flags)
        if op is sre_parse.BRANCH:
            return self.branch(av[1], state, limit, flags)
        if op in (sre_parse.ATOMIC_GROUP, sre_parse.POSSESSIVE_REPEAT):  # matched once, never given back
            body = av if op is sre_parse.ATOMIC_GROUP else av[2]
            self.run(body, _EMPTY, limit, flags)
            return _fixed(state, self.all_characters(body, flags))
        if op in _ZERO_WIDTH:
            self.run(av[1], _EMPTY, limit, flags)
            return state
        if op is sre_parse.GROUPREF:
            raise _Refused("a backreference (?P=name)" if "(?P=" in self.pattern else "a backreference (\\1)")
        if op is sre_parse.GROUPREF_EXISTS:
            raise _Refused("a backreference (?P=name)")
        if op is sre_parse.AT:  # '^', '$', '\b': no character
            return state
        return _repeated(state, self.anything, limit, optional=True)  # not known here: taken to overlap everything

    def repeat(self, least: int, most: int, body: list, state: tuple, limit: int, flags: int) -> tuple:
        """A repeat of ``body``: a loop ('+', '{2,5}', '{3}') must not let one round match what the next matches."""
        if most == 0:
            return state
        if most > 1:
            self.run(body, self.run(body, _EMPTY, 1, flags), 1, flags)
        else:
            self.run(body, _EMPTY, limit, flags)
        if least == most:
            return self.run(body, state, limit, flags)
        return _repeated(state, self.all_characters(body, flags), limit, optional=least == 0)

    def branch(self, branches: list, state: tuple, limit: int, flags: int) -> tuple:
        """Branches that cannot start alike are followed each from ``state``; else the choice is one more repeat."""
        firsts = [self.first(b, flags) for b in branches]
        clash = any(empty for _, empty in firsts) or any(
            a & b for k, (a, _) in enumerate(firsts) for b, _ in firsts[k + 1:])
        if clash:
            for b in branches:
                self.run(b, _EMPTY, limit, flags)
            everything = frozenset().union(*(self.all_characters(b, flags) for b in branches))
            return _repeated(state, everything, limit, optional=any(empty for _, empty in firsts))
        after = [self.run(b, state, limit, flags) for b in branches]
        return max(count for count, _ in after), frozenset().union(*(chars for _, chars in after))

    def first(self, parts: list, flags: int) -> tuple[frozenset, bool]:
        """The characters ``parts`` can start with, and whether they can match no text at all."""
        chars = frozenset()
        for op, av in parts:
            if op in _SINGLE:
                return chars | self.characters(op, av, flags), False
            if op is sre_parse.SUBPATTERN:
                more, empty = self.first(av[3], (flags | av[1]) & ~av[2])
            elif op in _REPEATS or op is sre_parse.POSSESSIVE_REPEAT:
                more, empty = self.first(av[2], flags)
                empty = empty or av[0] == 0
            elif op is sre_parse.ATOMIC_GROUP:
                more, empty = self.first(av, flags)
            elif op is sre_parse.BRANCH:
                starts = [self.first(b, flags) for b in av[1]]
                more, empty = frozenset().union(*(s for s, _ in starts)), any(e for _, e in starts)
            elif op in _ZERO_WIDTH or op is sre_parse.AT:
                more, empty = frozenset(), True
            else:
                more, empty = self.anything, True
            chars |= more
            if not empty:
                return chars, False
        return chars, True

    def all_characters(self, parts: list, flags: int) -> frozenset:
        """Every character ``parts`` can match anywhere."""
        chars = frozenset()
        for op, av in parts:
            if op in _SINGLE:
                chars |= self.characters(op, av, flags)
            elif op is sre_parse.SUBPATTERN:
                chars |= self.all_characters(av[3], (flags | av[1]) & ~av[2])
            elif op in _REPEATS or op is sre_parse.POSSESSIVE_REPEAT:
                chars |= self.all_characters(av[2], flags)
            elif op is sre_parse.ATOMIC_GROUP:
                chars |= self.all_characters(av, flags)
            elif op is sre_parse.BRANCH:
                chars = chars.union(*(self.all_characters(b, flags) for b in av[1]))
            elif op not in _ZERO_WIDTH and op is not sre_parse.AT:
                return self.anything
        return chars

    def characters(self, op, av, flags: int) -> frozenset:
        """The characters of the probe that one character part ('a', '[^a-z]', '\\w', '.') matches."""
        key = (op, tuple(av) if isinstance(av, list) else av, flags & re.IGNORECASE)
        if key not in self.charsets:
            self.charsets[key] = self.probe_matches(op, av, flags)
        return self.charsets[key]

    def probe_matches(self, op, av, flags: int) -> frozenset:
        """``characters`` worked out: '.' and a class with a wide range are taken to match any character."""
        if op is sre_parse.ANY or (op is sre_parse.IN and any(
                o is sre_parse.RANGE and av_[1] - av_[0] > _WIDE_RANGE for o, av_ in av)):
            return self.anything
        ignore_case = flags & re.IGNORECASE
        matched = frozenset(code for code in self.probe if any(
            _matches(op, av, variant) for variant in _cases(chr(code), ignore_case)))
        # re also takes '\\u0131' for 'i' and '\\u1fbe' for '\\u0345', which share a case but are no case of each other
        return matched.union(ord(v) for code in matched for v in _cases(chr(code), ignore_case))


def _cases(char: str, ignore_case: int) -> set[str]:
    """``char``, and with ``re.IGNORECASE`` its other cases, of each the first character
    (re takes '\\u0130' for 'i')."""
    if not ignore_case:
        return {char}
    return {char} | {v[0] for v in (char.lower(), char.upper(), char.casefold())}


def _matches(op, av, char: str) -> bool:
    """Whether the one-character part ``op`` matches ``char`` (its case as given)."""
    if op is sre_parse.LITERAL:
        return ord(char) == av
    if op is sre_parse.NOT_LITERAL:
        return ord(char) != av
    negated = bool(av) and av[0][0] is sre_parse.NEGATE
    return negated != any(_in_class(o, a, char) for o, a in av if o is not sre_parse.NEGATE)


def _in_class(op, av, char: str) -> bool:
    """Whether ``char`` is one of a class's items ('a', 'a-z', '\\w'); an item not known here is taken to match."""
    if op is sre_parse.LITERAL:
        return ord(char) == av
    if op is sre_parse.RANGE:
        return av[0] <= ord(char) <= av[1]
    if op is sre_parse.CATEGORY and av in _CATEGORIES:
        return _CATEGORIES[av](char)
    return True


def _own_characters(node) -> set[int]:
    """The characters the parsed pattern names ('\\u4e00', 'ñ', a narrow range), with their cases, for the probe."""
    single = isinstance(node, tuple) and len(node) == 2
    if single and (node[0] is sre_parse.LITERAL or node[0] is sre_parse.NOT_LITERAL):
        chars = {node[1]}
    elif single and node[0] is sre_parse.RANGE:
        low, high = node[1]
        chars = set(range(low, high + 1)) if high - low <= _WIDE_RANGE else set()
    elif isinstance(node, (list, tuple, sre_parse.SubPattern)):
        return set().union(*(_own_characters(child) for child in node))
    else:
        return set()
    return chars | {ord(v) for c in chars for v in _cases(chr(c), True)}


def _fixed(state: tuple, chars: frozenset) -> tuple:
    """After a part matched once: the run goes on if its characters overlap the run's, else it is broken."""
    return state if state[1] & chars else _EMPTY


def _repeated(state: tuple, chars: frozenset, limit: int, *, optional: bool) -> tuple:
    """After a repeat: one more in the run if its characters overlap the run's, else a new run; an optional one
    (which may match nothing) leaves the run before it open to what comes after."""
    count, run = state
    if not chars:  # a choice between ways to match no text ('(?:a|a)' is read as 'a(?:|)', '(?=a){1,30}')
        if limit == 1:  # in a repeated group each round makes the choice again: 2 ways a round, 2**30 on 30 rounds
            raise _Refused(_NESTED)
        return state
    if run & chars:
        count, run = count + 1, run | chars
    elif optional:
        count, run = max(count, 1), run | chars
    else:
        count, run = 1, chars
    if count > limit:
        raise _Refused(_NESTED if limit == 1 else _TOO_MANY)
    return count, run


#: The ``.str`` methods of a filter that read their pattern as a regular expression (``contains`` unless regex=False).
REGEX_METHODS = frozenset({"contains", "match", "fullmatch"})


def slow_call(node: ast.Call) -> str | None:
    """Why the regular expression of a filter's call (``column.str.contains('(a+)+$')``) is refused
    (``slow_pattern``), said with the pattern and what to do instead; None when it is not refused or is no pattern."""
    method = getattr(node.func, "attr", None)
    # pandas' order of the arguments of the three methods: contains('(a+)+', False) is contains(..., case=False)
    args = dict(zip(("pat", "case", "flags", "na", "regex"), node.args)) | {k.arg: k.value for k in node.keywords}
    regex = args.get("regex")
    if method not in REGEX_METHODS or not node.args or (method == "contains" and isinstance(regex, ast.Constant)
                                                         and regex.value is False):
        return None
    pattern = node.args[0].value if isinstance(node.args[0], ast.Constant) else None
    # case=False or flags= may ignore case, under which 'a' and 'A' are the same character; flags= may be verbose
    given = args.get("flags")
    flags = given.value if isinstance(given, ast.Constant) and isinstance(given.value, int) else 0
    flags |= re.IGNORECASE if "case" in args or "flags" in args else 0
    if not isinstance(pattern, str) or (why := slow_pattern(pattern, flags, to_end=method == "fullmatch")) is None:
        return None
    instead = ", or give regex=False to find the text as written" if method == "contains" else ""
    return (f"the pattern {pattern!r} of .str.{method} holds {why}, which can take hours on one cell: simplify "
            f"it{instead}.")
