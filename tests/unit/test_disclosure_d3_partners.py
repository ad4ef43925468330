"""Disclosure control at 10,000 residents within 30 CPU s again, same protection (issue 14, D3).

A target that stays narrow after a round's partner gets its next partner from a relation
that binds its interval in the attacker's LP (`_Protector.extend_binding`,
`AdditiveTable.binding_relations`) instead of the outward search of `extend`. Checked here
against a plain attacker written out in the test (scipy's linprog over every count,
`test_disclosure_d2_cleanup.plain_interval`): the relations named binding are those whose
published rows widen the target when suppressed, the pattern of a hand-made case is the one
worked out by hand (the old search added partners that changed nothing), and on random
linked tables every target ends up at least the threshold wide.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.unit.test_disclosure_d2_cleanup import plain_interval, plain_protected, primary_table
from wijkzicht.disclosure.audit import AdditiveTable, Relation, Target
from wijkzicht.disclosure.secondary import _Protector, secondary_suppression

# two blocks that count the same persons except in one cell (a1 = 3 of block A, b1 = 4 of
# block B): their other cells are tied (a2 = b2, a3 = b3), so a1 = TA - TB + b1 whatever
# a2 and a3 hide. a2 and a3 also sit in relations of their own (rows 8 to 11), where the
# outward search of `extend` looks first; TA may not be suppressed.
VALUES = np.array(
    [
        [30, 100],  # 0 TA = a1 + a2 + a3
        [3, 20],  # 1 a1, the primary cell
        [12, 40],  # 2 a2
        [15, 40],  # 3 a3
        [31, 101],  # 4 TB = b1 + b2 + b3
        [4, 21],  # 5 b1
        [12, 40],  # 6 b2 = a2
        [15, 40],  # 7 b3 = a3
        [22, 80],  # 8 = a2 + row 9
        [10, 40],  # 9
        [25, 80],  # 10 = a3 + row 11
        [10, 40],  # 11
    ],
    dtype=float,
)
RELATIONS = [
    Relation(0, (1, 2, 3)),
    Relation(4, (5, 6, 7)),
    Relation(6, (2,)),
    Relation(7, (3,)),
    Relation(8, (2, 9)),
    Relation(10, (3, 11)),
]
TARGET = Target(1, (1.0, 0.0))


def two_blocks():
    t = AdditiveTable(VALUES, RELATIONS, ordered=((0, 1),))
    start = np.zeros(len(VALUES), dtype=bool)
    start[[1, 2, 3]] = True
    eligible = np.ones(len(VALUES), dtype=bool)
    eligible[0] = False
    return t, start, eligible


def test_the_binding_relations_are_those_that_widen_the_target():
    # a1, a2, a3, b2, b3 suppressed, rows 9 and 11 too: a1 = TA - TB + b1 exactly (width
    # 0), though no relation has a lone suppressed row (peeling finds nothing)
    t, start, _ = two_blocks()
    hidden = start.copy()
    hidden[[6, 7, 9, 11]] = True
    assert not t._exact_targets(hidden, [TARGET]).any()
    lo, hi = plain_interval(t, hidden, TARGET)
    assert hi - lo == pytest.approx(0)
    binding = t.binding_relations(hidden, TARGET)
    assert 1 in binding  # block B's relation
    # by the plain attacker: suppressing a published row of block B's relation widens
    # a1; suppressing row 8 or 10 (the relations of a2 and a3 with rows 9 and 11) does not
    for row, widens in ((5, True), (4, True), (8, False), (10, False)):
        more = hidden.copy()
        more[row] = True
        lo, hi = plain_interval(t, more, TARGET)
        assert (hi - lo > 1e-6) == widens, row


def test_a_target_left_narrow_gets_a_binding_partner():
    # worked out by hand: a2 and a3 alone in their ties give b2 and b3, alone in rows 8
    # and 10's relations rows 9 and 11 (components before totals); then a1 = TA - TB + b1
    # (width 0). Round 1: the outward search of `extend` finds nothing open next to a1 (TA
    # may not move) and adds row 8, a partner of a2 that changes nothing. Round 2: a1 is
    # still narrow, so its partner comes from a binding relation: b1 (the component of
    # block B's relation), which leaves a1 = b1 - 1 in [0, 30] (a2 = a3 = 0 and b1 = 31
    # at the top: b1's denominator is hidden too, up to 101 - b2's - b3's). The old
    # search added row 10 in round 2 (as useless) and reached b1 only in round 3
    t, start, eligible = two_blocks()
    got = secondary_suppression(t, start, [TARGET], 10, eligible=eligible, cleanup=False)
    assert np.flatnonzero(got).tolist() == [1, 2, 3, 5, 6, 7, 8, 9, 11]
    lo, hi = plain_interval(t, got, TARGET)
    assert (lo, hi) == pytest.approx((0, 30))


def test_extend_binding_falls_back_when_no_binding_row_may_move():
    # every published row of the binding relations ineligible: None, `extend` decides
    t, start, eligible = two_blocks()
    eligible[[4, 5]] = False
    cost = VALUES.max(axis=1) + 1
    p = _Protector(t, start, [TARGET], 10, cost, eligible, start)
    p.S[[6, 7, 9, 11]] = True
    assert p.extend_binding(TARGET, 0.0) is None


@pytest.mark.parametrize("seed", range(10))
def test_every_target_ends_up_protected_on_linked_tables(seed):
    t, primary, targets = primary_table(seed)
    if not targets:
        pytest.skip("no primary row")
    for cleanup in (False, True):
        fresh = AdditiveTable(t.values, t.relations, ordered=((0, 1),))
        got = secondary_suppression(fresh, primary, targets, 4, cleanup=cleanup)
        assert plain_protected(fresh, got, targets, 4).all()
