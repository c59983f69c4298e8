"""Errors of ``cxnlp.spark`` raised on the driver in one line, where a Python worker gave a traceback inside Spark's
error: cells of an industry column the model does not read, columns Spark cannot send to Python and columns it cannot
tell apart, refused before the job; a cxnlp error a worker raised, raised again as itself (``worker_error``).
Imported by ``cxnlp.spark`` only.
"""

from __future__ import annotations

import re
from functools import partial

import pandas as pd
from pyspark.errors import PythonException
from pyspark.sql import DataFrame, functions as F, types as T

from . import exceptions
from ._partition_classify import ModelRef
from .exceptions import ConfigError, CxnlpError, DataError


def refuse_unread_industries(cells: DataFrame, column: str, ref: ModelRef) -> None:
    """The ``ConfigError`` ``Model.classify_frame`` raises for an industry column with a cell the model does not read,
    raised here from one pass over that column (naming no row: Spark's rows have no order of their own). Raised in
    the job, it reached the caller as a Python worker's traceback inside Spark's error, at the first action.
    ``cells``: the column alone, named "i"."""
    from .persist import read_meta

    data_type = cells.schema["i"].dataType
    if isinstance(data_type, (T.ArrayType, T.MapType, T.StructType)):  # binary is read as its text, as the job does
        raise ConfigError(f"industry column {column!r}: cells name industries as text; it is a column of "
                          f"{data_type.simpleString()}.")
    meta = read_meta(ref.directory())  # what the workers' model reads: model_ref checked it is theirs
    check = partial(industry_errors, column=column, known=tuple(meta.get("industries") or ()),
                    recognises=bool(meta.get("recognises_industries", False)))
    # Each name once to Python, not each row; bytes that are not UTF-8 (a binary column's) as replacement characters,
    # as the job reads them: Arrow failed the check with a Python worker's traceback on them.
    names = cells.select(F.make_valid_utf8(F.col("i").cast("string")).alias("i")).distinct()
    first = names.mapInPandas(check, "message string").first()
    if first is not None:
        raise ConfigError(first["message"])


def industry_errors(batches, *, column: str, known: tuple, recognises: bool):
    """The message of the first industry name in each batch that the model does not read (no row when none)."""
    from ._industries import industry_cells

    for batch in batches:
        names = pd.DataFrame({column: batch["i"].dropna().unique().astype(object)})
        try:
            industry_cells(names, column, known, recognises)
        except ConfigError as err:
            yield pd.DataFrame({"message": [str(err)]})


def refuse_intervals(sdf: DataFrame, columns) -> None:
    """A ``DataError`` for the first of ``columns`` (those sent to Python) that holds Spark's intervals of months and
    days (``interval``, or ``interval year to month``; alone or in an array, map or struct), which PySpark cannot read
    from Arrow: the job failed with a Python worker's traceback."""
    for name in columns:
        if _holds_interval(sdf.schema[name].dataType):
            raise DataError(f"column {name!r} is a Spark column of {sdf.schema[name].dataType.simpleString()}, "
                            f"which Spark cannot send to Python; cast it (to text, say) or give another column.")


def refuse_case_twins(sdf: DataFrame, columns) -> None:
    """A ``DataError`` for the first of ``columns`` (those cxnlp reads) beside another column of its name in another
    case ("nps" and "NPS"), unless the session compares names with case: Spark could read neither (an
    ``AnalysisException``, "Reference `nps` is ambiguous, could be: [`nps`, `nps`]"), where pandas reads the one
    named."""
    if str(sdf.sparkSession.conf.get("spark.sql.caseSensitive", "false")).lower() == "true":
        return
    for name in columns:
        twins = list(dict.fromkeys(other for other in sdf.columns if other.lower() == name.lower()))
        if len(twins) > 1:
            others = ", ".join(repr(twin) for twin in twins if twin != name)
            raise DataError(f"column {name!r} and {others} are one name to Spark, which compares names without case "
                            f"(spark.sql.caseSensitive off): rename one of them.")


def _holds_interval(data_type) -> bool:
    if isinstance(data_type, T.ArrayType):
        return _holds_interval(data_type.elementType)
    if isinstance(data_type, T.MapType):
        return _holds_interval(data_type.keyType) or _holds_interval(data_type.valueType)
    if isinstance(data_type, T.StructType):
        return any(_holds_interval(field.dataType) for field in data_type.fields)
    return isinstance(data_type, (T.CalendarIntervalType, T.YearMonthIntervalType))  # Arrow has neither


#: The last line of a cxnlp error's traceback, as Spark's error quotes the Python worker's.
_WORKER_ERROR = re.compile(r"^cxnlp\.exceptions\.(\w+): (.*)$", re.MULTILINE)


def worker_error(err: PythonException) -> CxnlpError | None:
    """The cxnlp error a Python worker raised, as itself in its one line (Spark's ``PythonException`` holds the
    worker's whole traceback); None for any other error."""
    # The last traceback only: with Spark's simplified tracebacks off, an error raised while handling a cxnlp one
    # quotes that one's traceback first, and is itself the error raised.
    found = _WORKER_ERROR.findall(str(err).rsplit("Traceback (most recent call last):", 1)[-1])
    kind = getattr(exceptions, found[-1][0], None) if found else None
    return kind(found[-1][1]) if isinstance(kind, type) and issubclass(kind, CxnlpError) else None
