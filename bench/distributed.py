"""Throughput, peak memory per worker and start-up cost of cxnlp in one process, with ``--jobs``,
on Dask and on Spark (issue 12).

    python bench/distributed.py                                      # 1,000,000 rows, every engine
    python bench/distributed.py --rows 200000 --only dask,spark      # some of them
    python bench/distributed.py --rows 50000 --workers 1 --json out/distributed.json

Every engine does the same job: read the same rows from Parquet, classify them, write Parquet.

- ``single``: ``cxnlp classify rows.parquet -o out.parquet``, one process;
- ``jobs``: the same with ``--jobs W`` (W = ``--workers``, default 2);
- ``dask``: ``cxnlp.dask.classify_files`` (what ``cxnlp classify --engine dask`` runs) on a
  ``LocalCluster(n_workers=W, threads_per_worker=1)``, one partition per input file;
- ``spark``: ``cxnlp.spark.classify`` on ``local[W]``, ``spark.read.parquet`` to ``write.parquet``,
  one partition per input file.

The rows are the sample survey's rows with their comments varied (joined, capitalised, accents
dropped, letters stretched, an emoji added), about 40% blank as in the survey; the same ``--seed``
gives the same rows. The input is written once as one file (for ``single`` and ``jobs``) and as
files of ``--file-rows`` rows (for Dask and Spark).

Figures per engine, each run in fresh processes:

- ``startup_s``: time to the first result. For the command line, the wall time of the same command
  on 200 rows (interpreter, imports, model load, worker processes). For Dask and Spark, from
  nothing to a classified 4-row frame back: cluster or JVM start plus the model in the workers;
- ``seconds`` and ``rows_per_s``: the whole job after start-up (``seconds`` = wall time minus
  ``startup_s`` for the command line; timed from a ready cluster for Dask and Spark);
- ``peak_rss_mb``: the largest resident set of any one worker process (Dask workers, Spark's Python
  workers, the ``--jobs`` pool; for ``single`` the process itself), sampled with psutil every 0.2 s
  over the whole process tree; the driver (the command's or the client's own process) and Spark's
  JVM are reported apart;
- the load average before and after: the machine is shared, so quote the figures with it.

Each engine's output is counted and its statuses compared with the others'.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this file's folder comes first on sys.path, and this file would shadow the
# ``distributed`` package; the checkout's cxnlp is imported instead of an installed one.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or os.getcwd()).resolve() != ROOT / "bench"]
SURVEY = ROOT / "cxnlp" / "data" / "encuesta_ejemplo.csv"
TEXT = "Comentario"
ENGINES = ("single", "jobs", "dask", "spark")
CONNECTORS = (". ", ", y además ", ". Por otro lado, ", "; pero ", ". También ")
EMOJI = ("😀", "😡", "👍", "🙄", "💔", "🙏")


# -- the rows ----------------------------------------------------------------------------------
def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _vary(text: str, other: str, how: int, rng: np.random.Generator) -> str:
    if how == 1:
        return text + CONNECTORS[int(rng.integers(len(CONNECTORS)))] + other[:1].lower() + other[1:]
    if how == 2:
        return text.upper()
    if how == 3:
        return _without_accents(text).lower()
    if how == 4:  # the last vowel stretched, as in "perfectoooo"
        i = max(text.rfind(v) for v in "aeiou")
        return text if i < 0 else text[:i] + text[i] * int(rng.integers(3, 8)) + text[i + 1:]
    if how == 5:
        return f"{text} {EMOJI[int(rng.integers(len(EMOJI)))]}"
    return text


def make_rows(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` survey rows: the sample survey's columns, rows drawn at random, comments varied."""
    from cxnlp.io import read_table

    survey = read_table(SURVEY)
    rng = np.random.default_rng(seed)
    rows = survey.iloc[rng.integers(len(survey), size=n)].reset_index(drop=True)
    said = [c for c in survey[TEXT] if c.strip()]
    others = rng.integers(len(said), size=n)
    hows = rng.integers(6, size=n)
    rows[TEXT] = [text if not text.strip() else _vary(text, said[o], int(h), rng)
                  for text, o, h in zip(rows[TEXT].tolist(), others, hows)]
    rows.insert(0, "row_id", np.arange(n))
    rows["ID respuesta"] = [f"B_{i:07d}" for i in range(n)]
    return rows


def write_inputs(rows: pd.DataFrame, folder: Path, file_rows: int) -> tuple[Path, Path]:
    """The rows as one Parquet file and as a folder of files of ``file_rows`` rows."""
    single = folder / "rows.parquet"
    rows.to_parquet(single, index=False, row_group_size=20_000)
    parts = folder / "parts"
    parts.mkdir()
    for i, start in enumerate(range(0, len(rows), file_rows)):
        rows.iloc[start:start + file_rows].to_parquet(parts / f"part-{i:05d}.parquet", index=False)
    return single, parts


# -- memory of a process tree ------------------------------------------------------------------
class PeakRSS(threading.Thread):
    """Samples the resident memory of ``pid`` and all its descendants every ``every`` seconds and
    keeps each process's peak, with its role: driver (``pid``), jvm, worker."""

    def __init__(self, pid: int, every: float = 0.2):
        super().__init__(daemon=True)
        import psutil

        self.root = psutil.Process(pid)
        self.every = every
        self.peaks: dict[int, tuple[str, int]] = {}
        self.done = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.done.is_set():
            try:
                tree = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            for proc in tree:
                try:
                    role = self._role(proc)
                    rss = proc.memory_info().rss
                except psutil.Error:
                    continue
                if role is not None:
                    self.peaks[proc.pid] = (role, max(rss, self.peaks.get(proc.pid, (role, 0))[1]))
            self.done.wait(self.every)

    def _role(self, proc) -> str | None:
        if proc.pid == self.root.pid:
            return "driver"
        if "java" in proc.name():
            return "jvm"
        command = " ".join(proc.cmdline())
        if "resource_tracker" in command or "semaphore_tracker" in command:
            return None
        parent = proc.parent()
        if "pyspark.daemon" in command and parent is not None and "java" in parent.name():
            return None  # Spark's daemon only forks the Python workers
        return "worker"

    def stop(self) -> dict:
        self.done.set()
        self.join()
        by_role: dict[str, list[int]] = {}
        for role, rss in self.peaks.values():
            by_role.setdefault(role, []).append(rss)
        mb = {role: round(max(values) / 2**20) for role, values in by_role.items()}
        return {"peak_rss_mb": mb.get("worker", mb.get("driver")), "workers_seen": len(by_role.get("worker", [])),
                "driver_peak_rss_mb": mb.get("driver"), "jvm_peak_rss_mb": mb.get("jvm")}


def run_measured(command: list[str], log: Path) -> tuple[float, dict, str]:
    """Run ``command``; its wall seconds, the memory of its process tree and its stdout."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))  # this checkout's cxnlp
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable, "PYTHONPATH": path}
    started = time.perf_counter()
    with open(log, "ab") as err:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err, cwd=ROOT, env=env)
        sampler = PeakRSS(proc.pid)
        sampler.start()
        out, _ = proc.communicate()
    seconds = time.perf_counter() - started
    memory = sampler.stop()
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(command)} exited {proc.returncode}; end of {log}:\n{tail}")
    return seconds, memory, out.decode()


# -- the engines -------------------------------------------------------------------------------
def bench_cli(name: str, single: Path, tiny: Path, work: Path, workers: int) -> dict:
    """``cxnlp classify`` in one process (``single``) or with ``--jobs workers`` (``jobs``)."""
    jobs = 1 if name == "single" else workers
    command = [sys.executable, "-m", "cxnlp", "classify", "--text", TEXT, "--jobs", str(jobs), "--no-progress"]
    startup, _, _ = run_measured([*command, str(tiny), "-o", str(work / f"{name}-tiny.parquet")], work / f"{name}.log")
    output = work / f"{name}.parquet"
    wall, memory, _ = run_measured([*command, str(single), "-o", str(output)], work / f"{name}.log")
    return {"startup_s": startup, "seconds": wall - startup, "output": str(output), **memory}


def bench_child(name: str, parts: Path, work: Path, workers: int) -> dict:
    """Dask or Spark, in a fresh process of this script (``--child``) whose tree is measured."""
    output = work / f"{name}-out"
    _, memory, out = run_measured([sys.executable, __file__, "--child", name, "--input", str(parts),
                                   "--output", str(output), "--workers", str(workers)], work / f"{name}.log")
    return {**json.loads(out.strip().splitlines()[-1]), "output": str(output), **memory}


def child_dask(parts: Path, output: Path, workers: int) -> dict:
    from distributed import Client, LocalCluster

    import cxnlp.dask as cxd

    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster):
        import dask.dataframe as dd

        probe = dd.from_pandas(pd.DataFrame({TEXT: ["El pedido llegó tarde"] * 4}), npartitions=1)
        cxd.classify(probe, text=TEXT).compute()  # the workers have loaded the model (plugin)
        startup = time.perf_counter() - started
        started = time.perf_counter()
        cxd.classify_files(parts, output, text=TEXT, scheduler=cluster.scheduler_address)
        seconds = time.perf_counter() - started
    return {"startup_s": startup, "seconds": seconds}


def child_spark(parts: Path, output: Path, workers: int) -> dict:
    from pyspark.sql import SparkSession

    import cxnlp.spark as cxs

    started = time.perf_counter()
    spark = (SparkSession.builder.master(f"local[{workers}]").appName("cxnlp-bench")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             # one partition per input file, as on Dask: a file costs more than the 1 MB cap
             .config("spark.sql.files.maxPartitionBytes", "1m").getOrCreate())
    try:
        probe = spark.createDataFrame(pd.DataFrame({TEXT: ["El pedido llegó tarde"] * 4}))
        cxs.classify(probe, text=TEXT).collect()  # a Python worker has loaded the model
        startup = time.perf_counter() - started
        started = time.perf_counter()
        cxs.classify(spark.read.parquet(str(parts)), text=TEXT).write.parquet(str(output))
        seconds = time.perf_counter() - started
    finally:
        spark.stop()
    return {"startup_s": startup, "seconds": seconds}


def status_counts(output: Path) -> dict[str, int]:
    """Rows per ``cx_status`` in an engine's output (a file or a dataset folder)."""
    import pyarrow.dataset as ds

    table = ds.dataset(str(output), format="parquet").to_table(columns=["cx_status"])
    return {str(k): int(v) for k, v in table.column("cx_status").to_pandas().value_counts().sort_index().items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", default=",".join(ENGINES), help=f"comma-separated subset of {','.join(ENGINES)}")
    parser.add_argument("--workers", type=int, default=2, help="--jobs, Dask worker processes, Spark local[N]")
    parser.add_argument("--file-rows", type=int, default=10_000, help="rows per input file for Dask and Spark")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument("--child", choices=("dask", "spark"), help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        result = (child_dask if args.child == "dask" else child_spark)(args.input, args.output, args.workers)
        print(json.dumps(result))
        return 0
    engines = [e.strip() for e in args.only.split(",") if e.strip()]
    if unknown := sorted(set(engines) - set(ENGINES)):
        parser.error(f"--only: unknown engines {unknown}; expected some of {','.join(ENGINES)}.")
    # An engine whose extra is not installed is left out, saying so, instead of failing after the others ran.
    missing = {name: package for name, package in (("dask", "dask"), ("spark", "pyspark"))
               if name in engines and importlib.util.find_spec(package) is None}
    for name, package in missing.items():
        print(f"{name}: skipped ({package} is not installed: pip install \"cxnlp[{name}]\")", flush=True)
    engines = [name for name in engines if name not in missing]
    if not engines:
        print("nothing to measure: every engine asked for is skipped", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="cxnlp-distributed-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows = make_rows(args.rows, args.seed)
        blank = float((rows[TEXT].str.strip() == "").mean())
        single, parts = write_inputs(rows, work, args.file_rows)
        tiny = work / "tiny.parquet"
        rows.head(200).to_parquet(tiny, index=False)
        del rows
        print(f"{args.rows:,} rows ({blank:.0%} blank comments), {os.cpu_count()} CPUs, {args.workers} workers, "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
        results, counts = [], {}
        for name in engines:
            before = os.getloadavg()[0]
            if name in ("single", "jobs"):
                result = bench_cli(name, single, tiny, work, args.workers)
            else:
                result = bench_child(name, parts, work, args.workers)
            counts[name] = status_counts(Path(result.pop("output")))
            if sum(counts[name].values()) != args.rows:
                raise RuntimeError(f"{name} wrote {sum(counts[name].values())} rows, not {args.rows}.")
            result = {"engine": name, "workers": 1 if name == "single" else args.workers,
                      "rows_per_s": round(args.rows / result["seconds"]),
                      **{k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()},
                      "load_before": round(before, 2), "load_after": round(os.getloadavg()[0], 2)}
            results.append(result)
            print(json.dumps(result), flush=True)
        if len({json.dumps(c) for c in counts.values()}) > 1:
            raise RuntimeError(f"the engines disagree on the statuses: {counts}")
        print(f"statuses (every engine): {next(iter(counts.values()), {})}")
        print("\n| engine | workers | rows/s | start-up (s) | peak RSS per worker (MB) | load avg before/after |")
        print("|---|---|---|---|---|---|")
        for r in results:
            print(f"| {r['engine']} | {r['workers']} | {r['rows_per_s']:,} | {r['startup_s']} | {r['peak_rss_mb']} | "
                  f"{r['load_before']} / {r['load_after']} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"rows": args.rows, "blank_share": round(blank, 3), "cpus": os.cpu_count(),
                                         "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
