"""Values quoted for the shell a suggested command is pasted into: POSIX quoting, or on Windows double quotes, which
cmd.exe and PowerShell both read (``'Canal de compra'`` was three words in cmd.exe). Kept apart from ``app``."""

from __future__ import annotations

import re
import shlex
import sys

_BARE = re.compile(r"[\w@%+=:,./-]+")
_BARE_ON_WINDOWS = re.compile(r"[\w@+=:,./\\-]+")  # (cmd.exe reads & | < > ^ % as its own outside quotes)


def shell_word(text: str) -> str:
    """``text`` as one word of a shell command: as it is where the shell would read it so ("País,touchpoints"),
    else quoted ("'Canal de compra'"); ``shlex.quote`` alone quotes every accented letter."""
    return text if sys.platform != "win32" and _BARE.fullmatch(text) else shell_quote(text)


def shell_quote(text: str) -> str:
    """``text`` quoted for the shell of this system: ``shlex.quote``, or on Windows in double quotes wherever it is
    not a bare word there (``subprocess.list2cmdline`` quotes only at a space, and left ``A&B`` bare: two commands)."""
    if sys.platform != "win32":
        return shlex.quote(text)
    if _BARE_ON_WINDOWS.fullmatch(text):
        return text
    import subprocess

    quoted = subprocess.list2cmdline([text])  # a quote escaped, backslashes before it doubled
    if quoted.startswith('"'):
        return quoted
    trailing = len(quoted) - len(quoted.rstrip("\\"))  # doubled, not to escape the closing quote
    return f'"{quoted}{chr(92) * trailing}"'
