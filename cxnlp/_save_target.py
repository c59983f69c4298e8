"""Where ``save`` may write a model: the checks ``check_save_target`` makes before anything is written.

They live apart from ``persist`` because they are about the user's folders (the working directory, the installed
package, a read-only folder, a folder of other files), not about a model's files; ``persist`` imports
``check_save_target`` from here, and ``cxnlp.persist.check_save_target`` stays where it is named. This module reads
``MODEL_FILES`` from ``persist`` inside its function, so neither imports the other at load time.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from .exceptions import CxnlpError, path_argument


def check_save_target(directory: str | Path) -> Path:
    """``directory`` if ``save`` may write a model there (see ``save``), else a ``CxnlpError`` that says why:
    a file, a symbolic link, a folder inside the installed package, the working directory or a folder above it,
    a folder holding anything but a model's files (its training data, a project), or a folder that cannot be
    written or made. ``cxnlp train`` checks before training. ``.`` and ``..`` are named as resolved (the name
    ``train`` gives the model by default)."""
    from .persist import MODEL_FILES

    directory = path_argument(directory, "a model is saved to a folder")
    if directory.name in ("", ".", ".."):
        directory = directory.resolve()
    _refuse_working_directory(directory)
    if directory.is_symlink():
        raise CxnlpError(f"{directory}: a symbolic link; save the model to the folder it points to "
                         f"({directory.resolve()}) or to a new folder.")
    if directory.exists() and not directory.is_dir():
        raise CxnlpError(f"{directory}: a file, not a folder; a model is saved to a folder of its own.")
    if _inside_package(directory):
        raise CxnlpError(f"{directory}: inside the installed cxnlp package; save the model to a folder of your own.")
    if directory.is_dir():
        others = sorted(p.name for p in directory.iterdir() if p.name not in MODEL_FILES)
        if others:
            shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
            raise CxnlpError(f"{directory}: holds files that are not a model's ({shown}); saving would delete them. "
                             f"Save the model to a new folder, or to an empty one.")
    _check_writable(directory.parent)
    if directory.is_dir():  # replaced by a model of the same mode: one that cannot be written could not be saved to
        _check_writable(directory)
    return directory



@contextlib.contextmanager
def made_folders(folder: Path):
    """Make ``folder`` and the folders above it that are missing; those made are removed again, where still
    empty, when the block fails: a model that could not be saved (a full disk, Ctrl-C) left ``proyecto/models/``
    empty, a project whose model looked gone missing."""
    made = []  # innermost first: only those made here, never one another process made meanwhile (FileExistsError)
    try:
        for above in reversed([above for above in (folder, *folder.parents) if not above.exists()]):
            with contextlib.suppress(FileExistsError):
                above.mkdir()
                made.insert(0, above)
        yield
    except BaseException:
        for above in made:
            with contextlib.suppress(OSError):
                above.rmdir()
        raise


def _refuse_working_directory(directory: Path) -> None:
    """A ``CxnlpError`` when ``directory`` is the working directory or a folder above it: ``save`` replaces a model
    folder whole, which would leave the shell that ran it in a deleted folder (``ls`` showed nothing there, and the
    model just reported saved was not found at ``.``)."""
    try:
        here, there = Path.cwd().resolve(), directory.resolve()
    except OSError:  # no working directory left (deleted under the process): nothing to keep
        return
    from .io.atomic import same_file

    # compared as files: on macOS, whose file system ignores case, '../Modelo' run in 'modelo' is that folder
    same = next((folder for folder in (here, *here.parents) if there == folder or same_file(there, folder)), None)
    if same is not None:
        where = "the working directory" if same == here else f"a folder above the working directory ({here})"
        raise CxnlpError(f"{directory}: {where}; a model is saved by replacing its folder whole. Save it to a "
                         f"folder of its own (such as ./modelo), or run cxnlp from another folder.")



def _check_writable(folder: Path) -> None:
    """A file can be made in ``folder``, or in the nearest folder above it that exists (``save`` makes the rest),
    or a ``CxnlpError`` that says why: checked before a training run, which otherwise found a read-only folder
    only when it saved, minutes later."""
    existing = folder
    while not existing.exists() and existing.parent != existing:  # the folders save() will make: none made here
        existing = existing.parent
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as err:
        raise CxnlpError(f"{folder}: a model cannot be saved here ({err.strerror or err}); choose another folder."
                         ) from None



def _inside_package(target: Path) -> bool:
    """Whether ``target`` lies in the installed cxnlp package or another installed one (site-packages)."""
    resolved = target.resolve()
    return resolved.is_relative_to(Path(__file__).resolve().parent) or bool(
        {"site-packages", "dist-packages"} & set(resolved.parts))
