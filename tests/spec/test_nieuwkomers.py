"""Newcomers on a hand-built tiny world, year t = 2021 (t-1 = 2020).

Objects: A1 and A5 in West (WK034401), A2 in Overvecht (WK034403), A3 in GM0307,
A6 in West in 2020 but Noordwest (WK034402) from 2021, A7 unmapped in 2021.
"""

import duckdb
import pytest
from worlds import REPO, adres, config, ingest_all, objects, persoon, table, write_world

from wijkzicht.definitions import parse_definitions
from wijkzicht.inputs.reference import read_codelists, read_countries, read_geography
from wijkzicht.population.conditions import person_conditions
from wijkzicht.population.residents import open_inputs, residents
from wijkzicht.themes import nieuwkomers as nk

YEARS = [2020, 2021]

PERSONS = persoon("""
| S | P         | SEX | JAAR | MAAND | GEN | HERKOMST |
| R | 000000001 | 1   | 1980 | 01    | 0   | 6030     |
| R | 000000002 | 2   | 1980 | 01    | 0   | 6030     |
| R | 000000003 | 1   | 1980 | 01    | 0   | 6030     |
| R | 000000004 | 2   | 2021 | 03    | 0   | 6030     |
| R | 000000005 | 1   | 1990 | 01    | 0   | 6030     |
| R | 000000006 | 2   | 1980 | 01    | 0   | 6030     |
| R | 000000007 | 1   | 1980 | 01    | 0   | 6030     |
| R | 000000009 | 1   | 1980 | 01    | 0   | 6030     |
| R | 000000021 | 2   | 1970 | 01    | 0   | 6030     |
| R | 000000022 | 2   | 1970 | 01    | 0   | 6030     |
| I | 000000011 | 2   | 1970 | 01    | 0   | 6030     |
""")
# 000000010 has no GBAPERSOONTAB row: still a newcomer (no age needed, rule 2)

ADRES = adres("""
| S | P         | AANVANG  | EINDE    | OBJ |
| R | 000000001 | 20100101 | 20201231 | A3  |
| R | 000000001 | 20210101 | 20501231 | A1  |
| R | 000000002 | 20100101 | 20211230 | A2  |
| R | 000000002 | 20211231 | 20501231 | A1  |
| R | 000000003 | 20100101 | 20210314 | A1  |
| R | 000000003 | 20210315 | 20501231 | A5  |
| R | 000000004 | 20210301 | 20501231 | A1  |
| R | 000000005 | 20210601 | 20501231 | A2  |
| R | 000000006 | 20100101 | 20210401 | A7  |
| R | 000000006 | 20210402 | 20501231 | A2  |
| R | 000000007 | 20150101 | 20210131 | A2  |
| R | 000000007 | 20210201 | 20210228 | A1  |
| R | 000000007 | 20210301 | 20210331 | A2  |
| R | 000000007 | 20210401 | 20501231 | A1  |
| R | 000000009 | 20100101 | 20210501 | A6  |
| R | 000000009 | 20210502 | 20501231 | A1  |
| R | 000000010 | 20100101 | 20210630 | A3  |
| R | 000000010 | 20210701 | 20501231 | A2  |
| I | 000000011 | 20210701 | 20501231 | A2  |
| R | 000000021 | 20000101 | 20501231 | A1  |
| R | 000000022 | 20000101 | 20501231 | A5  |
""")

ZVW = {
    2020: table("""
| RINPERSOONS | RINPERSOON | ZVWKHUISARTS | ZVWKFARMACIE | ZVWKGENBASGGZ | ZVWKSPECGGZ |
| R           | 000000001  | 0            | 0            | 120           |             |
"""),
    2021: table("""
| RINPERSOONS | RINPERSOON | ZVWKHUISARTS | ZVWKFARMACIE | ZVWKGENBASGGZ | ZVWKSPECGGZ |
| R           | 000000009  | 0            | 0            |               | 300         |
| R           | 000000021  | 0            | 0            | 50          |             |
"""),
}
WMO = table("""
| RINPERSOONS | RINPERSOON | VOORZIENING | DATUMBEGIN | DATUMEINDE |
| R           | 000000002  | BW          | 20180101   | 20201231   |
| R           | 000000005  | MO          | 20190101   | 20200601   |
| R           | 000000006  | MO          | 20190101   | 20200401   |
| R           | 000000007  | BW          | 20190101   |            |
""")
KOPPEL = {
    2020: table("""
| RINPERSOONS | RINPERSOON | RINPERSOONSHKW | RINPERSOONHKW |
| R           | 000000006  | R              | 000000006     |
| R           | 000000007  | R              | 000000007     |
"""),
    2021: table("""
| RINPERSOONS | RINPERSOON | RINPERSOONSHKW | RINPERSOONHKW |
| R           | 000000010  | R              | 000000010     |
"""),
}
INHA = {
    2020: table("""
| RINPERSOONSHKW | RINPERSOONHKW | INHBESTINKH | INHP100HBEST |
| R              | 000000006     | 9000        | 5            |
| R              | 000000007     | 999999999   | -1           |
"""),
    2021: table("""
| RINPERSOONSHKW | RINPERSOONHKW | INHBESTINKH | INHP100HBEST |
| R              | 000000010     | 9000        | 3            |
"""),
}
PLACES = {
    "A1": ("0344", "034401", "03440100"),
    "A5": ("0344", "034401", "03440101"),
    "A2": ("0344", "034403", "03440300"),
    "A3": ("0307", "030701", "03070100"),
    "A6": {2020: ("0344", "034401", "03440100"), 2021: ("0344", "034402", "03440200")},
    "A7": {2020: ("0344", "034401", "03440100")},
}

# (person, wijk) -> (origin, ggz, uitstroom_bw_mo, laag_inkomen, breed)
EXPECTED = {
    ("000000001", "WK034401"): ("buiten_gemeente", True, False, False, True),  # 1 Jan; GGZ in t-1
    ("000000002", "WK034401"): (
        "binnen_gemeente",
        False,
        True,
        False,
        True,
    ),  # 31 Dec; BW ended m-365
    ("000000005", "WK034403"): (
        "onbekend",
        False,
        True,
        False,
        True,
    ),  # MO ended exactly 365 days before
    ("000000006", "WK034403"): (
        "buiten_gemeente",
        False,
        False,
        True,
        True,
    ),  # prev unmapped; 366 days
    ("000000007", "WK034401"): (
        "binnen_gemeente",
        False,
        False,
        False,
        False,
    ),  # first of two moves into W01
    ("000000007", "WK034403"): (
        "binnen_gemeente",
        False,
        False,
        False,
        False,
    ),  # BW running; income -1
    ("000000009", "WK034401"): (
        "binnen_gemeente",
        True,
        False,
        False,
        True,
    ),  # prev wijk by year-t columns
    ("000000010", "WK034403"): (
        "buiten_gemeente",
        False,
        False,
        False,
        False,
    ),  # no GBA row; low income only in t
}
# not newcomers: 3 (previous address in the same wijk), 4 (born in 2021), 11 (RINPERSOONS 'I')


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """A connection with the world's views and the person conditions of both years."""
    root = tmp_path_factory.mktemp("world")
    tables = {
        "GBAPERSOONTAB": PERSONS, "GBAADRESOBJECTBUS": ADRES, "VSLGWBTAB": objects(PLACES, YEARS),
        "GEMWMOVOORZIENINGEN": WMO,
        **{f"ZVWZORGKOSTENTAB{y}": t for y, t in ZVW.items()},
        **{f"KOPPELPERSOONHUISHOUDEN{y}": t for y, t in KOPPEL.items()},
        **{f"INHATAB{y}": t for y, t in INHA.items()},
    }  # fmt: skip
    write_world(root, tables, YEARS)
    cfg = config(years=YEARS, survey_waves=[])
    validated = ingest_all(root, tmp_path_factory.mktemp("validated"), cfg)
    con = duckdb.connect()
    open_inputs(
        con, adres=validated[("GBAADRESOBJECTBUS", None)], geo=validated[("VSLGWBTAB", None)],
        persoon=validated[("GBAPERSOONTAB", None)], wmo=validated[("GEMWMOVOORZIENINGEN", None)],
        GEMWMOVOORZIENINGEN=validated[("GEMWMOVOORZIENINGEN", None)],
        GEMBUURTTEAM=validated[("GEMBUURTTEAM", None)],
    )  # fmt: skip
    codelists = read_codelists(REPO / cfg["reference"]["codelists"])
    definitions = parse_definitions(cfg)
    conds = {}
    for y in YEARS:
        for t in (
            "ZVWZORGKOSTENTAB",
            "MEDICIJNTAB",
            "GGZDBCTRAJECTENHOOFDDIAGTAB",
            "KOPPELPERSOONHUISHOUDEN",
            "INHATAB",
        ):
            con.read_parquet(str(validated[(t, y)])).create_view(t)
        conds[y] = person_conditions(con, definitions.conditions, y, codelists)
    return con, conds, cfg


@pytest.fixture(scope="module")
def world(inputs):
    con, conds, cfg = inputs
    theme = parse_definitions(cfg).nieuwkomers
    new = nk.person_level(con, 2021, "GM0344", theme, conds[2021], conds[2020])
    bands = cfg["age_bands"]["kinderen"] + cfg["age_bands"]["volwassenen"]
    res = residents(
        con, 2021, "GM0344", read_countries(REPO / cfg["reference"]["countries"]), bands
    )
    res = nk.markers(res, theme, conds[2021], conds[2020])
    geo = read_geography(REPO / cfg["reference"]["geography"], "GM0344")
    return new, res, nk.measures(new, res, 2021, theme, geo)


def test_newcomers_are_exactly_the_expected_pairs(world):
    new, _, _ = world
    assert sorted(zip(new["RINPERSOON"], new["wijk"], strict=True)) == sorted(EXPECTED)


@pytest.mark.parametrize("pair", sorted(EXPECTED))
def test_each_newcomer(world, pair):
    new, _, _ = world
    row = new.set_index(["RINPERSOON", "wijk"]).loc[pair]
    got = (
        row["origin"],
        row["m_ggz"],
        row["m_uitstroom_bw_mo"],
        row["m_laag_inkomen"],
        row["m_breed"],
    )
    assert got == EXPECTED[pair]


def _get(m, measure, definition, code, group="totaal", value="totaal"):
    r = m[(m["measure"] == measure) & (m["definition"] == definition) & (m["area_code"] == code)
          & (m["group"] == group) & (m["group_value"] == value)]  # fmt: skip
    assert len(r) == 1
    return r.iloc[0]


@pytest.mark.parametrize(
    "definition, code, group, value, num, den",
    [
        ("ggz", "WK034401", "totaal", "totaal", 2, 4),
        ("ggz", "WK034403", "totaal", "totaal", 0, 4),
        ("ggz", "GM0344", "totaal", "totaal", 2, 8),
        ("uitstroom_bw_mo", "WK034401", "totaal", "totaal", 1, 4),
        ("uitstroom_bw_mo", "WK034403", "totaal", "totaal", 1, 4),
        ("laag_inkomen", "WK034403", "totaal", "totaal", 1, 4),
        ("breed", "WK034401", "totaal", "totaal", 3, 4),
        ("breed", "GM0344", "totaal", "totaal", 5, 8),
        ("breed", "GM0344", "origin", "binnen_gemeente", 2, 4),
        ("breed", "GM0344", "origin", "buiten_gemeente", 2, 3),
        ("breed", "GM0344", "origin", "onbekend", 1, 1),
        ("breed", "WK034402", "totaal", "totaal", 0, 0),
    ],
)
def test_aandeel(world, definition, code, group, value, num, den):
    _, _, m = world
    r = _get(m, "nieuwkomers.aandeel", definition, code, group, value)
    assert (r["n_numerator"], r["n_denominator"]) == (num, den)


def test_gemeente_is_sum_of_wijken(world):
    _, _, m = world
    a = m[(m["measure"] == "nieuwkomers.aandeel") & (m["group"] == "totaal")]
    for d, rows in a.groupby("definition"):
        gem = rows[rows["area_level"] == "gemeente"]
        wijk = rows[rows["area_level"] == "wijk"]
        assert gem["n_denominator"].sum() == wijk["n_denominator"].sum(), d
        assert gem["n_numerator"].sum() == wijk["n_numerator"].sum(), d


def test_concentratie(world):
    _, res, m = world
    # residents on 1 Jan 2021: W01 = 1, 3, 21, 22 (ggz: 1 in t-1, 21 in t); W03 = 2, 7; W02 = 9 (ggz in t)
    r = _get(m, "nieuwkomers.concentratie", "ggz", "WK034401")
    assert r["method"] == "ratio_katz" and (r["n_numerator"], r["n_denominator"]) == (2, 4)
    assert r["value"] == pytest.approx(1.0)
    assert r["se"] == pytest.approx((1 / 2 - 1 / 4 + 1 / 2 - 1 / 4) ** 0.5)
    g = _get(m, "nieuwkomers.concentratie", "ggz", "GM0344")
    assert g["value"] == pytest.approx((2 / 8) / (3 / 7))
    assert g["se"] == pytest.approx((1 / 2 - 1 / 8 + 1 / 3 - 1 / 7) ** 0.5)
    w3 = _get(m, "nieuwkomers.concentratie", "ggz", "WK034403")  # no resident with GGZ care
    assert (w3["n_numerator"], w3["n_denominator"]) == (0, 4)
    assert w3["value"] != w3["value"] and w3["se"] != w3["se"]  # NaN


# Two uitstroom markers, each with its own provisions (and one with a shorter window): each is
# evaluated with its own voorzieningen and days. Person 2 left BW 365 days before moving, person
# 5 left MO exactly 365 days before, person 6 left MO 366 days before.
UITSTROOM = {
    "uit_bw": {"uitstroom": {"voorzieningen": ["BW"], "days": 365}},
    "uit_mo": {"uitstroom": {"voorzieningen": ["MO"], "days": 365}},
    "uit_mo_kort": {"uitstroom": {"voorzieningen": ["MO"], "days": 364}},
}
# (person, wijk) -> (uit_bw, uit_mo, uit_mo_kort); every other newcomer meets none
LEFT = {
    ("000000002", "WK034401"): (True, False, False),
    ("000000005", "WK034403"): (False, True, False),
}


def test_each_uitstroom_marker_is_evaluated_with_its_own_provisions_and_window(inputs):
    con, conds, _ = inputs
    cfg = config(years=YEARS, survey_waves=[], themes={"nieuwkomers": {"definitions": UITSTROOM}})
    theme = parse_definitions(cfg).nieuwkomers
    assert {"uit_bw", "uit_mo", "uit_mo_kort", "uitstroom_bw_mo"} <= set(theme.definitions.names)
    new = nk.person_level(con, 2021, "GM0344", theme, conds[2021], conds[2020])
    got = {
        (p, w): (bw, mo, kort)
        for p, w, bw, mo, kort in zip(
            new["RINPERSOON"],
            new["wijk"],
            new["m_uit_bw"],
            new["m_uit_mo"],
            new["m_uit_mo_kort"],
            strict=True,
        )  # fmt: skip
    }
    assert got == {pair: LEFT.get(pair, (False, False, False)) for pair in EXPECTED}
    # the configured uitstroom_bw_mo marker is unchanged beside them
    both = dict(
        zip(zip(new["RINPERSOON"], new["wijk"], strict=True), new["m_uitstroom_bw_mo"], strict=True)
    )
    assert both == {pair: EXPECTED[pair][2] for pair in EXPECTED}
