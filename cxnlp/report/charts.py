"""Charts of the HTML report, drawn with matplotlib and returned as inline SVG strings.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot figure manager) and text is drawn as paths, so
the SVG looks the same in every browser with no font or network access. Output is deterministic: no date in the
metadata, fixed ids. Each chart's ids start with a prefix made from its content, so that a page with several
charts holds each id once (matplotlib numbers the parts of every figure from 1: "text_1", "patch_1", glyph ids).
Text is never parsed as mathtext or TeX: a ``$`` in a theme name is drawn as a dollar sign. Drawn text is no
text to a screen reader: each chart takes the id of the table with its numbers (``table``), referenced by
``aria-describedby``.

The palette, the chart style (``_RC``, drawn under ``_LOCK``) and ``to_svg`` live in ``_chart_style.py``.
"""

from __future__ import annotations

import bisect
import itertools
import textwrap
from collections.abc import Sequence

import numpy as np

from .._mpl_home import settle

settle()  # before matplotlib is imported: where it keeps its files (cxnlp._mpl_home)
from matplotlib.ticker import MaxNLocator  # noqa: E402

from ._chart_style import (_HATCH_RC, _LOCK, _RC, COLORS, FIX_FIRST_TINT, OTHER, OTHER_COLOR,  # noqa: E402
                           OWN_COLORS, SENTIMENT_HATCH, SENTIMENT_ORDER, _axis_ticks, _figure, _tick_digits, _ticks,
                           drawable, text_on, to_svg, visual)

#: A theme's name on a chart: at most this many characters a line, on at most ``NAME_LINES`` lines, then "…" (the full
#: name is in the chart's table). A name of 130 characters on one line widened the chart's SVG to 1,190 units, and
#: the page shrank all of its text to about 7 px to fit. The longest built-in name ("Advertising and
#: communication", 29) keeps its one line.
NAME_WIDTH = 30
NAME_LINES = 2


def short_name(name) -> str:
    """``name`` as a chart writes it: as it is when it fits on a line, else wrapped, and cut with "…" after
    ``NAME_LINES`` lines; without the characters the chart's font cannot draw (``drawable``); each line in the order
    it is drawn (``visual``: a Hebrew or Arabic name is not drawn backwards)."""
    name = drawable(str(name))
    if len(name) <= NAME_WIDTH:
        return visual(name)
    lines = textwrap.wrap(name, NAME_WIDTH, max_lines=NAME_LINES, placeholder=" …") or [name[:NAME_WIDTH]]
    return "\n".join(map(visual, lines))


def chart_names(names: Sequence[str], among: Sequence[str] | None = None) -> list[str]:
    """``short_name`` of each of ``names``, those drawn alike numbered " (1)", " (2)"… by their names as written
    among ``among`` (all the themes of the chart's table; ``names`` when None), so that a theme has one number on
    every chart whatever each chart's order or the themes it draws: "Envío 🚚" and "Envío 📦" lose their emoji, and
    two long names may be cut at the same "…", so both were drawn "Envío" and the chart could not tell them apart.
    A number that would give a theme the label another theme has as its name ("Envío (1)") is skipped."""
    names = [str(name) for name in names]
    every = set() if among is None else {str(name) for name in among}
    pool = [*(str(name) for name in among or ()), *(name for name in names if name not in every)]
    alike: dict[str, list[str]] = {}
    for name in pool:
        alike.setdefault(short_name(name), []).append(name)
    order = {label: sorted(group) for label, group in alike.items() if len(group) > 1}
    # The numbers skip a label another theme has as its own name: a theme named "Envío (1)" was drawn as the first
    # of those numbered "Envío".
    taken, twice = {label for label, group in alike.items() if len(group) == 1}, len(names) - len(set(names))
    numbers = {label: list(itertools.islice((k for k in itertools.count(1) if f"{label} ({k})" not in taken),
                                            len(group) + twice)) for label, group in order.items()}
    seen: dict[str, int] = {}
    out = []
    for name in names:
        label = short_name(name)
        if label in order:  # its place among the names drawn alike, sorted (one name twice: in turn)
            seen[name] = seen.get(name, -1) + 1
            label = f"{label} ({numbers[label][bisect.bisect_left(order[label], name) + seen[name]]})"
        out.append(label)
    return out


def _row_pitch(names: Sequence[str], pitch: float) -> float:
    """Inches a bar's row takes: ``pitch``, more where a name is on two lines (they touched at 0.3)."""
    return pitch if all(len(str(name)) <= NAME_WIDTH for name in names) else pitch + 0.14


def impact_chart(names: Sequence[str], impact: Sequence[float], significant: Sequence[bool],
                 small: Sequence[bool], *, xlabel: str, fmt, alt: str, digits: int = 1,
                 table: str | None = None, among: Sequence[str] | None = None) -> str:
    """Horizontal bars of each theme's impact (labelled to ``digits`` decimals): filled when significant, outlined
    (white inside) when not, outlined and hatched under min n. Each is told apart by its shape, not by a fainter
    colour: a faded bar read at 1.75:1 on white. The axis spans the largest bar, at least a few units of its last
    decimal."""
    import matplotlib

    with _LOCK, matplotlib.rc_context(_RC):
        fig = _figure(9.4, 0.5 + _row_pitch(names, 0.3) * max(len(names), 1))
        ax = fig.add_subplot()
        y = np.arange(len(names))[::-1]
        values = np.nan_to_num(np.asarray(impact, dtype=float))
        span = max(float(np.abs(values).max(initial=0)), 5 * 10.0 ** -digits)
        for yi, v, sig, low in zip(y, values, significant, small):
            color = COLORS["negative"] if v < 0 else COLORS["positive"]
            if low:  # under the minimum n: outlined and hatched, whatever the test says
                ax.barh(yi, v, height=0.62, color="white", hatch="////", edgecolor=color, linewidth=0.8)
            elif sig:
                ax.barh(yi, v, height=0.62, color=color, linewidth=0)
            else:  # not significant: outlined in the full colour (3:1 on white and more), white inside
                ax.barh(yi, v, height=0.62, color="white", edgecolor=color, linewidth=1.5)
            ax.text(v + (0.02 if v >= 0 else -0.02) * span, yi, fmt(v, digits, signed=True), va="center",
                    ha="left" if v >= 0 else "right", fontsize=8.5, color=COLORS["ink"])
        ax.axvline(0, color=COLORS["muted"], linewidth=0.8)
        ax.set_yticks(y, chart_names(names, among))
        ax.set_xlim(-span * 1.3, span * 1.3)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 2.5, 5, 10], integer=span >= 4))
        ax.xaxis.set_major_formatter(_axis_ticks(fmt, ax.xaxis, 0 if span >= 4 else (1 if span >= 0.4 else 2)))
        ax.set_xlabel(xlabel, color=COLORS["muted"])
        ax.grid(axis="x", color=COLORS["grid"], linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        return to_svg(fig, alt, table)


def sentiment_colors(keys: Sequence) -> dict:
    """The colour of each sentiment of ``keys``: the schema's own, then ``OWN_COLORS`` in turn for labels of yours
    (at most as many as there are: the caller groups the rest as ``OTHER``), and ``OTHER_COLOR`` for that group."""
    own = [key for key in keys if key not in SENTIMENT_ORDER and key != OTHER]
    if len(own) > len(OWN_COLORS):
        raise ValueError(f"{len(own)} labels of your own for {len(OWN_COLORS)} colours; group the rest as OTHER.")
    return {key: COLORS[key] if key in SENTIMENT_ORDER else OTHER_COLOR if key == OTHER else OWN_COLORS[own.index(key)]
            for key in keys}


def _stacked_by_sentiment(ax, y, values: dict[str, Sequence[float]], labels: dict[str, str], *, height: float,
                          each=None) -> np.ndarray:
    """Horizontal bars stacked in sentiment order, labels of your own in ``values`` after the schema's;
    ``each(key, color, lefts, widths)`` may annotate a layer. Returns the right end of each bar."""
    left = np.zeros(len(y))
    import matplotlib

    keys = [*SENTIMENT_ORDER, *(key for key in values if key not in SENTIMENT_ORDER)]  # OTHER, if any, is last
    for key, color in sentiment_colors(keys).items():
        width = np.nan_to_num(np.asarray(values.get(key, np.zeros(len(y))), dtype=float))
        with matplotlib.rc_context(_HATCH_RC):
            ax.barh(y, width, left=left, height=height, color=color, label=visual(drawable(labels[key])),
                    edgecolor="white", linewidth=0.6, hatch=SENTIMENT_HATCH.get(key))
        if each is not None:
            each(key, color, left.copy(), width)
        left = left + width
    return left


def sentiment_chart(names: Sequence[str], shares: dict[str, Sequence[float]], counts: Sequence[int], *,
                    labels: dict[str, str], n_label: str, fmt, alt: str,
                    shown: dict[str, Sequence[float]] | None = None, table: str | None = None,
                    among: Sequence[str] | None = None) -> str:
    """100% stacked bars of the sentiment of each theme's comments, with n at the right.

    ``shown`` holds the numbers written on the bars (rounded so that each bar's add up to 100);
    the shares themselves when None."""
    import matplotlib

    with _LOCK, matplotlib.rc_context(_RC):
        fig = _figure(9.4, 0.75 + _row_pitch(names, 0.3) * max(len(names), 1))
        ax = fig.add_subplot()
        y = np.arange(len(names))[::-1]

        def annotate(key, color, lefts, widths):
            values = (shown or {}).get(key, widths)
            for yi, l, w, v in zip(y, lefts, widths, values):
                if w >= 9:  # on a hatched part, in a box of its colour: no line through the digits
                    box = dict(boxstyle="square,pad=0.25", facecolor=color, linewidth=0) if key in SENTIMENT_HATCH else None
                    ax.text(l + w / 2, yi, fmt(v, digits=0), ha="center", va="center", fontsize=8,
                            color=text_on(color), bbox=box)

        _stacked_by_sentiment(ax, y, shares, labels, height=0.66, each=annotate)
        for yi, n in zip(y, counts):
            ax.text(101.5, yi, f"{n_label} {fmt(n, digits=0)}", va="center", ha="left", fontsize=8, color=COLORS["muted"])
        ax.set_yticks(y, chart_names(names, among))
        ax.set_xlim(0, 100)
        ax.set_xticks([])
        ax.tick_params(axis="y", length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.legend(ncols=min(len(ax.get_legend_handles_labels()[0]), 6), loc="lower left", bbox_to_anchor=(0, 1.0),
                  frameon=False, fontsize=8.5, handlelength=1.6, handleheight=1.0, columnspacing=1.2)
        with matplotlib.rc_context(_HATCH_RC):  # matplotlib 3.8 and 3.9
            return to_svg(fig, alt, table)


def volume_chart(names: Sequence[str], counts: dict[str, Sequence[float]], *, labels: dict[str, str],
                 xlabel: str, fmt, alt: str, table: str | None = None, among: Sequence[str] | None = None) -> str:
    """Stacked bars of comment counts per theme, split by sentiment (volume and tone at once)."""
    import matplotlib

    with _LOCK, matplotlib.rc_context(_RC):
        fig = _figure(9.4, 0.85 + _row_pitch(names, 0.36) * max(len(names), 1))
        ax = fig.add_subplot()
        y = np.arange(len(names))[::-1]
        left = _stacked_by_sentiment(ax, y, counts, labels, height=0.62)
        for yi, total in zip(y, left):
            ax.text(total, yi, "  " + fmt(total, digits=0), va="center", ha="left", fontsize=8.5, color=COLORS["ink"])
        ax.set_yticks(y, chart_names(names, among))
        ax.set_xlim(0, max(left.max(initial=1), 1) * 1.12)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no '0 0 0 1 1 1' ticks
        ax.xaxis.set_major_formatter(_ticks(fmt, 0))
        ax.set_xlabel(xlabel, color=COLORS["muted"])
        ax.grid(axis="x", color=COLORS["grid"], linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.legend(ncols=min(len(ax.get_legend_handles_labels()[0]), 6), loc="lower left", bbox_to_anchor=(0, 1.0),
                  frameon=False, fontsize=8.5, handlelength=1.6, handleheight=1.0, columnspacing=1.2)
        with matplotlib.rc_context(_HATCH_RC):  # matplotlib 3.8 and 3.9
            return to_svg(fig, alt, table)


def priority_chart(names: Sequence[str], share: Sequence[float], effect: Sequence[float], low: Sequence[float],
                   high: Sequence[float], significant: Sequence[bool], *, split: float, quadrants: dict[str, str],
                   xlabel: str, ylabel: str, fmt, alt: str, table: str | None = None,
                   among: Sequence[str] | None = None) -> str:
    """The priority matrix: each theme at (share of comments, effect on the score) with the effect's
    95% interval: a filled dot and a solid line when the interval leaves out 0, a hollow dot and a dashed line
    when it covers 0 (in the full colour, not faded: a faded dot read at 1.75:1 on white). Split at ``split`` (share) and 0 (effect) into
    four quadrants, named in their corners by ``quadrants`` (keys as ``insights.drivers.QUADRANTS``). A theme with
    no effect (NaN) has no place on it and is left out (the table below the matrix lists it): its NaN made the
    axis limits NaN, which matplotlib refuses."""
    import matplotlib

    share, effect = np.asarray(share, dtype=float), np.asarray(effect, dtype=float)
    placed = np.isfinite(share) & np.isfinite(effect)
    # Named as on the other charts (numbered among ``among``, all the themes), then only those placed.
    names = [n for n, keep in zip(chart_names(names, among), placed) if keep]
    significant = np.asarray(significant, dtype=bool)[placed]
    share, effect = share[placed], effect[placed]
    low, high = np.asarray(low, dtype=float)[placed], np.asarray(high, dtype=float)[placed]
    with _LOCK, matplotlib.rc_context(_RC):
        fig = _figure(9.4, 5.4)
        ax = fig.add_subplot()
        reach = np.concatenate([np.abs(effect), np.abs(low[np.isfinite(low)]), np.abs(high[np.isfinite(high)])])
        span = max(float(reach.max(initial=0)), 0.5) * 1.2
        right = max(float(share.max(initial=0)), 1.0) * 1.15
        ax.axhspan(-span, 0, xmin=min(split / right, 1.0), color=COLORS["negative"], alpha=FIX_FIRST_TINT,
                   linewidth=0)
        for x, e, lo, hi, sig, name in zip(share, effect, low, high, significant, names):
            color = COLORS["negative"] if e < 0 else COLORS["positive"]
            if np.isfinite(lo) and np.isfinite(hi):
                ax.plot([x, x], [lo, hi], color=color, linewidth=1.2, solid_capstyle="round",
                        linestyle="solid" if sig else (0, (3, 2)))
            ax.plot([x], [e], marker="o", markersize=7, color=color, linestyle="none", markeredgewidth=1.5,
                    markerfacecolor=color if sig else "white", markeredgecolor=color)
        ax.set_xlim(0, right)
        ax.set_ylim(-span, span)
        for name, (x, e), offset in zip(names, zip(share, effect), _label_offsets(ax, names, share, effect)):
            ax.annotate(name, (x, e), textcoords="offset points", xytext=offset, fontsize=8, color=COLORS["ink"],
                        ha="left" if offset[0] > 0 else "right")
        ax.axhline(0, color=COLORS["muted"], linewidth=0.8)
        ax.axvline(split, color=COLORS["muted"], linewidth=0.8, linestyle=(0, (4, 3)))
        corners = {"maintain": (0.99, 0.98, "right", "top"), "low_priority": (0.01, 0.98, "left", "top"),
                   "watch": (0.01, 0.02, "left", "bottom"), "fix_first": (0.99, 0.02, "right", "bottom")}
        for key, (cx, cy, ha, va) in corners.items():
            ax.text(cx, cy, quadrants[key], transform=ax.transAxes, ha=ha, va=va, fontsize=9.5, fontweight="bold",
                    color=COLORS["negative_text"] if key == "fix_first" else COLORS["muted"])
        ax.xaxis.set_major_formatter(_axis_ticks(fmt, ax.xaxis, 0))
        ax.yaxis.set_major_formatter(_axis_ticks(fmt, ax.yaxis, 0 if span >= 4 else 1))
        ax.set_xlabel(xlabel, color=COLORS["muted"])
        ax.set_ylabel(ylabel, color=COLORS["muted"])
        ax.grid(color=COLORS["grid"], linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(length=0)
        return to_svg(fig, alt, table)


#: Where a point's name may go, in points from the point (the first that overlaps no name placed before it): right
#: and a little above, right below, left above, left below, then further up and down on the right.
_LABEL_PLACES = ((6, 3), (6, -10), (-6, 3), (-6, -10), (6, 13), (6, -20), (-6, 13), (-6, -20))


def _label_offsets(ax, names, xs, ys, fontsize: float = 8) -> list[tuple[int, int]]:
    """An offset for each point's name so that no two names overlap, nor leave the plot, where one of
    ``_LABEL_PLACES`` allows it (else the first place): names are placed from the top of the chart down, each box measured as about 0.55 em a
    character of its longest line by 1.2 em a line (the last line at the offset, the others above it)."""
    to_points = 72 / ax.figure.dpi
    (x0, y0), (x1, y1) = ax.get_window_extent().get_points() * to_points  # a name stays inside the plot
    placed: list[tuple[float, float, float, float]] = []
    offsets: list[tuple[int, int]] = [_LABEL_PLACES[0]] * len(names)
    anchors = [tuple(ax.transData.transform((x, y)) * to_points) for x, y in zip(xs, ys)]
    for k in sorted(range(len(names)), key=lambda k: (-anchors[k][1], anchors[k][0])):
        lines = str(names[k]).split("\n")
        width, height = 0.55 * fontsize * max(map(len, lines)), 1.2 * fontsize * len(lines)
        for dx, dy in _LABEL_PLACES:
            left = anchors[k][0] + dx - (width if dx < 0 else 0)
            box = (left, anchors[k][1] + dy, left + width, anchors[k][1] + dy + height)
            inside = x0 <= box[0] and box[2] <= x1 and y0 <= box[1] and box[3] <= y1
            if inside and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                offsets[k] = (dx, dy)
                break
        else:
            dx, dy = offsets[k]
            box = (anchors[k][0] + dx, anchors[k][1] + dy, anchors[k][0] + dx + width, anchors[k][1] + dy + height)
        placed.append(box)
    return offsets


#: Points whose values are all written on a trend chart: more, and only the last point's value is written.
LABELLED_POINTS = 12
#: Points a value written above its trend point needs (7 of offset, 8-point digits); with less room below the top of
#: the axis the value is written under the point.
LABEL_ROOM = 16


def trend_chart(periods: Sequence[str], series: list[dict], *, fmt, alt: str, table: str | None = None,
                cuts: Sequence[int] = ()) -> str:
    """One small panel per metric: the value per period with its 95% band; a missing value (NaN, a period without
    responses) is a gap, with no line or band across it.

    ``series`` items: ``{"title", "value", "low", "high", "ylim", "digits", "signed"}`` (arrays aligned with
    ``periods``; ``digits`` of the values written on the points, ``signed`` for a net score's signs on points and
    ticks; the axis ticks get as many digits as they need). ``fmt(value, digits=..., signed=...)`` formats numbers.
    ``cuts``: positions of ``periods`` that stand for a long run of periods without responses, not drawn; each
    is marked by a dotted line and keeps its tick label (the caller's, such as "⋯").
    """
    import matplotlib

    with _LOCK, matplotlib.rc_context(_RC):
        fig = _figure(9.4, 0.4 + 1.8 * max(len(series), 1))
        axes = fig.subplots(max(len(series), 1), 1, sharex=True, squeeze=False)[:, 0]
        fig.subplots_adjust(hspace=0.55)  # first: the labels' room is measured on the axes as drawn
        x = np.arange(len(periods))
        for ax, s in zip(axes, series):
            value = np.asarray(s["value"], dtype=float)
            ax.fill_between(x, s["low"], s["high"], color=COLORS["band"], alpha=0.7, linewidth=0)
            # Not clipped: a point at either end of the scale sits on the axes' edge (CSAT 100 %, CES 7 were half cut).
            ax.plot(x, value, color=COLORS["accent"], marker="o", markersize=4, linewidth=1.8,
                    clip_on=False)  # NaN: a gap
            # A point between blank periods has no band to join: its interval is drawn as a bar.
            drawn = np.isfinite(value)
            alone = drawn & ~np.r_[False, drawn[:-1]] & ~np.r_[drawn[1:], False]
            if alone.any():
                ax.vlines(x[alone], np.asarray(s["low"], dtype=float)[alone], np.asarray(s["high"], dtype=float)[alone],
                          color=COLORS["band"], alpha=0.7, linewidth=6, zorder=1)  # under the point, as the band
            # Values are written on the points drawn, whatever the blank periods between them (two waves a year
            # apart are 6 points on 15 periods): all of them when they are few, else the last one.
            last = x[drawn][-1] if drawn.any() else None
            finite = np.concatenate([np.asarray(s[k], dtype=float) for k in ("low", "high", "value")])
            finite = finite[np.isfinite(finite)]
            if finite.size:
                lo, hi = finite.min(), finite.max()
                pad = max((hi - lo) * 0.18, 1e-6 + abs(hi) * 0.02)
                bottom, top = max(lo - pad, s["ylim"][0]), min(hi + pad * 1.6, s["ylim"][1])
                # A range of one value (a net metric whose every answer scores 100: NPS(scale=(9, 10))) is no limit.
                ax.set_ylim(*((bottom, top) if bottom < top else (lo - pad, hi + pad * 1.6)))
            bottom, top = ax.get_ylim()
            # Points per unit of the axis: a label needs LABEL_ROOM points above its point, or it runs into the
            # panel's title (the axis ends at the top of the scale: "100,0" of CSAT was written over the title).
            scale = ax.get_position().height * fig.get_figheight() * 72 / max(top - bottom, 1e-12)
            for xi, v in zip(x, value):
                if np.isfinite(v) and (drawn.sum() <= LABELLED_POINTS or xi == last):
                    above = (top - v) * scale >= LABEL_ROOM
                    ax.annotate(fmt(v, digits=s["digits"], signed=s["signed"]), (xi, v), textcoords="offset points",
                                xytext=(0, 7 if above else -7), ha="center", va="baseline" if above else "top",
                                fontsize=8, color=COLORS["ink"])
            ax.yaxis.set_major_formatter(_ticks(fmt, _tick_digits(ax.get_yticks()), s["signed"]))
            for xi in cuts:
                ax.axvline(xi, color=COLORS["muted"], linewidth=0.8, linestyle=(0, (1.5, 2.5)))
            ax.set_title(s["title"], color=COLORS["ink"])
            ax.grid(axis="y", color=COLORS["grid"], linewidth=0.6)
            ax.set_axisbelow(True)
            ax.tick_params(length=0)
        step = max(1, -(-len(periods) // 12))  # at most 12 labels: weekly trends stay readable
        ticks = sorted({*range(0, len(periods), step), *cuts})  # a cut is always named
        # A month or quarter on two lines ("ene" over "2024"): twelve labels of a whole year each fit side by side.
        axes[-1].set_xticks(x[ticks], [periods[k].replace(" ", "\n", 1) for k in ticks])
        return to_svg(fig, alt, table)
