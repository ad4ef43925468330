"""Katz log interval for a ratio of proportions, against a published worked example."""

import numpy as np
import pytest

from wijkzicht.statistics.ratios import ratio_katz


def test_katz_matches_hand_computation():
    # Hand computation: 30/100 vs 15/100; RR = 2; se = sqrt(1/30 - 1/100 + 1/15 - 1/100)
    r, lo, hi, se = ratio_katz(30, 100, 15, 100)
    se_hand = np.sqrt(1 / 30 - 1 / 100 + 1 / 15 - 1 / 100)
    assert r == pytest.approx(2.0)
    assert se == pytest.approx(se_hand)
    assert lo == pytest.approx(2 * np.exp(-1.959963984540054 * se_hand))
    assert hi == pytest.approx(2 * np.exp(1.959963984540054 * se_hand))


def test_katz_matches_statsmodels():
    # independent implementation: statsmodels Table2x2.riskratio_confint (log/Katz method)
    from statsmodels.stats.contingency_tables import Table2x2

    for a, n1, b, n0 in [(10, 100, 5, 100), (37, 412, 81, 2210), (3, 9, 120, 130)]:
        t = Table2x2(np.array([[a, n1 - a], [b, n0 - b]]))
        r, lo, hi, se = ratio_katz(a, n1, b, n0)
        assert r == pytest.approx(t.riskratio, rel=1e-12)
        assert (lo, hi) == pytest.approx(t.riskratio_confint(), rel=1e-9)
        assert se == pytest.approx(t.log_riskratio_se, rel=1e-12)


def test_zero_numerators():
    r, lo, hi, se = ratio_katz(0, 10, 3, 10)
    assert r == 0 and np.isnan(se) and np.isnan(lo) and np.isnan(hi)
    assert all(np.isnan(v) for v in ratio_katz(3, 10, 0, 10))
