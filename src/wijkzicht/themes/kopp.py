"""KOPP/KOV: children (0-17) of parents with mental-health problems or addiction (measures.md)."""

from __future__ import annotations

import duckdb
import pandas as pd

from ..measures import count_grid, finalise, with_wilson

THEME = "kopp"

CHILDREN_SQL = """
WITH children AS (
    SELECT RINPERSOONS, RINPERSOON, year, gemeente, wijk, buurt, age, leeftijd
    FROM residents
    WHERE in_gba AND age BETWEEN $min_age AND $max_age
),
parent_links AS (
    SELECT RINPERSOONS, RINPERSOON, RINPERSOONSpa AS ps, RINPERSOONpa AS pp FROM kindouder
    UNION ALL
    SELECT RINPERSOONS, RINPERSOON, RINPERSOONSMa AS ps, RINPERSOONMa AS pp FROM kindouder
),
linkable_parents AS (
    -- a parent counts only when linkable: RINPERSOONS 'R' and a non-empty number (rule 1)
    SELECT DISTINCT RINPERSOONS, RINPERSOON, ps, pp
    FROM parent_links
    WHERE ps = 'R' AND pp <> ''
),
parent_count AS (
    SELECT RINPERSOONS, RINPERSOON, count(*) AS n_linkable_parents
    FROM linkable_parents
    GROUP BY ALL
)
SELECT ch.*, coalesce(pc.n_linkable_parents, 0) AS n_linkable_parents
FROM children AS ch
LEFT JOIN parent_count AS pc USING (RINPERSOONS, RINPERSOON)
ORDER BY ch.RINPERSOONS, ch.RINPERSOON
"""

PARENT_CONDITIONS_SQL = """
-- conditions met by any linkable parent, wherever that parent lives
WITH parent_links AS (
    SELECT RINPERSOONS, RINPERSOON, RINPERSOONSpa AS ps, RINPERSOONpa AS pp FROM kindouder
    UNION ALL
    SELECT RINPERSOONS, RINPERSOON, RINPERSOONSMa AS ps, RINPERSOONMa AS pp FROM kindouder
)
SELECT DISTINCT l.RINPERSOONS, l.RINPERSOON, c.condition
FROM parent_links AS l
JOIN conditions AS c ON c.RINPERSOONS = l.ps AND c.RINPERSOON = l.pp
WHERE l.ps = 'R' AND l.pp <> ''
"""

OWN_CONDITIONS_SQL = """
SELECT RINPERSOONS, RINPERSOON, condition FROM conditions
"""


def _flags(long: pd.DataFrame, names: list[str], prefix: str) -> pd.DataFrame:
    """Long (person, condition) rows to one boolean column per condition name."""
    wide = pd.DataFrame(
        {"RINPERSOONS": long["RINPERSOONS"], "RINPERSOON": long["RINPERSOON"]}
    ).drop_duplicates()
    for name in names:
        hit = long.loc[long["condition"] == name, ["RINPERSOONS", "RINPERSOON"]].drop_duplicates()
        hit[prefix + name] = True
        wide = wide.merge(hit, on=["RINPERSOONS", "RINPERSOON"], how="left")
    return wide


def children(
    con: duckdb.DuckDBPyConnection, theme_cfg: dict, condition_names: list[str]
) -> pd.DataFrame:
    """One row per child in the population, with a `parent_<condition>` flag per condition
    and `own_<condition>` for the child's own conditions (e.g. jeugdteam).

    Needs views `residents`, `kindouder` (KINDOUDERTAB) and `conditions` (year t) on `con`.
    """
    params = {"min_age": theme_cfg["min_age"], "max_age": theme_cfg["max_age"]}
    kids = con.execute(CHILDREN_SQL, params).df()
    parent = con.execute(PARENT_CONDITIONS_SQL).df()
    own = con.execute(OWN_CONDITIONS_SQL).df()
    out = kids.merge(_flags(parent, condition_names, "parent_"), on=["RINPERSOONS", "RINPERSOON"], how="left")
    out = out.merge(_flags(own, condition_names, "own_"), on=["RINPERSOONS", "RINPERSOON"], how="left")
    for name in condition_names:
        for prefix in ("parent_", "own_"):
            out[prefix + name] = out[prefix + name].fillna(False).astype(bool)
    return out.sort_values(["RINPERSOONS", "RINPERSOON"]).reset_index(drop=True)


def definition_flags(kids: pd.DataFrame, definitions: dict[str, dict]) -> pd.DataFrame:
    """One boolean column `def_<name>` per definition: any parent meets any listed condition."""
    out = kids.copy()
    for name, d in definitions.items():
        out["def_" + name] = kids[["parent_" + c for c in d["conditions"]]].any(axis=1)
    return out


def aandeel(
    kids: pd.DataFrame, year: int, theme_cfg: dict, geography: pd.DataFrame, bands: list[str]
) -> pd.DataFrame:
    """kopp.aandeel: share of children meeting each definition, by gemeente and wijk x group."""
    groups = {g: (["totaal"] if g == "totaal" else bands) for g in theme_cfg["groups"]}
    flagged = definition_flags(kids, theme_cfg["definitions"])
    parts = []
    for name in theme_cfg["definitions"]:
        grid = count_grid(flagged, "def_" + name, geography, groups)
        parts.append(with_wilson(grid).assign(definition=name))
    out = pd.concat(parts, ignore_index=True).assign(theme=THEME, measure="kopp.aandeel", year=year)
    return finalise(out, {"leeftijd": bands})
