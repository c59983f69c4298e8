"""The cluster settings of ``cxnlp.dask.classify_files``, checked before a file is read or a cluster started, in the
words of ``cxnlp classify --engine dask``: ``workers`` with ``scheduler`` was ignored (the running cluster has its own
workers), and ``workers=0`` or ``True`` started one worker per CPU or one, in silence."""

from __future__ import annotations

import numbers

from .exceptions import ConfigError, shown_value


def check_cluster(scheduler: str | None, workers: int | None) -> None:
    """A ``ConfigError`` for ``workers`` that is not a whole number >= 1 (or None), or given with ``scheduler``."""
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, numbers.Integral) or workers < 1):
        raise ConfigError(f"workers={shown_value(workers)}: expected a whole number of at least 1, or None for one "
                          f"worker per CPU.")
    if workers is not None and scheduler is not None:
        raise ConfigError("workers sizes the local cluster cxnlp starts; with scheduler, the running cluster has its "
                          "own workers. Give one of the two.")
