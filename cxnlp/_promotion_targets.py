"""Where a promotion may write: the checks ``promote`` and ``rollback`` (``_promotion``) make of the project folder
they are given before anything is locked, copied or moved. Kept apart so that ``_promotion`` stays one job, the
copying and swapping of model folders.
"""

from __future__ import annotations

from pathlib import Path

from .exceptions import CxnlpError


def refuse_model_dir(project: Path) -> None:
    """``--project models/default`` or ``models`` refused: promotion made a second project inside, said promoted."""
    from .persist import META_FILE, MODEL_FILES

    own, inner = ((f / META_FILE).is_file() and any((f / name).is_file() for name in MODEL_FILES - {META_FILE})
                  for f in (project, project / "default"))
    models = project.name == "models" and inner and not (project / "models").is_dir()
    if own or models:
        top = project.parent if models else project.parent.parent if project.parent.name == "models" else None
        raise CxnlpError(f"{project}: a model{'s' if models else ''} folder, not a project folder; give the folder "
                         f"that holds models/{f' (for {project}, --project {top})' if top is not None else ''}.")


def refuse_package_dir(target: Path) -> None:
    """Promotion writes to the user's models folder, never into an installed package, nor over the shipped model of
    a source checkout (``--project .`` at its top replaced the model every ``cxnlp.load()`` of it gives)."""
    from ._save_target import _inside_package
    from .persist import DEFAULT_MODEL_DIR

    if _inside_package(target):
        raise CxnlpError(f"{target}: inside the installed cxnlp package; promote into a models folder of your own "
                         f"(--project DIR) and point CXNLP_MODEL at DIR/models/default.")
    # each folder's parent resolved, not the folder: a checkout whose models/default is a link (to a model store)
    if target.parent.resolve() / target.name == DEFAULT_MODEL_DIR.parent.resolve() / DEFAULT_MODEL_DIR.name:
        raise CxnlpError(f"{target}: the shipped model (cxnlp's default); promote into a models folder of your own "
                         f"(--project DIR) and point CXNLP_MODEL at DIR/models/default.")
