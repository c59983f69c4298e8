"""The input side of ``cxnlp.dask.classify_files``: which files a source names, and reading them as one lazy
Dask DataFrame. Parquet files are read with one schema: files that differ only in a column's width, precision,
time unit or nullability are one table (``_wider``), as the local engine reads them; anything else is an error
that names both files. CSV files are read one per partition by cxnlp's own reader (``io.read_table``), their
columns lined up by name. Needs ``pip install "cxnlp[dask]"``."""

from __future__ import annotations

import fnmatch
import glob
import sys
from collections import Counter
from pathlib import Path

import dask.dataframe as dd
from dask.dataframe.io.parquet.arrow import ArrowDatasetEngine
import pandas as pd

from ._partition_classify import SOURCE_ATTR, whole_file_source
from .columns import listed_columns
from .exceptions import DataError, kept_warnings, visible, warn_outside
from .io._parquet_text import check_read_whole
from .io.columnar import unreadable_parquet
from .io.common import MAX_COLUMNS, check_not_in_partition, check_partition_folders

#: Input files ``classify_files`` reads from a folder, by kind.
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".pq")
FOLDER_SUFFIXES = (".csv", ".tsv", *PARQUET_SUFFIXES)


def input_files(source: str | Path) -> tuple[list[Path], str]:
    """The files ``source`` names (a file, a folder, or a glob such as ``encuestas/*.parquet``) and
    their kind, "csv" or "parquet"; one kind per run."""
    text = str(source)
    path = Path(text)
    if path.is_dir():
        # '.txt' is read only when named, not picked up beside a folder's data.
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)
                       and p.suffix.lower() in FOLDER_SUFFIXES)
        root = path
    elif path.is_file():
        files, root = [path], None
    else:
        # The same names are skipped below a glob's folder: 'salida_spark/*' took Spark's '_SUCCESS' for a third
        # kind of file, though the folder 'salida_spark/' was read. A name the pattern spells with its leading '_'
        # or '.' ('in/_x*.csv', '*/_parte.csv') is read, as glob reads '.x' for '.*' only.
        base = glob_base(text)
        rest = Path(text).parts[len(base.parts) if base != Path(".") else 0:]
        matched = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
        files = [p for p in matched if not _hidden(p, base, tuple(c for c in rest if c.startswith((".", "_"))))]
        if matched and not files:
            raise DataError(f"{source}: no input files found; the glob matches only hidden or '_' names "
                            f"({matched[0]}), which are skipped; spell the '_' or '.' in it to read them "
                            f"('{base / ('_*' + matched[0].suffix)}').")
        root = base
    if not files:
        raise DataError(f"{source}: no input files found; give a CSV or Parquet file, a folder of them, or a glob "
                        f"such as 'encuestas/*.parquet' (quoted, so the shell does not expand it).")
    kinds: dict[str, Path] = {}  # each kind found, and its first file
    for file in files:
        suffix = file.suffix.lower()
        kind = "parquet" if suffix in PARQUET_SUFFIXES else "csv" if suffix in CSV_SUFFIXES else suffix or "no suffix"
        kinds.setdefault(kind, file)
    if len(kinds) == 1 and not set(kinds) <= {"csv", "parquet"}:  # one kind, but none --engine dask reads
        kind, file = next(iter(kinds.items()))
        raise DataError(f"{source}: --engine dask reads CSV or Parquet files, found {kind} ({file}); save it as CSV "
                        f"or Parquet, or classify it with --engine local.")
    if len(kinds) != 1:
        found = ", ".join(f"{kind} ({file})" for kind, file in kinds.items())
        raise DataError(f"{source}: the files must all be CSV or all Parquet, found {found}; give one kind per run.")
    kind = next(iter(kinds))
    if kind == "parquet":
        _check_not_in_partition(text)
    if root is not None:
        check_partition_folders(root, files)
    return files, kind


def _check_not_in_partition(source: str) -> None:
    """Refuse Parquet files read from one Hive partition folder (the folder given, a glob's folder, a file's
    folder), as the local engine refuses them. CSV files are read there, a folder or a glob of them as one file is:
    CSV datasets are seldom partitioned so, and run folders are named 'lr=0.1'."""
    path = Path(source)
    read_in = path if path.is_dir() else glob_base(source) if glob.has_magic(source) else path.parent
    if read_in.is_dir():  # a folder that is not there is no partition: the input is 'not found'
        check_not_in_partition(read_in)


def _hidden(file: Path, base: Path, named: tuple[str, ...] = ()) -> bool:
    """Whether a name of ``file`` below ``base`` is hidden or starts with '_': no data ('._p0.parquet' from macOS,
    a '.out.tmp-123' folder left by a killed run, Spark's '_SUCCESS'), unless it matches one of the glob components
    ``named``, which begin with that '.' or '_'."""
    return any(part.startswith((".", "_")) and not any(fnmatch.fnmatch(part, pattern) for pattern in named)
               for part in file.relative_to(base).parts)


def glob_base(pattern: str) -> Path:
    """The folder a glob reads from: its leading components without a wildcard (``encuestas`` for
    ``encuestas/**/*.parquet``; the working folder for ``*.csv``)."""
    fixed = []
    for part in Path(pattern).parts:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def glob_reads(pattern: str, output: Path) -> bool:
    """Whether the glob ``pattern`` would read the parts of a dataset written at ``output``: they lie below its fixed
    folder (``glob_base``, both paths resolved) where the rest of the pattern reaches them (``**`` standing for any
    number of folders) and its last component matches a part's name (``part.00000.parquet``, ``_PART_NAMES``).
    ``encuestas/**/*.csv`` or ``encuestas/**/2024-*.parquet`` never reads ``encuestas/clasificado``'s parts, and
    was refused all the same (review A 3); ``encuestas/**/*.parquet`` reads them."""
    base = glob_base(pattern)
    rest = Path(pattern).parts[len(base.parts) if base != Path(".") else 0:]
    try:
        below = output.resolve().relative_to(base.resolve()).parts
    except ValueError:
        return False
    return any(_glob_matches((*below, name), rest) for name in _PART_NAMES)


#: Names the parts of a dataset ``classify_files`` writes may have (``part.`` and 5 or more digits): enough to tell
#: whether a glob's file-name component reads them (``*.parquet``, ``part.*``, ``part.1*``), not ``*.csv``.
_PART_NAMES = tuple(dict.fromkeys([f"part.{n:05d}.parquet" for n in range(10)]
                                  + [f"part.{str(d) * 5}.parquet" for d in range(10)]
                                  + [f"part.{d}0000.parquet" for d in range(10)] + ["part.100000.parquet"]))


def _glob_matches(parts: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """Whether the path ``parts`` matches the glob components ``pattern`` as ``glob.glob(recursive=True)`` reads
    them: ``**`` alone is any number of components (none too), any other component one name (``fnmatchcase``)."""
    import fnmatch

    if not pattern:
        return not parts
    if pattern[0] == "**":
        return _glob_matches(parts, pattern[1:]) or (bool(parts) and _glob_matches(parts[1:], pattern))
    return bool(parts) and fnmatch.fnmatchcase(parts[0], pattern[0]) and _glob_matches(parts[1:], pattern[1:])


def read_files(files: list[Path], kind: str, header_row: int | None = None) -> dd.DataFrame:
    """A dask DataFrame over ``files``: Parquet through ``dd.read_parquet`` (a named index as columns); CSV through
    cxnlp's own reader (any encoding and separator, title lines skipped, cells kept as text), one partition per
    file. ``header_row`` (1-based) forces the header line of every CSV file."""
    if kind == "parquet":
        if header_row is not None:
            raise DataError(f"header row {header_row} was given, but the input files are Parquet: their columns are "
                            f"named in the file, so there is no header line to choose; leave out --header-row "
                            f"(header_row=...).")
        footers = _footers(files)  # each file's footer read once, for both checks
        for path, (own, _) in zip(files, footers):  # as cxnlp's own reader refuses it (io.columnar)
            if len(own) > MAX_COLUMNS:
                raise DataError(f"{path}: {len(own):,} columns, and a table has at most {MAX_COLUMNS:,}; write the "
                                f"file again with the columns you need.")
            # Dask reads columns by name, and failed with a KeyError; cxnlp's own reader names the others 'x.1'.
            # (Counted once: names.count() per name built the list again for each, 30 s for 16,384 columns.)
            if repeated := [name for name, n in Counter(own.names).items() if n > 1]:
                raise DataError(f"{path}: names column(s) {', '.join(map(repr, repeated[:5]))} more than once, which "
                                f"--engine dask cannot read; write the file again with one name per column, or "
                                f"classify it with --engine local (it reads the others as {repeated[0] + '.1'!r}).")
            check_read_whole(path)  # Dask reads a file whole: a value its dictionary repeats could fill memory
        schema = _one_parquet_schema(files, [schema for schema, _ in footers])
        _check_time_units(files, [own for own, _ in footers], schema)
        # index=False: a named index comes back as the first columns (and so reaches the output), as cxnlp's
        # own reader gives it; an unnamed one (row numbers) is left out.
        # Where an integer column holds a null, integers are pandas' nullable integers in every partition: a
        # partition with a null would make its column float (2**53 + 1 read as 2**53), and a uint64 above 2**63
        # with a null would fail the write of its part. Without such a null they stay int64, as without Dask.
        from .io.columnar import nullable_integers

        mapper = nullable_integers() if _integer_nulls(footers) else None
        # dataset's schema: every file read with the one schema (Arrow casts a narrower column), not the first's.
        return dd.read_parquet([str(f) for f in files], index=False, dataset={"schema": schema}, engine=_ExactNestedEngine,
                               **({"arrow_to_pandas": {"types_mapper": mapper}} if mapper else {}))
    from .io import iter_table

    with kept_warnings() as seen:  # (this thread's alone, as in _read_csv_like)
        head = next(iter_table(files[0], chunk_rows=100, header_row=header_row), None)
    for said in seen:  # shown here, and not again by the worker that reads the file whole
        warn_outside(str(said), type(said))
    if head is None:
        raise DataError(f"{files[0]}: no columns to read; check that it is the right file.")
    # Absolute: a worker of a --scheduler runs in its own folder, and would look for a relative path there.
    return dd.from_map(_read_csv_like, [str(f.absolute()) for f in files], [str(f) for f in files],
                       meta=head.iloc[:0], label="read-table",
                       enforce_metadata=False, header_row=header_row, columns=list(head.columns), first=str(files[0]),
                       shown=frozenset(str(said) for said in seen))


class _ExactNestedEngine(ArrowDatasetEngine):
    """Dask's Parquet engine, whose partitions keep the integers of objects and lists beside a null exact
    (``io.columnar.exact_nested_integers``), as cxnlp's own reader keeps them: pandas made ``{"id": 2**53 + 1}``
    beside ``{"id": null}`` 9007199254740992.0 and ``[1, null]`` ``[1.0, nan]`` with --engine dask only."""

    @classmethod
    def _arrow_table_to_pandas(cls, arrow_table, categories, *args, **kwargs) -> pd.DataFrame:
        from .io.columnar import exact_nested_integers

        frame = super()._arrow_table_to_pandas(arrow_table, categories, *args, **kwargs)
        frame.attrs = {}  # the writer's attrs (pyarrow restores them), the meta's too: a part with no rows had them
        return exact_nested_integers(frame, arrow_table)

    @classmethod
    def read_partition(cls, fs, pieces, *args, **kwargs) -> pd.DataFrame:
        """A partition's rows, or the one-line error of cxnlp's own reader for a file whose footer reads but whose
        data does not (corrupt pages: 'Corrupt snappy compressed data.; check the path and its permissions'), or
        does not convert to pandas (a ``time64[ns]`` of 1 ns: 'unexpected ArrowInvalid')."""
        import pyarrow as pa

        try:
            frame = super().read_partition(fs, pieces, *args, **kwargs)
        except (pa.ArrowException, OSError) as err:
            first = (pieces if isinstance(pieces, list) else [pieces])[0]
            path = first if isinstance(first, str) else first[0]  # a path, or (path, row groups, partition keys)
            raise unreadable_parquet(getattr(path, 'path', path), err) from None
        frame.attrs = whole_file_source(pieces, len(frame))  # names file and row; the writer's attrs left, as locally
        return frame


def _read_csv_like(path: str, typed: str, *, header_row, columns: list, first: str,
                   shown: frozenset = frozenset()) -> pd.DataFrame:
    """One CSV file as a partition, its columns in the first file's order (files that list the same columns in
    another order line up by name); a file with other columns is an error that names both files.

    ``path`` is absolute, for a worker started in another folder; ``typed`` is the file as the user's input named
    it, read (and so named in every message) where it is that same file from this worker's folder.

    The reader's own warnings (``warn_outside``) are written as the CLI writes them, one ``warning:`` line each, to
    the worker's stderr (the terminal for a local cluster), except those in ``shown``, which the client gave for the
    first file's header: Python's own format named a line of dask and said the client's warning again."""
    from .io import read_table

    if Path(typed).absolute() == Path(path):
        path = typed
    with kept_warnings() as seen:  # (this thread's alone: a worker reads partitions in several threads at once)
        frame = read_table(path, header_row=header_row)
    for text in dict.fromkeys(str(said) for said in seen):
        if text not in shown:
            print(f"warning: {visible(text)}", file=sys.stderr)  # (a file name may hold ESC, as the CLI shows it)
    if set(frame.columns) != set(columns):
        raise DataError(f"{path}: its columns {listed_columns(list(map(str, frame.columns)))} are not those of "
                        f"{first} ({listed_columns(list(map(str, columns)))}); one run reads files of one table.")
    frame.attrs[SOURCE_ATTR] = (path, len(frame), header_row)  # a refusal names the file and row, as local's does
    return frame[columns]


def _footers(files: list[Path]) -> list[tuple]:
    """The Arrow schema and the Parquet metadata of each of ``files``, from its footer."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    footers = []
    for path in files:
        try:
            with pq.ParquetFile(path) as parquet:
                footers.append((parquet.schema_arrow, parquet.metadata))
        except (pa.ArrowException, OSError) as err:  # in the words of cxnlp's own reader (io.columnar)
            raise unreadable_parquet(path, err) from None
    return footers


def _integer_nulls(footers: list[tuple]) -> bool:
    """Whether an integer column of the Parquet files whose ``_footers`` these are may hold a null (row group
    statistics; a column chunk without a null count may)."""
    import pyarrow as pa

    for schema, meta in footers:
        integers = {field.name for field in schema if pa.types.is_integer(field.type)}
        for group in range(meta.num_row_groups):
            for chunk in map(meta.row_group(group).column, range(meta.num_columns)):
                if chunk.path_in_schema in integers:  # (a list column's leaves are named 'x.list.element')
                    stats = chunk.statistics
                    if stats is None or not stats.has_null_count or stats.null_count:
                        return True
    return False


def _one_parquet_schema(files: list[Path], schemas: list):
    """The one Arrow schema that every Parquet file of ``files`` is read with: the first file's, each column at the
    widest of its types (``_wider``), so files that hold the same kind of value at another width or time unit are
    one table, as ``cxnlp classify`` reads them. Files whose columns differ, or whose types do not widen to one
    (text in one, numbers in another: readers would turn one file's text into another's numbers), are refused;
    the message names the first that differs. ``schemas``: each file's Arrow schema."""
    first = schemas[0]
    types = {field.name: field.type for field in first}
    for path, schema in zip(files[1:], schemas[1:]):
        other = {field.name: field.type for field in schema}
        if set(other) != set(types):
            what = f"columns {sorted(other)} against {sorted(types)}"
        else:
            column = next((c for c in types if _wider(types[c], other[c]) is None), None)
            if column is None:
                types = {c: _wider(types[c], other[c]) for c in types}
                continue
            where = files[0] if types[column] == first.field(column).type else "the files before it"
            what = f"column {column!r} is {other[column]} there and {types[column]} in {where}"
        raise DataError(f"{path}: {what}; one run reads files of one table (write them with one schema, or "
                        f"classify them separately).")
    for i, field in enumerate(first):
        first = first.set(i, field.with_type(types[field.name]))
    return _uncategorised(first)


def _uncategorised(schema):
    """``schema`` with its pandas metadata no longer calling a column categorical that ``_wider`` made the type of
    its values (Dask would look for the categories of a column that has none)."""
    import json

    import pyarrow as pa

    pandas = schema.pandas_metadata
    if pandas is None:
        return schema
    for entry in pandas.get("columns", []):
        name = entry.get("field_name")
        if entry.get("pandas_type") == "categorical" and name in schema.names \
                and not pa.types.is_dictionary(schema.field(name).type):
            entry.update(pandas_type="object", numpy_type="object", metadata=None)
    return schema.with_metadata({**schema.metadata, b"pandas": json.dumps(pandas).encode()})


#: Timestamp units from coarsest to finest.
_UNITS = ("s", "ms", "us", "ns")


def _wider(a, b):
    """The Arrow type that holds every value of types ``a`` and ``b``, where both hold one kind of value at another
    width, precision or time unit, as ``cxnlp classify`` reads them (each file to pandas, then one table); else None.

    Text, bytes, integers, floats and timestamps of one time zone widen to the wider type (pandas 2 writes
    ``timestamp[ns]``, pandas 3 ``timestamp[us]``; Arrow writers ``large_string``); integers beside floats to
    ``float64`` (an NPS column is int64 on a day without a blank answer, double on a day with one); ``null`` (a
    column with no value in a file, the comment column on a day nobody commented) to the other type; decimals to
    the most integer digits and the largest scale of both; lists to lists of their wider items (``list<null>``
    from a file whose lists are all empty); dictionaries (pandas categoricals, whose index width follows the number
    of categories) to their values' type, as pandas joins categoricals of other categories."""
    import pyarrow as pa

    if a == b:
        return a
    if pa.types.is_null(a) or pa.types.is_null(b):
        return b if pa.types.is_null(a) else a
    if pa.types.is_dictionary(a) or pa.types.is_dictionary(b):
        return _wider(*(t.value_type if pa.types.is_dictionary(t) else t for t in (a, b)))
    for kind, wide in ((lambda t: pa.types.is_string(t) or pa.types.is_large_string(t), pa.large_string()),
                       (lambda t: pa.types.is_binary(t) or pa.types.is_large_binary(t), pa.large_binary())):
        if kind(a) and kind(b):
            return wide
    if pa.types.is_timestamp(a) and pa.types.is_timestamp(b) and a.tz == b.tz:
        return pa.timestamp(max(a.unit, b.unit, key=_UNITS.index), a.tz)
    if pa.types.is_floating(a) and pa.types.is_floating(b):
        return max(a, b, key=lambda t: t.bit_width)
    if pa.types.is_integer(a) and pa.types.is_floating(b) or pa.types.is_floating(a) and pa.types.is_integer(b):
        return pa.float64()  # as pandas joins int64 and float64 columns
    if pa.types.is_integer(a) and pa.types.is_integer(b):
        if pa.types.is_signed_integer(a) == pa.types.is_signed_integer(b):
            return max(a, b, key=lambda t: t.bit_width)
        signed, unsigned = (a, b) if pa.types.is_signed_integer(a) else (b, a)
        bits = max(signed.bit_width, 2 * unsigned.bit_width)  # a signed type twice as wide holds the unsigned one
        return getattr(pa, f"int{bits}")() if bits <= 64 else None
    if pa.types.is_decimal(a) and pa.types.is_decimal(b):
        scale = max(a.scale, b.scale)
        precision = max(a.precision - a.scale, b.precision - b.scale) + scale
        wide = pa.types.is_decimal256(a) or pa.types.is_decimal256(b) or precision > 38
        return (pa.decimal256 if wide else pa.decimal128)(precision, scale) if precision <= 76 else None
    lists = (pa.types.is_list, pa.types.is_large_list)
    if any(is_list(a) for is_list in lists) and any(is_list(b) for is_list in lists):
        item = _wider(a.value_type, b.value_type)
        if item is None:
            return None
        field = (b if pa.types.is_null(a.value_type) else a).value_field.with_type(item)
        return (pa.large_list if pa.types.is_large_list(a) or pa.types.is_large_list(b) else pa.list_)(field)
    return None


def _check_time_units(files: list[Path], schemas: list, schema) -> None:
    """Refuse, before any work, a timestamp column read at a finer unit than a file holds it (``_wider``) where that
    file's values do not fit the finer unit (nanoseconds reach only 1677-2262). ``schemas``: each file's own;
    ``schema``: the one they are all read with. Such a file's column is read and its least and greatest values
    checked, as integers of its own unit (statistics may be missing or be another column's)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    for path, own in zip(files, schemas):  # each file's schema, from its footer
        for field in own:
            wide = schema.field(field.name).type
            if not (pa.types.is_timestamp(field.type) and field.type.unit != wide.unit):
                continue
            scale = 1000 ** (_UNITS.index(wide.unit) - _UNITS.index(field.type.unit))
            values = pq.read_table(path, columns=[field.name]).column(0).cast(pa.int64())
            low, high = pc.min_max(values).values()
            if low.is_valid and not (-(2 ** 63) <= low.as_py() * scale and high.as_py() * scale < 2 ** 63):
                raise DataError(f"{path}: column {field.name!r} is {field.type} there and {wide} in other files, and "
                                f"its dates do not fit {wide} (1677-2262); write the files with one time unit, or "
                                f"classify them separately.")


def declared_schema(files: list[Path]):
    """The one Arrow schema the Parquet ``files`` are read with (``_one_parquet_schema``)."""
    import pyarrow.parquet as pq

    return _one_parquet_schema(files, [pq.read_schema(path) for path in files])
