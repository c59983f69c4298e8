"""The package layout stays a readable data flow: no import cycles, no private names across modules."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_import_cycles_and_no_private_imports_across_modules():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "import_graph.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problems" in result.stdout


def test_the_checker_finds_a_cycle(tmp_path, monkeypatch):
    """The check can fail: two modules that import each other at the top are reported."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import import_graph
    finally:
        sys.path.pop(0)
    package = tmp_path / "cxnlp"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .b import thing\n")
    (package / "b.py").write_text("from .a import other\nfrom .c import _hidden\n")
    (package / "sub").mkdir()
    (package / "sub" / "__init__.py").write_text("")
    (package / "c.py").write_text("_hidden = 1\n")
    (package / "sub" / "d.py").write_text("from ..c import _hidden\n")
    monkeypatch.setattr(import_graph, "PACKAGE", package)
    monkeypatch.setattr(sys, "argv", ["import_graph.py", "--check"])
    assert import_graph.main() == 1
