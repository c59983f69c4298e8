"""Parquet chunks cut by the text they decode to, not only by their rows.

A Parquet column of text is stored once per distinct value (a dictionary page) and an index per row, and each page
compressed: one 100,000-character value that 3,000 rows repeat is an 8.8 KB file that reads as 300 MB of text, and
610 MB of memory when read in chunks of rows alone. Text columns are read as dictionaries (values and indices, what
the file holds), each chunk is measured by what its rows would decode to, and a chunk over ``CHUNK_TEXT_BYTES`` is
cut into pieces under it before any is decoded. A row over it on its own is one piece (a cell is never cut here).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

#: Text a chunk of a Parquet file may decode to, in bytes of UTF-8.
CHUNK_TEXT_BYTES = 64 * 2**20


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
