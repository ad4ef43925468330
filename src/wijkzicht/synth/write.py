"""Write a generated world to disk as Parquet, CSV or SPSS `.sav`, in the pipeline's layout.

Layout: ``root/<TABLE>/<TABLE><YEAR>.<ext>`` for per-year tables and ``root/<TABLE>/<TABLE>.<ext>``
otherwise. Every file is written under a temporary name in the same directory and renamed into
place, so an interrupted run never leaves a half-written file under the final name. Parquet and
CSV output is byte-identical for identical frames (fixed row order, no index, fixed options).

CSV deliberately varies the way real extracts do, so that the reader is exercised: the municipal
registrations and the survey use ``;`` and latin-1, the CBS tables ``,`` and UTF-8 (all values
are ASCII, so the encodings give the same bytes). Missing values are empty fields.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from wijkzicht.inputs.contracts import TABLES

EXTENSIONS = {"parquet": "parquet", "csv": "csv", "sav": "sav"}
# (separator, encoding) per table in CSV; tables not listed use ',' and UTF-8.
CSV_DIALECT = {
    "GEMWMOVOORZIENINGEN": (";", "latin-1"),
    "GEMBUURTTEAM": (";", "latin-1"),
    "GEZOMONITOR": (";", "latin-1"),
    "INHATAB": (";", "utf-8"),
    "KOPPELPERSOONHUISHOUDEN": (";", "utf-8"),
}


def split_stem(stem: str) -> tuple[str, int | None]:
    """'MEDICIJNTAB2019' -> ('MEDICIJNTAB', 2019); 'GBAPERSOONTAB' -> ('GBAPERSOONTAB', None)."""
    if stem in TABLES:
        return stem, None
    m = re.fullmatch(r"(.+?)(\d{4})", stem)
    if not m or m.group(1) not in TABLES:
        raise ValueError(f"{stem!r} is not a table of the input contract (or a table plus a year)")
    return m.group(1), int(m.group(2))


def _write_parquet(df: pd.DataFrame, path: Path, table: str) -> None:
    t = pa.Table.from_pandas(df, preserve_index=False)
    pq.write_table(t, path, compression="zstd", write_statistics=True)


def _write_csv(df: pd.DataFrame, path: Path, table: str) -> None:
    sep, encoding = CSV_DIALECT.get(table, (",", "utf-8"))
    df.to_csv(path, sep=sep, encoding=encoding, index=False, na_rep="", lineterminator="\n")


def _write_sav(df: pd.DataFrame, path: Path, table: str) -> None:
    import pyreadstat

    out = {}
    for name in df.columns:
        s = df[name]
        if pd.api.types.is_numeric_dtype(s.dtype):
            out[name] = s.to_numpy(dtype=float, na_value=np.nan)
        else:
            out[name] = s.astype(object).where(s.notna(), "").to_numpy(dtype=object)
    pyreadstat.write_sav(pd.DataFrame(out), str(path))


_WRITERS = {"parquet": _write_parquet, "csv": _write_csv, "sav": _write_sav}


def write_world(
    tables: dict[str, pd.DataFrame],
    root: Path | str,
    fmt: str = "parquet",
    extra: Iterable[tuple[str, pd.DataFrame | pa.Table]] | None = None,
) -> list[Path]:
    """Write every table of a generated world under `root`; returns the written paths (sorted).

    `fmt` is 'parquet', 'csv' or 'sav'. Existing files of the same name are replaced atomically.
    `extra`: pairs (stem, DataFrame or Arrow table) appended, in the order given, after the
    rows of ``tables[stem]`` (its columns, cast to its types): the persons living elsewhere
    (``synth.elsewhere``), streamed so that they need not fit in memory: Parquet gets a row
    group per pair, CSV appended lines; SPSS `.sav` cannot be appended to, so there they are
    collected and written at the end (memory of the whole table). Without `extra` (or an empty
    one) the files are byte-identical to a world written without it. Raises ValueError for a
    stem not in `tables`.
    """
    if fmt not in _WRITERS:
        raise ValueError(f"unknown format {fmt!r}; choose from {sorted(_WRITERS)}")
    if extra is not None:
        extra = iter(extra)
        first = next(extra, None)
        if first is not None:
            return _write_appending(tables, Path(root), fmt, itertools.chain([first], extra))
    root = Path(root)
    written = []
    for stem in sorted(tables):
        table, _ = split_stem(stem)
        folder = root / table
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stem}.{EXTENSIONS[fmt]}"
        tmp = folder / f".{stem}.{EXTENSIONS[fmt]}.tmp"
        try:
            _WRITERS[fmt](tables[stem], tmp, table)
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
        written.append(path)
    return written


class _Appender:
    """One file of the world being written with rows appended: the table's own rows first."""

    def __init__(self, df: pd.DataFrame, path: Path, table: str, fmt: str):
        self.columns, self.fmt, self.table = list(df.columns), fmt, table
        self.path = path
        self.tmp = path.parent / f".{path.name}.tmp"
        self.parts: list[pd.DataFrame] = []
        t = pa.Table.from_pandas(df, preserve_index=False)
        self.schema = t.schema
        if fmt == "parquet":
            self.writer = pq.ParquetWriter(
                self.tmp, t.schema, compression="zstd", write_statistics=True
            )
            self.writer.write_table(t)
        elif fmt == "csv":
            self.sep, encoding = CSV_DIALECT.get(table, (",", "utf-8"))
            self.out = open(self.tmp, "w", encoding=encoding, newline="")  # noqa: SIM115
            self._csv(df, header=True)
        else:
            self.parts.append(df)

    def _csv(self, df: pd.DataFrame, header: bool) -> None:
        df.to_csv(
            self.out, sep=self.sep, index=False, na_rep="", lineterminator="\n", header=header
        )

    def append(self, rows: pd.DataFrame | pa.Table) -> None:
        names = rows.column_names if isinstance(rows, pa.Table) else list(rows.columns)
        missing = sorted(set(self.columns) - set(names))
        if missing:
            raise ValueError(f"rows appended to {self.table} lack columns {missing}")
        if isinstance(rows, pd.DataFrame):
            rows = pa.Table.from_pandas(rows[self.columns], preserve_index=False)
        rows = rows.select(self.columns).cast(self.schema.remove_metadata())
        if self.fmt == "parquet":
            self.writer.write_table(rows)
            return
        df = rows.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
        if self.fmt == "csv":
            self._csv(df, header=False)
        else:
            self.parts.append(df)

    def close(self) -> None:
        if self.fmt == "parquet":
            self.writer.close()
        elif self.fmt == "csv":
            self.out.close()
        else:
            _write_sav(pd.concat(self.parts, ignore_index=True), self.tmp, self.table)
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        handle = {"parquet": "writer", "csv": "out"}.get(self.fmt)
        if handle and hasattr(self, handle):
            with contextlib.suppress(Exception):
                getattr(self, handle).close()
        self.tmp.unlink(missing_ok=True)


def _write_appending(tables, root: Path, fmt: str, extra) -> list[Path]:
    """write_world with rows appended: every file open at once under a temporary name, renamed
    into place when all rows are written."""
    files: dict[str, _Appender] = {}
    try:
        for stem in sorted(tables):
            table, _ = split_stem(stem)
            folder = root / table
            folder.mkdir(parents=True, exist_ok=True)
            files[stem] = _Appender(tables[stem], folder / f"{stem}.{EXTENSIONS[fmt]}", table, fmt)
        for stem, df in extra:
            if stem not in files:
                raise ValueError(f"rows for {stem!r}, which is not a table of the world")
            files[stem].append(df)
        for f in files.values():
            f.close()
    except BaseException:
        for f in files.values():
            f.discard()
        raise
    return sorted(f.path for f in files.values())
