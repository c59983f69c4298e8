"""The look every chart of the HTML report shares, and the step that turns a figure into inline SVG.

Kept apart from ``charts.py`` (the charts themselves) because these are the parts each chart draws with: the
palette and its contrast rules, matplotlib's settings for the report (``_RC``), the figure and tick formatters, and
``to_svg``. ``charts.py`` imports them, so ``charts.COLORS`` and ``charts.to_svg`` are where they were.

The chart style (``_RC``) is applied with ``matplotlib.rc_context``, which swaps the process-wide rcParams and
puts them back on exit; matplotlib is not thread-safe, so charts are drawn one at a time (``_LOCK``): reports
built in several threads then leave the caller's rcParams as they were and draw the same SVG as alone. (Code of
your own that changes rcParams in another thread while a report is drawn still races with it.)
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import re
import threading
import unicodedata

import numpy as np
from bidi.algorithm import get_display

from .._mpl_home import settle

settle()  # before matplotlib is imported: where it keeps its files (cxnlp._mpl_home)
from matplotlib.ticker import FuncFormatter  # noqa: E402

# Text colours read at 4.5:1 (WCAG AA) on white; the report's CSS uses the same (report.css).
COLORS = {"negative": "#c8453b", "mixed": "#e9a23b", "neutral": "#a7b0ba", "positive": "#23704a",
          "ink": "#1f2d3d", "muted": "#5a6573", "grid": "#e6e9ee", "accent": "#1f4e79", "band": "#c9d9ea",
          # Red text on the priority matrix's red tint ("Arreglar primero"): the negative's red read 4.43:1 there.
          "negative_text": "#b03a31"}
#: The opacity of the red tint of the priority matrix's "fix first" quadrant.
FIX_FIRST_TINT = 0.06
SENTIMENT_ORDER = ("negative", "mixed", "neutral", "positive")
#: Sentiment labels of your own ("sarcastic"), after the schema's, take these in turn: none is a sentiment's hue, and
#: white reads on each at 4.5:1. A chart draws at most this many labels of your own; any others, as one part
#: (``OTHER``, in ``OTHER_COLOR``), so that no two parts of a bar share a colour.
OWN_COLORS = ("#1f4e79", "#7a4f9a", "#2a7f8f", "#8a6d3b", "#b04a7d")
OTHER = ("other",)  # the key of that part: no label (a text) is it
OTHER_COLOR = "#3d434b"
#: A pattern on two of the four sentiments, so that the parts of a bar are told apart without their colour (WCAG
#: 1.4.1): "mixed" and "neutral" are about as light as each other (1.0:1), and so are "negative" and "positive"
#: (1.26:1); any other two differ by 2.2:1 and more. Plain, hatched, plain, hatched in the bar's order: each part
#: differs from the next by its pattern, or by its lightness where one between is missing; the legend shows the same.
SENTIMENT_HATCH = {"mixed": "//", "positive": "//"}
#: The width of ``SENTIMENT_HATCH``'s lines, set through rcParams: the ``hatch_linewidth`` keyword is matplotlib
#: 3.10's (3.8 and 3.9 raise on it). 3.10 and later read the width when a bar is made, 3.8 and 3.9 when the figure is
#: saved, so both are done inside it.
_HATCH_RC = {"hatch.linewidth": 0.8}
_RC = {"font.family": "DejaVu Sans", "font.size": 9.5, "svg.fonttype": "path", "svg.hashsalt": "cxnlp",
       "axes.edgecolor": COLORS["grid"], "axes.labelcolor": COLORS["ink"], "xtick.color": COLORS["muted"],
       "ytick.color": COLORS["ink"], "axes.spines.top": False, "axes.spines.right": False,
       "axes.titleweight": "bold", "axes.titlesize": 10, "axes.titlelocation": "left",
       # Theme names come from user data: '$x^$' is a name, not TeX (mathtext would raise on it).
       "text.parse_math": False, "text.usetex": False}
#: Held while a chart is drawn in ``_RC``: a re-entrant lock, as ``to_svg`` takes it again inside a chart.
_LOCK = threading.RLock()


@functools.lru_cache(maxsize=1)
def _glyphs() -> frozenset[int]:
    """The characters the charts' font (``_RC``'s) has a glyph for."""
    from matplotlib import font_manager

    return frozenset(font_manager.get_font(font_manager.findfont(_RC["font.family"])).get_charmap())


def drawable(text: str) -> str:
    """``text`` as a chart draws it: without the characters its font has no glyph for (most emoji, flags, joiners),
    each of which matplotlib drew as an empty box and warned of ("Glyph 128241 missing from font(s)", printed by
    the commands). The chart's table beside it keeps the text whole; a text of such characters only is "□"."""
    if text.isascii():
        return text
    kept = "".join(c for c in text if ord(c) in _glyphs())
    if len(kept) == len(text):  # nothing left out: as written (a no-break space kept, not a place to wrap the name)
        return text
    return " ".join(kept.split()) or "\u25a1"


def visual(line: str) -> str:
    """One line of text in the order its characters are drawn left to right, for a chart: matplotlib draws them in
    the order they are stored, so a Hebrew or Arabic name read backwards beside the table that writes it (``<bdi>``).
    Unicode's bidirectional algorithm (UAX #9) by python-bidi, whose ``bidi.algorithm`` also mirrors brackets in a
    right-to-left run (its Rust ``bidi.get_display`` does not: "(תל אביב)" was drawn ")ביבא לת("); numbers keep their
    order ("1.5%", "2024-01-02"). Arabic letters are drawn unjoined (matplotlib does no shaping)."""
    if not any(unicodedata.bidirectional(c) in ("R", "AL") for c in line):  # a right-to-left letter
        return line
    return get_display(line)


def _luminance(color: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_on(fill: str) -> str:
    """White or ink, whichever reads better on ``fill`` (white on the orange of "mixed" was 2.2:1)."""
    light = _luminance(fill)
    return "white" if (1.05 / (light + 0.05)) >= (light + 0.05) / (_luminance(COLORS["ink"]) + 0.05) else COLORS["ink"]


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=96)


def _ticks(fmt, digits: int, signed: bool = False):

    return FuncFormatter(lambda value, _pos: fmt(value, digits=digits, signed=signed))


def _axis_ticks(fmt, axis, least: int):
    """A formatter for ``axis``'s ticks, as it spans now (call it after setting the limits): ``least`` decimals, or as
    many as the ticks need. A locator steps by 2.5 as well as by 1, 2 and 5, and a share axis from 0 to 20 at no
    decimal read "0, 2, 5, 8, 10" (2.5 as 2, 7.5 as 8), an effect axis at one decimal "−0,8, −0,5, −0,2"."""
    return _ticks(fmt, max(least, _tick_digits(axis.get_majorticklocs())))


def _tick_digits(ticks) -> int:
    """The fewest decimals (at most 3) that show every tick as it is: 2.95, 3.00, 3.05 need two ("3,0" thrice
    with one), 4.75 needs two ("4,8" on the line at 4.75)."""
    ticks = np.asarray(ticks, dtype=float)
    return next(d for d in range(4) if d == 3 or np.allclose(np.round(ticks, d), ticks, rtol=0, atol=1e-9))


def to_svg(fig, alt: str, table: str | None = None) -> str:
    """The figure as an ``<svg>`` element that scales to its container, named ``alt`` and described by the
    element with the id ``table`` (the chart's numbers)."""
    import matplotlib

    buffer = io.StringIO()
    with _LOCK, matplotlib.rc_context(_RC):
        fig.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.08, metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)  # RDF credits: bytes, and URLs
    width = re.search(r'width="([\d.]+)pt"', svg)
    svg = re.sub(r'\s(width|height)="[\d.]+pt"', "", svg, count=2)
    style = f' style="max-width:{float(width.group(1)) * 4 / 3:.0f}px"' if width else ""
    svg = _own_ids(svg)
    described = f' aria-describedby="{html.escape(table)}"' if table else ""
    return svg.replace("<svg", f'<svg class="chart" role="img" aria-label="{html.escape(alt)}"{described}{style}', 1)


# An id attribute and the two ways matplotlib refers to one: xlink:href="#id" (glyphs, markers) and
# url(#id) (clip paths). Only attributes inside tags: matplotlib escapes quotes in the text it writes.
_RE_ID_PARTS = re.compile(r'(?<=\sid=")|(?<=href="#)|(?<=url\(#)')


def _own_ids(svg: str) -> str:
    """``svg`` with every id, and every reference to one, prefixed by a hash of the chart: ids unique
    across the charts of one page, the same on every run."""
    prefix = "c" + hashlib.sha1(svg.encode("utf-8")).hexdigest()[:10] + "-"
    return _RE_ID_PARTS.sub(prefix, svg)
