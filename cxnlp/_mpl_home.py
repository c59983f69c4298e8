"""Where matplotlib keeps its font list and config folder when cxnlp runs as the ``cxnlp`` command.

``cxnlp.cli.main`` sets ``AS_COMMAND``; ``settle`` runs when the report's chart module is first imported, before
matplotlib itself, so a command that draws no chart decides and creates nothing (review E 5: with
``CXNLP_CACHE_DIR=`` every command, ``--help`` too, made a temporary folder, and a SIGTERM left it behind).
The folder is cxnlp's cache folder's ``matplotlib/``, not ``$HOME``'s .cache/matplotlib and .config/matplotlib, so
that the lemma table stays the one file cxnlp keeps that the user did not ask for (QA W 7); where that folder cannot
be written (a read-only or bad ``CXNLP_CACHE_DIR``, which made matplotlib print two lines about MPLCONFIGDIR), or
with ``CXNLP_CACHE_DIR`` set empty (no cache), a temporary folder removed at exit. A ``MPLCONFIGDIR`` of the user's
own is kept. In Python, matplotlib is the program's, and where it keeps its files the program's choice.
"""

from __future__ import annotations

import os

#: Set by ``cxnlp.cli.main``: cxnlp is the program, so where matplotlib keeps its files is cxnlp's choice.
AS_COMMAND = False


def settle() -> None:
    """Point ``MPLCONFIGDIR`` where the module docstring says, once, if cxnlp runs as the command. One set empty (or
    only spaces) is no folder of the user's: matplotlib then wrote in ``$HOME``'s .cache and .config, or in a folder
    named by the spaces."""
    if not AS_COMMAND or os.environ.get("MPLCONFIGDIR", "").strip():
        return
    from .text._lemmas import cache_dir

    folder = cache_dir()
    if folder is not None:
        folder = folder / "matplotlib"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            usable = os.access(folder, os.W_OK | os.X_OK)
        except OSError:  # a file in the way, a read-only disk, no permission
            usable = False
        if usable:
            os.environ["MPLCONFIGDIR"] = str(folder)
            return
    import atexit
    import shutil
    import tempfile

    temporary = tempfile.mkdtemp(prefix="cxnlp-matplotlib-")
    atexit.register(shutil.rmtree, temporary, ignore_errors=True)
    os.environ["MPLCONFIGDIR"] = temporary
