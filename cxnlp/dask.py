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
import logging
import os
import shutil
import signal
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

try:
    import dask
    import dask.dataframe as dd
except ImportError as err:  # pragma: no cover - depends on the environment
    raise ImportError('cxnlp.dask needs Dask: pip install "cxnlp[dask]" '
                      '(dask[distributed,dataframe]).') from err

import pandas as pd

from . import _partitions as P
from ._dask_cluster import check_cluster
from ._dask_parts import part_schema, write_part
from ._batch_inputs import formula_quotes_dropped
from ._dask_files import declared_schema, glob_base, glob_reads, input_files, read_files
from ._partition_classify import named_as_typed
from ._partitions import ModelRef, check_industry_column, classify_partition, model_for, model_ref, output_meta
from .columns import column_to_classify
from .exceptions import ConfigError, CxnlpError, DataError, InconsistentVersionWarning, muted_warnings
from .schema import DEFAULT_INDUSTRY

__all__ = ["classify", "classify_files", "summarize"]


def classify(ddf: dd.DataFrame, text: str | None = None, model: str | Path | None = None, *,
             industry: str | None = DEFAULT_INDUSTRY, industry_column: str | None = None) -> dd.DataFrame:
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
    column = column_to_classify(list(ddf.columns), text)
    check_industry_column(ddf.columns, industry, industry_column)
    ref = model_ref(model, industry)
    _warm_workers(ref)
    return ddf.map_partitions(classify_partition, column, ref, None, industry, industry_column,
                              meta=output_meta(ddf._meta))


def summarize(ddf: dd.DataFrame, by: str | Iterable[str] | None = "touchpoints", **kwargs) -> pd.DataFrame:
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
    merged = partials.groupby(["kind", "key", "period", "field"]).value.sum().compute().reset_index()
    if check := P.refusal(merged, plan):  # as cxnlp.summarize refuses the column; the error names the first date
        P.refuse(check, lambda what: _first_date(needed, plan, what), plan)
    return P.finish_summary(merged, plan)


def _first_date(needed: dd.DataFrame, plan: P.SummaryPlan, what: str = "date") -> pd.DataFrame:
    """``P.first_date`` (of ``what``) of the first partitions that hold one: one partition, then four times as many
    each round, as Spark's ``first`` reads them. Every partition read for the message's example ran the whole input
    (a lazy ``classify``) again, for an error."""
    kwargs = {} if what == "date" else {"what": what}
    start, step = 0, 1
    while start < needed.npartitions:
        stop = min(start + step, needed.npartitions)
        first = needed.partitions[start:stop].map_partitions(P.first_date, plan, meta=P.FIRST_DATE_META,
                                                             **kwargs).compute()
        if len(first):
            return first
        start, step = stop, 4 * step
    return P.FIRST_DATE_META


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
def classify_files(source: str | Path, output: str | Path, *, text: str | None = None, model: str | Path | None = None,
                   scheduler: str | None = None, workers: int | None = None, header_row: int | None = None,
                   progress: Callable[[int], None] | None = None, industry: str | None = DEFAULT_INDUSTRY,
                   redact: bool = False, industry_column: str | None = None) -> dict[str, int]:
    """Classify every row of ``source`` (CSV or Parquet: a file, a folder or a glob) into a Parquet dataset at
    ``output`` (a folder of ``part.NNNNN.parquet`` files, one per partition, in input order); return the counts.

    ``scheduler`` is the address of a running Dask scheduler (``tcp://host:8786``; a client of this process already
    connected to it is reused); without it a ``LocalCluster`` of ``workers`` processes (default: one per CPU; not
    with ``scheduler``) is started and closed. The dataset is written to a temporary folder next to ``output`` and
    renamed into place when every partition is done, so ``output`` is never half-written. A partition whose worker
    dies is computed again and its file rewritten whole: no row is lost or written twice. ``progress`` is called
    with the number of rows of each partition as it finishes. ``header_row`` (1-based, CSV only) forces
    the header line of every file; by default title lines above the header are skipped. ``industry``
    and ``industry_column`` as in ``classify`` (a column the files lack is refused before a cluster starts). With ``redact``, personal data in the comment column is replaced by placeholders
    (``cxnlp.pii.redact_column``) before it is classified, and the dataset holds the redacted text, as
    ``cxnlp classify --redact`` writes it.
    """
    try:
        from distributed import Client, LocalCluster, as_completed, get_client
    except ImportError as err:
        raise ImportError('cxnlp classify --engine dask needs Dask\'s distributed scheduler: pip install '
                          '"cxnlp[dask]".') from err
    from .io.atomic import folders_made_for, inside_folder, same_file, sigterm_unwinds
    from .io.common import EXTENSIONS

    check_cluster(scheduler, workers)
    files, kind = input_files(source)
    output = Path(output)
    if output.suffix.lower() in EXTENSIONS:  # out.csv: a folder no CSV reader opens, and cxnlp reads as a file
        raise DataError(f"Output {output} is written as a folder of Parquet parts; give a folder name without "
                        f"'{output.suffix}', such as {output.with_suffix('')}/.")
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise DataError(f"Output {output} already exists; the dataset is written as a new folder, so remove it or "
                        f"choose another path.")
    if any(same_file(output, f) or inside_folder(f, output) for f in files):  # (macOS: another case of a name too)
        raise DataError(f"Output {output} holds input files; choose another folder.")
    if inside_folder(output, source):
        # A folder is read with its sub-folders: the dataset written there was read with the input next time.
        raise DataError(f"Output {output} is inside the input folder {source}, whose files are read as the input: "
                        f"choose a folder outside {source}.")
    if not Path(source).exists() and glob_reads(str(source), output):
        raise DataError(f"Output {output} is where the glob {source} reads (its files would be read as the input "
                        f"next time): choose a folder outside {glob_base(str(source))}.")
    ddf = read_files(files, kind, header_row)  # lazy; an unreadable header fails here, before a cluster starts
    ddf = formula_quotes_dropped(ddf, files[0], column_to_classify(list(ddf.columns), text))  # a missing one fails too
    if industry_column is not None and industry != DEFAULT_INDUSTRY:  # in the local engine's words (batch.py)
        raise ConfigError("give --industry (one for every row) or --industry-column (one per row), not both.")
    check_industry_column(list(ddf.columns), industry, industry_column)  # and an industry column they lack
    declared = declared_schema(files) if kind == "parquet" else None
    model_ref(model, industry)  # and so does a missing or broken model, or an industry it does not know
    cluster = None
    if scheduler is None:
        # CPU_COUNT: the CPUs this process may use (affinity, container quota); a failed task's log stays out of
        # the command's one-line errors (the error itself comes back here and is raised)
        try:
            with _workers_ignore_ctrl_c():  # a Ctrl-C meanwhile is raised here, once the workers are started
                # No dashboard, and the scheduler's HTTP routes on a free port: on 8787 (distributed's default even
                # without a dashboard) a second cluster, a notebook's say, printed three lines about the port in use.
                cluster = LocalCluster(n_workers=int(workers or dask.system.CPU_COUNT or 1), threads_per_worker=1,
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
    with folders_made_for(tmp), sigterm_unwinds():  # SIGTERM, as Ctrl-C, runs the finally below: no temporary folder,
        # nor the folders made for the output, is left
        try:
            return _classify_to(ddf, source, output, tmp, client, owned, cluster, as_completed, text=text,
                                model=model, industry=industry, progress=progress, declared=declared, redact=redact,
                                industry_column=industry_column)
        except CxnlpError as err:  # a Parquet file's refusal names it absolute, as Dask reads it: as typed instead
            raise named_as_typed(err, files) from None


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
                 industry, progress, declared=None, redact=False, industry_column=None) -> dict[str, int]:
    """The work of ``classify_files`` once a client is connected: classify, write the parts, rename.
    ``declared`` is the input files' Arrow schema (Parquet), None for CSV."""
    try:
        threads = sum(client.nthreads().values()) or 1
        if ddf.npartitions < 4 * threads:  # few big files: split them so every worker gets work
            ddf = ddf.repartition(npartitions=4 * threads)
        if redact:  # as the local engine redacts each chunk before it is classified (_batch_redaction)
            from .pii import redact_column

            ddf = redact_column(ddf, column_to_classify(list(ddf.columns), text))
        # classify_files warned of a model of other versions: once, not twice. Muted in this thread alone
        # (warnings.catch_warnings, process-wide, muted the warning in the process's other threads meanwhile).
        with muted_warnings(category=InconsistentVersionWarning):
            classified = classify(ddf, text=text, model=model, industry=industry, industry_column=industry_column)
        schema = part_schema(classified._meta, declared)
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        parts = classified.to_delayed()
        width = max(5, len(str(len(parts) - 1)))  # names that sort in input order, however many parts
        writes = [dask.delayed(write_part)(part, str(tmp / f"part.{i:0{width}d}.parquet"), schema)
                  for i, part in enumerate(parts)]
        counts: dict[str, int] = {}
        for future in as_completed(client.compute(writes)):
            part_counts = future.result()
            for status, n in part_counts.items():
                counts[status] = counts.get(status, 0) + n
            if progress:
                progress(sum(part_counts.values()))
        if not counts:
            # As the local engine says it (batch.py), a folder or a glob being no one file.
            what = "file" if Path(source).is_file() else "input (every file has only its header)"
            raise DataError(f"{source}: no rows to classify (nothing below the header); check that it is the right "
                            f"{what}. Nothing was written.")
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
