"""KOPP/KOV on a hand-built tiny world: every edge case of measures.md with its expected answer.

Peildatum 1 January 2021. Objects: A1 in wijk West (WK034401), A2 in Overvecht (WK034403),
A3 in another gemeente (GM0307), A4 unmapped in 2021. Expected answer per child beside it.
"""

import pandas as pd
import pytest
from worlds import (
    REPO,
    adres,
    config,
    ingest_all,
    kindouder,
    objects,
    persoon,
    run_kopp,
    table,
    write_world,
)

YEARS = [2020, 2021, 2022]

PERSONS = persoon("""
| S | P         | SEX | JAAR | MAAND | GEN | HERKOMST |
| R | 000000001 | 1   | 2015 | 06    | 0   | 6030     |
| R | 000000002 | 2   | 2010 | 01    | 2   | 5022     |
| R | 000000003 | 1   | 2004 | 12    | 0   | 6030     |
| R | 000000041 | 2   | 2003 | 01    | 0   | 6030     |
| R | 000000042 | 1   | 2003 | 02    | 0   | 6030     |
| R | 000000005 | -   | 2012 | 03    | 0   | 6030     |
| R | 000000006 | 1   | 2012 | 03    | 0   | 6030     |
| R | 000000007 | 2   | 2019 | 03    | 0   | 6030     |
| R | 000000008 | 1   | 2018 | 07    | 0   | 6030     |
| R | 000000009 | 2   | 2017 | 07    | 0   | 6030     |
| R | 000000010 | 1   | 2016 | 07    | 0   | 6030     |
| R | 000000011 | 2   | 2011 | 07    | 0   | 6030     |
| R | 000000012 | 1   | 2009 | 07    | 0   | 6030     |
| R | 000000015 | 2   | 2020 | 12    | 0   | 6030     |
| R | 000000016 | 2   | 2014 | 05    | 0   | 6030     |
| R | 000000101 | 1   | 1980 | 01    | 0   | 6030     |
| R | 000000102 | 2   | 1982 | 01    | 0   | 6030     |
| R | 000000103 | 2   | 1985 | 01    | 1   | 5022     |
| R | 000000104 | 1   | 1979 | 01    | 0   | 6030     |
| R | 000000105 | 1   | 1979 | 01    | 0   | 6030     |
| R | 000000106 | 2   | 1979 | 01    | 0   | 6030     |
| R | 000000107 | 2   | 1979 | 01    | 0   | 6030     |
| R | 000000108 | 1   | 1979 | 01    | 0   | 6030     |
| R | 000000109 | 1   | 1979 | 01    | 0   | 6030     |
""")
# 000000013 has an address but no GBAPERSOONTAB row (rule 2)

ADRES = adres("""
| S | P         | AANVANG  | EINDE    | OBJ |
| R | 000000001 | 20150601 | 20501231 | A1  |
| R | 000000002 | 20100101 |          | A2  |
| R | 000000003 | 20041201 | 20501231 | A1  |
| R | 000000041 | 20030101 | 20501231 | A1  |
| R | 000000042 | 20030201 | 20501231 | A1  |
| R | 000000005 | 20120301 | 20201231 | A3  |
| R | 000000005 | 20210101 | 20501231 | A1  |
| R | 000000006 | 20120301 | 20210101 | A3  |
| R | 000000006 | 20210102 | 20501231 | A1  |
| R | 000000007 | 20190301 | 20501231 | A2  |
| R | 000000008 | 20180701 | 20501231 | A2  |
| R | 000000009 | 20170701 | 20501231 | A2  |
| R | 000000010 | 20160701 | 20501231 | A2  |
| R | 000000011 | 20110701 | 20501231 | A1  |
| R | 000000012 | 20090701 | 20501231 | A1  |
| R | 000000013 | 20090701 | 20501231 | A1  |
| I | 000000014 | 20090701 | 20501231 | A1  |
| R | 000000015 | 20201201 | 20501231 | A4  |
| R | 000000016 | 20140501 | 20501231 | A1  |
| R | 000000104 | 20000101 | 20501231 | A3  |
""")

KINDOUDER = kindouder("""
| S | P         | Spa | Ppa       | Sma | Pma       |
| R | 000000001 | R   | 000000101 | R   | 000000102 |
| R | 000000002 |     |           | R   | 000000103 |
| R | 000000041 | R   | 000000101 |     |           |
| R | 000000042 | R   | 000000101 |     |           |
| R | 000000005 | R   | 000000101 |     |           |
| R | 000000006 | R   | 000000101 |     |           |
| R | 000000007 | I   | 000000101 |     |           |
| R | 000000008 | R   | 000000104 |     |           |
| R | 000000009 | R   | 000000105 |     |           |
| R | 000000010 | R   | 000000106 | R   | 000000106 |
| R | 000000011 | R   | 000000107 |     |           |
| R | 000000012 | R   | 000000108 | R   | 000000109 |
| R | 000000013 | R   | 000000101 |     |           |
| R | 000000016 | R   |           |     |           |
""")

ZVW2021 = table("""
| RINPERSOONS | RINPERSOON | ZVWKHUISARTS | ZVWKFARMACIE | ZVWKGENBASGGZ | ZVWKSPECGGZ |
| R           | 000000101  | 100.0        | 0            | 250.5         |             |
| R           | 000000108  | 80.0         | 0            | -50           | 0           |
| I           | 000000109  | 0            | 0            | 900           | 0           |
""")
ZVW2020 = table("""
| RINPERSOONS | RINPERSOON | ZVWKHUISARTS | ZVWKFARMACIE | ZVWKGENBASGGZ | ZVWKSPECGGZ |
| R           | 000000109  | 0            | 0            | 900           | 0           |
""")
MED2021 = table("""
| RINPERSOONS | RINPERSOON | ATC4 |
| R           | 000000103  | N05C |
| R           | 000000103  | C09A |
| R           | 000000102  | N07B |
""")
DBC2021 = table("""
| RINPERSOONS | RINPERSOON | GGZDBCtrajectnummer | GGZDBCBegindatum | GGZDBCEinddatum | GGZDBCHoofddiagnoseDSMIV | GGZDBCCircuitHOOFDDIAG |
| R           | 000000104  | T1                  | 20210301         | 20210901        | as1_7.1                  | 5                      |
| R           | 000000105  | T2                  | 20210301         | 20210901        | as1_4.2                  | 2                      |
| R           | 000000106  | T3                  | 20210301         | 20210901        | as1x4                    | 2                      |
""")
WMO = table("""
| RINPERSOONS | RINPERSOON | VOORZIENING | DATUMBEGIN | DATUMEINDE |
| R           | 000000107  | BW          | 20190101   | 20210101   |
| R           | 000000106  | MO          | 20211231   |            |
| R           | 000000108  | HH          | 20200101   | 20501231   |
| R           | 000000109  | BW          |            | 20501231   |
""")
BUURTTEAM = table("""
| RINPERSOONS | RINPERSOON | TEAM | DATUMBEGIN | DATUMEINDE |
| R           | 000000001  | JG   | 20200101   | 20210105   |
| R           | 000000002  | SOC  | 20200101   | 20210105   |
| R           | 000000003  | JG   | 20211231   | 20220301   |
| R           | 000000012  | JG   | 20190101   | 20201231   |
""")

PLACES = {
    "A1": ("0344", "034401", "03440100"),
    "A2": ("0344", "034403", "03440300"),
    "A3": ("0307", "030701", "03070100"),
    "A4": {2022: ("0344", "034409", "03440900")},
}

# child -> (in population, wijk, leeftijd, ggz, psychofarmaca, verslaving, breed, no linkable parent)
EXPECTED = {
    "000000001": (True, "WK034401", "4-11", True, False, False, True, False),  # father GGZ
    "000000002": (
        True,
        "WK034403",
        "4-11",
        False,
        True,
        False,
        True,
        False,
    ),  # mother N05C; no end date
    "000000003": (
        True,
        "WK034401",
        "12-17",
        False,
        False,
        False,
        False,
        True,
    ),  # no KINDOUDERTAB row
    "000000042": (True, "WK034401", "12-17", True, False, False, True, False),  # born Feb 2003: 17
    "000000005": (True, "WK034401", "4-11", True, False, False, True, False),  # moved in on 1 Jan
    "000000007": (True, "WK034403", "0-3", False, False, False, False, True),  # father not 'R'
    "000000008": (
        True,
        "WK034403",
        "0-3",
        False,
        False,
        True,
        True,
        False,
    ),  # father elsewhere, circuit 5
    "000000009": (True, "WK034403", "0-3", False, False, True, True, False),  # diagnosis as1_4.2
    "000000010": (
        True,
        "WK034403",
        "4-11",
        False,
        False,
        False,
        True,
        False,
    ),  # as1x4 is no match; MO
    "000000011": (True, "WK034401", "4-11", False, False, False, True, False),  # BW ending 1 Jan t
    "000000012": (True, "WK034401", "4-11", False, False, False, False, False),  # negative cost; HH
    "000000016": (
        True,
        "WK034401",
        "4-11",
        False,
        False,
        False,
        False,
        True,
    ),  # father 'R' but empty
}
# not in the population: 000000041 (born Jan 2003: 18 on 1 Jan 2021), 000000006 (moved in on
# 2 Jan), 000000013 (no GBAPERSOONTAB row), 000000014 (RINPERSOONS 'I'), 000000015 (address
# unmapped in 2021), 000000101.. (adults).


def kopp_tables():
    return {
        "GBAPERSOONTAB": PERSONS,
        "GBAADRESOBJECTBUS": ADRES,
        "KINDOUDERTAB": KINDOUDER,
        "VSLGWBTAB": objects(PLACES, YEARS),
        "ZVWZORGKOSTENTAB2020": ZVW2020,
        "ZVWZORGKOSTENTAB2021": ZVW2021,
        "MEDICIJNTAB2021": MED2021,
        "GGZDBCTRAJECTENHOOFDDIAGTAB2021": DBC2021,
        "GEMWMOVOORZIENINGEN": WMO,
        "GEMBUURTTEAM": BUURTTEAM,
    }


@pytest.fixture(scope="module")
def kopp2021(tmp_path_factory):
    root = tmp_path_factory.mktemp("world")
    write_world(root, kopp_tables(), YEARS)
    cfg = config(years=YEARS, survey_waves=[])
    validated = ingest_all(root, tmp_path_factory.mktemp("validated"), cfg)
    return run_kopp(validated, cfg, 2021)


@pytest.fixture(scope="module")
def all_measures(kopp2021):
    from wijkzicht.definitions import parse_definitions
    from wijkzicht.inputs.reference import read_geography
    from wijkzicht.themes.kopp import measures

    _, _, kids, _ = kopp2021
    cfg = config(years=YEARS, survey_waves=[])
    geo = read_geography(REPO / cfg["reference"]["geography"], "GM0344")
    return measures(kids, 2021, parse_definitions(cfg).kopp, geo, cfg["age_bands"]["kinderen"])


# parent conditions per child: 1, 42, 5 ggz; 2 psychofarmaca; 8, 9 verslaving; 10, 11 bw_mo;
# 3, 7, 12, 16 none
OVERLAP = {"geen": 4, "ggz": 3, "psychofarmaca": 1, "verslaving": 2, "bw_mo": 2}


def test_overlap(all_measures):
    m = all_measures[all_measures["measure"] == "kopp.overlap"]
    assert (
        len(m) == 16 and set(m["area_level"]) == {"gemeente"} and set(m["definition"]) == {"breed"}
    )
    got = dict(zip(m["group_value"], m["n_numerator"], strict=True))
    assert got == {v: OVERLAP.get(v, 0) for v in got}
    assert set(m["n_denominator"]) == {12} and m["n_numerator"].sum() == 12


@pytest.mark.parametrize(
    "code, num, den",
    [("GM0344", 3, 12), ("WK034401", 2, 7), ("WK034403", 1, 5), ("WK034402", 0, 0)],
)
def test_ouders_onbekend(all_measures, code, num, den):
    r = _row(all_measures[all_measures["measure"] == "kopp.ouders_onbekend"], "geen_koppelbare_ouder",
             "wijk" if code.startswith("WK") else "gemeente", code)  # fmt: skip
    assert (r["n_numerator"], r["n_denominator"]) == (num, den)


def test_jeugdteam(all_measures):
    # JG active in 2021: child 1 (breed, ends 5 Jan 2021) and child 3 (not breed, starts 31 Dec
    # 2021); child 12's JG ended 31 Dec 2020. breed: 8 children, not: 4.
    m = all_measures[all_measures["measure"] == "kopp.jeugdteam"].set_index("group_value")
    assert (m.loc["ja", "n_numerator"], m.loc["ja", "n_denominator"]) == (1, 8)
    assert (m.loc["nee", "n_numerator"], m.loc["nee", "n_denominator"]) == (1, 4)
    rr = m.loc["ja_vs_nee"]
    assert rr["method"] == "relative_risk_katz" and rr["group"] == "kopp_breed"
    assert rr["value"] == pytest.approx((1 / 8) / (1 / 4))
    assert rr["se"] == pytest.approx((1 - 1 / 8 + 1 - 1 / 4) ** 0.5)
    assert pd.isna(rr["n_numerator"]) and pd.isna(rr["numerator"])


def test_population_is_exactly_the_expected_children(kopp2021):
    _, _, kids, _ = kopp2021
    assert sorted(kids["RINPERSOON"]) == sorted(EXPECTED)


@pytest.mark.parametrize("child", sorted(EXPECTED))
def test_each_child(kopp2021, child):
    _, _, kids, _ = kopp2021
    from wijkzicht.definitions import parse_definitions
    from wijkzicht.themes.kopp import definition_flags

    kopp = parse_definitions(config(years=YEARS, survey_waves=[])).kopp
    row = definition_flags(kids, kopp.definitions).set_index("RINPERSOON").loc[child]
    _, wijk, band, ggz, psy, vers, breed, unknown = EXPECTED[child]
    assert row["wijk"] == wijk
    assert row["leeftijd"] == band
    assert (row["def_ggz"], row["def_psychofarmaca"], row["def_verslaving"], row["def_breed"]) == (
        ggz, psy, vers, breed,
    )  # fmt: skip
    assert (row["n_linkable_parents"] == 0) == unknown


def _row(measures, definition, level, code, group="totaal", value="totaal"):
    m = measures[
        (measures["definition"] == definition) & (measures["area_level"] == level)
        & (measures["area_code"] == code) & (measures["group"] == group)
        & (measures["group_value"] == value)
    ]  # fmt: skip
    assert len(m) == 1
    return m.iloc[0]


@pytest.mark.parametrize(
    "definition, level, code, group, value, num, den",
    [
        ("ggz", "gemeente", "GM0344", "totaal", "totaal", 3, 12),
        ("psychofarmaca", "gemeente", "GM0344", "totaal", "totaal", 1, 12),
        ("verslaving", "gemeente", "GM0344", "totaal", "totaal", 2, 12),
        ("breed", "gemeente", "GM0344", "totaal", "totaal", 8, 12),
        ("breed", "wijk", "WK034401", "totaal", "totaal", 4, 7),
        ("breed", "wijk", "WK034403", "totaal", "totaal", 4, 5),
        ("breed", "wijk", "WK034403", "leeftijd", "0-3", 2, 3),
        ("breed", "wijk", "WK034401", "leeftijd", "12-17", 1, 2),
        ("breed", "wijk", "WK034409", "totaal", "totaal", 0, 0),
        ("ggz", "gemeente", "GM0344", "leeftijd", "4-11", 2, 7),
    ],
)
def test_counts(kopp2021, definition, level, code, group, value, num, den):
    _, _, _, measures = kopp2021
    r = _row(measures, definition, level, code, group, value)
    assert (r["n_numerator"], r["n_denominator"]) == (num, den)
    assert (r["numerator"], r["denominator"]) == (num, den)
    if den:
        assert r["value"] == pytest.approx(num / den)
        assert r["ci_lower"] <= r["value"] <= r["ci_upper"]
    else:
        assert pd.isna(r["value"])


def test_grid_is_complete(kopp2021):
    _, _, _, m = kopp2021
    # 4 definitions x (1 gemeente + 10 wijken) x (totaal + 3 age bands)
    assert len(m) == 4 * 11 * 4
    assert not m.duplicated(["definition", "area_code", "group", "group_value"]).any()
    assert set(m["method"]) == {"wilson"} and set(m["status"]) == {"ok"}


def test_residents_keep_persons_without_gba_row(kopp2021):
    res, _, _, _ = kopp2021
    r = res.set_index("RINPERSOON")
    assert not r.loc["000000013", "in_gba"] and pd.isna(r.loc["000000013", "age"])
    assert "000000014" not in r.index  # RINPERSOONS 'I' is never counted
    assert r.loc["000000005", "geslacht"] == "onbekend"
    assert r.loc["000000002", "herkomst"] == "Marokko"
    assert r.loc["000000002", "generatie"] == "kind van migrant(en)"


def test_conditions(kopp2021):
    _, conds, _, _ = kopp2021
    got = {(c, p) for c, p in zip(conds["condition"], conds["RINPERSOON"], strict=True)}
    assert ("ggz", "000000101") in got
    assert ("ggz", "000000108") not in got  # negative correction is no care (rule 5)
    assert ("ggz", "000000109") not in got  # 'I' in 2021; 2020 costs do not count in 2021
    assert ("bw_mo", "000000107") in got  # ends on 1 Jan t: active in t
    assert ("bw_mo", "000000109") not in got  # empty begin: never active
    assert ("jeugdteam", "000000001") in got and ("jeugdteam", "000000002") not in got
