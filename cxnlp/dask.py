"""cxnlp on Dask: classify and summarise Dask DataFrames, and classify folders of files on a cluster.

Needs ``pip install "cxnlp[dask]"``. Each partition goes through the same function as everywhere
else (``Model.classify_frame``); what this module adds:

- the model is loaded once per worker process, from a path resolved where the job is submitted
  (``$CXNLP_MODEL`` or the shipped model included), and checked against the SHA-256 of its
  ``meta.json``; tasks carry that small reference, never the model. With a distributed ``Client``
  a ``WorkerPlugin`` loads it when each worker starts (and again in a worker that replaces a dead
  one);
- the output has a declared meta with real dtypes (``cxnlp._partitions.CX_DTYPES``), so Parquet
  and Arrow get strings, floats and booleans, not ``object``;
- ``summarize`` merges per-partition sums (n, sum y, sum y**2, counts) and equals
  ``cxnlp.summarize`` on the same rows without collecting them.

>>> import dask.dataframe as dd, cxnlp.dask                                     # doctest: +SKIP
>>> out = cxnlp.dask.classify(dd.read_parquet("encuestas/"), text="comentario")  # doctest: +SKIP
>>> cxnlp.dask.summarize(out, nps="recomendacion", by="touchpoints")            # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import glob
import logging
import os
import shutil
import signal
import sys
import threading
import warnings
from collections.abc import Callable
from pathlib import Path

try:
    import dask
    import dask.dataframe as dd
except ImportError as err:  # pragma: no cover - depends on the environment
    raise ImportError('cxnlp.dask needs Dask: pip install "cxnlp[dask]" '
                      '(dask[distributed,dataframe]).') from err

import pandas as pd

from . import _partitions as P
from ._partitions import ModelRef, check_industry_column, classify_partition, model_for, model_ref, output_meta
from .exceptions import DataError
from .io import detect_text_column
from .io.common import check_partition_folders
from .schema import DEFAULT_INDUSTRY

__all__ = ["classify", "classify_files", "summarize"]

#: Input files ``classify_files`` reads from a folder, by kind.
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".pq")
FOLDER_SUFFIXES = (".csv", ".tsv", *PARQUET_SUFFIXES)


def classify(ddf: dd.DataFrame, text: str | None = None, model=None, *, industry: str | None = DEFAULT_INDUSTRY,
             industry_column: str | None = None) -> dd.DataFrame:
    """``ddf`` with the ``cx_`` columns added, lazily, one ``Model.classify_frame`` call per partition.

    Parameters
    ----------
    ddf : dask DataFrame with a comment column.
    text : the comment column; detected from its name (comentario, comment...) when None.
    model : model directory, or None for ``$CXNLP_MODEL``, else the model shipped with cxnlp. It is
        resolved here; workers load it from the same path (or from their own install for the shipped
        model) once per process and refuse files whose ``meta.json`` differs.
    industry : the industry every comment comes from (``Model.classify``), checked here against the
        model's ``meta.json``.
    industry_column : instead of ``industry``, a column naming each row's industry (``Model.classify_frame``;
        its names are checked as each partition is read).

    Returns
    -------
    dask DataFrame
        Every input column and row, in order, plus the ``cx_`` columns typed as in
        ``cxnlp._partitions.CX_DTYPES`` (``string``, ``float64``, ``bool``). A value that is not
        text gets a status; it never fails its partition.
    """
    if not isinstance(ddf, dd.DataFrame):
        raise DataError(f"cxnlp.dask.classify expects a dask DataFrame, got {type(ddf).__name__}; "
                        f"use Model.classify_frame for a pandas one.")
    column = detect_text_column(list(ddf.columns), text)
    check_industry_column(ddf.columns, industry, industry_column)
    ref = model_ref(model, industry)
    _warm_workers(ref)
    return ddf.map_partitions(classify_partition, column, ref, None, industry, industry_column,
                              meta=output_meta(ddf._meta))


def summarize(ddf: dd.DataFrame, by: str | list[str] | None = "touchpoints", **kwargs) -> pd.DataFrame:
    """``cxnlp.summarize`` of a classified dask DataFrame, from per-partition partial sums.

    Takes the arguments of ``cxnlp.summarize`` (``metrics``, ``nps``/``csat``/``ces`` and their
    settings, ``period``, ``date``, ``min_n``, ``alpha``, ``dayfirst``) and returns the same table: value, interval,
    n, exclusions, impact and significance per theme. Only the columns it needs are read; each
    partition is reduced to a few numbers per theme and period, so memory does not grow with the rows.
    With ``period`` and no ``dayfirst``, day/month order is decided over the whole column first, as
    ``cxnlp.summarize`` does (one extra pass over the date column).
    """
    if not isinstance(ddf, dd.DataFrame):
        raise DataError(f"cxnlp.dask.summarize expects a dask DataFrame, got {type(ddf).__name__}; "
                        f"use cxnlp.summarize for a pandas one.")
    plan = P.plan_summary(ddf.columns, by, **kwargs)
    needed = ddf[list(plan.columns)] if plan.columns else ddf
    if P.needs_date_votes(plan):
        votes = needed.map_partitions(P.date_votes, plan, meta=P.VOTES_META).sum().compute()
        plan = P.decide_dayfirst(plan, votes["only_day"], votes["only_month"])
    if "cx_emotions" in plan.signals:  # one pass over the column: every partition reads empty cells alike
        given = bool(needed.map_partitions(P.emotions_given, plan, meta=(None, bool)).any().compute())
        plan = dataclasses.replace(plan, emotions_given=given)
    partials = needed.map_partitions(P.partial_sums, plan, meta=P.partial_frame())
    merged = partials.groupby(["kind", "key", "period", "field"]).value.sum().compute()
    return P.finish_summary(merged.reset_index(), plan)


# -- the model on workers ---------------------------------------------------------------------
try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - dask without distributed: the per-process cache alone
    WorkerPlugin = object


class ModelPlugin(WorkerPlugin):
    """Loads the model into each worker's cache when the worker starts (or joins later), off the
    worker's event loop, so the first task does not pay for it and a replaced worker reloads it."""

    idempotent = True

    def __init__(self, ref: ModelRef):
        self.ref = ref
        self.name = f"cxnlp-model-{ref.sha256[:16]}"

    async def setup(self, worker) -> None:
        await asyncio.get_running_loop().run_in_executor(None, model_for, self.ref)


def _warm_workers(ref: ModelRef) -> None:
    """Register ``ModelPlugin`` with the current distributed client, if there is one."""
    try:
        from distributed import get_client

        client = get_client()
    except (ImportError, ValueError):
        return  # local schedulers: model_for's per-process cache is enough
    client.register_plugin(ModelPlugin(ref))


# -- files to a Parquet dataset ---------------------------------------------------------------
def input_files(source: str | Path) -> tuple[list[Path], str]:
    """The files ``source`` names (a file, a folder, or a glob such as ``encuestas/*.parquet``) and
    their kind, "csv" or "parquet"; one kind per run."""
    text = str(source)
    path = Path(text)
    if path.is_dir():
        # Hidden and underscore names are not data ('._p0.parquet' from macOS, a '.out.tmp-123' folder left by a
        # killed run, Spark's '_SUCCESS'); '.txt' is read only when named, not picked up beside a folder's data.
        files = sorted(p for p in path.rglob("*") if p.is_file()
                       and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts)
                       and p.suffix.lower() in FOLDER_SUFFIXES)
        check_partition_folders(path, files)
    elif path.is_file():
        files = [path]
    else:
        files = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
        check_partition_folders(glob_base(text), files)
    if not files:
        raise DataError(f"{source}: no input files found; give a CSV or Parquet file, a folder of them, or a glob "
                        f"such as 'encuestas/*.parquet' (quoted, so the shell does not expand it).")
    kinds = {"parquet" if p.suffix.lower() in PARQUET_SUFFIXES else "csv" if p.suffix.lower() in CSV_SUFFIXES else p.suffix
             for p in files}
    if len(kinds) != 1 or not kinds <= {"csv", "parquet"}:
        raise DataError(f"{source}: the files must all be CSV or all Parquet, found {sorted(kinds)}; "
                        f"give one kind per run.")
    return files, kinds.pop()


def glob_base(pattern: str) -> Path:
    """The folder a glob reads from: its leading components without a wildcard (``encuestas`` for
    ``encuestas/**/*.parquet``; the working folder for ``*.csv``)."""
    fixed = []
    for part in Path(pattern).parts:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _glob_reads(pattern: str, output: Path) -> bool:
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
    """A dask DataFrame over ``files``: Parquet through ``dd.read_parquet`` (a named index as columns); CSV through cxnlp's own
    reader (any encoding and separator, title lines skipped, cells kept as text), one partition per
    file. ``header_row`` (1-based) forces the header line of every CSV file."""
    if kind == "parquet":
        if header_row is not None:
            raise DataError(f"header row {header_row} was given, but the input files are Parquet: their columns are "
                            f"named in the file, so there is no header line to choose.")
        footers = _footers(files)  # each file's footer read once, for both checks
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
        return dd.read_parquet([str(f) for f in files], index=False, dataset={"schema": schema},
                               **({"arrow_to_pandas": {"types_mapper": mapper}} if mapper else {}))
    from .io import iter_table

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        head = next(iter_table(files[0], chunk_rows=100, header_row=header_row), None)
    for said in seen:  # shown here, and not again by the worker that reads the file whole
        warnings.warn_explicit(said.message, said.category, said.filename, said.lineno)
    if head is None:
        raise DataError(f"{files[0]}: no columns to read; check that it is the right file.")
    # Absolute: a worker of a --scheduler runs in its own folder, and would look for a relative path there.
    return dd.from_map(_read_csv_like, [str(f.absolute()) for f in files], meta=head.iloc[:0], label="read-table",
                       enforce_metadata=False, header_row=header_row, columns=list(head.columns), first=str(files[0]),
                       shown=frozenset(str(said.message) for said in seen))


def _read_csv_like(path: str, *, header_row, columns: list, first: str, shown: frozenset = frozenset()) -> pd.DataFrame:
    """One CSV file as a partition, its columns in the first file's order (files that list the same columns in
    another order line up by name); a file with other columns is an error that names both files.

    The reader's warnings are written as the CLI writes them, one ``warning:`` line each, to the worker's stderr
    (the terminal for a local cluster), except those in ``shown``, which the client gave for the first file's
    header: Python's own format named a line of dask and said the client's warning again."""
    from .io import read_table

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        frame = read_table(path, header_row=header_row)
    for text in dict.fromkeys(str(said.message) for said in seen):
        if text not in shown:
            print(f"warning: {text}", file=sys.stderr)
    if set(frame.columns) != set(columns):
        raise DataError(f"{path}: its columns {list(map(str, frame.columns))} are not those of {first} "
                        f"({list(map(str, columns))}); one run reads files of one table.")
    return frame[columns]


def _footers(files: list[Path]) -> list[tuple]:
    """The Arrow schema and the Parquet metadata of each of ``files``, from its footer."""
    import pyarrow.parquet as pq

    footers = []
    for path in files:
        with pq.ParquetFile(path) as parquet:
            footers.append((parquet.schema_arrow, parquet.metadata))
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


def classify_files(source: str | Path, output: str | Path, *, text: str | None = None, model=None,
                   scheduler: str | None = None, workers: int | None = None, header_row: int | None = None,
                   progress: Callable[[int], None] | None = None, industry: str | None = DEFAULT_INDUSTRY) -> dict[str, int]:
    """Classify every row of ``source`` (CSV or Parquet: a file, a folder or a glob) into a Parquet
    dataset at ``output`` (a folder of ``part.NNNNN.parquet`` files, one per partition, in input order)
    and return the counts per status.

    ``scheduler`` is the address of a running Dask scheduler (``tcp://host:8786``; a client of this
    process already connected to it is reused); without it a ``LocalCluster`` of ``workers``
    processes (default: one per CPU) is started and closed. The
    dataset is written to a temporary folder next to ``output`` and renamed into place when every
    partition is done, so ``output`` is never half-written. A partition whose worker dies is computed
    again and its file rewritten whole: no row is lost or written twice. ``progress`` is called with
    the number of rows of each partition as it finishes. ``header_row`` (1-based, CSV only) forces
    the header line of every file; by default title lines above the header are skipped. ``industry``
    as in ``classify``.
    """
    try:
        from distributed import Client, LocalCluster, as_completed, get_client
    except ImportError as err:
        raise ImportError('cxnlp classify --engine dask needs Dask\'s distributed scheduler: pip install '
                          '"cxnlp[dask]".') from err
    from .io.atomic import sigterm_unwinds

    files, kind = input_files(source)
    output = Path(output)
    from .io.common import EXTENSIONS

    if output.suffix.lower() in EXTENSIONS:  # out.csv: a folder no CSV reader opens, and cxnlp reads as a file
        raise DataError(f"Output {output} is written as a folder of Parquet parts; give a folder name without "
                        f"'{output.suffix}', such as {output.with_suffix('')}/.")
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise DataError(f"Output {output} already exists; the dataset is written as a new folder, so remove it or "
                        f"choose another path.")
    if any(output.resolve() == f.resolve() or output.resolve() in f.resolve().parents for f in files):
        raise DataError(f"Output {output} holds input files; choose another folder.")
    if Path(source).is_dir() and Path(source).resolve() in output.resolve().parents:
        # A folder is read with its sub-folders: the dataset written there was read with the input next time.
        raise DataError(f"Output {output} is inside the input folder {source}, whose files are read as the input: "
                        f"choose a folder outside {source}.")
    if not Path(source).exists() and _glob_reads(str(source), output):
        raise DataError(f"Output {output} is where the glob {source} reads (its files would be read as the input "
                        f"next time): choose a folder outside {glob_base(str(source))}.")
    ddf = read_files(files, kind, header_row)  # lazy; an unreadable header fails here, before a cluster starts
    declared = _declared_schema(files) if kind == "parquet" else None
    model_ref(model, industry)  # and so does a missing or broken model, or an industry it does not know
    cluster = None
    if scheduler is None:
        # CPU_COUNT: the CPUs this process may use (affinity, container quota); a failed task's log stays out of
        # the command's one-line errors (the error itself comes back here and is raised)
        try:
            with _workers_ignore_ctrl_c():  # a Ctrl-C meanwhile is raised here, once the workers are started
                # No dashboard, and the scheduler's HTTP routes on a free port: on 8787 (distributed's default even
                # without a dashboard) a second cluster, a notebook's say, printed three lines about the port in use.
                cluster = LocalCluster(n_workers=workers or dask.system.CPU_COUNT or 1, threads_per_worker=1,
                                       processes=True, dashboard_address=None, silence_logs=logging.CRITICAL,
                                       scheduler_kwargs={"dashboard_address": ":0"})
            client = owned = Client(cluster)
        except BaseException:
            if cluster is not None:
                cluster.close()
            raise
    else:
        try:
            current = Client.current()
        except ValueError:
            current = None
        client = _connect(get_client, scheduler)  # one already connected to it, if any: one client per process
        owned = client if client is not current else None
    # Absolute, as the input files and the model: the workers write the parts here, each from its own folder.
    tmp = output.absolute().with_name(f".{output.name}.tmp-{os.getpid()}")
    with sigterm_unwinds():  # SIGTERM, like Ctrl-C, runs the finally below: no temporary folder is left
        return _classify_to(ddf, source, output, tmp, client, owned, cluster, as_completed, text=text,
                            model=model, industry=industry, progress=progress, declared=declared)


@contextlib.contextmanager
def _workers_ignore_ctrl_c():
    """SIGINT blocked, not ignored, in this thread while the local cluster starts its worker processes: the
    threads and processes started meanwhile inherit the blocked signal (a signal mask survives fork and exec), so
    the workers never get the Ctrl-C a terminal sends to every process of the command (it printed a 33-line
    traceback from each worker, QA W 2). This process does not lose it: a Ctrl-C during the start-up stays pending
    and is delivered when the mask is restored on the way out of this block, as KeyboardInterrupt (and the
    caller closes the cluster). Ignoring SIGINT here instead threw that Ctrl-C away, and the job ran on
    (review E 1)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask") \
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield  # a handler of the application's own is left alone
        return
    from multiprocessing import resource_tracker

    # Started now, not by the cluster: starting it unblocks SIGINT in the thread that starts it, and the worker
    # processes started from that thread would get Ctrl-C again.
    resource_tracker.ensure_running()
    pressed = []
    signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))  # (a thread of a C library's)
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, before)  # a pending Ctrl-C is delivered now
    if pressed:
        raise KeyboardInterrupt


#: Seconds to reach a scheduler given by address before giving up.
CONNECT_TIMEOUT = 30


def _connect(get_client, scheduler: str):
    """A client of the scheduler at ``scheduler``, or one ``DataError`` that says it could not be reached
    (a wrong address, nothing listening, or a server that is no Dask scheduler and never answers). The
    attempt runs in a daemon thread: one that never returns cannot hold the command, or its exit, up."""
    import threading

    outcome: dict = {}

    def attempt():
        try:
            outcome["client"] = _get_client(get_client, scheduler)
        except BaseException as err:  # handed to the caller's thread
            outcome["error"] = err

    thread = threading.Thread(target=attempt, name="cxnlp-dask-connect", daemon=True)
    thread.start()
    thread.join(CONNECT_TIMEOUT + 5)
    if "client" in outcome:
        return outcome["client"]
    err = outcome.get("error")
    if err is not None and not isinstance(err, (OSError, ValueError, TypeError, MemoryError)):
        raise err
    problem = f"{type(err).__name__}: {str(err)[:200]}" if err is not None else f"no answer in {CONNECT_TIMEOUT} s"
    raise DataError(f"could not reach a Dask scheduler at {scheduler!r} ({problem}); check the address "
                    f"(tcp://host:8786) and that the scheduler is running.")


def _get_client(get_client, scheduler: str):
    import dask.config

    with dask.config.set({"distributed.comm.timeouts.connect": f"{CONNECT_TIMEOUT}s"}):
        return get_client(scheduler, timeout=CONNECT_TIMEOUT)


def _classify_to(ddf, source, output: Path, tmp: Path, client, owned, cluster, as_completed, *, text, model,
                 industry, progress, declared=None) -> dict[str, int]:
    """The work of ``classify_files`` once a client is connected: classify, write the parts, rename.
    ``declared`` is the input files' Arrow schema (Parquet), None for CSV."""
    try:
        threads = sum(client.nthreads().values()) or 1
        if ddf.npartitions < 4 * threads:  # few big files: split them so every worker gets work
            ddf = ddf.repartition(npartitions=4 * threads)
        classified = classify(ddf, text=text, model=model, industry=industry)
        schema = _part_schema(classified._meta, declared)
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        parts = classified.to_delayed()
        width = max(5, len(str(len(parts) - 1)))  # names that sort in input order, however many parts
        writes = [dask.delayed(_write_part)(part, str(tmp / f"part.{i:0{width}d}.parquet"), schema)
                  for i, part in enumerate(parts)]
        counts: dict[str, int] = {}
        for future in as_completed(client.compute(writes)):
            part_counts = future.result()
            for status, n in part_counts.items():
                counts[status] = counts.get(status, 0) + n
            if progress:
                progress(sum(part_counts.values()))
        if not counts:
            raise DataError(f"{source}: no rows to classify; nothing was written.")
        for stray in tmp.glob(".*.tmp"):  # left by tasks whose worker died mid-write
            stray.unlink()
        if output.exists():
            output.rmdir()  # checked empty above
        tmp.rename(output)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if owned is not None:
            owned.close()
        if cluster is not None:
            cluster.close()
    return counts


def _declared_schema(files: list[Path]):
    """The one Arrow schema the Parquet ``files`` are read with (``_one_parquet_schema``)."""
    import pyarrow.parquet as pq

    return _one_parquet_schema(files, [pq.read_schema(path) for path in files])


def _part_schema(meta: pd.DataFrame, declared=None):
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
        if declared is not None and name not in P.CX_DTYPES and declared.get_field_index(name) >= 0:
            # Nullable whatever the first file says: files that differ only there are one table (and another
            # file's blanks in that column would fail the write of its part, after all the classifying).
            field = declared.field(name).with_nullable(True)
        elif pa.types.is_null(field.type):  # an object column of no known type: the CSV reader's text
            field = field.with_type(pa.large_string())
        fields.append(field)
    return pa.schema(fields)


def _write_part(frame: pd.DataFrame, path: str, schema) -> dict[str, int]:
    """Write one classified partition to ``path`` with ``schema`` (``_part_schema``), via a temporary name so
    that a killed task leaves no half file, and return its counts per status."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    # A hidden name: Parquet readers skip it if a killed task leaves it behind.
    tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    pq.write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False), tmp)
    os.replace(tmp, path)
    return {str(k): int(v) for k, v in frame["cx_status"].value_counts().items()}
