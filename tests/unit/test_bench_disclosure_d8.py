"""bench/disclosure.py counts what does not depend on the machine's load (D8, issue 14): the LPs
handed to HiGHS, their simplex iterations and the HiGHS models built. No benchmark runs."""

import numpy as np
import pytest
from test_disclosure_audit import two_blocks
from worlds import bench_module

import wijkzicht.disclosure.audit as audit_module
from wijkzicht.disclosure.audit import AdditiveTable, Target


@pytest.fixture(scope="module")
def disclosure():
    return bench_module("disclosure", "bench_disclosure_d8")


def test_counting_lps_counts_lps_iterations_and_models(disclosure, monkeypatch):
    # HiGHS's own count of each solve's iterations, added up, and every model made, seen
    # from outside by wrappers of our own under the bench's: the same figures, and again on
    # a second run of the same audit (they are the figures compared before and after a change)
    seen = {"lps": 0, "iterations": 0, "models": 0}
    warm = audit_module._WarmLP
    solve, make = warm.minimize, warm.__init__

    def minimize(self, c):
        out = solve(self, c)
        seen["lps"] += 1
        seen["iterations"] += self.highs.getInfo().simplex_iteration_count
        return out

    def init(self, *args, **kwargs):
        seen["models"] += 1
        make(self, *args, **kwargs)

    monkeypatch.setattr(warm, "minimize", minimize)
    monkeypatch.setattr(warm, "__init__", init)
    counts = []
    for _ in range(2):
        rng, values, relations = two_blocks(3)
        t = AdditiveTable(values, relations, ordered=((0, 1),))
        suppressed = rng.random(t.n_rows) < 0.6
        targets = [Target(int(r), (0.0, 1.0)) for r in np.flatnonzero(suppressed)]
        before = dict(seen)
        with disclosure.counting_lps() as calls:
            t.intervals(suppressed, targets)
        assert calls == [seen[k] - before[k] for k in ("lps", "iterations", "models")]
        counts.append(list(calls))
    assert counts[0] == counts[1] and all(x > 0 for x in counts[0])
    # the methods are put back
    assert warm.minimize is minimize and warm.__init__ is init
