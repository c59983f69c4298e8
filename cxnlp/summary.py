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
import numbers
import re
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
              ces_cutoff: float | None = None, alpha: float = 0.05, dayfirst: bool | None = None) -> pd.DataFrame:
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
    date : date column for ``period``; detected from common names (fecha, date...) when None. Dates may
        be datetimes, text (ISO, d/m/y, m/d/y) or Excel serial numbers, mixed in one column. Dates
        before 1900 or after 2100 are excluded and counted (``attrs["date_out_of_range"]``), as are
        unreadable ones (all in ``attrs["date_excluded"]``).
    dayfirst : read 05/01/2024 as 5 January (True) or May 1 (False). None decides once for the column
        from all its values (13/01 is day first, 01/13 month first; majority wins, day first on a tie);
        ``attrs["dayfirst"]`` says what was used.
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
             "date_out_of_range": 0, "dayfirst": dayfirst,
             "metrics": {m: {"column": col, "method": s.method, "scale": list(s.scale), "cutoff": s.cutoff}
                         for m, (col, s) in metrics.items()}}
    if period is not None:
        if period not in PERIODS:
            raise DataError(f"period {period!r} is not known; expected one of {sorted(set(PERIODS.values()))}.")
        date_col = _column(frame, date, "date column") if date is not None else _detect_date(frame, period)
        row_period, period_labels, how = _periods(frame[date_col], PERIODS[period], dayfirst)
        attrs.update(period=PERIODS[period], date_column=date_col, date_excluded=int((row_period < 0).sum()), **how)
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


#: Dates outside these years are typing or export errors (0001-01-01, 9999-12-31): excluded and counted.
DATE_RANGE = (np.datetime64("1900-01-01"), np.datetime64("2100-12-31"))
_EXCEL_EPOCH = np.datetime64("1899-12-30")  # Excel's day 0 (with its 1900 leap-year bug, day 61 is 1 March 1900)
# d/m/y or m/d/y (or y-m-d) with '/', '-' or '.', optionally followed by a time.
_RE_NUMERIC_DATE = re.compile(r"([0-9]{1,4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,4})")
_RE_SERIAL = re.compile(r"[0-9]{1,7}(?:\.[0-9]+)?")


def _to_datetime(series: pd.Series, dayfirst: bool | None = None) -> np.ndarray:
    """datetime64[D] per row: NaT where unreadable or outside ``DATE_RANGE`` (see ``_read_dates``)."""
    days, _, _ = _read_dates(series, dayfirst)
    return days


def _read_dates(series: pd.Series, dayfirst: bool | None = None) -> tuple[np.ndarray, np.ndarray, bool]:
    """Dates of a column: (datetime64[D] per row, NaT where unusable; which rows were out of range;
    whether day/month text was read day first).

    Understood: datetimes, ISO text (2024-07-15, with or without a time), d/m/y and m/d/y text,
    Excel serial numbers (45488, as numbers or text), and whatever else pandas reads. Day and month
    order is decided once for the whole column, from every value: 13/01 can only be day first, 01/13
    only month first; the majority of rows wins, day first (as Spanish Excel writes) when nothing
    tells. A value that contradicts the decision is unreadable. ``dayfirst`` forces the order.
    """
    if pd.api.types.is_datetime64_any_dtype(series):
        values = series.dt.tz_localize(None) if getattr(series.dt, "tz", None) is not None else series
        return _in_range(values.to_numpy("datetime64[D]")) + (True if dayfirst is None else bool(dayfirst),)
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        days = _excel_days(series.to_numpy(dtype=float, na_value=np.nan))
        return _in_range(days) + (True if dayfirst is None else bool(dayfirst),)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    days = np.full(uniques.size + 1, np.datetime64("NaT"), dtype="datetime64[D]")  # the last: missing
    if pd.api.types.is_string_dtype(uniques.dtype) or pd.api.types.is_string_dtype(series.dtype):
        kind = np.array(["text"] * uniques.size + [""], dtype=object)
    else:
        kind = np.array([_kind(v) for v in uniques] + [""], dtype=object)
    if (number := kind == "number").any():
        days[number] = _excel_days(np.array(list(uniques[number[:-1]]), dtype=float))
    for k in np.flatnonzero(kind == "date"):
        value = uniques[k]
        days[k] = np.datetime64(value.date() if isinstance(value, _dt.datetime) else value, "D")
    if (is_text := kind == "text").any():
        dayfirst = _read_text_dates(uniques[is_text[:-1]], np.bincount(codes[codes >= 0], minlength=uniques.size)[is_text[:-1]],
                                    days, np.flatnonzero(is_text), dayfirst)
    return _in_range(days[codes]) + (True if dayfirst is None else bool(dayfirst),)


def _kind(value) -> str:
    if isinstance(value, str):
        return "text"
    if isinstance(value, (bool, np.bool_)):
        return ""
    if isinstance(value, _dt.date):
        return "date"
    return "number" if isinstance(value, numbers.Real) else ""


def _read_text_dates(texts: np.ndarray, weights: np.ndarray, days: np.ndarray, where: np.ndarray,
                     dayfirst: bool | None) -> bool:
    """Fill ``days[where]`` from ``texts`` (distinct values, ``weights`` rows each); returns ``dayfirst``."""
    text = pd.Series(texts, dtype="str").str.strip()  # Arrow strings: vectorised, unlike object ones
    # The date part of 'date time' values: a million distinct timestamps are a few thousand dates.
    heads, head_of = pd.factorize(text.str.replace(r"[ T][0-9]{1,2}:[0-9]{2}.*", "", regex=True))
    head_weight = np.bincount(heads, weights=weights, minlength=len(head_of))
    head_days = np.full(len(head_of), np.datetime64("NaT"), dtype="datetime64[D]")
    pairs, other = {}, np.zeros(len(head_of), dtype=bool)
    for h, head in enumerate(head_of):
        if _RE_SERIAL.fullmatch(head):
            head_days[h] = _excel_days(np.array([float(head)]))[0]
        elif match := _RE_NUMERIC_DATE.fullmatch(head):
            a, b, c = (int(g) for g in match.groups())
            if len(match.group(1)) == 4:
                head_days[h] = _day(a, b, c)
            elif len(match.group(1)) <= 2 and len(match.group(3)) in (2, 4):
                pairs[h] = (a, b, c if len(match.group(3)) == 4 else c + (2000 if c < 69 else 1900))
        else:
            other[h] = bool(head)
    if dayfirst is None:
        only_day = sum(head_weight[h] for h, (a, b, _) in pairs.items() if a > 12 >= b)
        only_month = sum(head_weight[h] for h, (a, b, _) in pairs.items() if b > 12 >= a)
        dayfirst = bool(only_day >= only_month)
    for h, (a, b, year) in pairs.items():
        head_days[h] = _day(year, b, a) if dayfirst else _day(year, a, b)
    days[where] = head_days[heads]
    if (rest := other[heads]).any():  # month names and other free text: pandas, one by one
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            parsed = pd.to_datetime(text[rest], errors="coerce", dayfirst=dayfirst, format="mixed", utc=True)
        days[where[rest]] = parsed.dt.tz_localize(None).to_numpy("datetime64[D]")
    return dayfirst


def _in_range(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    out = ~np.isnat(days) & ((days < DATE_RANGE[0]) | (days > DATE_RANGE[1]))
    return np.where(out, np.datetime64("NaT"), days), out


def _day(year: int, month: int, day: int) -> np.datetime64:
    try:
        return np.datetime64(_dt.date(year, month, day), "D")
    except ValueError:  # 31/02, month 13, year 0
        return np.datetime64("NaT")


def _excel_days(serials: np.ndarray) -> np.ndarray:
    """Excel serial numbers as datetime64[D]; the fraction (time of day) is dropped."""
    whole = np.floor(np.clip(serials, -1e9, 1e9))  # inf and absurd serials land out of range, not overflow
    days = _EXCEL_EPOCH + np.nan_to_num(whole).astype(np.int64).astype("timedelta64[D]")
    return np.where(np.isnan(serials), np.datetime64("NaT"), days)


def _periods(series: pd.Series, period: str, dayfirst: bool | None = None) -> tuple[np.ndarray, list[str], dict]:
    """Period index per row (-1 without a usable date), the sorted period labels, and how the dates
    were read (``date_out_of_range`` rows, ``dayfirst``)."""
    days, out_of_range, dayfirst = _read_dates(series, dayfirst)
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
    return (out, [_period_label(int(k), period) for k in uniq],
            {"date_out_of_range": int(out_of_range.sum()), "dayfirst": bool(dayfirst)})


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
    names = [str(u).strip() for u in uniques]  # a blank cell is no sentiment, not a label ''
    labels = list(SENTIMENTS) + sorted(set(filter(None, names)) - set(SENTIMENTS))
    to_label = np.array([labels.index(name) if name else -1 for name in names] + [-1], dtype=np.int64)
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
        # A theme without valid answers has no effect to measure: NaN, not 0.
        impact = np.where(gn > 0, all_value - rest_value, np.nan)
        pooled = np.maximum(t2 - tn * all_value**2, 0.0) / (tn - spec.ddof)
        se = np.sqrt(pooled * (1.0 / gn + 1.0 / rn))
        z = (s1 / gn - rest_value) / se
        p = np.where((gn > 0) & (rn > 0) & (se > 0), erfc(np.abs(z) / np.sqrt(2.0)), np.nan)
    return impact, p
