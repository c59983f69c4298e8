"""cxnlp.spark on a local[2] SparkSession: ``mapInPandas`` with an explicit schema gives the same
rows and values as ``Model.classify_frame``, with the shipped model or a model directory shipped
with the job, and summaries equal to ``cxnlp.summarize``."""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    message = "no Java runtime (java not on PATH, JAVA_HOME unset): the Spark tests are skipped"
    warnings.warn(message, stacklevel=1)
    print(f"\nWARNING: {message}", file=sys.stderr)
    pytest.skip(message, allow_module_level=True)

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

import cxnlp  # noqa: E402
import cxnlp.spark as cxs  # noqa: E402
from cxnlp import _partitions  # noqa: E402
from cxnlp.exceptions import DataError  # noqa: E402
from cxnlp.io import read_table  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SURVEY = ROOT / "cxnlp" / "data" / "encuesta_ejemplo.csv"
SCORES = {"nps": "Recomendación (0-10)", "csat": "Satisfacción (1-5)", "ces": "Facilidad (1-7)"}
ODD = [None, "", "   ", "N/A", "-", "😀😀", "The parcel arrived late and support never answered", "x" * 6000,
       "pésimo\x00servicio", "La app se cierra al pagar, y en el chat nadie contesta"]


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("cxnlp-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "250").getOrCreate())
    yield session
    session.stop()


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    """The sample survey (1,200 rows, a third without comments) plus odd texts; Spark columns are typed,
    so the non-text values of the Dask tests become strings or nulls here."""
    survey = read_table(SURVEY)
    frame = pd.concat([survey, pd.DataFrame({"Comentario": ODD * 10})], ignore_index=True)
    frame.insert(0, "row_id", np.arange(len(frame)))
    return frame.astype(object).where(frame.notna(), None)


@pytest.fixture(scope="module")
def expected(rows, model) -> pd.DataFrame:
    return model.classify_frame(rows, text="Comentario").astype(_partitions.CX_DTYPES)


def _collect(sdf) -> pd.DataFrame:
    return sdf.toPandas().sort_values("row_id").reset_index(drop=True)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), None)


def _same_rows(result: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Same columns, rows and values; the input columns come back from Arrow with their own dtypes."""
    expected = expected.reset_index(drop=True)
    assert list(result.columns) == list(expected.columns)
    cx = list(_partitions.CX_DTYPES)
    pd.testing.assert_frame_equal(result[cx].astype(_partitions.CX_DTYPES), expected[cx])
    inputs = [c for c in result.columns if c not in cx]
    pd.testing.assert_frame_equal(_plain(result[inputs]), _plain(expected[inputs]))


def test_classify_matches_classify_frame_row_for_row(spark, rows, expected):
    sdf = spark.createDataFrame(rows).repartition(3)
    out = cxs.classify(sdf, text="Comentario")
    types = {f.name: type(f.dataType) for f in out.schema.fields}
    assert types["cx_sentiment_score"] is T.DoubleType and types["cx_needs_review"] is T.BooleanType
    assert types["cx_touchpoints"] is T.StringType and types["row_id"] is T.LongType
    _same_rows(_collect(out), expected)

    def loads_in_this_worker(batches):  # local, so Spark ships it by value
        for _ in batches:
            yield pd.DataFrame({"pid": [os.getpid()], "loads": [_partitions.LOADS["count"]]})

    # Each Python worker loaded the model at most once, however many batches it classified.
    loads = out.mapInPandas(loads_in_this_worker, "pid long, loads long").toPandas()
    assert loads["loads"].max() == 1


def test_a_model_directory_is_shipped_with_the_job_or_read_in_place(spark, rows, expected, model, tmp_path):
    directory = cxnlp.save(cxnlp.load(), tmp_path / "modelo")  # a model directory of its own
    sdf = spark.createDataFrame(rows.iloc[:300]).repartition(2)
    _same_rows(_collect(cxs.classify(sdf, text="Comentario", model=directory)), expected.iloc[:300])
    _same_rows(_collect(cxs.classify(sdf, text="Comentario", model=directory, ship=False)), expected.iloc[:300])


def test_output_schema_replaces_cx_fields_in_place():
    schema = T.StructType([T.StructField("cx_status", T.LongType()), T.StructField("texto", T.StringType())])
    out = cxs.output_schema(schema)
    assert out.fieldNames()[:2] == ["cx_status", "texto"]
    assert isinstance(out["cx_status"].dataType, T.StringType)
    assert out.fieldNames()[2:] == [c for c in _partitions.CX_DTYPES if c != "cx_status"]


def test_classify_errors_name_the_problem(spark, rows):
    with pytest.raises(DataError, match="Spark DataFrame"):
        cxs.classify(rows)
    with pytest.raises(DataError, match="row_id"):
        cxs.classify(spark.createDataFrame(rows[["row_id"]]), text="comentarios")


@pytest.mark.parametrize(("by", "extra"), [
    ("touchpoints", {}),
    ("touchpoints×sentiment", {}),
    ("País", {"period": "month"}),  # day/month order decided over the whole column, as summarize does
    (None, {"metrics": {"Satisfacción (1-5)": "csat"}, "nps": None, "csat": None, "ces": None}),
])
def test_summarize_equals_cxnlp_summarize(spark, expected, by, extra):
    args = {**SCORES, **extra}
    sdf = spark.createDataFrame(_plain(expected)).repartition(3)
    got = cxs.summarize(sdf, by=by, **args)
    want = cxnlp.summarize(expected, by=by, **args)
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)
    assert got.attrs == want.attrs
