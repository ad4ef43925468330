"""The register's residents stand in two exported tables (A2): `kerncijfers/inwoners.csv`
(the residents per area) and `organisaties/cijfers.csv`, where a partner's share among residents
(the neighbourhood team's caseload) has them as its denominator. Each table passed disclosure
control alone with its own partners: the inhabitants hid a wijk of 5 residents with the
gemeente, the partners' table with another wijk, and the two published tables together gave
the 5 back exactly (the gemeente from the one, the other wijken from the other), and the
wijk's caseload to within 5. `disclosure.residents.protect_with_residents` protects both as
one table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from test_disclosure_buurt import geography

from wijkzicht.disclosure.control import protect, protect_counts
from wijkzicht.disclosure.residents import protect_with_residents
from wijkzicht.themes.aggregates import inhabitants_check, organisation_measures

THRESHOLD = 10
WIJKEN = ("WK034401", "WK034402", "WK034403", "WK034404")
GEO = geography({w: [f"BU0344{w[-4:]}01"] for w in WIJKEN})
AREAS = ("GM0344", *WIJKEN)
RESIDENTS = dict(zip(AREAS, (2505, 1200, 800, 500, 5), strict=True))
CASELOAD = dict(zip(AREAS, (160, 70, 50, 40, 0), strict=True))


def inhabitants() -> pd.DataFrame:
    pop = pd.DataFrame({"year": 2023, "area_level": ["gemeente"] + ["wijk"] * 4,
                        "area_code": list(AREAS), "n_residents": list(RESIDENTS.values())})  # fmt: skip
    return inhabitants_check(pop.rename(columns={"n_residents": "AantalInwoners"}), pop, GEO)


def caseload() -> pd.DataFrame:
    register = pd.DataFrame([{"source": "buurtteam", "indicator": "caseload", "unit": "persons",
                              "denominator_kind": "residents"}])  # fmt: skip
    figures = pd.DataFrame({"source": "buurtteam", "indicator": "caseload", "year": 2023,
                            "area_code": list(AREAS), "numerator": list(CASELOAD.values()),
                            "denominator": list(RESIDENTS.values())})  # fmt: skip
    return organisation_measures(figures, register, GEO)


def published(df: pd.DataFrame, column: str) -> dict[str, float]:
    ok = df[df["status"] == "ok"]
    return dict(zip(ok["area_code"], ok[column].astype(float), strict=True))


def attacker(inwoners: pd.DataFrame, organisations: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """Written from what the two exported tables say, apart from the audit: the residents of
    an area are known where either table publishes them (the one's count, the other's
    denominator), the caseload where the partners' table does; wijken add up to the gemeente
    in both; 0 <= caseload <= residents. The interval of each wijk's residents and caseload
    (scipy linprog, HiGHS)."""
    res = published(inwoners, "n_numerator") | published(organisations, "n_denominator")
    case = published(organisations, "n_numerator")
    names = [("r", a) for a in AREAS] + [("c", a) for a in AREAS]
    at = {n: i for i, n in enumerate(names)}
    a_eq, b_eq = [], []
    for kind, known in (("r", res), ("c", case)):
        row = np.zeros(len(names))
        row[at[kind, "GM0344"]] = 1
        for w in WIJKEN:
            row[at[kind, w]] = -1
        a_eq.append(row)
        b_eq.append(0)
        for area, v in known.items():
            row = np.zeros(len(names))
            row[at[kind, area]] = 1
            a_eq.append(row)
            b_eq.append(v)
    a_ub, b_ub = [], []
    for area in AREAS:  # caseload at most the residents
        row = np.zeros(len(names))
        row[at["c", area]], row[at["r", area]] = 1, -1
        a_ub.append(row)
        b_ub.append(0)
    out = {}
    for name in names:
        c = np.zeros(len(names))
        c[at[name]] = 1
        ends = [
            linprog(
                s * c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs"
            )  # fmt: skip
            for s in (1, -1)
        ]
        assert ends[0].status == 0 and ends[1].status in (0, 3)  # 3: unbounded above
        out[f"{name[0]}:{name[1]}"] = (ends[0].fun, -ends[1].fun if ends[1].status == 0 else np.inf)
    return out


def test_each_table_alone_left_the_small_wijk_to_the_other():
    """The leak as it was: each table protected alone, both published."""
    inw, _ = protect_counts(inhabitants(), THRESHOLD, True, GEO)
    org, _ = protect(caseload(), THRESHOLD, True, None, GEO)
    got = attacker(inw, org)
    assert got["r:WK034404"] == (5.0, 5.0)
    lo, hi = got["c:WK034404"]
    assert hi - lo < THRESHOLD


def test_one_protection_for_both_tables_keeps_the_small_wijk_hidden():
    org, inw, audit = protect_with_residents(caseload(), inhabitants(), THRESHOLD, True, None, GEO)
    assert audit["protected"].all()
    got = attacker(inw, org)
    for count in ("r:WK034404", "c:WK034404"):
        lo, hi = got[count]
        assert hi - lo >= THRESHOLD, (count, lo, hi)
    status = dict(zip(inw["area_code"], inw["status"], strict=True))
    assert status["WK034404"] == "suppressed_primary"
    # each table keeps its own rows and numbers; the inhabitants are not made shares
    assert inw["n_denominator"].isna().all()
    assert inw["n_numerator"].tolist() == list(RESIDENTS.values())
    assert org["measure"].eq("buurtteam.caseload").all() and len(org) == len(AREAS)
    assert org["n_numerator"].tolist() == list(CASELOAD.values())


def test_without_partners_the_inhabitants_are_protected_as_before():
    empty = caseload().iloc[:0]
    org, inw, _ = protect_with_residents(empty, inhabitants(), THRESHOLD, True, None, GEO)
    alone, _ = protect_counts(inhabitants(), THRESHOLD, True, GEO)
    assert org.empty
    assert inw["status"].tolist() == alone["status"].tolist()


def test_rows_the_previous_release_published_stay_published_in_both_tables():
    first_org, first_inw, _ = protect_with_residents(
        caseload(), inhabitants(), THRESHOLD, True, None, GEO
    )
    org, inw, _ = protect_with_residents(
        caseload(), inhabitants(), THRESHOLD, True, None, GEO,
        organisations_before=first_org, inwoners_before=first_inw,
    )  # fmt: skip
    assert inw["status"].tolist() == first_inw["status"].tolist()
    assert org["status"].tolist() == first_org["status"].tolist()


def test_residents_revised_by_a_few_persons_are_not_published_beside_the_first_release():
    """A new delivery with 3 residents registered late in WK034401 (1200 -> 1203): published
    beside the first release's 1200, the difference shows those 3. Before, the inhabitants had
    no previous release at all (`protect_counts`); now they are revised rows like the rest."""
    first_org, first_inw, _ = protect_with_residents(
        caseload(), inhabitants(), THRESHOLD, True, None, GEO
    )
    assert dict(zip(first_inw["area_code"], first_inw["status"], strict=True))["WK034401"] == "ok"
    now = inhabitants()
    for code in ("WK034401", "GM0344"):
        now.loc[now["area_code"] == code, ["numerator", "n_numerator"]] += 3
    _, inw, audit = protect_with_residents(
        caseload().iloc[:0], now, THRESHOLD, True, None, GEO,
        organisations_before=first_org, inwoners_before=first_inw,
    )  # fmt: skip
    status = dict(zip(inw["area_code"], inw["status"], strict=True))
    assert status["WK034401"] != "ok"  # the first release published 1200
    assert audit["protected"].all()
