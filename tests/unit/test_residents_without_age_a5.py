"""The residents without an age, given away by the difference of three published counts (A5).

An area's residents (`kerncijfers/inwoners.csv`) are its children (kopp's population), its
adults (migratie's) and the residents without a GBAPERSOONTAB row, who have no age
(docs/rules.md#l8) and whom no table publishes. With the three counts published, residents -
adults - children is that group: a count of persons, as `breed` - `ggz` is, so the primary
rule judges it (docs/rules.md#e7). A wijk of 402 residents, 320 adults and 80 children
published its 2 residents without a person record by subtraction.
"""

from __future__ import annotations

import numpy as np
import pytest
import test_population_difference_a4 as a4
from scipy.optimize import linprog
from test_population_difference_a4 import AREAS, TABLES, THRESHOLD, WIJKEN, export, released

from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.disclosure.gate import check_export

# four ordinary wijken; WK034402 holds 2 residents without a GBAPERSOONTAB row
ADULTS = dict(zip(WIJKEN, (1200, 320, 800, 600), strict=True))
CHILDREN = dict(zip(WIJKEN, (300, 80, 150, 200), strict=True))
OTHER = {**dict.fromkeys(WIJKEN, 0), "WK034402": 2}


@pytest.fixture(autouse=True)
def _kopp_without_small_counts(monkeypatch):
    """kopp's numerators all 10 or more: its table hides nothing of its own here, so what
    is hidden is the residents' doing."""
    monkeypatch.setattr(a4, "KOPP_GGZ", dict(zip(WIJKEN, (40, 30, 20, 25), strict=True)))


def rest_interval(folder, area: str) -> tuple[float, float]:
    """From the three exported files alone: the residents without an age O of `area`, with per
    area R = A + C + O (residents, adults, children), every count >= 0 and the wijken adding up
    to the gemeente in each count; each published count fixed (scipy linprog, HiGHS)."""
    names = ("R", "A", "C", "O")
    var = {(n, a): i for i, (n, a) in enumerate((n, a) for n in names for a in AREAS)}

    def row(coefs: dict) -> np.ndarray:
        out = np.zeros(len(var))
        for key, c in coefs.items():
            out[var[key]] = c
        return out

    a_eq = [row({("R", a): 1, ("A", a): -1, ("C", a): -1, ("O", a): -1}) for a in AREAS]
    a_eq += [row({(n, "GM0344"): 1, **{(n, w): -1 for w in WIJKEN}}) for n in names]
    b_eq = [0.0] * len(a_eq)
    for name, n, column in (("inwoners", "R", "n_numerator"), ("migratie", "A", "n_denominator"),
                            ("kopp", "C", "n_denominator")):  # fmt: skip
        df = read_measures_csv(folder / TABLES[name])
        ok = df[df["status"] == "ok"]
        for a, v in zip(ok["area_code"], ok[column], strict=True):
            a_eq.append(row({(n, a): 1}))
            b_eq.append(float(v))
    c = row({("O", area): 1})
    lo = linprog(c, A_eq=a_eq, b_eq=b_eq, method="highs")
    hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, method="highs")
    assert lo.status == 0 and hi.status in (0, 3)  # 3: unbounded above
    return lo.fun, (-hi.fun if hi.status == 0 else np.inf)


def test_the_residents_without_an_age_are_not_given_away(tmp_path):
    inw, migratie, kopp, pops, audit = released(CHILDREN, ADULTS, OTHER)
    assert audit["protected"].all()
    # the rest of WK034402 is a sensitive count of the audits, and safe there
    label = audit["residual"].astype("string")
    rest = audit[label.str.contains("WK034402", na=False) & label.str.contains("outside", na=False)]
    assert rest["required"].any() and not rest["narrow"][rest["required"]].any()
    # the gemeente's rest is those 2 too: one of its three counts goes, and it is the residents
    # (its adults and children are never partners: the themes' gemeente figures stay)
    status = dict(zip(inw["area_code"], inw["status"], strict=True))
    assert status["GM0344"] != "ok" and status["WK034402"] != "ok"
    for table in (pops[pops["area_level"] == "gemeente"], migratie, kopp):
        assert dict(zip(table["area_code"], table["status"], strict=True))["GM0344"] == "ok"
    assert (pops["status"] == "ok").all()
    export(tmp_path, {"inwoners": inw, "migratie": migratie, "kopp": kopp})
    lo, hi = rest_interval(tmp_path, "WK034402")
    assert hi - lo >= THRESHOLD, (lo, hi)
    assert check_export(tmp_path, THRESHOLD) == []


def test_the_gate_refuses_the_residents_without_an_age_published_by_difference(tmp_path):
    """The pattern before A5: the three counts published everywhere, the rest of WK034402
    (and of the gemeente) 2 exactly from the files alone; the export gate says so."""
    inw, migratie, kopp, _, _ = released(CHILDREN, ADULTS, OTHER)
    export(tmp_path, {"inwoners": inw.assign(status="ok"), "migratie": migratie, "kopp": kopp})
    assert rest_interval(tmp_path, "WK034402") == (2.0, 2.0)
    problems = check_export(tmp_path, THRESHOLD)
    assert [p.path.endswith("kerncijfers/inwoners.csv") for p in problems] == [True, True]
    assert "without an age of GM0344 2023" in problems[0].message
    assert "without an age of WK034402 2023" in problems[1].message
    assert "2 to 2" in problems[1].message


def test_without_such_residents_nothing_more_is_hidden(tmp_path):
    """A rest of 0 (every resident has an age) is no group of persons: all three published."""
    inw, migratie, kopp, pops, audit = released(CHILDREN, ADULTS, dict.fromkeys(WIJKEN, 0))
    assert audit["protected"].all()
    assert (inw["status"] == "ok").all() and (pops["status"] == "ok").all()
    export(tmp_path, {"inwoners": inw, "migratie": migratie, "kopp": kopp})
    assert rest_interval(tmp_path, "WK034402") == (0.0, 0.0)
    assert check_export(tmp_path, THRESHOLD) == []


def test_a_rest_of_0_is_no_group_without_zeros_either():
    """With `publish_zeros: false` a count of 0 is withheld, but a rest of 0 residents without
    an age is nobody's count: the three counts stay published."""
    from test_population_difference_a4 import AGES, GEO, persons, residents_table

    from wijkzicht.disclosure.residents import population_counts, protect_with_populations

    zero = dict.fromkeys(WIJKEN, 0)
    inw = residents_table(ADULTS, CHILDREN, zero)
    pops = population_counts(persons(ADULTS, CHILDREN, zero), AGES)
    _, inw, pops, audit = protect_with_populations(
        inw.iloc[:0], inw, THRESHOLD, False, None, GEO, populations=pops
    )
    assert audit["protected"].all()
    assert (inw["status"] == "ok").all() and (pops["status"] == "ok").all()
