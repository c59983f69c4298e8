"""How often ``cxnlp.changes`` calls an unchanged theme changed (p < 0.05), by period sizes: Welch's t, the
z-test with the variance pooled, and the z-test with the larger of the two standard errors that ``changes`` uses
(``changes._difference`` on the engine's sums). Prints the table of docs/insights.md, section 2.2:

    python bench/changes_calibration.py            # 5,000 simulated tables per cell, about a minute
"""
import sys

import numpy as np
from scipy.stats import t as student
from scipy.special import erfc
from cxnlp.metrics.engine import Sums
from cxnlp.insights.changes import _difference
rng = np.random.default_rng(5)
REPS = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
def draw(vals, probs, n, reps):
    return np.asarray(vals, float)[rng.choice(len(vals), size=(reps, n), p=probs)]
def sums(x):
    return Sums(np.full(x.shape[0], x.shape[1], float), x.sum(1), (x**2).sum(1), np.zeros((x.shape[0], 4)))
def three(A, B, n1, n2, ddof, reps):
    a, b = draw(*A, n1, reps), draw(*B, n2, reps)
    ours = _difference(sums(a), sums(b), 1, ddof)[0]["p"]
    m1, m2 = a.mean(1), b.mean(1)
    with np.errstate(all="ignore"):
        e1, e2 = a.var(1, ddof=1) / n1, b.var(1, ddof=1) / n2
        se = np.sqrt(e1 + e2); df = (e1 + e2) ** 2 / (e1 ** 2 / (n1 - 1) + e2 ** 2 / (n2 - 1))
        pw = np.where(se > 0, 2 * student.sf(np.abs((m2 - m1) / se), df), 1.0)
        sp = np.concatenate([a, b], 1).var(1, ddof=0) * (n1 + n2) / (n1 + n2 - ddof)
        sez = np.sqrt(sp * (1 / n1 + 1 / n2))
        pz = np.where(sez > 0, erfc(np.abs((m2 - m1) / sez) / np.sqrt(2)), 1.0)
    return [(p < .05).mean() * 100 for p in (pw, pz, ours)]
N = [100, 0, -100]
rows = {
 "NPS 87, unchanged (90/7/3)": ((N, [.9, .07, .03]), (N, [.9, .07, .03]), 0),
 "NPS 75, unchanged (80/15/5)": ((N, [.8, .15, .05]), (N, [.8, .15, .05]), 0),
 "CSAT top-2 95%, unchanged": (([100, 0], [.95, .05]), ([100, 0], [.95, .05]), 0),
 "CSAT mean 4.8, unchanged": (([5, 4, 3], [.82, .16, .02]), ([5, 4, 3], [.82, .16, .02]), 1),
 "NPS 40, spread changes (60/20/20 → 45/50/5)": ((N, [.6, .2, .2]), (N, [.45, .5, .05]), 0),
 "CES mean 4, spread changes (uniform 1–7 → 70% 4s)": ((list(range(1, 8)), [1 / 7] * 7), ([3, 4, 5], [.15, .7, .15]), 1),
}
sizes = [(30, 30), (30, 300), (30, 1000), (100, 1000), (300, 300)]
print("| no change | " + " | ".join(f"{a} v {b}" for a, b in sizes) + " |")
print("|---|" + "---|" * len(sizes))
for name, (A, B, ddof) in rows.items():
    cells = [three(A, B, n1, n2, ddof, REPS) for n1, n2 in sizes]
    print(f"| {name} | " + " | ".join(f"{w:.1f} / {z:.1f} / **{o:.1f}**" for w, z, o in cells) + " |")
