"""The rules of training that the labels alone decide: each axis's labelled rows, ``minimum`` comments per label,
rows without each touchpoint or area, and sentiment's two poles (``check_labels``, a ``TrainingError`` before any
work), and the warning for a signal trained without the values it cannot learn (``skip_signal``). Kept apart from
``classify`` so that the estimator reads as fitting alone; the messages name the labels, files and rows to fix.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from .exceptions import TrainingError
from .schema import MULTILABEL_AXES


def check_labels(labels: pd.DataFrame, minimum: int) -> None:
    """The rules of training that the labels alone decide, checked before any work: a file with 3 comments of a
    new touchpoint was told so once the features of every row had been fitted and the sentiment heads
    cross-validated (minutes with ``--base default``). In the order they were met while fitting: sentiment's
    poles (``_check_unit_sentiments``), then, for sentiment, touchpoints and areas, labelled rows and ``minimum``
    comments per label (``_check_counts``) and, for a touchpoint or area, rows without it (``_check_absences``).
    Signals are not checked: one that cannot be learnt is skipped with a warning
    (``MultiAxisClassifier._fit_signals``)."""
    sentiment = labels["sentiment"].dropna().astype(str).to_numpy()
    if len(sentiment):  # (else "No row labels 'sentiment'" below)
        _check_unit_sentiments(sentiment, minimum)
    classes, counts = np.unique(sentiment, return_counts=True)
    _check_counts("sentiment", dict(zip(classes, counts)), minimum, need_two=True, labels=labels)
    for axis in MULTILABEL_AXES:
        sets = [set(v) for v in labels[axis].dropna()]
        counts = Counter(label for labelled in sets for label in labelled)
        _check_counts(axis, counts, minimum, need_two=False, labels=labels)
        _check_absences(axis, {label: len(sets) - n for label, n in counts.items()})


def _check_unit_sentiments(y, minimum: int) -> None:
    """The unit model reads each part of a comment as positive, neutral or negative, and a comment's sentiment is
    weighed from its parts: it needs rows of both poles (a file of complaints alone trained, then failed on every
    comment)."""
    counts = {s: int(np.sum(y == s)) for s in ("positive", "negative")}
    missing = [s for s, n in counts.items() if n < minimum]
    if missing:
        have = " and ".join(f"'{s}' has {counts[s]}" for s in missing)
        raise TrainingError(
            f"Axis 'sentiment': {have} labelled comment(s); 'positive' and 'negative' need at least {minimum} "
            f"each: every comment's units are read as positive, neutral or negative. Add yours to the shipped "
            f"corpus with --base default (cxnlp.train(..., base='default')), which has both.")


def _check_counts(axis: str, counts: dict, minimum: int, *, need_two: bool, labels: pd.DataFrame | None = None) -> None:
    if not counts:
        raise TrainingError(
            f"No row labels '{axis}': a model learns sentiment, touchpoints and areas, so each needs labelled rows "
            f"(a row may label only some of them). Add yours to the shipped corpus with --base default "
            f"(cxnlp.train(..., base='default')), which labels every axis.")
    few = {label: int(n) for label, n in counts.items() if n < minimum}
    if few:
        # The first labels only: a column of codes (8,000 labels of one comment each) was told in 270,000
        # characters, after a search of every row for each of them.
        shown = sorted(few)[:SHOWN_LABELS]
        detail = ", ".join(f"'{label}' has {few[label]}" for label in shown)
        more = f", and {len(few) - len(shown)} more labels have fewer" if len(few) > len(shown) else ""
        raise TrainingError(
            f"Axis '{axis}': {detail} labelled comment(s){more}; each label needs at least {minimum} to be learnt. "
            f"Label more examples or remove the label." + _rows_of(labels, axis, shown))
    if need_two and len(counts) < 2:
        raise TrainingError(f"Axis '{axis}' has only the labels {sorted(counts)}; expected at least two.")


#: The labels with too few comments a ``TrainingError`` names (with their rows), of however many.
SHOWN_LABELS = 10


def _rows_of(labels: pd.DataFrame | None, axis: str, few: list[str], shown: int = 3) -> str:
    """" Rows: 'loyalty' in datos.csv row 4." for the labels ``few`` of ``axis``, where ``labels`` has the files and
    rows of ``read_training_data`` (``source_file``, ``row``): a label used once is often a typo, and the count alone
    did not say where to look for it among thousands of rows."""
    if labels is None or not {"source_file", "row"} <= set(labels.columns):
        return ""
    places = []
    for label in few:
        held = [v == label if isinstance(v, str) else isinstance(v, (tuple, list)) and label in v for v in labels[axis]]
        files: dict[str, list[str]] = {}
        for name, row in list(zip(labels["source_file"][held], labels["row"][held]))[:shown]:
            files.setdefault(name, []).append(str(row))
        where = ", ".join(f"{name} row{'s' if len(rows) > 1 else ''} {', '.join(rows)}" for name, rows in files.items())
        places.append(f"'{label}' in {where}" + (" and more" if sum(held) > shown else ""))
    return " Rows: " + "; ".join(places) + "."


#: A label is scored out of fold by a model trained without the fold's rows: with fewer comments than this, that
#: model has none of it (scikit-learn: "needs samples of at least 2 classes"), whatever ``min_examples`` says.
MIN_PRESENT = 2


def examples_needed(min_examples: int) -> int:
    """The comments a label needs to be learnt: ``TrainConfig.min_examples``, at least ``MIN_PRESENT``."""
    return max(min_examples, MIN_PRESENT)


#: A label is learnt from rows with it and rows without it: with fewer than this many without it, its model
#: has one class in some cross-validation fold (scikit-learn: "needs samples of at least 2 classes").
MIN_ABSENT = 2


def _check_absences(axis: str, absent: dict) -> None:
    """A label on every labelled row but one or none cannot be told from its absence."""
    few = {label: int(n) for label, n in absent.items() if n < MIN_ABSENT}
    if few:
        detail = ", ".join(f"'{label}' is on every row labelled on it" if n == 0 else
                           f"'{label}' is missing from only {n} of the rows labelled on it"
                           for label, n in sorted(few.items()))
        # (leaving the column out is no way out: every axis needs labelled rows, _check_counts)
        raise TrainingError(
            f"Axis '{axis}': {detail}; a label is learnt from rows with it and rows without it, at least "
            f"{MIN_ABSENT} of those. Label at least {MIN_ABSENT} rows with other {axis} and not "
            f"{' or '.join(repr(label) for label in sorted(few))}, or add yours to the shipped corpus with --base "
            f"default (cxnlp.train(..., base='default')), which has such rows.")


def skip_signal(axis: str, counts: dict, minimum: int, *, need_two: bool = False) -> None:
    """Warn that ``axis`` is trained without the values it cannot learn, of ``counts`` (value: labelled comments),
    naming the reason: the values under ``minimum``, or, where a model tells values apart (``need_two``: effort),
    the one value labelled (50 comments of 'none' were "fewer than the 10 needed")."""
    from .exceptions import SignalSkippedWarning, warn_outside

    rare = {label: int(n) for label, n in sorted(counts.items()) if n < minimum}
    if need_two and len(counts) < 2:
        ((label, n),) = counts.items()
        detail = (f"only '{label}' is labelled ({int(n)} comment(s)), and a signal is learnt from at least two "
                  f"values" + (f", each with at least {minimum} comments" if rare else ""))
    else:
        detail = (", ".join(f"'{label}' has {n}" for label, n in rare.items())
                  + f" labelled comment(s), fewer than the {minimum} needed")
    warn_outside(f"Signal '{axis}': {detail}; the model is trained without "
                 f"{'it' if axis != 'emotions' else 'those emotions'}.", SignalSkippedWarning)
