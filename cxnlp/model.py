"""``Model``: a trained ``MultiAxisClassifier`` plus its metadata, with the user-facing API:
``classify`` (one text), ``classify_many`` (an iterable), ``classify_frame`` (a DataFrame)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from itertools import compress, islice
from typing import TYPE_CHECKING

import numpy as np

from . import _batch_assembly as _batch
from . import aggregate
from .exceptions import ConfigError, DataError
from .results import Classification, Segment
from .schema import (
    DEFAULT_INDUSTRY,
    DEFAULT_STAGES,
    FLAG_AXES,
    LABEL_SEP,
    MULTILABEL_AXES,
    OUTPUT_COLUMNS,
    stages_for,
)
from .text import segment as _segment
from .text.status import coerce_text, given_text, status_of, value_status

if TYPE_CHECKING:
    import pandas as pd

    from .classify import MultiAxisClassifier
    from .heads import Predictor

BATCH = 512
#: Inference defaults (``Model`` / ``load`` arguments).
MAX_CHARS = 5000
REVIEW_CONFIDENCE = 0.55


class Model:
    """A loaded cxnlp model. Immutable after loading, so one instance can serve many threads.

    Parameters
    ----------
    classifier : a fitted ``MultiAxisClassifier``, or the ``Predictor`` that ``cxnlp.load`` reads
    meta : dict, the model's ``meta.json`` content
    stage_map : touchpoint -> stage mapping; defaults to the one in docs/labels.md.
    review_confidence : results under this confidence get ``needs_review`` (default 0.55).
    max_chars : longer texts are cut to this length and get status ``truncated`` (default 5,000).
    unit_label_probability : a unit this sure of a specific label adds it to its comment
        (``cxnlp.aggregate.comment_labels``); None turns that off.
    """

    def __init__(self, classifier: MultiAxisClassifier | Predictor, meta: dict | None = None, *, stage_map=None,
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

    @property
    def industries(self) -> tuple[str, ...]:
        """The industries this model can read a comment as (``industry=`` of the classify methods): those
        of its training data's ``industry`` column; empty for a model trained without one."""
        return self.classifier.industries_

    def __repr__(self) -> str:
        return f"Model(name={self.meta.get('name', '?')!r}, labels={ {k: len(v) for k, v in self.labels.items()} })"

    # -- public API ---------------------------------------------------------------------------
    def classify(self, text, *, industry: str | None = DEFAULT_INDUSTRY) -> Classification:
        """Classify one comment. Never raises on a single value.

        ``industry`` (one of ``industries``, e.g. ``"hotels_restaurants"``) reads the comment as one from
        that industry: the model adds what it learnt of each word there to what the word means
        everywhere ("servicio" is the staff in a restaurant). ``"auto"``: as the industry the model
        recognises in the comment (none when it is not sure). None (or ``"none"``): without an industry.
        The default, ``"default"``, is ``"auto"`` for a model that recognises industries
        (``recognises_industries``) and None for any other. An industry the model does not know is a
        ``ConfigError``.

        Any ``str`` is classified (lone surrogates are read as U+FFFD). Other values get a status
        and no labels: ``empty`` for None, NaN and other missing values, ``no_comment`` for numbers
        (inf included) and booleans; bytes are decoded as UTF-8. ``text`` in the result is the text
        as given, and each segment's ``start``/``end`` index it: ``r.text[s.start:s.end] == s.text``.

        >>> import cxnlp
        >>> r = cxnlp.load().classify("La app se cierra al pagar y nadie contesta en el chat")
        >>> r.sentiment
        'negative'
        """
        return self._classify_batch([text], self.classifier.check_industry(industry))[0]

    def classify_many(self, texts: Iterable, *, batch_size: int = BATCH,
                      industry: str | None = DEFAULT_INDUSTRY) -> Iterator[Classification]:
        """Classify an iterable of comments lazily, in order, one result per input; values that are not
        text get a status, as in ``classify``, so one bad value never fails a batch. ``industry`` as in
        ``classify``, for every comment, or a sequence with one industry per text (None: that text is read
        without one)."""
        _reject_string(texts)
        if industry is None or isinstance(industry, str):
            return self._classified(iter(texts), batch_size, self.classifier.check_industry(industry))
        industries = list(industry)
        for name in dict.fromkeys(industries):
            self.classifier.check_industry(name)
        if hasattr(texts, "__len__") and len(texts) != len(industries):
            raise DataError(f"{len(texts)} texts but {len(industries)} industries; give one industry per text.")
        return self._classified(iter(texts), batch_size, None, iter(industries))

    def _classified(self, iterator, batch_size: int, industry: str | None, industries=None
                    ) -> Iterator[Classification]:
        while batch := list(islice(iterator, batch_size)):
            if industries is not None:
                industry = list(islice(industries, len(batch)))
                if len(industry) != len(batch):
                    raise DataError("fewer industries than texts; give one industry per text.")
            yield from self._classify_batch(batch, industry)

    def classify_frame(self, frame: pd.DataFrame, text: str | None = None, *, industry: str | None = DEFAULT_INDUSTRY,
                       industry_column: str | None = None) -> pd.DataFrame:
        """``frame`` with the ``cx_`` output columns added; every row and column kept, in order.
        ``industry`` as in ``classify``, for every row; or ``industry_column``, a column that names each
        row's industry (a blank cell: that row is read as if none were given, ``none``: without one)."""
        import pandas as pd
        if not isinstance(frame, pd.DataFrame):
            raise DataError(f"classify_frame expects a pandas DataFrame, got {type(frame).__name__}.")
        from .io import detect_text_column

        column = detect_text_column(frame.columns, text)
        if industry_column is not None:
            if industry != DEFAULT_INDUSTRY:
                raise ConfigError("give industry (one for every row) or industry_column (one per row), not both.")
            industry = industry_cells(frame, industry_column, self.industries)
        results = list(self.classify_many(frame[column].tolist(), industry=industry))
        return frame.assign(**results_to_columns(results, index=frame.index))

    # -- work ---------------------------------------------------------------------------------
    def _classify_batch(self, values: list, industry=None) -> list[Classification]:
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
        if not (industry is None or isinstance(industry, str)):  # one per value: those of the comments read
            industry = [industry[i] for i in todo]
        proba, unit_proba, read_as = self.classifier.predict_read(units, groups, industry)
        done = self._assemble([given[i] for i in todo], [statuses[i] for i in todo], spans, proba, unit_proba, read_as)
        for i, result in zip(todo, done):
            results[i] = result
        return results  # type: ignore[return-value]

    def _assemble(self, texts, statuses, spans, proba, unit_proba, read_as) -> list[Classification]:
        """The results of a batch from its probabilities: comment ``k`` has row ``k`` of each ``proba``
        and the rows of its units in each ``unit_proba``, and was read as industry ``read_as[k]``. The
        rules are ``cxnlp.aggregate``'s, applied to the whole batch at once (``cxnlp._batch_assembly``)."""
        clf, unit_probability = self.classifier, self.unit_label_probability
        units_of = _batch.Units([len(ss) for ss in spans])
        sent_classes, seg_classes = clf.sentiment_.classes, clf.segment_sentiment_.classes
        probabilities = _batch.probability_dicts(proba["sentiment"], sent_classes)
        seg_best = _batch.row_argmax(unit_proba["segment_sentiment"])
        sent_best = _batch.row_argmax(proba["sentiment"])

        labels, label_probabilities, confidences, picks, pick_proba = {}, {}, {}, {}, {}
        rows = np.arange(len(seg_best))
        for axis in MULTILABEL_AXES:
            classes = clf.labels_[axis].classes
            chosen = _batch.comment_labels(proba[axis], clf.thresholds_[axis], unit_proba[axis], units_of, classes,
                                           unit_probability)
            labels[axis] = [tuple(compress(classes, row)) for row in chosen.tolist()]
            label_probabilities[axis] = _batch.probability_dicts(proba[axis], classes)
            confidences[axis] = _batch.mean_confidence(proba[axis])
            picks[axis] = _batch.unit_picks(chosen, unit_proba[axis], units_of)
            pick_proba[axis] = unit_proba[axis][rows, picks[axis]].tolist()
        seg_proba = unit_proba["segment_sentiment"][rows, seg_best].tolist()
        signals, unit_signals = self._signals(proba, unit_proba, units_of, label_probabilities)
        scores = _batch.scores(probabilities, [[s.text for s in ss] for ss in spans], unit_proba["segment_sentiment"],
                               seg_classes, units_of)

        results, u = [], 0
        tp_classes, area_classes = clf.labels_["touchpoints"].classes, clf.labels_["areas"].classes
        for k, (text, status, ss) in enumerate(zip(texts, statuses, spans)):
            first, u = u, u + len(ss)
            units = []
            for v, span in enumerate(_segment.align(ss, text), start=first):
                unit_confidence = min(seg_proba[v], *(pick_proba[axis][v] for axis in MULTILABEL_AXES))
                units.append(Segment(span.start, span.end, span.text, seg_classes[seg_best[v]],
                                     tp_classes[picks["touchpoints"][v]], area_classes[picks["areas"][v]],
                                     round(unit_confidence, 4), **{a: values[v] for a, values in unit_signals.items()}))
            sentiment = sent_classes[sent_best[k]]
            if sentiment == "mixed":
                sentiment = aggregate.veto_mixed(proba["sentiment"][k], sent_classes,
                                                 unit_proba["segment_sentiment"][first:u], seg_classes)
            confidence = round(float(min(probabilities[k][sentiment], *(confidences[a][k] for a in MULTILABEL_AXES))), 4)
            touchpoints = labels["touchpoints"][k]
            results.append(Classification(
                text=text, status=status, sentiment=sentiment, score=round(scores[k], 4),
                probabilities=probabilities[k], touchpoints=touchpoints, areas=labels["areas"][k],
                stages=tuple(stages_for(touchpoints, self.stage_map)), segments=tuple(units),
                confidence=confidence, needs_review=confidence < self.review_confidence,
                label_probabilities={axis: values[k] for axis, values in label_probabilities.items()},
                **{axis: values[k] for axis, values in signals.items()}, industry=read_as[k],
            ))
        return results

    def _signals(self, proba, unit_proba, units_of, label_probabilities) -> tuple[dict, dict]:
        """Effort, emotions and the two flags of each comment, and effort and emotions of each unit (those
        the model has learnt): ``({axis: [value of comment k]}, {axis: [value of unit u]})``. Adds each
        signal's probabilities to ``label_probabilities``."""
        clf, unit_probability = self.classifier, self.unit_label_probability
        comments, units = {}, {}
        for axis, model in getattr(clf, "signals_", {}).items():
            P, classes = proba[axis], model.classes
            label_probabilities[axis] = _batch.probability_dicts(P, classes)
            if axis == "effort":
                comments[axis] = _batch.comment_effort(P, unit_proba[axis], units_of, classes, unit_probability)
                units[axis] = [classes[j] for j in _batch.row_argmax(unit_proba[axis])]
                continue
            on = _batch.signal_labels(P, clf.thresholds_[axis], unit_proba[axis], units_of, unit_probability).tolist()
            if axis in FLAG_AXES:
                comments[axis] = [bool(row[0]) for row in on]
            else:
                comments[axis] = [tuple(compress(classes, row)) for row in on]
                units[axis] = [tuple(compress(classes, row))
                               for row in _batch.thresholded(unit_proba[axis], clf.thresholds_[axis]).tolist()]
        if "effort" not in units:
            units = {}  # a unit carries its emotions only beside its effort
        return comments, units


def industry_cells(frame: pd.DataFrame, column: str, known) -> list[str | None]:
    """Each row's industry from ``frame[column]``: a cell's text without surrounding spaces
    (``"none"``: read without one), ``DEFAULT_INDUSTRY`` for a blank or missing one (the row is read as
    if no industry were given); a name not in ``known`` is a ``ConfigError`` that names the column."""
    from .heads import check_industry, industry_name

    if column not in frame.columns:
        raise DataError(f"industry column {column!r} not found; the columns are {list(map(str, frame.columns))}.")
    names = [industry_name(v) or DEFAULT_INDUSTRY for v in frame[column].tolist()]
    for name in dict.fromkeys(names):
        try:
            check_industry(name, known)
        except ConfigError as err:
            raise ConfigError(f"column {column!r}: {err}") from None
    return names


def results_to_columns(results: list[Classification], index=None) -> dict[str, pd.Series]:
    """The ``cx_`` output columns (docs/labels.md) for ``results``."""
    import pandas as pd  # loading a model and classifying texts do not import pandas (issue 15 start-up)

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
        "cx_industry": [r.industry for r in results],
    }
    assert tuple(data) == OUTPUT_COLUMNS
    dtypes = {"cx_sentiment_score": "float64", "cx_confidence": "float64", "cx_needs_review": bool}
    return {k: pd.Series([np.nan if x is None else x for x in v] if dtypes.get(k) == "float64" else v,
                         index=index, dtype=dtypes.get(k, object)) for k, v in data.items()}


def _reject_string(texts) -> None:
    if isinstance(texts, (str, bytes)):
        raise DataError("Iterable over raw text documents expected, string object received. "
                        "Use classify(text) for one comment or wrap it in a list.")
    pd = sys.modules.get("pandas")  # a DataFrame exists only once pandas is imported
    if pd is not None and isinstance(texts, pd.DataFrame):
        raise DataError("classify_many expects an iterable of texts, got a DataFrame; use classify_frame(df, text=...).")
