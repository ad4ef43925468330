"""nieuwkomers.concentratie gives the residents back that kerncijfers/inwoners.csv protects (A3).

A concentratie row publishes the newcomers' counts, its Katz ratio and the se of its log; from
these an attacker solves the reference group's (x0, n0) (`primary.reference_counts`), and n0
is every resident of the area (rule N11): the count `kerncijfers/inwoners.csv` publishes or
hides, with the partners' figures, in another job and another pattern
(`residents.protect_with_residents`). Protected apart, the inhabitants hid the gemeente as the
partner of a wijk of 3 residents, while the newcomers' table (whose own partners were other
wijken) published the gemeente's ratio row: its n0 minus the other wijken, which inwoners.csv
publishes, gave the 3 back. Now the residents' rows go into the newcomers' table with the
status they have (`control.protect`'s `residents`), and the export gate refuses a ratio row
that gives back residents which inwoners.csv hides (`gate.residents_given_back`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from test_disclosure_buurt import geography
from test_disclosure_reference import newcomers

from wijkzicht.disclosure.control import protect
from wijkzicht.disclosure.export import read_measures_csv, write_measures_csv
from wijkzicht.disclosure.gate import check_export
from wijkzicht.disclosure.primary import reference_counts
from wijkzicht.disclosure.residents import protect_with_residents
from wijkzicht.themes.aggregates import inhabitants_check, organisation_measures

THRESHOLD = 10
WIJKEN = ("WK034401", "WK034402", "WK034403", "WK034404")
AREAS = ("GM0344", *WIJKEN)
GEO = geography({w: [f"BU0344{w[-4:]}01"] for w in WIJKEN})
# WK034404: 3 residents (a new-build wijk); its caseload 0, WK034402's 7
RESIDENTS = dict(zip(AREAS, (3030, 1280, 966, 781, 3), strict=True))
CASELOAD = dict(zip(AREAS, (96, 78, 7, 11, 0), strict=True))
# residents with ggz (x0) per wijk: 8 in WK034401 makes its concentratie row primary
WITH_GGZ = dict(zip(WIJKEN, (8, 57, 211, 1), strict=True))


def released_residents() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The partners' caseload and the inhabitants, protected together (export_organisation_figures)."""
    pop = pd.DataFrame({"year": 2023, "area_level": ["gemeente"] + ["wijk"] * 4,
                        "area_code": list(AREAS), "n_residents": list(RESIDENTS.values())})  # fmt: skip
    inw = inhabitants_check(pop.rename(columns={"n_residents": "AantalInwoners"}), pop, GEO)
    register = pd.DataFrame([{"source": "buurtteam", "indicator": "caseload", "unit": "persons",
                              "denominator_kind": "residents"}])  # fmt: skip
    figures = pd.DataFrame({"source": "buurtteam", "indicator": "caseload", "year": 2023,
                            "area_code": list(AREAS), "numerator": list(CASELOAD.values()),
                            "denominator": list(RESIDENTS.values())})  # fmt: skip
    org, inw, _ = protect_with_residents(
        organisation_measures(figures, register, GEO), inw, THRESHOLD, True, None, GEO
    )
    return org, inw


def concentratie_table() -> pd.DataFrame:
    return newcomers({w: (WITH_GGZ[w], RESIDENTS[w]) for w in WIJKEN})


def export(folder, org: pd.DataFrame, inw: pd.DataFrame, nieuwkomers: pd.DataFrame) -> None:
    """The three tables as the release writes them."""
    for sub, df in (("organisaties/cijfers.csv", org), ("kerncijfers/inwoners.csv", inw),
                    ("nieuwkomers/measures.csv", nieuwkomers)):  # fmt: skip
        (folder / sub).parent.mkdir(parents=True, exist_ok=True)
        write_measures_csv(df, folder / sub)


def attacker(folder) -> dict[str, tuple[float, float]]:
    """Written from the exported files alone, apart from the audit: an area's residents are
    known where inwoners.csv publishes them, where cijfers.csv publishes a share among them
    (its denominator) and where a concentratie row's value and se give them back (n0); the
    wijken add up to the gemeente. Each wijk's interval (scipy linprog, HiGHS)."""
    known: dict[str, float] = {}
    for sub, column in (("kerncijfers/inwoners.csv", "n_numerator"),
                        ("organisaties/cijfers.csv", "n_denominator")):  # fmt: skip
        df = read_measures_csv(folder / sub)
        ok = df[df["status"] == "ok"]
        known |= dict(zip(ok["area_code"], ok[column].astype(float), strict=True))
    df = read_measures_csv(folder / "nieuwkomers/measures.csv")
    ratio = df[(df["measure"] == "nieuwkomers.concentratie") & (df["status"] == "ok")]
    for area, (_, n0) in zip(ratio["area_code"], reference_counts(ratio), strict=True):
        if not np.isnan(n0):
            known[area] = n0
    at = {a: i for i, a in enumerate(AREAS)}
    a_eq, b_eq = [np.array([1.0, -1, -1, -1, -1])], [0.0]
    for area, value in known.items():
        row = np.zeros(len(AREAS))
        row[at[area]] = 1
        a_eq.append(row)
        b_eq.append(value)
    out = {}
    for area in WIJKEN:
        c = np.zeros(len(AREAS))
        c[at[area]] = 1
        low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status in (0, 3)  # 3: unbounded above
        out[area] = (low.fun, -high.fun if high.status == 0 else np.inf)
    return out


def test_protected_apart_the_gemeente_ratio_gave_the_small_wijk_back(tmp_path):
    """The leak as it was: the newcomers' table protected without the inhabitants."""
    org, inw = released_residents()
    status = dict(zip(inw["area_code"], inw["status"], strict=True))
    assert status["GM0344"] != "ok" and status["WK034404"] == "suppressed_primary"
    alone, _ = protect(concentratie_table(), THRESHOLD, True, None, GEO)
    export(tmp_path, org, inw, alone)
    assert attacker(tmp_path)["WK034404"] == (3.0, 3.0)
    # the export gate sees it from the files alone: the gemeente's ratio row
    problems = check_export(tmp_path, THRESHOLD)
    assert [(p.path.endswith("nieuwkomers/measures.csv"), p.line) for p in problems] == [
        (True, 7)  # line 7: the concentratie row of GM0344 (after the header and 5 aandeel rows)
    ]
    assert "residents of GM0344 2023 back (3030)" in problems[0].message


def test_with_the_inhabitants_statuses_the_small_wijk_stays_hidden(tmp_path):
    org, inw = released_residents()
    safe, audit = protect(concentratie_table(), THRESHOLD, True, None, GEO, residents=inw)
    export(tmp_path, org, inw, safe)
    lo, hi = attacker(tmp_path)["WK034404"]
    assert hi - lo >= THRESHOLD, (lo, hi)
    assert check_export(tmp_path, THRESHOLD) == []
    assert audit["protected"].all()
    # the residents' rows are audited, named as residuals, and never part of the table
    named = audit["residual"].astype("string").str.contains("register's residents of WK034404")
    assert named.any() and audit.loc[named, "row"].isna().all()
    assert len(safe) == len(concentratie_table()) and safe.index.equals(concentratie_table().index)
    assert set(safe["measure"]) == {"nieuwkomers.aandeel", "nieuwkomers.concentratie"}


def test_where_every_residents_count_is_published_the_pattern_stays():
    """No small wijk (WK034404 with 300 residents): the inhabitants publish every count, and
    the newcomers' table keeps the pattern it had without them (their rows are known and never
    partners; the default world is such a world); WK034401's eight residents with ggz stay
    hidden with a partner, and the audit passes."""
    residents = {**RESIDENTS, "WK034404": 300, "GM0344": RESIDENTS["GM0344"] + 297}
    pop = pd.DataFrame({"year": 2023, "area_level": ["gemeente"] + ["wijk"] * 4,
                        "area_code": list(AREAS), "n_residents": list(residents.values())})  # fmt: skip
    inw = inhabitants_check(pop.rename(columns={"n_residents": "AantalInwoners"}), pop, GEO)
    _, inw, _ = protect_with_residents(inw.iloc[:0], inw, THRESHOLD, True, None, GEO)
    assert (inw["status"] == "ok").all()
    table = newcomers({w: (WITH_GGZ[w], residents[w]) for w in WIJKEN})
    before, _ = protect(table, THRESHOLD, True, None, GEO)
    safe, audit = protect(table, THRESHOLD, True, None, GEO, residents=inw)
    assert audit["protected"].all()
    assert safe["status"].tolist() == before["status"].tolist()
    status = dict(zip(safe["measure"] + "/" + safe["area_code"], safe["status"], strict=True))
    assert status["nieuwkomers.concentratie/WK034401"] == "suppressed_primary"
    assert (safe["status"] != "ok").sum() >= 2
