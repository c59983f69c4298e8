"""Promoting a model to a project's default (``<project>/models/default``) and rolling it back.

Kept apart from ``persist`` because promotion is its own job, one that copies, swaps and restores whole model
folders so that a project never is left without a default, while ``persist`` writes and reads one model folder.
``persist`` imports ``promote`` and ``rollback`` from here (``cxnlp.persist.promote`` is where they are named);
this module imports what it uses of ``persist`` inside its functions, so neither imports the other at load time.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ._promotion_targets import refuse_model_dir, refuse_package_dir
from .exceptions import ConfigError, CxnlpError, ModelFormatError, choices, path_argument

if TYPE_CHECKING:
    import pandas as pd

    from .model import Model


def promote(candidate: str | Path, project: str | Path, *, data: pd.DataFrame | None = None,
            metric: str = "touchpoints.macro_f1", force: bool = False) -> dict:
    """Make ``candidate`` the default model of ``project`` (``<project>/models/default``).

    With ``data``, the candidate is compared with the current default first (the shipped model where the project
    has none yet: ``current_model`` says so) and promoted only if it is not worse on ``metric`` (or ``force``). A
    current default that cannot be loaded is a ``ModelFormatError``; with ``force`` it is replaced, and the report's
    ``current_unreadable`` says why. The previous default is kept in ``<project>/models/previous/<time>`` for
    ``rollback``. The report's ``verdict`` (compared) names the better model
    as ``promote`` names them: 'candidate better', 'current better' or 'no clear difference'.
    """
    from .comparison import METRICS
    from .io.atomic import exclusive, same_file, sigterm_unwinds
    from .labelled import frame_to_score
    from .persist import resolve_model_dir

    if metric not in METRICS:
        raise CxnlpError(f"Unknown metric '{metric}'; expected one of {choices(METRICS)}.")
    if data is not None:  # before any model is loaded or copied: a path string is not read here
        data = frame_to_score(data, what="promote")
    if candidate is None or (isinstance(candidate, str) and not candidate.strip()):
        # resolve_model_dir reads no path as $CXNLP_MODEL or the shipped model: promoted without a word
        raise ConfigError(f"promote needs the candidate model's folder ('default' for the shipped model), got "
                          f"{candidate!r}.")
    project = path_argument(project, "project")
    current = project / "models" / "default"
    refuse_package_dir(current)
    refuse_model_dir(project)
    candidate = resolve_model_dir(candidate)  # 'default': the shipped model, as everywhere a model is named
    if same_file(candidate, current):  # as files: on macOS 'Models/Default' is 'models/default' too
        raise CxnlpError(f"{candidate}: already the default model of {project}; nothing to promote.")
    # The folders this promotion makes (a new project's models/), removed again if it promotes nothing: a refused
    # candidate left an empty models/ that looked like a project with a default gone missing.
    made = [folder for folder in (current.parent, project) if not folder.exists()]
    try:
        current.parent.mkdir(parents=True, exist_ok=True)
        # One promotion or rollback at a time, from the comparison to the swap: a second one fails at once, so
        # the default is always the model its promotion reported. SIGTERM and SIGHUP unwind as Ctrl-C does, so
        # the staging folder and the lock are removed (a promotion stopped with kill left its partial copy).
        with exclusive(current, busy=_BUSY), sigterm_unwinds():
            _recover(current)
            return _promote(candidate, project, current, data, metric, force)
    except OSError as err:  # named by the user's folders, not by the lock or staging file that failed in one
        raise CxnlpError(f"{current.parent}: could not make {candidate} the default model there "
                         f"({err.strerror or 'some files could not be copied'}); check that the folder and its "
                         f"{current.name}/ are writable, and the model readable.") from err
    finally:
        for folder in made:  # innermost first; a folder that now holds anything (the default promoted) stays
            with contextlib.suppress(OSError):
                folder.rmdir()


#: What a promotion or rollback that finds another one running is told (not "choose another output path").
_BUSY = "wait for it to finish, then run this again (one promote or rollback of a project at a time)"


def _promote(candidate, project: Path, current: Path, data, metric: str, force: bool) -> dict:
    from .comparison import compare
    from .persist import DEFAULT_MODEL_DIR, load, read_meta

    # The candidate's own files are copied first (to a folder of their own, before the current default moves: a
    # failed copy changes nothing), and that copy is what is loaded, compared and put in place: the model promoted is
    # the model checked, whatever happens to the candidate folder meanwhile.
    if not Path(candidate).is_dir():
        read_meta(candidate)  # "not a model directory", as load says it
    staging = Path(tempfile.mkdtemp(prefix=".default.incoming-", dir=current.parent))
    incoming = staging / "model"
    try:
        _copy_model_files(Path(candidate), incoming)
        new = _load_staged(incoming, candidate)
        report = {"promoted": False, "metric": metric}
        old = None
        if data is not None and current.exists():
            old = _comparable(current, force, report)
        elif data is not None:  # no default yet: the project's commands use the shipped model, so it is the bar
            old = load(DEFAULT_MODEL_DIR)
            report["current_model"] = "the shipped model (the project has no default yet)"
        if old is not None:
            table = compare(old, new, data)
            if metric not in table.index:
                raise CxnlpError(f"The data has no labels for '{metric.split('.')[0]}'; cannot judge '{metric}'. "
                                 f"Judge on a metric it labels (metric=..., --metric): {choices(list(table.index))}.")
            row = table.loc[metric]
            # compare's A and B are the current default and the candidate: the verdict says so in promote's words
            verdict = {"A better": "current better", "B better": "candidate better"}.get(row["verdict"], row["verdict"])
            report.update(current=float(row["a"]), candidate=float(row["b"]), verdict=verdict)
            if row["b"] < row["a"] and not force:
                report["reason"] = f"candidate {metric} {row['b']:.4f} < current {row['a']:.4f}; not promoted"
                return report
        backup = None
        if current.exists() or current.is_symlink():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            backup = project / "models" / "previous" / stamp
            for k in range(2, 10_000):  # two promotions in one second: stamp-2, stamp-3… (they sort after it)
                if not backup.exists():
                    break
                backup = backup.with_name(f"{stamp}-{k:04d}")
            if "current_unreadable" in report:  # kept to look at, never rolled back to (not a _BACKUP_NAME)
                backup = backup.with_name(f"{backup.name}-unreadable")
            backup.parent.mkdir(parents=True, exist_ok=True)
        _replace_default(incoming, current, backup)
        if backup is not None:
            report["previous"] = str(backup)
    finally:
        _add_owner_write(staging)  # a part copied read-only before a failure could not be removed
        shutil.rmtree(staging, ignore_errors=True)
    report.update(promoted=True, default=str(current))
    return report


def _load_staged(incoming: Path, candidate) -> Model:
    """The staged copy of ``candidate`` loaded (its checksums and arrays checked as ``load`` checks them); an
    error or a warning (a model saved with another spaCy) names the candidate, not the staging folder."""
    from .exceptions import kept_warnings, warn_outside
    from .persist import load

    try:
        with kept_warnings() as kept:
            model = load(incoming)
    except ModelFormatError as err:
        raise ModelFormatError(str(err).replace(str(incoming), str(candidate))) from None
    for warning in kept:
        warn_outside(str(warning).replace(str(incoming), str(candidate)), type(warning))
    return model


def _replace_default(incoming: Path, current: Path, backup: Path | None) -> None:
    """Put ``incoming`` (a model folder its owner can write) in place of ``current``, the default, which is kept as
    ``backup`` first (None: there is no default yet). The new default gets the permissions of the one it replaces
    (of a symbolic link's model) last, once in place: given to the staged copy, a read-only model's mode stopped it
    from moving (a folder moved to another parent needs write permission on itself), after the link was removed.
    Whatever fails once the old default has moved puts it back before the error is raised: the project never is
    left without a default."""
    from .persist import _keep_model_permissions

    link = os.readlink(current) if current.is_symlink() else None
    # the model whose permissions the new default keeps: the link's, which stays, or the folder moved to backup
    kept = (current.resolve() if link is not None else backup) if current.is_dir() else None
    swap_in = current.with_name(f".{current.name}.swap-in")  # beside the default: a promotion killed once the old
    moved = placed = False  # one has moved is finished by the next promote or rollback (``_recover``)
    # A linked default is copied to previous/ under a name rollback never takes, then renamed whole: a promotion
    # killed mid-copy left a backup without its meta.json there, which rollback passed over without a word.
    partial = None if backup is None else backup.with_name(f".{backup.name}{PARTIAL_SUFFIX}{os.getpid()}")
    try:
        incoming.rename(swap_in)  # in the try: Ctrl-C just after it left a swap-in the next command put in place
        if backup is not None and link is not None:  # the backup is the model itself, not a link its target could
            _copy_model_files(current.resolve(), partial)  # change under
            partial.rename(backup)
            current.unlink()
            moved = True
        elif backup is not None:  # renamed, not shutil.move: a default that cannot move (read-only) is then left
            current.rename(backup)  # whole, where a move copied it to previous/ before failing to remove it
            moved = True
        swap_in.rename(current)
        placed = True
        if kept is not None:
            _keep_model_permissions(current, kept)
            # and its owner may write it still: a default that cannot move to previous/ blocks the next promotion
            current.chmod(stat.S_IMODE(current.stat().st_mode) | stat.S_IWUSR)
    except BaseException:
        if placed:
            _add_owner_write(current)
        if placed or swap_in.is_dir():  # back to the staging folder, which is removed
            (current if placed else swap_in).rename(incoming)
        if moved and link is not None:
            os.symlink(link, current)
        elif moved:
            backup.rename(current)
        if link is not None and backup is not None:  # the copy made of the link's model, whole or in part
            for copy in (backup, partial):
                _add_owner_write(copy)
                shutil.rmtree(copy, ignore_errors=True)
        raise


def _copy_model_files(source: Path, target: Path) -> None:
    """Copy the model of the folder ``source`` to ``target``, a new folder its owner can write: exactly the model's
    own files (``MODEL_FILES``, those ``source`` holds), nothing else (a README, a docs/ folder: a candidate's other
    files stay where they are). Each is opened as ``load`` opens it, following a link (a DVC, git-annex or Nix model
    is links into a cache), and the file opened is checked (``fstat``): a regular file within its size limit
    (``MAX_FILE_BYTES``), else a ``CxnlpError`` (a link to /dev/zero filled the disk; a pipe held the copy). What was
    checked is what is copied, from that descriptor, into a new regular file of ``target``: no link is ever made
    there, so no later chmod can go through one to a file outside the model (a link swapped in after an earlier
    check was copied as a link, and the permissions of the old default were then given to the file it led to)."""
    from .persist import MAX_FILE_BYTES, MODEL_FILES

    target.mkdir(mode=0o700)
    with contextlib.suppress(OSError):  # the folder's mode bits, as a copy keeps them (its owner writes it still)
        os.chmod(target, stat.S_IMODE(os.stat(source).st_mode) | stat.S_IRWXU)
    for name in sorted(MODEL_FILES):
        path = source / name
        try:  # a pipe opens at once, then is refused; binary: Windows' text mode ends a read at a byte 0x1A
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        except (FileNotFoundError, NotADirectoryError):  # not one this model has (a saved model's model.joblib)
            continue  # or a link to nothing: load says which file is missing
        with open(fd, "rb") as fh:
            info, limit = os.fstat(fh.fileno()), MAX_FILE_BYTES[name]
            if not stat.S_ISREG(info.st_mode):
                raise CxnlpError(f"{source}: {name} is not a regular file (a folder, a pipe or a device); a model's "
                                 f"files are regular files. Restore the model, or promote another one.")
            if info.st_size > limit:
                raise CxnlpError(f"{source}: {name} holds {info.st_size:,} bytes, over {limit:,}, more than a "
                                 f"model's {name} holds; it will not load. Restore the model, or promote another one.")
            out = os.open(target / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                          | getattr(os, "O_BINARY", 0), 0o600)  # (and text mode writes LF as CR LF)
            with open(out, "wb") as copy:
                copied = 0
                for block in iter(lambda: fh.read(1 << 20), b""):
                    copied += len(block)
                    if copied > limit:  # grown since it was checked
                        raise CxnlpError(f"{source}: {name} grew past {limit:,} bytes while it was copied; it will "
                                         f"not load. Restore the model, or promote another one.")
                    copy.write(block)
                mode = stat.S_IMODE(info.st_mode) | stat.S_IWUSR  # on our own file, never a link: by descriptor,
                os.chmod(copy.fileno() if os.chmod in os.supports_fd else target / name, mode)  # (Windows < 3.13: path)


def _add_owner_write(root: Path) -> None:
    """Give the owner write permission on ``root`` and everything in it, links left alone: chmod follows them, to
    a file that is not the model's."""
    for folder, _, files in os.walk(root):
        for path in (folder, *(os.path.join(folder, name) for name in files)):
            if not os.path.islink(path):
                with contextlib.suppress(OSError):
                    os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR)


def _comparable(current: Path, force: bool, report: dict):
    """The current default, loaded to compare the candidate with; one that cannot be loaded is a
    ``ModelFormatError``, or, ``force``d, None (nothing to compare with), said in ``report``."""
    from .persist import load

    try:
        return load(current)
    except ModelFormatError as err:
        if not force:
            raise ModelFormatError(f"{err} It cannot be compared with the candidate; force=True (--force) replaces "
                                   f"it, keeping it in models/previous/.") from err
        report["current_unreadable"] = (f"{err} Replaced without a comparison; kept in models/previous/ under a name "
                                        f"ending in -unreadable, which rollback never restores.")
        return None


#: The names promote gives the previous defaults it keeps (models/previous/20261205T101500, ...-0002).
_BACKUP_NAME = re.compile(r"[0-9]{8}T[0-9]{6}(?:-[0-9]{4})?")
#: A linked default's copy on its way to previous/ (``.20261205T101500.partial-PID``), removed by ``_recover``.
PARTIAL_SUFFIX = ".partial-"
_PARTIAL_NAME = re.compile(rf"\.{_BACKUP_NAME.pattern}{re.escape(PARTIAL_SUFFIX)}[0-9]+")


def rollback(project: str | Path) -> dict:
    """Restore the most recent previous default of ``project`` (the newest of the folders ``promote`` kept; one
    without its meta.json, a copy cut short, is refused by name, never passed over for an older one); the
    rolled-back model is discarded, once the kept one is in its place (``_restore``): a rollback that fails, or would
    restore a model that does not load (``_refuse_damaged``), leaves the default as it was, and says so in a
    ``CxnlpError``."""
    from .io.atomic import exclusive, sigterm_unwinds

    project = path_argument(project, "project")
    if not project.is_dir():  # a mistyped folder was "no previous model to roll back to", as if it had none
        said = "is a file, not the project folder" if project.exists() else "the project folder does not exist"
        raise CxnlpError(f"{project}: {said}; give the folder that promote wrote models/default in.")
    current = project / "models" / "default"
    refuse_package_dir(current)
    folder = project / "models" / "previous"

    def newest(must: bool = True) -> Path:
        # (one without its meta.json too: a copy cut short is refused by name, in _refuse_damaged, never passed over)
        kept = sorted(p for p in folder.glob("*") if p.is_dir() and not p.is_symlink()
                      and _BACKUP_NAME.fullmatch(p.name)) if folder.is_dir() else []
        if not kept and must:
            raise CxnlpError(f"{project}: no previous model to roll back to (looked in models/previous/ for the "
                             f"folders promote keeps).")
        return kept[-1] if kept else folder

    backup = newest(must=not current.parent.is_dir())  # here only without models/; else once _recover has run
    try:
        with exclusive(current, busy=_BUSY), sigterm_unwinds():
            # chosen again under the lock: a promotion that ended meanwhile kept a newer one, the default it replaced
            _recover(current)
            backup = newest()
            _refuse_damaged(backup)
            _restore(backup, current)
    except OSError as err:  # named by the user's folders, as promote names them
        backup = newest() if backup == folder else backup  # none kept: said so (a read-only models/, not locked)
        raise CxnlpError(f"{current.parent}: could not restore {backup} as the default model "
                         f"({err.strerror or 'some files could not be moved'}); the default is as it was. Check that "
                         f"the folder and its {current.name}/ are writable.") from err
    return {"restored": str(backup.name), "default": str(current)}


def _refuse_damaged(backup: Path) -> None:
    """A ``CxnlpError`` when the kept model ``backup`` would not load (``persist.load_refusal``): restored, it
    replaced a default that loads, which rollback discards, with one no command could use. A cxnlp 0.1 model (a
    pickle) is one: every command loads the default without trust, so it was restored and then refused by each."""
    from .persist import META_FILE, load_refusal, read_meta

    if not (backup / META_FILE).is_file():  # a copy cut short (a promotion killed keeping it), or files removed
        raise CxnlpError(f"{backup}: the newest previous model is incomplete ({META_FILE} is missing: a copy cut short "
                         f"or files removed). Not rolled back: the default is left as it was; restore or remove "
                         f"{backup} first.")
    try:
        refusal = load_refusal(backup, read_meta(backup))
    except ModelFormatError as err:
        refusal = str(err)
    if refusal:
        raise CxnlpError(f"{refusal.rstrip('.')}. Not rolled back: the default is left as it was; restore or remove "
                         f"{backup} first.")


def _restore(backup: Path, current: Path) -> None:
    """Put ``backup`` in place of the default ``current``, which is discarded. The default is first renamed aside
    (in its own folder, so a read-only one moves too) and deleted only once ``backup`` is in place; whatever fails
    before (an error, Ctrl-C) puts it back: deleted first, a move that failed left the project without a default,
    and Ctrl-C in the deletion left half a model there."""
    aside = None
    if current.is_symlink() or current.exists():
        aside = current.with_name(f".{current.name}.outgoing-{os.getpid()}")
        current.rename(aside)
    copied = False
    try:
        try:
            os.rename(backup, current)
        except OSError as err:  # previous/ on another file system: copied, and removed only once the copy is in
            if err.errno != errno.EXDEV:  # place (shutil.move removed it first: Ctrl-C there lost the kept model)
                raise
            # copied beside the default, then renamed in: a copy killed half done is no default (``_recover``)
            partial = current.with_name(f".{current.name}.incoming-rollback-{os.getpid()}")
            shutil.copytree(backup, partial, symlinks=True)
            partial.rename(current)
            copied = True
    except BaseException:
        for part in (current, *current.parent.glob(f".{current.name}.incoming-rollback-{os.getpid()}")):
            if part.is_symlink() or part.exists():  # a part the move had made or copied
                _discard(part)
        if aside is not None:
            aside.rename(current)
        raise
    if aside is not None:
        _discard(aside)
    if copied:
        _discard(backup)


def _recover(current: Path) -> None:
    """Finish or undo the swap of the default ``current`` that a promotion or rollback killed outright (SIGKILL) left
    half done, and remove what it left beside it: a rollback's default moved aside (``.default.outgoing-PID``) is put
    back, a promotion's checked candidate (``.default.swap-in``) put in place (the old default is in previous/). Only
    under the lock, so none of it is another's: without locks (Windows) it may be another promotion's, in progress."""
    from .io import atomic
    if atomic.fcntl is None:  # no advisory lock: nothing is touched, as before recovery existed
        return
    aside = sorted((path for path in current.parent.glob(f".{current.name}.outgoing-*")
                    if path.name.rsplit("-", 1)[1].isdigit()), key=lambda path: path.lstat().st_ctime)  # newest last
    swap_in = current.with_name(f".{current.name}.swap-in")
    if not (current.exists() or current.is_symlink()):
        if aside:
            aside.pop().rename(current)
        elif swap_in.is_dir() and not swap_in.is_symlink():
            swap_in.rename(current)
    partial = (path for path in current.parent.joinpath("previous").glob(f".*{PARTIAL_SUFFIX}*")  # a linked
               if _PARTIAL_NAME.fullmatch(path.name))  # default's copy cut short; a user's ".notes.partial-x" stays
    for stale in (*aside, swap_in, *current.parent.glob(f".{current.name}.incoming-*"), *partial):
        if stale.exists() or stale.is_symlink():  # staging folders of promotions killed (Ctrl-C unwinds them)
            _discard(stale)


def _discard(path: Path) -> None:
    """Remove the default moved aside at ``path``: a link (never what it leads to), a file or a folder."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    else:
        _add_owner_write(path)
        shutil.rmtree(path, ignore_errors=True)
