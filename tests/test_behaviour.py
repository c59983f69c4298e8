"""Spanish behaviour suite: minimal pairs of negation, contrast, intensifiers, missing accents,
typos, regional variants, one-word answers, questions and sarcasm, with the labels a person
would give them (``absent``: a label it must not get). The shipped model must get every case right,
reading each comment as ``classify`` does by default.

The cases are written for this suite; those of three words or more are not in training_data/
(checked below)."""

from pathlib import Path

import pandas as pd
import pytest

CASES = pd.read_csv(Path(__file__).parent / "data" / "behaviour.csv", keep_default_na=False)


def test_suite_is_large_and_held_out(corpus):
    assert len(CASES) >= 150
    assert CASES["category"].nunique() >= 9
    # One- and two-word answers ("Excelente", "Muy mal") are in any corpus by nature; longer ones must not be.
    seen = set(corpus["text"].str.lower().str.strip())
    longer = CASES["text"][CASES["text"].str.split().str.len() > 2]
    assert not seen & set(longer.str.lower().str.strip())


@pytest.mark.parametrize("category, text, sentiment, touchpoint, area, absent",
                         list(CASES.itertuples(index=False, name=None)),
                         ids=[f"{c}:{t[:40]}" for c, t in zip(CASES["category"], CASES["text"])])
def test_behaviour(model, category, text, sentiment, touchpoint, area, absent):
    result = model.classify(text)
    if absent:  # a label the comment must not get ("a phone's broken screen is not ui")
        assert absent not in result.touchpoints + result.areas, (text, result.touchpoints, result.areas)
    assert result.status == "ok"
    assert result.sentiment == sentiment, (text, result.probabilities)
    if touchpoint:
        assert touchpoint in result.touchpoints, (text, result.touchpoints)
    if area:
        assert area in result.areas, (text, result.areas)
    if sentiment in ("positive", "negative"):
        assert (result.score > 0) == (sentiment == "positive"), (text, result.score)
