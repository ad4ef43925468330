"""The difference of three published tables: residents - adults = children (A4).

An area's residents stand in `kerncijfers/inwoners.csv` (every resident, decided with the
partners' figures), its adults (18+, a GBAPERSOONTAB row) are the denominator of every
migratie registry share at group totaal, and its children (0-17, a GBAPERSOONTAB row: every
child, with or without a linkable parent, docs/rules.md#k1) the denominator of every
kopp.aandeel and kopp.ouders_onbekend row at group totaal. Residents = adults + children +
the residents without a GBAPERSOONTAB row (or age), who are never published: an attacker
who holds the three tables knows children <= residents - adults, adults <= residents -
children and residents >= adults + children. Each table was protected alone, so a wijk of
800 adults and 5 children hid its children (and their parents' care) in kopp, with another
wijk as partner, while inwoners.csv and migratie published 805 and 800.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from test_disclosure_audit import measures
from test_disclosure_buurt import geography

from wijkzicht.disclosure.control import protect
from wijkzicht.disclosure.export import read_measures_csv, write_measures_csv
from wijkzicht.disclosure.gate import check_export
from wijkzicht.disclosure.residents import protect_with_residents
from wijkzicht.themes.aggregates import inhabitants_check

THRESHOLD = 10
WIJKEN = ("WK034401", "WK034402", "WK034403", "WK034404")
AREAS = ("GM0344", *WIJKEN)
GEO = geography({w: [f"BU0344{w[-4:]}01"] for w in WIJKEN})
# WK034403: 800 adults and 5 children (student flats); the others ordinary wijken
ADULTS = dict(zip(WIJKEN, (1200, 900, 800, 600), strict=True))
CHILDREN = dict(zip(WIJKEN, (300, 250, 5, 200), strict=True))
# children with a parent in ggz care; adults in ggz care
KOPP_GGZ = dict(zip(WIJKEN, (40, 30, 1, 25), strict=True))
MIGRATIE_GGZ = dict(zip(WIJKEN, (150, 120, 90, 70), strict=True))
TABLES = {
    "inwoners": "kerncijfers/inwoners.csv",
    "migratie": "migratie/measures.csv",
    "kopp": "kopp/measures.csv",
}


def with_gemeente(by_wijk: dict[str, int]) -> dict[str, int]:
    return {"GM0344": sum(by_wijk.values()), **by_wijk}


def residents_table(adults=ADULTS, children=CHILDREN, other=None) -> pd.DataFrame:
    """kerncijfers/inwoners.csv's rows with the status export_organisation_figures gives them
    (no partners' figures here)."""
    other = other or dict.fromkeys(WIJKEN, 0)
    n = with_gemeente({w: adults[w] + children[w] + other[w] for w in WIJKEN})
    pop = pd.DataFrame({"year": 2023, "area_level": ["gemeente"] + ["wijk"] * 4,
                        "area_code": list(n), "n_residents": list(n.values())})  # fmt: skip
    inw = inhabitants_check(pop.rename(columns={"n_residents": "AantalInwoners"}), pop, GEO)
    _, inw, _ = protect_with_residents(inw.iloc[:0], inw, THRESHOLD, True, None, GEO)
    return inw


def share_table(theme: str, measure: str, num: dict, den: dict) -> pd.DataFrame:
    """One definition (ggz) of a theme's share at gemeente and wijk, group totaal."""
    num, den = with_gemeente(num), with_gemeente(den)
    frame = pd.DataFrame({"area": list(den), "group": "totaal", "value": "totaal",
                          "num": [num[a] for a in den], "den": list(den.values())})  # fmt: skip
    return measures(frame, theme=theme, measure=measure, definition="ggz")


def kopp_table(children=CHILDREN) -> pd.DataFrame:
    return share_table("kopp", "kopp.aandeel", KOPP_GGZ, children)


def migratie_table(adults=ADULTS) -> pd.DataFrame:
    return share_table("migratie", "migratie.ggz", MIGRATIE_GGZ, adults)


def export(folder, tables: dict[str, pd.DataFrame]) -> None:
    for name, df in tables.items():
        (folder / TABLES[name]).parent.mkdir(parents=True, exist_ok=True)
        write_measures_csv(df, folder / TABLES[name])


def attacker(folder) -> dict[tuple[str, str], tuple[float, float]]:
    """Written from the three exported files alone, apart from disclosure control: per area
    the residents R, adults A, children C, the residents without age O (never published, >= 0)
    and the numerators of the two shares (K of children, M of adults), R = A + C + O, K <= C,
    M <= A, every count >= 0 and the wijken adding up to the gemeente in each. The interval
    of every hidden count (scipy linprog, HiGHS), by (count, area)."""
    names = ("R", "A", "C", "O", "K", "M")
    var = {(n, a): i for i, (n, a) in enumerate((n, a) for n in names for a in AREAS)}
    a_eq, b_eq, a_ub, b_ub = [], [], [], []

    def row(coefs: dict) -> np.ndarray:
        out = np.zeros(len(var))
        for key, c in coefs.items():
            out[var[key]] = c
        return out

    for a in AREAS:
        a_eq.append(row({("R", a): 1, ("A", a): -1, ("C", a): -1, ("O", a): -1}))
        b_eq.append(0)
        a_ub += [row({("K", a): 1, ("C", a): -1}), row({("M", a): 1, ("A", a): -1})]
        b_ub += [0, 0]
    for n in names:
        a_eq.append(row({(n, "GM0344"): 1, **{(n, w): -1 for w in WIJKEN}}))
        b_eq.append(0)
    known = {}
    inw = read_measures_csv(folder / TABLES["inwoners"])
    for df, columns in ((inw, {"R": "n_numerator"}),
                        (read_measures_csv(folder / TABLES["migratie"]), {"M": "n_numerator", "A": "n_denominator"}),
                        (read_measures_csv(folder / TABLES["kopp"]), {"K": "n_numerator", "C": "n_denominator"})):  # fmt: skip
        ok = df[df["status"] == "ok"]
        for n, column in columns.items():
            known |= {(n, a): float(v) for a, v in zip(ok["area_code"], ok[column], strict=True)}
    for key, value in known.items():
        a_eq.append(row({key: 1}))
        b_eq.append(value)
    out = {}
    for key in var:
        if key in known or key[0] == "O":
            continue
        c = row({key: 1})
        lo = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, method="highs")
        hi = linprog(-c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, method="highs")
        assert lo.status == 0 and hi.status in (0, 3)  # 3: unbounded above
        out[key] = (round(lo.fun, 6), round(-hi.fun, 6) if hi.status == 0 else np.inf)
    return out


def test_protected_apart_the_children_of_a_wijk_of_adults_are_given_back(tmp_path):
    """The leak as it is: each table protected alone. kopp hides WK034403 (5 children, 1
    with a parent in ggz care) with a partner; inwoners.csv and migratie publish 805 and 800
    residents and adults there, and the partner's own difference closes the sum: the attacker
    has the 5 children exactly and the 1 child to within 5."""
    inw = residents_table()
    assert (inw["status"] == "ok").all()
    kopp, _ = protect(kopp_table(), THRESHOLD, True, None, GEO)
    migratie, _ = protect(migratie_table(), THRESHOLD, True, None, GEO)
    assert (migratie["status"] == "ok").all()
    status = dict(zip(kopp["area_code"], kopp["status"], strict=True))
    assert status["WK034403"] == "suppressed_primary"
    export(tmp_path, {"inwoners": inw, "migratie": migratie, "kopp": kopp})
    got = attacker(tmp_path)
    assert got[("C", "WK034403")] == (5.0, 5.0)
    lo, hi = got[("K", "WK034403")]
    assert hi - lo < THRESHOLD
    # the export gate sees it from the files alone (kopp's two hidden wijken, both exact)
    problems = check_export(tmp_path, THRESHOLD)
    assert [(p.path.endswith("kopp/measures.csv"), p.line) for p in problems] == [(True, None)] * 2
    assert "kinderen (kopp) of WK034403 2023, hidden, are given back" in problems[0].message
    assert "5 to 5" in problems[0].message


AGES = {"kopp": (0, 17), "migratie": (18, None)}


def persons(adults=ADULTS, children=CHILDREN, other=None) -> pd.DataFrame:
    """The person-year base of 2023: per wijk its adults (40), children (10) and residents
    without a GBAPERSOONTAB row."""
    other = other or dict.fromkeys(WIJKEN, 0)
    rows = [(w, True, age) for w in WIJKEN
            for age, n in ((40, adults[w]), (10, children[w])) for _ in range(n)]  # fmt: skip
    rows += [(w, False, None) for w in WIJKEN for _ in range(other[w])]
    frame = pd.DataFrame(rows, columns=["wijk", "in_gba", "age"])
    return frame.assign(year=2023, gemeente="GM0344")


def released(children=CHILDREN, adults=ADULTS, other=None):
    """The three tables as disclosure control decides them now: the residents, adults and
    children first, together (export_organisation_figures: `protect_with_populations`), then
    each theme with those statuses (`control.protect`'s `residents`)."""
    from wijkzicht.disclosure.residents import population_counts, protect_with_populations

    inw = residents_table(adults, children, other)
    pops = population_counts(persons(adults, children, other), AGES)
    _, inw, pops, first = protect_with_populations(
        inw.iloc[:0], inw, THRESHOLD, True, None, GEO, populations=pops
    )
    decided = pd.concat([inw, pops], ignore_index=True)
    migratie, m_audit = protect(
        migratie_table(adults), THRESHOLD, True, None, GEO, residents=decided
    )
    kopp, k_audit = protect(kopp_table(children), THRESHOLD, True, None, GEO, residents=decided)
    audit = pd.concat([first, m_audit, k_audit], ignore_index=True)
    return inw, migratie, kopp, pops, audit


def test_with_the_residents_and_the_adults_the_children_stay_hidden(tmp_path):
    inw, migratie, kopp, pops, audit = released()
    assert audit["protected"].all()
    status = dict(zip(pops["measure"] + "/" + pops["area_code"], pops["status"], strict=True))
    assert status["register.kinderen/WK034403"] == "suppressed_primary"
    # the gemeente's adults and children are never partners where wijken will do: hidden
    # there, every gemeente figure of kopp and migratie would be (the first pattern hid the
    # gemeente's adults; now WK034404's children and adults close the rectangle)
    assert status["register.kinderen/GM0344"] == status["register.volwassenen/GM0344"] == "ok"
    assert status["register.kinderen/WK034404"] != "ok"
    assert status["register.volwassenen/WK034404"] != "ok"
    for table in (kopp, migratie):
        assert dict(zip(table["area_code"], table["status"], strict=True))["GM0344"] == "ok"
    export(tmp_path, {"inwoners": inw, "migratie": migratie, "kopp": kopp})
    got = attacker(tmp_path)
    for key in [("C", "WK034403"), ("K", "WK034403")]:
        lo, hi = got[key]
        assert hi - lo >= THRESHOLD, (key, lo, hi)
    assert check_export(tmp_path, THRESHOLD) == []
    # the added rows are audited and named, never part of the table
    named = audit["residual"].astype("string").str.contains("kinderen of WK034403")
    assert named.any()
    assert kopp.index.equals(kopp_table().index) and set(kopp["theme"]) == {"kopp"}
