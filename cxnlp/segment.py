"""Split a comment into opinion units (SPEC 2.5): sentences, and clauses at contrastive or
additive connectors, each with character offsets into the original comment."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? … ; or a line break (followed by space or end).
_SENTENCE_END = r"(?:[.!?…;]+(?=\s|$)|\n+)"
# Connectors that open a new opinion unit. Matched case- and accent-insensitively on whole words.
CONNECTORS: tuple[str, ...] = (
    "pero", "aunque", "sin embargo", "no obstante", "además", "ademas", "y encima", "encima",
    "en cambio", "mientras que", "por otro lado", "por otra parte", "lo malo", "lo bueno",
    "lo peor", "lo mejor", "eso sí", "eso si", "aparte", "sino que", "salvo que", "excepto",
    "menos mal que", "y también", "y tambien", "y además", "y ademas", "también", "tambien",
    "mas allá de", "más allá de",
)
# ", y" and ", e" also open a unit: "..., y en el chat nadie contesta".
_COMMA_AND = r",\s+(?:y|e)\s+"
_RE_BOUNDARY = re.compile(
    rf"{_SENTENCE_END}|{_COMMA_AND}|(?<![\w])(?=(?:{'|'.join(re.escape(c) for c in sorted(CONNECTORS, key=len, reverse=True))})(?![\w]))",
    re.IGNORECASE,
)
_RE_WORD = re.compile(r"\w+")
# A unit with fewer words than this is glued to its neighbour ("Hola.", "Pero bueno.").
MIN_WORDS = 2


@dataclass(frozen=True, slots=True)
class Span:
    """A unit's text and its ``[start, end)`` character offsets into the original comment."""

    start: int
    end: int
    text: str


def split(text: str, *, min_words: int = MIN_WORDS) -> list[Span]:
    """Opinion units of ``text`` in order; a text with no boundary is one unit.

    >>> [s.text for s in split("La app es muy bonita pero se cierra al pagar, y en el chat nadie contesta")]
    ['La app es muy bonita', 'pero se cierra al pagar', 'en el chat nadie contesta']
    """
    pieces: list[tuple[int, int]] = []
    pos = 0
    for match in _RE_BOUNDARY.finditer(text):
        if match.group().startswith(","):  # ", y": the connector belongs to neither unit
            end, next_start = match.start(), match.end()
        elif match.group():  # sentence end: punctuation stays with its sentence
            end = next_start = match.end()
        else:  # zero-width match before a connector word, which opens the next unit
            end = next_start = match.start()
        if end > pos:
            pieces.append((pos, end))
        pos = max(pos, next_start)
    pieces.append((pos, len(text)))
    spans = [_trim(text, a, b) for a, b in pieces]
    spans = [s for s in spans if s is not None]
    return _merge_short(text, spans, min_words) or [_trim(text, 0, len(text)) or Span(0, len(text), text)]


def _trim(text: str, start: int, end: int) -> Span | None:
    """The span without surrounding spaces and commas; None when nothing is left."""
    while start < end and (text[start].isspace() or text[start] in ",;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return Span(start, end, text[start:end]) if end > start else None


def _merge_short(text: str, spans: list[Span], min_words: int) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        short = len(_RE_WORD.findall(span.text)) < min_words
        if merged and (short or len(_RE_WORD.findall(merged[-1].text)) < min_words):
            prev = merged.pop()
            span = Span(prev.start, span.end, text[prev.start:span.end])
        merged.append(span)
    return merged
