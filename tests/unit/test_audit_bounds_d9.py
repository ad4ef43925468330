"""Disclosure control at 10,000 residents: exact bounds proven without their LP (issue 14, D9).

Two proofs let an exact bound of the attacker's interval skip its LP (`disclosure.audit`):

- `_ComponentLP._outer`: a bound read off one relation of the target's row (its published
  members known, the suppressed ones >= 0, numerator <= denominator). Where a known feasible
  table reaches it, it is the LP's optimum (`_upper`, `_lower`).
- `_ComponentLP._pinned`: targets that every known table puts at their floor (0) are
  proven to stay there by one LP of their sum (each is >= its floor in every feasible table,
  so a sum at the sum of the floors leaves each at its floor), instead of one LP each.

Both are used after secondary suppression's search only (`AdditiveTable.outer_bounds`, off
while it searches: the search reads duals, which depend on the path of the kept model's
bases): the same patterns. Checked against a plain attacker written out in the tests
(scipy's linprog, `test_disclosure_d2_cleanup.plain_interval`) on random tables.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wijkzicht.disclosure.audit as audit_module
import wijkzicht.disclosure.secondary as secondary_module
from tests.unit.test_d4_cleanup_steady import random_table
from tests.unit.test_disclosure_d2_cleanup import plain_interval, plain_protected
from wijkzicht.disclosure.audit import AdditiveTable, Relation, Target
from wijkzicht.disclosure.secondary import secondary_suppression


@pytest.fixture
def exact_lps(monkeypatch) -> list[np.ndarray]:
    """The objectives of the exact LPs (a minimum or maximum, `_ComponentLP._optimum`)."""
    calls: list[np.ndarray] = []
    real = audit_module._ComponentLP._optimum

    def spy(self, c):
        calls.append(np.asarray(c).copy())
        return real(self, c)

    monkeypatch.setattr(audit_module._ComponentLP, "_optimum", spy)
    return calls


def test_a_table_at_the_bound_of_a_relation_needs_no_lp(exact_lps):
    # T = A + B, T published (10), A = 6 and B = 4 suppressed. max A: an LP (the table
    # A = 10, B = 0); min A: an LP (A = 0, B = 10). That last table puts B at 10 = T - 0,
    # the bound of the relation: max B is 10 without an LP; min B is 0, the floor, which
    # the first table reaches. Three LPs before, two now
    t = AdditiveTable([10.0, 6.0, 4.0], [Relation(0, (1, 2))])
    hidden = np.array([False, True, True])
    lo, hi = t.intervals(hidden, [Target(1, (1.0,)), Target(2, (1.0,))])
    assert lo.tolist() == [0.0, 0.0] and hi.tolist() == [10.0, 10.0]
    assert len(exact_lps) == 2
    # the same intervals with every LP solved (the switch the search turns off)
    exact_lps.clear()
    t = AdditiveTable([10.0, 6.0, 4.0], [Relation(0, (1, 2))])
    t.outer_bounds = False
    lo_all, hi_all = t.intervals(hidden, [Target(1, (1.0,)), Target(2, (1.0,))])
    assert len(exact_lps) == 3
    assert (lo_all.tolist(), hi_all.tolist()) == (lo.tolist(), hi.tolist())


def test_the_bound_of_a_relation_reads_the_published_members_and_the_pairs():
    # T = A + B + P (P published 3), A and B suppressed, two counts (numerator <=
    # denominator): A's denominator at most 12 - 3 = 9, its numerator at most 9 too (under
    # its denominator) and at most 5 - 1 = 4 from its own relation: the smaller; the rest
    # (den - num) at most 9 - 0; T is no suppressed row, so nothing bounds B from below
    values = [[5.0, 12.0], [2.0, 6.0], [2.0, 3.0], [1.0, 3.0]]
    t = AdditiveTable(values, [Relation(0, (1, 2, 3))], ordered=((0, 1),))
    hidden = np.array([False, True, True, False])
    t.intervals(hidden, [Target(1, (1.0, 0.0))])
    (lp,) = [lp for lp in t._cache.values()]
    assert lp._outer(Target(1, (0.0, 1.0))) == (0.0, 9.0)
    assert lp._outer(Target(1, (1.0, 0.0))) == (0.0, 4.0)
    assert lp._outer(Target(1, (-1.0, 1.0))) == (0.0, 9.0)
    # as the total of a relation: at least its published components
    t = AdditiveTable(values, [Relation(0, (1, 2, 3))], ordered=((0, 1),))
    hidden = np.array([True, True, False, False])
    t.intervals(hidden, [Target(0, (1.0, 0.0))])
    (lp,) = [lp for lp in t._cache.values()]
    assert lp._outer(Target(0, (0.0, 1.0)))[0] == 6.0  # 3 + 3, A >= 0
    assert lp._outer(Target(0, (1.0, 1.0)))[0] == 3.0 + 6.0


def pinned_table() -> tuple[AdditiveTable, np.ndarray]:
    """T1 = A + B and T2 = A + B + C + D + E, both published with the same counts (2, 4):
    C, D and E are 0 in every table the attacker cannot rule out (C + D + E = 0, each >= 0),
    though neither relation alone gives them away (every relation has two unknowns or more,
    and no combination of the equalities fixes C alone)."""
    values = [[2.0, 4.0], [2.0, 4.0], [1.0, 3.0], [1.0, 1.0], [0, 0], [0, 0], [0, 0]]
    relations = [Relation(0, (2, 3)), Relation(1, (2, 3, 4, 5, 6))]
    hidden = np.array([False, False, True, True, True, True, True])
    return AdditiveTable(values, relations, ordered=((0, 1),)), hidden


def every_count(hidden: np.ndarray) -> list[Target]:
    return [Target(int(r), c) for r in np.flatnonzero(hidden) for c in ((1.0, 0.0), (0.0, 1.0))]


def test_counts_pinned_at_zero_are_proven_by_one_lp(exact_lps):
    # six counts (C, D, E: numerator and denominator) at 0 in every table: one LP of their
    # sum instead of one maximum each (the protected verdicts and intervals the same)
    t, hidden = pinned_table()
    targets = every_count(hidden)
    got = t.protected(hidden, targets, 2)
    on = list(exact_lps)
    of_pinned = lambda lps: [c for c in lps if np.abs(c[4:]).sum() > 0]  # noqa: E731
    assert len(of_pinned(on)) == 1 and np.count_nonzero(of_pinned(on)[0]) == 6
    off, _ = pinned_table()
    off.outer_bounds = False
    exact_lps.clear()
    want = off.protected(hidden, targets, 2)
    assert len(of_pinned(exact_lps)) == 6  # a maximum per count
    assert len(exact_lps) >= len(on) + 5  # five fewer at least (the others: A and B)
    assert got.tolist() == want.tolist() == [True] * 4 + [False] * 6
    assert got.tolist() == plain_protected(pinned_table()[0], hidden, targets, 2).tolist()
    # the audit's report: the exact interval of each narrow count is [0, 0]
    lo, hi, exact = t.attack(hidden, targets, 2)
    assert (lo[4:].tolist(), hi[4:].tolist(), exact[4:].all()) == ([0.0] * 6, [0.0] * 6, True)


def test_a_sum_above_the_floors_lifts_some_and_tries_the_rest_again(exact_lps):
    # as pinned_table, but E's row is published with T2 one more: C and D (0 in the true
    # table) can now rise to 1 between them. The first LP of their sum finds a table that
    # lifts one; the rest are tried again, each LP lifting one at least: never more LPs
    # than a maximum per count, the same answers as the plain attacker
    values = [[2.0, 4.0], [3.0, 5.0], [1.0, 3.0], [1.0, 1.0], [0, 0], [0, 0], [1.0, 1.0]]
    relations = [Relation(0, (2, 3)), Relation(1, (2, 3, 4, 5, 6))]
    hidden = np.array([False, False, True, True, True, True, False])
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    targets = every_count(hidden)
    got = t.protected(hidden, targets, 1)
    assert len(exact_lps) <= 4
    fresh = AdditiveTable(values, relations, ordered=((0, 1),))
    assert got.tolist() == plain_protected(fresh, hidden, targets, 1).tolist()
    lo, hi = t.intervals(hidden, targets)
    for x, a, b in zip(targets, lo, hi, strict=True):
        assert (a, b) == pytest.approx(plain_interval(fresh, hidden, x), abs=1e-6)


def test_the_search_solves_every_lp_and_the_clean_up_skips(monkeypatch):
    seen: list[tuple[str, bool]] = []
    for name in ("_search", "clean_up", "publish_recoverable"):
        real = getattr(secondary_module._Protector, name)

        def spy(self, *args, _real=real, _name=name):
            seen.append((_name, self.table.outer_bounds))
            return _real(self, *args)

        monkeypatch.setattr(secondary_module._Protector, name, spy)
    t, _ = pinned_table()
    primary = np.zeros(t.n_rows, dtype=bool)
    primary[2] = True
    targets = [Target(2, (1.0, 0.0)), Target(2, (-1.0, 1.0))]
    secondary_suppression(t, primary, targets, 1)
    assert seen == [("_search", False), ("clean_up", True), ("publish_recoverable", True)]
    assert t.outer_bounds


class EveryLP(AdditiveTable):
    """A table that solves every exact LP in every phase (the code before)."""

    outer_bounds = property(lambda self: False, lambda self, v: None)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_tables_the_same_intervals_verdicts_and_pattern_as_every_lp(data):
    t, primary, targets = random_table(data)
    # a random pattern of suppressed rows over the primary ones (cells and margins)
    extra = np.array(data.draw(st.lists(st.booleans(), min_size=t.n_rows, max_size=t.n_rows)))
    hidden = primary | extra
    if not hidden.any():
        return
    every = every_count(hidden)
    every += [Target(int(r), (-1.0, 1.0)) for r in np.flatnonzero(hidden)]
    plain = EveryLP(t.values, t.relations, ordered=((0, 1),))
    lo, hi = t.intervals(hidden, every)
    lo_all, hi_all = plain.intervals(hidden, every)
    np.testing.assert_allclose(np.c_[lo, hi], np.c_[lo_all, hi_all], atol=1e-6)
    fresh = AdditiveTable(t.values, t.relations, ordered=((0, 1),))
    for x, a, b in list(zip(every, lo, hi, strict=True))[:8]:
        assert (a, b) == pytest.approx(plain_interval(fresh, hidden, x), abs=1e-6)
    for threshold in (1, 3):
        a = AdditiveTable(t.values, t.relations, ordered=((0, 1),))
        b = EveryLP(t.values, t.relations, ordered=((0, 1),))
        got = a.protected(hidden, every, threshold)
        assert got.tolist() == b.protected(hidden, every, threshold).tolist()
        assert got.tolist() == (hi - lo >= threshold - 1e-6).tolist()
        lo_a, hi_a, exact_a = a.attack(hidden, every, threshold)
        lo_b, hi_b, exact_b = b.attack(hidden, every, threshold)
        narrow = hi_b - lo_b < threshold - 1e-6
        assert ((hi_a - lo_a < threshold - 1e-6) == narrow).all()
        np.testing.assert_allclose(lo_a[narrow], lo_b[narrow], atol=1e-6)
        np.testing.assert_allclose(hi_a[narrow], hi_b[narrow], atol=1e-6)
        assert exact_a[narrow].all()
    if targets:
        got = secondary_suppression(t, primary, targets, 4)
        want = secondary_suppression(EveryLP(t.values, t.relations, ordered=((0, 1),)),
                                     primary, targets, 4)  # fmt: skip
        assert got.tolist() == want.tolist()


def test_targets_whose_sum_has_no_maximum_are_left_to_their_own_lps(exact_lps):
    # T = A + B, all three suppressed and 0: every known table (the true one) puts them at
    # 0, but nothing bounds them above. The LP of their sum is unbounded: no table is
    # found, and each target is left to its own LP (the loop ends; it would never settle)
    t = AdditiveTable([0.0, 0.0, 0.0], [Relation(0, (1, 2))])
    hidden = np.ones(3, dtype=bool)
    targets = [Target(r, (1.0,)) for r in range(3)]
    ((lp, _),) = t._by_component(hidden, targets, np.zeros(3, dtype=bool))
    lp._pinned(targets)
    assert len(exact_lps) == 1 and not lp._hi
    lo, hi = t.intervals(hidden, targets)
    assert lo.tolist() == [0.0] * 3 and hi.tolist() == [np.inf] * 3
