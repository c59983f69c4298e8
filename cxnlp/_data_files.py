"""Which files a ``sources`` argument names (``found_files``): files, or the table files directly inside folders, with
the notes, model folders and files given twice that are refused or skipped. Kept apart from ``labelled``, which reads
and validates the rows of those files, so that finding them reads on its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .exceptions import DataError, UnreadDataWarning, choices, warn_outside

#: Extensions ``read_table`` reads that are not training data inside a folder: a ``.txt`` there is notes, a ``.json``
#: a display-name file (``names.json``) or an ``evaluate -o`` report; one named as a source is read (a ``.txt`` as a
#: CSV).
NOTES_SUFFIXES = (".txt", ".json")


def training_files(sources: Iterable[str | Path] | str | Path) -> list[Path]:
    """The data files named by ``sources`` (``found_files``)."""
    return [path for path, _ in found_files(sources)]


def found_files(sources: Iterable[str | Path] | str | Path) -> list[tuple[Path, Path | None]]:
    """The data files named by ``sources``, each with the folder it was found in (None for a file named itself):
    files, or the table files directly inside folders (not their subfolders, so that training_data/quality/ is not
    training data), sorted per folder. A table file is one of every format ``cxnlp.io.read_table`` reads
    (``io.FORMATS``), but ``NOTES_SUFFIXES``, which are skipped with an ``UnreadDataWarning``. A file given twice
    (named twice, or named and found in a folder also given) is a ``DataError`` that says so: each of its rows was
    reported as repeating itself."""
    from .io import FORMATS

    suffixes = sorted(set(FORMATS) - set(NOTES_SUFFIXES))
    files: list[tuple[Path, Path | None]] = []
    for source in _source_paths(sources):
        path = Path(source)
        if path.is_dir():
            _refuse_model_folder(path)
            # Hidden files and Excel's "~$name.xlsx" (its lock beside an open workbook) are not data.
            inside = sorted(p for p in path.glob("*") if p.is_file() and not p.name.startswith((".", "~$")))
            notes = [p.name for p in inside if p.suffix.lower() in NOTES_SUFFIXES]
            if notes:
                warn_outside(f"{path}: skipped {notes}: a .txt or .json file in a folder is taken for notes, display "
                             f"names (names.json) or a report; to train on one, name the file itself (a .txt is read "
                             f"as a CSV) or save it as .csv.", UnreadDataWarning)
            found = [p for p in inside if p.suffix.lower() in suffixes]
            if not found:
                raise DataError(f"{path}: folder has no data files; expected files ending in {choices(suffixes)}.")
            files.extend((p, path) for p in found)
        elif path.is_file():
            files.append((path, None))
        else:
            raise _not_a_source(path)
    _check_given_once(files)
    return files


def check_sheet_applies(found: list[tuple[Path, Path | None]], sheet: str | int | None) -> None:
    """A ``DataError`` for a ``sheet`` given when the files ``found`` (``found_files``) are no workbook, each named
    itself: ``cxnlp train --sheet`` with a CSV file was ignored in silence, where the other commands refuse it
    (``io.check_sheet``). A folder's sheet is that of the workbooks among its files, as a CSV file's beside a
    workbook is: neither is refused."""
    from .io import check_sheet, has_sheets

    if sheet is None or not found or any(folder is not None or has_sheets(path) for path, folder in found):
        return
    if len(found) == 1:
        check_sheet(found[0][0], sheet)
    shown = ", ".join(str(path) for path, _ in found[:5]) + (" and more" if len(found) > 5 else "")
    raise DataError(f"sheet {sheet!r} was given, but none of the data files ({shown}) is a workbook with sheets "
                    f"(--sheet applies to XLSX files); leave out --sheet (sheet=...).")


def _not_a_source(path: Path) -> DataError:
    """The error for a source that is neither a file nor a folder, said as ``read_table`` says it of an input: '-'
    (standard input), a pipe such as bash's <(...) (it exists: "no such file" was false), or a path not found,
    with the folder a relative one starts in."""
    if str(path) == "-":
        return DataError("-: standard input is not read; save the data to a file and give its path.")
    if path.exists():
        return DataError(f"{path}: not a regular file (a pipe or a device); save it to a file and give that.")
    return DataError(f"{path}: no such file or folder; check the path (relative paths start in {Path.cwd()}).")


def _source_paths(sources) -> list:
    """``sources`` as a list of paths, or a ``DataError`` that says what was given: a DataFrame's column names were
    read as file names ("text: no such file or folder"), and None or a number failed in pathlib (TypeError)."""
    if isinstance(sources, (str, os.PathLike)):
        return [sources]
    if isinstance(sources, pd.DataFrame):
        raise DataError("sources are files and folders of labelled data; a DataFrame of labelled rows is read by "
                        "validate_frame(df), and trained on with cxnlp.train(frame=df).")
    paths = list(sources) if isinstance(sources, Iterable) and not isinstance(sources, bytes) else [sources]
    wrong = [path for path in paths if not isinstance(path, (str, os.PathLike))]
    if wrong:
        raise DataError(f"sources are the paths of files and folders of labelled data (a path or a list of paths); "
                        f"got {type(wrong[0]).__name__} {str(wrong[0])[:60]!r}.")
    return paths


def _refuse_model_folder(path: Path) -> None:
    """A ``DataError`` for a model folder given as data (``evaluate --data models/mi-modelo``, the options swapped):
    its JSON files were skipped as notes, and "folder has no data files" did not say what the folder was."""
    from .persist import LEGACY_FILE, META_FILE, STATE_FILE

    if (path / META_FILE).is_file() and ((path / STATE_FILE).is_file() or (path / LEGACY_FILE).is_file()):
        raise DataError(f"{path}: a model folder, not labelled data; give a file or folder of labelled rows as the "
                        f"data (--data), and a model as the model (--model).")


def _check_given_once(files: list[tuple[Path, Path | None]]) -> None:
    """A ``DataError`` for a file among ``files`` (``found_files``) given twice, by any path or link."""
    seen: dict[tuple[int, int], str] = {}
    for path, folder in files:
        st = path.stat()
        how = f"as {path}" if folder is None else f"in the folder {folder}"
        if (st.st_dev, st.st_ino) in seen:
            raise DataError(f"{path}: the same file is given twice ({seen[st.st_dev, st.st_ino]} and {how}); give "
                            f"each file once.")
        seen[st.st_dev, st.st_ino] = how

