"""``summarize``: sentiment, NPS/CSAT/CES and their impact per theme (docs/metrics.md).

A theme is a value of one or more columns: a label axis of the classified output
(touchpoints, areas, stage, sentiment; multi-label cells split on ``|``, a comment counting in
each of its themes), a combination (``"touchpoints×sentiment"``), or any user column (region,
channel). The work is a handful of ``np.bincount`` calls over (row, theme) pairs, so a million
rows take seconds and memory grows with the rows, not with the number of themes.

Impact follows Thematic's definition, ``metric(all) - metric(all without the theme)``. Since
``metric(all)`` is the ``n``-weighted mean of the theme and the rest, impact is
``w * (metric(theme) - metric(rest))`` and is non-zero exactly when the theme differs from the
rest; the flag is therefore a two-sample z-test of theme against rest, with the variance pooled
over all respondents (the null hypothesis is that the theme's respondents answer like
everyone else: the two-proportion z-test generalised to the NPS's -100/0/+100 values, and the
normal approximation of a permutation test). Themes are not corrected for multiple testing:
read a flag among many themes as a lead, and mind ``below_min_n``.
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
import warnings

import numpy as np
import pandas as pd
from scipy.special import erfc

from .exceptions import DataError
from .metrics import BLANK, NON_NUMERIC, OUT_OF_RANGE, ces_spec, csat_spec, interval_stats, nps_spec
from .schema import LABEL_SEP, SENTIMENTS, display_name

#: Rows whose labels count for themes; other statuses still count in the overall metrics.
LABELLED_STATUSES = ("ok", "truncated")
_AXIS_COLUMNS = {"touchpoint": "cx_touchpoints", "touchpoints": "cx_touchpoints", "area": "cx_areas",
                 "areas": "cx_areas", "stage": "cx_stage", "stages": "cx_stage", "sentiment": "cx_sentiment"}
_MULTI_COLUMNS = ("cx_touchpoints", "cx_areas", "cx_stage")
PERIODS = {"week": "week", "semana": "week", "month": "month", "mes": "month",
           "quarter": "quarter", "trimestre": "quarter"}
DATE_CANDIDATES = ("fecha", "date", "fecha_respuesta", "fecha_de_respuesta", "fecha_encuesta", "timestamp",
                   "created_at", "submitted_at", "submitdate", "end_date", "fecha_fin", "start_date", "fecha_inicio")
COMBINE = "×"


def summarize(frame: pd.DataFrame, by: str | list[str] | None = "touchpoints", *, nps: str | None = None,
              csat: str | None = None, ces: str | None = None, period: str | None = None, date: str | None = None,
              min_n: int = 30, csat_scale: tuple[int, int] = (1, 5), csat_cutoff: float | None = None,
              csat_method: str = "top2", ces_scale: tuple[int, int] = (1, 7), ces_method: str = "mean",
              ces_cutoff: float | None = None, alpha: float = 0.05) -> pd.DataFrame:
    """Sentiment and NPS/CSAT/CES per theme, with each theme's impact on the metric.

    Parameters
    ----------
    frame : DataFrame, usually the output of ``Model.classify_frame`` plus the survey's score columns.
    by : "touchpoints", "areas", "stage", "sentiment" (the ``cx_`` columns), any other column
        (region, channel), a combination ``"touchpoints×sentiment"`` (or ``x``, ``*``, ``+``, ``,``
        between the names) or a list of those, or None
        for one overall row. Only rows with ``cx_status`` ok/truncated carry label themes; rows
        without comments still count in ``metric(all)`` and for user columns.
    nps, csat, ces : score columns (0-10, CSAT scale, CES scale); a metric is left out when None.
    period : "week", "month" or "quarter" (or semana/mes/trimestre): one row per theme and period.
    date : date column for ``period``; detected from common names (fecha, date...) when None.
    min_n : themes with fewer rows are kept but flagged ``below_min_n``.
    csat_scale, csat_cutoff, csat_method : see ``cxnlp.metrics.csat``.
    ces_scale, ces_method, ces_cutoff : see ``cxnlp.metrics.ces``.
    alpha : significance level of the impact flags.

    Returns
    -------
    DataFrame
        One row per theme (and period), largest first: the ``by`` columns, ``period``, ``theme``
        (ids joined by " × "), ``label`` (Spanish names), ``n``, ``share`` (% of the rows that carry
        a theme; multi-label shares add up to more than 100), ``positive``/``neutral``/``negative``/
        ``mixed`` (% of the theme's comments), ``net_sentiment`` (% positive - % negative), then per
        metric ``M``: ``M``, ``M_low``, ``M_high`` (95% interval), ``M_n`` (valid answers),
        ``M_blank``, ``M_out_of_range``, ``M_non_numeric`` (excluded answers), ``M_impact``,
        ``M_impact_p`` and ``M_impact_significant``; and ``below_min_n``. ``attrs`` records the
        settings and the overall exclusions.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"cx_status": ["ok"] * 4 + ["empty"],
    ...                    "cx_sentiment": ["negative", "positive", "mixed", "positive", None],
    ...                    "cx_touchpoints": ["delivery|support", "app", "app|delivery", "app", None],
    ...                    "nps": [2, 10, 7, 9, "9,0"]})
    >>> s = summarize(df, by="touchpoints", nps="nps", min_n=2)
    >>> s[["theme", "n", "nps", "nps_impact"]].round(1).to_dict("records")[:2]
    [{'theme': 'app', 'n': 3, 'nps': 66.7, 'nps_impact': 40.0}, {'theme': 'delivery', 'n': 2, 'nps': -50.0, 'nps_impact': -60.0}]
    """
    if not isinstance(frame, pd.DataFrame):
        raise DataError(f"summarize expects a pandas DataFrame, got {type(frame).__name__}.")
    if not (isinstance(min_n, (int, np.integer)) and min_n >= 1):
        raise DataError(f"min_n must be a whole number >= 1, got {min_n!r}.")
    if not 0 < alpha < 1:
        raise DataError(f"alpha must be between 0 and 1, got {alpha!r}.")
    specs = {"nps": (nps, nps_spec), "csat": (csat, lambda: csat_spec(csat_scale, csat_cutoff, csat_method)),
             "ces": (ces, lambda: ces_spec(ces_scale, ces_method, ces_cutoff))}
    metrics = {m: (_column(frame, col, f"{m.upper()} column"), make()) for m, (col, make) in specs.items() if col is not None}
    n_rows = len(frame)
    labelled = (frame["cx_status"].isin(LABELLED_STATUSES).to_numpy() if "cx_status" in frame
                else np.ones(n_rows, dtype=bool))
    dims = _resolve_by(frame, by)
    rows, theme, cats = _theme_pairs(frame, dims, labelled)

    attrs = {"by": [name for name, _ in dims], "period": None, "min_n": int(min_n), "alpha": alpha,
             "rows": n_rows, "themed_rows": int(np.unique(rows).size), "date_column": None, "date_excluded": 0,
             "metrics": {m: {"column": col, "method": s.method, "scale": list(s.scale), "cutoff": s.cutoff}
                         for m, (col, s) in metrics.items()}}
    if period is not None:
        if period not in PERIODS:
            raise DataError(f"period {period!r} is not known; expected one of {sorted(set(PERIODS.values()))}.")
        date_col = _column(frame, date, "date column") if date is not None else _detect_date(frame, period)
        row_period, period_labels = _periods(frame[date_col], PERIODS[period])
        attrs.update(period=PERIODS[period], date_column=date_col, date_excluded=int((row_period < 0).sum()))
    else:
        row_period, period_labels = np.zeros(n_rows, dtype=np.int64), [None]
    n_periods = len(period_labels)

    keep = row_period[rows] >= 0
    rows, theme = rows[keep], theme[keep]
    group = theme * n_periods + row_period[rows]
    size = len(cats) * n_periods
    count = np.bincount(group, minlength=size)
    present = np.flatnonzero(count)
    g_theme, g_period = present // n_periods, present % n_periods
    n = count[present]

    out: dict[str, object] = {}
    for j, (name, _) in enumerate(dims):
        out[name] = [cats[t][j] for t in g_theme]
    if period is not None:
        out["period"] = [period_labels[p] for p in g_period]
    out["theme"] = [f" {COMBINE} ".join(str(v) for v in cats[t]) for t in g_theme]
    out["label"] = [f" {COMBINE} ".join(display_name(str(v)) if col.startswith("cx_") else str(v)
                                        for v, (_, col) in zip(cats[t], dims)) or "Total" for t in g_theme]
    out["n"] = n
    themed = np.zeros(n_rows, dtype=bool)
    themed[rows] = True
    base = np.bincount(row_period[themed], minlength=n_periods)
    out["share"] = 100.0 * n / base[g_period]
    out.update(_sentiment_columns(frame, labelled, rows, group, size, present))

    valid_period = row_period >= 0
    for m, (_, spec) in metrics.items():
        y, reason = spec.values(frame[metrics[m][0]])
        yr, ok = y[rows], ~np.isnan(y[rows])
        gn = np.bincount(group, weights=ok, minlength=size)[present]
        s1 = np.bincount(group, weights=np.where(ok, yr, 0.0), minlength=size)[present]
        s2 = np.bincount(group, weights=np.where(ok, yr * yr, 0.0), minlength=size)[present]
        value, _, low, high = interval_stats(spec, gn, s1, s2)
        reasons = np.bincount(group * 4 + reason[rows], minlength=size * 4).reshape(size, 4)[present]
        all_ok = valid_period & ~np.isnan(y)
        tn = np.bincount(row_period[all_ok], minlength=n_periods).astype(float)[g_period]
        t1 = np.bincount(row_period[all_ok], weights=y[all_ok], minlength=n_periods)[g_period]
        t2 = np.bincount(row_period[all_ok], weights=y[all_ok] ** 2, minlength=n_periods)[g_period]
        impact, p = _impact(spec, gn, s1, tn, t1, t2)
        out.update({m: value, f"{m}_low": low, f"{m}_high": high, f"{m}_n": gn.astype(np.int64),
                    f"{m}_blank": reasons[:, BLANK], f"{m}_out_of_range": reasons[:, OUT_OF_RANGE],
                    f"{m}_non_numeric": reasons[:, NON_NUMERIC], f"{m}_impact": impact, f"{m}_impact_p": p,
                    f"{m}_impact_significant": p < alpha})
        attrs["metrics"][m].update(blank=int((reason == BLANK).sum()), out_of_range=int((reason == OUT_OF_RANGE).sum()),
                                   non_numeric=int((reason == NON_NUMERIC).sum()), valid=int((reason == 0).sum()))
    out["below_min_n"] = n < min_n

    result = pd.DataFrame(out)
    total = result.groupby("theme", sort=False)["n"].transform("sum") if period is not None else result["n"]
    order = np.lexsort(((result["period"] if period is not None else result["theme"]).to_numpy(),
                        result["theme"].to_numpy(), -total.to_numpy()))
    result = result.iloc[order].reset_index(drop=True)
    result.attrs = attrs
    return result


# -- themes -----------------------------------------------------------------------------------
def _fold(name) -> str:
    name = unicodedata.normalize("NFKD", str(name).strip().lower())
    return "".join(c for c in name if not unicodedata.combining(c)).replace(" ", "_")


def _column(frame: pd.DataFrame, name: str, what: str) -> str:
    """``name`` if it is a column of ``frame``, else the column equal to it without case and accents."""
    if name in frame.columns:
        return name
    matches = [c for c in frame.columns if _fold(c) == _fold(name)]
    if len(matches) == 1:
        return matches[0]
    raise DataError(f"{what} {name!r} not found; the table has columns {list(frame.columns)}.")


def _resolve_by(frame: pd.DataFrame, by) -> list[tuple[str, str]]:
    """``[(output name, column)]`` for each dimension of ``by``; [] for the overall row."""
    if by is None:
        return []
    if isinstance(by, str):
        if by in frame.columns or by.lower() in _AXIS_COLUMNS:
            parts = [by]
        else:
            for sep in (" x ", "*", "+", ","):
                by = by.replace(sep, COMBINE)
            parts = [p.strip() for p in by.split(COMBINE)]
    else:
        parts = list(by)
    if not parts or not all(isinstance(p, str) and p.strip() for p in parts):
        raise DataError(f"by must name one or more columns, e.g. 'touchpoints' or 'touchpoints×sentiment'; got {by!r}.")
    dims = []
    for part in parts:
        column = _AXIS_COLUMNS.get(part.lower())
        if column is None:
            column = _column(frame, part, "Theme column (by)")
        elif column not in frame.columns:
            raise DataError(f"by={part!r} needs the classified column {column!r}; classify the comments first "
                            f"(Model.classify_frame or 'cxnlp classify'). The table has {list(frame.columns)}.")
        dims.append((column[3:] if column in _AXIS_COLUMNS.values() else column, column))
    return dims


def _theme_pairs(frame: pd.DataFrame, dims, labelled: np.ndarray):
    """(row, theme id) pairs, one per theme of each row, and each theme id's tuple of values."""
    if not dims:
        return np.arange(len(frame)), np.zeros(len(frame), dtype=np.int64), [("all",)]
    rows, ids, cats = None, None, [()]
    for _, column in dims:
        r, i, c = _column_pairs(frame[column], column in _MULTI_COLUMNS,
                                labelled if column.startswith("cx_") else None)
        if rows is None:
            rows, ids, cats = r, i, [(v,) for v in c]
            continue
        joined = pd.DataFrame({"r": rows, "a": ids}).merge(pd.DataFrame({"r": r, "b": i}), on="r", sort=True)
        codes, uniques = pd.factorize(joined["a"].to_numpy() * len(c) + joined["b"].to_numpy())
        cats = [cats[u // len(c)] + (c[u % len(c)],) for u in uniques]
        rows, ids = joined["r"].to_numpy(), codes.astype(np.int64)
    return rows, ids, cats


def _column_pairs(series: pd.Series, multi: bool, mask: np.ndarray | None):
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if mask is not None:
        codes = np.where(mask, codes, -1)
    labels_of = [_cell_labels(u, multi) for u in uniques]
    vocab = {label: k for k, label in enumerate(dict.fromkeys(lab for labs in labels_of for lab in labs))}
    lengths = np.array([len(labs) for labs in labels_of] + [0], dtype=np.int64)
    flat = np.array([vocab[lab] for labs in labels_of for lab in labs], dtype=np.int64)
    starts = np.append(np.cumsum(lengths[:-1]) - lengths[:-1], 0)
    per_row = lengths[codes]  # code -1 picks the trailing 0
    rows = np.repeat(np.arange(len(series)), per_row)
    within = np.arange(rows.size) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    return rows, flat[np.repeat(starts[codes], per_row) + within], list(vocab)


def _cell_labels(value, multi: bool) -> list:
    if isinstance(value, str):
        parts = value.split(LABEL_SEP) if multi else [value]
        return list(dict.fromkeys(p.strip() for p in parts if p.strip()))
    return [value]


# -- periods ----------------------------------------------------------------------------------
def _detect_date(frame: pd.DataFrame, period: str) -> str:
    folded = {_fold(c): c for c in frame.columns}
    for candidate in DATE_CANDIDATES:
        if candidate in folded:
            return folded[candidate]
    raise DataError(f"period={period!r} needs a date column; name it with date=... (--date). "
                    f"The table has columns {list(frame.columns)}.")


def _to_datetime(series: pd.Series) -> np.ndarray:
    """datetime64[D] per row (NaT where unreadable); day-first text (15/07/2024) as Spanish Excel writes it."""
    if pd.api.types.is_datetime64_any_dtype(series):
        values = series.dt.tz_localize(None) if getattr(series.dt, "tz", None) is not None else series
        return values.to_numpy("datetime64[ns]").astype("datetime64[D]")
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    text = pd.Series(uniques, dtype=object).map(lambda v: v.strip() if isinstance(v, str) else v)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
        for attempt in ({"dayfirst": True}, {"dayfirst": True, "format": "mixed"}):
            todo = parsed.isna() & text.notna() & (text != "")
            if not todo.any() or (attempt.get("format") and todo.sum() > 50_000):
                break
            parsed[todo] = pd.to_datetime(text[todo], errors="coerce", utc=True, **attempt)
    days = parsed.dt.tz_localize(None).to_numpy("datetime64[ns]").astype("datetime64[D]")
    return np.append(days, np.datetime64("NaT", "D"))[codes]


def _periods(series: pd.Series, period: str) -> tuple[np.ndarray, list[str]]:
    """Period index per row (-1 without a readable date) and the sorted period labels."""
    days = _to_datetime(series)
    ok = ~np.isnat(days)
    if period == "week":  # ISO weeks start on Monday; 1970-01-01 was a Thursday
        d = days[ok].astype(np.int64)
        key = d - (d + 3) % 7
    else:
        key = days[ok].astype("datetime64[M]").astype(np.int64)
        key = key // 3 if period == "quarter" else key
    uniq, inverse = np.unique(key, return_inverse=True)
    out = np.full(days.size, -1, dtype=np.int64)
    out[ok] = inverse
    return out, [_period_label(int(k), period) for k in uniq]


def _period_label(key: int, period: str) -> str:
    if period == "month":
        return f"{1970 + key // 12}-{key % 12 + 1:02d}"
    if period == "quarter":
        return f"{1970 + key // 4}-Q{key % 4 + 1}"
    year, week, _ = (_dt.date(1970, 1, 1) + _dt.timedelta(days=key)).isocalendar()
    return f"{year}-W{week:02d}"


# -- sentiment and impact ---------------------------------------------------------------------
def _sentiment_columns(frame, labelled, rows, group, size, present) -> dict[str, np.ndarray]:
    if "cx_sentiment" not in frame:
        return {s: np.full(present.size, np.nan) for s in (*SENTIMENTS, "net_sentiment")}
    codes, uniques = pd.factorize(frame["cx_sentiment"], use_na_sentinel=True)
    labels = list(SENTIMENTS) + sorted(set(map(str, uniques)) - set(SENTIMENTS))
    to_label = np.array([labels.index(str(u)) for u in uniques] + [-1], dtype=np.int64)
    code = np.where(labelled, to_label[codes], -1)[rows]
    has = code >= 0
    k = len(labels)
    counts = np.bincount(group[has] * k + code[has], minlength=size * k).reshape(size, k)[present]
    total = counts.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(total[:, None] > 0, 100.0 * counts / total[:, None], np.nan)
    out = {label: pct[:, j] for j, label in enumerate(labels)}
    out["net_sentiment"] = out["positive"] - out["negative"]
    return out


def _impact(spec, gn, s1, tn, t1, t2) -> tuple[np.ndarray, np.ndarray]:
    """Impact ``metric(all) - metric(rest)`` and the two-sided p-value of theme vs rest (pooled variance)."""
    rn = tn - gn
    with np.errstate(divide="ignore", invalid="ignore"):
        all_value = t1 / tn
        rest_value = np.where(rn > 0, (t1 - s1) / rn, np.nan)
        impact = all_value - rest_value
        pooled = np.maximum(t2 - tn * all_value**2, 0.0) / (tn - spec.ddof)
        se = np.sqrt(pooled * (1.0 / gn + 1.0 / rn))
        z = (s1 / gn - rest_value) / se
        p = np.where((gn > 0) & (rn > 0) & (se > 0), erfc(np.abs(z) / np.sqrt(2.0)), np.nan)
    return impact, p
