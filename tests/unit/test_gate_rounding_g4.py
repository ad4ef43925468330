"""The export gate with rounded counts: never a silent skip (G4).

With `disclosure.rounding_base` the themes' published counts are rounded to that base, each on
its own, after suppression (`rounding.round_counts`); `kerncijfers/inwoners.csv`'s residents
are not (`control.protect_counts`). The gate's attacker (`gate.populations_given_back`) held the
true relations for the published values: residents = adults + children + those without an age
(0 or more). A wijk of 1198 adults and 298 children (1496 residents) publishes 1200 and 300,
so the LP had no table at all, and the gate skipped every hidden count of that year without a
word: kopp's hidden wijk of 5 children, given back as 805 residents minus 800 adults, passed.
A published count rounded to a base stands for the counts that round to it
(`rounding.rounded_range`: 1200 for 1198 to 1202 with base 5); and an export whose counts
contradict each other all the same is refused, naming the counts and the relation.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import test_population_difference_a4 as a4
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from test_population_difference_a4 import GEO, THRESHOLD, WIJKEN, export

from wijkzicht.disclosure.control import protect
from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.disclosure.gate import (
    blank_suppressed,
    check_and_record,
    check_export,
    passed_contents,
)
from wijkzicht.disclosure.rounding import round_counts, round_to_base, rounded_range
from wijkzicht.themes.aggregates import inhabitants_check

BASE = 5
# A4's wijken, WK034401 with 1198 adults and 298 children: 1200 + 300 rounded, 1496 residents;
# WK034403 800 adults and 5 children (kopp hides them, with a partner)
ADULTS = dict(zip(WIJKEN, (1198, 900, 800, 600), strict=True))
CHILDREN = dict(zip(WIJKEN, (298, 250, 5, 200), strict=True))


@functools.cache
def _rounded_tables() -> tuple:
    inw = a4.residents_table(ADULTS, CHILDREN)
    kopp, _ = protect(a4.kopp_table(CHILDREN), THRESHOLD, True, BASE, GEO)
    migratie, _ = protect(a4.migratie_table(ADULTS), THRESHOLD, True, BASE, GEO)
    assert (inw["status"] == "ok").all() and (migratie["status"] == "ok").all()
    assert dict(zip(kopp["area_code"], kopp["status"], strict=True))["WK034403"] != "ok"
    return inw, migratie, kopp


def rounded_export(folder) -> None:
    """Each table protected alone as A4's leak (kopp hides WK034403 and a partner), the
    themes' counts rounded to BASE as `control.protect` rounds them; inwoners.csv exact."""
    inw, migratie, kopp = _rounded_tables()
    export(folder, {"inwoners": inw, "migratie": migratie, "kopp": kopp})


def test_a_rounded_count_stands_for_the_counts_that_round_to_it():
    x = np.arange(0, 300)
    for base in (2, 3, 4, 5, 10):
        low, high = rounded_range(round_to_base(x, base), base)
        assert (low <= x).all() and (x <= high).all()
        # nothing wider: the ends round to the published value, the next counts do not
        assert (round_to_base(low, base) == round_to_base(x, base)).all()
        assert (round_to_base(high + 1, base) != round_to_base(x, base)).all()
        assert ((low == 0) | (round_to_base(low - 1, base) != round_to_base(x, base))).all()
    assert [tuple(map(float, rounded_range(v, 5))) for v in (0, 10, 1200, 7)] == [
        (0, 2), (8, 12), (1198, 1202), (7, 7)  # 7 is no multiple of 5: not rounded
    ]  # fmt: skip
    low, high = rounded_range([12.0, np.nan], None)
    assert low[0] == high[0] == 12 and np.isnan(low[1])


def test_rounding_no_longer_lets_a_given_back_population_pass(tmp_path):
    """The rounded export as disclosure control makes it: WK034401's 1200 adults and 300
    children add up to more than its 1496 residents. The old gate's LP had no table and it
    passed the export; WK034403's children are 805 - (798 to 802) = 3 to 7 and are refused."""
    rounded_export(tmp_path)
    kopp = read_measures_csv(tmp_path / "kopp/measures.csv")
    migratie = read_measures_csv(tmp_path / "migratie/measures.csv")
    first = {"WK034401": (1200, 300)}
    for wijk, (adults, children) in first.items():
        assert migratie.set_index("area_code").loc[wijk, "n_denominator"] == adults
        assert kopp.set_index("area_code").loc[wijk, "n_denominator"] == children
    problems = check_export(tmp_path, THRESHOLD, rounding_base=BASE)
    children = [p for p in problems if "kinderen (kopp) of WK034403 2023, hidden" in p.message]
    assert len(children) == 1 and children[0].path.endswith("kopp/measures.csv")
    assert "3 to 7" in children[0].message
    assert not [p for p in problems if "contradict" in p.message]


def test_an_export_whose_counts_contradict_each_other_is_refused(tmp_path):
    """The same export judged as if its counts were exact (the gate not told the base): the
    LP has no table. Refused, naming the year, the wijk, the counts and the relation."""
    rounded_export(tmp_path)
    problems = check_export(tmp_path, THRESHOLD)
    said = [p for p in problems if "contradict" in p.message and "of WK034401" in p.message]
    assert len(said) == 1, problems
    message = said[0].message
    assert "2023" in message and "the residents of WK034401 (1496)" in message
    assert "volwassenen (migratie) of WK034401 (1200)" in message
    assert "kinderen (kopp) of WK034401 (300)" in message
    assert "(1496) = the kinderen (kopp)" in message and "cannot hold" in message
    assert "without an age of WK034401 (never published, 0 or more)" in message
    assert "no rounding base" in message
    assert said[0].path.endswith(("kopp/measures.csv", "migratie/measures.csv"))


def test_the_record_names_the_rounding_base(tmp_path):
    """The record's rules hold the base: a record made without it is not trusted by a bundle
    that checks with it (its populations were judged as exact counts)."""
    rounded_export(tmp_path)
    (tmp_path / "kopp").joinpath("measures.csv").unlink()  # a clean folder: no population check
    _, record = check_and_record(tmp_path, THRESHOLD, rounding_base=BASE)
    assert passed_contents(record, THRESHOLD, rounding_base=BASE)
    assert not passed_contents(record, THRESHOLD)


# -- the property: every hidden count is judged, whatever the published counts are ---------


def attacker(folder, base: int | None) -> dict | None:
    """From the three files alone, written apart from the gate: per area R = A + C + O (O >= 0),
    the wijken at most the gemeente in each count, every count >= 0, a published count of a
    theme any count that rounds to it (inwoners.csv exact). The interval of each hidden R, A
    and C by (count, area), or None when no table fits the published counts."""
    names = ("inwoners", "migratie", "kopp", "O")
    areas = ("GM0344", *WIJKEN)
    var = {(n, a): i for i, (n, a) in enumerate((n, a) for n in names for a in areas)}
    bounds = [[0.0, None] for _ in var]
    hidden = []
    for name, column in (("inwoners", "n_numerator"), ("migratie", "n_denominator"),
                         ("kopp", "n_denominator")):  # fmt: skip
        df = read_measures_csv(folder / a4.TABLES[name])
        for a, status, v in zip(df["area_code"], df["status"], df[column], strict=True):
            if status != "ok":
                hidden.append((name, a))
                continue
            low = high = float(v)
            if name != "inwoners" and base:  # every whole count that rounds to it and that
                # the primary rule lets be published: 0 or at least the threshold
                near = np.arange(max(float(v) - base, 0), float(v) + base + 1)
                near = near[(near == 0) | (near >= THRESHOLD)]
                fits = near[round_to_base(near, base) == float(v)]
                low, high = (fits.min(), fits.max()) if len(fits) else (low, high)
            bounds[var[(name, a)]] = [low, high]

    def row(coefs):
        out = np.zeros(len(var))
        for k, c in coefs.items():
            out[var[k]] = c
        return out

    a_eq = [row({("inwoners", a): 1, ("migratie", a): -1, ("kopp", a): -1, ("O", a): -1})
            for a in areas]  # fmt: skip
    a_ub = [row({(n, "GM0344"): -1, **{(n, w): 1 for w in WIJKEN}}) for n in names]
    kw = dict(A_eq=a_eq, b_eq=[0] * len(a_eq), A_ub=a_ub, b_ub=[0] * len(a_ub), bounds=bounds,
              method="highs")  # fmt: skip
    if linprog(np.zeros(len(var)), **kw).status == 2:
        return None
    out = {}
    for key in hidden:
        lo, hi = linprog(row({key: 1}), **kw), linprog(-row({key: 1}), **kw)
        out[key] = (lo.fun, np.inf if hi.status == 3 else -hi.fun)
    return out


def _residents(adults: dict, children: dict, other: dict) -> pd.DataFrame:
    """kerncijfers/inwoners.csv's rows, all published (`a4.residents_table` without its
    disclosure control: the test hides what it draws)."""
    n = a4.with_gemeente({w: adults[w] + children[w] + other[w] for w in WIJKEN})
    pop = pd.DataFrame({"year": 2023, "area_level": ["gemeente"] + ["wijk"] * 4,
                        "area_code": list(n), "n_residents": list(n.values())})  # fmt: skip
    inw = inhabitants_check(pop.rename(columns={"n_residents": "AantalInwoners"}), pop, GEO)
    return inw.assign(status="ok")


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    adults=st.lists(st.integers(0, 60), min_size=4, max_size=4),
    children=st.lists(st.integers(0, 30), min_size=4, max_size=4),
    other=st.lists(st.integers(0, 3), min_size=4, max_size=4),
    hide=st.lists(st.sampled_from(["inwoners", "migratie", "kopp"]), min_size=4, max_size=4),
    base=st.sampled_from([None, 3, 5, 10]),
    told=st.booleans(),
    publish_zeros=st.booleans(),
)
def test_the_gate_never_skips_a_hidden_count(
    tmp_path_factory, adults, children, other, hide, base, told, publish_zeros
):
    """Random wijken, each hiding its count in one table (no disclosure control beyond the
    primary rule: any export that obeys it), the themes' counts rounded or not, the gate told the base or not: where no table fits the
    published counts the gate refuses the year; else every hidden count that the attacker
    narrows to at most threshold - 1 (or pins, the residents) is refused by name."""
    folder = tmp_path_factory.mktemp("export")
    adults, children = (
        dict(zip(WIJKEN, adults, strict=True)),
        dict(zip(WIJKEN, children, strict=True)),
    )
    other = dict(zip(WIJKEN, other, strict=True))
    inw = _residents(adults, children, other)
    tables = {
        "inwoners": inw,
        "migratie": a4.migratie_table(adults).assign(n_numerator=0, numerator=0, status="ok"),
        "kopp": a4.kopp_table(children).assign(n_numerator=0, numerator=0, status="ok"),
    }
    for wijk, name in zip(WIJKEN, hide, strict=True):
        df = tables[name]
        df.loc[df["area_code"] == wijk, "status"] = "suppressed"
    for name in ("migratie", "kopp"):
        # the primary rule, as every export obeys it (the gate refuses a published 1 to 9 by
        # its row check): a theme's count of 1 to threshold - 1 is hidden, and 0 without
        # publish_zeros; then the counts are rounded
        df = tables[name]
        small = df["n_denominator"].between(1, THRESHOLD - 1)
        df.loc[small | ((df["n_denominator"] == 0) & (not publish_zeros)), "status"] = "suppressed"
        tables[name] = round_counts(df, base)
    export(folder, {name: blank_suppressed(df) for name, df in tables.items()})
    gate_base = base if told else None
    problems = check_export(folder, THRESHOLD, publish_zeros=publish_zeros, rounding_base=gate_base)
    got = attacker(folder, gate_base)
    if got is None:
        assert any("contradict" in p.message or "admit no table" in p.message for p in problems)
        return
    words = {
        "inwoners": "residents",
        "migratie": "volwassenen (migratie)",
        "kopp": "kinderen (kopp)",
    }
    for (name, area), (lo, hi) in got.items():
        narrowed = hi <= THRESHOLD - 1 + 1e-6 or (name == "inwoners" and hi - lo < 1e-6)
        named = any(f"the {words[name]} of {area} 2023, hidden" in p.message for p in problems)
        if narrowed:
            assert named, (name, area, lo, hi, problems)
        elif hi - lo >= THRESHOLD:
            assert not named, (name, area, lo, hi, problems)


def test_a_rounded_count_above_zero_is_at_least_the_threshold(tmp_path):
    """R8: the primary rule is public, so a rounded 10 (base 10) stands for 10 to 14, not 5 to
    14. A wijk of 19 residents and 10 adults hides its 9 children: read as exact counts the
    gate refuses them (9 to 9); told the base, it passed them (children 5 to 14 read from
    adults 5 to 14). Now refused with the base too."""
    adults = dict(zip(WIJKEN, (10, 60, 60, 60), strict=True))
    children = dict(zip(WIJKEN, (9, 30, 30, 30), strict=True))
    other = dict(zip(WIJKEN, (0, 0, 0, 0), strict=True))
    for base in (None, 10):
        tables = {
            "inwoners": _residents(adults, children, other),
            "migratie": a4.migratie_table(adults).assign(n_numerator=0, numerator=0, status="ok"),
            "kopp": a4.kopp_table(children).assign(n_numerator=0, numerator=0, status="ok"),
        }
        kopp = tables["kopp"]
        kopp.loc[kopp["area_code"].isin(WIJKEN[:2]), "status"] = "suppressed"
        for name in ("migratie", "kopp"):
            tables[name] = round_counts(tables[name], base)
        folder = tmp_path / f"base{base}"
        export(folder, {n: blank_suppressed(df) for n, df in tables.items()})
        problems = check_export(folder, THRESHOLD, rounding_base=base)
        assert any(
            f"the kinderen (kopp) of {WIJKEN[0]} 2023, hidden" in p.message for p in problems
        ), (base, [p.message for p in problems])
