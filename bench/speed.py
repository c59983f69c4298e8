"""Speed and memory figures of cxnlp on this machine (SPEC 6, issue 3).

    python bench/speed.py                 # 100,000 comments
    python bench/speed.py --rows 1000000  # the flat-memory check on a million rows

Builds a CSV of realistic survey comments (sampled from training_data/ with survey-like columns),
then measures, each in a fresh process where it matters:
file-to-file classification (comments/s, peak RSS) with --jobs 1 and 2, single-comment latency
(p50/p99) from a warm model, `import cxnlp; cxnlp.load()` time, model size on disk, and the spaCy
tokenizer alone on the same texts (the floor of any spaCy-based pipeline).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CXNLP = [sys.executable, "-m", "cxnlp"]


def make_survey(rows: int, path: Path, seed: int = 0) -> None:
    texts = pd.concat(pd.read_csv(p, keep_default_na=False)["text"] for p in sorted((ROOT / "training_data").glob("*.csv")))
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "id": np.arange(1, rows + 1),
        "fecha": pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 180, rows), unit="D"),
        "nps": rng.integers(0, 11, rows),
        "comentario": rng.choice(texts.to_numpy(), rows),
    })
    frame.to_csv(path, index=False, sep=";")


def rss_of(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of ``cmd``, measured by a fresh wrapper process so runs don't mix."""
    wrapper = ("import resource,subprocess,sys,time,json;t=time.perf_counter();"
               "subprocess.run(sys.argv[1:],check=True,stdout=subprocess.DEVNULL);"
               "print(json.dumps([time.perf_counter()-t,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024]))")
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], check=True, capture_output=True, text=True).stdout
    return tuple(json.loads(out.strip().splitlines()[-1]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--model", default=str(ROOT / "models" / "default"))
    parser.add_argument("--latency-samples", type=int, default=2000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to time classify with")
    parser.add_argument("--no-train", action="store_true", help="skip timing the training of the shipped corpus")
    args = parser.parse_args(argv)
    figures: dict = {"rows": args.rows, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        survey = tmp / "encuesta.csv"
        make_survey(args.rows, survey)
        texts = pd.read_csv(survey, sep=";", keep_default_na=False)["comentario"].tolist()

        import spacy

        nlp = spacy.blank("es")
        start = time.perf_counter()
        for _ in nlp.tokenizer.pipe(texts, batch_size=1000):
            pass
        figures["spacy_tokenizer_comments_per_s"] = round(len(texts) / (time.perf_counter() - start))

        for jobs in args.jobs:
            seconds, peak = rss_of([*CXNLP, "classify", str(survey), "-o", str(tmp / f"out{jobs}.csv"),
                                    "--model", args.model, "--jobs", str(jobs), "--no-progress"])
            figures[f"classify_jobs{jobs}"] = {"seconds": round(seconds, 1), "comments_per_s": round(args.rows / seconds),
                                               "peak_rss_mb": round(peak)}
        out = pd.read_csv(tmp / f"out{args.jobs[0]}.csv", sep=";", usecols=["cx_status"])
        figures["output_rows"] = len(out)
        if not args.no_train:
            seconds, peak = rss_of([*CXNLP, "train", "--data", str(ROOT / "training_data"), "--out",
                                    str(tmp / "model"), "--jobs", "2"])
            figures["train_shipped_corpus"] = {"seconds": round(seconds, 1), "peak_rss_mb": round(peak)}

        load_cmd = [sys.executable, "-c", "import time;t=time.perf_counter();import cxnlp;"
                    f"m=cxnlp.load({args.model!r});t1=time.perf_counter();m.classify('El pedido llegó tarde');"
                    "print(t1-t, time.perf_counter()-t1)"]
        runs = [subprocess.run(load_cmd, check=True, capture_output=True, text=True).stdout.split() for _ in range(3)]
        figures["import_and_load_s"] = round(min(float(r[0]) for r in runs), 2)
        # The first classification also imports spaCy and reads the lemma table (lazily, so that
        # commands that do not classify never pay for them).
        figures["first_classify_s"] = round(min(float(r[1]) for r in runs), 2)

    import cxnlp

    model = cxnlp.load(args.model)
    rng = np.random.default_rng(1)
    sample = rng.choice(np.array(texts, dtype=object), args.latency_samples)
    for text in sample[:50]:
        model.classify(text)  # warm caches
    latencies = []
    for text in sample:
        start = time.perf_counter()
        model.classify(text)
        latencies.append((time.perf_counter() - start) * 1000)
    figures["latency_ms"] = {"p50": round(float(np.percentile(latencies, 50)), 2),
                             "p99": round(float(np.percentile(latencies, 99)), 2)}
    size = sum(p.stat().st_size for p in Path(args.model).iterdir())
    figures["model_size_mb"] = round(size / 1e6, 1)
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
