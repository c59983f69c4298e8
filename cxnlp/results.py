"""Typed results of classification."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

#: How much of a comment a result's repr shows: the text may hold personal data, and a log line of results printed
#: every comment whole. The attribute, ``to_dict()`` and ``segments_json()`` keep it whole.
REPR_TEXT_CHARS = 40


def _shown_text(text, limit: int = REPR_TEXT_CHARS) -> str:
    """``text`` as a repr shows it: its first ``limit`` characters and its length, when it is longer."""
    if not isinstance(text, str) or len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}... ({len(text)} chars)"


def _result_repr(result, limit: int = REPR_TEXT_CHARS) -> str:
    """The dataclass's own repr, its ``text`` shortened. A Classification's segments show no more of the comment
    than its own text does (what of them lies in its first ``limit`` characters): each segment of 40 characters or
    less was shown whole, so the repr still printed the whole comment, an e-mail address in its third segment."""
    def shown(name: str, value) -> str:
        if name == "text":
            return _shown_text(value, limit)
        if name == "segments" and isinstance(value, tuple) and all(isinstance(s, Segment) for s in value):
            parts = [_result_repr(s, max(0, limit - s.start) if isinstance(s.start, int) else 0) for s in value]
            return f"({', '.join(parts)}{',' if len(parts) == 1 else ''})"
        return repr(value)

    fields_shown = (f"{f.name}={shown(f.name, getattr(result, f.name))}" for f in fields(result) if f.repr)
    return f"{type(result).__name__}({', '.join(fields_shown)})"


@dataclass(frozen=True, slots=True)
class Segment:
    """One opinion unit: its text, ``[start, end)`` offsets into the comment, and its labels."""

    start: int
    end: int
    text: str
    sentiment: str
    touchpoint: str
    area: str
    confidence: float
    effort: str | None = None
    emotions: tuple[str, ...] = ()

    __repr__ = _result_repr


@dataclass(frozen=True, slots=True)
class Classification:
    """The labels of one comment.

    ``status`` is one of ok, empty, no_comment, not_spanish, truncated; only ok and truncated rows
    carry labels (the others have ``sentiment=None`` and empty tuples).
    ``score`` is in [-1, 1]: how positive the comment is, from its sentiment probabilities and the
    lean of its units. ``probabilities`` maps each sentiment label to its calibrated probability;
    ``label_probabilities`` does the same for every touchpoint and area (axis -> label -> p), and
    for the signals the model has learnt.

    Signals (None when the model was trained without them, and on rows that carry no labels):
    ``effort`` (high, low, none), ``emotions`` (possibly empty), ``churn_risk`` and ``escalation``
    (True when the comment states an intent to leave, or a threat to take the case to an authority,
    a lawyer, the press or social media).

    ``industry``: the industry the comment was read as, named by the caller or recognised by the model
    (``industry="auto"``, the default of a model that recognises industries); None when it was read
    without one.

    Frozen (its fields cannot be reassigned) but unhashable by design: ``probabilities`` and
    ``label_probabilities`` are plain dicts, the result's own, so they pickle and dump to JSON as dicts.
    Results compare equal field by field; to dedupe them or key a cache, use ``text`` or ``to_dict()``.
    """

    # Frozen dataclasses get a __hash__ that would fail on the dict fields: say "unhashable" at once.
    __hash__ = None  # type: ignore[assignment]

    text: str | None
    status: str
    sentiment: str | None = None
    score: float | None = None
    probabilities: dict[str, float] = field(default_factory=dict)
    touchpoints: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    segments: tuple[Segment, ...] = ()
    confidence: float | None = None
    needs_review: bool = False
    label_probabilities: dict[str, dict[str, float]] = field(default_factory=dict)
    effort: str | None = None
    emotions: tuple[str, ...] | None = None
    churn_risk: bool | None = None
    escalation: bool | None = None
    industry: str | None = None

    __repr__ = _result_repr  # (str() too: a dataclass has no __str__ of its own)

    @property
    def labelled(self) -> bool:
        return self.sentiment is not None

    def to_dict(self) -> dict:
        return asdict(self)

    def segments_json(self) -> str:
        # Built by hand: dataclasses.asdict deep-copies and costs more than the classification.
        return units_json((s.start, s.end, s.text, s.sentiment, s.touchpoint, s.area, s.confidence, s.effort,
                           s.emotions) for s in self.segments)


_JSON = json.JSONEncoder(ensure_ascii=False)  # json.dumps(..., ensure_ascii=False), without a new encoder each call


def units_json(units) -> str:
    """The ``cx_segments`` JSON of a comment's units, each given as ``Segment``'s fields in order (effort and
    emotions only where the model has learnt effort)."""
    return _JSON.encode([{"start": start, "end": end, "text": text, "sentiment": sentiment, "touchpoint": touchpoint,
                          "area": area, "confidence": confidence,
                          **({"effort": effort, "emotions": list(emotions)} if effort is not None else {})}
                         for start, end, text, sentiment, touchpoint, area, confidence, effort, emotions in units])
