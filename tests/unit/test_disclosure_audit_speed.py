"""The audit's bookkeeping made cheaper (issue 14) must give the answers it gave before.

Each optimisation of disclosure/audit.py is checked here against the plain computation
it replaces: the kept feasible tables grown in place against a list restacked from
scratch.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_disclosure_audit import two_blocks

import wijkzicht.disclosure.audit as audit_module
from wijkzicht.disclosure.audit import AdditiveTable, Relation, Target, _ComponentLP, _WarmLP


def component(seed: int):
    """The largest component LP of a random pattern on two 4 x 3 tables, with its targets."""
    rng, values, relations = two_blocks(seed)
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    suppressed = rng.random(t.n_rows) < 0.6
    targets = [
        Target(int(r), coefs)
        for r in np.flatnonzero(suppressed)
        for coefs in ((1.0, 0.0), (0.0, 1.0), (-1.0, 1.0))
    ]
    t.intervals(suppressed, targets)  # builds and caches every component's LP
    lp = max(t._cache.values(), key=lambda lp: lp.n_vars)
    return rng, lp, [x for x in targets if x.row in lp.position]


@pytest.mark.parametrize("seed", range(3))
def test_kept_points_grown_in_place_are_the_points_kept(seed):
    # The kept tables live in one array grown in place (capacity doubled), so that reading
    # the points found since some step is a view. Interleave keeping points (one at a time
    # and in blocks, past several doublings) with reading the targets' smallest and
    # largest value over them (some targets read often, some rarely, one never until the
    # end): every read equals the minimum and maximum over the plain stack of every point
    # kept so far, and the points are those kept, in order.
    rng, lp, targets = component(seed)
    kept = list(lp.points)
    for step in range(60):
        if step % 7 == 3:
            block = rng.integers(0, 20, size=(int(rng.integers(1, 9)), lp.n_vars)).astype(float)
            lp._extend(block)
            kept += list(block)
        else:
            x = rng.integers(0, 20, size=lp.n_vars).astype(float)
            lp._keep(x)
            kept.append(x)
        read = [x for i, x in enumerate(targets[:-1]) if (i + step) % (1 + i % 4) == 0]
        lp._update_seen(read)
        plain = np.array(kept)
        for x in read:
            values = plain[:, lp._slice(x)] @ np.asarray(x.coefs)
            assert lp._seen(x) == (values.min(), values.max())
    assert np.array_equal(lp.points, np.array(kept))
    assert np.array_equal(lp.stacked(), np.array(kept))
    last = targets[-1]
    values = np.array(kept)[:, lp._slice(last)] @ np.asarray(last.coefs)
    assert lp._seen(last) == (values.min(), values.max())


def test_reading_the_kept_points_copies_nothing():
    # The old list of points was stacked into a new array at every read of the points found
    # since a target's last read: on a component of thousands of counts and points that copy
    # was a third of disclosure control's time. Now a read is a view of the kept array.
    _, lp, _ = component(0)
    for _ in range(9):
        lp._keep(np.zeros(lp.n_vars))
    assert np.shares_memory(lp.points[3:], lp.stacked())
    assert np.shares_memory(lp.stacked(), lp.stacked())


def interval_targets(suppressed, coefs=((1.0, 0.0), (0.0, 1.0), (-1.0, 1.0))):
    return [Target(int(r), c) for r in np.flatnonzero(suppressed) for c in coefs]


@pytest.mark.parametrize("seed", range(4))
def test_a_shrunk_component_solves_in_its_predecessors_model_with_the_same_answers(seed):
    # Secondary suppression's clean-up publishes the rows of a big component one at a time.
    # The shrunk component (or the parts it splits into) borrows the kept HiGHS model of
    # the component it came from, with the published row's counts fixed at their true
    # values, and starts warm from its basis. Every interval solved that way equals the
    # one of a table with nothing cached; and back on the first pattern (the row
    # suppressed again, a clean-up trial that failed), the first component's own LPs in
    # the same model, now without the fixes, are its exact intervals again.
    rng, values, relations = two_blocks(seed)
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    suppressed = rng.random(t.n_rows) < 0.6
    first = interval_targets(suppressed)
    t.intervals(suppressed, first)
    labels = t.components(suppressed)
    biggest = np.bincount(labels[labels >= 0]).argmax()
    parent = t._cache[tuple(int(r) for r in np.flatnonzero(labels == biggest))]
    assert parent._model is not None
    borrowed = 0
    for r in rng.permutation(np.flatnonzero(labels == biggest))[:4]:
        shrunk = suppressed.copy()
        shrunk[r] = False
        targets = interval_targets(shrunk)
        lo, hi = t.intervals(shrunk, targets)
        fresh = AdditiveTable(values, relations, ordered=((0, 1),))
        assert np.allclose(np.c_[lo, hi], np.c_[fresh.intervals(shrunk, targets)], atol=1e-6)
        new = t.components(shrunk)
        for rows in {
            tuple(int(x) for x in np.flatnonzero(new == g)) for g in new[labels == biggest]
        }:
            if rows and rows in t._cache and set(rows) < set(parent.rows):
                borrowed += t._cache[rows]._model is parent._model
    assert borrowed, "no shrunk component borrowed its predecessor's model"
    # back to the first pattern: new targets (num + den) solved in the shared model
    both = interval_targets(suppressed, ((1.0, 1.0),))
    lo, hi = t.intervals(suppressed, both)
    fresh = AdditiveTable(values, relations, ordered=((0, 1),))
    assert np.allclose(np.c_[lo, hi], np.c_[fresh.intervals(suppressed, both)], atol=1e-6)
    assert not parent._model.fixed.any()  # the first component's LP: nothing fixed


def plain_equalities(table: AdditiveTable, rows: tuple[int, ...], suppressed: np.ndarray):
    """The component's equalities as the audit built them before, relation by relation in
    plain Python: (A_eq, b_eq) before rows with neither a variable nor a constant go."""
    k = table.n_columns
    position = {r: i for i, r in enumerate(rows)}
    rel_ids = sorted({rid for r in rows for rid in table.row_relations[r]})
    A = np.zeros((len(rel_ids) * k, len(rows) * k))
    b = np.zeros(len(rel_ids) * k)
    for n, rid in enumerate(rel_ids):
        rel = table.relations[rid]
        for j in rel.spans(k):
            for m, sign in [(rel.total, 1.0)] + [(c, -1.0) for c in rel.components]:
                if suppressed[m]:
                    A[n * k + j, position[m] * k + j] = sign
                else:
                    b[n * k + j] -= sign * table.values[m, j]
    used = A.any(axis=1) | (b != 0)
    return A[used], b[used]


@pytest.mark.parametrize("seed", range(4))
def test_equalities_built_in_array_operations_are_the_plain_ones(seed):
    # A component's equalities are built from the table's signed incidence in array
    # operations (a component of thousands of counts has thousands of relations). They
    # are the plain loop's, relation by relation, with relations over one column only
    # (a shared denominator) and over both, published members on the right-hand side.
    rng, values, relations = two_blocks(seed)
    n = len(values)  # two rows more, sharing the denominators of rows 0 and 25
    values = np.vstack([values, [0, values[0, 1]], [values[25, 1], values[25, 1]]])
    relations = [*relations, Relation(0, (n,), (1,)), Relation(25, (n + 1,), (1,))]
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    for _ in range(5):
        suppressed = rng.random(t.n_rows) < rng.uniform(0.2, 0.8)
        labels = t.components(suppressed)
        for g in np.unique(labels[labels >= 0]):
            rows = tuple(int(r) for r in np.flatnonzero(labels == g))
            lp = _ComponentLP(t, rows, suppressed)
            A, b = plain_equalities(t, rows, suppressed)
            got = lp.A_eq.toarray() if lp.A_eq is not None else np.zeros((0, lp.n_vars))
            assert np.array_equal(got, A)
            assert np.array_equal(lp.b_eq if lp.b_eq is not None else np.zeros(0), b)


@pytest.mark.parametrize("seed", range(3))
def test_a_warm_model_changes_only_the_costs_that_change(seed):
    # Each LP of a kept model sets only the costs of its own objective and of the last one
    # (a target's counts among thousands). After any sequence of objectives, pushes among
    # them, the model's costs are the last objective's, and each minimum is the one a
    # model solved from scratch gives.
    rng, lp, targets = component(seed)
    model = lp._shared()
    lp._push(targets, 50.0)  # gain columns and a push objective in between
    for _ in range(8):
        x = targets[int(rng.integers(len(targets)))]
        c = lp._objective(x) * rng.choice([-1.0, 1.0])
        fun, _ = model.minimize(c)
        costs = np.array(model.highs.getLp().col_cost_)
        # over the model's variables: the rest in place of a denominator (`_WarmLP.costs`)
        assert np.array_equal(costs, model.costs(np.r_[c, np.zeros(model.n_cols - len(c))]))
        fresh = _WarmLP(lp.A_ub, lp.b_ub, lp.A_eq, lp.b_eq, 0.0)
        assert fresh.minimize(c)[0] == pytest.approx(fun, abs=1e-6)


@pytest.mark.parametrize("seed", range(4))
def test_a_grown_component_starts_from_its_parts_bases_with_the_same_answers(seed, monkeypatch):
    # Secondary suppression adds partners round by round, so components grow and merge.
    # A grown component's new model starts from the optimal bases of the components it
    # grew from (their counts and relations keep their status, the new ones start at 0
    # or basic), handed to HiGHS as an alien basis. Whatever that start, every interval
    # equals the one of a table with nothing cached.
    seeded = []
    real = audit_module._ComponentLP._seeded

    def spy(self):
        seeded.append(len(self._parts))
        real(self)

    monkeypatch.setattr(audit_module._ComponentLP, "_seeded", spy)
    rng, values, relations = two_blocks(seed)
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    suppressed = np.zeros(t.n_rows, dtype=bool)
    for r in rng.permutation(t.n_rows)[:26]:
        suppressed[r] = True
        targets = interval_targets(suppressed)
        lo, hi = t.intervals(suppressed, targets)
        fresh = AdditiveTable(values, relations, ordered=((0, 1),))
        assert np.allclose(np.c_[lo, hi], np.c_[fresh.intervals(suppressed, targets)], atol=1e-6)
    assert max(seeded) >= 1, "no grown component started from its parts' bases"
