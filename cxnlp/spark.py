"""cxnlp on Spark: classify and summarise Spark DataFrames with Arrow-backed pandas functions.

Needs ``pip install "cxnlp[spark]"`` on the driver and on every executor (Spark runs the Python
code there), and a Java runtime. Each Arrow batch goes through the same function as everywhere
else (``Model.classify_frame``, via ``cxnlp._partitions.classify_partition``):

- ``classify`` sends only the comment column (and an industry column) to Python, through a
  ``pandas_udf`` that returns the ``cx_`` fields as one struct; every other column stays in the JVM,
  whatever its name (dots, backticks) or its values (dates Arrow cannot hold in pandas). Text that
  is not valid UTF-8 is read with replacement characters (``make_valid_utf8``): a bad row gets a
  status instead of failing the job;
- the output schema is explicit: the input's fields plus the ``cx_`` fields (strings, doubles and a
  boolean), so nothing is inferred from data. An input field named like a ``cx_`` field (in any case
  when the session compares names without case, Spark's default) is replaced in place;
- the model is loaded once per Python worker process (a module-level cache keyed by the SHA-256 of
  its ``meta.json``). The shipped model is found in each executor's own cxnlp install. A model
  directory is zipped and shipped with the job (``SparkContext.addArchive``) unless
  ``ship=False``, in which case every executor must read the same path (shared storage such as a
  ``/dbfs`` mount; Spark Connect sessions have no SparkContext and need this);
- ``summarize`` merges per-batch partial sums (``mapInPandas``) with a ``groupBy`` and equals
  ``cxnlp.summarize`` on the same rows; when it needs more than one pass over the rows it caches
  the columns it reads, so that an unclassified plan upstream runs once.

>>> import cxnlp.spark                                                        # doctest: +SKIP
>>> out = cxnlp.spark.classify(spark.read.parquet("encuestas/"), text="comentario")  # doctest: +SKIP
>>> cxnlp.spark.summarize(out, nps="recomendacion", by="touchpoints")         # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

try:
    from pyspark.errors import PythonException
    from pyspark.sql import DataFrame, functions as F, types as T
except ImportError as err:  # pragma: no cover - depends on the environment
    raise ImportError('cxnlp.spark needs PySpark: pip install "cxnlp[spark]" (and a Java runtime).') from err

import pandas as pd

from . import _partitions as P, _spark_checks as C
from .columns import column_to_classify
from .exceptions import ConfigError, DataError, type_name
from .schema import DEFAULT_INDUSTRY

__all__ = ["classify", "output_schema", "summarize"]

_SPARK_TYPES = {"string": T.StringType(), "float64": T.DoubleType(), "bool": T.BooleanType()}
PARTIAL_SCHEMA = "kind string, key string, period string, field string, value double"
_RESULT = "__cxnlp_result"  # the struct column the pandas function returns, unpacked right away (_result_name)
CX_SCHEMA = T.StructType([T.StructField(name, _SPARK_TYPES[dtype], nullable=True)
                          for name, dtype in P.CX_DTYPES.items()])


def output_schema(schema: T.StructType, case_sensitive: bool = False) -> T.StructType:
    """``schema`` with the ``cx_`` fields: an existing ``cx_`` field (in any case unless ``case_sensitive``)
    is replaced in place, the others are appended in the documented order (as ``DataFrame.assign`` does
    in pandas). Two fields that are one ``cx_`` field (a join's two "cx_status") are both replaced, as ``classify``
    replaces them (``withColumns``)."""
    cx = {field.name: field for field in CX_SCHEMA.fields}
    names = [_cx_name(field.name, cx, case_sensitive) for field in schema.fields]
    fields = [field if name is None else cx[name] for field, name in zip(schema.fields, names)]
    return T.StructType(fields + [field for name, field in cx.items() if name not in names])


def _cx_name(name: str, cx, case_sensitive: bool) -> str | None:
    """The ``cx_`` field among ``cx`` that the input field ``name`` is, as Spark resolves names; else None."""
    if name in cx:
        return name
    return None if case_sensitive or name.lower() not in cx else name.lower()


def _col(name: str):
    """The column named ``name`` exactly (dots and backticks are part of a name, not paths)."""
    return F.col("`" + name.replace("`", "``") + "`")


def classify(sdf: DataFrame, text: str | None = None, model: str | Path | None = None, *, ship: bool = True,
             industry: str | None = DEFAULT_INDUSTRY, industry_column: str | None = None) -> DataFrame:
    """``sdf`` with the ``cx_`` columns added, lazily, through a ``pandas_udf`` with an explicit schema.

    Parameters
    ----------
    sdf : Spark DataFrame with a comment column.
    text : the comment column (a name); detected from its name (comentario, comment...) when None.
    model : model directory, or None for ``$CXNLP_MODEL``, else the model shipped with cxnlp; resolved
        on the driver, loaded once per Python worker and checked against its ``meta.json`` checksum.
    ship : zip a model directory and send it with the job (``addArchive``); False when every
        executor reads the same path. The shipped model is never sent: each executor has its own.
    industry : the industry every comment comes from (``Model.classify``), checked on the driver.
    industry_column : instead of ``industry``, a column naming each row's industry (``Model.classify_frame``;
        its names are checked here, in one pass over that column alone, as ``classify_frame`` checks them; on a
        streaming DataFrame, as each batch is read).

    Returns
    -------
    Spark DataFrame
        Every input column and row plus the ``cx_`` columns (``output_schema``). A value that is not
        text gets a status; it never fails its task.
    """
    _check_frame(sdf, "classify", "Model.classify_frame")
    for name, value in (("text", text), ("industry_column", industry_column)):
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{name}={value!r}: expected a column name (a str), not a {type(value).__name__}.")
    column = column_to_classify(list(sdf.columns), text)
    industry_column = P.check_industry_column(sdf.columns, industry, industry_column)  # "industria": Industría
    ref = P.model_ref(model, industry)
    C.refuse_case_twins(sdf, [column] + ([industry_column] if industry_column is not None else []))
    if industry_column is not None and not sdf.isStreaming:  # a stream runs no job here: its workers check
        C.refuse_unread_industries(sdf.select(_col(industry_column).alias("i")), industry_column, ref)
    C.refuse_intervals(sdf, [column])
    archive = _ship(_context(sdf), ref) if ship and ref.path is not None else None
    text_col = _col(column)
    if isinstance(sdf.schema[column].dataType, T.StringType):
        text_col = F.make_valid_utf8(text_col)
    elif _is_timestamp(sdf.schema[column].dataType):
        text_col = text_col.cast("string")  # as text through Arrow, back to dates in the batch (_timestamps)
    elif isinstance(sdf.schema[column].dataType, T.StructType):
        # A pandas_udf gets a struct as a DataFrame of its fields, where a null struct and a struct of nulls
        # look alike; wrapped in a struct of one field, it comes as one column of dicts (None for a null one).
        text_col = F.struct(text_col.alias("value"))
    # An industry column's bytes that are not UTF-8 (a binary column's) are read as the comment's are.
    industries = [] if industry_column is None else [F.make_valid_utf8(_col(industry_column).cast("string"))]
    inputs = [text_col] + industries
    run = partial(_classify_series, column=column, ref=ref, archive=archive, industry=industry,
                  industry_column=industry_column, times=_is_timestamp(sdf.schema[column].dataType))
    udf = F.pandas_udf(_one_input(run) if industry_column is None else _two_inputs(run), CX_SCHEMA)
    # withColumns replaces a cx_ field in place (names resolved as the session resolves them) and appends the
    # others, as output_schema says; the input columns are kept as they are, not selected again by name, which
    # failed on a frame with two columns of one name (a join's two "id"s) as an ambiguous reference.
    result = _result_name(sdf.columns)
    cx = {name: F.col(result)[name] for name in P.CX_DTYPES}
    return sdf.withColumn(result, udf(*inputs)).withColumns(cx).drop(result)


def _check_frame(sdf, function: str, local: str) -> None:
    """A ``DataError`` naming what ``sdf`` is, unless it is a Spark DataFrame: the bare class name said "expects a
    Spark DataFrame, got DataFrame" of a pandas-on-Spark, Dask or polars frame."""
    if isinstance(sdf, DataFrame):
        return
    package = type(sdf).__module__.split(".")
    hint = (f"; use {local} for a pandas one" if isinstance(sdf, pd.DataFrame) else
            "; pass its .to_spark()" if package[:2] == ["pyspark", "pandas"] else
            f"; use cxnlp.dask.{function} for a Dask one" if package[0] in ("dask", "dask_expr") else "")
    what = "pandas-on-Spark DataFrame" if package[:2] == ["pyspark", "pandas"] else type_name(sdf)
    raise DataError(f"cxnlp.spark.{function} expects a Spark DataFrame, got {what}{hint}.")


def _result_name(columns) -> str:
    """``_RESULT``, lengthened until it is none of ``columns`` in any case: an input column of that name passes
    through instead of being replaced by the result."""
    taken = {name.lower() for name in columns}
    name = _RESULT
    while name.lower() in taken:
        name += "_"
    return name


def _one_input(run):
    def classify_batches(batches: Iterator[pd.Series]) -> Iterator[pd.DataFrame]:
        return run((batch,) for batch in batches)

    return classify_batches


def _two_inputs(run):
    def classify_batches(batches: Iterator[tuple[pd.Series, pd.Series]]) -> Iterator[pd.DataFrame]:
        return run(batches)

    return classify_batches


def _classify_series(batches, *, column: str, ref: P.ModelRef, archive: str | None, industry: str | None,
                     industry_column: str | None, times: bool = False):
    """The ``cx_`` columns of each batch of (comments[, industries]), as ``classify_partition`` gives them;
    ``times``: the comments are a timestamp column sent as text (``_timestamps``)."""
    root = None
    if archive is not None:
        from pyspark import SparkFiles

        root = SparkFiles.get(archive)
    names = list(P.CX_DTYPES)
    for series in batches:
        cells = series[0]
        if isinstance(cells, pd.DataFrame):  # a struct column, wrapped by classify: each row's value, as toPandas
            cells = cells.iloc[:, 0]         # gives it (a dict, or None), which classify_frame gives a status
        if times:
            cells = _timestamps(cells)
        frame = pd.DataFrame({column: cells.to_numpy(dtype=object)})
        if industry_column is not None:
            frame[industry_column] = series[1].to_numpy(dtype=object)
        yield P.classify_partition(frame, column, ref, root, industry, industry_column)[names].reset_index(drop=True)


#: The unit pandas gives Python datetimes in (``toPandas`` too): "us" in pandas 3, "ns" in pandas 2.
_TIMESTAMP_UNIT = "us" if int(pd.__version__.split(".")[0]) >= 3 else "ns"


def _is_timestamp(data_type) -> bool:
    return isinstance(data_type, (T.TimestampType, T.TimestampNTZType))


def _timestamps(cells: pd.Series) -> pd.Series:
    """A timestamp column sent through Arrow as Spark's text of it (in the session's time zone, as PySpark
    converts timestamps) back as dates: in the unit pandas gives Python datetimes (``datetime64[us]`` in pandas 3,
    as ``toPandas`` and a pandas or Dask frame hold them, so a summary by such a column has the dtype of theirs;
    ``[ns]`` in pandas 2) where every value fits, else Python datetimes. PySpark's own conversion to nanoseconds
    failed the whole task on a value pandas cannot hold there (a 9999-12-31 "never" sentinel, a date before 1677),
    which pandas' path counts as out of range."""
    # A null comes as None, pd.NA or NaN, by pandas version (pandas 3's text dtype gives NaN).
    values = [None if pd.isna(value) else _datetime(value) for value in cells]
    try:
        return pd.Series(pd.to_datetime(values).as_unit(_TIMESTAMP_UNIT), index=cells.index)
    except (pd.errors.OutOfBoundsDatetime, OverflowError, ValueError):
        return pd.Series(values, index=cells.index, dtype=object)


def _datetime(text: str):
    """Spark's text of a timestamp as a Python datetime; one Python cannot hold (a year past 9999, or before 1, as
    0001-01-01 UTC is in a session time zone west of UTC) as the nearest it holds, a date out of range as that one
    is: ``fromisoformat`` failed the whole task on it."""
    import datetime

    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:  # '+10000-01-01 00:00:00', '0000-12-31 19:03:58', '-0001-...'
        return datetime.datetime.min if text.startswith(("-", "0000")) else datetime.datetime.max


def _context(sdf: DataFrame):
    """The SparkContext a model archive is added to; a Spark Connect session has none."""
    if type(sdf).__module__.startswith("pyspark.sql.connect"):
        raise ConfigError("a Spark Connect session cannot ship a model directory with the job (it has no "
                          "SparkContext): put the model where every executor reads it (a /dbfs or /Volumes path) "
                          "and pass ship=False, or use the shipped model.")
    return sdf.sparkSession.sparkContext


def _ship(sc, ref: P.ModelRef) -> str:
    """Zip the model directory (its files at the top, the zip named by the model's checksum) and add
    it to the job unless this SparkContext already has it; returns the name executors look it up by.

    The zip goes in the driver's ``SparkFiles`` folder, which Spark deletes when the context stops and from
    the JVM's shutdown hook, which also runs when the Python driver is killed: a folder of cxnlp's own, removed
    by ``atexit``, stayed in the temporary folder (29 MB for the shipped model's size) after a SIGTERM."""
    from pyspark import SparkFiles

    name = f"cxnlp-model-{ref.sha256[:16]}.zip"
    if any(str(listed).rstrip("/").endswith("/" + name) for listed in getattr(sc, "listArchives", [])):
        return name
    # Not at the top of that folder: Spark unpacks the archive there, into a folder of the zip's name.
    path = Path(SparkFiles.getRootDirectory()) / "cxnlp-models" / name
    if not path.exists():
        _zip_files(Path(ref.path), path)
    sc.addArchive(str(path))
    return name


def _zip_files(directory: Path, path: Path) -> None:
    """The model's own files in ``directory`` (``persist.MODEL_FILES``: any other file there, a data file or a link to
    a key left beside the model, was shipped to every executor), stored uncompressed in the zip ``path``, written
    under a name of this call's own and renamed, so that an interrupted write never leaves a partial zip at
    ``path``, and classify calls from two threads do not write one file (one name for both failed all but one)."""
    from .persist import MODEL_FILES

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial_path = tempfile.mkstemp(prefix=path.name + ".", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file, zipfile.ZipFile(file, "w", zipfile.ZIP_STORED) as archive:
            for item in sorted(directory.iterdir()):
                if item.name in MODEL_FILES and item.is_file():
                    archive.write(item, item.name)
        os.replace(partial_path, path)
    except BaseException:
        Path(partial_path).unlink(missing_ok=True)
        raise


def summarize(sdf: DataFrame, by: str | Iterable[str] | None = "touchpoints", **kwargs) -> pd.DataFrame:
    """``cxnlp.summarize`` of a classified Spark DataFrame, from partial sums merged by ``groupBy``.

    Takes the arguments of ``cxnlp.summarize`` and returns the same pandas table (value, interval, n,
    exclusions, impact and significance per theme). Only the needed columns are read, and only a few
    numbers per theme and period reach the driver. With ``period`` and no ``dayfirst``, day/month
    order is first decided over the whole date column, as ``cxnlp.summarize`` does. A cxnlp error raised in a
    Python worker (here, or in a ``classify`` upstream) is raised as itself, in its one line
    (``_spark_checks.worker_error``).
    """
    _check_frame(sdf, "summarize", "cxnlp.summarize")
    if sdf.isStreaming:  # Spark's own refusal told the caller to start the query (writeStream.start()), which ends
        raise DataError("cxnlp.spark.summarize reads the whole table, which a streaming DataFrame never is: summarise "
                        "what the stream wrote (spark.read), or each micro-batch in foreachBatch.")
    plan = P.plan_summary(sdf.columns, by, **kwargs)
    # Placeholder names through mapInPandas, which resolves names again (a dot or a backtick in one failed).
    names = {f"c{i}": name for i, name in enumerate(plan.columns)}
    # A plan that reads no column still counts rows: a constant carries them, and no data column
    # (which pandas may not hold: a 9999-12-31 timestamp) goes through Arrow.
    # Timestamps go as text and come back as dates in each batch (_timestamps): pandas cannot hold all of them.
    C.refuse_case_twins(sdf, plan.columns)
    C.refuse_intervals(sdf, plan.columns)
    times = [safe for safe, name in names.items() if _is_timestamp(sdf.schema[name].dataType)]
    needed = sdf.select(*[_sent(sdf, name, safe in times).alias(safe) for safe, name in names.items()]
                        or [F.lit(True).alias("_row")])
    names = _Names(names, times)
    passes = P.needs_date_votes(plan) + ("cx_emotions" in plan.signals) + 1
    if passes > 1:
        needed = needed.persist()  # each pass would otherwise run the plan upstream (a classify) again
    try:
        if P.needs_date_votes(plan):
            votes = needed.mapInPandas(partial(_date_votes, plan=plan, names=names),
                                       "only_day double, only_month double")
            row = votes.agg(F.sum("only_day").alias("d"), F.sum("only_month").alias("m")).first()
            plan = P.decide_dayfirst(plan, row["d"] or 0.0, row["m"] or 0.0)
        if "cx_emotions" in plan.signals:  # one pass over the column: every partition reads empty cells alike
            given = needed.mapInPandas(partial(_emotions_given, plan=plan, names=names), "given boolean")
            plan = dataclasses.replace(plan, emotions_given=bool(given.agg(F.max("given").alias("g")).first()["g"]))
        partials = needed.mapInPandas(partial(_partial_sums, plan=plan, names=names), PARTIAL_SCHEMA)
        merged = partials.groupBy("kind", "key", "period", "field").agg(F.sum("value").alias("value")).toPandas()
        if check := P.refusal(merged, plan):  # as cxnlp.summarize refuses the column; the error names the first date
            P.refuse(check, partial(_first, needed, plan, names), plan)
    except PythonException as err:  # a cxnlp error in a worker (the summary's, or an upstream classify's)
        raise (C.worker_error(err) or err) from None
    finally:
        if passes > 1:
            needed.unpersist()
    return P.finish_summary(merged, plan)


def _sent(sdf: DataFrame, name: str, time: bool):
    """The column ``name`` as ``summarize`` sends it to Python: a timestamp (``time``) as text, text that is not valid
    UTF-8 (a binary column cast to text, a Parquet file another tool wrote) with replacement characters, as ``classify``
    reads a comment: Arrow failed the job with a Python worker's traceback on it; so are an array's texts (a by column
    of labels)."""
    if time:
        return _col(name).cast("string")
    kind = sdf.schema[name].dataType
    if isinstance(kind, T.ArrayType) and isinstance(kind.elementType, T.StringType):
        return F.transform(_col(name), F.make_valid_utf8)
    return F.make_valid_utf8(_col(name)) if isinstance(kind, T.StringType) else _col(name)


class _Names(dict):
    """Placeholder column names -> the plan's names, and which placeholders carry timestamps as text."""

    def __init__(self, names: dict[str, str], times: list[str]):
        super().__init__(names)
        self.times = times


def _named(batch: pd.DataFrame, names: _Names) -> pd.DataFrame:
    """The plan's columns of ``batch`` under their own names (none, and the rows, for a plan that reads none),
    timestamps sent as text back as dates."""
    batch = batch[list(names)]
    if names.times:
        batch = batch.assign(**{safe: _timestamps(batch[safe]) for safe in names.times})
    return batch.rename(columns=names)


def _date_votes(batches, *, plan, names):
    for batch in batches:
        yield P.date_votes(_named(batch, names), plan)


def _emotions_given(batches, *, plan, names):
    for batch in batches:
        yield pd.DataFrame({"given": P.emotions_given(_named(batch, names), plan)})


def _first(needed, plan, names, what: str) -> pd.DataFrame:
    """The column's first ``P.first_date`` of ``what``, as text, for ``P.refuse``."""
    first = needed.mapInPandas(partial(_first_date, plan=plan, names=names, what=what), "first_date string").first()
    return pd.DataFrame({"first_date": [first["first_date"]]})


def _first_date(batches, *, plan, names, what="date"):
    for batch in batches:
        first = P.first_date(_named(batch, names), plan, what)
        yield first.assign(first_date=first["first_date"].map(str))  # as the message writes it: str(Timestamp)


def _partial_sums(batches, *, plan, names):
    for batch in batches:
        yield P.partial_sums(_named(batch, names), plan)
