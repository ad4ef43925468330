"""The harness of the rule specs: tiny worlds from text tables, questions put to the pipeline's
own functions, and the comparison of their answers with the expected tables.

A rule module calls the `rule` fixture once per test with keyword arguments (see `Spec`); the
same call feeds `tools/spec_docs.py`, which renders the rule into `docs/rules.md`.

Conventions of the text tables (stated once more in the docs' introduction):

- Person numbers are written short: `7` stands for RINPERSOON `000000007`.
- Columns a table leaves out take a default: RINPERSOONS `R`, GBAGESLACHT `1`,
  GBAGEBOORTEMAAND `01`, GBAGENERATIE `0`, GBAHERKOMSTLAND `6030` (Nederland), ...
- Address objects `W01`..`W10` lie in wijk WK0344<nn> of Utrecht in every year (in its
  first buurt, BU0344<nn>00), `X` in another gemeente (GM0307); a rule's own VSLGWBTAB table
  adds or overrides objects, with a wijk or a buurt code.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from worlds import (
    ADRES_ALIASES,
    KINDOUDER_ALIASES,
    PERSOON_ALIASES,
    REPO,
    config,
    objects,
    run_kopp,
    table,
    write_world,
)

from wijkzicht.definitions import Definitions, parse_definitions
from wijkzicht.inputs.contracts import TABLES
from wijkzicht.inputs.ingest import ingest
from wijkzicht.inputs.reference import (
    herkomst_groups,
    read_codelists,
    read_countries,
    read_geography,
)
from wijkzicht.population.conditions import SOURCE_TABLES, person_conditions
from wijkzicht.population.residents import open_inputs, residents

GEMEENTE = "GM0344"
OTHER_GEMEENTE = "GM0307"

# ------------------------------------------------------------------------------ text tables

PERSON = {"S": "RINPERSOONS", "P": "RINPERSOON"}
ALIASES: dict[str, dict[str, str]] = {
    "GBAPERSOONTAB": PERSOON_ALIASES,
    "GBAADRESOBJECTBUS": ADRES_ALIASES,
    "KINDOUDERTAB": KINDOUDER_ALIASES,
    "GGZDBCTRAJECTENHOOFDDIAGTAB": {
        **PERSON,
        "DIAGNOSE": "GGZDBCHoofddiagnoseDSMIV",
        "CIRCUIT": "GGZDBCCircuitHOOFDDIAG",
    },
    "KOPPELPERSOONHUISHOUDEN": {**PERSON, "SHKW": "RINPERSOONSHKW", "HKW": "RINPERSOONHKW"},
    "INHATAB": {"SHKW": "RINPERSOONSHKW", "HKW": "RINPERSOONHKW"},
}

# the short column names of the text tables, for the legend of the docs
LEGEND = {
    "S": "RINPERSOONS (`R`: linked to the population register)",
    "P": "RINPERSOON, written short (`7` is `000000007`)",
    "SEX": "GBAGESLACHT (`1` man, `2` vrouw, `-` unknown)",
    "JAAR": "GBAGEBOORTEJAAR",
    "MAAND": "GBAGEBOORTEMAAND",
    "GEN": "GBAGENERATIE",
    "HERKOMST": "GBAHERKOMSTLAND",
    "AANVANG": "GBADATUMAANVANGADRESHOUDING",
    "EINDE": "GBADATUMEINDEADRESHOUDING",
    "OBJ": "RINOBJECTNUMMER (the address object)",
    "Spa, Ppa": "RINPERSOONSpa, RINPERSOONpa (legal father)",
    "Sma, Pma": "RINPERSOONSMa, RINPERSOONMa (legal mother)",
    "DIAGNOSE": "GGZDBCHoofddiagnoseDSMIV",
    "CIRCUIT": "GGZDBCCircuitHOOFDDIAG",
    "HKW": "RINPERSOONHKW (the income household)",
    "K10": "K10_01 .. K10_10, the ten answers in order (`.` not answered)",
    "EENZ": "EENZ_01 .. EENZ_11, the eleven answers in order (`1` ja, `2` min of meer, "
    "`3` nee, `.` not answered)",
}

DEFAULTS = [
    "RINPERSOONS and the other series columns: `R` (for a parent or household: `R` when its "
    "number is given)",
    "GBAGESLACHT `1`, GBAGEBOORTEMAAND `01`, GBAGENERATIE `0`, GBAHERKOMSTLAND `6030` (Nederland)",
    "dates not shown: empty (a begin date then never starts, an end date is still running)",
    "GEZOMONITOR: WEIGHT `1`; GGZDBCTRAJECTENHOOFDDIAGTAB: one trajectory number per row",
]

# address objects every world has: W01..W10 in the wijken of Utrecht, X in another gemeente
DEFAULT_PLACES = {**{f"W{i:02d}": f"WK0344{i:02d}" for i in range(1, 11)}, "X": "GM0307"}
DEFAULT_PLACES_TEXT = (
    "Address objects `W01` .. `W10` lie in wijk `WK034401` .. `WK034410` of the gemeente "
    "`GM0344` (Utrecht) in every year, in the wijk's first buurt (`BU0344<nn>00`), `X` in "
    "another gemeente (`GM0307`); an object a world does not list has no VSLGWBTAB row. A "
    "rule's own VSLGWBTAB table shows, per object and year, the buurt, the wijk (then its "
    "first buurt) or the other gemeente the object lies in on 1 January of that year; an "
    "empty cell means no mapping that year."
)


def person_number(v: str) -> str:
    """'7' -> '000000007'; an empty or non-numeric value stays as it is."""
    return v.zfill(9) if v.isdigit() else v


def short_person(v: str) -> str:
    return (v.lstrip("0") or v) if v else "(none)"


def place(code: str) -> tuple[str, str, str]:
    """'WK034401', 'BU03440102' or 'GM0307' (or '') -> (gem, wc, bc) columns of VSLGWBTAB;
    a wijk code places in its first buurt (`<wijk>00`)."""
    if not code:
        return ("", "", "")
    if code.startswith("BU"):
        return (code[2:6], code[2:8], code[2:10])
    if code.startswith("WK"):
        return (code[2:6], code[2:8], code[2:8] + "00")
    if code.startswith("GM"):
        return (code[2:6], code[2:6] + "01", code[2:6] + "0100")
    raise ValueError(
        f"place {code!r}: write a buurt code BU........, a wijk code WK...... or a gemeente code GM...."
    )


def places_frame(text: str | None, years: list[int]) -> pd.DataFrame:
    """VSLGWBTAB from the default objects plus a rule's own table | OBJ | <year> | ... |."""
    mapping: dict[str, dict[int, tuple[str, str, str]]] = {
        obj: {y: place(code) for y in years} for obj, code in DEFAULT_PLACES.items()
    }
    if text:
        for _, row in table(text).iterrows():
            mapping[row["OBJ"]] = {y: place(row.get(str(y), "")) for y in years}
    return objects(mapping, years)


def _answers(value: str, n: int, prefix: str) -> dict[str, str]:
    items = value.split()
    if len(items) != n:
        raise ValueError(f"{prefix}: expected {n} answers, got {value!r}")
    return {f"{prefix}_{i:02d}": ("" if a == "." else a) for i, a in enumerate(items, 1)}


def contract_frame(name: str, text: str) -> pd.DataFrame:
    """A text table of contract table `name` with its short columns, defaults filled in."""
    df = table(text).rename(columns=ALIASES.get(name, PERSON))
    tbl = TABLES[name]
    for c in tbl.columns:
        if c.kind == "rin" and c.name in df:
            df[c.name] = df[c.name].map(person_number)
    series = {"RINPERSOONS": "RINPERSOON", "RINPERSOONSpa": "RINPERSOONpa",
              "RINPERSOONSMa": "RINPERSOONMa", "RINPERSOONSHKW": "RINPERSOONHKW"}  # fmt: skip
    for s, p in series.items():
        if s not in df and p in df:
            df[s] = np.where(df[p] != "", "R", "")
    if name == "GBAPERSOONTAB":
        for col, v in {"GBAGESLACHT": "1", "GBAGEBOORTEMAAND": "01", "GBAGENERATIE": "0",
                       "GBAHERKOMSTLAND": "6030", "GBAAANTALOUDERSBUITENLAND": "0"}.items():  # fmt: skip
            if col not in df:
                df[col] = v
        df["GBAGEBOORTELAND"] = df["GBAHERKOMSTLAND"].where(df["GBAGENERATIE"] == "1", "6030")
    if name == "GBAADRESOBJECTBUS":
        df["SOORTOBJECTNUMMER"] = "A"
    if name == "GGZDBCTRAJECTENHOOFDDIAGTAB" and "GGZDBCtrajectnummer" not in df:
        df["GGZDBCtrajectnummer"] = [f"T{i}" for i in range(1, len(df) + 1)]
    if name == "GEZOMONITOR":
        if "WEIGHT" not in df:
            df["WEIGHT"] = "1"
        for short, n in (("K10", 10), ("EENZ", 11)):
            if short in df:
                wide = pd.DataFrame([_answers(v, n, short) for v in df[short]], index=df.index)
                df = pd.concat([df.drop(columns=short), wide], axis=1)
    return df


def split_name(key: str) -> tuple[str, int | None]:
    """'ZVWZORGKOSTENTAB2021' -> ('ZVWZORGKOSTENTAB', 2021); 'KINDOUDERTAB' -> (.., None)."""
    m = re.fullmatch(r"([A-Z]+)(\d{4})?", key)
    if not m or m.group(1) not in TABLES:
        raise ValueError(f"unknown input table {key!r}")
    return m.group(1), int(m.group(2)) if m.group(2) else None


# ------------------------------------------------------------------------------ worlds


class Validated(dict):
    """{(table, year): validated Parquet}, each table ingested (checked) when first asked for."""

    def __init__(self, root: Path, out: Path, years: list[int]):
        super().__init__()
        self.root, self.out, self.years = root, out, years

    def __missing__(self, key):
        name, year = key
        stem = f"{name}{year}" if year is not None else name
        dest = self.out / f"{stem}.parquet"
        ingest(name, self.root / name / f"{stem}.csv", dest, year, self.years)
        self[key] = dest
        return dest


@dataclass
class World:
    years: list[int]
    waves: list[int]
    cfg: dict
    validated: Validated

    @property
    def definitions(self) -> Definitions:
        """The conditions and theme definitions, parsed from the config as the workflow does."""
        return parse_definitions(self.cfg)

    @property
    def geography(self) -> pd.DataFrame:
        return read_geography(REPO / self.cfg["reference"]["geography"], GEMEENTE)

    @property
    def countries(self) -> pd.DataFrame:
        return read_countries(REPO / self.cfg["reference"]["countries"])

    def connect(self, tables: list[str], year: int) -> duckdb.DuckDBPyConnection:
        """A connection with one view per named contract table (per-year tables of `year`)."""
        con = duckdb.connect()
        open_inputs(
            con, **{t: self.validated[(t, year if TABLES[t].per_year else None)] for t in tables}
        )
        return con


def build_world(tables: dict[str, str], years: list[int], root: Path) -> World:
    waves = sorted({y for k in tables for n, y in [split_name(k)] if n == "GEZOMONITOR"})
    years = sorted(set(years) | {y for k in tables for _, y in [split_name(k)] if y})
    frames = {k: contract_frame(split_name(k)[0], v) for k, v in tables.items() if k != "VSLGWBTAB"}
    frames["VSLGWBTAB"] = places_frame(tables.get("VSLGWBTAB"), years)
    write_world(root / "world", frames, years, waves)
    for key, df in frames.items():
        # columns beyond the contract of that year stay in the file (the pipeline ignores them)
        name, year = split_name(key)
        path = root / "world" / name / f"{key}.csv"
        written = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
        extra = [c for c in df.columns if c not in written.columns]
        if extra and name != "VSLGWBTAB":
            pd.concat([written, df[extra].reset_index(drop=True)], axis=1).to_csv(
                path, sep=";", index=False
            )
    cfg = config(years=years, survey_waves=waves)
    return World(years, waves, cfg, Validated(root / "world", root / "validated", years))


# ------------------------------------------------------------------------------ questions


@dataclass(frozen=True)
class Question:
    """What a rule asks of the pipeline. `answer` returns one row per key with answer columns;
    `include` names the yes/no column that says whether a row is there at all (rows the
    expected table marks `no` must be absent from the answer)."""

    text: str
    key: tuple[str, ...]
    answer: Callable[[World, pd.DataFrame], pd.DataFrame]
    years: tuple[int, ...] = ()
    include: str | None = None
    absent_when_all_no: bool = False
    needs_world: bool = True
    inputs: dict[str, str] = field(default_factory=dict)  # tables of a question without a world


def _person_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.insert(0, "person", out["RINPERSOON"].map(short_person))
    return out


def _residents(world: World, year: int) -> pd.DataFrame:
    con = duckdb.connect()
    views = {"adres": "GBAADRESOBJECTBUS", "geo": "VSLGWBTAB", "persoon": "GBAPERSOONTAB"}
    open_inputs(con, **{v: world.validated[(t, None)] for v, t in views.items()})
    bands = world.cfg["age_bands"]["kinderen"] + world.cfg["age_bands"]["volwassenen"]
    res = residents(con, year, GEMEENTE, world.countries, bands)
    con.close()
    return res


def _conditions(world: World, year: int) -> pd.DataFrame:
    tables = sorted({t for ts in SOURCE_TABLES.values() for t in ts})
    con = world.connect(tables, year)
    codelists = read_codelists(REPO / world.cfg["reference"]["codelists"])
    conds = person_conditions(con, world.definitions.conditions, year, codelists)
    con.close()
    return conds


def residents_on(year: int) -> Question:
    def answer(world: World, _expected) -> pd.DataFrame:
        res = _person_frame(_residents(world, year))
        return res.assign(resident=True)

    return Question(
        f"Who lives in the gemeente on 1 January {year}, where, and with which characteristics?",
        ("person",), answer, (year,), include="resident",
    )  # fmt: skip


def conditions_in(year: int) -> Question:
    def answer(world: World, expected: pd.DataFrame) -> pd.DataFrame:
        conds = _person_frame(_conditions(world, year))
        names = [c for c in expected.columns if c not in ("person", "why")]
        wide = conds.pivot_table(index="person", columns="condition", aggfunc="size", fill_value=0)
        wide = wide.reindex(columns=names, fill_value=0) > 0
        return wide[wide.any(axis=1)].reset_index()

    return Question(
        f"Which persons meet which condition in {year}?",
        ("person",), answer, (year,), absent_when_all_no=True,
    )  # fmt: skip


def ingest_spells() -> Question:
    def answer(world: World, expected: pd.DataFrame) -> pd.DataFrame:
        from wijkzicht.errors import WijkzichtError

        src = pd.read_csv(
            world.validated.root / "GBAADRESOBJECTBUS" / "GBAADRESOBJECTBUS.csv",
            sep=";", dtype=str, keep_default_na=False,
        )  # fmt: skip
        rows = []
        for p, spells in src.groupby("RINPERSOON", sort=True):
            path = world.validated.out / f"spells_{p}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            spells.to_csv(path, sep=";", index=False)
            try:
                ingest("GBAADRESOBJECTBUS", path, path.with_suffix(".parquet"), None, world.years)
                verdict = "accepted"
            except WijkzichtError as err:
                verdict = "input error" if "overlap" in str(err) else f"other error: {err}"
            rows.append({"person": short_person(p), "spells": verdict})
        return pd.DataFrame(rows)

    return Question(
        "Does the pipeline accept each person's address spells?", ("person",), answer, (2021,)
    )


def _kopp(world: World, year: int):
    from wijkzicht.themes.kopp import definition_flags, measures

    _, _, kids, _ = run_kopp(world.validated, world.cfg, year)
    kopp = world.definitions.kopp
    flags = definition_flags(kids, kopp.definitions)
    all_measures = measures(
        kids, year, kopp, world.geography, world.cfg["age_bands"]["kinderen"],
        buurt=world.cfg["buurt"]["registry_measures"],
    )  # fmt: skip
    return flags, all_measures


def kopp_children(year: int) -> Question:
    def answer(world: World, _expected) -> pd.DataFrame:
        flags, _ = _kopp(world, year)
        out = _person_frame(flags).assign(child=True)
        for name in world.definitions.kopp.definitions.names:
            out[name] = out["def_" + name]
        return out.rename(columns={"n_linkable_parents": "linkable parents"})

    return Question(
        f"Which children are in the KOPP population of {year}, and which definitions do they meet?",
        ("person",), answer, (year,), include="child",
    )  # fmt: skip


MEASURE_COLUMNS = ("numerator", "denominator", "n_numerator", "n_denominator", "value", "se")


def _select(m: pd.DataFrame, measure: str, by: tuple[str, ...], **where) -> pd.DataFrame:
    m = m[m["measure"] == measure]
    for col, v in where.items():
        if v is None:
            continue
        m = m[m[col].isin(v if isinstance(v, list) else [v])]
    if m.duplicated(list(by)).any():
        raise AssertionError(f"{measure}: rows not unique by {by}")
    return m.reset_index(drop=True)


def _describe(measure: str, year: int | str, **where) -> str:
    parts = [f"{k.replace('_', ' ')} {', '.join(v) if isinstance(v, list) else v}"
             for k, v in where.items() if v is not None]  # fmt: skip
    return f"The rows of `{measure}` {year}" + (f" ({'; '.join(parts)})" if parts else "") + "."


def kopp_measure(year: int, measure: str, by=("area_code",), **where) -> Question:
    def answer(world: World, _expected) -> pd.DataFrame:
        _, m = _kopp(world, year)
        return _select(m, measure, by, **where)

    return Question(_describe(measure, year, **where), tuple(by), answer, (year,))


def _adults(world: World, year: int) -> pd.DataFrame:
    from wijkzicht.themes import migratie as mg

    con = world.connect(["KOPPELPERSOONHUISHOUDEN", "INHATAB"], year)
    income = mg.income(con)
    con.close()
    return mg.adults(
        _residents(world, year), _conditions(world, year), income, world.definitions.migratie
    )


def migratie_adults(year: int) -> Question:
    def answer(world: World, _expected) -> pd.DataFrame:
        return _person_frame(_adults(world, year)).assign(adult=True)

    return Question(
        f"Who is in the adult population of the migration theme in {year}, with which care and income quintile?",
        ("person",), answer, (year,), include="adult",
    )  # fmt: skip


def _registry_measures(world: World, year: int) -> pd.DataFrame:
    from wijkzicht.themes import migratie as mg

    # the standard population: the adults of known sex of the first configured year
    standard = _adults(world, world.years[0])
    standard = standard[standard["geslacht"].isin(mg.SEXES)]
    return mg.registry_measures(
        _adults(world, year), standard, year, world.definitions.migratie, world.geography,
        herkomst_groups(world.countries), world.cfg["age_bands"]["volwassenen"],
        buurt=world.cfg["buurt"]["registry_measures"],
    )  # fmt: skip


def migratie_registry(year: int, measure: str, by=("area_code",), **where) -> Question:
    def answer(world: World, _expected) -> pd.DataFrame:
        return _select(_registry_measures(world, year), measure, by, **where)

    return Question(_describe(measure, year, **where), tuple(by), answer, (year,))


def _design(world: World, wave: int) -> pd.DataFrame:
    from wijkzicht.themes import migratie as mg

    survey = pd.read_parquet(world.validated[("GEZOMONITOR", wave)])
    return mg.survey_persons(
        survey, _residents(world, wave), _conditions(world, wave), world.definitions.migratie
    )


def survey_respondents(wave: int) -> Question:
    def answer(world: World, _expected) -> pd.DataFrame:
        from wijkzicht.themes import migratie as mg

        design = _person_frame(_design(world, wave))
        scale = world.definitions.migratie.survey.eenzaamheid
        items = design[[f"EENZ_{i:02d}" for i in range(1, 12)]].astype(float)
        score = mg.loneliness_score(items, list(scale.negative_items), list(scale.positive_items))
        flags = {c: design[c].map({1.0: True, 0.0: False}) for c in ("k10_hoog", "eenzaam")}
        return design.assign(**{"eenzaamheid score": score}, **flags).rename(
            columns={"in_population": "in population", "k10_score": "k10 score"}
        )

    return Question(
        f"What does the pipeline make of each respondent of survey wave {wave}?",
        ("person",), answer, (wave,),
    )  # fmt: skip


def _survey_measures(world: World, wave: int) -> pd.DataFrame:
    from wijkzicht.themes import migratie as mg

    return mg.survey_measures(
        _design(world, wave), wave, world.geography, herkomst_groups(world.countries)
    )


def migratie_survey(wave: int, measure: str, by=("area_code",), **where) -> Question:
    def answer(world: World, _expected) -> pd.DataFrame:
        return _select(_survey_measures(world, wave), measure, by, **where)

    return Question(_describe(measure, wave, **where), tuple(by), answer, (wave,))


def odds_ratio_rows(year: int, cells: str) -> Question:
    """migratie.or_ggz from a table of registry adults per combination of levels (`persons`,
    of whom `with ggz` had GGZ care); the model itself is checked in the unit tests."""

    def answer(world, _expected) -> pd.DataFrame:
        from wijkzicht.themes import migratie as mg

        rows = []
        for _, c in table(cells).iterrows():
            n, k = int(c["persons"]), int(c["with ggz"])
            levels = {g: c[g] for g in ("herkomst", "leeftijd", "geslacht", "inkomen")}
            rows += [{**levels, "ggz": i < k} for i in range(n)]
        geo = read_geography(REPO / "config/reference/geography.csv", GEMEENTE)
        herkomst = herkomst_groups(read_countries(REPO / "config/reference/countries.csv"))
        bands = config()["age_bands"]["volwassenen"]
        return mg.odds_ratios(pd.DataFrame(rows), year, geo, herkomst, bands)

    return Question(
        f"The rows of `migratie.or_ggz` {year} for these registry adults.",
        ("group", "group_value"), answer, (year,), needs_world=False,
        inputs={"Registry adults of the year, per combination of levels": cells},
    )  # fmt: skip


def _newcomers(world: World, year: int):
    from wijkzicht.themes import nieuwkomers as nk

    theme = world.definitions.nieuwkomers
    cond_t, cond_prev = _conditions(world, year), _conditions(world, year - 1)
    con = world.connect([], year)
    views = {"adres": "GBAADRESOBJECTBUS", "geo": "VSLGWBTAB", "persoon": "GBAPERSOONTAB",
             "wmo": "GEMWMOVOORZIENINGEN"}  # fmt: skip
    open_inputs(con, **{v: world.validated[(t, None)] for v, t in views.items()})
    new = nk.person_level(con, year, GEMEENTE, theme, cond_t, cond_prev)
    con.close()
    res = nk.markers(_residents(world, year), theme, cond_t, cond_prev)
    return new, res, theme


def newcomers_in(year: int) -> Question:
    def answer(world: World, _expected) -> pd.DataFrame:
        new, _, theme = _newcomers(world, year)
        out = _person_frame(new).assign(newcomer=True)
        out["moved"] = pd.to_datetime(out["verhuisdatum"]).dt.strftime("%Y%m%d")
        for name in theme.definitions.names:
            out[name] = out["m_" + name]
        return out

    return Question(
        f"Who is a newcomer to which wijk in {year}, from where, and with which markers?",
        ("person", "wijk"), answer, (year - 1, year), include="newcomer",
    )  # fmt: skip


def _nieuwkomers_measures(world: World, year: int) -> pd.DataFrame:
    from wijkzicht.themes import nieuwkomers as nk

    new, res, theme = _newcomers(world, year)
    return nk.measures(
        new, res, year, theme, world.geography, buurt=world.cfg["buurt"]["registry_measures"]
    )


def nieuwkomers_measure(year: int, measure: str, by=("area_code",), **where) -> Question:
    def answer(world: World, _expected) -> pd.DataFrame:
        return _select(_nieuwkomers_measures(world, year), measure, by, **where)

    return Question(_describe(measure, year, **where), tuple(by), answer, (year - 1, year))


def measure_over_years(
    years: list[int], measure: str, by=("year", "area_code"), **where
) -> Question:
    """The rows of a registry measure (KOPP, migratie or nieuwkomers) in several years at once,
    e.g. to follow a buurt whose addresses change between years."""
    theme = measure.split(".")[0]
    of_year = {
        "kopp": lambda world, y: _kopp(world, y)[1],
        "migratie": _registry_measures,
        "nieuwkomers": _nieuwkomers_measures,
    }[theme]

    def answer(world: World, _expected) -> pd.DataFrame:
        rows = pd.concat([of_year(world, y) for y in years], ignore_index=True)
        return _select(rows, measure, by, **where)

    shown = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    needed = {y - 1 for y in years} if theme == "nieuwkomers" else set()
    return Question(
        _describe(measure, shown, **where), tuple(by), answer, tuple(sorted(needed | set(years)))
    )


def measure_vocabulary(year: int) -> Question:
    """Per measure and group: the definitions, group values, methods and area levels of its
    rows (KOPP, registry and survey measures of the migration theme, newcomers)."""

    def answer(world: World, _expected) -> pd.DataFrame:
        _, kopp = _kopp(world, year)
        parts = [kopp, _registry_measures(world, year), _survey_measures(world, year),
                 _nieuwkomers_measures(world, year)]  # fmt: skip
        m = pd.concat(parts, ignore_index=True)
        rows = []
        for (measure, group), g in m.groupby(["measure", "group"], sort=False):
            row = {"measure": measure, "group": group, "theme": ", ".join(sorted(set(g["theme"])))}
            row["definition"] = ", ".join(sorted(set(g["definition"])))
            row["group_value"] = ", ".join(dict.fromkeys(g["group_value"]))  # in the table's order
            row["method"] = ", ".join(sorted(set(g["method"])))
            row["area_level"] = ", ".join(dict.fromkeys(g["area_level"]))
            rows.append(row)
        return pd.DataFrame(rows)

    return Question(
        f"Which keys do the rows of {year} carry, per measure and group?",
        ("measure", "group"), answer, (year - 1, year),
    )  # fmt: skip


def workflow_function(path: str, name: str) -> Callable:
    """A plain function defined in a Snakemake file (e.g. workflow/rules/common.smk)."""
    text = (REPO / path).read_text(encoding="utf-8")
    block = re.search(rf"^def {name}\(.*?(?=^\S)", text + "\n#", flags=re.S | re.M)
    if not block:
        raise AssertionError(f"{path} defines no function {name}")
    return block.group(0)


def newcomer_years() -> Question:
    def answer(_world, expected: pd.DataFrame) -> pd.DataFrame:
        source = workflow_function("workflow/rules/common.smk", "theme_years")
        rows = []
        for data_years in expected["data years"]:
            ends = [int(y) for y in data_years.split("-")]
            scope: dict = {"YEARS": list(range(ends[0], ends[-1] + 1))}
            exec(source, scope)
            got = scope["theme_years"]("nieuwkomers")
            shown = "none" if not got else str(got[0]) if len(got) == 1 else f"{got[0]}-{got[-1]}"
            rows.append({"data years": data_years, "newcomer years": shown})
        return pd.DataFrame(rows)

    return Question(
        "For which years does the workflow compute the newcomer measures?",
        ("data years",), answer, needs_world=False,
    )  # fmt: skip


# ------------------------------------------------------------------------------ specs


# the parts of the external contract a rule can state: the numbered precise rules of the
# measures contract, its conventions and theme text, and the input contract
CONTRACT_PARTS = {**{i: f"precise rule {i}" for i in range(1, 26)},
                  "conventions": "conventions and theme definitions",
                  "inputs": "input contract"}  # fmt: skip


@dataclass
class Spec:
    """One rule: the contract rules it states, its tiny world, the question and the answer.

    A rule without a world (an estimator or disclosure rule) names the tests that check it
    in `checked_by` ('tests/unit/test_x.py::test_y')."""

    contract: list[int | str]
    tables: dict[str, str] = field(default_factory=dict)
    question: Question | None = None
    expected: str = ""
    years: list[int] = field(default_factory=list)
    checked_by: list[str] = field(default_factory=list)


def fmt(v) -> str:
    """One answer cell as text: yes/no, numbers with at most four decimals, empty for missing."""
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, bool | np.bool_):
        return "yes" if v else "no"
    if isinstance(v, int | np.integer):
        return str(int(v))
    if isinstance(v, float | np.floating):
        return f"{float(v):.4f}".rstrip("0").rstrip(".") if float(v) != int(v) else str(int(v))
    return str(v)


def _normal(cell: str) -> str:
    try:
        return fmt(float(cell)) if cell not in ("", "yes", "no") else cell
    except ValueError:
        return cell


def _absent(q: Question, want: pd.DataFrame) -> pd.Series:
    """The expected rows that say a key is not in the answer at all."""
    if q.include:
        return want[q.include] == "no"
    if q.absent_when_all_no:
        return (want.drop(columns=list(q.key)) == "no").all(axis=1)
    return pd.Series(False, index=want.index)


def compare(q: Question, got: pd.DataFrame, expected: pd.DataFrame) -> None:
    cols = [c for c in expected.columns if c != "why"]
    missing = [c for c in cols if c not in got.columns]
    assert not missing, f"the question gives no column(s) {missing}; it gives {list(got.columns)}"
    want = expected[cols].astype(object).map(_normal)
    have = got[cols].astype(object).map(fmt) if len(got) else pd.DataFrame(columns=cols)
    key = list(q.key)
    absent = _absent(q, want)
    present = want[~absent]
    have_rows = [dict(zip(key, t, strict=True)) for t in have[key].itertuples(index=False)]
    for _, row in want[absent].iterrows():
        given = {k: row[k] for k in key if row[k] != ""}
        hits = [h for h in have_rows if all(h[k] == v for k, v in given.items())]
        assert not hits, f"{given} should not be in the answer, but is: {hits}"
    assert not have.duplicated(key).any(), f"answer rows not unique by {key}"
    have_keys = set(map(tuple, have[key].to_numpy()))
    want_keys = set(map(tuple, present[key].to_numpy()))
    assert have_keys == want_keys, (
        f"rows by {key}: unexpected {sorted(have_keys - want_keys)}, missing {sorted(want_keys - have_keys)}"
    )
    merged = present.merge(have, on=key, suffixes=("", " (got)"))
    diffs = []
    for c in cols:
        if c in key:
            continue
        bad = merged[merged[c] != merged[c + " (got)"]]
        diffs += [
            f"{dict(r[key])}: {c} expected {r[c]!r}, got {r[c + ' (got)']!r}"
            for _, r in bad.iterrows()
        ]
    assert not diffs, "\n".join(diffs)


def test_names(path: str) -> set[str]:
    """The test functions defined in a test file."""
    tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
    return {
        n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")
    }


def check(spec: Spec, tmp: Path) -> None:
    """Run the rule's question on its world and compare with the expected answer."""
    assert spec.contract, "a rule states which parts of the contract it covers"
    for part in spec.contract:
        assert part in CONTRACT_PARTS, f"contract part {part!r}: one of {list(CONTRACT_PARTS)}"
    for ref in spec.checked_by:
        path, _, name = ref.partition("::")
        assert (REPO / path).exists(), f"{ref}: no such file"
        assert name in test_names(path), f"{ref}: no such test"
    if spec.question is None:
        assert spec.checked_by, "a rule without a world names the tests that check it"
        return
    expected = table(spec.expected)
    world = None
    if spec.question.needs_world:
        world = build_world(spec.tables, sorted(set(spec.years) | set(spec.question.years)), tmp)
    got = spec.question.answer(world, expected)
    compare(spec.question, got, expected)
    every_cell_counts(spec.question, got, expected)


def _mutated(cell: str) -> str:
    if cell in ("yes", "no"):
        return {"yes": "no", "no": "yes"}[cell]
    if cell == "":
        return "1"
    try:
        return fmt(float(cell) + 1)
    except ValueError:
        return cell + "?"


def every_cell_counts(q: Question, got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """No expected cell is decoration: changing any one of them makes the comparison fail.

    A row that says a key is absent carries no other answers (they could not be checked); of
    such a row only the cells that make it absent are changed."""
    cols = [c for c in expected.columns if c != "why"]
    absent = _absent(q, expected[cols].astype(object).map(_normal))
    for i in expected.index[absent]:
        extra = [
            c
            for c in cols
            if c not in q.key and c != q.include and expected.at[i, c] not in ("", "no")
        ]
        assert not extra, (
            f"row {i} says {dict(expected.loc[i, list(q.key)])} is absent, yet answers {extra}"
        )
    for i in expected.index:
        if absent[i]:
            changeable = [q.include] if q.include else [c for c in cols if c not in q.key]
        else:
            changeable = cols
        for c in changeable:
            wrong = expected.copy()
            wrong.at[i, c] = _mutated(expected.at[i, c])
            try:
                compare(q, got, wrong)
            except AssertionError:
                continue
            raise AssertionError(f"the answer is not checked: row {i}, column {c!r} {expected.at[i, c]!r} "
                                 f"could be {wrong.at[i, c]!r}")  # fmt: skip
