"""Merge the signal labels (effort, emotions, churn_risk, escalation) written per corpus file into
``training_data/quality/signals_work/<file>.csv`` into the corpus CSVs, as four more columns.

    python tools/merge_signals.py            # check and merge every file that has a labels file
    python tools/merge_signals.py --check    # only check: same ids in the same order, valid values

Labels are matched by ``id``; a corpus file whose labels file does not cover every row is refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "training_data"
WORK = CORPUS / "quality" / "signals_work"
SIGNALS = ("effort", "emotions", "churn_risk", "escalation")
VALUES = {"effort": {"high", "low", "none"}, "churn_risk": {"yes", "no"}, "escalation": {"yes", "no"},
          "emotions": {"anger", "frustration", "disappointment", "worry", "confusion", "gratitude", "delight"}}


def check(corpus: pd.DataFrame, labels: pd.DataFrame, name: str) -> list[str]:
    problems = []
    if list(labels.columns) != ["id", *SIGNALS]:
        problems.append(f"{name}: columns {list(labels.columns)}")
    if labels["id"].tolist() != corpus["id"].tolist():
        missing = set(corpus["id"]) - set(labels["id"])
        problems.append(f"{name}: ids differ from the corpus file ({len(missing)} missing, order or extras)")
    for axis in ("effort", "churn_risk", "escalation"):
        bad = sorted(set(labels[axis]) - VALUES[axis])
        if bad:
            problems.append(f"{name}: {axis} values {bad}")
    emotions = {e for cell in labels["emotions"] if cell for e in cell.split("|")}
    if emotions - VALUES["emotions"]:
        problems.append(f"{name}: emotions {sorted(emotions - VALUES['emotions'])}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    problems, merged = [], 0
    for path in sorted(WORK.glob("*.csv")):
        target = CORPUS / path.name
        corpus = pd.read_csv(target, dtype=str, keep_default_na=False)
        labels = pd.read_csv(path, dtype=str, keep_default_na=False)
        found = check(corpus, labels, path.name)
        problems += found
        if found or args.check:
            continue
        corpus = corpus.drop(columns=[c for c in SIGNALS if c in corpus]).merge(labels, on="id", how="left")
        corpus.to_csv(target, index=False)
        merged += 1
    for problem in problems:
        print(problem)
    print(f"{merged} files merged, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
