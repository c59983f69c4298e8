"""``Discovery``: what ``discover`` found, and how its groups are printed, exported as training data and saved.

Kept apart from ``discover.py`` (finding the groups) because the result object is a job of its own: the table
printed by ``cxnlp discover``, ``to_training`` (the checks of a new label and the redaction of the texts) and
``to_dict``. ``discover.py`` re-exports ``Discovery`` and ``PLACEHOLDER``, so they are imported from there as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from .._label_cells import RE_LABEL_ID, new_label_problem, suggested_id
from ..exceptions import ConfigError, DataError, shown_value
from ..labelled import text_key
from ..schema import LABEL_SEP
from ..text.status import given_text

#: Placeholder touchpoint of an exported group; ``{group}`` is its number.
PLACEHOLDER = "nuevo_tema_{group}"


def _points(growth: float) -> str:
    """A growth in points with its sign, as the terminal tables of summarize print a change: one that rounds to zero
    without a sign ("-0.0" read as a group that shrank)."""
    text = f"{growth:+.1f}"
    return "0.0" if float(text) == 0 else text


@dataclass(eq=False)
class Discovery:
    """What ``discover`` found.

    Attributes
    ----------
    groups : one row per kept group: ``group`` (1, 2, ...), ``name``, ``terms``, ``size``, ``share``
        (of the pool), ``coherence``, sentiment shares (``positive``, ``neutral``, ``negative``,
        ``mixed``, of the comments with a sentiment; NaN where none has one), ``touchpoints`` (what the
        model predicted for them), ``examples`` and, with a date column, ``last_period``, ``n_last``,
        ``share_last``, ``previous_period``, ``n_previous``, ``share_previous``, ``growth`` (percentage points;
        NaN where either period holds fewer than ``_groups.MIN_GROWTH_N`` of the pool's comments, or
        the two shares differ by less than ``_groups.GROWTH_Z`` standard errors).
    members : one row per pool comment (index of ``frame``): ``group`` (0 = in no group) and
        ``similarity`` to its group's centroid.
    frame : the classified frame, its comments as written (never redacted); ``text`` its comment column.
    pool : the pool's kind; ``k`` the number of clusters cut; ``dropped`` groups too small or too loose.
    settings : what ``discover`` was told (``where``: the query string, ``"mask"`` for a boolean mask, None without
        a filter; ``min_size``, ..., ``chance_margin``: a group of n distinct texts is kept from a coherence of
        ``max(min_coherence, chance_margin / sqrt(n))``, ``redact``: whether ``name``, ``terms``, ``examples`` and ``to_training`` are
        redacted) and the date column and period it read.
    """

    groups: pd.DataFrame
    members: pd.DataFrame
    frame: pd.DataFrame = field(repr=False)
    text: str
    pool: str
    k: int = 0
    dropped: int = 0
    settings: dict = field(default_factory=dict)

    __hash__ = None  # type: ignore[assignment]  # (its tables are not hashable)

    def __eq__(self, other) -> bool:
        """Field by field, the tables by ``DataFrame.equals``: the dataclass's own ``==`` asked a DataFrame for its
        truth value and raised ValueError, so two runs could not be compared."""
        if not isinstance(other, Discovery):
            return NotImplemented
        return all(mine.equals(theirs) if isinstance(mine, pd.DataFrame) else mine == theirs
                   for mine, theirs in ((getattr(self, f.name), getattr(other, f.name)) for f in fields(self)))

    def table(self, width: int = 70) -> str:
        """The groups as a plain-text table to print."""
        where = self.settings.get("where")
        from ._query import _shown  # cut as the errors cut it: a 100,000-character query was a line as long

        pool = self.pool + ("" if where is None else " and the where mask" if where == "mask" else
                            f" and where={_shown(where)}")  # as the errors of an empty or small pool name it
        head = (f"{len(self.members)} comments in the pool ({pool}); {int((self.members['group'] > 0).sum())} "
                f"in {len(self.groups)} groups")
        if self.groups.empty:
            return head + ": no group of at least " f"{self.settings.get('min_size')} similar comments."
        lines = [head + ".", f"{'#':>2}  {'name':<28} {'n':>4} {'share':>6} {'neg':>5} {'pos':>5} {'growth':>7}  example"]
        for g in self.groups.itertuples():
            growth = _points(g.growth) if "growth" in self.groups and pd.notna(g.growth) else "-"
            example = " ".join(g.examples[0].split()) if g.examples else ""  # one line per group
            example = example if len(example) <= width else example[: width - 1] + "…"
            negative, positive = (f"{v:.0%}" if pd.notna(v) else "-" for v in (g.negative, g.positive))
            named = g.name if len(g.name) <= 28 else g.name[:27] + "…"  # cut as the example is, not "/ antici"
            lines.append(f"{g.group:>2}  {named:<28} {g.size:>4} {g.share:>6.1%} {negative:>5} "
                         f"{positive:>5} {growth:>7}  {example}")
        return "\n".join(lines)

    def to_training(self, groups: int | Sequence[int] | None = None, *, label: str = PLACEHOLDER,
                    redact: bool | None = None) -> pd.DataFrame:
        """The comments of ``groups`` (numbers; default: every kept group) as labelled training data.

        Columns ``id, text, sentiment, touchpoints, areas, notes``: the predicted sentiment and areas
        are kept; ``touchpoints`` is ``label`` with ``{group}`` filled in (rename it to the new
        touchpoint) followed by the comment's predicted touchpoints other than ``general`` (a comment
        gets all its touchpoints, as the labelling guide says: "Pagué con PSE y el pedido aparece como
        no pagado" is ``nuevo_tema_1|billing|purchase``); ``notes`` holds the group's name. A text that
        repeats an earlier one is left out. ``label`` is a label id as ``read_training_data`` requires (snake_case:
        lower-case letters, digits and ``_``, at most 40 characters), else a ``ConfigError`` that suggests one.
        ``redact`` (default: as ``discover`` was told, ``settings["redact"]``) replaces the personal data of each
        text with placeholders (``cxnlp.pii``): a model keeps the words of its training text. Asked of groups found
        with ``redact=False``, it also leaves out of ``notes`` a name that holds personal data ("grupo 3").
        """
        if redact is None:
            redact = self.settings.get("redact", True)
        if not isinstance(redact, (bool, np.bool_)):
            raise ConfigError(f"redact={shown_value(redact)}: expected True, False or None (as discover was told).")
        if not isinstance(label, str):  # (its message was about braces: "'NoneType' object has no attribute 'format'")
            raise ConfigError(f"label={label!r}: expected a label id as text, such as 'payment_methods' or "
                              f"'{PLACEHOLDER}'.")
        try:
            tags = {g: label.format(group=g) for g in self.groups["group"]}
        except (KeyError, IndexError, ValueError, AttributeError) as error:
            raise ConfigError(f"label={label!r}: a label may hold {{group}} (the group's number) and nothing else "
                              f"in braces ({type(error).__name__}: {error}).") from None
        wanted = list(self.groups["group"]) if groups is None else _group_numbers(groups)
        if not label or LABEL_SEP in label or label != label.strip():
            raise ConfigError(f"label={label!r}: one touchpoint name, without {LABEL_SEP!r} or surrounding spaces.")
        for tag in tags.values():  # the rule read_training_data applies to the file: refused there, a dead end
            problem = (new_label_problem(tag, "touchpoints") if RE_LABEL_ID.match(tag) else
                       f"is not a label id; expected one snake_case id{suggested_id(tag, 'touchpoints')}.")
            if problem:
                raise ConfigError(f"label={label!r}: touchpoints label {tag!r} {problem}")
        unknown = sorted(set(wanted) - set(self.groups["group"]))
        if unknown:
            raise DataError(f"groups {unknown} not found; the groups are {list(self.groups['group'])}.")
        names = dict(zip(self.groups["group"], self.groups["name"]))
        if redact and not self.settings.get("redact", True):  # names found unredacted: none holds personal data
            names = {g: self._name_without_personal_data(g, n) for g, n in names.items() if g in wanted}
        rows = self.members[self.members["group"].isin(wanted)]
        # By group, the closest first; ties by text, so that the rows' order in the file changes nothing.
        # The column first: in .loc[rows, name], a tuple name (a flattened two-row header) is read as two keys.
        texts = _comments(self.frame[self.text].loc[rows.index])
        rows = rows.iloc[np.lexsort((texts, [text_key(t) for t in texts], -rows["similarity"].to_numpy(),
                                     rows["group"].to_numpy()))]
        source = self.frame.loc[rows.index]
        written = source[self.text].astype(str).to_numpy()
        if redact:
            from ..pii import redact_many

            written = np.array([r.text for r in redact_many(written)], dtype=object)
        out = pd.DataFrame({
            "id": [str(i) for i in rows.index],
            "text": written,
            "sentiment": source["cx_sentiment"].to_numpy(),
            "touchpoints": [LABEL_SEP.join(_with_placeholder(tags[g], predicted))
                            for g, predicted in zip(rows["group"], source["cx_touchpoints"])],
            "areas": source["cx_areas"].fillna("").to_numpy(),
            "notes": [f"grupo {g}: {names[g]}" if names[g] else f"grupo {g}" for g in rows["group"]],
        })
        return out[~out["text"].map(text_key).duplicated()].reset_index(drop=True)  # (texts alike once redacted too)

    def _name_without_personal_data(self, group: int, name: str) -> str:
        """``name`` of a group found with ``redact=False``, or '' where one of its words is personal data in one of
        the group's comments (what ``discover(redact=True)`` leaves out of a name): ``to_training(redact=True)``
        redacted the texts and wrote "grupo 3: asesor rodrigo" in their notes."""
        from . import _groups, _subjects

        texts = _comments(self.frame[self.text].loc[self.members.index[self.members["group"] == group]])
        hidden = _groups.personal_words(texts)
        return "" if any(w.lemma in hidden for w in _subjects.analyse(name)) else name

    def to_dict(self) -> dict:
        """A JSON-ready summary: the pool, the settings and every group."""
        groups = self.groups.astype(object).where(self.groups.notna(), None)
        return {"pool": self.pool, "pool_size": len(self.members),
                "grouped": int((self.members["group"] > 0).sum()), "k": self.k, "dropped": self.dropped,
                "settings": self.settings, "groups": groups.to_dict(orient="records")}


def _with_placeholder(tag: str, predicted) -> list[str]:
    """The placeholder, then the predicted touchpoints that stay true of the comment (``general`` does not)."""
    if not isinstance(predicted, str):  # no prediction (a frame classified elsewhere): the placeholder alone
        return [tag]
    # Read as the pool reads them: a hand-edited "General" is general too (it was exported as "nuevo_tema_1|General",
    # which read_training_data reads as general and the new touchpoint at once).
    kept = [t.strip() for t in predicted.split(LABEL_SEP) if t.strip().lower() not in ("", "general", tag)]
    return [tag, *dict.fromkeys(kept)]


def _comments(cells: pd.Series) -> np.ndarray:
    """Comment cells as ``classify`` reads them (``given_text``: bytes as UTF-8, lone surrogates as U+FFFD), '' for a
    missing one: a comment of bytes was analysed as the text of its repr, "b'env\\xc3\\xado'"."""
    return np.array([given_text(value) or "" for value in cells], dtype=object)


def _group_numbers(groups) -> list[int]:
    """``to_training``'s ``groups`` (a number or a list of them) as ints; 1.7, 'x' or True is a ``DataError``."""
    values = list(np.atleast_1d(groups))
    if not all(isinstance(g, (int, float, np.number)) and not isinstance(g, bool) and float(g).is_integer()
               for g in values):
        raise DataError(f"groups={groups!r}: expected group numbers such as 1 or [1, 3].")
    return [int(g) for g in values]
