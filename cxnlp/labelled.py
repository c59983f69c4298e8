"""Training data: read ``training_data/*.csv`` (or any table files) and validate them (docs/labels.md).

A row needs ``text``; ``sentiment``, ``touchpoints`` and ``areas`` are optional per row (a blank
cell means "not labelled on this axis"). Multi-label cells separate labels with ``|``. The signal
columns ``effort``, ``emotions``, ``churn_risk`` and ``escalation`` are optional too; in a file
that has an ``emotions`` column, a blank cell on a row labelled on ``effort`` means "no emotion".

Finding the files of ``sources`` is ``_data_files``'s, the wording of a table's problems ``_label_messages``'s, and
what makes two rows or two data sets the same ``_row_identity``'s; their public names are importable from here.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import numbers
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ._arrow_views import without_views
from ._data_files import NOTES_SUFFIXES, check_sheet_applies, found_files, training_files
from ._label_cells import (
    NAMED_LABELS,
    RE_LABEL_ID,
    flag_cell,
    industry_cell,
    is_missing,
    label_cell,
    named_like,
    new_label_problem,
    rows_by_label,
    weight_cells,
)
from ._label_messages import (_listed, _no_text_column, _raise_errors, _rows_together, _warn_blank_comments,
                              _warn_missing_words)
from ._known_labels import known_labels, known_names
from ._reviewed import reviewed_columns, reviewed_mask, reviewed_only
from ._row_identity import _check_duplicates, data_hash, text_key
from .columns import fold, unique_column
from .exceptions import DataError, LabelTypoWarning, UnreadDataWarning, choices, muted_warnings, warn_outside
from .io.formulas import drop_formula_quote
from .schema import AXES, DEFAULT_LABELS, FLAG_AXES, OUTPUT_PREFIX, RESERVED_INDUSTRIES, SIGNAL_AXES

__all__ = ["LABELLED_COLUMNS", "NOTES_SUFFIXES", "PLACEHOLDER_PREFIX", "data_hash", "emotions_implied", "found_files",
           "frame_to_score", "header_name", "headers_read", "known_labels", "known_names", "label_columns",
           "number_as_text", "read_to_score", "read_training_data", "text_key", "training_files", "validate_frame"]

#: How ``cxnlp discover --export`` names the touchpoint the user is to rename (``nuevo_tema_1``).
PLACEHOLDER_PREFIX = "nuevo_tema_"
#: The columns of labelled data read by their names: the comment and the labels.
LABELLED_COLUMNS = ("text", *AXES, *SIGNAL_AXES)
#: The other columns training data keeps (and those ``read_training_data`` adds), never taken for a label column
#: misspelt.
_KEPT_COLUMNS = ("id", "source", "industry", "country", "notes", "weight", "source_file", "row")


def read_training_data(sources: str | Path | Iterable[str | Path], *, strict: bool = False, known: dict | None = None,
                       reserved_ok: bool = False, sheet: str | int | None = None,
                       implied_emotions: bool = True) -> pd.DataFrame:
    """Read and validate labelled data from files and folders into one DataFrame.

    Columns: ``text``, ``sentiment`` (str or None), ``touchpoints`` and ``areas`` (tuples of labels or
    None), ``source_file``, ``row`` (1-based data row in its file) and any optional columns present.

    Training rules apply: every row needs a comment, and no two rows the same one (``read_to_score`` reads data
    to score a model on, which keeps them). A table with a ``reviewed`` column gives its marked rows alone.

    ``strict=True`` (the shipped corpus) rejects labels outside ``known`` (default: the schema's);
    otherwise a new label is a new class and a near-miss of a known one raises a ``LabelTypoWarning``.

    A workbook is read from ``sheet`` (a name, or a number from 1), by default from its first visible sheet with
    a ``text`` column, past a notes sheet; an ``UnreadDataWarning`` names its other sheets of labelled rows.

    ``implied_emotions=False`` leaves a blank ``emotions`` cell unlabelled on a row labelled on another signal (by
    default it is "no emotion": ``implied_emotions``); ``train --base`` reads a user's rows so, to merge them with
    the base's first.

    >>> df = read_training_data("training_data/")   # doctest: +SKIP
    """
    frame = _read_files(sources, sheet, lambda raw, name: reviewed_only(raw, validate_frame(  # a queue's checked rows
        raw, name=name, strict=strict, known=known, reserved_ok=reserved_ok, implied_emotions=implied_emotions), name))
    _check_duplicates(frame)
    return frame


def _read_files(sources, sheet: str | int | None, read) -> pd.DataFrame:
    """The files of ``sources`` (``training_files``) in one frame, each read as a table (a workbook from ``sheet``, or
    from its first visible sheet with a ``text`` column, its other sheets of labelled rows named in an
    ``UnreadDataWarning``) and then by ``read(table, file name)``: ``read_training_data`` and ``read_to_score``."""
    from .io import file_format, has_sheets, read_table
    from .io._xlsx_sheets import unread_sheets_said

    frames, found = [], found_files(sources)
    check_sheet_applies(found, sheet)
    for path, _ in found:
        with unread_sheets_said():  # (the other sheets of labelled rows are named below, as such)
            raw = read_table(path, text="text", sheet=sheet if has_sheets(path) else None)  # (a folder's CSV too)
        if sheet is None and file_format(path) == "xlsx":
            _warn_unread_sheets(path)
        frames.append(read(raw, str(path)))
    if not frames:  # (pandas: "No objects to concatenate")
        raise DataError("no file or folder of labelled data was given (sources is empty).")
    return pd.concat(frames, ignore_index=True)


def _warn_unread_sheets(path: Path) -> None:
    """Warn when sheets of the workbook at ``path`` other than the one read (its first with a ``text`` column) also
    hold labelled rows: a column ``text`` and a label column, named as ``validate_frame`` matches them."""
    from .io.excel import sheet_headers

    found = {name: {header_name(c) for c in columns} for name, columns in sheet_headers(path).items()}
    with_text = [name for name, columns in found.items() if "text" in columns]
    unread = [name for name in with_text[1:] if found[name] & set(AXES)]
    if unread:
        warn_outside(f"{path}: read the sheet {with_text[0]!r} only; the sheets {unread} also hold labelled rows and "
                     f"were not read. Save each sheet as a file of its own, or choose one with sheet=...",
                     UnreadDataWarning)


def validate_frame(raw: pd.DataFrame, *, name: str = "<frame>", strict: bool = False,
                   known: dict | None = None, reserved_ok: bool = False, implied_emotions: bool = True,
                   to_score: bool = False, named: dict | None = None) -> pd.DataFrame:
    """Validate one table of labelled data; raise ``DataError`` naming the file, row and value.
    ``reserved_ok``: industry cells may say 'none', 'auto' or 'default' (data to evaluate on, read as
    ``Model.classify_frame``'s ``industry_column`` reads them), which training data may not. ``known`` and
    ``implied_emotions``: as ``read_training_data`` reads them. ``named``: the display names read as ids
    (``known_names``; default: the built-in labels').

    ``to_score=True`` reads data to score models on (``frame_to_score``, with the models' labels as ``known``) by the
    same rules, except those of training alone: a row without a comment is kept (scored as a blank comment, and
    said), a table may label signals only, and a new label's id is not checked (no model is trained on it); a
    near-miss of a known label still warns."""
    if not isinstance(raw, pd.DataFrame):
        raise DataError(f"{name}: expected a pandas DataFrame of labelled rows ('cxnlp docs labels', section 9); got "
                        f"{type(raw).__name__}.")
    known = dict(DEFAULT_LABELS if known is None else known)
    frame = headers_read(without_views(raw), name=name, only=None).copy()  # (Polars', DuckDB's text: string_view)
    if "text" not in frame:
        raise _no_text_column(name, raw.columns)
    if not to_score and not any(axis in frame for axis in AXES):
        raise DataError(f"{name}: no label column; expected at least one of {choices(AXES)}.")
    errors: list[str] = []
    # A comment a spreadsheet or JSON stored as a number ("10") is the text a CSV of it gives.
    texts = frame["text"].map(number_as_text)
    blank = [i + 1 for i, value in enumerate(texts) if not isinstance(value, str) or not value.strip()]
    if to_score:
        _warn_blank_comments(blank, name)
    else:
        errors.extend(f"{name}: row {i}: empty text ({texts.iloc[i - 1]!r}); every row needs a comment." for i in blank)
    # A text as a review or discover export left it for Excel ("'=…", "'@marca …": the quote that keeps a
    # spreadsheet from running it) is read without that quote.
    texts = pd.Series([drop_formula_quote(v) if isinstance(v, str) else v for v in texts.tolist()],
                      index=texts.index, dtype=object)
    out = pd.DataFrame({"text": pd.Series(texts.tolist(), dtype=object)})
    missing: Counter = Counter()  # missing-value words read as blank, as written: cells
    labels = _label_columns(frame, name, errors, known, missing, implied_emotions=implied_emotions,
                            display_names=NAMED_LABELS if named is None else named)
    signals = [axis for axis in SIGNAL_AXES if axis in labels]
    for axis in (*AXES, *signals):
        out[axis] = pd.Series(labels.get(axis, [None] * len(frame)), dtype=object)
    for axis in (*AXES, *signals):
        rows_of = rows_by_label(out[axis])
        unknown = sorted(set(rows_of) - set(known.get(axis, ())))
        for label in unknown:
            if not RE_LABEL_ID.match(label):
                # Told above as an error, with the id to write ('Puntos Fidelidad' is refused, as training refuses
                # it): a look-alike warning that it "is scored as a class" contradicted it.
                continue
            rows = rows_of[label]
            # (one of data to score is scored, never given to a model)
            problem = new_label_problem(label, axis) if not to_score else None
            if problem:
                where = f"row {rows[0]}" if len(rows) == 1 else \
                    f"rows {rows[:10]}{' and more' if len(rows) > 10 else ''}"
                errors.append(f"{name}: {where}: {axis} label '{label}' {problem}")
                continue
            if label.startswith(PLACEHOLDER_PREFIX):
                warn_outside(f"{name}: {axis} label '{label}' is the placeholder `cxnlp discover --export` writes; "
                             f"rename it to the theme's name before training.", LabelTypoWarning)
            named = named_like(label, axis)  # 'positive (Positivo)' says more than 'positive' alone
            close = [match for match in difflib.get_close_matches(label, known.get(axis, ()), n=3, cutoff=0.75)
                     if not any(shown.startswith(f"{match} (") for shown in named)] + named
            if strict:
                close_ones = f" (did you mean {_listed(close)}?)" if close else ""
                errors.append(f"{name}: rows {rows[:10]}: unknown {axis} label '{label}'; expected one of "
                              f"{choices(known.get(axis, ()))}{close_ones}.")
            elif close:
                fate = "it is scored as a class the model does not know" if to_score else \
                    "it will be trained as a new class"
                warn_outside(f"{name}: {axis} label '{label}' is not a known label but looks like {_listed(close)}; "
                             f"{fate}. Fix the cell if it is a typo.", LabelTypoWarning)
    if "industry" in frame:
        # One spelling per industry: 'Retail_Stores ' is 'retail_stores' (a second industry before).
        # A number cell (XLSX, JSON) is its text, as in a CSV of the same table (the industries were dropped).
        # A blank or missing-value cell is no industry (None, as ``heads.industry_name`` reads it): for train --base,
        # "not given", so the base comment's industry stays.
        frame["industry"] = [industry_cell(v, missing) for v in frame["industry"].map(number_as_text)]
        for reserved in () if reserved_ok else RESERVED_INDUSTRIES:
            rows = [i + 1 for i, v in enumerate(frame["industry"]) if isinstance(v, str) and v == reserved]
            if rows:
                errors.append(f"{name}: rows {rows[:10]}: industry '{reserved}' is not an industry name (the names "
                              f"{', '.join(RESERVED_INDUSTRIES)} mean something else wherever an industry is given); rename it.")
    if "weight" in frame:
        frame["weight"] = weight_cells(frame["weight"], name, errors, missing)
    _raise_errors(errors)
    _warn_missing_words(missing, name)
    for extra in ("id", "source", "industry", "country", "notes", "weight"):
        if extra in frame:
            out[extra] = frame[extra].to_numpy()
    out["source_file"] = name
    out["row"] = range(1, len(out) + 1)
    return out


def header_name(column) -> str:
    """The name cxnlp reads the header ``column`` as: case and surrounding spaces aside."""
    return str(column).strip().lower()


def headers_read(frame: pd.DataFrame, *, name: str = "<frame>",
                 only: Iterable[str] | None = LABELLED_COLUMNS) -> pd.DataFrame:
    """``frame`` with its columns renamed as ``header_name`` reads them: all of them, or with ``only`` those read
    as one of ``only`` (the others keep their names, for a column the user names: ``--industry-column Sector``).
    Two columns read as one raise ``DataError``. A column read as none of the labelled columns but named like one,
    accents and inner spaces aside (``Touchpoint``, ``Área``, ``Sentimiento``, ``churn risk``), is not read: a
    user's own column may be named so (a business area), and reading it would train its values as labels; an
    ``UnreadDataWarning`` names it and the name to give it for its labels to count."""
    read = {column: header_name(column) for column in frame.columns}
    wanted = None if only is None else set(only)
    renamed = {column: to for column, to in read.items() if wanted is None or to in wanted}
    targets = Counter(renamed.values())
    same = [str(column) for column, to in renamed.items() if targets[to] > 1]
    if same:  # 'Text' and 'text': the renaming would keep one and read both as it
        raise DataError(f"{name}: the columns {same} are one column to cxnlp (case and spaces aside); keep one "
                        f"of each, or rename the others.")
    for column, to in read.items():
        if to in LABELLED_COLUMNS or to in _KEPT_COLUMNS or to.startswith(OUTPUT_PREFIX):
            continue
        like = difflib.get_close_matches(fold(column), (*AXES, *SIGNAL_AXES), n=1, cutoff=0.8)
        if like and like[0] not in read.values():
            warn_outside(f"{name}: column {str(column)!r} is not read: it looks like the label column '{like[0]}'; "
                         f"rename it to '{like[0]}' if it holds those labels.", UnreadDataWarning)
    return frame.rename(columns=renamed)


def label_columns(frame: pd.DataFrame, *, name: str = "<frame>", known: dict | None = None) -> pd.DataFrame:
    """The label columns of ``frame`` (the axes and signals among its columns) read as training data is read
    (docs/labels.md, section 9): blank and missing-value cells None, ids in lower case, display names as their ids
    (but those in ``known``, a model's labels per axis: ``Model.labels``), multi-label text and lists as tuples. A cell
    that cannot be read raises ``DataError`` naming its row. ``validate_frame`` reads them so, and checks more (as
    for data to score, ``frame_to_score``: labels that look like typos)."""
    errors: list[str] = []
    missing: Counter = Counter()
    labels = _label_columns(frame, name, errors, dict(DEFAULT_LABELS if known is None else known), missing)
    _raise_errors(errors)
    _warn_missing_words(missing, name)
    return pd.DataFrame({axis: pd.Series(cells, index=frame.index, dtype=object) for axis, cells in labels.items()},
                        index=frame.index)


def read_to_score(sources, *, sheet: str | int | None = None) -> pd.DataFrame:
    """The labelled rows of ``sources`` (files and folders, found and read as ``read_training_data`` finds and reads
    them) to score models on: ``cxnlp evaluate``, ``compare`` and ``promote --data`` read their data with it. Each
    table keeps its columns, its headers read as ``headers_read`` reads them, with ``source_file`` and ``row``; its
    cells as written: the scoring function reads them (``frame_to_score``) as training data's are read
    (``validate_frame``), with the models' own labels, as it reads those of a DataFrame given to ``cxnlp.evaluate``,
    so that a file scores as the frame read from it does, in every command."""
    own: dict[str, list] = {}  # each file's own 'reviewed' column: the others' rows get it blank from the concat

    def read(raw: pd.DataFrame, name: str) -> pd.DataFrame:
        own[name] = reviewed_columns(raw)
        return _as_written(raw, name)

    frame = _read_files(sources, sheet, read)
    frame.attrs[_HEADERS_SAID] = [str(c) for c in frame.columns]  # each named like a label column said: not again
    frame.attrs[_REVIEWED_OWN] = own
    return frame


#: The ``attrs`` key of a frame ``read_to_score`` read, its columns: ``frame_to_score`` does not say those named like a
#: label column again (as "data": the file's own name was said; compare and promote read it twice more), but says a
#: column added since (True muted them all: ``frame["Sentimiento"] = ...`` went unsaid).
_HEADERS_SAID = "cxnlp_headers_said"
#: The ``attrs`` key of a frame ``read_to_score`` read, the ``reviewed`` column(s) of each of its files: a plain file
#: read with a queue is read whole, not as a queue that marks none of its rows (``frame_to_score``).
_REVIEWED_OWN = "cxnlp_reviewed_columns"


def _as_written(raw: pd.DataFrame, name: str) -> pd.DataFrame:
    """A table of data to score with its headers read, ``source_file`` and ``row`` added (``read_to_score``)."""
    frame = headers_read(raw, name=name)
    if "text" not in frame:
        raise _no_text_column(name, raw.columns)
    return frame.assign(source_file=name, row=range(1, len(frame) + 1))


def frame_to_score(data, *, what: str, known: dict | None = None, named: dict | None = None) -> pd.DataFrame:
    """``data`` to score a model on (``evaluate``, ``compare``) with its headers read as a file's are
    (``headers_read``: ``Text``, ``Sentiment``, ``AREAS ``), so that a frame scores as the file it came from does;
    ``DataError`` unless it is a DataFrame with a ``text`` column (a path says to read it first). With ``known``
    (``known_labels`` of the models scored), its comments and label cells are read as training data's are
    (``validate_frame(..., to_score=True)``: a number as its text, an export's ``'=`` as ``=``, labels that look like
    typos said), the rows of each of its files (``source_file``) on their own, and named by it in messages; the
    other columns are kept as they are. ``named``: the display names read as ids (``known_names`` of the models).
    A file (or frame) with a ``reviewed`` column gives its marked rows alone (``_reviewed``), as in training.
    """
    own = data.attrs.get(_REVIEWED_OWN) if isinstance(data, pd.DataFrame) else None
    if isinstance(data, pd.DataFrame):
        said = "|".join(re.escape(repr(column)) for column in data.attrs.get(_HEADERS_SAID) or ())
        with muted_warnings(f"data: column (?:{said}) is not read", UnreadDataWarning) if said else contextlib.nullcontext():
            data = headers_read(data, name="data")
        for column in LABELLED_COLUMNS:  # each is read as one column
            if column in data:
                unique_column(data.columns, column, f"{column} column")
    if isinstance(data, (str, os.PathLike)):  # pandas' own TypeError said nothing of what to pass
        raise DataError(f"{what} needs a frame of labelled rows, not a path; read the file with "
                        f"cxnlp.read_table({os.fspath(data)!r}) and pass that.")
    if not isinstance(data, pd.DataFrame) or "text" not in data:
        got = list(data.columns)[:10] if isinstance(data, pd.DataFrame) else type(data).__name__
        raise DataError(f"{what} needs a frame with a 'text' column and label columns (cxnlp.read_table "
                        f"reads such files); got {got}.")
    if known is None:
        return data
    # A row of no file (NaN) is one of "data": NaN equalled no name, and such rows were left unread (None, unscored).
    cells = data["source_file"] if "source_file" in data else pd.Series("data", index=data.index)
    files = cells.astype(object).where(cells.notna(), "data").astype(str).to_numpy()
    columns = [column for column in LABELLED_COLUMNS if column in data]
    read = {column: np.empty(len(data), dtype=object) for column in columns}
    marked = np.ones(len(data), dtype=bool)
    for name in dict.fromkeys(files):
        rows = np.flatnonzero(files == name)
        part = validate_frame(data.iloc[rows][columns], name=name, known=known, to_score=True, named=named)
        for column in columns:
            read[column][rows] = part[column].to_numpy()
        table = data.iloc[rows] if not isinstance(own, dict) or name not in own else data.iloc[rows][own[name]]
        marked[rows] = reviewed_mask(table, name)  # after reading: its messages count the file's rows
    data = data.assign(**{column: pd.Series(cells, index=data.index, dtype=object) for column, cells in read.items()})
    if not marked.all() and "source_file" not in data and "row" not in data:  # a frame's rows named as its own
        data = data.assign(source_file=None, row=np.arange(1, len(data) + 1))  # (evaluate's), not among the marked
    return data if marked.all() else data[marked].reset_index(drop=True)


def _label_columns(frame: pd.DataFrame, name: str, errors: list[str], known: dict, missing: Counter, *,
                   implied_emotions: bool = True, display_names: dict = NAMED_LABELS) -> dict[str, list]:
    """The parsed cells of each axis and signal column of ``frame``; what cannot be read is added to ``errors``, the
    missing-value words read as blank to ``missing``. Each distinct text of a column is parsed once."""
    labels: dict[str, list] = {}
    named: Counter = Counter()  # (display name as written, its id): cells
    told = set(_rows_together(errors))  # the lines shown (20): a problem past them is counted, not quoted redacted
    for axis in (*AXES, *SIGNAL_AXES):
        if axis not in frame:
            continue
        parse = flag_cell if axis in FLAG_AXES else functools.partial(label_cell, names=display_names)
        own = frozenset(known.get(axis, ()))
        parsed: dict[str, tuple] = {}
        cells = []
        for row, value in enumerate(frame[axis].tolist(), 1):
            if isinstance(value, str):
                if value not in parsed:
                    parsed[value] = parse(value, axis, own, told=len(told) < 20)
                cell, problems, name_of, words = parsed[value]
            else:  # lists (unhashable), numbers and missing cells: parsed each time
                cell, problems, name_of, words = parse(value, axis, own, told=len(told) < 20)
            errors.extend(f"{name}: row {row}: {problem}" for problem in problems)
            told.update(problems)
            named.update(name_of)
            missing.update(words)
            cells.append(cell)
        labels[axis] = cells
    if named:  # (read from validate_frame, label_columns or frame_to_score: the user's line is named, not ours)
        warn_outside(f"{name}: read display names as ids: " + ", ".join(
            f"{written!r} -> {label} ({n} row{'s' if n > 1 else ''})" for (written, label), n in named.items()) + ".",
            LabelTypoWarning)
    if implied_emotions and "emotions" in labels:
        labels["emotions"] = emotions_implied(labels)
    return labels


def emotions_implied(labels) -> list:
    """The ``emotions`` cells of ``labels`` (a frame, or a mapping of signal to cells, read from one file) with a
    blank cell "no emotion", ``()``, on a row labelled on another signal (docs/labels.md)."""
    others = [list(labels[axis]) for axis in SIGNAL_AXES if axis != "emotions" and axis in labels]
    return [() if is_missing(v) and any(not is_missing(cells[i]) for cells in others) else v
            for i, v in enumerate(list(labels["emotions"]))]


def number_as_text(value):
    """A number cell as CSV writes it (10, not 10.0, for a whole float); anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != value:
        return value
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else str(value)
