"""Files that are not delimited text, refused in one line that says what each is and what to do, whatever its
name: a workbook, a Parquet file, a compressed file or zip archive, UTF-16 text without its mark. Kept apart from
``_sniff``, which reads a text file's dialect, because ``excel`` and ``columnar`` refuse the same files by their
first bytes."""

from __future__ import annotations

import re
from pathlib import Path

from ..exceptions import DataError
from .common import save_as_error


#: The first bytes of files that are not text, as an export renamed to .csv may be: what each is, what to name it.
_MAGIC = ((b"PK\x03\x04", "an Excel workbook (a zip file), not text", ".xlsx"),
          (b"PAR1", "a Parquet file, not text", ".parquet"))


#: The first bytes of an OLE2 (Compound File) container: an Excel 97-2003 .xls, and an .xlsx encrypted with a
#: password (Excel keeps the workbook, encrypted, in its EncryptedPackage stream), which are not zip files.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def refuse_ole2(path: Path, head: bytes) -> None:
    """An OLE2 file (``head``: its first bytes) is refused in one line that says what it is, whatever its name:
    a password-protected workbook (its EncryptedPackage stream), an .xls (a Workbook or Book stream), or
    another old Office file. Before anything else is said of it, which would be wrong ("not a zip file",
    "UTF-16 text")."""
    if not head.startswith(OLE2_MAGIC):
        return
    names = _ole2_names(path, ("EncryptedPackage", "Workbook", "Book"))
    if "EncryptedPackage" in names:
        raise DataError(f"{path}: the workbook is password-protected (encrypted), and cxnlp cannot open it: remove "
                        f"the password in Excel (File > Info > Protect Workbook > Encrypt with Password, left empty) "
                        f"and save it again, or export it as CSV.")
    if names:
        raise DataError(f"{path}: an Excel 97-2003 workbook (.xls), which is not read: open it in Excel and save it "
                        f"as .xlsx (Excel Workbook), or export it as CSV.")
    raise DataError(f"{path}: an old Office file (OLE2, as .xls and .doc are), not a table: save the table as .xlsx "
                    f"or CSV.")


def _ole2_names(path: Path, names: tuple[str, ...]) -> set[str]:
    """Which of ``names`` the OLE2 file ``path`` holds a stream of, found as their UTF-16 directory entries (the
    directory may be anywhere in the file)."""
    wanted = {name: name.encode("utf-16-le") + b"\x00\x00" for name in names}  # (each entry ends its name so)
    found, tail = set(), b""
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            block = tail + block
            found |= {name for name, entry in wanted.items() if entry in block}
            tail = block[-64:]
    return found


#: The first bytes of compressed files (an export downloaded as ``.csv.gz``, then renamed): what each is, and the
#: command that gives the file it holds.
_COMPRESSED = ((re.compile(rb"\x1f\x8b"), "gzip", "gzip -d, or 7-Zip"),
               (re.compile(rb"BZh[1-9](?:1AY&SY|\x17rE8P\x90)"), "bzip2", "bzip2 -d, or 7-Zip"),
               (re.compile(rb"\xfd7zXZ\x00"), "xz", "xz -d, or 7-Zip"),
               (re.compile(rb"\x28\xb5\x2f\xfd"), "zstd", "zstd -d, or 7-Zip"),  # (.csv.zst exports: review A 7)
               (re.compile(rb"7z\xbc\xaf\x27\x1c"), "7-Zip", "7z x, or 7-Zip"))


def refuse_compressed(path: Path, head: bytes) -> None:
    """A compressed file (``head``: its first bytes) is refused in one line that names the compression and how to undo
    it, whatever its name: gzip, bzip2, xz, zstd, 7-Zip, or a zip archive that is no workbook (no
    ``[Content_Types].xml``: a CSV zipped). Read as text it was noise ("column ['\\x1f‹\\x08']"), and a zipped CSV was
    called a workbook to rename, then "not a readable XLSX workbook (KeyError ...)". An OpenDocument or Numbers
    spreadsheet, also a zip, is refused with the advice its own suffix gets (``_zip_spreadsheet``: save it as .xlsx or
    CSV)."""
    for magic, what, how in _COMPRESSED:
        if magic.match(head):
            raise DataError(f"{path}: a file compressed with {what}, not a table; decompress it first ({how}) and read "
                            f"the file it holds.")
    if head.startswith(b"PK\x03\x04"):
        names = _zip_names(path)
        if names is not None and "[Content_Types].xml" not in names:
            if kind := _zip_spreadsheet(path, names):
                raise save_as_error(path, kind)
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "") or "nothing"
            raise DataError(f"{path}: a zip archive holding {shown}, not a workbook; extract it first (unzip, or "
                            f"Extract All in Windows) and read the file it holds.")


def _zip_spreadsheet(path: Path, names: list[str]) -> str | None:
    """The suffix (a key of ``common._SAVE_AS``) of the spreadsheet format the zip archive ``path``, holding
    ``names``, is a file of, else None: an OpenDocument spreadsheet (its ``mimetype`` entry
    ``application/vnd.oasis.opendocument.spreadsheet``, or a ``content.xml`` beside ``META-INF/manifest.xml``
    without one), '.ods', and a Numbers file (``Index/Document.iwa`` or ``Index.zip``), '.numbers'. Extracting
    either gives no table (review A 6): the advice is to save it as .xlsx or CSV."""
    import zipfile

    if "mimetype" in names:
        try:
            with zipfile.ZipFile(path) as archive, archive.open("mimetype") as entry:
                mimetype = entry.read(200).decode("ascii", "replace").strip()  # (its first bytes only)
        except Exception:  # noqa: BLE001  (a damaged entry: the names decide)
            mimetype = ""
        if mimetype.startswith("application/vnd.oasis.opendocument.spreadsheet"):
            return ".ods"
    elif "content.xml" in names and "META-INF/manifest.xml" in names:
        return ".ods"
    if "Index/Document.iwa" in names or "Index.zip" in names:
        return ".numbers"
    return None


def _zip_names(path: Path) -> list[str] | None:
    """The names of the files in the zip archive ``path`` (folders aside), or None if it cannot be read."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return [name for name in archive.namelist() if not name.endswith("/")]
    except Exception:  # noqa: BLE001  (damaged: left to what reads it as a workbook, which says so)
        return None


#: The most bytes an Office lock file ("~$name.xlsx") holds: its owner's name twice, 162 or 165 bytes in all.
_LOCK_FILE_BYTES = 1024


def refuse_lock_file(path: Path, head: bytes) -> None:
    """The lock file Excel (or Word) keeps beside a file while it is open, "~$" and the file's name, a few bytes
    of its owner's name, is refused in one line that names the file it locks. Read, it was "not a readable XLSX
    workbook ... save it again" or "UTF-16 text without a byte-order mark": advice for a file that is no table.
    Known by its name, its size and its bytes: NULs after the name (a small text file named "~$..." is read, one
    that starts with a tab or a blank line too: its first byte is no name's length)."""
    if not path.name.startswith("~$") or not head or head.startswith(b"PK\x03\x04") or b"\x00" not in head:
        return
    try:
        if path.stat().st_size > _LOCK_FILE_BYTES:
            return
    except OSError:
        return
    locked = path.with_name(path.name[2:])
    raise DataError(f"{path}: the lock file Excel keeps while {locked.name} is open, not a table; read "
                    f"{locked.name} itself.")


#: Control bytes no text file holds (tab, line breaks and form feed aside): a file with one is no CSV.
_RE_BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
_RE_HTML = re.compile(rb"\s*(?:<!--[^>]{0,200}-->\s*)?<(?:!doctype html|html|table|head|meta)\b", re.IGNORECASE)


def refuse_text(path: Path, head: bytes) -> None:
    """A file named as a workbook that is no zip file but text (``head``: its first bytes) is refused in one line
    that says what it is, as a workbook named .csv is: an empty file, an HTML page (web tools' "Export to Excel"),
    an XML Spreadsheet 2003, or a CSV to rename. It was "not a readable XLSX workbook (BadZipFile: File is not a zip
    file); open it in Excel and save it again", which says nothing of what the file is."""
    if head.startswith(b"PK"):
        return
    if not head:
        raise DataError(f"{path}: the file is empty, no workbook; export it again.")
    if _RE_HTML.match(head.lstrip(b"\xef\xbb\xbf")):
        raise DataError(f"{path}: an HTML page (as web tools export a table \"for Excel\"), not an .xlsx workbook; "
                        f"open it in Excel and save it as .xlsx (Excel Workbook), or export it as CSV.")
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise DataError(f"{path}: an XML Spreadsheet 2003, not an .xlsx workbook; open it in Excel and save it as "
                        f".xlsx (Excel Workbook), or export it as CSV.")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or not _RE_BINARY.search(head):  # (UTF-16 with its mark too)
        raise DataError(f"{path}: text, not an Excel workbook (a zip file); if it is a CSV, rename it to "
                        f"{path.with_suffix('.csv').name} and read that.")


def refuse_binary(path: Path, head: bytes) -> None:
    """A workbook or a Parquet file under a text name is refused in one line, not read as a column of bytes;
    so is a compressed file (``refuse_compressed``) and Office's lock file (``refuse_lock_file``)."""
    refuse_lock_file(path, head)
    refuse_ole2(path, head)
    refuse_compressed(path, head)
    for magic, what, suffix in _MAGIC:
        if head.startswith(magic):
            raise DataError(f"{path}: {what}; rename it to {path.with_suffix(suffix).name} and read that.")


def refuse_binary_file(path: Path) -> None:
    """``refuse_binary`` on the first bytes of the file at ``path`` (one that cannot be read is left to its reader)."""
    try:
        with open(path, "rb") as source:
            head = source.read(4096)
    except OSError:
        return
    refuse_binary(path, head)


def refuse_utf16(path: Path, head: bytes) -> None:
    """UTF-16 text (Excel's "Unicode text" export) without a BOM (with one, ``head`` is already UTF-8), read byte by
    byte, is noise with a NUL after each letter."""
    sample = head[:4096]
    if len(sample) >= 8 and sample.count(0) * 3 > len(sample):
        raise DataError(f"{path}: UTF-16 text without a byte-order mark, so its byte order is unknown; save it as "
                        f"\"CSV UTF-8\" (or as Excel's \"Unicode text\", which writes the mark) or as .xlsx and "
                        f"read that.")
