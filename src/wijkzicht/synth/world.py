"""Synthetic world generator: a seeded, fully vectorised gemeente in the shape of the input tables.

The world is one gemeente (default Utrecht, GM0344) observed over `years` (a GGD region is
one such world per gemeente, `synth.region`). Households live in
its wijken on 1 January of the first year; each year new households move in so that the
population stays near `n_residents`; people are born, die, move within the gemeente, move out
(to another gemeente or abroad), and children leave home. Some legal parents live in another
gemeente. On top of this sit persistent latent traits (psychological distress, addiction,
loneliness, general health, income) that drive every registration, so that the associations
the pipeline looks for really exist in the data:

* distress is higher with low income, in Overvecht/Zuidwest/Noordwest, for women and young
  adults, and for people of Marokkaanse, Turkse, overig Afrikaanse and overig Aziatische
  herkomst, who at the same time get *less* registered GGZ care for the same distress
  (a care gap visible when survey and registry are combined);
* children share a household component of distress with their parents and live more often in
  the vulnerable wijken, so that children of parents with problems cluster there, and their
  probability of a youth-team (JG) trajectory is about 2-3 times higher when a parent meets the
  `breed` condition;
* newcomers into the vulnerable wijken more often have low income and a recent BW/MO outflow.

Everything is vectorised with numpy: loops run over years, cohorts, wijken or code lists, never
over persons. Each component draws from its own generator derived from the seed, so the world
is a pure function of (seed, n_residents, years, survey_waves, geography, countries, gemeente).

The stages, each a module of this package, import only earlier ones: `draw` (random draws, day
numbers), `geography` (the world's parameters), `objects` (addresses), `households` (composition
and origin), `cohorts` (moves, births, deaths, leaving home, spells), `population` (all cohorts),
`traits` (latent traits, yearly care), then the table writers `columns` and `tables_*`. This
module only orchestrates them in `generate_world`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wijkzicht.inputs.contracts import UNKEYABLE
from wijkzicht.synth.geography import _make_world
from wijkzicht.synth.population import _simulate_population
from wijkzicht.synth.tables_care import _t_ggzdbc, _t_medicijn, _t_zvw
from wijkzicht.synth.tables_income import _t_income
from wijkzicht.synth.tables_municipal import _t_buurtteam, _t_wmo
from wijkzicht.synth.tables_register import (
    _object_keys,
    _t_addresses,
    _t_households,
    _t_kindouder,
    _t_persons,
    _t_vslgwb,
)
from wijkzicht.synth.tables_survey import _survey_truth, _t_survey
from wijkzicht.synth.tables_unkeyed import _unkeyed
from wijkzicht.synth.traits import _traits


class World(dict):
    """The generated tables by file stem, and `truth`: per registration written without the
    CBS key (`unkeyed`), the person behind each row (see `synth.tables_unkeyed`)."""

    truth: dict[str, pd.DataFrame]


def _default_reference(name: str) -> pd.DataFrame:
    path = Path(__file__).resolve().parents[3] / "config" / "reference" / name
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def generate_world(
    seed: int = 20240101,
    n_residents: int = 360_000,
    years=(2019, 2020, 2021, 2022, 2023),
    survey_waves=(2020, 2022),
    geography: pd.DataFrame | None = None,
    countries: pd.DataFrame | None = None,
    gemeente: str = "GM0344",
    unkeyed=(),
    survey_truth: bool = False,
    avoid=(),
) -> World:
    """Generate the synthetic world: every input table of the input contract as a DataFrame.

    Keys are file stems: the table name, plus the year for per-year tables
    (``MEDICIJNTAB2019``, ``GEZOMONITOR2020``). Columns, names and codings follow
    ``wijkzicht.inputs.contracts.TABLES``; codes and dates are strings, costs and weights floats,
    survey items and the income percentile pandas ``Int64`` with missing values.
    The result is a pure function of the arguments (same seed, same frames).

    `geography` and `countries` are the reference files (all columns str); when None the
    ones in ``config/reference`` are read. `n_residents` is the approximate population of
    the gemeente on 1 January of every year. The registrations named in `unkeyed` (of
    ``wijkzicht.inputs.contracts.UNKEYABLE``) are written without RINPERSOONS/RINPERSOON, with
    birth date, sex and address instead (``unkeyed_table``); the person behind each of their
    rows is in the result's `truth`, by table name. With `survey_truth` the result's `truth`
    also holds ``survey<WAVE>``: the answers every person would give in the wave and their
    place in its sampling frame (`tables_survey._survey_truth`, for validating the
    small-area estimates, docs/small_area.md); the tables are the same with or without it.
    Nobody moves to, or has a parent in, a gemeente of `avoid` (GM codes: the other gemeenten
    of a region, ``synth.region``); without it the world is that of before the option.
    """
    unknown = sorted(set(unkeyed) - set(UNKEYABLE))
    if unknown:
        raise ValueError(f"cannot write {unknown} without the key (only {list(UNKEYABLE)})")
    years = sorted(int(y) for y in years)
    survey_waves = sorted(int(y) for y in survey_waves)
    geography = _default_reference("geography.csv") if geography is None else geography
    countries = _default_reference("countries.csv") if countries is None else countries
    w = _make_world(
        seed, int(n_residents), years, survey_waves, geography, countries, gemeente, avoid
    )
    pop = _simulate_population(w)
    tr = _traits(w, pop)

    soort, orin = _object_keys(w, pop)
    tables = {
        "GBAPERSOONTAB": _t_persons(w, pop),
        "KINDOUDERTAB": _t_kindouder(w, pop),
        "GBAADRESOBJECTBUS": _t_addresses(w, pop, soort, orin),
        "VSLGWBTAB": _t_vslgwb(w, pop, soort, orin),
        "GBAHUISHOUDENSBUS": _t_households(w, pop),
    }
    med, n_codes = _t_medicijn(w, pop, tr)
    tables.update(med)
    tables.update(_t_zvw(w, pop, tr, n_codes))
    tables.update(_t_ggzdbc(w, pop, tr))
    tables.update(_t_income(w, pop, tr))
    wmo, bwmo, wmo_pid, wmo_begin = _t_wmo(w, pop, tr)
    team, team_pid, team_begin = _t_buurtteam(w, pop, tr, bwmo)
    rows = {
        "GEMWMOVOORZIENINGEN": (wmo, wmo_pid, wmo_begin),
        "GEMBUURTTEAM": (team, team_pid, team_begin),
    }
    out = World()
    out.truth = {}
    for name, (df, pid, begin) in rows.items():
        if name in unkeyed:
            df, out.truth[name] = _unkeyed(w, pop, name, df, pid, begin, soort, orin)
        tables[name] = df
    for wave in survey_waves:
        tables[f"GEZOMONITOR{wave}"] = _t_survey(w, pop, tr, wave)
        if survey_truth:
            out.truth[f"survey{wave}"] = _survey_truth(w, pop, tr, wave)
    out.update(tables)
    return out
