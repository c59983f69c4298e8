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
