"""Rows per second of cxnlp on Dask and Spark with 1 and 2 workers, against one in-process model.

    python bench/scale.py                    # 50,000 rows: in-process, Dask LocalCluster(1) and (2)
    python bench/scale.py --rows 20000 --spark --json out/scale.json

The rows cycle through the sample survey's comments (a third of them blank, as surveys come), so
every run classifies the same work. Each engine is timed from a ready cluster (start-up, which
includes loading spaCy and the model in every worker, is reported apart) to the last row back on
the client. Peak RSS is read per worker process (Dask) after the run. The figures depend on the
machine and on what else runs on it: say which when you quote them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cxnlp  # noqa: E402
from cxnlp.io import read_table  # noqa: E402


def make_rows(n: int) -> pd.DataFrame:
    survey = read_table(ROOT / "cxnlp" / "data" / "encuesta_ejemplo.csv")
    comments = survey["Comentario"].to_numpy(dtype=object)
    return pd.DataFrame({"row_id": np.arange(n), "comentario": comments[np.arange(n) % len(comments)]})


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def bench_in_process(rows: pd.DataFrame) -> dict:
    started = time.perf_counter()
    model = cxnlp.load()
    startup = time.perf_counter() - started
    started = time.perf_counter()
    model.classify_frame(rows, text="comentario")
    seconds = time.perf_counter() - started
    return {"engine": "in-process", "workers": 1, "startup_s": round(startup, 1), "seconds": round(seconds, 1),
            "rows_per_s": round(len(rows) / seconds), "peak_rss_mb_per_worker": round(peak_rss_mb())}


def bench_dask(rows: pd.DataFrame, workers: int, partitions_per_worker: int = 8) -> dict:
    import dask
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    import cxnlp.dask as cxd

    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        with dask.config.set({"dataframe.convert-string": False}):
            ddf = dd.from_pandas(rows, npartitions=workers * partitions_per_worker)
        ddf = client.persist(ddf)  # the rows are on the workers before the clock starts, as they would be read there
        cxd.classify(ddf.head(4, npartitions=1, compute=False), text="comentario").compute()  # plugin loaded the model
        startup = time.perf_counter() - started
        started = time.perf_counter()
        out = cxd.classify(ddf, text="comentario")
        n = int(out["cx_status"].map_partitions(len, meta=("n", "int64")).sum().compute())
        seconds = time.perf_counter() - started
        rss = client.run(lambda: __import__("resource").getrusage(__import__("resource").RUSAGE_SELF).ru_maxrss / 1024)
    assert n == len(rows)
    return {"engine": "dask", "workers": workers, "startup_s": round(startup, 1), "seconds": round(seconds, 1),
            "rows_per_s": round(len(rows) / seconds), "peak_rss_mb_per_worker": round(max(rss.values()))}


def bench_spark(rows: pd.DataFrame, workers: int) -> dict:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    import cxnlp.spark as cxs

    started = time.perf_counter()
    spark = (SparkSession.builder.master(f"local[{workers}]").appName("cxnlp-bench")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
    try:
        sdf = spark.createDataFrame(rows).repartition(workers * 8).cache()
        sdf.count()
        cxs.classify(sdf.limit(4), text="comentario").count()  # a first Python worker has loaded the model
        startup = time.perf_counter() - started
        started = time.perf_counter()
        n = cxs.classify(sdf, text="comentario").select("cx_status").groupBy().count().first()[0]
        seconds = time.perf_counter() - started
    finally:
        spark.stop()
    assert n == len(rows)
    return {"engine": "spark", "workers": workers, "startup_s": round(startup, 1), "seconds": round(seconds, 1),
            "rows_per_s": round(len(rows) / seconds), "peak_rss_mb_per_worker": None}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--spark", action="store_true", help="also Spark local[N] (needs pyspark and Java)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the in-process run")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)

    rows = make_rows(args.rows)
    results = []
    runs = [] if args.no_baseline else [lambda: bench_in_process(rows)]
    runs += [lambda w=w: bench_dask(rows, w) for w in args.workers]
    runs += [lambda w=w: bench_spark(rows, w) for w in args.workers] if args.spark else []
    print(f"{args.rows:,} rows, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    for run in runs:
        result = run()
        result["load_average"] = round(os.getloadavg()[0], 1)
        results.append(result)
        print(json.dumps(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"rows": args.rows, "cpus": os.cpu_count(), "results": results}, indent=2))


if __name__ == "__main__":
    main()
