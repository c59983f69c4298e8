"""Check that no corpus row copies a development-set comment (they are for measuring only).

    python bench/corpus_leak.py [training_data]

Checks the corpus and the labelled files held back from it (``training_data/held_back/``).
Exits 1 and lists the copies if a corpus text of 25 characters or more equals a realdev comment,
ignoring case, accents and punctuation. Lives in bench/ because only bench/ may read ../shared;
`.ci/run` runs it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pandas as pd

import cxnlp

ROOT = Path(__file__).resolve().parents[1]
REALDEV = ROOT.parent / "shared" / "realdev"


def norm(text) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", str(text).lower()) if not unicodedata.combining(c))
    return re.sub(r"\W+", " ", text).strip()


def main(folder: str = "training_data") -> int:
    files = sorted(REALDEV.glob("*.csv"))
    if not files:
        print(f"note: {REALDEV} not present; nothing to check", file=sys.stderr)
        return 0
    real = {norm(t) for f in files for t in pd.read_csv(f, usecols=["text"])["text"].dropna()}
    corpus = cxnlp.read_training_data(ROOT / folder)
    held_back = ROOT / folder / "held_back"
    if held_back.is_dir():
        corpus = pd.concat([corpus, cxnlp.read_training_data(held_back)], ignore_index=True)
    copies = [t for t in corpus["text"] if len(norm(t)) >= 25 and norm(t) in real]
    for text in copies:
        print(f"copied from realdev: {text[:100]!r}", file=sys.stderr)
    print(f"{len(corpus):,} corpus and held-back rows checked against {len(real):,} development comments: {len(copies)} copies")
    return 1 if copies else 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
