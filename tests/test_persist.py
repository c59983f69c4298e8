import json
import shutil
import warnings

import pytest

import cxnlp
from cxnlp.data import data_hash
from cxnlp.exceptions import InconsistentVersionWarning, ModelFormatError
from cxnlp.persist import DEFAULT_MODEL_DIR, META_FILE, MODEL_FILE, read_meta


def _copy(small_model, tmp_path):
    _, path = small_model
    target = tmp_path / "copy"
    shutil.copytree(path, target)
    return target


def test_meta_records_versions_labels_and_checksum(small_model):
    _, path = small_model
    meta = read_meta(path)
    for key in ("format_version", "cxnlp", "sklearn", "spacy", "python", "created", "config", "labels",
                "data_sha256", "model_sha256", "rows", "scores"):
        assert key in meta, key
    assert set(meta["labels"]) == {"sentiment", "touchpoints", "areas"}
    assert meta["scores"]["cv"]["sentiment"]["macro_f1"] > 0.5


def test_damaged_model_file_fails_clearly(small_model, tmp_path):
    path = _copy(small_model, tmp_path)
    with open(path / MODEL_FILE, "r+b") as fh:
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
    path = _copy(small_model, tmp_path)
    meta = json.loads((path / META_FILE).read_text())
    meta["sklearn"] = "0.0.1"
    (path / META_FILE).write_text(json.dumps(meta))
    with pytest.warns(InconsistentVersionWarning, match="sklearn 0.0.1 \\(model\\).*retrain"):
        cxnlp.load(path)


@pytest.mark.parametrize("breakage, message", [
    (lambda p: (p / META_FILE).unlink(), "meta.json is missing"),
    (lambda p: (p / MODEL_FILE).unlink(), "model.joblib is missing"),
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


def test_shipped_model_loads_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = cxnlp.load()
    assert model.classify("El pedido llegó tarde y roto").sentiment == "negative"
