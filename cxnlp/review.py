"""The review queue: the comments most worth labelling next, in the training-data format."""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import pandas as pd
import scipy.sparse as sp
from sklearn.preprocessing import normalize as l2_normalize

from ._reviewed import REVIEWED_COLUMN
from .exceptions import ConfigError, DataError, shown_value
from .labelled import text_key
from .model import Model, check_model, check_texts
from .schema import DEFAULT_INDUSTRY, LABEL_SEP, SIGNAL_AXES
from .text.status import coerce_text, given_text, read_part

# How close (cosine of the model's features) a comment may be to one already picked.
MAX_SIMILARITY = 0.6
# A label whose probability is this close to its threshold could easily flip.
NEAR_THRESHOLD = 0.05
# Rows whose features are computed at once while picking.
_BLOCK = 2048


def _reasons(result, thresholds: dict) -> tuple[float, list[str]]:
    """Priority (higher = more worth labelling) and why, for one classified comment."""
    reasons, priority = [], 1.0 - (result.confidence or 0.0)
    if result.confidence is not None and result.needs_review:
        reasons.append(f"low confidence {result.confidence:.2f}")
    top = sorted(result.probabilities.values(), reverse=True)
    if len(top) > 1 and top[0] - top[1] < 0.2:
        priority += 0.3
        reasons.append(f"sentiment undecided ({top[0]:.2f} vs {top[1]:.2f})")
    unit_sentiments = {s.sentiment for s in result.segments}
    if {"positive", "negative"} <= unit_sentiments and result.sentiment != "mixed":
        priority += 0.3
        reasons.append("units disagree with the comment's sentiment")
    for axis, probabilities in result.label_probabilities.items():
        if axis not in thresholds:  # effort is decided by its most probable value, not thresholds
            continue
        near = [(label, p, thresholds[axis][label]) for label, p in probabilities.items()
                if abs(p - thresholds[axis][label]) < NEAR_THRESHOLD]
        if near:
            priority += 0.2
            reasons.append("near threshold: " + ", ".join(f"{axis} {label} {p:.2f} vs {t:.2f}" for label, p, t in near))
    return priority, reasons


def queue_priorities(model, texts: list, industry=DEFAULT_INDUSTRY) -> dict[int, float]:
    """The priority of each text the model labels (``_reasons``), by position; texts it does not label are left
    out. Each result is let go once scored. ``industry`` as in ``Model.classify_many``."""
    thresholds = _thresholds(model)
    results = model.classify_many(texts, industry=industry)
    return {i: _reasons(r, thresholds)[0] for i, r in enumerate(results) if r.labelled}


def _thresholds(model) -> dict:
    clf = model.classifier
    return {axis: dict(zip(clf.classes_[axis], clf.thresholds_[axis])) for axis in clf.thresholds_ if axis in clf.classes_}


def check_settings(n, max_similarity: float = MAX_SIMILARITY) -> None:
    """A ``ConfigError`` unless ``n`` is a whole number of at least 1 and ``max_similarity`` a cosine in (0, 1]."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ConfigError(f"n={shown_value(n)}: expected an integer of at least 1.")
    if isinstance(max_similarity, bool) or not isinstance(max_similarity, numbers.Real) \
            or not 0 < max_similarity <= 1:  # (1 skips only exact twins; 0 would pick one comment)
        raise ConfigError(f"max_similarity={shown_value(max_similarity)}: expected a cosine in (0, 1].")


def review_queue(model: Model, texts: Iterable, *, n: int = 200, max_similarity: float = MAX_SIMILARITY,
                 priorities: dict[int, float] | None = None,
                 industry: str | Iterable[str | None] | None = DEFAULT_INDUSTRY) -> pd.DataFrame:
    """Pick up to ``n`` comments worth labelling: low confidence, undecided sentiment, labels near
    their thresholds, units that disagree with the comment, spread out so near-identical complaints
    are not picked twice.

    Returns a DataFrame in the training format (``text``, ``sentiment``, ``touchpoints``, ``areas``
    pre-filled with the model's suggestions; ``notes`` says why it was picked; ``input_row`` is the
    comment's row, counted from 1 by position (``list(texts)[input_row - 1]``, ``texts.iloc[input_row - 1]`` for a
    Series, whose labels need not be 0..n-1; in a file, the first row under the header), as every
    row number cxnlp shows is; with a model that knows industries, ``industry``: the one each comment was read
    as; ``reviewed``, blank: the labeller marks each row they checked) ready to correct and feed to ``cxnlp train``,
    which trains the marked rows alone (``_reviewed``). ``industry`` as in ``Model.classify_many``: one for every
    text, or one per text (an industry column's cells, ``model.industry_cells``).

    Memory does not grow with the results: each comment is classified, scored and its result let go
    (one priority per comment is kept); the picked comments, at most ``n``, are classified again for
    their suggestions (the same text gives the same result). ``priorities`` (``queue_priorities(model, texts)``,
    computed elsewhere: ``cxnlp review --jobs N`` scores chunks in worker processes) skips the scoring.
    ``n`` is a whole number of at least 1 and ``max_similarity`` a cosine in (0, 1]; anything else is a
    ``ConfigError``. A key of ``priorities`` that is no position among ``texts`` is a ``DataError``.
    """
    check_model(model, "review_queue")
    check_settings(n, max_similarity)
    check_texts(texts, "review_queue")
    values = list(texts)
    texts = [given_text(v) for v in values]  # as classify reads them: bytes decoded, lone surrogates U+FFFD
    if isinstance(industry, Iterable) and not isinstance(industry, str):
        industry = list(industry)  # by position, as the texts (a Series' labels need not be 0..n-1)
    thresholds = _thresholds(model)
    priority = queue_priorities(model, values, industry) if priorities is None else priorities
    if outside := [i for i in priority if not (isinstance(i, numbers.Integral) and 0 <= i < len(values))]:
        # (an IndexError from deep inside the picking, for priorities computed for another list of texts)
        raise DataError(f"priorities: {outside[0]!r} is no position among the {len(values)} texts (0 to "
                        f"{len(values) - 1}); give the priorities of these texts, queue_priorities(model, texts).")
    order = sorted(priority, key=lambda i: (-priority[i], i))
    picked = _diverse(model, texts, order, n, max_similarity)
    rows = []
    industries = [industry[i] for i in picked] if isinstance(industry, list) else industry
    for i, r in zip(picked, model.classify_many([values[i] for i in picked], industry=industries)):
        reasons = _reasons(r, thresholds)[1]
        rows.append({"input_row": i + 1, "text": r.text, "sentiment": r.sentiment,
                     "touchpoints": LABEL_SEP.join(r.touchpoints), "areas": LABEL_SEP.join(r.areas),
                     "confidence": r.confidence, "notes": "; ".join(reasons) or "diverse low-priority example",
                     **_signal_suggestions(r), **({"industry": r.industry} if model.industries else {}),
                     REVIEWED_COLUMN: None})  # the labeller marks the rows they checked: only those train
    return pd.DataFrame(rows, columns=_queue_columns(model))


def _queue_columns(model) -> list[str]:
    """The queue's columns, the same whether it is empty or not."""
    signals = list(SIGNAL_AXES) if "effort" in model.labels else []
    return ["input_row", "text", "sentiment", "touchpoints", "areas", "confidence", "notes", *signals,
            *(["industry"] if model.industries else []), REVIEWED_COLUMN]


def _diverse(model, texts: list, order: list[int], n: int, max_similarity: float) -> list[int]:
    """Up to ``n`` rows of ``order`` (best first), skipping one whose features are at least ``max_similarity``
    alike (cosine) to a row already picked, or whose text is one already picked. ``texts`` are as given
    (``given_text``); features are those of the part of the cleaned text a model reads (``read_part``),
    computed a block of ``_BLOCK`` rows at a time, as far down ``order`` as the picking goes."""
    picked, vectors, keys = [], None, set()
    for start in range(0, len(order), _BLOCK):
        block = order[start:start + _BLOCK]
        read = [read_part(coerce_text(texts[i]), model.max_chars) for i in block]  # what classify reads
        X = l2_normalize(model.classifier.features_.transform(read))
        for pos, i in enumerate(block):
            if len(picked) >= n:
                return picked
            row = X[pos]
            if vectors is not None and (vectors @ row.T).max() >= max_similarity:
                continue
            key = text_key(texts[i])
            if key in keys:  # 'El envío 👍' beside 'El envío 👎': one text to training data, which reads them alike
                continue
            picked.append(i)
            vectors = row if vectors is None else sp.vstack([vectors, row], format="csr")
            keys.add(key)
    return picked


def _signal_suggestions(result) -> dict:
    """The model's signals in the training format, when it has them (columns to correct like the others)."""
    if result.effort is None:
        return {}
    def flag(value):
        return None if value is None else ("yes" if value else "no")

    return {"effort": result.effort, "emotions": LABEL_SEP.join(result.emotions or ()),
            "churn_risk": flag(result.churn_risk), "escalation": flag(result.escalation)}
