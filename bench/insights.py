"""Figures for cxnlp.insights (docs/insights.md, section 5), on the synthetic surveys of tests/test_insights.py.

    python bench/insights.py                 # speed, interval coverage, false changes after BH
    python bench/insights.py --quick         # speed only

Speed: ``drivers`` on 50,000 respondents (12 themes, exact Shapley; touchpoints x sentiment,
relative weights; 500 resamples) and ``changes`` on 50,000 rows. Coverage: how often the 95%
bootstrap interval of a planted effect (-20 NPS points) and of a null one holds the truth, over
200 surveys of 2,000. False changes: surveys with no change, 30 themes x 3 measures, and how often
anything is significant before and after the Benjamini-Hochberg correction.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_insights import survey, two_quarters  # the tests' generators

from cxnlp.insights import changes, drivers


def speed() -> None:
    themes = tuple(f"t{k:02d}" for k in range(12))
    frame = survey(50_000, seed=0, effects={"t00": -20}, themes=themes, share=0.2)
    for by in ("touchpoints", "touchpoints×sentiment"):
        start = time.perf_counter()
        d = drivers(frame, "recomendacion", by=by, metric="nps")
        print(f"drivers, 50,000 rows, by={by}: {time.perf_counter() - start:.1f} s "
              f"({d.attrs['themes_in_model']} themes, {d.attrs['method']}, {d.attrs['n_boot']} resamples)")
    frame = two_quarters(50_000, seed=1, after={"delivery": -10})
    start = time.perf_counter()
    c = changes(frame, "quarter", nps="nps")
    print(f"changes, 50,000 rows: {time.perf_counter() - start:.2f} s ({c.attrs['tests']} tests)")


def coverage(surveys: int = 200) -> None:
    hit_effect = hit_null = 0
    for seed in range(surveys):
        d = drivers(survey(2000, seed=seed, effects={"delivery": -20}), "recomendacion", metric="nps",
                    n_boot=300).set_index("theme")
        hit_effect += d.loc["delivery", "effect_low"] <= -20 <= d.loc["delivery", "effect_high"]
        hit_null += d.loc["app", "effect_low"] <= 0 <= d.loc["app", "effect_high"]
    print(f"95% interval coverage, {surveys} surveys of 2,000, 300 resamples: effect -20 {100 * hit_effect / surveys:.1f}%, "
          f"effect 0 {100 * hit_null / surveys:.1f}%")


def false_changes(surveys: int = 400) -> None:
    themes = tuple(f"tema_{k:02d}" for k in range(30))
    raw = corrected = 0
    for seed in range(surveys):
        c = changes(two_quarters(4000, seed=seed, themes=themes), "quarter", nps="nps")
        raw += bool((c["p"] < 0.05).any())
        corrected += bool(c["significant"].any())
    print(f"no change, 30 themes x 3 measures, {surveys} surveys of 4,000: some p < 0.05 {100 * raw / surveys:.1f}%, "
          f"some change significant after BH {100 * corrected / surveys:.1f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="speed only")
    args = parser.parse_args()
    speed()
    if not args.quick:
        coverage()
        false_changes()


if __name__ == "__main__":
    main()
