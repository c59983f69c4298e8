"""Built-in touchpoints, areas and stages written in a classified file's cells by their display names ("Aplicación
móvil", "Atención al cliente", as a file edited by hand or a colleague's export holds them), read as their ids, as
training reads them (``_label_cells.as_id``): each was a theme of its own beside its id's, with its own n and NPS.
An effort ("Esfuerzo alto") is read so as a theme too (``effort_theme``), as the signals count it, and so are a cell's
emotions (``emotions_theme``)."""

from __future__ import annotations

import re

from ..columns import fold, sentiment_label
from ..schema import COLUMN_LABELS, DISPLAY_NAMES, LABEL_SEP
from ._label_lists import split_labels

#: A label id (``_label_cells.RE_LABEL_ID``): an id as written stays one ('precio', a custom touchpoint of a model).
_RE_ID = re.compile(r"[a-z][a-z0-9_]*")
#: What joins the emotions of a ``cx_emotions`` cell: cxnlp writes ``|`` (``schema.LABEL_SEP``), the only one
#: training accepts; a classified file edited by hand or exported elsewhere may hold ", " or ";", which no emotion
#: name contains, so reading them costs nothing and "frustration, confusion" is not one made-up emotion.
EMOTION_SEPS = re.compile(f"[{re.escape(LABEL_SEP)},;]")
#: The built-in labels of each ``cx_`` column by their display names, folded (``columns.fold``).
_NAMED = {column: {fold(DISPLAY_NAMES[label]): label for label in labels if label in DISPLAY_NAMES}
          for column, labels in COLUMN_LABELS.items()}


def theme_label(written: str, column) -> str:
    """``written`` as a label of the ``cx_`` ``column``: an id as written; else the id of the column's built-in
    label whose display name it is (case, accents and spaces aside: 'atencion al  cliente'); else in lower case."""
    if _RE_ID.fullmatch(written):
        return written
    return _NAMED.get(column, {}).get(fold(written), written.lower())


def effort_theme(value) -> str:
    """The theme of a ``cx_effort`` cell: stripped and in lower case, as ``sentiment_label`` reads a single label ("High "
    is high), and a built-in effort by its display name its id ("Esfuerzo alto" is high), as ``signals`` counts it:
    by cx_effort it was a theme "esfuerzo alto" of its own, without a display name, beside high."""
    text = sentiment_label(value)
    return theme_label(text, "cx_effort") if text else text


def emotions_theme(value):
    """The theme of a ``cx_emotions`` cell: its emotions as ``signals`` reads them (``split_labels``: a list, a tuple, a
    list written as text, or names joined by "|", "," or ";"; each by its id, "Frustración" frustration), joined by
    "|" as cxnlp writes them and the service names a list; the cell itself where it holds none of these. A list was
    named as Python writes it, "('anger', 'worry')", and "Frustración" was a theme beside frustration."""
    names = split_labels(value, EMOTION_SEPS)
    return value if names is None else LABEL_SEP.join(dict.fromkeys(theme_label(name, "cx_emotions") for name in names))
