"""Output paths that are safe to write: never an input, a folder or a read-only file; written
atomically, keeping the mode and group of the file replaced, by one process at a time, and cleaned up on
SIGTERM and SIGHUP as on Ctrl-C. Re-exported by ``cxnlp.io``."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import signal
import stat
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

from ..exceptions import CxnlpError, DataError
from ._windows_names import windows_name_problem
from .common import folder_output

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the check that the target did not change remains
    fcntl = None


def same_file(a: str | Path, b: str | Path) -> bool:
    """True when both paths exist and are one file (through any link); compares device and inode."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def inside_folder(target: Path, folder: str | Path) -> bool:
    """True when ``folder`` is a folder and ``target`` (which need not exist) lies in it, at any depth, through
    any link, by any name: each folder above ``target`` is compared as a file (``same_file``), not as a path.
    macOS's realpath leaves a name's case as typed, and there 'Datos/x.csv' is in the input folder 'datos'."""
    if not Path(folder).is_dir():
        return False
    return any(same_file(parent, folder) for parent in Path(os.path.realpath(target)).parents)


def check_output(target: str | Path, *, inputs: Iterable = ()) -> Path:
    """``target`` as a Path, after making sure it may be written: not one of ``inputs`` (by any path), not
    inside an input that is a folder (a folder of Parquet parts is read as one table: a file written into it
    became part of that input, and the next read counted its rows twice), not a folder, not read-only, not a name
    Windows refuses (on Windows), in a folder that can be written. Call it before the work starts."""
    target = Path(target)
    if target.suffix.lower() == ".xlsm":  # read, never written: its content type says it holds macros
        raise DataError(f"Output {target}: .xlsm is a macro-enabled workbook, which cxnlp reads but does not write "
                        f"(Excel would refuse the file); write {target.with_suffix('.xlsx').name} instead.")
    if sys.platform == "win32" and (why := windows_name_problem(target)):
        raise DataError(f"Output {target}: {why}; choose another name.")
    # Through a folder not made yet ("nuevo/../encuesta.csv", which the write makes) no inode can be compared, and
    # the path named the input once written: it is also compared as the path it will name.
    named = os.path.realpath(target)
    for source in inputs:
        if source is not None and (same_file(source, target) or same_file(source, named)):
            raise DataError(f"Output {target} is the input file {source}; choose another output path.")
        if source is not None and inside_folder(target, source):
            raise DataError(f"Output {target} is inside the input folder {source}, whose files are read as the "
                            f"input: choose a path outside {source}.")
    if target.is_dir():
        raise folder_output(target)
    if target.exists() and (not target.stat().st_mode & stat.S_IWUSR or not os.access(target, os.W_OK)):
        if _read_only_mount(target):
            raise DataError(f"Output {target} is on a read-only file system; choose another output path.")
        how = "clear Read-only in its Properties" if sys.platform == "win32" else "chmod u+w"  # (no chmod there)
        raise DataError(f"Output {target} is read-only; make it writable ({how}) or choose another output path.")
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise DataError(f"Cannot write {target}: {folder} is a file, not a folder.")
    if not os.access(folder, os.W_OK | os.X_OK):
        if _read_only_mount(folder):
            raise DataError(f"Cannot write {target}: {folder} is on a read-only file system; choose another folder.")
        raise DataError(f"Cannot write {target}: no permission to write in {folder}; choose another folder.")
    return target


def _read_only_mount(path: Path) -> bool:
    """Whether ``path`` is on a file system mounted read-only (a read-only volume of a container, a DVD): "no
    permission" and "chmod u+w" pointed at permissions that no one can change there."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # (no statvfs on Windows)
        return False


def check_outputs(outputs: Iterable, *, inputs: Iterable = ()) -> None:
    """``check_output`` for each output that is not None, and no output given twice, nor on Windows and macOS two that
    differ only in case (one file there, whose file systems ignore case; on Linux two files, both written)."""
    inputs = [i for i in inputs if i is not None]
    seen: list[Path] = []
    for output in outputs:
        if output is None:
            continue
        output = check_output(output, inputs=inputs)
        for earlier in seen:
            if earlier.resolve() == output.resolve() or same_file(earlier, output):
                raise DataError(f"{output} is given as two outputs; give each output its own path.")
            ignores_case = sys.platform in ("win32", "darwin")  # (on Linux two files, both written)
            if ignores_case and str(earlier.resolve()).casefold() == str(output.resolve()).casefold():
                raise DataError(f"{earlier} and {output} differ only in case, and are one file on Windows and macOS; "
                                f"give each output its own name.")
        seen.append(output)


@contextlib.contextmanager
def exclusive(target: Path, *, busy: str = "wait for it to finish, or choose another output path"):
    """Hold an exclusive lock on ``.NAME.lock`` beside ``target``, so that two processes writing the
    same file cannot both succeed; the second fails at once instead, told ``busy`` (what it can do: a
    promotion has no other output path to choose)."""
    if fcntl is None:
        yield
        return
    lock = _beside(target, ".lock")
    for _ in range(10):
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise CxnlpError(f"{target} is being written by another process (it holds {lock}); {busy}."
                             ) from None
        with contextlib.suppress(FileNotFoundError):
            held, named = os.fstat(fd), os.stat(lock)
            if (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino):
                break
        os.close(fd)  # the holder before us removed this lock file as we opened it: take the new one
    else:
        raise CxnlpError(f"Could not lock {target}: {lock} keeps being replaced; try again.")
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)  # while still locked, so a waiting process sees the inode change
        os.close(fd)


#: The signals that stop a job through Python while it writes: ``kill`` (SIGTERM) and a closed terminal or
#: dropped ssh session (SIGHUP, where the system has it).
UNWINDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def sigterm_unwinds():
    """While writing, SIGTERM and SIGHUP exit through Python (status 143, 129) so that ``finally`` blocks remove
    the temporary file and the lock, as they do on Ctrl-C. Only the main thread can set a handler, and a
    handler the application installed itself is left alone (each signal on its own)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    ours = [s for s in UNWINDING_SIGNALS if signal.getsignal(s) is signal.SIG_DFL]
    for signum in ours:
        signal.signal(signum, _exit_on_sigterm)
    try:
        yield
    finally:
        for signum in ours:
            signal.signal(signum, signal.SIG_DFL)


def _exit_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


#: Threads that blocked SIGTERM for a fork (``_block_sigterm_for_fork``), by thread id.
_FORKING: set[int] = set()


def _block_sigterm_for_fork() -> None:
    """Before a fork while a file is written: SIGTERM blocked in the forking thread, so that one sent to the
    child before it has set the default action (the pool stops a worker it has just started) waits for it.
    Between the fork and ``_default_sigterm_in_child`` the child still had the writer's handler, which only
    notes the signal; the note was then dropped with the handler ("ignored due to race condition"), the
    worker lived on, and the pool waited for it for ever: 76 of 100 children sent SIGTERM at once survived."""
    if signal.getsignal(signal.SIGTERM) is _exit_on_sigterm and hasattr(signal, "pthread_sigmask"):
        if signal.SIGTERM not in signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM}):
            _FORKING.add(threading.get_ident())


def _unblock_sigterm_after_fork() -> None:
    """After the fork, in the parent: the forking thread's SIGTERM as it was (a signal that came meanwhile is
    delivered now)."""
    if threading.get_ident() in _FORKING:
        _FORKING.discard(threading.get_ident())
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _default_sigterm_in_child() -> None:
    """A process forked while a file is written (a --jobs worker the pool starts in place of one that died) does
    not inherit the writer's handlers (SIGTERM's and SIGHUP's): SIGTERM, which the pool sends its workers when it stops, must end it. With
    the handler, a worker stopped before it had set its own raised SystemExit somewhere that swallowed it, and
    the pool waited for it for ever. SIGTERM, blocked for the fork, is unblocked once the default is set: one
    sent meanwhile ends the child now."""
    for signum in UNWINDING_SIGNALS:
        if signal.getsignal(signum) is _exit_on_sigterm:
            signal.signal(signum, signal.SIG_DFL)
    if threading.get_ident() in _FORKING:
        _FORKING.clear()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(before=_block_sigterm_for_fork, after_in_parent=_unblock_sigterm_after_fork,
                        after_in_child=_default_sigterm_in_child)


def _stamp(path: Path):
    with contextlib.suppress(FileNotFoundError):
        st = path.stat()
        return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns
    return None


def _beside(target: Path, suffix: str) -> Path:
    """A hidden helper file beside ``target``: ``.NAME`` + ``suffix``, or, where that passes the 255 bytes a file
    name may have (a legal output name of 246 characters did), a digest of the name in its place."""
    name = f".{target.name}{suffix}"
    if len(name.encode("utf-8", "surrogateescape")) > 255:
        name = f".{hashlib.sha256(os.fsencode(target.name)).hexdigest()[:32]}{suffix}"
    return target.with_name(name)


_TEMP_SUFFIX = re.compile(r"\.[0-9a-f]{8}\.tmp")


def _remove_leftovers(target: Path) -> None:
    """Remove the temporary files of ``target`` that a writer killed outright (SIGKILL, a power cut) left behind:
    with the lock held no other writer has one, so each of them is a dead writer's partial output, and they piled
    up beside the output run after run. Only names ``_new_temp`` gives (``.NAME.<8 hex digits>.tmp``) are touched."""
    prefix = _beside(target, ".00000000.tmp").name[: -len(".00000000.tmp")]
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            name = entry.name
            if name.startswith(prefix) and _TEMP_SUFFIX.fullmatch(name, len(prefix)) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _new_temp(target: Path) -> tuple[Path, int]:
    """A new empty file beside ``target`` and its mode: 0o666 less the umask, as open() gives, without
    reading the umask (that can only be done by changing it, for every thread)."""
    while True:
        tmp = _beside(target, f".{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        mode = stat.S_IMODE(os.fstat(fd).st_mode)
        os.close(fd)
        return tmp, mode


def keep_permissions(path: Path, replaced: Path) -> None:
    """Give ``path`` the mode (the set-group-ID bit of a shared folder included) and the group of ``replaced``, the
    file or folder it is about to replace: an output keeps the permissions of the one it replaces, so a private model
    folder stays private and a group's stays the group's."""
    st = os.stat(replaced)
    if hasattr(os, "chown") and os.stat(path).st_gid != st.st_gid:
        with contextlib.suppress(PermissionError):  # a group the user is not in: the mode is kept all the same
            os.chown(path, -1, st.st_gid)
    os.chmod(path, stat.S_IMODE(st.st_mode))  # after chown, which clears the set-group-ID bit of a file


def replace_folder(new: Path, target: Path) -> None:
    """Put the folder ``new`` in place of ``target``, a folder beside it (or nothing yet). ``target`` is renamed
    aside first and deleted only once ``new`` is in place; whatever fails before (an error, Ctrl-C) renames it
    back: deleted first, a rename that failed, or Ctrl-C during the deletion, lost the folder and what replaced it."""
    import shutil

    aside = target.with_name(f".{target.name}.replaced")
    shutil.rmtree(aside, ignore_errors=True)  # one a process killed outright (SIGKILL) left
    if target.exists():
        target.rename(aside)
    try:
        new.rename(target)
    except BaseException:
        if aside.exists() and not target.exists():
            aside.rename(target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


# Errors that mean the output could not be written (rather than an input could not be read).
_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}


@contextlib.contextmanager
def atomic_path(target: str | Path, *, protect: Iterable = ()):
    """Yield a temporary path beside ``target``; move it onto ``target`` only if the block succeeds.

    ``target`` must pass ``check_output`` (``protect`` lists the inputs it must not be). The file
    keeps the mode and group of the one it replaces (``keep_permissions``). Fails, leaving ``target`` as it
    was, if another process is writing it or it changed meanwhile, or if the disk is full.
    """
    target = check_output(target, inputs=protect)
    if target.is_symlink():  # written through: replacing the link would leave its file as it was
        try:
            target = target.resolve(strict=True)
        except (OSError, RuntimeError):  # a loop, or a link to nothing
            raise DataError(f"{target}: a symbolic link that leads to no file (a loop, or its file is missing); "
                            f"give the path of a file to write.") from None
        check_output(target, inputs=protect)
    if target.exists() and not target.is_file():
        raise DataError(f"{target}: not a regular file (a device or a pipe); give the path of a file to write.")
    with folders_made_for(target), exclusive(target), sigterm_unwinds():
        if fcntl is not None:  # locked: no other writer of target is alive (without locks, one may be)
            _remove_leftovers(target)
        before = _stamp(target)
        tmp, mode = _new_temp(target)
        try:
            try:
                yield tmp
                if _stamp(target) != before:
                    raise CxnlpError(f"{target} was changed by another program while cxnlp was writing it; "
                                     f"nothing was written. Run again once the other program is done.")
                if before:
                    keep_permissions(tmp, target)
                else:
                    os.chmod(tmp, mode)
                _replace(tmp, target)
            except OSError as err:
                if err.errno not in _WRITE_ERRORS:
                    raise
                raise CxnlpError(f"Could not write {target}: {err.strerror}. Nothing was written (an existing file "
                                 f"is left as it was); free some space or choose another output path.") from err
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise


def _replace(tmp: Path, target: Path) -> None:
    """``os.replace(tmp, target)``; refused, a ``CxnlpError`` naming ``target`` (the error named the hidden temporary
    file): on Windows, which does not replace a file another program has open (Excel holds a workbook it shows), what
    to close; elsewhere no open file stops it, and the refusal is the folder's (its permissions, its owner)."""
    try:
        os.replace(tmp, target)
    except PermissionError as err:
        why = ("it may be open in another program (on Windows, Excel locks the files it has open): close it there and "
               "run again" if sys.platform == "win32" else "check the permissions of its folder and its owner")
        raise CxnlpError(f"Could not replace {target} ({err.strerror or err}); {why}, or choose another output "
                         f"path.") from err


@contextlib.contextmanager
def folders_made_for(target: Path):
    """Make the missing folders of ``target``, and remove them (those still empty) if the block fails: a command that
    failed before writing (an empty input, a column not found, Ctrl-C) left its output's new folder behind, empty."""
    made = []  # those this call made (deepest first): one another process made meanwhile is not removed
    for folder in reversed([target.parent, *target.parent.parents]):
        if folder.is_dir():
            continue
        try:
            os.mkdir(folder)
            made.insert(0, folder)
        except BaseException as failed:
            if isinstance(failed, FileExistsError) and folder.is_dir():
                continue
            _remove_empty(made)
            raise
    try:
        yield
    except BaseException:
        _remove_empty(made)
        raise


def _remove_empty(folders: list[Path]) -> None:
    for folder in folders:
        with contextlib.suppress(OSError):  # (not empty: another program wrote there meanwhile)
            folder.rmdir()


@contextlib.contextmanager
def atomic_paths(*, protect: Iterable = ()):
    """Yield ``temporary(target)``, which gives ``atomic_path``'s temporary path for ``target``; every target is
    moved into place only once the block has written them all. A command with several outputs writes them all or
    none: one after the other, a full disk on the second left the first replaced, under an error that said nothing
    was written. Write each temporary file before asking for the next (the error of a full disk then names the file
    that did not fit); a table written with ``write_table`` last in the block joins the step."""
    protect, stamps = list(protect), []

    def temporary(target):
        tmp = stack.enter_context(atomic_path(target, protect=protect))
        stamps.append((Path(target), _stamp(Path(target))))
        return tmp

    with contextlib.ExitStack() as stack:
        yield temporary
        # Each ``atomic_path`` checks its own target as it moves into place, the last first: one changed meanwhile
        # then failed after the others had moved, under an error that said nothing was written (review E 3). So
        # every target is checked here, before any moves.
        for target, before in stamps:
            if _stamp(target) != before:
                raise CxnlpError(f"{target} was changed by another program while cxnlp was writing it; nothing was "
                                 f"written. Run again once the other program is done.")
