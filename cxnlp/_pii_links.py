"""Personal data that a link marks for :mod:`cxnlp.pii`: the phone of a WhatsApp link ('wa.me/5215512345678',
'api.whatsapp.com/send?phone=…') and the number (and name) of a Facebook profile
('facebook.com/profile.php?id=100012345678', 'facebook.com/people/Ana-Garcia/100012345678'), and the name of a
LinkedIn profile ('linkedin.com/in/ana-garcia-123').

A WhatsApp link holds its owner's phone, in clear otherwise: a URL's digits are skipped and no phone's cue comes
before them. The link is the cue, its phone first or after other parameters.
"""

from __future__ import annotations

import re
from typing import Iterable

from ._pii_numbers import valid_international_phone

PHONE, NAME = "phone", "name"

# The phone first or after other parameters, up to eight ('send?text=hola&phone=…' was in clear; a value stops at an
# '=', so each link is read once); its digits in groups too, up to six, as a phone shows a number copied into the link
# ('wa.me/52 55 1234 5678' left '52' in clear, 'wa.me/5255 1234 5678' all of it), an area code in brackets too
# ('wa.me/52 (55) 1234 5678'), and joined by dots ('wa.me/52.55.1234.5678' left '52.' in clear) or by spaces encoded
# as a link writes them ('phone=%2B34%20612%2034%2056%2078' was in clear).
# Its '+' may be written as a link encodes it ('phone=%2B5215512345678' was in clear), and the site without 'api.'
# ('whatsapp.com/send?phone=…'). A parameter's name is short: read up to 40 characters, a search that found no '='
# read the rest of the text again from each link ('api.whatsapp.com/send?' * 5000 took 0.7 s).
_RE_WHATSAPP_LINK = re.compile(r"(?<![\w-])(?:wa\.me/|(?<![\w.-])(?:(?:api|web|www)\.)?whatsapp\.com/send/?\?"
                               r"(?:(?!phone=)[^\s&#=]{0,40}+=[^\s&#=]*+&){0,8}+phone=)(?:%2B)?+"
                               r"(\+?\d++(?:(?:(?:[ .-]|%20)\(?+|\(|(?<=\)))\d++\)?+){0,5}+)(?!\w)", re.IGNORECASE)
_RE_DIGIT_GROUP = re.compile(r"(?<!%)(?<!%2)(?:%20)?+(\d++)")  # (a space encoded: '%20' joins groups, its 20 no digits)


def _phone_end(text: str, start: int, end: int) -> int:
    """Where the phone of a link, written from ``start`` in digit groups up to ``end``, ends; ``start`` if none.

    A number in one group ends with it, valid or not, as before. Groups after it are taken up to the longest valid
    number of up to 15 digits ('wa.me/52 55 1234 5678 2 veces' keeps '2'); with none valid, up to 15 digits."""
    groups = [m.span(1) for m in _RE_DIGIT_GROUP.finditer(text, start, end)]
    first = groups[0][1] - groups[0][0]
    if 7 <= first <= 15 or len(groups) == 1:
        return groups[0][1] if 7 <= first <= 15 else start
    digits, longest, valid = "", start, start
    for a, b in groups:
        digits += text[a:b]
        if len(digits) > 15:
            break
        if len(digits) >= 7:
            longest = b
            if valid_international_phone(digits):
                valid = b
    return valid if valid > start else longest


def whatsapp_spans(text: str) -> Iterable[tuple[int, int, str]]:
    """The phones of the WhatsApp links in ``text``."""
    for match in _RE_WHATSAPP_LINK.finditer(text):
        end = _phone_end(text, match.start(1), match.end(1))
        if end > match.start(1):
            yield match.start(1), end, PHONE


# A Facebook profile's link without a user name holds the account's number, which names its owner as a handle does
# ('facebook.com/profile.php?id=100012345678' was in clear, and after 'mi face' its 'profile.php' was taken for the
# name): the number is redacted as a name, cue or not, as no company's vanity name is a number.
# (A parameter's name is read up to 40 characters, as a WhatsApp link's: 'facebook.com/profile.php?' * 4000, with no
# '=', took 1.8 s.)
_RE_PROFILE_ID = re.compile(r"(?<![\w-])(?i:facebook|fb)\.com/(?i:profile\.php)\?"
                            r"(?:(?!id=)[^\s&#=]{0,40}+=[^\s&#=]*+&){0,8}+(?i:id)=(\d++)(?!\w)", re.IGNORECASE)


# So does a profile's link by its owner's name and number ('facebook.com/people/Ana-Garcia/100012345678': in clear, and
# after 'mi face' its 'people' was taken for the name): both are redacted as names.
_RE_PEOPLE = re.compile(r"(?<![\w-])(?i:facebook|fb)\.com/(?i:people)/([^\s/?#]++)/(\d++)(?!\w)", re.IGNORECASE)


# A LinkedIn profile's link names its owner, whatever the words before it ('linkedin.com/in/ana-garcia-123' was in
# clear, 'mi linkedin' no handle's cue): a company's page is under '/company/'. (Each link in capitals too:
# 'FACEBOOK.COM/PROFILE.PHP?ID=…', 'LINKEDIN.COM/IN/ANA-GARCIA' were in clear.)
_RE_LINKEDIN = re.compile(r"(?<![\w-])linkedin\.com/in/([^\s/?#]++)", re.IGNORECASE)


def profile_id_spans(text: str) -> Iterable[tuple[int, int, str]]:
    """The account numbers (and names) of the Facebook profile links in ``text``, and the names of the LinkedIn
    ones, as names."""
    lower = text.lower()
    if "linkedin" in lower:
        yield from ((*match.span(1), NAME) for match in _RE_LINKEDIN.finditer(text))
    if "profile.php" in lower:
        yield from ((*match.span(1), NAME) for match in _RE_PROFILE_ID.finditer(text))
    if "/people/" in lower:
        for match in _RE_PEOPLE.finditer(text):
            yield (*match.span(1), NAME)
            yield (*match.span(2), NAME)
