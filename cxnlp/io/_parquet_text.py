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
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

import numpy as np

#: Text a chunk of a Parquet file may decode to, in bytes of UTF-8.
CHUNK_TEXT_BYTES = 64 * 2**20


def text_batches(path, parquet, schema, rows: int) -> Iterator:
    """The record batches of ``parquet`` (``path`` opened as is) of at most ``rows`` rows and, where a dictionary
    could repeat a long value, at most ``CHUNK_TEXT_BYTES`` of text, each with the file's types (``schema``)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    texts = text_columns(schema)
    dictionaries = pq.ParquetFile(path, read_dictionary=texts) if texts else None

    def safe(group: int) -> bool:  # read as text: its longest values (those of its dictionary pages) fit
        first = next(dictionaries.iter_batches(batch_size=1, row_groups=[group]), None) if texts else None
        longest = sum(pc.max(pc.binary_length(column.dictionary)).as_py() or 0
                      for column, field in zip(first.columns if first is not None else [], schema)
                      if pa.types.is_dictionary(column.type) and not pa.types.is_dictionary(field.type))
        return rows * longest <= CHUNK_TEXT_BYTES

    # runs of row groups read alike, in one reader each: chunks span row groups (5,000 groups of 20 rows were
    # 5,000 chunks, 6 s instead of 0.2)
    for as_text, run in groupby(range(parquet.metadata.num_row_groups), key=safe):
        if as_text:
            yield from parquet.iter_batches(batch_size=rows, row_groups=list(run))
        else:
            for read in dictionaries.iter_batches(batch_size=rows, row_groups=list(run)):
                yield from (decoded(piece, schema) for piece in pieces(read))


def text_columns(schema) -> list[str]:
    """The names of ``schema``'s top-level text and bytes columns: those read as dictionaries."""
    import pyarrow as pa

    kinds = (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary, pa.types.is_large_binary)
    return list(dict.fromkeys(field.name for field in schema if any(kind(field.type) for kind in kinds)))


def row_text_bytes(batch) -> np.ndarray:
    """The bytes of text each row of ``batch`` decodes to, summed over its text columns: those read as dictionaries
    and those already read as text (the first of two columns of one name, which ``read_dictionary`` leaves)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    sizes = np.zeros(batch.num_rows, dtype=np.int64)
    for column in batch.columns:
        if pa.types.is_dictionary(column.type):
            lengths = pc.take(pc.binary_length(column.dictionary), column.indices)
        elif column.type.id in {pa.string().id, pa.large_string().id, pa.binary().id, pa.large_binary().id}:
            lengths = pc.binary_length(column)
        else:
            continue
        sizes += lengths.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    return sizes


def pieces(batch, limit: int | None = None) -> Iterator:
    """``batch`` as is where it decodes to at most ``limit`` bytes of text (``CHUNK_TEXT_BYTES``), or cut into runs
    of rows that do (a row over ``limit`` alone is a run)."""
    limit = CHUNK_TEXT_BYTES if limit is None else limit
    sizes = row_text_bytes(batch)
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


def decoded(batch, schema):
    """``batch`` with the columns read as dictionaries decoded to the types ``schema`` (the file's) gives them. A
    column the file declares a dictionary (a pandas ``category``) stays one: decoded, it lost its categories."""
    import pyarrow as pa

    arrays = [column.dictionary_decode() if pa.types.is_dictionary(column.type) and not pa.types.is_dictionary(
        field.type) else column for column, field in zip(batch.columns, schema)]
    arrays = [array if array.type == field.type else array.cast(field.type) for array, field in zip(arrays, schema)]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
