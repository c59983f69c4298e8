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
import glob
import os
import shutil
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
from ._partitions import ModelRef, classify_partition, model_for, model_ref, output_meta
from .exceptions import DataError
from .io import detect_text_column
from .schema import DEFAULT_INDUSTRY

__all__ = ["classify", "classify_files", "summarize"]

#: Input files ``classify_files`` reads from a folder, by kind.
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".pq")


def classify(ddf: dd.DataFrame, text: str | None = None, model=None, *, industry: str | None = DEFAULT_INDUSTRY) -> dd.DataFrame:
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
    ref = model_ref(model, industry)
    _warm_workers(ref)
    return ddf.map_partitions(classify_partition, column, ref, None, industry, meta=output_meta(ddf._meta))


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
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in CSV_SUFFIXES + PARQUET_SUFFIXES)
    elif path.is_file():
        files = [path]
    else:
        files = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
    if not files:
        raise DataError(f"{source}: no input files found; give a CSV or Parquet file, a folder of them, or a glob "
                        f"such as 'encuestas/*.parquet' (quoted, so the shell does not expand it).")
    kinds = {"parquet" if p.suffix.lower() in PARQUET_SUFFIXES else "csv" if p.suffix.lower() in CSV_SUFFIXES else p.suffix
             for p in files}
    if len(kinds) != 1 or not kinds <= {"csv", "parquet"}:
        raise DataError(f"{source}: the files must all be CSV or all Parquet, found {sorted(kinds)}; "
                        f"give one kind per run.")
    return files, kinds.pop()


def read_files(files: list[Path], kind: str, header_row: int | None = None) -> dd.DataFrame:
    """A dask DataFrame over ``files``: Parquet through ``dd.read_parquet``; CSV through cxnlp's own
    reader (any encoding and separator, title lines skipped, cells kept as text), one partition per
    file. ``header_row`` (1-based) forces the header line of every CSV file."""
    if kind == "parquet":
        if header_row is not None:
            raise DataError(f"header row {header_row} was given, but the input files are Parquet: their columns are "
                            f"named in the file, so there is no header line to choose.")
        return dd.read_parquet([str(f) for f in files])
    from .io import iter_table, read_table

    head = next(iter_table(files[0], chunk_rows=100, header_row=header_row), None)
    if head is None:
        raise DataError(f"{files[0]}: no columns to read; check that it is the right file.")
    return dd.from_map(read_table, [str(f) for f in files], meta=head.iloc[:0], label="read-table",
                       enforce_metadata=False, header_row=header_row)


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
    from distributed import Client, LocalCluster, as_completed, get_client

    files, kind = input_files(source)
    output = Path(output)
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise DataError(f"Output {output} already exists; the dataset is written as a new folder, so remove it or "
                        f"choose another path.")
    if any(output.resolve() == f.resolve() or output.resolve() in f.resolve().parents for f in files):
        raise DataError(f"Output {output} holds input files; choose another folder.")
    ddf = read_files(files, kind, header_row)  # lazy; an unreadable header fails here, before a cluster starts
    model_ref(model, industry)  # and so does a missing or broken model, or an industry it does not know
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = owned = Client(cluster)
    else:
        try:
            current = Client.current()
        except ValueError:
            current = None
        client = get_client(scheduler)  # the client already connected to it, if any: one client per process
        owned = client if client is not current else None
    tmp = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    try:
        threads = sum(client.nthreads().values()) or 1
        if ddf.npartitions < 4 * threads:  # few big files: split them so every worker gets work
            ddf = ddf.repartition(npartitions=4 * threads)
        classified = classify(ddf, text=text, model=model, industry=industry)
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        writes = [dask.delayed(_write_part)(part, str(tmp / f"part.{i:05d}.parquet"))
                  for i, part in enumerate(classified.to_delayed())]
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


def _write_part(frame: pd.DataFrame, path: str) -> dict[str, int]:
    """Write one classified partition to ``path`` (via a temporary name, so a killed task leaves no
    half file) and return its counts per status."""
    # A hidden name: Parquet readers skip it if a killed task leaves it behind.
    tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)
    return {str(k): int(v) for k, v in frame["cx_status"].value_counts().items()}
