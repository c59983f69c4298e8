"""Breadth, balance and quality statistics of the training corpus (issue 2), as Markdown.

    python tools/corpus_stats.py [training_data]

Also reports label agreement between the two independent labelling passes kept in
training_data/quality/ (Cohen's kappa for sentiment, per-label F1 for touchpoints and areas).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import cohen_kappa_score, f1_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cxnlp  # noqa: E402
from cxnlp.schema import AREAS, TOUCHPOINTS  # noqa: E402

VARIANTS = {"MX": "Mexico", "ES": "Spain", "AR": "Argentina/Uruguay", "UY": "Argentina/Uruguay",
            "CO": "Colombia", "CL": "Chile", "PE": "Peru", "PR": "Caribbean", "DO": "Caribbean",
            "CU": "Caribbean", "VE": "Caribbean", "EC": "Ecuador", "US": "US Hispanic"}
# Word pairs where both spellings are correct Spanish, so a missing tilde cannot be told apart.
_BOTH_VALID = set("""el tu mi si se de te mas aun solo este esta estas estos ese esa esos esas aquel que como
donde cuando cual quien cuanto porque por publico practico continuo llego pago cambio envio espero
entrego compro cobro llamo termino valido critico animo numero ultimo deposito transito medico
tecnico""".split())
_ABBREVIATIONS = re.compile(r"\b(q|xq|pq|tmb|tb|xfa|x fa|dnd|k|bn|mxo|grax|dsps|porfa|pa|x|ke|tqm|npi|msj|xd)\b", re.I)
_REPEATS = re.compile(r"([^\W\d_])\1{2,}|[!?]{2,}")
_SARCASM = re.compile(r"[🙃🙄👏😒]|jaja|gracias por nada|qu[eé] maravilla|felicidades", re.I)
_COMPARISON = re.compile(r"\b(mejor que|peor que|que en|como en|la competencia|otras? (empresas?|compa[ñn][ií]as?|bancos?|tiendas?))\b", re.I)
_CAPS = re.compile(r"[A-ZÁÉÍÓÚÑ]{4,}(?:\s+[A-ZÁÉÍÓÚÑ]{2,})+")
_NEGATION = re.compile(r"\b(no|nunca|jam[aá]s|ning[uú]n|ninguna|nadie|nada|tampoco|sin)\b", re.I)


def strip(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def pct(n: int, total: int) -> str:
    return f"{n:,} ({100 * n / total:.1f}%)"


def near_duplicates(texts: list[str], threshold: float = 0.8) -> int:
    """Rows with another row at character 5-gram Jaccard >= threshold (accents and case ignored)."""
    norm = [" ".join(re.sub(r"\W+", " ", strip(t.lower())).split()) for t in texts]
    X = CountVectorizer(analyzer="char", ngram_range=(5, 5), binary=True).fit_transform(norm).astype(np.float32)
    sizes = np.asarray(X.sum(axis=1)).ravel()
    flagged = np.zeros(len(texts), dtype=bool)
    for start in range(0, len(texts), 1000):
        inter = (X[start:start + 1000] @ X.T).toarray()
        union = sizes[start:start + 1000, None] + sizes[None, :] - inter
        jac = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        for i in range(jac.shape[0]):
            jac[i, start + i] = 0
        flagged[start:start + 1000] |= (jac >= threshold).any(axis=1) & (sizes[start:start + 1000] >= 16)
    return int(flagged.sum())


def missing_accents(texts: list[str]) -> int:
    """Rows with a word written without the tilde it carries elsewhere in the corpus."""
    accented = {strip(w) for t in texts for w in re.findall(r"\w+", t.lower()) if strip(w) != w} - _BOTH_VALID
    return sum(any(w in accented for w in re.findall(r"\w+", t.lower())) for t in texts)


#: (first pass, second pass, key column, what the sample is)
PASSES = [
    ("sample_first_pass.csv", "second_pass.csv", "n", "corpus v1 (passes 1-7)"),
    ("v2_sample_first_pass.csv", "v2_second_pass.csv", "id", "corpus v2 (65 rows from each v2 file)"),
    ("v4_sample_first_pass.csv", "v4_second_pass.csv", "id", "corpus v4 (50 rows from each v4 file)"),
    ("v5_sample_first_pass.csv", "v5_second_pass.csv", "id", "corpus v5 (50 rows from each v5 file)"),
    ("v6_sample_first_pass.csv", "v6_second_pass.csv", "id",
     "the v6 files held back in `held_back/` (100 rows from each)"),
    ("v7_sample_first_pass.csv", "v7_second_pass.csv", "id",
     "the v7 files held back in `held_back/` (100 rows from each)"),
    ("v8_sample_first_pass.csv", "v8_second_pass.csv", "id", "corpus v8 (50 rows from each v8 file)"),
    ("v9_sample_first_pass.csv", "v9_second_pass.csv", "id",
     "the v9 files held back in `held_back/` (50 rows from each)"),
    ("v10_sample_first_pass.csv", "v10_second_pass.csv", "id",
     "the v10 files held back in `held_back/` (100 rows from each)"),
    ("v11_sample_first_pass.csv", "v11_second_pass.csv", "id", "the v11 file held back in `held_back/` (100 rows)"),
]


def agreement(quality: Path) -> list[str]:
    out = []
    for first, second, key, what in PASSES:
        if not ((quality / first).is_file() and (quality / second).is_file()):
            out += [f"(no second labelling pass found for {what})", ""]
            continue
        a, b = pd.read_csv(quality / first, keep_default_na=False), pd.read_csv(quality / second, keep_default_na=False)
        out += [f"**{what}**: {len(a.merge(b, on=key))} rows drawn at random, labelled a second time without "
                f"seeing the first labels.", ""] + _agreement(a.merge(b, on=key, suffixes=("_1", "_2"))) + [""]
    return out


def _agreement(merged: pd.DataFrame) -> list[str]:
    out = [f"- sentiment: Cohen's kappa **{cohen_kappa_score(merged.sentiment_1, merged.sentiment_2):.3f}**, "
           f"raw agreement {np.mean(merged.sentiment_1 == merged.sentiment_2):.1%}"]
    for axis, labels in (("touchpoints", TOUCHPOINTS), ("areas", AREAS)):
        Y1 = np.array([[l in str(v).split("|") for l in labels] for v in merged[f"{axis}_1"]])
        Y2 = np.array([[l in str(v).split("|") for l in labels] for v in merged[f"{axis}_2"]])
        per = f1_score(Y1, Y2, average=None, zero_division=0)
        present = Y1.any(axis=0) | Y2.any(axis=0)
        out.append(f"- {axis}: macro F1 between passes **{per[present].mean():.3f}** (labels present in the sample), "
                   f"micro {f1_score(Y1, Y2, average='micro'):.3f}; "
                   + ", ".join(f"{l} {f:.2f}" for l, f, p in zip(labels, per, present) if p))
    return out


SIGNAL_PASSES = ("signals_sample_first_pass.csv", "signals_second_pass.csv")


def signal_agreement(quality: Path) -> list[str]:
    """Agreement of the blind second pass on effort, emotions, churn risk and escalation."""
    first, second = (quality / name for name in SIGNAL_PASSES)
    if not (first.is_file() and second.is_file()):
        return ["(no second labelling pass found for the signals)", ""]
    a = pd.read_csv(first, dtype=str, keep_default_na=False)
    b = pd.read_csv(second, dtype=str, keep_default_na=False)
    merged = a.merge(b, on="id", suffixes=("_1", "_2"))
    random = merged[merged["drawn"] == "random"]
    out = [f"**signals**: {len(merged)} rows ({len(random)} drawn at random from the corpus, "
           f"{len(merged) - len(random)} more drawn among rows whose first pass had a rare value), labelled "
           f"a second time without seeing the first labels. Kappa on the random rows; F1 of the rare value "
           f"between passes on all rows.", ""]
    out.append(f"- effort: Cohen's kappa **{cohen_kappa_score(random.effort_1, random.effort_2):.3f}**, raw "
               f"agreement {np.mean(random.effort_1 == random.effort_2):.1%}; F1 between passes: " + ", ".join(
                   f"{v} {f1_score(merged.effort_1 == v, merged.effort_2 == v, zero_division=0):.2f}"
                   for v in ("high", "low", "none")))
    for flag in ("churn_risk", "escalation"):
        y1, y2 = merged[f"{flag}_1"] == "yes", merged[f"{flag}_2"] == "yes"
        r1, r2 = random[f"{flag}_1"] == "yes", random[f"{flag}_2"] == "yes"
        out.append(f"- {flag}: kappa **{cohen_kappa_score(r1, r2):.3f}** (random rows, {int(r1.sum())} yes in the "
                   f"first pass), F1 of yes **{f1_score(y1, y2, zero_division=0):.3f}** ({int(y1.sum())} vs "
                   f"{int(y2.sum())} yes)")
    emotions = ("anger", "frustration", "disappointment", "worry", "confusion", "gratitude", "delight")
    E1 = np.array([[e in v.split("|") for e in emotions] for v in merged.emotions_1])
    E2 = np.array([[e in v.split("|") for e in emotions] for v in merged.emotions_2])
    per = f1_score(E1, E2, average=None, zero_division=0)
    kappas = [cohen_kappa_score(E1[:, j], E2[:, j]) for j in range(len(emotions))]
    out.append(f"- emotions: macro F1 between passes **{per.mean():.3f}**, micro {f1_score(E1, E2, average='micro'):.3f}; "
               + ", ".join(f"{e} F1 {f:.2f} / kappa {k:.2f} ({int(E1[:, j].sum())} vs {int(E2[:, j].sum())})"
                           for j, (e, f, k) in enumerate(zip(emotions, per, kappas))))
    return out + [""]


def main(folder: str = "training_data") -> None:
    data = cxnlp.read_training_data(ROOT / folder, strict=True)
    n = len(data)
    texts = data["text"].tolist()
    words = data["text"].str.split().str.len()
    lines = [f"Rows: **{n:,}** in {data['source_file'].nunique()} files; every row labelled on all three axes: "
             f"{bool(data[['sentiment', 'touchpoints', 'areas']].notna().all().all())}.", ""]
    lines += ["| industry | rows |", "|---|---|"]
    lines += [f"| {k} | {pct(v, n)} |" for k, v in data["industry"].value_counts().items()]
    variants = data["country"].map(VARIANTS).value_counts()
    files = data["source_file"].map(lambda f: Path(f).name)
    v2 = files.str.startswith("v2_")
    lines += ["", f"Corpus v2 (files `v2_*.csv`, written for real-text phenomena): {pct(int(v2.sum()), n)}", "",
              "| file | rows | over 60 words | 3+ touchpoints |", "|---|---|---|---|"]
    for name in sorted(files[v2].unique()):
        rows = data[files == name]
        long = int((rows["text"].str.split().str.len() > 60).sum())
        three = int(sum(len(t) >= 3 for t in rows["touchpoints"]))
        lines.append(f"| {name} | {len(rows):,} | {pct(long, len(rows))} | {pct(three, len(rows))} |")
    lines += ["", "| Spanish variant | rows |", "|---|---|"] + [f"| {k} | {pct(v, n)} |" for k, v in variants.items()]
    lines += ["", "| sentiment | rows |", "|---|---|"]
    lines += [f"| {k} | {pct(v, n)} |" for k, v in data["sentiment"].value_counts().items()]
    tp = Counter(t for v in data["touchpoints"] for t in v)
    ar = Counter(a for v in data["areas"] for a in v)
    lines += ["", "| touchpoint | rows |", "|---|---|"] + [f"| {t} | {tp[t]:,} |" for t in TOUCHPOINTS]
    lines += ["", "| area | rows |", "|---|---|"] + [f"| {a} | {ar[a]:,} |" for a in AREAS]
    if "effort" in data:
        labelled = data["effort"].notna()
        lines += ["", f"Signals (rows labelled on them: {pct(int(labelled.sum()), n)})", "",
                  "| signal | value | rows |", "|---|---|---|"]
        lines += [f"| effort | {k} | {v:,} |" for k, v in data["effort"].value_counts().items()]
        emotions = Counter(e for v in data["emotions"] if isinstance(v, tuple) for e in v)
        lines += [f"| emotions | {k} | {v:,} |" for k, v in emotions.most_common()]
        lines += [f"| emotions | (none) | {sum(v == () for v in data['emotions']):,} |"]
        for flag in ("churn_risk", "escalation"):
            lines.append(f"| {flag} | yes | {int((data[flag] == 'yes').sum()):,} |")
    multi = sum(len(t) > 1 or len(a) > 1 for t, a in zip(data["touchpoints"], data["areas"]))
    lines += ["", "| register / phenomenon | rows |", "|---|---|",
              f"| one to three words | {pct(int((words <= 3).sum()), n)} |",
              f"| over 60 words | {pct(int((words > 60).sum()), n)} |",
              f"| missing accents | {pct(missing_accents(texts), n)} |",
              f"| typos / abbreviations (q, xq, tmb...) | {pct(sum(bool(_ABBREVIATIONS.search(t)) for t in texts), n)} |",
              f"| repeated letters or !!/?? | {pct(sum(bool(_REPEATS.search(t)) for t in texts), n)} |",
              f"| ALL CAPS passages | {pct(sum(bool(_CAPS.search(t)) for t in texts), n)} |",
              f"| emojis | {pct(sum(any(ord(c) > 0x2600 for c in t) for t in texts), n)} |",
              f"| multi-aspect (2+ touchpoints or areas) | {pct(multi, n)} |",
              f"| mixed sentiment | {pct(int((data['sentiment'] == 'mixed').sum()), n)} |",
              f"| negation | {pct(sum(bool(_NEGATION.search(t)) for t in texts), n)} |",
              f"| questions | {pct(sum('?' in t for t in texts), n)} |",
              f"| sarcasm markers | {pct(sum(bool(_SARCASM.search(t)) for t in texts), n)} |",
              f"| comparisons | {pct(sum(bool(_COMPARISON.search(t)) for t in texts), n)} |",
              "", f"Near-duplicates (character 5-gram Jaccard >= 0.8 with another row): {pct(near_duplicates(texts), n)}; "
              f"exact duplicates: 0 (rejected by `cxnlp.read_training_data`).", "", "### Label agreement", ""]
    lines += agreement(ROOT / folder / "quality")
    lines += signal_agreement(ROOT / folder / "quality")
    print("\n".join(lines))


if __name__ == "__main__":
    main(*sys.argv[1:])
