"""How one cell of labelled data is read (docs/labels.md, section 9): label ids, display names, multi-label
text and lists, yes/no flags, industries, weights and the missing-value words, each as ``(value, problems, display
names read as ids, missing-value words)`` so that ``labelled`` can report every row's problems together."""

from __future__ import annotations

import difflib
import re
from collections import Counter

import numpy as np
import pandas as pd

from .columns import flag_word, fold
from .exceptions import quoted_cell
from .metrics._label_lists import null_items
from .metrics.themes import split_labels
from .schema import DEFAULT_LABELS, DISPLAY_NAMES, LABEL_SEP, MAY_BE_EMPTY, MISSING_WORDS, MULTILABEL_AXES

RE_LABEL_ID = re.compile(r"^[a-z][a-z0-9_]*$")
#: The longest label id: an id names a column of tables and reports; a longer name is a display name
#: (docs/insights.md, "Display names of labels").
MAX_LABEL_CHARS = 40
_RE_OTHER_SEP = re.compile(r"[,;/+]")
#: Any of them, or '|': what parts a single-label cell ('positive|negative') into several labels.
_RE_ANY_SEP = re.compile(r"[|,;/+]")
#: The built-in labels by their display name, folded (case, accents and spaces aside: ``columns.fold``):
#: 'precio' -> ('touchpoints', 'price'). A label cell that names one on its own axis is read as its id.
NAMED_LABELS = {fold(DISPLAY_NAMES[label]): (axis, label)
                for axis, labels in DEFAULT_LABELS.items() for label in labels if label in DISPLAY_NAMES}


def is_missing(value) -> bool:
    """Whether a cell is missing: None, NaN, or pandas' NA or NaT (nullable and Arrow-backed columns)."""
    return pd.api.types.is_scalar(value) and pd.isna(value)


_NOTHING: tuple = ()


def blank_cell(value) -> tuple | None:
    """``(None, [], [], words)`` for a blank cell ("not labelled on this axis": missing, spaces, or one of
    ``MISSING_WORDS``, which ``words`` names as written), else None."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None, _NOTHING, _NOTHING, _NOTHING
        return (None, _NOTHING, _NOTHING, (text,)) if text.lower() in MISSING_WORDS else None
    return (None, _NOTHING, _NOTHING, _NOTHING) if is_missing(value) else None


def flag_cell(value, axis: str, known=(), told: bool = True) -> tuple:
    """A churn-risk or escalation cell as ``(flag, problems, display names, missing words)``: 'yes' or 'no' ('sí',
    'true', '1' are yes: ``columns.flag_word``, which summaries read classified files with), None where blank."""
    blank = blank_cell(value)
    if blank is not None:
        return blank
    flag = flag_word(value)
    if flag is not None:
        return "yes" if flag else "no", _NOTHING, _NOTHING, _NOTHING
    return None, (f"{axis} {(quoted_cell if told else repr)(value)} is not yes or no.",), _NOTHING, _NOTHING


def industry_cell(value, missing: Counter):
    """An industry cell: its text in lower case; None where blank or a missing-value word (counted in ``missing``)."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.lower() in MISSING_WORDS:
        missing[text] += 1
        return None
    return text.lower() or None


def weight_cells(cells: pd.Series, name: str, errors: list[str], missing: Counter) -> list[float]:
    """The ``weight`` column: a positive number per row (a decimal comma is fine); NaN where blank or a
    missing-value word (the row takes ``train``'s ``weight``, else 1)."""
    out, bad = [], []
    for i, value in enumerate(cells.tolist()):
        blank = blank_cell(value)
        if blank is not None:
            missing.update(blank[3])
            out.append(float("nan"))
            continue
        try:
            weight = float(value.strip().replace(",", ".") if isinstance(value, str) else value)
        except (TypeError, ValueError):
            weight = float("nan")
        if isinstance(value, bool) or not np.isfinite(weight) or weight <= 0:
            bad.append((i + 1, value))
            weight = 1.0
        out.append(weight)
    if bad:
        shown = ", ".join(f"row {row}: {quoted_cell(value)}" for row, value in bad[:10])
        # (Python's words, as every library message: the command line reads "train's --weight", ``cli_wording``)
        errors.append(f"{name}: weight must be a positive number (a blank cell takes train's weight=... (--weight), 1 by "
                      f"default); {shown}"
                      + (f" and {len(bad) - 10} more" if len(bad) > 10 else "") + ".")
    return out


def rows_by_label(cells) -> dict[str, list[int]]:
    """The rows (from 1) of each label among ``cells`` (read label cells: an id, a tuple of ids or None), found in one
    pass: the rows of each new label looked for one label at a time took minutes for a column of codes."""
    rows: dict[str, list[int]] = {}
    for row, cell in enumerate(cells, 1):
        for label in () if cell is None else (cell,) if isinstance(cell, str) else cell:
            rows.setdefault(label, []).append(row)
    return rows


def label_cell(value, axis: str, known=frozenset(), names=NAMED_LABELS, told: bool = True) -> tuple:
    """A label cell as ``(cell, problems, display names, missing words)``: the cell is its id (sentiment, effort) or a
    tuple of ids, None where blank. Multi-label cells are text joined by '|', or lists as ``split_labels`` reads them
    for summaries: a JSON array, a Parquet list, a tuple, or a list written as text ("['app', 'support']", numpy's
    "['app' 'support']"); every item of a list is text (a number or null in one is a problem: the row is not read as
    unlabelled). A missing-value word among labels ('app|NA') is dropped. A label's display name (one of ``names``:
    the built-in labels', and those of a model scored) is read as its id (``as_id``) unless it is in ``known``.
    ``told=False``: its problems are only counted, never shown (20 others come first), so quoted without the cost of
    redaction (``quoted_cell`` took 100,000 bad cells from 4 s to 20 s) and with no id suggested."""
    quote, suggested = (quoted_cell, suggested_id) if told else (repr, lambda part, axis: "")
    blank = blank_cell(value)
    if blank is not None:
        return blank
    single = axis not in MULTILABEL_AXES and axis not in MAY_BE_EMPTY
    nulls = ()  # the null items of a list written as text ("['app', None]"): missing-value words, as 'NA' is
    if isinstance(value, (list, tuple, np.ndarray)):
        items = list(value)
        odd = [item for item in items if not isinstance(item, str)]
        if odd:
            return None, (f"{axis} cell {quote(items)} holds {quote(odd[0])}, which is not a label; a "
                          f"list cell holds label ids as text.",), _NOTHING, _NOTHING
        parts = split_labels(items)
    elif listed_text(value):
        parts, nulls = split_labels(value), null_items(value)
    else:
        text = str(value).strip()
        if not single and (_RE_OTHER_SEP.search(text) or text.startswith(LABEL_SEP) or text.endswith(LABEL_SEP)
                           or LABEL_SEP * 2 in text or any(_labels_on_lines(part) for part in text.split(LABEL_SEP))):
            return None, (f"{axis} cell {quote(text)} has a bad separator; expected labels separated by "
                          f"'{LABEL_SEP}', e.g. 'delivery|support'.",), _NOTHING, _NOTHING
        several = [part for part in _RE_ANY_SEP.split(text) if part.strip()]
        if single and (len(several) > 1 or _labels_on_lines(text)):
            # ('positive|negative' was told to be no id, with 'positive_negative' suggested as one)
            count = len(several) if len(several) > 1 else len(text.split())
            return None, (f"{axis} cell {quote(text)} has {count} labels; expected one.",), _NOTHING, _NOTHING
        parts = [text] if single else [part.strip() for part in text.split(LABEL_SEP)]
    words = nulls + tuple(part for part in parts if part.lower() in MISSING_WORDS)
    if words:
        parts = [part for part in parts if part.lower() not in MISSING_WORDS]
        if not parts:  # ['NA'], 'NA|nan': blank
            return None, _NOTHING, _NOTHING, words
    if not parts:  # an empty list: no label, which only emotions may say
        return () if axis in MAY_BE_EMPTY else None, _NOTHING, _NOTHING, words
    if single and len(parts) > 1:
        return None, (f"{axis} cell {quote(parts)} has {len(parts)} labels; expected one.",), _NOTHING, words
    problems, named, labels = [], [], []
    for part in dict.fromkeys(parts):
        if other_axis_name(part, axis, known):
            # 'Precio' as an area read as 'precio' trained a new class: a name is not an id (an id as written,
            # 'precio', stays one). No label: the row is an error, told once.
            problems.append(f"{axis} {quote(part)} names a label of another axis{suggested(part, axis)}.")
            continue
        label, name_of = as_id(part, axis, known, names)
        labels.append(label)
        if name_of:
            named.append(name_of)
        if not RE_LABEL_ID.match(label):
            shown = quote(part)  # (a comment in a label column: its personal data redacted)
            problems.append(f"{axis} {shown} is not a label id; expected one snake_case id{suggested(part, axis)}."
                            if single else f"{axis} label {shown} is not a label id; expected snake_case ids"
                                           f"{suggested(part, axis)}.")
    if single:
        return labels[0] if labels else None, tuple(problems), tuple(named), words
    return tuple(dict.fromkeys(labels)), tuple(problems), tuple(named), words


def _labels_on_lines(text: str) -> bool:
    """Whether ``text`` holds labels on lines of their own, as Excel's Alt+Enter writes them ('delivery\nsupport',
    read as one label with the id 'delivery_support' suggested), not a name wrapped over two lines ('Atención
    al\ncliente', 'Esfuerzo\nalto'): two or more lines, each a label id once in lower case, and together no built-in
    label's name."""
    lines = [line.strip().lower() for line in text.splitlines() if line.strip()]
    return len(lines) > 1 and all(RE_LABEL_ID.match(line) for line in lines) and fold(text) not in NAMED_LABELS


def as_id(written: str, axis: str, known=frozenset(), names=NAMED_LABELS) -> tuple[str, tuple | None]:
    """``written`` as a label id, and ``(written, id)`` when it was a display name: an id as written ('precio', a
    custom touchpoint a model may know) or one of ``known`` stays; else the id of the label of ``axis`` in ``names``
    whose display name it is ('Precio', 'Atención al cliente'); else ``written`` in lower case."""
    lower = written.lower()
    if RE_LABEL_ID.match(written) or lower in known:
        return lower, None
    own, label = names.get(fold(written), (None, None))
    if own != axis:
        return lower, None
    return label, ((written, label) if lower != label else None)  # ('Confusión' is a name, 'confusion' the id)


def other_axis_name(written: str, axis: str, known=frozenset()) -> bool:
    """Whether ``written`` is the display name of a built-in label of another axis ('Precio' as an area, 'Mixto' as a
    touchpoint), not an id as written nor a label of ``known``."""
    if RE_LABEL_ID.match(written) or written.lower() in known:
        return False
    return NAMED_LABELS.get(fold(written), (axis, None))[0] != axis


def named_like(label: str, axis: str) -> list[str]:
    """The built-in labels of ``axis`` whose display name ``label`` looks like or starts ('tienda' is not the id of
    'Tienda o sucursal': "store (Tienda o sucursal)"), for a warning's near-matches."""
    names = {shown: id_ for shown, (own, id_) in NAMED_LABELS.items() if own == axis}
    like = difflib.get_close_matches(label, names, n=3, cutoff=0.75) + [s for s in names if s.startswith(label + "_")]
    return [f"{names[shown]} ({DISPLAY_NAMES[names[shown]]})" for shown in dict.fromkeys(like)]


def listed_text(value) -> bool:
    """Whether ``value`` is a list written as text, in brackets or parentheses (as ``split_labels`` reads it)."""
    return isinstance(value, str) and value.strip()[:1] + value.strip()[-1:] in ("[]", "()")


def suggested_id(written: str, axis: str) -> str:
    """' (e.g. 'puntos_fidelidad' ...)' for a label written as a name ('Puntos Fidelidad'), or '': an id that
    ``new_label_problem`` accepts for ``axis``."""
    from .pii import find_pii
    from .text.normalize import strip_accents

    if fold(written) in NAMED_LABELS:  # the name of another axis's label (its own axis reads it as the id)
        other, label = NAMED_LABELS[fold(written)]
        return (f" ('{written}' names the {other} label '{label}' ({DISPLAY_NAMES[label]}); a label on the {axis} axis "
                f"needs an id of its own, e.g. '{label}_{axis.rstrip('s')}')")
    if find_pii(written):  # (a comment in a label column: no id made of its phone, nor it quoted again)
        return ""
    candidate = "_".join(re.findall(r"[a-z0-9]+", strip_accents(written.lower()).replace("ñ", "n")))
    if candidate in DISPLAY_NAMES and candidate not in DEFAULT_LABELS.get(axis, ()):
        candidate = f"{candidate}_{axis.rstrip('s')}"  # 'Customer Service' as a touchpoint: not the area's id
    if len(candidate) > MAX_LABEL_CHARS:
        candidate = candidate[:MAX_LABEL_CHARS].rsplit("_", 1)[0] if "_" in candidate[:MAX_LABEL_CHARS] \
            else candidate[:MAX_LABEL_CHARS]
    if not RE_LABEL_ID.match(candidate) or candidate == written or new_label_problem(candidate, axis):
        return ""
    shown = written if len(written) <= 60 else written[:60] + "..."  # (a comment in a label column: quoted whole)
    return (f" (e.g. '{candidate}'; a display name shows it as '{shown}' in reports: 'cxnlp docs insights', "
            f"\"Display names of labels\")")


def new_label_problem(label: str, axis: str) -> str | None:
    """Why a label the model does not know yet cannot be one of ``axis``: too long, or the id of a built-in label
    of another axis, which would be shown under that label's name (``schema.DISPLAY_NAMES``); None if it can."""
    if len(label) > MAX_LABEL_CHARS:
        return (f"has {len(label)} characters; a label id has at most {MAX_LABEL_CHARS} (a longer name is a "
                f"display name: 'cxnlp docs insights', \"Display names of labels\").")
    if label in DISPLAY_NAMES and label not in DEFAULT_LABELS.get(axis, ()):
        return (f"is the id of another built-in label ('{DISPLAY_NAMES[label]}'), whose name reports would show "
                f"for it; give the new label an id of its own (e.g. '{label}_{axis.rstrip('s')}').")
    return None
