"""Newcomers: vulnerable people moving into a wijk in year t (docs/rules.md#nieuwkomers)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wijkzicht.definitions import Condition, ConditionsIn, Marker, Nieuwkomers, Uitstroom
from wijkzicht.definitions.implication import CodesOf, implies
from wijkzicht.statistics.ratios import ratio_katz
from wijkzicht.themes.table import (
    CountBound,
    CountCover,
    Keys,
    count_grid,
    finalise,
    rows_in,
    with_wilson,
)

if TYPE_CHECKING:  # annotations only: a job that queries nothing does not load DuckDB
    import duckdb

THEME = "nieuwkomers"
ORIGINS = ["binnen_gemeente", "buiten_gemeente", "onbekend"]

NEWCOMERS_SQL = """
WITH movers AS (
    -- the persons with a spell beginning in year t: only their spells can hold a move of year t
    SELECT DISTINCT RINPERSOONS, RINPERSOON FROM adres
    WHERE year(GBADATUMAANVANGADRESHOUDING) = $year
),
spells AS (
    -- spells in order of AANVANG; the previous spell is the one with the latest earlier AANVANG
    SELECT RINPERSOONS, RINPERSOON, GBADATUMAANVANGADRESHOUDING AS aanvang,
           SOORTOBJECTNUMMER AS soort, RINOBJECTNUMMER AS obj,
           lag(SOORTOBJECTNUMMER) OVER w AS prev_soort,
           lag(RINOBJECTNUMMER) OVER w AS prev_obj,
           row_number() OVER w > 1 AS has_prev
    FROM adres SEMI JOIN movers USING (RINPERSOONS, RINPERSOON)
    WHERE RINPERSOONS = 'R' AND RINPERSOON <> '' AND GBADATUMAANVANGADRESHOUDING IS NOT NULL
    WINDOW w AS (PARTITION BY RINPERSOONS, RINPERSOON ORDER BY GBADATUMAANVANGADRESHOUDING)
),
moves AS (
    -- a spell beginning in year t at an address in the gemeente (docs/rules.md#n2);
    -- both addresses placed with the VSLGWBTAB columns of year t (docs/rules.md#n3)
    SELECT s.RINPERSOONS, s.RINPERSOON, s.aanvang, s.has_prev, g.gemeente, g.wijk, g.buurt,
           pg.gemeente AS prev_gemeente, pg.wijk AS prev_wijk
    FROM spells AS s
    JOIN geo AS g
      ON g.SOORTOBJECTNUMMER = s.soort AND g.RINOBJECTNUMMER = s.obj AND g.year = $year
    LEFT JOIN geo AS pg
      ON pg.SOORTOBJECTNUMMER = s.prev_soort AND pg.RINOBJECTNUMMER = s.prev_obj AND pg.year = $year
    WHERE year(s.aanvang) = $year AND g.gemeente = $gemeente AND g.wijk IS NOT NULL
),
into_wijk AS (
    SELECT *, row_number() OVER (PARTITION BY RINPERSOONS, RINPERSOON, wijk ORDER BY aanvang) AS nth
    FROM moves
    WHERE NOT has_prev OR prev_wijk IS DISTINCT FROM wijk
)
-- the buurt of the address moved into (year t's mapping) splits a wijk's newcomers (docs/rules.md#b2)
SELECT m.RINPERSOONS, m.RINPERSOON, $year AS year, m.gemeente, m.wijk, m.buurt,
       m.aanvang AS verhuisdatum,
       CASE WHEN NOT m.has_prev THEN 'onbekend'
            WHEN m.prev_gemeente = $gemeente THEN 'binnen_gemeente'
            ELSE 'buiten_gemeente' END AS origin
FROM into_wijk AS m
LEFT JOIN persoon AS p USING (RINPERSOONS, RINPERSOON)
WHERE m.nth = 1                                                  -- once per wijk and year (docs/rules.md#n4)
  AND (p.GBAGEBOORTEJAAR IS NULL OR p.GBAGEBOORTEJAAR <> $year)  -- not born in year t (docs/rules.md#n5)
ORDER BY m.RINPERSOONS, m.RINPERSOON, m.wijk
"""

UITSTROOM_SQL = """
-- a listed provision that ended in [m - days, m], calendar days inclusive (docs/rules.md#n7)
SELECT DISTINCT n.RINPERSOONS, n.RINPERSOON, n.wijk
FROM newcomers AS n
JOIN wmo AS w
  ON w.RINPERSOONS = n.RINPERSOONS AND w.RINPERSOON = n.RINPERSOON
WHERE list_contains($voorzieningen, w.VOORZIENING)
  AND w.DATUMBEGIN IS NOT NULL
  AND w.DATUMEINDE BETWEEN CAST(n.verhuisdatum AS DATE) - CAST($days AS INTEGER)
                       AND CAST(n.verhuisdatum AS DATE)
"""


def newcomers(con: duckdb.DuckDBPyConnection, year: int, gemeente: str) -> pd.DataFrame:
    """Newcomers of year t: one row per person and wijk, with the origin of the move
    (docs/rules.md#n2). Needs views adres, geo, persoon."""
    return con.execute(NEWCOMERS_SQL, {"year": year, "gemeente": gemeente}).df()


def _has(persons: Keys, conds: pd.DataFrame, names: list[str]) -> np.ndarray:
    return persons.isin(conds.loc[conds["condition"].isin(names), ["RINPERSOONS", "RINPERSOON"]])


def uitstroom(con: duckdb.DuckDBPyConnection, criterion: Uitstroom) -> pd.DataFrame:
    """(person, wijk) of the newcomers meeting one uitstroom criterion, with its own provisions
    and window. Needs views newcomers and wmo."""
    params = {"voorzieningen": list(criterion.voorzieningen), "days": criterion.days}
    return con.execute(UITSTROOM_SQL, params).df()


def markers(
    persons: pd.DataFrame,
    nieuwkomers: Nieuwkomers,
    cond_t: pd.DataFrame,
    cond_prev: pd.DataFrame,
    left: Mapping[Uitstroom, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """One boolean column `m_<marker>` per marker, each criterion evaluated on its own terms:
    conditions of year t or t-1, and for an uitstroom criterion the (person, wijk) pairs that
    `left[criterion]` holds (None: persons without a move, such as residents, meet none).
    The years each marker reads are its criteria's lags (`ggz`: t-1 or t, docs/rules.md#n6;
    `laag_inkomen`: t-1 only, docs/rules.md#n8); a marker that is any of others (`breed`) is
    met when one of them is (docs/rules.md#n9)."""
    out = persons.copy()
    keys = Keys(out, ["RINPERSOONS", "RINPERSOON"])  # factorised once for every criterion
    years = {0: cond_t, 1: cond_prev}
    for m in nieuwkomers.definitions:
        if m.any_of:
            continue
        flag = pd.Series(False, index=out.index)
        for c in m.criteria:
            if isinstance(c, ConditionsIn):
                flag |= _has(keys, years[c.lag], list(c.condition_names))
            elif isinstance(c, Uitstroom) and left is not None:
                flag |= rows_in(out, left[c], ["RINPERSOONS", "RINPERSOON", "wijk"])
        out["m_" + m.name] = flag
    for m in nieuwkomers.definitions:
        if m.any_of:
            out["m_" + m.name] = out[["m_" + x.name for x in m.any_of]].any(axis=1)
    return out


def person_level(
    con: duckdb.DuckDBPyConnection, year: int, gemeente: str, nieuwkomers: Nieuwkomers,
    cond_t: pd.DataFrame, cond_prev: pd.DataFrame,
) -> pd.DataFrame:  # fmt: skip
    """Newcomers of year t with their markers. Needs views adres, geo, persoon, wmo."""
    new = newcomers(con, year, gemeente)
    con.register("newcomers", new)
    left = {u: uitstroom(con, u) for u in nieuwkomers.uitstroom}
    return markers(new, nieuwkomers, cond_t, cond_prev, left)


def _atoms(marker: Marker) -> list[tuple[Condition, int] | Uitstroom]:
    """What meets a marker, any one of them: a condition with its lag (year t - lag), an
    uitstroom criterion; a marker that is any of others has theirs."""
    out: list[tuple[Condition, int] | Uitstroom] = []
    for c in marker.criteria:
        if isinstance(c, ConditionsIn):
            out += [(cond, c.lag) for cond in c.conditions]
        elif isinstance(c, Uitstroom):
            out.append(c)
        else:
            out += [a for m in c.markers for a in _atoms(m)]
    return out


def _implies(a, b, codelists: Mapping[str, CodesOf] | None) -> bool:
    """One atom of a marker (`_atoms`) met means the other is: a condition implying the other
    in the same year (`definitions.implication.implies`), or an uitstroom of fewer kinds of
    provision within fewer days (the window [m - days, m] inside the other's)."""
    if isinstance(a, Uitstroom) or isinstance(b, Uitstroom):
        return (
            isinstance(a, Uitstroom)
            and isinstance(b, Uitstroom)
            and set(a.voorzieningen) <= set(b.voorzieningen)
            and a.days <= b.days
        )
    return a[1] == b[1] and implies(a[0], b[0], codelists)


def count_bounds(
    nieuwkomers: Nieuwkomers, codelists: Mapping[str, CodesOf] | None = None
) -> list[CountBound | CountCover]:
    """nieuwkomers.aandeel's markers inside each other: a marker is met when any of its
    criteria is, so one of which every criterion means one of another's is met (the same
    criterion, a narrower condition of the same year, `definitions.implication.implies`, a
    narrower uitstroom) counts at most as many newcomers in every cell: each marker at most
    one that is any of markers with it (`breed`), and a marker by a narrower codelist at most
    the wider one. A marker that is any of others and nothing else counts at most as many as
    they together. `codelists` as for `themes.kopp.count_bounds`. For disclosure control
    (`CountBound`, `CountCover`)."""
    atoms = {m.name: _atoms(m) for m in nieuwkomers.definitions}
    out: list[CountBound | CountCover] = [
        CountBound("nieuwkomers.aandeel", a, b)
        for a, xs in atoms.items()
        for b, ys in atoms.items()
        if a != b and all(any(_implies(x, y, codelists) for y in ys) for x in xs)
    ]
    for m in nieuwkomers.definitions:
        parts = tuple(p.name for p in m.any_of)
        if parts and len(m.criteria) == 1:  # any of them and nothing else: at most their sum
            out.append(CountCover("nieuwkomers.aandeel", m.name, parts))
    return out


def aandeel(
    new: pd.DataFrame, year: int, nieuwkomers: Nieuwkomers, geography: pd.DataFrame,
    *, buurt: bool = False,
) -> pd.DataFrame:  # fmt: skip
    """nieuwkomers.aandeel: share of newcomers with each marker by wijk, gemeente and origin;
    with `buurt` also per buurt moved into (totaal only, docs/rules.md#b2). One row of `new`
    per person and wijk: the gemeente row counts person-wijk pairs (docs/rules.md#n10)."""
    groups = {"totaal": ["totaal"], "origin": ORIGINS}
    factors: dict = {}  # the newcomers' areas and origins factorised once for every marker
    parts = [
        with_wilson(
            count_grid(new, "m_" + name, geography, groups, buurt=buurt, factors=factors)
        ).assign(definition=name)
        for name in nieuwkomers.definitions.names
    ]
    out = pd.concat(parts, ignore_index=True).assign(
        theme=THEME, measure="nieuwkomers.aandeel", year=year
    )
    return finalise(out, {"origin": ORIGINS})


def concentratie(
    new: pd.DataFrame,
    residents: pd.DataFrame,
    year: int,
    nieuwkomers: Nieuwkomers,
    geography: pd.DataFrame,
    *,
    buurt: bool = False,
) -> pd.DataFrame:
    """nieuwkomers.concentratie: share among newcomers / share among W's residents
    (docs/rules.md#n11); with `buurt` also per buurt: newcomers into the buurt against its
    residents (docs/rules.md#b2)."""
    parts = []
    shared: tuple[dict, dict] = ({}, {})  # the areas of each table factorised once
    totaal = {"totaal": ["totaal"]}
    for name in nieuwkomers.concentratie_names:
        n = count_grid(new, "m_" + name, geography, totaal, buurt=buurt, factors=shared[0])
        r = count_grid(residents, "m_" + name, geography, totaal, buurt=buurt, factors=shared[1])
        both = n.merge(
            r,
            on=["area_level", "area_code", "area_name", "group", "group_value"],
            suffixes=("", "_res"),
        )
        ratio, lo, hi, se = ratio_katz(
            both["n_numerator"],
            both["n_denominator"],
            both["n_numerator_res"],
            both["n_denominator_res"],
        )
        both = both.assign(
            numerator=both["n_numerator"].astype(float), denominator=both["n_denominator"].astype(float),
            value=ratio, ci_lower=lo, ci_upper=hi, se=se, method="ratio_katz", definition=name,
        ).drop(columns=["n_numerator_res", "n_denominator_res"])  # fmt: skip
        parts.append(both)
    out = pd.concat(parts, ignore_index=True)
    return finalise(out.assign(theme=THEME, measure="nieuwkomers.concentratie", year=year))


def measures(
    new: pd.DataFrame,
    residents: pd.DataFrame,
    year: int,
    nieuwkomers: Nieuwkomers,
    geography: pd.DataFrame,
    *,
    buurt: bool = False,
) -> pd.DataFrame:
    """Every newcomer measure of year t; with `buurt` also per buurt (totaal)."""
    return pd.concat(
        [
            aandeel(new, year, nieuwkomers, geography, buurt=buurt),
            concentratie(new, residents, year, nieuwkomers, geography, buurt=buurt),
        ],
        ignore_index=True,
    )
