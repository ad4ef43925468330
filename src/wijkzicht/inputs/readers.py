"""Open one input file (Parquet, CSV or SPSS .sav) as a DuckDB view, reading the whole file
under one set of rules.

Nothing is decided from a sample of rows, so a later row cannot break what was decided:

- CSV: the encoding is decided over the whole file (UTF-8, else Windows-1252, else latin-1;
  a byte-order mark says UTF-8 or UTF-16), the delimiter from the header line (`;`, `,`, tab or
  `|`), and RFC 4180 quoting is always allowed (a field in double quotes may hold the delimiter,
  a line break or a doubled quote). Every field is read as text. A gzip-compressed file is
  read as the CSV it holds. In a `;` file a decimal comma is a decimal separator.
- SPSS: read with its metadata. A variable with a date or datetime format (DATE, ADATE, EDATE,
  SDATE, JDATE, DATETIME, ...: seconds since 14 October 1582) becomes a date; user-missing
  values are missing; value labels are not applied (codes stay codes); strings are read whole.
- Parquet: read as stored.

Every failure names the user's file (never a temporary copy): `ReadError` carries the lines
of the message and `wijkzicht.inputs.ingest` puts the table and file in front of them.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from wijkzicht.errors import WijkzichtError

CSV_SUFFIXES = (".csv", ".csv.gz", ".txt", ".tsv")
SAV_SUFFIXES = (".sav", ".zsav")
PARQUET_SUFFIXES = (".parquet", ".pq")
FORMATS = (".parquet", ".csv", ".sav")
CHUNK = 1 << 20
csv.field_size_limit(1 << 30)  # a free-text field may be long; DuckDB's limit is not lower
DELIMITERS = (";", ",", "\t", "|")

# SPSS formats whose values are seconds since 1582-10-14 and mean a date (or a moment)
SPSS_DATE_FORMAT = re.compile(
    r"(DATE|ADATE|EDATE|JDATE|SDATE|QYR|MOYR|WKYR|DATETIME|YMDHMS)\d*(\.\d+)?"
)
SPSS_EPOCH_TO_UNIX_DAYS = 141428  # days from 1582-10-14 to 1970-01-01

MAGIC = (
    (b"PAR1", "a Parquet file"),
    (b"$FL2", "an SPSS .sav file"),
    (b"$FL3", "an SPSS .zsav file"),
    (b"PK\x03\x04", "a zip archive (an Excel workbook?)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel or Word file"),
    (b"\x1f\x8b", "gzip-compressed"),
)


class ReadError(WijkzichtError, ValueError):
    """A file that cannot be read as its format; `lines` say why (the caller names the table)."""

    def __init__(self, *lines: str):
        super().__init__("\n".join(lines))
        self.lines = list(lines)


@dataclass
class Source:
    """An opened input file: DuckDB view `raw_file` reads it; `storage` says how each file
    column is stored ('text', 'number' or 'date')."""

    path: Path  # the user's file: every message names it
    fmt: str  # parquet, csv or sav
    read_path: Path  # what DuckDB reads: the file itself or a converted copy in a temp folder
    storage: dict[str, str] = field(default_factory=dict)
    delimiter: str | None = None
    encoding: str | None = None
    compressed: bool = False
    duplicates: list[str] = field(default_factory=list)  # column names given more than once
    notes: list[str] = field(default_factory=list)

    @property
    def decimal_comma(self) -> bool:
        """In a `;`-separated file a decimal comma is a decimal separator (as Dutch Excel writes)."""
        return self.fmt == "csv" and self.delimiter == ";"

    def describe(self) -> str:
        if self.fmt != "csv":
            return self.fmt
        parts = [f"delimiter {self.delimiter!r}", f"encoding {self.encoding}"]
        if self.compressed:
            parts.append("gzip-compressed")
        return "csv (" + ", ".join(parts) + ")"


def _magic(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(8)


def _what_it_is(head: bytes) -> str | None:
    for magic, what in MAGIC:
        if head.startswith(magic):
            return what
    return None


def file_format(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(CSV_SUFFIXES) or name.endswith(".gz"):
        return "csv"
    if name.endswith(SAV_SUFFIXES):
        return "sav"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    raise ReadError(
        f"  unknown format {path.suffix!r}: expected a file ending in one of "
        f"{', '.join(FORMATS)} (the format is taken from the file name)."
    )


def check_file(path: Path) -> None:
    """The path is an existing, non-empty regular file."""
    if not path.exists():
        raise ReadError("  the file does not exist.")
    if path.is_dir():
        raise ReadError("  this is a directory, where a file was expected.")
    if not path.is_file():
        raise ReadError("  this is not a regular file.")
    try:
        size = path.stat().st_size
        with open(path, "rb"):
            pass
    except OSError as err:
        raise ReadError(f"  the file cannot be opened: {err.strerror or err}.") from err
    if size == 0:
        raise ReadError("  the file is empty (0 bytes): expected at least a header line.")


def open_source(con: duckdb.DuckDBPyConnection, path: Path, tmpdir: Path) -> Source:
    """Open `path` as view `raw_file` on `con`; a converted copy, if one is needed, goes to tmpdir."""
    check_file(path)
    fmt = file_format(path)
    head = _magic(path)
    what = _what_it_is(head)
    if fmt == "csv":
        if what and what != "gzip-compressed":
            raise ReadError(
                f"  the file name says CSV, but the file is {what}. Give it the extension of "
                f"its format ({', '.join(FORMATS)}) or export it as CSV text."
            )
        src = _open_csv(con, path, tmpdir, compressed=what == "gzip-compressed")
    elif fmt == "sav":
        if not head.startswith((b"$FL2", b"$FL3")):
            raise ReadError(
                f"  the file name says SPSS .sav, but the file is {what or 'not an SPSS file'}."
            )
        src = _open_sav(con, path, tmpdir)
    else:
        if not head.startswith(b"PAR1"):
            raise ReadError(
                f"  the file name says Parquet, but the file is "
                f"{what or 'not a Parquet file (it may be text, e.g. CSV)'}."
            )
        src = Source(path, "parquet", path)
        try:
            con.read_parquet(str(path)).create_view("raw_file")
        except duckdb.Error as err:
            raise ReadError(f"  the file cannot be read as Parquet: {first_line(err)}") from err
    src.storage = _storage(con)
    return src


def first_line(err: BaseException) -> str:
    """The first informative line of a library error (DuckDB adds advice and its options)."""
    text = str(err).strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return type(err).__name__
    out = lines[0]
    for prefix in ("Invalid Input Error: ", "IO Error: ", "Conversion Error: "):
        out = out.removeprefix(prefix)
    return out


def _storage(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    out = {}
    for name, dtype, *_ in con.execute("DESCRIBE raw_file").fetchall():
        out[name] = storage_class(dtype)
    return out


NUMERIC = re.compile(r"(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|REAL|DECIMAL.*)")


def storage_class(dtype: str) -> str:
    d = dtype.upper()
    if NUMERIC.fullmatch(d):
        return "number"
    if d == "DATE" or d.startswith("TIMESTAMP"):
        return "date"
    return "text"


# --------------------------------------------------------------------------- CSV


def _raw_stream(path: Path, compressed: bool):
    return gzip.open(path, "rb") if compressed else open(path, "rb")


def _decodes(path: Path, compressed: bool, encoding: str) -> tuple[bool, int]:
    """Whether the whole file decodes as `encoding`; else the line of the first bad byte."""
    dec = codecs.getincrementaldecoder(encoding)("strict")
    line = 1
    try:
        with _raw_stream(path, compressed) as fh:
            while chunk := fh.read(CHUNK):
                try:
                    dec.decode(chunk)
                except UnicodeDecodeError as err:
                    return False, line + chunk[: err.start].count(b"\n")
                line += chunk.count(b"\n")
            dec.decode(b"", final=True)
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        raise ReadError(f"  the gzip-compressed file cannot be read whole: {err}.") from err
    except UnicodeDecodeError:
        return False, line
    return True, 0


def _encoding(path: Path, compressed: bool) -> str:
    """The encoding of the whole file: a byte-order mark decides, else UTF-8 if every byte is
    valid UTF-8, else Windows-1252 (what Dutch Excel writes), else latin-1."""
    with _raw_stream(path, compressed) as fh:
        head = fh.read(4)
    if head.startswith(codecs.BOM_UTF8):
        enc = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        enc = "utf-16"
    else:
        ok, _ = _decodes(path, compressed, "utf-8")
        if ok:
            return "utf-8"
        ok, _ = _decodes(path, compressed, "cp1252")
        return "cp1252" if ok else "latin-1"
    ok, line = _decodes(path, compressed, enc)
    if not ok:
        raise ReadError(
            f"  line {line}: not valid {enc.replace('-sig', '')} although the file starts with "
            f"a {enc.replace('-sig', '')} byte-order mark."
        )
    return enc


def _transcode(path: Path, compressed: bool, encoding: str, dest: Path) -> Path:
    """A UTF-8 copy without byte-order mark (DuckDB reads UTF-8); newlines kept as they are."""
    with (
        _raw_stream(path, compressed) as raw,
        io.TextIOWrapper(raw, encoding=encoding, newline="") as src,
        open(dest, "w", encoding="utf-8", newline="") as out,
    ):
        shutil.copyfileobj(src, out, CHUNK)
    return dest


def _delimiter(header: str) -> str:
    """The delimiter from the header line: the candidate found most often outside quotes."""
    bare = re.sub(r'"[^"]*"', "", header)
    counts = {d: bare.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header(read_path: Path) -> tuple[list[str], str]:
    with open(read_path, encoding="utf-8", newline="") as fh:
        first = fh.readline()
        if not first.strip():
            raise ReadError("  line 1: the header line is empty; expected the column names.")
        delim = _delimiter(first.rstrip("\r\n"))
        fh.seek(0)
        try:
            names = next(csv.reader(fh, delimiter=delim, quotechar='"', strict=True))
        except (csv.Error, StopIteration) as err:
            raise ReadError(f"  line 1: the header line cannot be read: {err}.") from err
    return names, delim


def _column_names(names: list[str], src: Source) -> list[str]:
    out, seen = [], {}
    for i, raw in enumerate(names, 1):
        name = raw.strip() or f"column{i}"
        key = name.lower()
        if key in seen:
            src.duplicates.append(name)
            name = f"{name}__{i}"
        seen[key] = True
        out.append(name)
    return out


def _open_csv(con, path: Path, tmpdir: Path, compressed: bool) -> Source:
    src = Source(path, "csv", path, compressed=compressed)
    src.encoding = _encoding(path, compressed)
    if compressed or src.encoding != "utf-8":
        src.read_path = _transcode(path, compressed, src.encoding, tmpdir / "input.utf8.csv")
    names, src.delimiter = _header(src.read_path)
    columns = _column_names(names, src)
    _csv_view(con, src, columns)
    return src


def _csv_view(con, src: Source, columns: list[str]) -> None:
    con.read_csv(
        str(src.read_path),
        header=True,
        sep=src.delimiter,
        quotechar='"',
        escapechar='"',
        columns={c: "VARCHAR" for c in columns},
        auto_detect=False,
    ).create_view("raw_file", replace=True)


def recover_csv(con, src: Source, err: BaseException, tmpdir: Path) -> None:
    """DuckDB could not read the CSV. Read it with Python's csv module, which says exactly
    where a record breaks the format; a file it reads whole (e.g. mixed line endings) is
    rewritten as clean UTF-8 CSV and opened again."""
    n_fields = len(con.execute("DESCRIBE raw_file").fetchall())
    clean = tmpdir / "input.clean.csv"
    with (
        open(src.read_path, encoding="utf-8", newline="") as fh,
        open(clean, "w", encoding="utf-8", newline="") as out,
    ):
        reader = csv.reader(fh, delimiter=src.delimiter, quotechar='"', strict=True)
        writer = csv.writer(out, delimiter=src.delimiter, quotechar='"', lineterminator="\n")
        last_line, row = 0, -1  # the header is row 0
        try:
            for record in reader:
                if not record:  # a blank line
                    last_line = reader.line_num
                    continue
                row += 1
                if len(record) != n_fields:
                    lines = f"{last_line + 1}" + (
                        f"-{reader.line_num}" if reader.line_num > last_line + 1 else ""
                    )
                    raise ReadError(
                        f"  line {lines} (data row {row}): {len(record)} field(s), expected "
                        f"{n_fields} as in the header line (delimiter {src.delimiter!r}; a field "
                        f"holding the delimiter must be in double quotes).",
                        f"  the line reads: {_clip(record, src.delimiter)}",
                    )
                writer.writerow(record)
                last_line = reader.line_num
        except csv.Error as cerr:
            raise ReadError(
                f"  line {last_line + 1}: the quoting is broken ({cerr}); expected RFC 4180 "
                f"quoting: a quoted field ends with a double quote followed by the delimiter "
                f"or the line end, a quote inside a quoted field is written twice."
            ) from cerr
    src.read_path = clean
    src.notes.append(f"read with Python's csv module after DuckDB failed: {first_line(err)}")
    _csv_view(con, src, [r[0] for r in con.execute("DESCRIBE raw_file").fetchall()])


def _clip(record: list[str], delim: str, n: int = 200) -> str:
    text = delim.join(record)
    return repr(text if len(text) <= n else text[:n] + "...")


def csv_lines(src: Source, rows: list[int]) -> dict[int, int]:
    """The line number on which each data row (1-based) starts, for messages about a CSV."""
    want, out = sorted(set(rows)), {}
    if not want or src.fmt != "csv":
        return out
    with open(src.read_path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter=src.delimiter, quotechar='"')
        next(reader, None)
        start, row = reader.line_num + 1, 0
        for record in reader:
            if record:
                row += 1
                if row in want:
                    out[row] = start
                    if row == want[-1]:
                        break
            start = reader.line_num + 1
    return out


# --------------------------------------------------------------------------- SPSS


def _open_sav(con, path: Path, tmpdir: Path) -> Source:
    import pyreadstat

    try:
        _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    except Exception as err:  # pyreadstat raises its own errors for broken files
        raise ReadError(f"  the file cannot be read as SPSS: {first_line(err)}") from err
    dest = tmpdir / "input.parquet"
    _sav_to_parquet(path, meta, dest)
    src = Source(path, "sav", dest)
    dates = [n for n, f in meta.original_variable_types.items() if _is_date_format(f)]
    if dates:
        src.notes.append("SPSS date variables read as dates: " + ", ".join(dates))
    con.read_parquet(str(dest)).create_view("raw_file")
    return src


def _is_date_format(fmt: str | None) -> bool:
    return bool(fmt) and bool(SPSS_DATE_FORMAT.fullmatch(fmt.upper()))


def _sav_to_parquet(path: Path, meta, dest: Path) -> None:
    """Convert in chunks (a large file never sits in memory whole), with a schema from the
    metadata: strings stay strings, date-formatted numbers become dates, other numbers doubles."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    import pyreadstat

    kinds = {}
    for name in meta.column_names:
        if meta.readstat_variable_types.get(name) == "string":
            kinds[name] = pa.string()
        elif _is_date_format(meta.original_variable_types.get(name)):
            kinds[name] = pa.date32()
        else:
            kinds[name] = pa.float64()
    schema = pa.schema([(n, t) for n, t in kinds.items()])
    writer = pq.ParquetWriter(str(dest), schema)
    try:
        chunks = pyreadstat.read_file_in_chunks(
            pyreadstat.read_sav, str(path), chunksize=500_000, disable_datetime_conversion=True
        )
        n = 0
        for chunk, _meta in chunks:
            arrays = []
            for name, kind in kinds.items():
                s = chunk[name]
                if kind == pa.string():
                    vals = [None if not isinstance(v, str) else v for v in s.tolist()]
                    arrays.append(pa.array(vals, pa.string()))
                elif kind == pa.date32():
                    sec = s.to_numpy(dtype=float, na_value=np.nan)
                    ok = np.isfinite(sec)
                    days = np.zeros(len(sec), dtype=np.int64)
                    days[ok] = np.floor(sec[ok] / 86400).astype(np.int64) - SPSS_EPOCH_TO_UNIX_DAYS
                    arrays.append(pa.array(days.astype(np.int32), pa.date32(), mask=~ok))
                else:
                    x = s.to_numpy(dtype=float, na_value=np.nan)
                    arrays.append(pa.array(x, pa.float64(), mask=np.isnan(x)))
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            n += len(chunk)
        if n == 0:
            writer.write_table(schema.empty_table())
    except ReadError:
        raise
    except Exception as err:
        raise ReadError(f"  the file cannot be read as SPSS: {first_line(err)}") from err
    finally:
        writer.close()
