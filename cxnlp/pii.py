"""Personal data in comment text: find it, or replace it with typed placeholders.

    >>> from cxnlp.pii import redact
    >>> r = redact("Me atendió la señorita Andrea, mi cel es 55 1234 5678 y mi correo ana.ruiz@gmail.com")
    >>> r.text
    'Me atendió la señorita [NOMBRE], mi cel es [TELÉFONO] y mi correo [EMAIL]'
    >>> [(s.start, s.end, s.kind) for s in r.spans]
    [(23, 29, 'name'), (41, 53, 'phone'), (66, 84, 'email')]

What is found, and the placeholder it gets (``PLACEHOLDERS``):

- ``email``   ``[EMAIL]``      addresses with a dotted domain, also with the "@" spelled out ("arroba");
- ``phone``   ``[TELÉFONO]``   numbers valid for Spain, Latin America or the US (``phonenumbers``), or any
  number written after ``+``/``00`` that is valid for its country code;
- ``id``      ``[DOCUMENTO]``  national IDs with a valid check digit (``python-stdnum``: DNI/NIE/NIF, CURP,
  RFC, RUT, CUIT, NIT, RUC, CUI, RIF);
- ``card``    ``[TARJETA]``    payment cards (Luhn, issuer prefix and length);
- ``account`` ``[CUENTA]``     IBAN, CLABE, CCC, CBU;
- ``name``    ``[NOMBRE]``     names after a reliable cue ("me atendió la señorita X", "mi nombre es X"), and a
  social-media handle after words that make it the writer's ("mi usuario es @x", "escríbanme a @x");
- ``address`` ``[DIRECCIÓN]``  a street type, a name and a number ("Calle Mayor 12", "Carrera 15 # 93-75").

Cue words decide the doubtful cases (``_number_kind``). A number right after an order, ticket,
tracking, invoice, flight or postcode word ("pedido 123456789") is never PII. A number right after
an ID, phone, account or card word ("DNI 12345678", "cel 4123456") is tagged with that word's
kind even without a check digit: IDs without one (Argentine DNI, Colombian cédula, a Spanish DNI
written without its letter) and numbers mistyped by the customer are still the customer's.

The detectors run in order (e-mails, handles, IDs and IBANs, numbers, addresses, names), each on the
text with what the ones before it found masked (``_masked``), which is what it reads next to their
placeholders in the redacted text: so redacting a redacted text finds nothing more.

Every pattern runs in linear time on any input: each one either starts at a cue word or at the
first character of a run (look-behinds), and the runs are eaten by possessive quantifiers.
"""

from __future__ import annotations

import numbers
import re
import sys
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, Iterable, Mapping, TypeVar

from ._pii_digits import CUE, cue_before, number_spans
from ._pii_numbers import iban_length, valid_alnum_id, valid_iban
from ._pii_emails import email_spans
from ._pii_handles import handle_spans
from ._pii_links import whatsapp_spans
from ._pii_words import RE_NAME_CUE, address_spans, name_spans
from .exceptions import DataError, type_name

EMAIL, PHONE, ID, CARD, ACCOUNT, NAME, ADDRESS = "email", "phone", "id", "card", "account", "name", "address"

#: kind -> placeholder written in its place
PLACEHOLDERS = {
    EMAIL: "[EMAIL]",
    PHONE: "[TELÉFONO]",
    ID: "[DOCUMENTO]",
    CARD: "[TARJETA]",
    ACCOUNT: "[CUENTA]",
    NAME: "[NOMBRE]",
    ADDRESS: "[DIRECCIÓN]",
}
KINDS = tuple(PLACEHOLDERS)


@dataclass(frozen=True)
class PiiSpan:
    """One piece of personal data: ``text[start:end]`` of the original text, its kind and placeholder."""

    start: int
    end: int
    kind: str
    placeholder: str


_Text = TypeVar("_Text", bound="str | None")  # redact's: redact("a").text is a str to type checkers, not str | None
_Frame = TypeVar("_Frame")  # a pandas or a Dask DataFrame: ``redact_column`` gives back the kind it is given


@dataclass(frozen=True)
class Redaction(Generic[_Text]):
    """A redacted text (a missing value as given) and the spans of the original text replaced, sorted and disjoint."""

    text: _Text
    spans: tuple[PiiSpan, ...]


# The cheap gate: without a digit, an '@' ('arroba'), a '_' (a handle without its '@') or a name cue there is nothing
# to find.
_RE_DIGIT_AT = re.compile(r"[\d@_]")
_PLAIN_SEPARATORS = str.maketrans({**dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f",
                                                   " "),
                                   **dict.fromkeys("\u2010\u2011\u2012\u2013\u2212", "-"),
                                   **dict.fromkeys("\uff20\ufe6b", "@")})  # full-width and small '@': 'ana＠gmail.com'

# Letter-bearing IDs and IBAN: fixed shapes with bounded repeats; validated by python-stdnum.
_RE_ALNUM_ID = re.compile(
    r"(?<![\w.-])(?:"
    r"\d{2}[. ]?\d{3}[. ]?\d{3}[ .-]?[A-Za-z]"           # ES DNI 12345678Z, 12.345.678-Z, 12 345 678-Z
    r"|[XYZxyz][ .-]?\d{7}[ .-]?[A-Za-z]"                # ES NIE X1234567L, X.1234567.L
    r"|[KLMklm]-?\d{7}-?[A-Za-z]"                        # ES NIF of a person without DNI or NIE: M1234567L
    r"|[A-Za-z]{4}\d{6}[HMXhmx][A-Za-z]{5}[A-Za-z\d]\d"  # MX CURP
    r"|[A-Za-z]{4}([-. ])\d{6}\1[HMXhmx][A-Za-z]{5}\1[A-Za-z\d]\d"  # in parts: GARC-850101-HDFRRL-09, GARC.850101…
    r"|[A-Za-zÑñ&]{3,4}(?:\d{6}| \d{6} |-\d{6}-|\.\d{6}\.)[A-Za-z\d]{3}"  # MX RFC GODE561231GR8, GODE.561231.GR8
    r"|[VEJPGvejpg]-?\d{8}-?\d"                          # VE RIF V-12345678-9
    r")(?!\w|-(?!\d))")  # a dash ends an ID before digits: '12345678Z-612345678' is an ID and a phone
_RE_AMOUNT_AND_WORD = re.compile(r"\d\d?([. ])\d{3}\1\d{3} [aey]")
# (an RFC in parts joined by spaces, 'GODE 561231 GR8', counts after its word only; with dashes it is one word)
_RE_RFC_IN_PARTS = re.compile(r"[A-Za-zÑñ&]{3,4} \d{6} [A-Za-z\d]{3}")
# Letters and digits after an ID word: passports ('PAB123456'), Venezuelan cédulas ('V-12.345.678'), and a final
# check letter ('NIF Q2826000H', 'pasaporte AB123456C': left in clear where 'NIF B12345674' was not).
_RE_CUED_CODE = re.compile(r"(?<![\w-])[A-Za-z]{1,3}-?(?:\d{6,9}|\d{1,2}\.\d{3}\.\d{3})(?:-?[A-Za-z])?+(?![\w-])")
# An ID word glued to its number ('dni12345678z', 'CURP:' aside): the number after the word, digits in it.
_RE_GLUED_ID = re.compile(r"(?<!\w)(?:dni|nie|nif|cedula|c[ée]dula|curp|rfc|rut|cuit|cuil|ine|pasaporte)"
                          r"([A-Za-z]?\d[\d.\-]{4,14}[A-Za-z\d]?)(?![\w-])", re.IGNORECASE)
# IBAN in groups of 4 joined by spaces, dashes or dots ('ES91 2100 …', 'ES91-2100-…': its head was left in clear;
# 'ES91.2100.…' whole), or a Spanish one grouped as its account (bank, branch, check digits, number:
# 'ES91 2100 0418 45 0200051332'); a country
# code in capitals may stand apart from its check digits ('ES 91 2100 …', 'ES-91-2100-…': 'ES 91' was left in clear)
_RE_IBAN = re.compile(r"(?<![\w-])(?:[A-Za-z]{2}|[A-Z]{2}[ .-])\d{2}(?:[ .-]?\d{4}[ .-]?\d{4}[ .-]?\d{2}[ .-]?\d{10}"
                      r"|(?:[ .-]?[A-Za-z\d]{4}){2,7}(?:[ .-]?[A-Za-z\d]{1,3})?)(?!\w)")
_RE_URL = re.compile(r"(?:https?://|www\.)\S++", re.IGNORECASE)
_RE_TRAILING_WORDS = re.compile(r"(?: [A-Za-z]++)++\Z")  # 'ES91 … 1333 PARA' -> 'ES91 … 1333'
def _alnum_ids(text: str) -> Iterable[tuple[int, int, str]]:
    """IDs and accounts with letters, and (kind ``CUE``) the words that kept a code as it is or are glued to an ID."""
    # After an order word ('pedido: 12345678Z', 'folio GODE561231GR8') a code is never PII, as for digits.
    for match in _RE_ALNUM_ID.finditer(text):
        cue, *word = cue_before(text, match.start())
        value = match.group()
        # with a cue, a wrong check letter still makes an ID, but 'DNI 45678912 y …' ends at the digits; without one,
        # digits grouped as thousands then 'a', 'e' or 'y' are an amount and a word ('me cobraron 24 000 000 y no…'),
        # and an RFC in spaced parts is words and a number ('el pago 230119 una vez')
        loose = cue != ID and (_RE_AMOUNT_AND_WORD.fullmatch(value) or _RE_RFC_IN_PARTS.fullmatch(value))
        if cue != "skip" and not loose and (valid_alnum_id(value) or (
                cue == ID and not (value[-2].isspace() and value[-1].islower()))):
            yield match.start(), match.end(), ID
        if cue == "skip":
            yield *word, CUE
    for match in _RE_CUED_CODE.finditer(text):
        if cue_before(text, match.start())[0] == ID:
            yield match.start(), match.end(), ID
    for match in _RE_GLUED_ID.finditer(text):
        if sum(c.isdigit() for c in match.group(1)) >= 6:
            yield match.start(1), match.end(1), ID
            yield match.start(), match.start(1), CUE
    yield from _ibans(text)


def _ibans(text: str) -> Iterable[tuple[int, int, str]]:
    """IBANs (and the negative cue words before codes of their shape). The pattern reads up to seven groups, so its
    match could run over an IBAN that starts after a shorter one ('ES91 … 1332 es91 2100 …'): the next is looked for
    right after the IBAN found, or inside a match that was none ('ref AB12 ES91 2100 …' left the IBAN in clear)."""
    at = 0
    while match := _RE_IBAN.search(text, at):
        start = match.start()
        at = start + 1  # moved past the IBAN once one is found
        cue, *word = cue_before(text, start)
        if cue == "skip":
            yield *word, CUE
            continue
        # the last groups may be words that follow the IBAN ('ES91 2100 … 1332 PARA'): drop them until valid, checked
        # at its country's length only (a match that is no IBAN is read again from its next character)
        value = match.group()
        length = iban_length(value)
        size = len(value) - sum(map(value.count, " .-"))  # its letters and digits
        while 0 < length <= size and len(value) >= 15:
            if size == length and valid_iban(value):
                yield start, start + len(value), ACCOUNT
                at = start + len(value)
                break
            cut = max(value.rfind(" "), value.rfind("-"), value.rfind("."))
            size -= len(value) - cut - 1 if cut > 0 else 4
            value = value[:cut] if cut > 0 else value[:-4]
        else:
            if cue != ACCOUNT:
                continue
            # after an account word, one of plausible length counts even with a wrong check digit (a typo)
            value = _RE_TRAILING_WORDS.sub("", match.group())
            if 15 <= sum(c.isalnum() for c in value) <= 34:
                yield start, start + len(value), ACCOUNT
                at = start + len(value)


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` turned into ']', offsets kept: a detector that runs after others
    reads next to their spans what it would read next to their placeholders in the redacted text."""
    if not spans:
        return text
    parts, last = [], 0
    for a, b in zip(*_union(spans)):
        parts += (text[last:a], "]" * (b - a))
        last = b
    return "".join(parts) + text[last:]


def _union(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Starts and ends of the union of ``spans`` (``[start, end)``), sorted and disjoint."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(spans):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def find_pii(text: str | None) -> tuple[PiiSpan, ...]:
    """Spans of personal data in ``text``: offsets into ``text``, sorted and disjoint; none for a missing value
    (None, NaN, ``pd.NA``), a ``DataError`` for another value that is not text.

    Examples
    --------
    >>> [(s.kind, s.placeholder) for s in find_pii("DNI 12345678Z, tel. 612 345 678")]
    [('id', '[DOCUMENTO]'), ('phone', '[TELÉFONO]')]
    """
    if not isinstance(text, str):
        if _missing(text):
            return ()
        raise DataError(f"find_pii expects a str (or a missing value: None, NaN), got {type(text).__name__}.")
    # Spaces and dashes that phone keyboards, Excel and web forms put between digit groups (no-break, narrow,
    # thin spaces; non-breaking hyphen, en dash, minus) read as ' ' and '-', and a full-width '＠' as '@' (Asian
    # keyboards: 'ana＠gmail.com' was in clear): one character for one, so the offsets found index ``text`` itself.
    text = text.translate(_PLAIN_SEPARATORS)
    # (or an '@' spelled out: 'ana arroba gmail punto com', or a link to a profile: 'instagram.com/ana.g', 't.me/ana_g')
    has_digits = (_RE_DIGIT_AT.search(text) is not None or "rroba" in text or "RROBA" in text or ".com/" in text
                  or ".me/" in text)
    if not has_digits and not RE_NAME_CUE.search(text.lower()):
        return ()
    found: list[tuple[int, int, str]] = []
    if has_digits:
        found += email_spans(text)
        found += handle_spans(_masked(text, [(a, b) for a, b, _ in found]))  # (an e-mail's '@' is no handle's)
        found += _alnum_ids(_masked(text, [(a, b) for a, b, _ in found]))
        found += whatsapp_spans(text)
        urls = [m.span() for m in _RE_URL.finditer(text)] if "http" in text or "www" in text else []
        found += number_spans(text, _masked(text, [(a, b) for a, b, kind in found if kind != CUE] + urls))
        # Addresses and names are read with what was found before masked, as they are read in the redacted text: a
        # name ran on into the address after it ('Saludos, Ana Gómez Calle Mayor 12'), overlapped it and was dropped
        # whole. The words that keep a number as it is are masked too, so a name does not take them in ('me atendió
        # José IMEI 356938035643809': without its cue word the IMEI held a card the next time). (A name may take in
        # the cue word of a number it redacts, as the next pass reads it: 'Atentamente, RUT [DOCUMENTO]'.)
        found += address_spans(_masked(text, [(a, b) for a, b, _ in found]))
    found += name_spans(_masked(text, [(a, b) for a, b, _ in found]))
    spans = _disjoint([span for span in found if span[2] != CUE])
    return tuple(PiiSpan(a, b, kind, PLACEHOLDERS[kind]) for a, b, kind in spans)


def _disjoint(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Earlier detectors win an overlap: e-mails, handles, IDs and IBANs, numbers, addresses, names. The characters
    of the spans kept are marked as taken (inserting into a sorted list was quadratic in the number of spans)."""
    taken = bytearray(max((b for _, b, _ in found), default=0))
    kept: list[tuple[int, int, str]] = []
    for span in found:
        a, b, _ = span
        if taken.find(1, a, b) < 0:
            taken[a:b] = b"\x01" * (b - a)
            kept.append(span)
    return sorted(kept)


def redact(text: _Text) -> Redaction[_Text]:
    """Replace the personal data of ``text`` with typed placeholders.

    Parameters
    ----------
    text : str or None
        One comment. A missing value (None, NaN, ``pd.NA``) comes back as given, with no spans; any other
        value that is not text is a ``DataError``.

    Returns
    -------
    Redaction
        ``text`` with each span replaced by its placeholder, and the spans, whose offsets index the
        original text. Redacting a redacted text changes nothing.

    Examples
    --------
    >>> redact("Escríbanme a luis.m@hotmail.com o al +54 9 11 4321 5678").text
    'Escríbanme a [EMAIL] o al [TELÉFONO]'
    """
    if not isinstance(text, str):
        if _missing(text):
            return Redaction(text, ())
        raise DataError(f"redact expects a str (or a missing value: None, NaN), got {type(text).__name__}.")
    spans = find_pii(text)
    if not spans:
        return Redaction(text, ())
    parts, last = [], 0
    for span in spans:
        parts += (text[last:span.start], span.placeholder)
        last = span.end
    parts.append(text[last:])
    return Redaction("".join(parts), spans)


def redact_many(texts: Iterable[_Text]) -> list[Redaction[_Text]]:
    """:func:`redact` for each text, in order. A missing value (None, NaN, ``pd.NA``) comes back unchanged with
    no spans, as in :func:`redact_column`; any other value that is not text is a ``DataError`` naming its
    position, so one blank cell does not lose the batch."""
    if isinstance(texts, str):
        raise DataError("Iterable over raw text documents expected, string object received. "
                        "Use redact(text) for one text or wrap it in a list.")
    pd = sys.modules.get("pandas")  # a DataFrame exists only once pandas is imported
    if pd is not None and isinstance(texts, pd.DataFrame):  # iterating it gives its column names
        raise DataError("redact_many expects an iterable of texts, got a DataFrame; use redact_column(df, column).")
    if isinstance(texts, (bytes, bytearray)) or not isinstance(texts, Iterable):  # bytes iterate as integers
        raise DataError(f"redact_many expects an iterable of texts (a list, a Series...), got {type(texts).__name__}.")
    if isinstance(texts, Mapping):  # iterating it gives its keys
        raise DataError(f"redact_many expects an iterable of texts, got a {type(texts).__name__}, whose keys would be "
                        f"read as the texts; pass its values (.values()).")
    out = []
    for i, text in enumerate(texts):
        if not isinstance(text, str) and not _missing(text):
            raise DataError(f"redact_many: text {i} (counting from 0) is not a str or a missing value (None, NaN), "
                            f"got {type(text).__name__}.")
        out.append(redact(text))
    return out


def _missing(value) -> bool:
    """None, NaN, ``pd.NA`` or ``pd.NaT``: a blank cell, passed through (pandas is not imported for this)."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral) and value != value


def redact_column(frame: _Frame, column: Hashable) -> _Frame:
    """A copy of ``frame`` whose ``column`` holds the redacted text (bytes read as UTF-8, as ``classify`` reads them,
    and kept as bytes); other cells that are not text are kept. ``column`` is found as ``classify_frame``'s ``text``
    is (``"comentario"`` names ``Comentario``; a column named 0 is 0); a ``frame`` that is not a DataFrame, or a
    ``column`` it does not have, is a ``DataError``."""
    if not (hasattr(frame, "columns") and hasattr(frame, "copy")):  # pandas', or a dask one
        # (a Spark frame was "expects a DataFrame, got DataFrame": type_name says "pyspark DataFrame")
        raise DataError(f"redact_column expects a pandas or Dask DataFrame, got {type_name(frame)}; use redact_many "
                        f"for a list of texts.")
    from ._arrow_views import without_views
    from .columns import listed_columns, match_column

    # (a column named 0 was 'no column 0' in a frame listed as having '0')
    names = list(frame.columns)
    found = match_column(names, column, "comment column")
    if found is None:
        raise DataError(f"redact_column: no column {column!r}; the frame has {listed_columns(names)}.")
    column = found
    if not hasattr(frame, "npartitions"):  # (Polars' and DuckDB's text: pandas cannot convert it)
        frame = without_views(frame)
    out = frame.copy()
    if hasattr(frame, "npartitions"):  # dask: the type of the column it gives back, or it warns that it guesses it
        out[column] = frame[column].map(_redacted_cell, meta=(column, frame[column].dtype))
    else:
        out[column] = frame[column].map(_redacted_cell)
    return out


def shown_cell(cell, limit: int = 40) -> str:
    """``cell`` as a message or a report names it: its personal data replaced (``redact``: a phone or an e-mail typed
    in a date column) and cut to ``limit`` characters, "..." after a cut. Only its first ``8 * limit`` characters are
    read: a cell of a million characters took seconds to redact, for 40 shown."""
    shown = redact(str(cell)[:8 * limit]).text
    return shown if len(shown) <= limit else shown[:limit] + "..."


def shown_cells(cells, limit: int = 40) -> str:
    """A few ``cells`` as a one-line message quotes them (``shown_cell``, each in ``repr``'s quotes): "where: column
    'Fecha': 2 cells that read as no date (...)" quoted a comment whole, a 100,000-character line, phone and all."""
    return ", ".join(repr(shown_cell(cell, limit)) for cell in cells)


def _redacted_cell(value):
    """A cell of :func:`redact_column`: text redacted; bytes (a memoryview too) read as UTF-8, as ``classify`` reads
    them, and given back redacted as bytes, those that are not UTF-8 kept as they were (written back as U+FFFD, a
    latin-1 'é' or an image changed); anything else (a released memoryview, which classify reads no text in) kept."""
    if isinstance(value, str):
        return redact(value).text
    if isinstance(value, (bytes, bytearray, memoryview)):
        try:
            text = bytes(value).decode("utf-8", errors="surrogateescape")
        except ValueError:
            return value
        if (redacted := redact(text).text) == text:
            return value
        return (bytearray if isinstance(value, bytearray) else bytes)(redacted.encode("utf-8", "surrogateescape"))
    return value


def training_rows_with_pii(frame) -> list[tuple[str, int, tuple[str, ...]]]:
    """``(file, row, placeholders)`` for each row of labelled data whose text holds personal data.

    ``frame`` is what :func:`cxnlp.read_training_data` returns (``text``, ``source_file``, ``row``).
    """
    found = []
    for text, source, row in zip(frame["text"], frame["source_file"], frame["row"]):
        spans = find_pii(text) if isinstance(text, str) else ()
        if spans:
            found.append((str(source), int(row), tuple(dict.fromkeys(s.placeholder for s in spans))))
    return found


__all__ = ["KINDS", "PLACEHOLDERS", "PiiSpan", "Redaction", "find_pii", "redact", "redact_column", "redact_many",
           "training_rows_with_pii"]
