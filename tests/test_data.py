import warnings
from pathlib import Path

import pandas as pd
import pytest

from cxnlp.labelled import read_training_data, validate_frame
from cxnlp.exceptions import DataError, LabelTypoWarning
from cxnlp.schema import AREAS, SENTIMENTS, TOUCHPOINTS

ROOT = Path(__file__).resolve().parents[1]


def _frame(**cols):
    base = {"text": ["uno dos", "tres cuatro"], "sentiment": ["positive", "negative"],
            "touchpoints": ["app", "delivery|support"], "areas": ["ux", "cx|customer_service"]}
    base.update(cols)
    return pd.DataFrame(base)


def test_valid_frame_parses_multilabel_cells():
    out = validate_frame(_frame(), name="f.csv", strict=True)
    assert out["touchpoints"].tolist() == [("app",), ("delivery", "support")]
    assert out["row"].tolist() == [1, 2]


def test_partial_labels_are_none():
    out = validate_frame(_frame(sentiment=["positive", None], areas=[None, ""]), name="f.csv")
    assert out["sentiment"].tolist() == ["positive", None]
    assert out["areas"].tolist() == [None, None]


@pytest.mark.parametrize("cols, message", [
    ({"touchpoints": ["app", "deliveri"]}, r"f.csv: rows \[2\]: unknown touchpoints label 'deliveri'.*did you mean \['delivery'\]"),
    ({"sentiment": ["positive", "angry"]}, r"unknown sentiment label 'angry'; expected one of \['positive'"),
    ({"text": ["uno", "  "]}, r"f.csv: row 2: empty text"),
    ({"touchpoints": ["app", "delivery,support"]}, r"row 2: touchpoints cell 'delivery,support' has a bad separator"),
    ({"areas": ["ux|", "cx"]}, r"row 1: areas cell 'ux\|' has a bad separator"),
    ({"touchpoints": ["app", "delivery||support"]}, r"bad separator"),
])
def test_strict_validation_names_file_row_and_value(cols, message):
    with pytest.raises(DataError, match=message):
        validate_frame(_frame(**cols), name="f.csv", strict=True)


def test_new_label_is_a_class_and_typo_warns():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = validate_frame(_frame(touchpoints=["loyalty_program", "app"]), name="f.csv")
    assert out["touchpoints"][0] == ("loyalty_program",)
    with pytest.warns(LabelTypoWarning, match="'suport'.*\\['support'\\]"):
        validate_frame(_frame(touchpoints=["suport", "app"]), name="f.csv")


def test_missing_columns():
    with pytest.raises(DataError, match="no 'text' column"):
        validate_frame(pd.DataFrame({"comentario": ["x"], "sentiment": ["positive"]}), name="f.csv")
    with pytest.raises(DataError, match="no label column"):
        validate_frame(pd.DataFrame({"text": ["x"]}), name="f.csv")


def test_duplicates_across_files(tmp_path):
    _frame().to_csv(tmp_path / "a.csv", index=False)
    _frame(text=["otra cosa", "Uno, dos!"]).to_csv(tmp_path / "b.csv", index=False)
    with pytest.raises(DataError, match=r"a.csv row 1, .*b.csv row 2"):
        read_training_data(tmp_path)


def test_shipped_corpus_is_valid(corpus):
    assert len(corpus) >= 6000
    assert set(corpus["sentiment"]) <= set(SENTIMENTS)
    assert {t for v in corpus["touchpoints"] for t in v} == set(TOUCHPOINTS)
    assert {a for v in corpus["areas"] for a in v} == set(AREAS)
    assert corpus[["sentiment", "touchpoints", "areas"]].notna().all().all()


def test_held_back_files_are_valid_and_apart_from_the_corpus(corpus):
    """training_data/held_back/ holds labelled files not in the shipped model (training_data/README.md):
    valid on their own, and with no text the training corpus also has."""
    held = read_training_data(ROOT / "training_data" / "held_back", strict=True)
    assert len(held) >= 700
    assert set(held["text"]).isdisjoint(corpus["text"])
