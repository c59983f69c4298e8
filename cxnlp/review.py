"""The review queue: the comments most worth labelling next, in the training-data format."""

from __future__ import annotations

import pandas as pd
from sklearn.preprocessing import normalize as l2_normalize

from .labelled import text_key
from .schema import LABEL_SEP

# How close (cosine of the model's features) a comment may be to one already picked.
MAX_SIMILARITY = 0.6
# A label whose probability is this close to its threshold could easily flip.
NEAR_THRESHOLD = 0.05


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
            reasons.append("near threshold: " + ", ".join(f"{label} {p:.2f} vs {t:.2f}" for label, p, t in near))
    return priority, reasons


def review_queue(model, texts, *, n: int = 200, max_similarity: float = MAX_SIMILARITY) -> pd.DataFrame:
    """Pick up to ``n`` comments worth labelling: low confidence, undecided sentiment, labels near
    their thresholds, units that disagree with the comment, spread out so near-identical complaints
    are not picked twice.

    Returns a DataFrame in the training format (``text``, ``sentiment``, ``touchpoints``, ``areas``
    pre-filled with the model's suggestions; ``notes`` says why it was picked; ``input_row`` is the
    0-based row of the input) ready to correct and feed to ``cxnlp train``.
    """
    texts = list(texts)
    results = list(model.classify_many(texts))
    candidates = [(i, r) for i, r in enumerate(results) if r.labelled]
    if not candidates:
        return pd.DataFrame(columns=["input_row", "text", "sentiment", "touchpoints", "areas", "confidence", "notes"])
    clf = model.classifier
    classes = clf.classes_
    thresholds = {axis: dict(zip(classes[axis], clf.thresholds_[axis])) for axis in clf.thresholds_ if axis in classes}
    scored = [(_reasons(r, thresholds), i, r) for i, r in candidates]
    order = sorted(range(len(scored)), key=lambda k: (-scored[k][0][0], scored[k][1]))
    X = l2_normalize(model.classifier.features_.transform([texts[scored[k][1]] for k in order]))
    picked, picked_rows, picked_keys = [], [], set()
    for pos, k in enumerate(order):
        if len(picked) >= n:
            break
        if picked_rows and (X[picked_rows] @ X[pos].T).max() >= max_similarity:
            continue
        key = text_key(texts[scored[k][1]])
        if key in picked_keys:  # 'El envío 👍' beside 'El envío 👎': one text to training data, which reads them alike
            continue
        picked.append(k)
        picked_rows.append(pos)
        picked_keys.add(key)
    rows = []
    for k in picked:
        (priority, reasons), i, r = scored[k]
        rows.append({"input_row": i, "text": texts[i], "sentiment": r.sentiment,
                     "touchpoints": LABEL_SEP.join(r.touchpoints), "areas": LABEL_SEP.join(r.areas),
                     "confidence": r.confidence, "notes": "; ".join(reasons) or "diverse low-priority example",
                     **_signal_suggestions(r)})
    return pd.DataFrame(rows)


def _signal_suggestions(result) -> dict:
    """The model's signals in the training format, when it has them (columns to correct like the others)."""
    if result.effort is None:
        return {}
    def flag(value):
        return None if value is None else ("yes" if value else "no")

    return {"effort": result.effort, "emotions": LABEL_SEP.join(result.emotions or ()),
            "churn_risk": flag(result.churn_risk), "escalation": flag(result.escalation)}
