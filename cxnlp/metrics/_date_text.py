"""Dates written as text: the pattern of a numeric date ('15/01/2024'), and free text rewritten so that pandas reads
the date it writes (``_english_words``: Spanish months and weekdays, 'de', ordinal days and ranges of days;
``_without_offset`` and ``_without_time``: the time zone and time of day), or none where it names no year. Kept apart
from ``periods``, which decides a column's day/month order and its periods, because these rules are about the words
of one text alone.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

# d/m/y or m/d/y (or y-m-d) with '/', '-' or '.', optionally followed by a time.
_RE_NUMERIC_DATE = re.compile(r"([0-9]{1,4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,4})")
# Free text pandas reads ('Mar 31 2024', '31 de marzo de 2024') must name a year: without one it fills in the
# current date ('10:30', 'today', 'now'), which moved rows into the month the command ran.
_RE_HAS_YEAR = re.compile(r"(?<![0-9])(?:1[89][0-9]{2}|2[01][0-9]{2})(?![0-9])"
                          r"|(?i:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s,/-]*[0-9]{1,2}\b"
                          r"[\s,/-]+[0-9]{2}\b|\b[0-9]{1,2}[\s,/-]*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                          r"[a-z]*\.?[\s,/-]+[0-9]{2}\b)")  # '05-Jan-24', 'Jan 5, 24': a month's name and two numbers
# Spanish words of a written date, as pandas (dateutil) reads them: months ('15-ago-2024', Spanish Excel's dd-mmm-aaaa;
# '15 de agosto de 2024'; 'sept', and 'set' and 'setiembre' as in Peru and Uruguay) by their English abbreviation.
# Spanish abbreviations that are English ones (feb, mar, may, jun, jul, sep, oct, nov) need no entry.
_SPANISH_MONTHS = {
    "ene": "Jan", "enero": "Jan", "febrero": "Feb", "marzo": "Mar", "abr": "Apr", "abril": "Apr", "mayo": "May",
    "junio": "Jun", "julio": "Jul", "ago": "Aug", "agosto": "Aug", "sept": "Sep", "set": "Sep", "septiembre": "Sep",
    "setiembre": "Sep", "octubre": "Oct", "noviembre": "Nov", "dic": "Dec", "diciembre": "Dec",
}
# Every word that names a month, once Spanish ones are translated ('oct de 2024', 'ago. de 2024').
_MONTH_WORDS = {*_SPANISH_MONTHS, "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun",
                "june", "jul", "july", "aug", "august", "sep", "september", "oct", "october", "nov", "november",
                "dec", "december"}
# 'de' and 'del' go only beside a month ('15 de agosto de 2024', '1 de enero del 2024', '2024 de marzo'), and a
# weekday only before a day and its month ('lunes, 15 de enero de 2024', Excel's long date; 'lunes 15/01/2024') or
# a year-first date: dropped anywhere, they left fragments that pandas read as dates ('10 de 2024' was 1 October,
# 'lunes 2024' 1 January; quarter labels such as 'T3 de 2024', 1 March, are read before, by _quarters).
_LINKS = {"de", "del"}
_WEEKDAYS = {"lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo",
             # and as Excel's 'ddd' writes them ('vie., 5 mar. 2024'), but 'mar', which is March first
             "lun", "mié", "mie", "jue", "vie", "sáb", "sab", "dom"}
# One of those words, whole (not the 'ago' of 'agotado'): literal alternatives, so linear in the text's length.
_RE_SPANISH_DATE_WORD = re.compile(r"(?<![^\W\d_])(" + "|".join(sorted({*_SPANISH_MONTHS, *_LINKS, *_WEEKDAYS, "mar"},
                                                                        key=len, reverse=True))
                                   + r")(?![^\W\d_])", re.IGNORECASE)
_RE_LETTERS = re.compile(r"[^\W\d_]+")  # the words of a text, split at anything but a letter
_RE_BETWEEN = re.compile(r"[\s.,/-]*")  # what may part 'de' from its month: 'ago. de 2024', '15-de-agosto'
# ... or from the month before it, with the day between, as a date written month first: 'Enero 15 de 2024'.
_RE_DAY_BETWEEN = re.compile(r"[\s.,/-]*(?:[0-9]{1,2}(?![0-9])[\s.,/-]*)?")
# What follows a weekday of a date: a year-first date ('2024-08-15'), a day of the month and then its month, by
# name ('15 de enero', '5 Ago': group 1, checked to be a month) or number ('15/01/2024'), or a month by name and then
# its day ('enero 15 de 2024': group 1 again).
_RE_DAY_AFTER = re.compile(r"[\s.,]*(?:[0-9]{4}[/.-][0-9]{1,2}[/.-][0-9]"
                           r"|[0-9]{1,2}(?![0-9])(?:\s*[/.-]\s*[0-9]|[\s.,/-]*(?:de\s+)?([^\W\d_]+)))"
                           r"|[\s.,]*([^\W\d_]+)\.?[\s,]+[0-9]{1,2}(?![0-9])", re.IGNORECASE)


def _month_named(after: re.Match) -> str | None:
    """The word of ``_RE_DAY_AFTER``'s match that should name a month, before or after the day; None where the date
    after the weekday is written in numbers."""
    return after.group(1) or after.group(2)


def _is_tuesday(text: str, end: int) -> bool:
    """Whether the 'mar' that ends at ``end`` is martes as Excel's 'ddd' writes it ('mar., 2 jul. 2024'), not March:
    a day and a month follow it, by name or in a whole date ('mar 02/07/2024'), which March cannot be. Read as
    March, Tuesdays were unreadable, a seventh of the rows left out of the trend."""
    after = _RE_DAY_AFTER.match(text, end)
    if after is None:
        return False
    if _month_named(after) is not None:
        return _month_named(after).lower() in _MONTH_WORDS
    return _RE_NUMERIC_DATE.match(text, _RE_PUNCTUATION.match(text, end).end()) is not None


_RE_PUNCTUATION = re.compile(r"[\s.,]*")
#: A day written as an ordinal before its month's name, as Spanish writes the first of the month ('1º de enero de
#: 2024', '1.° de enero', '1ro de enero'): the day is group 1. Literal alternatives, so linear in the text's length.
_RE_ORDINAL_DAY = re.compile(r"(?<![0-9])([0-9]{1,2})(?:\.?\s?[º°ª]|(?:ero|er|ro)(?![^\W\d_]))"
                             r"(?=[\s.,/-]*(?:del?\s+)?(?:" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
                             + r")(?![^\W\d_]))", re.IGNORECASE)


#: A day's ordinal mark ('1º', '1.°', '1ro', '1er'), which the two patterns of an ordinal day need.
_RE_ORDINAL_MARK = re.compile(r"[0-9](?:\.?\s?[º°ª]|ero|er|ro)", re.IGNORECASE)
_MONTH_NAMES = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))  # literal alternatives, longest first
#: ... and after its month's name, as a date written month first ('enero 1ro de 2024', 'Enero 1° de 2024'): the month
#: and day are group 1.
_RE_ORDINAL_AFTER_MONTH = re.compile(r"((?<![^\W\d_])(?:" + _MONTH_NAMES + r")\.?[\s,]*[0-9]{1,2})"
                                     r"(?:\.?\s?[º°ª]|(?:ero|er|ro)(?![^\W\d_]))", re.IGNORECASE)
#: A range of days before or after its month ('15 - 20 ene 2024', '15 al 20 de enero', 'Jan 15-20, 2024'): pandas read
#: the second day as the year (2015, 2020). The range is its first day, the days before it (group 1, the 'del' that
#: opens 'del 15 al 20 de enero' dropped with the range: left, it made the date unreadable, and the ordinal mark of
#: '1ro al 5 de enero' or '1° al 5 de enero' too), or its first day (group 4) after its month (group 3); groups 2
#: and 5 are its last day. Not a day that starts a whole date or a time ('mar 15-03-2024', 'ene 15 - 10:30').
#: Literal alternatives and bounded repeats, so linear in the text's length.
_RE_DAY_RANGE = re.compile(r"(?:(?<![^\W\d_])del?\s+)?(?<![0-9])([0-9]{1,2})(?:\.?\s?[º°ª]|ero|er|ro)?"
                           r"(?:\s*[-–—]\s*|\s+al?\s+)([0-9]{1,2})"
                           r"(?![0-9]|[/.:-][0-9])"
                           r"(?=[\s.,/-]*(?:del?\s+)?(?:" + _MONTH_NAMES + r")(?![^\W\d_]))"
                           r"|((?<![^\W\d_])(?:" + _MONTH_NAMES + r")\.?[\s.,]*([0-9]{1,2}))"
                           r"(?:\s*[-–—]\s*|\s+al?\s+)([0-9]{1,2})(?![0-9]|[/.:-][0-9])", re.IGNORECASE)
#: The 'del' or 'de' before a day and its month that opens a date ('del 15 de enero de 2024', as Spanish writes when a
#: date starts something): left, it made the date unreadable. Literal alternatives, so linear in the text's length.
_RE_LEADING_DEL = re.compile(r"(?<![^\W\d_])del?\s+(?=[0-9]{1,2}(?![0-9])[\s.,/-]*(?:del?\s+)?(?:" + _MONTH_NAMES
                             + r")(?![^\W\d_]))", re.IGNORECASE)
#: A month and its year, no day ('2024-05', '05/2024', 'mayo 2024', 'ago. de 2024', '2024 de marzo'): a month label,
#: read as its month's first day, which is no day of a week. Literal alternatives, so linear in the text's length.
_RE_MONTH_LABEL = re.compile(r"(?:1[89]|2[01])[0-9]{2}[-/.](?:0?[1-9]|1[0-2])"
                             r"|(?:0?[1-9]|1[0-2])[-/.](?:1[89]|2[01])[0-9]{2}"
                             r"|(?:" + _MONTH_NAMES + r")\.?[\s,/-]*(?:del?\s+)?[0-9]{4}"
                             r"|[0-9]{4}[\s,/-]*(?:del?\s+)?(?:" + _MONTH_NAMES + r")\.?", re.IGNORECASE)
#: A year as a text writes it: whatever year pandas reads in a text with one must be one of these.
_RE_WRITTEN_YEAR = re.compile(r"(?<![0-9])(?:1[89][0-9]{2}|2[01][0-9]{2})(?![0-9])")


#: What goes before a year-first date in a text pandas reads: blanks, dots and commas, and an English weekday
#: ('Sun, 2024-03-10'; ``_english_words`` dropped a Spanish one).
_RE_ENGLISH_WEEKDAY = re.compile(r"[\s.,]*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*[\s.,]*)?", re.IGNORECASE)


def _pandas_days(texts: np.ndarray, dayfirst: bool) -> np.ndarray:
    """The days pandas reads in ``texts`` (NaT where none)."""
    parsed = pd.to_datetime(texts, errors="coerce", dayfirst=dayfirst, format="mixed", utc=True)
    return parsed.tz_localize(None).to_numpy("datetime64[D]")


def _not_the_year_written(texts: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Which ``days`` pandas read in a year that their text, which writes one, does not: it took a day for the year
    in '15/20 ene 2024' (2015). Such a text is unreadable, never a date in another year."""
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    return np.array([not np.isnat(day) and (written := _RE_WRITTEN_YEAR.findall(text)) != []
                     and str(year) not in written for text, day, year in zip(texts, days, years)], dtype=bool)


def _english_words(text: str) -> str:
    """``text`` with the Spanish months of a date in English, and the 'de', 'del' and weekday around them gone, and
    the ordinal mark of a day before its month ('1º de enero', '1ro de enero': the 1st, unreadable with it), and the
    'del' that opens a date ('del 15 de enero'); the
    text itself where it has none of those words."""
    ranges = list(_RE_DAY_RANGE.finditer(text))
    if any(int(m[1] or m[4]) > int(m[2] or m[5]) for m in ranges):
        return ""  # 'del 28 al 3 de marzo': the first day is in a month not written (read as 28 March before)
    text = _RE_DAY_RANGE.sub(lambda match: match[1] or match[3], text)
    if _RE_ORDINAL_MARK.search(text):  # most texts have none, and each search below tries a month at every letter
        text = _RE_ORDINAL_DAY.sub(r"\1", text)
        text = _RE_ORDINAL_AFTER_MONTH.sub(r"\1", text)
    text = _RE_LEADING_DEL.sub("", text)
    if not _RE_SPANISH_DATE_WORD.search(text):
        return text
    words = [(m.start(), m.end(), m.group().lower()) for m in _RE_LETTERS.finditer(text)]
    month = [word in _MONTH_WORDS for _, _, word in words]
    parts, done = [], 0
    for k, (start, end, word) in enumerate(words):
        if word in _SPANISH_MONTHS:
            new = _SPANISH_MONTHS[word]
        elif word in _LINKS and ((k > 0 and month[k - 1] and _RE_DAY_BETWEEN.fullmatch(text, words[k - 1][1], start))
                                 or (k + 1 < len(words) and month[k + 1]
                                     and _RE_BETWEEN.fullmatch(text, end, words[k + 1][0]))):
            new = " "
        elif word in _WEEKDAYS and (after := _RE_DAY_AFTER.match(text, end)) and (
                _month_named(after) is None or _month_named(after).lower() in _MONTH_WORDS):
            new = ""
        elif word == "mar" and _is_tuesday(text, end):
            new = ""
        else:
            continue
        parts += [text[done:start], new]
        done = end
    return "".join(parts) + text[done:]


#: A time zone written after a time ('23:30:00 -0500', '10:00Z', '23:30 GMT', '23:30 CET', 'GMT-0500', and the
#: name JavaScript's Date adds, 'GMT-0500 (hora de Colombia)'): the time is kept (group 1), and the year that Unix's
#: ``date`` writes after the zone ('Sun Mar 31 23:30:00 CET 2024', group 2). Only after a time: a date
#: such as 'Mar-31-2024' ends in what would otherwise read as an offset. A zone's letters (CET, EST) are never AM or
#: PM; pandas read no zone but the offsets and UTC, so '23:30 CET' and JavaScript's dates were unreadable.
_RE_OFFSET_TAIL = re.compile(r"([0-9]:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?)\s*"
                             r"(?:(?:(?:UTC|GMT)?[+-][0-9]{1,2}(?::?[0-9]{2})?|Z|(?![AP]M\b)[A-Z]{2,5})"
                             r"(?:\s*\([^()]{1,64}\))?|\([^()]{1,64}\)|(?i:h|hs|hrs|horas)\.?)"
                             r"(?:\s+(1[89][0-9]{2}|2[01][0-9]{2}))?\Z")
#: Spanish's 'a las' between a date and its time ('15 de enero de 2024 a las 10:30'), which pandas cannot read. Each
#: run of blanks and commas is tried from its start only: from each of its characters, a cell of 50,000 spaces took
#: 20 s (quadratic).
_RE_AT_TIME = re.compile(r"(?<![\s,])[\s,]+a\s+las?\s+(?=[0-9]{1,2}:[0-9]{2})", re.IGNORECASE)


def _without_offset(text: str) -> str:
    """``text`` without the time zone that follows its time, so that it reads as the local time written; and without
    the Spanish words around the time ('a las 10:30', '22:30 h', '22:30 hrs'), which made the date unreadable."""
    text = _RE_AT_TIME.sub(" ", text).rstrip()
    match = _RE_OFFSET_TAIL.search(text, max(0, len(text) - 100))
    if match is None:
        return text
    return text[: match.end(1)] + (f" {match[2]}" if match[2] else "")


#: A time of day in free text ('10:30', '23:30:00', '11:30 PM', '10:30 a. m.'), not followed by a letter; or as
#: Spanish also writes it ('10h30', '10 h 30', '22h'), not followed by a letter or a digit ('10 hijos'); minutes
#: after a space are none before a month or a date's separator: '10h 15 mar 2024' is the 15th at 10h.
_RE_TIME = re.compile(r"(?<![0-9])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?"
                      r"(?:\s*[AaPp]\.?\s?[Mm]\.?(?![^\W\d_]))?"
                      r"|(?<![0-9])[0-9]{1,2}\s?[hH](?:[0-9]{2}|\s[0-9]{2}(?!\s*+[^\W\d_]|[/.-]))?(?![^\W_])")
#: What is left of a text that was a year and a time: no day.
_RE_YEAR_ALONE = re.compile(r"[\s.,/-]*[0-9]{4}[\s.,/-]*")


def _without_time(text: str) -> str:
    """``text`` without its time of day, which no date needs; '' where what is left is a year alone. Given a time,
    pandas filled in the parts of the date the text lacks from the day it ran ('10:30 2024' was today's month and
    day of 2024, '10:30 ago 2024' today's day of August), so the same file gave another trend each day."""
    text = _RE_TIME.sub(" ", text)
    return "" if _RE_YEAR_ALONE.fullmatch(text) else text
