"""Numbers in comment text for :mod:`cxnlp.pii`: where a run of digits starts and ends, which cue word comes
before it, and which windows of its groups are personal data (``number_spans``).

A run of digits is read in groups ('+52 (55) 1234-5678'), the cue word before it decides the doubtful cases
("DNI 12345678" is an ID, "pedido 612345678" is no phone: ``cue_before``), and ``_pii_numbers`` says which kind
each window of groups is. It lives apart from ``pii`` because it is one detector with its own tables (cue words,
currencies, units), as ``_pii_words`` is the one for names and addresses; ``pii`` runs the detectors in order.
"""

from __future__ import annotations

import re
from typing import Iterable

from ._pii_numbers import ACCOUNT, CARD, ID, PHONE, RE_DATE, is_card, is_isbn, number_kind

CUE = "cue"  # the word that keeps a number as it is ('pedido'): not personal data, but names read it masked

# A time after a date ('2024-12-31 23:59'): its hour is not the last group of a number, nor its minutes the first
# group of the number after it ('23:59 5500 0000 0000 0004').
_RE_TIME_AFTER = re.compile(r":[0-5][0-9](?!\d)")
_RE_HOUR_BEFORE = re.compile(r"(?<!\d)\d{1,2}:\Z")
# A date written with '/' after a card, its expiry ('4111 1111 1111 1111 12/25', '… 03/2027') or another: the day or
# month that opens it is not the card's last group.
_RE_DATE_AFTER = re.compile(r"/\d{2}(?:\d{2})?(?!\d)")
_RE_MINUTES = re.compile(r"[0-5][0-9]")
_RE_YEAR = re.compile(r"(?:19|20)\d\d")
# The day and month of a date written with '/', right before its year ('12/03/2024').
_RE_DAY_MONTH_BEFORE = re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/\Z")

# Digits in groups: '+52 (55) 1234-5678', '12.345.678-K', '4111 1111 1111 1111'. A chunk starts
# at the first digit of a run (not inside a word, a dotted number such as 'v2.3.45678901' or a code
# such as 'MX-123'); each group needs its own separator, so a run can be split into groups in one way
# only. A bare comma ends a chunk and the next may start after it: '612345678,698765432' is a list of
# two phones (after a number of fewer than 6 digits the comma is a decimal one, and ``number_spans`` skips what follows
# it: '1.299,99', '1,612345678'); so is a '+' right
# after a number ('3001234567+34612345678'). A bracketed group is an area code, so it needs digits
# after it: '… 612 345 678 (0)' ends before the bracket.
_RE_CHUNK = re.compile(
    r"(?:(?<![\w+])|(?<=\d)(?=\+))(?<!\d\.)(?<![A-Za-z]{2}-)"
    r"(?:\+ ?)?(?:\(\+?\d{1,4}\)[ .\-]?)?\d++(?:(?:[ .\-]| - )\d++| ?\(\d{1,4}\)[ .\-]?\d++)*+(?:-[kK](?!\w))?+")
_RE_GROUP = re.compile(r"\d++|[kK]")
_MAX_GROUPS = 7       # '+52 1 55 1234 5678' has 5 groups, a grouped CBU 6
_MAX_DIGITS = 22      # a CBU
_MAX_SPELLED = 15     # the longest phone (E.164): a window of more groups holds at most this many digits

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
CUES = {
    PHONE: "telefono telefonos telef tel tfno tlf tlfn tlfno cel celu celular celulares movil moviles whatsapp "
           "whatsap whatapp watsap wasap wsp wpp fijo fono llamar llamen llamenme llamame llamadme llameme "
           "marque marcar contacto contactarme contactenme comunicarse comuniquense",
    ID: "dni nie nif cedula cedulas cc ci curp rfc rut run ruc cuit cuil nit documento doc pasaporte ine dui "
        "identificacion identificado identificada carne carnet cui rif ife",
    ACCOUNT: "cuenta cuentas cta clabe cbu cvu iban ccc",
    CARD: "tarjeta tarjetas tdc tdd visa mastercard master amex plastico",
    "skip": "pedido pedidos orden ordenes order compra ticket tickets tiquete folio guia rastreo tracking seguimiento "
            "envio factura boleta recibo comprobante referencia ref reserva reservas reservacion localizador vuelo "
            "placa patente matricula serie modelo sku isbn codigo cp postal cupon caso casos reclamo reclamos "
            "reclamacion incidencia incidente queja radicado expediente solicitud imei contrato poliza cliente "
            "socio afiliado transaccion operacion autorizacion lote articulo producto ruta suministro medidor "
            "turno habitacion mesa asiento sucursal tienda version paquete bulto boleto billete barras "
            # plurals: the words are matched exactly (accents and case folded), not by lemma, so each singular above
            # has its plural here (a test checks it; 'cp', 'tracking' and 'barras' have none)
            "orders compras tiquetes folios guias rastreos seguimientos envios facturas boletas recibos comprobantes "
            "referencias refs reservaciones localizadores vuelos placas patentes matriculas series modelos skus "
            "isbns codigos postales cupones reclamaciones incidencias incidentes quejas radicados expedientes "
            "solicitudes "
            "imeis contratos polizas clientes socios afiliados transacciones operaciones autorizaciones lotes "
            "articulos productos rutas suministros medidores turnos habitaciones mesas asientos sucursales tiendas "
            "versiones paquetes bultos boletos billetes",
}
_CUE_KIND = {word: kind for kind, words in CUES.items() for word in words.split()}
_RE_CUE_TOKEN = re.compile(r"[^\W\d_]++(?:\.[^\W\d_]++)*+|\d|[^\w\s:.,#=º°ª\-]")
_FOLD = str.maketrans("áéíóúüñÁÉÍÓÚÜÑ", "aeiouunAEIOUUN", ".")
_CUE_WINDOW = 48
# A series code between the cue and the number ('boleta B001-612345678', 'factura F001 612345678'): its letters and
# digits were read as the words before the number, and hid the cue. Only a series' shape, a letter and 3 digits
# ('B001', 'F001'), or 3 or 4 digits, joined by '-' or a space: any short code ('ref A1 698765432') hid no cue.
_RE_SERIES_BEFORE = re.compile(r"(?<![\w-])(?:[A-Za-z]\d{3}|\d{3,4})[- ]\Z")

# The head of a code a run is glued to by '-': letters, or letters, '-' and digits ('B-2024-612345678',
# 'FA-2024-612345678', 'AB-99-612345678'). The run is the code's last part, not a phone; a code of letters and digits
# alone is too short to say ('pedido B1-612345678' is read as a phone), and so is a letter before a phone written in
# groups ('P-612-345-678'), or a phone's word ('tel-34-612345678').
_RE_CODE_BEFORE = re.compile(r"(?<![\w-])([A-Za-z]++)-(?:\d++-)?\Z")

# What joins the numbers of a list: a comma, 'y', or both ('123456, 654321 y 987654').
_RE_LIST_JOIN = re.compile(r" ?,(?: ?y)? ?| y ")

# A chunk that is an amount or a quantity: currency before it, a unit after it. A sign right after a number is that
# number's ('pagué 49,99 € 612345678': the phone was read as an amount in euros).
_RE_MONEY_BEFORE = re.compile(r"(?<![\d.,])(?<![\d.,] )"
                              r"(?:[$€£¥₡₲₱]|(?<!\w)(?:usd|us|u\$s|mxn|cop|clp|ars|pen|eur|uyu|bs|s/|q|rd)\.?)\s*+\Z",
                              re.IGNORECASE)
_RE_UNIT_AFTER = re.compile(
    r"\s*+(?:[%€$]|(?:pesos|euros?|soles|d[oó]lares|dls|bol[ií]vares|reales|colones|quetzales|guaran[ií]es|"
    r"lempiras|usd|mxn|cop|clp|ars|pen|eur|mil|millones|lucas|k|km|kms|kg|kgs|g|gr|grs|mg|ml|l|lt|lts|litros|"
    r"cm|mm|m|metros|gb|mb|tb|mbps|megas|gigas|min|mins|minutos|seg|segundos|h|hs|hrs|horas|d[ií]as|semanas|"
    r"meses|a[nñ]os|veces|unidades|uds|piezas|pzas|puntos|pts|cuotas|mensualidades|msi|personas)\b)",
    re.IGNORECASE)


def cue_before(text: str, start: int) -> tuple[str | None, int, int]:
    """Kind named by the cue word right before ``start`` ('skip' for order numbers and the like), and where that word
    is (``None, 0, 0`` without one)."""
    series = _RE_SERIES_BEFORE.search(text, max(0, start - 12), start)
    if series:
        start = series.start()
    # a digit is the last word before: no cue, read without the word list (an IBAN's search through text full of
    # look-alikes asks here at each group, 'ES91 ES91 …')
    last = text[max(0, start - 4):start].rstrip()
    if last and last[-1].isdecimal():
        return None, 0, 0
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


def number_spans(text: str, masked: str) -> Iterable[tuple[int, int, str]]:
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
        elif (len(groups) > 1 and groups[-1][1] - groups[-1][0] <= 2 and _RE_DATE_AFTER.match(masked, end)
              and masked[groups[-2][1]:groups[-1][0]] == " " and is_card("".join(masked[a:b] for a, b in groups[:-1]))):
            groups.pop()  # after 'tarjeta' the card took in the month: 'tarjeta [TARJETA]/25'
        if (len(groups) > 1 and _RE_MINUTES.fullmatch(masked, *groups[0])
                and _RE_HOUR_BEFORE.search(masked, max(0, start - 3), start)):
            del groups[0]  # '23:59 5500 0000 0000 0004': the minutes belong to the time
            start = groups[0][0]
        dated = _date_groups(masked, start, groups)
        if dated and cue_before(text, start)[0] is None:  # (after a cue word the date is read as before: 'DNI …')
            del groups[:dated]  # '2024-03-01 55 1234 5678': a date is no number
            start = groups[0][0] - (masked[groups[0][0] - 1] == "(")  # ('… (55) 1234 5678' left its bracket)
        if (len(groups) > 1 and masked[groups[-2][1]:groups[-1][0]] == " "
                and _RE_UNIT_AFTER.match(masked, groups[-1][1])):
            groups.pop()  # '612345678 3 veces', '612 345 678 25%': the count before a unit is a number of its own
        digits = "".join([masked[a:b] for a, b in groups])
        cue, *word = cue_before(text, start)
        code = cue is None and _is_code(masked, start, groups)
        if code:
            cue, word = "skip", None  # kept as an order number is ('FA-2024-612345678 612345678': the phone is read)
        if cue is None and joined and prev_cue == "skip" and (prev_digits >= 6 or masked[prev_end:start] == ","):
            # a list of order numbers ('pedidos 123456, 654321', 'ticket 3375,2925269283'); after a short number and
            # a space ('pedido 1234, 612345678') a phone is read without the cue
            cue, word = "skip", None
        # (no word names a list after a code: 'FA-2024-612345678, 698765432' lists a phone)
        prev_end, prev_cue, prev_digits = end, None if code else cue, len(digits)
        if (len(digits) < 6 or _RE_MONEY_BEFORE.search(masked, max(0, start - 6), start)
                or _RE_UNIT_AFTER.match(masked, groups[-1][1])  # (after the last group kept: '612345678 3h')
                or cue in (None, "skip") and len(groups) <= 5 and is_isbn(masked[start:groups[-1][1]])):
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


def _is_code(masked: str, start: int, groups: list[tuple[int, int]]) -> bool:
    """The chunk starts with a code, not personal data: the last part of a code of letters and digits joined by '-'
    (``_RE_CODE_BEFORE``), or a book's ISBN hyphenated as printed ('978-84-376-0494-7 612345678'; an ISBN in groups
    joined by spaces is read only as a whole chunk, as the phone after it could not be told from its groups)."""
    head = _RE_CODE_BEFORE.search(masked, max(0, start - 24), start)
    if (head and _CUE_KIND.get(head[1].lower(), "skip") == "skip"
            and (head.group().count("-") == 2 or len(groups) == 2 and masked[groups[0][1]:groups[1][0]] == "-")):
        return True
    return any(" " not in masked[start:b] and is_isbn(masked[start:b]) for _, b in groups[1:5] if b - start <= 17)


def _date_groups(masked: str, start: int, groups: list[tuple[int, int]]) -> int:
    """How many of the first ``groups`` are a date followed by a space and more digits: a date's year and day ran on
    into the phone after it, and a window of both was valid ('2024-03-01 415-555-2671' left '2671' in clear). A date
    written with '/' ('12/03/2024 55 1234 5678') starts the chunk at its year."""
    if (len(groups) > 3 and RE_DATE.fullmatch(masked, groups[0][0], groups[2][1])
            and " " in masked[groups[2][1]:groups[3][0]]):
        return 3
    if (len(groups) > 1 and groups[0][1] - groups[0][0] in (2, 4) and " " in masked[groups[0][1]:groups[1][0]]
            and _RE_DAY_MONTH_BEFORE.search(masked, max(0, start - 6), start)):
        return 1
    return 0


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

    def reach(i: int, cue: str | None = None) -> int:
        # a window spans 7 groups, or more when they hold a phone's digits at most: a phone written digit by digit
        # ('6 1 2 3 4 5 6 7 8', '+34 6 1 2 …') was cut after 7 groups and its last digits left in clear; without a
        # cue, digit by digit after the first group only: a list of scores with a '10' is no phone
        j = min(len(groups), i + _MAX_GROUPS)
        while j < len(groups) and ends[j + 1] - ends[i] <= _MAX_SPELLED and (cue or ends[j + 1] - ends[i + 1] == j - i):
            j += 1
        return j

    def longest(i: int, cue: str | None = None) -> tuple[int, str | None]:
        return next(((j, kind) for j in range(reach(i, cue), i, -1)
                     if (kind := kind_of(i, j, cue))), (i + 1, None))

    def cued() -> tuple[int, str | None]:
        # A cue vouches for any number of its length, so its longest window ran into the number after it: in 'DNI
        # 12345678 - 612 345 678' the 11 digits '12345678 - 612' were the ID, and '345 678' of the phone was left.
        # First comes a window after which the chunk ends or a valid number starts, then one valid without the cue
        # (a RUT's check digit, a card's Luhn), then the longest.
        windows = [(j, kind) for j in range(reach(0, cue), 0, -1) if (kind := kind_of(0, j, cue))]
        return max(windows, default=(1, None), key=lambda window: (
            window[0] == len(groups) or longest(window[0])[1] is not None, kind_of(0, window[0]) is not None))

    def year_first() -> bool:
        # Without a cue, the longest window from a year took in the phone's first groups and left the rest in clear
        # ('desde 2019 55 1234 5678': '2019 55 1234' is valid): a year set apart by a space is passed over when a
        # window after it fills the rest of the chunk.
        return (len(groups) > 1 and _RE_YEAR.fullmatch(text, *groups[0]) is not None
                and text[groups[0][1]:groups[1][0]] in (" ", " (") and longest(0)[0] < len(groups)
                and longest(1)[1] is not None and longest(1)[0] == len(groups))

    i = 1 if cue is None and year_first() else 0
    while i < len(groups):
        j, kind = cued() if i == 0 and cue else longest(i)
        if kind:
            first = start if i == 0 else groups[i][0] - (text[groups[i][0] - 1] == "(")  # ('2019 (55) 1234 5678')
            if text[first] == "(" and text[groups[i][1]:groups[i][1] + 1] != ")":
                first += 1  # '(5512345678' keeps its bracket; '(55) 1234 5678' is all phone
            yield first, groups[j - 1][1], kind
        i = j
