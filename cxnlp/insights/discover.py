"""Emerging themes: groups of comments that share a subject the taxonomy does not name yet.

``discover`` takes a classified frame (``cx_`` columns; an unclassified one is classified first),
keeps a *pool* of comments the taxonomy covers badly, and groups them by subject:

1. **Pool.** ``"uncovered"`` (the default): comments labelled ``general`` or with no touchpoint,
   plus those marked ``cx_needs_review`` (low confidence). ``"general"``, ``"low-confidence"`` and
   ``"all"`` take one criterion or every comment; ``where`` (a boolean mask or a pandas query
   string) narrows the pool, or is the pool when ``pool`` is not given.
2. **Subject words.** Each comment's lemmas and phrases with function and verdict words removed
   (``cxnlp.insights._subjects``), weighted by TF-IDF, plus character 4-5-grams of those lemmas so
   that "devolución" and "devolver" meet. Comments with no subject word ("Excelente empresa") stay
   out of every group.
3. **Meaning.** Latent semantic analysis (a truncated SVD to ``DIMENSIONS``) fitted on the pool and up
   to ``MAX_CONTEXT`` other comments of the frame: more text gives better evidence of which words go
   together.
4. **Groups, by consensus** (``_clusters``; its constants). One clustering: average-linkage agglomerative clustering on cosine
   distance, cut into k groups for k = 2 ... min(``max_groups``, comments / ``min_size``), k the cut
   with the best silhouette. Where that cut falls moves with the SVD's random start, so it is done
   ``CONSENSUS_RUNS`` times (seeds ``seed``, ``seed + 1``, ...) and two comments share a group when
   they were put together in more than ``CONSENSUS_CUT`` of the runs on average (evidence accumulation:
   average linkage on the co-association matrix, Fred and Jain 2005). A group's stability is how often
   its comments were put together. Beyond ``MAX_CLUSTERED`` comments a seeded sample is clustered and
   the others join their nearest group. Deterministic for a ``seed``, in any order of the rows.
5. **Filter.** A group is kept when it has at least ``min_size`` comments (default ``MIN_SIZE``) and a
   coherence of at least ``min_coherence`` (default ``MIN_COHERENCE``): the mean cosine similarity of
   its comments' subject words to the group's centroid, and ``CHANCE_MARGIN`` times the 1/sqrt(n) that n
   comments sharing no subject word have. Smaller or looser groups are noise, dropped;
   beyond ``max_groups`` kept groups, the smaller ones are dropped too.

Each kept group gets a name from its most distinctive phrase as customers wrote it ("puntos de
fidelidad"), its top terms, size and share of the pool, sentiment mix, the predicted touchpoints it
was spread over, three representative comments (closest to the centroid, distinct), and with a
date column the share in the last period against the one before. ``Discovery`` (``_discovery.py``) holds
them; its ``to_training`` writes a group as labelled data (SPEC 3) with a placeholder touchpoint to rename and
retrain on. With ``redact`` (the default) the examples and the exported texts are redacted (``cxnlp.pii``) and
the names and terms leave out the words found as personal data; the groups are found on the text as written
either way.
"""

from __future__ import annotations

import numbers
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..columns import (
    DATE_COLUMN_CANDIDATES,
    analysed_frame,
    detect_column,
    detect_date_column,
    detect_text_column,
    find_column,
)
from ..exceptions import ConfigError, CxnlpWarning, DataError, shown_value
from ..labelled import text_key
from ..metrics.periods import AUTO_PERIOD, PERIODS, check_period_name, chosen_period, order_guessed, read_dates
from ..metrics.summary import written_dates
from ..schema import SENTIMENTS
from . import _groups, _subjects
from ._clusters import CONSENSUS_RUNS, DIMENSIONS, consensus, normalize, spaces
from ._discover_pool import (GROUPED_STATUSES, NEEDED, POOLS, classified_frame, empty_pool, no_review_column, pool_mask,
                             small_pool)
from ._discovery import PLACEHOLDER, Discovery, _comments

if TYPE_CHECKING:
    from ..model import Model

#: A group needs at least this many comments.
MIN_SIZE = 8
#: A group's comments must be at least this similar to its centroid (mean cosine of subject words).
MIN_COHERENCE = 0.25
#: Comments that share no subject word are each at 1/sqrt(n) of their centroid (unit vectors), a coherence over
#: ``MIN_COHERENCE`` for up to 16 of them: 16 unrelated comments made a group "alfombra / ascensor". A group must
#: also beat that chance coherence by this factor.
CHANCE_MARGIN = 1.25
#: Most groups tried (the k of the clustering).
MAX_GROUPS = 20
#: Comments outside the pool read to learn which words go together (a seeded sample beyond it).
MAX_CONTEXT = 10_000


def discover(frame: pd.DataFrame, text: str | None = None, *, model: Model | str | Path | None = None,
             pool: str | None = None, where: str | pd.Series | np.ndarray | Sequence[bool] | None = None,
             date: str | None = None, period: str = AUTO_PERIOD, dayfirst: bool | None = None, min_size: int = MIN_SIZE,
             min_coherence: float = MIN_COHERENCE, max_groups: int = MAX_GROUPS, seed: int = 13,
             redact: bool = True) -> Discovery:
    """Find groups of comments that share a subject, among those the taxonomy covers badly.

    Parameters
    ----------
    frame : a classified frame (``cxnlp classify`` output), or a survey frame to classify with ``model``.
    text : the comment column (detected from common names when omitted), its cells read as ``classify`` reads them
        (bytes as UTF-8).
    model : a ``cxnlp.Model`` (or model directory) for an unclassified frame; default: the shipped one.
    pool : ``"uncovered"`` (default), ``"general"``, ``"low-confidence"`` or ``"all"``.
    where : a boolean mask (aligned on ``frame``; NumPy's bool, pandas' ``boolean`` or Arrow's ``bool[pyarrow]``,
        a missing value a ``DataError``: ``mask.fillna(False)`` says those rows are out) or a ``DataFrame.query``
        string; narrows the pool, or is the pool when ``pool`` is not given.
    date : the date column for growth; detected from common names when omitted.
    period : "week", "month" or "quarter" (Spanish names too) for growth; "auto" (default): by quarter where the date
        column holds quarter labels ('T3 2024'), else by month. A period other than "auto" needs a date column (a
        ``DataError`` without one, as in ``summarize``).
    dayfirst : how to read 05/01/2024 in the date column, as in ``summarize``; decided from the data when None.
    min_size, min_coherence : a group with fewer comments or a lower coherence is dropped (so is one no more coherent
        than its comments would be sharing no subject word: a group of n distinct texts needs at least
        ``CHANCE_MARGIN`` / sqrt(n), whatever ``min_coherence`` says, so a lower ``min_coherence`` keeps no group
        under that floor; ``settings["chance_margin"]`` records it).
    max_groups : the most clusters each clustering run tries, and the most groups kept (the largest).
    seed : seed of the SVD and of the sample of a large pool.
    redact : personal data (``cxnlp.pii``) in what the groups show of the comments becomes placeholders such as
        [TELÉFONO], as in the report's quotes: the examples, and ``to_training``'s texts; a word that is personal data
        in one of a group's comments is left out of its name and terms. The groups are found on the text as written
        either way, so they are the same groups.

    Returns
    -------
    Discovery (``groups``, ``members``, ``table()``, ``to_training()``, ``to_dict()``).

    >>> found = discover(classified, text="Comentario")          # doctest: +SKIP
    >>> found.groups[["name", "size", "share", "growth"]]         # doctest: +SKIP
    >>> found.to_training(1).to_csv("nuevo_tema.csv", index=False)  # doctest: +SKIP
    """
    frame = analysed_frame(frame, "discover")
    if not frame.index.is_unique:
        raise DataError("discover needs one index label per row (groups are reported by row); this frame repeats "
                        "some: call frame.reset_index(drop=True) first.")
    for name, value in (("min_size", min_size), ("max_groups", max_groups)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 2:
            raise ConfigError(f"{name}={shown_value(value)}: expected an integer of at least 2.")
    if isinstance(min_coherence, bool) or not isinstance(min_coherence, numbers.Real) or not 0 <= min_coherence <= 1:
        raise ConfigError(f"min_coherence={shown_value(min_coherence)}: expected a number from 0 to 1 (a mean cosine similarity).")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32 - CONSENSUS_RUNS:
        raise ConfigError(f"seed={shown_value(seed)}: expected a whole number from 0 to {2**32 - CONSENSUS_RUNS - 1}.")
    # (a number or a generator is no mask either: len() of it was Python's TypeError)
    if isinstance(where, bool) or not (where is None or isinstance(where, str) or np.ndim(where) == 1):
        raise ConfigError(f"where={shown_value(where)}: expected a query string or a boolean mask with one value per row.")
    if not isinstance(redact, (bool, np.bool_)):
        raise ConfigError(f"redact={shown_value(redact)}: expected True or False.")
    check_period_name(period)  # as summarize and changes read it ("Month" is none)
    column = detect_text_column(frame.columns, text)
    dates = _date_column(frame, date, period)  # before any work: a date column misspelt or held twice is said at once
    # A table classified before cx_needs_review was written marks no comment as low-confidence: said, not assumed.
    unreviewed = "cx_needs_review" not in frame.columns and all(c in frame.columns for c in NEEDED)
    frame = classified_frame(frame, column, model)
    kind = pool if pool is not None else ("all" if where is not None else "uncovered")
    if unreviewed and isinstance(kind, str) and kind in ("uncovered", "low-confidence"):  # (pool_mask names a bad one)
        no_review_column(kind)
    mask = pool_mask(frame, kind, where)
    # The filter too: the JSON of -o and the table's first line said "pool (all)" of a pool that --where had narrowed;
    # redacted as the examples are ("Correo == 'ana@x.co'" was written in clear into a JSON said to be redacted).
    shown_where = where if where is None else "mask" if not isinstance(where, str) else (
        _groups._redacted(where) if redact else where)
    settings = {"where": shown_where, "min_size": int(min_size),
                "min_coherence": float(min_coherence), "chance_margin": CHANCE_MARGIN, "max_groups": int(max_groups),
                "dimensions": DIMENSIONS,
                "seed": int(seed), "redact": bool(redact)}
    if not mask.any():
        raise empty_pool(frame, kind, where)

    # The rows sorted by text (then the pool's first, then the other classified ones), so that the vectors' sums,
    # the SVD, the seeded samples and ties between comments meet the same rows in the same order whatever the
    # order of the file: shuffled rows moved the SVD's coordinates by up to 1.5 and changed stability, examples
    # and touchpoints. Rows alike in all of these are interchangeable. ``members`` keeps the frame's order.
    given = frame
    texts = _comments(frame[column])
    all_keys = np.array([text_key(t) for t in texts], dtype=object)
    ok = frame["cx_status"].isin(GROUPED_STATUSES).to_numpy()
    order = np.lexsort((~ok, ~mask.to_numpy(), texts, all_keys))
    frame, mask, texts, all_keys = frame.iloc[order], mask.iloc[order], texts[order], all_keys[order]

    analysed = _analyse(frame, texts, mask, seed)
    terms, both = spaces(analysed)
    rows = np.flatnonzero(mask.to_numpy())
    usable = rows[np.asarray(terms[rows].getnnz(axis=1)) > 0]
    # Each distinct text once: fifty copies of one answer are no theme. Copies join their text's group afterwards.
    keys = all_keys[usable]
    distinct_keys, first = np.unique(keys, return_index=True)
    distinct = usable[first]
    if len(distinct) < 2 * min_size:
        raise small_pool(kind, where, int(mask.sum()), len(distinct), min_size)

    distinct_labels, k, stability = consensus(both, distinct, min(max_groups, len(distinct) // min_size), seed,
                                              min_size)
    labels = distinct_labels[np.searchsorted(distinct_keys, keys)]
    members = pd.DataFrame({"group": 0, "similarity": np.nan}, index=frame.index[rows])
    # Names and terms come from the comments as written: with redact, a word that is personal data in one of a group's
    # comments is left out of that group's name and terms ("julio" of "el señor Julio" stays in "factura de julio").
    groups, dropped = [], 0
    for cluster in sorted(set(labels), key=lambda c: (-(labels == c).sum(), c)):
        at = usable[labels == cluster]
        centroid = normalize(np.asarray(terms[at].mean(axis=0)))
        similarity = np.asarray(terms[at] @ centroid.T).ravel()
        n_distinct = int((distinct_labels == cluster).sum())
        floor = max(min_coherence, CHANCE_MARGIN / np.sqrt(n_distinct))
        if n_distinct < min_size or similarity.mean() < floor or len(groups) == max_groups:
            dropped += 1
            continue
        number = len(groups) + 1
        members.loc[frame.index[at], "group"] = number
        members.loc[frame.index[at], "similarity"] = similarity.round(4)
        groups.append({**_groups.describe(number, at, similarity, frame, texts, all_keys, analysed, mask, redact,
                                          _groups.personal_words(texts[at]) if redact else frozenset()),
                       "stability": round(float(stability[cluster]), 3)})
    members["group"] = members["group"].astype(int)
    members = members.iloc[np.argsort(order[rows])]  # back in the frame's order
    table = pd.DataFrame(groups, columns=_GROUP_COLUMNS)
    table["share"] = table["size"] / len(rows)
    if dates is not None:
        period = chosen_period(frame[dates], period)
    if dates is not None and not table.empty:
        table = table.join(_groups.growth(frame, dates, period, members, mask, len(table), dayfirst), on="group")
        if table["growth"].isna().all() and _unreadable_dates(frame[dates][mask], dayfirst):
            # A blank column is no date that "could not be read" (changes says it is blank, as this does).
            why = ("is blank in every comment of the pool" if written_dates(frame[dates][mask])[0].empty else
                   "holds dates that mostly could not be read")
            warnings.warn(f"discover: the date column {dates!r} {why}, so no group has a growth; name the date "
                          f"column with date=... (--date), or write its dates as 2024-01-31.", CxnlpWarning,
                          stacklevel=2)
        elif table["growth"].isna().all() and table["last_period"].notna().any():
            # Every growth blank without a word: a pool narrowed to December, a survey of one quarter, or weeks of a
            # few comments each.
            warnings.warn(_groups.no_growth(frame, dates, period, mask, dayfirst), CxnlpWarning, stacklevel=2)
        if future := _groups.future_growth(frame, dates, period, mask, dayfirst,  # compared all the same: said
                                           bool(table["growth"].notna().any())):
            warnings.warn(future, CxnlpWarning, stacklevel=2)
    # How the dates were read, as summarize and changes say it: d/m text that reads either way is day first, a guess
    # (03/01 and 03/02 grown as January to February, or two days of March month first).
    read_dayfirst = read_dates(frame[dates], dayfirst)[2] if dates else None
    settings.update(date=dates, period=PERIODS[period] if dates else None, dayfirst=read_dayfirst,
                    dayfirst_guessed=bool(dates and dayfirst is None and order_guessed(frame[dates])))
    return Discovery(table, members, given, column, kind, k, dropped, settings)


_GROUP_COLUMNS = ["group", "name", "terms", "size", "share", "coherence", "stability", *SENTIMENTS, "touchpoints",
                  "examples"]


def _analyse(frame: pd.DataFrame, texts: np.ndarray, mask: pd.Series, seed: int) -> list:
    """Subject words of the pool's comments (``texts``, one per row of ``frame``) and of up to ``MAX_CONTEXT``
    others (a seeded sample); None for the rest of the frame."""
    ok = frame["cx_status"].isin(GROUPED_STATUSES).to_numpy()
    pool = mask.to_numpy()
    others = np.flatnonzero(ok & ~pool)
    room = max(0, MAX_CONTEXT - int(pool.sum()))
    if len(others) > room:
        others = np.random.RandomState(seed).choice(others, room, replace=False)
    read = pool.copy()
    read[others] = True
    return [_subjects.analyse(texts[i]) if read[i] else None for i in range(len(frame))]



def discover_file(input_path, *, output=None, export=None, sheet=None, header_row=None, allow_formulas=False,
                  model=None, text=None, **settings) -> Discovery:
    """``discover`` on a table file (classified, or classified here with ``model``); the groups are written to
    ``output`` as JSON (``Discovery.to_dict``), a file ending in .json (a ``ConfigError`` otherwise, before any
    work), and their comments to ``export`` as training data (a table: CSV, XLSX...)."""
    import json

    from ..io import (atomic_paths, check_outputs, check_sheet, csv_output_options, output_format, read_table,
                      write_table)
    from ..persist import MODEL_FILES, resolve_model_dir

    if output is not None:
        check_json_path(output)
    if export is not None:
        output_format(export)
    # A model named here is read (a classified table needs none): no output may replace one of its files.
    named = isinstance(model, (str, os.PathLike))
    sources = [input_path, *(resolve_model_dir(model) / name for name in sorted(MODEL_FILES) if named)]
    check_outputs([output, export], inputs=sources)
    check_sheet(input_path, sheet)
    frame = read_table(input_path, allow_empty=False, sheet=sheet, header_row=header_row, text=text)
    found = discover(frame, text, model=model, **settings)
    # Both outputs in one step: a disk that fills on the second leaves neither replaced.
    with atomic_paths(protect=sources) as temporary:
        if output is not None:
            groups = json.dumps(found.to_dict(), ensure_ascii=False, indent=2, default=str)
            temporary(output).write_text(groups, encoding="utf-8")
        if export is not None:
            # In the input's CSV locale, as review's queue: the file is opened in Excel to rename the placeholder.
            write_table(found.to_training(), export, **csv_output_options(input_path, export, header_row=header_row),
                        protect=sources, allow_formulas=allow_formulas)
    return found


def check_json_path(path) -> Path:
    """``path`` as a Path, after making sure it names a JSON file: a ``ConfigError`` otherwise. ``-o grupos.xlsx``
    wrote JSON into a file Excel cannot open, with exit code 0; the groups as a table are ``--export``'s."""
    path = Path(path)
    # Path(".json").suffix is "" (a dot file has no suffix): a file named ".json" still names a JSON file.
    if path.suffix.lower() != ".json" and path.name.lower() != ".json":
        from ..io.common import check_not_a_standard_stream

        check_not_a_standard_stream(path)  # ('-o -' was told to give a name such as -.json)
        raise ConfigError(f"{path}: discover writes its groups as JSON, to a file ending in .json; give a name such as "
                          f"{path.stem or 'grupos'}.json (-o on the command line), or --export for their comments as "
                          f"a table.")
    return path


def _unreadable_dates(cells: pd.Series, dayfirst: bool | None = None) -> bool:
    """Whether fewer than half of the pool's dates can be read (in the order given, if one is)."""
    days, _, _ = read_dates(cells, dayfirst)
    return bool(len(days)) and float(np.mean(~np.isnat(days))) < 0.5


def _date_column(frame: pd.DataFrame, date: str | None, period: str = AUTO_PERIOD) -> str | None:
    """The date column named, or detected; a period asked for (not auto) needs one, as summarize's trend does: a
    ``DataError`` without it (``--period week`` on a table without dates was passed over without a word)."""
    if date is not None:
        return find_column(frame.columns, date, "date column")
    if period != AUTO_PERIOD:
        return detect_date_column(frame.columns, period)
    return detect_column(frame.columns, DATE_COLUMN_CANDIDATES)


__all__ = ["MIN_COHERENCE", "MIN_SIZE", "PLACEHOLDER", "POOLS", "Discovery", "check_json_path", "discover",
           "discover_file"]
