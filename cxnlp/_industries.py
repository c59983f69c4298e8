"""How each text's industry is read: one name of an ``industry=`` list (``industry_given``), or the cells of a
table's industry column (``industry_cells``), checked against the industries the model reads. Kept apart from
``model`` because the batch jobs, the evaluation and the distributed runs read an industry column too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .exceptions import ConfigError, DataError, quoted_cell
from .schema import AUTO_INDUSTRY, DEFAULT_INDUSTRY

if TYPE_CHECKING:
    import pandas as pd


def industry_given(name):
    """One industry of a per-text list: None is none (read without one); a blank, NaN or pd.NA is the default
    reading, as a blank cell of an industry column is; text as written (``check_industry`` reads its spelling)."""
    if name is None or isinstance(name, str):
        return DEFAULT_INDUSTRY if isinstance(name, str) and not name.strip() else (str(name) if name else name)
    if type(name).__name__ in ("NAType", "NaTType") or (isinstance(name, float) and name != name):
        return DEFAULT_INDUSTRY
    return name  # check_industry names its type


def frame_industries(frame: pd.DataFrame, industry):
    """``classify_frame``'s ``industry``: as given, unless it is a Series of one industry per row, which is aligned to
    the frame's rows by label, as pandas aligns a column assigned to a frame (it was read by position: a Series in
    another order gave each row another row's industry). A Series whose labels are not the frame's is a
    ``DataError``; a list or an array is one industry per row, in the frame's order."""
    import pandas as pd

    if not isinstance(industry, pd.Series) or industry.index.equals(frame.index):
        return industry
    if (len(industry) == len(frame) and industry.index.is_unique and frame.index.is_unique
            and frame.index.isin(industry.index).all()):
        return industry.reindex(frame.index)
    raise DataError(f"industry: the Series' {len(industry)} row labels are not the frame's {len(frame)}; build it from "
                    f"the frame itself, or pass .to_numpy() for its values in the frame's row order.")


def industry_cells(frame: pd.DataFrame, column: str, known, recognises: bool = True, *,
                   rows: list[str] | None = None) -> list[str | None]:
    """Each row's industry from ``frame[column]``: a cell's text without surrounding spaces
    (``"none"``: read without one), ``DEFAULT_INDUSTRY`` for a blank or missing one (the row is read as
    if no industry were given); a name not in ``known`` is a ``ConfigError`` that names the column, and with
    ``rows`` (each row's name for a message, ``"encuesta.csv: row 2"``) the first row that holds it."""
    import pandas as pd

    from .heads import check_industry, industry_name

    from .columns import find_column

    column = find_column(frame.columns, column, "industry column")  # case and accents aside, as --text; one of them
    cells = frame[column]
    from .labelled import number_as_text

    cells = [number_as_text(v) for v in cells.tolist()]  # an XLSX's 1 is the '1' a CSV gives, as in training
    not_text = [not isinstance(v, str) and not (pd.api.types.is_scalar(v) and pd.isna(v)) for v in cells]
    if any(not_text):
        wrong = cells[not_text.index(True)]
        raise ConfigError(f"{_first_row(rows, not_text, True)}industry column {column!r}: cells name industries as "
                          f"text; one holds the {type(wrong).__name__} {quoted_cell(str(wrong), 40)}.")
    names = [industry_name(v) or DEFAULT_INDUSTRY for v in cells]
    checked = {}
    for name in dict.fromkeys(names):
        try:
            checked[name] = check_industry(name, known, recognises)
        except ConfigError:  # the advice of a cell's, not of the industry= argument's
            reads = (", ".join(known) + (f", or {AUTO_INDUSTRY!r}" if recognises else "") if known
                     else "none: it was trained without an industry column")
            raise ConfigError(f"{_first_row(rows, names, name)}industry column {column!r}: a cell names {quoted_cell(name, 40)}, "
                              f"not an industry this model "
                              f"reads ({reads}); each cell must name one, be 'none' (read without an industry) or be "
                              f"blank (the model's default reading), or give the column that names the industries."
                              ) from None
    return [checked[name] for name in names]


def _first_row(rows: list[str] | None, names: list, name) -> str:
    """The first of ``rows`` whose industry is ``name`` (or whose flag in ``names`` is ``name``: a cell not text),
    and how many more are, as a message's start ('' without ``rows``)."""
    if rows is None:
        return ""
    holding = [row for row, given in zip(rows, names) if given == name]
    more = len(holding) - 1
    rows_more = f" (and {more} more row{'s' if more > 1 else ''})" if more else ""
    return f"{holding[0]}{rows_more}: "
