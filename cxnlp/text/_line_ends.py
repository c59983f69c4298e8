"""Line ends that an export writes as text (``escaped_line_ends``, run by ``normalize.control_chars``): a JSON
string's escape written out ('\\n', two characters, from a comment encoded twice) and the escape that Excel's XML
gives a carriage return or a line feed ('_x000D_', as openpyxl and pandas hand it over), read as the line ends they
stand for. They were words: 'No me gustó\\nBueno' was the one word 'gustó\\nbueno', and '_x000D_' the word 'x0d'.
"""

from __future__ import annotations

import re

# A JSON string's '\\r\\n' or '\\n' written out; not the 'n' after an escaped backslash ('\\\\nuevo') nor a drive's
# ('C:\\nuevo'). A text with a backslash that no JSON string has ('C:\\nuevo\\archivo', '\\d') is no escaped string:
# a path or code, whose '\\n' stays as written. Nor one that stands alone between spaces, as a user types it in prose
# ('usa \\n para saltar de línea' lost its '\\n'): an export glues it to the text of the line before or after.
_RE_JSON_LINE_END = re.compile(r"(?<!\\)(?<!\\r)(?<![A-Za-z]:)(?:(?<! )|(?!\\(?:r\\)?+n ))\\(?:r\\)?+n")
_RE_NOT_JSON_ESCAPE = re.compile(r'\\(?![nrtbf"\\/]|u[0-9a-fA-F]{4})')
# Excel's escapes of a carriage return and a line feed, made that character after spaces: one character for one. Not
# one inside a code, between a capital or a digit and a digit ('ABC_x000D_123' was the two words 'abc' and '123').
_RE_XML_LINE_END = re.compile(r"(?:(?<![A-Z\d])|(?!_x000[DdAa]_\d))_x000([DdAa])_")


def escaped_line_ends(text: str) -> str:
    """``text`` with each written-out '\\r\\n' or '\\n' a line break and each '_x000D_' or '_x000A_' a carriage return
    or a line feed, after spaces: one character for one (offsets into ``text`` are kept)."""
    if "\\n" in text and not _RE_NOT_JSON_ESCAPE.search(text.replace("\\\\", "  ")):
        text = _RE_JSON_LINE_END.sub(lambda match: " " * (len(match[0]) - 1) + "\n", text)
    if "_x000" in text:
        text = _RE_XML_LINE_END.sub(lambda match: "      " + ("\r" if match[1] in "Dd" else "\n"), text)
    return text
