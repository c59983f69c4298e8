"""The report's "Señales" section: effort (beside CES), emotions, churn risk and escalation by
theme, and "Para leer hoy", the comments that threaten to leave or to escalate.

Everything by theme comes from the summary's signal columns (``cxnlp.metrics.signals``); the
section is left out when the summary has none. The comments to read are redacted like the
verbatims (``cxnlp.pii``) and escaped; newest first when the table has a date column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from markupsafe import Markup

from ..metrics.effort import CES
from ..metrics.periods import days_and_quarters
from ..metrics.signals import flag_rows
from ..metrics._blank_labels import blank_words
from ..metrics._label_lists import THEME_SEPS
from ..metrics._named_themes import theme_label
from ..metrics.themes import LABELLED_STATUSES, split_labels
from ..schema import EMOTIONS
from .page import MISSING, Page, isolated
from .verbatims import quote_html, segments_text, text_keys

READ_TODAY = 50  # "Para leer hoy" lists this many comments at most; the rest are counted
READ_CHARS = 700  # a comment to read is shown whole up to this length
#: Emotions shaded green in the heat table; the schema's others red, a user's own blue.
POSITIVE_EMOTIONS = frozenset({"gratitude", "delight"})
SIGNAL_ORDER = ("effort", "emotions", "churn_risk", "escalation")
_FLAG_COLUMNS = (("escalation", "cx_escalation"), ("churn_risk", "cx_churn_risk"))


def signals(page: Page, s: pd.DataFrame, text_col: str | None, date: str | None, dayfirst: bool | None,
            redact: bool = True) -> dict | None:
    """What the section shows, from ``s`` (a summary by theme with signal columns), or None."""
    found = s.attrs.get("signals")
    if not found or s.empty:
        return None
    by = s.attrs["by"]
    # Every theme, the largest first, as every table of the report (docs/report.md, section 2): the 16 largest
    # only left out, without a word, a small store that held every churn-risk and escalation comment.
    s = s[s["n"] > 0].sort_values("n", ascending=False, kind="stable")
    names = [page.name(r, by) for _, r in s.iterrows()]
    correlation = found.get("effort_ces")
    # The CES metric of that column (the same column may be given as another metric too: an NPS has no effort split).
    ces = next((metric for metric, column in page.measures
                if correlation and column == correlation["column"] and isinstance(metric, CES)), None)
    # All four: the lead of before ("Cuatro señales..."); one: a method note without "detectados" of one signal.
    present = [signal for signal in SIGNAL_ORDER if signal in found]
    one = "_one" if len(present) == 1 else ""  # "Señal: esfuerzo", not "Señales: esfuerzo"
    return {"title": page.tr("signals_title" + one, signals=_signal_words(page, found, "signal_titles")),
            "lead": page.html["signals_lead_all"] if len(present) == len(SIGNAL_ORDER)
            else page.tr("signals_lead" + one, signals=_signal_words(page, found, "signal_leads")),
            "method": page.tr("method_signals_one" if len(present) == 1 else "method_signals",
                              signals=_signal_words(page, found, "signal_methods")),
            "correlation": _correlation(page, correlation, ces), "ces": ces,
            "correlated": ces is not None and _computed(correlation),  # the method note explains it only then
            # Emotions alone: no table of effort, churn risk and escalation (a table of comments alone).
            "table": _by_theme(page, s, names, found, ces) if set(found) - {"emotions"} else None,
            "emotions": _emotions(page, s, names, found),
            "read": _to_read(page, text_col, date, dayfirst, redact, found), "unreadable": _unreadable(page, found)}


def _signal_words(page: Page, found: dict, key: str) -> Markup:
    """The signals the table has (``found``), in the words of ``key``, as a list read in a sentence: the title, the
    lead and the method named all four where a table had a churn-risk column alone."""
    words = page.html[key]
    return page.joined(words[signal] for signal in SIGNAL_ORDER if signal in found)


def _unreadable(page: Page, found: dict) -> Markup | None:
    """The signal cells that hold no value of their signal ("quizás" as churn risk), by column, or None: they
    are left out of the counts, and the reader is told so rather than shown them as "no"."""
    cells = [Markup("{} ({})").format(page.num(info["unreadable"], 0), page.column_name(info["column"]))
             for info in found.values() if isinstance(info, dict) and info.get("unreadable")]
    return page.tr("signals_unreadable", cells=Markup(", ").join(cells)) if cells else None


def _computed(corr: dict | None) -> bool:
    """Whether the effort-CES correlation has a value to show: two comments with both, and both varying."""
    return corr is not None and corr["n"] >= 2 and bool(np.isfinite(corr["rho"]))


def _correlation(page: Page, corr: dict | None, ces) -> Markup | None:
    if corr is None or ces is None:
        return None
    # Under two comments with both values (a CES column blank in every row) there is nothing to correlate, as the
    # command line says (``effort_ces_line``): "one of them does not vary (n = 0)" gave a false reason.
    if corr["n"] < 2:
        return page.count("signals_corr_few", corr["n"], metric=ces.label)
    if not np.isfinite(corr["rho"]):
        return page.tr("signals_corr_none", metric=ces.label, n=page.num(corr["n"], 0))
    if not np.isfinite(corr["low"]):  # 3 comments or fewer, or a rho of -1 or 1 (``spearman_interval``)
        why = page.html["signals_no_ci_few" if corr["n"] <= 3 else "signals_no_ci_perfect"]
        return page.tr("signals_corr_no_ci", metric=ces.label, rho=page.num(corr["rho"], 2, True), why=why,
                       n=page.num(corr["n"], 0))
    return page.tr("signals_corr", metric=ces.label, rho=page.num(corr["rho"], 2, True),
                   lo=page.num(corr["low"], 2, True), hi=page.num(corr["high"], 2, True), n=page.num(corr["n"], 0))


def _by_theme(page: Page, s: pd.DataFrame, names: list[str], found: dict, ces) -> dict:
    """Effort (with the CES of high-effort comments and of the rest), churn risk and escalation per theme."""
    words = page.words
    head = [words["theme"], words["signals_comments"]]
    if "effort" in found:
        head += [words["signals_effort_high"], words["signals_effort_low"]]
        if ces is not None:
            head += [words[key].format(metric=ces.label) for key in ("signals_ces_high", "signals_ces_other")]
    flags = [signal for signal in ("churn_risk", "escalation") if signal in found]
    head += [words[f"signals_{signal}"] for signal in flags]
    widest = float(np.nanmax(s["effort_high"], initial=0.0)) if "effort" in found else 0.0
    rows = []
    for (_, r), name in zip(s.iterrows(), names):
        cells = []
        if "effort" in found:
            high = r["effort_high"]
            width = 0 if not np.isfinite(high) or widest <= 0 else round(48 * high / widest)
            cells.append(_cell(page.num(high, 0) + page.words["pct"] if np.isfinite(high) else MISSING, bar=width))
            cells.append(_cell(page.num(r["effort_low"], 0) + page.words["pct"] if np.isfinite(r["effort_low"]) else MISSING))
            if ces is not None:
                for part in ("effort_high", "effort_other"):
                    k, value = int(r[f"{ces.name}_{part}_n"]), r[f"{ces.name}_{part}"]
                    # A share (ces_method="agree") with its %, as on the CES card: "14,9" read as a mean on 1-7.
                    unit = page.words["pct"] if ces.kind == "share" and pd.notna(value) else ""
                    cells.append(_cell(page.value(ces, value) + unit, n=page.num(k, 0) if k else None))
        for signal in flags:
            count, share = int(r[signal]), r[f"{signal}_share"]
            if not int(r.get(f"{signal}_n", 1)):  # no readable cell here ('quizás'): unknown, not "no"
                cells.append(_cell(MISSING))
                continue
            cells.append(_cell(page.num(count, 0), pct=page.num(share, 0) if count else None, alert=count > 0))
        rows.append({"name": name, "small": bool(r["below_min_n"]), "n": page.num(r["effort_n"] if "effort" in found
                                                                                  else r["n"], 0), "cells": cells})
    title = _signal_words(page, {key: found[key] for key in found if key != "emotions"}, "signal_titles")
    return {"title": page.tr("signals_effort_title", signals=title.capitalize()), "head": head, "rows": rows,
            "note": _table_note(page, found, flags, ces)}


def _table_note(page: Page, found: dict, flags: list[str], ces) -> Markup:
    """What the table's numbers are, of the columns it shows: one note for every table said that the numbers in
    parentheses were answers where only churn and escalation were there, each with its %."""
    parts = [page.html["signals_note_effort"]] if "effort" in found else []
    # the flag columns shown, by name: "churn risk and escalation" under a table of churn risk alone named a column
    # that is not there
    parts += [page.html["signals_note_flags" if len(flags) > 1 else f"signals_note_{flags[0]}"]] if flags else []
    parts += [page.tr("signals_note_ces", metric=ces.label)] if "effort" in found and ces is not None else []
    return Markup(" ").join([*parts, page.count("signals_note_small", page.min_n)])


def _cell(value: str, *, bar: int | None = None, n: str | None = None, pct: str | None = None,
          alert: bool = False) -> dict:
    """A cell of the signals table: its value, and a bar's width (px), an n or a % beside it."""
    return {"value": value, "bar": bar, "n": n, "pct": pct, "alert": alert}


def _emotions(page: Page, s: pd.DataFrame, names: list[str], found: dict) -> dict | None:
    """A heat table: % of each theme's comments with each emotion (emotions seen in the data only)."""
    if "emotions" not in found:
        return None
    shown = [name for name, count in found["emotions"]["counts"].items() if count > 0]
    if not shown:
        return None
    shares = s[[f"emotion_{e}" for e in shown]].to_numpy(dtype=float)
    top = max(float(np.nanmax(shares, initial=0.0)), 1e-9)
    rows = []
    for (_, r), name, values in zip(s.iterrows(), names, shares):
        cells = []
        for emotion, v in zip(shown, values):
            if not np.isfinite(v):
                cells.append(None)
                continue
            rgb = "46,139,87" if emotion in POSITIVE_EMOTIONS else "200,69,59" if emotion in EMOTIONS else "31,78,121"
            cells.append({"value": page.num(v, 0), "color": f"rgba({rgb},{0.04 + 0.5 * v / top:.2f})"})
        rows.append({"name": name, "small": bool(r["below_min_n"]), "n": page.num(r["emotions_n"], 0),
                     "cells": cells})
    # The themes in italics (under min_n) are named: italics alone say nothing to a screen reader.
    small = [name for (_, r), name in zip(s.iterrows(), names) if r["below_min_n"]]
    note = page.html["signals_emotions_note"]
    if small:
        note = Markup(" ").join([note, page.count("signals_emotions_small", page.min_n,
                                                  themes=Markup(", ").join(map(isolated, small)))])
    return {"head": [page.label(e) for e in shown], "rows": rows, "note": note}


def _read_texts(frame: pd.DataFrame, rows: np.ndarray, text_col: str | None) -> list:
    """The comments of ``rows`` as "Para leer hoy" shows them: their text, or their segments' where they have none
    (a table without its comment column); read by column: a row at a time took seconds on 100,000 flagged rows."""
    cells = frame[text_col].to_numpy(dtype=object)[rows] if text_col is not None else [None] * len(rows)
    segments = frame["cx_segments"].to_numpy(dtype=object)[rows] if "cx_segments" in frame else [None] * len(rows)
    return [cell if isinstance(cell, str) and cell.strip() else segments_text(segs)
            for cell, segs in zip(cells, segments)]


def _to_read(page: Page, text_col: str | None, date: str | None, dayfirst: bool | None, redact: bool,
             found: dict) -> dict | None:
    """Every escalation comment, then the churn-risk ones, newest first, up to ``READ_TODAY``."""
    frame = page.frame
    flags = [(signal, column) for signal, column in _FLAG_COLUMNS if signal in found]
    if not flags:
        return None
    labelled = (frame["cx_status"].isin(LABELLED_STATUSES).to_numpy() if "cx_status" in frame
                else np.ones(len(frame), dtype=bool))
    flagged = {signal: labelled & flag_rows(frame[column]) for signal, column in flags}
    escalation = flagged.get("escalation", np.zeros(len(frame), dtype=bool))
    churn = flagged.get("churn_risk", np.zeros(len(frame), dtype=bool))
    chosen = np.flatnonzero(escalation | churn)
    counts = {"escalation": int(escalation.sum()), "churn": int(churn.sum())}
    days, quarter = (days_and_quarters(frame[date], dayfirst) if date is not None else
                     (np.full(len(frame), np.datetime64("NaT"), "M8[D]"), np.zeros(len(frame), dtype=bool)))
    # One flag column alone (churn risk without escalation): the lead, the line of more and the line of none say that
    # one, not "0 comments threaten to escalate" of a column the table does not have.
    alone = f"_{flags[0][0]}" if len(flags) == 1 else ""
    if chosen.size == 0:  # nothing to read: no counts of 0, nor an order of no comments
        return {"lead": page.html[f"signals_read_none{alone}"], "items": [], "more": None}
    # Without a date (no column, or none readable) the comments keep the file's order: the lead does not say newest.
    order = page.html[("signals_read_newest" if (~np.isnat(days[chosen])).any() else "signals_read_file_order")
                      + ("_alone" if alone else "")]
    said = {"escalation": page.count("signals_escalate", counts["escalation"]),
            "churn_risk": page.count("signals_leave", counts["churn"])}
    lead = (page.tr("signals_read_lead_alone", count=said[flags[0][0]], order=order) if alone else
            page.tr("signals_read_lead", escalation=said["escalation"], churn=said["churn_risk"], order=order))
    if redact:  # (with redact=False the comments are shown as written: the lead says nothing of placeholders)
        lead += " " + page.html["signals_read_redacted"]
    # Escalation first, then newest first (undated last), then, within a day, by a checksum of the comment's text
    # (``text_keys``: alphabetical order listed those that start with a digit or "A", never with "¡"), and file order
    # last: of 120 escalations on one day, which 50 were listed followed the file's order, so the same rows in another
    # order gave another report. Undated comments keep the file's order, which the lead then says. The text is read
    # only where it can decide which are listed: of the day of the last listed and before (a fixed-width array of
    # every flagged comment took gigabytes where one of them was long).
    age = np.where(np.isnat(days), np.iinfo(np.int64).max, -days.astype("M8[D]").astype(np.int64))
    sort = np.lexsort((chosen, age[chosen], ~escalation[chosen]))
    last = sort[min(READ_TODAY, sort.size) - 1]
    at, last_at = (~escalation[chosen], age[chosen]), (~escalation[chosen[last]], age[chosen[last]])
    in_play = np.flatnonzero((at[0] < last_at[0]) | ((at[0] == last_at[0]) & (at[1] <= last_at[1])))
    texts = np.full(chosen.size, None, dtype=object)
    texts[in_play] = _read_texts(frame, chosen[in_play], text_col)
    text_order = np.zeros(chosen.size, dtype=np.uint64)
    dated = in_play[~np.isnat(days[chosen[in_play]])]
    text_order[dated] = text_keys(texts[dated])
    sort = np.lexsort((chosen, text_order, age[chosen], ~escalation[chosen]))
    chosen, texts = chosen[sort], texts[sort]
    items = []
    for i, comment in zip(chosen[:READ_TODAY], texts):
        r = frame.iloc[i]
        tags = [page.words[f"signals_{signal}"] for signal in ("escalation", "churn_risk")
                if signal in flagged and flagged[signal][i]]
        items.append({"html": quote_html(comment, redact=redact, max_chars=READ_CHARS)
                      if isinstance(comment, str) and comment.strip() else page.html["signals_no_text"],
                      "tags": tags, "escalation": bool(escalation[i]),
                      "date": page.day_or_quarter(days[i], quarter[i]) if not np.isnat(days[i]) else None,
                      "themes": _themes(page, r)})
    rest = chosen[READ_TODAY:]
    more = None
    if rest.size and alone:
        more = page.tr(f"signals_read_more{alone}", n=page.num(rest.size, 0))
    elif rest.size:
        more = page.tr("signals_read_more", n=page.num(rest.size, 0),
                       escalation=page.num(int(escalation[rest].sum()), 0), churn=page.num(int(churn[rest].sum()), 0))
    return {"lead": lead, "items": items, "more": more}


def _themes(page: Page, r: pd.Series) -> Markup:
    """The comment's touchpoints by their display names ("Envío e instalación, Canales de atención"), whatever
    the cell's form: text joined by '|' (or ',', ';', '/': ``THEME_SEPS``), a list (JSON, Parquet), or a list as a
    CSV writes it; as the summary reads a label (``theme_label``: 'Delivery' of a hand-edited file was named as
    written, beside Envío e instalación); each one ``isolated``; a missing-value word ('nan', 'None') is none, as
    summaries read it."""
    blank = blank_words("cx_touchpoints")
    cell = split_labels(r.get("cx_touchpoints"), THEME_SEPS) or ()
    labels = dict.fromkeys(theme_label(t, "cx_touchpoints") for t in cell if t.lower() not in blank)
    return Markup(", ").join(isolated(page.label(t, "cx_touchpoints")) for t in labels)


__all__ = ["READ_TODAY", "signals"]
