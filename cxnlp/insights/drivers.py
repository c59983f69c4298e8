"""Key drivers: what each theme does to a score when the other themes are held fixed (docs/insights.md).

``summarize``'s impact compares the respondents who mention a theme with everyone else, so a theme
that merely travels with a costly one (late deliveries and the support calls they cause) looks
costly too. Here one linear model explains the score of every respondent with a comment by the
themes of that comment, ``y = a + sum_j b_j * x_j`` (``x_j`` = 1 when the comment mentions theme
``j``), and gives for each theme:

- **effect** ``b_j``: the change in the score when a comment mentions the theme, the other themes
  being the same; in the metric's units (NPS points with ``y`` = +100/0/-100, percentage points
  for a share, scale points for a mean);
- **importance**: the share of the model's R² the theme accounts for: Shapley values of R² (=
  dominance analysis) over up to ``SHAPLEY_MAX_THEMES`` themes, relative weights above that;
- a 95% percentile **bootstrap** interval for each, from ``n_boot`` resamples of respondents.

Themes with fewer than ``min_n`` respondents are reported (n, share, their metric, the simple
impact) but flagged and kept out of the model: their rows count as mentioning no theme. So are themes
that fewer than ``min_n`` respondents do not mention (every effect is a difference from them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from ..columns import analysed_frame, find_column
from ..exceptions import ConfigError, DataError, choices, shown_value
from ..metrics import Metric, get, registered, summarize
from ..metrics.base import BLANK, NON_NUMERIC, OUT_OF_RANGE
from ..metrics.themes import blank_columns, is_label_column, labelled_rows, resolve_by, theme_id, theme_pairs
from ..schema import DRIVERS_COLUMNS
from ._drivers_fit import MIN_DEFINED, baseline_needed, fit_model, identified_pairs, twins_of
from ._drivers_notes import few_without, interval_note
from ._regression import SHAPLEY_MAX_THEMES

#: Bootstrap resamples and seed of the intervals (a fixed seed: the same table gives the same report).
N_BOOT = 500
#: The fewest resamples of an interval: the 2.5th and 97.5th percentiles of fewer are no 95% interval (one
#: resample gave [50.6, 50.6] around an effect of 91.6).
MIN_BOOT = 20
#: The most resamples: their draws are held together, and a billion (a typo, or a test of the edge) ran for hours
#: before running out of memory. 100,000, as ``compare``'s.
MAX_BOOT = 100_000
SEED = 0
#: The most themes in the model: each resample's model is a (themes + 1)² matrix, inverted and decomposed; 200 themes
#: and 500 resamples take about half a minute and 1 GB, where 2,000 stores (--by tienda) ran for hours out of memory.
MAX_THEMES = 200
METHODS = ("auto", "shapley", "relative_weights")
#: The four corners of the priority matrix: (effect < 0, share at or above the median share) -> id.
QUADRANTS = {(True, True): "fix_first", (True, False): "watch", (False, True): "maintain",
             (False, False): "low_priority"}

#: The columns of the table, after the ``by`` columns (a ``by`` column of yours named like one is ``by_<name>``).
COLUMNS = DRIVERS_COLUMNS


def drivers(frame: pd.DataFrame, score: str = "nps", by: str | Iterable[str] = "touchpoints", *,
            metric: str | Metric | None = None, min_n: int = 30, n_boot: int = N_BOOT, seed: int = SEED,
            method: str = "auto") -> pd.DataFrame:
    """Key drivers of a score: each theme's effect with the other themes held fixed, and its importance.

    Parameters
    ----------
    frame : classified DataFrame (the ``cx_`` columns of ``cxnlp classify``) with a score column.
    score : the score column (matched like ``summarize``'s columns).
    by : the themes, as in ``summarize``: "touchpoints", "areas", a user column, or a combination
        such as "touchpoints×sentiment" (themes like "delivery × negative").
    metric : what the column holds: a registered metric name ("nps", "csat", "ces") or a ``Metric``
        (``CSAT(method="mean")``). None takes the metric named like the column ("nps", "NPS"...).
    min_n : themes mentioned by fewer respondents, or left unmentioned by fewer, are reported but flagged and left
        out of the model.
    n_boot : bootstrap resamples of the 95% intervals, ``MIN_BOOT`` = 20 to ``MAX_BOOT`` = 100,000 (0: no
        intervals, and ``effect_significant`` and ``disagrees`` unknown: NA).
    seed : seed of the resamples.
    method : "shapley" (exact, up to ``SHAPLEY_MAX_THEMES`` = 12 themes in the model),
        "relative_weights", or "auto" (Shapley when the themes fit, else relative weights).

    Returns
    -------
    DataFrame
        One row per theme, ranked themes first (by importance), then the flagged ones by size:
        the ``by`` columns, ``theme``, ``label``, ``n`` (respondents with a comment and a valid
        answer who mention it), ``share`` (% of those respondents), ``value`` (the metric over
        them), ``effect``, ``effect_low``, ``effect_high``, ``effect_significant`` (the interval
        excludes 0; NA without one), ``importance``, ``importance_low``, ``importance_high`` (% of the model's R²),
        ``rank``, ``impact``, ``impact_p``, ``impact_significant`` (``summarize``'s impact, for
        comparison), ``disagrees`` (impact and effect tell different stories; NA where ``effect_significant``
        is), ``quadrant``
        (``fix_first``, ``watch``, ``maintain``, ``low_priority``) and ``below_min_n``. ``attrs``
        holds the settings and the model's ``r2`` with its interval.

    Examples
    --------
    Late deliveries pull NPS down; half the respondents who mention them mention the app too (with exactly one
    theme each, the effects could not be told apart from the baseline: a ``DataError``).

    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> late, also_app = rng.random(600) < 0.3, rng.random(600) < 0.5
    >>> df = pd.DataFrame({"cx_touchpoints": np.where(late, np.where(also_app, "delivery|app", "delivery"), "app"),
    ...                    "nps": np.where(late, rng.integers(0, 9, 600), rng.integers(6, 11, 600))})
    >>> d = drivers(df, "nps", n_boot=200)
    >>> d[["theme", "effect_significant"]].values.tolist()
    [['delivery', True], ['app', False]]
    >>> d.loc[d["theme"] == "delivery", "effect"].round(0).item() < -40
    True
    """
    frame = analysed_frame(frame, "drivers")
    if not (isinstance(min_n, (int, np.integer)) and not isinstance(min_n, bool) and min_n >= 1):  # True is no n
        raise ConfigError(f"min_n must be a whole number >= 1, got {shown_value(min_n)}.")
    if not (isinstance(n_boot, (int, np.integer)) and not isinstance(n_boot, bool)  # True is no count
            and (n_boot == 0 or MIN_BOOT <= n_boot <= MAX_BOOT)):
        raise ConfigError(f"n_boot must be 0 (no intervals) or a whole number from {MIN_BOOT} (the resamples of a 95% "
                          f"interval) to {MAX_BOOT:,}, got {shown_value(n_boot)}.")
    if not (isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and seed >= 0):  # as compare's seed
        raise ConfigError(f"seed must be a whole number >= 0, got {shown_value(seed)}.")
    if not isinstance(method, str) or method not in METHODS:  # (a Series: 'truth value ... is ambiguous')
        raise ConfigError(f"method {shown_value(method)} is not known; expected one of {choices(METHODS)}.")
    if metric is None and str(score).strip().lower() not in registered():
        # The column first: a misspelt one is "not found", not a question about which metric it holds.
        find_column(frame.columns, score, "score column")
    metric = _metric(score, metric)
    column = find_column(frame.columns, score, f"{metric.label} column")
    by = list(by) if isinstance(by, Iterator) else by  # read twice (here, and by summarize): a generator once
    dims = resolve_by(frame, by)
    if not dims:
        raise DataError("drivers needs themes: by=None leaves nothing to compare; give e.g. by='touchpoints'.")
    return _drivers(frame, column, metric, dims, by, min_n, int(n_boot), int(seed), method)


def _metric(score: str, metric) -> Metric:
    if isinstance(metric, Metric):
        return metric
    if isinstance(metric, type) and issubclass(metric, Metric):
        return metric()
    if metric is None:
        name = str(score).strip().lower()
        if name not in registered():
            raise DataError(f"say which metric the column {score!r} holds: metric='nps', 'csat' or 'ces' "
                            f"(or a Metric); registered metrics are {registered()}.")
        return get(name)()
    return get(metric)()


def _drivers(frame, column, metric, dims, by, min_n, n_boot, seed, method) -> pd.DataFrame:
    y, reason = metric.values(frame[column])
    labelled = labelled_rows(frame)
    # Label themes can only be mentioned in a labelled comment; a user column gives every row a theme.
    commented = any(is_label_column(col) for _, col in dims)
    eligible = labelled if commented else np.ones(len(frame), dtype=bool)
    keep = eligible & ~np.isnan(y)
    n_rows = int(keep.sum())
    if n_rows < 3:
        raise _few_answers(column, n_rows, reason[eligible], commented)
    rows, ids, cats = theme_pairs(frame, dims, labelled)
    position = np.full(len(frame), -1)
    position[keep] = np.arange(n_rows)
    in_model = keep[rows]
    rows, ids = position[rows[in_model]], ids[in_model]
    n = np.bincount(ids, minlength=len(cats))
    present = np.flatnonzero(n)
    if not present.size:
        # No theme to compare (a store column left blank in the export): said here, not as a merge of two empty
        # tables that pandas refuses.
        raise _no_theme(frame, dims, labelled, keep, column)
    names = np.array([" × ".join(theme_id(v) for v in theme) for theme in cats], dtype=object)
    # A theme every respondent mentions has nothing to be compared with, and one that fewer than min_n do not
    # mention would be compared with those few alone (app in 298 of 300 comments: effect +52, rank 1, "maintain",
    # from 2 answers): the respondents without a theme need min_n as those with it do. The model's columns in the
    # order of the themes' names, not of their first mention: its sums, and the bootstrap's cells, then do not
    # depend on the order of the rows.
    ranked = present[(n[present] >= min_n) & (n_rows - n[present] >= min_n)]
    ranked = ranked[np.argsort(names[ranked], kind="stable")]
    slot = np.full(len(cats), -1)
    slot[ranked] = np.arange(ranked.size)
    hit = slot[ids] >= 0
    # The model's ones as distinct (row, column) pairs: whether it can be fit is decided from these, before the
    # dense matrix of respondents x themes is built (a column of thousands of values would make it gigabytes).
    pair = np.unique(rows[hit].astype(np.int64) * max(ranked.size, 1) + slot[ids[hit]])
    x_rows, x_cols = pair // max(ranked.size, 1), pair % max(ranked.size, 1)
    baseline = int(n_rows - np.unique(x_rows).size)
    # Past MAX_THEMES the rank of the (themes + 1)² counts is not taken (3,000 stores: a minute; 20,000: hours, 3 GB):
    # only the cheap signs of themes not told apart, then the cap.
    many = ranked.size > MAX_THEMES
    if ranked.size and (not identified_pairs(x_rows, x_cols, n_rows, ranked.size, rank=not many)
                        or many and twins_of(x_rows, x_cols, ranked.size, list(names[ranked]))):
        # Some mix of the themes' indicators is the constant (as when each respondent has exactly one theme):
        # no split of the score among them fits better than another, and any one shown would be arbitrary.
        twins = twins_of(x_rows, x_cols, ranked.size, list(names[ranked]))
        if twins:
            error = DataError(f"drivers cannot tell '{twins[0]}' and '{twins[1]}' apart: the same respondents mention "
                              f"both, so their effects are not identified. Merge them, or compare the themes with "
                              f"summarize's impact.")
            error.twins = twins  # (the report says it in its own words)
            raise error
        raise _unidentified(ranked.size, min_n, baseline, n_rows, dims)
    if many:
        error = DataError(f"drivers fits at most {MAX_THEMES} themes and {ranked.size} have at least min_n={min_n} "
                          f"respondents; raise min_n, or compare the themes with summarize's impact.")
        error.too_many = MAX_THEMES  # (the report says it in its own words)
        raise error
    x = np.zeros((n_rows, ranked.size), dtype=bool)
    x[x_rows, x_cols] = True
    if baseline < max(min_n, 2) and baseline_needed(x):
        # Told apart only through the few respondents who mention none (two blank cells in a region column, or one
        # respondent of a country below min_n): every effect would be a difference from those few answers, and the
        # quadrants and "fix first" verdicts would rest on them. The baseline needs min_n respondents, as a theme
        # does to be ranked; refused otherwise, as with no baseline, naming who the baseline is.
        raise _small_baseline(ranked.size, min_n, baseline, n_rows, dims, _baseline_parts(rows, ids, x_rows, n_rows,
                                                                                          slot, names),
                              many={str(t) for t in names[present[n[present] >= min_n]]})
    used = method if method != "auto" else ("shapley" if ranked.size <= SHAPLEY_MAX_THEMES else "relative_weights")
    if used == "shapley" and ranked.size > SHAPLEY_MAX_THEMES:
        raise DataError(f"method='shapley' is exact over at most {SHAPLEY_MAX_THEMES} themes and {ranked.size} "
                        f"have at least min_n={min_n} respondents; raise min_n or use method='relative_weights'.")
    fit = fit_model(x, y[keep], used, n_boot, seed)

    # Only the table's own columns (COLUMNS) before the merge with the summary: its by columns, named as resolve_by
    # names them, are never one of those (a 'theme_id' of the user's collided with one kept here).
    table = pd.DataFrame({"n": n[present], "share": 100.0 * n[present] / n_rows})
    for name in ("effect", "effect_low", "effect_high", "importance", "importance_low", "importance_high"):
        values = np.full(len(cats), np.nan)
        values[ranked] = fit[name]
        table[name] = values[present]
    table["theme"] = names[present]
    table["below_min_n"] = ~np.isin(present, ranked)
    table, answers = _with_summary(table, frame, column, metric, by, min_n)
    table, median = _judge(table)
    attrs = {"by": [name for name, _ in dims], "metric": metric.name, "label": metric.label, "column": column,
             "settings": metric.settings(), "method": used, "n_boot": n_boot, "seed": seed, "min_n": int(min_n),
             "respondents": n_rows, "baseline": baseline, "themes_in_model": int(ranked.size), "r2": fit["r2"],
             "r2_low": fit["r2_low"], "r2_high": fit["r2_high"], "share_median": median,
             "stratified": fit["stratified"], "constant_share": fit["constant_share"], "answers": answers}
    attrs["interval_note"] = interval_note(table, attrs, baseline)
    attrs["few_without"] = few_without(table, n_rows, int(min_n))
    table = table[[*attrs["by"], *COLUMNS]]
    table.attrs = attrs
    return table


def _few_answers(column: str, found: int, reasons: np.ndarray, commented: bool) -> DataError:
    """The error for fewer than 3 valid answers, with the answers left out and why, as summarize counts them: a
    column of words read "found 0", as if it were blank, and a column of yours was said to need comments."""
    who = "respondents with a labelled comment" if commented else "respondents"
    words = {BLANK: "blank", OUT_OF_RANGE: "out of range", NON_NUMERIC: "not numeric"}  # summarize's
    left_out = ", ".join(f"{count} {word}" for code, word in words.items() if (count := int((reasons == code).sum())))
    return DataError(f"drivers needs at least 3 valid answers to {column!r} from {who}; found {found}"
                     + (f" (left out: {left_out})." if left_out else "."))


def _the_themes(k: int, min_n: int) -> str:
    """The ``k`` ranked themes as the errors name them: 'the only theme' for one, not 'the 1 themes'."""
    return f"the {'only theme' if k == 1 else f'{k} themes'} with {min_n} or more respondents"


def _unidentified(k: int, min_n: int, baseline: int, n_rows: int, dims) -> DataError:
    """The error for ``k`` themes told apart from none (``error.unidentified``, for the report's own words)."""
    if k == 1:
        one = f"{baseline} of the {n_rows} respondents {'does' if baseline == 1 else 'do'} not mention it"
    else:
        one = (f"{baseline} of the {n_rows} respondents mention none of them and too few mention two (as when each "
               f"has exactly one {' × '.join(_named(dims))})")
    error = DataError(f"drivers cannot tell {_the_themes(k, min_n)} apart from the baseline: {one}, so "
                      f"{'its effect is' if k == 1 else 'their effects are'} not identified. Compare the themes with "
                      f"summarize's impact instead.")
    error.unidentified = True
    return error


def _baseline_parts(rows, ids, x_rows, n_rows, slot, names) -> tuple[int, dict[str, int]]:
    """Who the baseline's respondents are: how many carry no theme at all (a blank cell), and, of the themes left
    out of the model (below min_n), how many of them mention each ({name: respondents}, the largest first)."""
    in_baseline = np.ones(n_rows, dtype=bool)
    in_baseline[x_rows] = False
    some = np.zeros(n_rows, dtype=bool)
    some[rows] = True
    left_out = in_baseline[rows] & (slot[ids] < 0)
    counted_ = pd.Series(names[ids[left_out]]).value_counts(sort=False)
    counted_ = counted_.iloc[np.lexsort((counted_.index.astype(str), -counted_.to_numpy()))]
    return int((in_baseline & ~some).sum()), {str(k): int(v) for k, v in counted_.items()}


def _small_baseline(k: int, min_n: int, baseline: int, n_rows: int, dims, parts, many=frozenset()) -> DataError:
    """The error for ``k`` themes told apart only through a ``baseline`` of fewer than ``min_n`` respondents (or of
    one), naming who they are: ``parts`` from ``_baseline_parts`` (``error.unidentified``, for the report's own
    words; ``error.baseline``, the parts)."""
    blank, rare = parts
    named = " × ".join(_named(dims))
    user = any(not is_label_column(col) for _, col in dims)
    who = []
    if blank:
        who.append(f"{blank} with {'a blank' if blank == 1 else 'blank'} {named} cell{'' if blank == 1 else 's'}"
                   if user else f"{blank} whose comment mentions no {named}")
    if rare:  # no blank cell needed: a value of --by below min_n is left out of the model, its respondents with it
        r = baseline - blank
        listed = ", ".join(f"{name!r} ({m})" for name, m in list(rare.items())[:3])
        more = f" and {len(rare) - 3} more" if len(rare) > 3 else ""
        # ``many``: themes of min_n respondents or more, left out for fewer than min_n without them ('few without')
        without = f", or fewer than min_n={min_n} without them," if many.intersection(rare) else ""
        who.append(f"{r} {'is' if r == 1 else 'are'} only in {named} values with fewer than min_n={min_n} "
                   f"respondents{without or ','} left out of the model: {listed}{more}")
    said = f" ({'; '.join(who)})" if who else ""
    small = ("one answer is no baseline" if baseline == 1 else
             f"fewer than min_n={min_n}, the respondents a theme needs to be ranked, are too few to measure effects "
             f"from")
    they, none, effects = (("it is", "do not mention it", "its effect and \"fix first\" verdict") if k == 1 else
                           ("they are", "mention none of them", "the effects and \"fix first\" verdicts"))
    error = DataError(f"drivers cannot measure {_the_themes(k, min_n)}: {they} told apart only through the "
                      f"respondents who {none} (the baseline every effect is a difference from), and only {baseline} "
                      f"of the {n_rows} respondents {'does' if baseline == 1 else 'do'}{said}; {small}, and {effects} "
                      f"would be those few answers' scores. Compare the themes with summarize's impact instead.")
    error.unidentified = True
    error.baseline = {"blank": blank, "below_min_n": rare}
    return error


def _no_theme(frame, dims, labelled, keep, column) -> DataError:
    """The error for respondents none of whom carries a theme of ``dims``, naming the column of yours that is blank
    in every row (``error.blank``, for the report's own words), else saying which comments could carry one."""
    blank = blank_columns(frame, dims, labelled)
    named = " × ".join(_named(dims))
    if blank:
        where = " and ".join(repr(str(col)) for col in blank)
        message = (f"drivers has no theme to compare: no respondent has a value in {where}; give --by (by=) a column "
                   f"that is filled in.")
    else:
        message = (f"drivers has no theme to compare: none of the {int(keep.sum())} respondents with a labelled "
                   f"comment and an answer to {column!r} carries a theme of {named}; give --by (by=) themes that they "
                   f"carry.")
    error = DataError(message)
    error.blank = blank
    return error


def _named(dims: list[tuple[str, str]]) -> list[str]:
    """The dimensions as the user named them: an axis by its name, a column of theirs by its own (not 'by_test')."""
    return [str(column) if not is_label_column(column) else name for name, column in dims]


def _with_summary(table: pd.DataFrame, frame, column, metric, by, min_n) -> tuple[pd.DataFrame, dict]:
    """The theme's columns, label, metric value and simple impact, as ``summarize`` gives them, and its count of the
    score's answers (``attrs["metrics"]``: valid, blank, out of range, not numeric), for the command's warnings."""
    s = summarize(frame, by=by, metrics=[(column, metric)], min_n=min_n)
    m = metric.name
    keep = [*s.attrs["by"], "theme", "label", m, f"{m}_impact", f"{m}_impact_p", f"{m}_impact_significant"]
    renamed = {m: "value", f"{m}_impact": "impact", f"{m}_impact_p": "impact_p",
               f"{m}_impact_significant": "impact_significant"}
    answers = dict(s.attrs["metrics"][m])
    return table.merge(s[keep].rename(columns=renamed), on="theme", how="left", validate="one_to_one"), answers


def _judge(table: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """Rank, significance, disagreement with the simple impact, and the priority-matrix quadrant
    (effect below or above 0, share below or at least the median share of the ranked themes)."""
    ranked = ~table["below_min_n"]
    # Unknown (NA) without an interval (n_boot=0, or one withheld): False read as "not significant", and every theme
    # with a significant impact was marked as disagreeing.
    excludes_zero = ((table["effect_low"] > 0) | (table["effect_high"] < 0)).astype("boolean")
    excludes_zero[table["effect_low"].isna() | table["effect_high"].isna()] = pd.NA
    table["effect_significant"] = ranked.astype("boolean") & excludes_zero
    # Rank by importance (NaN, as when the score does not vary, last), then by size.
    order = np.lexsort((table["theme"].to_numpy(), -table["n"].to_numpy(),
                        -np.nan_to_num(table["importance"].to_numpy(dtype=float), nan=-np.inf)))
    order = order[ranked.to_numpy()[order]]
    rank = np.zeros(len(table), dtype=np.int64)
    rank[order] = np.arange(1, order.size + 1)
    # A score that never varies leaves every importance NaN: nothing to rank by.
    table["rank"] = pd.Series(rank, index=table.index, dtype="Int64").where(ranked & table["importance"].notna())
    impact_significant = table["impact_significant"].fillna(False).astype(bool)
    opposite = np.sign(table["impact"]) != np.sign(table["effect"])
    # (Kleene logic: unknown where the effect's significance is, False for a theme left out of the model.)
    table["disagrees"] = ranked.astype("boolean") & ((impact_significant != table["effect_significant"])
                                                     | (impact_significant & table["effect_significant"] & opposite))
    median = float(table.loc[ranked, "share"].median()) if ranked.any() else np.nan
    # No quadrant where the model explains nothing (a score that never varies: importance is NaN, and an
    # effect's sign is floating-point noise).
    table["quadrant"] = [QUADRANTS[(bool(e < 0), bool(s >= median))] if r and np.isfinite(e) and np.isfinite(i)
                         else None for e, s, r, i in zip(table["effect"], table["share"], ranked, table["importance"])]
    last = np.iinfo(np.int64).max
    order = np.lexsort((table["theme"].to_numpy(), -table["n"].to_numpy(),
                        table["rank"].fillna(last).to_numpy(dtype=np.int64)))
    return table.iloc[order].reset_index(drop=True), median


__all__ = ["COLUMNS", "METHODS", "MIN_DEFINED", "N_BOOT", "QUADRANTS", "SEED", "SHAPLEY_MAX_THEMES", "drivers"]
