"""The pool of comments ``discover`` searches for new themes (step 1 of ``discover``'s docstring): the classified
frame it is drawn from (``classified_frame``), which rows are in it (``pool_mask``), and what is said when a pool
cannot be drawn or holds too few comments to group.

It lives apart from ``discover``, which groups the pool's comments and describes the groups, because choosing the
comments is its own question, asked of the ``cx_`` columns and the user's filter, before any text is read.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..columns import flag_values
from ..exceptions import ConfigError, CxnlpWarning, DataError, choices, shown_value
from ..schema import LABEL_SEP
from ._query import query_mask

#: Pools: which comments are searched for new themes (see the module docstring).
POOLS = ("uncovered", "general", "low-confidence", "all")
#: The ``cx_`` columns discover reads; a frame without them is classified first.
NEEDED = ("cx_status", "cx_touchpoints")
#: The other ``cx_`` columns discover reads, and what a classified frame without one reads as (an analyst deleted
#: it): without cx_needs_review no comment is of low confidence (and discover says so: ``no_review_column``);
#: the table's own labels still count.
_OPTIONAL = {"cx_sentiment": None, "cx_areas": None, "cx_needs_review": False}
GROUPED_STATUSES = ("ok", "truncated")
#: The smallest min_size (two comments make a group).
SMALLEST_GROUP = 2


def classified_frame(frame: pd.DataFrame, column: str, model) -> pd.DataFrame:
    """``frame`` with its ``cx_`` columns, classifying it when its labels are missing; label cells as cxnlp writes
    them ("delivery|support"), whether they came as lists (JSON, Parquet, the service) or categories, without the
    missing-value words that summaries read as blank ('nan', 'None': ``metrics._blank_labels``)."""
    if all(c in frame.columns for c in NEEDED):
        from ..metrics._blank_labels import blank_words
        from ..metrics._label_lists import THEME_SEPS
        from ..metrics.themes import split_labels

        filled = {name: value for name, value in _OPTIONAL.items() if name not in frame.columns}
        blank = blank_words("cx_touchpoints")
        labels = {name: [None if (cell := split_labels(v, THEME_SEPS)) is None
                         else LABEL_SEP.join(label for label in cell if label.lower() not in blank)
                         for v in frame[name]] for name in ("cx_touchpoints", "cx_areas") if name in frame.columns}
        return frame.assign(**filled, **labels)
    from ..persist import load

    model = load() if model is None else (load(model) if not hasattr(model, "classify_frame") else model)
    return model.classify_frame(frame, text=column)


def pool_mask(frame: pd.DataFrame, kind: str, where) -> pd.Series:
    """Which rows are in the pool: classified comments that meet ``kind`` and ``where``."""
    if not isinstance(kind, str) or kind not in POOLS:  # (a Series: 'truth value ... is ambiguous')
        raise ConfigError(f"pool={shown_value(kind)}: expected one of {choices(POOLS)}.")
    ok = frame["cx_status"].isin(GROUPED_STATUSES)
    labels = frame["cx_touchpoints"].fillna("").astype(str).str.split(LABEL_SEP)
    # A hand-edited file may say "General" or " general": read as sentiment labels are (columns.sentiment_label).
    general = labels.map(lambda found: "general" in (label.strip().lower() for label in found) or found == [""])
    low = pd.Series(flag_values(frame["cx_needs_review"]), index=frame.index)
    mask = ok & {"uncovered": general | low, "general": general, "low-confidence": low, "all": ok}[kind]
    if where is None:
        return mask
    if isinstance(where, str):
        return mask & query_mask(frame, where)
    if not isinstance(where, pd.Series):
        where = pd.Series(np.asarray(where), index=frame.index if len(where) == len(frame) else None)
    elif len(where) == len(frame) and where.index.is_unique and frame.index.isin(where.index).all():
        # The frame's rows in another order (a mask built on a sorted copy): pandas aligns it by label, and so does
        # this; it was refused as "expected ... the frame's 76 rows and index, got 76 values of type bool".
        where = where.reindex(frame.index)
    # NumPy's bool, pandas' nullable 'boolean' (.str.contains on a 'string' column), Arrow's 'bool[pyarrow]' (any
    # comparison on a frame read with dtype_backend="pyarrow"), or Python's True and False in an object column.
    boolean = pd.api.types.is_bool_dtype(where.dtype) or (
        where.dtype == object and pd.api.types.infer_dtype(where, skipna=True) == "boolean")
    if len(where) == len(frame) and boolean and not where.index.equals(frame.index):
        raise DataError(f"where: the mask's {len(where)} row labels are not the frame's; build it from the frame "
                        f"itself, or pass mask.to_numpy() for values in the frame's row order.")
    if len(where) != len(frame) or not boolean:
        raise DataError(f"where: expected a boolean mask with the frame's {len(frame)} rows and index, "
                        f"got {len(where)} values of type {where.dtype}.")
    if where.isna().any():
        missing = int(where.isna().sum())
        raise DataError(f"where: the mask has {missing:,} missing value{'' if missing == 1 else 's'}; say whether "
                        f"{'that row is' if missing == 1 else 'those rows are'} in the pool (mask.fillna(False) leaves "
                        f"{'it' if missing == 1 else 'them'} out).")
    return mask & where.astype(bool)


def no_review_column(kind: str) -> None:
    """A table without cx_needs_review: the low-confidence pool cannot be drawn (a DataError), and the uncovered pool
    is the general comments only (a warning)."""
    again = "classify the file again with this version of cxnlp (cxnlp classify) to have it"
    if kind == "low-confidence":
        raise DataError(f"The table has no cx_needs_review column, so no comment is marked low-confidence and "
                        f"pool='low-confidence' (--pool low-confidence) cannot be used: {again}, or use pool='general'.")
    warnings.warn(f"discover: the table has no cx_needs_review column, so the uncovered pool holds the 'general' "
                  f"comments only and leaves out the low-confidence ones; {again}.", CxnlpWarning, stacklevel=3)


def empty_pool(frame: pd.DataFrame, kind: str, where) -> DataError:
    """The error for a pool without a comment, saying what is true: no comment of the table could be classified
    (not Spanish, empty: no pool or filter helps), or the classified ones all lie outside this pool and filter (and
    which of --pool all or a wider filter could bring them in)."""
    statuses = frame["cx_status"].value_counts()
    listed = ", ".join(f"{s} {n}" for s, n in statuses.items())
    classified = int(frame["cx_status"].isin(GROUPED_STATUSES).sum())
    if not classified:
        return DataError(f"No comment of the table could be classified ({listed or 'no row'}): discover groups "
                         f"classified Spanish comments, and there are none to group.")
    tips = [*(["pool='all' (--pool all)"] if kind != "all" else []), *(["a wider filter"] if where is not None else [])]
    comments = ("the only classified comment is not" if classified == 1
                else f"none of the {classified} classified comments is")
    return DataError(f"The pool ({kind}{_filtered(where)}) is empty: {comments} in it (the table's statuses: {listed})"
                     + (f"; try {' or '.join(tips)}." if tips else "."))


def small_pool(kind: str, where, comments: int, distinct: int, min_size: int) -> DataError:
    """The error for a pool of fewer than two groups' worth of distinct comments, in Python's words (the command line
    says --pool and --min-size: ``cli.app.cli_wording``). As for an empty pool, the filter is named, and a wider one
    suggested only where there is one: "Try a wider filter" was said of a pool without any. A smaller min_size is
    suggested only where one can help: a pool of copies of one answer, or of verdicts alone ("mal", "ok"), was told
    to try one, and the smallest, 2, still needs 4 distinct comments."""
    fewest = 2 * SMALLEST_GROUP
    tips = [*(["pool='all'"] if kind != "all" else []), *(["a wider filter"] if where is not None else []),
            *(["a smaller min_size"] if distinct >= fewest else [])]
    tried = ", ".join(tips[:-1]) + " or " + tips[-1] if len(tips) > 1 else "".join(tips)
    smallest = "" if min_size <= SMALLEST_GROUP else (f", and even groups of at least min_size={SMALLEST_GROUP} "
                                                      f"need {fewest}")
    why = "" if distinct >= fewest else (f"{smallest} (copies of a text count once, and a comment of verdicts alone, "
                                         f"such as 'mal' or 'ok', names no subject)")
    return DataError(f"The pool ({kind}{_filtered(where)}) has {comments} comment{'' if comments == 1 else 's'}, "
                     f"{distinct} distinct one{'' if distinct == 1 else 's'} with subject words; finding groups of at "
                     f"least min_size={min_size} needs {2 * min_size}{why}." + (f" Try {tried}." if tips else ""))


def _filtered(where) -> str:
    """How a pool's description names its filter: the query as given, or the mask; nothing without one."""
    if where is None:
        return ""
    return " and where=" + repr(where) if isinstance(where, str) else " and the where mask"
