"""File-to-file jobs: the work behind each CLI command that reads a file and writes one.

``classify_file`` streams chunks in, classifies them (optionally in N processes) and writes the
output atomically in the format of its extension; ``summarize_file``, ``report_file``,
``drivers_file``, ``changes_file``, ``review_file`` and ``evaluate_file`` read a whole table, call the library
and write their outputs the same safe way (never over an input). The command line only parses options and
prints. Classifying chunks, in this process or in worker processes, is ``_batch_pool``'s; what a command reads
and may not overwrite is ``_batch_inputs``'s, redacting the rows it writes ``_batch_redaction``'s, and the notes
a summary carries about its answers and dates ``_summary_notes``'s; the key drivers and what-changed jobs
(``drivers_file``, ``changes_file``) are ``_batch_insights``', imported here."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from . import _batch_pool as pool
from ._batch_insights import changes_file, drivers_file
from ._batch_inputs import (classified_spreadsheet, formula_quotes_dropped_chunks, label_names_source,
                            protected_inputs, summary_columns, training_table)
from ._batch_redaction import redacted_chunks, redacted_queue, redacted_rows
from ._summary_notes import (  # noqa: F401  (EXAMPLES, answers_range, unknown_codes: imported from here)
    EXAMPLES,
    answers_range,
    dates_guessed,
    unknown_codes,
    with_notes,
)
from .columns import detect_date_column
from .exceptions import ConfigError, DataError
from .io import (
    CHUNK_ROWS,
    TableWriter,
    atomic_path,
    atomic_paths,
    check_cells,
    check_output,
    check_outputs,
    check_sheet,
    check_sheet_rows,
    csv_output_options,
    detect_text_column,
    iter_table,
    output_format,
    read_table,
    write_table,
)
from .schema import DEFAULT_INDUSTRY, OUTPUT_COLUMNS

#: Rows of each chunk sent to a worker with ``jobs`` > 1: small, so that both stay busy to the end of a file.
PARALLEL_CHUNK_ROWS = 2_500


def resolve_model_dir(model_dir=None):
    from .persist import resolve_model_dir as resolve

    return resolve(model_dir)


def classify_file(input_path: str | Path, output_path: str | Path, *, text: str | None = None,
                  model_dir: str | Path | None = None, jobs: int = 1, chunk_rows: int = CHUNK_ROWS,
                  progress: Callable[[int], None] | None = None, allow_formulas: bool = False,
                  sheet: str | int | None = None, header_row: int | None = None, redact: bool = False,
                  industry: str | None = DEFAULT_INDUSTRY, industry_column: str | None = None) -> dict:
    """Classify every row of ``input_path`` into ``output_path`` and return counts per status.

    Rows keep their order and every input column; memory is bounded by ``chunk_rows`` x ``jobs``.
    The output path is checked before any work (not an input, not read-only, not a folder) and
    written only once every row has been read and classified; an input without rows raises
    ``DataError``. CSV/XLSX cells a spreadsheet would run as formulas get a leading ``'`` unless
    ``allow_formulas``. ``sheet`` and ``header_row`` choose where an export's table starts (see
    ``io.iter_table``). With ``redact``, personal data in the comment column is replaced by
    placeholders (``cxnlp.pii``) before classification, and the output holds the redacted text.
    ``industry`` reads every comment as one from that industry (``Model.classify``: by default ``"auto"``
    for a model that recognises industries); one the model does not know is a ``ConfigError`` before
    anything is read or written. ``industry_column`` names a column with each row's industry instead
    (``model.industry_cells``: a blank cell is read as without the column).
    """
    from .heads import check_industry  # here: summaries and reports do not import the model's code
    from .model import column_series
    from .persist import read_meta

    input_path, output_path = Path(input_path), Path(output_path)
    model_dir = resolve_model_dir(model_dir)
    _one_industry_source(industry, industry_column)
    meta = read_meta(model_dir)
    known = meta.get("industries") or ()
    industry = check_industry(industry, known, meta.get("recognises_industries", False))
    industries = None if industry_column is None else (industry_column, known, meta.get("recognises_industries", False))
    out_kind = output_format(output_path)
    check_sheet(input_path, sheet)
    sources = protected_inputs(input_path, model=model_dir)
    check_output(output_path, inputs=sources)  # (before rows are counted)
    check_sheet_rows(input_path, output_path, sheet=sheet, header_row=header_row, text=text)
    with atomic_path(output_path, protect=sources) as tmp:
        csv_options = csv_output_options(input_path, output_path, header_row=header_row)
        # Workers get smaller chunks so that both stay busy to the end of the file.
        chunks = iter_table(input_path, chunk_rows=chunk_rows if jobs <= 1 else min(chunk_rows, PARALLEL_CHUNK_ROWS),
                            sheet=sheet, header_row=header_row, text=text)
        # A Parquet input's own attrs (its writer's: an e-mail, a /home path) are no output's metadata.
        chunks = (chunk.attrs.clear() or chunk for chunk in chunks)
        chunks = formula_quotes_dropped_chunks(chunks, input_path, text)  # (an earlier queue or output: as written)
        if redact:
            chunks = redacted_chunks(chunks, text)
        counts: dict[str, int] = {}
        writer = TableWriter(tmp, out_kind, **(csv_options if out_kind == "csv" else {}), allow_formulas=allow_formulas,
                             name=output_path)
        chunks = writer.checked(chunks, skip=OUTPUT_COLUMNS)  # (a cell too long for XLSX: before it is classified)
        # A CSV gets the labels as Python objects (column_series, as classify_frame gives them): pandas' own Arrow
        # strings would copy every cell in and back out again to be written (25 µs a long review). Other formats
        # keep the column types they have always had.
        typed = column_series if out_kind == "csv" else _inferred
        try:
            results = pool.classified(chunks, text, model_dir, jobs, industry, industries, source=str(input_path),
                                      progress=progress)
            with contextlib.closing(results):  # stops workers on error
                for chunk, columns in results:
                    for status in columns["cx_status"]:
                        counts[status] = counts.get(status, 0) + 1
                    writer.write(chunk.assign(**typed(columns, index=chunk.index)))
            if not counts:
                raise DataError(f"{input_path}: no rows to classify (nothing below the header); check that it is the "
                                f"right file. Nothing was written.")
            writer.close()
        except BaseException:  # a bad row, Ctrl-C, SIGTERM: the writer lets go of its streams now, in order
            writer.abort()
            raise
    return counts


def _one_industry_source(industry, industry_column) -> None:
    """A ``ConfigError`` when both an industry for every row and a column of them are given."""
    if industry != DEFAULT_INDUSTRY and industry_column is not None:
        raise ConfigError("give --industry (one for every row) or --industry-column (one per row), not both.")


def _inferred(columns: dict[str, list], index) -> dict[str, pd.Series]:
    """The ``cx_`` columns as Series of the types pandas infers, text as its ``str`` dtype even in a chunk where
    every value is missing (pandas made that one ``object``: a Parquet file's type hung on --jobs)."""
    return {k: pd.Series(v, index=index, dtype="str" if all(x is None or isinstance(x, str) for x in v) else None)
            for k, v in columns.items()}


def summarize_file(input_path: str | Path, *, output: str | Path | None = None, html: str | Path | None = None,
                   sheet: str | int | None = None, header_row: int | None = None, allow_formulas: bool = False,
                   text: str | None = None, lang: str = "es", report: dict | None = None,
                   **settings) -> pd.DataFrame:
    """``metrics.summarize`` of a classified file; optionally write the table and the HTML report.

    ``settings`` are ``summarize``'s keywords (``by``, ``nps``, ``csat``, ``ces``, ``period``, ...);
    ``report`` holds the report's own (``label_names``, ``compare``). Outputs are checked before any
    work; a ``period`` whose date column has no date that can be read is a ``DataError`` before any is written
    (``changes`` refuses it alike), and ``dayfirst`` without ``period`` or ``html`` (nothing that reads the dates
    here: ``report["compare"]`` is the report's) a ``ConfigError``, as ``cxnlp summarize`` refuses ``--dayfirst``
    without a date option; the report's trend is by the summary's period, else chosen from the data (``periods.AUTO_PERIOD``).
    """
    from .metrics import summarize
    from .metrics.periods import AUTO_PERIOD
    from .report import check_html_path, checked_options
    from .report.build import check_html_folder, make_report
    from .report.page import check_names_for_table, named, names_for

    if output is not None:
        output_format(output)
    what = label_names_source((report or {}).get("label_names"))
    sources = protected_inputs(input_path, (report or {}).get("label_names"))
    if html is not None:
        check_html_folder(html)
    check_outputs([output, html], inputs=sources)
    check_sheet(input_path, sheet)
    if html is not None:
        check_html_path(html)
    report = checked_options(lang, report)
    if settings.get("dayfirst") is not None and not (html is not None or settings.get("period")):
        # read no date, it was ignored in silence, as --dayfirst without --period is refused on the command line
        # (report["compare"] is the report's: without html, no date is read for it here)
        raise ConfigError(f"dayfirst={settings['dayfirst']!r} needs period or html (what reads the dates); give "
                          f"one of them, or leave dayfirst out.")
    keep = None if html is not None else summary_columns(text, settings)
    frame = read_table(input_path, allow_empty=False, sheet=sheet, header_row=header_row, text=text, columns=keep)
    # the names of the printed table (Spanish) and of the report (``lang``), before anything is written
    check_names_for_table(report.get("label_names"), frame, ("es", lang) if html is not None else ("es",), what)
    try:
        summary = with_notes(named(summarize(frame, **settings), names_for("es", report.get("label_names"))), frame,
                             settings.get("dayfirst"), settings.get("by", "touchpoints"))
    except DataError as err:  # an error that lists the columns lists the file's, not only those read
        read, header = str(list(frame.columns)), getattr(keep, "header", None)
        if header is None or header == list(frame.columns) or read not in str(err):
            raise
        raise DataError(str(err).replace(read, str(header))) from None
    if summary.attrs.get("period") and summary.attrs["date_excluded"] == len(frame):  # an empty trend is no success
        from .metrics.summary import undated_error

        raise undated_error(frame[summary.attrs["date_column"]], summary.attrs, settings.get("dayfirst"))
    built = None
    if html is not None:
        built = make_report(frame, **{**settings, "period": settings.get("period") or AUTO_PERIOD}, text=text,
                            lang=lang, **(report or {}))
    # Both outputs in one step, the report built first (as report_file does): a report that fails, or a disk that
    # fills on the second file, leaves neither file replaced.
    with atomic_paths(protect=sources) as temporary:
        if html is not None:
            temporary(html).write_text(built.html, encoding="utf-8")
        if output is not None:
            write_table(summary, output, **csv_output_options(input_path, output, header_row=header_row),
                        protect=sources, allow_formulas=allow_formulas)
    if built is not None:
        # The report's trend reads the dates even when the summary has no period: said as for a trend.
        date = built.summary.attrs.get("date_column")
        summary.attrs["dayfirst_guessed"] = (summary.attrs["dayfirst_guessed"]
                                             or dates_guessed(frame, date, settings.get("dayfirst")))
        summary.attrs["date_column"] = summary.attrs.get("date_column") or date
    return summary


class Reported(NamedTuple):
    """What ``report_file`` made: the classified rows and the summary behind the report."""

    classified: pd.DataFrame
    summary: pd.DataFrame


def report_file(input_path: str | Path, html: str | Path, *, output: str | Path | None = None,
                model_dir: str | Path | None = None, text: str | None = None, sheet: str | int | None = None,
                header_row: int | None = None, allow_formulas: bool = False, lang: str = "es",
                report: dict | None = None, industry: str | None = DEFAULT_INDUSTRY, jobs: int = 1,
                industry_column: str | None = None, **settings) -> Reported:
    """Classify a survey export and write its HTML report (and the classified rows to ``output``).

    A CSV ``output`` follows the input's locale: a ';' export from Spanish Excel stays ';' with
    decimal commas. ``report`` holds the report's own keywords (``label_names``, ``compare``); the
    model's display names of labels (``display_names`` in its meta.json) come before the given
    ones. Returns the classified frame and the report's summary (``Reported``), whose ``attrs`` say what
    each metric excluded and how the dates were read. ``industry``, ``industry_column`` and ``jobs`` as in
    ``classify_file`` (the same rows whatever ``jobs``). With ``report["redact"]`` (the default), personal data is replaced by
    placeholders in the report's quotes and in ``output``'s comment column and ``cx_segments``, as
    ``classify_file(redact=True)`` writes them; the rows are classified on the text as written.
    """
    from .insights.changes import check_period
    from .metrics.periods import PERIODS
    from .metrics.summary import SCORE_KEYWORDS, check_columns
    from .report import check_html_path, checked_options
    from .report.build import check_html_folder, make_report
    from .report.page import check_label_names as checked_label_names
    from .report.page import check_names_for_labels, model_labels, names_for

    if output is not None:
        output_format(output)
    sources = protected_inputs(input_path, (report or {}).get("label_names"), model=resolve_model_dir(model_dir))
    check_html_folder(html)
    check_outputs([output, html], inputs=sources)
    check_sheet(input_path, sheet)
    check_html_path(html)
    report = checked_options(lang, report)
    redact = report.get("redact", True)
    if report.get("compare") is not None:  # a typo in --compare fails before every row is classified and -o written
        check_period(report["compare"], settings.get("dayfirst"))
    _one_industry_source(industry, industry_column)
    model = pool.load(model_dir)
    industry = model.classifier.check_industry(industry)
    # The model's names first (checked like the given ones, before anything is written), the given ones winning.
    report["label_names"] = [checked_label_names(model.meta.get("display_names") or {},
                                                 f"{model_dir or 'the model'}: meta.json display_names"),
                             report.get("label_names")]
    check_names_for_labels(names_for(lang, *report["label_names"]), model_labels(model), lang,
                           f"label names ({model_dir or 'the model'}'s and --labels-file's)")
    frame = read_table(input_path, allow_empty=False, sheet=sheet, header_row=header_row, text=text)
    frame.attrs.clear()  # a Parquet input's own attrs (its writer's) are no metadata of -o, as in classify_file
    # The columns the options name, against the input's own header and the cx_ columns classifying adds
    # (--by cx_industry): a typo fails before every row is classified and before -o is written.
    check_columns(frame.columns, **{key: value for key, value in settings.items()
                                    if key in {"by", "date", "metrics", *SCORE_KEYWORDS}})
    compare = report.get("compare")
    if compare is not None and settings.get("date") is None and not (isinstance(compare, str) and compare in PERIODS):
        detect_date_column(frame.columns, compare)  # two periods to compare, and no date column: said before classifying
    if output is not None:  # a cell too long for -o (XLSX) fails now, not once every row is classified
        redacted = [detect_text_column(frame.columns, text)] if redact else []  # (its length changes)
        check_cells(frame, output, allow_formulas=allow_formulas, skip=[*OUTPUT_COLUMNS, *redacted])
    classified = _classified_frame(model, frame, text, industry, model_dir, jobs, industry_column)
    # The report is built before -o is written, and -o inside the report's atomic write: a report that fails (its
    # --compare has no rows, an error of ours) leaves neither file, not classified rows that look like a success.
    built = make_report(classified, text=text, lang=lang, **report, **settings)
    with atomic_path(html) as tmp:  # (as write_report writes it; html was checked above)
        tmp.write_text(built.html, encoding="utf-8")
        if output is not None:
            rows = redacted_rows(classified, detect_text_column(frame.columns, text)) if redact else classified
            write_table(rows, output, **csv_output_options(input_path, output, header_row=header_row),
                        protect=sources, allow_formulas=allow_formulas)
    return Reported(classified, with_notes(built.summary, classified, settings.get("dayfirst"),
                                           settings.get("by", "touchpoints")))


def _classified_frame(model, frame: pd.DataFrame, text: str | None, industry, model_dir, jobs: int,
                      industry_column: str | None = None) -> pd.DataFrame:
    """``model.classify_frame(frame, ...)``, by ``jobs`` worker processes (``_batch_pool.classified``) when there are more
    than one and the frame is more than one of their chunks."""
    from .model import column_series

    if jobs <= 1 or len(frame) <= PARALLEL_CHUNK_ROWS:
        return (model.classify_frame(frame, text=text, industry=industry) if industry_column is None
                else model.classify_frame(frame, text=text, industry_column=industry_column))
    column = detect_text_column(frame.columns, text)
    industries = (None if industry_column is None else
                  (industry_column, model.meta.get("industries") or (), model.meta.get("recognises_industries", False)))
    chunks = (frame.iloc[start:start + PARALLEL_CHUNK_ROWS] for start in range(0, len(frame), PARALLEL_CHUNK_ROWS))
    with contextlib.closing(pool.classified(chunks, column, resolve_model_dir(model_dir), jobs, industry, industries,
                                        model=model)) as results:
        return pd.concat([chunk.assign(**column_series(columns, index=chunk.index)) for chunk, columns in results])


def review_file(input_path: str | Path, output: str | Path, *, n: int = 200, text: str | None = None,
                model_dir: str | Path | None = None, sheet: str | int | None = None, header_row: int | None = None,
                allow_formulas: bool = False, jobs: int = 1, industry: str | None = DEFAULT_INDUSTRY,
                industry_column: str | None = None, redact: bool = False) -> pd.DataFrame:
    """Write the ``n`` comments of ``input_path`` most worth labelling next (``review.review_queue``); with
    ``jobs`` > 1 the comments are scored by that many worker processes (the same queue whatever ``jobs``).
    ``industry`` and ``industry_column`` as in ``classify_file``. With ``redact``, the queue's comments are
    written redacted (``cxnlp.pii``; picked and suggested on the text as written, as ``report`` reads it), one of
    two that read alike once redacted left out, as training would refuse the pair."""
    from .io.formulas import drop_formula_quote
    from .model import industry_cells
    from .review import check_settings, review_queue

    check_settings(n)  # before the file is read and every comment scored
    output_format(output)
    sources = protected_inputs(input_path, model=resolve_model_dir(model_dir))
    check_output(output, inputs=sources)
    check_sheet(input_path, sheet)
    frame = read_table(input_path, allow_empty=False, sheet=sheet, header_row=header_row, text=text)
    column = detect_text_column(frame.columns, text)
    texts = frame[column].tolist()
    if classified_spreadsheet(input_path, frame.columns) or training_table(input_path, frame.columns, column):
        # Its comments carry the quote that kept a spreadsheet from running them ("'=SUMA…"): read without it,
        # they are the comments that were classified, or that training reads (an earlier queue). Elsewhere a
        # leading quote is the user's ("'+1 a lo que…").
        texts = [drop_formula_quote(v) if isinstance(v, str) else v for v in texts]
    model = pool.load(model_dir)
    _one_industry_source(industry, industry_column)
    industry = (model.classifier.check_industry(industry) if industry_column is None else
                industry_cells(frame, industry_column, model.industries, model.classifier.recognises_industries,
                               rows=[f"{input_path}: row {n}" for n in range(1, len(frame) + 1)]))
    priorities = None
    if jobs > 1 and len(texts) > PARALLEL_CHUNK_ROWS:
        def part(start):
            return industry if industry is None or isinstance(industry, str) else industry[start:start + PARALLEL_CHUNK_ROWS]

        starts = range(0, len(texts), PARALLEL_CHUNK_ROWS)
        tasks = ((start, (texts[start:start + PARALLEL_CHUNK_ROWS], part(start))) for start in starts)
        scored = pool.pooled(tasks, pool.priorities_in_worker, resolve_model_dir(model_dir), jobs, model=model)
        priorities = {start + i: p for start, chunk in scored for i, p in chunk.items()}
    queue = review_queue(model, texts, n=n, priorities=priorities, industry=industry)
    if redact:
        queue = redacted_queue(queue, output)
    write_table(queue, output, **csv_output_options(input_path, output, header_row=header_row), protect=sources,
                allow_formulas=allow_formulas)
    return queue


REPORT_FORMATS = {".json": "json", ".md": "markdown", ".html": "html"}


def evaluate_file(data_path: str | Path, *, outputs=(), model_dir: str | Path | None = None, worst: int = 20,
                  industry_column: str | None = None, sheet: str | int | None = None, redact: bool = True):
    """Score a model on a labelled file (a workbook's ``sheet``) and write the report to each of ``outputs`` (.json,
    .md, .html); with ``industry_column`` (e.g. ``"industry"``) each row is read as one from the industry it names;
    ``redact``: the worst examples' personal data as placeholders (``evaluate``).
    The file is read as ``compare`` and ``promote --data`` read theirs (``labelled.read_to_score``)."""
    from .evaluation import evaluate, format_report
    from .labelled import read_to_score

    outputs = [Path(path) for path in outputs]
    for path in outputs:
        if path.suffix.lower() not in REPORT_FORMATS:
            raise DataError(f"{path}: unsupported report type '{path.suffix}'; expected .json, .md or .html.")
    sources = protected_inputs(data_path, model=resolve_model_dir(model_dir))
    check_outputs(outputs, inputs=sources)
    data = read_to_score(data_path, sheet=sheet)  # every column kept: the industry column is read by evaluate
    report = evaluate(pool.load(model_dir), data, worst=worst, industry_column=industry_column, redact=redact)
    texts = [format_report(report, REPORT_FORMATS[path.suffix.lower()]) for path in outputs]
    with atomic_paths(protect=sources) as temporary:  # all the reports, or none
        for path, text in zip(outputs, texts):
            temporary(path).write_text(text, encoding="utf-8")
    return report


__all__ = ["EXAMPLES", "PARALLEL_CHUNK_ROWS", "REPORT_FORMATS", "Reported", "answers_range", "changes_file",
           "classify_file", "drivers_file", "evaluate_file", "report_file", "resolve_model_dir", "review_file",
           "summarize_file", "unknown_codes"]
