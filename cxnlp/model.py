"""``Model``: a trained ``MultiAxisClassifier`` plus its metadata, with the user-facing API:
``classify`` (one text), ``classify_many`` (an iterable), ``classify_frame`` (a DataFrame). How each text's
industry is read is ``_industries``'s; the checks of what these are given, ``_model_checks``'s."""

from __future__ import annotations

import numbers
import os
from collections.abc import Iterable, Iterator, Mapping
from itertools import compress, islice
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from . import _batch_assembly as _batch
from . import aggregate
from ._industries import frame_industries, industry_cells, industry_given
from ._model_checks import check_texts, checked_stage_map, is_probability
from .exceptions import ConfigError, DataError, shown_value, type_name
from .results import Classification, Segment, units_json
from .schema import (
    DEFAULT_INDUSTRY,
    DEFAULT_STAGES,
    FLAG_AXES,
    LABEL_SEP,
    MULTILABEL_AXES,
    OUTPUT_COLUMNS,
    SIGNAL_AXES,
    stages_for,
)
from .text import segment as _segment
from .text.status import coerce_text, given_text, read_part, status_of, value_status

if TYPE_CHECKING:
    import pandas as pd

    from .classify import MultiAxisClassifier
    from .heads import Predictor

BATCH = 512
#: The ``cx_`` columns of numbers (float64, NaN where a row has no labels).
FLOAT_COLUMNS = ("cx_sentiment_score", "cx_confidence")
#: Inference defaults (``Model`` / ``load`` arguments).
MAX_CHARS = 5000
REVIEW_CONFIDENCE = 0.55


class Model:
    """A loaded cxnlp model. Immutable after loading, so one instance can serve many threads.

    Parameters
    ----------
    classifier : a fitted ``MultiAxisClassifier``, or the ``Predictor`` that ``cxnlp.load`` reads
    meta : dict, the model's ``meta.json`` content
    stage_map : touchpoint -> stage mapping (text to text, else ConfigError); defaults to docs/labels.md's (``cxnlp docs labels``).
    review_confidence : results under this confidence get ``needs_review`` (default 0.55).
    max_chars : longer texts are cut to this length and get status ``truncated`` (default 5,000).
    unit_label_probability : a unit this sure of a specific label (a value in [0, 1], else ConfigError) adds it to
        its comment (``cxnlp.aggregate.comment_labels``); None turns that off.
    """

    def __init__(self, classifier: MultiAxisClassifier | Predictor, meta: dict | None = None, *,
                 stage_map: Mapping[str, str] | None = None, review_confidence: float | None = None,
                 max_chars: int | None = None, unit_label_probability: float | None = aggregate.UNIT_LABEL_PROBABILITY):
        self.classifier = classifier
        self.meta = dict(meta or {})
        self.stage_map = dict(DEFAULT_STAGES if stage_map is None else checked_stage_map(stage_map))
        # Inference settings: changing them needs no retraining.
        # A count is an integer, as batch_size, n_boot and min_n are: 5000.0 is refused there too.
        if max_chars is not None and (isinstance(max_chars, bool) or not isinstance(max_chars, numbers.Integral)
                                      or max_chars < 1):
            raise ConfigError(f"max_chars={shown_value(max_chars)}: expected an integer of at least 1 (characters).")
        probabilities = (("review_confidence", review_confidence), ("unit_label_probability", unit_label_probability))
        for name, value in probabilities:
            if value is not None and not is_probability(value):
                raise ConfigError(f"{name}={shown_value(value)}: expected a value in [0, 1].")
        self.max_chars = MAX_CHARS if max_chars is None else int(max_chars)
        self.review_confidence = REVIEW_CONFIDENCE if review_confidence is None else float(review_confidence)
        self.unit_label_probability = None if unit_label_probability is None else float(unit_label_probability)

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
        (inf included), booleans, dates, times, durations and collections (a list of comments goes to ``classify_many``); bytes
        are decoded as UTF-8. ``text`` in the result is the text
        as given, and each segment's ``start``/``end`` index it: ``r.text[s.start:s.end] == s.text``.

        >>> import cxnlp
        >>> r = cxnlp.load().classify("La app se cierra al pagar y nadie contesta en el chat")
        >>> r.sentiment
        'negative'
        """
        return self._classify_batch([text], self.classifier.check_industry(industry))[0]

    def classify_many(self, texts: Iterable, *, batch_size: int = BATCH,
                      industry: str | Iterable[str | None] | None = DEFAULT_INDUSTRY) -> Iterator[Classification]:
        """Classify an iterable of comments lazily, in order, one result per input; values that are not text get a
        status, as in ``classify``, so one bad value never fails a batch. ``industry`` as in ``classify``, for every
        comment, or an iterable with one industry per text (a list, a Series; None: that text is read without one)."""
        if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral) or batch_size < 1:
            raise ConfigError(f"batch_size={shown_value(batch_size)}: expected an integer of at least 1.")
        single, industries = self._industries(texts, industry)
        return self._classified(iter(texts), int(batch_size), single, None if industries is None else iter(industries))

    def _industries(self, texts, industry) -> tuple[str | None, list | None]:
        """``industry`` of ``classify_many`` checked: (the industry of every text, None) or (None, a list
        with one per text)."""
        check_texts(texts)
        if industry is None or isinstance(industry, str) or not isinstance(industry, Iterable):
            # a scalar that is not text (NaN, pd.NA, 5, True) is one industry for every text, as in classify:
            # check_industry names its type (iterating it would be a bare TypeError)
            return self.classifier.check_industry(industry), None
        industries = [industry_given(name) for name in industry]
        if hasattr(texts, "__len__") and len(texts) != len(industries):
            raise DataError(f"{len(texts)} texts but {len(industries)} industries; give one industry per text.")
        checked = {name: self.classifier.check_industry(name) for name in dict.fromkeys(industries)}
        return None, [checked[name] for name in industries]

    def _classified(self, iterator, batch_size: int, industry: str | None, industries=None
                    ) -> Iterator[Classification]:
        while batch := list(islice(iterator, batch_size)):
            if industries is not None:
                industry = list(islice(industries, len(batch)))
                if len(industry) != len(batch):
                    raise DataError("fewer industries than texts; give one industry per text.")
            yield from self._classify_batch(batch, industry)
        if industries is not None and next(industries, _END) is not _END:
            raise DataError("more industries than texts; give one industry per text.")

    def classify_frame(self, frame: pd.DataFrame, text: str | None = None, *,
                       industry: str | Iterable[str | None] | None = DEFAULT_INDUSTRY,
                       industry_column: str | None = None) -> pd.DataFrame:
        """``frame`` with the ``cx_`` output columns added (a table classified already has its own replaced); every
        row and column kept, in order: a comment column named as one of them (``text="cx_sentiment"``) is a
        ``DataError``.
        ``industry`` as in ``classify``, for every row, or one per row (a Series aligned to the rows by label); or
        ``industry_column``, a column naming each row's industry (a blank cell: read as if none were given,
        ``none``: without one)."""
        import pandas as pd
        if not isinstance(frame, pd.DataFrame):
            raise DataError(f"classify_frame expects a pandas DataFrame, got {type_name(frame)}.")
        from .columns import column_to_classify, one_header_row

        one_header_row(frame.columns, "classify_frame")  # (the cx_ columns would be half-named tuples)
        column = column_to_classify(frame.columns, text)
        industry = frame_industries(frame, industry)
        if industry_column is not None:
            if not (isinstance(industry, str) and industry == DEFAULT_INDUSTRY):
                raise ConfigError("give industry (one for every row) or industry_column (one per row), not both.")
            industry = industry_cells(frame, industry_column, self.industries, self.classifier.recognises_industries,
                                      rows=[f"row {n}" for n in range(1, len(frame) + 1)])
        return frame.assign(**column_series(self._column_lists(frame[column].tolist(), industry), index=frame.index))

    # -- work ---------------------------------------------------------------------------------
    def _classify_batch(self, values: list, industry=None) -> list[Classification]:
        given, statuses, todo, read = self._read_batch(values, industry)
        results: list[Classification | None] = [
            None if s in ("ok", "truncated") else Classification(text=g, status=s) for g, s in zip(given, statuses)
        ]
        if read is not None:
            done = self._assemble([given[i] for i in todo], [statuses[i] for i in todo], *read)
            for i, result in zip(todo, done):
                results[i] = result
        return results  # type: ignore[return-value]

    def _read_batch(self, values: list, industry):
        """The front half of classifying a batch: each value's text as given and its status, the positions
        of those the model reads (``todo``), and for them (None when there are none) their units (spans of
        their cleaned text), the batch's probabilities and the industry each was read as."""
        # Results carry the text as given and offsets into it; the model reads its cleaned form.
        given = [given_text(v) for v in values]
        texts = [coerce_text(g) for g in given]
        statuses = [value_status(v) or status_of(t, max_chars=self.max_chars) for v, t in zip(values, texts)]
        todo = [i for i, s in enumerate(statuses) if s in ("ok", "truncated")]
        if not todo:
            return given, statuses, todo, None
        comments = [read_part(texts[i], self.max_chars) for i in todo]
        spans = [_segment.split(c) for c in comments]
        units = [s.text for ss in spans for s in ss]
        groups = [k for k, ss in enumerate(spans) for _ in ss]
        if not (industry is None or isinstance(industry, str)):  # one per value: those of the comments read
            industry = [industry[i] for i in todo]
        proba, unit_proba, read_as = self.classifier.predict_read(units, groups, industry)
        return given, statuses, todo, (spans, proba, unit_proba, read_as)

    def _assemble(self, texts, statuses, spans, proba, unit_proba, read_as) -> list[Classification]:
        """The results of a batch from its probabilities (``_decide``), with each comment's label
        probabilities."""
        clf, decided = self.classifier, self._decide(texts, spans, proba, unit_proba)
        label_probabilities = {axis: _batch.probability_dicts(proba[axis], clf.labels_[axis].classes)
                               for axis in MULTILABEL_AXES}
        for axis, model in getattr(clf, "signals_", {}).items():
            label_probabilities[axis] = _batch.probability_dicts(proba[axis], model.classes)
        signals = decided.signals
        return [Classification(
            text=text, status=status, sentiment=decided.sentiment[k], score=decided.score[k],
            probabilities=decided.probabilities[k], touchpoints=decided.touchpoints[k], areas=decided.areas[k],
            stages=tuple(stages_for(decided.touchpoints[k], self.stage_map)),
            segments=tuple(Segment(*unit) for unit in decided.units[k]), confidence=decided.confidence[k],
            needs_review=decided.confidence[k] < self.review_confidence,
            label_probabilities={axis: values[k] for axis, values in label_probabilities.items()},
            **{axis: values[k] for axis, values in signals.items()}, industry=read_as[k],
        ) for k, (text, status) in enumerate(zip(texts, statuses))]

    def _decide(self, texts, spans, proba, unit_proba) -> _Decided:
        """What the rules decide for each comment of a batch from its probabilities: comment ``k`` has row
        ``k`` of each ``proba`` and the rows of its units in each ``unit_proba``. The rules are
        ``cxnlp.aggregate``'s, applied to the whole batch at once (``cxnlp._batch_assembly``)."""
        clf, unit_probability = self.classifier, self.unit_label_probability
        units_of = _batch.Units([len(ss) for ss in spans])
        sent_classes, seg_classes = clf.sentiment_.classes, clf.segment_sentiment_.classes
        probabilities = _batch.probability_dicts(proba["sentiment"], sent_classes)
        seg_best = _batch.row_argmax(unit_proba["segment_sentiment"])
        sent_best = _batch.row_argmax(proba["sentiment"])

        labels, confidences, picks, pick_proba = {}, {}, {}, {}
        rows = np.arange(len(seg_best))
        for axis in MULTILABEL_AXES:
            classes = clf.labels_[axis].classes
            chosen = _batch.comment_labels(proba[axis], clf.thresholds_[axis], unit_proba[axis], units_of, classes,
                                           unit_probability)
            labels[axis] = [tuple(compress(classes, row)) for row in chosen.tolist()]
            confidences[axis] = _batch.mean_confidence(proba[axis])
            picks[axis] = _batch.unit_picks(chosen, unit_proba[axis], units_of)
            pick_proba[axis] = unit_proba[axis][rows, picks[axis]].tolist()
        seg_proba = unit_proba["segment_sentiment"][rows, seg_best].tolist()
        signals, unit_signals = self._signals(proba, unit_proba, units_of)
        scores = _batch.scores(probabilities, [[s.text for s in ss] for ss in spans], unit_proba["segment_sentiment"],
                               seg_classes, units_of)
        unit_effort = unit_signals.get("effort", [None] * len(seg_best))
        unit_emotions = unit_signals.get("emotions", [()] * len(seg_best))
        tp_picks, area_picks = picks["touchpoints"], picks["areas"]
        tp_classes, area_classes = clf.labels_["touchpoints"].classes, clf.labels_["areas"].classes
        tp_proba, area_proba = pick_proba["touchpoints"], pick_proba["areas"]
        assert MULTILABEL_AXES == ("touchpoints", "areas")

        sentiments, confidence, units, u = [], [], [], 0
        for k, (text, ss) in enumerate(zip(texts, spans)):
            first, u = u, u + len(ss)
            units.append([(span.start, span.end, span.text, seg_classes[seg_best[v]], tp_classes[tp_picks[v]],
                           area_classes[area_picks[v]], round(min(seg_proba[v], tp_proba[v], area_proba[v]), 4),
                           unit_effort[v], unit_emotions[v])
                          for v, span in enumerate(_segment.align(ss, text), start=first)])
            sentiment = sent_classes[sent_best[k]]
            if sentiment == "mixed":
                sentiment = aggregate.veto_mixed(proba["sentiment"][k], sent_classes,
                                                 unit_proba["segment_sentiment"][first:u], seg_classes)
            sentiments.append(sentiment)
            confidence.append(round(float(min(probabilities[k][sentiment], confidences["touchpoints"][k],
                                              confidences["areas"][k])), 4))
        return _Decided(sentiments, [round(s, 4) for s in scores], probabilities, labels["touchpoints"],
                        labels["areas"], confidence, units, signals)

    def _signals(self, proba, unit_proba, units_of) -> tuple[dict, dict]:
        """Effort, emotions and the two flags of each comment, and effort and emotions of each unit (those
        the model has learnt): ``({axis: [value of comment k]}, {axis: [value of unit u]})``."""
        clf, unit_probability = self.classifier, self.unit_label_probability
        comments, units = {}, {}
        for axis, model in getattr(clf, "signals_", {}).items():
            P, classes = proba[axis], model.classes
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

    def _batch_columns(self, values: list, industry=None) -> dict[str, list]:
        """``_classify_batch`` as the ``cx_`` output columns (lists, None where a value is missing), built
        from the batch's decisions without result objects: what ``results_to_columns`` gives for the
        results, the float columns' NaN as None."""
        given, statuses, todo, read = self._read_batch(values, industry)
        n = len(values)
        columns = {name: [None] * n for name in OUTPUT_COLUMNS}
        columns["cx_status"] = statuses
        columns["cx_needs_review"] = [False] * n
        if read is None:
            return columns
        spans, proba, unit_proba, read_as = read
        decided = self._decide([given[i] for i in todo], spans, proba, unit_proba)
        stage_map, review = self.stage_map, self.review_confidence
        sentiment, score, touchpoints, areas, stages, confidence, needs_review, segments, industry_col = (
            columns[name] for name in ("cx_sentiment", "cx_sentiment_score", "cx_touchpoints", "cx_areas", "cx_stage",
                                       "cx_confidence", "cx_needs_review", "cx_segments", "cx_industry"))
        for k, i in enumerate(todo):
            sentiment[i], score[i], confidence[i] = decided.sentiment[k], decided.score[k], decided.confidence[k]
            tps = decided.touchpoints[k]
            touchpoints[i], areas[i] = LABEL_SEP.join(tps), LABEL_SEP.join(decided.areas[k])
            stages[i] = LABEL_SEP.join(stages_for(tps, stage_map))
            needs_review[i] = decided.confidence[k] < review
            segments[i] = units_json(decided.units[k])
            industry_col[i] = read_as[k]
        for axis, values in decided.signals.items():
            out = columns[f"cx_{axis}"]
            for k, i in enumerate(todo):
                out[i] = _signal_cell(axis, values[k])
        return columns

    def _column_lists(self, texts, industry: str | None = DEFAULT_INDUSTRY) -> dict[str, list]:
        """``classify_many(texts, industry=industry)`` as the ``cx_`` output columns (``_batch_columns``), in
        the same batches."""
        texts = list(texts)
        single, industries = self._industries(texts, industry)
        columns: dict[str, list] = {name: [] for name in OUTPUT_COLUMNS}
        for start in range(0, len(texts), BATCH):
            batch_industry = single if industries is None else industries[start:start + BATCH]
            for name, values in self._batch_columns(texts[start:start + BATCH], batch_industry).items():
                columns[name].extend(values)
        return columns


class _Decided(NamedTuple):
    """What ``Model._decide`` decides for each comment ``k`` of a batch: ``units[k]`` holds a tuple of
    ``Segment``'s fields for each of its units."""

    sentiment: list[str]
    score: list[float]
    probabilities: list[dict[str, float]]
    touchpoints: list[tuple[str, ...]]
    areas: list[tuple[str, ...]]
    confidence: list[float]
    units: list[list[tuple]]
    signals: dict[str, list]


_END = object()  # the end of an iterator, where None is a value


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
        **{f"cx_{axis}": [_signal_cell(axis, getattr(r, axis)) for r in results] for axis in SIGNAL_AXES},
        "cx_industry": [r.industry for r in results],
    }
    return column_series(data, index)


def _signal_cell(axis: str, value):
    """A signal's value as its ``cx_`` column writes it: emotions joined by ``|``, flags as yes or no."""
    if value is None:
        return None
    if axis == "emotions":
        return LABEL_SEP.join(value)
    return ("yes" if value else "no") if axis in FLAG_AXES else value


def column_series(data: dict[str, list], index=None) -> dict[str, pd.Series]:
    """The ``cx_`` output columns as typed Series, from lists (None where a value is missing)."""
    import pandas as pd  # loading a model and classifying texts do not import pandas (issue 15 start-up)

    assert tuple(data) == OUTPUT_COLUMNS
    dtypes = {**dict.fromkeys(FLOAT_COLUMNS, "float64"), "cx_needs_review": bool}
    return {k: pd.Series([np.nan if x is None else x for x in v] if k in FLOAT_COLUMNS else v,
                         index=index, dtype=dtypes.get(k, object)) for k, v in data.items()}


def check_model(model, caller: str) -> None:
    """A ``ConfigError`` for what is not a ``Model`` given to ``caller`` (a model folder's path: an AttributeError
    before), as ``save`` says it."""
    if not isinstance(model, Model):
        advice = f" Load it first: cxnlp.load({str(model)!r})." if isinstance(model, (str, os.PathLike)) else ""
        raise ConfigError(f"{caller} expects a cxnlp.Model (cxnlp.train or cxnlp.load gives one), got "
                          f"{type(model).__name__}.{advice}")
