"""``evaluate``: score a model on labelled comments, per axis and per class, with confusion
matrices, calibration (expected calibration error) and the examples it gets most wrong."""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from .exceptions import ConfigError, DataError, shown_value
from ._label_messages import _no_label_column, _warn_unpredicted_labels
from .labelled import frame_to_score, known_labels, known_names
from .model import Model, check_model
from .schema import AXES, DEFAULT_INDUSTRY, FLAG_AXES, MULTILABEL_AXES, SIGNAL_AXES


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """ECE: the mean gap between confidence and accuracy over equal-width confidence bins, weighted by size."""
    confidence, correct = np.asarray(confidence, float), np.asarray(correct, float)
    if not len(confidence):
        return float("nan")
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            ece += mask.mean() * abs(confidence[mask].mean() - correct[mask].mean())
    return float(ece)


def _class_table(y_true, y_pred, labels) -> pd.DataFrame:
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    return pd.DataFrame({"precision": p, "recall": r, "f1": f, "support": s}, index=labels)


#: The confusion matrix's column of the rows given no prediction (None: a comment the model does not label, status
#: ``empty`` or ``not_spanish``...). Not a label id, which is snake_case.
NO_PREDICTION = "(none)"


def score_single(y_true, y_pred, labels, confidence=None) -> dict:
    """Scores of a single-label axis (sentiment, effort) on the classes ``labels``. A prediction of None is a miss
    of the row's class: the confusion matrix gives such rows a last column of their own, ``NO_PREDICTION`` (its
    row all zeros, the matrix square), so that it counts every row once, and micro-F1 counts them as misses, which
    keeps it equal to accuracy. They stay out of ``per_class`` and macro-F1, which are over ``labels``."""
    y_true = np.asarray(y_true, dtype=object)
    y_pred = np.array([NO_PREDICTION if p is None else p for p in y_pred], dtype=object)
    labels = list(labels)
    columns = labels + [NO_PREDICTION] if (y_pred == NO_PREDICTION).any() else labels
    table = _class_table(y_true, y_pred, labels)
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, labels=columns, average="micro", zero_division=0)
    out = {
        "n": int(len(y_true)),
        "accuracy": float(np.mean(y_true == y_pred)) if len(y_true) else float("nan"),
        "macro_f1": float(table["f1"].mean()),
        "micro_f1": float(f),
        "per_class": table.round(4).to_dict(orient="index"),
        # matrix[i][j]: the rows labelled columns[i] predicted columns[j]
        "confusion": {"labels": columns, "matrix": _confusion(y_true, y_pred, columns)},
    }
    if confidence is not None:
        # Calibration is of the predictions made: a row given none has no confidence to compare with its accuracy.
        # Counted at confidence 0 and wrong, each such row was "perfectly calibrated" and pulled the ECE down; with
        # no row predicted there is no ECE (None, not NaN, which JSON does not have).
        made = y_pred != NO_PREDICTION
        ece = expected_calibration_error(np.asarray(confidence, float)[made], (y_true == y_pred)[made])
        out["ece"] = ece if made.any() else None
    return out


def _confusion(y_true, y_pred, labels) -> list[list[int]]:
    """The confusion matrix over ``labels``. scikit-learn warns of a 1 x 1 matrix ("use the 'labels' parameter to
    pass all known labels") though they are passed: a file whose rows all have one class, each predicted so, said it
    to the user of ``cxnlp evaluate``, who has no such parameter. That matrix is counted here instead of muted with
    ``warnings.catch_warnings``, which swaps the process-wide filters: ``evaluate`` in two threads could leave the
    warning muted for the whole process, or let it through in the other thread."""
    if len(labels) == 1:
        return [[int(np.count_nonzero((y_true == labels[0]) & (y_pred == labels[0])))]]
    return confusion_matrix(y_true, y_pred, labels=labels).tolist()


def score_multi(true_sets, pred_sets, labels) -> dict:
    """Scores of a multi-label axis (touchpoints, areas): each label scored as its own yes/no question."""
    labels = list(labels)
    # (rows, labels) even without a label (an emotions column whose every row says "no emotion")
    Y = np.array([[l in t for l in labels] for t in true_sets], dtype=bool).reshape(len(true_sets), len(labels))
    P = np.array([[l in p for l in labels] for p in pred_sets], dtype=bool).reshape(len(pred_sets), len(labels))
    rows = []
    for j in range(len(labels)):
        p, r, f, _ = precision_recall_fscore_support(Y[:, j], P[:, j], average="binary", zero_division=0)
        rows.append((p, r, f, int(Y[:, j].sum())))
    table = pd.DataFrame(rows, columns=["precision", "recall", "f1", "support"], index=labels)
    tp, fp, fn = (Y & P).sum(), (~Y & P).sum(), (Y & ~P).sum()
    # No label to find and none claimed (emotions all "no emotion", none predicted): F1 is undefined, not 0 (nor NaN,
    # which JSON does not have), as for a flag nobody raises.
    macro_f1 = float(table["f1"].mean()) if labels else None
    micro_f1 = float(2 * tp / max(1, 2 * tp + fp + fn)) if labels else None
    confusion = {l: {m: int((Y[:, i] & P[:, j] & ~P[:, i]).sum()) for j, m in enumerate(labels) if j != i}
                 for i, l in enumerate(labels)}
    return {
        "n": int(len(Y)),
        "exact_match": float(np.mean((Y == P).all(axis=1))) if len(Y) else float("nan"),
        "macro_f1": macro_f1,
        "micro_f1": micro_f1,
        "per_class": table.round(4).to_dict(orient="index"),
        # confusion[true][predicted]: comments with `true` that got `predicted` instead of `true`.
        "confusion": confusion,
    }


def evaluate(model: Model, data: pd.DataFrame, *, worst: int = 20, industry_column: str | None = None,
             redact: bool = True) -> dict:
    """Score ``model`` on labelled ``data`` (``read_training_data`` output, or any frame with ``text``
    and label columns, headers and cells read as training data's are, but for training's own rules:
    ``labelled.frame_to_score``; multi-label cells as tuples, lists or '|' strings). Rows unlabelled on an axis
    (a blank cell, or ``NA``) are skipped for that axis. With
    ``industry_column`` (e.g. ``"industry"``), each row is classified as one from the industry that column names
    (``Model.classify_frame``); without it, as ``classify`` reads a comment by default (``industry="default"``).

    Returns a dict: ``n`` (rows), per axis the data labels ``{n, accuracy (single-label axes) or exact_match
    (multi-label axes; the yes/no flags have both), macro_f1, micro_f1, per_class, confusion}``, sentiment's
    with ``ece`` too (its expected calibration error over the rows given a sentiment, None where none is; no other
    axis has one), and ``worst``: the examples the model gets most wrong (confidently wrong sentiment first), at
    most ``worst`` of them (0 or more), each with its ``row`` (and its ``file``, where ``data`` was read from
    several: ``_worst``), its ``text`` (its first ``WORST_CHARS``, " …" after a cut) with its personal data
    replaced by placeholders (``[TELÉFONO]``...) unless ``redact=False``, as the report's quotes are
    (docs/privacy.md, ``cxnlp docs privacy``; the rows are classified as written). A single-label axis's
    ``confusion`` is ``{labels, matrix}``, ``matrix[i][j]`` the rows labelled ``labels[i]`` and predicted
    ``labels[j]``; rows given no prediction (a comment not classified: status ``empty``, ``not_spanish``...) are misses, counted in a last
    column ``"(none)"`` (``score_single``), so the matrix adds up to ``n`` and micro-F1 equals accuracy.
    """
    check_model(model, "evaluate")
    if isinstance(worst, bool) or not isinstance(worst, numbers.Integral) or worst < 0:  # (-1 dropped the last one)
        raise ConfigError(f"worst={shown_value(worst)}: expected a whole number of examples, 0 or more.")
    if not isinstance(redact, (bool, np.bool_)):
        raise ConfigError(f"redact={shown_value(redact)}: expected True or False.")
    data = frame_to_score(data, what="evaluate", known=known_labels(model),
                          named=known_names(model))  # a model's own 'precio' stays
    _warn_unpredicted_labels(data, [model], "evaluate", ("sentiment", *MULTILABEL_AXES, "effort", "emotions"))
    texts = data["text"].tolist()
    industries = DEFAULT_INDUSTRY
    if industry_column is not None:
        from .model import industry_cells

        read = {"source_file", "row"} <= set(data.columns)  # (added where the rows were read: not columns to name)
        rows = ([f"{_file_of(file) or 'data'}: row {row}" for file, row in zip(data["source_file"], data["row"])]
                if read else [f"data: row {i}" for i in range(1, len(data) + 1)])
        industries = industry_cells(data.drop(columns=["source_file", "row"]) if read else data, industry_column,
                                    model.industries, model.classifier.recognises_industries, rows=rows)
    results = list(model.classify_many(texts, industry=industries))
    report: dict = {"n": len(texts)}
    if "sentiment" in data and data["sentiment"].notna().any():
        mask = data["sentiment"].notna().to_numpy()
        truth = data["sentiment"][mask].astype(str).to_numpy()
        res = [r for r, m in zip(results, mask) if m]
        pred = [r.sentiment for r in res]  # None for a comment not classified: score_single's NO_PREDICTION
        conf = np.array([r.probabilities.get(r.sentiment, 0.0) if r.sentiment else 0.0 for r in res])
        report["sentiment"] = score_single(truth, pred, _classes(truth, pred), conf)
    for axis in MULTILABEL_AXES:
        if axis not in data:
            continue
        cells = data[axis]
        mask = cells.notna().to_numpy()
        if not mask.any():  # an axis the file does not label (a sentiment-only file)
            continue
        truth = [set(v) for v in cells[mask]]
        pred = [set(getattr(r, axis)) for r, m in zip(results, mask) if m]
        labels = sorted(set().union(*truth, *pred)) if truth else []
        report[axis] = score_multi(truth, pred, labels)
    report.update(_score_signals(data, results))
    if len(report) == 1:
        raise DataError(_nothing_to_score(data, model))
    report["worst"] = _worst(data, results, worst, redact=bool(redact))
    return report


def _nothing_to_score(data: pd.DataFrame, model) -> str:
    """Why ``data`` gave ``evaluate`` nothing to score: no labelled row, or labels only of signals ``model`` does not
    predict (trained without them), which it said as "no row has a label ... fill in the labels"."""
    unscored = [axis for axis in SIGNAL_AXES if axis in data and data[axis].notna().any() and axis not in model.labels]
    if unscored:
        return (f"The rows label only {', '.join(unscored)}, which the model does not predict (it was trained without "
                f"{'it' if len(unscored) == 1 else 'them'}); label sentiment, touchpoints or areas too, or evaluate a "
                f"model trained on {'it' if len(unscored) == 1 else 'them'}.")
    if not any(axis in data for axis in (*AXES, *SIGNAL_AXES)):  # ("fill in the labels" of a column it had not)
        return _no_label_column(data, (*AXES, *SIGNAL_AXES))
    return ("No row has a label to compare with (sentiment, touchpoints, areas or a signal); fill in the labels of the "
            "rows to evaluate on.")


def _classes(truth, pred) -> list[str]:
    """The classes of a single-label axis: those labelled or predicted (None, no prediction, is none)."""
    return sorted(set(truth) | {p for p in pred if p is not None})


def _score_signals(data: pd.DataFrame, results) -> dict:
    """Scores of the signals the model predicts and ``data`` is labelled on: effort as a single-label
    axis, emotions as a multi-label one (an empty set is a valid answer), each flag as its ``yes`` label. A labelled
    row the model does not classify (status ``not_spanish``, ``empty``...) is scored as predicting nothing, as on the
    axes (a miss of its effort, of its flag's answer, of each emotion it has): left out, it raised the signal's
    scores, and its ``n`` was not the number of rows labelled on it."""
    report = {}
    for axis in SIGNAL_AXES:
        if axis not in data or all(getattr(r, axis) is None for r in results if r.labelled):
            continue
        cells = data[axis]
        mask = cells.notna().to_numpy()
        if not mask.any():
            continue
        res = [r for r, m in zip(results, mask) if m]
        if axis == "effort":
            truth = cells[mask].astype(str).to_numpy()
            pred = [r.effort for r in res]
            report[axis] = score_single(truth, pred, _classes(truth, pred))
            continue
        if axis in FLAG_AXES:
            truth = [{"yes"} if v == "yes" else set() for v in cells[mask]]
            pred = [{"yes"} if getattr(r, axis) else set() for r in res]
            scores = score_multi(truth, pred, ["yes"])
            # a 'no' left unanswered is a miss as a 'yes' is: exact_match (score_multi's, a hit for it) says the same
            scores["accuracy"] = scores["exact_match"] = float(np.mean([r.labelled and t == p
                                                                        for r, t, p in zip(res, truth, pred)]))
            if not any(truth) and not any(pred):  # no 'yes' to find and none claimed: F1 is undefined, not 0
                scores["macro_f1"] = scores["micro_f1"] = None
            report[axis] = scores
            continue
        truth = [set(v) for v in cells[mask]]
        pred = [set(r.emotions or ()) for r in res]
        report[axis] = score_multi(truth, pred, sorted(set().union(*truth, *pred)))
    return report


def _worst(data: pd.DataFrame, results, n: int, *, redact: bool = True) -> list[dict]:
    """The rows ``evaluate`` lists as most confidently wrong; each names its file where ``data`` was read from
    several (a folder): their row numbers, each counted in its own file, said nothing of which one. A row of no
    file (a frame's ``source_file`` left blank) has ``file`` None, where it was NaN and printed "nan"."""
    files = "source_file" in data and data["source_file"].nunique() > 1
    # the row as read_training_data and its messages count it (1-based data row of its file), else position + 1: a
    # frame's own 'row' column (an id, a text) is the user's, not a row number ('abc' raised a ValueError)
    read = {"source_file", "row"} <= set(data.columns)
    counted = pd.to_numeric(data["row"], errors="coerce").tolist() if read else [float("nan")] * len(data)
    rows = []
    for i, (row, r) in enumerate(zip(data.itertuples(index=False), results)):
        truth = getattr(row, "sentiment", None)
        if not isinstance(truth, str) or r.sentiment is None or r.sentiment == truth:
            continue
        number = int(counted[i]) if pd.notna(counted[i]) else i + 1
        rows.append({**({"file": _file_of(row.source_file)} if files else {}), "row": number, "text": row.text, "expected": truth, "predicted": r.sentiment,
                     "confidence": r.probabilities.get(r.sentiment, 0.0),
                     "touchpoints": "|".join(r.touchpoints), "areas": "|".join(r.areas)})
    rows.sort(key=lambda d: -d["confidence"])
    rows = rows[:n]
    # A comment of 200,000 characters (a pasted thread) went whole into every report: its first WORST_CHARS are
    # shown, read (and redacted) from a few times as many, so that a phone cut in two is never shown in part.
    texts = [str(row["text"])[:8 * WORST_CHARS] for row in rows]
    if redact:  # the comments shown, as the report's quotes and discover's examples are (docs/privacy.md)
        from .pii import redact_many

        texts = [redaction.text for redaction in redact_many(texts)]
    for row, text in zip(rows, texts):
        row["text"] = _cut(text, WORST_CHARS)
    return rows


#: The characters of a comment ``evaluate`` shows among its worst examples; the terminal and Markdown show fewer.
WORST_CHARS = 300


def _cut(text: str, limit: int) -> str:
    """``text`` as it is, or cut before ``limit`` characters at a space (mid-word where there is none), " …" marking
    the cut: a comment was cut mid-word, with nothing to say it went on."""
    if len(text) <= limit:
        return text
    head = text[:limit - 2]
    space = head.rfind(" ")
    if space > limit // 2:
        return head[:space].rstrip() + " …"
    import re
    import unicodedata

    from .pii import PLACEHOLDERS

    # Mid-word: never inside a placeholder ('[EM …' of '[EMAIL]') nor between a letter or emoji and its accent,
    # joiner or modifier ('e' of 'é' written e + U+0301).
    cut = len(head)
    for match in re.finditer("|".join(map(re.escape, PLACEHOLDERS.values())), text[max(0, cut - 12):cut + 12]):
        if match.start() < min(cut, 12) < match.end():
            cut -= min(cut, 12) - match.start()
    while 1 < cut < len(text) and ("\u200d" in text[cut - 1:cut + 1]
                                   or unicodedata.category(text[cut]) in ("Mn", "Mc", "Me", "Sk")):
        cut -= 1
    return text[:cut].rstrip() + " …"


def _file_of(cell) -> str | None:
    """The file a row was read from, as its ``source_file`` names it; None for a blank cell (NaN, None, "")."""
    return None if not isinstance(cell, str) and pd.isna(cell) else str(cell).strip() or None


def report_tables(report: dict) -> dict[str, pd.DataFrame]:
    """Per-axis per-class tables (precision, recall, F1, support) with macro and micro rows."""
    tables = {}
    for axis in ("sentiment", *MULTILABEL_AXES, *SIGNAL_AXES):
        if axis not in report:
            continue
        part = report[axis]
        # (its columns named: an emotions column of "no emotion" alone, none predicted, has no class, and no column)
        table = pd.DataFrame(part["per_class"], dtype=float).T.reindex(columns=["precision", "recall", "f1", "support"])
        table.loc["macro avg"] = [table["precision"].mean(), table["recall"].mean(), part["macro_f1"], table["support"].sum()]
        table.loc["micro avg", "f1"] = part["micro_f1"]
        table = table.round(4)
        # whole numbers, and a blank (not '<NA>') where a row has no support of its own (micro avg)
        table["support"] = pd.Series([str(int(v)) if pd.notna(v) else "" for v in table["support"]], index=table.index,
                                     dtype=object)
        tables[axis] = table
    return tables


def format_report(report: dict, fmt: str = "text") -> str:
    """The evaluation ``report`` as 'text' (terminal), 'markdown', 'html' or 'json'."""
    import json

    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False, default=float)
    tables = report_tables(report)
    worst = pd.DataFrame(report.get("worst", []))
    if fmt == "html":
        parts = [f"<h2>{axis}</h2>{t.to_html(na_rep='')}" for axis, t in tables.items()]
        if report.get("sentiment", {}).get("ece") is not None:
            parts.append(f"<p>Sentiment expected calibration error: {report['sentiment']['ece']:.4f}</p>")
        parts.append("<h2>Most confidently wrong</h2>" + (worst.to_html(index=False) if len(worst) else "<p>none</p>"))
        return ("<!doctype html><html lang='en'><meta charset='utf-8'><title>cxnlp evaluation</title>"
                "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}</style>"
                f"<h1>cxnlp evaluation ({report['n']} comments)</h1>{''.join(parts)}</html>")
    render = _markdown if fmt == "markdown" else (lambda t: t.to_string(na_rep=""))
    lines = [f"# cxnlp evaluation: {report['n']} comments" if fmt == "markdown" else f"cxnlp evaluation: {report['n']} comments"]
    for axis, table in tables.items():
        lines += ["", f"## {axis}" if fmt == "markdown" else f"[{axis}]", render(table)]
    if report.get("sentiment", {}).get("ece") is not None:
        lines += ["", f"sentiment expected calibration error: {report['sentiment']['ece']:.4f}"]
    if len(worst):
        lines += ["", "most confidently wrong (sentiment):"]
        shown = [f"  {w['expected']:>8} -> {w['predicted']:<8} {w['confidence']:.2f}  "
                 + (f"{w['file'] or ''} row {w['row']}: ".lstrip() if "file" in w else "")
                 + _cut(" ".join(w["text"].split()), 90)
                 for w in report["worst"]]  # as many as asked for (--worst), as the JSON and HTML list
        # In Markdown the comments are a code block: their text is shown, never read as markup or links.
        lines += ["```", *(line.replace("`", "'") for line in shown), "```"] if fmt == "markdown" else shown
    return "\n".join(lines)


def _markdown(table: pd.DataFrame) -> str:
    header = "| | " + " | ".join(_md_cell(c) for c in table.columns) + " |"
    rule = "|---" * (len(table.columns) + 1) + "|"
    body = ["| " + _md_cell(i) + " | " + " | ".join("" if pd.isna(v) else _md_cell(v) for v in row) + " |"
            for i, row in zip(table.index, table.itertuples(index=False))]
    return "\n".join([header, rule, *body])


def _md_cell(value) -> str:
    """A table cell's text for Markdown: one line, HTML and Markdown's own characters escaped (label names are
    the user's)."""
    import html

    text = html.escape(" ".join(str(value).split()), quote=False)
    return "".join("\\" + c if c in "\\`*[]|" else c for c in text)
