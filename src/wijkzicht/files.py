"""Atomic file writes: a reader never sees a half-written file.

Each writer writes to a temporary file beside the target and renames it over the target
(`os.replace`, atomic on one file system). A run killed mid-write leaves the old file or no
file, plus at most a `<stem>.tmp<suffix>` that nothing reads; Snakemake marks the job's outputs
incomplete and `make run` redoes the job (see `wijkzicht.pipeline.run`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

# how the pipeline's own Parquet files (typed inputs, narrowed tables, reach, linked
# registrations) are compressed: zstd at level 1, where DuckDB's default is level 3. Measured
# on the 2 M world's address table (2.8 M rows, one thread): 1.24 s against 1.71 s to write,
# 29.1 MB against 32.5 MB, the same time to read (docs/BENCHMARKS.md, "1 December 2026").
PARQUET_OPTIONS = "FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1"


@contextmanager
def atomic(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path` (same suffix, so libraries that choose a format by
    suffix still do); on success it replaces `path`, on an error it is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.stem}.tmp{path.suffix}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes(data: bytes, path: str | Path) -> None:
    """Write `data` to `path` atomically, creating the parent folder."""
    with atomic(path) as tmp:
        tmp.write_bytes(data)


def write_text(text: str, path: str | Path) -> None:
    """Write `text` as UTF-8 to `path` atomically."""
    write_bytes(text.encode("utf-8"), path)


def write_parquet(df, path: str | Path) -> None:
    """Write a pandas frame as Parquet (no index) to `path` atomically."""
    with atomic(path) as tmp:
        df.to_parquet(tmp, index=False)


def write_query(con: duckdb.DuckDBPyConnection, query: str, path: str | Path) -> None:
    """Write the rows of the SQL `query` on DuckDB connection `con` to `path` as Parquet
    (`PARQUET_OPTIONS`), atomically. The rows keep the query's order (an ORDER BY in `query`
    decides it). Raises duckdb.Error when the query fails; the old file, if any, stays."""
    with atomic(path) as tmp:
        quoted = str(tmp).replace("'", "''")
        con.execute(f"COPY ({query}) TO '{quoted}' ({PARQUET_OPTIONS})")
