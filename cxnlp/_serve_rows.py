"""``POST /v1/summarize``'s rows read as ``cxnlp.summarize`` reads a classified frame, and its errors blamed
on the request field they are about."""

from __future__ import annotations

import json

from ._serve_gate import ApiError
from ._serve_schema import SummarizeRequest
from .exceptions import CxnlpError
from .schema import LABEL_SEP

# The label fields of /v1/summarize's rows: each /v1/classify name, the cx_ column read in its place in a row in the
# cx_ form (one with any cx_ key), and what either holds (one label, a list of labels, or a flag).
RESULT_COLUMNS = {"status": ("cx_status", "label"), "sentiment": ("cx_sentiment", "label"),
                  "touchpoints": ("cx_touchpoints", "labels"), "areas": ("cx_areas", "labels"),
                  "stages": ("cx_stage", "labels"), "effort": ("cx_effort", "label"),
                  "emotions": ("cx_emotions", "labels"), "churn_risk": ("cx_churn_risk", "flag"),
                  "escalation": ("cx_escalation", "flag")}
_EXPECTED = {"label": "a label name (a string) or null", "labels": "a list of label names (strings)",
             "flag": "true, false or null"}


def _label_cell(value, field: str, kind: str, row: int):
    """``value`` if the label field ``field`` can hold it (a list of labels without its null items), else a 422
    naming the field: summarize fails on an object with Python's own message ("unhashable type: 'dict'", which
    blame put on a score option) and misreads a list where one label goes."""
    if kind == "labels" and isinstance(value, list):
        # Null items are no label, as cxnlp.summarize reads them: Arrow gives list columns with null items.
        labels = [v for v in value if v is not None]
        wrong = [v for v in labels if not isinstance(v, str)]
        if not wrong:
            return labels
        got = f"a list with {_json_kind(wrong[0])} in it"
    elif isinstance(value, (dict, list)):
        got = _json_kind(value)
    else:
        return value
    raise ApiError(422, f"rows.{field}", f"rows.{field}: expected {_EXPECTED[kind]}; row {row} holds {got}.")


def _classify_form(rows: list[dict], columns) -> list[bool]:
    """Whether each row is in the /v1/classify form, by its keys: a row with any cx_ key is in the cx_ form, its
    cx_ cells null or not (``cxnlp classify`` leaves cx_stage empty on a row without a stage, and every label
    empty on one that is not feedback), so that a column of its own named 'stages' or 'sentiment' is never read
    as labels."""
    cx_keys = {column for column in columns if column.startswith("cx_")}
    return [cx_keys.isdisjoint(row) for row in rows] if cx_keys else [True] * len(rows)


def _read_labels(values: list, field: str, kind: str, rows: list[int], plain: bool) -> list:
    """The cells of the label field ``field`` (of the rows ``rows``) as its cx_ column holds them: lists of
    labels joined by '|', in either form (a cx_emotions list is the theme 'anger|worry' as an emotions list is),
    and flags of the /v1/classify form (``plain``) as yes/no; a 422 for a cell the field cannot hold. Only lists,
    objects and booleans are looked at: a text, a number or null is kept as it is."""
    changed = (dict, list, bool) if plain else (dict, list)
    for i, value in enumerate(values):
        if type(value) in changed:
            values[i] = _as_cell(_label_cell(value, field, kind, rows[i]))
    return values


def _label_columns(frame, rows: list[dict]) -> None:
    """Fill the cx_ label columns of ``frame``, made from ``rows``, with each row's labels read in its own form:
    a cx_-form row's cx_ cells, a /v1/classify-form row's fields of that form (rows may mix the forms; deciding
    per column dropped the labels of every row in the other form)."""
    positions = None
    for plain, (column, kind) in RESULT_COLUMNS.items():
        if column in frame and frame[column].dtype == object:  # a column of text holds no list nor object
            frame[column] = _read_labels(frame[column].tolist(), column, kind, range(len(frame)), plain=False)
        if plain not in frame:
            continue
        if positions is None:
            positions = [row for row, chosen in enumerate(_classify_form(rows, frame.columns)) if chosen]
        if not positions:
            continue
        cells = _read_labels(frame[plain].take(positions).tolist(), plain, kind, positions, plain=True)
        if kind == "flag":  # also a theme column ("by": "churn_risk"): its themes were True/False, not yes/no
            from .columns import flag_word  # "Yes", "sí" and 1 too, as the cx_ column's themes read them

            flags = frame[plain].tolist()
            for row, cell in zip(positions, cells):
                flag = flag_word(cell)
                flags[row] = cell if flag is None else "yes" if flag else "no"
            frame[plain] = flags
        if len(positions) < len(frame):
            cells, mixed = frame[column].tolist() if column in frame else [None] * len(frame), cells
            for row, cell in zip(positions, mixed):
                cells[row] = cell
        frame[column] = cells


def _check_theme_cells(frame, by, rows: list[dict]) -> None:
    """A 422 naming the rows for a list or an object in a ``by`` column other than a multi-label axis's:
    ``cxnlp.summarize`` makes a list one theme, named as Python writes it ("('anger', 'worry')"), and fails on an
    object with Python's message ("unhashable type: 'dict'")."""
    from .columns import MULTI_LABEL_COLUMNS
    from .metrics.themes import resolve_by

    try:
        dims = resolve_by(frame, by)
    except CxnlpError:
        return  # a column not in the rows: summarize says so, blamed on 'by'
    for _, column in dims:
        # Lists of labels are checked by _label_cell; a column of text holds no list nor object.
        if column in MULTI_LABEL_COLUMNS or frame[column].dtype != object:
            continue
        values = frame[column].tolist()
        row = next((row for row, value in enumerate(values) if type(value) in (dict, list)), None)
        if row is None:
            continue
        message = (f"rows: the theme column {column!r} (by) holds {_json_kind(values[row])} in row {row}; a theme "
                   f"column holds one value a row: text, a number, a boolean or null.")
        if column in RESULT_COLUMNS and _classify_form([rows[row]], frame.columns)[0]:
            message += (f" The labels of {column!r} are themes by \"by\": \"{RESULT_COLUMNS[column][0]}\", "
                        f"joined by '|' as in a classified file.")
        raise ApiError(422, "rows", message)


def _by_fields(frame, by, rows: list[dict]):
    """``by`` with each /v1/classify label field that is no axis's name ("effort", "status", "emotions", the flags)
    named by its cx_ column, where the rows that hold it are all in the /v1/classify form: read as a column of the
    user's, "status" counted the comments without labels ('empty') as themes and "emotions" was a 422 on its lists,
    where "cx_status" and "cx_emotions" read them as a classified file's (the axes, "touchpoints" and the like, are
    their cx_ columns already)."""
    from .columns import axis_column
    from .metrics.themes import by_parts

    try:
        parts = by_parts(frame.columns, by)
    except CxnlpError:
        return by  # summarize says what is wrong with it, blamed on 'by'
    forms, named = None, []
    for part in parts:
        if isinstance(part, str) and part in RESULT_COLUMNS and axis_column(part) is None and part in frame \
                and RESULT_COLUMNS[part][0] not in parts and parts.count(part) == 1:
            # (by=["churn_risk", "cx_churn_risk"]: two dimensions; by=["effort", "effort"]: refused by that name)
            forms = _classify_form(rows, frame.columns) if forms is None else forms
            if all(plain for plain, row in zip(forms, rows) if part in row):
                part = RESULT_COLUMNS[part][0]
        named.append(part)
    return named if named != parts else by


def _asked_names(frame, asked, by) -> dict:
    """The answer's key of each dimension that ``_by_fields`` read as its cx_ column, back to the one summarize
    gives the field the client named (``by_churn_risk``, ``status``): a client reading ``by_churn_risk`` found
    ``cx_churn_risk`` in its place."""
    from .metrics.themes import resolve_by

    if by is asked:
        return {}
    read, named = resolve_by(frame, by), resolve_by(frame, asked)
    return {new: old for (new, _), (old, _) in zip(read, named) if new != old}


def _json_kind(value) -> str:
    kinds = {dict: "an object", list: "a list", type(None): "null", bool: "a boolean", str: "a string"}
    return kinds.get(type(value), "a number")


def _as_cell(value):
    """A checked /v1/classify field as its cx_ column holds it: labels joined by '|', flags as yes/no."""
    if isinstance(value, list):
        return LABEL_SEP.join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def summarize_rows(request: SummarizeRequest) -> dict:
    """The answer of /v1/summarize: ``cxnlp.summarize`` on the request's rows, a 422 naming the field at fault."""
    import pandas as pd

    from . import summarize
    from .io._json_read import whole_characters
    from .io.columnar import json_records

    # Lone surrogates ("\\ud800" is valid JSON) made U+FFFD: no encoder, Arrow's or the answer's, takes them.
    rows = whole_characters(request.rows)
    # The index says how many rows there are: rows that are all empty objects ({}, a client that leaves out nulls) gave
    # a frame of no rows, counted as 0 responses.
    frame = pd.DataFrame.from_records(rows, index=pd.RangeIndex(len(rows)))
    _label_columns(frame, rows)
    options = whole_characters(request.model_dump(exclude={"rows"}))
    asked = options["by"]
    options["by"] = _by_fields(frame, asked, rows)
    _check_theme_cells(frame, options["by"], rows)
    try:
        summary = summarize(frame, **options)
        names = _asked_names(frame, asked, options["by"])
    except (CxnlpError, ValueError, TypeError) as err:  # TypeError: e.g. a theme column holding objects
        if not rows:  # not "classify the comments first": there are none, so no column an option names
            raise ApiError(422, "rows", "rows is empty, so it has no column for by, nps, csat, ces or date to name; "
                                        "send one object per response (or by: null for an empty summary).") from err
        raise ApiError(422, blame(frame, options), str(err)) from err
    # Floats as they are (pandas' own JSON wrote a p-value of 6.6e-15 as 0); NaN as null, here by json_records
    # and in attrs (the effort-CES rho of three answers) by the answer itself.
    if names:
        attrs = {**summary.attrs, "by": [names.get(name, name) for name in summary.attrs["by"]]}
        summary = summary.rename(columns=names)
        summary.attrs = attrs
    return {"summary": json_records(summary),
            "attrs": json.loads(json.dumps(summary.attrs, default=_plain))}


# Options added one group at a time, to find which one a summarize error is about.
# First a score's setting without its column, refused on its own before any column is looked for (as summarize does).
PROBES = (("csat_scale",), ("csat_cutoff",), ("csat_method",), ("ces_scale",), ("ces_cutoff",), ("ces_method",),
          ("nps",), ("csat",), ("csat", "csat_scale"), ("csat", "csat_scale", "csat_cutoff"), ("csat", "csat_method"),
          ("ces",), ("ces", "ces_scale"), ("ces", "ces_scale", "ces_cutoff"), ("ces", "ces_method"),
          ("by",), ("date",), ("period",), ("period", "date"), ("min_n",), ("alpha",))  # a date named is checked alone
_SETTINGS = ("csat_scale", "csat_cutoff", "csat_method", "ces_scale", "ces_cutoff", "ces_method")


def blame(frame, options: dict) -> str:
    """The request field a summarize error is about: "rows" when they fail with no option, else the last
    option of the first probe that fails on its own (summarize's messages name columns and values, not
    request fields). Runs only after an error."""
    from . import summarize

    for probe in ((), *PROBES):
        if probe and options[probe[0]] is None:
            continue
        if len(probe) == 1 and probe[0] in _SETTINGS and options[probe[0].split("_")[0]] is not None:
            continue  # a setting alone is refused for want of its column: with the column given, it is not at fault
        try:
            summarize(frame, **{"by": None, **{name: options[name] for name in probe}})
        except (CxnlpError, ValueError, TypeError):
            if probe == ("by",) and _reads_no_rows(frame, options["by"]):
                return "rows"  # the by columns exist, and what fails is a cell of theirs
            if probe == ("period",) and options["date"] is not None and _known_period(options["period"]):
                continue  # without the date named it had none to read: the probe ("period", "date") says which
            if probe == ("period", "date") and _reads_by_quarter(frame, options["date"]):
                return "period"  # dates read by quarter: the period is wrong for them (quarter labels by month)
            return probe[-1] if probe else "rows"
    return "rows"


def _known_period(period) -> bool:
    """Whether ``period`` names a period ``cxnlp.summarize`` knows."""
    from .metrics.periods import check_period_name

    try:
        check_period_name(period)
    except CxnlpError:
        return False
    return True


def _reads_by_quarter(frame, date) -> bool:
    """Whether summarize reads the ``date`` column by quarter (a column of scores is refused by any period)."""
    from . import summarize

    try:
        summarize(frame, by=None, date=date, period="quarter")
    except (CxnlpError, ValueError, TypeError):
        return False
    return True


def _reads_no_rows(frame, by) -> bool:
    """Whether summarize takes ``by`` on ``frame``'s columns without its rows."""
    from . import summarize

    try:
        summarize(frame.iloc[:0], by=by)
    except (CxnlpError, ValueError, TypeError):
        return False
    return True


def _plain(value):
    return value.item() if hasattr(value, "item") else str(value)
