"""Disclosure control made faster by a better algorithm, same protection (issue 14, helper D2).

Three changes, each checked here against a plain attacker written out in the test (scipy's
linprog over every count, no components, kept tables or shortcuts):

- peeling (`AdditiveTable.known_columns`): counts the relations alone give away, found
  without an LP, are exactly those whose plain LP interval has width 0 where it says so,
  and a chain of equal denominators is peeled to its end (the old lone-row rule saw only
  its first link);
- likely failures first (`all_protected(first=...)`): the same answer, the failing target
  named, and a failing check stops after an LP or two;
- group testing in the clean-up (`_Protector.clean_up`): the pattern is exactly that of
  trying the secondary rows one by one with the plain attacker, and a batch of rows that
  can all be published costs one audit, not one per row.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import linprog

import wijkzicht.disclosure.audit as audit_module
from wijkzicht.disclosure.audit import AdditiveTable, Relation, Target
from wijkzicht.disclosure.secondary import _Protector, secondary_suppression

COEFS = ((1.0, 0.0), (0.0, 1.0), (-1.0, 1.0))


def plain_interval(t: AdditiveTable, suppressed, target: Target) -> tuple[float, float]:
    """min and max of the target over every table the published rows allow (numerator
    <= denominator, counts >= 0, every relation over its columns): one plain LP per end."""
    n, k = t.n_rows, t.n_columns
    bounds = [
        (t.values[i, j], t.values[i, j]) if not suppressed[i] else (0, None)
        for i in range(n)
        for j in range(k)
    ]
    A_eq = []
    for rel in t.relations:
        for j in rel.spans(k):
            line = np.zeros(n * k)
            line[rel.total * k + j] = 1
            for c in rel.components:
                line[c * k + j] -= 1
            A_eq.append(line)
    A_ub = np.zeros((n, n * k))
    for i in range(n):
        A_ub[i, [i * k, i * k + 1]] = (1, -1)
    c = np.zeros(n * k)
    c[target.row * k : target.row * k + k] = target.coefs
    ends = []
    for sign in (1, -1):
        res = linprog(sign * c, A_ub=A_ub, b_ub=np.zeros(n), A_eq=np.array(A_eq),
                      b_eq=np.zeros(len(A_eq)), bounds=bounds, method="highs")  # fmt: skip
        assert res.status in (0, 3)
        ends.append(sign * res.fun if res.status == 0 else np.inf)
    return ends[0], ends[1]


def plain_protected(t: AdditiveTable, suppressed, targets, threshold) -> np.ndarray:
    width = np.array([np.subtract(*plain_interval(t, suppressed, x)[::-1]) for x in targets])
    return width >= threshold - 1e-6


def linked_blocks(seed: int, n_blocks: int = 3):
    """n_blocks 3 x 3 tables with margins (two counts per cell, numerator <= denominator)
    over the same population: the denominators are equal cell by cell across blocks (a
    chain of equalities over the denominator, as `measures_structure` links the blocks of
    several definitions), the numerators differ."""
    rng = np.random.default_rng(seed)
    den = rng.integers(1, 12, size=(2, 2))
    values, relations = [], []
    size = 9  # 4 cells, 2 row totals, 2 column totals, 1 total
    for block in range(n_blocks):
        num = np.floor(den * rng.random((2, 2))).astype(int)
        inner = np.stack([num, den], axis=-1)
        values += [inner.reshape(-1, 2), inner.sum(axis=1), inner.sum(axis=0)]
        values += [inner.sum(axis=(0, 1))[None, :]]
        at = size * block
        relations += [Relation(at + 4 + i, (at + 2 * i, at + 2 * i + 1)) for i in range(2)]
        relations += [Relation(at + 6 + j, (at + j, at + 2 + j)) for j in range(2)]
        relations += [Relation(at + 8, (at + 4, at + 5)), Relation(at + 8, (at + 6, at + 7))]
        if block:
            relations += [Relation(at - size + i, (at + i,), (1,)) for i in range(size)]
    return rng, np.concatenate(values).astype(float), relations


def test_a_chain_of_equal_denominators_is_peeled_to_its_end():
    # rows 0 = 1 = 2 in the denominator; row 2 published, rows 0 and 1 suppressed. Row 1
    # is alone in (1, 2), so its denominator is known; then row 0 is alone in (0, 1). The
    # old rule (a row alone among suppressed rows in one relation) saw only row 1 and
    # left row 0's denominator to the LPs; the plain LP says it is known exactly
    values = np.array([[1, 5], [2, 5], [3, 5], [4, 7], [5, 12], [10, 17], [15, 29], [8, 12]], float)
    relations = [
        Relation(0, (1,), (1,)),
        Relation(1, (2,), (1,)),
        Relation(4, (0, 3)),
        Relation(5, (1, 7)),
        Relation(6, (4, 5)),
    ]
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    suppressed = np.array([1, 1, 0, 1, 0, 0, 0, 1], dtype=bool)
    targets = [Target(0, (0.0, 1.0)), Target(0, (1.0, 0.0)), Target(1, (0.0, 1.0))]
    assert t._exact_targets(suppressed, targets).tolist() == [True, False, True]
    lo, hi = plain_interval(t, suppressed, targets[0])
    assert lo == hi == 5
    assert (
        plain_interval(t, suppressed, targets[1])[1] > plain_interval(t, suppressed, targets[1])[0]
    )
    # and the audit reports the same interval, now without an LP for it
    assert [tuple(x) for x in np.c_[t.intervals(suppressed, targets[:1])]] == [(5.0, 5.0)]


def test_zeros_are_peeled_through_margins_and_denominators():
    # a 2 x 2 table, its four cells suppressed: row 0's numerators add up to a published
    # 0, and so do column 1's, so cells 0, 1 and 3 have numerator 0 (counts >= 0); cell
    # 3's denominator equals that of a published row of 0 (an empty population). From
    # there every count follows. The old rule saw only cell 3's denominator (alone in its
    # link); the plain LP knows all eight counts exactly
    values = np.array(
        [[0, 3], [0, 4], [2, 5], [0, 0], [0, 7], [2, 5], [2, 8], [0, 4], [0, 0]], float
    )
    relations = [
        Relation(4, (0, 1)),
        Relation(5, (2, 3)),
        Relation(6, (0, 2)),
        Relation(7, (1, 3)),
        Relation(8, (3,), (1,)),
    ]
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    suppressed = np.arange(9) < 4
    assert t.known_columns(suppressed)[:4].all()
    targets = [Target(r, c) for r in range(4) for c in COEFS]
    assert t._exact_targets(suppressed, targets).all()
    for x in targets:
        lo, hi = plain_interval(t, suppressed, x)
        assert lo == hi == t.value(x)
    assert t.recoverable(suppressed, range(4)).all()
    # without the zero margins (row 0 and column 1 hold numerators) and the empty
    # population, nothing is peeled, and the plain LP agrees that cell 0 is not known
    values[[0, 4, 6], 0] += 1
    values[[1, 4, 7], 0] += 1
    t = AdditiveTable(values, relations[:4], ordered=((0, 1),))
    assert not t.known_columns(suppressed).any()
    # num0 + num1 = 2 and num1 + num3 = 1: num1 <= 1, so num0 is 1 or 2
    assert plain_interval(t, suppressed, Target(0, (1.0, 0.0))) == (1.0, 2.0)


@pytest.mark.parametrize("seed", range(6))
def test_peeling_finds_only_counts_the_attacker_knows_exactly(seed):
    rng, values, relations = linked_blocks(seed)
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    for _ in range(3):
        suppressed = rng.random(t.n_rows) < 0.5
        known = t.known_columns(suppressed)
        assert not known[~suppressed].any()
        for r in np.flatnonzero(suppressed):
            for j, coefs in enumerate(COEFS[:2]):
                lo, hi = plain_interval(t, suppressed, Target(int(r), coefs))
                if known[r, j]:
                    assert hi - lo < 1e-6, (r, j)
        # the audit's intervals, with peeling, are still the plain LP's
        targets = [Target(int(r), c) for r in np.flatnonzero(suppressed) for c in COEFS]
        lo, hi = AdditiveTable(values, relations, ordered=((0, 1),)).intervals(suppressed, targets)
        want = np.array([plain_interval(t, suppressed, x) for x in targets]).reshape(-1, 2)
        assert np.allclose(np.c_[lo, hi], want, atol=1e-6)


@pytest.mark.parametrize("seed", range(6))
def test_likely_failures_first_give_the_same_answer(seed):
    rng, values, relations = linked_blocks(seed, n_blocks=2)
    for _ in range(3):
        suppressed = rng.random(len(values)) < 0.55
        targets = [Target(int(r), c) for r in np.flatnonzero(suppressed) for c in COEFS]
        if not targets:
            continue
        plain = plain_protected(AdditiveTable(values, relations), suppressed, targets, 4)
        for first in ([], targets[::3], [targets[i] for i in np.flatnonzero(~plain)][-1:]):
            t = AdditiveTable(values, relations, ordered=((0, 1),))
            assert t.all_protected(suppressed, targets, 4, first=first) == plain.all()
            if plain.all():
                assert t.failed_on is None
            else:
                assert not plain[targets.index(t.failed_on)]


def test_a_likely_failure_checked_first_stops_after_two_lps(monkeypatch):
    # a 4 x 3 table, every cell suppressed: each cell is wide but for those under a
    # published margin of 1 (row 2's numerators). Checked first, such a failure is found
    # by its own two LPs (its maximum and minimum), without the joint pushes for the
    # others
    rng = np.random.default_rng(3)
    den = rng.integers(4, 15, size=(4, 3))
    num = np.floor(den * 0.5).astype(int)
    num[2, :] = [1, 0, 0]  # row 2's numerators add up to 1: its margin publishes that
    inner = np.stack([num, den], axis=-1)
    values = np.concatenate(
        [inner.reshape(-1, 2), inner.sum(axis=1), inner.sum(axis=0), inner.sum(axis=(0, 1))[None]]
    ).astype(float)
    relations = [Relation(12 + i, tuple(3 * i + j for j in range(3))) for i in range(4)]
    relations += [Relation(16 + j, tuple(3 * i + j for i in range(4))) for j in range(3)]
    suppressed = np.arange(len(values)) < 12
    targets = [Target(int(r), c) for r in range(12) for c in COEFS[:2]]
    bad = Target(7, (1.0, 0.0))  # a numerator under the margin of 1 of row 2
    assert plain_interval(AdditiveTable(values, relations), suppressed, bad) == (0.0, 1.0)
    calls = []
    real = audit_module._WarmLP.minimize
    monkeypatch.setattr(
        audit_module._WarmLP, "minimize", lambda self, c: calls.append(1) or real(self, c)
    )
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    assert not t.all_protected(suppressed, targets, 3, first=[bad])
    assert t.failed_on == bad and len(calls) <= 2


def sequential_clean_up(self, order):
    """The clean-up as it was: each row in turn, published unless that leaves a row alone
    or the plain attacker narrows a target below the threshold."""
    for r in order:
        closes = not self._any_pin(r)
        self._set(r, False)
        if (closes and self._leaves_alone(r)) or not plain_protected(
            self.table, self.S, self.targets, self.threshold
        ).all():
            self._set(r, True)


def primary_table(seed: int):
    """Two linked 3 x 3 tables with margins; the primary rows are the cells with a
    numerator (or rest) of 1 to 4; every sensitive count of theirs is a target."""
    rng, values, relations = linked_blocks(seed, n_blocks=2)
    t = AdditiveTable(values, relations, ordered=((0, 1),))
    small = [(values[:, 0] >= 1) & (values[:, 0] < 5), (values[:, 1] - values[:, 0] >= 1)
             & (values[:, 1] - values[:, 0] < 5)]  # fmt: skip
    cells = np.array([r % 9 < 4 for r in range(len(values))])
    primary = (small[0] | small[1]) & cells
    return t, primary, sensitive_targets(primary, small)


def sensitive_targets(primary, small) -> list[Target]:
    """The targets of the primary rows: the numerator (1, 0) where `small[0]` holds, the rest
    (-1, 1) where `small[1]` holds."""
    return [
        Target(int(r), c)
        for r in np.flatnonzero(primary)
        for c, s in zip(((1.0, 0.0), (-1.0, 1.0)), small, strict=True)
        if s[r]
    ]


@pytest.mark.parametrize("seed", range(8))
def test_group_testing_gives_the_pattern_of_one_by_one_trials(seed, monkeypatch):
    t, primary, targets = primary_table(seed)
    if not targets:
        pytest.skip("no primary row")
    got = secondary_suppression(t, primary, targets, 4)
    monkeypatch.setattr(_Protector, "clean_up", sequential_clean_up)
    fresh = AdditiveTable(t.values, t.relations, ordered=((0, 1),))
    want = secondary_suppression(fresh, primary, targets, 4)
    assert got.tolist() == want.tolist()
    assert plain_protected(fresh, got, targets, 4).all()


def grid(inner: np.ndarray, at: int):
    """A table with margins from its inner cells (rows x columns x 2 counts), its rows
    numbered from `at`: the cells row by row, the row totals, the column totals, the
    total."""
    n, m, _ = inner.shape
    values = [inner.reshape(-1, 2), inner.sum(axis=1), inner.sum(axis=0)]
    values += [inner.sum(axis=(0, 1))[None]]
    cell = lambda i, j: at + m * i + j  # noqa: E731
    rows = [Relation(at + n * m + i, tuple(cell(i, j) for j in range(m))) for i in range(n)]
    cols = [Relation(at + n * m + n + j, tuple(cell(i, j) for i in range(n))) for j in range(m)]
    return np.concatenate(values).astype(float), rows + cols


def test_a_batch_that_can_all_be_published_costs_fewer_audits(monkeypatch):
    # table A (a 2 x 2 table) protects its primary cell by the rectangle of its four
    # cells; the sixteen cells of table B (4 x 4, margins published) are all suppressed
    # as secondary rows, though nothing in B needs them. Tried in order, a cell is
    # published unless that leaves a cell of B alone in its row or column: one by one,
    # an audit per published cell; in batches (1, 2, 4, 8 rows) fewer
    rng = np.random.default_rng(0)
    b_values, b_relations = grid(rng.integers(5, 20, size=(4, 4, 2)).cumsum(axis=2), 0)
    a_inner = np.array([[[2, 9], [8, 12]], [[7, 15], [6, 11]]])
    a_values, a_relations = grid(a_inner, len(b_values))
    values = np.concatenate([b_values, a_values])
    t = AdditiveTable(values, b_relations + a_relations, ordered=((0, 1),))
    a0 = len(b_values)
    primary = np.arange(len(values)) == a0
    targets = [Target(a0, (1.0, 0.0))]
    extra = list(range(16))
    start = primary.copy()
    start[[a0 + 1, a0 + 2, a0 + 3, *extra]] = True
    assert plain_protected(t, start, targets, 4).all()

    def protector():
        p = _Protector(t, primary, targets, 4, values.max(axis=1) + 1,
                       np.ones(len(values), dtype=bool), primary)  # fmt: skip
        p._set(0, False)
        p.S[:] = start
        return p

    audits = []
    real = audit_module.AdditiveTable.all_protected
    monkeypatch.setattr(
        audit_module.AdditiveTable,
        "all_protected",
        lambda self, *a, **k: audits.append(1) or real(self, *a, **k),
    )
    p = protector()
    p.clean_up(extra)
    published = [r for r in extra if not p.S[r]]
    assert len(published) >= 4 and len(audits) < len(published)
    assert plain_protected(t, p.S, targets, 4).all()
    q = protector()
    sequential_clean_up(q, extra)
    assert q.S.tolist() == p.S.tolist()
