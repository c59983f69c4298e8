"""What the shipped model is known to get wrong, kept as strict expected failures.

Each case of ``data/known_gaps.csv`` is a comment written for this file with the labels a person
gives it and, in ``why``, what the model reads instead. The shipped model fails every one today
(README, "Known gaps"); a model that gets one right turns its test into an unexpected pass, which
fails the run: move that case into ``data/behaviour.csv``, where it must then stay right.

A case can ask for a label (``touchpoint``, ``area``) or forbid one (``absent``: "a watch's design
is not ``ui``"). Like the behaviour suite, the cases are not in ``training_data/`` (checked below).
"""

from pathlib import Path

import pandas as pd
import pytest

GAPS = pd.read_csv(Path(__file__).parent / "data" / "known_gaps.csv", keep_default_na=False)


def test_gaps_are_written_for_this_file_and_held_out(corpus):
    assert len(GAPS) >= 15 and GAPS["why"].str.len().gt(10).all()
    assert not set(corpus["text"].str.lower().str.strip()) & set(GAPS["text"].str.lower().str.strip())
    behaviour = pd.read_csv(Path(__file__).parent / "data" / "behaviour.csv", keep_default_na=False)
    assert not set(behaviour["text"]) & set(GAPS["text"]), "a case is either a known gap or a behaviour case"


def right(result, sentiment, touchpoint, area, absent) -> bool:
    """Whether ``result`` has the labels a person gives the comment (the behaviour suite's checks)."""
    if result.status != "ok" or result.sentiment != sentiment:
        return False
    if sentiment in ("positive", "negative") and (result.score > 0) != (sentiment == "positive"):
        return False
    return ((not touchpoint or touchpoint in result.touchpoints) and (not area or area in result.areas)
            and (not absent or absent not in result.areas + result.touchpoints))


@pytest.mark.parametrize(
    "text, sentiment, touchpoint, area, absent",
    [pytest.param(*row[1:6], marks=pytest.mark.xfail(strict=True, reason=row[6]), id=f"{row[0]}:{row[1][:40]}")
     for row in GAPS.itertuples(index=False, name=None)])
def test_known_gap(model, text, sentiment, touchpoint, area, absent):
    assert right(model.classify(text), sentiment, touchpoint, area, absent)


def test_the_check_passes_what_the_model_gets_right(model):
    """The same check on cases the model gets right passes: the expected failures above fail for the
    labels, not because the check cannot pass."""
    assert right(model.classify("El camarero fue muy amable"), "positive", "store", "customer_service", "ui")
    battery = model.classify("La batería me dura poquísimo, no llega a la tarde")
    assert right(battery, "negative", "product", "cx", "ui")
    assert not right(battery, "positive", "product", "cx", "")
