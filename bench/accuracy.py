"""Accuracy figures: held-out part of training_data/ and the real feedback in ../shared/realdev/.

    python bench/accuracy.py                    # trains on 80% of the corpus, scores the other 20% and realdev
    python bench/accuracy.py --model models/default --realdev-only

realdev is read for measurement only (its README forbids training on it or committing it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

import cxnlp
from cxnlp.evaluate import evaluate, score_multi, score_single

REALDEV = Path(__file__).resolve().parents[1].parent / "shared" / "realdev"
SEMEVAL_TOUCHPOINTS = ["product", "store", "price", "general"]


def amazon(model, path: Path) -> dict:
    df = pd.read_csv(path)
    res = list(model.classify_many(df["text"].tolist()))
    # Stars give three classes; a 'mixed' comment counts as the 3-star 'neutral'.
    pred = np.array([{"mixed": "neutral"}.get(r.sentiment, r.sentiment) or "neutral" for r in res])
    score = np.array([r.score or 0.0 for r in res])
    polar = df["stars"] != 3
    sign = np.where(score >= 0, "positive", "negative")
    out = score_single(df["sentiment"].to_numpy(), pred, ["positive", "neutral", "negative"])
    return {"n": len(df), "macro_f1_3class": round(out["macro_f1"], 4), "per_class": out["per_class"],
            "confusion": out["confusion"],
            "polarity_accuracy_1_2_vs_4_5": round(float(np.mean(sign[polar] == df["sentiment"][polar])), 4),
            "status": pd.Series([r.status for r in res]).value_counts().to_dict()}


def semeval(model, path: Path) -> dict:
    df = pd.read_csv(path, keep_default_na=False)
    res = list(model.classify_many(df["text"].tolist()))
    labelled = (df["sentiment"] != "none").to_numpy()
    out = {"n": int(labelled.sum())}
    pred_s = np.array([r.sentiment or "none" for r in res])[labelled]
    out["sentiment"] = {k: v for k, v in score_single(df["sentiment"][labelled].to_numpy(), pred_s,
                                                       ["positive", "neutral", "negative", "mixed"]).items()
                        if k in ("macro_f1", "accuracy", "per_class")}
    truth_t = [set(v.split("|")) for v in df["touchpoints"][labelled]]
    pred_t = [set(r.touchpoints) for r, m in zip(res, labelled) if m]
    t = score_multi(truth_t, pred_t, SEMEVAL_TOUCHPOINTS)
    out["touchpoints_macro_f1_product_store_price_general"] = round(t["macro_f1"], 4)
    out["touchpoints_per_class"] = t["per_class"]
    out["touchpoints_predicted_elsewhere"] = {k: v for k, v in sorted(
        __import__("collections").Counter(l for p in pred_t for l in p if l not in SEMEVAL_TOUCHPOINTS).items())}
    truth_a = [set(v.split("|")) for v in df["areas"][labelled]]
    pred_a = [set(r.areas) for r, m in zip(res, labelled) if m]
    a = score_multi(truth_a, pred_a, ["cx", "customer_service", "ux", "ui"])
    out["customer_service_f1"] = round(a["per_class"]["customer_service"]["f1"], 4)
    out["areas_per_class"] = a["per_class"]
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="evaluate this model on realdev instead of training a held-out one")
    parser.add_argument("--data", default="training_data")
    parser.add_argument("--holdout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    figures: dict = {}
    if args.model:
        model = cxnlp.load(args.model)
    else:
        data = cxnlp.read_training_data(args.data)
        train, test = train_test_split(data, test_size=args.holdout, random_state=args.seed,
                                       stratify=data["sentiment"])
        model = cxnlp.train(frame=train.reset_index(drop=True), n_jobs=2)
        held = evaluate(model, test.reset_index(drop=True))
        figures["heldout"] = {k: v for k, v in held.items() if k != "worst"}
        figures["heldout"]["train_rows"], figures["heldout"]["test_rows"] = len(train), len(test)
    if REALDEV.is_dir():
        figures["amazon"] = amazon(model, REALDEV / "amazon_reviews_es_dev.csv")
        figures["semeval"] = semeval(model, REALDEV / "semeval16_es_restaurants_traindev.csv")
    else:
        print(f"note: {REALDEV} not found; realdev figures skipped", file=sys.stderr)
    text = json.dumps(figures, indent=1, ensure_ascii=False, default=float)
    print(text)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
