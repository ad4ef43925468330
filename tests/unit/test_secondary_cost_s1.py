"""A partner's cost is its cell value (disclosure/secondary.py, `cell_costs`, `_affordable`).

tau-Argus's default cell cost is the cell value: "the higher the cost the more important the
corresponding cell value is considered and the less likely it will be suppressed" (tau-Argus
4.1 manual, "Information loss in terms of cell costs"). A fresh reader of the default run
(U10, finding 1) saw the KOPP overlap figure of 2023 hide "psychofarmaca only" (9,028 children)
as a secondary cell where "psychofarmaca + verslaving" (28) would have protected the primary
cell: every combination had the cost of its denominator (all children), so the row order chose.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from test_disclosure_buurt import geography
from test_disclosure_overlap import kopp_table as overlap_table

from wijkzicht.disclosure.audit import AdditiveTable, Relation, Target
from wijkzicht.disclosure.control import protect
from wijkzicht.disclosure.secondary import secondary_suppression
from wijkzicht.themes.table import CountUnion

THRESHOLD = 10
# three overlap conditions a, b, c; kopp.aandeel's definitions a, b, c and breed (any)
COMBOS = {  # the order of themes.kopp.combinations: single conditions first
    "geen": 60000, "a": 9000, "b": 5000, "c": 300,
    "a+b": 40, "a+c": 30, "b+c": 60, "a+b+c": 4,
}  # fmt: skip
UNIONS = [
    CountUnion("kopp.aandeel", d, "kopp.overlap", "combinatie",
               tuple(v for v in COMBOS if v != "geen" and (d == "breed" or d in v.split("+"))))
    for d in ("a", "b", "c", "breed")
]  # fmt: skip


def kopp_table() -> pd.DataFrame:
    return overlap_table(COMBOS, UNIONS)


def test_overlap_partners_are_the_small_combinations():
    """a+b+c (4 children) is primary and sits alone in the unions a, b, c and breed. By
    hand: hiding c, a+c and b+c as well lets a+b+c rise by d while a+c and b+c fall by d and
    c rises by d (every union's sum stays), for d in -4..30: an interval 34 wide, at the cost
    of 300 + 30 + 60 = 390 children. Cheaper sets fail: a+b and a+c (70) leave a+b+c = 44 + 34
    - 74 = 4 by the unions a, b and breed; no set without c moves union c's sum. (A brute
    force over every set of up to four partners with scipy's linprog finds 390 the least,
    the next 430.) Before, every combination cost its denominator (74,434 + 1) and the row
    order chose: a (9,000), b (5,000), c (300) and a+b (40), 14,340 children."""
    safe, audit = protect(
        kopp_table(), THRESHOLD, True, None, geography({"WK034401": ["BU03440101"]}),
        unions=UNIONS,
    )  # fmt: skip
    overlap = safe[safe["measure"] == "kopp.overlap"].set_index("group_value")["status"]
    hidden = overlap[overlap != "ok"]
    assert dict(hidden) == {
        "a+b+c": "suppressed_primary",
        "c": "suppressed_secondary",
        "a+c": "suppressed_secondary",
        "b+c": "suppressed_secondary",
    }
    assert audit["protected"].all()
    assert (safe.loc[safe["measure"] == "kopp.aandeel", "status"] == "ok").all()


def test_cell_cost_is_the_value_in_the_counts_the_relations_add():
    """A row in a relation over every column costs its largest count + 1 (the denominator);
    a row tied in its numerator only costs its numerator + 1; a row in no relation its
    largest count + 1."""
    from wijkzicht.disclosure.secondary import cell_costs  # new in this change

    values = np.array([[10, 100], [4, 40], [6, 60], [3, 50], [2, 50], [5, 50], [7, 9]], float)
    relations = [
        Relation(0, (1, 2)),  # every column
        Relation(5, (3, 4), (0,)),  # numerators only (a union), the denominators one
    ]
    table = AdditiveTable(values, relations, ordered=((0, 1),))
    assert cell_costs(table).tolist() == [101, 41, 61, 4, 3, 6, 10]


def test_a_partner_many_times_dearer_is_not_chosen_to_close_two_relations():
    """Rows P (3) and Q (2) are primary; T1 = P + X + Y and T2 = Q + X + W. X (1,000) would
    close both relations at once; Y (20) and W (15) close one each. X costs 1,001, more
    than DEAR (10) times Y's 21: Y and W are hidden (35 children instead of 1,000), and the
    audit holds (P in 0..23, Q in 0..17). Before, closing two relations came first: X."""
    names = ["T1", "P", "X", "Y", "T2", "Q", "W"]
    values = np.array([1023, 3, 1000, 20, 1017, 2, 15], dtype=float)
    at = {n: i for i, n in enumerate(names)}
    table = AdditiveTable(
        values,
        [(at["T1"], [at["P"], at["X"], at["Y"]]), (at["T2"], [at["Q"], at["X"], at["W"]])],
    )
    primary = np.isin(names, ["P", "Q"])
    targets = [Target(at["P"], (1.0,)), Target(at["Q"], (1.0,))]
    pattern = secondary_suppression(table, primary, targets, THRESHOLD)
    assert {names[i] for i in np.flatnonzero(pattern)} == {"P", "Q", "Y", "W"}
    lo, hi = table.intervals(pattern, targets)
    assert (hi - lo).tolist() == [23, 17]


def test_a_table_without_rows_costs_nothing():
    """A table of no rows (a world without partners' figures: export_organisation_figures
    protects an empty table) has no costs; bb0baf1 failed there (reshape of an empty array)."""
    from wijkzicht.disclosure.secondary import cell_costs

    table = AdditiveTable(np.zeros((0, 2)), [], ordered=((0, 1),))
    assert cell_costs(table).shape == (0,)
