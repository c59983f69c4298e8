"""Training data: read ``training_data/*.csv`` (or any table files) and validate them (docs/labels.md).

A row needs ``text``; ``sentiment``, ``touchpoints`` and ``areas`` are optional per row (a blank
cell means "not labelled on this axis"). Multi-label cells separate labels with ``|``. The signal
columns ``effort``, ``emotions``, ``churn_risk`` and ``escalation`` are optional too; in a file
that has an ``emotions`` column, a blank cell on a row labelled on ``effort`` means "no emotion".
"""

from __future__ import annotations

import difflib
import hashlib
import numbers
import re
import warnings
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .columns import flag_word, fold
from .exceptions import DataError, LabelTypoWarning, UnreadDataWarning
from .metrics.themes import split_labels
from .schema import (
    AXES,
    DEFAULT_LABELS,
    DISPLAY_NAMES,
    FLAG_AXES,
    LABEL_SEP,
    MAY_BE_EMPTY,
    MULTILABEL_AXES,
    RESERVED_INDUSTRIES,
    SIGNAL_AXES,
)

#: Extensions ``read_table`` reads that are not training data inside a folder: a ``.txt`` there is notes, a ``.json``
#: a display-name file (``names.json``) or an ``evaluate -o`` report; one named as a source is read (a ``.txt`` as a
#: CSV).
NOTES_SUFFIXES = (".txt", ".json")
_RE_LABEL = re.compile(r"^[a-z][a-z0-9_]*$")
#: The longest label id: an id names a column of tables and reports; a longer name is a display name
#: (docs/insights.md, "Display names of labels").
MAX_LABEL_CHARS = 40
#: How ``cxnlp discover --export`` names the touchpoint the user is to rename (``nuevo_tema_1``).
PLACEHOLDER_PREFIX = "nuevo_tema_"
_RE_OTHER_SEP = re.compile(r"[,;/+]")
#: What R, SQL exports, spreadsheets and pandas write in an empty cell (``NA``, ``NULL``, ``nan``, ``<NA>``,
#: ``N/A``, ``NaN``, ``NaT``), in any case: a label cell holding one is blank. ``none`` is no such word: it is
#: an effort id.
MISSING_WORDS = frozenset({"na", "n/a", "nan", "null", "<na>", "nat"})
#: The built-in labels by their display name, folded (case, accents and spaces aside: ``columns.fold``):
#: 'precio' -> ('touchpoints', 'price'). A label cell that names one on its own axis is read as its id.
_NAMED_LABELS = {fold(DISPLAY_NAMES[label]): (axis, label)
                 for axis, labels in DEFAULT_LABELS.items() for label in labels if label in DISPLAY_NAMES}


def training_files(sources: Iterable[str | Path] | str | Path) -> list[Path]:
    """The data files named by ``sources``: files, or the table files directly inside folders (not their
    subfolders, so that training_data/quality/ is not training data), sorted per folder. A table file is one of
    every format ``cxnlp.io.read_table`` reads (``io.FORMATS``), but ``NOTES_SUFFIXES``, which are skipped
    with an ``UnreadDataWarning``."""
    from .io import FORMATS

    suffixes = sorted(set(FORMATS) - set(NOTES_SUFFIXES))
    if isinstance(sources, (str, Path)):
        sources = [sources]
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            # Hidden files and Excel's "~$name.xlsx" (its lock beside an open workbook) are not data.
            inside = sorted(p for p in path.glob("*") if p.is_file() and not p.name.startswith((".", "~$")))
            notes = [p.name for p in inside if p.suffix.lower() in NOTES_SUFFIXES]
            if notes:
                warnings.warn(f"{path}: skipped {notes}: a .txt or .json file in a folder is taken for notes, display "
                              f"names (names.json) or a report; to train on one, name the file itself (a .txt is read "
                              f"as a CSV) or save it as .csv.",
                              UnreadDataWarning, stacklevel=3)
            found = [p for p in inside if p.suffix.lower() in suffixes]
            if not found:
                raise DataError(f"{path}: folder has no data files; expected files ending in {suffixes}.")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise DataError(f"{path}: no such file or folder.")
    return files


def read_training_data(sources, *, strict: bool = False, known: dict | None = None,
                       reserved_ok: bool = False, sheet: str | int | None = None,
                       implied_emotions: bool = True) -> pd.DataFrame:
    """Read and validate labelled data from files and folders into one DataFrame.

    Columns: ``text``, ``sentiment`` (str or None), ``touchpoints`` and ``areas`` (tuples of labels or
    None), ``source_file``, ``row`` (1-based data row in its file) and any optional columns present.

    ``strict=True`` (the shipped corpus) rejects labels outside ``known`` (default: the schema's);
    otherwise a new label is a new class and a near-miss of a known one raises a ``LabelTypoWarning``.

    A workbook is read from ``sheet`` (a name, or a number from 1), by default from its first visible sheet with
    a ``text`` column, past a notes sheet; an ``UnreadDataWarning`` names its other sheets of labelled rows.

    ``implied_emotions=False`` leaves a blank ``emotions`` cell unlabelled on a row labelled on another signal (by
    default it is "no emotion": ``implied_emotions``); ``train --base`` reads a user's rows so, to merge them with
    the base's first.

    >>> df = read_training_data("training_data/")   # doctest: +SKIP
    """
    from .io import file_format, read_table

    frames = []
    for path in training_files(sources):
        raw = read_table(path, text="text", sheet=sheet)
        if sheet is None and file_format(path) == "xlsx":
            _warn_unread_sheets(path)
        frames.append(validate_frame(raw, name=str(path), strict=strict, known=known, reserved_ok=reserved_ok,
                                     implied_emotions=implied_emotions))
    frame = pd.concat(frames, ignore_index=True)
    _check_duplicates(frame)
    return frame


def _warn_unread_sheets(path: Path) -> None:
    """Warn when sheets of the workbook at ``path`` other than the one read (its first with a ``text`` column) also
    hold labelled rows: a column ``text`` and a label column, named as ``validate_frame`` matches them."""
    from .io.excel import sheet_headers

    found = {name: {c.strip().lower() for c in columns} for name, columns in sheet_headers(path).items()}
    with_text = [name for name, columns in found.items() if "text" in columns]
    unread = [name for name in with_text[1:] if found[name] & set(AXES)]
    if unread:
        warnings.warn(f"{path}: read the sheet {with_text[0]!r} only; the sheets {unread} also hold labelled rows and "
                      f"were not read. Save each sheet as a file of its own, or choose one with sheet=...",
                      UnreadDataWarning, stacklevel=3)


def validate_frame(raw: pd.DataFrame, *, name: str = "<frame>", strict: bool = False,
                   known: dict | None = None, reserved_ok: bool = False, implied_emotions: bool = True) -> pd.DataFrame:
    """Validate one table of labelled data; raise ``DataError`` naming the file, row and value.
    ``reserved_ok``: industry cells may say 'none', 'auto' or 'default' (data to evaluate on, read as
    ``Model.classify_frame``'s ``industry_column`` reads them), which training data may not. ``known`` and
    ``implied_emotions``: as ``read_training_data`` reads them."""
    if not isinstance(raw, pd.DataFrame):
        raise DataError(f"{name}: expected a pandas DataFrame of labelled rows (docs/labels.md, section 9); got "
                        f"{type(raw).__name__}.")
    known = dict(DEFAULT_LABELS if known is None else known)
    names = list(raw.columns.astype(str))
    folded = [c.strip().lower() for c in names]
    cols = dict(zip(folded, names))
    if len(cols) < len(names):  # 'Text' and 'text': the renaming below would keep one and read both as it
        same = [c for c, f in zip(names, folded) if folded.count(f) > 1]
        raise DataError(f"{name}: the columns {same} are one column to cxnlp (case and spaces aside); keep one "
                        f"of each, or rename the others.")
    if "text" not in cols:
        raise DataError(f"{name}: no 'text' column; found columns {list(raw.columns)}.")
    if not any(axis in cols for axis in AXES):
        raise DataError(f"{name}: no label column; expected at least one of {list(AXES)}.")
    frame = raw.rename(columns={v: k for k, v in cols.items()}).copy()
    errors: list[str] = []
    # A comment a spreadsheet or JSON stored as a number ("10") is the text a CSV of it gives.
    texts = frame["text"].map(number_as_text)
    for i, value in enumerate(texts):
        if not isinstance(value, str) or not value.strip():
            errors.append(f"{name}: row {i + 1}: empty text ({value!r}); every row needs a comment.")
    # A text as a review or discover export left it for Excel ("'=…", "'@marca …": the quote that keeps a
    # spreadsheet from running it) is read without that quote.
    texts = pd.Series([v[1:] if isinstance(v, str) and _RE_NEUTRALISED.match(v) else v for v in texts.tolist()],
                      index=texts.index, dtype=object)
    out = pd.DataFrame({"text": pd.Series(texts.tolist(), dtype=object)})
    missing: Counter = Counter()  # missing-value words read as blank, as written: cells
    labels = _label_columns(frame, name, errors, known, missing, implied_emotions=implied_emotions)
    signals = [axis for axis in SIGNAL_AXES if axis in labels]
    for axis in (*AXES, *signals):
        out[axis] = pd.Series(labels.get(axis, [None] * len(frame)), dtype=object)
    for axis in (*AXES, *signals):
        seen = {label for v in out[axis] if v is not None for label in ((v,) if isinstance(v, str) else v)}
        unknown = sorted(seen - set(known.get(axis, ())))
        for label in unknown:
            rows = [i + 1 for i, v in enumerate(out[axis]) if v is not None and label in ((v,) if isinstance(v, str) else v)]
            problem = _new_label_problem(label, axis) if _RE_LABEL.match(label) else None  # (else told above)
            if problem:
                where = f"row {rows[0]}" if len(rows) == 1 else \
                    f"rows {rows[:10]}{' and more' if len(rows) > 10 else ''}"
                errors.append(f"{name}: {where}: {axis} label '{label}' {problem}")
                continue
            if label.startswith(PLACEHOLDER_PREFIX):
                warnings.warn(f"{name}: {axis} label '{label}' is the placeholder `cxnlp discover --export` writes; "
                              f"rename it to the theme's name before training.", LabelTypoWarning, stacklevel=3)
            close = difflib.get_close_matches(label, known.get(axis, ()), n=3, cutoff=0.75) + _named_like(label, axis)
            if strict:
                errors.append(f"{name}: rows {rows[:10]}: unknown {axis} label '{label}'; expected one of "
                              f"{list(known.get(axis, ()))}" + (f" (did you mean {close}?)" if close else "") + ".")
            elif close:
                warnings.warn(f"{name}: {axis} label '{label}' is not a known label but looks like {close}; "
                              f"it will be trained as a new class. Fix the cell if it is a typo.",
                              LabelTypoWarning, stacklevel=3)
    if "industry" in frame:
        # One spelling per industry: 'Retail_Stores ' is 'retail_stores' (a second industry before).
        # A number cell (XLSX, JSON) is its text, as in a CSV of the same table (the industries were dropped).
        # A blank or missing-value cell is no industry (None, as ``heads.industry_name`` reads it): for train --base,
        # "not given", so the base comment's industry stays.
        frame["industry"] = [_industry(v, missing) for v in frame["industry"].map(number_as_text)]
        for reserved in () if reserved_ok else RESERVED_INDUSTRIES:
            rows = [i + 1 for i, v in enumerate(frame["industry"]) if isinstance(v, str) and v == reserved]
            if rows:
                errors.append(f"{name}: rows {rows[:10]}: industry '{reserved}' is not an industry name (the names "
                              f"{', '.join(RESERVED_INDUSTRIES)} mean something else wherever an industry is given); rename it.")
    if "weight" in frame:
        frame["weight"] = _weights(frame["weight"], name, errors, missing)
    _raise_errors(errors)
    _warn_missing_words(missing, name)
    for extra in ("id", "source", "industry", "country", "notes", "weight"):
        if extra in frame:
            out[extra] = frame[extra].to_numpy()
    out["source_file"] = name
    out["row"] = range(1, len(out) + 1)
    return out


_RE_NEUTRALISED = re.compile(r"'[=+\-@\t\r]")


def label_columns(frame: pd.DataFrame, *, name: str = "<frame>", known: dict | None = None) -> pd.DataFrame:
    """The label columns of ``frame`` (the axes and signals among its columns) read as training data is read
    (docs/labels.md, section 9): blank and missing-value cells None, ids in lower case, display names as their ids
    (but those in ``known``, a model's labels per axis: ``Model.labels``), multi-label text and lists as tuples. A cell
    that cannot be read raises ``DataError`` naming its row. ``evaluate`` and ``compare`` read the labels of a frame
    with it, knowing the model's labels; ``validate_frame`` does, and checks more."""
    errors: list[str] = []
    missing: Counter = Counter()
    labels = _label_columns(frame, name, errors, dict(DEFAULT_LABELS if known is None else known), missing)
    _raise_errors(errors)
    _warn_missing_words(missing, name)
    return pd.DataFrame({axis: pd.Series(cells, index=frame.index, dtype=object) for axis, cells in labels.items()},
                        index=frame.index)


def known_labels(*models) -> dict[str, tuple[str, ...]]:
    """The built-in labels and those of ``models`` (``Model.labels``), per axis: the ``known`` to read data to score
    them on with, so that a model's custom id ('precio') is not read as a built-in's display name."""
    axes = dict.fromkeys([*DEFAULT_LABELS, *(axis for model in models for axis in model.labels)])
    return {axis: tuple(dict.fromkeys([*DEFAULT_LABELS.get(axis, ()),
                                       *(label for model in models for label in model.labels.get(axis, ()))]))
            for axis in axes}


def _label_columns(frame: pd.DataFrame, name: str, errors: list[str], known: dict, missing: Counter, *,
                   implied_emotions: bool = True) -> dict[str, list]:
    """The parsed cells of each axis and signal column of ``frame``; what cannot be read is added to ``errors``, the
    missing-value words read as blank to ``missing``. Each distinct text of a column is parsed once."""
    labels: dict[str, list] = {}
    named: Counter = Counter()  # (display name as written, its id): cells
    for axis in (*AXES, *SIGNAL_AXES):
        if axis not in frame:
            continue
        parse = _flag_cell if axis in FLAG_AXES else _label_cell
        own = frozenset(known.get(axis, ()))
        parsed: dict[str, tuple] = {}
        cells = []
        for row, value in enumerate(frame[axis].tolist(), 1):
            if isinstance(value, str):
                if value not in parsed:
                    parsed[value] = parse(value, axis, own)
                cell, problems, name_of, words = parsed[value]
            else:  # lists (unhashable), numbers and missing cells: parsed each time
                cell, problems, name_of, words = parse(value, axis, own)
            errors.extend(f"{name}: row {row}: {problem}" for problem in problems)
            named.update(name_of)
            missing.update(words)
            cells.append(cell)
        labels[axis] = cells
    if named:
        warnings.warn(f"{name}: read display names as ids: " + ", ".join(
            f"{written!r} -> {label} ({n} row{'s' if n > 1 else ''})" for (written, label), n in named.items()) + ".",
            LabelTypoWarning, stacklevel=4)
    if implied_emotions and "emotions" in labels:
        labels["emotions"] = emotions_implied(labels)
    return labels


def emotions_implied(labels) -> list:
    """The ``emotions`` cells of ``labels`` (a frame, or a mapping of signal to cells, read from one file) with a
    blank cell "no emotion", ``()``, on a row labelled on another signal (docs/labels.md)."""
    others = [list(labels[axis]) for axis in SIGNAL_AXES if axis != "emotions" and axis in labels]
    return [() if _missing(v) and any(not _missing(cells[i]) for cells in others) else v
            for i, v in enumerate(list(labels["emotions"]))]


def _warn_missing_words(missing: Counter, name: str) -> None:
    """One warning per file of the missing-value words read as blank cells, with their counts: a class that has
    such an id ('na') is not blanked unsaid."""
    if missing:
        said = ", ".join(f"{word!r} in {n} cell{'s' if n > 1 else ''}" for word, n in missing.most_common())
        warnings.warn(f"{name}: read as blank (missing-value words: docs/labels.md): {said}. A label with such an id "
                      f"needs another one.", LabelTypoWarning, stacklevel=4)


def _raise_errors(errors: list[str]) -> None:
    """Raise ``DataError`` with the first 20 of ``errors``, the same message about several rows as one line."""
    errors = _rows_together(errors)
    if errors:
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise DataError("\n".join(errors[:20]) + more)


def _missing(value) -> bool:
    """Whether a cell is missing: None, NaN, or pandas' NA or NaT (nullable and Arrow-backed columns)."""
    return pd.api.types.is_scalar(value) and pd.isna(value)


_NOTHING: tuple = ()


def _blank(value) -> tuple | None:
    """``(None, [], [], words)`` for a blank cell ("not labelled on this axis": missing, spaces, or one of
    ``MISSING_WORDS``, which ``words`` names as written), else None."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None, _NOTHING, _NOTHING, _NOTHING
        return (None, _NOTHING, _NOTHING, (text,)) if text.lower() in MISSING_WORDS else None
    return (None, _NOTHING, _NOTHING, _NOTHING) if _missing(value) else None


def _flag_cell(value, axis: str, known=()) -> tuple:
    """A churn-risk or escalation cell as ``(flag, problems, display names, missing words)``: 'yes' or 'no' ('sí',
    'true', '1' are yes: ``columns.flag_word``, which summaries read classified files with), None where blank."""
    blank = _blank(value)
    if blank is not None:
        return blank
    flag = flag_word(value)
    if flag is not None:
        return "yes" if flag else "no", _NOTHING, _NOTHING, _NOTHING
    return None, (f"{axis} {value!r} is not yes or no.",), _NOTHING, _NOTHING


def _industry(value, missing: Counter):
    """An industry cell: its text in lower case; None where blank or a missing-value word (counted in ``missing``)."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.lower() in MISSING_WORDS:
        missing[text] += 1
        return None
    return text.lower() or None


def _weights(cells: pd.Series, name: str, errors: list[str], missing: Counter) -> list[float]:
    """The ``weight`` column: a positive number per row (a decimal comma is fine); NaN where blank or a
    missing-value word (the row takes ``train``'s ``weight``, else 1)."""
    out, bad = [], []
    for i, value in enumerate(cells.tolist()):
        blank = _blank(value)
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
        shown = ", ".join(f"row {row}: {value!r}" for row, value in bad[:10])
        errors.append(f"{name}: weight must be a positive number (blank: 1); {shown}"
                      + (f" and {len(bad) - 10} more" if len(bad) > 10 else "") + ".")
    return out


def _label_cell(value, axis: str, known=frozenset()) -> tuple:
    """A label cell as ``(cell, problems, display names, missing words)``: the cell is its id (sentiment, effort) or a
    tuple of ids, None where blank. Multi-label cells are text joined by '|', or lists as ``split_labels`` reads them
    for summaries: a JSON array, a Parquet list, a tuple, or a list written as text ("['app', 'support']", numpy's
    "['app' 'support']"); every item of a list is text (a number or null in one is a problem: the row is not read as
    unlabelled). A missing-value word among labels ('app|NA') is dropped. A built-in label's display name is read as
    its id (``_as_id``) unless it is in ``known``."""
    blank = _blank(value)
    if blank is not None:
        return blank
    single = axis not in MULTILABEL_AXES and axis not in MAY_BE_EMPTY
    if isinstance(value, (list, tuple, np.ndarray)):
        items = list(value)
        odd = [item for item in items if not isinstance(item, str)]
        if odd:
            return None, (f"{axis} cell {items!r} holds {odd[0]!r}, which is not a label; a list cell holds label "
                          f"ids as text.",), _NOTHING, _NOTHING
        parts = split_labels(items)
    elif _listed_text(value):
        parts = split_labels(value)
    else:
        text = str(value).strip()
        if not single and (_RE_OTHER_SEP.search(text) or text.startswith(LABEL_SEP) or text.endswith(LABEL_SEP)
                           or LABEL_SEP * 2 in text):
            return None, (f"{axis} cell {text!r} has a bad separator; expected labels separated by '{LABEL_SEP}', "
                          f"e.g. 'delivery|support'.",), _NOTHING, _NOTHING
        parts = [text] if single else [part.strip() for part in text.split(LABEL_SEP)]
    words = tuple(part for part in parts if part.lower() in MISSING_WORDS)
    if words:
        parts = [part for part in parts if part.lower() not in MISSING_WORDS]
        if not parts:  # ['NA'], 'NA|nan': blank
            return None, _NOTHING, _NOTHING, words
    if not parts:  # an empty list: no label, which only emotions may say
        return () if axis in MAY_BE_EMPTY else None, _NOTHING, _NOTHING, words
    if single and len(parts) > 1:
        return None, (f"{axis} cell {parts!r} has {len(parts)} labels; expected one.",), _NOTHING, words
    problems, named, labels = [], [], []
    for part in dict.fromkeys(parts):
        label, name_of = _as_id(part, axis, known)
        labels.append(label)
        if name_of:
            named.append(name_of)
        if not _RE_LABEL.match(label):
            problems.append(f"{axis} {part!r} is not a label id; expected one snake_case id{_suggested(part, axis)}."
                            if single else f"{axis} label {part!r} is not a label id; expected snake_case ids"
                                           f"{_suggested(part, axis)}.")
    if single:
        return labels[0], tuple(problems), tuple(named), words
    return tuple(dict.fromkeys(labels)), tuple(problems), tuple(named), words


def _as_id(written: str, axis: str, known=frozenset()) -> tuple[str, tuple | None]:
    """``written`` as a label id, and ``(written, id)`` when it was a display name: an id as written ('precio', a
    custom touchpoint a model may know) or one of ``known`` stays; else the id of the built-in label of ``axis``
    whose display name it is ('Precio', 'Atención al cliente'); else ``written`` in lower case."""
    lower = written.lower()
    if _RE_LABEL.match(written) or lower in known:
        return lower, None
    own, label = _NAMED_LABELS.get(fold(written), (None, None))
    if own != axis:
        return lower, None
    return label, ((written, label) if lower != label else None)  # ('Confusión' is a name, 'confusion' the id)


def _named_like(label: str, axis: str) -> list[str]:
    """The built-in labels of ``axis`` whose display name ``label`` looks like or starts ('tienda' is not the id of
    'Tienda o sucursal': "store (Tienda o sucursal)"), for a warning's near-matches."""
    names = {shown: id_ for shown, (own, id_) in _NAMED_LABELS.items() if own == axis}
    like = difflib.get_close_matches(label, names, n=3, cutoff=0.75) + [s for s in names if s.startswith(label + "_")]
    return [f"{names[shown]} ({DISPLAY_NAMES[names[shown]]})" for shown in dict.fromkeys(like)]


def _listed_text(value) -> bool:
    """Whether ``value`` is a list written as text, in brackets or parentheses (as ``split_labels`` reads it)."""
    return isinstance(value, str) and value.strip()[:1] + value.strip()[-1:] in ("[]", "()")


def _suggested(written: str, axis: str) -> str:
    """' (e.g. 'puntos_fidelidad' ...)' for a label written as a name ('Puntos Fidelidad'), or '': an id that
    ``_new_label_problem`` accepts for ``axis``."""
    from .text.normalize import strip_accents

    if fold(written) in _NAMED_LABELS:  # the name of another axis's label (its own axis reads it as the id)
        other, label = _NAMED_LABELS[fold(written)]
        return (f" ('{written}' is the display name of the {other} label '{label}'; a {axis} label needs an id of "
                f"its own, e.g. '{label}_{axis.rstrip('s')}')")
    candidate = "_".join(re.findall(r"[a-z0-9]+", strip_accents(written.lower()).replace("ñ", "n")))
    if candidate in DISPLAY_NAMES and candidate not in DEFAULT_LABELS.get(axis, ()):
        candidate = f"{candidate}_{axis.rstrip('s')}"  # 'Customer Service' as a touchpoint: not the area's id
    if len(candidate) > MAX_LABEL_CHARS:
        candidate = candidate[:MAX_LABEL_CHARS].rsplit("_", 1)[0] if "_" in candidate[:MAX_LABEL_CHARS] \
            else candidate[:MAX_LABEL_CHARS]
    if not _RE_LABEL.match(candidate) or candidate == written or _new_label_problem(candidate, axis):
        return ""
    return (f" (e.g. '{candidate}'; a display name shows it as '{written}' in reports: docs/insights.md, "
            f"\"Display names of labels\")")


def _new_label_problem(label: str, axis: str) -> str | None:
    """Why a label the model does not know yet cannot be one of ``axis``: too long, or the id of a built-in label
    of another axis, which would be shown under that label's name (``schema.DISPLAY_NAMES``); None if it can."""
    if len(label) > MAX_LABEL_CHARS:
        return (f"has {len(label)} characters; a label id has at most {MAX_LABEL_CHARS} (a longer name is a "
                f"display name: docs/insights.md, \"Display names of labels\").")
    if label in DISPLAY_NAMES and label not in DEFAULT_LABELS.get(axis, ()):
        return (f"is the id of another built-in label ('{DISPLAY_NAMES[label]}'), whose name reports would show "
                f"for it; give the new label an id of its own (e.g. '{label}_{axis.rstrip('s')}').")
    return None


def _rows_together(errors: list[str]) -> list[str]:
    """The same message about several rows as one line naming the rows ('rows [1, 2, 3]: ...')."""
    rows_of: dict[str, list[int]] = {}
    for error in errors:
        match = _RE_ROW_MESSAGE.match(error)
        key = f"{match.group(1)}\x00{match.group(3)}" if match else error
        rows_of.setdefault(key, []).append(int(match.group(2)) if match else 0)
    out = []
    for key, rows in rows_of.items():
        if "\x00" not in key:
            out.append(key)
            continue
        where, message = key.split("\x00")
        out.append(f"{where}row {rows[0]}: {message}" if len(rows) == 1 else
                   f"{where}rows {rows[:10]}{' and more' if len(rows) > 10 else ''}: {message}")
    return out


_RE_ROW_MESSAGE = re.compile(r"^(.*?: )row (\d+): (.*)$", re.DOTALL)


def text_key(text: str) -> str:
    """Text for duplicate detection: case and punctuation ignored (emoji-only texts compare as written)."""
    words = " ".join(re.sub(r"\W+", " ", str(text).lower()).split())
    return words or str(text).strip()


def _check_duplicates(frame: pd.DataFrame) -> None:
    keys = frame["text"].map(text_key)
    dup = keys.duplicated(keep=False)
    if dup.any():
        groups = frame[dup].groupby(keys[dup])
        lines = [", ".join(f"{r.source_file} row {r.row}" for r in g.itertuples()) + f": '{g.text.iloc[0][:60]}'"
                 for _, g in list(groups)[:10]]
        raise DataError(f"{int(dup.sum())} rows repeat another row's text (case and punctuation ignored):\n"
                        + "\n".join(lines))


def number_as_text(value):
    """A number cell as CSV writes it (10, not 10.0, for a whole float); anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != value:
        return value
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else str(value)


def data_hash(frame: pd.DataFrame, *, ordered: bool = False) -> str:
    """SHA-256 of the labelled content (text and labels), independent of file names and of row order, unless
    ``ordered``: the rows' order decides the cross-validation folds, so a model depends on it too."""
    digest = hashlib.sha256()
    rows = (sorted if not ordered else list)(
        "\x1f".join([str(r.text)] + ["|".join(v) if isinstance(v, tuple) else str(v) for v in (r.sentiment, r.touchpoints, r.areas)]
                    + [str(getattr(r, "weight", ""))]
                    + ([str(r.industry) if isinstance(r.industry, str) else ""] if "industry" in frame else [])
                    + ["|".join(v) if isinstance(v, tuple) else str(v)
                       for v in (getattr(r, axis) for axis in SIGNAL_AXES if axis in frame)])
        for r in frame.itertuples()
    )
    for row in rows:
        digest.update(row.encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()
