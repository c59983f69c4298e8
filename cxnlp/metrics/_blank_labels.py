"""Missing-value words in the label cells of a classified file, read as blank by every summary.

A file saved through ``df.astype(str)``, R or an SQL export writes an empty cell as ``nan``, ``None``, ``<NA>`` or
``NULL``: such a word in a ``cx_`` column gave a theme "nan" or "none" with its own n and NPS in ``summarize``,
``drivers`` and ``changes``. Training reads the same words as blank (``schema.MISSING_WORDS``), and so do the
summaries, ``theme_pairs`` being the one place they all read themes from (the Dask and Spark ones too).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np

from ..exceptions import LabelTypoWarning, warn_outside
from ..schema import MISSING_WORDS

#: ``str(None)`` too, in every label column but ``cx_effort``, where ``none`` is an effort id: no other axis may
#: have a label ``none`` (training refuses the id of another axis's built-in label), nor an industry.
_BLANK = MISSING_WORDS | {"none"}
#: Inside ``blanks_counted``: the counts of a partition's blank cells, for ``finish_summary`` to say once.
_COUNTED: ContextVar[dict | None] = ContextVar("cxnlp_blank_counts", default=None)


def blank_words(column) -> frozenset:
    """The words that a cell of the label column ``column`` holds for "no value"."""
    return MISSING_WORDS if column == "cx_effort" else _BLANK


def without_blank_words(labels_of: list, codes: np.ndarray, words: frozenset, column) -> list:
    """``labels_of`` (each distinct cell's themes) without the missing-value words among ``words``; a
    ``LabelTypoWarning`` says how many of the cells counted (``codes``, -1 for those not counted) were read so."""
    def blank(label) -> bool:
        return isinstance(label, str) and label.lower() in words

    hit = np.array([any(map(blank, labels)) for labels in labels_of] + [False], dtype=bool)
    if not hit.any():
        return labels_of
    if n := int(hit[codes].sum()):
        said = {label for labels, h in zip(labels_of, hit) if h for label in labels if blank(label)}
        if (counted := _COUNTED.get()) is None:
            _warn(column, n, said)
        else:  # one partition's: a warning per partition (and none at all from Spark's executors) said it 40 times
            counted[f"blank:{column}"] = counted.get(f"blank:{column}", 0) + n
            counted.update({f"blank_word:{column}\x1f{word}": 1 for word in said})
    return [[label for label in labels if not blank(label)] for labels in labels_of]


def _warn(column, n: int, words) -> None:
    said = ", ".join(sorted(map(repr, words)))
    warn_outside(f"{column}: {n} cell{'s' if n > 1 else ''} read as blank (missing-value words: 'cxnlp docs "
                 f"labels'): {said}; they give no theme.", LabelTypoWarning)


@contextmanager
def blanks_counted():
    """The blank cells ``without_blank_words`` finds in this block counted, not said: a dict of a partition's
    ``totals`` (``_partitions.partial_sums``), which ``say_blanks`` reads once the partitions are summed."""
    counted: dict = {}
    token = _COUNTED.set(counted)
    try:
        yield counted
    finally:
        _COUNTED.reset(token)


def say_blanks(totals: dict) -> None:
    """The ``LabelTypoWarning`` of each column whose cells ``blanks_counted`` counted, over every partition."""
    for name, n in totals.items():
        if name.startswith("blank:") and n:
            column = name[len("blank:"):]
            prefix = f"blank_word:{column}\x1f"
            _warn(column, int(n), [word[len(prefix):] for word in totals if word.startswith(prefix)])
