"""Personal data replaced by placeholders (``cxnlp.pii``) in the rows a file command writes.

``classify_file(redact=True)`` redacts each chunk's comments before they are classified
(``redacted_chunks``); ``review_file(redact=True)`` the queue's picks (``redacted_queue``); ``report_file``
classifies the text as written and redacts the rows it writes (``redacted_rows``), moving each ``cx_segments``
unit's offsets onto the redacted comment. They live here, apart from ``batch``, because they share one job: the
same comments come out of every command redacted alike."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pandas as pd

from .io import detect_text_column


def redacted_chunks(chunks: Iterator[pd.DataFrame], text: str | None) -> Iterator[pd.DataFrame]:
    """Each chunk with its comment column (found as ``_batch_pool.classified`` finds it) redacted by ``cxnlp.pii``."""
    from .pii import redact_column

    column = None
    for chunk in chunks:
        if column is None and not chunk.empty:
            column = detect_text_column(chunk.columns, text)
        yield redact_column(chunk, column) if column is not None else chunk


def redacted_queue(queue: pd.DataFrame, output) -> pd.DataFrame:
    """A review ``queue`` with its ``text`` redacted (``cxnlp.pii``), a pick that reads as an earlier one once
    redacted left out (training refuses the pair), and a warning that says how many were, so a queue shorter than
    ``n`` is not taken for one that found nothing more to label."""
    from .exceptions import CxnlpWarning, warn_outside
    from .labelled import text_key
    from .pii import redact_column

    queue = redact_column(queue, "text")
    repeated = queue["text"].map(text_key).duplicated()
    if k := int(repeated.sum()):
        one = k == 1
        warn_outside(f"{output}: {k} {'pick' if one else 'picks'} left out of the queue, as "
                     f"{'it reads' if one else 'they read'} as another once redacted (training refuses a repeated "
                     f"text).", CxnlpWarning)
    return queue[~repeated].reset_index(drop=True)


def redacted_rows(classified: pd.DataFrame, column: str) -> pd.DataFrame:
    """``classified`` with personal data in its comment ``column`` replaced by placeholders (``cxnlp.pii``), and each
    ``cx_segments`` unit's text and offsets taken from the redacted comment (``text[start:end]`` still holds)."""
    from .pii import redact

    comments, segments = [], []
    for comment, units in zip(classified[column], classified["cx_segments"]):
        if not isinstance(comment, str):
            comments.append(comment)
            segments.append(units)
            continue
        redaction = redact(comment)
        comments.append(redaction.text)
        if not redaction.spans or not isinstance(units, str):
            segments.append(units)
            continue
        moved = []
        for unit in json.loads(units):
            start, end = (_redacted_offset(unit[key], redaction.spans) for key in ("start", "end"))
            moved.append({**unit, "start": start, "end": end, "text": redaction.text[start:end]})
        segments.append(json.dumps(moved, ensure_ascii=False))
    return classified.assign(**{column: pd.Series(comments, index=classified.index, dtype=classified[column].dtype),
                                "cx_segments": pd.Series(segments, index=classified.index,
                                                         dtype=classified["cx_segments"].dtype)})


def _redacted_offset(offset: int, spans) -> int:
    """Where ``offset`` of a comment falls in its redacted text; one inside a replaced span goes to the end of its
    placeholder: the unit in which the span starts keeps the whole placeholder, and the next one starts after it
    (units stay disjoint, and a unit that lay wholly inside an address is empty)."""
    shift = 0
    for span in spans:  # sorted and disjoint
        if span.end <= offset:
            shift += len(span.placeholder) - (span.end - span.start)
        elif span.start < offset:
            return span.start + shift + len(span.placeholder)
        else:
            break
    return offset + shift
