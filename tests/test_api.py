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
