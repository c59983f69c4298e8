"""The labels and display names of the models data is scored on: the ``known`` and ``named`` that
``labelled.frame_to_score`` reads data to score them with (``evaluate``, ``compare``). Importable from ``labelled``."""

from __future__ import annotations

from ._label_cells import NAMED_LABELS
from .columns import fold
from .schema import DEFAULT_LABELS

__all__ = ["known_labels", "known_names"]


def known_labels(*models) -> dict[str, tuple[str, ...]]:
    """The built-in labels and those of ``models`` (``Model.labels``), per axis: the ``known`` to read data to score
    them on with, so that a model's custom id ('precio') is not read as a built-in's display name."""
    axes = dict.fromkeys([*DEFAULT_LABELS, *(axis for model in models for axis in model.labels)])
    return {axis: tuple(dict.fromkeys([*DEFAULT_LABELS.get(axis, ()),
                                       *(label for model in models for label in model.labels.get(axis, ()))]))
            for axis in axes}


def known_names(*models) -> dict[str, tuple[str, str]]:
    """The display names data to score ``models`` on may write labels as, folded (``columns.fold``), each to its
    ``(axis, id)``: the built-in labels', and those of each model's ``meta.json`` ``display_names`` (one mapping, or
    one per language) for the labels it has, which win as they do in reports (docs/insights.md), except over another
    axis's label: a model's area shown as 'Tienda o sucursal' left the touchpoint 'store' unread by that name."""
    named = dict(NAMED_LABELS)
    for model in models:
        names = model.meta.get("display_names")
        if not isinstance(names, dict):
            continue
        per_lang = bool(names) and all(isinstance(m, dict) for m in names.values())  # {"es": {...}, "en": {...}}
        for mapping in (names.values() if per_lang else [names]):
            for label, shown in mapping.items():
                axes = [axis for axis, labels in model.labels.items() if label in labels]
                if (isinstance(shown, str) and shown.strip() and len(axes) == 1
                        and named.get(fold(shown), axes)[0] == axes[0]):
                    named[fold(shown)] = (axes[0], label)
    return named
