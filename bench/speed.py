"""Speed and memory of cxnlp on this machine (SPEC 6, issues 3 and 15), as one table.

    python bench/speed.py                        # 100,000 short and 20,000 long comments
    python bench/speed.py --rows 1000000         # with the flat-memory check on a million rows
    python bench/speed.py --update-readme        # and rewrite the README's speed section with the table
    python bench/speed.py --json after.json --compare before.json   # before/after (before: an older checkout,
                                                                    # run with PYTHONPATH=<it> ... --json before.json)

Two surveys are built from the corpus in training_data/: short comments (one corpus comment, about
15 words) and long reviews (four comments joined with connectors, about 75 words). Rows of the table:

- stages, each timed alone in this process on the comments of the short survey (and the long one),
  in the order text flows: CSV reading, status and language, normalisation, segmentation, spaCy
  tokenising, lemmas and negation, marker words, word and character n-grams, TF-IDF, the industry
  recognised in each comment and its industry words (a model that recognises industries reads
  comments so by default), the classifiers, and the assembly of results (``classify_many`` less everything before it);
- end-to-end paths: ``classify_many`` in this process, ``cxnlp classify`` file to file in a fresh process
  (start-up included) with --jobs 1 and 2, single-comment latency, start-up, peak memory on rows that
  each hold a word never seen before, and ``cxnlp summarize`` of a classified file.

Columns: comments per second, microseconds per comment, and how many times the time of spaCy's blank
tokenizer alone on the same comments (the floor of any spaCy-based pipeline) it takes. Times are CPU
seconds of the process for the in-process stages (steadier on a shared machine than wall time) and
wall seconds for the fresh processes; the load average is printed with the table.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CXNLP = [sys.executable, "-m", "cxnlp"]
CONNECTORS = [". ", ", y además ", ". Por otro lado, ", "; pero ", ". También "]
README_START, README_END = "<!-- speed table: bench/speed.py --update-readme -->", "<!-- end of speed table -->"


# -- inputs --------------------------------------------------------------------------------------
def corpus_texts() -> list[str]:
    frames = [pd.read_csv(p, keep_default_na=False) for p in sorted((ROOT / "training_data").glob("*.csv"))]
    return [t for t in pd.concat(frames)["text"].tolist() if t.strip()]


def short_comments(texts: list[str], n: int, rng) -> list[str]:
    pool = [t for t in texts if 8 <= len(t.split()) <= 25]
    return rng.choice(np.array(pool, dtype=object), n).tolist()


def long_reviews(texts: list[str], n: int, rng) -> list[str]:
    pool = [t for t in texts if 12 <= len(t.split()) <= 30]
    out = []
    for _ in range(n):
        parts = rng.choice(np.array(pool, dtype=object), 4, replace=False)
        review = str(parts[0])
        for part in parts[1:]:
            review += str(rng.choice(CONNECTORS)) + part[0].lower() + part[1:]
        out.append(review)
    return out


def write_survey(comments: list[str], path: Path, rng, *, unseen: bool = False) -> None:
    """A survey export as Spanish Excel writes it (';', decimal commas); ``unseen`` adds to each comment
    an order code no other row has (the flat-memory check)."""
    rows = len(comments)
    if unseen:
        codes = rng.integers(10**9, 10**10, rows)
        comments = [f"{c} Pedido QX{code:x}Z" for c, code in zip(comments, codes)]
    frame = pd.DataFrame({
        "id": np.arange(1, rows + 1),
        "fecha": (pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 180, rows), unit="D")).strftime("%d/%m/%Y"),
        "nps": rng.integers(0, 11, rows),
        "importe": np.round(rng.uniform(5, 500, rows), 2),
        "comentario": comments,
    })
    frame.to_csv(path, index=False, sep=";", decimal=",")


# -- measuring -----------------------------------------------------------------------------------
def cpu_seconds(fn, *args, repeat: int = 2) -> float:
    """The least CPU time of ``repeat`` runs of ``fn(*args)``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn(*args)
        best = min(best, time.process_time() - start)
    return best


# Runs a command and prints the peak RSS of its processes. A small process of its own: a child's peak
# counts the pages it shares with its parent at fork, so children of this (large) process would all
# report at least this process's size.
_WRAPPER = ("import resource,subprocess,sys;subprocess.run(sys.argv[1:],check=True,stdout=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def _tree_pss_mb(pid: int) -> float:
    """The proportional set size (MB) of process ``pid`` and all its descendants: memory pages shared between
    them (a forked worker's copy of its parent's model) counted once in all, not once in each."""
    total, pending = 0.0, [pid]
    while pending:
        pid = pending.pop()
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as fh:
                pending.extend(int(child) for child in fh.read().split())
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:")) / 1024
        except (OSError, StopIteration, ValueError):
            pass
    return total


def fresh(cmd: list[str], *, sample_rss: bool = False, sample_pss: bool = False) -> dict:
    """Wall seconds and peak RSS (MB, of its largest process) of ``cmd`` run in a new process; with
    ``sample_rss``, also the peak RSS of the first and second halves of its run (is memory flat?); with
    ``sample_pss``, the peak memory of all its processes together (their PSS summed, Linux only)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        # (from a folder of its own: `python -m cxnlp` run in the checkout would import the checkout's cxnlp
        # whatever PYTHONPATH says, and a --compare run of an older checkout would time this one)
        proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, *map(str, cmd)], stdout=subprocess.PIPE, stderr=err,
                                cwd=tempfile.gettempdir())
        samples: list[tuple[float, float]] = []
        if sample_rss:
            def sample():
                while proc.poll() is None:
                    try:
                        with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as fh:
                            child = fh.read().split()[0]
                        with open(f"/proc/{child}/status") as fh:
                            kb = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
                        samples.append((time.perf_counter() - start, kb / 1024))
                    except (OSError, IndexError, StopIteration, ValueError):
                        pass
                    time.sleep(0.2)

            threading.Thread(target=sample, daemon=True).start()
        pss: list[float] = []
        if sample_pss and Path("/proc/self/smaps_rollup").exists():
            def sample_tree():
                while proc.poll() is None:
                    pss.append(_tree_pss_mb(proc.pid))
                    time.sleep(0.2)

            threading.Thread(target=sample_tree, daemon=True).start()
        out, _ = proc.communicate()
        seconds = time.perf_counter() - start
        if proc.returncode:
            err.seek(0)
            raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{err.read().decode()[-2000:]}")
    run = {"seconds": seconds, "peak_rss_mb": int(out.split()[-1]) / 1024}
    if pss:
        run["peak_pss_all_mb"] = max(pss)
    if sample_rss and samples:
        half = seconds / 2
        run["rss_first_half_mb"] = max((m for t, m in samples if t <= half), default=0.0)
        run["rss_second_half_mb"] = max((m for t, m in samples if t > half), default=0.0)
    return run


def stage_times(model, comments: list[str], survey: Path) -> dict[str, float]:
    """CPU seconds of each stage on ``comments`` (each stage alone, on the previous stage's output)."""
    from cxnlp.classify import split_units
    from cxnlp.io import iter_table
    from cxnlp.text import segment
    from cxnlp.text.cues import cue_tokens
    from cxnlp.text.features import SHOUT, shouting
    from cxnlp.text._rows import sum_groups as _sum_groups
    from cxnlp.text.lexicon import lexicon_tokens
    from cxnlp.text.normalize import normalize_text, strip_accents
    from cxnlp.text.status import coerce_text, status_of
    from cxnlp.text.tokenize import SpanishTokenizer, tokenize

    features = model.classifier.features_
    counters = getattr(features, "_counters", None)  # (absent before issue 15: time the vectorisers)
    word_counter, char_counter = counters() if counters else (None, None)
    count_words = word_counter.counts if word_counter else features.word_.transform
    count_chars = char_counter.counts if char_counter else features.char_.transform
    tokenizer = SpanishTokenizer()
    units, groups = split_units(comments)
    normalised = [strip_accents(normalize_text(u)) for u in units]
    analysed = [tokenizer.analyze(t) for t in normalised]
    words, chars = features.analyze(units)
    counts = [count_words(words), count_chars(chars)]
    X_comments, X_units = features.transform_grouped(units, groups)
    model.classify_many(comments[:200])  # warm the caches, as a long run has them

    times = {}
    times["CSV reading"] = cpu_seconds(lambda: [None for _ in iter_table(survey)])
    times["status and language"] = cpu_seconds(lambda: [status_of(coerce_text(c)) for c in comments])
    try:  # a batch at a time, as the model reads (older checkouts: one unit at a time)
        from cxnlp.text.normalize import normalize_many
    except ImportError:
        def normalize_many(texts):
            return [normalize_text(t) for t in texts]
    times["normalisation"] = cpu_seconds(lambda: [strip_accents(t) for t in normalize_many(units)])
    times["segmentation"] = cpu_seconds(lambda: [segment.split(c) for c in comments])
    times["spaCy tokenising (cached runs)"] = cpu_seconds(lambda: [tokenize(t) for t in normalised])
    tokenising = times["spaCy tokenising (cached runs)"]
    times["lemmas and negation"] = max(0.0, cpu_seconds(lambda: [tokenizer.analyze(t) for t in normalised]) - tokenising)
    times["lexicon and cue words"] = cpu_seconds(
        lambda: [(lexicon_tokens(w), cue_tokens(w), shouting(u) and SHOUT) for (w, _), u in zip(analysed, units)])
    times["word n-grams"] = cpu_seconds(count_words, words)
    times["character n-grams"] = cpu_seconds(count_chars, chars)
    times["TF-IDF weighting"] = cpu_seconds(features._weigh, counts)
    if getattr(model.classifier, "recognises_industries", False):  # the default reading: industry="auto"
        recognise = model.classifier._recogniser()

        def industry_words():
            chosen = recognise(X_comments)
            industry = features._industry_counts(words, [chosen[g] for g in groups])
            features._weighed_blocks([industry], first=2)
            features._weighed_blocks([_sum_groups(industry, groups)], first=2)

        times["industry recognised, and its words"] = cpu_seconds(industry_words)
    times["classifiers"] = cpu_seconds(lambda: (model.classifier._predict(X_comments), model.classifier._predict(X_units)))
    whole, inside = _classify_many_timed(model, comments)
    times["result assembly"] = whole - inside  # everything but status, segmentation, features and classifiers
    times["classify_many, in process"] = whole
    return times


def _classify_many_timed(model, comments: list[str], repeat: int = 2) -> tuple[float, float]:
    """CPU seconds of ``classify_many`` on ``comments`` and, within the same run, of its status,
    segmentation and ``predict_read`` calls (the rest is assembling results)."""
    import cxnlp.model as model_module

    spent = [0.0]

    def timed(fn):
        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[0] += time.process_time() - start
        return wrapper

    predicting = "predict_read" if hasattr(model.classifier, "predict_read") else "predict_grouped"  # (older checkouts)
    patched = [(model.classifier, predicting), (model_module, "status_of"), (model_module._segment, "split")]
    originals = [(obj, name, getattr(obj, name)) for obj, name in patched]
    best = (float("inf"), 0.0)
    try:
        for obj, name, fn in originals:
            setattr(obj, name, timed(fn))
        for _ in range(repeat):
            spent[0] = 0.0
            start = time.process_time()
            list(model.classify_many(comments))
            best = min(best, (time.process_time() - start, spent[0]))
    finally:
        for obj, name, fn in originals:
            if obj is model.classifier:
                delattr(obj, name)
            else:
                setattr(obj, name, fn)
    return best


def latency_ms(model, comments: list[str], samples: int) -> tuple[float, float]:
    rng = np.random.default_rng(1)
    sample = rng.choice(np.array(comments, dtype=object), samples)
    for text in sample[:50]:
        model.classify(text)
    times = []
    for text in sample:
        start = time.perf_counter()
        model.classify(text)
        times.append((time.perf_counter() - start) * 1000)
    return float(np.percentile(times, 50)), float(np.percentile(times, 99))


def startup(model_dir: str) -> tuple[float, float]:
    """Least of three fresh processes: ``import cxnlp``, and import + ``load()`` + first ``classify``."""
    code = ("import time;t=time.perf_counter();import cxnlp;t1=time.perf_counter();"
            f"m=cxnlp.load({model_dir!r});m.classify('El pedido llegó tarde y nadie contesta');"
            "print(t1-t, time.perf_counter()-t)")
    runs = [subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                           cwd=tempfile.gettempdir()).stdout.split() for _ in range(3)]
    return min(float(r[0]) for r in runs), min(float(r[1]) for r in runs)


# -- table ---------------------------------------------------------------------------------------
def table(rows: list[tuple]) -> str:
    """Markdown: measure, comments/s, µs/comment, times the tokenizer's time on the same comments, note."""
    lines = ["| measure | comments/s | µs/comment | × tokenizer | |", "|---|---:|---:|---:|---|"]
    for name, per_s, us, floor_us, note in rows:
        if us is None:
            lines.append(f"| {name} | | | | {note} |")
            continue
        lines.append(f"| {name} | {per_s:,.0f} | {us:,.1f} | {us / floor_us:.1f} | {note} |")
    return "\n".join(lines)


def compare(before: list, after: list) -> str:
    """Markdown: each measure before and after, in µs/comment and times the tokenizer floor of its own run,
    and the speed-up of the latter (floors cancel the load of the shared machine out)."""
    old = {row[0]: row for row in before if row[2] is not None}
    lines = ["| measure | before µs (× tok.) | after µs (× tok.) | speed-up |", "|---|---:|---:|---:|"]
    for name, _, us, floor_us, _ in after:
        if us is None or name not in old:
            continue
        _, _, us0, floor0, _ = old[name]
        lines.append(f"| {name} | {us0:,.1f} ({us0 / floor0:.1f}) | {us:,.1f} ({us / floor_us:.1f}) | "
                     f"{(us0 / floor0) / (us / floor_us):.2f}× |")
    return "\n".join(lines)


def update_readme(text: str) -> None:
    readme = ROOT / "README.md"
    content = readme.read_text(encoding="utf-8")
    if README_START not in content or README_END not in content:
        raise SystemExit(f"README.md has no '{README_START}' ... '{README_END}' block to replace")
    before, rest = content.split(README_START, 1)
    _, after = rest.split(README_END, 1)
    readme.write_text(f"{before}{README_START}\n{text}\n{README_END}{after}", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", type=int, default=100_000, help="rows of the short-comment survey")
    parser.add_argument("--long", type=int, default=20_000, help="rows of the long-review survey")
    parser.add_argument("--rows", type=int, default=200_000, help="rows of the never-seen-word survey (memory)")
    parser.add_argument("--summary-rows", type=int, default=1_000_000, help="rows of the classified file summarised")
    parser.add_argument("--stage-comments", type=int, default=5_000, help="comments each stage is timed on")
    parser.add_argument("--model", default=str(ROOT / "models" / "default"))
    parser.add_argument("--latency-samples", type=int, default=2000)
    parser.add_argument("--skip", nargs="*", default=[], choices=["files", "memory", "summary", "startup"],
                        help="parts to leave out")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--compare", type=Path, help="a --json file of an earlier run: print before/after")
    parser.add_argument("--update-readme", action="store_true", help="rewrite the README's speed table")
    args = parser.parse_args(argv)

    import spacy

    import cxnlp

    rng = np.random.default_rng(0)
    texts = corpus_texts()
    model = cxnlp.load(args.model)
    nlp = spacy.blank("es")
    figures: dict = {"cpus": os.cpu_count(), "load_average": os.getloadavg()}
    rows: list[tuple] = []
    floors: dict[str, float] = {}

    def add(name, seconds, n, kind, note=""):
        figures[name] = {"seconds": seconds, "comments": n}
        rows.append((name, n / seconds if seconds else float("inf"), seconds / n * 1e6, floors[kind], note))

    def heading(text):
        rows.append((text, None, None, None, ""))

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        kinds = {"short": short_comments(texts, args.short, rng), "long": long_reviews(texts, args.long, rng)}
        surveys = {}
        for kind, comments in kinds.items():
            surveys[kind] = tmp / f"{kind}.csv"
            write_survey(comments, surveys[kind], rng)
        for kind, comments in kinds.items():
            sample = comments[: args.stage_comments]
            floor = cpu_seconds(lambda: [None for _ in nlp.tokenizer.pipe(sample)], repeat=3)
            floors[kind] = floor / len(sample) * 1e6
            stage_survey = tmp / f"{kind}_stages.csv"
            write_survey(sample, stage_survey, rng)
            heading(f"**{kind} comments** (≈{np.mean([len(c.split()) for c in sample]):.0f} words), in process (CPU time)")
            add(f"spaCy's blank tokenizer alone ({kind})", floor, len(sample), kind, "the floor")
            for name, seconds in stage_times(model, sample, stage_survey).items():
                add(f"{name} ({kind})", seconds, len(sample), kind)

        if "files" not in args.skip:
            heading("**file to file**, fresh process, start-up included (wall time)")
            for kind, path in surveys.items():
                for jobs in (1, 2):
                    run = fresh([*CXNLP, "classify", str(path), "-o", str(tmp / f"out_{kind}{jobs}.csv"), "--model",
                                 args.model, "--jobs", str(jobs), "--no-progress"], sample_pss=jobs > 1)
                    together = f"; all processes {run['peak_pss_all_mb']:.0f} MB (PSS)" if "peak_pss_all_mb" in run else ""
                    add(f"cxnlp classify, {kind}, --jobs {jobs}", run["seconds"], len(kinds[kind]), kind,
                        f"peak RSS {run['peak_rss_mb']:.0f} MB{together}")
                    figures[f"classify_{kind}_jobs{jobs}"] = run

        if "memory" not in args.skip:
            unseen = tmp / "unseen.csv"
            write_survey(short_comments(texts, args.rows, rng), unseen, rng, unseen=True)
            run = fresh([*CXNLP, "classify", str(unseen), "-o", str(tmp / "out_unseen.csv"), "--model", args.model,
                         "--no-progress"], sample_rss=True)
            figures["memory_unseen_words"] = run
            add(f"cxnlp classify, {args.rows:,} short rows, each with a never-seen word", run["seconds"], args.rows,
                "short", f"RSS peak {run['peak_rss_mb']:.0f} MB; first half {run.get('rss_first_half_mb', 0):.0f} MB, "
                f"second half {run.get('rss_second_half_mb', 0):.0f} MB")

        if "summary" not in args.skip:
            classified = tmp / "classified.csv"
            source = tmp / "out_short1.csv" if (tmp / "out_short1.csv").exists() else None
            if source is None:
                # (files skipped: the short survey's first rows classified here, their nps column with them)
                survey = pd.read_csv(surveys["short"], sep=";", decimal=",", nrows=20_000)
                model_out = model.classify_frame(survey, text="comentario")
                model_out.to_csv(tmp / "source.csv", index=False, sep=";", decimal=",")
                source = tmp / "source.csv"
            lines = source.read_bytes().split(b"\n")
            header, body = lines[0], [line for line in lines[1:] if line]
            with open(classified, "wb") as fh:
                fh.write(header + b"\n")
                for start in range(0, args.summary_rows, len(body)):
                    fh.write(b"\n".join(body[: args.summary_rows - start]) + b"\n")
            run = fresh([*CXNLP, "summarize", str(classified), "--nps", "nps"])
            figures["summarize"] = run
            add(f"cxnlp summarize, {args.summary_rows:,} classified rows", run["seconds"], args.summary_rows,
                "short", f"peak RSS {run['peak_rss_mb']:.0f} MB")

    heading("**single comment and start-up**")
    p50, p99 = latency_ms(model, kinds["short"], args.latency_samples)
    figures["latency_ms"] = {"p50": p50, "p99": p99}
    heading(f"latency of one short comment, warm: p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    if "startup" not in args.skip:
        imported, first = startup(args.model)
        figures["startup_s"] = {"import": imported, "import_load_first_classify": first}
        heading(f"`import cxnlp` {imported:.2f} s; import + `load()` + first `classify` {first:.2f} s")
    size = sum(p.stat().st_size for p in Path(args.model).iterdir())
    heading(f"model on disk {size / 1e6:.1f} MB")

    text = table(rows) + (f"\n\n{os.cpu_count()} CPUs; load average {figures['load_average'][0]:.1f} when the run "
                          f"started, {os.getloadavg()[0]:.1f} when it ended. × tokenizer: times the CPU time of "
                          f"spaCy's blank tokenizer on the same comments ({floors['short']:.1f} µs a short comment, "
                          f"{floors['long']:.1f} µs a long one).")
    print(text)
    figures["rows"] = rows
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=float))
    if args.compare:
        print("\n" + compare(json.loads(args.compare.read_text())["rows"], rows))
    if args.update_readme:
        update_readme(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
