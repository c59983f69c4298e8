"""Accuracy figures: the held-out part of training_data/ and the real feedback in ../shared/realdev/.

    python bench/accuracy.py                         # trains on 80% of the corpus, scores the other 20% and realdev
    python bench/accuracy.py --model models/default  # scores a trained model on realdev only
    python bench/accuracy.py --model models/default --json bench/results/accuracy.json
    python bench/accuracy.py --model models/default --industry  # each set read as comments from its industry
    python bench/accuracy.py --model models/default --auto-industry  # each comment read as the industry it recognises
    python bench/accuracy.py --model models/default --no-industry  # each comment read without an industry

Without one of the last three flags every comment is read as ``classify`` reads it by default
(``industry="default"``: "auto" for a model that recognises industries, such as the shipped one).

It prints one table (per set: touchpoint and area macro/micro-F1, sentiment macro-F1) and the
per-label precision/recall/support of every set, and writes everything to JSON with --json.

realdev is read for measurement only (its README forbids training on it or committing it). Only
bench/ may read it: a user's clone has no ../shared.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

import cxnlp
from cxnlp.evaluation import evaluate, score_multi, score_single

REALDEV = Path(__file__).resolve().parents[2] / "shared" / "realdev"
SENTIMENTS = ["positive", "neutral", "negative", "mixed"]
AREAS = ["cx", "ux", "ui", "customer_service"]
SEMEVAL_TOUCHPOINTS = ["product", "store", "price", "general"]
#: Macro-F1 averages the labels with at least this many gold rows in a set: a label seen twice
#: would swing the average by chance. Micro-F1 and the per-label table cover every label.
MIN_SUPPORT = 10
#: The industry (the corpus's ``industry`` column) each set's comments come from, for ``--industry``: what
#: an analyst knows of a survey before classifying it, never learnt from the set.
SET_INDUSTRY = {"amazon_stars": "ecommerce_retail", "amazon_themes": "ecommerce_retail",
                "bank_tweets": "banking_fintech", "hotel_reviews": "hotels_restaurants", "semeval": "hotels_restaurants"}

#: name -> (file, rows to score themes on, touchpoint labels to score or None for those in the gold)
THEME_SETS = {
    "amazon_themes": "amazon_reviews_es_dev_themes.csv",
    "bank_tweets": "bank_tweets_es_dev.csv",
    "hotel_reviews": "hotel_reviews_es_dev.csv",
    "semeval": "semeval16_es_restaurants_traindev.csv",
}


def _sets(cell: str) -> set[str]:
    return {v for v in str(cell).split("|") if v}


def amazon_stars(model, path: Path, industry: str | None = None) -> dict:
    """3-class sentiment from star ratings (5,000 reviews) and polarity on 1-2 vs 4-5 stars."""
    df = pd.read_csv(path)
    res = list(model.classify_many(df["text"].tolist(), industry=industry))
    # Stars give three classes; a 'mixed' comment counts as the 3-star 'neutral'.
    pred = np.array([{"mixed": "neutral"}.get(r.sentiment, r.sentiment) or "neutral" for r in res])
    score = np.array([r.score or 0.0 for r in res])
    polar = (df["stars"] != 3).to_numpy()
    sign = np.where(score >= 0, "positive", "negative")
    out = score_single(df["sentiment"].to_numpy(), pred, ["positive", "neutral", "negative"])
    return {"n": len(df), "sentiment_macro_f1": round(out["macro_f1"], 4), "per_class": out["per_class"],
            "confusion": out["confusion"],
            "polarity_accuracy": round(float(np.mean(sign[polar] == df["sentiment"].to_numpy()[polar])), 4),
            "status": pd.Series([r.status for r in res]).value_counts().to_dict(),
            "predictions": {"sentiment": pred.tolist(), "score": score.tolist()}}


def _macro(scores: dict) -> float:
    """Macro-F1 over the labels with at least MIN_SUPPORT gold rows."""
    f1 = [row["f1"] for row in scores["per_class"].values() if row["support"] >= MIN_SUPPORT]
    return round(float(np.mean(f1)), 4) if f1 else float("nan")


def scored_rows(path: Path, name: str) -> pd.DataFrame:
    """The rows of a hand-labelled real set that are scored, in order."""
    df = pd.read_csv(path, keep_default_na=False, dtype=str)
    if "relevant" in df:  # bank tweets: only customers' feedback is labelled
        df = df[df["relevant"] == "1"]
    if name == "semeval":  # sentences with no annotated opinion carry no labels
        df = df[df["sentiment"] != "none"]
    return df.reset_index(drop=True)


def touchpoint_labels(name: str, truth: list[set[str]]) -> list[str]:
    """The touchpoints scored on a set: SemEval's four, else every label in the gold."""
    return SEMEVAL_TOUCHPOINTS if name == "semeval" else sorted(set().union(*truth))


def area_labels(truth: list[set[str]]) -> list[str]:
    return [a for a in AREAS if any(a in s for s in truth)]


def theme_set(model, path: Path, name: str, industry: str | None = None) -> dict:
    """Touchpoints, areas and sentiment against a hand-labelled real set. ``predictions`` holds each
    scored row's labels (ids only, never text) for ``bench/compare_accuracy.py``."""
    df = scored_rows(path, name)
    res = list(model.classify_many(df["text"].tolist(), industry=industry))
    out: dict = {"n": len(df), "status": dict(Counter(r.status for r in res))}
    out["predictions"] = {"touchpoints": ["|".join(r.touchpoints) for r in res],
                          "areas": ["|".join(r.areas) for r in res],
                          "sentiment": [r.sentiment or "none" for r in res]}

    truth_t = [_sets(v) for v in df["touchpoints"]]
    pred_t = [set(r.touchpoints) for r in res]
    labels_t = touchpoint_labels(name, truth_t)
    t = score_multi(truth_t, pred_t, labels_t)
    out["touchpoints"] = {"macro_f1": _macro(t), "micro_f1": round(t["micro_f1"], 4),
                          "labels": labels_t, "per_class": t["per_class"]}
    if name == "semeval":
        out["touchpoints"]["predicted_elsewhere"] = dict(sorted(
            Counter(l for p in pred_t for l in p if l not in SEMEVAL_TOUCHPOINTS).items()))

    truth_a = [_sets(v) for v in df["areas"]]
    pred_a = [set(r.areas) for r in res]
    labels_a = area_labels(truth_a)
    a = score_multi(truth_a, pred_a, labels_a)
    out["areas"] = {"macro_f1": _macro(a), "micro_f1": round(a["micro_f1"], 4),
                    "labels": labels_a, "per_class": a["per_class"]}

    gold_s = df["sentiment"].to_numpy()
    pred_s = np.array([r.sentiment or "none" for r in res])
    labels_s = [s for s in SENTIMENTS if s in set(gold_s)]
    s = score_single(gold_s, pred_s, labels_s)
    out["sentiment"] = {"macro_f1": round(s["macro_f1"], 4), "accuracy": round(s["accuracy"], 4),
                        "per_class": s["per_class"]}
    return out


def realdev(model, industries: str = "default") -> dict:
    """Every realdev set: ``industries="told"`` reads each as comments from its industry (``SET_INDUSTRY``);
    otherwise every comment is read with ``industry=industries`` ("default", "auto" or "none")."""
    figures = {}
    if not REALDEV.is_dir():
        print(f"note: {REALDEV} not found; realdev figures skipped", file=sys.stderr)
        return figures
    industry = SET_INDUSTRY.get if industries == "told" else (lambda name: industries)
    figures["amazon_stars"] = amazon_stars(model, REALDEV / "amazon_reviews_es_dev.csv", industry("amazon_stars"))
    for name, file in THEME_SETS.items():
        if (REALDEV / file).is_file():
            figures[name] = theme_set(model, REALDEV / file, name, industry(name))
    return figures


def reading_of(args) -> str:
    """The ``industry=`` every comment is read with, unless ``--industry`` tells each set's own."""
    return "auto" if args.auto_industry else "none" if args.no_industry else "default"


def summary_table(figures: dict) -> str:
    """One markdown table: per set, touchpoint and area macro/micro-F1 and sentiment macro-F1."""
    lines = ["| set | n | touchpoints macro-F1 | touchpoints micro-F1 | areas macro-F1 | areas micro-F1 | "
             "sentiment macro-F1 | other |", "|---|---|---|---|---|---|---|---|"]
    if "heldout" in figures:
        h = figures["heldout"]
        lines.append(f"| corpus held-out 20% | {h['test_rows']} | {h['touchpoints']['macro_f1']:.3f} | "
                     f"{h['touchpoints']['micro_f1']:.3f} | {h['areas']['macro_f1']:.3f} | "
                     f"{h['areas']['micro_f1']:.3f} | {h['sentiment']['macro_f1']:.3f} | |")
    for name, f in figures.items():
        if name == "amazon_stars":
            lines.append(f"| Amazon stars | {f['n']} | | | | | {f['sentiment_macro_f1']:.3f} (3-class) | "
                         f"polarity {f['polarity_accuracy']:.3f} |")
        elif name in THEME_SETS:
            other = (f"customer_service F1 {f['areas']['per_class']['customer_service']['f1']:.3f}"
                     if name == "semeval" else "")
            lines.append(f"| {name} | {f['n']} | {f['touchpoints']['macro_f1']:.3f} | {f['touchpoints']['micro_f1']:.3f} | "
                         f"{f['areas']['macro_f1']:.3f} | {f['areas']['micro_f1']:.3f} | "
                         f"{f['sentiment']['macro_f1']:.3f} | {other} |")
    return "\n".join(lines)


def label_table(figures: dict) -> str:
    """Per set and touchpoint: precision, recall, support (labels with gold support)."""
    lines = ["| set | label | precision | recall | F1 | support |", "|---|---|---|---|---|---|"]
    for name, f in figures.items():
        if name not in THEME_SETS:
            continue
        for axis in ("touchpoints", "areas"):
            for label, row in f[axis]["per_class"].items():
                if row["support"]:
                    lines.append(f"| {name} | {label} | {row['precision']:.2f} | {row['recall']:.2f} | "
                                 f"{row['f1']:.2f} | {row['support']} |")
    return "\n".join(lines)


def signal_table(heldout: dict) -> str:
    """Held-out F1 per signal value (effort, each emotion, churn risk, escalation)."""
    lines = ["| signal | value | precision | recall | F1 | support |", "|---|---|---|---|---|---|"]
    for axis in ("effort", "emotions", "churn_risk", "escalation"):
        if axis not in heldout:
            continue
        for label, row in heldout[axis]["per_class"].items():
            lines.append(f"| {axis} | {label} | {row['precision']:.2f} | {row['recall']:.2f} | {row['f1']:.2f} | "
                         f"{row['support']} |")
        lines.append(f"| {axis} | macro | | | {heldout[axis]['macro_f1']:.3f} | {heldout[axis]['n']} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="score this model on realdev instead of training a held-out one")
    parser.add_argument("--data", default="training_data")
    parser.add_argument("--holdout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", help="also write every figure to this JSON file")
    parser.add_argument("--labels", action="store_true", help="also print the per-label table")
    reading = parser.add_mutually_exclusive_group()
    reading.add_argument("--industry", action="store_true",
                         help="classify each realdev set as comments from its industry (SET_INDUSTRY), and each "
                              "held-out corpus row as one from its own")
    reading.add_argument("--auto-industry", action="store_true",
                         help="classify every comment (realdev and held-out) with industry='auto': as the industry "
                              "the model recognises in it")
    reading.add_argument("--no-industry", action="store_true",
                         help="classify every comment (realdev and held-out) without an industry")
    parser.add_argument("--save", help="save the held-out model to this directory (to score variants with --model)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a TrainConfig setting for the held-out model, e.g. --set cues=false (JSON values)")
    args = parser.parse_args(argv)
    figures: dict = {}
    if args.model:
        model = cxnlp.load(args.model)
    else:
        data = cxnlp.read_training_data(args.data)
        train, test = train_test_split(data, test_size=args.holdout, random_state=args.seed,
                                       stratify=data["sentiment"])
        settings = {k: json.loads(v) for k, v in (item.split("=", 1) for item in args.set)}
        model = cxnlp.train(frame=train.reset_index(drop=True), n_jobs=2, config=cxnlp.TrainConfig(**settings))
        if args.save:
            cxnlp.save(model, args.save)
        test = test.reset_index(drop=True)
        if not args.industry:
            test["industry"] = reading_of(args)
        held = evaluate(model, test, industry_column="industry")
        figures["heldout"] = {k: v for k, v in held.items() if k != "worst"}
        figures["heldout"]["train_rows"], figures["heldout"]["test_rows"] = len(train), len(test)
    figures.update(realdev(model, industries="told" if args.industry else reading_of(args)))
    print(summary_table(figures))
    if "heldout" in figures and "effort" in figures["heldout"]:
        print()
        print(signal_table(figures["heldout"]))
    if args.labels:
        print()
        print(label_table(figures))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, indent=1, ensure_ascii=False, default=float), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
