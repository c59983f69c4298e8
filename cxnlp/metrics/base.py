"""What every survey metric shares: reading answers, the ``Metric`` interface, and the registry.

Every metric is the mean of a per-respondent value ``y`` over the valid answers, so three sums
(``n``, ``sum y``, ``sum y**2``) give its value and 95% interval, and sums of parts add up
(``engine.py``). A metric class says how it reads a column and what ``y`` is:

==========  =========================================  =====================================
kind        y per respondent                           standard error
==========  =========================================  =====================================
net (NPS)   +100 promoter (9-10), 0 passive (7-8),     ``100*sqrt((p+d-(p-d)**2)/n)`` (docs/metrics.md)
            -100 detractor (0-6)
share       100 if score >= cutoff else 0              ``100*sqrt(p*(1-p)/n)``, the same form
mean        the score                                  ``s/sqrt(n)``, sample standard deviation
==========  =========================================  =====================================

Intervals are 95% intervals that keep their coverage on small samples (``_interval``: adjusted Wald
for NPS, Wilson for shares, Student's t for means), clipped to the metric's range. Blank,
out-of-range and non-numeric scores are excluded from a metric and counted, never dropped
silently. Scores may be numbers (``Decimal`` ones too, as DECIMAL columns give them) or text with a
decimal point or comma (``"4,5"``, Spanish Excel) or a labelled choice (``"10 - Extremadamente probable"``
is 10); booleans, exponents (``"1e1"``), thousands separators (``"1,000"``) and free text (``"10 días"``)
are non-numeric.

A new metric is one class and one registration::

    @register
    @dataclass(frozen=True, kw_only=True)
    class Sat10(Metric):
        name, label = "sat10", "SAT-10"
        methods = {"top2": "share", "mean": "mean"}
        scale: tuple[int, int] = (1, 10)
        method: str = "top2"

after which ``summarize(frame, metrics={"satisfaccion": "sat10"})`` and the report show it.

Reading answers as scores is ``_scores``'s, and the checks of a metric's number settings ``_setting_checks``'s; their
public names are importable from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import ClassVar, TypeVar

import numpy as np

from ..columns import AXIS_NAMES
from ..exceptions import ConfigError, choices, shown_value
from ._scores import BLANK, NON_NUMERIC, OUT_OF_RANGE, REASONS, parse_scores
from ._setting_checks import _brief, _check_scale, _finite, is_number
from ._spread import spread_of

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal
KINDS = ("net", "share", "mean")
_MetricT = TypeVar("_MetricT", bound="Metric")  # register's: pyright types a decorated class as what it returns


@dataclass(frozen=True, slots=True)
class MetricResult:
    """One metric over a set of answers.

    ``value`` is NaN when no answer is valid. ``low``/``high`` bound the 95% interval.
    ``blank``, ``out_of_range`` and ``non_numeric`` count the answers excluded from it;
    ``counts`` holds the metric's categories (promoters/passives/detractors, satisfied...).

    Frozen (its fields cannot be reassigned) but unhashable by design: ``counts`` is a plain dict, the
    result's own, so it pickles and dumps to JSON as one. Results compare equal field by field, a NaN equal to a
    NaN: the same answers give equal results, also where a value is missing (no valid answer; one answer to a mean).
    """

    metric: str
    method: str
    value: float
    n: int
    se: float
    low: float
    high: float
    blank: int = 0
    out_of_range: int = 0
    non_numeric: int = 0
    scale: tuple[int, int] = (0, 10)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def interval(self) -> tuple[float, float]:
        return (self.low, self.high)

    @property
    def excluded(self) -> int:
        return self.blank + self.out_of_range + self.non_numeric

    def __eq__(self, other) -> bool:
        # The generated __eq__ compared NaN with NaN as unequal: ces([4]) != ces([4]), and no result of no answer
        # equalled itself after a pickle.
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(_same(getattr(self, f.name), getattr(other, f.name)) for f in fields(self))

    def to_dict(self) -> dict:
        """Every field, with ``excluded`` and ``interval`` (as a list) beside them."""
        return {**asdict(self), "excluded": self.excluded, "interval": [self.low, self.high]}


# A frozen dataclass with an __eq__ of its own gets a __hash__ that would fail on the dict field: say "unhashable" at
# once (set here, after the decorator, which replaces a __hash__ = None written beside that __eq__).
MetricResult.__hash__ = None  # type: ignore[assignment]


def _same(a, b) -> bool:
    """Whether two fields of results are equal, a missing value (NaN) equal to a missing value."""
    return bool(a == b) or (isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b))


#: Share of the answers (blank ones aside) that, out of range and not numeric together, the command line warns of and
#: the report's card says in red: the headline then rests on the rest only (``excluded_many``).
EXCLUDED_MANY = 0.2


def excluded_many(valid: int, out_of_range: int, non_numeric: int) -> bool:
    """Whether the answers out of range and not numeric together are at least ``EXCLUDED_MANY`` of those not blank:
    the one rule of ``cxnlp summarize``'s warnings and the report's card, which had tested each reason alone and
    their sum (15% of one and 10% of the other warned in the report only)."""
    answered = valid + out_of_range + non_numeric
    return bool(answered) and out_of_range + non_numeric >= EXCLUDED_MANY * answered


# -- the interface ----------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class Metric:
    """A survey metric: the mean of a per-respondent value ``y`` computed from a score column.

    Subclasses set the class attributes ``name`` (registry key and summary column prefix),
    ``label`` (shown in reports) and ``methods`` (method -> kind: ``"mean"`` of the scores,
    ``"share"`` at or above ``cutoff`` in %, or ``"net"``, which must define :meth:`score`), and
    give ``scale`` and ``method`` defaults as dataclass fields. Instances are frozen settings,
    validated on creation; ``cutoff=None`` takes :meth:`default_cutoff`.
    """

    name: ClassVar[str]
    label: ClassVar[str]
    methods: ClassVar[Mapping[str, str]]
    #: Only whole scale points are valid answers (NPS: 8.5 is neither passive nor promoter).
    integer: ClassVar[bool] = False
    #: Counts shown as a split bar in the report: (count key, style) with style pos, neu or neg.
    split: ClassVar[tuple[tuple[str, str], ...]] = ()

    scale: tuple[int, int]
    method: str
    cutoff: float | None = None

    def __post_init__(self):
        scale = _check_scale(self.scale, self.label)
        if not (isinstance(self.method, str) and self.method in self.methods):
            raise ConfigError(f"{self.label} method {shown_value(self.method)} is not known; "
                              f"expected one of {choices(self.methods)}.")
        cutoff = self.cutoff
        if self.methods[self.method] == "net" and cutoff is not None:  # accepted, ignored, and shown in attrs as set
            groups = self.net_groups(scale)
            raise ConfigError(f"{self.label} takes no cutoff, got {_brief(cutoff)}: its score() gives each answer of "
                              f"the scale {scale[0]}-{scale[1]} its value{f' ({groups})' if groups else ''}; "
                              f"leave cutoff out.")
        if self.methods[self.method] != "net":
            if not (cutoff is None or is_number(cutoff)):
                raise ConfigError(f"{self.label} cutoff {shown_value(cutoff)} is not a number; expected one with "
                                  f"{scale[0]} < cutoff <= {scale[1]}.")
            if not (cutoff is None or _finite(cutoff)):  # NaN compared False and read as outside the scale
                raise ConfigError(f"{self.label} cutoff {_brief(cutoff)} is not a finite number; expected one with "
                                  f"{scale[0]} < cutoff <= {scale[1]}.")
            cutoff = self.default_cutoff(scale) if cutoff is None else cutoff
            if not scale[0] < cutoff <= scale[1]:
                raise ConfigError(f"{self.label} cutoff {shown_value(cutoff)} is outside the scale {scale}; "
                                  f"expected {scale[0]} < cutoff <= {scale[1]}.")
            cutoff = float(cutoff)
        object.__setattr__(self, "scale", scale)
        object.__setattr__(self, "cutoff", cutoff)

    def net_groups(self, scale: tuple[int, int]) -> str:
        """How a "net" metric's score() groups the answers of ``scale``, for a message ('' where it does not say)."""
        return ""

    def default_cutoff(self, scale: tuple[int, int]) -> float:
        """Lowest answer that counts for a share when no cutoff is given: the top two points (the top one of a
        two-point, yes/no scale)."""
        return max(scale[1] - 1, scale[0] + 1)

    # What the method makes of the scores
    @property
    def kind(self) -> str:
        """"net", "share" or "mean"."""
        return self.methods[self.method]

    @property
    def ddof(self) -> int:
        """Degrees of freedom of the variance: the sample variance for means, the population's for shares."""
        return 1 if self.kind == "mean" else 0

    @property
    def bounds(self) -> tuple[float, float]:
        """The range of the metric's value; intervals are clipped to it."""
        if self.kind == "mean":
            return (float(self.scale[0]), float(self.scale[1]))
        return self.net_range() if self.kind == "net" else (0.0, 100.0)

    def net_range(self) -> tuple[float, float]:
        """The lowest and highest ``y`` that a "net" metric's :meth:`score` gives the whole points of its scale (at
        most 10,001 of them, spread evenly): -100 and 100 for the NPS, -1 and 1 for a metric scored +1/-1. Its
        interval adds its answers there (``_interval``); (-100, 100) where ``score`` gives no finite value."""
        lo, hi = self.scale
        x = np.linspace(lo, hi, min(hi - lo + 1, 10_001))
        try:
            y = np.asarray(self.score(x), dtype=float).reshape(-1)
        except Exception:  # a score of one's own that takes other input: the NPS's range, as before
            return (-100.0, 100.0)
        y = y[np.isfinite(y)]
        return (float(y.min()), float(y.max())) if y.size else (-100.0, 100.0)

    def settings(self) -> dict:
        """How the metric was computed, as plain values (``summary.attrs["metrics"]``)."""
        return {"method": self.method, "scale": list(self.scale), "cutoff": self.cutoff}

    def describe(self, lang: str) -> str | None:
        """A one-line description for reports in ``lang``, with ``{lo}``, ``{hi}`` and ``{cut}`` filled
        in from the scale and cutoff; None lets the report word it from the kind."""
        return None

    # Per respondent
    def parse(self, values: Iterable) -> tuple[np.ndarray, np.ndarray]:
        """Scores (NaN where excluded) and exclusion reason codes (``BLANK``...; 0 = valid). An answer that
        :meth:`score` gives no finite value (a "don't know" point scored NaN) is out of range: it was in no count."""
        x, reason = parse_scores(values, self.scale, integer=self.integer)
        off = (reason == 0) & ~np.isfinite(self.from_scores(x))
        x[off], reason[off] = np.nan, OUT_OF_RANGE
        return x, reason

    def score(self, x: np.ndarray) -> np.ndarray:
        """``y`` of each score ``x``; where ``x`` is NaN (excluded) the result is ignored."""
        if self.kind == "mean":
            return x
        if self.kind == "share":
            return np.where(x >= self.cutoff, 100.0, 0.0)
        raise NotImplementedError(f"{type(self).__name__} must define score() for its 'net' method.")

    def values(self, values: Iterable) -> tuple[np.ndarray, np.ndarray]:
        """``y`` per respondent (NaN when excluded) and the exclusion reason codes."""
        x, reason = self.parse(values)
        return self.from_scores(x), reason

    def from_scores(self, x: np.ndarray) -> np.ndarray:
        """``y`` of parsed scores ``x`` (what :meth:`parse` returns), NaN where ``x`` is NaN."""
        y = np.asarray(self.score(x), dtype=float).copy()
        y[np.isnan(x)] = np.nan
        return y

    def counts(self, y: np.ndarray) -> dict[str, int]:
        """Answers per category among the valid ``y``."""
        if self.kind == "share":
            return {"at_or_above_cutoff": int((y > 0).sum()), "below_cutoff": int((y == 0).sum())}
        return {}

    # From sums
    def estimate(self, n: np.ndarray | float, total: np.ndarray | float, squares: np.ndarray | float
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Value, standard error, low and high from ``n``, ``sum y`` and ``sum y**2`` (arrays or scalars).

        The standard error is the plain one (what tests of differences use). The 95% interval is the one that keeps
        its coverage at small ``n`` and near the ends of the scale (``_interval``)."""
        n = np.asarray(n, dtype=float)
        total, squares = np.asarray(total, dtype=float), np.asarray(squares, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(n > 0, total / n, np.nan)
            spread = spread_of(n, total, squares)  # equal answers' rounding error ('1.1' x 68) is no spread
            var = spread / (n - self.ddof)
            se = np.where(n > self.ddof, np.sqrt(var / n), np.nan)
            low, high = _interval(self.kind, n, total, squares, value, se, self.bounds)
        lo, hi = self.bounds
        # An interval always holds the value it is about (the adjusted NPS interval can end short of a 100 of 1).
        unknown = np.isnan(value) | np.isnan(low)  # no answer, or one answer to a mean: no interval
        low = np.where(unknown, np.nan, np.clip(np.minimum(low, value), lo, hi))
        high = np.where(unknown, np.nan, np.clip(np.maximum(high, value), lo, hi))
        return value, se, low, high

    def result(self, values: Iterable) -> MetricResult:
        """The metric over ``values``, with its interval and excluded answers."""
        y, reason = self.values(values)
        valid = y[~np.isnan(y)]
        value, se, low, high = (float(v) for v in self.estimate(valid.size, valid.sum(), (valid**2).sum()))
        excluded = {key: int((reason == code).sum()) for code, key in REASONS.items()}
        return MetricResult(self.name, self.method, value, int(valid.size), se, low, high, **excluded,
                            scale=self.scale, counts=self.counts(valid))


def _interval(kind: str, n, total, squares, value, se, bounds=(-100.0, 100.0)):
    """95% interval of a metric from its sums, by kind (docs/metrics.md, section 3):

    - ``net`` (NPS): the adjusted Wald interval of Rocks (2016), the best of six in his comparison: 3/4 of
      a promoter and 3/4 of a detractor (and 3/2 of a passive) are added before the Wald interval of the
      difference of two proportions; a net metric scored otherwise (+1/-1) gets it in its own units, its answers
      added at the ends of its range (``bounds``) and its middle, and the NPS the very same numbers as before;
    - ``share``: the Wilson score interval of the proportion;
    - ``mean``: Student's t with n - 1 degrees of freedom (none for one answer).

    The plain Wald interval covers far less than 95% where it matters most: 18% for an NPS of 88 from two
    answers, 60% for a CSAT of 97% from 30.
    """
    if kind == "net":  # Rocks's on y moved to -100..100 (the NPS's own, bit for bit) and back to the range's units
        lo, hi = bounds
        mid, unit, m = (lo + hi) / 2, (hi - lo) / 200, n + 3.0
        if unit == 0:  # every answer scores the same: no spread, the interval is that score
            return np.full_like(m, lo), np.full_like(m, lo)
        both, net = (squares - 2 * mid * total + n * mid**2) / (1e4 * unit**2), (total - n * mid) / (100 * unit)
        p, d = ((both + net) / 2 + 0.75) / m, ((both - net) / 2 + 0.75) / m
        centre, half = 100 * (p - d), 100 * Z95 * np.sqrt(np.maximum(p + d - (p - d) ** 2, 0.0) / m)
        return mid + unit * (centre - half), mid + unit * (centre + half)
    if kind == "share":  # y is 100 or 0
        p, z2 = total / (100.0 * n), Z95**2
        scale = 100.0 / (1 + z2 / n)
        centre = scale * (p + z2 / (2 * n))
        half = scale * Z95 * np.sqrt(np.maximum(p * (1 - p), 0.0) / n + z2 / (4 * n**2))
        return centre - half, centre + half
    from scipy.special import stdtrit  # here: only means need it, and summaries load fast without SciPy

    t = np.where(n > 1, stdtrit(np.maximum(n - 1, 1), 0.975), np.nan)
    return value - t * se, value + t * se


# -- the registry -----------------------------------------------------------------------------
_REGISTRY: dict[str, type[Metric]] = {}

#: What follows a metric's name in its summary columns (``summary.py``): ``M``, ``M_low``, ``M_high``, ``M_n``...
COLUMN_SUFFIXES = ("", "_low", "_high", "_n", "_blank", "_out_of_range", "_non_numeric", "_impact", "_impact_p",
                   "_impact_significant")
#: The summary's columns that are no metric's (``summary.py``, ``signals.signal_summary``), besides the emotions'
#: (``EMOTION_PREFIX``): a metric named ``effort`` wrote ``effort_low`` and ``effort_n``, and the signal columns
#: written after it replaced them in silence (an interval that missed its value, the n of another count).
SUMMARY_COLUMNS = frozenset({"period", "theme", "label", "n", "share", "positive", "neutral", "negative", "mixed",
                             "net_sentiment", "below_min_n", "effort_n", "effort_high", "effort_low", "emotions_n",
                             "churn_risk", "churn_risk_n", "churn_risk_share", "escalation", "escalation_n",
                             "escalation_share"})
EMOTION_PREFIX = "emotion_"
#: The names ``check_name`` refuses, as its message lists them: the summary's own columns, and the axes' names
#: (``columns.AXIS_NAMES``), the theme columns of a table by two or more dimensions, which a metric's value replaced.
RESERVED_NAMES = ("areas", "below_min_n", "churn_risk", "effort", "emotion", "emotions", "escalation", "label", "mixed",
                  "n", "negative", "net_sentiment", "neutral", "period", "positive", "sentiment", "share", "stage",
                  "theme", "touchpoints")


def summary_columns(name: str) -> list[str]:
    """The summary columns of a metric named ``name``: ``name``, ``name_low`` ... ``name_impact_significant``."""
    return [f"{name}{suffix}" for suffix in COLUMN_SUFFIXES]


def _taken_columns(name: str) -> list[str]:
    """``name``'s summary columns that are the summary's own (``SUMMARY_COLUMNS``, the emotions', an axis's theme)."""
    return [column for column in summary_columns(name)
            if column in SUMMARY_COLUMNS or column in AXIS_NAMES or column.startswith(EMOTION_PREFIX)]


def check_name(name: str) -> str:
    """``name``, unless a summary column of a metric of that name is one of the summary's own: a ``ConfigError``
    then, as the two would share one column. The name it suggests is one it accepts: ``emotion_anger_score``
    still starts with ``emotion_``, so a name of that kind gets ``score_`` in front instead."""
    taken = _taken_columns(name)
    if taken:
        other = name + "_score" if not _taken_columns(name + "_score") else "score_" + name
        raise ConfigError(f"metric name {name!r} would write the summary's own column {taken[0]!r}; a metric cannot be "
                          f"named {', '.join(RESERVED_NAMES)}, emotion_... or one of their columns: give it another "
                          f"name, such as {other!r}.")
    return name


def register(metric: type[_MetricT]) -> type[_MetricT]:
    """Make ``metric`` known by its ``name`` to ``get``, ``summarize`` and the report; usable as a decorator."""
    if not (isinstance(metric, type) and issubclass(metric, Metric)):
        raise TypeError(f"register expects a Metric subclass, got {metric!r}.")
    for attribute in ("name", "label", "methods"):
        if not hasattr(metric, attribute):
            raise TypeError(f"{metric.__name__} must set the class attribute {attribute!r}.")
    if set(metric.methods.values()) - set(KINDS):
        raise TypeError(f"{metric.__name__}.methods maps methods to kinds {KINDS}, got {dict(metric.methods)}.")
    check_name(metric.name)
    _REGISTRY[metric.name] = metric
    return metric


def get(name: str) -> type[Metric]:
    """The metric class registered as ``name``; an unknown name is a ``ConfigError``, as a setting, not data."""
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):  # (TypeError: a name that cannot be hashed, such as a list)
        known = choices(sorted(_REGISTRY))
        if not isinstance(name, str) and shown_value(name) != repr(name):  # (a column given: its rows were the message)
            raise ConfigError(f"metric: expected a metric's name ({known}) or a Metric, got {shown_value(name)}."
                              ) from None
        raise ConfigError(f"metric {name!r} is not known; expected one of {known}.") from None


def registered() -> list[str]:
    """Names of the registered metrics, in registration order."""
    return list(_REGISTRY)


__all__ = ["BLANK", "EXCLUDED_MANY", "KINDS", "NON_NUMERIC", "OUT_OF_RANGE", "REASONS", "RESERVED_NAMES", "Z95",
           "Metric", "MetricResult", "check_name", "excluded_many", "get", "parse_scores", "register", "registered",
           "summary_columns"]
