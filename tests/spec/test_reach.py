"""The reach of year t = 2021 (t-1 = 2020) on a hand-built tiny world, and the narrowed tables.

Objects: A1 (West, WK034401) and A2 (Overvecht, WK034403) in GM0344, the gemeente analysed;
A3, A4 and A5 in GM0307.

Persons, by what they are in 2021:
- 1: a resident child at A1; father 2, mother 3;
- 2: the father, living elsewhere (A3) the whole period, with GGZ costs in 2021: reached as a
  parent, his condition counts for his child;
- 3: the mother, resident at A1;
- 4: a newcomer: at A4 (GM0307) until 31 May 2021, then at A2; GGZ costs in 2020 (his marker
  of the year before), an income household in 2020 only;
- 5: a stranger at A5 the whole period, with rows in every table: not reached;
- 6: lived at A1 until the end of 2019, then at A3: not reached in 2021;
- 7: a survey respondent of 2021 living elsewhere (A3): reached as respondent;
- 8: an RINPERSOONS 'I' person at A1 (not linkable): not reached.
"""

import duckdb
import pandas as pd
import pytest
from worlds import REPO, adres, config, ingest_all, kindouder, objects, persoon, table, write_world

from wijkzicht.definitions import parse_definitions
from wijkzicht.inputs.reference import read_codelists, read_countries, survey_strata
from wijkzicht.population.conditions import person_conditions
from wijkzicht.population.reach import (
    NARROWED,
    PREVIOUS,
    find_reach,
    narrow_tables,
    write_reach,
)
from wijkzicht.population.residents import open_inputs, residents
from wijkzicht.themes.nieuwkomers import newcomers

YEAR = 2021
YEARS = [2020, 2021]
KEY = ["RINPERSOONS", "RINPERSOON"]

PERSONS = persoon("""
| S | P         | SEX | JAAR | MAAND | GEN | HERKOMST |
| R | 000000001 | 1   | 2012 | 01    | 0   | 6030     |
| R | 000000002 | 1   | 1980 | 01    | 0   | 6030     |
| R | 000000003 | 2   | 1982 | 01    | 0   | 6030     |
| R | 000000004 | 2   | 1990 | 01    | 0   | 6030     |
| R | 000000005 | 1   | 1970 | 01    | 0   | 6030     |
| R | 000000006 | 2   | 1975 | 01    | 0   | 6030     |
| R | 000000007 | 2   | 1960 | 01    | 0   | 6030     |
| I | 000000008 | 1   | 1985 | 01    | 0   | 6030     |
""")
ADRES = adres("""
| S | P         | AANVANG  | EINDE    | OBJ |
| R | 000000001 | 20120101 | 20501231 | A1  |
| R | 000000002 | 20000101 | 20501231 | A3  |
| R | 000000003 | 20000101 | 20501231 | A1  |
| R | 000000004 | 20100101 | 20210531 | A4  |
| R | 000000004 | 20210601 | 20501231 | A2  |
| R | 000000005 | 20000101 | 20501231 | A5  |
| R | 000000006 | 20000101 | 20191231 | A1  |
| R | 000000006 | 20200101 | 20501231 | A3  |
| R | 000000007 | 20000101 | 20501231 | A3  |
| I | 000000008 | 20000101 | 20501231 | A1  |
""")
KINDOUDER = kindouder("""
| S | P         | Spa | Ppa       | Sma | Pma       |
| R | 000000001 | R   | 000000002 | R   | 000000003 |
| R | 000000005 | R   | 000000006 | R   | 000000007 |
""")
PLACES = {
    "A1": ("0344", "034401", "03440100"),
    "A2": ("0344", "034403", "03440300"),
    "A3": ("0307", "030701", "03070100"),
    "A4": ("0307", "030701", "03070100"),
    "A5": ("0307", "030701", "03070100"),
}
ZVW = {
    2020: table("""
| RINPERSOONS | RINPERSOON | ZVWKHUISARTS | ZVWKFARMACIE | ZVWKGENBASGGZ | ZVWKSPECGGZ |
| R           | 000000004  | 0            | 0            | 120           |             |
| R           | 000000005  | 0            | 0            | 80            |             |
"""),
    2021: table("""
| RINPERSOONS | RINPERSOON | ZVWKHUISARTS | ZVWKFARMACIE | ZVWKGENBASGGZ | ZVWKSPECGGZ |
| R           | 000000002  | 0            | 0            | 300           |             |
| R           | 000000005  | 0            | 0            | 90            |             |
| R           | 000000007  | 0            | 0            | 40            |             |
"""),
}
KOPPEL = {
    2020: table("""
| RINPERSOONS | RINPERSOON | RINPERSOONSHKW | RINPERSOONHKW |
| R           | 000000004  | R              | 000000004     |
| R           | 000000005  | R              | 000000005     |
"""),
    2021: table("""
| RINPERSOONS | RINPERSOON | RINPERSOONSHKW | RINPERSOONHKW |
| R           | 000000001  | R              | 000000003     |
| R           | 000000003  | R              | 000000003     |
| R           | 000000005  | R              | 000000005     |
"""),
}
INHA = {
    y: table("""
| RINPERSOONSHKW | RINPERSOONHKW | INHBESTINKH | INHP100HBEST |
| R              | 000000003     | 30000       | 40           |
| R              | 000000004     | 9000        | 5            |
| R              | 000000005     | 9000        | 5            |
""")
    for y in YEARS
}
HUISHOUDENS = table("""
| RINPERSOONS | RINPERSOON | HUISHOUDNR | DATUMAANVANGHH | DATUMEINDEHH | TYPHH | PLHH |
| R           | 000000001  | H1         | 20120101       |              | 4     | 1    |
| R           | 000000005  | H5         | 20000101       |              | 1     | 1    |
""")
WMO = table("""
| RINPERSOONS | RINPERSOON | VOORZIENING | DATUMBEGIN | DATUMEINDE |
| R           | 000000004  | BW          | 20190101   | 20210301   |
| R           | 000000005  | BW          | 20190101   |            |
""")
SURVEY = table("""
| RINPERSOONS | RINPERSOON | STRATUM | WEIGHT |
| R           | 000000007  | 030701  | 12.5   |
""")

REACHED = {
    "000000001": ["gemeente"],
    "000000002": ["ouder"],
    "000000003": ["gemeente", "ouder"],
    "000000004": ["gemeente"],
    "000000007": ["respondent"],
}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The validated world, the reach of 2021, and the tables narrowed with and without
    narrowing: {"validated": {(table, year): path}, "narrowed": {...}, "copied": {...}}."""
    root = tmp_path_factory.mktemp("world")
    tables = {
        "GBAPERSOONTAB": PERSONS, "GBAADRESOBJECTBUS": ADRES, "KINDOUDERTAB": KINDOUDER,
        "VSLGWBTAB": objects(PLACES, YEARS), "GBAHUISHOUDENSBUS": HUISHOUDENS,
        "GEMWMOVOORZIENINGEN": WMO, "GEZOMONITOR2021": SURVEY,
        **{f"ZVWZORGKOSTENTAB{y}": t for y, t in ZVW.items()},
        **{f"KOPPELPERSOONHUISHOUDEN{y}": t for y, t in KOPPEL.items()},
        **{f"INHATAB{y}": t for y, t in INHA.items()},
    }  # fmt: skip
    write_world(root, tables, YEARS, waves=[YEAR])
    cfg = config(years=YEARS, survey_waves=[YEAR])
    validated = ingest_all(root, tmp_path_factory.mktemp("validated"), cfg)
    out = tmp_path_factory.mktemp("narrowed")

    def source(t, previous=False):
        per_year = t in PREVIOUS
        return validated[(t, (YEAR - 1 if previous else YEAR) if per_year else None)]

    con = duckdb.connect()
    open_inputs(
        con, adres=validated[("GBAADRESOBJECTBUS", None)], geo=validated[("VSLGWBTAB", None)],
        kindouder=validated[("KINDOUDERTAB", None)], survey=validated[("GEZOMONITOR", YEAR)],
    )  # fmt: skip
    n = find_reach(con, YEAR, "GM0344", survey=True)
    write_reach(con, out / "reach.parquet")
    result = {"validated": validated, "n": n, "reach": pd.read_parquet(out / "reach.parquet")}
    for name, narrowing in (("narrowed", True), ("copied", False)):
        paths = {t: out / name / f"{t}.parquet" for t in NARROWED}
        narrow_tables(con, {t: source(t) for t in NARROWED}, paths, narrowing=narrowing)
        previous = {t: out / name / "previous" / f"{t}.parquet" for t in PREVIOUS}
        narrow_tables(con, {t: source(t, True) for t in PREVIOUS}, previous, narrowing=narrowing)
        result[name] = {"year": paths, "previous": previous}
    result["cfg"] = cfg
    return result


def test_the_reach_of_2021(world):
    reach = world["reach"]
    assert world["n"] == len(reach) == len(REACHED)
    got = {r.RINPERSOON: list(r.roles) for r in reach.itertuples()}
    assert got == REACHED
    assert (reach["RINPERSOONS"] == "R").all()


def keys(path) -> set[str]:
    df = pd.read_parquet(path)
    return set(df["RINPERSOON"])


def test_narrowed_tables_hold_every_row_of_the_reached_and_nothing_else(world):
    validated, narrowed = world["validated"], world["narrowed"]["year"]
    reached = set(REACHED)
    for t in NARROWED:
        national = pd.read_parquet(
            validated[(t, YEAR if t in PREVIOUS else None)] if t != "VSLGWBTAB"
            else validated[(t, None)]
        )  # fmt: skip
        got = pd.read_parquet(narrowed[t])
        assert list(got.columns) == list(national.columns), t
        assert (got.dtypes == national.dtypes).all(), t
        if t == "VSLGWBTAB":  # the objects of the reached persons' address spells
            assert set(got["RINOBJECTNUMMER"]) == {"A1", "A2", "A3", "A4"}
            continue
        if t == "INHATAB":  # the income households of the reached persons' KOPPEL rows
            assert set(got["RINPERSOONHKW"]) == {"000000003"}
            continue
        want = national[national["RINPERSOON"].isin(reached) & (national["RINPERSOONS"] == "R")]
        assert len(got) == len(want), t
        assert set(got["RINPERSOON"]) == set(want["RINPERSOON"]), t
    # the stranger (5), who left before 2021 (6) and the 'I' person (8) are in no table
    for t in NARROWED:
        if t not in ("VSLGWBTAB", "INHATAB"):
            assert not {"000000005", "000000006", "000000008"} & keys(narrowed[t]), t
    # the newcomer's previous address spell is kept (its wijk decides whether he moved in)
    spells = pd.read_parquet(narrowed["GBAADRESOBJECTBUS"])
    assert sorted(spells.loc[spells["RINPERSOON"] == "000000004", "RINOBJECTNUMMER"]) == [
        "A2",
        "A4",
    ]


def test_without_narrowing_the_copies_are_whole(world):
    validated, copied = world["validated"], world["copied"]
    for t in NARROWED:
        year = None if t not in PREVIOUS else YEAR
        assert len(pd.read_parquet(copied["year"][t])) == len(
            pd.read_parquet(validated[(t, year)])
        ), t
    for t in PREVIOUS:
        assert len(pd.read_parquet(copied["previous"][t])) == len(
            pd.read_parquet(validated[(t, YEAR - 1)])
        ), t


def conditions(paths: dict, year: int, cfg) -> pd.DataFrame:
    con = duckdb.connect()
    open_inputs(con, **{str(k): v for k, v in paths.items()})
    codelists = read_codelists(REPO / cfg["reference"]["codelists"])
    return person_conditions(con, parse_definitions(cfg).conditions, year, codelists)


def _sources(world, which: str, previous: bool) -> dict:
    """The condition sources of the narrowed (or copied) tables: of 2021, or of 2020 for the
    reach of 2021 (the per-year tables from `previous`, the others of the year)."""
    year, prev = world[which]["year"], world[which]["previous"]
    tables = {"ZVWZORGKOSTENTAB", "MEDICIJNTAB", "GGZDBCTRAJECTENHOOFDDIAGTAB",
              "GEMWMOVOORZIENINGEN", "GEMBUURTTEAM", "KOPPELPERSOONHUISHOUDEN", "INHATAB"}  # fmt: skip
    return {t: (prev[t] if previous and t in PREVIOUS else year[t]) for t in tables}


def test_conditions_of_the_reached(world):
    cfg = world["cfg"]
    now = conditions(_sources(world, "narrowed", False), YEAR, cfg)
    before = conditions(_sources(world, "narrowed", True), YEAR - 1, cfg)
    ggz = set(now.loc[now["condition"] == "ggz", "RINPERSOON"])
    # the father elsewhere and the respondent elsewhere; not the stranger
    assert ggz == {"000000002", "000000007"}
    # the newcomer's GGZ costs of the year before; not the stranger's
    assert set(before.loc[before["condition"] == "ggz", "RINPERSOON"]) == {"000000004"}
    # the same rows as on the whole tables, restricted to the reach
    for previous, got in ((False, now), (True, before)):
        whole = conditions(_sources(world, "copied", previous), YEAR - previous, cfg)
        whole = whole[whole["RINPERSOON"].isin(set(REACHED))].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, whole)
    assert "000000005" in set(
        conditions(_sources(world, "copied", True), YEAR - 1, cfg)["RINPERSOON"]
    )


def test_residents_and_newcomers_are_the_same_on_the_narrowed_tables(world):
    cfg = world["cfg"]
    countries = read_countries(REPO / cfg["reference"]["countries"])
    bands = cfg["age_bands"]["kinderen"] + cfg["age_bands"]["volwassenen"]
    out = {}
    for which in ("narrowed", "copied"):
        p = world[which]["year"]
        con = duckdb.connect()
        open_inputs(
            con, adres=p["GBAADRESOBJECTBUS"], geo=p["VSLGWBTAB"], persoon=p["GBAPERSOONTAB"]
        )
        out[which] = (
            residents(con, YEAR, "GM0344", countries, bands),
            newcomers(con, YEAR, "GM0344"),
        )
    for a, b in zip(out["narrowed"], out["copied"], strict=True):
        pd.testing.assert_frame_equal(a, b)
    res, new = out["narrowed"]
    assert list(res["RINPERSOON"]) == ["000000001", "000000003"]
    assert list(new["RINPERSOON"]) == ["000000004"]
    assert list(new["origin"]) == ["buiten_gemeente"]


@pytest.mark.parametrize(
    "gemeente, reached", [("GM0344", False), ("GM0307", True)], ids=["own", "other"]
)
def test_respondents_are_those_sampled_in_the_gemeentes_strata(world, gemeente, reached):
    """The GGD's survey file of a region holds every gemeente's respondents: with the analysed
    gemeente's strata (`survey_strata`), respondent 7 (stratum 030701, a wijk of GM0307) is
    reached only when his stratum is one of them."""
    geo = pd.DataFrame(
        {"gemeente_code": ["GM0344", "GM0307"], "wijk_code": ["WK034401", "WK030701"]}
    )
    v = world["validated"]
    con = duckdb.connect()
    open_inputs(
        con, adres=v[("GBAADRESOBJECTBUS", None)], geo=v[("VSLGWBTAB", None)],
        kindouder=v[("KINDOUDERTAB", None)], survey=v[("GEZOMONITOR", YEAR)],
    )  # fmt: skip
    find_reach(con, YEAR, "GM0344", survey=True, strata=survey_strata(geo, gemeente))
    got = dict(con.execute("SELECT RINPERSOON, roles FROM reach").fetchall())
    assert ("000000007" in got) == reached
    assert {k: v for k, v in got.items() if k != "000000007"} == {
        k: v for k, v in REACHED.items() if k != "000000007"
    }


# A GGD region of both gemeenten of the world: GM0344 (A1, A2) and GM0307 (A3, A4, A5)
REGION = ["GM0344", "GM0307"]
GEO = pd.DataFrame({"gemeente_code": REGION, "wijk_code": ["WK034401", "WK030701"]})


def _narrow(v: dict, reach_of, sources: dict, out, gemeenten, previous_sources: dict) -> dict:
    """Narrow `sources` (year t) and `previous_sources` (year t-1) to the reach of `gemeenten`
    (found on `reach_of`: views adres, geo, kindouder) as the narrow job does, with the union of their survey strata; {name: DataFrame} of every written file."""
    con = duckdb.connect()
    open_inputs(con, **reach_of, survey=v[("GEZOMONITOR", YEAR)])
    strata = sorted({s for gm in gemeenten for s in survey_strata(GEO, gm)})
    find_reach(con, YEAR, gemeenten, survey=True, strata=strata)
    write_reach(con, out / "reach.parquet")
    paths = {t: out / f"{t}.parquet" for t in NARROWED}
    narrow_tables(con, sources, paths, narrowing=True)
    previous = {t: out / "previous" / f"{t}.parquet" for t in PREVIOUS}
    narrow_tables(con, previous_sources, previous, narrowing=True)
    files = {
        "reach": out / "reach.parquet",
        **paths,
        **{f"previous/{t}": p for t, p in previous.items()},
    }
    return {k: pd.read_parquet(p) for k, p in files.items()}


def _views(tables: dict) -> dict:
    return {"adres": tables["GBAADRESOBJECTBUS"], "geo": tables["VSLGWBTAB"],
            "kindouder": tables["KINDOUDERTAB"]}  # fmt: skip


@pytest.fixture(scope="module")
def twice(world, tmp_path_factory):
    """Each gemeente of REGION narrowed once (from the validated tables) and twice (the
    region's copies first, as rule narrow_region does, then the gemeente's from those):
    {"region": {...}, "once": {gm: {...}}, "twice": {gm: {...}}}."""
    v = world["validated"]
    national = {t: v[(t, YEAR if t in PREVIOUS else None)] for t in NARROWED}
    national_previous = {t: v[(t, YEAR - 1)] for t in PREVIOUS}
    root = tmp_path_factory.mktemp("twice")
    region_dir = root / "region"
    region = _narrow(v, _views(national), national, region_dir, REGION, national_previous)
    copies = {t: region_dir / f"{t}.parquet" for t in NARROWED}
    copies_previous = {t: region_dir / "previous" / f"{t}.parquet" for t in PREVIOUS}
    out = {"region": region, "once": {}, "twice": {}}
    for gm in REGION:
        out["once"][gm] = _narrow(
            v, _views(national), national, root / "once" / gm, [gm], national_previous
        )
        out["twice"][gm] = _narrow(
            v, _views(copies), copies, root / "twice" / gm, [gm], copies_previous
        )
    return out


@pytest.mark.parametrize("gemeente", REGION)
def test_narrowing_the_regions_copies_gives_the_gemeentes_narrowed_tables(twice, gemeente):
    """Narrowing twice (the region, then the gemeente from the region's copies) writes the
    same reach and the same rows as narrowing the national tables once (their order is
    DuckDB's join plan's: compared sorted)."""
    once, again = twice["once"][gemeente], twice["twice"][gemeente]
    assert once.keys() == again.keys()
    for name in once:
        pd.testing.assert_frame_equal(_sorted(again[name]), _sorted(once[name]), obj=name)


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in df.columns if c != "roles"]  # roles: a list, follows the key
    return df.sort_values(cols).reset_index(drop=True)


def test_the_regions_reach_is_the_union_of_its_gemeentes(twice):
    region = twice["region"]["reach"]
    want: dict[str, set] = {}
    for gm in REGION:
        for r in twice["once"][gm]["reach"].itertuples():
            want.setdefault(r.RINPERSOON, set()).update(r.roles)
    got = {r.RINPERSOON: list(r.roles) for r in region.itertuples()}
    assert got == {k: sorted(v) for k, v in sorted(want.items())}
    # by hand: the stranger (5) and who moved to A3 (6) live in GM0307; the 'I' person (8) is
    # reached nowhere; the respondent (7) only for GM0307's stratum, in both the region's and
    # GM0307's reach
    assert sorted(got) == ["000000001", "000000002", "000000003", "000000004", "000000005",
                           "000000006", "000000007"]  # fmt: skip
    assert "000000007" not in set(twice["once"]["GM0344"]["reach"]["RINPERSOON"])
    assert got["000000006"] == ["gemeente", "ouder"]
    # the region's copies hold more than GM0344's: narrowing them again is not a copy
    assert len(twice["region"]["GBAADRESOBJECTBUS"]) > len(
        twice["once"]["GM0344"]["GBAADRESOBJECTBUS"]
    )


def test_narrowed_rows_keep_the_national_order_and_bytes(tmp_path):
    """A narrowed table holds its rows in the national file's order, so writing it again gives
    the same bytes: a semi-join on several threads emitted them in the order its threads
    finished (the 2-million world's narrowed files differed from run to run). A table of
    300,000 persons in three row groups, every third one reached, narrowed on four threads."""
    con = duckdb.connect(config={"threads": 4})
    national = tmp_path / "GBAPERSOONTAB.parquet"
    con.sql(
        "SELECT 'R' AS RINPERSOONS, lpad(CAST((i * 7919) % 300000 AS VARCHAR), 9, '0') AS "
        "RINPERSOON, CAST(i % 97 AS VARCHAR) AS GBAGESLACHT FROM range(300000) AS t(i)"
    ).write_parquet(str(national), row_group_size=100_000)
    con.execute(
        "CREATE TEMP TABLE reach AS SELECT RINPERSOONS, RINPERSOON, ['gemeente'] AS roles "
        f"FROM read_parquet('{national}') WHERE CAST(RINPERSOON AS INTEGER) % 3 = 0"
    )
    outs = [tmp_path / f"narrowed{i}.parquet" for i in range(3)]
    for out in outs:
        narrow_tables(con, {"GBAPERSOONTAB": national}, {"GBAPERSOONTAB": out})
    whole = pd.read_parquet(national)
    want = whole[whole["RINPERSOON"].astype(int) % 3 == 0].reset_index(drop=True)
    pd.testing.assert_frame_equal(pd.read_parquet(outs[0]), want)
    assert len({out.read_bytes() for out in outs}) == 1
