"""``MultiAxisClassifier``: shared features, calibrated logistic regressions per axis, segment
aggregation. The estimator keeps the scikit-learn contract; ``Model`` (in ``model.py``) wraps it
with statuses, typed results and DataFrames. Prediction lives in ``cxnlp.heads`` (no scikit-learn),
which a loaded model uses on its own; the checks of the labels before training, in ``_label_checks``."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from ._fitting import best_threshold, fit_lr, oof_scores, platt, residual_binary, residual_multinomial
from ._label_checks import MIN_ABSENT, SHOWN_LABELS, check_labels, examples_needed, skip_signal
from .config import TrainConfig
from .exceptions import TrainingError
from .heads import _Calibrated, _Predicting, decide_multilabel, industry_name, read_heads, split_units
from .schema import (
    EMOTIONS,
    FLAG_AXES,
    MULTILABEL_AXES,
    SEGMENT_SENTIMENTS,
    SIGNAL_AXES,
)
from .text.features import TextFeatures

__all__ = ["MultiAxisClassifier", "decide_multilabel", "split_units"]


class MultiAxisClassifier(_Predicting, BaseEstimator):
    """Sentiment, touchpoints and areas from one set of text features.

    A scikit-learn estimator: every hyperparameter is an ``__init__`` argument (so ``get_params``,
    ``set_params``, ``clone`` and ``GridSearchCV`` work); ``fit(texts, labels)``, ``predict(texts)``
    (a frame with one column per axis), ``predict_proba(texts)`` (axis -> probabilities) and
    ``score(texts, labels)``. ``TrainConfig`` holds the same settings as a validated record.

    Parameters
    ----------
    word_ngrams, char_ngrams, min_df, max_features, lexicon, cues, antonyms : text features (``TextFeatures``).
    industries : learn industry words from the data's ``industry`` column (``_training_industries``), so
        that ``classify(..., industry=...)`` can read a word as that industry uses it.
    industry_fit : ``"residual"`` (industry weights fitted after the shared heads, as corrections of their
        out-of-fold scores: ``_fit_industry_residuals``) or ``"joint"`` (learnt with them).
    industry_dropout : with ``"joint"``, the share of the training rows featurised without their industry.
    industry_weight : scale of the industry words beside the shared features (``TextFeatures``).
    C_sentiment, C_labels : inverse regularisation of the logistic regressions.
    folds : cross-validation folds for calibration, thresholds and the reported scores.
    min_examples : a label with fewer training comments than this cannot be learnt (nor one with fewer than 2,
        whatever it says: a label is scored out of fold).
    min_threshold : lowest probability a multi-label threshold may take.
    seed : seed of the fold split.
    n_jobs : parallel jobs for cross-validation fits.

    Attributes
    ----------
    features_ : TextFeatures
    sentiment_ : comment-level model over the sentiment labels seen in training (``mixed`` included).
    segment_sentiment_ : unit-level model over positive/neutral/negative.
    labels_ : dict axis -> fitted one-vs-rest ``_Calibrated`` model.
    thresholds_ : dict axis -> per-label probability thresholds chosen on out-of-fold predictions.
    cv_predictions_ : out-of-fold comment-level predictions, used for the reported cross-validation scores.
    """

    def __init__(self, *, word_ngrams=(1, 3), char_ngrams=(3, 5), min_df=2, max_features=60_000, lexicon=True,
                 cues=True, antonyms=True, industries=True, industry_dropout=0.65, industry_weight=0.5,
                 industry_fit="residual",
                 C_sentiment=4.0, C_labels=8.0, folds=5, min_examples=10, min_threshold=0.2, seed=13, n_jobs=1):
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_features = max_features
        self.lexicon = lexicon
        self.cues = cues
        self.antonyms = antonyms
        self.industries = industries
        self.industry_dropout = industry_dropout
        self.industry_weight = industry_weight
        self.industry_fit = industry_fit
        self.C_sentiment = C_sentiment
        self.C_labels = C_labels
        self.folds = folds
        self.min_examples = min_examples
        self.min_threshold = min_threshold
        self.seed = seed
        self.n_jobs = n_jobs

    @classmethod
    def from_config(cls, config: TrainConfig | None = None, *, n_jobs: int = 1) -> MultiAxisClassifier:
        return cls(**(config or TrainConfig()).params(), n_jobs=n_jobs)

    @property
    def config(self) -> TrainConfig:
        """The hyperparameters as a validated ``TrainConfig`` (raises ``ConfigError`` when out of range)."""
        return TrainConfig(**{name: getattr(self, name) for name in TrainConfig().params()})

    def __setstate__(self, state):
        # Pickles of cxnlp 0.1 kept the settings in one ``config`` attribute.
        legacy = state.pop("config", None)
        super().__setstate__(state)
        if legacy is not None:
            for name, default in TrainConfig().params().items():
                setattr(self, name, vars(legacy).get(name, False if name in ("cues", "antonyms", "industries") else default))

    # -- training -----------------------------------------------------------------------------
    def fit(self, texts, labels: pd.DataFrame):
        """Fit on ``texts`` and a frame with columns ``sentiment`` (str or None) and
        ``touchpoints``/``areas`` (lists of labels or None), and optionally ``weight`` (per-row sample
        weight, default 1) and ``industry`` (see ``industries``). A missing label skips that axis for that row."""
        cfg = self.config
        texts = list(texts)
        labels = labels.reset_index(drop=True)
        if len(texts) != len(labels):
            raise TrainingError(f"{len(texts)} texts but {len(labels)} label rows; expected the same number.")
        check_labels(labels, examples_needed(cfg.min_examples))
        self.features_ = TextFeatures(word_ngrams=cfg.word_ngrams, char_ngrams=cfg.char_ngrams,
                                      min_df=cfg.min_df, max_features=cfg.max_features, lexicon=cfg.lexicon,
                                      cues=cfg.cues, antonyms=cfg.antonyms, industry_weight=cfg.industry_weight)
        units, groups = split_units(texts)
        if cfg.min_df > len(units):  # (scikit-learn's bare "max_df corresponds to < documents than min_df")
            raise TrainingError(f"min_df={cfg.min_df}: a feature must appear in at least that many texts, and the "
                                f"{len(texts)} comment(s) make {len(units)} (their opinion units); expected a min_df "
                                f"from 1 to {len(units)}, such as the default, 2.")
        industries = self._training_industries(labels, cfg)
        try:
            X = self.features_.fit_transform(units, groups=groups,
                                             industries=None if industries is None else [industries[g] for g in groups])
        except ValueError as error:  # scikit-learn's vectorisers, on too few or too short comments
            if "no terms remain" not in str(error) and "empty vocabulary" not in str(error):
                raise
            raise TrainingError(
                f"{len(texts)} comment(s) share no word or character sequence in at least min_df={cfg.min_df} of "
                f"them: too few to learn from. Label more comments, or add yours to the shipped corpus with --base "
                f"default (cxnlp.train(..., base='default')).") from None
        residual = industries is not None and cfg.industry_fit == "residual"
        self._oof = {} if residual else None  # head -> out-of-fold scores, for _fit_industry_residuals
        if residual:  # the heads learn the shared columns alone; the industry block corrects them after
            shared = X.shape[1] - len(self.features_.industry_.vocabulary_)
            X, X_industry = X[:, :shared].tocsr(), X[:, shared:].tocsr()
        weights = (labels["weight"].astype(float).fillna(1.0).to_numpy() if "weight" in labels
                   else np.ones(len(labels)))
        self.cv_predictions_ = {}

        sent = labels["sentiment"]
        rows = np.flatnonzero(sent.notna().to_numpy())
        y = sent.iloc[rows].astype(str).to_numpy()
        self.sentiment_, self.cv_predictions_["sentiment"] = self._fit_multiclass(X[rows], y, cfg, rows, weights[rows])
        seg_rows = rows[np.isin(y, SEGMENT_SENTIMENTS)]
        self.segment_sentiment_, _ = self._fit_multiclass(
            X[seg_rows], sent.iloc[seg_rows].astype(str).to_numpy(), cfg, seg_rows, weights[seg_rows],
            name="segment_sentiment")

        self.labels_, self.thresholds_ = {}, {}
        for axis in MULTILABEL_AXES:
            self._fit_multilabel(X, labels[axis], axis, cfg, weights)
        self._fit_signals(X, labels, cfg, weights)
        if residual:
            self._fit_industry_residuals(X_industry, np.array([i is not None for i in industries]), weights, cfg)
        del self._oof
        self.industry_detector_ = None
        if len(getattr(self.features_, "industries_", ())) >= 2:  # one industry leaves nothing to recognise
            self._fit_industry_detector(X, labels, cfg)
        return self

    def _fit_industry_detector(self, X, labels: pd.DataFrame, cfg):
        """A multinomial model of each comment's industry from its shared features (``industry="auto"``):
        trained on the rows whose industry the industry words learnt, its weights zero on their columns."""
        known = set(self.features_.industries_)
        names = np.array([industry_name(v) for v in labels["industry"]], dtype=object)
        rows = np.flatnonzero([n in known for n in names])
        width = self.sentiment_.coef_t.shape[0]  # every column, the industry words' included
        shared = width - len(self.features_.industry_.vocabulary_)
        lr = LogisticRegression(C=cfg.C_sentiment, max_iter=2000).fit(X[rows][:, :shared], names[rows].astype(str))
        coef = np.hstack([lr.coef_, np.zeros((lr.coef_.shape[0], width - shared))])
        if len(lr.classes_) == 2:  # scikit-learn's one logit for two classes, as two
            coef, intercept = np.vstack([-coef / 2, coef / 2]), np.array([-lr.intercept_[0] / 2, lr.intercept_[0] / 2])
        else:
            intercept = lr.intercept_
        softmax = SimpleNamespace(coef_=np.eye(len(lr.classes_)), intercept_=np.zeros(len(lr.classes_)))
        self.industry_detector_ = _Calibrated(lr.classes_, coef, intercept, softmax)  # probabilities: softmax of scores

    def _fit_industry_residuals(self, X_industry, told, weights, cfg):
        """Industry weights as a correction of the shared heads (``industry_fit="residual"``): for each head,
        on the rows that name an industry, the weights ``V`` that minimise the log loss of the head's
        calibrated probabilities computed from its out-of-fold scores plus ``X_industry @ V``, the shared
        weights held fixed and ``V`` regularised as the head's own weights (``C_sentiment`` or ``C_labels``).
        Out-of-fold scores are what the shared weights make of a comment they have not seen, so ``V``
        learns what an industry changes on new comments, not what the shared weights memorised.
        ``V`` becomes the head's rows for the industry block: a comment without an industry is read
        exactly as by the shared heads alone, and the thresholds are theirs."""
        heads = {"sentiment": self.sentiment_, "segment_sentiment": self.segment_sentiment_, **self.labels_,
                 **self.signals_}
        for name, model in heads.items():
            rows, oof, target, C = self._oof[name]
            keep = told[rows]
            V = np.zeros((X_industry.shape[1], model.coef_t.shape[1]))
            if keep.any():
                X, w = X_industry[rows[keep]], weights[rows[keep]]
                if model.calibrator is not None:
                    V = residual_binary(X, oof[keep], model.calibrator, target[keep], w, C)
                else:
                    V = residual_multinomial(X, oof[keep], model.cal_coef, model.cal_intercept, target[keep], w, C)
            model.coef_t = np.ascontiguousarray(np.vstack([model.coef_t, V.astype(np.float32)]))

    @staticmethod
    def _training_industries(labels: pd.DataFrame, cfg) -> list[str | None] | None:
        """Each row's industry for the industry words, or None when they are off or the data names none.

        An industry with fewer than ``min_examples`` rows is not learnt. With ``industry_fit="joint"``, a
        share ``industry_dropout`` of the rows (drawn with ``seed``) is featurised without its industry, so
        the words' weights shared by every industry still carry what they mean everywhere."""
        if not cfg.industries or "industry" not in labels:
            return None
        names = [industry_name(v) for v in labels["industry"]]
        counts = pd.Series([n for n in names if n is not None], dtype=object).value_counts()
        known = set(counts.index[counts >= cfg.min_examples])
        rare = {name: int(n) for name, n in sorted(counts.items()) if n < cfg.min_examples}
        if rare:  # (they were left out unsaid, where a signal's rare values are warned of: skip_signal)
            from .exceptions import IndustrySkippedWarning, warn_outside

            # The first industries only, as for labels (SHOWN_LABELS): a column of client ids read as industries was
            # told in 125,000 characters.
            shown = list(rare)[:SHOWN_LABELS]
            detail = ", ".join(f"'{name}' has {rare[name]}" for name in shown)
            more = f" (and {len(rare) - len(shown)} more industries)" if len(rare) > len(shown) else ""
            warn_outside(f"Industry: {detail} labelled comment(s), fewer than the {cfg.min_examples} needed{more}; "
                         f"the model is trained without {'its' if len(rare) == 1 else 'their'} industry words, "
                         f"{'its' if len(rare) == 1 else 'their'} rows read as comments of no industry.",
                         IndustrySkippedWarning)
        dropped = np.random.default_rng(cfg.seed).random(len(names)) < (
            cfg.industry_dropout if cfg.industry_fit == "joint" else 0.0)
        industries = [n if n in known and not drop else None for n, drop in zip(names, dropped)]
        return industries if any(i is not None for i in industries) else None

    def _fit_signals(self, X, labels: pd.DataFrame, cfg, weights):
        """Effort (one of high/low/none), emotions (any number, none included) and the yes/no flags,
        each from the rows labelled on it; an axis no row is labelled on is simply not learnt."""
        self.signals_ = {}
        minimum = examples_needed(cfg.min_examples)
        for axis in SIGNAL_AXES:
            if axis not in labels or not labels[axis].notna().any():
                continue
            column = labels[axis]
            if axis == "effort":
                rows = np.flatnonzero(column.notna().to_numpy())
                y = column.iloc[rows].astype(str).to_numpy()
                values, counts = np.unique(y, return_counts=True)
                if len(values) < 2 or counts.min() < minimum:
                    skip_signal(axis, dict(zip(values, counts)), minimum, need_two=True)
                    continue
                self.signals_[axis], self.cv_predictions_[axis] = self._fit_multiclass(
                    X[rows], y, cfg, rows, weights[rows], axis=axis)
                continue
            if axis in FLAG_AXES:  # yes/no -> a one-label set, so thresholds are chosen out of fold
                column = column.map(lambda v: None if not isinstance(v, str) else (("yes",) if v == "yes" else ()))
            labelled = column.dropna()
            counts = pd.Series([label for v in labelled for label in v], dtype=object).value_counts().to_dict()
            rare = {label: n for label, n in counts.items() if n < minimum}
            if rare or not counts:  # emotions learn the values they can; a flag needs its 'yes'
                skip_signal(axis, rare or {("yes" if axis in FLAG_AXES else "any emotion"): 0}, minimum)
                if axis in FLAG_AXES or len(rare) == len(counts):
                    continue
                column = column.map(lambda v: v if not isinstance(v, tuple) else tuple(x for x in v if x not in rare))
            always = {label for label, n in counts.items() if label not in rare and len(labelled) - n < MIN_ABSENT}
            if always:  # on every labelled comment but one or none: nothing to tell it from
                from .exceptions import SignalSkippedWarning, warn_outside

                warn_outside(f"Signal '{axis}': {', '.join(repr(a) for a in sorted(always))} is on all but "
                             f"{len(labelled) - min(counts[a] for a in always)} of its {len(labelled)} labelled "
                             f"comments; a value is learnt from comments with it and at least {MIN_ABSENT} without "
                             f"it, so the model is trained without it.", SignalSkippedWarning)
                if axis in FLAG_AXES or not set(counts) - set(rare) - always:
                    continue
                column = column.map(lambda v: v if not isinstance(v, tuple) else tuple(x for x in v if x not in always))
            self._fit_multilabel(X, column, axis, cfg, weights, store=self.signals_, allow_empty=True)

    def _fit_multiclass(self, X, y, cfg, rows, w, axis="sentiment", name=None):
        """A calibrated multinomial head on rows whose labels passed ``check_labels`` (effort: ``_fit_signals``)."""
        classes = np.unique(y)
        oof = oof_scores(X, y, cfg.C_sentiment, cfg.folds, cfg.seed, self.n_jobs, w)
        calibrator = LogisticRegression(C=1.0, max_iter=2000).fit(oof, y)
        final = fit_lr(X, y, cfg.C_sentiment, cfg.seed, w)
        if self._oof is not None:
            self._oof[name or axis] = (rows, oof, np.searchsorted(final.classes_, y), cfg.C_sentiment)
        model = _Calibrated(final.classes_, final.coef_, final.intercept_, calibrator)
        return model, {"rows": rows, "y": y, "proba": calibrator.predict_proba(oof), "classes": list(classes)}

    def _fit_multilabel(self, X, column: pd.Series, axis: str, cfg, weights, store=None, allow_empty=False):
        """One-vs-rest heads on the labels of ``column``, which passed ``check_labels`` (a touchpoint or area) or
        lost those a signal cannot learn (``_fit_signals``)."""
        rows = np.flatnonzero(column.notna().to_numpy())
        sets = [set(v) for v in column.iloc[rows]]
        classes = sorted(set().union(*sets)) if sets else []
        if axis == "emotions":  # the guide's order, then any added by the user
            classes = [c for c in EMOTIONS if c in classes] + [c for c in classes if c not in EMOTIONS]
        Y = np.array([[c in s for c in classes] for s in sets], dtype=bool)
        Xa, wa = X[rows], weights[rows]

        def one(j):
            y = Y[:, j]
            oof = oof_scores(Xa, y, cfg.C_labels, cfg.folds, cfg.seed, 1, wa)[:, 0]
            a, b = platt(oof, y)
            final = fit_lr(Xa, y, cfg.C_labels, cfg.seed, wa)
            return final.coef_[0], final.intercept_[0], (a, b), 1.0 / (1.0 + np.exp(-(a * oof + b))), oof

        fitted = Parallel(n_jobs=self.n_jobs)(delayed(one)(j) for j in range(len(classes)))
        coef = np.vstack([f[0] for f in fitted])
        model = _Calibrated(classes, coef, [f[1] for f in fitted], np.array([f[2] for f in fitted]))
        proba = np.column_stack([f[3] for f in fitted])
        if self._oof is not None:
            self._oof[axis] = (rows, np.column_stack([f[4] for f in fitted]), Y, cfg.C_labels)
        (self.labels_ if store is None else store)[axis] = model
        self.thresholds_[axis] = np.array(
            [best_threshold(proba[:, j], Y[:, j], cfg.min_threshold) for j in range(len(classes))])
        self.cv_predictions_[axis] = {"rows": rows, "Y": Y, "proba": proba, "classes": classes,
                                      "pred": decide_multilabel(proba, self.thresholds_[axis], allow_empty=allow_empty)}

    @classmethod
    def from_state(cls, state: dict, arrays) -> MultiAxisClassifier:
        self = cls.from_config(TrainConfig.from_dict(state["config"]))
        self.features_ = TextFeatures.from_state(state["features"], arrays)
        read_heads(self, state, arrays)
        return self

    def _check_fitted(self) -> None:
        check_is_fitted(self, "features_")

    def score(self, texts, labels: pd.DataFrame) -> float:
        """Mean macro-F1 over the axes labelled in ``labels`` (rows with a blank cell skip that axis)."""
        from sklearn.metrics import f1_score
        from sklearn.preprocessing import MultiLabelBinarizer

        labels = labels.reset_index(drop=True)
        pred = self.predict(list(texts))
        scores = []
        if "sentiment" in labels:
            rows = labels["sentiment"].notna().to_numpy()
            if rows.any():
                scores.append(f1_score(labels["sentiment"][rows].astype(str), pred["sentiment"][rows], average="macro"))
        for axis in MULTILABEL_AXES:
            if axis not in labels:
                continue
            rows = labels[axis].notna().to_numpy()
            if rows.any():
                binarizer = MultiLabelBinarizer(classes=self.labels_[axis].classes)
                truth = binarizer.fit_transform([tuple(v) for v in labels[axis][rows]])
                scores.append(f1_score(truth, binarizer.transform(pred[axis][rows]), average="macro", zero_division=0))
        return float(np.mean(scores)) if scores else float("nan")
