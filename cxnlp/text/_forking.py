"""Locks that a forked process gets fresh."""

from __future__ import annotations

import os
import threading


def fork_safe_lock(namespace: dict, name: str) -> threading.Lock:
    """A new lock stored as ``namespace[name]`` (a module's ``globals()``), replaced by another in a forked child:
    one that another thread of the parent held at the fork would stay held in the child for ever. The code that
    uses it reads the global at each use, so it costs nothing more than a plain lock."""
    lock = namespace[name] = threading.Lock()
    if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
        os.register_at_fork(after_in_child=lambda: namespace.__setitem__(name, threading.Lock()))
    return lock
