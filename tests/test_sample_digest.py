"""The classified sample survey is pinned by a digest: refactoring must not change any output.

A change that is meant to change predictions (a retrained model, a new aggregation rule) updates
``tests/data/sample_survey.sha256`` in its own commit, with ``python tests/test_sample_digest.py``.
"""

import hashlib
import sys
from pathlib import Path

import cxnlp
from cxnlp.io import read_table

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "cxnlp" / "data" / "encuesta_ejemplo.csv"
DIGEST = Path(__file__).parent / "data" / "sample_survey.sha256"


def sample_digest(model) -> str:
    out = model.classify_frame(read_table(SAMPLE), text="Comentario")
    columns = [c for c in out.columns if c.startswith("cx_")]
    return hashlib.sha256(out[columns].to_csv(index=False, float_format="%.4f").encode("utf-8")).hexdigest()


def test_sample_survey_output_is_unchanged(model):
    assert sample_digest(model) == DIGEST.read_text().strip(), (
        "the classified sample survey changed; if that is intended (new model or rule), update the digest "
        "with `python tests/test_sample_digest.py` in the same commit")


if __name__ == "__main__":
    DIGEST.write_text(sample_digest(cxnlp.load()) + "\n")
    print(DIGEST.read_text().strip(), file=sys.stderr)
