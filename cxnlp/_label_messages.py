"""How the problems found in a table of labelled data are told: the errors, the same message about several rows as
one line (``_raise_errors``), and the warnings for blank comments kept to score and for missing-value words read as
blank. Kept apart from ``labelled``, whose reading rules then read without the wording of their messages.
"""

from __future__ import annotations

import re
from collections import Counter

from .exceptions import BlankCommentWarning, DataError, LabelTypoWarning, choices, warn_outside


def _no_text_column(name: str, columns) -> DataError:
    """The error for a table of labelled rows without a ``text`` column, naming the column that looks like the
    comments ('comentario', which ``classify`` finds by itself) and what to do: it said only which columns it had."""
    from .columns import detect_text_column, listed_columns

    try:
        like = f" ({detect_text_column(columns)!r} looks like it)"
    except DataError:
        like = ""
    return DataError(f"{name}: no 'text' column; found columns {listed_columns(list(columns))}. Rename the column of "
                     f"comments to 'text'{like} ('cxnlp docs labels', section 9).")

def _warn_blank_comments(rows: list[int], name: str) -> None:
    """Data to score a model on keeps a labelled row without a comment (at ``rows``), which training refuses: a real
    sample of answers has some. It is scored as the model classifies a blank comment, and a ``BlankCommentWarning``
    says so, with how many rows and which."""
    if rows:
        where = f"row {rows[0]}" if len(rows) == 1 else f"rows {rows[:10]}{' and more' if len(rows) > 10 else ''}"
        warn_outside(f"{name}: {where}: no comment ({len(rows)} labelled row{'s' if len(rows) > 1 else ''}); scored "
                     f"as the model reads a blank comment: status 'empty', nothing predicted, a miss on each axis "
                     f"labelled.", BlankCommentWarning)



def _warn_missing_words(missing: Counter, name: str) -> None:
    """One warning per file of the missing-value words read as blank cells, with their counts: a class that has
    such an id ('na') is not blanked unsaid."""
    if missing:
        said = ", ".join(f"{word!r} in {n} cell{'s' if n > 1 else ''}" for word, n in missing.most_common())
        warn_outside(f"{name}: read as blank (missing-value words: 'cxnlp docs labels'): {said}. A label with such an id "
                     f"needs another one.", LabelTypoWarning)


def _no_label_column(data, expected) -> str:
    """The message for data to score (``evaluate``, ``compare``) with none of the label columns ``expected``: it named
    no column ("No row has a label ...; fill in the labels of the rows"), where a column named otherwise is likely."""
    from .columns import listed_columns

    read = "source_file" in data and "row" in data  # (added where the rows were read: not the user's columns)
    files = data["source_file"].dropna().astype(str).unique().tolist() if "source_file" in data else []
    found = [column for column in data.columns if not (read and column in ("source_file", "row"))]
    name = files[0] if len(files) == 1 else "data"
    return (f"{name}: no label column; expected at least one of {choices(expected)}; found columns "
            f"{listed_columns(found)} ('cxnlp docs labels', section 9).")


def _warn_unpredicted_labels(data, models, what: str, axes) -> None:
    """One ``LabelTypoWarning`` per axis of ``axes`` of the data to score ``models`` on (``evaluate``, ``compare``)
    that has labels none of them predicts (``Model.labels``), with their rows: each is scored as a class never found,
    an F1 of 0 in macro-F1, which was said nowhere (a file's own label set, 'logistics', read as the model's fault)."""
    from ._label_cells import rows_by_label

    for axis in axes:
        predicted = set().union(*(model.labels.get(axis, ()) for model in models))
        if axis not in data or not predicted:  # (a signal the models do not predict is not scored)
            continue
        rows = {label: n for label, n in rows_by_label(data[axis].where(data[axis].notna(), None)).items()
                if label not in predicted}
        if rows:
            # (the first 10: a column of free text read as labels listed each of its thousands of cells)
            listed = ", ".join(f"'{label}' ({len(n)} row{'s' if len(n) > 1 else ''})"
                               for label, n in sorted(rows.items())[:10]) + (
                f" and {len(rows) - 10} more labels" if len(rows) > 10 else "")
            warn_outside(f"{what}: {axis} labels {'the model does not' if len(models) == 1 else 'neither model'} "
                         f"predict{'s' if len(models) > 1 else ''}: {listed}; each is scored as a class never found "
                         f"(F1 0 in macro-F1).", LabelTypoWarning)


def _raise_errors(errors: list[str]) -> None:
    """Raise ``DataError`` with the first 20 of ``errors``, the same message about several rows as one line."""
    errors = _rows_together(errors)
    if errors:
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise DataError("\n".join(errors[:20]) + more)


def _listed(labels: list[str]) -> str:
    """'price', or 'price (Precio)' or 'store (Tienda o sucursal)': near-matches as a warning names them."""
    return " or ".join(f"'{label}'" if " (" not in label else label for label in labels)


def _rows_together(errors: list[str]) -> list[str]:
    """The same message about several rows as one line naming the rows ('rows [1, 2, 3]: ...')."""
    rows_of: dict[str, list[int]] = {}
    for error in errors:
        match = _RE_ROW_MESSAGE.match(error)
        key = f"{match.group(1)}\x00{match.group(3)}" if match else error
        rows_of.setdefault(key, []).append(int(match.group(2)) if match else 0)
    out = []
    for key, rows in rows_of.items():
        if "\x00" not in key:
            out.append(key)
            continue
        where, message = key.split("\x00")
        out.append(f"{where}row {rows[0]}: {message}" if len(rows) == 1 else
                   f"{where}rows {rows[:10]}{' and more' if len(rows) > 10 else ''}: {message}")
    return out


_RE_ROW_MESSAGE = re.compile(r"^(.*?: )row (\d+): (.*)$", re.DOTALL)

