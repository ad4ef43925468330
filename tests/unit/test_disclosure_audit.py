"""The LP audit (disclosure/audit.py): the attacker's interval for each suppressed count.

Sources: the tau-Argus 4.1 manual, section "Audit" (Producing safe tables), as converted
in github.com/julienjamme/manual_tau_argus_to_quarto,
chapters/02/_02_Producing_Safe_tables-15-Audit.qmd; measures.md rule 25.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog
from worlds import table

import wijkzicht.disclosure.audit as audit_module
from wijkzicht.disclosure.audit import (
    AdditiveTable,
    Relation,
    Target,
    audit_measures,
    feasibility_intervals,
    measures_structure,
)
from wijkzicht.statistics.proportions import wilson

KEYS = dict(
    theme="kopp",
    measure="kopp.aandeel",
    definition="ggz",
    year=2023,
    method="wilson",
)
LEVELS = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}


def measures(text: str | pd.DataFrame, **keys) -> pd.DataFrame:
    """A measures table from an ASCII table (or a frame) with columns area, group, value,
    num, den, optionally status and key columns; the area level follows the code prefix
    (GM, WK, BU), other keys default to KEYS."""
    t = table(text) if isinstance(text, str) else text.reset_index(drop=True)
    num = pd.to_numeric(t["num"]).astype(float)
    den = pd.to_numeric(t["den"]).astype(float)
    p, lo, hi, se = wilson(num, den)
    df = pd.DataFrame(
        {
            **{k: v for k, v in (KEYS | keys).items() if k != "method"},
            "area_level": t["area"].str[:2].map(LEVELS),
            "area_code": t["area"],
            "area_name": t["area"],
            "group": t["group"],
            "group_value": t["value"],
            "numerator": num,
            "denominator": den,
            "n_numerator": num,
            "n_denominator": den,
            "value": p,
            "ci_lower": lo,
            "ci_upper": hi,
            "se": se,
            "method": (KEYS | keys)["method"],
        }
    )
    for column in [*KEYS, "status"]:
        if column in t:
            df[column] = t[column]
    return df


# -- the tau-Argus manual's example ---------------------------------------------------
#
#   +-------+-----+-----+-------+
#   |       |  1  |  2  | Total |
#   |   1   | X11 | X12 |   7   |
#   |   2   | X21 | X22 |   3   |
#   |   3   |  3  |  3  |   6   |
#   | Total |  9  |  7  |  16   |
#   +-------+-----+-----+-------+
#
# The manual publishes only the margins and row 3; it states X11 lies in [3, 6]. The
# hidden cells below are two fillings consistent with the margins: the audit may only
# depend on what is published, so both must give the manual's interval.

CELLS = ["X11", "X12", "R1", "X21", "X22", "R2", "X31", "X32", "R3", "C1", "C2", "T"]
RELATIONS = [
    (2, [0, 1]),  # row 1
    (5, [3, 4]),  # row 2
    (8, [6, 7]),  # row 3
    (9, [0, 3, 6]),  # column 1
    (10, [1, 4, 7]),  # column 2
    (11, [2, 5, 8]),  # rows to the grand total
    (11, [9, 10]),  # columns to the grand total
]
HIDDEN = [0, 1, 3, 4]


@pytest.mark.parametrize("x11, x12, x21, x22", [(4, 3, 2, 1), (6, 1, 0, 3)])
def test_tau_argus_manual_example(x11, x12, x21, x22):
    values = [x11, x12, 7, x21, x22, 3, 3, 3, 6, 9, 7, 16]
    suppressed = np.isin(np.arange(12), HIDDEN)
    lo, hi = feasibility_intervals(values, RELATIONS, suppressed)
    assert (lo[0], hi[0]) == (3, 6)  # the manual: X11 in [3, 6]
    # and, from the same relations, X12 in [1, 4], X21 and X22 in [0, 3]
    assert list(zip(lo, hi, strict=True)) == [(3, 6), (1, 4), (0, 3), (0, 3)]


def test_published_cells_are_their_value_and_lone_suppressions_exact():
    values = [4, 3, 7, 2, 1, 3, 3, 3, 6, 9, 7, 16]
    suppressed = np.zeros(12, dtype=bool)
    suppressed[0] = True  # alone in row 1 and column 1: recomputed exactly
    t = AdditiveTable(values, RELATIONS)
    lo, hi = t.intervals(suppressed, [Target(0, (1.0,)), Target(1, (1.0,))])
    assert list(lo) == [4, 3] and list(hi) == [4, 3]


def test_a_row_alone_in_a_relation_over_one_column_gives_away_that_column_only():
    # rows 0 and 1 share a denominator (a relation over column 1 only, as
    # measures_structure ties two blocks); row 0 = rows 2 + 3 in both counts. With row 0
    # alone suppressed, its denominator is row 1's and its numerator is row 2's plus
    # row 3's; with rows 0 and 2 suppressed, only the denominator is given away (by
    # row 1), the numerator ranges over what num <= den and row 3 leave: [1, 1 + 5]
    values = [[4, 9], [7, 9], [3, 5], [1, 4]]
    relations = [Relation(0, (1,), (1,)), Relation(0, (2, 3))]
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    cols = [(1.0, 0.0), (0.0, 1.0), (-1.0, 1.0)]
    lo, hi = t.intervals([True, False, False, False], [Target(0, c) for c in cols])
    assert list(zip(lo, hi, strict=True)) == [(4, 4), (9, 9), (5, 5)]
    lo, hi = t.intervals([True, False, True, False], [Target(0, c) for c in cols])
    assert list(zip(lo, hi, strict=True)) == [(1, 6), (9, 9), (3, 8)]


def test_relations_must_add_up():
    with pytest.raises(ValueError, match="does not add up"):
        AdditiveTable([5, 2, 2], [(0, [1, 2])])


def test_numerator_at_most_denominator_links_the_two_counts():
    # total = a + b in both counts; the total is published: 10 of 11 have the outcome.
    # Alone, the counts leave a's rest (den - num) anywhere in [-10, 11]; with
    # num <= den in every row, a's rest plus b's rest is exactly 1.
    values = [[10, 11], [3, 3], [7, 8]]
    suppressed = [False, True, True]
    rest = [Target(1, (-1.0, 1.0))]
    joint = AdditiveTable(values, [(0, [1, 2])], ordered=((0, 1),))
    apart = AdditiveTable(values, [(0, [1, 2])])
    assert [float(x[0]) for x in joint.intervals(suppressed, rest)] == [0, 1]
    assert [float(x[0]) for x in apart.intervals(suppressed, rest)] == [-10, 11]


def test_unbounded_when_no_relation_bounds_the_cell():
    t = AdditiveTable([[3, 20]], [], ordered=((0, 1),))
    lo, hi = t.intervals([True])
    assert list(lo) == [0, 0] and list(hi) == [np.inf, np.inf]


def test_protected_agrees_with_intervals():
    rng = np.random.default_rng(1)
    inner = rng.integers(0, 12, size=(4, 3))
    values = np.concatenate([inner.ravel(), inner.sum(axis=1), inner.sum(axis=0), [inner.sum()]])
    rows = [(12 + i, [3 * i + j for j in range(3)]) for i in range(4)]
    cols = [(16 + j, [3 * i + j for i in range(4)]) for j in range(3)]
    t = AdditiveTable(values, [*rows, *cols, (19, [12, 13, 14, 15]), (19, [16, 17, 18])])
    for _ in range(20):
        suppressed = rng.random(20) < 0.4
        targets = t.default_targets(suppressed)
        lo, hi = AdditiveTable(t.values, t.relations).intervals(suppressed, targets)
        for threshold in (1, 3, 10):
            expected = hi - lo >= threshold - 1e-6
            assert (t.protected(suppressed, targets, threshold) == expected).all()


def plain_interval(values, relations, suppressed, row, coefs, ordered=()):
    """min and max of coefs . row over every table the published rows allow: one plain
    LP per end, written here without the audit's components, points or shortcuts."""
    values = np.asarray(values, dtype=float).reshape(len(suppressed), -1)
    n, k = values.shape
    bounds = [
        (values[i, j], values[i, j]) if not suppressed[i] else (0, None)
        for i in range(n)
        for j in range(k)
    ]
    A_eq = []
    for total, parts in relations:
        for j in range(k):
            line = np.zeros(n * k)
            line[total * k + j] = 1
            for c in parts:
                line[c * k + j] -= 1
            A_eq.append(line)
    A_ub = np.zeros((n * len(ordered), n * k))
    for i in range(n):
        for m, (a, b) in enumerate(ordered):
            A_ub[i * len(ordered) + m, [i * k + a, i * k + b]] = (1, -1)
    c = np.zeros(n * k)
    c[row * k : row * k + k] = coefs
    ends = []
    for sign in (1, -1):
        res = linprog(sign * c, A_ub=A_ub if len(A_ub) else None,
                      b_ub=np.zeros(len(A_ub)) if len(A_ub) else None,
                      A_eq=np.array(A_eq), b_eq=np.zeros(len(A_eq)), bounds=bounds)  # fmt: skip
        ends.append(sign * res.fun if res.status == 0 else np.inf)
    return ends[0], ends[1]


@pytest.mark.parametrize("seed", range(3))
def test_intervals_agree_with_a_plain_lp(seed):
    # the audit's shortcuts (lone rows, known feasible tables, counts fixed by the
    # relations alone, one LP over many components) change nothing: two counts per
    # cell, numerator <= denominator, zero margins included
    rng = np.random.default_rng(seed)
    values, relations = [], []
    for block in range(3):  # three independent 4 x 3 tables with margins
        den = rng.integers(0, 15, size=(4, 3))
        num = np.floor(den * rng.random((4, 3))).astype(int)
        num[:, rng.integers(3)] = 0
        inner = np.stack([num, den], axis=-1)
        values += [inner.reshape(-1, 2), inner.sum(axis=1), inner.sum(axis=0)]
        values += [inner.sum(axis=(0, 1))[None, :]]
        at = 20 * block
        rows = [(at + 12 + i, [at + 3 * i + j for j in range(3)]) for i in range(4)]
        cols = [(at + 16 + j, [at + 3 * i + j for i in range(4)]) for j in range(3)]
        whole = [
            (at + 19, [at + 12, at + 13, at + 14, at + 15]),
            (at + 19, [at + 16, at + 17, at + 18]),
        ]
        relations += [*rows, *cols, *whole]
    values = np.concatenate(values)
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    for _ in range(2):
        suppressed = rng.random(60) < 0.45
        targets = [
            Target(int(r), coefs)
            for r in np.flatnonzero(suppressed)
            for coefs in ((1.0, 0.0), (0.0, 1.0), (-1.0, 1.0))
        ]
        lo, hi = t.intervals(suppressed, targets)
        want = np.array(
            [
                plain_interval(values, relations, suppressed, x.row, x.coefs, ((0, 1),))
                for x in targets
            ]
        ).reshape(-1, 2)
        assert np.allclose(np.c_[lo, hi], want, atol=1e-6)
        width = hi - lo
        # the pass/fail answer and the report's bounds, on a table with nothing cached
        fresh = AdditiveTable(values, relations, ordered=((0, 1),))
        assert (fresh.protected(suppressed, targets, 3) == (width >= 3 - 1e-6)).all()
        fresh = AdditiveTable(values, relations, ordered=((0, 1),))
        a, b, exact = fresh.attack(suppressed, targets, 3)
        assert np.allclose(np.c_[a, b][exact], want[exact], atol=1e-6)
        assert (want[~exact, 0] <= a[~exact] + 1e-6).all()
        assert (b[~exact] <= want[~exact, 1] + 1e-6).all()
        assert (b[~exact] - a[~exact] >= 3 - 1e-6).all() and (exact | (width >= 3 - 1e-6)).all()
        assert (t.recoverable(suppressed, np.flatnonzero(suppressed)) == [
            (width[3 * i] < 1e-6) and (width[3 * i + 1] < 1e-6) for i in range(suppressed.sum())
        ]).all()  # fmt: skip


def two_blocks(seed):
    """Two 4 x 3 tables with margins, two counts per cell (numerator <= denominator)."""
    rng = np.random.default_rng(seed)
    values, relations = [], []
    for block in range(2):
        den = rng.integers(0, 15, size=(4, 3))
        num = np.floor(den * rng.random((4, 3))).astype(int)
        inner = np.stack([num, den], axis=-1)
        values += [inner.reshape(-1, 2), inner.sum(axis=1), inner.sum(axis=0)]
        values += [inner.sum(axis=(0, 1))[None, :]]
        at = 20 * block
        relations += [(at + 12 + i, [at + 3 * i + j for j in range(3)]) for i in range(4)]
        relations += [(at + 16 + j, [at + 3 * i + j for i in range(4)]) for j in range(3)]
        relations += [(at + 19, [at + 12, at + 13, at + 14, at + 15])]
        relations += [(at + 19, [at + 16, at + 17, at + 18])]
    return rng, np.concatenate(values), relations


def held_points_feasible(t: AdditiveTable, suppressed_of: dict) -> None:
    """Every table any cached component LP holds satisfies that component's LP: the
    relations with the published rows at their values, counts >= 0, num <= den."""
    for rows, lp in t._cache.items():
        x = lp.stacked()
        full = np.repeat(t.values.reshape(1, -1), len(x), axis=0)
        for i, r in enumerate(rows):
            full[:, r * 2 : r * 2 + 2] = x[:, i * 2 : i * 2 + 2]
        cells = full.reshape(len(x), t.n_rows, 2)
        assert (cells >= -1e-6).all() and (cells[:, :, 0] <= cells[:, :, 1] + 1e-6).all()
        for rel in t.relations:
            gap = cells[:, rel.total] - cells[:, list(rel.components)].sum(axis=1)
            assert np.abs(gap).max() < 1e-6, (rows, rel, suppressed_of[rows])


@pytest.mark.parametrize("seed", range(3))
def test_cached_and_inherited_tables_stay_feasible_as_the_pattern_changes(seed):
    # One table, one cache, a pattern that grows a row at a time (components merge and
    # inherit the points of their parts) and then shrinks a row at a time (a component
    # keeps only the points in which the published row has its true value). After
    # every change the answers equal those of a table with nothing cached, and every
    # point any LP holds is still a table the attacker cannot rule out: a stale point
    # (a row published since, but moved in the point) would widen intervals that are
    # narrow.
    rng, values, relations = two_blocks(seed)
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    order = rng.permutation(t.n_rows)[:24]
    patterns = []
    suppressed = np.zeros(t.n_rows, dtype=bool)
    for r in order:  # grow
        suppressed[r] = True
        patterns.append(suppressed.copy())
    for r in order[::2]:  # shrink, in another order
        suppressed[r] = False
        patterns.append(suppressed.copy())
    seen = {}
    for suppressed in patterns:
        targets = [
            Target(int(r), coefs)
            for r in np.flatnonzero(suppressed)
            for coefs in ((1.0, 0.0), (0.0, 1.0), (-1.0, 1.0))
        ]
        fresh = AdditiveTable(values, relations, ordered=((0, 1),))
        lo, hi = fresh.intervals(suppressed, targets)
        for threshold in (3, 10):
            want = hi - lo >= threshold - 1e-6
            assert (t.protected(suppressed, targets, threshold) == want).all()
            assert t.all_protected(suppressed, targets, threshold) == bool(want.all())
        labels = t.components(suppressed)
        for label in set(labels[suppressed].tolist()):
            seen[tuple(np.flatnonzero(labels == label).tolist())] = suppressed.copy()
        held_points_feasible(t, seen)


def test_a_published_row_takes_its_moved_points_away():
    # The tau-Argus example. With all six inner cells hidden X11 lies in [0, 7]; the LP
    # that finds 7 moves X31 and X32 too. Then row 3 is published, one cell at a time:
    # the manual's pattern, X11 in [3, 6]. A point kept from the first pattern that
    # moves X31 would still show X11 = 7, a width of 4, where the attacker's is 3.
    # (Remove the check in AdditiveTable._inherited that such rows keep their values,
    # and this test fails.)
    values = [4, 3, 2, 1, 3, 3, 7, 3, 6, 9, 7, 16]  # X11 X12 X21 X22 X31 X32, rows, cols, total
    relations = [(6, [0, 1]), (7, [2, 3]), (8, [4, 5]), (9, [0, 2, 4]), (10, [1, 3, 5])]
    relations += [(11, [6, 7, 8]), (11, [9, 10])]
    t = AdditiveTable(values, relations)
    x11 = Target(0, (1.0,))
    hidden = np.zeros(12, dtype=bool)
    hidden[:6] = True
    assert t.intervals(hidden, [x11]) == ([0.0], [7.0])
    assert t.protected(hidden, [x11], 4).all()
    hidden[4] = False  # X31 published: X32 alone in row 3, known, so as good as published
    assert not t.protected(hidden, [x11], 4).any()
    hidden[5] = False  # X32 published too: the manual's pattern
    assert not t.protected(hidden, [x11], 4).any()
    assert t.intervals(hidden, [x11]) == ([3.0], [6.0])


# -- the measures table as relations (rule 25) ------------------------------------------

CROSS = """
| area     | group    | value  | num | den |
| GM0344   | totaal   | totaal | 20  | 100 |
| GM0344   | leeftijd | 0-3    | 5   | 30  |
| GM0344   | leeftijd | 4-17   | 15  | 70  |
| WK034401 | totaal   | totaal | 8   | 40  |
| WK034401 | leeftijd | 0-3    | 2   | 10  |
| WK034401 | leeftijd | 4-17   | 6   | 30  |
| WK034402 | totaal   | totaal | 12  | 60  |
| WK034402 | leeftijd | 0-3    | 3   | 20  |
| WK034402 | leeftijd | 4-17   | 9   | 40  |
"""


def named(structure, df):
    """Relations as (total, components) of 'area/value' labels."""
    label = [f"{df['area_code'].iloc[p]}/{df['group_value'].iloc[p]}" for p in structure.positions]
    label += [f"residual {i}" for i in range(len(structure.residual_of))]
    return {
        (label[r.total], tuple(label[c] for c in r.components)) for r in structure.table.relations
    }


def test_cross_classified_rows_are_in_both_relations():
    df = measures(CROSS)
    s = measures_structure(df)
    assert named(s, df) == {
        ("GM0344/totaal", ("WK034401/totaal", "WK034402/totaal")),
        ("GM0344/0-3", ("WK034401/0-3", "WK034402/0-3")),
        ("GM0344/4-17", ("WK034401/4-17", "WK034402/4-17")),
        ("GM0344/totaal", ("GM0344/0-3", "GM0344/4-17")),
        ("WK034401/totaal", ("WK034401/0-3", "WK034401/4-17")),
        ("WK034402/totaal", ("WK034402/0-3", "WK034402/4-17")),
    }
    assert s.table.ordered == ((0, 1),) and not s.dropped and not s.residual_of


def test_blocks_apart_unless_they_count_the_same_persons():
    a = measures(CROSS)
    b = measures(CROSS, definition="breed")
    b["n_numerator"] = b["n_denominator"] - b["n_numerator"]  # same children, another outcome
    rr = a.iloc[[0]].assign(
        group="kopp_breed", group_value="ja_vs_nee", n_numerator=np.nan, method="relative_risk_katz"
    )
    df = pd.concat([a, b, rr], ignore_index=True)
    apart = measures_structure(df, link_shared_counts=False)
    assert len(apart.table.relations) == 12 and apart.n_real == 18  # rr has no counts
    block = df["definition"].to_numpy()[apart.positions]
    for r in apart.table.relations:
        assert len({block[m] for m in r.members}) == 1
    # rule 25 keeps relations inside a block; the same denominator in two blocks is
    # one count, tied by an equality on n_denominator only (the numerators differ)
    linked = measures_structure(df)
    ties = linked.table.relations[12:]
    assert sorted((sorted(r.members), r.columns) for r in ties) == [
        ([i, i + 9], (1,)) for i in range(9)
    ]
    # the same persons with the same outcome count (a ratio measure carrying a share's
    # counts): tied on both counts at once
    same = measures_structure(pd.concat([a, a.assign(measure="kopp.ratio")], ignore_index=True))
    assert sorted((sorted(r.members), r.columns) for r in same.table.relations[12:]) == [
        ([i, i + 9], None) for i in range(9)
    ]


def test_groups_that_fall_short_get_a_residual_and_overshoot_is_dropped():
    df = measures("""
        | area   | group    | value  | num | den |
        | GM0344 | totaal   | totaal | 20  | 100 |
        | GM0344 | geslacht | man    | 9   | 48  |
        | GM0344 | geslacht | vrouw  | 10  | 50  |
        | GM0344 | herkomst | A      | 15  | 80  |
        | GM0344 | herkomst | B      | 6   | 30  |
    """)
    s = measures_structure(df)
    # 1 of 2 persons of unknown sex has the outcome: a hidden cell of (1, 2)
    assert s.residual_of == ["kopp/kopp.aandeel/ggz/2023/wilson: geslacht values of GM0344"]
    assert s.table.values[-1].tolist() == [1, 2]
    # herkomst rows sum to more than the total: not a partition, left out
    assert s.dropped == ["kopp/kopp.aandeel/ggz/2023/wilson: herkomst values of GM0344"]


def test_parents_from_codes_or_from_the_geography():
    df = measures("""
        | area     | group  | value  | num | den |
        | GM0344   | totaal | totaal | 20  | 100 |
        | GM0345   | totaal | totaal | 5   | 50  |
        | WK034401 | totaal | totaal | 20  | 100 |
        | WK034501 | totaal | totaal | 5   | 50  |
    """)
    assert named(measures_structure(df), df) == {
        ("GM0344/totaal", ("WK034401/totaal",)),
        ("GM0345/totaal", ("WK034501/totaal",)),
    }
    swapped = {"WK034401": "GM0344", "WK034501": "GM0344"}
    s = measures_structure(df, parents=swapped)
    assert s.dropped  # 20 + 5 > 20: those wijken cannot both belong to GM0344


def test_audit_measures_reports_each_sensitive_count():
    df = measures(CROSS)
    df["status"] = "ok"
    hidden = df["group_value"].eq("0-3") & df["area_code"].str.startswith("WK")
    df.loc[hidden, "status"] = "suppressed_primary"
    out = audit_measures(df, threshold=10, quantities="sensitive")
    # WK034401/0-3 (2 of 10) and WK034402/0-3 (3 of 20): numerators are sensitive, and the
    # first one's denominator too. Each is alone in its wijk relation: recomputed exactly.
    assert out[["row", "quantity", "lower", "upper"]].values.tolist() == [
        [4, "n_numerator", 2, 2],
        [4, "n_rest", 8, 8],
        [7, "n_numerator", 3, 3],
    ]
    assert not out["protected"].any()
    # the default attacks every count of every suppressed row, and says which are narrow
    # and which rows the attacker computes exactly
    every = audit_measures(df, threshold=10)
    assert every[["row", "quantity", "required", "narrow"]].values.tolist() == [
        [4, "n_numerator", True, True],
        [4, "n_denominator", False, True],
        [4, "n_rest", True, True],
        [7, "n_numerator", True, True],
        [7, "n_denominator", False, True],
        [7, "n_rest", False, True],
    ]
    assert every["recoverable"].all() and every["exact"].all() and not every["protected"].any()
    assert set(every["status"]) == {"suppressed_primary"}


@pytest.mark.parametrize("joint", [0, 100])
@pytest.mark.parametrize("seed", range(3))
def test_pushes_in_the_kept_model_leave_the_attackers_lp_unchanged(seed, joint, monkeypatch):
    # Each component keeps one HiGHS model for all its LPs: a push adds gain columns
    # and rows, opens them and frees them again, and every later LP starts from the
    # basis the last one left (primal simplex after a change of costs). The minima and
    # maxima solved warm in such a model, after pushes, equal a plain LP's from scratch;
    # with the first push of every component in its own model (joint 0) or of the small
    # ones in one joint LP (joint 100: every component here).
    monkeypatch.setattr(audit_module, "JOINT_PUSH_VARS", joint)
    rng, values, relations = two_blocks(seed)
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    suppressed = rng.random(t.n_rows) < 0.5
    targets = [
        Target(int(r), coefs)
        for r in np.flatnonzero(suppressed)
        for coefs in ((1.0, 0.0), (0.0, 1.0), (-1.0, 1.0))
    ]
    t.protected(suppressed, targets, 4)  # pushes first, in the kept models
    pushed = [lp for lp in t._cache.values() if lp._model is not None and lp._model.gain_row]
    assert pushed, "no push ran in a kept model"
    for lp in pushed:  # between pushes every gain row is free again
        model = lp._model.highs.getLp()
        rows = list(lp._model.gain_row.values())
        assert np.isinf(np.array(model.row_lower_)[rows]).all()
        assert np.isinf(np.array(model.row_upper_)[rows]).all()
    lo, hi = t.intervals(suppressed, targets)  # then exact bounds in the same models
    want = np.array(
        [plain_interval(values, relations, suppressed, x.row, x.coefs, ((0, 1),)) for x in targets]
    ).reshape(-1, 2)
    assert np.allclose(np.c_[lo, hi], want, atol=1e-6)
    assert (t.protected(suppressed, targets, 4) == (hi - lo >= 4 - 1e-6)).all()


def test_lp_bounds_are_rounded_so_solver_noise_decides_nothing():
    # 6.500000000000001 and 6.5 (two bases, one bound) must sort as equal: a whole
    # number within 1e-6 is that number, anything else is rounded to 6 decimals
    from wijkzicht.disclosure.audit import _whole

    assert _whole(10 - 1e-9) == 10.0 and _whole(-3e-10) == 0.0
    assert _whole(6.500000000000001) == _whole(6.499999999999999) == 6.5
    assert _whole(8.499999999999998) == 8.5 and _whole(7.4999) == 7.4999
    assert _whole(1 / 3) == _whole(1 / 3 + 1e-12) == 0.333333
    assert _whole(np.inf) == np.inf and _whole(-np.inf) == -np.inf


@pytest.mark.parametrize("seed", range(5))
def test_components_are_the_suppressed_rows_linked_by_shared_relations(seed):
    # components() works on the graph of rows and relations (not the row x row product);
    # the reference here is a plain union-find over every pair of suppressed rows sharing a
    # relation, numbered in the order of each component's first row
    rng = np.random.default_rng(seed)
    n = 60
    values = rng.integers(0, 9, size=n).astype(float)
    relations = []
    for total in range(40, n):  # relations over random rows, a few over many rows
        size = int(rng.integers(1, 30 if total % 7 == 0 else 4))
        parts = sorted(set(rng.choice(40, size=size, replace=False).tolist()))
        values[total] = values[parts].sum()
        relations.append((total, parts))
    t = AdditiveTable(values, relations)
    for _ in range(10):
        suppressed = rng.random(n) < rng.choice([0.1, 0.4, 0.8])
        parent = list(range(n))

        def root(i, parent=parent):
            while parent[i] != i:
                i = parent[i]
            return i

        for total, parts in relations:
            members = [r for r in (total, *parts) if suppressed[r]]
            for a in members[1:]:
                parent[root(a)] = root(members[0])
        first = {}
        want = np.full(n, -1)
        for r in np.flatnonzero(suppressed):
            want[r] = first.setdefault(root(r), len(first))
        assert t.components(suppressed).tolist() == want.tolist()
