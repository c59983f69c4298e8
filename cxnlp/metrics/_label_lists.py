"""Reading the labels of a multi-label cell: text joined by ``|``, a list, or a list written as text.

This lives apart from ``themes`` (what a theme is and which rows carry it) because reading a cell is a parsing job
of its own: lists written as text by Python, JSON, NumPy or a CSV, read in one linear pass and never evaluated, with
their escapes and surrogates. ``themes`` imports ``split_labels`` from here, and ``cxnlp.metrics.themes.split_labels``
stays where the rest of cxnlp imports it from.
"""

from __future__ import annotations

import re
import sys

import numpy as np

from ..schema import LABEL_SEP


#: What joins the labels of a multi-label cell (``schema.LABEL_SEP``).
_LABEL_SEPS = re.compile(re.escape(LABEL_SEP))
#: What joins the labels of a classified file's touchpoints, areas or stages as summaries read them: ``|``, as
#: cxnlp writes it, and the ``,``, ``;`` and ``/`` of a file edited by hand in a spreadsheet ("app; delivery"),
#: which no label id holds: "app;delivery" was one made-up theme of its own. The '/' of a missing-value word
#: 'N/A' standing alone ("N/A", "app|n/a") joins nothing: it was read as the two themes 'n' and 'a'.
THEME_SEPS = re.compile(rf"[{re.escape(LABEL_SEP)},;/](?<!(?<![^\s|,;/])[nN]/(?=[aA]\s*(?:[|,;/]|$)))")
#: One quoted item of a list written as text, and what follows it up to the next: 'a', or "it's", with a comma
#: (Python's and JSON's lists) or without one (numpy's arrays: ['a' 'b']); backslash escapes inside. A null item
#: (None, JSON's null, nan) is no label, as in a list: Dask writes an Arrow list's array ['delivery', None] as
#: "['delivery' None]", which was the made-up label "delivery' None"; Python's json.dumps writes a float NaN as NaN,
#: and pandas' NA is written <NA> ('["anger", NaN]' was the emotion "nan").
_QUOTED_ITEM = re.compile(r"""\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|(?:None|null|nan|NaN|<NA>)(?![\w'"]))\s*,?""",
                          re.DOTALL)
_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))", re.DOTALL)
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def split_labels(value, seps: re.Pattern = _LABEL_SEPS) -> list[str] | None:
    """The labels of a multi-label cell, stripped and each once; None for a cell that is neither text nor a list.

    A cell is text joined by ``seps`` ("delivery|support"), or a list, tuple or array of such texts: the form of
    ``Classification`` and the service, of a JSON array, and of a Parquet list column. A list written as text
    reads as the list: "['delivery', 'support']" (a CSV of such cells, or Dask's strings), a JSON array, and
    numpy's "['delivery' 'support']" (a Parquet list cell comes to pandas as an array, and Dask, or a CSV written
    from the frame, turns the array into that text).
    """
    quotes = "'\""
    if isinstance(value, str):
        text = value.strip()
        listed = text[:1] in "[(" and text[-1:] in ")]"
        parts = _quoted_items(text[1:-1]) if listed else None
        if parts is not None:  # quotes read already: a label keeps those inside it (say "hi")
            quotes = ""
        else:  # text joined by seps, or a list written without quotes: [delivery, support]
            parts = text[1:-1].split(",") if listed else [text]
    elif isinstance(value, (list, tuple, np.ndarray)):
        parts = [v for v in value if isinstance(v, str)]
    else:
        return None
    labels = (p.strip().strip(quotes).strip() for part in parts for p in seps.split(part))
    return list(dict.fromkeys(label for label in labels if label))



def null_items(value) -> tuple[str, ...]:
    """The null items of a list written as text (``None``, ``null``, ``nan``), as written, which ``split_labels``
    leaves out: training reads them as missing-value words, so "[nan]" stays an unlabelled row, not "no emotion"."""
    text = value.strip() if isinstance(value, str) else ""
    nulls: list[str] = []
    if text[:1] in "[(" and text[-1:] in ")]" and _quoted_items(text[1:-1], nulls) is not None:
        return tuple(nulls)
    return ()


def _quoted_items(text: str, nulls: list | None = None) -> list[str] | None:
    """The items of a list written as text when every item is quoted (``'a', "it's"`` or numpy's ``'a' 'b'``) or null
    (``None``, left out, or put in ``nulls``), read in one pass and unescaped, never evaluated; None when ``text`` holds
    anything else."""
    items, pos = [], 0
    while match := _QUOTED_ITEM.match(text, pos):
        if match.group(1)[0] in "'\"":
            items.append(_whole_characters(_ESCAPE.sub(_unescape, match.group(1)[1:-1])))
        elif nulls is not None:
            nulls.append(match.group(1))
        pos = match.end()
    return items if not text[pos:].strip() else None



def _unescape(match: re.Match) -> str:
    code = match.group(1) or match.group(2) or match.group(3)
    if not code:
        return _ESCAPED.get(match.group(4), match.group(4))
    return chr(int(code, 16)) if int(code, 16) <= sys.maxunicode else "\ufffd"  # '\U00110000' is no character



def _whole_characters(text: str) -> str:
    """``text`` with the surrogates its escapes wrote joined into characters where they pair (JSON writes an emoji
    as '\\ud83d\\ude00') and read as U+FFFD where they are alone, as the classifier reads them: a lone one cannot
    be written to a CSV, XLSX or Parquet file."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
