import cxnlp


def test_all_is_sorted_and_exported():
    assert cxnlp.__all__ == sorted(cxnlp.__all__)
    for name in cxnlp.__all__:
        assert hasattr(cxnlp, name), name


def test_public_surface():
    public = {name for name in dir(cxnlp) if not name.startswith("_")} - {"annotations"}  # from __future__
    modules = {name for name in public if type(getattr(cxnlp, name)).__name__ == "module"}
    assert public - modules == set(cxnlp.__all__) - {"__version__"}
