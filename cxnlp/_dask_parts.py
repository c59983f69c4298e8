"""The output side of ``cxnlp.dask.classify_files``: the one Arrow schema of its part files, and the writing of each
classified partition as one of them. Needs ``pip install "cxnlp[dask]"``."""

from __future__ import annotations

import os

import pandas as pd

from ._partition_classify import bare_field
from ._partitions import CX_DTYPES
from .io.common import stored_attrs


def part_schema(meta: pd.DataFrame, declared=None):
    """The one Arrow schema of every part file ``classify_files`` writes for a classified frame of ``meta``.

    Each input column has its type in ``declared`` (the input files' Parquet schema, every field made nullable),
    else the type of its dtype in ``meta`` (text for the CSV reader's cells); the ``cx_`` columns that of
    ``CX_DTYPES``. A partition alone would guess its own: a whole-number column with blanks comes to pandas as
    floats, and a list column empty in a partition's rows as the type ``null``, and the dataset's parts would not
    read back as one table.
    """
    import pyarrow as pa

    guessed = pa.Schema.from_pandas(meta, preserve_index=False)
    fields = []
    for field in guessed:
        name = field.name
        if declared is not None and name not in CX_DTYPES and declared.get_field_index(name) >= 0:
            # Nullable whatever the first file says: files that differ only there are one table (and another
            # file's blanks in that column would fail the write of its part, after all the classifying). Its type
            # alone (bare_field): the input field's metadata reached every part, not the local engine's output.
            field = bare_field(declared.field(name).with_nullable(True))
        elif pa.types.is_null(field.type):  # an object column of no known type: the CSV reader's text
            field = field.with_type(pa.large_string())
        fields.append(field)
    return pa.schema(fields)


def write_part(frame: pd.DataFrame, path: str, schema) -> dict[str, int]:
    """Write one classified partition to ``path`` with ``schema`` (``part_schema``), via a temporary name so
    that a killed task leaves no half file, and return its counts per status. The partition's attrs go into the
    file's metadata as the local writer stores them (``stored_attrs``): no answer quoted from the input, and no
    value JSON cannot hold (which made pyarrow drop them all, with a warning in every task)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    # A hidden name: Parquet readers skip it if a killed task leaves it behind.
    tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    frame = frame.copy(deep=False)
    frame.attrs = stored_attrs(frame.attrs)
    pq.write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False), tmp)
    os.replace(tmp, path)
    return {str(k): int(v) for k, v in frame["cx_status"].value_counts().items()}
