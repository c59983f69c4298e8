"""Parquet and JSON Lines, read in chunks and written chunk by chunk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..exceptions import DataError


def read_parquet(path: Path, *, chunk_rows: int, **_) -> Iterator[pd.DataFrame]:
    """Stream a Parquet file in record batches."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        for batch in parquet.iter_batches(batch_size=chunk_rows):
            yield batch.to_pandas()
    except (pa.ArrowException, OSError) as err:
        raise DataError(f"{path}: not a readable Parquet file ({err}); write it again, or export it as CSV.") from None


class ParquetWriter:
    """Append chunks to one Parquet file; the first chunk fixes the schema."""

    def __init__(self, path: Path, **_):
        self.path = path
        self._writer = None

    def write(self, chunk: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._writer is None:
            table = pa.Table.from_pandas(chunk, preserve_index=False)
            # Columns that are all empty in the first chunk would be typed null; text keeps later chunks valid.
            fields = [pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in table.schema]
            self._schema = pa.schema(fields)
            self._writer = pq.ParquetWriter(self.path, self._schema)
        self._writer.write_table(pa.Table.from_pandas(chunk, schema=self._schema, preserve_index=False))

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()


def read_jsonl(path: Path, *, chunk_rows: int, **_) -> Iterator[pd.DataFrame]:
    """Stream a JSON Lines file (one object per line)."""
    try:
        yield from pd.read_json(path, lines=True, chunksize=chunk_rows, dtype=False)
    except ValueError as err:
        raise DataError(f"{path}: not valid JSON Lines (one JSON object per line): {err}") from err


class JsonlWriter:
    """Append chunks to a JSON Lines file."""

    def __init__(self, path: Path, **_):
        self.path = path
        self._started = False

    def write(self, chunk: pd.DataFrame) -> None:
        with open(self.path, "a" if self._started else "w", encoding="utf-8") as fh:
            chunk.to_json(fh, orient="records", lines=True, force_ascii=False)
        self._started = True

    def close(self) -> None:
        if not self._started:
            self.path.write_text("", encoding="utf-8")
