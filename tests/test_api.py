import pandas as pd
import pytest

import cxnlp


def test_all_is_sorted_and_exported():
    assert cxnlp.__all__ == sorted(cxnlp.__all__)
    for name in cxnlp.__all__:
        assert hasattr(cxnlp, name), name


def test_public_surface():
    public = {name for name in dir(cxnlp) if not name.startswith("_")} - {"annotations"}  # from __future__
    modules = {name for name in public if type(getattr(cxnlp, name)).__name__ == "module"}
    assert public - modules == set(cxnlp.__all__) - {"__version__"}


def test_reading_a_table_and_writing_the_report_are_public():
    """The notebooks read the survey and write the report: they imported cxnlp.io and cxnlp.report for it."""
    assert {"read_table", "write_report"} <= set(cxnlp.__all__)
    assert cxnlp.read_table is cxnlp.io.read_table and cxnlp.write_report is cxnlp.report.write_report


def test_the_modules_the_docs_name_are_reached_after_import_cxnlp_alone():
    """docs/privacy.md's cxnlp.pii.redact_column and summarize's cxnlp.metrics.register were an AttributeError in a
    fresh interpreter, until some other name (cxnlp.redact, cxnlp.nps) had imported their module."""
    import subprocess
    import sys

    code = "import cxnlp; print(cxnlp.pii.redact_column.__name__, cxnlp.metrics.register.__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["redact_column", "register"]


def test_the_modules_are_listed_and_an_extra_module_says_how_to_import_it():
    """dir(cxnlp) left out the modules reached after import cxnlp (a misspelt cxnlp.metrcs got no 'Did you mean'),
    and cxnlp.dask was a bare AttributeError; asking for it imports no Dask."""
    import subprocess
    import sys

    code = ("import sys, cxnlp; assert {'metrics', 'pii', 'report'} <= set(dir(cxnlp)), dir(cxnlp)\n"
            "assert not hasattr(cxnlp, 'dask') and 'dask' not in sys.modules and 'pandas' not in sys.modules\n"
            "cxnlp.dask")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stderr.splitlines()[-1] == ("AttributeError: module 'cxnlp' has no attribute 'dask' until it is "
                                            "imported by name: import cxnlp.dask (pip install \"cxnlp[dask]\").")


@pytest.mark.parametrize("period", ["quarter", ("2024-Q1", "2024-Q2")])
def test_changes_warns_when_neither_period_has_a_theme_as_the_command_line_says(period):
    # the table came back empty without a word, where 'cxnlp changes' says "nothing to compare"
    frame = pd.DataFrame({"fecha": ["2024-01-10"] * 3 + ["2024-04-10"] * 3, "cx_touchpoints": [""] * 6,
                          "nps": [10, 9, 0, 5, 6, 7]})
    with pytest.warns(UserWarning, match=r"^changes: nothing to compare between 2024-Q1 and 2024-Q2: no row of "
                                         r"either carries a theme of touchpoints"):
        table = cxnlp.changes(frame, period, nps="nps")
    assert table.empty


@pytest.mark.parametrize("name", ["load", "save", "Model"])
def test_every_setting_of_loading_a_model_is_named_in_its_help(name):
    """api7: help(cxnlp.load) named neither ``stage_map`` nor where to read about it."""
    import inspect

    function = getattr(cxnlp, name)
    doc = inspect.getdoc(function)
    assert [p for p in inspect.signature(function).parameters if p != "self" and f"{p}" not in doc] == []


_FRAME = pd.DataFrame({"cx_status": ["ok"] * 4, "cx_sentiment": ["positive"] * 4, "cx_touchpoints": ["app"] * 4,
                       "cx_areas": ["cx"] * 4, "text": ["la app va bien"] * 4, "nps": [9, 10, 3, 7],
                       "fecha": ["2024-01-10", "2024-02-10", "2024-03-10", "2024-04-10"]})
_CALLS = {
    "summarize": lambda **kw: cxnlp.summarize(_FRAME, by="touchpoints", nps="nps", **kw),
    "csat": lambda **kw: cxnlp.csat([4, 5], **kw),
    "drivers": lambda **kw: cxnlp.drivers(_FRAME, "nps", **kw),
    "changes": lambda **kw: cxnlp.changes(_FRAME, "quarter", nps="nps", **kw),
    "discover": lambda **kw: cxnlp.discover(_FRAME, **kw),
    "TrainConfig": lambda **kw: cxnlp.TrainConfig(**kw),
    "load": lambda **kw: cxnlp.load("no-such-model", **kw),
}


@pytest.mark.parametrize("call, setting", [
    ("summarize", "min_n"), ("summarize", "alpha"), ("summarize", "dayfirst"), ("summarize", "period"),
    ("csat", "cutoff"), ("csat", "method"), ("drivers", "min_n"), ("drivers", "n_boot"), ("drivers", "seed"),
    ("drivers", "method"), ("changes", "min_n"), ("changes", "alpha"), ("discover", "min_size"),
    ("discover", "min_coherence"), ("discover", "seed"), ("discover", "pool"), ("discover", "redact"),
    ("TrainConfig", "seed"), ("load", "trust"),
])
def test_a_series_given_to_a_one_value_setting_is_a_one_line_error_naming_its_type(call, setting):
    """A column given where one value goes printed the Series' repr, its rows over many lines, in the message
    (drivers' method and discover's pool: "The truth value of a Series is ambiguous")."""
    with pytest.raises(cxnlp.ConfigError) as raised:
        _CALLS[call](**{setting: pd.Series(range(30))})
    message = str(raised.value)
    assert "\n" not in message and setting in message and "a pandas Series" in message, message


def test_a_long_text_given_to_a_one_value_setting_is_still_quoted_on_one_line():
    """A misspelt setting of more than 80 characters read "got a str", which it is, without the text given; its start
    is quoted with its length."""
    with pytest.raises(cxnlp.ConfigError, match=r"^period 'xxxx[x]*'\.\.\. \(100 characters\) is not known; "):
        _CALLS["summarize"](period="x" * 100)


_READ = {"read_table": lambda path, **kw: cxnlp.read_table(path, **kw), "csat": lambda path, **kw: cxnlp.csat([4, 5], **kw),
         "write_report": lambda path, **kw: cxnlp.write_report(_FRAME, path.with_suffix(".html"), **kw)}


@pytest.mark.parametrize("call, setting", [("read_table", "header_row"), ("read_table", "sep"), ("read_table", "sheet"),
                                           ("csat", "scale"), ("write_report", "lang")])
def test_a_series_given_to_a_reading_or_report_setting_is_a_one_line_error_too(tmp_path, call, setting):
    """As above, for read_table, a metric's scale and write_report (lang: "truth value of a Series is ambiguous")."""
    path = tmp_path / "a.csv"
    path.write_text("comentario,nps\nhola,9\n", encoding="utf-8")
    with pytest.raises(cxnlp.CxnlpError) as raised:
        _READ[call](path, **{setting: pd.Series(range(30))})
    message = str(raised.value)
    assert "\n" not in message and setting in message and "a pandas Series" in message, message


def test_a_huge_whole_number_given_to_a_setting_keeps_its_value_and_its_cli_option():
    """review of misc9: a whole number of over 80 digits (min_n=-10**100) was told 'got a int', its value and sign
    lost, and 'min_size=a int' kept no --min-size on the command line; its start is shown with its length."""
    from cxnlp.cli.app import cli_wording

    with pytest.raises(cxnlp.ConfigError, match=r"^min_n must be a whole number >= 1, got -10000*\.\.\. \(103 "
                                                r"characters\)\.$"):
        _CALLS["summarize"](min_n=-10**101)
    message = f"min_size=-{'1' * 101}: expected an integer of at least 2."
    from cxnlp.exceptions import shown_value

    shown = cli_wording(f"min_size={shown_value(-int('1' * 101))}: expected an integer of at least 2.")
    assert shown == f"--min-size -{'1' * 79}... (102 characters): expected an integer of at least 2.", message


def test_arrow_string_view_columns_read_as_their_text():
    """Polars' and DuckDB's text reaches pandas as Arrow string_view (``to_arrow().to_pandas(types_mapper=
    pd.ArrowDtype)``): summarize, changes, drivers, discover, redact_column and nps were an Arrow
    NotImplementedError traceback. They now give what the same cells give as plain text."""
    import numpy as np
    import pyarrow as pa

    from cxnlp.pii import redact_column

    view = pd.ArrowDtype(pa.string_view())
    rng = np.random.default_rng(0)
    late, also_app = rng.random(120) < 0.3, rng.random(120) < 0.5
    plain = pd.DataFrame({"cx_status": "ok", "cx_sentiment": np.where(late, "negative", "positive"),
                          "cx_touchpoints": np.where(late, np.where(also_app, "delivery|app", "delivery"), "app"),
                          "nps": np.where(late, rng.integers(0, 9, 120), rng.integers(6, 11, 120)).astype(str),
                          "fecha": np.where(np.arange(120) < 60, "2024-01-15", "2024-02-15")})
    views = plain.astype(view)
    pd.testing.assert_frame_equal(cxnlp.summarize(views, nps="nps", min_n=5), cxnlp.summarize(plain, nps="nps", min_n=5))
    pd.testing.assert_frame_equal(cxnlp.changes(views, period="month", nps="nps", min_n=5),
                                  cxnlp.changes(plain, period="month", nps="nps", min_n=5))
    pd.testing.assert_frame_equal(cxnlp.drivers(views, "nps", min_n=5, n_boot=0),
                                  cxnlp.drivers(plain, "nps", min_n=5, n_boot=0))
    assert cxnlp.nps(views["nps"]) == cxnlp.nps(plain["nps"])
    comments = pd.DataFrame({"comentario": pd.Series(["escríbeme a ana@example.com", None], dtype=view, index=[7, 7])})
    assert redact_column(comments, "comentario")["comentario"].tolist() == ["escríbeme a [EMAIL]", pd.NA]


def _hints(function) -> dict:
    """``function``'s annotations resolved (``typing.get_type_hints``), given the names its module imports for type
    checkers alone (``pd`` in ``cxnlp.model``, ``Model`` in ``cxnlp.persist``): each must name something that exists."""
    import typing

    from cxnlp.classify import MultiAxisClassifier
    from cxnlp.heads import Predictor

    names = {"pd": pd, "Model": cxnlp.Model, "MultiAxisClassifier": MultiAxisClassifier, "Predictor": Predictor}
    return typing.get_type_hints(function, localns=names)


def test_by_is_annotated_as_the_iterable_of_names_it_reads():
    """summarize, drivers, changes and the report read ``by`` from any iterable of names (a tuple, a generator), but
    it was annotated ``str | list[str]``: a user's type checker refused ``by=("touchpoints", "region")``."""
    import importlib
    import importlib.util
    import typing
    from collections.abc import Iterable

    from cxnlp.insights.changes import latest_periods
    from cxnlp.report.build import make_report

    functions = [cxnlp.summarize, cxnlp.drivers, cxnlp.changes, latest_periods, make_report]
    if importlib.util.find_spec("dask") is not None:
        functions.append(importlib.import_module("cxnlp.dask").summarize)
    for function in functions:
        assert Iterable[str] in typing.get_args(_hints(function)["by"]), function.__module__


def test_the_industry_of_each_text_is_annotated_as_any_iterable_as_it_is_read():
    """classify_many read one industry per text from any iterable (a Series, a generator) and classify_frame from a
    Series, a list or an array, but they were annotated ``Sequence`` and ``str | None``: a user's type checker refused
    ``model.classify_many(df["text"], industry=df["sector"])`` and ``classify_frame(df, industry=df["sector"])``."""
    import typing
    from collections.abc import Iterable

    for method in (cxnlp.Model.classify_many, cxnlp.Model.classify_frame):
        assert Iterable[str | None] in typing.get_args(_hints(method)["industry"]), method.__name__


def test_the_model_and_the_sources_of_the_documented_functions_are_annotated():
    """The model given to evaluate, compare, save and review_queue and the files given to train and
    read_training_data had no annotations: Any to a type checker, which let ``cxnlp.evaluate("models/x", data)``
    through."""
    import typing
    from pathlib import Path

    from cxnlp.review import review_queue

    for function, names in ((cxnlp.evaluate, ["model"]), (cxnlp.compare, ["model_a", "model_b"]),
                            (cxnlp.save, ["model"]), (review_queue, ["model"])):
        assert [_hints(function)[name] for name in names] == [cxnlp.Model] * len(names), function.__name__
    for function in (cxnlp.train, cxnlp.read_training_data):
        assert {str, Path} <= set(typing.get_args(_hints(function)["sources"])), function.__name__


def test_train_is_annotated_to_take_its_config_as_a_mapping_as_it_does():
    """train reads a mapping of TrainConfig's settings as its config (``config={"C_labels": 2.0}``), but config was
    annotated ``TrainConfig | None``: a type checker refused what the docstring offers."""
    import typing
    from collections.abc import Mapping

    assert Mapping[str, object] in typing.get_args(_hints(cxnlp.train)["config"])


def test_the_settings_of_loading_a_model_are_annotated_as_the_model_reads_them():
    """cxnlp.load's stage_map, review_confidence and max_chars, and Model's stage_map, had no annotations (Any to a
    type checker, which let ``load(max_chars="5000")`` through), though Model annotated the other two."""
    from collections.abc import Mapping

    for hints in (_hints(cxnlp.load), _hints(cxnlp.Model.__init__)):
        assert hints["stage_map"] == Mapping[str, str] | None
        assert (hints["review_confidence"], hints["max_chars"]) == (float | None, int | None)


def test_the_insights_functions_the_docs_name_are_reached_by_their_dotted_names():
    """docs/insights.md named ``cxnlp.insights.changes.latest_periods``, an AttributeError: the function ``changes``
    hides its module there. Every ``cxnlp.insights...`` call the page shows resolves from ``import cxnlp``."""
    import functools
    import re
    from pathlib import Path

    page = (Path(__file__).resolve().parents[1] / "docs" / "insights.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\bcxnlp\.insights(?:\.\w+)+(?=\()", page))
    assert "cxnlp.insights.latest_periods" in named
    for name in named:
        assert callable(functools.reduce(getattr, name.split(".")[1:], cxnlp)), name
    assert "latest_periods" in cxnlp.insights.__all__


def test_the_model_of_the_dask_spark_and_service_entry_points_is_annotated():
    """cxnlp.dask.classify and classify_files, cxnlp.spark.classify and cxnlp.serve's create_app and run had no
    annotation for ``model``: a type checker let ``cxnlp.dask.classify(ddf, model=cxnlp.load())`` through, which the
    distributed entry points refuse (they take a model directory, for each worker to load)."""
    import importlib
    import importlib.util
    from pathlib import Path

    expected = {("dask", "classify"): str | Path | None, ("dask", "classify_files"): str | Path | None,
                ("spark", "classify"): str | Path | None, ("serve", "run"): str | Path | None,
                ("serve", "create_app"): cxnlp.Model | str | Path | None}
    extras = {"dask": "dask", "spark": "pyspark", "serve": "fastapi"}
    for (module, name), annotation in expected.items():
        if importlib.util.find_spec(extras[module]) is None:
            continue
        function = getattr(importlib.import_module(f"cxnlp.{module}"), name)
        assert _hints(function)["model"] == annotation, f"cxnlp.{module}.{name}"


def test_a_type_checker_sees_each_public_name_and_module_and_no_catch_all():
    """cxnlp's ``__getattr__`` (its lazy imports) was seen by type checkers, which then typed any name of the package
    as Any: a misspelt ``cxnlp.lod()`` passed ``mypy --strict``. It is hidden from them, and what they read instead
    names every name of ``__all__`` and every module reached after ``import cxnlp`` (``cxnlp.pii.redact_column``)."""
    import ast
    import inspect

    def read_statically(body: list) -> list:
        """The statements a type checker reads: ``if TYPE_CHECKING`` bodies, not ``if not TYPE_CHECKING`` ones."""
        out = []
        for node in body:
            if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "not TYPE_CHECKING"):
                out += read_statically(node.body if ast.unparse(node.test) == "TYPE_CHECKING" else node.orelse)
            else:
                out.append(node)
        return out

    seen = read_statically(ast.parse(inspect.getsource(cxnlp)).body)
    defined = {node.name for node in seen if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    defined |= {alias.asname or alias.name for node in seen if isinstance(node, ast.ImportFrom) for alias in node.names}
    defined |= {target.id for node in seen if isinstance(node, ast.Assign) for target in node.targets
                if isinstance(target, ast.Name)}
    assert "__getattr__" not in defined
    assert set(cxnlp.__all__) | set(cxnlp._SUBMODULES) <= defined


def test_the_annotations_of_the_public_api_name_what_exists():
    """Every annotation of the public API (cxnlp's names, and those of cxnlp.pii, cxnlp.metrics and cxnlp.insights,
    with their public methods) resolves, given the few names their modules import for type checkers alone: a
    misspelt or unimported name in one is a NameError to anything that reads them (typing.get_type_hints, an IDE)."""
    import importlib
    import inspect

    objects = [getattr(cxnlp, name) for name in cxnlp.__all__ if name != "__version__"]
    for module in ("cxnlp.pii", "cxnlp.metrics", "cxnlp.insights"):
        loaded = importlib.import_module(module)
        names = getattr(loaded, "__all__", None) or [n for n in vars(loaded) if not n.startswith("_")]
        objects += [getattr(loaded, name) for name in names]
    checked = 0
    for thing in objects:
        members = [thing]
        if inspect.isclass(thing) and thing.__module__.startswith("cxnlp"):
            members += [m.fget if isinstance(m, property) else m for n, m in vars(thing).items()
                        if (not n.startswith("_") or n == "__init__")
                        and (inspect.isfunction(m) or isinstance(m, property))]
        for member in members:
            if inspect.isfunction(member) or inspect.isclass(member):
                _hints(member)  # (raises NameError for a name that does not exist)
                checked += 1
    assert checked > 60


def test_no_name_a_type_checker_reads_from_a_package_is_also_one_of_its_modules():
    """cxnlp imported changes, discover and drivers for type checkers from cxnlp.insights, where each is also a
    module: once discover.py imported Model for them, mypy took the modules (``cxnlp.drivers(...)``: "Module not
    callable") in a program that also imported cxnlp.insights. Each name comes from the module that defines it."""
    import ast
    import importlib.util
    import inspect

    for node in ast.walk(ast.parse(inspect.getsource(cxnlp))):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            package = importlib.util.find_spec(f"cxnlp.{node.module}").submodule_search_locations
            for alias in node.names:
                assert not package or importlib.util.find_spec(f"cxnlp.{node.module}.{alias.name}") is None, alias.name


def test_the_modules_imported_for_type_checkers_are_read_so_pyflakes_finds_no_unused_import():
    """The modules of ``_SUBMODULES``, imported under TYPE_CHECKING for type checkers, were 19 "imported but unused"
    to pyflakes (which counts only a name read or in ``__all__``, not ``x as x``); each is read there, and
    ``__all__`` (so ``from cxnlp import *``) names none of them."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(cxnlp))
    read = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    modules = {alias.asname or alias.name for node in ast.walk(tree)
               if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module is None for alias in node.names}
    assert modules == set(cxnlp._SUBMODULES) and modules <= read
    assert not modules & set(cxnlp.__all__)
