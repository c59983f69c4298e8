"""``Model``: a trained ``MultiAxisClassifier`` plus its metadata, with the user-facing API:
``classify`` (one text), ``classify_many`` (an iterable), ``classify_frame`` (a DataFrame)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

import numpy as np
import pandas as pd

from . import aggregate
from .text import segment as _segment
from .classify import MultiAxisClassifier
from .exceptions import ConfigError, DataError
from .results import Classification, Segment
from .schema import DEFAULT_STAGES, FLAG_AXES, LABEL_SEP, MULTILABEL_AXES, OUTPUT_COLUMNS, stages_for
from .text.status import coerce_text, given_text, status_of, value_status

BATCH = 512
#: Inference defaults (``Model`` / ``load`` arguments).
MAX_CHARS = 5000
REVIEW_CONFIDENCE = 0.55


class Model:
    """A loaded cxnlp model. Immutable after loading, so one instance can serve many threads.

    Parameters
    ----------
    classifier : MultiAxisClassifier (fitted)
    meta : dict, the model's ``meta.json`` content
    stage_map : touchpoint -> stage mapping; defaults to the one in docs/labels.md.
    review_confidence : results under this confidence get ``needs_review`` (default 0.55).
    max_chars : longer texts are cut to this length and get status ``truncated`` (default 5,000).
    unit_label_probability : a unit this sure of a specific label adds it to its comment
        (``cxnlp.aggregate.comment_labels``); None turns that off.
    """

    def __init__(self, classifier: MultiAxisClassifier, meta: dict | None = None, *, stage_map=None,
                 review_confidence: float | None = None, max_chars: int | None = None,
                 unit_label_probability: float | None = aggregate.UNIT_LABEL_PROBABILITY):
        self.classifier = classifier
        self.meta = dict(meta or {})
        self.stage_map = dict(DEFAULT_STAGES if stage_map is None else stage_map)
        # Inference settings: changing them needs no retraining.
        self.max_chars = MAX_CHARS if max_chars is None else int(max_chars)
        self.review_confidence = REVIEW_CONFIDENCE if review_confidence is None else float(review_confidence)
        self.unit_label_probability = unit_label_probability
        if not 0 <= self.review_confidence <= 1:
            raise ConfigError(f"review_confidence={review_confidence!r}: expected a value in [0, 1].")
        if self.max_chars < 1:
            raise ConfigError(f"max_chars={max_chars!r}: expected a positive number of characters.")

    @property
    def labels(self) -> dict[str, list[str]]:
        """The labels this model predicts, per axis."""
        return self.classifier.classes_

    def __repr__(self) -> str:
        return f"Model(name={self.meta.get('name', '?')!r}, labels={ {k: len(v) for k, v in self.labels.items()} })"

    # -- public API ---------------------------------------------------------------------------
    def classify(self, text) -> Classification:
        """Classify one comment. Never raises on a single value.

        Any ``str`` is classified (lone surrogates are read as U+FFFD). Other values get a status
        and no labels: ``empty`` for None, NaN and other missing values, ``no_comment`` for numbers
        (inf included) and booleans; bytes are decoded as UTF-8. ``text`` in the result is the text
        as given, and each segment's ``start``/``end`` index it: ``r.text[s.start:s.end] == s.text``.

        >>> import cxnlp
        >>> r = cxnlp.load().classify("La app se cierra al pagar y nadie contesta en el chat")
        >>> r.sentiment
        'negative'
        """
        return self._classify_batch([text])[0]

    def classify_many(self, texts: Iterable, *, batch_size: int = BATCH) -> Iterator[Classification]:
        """Classify an iterable of comments lazily, in order, one result per input; values that are not
        text get a status, as in ``classify``, so one bad value never fails a batch."""
        _reject_string(texts)
        iterator = iter(texts)
        while batch := list(islice(iterator, batch_size)):
            yield from self._classify_batch(batch)

    def classify_frame(self, frame: pd.DataFrame, text: str | None = None) -> pd.DataFrame:
        """``frame`` with the ``cx_`` output columns added; every row and column kept, in order."""
        if not isinstance(frame, pd.DataFrame):
            raise DataError(f"classify_frame expects a pandas DataFrame, got {type(frame).__name__}.")
        from .io import detect_text_column

        column = detect_text_column(frame.columns, text)
        results = list(self.classify_many(frame[column].tolist()))
        return frame.assign(**results_to_columns(results, index=frame.index))

    # -- work ---------------------------------------------------------------------------------
    def _classify_batch(self, values: list) -> list[Classification]:
        # Results carry the text as given and offsets into it; the model reads its cleaned form.
        given = [given_text(v) for v in values]
        texts = [coerce_text(g) for g in given]
        statuses = [value_status(v) or status_of(t, max_chars=self.max_chars) for v, t in zip(values, texts)]
        todo = [i for i, s in enumerate(statuses) if s in ("ok", "truncated")]
        results: list[Classification | None] = [
            None if s in ("ok", "truncated") else Classification(text=g, status=s) for g, s in zip(given, statuses)
        ]
        if not todo:
            return results  # type: ignore[return-value]
        comments = [texts[i][: self.max_chars] for i in todo]
        spans = [_segment.split(c) for c in comments]
        units = [s.text for ss in spans for s in ss]
        groups = [k for k, ss in enumerate(spans) for _ in ss]
        proba, unit_proba = self.classifier.predict_grouped(units, groups)
        first = 0
        for k, (i, ss) in enumerate(zip(todo, spans)):
            rows = slice(first, first + len(ss))
            first += len(ss)
            results[i] = self._assemble(given[i], statuses[i], proba, k, ss, {a: p[rows] for a, p in unit_proba.items()})
        return results  # type: ignore[return-value]

    def _assemble(self, text, status, proba, k, spans, unit_proba) -> Classification:
        clf = self.classifier
        sent_classes = clf.sentiment_.classes
        p_sent = proba["sentiment"][k]
        probabilities = {c: round(float(p), 4) for c, p in zip(sent_classes, p_sent)}
        seg_classes = clf.segment_sentiment_.classes

        labels, chosen, label_probabilities = {}, {}, {}
        confidences = []
        for axis in MULTILABEL_AXES:
            classes, p = clf.labels_[axis].classes, proba[axis][k]
            chosen[axis] = aggregate.comment_labels(p, clf.thresholds_[axis], unit_proba[axis], classes,
                                                    self.unit_label_probability)
            labels[axis] = tuple(c for c, on in zip(classes, chosen[axis]) if on)
            label_probabilities[axis] = {c: round(float(v), 4) for c, v in zip(classes, p)}
            confidences.append(float(np.mean(np.maximum(p, 1 - p))))

        signals = self._signals(proba, k, unit_proba, label_probabilities)
        units = []
        for u, span in enumerate(_segment.align(spans, text)):
            ps = unit_proba["segment_sentiment"][u]
            j = int(ps.argmax())
            picks = {axis: aggregate.unit_pick(chosen[axis], unit_proba[axis][u]) for axis in MULTILABEL_AXES}
            unit_confidence = min(ps[j], *(unit_proba[axis][u][picks[axis]] for axis in MULTILABEL_AXES))
            units.append(Segment(span.start, span.end, span.text, seg_classes[j],
                                 clf.labels_["touchpoints"].classes[picks["touchpoints"]],
                                 clf.labels_["areas"].classes[picks["areas"]], round(float(unit_confidence), 4),
                                 **self._unit_signals(unit_proba, u)))

        sentiment = sent_classes[int(p_sent.argmax())]
        if sentiment == "mixed":
            sentiment = aggregate.veto_mixed(p_sent, sent_classes, unit_proba["segment_sentiment"], seg_classes)
        score = aggregate.score(probabilities, [s.text for s in spans], unit_proba["segment_sentiment"], seg_classes)
        confidence = round(float(min(probabilities[sentiment], *confidences)), 4)
        return Classification(
            text=text, status=status, sentiment=sentiment, score=round(float(score), 4),
            probabilities=probabilities, touchpoints=labels["touchpoints"], areas=labels["areas"],
            stages=tuple(stages_for(labels["touchpoints"], self.stage_map)), segments=tuple(units),
            confidence=confidence, needs_review=confidence < self.review_confidence,
            label_probabilities=label_probabilities, **signals,
        )

    def _signals(self, proba, k, unit_proba, label_probabilities) -> dict:
        """Effort, emotions and the two flags of comment ``k`` (those the model has learnt)."""
        clf, out = self.classifier, {}
        for axis, model in getattr(clf, "signals_", {}).items():
            p, classes = proba[axis][k], model.classes
            label_probabilities[axis] = {c: round(float(v), 4) for c, v in zip(classes, p)}
            if axis == "effort":
                out[axis] = aggregate.comment_effort(p, unit_proba[axis], classes, self.unit_label_probability)
                continue
            on = aggregate.signal_labels(p, clf.thresholds_[axis], unit_proba[axis], self.unit_label_probability)
            out[axis] = bool(on[0]) if axis in FLAG_AXES else tuple(c for c, v in zip(classes, on) if v)
        return out

    def _unit_signals(self, unit_proba, u) -> dict:
        """A unit's effort and emotions, when the model has learnt them."""
        signals = getattr(self.classifier, "signals_", {})
        if "effort" not in signals:
            return {}
        out = {"effort": signals["effort"].classes[int(unit_proba["effort"][u].argmax())]}
        if "emotions" in signals:
            on = unit_proba["emotions"][u] >= self.classifier.thresholds_["emotions"]
            out["emotions"] = tuple(c for c, v in zip(signals["emotions"].classes, on) if v)
        return out


def results_to_columns(results: list[Classification], index=None) -> dict[str, pd.Series]:
    """The ``cx_`` output columns (docs/labels.md) for ``results``."""
    data = {
        "cx_status": [r.status for r in results],
        "cx_sentiment": [r.sentiment for r in results],
        "cx_sentiment_score": [r.score for r in results],
        "cx_touchpoints": [LABEL_SEP.join(r.touchpoints) if r.labelled else None for r in results],
        "cx_areas": [LABEL_SEP.join(r.areas) if r.labelled else None for r in results],
        "cx_stage": [LABEL_SEP.join(r.stages) if r.labelled else None for r in results],
        "cx_confidence": [r.confidence for r in results],
        "cx_needs_review": [r.needs_review for r in results],
        "cx_segments": [r.segments_json() if r.labelled else None for r in results],
        "cx_effort": [r.effort for r in results],
        "cx_emotions": [None if r.emotions is None else LABEL_SEP.join(r.emotions) for r in results],
        "cx_churn_risk": [None if r.churn_risk is None else ("yes" if r.churn_risk else "no") for r in results],
        "cx_escalation": [None if r.escalation is None else ("yes" if r.escalation else "no") for r in results],
    }
    assert tuple(data) == OUTPUT_COLUMNS
    dtypes = {"cx_sentiment_score": "float64", "cx_confidence": "float64", "cx_needs_review": bool}
    return {k: pd.Series([np.nan if x is None else x for x in v] if dtypes.get(k) == "float64" else v,
                         index=index, dtype=dtypes.get(k, object)) for k, v in data.items()}


def _reject_string(texts) -> None:
    if isinstance(texts, (str, bytes)):
        raise DataError("Iterable over raw text documents expected, string object received. "
                        "Use classify(text) for one comment or wrap it in a list.")
    if isinstance(texts, pd.DataFrame):
        raise DataError("classify_many expects an iterable of texts, got a DataFrame; use classify_frame(df, text=...).")
