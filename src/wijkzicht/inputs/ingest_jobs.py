"""The ingest jobs: which tables each job validates, and the job's loop over them.

A job is one process for several tables, so that the cost of starting a job (Python, pandas,
DuckDB, about a second of CPU) is paid once per job instead of once per table:

- rule `ingest`: one job for every national keyed table (not per year, not the wide
  VSLGWBTAB, not an unkeyed registration: those are read by `ingest_unkeyed`);
- rules `ingest_year` and `ingest_wave`: one job per year for every per-year table of that
  year; `ingest_wave` is the job of a year with a survey wave (GEZOMONITOR besides), as a
  rule's outputs cannot depend on the year;
- rule `ingest_wide`: one job per wide table (VSLGWBTAB) and year, its columns of that year.
  Not in the year's job: a corrected per-year table (a new MEDICIJNTAB2021) reruns the job of
  its year, which rewrites that year's tables, and the linkage model reads the addresses of
  the training years (VSLGWBTAB); in one job with them, every year's links, and so every
  year's jobs, would follow a new MEDICIJNTAB.

Adding a year adds its jobs and leaves the others as they are. Each table is validated on its
own (`ingest.ingest`: its own DuckDB connection, the same output bytes as a job of its own),
all of a job's connections to one DuckDB database (opening a database costs about as much as
checking a small table).
"""

from __future__ import annotations

import logging
from pathlib import Path

from wijkzicht import db
from wijkzicht.inputs.contracts import TABLES, table_years
from wijkzicht.inputs.ingest import InputError, ingest


def national_tables(unkeyed: list[str]) -> list[str]:
    """The tables of the national ingest job, in contract order: every table not published
    per year, except the wide ones (validated per year) and the `unkeyed` registrations."""
    return [
        name
        for name, tbl in TABLES.items()
        if not tbl.per_year and not tbl.wide_years and name not in unkeyed
    ]


def year_tables(wave: bool, wide: bool = True) -> list[str]:
    """The tables of the ingest job of one year, in contract order: every per-year table read
    each year; with `wave` (a year with a survey wave) also the tables read in the survey waves
    only; with `wide` each wide table too (its columns of that year). The workflow passes
    `wide=False`: each year of a wide table is a job of its own (`wide_tables`)."""
    # table_years of a year that is (or is not) a wave: that year, or none
    return [
        name
        for name, tbl in TABLES.items()
        if (wide and tbl.wide_years) or table_years(tbl, [0], [0] if wave else [])
    ]


def wide_tables() -> list[str]:
    """The wide tables (one file, a column per year: VSLGWBTAB), in contract order: rule
    `ingest_wide` validates each year's columns in a job of their own, so that the job of a
    year (`year_tables`) does not write them."""
    return [name for name, tbl in TABLES.items() if tbl.wide_years]


def ingest_tables(
    tables: list[tuple[str, int | None]],
    sources: dict[str, str | Path],
    outputs: list[str | Path],
    qualities: list[str | Path],
    *,
    unkeyed: bool = False,
    log: logging.Logger | None = None,
) -> None:
    """Validate each (table, year) of `tables`, one after the other: the file `sources[table]`
    to `outputs[i]`, its source-quality figures to `qualities[i]` (`ingest.ingest`; a wide
    table's year is its one year of columns).

    A table that breaks its contract does not stop the others: every table is read, then one
    InputError holds the message of each bad table (naming table, file, column and rows), so a
    delivery with several bad files is reported in one run. Tables already written stay: the
    workflow removes every output of a failed job. How each file was read (format, delimiter,
    encoding, SPSS dates) goes to `log`.
    """
    log = log or logging.getLogger(__name__)
    if not len(tables) == len(outputs) == len(qualities):
        raise ValueError(
            f"{len(tables)} table(s), {len(outputs)} output(s), {len(qualities)} quality file(s)"
        )
    errors = []
    database = db.connect()  # each table on a connection of its own to this database
    try:
        for (table, year), out, quality in zip(tables, outputs, qualities, strict=True):
            years = [year] if TABLES[table].wide_years else []
            try:
                notes = ingest(
                    table, sources[table], out, year, years, unkeyed=unkeyed, quality=quality,
                    database=database,
                )  # fmt: skip
            except InputError as err:
                errors.append(str(err))
                continue
            for note in notes:
                log.info("%s", note)
            log.info("validated %s -> %s", sources[table], out)
    finally:
        database.close()
    if errors:
        raise InputError("\n\n".join(errors))
