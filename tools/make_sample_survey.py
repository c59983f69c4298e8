"""Build ``cxnlp/data/encuesta_ejemplo.csv``: a sample survey export of "Mercadia", a fictional
retailer (online shop, app, stores, own delivery and installation, call centre) in six countries.

The comments are hand-written, one per line, in ``tools/sample_comments.txt`` with the sentiment
the writer meant; each is used exactly once. This script only decides *around* each comment:
scores that agree with its tone (detractors complain, promoters praise, passives are mixed),
a date that agrees with what it says (the app redesign launched on 16 September 2024; Black
Friday, Buen Fin and Christmas deliveries run late), the respondent's country (from the
comment's Spanish variant), the purchase channel, an order amount, and a response id. Responses
without a comment are added so the comment rate looks like a real survey's (about half).

The file is written the way a Spanish-locale Excel saves "CSV (delimitado por punto y coma)":
Windows-1252, ``;`` separator, CRLF line ends, decimal commas, day-first dates. Reproducible:
the same seed gives the same bytes.

Usage: python tools/make_sample_survey.py [--out cxnlp/data/encuesta_ejemplo.csv] [--seed 2024]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import string
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMENTS = ROOT / "tools" / "sample_comments.txt"
OUT = ROOT / "cxnlp" / "data" / "encuesta_ejemplo.csv"
N_RESPONSES = 1200
SEED = 2024
START, END = dt.date(2024, 7, 1), dt.date(2024, 12, 31)
APP_LAUNCH = dt.date(2024, 9, 16)
COLUMNS = ["ID respuesta", "Fecha", "País", "Canal de compra", "Importe (USD)", "Recomendación (0-10)",
           "Satisfacción (1-5)", "Facilidad (1-7)", "Comentario"]
COUNTRIES = {"MX": "México", "CO": "Colombia", "AR": "Argentina", "CL": "Chile", "PE": "Perú", "ES": "España"}
COUNTRY_WEIGHTS = {"MX": 32, "CO": 18, "AR": 14, "CL": 12, "PE": 10, "ES": 14}
CHANNELS = {"App": 35, "Web": 33, "Tienda": 24, "Teléfono": 8}
# Survey volume by month: the shop sells more around Black Friday and Christmas.
MONTH_WEIGHTS = {7: 13, 8: 12, 9: 14, 10: 15, 11: 22, 12: 24}
# P(NPS answer) by the comment's sentiment; "none" is for responses without a comment.
NPS_WEIGHTS = {
    "pos": [0, 0, 0, 0, 0, 0, 0, 2, 13, 35, 50],
    "neg": [12, 9, 12, 13, 13, 16, 14, 6, 4, 1, 0],
    "mix": [1, 1, 2, 4, 6, 12, 18, 24, 22, 8, 2],
    "neu": [0, 0, 1, 2, 3, 6, 10, 22, 28, 16, 12],
    "none": [1, 1, 1, 2, 2, 3, 6, 13, 20, 23, 28],
}
# Dates implied by what a comment says (first match wins).
EVENTS = [
    (r"\bReyes\b", dt.date(2024, 12, 20), dt.date(2024, 12, 31)),
    (r"navidad|Navidad|fiestas|diciembre", dt.date(2024, 12, 5), dt.date(2024, 12, 31)),
    (r"Black Friday", dt.date(2024, 12, 2), dt.date(2024, 12, 22)),
    (r"Buen Fin", dt.date(2024, 11, 18), dt.date(2024, 12, 10)),
    (r"CyberDay", dt.date(2024, 10, 8), dt.date(2024, 10, 25)),
    (r"Mercadia Days", dt.date(2024, 10, 21), dt.date(2024, 11, 15)),
    (r"verano", dt.date(2024, 7, 1), dt.date(2024, 8, 31)),
]
NEW_APP = re.compile(r"nueva|actualizaci|rediseñ|cambiaron la app|mejorad|mejoró|mejoraron|ahora|desde que|modo oscuro",
                     re.IGNORECASE)
NO_COMMENT = ["N/A", "-", "nada", "Ninguno", "Sin comentarios", ".", "no", "NA", "n/a", "ninguno", "--", "Nada"]


def read_comments(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split(" | ", 3)]
        if len(parts) != 4 or parts[0] not in ("pos", "neg", "mix", "neu"):
            raise SystemExit(f"{path}:{number}: expected 'sentiment | country | topics | comment', got {line!r}")
        sentiment, country, topics, text = parts
        text.encode("cp1252")  # the export is cp1252: fail here, not in the writer
        rows.append({"sentiment": sentiment, "country": country, "topics": topics.split(","), "text": text})
    texts = [r["text"] for r in rows]
    if len(set(texts)) != len(texts):
        raise SystemExit(f"{path}: duplicate comments")
    return rows


def draw_date(rng: random.Random, comment: dict | None) -> dt.date:
    """A response date consistent with the comment's content."""
    text = comment["text"] if comment else ""
    for pattern, lo, hi in EVENTS:
        if re.search(pattern, text):
            return lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))
    weights = dict(MONTH_WEIGHTS)
    lo, hi = START, END
    if comment:
        topics, sentiment = comment["topics"], comment["sentiment"]
        if "delivery" in topics and sentiment == "neg":  # the peak season overwhelms the couriers
            weights.update({11: 40, 12: 48})
        if "app" in topics:
            new = bool(NEW_APP.search(text)) or (sentiment == "pos" and rng.random() < 0.85)
            old = sentiment == "neg" and not NEW_APP.search(text) and rng.random() < 0.85
            if new and not old:
                lo = APP_LAUNCH
            elif old:
                hi = APP_LAUNCH - dt.timedelta(days=1)
    while True:
        month = rng.choices(list(weights), weights=list(weights.values()))[0]
        day = dt.date(2024, month, rng.randint(1, 30 if month in (9, 11) else 31))
        if lo <= day <= hi:
            return day


def draw_channel(rng: random.Random, topics: list[str]) -> str:
    for topic, channel in (("app", "App"), ("store", "Tienda"), ("website", "Web")):
        if topic in topics and rng.random() < 0.8:
            return channel
    return rng.choices(list(CHANNELS), weights=list(CHANNELS.values()))[0]


def draw_scores(rng: random.Random, sentiment: str, topics: list[str]) -> tuple[str, str, str]:
    nps = rng.choices(range(11), weights=NPS_WEIGHTS[sentiment])[0]
    csat_weights = ([55, 30, 10, 5, 0] if nps <= 3 else [15, 35, 35, 13, 2] if nps <= 6
                    else [2, 8, 30, 50, 10] if nps <= 8 else [0, 1, 5, 34, 60])
    csat = rng.choices(range(1, 6), weights=csat_weights)[0]
    # Effort: hard when a problem needed the call centre, a refund or a billing fix.
    hard = sentiment == "neg" and {"support", "returns", "billing"} & set(topics)
    ces = round(1.6 + 0.48 * nps + rng.gauss(0, 1.0) - (1.2 if hard else 0))
    ces = min(7, max(1, ces))
    roll = rng.random()
    ces_cell = "" if roll < 0.27 else "NS/NC" if roll < 0.285 else "99" if roll < 0.29 else str(ces)
    nps_cell = "" if rng.random() < 0.006 else str(nps)
    return nps_cell, str(csat), ces_cell


def response_id(rng: random.Random) -> str:
    return "R_" + "".join(rng.choices(string.ascii_letters + string.digits, k=15))


def amount(rng: random.Random, channel: str) -> str:
    value = rng.lognormvariate(4.9 if channel != "Tienda" else 5.2, 0.9)
    cents = rng.choice([0, 50, 90, 99]) if rng.random() < 0.7 else rng.randrange(100)
    return f"{int(value)},{cents:02d}"  # decimal comma, no thousands separator: as Excel writes CSV


def build(seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    comments = read_comments(COMMENTS)
    n_blank = N_RESPONSES - len(comments)
    if n_blank < 0:
        raise SystemExit(f"{len(comments)} comments do not fit in {N_RESPONSES} responses")
    people = [dict(c) for c in comments] + [None] * n_blank
    rows = []
    for comment in people:
        if comment is None:
            sentiment, topics, code = "none", [], "*"
            roll = rng.random()
            text = rng.choice(NO_COMMENT) if roll < 0.14 else (" " if roll < 0.16 else "")
        else:
            sentiment, topics, code, text = comment["sentiment"], comment["topics"], comment["country"], comment["text"]
        if code == "*":
            code = rng.choices(list(COUNTRY_WEIGHTS), weights=list(COUNTRY_WEIGHTS.values()))[0]
        day = draw_date(rng, comment)
        when = dt.datetime.combine(day, dt.time(rng.randint(7, 23), rng.randrange(60)))
        channel = draw_channel(rng, topics)
        nps, csat, ces = draw_scores(rng, sentiment, topics)
        rows.append([when, response_id(rng), COUNTRIES[code], channel, amount(rng, channel), nps, csat, ces, text])
    rows.sort(key=lambda r: (r[0], r[1]))
    return [[r[1], r[0].strftime("%d/%m/%Y %H:%M"), *r[2:]] for r in rows]


def write_survey(path: Path, seed: int) -> list[list[str]]:
    """Write the survey to ``path`` (cp1252, ';', CRLF) and return its rows."""
    rows = build(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="cp1252", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    rows = write_survey(args.out, args.seed)
    commented = sum(1 for r in rows if r[-1].strip() and r[-1] not in NO_COMMENT)
    print(f"wrote {args.out} ({len(rows)} responses, {commented} with a comment)")


if __name__ == "__main__":
    main()
