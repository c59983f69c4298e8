"""Classifying a file's chunks: in this process, or in a pool of worker processes that hold the model once.

``classified`` yields each chunk with its ``cx_`` columns, in order. With ``jobs`` > 1 the workers are
forked from a process that has already loaded and warmed the model up (``forked_model``), so they share its
memory pages and start at once; where workers are spawned each loads its own. While a file is classified the
objects alive before it are out of the garbage collector's sight (``frozen``). A worker that dies is an error,
never a wait forever (``_result``)."""

from __future__ import annotations

import contextlib
import gc
import math
import multiprocessing
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .columns import column_to_classify
from .exceptions import CxnlpError

if TYPE_CHECKING:
    from .model import Model


def load(model_dir=None):
    """``persist.load``, imported on first use: summaries and reports never import scikit-learn."""
    from .persist import load as load_model

    return load_model(model_dir)


_WORKER_MODEL = None
#: Rows classified between two calls of ``classified``'s ``progress`` in this process: two of the model's batches
#: (``model.BATCH``, 512), about half a second.
STEP_ROWS = 1_024


def _init_worker(model_dir: str, ready: Model | None = None) -> None:
    """Set up a worker process: ``ready`` is the parent's model when the worker was forked from it
    (``forked_model``), else the worker loads its own."""
    global _WORKER_MODEL
    # A forked worker inherits the parent's SIGTERM handler (see io.atomic_path); it has no file to
    # clean up, so the default (end at once) lets the parent stop it without waiting for a chunk.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # Ctrl-C and a closed terminal (SIGHUP) reach the whole process group: the parent stops the pool, removes its
    # temporary file and reports it in one line, so a worker ignores them (each printed its own traceback).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    if ready is None:  # spawned: a process of its own, frozen for good (see frozen)
        ready = warmed(model_dir)
        gc.freeze()
    _WORKER_MODEL = ready


def warmed(model_dir, model: Model | None = None) -> Model:
    """The model (``model``, or the one in ``model_dir``), warmed up (spaCy and the lemma table read)."""
    model = load(model_dir) if model is None else model
    model.classify("Llegó tarde, pero bien.")
    return model


@contextlib.contextmanager
def frozen():
    """Every object alive now out of the garbage collector's sight (``gc.freeze``) while a file is classified,
    and back in it after. A file is classified in many small allocations, and each full collection would
    otherwise walk the tens of thousands of objects that spaCy, NumPy and the model left behind, none of
    which will be garbage meanwhile: 5-10% more comments a second. Workers forked meanwhile start frozen, so
    no collection of theirs writes to (and copies) the pages they share with this process. Frozen objects are
    never collected: thawed after, a process that classifies file after file (a notebook, a service) frees
    what each left behind. A freeze of the caller's own is left as it was."""
    ours = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if ours:
            gc.unfreeze()


def forked_model(model_dir, model: Model | None = None) -> Model | None:
    """The model for the workers to inherit, ready, when they are forked from this process (Linux's default
    start method): loaded and warmed up once here instead of once in each worker, whose copies share its
    memory pages. Each worker's own start-up (0.8 s of CPU: spaCy, the lemma table) ran while the other
    classified, so on two CPUs ``--jobs 2`` lost most of a second against one process. None where workers
    are spawned: their arguments would be pickled, so they load their own."""
    if multiprocessing.get_start_method() != "fork":
        return None
    return warmed(model_dir, model)


def classify_texts(model, texts: list, industry=None) -> dict[str, list]:
    """The ``cx_`` output columns for ``texts``, as plain lists (cheap to send between processes);
    ``industry``: None, one for every text or one per text."""
    from .model import FLOAT_COLUMNS

    columns = model._column_lists(texts, industry)
    for name in FLOAT_COLUMNS:  # NaN where missing, as in classify_frame
        columns[name] = [math.nan if x is None else x for x in columns[name]]
    return columns


def classify_in_worker(texts: list, industry: str | None) -> dict[str, list]:
    return classify_texts(_WORKER_MODEL, texts, industry)


def priorities_in_worker(texts: list, industry) -> dict[int, float]:
    from .review import queue_priorities

    return queue_priorities(_WORKER_MODEL, texts, industry)


def classified(chunks: Iterator[pd.DataFrame], text, model_dir: Path, jobs: int, industry: str | None = None,
                industries: tuple[str, tuple] | None = None, model: Model | None = None, source: str | None = None,
                progress: Callable[[int], None] | None = None):
    """Each chunk with its ``cx_`` columns; ``industries`` is (column, known industries) when each row
    names its own; ``model``: the model of ``model_dir`` if the caller has already loaded it; ``source``: the
    file's name for a message about a row (``"encuesta.csv: row 2"``); ``progress`` is called with the number of
    rows classified, every ``STEP_ROWS`` in this process, after each chunk from workers."""
    from .model import industry_cells

    first = next(chunks, None)
    while first is not None and first.empty:  # a file with only a header: nothing to classify
        first = next(chunks, None)
    if first is None:
        return
    column = column_to_classify(first.columns, text)

    def work_items():
        yield first
        yield from chunks

    rows_before = 0  # a message names the row of the file (or frame), not of its chunk

    def industry_of(chunk):
        nonlocal rows_before
        first, rows_before = rows_before + 1, rows_before + len(chunk)
        if industries is None:
            return industry
        rows = [f"{source}: row {n}" if source else f"row {n}" for n in range(first, rows_before + 1)]
        return industry_cells(chunk, *industries, rows=rows)

    if jobs <= 1:
        model = warmed(model_dir, model)
        with frozen():
            for chunk in work_items():
                yield chunk, classify_in_steps(model, chunk[column].tolist(), industry_of(chunk), progress)
        return
    tasks = ((chunk, (chunk[column].tolist(), industry_of(chunk))) for chunk in work_items())
    for chunk, columns in pooled(tasks, classify_in_worker, model_dir, jobs, model=model):
        yield chunk, columns
        if progress:
            progress(len(chunk))


def classify_in_steps(model, texts: list, industry, progress: Callable[[int], None] | None) -> dict[str, list]:
    """``classify_texts`` of ``texts``, with ``progress`` called for each ``STEP_ROWS`` classified: a chunk is
    20,000 rows, so that a file of that size moved the progress bar once, at its end. The steps are whole batches of
    the model's (``model.BATCH``), so the comments are classified in the same batches as in one call."""
    if progress is None:
        return classify_texts(model, texts, industry)
    columns: dict[str, list] = {}
    for start in range(0, len(texts), STEP_ROWS):
        part = industry if industry is None or isinstance(industry, str) else industry[start:start + STEP_ROWS]
        for name, values in classify_texts(model, texts[start:start + STEP_ROWS], part).items():
            columns.setdefault(name, []).extend(values)
        progress(len(texts[start:start + STEP_ROWS]))
    return columns


def pooled(tasks: Iterator[tuple], work: Callable, model_dir: Path, jobs: int,
            model: Model | None = None) -> Iterator[tuple]:
    """``(key, work(*args))`` for each ``(key, args)`` of ``tasks``, in order, from ``jobs`` worker processes that
    hold the model (``model`` if given, that of ``model_dir``) once (``_init_worker``); at most two tasks per
    worker in flight, so memory stays flat."""
    ready = forked_model(model_dir, model)
    # multiprocessing.Pool rather than ProcessPoolExecutor: leaving the block terminates the workers,
    # so Ctrl-C or SIGTERM stops at once instead of waiting for the tasks in flight.
    with frozen(), multiprocessing.Pool(jobs, initializer=_init_worker, initargs=(str(model_dir), ready)) as pool:
        workers = _workers(pool)
        pending = []
        for key, args in tasks:
            pending.append((key, pool.apply_async(work, args)))
            while len(pending) > 2 * jobs:
                done, result = pending.pop(0)
                yield done, _result(result, workers)
        for done, result in pending:
            yield done, _result(result, workers)


def _workers(pool) -> list:
    """The pool's worker processes as started (``Pool._pool``: the standard library keeps them there)."""
    return list(getattr(pool, "_pool", ()))


def _result(result, workers: list):
    """The chunk a worker classified. A worker that died (killed for memory, say) never answers, and the pool
    quietly starts another in its place: a worker of ``workers`` no longer alive is an error, not a wait
    forever."""
    while True:
        try:
            return result.get(timeout=1.0)
        except multiprocessing.TimeoutError:
            if not all(process.is_alive() for process in workers):
                raise CxnlpError("a worker process stopped before finishing its rows (killed for lack of memory?); "
                                 "nothing was written. Run again with fewer --jobs.") from None
