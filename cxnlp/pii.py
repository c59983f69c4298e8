"""Personal data in comment text: find it, or replace it with typed placeholders.

    >>> from cxnlp.pii import redact
    >>> r = redact("Me atendió la señorita Andrea, mi cel es 55 1234 5678 y mi correo ana.ruiz@gmail.com")
    >>> r.text
    'Me atendió la señorita [NOMBRE], mi cel es [TELÉFONO] y mi correo [EMAIL]'
    >>> [(s.start, s.end, s.kind) for s in r.spans]
    [(23, 29, 'name'), (41, 53, 'phone'), (66, 84, 'email')]

What is found, and the placeholder it gets (``PLACEHOLDERS``):

- ``email``   ``[EMAIL]``      addresses with a dotted domain;
- ``phone``   ``[TELÉFONO]``   numbers valid for Spain, Latin America or the US (``phonenumbers``), or any
  number written after ``+``/``00`` that is valid for its country code;
- ``id``      ``[DOCUMENTO]``  national IDs with a valid check digit (``python-stdnum``: DNI/NIE, CURP,
  RFC, RUT, CUIT, NIT, RUC, CUI, RIF);
- ``card``    ``[TARJETA]``    payment cards (Luhn, issuer prefix and length);
- ``account`` ``[CUENTA]``     IBAN, CLABE, CCC, CBU;
- ``name``    ``[NOMBRE]``     names after a reliable cue ("me atendió la señorita X", "mi nombre es X");
- ``address`` ``[DIRECCIÓN]``  a street type, a name and a number ("Calle Mayor 12", "Carrera 15 # 93-75").

Cue words decide the doubtful cases (``_number_kind``). A number right after an order, ticket,
tracking, invoice, flight or postcode word ("pedido 123456789") is never PII. A number right after
an ID, phone, account or card word ("DNI 12345678", "cel 4123456") is tagged with that word's
kind even without a check digit: IDs without one (Argentine DNI, Colombian cédula, a Spanish DNI
written without its letter) and numbers mistyped by the customer are still the customer's.

The detectors run in order (e-mails, IDs and IBANs, numbers, addresses, names), each on the text
with what the ones before it found masked (``_masked``), which is what it reads next to their
placeholders in the redacted text: so redacting a redacted text finds nothing more.

Every pattern runs in linear time on any input: each one either starts at a cue word or at the
first character of a run (look-behinds), and the runs are eaten by possessive quantifiers.
"""

from __future__ import annotations

import numbers
import re
import sys
from dataclasses import dataclass
from typing import Iterable

from ._pii_numbers import number_kind, valid_alnum_id, valid_iban
from ._pii_words import RE_NAME_CUE, address_spans, name_spans
from .exceptions import DataError

EMAIL, PHONE, ID, CARD, ACCOUNT, NAME, ADDRESS = "email", "phone", "id", "card", "account", "name", "address"
CUE = "cue"  # the word that keeps a number as it is ('pedido'): not personal data, but names read it masked

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


@dataclass(frozen=True)
class Redaction:
    """A redacted text and the spans of the original text that were replaced, sorted and disjoint."""

    text: str
    spans: tuple[PiiSpan, ...]


# The cheap gate: without a digit, an '@' or a name cue there is nothing to find.
_RE_DIGIT_AT = re.compile(r"[\d@]")
_PLAIN_SEPARATORS = str.maketrans({**dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f",
                                                   " "),
                                   **dict.fromkeys("\u2010\u2011\u2012\u2013\u2212", "-")})

# E-mail: the look-behind starts a match only at the first character of a run, the run is eaten
# possessively, so 'a.a.a.a…' without '@' costs one pass.
_RE_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++(?<=\w)@[\w-]++(?:\.[\w-]++)++")

# Letter-bearing IDs and IBAN: fixed shapes with bounded repeats; validated by python-stdnum.
_RE_ALNUM_ID = re.compile(
    r"(?<![\w.-])(?:"
    r"\d{2}\.?\d{3}\.?\d{3}[ -]?[A-Za-z]"                # ES DNI 12345678Z, 12.345.678-Z
    r"|[XYZxyz][ -]?\d{7}[ -]?[A-Za-z]"                  # ES NIE X1234567L
    r"|[A-Za-z]{4}\d{6}[HMXhmx][A-Za-z]{5}[A-Za-z\d]\d"  # MX CURP
    r"|[A-Za-zÑñ&]{3,4}\d{6}[A-Za-z\d]{3}"               # MX RFC
    r"|[VEJPGvejpg]-?\d{8}-?\d"                          # VE RIF V-12345678-9
    r")(?![\w-])")
# Letters and digits after an ID word: passports ('PAB123456'), Venezuelan cédulas ('V-12.345.678').
_RE_CUED_CODE = re.compile(r"(?<![\w-])[A-Za-z]{1,3}-?(?:\d{6,9}|\d{1,2}\.\d{3}\.\d{3})(?![\w-])")
# An ID word glued to its number ('dni12345678z', 'CURP:' aside): the number after the word, digits in it.
_RE_GLUED_ID = re.compile(r"(?<!\w)(?:dni|nie|nif|cedula|c[ée]dula|curp|rfc|rut|cuit|cuil|ine|pasaporte)"
                          r"([A-Za-z]?\d[\d.\-]{4,14}[A-Za-z\d]?)(?![\w-])", re.IGNORECASE)
_RE_IBAN = re.compile(r"(?<![\w-])[A-Za-z]{2}\d{2}(?: ?[A-Za-z\d]{4}){2,7}(?: ?[A-Za-z\d]{1,3})?(?!\w)")
_RE_URL = re.compile(r"(?:https?://|www\.)\S++", re.IGNORECASE)
_RE_TRAILING_WORDS = re.compile(r"(?: [A-Za-z]++)++\Z")  # 'ES91 … 1333 PARA' -> 'ES91 … 1333'
# A time after a date ('2024-12-31 23:59'): its hour is not the last group of a number, nor its minutes the first
# group of the number after it ('23:59 5500 0000 0000 0004').
_RE_TIME_AFTER = re.compile(r":[0-5][0-9](?!\d)")
_RE_HOUR_BEFORE = re.compile(r"(?<!\d)\d{1,2}:\Z")
_RE_MINUTES = re.compile(r"[0-5][0-9]")

# Digits in groups: '+52 (55) 1234-5678', '12.345.678-K', '4111 1111 1111 1111'. A chunk starts
# at the first digit of a run (not inside a word, a dotted number such as 'v2.3.45678901' or a code
# such as 'MX-123'); each group needs its own separator, so a run can be split into groups in one way
# only. A bare comma ends a chunk and the next may start after it: '612345678,698765432' is a list of
# two phones (after a number of fewer than 6 digits the comma is a decimal one, and ``_numbers`` skips what follows
# it: '1.299,99', '1,612345678'); so is a '+' right
# after a number ('3001234567+34612345678'). A bracketed group is an area code, so it needs digits
# after it: '… 612 345 678 (0)' ends before the bracket.
_RE_CHUNK = re.compile(
    r"(?:(?<![\w+])|(?<=\d)(?=\+))(?<!\d\.)(?<![A-Za-z]{2}-)"
    r"(?:\+ ?)?(?:\(\+?\d{1,4}\)[ .\-]?)?\d++(?:(?:[ .\-]| - )\d++| ?\(\d{1,4}\)[ .\-]?\d++)*+(?:-[kK](?!\w))?+")
_RE_GROUP = re.compile(r"\d++|[kK]")
_MAX_GROUPS = 7       # '+52 1 55 1234 5678' has 5 groups, a grouped CBU 6
_MAX_DIGITS = 22      # a CBU

# Cue words right before a number, with at most a few filler words in between ("mi DNI es el",
# "n° de pedido:"). The words before a number are read backwards: fillers are passed over, the
# first other word decides. Accents and inner dots are dropped first ("C.C." -> "cc").
_FILLER = frozenset("""
es el la los las de del mi su tu num numero nro no n nr nº numº al a con y son era ciudadania identidad extranjeria
personal fiscal nacional registrado registrada bancaria corriente ahorro ahorros interbancaria credito
debito contacto movil servicio completo actual nuevo nueva pago v e j
titular argentino argentina colombiano colombiana venezolano venezolana mexicano mexicana chileno chilena peruano
peruana ecuatoriano ecuatoriana uruguayo uruguaya paraguayo paraguaya boliviano boliviana espanol espanola ( )
""".split())
_CUES = {
    PHONE: "telefono telefonos telef tel tfno tlf tlfn tlfno cel celu celular celulares movil moviles whatsapp "
           "whatsap whatapp watsap wasap wsp wpp fijo fono llamar llamen llamenme llamame llamadme llameme "
           "marque marcar contacto contactarme contactenme comunicarse comuniquense",
    ID: "dni nie nif cedula cedulas cc ci curp rfc rut run ruc cuit cuil nit documento doc pasaporte ine dui "
        "identificacion identificado identificada carne carnet cui rif ife",
    ACCOUNT: "cuenta cuentas cta clabe cbu cvu iban ccc",
    CARD: "tarjeta tarjetas tdc tdd visa mastercard master amex plastico",
    "skip": "pedido pedidos orden ordenes order compra ticket tickets tiquete folio guia rastreo tracking seguimiento "
            "envio factura boleta recibo comprobante referencia ref reserva reservas reservacion localizador vuelo "
            "placa patente matricula serie modelo sku codigo cp postal cupon caso casos reclamo reclamos "
            "reclamacion incidencia incidente queja radicado expediente solicitud imei contrato poliza cliente "
            "socio afiliado transaccion operacion autorizacion lote articulo producto ruta suministro medidor "
            "turno habitacion mesa asiento sucursal tienda version paquete bulto boleto billete barras "
            # plurals: the words are matched exactly (accents and case folded), not by lemma, so each singular above
            # has its plural here (a test checks it; 'cp', 'tracking' and 'barras' have none)
            "orders compras tiquetes folios guias rastreos seguimientos envios facturas boletas recibos comprobantes "
            "referencias refs reservaciones localizadores vuelos placas patentes matriculas series modelos skus "
            "codigos postales cupones reclamaciones incidencias incidentes quejas radicados expedientes solicitudes "
            "imeis contratos polizas clientes socios afiliados transacciones operaciones autorizaciones lotes "
            "articulos productos rutas suministros medidores turnos habitaciones mesas asientos sucursales tiendas "
            "versiones paquetes bultos boletos billetes",
}
_CUE_KIND = {word: kind for kind, words in _CUES.items() for word in words.split()}
_RE_CUE_TOKEN = re.compile(r"[^\W\d_]++(?:\.[^\W\d_]++)*+|\d|[^\w\s:.,#=º°ª\-]")
_FOLD = str.maketrans("áéíóúüñÁÉÍÓÚÜÑ", "aeiouunAEIOUUN", ".")
_CUE_WINDOW = 48
# A series code between the cue and the number ('boleta B001-612345678', 'factura F001 612345678'): its letters and
# digits were read as the words before the number, and hid the cue. Only a series' shape, a letter and 3 digits
# ('B001', 'F001'), or 3 or 4 digits, joined by '-' or a space: any short code ('ref A1 698765432') hid no cue.
_RE_SERIES_BEFORE = re.compile(r"(?<![\w-])(?:[A-Za-z]\d{3}|\d{3,4})[- ]\Z")

# What joins the numbers of a list: a comma, 'y', or both ('123456, 654321 y 987654').
_RE_LIST_JOIN = re.compile(r" ?,(?: ?y)? ?| y ")

# A chunk that is an amount or a quantity: currency before it, a unit after it.
_RE_MONEY_BEFORE = re.compile(r"(?:[$€£¥₡₲₱]|(?<!\w)(?:usd|us|u\$s|mxn|cop|clp|ars|pen|eur|uyu|bs|s/|q|rd)\.?)\s*+\Z",
                              re.IGNORECASE)
_RE_UNIT_AFTER = re.compile(
    r"\s*+(?:[%€$]|(?:pesos|euros?|soles|d[oó]lares|dls|bol[ií]vares|reales|colones|quetzales|guaran[ií]es|"
    r"lempiras|usd|mxn|cop|clp|ars|pen|eur|mil|millones|lucas|k|km|kms|kg|kgs|g|gr|grs|mg|ml|l|lt|lts|litros|"
    r"cm|mm|m|metros|gb|mb|tb|mbps|megas|gigas|min|mins|minutos|seg|segundos|h|hs|hrs|horas|d[ií]as|semanas|"
    r"meses|a[nñ]os|veces|unidades|uds|piezas|pzas|puntos|pts|cuotas|mensualidades|msi|personas)\b)",
    re.IGNORECASE)


def _cue(text: str, start: int) -> tuple[str | None, int, int]:
    """Kind named by the cue word right before ``start`` ('skip' for order numbers and the like), and where that word
    is (``None, 0, 0`` without one)."""
    series = _RE_SERIES_BEFORE.search(text, max(0, start - 12), start)
    if series:
        start = series.start()
    tokens = list(_RE_CUE_TOKEN.finditer(text, max(0, start - _CUE_WINDOW), start))[-12:]
    if tokens and len(tokens[-1].group()) == 1 and "A" <= tokens[-1].group() <= "Z":
        tokens.pop()  # a code's letter ('pedido P-612345678', 'factura B 2024 000123') hid the cue before it
    for token in reversed(tokens):
        word = token.group().translate(_FOLD).lower()
        if word in _CUE_KIND:
            return _CUE_KIND[word], token.start(), token.end()
        if word not in _FILLER:
            break
    return None, 0, 0


def _emails(text: str) -> Iterable[tuple[int, int, str]]:
    for match in _RE_EMAIL.finditer(text):
        yield match.start(), match.end(), EMAIL


def _alnum_ids(text: str) -> Iterable[tuple[int, int, str]]:
    """IDs and accounts with letters, and (kind ``CUE``) the words that kept a code as it is or are glued to an ID."""
    # After an order word ('pedido: 12345678Z', 'folio GODE561231GR8') a code is never PII, as for digits.
    for match in _RE_ALNUM_ID.finditer(text):
        cue, *word = _cue(text, match.start())
        # with a cue, a wrong check letter still makes an ID, but 'DNI 45678912 y …' ends at the digits
        if cue != "skip" and (valid_alnum_id(match.group()) or (
                cue == ID and not (match.group()[-2].isspace() and match.group()[-1].islower()))):
            yield match.start(), match.end(), ID
        if cue == "skip":
            yield *word, CUE
    for match in _RE_CUED_CODE.finditer(text):
        if _cue(text, match.start())[0] == ID:
            yield match.start(), match.end(), ID
    for match in _RE_GLUED_ID.finditer(text):
        if sum(c.isdigit() for c in match.group(1)) >= 6:
            yield match.start(1), match.end(1), ID
            yield match.start(), match.start(1), CUE
    yield from _ibans(text)


def _ibans(text: str) -> Iterable[tuple[int, int, str]]:
    """IBANs (and the negative cue words before codes of their shape). The pattern reads up to seven groups, so its
    match could run over an IBAN that starts after a shorter one ('ES91 … 1332 es91 2100 …'): the next is looked for
    right after the IBAN found."""
    at = 0
    while match := _RE_IBAN.search(text, at):
        start, at = match.start(), match.end()
        cue, *word = _cue(text, start)
        if cue == "skip":
            yield *word, CUE
            continue
        # the last groups may be words that follow the IBAN ('ES91 2100 … 1332 PARA'): drop them until valid
        value = match.group()
        while len(value) >= 15:
            if valid_iban(value):
                yield start, start + len(value), ACCOUNT
                at = start + len(value)
                break
            cut = value.rfind(" ")
            value = value[:cut] if cut > 0 else value[:-4]
        else:
            # after an account word, one of plausible length counts even with a wrong check digit (a typo)
            value = _RE_TRAILING_WORDS.sub("", match.group())
            if cue == ACCOUNT and 15 <= sum(c.isalnum() for c in value) <= 34:
                yield start, start + len(value), ACCOUNT
                at = start + len(value)


def _numbers(text: str, masked: str) -> Iterable[tuple[int, int, str]]:
    """Numbers in ``text``, and (kind ``CUE``) the words that kept a number as it is. The chunks of digits are read on
    ``masked`` (the spans already found and the links are ']' there, as a placeholder ends in the redacted text), cue
    words on ``text``."""
    # A chunk that started inside an ID or an IBAN ran on into the phone after it ('V-12.345.678 0414 123 4567') and
    # was skipped whole: the phone leaked. On ``masked`` a chunk can neither start inside a span nor run through one,
    # and what follows a span is read as it is once the span is replaced ('12345678Z(601) 234 5678').
    # A number of a list ('pedidos 5688658288,5854036727', 'pedido 123456, 654321 y 987654') has the cue of the one
    # before it: the words right before it are that number's digits.
    prev_end, prev_cue, prev_digits = -1, None, 0
    for chunk in _RE_CHUNK.finditer(masked):
        start, end = chunk.span()
        joined = prev_end >= 0 and _RE_LIST_JOIN.fullmatch(masked, prev_end, start) is not None
        if joined and start == prev_end + 1 and masked[prev_end] == "," and prev_digits < 6:
            prev_end = -1  # '1,612345678', '4.12,612345678': a decimal comma, only a complete number starts a list
            continue
        groups = [m.span() for m in _RE_GROUP.finditer(masked, start, end)]
        if end < len(masked) and (masked[end].isalnum() or masked[end] == "-" and masked[end + 1:end + 2].isalpha()):
            groups.pop()  # '12345678Z', '500g', '1234-ABC': the last group belongs to a word
        elif len(groups) > 1 and groups[-1][1] - groups[-1][0] <= 2 and _RE_TIME_AFTER.match(masked, end):
            groups.pop()  # '2024-12-31 23:59': the hour belongs to the time, and a date is no number
        if (len(groups) > 1 and _RE_MINUTES.fullmatch(masked, *groups[0])
                and _RE_HOUR_BEFORE.search(masked, max(0, start - 3), start)):
            del groups[0]  # '23:59 5500 0000 0000 0004': the minutes belong to the time
            start = groups[0][0]
        digits = "".join([masked[a:b] for a, b in groups])
        cue, *word = _cue(text, start)
        if cue is None and joined and prev_cue == "skip" and (prev_digits >= 6 or masked[prev_end:start] == ","):
            # a list of order numbers ('pedidos 123456, 654321', 'ticket 3375,2925269283'); after a short number and
            # a space ('pedido 1234, 612345678') a phone is read without the cue
            cue, word = "skip", None
        prev_end, prev_cue, prev_digits = end, cue, len(digits)
        if (len(digits) < 6 or _RE_MONEY_BEFORE.search(masked, max(0, start - 6), start)
                or _RE_UNIT_AFTER.match(masked, end)):
            continue
        # After an order, invoice or ticket word the chunk is that number, its series included ('pedido
        # 2024-612345678', 'ticket 0001 612345678'): its later groups, read without the cue, became a phone. But a
        # phone may follow the number ('pedido 98765 612345678', 'pedido 4567 - 612 345 678'): see ``_after_number``.
        if cue == "skip":
            if word:
                yield *word, CUE
            after = list(_after_number(text, masked, groups))
            if after:  # the chunk ends with a phone, not the order number: a number listed after it has no cue
                prev_cue = None  # ('pedido 4567 612345678 y 698765432' redacted one phone, and the next pass both)
            yield from after
        else:
            yield from _windows(text, start, groups, digits, cue)


def _after_number(text: str, masked: str, groups: list[tuple[int, int]]) -> Iterable[tuple[int, int, str]]:
    """The numbers after the one a negative cue keeps, in the rest of its chunk. The number may end at two places
    only, both at a space: its first space ('pedido 4567 612345678', 'pedido 99 612 345 678', 'pedido 4567 - 612 345
    678'), and its first space after 5 digits or more ('factura 2024 00123 612345678', 'pedido 123 4567 612345678': a
    series and a number). It ends there if a phone valid without a cue starts there (not a card: a long order number
    passes Luhn one time in ten), and the rest is read without a cue. A place where what is found covers the whole
    rest comes first: in 'pedido 2024 12345 612 345 678' the first space left '12345 612' a phone and '678' in clear.
    Further places are not tried: 'IMEI 356938035643809 3056 9309 0259 04' is one number, whose '9309 0259 04' is a
    valid phone. Groups joined by '-' or '/' alone are one number ('factura 2024-612345678', 'Pedido
    702-8412345-6654321'); a series joined by a space only is kept when no phone starts after it ('ticket 0001
    612345678' is read as a phone after ticket 0001: privacy first)."""
    places, kept = [], 0
    for k in range(1, len(groups)):
        kept += groups[k - 1][1] - groups[k - 1][0]
        if " " in masked[groups[k - 1][1]:groups[k][0]] and (not places or kept >= 5):
            places.append(k)
            if kept >= 5:
                break
    partial: list[tuple[int, int, str]] = []
    for k in places:
        rest = groups[k:]
        found = list(_windows(text, rest[0][0], rest, "".join([masked[a:b] for a, b in rest]), None))
        if not (found and found[0][:1] == (rest[0][0],) and found[0][2] == PHONE):
            continue
        if sum(len(_RE_GROUP.findall(masked, a, b)) for a, b, _ in found) == len(rest):
            yield from found
            return
        partial = partial or found
    yield from partial


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


def _windows(text: str, start: int, groups: list[tuple[int, int]], digits: str, cue: str | None):
    """Windows of consecutive groups, left to right, each group in one span at most: the longest that is valid,
    and after a cue word a first window chosen so that the number after it is not cut (see below)."""
    ends = [0]
    for a, b in groups:
        ends.append(ends[-1] + b - a)  # ends[j] - ends[i]: digits in groups i..j-1

    def kind_of(i: int, j: int, cue: str | None = None) -> str | None:
        # without a cue nothing shorter than a RUT ('1.234.567-8') can be valid
        if not (6 if cue else 8) <= ends[j] - ends[i] <= _MAX_DIGITS:
            return None
        first = start if i == 0 else groups[i][0]
        return number_kind(digits[ends[i]:ends[j]], text[first:groups[j - 1][1]], cue)

    def longest(i: int, cue: str | None = None) -> tuple[int, str | None]:
        return next(((j, kind) for j in range(min(len(groups), i + _MAX_GROUPS), i, -1)
                     if (kind := kind_of(i, j, cue))), (i + 1, None))

    def cued() -> tuple[int, str | None]:
        # A cue vouches for any number of its length, so its longest window ran into the number after it: in 'DNI
        # 12345678 - 612 345 678' the 11 digits '12345678 - 612' were the ID, and '345 678' of the phone was left.
        # First comes a window after which the chunk ends or a valid number starts, then one valid without the cue
        # (a RUT's check digit, a card's Luhn), then the longest.
        windows = [(j, kind) for j in range(min(len(groups), _MAX_GROUPS), 0, -1) if (kind := kind_of(0, j, cue))]
        return max(windows, default=(1, None), key=lambda window: (
            window[0] == len(groups) or longest(window[0])[1] is not None, kind_of(0, window[0]) is not None))

    i = 0
    while i < len(groups):
        j, kind = cued() if i == 0 and cue else longest(i)
        if kind:
            first = start if i == 0 else groups[i][0]
            if text[first] == "(" and text[groups[i][1]:groups[i][1] + 1] != ")":
                first += 1  # '(5512345678' keeps its bracket; '(55) 1234 5678' is all phone
            yield first, groups[j - 1][1], kind
        i = j


def find_pii(text: str) -> tuple[PiiSpan, ...]:
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
    # thin spaces; non-breaking hyphen, en dash, minus) read as ' ' and '-': one character for one, so the offsets
    # found index ``text`` itself.
    text = text.translate(_PLAIN_SEPARATORS)
    has_digits = _RE_DIGIT_AT.search(text) is not None
    if not has_digits and not RE_NAME_CUE.search(text.lower()):
        return ()
    found: list[tuple[int, int, str]] = []
    if has_digits:
        found += _emails(text)
        found += _alnum_ids(_masked(text, [(a, b) for a, b, _ in found]))
        urls = [m.span() for m in _RE_URL.finditer(text)] if "http" in text or "www" in text else []
        found += _numbers(text, _masked(text, [(a, b) for a, b, kind in found if kind != CUE] + urls))
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
    """Earlier detectors win an overlap: e-mails, IDs and IBANs, numbers, addresses, names. The characters of
    the spans kept are marked as taken (inserting into a sorted list was quadratic in the number of spans)."""
    taken = bytearray(max((b for _, b, _ in found), default=0))
    kept: list[tuple[int, int, str]] = []
    for span in found:
        a, b, _ = span
        if taken.find(1, a, b) < 0:
            taken[a:b] = b"\x01" * (b - a)
            kept.append(span)
    return sorted(kept)


def redact(text: str) -> Redaction:
    """Replace the personal data of ``text`` with typed placeholders.

    Parameters
    ----------
    text : str
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


def redact_many(texts: Iterable[str]) -> list[Redaction]:
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
    out = []
    for i, text in enumerate(texts):
        if not isinstance(text, str) and not _missing(text):
            raise DataError(f"redact_many: text {i} (counting from 0) is a {type(text).__name__}, not a str "
                            f"or a missing value (None, NaN).")
        out.append(redact(text))
    return out


def _missing(value) -> bool:
    """None, NaN, ``pd.NA`` or ``pd.NaT``: a blank cell, passed through (pandas is not imported for this)."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral) and value != value


def redact_column(frame, column: str):
    """A copy of ``frame`` whose ``column`` holds the redacted text; cells that are not text are kept. A ``frame``
    that is not a DataFrame, or a ``column`` it does not have, is a ``DataError``."""
    if not (hasattr(frame, "columns") and hasattr(frame, "copy")):  # pandas', or a dask one
        raise DataError(f"redact_column expects a DataFrame, got {type(frame).__name__}; use redact_many for a list "
                        f"of texts.")
    if not isinstance(column, str) or column not in frame.columns:
        raise DataError(f"redact_column: no column {column!r}; the frame has {[str(c) for c in frame.columns]}.")
    out = frame.copy()
    out[column] = frame[column].map(lambda value: redact(value).text if isinstance(value, str) else value)
    return out


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
