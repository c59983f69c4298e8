import json
import os
import shutil
import warnings
from pathlib import Path

import pytest

import cxnlp
from cxnlp.labelled import data_hash
from cxnlp.exceptions import CxnlpError, InconsistentVersionWarning, ModelFormatError
from cxnlp.persist import ARRAYS_FILE, DEFAULT_MODEL_DIR, META_FILE, STATE_FILE, file_sha256, read_meta


def _copy(small_model, tmp_path):
    _, path = small_model
    target = tmp_path / "copy"
    shutil.copytree(path, target)
    return target


def test_meta_records_versions_labels_and_checksum(small_model):
    _, path = small_model
    meta = read_meta(path)
    for key in ("format_version", "cxnlp", "sklearn", "spacy", "python", "created", "config", "labels",
                "data_sha256", "files", "rows", "scores"):
        assert key in meta, key
    # the three axes, plus the signals the 900-row sample has enough examples of (escalation is too rare there)
    assert {"sentiment", "touchpoints", "areas", "effort", "emotions", "churn_risk"} <= set(meta["labels"])
    assert set(meta["labels"]) <= {"sentiment", "touchpoints", "areas", "effort", "emotions", "churn_risk", "escalation"}
    assert meta["labels"]["effort"] == ["high", "low", "none"]
    assert meta["scores"]["cv"]["sentiment"]["macro_f1"] > 0.5
    assert meta["scores"]["cv"]["effort"]["macro_f1"] > 0.4


def test_damaged_model_file_fails_clearly(small_model, tmp_path):
    path = _copy(small_model, tmp_path)
    with open(path / ARRAYS_FILE, "r+b") as fh:
        fh.seek(100)
        fh.write(b"garbage")
    with pytest.raises(ModelFormatError, match="checksum .* does not match"):
        cxnlp.load(path)


def test_other_format_version_raises(small_model, tmp_path):
    path = _copy(small_model, tmp_path)
    meta = json.loads((path / META_FILE).read_text())
    meta["format_version"] = 999
    (path / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelFormatError, match="format version 999.*Retrain"):
        cxnlp.load(path)


def test_library_drift_warns_with_instructions(small_model, tmp_path):
    """A saved model predicts with NumPy from spaCy's tokens: another spaCy series warns, another scikit-learn
    (never imported to predict) does not."""
    path = _copy(small_model, tmp_path)
    meta = json.loads((path / META_FILE).read_text())
    meta["sklearn"] = "0.0.1"
    (path / META_FILE).write_text(json.dumps(meta))
    with warnings.catch_warnings():
        warnings.simplefilter("error", InconsistentVersionWarning)
        cxnlp.load(path)
    meta["spacy"] = "3.0.1"
    (path / META_FILE).write_text(json.dumps(meta))
    with pytest.warns(InconsistentVersionWarning, match="spacy 3.0.1 \\(model\\).*retrain"):
        cxnlp.load(path)


@pytest.mark.parametrize("breakage, message", [
    (lambda p: (p / META_FILE).unlink(), "meta.json is missing"),
    (lambda p: (p / ARRAYS_FILE).unlink(), "arrays.npz is missing"),
    (lambda p: (p / STATE_FILE).unlink(), "classifier.json is missing"),
    (lambda p: (p / META_FILE).write_text("{not json"), "not valid JSON"),
])
def test_incomplete_model_directories(small_model, tmp_path, breakage, message):
    path = _copy(small_model, tmp_path)
    breakage(path)
    with pytest.raises(ModelFormatError, match=message):
        cxnlp.load(path)


def test_not_a_directory(tmp_path):
    with pytest.raises(ModelFormatError, match="not a model directory"):
        cxnlp.load(tmp_path / "nope")


def test_shipped_model_is_fresh(corpus):
    """The shipped model must be retrained whenever training_data/ changes (see README: Training)."""
    meta = read_meta(DEFAULT_MODEL_DIR)
    assert meta["data_sha256"] == data_hash(corpus), (
        "models/default is stale: retrain with `cxnlp train --data training_data --out models/default "
        "--name default --force`")
    assert meta["config"] == cxnlp.TrainConfig().to_dict()
    # The order decides the cross-validation folds; without it `cxnlp train` never skips retraining (README).
    assert meta["data_order_sha256"] == data_hash(corpus, ordered=True)


def test_shipped_model_loads_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = cxnlp.load()
    assert model.classify("El pedido llegó tarde y roto").sentiment == "negative"


def _evil_pickle_model(directory, marker):
    """A format-1 model directory whose pickle runs a shell command when unpickled, with a matching checksum."""
    import joblib

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    directory.mkdir()
    joblib.dump(Evil(), directory / "model.joblib")
    meta = {"format_version": 1, "model_sha256": file_sha256(directory / "model.joblib")}
    (directory / META_FILE).write_text(json.dumps(meta))
    return directory


def test_malicious_pickle_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    evil = _evil_pickle_model(tmp_path / "evil", marker)
    with pytest.raises(ModelFormatError, match="pickle.*trust"):
        cxnlp.load(evil)
    assert not marker.exists()


def test_a_pickle_in_the_shipped_model_folder_is_not_trusted_either(tmp_path, monkeypatch):
    """The shipped model's folder was trusted: in a source checkout it is models/default, data a pull or a
    promotion replaces, and a pickle put there was unpickled by cxnlp.load() without trust=True."""
    from cxnlp import persist

    marker = tmp_path / "pwned"
    evil = _evil_pickle_model(tmp_path / "default", marker)
    monkeypatch.setattr(persist, "DEFAULT_MODEL_DIR", evil)
    monkeypatch.delenv("CXNLP_MODEL", raising=False)
    for directory in (None, evil):
        with pytest.raises(ModelFormatError, match="pickle.*trust"):
            cxnlp.load(directory)
    assert not marker.exists()


def test_malicious_pickle_via_cli_never_runs(tmp_path):
    from typer.testing import CliRunner

    from cxnlp.cli import app

    marker = tmp_path / "pwned"
    evil = _evil_pickle_model(tmp_path / "evil", marker)
    data = tmp_path / "in.csv"
    data.write_text("comentario\nLlegó tarde\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["classify", str(data), "-o", str(tmp_path / "out.csv"), "--model", str(evil)])
    assert result.exit_code != 0
    assert not marker.exists()
    assert not (tmp_path / "out.csv").exists()


def test_saved_model_has_no_pickles(small_model, tmp_path):
    """The safe format: JSON and an .npz that NumPy reads with allow_pickle=False."""
    import numpy as np

    _, path = small_model
    assert sorted(p.name for p in path.iterdir()) == sorted([META_FILE, STATE_FILE, ARRAYS_FILE])
    with np.load(path / ARRAYS_FILE, allow_pickle=False) as npz:
        assert all(npz[k].dtype != object for k in npz.files)


def test_trusted_pickle_is_type_checked(tmp_path):
    import joblib

    directory = tmp_path / "legacy"
    directory.mkdir()
    joblib.dump({"not": "a model"}, directory / "model.joblib")
    (directory / META_FILE).write_text(json.dumps({"format_version": 1,
                                                   "model_sha256": file_sha256(directory / "model.joblib")}))
    with pytest.raises(ModelFormatError, match="holds a dict, not a cxnlp classifier"):
        cxnlp.load(directory, trust=True)


def test_trust_is_true_or_false_never_text(tmp_path):
    # trust="false" (a setting read from a file or the environment as text) was truthy: the pickle was loaded
    import joblib

    directory = tmp_path / "legacy"
    directory.mkdir()
    joblib.dump({"not": "a model"}, directory / "model.joblib")
    (directory / META_FILE).write_text(json.dumps({"format_version": 1,
                                                   "model_sha256": file_sha256(directory / "model.joblib")}))
    for trust in ("false", "no", 0, None):
        with pytest.raises(cxnlp.ConfigError) as raised:
            cxnlp.load(directory, trust=trust)
        assert str(raised.value) == (f"trust={trust!r}: expected True or False (True loads a pickle: only one you "
                                     f"trust).")
    with pytest.raises(ModelFormatError, match="this model is a pickle"):
        cxnlp.load(directory, trust=False)


def test_model_location_explicit_then_environment_then_shipped(small_model, monkeypatch, tmp_path):
    from cxnlp.persist import resolve_model_dir

    _, path = small_model
    monkeypatch.delenv("CXNLP_MODEL", raising=False)
    assert resolve_model_dir() == DEFAULT_MODEL_DIR
    monkeypatch.setenv("CXNLP_MODEL", str(path))
    assert resolve_model_dir() == path
    assert cxnlp.load().meta["data_sha256"] == read_meta(path)["data_sha256"]
    assert resolve_model_dir(tmp_path) == tmp_path


def test_review_threshold_is_an_inference_setting(small_model):
    _, path = small_model
    strict = cxnlp.load(path, review_confidence=1.0)
    lax = cxnlp.load(path, review_confidence=0.0)
    assert strict.classify("Llegó tarde").needs_review is True
    assert lax.classify("Llegó tarde").needs_review is False


def test_save_never_deletes_what_is_not_a_model(small_model, tmp_path):
    """A folder of the user's (a project, the training data) is refused before anything is written; an
    empty folder or a model folder (replaced whole) is not."""
    model, _ = small_model
    project = tmp_path / "proyecto"
    (project / "sub").mkdir(parents=True)
    (project / "importante.csv").write_text("text,sentiment\n", encoding="utf-8")
    with pytest.raises(cxnlp.CxnlpError, match=r"not a model's \(importante.csv, sub\); saving would delete them"):
        cxnlp.save(model, project)
    assert sorted(p.name for p in project.iterdir()) == ["importante.csv", "sub"]
    afile = tmp_path / "modelo.txt"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(cxnlp.CxnlpError, match="a file, not a folder"):
        cxnlp.save(model, afile)
    link = tmp_path / "enlace"
    link.symlink_to(project, target_is_directory=True)
    with pytest.raises(cxnlp.CxnlpError, match="symbolic link"):
        cxnlp.save(model, link)
    with pytest.raises(cxnlp.CxnlpError, match="installed cxnlp package"):  # (not the shipped model: in a
        cxnlp.save(model, tmp_path / "lib" / "site-packages" / "cxnlp" / "modelo")  # checkout, train writes it)
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    (tmp_path / "vacia").mkdir()
    for target in (tmp_path / "vacia", tmp_path / "nueva" / "modelo", tmp_path / "vacia"):  # the last: a model folder
        cxnlp.save(model, target)
        assert sorted(p.name for p in target.iterdir()) == [ARRAYS_FILE, STATE_FILE, META_FILE]


def test_train_refuses_an_output_folder_that_holds_its_data(tmp_path):
    from typer.testing import CliRunner

    from cxnlp.cli import app

    data = tmp_path / "datos"
    data.mkdir()
    (data / "etiquetas.csv").write_text("text,sentiment\nmuy bien,positive\n", encoding="utf-8")
    for out in (data, tmp_path):
        result = CliRunner().invoke(app, ["train", "--data", str(data / "etiquetas.csv"), "--out", str(out)])
        assert result.exit_code == 1 and "saving would delete them" in result.output, result.output
    assert (data / "etiquetas.csv").is_file()


def _tampered(small_model, tmp_path, *, state=None, arrays=None, raw_arrays: bytes | None = None, meta=None):
    """A copy of the small model with its files changed and its checksums made to match: what someone who
    crafts a model file can do (the checksums only catch accidents)."""
    import numpy as np

    target = _copy(small_model, tmp_path)
    saved = json.loads((target / STATE_FILE).read_text(encoding="utf-8"))
    with np.load(target / ARRAYS_FILE) as npz:
        values = {key: npz[key] for key in npz.files}
    if state is not None:
        state(saved)
    if arrays is not None:
        arrays(values)
    (target / STATE_FILE).write_text(json.dumps(saved), encoding="utf-8")
    if raw_arrays is not None:
        (target / ARRAYS_FILE).write_bytes(raw_arrays)
    else:
        with open(target / ARRAYS_FILE, "wb") as fh:
            np.savez_compressed(fh, **values)
    info = read_meta(target)
    info["files"] = {name: file_sha256(target / name) for name in (STATE_FILE, ARRAYS_FILE)}
    if meta is not None:
        meta(info)
    (target / META_FILE).write_text(json.dumps(info), encoding="utf-8")
    return target


def _set(path: str, value):
    def change(state):
        *parents, last = path.split("/")
        for key in parents:
            state = state[key]
        state[last] = value
    return change


def _scale(key: str, factor):
    def change(arrays):
        arrays[key] = arrays[key] * factor
    return change


def _cut(key: str, n: int):
    def change(arrays):
        arrays[key] = arrays[key][:n]
    return change


def _drop(key: str):
    return lambda arrays: arrays.pop(key)


@pytest.mark.parametrize("change, says", [
    ({"state": _set("features/params/word_ngrams", [1, 100000])}, "'word_ngrams' must be"),
    ({"state": _set("features/params/char_ngrams", "ab")}, "'char_ngrams' must be"),
    ({"state": _set("features/params/lexicon_version", 99)}, "'lexicon_version' is 99"),
    ({"state": _set("models/sentiment/classes", "abcd")}, "'classes' must be a list"),
    ({"state": _set("models/sentiment/classes", ["a", "b"])}, "2 classes but 4 outputs"),
    ({"state": _set("models/touchpoints/classes", [{"x": 1}] * 13)}, "distinct names"),
    ({"state": _set("config", [1])}, ""),
    ({"arrays": _cut("sentiment.coef_t", 1000)}, "features but the weights read"),
    ({"arrays": _drop("touchpoints.thresholds")}, "touchpoints: needs one finite threshold per class"),
    ({"arrays": _cut("areas.thresholds", 2)}, "areas: needs one finite threshold per class"),
    ({"arrays": _cut("touchpoints.calibrator", 2)}, "calibrator of shape"),
    ({"arrays": _scale("sentiment.coef_t", float("nan"))}, "NaN or infinite"),
    ({"arrays": _scale("touchpoints.intercept", float("inf"))}, "NaN or infinite"),
    ({"arrays": _scale("features.word_idf", float("nan"))}, "NaN or infinite"),
    ({"raw_arrays": b"PK\x03\x04 not a zip"}, "BadZipFile"),
    ({"raw_arrays": b""}, ""),
    ({"meta": _set("files", ["x"])}, "'files' must map"),
])
def test_a_crafted_model_file_is_refused_at_load(small_model, tmp_path, change, says):
    """Files whose checksums match but whose parts do not fit together (or hold NaN, or ask for absurd
    settings) are refused by load with one clear error, instead of failing or misreading later."""
    target = _tampered(small_model, tmp_path, **change)
    with pytest.raises(ModelFormatError) as error:
        cxnlp.load(target)
    assert says in str(error.value) and "\n" not in str(error.value)


def test_vocabulary_and_weights_must_agree(small_model, tmp_path):
    """1,000 word terms fewer than the weights: one comment was silently misread, a batch failed."""
    def shorter(state):
        state["features"]["vocabularies"]["word"] = state["features"]["vocabularies"]["word"][:-1000]
    target = _tampered(small_model, tmp_path, state=shorter, arrays=_cut("features.word_idf", -1000))
    with pytest.raises(ModelFormatError, match="the vocabularies hold .* features but the weights read"):
        cxnlp.load(target)


def test_array_headers_are_checked_before_anything_is_allocated(small_model, tmp_path):
    import io
    import zipfile

    import numpy as np

    def huge_header() -> bytes:
        buffer = io.BytesIO()
        with np.load(_copy(small_model, tmp_path / "a") / ARRAYS_FILE) as npz, \
                zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for key in npz.files:
                entry = io.BytesIO()
                value = npz[key]
                if key == "sentiment.intercept":  # a header that claims 10**13 values, over 4 bytes of data
                    np.lib.format.write_array_header_1_0(entry, {"descr": "<f4", "fortran_order": False,
                                                                 "shape": (10**13,)})
                    entry.write(b"\0" * 4)
                else:
                    np.lib.format.write_array(entry, value)
                archive.writestr(key + ".npy", entry.getvalue())
        return buffer.getvalue()

    with pytest.raises(ModelFormatError, match="declares 40,000,000,000,000 bytes"):
        cxnlp.load(_tampered(small_model, tmp_path / "b", raw_arrays=huge_header()))


def test_an_entry_the_model_does_not_name_is_refused(small_model, tmp_path):
    """QA X 2 and 3: an entry the model never read was still counted (a negative size cancelled the cap), and one
    named 'NAME' beside 'NAME.npy' was read in its place; save writes only the arrays the model reads."""
    import numpy as np

    def extra(arrays):
        arrays["unused"] = np.zeros(10, dtype=np.float32)
    with pytest.raises(ModelFormatError, match="'unused': arrays no part of this model reads"):
        cxnlp.load(_tampered(small_model, tmp_path, arrays=extra))


@pytest.mark.parametrize("meta", [{"format_version": True}, {"format_version": 2.0}, "[" * 100_000 + "]" * 100_000])
def test_meta_json_is_read_strictly(small_model, tmp_path, meta):
    target = _copy(small_model, tmp_path)
    (target / META_FILE).write_text(meta if isinstance(meta, str) else json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError):
        cxnlp.load(target)


def test_a_meta_json_nested_hundreds_deep_is_refused_when_read(tmp_path):
    """A meta.json whose scores nest lists 600 deep (``json.loads`` reads nearly 1,000) stopped ``cxnlp info`` with
    "unexpected RecursionError" as it printed them (and the service's /v1/model would serve them): refused when read."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    meta = json.loads((DEFAULT_MODEL_DIR / META_FILE).read_text(encoding="utf-8"))
    meta["scores"] = json.loads("[" * 600 + "1" + "]" * 600)
    (tmp_path / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    says = (f"{tmp_path / META_FILE}: lists and objects nested 601 levels deep, more than the 32 a model's meta.json "
            f"may hold; the model directory is damaged.")
    with pytest.raises(ModelFormatError) as caught:
        read_meta(tmp_path)
    assert str(caught.value) == says
    result = CliRunner().invoke(app, ["info", "--model", str(tmp_path)])
    assert result.exit_code == 1 and "RecursionError" not in result.output
    assert " ".join(result.output.split()) == f"error: {says}"


@pytest.mark.parametrize("field, value, says", [
    ("industries", 5, "'industries' is 5, not a list of industry names"),
    ("industries", "hotels", "'industries' is 'hotels', not a list of industry names"),
    ("industries", [1, 2], "'industries' is [1, 2], not a list of industry names"),
    ("recognises_industries", "yes", "'recognises_industries' is 'yes', not true or false"),
])
def test_industry_fields_of_meta_json_are_checked_when_it_is_read(tmp_path, field, value, says):
    """Commands read them before the model loads, to check --industry: an 'industries' of 5 stopped
    `cxnlp classify` with "unexpected TypeError: argument of type 'int' is not iterable"."""
    meta = {**json.loads((DEFAULT_MODEL_DIR / META_FILE).read_text(encoding="utf-8")), field: value}
    (tmp_path / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError) as caught:
        read_meta(tmp_path)
    assert str(caught.value) == (f"{tmp_path / META_FILE}: {says}; the model directory is damaged. "
                                 f"Retrain or restore the model.")


@pytest.mark.parametrize("edit", [
    {"industries": None}, {"recognises_industries": None}, {"industries": [], "recognises_industries": False},
    {"industries": None, "recognises_industries": None}, "absent"])
def test_a_model_whose_meta_json_has_no_industry_fields_or_null_ones_still_loads(small_model, tmp_path, edit):
    """The check of the industry fields refused a meta.json whose 'industries' was null, which `cxnlp classify`
    read as no industries (``meta.get("industries") or ()``) and classified with."""
    target = _copy(small_model, tmp_path)
    meta = json.loads((target / META_FILE).read_text(encoding="utf-8"))
    if edit == "absent":
        del meta["industries"], meta["recognises_industries"]
    else:
        meta.update(edit)
    (target / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    assert read_meta(target) == meta
    assert cxnlp.load(target).classify("muy buen servicio").sentiment


def test_default_names_the_shipped_model_unless_a_folder_is_called_so(tmp_path, monkeypatch):
    """``cxnlp compare --model default --model mine`` failed outside the checkout ('default: not a model
    directory'), although ``train --base default`` names the shipped corpus so."""
    from pathlib import Path

    from cxnlp.persist import DEFAULT_MODEL_DIR, resolve_model_dir

    monkeypatch.chdir(tmp_path)
    assert resolve_model_dir("default") == DEFAULT_MODEL_DIR
    assert resolve_model_dir(Path("default")) == DEFAULT_MODEL_DIR
    monkeypatch.setenv("CXNLP_MODEL", "default")
    assert resolve_model_dir() == DEFAULT_MODEL_DIR
    monkeypatch.delenv("CXNLP_MODEL")
    (tmp_path / "default").mkdir()
    assert resolve_model_dir("default") == Path("default")


def test_promote_default_copies_the_shipped_model_into_a_project(tmp_path, monkeypatch):
    from cxnlp.persist import DEFAULT_MODEL_DIR, promote

    monkeypatch.chdir(tmp_path)
    promote("default", tmp_path / "proyecto")
    copied = tmp_path / "proyecto" / "models" / "default" / "meta.json"
    assert copied.read_bytes() == (DEFAULT_MODEL_DIR / "meta.json").read_bytes()



def _read_only_copy(source, target):
    """``source`` copied to ``target`` and made read-only as a read-only install is (root still writes to it)."""
    shutil.copytree(source, target)
    for folder, _, files in os.walk(target):
        for path in (folder, *(os.path.join(folder, name) for name in files)):
            os.chmod(path, 0o555 if os.path.isdir(path) else 0o444)
    return target


def test_promote_rollback_refuses_the_options_it_would_ignore(tmp_path):
    # `promote -m candidate --rollback` rolled back, the candidate left unpromoted without a word
    from typer.testing import CliRunner

    from cxnlp.cli import app

    project = tmp_path / "proyecto"
    result = CliRunner().invoke(app, ["promote", "-m", "default", "--project", str(project), "--rollback", "--force"])
    assert result.exit_code == 1
    assert result.output == ("error: --rollback restores the previous default model; it takes no --model, --force. "
                             "Give --rollback alone, or leave it out to promote.\n")
    assert not project.exists()


def test_promote_rollback_names_a_project_folder_that_does_not_exist(tmp_path):
    # a mistyped --project said "no previous model to roll back to", as if the project had none
    from typer.testing import CliRunner

    from cxnlp.cli import app

    project = tmp_path / "nope"
    result = CliRunner().invoke(app, ["promote", "--rollback", "--project", str(project)])
    assert result.exit_code == 1
    assert " ".join(result.output.split()) == (f"error: {project}: the project folder does not exist; give the folder "
                                               f"that promote wrote models/default in.")
    assert not project.exists()


def test_promote_of_a_read_only_model_gives_a_default_its_owner_can_write(tmp_path):
    """QA: a read-only model (a read-only install's, or one made so with chmod a-w) was copied with its mode, so the
    copy could not be moved into place ("Permission denied" on models/.default.incoming-*/model) and stayed
    behind, undeletable. The copy is the owner's to write, and nothing of it is left beside the default."""
    from cxnlp.persist import promote

    candidate = _read_only_copy(DEFAULT_MODEL_DIR, tmp_path / "solo-lectura")
    project = tmp_path / "proyecto"
    assert promote(candidate, project)["promoted"]
    default = project / "models" / "default"
    assert all(os.stat(path).st_mode & 0o200 for path in (default, *default.iterdir()))
    assert sorted(p.name for p in (project / "models").iterdir()) == ["default"]


def test_a_promoted_model_s_version_warning_names_the_candidate_not_the_staging_folder(tmp_path):
    """With another spaCy series than the model's (as a model saved by another install gives, simulated here
    by meta.json), ``promote`` warned about models/.default.incoming-xxxx/model, a folder the user never named and that
    is gone: the warning names the candidate, as an error does."""
    from cxnlp.persist import promote

    candidate = tmp_path / "candidato"
    shutil.copytree(DEFAULT_MODEL_DIR, candidate)
    meta = json.loads((candidate / META_FILE).read_text(encoding="utf-8"))
    (candidate / META_FILE).write_text(json.dumps({**meta, "spacy": "2.0.0"}), encoding="utf-8")
    with pytest.warns(InconsistentVersionWarning) as caught:
        promote(candidate, tmp_path / "proyecto")
    shown = [str(w.message) for w in caught if w.category is InconsistentVersionWarning]
    assert shown and all(m.startswith(f"{candidate}: saved with other") and "incoming" not in m for m in shown), shown


def test_a_promotion_that_cannot_write_names_the_users_folder_and_leaves_nothing(tmp_path, monkeypatch):
    """QA: the failure was a bare PermissionError naming the staging folder (models/.default.incoming-6elbsvd_/model),
    which was left behind. It is a CxnlpError naming the project's models folder, and the staging folder is gone."""
    import errno

    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.persist import promote

    def denied(self, target):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    candidate = _read_only_copy(DEFAULT_MODEL_DIR, tmp_path / "solo-lectura")
    project = tmp_path / "proyecto"
    monkeypatch.setattr(Path, "rename", denied)  # as moving a read-only folder to another parent fails
    with pytest.raises(CxnlpError, match=r"models: could not make .*solo-lectura the default model there "
                                         r"\(Permission denied\)") as caught:
        promote(candidate, project)
    assert "incoming" not in str(caught.value)
    assert not (project / "models").exists()  # nothing promoted: not even the models/ it made
    result = CliRunner().invoke(app, ["promote", "-m", str(candidate), "--project", str(project)])
    # (a spaCy series other than the shipped model's adds a warning line: left out here)
    shown = "".join(line for line in result.output.splitlines(True) if "other library versions" not in line)
    assert result.exit_code == 1 and shown.startswith(f"error: {project / 'models'}: could not make")
    assert len(shown.strip().splitlines()) == 1 and "incoming" not in result.output, result.output
    assert not (project / "models").exists()  # nothing promoted: not even the models/ it made


def _moves_as_a_user(monkeypatch):
    """``Path.rename`` as the kernel allows it to a user other than root, whom it lets through: a folder moved to
    another folder needs write permission on itself (to update its '..')."""
    import errno
    import stat

    rename = Path.rename

    def user_rename(self, target):
        if (self.is_dir() and not self.is_symlink() and not self.stat().st_mode & stat.S_IWUSR
                and Path(target).parent.resolve() != self.parent.resolve()):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", user_rename)


def _candidate(tmp_path):
    """A copy of the shipped model named 'candidato', to tell it from the default it replaces."""
    from cxnlp.persist import rename

    candidate = shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "candidato")
    rename(candidate, "candidato")
    return candidate


def _dvc_like(model: Path, target: Path) -> Path:
    """``target``, a model folder whose files are read-only links into a cache outside it, as DVC (cache.type
    symlink), git-annex, DataLad and Nix leave them."""
    cache = target.parent / f".cache-{target.name}"
    cache.mkdir(parents=True)
    target.mkdir()
    for path in sorted(model.iterdir()):
        shutil.copyfile(path, cache / path.name)
        os.chmod(cache / path.name, 0o444)
        (target / path.name).symlink_to(os.path.relpath(cache / path.name, target))
    return target


def test_a_model_whose_files_are_links_into_a_cache_is_promoted_as_files(tmp_path):
    """Review C 1: promote refused every symbolic link, so a DVC, git-annex or Nix model, which load reads, could not
    be promoted, nor promoted over. The model's own files are copied through their links as load reads them; the
    default then holds regular files, and the linked default kept in previous/ is a copy of its files too."""
    from cxnlp.persist import promote

    candidate = _dvc_like(DEFAULT_MODEL_DIR, tmp_path / "dvc" / "modelo")
    project = tmp_path / "proyecto"
    assert promote(candidate, project)["promoted"]
    default = project / "models" / "default"
    assert sorted(p.name for p in default.iterdir()) == ["arrays.npz", "classifier.json", "meta.json"]
    assert not any(p.is_symlink() for p in default.iterdir())
    shutil.rmtree(default)
    default.symlink_to(candidate)  # a default that is a link to such a model
    report = promote(_candidate(tmp_path), project)
    assert report["promoted"] and not default.is_symlink() and read_meta(default)["name"] == "candidato"
    assert not any(p.is_symlink() for p in Path(report["previous"]).iterdir())
    assert cxnlp.load(report["previous"]).meta["name"] == read_meta(DEFAULT_MODEL_DIR)["name"]


@pytest.mark.parametrize("extra", ["file", "folder", "in_a_folder"])
def test_only_the_model_files_of_a_candidate_are_copied(tmp_path, extra):
    """QA X 1: copytree followed the links of a candidate that loaded cleanly: README -> a secret file and docs -> a
    folder outside were copied into the project's default (and on to models/previous/). Only the model's own files
    are copied now; anything else in the candidate folder stays there (review C 1)."""
    from cxnlp.persist import promote

    candidate = shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "candidato")
    (tmp_path / "secreto.txt").write_text("TOP SECRET", encoding="utf-8")
    (tmp_path / "fuera" / "sub").mkdir(parents=True)
    named = {"file": "README", "folder": "docs", "in_a_folder": "extra/README"}[extra]
    (candidate / named).parent.mkdir(exist_ok=True)
    (candidate / named).symlink_to(tmp_path / ("fuera" if extra == "folder" else "secreto.txt"))
    project = tmp_path / "proyecto"
    assert promote(candidate, project)["promoted"]
    default = project / "models" / "default"
    assert sorted(p.name for p in default.iterdir()) == ["arrays.npz", "classifier.json", "meta.json"]


@pytest.mark.parametrize("special", ["pipe", "device", "oversized"])
def test_a_model_file_that_is_not_a_regular_file_of_its_size_is_refused(tmp_path, special):
    """QA X 1 and review C 1: a model file linked to /dev/zero filled the disk; a pipe held the copy. The file opened
    is checked (a regular file, within its size limit) before anything is copied: one line, nothing left."""
    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.persist import promote

    candidate = shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "candidato")
    (candidate / "arrays.npz").unlink()
    if special == "pipe":
        os.mkfifo(candidate / "arrays.npz")
        says = "arrays.npz is not a regular file"
    elif special == "device":
        (candidate / "arrays.npz").symlink_to("/dev/zero")
        says = "arrays.npz is not a regular file"
    else:
        with open(candidate / "arrays.npz", "wb") as fh:
            fh.truncate(5 * 1024**3)  # sparse
        says = "arrays.npz holds 5,368,709,120 bytes, over"
    project = tmp_path / "proyecto"
    with pytest.raises(CxnlpError, match=f"candidato: {says}"):
        promote(candidate, project)
    assert not (project / "models").exists()  # nothing promoted: not even the models/ it made
    result = CliRunner().invoke(app, ["promote", "-m", str(candidate), "--project", str(project)])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output


def test_a_link_swapped_in_during_the_copy_is_never_followed_by_a_chmod(tmp_path, monkeypatch):
    """Review C 2: a link swapped into the candidate after the check was copied as a link, and the old default's
    permissions were then given through it to a private file outside the model (id_rsa 600 became 644). Each file is
    checked once opened and copied from that descriptor into a new regular file: the swap gains nothing."""
    import stat

    import cxnlp.persist as persist

    victim = tmp_path / "id_rsa"
    victim.write_text("PRIVATE", encoding="utf-8")
    victim.chmod(0o600)
    candidate = _candidate(tmp_path)
    project = tmp_path / "proyecto"
    shutil.copytree(DEFAULT_MODEL_DIR, project / "models" / "default")
    (project / "models" / "default").chmod(0o755)
    for path in (project / "models" / "default").iterdir():
        path.chmod(0o644)
    real_open, real_copytree, swapped = os.open, shutil.copytree, []

    def swap():  # the candidate's arrays.npz made a link to the private file, once every check is done
        if not swapped:
            swapped.append(True)
            (candidate / "arrays.npz").unlink()
            (candidate / "arrays.npz").symlink_to(victim)

    def swapping_open(path, flags, *args, **kwargs):  # once the file is opened and about to be checked
        fd = real_open(path, flags, *args, **kwargs)
        if str(path) == str(candidate / "arrays.npz"):
            swap()
        return fd

    def swapping_copytree(*args, **kwargs):  # or just before a copy of the folder (what 1a5fd38 did)
        swap()
        return real_copytree(*args, **kwargs)

    monkeypatch.setattr(os, "open", swapping_open)
    monkeypatch.setattr(persist.shutil, "copytree", swapping_copytree)
    assert persist.promote(candidate, project)["promoted"] and swapped
    monkeypatch.undo()
    default = project / "models" / "default"
    assert not any(p.is_symlink() for p in default.iterdir())
    assert stat.S_IMODE(victim.stat().st_mode) == 0o600
    assert cxnlp.load(default).meta["name"] == "candidato"


@pytest.mark.parametrize("signal_name, status", [("SIGTERM", 143), ("SIGINT", -2)])
def test_a_promotion_stopped_with_a_signal_leaves_no_staging_folder(tmp_path, signal_name, status):
    """QA X 1: a promotion stopped with kill (SIGTERM) left its partial copy, models/.default.incoming-*, on disk.
    Ctrl-C (SIGINT: KeyboardInterrupt, then Python ends itself with the signal) removes it too."""
    import subprocess
    import sys

    project = tmp_path / "proyecto"
    stop_while_copying = (
        "import os, signal, sys\n"
        "from cxnlp import _promotion, persist\n"
        "real = _promotion._copy_model_files\n"
        "def stop(source, target):\n"
        "    real(source, target)\n"
        f"    os.kill(os.getpid(), signal.{signal_name})\n"
        "_promotion._copy_model_files = stop\n"
        "persist.promote(sys.argv[1], sys.argv[2])\n")
    done = subprocess.run([sys.executable, "-c", stop_while_copying, str(DEFAULT_MODEL_DIR), str(project)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == status, done.stderr
    assert not (project / "models").exists()  # nothing promoted: not even the models/ it made


def test_promote_over_a_default_linked_to_a_read_only_model(tmp_path, monkeypatch):
    """Review: models/default a symbolic link to a read-only model (a shared or installed one). The staged copy was
    given that model's mode before it moved, so (as a user) it could not move, once the link was removed: the project
    was left with no default. The permissions are given once the copy is in place, and its owner can still write
    the new default, which the next promotion moves to previous/."""
    import stat

    from cxnlp.persist import promote

    shared = _read_only_copy(DEFAULT_MODEL_DIR, tmp_path / "compartido")
    project = tmp_path / "proyecto"
    default = project / "models" / "default"
    default.parent.mkdir(parents=True)
    default.symlink_to(shared)
    _moves_as_a_user(monkeypatch)
    report = promote(_candidate(tmp_path), project)
    assert report["promoted"] and default.is_dir() and not default.is_symlink()
    assert read_meta(default)["name"] == "candidato"
    assert read_meta(report["previous"])["name"] == read_meta(shared)["name"]
    assert stat.S_IMODE(default.stat().st_mode) == 0o755  # the shared model's 555, and its owner's write
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o444 for p in default.iterdir())
    assert promote(shared, project)["promoted"] and read_meta(default)["name"] == read_meta(shared)["name"]


@pytest.mark.parametrize("linked", [False, True], ids=["folder", "link"])
@pytest.mark.parametrize("failing", ["move", "permissions"])
def test_a_promotion_that_fails_once_the_default_has_moved_puts_it_back(tmp_path, monkeypatch, linked, failing):
    """Review: a failure after the current default was moved aside (or its link removed) left the project without a
    default. The old default is put back, as it was, before the error is raised, and nothing of the attempt stays
    (no copy in previous/, no staging folder)."""
    import errno

    import cxnlp.persist as persist

    project = tmp_path / "proyecto"
    default = project / "models" / "default"
    default.parent.mkdir(parents=True)
    if linked:
        default.symlink_to(_read_only_copy(DEFAULT_MODEL_DIR, tmp_path / "compartido"))
    else:
        shutil.copytree(DEFAULT_MODEL_DIR, default)
    rename = Path.rename

    def refused(self, target):
        if Path(target) == default and self.name == ".default.swap-in":  # the candidate staged beside it (serve8)
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return rename(self, target)

    def fails(new, old):
        raise OSError(errno.EIO, "Input/output error", str(new))

    if failing == "move":
        monkeypatch.setattr(Path, "rename", refused)
    else:
        monkeypatch.setattr(persist, "_keep_model_permissions", fails)
    with pytest.raises(CxnlpError, match=r"models: could not make .*candidato the default model there"):
        persist.promote(_candidate(tmp_path), project)
    assert default.is_symlink() == linked and read_meta(default)["name"] == read_meta(DEFAULT_MODEL_DIR)["name"]
    assert [p.name for p in default.parent.iterdir() if p.name != "previous"] == ["default"]
    assert not list((default.parent / "previous").glob("*"))


def test_promote_over_a_default_that_cannot_be_loaded_needs_force_and_keeps_it(tmp_path):
    # a broken models/default (no meta.json) failed "meta.json is missing" even with --force
    import pandas as pd
    from typer.testing import CliRunner

    from cxnlp.cli import app
    from cxnlp.persist import promote

    project = tmp_path / "proyecto"
    (project / "models" / "default").mkdir(parents=True)
    data = pd.DataFrame({"text": ["El pedido llegó tarde", "La app es preciosa"], "sentiment": ["negative", "positive"],
                         "touchpoints": ["delivery", "app"]})
    with pytest.raises(ModelFormatError, match=r"meta.json is missing.* force=True \(--force\) replaces it"):
        promote(DEFAULT_MODEL_DIR, project, data=data)
    report = promote(DEFAULT_MODEL_DIR, project, data=data, force=True)
    assert report["promoted"] and "meta.json is missing" in report["current_unreadable"]
    assert cxnlp.load(project / "models" / "default").meta["name"] == "default"
    assert os.listdir(report["previous"]) == []  # the broken default, kept as promotions keep one
    path = tmp_path / "eval.csv"
    data.to_csv(path, index=False)
    shutil.rmtree(project / "models" / "default")
    (project / "models" / "default").mkdir()
    result = CliRunner().invoke(app, ["promote", "-m", str(DEFAULT_MODEL_DIR), "--project", str(project), "-d",
                                      str(path), "--force"])
    assert result.exit_code == 0 and "Replaced without a comparison" in result.output, result.output


def test_a_default_replaced_unreadable_is_never_rolled_back_to(tmp_path):
    """Review: a default whose arrays no longer matched their checksums, replaced with --force, was kept as any
    previous default, and the next rollback brought it back (and discarded the good model)."""
    import pandas as pd

    from cxnlp.persist import promote, rollback

    project = tmp_path / "proyecto"
    damaged = project / "models" / "default"
    shutil.copytree(DEFAULT_MODEL_DIR, damaged)
    with open(damaged / "arrays.npz", "ab") as fh:
        fh.write(b"basura")
    data = pd.DataFrame({"text": ["El pedido llegó tarde", "La app es preciosa"], "sentiment": ["negative", "positive"]})
    report = promote(DEFAULT_MODEL_DIR, project, data=data, force=True)
    assert report["promoted"] and "checksum" in report["current_unreadable"]
    assert Path(report["previous"]).name.endswith("-unreadable") and Path(report["previous"]).is_dir()
    with pytest.raises(CxnlpError, match="no previous model to roll back to"):
        rollback(project)
    assert cxnlp.load(damaged).meta["name"] == "default"  # the promoted model stays


def _with_entry(key: str, header: dict, data: bytes):
    """An arrays.npz change that writes ``key`` as a raw .npy entry: ``header`` and then ``data``."""
    def raw(small_model, tmp_path) -> bytes:
        import io
        import zipfile

        import numpy as np

        buffer = io.BytesIO()
        with np.load(_copy(small_model, tmp_path / "a") / ARRAYS_FILE) as npz, \
                zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in npz.files:
                entry = io.BytesIO()
                if name == key:
                    np.lib.format.write_array_header_1_0(entry, {"fortran_order": False, **header})
                    entry.write(data)
                else:
                    np.lib.format.write_array(entry, npz[name])
                archive.writestr(name + ".npy", entry.getvalue())
        return buffer.getvalue()
    return raw


@pytest.mark.parametrize("key, header, data, says", [
    # a bool array counts 1 byte a value against the cap, but was read as float64: 8 times the cap
    ("features.word_idf", {"descr": "|b1", "shape": (1000,)}, b"\0" * 1000, "holds bool; a model's arrays are"),
    ("sentiment.intercept", {"descr": "<i8", "shape": (4,)}, b"\0" * 32, "holds int64"),
    ("sentiment.intercept", {"descr": "<f2", "shape": (4,)}, b"\0" * 8, "holds float16"),
    # the right type but more values than the vocabularies and classes ask for: refused from the headers alone
    ("features.word_idf", {"descr": "<f4", "shape": (10**6,)}, b"\0" * 4 * 10**6, "IDF weights"),
    ("sentiment.coef_t", {"descr": "<f4", "shape": (10**6, 4)}, b"\0" * 16 * 10**6, r"the weights read \(1000000, 4\)"),
    ("touchpoints.calibrator", {"descr": "<f8", "shape": (10**5, 2)}, b"\0" * 16 * 10**5, "200,000 values"),
])
def test_arrays_of_another_type_or_shape_are_refused_before_they_are_read(small_model, tmp_path, key, header,
                                                                            data, says, monkeypatch):
    import numpy as np

    def never(*args, **kwargs):
        raise AssertionError("an array was read")
    raw = _with_entry(key, header, data)(small_model, tmp_path)
    target = _tampered(small_model, tmp_path / "b", raw_arrays=raw)
    monkeypatch.setattr(np.lib.npyio.NpzFile, "__getitem__", never)
    with pytest.raises(ModelFormatError, match=says) as error:
        cxnlp.load(target)
    assert "\n" not in str(error.value)


def test_the_array_cap_counts_the_copies_made_to_convert(small_model, tmp_path, monkeypatch):
    """float32 IDF weights are computed in float64: 1 GiB declared is 3 GiB once converted."""
    import numpy as np

    from cxnlp import _model_files

    target = _copy(small_model, tmp_path)
    with np.load(target / ARRAYS_FILE) as npz:
        idf = npz["features.word_idf"]
        declared = sum(npz[k].nbytes for k in npz.files)
    monkeypatch.setattr(_model_files, "MAX_ARRAY_BYTES", declared + idf.size * 8 - 1)  # fits declared, not converted
    with pytest.raises(ModelFormatError, match="the arrays would take"):
        cxnlp.load(target)
    monkeypatch.setattr(_model_files, "MAX_ARRAY_BYTES", declared * 3 + idf.size * 8)
    assert cxnlp.load(target).labels


@pytest.mark.parametrize("name", [META_FILE, STATE_FILE])
def test_an_oversized_json_file_is_refused_before_it_is_read(small_model, tmp_path, name):
    """A sparse 1 GiB meta.json (a few KB in an archive) cost 2 GB of memory, even for ``cxnlp info``."""
    from cxnlp import persist

    target = _copy(small_model, tmp_path)
    limit = persist.MAX_META_BYTES if name == META_FILE else persist.MAX_STATE_BYTES
    with open(target / name, "r+b") as fh:
        fh.truncate(limit + 1)  # sparse: no disk used
    if name == STATE_FILE:
        meta = json.loads((target / META_FILE).read_text(encoding="utf-8"))
        meta["files"][STATE_FILE] = persist.file_sha256(target / STATE_FILE)
        (target / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError, match=f"over {limit:,} bytes") as error:
        cxnlp.load(target)
    assert "\n" not in str(error.value)


def test_shipped_json_files_are_well_under_the_limits():
    from cxnlp import persist

    assert (persist.DEFAULT_MODEL_DIR / META_FILE).stat().st_size * 100 < persist.MAX_META_BYTES
    assert (persist.DEFAULT_MODEL_DIR / STATE_FILE).stat().st_size * 20 < persist.MAX_STATE_BYTES


def test_an_integer_too_long_to_read_in_meta_json_is_a_format_error(small_model, tmp_path):
    target = _copy(small_model, tmp_path)
    (target / META_FILE).write_text('{"format_version": ' + "9" * 5000 + "}", encoding="utf-8")
    with pytest.raises(ModelFormatError, match="not valid JSON"):
        read_meta(target)


def test_a_model_loaded_and_saved_unchanged_keeps_its_arrays_byte_for_byte(tmp_path):
    # the IDF weights (float32 as trained) were read as float64 and saved so: arrays.npz changed on every round trip
    # (docs/insights.md's way of adding display names), its checksum and size with it
    model = cxnlp.load(DEFAULT_MODEL_DIR)
    cxnlp.save(model, tmp_path / "copia")
    assert (tmp_path / "copia" / "arrays.npz").read_bytes() == (Path(DEFAULT_MODEL_DIR) / "arrays.npz").read_bytes()
    texts = ["El pedido llegó tarde y nadie me ayudó", "Muy buena atención en la tienda"]
    assert [r.probabilities for r in cxnlp.load(tmp_path / "copia").classify_many(texts)] == \
        [r.probabilities for r in model.classify_many(texts)]


@pytest.mark.parametrize("name", [STATE_FILE, ARRAYS_FILE])
def test_load_reads_the_files_it_checked_the_checksums_of(tmp_path, monkeypatch, name):
    """load hashed each file, then opened it again to read it: a file put in its place in between (another model's)
    was loaded unchecked. The checksums are now those of the bytes read."""
    from cxnlp import persist

    path = tmp_path / "m"
    shutil.copytree(DEFAULT_MODEL_DIR, path)
    checked = persist.load_refusal

    def then_swapped(*args, **kwargs):
        refusal = checked(*args, **kwargs)
        if name == STATE_FILE:  # the same model, other bytes: it loads, unless the checksum is of what is read
            state = json.loads((path / STATE_FILE).read_text(encoding="utf-8"))
            (path / STATE_FILE).write_text(json.dumps(state, indent=1), encoding="utf-8")
        else:
            with open(path / ARRAYS_FILE, "ab") as fh:  # a zip reads its directory from the end: one byte more reads
                fh.write(b"\0")
        return refusal

    monkeypatch.setattr(persist, "load_refusal", then_swapped)
    with pytest.raises(ModelFormatError) as caught:
        cxnlp.load(path)
    assert str(caught.value).startswith(f"{path}: {name}'s checksum ")
    assert str(caught.value).endswith(f"does not match {META_FILE}'s ({read_meta(path)['files'][name][:12]}…). The "
                                      f"model is damaged or was replaced and will not load; retrain or restore it.")


def test_a_trusted_pickle_is_unpickled_from_the_bytes_checked(tmp_path, monkeypatch):
    """A trusted format-1 model was hashed, then opened again to be unpickled: a pickle put in its place in between
    ran its code, though its checksum did not match."""
    import joblib

    from cxnlp import persist

    marker, directory = tmp_path / "pwned", tmp_path / "old"
    directory.mkdir()
    joblib.dump({"not": "a model"}, directory / "model.joblib")
    (directory / META_FILE).write_text(json.dumps({"format_version": 1,
                                                   "model_sha256": file_sha256(directory / "model.joblib")}))
    evil = _evil_pickle_model(tmp_path / "evil", marker) / "model.joblib"
    checked = persist.load_refusal

    def then_swapped(*args, **kwargs):
        refusal = checked(*args, **kwargs)
        os.replace(evil, directory / "model.joblib")
        return refusal

    monkeypatch.setattr(persist, "load_refusal", then_swapped)
    with pytest.raises(ModelFormatError, match=r"model\.joblib's checksum .* does not match meta\.json's"):
        cxnlp.load(directory, trust=True)
    assert not marker.exists()


@pytest.mark.parametrize("name", [STATE_FILE, ARRAYS_FILE])
def test_load_refuses_a_pipe_put_in_place_of_a_model_file_without_waiting_on_it(tmp_path, monkeypatch, name,
                                                                                     no_hang):
    """The files checked are opened once to be hashed and read; a pipe put in place of one after it was checked
    (a writer never comes) held load forever on its open. It is now refused from the file opened."""
    from cxnlp import persist

    path = tmp_path / "m"
    shutil.copytree(DEFAULT_MODEL_DIR, path)
    checked = persist.load_refusal

    def then_swapped(*args, **kwargs):
        refusal = checked(*args, **kwargs)
        (path / name).unlink()
        os.mkfifo(path / name)
        return refusal

    monkeypatch.setattr(persist, "load_refusal", then_swapped)
    with no_hang(f"load waited on a pipe in place of {name}"), pytest.raises(ModelFormatError) as caught:
        cxnlp.load(path)
    assert str(caught.value) == (f"{path}: the model files cannot be read (ValueError: {name} is not a regular file "
                                 f"(a pipe, a device or a folder)). Retrain or restore the model.")


def test_info_refuses_a_pipe_put_in_place_of_a_model_file_without_waiting_on_it(tmp_path, monkeypatch, no_hang):
    """``cxnlp info`` checked that each model file is a file, then opened it again to hash it: a pipe put in place
    of arrays.npz in between (a writer never comes) held it forever. The file hashed is the file opened, checked."""
    from typer.testing import CliRunner

    from cxnlp.cli import app

    path = tmp_path / "m"
    shutil.copytree(DEFAULT_MODEL_DIR, path)
    real_is_file = Path.is_file

    def then_swapped(self):
        checked = real_is_file(self)
        if self == path / ARRAYS_FILE and checked:
            self.unlink()
            os.mkfifo(self)
        return checked

    monkeypatch.setattr(Path, "is_file", then_swapped)
    with no_hang("info waited on a pipe in place of arrays.npz"):
        result = CliRunner().invoke(app, ["info", "--model", str(path)])
    assert result.exit_code == 1, result.output
    assert (f"{path}: {ARRAYS_FILE} is not a regular file (a pipe, a device or a folder). The model is damaged or was "
            f"replaced and will not load; retrain or restore it.") in " ".join(result.output.split())


def test_a_save_that_fails_over_a_model_keeps_the_model_it_would_replace(tmp_path, monkeypatch):
    """save deleted the model folder before renaming the new one into place: a rename that failed (or Ctrl-C
    in the deletion) lost both, the new one removed with its temporary folder. The old one is put back."""
    from cxnlp.persist import rename

    model = cxnlp.load()
    target = tmp_path / "modelo"
    cxnlp.save(model, target)
    rename(target, "viejo")
    real_rename = Path.rename

    def failing(self, other):
        if self.name.endswith(".tmp"):
            raise OSError(28, "No space left on device")
        return real_rename(self, other)

    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(CxnlpError, match=r"modelo: the model could not be saved there \(No space left on device\)"):
        cxnlp.save(model, target)
    monkeypatch.undo()
    assert cxnlp.load(target).meta["name"] == "viejo"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["modelo"]
    cxnlp.save(model, target)
    assert cxnlp.load(target).meta["name"] != "viejo"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["modelo"]


def test_promote_and_rollback_never_replace_the_shipped_model_of_a_checkout(tmp_path, monkeypatch):
    """In a source checkout the shipped model is models/default at its top, outside the package: `cxnlp promote
    --project .` there replaced it (kept in models/previous/), and every cxnlp.load() of the checkout changed."""
    import cxnlp.persist as persist
    from typer.testing import CliRunner

    from cxnlp.cli import app

    checkout = tmp_path / "checkout"
    shutil.copytree(DEFAULT_MODEL_DIR, checkout / "models" / "default")
    before = (checkout / "models" / "default" / META_FILE).read_bytes()
    monkeypatch.setattr(persist, "DEFAULT_MODEL_DIR", checkout / "models" / "default")
    monkeypatch.chdir(checkout)
    candidate = shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "candidato")
    for args in (["promote", "-m", str(candidate), "--project", "."], ["promote", "--rollback"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 1
        assert " ".join(result.output.split()) == ("error: models/default: the shipped model (cxnlp's default); "
                                                   "promote into a models folder of your own (--project DIR) and "
                                                   "point CXNLP_MODEL at DIR/models/default.")
    assert (checkout / "models" / "default" / META_FILE).read_bytes() == before
    assert sorted(p.name for p in (checkout / "models").iterdir()) == ["default"]


def test_promote_never_replaces_a_checkouts_shipped_model_that_is_a_link(tmp_path, monkeypatch):
    """A checkout whose models/default is a link (to a model store) was not recognised: the link's target was compared
    with models/default, and `cxnlp promote --project .` replaced the shipped model with the candidate."""
    import cxnlp.persist as persist

    checkout = tmp_path / "checkout"
    store = shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "store" / "model")
    (checkout / "models").mkdir(parents=True)
    (checkout / "models" / "default").symlink_to(store)
    monkeypatch.setattr(persist, "DEFAULT_MODEL_DIR", checkout / "models" / "default")
    candidate = shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "candidato")
    with pytest.raises(CxnlpError, match=r"the shipped model \(cxnlp's default\); promote into a models folder"):
        cxnlp.promote(candidate, checkout)
    assert (checkout / "models" / "default").is_symlink()
    assert sorted(p.name for p in (checkout / "models").iterdir()) == ["default"]


def test_a_save_that_fails_removes_the_folders_it_made(tmp_path, monkeypatch):
    """A model that could not be saved to proyecto/models/nuevo (a full disk) left proyecto/models/ behind, empty:
    a project whose model looked gone missing. The folders made for it go again; those already there stay."""
    import numpy as np

    model = cxnlp.load()
    (tmp_path / "ya").mkdir()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", full_disk)
    for target in (tmp_path / "proyecto" / "models" / "nuevo", tmp_path / "ya" / "models" / "nuevo"):
        with pytest.raises(CxnlpError, match=r"could not be saved there \(No space left on device\)"):
            cxnlp.save(model, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ya"]
    assert not any((tmp_path / "ya").iterdir())


def test_a_save_that_fails_keeps_the_folders_another_process_made_meanwhile(tmp_path, monkeypatch):
    """The folders to make were listed before they were made: one another process made in between (a second save,
    a user's mkdir) was counted as this save's own, and removed when it failed."""
    import os

    import numpy as np

    model = cxnlp.load()
    real_mkdir, other = Path.mkdir, []

    def racing(self, *args, **kwargs):
        if not other:  # another process makes the project's folders just before this save does
            other.append(os.makedirs(tmp_path / "proyecto" / "models"))
        return real_mkdir(self, *args, **kwargs)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "mkdir", racing)
    monkeypatch.setattr(np, "savez", full_disk)
    with pytest.raises(CxnlpError, match=r"could not be saved there \(No space left on device\)"):
        cxnlp.save(model, tmp_path / "proyecto" / "models" / "nuevo")
    assert (tmp_path / "proyecto" / "models").is_dir()
    assert not any((tmp_path / "proyecto" / "models").iterdir())


def test_a_linked_default_is_copied_to_previous_under_a_name_rollback_never_takes(tmp_path, monkeypatch):
    """A promotion killed while it copied a linked default into models/previous/<time> left a partial copy there,
    under the name rollback takes. The copy is made under a hidden name and renamed whole; one a killed promotion
    left is removed by the next promotion or rollback."""
    from cxnlp import _promotion
    from cxnlp.persist import promote

    project = tmp_path / "proyecto"
    default = project / "models" / "default"
    default.parent.mkdir(parents=True)
    default.symlink_to(shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "compartido"))
    left = project / "models" / "previous" / ".20261205T101500.partial-99999"
    left.mkdir(parents=True)  # what a promotion killed mid-copy left
    (left / "arrays.npz").write_bytes(b"half")
    targets, real = [], _promotion._copy_model_files

    def copy(source, target):
        targets.append(Path(target))
        real(source, target)

    monkeypatch.setattr(_promotion, "_copy_model_files", copy)
    report = promote(_candidate(tmp_path), project)
    kept = Path(report["previous"])
    assert [t.parent for t in targets[1:]] == [kept.parent] and targets[1].name.startswith(f".{kept.name}.partial-")
    assert os.listdir(kept.parent) == [kept.name] and cxnlp.load(kept).meta["name"] == read_meta(DEFAULT_MODEL_DIR)["name"]


def test_rollback_refuses_an_incomplete_previous_model_instead_of_passing_it_over(tmp_path):
    """A kept model without its meta.json (a copy cut short) was passed over without a word, and an older one
    restored in place of the default."""
    project = tmp_path / "proyecto"
    shutil.copytree(_candidate(tmp_path), project / "models" / "default")
    shutil.copytree(DEFAULT_MODEL_DIR, project / "models" / "previous" / "20260101T000000")
    newest = project / "models" / "previous" / "20261205T101500"
    newest.mkdir()
    shutil.copy(DEFAULT_MODEL_DIR / "arrays.npz", newest)
    with pytest.raises(CxnlpError) as raised:
        cxnlp.rollback(project)
    assert str(raised.value) == (f"{newest}: the newest previous model is incomplete (meta.json is missing: a copy cut "
                                 f"short or files removed). Not rolled back: the default is left as it was; restore "
                                 f"or remove {newest} first.")
    assert read_meta(project / "models" / "default")["name"] == "candidato"


def test_a_promotion_removes_only_the_partial_copies_it_names_not_a_users_dot_entries(tmp_path):
    """review of misc9: every '.*.partial-*' entry of models/previous/ was removed as a copy cut short, a user's
    own '.notas.partial-borrador' folder or file with it; only '.<time>.partial-<pid>' is promote's."""
    from cxnlp.persist import promote

    project = tmp_path / "proyecto"
    default = project / "models" / "default"
    default.parent.mkdir(parents=True)
    default.symlink_to(shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "compartido"))
    previous = project / "models" / "previous"
    mine = previous / ".notas.partial-borrador"
    mine.mkdir(parents=True)
    (mine / "notas.txt").write_text("mías")
    (previous / ".20261205T101500.partial-copia").write_text("mío")  # not a pid: not promote's either
    left = previous / ".20261205T101500.partial-99999"
    left.mkdir()  # what a promotion killed mid-copy left
    promote(_candidate(tmp_path), project)
    assert (mine / "notas.txt").read_text() == "mías" and (previous / ".20261205T101500.partial-copia").is_file()
    assert not left.exists()


def _windows_binary_flag(monkeypatch) -> list:
    """``os.O_BINARY`` as Windows has it (a flag its ``os.open`` needs to open a file in binary, not text, mode),
    given a bit Linux does not use; each ``os.open`` then records (name, whether the flag was asked for), and opens
    the file without the bit."""
    binary, real_open, opened = 1 << 28, os.open, []
    monkeypatch.setattr(os, "O_BINARY", binary, raising=False)

    def open_recorded(path, flags, *args, **kwargs):
        opened.append((Path(path).name, bool(flags & binary)))
        return real_open(path, flags & ~binary, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_recorded)
    return opened


def test_a_promotion_copies_the_model_files_in_binary_mode_on_windows(tmp_path, monkeypatch):
    """Port: the model's files were copied through descriptors from ``os.open`` without O_BINARY, which on Windows
    are in text mode: a read ends at the first byte 0x1A and CR LF becomes LF, a write turns LF into CR LF, so a
    promoted model's arrays.npz was corrupt there."""
    from cxnlp import _promotion

    opened = _windows_binary_flag(monkeypatch)
    _promotion._copy_model_files(DEFAULT_MODEL_DIR, tmp_path / "copia")
    assert opened and all(binary for _, binary in opened), opened
    assert (tmp_path / "copia" / ARRAYS_FILE).read_bytes() == (DEFAULT_MODEL_DIR / ARRAYS_FILE).read_bytes()


def test_a_promotion_copies_the_model_where_python_has_no_fchmod(tmp_path, monkeypatch):
    """Port: the copy gave each file its mode with ``os.fchmod``, which Python on Windows has only from 3.13: every
    promotion there (Python 3.11, 3.12) ended in an AttributeError, 'unexpected error' on the command line."""
    import stat

    from cxnlp import _promotion

    monkeypatch.delattr(os, "fchmod")  # as Python 3.11 and 3.12 on Windows, where chmod takes no descriptor either
    monkeypatch.setattr(os, "supports_fd", os.supports_fd - {os.chmod})
    source = shutil.copytree(DEFAULT_MODEL_DIR, tmp_path / "modelo")
    (source / META_FILE).chmod(0o444)
    _promotion._copy_model_files(source, tmp_path / "copia")
    assert (tmp_path / "copia" / ARRAYS_FILE).read_bytes() == (source / ARRAYS_FILE).read_bytes()
    assert stat.S_IMODE((tmp_path / "copia" / META_FILE).stat().st_mode) == 0o644  # the mode, and its owner's write


def test_save_refuses_the_working_directory_named_in_another_case(tmp_path, monkeypatch):
    """Port: on macOS, whose file system ignores case, `cxnlp train --out ../Modelo` run in the model folder
    'modelo' replaced the working directory whole (the shell then stood in a deleted folder): the check compared
    resolved paths, and macOS keeps a name's case as typed. Simulated: realpath that resolves nothing, and a link
    standing for the other case of a folder above."""
    from cxnlp.persist import check_save_target

    here = tmp_path / "a" / "modelo"
    here.mkdir(parents=True)
    (tmp_path / "A").symlink_to(tmp_path / "a")
    monkeypatch.chdir(here)
    monkeypatch.setattr(os.path, "realpath", lambda path, strict=False: os.path.abspath(path))
    for out, where in ((tmp_path / "A" / "modelo", "the working directory"),
                       (tmp_path / "A", f"a folder above the working directory ({here})")):
        with pytest.raises(CxnlpError) as raised:
            check_save_target(out)
        assert str(raised.value).startswith(f"{out}: {where}; a model is saved by replacing its folder whole.")
    assert check_save_target(tmp_path / "A" / "otro") == tmp_path / "A" / "otro"


def test_promoting_the_default_named_in_another_case_is_refused(tmp_path, monkeypatch):
    """Port: on macOS, whose file system ignores case, `promote proyecto/Models/Default proyecto` promoted the
    default over itself (a needless copy kept in previous/, reported promoted): the check compared resolved paths,
    and macOS keeps a name's case as typed. Simulated: realpath that resolves nothing, and a link standing for the
    other case of the folder's name."""
    from cxnlp.persist import promote

    project = tmp_path / "proyecto"
    default = project / "models" / "default"
    shutil.copytree(DEFAULT_MODEL_DIR, default)
    (project / "Models").symlink_to(project / "models")
    monkeypatch.setattr(os.path, "realpath", lambda path, strict=False: os.path.abspath(path))
    with pytest.raises(CxnlpError, match="already the default model of"):
        promote(project / "Models" / "default", project)
    assert sorted(os.listdir(project / "models")) == ["default"]
