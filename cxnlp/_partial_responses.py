"""Partial responses in a survey export: rows of respondents who left before the end, which survey tools export
beside the complete ones when asked to. Qualtrics marks them with "Finished" False (or 0) and "Progress" under 100;
Typeform leaves "Submit Date (UTC)" ("Submitted At") blank beside the date the answer was started.

cxnlp keeps them, classifies them and counts them as any other row (their comment and score are answers all the
same), but says how many there were: read as complete ones in silence, they could make up a tenth of a trend.
A tool whose export carries no such column (SurveyMonkey and Google Forms export no completion status) is not
looked at. Its own module, as it reads an export's columns, not the answers that ``_summary_notes`` reads.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .columns import flag_word, fold

#: Typeform's columns: the date an answer was submitted (blank: never) and the date it was started.
_SUBMITTED = ("submit_date_(utc)", "submitted_at")
_STARTED = ("start_date_(utc)", "started_at")
#: Qualtrics' own columns beside "Finished", folded: one of them (a "Progress" only if it is Qualtrics', as
#: ``_under_100`` reads it) says a "Finished" is Qualtrics' flag; by its ids, or by its question texts' row read as
#: the header (``--header-row 2``: "Response ID", "Recorded Date"...; not "Start Date" nor "IP Address", which
#: SurveyMonkey's exports and other tables have too).
_QUALTRICS = ("responseid", "progress", "startdate", "enddate", "recordeddate", "duration_(in_seconds)",
              "distributionchannel", "userlanguage", "ipaddress", "response_id", "recorded_date",
              "distribution_channel", "user_language", "response_type")
#: The words Qualtrics writes a "Finished" in; a column of these with one True is its flag without other columns.
#: Spanish Excel saves its True and False as VERDADERO and FALSO.
_QUALTRICS_FLAGS = frozenset({"true", "false", "1", "0", "1.0", "0.0", "verdadero", "falso"})


def partial_responses(frame: pd.DataFrame) -> dict | None:
    """``{"column": name, "rows": n, "mark": how the column marks them, "of": the rows of frame}`` for the ``n``
    rows of ``frame`` that its survey tool's column marks as partial responses (the module's docstring), or None
    where none is marked. A column of that name that holds anything else (a "Progress" of text, a "Finished" of
    dates) is no such mark, nor is a "Finished" without Qualtrics' evidence: another of its columns
    (``_QUALTRICS``), or True and False as it writes them with one True (``_qualtrics_flags``); "mark" says which."""
    names = {fold(column): column for column in reversed(frame.columns) if isinstance(column, str)}
    if (column := names.get("finished")) is not None and (n := _not_finished(frame[column])) is not None:
        beside = next((names[name] for name in _QUALTRICS if name in names
                       and (name != "progress" or _under_100(frame[names[name]]) is not None)), None)
        if beside is not None:
            return _found(column, n, f"False, beside Qualtrics' {beside!r}", len(frame))
        if _qualtrics_flags(frame[column]):
            return _found(column, n, "False, in a column of True and False", len(frame))
    if (column := names.get("progress")) is not None and (n := _under_100(frame[column])) is not None:
        return _found(column, n, "under 100", len(frame))
    submitted = next((names[name] for name in _SUBMITTED if name in names), None)
    started = next((names[name] for name in _STARTED if name in names), None)
    if submitted is not None and started is not None:
        blank = _blank(frame[submitted]) & ~_blank(frame[started])
        return _found(submitted, int(blank.sum()), f"blank beside a {started!r}", len(frame))
    return None


def partial_note(found: dict) -> str:
    """The line the command line prints for ``found`` (``partial_responses``)."""
    n = found["rows"]
    kept = ("it is kept and counted as a complete one. To leave it out, remove that row" if n == 1
            else "they are kept and counted as complete ones. To leave them out, remove those rows")
    return (f"Partial responses: {n} of {found['of']} rows did not finish the survey ({found['column']!r} "
            f"{found['mark']}); {kept} from the file.")


def _found(column: str, n: int, mark: str, rows: int) -> dict | None:
    return {"column": column, "rows": n, "mark": mark, "of": rows} if n else None


def _blank(cells: pd.Series) -> np.ndarray:
    return (cells.isna() | cells.astype(str).str.strip().eq("")).to_numpy(dtype=bool)


def _not_finished(cells: pd.Series) -> int | None:
    """Rows whose "Finished" is False, or None where a filled cell is no yes or no (``columns.flag_word``, the
    words every flag column is read by)."""
    flags = [flag_word(cell) for cell in cells[~_blank(cells)]]
    if not flags or None in flags:
        return None
    return flags.count(False)


def _qualtrics_flags(cells: pd.Series) -> bool:
    """Whether ``cells`` hold only True and False (or 1 and 0), as Qualtrics writes them, and one True: a
    "Finished" of yes and no, or of False alone, is an order's status or a form's, not Qualtrics' flag."""
    words = {str(cell).strip().lower() for cell in cells[~_blank(cells)]}
    return words <= _QUALTRICS_FLAGS and bool(words & {"true", "1", "1.0", "verdadero"})


def _under_100(cells: pd.Series) -> int | None:
    """Rows whose "Progress" is under 100, or None where a filled cell is no whole number from 0 to 100, or none is
    100: Qualtrics writes whole percentages, 100 for each finished response; fractions from 0 to 1 or an order's
    steps (1, 2, 3) are another column's, not every row a partial response."""
    filled = cells[~_blank(cells)]
    numbers = pd.to_numeric(filled.astype(str).str.strip().str.rstrip("%"), errors="coerce")
    if (filled.empty or numbers.isna().any() or not numbers.between(0, 100).all() or not numbers.eq(100).any()
            or not numbers.eq(numbers.round()).all()):
        return None
    return int((numbers < 100).sum())
