"""Person conditions in a year (GGZ care, psychofarmaca, ...), evaluated set-based in DuckDB.

Each condition (`wijkzicht.definitions`) is of one type per `source`; this module holds one
query per type.
The result is long: one row (RINPERSOONS, RINPERSOON, condition) per linkable person
meeting the condition in year t, for everybody in the source tables, wherever they live
(a parent counts wherever the parent lives, docs/rules.md#k3). A condition of year t is one
met in year t itself: its own year's table, or a provision active in t; a KOPP parent's
condition of another year does not count for the children of year t (docs/rules.md#k5).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from wijkzicht import db
from wijkzicht.definitions import (
    Buurtteam,
    Condition,
    DefinitionError,
    GgzDbc,
    GgzKosten,
    Inkomen,
    Medicijnen,
    Wmo,
)
from wijkzicht.inputs.contracts import TABLES
from wijkzicht.inputs.reference import Codelist
from wijkzicht.population.residents import open_inputs, query_frame

if TYPE_CHECKING:  # imported where used: the narrow jobs import this module, not pandas
    import duckdb
    import pandas as pd

GGZ_COST_COLUMNS = ("ZVWKGENBASGGZ", "ZVWKSPECGGZ", "ZVWKGGZZPMTOTAAL")

# the tables each source reads, as view names (the base rule's inputs come from here)
SOURCE_TABLES = {
    "ggz_kosten": ["ZVWZORGKOSTENTAB"],
    "medicijnen": ["MEDICIJNTAB"],
    "ggz_dbc": ["GGZDBCTRAJECTENHOOFDDIAGTAB"],
    "wmo": ["GEMWMOVOORZIENINGEN"],
    "buurtteam": ["GEMBUURTTEAM"],
    "inkomen": ["KOPPELPERSOONHUISHOUDEN", "INHATAB"],
}
# every table some source reads, sorted
SOURCES = tuple(sorted({t for tables in SOURCE_TABLES.values() for t in tables}))

# rows of persons not linked to the register never count (docs/rules.md#l1)
LINKABLE = "RINPERSOONS = 'R' AND RINPERSOON <> ''"


def ggz_cost_columns(year: int) -> list[str]:
    """The GGZ cost columns of year t: chosen by the year, not by the file (docs/rules.md#c2)."""
    zvw = TABLES["ZVWZORGKOSTENTAB"]
    return [c for c in GGZ_COST_COLUMNS if zvw.column(c).required_in(year)]


def _ggz_kosten(year: int) -> tuple[str, dict]:
    # GGZ care: the year's GGZ costs, a missing one counted 0, sum more than 0 (docs/rules.md#c1)
    total = " + ".join(f'coalesce("{c}", 0)' for c in ggz_cost_columns(year))
    sql = f"""
        SELECT DISTINCT RINPERSOONS, RINPERSOON FROM ZVWZORGKOSTENTAB
        WHERE {LINKABLE} AND ({total}) > 0
    """
    return sql, {}


def _medicijnen(codes: list[str]) -> tuple[str, dict]:
    # an ATC4 code of the codelist, compared whole after trimming spaces (docs/rules.md#c3)
    sql = f"""
        SELECT DISTINCT RINPERSOONS, RINPERSOON FROM MEDICIJNTAB
        WHERE {LINKABLE} AND list_contains($codes, trim(ATC4))
    """
    return sql, {"codes": codes}


def _ggz_dbc(circuits: list[str], prefixes: list[str]) -> tuple[str, dict]:
    # starts_with is a literal prefix test: '_' in 'as1_4' is no wildcard (docs/rules.md#c4)
    sql = f"""
        SELECT DISTINCT RINPERSOONS, RINPERSOON FROM GGZDBCTRAJECTENHOOFDDIAGTAB
        WHERE {LINKABLE}
          AND (list_contains($circuits, trim(coalesce(GGZDBCCircuitHOOFDDIAG, '')))
               OR EXISTS (SELECT 1 FROM unnest($prefixes) AS pre(p)
                          WHERE starts_with(trim(coalesce(GGZDBCHoofddiagnoseDSMIV, '')), pre.p)))
    """
    return sql, {"circuits": circuits, "prefixes": prefixes}


def _active(table: str, column: str, values: list[str], year: int) -> tuple[str, dict]:
    # active in year t: BEGIN <= 31 Dec t and EINDE >= 1 Jan t; an empty begin is never active
    # (Wmo provisions docs/rules.md#c5, youth-team trajectories docs/rules.md#c6)
    sql = f"""
        SELECT DISTINCT RINPERSOONS, RINPERSOON FROM {table}
        WHERE {LINKABLE} AND list_contains($values, {column})
          AND DATUMBEGIN IS NOT NULL AND DATUMBEGIN <= $last AND DATUMEINDE >= $first
    """
    return sql, {"values": values, "first": dt.date(year, 1, 1), "last": dt.date(year, 12, 31)}


def _inkomen(lo: int, hi: int) -> tuple[str, dict]:
    # the income household's percentile; -1, no household or no INHATAB row: not low (docs/rules.md#c7)
    sql = """
        SELECT DISTINCT k.RINPERSOONS, k.RINPERSOON
        FROM KOPPELPERSOONHUISHOUDEN AS k
        JOIN INHATAB AS i
          ON i.RINPERSOONSHKW = k.RINPERSOONSHKW AND i.RINPERSOONHKW = k.RINPERSOONHKW
        WHERE k.RINPERSOONS = 'R' AND k.RINPERSOON <> '' AND k.RINPERSOONHKW <> ''
          AND i.INHP100HBEST BETWEEN $lo AND $hi
    """
    return sql, {"lo": lo, "hi": hi}


def _codes(condition: Condition, codelist: str | None, codelists: dict[str, Codelist]) -> list[str]:
    if not codelist:
        return []
    if codelist not in codelists:
        raise DefinitionError([
            f"conditions.{condition.name}: codelist {codelist!r} is not in the codelist registry "
            f"(known: {', '.join(sorted(codelists)) or 'none'})"
        ])  # fmt: skip
    return list(codelists[codelist].codes)


def condition_query(
    condition: Condition, year: int, codelists: dict[str, Codelist]
) -> tuple[str, dict]:
    """SQL and parameters selecting the persons meeting one condition in `year`."""
    match condition:
        case GgzKosten():
            return _ggz_kosten(year)
        case Medicijnen(codelist=name):
            return _medicijnen(_codes(condition, name, codelists))
        case GgzDbc(circuit_codelist=circ, diagnosis_codelist=diag):
            return _ggz_dbc(_codes(condition, circ, codelists), _codes(condition, diag, codelists))
        case Wmo(voorzieningen=kinds):
            return _active("GEMWMOVOORZIENINGEN", "VOORZIENING", list(kinds), year)
        case Buurtteam(teams=teams):
            return _active("GEMBUURTTEAM", "TEAM", list(teams), year)
        case Inkomen(percentile_min=lo, percentile_max=hi):
            return _inkomen(lo, hi)
    raise TypeError(f"no query for condition {condition!r}")


def person_conditions(
    con: duckdb.DuckDBPyConnection,
    conditions: Iterable[Condition],
    year: int,
    codelists: dict[str, Codelist],
) -> pd.DataFrame:
    """Long table of (RINPERSOONS, RINPERSOON, condition) for every given condition, sorted by
    condition, then person.

    The views named in SOURCE_TABLES must exist on `con` (per-year tables for `year`). One
    query for all conditions (each condition's query, its parameters renamed apart, in a UNION
    ALL sorted by DuckDB), fetched as Arrow (`query_frame`): the same frame as one query per
    condition, each fetched to pandas, concatenated and sorted there (the keys are unique per
    condition, so the order is the same), without a pandas round trip of every part.
    """
    parts, params = [], {}
    for i, cond in enumerate(sorted(conditions, key=lambda c: c.name)):
        sql, values = condition_query(cond, year, codelists)
        sql = re.sub(r"\$(\w+)", lambda m, i=i: f"${m.group(1)}_{i}", sql)
        params.update({f"{name}_{i}": v for name, v in values.items()})
        parts.append(
            f"SELECT RINPERSOONS, RINPERSOON, {db.literal(cond.name)} AS condition FROM ({sql})"
        )
    if not parts:
        raise ValueError("person_conditions: no condition to evaluate")
    query = " UNION ALL ".join(parts) + " ORDER BY condition, RINPERSOONS, RINPERSOON"
    return query_frame(con, query, params)


def conditions_of(
    sources: Mapping[str, str | Path],
    conditions: Iterable[Condition],
    year: int,
    codelists: dict[str, Codelist],
) -> pd.DataFrame:
    """`person_conditions` of `year` over the source files ({table name: Parquet}, one per
    table of SOURCES, of that year), on a connection of its own."""
    con = db.connect()
    try:
        open_inputs(con, **sources)
        return person_conditions(con, conditions, year, codelists)
    finally:
        con.close()
