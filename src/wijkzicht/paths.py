"""Where the pipeline writes what; one place, so rules, scripts and tests agree."""

from __future__ import annotations

INTERNAL = "results/internal"
EXPORT = "results/export"


def validated(table: str, year: int | None = None) -> str:
    if year is None:
        return f"{INTERNAL}/validated/{table}.parquet"
    return f"{INTERNAL}/validated/{table}/{table}{year}.parquet"
