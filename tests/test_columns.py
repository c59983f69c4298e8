"""Finding the columns a user names (``cxnlp.columns``): one lookup for every entry point, an exact name first, a
name given loosely (case, accents, spaces aside) only when one column answers to it."""

from __future__ import annotations

import pandas as pd
import pytest

import cxnlp
from cxnlp.columns import detect_column, find_column
from cxnlp.exceptions import DataError


def test_a_name_two_columns_match_once_folded_is_refused_naming_both(model):
    """QA K 7: with 'Comentario' and a blank 'comentario ' (a merge), text='COMENTARIO' classified the blank copy
    (every row 'empty'), and nps='Nps' beside 'NPS' and 'nps ' said the column was not found."""
    frame = pd.DataFrame({"Comentario": ["El envío llegó roto", "Excelente atención"], "comentario ": ["", ""],
                          "NPS": [2, 10], "nps ": [9, 9]})
    both = r"matches 2 columns once case, accents and spaces are set aside: \['Comentario', 'comentario '\]"
    with pytest.raises(DataError, match=r"^Text column 'COMENTARIO' " + both):
        model.classify_frame(frame, text="COMENTARIO")
    with pytest.raises(DataError, match=r"^2 columns could be the comment column: \['Comentario', 'comentario '\]"):
        model.classify_frame(frame)  # found by its common name: the same two
    out = model.classify_frame(frame, text="Comentario")  # the exact name wins
    assert out["cx_status"].tolist() == ["ok", "ok"]
    with pytest.raises(DataError, match=r"^NPS column 'Nps' matches 2 columns .*\['NPS', 'nps '\]; give the exact"):
        cxnlp.summarize(out, nps="Nps", by=None)
    assert cxnlp.summarize(out, nps="NPS", by=None)["nps"].tolist() == [0.0]
    assert find_column(frame.columns, "nps ", "NPS column") == "nps "
    with pytest.raises(DataError, match=r"could be the date column: \['Fecha', 'fecha '\].* --date \(date=...\)"):
        detect_column(["Fecha", "fecha ", "x"], ["fecha"])
