"""cxnlp: Spanish customer-feedback classification (sentiment, touchpoint, CX/UX/UI/service area)
and NPS/CSAT/CES summaries by theme."""

from __future__ import annotations

__version__ = "0.1.0"

from .config import TrainConfig
from .data import read_training_data, validate_frame
from .exceptions import CxnlpError, DataError, ModelFormatError, TrainingError
from .model import Model
from .persist import load, save
from .results import Classification, Segment
from .training import train

__all__ = [
    "Classification",
    "CxnlpError",
    "DataError",
    "Model",
    "ModelFormatError",
    "Segment",
    "TrainConfig",
    "TrainingError",
    "__version__",
    "load",
    "read_training_data",
    "save",
    "train",
    "validate_frame",
]
