"""Split a comment into opinion units (docs/labels.md): sentences, and clauses at contrastive or
additive connectors, each with character offsets into the original comment.

``split`` works on normalised text; ``align`` maps its spans back onto the text as the user gave
it (NFD accents, control characters), so that ``text[start:end]`` is always the unit's text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from itertools import islice

from ._html_markup import ESCAPED_TAG, HTML_TAG, LINE_END_TAG, LINE_START_TAG
from .normalize import INVISIBLE, fullwidth, nfc_pieces

# A sentence ends at . ! ? … ; or a line break (followed by space or end). The look-behind makes a
# run of punctuation match from its first character only: without it a long run not followed by a
# space ('!!!…!x') was re-scanned from each of its characters, in quadratic time.
# A help desk's HTML export ends its lines and paragraphs with tags (``_html_markup.LINE_END_TAGS``, those that
# ``normalize`` reads as line breaks): a run of closing ones ('</p>', '<br>') ends its unit and stays with it; an
# opening run ('<p>', '<ul><li>') starts the next unit ('Hola<p>No me gustó' | '<p>Bueno el precio'). Escaped
# ('&lt;br&gt;') or a line end's entity ('&#10;'), as ``normalize`` reads them too.
_HTML_LINE_END = rf"(?:{LINE_END_TAG})++|(?P<opens>(?:{LINE_START_TAG})++)"
# The period of a title, which a name or number follows ('el Sr. Pérez', 'la Dra. Ruiz', 'Av. 5'), ends no sentence:
# 'El Sr.' cut off as a unit of its own made a friendly comment 'mixed'. That of another abbreviation ends none
# when a small letter or a number follows ('aprox. 2 horas', 'Ud. me atendió'), and ends its sentence as any period
# does before a capital ('Tardaron 2 horas aprox. Pésimo', 'Gracias a Uds. Volveré'). Python's look-behinds have a
# fixed width, so there is one per length; each checks that the abbreviation is a whole word.
_TITLES = {2: "sr|dr|av", 3: "sra|dra|lic|ing|arq", 4: "srta|sres|avda|prof|mtro|mtra"}  # by length
_ABBREVIATIONS = {2: "ud|ej", 3: "uds|tel|num|núm", 5: "aprox"}  # by length
_ABBREVIATION_BEFORE = "|".join(f"(?<=(?<!\\w)(?:{words}))" for words in _ABBREVIATIONS.values())
_NOT_AN_ABBREVIATION = "".join(f"(?<!(?<!\\w)(?:{words}))" for words in _TITLES.values()) + (
    rf"(?!(?:{_ABBREVIATION_BEFORE})\.\s++(?-i:[a-zñáéíóúü\d]))")
# A period written without its space ('La app no funciona.El soporte...') ends a sentence too, between a small letter
# and a word that starts with a capital: not 'tienda.com', '3.5', 'J.R.R.', a title's 'Sr.Pérez' nor an address's
# 'www.Amazon.com', 'juan.Perez@x.com' (the word is followed by a '.', '@', '/' or ':' and a letter or digit).
_TITLE_BEFORE = "".join(f"(?<!(?<!\\w)(?:{words}))" for words in _TITLES.values())
_UNSPACED_END = (rf"(?<=(?-i:[a-zñáéíóúü])){_TITLE_BEFORE}\.(?=(?-i:[A-ZÑÁÉÍÓÚÜ][a-zñáéíóúü])\w*+(?![.@/:]\w))")
_SENTENCE_END = rf"(?:(?<![.!?…;]){_NOT_AN_ABBREVIATION}[.!?…;]++(?=\s|$)|\n+|{_HTML_LINE_END}|{_UNSPACED_END})"
# Nor does the period of a list's number that starts a line ('1. Rápido\n2. Barato', '<br>2. Barato', indented or
# not) or a sentence: it opens its item. ``split`` tests the unit so far, at most ``_LIST_START`` characters.
_RE_LIST_NUMBER = re.compile(rf"(?:\s|<[a-z]{{1,5}}+\s*+/?>|{HTML_TAG})*+\d{{1,2}}+", re.IGNORECASE)
_LIST_START = 40
# What may come between block tags and the first word of the unit they start: spaces, line ends, an opening '¿' or
# '¡', other tags ('<p><b>Lo malo:</b>', '<p>\n  Pero'); possessive, and it fails at the first other character.
# An HTML entity, escaped once or more ('&nbsp;', '&#10;', '&amp;gt;'; or a lone '&'), and a tag escaped as entities
# ('&lt;p&gt;'): no words, as a tag is none ('Hola,&lt;br&gt;' counted 'lt', 'br' and 'gt').
_ENTITY = r"&(?:amp;)*+(?:(?:[a-zA-Z]{2,8}+|#[0-9]{1,7}+|#[xX][0-9a-fA-F]{1,6}+);)?+"
_RE_NO_WORDS = re.compile(rf"(?:\s++|[¿¡]++|{HTML_TAG}|{ESCAPED_TAG}|{_ENTITY})*+", re.IGNORECASE)
# A list written on one line ('1. Rápido 2. Barato', 'Me gustó: 1. El precio 2. La atención') opens each item at its
# number, as a list of lines does, when the number follows the last item's, or is a '1.' after a colon or with a
# '2.' after it on its line ('Me gustó 1. El precio 2. La atención'): '2.' then starts its item, where it ended the
# one before ('El precio 2.'). Any other number's period ends its sentence ('Le doy un 10. Excelente', 'Tardó 1.
# Luego llegó'). ``_item_number`` finds the number before a period, ``_second_items`` the '2.' after a '1.'. A '1.'
# after an article or a preposition is a score or an amount, not a list's first number ('Le doy un 1. Y a la app un
# 2. Fatal'), unless a colon comes before it.
_RE_ITEM_NUMBER = re.compile(r"(?<![^\s:>])\d{1,2}+\Z")
_RE_COLON_BEFORE = re.compile(r":\s{0,3}+\Z")
_RE_QUANTITY_BEFORE = re.compile(r"(?<![^\W\d_])(?:un|una|el|la|de|del|a|al|con|en|por)\s{1,3}+\Z", re.IGNORECASE)
_RE_SECOND_ITEM_OR_LINE_END = re.compile(r"(?<![^\s:>])2\.(?=\s)|\n")
# Connectors that open a new opinion unit. Matched case- and accent-insensitively on whole words.
CONNECTORS: tuple[str, ...] = (
    "pero", "aunque", "sin embargo", "no obstante", "además", "ademas", "y encima", "encima",
    "en cambio", "mientras que", "por otro lado", "por otra parte", "lo malo", "lo bueno",
    "lo peor", "lo mejor", "eso sí", "eso si", "aparte", "sino que", "salvo que", "excepto",
    "menos mal que", "y también", "y tambien", "y además", "y ademas", "también", "tambien",
    "mas allá de", "más allá de",
)
# ", y" and ", e" also open a unit: "..., y en el chat nadie contesta".
_COMMA_AND = r",\s+(?:y|e)\s+"
# Each alternative tests one character before its look-arounds: the engine tries the pattern at every
# position, and a character class fails there sooner than a look-behind (same matches, twice as fast).
_RE_BOUNDARY = re.compile(
    rf"(?=[.!?…;\n<&]){_SENTENCE_END}|{_COMMA_AND}|(?=[{''.join(sorted({c[0] for c in CONNECTORS}))}])(?<![\w])"
    rf"(?=(?P<connector>{'|'.join(re.escape(c) for c in sorted(CONNECTORS, key=len, reverse=True))})(?![\w]))",
    re.IGNORECASE,
)
# (An HTML tag, '<p>' or '</p>', is no word, nor are its attributes: '<p class=MsoNormal>Hola,</p>' counted three
# words, so 'Hola,' was not glued to the next paragraph as it is without them; a character that
# ``normalize.invisible_chars`` removes cuts none:
# 'Exce\u200blente.' counted as two words was a unit of its own, and made 'Excelente. Pero caro' mixed, as a
# bidirectional mark or a variation selector still did: 'Exce\u200flente.', 'Exce\ufe0elente.')
_RE_WORD = re.compile(rf"(?i:{HTML_TAG})|{ESCAPED_TAG}|{_ENTITY}|(?<![<\w])(?<!</)\w++(?:[{INVISIBLE}]++\w++)*+")
# A bracket, or a line end, where an aside opened on its line ends; not the bracket of an emoticon (':(', ';)', '=(',
# with a nose or a tear too: ':-(', ":'(").
_RE_BRACKET = re.compile(r"(?<![:;=])(?<![:;=]['-])[()\[\]]|\n")
_CLOSING = {")": "(", "]": "["}
# A list's number or letter that starts a line ('1) rápido', 'b) barato'): its bracket closes no bracket of a line
# before. ``_asides`` tests at most ``_MARKER_START`` characters of a line before a ')'.
_RE_LIST_MARKER = re.compile(r"\s*+(?:\d{1,2}+|[^\W\d_])")
_MARKER_START = 8
# A unit with fewer words than this is glued to its neighbour ("Hola.", "Pero bueno.").
MIN_WORDS = 2


@dataclass(frozen=True, slots=True)
class Span:
    """A unit's text and its ``[start, end)`` character offsets into the original comment."""

    start: int
    end: int
    text: str


def split(text: str, *, min_words: int = MIN_WORDS) -> list[Span]:
    """Opinion units of ``text`` in order; a text with no boundary is one unit.

    >>> [s.text for s in split("La app es muy bonita pero se cierra al pagar, y en el chat nadie contesta")]
    ['La app es muy bonita', 'pero se cierra al pagar', 'en el chat nadie contesta']
    """
    pieces: list[tuple[int, int]] = []
    pos = inside = item = 0  # (``item``: the number of the list item opened last)
    opened = -1  # where the block tags that started the unit so far end ('<p>pero caro': 'pero' opens no other)
    asides = _asides(text)
    second_items = _second_items(text)
    for match in _RE_BOUNDARY.finditer(text):
        if opened > pos and not _RE_NO_WORDS.fullmatch(text, opened, match.start()):
            opened = -1  # words after the block tags: the unit they started has begun
        opens_clause = match.group("connector") or match.group().startswith(",")
        if asides and opens_clause and _within(asides, match.start()):
            continue  # a connector inside brackets: the aside stays in its unit
        if match.group("connector"):
            # "encima" of "y encima", or "también" of "pero también": a connector right after the one that just
            # opened a unit belongs to that opening, not to a unit of its own ('... pero' | 'también cara')
            if match.start() <= inside or (inside and not text[inside:match.start()].strip(" ,")):
                inside = max(inside, match.start() + len(match.group("connector")))
                continue
            inside = match.start() + len(match.group("connector"))
        elif match.start() < inside:
            continue
        elif match.group()[:1] == ";" and _RE_ENTITY_END.search(text, max(pos, match.start() - _ENTITY_END),
                                                                  match.start() + 1):
            continue  # an entity's ';' ('a &lt; b', 'Envío &amp; cambio'): no sentence's end
        elif opened > pos and (match.group("opens") or match.group()[:1] == "\n"):
            opened = match.end()  # block tags, spaces and line ends before the unit's first word ('<ul>\n<li>')
            continue
        elif match.group() == "." and (number := _item_number(text, match.start())):
            number_start, value = number
            if match.start() - pos <= _LIST_START and _RE_LIST_NUMBER.fullmatch(text, pos, match.start()):
                item = value
                continue  # a list's number: its period opens its item
            after_colon = _RE_COLON_BEFORE.search(text, max(pos, number_start - 4), number_start)
            first_item = value == 1 and (after_colon or _second_item_follows(second_items, match.end())
                                         and not _RE_QUANTITY_BEFORE.search(text, max(pos, number_start - 8),
                                                                            number_start))
            if item and value == item + 1 or first_item:
                pieces.append((pos, number_start))  # an item of a list on one line: its number opens it
                pos, item = number_start, value
                continue
        if match.group().startswith(","):  # ", y": the connector belongs to neither unit
            end, next_start = match.start(), match.end()
        elif match.group("opens"):  # tags that open a block ('<p>', '<ul><li>') start the next unit
            end = next_start = match.start()
            opened = match.end()
        elif match.group():  # sentence end: punctuation stays with its sentence
            end = next_start = match.end()
        else:  # zero-width match before a connector word, which opens the next unit with its '¿' or '¡'
            start = _opening_marks_start(text, pos, match.start())
            end = next_start = pos if opened > pos else start  # (right after block tags: the unit they start)
        if end > pos:
            pieces.append((pos, end))
        pos = max(pos, next_start)
    pieces.append((pos, len(text)))
    bounds = [b for b in (_trim(text, a, b) for a, b in pieces) if b is not None]
    units = [Span(a, b, text[a:b]) for a, b in _merge_short(text, bounds, min_words)]
    if units:
        return units
    whole = _trim(text, 0, len(text))  # nothing but spaces, commas and semicolons
    return [Span(whole[0], whole[1], text[whole[0]:whole[1]]) if whole else Span(0, len(text), text)]


def _opening_marks_start(text: str, pos: int, connector: int) -> int:
    """Where the '¿' and '¡' right before ``connector`` start (not before ``pos``): they open its unit ('¿Pero por qué
    tan caro?'), where they were left at the end of the one before ('Buena atención. ¿')."""
    start = connector
    while start > pos and text[start - 1] in "¿¡":
        start -= 1
    return start


def _asides(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each outermost '(…)' or '[…]' of a line, in order. A connector inside one opens no
    unit: 'El servicio (pero no la comida) fue bueno' was cut before 'pero', and the closing bracket and 'fue bueno'
    went with the aside's unit. An aside ends at its closing bracket or at the end of its line, whichever comes first:
    a bracket closed on a later line keeps its first line's connectors ('(bueno pero caro\\nla verdad)'), as one
    closed on the same line keeps those of all its sentences; the lines after the first are read as any other. A
    bracket never closed is no aside."""
    if "(" not in text and "[" not in text:
        return []
    asides, opened, line_ends = [], [], []  # opened: (bracket, start, its line, the first open on its line)
    for bracket in _RE_BRACKET.finditer(text):
        char = bracket.group()
        if char == "\n":
            line_ends.append(bracket.start())
        elif char == ")" and _is_list_marker(text, line_ends[-1] + 1 if line_ends else 0, bracket.start()):
            continue
        elif char in "([":
            outermost = not opened or opened[-1][2] < len(line_ends)
            opened.append((char, bracket.start(), len(line_ends), outermost))
        elif opened and opened[-1][0] == _CLOSING[char]:
            _, start, line, outermost = opened.pop()
            if outermost:
                asides.append((start, bracket.end() if line == len(line_ends) else line_ends[line]))
    return sorted(asides)


def _is_list_marker(text: str, line_start: int, bracket: int) -> bool:
    """Whether the ')' at ``bracket`` is a list's marker at the start of its line ('1)'), not the end of an aside
    opened on a line before ('(pero no la app\n1) rápido' was one aside, and its 'pero' opened no unit)."""
    return bracket - line_start <= _MARKER_START and bool(_RE_LIST_MARKER.fullmatch(text, line_start, bracket))


def _second_items(text: str) -> tuple[list[int], list[bool]]:
    """The offsets of each '2.' of a list and each line end of ``text``, in order, and which are a '2.'; found once
    for all the '1.' of a text (a line of thousands of '1.' is not searched again from each)."""
    if "2." not in text:
        return [], []
    found = list(_RE_SECOND_ITEM_OR_LINE_END.finditer(text))
    return [mark.start() for mark in found], [mark.group() != "\n" for mark in found]


def _second_item_follows(second_items: tuple[list[int], list[bool]], offset: int) -> bool:
    """Whether a '2.' follows ``offset`` on its line (``second_items`` from ``_second_items``)."""
    starts, is_item = second_items
    i = bisect.bisect_left(starts, offset)
    return i < len(starts) and is_item[i]


def _within(asides: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` falls inside one of ``asides`` (``_asides``)."""
    i = bisect.bisect_right(asides, offset, key=lambda aside: aside[0]) - 1
    return i >= 0 and asides[i][0] < offset < asides[i][1]


def _item_number(text: str, period: int) -> tuple[int, int] | None:
    """The start and value of the number of one or two digits that ends right before ``period`` ('Barato 2.'), or
    None: a number ('2024.', 'v2.') that a space, a colon, a tag or the text's start does not precede is no list's."""
    found = _RE_ITEM_NUMBER.search(text, max(period - 2, 0), period)
    return (found.start(), int(found.group())) if found else None


_DANGLING = "([{-–—"
# An entity's ';' ('Hola&lt;br&gt;', 'Hola&#10;', escaped twice: '&amp;gt;') is no separator to trim, nor ends a
# sentence.
_RE_ENTITY_END = re.compile(_ENTITY + r"\Z")
_ENTITY_END = 40  # characters before a unit's last ';' that ``_trim`` reads


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` without surrounding spaces and commas, nor a dash or opening bracket left alone at its end
    ('El servicio (', 'Me gustó -': what it opened is in the next unit; ':(' stays); None when nothing is left."""
    while start < end and (text[start].isspace() or text[start] in ",;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","
                           or text[end - 1] == ";"
                           and not _RE_ENTITY_END.search(text, max(start, end - _ENTITY_END), end)
                           or text[end - 1] in _DANGLING and (end - 1 == start or text[end - 2].isspace())):
        end -= 1
    return (start, end) if end > start else None


def _merge_short(text: str, spans: list[tuple[int, int]], min_words: int) -> list[tuple[int, int]]:
    # Word counts are kept beside the spans: recounting a growing merged span is quadratic. Only
    # whether a count reaches ``min_words`` matters, so counting stops there.
    enough = max(min_words, 0)
    merged: list[tuple[int, int, int]] = []  # start, end, words (at most ``enough``)
    for start, end in spans:
        words = sum(1 for _ in islice((w for w in _RE_WORD.finditer(text, start, end) if w[0][0] not in "<&"), enough))
        if merged and (words < min_words or merged[-1][2] < min_words):
            first, _, before = merged.pop()
            merged.append((first, end, min(before + words, enough)))
        else:
            merged.append((start, end, words))
    return [(start, end) for start, end, _ in merged]


def align(spans: list[Span], original: str) -> list[Span]:
    """``spans`` of ``original``'s cleaned form (fullwidth forms one for one, then NFC, control characters one for
    one: see ``status.coerce_text``) with offsets and text taken from ``original`` itself.

    Only NFC changes lengths; a unit boundary that falls inside a composed character ('ｅ\\u0301' too, written
    'e\\u0301' first) moves out to the character's edges.

    >>> [(s.start, s.end) for s in align(split("Caf\u00e9 frío pero rico"), "Cafe\u0301 frío pero rico")]
    [(0, 10), (11, 20)]
    """
    written = fullwidth(original)  # one for one: its offsets are those of ``original``
    if unicodedata.is_normalized("NFC", written):
        return [Span(s.start, s.end, original[s.start:s.end]) for s in spans]
    starts, ends = _nfc_offsets(written)
    return [Span(starts[s.start], ends[s.end], original[starts[s.start]:ends[s.end]]) for s in spans]


def _nfc_offsets(text: str) -> tuple[list[int], list[int]]:
    """For each offset into NFC(``text``) (``normalize.unicode_nfc``), the offset into ``text`` where a unit
    starting (first list) or ending (second list) there starts or ends."""
    starts, ends = [], []
    for first, last, _, as_written in nfc_pieces(text):
        if as_written:  # offsets are one to one
            starts.extend(range(first, last))
            ends.extend(range(first, last))
            continue
        for start, end, piece_form in _composed_pieces(text, first, last):
            starts.extend([start] * len(piece_form))
            ends.extend([start] + [end] * (len(piece_form) - 1))
    return starts + [len(text)], ends + [len(text)]


#: A piece that keeps composing with the next one ('ཱི' U+0F73 repeated reorders across every character) is
#: grown at most to this length; the rest of its run then joins it whole (coarser offsets, linear time).
_MAX_MERGED = 32


def _composed_pieces(text: str, first: int, last: int) -> list[list]:
    """``text[first:last]`` (one piece of ``nfc_pieces``) cut into parts that normalise independently, as
    ``[start, end, NFC form]``: a combining mark stays with its base, and two parts that compose together
    (Hangul jamo, some Indic vowel signs) are joined."""
    bounds = [i for i in range(first, last) if i == first or not unicodedata.combining(text[i])] + [last]
    pieces: list[list] = []
    for start, end in zip(bounds, bounds[1:]):
        form = unicodedata.normalize("NFC", text[start:end])
        if pieces and not text[start].isascii():
            begin, _, before = pieces[-1]
            joined = unicodedata.normalize("NFC", text[begin:end])
            if joined != before + form:
                if end - begin > _MAX_MERGED:
                    pieces[-1][1:] = [last, unicodedata.normalize("NFC", text[begin:last])]
                    break
                pieces[-1][1:] = [end, joined]
                continue
        pieces.append([start, end, form])
    whole = unicodedata.normalize("NFC", text[first:last])
    if "".join(p[2] for p in pieces) != whole:  # not expected; stay correct
        pieces = [[first, last, whole]]
    return pieces
