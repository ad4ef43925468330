"""Persona's: the most common combinations of a few attributes in a theme's target group, per area.

Inside the secure environment, from the person-level tables the themes already build:

- `attributes`: per person and year the attributes that are not in a theme's person table
  yet: household type (GBAHUISHOUDENSBUS spell covering the reference date: 1 January t,
  for a newcomer the move date), income quintile of year t (the household income percentile
  of `themes.migratie.income`, quintile by `income_quintile`) and, for newcomers who were not
  resident on 1 January t, age band and herkomst (`newcomer_traits`);
- `target_persons`: one row per person (a newcomer: per person and wijk) of the theme's
  target group (the KOPP children of one definition, the adults with one registry measure's
  care, the newcomers with one marker) with area and attribute codes;
- `select_personas`: per area the combinations that cover at least `min_persons` persons,
  merging smaller ones by coarsening attributes to `overig` (see its docstring).

Attribute codes (labels in `outputs/labels.py`): leeftijd the configured age bands;
huishouden HOUSEHOLD values; herkomst the herkomst groups of the country reference;
inkomen `1`..`5` or `onbekend`; zorg_steun a key of `personas.zorg_steun` or `geen`.
`OVERIG` is a merged attribute, `''` an attribute the theme does not use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wijkzicht.errors import WijkzichtError
from wijkzicht.inputs.reference import HERKOMST_ONBEKEND, parse_bands
from wijkzicht.themes.migratie import income_quintile, percentile_of
from wijkzicht.themes.table import TOTAAL, rows_in

if TYPE_CHECKING:  # annotations only: a job that queries nothing does not load DuckDB
    import duckdb

ATTRIBUTES = ("leeftijd", "huishouden", "herkomst", "inkomen", "zorg_steun")
OVERIG = "overig"
GEEN = "geen"
ONBEKEND = "onbekend"
# TYPHH of GBAHUISHOUDENSBUS (inputs.contracts) to a household type; no spell covering the date: onbekend
HOUSEHOLD = {
    "1": "alleenstaand",
    "2": "paar_zonder_kinderen",
    "3": "paar_zonder_kinderen",
    "4": "paar_met_kinderen",
    "5": "paar_met_kinderen",
    "6": "eenouder",
    "7": "overig_huishouden",
    "8": "institutioneel",
}
HOUSEHOLD_VALUES = [*dict.fromkeys(HOUSEHOLD.values()), ONBEKEND]
KEY = ["RINPERSOONS", "RINPERSOON"]


class PersonaConfigError(WijkzichtError, ValueError):
    """A `personas` setting that cannot be used (names the key, the value and what is allowed)."""


@dataclass(frozen=True)
class PersonaSpec:
    """The persona settings of one theme (config `personas`, config/README.md).

    target: the definition (kopp, nieuwkomers) or registry measure (migratie) whose persons
    form the target group; attributes: the attributes combined, in ATTRIBUTES order;
    merge_order: the attributes coarsened to `overig`, one at a time, for combinations
    below `min_persons` (the first `max_merged` of the config's list); zorg_steun: category -> conditions, the first category met wins.
    """

    theme: str
    target: str
    attributes: tuple[str, ...]
    merge_order: tuple[str, ...]
    min_persons: int
    max_per_area: int
    zorg_steun: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def measure(self) -> str:
        """The measure whose numerator counts the target group (group totaal, method wilson)."""
        return {"kopp": "kopp.aandeel", "nieuwkomers": "nieuwkomers.aandeel"}.get(
            self.theme, f"migratie.{self.target}"
        )


def persona_spec(
    theme: str, personas: Mapping, threshold: int, definitions: Mapping | None = None
) -> PersonaSpec:
    """The settings of `theme` from the config block `personas` (defaults filled in by the
    schema) and the disclosure threshold; with `definitions` (`Definitions.param()`), the
    target and the zorg_steun conditions are checked against them. PersonaConfigError names
    a bad key."""
    t = personas["themes"][theme]
    if definitions is not None:
        _check_names(theme, t["target"], personas["zorg_steun"], definitions)
    attributes = tuple(a for a in ATTRIBUTES if a in t["attributes"])
    unknown = [a for a in t["attributes"] if a not in ATTRIBUTES]
    if unknown or not attributes:
        raise PersonaConfigError(
            f"personas.themes.{theme}.attributes: {list(t['attributes'])}; expected one or more "
            f"of {list(ATTRIBUTES)}"
        )
    min_persons = int(personas["min_persons"]) or int(threshold)
    if min_persons < threshold:
        raise PersonaConfigError(
            f"personas.min_persons: {min_persons} is below disclosure.threshold {threshold}; "
            "a persona must stand for at least the threshold in persons (0 = the threshold)"
        )
    merge = tuple(a for a in personas["merge_order"] if a in attributes)
    merge = merge[: int(personas.get("max_merged", len(merge)))]
    if len(merge) >= len(attributes):
        # at least one attribute stays fixed: a persona of 'overig' only describes nobody
        merge = merge[: len(attributes) - 1]
    zorg = tuple((k, tuple(v)) for k, v in personas["zorg_steun"].items())
    return PersonaSpec(theme, str(t["target"]), attributes, merge, min_persons,
                       int(personas["max_per_area"]), zorg)  # fmt: skip


def _check_names(theme: str, target: str, zorg: Mapping, definitions: Mapping) -> None:
    d = definitions[theme]
    names = d.definitions.names if theme in ("kopp", "migratie", "nieuwkomers") else ()
    if target not in names:
        raise PersonaConfigError(
            f"personas.themes.{theme}.target: {target!r} is not a definition of theme {theme} "
            f"(known: {', '.join(names)})"
        )
    known = set(definitions["conditions"].names) if "conditions" in definitions else None
    for category, conds in zorg.items():
        bad = [c for c in conds if known is not None and c not in known]
        if bad:
            raise PersonaConfigError(
                f"personas.zorg_steun.{category}: {bad} are not conditions "
                f"(known: {', '.join(sorted(known))})"
            )


def persona_years(personas: Mapping, years: Sequence[int], theme_years: Sequence[int]) -> list[int]:
    """The years with persona's: `personas.years` (default: the theme's last year)."""
    wanted = list(personas.get("years") or [])
    if not wanted:
        return [max(theme_years)] if theme_years else []
    bad = [y for y in wanted if y not in theme_years]
    if bad:
        raise PersonaConfigError(
            f"personas.years: {bad} not among the years of the themes ({list(theme_years)}; "
            f"configured years {list(years)})"
        )
    return sorted(wanted)


# --- attributes ----------------------------------------------------------------------------

HOUSEHOLD_SQL = """
-- the household spell covering each person's reference date (spells of a person do not overlap)
SELECT r.RINPERSOONS, r.RINPERSOON, r.datum, max(h.TYPHH) AS typhh
FROM refs AS r
JOIN huishoudens AS h
  ON h.RINPERSOONS = r.RINPERSOONS AND h.RINPERSOON = r.RINPERSOON
WHERE h.DATUMAANVANGHH IS NOT NULL AND h.DATUMAANVANGHH <= r.datum
  AND coalesce(h.DATUMEINDEHH, DATE '2050-12-31') >= r.datum
GROUP BY ALL
"""

TRAITS_SQL = """
-- age on 1 January t (the birthday the 1st of the birth month, as for residents) and herkomst
SELECT r.RINPERSOONS, r.RINPERSOON,
       $year - p.GBAGEBOORTEJAAR
         - CASE WHEN (1, 1) < (p.GBAGEBOORTEMAAND, 1) THEN 1 ELSE 0 END AS age,
       coalesce(c.herkomst, $onbekend) AS herkomst
FROM refs AS r
JOIN persoon AS p USING (RINPERSOONS, RINPERSOON)
LEFT JOIN countries AS c ON c.country_code = p.GBAHERKOMSTLAND
"""


def band_of(age: pd.Series, bands: Sequence[str]) -> pd.Series:
    """The label of the band holding each age (None outside every band or unknown)."""
    b = parse_bands(list(bands))
    out = pd.Series(None, index=age.index, dtype=object)
    a = pd.to_numeric(age, errors="coerce")
    for label, lo, hi in b[["label", "lo", "hi"]].itertuples(index=False):
        out[(a >= lo) & (a <= hi)] = label
    return out


def household_types(con: duckdb.DuckDBPyConnection, refs: pd.DataFrame) -> pd.Series:
    """Household type on each row's `datum` (HOUSEHOLD values; no spell: onbekend).

    Needs view `huishoudens` (validated GBAHUISHOUDENSBUS) on `con`; `refs` has KEY and datum.
    """
    con.register("refs", refs[[*KEY, "datum"]])
    hh = con.execute(HOUSEHOLD_SQL).df()
    hh["datum"] = pd.to_datetime(hh["datum"])
    out = refs[[*KEY, "datum"]].merge(hh, how="left", on=[*KEY, "datum"])
    return out["typhh"].map(HOUSEHOLD).fillna(ONBEKEND).set_axis(refs.index)


def newcomer_traits(
    con: duckdb.DuckDBPyConnection, keys: pd.DataFrame, year: int, countries: pd.DataFrame,
    bands: Sequence[str],
) -> pd.DataFrame:  # fmt: skip
    """KEY, leeftijd and herkomst on 1 January `year` of persons who were not resident then,
    by the residents' rules (population.residents; a person without a GBAPERSOONTAB row has
    no band and herkomst onbekend). Needs view `persoon` (GBAPERSOONTAB) on `con`."""
    con.register("refs", keys[KEY].drop_duplicates())
    con.register("countries", countries[["country_code", "herkomst"]])
    traits = con.execute(TRAITS_SQL, {"year": year, "onbekend": HERKOMST_ONBEKEND}).df()
    out = keys[KEY].drop_duplicates().merge(traits, how="left", on=KEY)
    out["leeftijd"] = band_of(out["age"], bands)
    out["herkomst"] = out["herkomst"].fillna(HERKOMST_ONBEKEND)
    return out[[*KEY, "leeftijd", "herkomst"]]


def attributes(
    con: duckdb.DuckDBPyConnection, year: int, residents: pd.DataFrame,
    newcomers: pd.DataFrame | None, countries: pd.DataFrame, bands: Sequence[str],
    income: pd.DataFrame,
) -> pd.DataFrame:  # fmt: skip
    """The persona attributes of year t: one row per resident of 1 January t (`datum` that
    date) and per newcomer move (`datum` the move date), with leeftijd, herkomst, huishouden
    and inkomen. `income` is `themes.migratie.income` of year t. Needs views `huishoudens`
    and `persoon` on `con`."""
    res = residents[[*KEY, "leeftijd", "herkomst"]].assign(datum=pd.Timestamp(year, 1, 1))
    parts = [res]
    if newcomers is not None and len(newcomers):
        moves = newcomers[KEY].assign(datum=pd.to_datetime(newcomers["verhuisdatum"]))
        # a newcomer who was resident on 1 January keeps the residents' values
        seen = moves[KEY].drop_duplicates().merge(res[KEY], how="left", on=KEY, indicator=True)
        new = seen[(seen["_merge"] == "left_only").to_numpy()][KEY]
        traits = pd.concat([res[[*KEY, "leeftijd", "herkomst"]],
                            newcomer_traits(con, new, year, countries, bands)])  # fmt: skip
        parts.append(moves.merge(traits, how="left", on=KEY))
    out = pd.concat(parts, ignore_index=True).drop_duplicates([*KEY, "datum"])
    out["huishouden"] = household_types(con, out).to_numpy()
    out["inkomen"] = income_quintile(percentile_of(out, income)).to_numpy()
    out["year"] = year
    cols = [*KEY, "year", "datum", "leeftijd", "herkomst", "huishouden", "inkomen"]
    return out[cols].sort_values([*KEY, "datum"]).reset_index(drop=True)


def zorg_steun(persons: pd.DataFrame, conditions: pd.DataFrame, spec: PersonaSpec) -> pd.Series:
    """The first `personas.zorg_steun` category whose conditions (year t) a person meets, else geen."""
    out = pd.Series(GEEN, index=persons.index, dtype=object)
    done = np.zeros(len(persons), dtype=bool)
    for category, names in spec.zorg_steun:
        hit = conditions.loc[conditions["condition"].isin(names), KEY].drop_duplicates()
        met = rows_in(persons, hit, KEY) & ~done
        out[met] = category
        done |= met
    return out


def target_persons(
    theme: str, persons: pd.DataFrame, attrs: pd.DataFrame, conditions: pd.DataFrame,
    spec: PersonaSpec, definitions: Mapping,
) -> pd.DataFrame:  # fmt: skip
    """The target group of year t, one row per person (per person and wijk for newcomers):
    gemeente, wijk and the codes of every attribute in ATTRIBUTES ('' where not used).

    persons: the theme's person table of year t (kopp children, migratie adults,
    nieuwkomers newcomers); attrs: `attributes` of that year; conditions: the person
    conditions of year t; definitions: `Definitions.param(theme)`."""
    on = attrs.assign(datum=pd.to_datetime(attrs["datum"]))
    peildatum = on["datum"] == pd.to_datetime(on["year"].astype(str) + "-01-01")
    if theme == "kopp":
        from wijkzicht.themes.kopp import definition_flags

        d = definitions["kopp"].definitions[spec.target]
        target = persons[definition_flags(persons, [d])["def_" + d.name].to_numpy()]
        on = on[peildatum.to_numpy()].drop(columns="datum")
    elif theme == "migratie":
        target = persons[persons[spec.target].astype(bool).to_numpy()]
        on = on[peildatum.to_numpy()].drop(columns="datum")
    else:
        target = persons[persons["m_" + spec.target].astype(bool).to_numpy()].copy()
        target["datum"] = pd.to_datetime(target["verhuisdatum"])
    join = [*KEY, "datum"] if "datum" in target else KEY
    cols = ["leeftijd", "herkomst", "huishouden", "inkomen"]
    have = [c for c in cols if c in target.columns]
    out = target.merge(on[[*join, *[c for c in cols if c not in have]]], how="left", on=join)
    out["zorg_steun"] = zorg_steun(out, conditions, spec).to_numpy()
    for a in ATTRIBUTES:
        out[a] = out[a].fillna(ONBEKEND).astype(str) if a in spec.attributes else ""
    keep = [*KEY, "gemeente", "wijk", *ATTRIBUTES]
    return out[keep].sort_values([*KEY, "wijk"]).reset_index(drop=True)


# --- selection -------------------------------------------------------------------------------


def select_personas(persons: pd.DataFrame, spec: PersonaSpec) -> pd.DataFrame:
    """The persona's of one area, from its target persons (one row each, ATTRIBUTES columns).

    1. Every combination of the attributes with at least `min_persons` persons is a candidate.
    2. The persons left are grouped again with the first attribute of `merge_order` set to
       `overig` (any of its values), then also the second, and so on; every group with at
       least `min_persons` persons is a candidate. `overig` therefore means "the other values":
       a merged candidate holds only persons in no earlier candidate, so candidates never
       overlap and each covers at least `min_persons` persons. At least one attribute is
       never merged.
    3. Persons in no candidate are dropped. The `max_per_area` largest candidates are the
       persona's (ties: by their codes); the others are dropped too.
    4. While the dropped persons number 1 to `min_persons`-1, the smallest persona is dropped
       as well, so what the persona's leave out is 0 or at least `min_persons` persons.

    Returns one row per persona, largest first: rank, the ATTRIBUTES codes, n_persons, and
    `members` (the positional index of its persons in `persons`).
    """
    attrs = list(spec.attributes)
    left = persons.reset_index(drop=True)[list(ATTRIBUTES)].copy()
    left["_i"] = np.arange(len(left))
    found: list[dict] = []
    merged: list[str] = []
    for step in range(len(spec.merge_order) + 1):
        if step:
            merged.append(spec.merge_order[step - 1])
            left[merged[-1]] = OVERIG
        if left.empty:
            break
        # only the groups large enough are visited (the many small ones cost a pandas
        # group each); their persons in the order of `left`, as iterating the groups gives
        groups = left.groupby(list(ATTRIBUTES), sort=True)["_i"]
        sizes = groups.size()
        at = groups.indices
        ids = left["_i"].to_numpy()
        for combo, n in sizes[sizes >= spec.min_persons].items():
            found.append({**dict(zip(ATTRIBUTES, combo, strict=True)),
                          "n_persons": int(n), "members": tuple(ids[at[combo]].tolist())})  # fmt: skip
        taken = {i for f in found for i in f["members"]}
        left = left[~left["_i"].isin(taken)]
    found.sort(key=lambda f: (-f["n_persons"], tuple(f[a] for a in attrs)))
    chosen = found[: spec.max_per_area]
    while chosen:
        dropped = len(persons) - sum(f["n_persons"] for f in chosen)
        if dropped == 0 or dropped >= spec.min_persons:
            break
        chosen = chosen[:-1]
    out = pd.DataFrame(chosen, columns=[*ATTRIBUTES, "n_persons", "members"])
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out


def area_personas(
    target: pd.DataFrame, spec: PersonaSpec, geography: pd.DataFrame, gemeente: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The persona's of the gemeente and of every wijk of the geography, and their cells.

    Returns (personas, cells). personas: area_level, area_code, area_name, n_target (the
    target persons in the area), rank, the ATTRIBUTES codes, n_persons, and `cells`: the
    cell numbers its persons fall in. cells: one row per non-empty cell of the target's
    cross-table of wijk x every attribute (`wijk` '' for persons without a wijk) with n.
    """
    t = target.reset_index(drop=True).copy()
    t["wijk"] = t["wijk"].fillna("").astype(str)
    cell_cols = ["wijk", *ATTRIBUTES]
    cells = t.groupby(cell_cols, sort=True).size().rename("n").reset_index()
    cell_no = t.merge(cells.reset_index()[[*cell_cols, "index"]], how="left", on=cell_cols)["index"]
    gem = geography[["gemeente_code", "gemeente_name"]].drop_duplicates()
    wijken = geography[["wijk_code", "wijk_name"]].drop_duplicates().sort_values("wijk_code")
    areas = [("gemeente", gemeente, str(gem["gemeente_name"].iloc[0]), t["gemeente"] == gemeente)]
    areas += [("wijk", c, n, t["wijk"] == c) for c, n in wijken.itertuples(index=False)]
    rows = []
    for level, code, name, where in areas:
        sub = t[where.to_numpy()]
        sel = select_personas(sub, spec)
        base = {"area_level": level, "area_code": code, "area_name": name, "n_target": len(sub)}
        idx = cell_no[where.to_numpy()].to_numpy()
        for r in sel.to_dict("records"):
            members = r.pop("members")
            rows.append({**base, **r, "cells": tuple(sorted(set(idx[list(members)].tolist())))})
        if sel.empty:
            rows.append({**base, "rank": 0, **dict.fromkeys(ATTRIBUTES, ""), "n_persons": 0,
                         "cells": ()})  # fmt: skip
    cols = ["area_level", "area_code", "area_name", "n_target", "rank", *ATTRIBUTES, "n_persons",
            "cells"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols), cells


__all__ = [
    "ATTRIBUTES", "GEEN", "HOUSEHOLD", "HOUSEHOLD_VALUES", "OVERIG", "TOTAAL", "PersonaSpec",
    "area_personas", "attributes", "persona_spec", "persona_years", "select_personas",
    "target_persons", "zorg_steun",
]  # fmt: skip
