"""The lines key drivers' table carries in ``attrs``: why an interval is withheld (``interval_note``), and which
themes nearly every respondent mentions, left out of the model for it (``few_without``).

They live apart from ``drivers``, which fits and assembles the table, because they only word what it found.
"""

from __future__ import annotations

import pandas as pd

from ._drivers_fit import MIN_DEFINED


def interval_note(table: pd.DataFrame, attrs: dict, baseline: int) -> str | None:
    """Why intervals are withheld, or rest on a small baseline; None when there is nothing to say."""
    if not attrs["n_boot"]:
        return None
    notes = []
    ranked = ~table["below_min_n"]
    if attrs["stratified"]:  # (never a baseline under min_n: drivers refuses it)
        notes.append(f"the {baseline} respondents who mention none of the themes (the baseline the effects are "
                     f"differences from) are resampled apart from the others")
    withheld = ranked & ((table["effect"].notna() & table["effect_low"].isna())
                         | (table["importance"].notna() & table["importance_low"].isna()))
    if attrs["constant_share"] > 1 - MIN_DEFINED:
        notes.append(f"no interval: the score is the same for every respondent in {attrs['constant_share']:.0%} of "
                     f"the resamples (too few answers differ), and an interval needs it to vary in at least "
                     f"{MIN_DEFINED:.0%}")
    elif withheld.any():
        notes.append(f"no interval: defined in fewer than {MIN_DEFINED:.0%} of the resamples (too few respondents)"
                     f" for {', '.join(table.loc[withheld, 'theme'].astype(str))}")
    return "; ".join(notes) or None


def few_without(table: pd.DataFrame, respondents: int, min_n: int) -> str | None:
    """The themes of ``min_n`` respondents or more mentioned by all but fewer than ``min_n`` (some of them: one in
    every comment is "in all"), left out of the model as a theme under ``min_n`` is: its effect would be the
    difference from those few respondents alone. None when there is none."""
    without = respondents - table["n"]
    # (A theme under min_n is 'low n', as the command line and the report mark it, however few go without it.)
    few = table["below_min_n"] & (table["n"] >= min_n) & (without > 0) & (without < min_n)
    if not few.any():
        return None
    # Quoted as Python writes them, as drivers' errors name themes: "Norte\nSur" of a column of yours on one line.
    listed = ", ".join(f"{str(theme)!r} ({int(k)} without it)"
                       for theme, k in zip(table.loc[few, "theme"], without[few]))
    people = "respondent" if min_n == 1 else "respondents"
    return (f"fewer than {min_n} of the {respondents} {people} do not mention {listed}: too few to compare "
            f"{'it' if few.sum() == 1 else 'them'} with, so not in the model (no effect, rank or quadrant)")
