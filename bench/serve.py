"""Throughput and latency of ``cxnlp serve`` (issue 9): requests/s and latency p50/p99 for single-text
and 100-text requests with 1, 10 and 50 concurrent clients.

    python bench/serve.py                        # 2 workers, 8 s per scenario
    python bench/serve.py --workers 2 --seconds 20 --json serve.json

Starts ``cxnlp serve`` on a free port (needs ``pip install "cxnlp[serve]"``), warms every worker up,
then runs each scenario with one thread and one keep-alive connection per client. The texts are
real comments sampled from training_data/. The client runs on the same machine, so it takes CPU from
the server: the figures are a floor. The last column, the server's CPU time per comment (from /proc),
depends little on other load: ``cores / that`` is the most comments/s the server can reach.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sample_texts(n: int, seed: int = 0) -> list[str]:
    texts = pd.concat(pd.read_csv(p, keep_default_na=False)["text"] for p in sorted((ROOT / "training_data").glob("*.csv")))
    return random.Random(seed).sample(texts.tolist(), n)


def start_server(port: int, workers: int, model: str | None, log) -> subprocess.Popen:
    command = [sys.executable, "-m", "cxnlp", "serve", "--port", str(port), "--workers", str(workers)]
    if model:
        command += ["--model", model]
    env = {**os.environ, "CXNLP_API_KEY": ""}
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)


def server_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the server and its worker processes so far; NaN where /proc is missing.
    Unlike latency, it hardly depends on what else the machine is running."""
    tick = os.sysconf("SC_CLK_TCK")
    total, found = 0.0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick
            found = True
    return total if found else float("nan")


def worker_rss_mb(pid: int) -> list[float]:
    """Resident memory of each worker process (the children of ``pid``), in MB; with one worker, uvicorn serves
    from ``pid`` itself, which is then the worker."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(pid) and "VmRSS" in fields:
            sizes.append(round(int(fields["VmRSS"].split()[0]) / 1024, 0))
    sizes = sorted(size for size in sizes if size > 50)  # leaves out multiprocessing's resource tracker
    if not sizes:
        try:
            text = Path(f"/proc/{pid}/status").read_text()
            sizes = [round(int(text.split("VmRSS:", 1)[1].split()[0]) / 1024, 0)]
        except (OSError, IndexError, ValueError):
            pass
    return sizes


def wait_ready(port: int, proc: subprocess.Popen, log_path: Path, timeout: float = 300) -> None:
    """Ready once /readyz says so 20 times in a row, so that every worker has its model."""
    deadline, streak = time.monotonic() + timeout, 0
    while streak < 20:
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"cxnlp serve did not become ready:\n{log_path.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/readyz")
            streak = streak + 1 if conn.getresponse().status == 200 else 0
            conn.close()
        except OSError:
            streak = 0
        time.sleep(0.05 if streak else 0.5)


def scenario(port: int, texts: list[str], *, batch: int, clients: int, seconds: float, pid: int) -> dict:
    """``clients`` threads, each with its own keep-alive connection, sending ``batch``-text requests back
    to back for ``seconds``. The stdlib client costs a third of httpx's CPU per request, which matters
    when client and server share two cores."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[Exception] = []
    window: dict[str, float] = {}

    def start_clock() -> None:  # runs once every client has warmed up, before any is released
        window.update(cpu=server_cpu_seconds(pid), client_cpu=time.process_time(), began=time.perf_counter())
        window["end"] = window["began"] + seconds

    barrier = threading.Barrier(clients + 1, action=start_clock)

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        i = k * 7919

        def ask() -> float:
            nonlocal i, conn
            texts_now = [texts[(i + j) % len(texts)] for j in range(batch)]
            i += batch
            body = json.dumps({"text": texts_now[0]} if batch == 1 else {"texts": texts_now}).encode()
            start = time.perf_counter()
            try:
                conn.request("POST", "/v1/classify", body=body, headers={"Content-Type": "application/json"})
                response = conn.getresponse()
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                # uvicorn closes connections idle for 5 s (while others warm up): reconnect, as clients do.
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                start = time.perf_counter()
                conn.request("POST", "/v1/classify", body=body, headers={"Content-Type": "application/json"})
                response = conn.getresponse()
            payload = response.read()
            if response.status != 200:
                raise RuntimeError(f"{response.status}: {payload[:200]!r}")
            return time.perf_counter() - start

        try:
            ask()  # open and warm the connection
        except Exception as err:  # noqa: BLE001  (reported once every client has stopped)
            errors.append(err)
        barrier.wait()
        try:
            while time.perf_counter() < window["end"]:
                latencies[k].append(ask())
        except Exception as err:  # noqa: BLE001  (reported once every client has stopped)
            errors.append(err)
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} clients failed, the first with {errors[0]!r}")
    elapsed = time.perf_counter() - window["began"]
    cpu = server_cpu_seconds(pid) - window["cpu"]
    client_cpu = time.process_time() - window["client_cpu"]
    ms = np.concatenate([np.array(x) for x in latencies]) * 1000
    return {"batch": batch, "clients": clients, "requests": len(ms), "requests_per_s": round(len(ms) / elapsed, 1),
            "comments_per_s": round(len(ms) * batch / elapsed, 1), "p50_ms": round(float(np.percentile(ms, 50)), 1),
            "p99_ms": round(float(np.percentile(ms, 99)), 1),
            "server_cpu_ms_per_comment": round(1000 * cpu / (len(ms) * batch), 2),
            "client_cpu_ms_per_request": round(1000 * client_cpu / len(ms), 2)}


def http_layer(port: int, pid: int, n: int = 1000) -> dict:
    """The HTTP layer alone: GET /healthz on one connection (uvicorn, FastAPI, the gate, the access log)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(50):
        conn.request("GET", "/healthz")
        conn.getresponse().read()
    latencies, cpu = [], server_cpu_seconds(pid)
    for _ in range(n):
        start = time.perf_counter()
        conn.request("GET", "/healthz")
        conn.getresponse().read()
        latencies.append(time.perf_counter() - start)
    cpu = server_cpu_seconds(pid) - cpu
    conn.close()
    return {"server_cpu_ms_per_request": round(1000 * cpu / n, 2),
            "p50_ms": round(float(np.percentile(latencies, 50)) * 1000, 2)}


def http_stack() -> str:
    """uvicorn's version, and the fast parts it picks up by itself when installed (``uvicorn[standard]``)."""
    import importlib.util

    import uvicorn

    return " + ".join([f"uvicorn {uvicorn.__version__}"] + [name for name in ("httptools", "uvloop")
                                                             if importlib.util.find_spec(name)])


def in_process_cpu_ms(texts: list[str], model_dir: str | None) -> dict:
    """CPU ms per comment of the same work without HTTP: ``Model.classify`` one by one, ``classify_many`` by 100."""
    import cxnlp

    model = cxnlp.load(model_dir)
    list(model.classify_many(texts[:200]))
    single = texts[:300]
    start = time.process_time()
    for text in single:
        model.classify(text)
    one = (time.process_time() - start) / len(single)
    start = time.process_time()
    for i in range(0, 1000, 100):
        list(model.classify_many(texts[i:i + 100]))
    hundred = (time.process_time() - start) / 1000
    return {1: round(1000 * one, 2), 100: round(1000 * hundred, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=8.0, help="Measured time per scenario.")
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--batches", default="1,100")
    parser.add_argument("--model", default=None, help="Model directory (default: the shipped model).")
    parser.add_argument("--json", type=Path, default=None, help="Also write the figures here.")
    args = parser.parse_args()

    port = free_port()
    texts = sample_texts(2000)
    baseline = in_process_cpu_ms(texts, args.model)
    load_before = os.getloadavg()
    log_path = Path(tempfile.mkstemp(prefix="cxnlp-serve-", suffix=".log")[1])
    with open(log_path, "wb") as log:
        proc = start_server(port, args.workers, args.model, log)
    try:
        wait_ready(port, proc, log_path)
        floor = http_layer(port, proc.pid)
        rows = [scenario(port, texts, batch=b, clients=c, seconds=args.seconds, pid=proc.pid)
                for b in map(int, args.batches.split(",")) for c in map(int, args.clients.split(","))]
        rss = worker_rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    machine = {"cpus": os.cpu_count(), "workers": args.workers, "load_before": [round(x, 1) for x in load_before],
               "load_after": [round(x, 1) for x in os.getloadavg()], "seconds": args.seconds, "worker_rss_mb": rss}
    print(f"cxnlp serve, {args.workers} workers, {machine['cpus']} CPUs; load average before {machine['load_before']}, "
          f"after {machine['load_after']}; worker RSS {rss} MB")
    print(f"{http_stack()}; HTTP layer alone (GET /healthz, 1 client): "
          f"{floor['server_cpu_ms_per_request']:.2f} ms server CPU/request, p50 {floor['p50_ms']:.2f} ms")
    print(f"in process, no HTTP: CPU ms/comment {baseline[1]:.2f} one by one, {baseline[100]:.2f} in batches of 100")
    print("| texts/request | clients | requests/s | comments/s | p50 ms | p99 ms | server CPU ms/comment "
          "| client CPU ms/request |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['batch']} | {r['clients']} | {r['requests_per_s']:,.1f} | {r['comments_per_s']:,.0f} | "
              f"{r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['server_cpu_ms_per_comment']:.2f} "
              f"| {r['client_cpu_ms_per_request']:.2f} |")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "http_layer": floor, "in_process_cpu_ms": baseline, "scenarios": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
