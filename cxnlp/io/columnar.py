"""Parquet, read and written chunk by chunk, and JSON Lines written chunk by chunk (read by ``_json_read``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ..columns import listed_columns
from ..exceptions import DataError, quoted_cell
from ._arrow_nested import (drops_keys, holds_empty_struct, holds_integer, integer_beside_null, loses_keys,
                            too_deep_for_parquet, with_maps)
from ._json_values import bytes_and_dates_as_text, exact_object_floats, finer_than_milliseconds
from ._parquet_text import text_batches
from .common import CHUNK_CELLS, CHUNK_ROWS, MAX_COLUMNS, parquet_parts, rows_per_chunk, stored_attrs, unique_names


def read_parquet(path: Path, *, chunk_rows: int, **_) -> Iterator[pd.DataFrame]:
    """Stream a Parquet file in record batches, each read with the file's schema: the pandas metadata a
    frame's writer stored there restores its dtypes (a nullable ``Int64`` id stays integer, not ``1.0``).

    A frame saved with a named index (``df.set_index("respuesta_id").to_parquet(...)``) has it back as its
    first columns, so it reaches the output like any other column (it was dropped with the index), even ids
    1, 2, 3... that pandas keeps as a range in the file's metadata only. An unnamed index (row numbers, what
    filtering a frame leaves) is left out, as the index of every other format is; rows are numbered from 0
    across chunks. ``cxnlp.dask`` reads a named index the same way unless it is such a range.

    A folder is its Parquet parts (``common.parquet_parts``: what ``cxnlp classify --engine dask`` writes), one
    after the other, numbered as one table.
    """
    first, columns = 0, None
    for part in parquet_parts(path) if path.is_dir() else [path]:
        for frame in _parquet_batches(part, chunk_rows):
            if columns is None:
                columns = list(frame.columns)
            elif list(frame.columns) != columns:
                # Rows are written by position: a part with its columns in another order would put its comments
                # under another heading. The same columns in another order are put in the first part's order.
                if sorted(map(str, frame.columns)) != sorted(map(str, columns)) or frame.columns.duplicated().any():
                    raise DataError(f"{part}: its columns {listed_columns(list(frame.columns))} are not those of the "
                                    f"folder's first part {listed_columns(columns)}; every part of a folder must have "
                                    f"the same columns.")
                frame = frame[columns]
            frame.index = pd.RangeIndex(first, first + len(frame))
            first += len(frame)
            yield frame


def _parquet_batches(path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        schema = parquet.schema_arrow
        if len(schema) > MAX_COLUMNS:  # as a CSV row's values (50,000 columns of one row: 16 s and 770 MB)
            raise DataError(f"{path}: {len(schema):,} columns, and a table has at most {MAX_COLUMNS:,}; write the file "
                            f"again with the columns you need.")
        names = None  # a value a dictionary repeats is measured before it is decoded (``_parquet_text``)
        for batch in text_batches(path, parquet, schema, rows_per_chunk(chunk_rows, len(schema))):
            table = pa.Table.from_batches([batch], schema=schema)
            frame = named_index_as_columns(exact_nested_integers(table.to_pandas(types_mapper=nullable_integers(table)),
                                                                 table), path)
            if frame.columns.duplicated().any():  # 'canal', 'canal.1', as the CSV and XLSX readers name them
                names = names or unique_names(list(frame.columns))
                frame.columns = names
            yield frame
    except (pa.ArrowException, OSError) as err:
        raise unreadable_parquet(path, err) from None


def unreadable_parquet(path, err: Exception) -> DataError:
    """The one-line error of a Parquet file whose footer or pages do not read (``read_parquet`` and Dask's reader)."""
    why = " ".join(str(err).split())[:300]  # (Arrow's message may hold line breaks: the error is one line)
    return DataError(f"{path}: not a readable Parquet file ({why}); write it again, or export it as CSV.")


#: Arrow's integer types -> pandas' nullable integer dtypes (``nullable_integers``).
NULLABLE_INTEGERS = {
    "int8": pd.Int8Dtype(), "int16": pd.Int16Dtype(), "int32": pd.Int32Dtype(), "int64": pd.Int64Dtype(),
    "uint8": pd.UInt8Dtype(), "uint16": pd.UInt16Dtype(), "uint32": pd.UInt32Dtype(), "uint64": pd.UInt64Dtype(),
}


def nullable_integers(table=None):
    """A ``types_mapper`` for ``to_pandas`` that reads Arrow integers as pandas' nullable integers, or None where
    ``table`` (if given) has no integer column with a null: pandas would make such a column float, and 2**53 + 1
    or 1234567890123456789 would come out as another number. Without nulls a column stays plain ``int64``."""
    import pyarrow as pa

    if table is not None and not any(pa.types.is_integer(column.type) and column.null_count
                                     for column in table.columns):
        return None
    return lambda arrow_type: NULLABLE_INTEGERS.get(str(arrow_type)) if pa.types.is_integer(arrow_type) else None


def exact_nested_integers(frame: pd.DataFrame, table) -> pd.DataFrame:
    """``frame`` (``table`` read by pandas) with each column of objects or lists that hold an integer beside a null
    as Python's values: pandas reads such integers as floats (``{"id": 9007199254740993}`` beside ``{"id": null}``
    came out as 9007199254740992.0, ``[2**60 + 1, null]`` as 1.152921505e+18). A column whose integers pandas reads
    exactly keeps pandas' values (``[1 2]`` in CSV, as it always was: not ``[1, 2]``)."""
    import pyarrow as pa

    for field in table.schema:
        if (pa.types.is_nested(field.type) and holds_integer(field.type) and list(frame.columns).count(field.name) == 1
                and integer_beside_null(table.column(field.name))):
            frame[field.name] = pd.Series(table.column(field.name).to_pylist(), index=frame.index, dtype=object)
    return frame


def named_index_as_columns(frame: pd.DataFrame, path) -> pd.DataFrame:
    """``frame`` with the named levels of its index moved to its first columns (see ``read_parquet``). A level
    that repeats a column of its name (``set_index(..., drop=False)``) is dropped; one that differs from it
    is a ``DataError``."""
    named = [name for name in frame.index.names if name is not None]
    if not named:
        return frame
    copies = []
    for name in named:
        if name in frame.columns:
            if not frame.index.get_level_values(name).equals(pd.Index(frame[name])):
                raise DataError(f"{path}: the index and a column are both named {name!r} and hold different "
                                f"values; rename one of them and write the file again.")
            copies.append(name)
    moved = [name for name in named if name not in copies]
    return frame.reset_index(level=moved) if moved else frame


class ParquetWriter:
    """Append chunks to one Parquet file; its first ``TYPE_ROWS`` rows fix the schema, whatever chunks they came
    in. Rows are written in row groups of ``ROW_GROUP`` whatever the chunks were, so the file is the same byte
    for byte with --jobs 1 or 2 (whose workers' chunks are smaller: the first chunk fixed the schema, so a file
    written with --jobs 1 failed with --jobs 2, and a text column blank in 2,500 first rows was ``string``
    where it was ``large_string`` with --jobs 1).

    Columns keep their types, those of a column of Python objects (a spreadsheet's or JSON's values) as Arrow
    reads them in the first ``TYPE_ROWS`` rows. A column whose values there have no one type (9 beside "NS/NC"),
    or no type Arrow has (an integer past 64 bits, ``12345678901234567890123``), is written as text, each value as
    ``str`` writes it (every digit), missing values null, as is a column empty there (as ``large_string``, the type
    pandas' text has). A later row that does not fit its column's type (text after numbers, an integer past 64 bits
    after smaller ones) is a ``DataError`` that names the column and suggests CSV or JSON Lines. So is an object with a
    key its column's struct type lacks (``{"canal": "app", "pedido": "A-123"}`` after 20,000 rows of ``{"canal":
    "web"}``, in an object or a list of them): Arrow would leave the key out without an error.

    On a wide table both are fewer rows, as many as hold ``TYPE_CELLS`` cells, those of a chunk read
    (``CHUNK_CELLS``): 6,000 rows of 1,000 columns were held until the end, 536 MB. They still depend on the table's
    width only, not its chunks; a table of up to 100 columns keeps 20,000 rows (a million cells typed a 60-column
    survey's 'NS/NC' of row 18,001 as a number after it, and failed once every row was classified).
    """

    ROW_GROUP = 10_000
    TYPE_ROWS = CHUNK_ROWS  # rows classify reads at a time with --jobs 1
    TYPE_CELLS = CHUNK_CELLS

    def __init__(self, path: Path, **_):
        self.path = path
        self._writer = None
        self._head: list[pd.DataFrame] = []  # the chunks given before the schema is fixed
        self._pending: list = []
        self._rows = 0  # rows waiting to be written
        self._given = 0  # rows given in all (where a chunk of another type starts, for the error)
        self._first = 0  # rows that fixed the schema

    def write(self, chunk: pd.DataFrame) -> None:
        chunk = names_as_text(chunk, "Parquet")
        if self._writer is None:
            self._head.append(chunk)
            if sum(map(len, self._head)) >= self._typing_rows(chunk.shape[1]):
                self._start()
            return
        self._append(chunk)

    def _typing_rows(self, width: int) -> int:
        """How many of the file's first rows fix the types of a table ``width`` columns wide."""
        return min(self.TYPE_ROWS, max(1, self.TYPE_CELLS // max(width, 1)))

    def _group_rows(self) -> int:
        """The rows of a row group of this file: ``ROW_GROUP``, or as many as hold ``TYPE_CELLS`` cells."""
        return min(self.ROW_GROUP, max(1, self.TYPE_CELLS // max(len(self._schema), 1)))

    def _start(self) -> None:
        """Fix the schema from the first ``_typing_rows`` rows given, then take every row given so far."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        head = self._head[0] if len(self._head) == 1 else pd.concat(self._head)
        self._head = []
        typing = _objects_as_text(head.iloc[:self._typing_rows(head.shape[1])], None)
        typing.attrs = stored_attrs(head.attrs)  # no answer quoted from the input in the file's metadata
        table = pa.Table.from_pandas(typing, preserve_index=False)
        # Columns that are all empty there would be typed null; text keeps later rows valid. Text is large_string
        # (pandas 2.2's objects gave string, pandas 3's str large_string: the file depended on pandas). The pandas
        # metadata stays: a reader gets the frame's dtypes back (a nullable Int64 id, not float).
        table = with_maps(table, typing, head)  # (a map column of a Parquet input was the text "[('k', 1)]")
        fields = [pa.field(f.name, pa.large_string()) if pa.types.is_null(f.type) or pa.types.is_string(f.type)
                  else f for f in table.schema]
        self._schema = pa.schema(fields, metadata=table.schema.metadata)
        self._writer = pq.ParquetWriter(self.path, self._schema)
        self._first = len(typing)
        self._append(head)

    def _append(self, chunk: pd.DataFrame) -> None:
        import pyarrow as pa

        chunk = _objects_as_text(chunk, self._schema)
        if chunk.attrs:  # (pyarrow reads a chunk's attrs for its table: a value JSON cannot hold warned again)
            chunk = chunk.copy(deep=False)
            chunk.attrs = {}  # the file's metadata is the schema's, from stored_attrs
        try:
            table = pa.Table.from_pandas(chunk, schema=self._schema, preserve_index=False)
            if any(loses_keys(chunk[name], field.type) for field, name in zip(self._schema, chunk.columns)):
                raise pa.ArrowTypeError("an object holds a key its column's struct type lacks")
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as err:  # (an integer past 64 bits)
            raise DataError(f"Parquet output: {self._misfit(chunk, err)}; write CSV or JSON Lines (.jsonl), which "
                            f"keep any value, or give the column one type.") from None
        self._pending.append(table)
        self._rows += len(chunk)
        self._given += len(chunk)
        if self._rows >= self._group_rows():
            self._flush(final=False)

    def _misfit(self, chunk: pd.DataFrame, err: Exception) -> str:
        """What of ``chunk`` its column's type refuses, in one line: "column 'nps' holds 'NS/NC' in row 20,001,
        not of the type (int64) its first 20,000 rows gave it"."""
        import pyarrow as pa

        refused = (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError)
        gave = f"its first {self._first:,} rows gave it"
        for field, name in zip(self._schema, chunk.columns):
            try:
                pa.Array.from_pandas(chunk[name], type=field.type)
                if not loses_keys(chunk[name], field.type):
                    continue
            except refused:
                pass
            for row, value in enumerate(chunk[name], start=self._given + 1):
                try:
                    pa.array([value], type=field.type, from_pandas=True)
                    if drops_keys(value, field.type):
                        raise pa.ArrowTypeError(value)
                except refused:
                    shown = quoted_cell(value, 38)  # (a customer's text: redacted)
                    return f"column {str(name)!r} holds {shown} in row {row:,}, not of the type ({field.type}) {gave}"
            break
        # Arrow's message is a tuple of lines (it was shown as one): its first, on one line.
        why = " ".join(str(err.args[0] if err.args else err).split())[:200]
        return (f"a column holds, among rows {self._given + 1:,} to {self._given + len(chunk):,}, values not of the "
                f"type {gave} ({why})")

    def _flush(self, *, final: bool) -> None:
        import pyarrow as pa

        table = pa.concat_tables(self._pending).combine_chunks()  # one layout, whatever the chunks were
        group = self._group_rows()
        whole = len(table) if final else len(table) - len(table) % group
        for start in range(0, whole, group):
            self._writer.write_table(table.slice(start, min(group, whole - start)))
        self._pending, self._rows = [table.slice(whole)], len(table) - whole

    def close(self) -> None:
        if self._writer is None and self._head:
            self._start()
        if self._writer is not None:
            if self._rows:
                self._flush(final=True)
            self._writer.close()


def _objects_as_text(chunk: pd.DataFrame, schema) -> pd.DataFrame:
    """``chunk`` with the columns Parquet cannot type as they are, as text (see ``ParquetWriter``): in the first
    chunk (``schema`` None), complex numbers (``(1+2j)``, as CSV writes them), object columns whose values have no one
    Arrow type, or one Parquet cannot write (an
    object without keys, ``{}``, in every row) or read back (lists nested 50 deep, objects 99: Arrow wrote the file, and
    no reader read it); in later ones, columns the file's schema makes text."""
    import pyarrow as pa

    changed = {}
    if schema is None:
        for name in chunk.columns:
            if chunk[name].dtype == object:
                try:
                    arrow_type = pa.array(chunk[name], from_pandas=True).type
                    if holds_empty_struct(arrow_type) or too_deep_for_parquet(arrow_type):
                        raise pa.ArrowTypeError("Parquet writes no struct without fields, nor reads one so deep")
                except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):  # 9 beside "NS/NC": no one type;
                    # an integer past 64 bits (a JSON id): no Arrow type, and its text keeps every digit
                    changed[name] = _text_values(chunk[name].tolist())
            elif chunk[name].dtype.kind == "c":  # (complex: no Arrow type, an ArrowNotImplementedError traceback)
                changed[name] = _text_values(chunk[name].tolist())
    else:
        text = {f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)}
        for name in chunk.columns:
            if str(name) in text and not isinstance(chunk[name].dtype, pd.StringDtype):
                changed[name] = _text_values(chunk[name].tolist())
    if not changed:
        return chunk
    chunk = chunk.copy(deep=False)
    for name, values in changed.items():
        chunk[name] = pd.array(values, dtype=object)
    return chunk


def _text_values(values: list) -> list:
    """Each value as text (``str``), missing ones None."""
    out = []
    for value in values:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, (list, tuple, dict, set, np.ndarray)) or not (value is None or pd.isna(value)):
            out.append(str(value))
        else:
            out.append(None)
    return out


def names_as_text(chunk: pd.DataFrame, shown: str) -> pd.DataFrame:
    """``chunk`` with its column names as text, as CSV and XLSX write them (a Parquet schema names columns with text
    only: ``1`` was a KeyError traceback); a ``DataError`` for a name given twice, which a Parquet schema or a JSON
    object holds once (an AttributeError or ValueError traceback; JSON kept one of ``1`` and ``"1"`` in silence)."""
    names = [str(name) for name in chunk.columns]
    if len(set(names)) < len(names):
        seen: set[str] = set()
        twice = next(name for name in names if name in seen or seen.add(name))
        raise DataError(f"{shown} output: the column name {twice!r} is given more than once, and a {shown} "
                        f"{'file' if shown == 'Parquet' else 'object'} holds each name once; rename the columns (CSV "
                        f"and XLSX output keep both, read back as {twice!r} and {twice + '.1'!r}).")
    return chunk if names == list(chunk.columns) else chunk.set_axis(names, axis=1)


class JsonlWriter:
    """Append chunks to a JSON Lines file (``JsonArrayWriter``: a JSON array of the same objects, what a
    reader of ``.json`` expects)."""

    _array = False

    def __init__(self, path: Path, **_):
        self.path = path
        self._started = False

    def write(self, chunk: pd.DataFrame) -> None:
        if (chunk.empty and self._array) or len(chunk) == 0:
            return  # no object to write, so no name twice in one (an empty table with one was written, [], and is)
        names_as_text(chunk, "JSON")
        try:
            lines = json_lines(chunk)
        except RecursionError:  # (JSON Lines input reads about as deep: a value built so in Python)
            # (CSV, Parquet and XLSX cannot write it either: Python's repr and Arrow stop as deep)
            raise DataError("JSON output: a value is nested too deeply to write as JSON (about 1,000 lists or "
                            "objects one in another); nest it less deeply (no output format writes it).") from None
        with open(self.path, "a" if self._started else "w", encoding="utf-8") as fh:
            if not self._array:
                fh.write(lines + "\n" if lines else "")
            else:
                fh.write(("[\n" if not self._started else ",\n") + lines.replace("\n", ",\n"))
        self._started = True

    def close(self) -> None:
        if not self._started:
            self.path.write_text("[]\n" if self._array else "", encoding="utf-8")
        elif self._array:
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write("\n]\n")


def json_records(frame: pd.DataFrame) -> list[dict]:
    """Each row as a JSON-ready dict, dates as ISO text, every float as it is: pandas writes floats with a
    fixed number of decimals (a p-value of 6.6e-15 became 0), so its JSON gives the types and the frame the
    floats; missing values are None. Bytes (a Parquet binary column's) and dates without a time (its ``date32``) are
    text: ``_json_values.bytes_and_dates_as_text``; a date-time finer than a millisecond is whole
    (``_json_values.finer_than_milliseconds``)."""
    import math

    frame = bytes_and_dates_as_text(frame)
    names = [str(name) for name in frame.columns]
    if any("\x00" in name for name in names) and frame.columns.is_unique:
        # pandas' JSON cuts a name at a NUL character: 'a\x00b' was written 'a', and 'a\x00c' beside it was lost
        rows = json.loads(frame.set_axis(range(len(names)), axis=1).to_json(orient="records", force_ascii=False,
                                                                             date_format="iso"))
        rows = [dict(zip(names, row.values())) for row in rows]
    else:
        rows = json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
    floats = frame.select_dtypes("floating")
    if not floats.empty:
        for row, exact in zip(rows, floats.to_dict(orient="records")):
            row.update({str(k): v for k, v in exact.items() if isinstance(v, float) and math.isfinite(v)})
    exact_object_floats(frame, rows)  # (a JSON input's numbers: object columns)
    for column, row, text in finer_than_milliseconds(frame):
        rows[row][names[column]] = text
    return rows


def json_lines(chunk: pd.DataFrame) -> str:
    """``json_records`` as compact JSON, one object per line, the same for every row and chunk, so a file does not
    depend on how it was split."""
    return "\n".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in json_records(chunk))


class JsonArrayWriter(JsonlWriter):
    """Append chunks to a ``.json`` file as one JSON array of objects."""

    _array = True
