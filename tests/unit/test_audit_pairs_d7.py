"""Disclosure control at 10,000 residents: numerator <= denominator as a bound (issue 14, D7).

A component's kept HiGHS model (`_ComponentLP._shared`) had one inequality row per suppressed
row for numerator <= denominator. It now solves in the rest y = denominator - numerator >= 0
instead of the denominator (`_WarmLP._pairs`): a bound, not a row. The same LP, so the same
optima; on 10,000-resident nieuwkomers a third fewer rows and about half the simplex
iterations per LP. Secondary suppression's search keeps the rows (`AdditiveTable.bounded_pairs`
off while it searches): it reads the duals of its LPs (`binding_relations`), and which of
several optimal dual solutions HiGHS returns depends on the form of the model; the clean-up,
the recoverable rows and the audit read optima only.

Checked against the model with the rows and against a plain attacker written out in the
test (scipy's linprog, `test_disclosure_d2_cleanup.plain_interval`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wijkzicht.disclosure.audit as audit_module
import wijkzicht.disclosure.secondary as secondary_module
from tests.unit.test_d4_cleanup_steady import random_table
from tests.unit.test_disclosure_d2_cleanup import grid, plain_interval, plain_protected
from wijkzicht.disclosure.audit import AdditiveTable, Target, _keyed, _WarmLP
from wijkzicht.disclosure.secondary import secondary_suppression

CELLS = np.array([[3, 8, 5], [6, 4, 9]], dtype=float)


def table() -> AdditiveTable:
    """A 2 x 3 table with its margins, numerator and denominator per cell (den = num + 20)."""
    values, relations = grid(np.stack([CELLS, CELLS + 20], axis=-1), 0)
    return AdditiveTable(values, relations, ordered=((0, 1),))


def test_the_kept_model_has_no_row_for_numerator_below_denominator():
    # every cell and margin suppressed: one component of 12 rows, 24 counts. Its model holds
    # the relations' equalities only; numerator <= denominator is the bound rest >= 0 (the
    # model before had 12 more rows, one per suppressed row)
    t = table()
    hidden = np.ones(t.n_rows, dtype=bool)
    target = Target(0, (1.0, 0.0))
    t.intervals(hidden, [target])
    (lp,) = t._cache.values()
    model = lp._model
    assert model.paired
    assert model.highs.getNumRow() == lp.A_eq.shape[0]
    assert len(model.row_keys) == model.highs.getNumRow()
    # the same LP as the model with the rows: every count's minimum and maximum
    rows = _WarmLP(lp.A_ub, lp.b_ub, lp.A_eq, lp.b_eq, 0.0)
    assert rows.highs.getNumRow() == lp.A_eq.shape[0] + len(lp.rows)
    for j in range(lp.n_vars):
        for sign in (-1.0, 1.0):
            c = np.zeros(lp.n_vars)
            c[j] = sign
            assert model.minimize(c)[0] == pytest.approx(rows.minimize(c)[0], abs=1e-6)


def test_a_held_pair_and_the_solution_are_in_counts_not_in_the_rest():
    # x0 <= x1 (numerator, denominator), x1 = x2 + 5: held at (3, 9), x2 must be 4; freed,
    # the numerator can reach the denominator's maximum only with x2 unbounded (so no max),
    # and its minimum is 0
    A_eq = np.array([[0.0, 1.0, -1.0]])
    model = _WarmLP(None, None, A_eq, np.array([5.0]), 0.0, pairs=[(0, 1)])
    model.base = np.array([3.0, 9.0, 4.0])
    model.hold(np.array([True, True, False]))
    fun, x = model.minimize(np.array([0.0, 0.0, 1.0]))
    assert fun == pytest.approx(4.0) and x.tolist() == pytest.approx([3.0, 9.0, 4.0])
    model.hold(None)
    fun, x = model.minimize(np.array([0.0, 1.0, 0.0]))  # min denominator: 5 (x2 >= 0)
    assert fun == pytest.approx(5.0) and x[0] <= x[1] + 1e-9 and x[1] == pytest.approx(5.0)
    assert model.minimize(np.array([-1.0, 0.0, 0.0]))[0] == -np.inf
    with pytest.raises(ValueError, match="held together"):
        model.hold(np.array([True, False, False]))
    with pytest.raises(ValueError, match="one pair at most"):
        _WarmLP(None, None, A_eq, np.array([5.0]), 0.0, pairs=[(0, 1), (1, 2)])


def test_gains_and_deviations_are_rows_over_the_counts():
    # x0 <= x1, x1 = x2 + x3 (10 = 4 + 6), the numerator 3: a push lifts the numerator by
    # at least 4 (g <= x0 - 3, g <= 4) with the denominator spared (a price per unit it
    # moves): the numerator rises to 7 or more within the denominator of 10
    A_eq = np.array([[0.0, 1.0, -1.0, -1.0]])
    model = _WarmLP(None, None, A_eq, np.zeros(1), 0.0, pairs=[(0, 1)])
    model.base = np.array([3.0, 10.0, 4.0, 6.0])
    spare = model.deviations(np.array([1]))
    first = model.add_gains(np.array([[1.0, 0.0, 0.0, 0.0]]))
    x = model.push(np.array([first], dtype=np.int32), np.array([3.0]), np.array([4.0]), 1e3,
                   spare)  # fmt: skip
    assert 7.0 - 1e-9 <= x[0] <= 10.0 + 1e-9 and x[1] == pytest.approx(10.0)


def test_the_search_keeps_the_rows_and_the_clean_up_takes_the_bounds(monkeypatch):
    # the search reads duals (`extend_binding`): it runs with the switch off; the clean-up
    # and the rows published as recoverable with it on, and it stays on afterwards
    seen: list[tuple[str, bool]] = []
    for name in ("_search", "clean_up", "publish_recoverable"):
        real = getattr(secondary_module._Protector, name)

        def spy(self, *args, _real=real, _name=name):
            seen.append((_name, self.table.bounded_pairs))
            return _real(self, *args)

        monkeypatch.setattr(secondary_module._Protector, name, spy)
    t = table()
    primary = np.zeros(t.n_rows, dtype=bool)
    primary[0] = True
    targets = [Target(0, (1.0, 0.0)), Target(0, (-1.0, 1.0))]
    got = secondary_suppression(t, primary, targets, 4)
    assert seen == [("_search", False), ("clean_up", True), ("publish_recoverable", True)]
    assert t.bounded_pairs
    assert plain_protected(table(), got, targets, 4).all()


def test_a_component_shrunk_from_a_model_with_rows_gets_one_with_bounds():
    # a model with the rows (made while the switch was off) is not borrowed once it is on:
    # the shrunk component makes its own, with the bounds, and finds the same interval
    t = table()
    hidden = np.ones(t.n_rows, dtype=bool)
    target = Target(0, (1.0, 0.0))
    t.bounded_pairs = False
    t.intervals(hidden, [target])
    (before,) = [lp for lp in t._cache.values() if lp._model is not None]
    assert not before._model.paired
    t.bounded_pairs = True
    hidden[4] = False  # cell a11 published: the component shrinks
    lo, hi = t.intervals(hidden, [target])
    after = t._holding[0]
    assert after is not before and after._model.paired and after._cols is None
    assert (lo[0], hi[0]) == pytest.approx(plain_interval(table(), hidden, target), abs=1e-6)


class RowsOnly(AdditiveTable):
    """A table whose models keep numerator <= denominator as rows in every phase (the
    protector's switch cannot turn the bounds on)."""

    bounded_pairs = property(lambda self: False, lambda self, v: None)


def rows_everywhere(t: AdditiveTable) -> AdditiveTable:
    return RowsOnly(t.values, t.relations, ordered=t.ordered)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_tables_same_pattern_and_audit_as_with_rows(data):
    t, primary, targets = random_table(data)
    if not targets:
        return
    got = secondary_suppression(t, primary, targets, 4)
    plain = rows_everywhere(t)
    want = secondary_suppression(plain, primary, targets, 4)
    assert got.tolist() == want.tolist()
    # the same audit: every count of every suppressed row, exact bounds
    hidden = [Target(int(r), c) for r in np.flatnonzero(got) for c in ((1.0, 0.0), (0.0, 1.0))]
    lo, hi = t.intervals(got, hidden)
    lo_rows, hi_rows = rows_everywhere(t).intervals(got, hidden)
    np.testing.assert_allclose(np.c_[lo, hi], np.c_[lo_rows, hi_rows], atol=1e-6)
    fresh = AdditiveTable(t.values, t.relations, ordered=((0, 1),))
    for x, a, b in list(zip(hidden, lo, hi, strict=True))[:6]:
        assert (a, b) == pytest.approx(plain_interval(fresh, got, x), abs=1e-6)


def test_cell_keys_are_the_columns_joined():
    rows = pd.DataFrame(
        {
            "measure": ["m", "m", "m"],
            "definition": ["d", "d", "d"],
            "year": ["2022", "2023", None],
            "area_code": ["WK01", None, "BU0101"],
            "group": ["totaal"] * 3,
            "group_value": ["totaal"] * 3,
        },
        index=[7, 3, 5],
    )
    frame, key = _keyed(rows, ("year", "area_code"))
    assert key.tolist() == ["2022/WK01", "2023/", "/BU0101"]
    assert key.tolist() == frame[["year", "area_code"]].agg("/".join, axis=1).tolist()
    assert audit_module._keyed(rows, ("year",))[1].tolist() == ["2022", "2023", ""]
