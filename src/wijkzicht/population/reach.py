"""The reach of a year: the persons, address objects and income households that year t's jobs
can read, and narrowed copies of the national tables that hold only their rows.

CBS tables are national whatever the gemeente. Year t's person-level jobs (base, kopp,
nieuwkomers, migratie, persona_attributes) join the national tables only to these persons:

- everyone with an address spell in year t (begin on or before 31 December t, end on or after
  1 January t) at an address object that VSLGWBTAB places in the gemeente in year t: the
  residents of 1 January t and the newcomers of year t are among them;
- the parents (KINDOUDERTAB) of those persons: a child's KOPP status is its parents' conditions,
  wherever the parents live;
- the respondents of year t's survey wave sampled in the gemeente's strata (the GGD's file of
  a region holds every gemeente's): their care condition is part of the survey design;

linkable keys only (RINPERSOONS 'R' and a non-empty RINPERSOON; nothing joins on another).

Narrowed, a person-keyed table keeps every row of a reached person (a newcomer's earlier
address spell, all household spells of a person); INHATAB keeps the income households of the
narrowed KOPPELPERSOONHUISHOUDEN rows; VSLGWBTAB of year t keeps the objects of the narrowed
address spells. Every per-person result of those jobs is therefore the same on the narrowed
tables as on the national ones (tests/e2e/test_narrowing.py compares the measures;
tests/spec/test_reach.py the rules on a hand-made world). Without narrowing (`narrowing:
false`) the copies are the national tables unfiltered, through the same jobs: the files copied
byte for byte. So are they where narrowing would keep most of them (`narrowing_pays`): when the
reach holds at least `WHOLE_SHARE` of the persons of the register it is narrowed from (on the
default synthetic world of 360,000 residents 84%), the narrowed tables would be nearly the
national ones, and writing them cost more than the per-year jobs save by reading them
(docs/BENCHMARKS.md, "the narrowed copies of a small country"). A year is copied whole or
narrowed whole, never table by table: whole it is the run of `narrowing: false` for that year.

A GGD region (config `gemeenten`) narrows twice: once per year for the whole region (rule
narrow_region: `find_reach` with every gemeente of the run and the union of their survey
strata, and year t-1's condition sources to the same reach), then each gemeente's narrow
jobs narrow the region's copies instead of the national tables, so the national tables of a
year are scanned once, not once per gemeente. Same result, table for table:

- the reach of gemeente g on the region's copies is its reach on the national tables: every
  person with an address spell in g in year t is in the region's reach (role 'gemeente'), so
  all of his address spells are in the region's GBAADRESOBJECTBUS, their objects (with their
  gemeente of year t) in its VSLGWBTAB, and his KINDOUDERTAB rows (keyed by the child) in its
  KINDOUDERTAB: `lived` and `parents` find the same persons; the respondents come from the
  survey wave itself, not narrowed;
- each narrowed table of g keeps the rows of g's reach (a subset of the region's reach), and
  the region's copy holds every national row of those persons (person-keyed tables), every
  income household of their KOPPELPERSOONHUISHOUDEN rows (INHATAB) and every object of their
  address spells (VSLGWBTAB): a semi-join on a subset of the keys of a superset of the rows
  selects the same rows, in the same order: a narrowed table keeps the order of the rows in
  the file it is read from (`_narrowed_sql`), and the region's copies keep the national order.
  The jobs that read the narrowed tables do not depend on their row order either (the
  region's released tables are the same bytes as the single run's).

tests/spec/test_reach.py checks narrowing twice against narrowing once on the hand-made world;
tests/e2e/test_region.py the released tables of a region's gemeente against its single run.

Everything runs in DuckDB over Parquet: one scan per table, semi-joins on the reach, the
rows in the national file's order (the same bytes on every run).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb

from wijkzicht import db, files
from wijkzicht.inputs.contracts import TABLES
from wijkzicht.population.conditions import SOURCES

KEY = ("RINPERSOONS", "RINPERSOON")
HOUSEHOLD_KEY = ("RINPERSOONSHKW", "RINPERSOONHKW")

# the tables year t's jobs read: every condition source, the register and the income tables
NARROWED = tuple(
    sorted(
        set(SOURCES)
        | {
            "GBAADRESOBJECTBUS",
            "VSLGWBTAB",
            "GBAPERSOONTAB",
            "KINDOUDERTAB",
            "GBAHUISHOUDENSBUS",
            "KOPPELPERSOONHUISHOUDEN",
            "INHATAB",
        }
    )
)
# the per-year condition sources of year t-1 that the newcomers' markers of year t read
PREVIOUS = tuple(t for t in SOURCES if TABLES[t].per_year)

# narrowing pays below this share of the register's persons in the reach (`narrowing_pays`)
WHOLE_SHARE = 0.5

# the roles of a reached person, as bits of a mask: role i is bit i
ROLES = ("gemeente", "ouder", "respondent")
# the sorted list of roles of each mask, as one CASE (no per-row list aggregate)
_ROLE_LISTS = (
    "CASE roles "
    + " ".join(
        f"WHEN {m} THEN {[r for i, r in enumerate(ROLES) if m >> i & 1]!r}"
        for m in range(1, 2 ** len(ROLES))
    )
    + " END"
)

REACH_SQL = """
CREATE OR REPLACE TEMP TABLE reach AS
WITH lived AS (
    -- an address spell in year t at an object placed in the gemeente by year t's mapping
    SELECT DISTINCT a.RINPERSOONS, a.RINPERSOON
    FROM adres AS a
    JOIN geo AS g
      ON g.SOORTOBJECTNUMMER = a.SOORTOBJECTNUMMER AND g.RINOBJECTNUMMER = a.RINOBJECTNUMMER
    WHERE g.year = $year AND g.gemeente IN ({gemeenten})
      AND a.GBADATUMAANVANGADRESHOUDING <= $last
      AND (a.GBADATUMEINDEADRESHOUDING IS NULL OR a.GBADATUMEINDEADRESHOUDING >= $first)
),
kids AS (
    -- the KINDOUDERTAB rows of those persons, read once for both parents
    SELECT k.RINPERSOONSpa, k.RINPERSOONpa, k.RINPERSOONSMa, k.RINPERSOONMa
    FROM kindouder AS k SEMI JOIN lived USING (RINPERSOONS, RINPERSOON)
),
roles AS (
    SELECT RINPERSOONS, RINPERSOON, 1 AS role FROM lived
    UNION ALL SELECT RINPERSOONSpa, RINPERSOONpa, 2 FROM kids
    UNION ALL SELECT RINPERSOONSMa, RINPERSOONMa, 2 FROM kids
    {survey}
)
SELECT RINPERSOONS, RINPERSOON, {role_lists} AS roles
FROM (
    SELECT RINPERSOONS, RINPERSOON, bit_or(role) AS roles
    FROM roles
    WHERE RINPERSOONS = 'R' AND RINPERSOON <> ''
    GROUP BY ALL
)
"""

SURVEY_ROLE = "UNION ALL SELECT RINPERSOONS, RINPERSOON, 4 FROM survey"
OWN_STRATA = " WHERE list_contains($strata, STRATUM)"


def find_reach(
    con: duckdb.DuckDBPyConnection,
    year: int,
    gemeenten: str | Sequence[str],
    *,
    survey: bool,
    strata: list[str] | None = None,
) -> int:
    """Create temp table `reach` (RINPERSOONS, RINPERSOON, roles: a sorted list of
    'gemeente', 'ouder', 'respondent'), one row per reached person of `year`, in no
    particular order (`write_reach` writes it sorted by key).

    `gemeenten`: one gemeente code (the gemeente's reach) or several (a GGD region's reach:
    the union of theirs, the persons with an address spell in any of them, their parents and
    the respondents of `strata`). Needs views `adres` (GBAADRESOBJECTBUS), `geo` (VSLGWBTAB of
    `year`, long: one row per object and year), `kindouder` (KINDOUDERTAB) and, with `survey`,
    `survey` (the wave's GEZOMONITOR) on `con`. `strata` (``inputs.reference.survey_strata``,
    for a region the union over its gemeenten): the respondents are those sampled in these
    strata (None: every row of `survey`). Returns the number of reached persons."""
    codes = [gemeenten] if isinstance(gemeenten, str) else list(gemeenten)
    if not codes:
        raise ValueError("find_reach: no gemeente")
    params = {
        "year": year,
        **{f"gemeente{i}": code for i, code in enumerate(codes)},
        "first": dt.date(year, 1, 1),
        "last": dt.date(year, 12, 31),
    }
    role = ""
    if survey:
        role = SURVEY_ROLE
        if strata is not None:
            role += OWN_STRATA
            params["strata"] = list(strata)
    # one named parameter per code: an IN list of constants, pushed into the scan of `geo`
    listed = ", ".join(f"$gemeente{i}" for i in range(len(codes)))
    sql = REACH_SQL.format(survey=role, gemeenten=listed, role_lists=_ROLE_LISTS)
    con.execute(sql, params)
    return con.execute("SELECT count(*) FROM reach").fetchall()[0][0]


def narrowing_pays(con: duckdb.DuckDBPyConnection, register: str | Path) -> bool:
    """Whether year t's tables are to be narrowed to temp table `reach` (`find_reach`) or
    copied whole: narrowed when the reach holds fewer than `WHOLE_SHARE` of the persons of
    `register` (the GBAPERSOONTAB the year's tables are narrowed from: national, or a GGD
    region's copy), whose rows, one per person, DuckDB counts from the file's metadata."""
    reached = con.execute("SELECT count(*) FROM reach").fetchall()[0][0]
    return reached < WHOLE_SHARE * _rows(con, register)


def _scan(source: str | Path | Sequence[str | Path]) -> tuple[str, str, str]:
    """(the scan of a national file with its row numbers, the columns that put its rows in
    the file's order, the columns added to drop again). `source` may be several files of one
    table (an unkeyed registration linked per source year): their rows one file after the
    other, in the order given."""
    if isinstance(source, (str, Path)):
        return (
            f"read_parquet({db.literal(source)}, file_row_number = true)",
            ("file_row_number"),
            "file_row_number",
        )
    parts = " UNION ALL ".join(
        f"SELECT *, {i} AS _part FROM read_parquet({db.literal(f)}, file_row_number = true)"
        for i, f in enumerate(source)
    )
    return f"({parts})", "_part, file_row_number", "file_row_number, _part"


def _narrowed_sql(table: str, source, done: Mapping[str, str]) -> str:
    """The query of one narrowed table from the national file `source` (or files, `_scan`);
    `done` holds the narrowed files written so far (INHATAB follows KOPPELPERSOONHUISHOUDEN,
    VSLGWBTAB the address spells). The rows keep the national file's order: a semi-join run on
    several threads emits them in the order the threads finish, which changed the narrowed
    files' bytes from run to run; ordered by the row number in the file they are the same bytes."""
    src, order, added = _scan(source)
    if table == "VSLGWBTAB":
        on = "SOORTOBJECTNUMMER, RINOBJECTNUMMER"
        objects = f"SELECT DISTINCT {on} FROM read_parquet({db.literal(done['GBAADRESOBJECTBUS'])})"
        kept = f"SELECT * FROM {src} SEMI JOIN ({objects}) USING ({on})"
    elif TABLES[table].person_key == HOUSEHOLD_KEY:
        on = ", ".join(HOUSEHOLD_KEY)
        koppel = done["KOPPELPERSOONHUISHOUDEN"]
        households = f"SELECT DISTINCT {on} FROM read_parquet({db.literal(koppel)})"
        kept = f"SELECT * FROM {src} SEMI JOIN ({households}) USING ({on})"
    elif TABLES[table].person_key == KEY:
        kept = f"SELECT * FROM {src} SEMI JOIN reach USING ({', '.join(KEY)})"
    else:
        raise ValueError(f"{table}: no rule to narrow it")
    return f"SELECT * EXCLUDE ({added}) FROM ({kept}) ORDER BY {order}"


def _rows(con: duckdb.DuckDBPyConnection, path) -> int:
    paths = [path] if isinstance(path, (str, Path)) else list(path)
    return sum(
        con.execute(f"SELECT count(*) FROM read_parquet({db.literal(p)})").fetchall()[0][0]
        for p in paths
    )


def _order(tables: Mapping[str, object]) -> list[str]:
    """Tables in an order where each narrowed file another one follows is written first."""
    last = ("INHATAB", "VSLGWBTAB")
    return sorted(tables, key=lambda t: (t in last, t))


def narrow_tables(
    con: duckdb.DuckDBPyConnection,
    sources: Mapping[str, str | Path | Sequence[str | Path]],
    outputs: Mapping[str, str | Path],
    *,
    narrowing: bool = True,
) -> dict[str, tuple[int, int]]:
    """Write each table of `sources` ({table name: national validated Parquet}) narrowed to the
    reach into `outputs` ({table name: path}), atomically, as zstd Parquet with the national
    file's columns and types. A table may be given as several files of the same columns (an
    unkeyed registration's rows linked per source year: those of the years up to t): their
    rows one file after the other. Needs temp table `reach` (`find_reach`) on `con`. INHATAB
    needs KOPPELPERSOONHUISHOUDEN and VSLGWBTAB needs GBAADRESOBJECTBUS among the tables.
    With `narrowing` False every table is copied whole: the national file byte for byte (the
    files of a table given as several, one after the other).

    Returns {table: (national rows, narrowed rows)}. Raises ValueError for a table with no
    rule (`NARROWED` lists those with one)."""
    done: dict[str, str] = {}
    counts = {}
    for table in _order(sources):
        if narrowing:
            source = sources[table]
            source = str(source) if isinstance(source, (str, Path)) else list(source)
            files.write_query(con, _narrowed_sql(table, source, done), outputs[table])
        elif not isinstance(sources[table], (str, Path)):
            src, order, added = _scan(list(sources[table]))
            sql = f"SELECT * EXCLUDE ({added}) FROM {src} ORDER BY {order}"
            files.write_query(con, sql, outputs[table])
        else:
            with files.atomic(outputs[table]) as tmp:
                shutil.copyfile(sources[table], tmp)
        done[table] = str(outputs[table])
        counts[table] = (_rows(con, sources[table]), _rows(con, outputs[table]))
    return counts


def write_reach(con: duckdb.DuckDBPyConnection, path: str | Path) -> None:
    """Write temp table `reach` to `path` (Parquet, atomically)."""
    files.write_query(con, "SELECT * FROM reach ORDER BY RINPERSOONS, RINPERSOON", path)
