"""``POST /v1/summarize``'s rows read as ``cxnlp.summarize`` reads a classified frame, and its errors blamed
on the request field they are about."""

from __future__ import annotations

import json

from ._serve_gate import ApiError
from ._serve_schema import SummarizeRequest
from .exceptions import CxnlpError
from .schema import LABEL_SEP

# The label fields of /v1/summarize's rows: each /v1/classify name, the cx_ column read in its place where a row
# has none, and what either holds (one label, a list of labels, or a flag).
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


def _row_label(values: tuple, fields: list[str], plain: str, kind: str, row: int):
    """A row's cx_ cell: its cx_ field, or its /v1/classify field where that is missing (rows may mix the two
    forms; deciding per column dropped the labels of every row in the other form)."""
    field, value = next(((f, v) for f, v in zip(fields, values) if not _missing(v)), (fields[0], values[0]))
    cell = _label_cell(value, field, kind, row)
    return _as_cell(cell) if field == plain else cell


def _missing(value) -> bool:
    """Whether a cell is left out: null, or NaN where another row has the key and this one has not."""
    return value is None or (isinstance(value, float) and value != value)


def _check_theme_cells(frame, by) -> None:
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
        if column in MULTI_LABEL_COLUMNS:  # lists of labels, checked by _label_cell
            continue
        for row, value in enumerate(frame[column]):
            if isinstance(value, (dict, list)):
                raise ApiError(422, "rows", f"rows: the theme column {column!r} (by) holds {_json_kind(value)} in "
                                            f"row {row}; a theme column holds one value a row: text, a number, a "
                                            f"boolean or null.")


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
    from .io.columnar import json_records, whole_characters

    # Lone surrogates ("\\ud800" is valid JSON) made U+FFFD: no encoder, Arrow's or the answer's, takes them.
    frame = pd.DataFrame.from_records(whole_characters(request.rows)) if request.rows else pd.DataFrame()
    for plain, (column, kind) in RESULT_COLUMNS.items():
        fields = [field for field in (column, plain) if field in frame]
        if fields:
            frame[column] = [_row_label(values, fields, plain, kind, row)
                             for row, values in enumerate(zip(*(frame[field] for field in fields)))]
    options = whole_characters(request.model_dump(exclude={"rows"}))
    _check_theme_cells(frame, options["by"])
    try:
        summary = summarize(frame, **options)
    except (CxnlpError, ValueError, TypeError) as err:  # TypeError: e.g. a theme column holding objects
        raise ApiError(422, blame(frame, options), str(err)) from err
    # Floats as they are (pandas' own JSON wrote a p-value of 6.6e-15 as 0); NaN as null, here by json_records
    # and in attrs (the effort-CES rho of three answers) by the answer itself.
    return {"summary": json_records(summary),
            "attrs": json.loads(json.dumps(summary.attrs, default=_plain))}


# Options added one group at a time, to find which one a summarize error is about.
PROBES = (("nps",), ("csat",), ("csat", "csat_scale"), ("csat", "csat_scale", "csat_cutoff"), ("csat", "csat_method"),
          ("ces",), ("ces", "ces_scale"), ("ces", "ces_scale", "ces_cutoff"), ("ces", "ces_method"), ("by",),
          ("period",), ("period", "date"), ("min_n",), ("alpha",))


def blame(frame, options: dict) -> str:
    """The request field a summarize error is about: "rows" when they fail with no option, else the last
    option of the first probe that fails on its own (summarize's messages name columns and values, not
    request fields). Runs only after an error."""
    from . import summarize

    for probe in ((), *PROBES):
        if probe and options[probe[0]] is None:
            continue
        try:
            summarize(frame, **{"by": None, **{name: options[name] for name in probe}})
        except (CxnlpError, ValueError, TypeError):
            if probe == ("by",) and _reads_no_rows(frame, options["by"]):
                return "rows"  # the by columns exist, and what fails is a cell of theirs
            return probe[-1] if probe else "rows"
    return "rows"


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
