"""The key drivers and what-changed file jobs (``drivers_file``, ``changes_file``): a classified table in, the
``insights`` table out, its themes named as ``--labels-file`` names them, written the safe way (never over an input).

Kept apart from ``batch`` because these two only read a finished table and call ``insights``: no model, no worker
processes, no report. ``batch`` imports both, so they are still ``cxnlp.batch.drivers_file`` and ``changes_file``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._batch_inputs import label_names_source, protected_inputs
from ._partial_responses import partial_responses
from ._summary_notes import answer_notes, dates_against_order, dates_guessed, dates_unread, metric_notes
from .exceptions import DataError
from .io import (check_outputs, check_sheet, csv_output_options, detect_text_column, output_format, read_table,
                 write_table)


def drivers_file(input_path: str | Path, *, output: str | Path | None = None, sheet: str | int | None = None,
                 header_row: int | None = None, allow_formulas: bool = False, by="touchpoints", min_n: int = 30,
                 n_boot: int | None = None, seed: int | None = None, label_names=None, text: str | None = None,
                 **scores) -> pd.DataFrame:
    """``insights.drivers`` of the first metric of ``scores`` (``summarize``'s score keywords) in a
    classified file; optionally written to ``output``. ``label_names`` (a mapping or a file, as ``--labels-file``)
    name the themes of the table's ``label`` column. ``text``, the comment column, only chooses a workbook's
    sheet (``io.iter_table``); one the table lacks is a ``DataError``, as in ``summarize_file``."""
    from .insights import drivers
    from .insights.drivers import N_BOOT, SEED
    from .metrics import metric_columns
    from .report.page import named

    sources, names = _checked(input_path, output, sheet, label_names)
    pairs = metric_columns(**scores)
    if not pairs:
        raise DataError("key drivers need a score column: name it with --nps, --csat or --ces (nps=... in Python).")
    frame = _read(input_path, sheet, header_row, text, label_names)
    column, metric = pairs[0]
    table = named(drivers(frame, column, by=by, metric=metric, min_n=min_n,
                          n_boot=N_BOOT if n_boot is None else n_boot, seed=SEED if seed is None else seed), names)
    _write(table, input_path, output, header_row, sources, allow_formulas)
    # After the write: a Parquet output keeps attrs, and the quoted cells ('juan@x.es' as a score) are no metadata.
    answer_notes(table.attrs["answers"], frame)  # what the command's warning of a misread column quotes
    return table


def changes_file(input_path: str | Path, period, *, output: str | Path | None = None, sheet: str | int | None = None,
                 header_row: int | None = None, allow_formulas: bool = False, label_names=None,
                 text: str | None = None, **settings) -> pd.DataFrame:
    """``insights.changes`` of a classified file between the two periods of ``period``; ``settings``
    are its keywords (``by``, ``date``, ``min_n``, ``nps``...); optionally written to ``output``. A ``period`` of
    ``"auto"`` is quarters where the date column holds quarter labels, else months (as ``changes`` reads it). ``label_names``
    and ``text`` as in ``drivers_file``."""
    from .insights import changes
    from .report.page import named

    sources, names = _checked(input_path, output, sheet, label_names)
    frame = _read(input_path, sheet, header_row, text, label_names)
    table = named(changes(frame, period, **settings), names)
    table.attrs["dayfirst_guessed"] = dates_guessed(frame, table.attrs.get("date_column"), settings.get("dayfirst"))
    table.attrs["dates_against_order"] = dates_against_order(frame, table.attrs.get("date_column"),
                                                             settings.get("dayfirst"))
    table.attrs["date_unread_examples"] = (dates_unread(frame, table.attrs.get("date_column"),
                                                        table.attrs.get("dayfirst"))
                                           if table.attrs.get("date_excluded") else "")
    table.attrs["partial_responses"] = partial_responses(frame)  # counted in both periods as complete ones
    metric_notes(table.attrs["metrics"], frame)  # for the warning of a column with no valid answer
    _write(table, input_path, output, header_row, sources, allow_formulas)
    return table


def _checked(input_path, output, sheet, label_names) -> tuple:
    """Before anything is read: ``output`` a known format and no input (nor the labels file), ``sheet`` one the input
    has. Returns the files to protect and the names of the labels file."""
    from .report.page import names_for

    if output is not None:
        output_format(output)
    sources = protected_inputs(input_path, label_names)
    check_outputs([output], inputs=sources)
    check_sheet(input_path, sheet)
    return sources, names_for("es", label_names)


def _read(input_path, sheet, header_row, text, label_names) -> pd.DataFrame:
    """The classified table, with the labels file's names and the ``text`` column named checked against it (a
    misspelt --text of a CSV was accepted in silence, where summarize and a workbook's sheet refuse it)."""
    from .report.page import check_names_for_table

    frame = read_table(input_path, allow_empty=False, sheet=sheet, header_row=header_row, text=text)
    if text is not None:
        detect_text_column(frame.columns, text)
    check_names_for_table(label_names, frame, source=label_names_source(label_names))
    return frame


def _write(table, input_path, output, header_row, sources, allow_formulas) -> None:
    """``table`` to ``output``, if one was given, in the input's CSV locale and never over ``sources``."""
    if output is not None:
        write_table(table, output, **csv_output_options(input_path, output, header_row=header_row), protect=sources,
                    allow_formulas=allow_formulas)
