"""DuckDB connections sized to the job that opens them: one place for threads, memory and spilling.

Every DuckDB connection of the pipeline is opened with `connect()`. A rule script runs under
`wijkzicht.pipeline.snake.run`, which calls `job_resources()` with the job's `threads` and
`resources.mem_mb` (declared on the rule from `config["resources"]`) and a temporary folder
of its own under the job's `resources.tmpdir`; every connection the job then opens gets

- `threads` = the job's threads (Snakemake scales them down to `--cores`; SLURM reserves them
  with `--cpus-per-task`),
- `memory_limit` = `DUCKDB_SHARE` of the job's `mem_mb` (the rest is left to pandas and
  Python: DuckDB's limit bounds its own buffers, not the process), so jobs that run side by side
  stay within the sum of their `mem_mb`,
- `temp_directory` = the job's folder, where DuckDB spills what does not fit in memory.

Outside a job (tests, notebooks) `connect()` opens a connection with DuckDB's own defaults
(all cores, 80% of the memory), unless `job_resources()` was called.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

# DuckDB's share of a job's memory; the rest is for the pandas frames the job holds
DUCKDB_SHARE = 0.75

_JOB: dict[str, object] = {}


def job_resources(
    threads: int | None, mem_mb: int | float | None, temp_directory: str | Path | None
) -> dict[str, object]:
    """Set the DuckDB settings of every later `connect()` of this process from a job's
    resources: `threads` (>= 1), `mem_mb` (megabytes, 10^6 bytes, as Snakemake counts them) and
    the spill folder. A None leaves DuckDB's default. Returns the settings."""
    _JOB.clear()
    if threads is not None:
        _JOB["threads"] = max(1, int(threads))
    if mem_mb is not None:
        _JOB["memory_limit"] = f"{max(1, int(float(mem_mb) * DUCKDB_SHARE))}MB"
    if temp_directory is not None:
        _JOB["temp_directory"] = str(temp_directory)
    return dict(_JOB)


def connect(**settings: object) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the job's threads, memory limit and spill folder
    (see `job_resources`); `settings` (DuckDB configuration options, e.g. a
    `temp_directory` of the caller's own) override them."""
    import duckdb  # here: every job imports this module (pipeline.snake), not every job queries

    con = duckdb.connect(config={**_JOB, **settings})
    con.execute("SET enable_progress_bar = false")
    return con


def literal(text: str | Path) -> str:
    """`text` (a value or a file path) as an SQL string literal: in single quotes, a quote
    doubled ("it's" -> 'it''s'), for the queries the pipeline builds as text."""
    return "'" + str(text).replace("'", "''") + "'"
