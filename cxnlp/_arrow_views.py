"""Arrow's view types as pandas can read them.

Polars and DuckDB hand text to Arrow as ``string_view`` (and bytes as ``binary_view``), so a frame from their
``to_arrow().to_pandas(types_mapper=pd.ArrowDtype)`` has such columns. pandas cannot filter, take or convert them
to NumPy (pyarrow has no kernel for them): summarize, changes, drivers, discover, the report, redact_column and the
metrics were an ``ArrowNotImplementedError`` or ``NotImplementedError`` traceback. The same values as ``large_string`` and
``large_binary`` read as any other Arrow text column does.
"""

from __future__ import annotations


def without_views(data):
    """``data`` (a DataFrame or a Series) with each view column cast to its ``large_`` type; ``data`` itself, not
    copied, where it has none (anything else is given back as it is)."""
    import pandas as pd

    if isinstance(data, pd.Series):
        wide = _wide_type(data.dtype)
        return data if wide is None else _cast(data, wide)
    if not isinstance(data, pd.DataFrame):
        return data
    casts = [(i, wide) for i, dtype in enumerate(data.dtypes) if (wide := _wide_type(dtype)) is not None]
    if not casts:
        return data
    out = data.copy(deep=False)
    for i, wide in casts:  # by position: a name may be held by two columns
        out.isetitem(i, _cast(out.iloc[:, i], wide))
    return out


def _cast(series, wide):
    """``series`` as Arrow type ``wide``, cast by pyarrow (pandas' ``astype`` cannot read a view either)."""
    import pandas as pd
    import pyarrow as pa

    return pd.Series(pd.arrays.ArrowExtensionArray(pa.array(series.array).cast(wide)), index=series.index,
                     name=series.name)


def _wide_type(dtype):
    """The Arrow type a view ``dtype`` reads as, or None for any other dtype."""
    import pandas as pd

    if not isinstance(dtype, pd.ArrowDtype):
        return None
    import pyarrow as pa

    arrow = dtype.pyarrow_dtype
    if getattr(pa.types, "is_string_view", lambda t: False)(arrow):
        return pa.large_string()
    if getattr(pa.types, "is_binary_view", lambda t: False)(arrow):
        return pa.large_binary()
    return None
