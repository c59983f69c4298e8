"""Exceptions raised by cxnlp.

::

    CxnlpError                 base class: catch this to handle every cxnlp failure
    ├── DataError (ValueError)      bad input data: unknown labels, missing columns, bad cells
    ├── ConfigError (ValueError)    a setting out of range or unknown (TrainConfig, Model, summaries)
    ├── ModelFormatError            a model directory that is damaged, incomplete or of another format
    └── TrainingError (ValueError)  labels that cannot be learnt (too few examples, one class only)

Warnings: ``LabelTypoWarning`` for label values that look like typos of known labels (or are their display names),
``InconsistentVersionWarning`` for models saved with other library versions, ``DuplicateColumnWarning`` and
``SubHeaderRowWarning`` for headers read otherwise than they are written, ``UnreadDataWarning`` for labelled data
that was not read (a workbook's other sheets, a ``.txt`` file in a training folder; ``UnreadSheetsWarning`` for
a workbook's other sheets of comments), ``BlankCommentWarning`` for
labelled rows without a comment in data to score a model on (scored as blank comments), ``ShortenedCellWarning`` for
``cx_segments`` cells shortened to fit an XLSX cell. Reading and loading warnings
are raised with ``warn_outside``, so they name the line of your code that called cxnlp.
"""

from __future__ import annotations

import os
import re
import sys
import warnings
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


class CxnlpError(Exception):
    """Base class of every error raised by cxnlp."""


class DataError(CxnlpError, ValueError):
    """Input data that cannot be used as given; the message names the value and what was expected."""


class ConfigError(CxnlpError, ValueError):
    """A setting that is unknown or out of range; the message names it and the range expected."""


class ModelFormatError(CxnlpError):
    """A model directory that cannot be loaded: missing files, bad checksum, other format version."""


class TrainingError(CxnlpError, ValueError):
    """Training data that cannot produce a model, e.g. a label with too few examples."""


class CxnlpWarning(UserWarning):
    """Every warning cxnlp gives derives from it, so that one filter reaches them all
    (``warnings.filterwarnings("ignore", category=cxnlp.CxnlpWarning)``); those given as plain ``UserWarning``
    before (changes, discover, a ``where`` filter, the report) could be told from pandas' only by their text."""


class SignalSkippedWarning(CxnlpWarning):
    """A signal (effort, emotions, churn risk, escalation) or one of its values had too few labelled
    comments to be learnt; the model is trained without it."""


class IndustrySkippedWarning(CxnlpWarning):
    """An industry had too few labelled comments for its industry words to be learnt; the model is trained
    without them, its rows read as comments of no industry."""


class LabelTypoWarning(CxnlpWarning):
    """A label value in training data that looks like a typo of a known label, or that was read as a built-in
    label's id because it is written as its display name ('Precio': price); in data to score a model on, also the
    labels the model does not predict."""


class InconsistentVersionWarning(CxnlpWarning):
    """A model saved with library versions other than the ones installed."""


class DuplicateColumnWarning(CxnlpWarning):
    """A file names two columns alike: the second and later ones are read as 'name.1', 'name.2'."""


class SubHeaderRowWarning(CxnlpWarning):
    """A workbook's second header row ("Response", "Open-Ended Response" under each question, as SurveyMonkey
    exports it) was skipped: it is no answer."""


class HeaderRowWarning(CxnlpWarning):
    """The header row was a guess that may have taken a comment (a headerless one-column file), or rows under it
    were skipped as a survey tool's extra header rows (Qualtrics, SurveyMonkey), a workbook's row of group labels
    or a CSV's copy of its header, or a spreadsheet's totals row below the table; or a workbook's sheet other
    than its first was read, none being named, or the sheet named "2" where the number 2 was given and the
    second sheet is another."""


class ShortenedCellWarning(CxnlpWarning):
    """An XLSX cell of cxnlp's own output (``cx_segments``) held more than an Excel cell does and was written
    shortened, still valid; CSV, Parquet and JSON Lines keep it whole."""


class UnreadDataWarning(CxnlpWarning):
    """Labelled data that was not read: the other sheets of labelled rows (a ``text`` column and a label column)
    of a workbook that training or evaluation read one sheet of, a ``.txt`` file in a training folder (notes), or a
    workbook's formulas saved without their results (read as blank); or the bytes after a UTF-16 file's last whole
    character (a file cut short); or the keys beside the rows of a JSON page (``{"tickets": [...], "count": 2}``), or
    the first value of a key given twice in one JSON object."""


class UnreadSheetsWarning(UnreadDataWarning):
    """The other visible sheets of a workbook read without a sheet named that also have its comment column (a
    sheet a month), left unread. Training and evaluation say it of labelled rows in their own words instead."""


class BlankCommentWarning(CxnlpWarning):
    """Labelled rows without a comment in data to score a model on (``evaluate``, ``compare``, ``promote``), which
    training refuses: they are read and scored, as the model reads a blank comment (status 'empty', nothing
    predicted, a miss on each axis they label). Not an ``UnreadDataWarning``: nothing is left unread."""


def path_argument(value, what: str, advice: str = "") -> Path:
    """``value`` as a Path, or the one ``ConfigError`` every argument that must be a path gives for what is not one
    (None, a number, a DataFrame: a TypeError from pathlib before), naming ``what`` it was for. The value is shown
    unless its text spans lines (a DataFrame's)."""
    if not isinstance(value, (str, os.PathLike)):
        try:
            text = str(value)
        except Exception:  # noqa: BLE001  (an int of 5,000 digits, a failing __str__: the type alone is named)
            text = "\n"
        shown = "" if "\n" in text else f": {text[:60]!r}"
        raise ConfigError(f"{what}: expected a path (str or Path), got {type(value).__name__}{shown}.{advice}")
    return Path(value)


#: The list ``warn_outside`` puts its warnings in instead of saying them, inside ``kept_warnings``.
_KEPT: ContextVar[list | None] = ContextVar("cxnlp_kept_warnings", default=None)


@contextmanager
def kept_warnings():
    """The warnings ``warn_outside`` gives in this block, in this thread (or task) alone, kept in the list yielded
    instead of said. ``warnings.catch_warnings(record=True)`` swaps the process-wide filters and ``showwarning``:
    Dask's threads reading two files at once left every later warning of the process in a finished block's list."""
    kept: list[Warning] = []
    token = _KEPT.set(kept)
    try:
        yield kept
    finally:
        _KEPT.reset(token)


#: The (message pattern, category) pairs ``warn_outside`` says nothing of, inside ``muted_warnings``.
_MUTED: ContextVar[tuple] = ContextVar("cxnlp_muted_warnings", default=())


@contextmanager
def muted_warnings(message: str = "", category: type[Warning] = Warning):
    """``warn_outside``'s warnings of ``category`` whose text begins with the pattern ``message`` (case aside, as
    ``warnings.filterwarnings`` reads it) left unsaid in this block, in this thread (or task) alone. The
    ``warnings.catch_warnings`` this replaces swaps the process-wide filters: two threads inside at once left the
    warnings muted for the rest of the process, or muted another thread's."""
    token = _MUTED.set((*_MUTED.get(), (re.compile(message, re.I), category)))
    try:
        yield
    finally:
        _MUTED.reset(token)


def warn_outside(message: str, category: type[Warning]) -> None:
    """``warnings.warn`` attributed to the first line outside cxnlp that led here (the user's call of
    ``read_table``, ``load``...), however deep in cxnlp the warning is raised: a fixed ``stacklevel`` pointed
    into cxnlp's own files from some entry points. (Python 3.12's ``skip_file_prefixes`` does this.) Inside
    ``kept_warnings``, the warning is kept instead; inside ``muted_warnings`` that match it, it is not said."""
    if any(issubclass(category, muted) and pattern.match(message) for pattern, muted in _MUTED.get()):
        return
    if (kept := _KEPT.get()) is not None:
        kept.append(category(message))
        return
    frame, level = sys._getframe(1), 2  # level 2: warn_outside's caller
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


#: Control characters other than the line feed and the tab: C0, DEL and C1 (ESC and CSI start terminal commands).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with its control characters other than line feeds and tabs written as escapes (``\\x1b``): a theme,
    column or comment of a file printed raw set the terminal's title or cleared it (``ESC ] 0;`` ... ``BEL``).
    The CLI's lines (``cli.options.echo``) and a Dask worker's warnings are printed so."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match[0]):02x}", text)


def choices(values) -> str:
    """``values`` as a message lists the ones it accepts, quoted: "'week', 'month' or 'quarter'" (a Python list,
    "['week', 'month']", read as code to type); "(none)" where there are none (a caller's ``known`` labels
    without the axis of a column: the message failed with an IndexError)."""
    quoted = [repr(value) for value in values]
    if len(quoted) <= 1:
        return quoted[0] if quoted else "(none)"
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def type_name(value) -> str:
    """The type of ``value`` as a message names it, with its package where that is not Python itself: a Dask or Spark
    frame is a "dask DataFrame" (the bare class name made "expects a pandas DataFrame, got DataFrame")."""
    package = type(value).__module__.split(".")[0]  # (a class of the user's own script is no "__main__ MyFrame")
    package = "dask" if package == "dask_expr" else package  # Dask 2024.12's frames, from its dask-expr package
    return type(value).__name__ if package in ("builtins", "__main__") else f"{package} {type(value).__name__}"


def shown_value(value, limit: int = 80) -> str:
    """``repr(value)`` as a one-line message quotes a setting, unless it spans lines or runs past ``limit`` characters:
    then its type ("a pandas Series"). A column given where a metric's name goes printed its 80 rows in the error.
    A long str is quoted up to ``limit`` with its length, a long int shown so: a misspelt setting is still read."""
    text = repr(value)
    if "\n" not in text and len(text) <= limit:
        return text
    if isinstance(value, str):
        return f"{value[:limit]!r}... ({len(value)} characters)"
    if isinstance(value, int) and not isinstance(value, bool):  # (a -10**100 was "a int", its value and sign lost)
        return f"{text[:limit]}... ({len(text)} characters)"
    return f"a {type_name(value)}"


def quoted_cell(value, limit: int = 60) -> str:
    """A cell of a row read as a message quotes it: text in ``repr``'s quotes, another value as its ``repr``, with
    its personal data replaced and cut to ``limit`` characters (``pii.shown_cell``), as a row skipped or refused may
    be a customer's answer ("Total, me cobraron de más, llamadme al 612 345 678")."""
    from .pii import shown_cell  # (not at import: the command line starts without the PII patterns)
    if isinstance(value, str):
        return repr(shown_cell(value, limit))
    text = repr(value)  # (numpy's of an array of long texts spans lines: the message did)
    return shown_cell(" ".join(line.strip() for line in text.splitlines()) if "\n" in text else text, limit)
