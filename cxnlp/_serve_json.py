"""How ``cxnlp serve`` writes numbers, in its JSON answers and in their messages: kept apart from ``_serve_gate``,
which answers with them. JSON has no NaN nor infinity, and Python writes no integer of more than 4,300 digits
(``sys.get_int_max_str_digits``): a limit that large (``max_body_bytes=10**5000``, "no limit") made its 413 and
/v1/model a 500."""

from __future__ import annotations

import json
import math
import sys
from decimal import Decimal

from fastapi.responses import JSONResponse


class JSONAnswer(JSONResponse):
    """JSON with NaN and infinity as null: JSON has neither, and Starlette refuses them (a plain-text 500)."""

    def render(self, content) -> bytes:
        return json_bytes(content)


def json_bytes(content) -> bytes:
    """``content`` as Starlette's JSONResponse writes it, with NaN, infinity and an integer too long to write as
    null (``finite``)."""
    try:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except ValueError:  # walk the content only then: most answers hold no NaN
        text = json.dumps(finite(content), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.encode("utf-8")


def finite(value):
    """``value`` with every NaN and infinity in it made None, and every integer Python cannot write out (more digits
    than ``sys.get_int_max_str_digits``): no float holds one either, so it is as infinite to a client."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return None if _too_long(value) else value
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def amount(n: int) -> str:
    """``n`` written for a message, with thousands separators (``"16,777,216"``); one too long for Python to write out
    in digits in scientific notation (``"about 1.000E+5000"``), which takes no such limit."""
    return f"about {Decimal(n):.3E}" if _too_long(n) else f"{n:,}"


def _too_long(n: int) -> bool:
    """Whether ``str(n)`` would raise: more digits than Python writes (0: no limit). Counted by bits (10 > 2**3.3), so
    a number near the limit counts as too long: it is then written in scientific notation, which is no loss."""
    most = sys.get_int_max_str_digits()
    return most > 0 and abs(n).bit_length() > 3.3 * most - 8
