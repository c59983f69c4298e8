"""The review queue (``cxnlp.review_queue``): what it picks and how it reads its inputs."""

from __future__ import annotations

import pandas as pd
import pytest

import cxnlp


@pytest.fixture(scope="module")
def comments() -> pd.DataFrame:
    return pd.DataFrame({"c": ["x", "El envío llegó tarde", "La comida estaba fría",
                               "Muy buena atención en la habitación"],
                         "s": ["telecom", "ecommerce_retail", "hotels_restaurants", "hotels_restaurants"]})


def test_an_industry_series_is_read_by_position_as_the_texts_are(model, comments):
    # review looked industries up by label: the wrong industry for a reversed frame, a KeyError for a filtered one
    for frame in (comments.iloc[::-1], comments[comments.c != "x"]):
        queue = cxnlp.review_queue(model, frame["c"], industry=frame["s"])
        expected = [r.industry for r in model.classify_many(frame["c"].tolist(), industry=frame["s"].tolist())]
        assert queue["industry"].tolist() == [expected[i] for i in queue["input_row"]]
