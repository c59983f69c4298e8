"""Time and memory of ``cxnlp.summarize`` on 1,000,000 synthetic classified rows (issue 4: < 10 s).

Scores and dates are text, as read from a Spanish Excel CSV ("4,0", "15/07/2024 10:32"), so the
parsing is part of the measure. Prints the seconds of each call, the peak memory it allocates on
top of the frame (tracemalloc, which sees numpy and pandas buffers), and the process's peak RSS.

Usage: python bench/bench_summarize.py [--rows 1000000] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tracemalloc
import time

import numpy as np
import pandas as pd

import cxnlp

TOUCHPOINTS = ["marketing", "website", "app", "store", "purchase", "price", "product", "delivery",
               "billing", "support", "returns", "account", "general"]
AREAS = ["cx", "ux", "ui", "customer_service"]
SENTIMENTS = ["positive", "neutral", "negative", "mixed"]


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def make_frame(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    status = rng.choice(["ok", "empty", "no_comment", "truncated", "not_spanish"], rows, p=[0.7, 0.2, 0.07, 0.02, 0.01])
    labelled = np.isin(status, ["ok", "truncated"])
    k = rng.choice([1, 2, 3], rows, p=[0.6, 0.3, 0.1])
    tp_idx = rng.integers(0, len(TOUCHPOINTS), (rows, 3))
    combos = {}
    touch = np.empty(rows, dtype=object)
    for i in range(rows):  # a few hundred distinct cells, as in real output
        key = (k[i],) + tuple(tp_idx[i, : k[i]])
        cell = combos.get(key)
        if cell is None:
            cell = combos[key] = "|".join(dict.fromkeys(TOUCHPOINTS[j] for j in key[1:]))
        touch[i] = cell if labelled[i] else None
    areas = np.where(labelled, rng.choice(["cx", "ux", "ui|ux", "customer_service", "cx|customer_service"], rows), None)
    sentiment = np.where(labelled, rng.choice(SENTIMENTS, rows, p=[0.35, 0.15, 0.4, 0.1]), None)
    nps = rng.integers(0, 11, rows).astype(str).astype(object)
    nps[rng.random(rows) < 0.01] = ""
    csat = rng.integers(1, 6, rows).astype(str).astype(object)
    ces = np.char.add(rng.integers(1, 8, rows).astype(str), ",0").astype(object)
    ces[rng.random(rows) < 0.3] = ""
    start = np.datetime64("2024-01-01T00:00")
    stamps = start + rng.integers(0, 365 * 24 * 60, rows).astype("timedelta64[m]")
    dates = pd.Series(stamps).dt.strftime("%d/%m/%Y %H:%M")
    seg = json.dumps([{"start": 0, "end": 20, "text": "El pedido llegó tarde", "sentiment": "negative",
                       "touchpoint": "delivery", "area": "cx", "confidence": 0.81}], ensure_ascii=False)
    return pd.DataFrame({
        "ID respuesta": np.arange(rows), "Fecha": dates, "Región": rng.choice(["Norte", "Sur", "Centro", "Este"], rows),
        "Recomendación (0-10)": nps, "Satisfacción (1-5)": csat, "Facilidad (1-7)": ces,
        "cx_status": status, "cx_sentiment": sentiment, "cx_sentiment_score": rng.uniform(-1, 1, rows),
        "cx_touchpoints": touch, "cx_areas": areas, "cx_stage": np.where(labelled, "after", None),
        "cx_confidence": rng.uniform(0.3, 1, rows), "cx_needs_review": rng.random(rows) < 0.1,
        "cx_segments": np.where(labelled, seg, None),
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    t0 = time.perf_counter()
    frame = make_frame(args.rows, args.seed)
    print(f"built {len(frame):,} rows in {time.perf_counter() - t0:.1f} s; RSS {_rss_mb():.0f} MB")
    scores = {"nps": "Recomendación (0-10)", "csat": "Satisfacción (1-5)", "ces": "Facilidad (1-7)"}
    cases = [("by touchpoints", {"by": "touchpoints"}),
             ("by touchpoints, monthly trend", {"by": "touchpoints", "period": "month", "date": "Fecha"}),
             ("by touchpoints×sentiment", {"by": "touchpoints×sentiment"}),
             ("by region", {"by": "Región"})]
    for name, kwargs in cases:
        t = time.perf_counter()
        summary = cxnlp.summarize(frame, **scores, **kwargs)
        seconds = time.perf_counter() - t
        tracemalloc.start()  # a second, traced run: tracing slows allocation, so it is not timed
        cxnlp.summarize(frame, **scores, **kwargs)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"summarize {name:30s} {seconds:6.2f} s  {len(summary):4d} rows  peak {peak:5.0f} MB allocated")
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
