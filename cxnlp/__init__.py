"""cxnlp: Spanish customer-feedback classification (sentiment, touchpoint, CX/UX/UI/service area)
and NPS/CSAT/CES summaries by theme.

The public names below are imported on first use, so ``import cxnlp`` stays fast and a module
that needs only ``cxnlp.schema`` does not pay for scikit-learn, pandas or spaCy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS = {
    "Classification": "results",
    "ConfigError": "exceptions",
    "CxnlpError": "exceptions",
    "CxnlpWarning": "exceptions",
    "DataError": "exceptions",
    "IndustrySkippedWarning": "exceptions",
    "LabelTypoWarning": "exceptions",
    "MetricResult": "metrics",
    "Model": "model",
    "ModelFormatError": "exceptions",
    "Segment": "results",
    "TrainConfig": "config",
    "SignalSkippedWarning": "exceptions",
    "TrainingError": "exceptions",
    "ces": "metrics",
    "changes": "insights",
    "compare": "comparison",
    "csat": "metrics",
    "discover": "insights",
    "drivers": "insights",
    "evaluate": "evaluation",
    "find_pii": "pii",
    "load": "persist",
    "nps": "metrics",
    "promote": "persist",
    "read_table": "io",
    "read_training_data": "labelled",
    "redact": "pii",
    "review_queue": "review",
    "rollback": "persist",
    "save": "persist",
    "summarize": "metrics",
    "train": "training",
    "validate_frame": "labelled",
    "write_report": "report",
}

__all__ = [
    "Classification",
    "ConfigError",
    "CxnlpError",
    "CxnlpWarning",
    "DataError",
    "IndustrySkippedWarning",
    "LabelTypoWarning",
    "MetricResult",
    "Model",
    "ModelFormatError",
    "Segment",
    "SignalSkippedWarning",
    "TrainConfig",
    "TrainingError",
    "__version__",
    "ces",
    "changes",
    "compare",
    "csat",
    "discover",
    "drivers",
    "evaluate",
    "find_pii",
    "load",
    "nps",
    "promote",
    "read_table",
    "read_training_data",
    "redact",
    "review_queue",
    "rollback",
    "save",
    "summarize",
    "train",
    "validate_frame",
    "write_report",
]


#: Modules the docs reach as attributes after ``import cxnlp`` (``cxnlp.pii.redact_column``,
#: ``cxnlp.metrics.register``): imported on first use too, or they were there only once another name had imported
#: them. ``dask``, ``spark`` and ``serve`` need extras and are imported by name (``import cxnlp.dask``).
_SUBMODULES = ("aggregate", "columns", "comparison", "config", "evaluation", "exceptions", "insights", "io",
               "labelled", "metrics", "model", "persist", "pii", "report", "results", "review", "schema", "text",
               "training")
#: Modules whose extra must be installed (``pip install "cxnlp[dask]"``): imported by name only.
_EXTRAS = ("dask", "serve", "spark")


if not TYPE_CHECKING:  # (a type checker that saw it typed any name Any: a misspelt cxnlp.lod() passed mypy --strict)
    def __getattr__(name: str):
        if name in _EXPORTS:
            value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
            globals()[name] = value  # later lookups skip this function
            return value
        if name in _SUBMODULES:
            return importlib.import_module(f".{name}", __name__)  # (the import sets the attribute for later lookups)
        if name in _EXTRAS:  # (not imported here: hasattr(cxnlp, "dask") must not import Dask)
            raise AttributeError(f"module 'cxnlp' has no attribute {name!r} until it is imported by name: import "
                                 f"cxnlp.{name} (pip install \"cxnlp[{name}]\").")
        raise AttributeError(f"module 'cxnlp' has no attribute {name!r}")


def __dir__() -> list[str]:  # the modules too: a misspelt cxnlp.metrcs is then "Did you mean: 'metrics'?"
    return sorted([*__all__, *_SUBMODULES])


if TYPE_CHECKING:  # static analysers and IDEs see the eager imports, and the modules of _SUBMODULES
    from . import (aggregate as aggregate, columns as columns, comparison as comparison, config as config,
                   evaluation as evaluation, exceptions as exceptions, insights as insights, io as io,
                   labelled as labelled, metrics as metrics, model as model, persist as persist, pii as pii,
                   report as report, results as results, review as review, schema as schema, text as text,
                   training as training)  # ("x as x": re-exported, to mypy --no-implicit-reexport too)
    # read once, as pyflakes counts "x as x" unused outside __all__ (and __all__ would change "from cxnlp import *")
    _MODULES = (aggregate, columns, comparison, config, evaluation, exceptions, insights, io, labelled, metrics, model,
                persist, pii, report, results, review, schema, text, training)
    from .comparison import compare
    from .config import TrainConfig
    from .labelled import read_training_data, validate_frame
    from .evaluation import evaluate
    from .exceptions import (ConfigError, CxnlpError, CxnlpWarning, DataError, IndustrySkippedWarning,
                             LabelTypoWarning, ModelFormatError, SignalSkippedWarning, TrainingError)
    from .insights.changes import changes  # (not "from .insights": each is also a module there, which mypy took)
    from .insights.discover import discover
    from .insights.drivers import drivers
    from .io import read_table
    from .metrics import MetricResult, ces, csat, nps, summarize
    from .model import Model
    from .persist import load, promote, rollback, save
    from .pii import find_pii, redact
    from .report import write_report
    from .results import Classification, Segment
    from .review import review_queue
    from .training import train
