"""What the source distribution and the wheel are built from (MANIFEST.in, pyproject.toml), checked without building
them but for one slow test: `.ci/run` builds both and uses them outside the checkout."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import cxnlp

ROOT = Path(__file__).resolve().parent.parent


def _grafted() -> set[str]:
    lines = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
    return {line.split(None, 1)[1].strip().rstrip("/") for line in lines if line.startswith("graft ")}


def test_sdist_carries_the_docs_and_the_corpus_provenance():
    """The sdist lacked docs/ (every README link to docs/*.md was dead in it) and training_data/quality/ (the
    label-agreement study training_data/README.md cites), so a wheel rebuilt from it had no documented origin."""
    grafted = _grafted()
    for folder in ("docs", "training_data/quality", "training_data/held_back", "tests", "bench", "tools", "notebooks"):
        assert folder in grafted, folder


def test_version_is_the_package_metadata_version():
    """``cxnlp --version`` prints ``cxnlp.__version__``; pyproject.toml sets the installed metadata's version."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^version = "([^"]+)"$', pyproject, re.M).group(1) == cxnlp.__version__


def test_serve_extra_asks_for_the_pydantic_the_service_is_written_for():
    """cxnlp/_serve_schema.py imports pydantic 2's API (ConfigDict, field_validator, AfterValidator); the serve
    extra asked only for fastapi>=0.110, which accepts pydantic 1, so `pip install "cxnlp[serve]"` beside pydantic 1
    passed `pip check` and `cxnlp serve` failed with "cannot import name 'AfterValidator' from 'pydantic'". Its
    lists name their first wrong item with Field(fail_fast=True), which pydantic before 2.8 ignores (with a
    warning), so that a body of a million wrong items lists a million errors again."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    for extra in ("serve", "test"):
        assert "pydantic>=2.8,<3" in extras[extra], extra


def test_the_wheel_lists_every_folder_and_data_file_of_the_package():
    """pyproject.toml names the wheel's packages and data files one by one (include-package-data is off): a new
    subpackage or template missing from its tables would work from the checkout and be absent from the wheel."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    package = ROOT / "cxnlp"
    for path in package.rglob("*"):
        inside = path.relative_to(package).parts
        if not path.is_file() or "__pycache__" in inside or any(part.startswith(".") for part in inside):
            continue  # caches and hidden files (an editor's, a .DS_Store) are no part of the package
        name = ".".join(("cxnlp", *path.parent.relative_to(package).parts))
        assert name in setuptools["packages"], path
        if path.suffix != ".py":
            patterns = setuptools["package-data"].get(name, [])
            assert any(path.match(pattern) for pattern in patterns), path


def test_the_test_extra_asks_only_for_what_the_tests_use():
    """nbmake sat in the test extra, installed by `.ci/run` and by every developer, though no test or script used it
    (tests/test_notebooks.py runs the notebooks with nbclient). Each package of the extra is imported by a test or
    by the code they test, except the kernel nbclient starts and pytest-xdist, a plugin the README's test command
    runs (`-n auto`) whose hook tests/conftest.py implements (this test failed on it, imported by no file)."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    files = [*(ROOT / "tests").glob("*.py"), *(ROOT / "cxnlp").rglob("*.py")]
    sources = "\n".join(path.read_text(encoding="utf-8") for path in files)
    started_not_imported = {"ipykernel"}  # the "python3" kernel of tests/test_notebooks.py
    assert "def pytest_xdist_auto_num_workers(" in sources  # pytest-xdist: used by its hook, not imported
    started_not_imported.add("pytest_xdist")
    for requirement in extras["test"]:
        package = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).replace("-", "_")
        if package not in started_not_imported:
            assert re.search(rf"(import|from|importorskip\(\")\s*{package}\b", sources), requirement


def test_ci_stops_when_an_install_fails():
    """`.ci/run` runs under `set -e`, which does not stop at a failed command before `&&`: a failed
    `pip install -e ".[spark]" && pytest tests/test_spark.py` went on with the Spark tests left out and CI green.
    (The sdist carries no `.ci/`: CI runs from the repository.)"""
    ci = ROOT / ".ci" / "run"
    if not ci.exists():
        import pytest

        pytest.skip("no .ci/run here (the sdist does not carry it)")
    lines = [line for line in ci.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    assert [line for line in lines if re.search(r"pip install[^|&]*&&", line)] == []


def test_the_readme_gives_the_python_version_pyproject_requires():
    required = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    said = re.search(r"cxnlp needs Python (\d+\.\d+) or later", readme)
    assert said and required == f">={said.group(1)}", (required, said)


def test_the_metadata_has_classifiers_that_match_the_package():
    """The wheel's metadata had no classifier: PyPI's filters (by Python version, by language, ``Typing :: Typed``)
    never listed cxnlp, though it ships ``py.typed`` and needs Python 3.11 or later."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    classifiers = project["project"].get("classifiers", [])
    assert classifiers == sorted(set(classifiers)), classifiers
    assert ("Typing :: Typed" in classifiers) == ("py.typed" in project["tool"]["setuptools"]["package-data"]["cxnlp"])
    assert (ROOT / "cxnlp" / "py.typed").is_file()
    assert "Natural Language :: Spanish" in classifiers
    oldest = tuple(int(part) for part in project["project"]["requires-python"].removeprefix(">=").split("."))
    versions = [tuple(int(part) for part in c.rsplit(" :: ", 1)[1].split("."))
                for c in classifiers if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]
    assert versions and min(versions) == oldest, versions


def test_the_oldest_pandas_and_pyarrow_allowed_keep_parquet_data_exact():
    """In an environment of the oldest versions pyproject.toml allowed, tests/test_io.py failed where users lose
    data: pandas 2.2.0 wrote a nullable int64 column to JSONL as float (`classify in.parquet -o out.jsonl`:
    9007199254740993 became 9007199254740992.0), and pyarrow 15 stopped a Parquet file with a repeated column name
    with "unexpected ValueError: Found non-unique column index" where later ones rename it. Checked with 2.2.1 and
    16.0.0."""
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    floors = {re.match(r"[a-z]+", d).group(0): re.search(r">=([\d.]+)", d).group(1) for d in dependencies}
    assert floors["pandas"] == "2.2.1" and floors["pyarrow"] == "16"


def _message_texts() -> list[tuple[Path, str]]:
    """Every string written in cxnlp/ but its docstrings: the messages, help texts and warnings users read."""
    import ast

    found = []
    for path in sorted((ROOT / "cxnlp").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)}
        found += [(path, node.value) for node in ast.walk(tree) if isinstance(node, ast.Constant)
                  and isinstance(node.value, str) and id(node) not in docstrings]
    return found


def test_messages_cite_pages_the_wheel_carries():
    """Messages cited docs/labels.md, docs/metrics.md and docs/insights.md, files of the repository a wheel user
    does not have. The pages ship inside the package (cxnlp/_shipped/docs) and messages name the command that
    prints one, 'cxnlp docs labels'; every page so named is one the wheel carries."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert setuptools["package-dir"]["cxnlp._shipped.docs"] == "docs"
    assert "cxnlp._shipped.docs" in setuptools["packages"]
    assert setuptools["package-data"]["cxnlp._shipped.docs"] == ["*.md"]
    cited = set()
    for path, text in _message_texts():
        assert not re.search(r"docs/\w+\.md", text), (path.name, text)
        cited |= set(re.findall(r"'cxnlp docs (\w+)'", text))
    assert {"labels", "metrics", "insights"} <= cited
    assert all((ROOT / "docs" / f"{page}.md").is_file() for page in cited), cited


def test_public_docstrings_that_cite_a_page_name_the_command_that_prints_it():
    """``help(cxnlp.summarize)`` cited docs/metrics.md, a file of the repository a wheel user does not have: a
    docstring of the public API (``cxnlp.__all__``, its metrics and insights modules) that cites docs/X.md names
    ``cxnlp docs X`` too, which prints the page the wheel carries."""
    import inspect

    shown = [getattr(cxnlp, name) for name in cxnlp.__all__] + [cxnlp.metrics, cxnlp.insights]
    for obj in shown:
        doc = inspect.getdoc(obj) or ""
        for page in set(re.findall(r"docs/(\w+)\.md", doc)):
            assert f"cxnlp docs {page}" in doc, (getattr(obj, "__name__", obj), page)
            assert (ROOT / "docs" / f"{page}.md").is_file(), page


def test_the_shipped_corpus_readme_says_what_the_wheel_leaves_out():
    """training_data/README.md ships in the wheel as cxnlp/_shipped/corpus/README.md, where it described
    ``held_back/``, ``quality/`` and ``tools/`` as if beside it: the wheel carries the corpus's CSVs and .md files
    only. Every folder the page cites that the wheel lacks is named in its paragraph on the wheel."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert setuptools["package-data"]["cxnlp._shipped.corpus"] == ["*.csv", "*.md"]  # no folder: none ships
    text = (ROOT / "training_data" / "README.md").read_text(encoding="utf-8")
    cited = {path.split("/")[0] for path in re.findall(r"`(\w[\w.-]*/[\w./-]*)`", text)} - {"cxnlp"}
    assert {"held_back", "quality", "tools", "bench", "tests", "models"} <= cited
    about_wheel = [p for p in text.split("\n\n") if p.startswith("Installed from the wheel")]
    assert about_wheel, "training_data/README.md says nothing of what the wheel leaves out"
    wheel = " ".join(about_wheel[0].split())
    for folder in cited - {"signals_work"}:  # quality/signals_work/, inside quality/
        assert f"`{folder}/`" in wheel, folder


@pytest.mark.slow
def test_the_built_wheel_carries_the_pages_messages_cite(tmp_path):
    """Built (from a copy of the files pyproject.toml reads, so that no build/ of an earlier build ships), the wheel
    holds every reference page, the ``cxnlp docs`` command that prints them and a corpus README true of it."""
    import shutil
    import subprocess
    import sys
    import zipfile

    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"):
        shutil.copy2(ROOT / name, source / name)
    skip = shutil.ignore_patterns("__pycache__", "*.py[cod]", "held_back", "quality")
    for folder in ("cxnlp", "docs", "models/default", "training_data"):
        shutil.copytree(ROOT / folder, source / folder, ignore=skip)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(source)],
                   check=True, capture_output=True, timeout=300)
    wheel = zipfile.ZipFile(next((tmp_path / "dist").glob("cxnlp-*.whl")))
    names = set(wheel.namelist())
    assert "cxnlp/cli/docs.py" in names
    for page in (ROOT / "docs").glob("*.md"):
        assert f"cxnlp/_shipped/docs/{page.name}" in names, page.name
    assert "Installed from the wheel" in wheel.read("cxnlp/_shipped/corpus/README.md").decode("utf-8")


def test_the_bidi_library_the_charts_import_is_a_core_dependency():
    """cxnlp/report/_chart_style.py puts right-to-left names in reading order with python-bidi's ``bidi.algorithm``
    (it mirrors brackets, which the Rust ``bidi.get_display`` does not): a report is core, so is its library."""
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert any(re.fullmatch(r"python-bidi>=0\.6[\d.]*,<0\.7", d) for d in dependencies), dependencies
    assert "from bidi.algorithm import get_display" in (ROOT / "cxnlp/report/_chart_style.py").read_text(encoding="utf-8")
