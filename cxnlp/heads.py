"""Prediction from a fitted model's arrays, without scikit-learn.

``MultiAxisClassifier`` (``cxnlp.classify``) is the scikit-learn estimator that learns a model.
Every head it fits is a ``_Calibrated`` (weights, intercepts and a calibrator as plain arrays), and
its features a vocabulary plus IDF weights, so predicting needs only NumPy and SciPy's sparse
matrices. ``Predictor`` is that prediction half: ``cxnlp.load`` builds one from a model directory
and it predicts exactly what the saved estimator predicts (``tests/test_speed_equivalence.py``),
without importing scikit-learn (a second of start-up and tens of megabytes: issue 15).
``_Predicting`` holds the methods both share; ``_calibrated`` the arrays of a head and their arithmetic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._calibrated import Probabilities, _Calibrated, _Layout, _row_products
from .config import TrainConfig
from .schema import AUTO_INDUSTRY, DEFAULT_INDUSTRY, FLAG_AXES, MULTILABEL_AXES, NO_INDUSTRY
from .text.fitted import FittedFeatures, Rows
from .text.segment import split

if TYPE_CHECKING:
    import pandas as pd


#: Up to this many opinion units, a batch is scored from plain arrays (``FittedFeatures.rows_grouped``,
#: ``_row_products``) rather than sparse matrices, whose constructors cost more than the arithmetic
#: for a comment or two: single-comment latency p50 2.26 -> 1.50 ms, p99 4.02 -> 2.79 ms (``bench/speed.py``);
#: the two paths cost about the same at four to eight comments. Same floats either way.
SMALL_BATCH_UNITS = 8

#: ``industry=AUTO_INDUSTRY`` reads each comment as the industry the model recognises in it
#: (``_Predicting.detect_industries``), or without one when no industry reaches this probability.
AUTO_INDUSTRY_PROBABILITY = 0.5


class _Predicting:
    """Prediction and saving for a fitted model whose heads are ``features_``, ``sentiment_``,
    ``segment_sentiment_``, ``labels_``, ``signals_`` and ``thresholds_``, with its settings in ``config``."""

    def __getstate__(self):
        """Pickled without the stacked weights (a second copy of every head's, rebuilt at first use)."""
        state = dict(super().__getstate__())
        state.pop("_stacked_weights", None)
        return state

    def _check_fitted(self) -> None:
        """Nothing to check: a ``Predictor`` is built fitted (the estimator raises scikit-learn's error)."""

    @property
    def classes_(self) -> dict[str, list[str]]:
        self._check_fitted()
        return {"sentiment": list(self.sentiment_.classes),
                **{axis: list(m.classes) for axis, m in self.labels_.items()},
                **{axis: list(m.classes) for axis, m in getattr(self, "signals_", {}).items()}}

    @property
    def industries_(self) -> tuple[str, ...]:
        """The industries whose words the model learnt (``industry=`` of the predicting methods)."""
        return tuple(getattr(self.features_, "industries_", ()))

    def check_industry(self, industry: str | None) -> str | None:
        """``industry`` if the model learnt it (or None, or ``AUTO_INDUSTRY`` if it recognises industries);
        otherwise a ``ConfigError`` naming those it knows."""
        return check_industry(industry, self.industries_, self.recognises_industries)

    @property
    def recognises_industries(self) -> bool:
        """Whether ``industry=AUTO_INDUSTRY`` can recognise each comment's industry (``detect_industries``)."""
        return getattr(self, "industry_detector_", None) is not None

    def predict_proba(self, texts, industry: str | None = None) -> dict[str, np.ndarray]:
        """Comment-level probabilities per axis: ``{"sentiment": (n, classes), "touchpoints": (n, labels), ...}``,
        columns in the order of ``classes_[axis]``; ``industry`` (one of ``industries_``) reads every text
        as a comment from it."""
        units, groups = split_units(texts)
        proba, _ = self.predict_grouped(units, groups, industry)
        return {axis: proba[axis] for axis in ("sentiment", *MULTILABEL_AXES, *getattr(self, "signals_", {}))}

    def predict(self, texts, industry: str | None = None) -> pd.DataFrame:
        """Labels per comment in the training format: ``sentiment`` (str), ``touchpoints`` and ``areas``
        (tuples of labels, never empty)."""
        import pandas as pd  # loading a model and classifying do not need pandas (start-up)

        proba = self.predict_proba(texts, industry)
        out = {"sentiment": np.asarray(self.sentiment_.classes, dtype=object)[proba["sentiment"].argmax(axis=1)]}
        for axis in MULTILABEL_AXES:
            chosen = decide_multilabel(proba[axis], self.thresholds_[axis])
            classes = self.labels_[axis].classes
            out[axis] = [tuple(c for c, on in zip(classes, row) if on) for row in chosen]
        for axis, model in getattr(self, "signals_", {}).items():
            if axis == "effort":
                out[axis] = np.asarray(model.classes, dtype=object)[proba[axis].argmax(axis=1)]
                continue
            chosen = decide_multilabel(proba[axis], self.thresholds_[axis], allow_empty=True)
            if axis in FLAG_AXES:
                out[axis] = np.where(chosen[:, 0], "yes", "no").astype(object)
            else:
                out[axis] = [tuple(c for c, on in zip(model.classes, row) if on) for row in chosen]
        return pd.DataFrame(out)

    def predict_grouped(self, units, groups, industry=None) -> tuple[Probabilities, Probabilities]:
        """Probabilities for comments (their units' features summed, as in training) and for each unit.
        ``industry``: None, one industry for every comment, or a list with one per comment (None for one
        without); ``AUTO_INDUSTRY`` and ``DEFAULT_INDUSTRY`` as ``check_industry`` reads them."""
        proba, unit_proba, _ = self.predict_read(units, groups, industry)
        return proba, unit_proba

    def predict_read(self, units, groups, industry=None) -> tuple[Probabilities, Probabilities, list[str | None]]:
        """``predict_grouped``, and the industry each comment was read as (named or recognised; None:
        without one)."""
        self._check_fitted()
        n_comments = max(groups) + 1 if len(groups) else 0
        if industry is None or isinstance(industry, str):
            industry, named = self.check_industry(industry), None
        else:  # one per comment
            resolved = {name: self.check_industry(name) for name in dict.fromkeys(industry)}
            named = [resolved[name] for name in industry]
        read_as = list(named) if named is not None else [industry] * n_comments  # "auto" filled in below
        recognise = None
        if AUTO_INDUSTRY in (named if named is not None else [industry]):
            # Recognised from the same analysis of the texts; a comment named otherwise keeps its name.
            recognised = self._recogniser()

            def recognise(comment_rows):
                for k, found in enumerate(recognised(comment_rows)):
                    if read_as[k] == AUTO_INDUSTRY:
                        read_as[k] = found
                return read_as
        elif named is not None:
            industry = [named[g] for g in groups]
        rows = self.features_.rows_grouped(units, groups, industry, recognise) if len(units) <= SMALL_BATCH_UNITS else None
        if rows is not None:
            # Comments and units in one product (each row's sum is its own); calibrated apart, as the
            # sparse path does: a matrix product's rounding may depend on how many rows it has.
            comments, units = rows
            both = Rows(np.concatenate([comments.indptr, units.indptr[1:] + comments.indptr[-1]]),
                        np.concatenate([comments.indices, units.indices]), np.concatenate([comments.data, units.data]))
            weights, layout = self._stacked()
            scores, n = _row_products(both, weights), len(comments.indptr) - 1
            return Probabilities(scores[:n], layout), Probabilities(scores[n:], layout), read_as
        if recognise is not None:
            X_comments, X_units, _ = self.features_.transform_grouped_recognising(units, groups, recognise)
        else:
            X_comments, X_units = self.features_.transform_grouped(units, groups, industry)
        return self._predict(X_comments), self._predict(X_units), read_as

    def detect_industries(self, units, groups) -> list[str | None]:
        """For each comment (``groups`` as in ``predict_grouped``), the industry the model recognises in its
        words (a multinomial model over the shared features, ``industry_detector_``), or None when no
        industry reaches ``AUTO_INDUSTRY_PROBABILITY``."""
        X_comments, _ = self.features_.transform_grouped(units, groups, None)
        return self._recogniser()(X_comments)

    def _recogniser(self):
        """A function from comment rows without industry words (a sparse matrix, or ``Rows`` as
        ``FittedFeatures.rows_grouped`` makes them) to each comment's industry (or None)."""
        check_industry(AUTO_INDUSTRY, self.industries_, self.recognises_industries)
        detector = self.industry_detector_

        def recognise(X_comments) -> list[str | None]:
            P = detector.predict_proba(X_comments)
            best = P.argmax(axis=1)
            return [detector.classes[b] if P[k, b] >= AUTO_INDUSTRY_PROBABILITY else None for k, b in enumerate(best)]

        return recognise

    def _predict(self, X) -> Probabilities:
        # One sparse product for every head at once (each output column is summed exactly as in its
        # own head's product), then each head's intercept and calibration on its columns.
        weights, layout = self._stacked()
        return Probabilities(np.asarray(X @ weights), layout)

    def _stacked(self):
        """The weights of every head side by side, and a ``_Layout`` of their columns: built once per fitted model."""
        heads = [("sentiment", self.sentiment_), ("segment_sentiment", self.segment_sentiment_),
                 *self.labels_.items(), *getattr(self, "signals_", {}).items()]
        cached = self.__dict__.get("_stacked_weights")
        if cached is not None and cached[2] == [id(model) for _, model in heads]:
            return cached[0], cached[1]
        weights = np.ascontiguousarray(np.hstack([model.coef_t for _, model in heads]))
        self._stacked_weights = (weights, _Layout(heads), [id(model) for _, model in heads])
        return weights, self._stacked_weights[1]

    def to_state(self) -> tuple[dict, dict[str, np.ndarray]]:
        """The fitted model as plain data: a JSON-ready dict and named numeric arrays.

        ``from_state`` rebuilds an identical predictor from them without unpickling anything, so
        a model file cannot run code when it is loaded (see ``cxnlp.persist``).
        """
        self._check_fitted()
        state, arrays = {"config": self.config.to_dict(), "models": {}, "thresholds": {}}, {}
        state["features"], feature_arrays = self.features_.to_state()
        arrays.update(feature_arrays)
        parts = {"sentiment": self.sentiment_, "segment_sentiment": self.segment_sentiment_, **self.labels_,
                 **self.signals_}
        state["signals"] = list(self.signals_)
        if getattr(self, "industry_detector_", None) is not None:
            parts["industry_detector"] = self.industry_detector_
        for name, part in parts.items():
            state["models"][name], part_arrays = part.to_state(name)
            arrays.update(part_arrays)
        for axis, thresholds in self.thresholds_.items():
            arrays[f"{axis}.thresholds"] = np.asarray(thresholds, dtype=np.float64)
            state["thresholds"][axis] = True
        return state, arrays


def industry_name(cell) -> str | None:
    """The industry a data cell names: its text without surrounding spaces; None for a blank or missing one."""
    return (cell.strip() or None) if isinstance(cell, str) else None


def check_industry(industry: str | None, known, recognises: bool = True) -> str | None:
    """The industry a comment is read as: ``industry`` if it is one of ``known``, None, or ``AUTO_INDUSTRY``
    for a model that knows some and ``recognises`` them; ``DEFAULT_INDUSTRY`` becomes ``AUTO_INDUSTRY``
    for such a model and None for any other; ``NO_INDUSTRY`` becomes None. Anything else is a
    ``ConfigError`` that names them."""
    if industry is not None and not isinstance(industry, str):
        from .exceptions import ConfigError

        raise ConfigError(f"industry={str(industry)[:40]!r}: an industry is named by text (or None for none), "
                          f"not a {type(industry).__name__}.")
    given = industry
    if isinstance(industry, str) and industry not in known:  # one spelling: ' Telecom ' is 'telecom', as in training
        industry = industry.strip().lower() or DEFAULT_INDUSTRY  # a blank one, as a blank cell: the default reading
    if industry == DEFAULT_INDUSTRY:
        return AUTO_INDUSTRY if known and recognises else None
    if industry == NO_INDUSTRY:
        return None
    if industry is None or industry in known or (industry == AUTO_INDUSTRY and known and recognises):
        return industry
    from .exceptions import ConfigError

    if industry == AUTO_INDUSTRY and known:
        raise ConfigError(f"industry={AUTO_INDUSTRY!r}: this model cannot recognise industries (it learnt fewer "
                          f"than two, or was trained before cxnlp learnt to); name the industry.")

    names = (", ".join(known) + (f" (or {AUTO_INDUSTRY!r}: the one it recognises in each comment)" if recognises else "")
             if known else "none: it was trained without an industry column")
    shown = given if len(given) <= 40 else given[:40] + "…"  # as given (a text column given by mistake)
    raise ConfigError(f"industry={shown!r}: this model knows the industries {names}. "
                      f"Leave the industry out for the model's default reading, or give none to classify without one.")


def split_units(texts) -> tuple[list[str], list[int]]:
    """The opinion units of every text, flattened, and for each unit the index of its text."""
    units, groups = [], []
    for i, text in enumerate(texts):
        for span in split(text) or [None]:  # a text with no unit still gets its (empty) row
            units.append(text if span is None else span.text)
            groups.append(i)
    return units, groups


def decide_multilabel(proba: np.ndarray, thresholds: np.ndarray, *, allow_empty: bool = False) -> np.ndarray:
    """Labels at or over their threshold; unless ``allow_empty``, never an empty set (the most probable
    label is kept)."""
    pred = proba >= thresholds
    if allow_empty:
        return pred
    empty = ~pred.any(axis=1)
    pred[empty, proba[empty].argmax(axis=1)] = True
    return pred


class Predictor(_Predicting):
    """A fitted model for prediction only: what ``cxnlp.load`` returns inside a ``Model``.

    Same attributes and prediction methods as a fitted ``MultiAxisClassifier``; ``estimator()``
    gives that scikit-learn estimator (to inspect ``get_params`` or compare), built from the same state.
    """

    def __init__(self, config: TrainConfig):
        self.config = config

    @classmethod
    def from_state(cls, state: dict, arrays) -> Predictor:
        self = cls(TrainConfig.from_dict(state["config"]))
        self.features_ = FittedFeatures.from_state(state["features"], arrays)
        weights = read_heads(self, state, arrays)
        width = sum(len(idf) for idf in self.features_._idfs())
        if weights != width:
            raise ValueError(f"the vocabularies hold {width} features but the weights read {weights}")
        return self

    def estimator(self):
        """This model as a fitted ``MultiAxisClassifier`` (imports scikit-learn)."""
        from .classify import MultiAxisClassifier

        return MultiAxisClassifier.from_state(*self.to_state())


def read_heads(self, state: dict, arrays) -> int:
    """Set the heads and thresholds of a fitted model on ``self`` from ``to_state``'s output, checked; returns
    the number of features their weights read."""
    models = state["models"]
    self.sentiment_ = _Calibrated.from_state("sentiment", models["sentiment"], arrays)
    self.segment_sentiment_ = _Calibrated.from_state("segment_sentiment", models["segment_sentiment"], arrays)
    self.labels_ = {axis: _Calibrated.from_state(axis, models[axis], arrays) for axis in MULTILABEL_AXES}
    self.signals_ = {axis: _Calibrated.from_state(axis, models[axis], arrays) for axis in state.get("signals", ())}
    if "industry_detector" in models:
        self.industry_detector_ = _Calibrated.from_state("industry_detector", models["industry_detector"], arrays)
    self.thresholds_ = {axis: np.asarray(arrays[f"{axis}.thresholds"], dtype=np.float64)
                        for axis in (*MULTILABEL_AXES, *self.signals_) if f"{axis}.thresholds" in arrays}
    heads = {"sentiment": self.sentiment_, "segment_sentiment": self.segment_sentiment_, **self.labels_,
             **self.signals_}
    for axis in (*MULTILABEL_AXES, *(a for a in self.signals_ if a != "effort")):  # the heads with thresholds
        thresholds, n = self.thresholds_.get(axis), len(heads[axis].classes)
        if thresholds is None or thresholds.shape != (n,) or not np.isfinite(thresholds).all():
            raise ValueError(f"{axis}: needs one finite threshold per class ({n}), found "
                             f"{None if thresholds is None else thresholds.shape}")
    if getattr(self, "industry_detector_", None) is not None:
        heads["industry_detector"] = self.industry_detector_
    widths = {model.coef_t.shape[0] for model in heads.values()}
    if len(widths) != 1:
        raise ValueError(f"the heads' weights have different numbers of features: {sorted(widths)}")
    return widths.pop()
