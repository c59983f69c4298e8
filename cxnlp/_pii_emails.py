"""E-mail addresses for :mod:`cxnlp.pii`: written with an '@' ("ana.ruiz@gmail.com"), with a space around it ("ana @
gmail.com", "ana @gmail.com"), with it spelled out ("ana arroba gmail punto com", "ana(arroba)gmail.com"), or glued to
the address before it ("ana@gmail.com+luis@x.com")."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterable

EMAIL = "email"

# E-mail: the look-behind starts a match only at the first character of a run, the run is eaten
# possessively, so 'a.a.a.a…' without '@' costs one pass. An invisible character inside it (a zero-width space, a
# joiner, a soft hyphen, as web pages and chats leave them) is part of the address, as ``text.normalize`` reads it:
# 'juan\u200bperez@gmail.com' left 'juan' in clear.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# An apostrophe after a letter is part of it too ('ana.o'connor@gmail.com' left "ana.o'" in clear); a quote
# around it is not. Only after a letter: a search starting after every ".'" read the rest of the text again
# ("a.'" * 33000 took 10 s).
_EMAIL = (rf"[\w.+{_INVISIBLE}-]++(?:(?<=\w)'[\w.+{_INVISIBLE}-]++)*+"
          rf"(?<=\w)@[\w{_INVISIBLE}-]++(?:\.[\w{_INVISIBLE}-]++)++")
_RE_EMAIL = re.compile(rf"(?<![\w.+{_INVISIBLE}-])(?<!\w'){_EMAIL}")
# An address glued to the one before it ('a@b.com.ana+x@gmail.com'): the first's domain takes in the second's name up
# to its '+', and the look-behind left '+x@gmail.com' in clear; it is read right after the first.
_RE_EMAIL_GLUED = re.compile(rf"\+{_EMAIL}")
# So is one glued by a dot after a generic domain ('ana@gmail.com.ana2@gmail.com' left 'ana2@gmail.com' in clear).
_RE_EMAIL_DOTTED = re.compile(rf"\.{_EMAIL}")
# With a space after its '@' ('ana @ gmail.com', 'ana.ruiz@ gmail.com': in clear) only before a domain that ends in
# letters: '3 @ 2.50' is a price. A space before it alone is a handle's ('mi usuario es @juan.perez'), but before a
# mail provider's domain it is an e-mail's ('ana @gmail.com' was in clear), unless after a word that names it
# ('mi cuenta @gmail.com', 'problemas con @hotmail.com') or that is no address's name, a verb or a little word
# ('soy @gmail.com fan', 'uso @hotmail.com': the word was taken for the address's name and lost), or an adverb that
# joins a list ('mail: ana@gmail.com, luego @hotmail' lost 'luego').
_NOT_A_NAME = (r"a|al|con|de|del|el|en|es|la|mi|su|tu|y|o|por|para|cuenta|correo|e?-?mail|gracias|usuario|"
               r"soy|eres|somos|son|era|fui|uso|us[eé]|usamos|usando|tengo|tiene|tenemos|ten[ií]a|hay|sin|desde|"
               r"sobre|entre|hacia|ni|que|me|te|le|se|nos|ya|fan|fans|cliente|clienta|v[ií]a|un|una|los|las|"
               r"ese|esa|este|esta|mis|sus|tus|como|pero|luego|despu[eé]s|antes|ahora|tambi[eé]n|tampoco|sea|"
               r"igual|siempre|nunca|todav[ií]a")
_PROVIDER = r"(?i:gmail|hotmail|outlook|yahoo|live|icloud|msn|aol|protonmail|proton|prodigy|yandex|gmx)"
_TLD = r"com|net|org|edu|gob|es|mx|co|ar|cl|pe|ec|ve|uy|bo|py"
_RE_EMAIL_SPACED = re.compile(rf"(?<![\w.+-])(?!(?i:{_NOT_A_NAME}) @(?! ))"
                              r"[\w.+-]++(?<=\w)(?: ?+@ [\w-]++(?:\.[\w-]++)++(?![\w-])"
                              r"(?:(?<=\.[A-Za-z]{2})|(?<=\.[A-Za-z]{3})|(?<=\.[A-Za-z]{4})|(?<=\.[A-Za-z]{5}))"
                              # (or up to a generic domain a longer word is glued to: 'ana @ gmail.com.Gracias' was
                              # in clear, the word's end no domain's)
                              r"| ?+@ [\w-]++(?:\.[\w-]++)*?\.(?i:com|net|org|edu|gob|info)(?:\.[A-Za-z]{2}(?![\w-]))?+"
                              r"(?=\.[^\W\d_])"
                              rf"| @{_PROVIDER}(?:\.[A-Za-z]{{2,3}}(?![\w-])){{1,2}}+(?![\w-]))")
# A space around the dot of a mail provider's domain ('ana @gmail .com', 'ana@hotmail . es', 'ana@gmail. com': in
# clear): before the dot, any common top-level domain; after it alone, only 'com', 'net' or 'org' ('ana@gmail. Es que'
# opens a sentence). So is a provider's domain with its dot mistyped: a comma ('ana@gmail,com'), two dots
# ('ana@gmail..com'), a dot before it ('ana@.gmail.com') or none before 'com' ('ana@gmailcom').
# After a space, a capitalised word opens a sentence, not a domain ('me encanta @gmail . Es rápido' lost 'encanta'
# and 'Es'), but 'Com', 'Net' and 'Org', as a phone capitalises them after '. ' ('ana@gmail. Com').
_SPACED_TLD = rf"(?:(?<! )|(?![A-Z][a-z])|(?=(?:Com|Net|Org)(?![\w-])))(?i:{_TLD})"
_MISTYPED = (rf"(?:\.{_PROVIDER}(?:\.|,| ?+\. ?+)|{_PROVIDER}(?: \. ?+|\.\.|,|\. (?=(?i:com|net|org)(?![\w-]))))"
             rf"{_SPACED_TLD}|{_PROVIDER}(?i:com)")
_RE_EMAIL_MISTYPED = re.compile(rf"(?<![\w.+-])(?!(?i:{_NOT_A_NAME}) @(?! ))[\w.+-]++(?<=\w) ?+@ ?+"
                                rf"(?:{_MISTYPED})(?: ?+\. ?+{_SPACED_TLD})?+(?![\w-])")
# With a space before the '@', a word after a comma is a word, not a mistyped domain ('me encanta @gmail,es lo mejor'
# lost 'encanta'; 'ana@hotmail,es' is still an address)
_RE_SPACED_COMMA_WORD = re.compile(r" @.*,(?i:es|ve|uy)\Z")
_RE_AT_PROVIDER = re.compile(rf"@ ?+\.?{_PROVIDER}")
# After a mail word, an address at a mail provider without its top-level domain ('mi correo es ana@gmail', 'correo:
# ana.ruiz @hotmail': in clear) is the writer's; without the word, 'ana @gmail' is left alone.
# One listed after it, or after a whole address at a provider ('mail: ana@gmail y luis@hotmail', 'mail: ana@gmail.com y
# luis@hotmail': the second was in clear), is read as it is.
_CUED_ADDRESS = (rf"((?!(?i:{_NOT_A_NAME}) @)[\w.+-]++(?<=\w) ?+@ ?+{_PROVIDER}(?:\.[A-Za-z]{{2,3}}){{0,2}}+)"
                 r"(?![\w@-]|\.\w)")
_RE_EMAIL_CUED = re.compile(rf"(?<!\w)(?i:correo|e-?mail|mail)(?: (?i:electr[oó]nico))?(?: (?i:es))?(?:-|:? ?+)"
                            rf"{_CUED_ADDRESS}")
_RE_CUED_LISTED = re.compile(rf"(?:,? (?:y|e|o|u) |, ?| ?/ ?){_CUED_ADDRESS}")

# With the '@' spelled out ('ana arroba gmail punto com', 'ana(arroba)gmail.com': in clear), before a domain that
# ends in a common top-level domain; a separator counts only before a label, so a final '.' ends the sentence. A
# company's desk spelled so is the company's ('Escribí a soporte arroba empresa punto com', as the test set reads it).
# ('(punto)' and '[punto]' glued to the labels too: 'ana(arroba)gmail(punto)com' was in clear)
_DOT = r"(?:\.|(?: ?+(?i:\(punto\)|\[punto\]|punto(?!\w)) ?+))(?=[\w-])"
_DESK = r"soporte|ayuda|info|contacto|ventas|atenci[oó]n|clientes|servicio|facturaci[oó]n|reclamos|quejas|admin"
_RE_EMAIL_SPELLED = re.compile(rf"(?<![\w.+-])(?!(?i:{_DESK})(?![\w.+-]))[\w.+-]++(?<=\w)"
                               rf" ?+(?i:\(arroba\)|\[arroba\]|arroba(?!\w)) ?+"
                               rf"(?:[\w-]++{_DOT})++(?i:{_TLD})(?![\w-])")

# The name of an address written with spaces may have them around its dots too ('pedro . lopez @ gmail . com' left
# 'pedro .' in clear): the pieces before it joined by ' . ' are read back, within a few dozen characters, from where
# the address starts. Not a number ('a las 3 . ana @ gmail.com'), nor a little word first ('es . ana @ gmail.com';
# an initial inside it is a piece: 'pedro . a . lopez').
# Never into another address before it, nor a handle's name ('ana@gmail . com . luis @ gmail.com' took the first's
# 'com', the overlap dropped it and left 'ana@' in clear; '@ana_g . ana @ gmail.com' left '@').
# So may the dots of one with its '@' spelled out be, and its '_' and '-' ('ana punto garcia arroba outlook punto es',
# 'ana guion bajo garcia arroba gmail punto com' left 'ana punto', 'ana guion bajo').
# Nor a verb that says what was written or said ('me dijo punto final arroba gmail punto com' lost 'dijo').
_SPELLED_MARK = r"(?:\.|(?i:punto|gui[oó]n(?: bajo)?))"
_SAID = r"dij[eo]|dijeron|dice|dicen|digo|escrib[eoí]|escribi[oó]|anot[aeoó]|puso|puse|pon|qued[aoó]|fue"
_RE_SPACED_NAME_HEAD = re.compile(rf"(?<![\w.+@-])(?!(?i:{_NOT_A_NAME}|{_SAID}) )"
                                  rf"(?:(?![\d+-]++ )[\w+-]++ {_SPELLED_MARK} )++\Z")
_RE_SPELLED_MARK_BEFORE = re.compile(rf" {_SPELLED_MARK} \Z")


def _spaced_start(text: str, start: int, end: int, floor: int = 0) -> int:
    """Where an address written with spaces (``text[start:end]``) starts, with its name's pieces before it (not
    before ``floor``, the end of the address before it)."""
    if " " not in text[start:end] or not _RE_SPELLED_MARK_BEFORE.search(text, max(0, start - 12), start):
        return start
    head = _RE_SPACED_NAME_HEAD.search(text, max(0, floor, start - 64), start)
    return head.start() if head else start


# A word glued by a dot after a generic top-level domain, and a country's after it, is no label of the address
# ('ana@gmail.com.Gracias por todo' lost 'Gracias'); 'ana@gmail.com.mx' and 'ana@uni.edu.co' are whole.
_RE_GLUED_WORD = re.compile(r"\.(?i:com|net|org|edu|gob|info)(?:\.[A-Za-z]{2}(?![\w-]))?+(?=\.[\w-])")


def _glued_word_start(text: str, match: re.Match) -> int:
    """Where an address found by ``match`` ends: before a word glued by a dot after its generic domain."""
    word = _RE_GLUED_WORD.search(text, text.index("@", match.start()), match.end())
    return word.end() if word else match.end()


# An address in a link's query has its '@' encoded ('…/baja?email=ana.ruiz%40gmail.com', 'mailto:ana%40gmail.com': in
# clear), and its name's other characters encoded too ('mailto:ana%2Bpromo%40gmail.com' left 'ana%' in clear).
_RE_EMAIL_ENCODED = re.compile(r"(?<![\w.+%-])(?:[\w.+-]|%(?!40)[\dA-Fa-f]{2})++(?<=\w)%40[\w-]++(?:\.[\w-]++)++")
# A mail word glued by a dash before an address is its label, not its name ('correo-ana@gmail.com' lost 'correo-').
_RE_GLUED_MAIL_WORD = re.compile(r"(?i:correo|e-?mail|mail)-(?=[\w.+])")


def email_spans(text: str) -> Iterable[tuple[int, int, str]]:
    """E-mail addresses: written with an '@', with a space around it, or with it spelled out."""
    found: list[tuple[int, int, bool]] = []  # (and whether it is written with spaces: its name's pieces are read back)
    at = 0
    while match := _RE_EMAIL.search(text, at):
        # (unless the word is the name of an address glued after it, read with it)
        end = match.end() if _RE_EMAIL_GLUED.match(text, match.end()) else _glued_word_start(text, match)
        found.append((match.start(), end, False))
        at = match.end()
        while end < at and (dotted := _RE_EMAIL_DOTTED.match(text, end)):
            end = _glued_word_start(text, dotted)
            found.append((dotted.start() + 1, end, False))
            at = dotted.end()
        while glued := _RE_EMAIL_GLUED.match(text, at):  # (and the search goes on after them: once each)
            found.append((glued.start(), glued.end(), False))
            at = glued.end()
    if "%40" in text:
        found += ((*match.span(), False) for match in _RE_EMAIL_ENCODED.finditer(text))
    if "@ " in text or " @" in text:
        found += ((match.start(), _glued_word_start(text, match), True) for match in _RE_EMAIL_SPACED.finditer(text))
    if "@" in text and _RE_AT_PROVIDER.search(text):  # (the cheap gate: a provider's name after an '@')
        found += ((*match.span(), True) for match in _RE_EMAIL_MISTYPED.finditer(text)
                  if not _RE_SPACED_COMMA_WORD.search(match.group()))
        for match in _RE_EMAIL_CUED.finditer(text):
            while match:
                found.append((match.start(1), match.end(1), False))
                match = _RE_CUED_LISTED.match(text, match.end())
    if "rroba" in text or "RROBA" in text:
        found += ((*match.span(), True) for match in _RE_EMAIL_SPELLED.finditer(text))
    ends = sorted(end for _, end, _ in found)  # (the pieces are read back no further than the address before)
    for start, end, spaced in found:
        floor = ends[i - 1] if spaced and (i := bisect_right(ends, start)) else 0
        start = _spaced_start(text, start, end, floor) if spaced else start
        label = _RE_GLUED_MAIL_WORD.match(text, start, end)  # (whichever way the address is written)
        yield (label.end() if label else start), end, EMAIL
