"""Validators behind :mod:`cxnlp.pii`: which kind of personal data a run of digits is, if any.

Phones are checked with ``phonenumbers`` metadata and IDs with ``python-stdnum``; the cheap tests
(length, prefix, each region's general pattern) run first so that text full of digits stays fast.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from stdnum import iban, isbn, numdb
from stdnum.ar import cbu, cuit
from stdnum.cl import rut
from stdnum.co import nit
from stdnum.es import ccc, dni, nie, nif
from stdnum.exceptions import ValidationError
from stdnum.mx import curp, rfc
from stdnum.pe import cui, ruc
from stdnum.ve import rif

EMAIL, PHONE, ID, CARD, ACCOUNT = "email", "phone", "id", "card", "account"

# ``phonenumbers`` compiles the patterns of a country's metadata each time it parses a number of it; over many
# countries they drop out of the ``re`` module's cache (512 patterns) and were compiled again, run after run: it keeps
# them once asked (where the installed version has the switch; an older one keeps relying on the ``re`` cache).
if hasattr(phonenumbers, "enable_pattern_cache"):
    phonenumbers.enable_pattern_cache()

#: regions whose numbers are recognised without a '+': Spain, Latin America, the US
NATIONAL_REGIONS = ("ES", "MX", "AR", "CO", "CL", "PE", "EC", "UY", "VE", "US", "BO", "PY", "CR", "GT", "DO",
                    "PA", "SV", "HN", "NI", "CU", "PR")

# Digit counts a cue word vouches for: "DNI 1234567" is an ID, "DNI 123" is not.
CUE_LENGTHS = {ID: (6, 13), PHONE: (7, 15), ACCOUNT: (8, 24), CARD: (13, 19)}

RE_DATE = re.compile(r"\d{1,2}([-.])\d{1,2}\1(?:\d{2}|\d{4})|\d{4}([-.])\d{1,2}\2\d{1,2}")
_RE_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})++")
# Argentine mobiles dialled nationally: [0]area 15 number -> 9 area number
_RE_AR_MOBILE = re.compile(r"0?(\d{2,4})15(\d{6,8})")


_TYPES = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail",
          "fixed_line", "mobile")


def _desc(desc, fallback: tuple[int, ...]) -> tuple[frozenset[int], re.Pattern]:
    return frozenset(desc.possible_length or fallback), re.compile(desc.national_number_pattern)


@lru_cache(maxsize=None)
def _region_table(regions: tuple[str, ...]) -> dict[int, tuple]:
    """National number length -> (region, general pattern, type descriptions) of the regions using it.

    The same test as ``phonenumbers.is_valid_number_for_region`` (the general description, then any
    number type, each with its lengths and pattern), compiled once: it is called for every run of
    digits, and the library's own call costs about 30 µs.
    """
    table: dict[int, list] = {}
    for region in regions:
        meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
        if meta is None:
            continue
        general = meta.general_desc.possible_length
        types = tuple(_desc(desc, general) for desc in (getattr(meta, name) for name in _TYPES)
                      if desc is not None and desc.national_number_pattern)
        entry = (region, re.compile(meta.general_desc.national_number_pattern), types)
        for length in general:
            table.setdefault(length, []).append(entry)
    return {length: tuple(entries) for length, entries in table.items()}


def _valid_nsn(nsn: str, regions: tuple[str, ...]) -> bool:
    """``nsn`` (national significant number) is valid in one of ``regions``."""
    if not nsn or nsn[0] == "0":
        return False
    n = len(nsn)
    for _, general, types in _region_table(regions).get(n, ()):
        if general.fullmatch(nsn) and any(n in lengths and pattern.fullmatch(nsn) for lengths, pattern in types):
            return True
    return False


@lru_cache(maxsize=4096)
def valid_national_phone(digits: str) -> bool:
    """A phone written without country code: as is, after a trunk '0', '1' (US), '044'/'01' (MX)."""
    if _valid_nsn(digits, NATIONAL_REGIONS):
        return True
    if digits[0] == "0":
        if _valid_nsn(digits[1:], NATIONAL_REGIONS):
            return True
        if digits[:3] in ("044", "045") and _valid_nsn(digits[3:], ("MX",)):
            return True
        if digits[:2] == "01" and _valid_nsn(digits[2:], ("MX",)):
            return True
    if digits[0] == "1" and len(digits) == 11 and _valid_nsn(digits[1:], ("US", "DO", "PR")):
        return True
    mobile = _RE_AR_MOBILE.fullmatch(digits)
    return bool(mobile) and len(mobile[1] + mobile[2]) == 10 and _valid_nsn("9" + mobile[1] + mobile[2], ("AR",))


@lru_cache(maxsize=None)
def _country_code_shapes(code: int) -> tuple | None:
    """The trunk prefix pattern ``phonenumbers`` strips after country ``code``, and the (lengths, general pattern) of
    each of its regions; ``None`` where a region has no metadata of its own (a non-geographic code)."""
    metas = [phonenumbers.PhoneMetadata.metadata_for_region(region)
             for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, ())]
    if not metas or None in metas:
        return None
    prefix = metas[0].national_prefix_for_parsing  # (the main region's, as ``parse`` reads it)
    return (re.compile(prefix) if prefix else None,
            tuple((frozenset(meta.general_desc.possible_length), re.compile(meta.general_desc.national_number_pattern))
                  for meta in metas if meta.general_desc.national_number_pattern))


def _may_be_international(digits: str) -> bool:
    """False only where ``phonenumbers`` would find ``'+' + digits`` invalid: no country code, or a national part
    (no trunk prefix to strip) that matches no region's general pattern. Its ``parse`` costs about 20 µs, and text
    full of digit runs called it for each one; this reads tables compiled once."""
    code = next((size for size in (1, 2, 3) if int(digits[:size]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE), 0)
    shapes = _country_code_shapes(int(digits[:code])) if code and digits[0] != "0" else ()
    if shapes is None:
        return True
    if not shapes:
        return False
    prefix, regions = shapes
    nsn = digits[code:]
    if prefix is not None and prefix.match(nsn):
        return True  # the library may strip a trunk prefix and read a shorter number: ask it
    return any((not lengths or len(nsn) in lengths) and pattern.fullmatch(nsn) for lengths, pattern in regions)


@lru_cache(maxsize=4096)
def valid_international_phone(digits: str) -> bool:
    """A phone written after '+' or '00': a country code, then a number valid for that country. ``phonenumbers``
    reads the country code itself: the national numbers of some countries start with '0' ('+39 02 1234 5678',
    '+225 01 23 45 67 89'), which ``_valid_nsn`` takes for a trunk prefix."""
    if not digits.isdigit():  # ('12.345.678-K': the library would read the letter as a keypad digit)
        return False
    try:
        if _may_be_international(digits) and phonenumbers.is_valid_number(phonenumbers.parse("+" + digits, None)):
            return True
    except phonenumbers.NumberParseException:
        pass
    for size in (1, 2, 3):
        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(digits[:size]))
        if not regions:
            continue
        nsn = digits[size:]
        # '+33 (0)1 42 68 53 00', '+34 (0) 612 345 678': the trunk '0' written in brackets after the country code
        if nsn[:1] == "0" and _valid_nsn(nsn[1:], regions):
            return True
        # '+52 1 55 1234 5678': the old Mexican mobile '1'; '+54 11 15 …': the Argentine '15'
        if digits[:size] == "52" and nsn[:1] == "1" and _valid_nsn(nsn[1:], ("MX",)):
            return True
    return False


def luhn(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def is_card(digits: str) -> bool:
    """Issuer prefix and length of a payment card (Visa, Mastercard, Amex, Discover, JCB, Diners,
    UnionPay, Maestro/Carnet), then the Luhn check."""
    n, two, three, four = len(digits), digits[:2], digits[:3], digits[:4]
    if two in ("34", "37"):
        fits = n == 15
    elif digits[0] == "4":
        fits = n in (13, 16, 19)
    elif "51" <= two <= "55" or "2221" <= four <= "2720":
        fits = n == 16
    elif four == "6011" or two == "65" or "644" <= three <= "649" or two == "62" or "3528" <= four <= "3589":
        fits = 16 <= n <= 19
    elif two in ("36", "38", "39") or "300" <= three <= "305":
        fits = 14 <= n <= 19
    elif two == "50" or "56" <= two <= "69":
        fits = 13 <= n <= 19
    else:
        fits = False
    return fits and luhn(digits)


def is_clabe(digits: str) -> bool:
    """Mexican CLABE: 18 digits, a bank code (0xx, 1xx, 6xx, 7xx) and a weighted check digit."""
    if len(digits) != 18 or digits[0] not in "0167":
        return False
    total = sum((ord(c) - 48) * (3, 7, 1)[i % 3] % 10 for i, c in enumerate(digits[:17]))
    return (10 - total % 10) % 10 == ord(digits[17]) - 48


def _ccc_digit(part: str) -> str:
    check = sum((ord(c) - 48) << i for i, c in enumerate(part)) % 11
    return str(check if check < 2 else 11 - check)


def is_ccc(digits: str) -> bool:
    """Spanish bank account (CCC): two mod-11 check digits; stdnum confirms what passes."""
    return (len(digits) == 20 and _ccc_digit("00" + digits[:8]) == digits[8] and _ccc_digit(digits[10:]) == digits[9]
            and ccc.is_valid(digits))


def is_cbu(digits: str) -> bool:
    """Argentine bank account (CBU): two weighted check digits; stdnum confirms what passes."""
    def digit(part: str) -> str:
        return str(-sum((ord(c) - 48) * (3, 1, 7, 9)[i % 4] for i, c in enumerate(reversed(part))) % 10)
    return len(digits) == 22 and digit(digits[:7]) == digits[7] and digit(digits[8:21]) == digits[21] \
        and cbu.is_valid(digits)


def _rfc_valid(value: str) -> bool:
    try:
        rfc.validate(value, validate_check_digits=True)
    except ValidationError:
        return False
    return True


def valid_alnum_id(value: str) -> bool:
    """A Spanish DNI/NIE or personal NIF, a Mexican CURP or person's RFC, or a Venezuelan RIF with a valid check
    character."""
    compact = re.sub(r"[\s.-]", "", value).upper()
    if compact[0] in "XYZ" and len(compact) == 9:
        return nie.is_valid(compact)
    if compact[0] in "KLM" and len(compact) == 9:  # a person's NIF; a company's (CIF: 'B12345674') is no personal data
        return nif.is_valid(compact)
    if compact[0].isdigit():
        return dni.is_valid(compact)
    if len(compact) == 18:
        return curp.is_valid(compact)
    if len(compact) == 10 and compact[0] in "VEJPG":
        return rif.is_valid(compact)
    # a person's RFC has 13 characters; one of 12 (3 letters) is a company's, no personal data, like a Spanish CIF
    return len(compact) == 13 and _rfc_valid(compact)


# letters as the numbers of the IBAN check ('A' -> '10' … 'Z' -> '35'), in one ``str.translate``
_IBAN_NUMBERS = {ord(c): str(int(c, 36)) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


# the length of each country's IBAN (ISO 13616, from stdnum's copy of the registry: 'ES' -> 24): a code of
# another length is no IBAN, so a search through text full of look-alikes checks each match at one length only
_IBAN_LENGTHS = {cc: 4 + sum(map(int, re.findall(r"(\d+)!", info.get("bban", ""))))
                 for _, cc, _, info, _ in numdb.get("iban").prefixes}


def iban_length(value: str) -> int:
    """The length an IBAN that starts with ``value`` has, without spaces and dashes (0 for no known country)."""
    return _IBAN_LENGTHS.get(value[:2].upper(), 0)


def valid_iban(value: str) -> bool:
    compact = value.replace(" ", "").replace("-", "").replace(".", "").upper()
    # the ISO 7064 mod-97 check on one big integer first: stdnum's own is slow on text full of look-alikes
    rearranged = compact[4:] + compact[:4]
    if not rearranged.isalnum() or int(rearranged.translate(_IBAN_NUMBERS)) % 97 != 1:
        return False
    # its country's length and structure (the registry's), but not the bank codes stdnum lists for a few countries:
    # the textbook Belgian 'BE68 5390 0754 7034' names a bank stdnum does not know, and was left in clear
    try:
        iban.validate(compact, check_country=False)
    except ValidationError:
        return False
    return True


def is_isbn(raw: str) -> bool:
    """An ISBN-10 or ISBN-13 split where its publisher ranges split it, by hyphens or spaces ('978-84-376-0494-7',
    '978 84 376 0494 7'): a book, no personal data. Written in one piece it is not told from other numbers."""
    compact = raw.replace("-", "").replace(" ", "")
    return (len(compact) in (10, 13) and compact != raw and compact.isdigit() and isbn.is_valid(compact)
            and raw.replace(" ", "-") == isbn.format(compact))


def number_kind(digits: str, raw: str, cue: str | None) -> str | None:
    """Kind of a run of digit groups: ``digits`` (digits only, maybe a final K), ``raw`` (as written,
    from '+' or '(' if any) and ``cue`` (the kind named by the word before it, or 'skip')."""
    if cue == "skip":
        return None
    n = len(digits)
    if n in (21, 23, 24) and cue != ACCOUNT:
        return None
    if cue in CUE_LENGTHS and CUE_LENGTHS[cue][0] <= n <= CUE_LENGTHS[cue][1]:
        return cue
    if raw[0] in "+(" and raw.lstrip("(")[:1] == "+":
        return PHONE if valid_international_phone(digits) else None
    if digits.startswith("00") and n >= 11:
        return PHONE if valid_international_phone(digits[2:]) else None
    if not digits.isdigit():                        # '12.345.678-K'
        return ID if rut.is_valid(digits) else None
    if RE_DATE.fullmatch(raw):
        return None
    if raw[-2] == "-":                              # a check digit after a hyphen: RUT, NIT, CUIT, CUI
        if rut.is_valid(digits) or nit.is_valid(digits) or cuit.is_valid(digits) or n == 9 and cui.is_valid(digits):
            return ID
    if 13 <= n <= 19 and is_card(digits):
        return CARD
    if n == 18 and is_clabe(digits) or n == 20 and is_ccc(digits) or n == 22 and is_cbu(digits):
        return ACCOUNT
    if n == 11 and (ruc.is_valid(digits) or cuit.is_valid(digits)):
        return ID
    if _RE_THOUSANDS.fullmatch(raw):                # '3.500.000' is an amount
        return None
    if 9 <= n <= 13 and valid_national_phone(digits):
        return PHONE
    return None
