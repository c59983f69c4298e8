"""Zero-width spaces in a comment: between two words a space, inside one word nothing (``zero_width_breaks``).

Between two words' letters a zero-width space is where web text lets a line break: a space ('Hola\\u200bmundo' was
read as the one word 'holamundo'). Between two small letters (or two capitals) it is also where a word processor
lets a word break ('pé\\u200bsimo', or at each syllable: 'pé\\u200bsi\\u200bmo', 're\\u200bco\\u200bmen\\u200bda…'):
it joins them when the joined letters are a Spanish word and the two sides are not both words (``_pieces_joined``):
'cobro\\u200bindebido' is two words.
Beside punctuation ('N\\u200b/A') it is left for ``normalize.invisible_chars`` to remove, as the others are.
Not between two digits ('10\\u200b000' is one number), nor in a URL or an e-mail address ('ana\\u200bperez@x.com'
is one address, as the PII redaction reads it): ``_RE_ZERO_WIDTH_TOKEN`` finds the word it is in, from its start.
"""

from __future__ import annotations

import functools
import re

from ._language_words import _LEXICON

_RE_ZERO_WIDTH_TOKEN = re.compile(r"(?<!\S)[^\s\u200b]*+\u200b\S*+")
_RE_LINK = re.compile(r"@|://|www\.", re.IGNORECASE)
# (A literal first, not a repeat: the engine scans for it as for a substring, not character by character.)
_RE_ZERO_WIDTHS = re.compile("\u200b\u200b*+")
# The letters before a zero-width space, from the first of their run: none where the run starts before the search does.
_RE_LETTERS_BEFORE = re.compile(r"(?<![^\W\d_])[^\W\d_]*+\Z")
# No word of the lemma table (32 letters) or of language identification is longer: ``_pieces_joined`` reads no further
# letters on either side (a run of thousands of letters before a digit, 'aaa…a1b\u200bc', was searched again from
# each of its letters), and so no more pieces than 31 after a zero-width space, whose letters it reads in one match.
_LONGEST_WORD = 32
# Past this many pieces, read on only while the first ``_START`` letters start a word (``_starts_a_word``): a word cut
# at each letter ('a\u200ba\u200ba…') would otherwise look up 31 words at each of its zero-width spaces. The first
# ones are matched on their own: reading 31 pieces at each zero-width space of 'a\u200ba\u200b…' to use 4 of them
# made such a run half as fast as reading 4.
_MOST_PIECES_UNCHECKED = 4
_START = 5
_RE_PIECES = re.compile(rf"[^\W\d_]++(?:\u200b++[^\W\d_]++){{0,{_MOST_PIECES_UNCHECKED - 1}}}+")
_RE_MORE_PIECES = re.compile(rf"(?:\u200b++[^\W\d_]++){{0,{_LONGEST_WORD - 1 - _MOST_PIECES_UNCHECKED}}}+")


def zero_width_breaks(text: str) -> str:
    """``text`` with each zero-width space between two words a space, one for one (offsets are kept)."""
    if _RE_LINK.search(text):  # a word at a time: a URL's or an e-mail address's is left as it is
        return _RE_ZERO_WIDTH_TOKEN.sub(_zero_width_breaks, text)
    return _breaks(text)


def _zero_width_breaks(match: re.Match) -> str:
    """The word of ``match`` with each zero-width space between two words a space, unless it is a URL or an e-mail."""
    word = match.group()
    return word if _RE_LINK.search(word) else _breaks(word)


def _breaks(text: str) -> str:
    """``text`` (no URL or e-mail address in it) with each zero-width space between two words a space.

    Only those between two word characters, not both digits; between two small letters or two capitals, not
    those inside a word found at an earlier one ('pé\\u200bsi\\u200bmo' is 'pésimo', ``_pieces_joined``), and the
    one right after such a word is a break without a look-up ('pé\\u200bsi\\u200bmo\\u200bservicio')."""
    pieces, written, last, word_end = [], 0, 0, -1
    for zero_width in _RE_ZERO_WIDTHS.finditer(text):
        start, end = zero_width.span()
        if start < word_end:  # inside a word found at an earlier one
            last = end
            continue
        if start == 0 or end == len(text) or not _a_break(text[start - 1], text[end]):
            continue
        if start > word_end:
            letters = _RE_LETTERS_BEFORE.search(text, max(last, start - _LONGEST_WORD), start)
            word_end = _pieces_joined(text, letters.group(), start, end) if letters else 0  # (else too long a word)
        last = end
        if word_end > start:  # (the zero-width space right after the word, at its end, is a break)
            continue
        pieces += [text[written:start], " " * (end - start)]
        written = end
    return "".join(pieces) + text[written:] if pieces else text


def _a_break(before: str, after: str) -> bool:
    """Whether a zero-width space between the characters ``before`` and ``after`` may be a break: between two word
    characters, not two digits ('10\\u200b000' is one number; 'N\\u200b/A' no break)."""
    return ((before.isalnum() or before == "_") and (after.isalnum() or after == "_")
            and not (before.isdecimal() and after.isdecimal()))


def _pieces_joined(text: str, before: str, start: int, end: int) -> int:
    """Where the word ends that the pieces of letters after the zero-width spaces ``text[start:end]`` form with the
    letters ``before`` them ('pé\\u200bsimo', 'PÉ\\u200bSIMO', 'pé\\u200bsi\\u200bmo': the end of 'mo'), or 0 where
    they are a break.

    Between two small letters or two capitals, the pieces (each after zero-width spaces between letters of the same
    case, up to ``_LONGEST_WORD`` letters in all) whose letters joined to ``before`` are a word (``_is_a_word``; the
    longest), unless both sides are words too ('cobro\\u200bindebido', 'muy\\u200bbien' are two words;
    'sin\\u200bvergüenza' is 'sinvergüenza', as neither list has 'sin'; 'in\\u200bsatisfecho' is 'insatisfecho', as
    'in' is English only, where 'in satisfecho' read as satisfied: ``_stands_alone``). Between a small letter and a
    capital it is a break ('Hola\\u200bMundo').
    """
    if len(before) >= _LONGEST_WORD or not _same_case(text[start - 1], text[end]):
        return 0
    small, before = text[end].islower(), before.lower()
    letters, ends, piece_end = before, [], end - 1  # the letters joined, where each piece ends in them and in text
    first = _RE_PIECES.match(text, end)
    pieces = first.group().split("\u200b")  # ('' between two zero-width spaces)
    for index, piece in enumerate(pieces):
        piece_end += len(piece) + 1
        if not piece:
            continue
        if not (piece[0].islower() if small else piece[0].isupper()) or len(letters) + len(piece) > _LONGEST_WORD:
            break
        if len(ends) == _MOST_PIECES_UNCHECKED and not _starts_a_word(letters[:_START]):
            break
        letters += piece.lower()
        ends.append((len(letters), piece_end))
        if index == len(pieces) - 1 and len(ends) == _MOST_PIECES_UNCHECKED and _starts_a_word(letters[:_START]):
            pieces += _RE_MORE_PIECES.match(text, first.end()).group().split("\u200b")[1:]  # (read on)
    for length, word_end in reversed(ends):
        if _is_a_word(letters[:length]) and not (_stands_alone(before) and _stands_alone(letters[len(before):length])):
            return word_end
    return 0


def _same_case(before: str, after: str) -> bool:
    """Whether two characters are both small letters or both capitals."""
    return before.islower() and after.islower() or before.isupper() and after.isupper()


@functools.lru_cache(maxsize=4096)  # the same letters come back in a word cut at each letter ('Á\u200bÁ\u200bÁ…')
def _is_a_word(letters: str) -> bool:
    """Whether the lower-case ``letters`` are a word of the lemma table (a form or a lemma: the table maps only the
    forms that differ from their lemma, so 'atención' is only a lemma) or of language identification ('muy'), or an
    adverb made of such a word and '-mente', which the table does not list ('recomendablemente', 'claramente')."""
    forms, lemmas = _lemma_words()
    if letters in forms or letters in lemmas or letters in _LEXICON:
        return True
    if letters.endswith("mente") and len(letters) > 7 and _is_a_word(letters[:-5]):
        return True
    if letters.isascii():
        return False
    from .normalize import strip_accents  # (normalize imports this module)

    return strip_accents(letters) in _LEXICON


@functools.lru_cache(maxsize=4096)
def _stands_alone(letters: str) -> bool:
    """Whether the lower-case ``letters`` are a word (``_is_a_word``) not only of another language: 'in' (English)
    before letters it forms a Spanish word with is that word's prefix ('in\\u200bsatisfecho'). An adverb in '-mente'
    that only ``_is_a_word`` makes does not: any word of the table makes one ('ex\\u200bactamente' was 'ex actamente',
    as 'acta' is a word)."""
    if not _is_a_word(letters):
        return False
    forms, lemmas = _lemma_words()
    if letters in forms or letters in lemmas:
        return True
    from .normalize import strip_accents  # (normalize imports this module)

    return _LEXICON.get(letters, _LEXICON.get(strip_accents(letters), ("foreign",)))[0] != "foreign"


@functools.lru_cache(maxsize=4096)
def _starts_a_word(letters: str) -> bool:
    """Whether the lower-case ``letters`` (``_START`` of them) start a word ``_is_a_word`` finds."""
    starts = _word_starts()
    if letters in starts:
        return True
    from .normalize import strip_accents  # (normalize imports this module)

    return not letters.isascii() and strip_accents(letters) in starts


@functools.lru_cache(maxsize=1)
def _lemma_words() -> tuple[dict[str, str], frozenset[str]]:
    """The lemma table and its lemmas, read on the first zero-width space between two letters: the status and the
    PII redaction, which run this module but never classify, do not read it for other text."""
    from .tokenize import _lemma_table  # the classifier's copy: the table is read once per process

    table = _lemma_table()
    return table, frozenset(table.values())


@functools.lru_cache(maxsize=1)
def _word_starts() -> frozenset[str]:
    """The first ``_START`` letters of every word of the lemma table and of language identification
    (``_starts_a_word``), built on the first word cut into more than ``_MOST_PIECES_UNCHECKED`` pieces: a tenth of a
    second and megabytes that a process (a service, each Dask or Spark worker) reading 'pé\\u200bsimo' doesn't need."""
    forms, lemmas = _lemma_words()
    # (a word shorter than that starts only its adverb: 'solam…', 's\u200bo\u200bl\u200ba\u200bm\u200be…')
    return frozenset((word if len(word) >= _START else word + "mente")[:_START]
                     for words in (forms, lemmas, _LEXICON) for word in words)
