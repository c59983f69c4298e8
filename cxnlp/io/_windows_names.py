"""File names Windows refuses, checked before any work where cxnlp runs on Windows. Kept apart from ``atomic``,
which asks it about each output's name.

Windows reads a colon in a name as a data stream of another file (``informe 10:30.html``, a stream of a file
``informe 10``), refuses ``<>"|?*`` and control characters, drops a trailing dot or space, and reads CON, PRN, AUX,
NUL, COM1-9 and LPT1-9, with any extension, as devices: such an output failed only once the work was done, or
went where no one would look for it."""

from __future__ import annotations

import ntpath
import re

_REFUSED = re.compile(r'[<>:"|?*\x00-\x1f]')
_DEVICE = re.compile(r"(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?", re.IGNORECASE | re.DOTALL)


def windows_name_problem(path) -> str | None:
    """Why Windows does not take the last name of ``path`` as a file's name, or None where it does. The name as
    Windows splits it: a drive's colon (``C:\\Users\\ana\\out.csv``) is no part of it, whatever ``Path`` class holds it."""
    name = ntpath.basename(str(path))
    if found := _REFUSED.search(name):
        shown = repr(found[0]) if found[0].isprintable() else f"U+{ord(found[0]):04X}"
        return f"Windows does not accept {shown} in a file name"
    if name.endswith((".", " ")):
        return "Windows drops a file name's last dot or space, and would write another file"
    if _DEVICE.fullmatch(name):
        return f"{name.split('.')[0].upper()} names a device on Windows, not a file"
    return None
