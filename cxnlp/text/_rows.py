"""TF-IDF rows built from vocabulary ids without a sparse matrix: each unit's counts, the units of a comment
added up, weighted (1 + log tf) * idf and l2-normalised, the blocks laid side by side, exactly as scikit-learn and
SciPy compute them (``FittedFeatures``, in ``fitted.py``, calls these; ``tests/test_speed_equivalence.py``)."""

from __future__ import annotations

import itertools
from typing import NamedTuple

import numpy as np


def tfidf(counts, idf):
    """TfidfTransformer(sublinear_tf=True).transform, without its input validation: (1 + log tf) * idf, rows l2-normalised."""
    X = counts.tocsr().astype(np.float32)  # a copy, whatever the dtype (scipy's astype copies by default)
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    sublinear_l2(X.data, X.indices, rows, X.shape[0], idf)
    return X


def sublinear_l2(data, indices, rows, n_rows: int, idf) -> None:
    """In place on float32 ``data`` (entry ``i`` in column ``indices[i]`` of row ``rows[i]``): 1 + log tf,
    times the column's IDF, each row divided by its l2 norm (summed in the entries' order)."""
    np.log(data, out=data)
    data += 1
    data *= idf[indices].astype(np.float32)
    norms = np.sqrt(np.bincount(rows, weights=data.astype(np.float64) ** 2, minlength=n_rows))
    data /= np.where(norms > 0, norms, 1)[rows].astype(np.float32)


class Rows(NamedTuple):
    """A CSR matrix's arrays without the matrix: row ``i`` has ``data[indptr[i]:indptr[i + 1]]`` in columns
    ``indices[indptr[i]:indptr[i + 1]]``."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray


#: From this many ids a row is counted by ``np.unique`` (a character n-gram row has a few hundred), below in a dict.
UNIQUE_FROM = 100


def counted(ids: list[int], start: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """One row of counts as ``_counting``'s matrices hold it: distinct columns sorted (``start`` added to
    each: where its block begins), float32 counts."""
    if len(ids) >= UNIQUE_FROM:
        columns, counts = np.unique(np.asarray(ids, dtype=np.intp), return_counts=True)
    else:
        tally: dict[int, int] = {}
        for i in ids:
            tally[i] = tally.get(i, 0) + 1
        columns = np.array(sorted(tally), dtype=np.intp)
        counts = np.array([tally[c] for c in columns.tolist()])
    if start:
        columns += start
    return columns, counts.astype(np.float32)


def weighted_rows(id_blocks, starts, groups, idf) -> tuple[list, list]:
    """For each block (its units' vocabulary ids, and the column where the block starts): the weighted
    rows of the comments and of the units, in the columns of the whole matrix (``idf``: every block's
    weights end to end). All the rows are weighted together: each is weighted and normalised on its own."""
    parts = []
    for block_ids, start in zip(id_blocks, starts):
        unit_rows = [counted(ids, start) for ids in block_ids]
        parts.append((grouped(unit_rows, groups), unit_rows))
    weighted = iter(weighted_counts([row for comment_rows, unit_rows in parts for row in (*comment_rows, *unit_rows)], idf))
    comments, units = [], []
    for comment_rows, unit_rows in parts:  # back in the order they were weighed
        comments.append(list(itertools.islice(weighted, len(comment_rows))))
        units.append(list(itertools.islice(weighted, len(unit_rows))))
    return comments, units


def grouped(units: list, groups) -> list[tuple[np.ndarray, np.ndarray]]:
    """``sum_groups`` on rows: each group's units added up, its columns in the order SciPy's sparse
    product leaves them (csr_matmat lists a row's columns from the last first seen to the first)."""
    members: list[list[int]] = [[] for _ in range(max(groups) + 1 if len(groups) else 0)]
    for unit, group in enumerate(groups):
        members[group].append(unit)
    rows = []
    for unit_ids in members:
        if len(unit_ids) == 1:  # the unit's own row, listed backwards (views: rows are not written to)
            columns, counts = units[unit_ids[0]]
            rows.append((columns[::-1], counts[::-1]))
            continue
        # The units' columns in order of first appearance, last first; counts are whole numbers, so
        # their sums are exact in any order.
        if sum(len(units[unit][0]) for unit in unit_ids) < UNIQUE_FROM:  # few: a dict is quicker
            total: dict[int, float] = {}
            for unit in unit_ids:
                for column, count in zip(*(part.tolist() for part in units[unit])):
                    total[column] = total.get(column, 0.0) + count
            columns = list(total)[::-1]
            rows.append((np.array(columns, dtype=np.intp), np.array([total[c] for c in columns], dtype=np.float32)))
            continue
        columns = np.concatenate([units[unit][0] for unit in unit_ids])
        counts = np.concatenate([units[unit][1] for unit in unit_ids])
        distinct, first, inverse = np.unique(columns, return_index=True, return_inverse=True)
        order = np.argsort(-first, kind="stable")
        total = np.bincount(inverse, weights=counts, minlength=len(distinct))
        rows.append((distinct[order], total[order].astype(np.float32)))
    return rows


def weighted_counts(rows: list, idf) -> list[tuple[np.ndarray, np.ndarray]]:
    """``tfidf`` on rows of counts."""
    if not rows:
        return []
    lengths = [len(columns) for columns, _ in rows]
    indices = np.concatenate([columns for columns, _ in rows])
    data = np.concatenate([counts for _, counts in rows]).astype(np.float32)
    sublinear_l2(data, indices, np.repeat(np.arange(len(rows)), lengths), len(rows), idf)
    bounds = list(itertools.accumulate(lengths, initial=0))
    return [(rows[i][0], data[bounds[i]:bounds[i + 1]]) for i in range(len(rows))]


def side_by_side(blocks: list[list]) -> Rows:
    """``sp.hstack(blocks)`` on rows whose columns are already the whole matrix's: each row's columns of
    the first block, then of the next one, and so on."""
    parts_i, parts_d, indptr = [], [], [0]
    for row in zip(*blocks):
        for columns, data in row:
            parts_i.append(columns)
            parts_d.append(data)
        indptr.append(indptr[-1] + sum(len(columns) for columns, _ in row))
    if not parts_i:
        return Rows(np.zeros(1, dtype=np.intp), np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32))
    return Rows(np.asarray(indptr, dtype=np.intp), np.concatenate(parts_i), np.concatenate(parts_d))


def sum_groups(counts, groups):
    """Rows of ``counts`` summed per group (``groups[i]`` is the group of row i); unchanged without groups."""
    if groups is None:
        return counts
    import scipy.sparse as sp

    groups = np.asarray(groups)
    n_groups = int(groups.max()) + 1 if len(groups) else 0
    matrix = sp.csr_matrix((np.ones(len(groups), dtype=np.float32), (groups, np.arange(len(groups)))),
                           shape=(n_groups, len(groups)))
    return (matrix @ counts).tocsr()
