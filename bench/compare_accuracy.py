"""Is a change to the model a real change on realdev, or noise? Paired bootstrap of two accuracy runs.

    python bench/accuracy.py --model models/default --json before.json
    python bench/accuracy.py --model /tmp/candidate --json after.json
    python bench/compare_accuracy.py before.json after.json

Both runs score the same rows, so the rows are resampled together (2,000 times by default) and each
figure's difference after - before gets a 95% interval. A difference whose interval excludes 0 is
marked ``up`` or ``down``; the rest are ``~`` (no change the sets can tell apart from chance). The
149 bank tweets, for instance, move touchpoint micro-F1 by about 0.02 either way on their own.

The gold labels are read from ../shared/realdev (bench/ only); the JSON files hold label ids, not text.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np


def _sibling(name: str):
    """A module of bench/ by file, leaving sys.path alone (bench/distributed.py would hide Dask's)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


accuracy = _sibling("accuracy")

STAR_CLASSES = ["positive", "neutral", "negative"]


def indicators(cells: list[str] | list[set[str]], labels: list[str]) -> np.ndarray:
    """rows x labels 0/1 matrix of label sets (``a|b`` cells or sets)."""
    sets = [c if isinstance(c, set) else accuracy._sets(c) for c in cells]
    return np.array([[label in s for label in labels] for s in sets], dtype=np.float64).reshape(len(sets), len(labels))


def f1_figures(weights: np.ndarray, truth: np.ndarray, pred: np.ndarray, macro_columns: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
    """Macro-F1 (over ``macro_columns``) and micro-F1 for each row of ``weights`` (resample counts per row)."""
    tp = weights @ (truth * pred)
    fp = weights @ ((1 - truth) * pred)
    fn = weights @ (truth * (1 - pred))
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(tp > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
        micro_tp, micro_den = tp.sum(axis=1), (2 * tp + fp + fn).sum(axis=1)
        micro = np.where(micro_tp > 0, 2 * micro_tp / micro_den, 0.0)
    macro = f1[:, macro_columns].mean(axis=1) if macro_columns.any() else np.full(len(weights), np.nan)
    return macro, micro


def resample_weights(n: int, resamples: int, seed: int) -> np.ndarray:
    """Row 0 is the data itself (all ones); the others are bootstrap resamples as counts per row."""
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(n, np.full(n, 1 / n), size=resamples)
    return np.vstack([np.ones((1, n)), draws]).astype(np.float64)


def compare_sets(truth_cells, before_cells, after_cells, labels, weights) -> dict[str, np.ndarray]:
    """{'macro': (before, after) arrays, 'micro': ...} over the resamples."""
    truth = indicators(truth_cells, labels)
    macro_columns = truth.sum(axis=0) >= accuracy.MIN_SUPPORT
    b_macro, b_micro = f1_figures(weights, truth, indicators(before_cells, labels), macro_columns)
    a_macro, a_micro = f1_figures(weights, truth, indicators(after_cells, labels), macro_columns)
    return {"macro": (b_macro, a_macro), "micro": (b_micro, a_micro)}


def single_label(truth, before, after, classes, weights) -> tuple[np.ndarray, np.ndarray]:
    """Macro-F1 of one-label predictions, before and after, over the resamples."""
    t = indicators([{v} for v in truth], classes)
    every = np.ones(len(classes), dtype=bool)
    b = f1_figures(weights, t, indicators([{v} for v in before], classes), every)[0]
    a = f1_figures(weights, t, indicators([{v} for v in after], classes), every)[0]
    return b, a


def row(name: str, figure: str, pair: tuple[np.ndarray, np.ndarray]) -> dict:
    before, after = pair
    diff = after - before
    low, high = np.percentile(diff[1:], [2.5, 97.5])
    verdict = "up" if low > 0 else "down" if high < 0 else "~"
    return {"set": name, "figure": figure, "before": float(before[0]), "after": float(after[0]),
            "difference": float(diff[0]), "low": float(low), "high": float(high), "verdict": verdict}


def compare(before: dict, after: dict, resamples: int = 2000, seed: int = 7) -> list[dict]:
    rows = []
    if "amazon_stars" in before and "amazon_stars" in after:
        import pandas as pd

        gold = pd.read_csv(accuracy.REALDEV / "amazon_reviews_es_dev.csv")
        weights = resample_weights(len(gold), resamples, seed)
        b, a = before["amazon_stars"]["predictions"], after["amazon_stars"]["predictions"]
        rows.append(row("amazon_stars", "sentiment macro-F1 (3 classes)",
                        single_label(gold["sentiment"].tolist(), b["sentiment"], a["sentiment"], STAR_CLASSES,
                                     weights)))
        polar = (gold["stars"] != 3).to_numpy()
        truth_positive = (gold["sentiment"] == "positive").to_numpy()[polar]
        correct = [((np.asarray(p["score"]) >= 0)[polar] == truth_positive).astype(np.float64) for p in (b, a)]
        w = weights[:, polar]
        polarity = [w @ c / w.sum(axis=1) for c in correct]
        rows.append(row("amazon_stars", "polarity accuracy", (polarity[0], polarity[1])))
    for name, file in accuracy.THEME_SETS.items():
        if name not in before or name not in after:
            continue
        df = accuracy.scored_rows(accuracy.REALDEV / file, name)
        weights = resample_weights(len(df), resamples, seed)
        b, a = before[name]["predictions"], after[name]["predictions"]
        truth_t = [accuracy._sets(v) for v in df["touchpoints"]]
        labels_t = accuracy.touchpoint_labels(name, truth_t)
        pairs = compare_sets(truth_t, b["touchpoints"], a["touchpoints"], labels_t, weights)
        rows += [row(name, "touchpoints macro-F1", pairs["macro"]), row(name, "touchpoints micro-F1", pairs["micro"])]
        truth_a = [accuracy._sets(v) for v in df["areas"]]
        pairs = compare_sets(truth_a, b["areas"], a["areas"], accuracy.area_labels(truth_a), weights)
        rows += [row(name, "areas macro-F1", pairs["macro"]), row(name, "areas micro-F1", pairs["micro"])]
        gold_s = df["sentiment"].tolist()
        classes = [s for s in accuracy.SENTIMENTS if s in set(gold_s)]
        rows.append(row(name, "sentiment macro-F1", single_label(gold_s, b["sentiment"], a["sentiment"], classes,
                                                                 weights)))
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| set | figure | before | after | difference | 95% interval | verdict |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['set']} | {r['figure']} | {r['before']:.3f} | {r['after']:.3f} | {r['difference']:+.3f} | "
                     f"{r['low']:+.3f} to {r['high']:+.3f} | {r['verdict']} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", help="JSON written by bench/accuracy.py --json")
    parser.add_argument("after", help="JSON written by bench/accuracy.py --json, same realdev files")
    parser.add_argument("--resamples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the rows to this JSON file")
    args = parser.parse_args(argv)
    for path in (args.before, args.after):
        if not Path(path).is_file():
            print(f"error: {path}: no such file (write it with bench/accuracy.py --json)", file=sys.stderr)
            return 2
    before, after = (json.loads(Path(p).read_text(encoding="utf-8")) for p in (args.before, args.after))
    missing = [name for name in ("amazon_stars", *accuracy.THEME_SETS) if name in before and name in after
               and any("predictions" not in figures[name] for figures in (before, after))]
    if missing:
        print(f"error: no per-row predictions for {', '.join(missing)}: rerun bench/accuracy.py --json with this "
              f"version", file=sys.stderr)
        return 2
    rows = compare(before, after, args.resamples, args.seed)
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
