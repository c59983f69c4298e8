import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import cxnlp
from cxnlp.cli import app
from cxnlp.io import read_table

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def survey(tmp_path):
    path = tmp_path / "encuesta.csv"
    frame = pd.DataFrame({
        "ID respuesta": ["001", "002", "003", "004", "005"],
        "Comentario": ["La app se cierra al pagar", "", "N/A", "Excelente atención, muy amables",
                       "Me cobraron dos veces; nadie contesta"],
        "NPS": ["2", "8", "9", "10", "0"],
    })
    path.write_bytes(frame.to_csv(index=False, sep=";").encode("cp1252"))
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".jsonl"])
def test_classify_file_to_file(small_model, survey, tmp_path, suffix):
    _, model_dir = small_model
    out = tmp_path / f"clasificada{suffix}"
    result = runner.invoke(app, ["classify", str(survey), "-o", str(out), "--model", str(model_dir)])
    assert result.exit_code == 0, result.output
    assert "5 rows classified" in result.output
    frame = read_table(out)
    assert frame["ID respuesta"].astype(str).str.zfill(3).tolist() == ["001", "002", "003", "004", "005"]
    assert frame["cx_status"].tolist() == ["ok", "empty", "no_comment", "ok", "ok"]
    assert frame["cx_touchpoints"].iloc[0]
    segments = json.loads(frame["cx_segments"].iloc[4])
    assert {"start", "end", "text", "sentiment", "touchpoint", "area"} <= set(segments[0])


def test_classify_with_two_jobs_matches_one(small_model, survey, tmp_path):
    _, model_dir = small_model
    many = tmp_path / "many.csv"
    frame = pd.read_csv(survey, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    pd.concat([frame] * 300, ignore_index=True).to_csv(many, index=False)
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.csv"
        result = runner.invoke(app, ["classify", str(many), "-o", str(out), "--model", str(model_dir), "-j", jobs])
        assert result.exit_code == 0, result.output
        outs.append(read_table(out))
    pd.testing.assert_frame_equal(outs[0], outs[1])
    assert len(outs[0]) == 1500


def test_report_with_two_jobs_matches_one(small_model, survey, tmp_path, monkeypatch):
    # report classified in one process whatever the file's size; --jobs N splits it as classify does
    import cxnlp.batch

    monkeypatch.setattr(cxnlp.batch, "PARALLEL_CHUNK_ROWS", 40)  # 15 chunks of the 600 rows, not one
    _, model_dir = small_model
    many = tmp_path / "many.csv"
    frame = pd.read_csv(survey, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    pd.concat([frame] * 120, ignore_index=True).assign(NPS=lambda f: [str(i % 11) for i in range(len(f))]).to_csv(
        many, index=False)
    outs, pages = [], []
    for jobs in ("1", "2"):
        out, html = tmp_path / f"out{jobs}.csv", tmp_path / f"informe{jobs}.html"
        result = runner.invoke(app, ["report", str(many), "--html", str(html), "-o", str(out), "--nps", "NPS",
                                     "--model", str(model_dir), "--jobs", jobs])
        assert result.exit_code == 0, result.output
        outs.append(out.read_bytes())
        pages.append(html.read_text(encoding="utf-8"))
    assert outs[0] == outs[1] and pages[0] == pages[1]
    assert len(read_table(tmp_path / "out2.csv")) == 600


def test_review_with_two_jobs_matches_one(small_model, tmp_path, monkeypatch, corpus):
    import cxnlp.batch

    monkeypatch.setattr(cxnlp.batch, "PARALLEL_CHUNK_ROWS", 50)  # 8 chunks of the 400 rows, not one
    pooled, calls = cxnlp._batch_pool.pooled, []
    monkeypatch.setattr(cxnlp._batch_pool, "pooled", lambda *a, **k: calls.append(a[3]) or pooled(*a, **k))
    _, model_dir = small_model
    survey = tmp_path / "encuesta.csv"
    pd.DataFrame({"Comentario": corpus["text"].sample(400, random_state=3).tolist()}).to_csv(survey, index=False)
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"cola{jobs}.csv"
        result = runner.invoke(app, ["review", str(survey), "-o", str(out), "-n", "30", "--model", str(model_dir),
                                     "--jobs", jobs])
        assert result.exit_code == 0, result.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and len(read_table(tmp_path / "cola2.csv")) == 30
    assert calls == [2]  # the workers scored it (only --jobs 2 went through the pool)


def test_review_csv_follows_the_inputs_locale(small_model, tmp_path, corpus):
    """QA O 8: a ';' survey with decimal commas (Spanish Excel) gave a ',' queue with decimal points, as classify,
    report and summarize do not."""
    _, model_dir = small_model
    survey, out = tmp_path / "encuesta.csv", tmp_path / "cola.csv"
    comments = corpus["text"].sample(60, random_state=4).tolist()
    pd.DataFrame({"Comentario": comments, "Importe": [12.5] * 60}).to_csv(survey, index=False, sep=";", decimal=",")
    result = runner.invoke(app, ["review", str(survey), "-o", str(out), "-n", "10", "--model", str(model_dir)])
    assert result.exit_code == 0, result.output
    queue = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig")
    assert "confidence" in queue.columns and queue["confidence"].dtype.kind == "f" and len(queue) == 10
    assert read_table(out).shape == queue.shape


def test_classify_errors_exit_1_with_message(small_model, survey, tmp_path):
    _, model_dir = small_model
    result = runner.invoke(app, ["classify", str(survey), "-o", str(tmp_path / "o.csv"), "--text", "texto",
                                 "--model", str(model_dir)])
    assert result.exit_code == 1
    assert "'texto' not found" in result.output and "Comentario" in result.output
    result = runner.invoke(app, ["classify", str(survey), "-o", str(survey), "--model", str(model_dir)])
    assert result.exit_code == 1 and "is the input file" in result.output
    result = runner.invoke(app, ["classify", str(survey), "-o", str(tmp_path / "o.csv"), "--model", str(tmp_path)])
    assert result.exit_code == 1 and "meta.json is missing" in result.output
    # a comment column named as an output column: the results were written over the comments
    named = tmp_path / "cx.csv"
    named.write_text("cx_sentiment,nps\nLa app es lenta,2\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", str(named), "-o", str(tmp_path / "o.csv"), "--text", "cx_sentiment",
                                 "--model", str(model_dir)])
    assert result.exit_code == 1 and "Text column 'cx_sentiment' is named as a column classifying" in result.output
    assert not (tmp_path / "o.csv").exists()


def test_no_output_writes_over_a_labels_file_or_into_the_model(small_model, survey, tmp_path):
    _, model_dir = small_model
    model = tmp_path / "modelo"
    shutil.copytree(model_dir, model)
    before = {p.name: p.read_bytes() for p in model.iterdir()}
    classified = tmp_path / "clasif.csv"
    assert runner.invoke(app, ["classify", str(survey), "-o", str(classified), "--model", str(model)]).exit_code == 0
    names = tmp_path / "nombres.csv"
    names.write_text("label,name\napp,Aplicación móvil\n", encoding="utf-8")
    for command in (["summarize", str(classified)], ["drivers", str(classified), "--nps", "nps"],
                    ["changes", str(classified)], ["report", str(survey), "--html", str(tmp_path / "r.html"),
                                                   "--model", str(model)]):
        result = runner.invoke(app, [*command, "--labels-file", str(names), "-o", str(names)])
        assert result.exit_code == 1 and "is the input file" in result.output, (command, result.output)
    for command, output in ((["classify", str(survey)], model / "meta.json"),
                            (["review", str(survey)], model / "classifier.json"),
                            (["report", str(survey), "--html"], model / "arrays.npz"),
                            (["discover", str(survey), "--export"], model / "meta.json")):
        result = runner.invoke(app, [*command, "-o" if command[0] in ("classify", "review") else str(output),
                                     *([str(output)] if command[0] in ("classify", "review") else []),
                                     "--model", str(model)])
        assert result.exit_code == 1 and "is the input file" in result.output, (command, result.output)
    assert names.read_text(encoding="utf-8") == "label,name\napp,Aplicación móvil\n"
    assert {p.name: p.read_bytes() for p in model.iterdir()} == before
    # Beside a model's files an output is a new file: allowed (inside an input folder it is not: next test).
    beside = runner.invoke(app, ["classify", str(survey), "-o", str(model / "clasificado.csv"), "--model", str(model)])
    assert beside.exit_code == 0, beside.output
    parts = tmp_path / "partes"
    parts.mkdir()
    read_table(classified).to_parquet(parts / "part.0.parquet")
    replaced = runner.invoke(app, ["summarize", str(parts), "-o", str(parts / "part.0.parquet")])
    assert replaced.exit_code == 1 and "is the input file" in replaced.output


def test_no_output_goes_inside_an_input_folder(small_model, survey, tmp_path):
    """Found by QA: `classify ds -o ds/part.00002.parquet` succeeded, and the next read of the folder counted those
    rows twice. Every command that reads a folder refuses an output inside it, at any depth, before any work."""
    _, model_dir = small_model
    classified = tmp_path / "clasif.csv"
    assert runner.invoke(app, ["classify", str(survey), "-o", str(classified), "--model", str(model_dir)]).exit_code == 0
    ds = tmp_path / "ds"
    ds.mkdir()
    read_table(classified).to_parquet(ds / "part.00000.parquet")
    read_table(survey).to_parquet(tmp_path / "raw.parquet")
    raw = tmp_path / "raw"
    raw.mkdir()
    (tmp_path / "raw.parquet").rename(raw / "part.00000.parquet")
    model = ["--model", str(model_dir)]
    for command in (["classify", str(raw), "-o", str(raw / "part.00001.parquet"), *model],
                    ["classify", str(raw), "-o", str(raw / "sub" / "clasificado.csv"), *model],
                    ["summarize", str(ds), "-o", str(ds / "resumen.csv")],
                    ["summarize", str(ds), "--html", str(ds / "informe.html")],
                    ["drivers", str(ds), "--nps", "nps", "-o", str(ds / "drivers.xlsx")],
                    ["changes", str(ds), "-o", str(ds / "cambios.csv")],
                    ["review", str(raw), "-o", str(raw / "cola.csv"), *model],
                    ["report", str(raw), "--html", str(raw / "informe.html"), *model],
                    ["report", str(raw), "--html", str(tmp_path / "informe.html"), "-o", str(raw / "c.parquet"), *model],
                    ["discover", str(ds), "-o", str(ds / "grupos.json")],
                    ["discover", str(ds), "--export", str(ds / "grupos.csv")]):
        result = runner.invoke(app, command)
        folder = raw if command[1] == str(raw) else ds
        assert result.exit_code == 1 and result.output.startswith("error: Output "), (command, result.output)
        assert f"is inside the input folder {folder}" in result.output and result.output.count("\n") == 1
    assert sorted(p.name for p in ds.iterdir()) == ["part.00000.parquet"]
    assert sorted(p.name for p in raw.iterdir()) == ["part.00000.parquet"]
    assert runner.invoke(app, ["summarize", str(ds), "-o", str(tmp_path / "resumen.csv")]).exit_code == 0  # beside


def test_info(small_model):
    _, model_dir = small_model
    result = runner.invoke(app, ["info", "--model", str(model_dir)])
    assert result.exit_code == 0
    info = json.loads(result.output)
    assert info["name"] == "small" and "touchpoints" in info["labels"] and info["data_sha256"]
    assert info["files_ok"] is True and info["installed_cxnlp"] == cxnlp.__version__


def test_version_and_info_on_a_damaged_model(small_model, tmp_path):
    """--version prints the installed cxnlp; info checks the files' checksums as loading does."""
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"cxnlp {cxnlp.__version__}"
    _, model_dir = small_model
    damaged = tmp_path / "m"
    shutil.copytree(model_dir, damaged)
    with open(damaged / "arrays.npz", "r+b") as fh:
        fh.seek(100)
        byte = fh.read(1)
        fh.seek(100)
        fh.write(bytes([byte[0] ^ 1]))
    result = runner.invoke(app, ["info", "--model", str(damaged)])
    assert result.exit_code == 1 and '"files_ok": false' in result.output
    assert "arrays.npz's checksum" in result.output and "does not match" in result.output



def test_info_prints_json_that_strict_parsers_read(tmp_path):
    """A NaN among meta.json's scores (Python's json reads one) was printed as NaN, which is not JSON: strict
    parsers (jq, JSON.parse) refused the output. It is null."""
    from cxnlp.persist import DEFAULT_MODEL_DIR

    path = tmp_path / "m"
    shutil.copytree(DEFAULT_MODEL_DIR, path)
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    meta["scores"] = {"cv": {"touchpoints": {"macro_f1": float("nan"), "support": [float("inf"), 1.5]}}}
    (path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    result = runner.invoke(app, ["info", "--model", str(path)])
    assert result.exit_code == 0, result.output

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    info = json.loads(result.stdout, parse_constant=refuse)
    assert info["scores"] == {"cv": {"touchpoints": {"macro_f1": None, "support": [None, 1.5]}}}


def test_info_of_a_name_with_del_or_a_c1_character_is_still_json(tmp_path):
    """The terminal escapes (echo's visible) wrote a name's DEL or NEL (U+0085), which json.dumps leaves raw, as
    \\x7f and \\x85 inside a JSON string: not JSON, and jq refused 'cxnlp info'. They are JSON's \\u escapes."""
    from cxnlp.persist import DEFAULT_MODEL_DIR

    path = tmp_path / "m"
    shutil.copytree(DEFAULT_MODEL_DIR, path)
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    meta["name"] = "modelo\x85 nuevo\x7f \x1b[2J ñ 😀"
    (path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["info", "--model", str(path)])
    assert "\x1b" not in result.stdout and "\x7f" not in result.stdout and "\x85" not in result.stdout
    assert json.loads(result.stdout)["name"] == "modelo\x85 nuevo\x7f \x1b[2J ñ 😀"
    assert '"modelo\\u0085 nuevo\\u007f \\u001b[2J ñ 😀"' in result.stdout


def _edit_meta(path, change):
    meta = json.loads((path / "meta.json").read_text())
    change(meta)
    (path / "meta.json").write_text(json.dumps(meta))


@pytest.mark.parametrize("breakage", [
    lambda p: _edit_meta(p, lambda m: m["files"].pop("classifier.json")),  # info said the files were fine
    lambda p: _edit_meta(p, lambda m: m["files"].update({"../raw.csv": "x"})),  # info said it would not load
    lambda p: _edit_meta(p, lambda m: m.update(files=["x"])),
    lambda p: (p / "arrays.npz").unlink(),
    lambda p: _edit_meta(p, lambda m: m.update(format_version=1, model_sha256="x")),  # info said nothing of a pickle
    lambda p: None,
])
def test_info_gives_the_verdict_load_gives(small_model, tmp_path, breakage):
    _, model_dir = small_model
    path = tmp_path / "m"
    shutil.copytree(model_dir, path)
    breakage(path)
    try:
        cxnlp.load(path)
        refusal = None
    except cxnlp.ModelFormatError as err:
        refusal = str(err)
    try:  # click 8.1, which pyproject allows, mixes the standard error into stdout unless told not to
        apart = CliRunner(mix_stderr=False)
    except TypeError:  # (click 8.2 and later keep them apart, and no longer take the argument)
        apart = CliRunner()
    result = apart.invoke(app, ["info", "--model", str(path)])
    assert json.loads(result.stdout)["files_ok"] is (refusal is None)
    assert (result.exit_code, result.stderr.strip()) == ((0, "") if refusal is None else (1, f"error: {refusal}"))


def _labelled_sample(corpus, path, per_sentiment: int):
    """``per_sentiment`` corpus rows of each sentiment written to ``path`` as a labelled CSV; returns ``path``."""
    sample = corpus.groupby("sentiment", group_keys=False).sample(per_sentiment, random_state=2)
    sample = sample.assign(**{c: sample[c].map("|".join) for c in ("touchpoints", "areas")})
    sample[["text", "sentiment", "touchpoints", "areas"]].to_csv(path, index=False)
    return path


@pytest.mark.slow  # trains a model (the default run's time budget)
def test_train_then_skip_when_unchanged(common_corpus, tmp_path):
    data = _labelled_sample(common_corpus, tmp_path / "etiquetas.csv", 60)
    out = tmp_path / "modelo"
    args = ["train", "--data", str(data), "--out", str(out)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "saved" in first.output and (out / "meta.json").is_file()
    second = runner.invoke(app, args)
    assert second.exit_code == 0 and "already trained on the same data" in second.output


def test_train_says_which_display_names_it_kept(tmp_path, monkeypatch):
    # "for the labels it still has": the names of journey stages, industries and statuses are kept too
    import cxnlp.training

    data = tmp_path / "datos.csv"
    data.write_text("text,sentiment\nhola,positive\n", encoding="utf-8")
    model = cxnlp.load()
    model.meta = {**model.meta, "display_names": {"before": "Antes de comprar"}}
    monkeypatch.setattr(cxnlp.training, "train_to_dir", lambda *args, **kwargs: (model, False))
    result = runner.invoke(app, ["train", "--data", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == ("kept the display names of the model it replaced (meta.json "
                                              "display_names) for the labels, journey stages, industries and "
                                              "statuses it still shows.")


@pytest.mark.slow  # trains a model (the default run's time budget)
def test_train_with_a_new_name_alone_renames_without_retraining(common_corpus, tmp_path):
    # --name production_v2 on a model trained on the same data said "already trained" and kept the old name
    data = _labelled_sample(common_corpus, tmp_path / "etiquetas.csv", 30)
    out = tmp_path / "modelo"
    first = runner.invoke(app, ["train", "--data", str(data), "--out", str(out)])
    assert first.exit_code == 0, first.output
    arrays = (out / "arrays.npz").read_bytes()
    renamed = runner.invoke(app, ["train", "--data", str(data), "--out", str(out), "--name", "production_v2"])
    assert renamed.exit_code == 0 and "already trained" in renamed.output and "named 'production_v2'" in renamed.output
    assert cxnlp.load(out).meta["name"] == "production_v2" and (out / "arrays.npz").read_bytes() == arrays
    # review: the same command rerun without --name (a cron job) renamed the model after its folder
    again = runner.invoke(app, ["train", "--data", str(data), "--out", str(out)])
    assert again.exit_code == 0 and "named 'production_v2'" in again.output, again.output
    assert cxnlp.load(out).meta["name"] == "production_v2"


def test_an_option_value_cxnlp_refuses_is_one_error_line_with_exit_1(tmp_path):
    """--engine spark and compare with one --model exited 2 in a usage box, while --industry banks, --period year and
    promote without --model exit 1 with one error: line: every value cxnlp checks is now the latter (README)."""
    result = runner.invoke(app, ["classify", "no-such.csv", "-o", str(tmp_path / "x.csv"), "--engine", "spark"])
    assert result.exit_code == 1, result.output
    assert result.output == "error: --engine 'spark' is not known; expected 'local' or 'dask'.\n"
    # A mistyped engine with a Dask option was told "--workers applies to --engine dask; with --engine local, ..."
    result = runner.invoke(app, ["classify", "in.csv", "-o", str(tmp_path / "x"), "--engine", "Dask", "--workers", "4"])
    assert result.output == "error: --engine 'Dask' is not known; expected 'local' or 'dask'.\n"
    result = runner.invoke(app, ["compare", "-m", "default", "-d", "no-such.csv"])
    assert result.exit_code == 1, result.output
    assert result.output == "error: compare needs exactly two --model options (A and B), got 1.\n"
    assert runner.invoke(app, ["classify", "x.csv", "-o", "y.csv", "--jobs", "0"]).exit_code == 2  # click's own


def test_warnings_are_one_line_each_and_once(tmp_path):
    """A label typo was warned twice (the file is read twice), each with Python's source line."""
    frame = pd.read_csv(ROOT / "training_data" / "ecommerce_retail.csv", keep_default_na=False).head(80)
    frame.loc[frame.index[:3], "touchpoints"] = "delivry"
    frame.to_csv(tmp_path / "erratas.csv", index=False)
    result = CliRunner().invoke(app, ["train", "--data", str(tmp_path / "erratas.csv"), "--out", str(tmp_path / "m")])
    warned = [line for line in result.output.splitlines() if "delivry" in line]
    assert len(warned) == 1 and warned[0].startswith("warning: ") and "LabelTypoWarning" not in result.output


def test_forked_workers_inherit_the_parents_model(small_model, survey, tmp_path, monkeypatch):
    # the model is loaded and warmed up once, in the parent, not again in each worker (0.8 s of CPU each)
    import cxnlp.batch

    monkeypatch.setattr(cxnlp.batch, "PARALLEL_CHUNK_ROWS", 40)
    loads, real_load = tmp_path / "loads.txt", cxnlp._batch_pool.load

    def counted_load(model_dir=None):
        with open(loads, "a") as fh:  # a file: the workers' calls happen in other processes
            fh.write(f"{os.getpid()}\n")
        return real_load(model_dir)

    monkeypatch.setattr(cxnlp._batch_pool, "load", counted_load)
    _, model_dir = small_model
    frame = pd.read_csv(survey, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    many = tmp_path / "many.csv"
    pd.concat([frame] * 40, ignore_index=True).to_csv(many, index=False)
    cxnlp.batch.classify_file(many, tmp_path / "out.csv", model_dir=model_dir, jobs=2)
    assert loads.read_text().split() == [str(os.getpid())]
    assert len(read_table(tmp_path / "out.csv")) == 200

    # workers that are spawned (macOS, Windows; Linux from Python 3.14) cannot inherit it: each loads its own
    monkeypatch.setattr(cxnlp._batch_pool.multiprocessing, "get_start_method", lambda *a, **k: "spawn")
    assert cxnlp._batch_pool.forked_model(model_dir) is None


@pytest.mark.parametrize("jobs", [1, 2])
def test_classifying_a_file_leaves_nothing_frozen(small_model, survey, tmp_path, monkeypatch, jobs):
    # objects are frozen out of the collector's sight while a file is classified (speed), and thawed after:
    # frozen, they are never collected, so a process classifying file after file kept each one's garbage
    import gc

    import cxnlp.batch

    monkeypatch.setattr(cxnlp.batch, "PARALLEL_CHUNK_ROWS", 40)
    _, model_dir = small_model
    frame = pd.read_csv(survey, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    many = tmp_path / "many.csv"
    pd.concat([frame] * 20, ignore_index=True).to_csv(many, index=False)
    gc.unfreeze()
    cxnlp.batch.classify_file(many, tmp_path / "out.csv", model_dir=model_dir, jobs=jobs)
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a freeze of the caller's own is left as it was
    try:
        frozen = gc.get_freeze_count()
        cxnlp.batch.classify_file(many, tmp_path / "out2.csv", model_dir=model_dir, jobs=jobs)
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_progress_bar_moves_within_a_chunk(small_model, survey, tmp_path, monkeypatch, jobs):
    # a chunk is 20,000 rows: a file of that size moved the progress bar once, at its end, after a minute of nothing
    import cxnlp.batch
    from cxnlp import _batch_pool
    from cxnlp.model import BATCH

    assert getattr(_batch_pool, "STEP_ROWS", BATCH) % BATCH == 0  # whole batches: classified as in one call
    monkeypatch.setattr(_batch_pool, "STEP_ROWS", 10, raising=False)
    monkeypatch.setattr(cxnlp.batch, "PARALLEL_CHUNK_ROWS", 10)
    _, model_dir = small_model
    frame = pd.read_csv(survey, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    many = tmp_path / "many.csv"
    pd.concat([frame] * 5, ignore_index=True).to_csv(many, index=False)
    ticks = []
    cxnlp.batch.classify_file(many, tmp_path / "out.csv", model_dir=model_dir, jobs=jobs, progress=ticks.append)
    assert ticks == [10, 10, 5]


def _survey_exports(tmp_path) -> dict[str, tuple[Path, list[str], str, str]]:
    """Exports as Excel and survey tools leave them: path, extra arguments, what the output says, and a warning."""
    import openpyxl

    two_level = tmp_path / "two_level.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Respuestas"
    book.active.append(["Cliente", None, "Valoración", None])
    book.active.append(["ID", "Fecha", "NPS", "Comentario"])
    for i in range(8):
        book.active.append([f"C{i}", "2024-01-05", i, "La entrega llegó tarde"])
    book.create_sheet("Notas").append(["Comentario", "Autor"])
    book["Notas"].append(["Revisar antes del comité", "Ana"])
    book.save(two_level)
    trailing = tmp_path / "trailing.csv"
    trailing.write_text("id;comentario;nps\r\n" + "".join(f"{i};La app falla;3\r\n" for i in range(30))
                        + ";;\r\n" * 30, encoding="utf-8")
    titles = tmp_path / "titles.csv"
    titles.write_text("Informe NPS;;\r\nPeriodo: marzo 2024;;\r\nid;comentario;nps\r\n1;La entrega tarde;3\r\n"
                      "2;Bien;10\r\n", encoding="utf-8")
    joined = tmp_path / "joined.csv"
    export = "\ufeffid;comentario;nps\r\n1;La entrega tarde;3\r\n".encode()
    joined.write_bytes(export + export)
    return {"two_level": (two_level, ["--text", "Comentario"], "8 rows classified", "a row of group labels"),
            "trailing": (trailing, [], "30 rows classified", ""),
            "titles": (titles, [], "2 rows classified", ""),
            "joined": (joined, [], "2 rows classified", "line 3 repeats the header")}


@pytest.mark.parametrize("name", ["two_level", "trailing", "titles", "joined"])
def test_classify_reads_exports_as_excel_leaves_them(small_model, tmp_path, name):
    _, model_dir = small_model
    path, extra, said, warned = _survey_exports(tmp_path)[name]
    result = runner.invoke(app, ["classify", str(path), "-o", str(tmp_path / "out.csv"), "--model", str(model_dir),
                                 *extra])
    assert result.exit_code == 0, result.output
    assert said in result.output and warned in result.output


def test_classify_names_a_workbook_saved_as_csv_in_one_line(small_model, tmp_path):
    _, model_dir = small_model
    path = tmp_path / "encuesta.xlsx"
    pd.DataFrame({"comentario": ["La app falla"]}).to_excel(path, index=False)
    path = path.rename(tmp_path / "encuesta.csv")
    result = runner.invoke(app, ["classify", str(path), "-o", str(tmp_path / "out.csv"), "--model", str(model_dir)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "an Excel workbook (a zip file)" in lines[0] and "rename it to encuesta.xlsx" in lines[0]


def test_an_output_that_is_a_folder_is_asked_for_as_a_file(small_model, survey, tmp_path):
    """Found by QA: `review x.csv -o folder` answered that the folder held no Parquet files and asked for 'a survey
    file inside it', an input's message for an output path."""
    _, model_dir = small_model
    folder = tmp_path / "salida"
    folder.mkdir()
    for command in (["classify", str(survey), "-o", str(folder), "--model", str(model_dir)],
                    ["review", str(survey), "-o", str(folder), "--model", str(model_dir)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1, result.output
        assert f"Output {folder} is a folder; give a file path such as {folder / 'salida.csv'}" in result.output
        assert "Parquet" not in result.output
    assert list(folder.iterdir()) == []


def test_review_counts_one_comment_in_the_singular(small_model, tmp_path):
    _, model_dir = small_model
    one = tmp_path / "una.csv"
    one.write_text("comentario\nEl pedido llegó tarde y nadie contesta\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(one), "-o", str(tmp_path / "cola.csv"), "--model", str(model_dir)])
    assert result.exit_code == 0, result.output
    assert "1 comment to label ->" in result.output


def test_review_says_that_only_the_rows_marked_reviewed_train(tmp_path):
    # the suggestions are pre-filled labels: a row nobody checked trained the model's own guess, and neither the
    # command nor the README said so; now only the rows marked in the 'reviewed' column train, and all three say it
    survey = tmp_path / "encuesta.csv"
    survey.write_text("comentario\nEl pedido llegó tarde y nadie contesta\nLa app se cierra al pagar\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(survey), "-o", str(tmp_path / "cola.csv")])
    assert result.exit_code == 0, result.output
    assert "mark it in the 'reviewed' column (sí, x or 1); only the marked rows train" in result.output
    shown = " ".join(runner.invoke(app, ["review", "--help"], env={"COLUMNS": "300"}).output.split())
    assert "mark it in OUTPUT's 'reviewed' column (sí, x or 1); only the marked rows train" in shown
    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split())
    assert "only the rows marked in its `reviewed` column train" in readme and "delete the others" not in readme


def test_an_html_report_given_a_folder_is_asked_for_as_an_html_file(tmp_path, monkeypatch):
    """Found by review: `summarize x.csv --html out` (a folder, or "") was told "give a file path such as
    out/salida.csv", a name --html then refused for not ending in .html."""
    classified = tmp_path / "clasificado.csv"
    pd.DataFrame({"cx_status": ["ok", "ok"], "cx_sentiment": ["negative", "positive"],
                  "cx_touchpoints": ["delivery", "app"], "nps": [3, 10]}).to_csv(classified, index=False)
    folder = tmp_path / "informes"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["summarize", str(classified), "--nps", "nps", "--html", str(folder)])
    assert result.exit_code == 1, result.output
    assert f"is a folder; give a file path such as {folder / 'informe.html'}." in result.output
    assert "salida.csv" not in result.output
    result = runner.invoke(app, ["summarize", str(classified), "--nps", "nps", "--html", ""])  # a usage error (cliux3)
    assert result.exit_code == 2 and "--html was given an empty path ('')" in result.output, result.output
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("weight", ["inf", "nan"])
def test_train_an_infinite_or_nan_weight_is_said_to_be_not_finite(tmp_path, weight):
    # infinity is positive: "expected a positive number" named the wrong fault
    data = tmp_path / "etiquetas.csv"
    pd.DataFrame({"text": ["La app se cierra", "Muy buena atención"], "sentiment": ["negative", "positive"]}
                 ).to_csv(data, index=False)
    result = runner.invoke(app, ["train", "--data", str(data), "--out", str(tmp_path / "m"), "--weight", weight])
    assert result.exit_code == 1
    assert " ".join(result.output.split()) == (f"error: --weight {weight}: expected a positive, finite number (how "
                                               f"much your rows count against the base corpus's, 1 each).")


def test_classify_an_output_name_without_extension_is_said_to_have_none(survey, tmp_path):
    # "unsupported file type ''" did not say that the output name lacked an extension
    out = tmp_path / "clasificada"
    result = runner.invoke(app, ["classify", str(survey), "-o", str(out)])
    assert result.exit_code == 1
    assert " ".join(result.output.split()) == (
        f"error: {out}: the name has no extension, which tells cxnlp the file type; end it with one of '.csv', "
        f"'.json', '.jsonl', '.ndjson', '.parquet', '.pq', '.tsv', '.txt' or '.xlsx', e.g. {out}.csv.")
    assert not out.exists()


@pytest.mark.parametrize("command, option", [
    (["classify"], "-o"), (["review"], "-o"), (["summarize", "--nps", "NPS"], "--output"),
    (["drivers", "--nps", "NPS"], "--output"), (["discover"], "--export")])
@pytest.mark.parametrize("suffix, kind", [(".parquet", "Parquet"), (".jsonl", "JSONL")])
def test_allow_formulas_with_an_output_that_holds_no_formulas_is_refused(survey, tmp_path, command, option, suffix,
                                                                          kind):
    # Parquet and JSONL cells are written as they are: the option was accepted and did nothing, as it is refused
    # for --engine dask
    out = tmp_path / f"salida{suffix}"
    result = runner.invoke(app, [*command, str(survey), option, str(out), "--allow-formulas"])
    assert result.exit_code == 1, result.output
    assert " ".join(result.output.split()) == (f"error: --allow-formulas applies to CSV and XLSX output, and {out} is "
                                               f"{kind}, whose cells cxnlp never changes; leave --allow-formulas out.")
    assert not out.exists()


def test_allow_formulas_in_discover_needs_export(survey):
    result = runner.invoke(app, ["discover", str(survey), "--allow-formulas"])
    assert result.exit_code == 1, result.output
    assert " ".join(result.output.split()) == ("error: --allow-formulas needs --export (the CSV or XLSX file whose "
                                               "cells it writes as they are); give --export FILE, or leave "
                                               "--allow-formulas out.")


def test_review_counts_input_row_from_1_as_every_row_number_is(survey, tmp_path):
    # input_row was 0-based, where errors ('row 3') and the rest of cxnlp count rows from 1
    out = tmp_path / "cola.csv"
    result = runner.invoke(app, ["review", str(survey), "-o", str(out), "-n", "5"])
    assert result.exit_code == 0, result.output
    queue = read_table(out)  # (written as the input is: ';'-separated)
    comments = pd.read_csv(survey, sep=";", encoding="cp1252", dtype=str)["Comentario"].tolist()
    assert len(queue) > 0 and queue["input_row"].astype(int).min() >= 1
    assert queue["text"].tolist() == [comments[int(i) - 1] for i in queue["input_row"]]


def test_changes_with_nothing_to_compare_says_it_once(tmp_path):
    # cxnlp.changes warns of an empty table; the command prints its own line, not that warning beside it
    path = tmp_path / "clasificada.csv"
    pd.DataFrame({"fecha": ["2024-01-10"] * 3 + ["2024-04-10"] * 3, "comentario": ["x"] * 6,
                  "cx_touchpoints": [""] * 6, "nps": [10, 9, 0, 5, 6, 7]}).to_csv(path, index=False)
    result = runner.invoke(app, ["changes", str(path), "--nps", "nps"])
    assert result.exit_code == 0, result.output
    assert "nothing to compare" in result.output and "warning:" not in result.output


def test_no_help_page_shows_a_placeholder_left_unfilled():
    # typer wrote the usage line 'classify [OPTIONS] {input}', where the help's text says INPUT
    import re

    import typer.main

    commands = typer.main.get_command(app).commands
    for args in [[], *([name] for name in commands)]:
        result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "300"})
        assert result.exit_code == 0, result.output
        # ('{input}', '{}', '%(default)s'; a JSON example such as {"label": "Name"} is text)
        assert not re.findall(r"\{\w*(?:![rsa])?(?::[^{}\s]*)?\}|%\(\w+\)", result.output), (args, result.output)
        for argument in (p for p in (commands[args[0]].params if args else ()) if p.param_type_name == "argument"):
            shown = argument.name.upper() if argument.required else f"[{argument.name.upper()}]"  # INPUT, [TOPIC]
            assert f"{args[0]} [OPTIONS] {shown}" in result.output, result.output
    missing = runner.invoke(app, ["classify"], env={"COLUMNS": "300"})
    assert missing.exit_code == 2 and "Missing argument 'INPUT'." in missing.output, missing.output


def test_the_readme_names_every_output_format_allow_formulas_is_refused_with():
    # the README said "refused with a Parquet or JSONL output"; summarize/drivers/changes -o x.json is refused too
    import re

    from cxnlp.cli.options import _FORMAT_NAMES
    from cxnlp.io import EXTENSIONS, SPREADSHEET_FORMATS

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    said = re.search(r"`--allow-formulas` to opt out; it is refused with (.*?), whose cells", readme).group(1)
    refused = {_FORMAT_NAMES.get(kind, kind) for kind in EXTENSIONS.values() if kind not in SPREADSHEET_FORMATS}
    assert refused == set(re.findall(r"\w+", said)) - {"a", "or", "output"}, said
    assert "`discover` without `--export`" in readme


def test_the_readme_says_allow_formulas_refuses_a_formula_longer_than_excel_holds():
    # with --allow-formulas an XLSX text over 8,192 characters that starts with "=" is an error (write_table's
    # check_cells); the README's list of what --allow-formulas does said nothing of it
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    said = readme.split("**Spreadsheet formulas are neutralised:**", 1)[1].split("and so do column names", 1)[0]
    assert "an XLSX cell that starts with `=` is written as a formula, and one longer than Excel's 8,192 characters " \
           "is an error before anything is written" in said


@pytest.mark.parametrize("name, said", [
    ("clasificada.", "the name has no extension, which tells cxnlp the file type; end it with one of"),
    (".csv", "the name is an extension alone, read as a name without one; give the file a name before it"),
])
def test_classify_an_output_name_ending_in_a_dot_or_only_an_extension_is_given_a_name_that_works(survey, tmp_path,
                                                                                                 name, said):
    # review of cliux5: 'clasificada.' was told "e.g. clasificada..csv", and '.csv' "e.g. .csv.csv", itself refused
    out = tmp_path / name
    result = runner.invoke(app, ["classify", str(survey), "-o", str(out)])
    text = " ".join(result.output.split())
    assert result.exit_code == 1 and text.startswith(f"error: {out}: {said}"), result.output
    suggested = text.rsplit("e.g. ", 1)[1].rstrip(".")
    assert suggested == str(tmp_path / ("clasificada.csv" if name.endswith(".") else "data.csv")), text
    assert not out.exists()


def test_every_option_in_help_is_named_in_the_readme_or_docs():
    # classify --progress, train --seed, evaluate --worst, promote --metric and cxnlp --version were in --help only
    import re

    import typer

    docs = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        page.read_text(encoding="utf-8") for page in sorted((ROOT / "docs").glob("*.md")))
    group = typer.main.get_command(app)
    options = [("cxnlp", o) for p in group.params for o in p.opts]
    options += [(name, o) for name, command in group.commands.items() for p in command.params for o in p.opts]
    named = set(re.findall(r"--[a-z][\w-]*", docs))
    missing = [f"{name} {o}" for name, o in options
               if o.startswith("--") and o not in ("--help", "--output") and o not in named]
    assert not missing, missing


def test_the_input_help_names_every_format_a_survey_is_read_from():
    # classify's and report's INPUT said "CSV, XLSX, Parquet or JSONL", review's -o "CSV": they read and write JSON too
    import re

    import typer.main

    from cxnlp.io import EXTENSIONS

    names = {"csv": "CSV", "xlsx": "XLSX", "parquet": "Parquet", "jsonl": "JSONL", "json": "JSON"}
    commands = typer.main.get_command(app).commands
    for command in ("classify", "report"):
        said = next(p for p in commands[command].params if p.name == "input").help
        assert all(re.search(rf"\b{names[kind]}\b", said) for kind in set(EXTENSIONS.values())), (command, said)
    said = next(p for p in commands["review"].params if p.name == "output").help
    assert not said.startswith("CSV") and "XLSX" in said, said
