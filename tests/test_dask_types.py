"""cxnlp.dask keeps values and types whatever the partitions hold: the part files of ``classify_files`` share one
schema, and ``summarize`` gives the themes, and the ``by`` values, of ``cxnlp.summarize`` on the whole table when
partitions read one column with other types (101 in one, 101.0 or "101" in another)."""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")

import dask  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

import cxnlp  # noqa: E402
import cxnlp.dask as cxd  # noqa: E402
from cxnlp.exceptions import DataError  # noqa: E402


@pytest.fixture(scope="module")
def scheduler():
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster):
        yield cluster.scheduler_address


def _part_types(folder, column: str) -> set[str]:
    return {str(pq.read_schema(part).field(column).type) for part in sorted(folder.glob("*.parquet"))}


def test_the_parts_of_a_dataset_share_one_schema(scheduler, tmp_path):
    """Each part was written with the types its own rows suggested: a whole-number column with blanks in one
    file came out int64 in some parts and double in others, and a list column empty in the first rows as
    ``null`` there; pd.read_parquet refused the dataset, and so did ``--engine dask`` given it again."""
    def scores(lo: int, hi: int, blanks: bool) -> pa.Table:
        return pa.table({"comentario": pa.array(["La entrega llegó tarde"] * (hi - lo)),
                         "nps": pa.array([None if blanks and i % 3 == 0 else i % 11 for i in range(lo, hi)],
                                         pa.int64())})

    (tmp_path / "in").mkdir()
    pq.write_table(scores(0, 40, False), tmp_path / "in" / "a.parquet")
    pq.write_table(scores(40, 80, True), tmp_path / "in" / "b.parquet")
    pd.DataFrame({"comentario": ["La app se cuelga"] * 80,
                  "tags": [None if i < 40 else ["app", "pago"] for i in range(80)]}).to_parquet(tmp_path / "tags.parquet")
    cxd.classify_files(tmp_path / "in", tmp_path / "out_a", scheduler=scheduler)
    cxd.classify_files(tmp_path / "tags.parquet", tmp_path / "out_b", scheduler=scheduler)

    assert len(list((tmp_path / "out_a").glob("*.parquet"))) > 2
    assert _part_types(tmp_path / "out_a", "nps") == {"int64"}  # the input's type, blanks as nulls
    assert _part_types(tmp_path / "out_b", "tags") == {"list<element: string>"}
    nps = pd.read_parquet(tmp_path / "out_a")["nps"]
    blank = [i >= 40 and i % 3 == 0 for i in range(80)]
    assert nps.isna().tolist() == blank and nps.dropna().tolist() == [i % 11 for i in range(80) if not blank[i]]
    tags = pd.read_parquet(tmp_path / "out_b")["tags"]
    assert tags.isna().sum() == 40 and [list(t) for t in tags.dropna()] == [["app", "pago"]] * 40
    for out in ("out_a", "out_b"):  # and cxnlp reads its own output again
        files, kind = cxd.input_files(tmp_path / out)
        assert len(cxd.read_files(files, kind).compute()) == 80


def test_files_that_differ_only_in_nullability_are_one_table(scheduler, tmp_path):
    """The first file's ``id int64 not null`` was copied into the parts' schema, so the part holding the second
    file's blank ids failed to write ("unexpected ValueError") after all the classifying."""
    (tmp_path / "in").mkdir()
    pq.write_table(pa.table({"texto": ["La entrega llegó tarde"] * 40, "id": list(range(40))},
                            schema=pa.schema([pa.field("texto", pa.string()),
                                              pa.field("id", pa.int64(), nullable=False)])),
                   tmp_path / "in" / "a.parquet")
    pq.write_table(pa.table({"texto": ["La app se cuelga"] * 40,
                             "id": pa.array([None if i % 2 else i for i in range(40, 80)], pa.int64())}),
                   tmp_path / "in" / "b.parquet")
    counts = cxd.classify_files(tmp_path / "in", tmp_path / "out", scheduler=scheduler)

    assert sum(counts.values()) == 80
    assert _part_types(tmp_path / "out", "id") == {"int64"}
    ids = pd.read_parquet(tmp_path / "out")["id"]
    assert ids.isna().sum() == 20 and ids.dropna().tolist() == list(range(40)) + list(range(40, 80, 2))


def test_files_whose_types_differ_only_in_width_or_time_unit_are_one_table(scheduler, tmp_path):
    """A file written by pandas 2 (``timestamp[ns]``) beside one written by pandas 3 (``timestamp[us]``), or
    ``string`` beside Arrow's ``large_string``, or ``int32`` beside ``int64``, was refused ("column 'fecha' is
    timestamp[us] there and timestamp[ns] in ..."), though ``cxnlp classify`` reads the folder as one table."""
    (tmp_path / "in").mkdir()
    pq.write_table(pa.table({"comentario": pa.array(["La entrega llegó tarde"] * 30, pa.string()),
                             "fecha": pa.array([1_704_067_200_000_000_000] * 30, pa.timestamp("ns")),
                             "id": pa.array(range(30), pa.int32()), "u": pa.array([7] * 30, pa.uint32())}),
                   tmp_path / "in" / "2023.parquet")
    pq.write_table(pa.table({"comentario": pa.array(["La app se cuelga"] * 30, pa.large_string()),
                             "fecha": pa.array([1_711_929_600_000_000] * 30, pa.timestamp("us")),
                             "id": pa.array(range(30, 60), pa.int64()), "u": pa.array([-1] * 30, pa.int16())}),
                   tmp_path / "in" / "2024.parquet")
    files, kind = cxd.input_files(tmp_path / "in")
    whole = cxnlp.read_table(tmp_path / "in")
    pd.testing.assert_frame_equal(cxd.read_files(files, kind).compute().reset_index(drop=True), whole,
                                  check_dtype=False)
    counts = cxd.classify_files(tmp_path / "in", tmp_path / "out", scheduler=scheduler)

    assert sum(counts.values()) == 60
    assert _part_types(tmp_path / "out", "fecha") == {"timestamp[ns]"}  # the finer unit, as pandas concatenates
    assert _part_types(tmp_path / "out", "comentario") == {"large_string"}
    assert _part_types(tmp_path / "out", "id") == {"int64"} and _part_types(tmp_path / "out", "u") == {"int64"}
    out = pd.read_parquet(tmp_path / "out")
    assert out["fecha"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-01"] * 30 + ["2024-04-01"] * 30
    assert out["id"].tolist() == list(range(60)) and out["u"].tolist() == [7] * 30 + [-1] * 30
    # Types that do not widen to one stay refused: another time zone, or integers no integer type holds.
    pq.write_table(pa.table({"comentario": ["hola"], "fecha": pa.array([0], pa.timestamp("us", "UTC")),
                             "id": pa.array([1], pa.int64()), "u": pa.array([1], pa.int64())}),
                   tmp_path / "in" / "2025.parquet")
    with pytest.raises(DataError, match=r"2025.parquet: column 'fecha' is timestamp\[us, tz=UTC\] there"):
        cxd.read_files(*cxd.input_files(tmp_path / "in"))


def test_floats_widen_and_dates_a_finer_unit_cannot_hold_are_refused_before_any_work(tmp_path):
    """float32 beside float64 was refused though cxnlp.read_table reads them as one table; a timestamp[us] file
    holding 9999-12-31 beside a timestamp[ns] one failed after the cluster started, with a bare OutOfBoundsDatetime."""
    (tmp_path / "in").mkdir()
    pq.write_table(pa.table({"comentario": ["hola"], "nota": pa.array([1.5], pa.float32()),
                             "fecha": pa.array([0], pa.timestamp("ns"))}), tmp_path / "in" / "a.parquet")
    pq.write_table(pa.table({"comentario": ["adiós"], "nota": pa.array([2.25], pa.float64()),
                             "fecha": pa.array([86_400_000_000], pa.timestamp("us"))}), tmp_path / "in" / "b.parquet")
    read = cxd.read_files(*cxd.input_files(tmp_path / "in")).compute()
    assert read["nota"].tolist() == [1.5, 2.25] and str(read["nota"].dtype) == "float64"
    pq.write_table(pa.table({"comentario": ["fin"], "nota": pa.array([3.0], pa.float64()),
                             "fecha": pa.array([253_402_214_400_000_000], pa.timestamp("us"))}),  # 9999-12-31
                   tmp_path / "in" / "c.parquet")
    with pytest.raises(DataError, match=r"c.parquet: column 'fecha' is timestamp\[us\] there .* do not fit"):
        cxd.read_files(*cxd.input_files(tmp_path / "in"))


def test_dates_are_checked_from_the_column_itself(tmp_path):
    """The check once read row-group statistics by the Arrow field's position (another column's after a nested
    one) and refused files written without statistics."""
    nested = pa.struct([("a", pa.int64())])
    (tmp_path / "in").mkdir()
    for name, unit, value in [("a", "ns", 0), ("b", "us", 86_400_000_000)]:
        pq.write_table(pa.table({"extra": pa.array([{"a": 1}], nested), "comentario": ["hola"],
                                 "fecha": pa.array([value], pa.timestamp(unit))}),
                       tmp_path / "in" / f"{name}.parquet", write_statistics=False)
    read = cxd.read_files(*cxd.input_files(tmp_path / "in")).compute()
    assert read["fecha"].dt.strftime("%Y-%m-%d").tolist() == ["1970-01-01", "1970-01-02"]
    pq.write_table(pa.table({"extra": pa.array([{"a": 1}], nested), "comentario": ["fin"],
                             "fecha": pa.array([253_402_214_400_000_000], pa.timestamp("us"))}),
                   tmp_path / "in" / "c.parquet", write_statistics=False)
    with pytest.raises(DataError, match=r"c.parquet: column 'fecha' is timestamp\[us\] there .* do not fit"):
        cxd.read_files(*cxd.input_files(tmp_path / "in"))


def test_list_cells_of_a_parquet_file_summarise_as_in_pandas(tmp_path):
    """pd.read_parquet gives a list cell as an array, and Dask turns it into numpy's text, "['delivery' 'support']",
    without commas: it was one made-up theme, "delivery' 'support", and one made-up emotion."""
    frame = pd.DataFrame({"cx_status": ["ok"] * 8, "cx_sentiment": ["negative", "positive"] * 4,
                          "cx_touchpoints": [["delivery", "product", "support"], ["app", "general"]] * 4,
                          "cx_emotions": [["anger", "worry"], []] * 4, "nps": range(8)})
    frame.to_parquet(tmp_path / "labels.parquet")
    back = pd.read_parquet(tmp_path / "labels.parquet")
    want = cxnlp.summarize(back, by="touchpoints", nps="nps", min_n=1)
    with dask.config.set(scheduler="synchronous"):
        lists = dd.from_pandas(back, npartitions=2)
        assert lists["cx_touchpoints"].compute().iloc[0] == "['delivery' 'product' 'support']"
        got = cxd.summarize(lists, by="touchpoints", nps="nps", min_n=1)
    assert got["theme"].tolist() == want["theme"].tolist() == ["app", "delivery", "general", "product", "support"]
    assert got.attrs["signals"]["emotions"]["counts"]["anger"] == 4
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)
    assert got.attrs == want.attrs


def test_list_cells_with_null_items_summarise_as_in_pandas(tmp_path):
    """Round parity2: an Arrow list with a null item is an array holding None, which Dask writes "['delivery' None]":
    read as the made-up theme "delivery' none" and emotion "frustration' none" (and "[None]" as 'none'), where
    cxnlp.summarize of the arrays, and the service, read the null item as no label. A Python or JSON list written as
    text reads its None or null alike."""
    table = pa.table({"cx_status": ["ok"] * 6, "cx_sentiment": ["negative", "positive"] * 3,
                      "cx_touchpoints": pa.array([["delivery", None], ["app"], [None]] * 2, pa.list_(pa.string())),
                      "cx_emotions": pa.array([["frustration", None], [None], []] * 2, pa.list_(pa.string())),
                      "nps": range(6)})
    pq.write_table(table, tmp_path / "labels.parquet")
    back = pd.read_parquet(tmp_path / "labels.parquet")
    want = cxnlp.summarize(back, by="touchpoints", nps="nps", min_n=1)
    with dask.config.set(scheduler="synchronous"):
        lists = dd.from_pandas(back, npartitions=2)
        assert lists["cx_touchpoints"].compute().iloc[0] == "['delivery' None]"
        got = cxd.summarize(lists, by="touchpoints", nps="nps", min_n=1)
    assert got["theme"].tolist() == want["theme"].tolist() == ["app", "delivery"]
    assert got.attrs["signals"]["emotions"] == want.attrs["signals"]["emotions"]
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)
    written = back.assign(cx_touchpoints=["['delivery', None]", '["app", null]', "[None]"] * 2)
    assert cxnlp.summarize(written, by="touchpoints", nps="nps", min_n=1)["theme"].tolist() == ["app", "delivery"]


def test_one_value_read_as_other_types_by_partitions_is_one_theme(tmp_path):
    """A store id, int64 in two Parquet files and blank in some rows of the second, is int in one partition and
    float (101.0) in the other; and an object column holds 101 and "101". Each gave two themes, with the n, NPS
    and below_min_n of half the store's rows."""
    def stores(lo: int, hi: int, blanks: bool) -> pa.Table:
        return pa.table({"cx_status": pa.array(["ok"] * (hi - lo)), "nps": pa.array([i % 11 for i in range(lo, hi)]),
                         "tienda": pa.array([None if blanks and i % 4 == 0 else 101 + (i % 3 == 0)
                                             for i in range(lo, hi)], pa.int64())})
    pq.write_table(stores(0, 40, False), tmp_path / "a.parquet")
    pq.write_table(stores(40, 80, True), tmp_path / "b.parquet")
    want = cxnlp.summarize(pd.read_parquet(tmp_path), by="tienda", nps="nps", min_n=30)
    with dask.config.set(scheduler="synchronous"):
        got = cxd.summarize(dd.read_parquet(tmp_path), by="tienda", nps="nps", min_n=30)
        assert want["theme"].tolist() == ["101", "102"] and want["below_min_n"].tolist() == [False, True]
        pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)  # tienda 101.0, as in pandas
        assert got.attrs == want.attrs

        frame = pd.DataFrame({"cx_status": "ok", "nps": [9] * 6,
                              "tienda": pd.Series([101] * 3 + ["101"] * 3, dtype=object)})
        want = cxnlp.summarize(frame, by="tienda", nps="nps", min_n=1)
        with dask.config.set({"dataframe.convert-string": False}):
            got = cxd.summarize(dd.from_pandas(frame, npartitions=2), by="tienda", nps="nps", min_n=1)
    assert got[["tienda", "theme", "n"]].values.tolist() == want[["tienda", "theme", "n"]].values.tolist() == [
        [101, "101", 6]]


def test_by_values_keep_their_types(tmp_path):
    """A date, a decimal or a period in a ``by`` column came back as its text ('2024-01-01 00:00:00'), where
    ``cxnlp.summarize`` gives the values themselves."""
    from datetime import date
    from decimal import Decimal

    days = pd.to_datetime(["2024-01-01"] * 3 + ["2024-01-08"] * 3)
    frame = pd.DataFrame({"cx_status": "ok", "nps": [9, 10, 3, 9, 8, 7], "semana": days,
                          "hora": days.tz_localize("UTC").tz_convert("Europe/Madrid").as_unit("ms"),
                          "dia": [d.date() for d in days], "importe": [Decimal("10.50")] * 3 + [Decimal("7.25")] * 3,
                          "mes": days.to_period("M"), "espera": pd.to_timedelta([1, 1, 1, 2, 2, 2], unit="D")})
    frame.to_parquet(tmp_path / "t.parquet")
    with dask.config.set({"scheduler": "synchronous", "dataframe.convert-string": False}):  # objects as they are
        for table, ddf in ((frame, dd.from_pandas(frame, npartitions=2)),  # date32 and decimal128 from Parquet
                           (pd.read_parquet(tmp_path / "t.parquet"), dd.read_parquet(tmp_path / "t.parquet"))):
            for by in ("semana", "hora", "dia", "importe", "mes", "espera", ["semana", "importe"]):
                want = cxnlp.summarize(table, by=by, nps="nps", min_n=1)
                got = cxd.summarize(ddf, by=by, nps="nps", min_n=1)
                pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)
        assert cxd.summarize(ddf, by="dia", min_n=1)["dia"].tolist() == [date(2024, 1, 1), date(2024, 1, 8)]
    assert isinstance(want.loc[0, "semana"], pd.Timestamp) and isinstance(want.loc[0, "importe"], Decimal)


def test_whole_numbers_are_floats_where_another_partition_has_blanks(tmp_path):
    """The whole table's column is float when any file has blanks, even a file whose rows have no store at all."""
    pq.write_table(pa.table({"cx_status": ["ok"] * 4, "nps": [1, 2, 3, 4], "tienda": [101, 101, 102, 102]}),
                   tmp_path / "a.parquet")
    pq.write_table(pa.table({"cx_status": ["ok"] * 2, "nps": [5, 6], "tienda": pa.array([None, None], pa.int64())}),
                   tmp_path / "b.parquet")
    want = cxnlp.summarize(pd.read_parquet(tmp_path), by="tienda", nps="nps", min_n=1)
    with dask.config.set(scheduler="synchronous"):
        got = cxd.summarize(dd.read_parquet(tmp_path), by="tienda", nps="nps", min_n=1)
    assert want["tienda"].tolist() == [101.0, 102.0] and want["tienda"].dtype == "float64"
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)


def test_a_sentiment_label_of_your_own_named_like_a_summary_column_has_its_own_column_as_in_pandas():
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "delivery", "nps": [3, 9] * 20,
                          "cx_sentiment": ["negative"] * 5 + ["positive"] * 20 + ["net_sentiment"] * 10 + ["n"] * 5})
    want = cxnlp.summarize(frame, nps="nps", min_n=5)
    got = cxd.summarize(dd.from_pandas(frame, npartitions=3), nps="nps", min_n=5)
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)
    assert got.attrs == want.attrs and want.attrs["own_sentiments"]["net_sentiment"] == "sentiment_net_sentiment"


def test_large_integers_with_nulls_are_written_exactly(scheduler, tmp_path):
    """An int64 column with a null came out of a partition as float (2**53 + 1 written as 2**53), and a uint64 one
    above 2**63 failed the write of its part ("unexpected ArrowInvalid") after all the classifying."""
    (tmp_path / "in").mkdir()
    ids, big = [2**53 + 1, None, 1234567890123456789], [2**64 - 1, None, 3]
    pq.write_table(pa.table({"id": pa.array(ids, pa.int64()), "u": pa.array(big, pa.uint64()),
                             "texto": ["La entrega llegó tarde", "La app se cuelga", "Muy buen servicio"]}),
                   tmp_path / "in" / "a.parquet")
    cxd.classify_files(tmp_path / "in", tmp_path / "out", scheduler=scheduler)

    back = pq.read_table(tmp_path / "out")
    assert back.column("id").to_pylist() == ids and back.schema.field("id").type == pa.int64()
    assert back.column("u").to_pylist() == big and back.schema.field("u").type == pa.uint64()


def test_integers_without_nulls_read_back_as_int64_as_without_dask(scheduler, tmp_path):
    """Every integer column came out nullable (Int64) once nullable integers were read for columns with nulls, where
    the local engine gives int64: only files whose integer columns hold a null are read so."""
    from cxnlp.batch import classify_file

    (tmp_path / "in").mkdir()
    pq.write_table(pa.table({"id": pa.array([1, 2, 3], pa.int64()),
                             "texto": ["La entrega llegó tarde", "La app se cuelga", "Muy buen servicio"]}),
                   tmp_path / "in" / "a.parquet")
    cxd.classify_files(tmp_path / "in", tmp_path / "out", scheduler=scheduler)
    classify_file(tmp_path / "in" / "a.parquet", tmp_path / "local.parquet")
    assert pd.read_parquet(tmp_path / "out")["id"].dtype == pd.read_parquet(tmp_path / "local.parquet")["id"].dtype == "int64"


def test_files_whose_types_differ_in_nulls_precision_or_categories_are_one_table(scheduler, tmp_path):
    """QA M F1: an NPS column int64 in one daily file and double in another (a blank answer), a column with no
    value in a file (Arrow's ``null``, the comment column included), decimals at another precision, a list
    column whose lists are all empty (``list<null>``) and categoricals with int8 and int16 indices were each
    refused ("write them with one schema"), though ``cxnlp classify`` reads the folder as one table."""
    import decimal

    (tmp_path / "in").mkdir()
    pd.DataFrame({"comentario": ["La entrega llegó tarde", "Muy buena atención"], "nps": [9, 3],
                  "email": ["a@x.com", None], "importe": [decimal.Decimal("1.50"), decimal.Decimal("20.25")],
                  "tags": [["a"], ["b", "c"]], "region": pd.Categorical(["n", "s"])}
                 ).to_parquet(tmp_path / "in" / "a.pq")
    pd.DataFrame({"comentario": [None, None], "nps": [10, None], "email": [None, None],
                  "importe": [decimal.Decimal("12345.50"), decimal.Decimal("1.5")], "tags": [[], []],
                  "region": pd.Categorical(["r1", "r299"], categories=[f"r{i}" for i in range(300)])}
                 ).to_parquet(tmp_path / "in" / "b.pq")
    files, kind = cxd.input_files(tmp_path / "in")
    read = cxd.read_files(files, kind).compute().reset_index(drop=True)
    whole = cxnlp.read_table(tmp_path / "in")
    for column in ("comentario", "nps", "email", "importe", "region"):
        assert read[column].astype(object).where(read[column].notna(), None).tolist() == \
            whole[column].astype(object).where(whole[column].notna(), None).tolist(), column
    assert [list(tags) for tags in read["tags"]] == [["a"], ["b", "c"], [], []]
    counts = cxd.classify_files(tmp_path / "in", tmp_path / "out", scheduler=scheduler)

    assert counts == {"ok": 2, "empty": 2}
    assert _part_types(tmp_path / "out", "nps") == {"double"}
    assert _part_types(tmp_path / "out", "importe") == {"decimal128(7, 2)"}
    assert _part_types(tmp_path / "out", "tags") == {"list<element: string>"}
    assert pd.read_parquet(tmp_path / "out")["region"].tolist() == ["n", "s", "r1", "r299"]


def test_a_glob_skips_hidden_and_underscore_names_as_a_folder_does(tmp_path):
    """'salida_spark/*' took Spark's '_SUCCESS' for a third kind of file ("found ['', 'parquet']"), though the
    folder 'salida_spark/' was read; a mix of kinds now names a file of each."""
    folder = tmp_path / "salida_spark"
    folder.mkdir()
    part = folder / "part-00000.snappy.parquet"
    pd.DataFrame({"comentario": ["Llegó tarde"]}).to_parquet(part)
    (folder / "_SUCCESS").touch()
    (folder / ".part-00000.snappy.parquet.crc").touch()
    assert cxd.input_files(f"{folder}/*") == ([part], "parquet") == cxd.input_files(folder)
    (folder / "notas.md").touch()
    with pytest.raises(DataError) as err:
        cxd.input_files(f"{folder}/*")
    assert str(err.value) == (f"{folder}/*: the files must all be CSV or all Parquet, found .md ({folder}/notas.md), "
                              f"parquet ({part}); give one kind per run.")


@pytest.mark.parametrize("name", ["encuesta.jsonl", "encuesta.xlsx"])
def test_one_file_of_a_kind_dask_does_not_read_is_not_told_to_give_one_kind(tmp_path, name):
    """A single JSONL or XLSX file was told "the files must all be CSV or all Parquet ... give one kind per run",
    though it is one kind: the kind is what --engine dask does not read."""
    (tmp_path / name).write_text("x", encoding="utf-8")
    with pytest.raises(DataError) as err:
        cxd.input_files(tmp_path / name)
    suffix = name.split(".")[1]
    assert str(err.value) == (f"{tmp_path / name}: --engine dask reads CSV or Parquet files, found .{suffix} "
                              f"({tmp_path / name}); save it as CSV or Parquet, or classify it with --engine local.")


def test_a_csv_file_a_worker_cannot_read_is_named_as_the_input_named_it(tmp_path, monkeypatch):
    """The first file was named as typed ('encuestas/a.csv') and the others by their absolute path, in one
    message; the local engine names the path as typed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "encuestas").mkdir()
    (tmp_path / "encuestas" / "a.csv").write_text("Comentario;nps\nLlegó tarde;3\n", encoding="utf-8")
    (tmp_path / "encuestas" / "b.csv").write_text("Comentario;otra\nMuy amables;9\n", encoding="utf-8")
    with dask.config.set(scheduler="synchronous"), pytest.raises(DataError) as err:
        cxd.read_files(*cxd.input_files("encuestas")).compute()
    assert str(err.value) == ("encuestas/b.csv: its columns ['Comentario', 'otra'] are not those of encuestas/a.csv "
                              "(['Comentario', 'nps']); one run reads files of one table.")
    (tmp_path / "encuestas" / "b.csv").write_text("", encoding="utf-8")
    with dask.config.set(scheduler="synchronous"), pytest.raises(DataError) as err:
        cxd.read_files(*cxd.input_files("encuestas")).compute()
    assert str(err.value).startswith("encuestas/b.csv: the file is empty; ")


def test_a_text_column_the_files_lack_is_refused_before_a_cluster_starts(tmp_path, monkeypatch):
    """A header or a model that is wrong was refused before the local cluster started, but a --text the files do
    not have only after all its worker processes had started (one per CPU)."""
    import distributed

    (tmp_path / "a.csv").write_text("Comentario;nps\nLlegó tarde;3\n", encoding="utf-8")

    def no_cluster(*args, **kwargs):
        raise AssertionError("a cluster was started")

    monkeypatch.setattr(distributed, "LocalCluster", no_cluster)
    with pytest.raises(DataError) as err:
        cxd.classify_files(tmp_path / "a.csv", tmp_path / "out", text="nada")
    assert str(err.value) == "Text column 'nada' not found; the table has columns ['Comentario', 'nps']."
    assert not (tmp_path / "out").exists()


def test_a_header_row_for_parquet_files_says_what_to_do(tmp_path):
    """The local engine's message ends "leave out --header-row (header_row=...)"; --engine dask's said only that
    there was no header line to choose."""
    pd.DataFrame({"comentario": ["Llegó tarde"]}).to_parquet(tmp_path / "a.parquet")
    with pytest.raises(DataError) as err:
        cxd.read_files([tmp_path / "a.parquet"], "parquet", header_row=2)
    assert str(err.value) == ("header row 2 was given, but the input files are Parquet: their columns are named in the "
                              "file, so there is no header line to choose; leave out --header-row (header_row=...).")


def test_a_glob_that_spells_an_underscore_name_reads_it(tmp_path):
    """Skipping '_' names below a glob's folder also skipped those the pattern named: 'in/_x*.csv' and
    '*/_parte.csv' found no input files, though they read them before; '*' still leaves out '_SUCCESS'."""
    folder = tmp_path / "in"
    (folder / "_datos").mkdir(parents=True)
    for path in (folder / "_x1.csv", folder / "_datos" / "a.csv", folder / "b.csv"):
        path.write_text("comentario\nhola\n", encoding="utf-8")
    (folder / "_SUCCESS").touch()
    assert cxd.input_files(f"{folder}/_x*.csv") == ([folder / "_x1.csv"], "csv")
    assert cxd.input_files(f"{tmp_path}/*/_x1.csv") == ([folder / "_x1.csv"], "csv")
    assert cxd.input_files(f"{folder}/_dat*/*.csv") == ([folder / "_datos" / "a.csv"], "csv")
    assert cxd.input_files(f"{folder}/*") == ([folder / "b.csv"], "csv")


def test_a_glob_that_matches_only_skipped_names_says_so(tmp_path):
    """'in/*.csv' over files named '_2024.csv' said only "no input files found; give a CSV or Parquet file...",
    though the glob matched them: they are skipped as '_' names, which the message now says, with a glob that
    reads them."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "_2024.csv").write_text("comentario\nhola\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        cxd.input_files(f"{tmp_path}/in/*.csv")
    assert str(err.value) == (f"{tmp_path}/in/*.csv: no input files found; the glob matches only hidden or '_' names "
                              f"({tmp_path}/in/_2024.csv), which are skipped; spell the '_' or '.' in it to read them "
                              f"('{tmp_path}/in/_*.csv').")
    assert cxd.input_files(f"{tmp_path}/in/_*.csv") == ([tmp_path / "in" / "_2024.csv"], "csv")


def test_a_text_column_a_frame_lacks_names_the_table_not_a_file(model):
    """On a Dask DataFrame (or a pandas one) the message said "the file has columns": there is no file."""
    frame = pd.DataFrame({"Comentario": ["Llegó tarde"], "nps": [3]})
    said = "Text column 'nada' not found; the table has columns ['Comentario', 'nps']."
    with pytest.raises(DataError) as err:
        cxd.classify(dd.from_pandas(frame, npartitions=1), text="nada")
    assert str(err.value) == said
    with pytest.raises(DataError) as err:
        model.classify_frame(frame, text="nada")
    assert str(err.value) == said


def test_month_labels_by_week_are_refused_as_cxnlp_summarize_refuses_them():
    """Each partition was split into weeks on its own, so Dask trended May and June as "2024-W18" and "2024-W22"
    where cxnlp.summarize refuses the column; the check now adds up over the partitions, and names the first date."""
    frame = pd.DataFrame({"cx_status": "ok", "nps": [1, 2, 3, 4, 5, 6], "cx_touchpoints": "['app']",
                          "fecha": ["sin fecha", "2024-01", "2024-02", "2024-03", "2024-04", None]})
    with pytest.raises(DataError) as local:
        cxnlp.summarize(frame, nps="nps", period="week", date="fecha")
    assert str(local.value).startswith("every date in 'fecha' is the first of its month (month labels, such as "
                                       "'2024-01'?), so a month does not split into weeks")
    for parts in (1, 3, 6):
        with pytest.raises(DataError) as err:
            cxd.summarize(dd.from_pandas(frame, npartitions=parts), nps="nps", period="week", date="fecha")
        assert str(err.value) == str(local.value)
    # Dates, one of them not a first: weeks are read. (One label made a day, '2024-03-05' among month labels, is
    # the mix that cxnlp.summarize refuses in other words.)
    days = frame.assign(fecha=["sin fecha", "2024-01-01", "2024-02-01", "2024-03-05", "2024-04-01", None])
    pd.testing.assert_frame_equal(cxd.summarize(dd.from_pandas(days, npartitions=3), nps="nps", period="week",
                                                date="fecha"),
                                  cxnlp.summarize(days, nps="nps", period="week", date="fecha"))


def test_month_labels_by_week_read_only_the_partitions_the_example_needs(monkeypatch):
    """The message's example (the first date) was taken from every partition: a lazy classify ran whole again, for
    an error. Partitions are read as Spark's first() reads them: the first, then more where it held no date."""
    from cxnlp import _partitions

    frame = pd.DataFrame({"cx_status": "ok", "nps": range(8), "cx_touchpoints": "['app']",
                          "fecha": [None, None, "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]})
    read, first_date = [], _partitions.first_date
    monkeypatch.setattr(_partitions, "first_date", lambda part, plan: read.append(len(part)) or first_date(part, plan))
    for parts, partitions_read in ((8, 1 + 4), (4, 1 + 3), (2, 1)):  # all 8, 4 and 2 were read
        read.clear()
        # in this process (the module's Client would read them in its workers, uncounted), and so with a shuffle
        # that needs no Client (with one alive, Dask picks its peer-to-peer shuffle, which fails without workers)
        with dask.config.set({"scheduler": "synchronous", "dataframe.shuffle.method": "tasks"}), pytest.raises(
                DataError, match=r"^every date in 'fecha' is the first of its month \(month labels, such as '2024-01'\?\)"):
            cxd.summarize(dd.from_pandas(frame, npartitions=parts, sort=False), nps="nps", period="week", date="fecha")
        assert len(read) == partitions_read


def test_integers_of_objects_and_lists_beside_a_null_stay_exact_as_in_the_local_reader(tmp_path):
    """A Parquet file's ``{"id": 2**53 + 1}`` beside ``{"id": null}`` came out of Dask's partitions as
    9007199254740992.0, and ``[1, null]`` as ``[1.0, nan]``, where cxnlp's own reader keeps the integers."""
    from cxnlp.io import read_table

    (tmp_path / "in").mkdir()
    pq.write_table(pa.table({"texto": ["bien", "mal", "ok"], "meta": [{"id": 2**53 + 1}, {"id": None}, None],
                             "lista": [[1, None], [2**60 + 1], None]}), tmp_path / "in" / "a.parquet")
    with dask.config.set(scheduler="synchronous"):
        got = cxd.read_files(*cxd.input_files(tmp_path / "in")).compute()
    want = read_table(tmp_path / "in" / "a.parquet")
    assert got["meta"].tolist() == want["meta"].tolist() == [{"id": 2**53 + 1}, {"id": None}, None]
    assert got["lista"].tolist() == want["lista"].tolist() == [[1, None], [2**60 + 1], None]
    assert type(got["lista"].iloc[0][0]) is int


def test_amounts_given_as_the_date_column_are_refused_as_cxnlp_summarize_refuses_them():
    """A column of amounts read as Excel dates before 1990 is a one-line error to cxnlp.summarize; each Dask partition
    was read on its own and trended them as 1900 to 1909. The check now adds up over the partitions."""
    frame = pd.DataFrame({"cx_status": "ok", "nps": [9, 3, 10, 7, 8, 6], "cx_touchpoints": "['app']",
                          "importe": ["1.250,00", "99", "780", None, "3.400,5", "12"]})
    with pytest.raises(DataError) as local:
        cxnlp.summarize(frame, nps="nps", period="month", date="importe")
    assert str(local.value).startswith("date column 'importe' holds numbers, which read as Excel dates before 1990 "
                                       "(such as '99': 1900-04-08)")
    for parts in (1, 3, 6):
        with pytest.raises(DataError) as err:
            cxd.summarize(dd.from_pandas(frame, npartitions=parts, sort=False), nps="nps", period="month",
                          date="importe")
        assert str(err.value) == str(local.value)
    # One date from 1990 on, in another partition than the numbers: a column of dates, read by both alike.
    dated = frame.assign(importe=["1.250,00", "99", "780", None, "3.400,5", "45474"])
    pd.testing.assert_frame_equal(cxd.summarize(dd.from_pandas(dated, npartitions=3, sort=False), nps="nps",
                                                period="month", date="importe", min_n=1),
                                  cxnlp.summarize(dated, nps="nps", period="month", date="importe", min_n=1))


def test_month_labels_among_days_by_week_are_refused_as_cxnlp_summarize_refuses_them():
    """Month labels among days by week are an error naming the first of each to cxnlp.summarize; each Dask partition
    was split on its own, so a label was trended in the week of its month's first day."""
    frame = pd.DataFrame({"cx_status": "ok", "nps": [1, 2, 3, 4, 5, 6], "cx_touchpoints": "['app']",
                          "fecha": ["sin fecha", "2024-06-01", "2024-05", "2024-05-14", None, "2024-06"]})
    with pytest.raises(DataError) as local:
        cxnlp.summarize(frame, nps="nps", period="week", date="fecha")
    assert str(local.value).startswith("date column 'fecha' mixes month labels (such as '2024-05') with days (such as "
                                       "'2024-06-01'), and a month does not split into weeks")
    for parts in (1, 3, 6):
        with pytest.raises(DataError) as err:
            cxd.summarize(dd.from_pandas(frame, npartitions=parts, sort=False), nps="nps", period="week", date="fecha")
        assert str(err.value) == str(local.value)


def test_quarter_labels_by_week_are_refused_naming_the_columns_first_label():
    """Quarter labels by week: each Dask partition raised on its own, so the error named the first label of whichever
    partition failed first ('T2 2024'), where cxnlp.summarize names the column's first ('T1 2024'). A partition now
    counts its labels, and the error is raised once, from the merged counts, with the column's first label."""
    from cxnlp import _partitions

    frame = pd.DataFrame({"cx_status": "ok", "nps": [1, 2, 3, 4, 5, 6], "cx_touchpoints": "['app']",
                          "fecha": ["2024-01-05", "T1 2024", "T2 2024", "2024-05-02", "T2 2024", "T4 2024"]})
    with pytest.raises(DataError) as local:
        cxnlp.summarize(frame, nps="nps", period="week", date="fecha")
    assert str(local.value).startswith("date column 'fecha' holds quarters, not days (such as 'T1 2024')")
    plan = _partitions.plan_summary(frame.columns, nps="nps", period="week", date="fecha")
    part = _partitions.partial_sums(frame.iloc[4:], plan)  # a partition alone: its labels counted, no error
    assert part.loc[part["field"] == "date:quarters", "value"].tolist() == [2.0]
    for parts in (1, 3, 6):
        with pytest.raises(DataError) as err:
            cxd.summarize(dd.from_pandas(frame, npartitions=parts, sort=False), nps="nps", period="week", date="fecha")
        assert str(err.value) == str(local.value)


def test_files_with_other_columns_list_their_long_names_cut(tmp_path, monkeypatch):
    """Two exports of one Google Form with other questions: the error quoted each 250-character question whole."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "encuestas").mkdir()
    question = "¿Qué tan probable es que recomiende nuestra empresa a un amigo o colega? " * 3
    (tmp_path / "encuestas" / "a.csv").write_text(f'Comentario;"{question}[A]"\nLlegó tarde;3\n', encoding="utf-8")
    (tmp_path / "encuestas" / "b.csv").write_text(f'Comentario;"{question}[B]"\nMuy amables;9\n', encoding="utf-8")
    with dask.config.set(scheduler="synchronous"), pytest.raises(DataError) as err:
        cxd.read_files(*cxd.input_files("encuestas")).compute()
    message = str(err.value)
    assert question not in message and "amigo o colega? [B]'] are not those of encuestas/a.csv" in message


def test_a_queue_or_a_classified_csv_is_classified_without_cxnlp_formula_quote(scheduler, tmp_path):
    """Found by review: the Dask engine read the quote cxnlp wrote before "=SUMA…" in a review queue or a classified
    CSV as part of the comment, and wrote "'=SUMA…" into the dataset; the local engine reads it without."""
    from cxnlp.batch import classify_file, review_file

    texts = ["=SUMA(A1:A3) el precio es caro", "'=x el cobro salió doble", "Muy buena atención en tienda"]
    pd.DataFrame({"comentario": texts}).to_csv(tmp_path / "encuesta.csv", index=False)
    review_file(tmp_path / "encuesta.csv", tmp_path / "cola.csv", n=3)
    classify_file(tmp_path / "encuesta.csv", tmp_path / "clasificada.csv")
    cxd.classify_files(tmp_path / "cola.csv", tmp_path / "cola", scheduler=scheduler)
    cxd.classify_files(tmp_path / "clasificada.csv", tmp_path / "otra_vez", scheduler=scheduler)
    assert sorted(pd.read_parquet(tmp_path / "cola")["text"]) == sorted(texts)
    assert pd.read_parquet(tmp_path / "otra_vez")["comentario"].tolist() == texts


def test_a_classified_csv_read_by_dask_looks_only_at_cells_that_may_carry_cxnlp_quote(tmp_path, monkeypatch):
    """Review of outputs1: the Dask engine dropped cxnlp's quote from every text column by calling Python on each
    cell of each (16 times slower than one column on a classified CSV of 35), where the local engine first sieves
    the column for a cell that starts with "'" and a formula character."""
    import cxnlp.io.formulas as formulas
    from cxnlp._batch_inputs import formula_quotes_dropped
    from cxnlp.schema import OUTPUT_COLUMNS

    n = 500
    frame = pd.DataFrame({**{c: ["ok"] * n for c in OUTPUT_COLUMNS}, "telefono": ["'+34 600"] + ["600"] * (n - 1),
                          "codigo": [f"p{i}" for i in range(n)], "comentario": ["Muy bien"] * n})
    frame.to_csv(tmp_path / "clasificada.csv", index=False)
    looked, drop = [], formulas.drop_formula_quote
    monkeypatch.setattr(formulas, "drop_formula_quote", lambda text: looked.append(text) or drop(text))
    ddf = cxd.read_files([tmp_path / "clasificada.csv"], "csv", None)
    with dask.config.set(scheduler="synchronous"):
        out = formula_quotes_dropped(ddf, tmp_path / "clasificada.csv", "comentario").compute()
    assert out["telefono"].tolist() == ["+34 600"] + ["600"] * (n - 1)
    assert out["codigo"].tolist() == frame["codigo"].tolist()
    assert len(looked) <= 2 * n  # the phone column's cells once more, not every cell of 17 columns


def test_a_part_file_stores_attrs_as_the_local_writer_does(tmp_path, recwarn):
    """A partition's attrs went into its part file unfiltered: an answer quoted from the input for a warning
    (``score_examples``) became the file's metadata, and one value JSON cannot hold made pyarrow drop every attr
    with a warning in each task. Now they are stored as ``io.common.stored_attrs`` stores a local file's."""
    import json

    from cxnlp._dask_parts import part_schema, write_part

    frame = pd.DataFrame({"comentario": ["hola"], "cx_status": ["ok"]})
    schema = part_schema(frame)
    frame.attrs = {"score_examples": ["ana@correo.es"], "n_examples": 3, "model": object()}
    assert write_part(frame, str(tmp_path / "part.0.parquet"), schema) == {"ok": 1}
    stored = json.loads(pq.read_schema(tmp_path / "part.0.parquet").metadata[b"pandas"]).get("attributes")
    assert stored == {"n_examples": 3}
    assert not [w for w in recwarn if "attrs" in str(w.message)]
    assert "score_examples" in frame.attrs  # the partition itself is left as it was
