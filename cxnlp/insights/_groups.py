"""What ``discover`` says about each group: its name, top terms, examples, sentiment and growth."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

from ..columns import sentiment_labels
from ..exceptions import DataError
from ..labelled import text_key
from ..metrics.periods import PERIODS, period_index
from ..schema import LABEL_SEP, SENTIMENTS
from . import _subjects

#: Representative comments shown per group.
EXAMPLES = 3
#: Top terms listed per group.
TOP_TERMS = 5
#: A growth is given only where both periods compared hold at least this many of the pool's comments (cxnlp's usual
#: ``min_n``): between two weeks of 2 and 4 comments one comment moved a share by 25 to 50 points, and a group that
#: went from 1 comment to 3 read as a theme on the rise.
MIN_GROWTH_N = 30
#: ... and where the two shares differ by at least this many standard errors (the pooled two-proportion z-test at 5%,
#: as ``cxnlp.changes`` tests a share): in periods of 40 comments, a group of 1 comment then 3 (+5 points) is noise.
GROWTH_Z = 1.96


def describe(number, at, similarity, frame, texts, keys, analysed, mask, redact: bool = False,
             hidden: frozenset[str] = frozenset()) -> dict:
    """One group's row of ``Discovery.groups``; ``texts`` and ``keys`` are the frame's comments and their
    ``text_key``, row by row. With ``redact`` the examples are redacted (``cxnlp.pii``) as the report's quotes are;
    the name and terms leave out the lemmas of ``hidden`` (``personal_words`` of the group's comments), wherever they
    are written."""
    inside = Counter(t for i in at for t in set(_subjects.terms(analysed[i])))
    pool_rows = np.flatnonzero(mask.to_numpy())
    outside = Counter(t for i in np.setdiff1d(pool_rows, at) for t in set(_subjects.terms(analysed[i])))
    n_out = max(1, len(pool_rows) - len(at))
    # Distinctive terms: common in the group, rare in the rest of the pool; each shown as its customers wrote it
    # ("cuenta", not its lemma "contar"), so a term never written without a placeholder or personal data is passed.
    # A rest of the pool smaller than the group tells less of what is distinctive, and weighs n_out / len(at): a
    # group of 35 that filled a pool of 36 (--where on its subject) was named after words in 4 and 3 of its comments,
    # as every word of the one comment outside scored -1 and the subject all 36 share scored 0.
    weight = min(1.0, n_out / len(at))
    ranked = sorted(inside, key=lambda t: (-(inside[t] / len(at) - weight * outside[t] / n_out), t))
    # A term that one text alone holds (with its copies) says nothing of what the group shares: rare elsewhere, it
    # scored high, and a group of 14 comments about buying was given 'anuncio', 'anuncio en instagram', 'anuncio en
    # instagram y decidí' and 'aspiradora', each from one comment. Only terms of two texts or more are listed (all of
    # them in a group whose texts share none, as they may where their spellings alone met, or none that can be
    # written: a group whose shared word is a hidden name was named '?' with no terms).
    texts_with = Counter(t for i in dict(zip(keys[at], at)).values() for t in set(_subjects.terms(analysed[i])))
    members = [analysed[i] for i in at]
    written: dict[str, str] = {}
    for terms in ([t for t in ranked if texts_with[t] >= 2], ranked):
        for term in terms:
            if len(written) == TOP_TERMS:
                break
            form = as_written(term, members, hidden)
            if form is not None:
                written[term] = form
        if written:
            break
    # Ties in similarity broken by the text (its key, then as written), not by where the row stands.
    order = at[np.lexsort((texts[at], keys[at], -similarity))]
    examples, seen = [], set()
    for i in order:
        shown = _redacted(texts[i]) if redact else texts[i]
        key = text_key(shown) if redact else keys[i]  # two comments alike once redacted are one example
        if key not in seen:
            seen.add(key)
            examples.append(shown)
        if len(examples) == EXAMPLES:
            break
    said = sentiment_labels(frame["cx_sentiment"].iloc[at])
    sentiments = pd.Series(said[said != ""]).value_counts(normalize=True)
    # Shares of the comments with a sentiment; none for a group without any (a table without cx_sentiment), whose
    # 0% negative and 0% positive read as a group of neutral comments.
    shares = {s: round(float(sentiments.get(s, 0.0)), 3) if len(sentiments) else np.nan for s in SENTIMENTS}
    # Each label once per comment and as the pool reads it: a hand-edited "General" beside "general" was a second
    # label of its own ("general 50%, General 25%").
    predicted = Counter(t for cell in frame["cx_touchpoints"].iloc[at].fillna("")
                        for t in {t.strip().lower() for t in cell.split(LABEL_SEP)} if t)
    return {"group": number, "name": name(list(written), inside, written),
            "terms": list(dict.fromkeys(written.values())), "size": len(at),
            "coherence": round(float(similarity.mean()), 3),
            **shares,
            "touchpoints": ", ".join(f"{t} {c / len(at):.0%}" for t, c in sorted(predicted.items(),
                                                                                 key=lambda tc: (-tc[1], tc[0]))[:3]),
            "examples": examples}


def name(top: list[str], counts: Counter, written: dict[str, str]) -> str:
    """The group's name: its most distinctive phrase as customers wrote it (``written``), or its top word."""
    if not top:
        return "?"
    phrases = [t for t in top if " " in t and counts[t] >= 0.5 * counts[top[0]]]
    head = phrases[0] if phrases else top[0]
    name = written[head]
    # A second term that is not a form of the first ("devolución" beside "devolvieron"): no shared 5-letter start.
    stems = {w[:5] for w in head.split()}
    second = next((t for t in top if not {w[:5] for w in t.split()} & stems), None)
    if second and counts[second] >= 0.5 * counts[head]:
        name += " / " + written[second]
    return name


def as_written(term: str, analysed: list, hidden: frozenset[str] = frozenset()) -> str | None:
    """``term`` (a lemma or a phrase of lemmas) as the customers of ``analysed`` most often wrote it, leaving out what
    ``_subjects.surface`` leaves out; None if nothing is left. The lemma table reads some nouns as verbs ("factura" ->
    "facturar", "compra" -> "comprar"), which no one should see."""
    written = sum((_subjects.surface(words, term, hidden) for words in analysed), Counter())
    return min(written, key=lambda s: (-written[s], s)) if written else None


_RE_AFTER_TYPE = re.compile(r"\s+|(?<=/)")


def personal_words(texts) -> frozenset[str]:
    """Lemmas of the words that ``cxnlp.pii`` finds as a name or an e-mail in ``texts`` ("andrea", "villalobos"): a
    name is found after its cue only ("me atendió la señorita Andrea Villalobos"), and is then hidden where it has
    none. Of an address only its capitalised words after the street type count ("calle Pino 45, col. Del Valle":
    "pino", "valle"), not "calle" or "del"; the digits of the other kinds are no terms."""
    from ..pii import ADDRESS, EMAIL, NAME, find_pii

    words = set()
    for text in set(texts):
        for span in find_pii(text):
            if span.kind in (NAME, EMAIL):
                words.update(w.lemma for w in _subjects.analyse(text[span.start:span.end]))
            elif span.kind == ADDRESS:  # the street type ends at a space, or at the '/' of "c/Pino 45"
                street_type, *rest = _RE_AFTER_TYPE.split(text[span.start:span.end], maxsplit=1)
                written = rest[0].split() if rest else []
                words.update(w.lemma for part in written if part[:1].isupper()
                             for w in _subjects.analyse(part) if w.kind == "subject")
    return frozenset(words)


def _redacted(text: str) -> str:
    from ..pii import redact

    return redact(text).text


def growth(frame, dates: str, period: str, members, mask, n_groups: int, dayfirst: bool | None = None) -> pd.DataFrame:
    """Per group: its share of the pool in the last period with dates and in the one before, and the difference in
    points (``growth``) where both periods hold at least ``MIN_GROWTH_N`` of the pool's comments and the difference
    is beyond a share's noise (``beyond_noise``)."""
    index, labels, in_pool, present = _compared(frame, dates, period, mask, dayfirst)
    rows = []
    group_of = members["group"].reindex(frame.index).fillna(0).astype(int).to_numpy()
    for number in range(1, n_groups + 1):
        row = {"group": number, "last_period": None, "n_last": 0, "share_last": np.nan,
               "previous_period": None, "n_previous": 0, "share_previous": np.nan, "growth": np.nan}
        if len(present) >= 1:
            last = present[-1]
            base_last = int((in_pool & (index == last)).sum())
            n = int(((group_of == number) & in_pool & (index == last)).sum())
            row.update(last_period=labels[last], n_last=n, share_last=n / base_last if base_last else np.nan)
        if len(present) >= 2:
            prev = present[-2]
            base = int((in_pool & (index == prev)).sum())
            n = int(((group_of == number) & in_pool & (index == prev)).sum())
            row.update(previous_period=labels[prev], n_previous=n, share_previous=n / base if base else np.nan)
            if min(base, base_last) >= MIN_GROWTH_N and beyond_noise(n, base, row["n_last"], base_last):
                row["growth"] = round(100 * (row["share_last"] - row["share_previous"]), 1)
        rows.append(row)
    return pd.DataFrame(rows).set_index("group")


def beyond_noise(n1: int, base1: int, n2: int, base2: int) -> bool:
    """Whether ``n1`` of ``base1`` and ``n2`` of ``base2`` differ by ``GROWTH_Z`` standard errors of the difference."""
    pooled = (n1 + n2) / (base1 + base2)
    se = np.sqrt(pooled * (1 - pooled) * (1 / base1 + 1 / base2))
    return bool(se > 0 and abs(n2 / base2 - n1 / base1) >= GROWTH_Z * se)


def _compared(frame, dates: str, period: str, mask, dayfirst: bool | None):
    """Each row's period (``period_index``), its labels, which rows are dated pool comments, and the usual periods
    with such comments (positions in the labels, oldest first)."""
    from .changes import usual_periods

    index, labels, _ = period_index(frame[dates], PERIODS[period], dayfirst)
    in_pool = mask.to_numpy() & (index >= 0)
    # As cxnlp.changes compares: a stray period (one mistyped 2042-05-01) is passed over, not taken as the last.
    present = np.array(usual_periods(np.bincount(index[in_pool], minlength=len(labels))), dtype=int)
    return index, labels, in_pool, present


def future_growth(frame, dates: str, period: str, mask, dayfirst: bool | None = None,
                  grown: bool = True) -> str | None:
    """The warning for a last period grown that starts after today (40 comments typed '2030-06' in a 2024 survey were
    grown against 2024-05 without a word), naming it and its comments, as ``changes`` says it; else None. Where no
    group has a growth (``grown`` false: ``no_growth`` says why), it names the last period of the shares given."""
    from ._compared_periods import future_period
    from ._named_periods import named_windows

    index, labels, in_pool, present = _compared(frame, dates, period, mask, dayfirst)
    if not len(present):
        return None
    last = labels[present[-1]]
    side = np.where(in_pool & (index == present[-1]), 0, -1)
    future = future_period(named_windows((last, last), dayfirst)[:1], side)
    # "Its growth is given all the same" was said after "no group has a growth" (one period, or too few comments).
    said = ("grown", "Its growth is") if grown else ("with dates", "The groups' shares in it are")
    return future and (f"discover: the last {PERIODS[period]} {said[0]}, {last} ({future['rows']} comments), starts "
                       f"after today: are its dates mistyped? {said[1]} given all the same.")

def no_growth(frame, dates: str, period: str, mask, dayfirst: bool | None = None) -> str:
    """Why no group has a growth though the pool is dated: its dates fall in one period (a shorter one suggested where
    the column splits into one: none for week, nor for month labels such as '2024-05' or quarter labels such as
    'T3 2024'), or its last two periods hold fewer than ``MIN_GROWTH_N`` comments (a longer one suggested, but after
    a quarter), or no group's share moved beyond its noise."""
    index, labels, in_pool, present = _compared(frame, dates, period, mask, dayfirst)
    unit = PERIODS[period]
    if len(present) < 2:
        # Suggested only where the column splits into it: month labels ('2024-05') refuse a week, quarter labels
        # ('T3 2024') a month, with a DataError, and a suggestion that ends in one is none.
        shorter = {"month": "week", "quarter": "month"}.get(unit)
        try:
            shorter and period_index(frame[dates], shorter, dayfirst)
        except DataError:
            shorter = None
        return (f"discover: the pool's dates ({dates!r}) fall in one {unit}, {labels[present[-1]]}, so no group has a "
                f"growth (its share in the last {unit} against the one before)"
                + ("; a shorter period=... (--period) may compare two." if shorter else "."))
    counts = [int((in_pool & (index == k)).sum()) for k in present[-2:]]
    if min(counts) >= MIN_GROWTH_N:
        return (f"discover: no group's share of the pool's comments moved beyond its noise between the last two {unit}s "
                f"with dates ({dates!r}), {labels[present[-2]]} and {labels[present[-1]]} ({counts[0]} and {counts[1]} "
                f"comments), so no group has a growth: it is given where the two shares differ by {GROWTH_Z} standard "
                f"errors (a two-proportion z-test at 5%).")
    return (f"discover: the pool's last two {unit}s with dates ({dates!r}), {labels[present[-2]]} and "
            f"{labels[present[-1]]}, hold {counts[0]} and {counts[1]} comments, so no group has a growth: it is given "
            f"where both hold at least {MIN_GROWTH_N}, as a share of fewer moves by over 3 points with one comment"
            + ("; a longer period=... (--period) gathers more in each." if unit != "quarter" else "."))
