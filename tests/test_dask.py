"""cxnlp.dask on a LocalCluster of two worker processes: on 5,000 mixed rows (``tests/mixed_rows.py``)
the same rows, values and dtypes as ``Model.classify_frame``, the model loaded once per worker,
summaries equal to ``cxnlp.summarize``, the CLI's ``--engine dask``, and a worker killed mid-job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")

import dask  # noqa: E402
import dask.dataframe as dd  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402
from mixed_rows import NOT_TEXT, SCORES, TEXT, classified, mixed_rows  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

import cxnlp  # noqa: E402
import cxnlp.dask as cxd  # noqa: E402
from cxnlp import _partitions  # noqa: E402
from cxnlp.cli import app  # noqa: E402
from cxnlp.exceptions import ConfigError, DataError, ModelFormatError  # noqa: E402
from cxnlp.io import read_table  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield cluster, client


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return mixed_rows()


@pytest.fixture(scope="module")
def expected(model) -> pd.DataFrame:
    return classified(model)  # once per session, shared with tests/test_spark.py


def as_dask(frame: pd.DataFrame, npartitions: int) -> dd.DataFrame:
    """``frame`` as it is: by default Dask turns object columns into strings (7 into "7"), and the
    point is to classify the very same values."""
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_pandas(frame, npartitions=npartitions)


def _same_rows(result: pd.DataFrame, expected: pd.DataFrame, check_dtype: bool = True) -> None:
    """Equal values, rows in the same order, ``cx_`` columns typed as ``CX_DTYPES``; input columns
    keep their dtypes unless ``check_dtype`` is False (Dask's default reads text as ``string``)."""
    assert list(result.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(result.reset_index(drop=True), expected.reset_index(drop=True),
                                  check_dtype=check_dtype)
    for column, dtype in _partitions.CX_DTYPES.items():
        assert result[column].dtype == dtype, column


@pytest.mark.slow  # classifies 5,000 rows on a cluster (the default run's time budget)
def test_classify_matches_classify_frame_row_for_row(cluster, rows, expected):
    _, client = cluster
    assert len(rows) == 5000
    out = cxd.classify(as_dask(rows, 8), text=TEXT)
    assert dict(out.dtypes[list(_partitions.CX_DTYPES)]) == {k: pd.api.types.pandas_dtype(v) for k, v in _partitions.CX_DTYPES.items()}
    result = out.compute()
    assert result.index.tolist() == rows.index.tolist()
    _same_rows(result, expected)
    # Loaded once per worker process, by the plugin, however many partitions and jobs each one ran.
    cxd.classify(as_dask(rows.head(200), 4), text=TEXT).compute()
    assert set(client.run(lambda: _partitions.LOADS["count"]).values()) == {1}


def test_classify_detects_the_text_column_and_runs_without_a_cluster(rows, expected):
    out = cxd.classify(dd.from_pandas(rows.head(60), npartitions=3)).compute(scheduler="sync")
    _same_rows(_missing_as_none(out), _missing_as_none(expected.head(60)), check_dtype=False)


def _missing_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its input text columns as objects, a missing cell None: Dask's default reads text as
    ``string``, where a missing comment is <NA>, and ``expected`` (pandas) holds NaN there."""
    text = [c for c in frame.columns if not str(c).startswith("cx_")
            and (frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c].dtype))]
    return frame.assign(**{c: frame[c].astype(object).where(frame[c].notna(), None) for c in text})


def test_values_that_are_not_text_get_a_status(cluster, model):
    # A Spark column has one type; a Dask object column can hold numbers and booleans beside text.
    comments = pd.Series([*NOT_TEXT, "muy bien", None, "\ud83d roto"] * 3, dtype=object)
    frame = pd.DataFrame({"id": range(len(comments)), TEXT: comments})
    want = model.classify_frame(frame, text=TEXT).astype(_partitions.CX_DTYPES)
    _same_rows(cxd.classify(as_dask(frame, 4), text=TEXT).compute(), want)
    assert set(want["cx_status"][frame[TEXT].isin(NOT_TEXT)]) == {"no_comment"}


def test_classify_reads_the_industry_and_refuses_an_unknown_one(cluster, rows, model):
    frame = rows.head(300)
    want = model.classify_frame(frame, text=TEXT, industry="telecom").astype(_partitions.CX_DTYPES)
    _same_rows(cxd.classify(as_dask(frame, 3), text=TEXT, industry="telecom").compute(), want)
    # "auto" recognises each comment's industry on its own: partitions cannot change a row's result.
    want = model.classify_frame(frame, text=TEXT, industry="auto").astype(_partitions.CX_DTYPES)
    _same_rows(cxd.classify(as_dask(frame, 3), text=TEXT, industry="auto").compute(), want)
    assert want.equals(model.classify_frame(frame, text=TEXT).astype(_partitions.CX_DTYPES))  # the default reading
    without = model.classify_frame(frame, text=TEXT, industry=None)["cx_touchpoints"].astype("string")
    assert not want["cx_touchpoints"].equals(without)
    with pytest.raises(cxnlp.ConfigError, match="industry='banca'"):
        cxd.classify(as_dask(frame, 1), text=TEXT, industry="banca")


def test_classify_errors_name_the_problem(rows):
    with pytest.raises(DataError, match="dask DataFrame"):
        cxd.classify(rows)
    with pytest.raises(DataError, match="row_id"):
        cxd.classify(dd.from_pandas(rows[["row_id"]], npartitions=1), text="comentarios")
    with pytest.raises(DataError, match="save it"):
        cxd.classify(dd.from_pandas(rows, npartitions=1), model=cxnlp.load())


def test_the_core_imports_neither_dask_nor_pyspark():
    code = ("import sys, cxnlp, cxnlp.cli, cxnlp.model, cxnlp.metrics, cxnlp.batch, cxnlp._partitions; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'pyspark')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_worker_with_another_model_refuses_it(tmp_path):
    ref = _partitions.model_ref(None)
    with pytest.raises(ModelFormatError, match="not the one the job was submitted with"):
        _partitions.model_for(_partitions.ModelRef("0" * 64, ref.path))
    with pytest.raises(ModelFormatError, match=f"{tmp_path}/gone: this worker has no model there.*shared"):
        _partitions.model_for(_partitions.ModelRef("0" * 64, str(tmp_path / "gone")))



def test_a_worker_reads_meta_json_within_the_limit_load_reads_it_in(tmp_path):
    """A worker hashed the model's meta.json with no size limit (a sparse 2 GB one was read whole), where load
    refuses one over MAX_META_BYTES."""
    from cxnlp._model_files import MAX_META_BYTES

    meta = tmp_path / "model" / "meta.json"
    meta.parent.mkdir()
    with open(meta, "wb") as fh:
        fh.truncate(MAX_META_BYTES + 1)
    for call in (lambda: _partitions.meta_sha256(meta.parent),
                 lambda: _partitions.model_for(_partitions.ModelRef("0" * 64, str(meta.parent)))):
        with pytest.raises(ModelFormatError) as caught:
            call()
        assert str(caught.value) == (f"{meta}: over {MAX_META_BYTES:,} bytes, more than a model's meta.json holds; "
                                     f"the model directory is damaged. Retrain or restore the model.")

SUMMARIES = [
    ("touchpoints", {}),
    ("touchpoints×sentiment", {}),
    (None, {}),
    ("País", {"period": "month"}),  # day/month order decided over every partition, as summarize does
    ("areas", {"period": "week", "date": "Fecha", "min_n": 5}),
    ("stage", {"metrics": {"Satisfacción (1-5)": "csat"}, "nps": None, "csat": None, "ces": None}),
]


@pytest.mark.parametrize(("by", "extra"), SUMMARIES)
def test_summarize_equals_cxnlp_summarize(cluster, expected, by, extra):
    args = {**SCORES, **extra}
    want = cxnlp.summarize(expected, by=by, **args)
    got = cxd.summarize(dd.from_pandas(expected, npartitions=7), by=by, **args)
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)  # value, interval, n, impact, p
    assert got.attrs == want.attrs


def test_summarize_refuses_a_scale_a_float_cannot_hold_as_summarize_does():
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "delivery"] * 2, "c": [5, 2, 4, 4]})
    with pytest.raises(cxnlp.ConfigError, match="CSAT scale .* must be two finite whole numbers"):
        cxd.summarize(dd.from_pandas(frame, npartitions=2), csat="c", csat_scale=(1, 10**400))


def test_summarize_checks_a_named_date_and_says_why_auto_is_not_read():
    """As cxnlp.summarize, a misspelt date column is an error without a period; 'auto' is one clear ConfigError."""
    frame = pd.DataFrame({"cx_status": ["ok"] * 4, "cx_touchpoints": ["app"] * 4, "fecha": ["2024-01-05"] * 4})
    with pytest.raises(cxnlp.DataError):
        cxnlp.summarize(frame, date="fech")
    with pytest.raises(cxnlp.DataError):
        cxd.summarize(dd.from_pandas(frame, npartitions=2), date="fech")
    with pytest.raises(cxnlp.ConfigError, match="'auto' chooses from the whole date column"):
        cxd.summarize(dd.from_pandas(frame, npartitions=2), period="auto")


def test_summarize_lists_every_period_name_it_accepts():
    """An unknown period was told to use 'month', 'quarter' or 'week', though 'mes', 'semana' and 'trimestre' are
    read too (cxnlp.summarize lists them)."""
    frame = pd.DataFrame({"cx_status": ["ok"] * 4, "cx_touchpoints": ["app"] * 4, "fecha": ["2024-01-05"] * 4})
    with pytest.raises(cxnlp.ConfigError) as err:
        cxd.summarize(dd.from_pandas(frame, npartitions=2), period="año", date="fecha")
    assert str(err.value) == ("period 'año' is not known; expected one of 'mes', 'month', 'quarter', 'semana', "
                              "'trimestre' or 'week'.")
    assert cxd.summarize(dd.from_pandas(frame, npartitions=2), period="mes", date="fecha", min_n=1)["n"].tolist() == [4]


@pytest.mark.parametrize("dayfirst", ["yes", 1])
def test_summarize_refuses_a_dayfirst_that_is_no_bool_as_summarize_does(dayfirst):
    """dayfirst="yes" was read as True and written into attrs; cxnlp.summarize refuses it."""
    frame = pd.DataFrame({"cx_status": ["ok"] * 4, "cx_touchpoints": ["app"] * 4, "fecha": ["05/01/2024"] * 4})
    with pytest.raises(cxnlp.ConfigError) as err:
        cxd.summarize(dd.from_pandas(frame, npartitions=2), period="month", date="fecha", dayfirst=dayfirst)
    assert str(err.value) == f"dayfirst must be True, False or None, got {dayfirst!r}."


def test_summarize_names_no_date_column_without_a_period_as_summarize_does():
    """date="fecha" without a period put 'fecha' in attrs["date_column"] (and read the column); cxnlp.summarize
    gives None, as no row was split by date."""
    frame = pd.DataFrame({"cx_status": ["ok"] * 4, "cx_touchpoints": ["app"] * 4, "fecha": ["05/01/2024"] * 4})
    got = cxd.summarize(dd.from_pandas(frame, npartitions=2), date="fecha", min_n=1)
    want = cxnlp.summarize(frame, date="fecha", min_n=1)
    assert got.attrs["date_column"] is None and got.attrs == want.attrs


def test_summarize_refuses_a_classified_column_held_twice_as_summarize_does():
    """Two classified tables side by side (two cx_status columns) failed every partition with "ValueError: object
    too deep for desired array"; cxnlp.summarize names the column."""
    frame = pd.DataFrame([["ok", "app", "positive", "empty", "negative"]] * 4,
                         columns=["cx_status", "cx_touchpoints", "cx_sentiment", "cx_status", "cx_sentiment"])
    with pytest.raises(DataError) as err:
        cxd.summarize(dd.from_pandas(frame, npartitions=2), min_n=1)
    assert str(err.value) == ("Classified column 'cx_status' appears 2 times in the table; rename the copies so that "
                              "one column has that name.")


def test_summarize_keeps_a_renamed_by_column_apart_from_a_column_of_its_new_name():
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "n": ["a", "b", "a", "b"],
                          "by_n": ["p", "q", "q", "p"]})
    got = cxd.summarize(dd.from_pandas(frame, npartitions=2), by=["n", "by_n"], min_n=1)
    pd.testing.assert_frame_equal(got, cxnlp.summarize(frame, by=["n", "by_n"], min_n=1))
    assert got.attrs["by"] == ["by_by_n", "by_n"] and sorted(got["by_by_n"]) == ["a", "a", "b", "b"]


def test_summarize_reads_quarter_labels_as_summarize_does():
    """A column of quarter labels ('2024-T1', 'T3 2024') is read by quarter in every partition, and by month is the
    error of cxnlp.summarize: dateutil read them as months."""
    frame = pd.DataFrame({"trimestre": ["2024-T1", "T2 2024", "3T2024", "T4 de 2024"] * 6, "cx_status": "ok",
                          "cx_touchpoints": ["app", "delivery", "app"] * 8, "nps": [10, 9, 3] * 8})
    ddf = dd.from_pandas(frame, npartitions=3)
    args = {"nps": "nps", "date": "trimestre", "min_n": 1}
    got = cxd.summarize(ddf, period="quarter", **args)
    pd.testing.assert_frame_equal(got, cxnlp.summarize(frame, period="quarter", **args), check_exact=False, rtol=1e-9)
    assert sorted(set(got["period"])) == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    with pytest.raises(DataError, match="holds quarters.*--period quarter"):
        cxd.summarize(ddf, period="month", **args)


def test_summarize_after_classify_needs_no_rows_on_the_client(cluster, rows, expected):
    out = cxd.classify(as_dask(rows.iloc[:1500], 5), text=TEXT)
    got = cxd.summarize(out, by="touchpoints", nps=SCORES["nps"])
    pd.testing.assert_frame_equal(got, cxnlp.summarize(expected.iloc[:1500], by="touchpoints", nps=SCORES["nps"]),
                                  check_exact=False, rtol=1e-9)
    with pytest.raises(DataError, match="NPS column"):
        cxd.summarize(out, nps="recomendacion_typo")


def test_classify_files_reads_a_glob_of_csv_and_writes_a_parquet_dataset(cluster, rows, expected, tmp_path):
    scheduler = cluster[0].scheduler_address
    folder = tmp_path / "encuestas"
    folder.mkdir()
    survey = rows[rows["kind"] == "survey"].astype({"row_id": str})  # Spanish only: cp1252 can hold it
    assert len(survey) == 1200
    # Three exports as they come: UTF-8 with commas, cp1252 with semicolons, UTF-8 with a BOM.
    survey.iloc[:500].to_csv(folder / "a.csv", index=False)
    survey.iloc[500:900].to_csv(folder / "b.csv", index=False, sep=";", encoding="cp1252")
    survey.iloc[900:].to_csv(folder / "c.csv", index=False, encoding="utf-8-sig")
    ticks = []
    counts = cxd.classify_files(folder / "*.csv", tmp_path / "out", text=TEXT, scheduler=scheduler,
                                progress=ticks.append)
    result = pd.read_parquet(tmp_path / "out")
    want = expected.loc[survey.index]
    assert result["row_id"].tolist() == survey["row_id"].tolist()
    assert result["cx_status"].tolist() == want["cx_status"].tolist()
    assert result["cx_touchpoints"].fillna("").tolist() == want["cx_touchpoints"].fillna("").tolist()
    assert counts == want["cx_status"].value_counts().to_dict()
    assert sum(ticks) == 1200
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.tmp")]
    with pytest.raises(DataError, match="already exists"):
        cxd.classify_files(folder / "*.csv", tmp_path / "out", scheduler=scheduler)
    with pytest.raises(DataError, match="no input files"):
        cxd.classify_files(tmp_path / "nada" / "*.parquet", tmp_path / "out2", scheduler=scheduler)


@pytest.mark.parametrize("name", ["a.csv", "a.parquet"])
def test_relative_paths_reach_workers_that_run_in_another_folder(cluster, tmp_path, monkeypatch, name):
    """QA M F4: workers of a --scheduler run in their own folder, and the temporary output folder and CSV inputs
    reached them relative: "Failed to open local file '.o.tmp-22637/.part.00003.parquet...'", or "in/a.csv: no such
    file" for a file that is there. This cluster's workers started in the folder the tests run from."""
    (tmp_path / "in").mkdir()
    frame = pd.DataFrame({"comentario": ["Llegó tarde", "Muy amables"]})
    if name.endswith(".csv"):
        frame.to_csv(tmp_path / "in" / name, index=False)
    else:
        frame.to_parquet(tmp_path / "in" / name)
    monkeypatch.chdir(tmp_path)
    counts = cxd.classify_files(f"in/{name}", "out", scheduler=cluster[0].scheduler_address)
    assert sum(counts.values()) == 2
    assert pd.read_parquet(tmp_path / "out")["comentario"].tolist() == ["Llegó tarde", "Muy amables"]


def test_partitions_read_in_two_threads_at_once_each_say_their_warning_and_leave_warnings_alone(
        tmp_path, threads_in_turn, capsys, no_hang):
    """A worker reads partitions in several threads: each read kept its warnings with
    ``warnings.catch_warnings(record=True)``, which swaps the process-wide filters and ``showwarning``. Two reads
    inside it at once, the first out put back the process's, and the second out put back the first's list: every
    later warning of the process went there, unseen."""
    import warnings

    import cxnlp.io
    from cxnlp import _dask_files

    paths = []
    for name in ("a", "b"):
        paths.append(tmp_path / f"{name}.csv")
        paths[-1].write_text(f"id,comentario,comentario\n1,{name},excelente\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        columns = list(read_table(paths[0]).columns)
    turns = threads_in_turn(cxnlp.io, "read_table", ("a", "b"))
    found = {}

    def partition(name):
        path = tmp_path / f"{name}.csv"
        found[name] = _dask_files._read_csv_like(str(path), str(path), header_row=None, columns=columns,
                                                 first=str(paths[0]))

    with no_hang("two threads reading partitions"), warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        before = list(warnings.filters)
        turns.run(partition)
        after = list(warnings.filters)
        warnings.warn("said after both", UserWarning)
    assert after == before and [str(w.message) for w in seen] == ["said after both"]
    said = [line for line in capsys.readouterr().err.splitlines() if "more than once" in line]
    assert len(said) == 2 and all(line.startswith("warning: the file names 1 column(s) more than") for line in said)
    assert [found[name].iloc[0, 1] for name in ("a", "b")] == ["a", "b"]


def test_files_opened_in_two_threads_at_once_each_say_their_warning_and_leave_warnings_alone(
        tmp_path, threads_in_turn, no_hang):
    """The client reads each input's header with its warnings kept to say them once: with
    ``warnings.catch_warnings(record=True)``, two threads opening inputs at once left every later warning of the
    process in the list of the first thread's read (as the workers' reads above)."""
    import warnings

    import cxnlp.io
    from cxnlp import _dask_files

    paths = []
    for name in ("a", "b"):
        paths.append(tmp_path / f"{name}.csv")
        paths[-1].write_text(f"id,comentario,comentario\n1,{name},excelente\n", encoding="utf-8")
    turns = threads_in_turn(cxnlp.io, "iter_table", ("a", "b"))
    found = {}

    def open_input(name):
        found[name] = _dask_files.read_files([tmp_path / f"{name}.csv"], "csv")

    with no_hang("two threads opening inputs"), warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        before = list(warnings.filters)
        turns.run(open_input)
        after = list(warnings.filters)
        warnings.warn("said after both", UserWarning)
    said = [str(w.message) for w in seen]
    assert after == before and said[-1] == "said after both"
    assert len(said) == 3 and all(text.startswith("the file names 1 column(s) more than once") for text in said[:2])
    assert sorted(found) == ["a", "b"]


@pytest.mark.slow  # starts a cluster (the default run's time budget)
def test_a_reader_warning_is_one_warning_line_as_with_the_local_engine(tmp_path):
    """QA M F7: the client's header read said it in one ``warning:`` line, and the worker reading the file again
    said it a second time in Python's format, naming a line of dask's ``_task_spec.py``."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.csv").write_text("id,comentario,comentario\n1,muy mal,excelente\n2,bien,malo\n",
                                           encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cxnlp", "classify", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                           "--engine", "dask", "--workers", "1"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    said = [line for line in done.stderr.splitlines() if "more than once" in line]  # (not the dashboard's port)
    assert len(said) == 1 and said[0].startswith("warning: the file names 1 column(s) more than once"), said
    assert "DuplicateColumnWarning" not in done.stderr


def test_cli_engine_dask_reads_a_parquet_folder(cluster, rows, expected, tmp_path):
    folder = tmp_path / "encuestas"
    folder.mkdir()
    survey = rows.iloc[:1200]
    # A named index is data (the respondent's number): it was dropped with the index.
    survey = survey.set_axis(pd.Index(survey["row_id"].astype(int) + 5000, name="respuesta"))
    survey.iloc[:600].to_parquet(folder / "2024-01.parquet")
    survey.iloc[600:].to_parquet(folder / "2024-02.parquet")
    result = CliRunner().invoke(app, ["classify", str(folder / "*.parquet"), "-o", str(tmp_path / "clasificadas"),
                                      "--text", TEXT, "--engine", "dask",
                                      "--scheduler", cluster[0].scheduler_address, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "1200 rows classified" in result.output
    out = pd.read_parquet(tmp_path / "clasificadas")
    assert out["row_id"].tolist() == list(range(1200))  # files in name order, rows in file order
    assert out.columns[0] == "respuesta" and out["respuesta"].tolist() == survey.index.tolist()
    bad = CliRunner().invoke(app, ["classify", str(folder), "-o", str(tmp_path / "x"), "--engine", "spark"])
    assert bad.exit_code != 0


def test_a_worker_killed_mid_job_loses_and_duplicates_no_row(cluster, rows, expected, tmp_path):
    cluster_, client = cluster
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(0, 1200, 100):
        rows.iloc[i:i + 100].to_parquet(folder / f"part{i:05d}.parquet")
    victim = next(iter(client.run(os.getpid).values()))
    killed = []

    def kill_one_worker(_rows: int) -> None:  # after the first partition, with the others in flight
        if not killed:
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    counts = cxd.classify_files(folder, tmp_path / "out", text=TEXT, scheduler=cluster_.scheduler_address,
                                progress=kill_one_worker)
    assert killed
    out = pd.read_parquet(tmp_path / "out")
    assert out["row_id"].tolist() == list(range(1200))
    assert out["cx_sentiment"].fillna("").tolist() == expected["cx_sentiment"].iloc[:1200].fillna("").tolist()
    assert sum(counts.values()) == 1200
    client.wait_for_workers(2, timeout=120)  # the nanny restarts it, and the plugin loads the model again


@pytest.mark.parametrize(("option", "says"), [
    (["--sheet", "Respuestas"], "error: --sheet applies to XLSX files, and --engine dask reads CSV or Parquet"),
    (["--allow-formulas"], "error: --allow-formulas applies to CSV and XLSX output, and --engine dask writes Parquet"),
    (["--jobs", "2"], "error: --jobs sets the processes of --engine local; with --engine dask, use --workers"),
])
def test_cli_engine_dask_refuses_options_that_cannot_apply(tmp_path, option, says):
    (tmp_path / "a.csv").write_text("Comentario\nLlegó tarde\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["classify", str(tmp_path / "a.csv"), "-o", str(tmp_path / "out"),
                                      "--engine", "dask", *option])
    assert result.exit_code == 1
    assert result.output.startswith(says) and result.output.count("\n") == 1, result.output
    assert not (tmp_path / "out").exists()


def test_cli_engine_dask_refuses_an_output_inside_the_input_folder(tmp_path):
    """A folder is read with its sub-folders: a dataset written inside it was read with the input next time."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_text("Comentario\nLlegó tarde\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["classify", str(folder), "-o", str(folder / "out"), "--engine", "dask"])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"error: Output {folder / 'out'} is inside the input folder {folder}")
    assert sorted(p.name for p in folder.iterdir()) == ["a.csv"]


@pytest.mark.parametrize(("pattern", "output"), [("in/**/*.*", "in/run1"), ("in/**", "in/a/b"),
                                                 ("in/*/*", "in/run1"), ("{tmp}/in/../in/**/*.*", "in/run1")])
def test_cli_engine_dask_refuses_an_output_a_glob_of_the_input_reads(tmp_path, pattern, output):
    """QA M F3: only a folder INPUT was checked, so 'in/**/*.parquet' -o in/run1 was accepted and the next run of
    the same command read the output back, doubling every row; checked on the resolved paths, whatever the glob."""
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "in" / "a.csv").write_text("Comentario\nLlegó tarde\n", encoding="utf-8")
    (tmp_path / "in" / "a" / "b.csv").write_text("Comentario\nMuy amables\n", encoding="utf-8")
    given = pattern.format(tmp=tmp_path) if pattern.startswith("{tmp}") else str(tmp_path / pattern)
    result = CliRunner().invoke(app, ["classify", given, "-o", str(tmp_path / output), "--engine", "dask"])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"error: Output {tmp_path / output} is where the glob {given} reads")
    assert not (tmp_path / output).exists()


@pytest.mark.parametrize("pattern", ["in/**/*.csv", "in/**/2024-*.csv", "{tmp}/in/../in/**/*.csv"])
def test_cli_engine_dask_accepts_an_output_below_a_glob_that_cannot_read_its_parts(tmp_path, pattern):
    """Review A 3: any ``**`` glob refused an output below its folder, though ``in/**/*.csv`` never reads the
    ``part.NNNNN.parquet`` files written there (a second run read the same rows, none doubled). The check goes on
    to the next one, here the model's: the glob is no longer what stops the run."""
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "in" / "2024-a.csv").write_text("Comentario\nLlegó tarde\n", encoding="utf-8")
    (tmp_path / "in" / "a" / "2024-b.csv").write_text("Comentario\nMuy amables\n", encoding="utf-8")
    given = pattern.format(tmp=tmp_path) if pattern.startswith("{tmp}") else str(tmp_path / pattern)
    result = CliRunner().invoke(app, ["classify", given, "-o", str(tmp_path / "in" / "run1"), "--engine", "dask",
                                      "--model", str(tmp_path / "no-such-model")])
    assert result.exit_code == 1 and "where the glob" not in result.output, result.output
    assert "no-such-model" in result.output, result.output


def test_a_glob_reads_the_parts_only_where_its_file_name_matches_them():
    """``glob_reads`` matches the written parts' paths (``part.00000.parquet``) against the whole pattern, ``**``
    standing for any number of folders (review A 3)."""
    from cxnlp._dask_files import glob_reads

    out = Path("encuestas/clasificado")
    for pattern in ("encuestas/**/*.parquet", "encuestas/**", "encuestas/*/*", "encuestas/**/part.*",
                    "encuestas/*/*.parquet", "**/*.parquet", "encuestas/**/clasificado/*.parquet"):
        assert glob_reads(pattern, out), pattern
    for pattern in ("encuestas/**/*.csv", "encuestas/**/2024-*.parquet", "encuestas/*.parquet", "*.parquet",
                    "encuestas/*/*.csv", "encuestas/**/otra/*.parquet", "otras/**/*.parquet"):
        assert not glob_reads(pattern, out), pattern


@pytest.mark.parametrize(("engine", "given"), [("dask", "{folder}"), ("dask", "{folder}/**/*.parquet"),
                                               ("local", "{folder}")])
def test_cli_refuses_a_hive_partitioned_dataset_in_one_line_with_either_engine(tmp_path, engine, given):
    """QA M F2: --engine dask read ``year=2023/...parquet`` and dropped the ``year`` column (it is in the folder
    names, not the files) without a word, while the local engine said "a folder without Parquet files"."""
    folder = tmp_path / "hive"
    pd.DataFrame({"comentario": ["Llegó tarde", "Muy amables"], "year": [2023, 2024]}).to_parquet(
        folder, partition_cols=["year"], index=False)
    output = tmp_path / ("out" if engine == "dask" else "out.parquet")
    result = CliRunner().invoke(app, ["classify", given.format(folder=folder), "-o", str(output),
                                      "--engine", engine])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"error: {folder / 'year=2023'} is a Hive partition folder, and its column "
                                    f"'year' is in no file")
    assert not output.exists()


@pytest.mark.parametrize(("engine", "given"), [("dask", "{folder}/year=2023"), ("dask", "{folder}/year=2023/"),
                                               ("dask", "{folder}/year=2023/*.parquet"),
                                               ("local", "{folder}/year=2023"), ("local", "{folder}/year=2023/"),
                                               ("local", "{part}")])
def test_cli_refuses_one_hive_partition_folder_as_it_refuses_the_dataset(tmp_path, engine, given):
    """The dataset's root was refused, but its partition folder ``year=2023`` (or a part file in it) was read and its
    ``year`` lost: by ``--engine dask`` first, and then still by the local engine."""
    folder = tmp_path / "hive"
    pd.DataFrame({"comentario": ["Llegó tarde", "Muy amables"], "year": [2023, 2024]}).to_parquet(
        folder, partition_cols=["year"], index=False)
    part = next((folder / "year=2023").glob("*.parquet"))
    output = tmp_path / ("out" if engine == "dask" else "out.csv")
    result = CliRunner().invoke(app, ["classify", given.format(folder=folder, part=part), "-o", str(output),
                                      "--engine", engine])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"error: {folder / 'year=2023'} is a Hive partition folder, and its column "
                                    f"'year' is in no file (it would be lost); ")
    assert not output.exists()


@pytest.mark.parametrize("engine", ["dask", "local"])
def test_a_partition_folder_with_partitions_below_is_named_alike_by_both_engines(tmp_path, engine):
    """The local engine named 'year=2023/month=1' (its 'month'), --engine dask 'year=2023' (its 'year')."""
    folder = tmp_path / "hive"
    pd.DataFrame({"comentario": ["Llegó tarde", "Muy amables"], "year": [2023, 2023], "month": [1, 2]}).to_parquet(
        folder, partition_cols=["year", "month"], index=False)
    output = tmp_path / ("out" if engine == "dask" else "out.csv")
    result = CliRunner().invoke(app, ["classify", str(folder / "year=2023"), "-o", str(output), "--engine", engine])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"error: {folder / 'year=2023'} is a Hive partition folder, and its column "
                                    f"'year' is in no file (it would be lost); ")


@pytest.mark.parametrize("engine", ["dask", "local"])
def test_a_csv_in_a_folder_named_with_an_equals_sign_is_read(tmp_path, engine):
    """Hydra names its runs 'lr=0.1': a CSV there is a survey, not a Hive partition (CSV datasets seldom are)."""
    run = tmp_path / "lr=0.1"
    run.mkdir()
    (run / "encuesta.csv").write_text("Comentario\nLlegó tarde\n", encoding="utf-8")
    if engine == "dask":
        assert cxd.input_files(run / "encuesta.csv") == ([run / "encuesta.csv"], "csv")
    else:
        result = CliRunner().invoke(app, ["classify", str(run / "encuesta.csv"), "-o", str(tmp_path / "o.csv")])
        assert result.exit_code == 0, result.output
        assert len(pd.read_csv(tmp_path / "o.csv")) == 1


@pytest.mark.parametrize("given", ["{run}", "{run}/", "{run}/*.csv", "{run}/**/*.csv"])
def test_a_folder_or_glob_of_csv_files_in_a_folder_named_with_an_equals_sign_is_read(tmp_path, given):
    """One CSV file in 'lr=0.1' was read, but the folder, or a glob of its CSV files, was refused as a Hive
    partition folder; Parquet files there still are (their partition's column would be lost)."""
    run = tmp_path / "lr=0.1"
    run.mkdir()
    (run / "a.csv").write_text("Comentario\nLlegó tarde\n", encoding="utf-8")
    (run / "b.csv").write_text("Comentario\nMuy amables\n", encoding="utf-8")
    assert cxd.input_files(given.format(run=run)) == ([run / "a.csv", run / "b.csv"], "csv")
    parquet = tmp_path / "year=2024"
    parquet.mkdir()
    pd.DataFrame({"comentario": ["Llegó tarde"]}).to_parquet(parquet / "c.parquet")
    with pytest.raises(DataError, match=r"year=2024 is a Hive partition folder, and its column 'year' is in no file"):
        cxd.input_files(given.format(run=parquet).replace(".csv", ".parquet"))


ABOVE = ("{run}/encuestas.parquet", "{run}/partes", "{run}/partes/")


@pytest.mark.parametrize(("engine", "given"), [(engine, given) for engine in ("dask", "local") for given in ABOVE]
                         + [("dask", "{run}/partes/*.parquet"), ("dask", "{run}/**/*.parquet")])
def test_an_equals_sign_above_the_input_folder_is_no_partition(tmp_path, engine, given):
    """'lr=0.1' above the folder the input lies in (``/runs/lr=0.1/datos/encuestas.parquet``, as an absolute path
    often holds) is no partition of its files: only the folder itself, or a part file's own folder, was meant."""
    run = tmp_path / "lr=0.1" / "datos"
    (run / "partes").mkdir(parents=True)
    frame = pd.DataFrame({"comentario": ["Llegó tarde", "Muy amables"]})
    frame.to_parquet(run / "encuestas.parquet", index=False)
    frame.to_parquet(run / "partes" / "part.00000.parquet", index=False)
    source = given.format(run=run)
    if engine == "dask":
        assert cxd.input_files(source)[1] == "parquet"
    else:
        assert read_table(source).equals(frame)


@pytest.mark.parametrize("name", ["fecha=2024.csv", "year=2024/encuestas.parquet", "year=2024/*.parquet"])
def test_a_missing_file_named_with_an_equals_sign_is_missing_not_a_partition(tmp_path, name):
    # (a Parquet file or glob in a missing 'year=2024' folder was called a partition; the local engine: no such file)
    with pytest.raises(DataError, match="no input files found"):
        cxd.input_files(tmp_path / name)


@pytest.mark.parametrize("name", ["out.csv", "out.xlsx", "out.parquet", "out.JSONL"])
def test_cli_engine_dask_refuses_an_output_named_as_a_file(tmp_path, name):
    # -o out.csv wrote a folder of Parquet parts named out.csv and printed "-> out.csv": no CSV reader opens it, and
    # 'cxnlp summarize out.csv' failed with "Is a directory; check the path and its permissions".
    (tmp_path / "a.csv").write_text("Comentario\nLlegó tarde\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["classify", str(tmp_path / "a.csv"), "-o", str(tmp_path / name),
                                      "--engine", "dask"])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"error: Output {tmp_path / name} is written as a folder of Parquet parts; give a "
                                    f"folder name without '{Path(name).suffix}', such as {tmp_path / 'out'}/.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_cli_engine_dask_honours_header_row_in_csv_and_refuses_it_for_parquet(cluster, model, tmp_path):
    # Line 1 looks like a header too (as many columns), so only --header-row 2 finds "Comentario".
    folder = tmp_path / "in"
    folder.mkdir()
    for name, comment in (("a.csv", "El pedido llegó roto"), ("b.csv", "Muy amables en tienda")):
        (folder / name).write_text(f"Encuesta;julio\nid;Comentario\n{name};{comment}\n", encoding="utf-8")
    args = ["classify", str(folder / "*.csv"), "--text", "Comentario", "--engine", "dask", "--no-progress",
            "--scheduler", cluster[0].scheduler_address]
    result = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "out"), "--header-row", "2"])
    assert result.exit_code == 0, result.output
    out = pd.read_parquet(tmp_path / "out")
    assert out["id"].tolist() == ["a.csv", "b.csv"]
    want = model.classify_frame(out[["id", "Comentario"]], text="Comentario")
    assert out["cx_sentiment"].tolist() == want["cx_sentiment"].tolist()
    assert CliRunner().invoke(app, [*args, "-o", str(tmp_path / "out2")]).exit_code == 1  # line 1 read as the header

    pd.DataFrame({"Comentario": ["Llegó tarde"]}).to_parquet(folder / "c.parquet")
    result = CliRunner().invoke(app, [*args[:1], str(folder / "c.parquet"), *args[2:], "-o", str(tmp_path / "out3"),
                                      "--header-row", "2"])
    assert result.exit_code == 1
    assert result.output.startswith("error: header row 2 was given, but the input files are Parquet"), result.output


def test_files_of_one_table_line_up_by_column_name_and_others_are_refused(cluster, tmp_path):
    """CSV files listing the same columns in another order crashed the job; hidden files and stray temporary
    folders in an input folder were read as data; Parquet files of another schema mixed their types."""
    scheduler = cluster[0].scheduler_address
    folder = tmp_path / "in"
    (folder / ".out.tmp-9").mkdir(parents=True)
    pd.DataFrame({"id": ["1", "2"], "comentario": ["El pedido llegó tarde", "Muy buena atención"]}).to_csv(
        folder / "a.csv", index=False)
    pd.DataFrame({"comentario": ["La app se cierra"], "id": ["3"]}).to_csv(folder / "b.csv", index=False)
    pd.DataFrame({"comentario": ["copia"], "id": ["9"]}).to_csv(folder / ".out.tmp-9" / "part.csv", index=False)
    (folder / "._a.csv").write_bytes(b"\x00\x05\x16\x07 macOS metadata")
    cxd.classify_files(folder, tmp_path / "out", scheduler=scheduler)
    out = pd.read_parquet(tmp_path / "out")
    assert out["id"].tolist() == ["1", "2", "3"] and list(out.columns[:2]) == ["id", "comentario"]
    pd.DataFrame({"comentario": ["hola"], "nota": ["2"]}).to_csv(folder / "c.csv", index=False)
    with pytest.raises(DataError, match="c.csv: its columns"):
        cxd.classify_files(folder, tmp_path / "out2", scheduler=scheduler)
    pq = tmp_path / "pq"
    pq.mkdir()
    pd.DataFrame({"comentario": ["hola buen servicio"], "score": [1]}).to_parquet(pq / "a.parquet")
    pd.DataFrame({"comentario": ["pésimo servicio"], "score": ["2"]}).to_parquet(pq / "b.parquet")
    with pytest.raises(DataError, match="column 'score' is"):
        cxd.classify_files(pq, tmp_path / "out3", scheduler=scheduler)


def test_input_without_rows_says_so_as_the_local_engine_does(cluster, tmp_path):
    """The local engine says what is wrong and what to do; --engine dask said only "no rows to classify"."""
    scheduler = cluster[0].scheduler_address
    (tmp_path / "in").mkdir()
    for name in ("a.csv", "b.csv"):
        (tmp_path / "in" / name).write_text("comentario;nps\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        cxd.classify_files(tmp_path / "in" / "a.csv", tmp_path / "out", scheduler=scheduler)
    assert str(err.value) == (f"{tmp_path / 'in' / 'a.csv'}: no rows to classify (nothing below the header); check "
                              f"that it is the right file. Nothing was written.")
    with pytest.raises(DataError) as err:
        cxd.classify_files(tmp_path / "in", tmp_path / "out", scheduler=scheduler)
    assert str(err.value) == (f"{tmp_path / 'in'}: no rows to classify (nothing below the header); check that it is "
                              f"the right input (every file has only its header). Nothing was written.")
    assert not (tmp_path / "out").exists()
    with pytest.raises(DataError, match="no rows to classify"):  # (review of pipe1: its new folders were left, empty)
        cxd.classify_files(tmp_path / "in" / "a.csv", tmp_path / "nuevo" / "sub" / "out", scheduler=scheduler)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in"]


def test_a_scheduler_that_cannot_be_reached_is_one_clear_error(tmp_path):
    pd.DataFrame({"comentario": ["hola"]}).to_csv(tmp_path / "a.csv", index=False)
    with pytest.raises(DataError, match="could not reach a Dask scheduler at 'notaurl'"):
        cxd.classify_files(tmp_path / "a.csv", tmp_path / "out", scheduler="notaurl")


def test_classify_reads_an_industry_column(cluster, model):
    frame = pd.DataFrame({"comentario": ["El servicio fue lento", "La app no carga", "El técnico no vino"],
                          "sector": ["hotels_restaurants", None, "telecom"]})
    got = cxd.classify(as_dask(frame, 2), text="comentario", industry_column="sector").compute()
    want = model.classify_frame(frame, text="comentario", industry_column="sector")
    assert got["cx_industry"].fillna("").tolist() == want["cx_industry"].fillna("").tolist()
    assert got["cx_sentiment_score"].tolist() == want["cx_sentiment_score"].tolist()
    with pytest.raises(DataError, match="industry column 'rubro' not found"):
        cxd.classify(as_dask(frame, 1), text="comentario", industry_column="rubro")


def test_a_partition_names_no_row_of_an_unknown_industry(model):
    # classify_frame names the row of its frame; a partition's 'row 2' (the data's row 5) is no row of the data
    frame = pd.DataFrame({"t": ["Bien", "Mal", "Lento", "Caro", "Pésimo"], "s": ["telecom", "", "", "", "banca"]})
    with pytest.raises(cxnlp.ConfigError, match=r"^industry column 's': a cell names 'banca', not an "):
        _partitions.classify_partition(frame.iloc[3:], "t", _partitions.model_ref(), industry_column="s")


def test_emotion_shares_do_not_depend_on_the_partitions(cluster):
    """A spreadsheet's empty emotion cells come back missing; whether they mean 'no emotion' is decided over
    the whole table, so two partitions give pandas' shares (one partition without a named emotion read its
    empty cells as unlabelled: 25% instead of 12.5%)."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "cx_sentiment": "negative",
                          "cx_emotions": ["frustration"] + [None] * 7, "nps": range(8)})
    want = cxnlp.summarize(frame, nps="nps", min_n=1)
    got = cxd.summarize(as_dask(frame, 2), nps="nps", min_n=1)
    assert got["emotion_frustration"].tolist() == want["emotion_frustration"].tolist() == [12.5]


def test_boolean_flags_summarise_as_in_pandas(cluster):
    """Dask turns a column of booleans with gaps into the text "True"/"False": its summary lost the signal that
    ``cxnlp.summarize`` counted from the booleans."""
    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": "app", "cx_sentiment": "negative",
                          "cx_churn_risk": [True, False, None, True, False, False, True, False],
                          "cx_escalation": ["sí", "no", "VERDADERO", "falso", "1", "0", "", None], "nps": range(8)})
    want = cxnlp.summarize(frame, nps="nps", min_n=1)
    got = cxd.summarize(dd.from_pandas(frame, npartitions=2), nps="nps", min_n=1)
    assert want.attrs["signals"]["churn_risk"] == {"column": "cx_churn_risk", "n": 7, "yes": 3}
    assert want.attrs["signals"]["escalation"] == {"column": "cx_escalation", "n": 6, "yes": 3}
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)
    assert got.attrs == want.attrs


@pytest.mark.slow  # starts a cluster (the default run's time budget)
def test_the_local_cluster_workers_ignore_ctrl_c_and_this_process_does_not(tmp_path, monkeypatch):
    """QA W 2: Ctrl-C, which a terminal sends to every process of the command, printed a 33-line traceback from
    each worker of the LocalCluster classify_files starts; its workers now ignore SIGINT, as the local engine's
    pool workers do, and this process still gets KeyboardInterrupt (it closes the cluster on its way out)."""
    import distributed

    real, seen = distributed.LocalCluster, {}

    def recording(*args, **kwargs):
        started = real(*args, **kwargs)
        with Client(started) as client:
            seen.update(client.run(lambda: signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])))
        return started

    monkeypatch.setattr(distributed, "LocalCluster", recording)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.csv").write_text("id,comentario\n1,muy mal\n2,excelente\n", encoding="utf-8")
    counts = cxd.classify_files(tmp_path / "in", tmp_path / "out", workers=1)
    assert sum(counts.values()) == 2 and list(seen.values()) == [True], seen  # blocked: never delivered there
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])


@pytest.mark.slow  # starts a cluster whose workers take seconds to start (the default run's time budget)
def test_ctrl_c_while_the_local_cluster_starts_stops_the_command(tmp_path):
    """Review E 1: SIGINT was ignored by the whole process while the LocalCluster started, and a Ctrl-C then was
    thrown away: the job ran on, wrote its output and exited 0. Now it is kept until the workers are up (a worker
    preload that sleeps stands for a slow start) and ends the command as at any other moment: exit 130, one line,
    nothing written."""
    import time

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.csv").write_text("id,comentario\n1,muy mal\n2,excelente\n", encoding="utf-8")
    started = tmp_path / "worker-starting"
    (tmp_path / "slowstart.py").write_text(f"import pathlib, time\npathlib.Path({str(started)!r}).touch()\n"
                                           f"time.sleep(4)\n", encoding="utf-8")
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__PRELOAD": f"['{tmp_path / 'slowstart.py'}']"}
    command = subprocess.Popen([sys.executable, "-m", "cxnlp", "classify", str(tmp_path / "in"), "-o",
                                str(tmp_path / "out"), "--engine", "dask", "--workers", "1"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while not started.exists() and command.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert started.exists(), command.communicate()
        os.killpg(command.pid, signal.SIGINT)  # as a terminal sends it: to every process of the command
        out, err = command.communicate(timeout=240)
    finally:
        if command.poll() is None:
            os.killpg(command.pid, signal.SIGKILL)
    assert command.returncode == 130, (out, err)
    assert not (tmp_path / "out").exists() and "classified" not in out
    assert len(err.strip().splitlines()) <= 1 and "Traceback" not in err, err


@pytest.mark.slow  # starts two clusters (the default run's time budget)
def test_the_command_prints_nothing_of_a_taken_dashboard_port(tmp_path):
    """QA W 2: distributed serves its HTTP routes on port 8787 even without a dashboard, and with that port taken (a
    notebook's cluster, another test's) printed three lines, 'Port 8787 is already in use…', as a cxnlp warning."""
    import socket

    taken = socket.socket()
    try:
        taken.bind(("127.0.0.1", 8787))
        taken.listen()
    except OSError:
        pass  # taken already: the same case
    try:
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "a.csv").write_text("id,comentario\n1,muy mal\n2,excelente\n", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "cxnlp", "classify", str(tmp_path / "in"), "-o",
                               str(tmp_path / "out"), "--engine", "dask", "--workers", "1", "--no-progress"],
                              capture_output=True, text=True, timeout=300)
    finally:
        taken.close()
    assert done.returncode == 0, done.stderr
    assert "8787" not in done.stderr and "already in use" not in done.stderr, done.stderr


def test_redact_column_on_a_dask_frame_redacts_without_a_warning():
    """docs/scale.md points to cxnlp.pii.redact_column for a dask frame: it warned that dask guessed the output type
    ('You did not provide metadata...'), naming a meta= the user never wrote."""
    import warnings

    from cxnlp.pii import redact_column

    frame = dd.from_pandas(pd.DataFrame({"c": ["tel 612345678", None, "hola"], "n": [1, 2, 3]}), npartitions=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = redact_column(frame, "c").compute()
    assert out["c"].tolist()[::2] == ["tel [TELÉFONO]", "hola"] and out["c"].isna().tolist() == [False, True, False]
    assert out["n"].tolist() == [1, 2, 3]


def test_a_worker_refuses_a_pipe_as_meta_json_without_waiting_on_it(tmp_path, no_hang):
    """meta_sha256 opened meta.json to hash it with no check of what it is: a pipe there (put in place after the
    worker found a file) held the worker forever, waiting for a writer. It is now refused from the file opened."""
    meta = tmp_path / "model" / "meta.json"
    meta.parent.mkdir()
    os.mkfifo(meta)
    with no_hang("meta_sha256 waited on a pipe"), pytest.raises(ModelFormatError) as caught:
        _partitions.meta_sha256(meta.parent)
    assert str(caught.value) == (f"{meta}: meta.json is not a regular file (a pipe, a device or a folder); the model "
                                 f"directory is damaged. Retrain or restore the model.")


def test_a_worker_refuses_a_model_whose_meta_json_changed_between_its_check_and_load(tmp_path, monkeypatch):
    """A worker hashed meta.json against the job's, then load read it again: another model's put in place in between
    (its files matching it) was loaded as the job's. The model loaded must be that of the bytes hashed."""
    import json
    import shutil

    from cxnlp import _partition_classify, persist

    path = tmp_path / "m"
    shutil.copytree(persist.DEFAULT_MODEL_DIR, path)
    ref = _partitions.ModelRef(_partitions.meta_sha256(path), str(path))
    read = persist.read_meta

    def swapped_first(directory):
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        (path / "meta.json").write_text(json.dumps({**meta, "created": "2030-01-01T00:00:00+00:00"}), encoding="utf-8")
        return read(directory)

    monkeypatch.setattr(persist, "read_meta", swapped_first)
    monkeypatch.setattr(_partition_classify, "_MODELS", {})  # loaded afresh, as by a new worker
    with pytest.raises(ModelFormatError) as caught:
        _partitions.model_for(ref)
    assert str(caught.value) == (f"{path}: the model changed while this worker loaded it (its meta.json is not the "
                                 f"one checked against the job's). Run the job again once the model is in place.")


def test_dask_refuses_a_parquet_file_over_the_column_limit(tmp_path, monkeypatch):
    """cxnlp's own reader refuses a Parquet file of more columns than a table has; --engine dask read it."""
    from cxnlp._dask_files import read_files

    monkeypatch.setattr("cxnlp._dask_files.MAX_COLUMNS", 5, raising=False)  # (not there before the fix)
    path = tmp_path / "ancha.parquet"
    pd.DataFrame({f"c{i}": ["x"] for i in range(6)}).to_parquet(path)
    with pytest.raises(DataError) as caught:
        read_files([path], "parquet")
    assert str(caught.value) == (f"{path}: 6 columns, and a table has at most 5; write the file again with the columns "
                                 f"you need.")


@pytest.mark.parametrize("kind", ["flat", "list"])
def test_dask_refuses_a_parquet_file_whose_dictionary_repeats_text_past_the_limit(tmp_path, monkeypatch, kind):
    """Dask reads a Parquet file (or some of its row groups) whole: one 1 MB value on 1,500 rows, a 55 KB file,
    took 3 GB where cxnlp's own reader takes 320 MB. It is a one-line error that names the column; a file that
    repeats short values, or stores its long ones, still reads."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cxnlp._dask_files import read_files

    monkeypatch.setattr("cxnlp.io._parquet_text.WHOLE_TEXT_BYTES", 2_500, raising=False)  # (not there before)
    long, path = "á" * 500, tmp_path / "repetido.parquet"  # 1,000 bytes: 200 rows hold 200,000
    pq.write_table(pa.table({"id": range(200), "comentario": [long] * 200 if kind == "flat" else [[long]] * 200}), path)
    with pytest.raises(DataError, match=r"repetido.parquet: column 'comentario' repeats the text it stores to more "
                                        r"than [\d,]+ bytes .*--engine dask reads whole; classify it with --engine "
                                        r"local"):
        read_files([path], "parquet")
    pq.write_table(pa.table({"id": range(200), "comentario": [f"{i} {long[:20]}" for i in range(200)],
                             "canal": ["web"] * 200, "tags": [["a", "b"]] * 200}), path)
    assert len(read_files([path], "parquet").compute(scheduler="sync")) == 200


@pytest.mark.parametrize("kind", ["list", "struct"])
def test_dask_refuses_a_parquet_bomb_in_a_nested_column_whose_name_holds_a_dot(tmp_path, monkeypatch, kind):
    """A column was found by its Parquet path cut at the first dot: a list named 'x.y' ('x.y.list.element') was
    taken for column 'x', which the check then read in its place (or no column at all), and the bomb passed."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cxnlp._dask_files import read_files

    monkeypatch.setattr("cxnlp.io._parquet_text.WHOLE_TEXT_BYTES", 2_500)
    long, path = "á" * 500, tmp_path / "punto.parquet"
    pq.write_table(pa.table({"x": ["a"] * 200, "x.y": [[long]] * 200 if kind == "list" else [{"c": long}] * 200}),
                   path)
    with pytest.raises(DataError, match=r"punto.parquet: column 'x.y' repeats the text it stores to more than"):
        read_files([path], "parquet")


def test_dask_refuses_a_parquet_bomb_in_a_json_column(tmp_path, monkeypatch):
    """A JSON column (``pa.json_()``, Arrow 19 and later) was read as its extension type, never as a dictionary: the
    check saw no dictionary in it, and a value it repeated on every row passed."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cxnlp._dask_files import read_files

    if not hasattr(pa, "json_"):
        pytest.skip("no JSON type before Arrow 19")
    monkeypatch.setattr("cxnlp.io._parquet_text.WHOLE_TEXT_BYTES", 2_500)
    path = tmp_path / "json.parquet"
    pq.write_table(pa.table({"id": range(200), "datos": pa.array(['"' + "á" * 499 + '"'] * 200, pa.json_())}), path)
    with pytest.raises(DataError, match=r"json.parquet: column 'datos' repeats the text it stores to more than"):
        read_files([path], "parquet")


@pytest.mark.parametrize("first", [[], None])
def test_dask_refuses_a_parquet_list_bomb_whose_first_row_is_an_empty_list(tmp_path, monkeypatch, first):
    """The check read one row of each row group for its dictionaries, and a list empty or null reads none: a first
    empty row let every other row's 1 MB value pass as no text at all."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cxnlp._dask_files import read_files

    monkeypatch.setattr("cxnlp.io._parquet_text.WHOLE_TEXT_BYTES", 2_500)
    path = tmp_path / "vacia.parquet"
    pq.write_table(pa.table({"id": range(200), "etiquetas": [first] + [["á" * 500]] * 199}), path)
    with pytest.raises(DataError, match=r"vacia.parquet: column 'etiquetas' repeats the text it stores to more than"):
        read_files([path], "parquet")


def test_a_workers_warning_shows_control_characters_as_escapes(tmp_path, capsys):
    """A worker printed its reader's warnings raw on its stderr (the terminal of a local cluster), where the CLI
    shows a control character as an escape: a file named with ESC [ 2J cleared the terminal. Escaped as the CLI's."""
    from cxnlp import _dask_files

    path = tmp_path / "\x1b[2Jrespuestas.csv"
    path.write_text("texto,nps\nhola,9\ntexto,nps\nchau,3\n", encoding="utf-8")  # (a header repeated: a warning)
    frame = _dask_files._read_csv_like(str(path), str(path), header_row=None, columns=["texto", "nps"],
                                       first=str(path))
    assert frame["texto"].tolist() == ["hola", "chau"]
    said = capsys.readouterr().err
    assert "\x1b" not in said and said.startswith("warning: ") and "\\x1b[2Jrespuestas.csv" in said


def test_dask_refuses_an_unreadable_parquet_file_in_the_words_of_the_local_engine(tmp_path):
    """A file that is no Parquet among Parquet files was an 'unexpected ArrowInvalid' with --engine dask."""
    from cxnlp._dask_files import read_files

    good, bad = tmp_path / "a.parquet", tmp_path / "b.parquet"
    pd.DataFrame({"comentario": ["muy bueno"]}).to_parquet(good)
    bad.write_bytes(b"PAR1 no es un Parquet")
    with pytest.raises(DataError) as local:
        read_table(bad)
    with pytest.raises(DataError) as distributed:
        read_files([good, bad], "parquet")
    assert str(distributed.value) == str(local.value)
    assert str(local.value).startswith(f"{bad}: not a readable Parquet file (")


def test_dask_leaves_the_attrs_a_parquet_file_s_writer_stored(tmp_path):
    """A Parquet file's own attrs (an exporter's e-mail) were restored into every partition, and so went unseen
    into the metadata of each part of --engine dask's output; cxnlp's own reader leaves them too."""
    from cxnlp._dask_files import read_files

    frame = pd.DataFrame({"comentario": ["muy bueno", "malo"]})
    frame.attrs = {"exportado_por": "ana.garcia@correo.es"}
    frame.to_parquet(tmp_path / "a.parquet")
    part = read_files([tmp_path / "a.parquet"], "parquet").partitions[0].compute(scheduler="sync")
    assert "exportado_por" not in part.attrs and part["comentario"].tolist() == ["muy bueno", "malo"]


def test_dask_output_keeps_no_field_metadata_of_its_parquet_input(tmp_path):
    """Each part's schema took the input's fields whole, their metadata too (a writer's note naming a person or a
    path), which went unseen into every part of --engine dask's output; cxnlp's own writer kept none of it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cxnlp._dask_files import read_files
    from cxnlp._dask_parts import part_schema

    table = pa.table({"id": [1, 2], "comentario": ["muy bueno", "malo"]})
    note = {b"descripcion": b"exportado por ana.garcia@correo.es desde /home/ana/encuesta.csv"}
    pq.write_table(table.cast(pa.schema([field.with_metadata(note) for field in table.schema])), tmp_path / "a.parquet")
    frame = read_files([tmp_path / "a.parquet"], "parquet")
    schema = part_schema(cxd.classify(frame, text="comentario")._meta, pq.read_schema(tmp_path / "a.parquet"))
    assert [field.metadata for field in schema] == [None] * len(schema) and schema.field("id").type == pa.int64()


def test_dask_leaves_a_parquet_file_s_attrs_out_of_the_meta_and_nested_field_metadata_out_of_the_parts(tmp_path):
    """Review of metadata1: the meta of a Parquet input kept its writer's attrs (a part with no rows had them in its
    metadata), and a struct's or a list's inner field kept its metadata in every part's schema; now neither, the
    types the same."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cxnlp._dask_files import read_files
    from cxnlp._dask_parts import part_schema

    frame = pd.DataFrame({"comentario": ["muy bueno", "malo"]})
    frame.attrs = {"exportado_por": "ana.garcia@correo.es"}
    frame.to_parquet(tmp_path / "a.parquet")
    assert read_files([tmp_path / "a.parquet"], "parquet")._meta.attrs == {}
    note = {b"descripcion": b"ana.garcia@correo.es"}
    inner = pa.struct([pa.field("x", pa.int64(), metadata=note)])
    table = pa.table({"comentario": ["muy bueno", "malo"], "st": pa.array([{"x": 1}, None], inner),
                      "li": pa.array([[1], None], pa.list_(pa.field("item", pa.int64(), metadata=note)))})
    pq.write_table(table, tmp_path / "b.parquet")
    declared = pq.read_schema(tmp_path / "b.parquet")
    meta = cxd.classify(read_files([tmp_path / "b.parquet"], "parquet"), text="comentario")._meta
    schema = part_schema(meta, declared)
    assert b"ana.garcia" not in schema.serialize().to_pybytes()
    assert schema.field("st").type == declared.field("st").type and schema.field("li").type == declared.field("li").type


def test_dask_refuses_a_parquet_file_that_names_a_column_twice_in_one_line(tmp_path):
    """pyarrow writes a table whose two columns have one name; --engine dask failed on it with a KeyError."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cxnlp._dask_files import read_files

    path = tmp_path / "doble.parquet"
    pq.write_table(pa.table([pa.array(["muy bueno"]), pa.array(["web"]), pa.array(["app"])],
                            names=["comentario", "canal", "canal"]), path)
    with pytest.raises(DataError) as caught:
        read_files([path], "parquet")
    assert str(caught.value) == (f"{path}: names column(s) 'canal' more than once, which --engine dask cannot read; "
                                 f"write the file again with one name per column, or classify it with --engine local "
                                 f"(it reads the others as 'canal.1').")


def _refused_as_the_local_engine_refuses(path):
    """Dask's reader refuses the Parquet file ``path`` with the local engine's one-line error, word for word."""
    from cxnlp._dask_files import read_files

    with pytest.raises(DataError) as local:
        read_table(path)
    with pytest.raises(DataError) as distributed:
        read_files([path], "parquet").compute(scheduler="sync")
    assert str(distributed.value) == str(local.value)
    assert str(local.value).startswith(f"{path}: not a readable Parquet file (")


def test_dask_refuses_parquet_pages_that_do_not_read_in_the_words_of_the_local_engine(tmp_path):
    """A file whose footer reads but whose pages are corrupt failed as it was read on a worker with 'Corrupt snappy
    compressed data.; check the path and its permissions' (an OSError), not the local engine's line."""
    path = tmp_path / "rota.parquet"
    pd.DataFrame({"comentario": [f"muy buen servicio {i}" for i in range(2000)]}).to_parquet(path, compression="snappy")
    data = bytearray(path.read_bytes())
    data[200:1200] = b"A" * 1000  # inside the column's pages, far from the footer
    path.write_bytes(bytes(data))
    _refused_as_the_local_engine_refuses(path)


def test_cli_engine_dask_redacts_as_the_local_engine_does(cluster, tmp_path):
    """--redact was refused with --engine dask; it now writes what --engine local writes, redacted text and all."""
    source = tmp_path / "encuesta.csv"
    pd.DataFrame({"id": ["1", "2", "3", "4"],
                  "comentario": ["Llamé al 612 345 678 y nadie contestó, soy Laura Gómez", "",
                                 "Mi correo es ana@example.com y la factura llegó mal", "Muy buena atención"]}
                 ).to_csv(source, index=False)
    local = CliRunner().invoke(app, ["classify", str(source), "-o", str(tmp_path / "local.parquet"), "--redact",
                                     "--no-progress"])
    distributed = CliRunner().invoke(app, ["classify", str(source), "-o", str(tmp_path / "dask"), "--redact",
                                           "--engine", "dask", "--scheduler", cluster[0].scheduler_address,
                                           "--no-progress"])
    assert local.exit_code == 0 and distributed.exit_code == 0, (local.output, distributed.output)
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    expected = pq.read_table(tmp_path / "local.parquet").to_pydict()
    got = ds.dataset(tmp_path / "dask").to_table().to_pydict()
    assert "[TELÉFONO]" in got["comentario"][0] and "612" not in got["comentario"][0]
    assert "ana@example.com" not in got["comentario"][2]
    assert got == expected


def test_dask_refuses_parquet_values_pandas_cannot_hold_in_the_words_of_the_local_engine(tmp_path):
    """A time of day of 1 ns (``time64[ns]``) reads, but does not convert to pandas: --engine dask said 'unexpected
    ArrowInvalid' from the worker that read it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "hora.parquet"
    pq.write_table(pa.table({"comentario": ["muy mal"], "hora": pa.array([1], pa.time64("ns"))}), path)
    _refused_as_the_local_engine_refuses(path)


def test_dask_reads_the_column_names_of_a_wide_parquet_file_once_for_repeated_names(tmp_path, monkeypatch):
    """Review: the check for a name given twice read ``schema.names`` (a new list each time) once per column, and
    counted in it: 30 s of quadratic work for a file of 16,384 columns before anything was read."""
    from cxnlp import _dask_files

    class Footer:  # a pyarrow Schema as the check reads it: its length and its names, a new list each time
        reads = 0

        def __len__(self):
            return 2_001

        @property
        def names(self):
            Footer.reads += 1
            return ["canal", *(f"c{i}" for i in range(1_999)), "canal"]

    path = tmp_path / "ancha.parquet"
    monkeypatch.setattr(_dask_files, "_footers", lambda files: [(Footer(), None)])
    with pytest.raises(DataError, match="names column\\(s\\) 'canal' more than once"):
        _dask_files.read_files([path], "parquet")
    assert Footer.reads <= 2


def test_dask_refusal_of_a_column_named_twice_stays_one_line_for_a_name_with_a_line_break(tmp_path):
    """Review: the refusal quoted the name in its 'x.1' hint as written, so a name holding a line feed broke the
    error's one line (the CLI escapes control characters, but not line feeds)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cxnlp._dask_files import read_files

    path = tmp_path / "doble.parquet"
    pq.write_table(pa.table([pa.array(["muy bueno"]), pa.array(["web"]), pa.array(["app"])],
                            names=["comentario", "ca\nnal", "ca\nnal"]), path)
    with pytest.raises(DataError) as caught:
        read_files([path], "parquet")
    assert "\n" not in str(caught.value) and str(caught.value).endswith("(it reads the others as 'ca\\nnal.1').")


def test_cli_engine_dask_reads_an_industry_column_as_the_local_engine_does(cluster, tmp_path):
    """--industry-column was refused with --engine dask ("give one --industry for the files"), though
    cxnlp.dask.classify reads one: the same rows out as --engine local, and the same one-line refusals."""
    source = tmp_path / "encuesta.csv"
    pd.DataFrame({"id": ["1", "2", "3", "4"], "comentario": ["El servicio fue lento", "La app no carga",
                                                             "El técnico no vino", "La habitación estaba sucia"],
                  "Sector": ["telecom", "", "telecom", "hotels_restaurants"]}).to_csv(source, index=False)
    local = CliRunner().invoke(app, ["classify", str(source), "-o", str(tmp_path / "local.parquet"),
                                     "--industry-column", "sector", "--no-progress"])
    scheduler = ["--engine", "dask", "--scheduler", cluster[0].scheduler_address, "--no-progress"]
    distributed = CliRunner().invoke(app, ["classify", str(source), "-o", str(tmp_path / "dask"),
                                           "--industry-column", "sector", *scheduler])
    assert local.exit_code == 0 and distributed.exit_code == 0, (local.output, distributed.output)
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    got = ds.dataset(tmp_path / "dask").to_table().to_pydict()
    assert got == pq.read_table(tmp_path / "local.parquet").to_pydict()
    assert got["cx_industry"][0] == "telecom" and got["cx_industry"][3] == "hotels_restaurants"
    for extra, says in ((["--industry-column", "rubro"], "error: industry column (--industry-column) 'rubro' not "
                                                         "found; "),
                        (["--industry-column", "sector", "--industry", "telecom"],
                         "error: give --industry (one for every row) or --industry-column (one per row), not both.")):
        result = CliRunner().invoke(app, ["classify", str(source), "-o", str(tmp_path / "out"), *extra, *scheduler])
        assert result.exit_code == 1 and result.output.startswith(says), result.output
        assert result.output.count("\n") == 1 and not (tmp_path / "out").exists()


def _industry_refusals(source, tmp_path, cluster):
    """The local and the Dask engine's refusal of ``source`` classified with --industry-column sector, both exit 1."""
    local = CliRunner().invoke(app, ["classify", str(source), "-o", str(tmp_path / "local.parquet"),
                                     "--industry-column", "sector", "--no-progress"])
    distributed = CliRunner().invoke(app, ["classify", str(source), "-o", str(tmp_path / "dask"), "--industry-column",
                                           "sector", "--engine", "dask", "--scheduler",
                                           cluster[0].scheduler_address, "--no-progress"])
    assert local.exit_code == distributed.exit_code == 1
    return local, distributed


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_cli_engine_dask_refuses_an_unknown_industry_naming_its_file_and_row_as_the_local_engine(
        cluster, tmp_path, suffix):
    """--engine local named the file and row of a cell naming no industry ('encuesta.csv: row 3: industry column
    ...'); --engine dask named neither, and the user was left to search the files for it."""
    source = tmp_path / f"encuesta{suffix}"
    frame = pd.DataFrame({"comentario": ["El servicio fue lento", "La app no carga", "El técnico no vino"],
                          "Sector": ["telecom", "", "banca"]})
    if suffix == ".csv":
        frame.to_csv(source, index=False)
    else:
        frame.to_parquet(source)
    local, distributed = _industry_refusals(source, tmp_path, cluster)
    assert local.output.startswith(f"error: {source}: row 3: industry column 'Sector': a cell names 'banca', ")
    assert distributed.output == local.output and not (tmp_path / "dask").exists()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_refusal_names_a_relative_input_as_typed(cluster, tmp_path, monkeypatch, suffix):
    """Dask reads a Parquet file by its absolute path, and an unknown industry in 'encuesta.parquet' was refused as
    '/home/.../encuesta.parquet: row 3: ...', where the local engine says 'encuesta.parquet: row 3'; a CSV file too,
    where the workers of a --scheduler run in another folder (as this cluster's do)."""
    frame = pd.DataFrame({"comentario": ["El servicio fue lento", "La app no carga", "El técnico no vino"],
                          "Sector": ["telecom", "", "banca"]})
    monkeypatch.chdir(tmp_path)
    frame.to_csv("encuesta.csv", index=False) if suffix == ".csv" else frame.to_parquet("encuesta.parquet")
    with pytest.raises(ConfigError) as caught:
        cxd.classify_files(f"encuesta{suffix}", "out", industry_column="sector", scheduler=cluster[0].scheduler_address)
    assert str(caught.value).startswith(f"encuesta{suffix}: row 3: industry column 'Sector': a cell names 'banca'")
    assert not (tmp_path / "out").exists()


def test_a_model_of_another_spacy_series_is_warned_of_once_where_the_job_is_submitted(tmp_path):
    """Under `classify --engine dask` each worker process loaded the model and printed Python's warning, with
    its file, line and source line (``concurrent/futures/thread.py:58 ... result = self.fn(...)``), once per
    worker, beside the command's one-line messages, and the command itself said nothing; as with a fresh install
    beside a spaCy series other than the one the shipped model was saved with."""
    import json
    import shutil
    import warnings

    from cxnlp.exceptions import InconsistentVersionWarning
    from cxnlp.persist import DEFAULT_MODEL_DIR

    model = shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "m")
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta["spacy"] = "3.0.1"
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.warns(InconsistentVersionWarning, match=r"spacy 3\.0\.1 \(model\)"):
        ref = _partitions.model_ref(str(model))
    with warnings.catch_warnings():
        warnings.simplefilter("error", InconsistentVersionWarning)
        assert _partitions.model_for(ref).meta["spacy"] == "3.0.1"


def test_classify_files_warns_of_a_model_of_another_spacy_series_once(tmp_path, cluster):
    """``classify_files`` checks the model before a cluster starts (``model_ref``, which warns of another spaCy
    series) and ``classify`` resolved it again: a Python caller got the same InconsistentVersionWarning twice."""
    import json
    import shutil
    import warnings

    from cxnlp.exceptions import InconsistentVersionWarning
    from cxnlp.persist import DEFAULT_MODEL_DIR

    model = shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "m")
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta["spacy"] = "3.0.1"
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    pd.DataFrame({"comentario": ["El envío tardó mucho", "Muy buena atención"]}).to_csv(tmp_path / "a.csv",
                                                                                        index=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        counts = cxd.classify_files(tmp_path / "a.csv", tmp_path / "out", text="comentario", model=str(model),
                                    scheduler=cluster[0].scheduler_address)
    drift = [w for w in caught if issubclass(w.category, InconsistentVersionWarning)]
    assert len(drift) == 1 and "spacy 3.0.1 (model)" in str(drift[0].message), [str(w.message) for w in drift]
    assert sum(counts.values()) == 2


def test_a_worker_with_other_library_versions_than_the_client_still_warns_of_the_model(tmp_path):
    """The warning of a model of another spaCy series was silenced on every worker, said once by the client: a
    worker with another spaCy than the client (docs/scale.md asks for the same cxnlp and Python only) then
    classified with a model its tokenizer does not match, and nothing anywhere said so."""
    import dataclasses
    import json
    import shutil
    import warnings

    from cxnlp.exceptions import InconsistentVersionWarning
    from cxnlp.persist import DEFAULT_MODEL_DIR

    model = shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "m")
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta["spacy"] = "3.0.2"  # (not the other test's model: each is loaded once per process)
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.warns(InconsistentVersionWarning):
        ref = _partitions.model_ref(str(model))
    with pytest.warns(InconsistentVersionWarning, match=r"spacy 3\.0\.2 \(model\)"):
        _partitions.model_for(dataclasses.replace(ref, versions=("3.0.2", "1.5.0")))  # the client's, not ours
    with warnings.catch_warnings():
        warnings.simplefilter("error", InconsistentVersionWarning)
        assert _partitions.model_for(ref).meta["spacy"] == "3.0.2"  # loaded: the same versions say nothing


def test_a_worker_loading_the_model_leaves_the_warnings_of_its_other_threads_alone(
        tmp_path, monkeypatch, threads_in_turn, no_hang):
    """``model_for`` muted the warning of a model of other versions (said where the job was submitted) with
    ``warnings.catch_warnings``, which swaps the process-wide filters: while a worker thread loaded the model,
    another thread's load of a model of other versions said nothing, and the filters it put back could undo
    another thread's."""
    import json
    import shutil
    import warnings

    import cxnlp.persist
    from cxnlp import _partition_classify
    from cxnlp.exceptions import InconsistentVersionWarning
    from cxnlp.persist import DEFAULT_MODEL_DIR

    model = shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "m")
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta["spacy"] = "3.0.4"
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.warns(InconsistentVersionWarning):
        ref = _partitions.model_ref(str(model))
    monkeypatch.setattr(_partition_classify, "_MODELS", {})  # loaded afresh, as by a new worker
    turns = threads_in_turn(cxnlp.persist, "load", ("user", "worker"))  # the user's load goes in first
    loads = {"user": lambda: cxnlp.persist.load(model), "worker": lambda: _partitions.model_for(ref)}
    found = {}

    def load(name):
        found[name] = loads[name]().meta["spacy"]

    with no_hang("a model loaded in two threads"), warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        before = list(warnings.filters)
        turns.run(load)
        after = list(warnings.filters)
    said = [str(w.message) for w in seen if issubclass(w.category, InconsistentVersionWarning)]
    assert after == before and len(said) == 1 and "spacy 3.0.4 (model)" in said[0], said
    assert found == {"user": "3.0.4", "worker": "3.0.4"}


def test_classify_files_muting_its_second_warning_leaves_other_threads_said(tmp_path, monkeypatch, threads_in_turn,
                                                                             no_hang):
    """``classify_files`` muted the second warning of a model of other versions (it warned once already) with
    ``warnings.catch_warnings``, which swaps the process-wide filters: meanwhile another thread's load of such a
    model said nothing."""
    import json
    import shutil
    import types
    import warnings

    import cxnlp.persist
    from cxnlp.exceptions import InconsistentVersionWarning
    from cxnlp.persist import DEFAULT_MODEL_DIR

    model = shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "m")
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta["spacy"] = "3.0.5"
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")

    def not_classified(*args, **kwargs):
        raise RuntimeError("not classified here")

    monkeypatch.setattr(cxd, "classify", not_classified)
    turns = threads_in_turn(cxd, "classify", ("user", "driver"))  # the user's load goes in first
    client = types.SimpleNamespace(nthreads=lambda: {"worker": 1})

    def run(name):
        with pytest.raises(RuntimeError, match="not classified here"):
            if name == "user":
                cxd.classify(None)  # (in turn with the driver's: the user's load below is said while it is inside)
            else:
                cxd._classify_to(types.SimpleNamespace(npartitions=4), str(tmp_path), tmp_path / "out",
                                 tmp_path / "tmp", client, None, None, None, text=None, model=str(model),
                                 industry=None, progress=None)
        if name == "user":
            cxnlp.persist.load(model)

    with no_hang("two threads, one classifying files"), warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        before = list(warnings.filters)
        turns.run(run)
        after = list(warnings.filters)
    said = [str(w.message) for w in seen if issubclass(w.category, InconsistentVersionWarning)]
    assert after == before and len(said) == 1 and "spacy 3.0.5 (model)" in said[0], said


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_cli_engine_dask_names_the_first_row_of_a_file_it_splits_and_counts_the_file_s_rows(cluster, tmp_path, suffix):
    """Dask splits a file into parts so that every worker gets work: an unknown industry in rows 2 and 11 was refused
    naming the first row of whichever part failed first ('row 11') and counting that part's rows alone, where
    --engine local says 'row 2 (and 1 more row)'. The refusal is now the local engine's."""
    source = tmp_path / f"encuesta{suffix}"
    frame = pd.DataFrame({"comentario": ["El servicio fue lento"] * 12, "Sector": ["telecom"] * 12})
    frame.loc[[1, 10], "Sector"] = "banca"
    if suffix == ".csv":
        source.write_text("Encuesta de marzo\n\n" + frame.to_csv(index=False), encoding="utf-8")  # a title line above
    else:
        frame.to_parquet(source)
    local, distributed = _industry_refusals(source, tmp_path, cluster)
    assert f"error: {source}: row 2 (and 1 more row): industry column 'Sector': " in local.output
    assert distributed.output == local.output and not (tmp_path / "dask").exists()


@pytest.mark.parametrize("settings, match", [
    ({"scheduler": "tcp://127.0.0.1:8786", "workers": 4}, "^workers sizes the local cluster cxnlp starts; with "
                                                           "scheduler, the running cluster has its own workers"),
    ({"workers": 0}, r"^workers=0: expected a whole number of at least 1"),
    ({"workers": True}, r"^workers=True: expected a whole number"),
    ({"workers": "2"}, r"^workers='2': expected a whole number")])
def test_classify_files_refuses_workers_it_would_not_apply(settings, match, tmp_path):
    """``workers`` with ``scheduler`` was ignored, and ``workers=0`` started one worker per CPU, in silence, where
    ``cxnlp classify --engine dask`` refuses both: said before a file is read or a cluster started."""
    with pytest.raises(ConfigError, match=match):
        cxd.classify_files(tmp_path / "missing.csv", tmp_path / "out", **settings)


def test_cli_engine_dask_refuses_the_input_folder_named_in_another_case(tmp_path, monkeypatch):
    """Port: on macOS, whose file system ignores case, `classify in -o IN/out --engine dask` wrote the dataset
    inside the input folder (read with the input next time): the check compared resolved paths, and macOS keeps a
    name's case as typed. Simulated: realpath that resolves nothing, and a link standing for the other case."""
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_text("Comentario\nLlegó tarde\n", encoding="utf-8")
    (tmp_path / "IN").symlink_to(folder)
    monkeypatch.setattr(os.path, "realpath", lambda path, strict=False: os.path.abspath(path))
    result = CliRunner().invoke(app, ["classify", str(folder), "-o", str(tmp_path / "IN" / "out"), "--engine", "dask"])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert result.output.startswith(f"error: Output {tmp_path / 'IN' / 'out'} is inside the input folder {folder}")
    assert sorted(p.name for p in folder.iterdir()) == ["a.csv"]


def test_classify_files_takes_workers_as_a_numpy_whole_number(tmp_path):
    """Review of parity1: ``workers=np.int64(2)`` (a count from numpy or pandas) was refused as not a whole number,
    where LocalCluster took it: the input is looked at, and a numpy count with ``scheduler`` is told apart."""
    import numpy as np

    with pytest.raises(DataError, match="missing.csv"):
        cxd.classify_files(tmp_path / "missing.csv", tmp_path / "out", workers=np.int64(2))
    with pytest.raises(ConfigError, match="^workers sizes the local cluster"):
        cxd.classify_files(tmp_path / "missing.csv", tmp_path / "out", workers=np.int64(2), scheduler="tcp://h:8786")


def test_missing_value_words_are_said_once_for_all_partitions():
    # Review of themes1: each partition said its own LabelTypoWarning with its own count (40 warnings for 40
    # partitions, none at all from Spark's executors); now the summed count, once, as pandas says it.
    import warnings

    from cxnlp.exceptions import LabelTypoWarning

    frame = pd.DataFrame({"cx_status": "ok", "cx_touchpoints": ["app", "nan", "None", "app|null", "delivery"] * 8,
                          "nps": [10, 0, 3, 9, 8] * 8})
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        out = cxd.summarize(dd.from_pandas(frame, npartitions=4), by="touchpoints", nps="nps", min_n=1)
    blank = [str(w.message) for w in said if issubclass(w.category, LabelTypoWarning)]
    assert blank == ["cx_touchpoints: 24 cells read as blank (missing-value words: 'cxnlp docs labels'): 'nan', "
                     "'none', 'null'; they give no theme."]
    assert out[["theme", "n"]].values.tolist() == [["app", 16], ["delivery", 8]]
