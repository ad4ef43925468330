"""Disclosure control at 10,000 residents within 30 CPU s, same protection (issue 14, D4).

The clean-up of secondary suppression tries the secondary rows for publication again, one
batch after the other. Each trial re-proves the targets of the component it shrinks: the
feasible tables kept from earlier LPs serve only where the published rows keep their true
values, and a joint push (one LP lifting every open target) used to move nearly every
count, so the next trial found almost none of them left. Now the clean-up names its rows
not yet tried (`AdditiveTable.steady_rows`): the pushes first hold them at their true
values, then let them move at a small price per unit (`_WarmLP.deviations`), so the tables
found outlive the publication of the rows tried later.

Checked here against a plain attacker written out in the test (scipy's linprog over every
count, `test_disclosure_d2_cleanup.plain_interval`): a table found with steady rows proves
a target again after those rows are published, without an LP; the exact answers never hold
a row; the deviation columns leave the LP as it was; and on small random tables the
pattern is the one without steady rows, every target at least the threshold wide and no
secondary row computable exactly.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wijkzicht.disclosure.audit as audit_module
from tests.unit.test_disclosure_d2_cleanup import (
    grid,
    plain_interval,
    plain_protected,
    sensitive_targets,
)
from wijkzicht.disclosure.audit import AdditiveTable, Target, _WarmLP
from wijkzicht.disclosure.secondary import secondary_suppression

# a 2 x 3 table of one count per cell with its margins: cells 0..5 (a00 a01 a02 / a10 a11
# a12), row totals 6 and 7, column totals 8, 9 and 10, the total 11
CELLS = np.array([[3, 8, 5], [6, 4, 9]], dtype=float)


def two_by_three() -> AdditiveTable:
    values, relations = grid(np.stack([CELLS, CELLS + 20], axis=-1), 0)
    return AdditiveTable(values, relations, ordered=((0, 1),))


def counting(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = audit_module._WarmLP.minimize
    monkeypatch.setattr(
        audit_module._WarmLP, "minimize", lambda self, c: calls.append(1) or real(self, c)
    )
    return calls


def test_tables_found_with_steady_rows_prove_the_targets_after_they_are_published(monkeypatch):
    # every cell suppressed; the targets a00 and a12 can widen by the rectangle of columns
    # 0 and 2, so a push that holds column 1 (cells 1 and 4, to be tried next) settles
    # them with tables in which column 1 keeps its true counts. Publishing column 1 then
    # leaves the rectangle of columns 0 and 2 (a00 from 0 to 8 by the plain attacker), and
    # the tables already found prove it: no LP
    t = two_by_three()
    hidden = np.zeros(t.n_rows, dtype=bool)
    hidden[:6] = True
    targets = [Target(0, (1.0, 0.0)), Target(5, (1.0, 0.0))]
    t.steady_rows([1, 4])
    assert t.protected(hidden, targets, 3).all()
    (lp,) = [lp for lp in t._cache.values() if set(lp.rows) == set(range(6))]
    assert len(lp.points) > 1  # a push found tables besides the true one
    for r in (1, 4):
        at = lp.position[r] * 2
        np.testing.assert_array_equal(lp.points[:, at : at + 2], t.values[[r] * len(lp.points)])
    later = hidden.copy()
    later[[1, 4]] = False
    assert plain_protected(t, later, targets, 3).all()
    assert plain_interval(t, later, targets[0]) == (0.0, 8.0)
    calls = counting(monkeypatch)
    assert t.protected(later, targets, 3).all()
    assert calls == []


def test_the_exact_bounds_never_hold_a_steady_row():
    # a00 is widest through column 1: the steady rows hold only the pushes' tables, the
    # exact LPs (`intervals`) are the plain attacker's whatever is steady
    t = two_by_three()
    hidden = np.zeros(t.n_rows, dtype=bool)
    hidden[:6] = True
    targets = [Target(r, c) for r in range(6) for c in ((1.0, 0.0), (0.0, 1.0), (-1.0, 1.0))]
    t.steady_rows([1, 2, 4, 5])
    lo, hi = t.intervals(hidden, targets)
    want = np.array([plain_interval(t, hidden, x) for x in targets])
    np.testing.assert_allclose(np.column_stack([lo, hi]), want, atol=1e-6)


def test_deviation_columns_leave_the_lp_as_it_was_and_spare_the_rows_not_needed():
    # x0 = x1 + x2 with x0 = 10, x1 = 4, x2 = 6; the push lifts x1 by at least 3. It may
    # do so by raising x0 or by lowering x2: with x0 spared (a price per unit it moves), it
    # lowers x2 and leaves x0 at 10
    A_eq = np.array([[1.0, -1.0, -1.0]])
    model = _WarmLP(None, None, A_eq, np.zeros(1), 0.0)
    model.base = np.array([10.0, 4.0, 6.0])
    before = [model.minimize(c)[0] for c in (np.array([0, 1.0, 0]), np.array([-1.0, 0, 1.0]))]
    assert before[0] == 0.0 and before[1] == -np.inf
    spare = model.deviations(np.array([0]))
    assert len(spare) == 2 and model.n_cols == 5
    again = [model.minimize(c)[0] for c in (np.array([0, 1.0, 0]), np.array([-1.0, 0, 1.0]))]
    assert again == before
    first = model.add_gains(np.array([[0.0, 1.0, 0.0]]))  # g <= x1 - 4, g <= 3
    x = model.push(np.array([first], dtype=np.int32), np.array([4.0]), np.array([3.0]), 1e3,
                   spare)  # fmt: skip
    assert x[0] == pytest.approx(10.0) and x[1] >= 7.0 - 1e-9  # x1 up by x2 down
    # and the same columns are reused, not added again
    np.testing.assert_array_equal(model.deviations(np.array([0])), spare)


def random_table(data) -> tuple[AdditiveTable, np.ndarray, list[Target]]:
    """A 3 x 3 or 3 x 4 table with margins, two counts per cell (numerator <= denominator);
    the primary cells those with a numerator or rest of 1 to 3."""
    m = data.draw(st.sampled_from([3, 4]))
    den = np.array(data.draw(st.lists(st.integers(2, 14), min_size=3 * m, max_size=3 * m)))
    share = np.array(data.draw(st.lists(st.integers(0, 10), min_size=3 * m, max_size=3 * m)))
    num = den * share // 10
    values, relations = grid(np.stack([num, den], axis=-1).reshape(3, m, 2), 0)
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    cells = np.arange(len(values)) < 3 * m
    small = [(values[:, 0] >= 1) & (values[:, 0] <= 3),
             (values[:, 1] - values[:, 0] >= 1) & (values[:, 1] - values[:, 0] <= 3)]  # fmt: skip
    primary = (small[0] | small[1]) & cells
    return t, primary, sensitive_targets(primary, small)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_tables_same_pattern_protected_against_the_plain_attacker(data):
    t, primary, targets = random_table(data)
    if not targets:
        return
    got = secondary_suppression(t, primary, targets, 4)
    assert t.steady is None  # the clean-up names its rows only while it runs
    # the same pattern with the pushes free to move every row (the clean-up before)
    plain = AdditiveTable(t.values, t.relations, ordered=((0, 1),))
    plain.steady_rows = lambda rows: None
    want = secondary_suppression(plain, primary, targets, 4)
    assert got.tolist() == want.tolist()
    fresh = AdditiveTable(t.values, t.relations, ordered=((0, 1),))
    assert plain_protected(fresh, got, targets, 4).all()
    # no secondary row the attacker computes exactly (it would only pretend to be hidden)
    for r in np.flatnonzero(got & ~primary):
        widths = [np.subtract(*plain_interval(fresh, got, Target(int(r), c))[::-1])
                  for c in ((1.0, 0.0), (0.0, 1.0))]  # fmt: skip
        assert max(widths) > 1e-6
