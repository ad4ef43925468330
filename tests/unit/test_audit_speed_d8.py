"""D8 (issue 14): the audit's component LPs made cheaper give the answers they gave before.

- a component's rows (equalities, numerator <= denominator, the row keys of its model) are
  built when an LP first needs them, from the pattern at the component's making, and not at
  all for a component whose LPs run in the kept model of the one it shrank from (`_borrow`);
- the LP-free exactness check (`_determined`) reads only the echelon rows whose pivot the
  target uses: the same answer as the row-space test.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog
from test_disclosure_audit import two_blocks

import wijkzicht.disclosure.audit as audit_module
from wijkzicht.disclosure.audit import ECHELON_VARS, AdditiveTable, Target, _ComponentLP


def table_and_pattern(seed: int) -> tuple[np.random.Generator, AdditiveTable, np.ndarray]:
    rng, values, relations = two_blocks(seed)
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    return rng, t, rng.random(t.n_rows) < 0.6


def targets_of(suppressed: np.ndarray) -> list[Target]:
    return [
        Target(int(r), coefs)
        for r in np.flatnonzero(suppressed)
        for coefs in ((1.0, 0.0), (0.0, 1.0), (-1.0, 1.0))
    ]


def plain_interval(t: AdditiveTable, suppressed: np.ndarray, target: Target) -> tuple[float, float]:
    """The attacker's interval by scipy's linprog over every count of the table, from scratch:
    the published rows fixed, the relations, counts >= 0 and numerator <= denominator."""
    n, k = t.n_rows, t.n_columns
    rows = [
        np.bincount([rel.total * k + j, *(c * k + j for c in rel.components)],
                    weights=[1.0] + [-1.0] * len(rel.components), minlength=n * k)
        for rel in t.relations for j in range(k)
    ]  # fmt: skip
    a_ub = np.zeros((n, n * k))
    a_ub[np.arange(n), np.arange(n) * k] = 1.0
    a_ub[np.arange(n), np.arange(n) * k + 1] = -1.0
    bounds = [
        (t.values[r, j], t.values[r, j]) if not suppressed[r] else (0, None)
        for r in range(n)
        for j in range(k)
    ]
    c = np.zeros(n * k)
    c[target.row * k : target.row * k + k] = target.coefs
    out = []
    for sign in (1.0, -1.0):
        res = linprog(sign * c, A_ub=a_ub, b_ub=np.zeros(n), A_eq=np.array(rows),
                      b_eq=np.zeros(len(rows)), bounds=bounds, method="highs")  # fmt: skip
        out.append(sign * res.fun if res.status == 0 else np.inf)
    return out[0], out[1]


@pytest.mark.parametrize("seed", range(4))
def test_rows_are_those_of_the_pattern_the_component_was_made_under(seed):
    # The rows are built later than the component is made, and secondary suppression
    # changes its pattern in place (`_Protector.S`): what is built is the LP of the pattern
    # at the component's making, equal to that of a component made from a copy of it.
    _, t, suppressed = table_and_pattern(seed)
    labels = t.components(suppressed)
    biggest = np.bincount(labels[labels >= 0]).argmax()
    rows = tuple(np.flatnonzero(labels == biggest).tolist())
    pattern = suppressed.copy()
    lp = _ComponentLP(t, rows, pattern)
    assert lp._built is None  # nothing built yet
    pattern[:] = ~pattern  # the caller's array changes afterwards
    plain = _ComponentLP(t, rows, suppressed.copy())
    for name in ("A_eq", "A_ub"):
        mine, theirs = getattr(lp, name), getattr(plain, name)
        assert (mine is None) == (theirs is None)
        if mine is not None:
            assert (mine != theirs).nnz == 0 and mine.shape == theirs.shape
    for name in ("b_eq", "b_ub", "_row_keys", "_ordered_vars"):
        mine, theirs = getattr(lp, name), getattr(plain, name)
        assert (mine is None and theirs is None) or np.array_equal(mine, theirs)
    # and the intervals it gives are the attacker's
    for target in targets_of(suppressed)[:12]:
        if target.row in lp.position:
            assert lp.bounds(target) == pytest.approx(plain_interval(t, suppressed, target))


def test_a_component_borrowing_its_parents_model_builds_no_rows(monkeypatch):
    # The clean-up publishes a secondary row: the component that is left solves its LPs in
    # the kept model of the one it shrank from (`_borrow`), so its own rows are never
    # needed (but by the LP-free exactness check of small components, `_determined`: here
    # none, as for the components of thousands of counts of a small gemeente). Its
    # intervals are still the plain attacker's.
    monkeypatch.setattr(audit_module, "ECHELON_VARS", 0)
    borrowed = 0
    for seed in range(12):
        rng, t, suppressed = table_and_pattern(seed)
        t.intervals(suppressed, targets_of(suppressed))
        for r in rng.permutation(np.flatnonzero(suppressed)).tolist():
            fewer = suppressed.copy()
            fewer[r] = False
            targets = targets_of(fewer)
            lo, hi = t.intervals(fewer, targets)
            for lp in t._cache.values():
                if lp._cols is not None:
                    assert lp._built is None
                    borrowed += 1
            for target, a, b in list(zip(targets, lo, hi, strict=True))[:6]:
                assert (a, b) == pytest.approx(plain_interval(t, fewer, target))
            suppressed = fewer
            if borrowed >= 3:
                return
    raise AssertionError(f"only {borrowed} borrowed components in 12 worlds")


@pytest.mark.parametrize("seed", range(6))
def test_determined_is_the_row_space_test(seed):
    # A target is determined when its objective lies in the row space of the component's
    # equalities: the rank of the equalities does not grow when it is added.
    _, t, suppressed = table_and_pattern(seed)
    targets = targets_of(suppressed)
    t.intervals(suppressed, targets)
    checked = 0
    for lp in t._cache.values():
        if lp.n_vars > ECHELON_VARS or lp.A_eq is None:
            continue
        a = lp.A_eq.toarray()
        rank = np.linalg.matrix_rank(a)
        for target in (x for x in targets if x.row in lp.position):
            c = lp._objective(target)
            inside = np.linalg.matrix_rank(np.vstack([a, c])) == rank
            assert lp._determined(target) == inside
            checked += 1
    assert checked
