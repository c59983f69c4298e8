#!/usr/bin/env bash
# Build the wheel, install it into a fresh virtual environment outside the checkout, and use it
# there as a service or a pipeline would: nothing may come from the source tree.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# From a clean build/: setuptools keeps what an earlier build copied there, so a corpus file deleted or moved since
# (to training_data/held_back/, say) would still ship.
rm -rf "$repo/dist" "$repo/build"
"$python" -m pip wheel "$repo" --no-deps -q -w "$repo/dist"
wheel="$(ls "$repo"/dist/cxnlp-*.whl)"
echo "wheel: $(basename "$wheel") ($(du -h "$wheel" | cut -f1))"
if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then   # the shipped corpus is training_data's files in git
  "$python" - "$wheel" "$repo" <<'PY'
import subprocess, sys, zipfile
wheel, repo = sys.argv[1:]
prefix = "cxnlp/_shipped/corpus/"
shipped = sorted(name.removeprefix(prefix) for name in zipfile.ZipFile(wheel).namelist() if name.startswith(prefix))
tracked = sorted(path.removeprefix("training_data/") for path in subprocess.run(
    ["git", "-C", repo, "ls-files", ":(glob)training_data/*.csv", ":(glob)training_data/*.md"],
    capture_output=True, text=True, check=True).stdout.splitlines())
assert shipped == tracked, f"the wheel's corpus is not training_data's: {sorted(set(shipped) ^ set(tracked))}"
print(f"corpus: {len(shipped)} files, as in git")
PY
fi

"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install -q "$wheel"
cp "$repo/cxnlp/data/encuesta_ejemplo.csv" "$work/encuesta.csv"
cd "$work"   # outside the checkout: the package must find its model and corpus by itself

venv/bin/python - <<'PY'
import cxnlp, pathlib
import cxnlp.persist as persist
assert "site-packages" in str(persist.DEFAULT_MODEL_DIR), persist.DEFAULT_MODEL_DIR
model = cxnlp.load()
r = model.classify("El pedido llegó tarde y el repartidor fue grosero")
assert r.sentiment == "negative" and "delivery" in r.touchpoints, r
print("load + classify: ok", r.touchpoints)
PY
venv/bin/cxnlp docs labels > labels.md   # the pages that messages cite travel with the wheel
head -n 1 labels.md | grep -qx "# Labels, segments, statuses and formats"
echo "docs: ok"
venv/bin/cxnlp info > info.json
venv/bin/python -c "import json; m = json.load(open('info.json')); assert m['name'] == 'default', m; print('info: ok')"
venv/bin/cxnlp classify encuesta.csv --text Comentario -o clasificada.csv
venv/bin/python -c "import pandas as pd; d = pd.read_csv('clasificada.csv', sep=None, engine='python'); assert len(d) == 1200 and 'cx_touchpoints' in d, d.columns; print('classify: ok')"
venv/bin/cxnlp report encuesta.csv --text Comentario --nps "Recomendación (0-10)" -o out.csv --html informe.html
test -s informe.html && echo "report: ok"
printf 'text,touchpoints,areas,sentiment\n' > mine.csv
for i in $(seq 1 12); do printf '"Me encantan los puntos del programa de lealtad número %s",loyalty,cx,positive\n' "$i" >> mine.csv; done
venv/bin/cxnlp train --data mine.csv --base default --out mi-modelo
venv/bin/python -c "import cxnlp; m = cxnlp.load('mi-modelo'); assert 'loyalty' in m.labels['touchpoints']; print('train --base default: ok')"
