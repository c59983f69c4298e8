"""The checks of the settings of ``read_table`` and ``iter_table`` (and of a CSV writer's separator), each a one-line
``ConfigError`` naming the value: one that was not a setting the readers take failed deep inside them, or read no
rows at all without a word."""

from __future__ import annotations

import numbers

from ..exceptions import ConfigError, shown_value


def check_sep(sep, *, detected: bool = True) -> None:
    """A ``ConfigError`` for a separator the CSV reader cannot split on (``";;"``, ``r"\\s+"``, a quote, ``"é"``:
    pyarrow's parser takes ASCII only), or the writer cannot write with (``detected`` False: None too): it was
    Python's bare TypeError from the csv module. The writer takes no more than the reader, so that what it writes
    reads back."""
    if (sep is not None or not detected) and not (isinstance(sep, str) and len(sep) == 1 and sep.isascii()
                                                  and sep not in '"\r\n'):
        raise ConfigError(f"sep={shown_value(sep)}: expected one ASCII character, such as ',', ';', '|' or '\\t' (tab)"
                          f"{', or None to detect it' if detected else ''}.")


def check_read_settings(sep, chunk_rows, max_cell_chars, columns=None) -> None:
    """``check_sep``, and a ``ConfigError`` for ``chunk_rows`` or ``max_cell_chars`` that is not a whole number of at
    least 1 (a ``max_cell_chars`` of 0 read a CSV as no rows at all, and cut every XLSX cell to ''; a text one failed
    inside the reader), or for ``columns`` that is not a function of the names (a list was "'list' object is not
    callable")."""
    check_sep(sep)
    for name, value in (("chunk_rows", chunk_rows), ("max_cell_chars", max_cell_chars)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            raise ConfigError(f"{name}={shown_value(value)}: expected a whole number of at least 1.")
    if columns is not None and not callable(columns):
        raise ConfigError(f"columns={columns!r}: expected a function that, given the table's column names, returns "
                          f"those to keep, e.g. lambda names: [n for n in names if n in wanted].")
