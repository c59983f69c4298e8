"""cxnlp on Spark: classify and summarise Spark DataFrames with ``mapInPandas``.

Needs ``pip install "cxnlp[spark]"`` on the driver and on every executor (Spark runs the Python
code there), and a Java runtime. Each Arrow batch goes through the same function as everywhere
else (``Model.classify_frame``, via ``cxnlp._partitions.classify_partition``):

- the output schema is explicit: the input's fields plus the ``cx_`` fields (strings, doubles and a
  boolean), so nothing is inferred from data;
- the model is loaded once per Python worker process (a module-level cache keyed by the SHA-256 of
  its ``meta.json``). The shipped model is found in each executor's own cxnlp install. A model
  directory is zipped and shipped with the job (``SparkContext.addArchive``) unless
  ``ship=False``, in which case every executor must read the same path (shared storage such as a
  ``/dbfs`` mount);
- ``summarize`` merges per-batch partial sums with a ``groupBy`` and equals ``cxnlp.summarize``
  on the same rows.

>>> import cxnlp.spark                                                        # doctest: +SKIP
>>> out = cxnlp.spark.classify(spark.read.parquet("encuestas/"), text="comentario")  # doctest: +SKIP
>>> cxnlp.spark.summarize(out, nps="recomendacion", by="touchpoints")         # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import tempfile
import zipfile
from functools import partial
from pathlib import Path

try:
    from pyspark.sql import DataFrame, functions as F, types as T
except ImportError as err:  # pragma: no cover - depends on the environment
    raise ImportError('cxnlp.spark needs PySpark: pip install "cxnlp[spark]" (and a Java runtime).') from err

import pandas as pd

from . import _partitions as P
from .exceptions import DataError
from .io import detect_text_column
from .schema import DEFAULT_INDUSTRY

__all__ = ["classify", "output_schema", "summarize"]

_SPARK_TYPES = {"string": T.StringType(), "float64": T.DoubleType(), "bool": T.BooleanType()}
PARTIAL_SCHEMA = "kind string, key string, period string, field string, value double"


def output_schema(schema: T.StructType) -> T.StructType:
    """``schema`` with the ``cx_`` fields: an existing ``cx_`` field is replaced in place, the others
    are appended in the documented order (as ``DataFrame.assign`` does in pandas)."""
    cx = {name: T.StructField(name, _SPARK_TYPES[dtype], nullable=True) for name, dtype in P.CX_DTYPES.items()}
    fields = [cx.pop(f.name) if f.name in cx else f for f in schema.fields]
    return T.StructType(fields + list(cx.values()))


def classify(sdf: DataFrame, text: str | None = None, model=None, *, ship: bool = True,
             industry: str | None = DEFAULT_INDUSTRY) -> DataFrame:
    """``sdf`` with the ``cx_`` columns added, lazily, through ``mapInPandas`` with an explicit schema.

    Parameters
    ----------
    sdf : Spark DataFrame with a comment column.
    text : the comment column; detected from its name (comentario, comment...) when None.
    model : model directory, or None for ``$CXNLP_MODEL``, else the model shipped with cxnlp; resolved
        on the driver, loaded once per Python worker and checked against its ``meta.json`` checksum.
    ship : zip a model directory and send it with the job (``addArchive``); False when every
        executor reads the same path. The shipped model is never sent: each executor has its own.
    industry : the industry every comment comes from (``Model.classify``), checked on the driver.

    Returns
    -------
    Spark DataFrame
        Every input column and row plus the ``cx_`` columns (``output_schema``). A value that is not
        text gets a status; it never fails its task.
    """
    if not isinstance(sdf, DataFrame):
        raise DataError(f"cxnlp.spark.classify expects a Spark DataFrame, got {type(sdf).__name__}.")
    column = detect_text_column(list(sdf.columns), text)
    ref = P.model_ref(model, industry)
    archive = _ship(sdf.sparkSession.sparkContext, ref) if ship and ref.path is not None else None
    schema = output_schema(sdf.schema)
    return sdf.mapInPandas(partial(_classify_batches, column=column, ref=ref, archive=archive,
                                   names=schema.fieldNames(), industry=industry), schema)


def _classify_batches(batches, *, column: str, ref: P.ModelRef, archive: str | None, names: list[str],
                      industry: str | None = DEFAULT_INDUSTRY):
    root = None
    if archive is not None:
        from pyspark import SparkFiles

        root = SparkFiles.get(archive)
    for batch in batches:
        yield P.classify_partition(batch, column, ref, root, industry)[names]


_ARCHIVES: dict[str, Path] = {}  # model checksum -> its zip, made once per driver process


def _ship(sc, ref: P.ModelRef) -> str:
    """Zip the model directory (its files at the top, the zip named by the model's checksum) and add
    it to the job unless this SparkContext already has it; returns the name executors look it up by."""
    name = f"cxnlp-model-{ref.sha256[:16]}.zip"
    if ref.sha256 not in _ARCHIVES:
        path = Path(tempfile.mkdtemp(prefix="cxnlp-spark-")) / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
            for item in sorted(Path(ref.path).iterdir()):
                if item.is_file():
                    archive.write(item, item.name)
        _ARCHIVES[ref.sha256] = path
    if not any(str(listed).rstrip("/").endswith("/" + name) for listed in getattr(sc, "listArchives", [])):
        sc.addArchive(str(_ARCHIVES[ref.sha256]))  # adding the same path twice would be ignored anyway
    return name


def summarize(sdf: DataFrame, by: str | list[str] | None = "touchpoints", **kwargs) -> pd.DataFrame:
    """``cxnlp.summarize`` of a classified Spark DataFrame, from partial sums merged by ``groupBy``.

    Takes the arguments of ``cxnlp.summarize`` and returns the same pandas table (value, interval, n,
    exclusions, impact and significance per theme). Only the needed columns are read, and only a few
    numbers per theme and period reach the driver. With ``period`` and no ``dayfirst``, day/month
    order is first decided over the whole date column, as ``cxnlp.summarize`` does.
    """
    if not isinstance(sdf, DataFrame):
        raise DataError(f"cxnlp.spark.summarize expects a Spark DataFrame, got {type(sdf).__name__}.")
    plan = P.plan_summary(sdf.columns, by, **kwargs)
    needed = sdf.select(*(F.col("`" + c.replace("`", "``") + "`") for c in plan.columns)) if plan.columns else sdf
    if P.needs_date_votes(plan):
        votes = needed.mapInPandas(partial(_date_votes, plan=plan), "only_day double, only_month double")
        row = votes.agg(F.sum("only_day").alias("d"), F.sum("only_month").alias("m")).first()
        plan = P.decide_dayfirst(plan, row["d"] or 0.0, row["m"] or 0.0)
    if "cx_emotions" in plan.signals:  # one pass over the column: every partition reads empty cells alike
        given = needed.mapInPandas(partial(_emotions_given, plan=plan), "given boolean")
        plan = dataclasses.replace(plan, emotions_given=bool(given.agg(F.max("given").alias("g")).first()["g"]))
    partials = needed.mapInPandas(partial(_partial_sums, plan=plan), PARTIAL_SCHEMA)
    merged = partials.groupBy("kind", "key", "period", "field").agg(F.sum("value").alias("value")).toPandas()
    return P.finish_summary(merged, plan)


def _date_votes(batches, *, plan):
    for batch in batches:
        yield P.date_votes(batch, plan)


def _emotions_given(batches, *, plan):
    for batch in batches:
        yield pd.DataFrame({"given": P.emotions_given(batch, plan)})


def _partial_sums(batches, *, plan):
    for batch in batches:
        yield P.partial_sums(batch, plan)
