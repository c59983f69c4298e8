"""The texts of a batch in which one character follows itself twice (``with_triples``), found with NumPy: the only ones
``normalize.normalize_many`` runs ``repeated_chars``'s regex on. Kept apart from ``normalize``, which it serves.
"""

from __future__ import annotations

#: The most characters of a batch looked at in one NumPy array.
SLICE_CHARS = 1_000_000


def with_triples(texts: list[str]):
    """The positions of the texts in which one character follows itself twice, found with NumPy a slice of the
    batch at a time (at most ``SLICE_CHARS`` characters: memory stays small whatever the texts hold)."""
    import numpy as np

    first = 0
    while first < len(texts):
        last, size = first, 0
        while last < len(texts) and (last == first or size + len(texts[last]) < SLICE_CHARS):
            size += len(texts[last]) + 1
            last += 1
        part = texts[first:last]
        joined = "\x00".join(part)  # three equal characters across a join are a false alarm: the regex decides
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        triple = np.zeros(len(codes), dtype=bool)
        np.equal(codes[:-2], codes[1:-1], out=triple[:-2])
        triple[:-2] &= codes[1:-1] == codes[2:]
        # (an empty last text starts at the end: reduceat needs every index inside the array)
        starts = np.minimum(np.cumsum([0] + [len(t) + 1 for t in part[:-1]]), max(len(codes) - 1, 0))
        found = np.logical_or.reduceat(triple, starts) if len(codes) else np.zeros(len(part), dtype=bool)
        yield from (first + k for k in np.flatnonzero(found).tolist() if part[k])
        first = last
