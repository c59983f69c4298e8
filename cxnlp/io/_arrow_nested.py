"""What Arrow makes of nested values (objects, lists) that pandas or Parquet would get wrong: integers that pandas
reads as floats, objects without keys that Parquet cannot write, keys that a struct type would leave out, map columns
that pandas reads as lists of pairs (``columnar``'s reader and ``ParquetWriter``)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def holds_integer(arrow_type) -> bool:
    """Whether ``arrow_type`` is an integer type or holds one at any depth."""
    import pyarrow as pa

    if pa.types.is_integer(arrow_type):
        return True
    return pa.types.is_nested(arrow_type) and any(holds_integer(arrow_type.field(i).type)
                                                  for i in range(arrow_type.num_fields))


def integer_beside_null(values) -> bool:
    """Whether pandas would read an integer of the nested Arrow ``values`` (an array, chunked or not) as a float:
    an integer at some depth is null beside others (``[1, null]``, ``{"id": null}``, a null object). Where none is,
    pandas' values are exact, and kept as they were (``[1 2]`` in CSV)."""
    import pyarrow as pa

    if isinstance(values, pa.ChunkedArray):
        return any(integer_beside_null(chunk) for chunk in values.chunks)
    arrow_type = values.type
    if pa.types.is_integer(arrow_type):
        return values.null_count > 0
    if pa.types.is_struct(arrow_type):
        return any(integer_beside_null(field) for field in values.flatten())
    if pa.types.is_map(arrow_type):
        return integer_beside_null(values.keys) or integer_beside_null(values.items)
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type) or pa.types.is_fixed_size_list(arrow_type):
        return integer_beside_null(values.flatten())
    return pa.types.is_nested(arrow_type) and holds_integer(arrow_type)  # (a union: read as exact values)


def holds_struct(arrow_type) -> bool:
    """Whether ``arrow_type`` is a struct, or a list of them, at any depth."""
    import pyarrow as pa

    if pa.types.is_struct(arrow_type):
        return True
    return (pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type)
            or pa.types.is_fixed_size_list(arrow_type)) and holds_struct(arrow_type.value_type)


def holds_empty_struct(arrow_type) -> bool:
    """Whether ``arrow_type`` is, or holds at any depth, a struct without fields (what Arrow makes of ``{}``), which
    Parquet cannot write: "ArrowNotImplementedError" once every row had been classified."""
    import pyarrow as pa

    if pa.types.is_struct(arrow_type):
        return arrow_type.num_fields == 0 or any(holds_empty_struct(arrow_type.field(i).type)
                                                 for i in range(arrow_type.num_fields))
    if pa.types.is_map(arrow_type):
        return holds_empty_struct(arrow_type.key_type) or holds_empty_struct(arrow_type.item_type)
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type) or pa.types.is_fixed_size_list(arrow_type):
        return holds_empty_struct(arrow_type.value_type)
    return False


def loses_keys(values: pd.Series, arrow_type) -> bool:
    """Whether writing ``values`` as ``arrow_type`` would leave out a key of one of their objects (``drops_keys``);
    only a column whose type holds a struct is looked at, value by value."""
    return holds_struct(arrow_type) and any(drops_keys(value, arrow_type) for value in values.tolist())


def drops_keys(value, arrow_type) -> bool:
    """Whether ``value`` (an object, a list...) holds, at any depth, a dict with a key that the struct type at its
    place in ``arrow_type`` lacks: Arrow writes such a dict without the key, and without an error."""
    import pyarrow as pa

    if pa.types.is_struct(arrow_type):
        if not isinstance(value, dict):
            return False
        fields = {arrow_type.field(i).name: arrow_type.field(i).type for i in range(arrow_type.num_fields)}
        return any(key not in fields or drops_keys(item, fields[key]) for key, item in value.items())
    if holds_struct(arrow_type) and isinstance(value, (list, tuple, np.ndarray)):
        return any(drops_keys(item, arrow_type.value_type) for item in value)
    return False


#: The deepest Parquet schema a Parquet reader reads (Arrow's limit): the file's root, a node for each object, two
#: for each list or map, and the value. Arrow writes a deeper one without an error, and then cannot read it back.
PARQUET_DEPTH = 100


def too_deep_for_parquet(arrow_type) -> bool:
    """Whether a column of ``arrow_type`` would make a Parquet file no reader reads (``PARQUET_DEPTH``): 50 lists
    or 99 objects one in another, as a JSON Lines cell may nest them."""
    return 1 + _parquet_depth(arrow_type) > PARQUET_DEPTH


def _parquet_depth(arrow_type) -> int:
    """The schema nodes ``arrow_type`` takes in Parquet, from its column's node down to its deepest value."""
    import pyarrow as pa

    if pa.types.is_struct(arrow_type):
        return 1 + max((_parquet_depth(arrow_type.field(i).type) for i in range(arrow_type.num_fields)), default=0)
    if pa.types.is_map(arrow_type):
        return 2 + max(_parquet_depth(arrow_type.key_type), _parquet_depth(arrow_type.item_type))
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type) or pa.types.is_fixed_size_list(arrow_type):
        return 2 + _parquet_depth(arrow_type.value_type)
    return 1


def with_maps(table, typing: pd.DataFrame, head: pd.DataFrame):
    """``table``, the typing rows ``typing`` of ``head`` as ``ParquetWriter`` fixes its schema, with each column of
    ``head`` that holds lists of key-value pairs (a Parquet map column as pandas reads it, ``[('k', 1)]``) typed as
    a map again, as Dask keeps it, and the pandas metadata of the frame that holds them: the writer had made them
    text, "[('k', 1)]"."""
    import pyarrow as pa

    rows = head.iloc[:len(typing)]
    # (text is ``large_string`` from pandas 3's ``str``, ``string`` from pandas 2.2's objects)
    maps = {f.name: kind for f in table.schema if (pa.types.is_large_string(f.type) or pa.types.is_string(f.type))
            and rows[f.name].dtype == object and (kind := map_type(rows[f.name])) is not None}
    if not maps:
        return table
    schema = pa.schema([pa.field(f.name, maps[f.name]) if f.name in maps else f for f in table.schema])
    return pa.Table.from_pandas(typing.assign(**{name: rows[name] for name in maps}), schema=schema,
                                preserve_index=False)


def map_type(values):
    """The Arrow map type of a column whose values are lists of key-value pairs, as pandas reads a Parquet map
    column (``[('k', 1)]``); None for any other column, or for pairs whose keys or values have no one type."""
    import pyarrow as pa

    keys, items = [], []
    for value in values:
        if not isinstance(value, list):
            if value is None or not isinstance(value, (tuple, dict, set, np.ndarray)) and pd.isna(value):
                continue
            return None
        if not all(isinstance(pair, tuple) and len(pair) == 2 for pair in value):
            return None
        keys += [pair[0] for pair in value]
        items += [pair[1] for pair in value]
    try:
        key_type, item_type = pa.array(keys).type, pa.array(items, from_pandas=True).type
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return None
    return None if pa.types.is_null(key_type) or pa.types.is_null(item_type) else pa.map_(key_type, item_type)
