"""The checks of what ``Model`` and the functions that classify are given (a review threshold, a stage map, the
texts), each a one-line error that names the value and says what to give. Kept apart from ``model`` so that the
class reads as classification alone.
"""

from __future__ import annotations

import contextlib
import numbers
import sys
from collections.abc import Iterable, Mapping

from .exceptions import ConfigError, DataError


def is_probability(value) -> bool:
    """A number in [0, 1] (not a boolean, not NaN): a text one failed inside NumPy at the first comment of several
    units, and a negative one added every label of every unit."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and 0 <= value <= 1


def checked_stage_map(stage_map) -> Mapping:
    """``stage_map`` as a dict if it maps touchpoint names (text) to stage names (text): a mapping, or what ``dict``
    reads as one (pairs, a pandas Series); otherwise a one-line ``ConfigError`` naming the first bad entry (a None
    stage would only fail later, at classification)."""
    if not isinstance(stage_map, Mapping) and not isinstance(stage_map, (str, bytes)):
        with contextlib.suppress(TypeError, ValueError):
            stage_map = dict(stage_map)
    if not isinstance(stage_map, Mapping):
        raise ConfigError(f"stage_map={str(stage_map)[:60]!r}: expected a mapping of touchpoint names to stage "
                          f"names (text), e.g. {{'app': 'during'}}; got a {type(stage_map).__name__}.")
    for touchpoint, stage in stage_map.items():
        if not isinstance(touchpoint, str) or not isinstance(stage, str) or not stage.strip():
            raise ConfigError(f"stage_map entry {touchpoint!r}: {stage!r}: expected a touchpoint name (text) mapped "
                              f"to a stage name (non-empty text), e.g. 'during'.")
    return stage_map


def check_texts(texts, caller: str = "classify_many") -> None:
    """A clear error for what is not an iterable of texts: one string (its characters would be the texts), a
    DataFrame (its column names would), or no iterable at all. ``caller`` is the function the user called, named
    in the message. A mapping is refused too: its keys (ids, say) would be classified in place of its comments."""
    if isinstance(texts, (str, bytes, bytearray, memoryview)):  # (bytes are one comment, read as UTF-8)
        advice = ("Use classify(text) for one comment or wrap it in a list." if caller == "classify_many" else
                  f"{caller} expects a list or a Series of comments; wrap one comment in a list.")
        raise DataError(f"Iterable over raw text documents expected, string object received. {advice}")
    if not isinstance(texts, Iterable):
        raise DataError(f"{caller} expects an iterable of texts (a list, a Series...), got "
                        f"{type(texts).__name__}.")
    if isinstance(texts, Mapping):
        raise DataError(f"{caller} expects an iterable of texts, got a {type(texts).__name__}, whose keys would be "
                        f"read as the texts; pass its values (.values()).")
    pd = sys.modules.get("pandas")  # a DataFrame exists only once pandas is imported
    if pd is not None and isinstance(texts, pd.DataFrame):
        if caller == "classify_many":
            raise DataError("classify_many expects an iterable of texts, got a DataFrame; use classify_frame(df, "
                            "text=...).")
        raise DataError(f"{caller} expects the comments, not a DataFrame; pass its comment column, e.g. "
                        f"df[{_comment_column(texts.columns)!r}].")


def _comment_column(columns) -> str:
    """The comment column's name for a message: the one ``detect_text_column`` finds, else a placeholder."""
    from .columns import detect_text_column

    try:
        return detect_text_column(columns)
    except DataError:
        return "<comment column>"
