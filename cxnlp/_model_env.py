"""The model folder ``$CXNLP_MODEL`` names, read as operators set it: in a shell, a Dockerfile, a systemd unit or a
Kubernetes manifest, where a value often ends in a newline (read from a file) or spaces, or keeps its quotes, and
no shell expands a ``~``. Kept apart from ``persist``, which resolves and reads model folders."""

from __future__ import annotations

import os

MODEL_ENV = "CXNLP_MODEL"


def named_model() -> str | None:
    """``$CXNLP_MODEL`` without surrounding whitespace (a value ending in a newline named no folder, and the error
    about it ran over two lines); None when it is unset, empty or only whitespace, as for no value."""
    return os.environ.get(MODEL_ENV, "").strip() or None


def named_model_hint(value: str) -> str:
    """What to change in ``value``, a ``$CXNLP_MODEL`` that names no model folder, when its form tells: quotes that
    are part of the value, a ``~`` that nothing expanded, or a relative path, read from the working directory (a
    variable set for one folder, used from another); else ""."""
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        return f" The quotes are part of ${MODEL_ENV}'s value: remove them."
    if value.startswith("~"):
        return f" Nothing expands the ~ of ${MODEL_ENV} (not Docker, systemd or Kubernetes): give the full path."
    if not os.path.isabs(value):
        try:  # its line feeds written \\n, as io writes names: one in a folder's name split the error line
            folder = os.getcwd().replace("\n", "\\n")
        except OSError:  # (a working directory deleted meanwhile)
            return f" ${MODEL_ENV} is a relative path, read from the working directory."
        return f" ${MODEL_ENV} is a relative path, read from the working directory {folder}."
    return ""
