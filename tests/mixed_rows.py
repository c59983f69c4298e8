"""5,000 mixed survey rows shared by ``tests/test_dask.py`` and ``tests/test_spark.py``, and what
``Model.classify_frame`` makes of them, computed once per test session.

Built deterministically (a fixed seed) from the bundled sample survey, the texts in ``tests/data/``
and crafted edge cases, then shuffled so that every partition and Arrow batch mixes them. The
``kind`` column says where each row comes from:

- ``survey``: the 1,200 sample-survey rows as they are (a third without a comment);
- ``short``: one-line answers (``behaviour.csv``, the Spanish half of ``langid.csv``, ``cxnlp/data/loyalty_*``);
- ``not_spanish``: English, Portuguese, Italian and French (``langid.csv``);
- ``multi_aspect``: long reviews, three to six survey comments joined into one;
- ``very_long``: 5,001 to 60,000 characters (classified on their first 5,000: ``truncated``);
- ``edge``: empty cells, ``None``, NaN, blanks, emoji only, numbers and codes written as text,
  control characters, decomposed accents, URLs, shouting, stretched letters;
- ``variant``: survey and short comments rewritten as people type them (capitals, no accents,
  repeated letters, an emoji at the end).

Every comment is ``str``, ``None`` or NaN, so the same rows fit a Spark string column. Values that
are not text at all (numbers, booleans) are tested on Dask alone (``NOT_TEXT``): a Spark column has
one type.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from cxnlp._partitions import CX_DTYPES
from cxnlp.io import read_table

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
EXAMPLES = ROOT / "cxnlp" / "data"
SURVEY = ROOT / "cxnlp" / "data" / "encuesta_ejemplo.csv"
TEXT = "Comentario"
SCORES = {"nps": "Recomendación (0-10)", "csat": "Satisfacción (1-5)", "ces": "Facilidad (1-7)"}
N_ROWS = 5000
SEED = 20240701

EDGE = [None, np.nan, "", " ", "   ", "\t\n", "\u00a0", "😀😀", "👍", "😡😡😡", "🙏🏻", "❤️❤️", "⭐⭐⭐⭐⭐",
        "10", "0", "3,5", "4.5", "1234567", "-1", "10/10", "N/A", "n/a", "-", ".", "...", "?", "ok", "No", "Sí",
        "pésimo\x00servicio", "muy\u200bbien", "a\u0301rbol de navidad llego\u0301 roto", "ＬＬＥＧÓ ＴＡＲＤＥ",
        "https://tienda.example.com/pedido/123 no carga", "escribí a ayuda@example.com y nada",
        "PÉSIMO SERVICIO, NUNCA MÁS!!!", "holaaaa todo perfectooooo", "q tal, x fin llego el pedido",
        "La app se cierra al pagar, y en el chat nadie contesta", "El envío bien but the app crashes all the time",
        "<b>Excelente</b> atención", "=SUMA(A1:A3)", "@todos: recomendado", "#mal servicio", "1) caro 2) lento"]
CONNECTORS = [". ", ", y además ", ". Por otro lado, ", "; pero ", ". También ", ". En resumen, "]
NOT_TEXT = [7, 3.5, True, False, float("inf"), -0.0, np.int64(3), np.float32(2.5)]


def _texts(path: Path, **where) -> list[str]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column, value in where.items():
        frame = frame[frame[column] == value]
    return frame["text"].tolist()


def _plain_letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _variant(text: str, how: int, rng: np.random.Generator) -> str:
    if how == 0:
        return text.upper()
    if how == 1:
        return _plain_letters(text).lower()
    if how == 2:  # the last vowel stretched, as in "perfectoooo"
        i = max((text.rfind(v) for v in "aeiou"), default=-1)
        return text if i < 0 else text[:i] + text[i] * int(rng.integers(3, 8)) + text[i + 1:]
    if how == 3:
        return f"{text} {rng.choice(['😀', '😡', '👍', '🙄', '💔'])}"
    return text.rstrip(".!").replace(",", "") + "!!!"


@functools.cache
def _mixed_rows(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    survey = read_table(SURVEY).astype(object)
    said = [c for c in survey[TEXT] if c.strip()]
    short = (_texts(DATA / "behaviour.csv") + _texts(DATA / "langid.csv", expected="ok")
             + _texts(EXAMPLES / "loyalty_train.csv") + _texts(EXAMPLES / "loyalty_fresh.csv"))
    comments: list[tuple[str, object]] = [("short", t) for t in short]
    comments += [("not_spanish", t) for t in _texts(DATA / "langid.csv", expected="not_spanish")]
    comments += [("edge", value) for value in EDGE * 6]
    for _ in range(40):
        size = int(rng.integers(5_001, 60_000))
        piece = str(rng.choice(said)) + " "
        comments.append(("very_long", (piece * (size // len(piece) + 1))[:size]))
    for _ in range(900):
        parts = rng.choice(said, size=int(rng.integers(3, 7)), replace=False)
        review = str(parts[0])
        for part in parts[1:]:
            review += str(rng.choice(CONNECTORS)) + str(part)[0].lower() + str(part)[1:]
        comments.append(("multi_aspect", review))
    pool = said + short
    while len(comments) < n - len(survey):
        comments.append(("variant", _variant(str(rng.choice(pool)), int(rng.integers(5)), rng)))
    if len(comments) > n - len(survey):
        raise ValueError(f"{n} rows are too few for the {len(survey) + len(comments)} built ones.")
    # The other columns (date, country, scores) of a random survey row, so summaries have data.
    others = survey.iloc[rng.integers(len(survey), size=len(comments))].reset_index(drop=True)
    others["ID respuesta"] = [f"X_{i:05d}" for i in range(len(comments))]
    others[TEXT] = pd.Series([value for _, value in comments], dtype=object)
    frame = pd.concat([survey.assign(kind="survey"), others.assign(kind=[kind for kind, _ in comments])],
                      ignore_index=True)
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True).astype({"kind": object})
    frame.insert(0, "row_id", np.arange(len(frame)))
    return frame


def mixed_rows(n: int = N_ROWS, seed: int = SEED) -> pd.DataFrame:
    """``n`` mixed rows (a copy): ``row_id``, the survey's columns with ``Comentario`` mixed, and ``kind``."""
    return _mixed_rows(n, seed).copy()


@functools.cache
def _classified(model, n: int, seed: int) -> pd.DataFrame:
    return model.classify_frame(_mixed_rows(n, seed), text=TEXT).astype(CX_DTYPES)


def classified(model, n: int = N_ROWS, seed: int = SEED) -> pd.DataFrame:
    """``mixed_rows`` through ``model.classify_frame`` in this process, ``cx_`` columns as
    ``CX_DTYPES``: what every back end must give back. Computed once per model per session."""
    return _classified(model, n, seed).copy()


def sample_of_each_kind(frame: pd.DataFrame, per_kind: int) -> pd.DataFrame:
    """The first ``per_kind`` rows of each ``kind`` (every ``edge`` row), in ``frame``'s order."""
    keep = frame.groupby("kind").cumcount() < per_kind
    return frame[keep | (frame["kind"] == "edge")]
