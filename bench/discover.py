"""Theme discovery quality: hide a touchpoint from the model, then see whether ``discover`` finds it.

    python bench/discover.py                                  # returns, billing, account; 25% held out
    python bench/discover.py --hide returns --pool all
    python bench/discover.py --hidden-as drop --pool all      # the hidden rows dropped instead of relabelled
    python bench/discover.py --json bench/results/discover.json

For each hidden touchpoint T:

1. The corpus (``training_data/``, ``cxnlp.read_training_data``) is split once, seeded: 25% held out.
2. A model is trained on the other 75% without T. ``--hidden-as general`` (the default) strips the
   label: a row labelled only T becomes ``general``, as the labelling guide labels a comment that
   names no touchpoint of the taxonomy; a row with other touchpoints keeps those. ``--hidden-as drop``
   drops every row that carries T, so the model never reads that subject at all.
   Training uses ``TrainConfig(folds=3)`` (the defaults otherwise) to save time on a 2-core machine;
   models are cached in ``bench/results/discover_models/`` and retrained only when the data or the
   config change.
3. The held-out part is classified by that model and ``cxnlp.discover`` runs on it.
4. The best-matching group is the one with the highest F1 of (purity, recall): purity is the share of
   the group's comments that truly carry T, recall the share of T's comments in the pool that landed
   in the group. The target is 0.7 for both.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import cxnlp
from cxnlp.labelled import data_hash
from cxnlp.insights.discover import POOLS, discover

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / "results" / "discover_models"
HELD_OUT = 0.25
SEED = 13
CONFIG = cxnlp.TrainConfig(folds=3)


def split(corpus: pd.DataFrame) -> np.ndarray:
    """True for the held-out rows (a seeded quarter of the corpus)."""
    held = np.zeros(len(corpus), dtype=bool)
    held[np.random.RandomState(SEED).permutation(len(corpus))[: int(len(corpus) * HELD_OUT)]] = True
    return held


def without(frame: pd.DataFrame, hidden: str, how: str) -> pd.DataFrame:
    """``frame`` with the touchpoint ``hidden`` removed: rows dropped, or the label stripped."""
    carries = frame["touchpoints"].map(lambda labels: hidden in labels)
    if how == "drop":
        return frame[~carries].reset_index(drop=True)
    stripped = [tuple(t for t in labels if t != hidden) or ("general",) for labels in frame["touchpoints"]]
    return frame.assign(touchpoints=stripped).reset_index(drop=True)


def model_without(train_part: pd.DataFrame, hidden: str, how: str):
    """The model trained without ``hidden`` (from the cache when the data and config are the same)."""
    data = without(train_part, hidden, how)
    out = CACHE / f"{how}-{hidden}"
    meta_file = out / "meta.json"
    if meta_file.is_file():
        meta = json.loads(meta_file.read_text())
        if meta.get("data_sha256") == data_hash(data) and meta.get("config") == CONFIG.to_dict():
            return cxnlp.load(out), 0.0
    start = time.perf_counter()
    model = cxnlp.train(frame=data, config=CONFIG, name=f"sin-{hidden}")
    cxnlp.save(model, out)
    return model, time.perf_counter() - start


def score(found, truth: pd.Series) -> dict:
    """Purity and recall of the best-matching group (highest F1) for the rows where ``truth`` is True."""
    members = found.members
    in_pool = truth.loc[members.index]
    hidden_in_pool = int(in_pool.sum())
    best = {"group": None, "name": None, "size": 0, "purity": 0.0, "recall": 0.0, "f1": 0.0}
    for row in found.groups.itertuples():
        rows = members.index[members["group"] == row.group]
        hits = int(truth.loc[rows].sum())
        purity, recall = hits / len(rows), hits / max(1, hidden_in_pool)
        f1 = 2 * purity * recall / (purity + recall) if hits else 0.0
        if f1 > best["f1"]:
            best = {"group": int(row.group), "name": row.name, "size": len(rows), "purity": round(purity, 3),
                    "recall": round(recall, 3), "f1": round(f1, 3)}
    # What an analyst gets who gives one label to every group that is mostly about T (read off the truth here,
    # off the names and examples in real use): several groups exported under one placeholder.
    mostly = [g for g in found.groups["group"] if truth.loc[members.index[members["group"] == g]].mean() > 0.5]
    rows = members.index[members["group"].isin(mostly)]
    hits = int(truth.loc[rows].sum())
    merged = {"merged_groups": len(mostly), "merged_size": len(rows),
              "merged_purity": round(hits / len(rows), 3) if len(rows) else 0.0,
              "merged_recall": round(hits / max(1, hidden_in_pool), 3)}
    return {"pool": len(members), "hidden_in_pool": hidden_in_pool, "groups": len(found.groups), **best, **merged}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hide", nargs="+", default=["returns", "billing", "account"])
    parser.add_argument("--hidden-as", choices=("general", "drop"), default="general")
    parser.add_argument("--pool", choices=POOLS, default=None, help="the discover pool (default: its default)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    corpus = cxnlp.read_training_data(ROOT / "training_data")
    held = split(corpus)
    train_part, test_part = corpus[~held].reset_index(drop=True), corpus[held].reset_index(drop=True)
    results = []
    for hidden in args.hide:
        model, seconds = model_without(train_part, hidden, args.hidden_as)
        classified = model.classify_frame(test_part[["text"]], text="text")
        start = time.perf_counter()
        found = discover(classified, text="text", pool=args.pool)
        took = time.perf_counter() - start
        truth = test_part["touchpoints"].map(lambda labels, hidden=hidden: hidden in labels)
        result = {"hidden": hidden, "hidden_as": args.hidden_as, "pool_kind": found.pool, "held_out": len(test_part),
                  "hidden_held_out": int(truth.sum()), **score(found, truth),
                  "train_seconds": round(seconds, 1), "discover_seconds": round(took, 1)}
        results.append(result)
        print(f"{hidden:<9} pool {result['pool']:>5} ({result['hidden_in_pool']} {hidden})  groups {result['groups']:>2}  "
              f"best: '{result['name']}' n={result['size']}  purity {result['purity']:.2f}  recall {result['recall']:.2f}"
              f"  | {result['merged_groups']} groups mostly {hidden}: n={result['merged_size']} purity "
              f"{result['merged_purity']:.2f} recall {result['merged_recall']:.2f}  ({took:.1f} s)", flush=True)
        print(found.table(), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"config": CONFIG.to_dict(), "held_out": HELD_OUT, "results": results},
                                        indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
