"""Zero-width spaces in a comment: between two words a space, inside one word nothing (``zero_width_breaks``).

Between two words' letters a zero-width space is where web text lets a line break: a space ('Hola\\u200bmundo' was
read as the one word 'holamundo'). Between two small letters (or two capitals) it is also where a word processor
lets a word break ('pé\\u200bsimo', or at each syllable: 'pé\\u200bsi\\u200bmo'): it joins them when the joined
letters are a Spanish word and the two sides are not both words (``_pieces_joined``): 'cobro\\u200bindebido' is two
words.
Beside punctuation ('N\\u200b/A') it is left for ``normalize.invisible_chars`` to remove, as the others are.
Not between two digits ('10\\u200b000' is one number), nor in a URL or an e-mail address ('ana\\u200bperez@x.com'
is one address, as the PII redaction reads it): ``_RE_ZERO_WIDTH_TOKEN`` finds the word it is in, from its start.
"""

from __future__ import annotations

import functools
import re

from ._language_words import _LEXICON

_RE_ZERO_WIDTH_BREAK = re.compile(r"(?<=[^\W\d])\u200b++(?=\w)|(?<=\w)\u200b++(?=[^\W\d])")
_RE_ZERO_WIDTH_TOKEN = re.compile(r"(?<!\S)[^\s\u200b]*+\u200b\S*+")
_RE_LETTERS_BEFORE = re.compile(r"[^\W\d_]*+\Z")
# No word of the lemma table (32 letters) or of language identification is longer: ``_pieces_joined`` reads no further
# letters on either side (a run of thousands of letters before a digit, 'aaa…a1b\u200bc', was searched again from
# each of its letters).
_LONGEST_WORD = 32
# A word cut at each of its syllables ('in\u200bsa\u200btis\u200bfe\u200bcho') is read up to this many pieces after a
# zero-width space: each one costs a look-up, and 'a\u200ba\u200ba…' has as many pieces as letters.
_MOST_PIECES = 4
_RE_PIECES = re.compile(rf"[^\W\d_]++(?:\u200b++[^\W\d_]++){{0,{_MOST_PIECES - 1}}}+")
_RE_LINK = re.compile(r"@|://|www\.", re.IGNORECASE)


def zero_width_breaks(text: str) -> str:
    """``text`` with each zero-width space between two words a space, one for one (offsets are kept)."""
    return _RE_ZERO_WIDTH_TOKEN.sub(_zero_width_breaks, text)


def _zero_width_breaks(match: re.Match) -> str:
    """The word of ``match`` with each zero-width space between two words a space, unless it is a URL or an e-mail."""
    word = match.group()
    if _RE_LINK.search(word):
        return word
    pieces, last, joined, ahead = [], 0, "", 0
    for zero_width in _RE_ZERO_WIDTH_BREAK.finditer(word):
        start, end = zero_width.span()
        letters = _RE_LETTERS_BEFORE.search(word, max(last, start - _LONGEST_WORD - 1), start).group()
        # only letters since the last one: a piece of the word, not one after a comma ('pé\u200bsimo,pé\u200bsimo')
        next_piece = len(letters) == start - last
        # after a zero-width space that joined ('pé\u200bsi\u200bmo'), the letters before it are part of the word
        before = joined + letters if joined and next_piece else letters
        # inside a word found at an earlier one ('pé\u200bsi\u200bmo' is 'pésimo'), it joins whatever its sides are
        ahead = ahead - 1 if ahead and next_piece else _pieces_joined(word, before[-_LONGEST_WORD - 1:], start, end)
        joined = before if ahead else ""
        pieces += [word[last:start], zero_width.group() if ahead else " " * (end - start)]
        last = end
    return "".join(pieces) + word[last:]


def _pieces_joined(word: str, before: str, start: int, end: int) -> int:
    """How many pieces of letters after the zero-width spaces ``word[start:end]`` form one word with ``before``
    ('pé\\u200bsimo', 'PÉ\\u200bSIMO': 1; 'pé\\u200bsi\\u200bmo': 2), or 0 where they are a break.

    Between two small letters or two capitals, the pieces (up to ``_MOST_PIECES``, each after zero-width spaces
    between letters of the same case) whose letters joined to ``before`` are a word (``_is_a_word``; the longest),
    unless both sides are words too ('cobro\\u200bindebido', 'muy\\u200bbien' are two words; 'sin\\u200bvergüenza' is
    'sinvergüenza', as neither list has 'sin'; 'in\\u200bsatisfecho' is 'insatisfecho', as 'in' is English only,
    where 'in satisfecho' read as satisfied: ``_stands_alone``). Between a small letter and a capital it is a break
    ('Hola\\u200bMundo').
    """
    if not _same_case(word[start - 1], word[end]):
        return 0
    small, before, after, found = word[end].islower(), before.lower(), "", 0
    for count, piece in enumerate(filter(None, _RE_PIECES.match(word, end).group().split("\u200b")), 1):
        same_case = piece[0].islower() if small else piece[0].isupper()
        if not same_case or len(before) + len(after) + len(piece) > _LONGEST_WORD:
            break
        after += piece.lower()
        if _is_a_word(before + after) and not (_stands_alone(before) and _stands_alone(after)):
            found = count
    return found


def _same_case(before: str, after: str) -> bool:
    """Whether two characters are both small letters or both capitals."""
    return before.islower() and after.islower() or before.isupper() and after.isupper()


@functools.lru_cache(maxsize=4096)  # the same letters come back in a word cut at each letter ('Á\u200bÁ\u200bÁ…')
def _is_a_word(letters: str) -> bool:
    """Whether the lower-case ``letters`` are a word of the lemma table (a form or a lemma: the table maps only the
    forms that differ from their lemma, so 'atención' is only a lemma) or of language identification ('muy')."""
    forms, lemmas = _lemma_words()
    if letters in forms or letters in lemmas or letters in _LEXICON:
        return True
    if letters.isascii():
        return False
    from .normalize import strip_accents  # (normalize imports this module)

    return strip_accents(letters) in _LEXICON


@functools.lru_cache(maxsize=4096)
def _stands_alone(letters: str) -> bool:
    """Whether the lower-case ``letters`` are a word (``_is_a_word``) not only of another language: 'in' (English)
    before letters it forms a Spanish word with is that word's prefix ('in\\u200bsatisfecho')."""
    if not _is_a_word(letters):
        return False
    forms, lemmas = _lemma_words()
    if letters in forms or letters in lemmas:
        return True
    from .normalize import strip_accents  # (normalize imports this module)

    return _LEXICON.get(letters, _LEXICON.get(strip_accents(letters), ("",)))[0] != "foreign"


@functools.lru_cache(maxsize=1)
def _lemma_words() -> tuple[dict[str, str], frozenset[str]]:
    """The lemma table and its lemmas, read on the first zero-width space between two letters: the status and the
    PII redaction, which run this module but never classify, do not read it for other text."""
    from .tokenize import _lemma_table  # the classifier's copy: the table is read once per process

    table = _lemma_table()
    return table, frozenset(table.values())
