"""Read and write survey tables: CSV (any common encoding and separator), XLSX, Parquet, JSON Lines.

Readers stream in chunks so memory stays flat on large files; writers are atomic (a temporary file
in the target folder, renamed into place only when complete).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from .exceptions import DataError
from .schema import TEXT_COLUMN_CANDIDATES

CHUNK_ROWS = 20_000
FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
           ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
_SNIFF_BYTES = 256 * 1024
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once at import: os.umask can only be read by setting it


def file_format(path: str | Path) -> str:
    """'csv', 'xlsx', 'parquet' or 'jsonl' from the file extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise DataError(f"{path}: unsupported file type '{suffix}'; expected one of {sorted(FORMATS)}.")
    return FORMATS[suffix]


# -- CSV dialect ------------------------------------------------------------------------------
def _decode_line(raw: bytes) -> str:
    """UTF-8 if the bytes are UTF-8, else Windows-1252 (Spanish Excel), else Latin-1: never fails."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


class _MixedDecoder(io.TextIOBase):
    """A text stream over a binary file that decodes each line on its own, so a file with some
    UTF-8 and some cp1252 lines (several exports pasted together) still reads correctly."""

    def __init__(self, binary):
        self._binary = binary
        self._buffer = ""
        first = binary.read(3)
        if first != b"\xef\xbb\xbf":  # drop a UTF-8 BOM
            self._buffer = _decode_line(first + binary.readline()) if first else ""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> str:
        while size < 0 or len(self._buffer) < size:
            line = self._binary.readline()
            if not line:
                break
            self._buffer += _decode_line(line)
        if size < 0:
            size = len(self._buffer)
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def readline(self, size: int = -1) -> str:
        if "\n" not in self._buffer:
            self._buffer += _decode_line(self._binary.readline())
        cut = self._buffer.find("\n") + 1 or len(self._buffer)
        out, self._buffer = self._buffer[:cut], self._buffer[cut:]
        return out


def sniff_separator(path: str | Path) -> str:
    """The field separator of a CSV file: ',', ';', tab or '|'.

    The header line decides (column names rarely contain separators, while comments are full of
    commas); csv.Sniffer on the first lines breaks ties.
    """
    with open(path, "rb") as fh:
        sample = _decode_line(fh.read(_SNIFF_BYTES)).lstrip("\ufeff")
    lines = sample.splitlines()[:50]
    header = lines[0] if lines else ""
    counts = {sep: header.count(sep) for sep in ",;\t|"}
    best = max(counts.values())
    winners = [sep for sep, n in counts.items() if n == best]
    if best and len(winners) == 1:
        return winners[0]
    try:
        return csv.Sniffer().sniff("\n".join(lines[:-1] or lines), delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


# -- readers ----------------------------------------------------------------------------------
def iter_table(path: str | Path, *, chunk_rows: int = CHUNK_ROWS, sep: str | None = None) -> Iterator[pd.DataFrame]:
    """Yield the rows of a table file as DataFrames of at most ``chunk_rows`` rows, in order.

    CSV cells are read as text (``"007"`` stays ``"007"``, ``"N/A"`` stays ``"N/A"``) so that
    every input column passes through unchanged.
    """
    path = Path(path)
    kind = file_format(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file.")
    if kind == "csv":
        sep = sep or sniff_separator(path)
        with open(path, "rb") as binary:
            reader = pd.read_csv(_MixedDecoder(binary), sep=sep, dtype=str, keep_default_na=False,
                                 chunksize=chunk_rows, engine="c", on_bad_lines="error")
            try:
                yield from reader
            except pd.errors.ParserError as err:
                raise DataError(f"{path}: cannot parse as CSV with separator {sep!r}: {err}") from err
    elif kind == "xlsx":
        yield from _iter_xlsx(path, chunk_rows)
    elif kind == "parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk_rows):
            yield batch.to_pandas()
    else:
        try:
            yield from pd.read_json(path, lines=True, chunksize=chunk_rows, dtype=False)
        except ValueError as err:
            raise DataError(f"{path}: not valid JSON Lines (one JSON object per line): {err}") from err


def _iter_xlsx(path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return
        columns = [str(h) if h is not None else f"column_{i + 1}" for i, h in enumerate(header)]
        chunk = []
        width = len(columns)
        for row in rows:
            # read-only sheets drop trailing empty cells: pad so every row has every column
            chunk.append(tuple(row[:width]) + (None,) * (width - len(row)))
            if len(chunk) >= chunk_rows:
                yield pd.DataFrame(chunk, columns=columns)
                chunk = []
        if chunk:
            yield pd.DataFrame(chunk, columns=columns)
    finally:
        book.close()


def read_table(path: str | Path, **kwargs) -> pd.DataFrame:
    """The whole table at ``path`` as one DataFrame."""
    chunks = list(iter_table(path, **kwargs))
    return pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame()


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKD", str(name).strip().lower())
    return "".join(c for c in name if not unicodedata.combining(c)).replace(" ", "_")


def detect_text_column(columns, text: str | None = None) -> str:
    """The comment column: ``text`` if given (must exist), else the first common name found."""
    columns = list(columns)
    if text is not None:
        if text in columns:
            return text
        folded = {_fold(c): c for c in columns}
        if _fold(text) in folded:
            return folded[_fold(text)]
        raise DataError(f"Text column '{text}' not found; the file has columns {columns}.")
    folded = {_fold(c): c for c in columns}
    for candidate in TEXT_COLUMN_CANDIDATES:
        if candidate in folded:
            return folded[candidate]
    for candidate in TEXT_COLUMN_CANDIDATES:  # 'Comentario final', 'comentario_nps'...
        for key, original in folded.items():
            if key.startswith(candidate) or key.endswith(candidate):
                return original
    raise DataError(f"Could not find the comment column among {columns}; name it with --text "
                    f"(looked for {list(TEXT_COLUMN_CANDIDATES[:8])} ...).")


# -- writers ----------------------------------------------------------------------------------
@contextlib.contextmanager
def atomic_path(target: str | Path, *, protect: tuple = ()):
    """Yield a temporary path beside ``target``; move it onto ``target`` only if the block succeeds."""
    target = Path(target)
    for other in protect:
        if other is not None and Path(other).resolve() == target.resolve():
            raise DataError(f"Output {target} is the input file; choose another output path.")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        # mkstemp creates the file private (0600); give it the mode a plain open() would have.
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class TableWriter:
    """Append DataFrame chunks to a file whose format follows its extension; use inside ``atomic_path``."""

    def __init__(self, path: Path, kind: str, *, sep: str = ",", encoding: str = "utf-8-sig"):
        self.path, self.kind, self.sep, self.encoding = Path(path), kind, sep, encoding
        self._started = False
        self._handle = None

    def write(self, chunk: pd.DataFrame) -> None:
        if self.kind == "csv":
            chunk.to_csv(self.path, sep=self.sep, index=False, header=not self._started,
                         mode="a" if self._started else "w",
                         encoding=self.encoding if not self._started else "utf-8")
        elif self.kind == "jsonl":
            with open(self.path, "a" if self._started else "w", encoding="utf-8") as fh:
                chunk.to_json(fh, orient="records", lines=True, force_ascii=False)
        elif self.kind == "parquet":
            self._write_parquet(chunk)
        else:
            self._write_xlsx(chunk)
        self._started = True

    def _write_parquet(self, chunk: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._handle is None:
            table = pa.Table.from_pandas(chunk, preserve_index=False)
            # Columns that are all empty in the first chunk would be typed null; text keeps later chunks valid.
            fields = [pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in table.schema]
            self._schema = pa.schema(fields)
            self._handle = pq.ParquetWriter(self.path, self._schema)
        self._handle.write_table(pa.Table.from_pandas(chunk, schema=self._schema, preserve_index=False))

    def _write_xlsx(self, chunk: pd.DataFrame) -> None:
        import openpyxl

        if self._handle is None:
            self._handle = openpyxl.Workbook(write_only=True)
            self._sheet = self._handle.create_sheet()
            self._sheet.append([str(c) for c in chunk.columns])
        for row in chunk.itertuples(index=False):
            self._sheet.append([None if (v is None or (isinstance(v, float) and v != v)) else v for v in row])

    def close(self) -> None:
        if self.kind == "parquet" and self._handle is not None:
            self._handle.close()
        elif self.kind == "xlsx" and self._handle is not None:
            self._handle.save(self.path)
        elif not self._started and self.kind in ("csv", "jsonl"):
            self.path.write_text("", encoding="utf-8")


def write_table(frame: pd.DataFrame, path: str | Path, *, sep: str = ",") -> Path:
    """Write ``frame`` to ``path`` atomically, in the format of its extension."""
    path = Path(path)
    with atomic_path(path) as tmp:
        writer = TableWriter(tmp, file_format(path), sep=sep)
        writer.write(frame)
        writer.close()
    return path
