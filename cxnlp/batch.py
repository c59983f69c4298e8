"""File-to-file jobs: the work behind each CLI command that reads a file and writes one.

``classify_file`` streams chunks in, classifies them (optionally in N processes) and writes the
output atomically in the format of its extension; ``summarize_file``, ``report_file``,
``drivers_file``, ``changes_file``, ``review_file`` and ``evaluate_file`` read a whole table, call the library
and write their outputs the same safe way (never over an input). The command line only parses options and
prints. Classifying chunks, in this process or in worker processes, is ``_batch_pool``'s."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import _batch_pool as pool
from .columns import detect_date_column, fold
from .exceptions import ConfigError, DataError
from .io import (
    CHUNK_ROWS,
    SPREADSHEET_FORMATS,
    TableWriter,
    atomic_path,
    atomic_paths,
    check_output,
    check_outputs,
    check_sheet,
    check_sheet_rows,
    csv_output_options,
    detect_text_column,
    file_format,
    iter_table,
    output_format,
    read_table,
    write_table,
)
from .schema import DEFAULT_INDUSTRY, OUTPUT_PREFIX

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
    sources = _sources(input_path, model=model_dir)
    check_output(output_path, inputs=sources)  # (before rows are counted)
    check_sheet_rows(input_path, output_path, sheet=sheet, header_row=header_row, text=text)
    with atomic_path(output_path, protect=sources) as tmp:
        csv_options = csv_output_options(input_path, output_path, header_row=header_row)
        # Workers get smaller chunks so that both stay busy to the end of the file.
        chunks = iter_table(input_path, chunk_rows=chunk_rows if jobs <= 1 else min(chunk_rows, PARALLEL_CHUNK_ROWS),
                            sheet=sheet, header_row=header_row, text=text)
        if redact:
            chunks = _redacted(chunks, text)
        counts: dict[str, int] = {}
        writer = TableWriter(tmp, out_kind, **(csv_options if out_kind == "csv" else {}), allow_formulas=allow_formulas)
        # A CSV gets the labels as Python objects (column_series, as classify_frame gives them): pandas' own Arrow
        # strings would copy every cell in and back out again to be written (25 µs a long review). Other formats
        # keep the column types they have always had.
        typed = column_series if out_kind == "csv" else _inferred
        try:
            with contextlib.closing(pool.classified(chunks, text, model_dir, jobs, industry, industries)) as results:  # stops workers on error
                for chunk, columns in results:
                    for status in columns["cx_status"]:
                        counts[status] = counts.get(status, 0) + 1
                    writer.write(chunk.assign(**typed(columns, index=chunk.index)))
                    if progress:
                        progress(len(chunk))
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


def _redacted(chunks: Iterator[pd.DataFrame], text: str | None) -> Iterator[pd.DataFrame]:
    """Each chunk with its comment column (found as ``_batch_pool.classified`` finds it) redacted by ``cxnlp.pii``."""
    from .pii import redact_column

    column = None
    for chunk in chunks:
        if column is None and not chunk.empty:
            column = detect_text_column(chunk.columns, text)
        yield redact_column(chunk, column) if column is not None else chunk


def summarize_file(input_path: str | Path, *, output: str | Path | None = None, html: str | Path | None = None,
                   sheet: str | int | None = None, header_row: int | None = None, allow_formulas: bool = False,
                   text: str | None = None, lang: str = "es", report: dict | None = None,
                   **settings) -> pd.DataFrame:
    """``metrics.summarize`` of a classified file; optionally write the table and the HTML report.

    ``settings`` are ``summarize``'s keywords (``by``, ``nps``, ``csat``, ``ces``, ``period``, ...);
    ``report`` holds the report's own (``label_names``, ``compare``). Outputs are checked before any
    work; a ``period`` whose date column has no date that can be read is a ``DataError`` before any is written
    (``changes`` refuses it alike); the report's trend is by the summary's period, else chosen from the data (``periods.AUTO_PERIOD``).
    """
    from .metrics import summarize
    from .metrics.periods import AUTO_PERIOD
    from .report import check_html_path, checked_options
    from .report.build import make_report
    from .report.page import check_names_for_table, named, names_for

    if output is not None:
        output_format(output)
    what = _names_source((report or {}).get("label_names"))
    sources = _sources(input_path, (report or {}).get("label_names"))
    check_outputs([output, html], inputs=sources)
    check_sheet(input_path, sheet)
    if html is not None:
        check_html_path(html)
    report = checked_options(lang, report)
    keep = None if html is not None else _summary_columns(text, settings)
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


#: How many distinct excluded answers ``with_notes`` keeps per metric.
EXAMPLES = 3


def dates_guessed(frame: pd.DataFrame, date: str | None, dayfirst: bool | None) -> bool:
    """Whether the dates of column ``date`` of ``frame`` are read day first for want of any date that tells the order
    (``dayfirst`` not given, ``periods.order_guessed``): what the command line then says (a US export month first
    would be spread over the wrong months)."""
    from .metrics.periods import order_guessed

    return bool(dayfirst is None and date is not None and date in frame and order_guessed(frame[date]))


def dates_against_order(frame: pd.DataFrame, date: str | None, dayfirst: bool | None) -> int:
    """The rows of column ``date`` of ``frame`` whose d/m text reads only in the order that ``dayfirst`` rules out
    (20/12/2024 under ``dayfirst=False``): unreadable, and 0 where no order was forced. The command line said only
    that so many rows had no readable date, never that the forced order made them so."""
    from .metrics.periods import day_month_votes

    if dayfirst is None or date is None or date not in frame:
        return 0
    only_day, only_month = day_month_votes(frame[date])
    return int(only_month if dayfirst else only_day)


def with_notes(summary: pd.DataFrame, frame: pd.DataFrame, dayfirst: bool | None = None,
               by="touchpoints") -> pd.DataFrame:
    """``summary`` (of ``frame``) with what the command line says about its inputs in ``attrs``:
    ``["metrics"][M]["non_numeric_examples"]``, up to ``EXAMPLES`` distinct non-numeric answers of each metric's
    column, those with a digit first ("9/10", "Muy probable (10)": a scale written in a way not read), then the
    most frequent; ``["dayfirst_guessed"]``, whether the trend's dates were read day first for want of any
    date that tells the order (``dayfirst`` not given, ``periods.order_guessed``); ``["dates_against_order"]``, the
    rows unreadable in the order ``dayfirst`` forces (``dates_against_order``); and, for a summary without rows,
    why: ``["labelled"]``, the rows with a labelled comment, and ``["blank_by"]``, the columns of yours in ``by``
    with no value in any row (an export's store column left blank)."""
    from .metrics.base import NON_NUMERIC, parse_scores
    from .metrics.themes import blank_columns, labelled_rows, resolve_by

    summary.attrs["dayfirst_guessed"] = bool(summary.attrs.get("period")
                                             and dates_guessed(frame, summary.attrs.get("date_column"), dayfirst))
    summary.attrs["dates_against_order"] = (dates_against_order(frame, summary.attrs.get("date_column"), dayfirst)
                                            if summary.attrs.get("period") else 0)
    if summary.empty:
        labelled = labelled_rows(frame)
        summary.attrs["labelled"] = int(labelled.sum())
        summary.attrs["blank_by"] = [str(column) for column in blank_columns(frame, resolve_by(frame, by), labelled)]

    for info in summary.attrs.get("metrics", {}).values():
        examples = []
        if info.get("non_numeric") and info.get("column") in frame:
            cells = frame[info["column"]]
            bad = cells[parse_scores(cells, tuple(info.get("scale") or (0, 10)))[1] == NON_NUMERIC]
            counts = bad.astype(str).str.strip().value_counts(sort=True)
            digits = counts.index.str.contains(r"[0-9]")
            examples = [*counts.index[digits][:EXAMPLES], *counts.index[~digits][:EXAMPLES]][:EXAMPLES]
        info["non_numeric_examples"] = examples
        info["answers_range"] = (answers_range(frame[info["column"]], tuple(info.get("scale") or (0, 10)))
                                 if info.get("out_of_range") and info.get("column") in frame else None)
    return summary


def answers_range(cells: pd.Series, scale: tuple[float, float]) -> dict | None:
    """The lowest and highest numeric answer of a column, whatever the scale, and whether all are whole numbers:
    what the command line's warning reads a likely scale from (1..10 under a 1-5 CSAT); None without one. Also
    ``codes``, {answer: count} of the "don't know" codes above the scale's top (``unknown_codes``), and
    ``max_other``, the highest answer that is no code (None when every one is): a scale read up to 99 would
    put every "99 = no sabe" into the metric. ``adjacent``: whether the answers outside ``scale`` (codes aside)
    extend it point by point, every whole point between the scale's end and the farthest of them answered (0 under
    a 1-5 CSAT, 8..10 under a 1-7 CES), as a longer scale's answers do, and a typo ("11" beside 1..7) does not.
    The report's card reads its codes from here too, so the two say the same of them."""
    from .metrics.base import parse_scores

    x, reason = parse_scores(cells, (-np.inf, np.inf))
    x = x[(reason == 0) & np.isfinite(x)]
    if not x.size:
        return None
    low, top = scale
    codes = unknown_codes(x, top)
    other = x[~np.isin(x, codes)]
    return {"min": float(x.min()), "max": float(x.max()), "whole": bool((np.floor(x) == x).all()),
            "codes": {float(code): int((x == code).sum()) for code in codes},
            "max_other": float(other.max()) if other.size else None,
            "adjacent": _extends_scale(other, low, top)}


def _extends_scale(answers: np.ndarray, low: float, top: float) -> bool:
    """Whether ``answers`` outside ``low``-``top`` (some are) fill every whole point from the scale's end to the
    farthest of them, on each side: 0 beside 1..5 on 1-5, 6..10 beside 1..5; not "11" beside 1..7 (8-10 empty),
    nor an answer that is not a whole number."""
    outside = np.unique(answers[(answers < low) | (answers > top)])
    if not outside.size or (np.floor(outside) != outside).any() or low != np.floor(low) or top != np.floor(top):
        return False
    below, above = outside[outside < low], outside[outside > top]
    needed = (low - below.min() if below.size else 0) + (above.max() - top if above.size else 0)
    return needed <= 1000 and outside.size == needed  # distinct whole points past each end: none left empty


#: How survey tools code "don't know / no answer" past a scale's end: 99, 98, 97, 999, 998, 88, 77...
_RE_UNKNOWN_CODE = re.compile(r"9+[789]|8{2,}|7{2,}")


#: One-digit "don't know / no answer" codes (9 = NS/NR on a 5-point scale, 8 = NS and 9 = NC).
_ONE_DIGIT_CODES = (8.0, 9.0)


def unknown_codes(answers: np.ndarray, top: float) -> np.ndarray:
    """The answers, highest first, that read as "don't know / no answer" codes: whole numbers written as
    ``_RE_UNKNOWN_CODE`` (two digits or more) above the scale's ``top`` and above every other answer, and more
    than twice the highest of those (97-99 among percentages 0-96 are answers, not codes). Below those, 8 and 9
    (``_ONE_DIGIT_CODES``) when every other answer is on the scale (up to ``top``) and at least one point between
    ``top`` and them is empty: 1..5 and 9 (nothing at 6-8) on a 1-5 CSAT, 9 on a 1-7 CES are codes, while 1..10,
    1..9, 1..7 and 9 read on 1-5, or 1..7 with 8 and 9 read on 1-7 (no point left empty) are a longer scale's
    answers. 0 is never taken for a code (a 0-10 scale's bottom)."""
    values = np.unique(answers)[::-1]
    k = 0
    while k < values.size and values[k] > top and values[k] == np.floor(values[k]) \
            and _RE_UNKNOWN_CODE.fullmatch(f"{values[k]:.0f}"):
        k += 1
    while 0 < k < values.size and values[k - 1] <= 2 * values[k]:
        k -= 1
    j = k  # then one-digit codes: 9 on a 1-5 CSAT, 8 and 9 beside answers that stop at 5
    while j < values.size and values[j] > top and values[j] in _ONE_DIGIT_CODES:
        j += 1
    below = values[j] if j < values.size else top  # the highest other answer
    if j > k and below <= top and values[j - 1] - top >= 2:  # the rest on the scale, a point between left empty
        k = j
    return values[:k]


def _summary_columns(text: str | None, settings: dict) -> Callable[[list[str]], list[str]]:
    """The columns a summary without a report reads: all but the comments and the segments (the
    widest two by far), unless a setting names them. The file's header is kept as ``keep.header``."""
    def keep(names: list[str]) -> list[str]:
        keep.header = list(names)
        named = {fold(value) for value in _strings(settings)}
        unused = {"cx_segments"}
        with contextlib.suppress(*(() if text is not None else (DataError,))):  # a --text named must be there
            unused.add(detect_text_column(names, text))
        return [name for name in names if name not in unused or any(fold(name) in value for value in named)]
    return keep


def _strings(value) -> Iterator[str]:
    """Every string inside the settings (column names given to ``by``, ``date``, ``metrics``...)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _strings(item)


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
    from .report.build import make_report
    from .report.page import check_label_names as checked_label_names
    from .report.page import check_names_for_labels, model_labels, names_for

    if output is not None:
        output_format(output)
    sources = _sources(input_path, (report or {}).get("label_names"), model=resolve_model_dir(model_dir))
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
    # The columns the options name, against the input's own header and the cx_ columns classifying adds
    # (--by cx_industry): a typo fails before every row is classified and before -o is written.
    check_columns(frame.columns, **{key: value for key, value in settings.items()
                                    if key in {"by", "date", "metrics", *SCORE_KEYWORDS}})
    compare = report.get("compare")
    if compare is not None and settings.get("date") is None and not (isinstance(compare, str) and compare in PERIODS):
        detect_date_column(frame.columns, compare)  # two periods to compare, and no date column: said before classifying
    classified = _classified_frame(model, frame, text, industry, model_dir, jobs, industry_column)
    # The report is built before -o is written, and -o inside the report's atomic write: a report that fails (its
    # --compare has no rows, an error of ours) leaves neither file, not classified rows that look like a success.
    built = make_report(classified, text=text, lang=lang, **report, **settings)
    with atomic_path(html) as tmp:  # (as write_report writes it; html was checked above)
        tmp.write_text(built.html, encoding="utf-8")
        if output is not None:
            rows = _redacted_rows(classified, detect_text_column(frame.columns, text)) if redact else classified
            write_table(rows, output, **csv_output_options(input_path, output, header_row=header_row),
                        protect=sources, allow_formulas=allow_formulas)
    return Reported(classified, with_notes(built.summary, classified, settings.get("dayfirst"),
                                           settings.get("by", "touchpoints")))


def _redacted_rows(classified: pd.DataFrame, column: str) -> pd.DataFrame:
    """``classified`` with personal data in its comment ``column`` replaced by placeholders (``cxnlp.pii``), and each
    ``cx_segments`` unit's text and offsets taken from the redacted comment (``text[start:end]`` still holds)."""
    import json

    from .pii import redact

    comments, segments = [], []
    for comment, units in zip(classified[column], classified["cx_segments"]):
        if not isinstance(comment, str):
            comments.append(comment)
            segments.append(units)
            continue
        redaction = redact(comment)
        comments.append(redaction.text)
        if not redaction.spans or not isinstance(units, str):
            segments.append(units)
            continue
        moved = []
        for unit in json.loads(units):
            start, end = (_redacted_offset(unit[key], redaction.spans) for key in ("start", "end"))
            moved.append({**unit, "start": start, "end": end, "text": redaction.text[start:end]})
        segments.append(json.dumps(moved, ensure_ascii=False))
    return classified.assign(**{column: pd.Series(comments, index=classified.index, dtype=classified[column].dtype),
                                "cx_segments": pd.Series(segments, index=classified.index,
                                                         dtype=classified["cx_segments"].dtype)})


def _redacted_offset(offset: int, spans) -> int:
    """Where ``offset`` of a comment falls in its redacted text; one inside a replaced span goes to the end of its
    placeholder: the unit in which the span starts keeps the whole placeholder, and the next one starts after it
    (units stay disjoint, and a unit that lay wholly inside an address is empty)."""
    shift = 0
    for span in spans:  # sorted and disjoint
        if span.end <= offset:
            shift += len(span.placeholder) - (span.end - span.start)
        elif span.start < offset:
            return span.start + shift + len(span.placeholder)
        else:
            break
    return offset + shift


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


def drivers_file(input_path: str | Path, *, output: str | Path | None = None, sheet: str | int | None = None,
                 header_row: int | None = None, allow_formulas: bool = False, by="touchpoints", min_n: int = 30,
                 n_boot: int | None = None, seed: int | None = None, label_names=None, text: str | None = None,
                 **scores) -> pd.DataFrame:
    """``insights.drivers`` of the first metric of ``scores`` (``summarize``'s score keywords) in a
    classified file; optionally written to ``output``. ``label_names`` (a mapping or a file, as ``--labels-file``)
    name the themes of the table's ``label`` column. ``text``, the comment column, only chooses a workbook's
    sheet (``io.iter_table``)."""
    from .insights import drivers
    from .insights.drivers import N_BOOT, SEED
    from .metrics import metric_columns
    from .report.page import check_names_for_table, named, names_for

    if output is not None:
        output_format(output)
    sources = _sources(input_path, label_names)
    check_outputs([output], inputs=sources)
    check_sheet(input_path, sheet)
    names = names_for("es", label_names)
    pairs = metric_columns(**scores)
    if not pairs:
        raise DataError("key drivers need a score column: name it with --nps, --csat or --ces (nps=... in Python).")
    frame = read_table(input_path, allow_empty=False, sheet=sheet, header_row=header_row, text=text)
    check_names_for_table(label_names, frame, source=_names_source(label_names))
    column, metric = pairs[0]
    table = named(drivers(frame, column, by=by, metric=metric, min_n=min_n,
                          n_boot=N_BOOT if n_boot is None else n_boot, seed=SEED if seed is None else seed), names)
    if output is not None:
        write_table(table, output, **csv_output_options(input_path, output, header_row=header_row), protect=sources,
                    allow_formulas=allow_formulas)
    return table


def changes_file(input_path: str | Path, period, *, output: str | Path | None = None, sheet: str | int | None = None,
                 header_row: int | None = None, allow_formulas: bool = False, label_names=None,
                 text: str | None = None, **settings) -> pd.DataFrame:
    """``insights.changes`` of a classified file between the two periods of ``period``; ``settings``
    are its keywords (``by``, ``date``, ``min_n``, ``nps``...); optionally written to ``output``. A ``period`` of
    ``"auto"`` is quarters where the date column holds quarter labels, else months (as ``changes`` reads it). ``label_names``
    and ``text`` as in ``drivers_file``."""
    from .insights import changes
    from .report.page import check_names_for_table, named, names_for

    if output is not None:
        output_format(output)
    sources = _sources(input_path, label_names)
    check_outputs([output], inputs=sources)
    check_sheet(input_path, sheet)
    names = names_for("es", label_names)
    frame = read_table(input_path, allow_empty=False, sheet=sheet, header_row=header_row, text=text)
    check_names_for_table(label_names, frame, source=_names_source(label_names))
    table = named(changes(frame, period, **settings), names)
    table.attrs["dayfirst_guessed"] = dates_guessed(frame, table.attrs.get("date_column"), settings.get("dayfirst"))
    table.attrs["dates_against_order"] = dates_against_order(frame, table.attrs.get("date_column"),
                                                             settings.get("dayfirst"))
    if output is not None:
        write_table(table, output, **csv_output_options(input_path, output, header_row=header_row), protect=sources,
                    allow_formulas=allow_formulas)
    return table


def review_file(input_path: str | Path, output: str | Path, *, n: int = 200, text: str | None = None,
                model_dir: str | Path | None = None, sheet: str | int | None = None, header_row: int | None = None,
                allow_formulas: bool = False, jobs: int = 1, industry: str | None = DEFAULT_INDUSTRY,
                industry_column: str | None = None) -> pd.DataFrame:
    """Write the ``n`` comments of ``input_path`` most worth labelling next (``review.review_queue``); with
    ``jobs`` > 1 the comments are scored by that many worker processes (the same queue whatever ``jobs``).
    ``industry`` and ``industry_column`` as in ``classify_file``."""
    from .io.formulas import drop_formula_quote
    from .model import industry_cells
    from .review import check_settings, review_queue

    check_settings(n)  # before the file is read and every comment scored
    output_format(output)
    sources = _sources(input_path, model=resolve_model_dir(model_dir))
    check_output(output, inputs=sources)
    check_sheet(input_path, sheet)
    frame = read_table(input_path, allow_empty=False, sheet=sheet, header_row=header_row, text=text)
    texts = frame[detect_text_column(frame.columns, text)].tolist()
    if _classified_spreadsheet(input_path, frame.columns):
        # Its comments carry the quote that kept a spreadsheet from running them ("'=SUMA…"): read without it,
        # they are the comments that were classified. Elsewhere a leading quote is the user's ("'+1 a lo que…").
        texts = [drop_formula_quote(v) if isinstance(v, str) else v for v in texts]
    model = pool.load(model_dir)
    _one_industry_source(industry, industry_column)
    industry = (model.classifier.check_industry(industry) if industry_column is None else
                industry_cells(frame, industry_column, model.industries, model.classifier.recognises_industries))
    priorities = None
    if jobs > 1 and len(texts) > PARALLEL_CHUNK_ROWS:
        def part(start):
            return industry if industry is None or isinstance(industry, str) else industry[start:start + PARALLEL_CHUNK_ROWS]

        starts = range(0, len(texts), PARALLEL_CHUNK_ROWS)
        tasks = ((start, (texts[start:start + PARALLEL_CHUNK_ROWS], part(start))) for start in starts)
        scored = pool.pooled(tasks, pool.priorities_in_worker, resolve_model_dir(model_dir), jobs, model=model)
        priorities = {start + i: p for start, chunk in scored for i, p in chunk.items()}
    queue = review_queue(model, texts, n=n, priorities=priorities, industry=industry)
    write_table(queue, output, **csv_output_options(input_path, output, header_row=header_row), protect=sources,
                allow_formulas=allow_formulas)
    return queue


def _classified_spreadsheet(path: str | Path, columns) -> bool:
    """Whether ``path`` is a CSV or XLSX file (``io.SPREADSHEET_FORMATS``) that cxnlp classified (it has cx_
    columns): the only input whose comments may carry the quote cxnlp writes before a formula-like cell."""
    return file_format(path) in SPREADSHEET_FORMATS and any(fold(c).startswith(OUTPUT_PREFIX) for c in columns)


REPORT_FORMATS = {".json": "json", ".md": "markdown", ".html": "html"}


def _names_source(label_names) -> str:
    """How the label names' checks name them: their file, or (a mapping) 'label names'."""
    return f"label names ({label_names})" if isinstance(label_names, (str, Path)) else "label names"


def _sources(*paths, model=None) -> list:
    """What a command reads, which none of its outputs may be: its input (each Parquet part of a folder of
    them, and the folder itself: no output goes inside it, ``io.check_output``), a labels file given as a path
    (names given as a mapping are no file) and, with ``model``, the files of that model's folder. An output may
    sit beside them in their folders."""
    from .io.common import parquet_parts

    files = []
    for path in (p for p in paths if isinstance(p, (str, Path))):
        if Path(path).is_dir():
            with contextlib.suppress(DataError, OSError):  # (a folder without parts fails when it is read)
                files.extend(parquet_parts(Path(path)))
        files.append(path)
    if model is not None:
        from .persist import MODEL_FILES

        files.extend(Path(model) / name for name in sorted(MODEL_FILES))
    return files


def evaluate_file(data_path: str | Path, *, outputs=(), model_dir: str | Path | None = None, worst: int = 20,
                  industry_column: str | None = None, sheet: str | int | None = None):
    """Score a model on a labelled file (a workbook's ``sheet``) and write the report to each of ``outputs`` (.json,
    .md, .html); with ``industry_column`` (e.g. ``"industry"``) each row is read as one from the industry it names.
    The file is read as ``compare`` and ``promote --data`` read theirs (``labelled.read_to_score``)."""
    from .evaluation import evaluate, format_report
    from .labelled import read_to_score

    outputs = [Path(path) for path in outputs]
    for path in outputs:
        if path.suffix.lower() not in REPORT_FORMATS:
            raise DataError(f"{path}: unsupported report type '{path.suffix}'; expected .json, .md or .html.")
    sources = _sources(data_path, model=resolve_model_dir(model_dir))
    check_outputs(outputs, inputs=sources)
    data = read_to_score(data_path, sheet=sheet)  # every column kept: the industry column is read by evaluate
    report = evaluate(pool.load(model_dir), data, worst=worst, industry_column=industry_column)
    texts = [format_report(report, REPORT_FORMATS[path.suffix.lower()]) for path in outputs]
    with atomic_paths(protect=sources) as temporary:  # all the reports, or none
        for path, text in zip(outputs, texts):
            temporary(path).write_text(text, encoding="utf-8")
    return report
