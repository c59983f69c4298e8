"""Parquet chunks cut by the text they decode to, not only by their rows.

A Parquet column of text is stored once per distinct value (a dictionary page) and an index per row, and each page
compressed: one 100,000-character value that 3,000 rows repeat is an 8.8 KB file that reads as 300 MB of text, and
610 MB of memory when read in chunks of rows alone. Text columns are read as dictionaries (values and indices, what
the file holds), each chunk is measured by what its rows would decode to, and a chunk over ``CHUNK_TEXT_BYTES`` is
cut into pieces under it before any is decoded. A row over it on its own is one piece (a cell is never cut here).

Read as dictionaries, text of distinct values costs Arrow a hash of every value (1,000,000 rows of 80 characters:
0.1 s and 210 MB read as text, 1 s and 500 MB as dictionaries; 4,000,000 rows in one row group: 25 s and 1.5 GB),
so a row group is read so only where its rows could decode to more than that: the values its data pages refer to
are those of its one dictionary page, so a chunk of ``rows`` rows decodes to at most ``rows`` times its longest
value of each column (plain pages hold their text). Where that is under ``CHUNK_TEXT_BYTES`` it is read as text.
Distinct values are stored whole in plain pages, compressed, so a chunk holds as many rows as a row group's stored
text, decompressed, has under ``CHUNK_TEXT_BYTES`` on average (as Parquet's metadata gives it, before reading).

Text inside lists, objects and maps is read so too (a list of one 1 MB value repeated 1,500 times was a 55 KB file
that took 3 GB to read): a chunk's rows are measured through their lists, a list's values may each be its longest,
and one row whose lists and objects alone decode to more than ``CHUNK_TEXT_BYTES`` is a ``DataError`` naming the
column (such a row cannot be cut).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

import numpy as np

from ..exceptions import DataError

#: Text a chunk of a Parquet file may decode to, in bytes of UTF-8.
CHUNK_TEXT_BYTES = 64 * 2**20


def text_batches(path, parquet, schema, rows: int) -> Iterator:
    """The record batches of ``parquet`` (``path`` opened as is) of at most ``rows`` rows and, where a dictionary
    could repeat a long value, at most ``CHUNK_TEXT_BYTES`` of text, each with the file's types (``schema``)."""
    import pyarrow as pa

    leaves = text_leaves(parquet.schema)
    dictionaries = as_dictionaries(path, leaves) if leaves else None
    listed = {}  # per column, its leaves in a list or map (so many values a row); found once (16,384 columns)
    for (index, _), (name, repeated) in zip(leaves, _in_lists(leaves, schema)):
        listed.setdefault(name, []).extend([index] if repeated else [])

    def plan(group: int) -> tuple[int, bool]:
        """The rows a chunk of ``group`` may hold, and whether it is read as text: where its longest values (those
        of its dictionary pages) fit."""
        meta = parquet.metadata.row_group(group)
        first = longest_values(dictionaries, group) if leaves else None
        if first is None:
            return rows, True
        # a row holds a value of each field of an object, and a value of a list may repeat in every one of the
        # row group's values, whatever row they are in
        values = {field: max(meta.column(index).num_values for index in indices)
                  for field, indices in listed.items() if indices}
        # Text of distinct values is stored whole in plain pages, and may compress to nothing (40,000 values of
        # 50 KB that differ in a character: a 360 KB file): a chunk holds as many rows as have on average under the
        # limit of the text stored, decompressed, whether read as text or as dictionaries (where each of them is
        # a value of the dictionary), and chunks span row groups
        stored = sum(meta.column(index).total_uncompressed_size for index, _ in leaves)
        batch = max(1, min(rows, CHUNK_TEXT_BYTES * meta.num_rows // max(stored, 1)))
        longest = sum(max(batch, values.get(field.name, 0)) * length
                      for length, field in zip(first, schema) if not pa.types.is_dictionary(field.type))
        return batch, longest <= CHUNK_TEXT_BYTES

    # runs of row groups read alike, in one reader each: chunks span row groups (5,000 groups of 20 rows were
    # 5,000 chunks, 6 s instead of 0.2)
    for (batch, as_text), run in groupby(range(parquet.metadata.num_row_groups), key=plan):
        if as_text:
            yield from parquet.iter_batches(batch_size=batch, row_groups=list(run))
        else:
            for read in dictionaries.iter_batches(batch_size=batch, row_groups=list(run)):
                yield from (decoded(piece, schema) for piece in pieces(read, path))


def text_leaves(schema) -> list:
    """The Parquet columns of ``schema`` (a ``ParquetSchema``), with their indices, that hold text or bytes,
    top-level or nested in lists, objects and maps: those read as dictionaries."""
    plain = {"STRING", "JSON", "BSON", "ENUM", "NONE"}  # (a decimal is bytes too, but no text)
    return [(i, column) for i, column in ((i, schema.column(i)) for i in range(len(schema)))
            if column.physical_type == "BYTE_ARRAY" and column.logical_type.type in plain]


def as_dictionaries(path, leaves):
    """``path`` opened to read ``leaves`` as dictionaries. Arrow's extension types are left off: a JSON column
    (``pa.json_()``, which Arrow 19 and later writes) was read as its extension, never as a dictionary, so a value
    it repeated was neither seen nor cut (a 1 KB value on 200 rows passed --engine dask's check)."""
    import pyarrow.parquet as pq

    paths = [leaf.path for _, leaf in leaves]
    try:
        return pq.ParquetFile(path, read_dictionary=paths, arrow_extensions_enabled=False)
    except TypeError:  # (before Arrow 19: no extension of text to leave off)
        return pq.ParquetFile(path, read_dictionary=paths)


def longest_values(dictionaries, group: int, columns=None) -> list[int] | None:
    """Per column (of ``columns``) of row group ``group`` read by ``dictionaries``, the bytes of the longest value of
    each of its dictionary pages, summed; None where it has no rows. One row shows them, but a list empty or null
    shows no dictionary (a first row's empty list let 1,000 rows of a 1 MB value pass as none): such a column is
    read on, 16,384 rows at a time as dictionaries, until each of its dictionaries shows or the group ends."""
    first = next(dictionaries.iter_batches(batch_size=1, row_groups=[group], columns=columns), None)
    if first is None:
        return None
    lengths, names = [], first.schema.names
    for i, (array, name) in enumerate(zip(first.columns, names)):
        longest = [_longest(dictionary) if len(dictionary) else None for dictionary in _dictionaries(array)]
        alone = names.count(name) == 1  # (two columns of one name are read together, and told apart by place)
        batches = dictionaries.iter_batches(batch_size=16_384, row_groups=[group], columns=[name] if alone else None)
        while None in longest and (batch := next(batches, None)) is not None:
            longest = [max(old or 0, _longest(new)) if len(new) else old
                       for old, new in zip(longest, _dictionaries(batch.column(0 if alone else i)))]
        lengths.append(sum(length or 0 for length in longest))
    return lengths


def _in_lists(leaves, schema) -> list[tuple[str, bool]]:
    """For each of ``leaves``, the top-level column of ``schema`` (the file's Arrow schema) it belongs to, and
    whether it lies in a list or map (repeated: a row holds any number of its values). Counted by leaves, not by a
    path's first dot: a list named 'x.y' is 'x.y.list.element', and was taken for a column 'x'."""
    owners = [field.name for field in schema for _ in range(_leaf_count(field.type))]
    return [(owners[index] if index < len(owners) else leaf.path.split(".")[0], leaf.max_repetition_level > 0)
            for index, leaf in leaves]


def _leaf_count(kind) -> int:
    """The Parquet columns (leaves) an Arrow type is stored in."""
    import pyarrow as pa

    if pa.types.is_struct(kind):
        return sum(_leaf_count(kind.field(i).type) for i in range(kind.num_fields))
    if pa.types.is_map(kind):
        return _leaf_count(kind.key_type) + _leaf_count(kind.item_type)
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        return _leaf_count(kind.value_type)
    return 1


def _dictionaries(array) -> Iterator:
    """The dictionaries of ``array``'s values, its own or those of its lists, objects and maps."""
    import pyarrow as pa

    kind = array.type
    if pa.types.is_dictionary(kind):
        yield array.dictionary
    elif pa.types.is_struct(kind):
        for child in array.flatten():
            yield from _dictionaries(child)
    elif pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_map(kind) or \
            pa.types.is_fixed_size_list(kind):
        yield from _dictionaries(array.values)


def row_text_bytes(batch) -> np.ndarray:
    """The bytes of text each row of ``batch`` decodes to, summed over its text columns: those read as dictionaries
    and those already read as text (the first of two columns of one name, which ``read_dictionary`` leaves), and
    the text in their lists, objects and maps."""
    sizes = np.zeros(batch.num_rows, dtype=np.int64)
    for column in batch.columns:
        sizes += text_bytes(column)
    return sizes


def text_bytes(array) -> np.ndarray:
    """The bytes of text each value of ``array`` decodes to: its own (a dictionary's index read as its value), or
    the sum of its list's values or its object's fields; 0 where it holds no text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = array.type
    if pa.types.is_dictionary(kind):
        lengths = pc.take(pc.binary_length(array.dictionary), array.indices)
    elif kind.id in {pa.string().id, pa.large_string().id, pa.binary().id, pa.large_binary().id}:
        lengths = pc.binary_length(array)
    elif pa.types.is_struct(kind):
        return sum((text_bytes(child) for child in array.flatten()), np.zeros(len(array), dtype=np.int64))
    elif pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_map(kind):
        # each list's values, summed from the offsets (``values`` is not cut to a slice; the offsets are)
        total = np.concatenate([[0], np.cumsum(text_bytes(array.values))])
        offsets = array.offsets.to_numpy(zero_copy_only=False)
        sizes = total[offsets[1:]] - total[offsets[:-1]]
        return np.where(array.is_null().to_numpy(zero_copy_only=False), 0, sizes).astype(np.int64)
    elif pa.types.is_fixed_size_list(kind):
        values = text_bytes(array.flatten())
        return values.reshape(len(array), kind.list_size).sum(axis=1) if len(array) else values
    else:
        return np.zeros(len(array), dtype=np.int64)
    return lengths.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)


def pieces(batch, path=None, limit: int | None = None) -> Iterator:
    """``batch`` as is where it decodes to at most ``limit`` bytes of text (``CHUNK_TEXT_BYTES``), or cut into runs
    of rows that do (a row over ``limit`` alone is a run). A row whose lists and objects of one column (of ``path``)
    alone decode to more is a ``DataError``: a value stored once may be repeated in it any number of times."""
    import pyarrow as pa

    limit = CHUNK_TEXT_BYTES if limit is None else limit
    sizes = np.zeros(batch.num_rows, dtype=np.int64)
    for column, field in zip(batch.columns, batch.schema):
        column_sizes = text_bytes(column)
        if pa.types.is_nested(field.type) and len(column_sizes) and column_sizes.max() > limit:
            raise DataError(f"{path}: a row of column {field.name!r} holds {_amount(column_sizes.max())} of text in "
                            f"its lists or objects, and a chunk holds at most {_amount(limit)}; write the file again "
                            f"without that column, or with shorter lists.")
        sizes += column_sizes
    if sizes.sum() <= limit:
        yield batch
        return
    start, total = 0, 0
    for row, size in enumerate(sizes.tolist()):
        if total and total + size > limit:
            yield batch.slice(start, row - start)
            start, total = row, 0
        total += size
    yield batch.slice(start, batch.num_rows - start)


def _amount(size: int) -> str:
    """``size`` bytes in words: '1,431 MB', '2,500 bytes'."""
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size:,} bytes"


def decoded(batch, schema):
    """``batch`` with the columns read as dictionaries decoded to the types ``schema`` (the file's) gives them. A
    column the file declares a dictionary (a pandas ``category``) stays one: decoded, it lost its categories."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arrays = [column.dictionary_decode() if pa.types.is_dictionary(column.type) and not pa.types.is_dictionary(
        field.type) else column for column, field in zip(batch.columns, schema)]
    # a list of a slice holds every value of the batch it was cut from, and a cast decodes them all: the slice's
    # own values are taken first
    arrays = [array if array.type == field.type else (array if not pa.types.is_nested(array.type) else pc.take(
        array, np.arange(len(array)))).cast(field.type) for array, field in zip(arrays, schema)]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


#: Text a Parquet file read whole (``cxnlp.dask``: a partition is a file or some of its row groups) may decode to
#: beyond ``REPEATS`` times what its text columns store decompressed.
WHOLE_TEXT_BYTES = 2**30
REPEATS = 16


def check_read_whole(path) -> None:
    """A ``DataError`` naming the column where the Parquet file ``path`` repeats text stored once to more than
    ``REPEATS`` times what it stores plus ``WHOLE_TEXT_BYTES``: read whole, as Dask reads it, a 55 KB file of one
    1 MB value on 1,500 rows took 3 GB. The longest values bound most files; a column they do not is measured read
    as dictionaries (values and indices), a chunk at a time. A file whose pages do not read is left to its reader."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    leaves, schema = text_leaves(parquet.schema), parquet.schema_arrow
    if not leaves:
        return
    try:
        _check_read_whole(path, parquet, leaves, schema)
    except (pa.ArrowException, OSError):  # pages that do not read: the reader says so, in its words
        return


def _check_read_whole(path, parquet, leaves, schema) -> None:
    """``check_read_whole`` of ``parquet`` (``path`` opened), whose text columns are ``leaves``."""
    dictionaries = as_dictionaries(path, leaves)
    of_column = {}  # its leaves, found once: a file may have 16,384 columns
    for (index, _), (name, _) in zip(leaves, _in_lists(leaves, schema)):
        of_column.setdefault(name, []).append(index)
    columns = list(of_column)
    stored, bound = dict.fromkeys(columns, 0), dict.fromkeys(columns, 0)
    for group in range(parquet.metadata.num_row_groups):  # one row of each: its dictionaries, whole
        meta = parquet.metadata.row_group(group)
        for name, length in zip(columns, longest_values(dictionaries, group, columns) or []):
            indices = of_column[name]
            stored[name] += sum(meta.column(index).total_uncompressed_size for index in indices)
            bound[name] += max(meta.column(index).num_values for index in indices) * length
    for name in columns:
        allowed, text = REPEATS * stored[name] + WHOLE_TEXT_BYTES, 0
        if bound[name] <= allowed:
            continue
        per_row = max(1, bound[name] // max(1, parquet.metadata.num_rows))  # at most, as the longest values give it
        for batch in dictionaries.iter_batches(batch_size=max(1, CHUNK_TEXT_BYTES // per_row), columns=[name]):
            text += int(text_bytes(batch.column(0)).sum())
            if text > allowed:
                raise DataError(f"{path}: column {name!r} repeats the text it stores to more than {_amount(allowed)} "
                                f"({REPEATS} times the {_amount(stored[name])} it stores, and "
                                f"{_amount(WHOLE_TEXT_BYTES)}), which --engine dask reads whole; classify it with "
                                f"--engine local, which reads it in chunks.")


def _longest(dictionary) -> int:
    """The bytes of the longest value of ``dictionary``."""
    import pyarrow.compute as pc

    return pc.max(pc.binary_length(dictionary)).as_py() or 0
