"""What makes two labelled rows the same comment (``text_key``: a duplicate refused in training data) and two data
sets the same labelled content (``data_hash``: a model's ``data_sha256``). Kept apart from ``labelled``, which reads
the rows these compare.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

from .exceptions import DataError
from .schema import SIGNAL_AXES
from .text.normalize import control_chars, invisible_chars

def text_key(text: str) -> str:
    """Text for duplicate detection: case and punctuation ignored (emoji-only texts compare as written), and the
    invisible characters as the classifier reads them (``control_chars``, ``invisible_chars``): a soft hyphen or a
    bidirectional mark inside a word cut it in two, and 'pé\\u00adsimo servicio' was no copy of 'pésimo servicio'."""
    text = str(text)
    text = invisible_chars(control_chars(text))  # (each returns printable text fast; a variation selector is printable)
    words = " ".join(re.sub(r"\W+", " ", text.lower()).split())
    return words or str(text).strip()


def _check_duplicates(frame: pd.DataFrame) -> None:
    keys = frame["text"].map(text_key)
    dup = keys.duplicated(keep=False)
    if dup.any():
        groups = frame[dup].groupby(keys[dup])
        lines = [", ".join(f"{r.source_file} row {r.row}" for r in g.itertuples()) + f": '{g.text.iloc[0][:60]}'"
                 for _, g in list(groups)[:10]]
        raise DataError(f"{int(dup.sum())} rows repeat another row's text (case and punctuation ignored); keep one row "
                        f"per comment, with the labels it should have:\n"
                        + "\n".join(lines))



def data_hash(frame: pd.DataFrame, *, ordered: bool = False) -> str:
    """SHA-256 of the labelled content (text and labels), independent of file names and of row order, unless
    ``ordered``: the rows' order decides the cross-validation folds, so a model depends on it too."""
    digest = hashlib.sha256()
    # Beside another signal column, an absent one has a place of its own: a column renamed (churn_risk to escalation)
    # hashed alike, and `cxnlp train` kept the model trained on the old one. A frame with none hashes as it did.
    has_signals = any(axis in frame for axis in SIGNAL_AXES)
    rows = (sorted if not ordered else list)(
        "\x1f".join([str(r.text)] + ["|".join(v) if isinstance(v, tuple) else str(v) for v in (r.sentiment, r.touchpoints, r.areas)]
                    + [str(getattr(r, "weight", ""))]
                    + ([str(r.industry) if isinstance(r.industry, str) else ""] if "industry" in frame else [])
                    + [_signal_text(r, axis) for axis in SIGNAL_AXES if axis in frame or has_signals])
        for r in frame.itertuples()
    )
    for row in rows:
        digest.update(row.encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()


#: The text of a signal column ``data_hash`` finds missing from a frame that has other signal columns; no cell reads
#: so (a label id is snake_case).
_NO_COLUMN = "\x00"


def _signal_text(row, axis: str) -> str:
    """The cell of ``axis`` in ``row`` as ``data_hash`` reads it, ``_NO_COLUMN`` where the frame has no such column."""
    value = getattr(row, axis, _NO_COLUMN)
    return "|".join(value) if isinstance(value, tuple) else str(value)
