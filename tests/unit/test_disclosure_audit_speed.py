"""The audit's bookkeeping made cheaper (issue 14) must give the answers it gave before.

Each optimisation of disclosure/audit.py is checked here against the plain computation
it replaces: the kept feasible tables grown in place against a list restacked from
scratch.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_disclosure_audit import two_blocks

from wijkzicht.disclosure.audit import AdditiveTable, Target


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
