"""The warnings ``summarize`` and ``report`` print when a score column looks misread: no valid answer, many answers
out of the scale or not numeric, "don't know" codes, and the scale the answers suggest.

They live apart from ``metrics`` (the commands and what they print of a summary) because they are one question,
asked of one metric's counts in ``attrs["metrics"]``: is this the right column, on the right scale?
``cxnlp.cli.metrics`` imports ``excluded_warning`` from here.
"""

from __future__ import annotations

from ..exceptions import shown_value
from .options import counted


#: The command-line option of each built-in metric's scale, for the warning that names a likely one.
_SCALE_OPTIONS = {"csat": "--csat-scale", "ces": "--ces-scale"}



def excluded_warning(name: str, info: dict) -> str | None:
    """A warning when a metric's column looks misread: no valid answer at all (every one blank too); many answers
    out of its scale or not numeric (``metrics.base.excluded_many``, the rule of the report's card: the two
    together), a line for each reason, the first with the scale they look like (1..10 under a 1-5 CSAT: "give
    --csat-scale 1-10"); or non-numeric ones with a digit in them (a score written in a way that is not read, such
    as "9/10") or a five-point scale's label on another scale ("Muy fácil" on CES's 1-7); valid answers all in the
    lower half of a long scale (1..5 named as the NPS: ``_lower_half_warning``); None otherwise. Two
    warnings are two lines."""
    column, label = shown_value(info["column"]), name.upper()  # quoted on one line, cut
    if not (info["valid"] or info["out_of_range"] or info["non_numeric"]) and info["blank"]:  # the wrong wave's column
        verdict = (f"the only answer in {column} is" if info["blank"] == 1
                   else f"every one of the {info['blank']} answers in {column} is")
        return f"warning: {verdict} blank: there is no {label}; is it the right column?"
    if not info["valid"] and (info["out_of_range"] or info["non_numeric"]):
        k = info["out_of_range"] + info["non_numeric"]
        verdict = (f"the only answer in {column} is not" if k == 1 else f"none of the {k} answers in {column} is")
        return (f"warning: {verdict} a valid {label} score{_why_not(info)}; is it the right column, and its scale "
                f"the right one?{scale_hint(name, info)}{_label_hint(name, info)}")
    lines = [line for line in (_out_of_range_warning(name, info), _non_numeric_warning(name, info),
                               _lower_half_warning(name, info)) if line]
    return "\n".join(lines) or None



def _why_not(info: dict) -> str:
    """Why no answer was read, with up to three of the answers not numeric: " (2 not numeric, e.g. '9/10', 'x'; 3
    outside the scale)"."""
    from ..pii import shown_cells  # (not at import: the command line starts without the PII patterns)

    examples = shown_cells(info.get("non_numeric_examples") or [], 60)  # a comment column's phones redacted, cut
    parts = [f"{info['non_numeric']} not numeric{f', e.g. {examples}' if examples else ''}" if info["non_numeric"] else "",
             f"{info['out_of_range']} outside the scale" if info["out_of_range"] else ""]
    return f" ({'; '.join(p for p in parts if p)})"



def _of(k: int, answered: int) -> str:
    """'3 of 40 answers', '1 of 1 answer'."""
    return f"{k} of {counted(answered, 'answer')}"



def _are(k: int) -> str:
    return "is" if k == 1 else "are"



def _out_of_range_warning(name: str, info: dict) -> str | None:
    """The warning for many answers out of the metric's scale (a 1-10 CSAT read on the default 1-5), else None."""
    from ..metrics.base import excluded_many

    k, answered = info["out_of_range"], info["valid"] + info["out_of_range"] + info["non_numeric"]
    if not k or not excluded_many(info["valid"], info["out_of_range"], info["non_numeric"]):
        return None
    lo, hi = info.get("scale") or ("?", "?")
    return (f"warning: {_of(k, answered)} in {shown_value(info['column'])} ({100 * k / answered:.0f}%) {_are(k)} "
            f"outside the {name.upper()} scale {lo}-{hi} and left out of {name.upper()}; it is computed on the other "
            f"{info['valid']} only.{scale_hint(name, info)}")



def _lower_half_warning(name: str, info: dict) -> str | None:
    """The warning for valid answers that look like a five-point question's read on a long scale (``in_lower_half``,
    of ``info["valid_range"]``): a 1-5 question named as the NPS, or a CSAT read on 0-10, left nothing out, so
    nothing was said, and the NPS was -100 (every answer a detractor) or the CSAT 0%. An unhappy sample of a long
    scale is no other scale: it was told to give --ces-scale 1-3."""
    from .._summary_notes import FIVE, in_lower_half  # (not at import: the command line starts without pandas)

    seen, scale = info.get("valid_range"), info.get("scale")
    if not in_lower_half(info["valid"], seen, scale):
        return None
    head = (f"warning: all {info['valid']} valid answers in {shown_value(info['column'])} run from {seen[0]:g} to "
            f"{FIVE}, the lower half of the {name.upper()} scale {scale[0]:g}-{scale[1]:g}")
    if name == "nps":
        return f"{head}, so every one is a detractor: is it the right column?"
    option = _SCALE_OPTIONS.get(name)
    if option is None:
        return f"{head}: check the column and the metric's scale."
    return f"{head}: it looks like a 1-{FIVE} scale; give {option} 1-{FIVE}, or check the column."



#: The share of the numeric answers (codes aside) that answers extending a scale point by point must reach for the
#: scale advice (``scale_hint``), and the fewest of them: below either, they are taken for stray typos.
SCALE_NOTABLE, SCALE_FEW = 0.02, 2



def scale_hint(name: str, info: dict) -> str:
    """What the answers' range says of the scale (``attrs["metrics"][M]["answers_range"]``, from ``batch.with_notes``):
    " The answers run from 1 to 10: it looks like a 1-10 scale; give --csat-scale 1-10." for CSAT and CES, the range
    alone for NPS (always 0-10) and other metrics; "" without a range. "Don't know" codes past the scale (99, 98,
    999: ``batch.unknown_codes``) are named as such and left out of the range: a scale read up to 99 would take
    every "99 = no sabe" into the metric (a CES of 32.7 on a 1-7 question). The range, and the scale it suggests,
    come only where the answers out of range (codes aside) are not a few strays among the numeric answers (codes and
    non-numeric answers aside, so that many "NS/NC" do not hide them): ``SCALE_NOTABLE`` of them where they extend
    the scale point by point (``answers_range["adjacent"]``: 12% of "0" under a 1-5 CSAT is a 0-5 scale's bottom),
    ``EXCLUDED_MANY`` otherwise. One typo "11" beside many "NS/NC" is no 1-11 scale, and a scale widened to take it
    in would move the metric's cut."""
    from ..metrics.base import EXCLUDED_MANY

    seen = info.get("answers_range")
    if not seen:
        return ""
    codes = seen.get("codes") or {}
    said = _codes_said(name, codes)
    outside = info["out_of_range"] - sum(codes.values())
    numeric = info["valid"] + outside  # the numeric answers that are no code
    share = SCALE_NOTABLE if seen.get("adjacent") else EXCLUDED_MANY
    if outside < SCALE_FEW or outside < share * numeric:  # a few stray answers: no scale
        return said
    low, high = seen["min"], seen["max_other"] if codes else seen["max"]
    lo, hi = info.get("scale") or (low, high)
    if codes and (high is None or lo <= low and high <= hi):  # the codes are all that is outside the scale
        return said
    text = f"{said} The {'other ' if codes else ''}answers run from {low:g} to {high:g}"
    if name == "nps":
        whole = "" if seen["whole"] else "; NPS answers are whole numbers (8.5 is neither passive nor promoter)"
        return f"{text}, and NPS is on 0-10{whole}: is it the right column?"
    option = _SCALE_OPTIONS.get(name)
    if option is None or not seen["whole"] or low < 0:
        return f"{text}: check the metric's scale."
    low = int(low) if low <= 1 else 1  # scales start at 0 or 1: answers of 2..10 are a 1-10 scale still
    return f"{text}: it looks like a {low}-{int(high)} scale; give {option} {low}-{int(high)}."



def _codes_said(name: str, codes: dict) -> str:
    """' 99 (30 answers) looks like a "don't know / no answer" code...' for the codes of ``scale_hint``; "" without."""
    if not codes:
        return ""
    one = len(codes) == 1
    listed = ", ".join(f"{code:g} ({counted(k, 'answer')})" for code, k in codes.items())
    it = "it" if one else "them"
    return (f" {listed} {'looks' if one else 'look'} like {'a ' if one else ''}\"don't know / no answer\" "
            f"code{'' if one else 's'}, not {'a score' if one else 'scores'}: left out of {name.upper()} as "
            f"{'it' if one else 'they'} should be; blank {it} in the column to count {it} as blank, rather than widen "
            f"the scale to take {it} in.")



def _non_numeric_warning(name: str, info: dict) -> str | None:
    """The warning for many non-numeric answers, or a few with a digit in them ("9/10"), else None."""
    from ..metrics.base import excluded_many

    column, label = shown_value(info["column"]), name.upper()  # quoted on one line, cut
    k, answered = info["non_numeric"], info["valid"] + info["out_of_range"] + info["non_numeric"]
    examples = info.get("non_numeric_examples") or []
    with_digit = any(any(c.isdigit() for c in str(e)) for e in examples)
    hint = _label_hint(name, info)
    if not k or not (excluded_many(info["valid"], info["out_of_range"], info["non_numeric"]) or with_digit or hint):
        return None
    from ..pii import shown_cells

    quoted = shown_cells(examples, 60)  # as the date column's examples: redacted and cut (--nps naming the comments)
    return (f"warning: {_of(k, answered)} in {column} ({100 * k / answered:.0f}%) {_are(k)} not numeric and left "
            f"out of {label}{f', e.g. {quoted}' if quoted else ''}; a score is a number (\"9\", \"9,5\") or a "
            f"labelled choice (\"10 - Muy probable\"): check the column ('cxnlp docs metrics', section 1).{hint}")


def _label_hint(name: str, info: dict) -> str:
    """Where a non-numeric example of CSAT or CES is a five-point scale's label ("Muy fácil") read on a scale of
    other than five points, which point it names is not known, so it was left out: the scale option that reads it;
    where one of any metric is a star rating ("★★★★★") on a scale whose top is not 5 (NPS's 0-10), the same."""
    from ..metrics._scores import is_five_point_label, is_star_rating

    option, scale = _SCALE_OPTIONS.get(name), info.get("scale")
    examples = info.get("non_numeric_examples") or []
    stars = next((e for e in examples if is_star_rating(e)), None)
    if stars is not None and scale:
        give = f": give {option} 1-5 if the question is one" if option else ""
        return (f" {str(stars)!r} is a star rating out of five, read only on a scale whose top is 5, and the "
                f"{name.upper()} scale is {scale[0]:g}-{scale[1]:g}{give}.")
    found = next((e for e in examples if is_five_point_label(e)), None)
    if option is None or found is None or not scale:
        return ""
    low = int(scale[0])
    return (f" {str(found)!r} is a label of a five-point scale, and the {name.upper()} scale is {scale[0]:g}-"
            f"{scale[1]:g}: give {option} {low}-{low + 4} if the question has five choices.")
