"""cxnlp: Spanish customer-feedback classification (sentiment, touchpoint, CX/UX/UI/service area)
and NPS/CSAT/CES summaries by theme."""

from __future__ import annotations

__version__ = "0.1.0"

from .compare import compare, promote, rollback
from .config import TrainConfig
from .data import read_training_data, validate_frame
from .evaluate import evaluate
from .exceptions import CxnlpError, DataError, ModelFormatError, TrainingError
from .metrics import MetricResult, ces, csat, nps, summarize
from .model import Model
from .persist import load, save
from .results import Classification, Segment
from .review import review_queue
from .training import train

__all__ = [
    "Classification",
    "CxnlpError",
    "DataError",
    "MetricResult",
    "Model",
    "ModelFormatError",
    "Segment",
    "TrainConfig",
    "TrainingError",
    "__version__",
    "ces",
    "compare",
    "csat",
    "evaluate",
    "load",
    "nps",
    "promote",
    "read_training_data",
    "review_queue",
    "rollback",
    "save",
    "summarize",
    "train",
    "validate_frame",
]
