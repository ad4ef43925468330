"""Secondary suppression (disclosure/secondary.py).

Sources: sdcTable's test problem, github.com/sdcTools/sdcTable,
tests/testthat/test-protectTable.r (microdata1 by region x gender, only A/female
primary; OPT, HYPERCUBE, HITAS and SIMPLEHEURISTIC all suppress cells 5, 6, 11, 12:
A/male, A/female, C/male, C/female), with the cell frequencies printed in the package's
reference page reference/makeProblem.md (100 records); measures.md rule 25 and
"Disclosure control".
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from test_disclosure_audit import measures

from wijkzicht.disclosure.audit import AdditiveTable, Target, audit_measures
from wijkzicht.disclosure.primary import apply_primary, primary_mask
from wijkzicht.disclosure.secondary import apply_secondary, secondary_suppression

# -- sdcTable's test problem ------------------------------------------------------------
#
#   freq     | male | female | Total
#   A        |  18  |    2   |   20
#   B        |  14  |   19   |   33
#   C        |  12  |   10   |   22
#   D        |  11  |   14   |   25
#   Total    |  55  |   45   |  100

REGIONS = ["Total", "A", "B", "C", "D"]
GENDERS = ["Total", "male", "female"]
FREQ = {
    "Total": (100, 55, 45),
    "A": (20, 18, 2),
    "B": (33, 14, 19),
    "C": (22, 12, 10),
    "D": (25, 11, 14),
}
CELLS = [(r, g) for r in REGIONS for g in GENDERS]  # sdcTable's order: cell 6 is A/female
VALUES = np.array([FREQ[r][GENDERS.index(g)] for r, g in CELLS], dtype=float)


def sdc_table() -> AdditiveTable:
    at = {c: i for i, c in enumerate(CELLS)}
    by_region = [(at[r, "Total"], [at[r, "male"], at[r, "female"]]) for r in REGIONS]
    by_gender = [(at["Total", g], [at[r, g] for r in REGIONS[1:]]) for g in GENDERS]
    return AdditiveTable(VALUES, by_region + by_gender)


A_FEMALE = CELLS.index(("A", "female"))


@pytest.mark.parametrize("threshold", [3, 10])  # freq rule maxN=2, and ours
def test_sdctable_problem_minimal_pattern(threshold):
    t = sdc_table()
    primary = np.arange(len(CELLS)) == A_FEMALE
    target = [Target(A_FEMALE, (1.0,))]
    pattern = secondary_suppression(t, primary, target, threshold, cost=VALUES)
    chosen = {CELLS[i] for i in np.flatnonzero(pattern)}
    assert chosen == {("A", "male"), ("A", "female"), ("C", "male"), ("C", "female")}
    assert VALUES[pattern & ~primary].sum() == 40  # 18 + 12 + 10
    lo, hi = t.intervals(pattern, target)
    assert (lo[0], hi[0]) == (0, 12)

    # no cheaper pattern is safe: every set of extra cells costing less than 40 has at
    # most three cells (the three smallest cost 10 + 11 + 12 = 33, four cost >= 47)
    others = [i for i in range(len(CELLS)) if i != A_FEMALE]
    for size in (1, 2, 3):
        for extra in itertools.combinations(others, size):
            if VALUES[list(extra)].sum() >= 40:
                continue
            trial = primary.copy()
            trial[list(extra)] = True
            assert not t.protected(trial, target, threshold)[0], [CELLS[i] for i in extra]


# -- the measures table -----------------------------------------------------------------

GRID = """
| area     | group    | value  | num | den |
| GM0344   | totaal   | totaal | 160 | 400 |
| GM0344   | leeftijd | 0-3    | 33  | 100 |
| GM0344   | leeftijd | 4-11   | 60  | 150 |
| GM0344   | leeftijd | 12-17  | 67  | 150 |
| WK034401 | totaal   | totaal | 50  | 130 |
| WK034401 | leeftijd | 0-3    | 3   | 30  |
| WK034401 | leeftijd | 4-11   | 22  | 50  |
| WK034401 | leeftijd | 12-17  | 25  | 50  |
| WK034402 | totaal   | totaal | 55  | 140 |
| WK034402 | leeftijd | 0-3    | 15  | 40  |
| WK034402 | leeftijd | 4-11   | 18  | 50  |
| WK034402 | leeftijd | 12-17  | 22  | 50  |
| WK034403 | totaal   | totaal | 55  | 130 |
| WK034403 | leeftijd | 0-3    | 15  | 30  |
| WK034403 | leeftijd | 4-11   | 20  | 50  |
| WK034403 | leeftijd | 12-17  | 20  | 50  |
"""


def test_cross_classified_table_is_protected_in_both_directions():
    # 3 of 30 in WK034401/0-3: alone it is given away by its wijk (50 - 22 - 25) and by
    # its age band (33 - 15 - 15); the cheapest safe pattern is a rectangle in both.
    df = apply_primary(measures(GRID))
    out = apply_secondary(df, threshold=10)
    hidden = out.loc[out["status"] != "ok", ["area_code", "group_value", "status"]]
    assert hidden.values.tolist() == [
        ["WK034401", "0-3", "suppressed_primary"],
        ["WK034401", "4-11", "suppressed_secondary"],
        ["WK034403", "0-3", "suppressed_secondary"],
        ["WK034403", "4-11", "suppressed_secondary"],
    ]
    audit = audit_measures(out, threshold=10, quantities="all")
    sensitive = audit[audit["required"]]
    assert sensitive["quantity"].tolist() == ["n_numerator"]
    assert sensitive["protected"].all() and (sensitive["width"] >= 10).all()
    assert not primary_mask(out[out["status"] == "ok"]).any()


def test_nothing_to_protect_changes_nothing():
    df = measures("""
        | area     | group  | value  | num | den |
        | GM0344   | totaal | totaal | 40  | 200 |
        | WK034401 | totaal | totaal | 20  | 100 |
        | WK034402 | totaal | totaal | 20  | 100 |
    """)
    assert (apply_secondary(df)["status"] == "ok").all()


def test_primary_status_is_added_when_missing():
    out = apply_secondary(measures(GRID))
    assert set(out["status"]) == {"ok", "suppressed_primary", "suppressed_secondary"}


def test_a_missing_row_is_a_residual_to_protect():
    # dropping the sensitive row does not hide it: the wijk and age totals give it back
    df = apply_primary(measures(GRID))
    kept = apply_secondary(df[df["status"] == "ok"])
    assert (kept["status"] == "suppressed_secondary").sum() >= 1
    assert audit_measures(kept)["protected"].all()


def test_a_sensitive_residual_is_protected():
    # 2 persons of unknown sex, 1 with the outcome: totaal - man - vrouw gives them away
    df = measures("""
        | area   | group    | value  | num | den |
        | GM0344 | totaal   | totaal | 40  | 200 |
        | GM0344 | geslacht | man    | 19  | 98  |
        | GM0344 | geslacht | vrouw  | 20  | 100 |
    """)
    out = apply_secondary(df)
    assert out["status"].tolist() == ["ok", "suppressed_secondary", "ok"]  # man goes too
    audit = audit_measures(out, quantities="sensitive")
    assert audit["residual"].notna().all() and audit["protected"].all()
    every = audit_measures(out)  # and every count of `man` too, which hides them
    assert every["protected"].all() and not every["recoverable"].any()
    assert every["status"].tolist() == ["suppressed_secondary"] * 3 + ["residual"] * 3
    assert (apply_secondary(df, protect_residuals=False)["status"] == "ok").all()


def test_ratio_rows_follow_their_suppressed_counts():
    df = measures(
        """
        | area   | group      | value  | num | den |
        | GM0344 | kopp_breed | ja     | 4   | 40  |
        | GM0344 | kopp_breed | nee    | 30  | 300 |
        """,
        measure="kopp.jeugdteam",
        definition="breed",
    )
    rr = df.iloc[[0]].assign(group_value="ja_vs_nee", method="relative_risk_katz")
    rr[["numerator", "denominator", "n_numerator", "n_denominator"]] = np.nan
    out = apply_secondary(pd.concat([df, rr], ignore_index=True))
    assert out["status"].tolist() == ["suppressed_primary", "ok", "suppressed_secondary"]


def test_a_trend_row_stays_when_only_another_value_of_its_group_is_suppressed():
    # herkomst=Nederland's trend comes from Nederland's own series; Turkije (4 of 40) is
    # suppressed (primary) and Marokko with it (secondary), Nederland is published: its trend
    # stays, as propagate_suppression decides for trends (a trend row has no counts, like a
    # relative risk, which does follow its group: test above)
    df = measures(
        """
        | area   | group    | value     | num | den |
        | GM0344 | totaal   | totaal    | 60  | 440 |
        | GM0344 | herkomst | Nederland | 30  | 300 |
        | GM0344 | herkomst | Turkije   | 4   | 40  |
        | GM0344 | herkomst | Marokko   | 26  | 100 |
        """
    )
    trend = df.iloc[[1]].assign(method="trend_logit", value=1.1, ci_lower=0.9, ci_upper=1.3)
    trend[["numerator", "denominator", "n_numerator", "n_denominator"]] = np.nan
    out = apply_secondary(pd.concat([df, trend], ignore_index=True))
    assert out["status"].tolist() == [
        "ok", "ok", "suppressed_primary", "suppressed_secondary", "ok"
    ]  # fmt: skip


def test_blocks_sharing_a_population_are_protected_together():
    # 8 children in WK034401, in both definitions: every count of that row is sensitive.
    # Alone, ggz would hide WK034402 as partner and breed WK034403 (WK034402 has no rest
    # to give in breed); breed then publishes WK034402's denominator, and ggz's gemeente
    # row gives WK034401's denominator back: 118 - 60 - 50 = 8.
    ggz = measures("""
        | area     | group  | value  | num | den |
        | GM0344   | totaal | totaal | 54  | 118 |
        | WK034401 | totaal | totaal | 2   | 8   |
        | WK034402 | totaal | totaal | 12  | 50  |
        | WK034403 | totaal | totaal | 40  | 60  |
    """)
    breed = measures(
        """
        | area     | group  | value  | num | den |
        | GM0344   | totaal | totaal | 85  | 118 |
        | WK034401 | totaal | totaal | 5   | 8   |
        | WK034402 | totaal | totaal | 50  | 50  |
        | WK034403 | totaal | totaal | 30  | 60  |
        """,
        definition="breed",
    )
    df = pd.concat([ggz, breed], ignore_index=True)
    apart = apply_secondary(df, link_shared_counts=False)
    assert apart["status"].tolist()[1:4] == ["suppressed_primary", "suppressed_secondary", "ok"]
    assert apart["status"].tolist()[5:8] == ["suppressed_primary", "ok", "suppressed_secondary"]
    leak = audit_measures(apart)
    assert not leak["protected"].all()
    assert leak.loc[~leak["protected"], "upper"].tolist()[0] == 8
    together = apply_secondary(df)
    assert audit_measures(together)["protected"].all()


def grid(seed: int, n_wijk: int = 12, people: int = 600, definitions=("ggz", "breed")):
    """A synthetic measures table: wijken x (leeftijd, herkomst), cross-classified, with the
    gemeente and totaal margins, for definitions over the same persons (one denominator);
    counts drawn per wijk x leeftijd x herkomst cell."""
    rng = np.random.default_rng(seed)
    groups = {"leeftijd": ["18-29", "30-44", "45-64", "65-74", "75+"]}
    groups["herkomst"] = [f"land{i}" for i in range(10)]
    shape = [len(v) for v in groups.values()]
    persons = {
        f"WK0344{w:02d}": rng.poisson(
            rng.integers(5, people) * rng.dirichlet(np.full(np.prod(shape), 0.7))
        ).reshape(shape)
        for w in range(1, n_wijk + 1)
    }
    rows = []
    for definition in definitions:
        cubes = {w: (rng.binomial(den, rng.uniform(0.05, 0.5)), den) for w, den in persons.items()}
        cubes["GM0344"] = tuple(sum(c[i] for c in cubes.values()) for i in (0, 1))
        for code, (num, den) in cubes.items():
            rows.append((definition, code, "totaal", "totaal", num.sum(), den.sum()))
            for axis, (group, values) in enumerate(groups.items()):
                other = tuple(a for a in range(len(shape)) if a != axis)
                for v, a, b in zip(values, num.sum(axis=other), den.sum(axis=other), strict=True):
                    rows.append((definition, code, group, v, a, b))
    return measures(
        pd.DataFrame(rows, columns=["definition", "area", "group", "value", "num", "den"])
    )


@pytest.mark.parametrize("seed, people", [(0, 600), (1, 200)])
def test_five_hundred_rows_protected_and_audited(seed, people):
    df = apply_primary(grid(seed, people=people))
    assert len(df) == 416
    out = apply_secondary(df)
    assert not primary_mask(out[out["status"] == "ok"]).any()
    audit = audit_measures(out)
    assert audit["protected"].all()
