"""Convert the writers' raw files (``sentiment @@ touchpoints @@ areas @@ country @@ source @@ text``,
with ``# industry: NAME`` marker lines) into ``training_data/<industry>.csv``.

Exact duplicates (case, accents and punctuation ignored) are dropped, keeping the first.
Usage: python tools/import_raw_corpus.py RAW_FILE... --out training_data
"""

from __future__ import annotations

import argparse
import csv
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

FIELDS = ["id", "text", "sentiment", "touchpoints", "areas", "industry", "country", "source"]
PREFIX = {"ecommerce_retail": "ecom", "food_delivery": "food", "banking_fintech": "bank", "insurance": "insu",
          "telecom": "tele", "utilities": "util", "airlines_travel": "trav", "hotels_restaurants": "hosp",
          "software_apps": "soft", "education": "educ", "health": "heal", "public_services": "publ",
          "automotive": "auto", "retail_stores": "reta"}


def key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"\W+", " ", text).split())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("raw", nargs="+")
    parser.add_argument("--out", default="training_data")
    args = parser.parse_args()
    rows, seen, dropped = defaultdict(list), set(), 0
    for path in args.raw:
        industry = None
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                m = re.match(r"#\s*industry:\s*(\w+)", line)
                industry = m.group(1) if m else industry
                continue
            parts = [p.strip() for p in line.split(" @@ ", 5)]
            if len(parts) != 6 or industry is None:
                raise SystemExit(f"{path}: cannot read line: {line[:80]}")
            sentiment, touchpoints, areas, country, source, text = parts
            k = key(text)
            if k in seen or not k:
                dropped += 1
                continue
            seen.add(k)
            rows[industry].append({"text": text, "sentiment": sentiment, "touchpoints": touchpoints,
                                   "areas": areas, "industry": industry, "country": country, "source": source})
    out = Path(args.out)
    for industry, items in rows.items():
        with open(out / f"{industry}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=FIELDS)
            writer.writeheader()
            for i, row in enumerate(items, 1):
                writer.writerow({"id": f"{PREFIX.get(industry, industry[:4])}-{i:04d}", **row})
        print(f"{industry}: {len(items)} rows")
    print(f"dropped {dropped} duplicate or empty rows")


if __name__ == "__main__":
    main()
