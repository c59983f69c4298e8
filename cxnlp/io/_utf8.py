"""A file's bytes as UTF-8, whatever encoding it was saved in: UTF-16 or UTF-32 text with a byte-order mark
transcoded as it is read, any other line decoded as UTF-8, Windows-1252 or Latin-1. Kept apart from
``_records``, which splits the text into records, because ``_sniff`` and ``delimited`` read files through it
too."""

from __future__ import annotations

import codecs

from ..exceptions import UnreadDataWarning, warn_outside

UTF8_BOM = b"\xef\xbb\xbf"
#: The byte-order marks of UTF-16 text, as Excel's "Unicode text" writes it: a file that starts with one is read
#: as UTF-16 (without one, UTF-16 is refused: nothing says which bytes are which).
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: The byte-order marks of UTF-32 text, read as UTF-32 (UTF-32 LE's starts as UTF-16 LE's: looked for first).
UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def decode_line(raw: bytes) -> str:
    """UTF-8 if the bytes are UTF-8, else Windows-1252 (Spanish Excel), else Latin-1: never fails."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def open_utf8(path, *, warn_cut: bool = False):
    """The bytes of the file at ``path`` as UTF-8 (a binary file to read): a UTF-16 or UTF-32 file with a BOM is
    decoded block by block as it is read (memory stays flat), any other file is given as it is. ``warn_cut``: a
    ``UnreadDataWarning`` for such a file's cut last character (``_Utf8FromUtf16``), where the whole file is read
    (not for a sample of it, which would say it twice)."""
    binary = open(path, "rb")
    head = binary.read(4)
    binary.seek(0)
    if head in UTF32_BOMS:
        return _Utf8FromUtf16(binary, "utf-32", path if warn_cut else None)
    if head[:2] in UTF16_BOMS:
        return _Utf8FromUtf16(binary, "utf-16", path if warn_cut else None)
    return binary


class _Utf8FromUtf16:
    """A UTF-16 (or UTF-32) binary file read as UTF-8 bytes, starting with UTF-8's BOM where UTF-16's was (the
    BOM says the byte order); characters UTF-16 cannot hold (a lone surrogate) become U+FFFD. The bytes after the
    last whole character (an odd byte: a file cut short by a copy, or a stray byte at its end) are left out, not
    read as U+FFFD, which after the last line break was a row of its own; ``path`` (if given) is named in a
    ``UnreadDataWarning`` that says so."""

    def __init__(self, binary, encoding: str = "utf-16", path=None):
        self.binary, self.encoding, self.path = binary, encoding, path
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self.pending = bytearray()
        self.started = False

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.pending) < size:
            block = self.binary.read(max(size, 1 << 16))
            if not block and (cut := self.decoder.getstate()[0]):
                self.decoder.reset()
                if self.path is not None:
                    last = "its last byte is" if len(cut) == 1 else f"its last {len(cut)} bytes are"
                    warn_outside(f"{self.path}: {last} no whole {self.encoding.upper()} character (the file was cut "
                                 f"short, or has a stray byte at its end) and left out; check that its last row is "
                                 f"whole.", UnreadDataWarning)
            text = self.decoder.decode(block, final=not block)
            if not self.started:  # (in a file of the BOM alone too: ``text_pieces`` read no BOM, then could not seek)
                text, self.started = text.lstrip("\ufeff"), True
                self.pending += UTF8_BOM
            self.pending += text.encode("utf-8")
            if not block:
                break
        size = len(self.pending) if size < 0 else size
        out = bytes(self.pending[:size])
        del self.pending[:size]
        return out

    def close(self) -> None:
        self.binary.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
