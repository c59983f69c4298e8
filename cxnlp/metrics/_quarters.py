"""Quarter labels in a date column: '2024-T3', 'T3 2024', '3T2024', 'T3 de 2024', '3er trimestre de 2024', 'Q3 2024'.

Spanish surveys name a quarter with T (trimestre) and English ones with Q, before or after the year. Such a label is
a quarter, never a day: dateutil read 'T3 2024' as 1 March and '2024-T1'..'2024-T4' as January to April.
"""

from __future__ import annotations

import re

# Ordinal words of a quarter, Spanish and English ('primer trimestre', 'third quarter').
_WORDS = {"primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4,
          "first": 1, "second": 2, "third": 3, "fourth": 4}
_YEAR = r"1[89][0-9]{2}|2[01][0-9]{2}"
# Anchored, one bounded alternative per form: linear in the text's length.
_RE_QUARTER_LABEL = re.compile(
    rf"(?:(?P<year_first>{_YEAR})[\s,/._-]*)?"
    r"(?:[TQ]\s*(?P<letter_digit>[0-9])"                                     # T3, Q3
    r"|(?P<digit_letter>[0-9])\s*[TQ]"                                       # 3T, 3Q
    r"|(?P<ordinal>[0-9])(?:\.?\s*(?:er|ro|do|to|o|º|°|ª|st|nd|rd|th)\.?)?\s*(?:trimestre|trim\.|quarter)"
    r"|(?P<word>" + "|".join(_WORDS) + r")\s+(?:trimestre|quarter)"          # tercer trimestre
    r"|(?:trimestre|quarter)\s*(?P<after_word>[0-9]))"                       # trimestre 3
    rf"(?:[\s,/._-]*(?:del?[\s-]+)?(?P<year_last>{_YEAR}|'?[0-9]{{2}}))?",  # 2024, de 2024, '24, 24
    re.IGNORECASE)


def quarter_label(text: str) -> tuple[int, int] | None:
    """(year, quarter 1-4) of a quarter label such as '2024-T3' or 'T3 de 2024', else None; quarter 0 for one whose
    number is no quarter ('T5 2024', 'Q0 2024': no date, where dateutil read 'T5 2024' as 1 May).

    The year comes before or after the quarter, four digits, or two after it ('3T24', "Q3 '24": 2000-2068 for
    00-68, 1969-1999 for 69-99, as for dates); a label without a year is none.

    >>> quarter_label("T3 de 2024"), quarter_label("2024-Q1"), quarter_label("3er trimestre 2024")
    ((2024, 3), (2024, 1), (2024, 3))
    """
    match = _RE_QUARTER_LABEL.fullmatch(text.strip())
    if match is None or (match["year_first"] is None) == (match["year_last"] is None):
        return None
    year = match["year_first"] or match["year_last"].lstrip("'")
    year = int(year) if len(year) == 4 else int(year) + (2000 if int(year) < 69 else 1900)
    digit = match["letter_digit"] or match["digit_letter"] or match["ordinal"] or match["after_word"]
    quarter = int(digit) if digit else _WORDS[match["word"].lower()]
    return year, quarter if 1 <= quarter <= 4 else 0
