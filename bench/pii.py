"""PII redaction: quality on the labelled set and cost next to classification.

    python bench/pii.py                  # 20,000 comments from the bundled sample survey
    python bench/pii.py --rows 50000 --no-classify

Prints, for ``tests/data/pii_comments.csv``, recall per kind and precision overall (a span counts
when its offsets and kind are exactly the expected ones), then throughput on the same comments:
``redact_many`` alone, ``Model.classify_many`` alone, and redaction followed by classification,
with redaction's cost as a share of classification time. Times are CPU seconds of this process
(``time.process_time``, best of 3 runs), so other work on the machine moves them little; wall
seconds are shown too.
With ``--realdev`` it also counts the spans found in /work/shared/realdev (counts only, no text).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cxnlp.pii import PLACEHOLDERS, find_pii, redact_many  # noqa: E402

KIND_OF = {placeholder: kind for kind, placeholder in PLACEHOLDERS.items()}
_RE_PLACEHOLDER = re.compile("|".join(map(re.escape, KIND_OF)))


def expected_spans(text: str, expected: str) -> set[tuple[int, int, str]]:
    kinds = [KIND_OF[m.group()] for m in _RE_PLACEHOLDER.finditer(expected)]
    match = re.fullmatch("(.+?)".join(map(re.escape, _RE_PLACEHOLDER.split(expected))), text, re.DOTALL)
    return {(match.start(i + 1), match.end(i + 1), kind) for i, kind in enumerate(kinds)}


def quality(path: Path) -> dict:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    want, hit, found, right = Counter(), Counter(), Counter(), Counter()
    for row in rows:
        expected = expected_spans(row["text"], row["expected"])
        got = {(s.start, s.end, s.kind) for s in find_pii(row["text"])}
        for span in expected:
            want[span[2]] += 1
            hit[span[2]] += span in got
        for span in got:
            found[span[2]] += 1
            right[span[2]] += span in expected
    per_kind = {kind: {"expected": want[kind], "recall": round(hit[kind] / want[kind], 3) if want[kind] else None,
                       "found": found[kind], "precision": round(right[kind] / found[kind], 3) if found[kind] else None}
                for kind in PLACEHOLDERS}
    return {"rows": len(rows), "rows_with_pii": sum(r["text"] != r["expected"] for r in rows), "per_kind": per_kind,
            "recall": round(sum(hit.values()) / sum(want.values()), 3),
            "precision": round(sum(right.values()) / sum(found.values()), 3),
            "rows_exact": sum(redact_many([r["text"]])[0].text == r["expected"] for r in rows)}


def survey_texts(rows: int) -> list[str]:
    import pandas as pd

    frame = pd.read_csv(ROOT / "cxnlp" / "data" / "encuesta_ejemplo.csv", sep=";", encoding="cp1252",
                        keep_default_na=False)
    texts = frame["Comentario"].tolist()
    return (texts * (rows // len(texts) + 1))[:rows]


def timed(function, repeat: int = 3) -> tuple[float, float]:
    """Best wall and CPU seconds of ``repeat`` runs: the least disturbed by other work on the machine."""
    runs = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(r[0] for r in runs), min(r[1] for r in runs)


def throughput(texts: list[str], classify: bool) -> dict:
    figures: dict = {"comments": len(texts), "with_digit_or_at": sum(bool(re.search(r"[\d@]", t)) for t in texts)}
    redact_many(texts[:200])  # imports and caches
    wall, cpu = timed(lambda: redact_many(texts))
    figures["redact"] = {"comments_per_s_cpu": round(len(texts) / cpu), "comments_per_s_wall": round(len(texts) / wall)}
    if classify:
        import cxnlp

        model = cxnlp.load()
        list(model.classify_many(texts[:200]))
        wall_c, cpu_c = timed(lambda: list(model.classify_many(texts)))
        wall_rc, cpu_rc = timed(lambda: list(model.classify_many(r.text for r in redact_many(texts))))
        figures["classify"] = {"comments_per_s_cpu": round(len(texts) / cpu_c),
                               "comments_per_s_wall": round(len(texts) / wall_c)}
        figures["redact_then_classify"] = {"comments_per_s_cpu": round(len(texts) / cpu_rc),
                                           "comments_per_s_wall": round(len(texts) / wall_rc)}
        figures["redact_cost_pct_of_classify_cpu"] = round(100 * cpu / cpu_c, 1)
        figures["slowdown_pct_redact_then_classify_cpu"] = round(100 * (cpu_rc - cpu_c) / cpu_c, 1)
    return figures


def realdev() -> dict:
    import pandas as pd

    counts, texts = Counter(), 0
    for path in sorted(Path("/work/shared/realdev").glob("*.csv")):
        frame = pd.read_csv(path, keep_default_na=False)
        column = next(c for c in frame.columns if c in ("text", "review_body", "review", "sentence", "comment"))
        for text in frame[column].astype(str):
            texts += 1
            counts.update(span.kind for span in find_pii(text))
    return {"texts": texts, "spans_found": dict(counts)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--no-classify", action="store_true", help="time redaction only")
    parser.add_argument("--realdev", action="store_true", help="count spans found in /work/shared/realdev")
    args = parser.parse_args(argv)
    figures = {"quality": quality(ROOT / "tests" / "data" / "pii_comments.csv"),
               "survey": throughput(survey_texts(args.rows), classify=not args.no_classify)}
    with (ROOT / "tests" / "data" / "pii_comments.csv").open(encoding="utf-8", newline="") as handle:
        pii_texts = [row["text"] for row in csv.DictReader(handle)]
    # every comment of the PII set, repeated: the worst case, where each comment has digits or a cue
    figures["pii_set_repeated"] = throughput((pii_texts * (args.rows // len(pii_texts) + 1))[:args.rows],
                                             classify=False)
    if args.realdev:
        figures["realdev"] = realdev()
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
