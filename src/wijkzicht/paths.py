"""Where the pipeline writes what; one place, so rules, scripts and tests agree."""

from __future__ import annotations

INTERNAL = "results/internal"
EXPORT = "results/export"


def validated(table: str, year: int | None = None) -> str:
    if year is None:
        return f"{INTERNAL}/validated/{table}.parquet"
    return f"{INTERNAL}/validated/{table}/{table}{year}.parquet"


def narrowed(table: str, year: int | str, previous: bool = False) -> str:
    """Year t's copy of a validated table narrowed to what year t's jobs reach
    (`wijkzicht.population.reach`); `previous`: the table of year t-1, narrowed to year t's reach."""
    sub = "/previous" if previous else ""
    return f"{INTERNAL}/narrowed/{year}{sub}/{table}.parquet"


def reach(year: int | str) -> str:
    """The persons year t reaches, with their roles (written by the narrow job of year t)."""
    return f"{INTERNAL}/narrowed/{year}/reach.parquet"
