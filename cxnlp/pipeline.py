"""File-to-file batch classification: stream chunks in, classify (optionally in N processes),
write the output atomically in the format of its extension."""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from .exceptions import DataError
from .io import (
    CHUNK_ROWS,
    TableWriter,
    atomic_path,
    csv_output_options,
    detect_text_column,
    file_format,
    iter_table,
)
from .model import results_to_columns
from .persist import load, resolve_model_dir

_WORKER_MODEL = None
PARALLEL_CHUNK_ROWS = 2_500


def _init_worker(model_dir: str) -> None:
    global _WORKER_MODEL
    # A forked worker inherits the parent's SIGTERM handler (see io.atomic_path); it has no file to
    # clean up, so the default (end at once) lets the parent stop it without waiting for a chunk.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER_MODEL = load(model_dir)


def _classify_texts(model, texts: list) -> dict[str, list]:
    """The ``cx_`` output columns for ``texts``, as plain lists (cheap to send between processes)."""
    return {k: v.to_list() for k, v in results_to_columns(list(model.classify_many(texts))).items()}


def _classify_in_worker(texts: list) -> dict[str, list]:
    return _classify_texts(_WORKER_MODEL, texts)


def classify_file(input_path: str | Path, output_path: str | Path, *, text: str | None = None,
                  model_dir: str | Path | None = None, jobs: int = 1, chunk_rows: int = CHUNK_ROWS,
                  progress: Callable[[int], None] | None = None, allow_formulas: bool = False,
                  sheet: str | int | None = None, header_row: int | None = None) -> dict:
    """Classify every row of ``input_path`` into ``output_path`` and return counts per status.

    Rows keep their order and every input column; memory is bounded by ``chunk_rows`` x ``jobs``.
    The output path is checked before any work (not an input, not read-only, not a folder) and
    written only once every row has been read and classified; an input without rows raises
    ``DataError``. CSV/XLSX cells a spreadsheet would run as formulas get a leading ``'`` unless
    ``allow_formulas``. ``sheet`` and ``header_row`` choose where an export's table starts (see
    ``io.iter_table``).
    """
    input_path, output_path = Path(input_path), Path(output_path)
    model_dir = resolve_model_dir(model_dir)
    out_kind = file_format(output_path)
    with atomic_path(output_path, protect=(input_path,)) as tmp:
        csv_options = csv_output_options(input_path, output_path, header_row=header_row)
        # Workers get smaller chunks so that both stay busy to the end of the file.
        chunks = iter_table(input_path, chunk_rows=chunk_rows if jobs <= 1 else min(chunk_rows, PARALLEL_CHUNK_ROWS),
                            sheet=sheet, header_row=header_row)
        counts: dict[str, int] = {}
        writer = TableWriter(tmp, out_kind, **(csv_options if out_kind == "csv" else {}), allow_formulas=allow_formulas)
        with contextlib.closing(_classified(chunks, text, model_dir, jobs)) as results:  # stops workers on error
            for chunk, columns in results:
                for status in columns["cx_status"]:
                    counts[status] = counts.get(status, 0) + 1
                writer.write(chunk.assign(**{k: pd.Series(v, index=chunk.index) for k, v in columns.items()}))
                if progress:
                    progress(len(chunk))
        if not counts:
            raise DataError(f"{input_path}: no rows to classify (nothing below the header); check that it is the "
                            f"right file. Nothing was written.")
        writer.close()
    return counts


def _classified(chunks: Iterator[pd.DataFrame], text, model_dir: Path, jobs: int):
    first = next(chunks, None)
    while first is not None and first.empty:  # a file with only a header: nothing to classify
        first = next(chunks, None)
    if first is None:
        return
    column = detect_text_column(first.columns, text)

    def work_items():
        yield first
        yield from chunks

    if jobs <= 1:
        model = load(model_dir)
        for chunk in work_items():
            yield chunk, _classify_texts(model, chunk[column].tolist())
        return
    # multiprocessing.Pool rather than ProcessPoolExecutor: leaving the block terminates the workers,
    # so Ctrl-C or SIGTERM stops at once instead of waiting for the chunks in flight.
    with multiprocessing.Pool(jobs, initializer=_init_worker, initargs=(str(model_dir),)) as pool:
        pending = []
        for chunk in work_items():
            pending.append((chunk, pool.apply_async(_classify_in_worker, (chunk[column].tolist(),))))
            # Keep at most two chunks per worker in flight so memory stays flat.
            while len(pending) > 2 * jobs:
                done_chunk, result = pending.pop(0)
                yield done_chunk, result.get()
        for done_chunk, result in pending:
            yield done_chunk, result.get()
