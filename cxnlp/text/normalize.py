"""Spanish text normalisers: tiny pure ``str -> str`` functions run in the order of ``STEPS``.

Accents are kept here because the lemma lookup needs them; ``strip_accents`` is applied to
tokens afterwards so that "aplicación" and "aplicacion" meet.

Reading HTML out of a comment (``html_markup``, run by the step ``html_text``) is ``_html_markup``'s, imported here.
"""

from __future__ import annotations

import re
import unicodedata

from ._html_markup import html_markup
from ._line_ends import escaped_line_ends
from ._triples import with_triples
from ._zero_width import zero_width_breaks

# (Not the zero-width joiner U+200D: it joins an emoji sequence, '😮‍💨', that ``emojis`` reads as one emoji, and
# drops as it drops any pictograph.) The invisible separator U+2063 separates by definition: removed, it glued
# 'pésimo\u2063servicio' into 'pésimoservicio'. (Not the bidirectional marks U+200E, U+200F: ``_RE_INVISIBLE``'s.)
_CONTROL = ("".join(map(chr, [*range(0x09), 0x0b, 0x0c, *range(0x0e, 0x20), *range(0x7f, 0xa0)]))
            + "\u2028\u2029\u2063\ufeff")
# The line ends of ``str.splitlines`` other than '\n': a carriage return alone (old Mac exports), a vertical tab (a
# line break inside a FileMaker field), U+2028... They end a unit as a line break does (``segment.split``).
_LINE_END = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# What ``control_chars`` writes for each of them, one character for one: a line end '\n', any other a space.
_CONTROL_TO = [(char, "\n" if char in _LINE_END else " ") for char in dict.fromkeys(_LINE_END + _CONTROL)]
_RE_CONTROL = re.compile(f"[{re.escape(_LINE_END + _CONTROL)}]")
# Invisible inside a word, where word processors and PDFs leave them: a soft hyphen, a word joiner, a zero-width
# space or non-joiner; and the format characters that right-to-left text and phones leave: the marks of bidirectional
# embeddings and isolates ('\u2067pésima\u2069'), the left-to-right, right-to-left ('aten\u200fción', once a space:
# 'aten ción') and Arabic letter marks, the invisible operators, the Mongolian vowel separator and the tags of a
# flag's emoji, which stayed in a word ('pésima\u2069' is no word a model has seen).
# A bidirectional mark is no separator: one between two words glues them ('atención\u2069fue' is 'atenciónfue'), as a
# word processor shows them; only the invisible separator U+2063 is a space (``_CONTROL``, run first; listed here too).
# Variation selectors (U+FE00–FE0F, U+E0100–E01EF) and the grapheme joiner U+034F ('pésimo\ufe0e') are printable marks,
# none Latin-1: ``invisible_chars`` looks for them apart, in a text not all Latin-1 (most Spanish is: copied, not read).
_MARKS = "\u034f\ufe00-\ufe0f\U000e0100-\U000e01ef"
_RE_MARKS = re.compile(f"[{_MARKS}]")
INVISIBLE = ("\u00ad\u200b\u200c\u200e\u200f\u2060\u202a-\u202e\u2066-\u2069\u061c\u2061-\u2064\u206a-\u206f\u180e"
             f"\U000e0001-\U000e007f{_MARKS}")  # (a character class's contents: ``segment`` reads words through them)
_RE_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_RE_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# Every pattern below runs in linear time on any input (tests/test_reliability_text.py times them
# on 5,000-character hostile strings): possessive quantifiers (``*+``, ``++``) and look-behinds
# stop the engine from re-scanning a run of characters from each of its positions.
# An address starts at the first word character of its run ('.x@y.com' keeps its dot), as with
# the former ``\b[\w.+-]+@``, which was quadratic on 'a.a.a.a…'.
_RE_EMAIL = re.compile(r"(?<![\w.+-])([.+-]*+)\w[\w.+-]*+@[\w-]++\.[\w.-]+\b")
# What follows the '@' of any address: a text without it ('@TiendaX no contesta', a mention) has none, and a search
# for it starts only at each '@', where ``_RE_EMAIL`` is tried at every character.
_RE_EMAIL_DOMAIN = re.compile(r"@[\w-]++\.")
_RE_NUMBER = re.compile(r"(?<![\w])[$€£]?\d+(?:[.,:]\d+)*(?:%|€|\$)?(?![\w])")
_RE_REPEAT = re.compile(r"(\w)\1{2,}")
_RE_PUNCT_REPEAT = re.compile(r"([!?¡¿.,])\1+")
_PUNCT_PAIRS = ("!!", "??", "¡¡", "¿¿", "..", ",,")
_RE_DIGIT = re.compile(r"\d")
_RE_WRAP = re.compile(r"(?<!\s)[^\S\n]*+\n[^\S\n]*+(?=([^\W\d_]))")  # (one line end: ``lowercase``)

# Emojis carry sentiment: each becomes a word the classifier can learn from.
_EMOJI_POS = "😀😃😄😁😆😊🙂😉😍🥰😘😻👍👌💯🙌👏❤💕💖💗💙💚💜🧡✨🎉🥳⭐🌟😎🤩☺🤗💪🔝✅🏆🫶😇😋♥"
_EMOJI_NEG = "😡😠🤬😤😞😔😢😭😩😫👎💔🤮🤢😒😑😣😖😟😕☹🙁😰😱😨🥵💩❌⚠🤦😬🥲"
# An emoji of several characters is one entry: in the string above '😮‍💨' (face exhaling) was read character by
# character, and made '😮', '💨' (speed: 'entrega rapidísima 💨') and the zero-width joiner each negative.
_EMOJI_NEG_SEQUENCES = ("😮‍💨",)
_EMOJI_SARCASM = "🙃🙄😏🤡🤔😅😂🤣"
_EMOJI_TOKEN = {
    **{e: " emopos " for e in _EMOJI_POS},
    **{e: " emoneg " for e in (*_EMOJI_NEG, *_EMOJI_NEG_SEQUENCES)},
    **{e: " emosarc " for e in _EMOJI_SARCASM},
}
_PICTO = "\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d"
_RE_OTHER_PICTO = re.compile(f"[{_PICTO}]")
# The emoji of several characters first, then any one character that is an emoji or a pictograph (a
# pictograph that is not an emoji is put back as it was): the same matches as an alternation of every
# emoji, longest first, in a pattern the engine runs fast (character ranges rather than 100 literals).
_OUTSIDE_PICTO = "".join(sorted({re.escape(e[0]) for e in _EMOJI_TOKEN if not _RE_OTHER_PICTO.match(e[0])}))
_RE_EMOJI = re.compile("|".join([*sorted((re.escape(e) for e in _EMOJI_TOKEN if len(e) > 1), key=len, reverse=True),
                                 f"[{_PICTO}{_OUTSIDE_PICTO}]"]))
# Text without any of these characters has nothing for either pattern.
_RE_ANY_EMOJI = re.compile(f"[{_PICTO}{_OUTSIDE_PICTO}]")
# One left-to-right pass over both kinds: in ':(:(' the ')(' ... '(:' junction is no smile. One with a bracket for a
# mouth after ':', ';' or '=' may follow a word's last letter ('Llegó el pedido:(', typed without its space, was read
# positive); the others may not: 'Nota:D' is a grade, 'x=D' a value ('ALFRED:', 'n<3', 'f(:').
_RE_EMOTICON = re.compile(r"(?:(?P<neg>:-?\(|:'\(|=\(|(?<!\w)D:|(?<!\w)>:\()"
                          r"|(?P<pos>:-?\)|(?<!\w):-?D|=\)|(?<!\w)=D|;-?\)|(?<!\w)<3|(?<!\w)\(:))(?!\w)")

# A short question answered by the writer ("¿Recomendable? Sí", "¿Volvería? Ni loco") is a
# statement, not a question: question marks would otherwise pull it towards 'neutral'.
# One to three words: written as 'word (space word){0,2}' with possessive quantifiers, because the
# former '(?:word\s*){1,3}' could split one long word in cubically many ways before failing.
_RE_SELF_ANSWERED = re.compile(r"¿\s*+([^\W\d_]++(?:\s++[^\W\d_]++){0,2}+\s*+)\?\s*+(?=[^\W\d_])")
# ('Nooo' too: repeated letters are shortened by a later step.) A one-word 'no' answers the question only when it
# stands alone ('¿Volvería? No.', 'No, nunca', 'Nunca más', 'No 😡'), is followed by another refusal ('Nunca jamás
# volveré', 'No no no', 'No gracias', 'No lo creo') or by a degree or an absence ('¿Rápido? No mucho', '¿Soporte? No
# hay'): followed by another word, it negates that word ('¿La app? No funciona' was read 'no la app, no funciona').
# Between the words of a fixed phrase, any run of spaces ('Ni\u00a0loco', 'qué  bien') but a line end: words on two
# lines ('¿Volvería? Ni\nloco', 'Qué\n\nbien, otra vez', 'Gracias\npor\nnada') are in two units (``segment.split``),
# no phrase, and a 'No' that ends its line stands alone ('¿Volvería? No\nLa app falla' refuses).
_GAP = r"[^\S\n]++"
_NEGATOR = rf"(?:no+|nunca|jam[aá]s|tampoco)(?:{_GAP}m[aá]s)?+"
_RE_NEGATIVE_ANSWER = re.compile(
    rf"(?:{_NEGATOR}(?:[\s,.!¡]*+(?:{_NEGATOR}|gracias|lo{_GAP}creo|ni{_GAP}loc[oa]|para{_GAP}nada)(?!\w))++"
    rf"|{_NEGATOR}{_GAP}(?:mucho|tanto|demasiado|del{_GAP}todo|hay|existe)(?!\w)"
    rf"|{_NEGATOR}(?!\w)(?![^\S\n]*+(?!emo(?:pos|neg|sarc)\b)[^\W\d_])"
    rf"|(?:para{_GAP}nada|ni{_GAP}loc[oa]|ni{_GAP}de{_GAP}broma|de{_GAP}ninguna{_GAP}manera|ni{_GAP}hablar"
    rf"|en{_GAP}absoluto)\b)",
    re.IGNORECASE)

# Verbal sarcasm markers get the token of the sarcasm emojis: "gracias por nada" is not thanks.
_RE_SARCASM = re.compile(rf"\b(?:gracias|thanks){_GAP}(?:por|x|para){_GAP}nada\b"
                         rf"|\bqu[eé]{_GAP}(?:bien|maravilla),?{_GAP}otra{_GAP}vez\b", re.IGNORECASE)

# NUM and URL placeholders are lower-case words so that later lowercasing keeps them stable.
URL, EMAIL, NUM = " urlx ", " emailx ", " numx "


def unicode_nfc(text: str) -> str:
    """Compose accents (NFC) so that 'á' is one character whatever the source wrote.

    In linear time: CPython puts a run of combining marks in order by insertion, so normalising 30,000 marks
    in reverse order (or 'ཱི' U+0F73 repeated, which decomposes into two) took seconds, and a million-character
    cell hours. The text is normalised piece by piece (``nfc_pieces``); a piece longer than ``MAX_NFC_RUN``
    that is not already NFC is left as written. Every other text comes out exactly as ``normalize("NFC")``
    gives it.
    """
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return "".join(form for _, _, form, _ in nfc_pieces(text))


# The fullwidth forms of ASCII's letters, digits and signs (U+FF01–U+FF5E), which a phone's East Asian keyboard or
# a web font types ('ＬＬＥＧÓ ＴＡＲＤＥ'): one character for one, so offsets stay.
_RE_FULLWIDTH = re.compile("[\uff01-\uff5e]")
_FULLWIDTH_TO_ASCII = [(chr(code), chr(code - 0xFEE0)) for code in range(0xFF01, 0xFF5F)]


def fullwidth(text: str) -> str:
    """Write fullwidth letters, digits and signs as their ASCII forms: 'ＬＬＥＧÓ ＴＡＲＤＥ' was read as words no
    model has seen ('ｌｌｅｇó'), and 'LLEGÓ TARDE' as a late delivery. A step before ``unicode_nfc``: a combining
    accent after a fullwidth letter ('ｐｅ\\u0301ｓｉｍｏ') composes only with its ASCII form ('pésimo')."""
    if text.isascii() or not _RE_FULLWIDTH.search(text):
        return text
    # A pass in C for each form there is: str.translate, a look-up per character, held the interpreter (and the
    # threads of the service) for a second on a 16-million-character comment with one fullwidth letter.
    for form, ascii_form in _FULLWIDTH_TO_ASCII:
        if form in text:
            text = text.replace(form, ascii_form)
    return text


# The Latin ligatures U+FB00–U+FB06, which PDF and word-processor exports leave ('conﬁrmado'). Not ``fullwidth``'s:
# a ligature is several letters, and the cleaned text that units are cut from keeps one character for one.
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
              "\ufb06": "st"}


def ligatures(text: str) -> str:
    """Write the Latin ligatures as their letters: 'Pedido conﬁrmado, muy eﬁciente' was read as two words no model
    has seen."""
    if text.isascii():
        return text
    for ligature, letters in _LIGATURES.items():
        if ligature in text:
            text = text.replace(ligature, letters)
    return text


#: The longest stretch without an ASCII character that is put in NFC (see ``unicode_nfc``): none in Spanish
#: feedback comes near it (words are separated by spaces).
MAX_NFC_RUN = 500
_RE_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def nfc_pieces(text: str):
    """``(start, end, NFC form, as written)`` of consecutive pieces of ``text`` that normalise on their own,
    their forms joined being ``unicode_nfc(text)``: ASCII stretches (already NFC), and each run of other
    characters with the ASCII character before it, its base. A cut before an ASCII character never changes
    NFC: it has no marks to reorder, composes with nothing before it and blocks what follows from composing
    with what precedes it. ``as written`` is True for a piece given back character for character (ASCII, or
    a run over ``MAX_NFC_RUN`` left as written), whose offsets are those of ``text``."""
    pos = 0
    for match in _RE_NOT_ASCII.finditer(text):
        start, end = match.span()
        if start > pos + 1:
            yield pos, start - 1, text[pos:start - 1], True
        first = start - 1 if start > pos else start
        piece = text[first:end]
        if end - first > MAX_NFC_RUN and not unicodedata.is_normalized("NFC", piece):
            yield first, end, piece, True
        else:
            yield first, end, unicodedata.normalize("NFC", piece), False
        pos = end
    if pos < len(text):
        yield pos, len(text), text[pos:], True


# Each step below first checks, with a plain string test, that its pattern can match at all: most
# comments have no URL, e-mail, emoji or question to rewrite, and a test costs less than a scan.

def control_chars(text: str) -> str:
    """Replace line ends other than '\\n' with '\\n' (Windows' '\\r\\n' with ' \\n': one line end), other control
    characters, the invisible separator U+2063 and a zero-width space between two words ('Hola\\u200bmundo') with
    spaces; other zero-width ones cut no word ('N\\u200b/A', 'pé\\u00adsimo', and 'pé\\u200bsimo', between two small
    letters or two capitals neither of which ends or starts a known word): ``invisible_chars`` removes them, where no
    offset is kept. Line ends an export wrote as text ('\\\\n', '_x000D_') first: ``escaped_line_ends``."""
    if "\\n" in text or "_x000" in text:
        text = escaped_line_ends(text)
    if text.isprintable():  # none of them is printable
        return text
    if "\u200b" in text:
        text = zero_width_breaks(text)
    if not _RE_CONTROL.search(text):  # only '\n', tabs, no-break spaces...: one scan
        return text
    # A pass in C for each character there is: two regex substitutions held the interpreter (and the threads of the
    # service) for seconds on a 16-million-character comment full of them ('\r\n' line ends).
    if "\r\n" in text:  # one line end, not two: '\r\n' made a blank line, which a lower-case word doesn't join
        # (and '\r\r\n', '\r\n' written in text mode on Windows, as Python's csv module does without newline='')
        text = text.replace("\r\r\n", "  \n").replace("\r\n", " \n")
    for char, replacement in _CONTROL_TO:
        if char in text:
            text = text.replace(char, replacement)
    return text


def paragraph_separators(text: str) -> str:
    """Write the paragraph separator U+2029 as a blank line, a paragraph's end ('No me gustó\\u2029bueno el precio'):
    ``control_chars``, one character for one, makes it a line break, which a lower-case word after it joins."""
    return text if text.isascii() or "\u2029" not in text else text.replace("\u2029", "\n\n")


def invisible_chars(text: str) -> str:
    """Remove soft hyphens, word joiners, zero-width spaces (``control_chars`` made those between words spaces) and
    the rest of ``_RE_INVISIBLE`` (bidirectional marks, variation selectors...): 'pé\\u00adsimo' is 'pésimo'."""
    if text.isascii() or text.isprintable() and (len(text.encode("latin-1", "ignore")) == len(text)
                                                 or not _RE_MARKS.search(text)):
        return text
    removed = _RE_INVISIBLE.sub("", text)
    # an accent typed after one ('pe\u00ad\u0301simo') composes with the letter before it once it is gone
    return removed if len(removed) == len(text) else unicode_nfc(removed)


def html_text(text: str) -> str:
    """Read HTML out of ``text`` (``html_markup``), then, where it may have decoded an entity, run the steps before it
    again on what it wrote: '&shy;' (a soft hyphen, common in web text), '&#8203;' (a zero-width space) or '&#769;' (a
    combining accent) came out as written, where the same characters typed are read ('pé&shy;simo' was 'pé\\xadsimo').
    """
    read = html_markup(text)
    if "&" not in text:
        return read
    for step in _BEFORE_HTML:  # each leaves what it has normalised as it is
        read = step(read)
    return read


def urls(text: str, repl: str = URL) -> str:
    """Replace every URL in ``text`` with ``repl``."""
    if "://" not in text and "www." not in text.lower():
        return text
    return _RE_URL.sub(repl, text)


def emails(text: str, repl: str = EMAIL) -> str:
    """Replace every e-mail address in ``text`` with ``repl``."""
    if "@" not in text or not _RE_EMAIL_DOMAIN.search(text):
        return text
    return _RE_EMAIL.sub(lambda m: m.group(1) + repl, text)


def numbers(text: str, repl: str = NUM) -> str:
    """Replace numbers, amounts, times and percentages with ``repl``."""
    if not _RE_DIGIT.search(text):
        return text
    return _RE_NUMBER.sub(repl, text)


def emojis(text: str) -> str:
    """Turn emojis and emoticons into sentiment words (emopos, emoneg, emosarc); drop other pictographs."""
    if ":" in text or ";" in text or "=" in text or "<3" in text:  # every emoticon has one
        text = _RE_EMOTICON.sub(_emoticon_word, text)
    if text.isascii() or not _RE_ANY_EMOJI.search(text):
        return text
    text = _RE_EMOJI.sub(_emoji_word, text)
    return _RE_OTHER_PICTO.sub(" ", text)


def _emoticon_word(match: re.Match) -> str:
    return " emoneg " if match.group("neg") else " emopos "


def _emoji_word(match: re.Match) -> str:
    return _EMOJI_TOKEN.get(match.group(), match.group())


def self_answered_questions(text: str) -> str:
    """'¿Recomendable? Sí' -> 'Recomendable: Sí'; '¿Volvería? Para nada' -> 'no Volvería, Para nada'."""
    if "¿" not in text:
        return text

    def answer(match: re.Match) -> str:
        question = match.group(1).strip()
        if _RE_NEGATIVE_ANSWER.match(text, match.end()):
            return f"no {question}, "
        return f"{question}: "

    return _RE_SELF_ANSWERED.sub(answer, text)


def sarcasm_markers(text: str) -> str:
    """Add ``emosarc`` after fixed sarcastic phrases ('gracias por nada', 'qué bien, otra vez')."""
    lower = text.lower()  # each phrase ends in 'nada' or 'vez', whose letters only match their own cases
    if "nada" not in lower and "vez" not in lower:
        return text
    return _RE_SARCASM.sub(lambda m: m.group() + " emosarc ", text)


def repeated_chars(text: str) -> str:
    """Shorten letters repeated 3+ times to one ('pésimooo' -> 'pésimo') and repeated punctuation to one."""
    text = _RE_REPEAT.sub(r"\1", text)
    if any(pair in text for pair in _PUNCT_PAIRS):
        text = _RE_PUNCT_REPEAT.sub(r"\1", text)
    return text


def lowercase(text: str) -> str:
    """Lower-case ``text`` (ALL CAPS anger is kept as a separate feature by the classifier); a line break before a
    lower-case letter is a space: a phrase wrapped at its line's end ('no funciona\\nbien', an e-mail's lines). Not a
    blank line (two line breaks, spaces between them or not): a paragraph's end, whatever follows it ('No me
    gustó\\n\\nbueno el precio' negated 'bueno')."""
    return (_RE_WRAP.sub(lambda m: " " if m[1].islower() else m[0], text) if "\n" in text else text).lower()


def whitespace(text: str) -> str:
    """Collapse runs of whitespace to one space, those with a line break to one '\\n' (it ends a negation), and trim."""
    # (``control_chars`` has made the other line ends '\n'; split() cuts at str.isspace, the characters of the regex \s)
    return "\n".join(filter(None, (" ".join(line.split()) for line in text.split("\n"))))


_BEFORE_HTML = (fullwidth, ligatures, unicode_nfc, paragraph_separators, control_chars, invisible_chars)
STEPS = (*_BEFORE_HTML, html_text, urls, emails, emojis, numbers, self_answered_questions, sarcasm_markers,
         repeated_chars, lowercase, whitespace)


def normalize_text(text: str) -> str:
    """Run every step of ``STEPS`` on ``text``, in order.

    >>> normalize_text("PÉSIMOOO servicio!!! 😡 www.x.com")
    'pésimo servicio! emoneg urlx'
    """
    for step in STEPS:
        text = step(text)
    return text


_BEFORE_REPEATS = STEPS[:STEPS.index(repeated_chars)]
_BATCH_CHARS = 2_000
_AFTER_REPEATS = STEPS[STEPS.index(repeated_chars) + 1:]


def normalize_many(texts: list[str]) -> list[str]:
    """``[normalize_text(t) for t in texts]``, faster on a batch: the letters repeated three times that
    ``repeated_chars`` shortens (its regex costs more than any other step, and few texts have any) are looked for
    in the whole batch at once, with NumPy, and only the texts where three equal characters follow each other
    go through the regex."""
    texts = list(texts)
    for step in _BEFORE_REPEATS:
        texts = [step(t) for t in texts]
    if sum(map(len, texts)) < _BATCH_CHARS:  # a few comments: NumPy's set-up costs more than the regex
        texts = [_RE_REPEAT.sub(r"\1", t) for t in texts]
    else:
        for i in with_triples(texts):
            texts[i] = _RE_REPEAT.sub(r"\1", texts[i])
    texts = [_RE_PUNCT_REPEAT.sub(r"\1", t) if any(pair in t for pair in _PUNCT_PAIRS) else t for t in texts]
    for step in _AFTER_REPEATS:
        texts = [step(t) for t in texts]
    return texts


_ACCENTS = tuple(zip("áéíóúàèìòùâêîôûäëïöüÁÉÍÓÚÀÈÌÒÙÂÊÎÔÛÄËÏÖÜçÇ", "aeiouaeiouaeiouaeiouAEIOUAEIOUAEIOUAEIOUcC"))


def strip_accents(text: str) -> str:
    """Remove diacritics except the tilde of 'ñ' ('atención' -> 'atencion', 'año' stays)."""
    if text.isascii():
        return text
    for accented, plain in _ACCENTS:  # the common case; str.replace is several times faster than str.translate
        if accented in text:
            text = text.replace(accented, plain)
    if text.isascii() or not any(unicodedata.decomposition(c) for c in set(text) if not c.isascii() and c not in "ñÑ"):
        return text
    decomposed = unicodedata.normalize("NFD", text.replace("ñ", "\x00").replace("Ñ", "\x01"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("\x00", "ñ").replace("\x01", "Ñ")
