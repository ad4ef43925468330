"""KOPP/KOV: children (0-17) of parents with mental-health problems or addiction (docs/rules.md#kopp)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wijkzicht.definitions import Kopp, KoppDefinition
from wijkzicht.definitions.implication import CodesOf, inside
from wijkzicht.themes.table import (
    CountBound,
    CountCover,
    CountUnion,
    Keys,
    count_grid,
    finalise,
    with_wilson,
)

if TYPE_CHECKING:  # annotations only: a job that queries nothing does not load DuckDB
    import duckdb

THEME = "kopp"

# father and mother as two rows per child
PARENT_LINKS = """
parent_links AS (
    SELECT RINPERSOONS, RINPERSOON, RINPERSOONSpa AS ps, RINPERSOONpa AS pp FROM kindouder
    UNION ALL
    SELECT RINPERSOONS, RINPERSOON, RINPERSOONSMa AS ps, RINPERSOONMa AS pp FROM kindouder
)"""

CHILDREN_SQL = """
WITH {parent_links},
children AS (
    SELECT RINPERSOONS, RINPERSOON, year, gemeente, wijk, buurt, age, leeftijd
    FROM residents
    WHERE in_gba AND age BETWEEN $min_age AND $max_age
),
linkable_parents AS (
    -- a parent counts only when linkable: RINPERSOONS 'R' and a non-empty number (docs/rules.md#k4)
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
WITH {parent_links}
SELECT DISTINCT l.RINPERSOONS, l.RINPERSOON, c.condition
FROM parent_links AS l
JOIN conditions AS c ON c.RINPERSOONS = l.ps AND c.RINPERSOON = l.pp
WHERE l.ps = 'R' AND l.pp <> ''
"""

OWN_CONDITIONS_SQL = """
SELECT RINPERSOONS, RINPERSOON, condition FROM conditions
"""


def children(
    con: duckdb.DuckDBPyConnection, kopp: Kopp, condition_names: Iterable[str] | None = None
) -> pd.DataFrame:
    """One row per child in the population (docs/rules.md#k1), with a `parent_<condition>`
    flag per condition, the parent's conditions of year t wherever that parent lives
    (docs/rules.md#k3, docs/rules.md#k5), and `own_<condition>` for the child's own conditions
    (e.g. jeugdteam); the conditions are those the theme refers to unless `condition_names` are
    given.

    Needs views `residents`, `kindouder` (KINDOUDERTAB) and `conditions` (year t) on `con`.
    """
    condition_names = list(kopp.condition_names if condition_names is None else condition_names)
    params = {"min_age": kopp.min_age, "max_age": kopp.max_age}
    kids = con.execute(CHILDREN_SQL.format(parent_links=PARENT_LINKS), params).df()
    parent = con.execute(PARENT_CONDITIONS_SQL.format(parent_links=PARENT_LINKS)).df()
    own = con.execute(OWN_CONDITIONS_SQL).df()
    out = kids.copy()
    key = ["RINPERSOONS", "RINPERSOON"]
    keys = Keys(out, key)  # the children's keys factorised once for every condition
    for prefix, long in (("parent_", parent), ("own_", own)):
        for name in condition_names:
            out[prefix + name] = keys.isin(long.loc[long["condition"] == name, key])
    return out.sort_values(["RINPERSOONS", "RINPERSOON"]).reset_index(drop=True)


def definition_flags(kids: pd.DataFrame, definitions: Iterable[KoppDefinition]) -> pd.DataFrame:
    """One boolean column `def_<name>` per definition: any parent meets any listed condition
    (docs/rules.md#k2)."""
    out = kids.copy()
    for d in definitions:
        out["def_" + d.name] = kids[["parent_" + c for c in d.condition_names]].any(axis=1)
    return out


def aandeel(
    kids: pd.DataFrame, year: int, kopp: Kopp, geography: pd.DataFrame, bands: list[str],
    *, buurt: bool = False,
) -> pd.DataFrame:  # fmt: skip
    """kopp.aandeel: share of children meeting each definition (docs/rules.md#k1,
    docs/rules.md#k2), by gemeente and wijk x group (and per buurt, totaal only, with `buurt`:
    docs/rules.md#b1)."""
    groups = {g: (["totaal"] if g == "totaal" else list(bands)) for g in kopp.groups}
    flagged = definition_flags(kids, kopp.definitions)
    parts = []
    factors: dict = {}  # the children's areas and groups factorised once for every definition
    for name in kopp.definitions.names:
        grid = count_grid(flagged, "def_" + name, geography, groups, buurt=buurt, factors=factors)
        parts.append(with_wilson(grid).assign(definition=name))
    out = pd.concat(parts, ignore_index=True).assign(theme=THEME, measure="kopp.aandeel", year=year)
    return finalise(out, {"leeftijd": list(bands)})


def combinations(conditions: Iterable[str]) -> list[str]:
    """All 2^k combination labels: 'geen', then by size, conditions joined by '+' in order."""
    conditions = list(conditions)
    k = len(conditions)
    masks = sorted(
        range(2**k), key=lambda m: (bin(m).count("1"), [-(m >> i & 1) for i in range(k)])
    )
    return ["+".join(c for i, c in enumerate(conditions) if m >> i & 1) or "geen" for m in masks]


def count_unions(kopp: Kopp) -> list[CountUnion]:
    """The kopp.aandeel definitions as unions of kopp.overlap's combinations: a child meets a
    definition when a parent meets one of its conditions, so each definition whose conditions
    are all overlap conditions counts the children of every combination that holds one of
    them (`breed`: every combination but `geen`). For disclosure control (`CountUnion`)."""
    names = list(kopp.overlap_names)
    out = []
    for d in kopp.definitions:
        conditions = {c.name for c in d.conditions}
        if not conditions <= set(names):
            continue  # a condition outside the overlap: no relation between the two
        values = tuple(
            v for v in combinations(names) if v != "geen" and conditions & set(v.split("+"))
        )
        out.append(CountUnion("kopp.aandeel", d.name, "kopp.overlap", "combinatie", values))
    return out


def count_bounds(
    kopp: Kopp, codelists: Mapping[str, CodesOf] | None = None
) -> list[CountBound | CountCover]:
    """kopp.aandeel's definitions inside each other: a child meets a definition when a parent
    meets one of its conditions, so one whose every condition implies one of another's
    (`definitions.implication.inside`: the same condition, or a narrower one, e.g. a codelist
    whose codes are all in the other's) counts at most as many children in every cell (`ggz`
    <= `breed`; psychofarmaca without hypnotics <= `psychofarmaca`). Definitions inside each
    other both ways count the same children: a bound each way. `codelists` (name -> codes,
    `inputs.reference.read_codelists`) lets codes be compared; without them only the same
    codelist counts as inside. A definition of several conditions counts at most as many
    children as other definitions together that hold each of its conditions (`ggz of
    verslaving` at most `ggz` plus `verslaving`: `_cover`). For disclosure control
    (`CountBound`, `CountCover`)."""
    defs = list(kopp.definitions)
    out: list[CountBound | CountCover] = [
        CountBound("kopp.aandeel", a.name, b.name)
        for a in defs
        for b in defs
        if a.name != b.name and inside(a.conditions, b.conditions, codelists)
    ]
    for d in defs:
        parts = _cover(d, defs, codelists)
        if parts:
            out.append(CountCover("kopp.aandeel", d.name, parts))
    return out


def _cover(
    d: KoppDefinition, defs: list[KoppDefinition], codelists: Mapping[str, CodesOf] | None
) -> tuple[str, ...]:
    """Other definitions that together hold every child of `d` (each of `d`'s conditions
    implies a condition of one of them), each inside `d`, the fewest conditions first; () when
    `d`'s conditions are not all held so, or one definition alone holds them (then `d` lies
    inside it: a `CountBound`). A child meets `d` when a parent meets one of its conditions,
    so `d`'s numerator is at most the sum of theirs in every cell (docs/rules.md#e7)."""
    candidates = sorted(
        (p for p in defs if p.name != d.name and inside(p.conditions, d.conditions, codelists)),
        key=lambda p: (len(p.conditions), p.name),
    )
    parts: list[str] = []
    for c in d.conditions:
        holder = next((p for p in candidates if inside([c], p.conditions, codelists)), None)
        if holder is None:
            return ()
        if holder.name not in parts:
            parts.append(holder.name)
    return tuple(sorted(parts)) if len(parts) > 1 else ()


def overlap(
    kids: pd.DataFrame, year: int, conditions: Iterable[str], geography: pd.DataFrame
) -> pd.DataFrame:
    """kopp.overlap: children per combination of parent conditions, gemeente level (docs/rules.md#k6)."""
    conditions = list(conditions)
    flags = kids[["parent_" + c for c in conditions]].to_numpy(dtype=bool)
    # each child's combination as a bit mask (condition i: bit i), not a label built per row
    mask = flags.astype(np.int64) @ (1 << np.arange(len(conditions), dtype=np.int64))
    values = combinations(conditions)
    label = {
        "+".join(c for i, c in enumerate(conditions) if m >> i & 1) or "geen": m
        for m in range(2 ** len(conditions))
    }
    parts = []
    factors: dict = {}  # the children's areas factorised once for every combination
    for v in values:
        grid = count_grid(kids.assign(_x=mask == label[v]), "_x", geography,
                          {"totaal": ["totaal"]}, levels=("gemeente",), factors=factors)  # fmt: skip
        parts.append(grid.assign(group="combinatie", group_value=v))
    out = with_wilson(pd.concat(parts, ignore_index=True))
    out = out.assign(theme=THEME, measure="kopp.overlap", definition="breed", year=year)
    return finalise(out, {"combinatie": values})


def ouders_onbekend(kids: pd.DataFrame, year: int, geography: pd.DataFrame) -> pd.DataFrame:
    """kopp.ouders_onbekend: children with neither a linkable father nor mother (docs/rules.md#k7)."""
    persons = kids.assign(_x=kids["n_linkable_parents"] == 0)
    grid = count_grid(persons, "_x", geography, {"totaal": ["totaal"]})
    out = with_wilson(grid).assign(
        theme=THEME, measure="kopp.ouders_onbekend", definition="geen_koppelbare_ouder", year=year
    )
    return finalise(out)


def jeugdteam(kids: pd.DataFrame, year: int, kopp: Kopp, geography: pd.DataFrame) -> pd.DataFrame:
    """kopp.jeugdteam: share with the child's own condition (JG trajectory), for children
    meeting the definition (`breed`) or not, and their relative risk (docs/rules.md#k8)."""
    from wijkzicht.statistics.ratios import ratio_katz

    spec = kopp.jeugdteam
    by = definition_flags(kids, [spec.definition])["def_" + spec.definition.name]
    persons = kids.assign(
        kopp_breed=by.map({True: "ja", False: "nee"}), _x=kids["own_" + spec.condition.name]
    )
    grid = count_grid(persons, "_x", geography, {"kopp_breed": ["ja", "nee"]}, levels=("gemeente",))
    shares = with_wilson(grid)
    ja = shares[shares["group_value"] == "ja"].iloc[0]
    nee = shares[shares["group_value"] == "nee"].iloc[0]
    r, lo, hi, se = ratio_katz(
        ja["n_numerator"], ja["n_denominator"], nee["n_numerator"], nee["n_denominator"]
    )
    rr = ja[["area_level", "area_code", "area_name", "group"]].to_frame().T.assign(
        group_value="ja_vs_nee", method="relative_risk_katz", value=float(r), ci_lower=float(lo),
        ci_upper=float(hi), se=float(se),
    )  # fmt: skip
    out = pd.concat([shares, rr], ignore_index=True).assign(
        theme=THEME, measure="kopp.jeugdteam", definition=spec.definition.name, year=year
    )
    return finalise(out, {"kopp_breed": ["ja", "nee", "ja_vs_nee"]})


def measures(
    kids: pd.DataFrame, year: int, kopp: Kopp, geography: pd.DataFrame, bands: list[str],
    *, buurt: bool = False,
) -> pd.DataFrame:  # fmt: skip
    """Every KOPP measure of year t; with `buurt`, kopp.aandeel also per buurt (totaal)."""
    return pd.concat(
        [
            aandeel(kids, year, kopp, geography, bands, buurt=buurt),
            overlap(kids, year, kopp.overlap_names, geography),
            ouders_onbekend(kids, year, geography),
            jeugdteam(kids, year, kopp, geography),
        ],
        ignore_index=True,
    )
