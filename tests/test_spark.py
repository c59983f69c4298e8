"""cxnlp.spark on a local[2] SparkSession: a ``pandas_udf`` with an explicit schema gives the same
rows, values and dtypes as ``Model.classify_frame`` (and as ``cxnlp.dask``) on the mixed rows of
``tests/mixed_rows.py``, with the shipped model or a model directory shipped with the job, and
summaries equal to ``cxnlp.summarize``. All 5,000 rows: ``-m slow``; a sample of every kind of row
runs by default. Without Java the module is skipped with a printed warning."""

from __future__ import annotations

import os
import shutil
import sys
import warnings

import pandas as pd
import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    message = "no Java runtime (java not on PATH, JAVA_HOME unset): the Spark tests are skipped"
    warnings.warn(message, stacklevel=1)
    print(f"\nWARNING: {message}", file=sys.stderr)
    pytest.skip(message, allow_module_level=True)

from mixed_rows import SCORES, TEXT, classified, mixed_rows, sample_of_each_kind  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

import cxnlp  # noqa: E402
import cxnlp.spark as cxs  # noqa: E402
from cxnlp import _partitions  # noqa: E402
from cxnlp.exceptions import DataError  # noqa: E402


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
    """The 5,000 mixed rows of ``tests/mixed_rows.py``, NaN as None (a Spark column is typed: text or null)."""
    return _plain(mixed_rows())


@pytest.fixture(scope="module")
def expected(model) -> pd.DataFrame:
    return classified(model)  # once per session, shared with tests/test_dask.py


def _collect(sdf) -> pd.DataFrame:
    """``sdf`` as pandas through Arrow, strings as ``string``: the ``cx_`` columns come back with the
    dtypes of ``CX_DTYPES`` (and of Dask's output) straight from the Spark schema, with no cast."""
    import pyarrow as pa

    strings = {pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype()}
    return sdf.toArrow().to_pandas(types_mapper=strings.get).sort_values("row_id").reset_index(drop=True)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), None)


def _same_rows(result: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Same columns, rows, values and ``cx_`` dtypes; the input columns compared as plain values."""
    expected = expected.reset_index(drop=True)
    assert list(result.columns) == list(expected.columns)
    cx = list(_partitions.CX_DTYPES)
    pd.testing.assert_frame_equal(result[cx], expected[cx])  # dtypes included
    inputs = [c for c in result.columns if c not in cx]
    pd.testing.assert_frame_equal(_plain(result[inputs]), _plain(expected[inputs]))


def _classify_matches(spark, rows: pd.DataFrame, expected: pd.DataFrame) -> None:
    out = cxs.classify(spark.createDataFrame(rows).repartition(3), text=TEXT)
    types = {f.name: type(f.dataType) for f in out.schema.fields}
    assert types["cx_sentiment_score"] is T.DoubleType and types["cx_needs_review"] is T.BooleanType
    assert types["cx_touchpoints"] is T.StringType and types["row_id"] is T.LongType
    _same_rows(_collect(out), expected.loc[rows.index])

    def loads_in_this_worker(batches):  # local, so Spark ships it by value
        for _ in batches:
            yield pd.DataFrame({"pid": [os.getpid()], "loads": [_partitions.LOADS["count"]]})

    # Each Python worker loaded the model at most once, however many batches it classified.
    loads = out.mapInPandas(loads_in_this_worker, "pid long, loads long").toPandas()
    assert loads["loads"].max() == 1


def test_classify_matches_classify_frame_on_every_kind_of_row(spark, rows, expected):
    _classify_matches(spark, sample_of_each_kind(rows, 60), expected)


@pytest.mark.slow
def test_classify_matches_classify_frame_on_5000_mixed_rows(spark, rows, expected):
    assert len(rows) == 5000
    _classify_matches(spark, rows, expected)


def test_a_model_directory_is_shipped_with_the_job_or_read_in_place(spark, rows, expected, model, tmp_path):
    directory = cxnlp.save(cxnlp.load(), tmp_path / "modelo")  # a model directory of its own
    sdf = spark.createDataFrame(rows.iloc[:300]).repartition(2)
    _same_rows(_collect(cxs.classify(sdf, text=TEXT, model=directory)), expected.iloc[:300])
    _same_rows(_collect(cxs.classify(sdf, text=TEXT, model=directory, ship=False)), expected.iloc[:300])


def test_a_model_missing_on_the_executors_names_its_path(spark, tmp_path):
    """With ship=False and no model at the path on an executor, a FileNotFoundError came from deep in the worker."""
    import re

    from pyspark.errors import PythonException

    directory = cxnlp.save(cxnlp.load(), tmp_path / "modelo")
    meta = directory / "meta.json"  # a model no worker has loaded yet (they keep one by its meta.json's checksum)
    meta.write_text(meta.read_text(encoding="utf-8").replace("{", '{"test": "missing",', 1), encoding="utf-8")
    frame = spark.createDataFrame(pd.DataFrame({"comentario": ["La factura llegó mal"]}))
    out = cxs.classify(frame, text="comentario", model=directory, ship=False)
    shutil.rmtree(directory)  # as on an executor without the shared mount
    with pytest.raises(PythonException, match=re.escape(f"ModelFormatError: {tmp_path / 'modelo'}: this worker has "
                                                        "no model there") + ".*ship=True"):
        out.collect()
    # summarize, which runs the job itself, raises the worker's error as itself, in its one line
    with pytest.raises(cxnlp.ModelFormatError, match="^" + re.escape(f"{tmp_path / 'modelo'}: this worker has no "
                                                                     "model there") + "[^\n]*ship=True[^\n]*$"):
        cxs.summarize(out, min_n=1)


def test_a_summary_error_raised_in_the_workers_is_the_one_line_error_of_cxnlp_summarize(spark):
    """A by column of maps failed each partition with a Python worker's traceback inside Spark's error."""
    sdf = spark.createDataFrame([("ok", {"a": 1}, 9)], "cx_status string, cx_touchpoints map<string,int>, nps int")
    with pytest.raises(DataError) as local:
        cxnlp.summarize(sdf.toPandas(), nps="nps", min_n=1)
    with pytest.raises(DataError) as err:
        cxs.summarize(sdf, nps="nps", min_n=1)
    assert str(err.value) == str(local.value) and "\n" not in str(err.value)


def test_an_error_raised_while_handling_a_cxnlp_one_in_a_worker_is_left_as_spark_raised_it(spark):
    """With spark.sql.execution.pyspark.udf.simplifiedTraceback.enabled off, a worker's traceback quotes the cxnlp
    error it was handling first: that one was raised instead of the error that failed the worker."""
    from cxnlp import _spark_checks

    chained = ("An exception was thrown from the Python worker:\nTraceback (most recent call last):\n  File \"u.py\", "
               "line 3, in f\ncxnlp.exceptions.DataError: inner\n\nDuring handling of the above exception, another "
               "exception occurred:\n\nTraceback (most recent call last):\n  File \"u.py\", line 5, in f\n"
               "RuntimeError: the user's own\n")
    assert _spark_checks.worker_error(chained) is None
    alone = _spark_checks.worker_error(chained.split("\n\nDuring")[0] + "\n")
    assert type(alone) is DataError and str(alone) == "inner"


def test_classify_reads_the_industry_and_refuses_an_unknown_one(spark, rows, model):
    frame = sample_of_each_kind(rows, 20)
    want = model.classify_frame(frame, text=TEXT, industry="telecom").astype(_partitions.CX_DTYPES)
    _same_rows(_collect(cxs.classify(spark.createDataFrame(frame).repartition(2), text=TEXT, industry="telecom")),
               want)
    auto = model.classify_frame(frame, text=TEXT, industry="auto").astype(_partitions.CX_DTYPES)
    _same_rows(_collect(cxs.classify(spark.createDataFrame(frame).repartition(2), text=TEXT, industry="auto")), auto)
    with pytest.raises(cxnlp.ConfigError, match="industry='banca'"):
        cxs.classify(spark.createDataFrame(frame), text=TEXT, industry="banca")


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
    with pytest.raises(DataError) as err:  # it said "the file has columns" of a frame
        cxs.classify(spark.createDataFrame(rows[["row_id"]]), text="comentarios")
    assert str(err.value) == "Text column 'comentarios' not found; the table has columns ['row_id']."


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


def test_only_the_comment_reaches_python_so_any_other_column_passes(spark, model):
    """Every column used to go through pandas: a dot or a backtick in a name failed the job (mapInPandas
    resolves names again), as did a 9999-12-31 timestamp (out of pandas' range) or text that is not UTF-8;
    a column named CX_STATUS gave two cx_status columns in a session that ignores case."""
    import datetime

    from pyspark.sql import functions as F

    frame = pd.DataFrame({"comentario": ["La factura llegó mal", "El envío tardó", None],
                          "encuesta.version": ["v2"] * 3, "co`sa": [1, 2, 3], "CX_STATUS": ["x"] * 3})
    sdf = spark.createDataFrame(frame).withColumn("valid_to", F.lit(datetime.datetime(9999, 12, 31)))
    out = cxs.classify(sdf, text="comentario")
    assert out.columns[:5] == ["comentario", "encuesta.version", "co`sa", "cx_status", "valid_to"]
    rows = out.select("cx_status", "cx_sentiment", "valid_to", F.col("`co``sa`").alias("cosa")).collect()
    want = model.classify_frame(frame, text="comentario")
    assert [r["cx_status"] for r in rows] == want["cx_status"].tolist() == ["ok", "ok", "empty"]
    assert [r["cx_sentiment"] for r in rows][:2] == want["cx_sentiment"].tolist()[:2]
    assert rows[0]["valid_to"].year == 9999 and [r["cosa"] for r in rows] == [1, 2, 3]
    table = cxs.summarize(out.withColumnRenamed("co`sa", "geo.pais"), by="geo.pais")
    local = cxnlp.summarize(want.rename(columns={"co`sa": "geo.pais"}), by="geo.pais")
    assert sorted(table["geo.pais"].tolist()) == sorted(local["geo.pais"].tolist()) == [1, 2, 3]

    latin1 = "El envío llegó tarde\n".encode("latin-1")
    bad = spark.createDataFrame([(bytearray(latin1),)], "b binary")
    bad = bad.select(F.col("b").cast("string").alias("comentario"))
    assert cxs.classify(bad, text="comentario").first()["cx_status"] == "ok"  # read with U+FFFD, not a failed job


def test_a_summary_that_reads_no_column_sends_none_through_pandas(spark):
    """With no column needed, every column went through mapInPandas: a 9999-12-31 timestamp failed the job."""
    import datetime as dt

    sdf = spark.createDataFrame([("hola", dt.datetime(9999, 12, 31)), ("adiós", dt.datetime(2024, 1, 1)),
                                 ("qué tal", None)], "comentario string, valid_to timestamp").repartition(2)
    got = cxs.summarize(sdf, by=None)
    assert got["n"].tolist() == [3] and got.attrs["rows"] == 3
    pd.testing.assert_frame_equal(got, cxnlp.summarize(sdf.drop("valid_to").toPandas(), by=None))


def test_a_struct_comment_column_gets_a_status_per_row(spark, model):
    """A pandas_udf got a struct column as a DataFrame: "Per-column arrays must each be 1-dimensional" failed
    the job."""
    sdf = spark.createDataFrame([(1, ("La factura llegó mal", ("b",))), (2, None), (3, (None, None))],
                                "row_id long, c struct<x:string, y:struct<z:string>>").repartition(2)
    want = model.classify_frame(sdf.toPandas(), text="c").sort_values("row_id").reset_index(drop=True)
    got = _collect(cxs.classify(sdf, text="c"))
    cx = list(_partitions.CX_DTYPES)
    pd.testing.assert_frame_equal(got[cx], want[cx].astype(_partitions.CX_DTYPES))
    # A struct is a collection, not a comment (no_comment, as a dict is in classify); a null struct is empty.
    assert got["cx_status"].tolist() == ["no_comment", "empty", "no_comment"]


def test_an_input_column_named_like_the_internal_result_passes_through(spark):
    """An input column named __cxnlp_result was replaced by the struct of cx_ fields that classify unpacks."""
    frame = pd.DataFrame({"comentario": ["La factura llegó mal"], "__cxnlp_result": ["mío"], "__CXNLP_RESULT_": [7]})
    out = cxs.classify(spark.createDataFrame(frame), text="comentario")
    assert out.columns[:3] == ["comentario", "__cxnlp_result", "__CXNLP_RESULT_"]
    assert isinstance(out.schema["__cxnlp_result"].dataType, T.StringType)
    row = out.first()
    assert (row["__cxnlp_result"], row["__CXNLP_RESULT_"], row["cx_status"]) == ("mío", 7, "ok")


def test_a_frame_with_two_columns_of_one_name_keeps_both(spark):
    """A join's result has two "id" columns; classify selected every input column again by its name and failed
    with AMBIGUOUS_REFERENCE, though only the comment column is read."""
    left = spark.createDataFrame(pd.DataFrame({"id": [1], "comentario": ["La factura llegó mal"], "CX_Status": ["?"]}))
    right = spark.createDataFrame(pd.DataFrame({"id": [2], "otro": ["x"]}))
    joined = left.join(right, left.id < right.id)
    out = cxs.classify(joined, text="comentario")
    assert out.schema == cxs.output_schema(joined.schema)  # CX_Status replaced in place by cx_status
    assert out.columns[:5] == ["id", "comentario", "cx_status", "id", "otro"]
    row = out.first()
    assert tuple(row)[:5] == (1, "La factura llegó mal", "ok", 2, "x")


def test_two_input_fields_of_one_cx_name_are_both_replaced_as_output_schema_says(spark):
    """Classifying a join of two classified frames: Spark's withColumns replaces both "cx_status" fields, while
    output_schema said the second kept its own type (here a number) and listed the frame's schema wrongly."""
    frame = pd.DataFrame({"comentario": ["La factura llegó mal"], "cx_status": ["viejo"], "CX_STATUS": [7]})
    joined = spark.createDataFrame(frame)
    out = cxs.classify(joined, text="comentario")
    assert out.schema == cxs.output_schema(joined.schema)
    assert out.columns[:3] == ["comentario", "cx_status", "cx_status"]
    assert tuple(out.first())[:3] == ("La factura llegó mal", "ok", "ok")


def test_industry_column_reads_each_rows_industry(spark, model):
    frame = pd.DataFrame({"comentario": ["La factura llegó mal", "El envío tardó", "Pésima atención"],
                          "sector": ["telecom", "ecommerce_retail", None]})
    want = model.classify_frame(frame, text="comentario", industry_column="sector")
    out = cxs.classify(spark.createDataFrame(frame).repartition(2), text="comentario", industry_column="sector")
    got = out.toPandas().set_index("comentario").loc[frame["comentario"]]
    assert got["cx_industry"].tolist()[:2] == want["cx_industry"].tolist()[:2] == ["telecom", "ecommerce_retail"]
    assert got["cx_industry"].isna().tolist() == want["cx_industry"].isna().tolist()
    assert got["cx_sentiment_score"].tolist() == want["cx_sentiment_score"].tolist()
    with pytest.raises(cxnlp.ConfigError, match="not both"):
        cxs.classify(spark.createDataFrame(frame), text="comentario", industry="telecom", industry_column="sector")
    with pytest.raises(DataError, match="industry column 'rubro' not found"):
        cxs.classify(spark.createDataFrame(frame), text="comentario", industry_column="rubro")


def test_an_industry_the_model_does_not_read_is_the_one_line_error_of_classify_frame(spark, model):
    """A bad name, a number or a 10,000-character cell in the industry column failed the job with a Python worker's
    traceback inside Spark's error; classify now raises classify_frame's ConfigError (no row named) itself."""
    for cells in (["telecom", "banca"], [7, 8], ["telecom", "x" * 10_000]):
        frame = pd.DataFrame({"comentario": ["La factura llegó mal", "El envío tardó"], "sector": cells})
        locals_ = set()  # the message of each bad cell: Spark's rows have no order, the one named is any of them
        for cell in cells:
            try:
                model.classify_frame(frame.assign(sector=cell), text="comentario", industry_column="sector")
            except cxnlp.ConfigError as local:
                locals_.add(str(local).split(": ", 1)[1])  # without classify_frame's "row 1 (and 1 more row): "
        with pytest.raises(cxnlp.ConfigError) as err:
            cxs.classify(spark.createDataFrame(frame).repartition(2), text="comentario", industry_column="sector")
        assert "\n" not in str(err.value) and str(err.value) in locals_
        assert str(err.value).startswith("industry column 'sector': a cell names ")
    lists = spark.createDataFrame([("hola", ["telecom"])], "comentario string, sector array<string>")
    with pytest.raises(cxnlp.ConfigError, match=r"^industry column 'sector': cells name industries as text; it is a "
                                                r"column of array<string>\.$"):
        cxs.classify(lists, text="comentario", industry_column="sector")


def test_a_binary_industry_column_is_read_as_its_text(spark, model):
    """A binary industry column (a Kafka value, say) was read as its text by the job; the check of the column
    refused it as not text."""
    sdf = spark.sql("select 'La factura llegó mal' as comentario, cast('telecom' as binary) as sector")
    got = cxs.classify(sdf, text="comentario", industry_column="sector").select("cx_status").toPandas()
    local = model.classify_frame(pd.DataFrame({"comentario": ["La factura llegó mal"], "sector": ["telecom"]}),
                                 text="comentario", industry_column="sector")
    assert got["cx_status"].tolist() == local["cx_status"].tolist()


def test_binary_industry_cells_that_are_not_utf8_are_the_one_line_error(spark, monkeypatch):
    """Bytes that are not UTF-8 in a binary industry column failed the check, and the job, with a Python worker's
    traceback (Arrow could not read them as text); they are read with replacement characters, as comments are."""
    from pyspark.errors import PythonException

    from cxnlp import _spark_checks

    sdf = spark.sql("select 'La factura llegó mal' as comentario, cast(X'FF' as binary) as sector")
    with pytest.raises(cxnlp.ConfigError, match="^industry column 'sector': a cell names '\ufffd', not an industry"):
        cxs.classify(sdf, text="comentario", industry_column="sector")
    monkeypatch.setattr(_spark_checks, "refuse_unread_industries", lambda *args: None)  # as on a stream: the job reads
    with pytest.raises(PythonException) as err:
        cxs.classify(sdf, text="comentario", industry_column="sector").collect()
    assert "a cell names '\ufffd'" in str(_spark_checks.worker_error(err.value))


def test_summarize_reads_text_that_is_not_utf8_with_replacement_characters(spark):
    """Text columns holding bytes that are not UTF-8 (a binary column cast to text) failed the summary with a Python
    worker's traceback (UnicodeDecodeError, "Wrapping \ufffd failed"), by, metric and date columns alike."""
    sdf = spark.sql("select 'ok' as cx_status, 9 as nps, cast(X'4DE9' as string) as region, cast(X'FF' as string) as f")
    got = cxs.summarize(sdf, by="region", nps="nps", min_n=1)
    assert got["region"].tolist() == ["M\ufffd"] and got["n"].tolist() == [1]
    assert cxs.summarize(sdf, by=None, nps="f", min_n=1)["nps_non_numeric"].tolist() == [1]
    assert cxs.summarize(sdf, by=None, nps="nps", period="month", date="f", min_n=1).attrs["date_excluded"] == 1


def test_summarize_by_an_array_of_texts_that_are_not_utf8_reads_them_with_replacement_characters(spark):
    """An array<string> by column (labels) holding bytes that are not UTF-8 still failed the summary with a Python
    worker's 28-line traceback ("Wrapping M\ufffd failed") after its text columns were read with replacement ones."""
    sdf = spark.sql("select 'ok' as cx_status, 9 as nps, array(cast(X'4DE9' as string), 'b', null) as k")
    got = cxs.summarize(sdf, by="k", nps="nps", min_n=1)
    assert got["k"].tolist() == [("M\ufffd", "b", None)] and got["n"].tolist() == [1]


def test_industry_column_on_a_streaming_dataframe_stays_lazy(spark, model, tmp_path):
    """The check of the industry column ran a Spark job in classify, which a streaming DataFrame refuses
    ("Queries with streaming sources must be executed with writeStream.start()"): it is classified as before."""
    frame = pd.DataFrame({"comentario": ["La factura llegó mal", "El envío tardó"], "sector": ["telecom", None]})
    spark.createDataFrame(frame).write.parquet(str(tmp_path / "entrada"))
    stream = spark.readStream.schema("comentario string, sector string").parquet(str(tmp_path / "entrada"))
    out = cxs.classify(stream, text="comentario", industry_column="sector")
    query = out.writeStream.format("memory").queryName("cx_stream").trigger(availableNow=True).start()
    query.awaitTermination()
    got = spark.table("cx_stream").toPandas().sort_values("comentario")["cx_status"].tolist()
    local = model.classify_frame(frame, text="comentario", industry_column="sector").sort_values("comentario")
    assert got == local["cx_status"].tolist()


def test_summarize_refuses_a_streaming_dataframe_in_one_line(spark, tmp_path):
    """Spark's AnalysisException said the query "must be executed with writeStream.start()", which gives no summary."""
    spark.createDataFrame([("ok", 9)], "cx_status string, nps int").write.parquet(str(tmp_path / "p"))
    stream = spark.readStream.schema("cx_status string, nps int").parquet(str(tmp_path / "p"))
    with pytest.raises(DataError, match=r"^cxnlp\.spark\.summarize reads the whole table, which a streaming DataFrame "
                                        r"never is: [^\n]*foreachBatch\.$"):
        cxs.summarize(stream, by=None, nps="nps", min_n=1)


def test_a_column_beside_its_name_in_another_case_is_refused_in_one_line(spark):
    """Spark reads "c" and "C" as one name: classify and summarize failed with its AnalysisException ("Reference `c`
    is ambiguous, could be: [`c`, `c`]"), naming neither column as the frame spells it."""
    frame = spark.sql("select 'La factura llegó mal' as c, 'b' as C, 'telecom' as sector, 'x' as SECTOR, 9 as nps")
    with pytest.raises(DataError, match=r"^column 'c' and 'C' are one name to Spark, [^\n]*caseSensitive off\): "
                                        r"rename one of them\.$"):
        cxs.classify(frame, text="c")
    with pytest.raises(DataError, match="^column 'sector' and 'SECTOR' are one name to Spark"):
        cxs.classify(spark.sql("select 'x' as texto, 'telecom' as sector, 'x' as SECTOR"), text="texto",
                     industry_column="sector")
    with pytest.raises(DataError, match="^column 'C' and 'c' are one name to Spark"):
        cxs.summarize(frame.withColumnRenamed("nps", "cx_status"), by="C", min_n=1)
    spark.conf.set("spark.sql.caseSensitive", "true")
    try:  # then Spark tells them apart, as pandas does
        assert [row.cx_status for row in cxs.classify(frame, text="c").collect()] == ["ok"]
    finally:
        spark.conf.unset("spark.sql.caseSensitive")


def test_the_industry_check_sends_each_name_once_to_python(spark, model, monkeypatch):
    """The check of the industry column sent every row of it through Arrow to a Python worker; only its distinct
    names need reading."""
    sdf = spark.range(3000).selectExpr("'hola' as comentario", "if(id % 2 = 0, 'telecom', null) as sector")
    sent, real = [], type(sdf).mapInPandas
    monkeypatch.setattr(type(sdf), "mapInPandas", lambda self, *a, **k: sent.append(self) or real(self, *a, **k))
    cxs.classify(sdf, text="comentario", industry_column="sector")
    assert [frame.count() for frame in sent] == [2]


def test_a_column_of_intervals_python_cannot_read_is_refused_in_one_line(spark):
    """Spark's intervals of months and days (alone or in an array) cannot go to Python through Arrow: classify's
    comment column and summarize's columns of them failed the job with a Python worker's traceback."""
    comments = spark.sql("select make_interval(1, 0, 0, 0, 0, 0, 0) as comentario")
    with pytest.raises(DataError, match=r"^column 'comentario' is a Spark column of interval, which Spark cannot send "
                                        r"to Python; cast it \(to text, say\) or give another column\.$"):
        cxs.classify(comments, text="comentario")
    scores = spark.sql("select 'ok' as cx_status, 'app' as cx_touchpoints, array(make_interval(1)) as nps")
    with pytest.raises(DataError, match=r"^column 'nps' is a Spark column of array<interval>, "):
        cxs.summarize(scores, nps="nps", min_n=1)
    years = spark.sql("select 'ok' as cx_status, interval '1' year as cx_touchpoints, 9 as nps")  # ANSI: no Arrow
    with pytest.raises(DataError, match=r"^column 'cx_touchpoints' is a Spark column of interval year, "):
        cxs.summarize(years, nps="nps", min_n=1)
    with pytest.raises(DataError, match=r"^column 'plazo' is a Spark column of interval year, "):
        cxs.classify(years.select(years["cx_touchpoints"].alias("plazo")), text="plazo")


def test_industry_column_is_found_whatever_its_case_and_accents(spark, model):
    """industry_column="industria" on a column named Industría was passed to Spark as given: UNRESOLVED_COLUMN."""
    frame = pd.DataFrame({"comentario": ["La factura llegó mal", "El envío tardó"],
                          "Industría": ["telecom", "ecommerce_retail"]})
    want = model.classify_frame(frame, text="comentario", industry_column="industria")
    out = cxs.classify(spark.createDataFrame(frame), text="comentario", industry_column="industria")
    assert out.columns[:2] == ["comentario", "Industría"]
    got = out.toPandas().set_index("comentario").loc[frame["comentario"]]
    assert got["cx_industry"].tolist() == want["cx_industry"].tolist() == ["telecom", "ecommerce_retail"]


def test_spark_style_arguments_get_a_clear_error(spark, rows):
    from pyspark.sql import functions as F

    with pytest.raises(cxnlp.ConfigError, match="expected a column name"):
        cxs.classify(spark.createDataFrame(rows.iloc[:5]), text=F.col(TEXT))
    with pytest.raises(DataError, match="use cxnlp.summarize for a pandas one"):
        cxs.summarize(rows)


def test_a_frame_that_is_not_spark_is_named_by_its_package():
    """A Dask, polars or pandas-on-Spark frame was refused as "expects a Spark DataFrame, got DataFrame."."""
    import dask.dataframe as dd

    ddf = dd.from_pandas(pd.DataFrame({"comentario": ["hola"]}), npartitions=1)
    with pytest.raises(DataError) as err:
        cxs.classify(ddf, text="comentario")
    assert str(err.value) == ("cxnlp.spark.classify expects a Spark DataFrame, got dask DataFrame; "
                              "use cxnlp.dask.classify for a Dask one.")
    with pytest.raises(DataError, match="got dask DataFrame; use cxnlp.dask.summarize for a Dask one"):
        cxs.summarize(ddf)
    old_dask = type("DataFrame", (), {"__module__": "dask_expr._collection"})()  # Dask 2024.12 (pyproject allows it)
    with pytest.raises(DataError, match=r"got dask DataFrame; use cxnlp\.dask\.classify for a Dask one\.$"):
        cxs.classify(old_dask)
    koalas = type("DataFrame", (), {"__module__": "pyspark.pandas.frame"})()  # pyspark.pandas needs pandas < 3
    with pytest.raises(DataError, match=r"got pandas-on-Spark DataFrame; pass its \.to_spark\(\)\.$"):
        cxs.classify(koalas)


def test_summaries_keep_by_values_their_types_and_themes_whole(spark):
    """A date or decimal ``by`` column came back as text; a theme whose rows Spark handed Python as 101 in one
    batch and 101.0 in another (a batch with nulls) was two themes; an array as text, "['app' 'support']", one."""
    import datetime as dt
    from decimal import Decimal

    schema = T.StructType([T.StructField("cx_status", T.StringType()), T.StructField("nps", T.LongType()),
                           T.StructField("tienda", T.LongType()), T.StructField("dia", T.DateType()),
                           T.StructField("importe", T.DecimalType(6, 2)),
                           T.StructField("cx_touchpoints", T.StringType())])
    rows = [("ok", i % 11, None if i in (4, 5) else 101 + (i % 2), dt.date(2024, 1, 1 + 7 * (i // 3)),
             Decimal("10.50") if i < 3 else Decimal("7.25"), "['delivery' 'product']" if i % 2 else "['app' 'support']")
            for i in range(6)]
    sdf = spark.createDataFrame(rows, schema)  # two partitions in order: the second has the nulls
    whole = sdf.toPandas()
    for by in ("tienda", "dia", "importe", "touchpoints"):
        want = cxnlp.summarize(whole, by=by, nps="nps", min_n=1)
        got = cxs.summarize(sdf, by=by, nps="nps", min_n=1)
        # tienda: int64 where toPandas gives float64, when Spark hands the batch with nulls over as Int64 (scale.md)
        pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9, check_dtype=by != "tienda")
    assert got["theme"].tolist() == ["app", "delivery", "product", "support"]
    assert cxs.summarize(sdf, by="dia", min_n=1)["dia"].tolist() == [dt.date(2024, 1, 1), dt.date(2024, 1, 8)]


def test_summaries_by_an_array_column_keep_its_tuples(spark):
    """An array<string> by column came back as the text "('a', 'b')"; cxnlp.summarize gives the tuple."""
    from cxnlp._theme_keys import theme_key, theme_values

    sdf = spark.createDataFrame([("ok", i % 11, ["a", "b"] if i % 2 else ["c"]) for i in range(8)],
                                "cx_status string, nps long, tags array<string>").repartition(2)
    want = cxnlp.summarize(sdf.toPandas(), by="tags", nps="nps", min_n=1)
    got = cxs.summarize(sdf, by="tags", nps="nps", min_n=1)
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)
    assert got["tags"].tolist() == [("a", "b"), ("c",)]
    values = [("a", 1.5, ("b",)), ["x", None], ()]
    assert theme_values(theme_key(values)) == values


def test_summaries_by_a_binary_column_keep_its_bytes(spark):
    """A binary by column came back as the text "b'k1'" (a column of strings); cxnlp.summarize gives the bytes."""
    from cxnlp._theme_keys import theme_key, theme_values

    sdf = spark.createDataFrame([("ok", i % 11, b"k1" if i % 2 else b"\xff\x00") for i in range(8)],
                                "cx_status string, nps long, clave binary").repartition(2)
    want = cxnlp.summarize(sdf.toPandas(), by="clave", nps="nps", min_n=1)
    got = cxs.summarize(sdf, by="clave", nps="nps", min_n=1)
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)
    assert got["clave"].tolist() == [b"\xff\x00", b"k1"]
    assert theme_values(theme_key([b"a", bytearray(b"\x01")])) == [b"a", bytearray(b"\x01")]


def test_theme_keys_of_a_bytes_subclass_read_back_as_bytes():
    """A cell of a subclass of bytes was tagged with its class's name, which theme_values could not read back
    (AttributeError: module 'datetime' has no attribute 'Raw'), failing the summary."""
    from cxnlp._theme_keys import theme_key, theme_values

    raw = type("Raw", (bytes,), {})
    assert theme_values(theme_key([raw(b"k1"), type("Buf", (bytearray,), {})(b"\x02")])) == [b"k1", bytearray(b"\x02")]


def test_timestamps_pandas_cannot_hold_are_counted_out_of_range_as_in_pandas(spark, model):
    """QA M F5: a 9999-12-31 "never" sentinel in a timestamp column failed summarize with period= or by= (and
    classify with text= naming it) with a 28-line PythonException: PySpark's conversion to nanoseconds cannot
    hold it. cxnlp.summarize counts the row as out of range, and classify_frame gives a date a status."""
    import datetime

    frame = pd.DataFrame({"comentario": ["Muy mal servicio", "Excelente atención", "El envío llegó tarde", ""] * 5,
                          "nps": [0, 10, 5, 9] * 5,
                          "fecha": [datetime.datetime(2024, 1 + i % 6, 3) for i in range(19)]
                          + [datetime.datetime(9999, 12, 31)]})
    sdf = cxs.classify(spark.createDataFrame(frame), text="comentario")
    assert isinstance(sdf.schema["fecha"].dataType, T.TimestampType)
    local = cxnlp.summarize(model.classify_frame(frame.astype({"fecha": "datetime64[us]"}), text="comentario"),
                            nps="nps", period="month", date="fecha")
    result = cxs.summarize(sdf, nps="nps", period="month", date="fecha")
    assert result.attrs["date_out_of_range"] == local.attrs["date_out_of_range"] == 1
    assert result["n"].tolist() == local["n"].tolist()
    assert cxs.summarize(sdf, by="fecha", nps="nps")["n"].sum() > 0
    statuses = [row.cx_status for row in cxs.classify(spark.createDataFrame(frame), text="fecha").collect()]
    assert statuses == model.classify_frame(frame[["fecha"]], text="fecha")["cx_status"].tolist()


def test_timestamps_python_cannot_hold_are_dates_out_of_range(spark):
    """A timestamp past 9999, or 0001-01-01 UTC in a session time zone west of UTC (Spark's text '0000-12-31 19:03:58'),
    failed the task with a ValueError traceback; they are dates out of range, as a 9999-12-31 sentinel is."""
    zone = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "America/New_York")
    try:
        sdf = spark.sql("select 'ok' as cx_status, 'app' as cx_touchpoints, 9 as nps, stack(3, "
                        "timestamp_micros(253402300800000000), timestamp_micros(-62135596800000000), "
                        "timestamp'2024-05-02 10:00:00') as fecha")
        out = cxs.summarize(sdf, nps="nps", period="month", date="fecha", min_n=1)
        assert out.attrs["date_out_of_range"] == 2 and out["period"].tolist() == ["2024-05"]
        statuses = cxs.classify(sdf.select("fecha"), text="fecha").select("cx_status").toPandas()["cx_status"]
        assert statuses.tolist() == ["no_comment"] * 3
    finally:
        spark.conf.set("spark.sql.session.timeZone", zone)


def test_a_null_timestamp_is_no_date_in_summarize_and_classify_as_in_pandas(spark, model):
    """A blank in a timestamp column reached the batch as NaN (pandas 3's text), and summarize with period= failed
    the job with "fromisoformat: argument must be str"; the local engine counts the row as having no date."""
    import datetime

    frame = pd.DataFrame({"comentario": ["Muy mal servicio", "Excelente atención", "El envío llegó tarde"] * 2,
                          "nps": [0, 10, 5] * 2,
                          "fecha": [datetime.datetime(2024, 1 + i, 3) for i in range(5)] + [None]})
    sdf = cxs.classify(spark.createDataFrame(frame), text="comentario")
    local = cxnlp.summarize(model.classify_frame(frame, text="comentario"), nps="nps", period="month", date="fecha")
    result = cxs.summarize(sdf, nps="nps", period="month", date="fecha")
    assert result.attrs["date_excluded"] == local.attrs["date_excluded"] == 1
    assert result["n"].tolist() == local["n"].tolist()
    statuses = [row.cx_status for row in cxs.classify(spark.createDataFrame(frame), text="fecha").collect()]
    assert statuses == model.classify_frame(frame[["fecha"]], text="fecha")["cx_status"].tolist()


def test_two_threads_zipping_one_model_both_finish(tmp_path, monkeypatch):
    """Classify calls from two driver threads (one model, one SparkContext) both zip the model to one path: they
    wrote one partial file, and the one that renamed it second failed with FileNotFoundError. Here the second
    zip is written whole while the first is between two of its files."""
    import zipfile

    folder = tmp_path / "modelo"
    folder.mkdir()
    for name in ("meta.json", "classifier.json", "notas.txt"):
        (folder / name).write_bytes(name.encode() * 1000)
    (folder / "clave").symlink_to(folder / "notas.txt")
    path = tmp_path / "root" / "cxnlp-models" / "cxnlp-model-x.zip"
    write = zipfile.ZipFile.write
    other = []

    def write_then_let_the_other_thread_zip(archive, filename, arcname=None, *args, **kwargs):
        write(archive, filename, arcname, *args, **kwargs)
        if not other:
            other.append(True)
            cxs._zip_files(folder, path)

    monkeypatch.setattr(zipfile.ZipFile, "write", write_then_let_the_other_thread_zip)
    cxs._zip_files(folder, path)
    with zipfile.ZipFile(path) as archive:
        # only the model's own files: a note or a link to a key left beside the model went to every executor
        assert archive.testzip() is None and archive.namelist() == ["classifier.json", "meta.json"]
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_the_shipped_model_zip_is_removed_even_when_the_driver_is_killed(tmp_path):
    """QA M F6: each driver that shipped a model directory left its zip (29 MB for one the shipped model's size) in
    the temporary folder for good; removed by ``atexit`` after that, it still stayed when the driver was killed
    (SIGTERM runs no ``atexit``). A driver ships a model directory, classifies a row and kills itself."""
    import signal
    import subprocess
    import time

    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "models", "default"), tmp_path / "modelo")
    temporary = tmp_path / "tmp"  # the driver's temporary folder, Python's and Spark's
    temporary.mkdir()
    code = ("import os, signal, pandas as pd\n"
            "from pyspark.sql import SparkSession\n"
            "import cxnlp.spark as cxs\n"
            f"spark = SparkSession.builder.master('local[1]').config('spark.ui.enabled', 'false')"
            f".config('spark.local.dir', {str(temporary)!r}).getOrCreate()\n"
            "frame = spark.createDataFrame(pd.DataFrame({'comentario': ['La factura llegó mal']}))\n"
            f"print(cxs.classify(frame, model={str(tmp_path / 'modelo')!r}).first()['cx_status'], flush=True)\n"
            "os.kill(os.getpid(), signal.SIGTERM)\n")
    environment = {**os.environ, "TMPDIR": str(temporary), "PYSPARK_PYTHON": sys.executable}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=environment)
    assert done.returncode == -signal.SIGTERM and done.stdout.split() == ["ok"], done.stderr
    deadline = time.monotonic() + 60  # the JVM exits (and cleans up) once it sees its Python driver gone
    while list(temporary.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert list(temporary.iterdir()) == []


def test_a_summary_by_a_timestamp_column_has_the_dtype_pandas_and_dask_give(spark):
    """By a timestamp column, Spark's summary held datetime64[ns] where cxnlp.summarize and cxnlp.dask.summarize
    held the column's own unit (datetime64[us] in pandas 3): equal values, but frames that compared unequal."""
    import datetime

    import dask.dataframe as dd

    import cxnlp.dask as cxd

    frame = pd.DataFrame({"cx_status": ["ok"] * 6, "nps": [0, 10, 5, 9, 3, 8],
                          "fecha": [datetime.datetime(2024, 1 + i % 2, 3) for i in range(6)]})
    sdf = spark.createDataFrame(frame).repartition(2)
    local = cxnlp.summarize(sdf.toPandas(), by="fecha", nps="nps", min_n=1)
    on_dask = cxd.summarize(dd.from_pandas(frame, npartitions=2), by="fecha", nps="nps", min_n=1)
    on_spark = cxs.summarize(sdf, by="fecha", nps="nps", min_n=1)
    assert on_spark["fecha"].dtype == local["fecha"].dtype == on_dask["fecha"].dtype
    pd.testing.assert_frame_equal(on_spark, local, check_exact=False, rtol=1e-9)
    pd.testing.assert_frame_equal(on_dask, local, check_exact=False, rtol=1e-9)


def test_month_labels_by_week_are_refused_as_cxnlp_summarize_refuses_them(spark):
    """Each batch was split into weeks on its own: May and June were trended as "2024-W18" and "2024-W22" where
    cxnlp.summarize refuses the column. A date column or a timestamp column alike."""
    import datetime

    frame = pd.DataFrame({"cx_status": "ok", "nps": [1, 2, 3, 4, 5, 6], "cx_touchpoints": "['app']",
                          "fecha": [None, "2024-05", "2024-06", "2024-07", "sin fecha", "2024-08"]})
    stamps = frame.assign(fecha=[None] + [datetime.datetime(2024, m, 1) for m in (5, 6, 7, 8, 9)])
    for rows in (frame, stamps):
        sdf = spark.createDataFrame(rows).repartition(3)
        with pytest.raises(DataError) as local:
            cxnlp.summarize(sdf.toPandas(), nps="nps", period="week", date="fecha")
        with pytest.raises(DataError) as err:
            cxs.summarize(sdf, nps="nps", period="week", date="fecha")
        assert str(err.value).startswith("every date in 'fecha' is the first of its month (month labels, such as ")
        assert str(err.value).endswith("so a month does not split into weeks: use period 'month' (--period month), "
                                       "or give a column of dates.")
    assert str(err.value) == str(local.value)  # the first date, in Spark's order of the rows, is pandas' first


@pytest.mark.parametrize("period, fecha", [
    ("month", ["1.250,00", "99", "780", None, "3.400,5", "12"]),  # amounts, read as Excel dates before 1990
    ("week", ["sin fecha", "2024-06-01", "2024-05", "2024-05-14", None, "2024-06"]),  # month labels among days
    ("week", ["2024-01-05", "T1 2024", "T2 2024", "2024-05-02", "T2 2024", "T4 2024"]),  # quarter labels by week
    ("month", ["2024-01-05", "2024-02-05", "T3 2024", "2024-05-02", "T2 2024", "T4 2024"])])  # ... and by month
def test_date_columns_cxnlp_summarize_refuses_are_refused_on_the_driver_in_its_words(spark, period, fecha):
    """Amounts as dates, month labels among days by week and quarter labels by week or month: each batch read its
    rows on its own and trended them, or raised in a worker naming its own first label. Refused as
    cxnlp.summarize refuses them, with its one-line message (the batches keep the rows' order, unshuffled)."""
    frame = pd.DataFrame({"cx_status": "ok", "nps": [1, 2, 3, 4, 5, 6], "cx_touchpoints": "['app']", "fecha": fecha})
    with pytest.raises(DataError) as local:
        cxnlp.summarize(frame, nps="nps", period=period, date="fecha")
    with pytest.raises(DataError) as err:
        cxs.summarize(spark.createDataFrame(frame), nps="nps", period=period, date="fecha")
    assert str(err.value) == str(local.value) and "\n" not in str(err.value)
