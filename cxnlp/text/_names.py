"""Names in a comment, whose words are no evidence of its language (``status.is_spanish``): a place or a person
('Hotel Playa Blanca', 'thanks to Guadalupe') and a product or a brand ('Samsung Galaxy Buds Pro', 'Galaxy Tab S9').
"""

from __future__ import annotations

import re

from . import _polarity_words as _polar
from ._language_words import _ALIKE, _ALIKE_ENDINGS, _LEXICON, _RE_LANG_WORDS, _SPANISH_ENDINGS
from .normalize import strip_accents

# A title-case run ('Playa del Carmen', 'El Corte Inglés', 'Cocina de la Abuela') or a capitalised word after a
# lower-case one ('thanks to Guadalupe') is a name: in a text that also has foreign words, its Spanish words are
# not evidence of Spanish.
_TITLE = r"(?<!\w)[A-ZÁÉÍÓÚÑÜ][a-záéíóúñü]+(?!\w)"
_RE_TITLE_WORDS = re.compile(_TITLE)
_RE_LOWER_WORDS = re.compile(r"(?<!\w)[a-záéíóúñü]++(?!\w)")
_RE_NAMES = re.compile(rf"{_TITLE}(?:[ '-]+(?:de (?:la |las |los )?|(?:del|la|las|los|el|y) )?{_TITLE})+"
                       rf"|(?<=[a-záéíóúñü,] ){_TITLE}")
# A product or brand name: two words or more in a row that start with a capital ('PlayStation Plus', 'iPhone',
# 'LG') or hold a digit ('Galaxy Tab S9', 'Apple Watch Series 9'). Possessive, so the search is linear.
_PRODUCT_WORD = r"(?:[a-z]?[A-ZÁÉÍÓÚÑÜ][\w'-]*+|[^\W\d]*+\d\w*+)"
_RE_PRODUCTS = re.compile(rf"(?<![\w'-]){_PRODUCT_WORD}(?: ++{_PRODUCT_WORD})++")
# In a text without lower case, only a model number tells a name: it and the words before it ('SAMSUNG GALAXY A54').
# A run starts only where no word and a space come before, so each word is read once.
_RE_MODELS = re.compile(r"(?<![\w'-])(?<![^\W\d] )(?:[^\W\d]++ )*+[^\W\d]*+\d\w*+")


#: Spanish function words that open sentences ('Mi Samsung Galaxy S23 no carga', 'Con Netflix Premium todo bien').
_OPENERS = frozenset("""
    mi mis su sus tu tus nuestro nuestra nuestros nuestras el la los las un una unos unas este esta estos estas ese
    esa esos esas con por en desde para sin de del al a y o pero que
""".split())
#: Spanish articles: one opening a run with a 'de la' in lower case opens a Spanish sentence's noun phrase ('Los Tacos
#: de la Esquina, the best'); English names a place without either ('Las Vegas, great trip', 'Hotel de la Playa').
_ARTICLES = frozenset("el la los las".split())
#: The lower-case 'de' such a run needs ('y' joins two names: 'La Jolla y Cabo, never again'), and the words of an
#: English name that keep it one ('La Quinta Inn de los Angeles, thank you', 'El Grill de la Esquina, the best').
_OF = frozenset("de del".split())
_ENGLISH_PLACES = frozenset("inn motel resort lodge suites grill pub diner house".split())
#: Words of judgement, which open a sentence ('Muy Buen Servicio, thank you') and not a name: degree words and
#: the polarity lexicon's words and prefixes (read on the word as written, accents stripped).
_DEGREE = frozenset("muy todo toda super bastante demasiado".split())
_JUDGING_WORDS = (_polar.POSITIVE_WORDS | _polar.NEGATIVE_WORDS | _polar.ADDED_POSITIVE_WORDS
                  | _polar.ADDED_NEGATIVE_WORDS)
_JUDGING_PREFIXES = (_polar.POSITIVE_PREFIXES + _polar.NEGATIVE_PREFIXES + _polar.ADDED_POSITIVE_PREFIXES
                     + _polar.ADDED_NEGATIVE_PREFIXES)
#: What ends the clause of a run that is the sentence's words, not a name: a mark, the text's end, a conjunction or
#: a word that opens an English clause ('Pésimo Servicio, never again', 'Buen Servicio but too expensive', 'El
#: Servicio Excelente thank you'; 'Buena Vista hotel was great' is a name).
_RE_CLAUSE_END = re.compile(r"[ \t]*+(?:[,.;:!?…)\r\n]|$|(?:but|and|so|or|though|because|pero|y|never|thanks?|very"
                            r"|too|please|the|we|i|my|our|they|it|not|really|just)(?!\w))")
_SPANISH_LOOKING = _SPANISH_ENDINGS + ("o", "a", "os", "as")
#: What may stand between a sentence's end (or the text's start) and its first word.
_LEAD = " \t\r\n\"'(«¿¡*-"


def _name_words(text: str, n_words: int, *, openers: bool = True) -> list[str]:
    """The lower-cased words of ``text`` (``n_words`` in all) that are part of a name (see ``_RE_NAMES``); without
    ``openers``, not a listed Spanish function word that opens a sentence (``_OPENERS``), whose capital is the
    sentence's: 'Mi' of 'Mi Samsung Galaxy S23 no carga', where 'Las' of 'Las Vegas hotel was great' is the name's.

    A text Written In Title Case (over half its words capitalised, fewer than two in lower case) has no names: its
    capitals say nothing ('Excelente Servicio, Thank You'). Two words in lower case are enough to tell names among
    many capitals ('We stayed at Hotel Playa Blanca', 'El Corte Inglés is overpriced': 'We' and 'El' have the
    sentence's capital). A run that opens a sentence and fills its clause (``_RE_CLAUSE_END``) is the sentence's
    words, not a name, where it holds a Spanish word of judgement (``_judging``), opens with an article before a
    lower-case 'de la' (``_ARTICLES``) or, among many capitals, opens with a Spanish word: 'Pésimo Servicio, never
    again', 'Los Tacos de la Esquina, the best', 'Mi Pedido No Ha Llegado, please help' (Spanish is never dropped);
    'Buena Vista Social Club was amazing', 'El Corte Inglés is overpriced', 'Hotel de la Playa, very dirty' and
    'Avoid Mariscos La Playita, we got sick' are names.
    """
    if (many_capitals := 2 * len(_RE_TITLE_WORDS.findall(text)) > n_words) and len(_RE_LOWER_WORDS.findall(text)) < 2:
        return []
    words = []
    for name in _RE_NAMES.finditer(text):
        found = _RE_LANG_WORDS.findall(name.group())
        if _RE_CLAUSE_END.match(text, name.end()) and _opens_sentence(text, name.start()) and (
                many_capitals and _spanish(strip_accents(found[0].lower()))
                or found[0].lower() in _ARTICLES and _OF.intersection(found)
                and not _ENGLISH_PLACES.intersection(map(str.lower, found))
                or any(_judging(word.lower()) for word in found)):
            continue
        if not openers and found[0].lower() in _OPENERS and _opens_sentence(text, name.start()):
            found = found[1:]
        words += [word.lower() for word in found]
    return words


def _judging(word: str) -> bool:
    """Whether the lower-cased ``word`` is a Spanish word of judgement (``_DEGREE``, ``_JUDGING_WORDS``): 'Pésimo' of
    'Pésimo Servicio, never again'. A word the lists hold as another language's ('fantastic', which starts as
    'fantástico' does) is not."""
    plain = strip_accents(word)
    if plain in _DEGREE:
        return True
    if not (plain in _JUDGING_WORDS or plain.startswith(_JUDGING_PREFIXES)):
        return False
    return _spanish(plain)  # an unlisted one by its Spanish ending: 'Estupenda', 'Lentísimo'


def _spanish(plain: str) -> bool:
    """Whether ``plain`` (a word lower-cased, accents stripped) is listed as Spanish or shared, or unlisted with a
    Spanish ending ('mi', 'llego'); 'avoid' of 'Avoid Mariscos La Playita, we got sick' is not: its run is a name."""
    kind = _LEXICON.get(plain, ("",))[0]
    return kind in ("es", "shared") or not kind and plain.endswith(_SPANISH_LOOKING)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first of a sentence: only blanks, quotes and opening marks stand between it
    and the text's start or a full stop, question or exclamation mark, colon or semicolon. (Eight characters back at
    most are read, so that a text of many names is still read in linear time.)"""
    lead = text[max(0, start - 8):start].rstrip(_LEAD)
    return not lead or lead[-1] in ".!?:;…"


def _product_words(text: str) -> list[str]:
    """The lower-cased words of the product and brand names in ``text`` (see ``_product_names``)."""
    return [word for name in _product_names(text) for word in name]


def _product_names(text: str) -> list[list[str]]:
    """The product and brand names in ``text`` (see ``_RE_PRODUCTS``), each as its lower-cased words. Where no word in
    lower case is left beside them ('XBOX SERIES X WONT TURN ON', 'Great Service Thank You') capitals say nothing
    about names: only model numbers do (``_RE_MODELS``)."""
    names = _RE_PRODUCTS.findall(text)
    if not names:
        return []
    if (rest := _RE_PRODUCTS.sub(" ", text)).upper() == rest:
        names = _RE_MODELS.findall(text)
    return [[word.lower() for word in _RE_LANG_WORDS.findall(name)] for name in names]


#: Catalan and Galician words that are also names or words Spanish writes ('Ben', 'Bo', 'non stop', 'Tot Hogar').
_NAME_LIKE = frozenset("ben bo non tot".split())


def _lone_name(text: str, words: list[str], evidence: list[tuple[str, frozenset[str]]]) -> set[str]:
    """The one Catalan or Galician word among ``words`` (of ``text``, with their ``evidence``) where it is a name or a
    word Spanish writes too, beside Spanish ones: Spanish is never dropped ('Por Ben', 'Cenamos en La Botiga', 'Bo
    excelente', 'atendido por ben, excelente'). None where there are two ('Todo ben, moi bo') or the word is the
    text's own language ('Todo ben', 'Moi recomendable', 'A aplicación non funciona'), or where that language writes
    each Spanish word beside it too ('O soporte non responde': 'o' and 'soporte' are Galician as well) unless it is
    the 'non' of 'non stop' ('Todo perfecto, non stop')."""
    local = [i for i, (kind, langs) in enumerate(evidence) if kind == "foreign" and langs & {"ca", "gl"}]
    if len(local) != 1:
        return set()
    i, word = local[0], words[local[0]]
    written = found[i] if len(found := _RE_LANG_WORDS.findall(text)) == len(words) else word
    name = written[:1].isupper() and written[1:].islower() and (i > 0 or word in _NAME_LIKE)  # 'Por Ben', 'Bo ...'
    spanish = [w for w, (kind, _) in zip(words, evidence) if kind in ("es", "shared")]
    own = evidence[i][1] & _ALIKE.keys()
    # (not all written so by the word's language too; or Spanish's 'non stop', which Galician does not write)
    spanish_way = words[i + 1:i + 2] == ["stop"] or any(not _alike(w, own) for w in spanish)
    return {word} if spanish and (name or word in _NAME_LIKE and len(spanish) >= 2 and spanish_way) else set()


def _alike(word: str, langs: set[str]) -> bool:
    """Whether those of Catalan and Galician in ``langs`` write ``word`` as Spanish does (``_ALIKE``)."""
    plain = strip_accents(word)
    return any(plain in _ALIKE[lang] or plain.endswith(_ALIKE_ENDINGS[lang]) for lang in langs)
