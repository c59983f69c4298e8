"""Subject words of a comment: lemmas and short phrases with function and verdict words left out.

Theme discovery groups comments by what they are about, so the words that only judge ("excelente",
"pésimo", "gracias") and the words that only hold a sentence together ("de", "tener", "todo") are
dropped; what is left are the subjects ("puntos", "fidelidad", "canjear"). The text is cleaned and
split by cxnlp's own ``normalize_text`` and ``tokenize`` and lemmatised with the same lookup
table as the classifier, so "devolución", "devoluciones" and "devolucion" are one word.

A phrase is two or three subject lemmas in a row within one clause ("punto fidelidad"); the
function words between them are skipped, up to ``MAX_GAP``. ``surface`` keeps the words as the
customer wrote them, so a group can be named "puntos de fidelidad" rather than "punto fidelidad";
an occurrence that spans one of the normaliser's placeholders ("correo emailx no responde") is not
shown. The placeholders of ``cxnlp.pii`` in a text redacted before it came ("[EMAIL]", "[TELÉFONO]": a file
written by ``cxnlp classify --redact``) are placeholders too, no subject.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import NamedTuple

from ..pii import PLACEHOLDERS as PII_PLACEHOLDERS
from ..schema import AREAS
from ..text.cues import word_cues
from ..text.lexicon import polarity
from ..text.normalize import normalize_text, strip_accents
from ..text.tokenize import NEGATORS, lemma, tokenize

#: Longest phrase, in subject lemmas.
MAX_PHRASE = 3
#: Function words allowed between two words of a phrase ("puntos de la tarjeta").
MAX_GAP = 2
#: Placeholders written by ``normalize_text`` (numbers, links, e-mails, emojis), and ``_PII`` for those of ``cxnlp.pii``.
_PII = "piix"
_PLACEHOLDERS = frozenset({"numx", "urlx", "emailx", "emopos", "emoneg", "emosarc", _PII})
#: ``cxnlp.pii``'s placeholders as a redacted file holds them ("[EMAIL]", "[TELÉFONO]", also "[Telefono]"): read as
#: words, a file redacted by ``cxnlp classify --redact`` gave groups named "email / contacto" or "nombre".
_RE_PII_PLACEHOLDER = re.compile("|".join(sorted({re.escape(p) for text in PII_PLACEHOLDERS.values()
                                                  for p in (text, strip_accents(text))})), re.IGNORECASE)
#: Words of survey answers that say nothing about the subject (the brand, the experience, time).
_GENERIC = frozenset("""
empresa marca experiencia cosa cosas gracias favor general comentario comentarios cliente clientes
gente persona personas senor senora señor señora señorito señorita vez veces siempre nunca año anos ano mes
mesar semana hora horas minuto minutos momento hoy ayer mañana manana dia dias tiempo ahora aqui alla ahi algo
nadie todo tanto vida mundo tipo verdad parecer sentir creer pensar esperar quedar seguir volver dejar
haber tener hacer estar ser poder decir querer saber ver dar ir poner llevar pasar deber salir
recomer recomendar normal correcto correcta especial conforme conformar super cero opinion sugerencia
sugerencias queja quejas mejorar mejorable inmejorable pegar detalle nota calificar calificacion punto_de_vista
""".split())
#: Greetings, sign-offs, texting shorthand and sentence adverbs that spaCy's list lacks (accents stripped): a pool of
#: answers that open with "Hola" or end with "Saludos" gave groups named "hola / saludos", "uds" or "realmente".
_FILLERS = frozenset("""
hola saludo saludos atte atentamente cordialmente chao chau adios bye besos abrazos bss okay porfa porfis porfavor
xfa xfavor plis please grax etc etcetera osea sip nop uds
tmb tambn porq xq xk dsd nomas che realmente simplemente obviamente literalmente sinceramente honestamente
definitivamente totalmente completamente absolutamente solamente unicamente basicamente
""".split())
#: Numbers spelt out (accents stripped), which ``normalize_text`` leaves as words where it writes digits as "numx":
#: "esperé quince días", "me cobraron cien pesos" named groups "quince" and "cien". Feminine forms too ("quinientas
#: veces"), and read by lemma as well ("miles", "cientos", "millares").
_NUMBER_WORDS = frozenset("""
once doce trece catorce quince dieciseis diecisiete dieciocho diecinueve veinte veintiuno veintiun veintiuna veintidos
veintitres veinticuatro veinticinco veintiseis veintisiete veintiocho veintinueve treinta cuarenta cincuenta
sesenta setenta ochenta noventa cien ciento doscientos trescientos cuatrocientos quinientos seiscientos
setecientos ochocientos novecientos doscientas trescientas cuatrocientas quinientas seiscientas setecientas
ochocientas novecientas mil millon millones millar billon
""".split())
#: Nouns that the lemma table reads as a verb of another subject in the singular alone ("cuenta" -> "contar",
#: "tienda" -> "tender", but "cuentas" -> "cuenta"): one subject was two terms ("mi cuenta", "mis cuentas"), and
#: "un cargo" met "la app no carga" ("cargar").
_NOUNS = frozenset("cuenta cargo tienda clave correo sitio precio recibo saldo cita libro modelo talla".split())
#: Words after which one of ``_NOUNS`` is the verb the table reads ("no recibo el pedido", "me cuenta que").
_BEFORE_VERB = frozenset("no yo me te se le les nos lo".split())
#: Laughter as typed ("jaja", "jajaj", "jeje", "haha", "jsjs", "ajaja"): one syllable over and over.
_LAUGHS = frozenset({"ja", "je", "ji", "jo", "ha", "he", "js"})
#: Subject nouns that spaCy's Spanish stop-word list holds ("mi cuenta", "llegó tarde", "estado de cuenta").
_NOT_STOP = frozenset({"cuenta", "contar", "tarde", "estado", "llegar", "uso", "usar", "precio", "medio"})


class Word(NamedTuple):
    """One token: as written (lower case, accents kept), its accent-free lemma, and whether it is a
    subject word (kept), a function word (skipped inside a phrase) or a break (ends a phrase)."""

    surface: str
    lemma: str
    kind: str  # "subject", "skip" or "break"


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.es.stop_words import STOP_WORDS  # part of spaCy itself: nothing to download

    return frozenset(strip_accents(w) for w in STOP_WORDS) - _NOT_STOP


@functools.lru_cache(maxsize=200_000)
def _kind(word: str, noun: bool = True) -> tuple[str, str]:
    """(lemma, kind) of one lower-case token as ``tokenize`` returns it; ``noun``: a word of ``_NOUNS`` is that noun."""
    if not word[0].isalnum():
        return word, "break"
    plain = strip_accents(word)
    stop = _stop_words()
    if plain in NEGATORS or plain in stop:
        return plain, "skip"
    # Looked up as written where the word without accents is not in the table: it knows "pidió" and "devolvió"
    # ("pedir", "devolver") but not "pidio" and "devolvio", which stood apart from every other form of their verb.
    # A word it knows without accents keeps that lemma, so "depósito" still meets "deposito" as typed.
    base = lemma(plain)
    if base == plain and word != plain:
        base = lemma(word)
    if noun and (word in _NOUNS or word.endswith("s") and word[:-1] in _NOUNS):  # as written: "cargó" is "cargar", no "cargo"
        base = word if word in _NOUNS else word[:-1]
    if (not plain.isalpha() or len(plain) < 3 or base in stop or base in _GENERIC or plain in _GENERIC
            or plain in _PLACEHOLDERS or plain in _FILLERS or _laughter(plain) or plain in _NUMBER_WORDS
            or base in _NUMBER_WORDS or not base.isalpha()):  # (the lemma of "tercer" is "3")
        return base, "skip"
    # Verdict words ("excelente", "pésimo", "amable") judge the subject rather than name it; words that cue a
    # touchpoint ("cobrar", "demora", "cancelar") are verdicts about a subject and stay. The verdicts are the
    # first, short polarity list: the second one also holds words that name what went wrong ("roto",
    # "incidencia", "reclamación"), and with it the best `returns` group of bench/discover.py fell from
    # 0.77 / 0.41 purity / recall to 0.70 / 0.31.
    if (polarity(base, 1) or polarity(plain, 1)) and all(label in AREAS for label in word_cues(base)):
        return base, "skip"
    return base, "subject"


def _laughter(word: str) -> bool:
    """Whether ``word`` is laughter: a syllable of ``_LAUGHS`` at least twice, maybe with its first letter after and
    its vowel before ("ajajaj")."""
    if word[1:3] in _LAUGHS and word[0] == word[2]:
        word = word[1:]
    return len(word) >= 4 and word[:2] in _LAUGHS and word.replace(word[:2], "") in ("", word[0])


def analyse(text: str) -> list[Word]:
    """The tokens of ``text`` with their lemma and kind (see ``Word``)."""
    text = _RE_PII_PLACEHOLDER.sub(f" {_PII} ", text) if "[" in text else text
    tokens = tokenize(normalize_text(text))
    return [Word(w, *_kind(w, not i or tokens[i - 1] not in _BEFORE_VERB)) for i, w in enumerate(tokens)]


def terms(words: list[Word]) -> list[str]:
    """Subject lemmas and phrases of one analysed text ("punto", "fidelidad", "punto fidelidad")."""
    out = []
    for start in _subject_positions(words):
        out.append(words[start].lemma)
        for phrase in _phrases_from(words, start):
            out.append(" ".join(words[i].lemma for i in phrase))
    return out


def surface(words: list[Word], term: str, hidden: frozenset[str] = frozenset()) -> Counter:
    """How the customers wrote ``term`` in one analysed text: "puntos de fidelidad" for "punto fidelidad".

    An occurrence that spans a placeholder of ``normalize_text`` is left out ("correo emailx no responde" is no
    name for a group), and so is one that holds a lemma of ``hidden`` (personal data, see ``_groups``).
    """
    wanted = term.split()
    found: Counter = Counter()
    for start in _subject_positions(words):
        if words[start].lemma != wanted[0]:
            continue
        phrases = [[start]] if len(wanted) == 1 else _phrases_from(words, start)
        for phrase in phrases:
            written = words[phrase[0]:phrase[-1] + 1]
            if [words[i].lemma for i in phrase] == wanted and not any(
                    w.surface in _PLACEHOLDERS or w.lemma in hidden for w in written):
                found[" ".join(w.surface for w in written)] += 1
    return found


def _subject_positions(words: list[Word]) -> list[int]:
    return [i for i, w in enumerate(words) if w.kind == "subject"]


def _phrases_from(words: list[Word], start: int) -> list[list[int]]:
    """Positions of the 2..MAX_PHRASE-word phrases that start at ``start``."""
    phrases, current, gap = [], [start], 0
    for i in range(start + 1, len(words)):
        kind = words[i].kind
        if kind == "break":
            break
        if kind == "skip":
            gap += 1
            if gap > MAX_GAP:
                break
            continue
        current = current + [i]
        phrases.append(current)
        gap = 0
        if len(current) == MAX_PHRASE:
            break
    return phrases
