"""Wilson and Clopper-Pearson intervals against published values.

Source of the expected values: Newcombe RG (1998), Two-sided confidence intervals for
the single proportion: comparison of seven methods, Statistics in Medicine 17:857-872,
table of illustrative 95% intervals for 81/263, 15/148, 0/20 and 1/29 (Table I of the
brief): method 3 (Wilson score, no continuity correction) and method 5 (Clopper-Pearson
"exact"). The table gives 4 decimals.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkzicht.statistics.proportions import Z95, clopper_pearson, wilson

# (x, n, wilson lower, wilson upper, clopper-pearson lower, clopper-pearson upper)
NEWCOMBE_1998 = [
    (81, 263, 0.2553, 0.3662, 0.2527, 0.3676),
    (15, 148, 0.0624, 0.1605, 0.0578, 0.1617),
    (0, 20, 0.0000, 0.1611, 0.0000, 0.1684),
    (1, 29, 0.0061, 0.1718, 0.0009, 0.1776),
]


@pytest.mark.parametrize(("x", "n", "wl", "wu", "cl", "cu"), NEWCOMBE_1998)
def test_wilson_matches_newcombe_1998(x, n, wl, wu, cl, cu):
    p, lo, hi, se = wilson(x, n)
    assert p == pytest.approx(x / n)
    assert round(float(lo), 4) == wl
    assert round(float(hi), 4) == wu
    assert se == pytest.approx(np.sqrt(x / n * (1 - x / n) / n))


@pytest.mark.parametrize(("x", "n", "wl", "wu", "cl", "cu"), NEWCOMBE_1998)
def test_clopper_pearson_matches_newcombe_1998(x, n, wl, wu, cl, cu):
    p, lo, hi, _ = clopper_pearson(x, n)
    assert round(float(lo), 4) == cl
    assert round(float(hi), 4) == cu


def test_vectorised_and_empty_denominator():
    x = np.array([81, 15, 0, 1, 0])
    n = np.array([263, 148, 20, 29, 0])
    for fn in (wilson, clopper_pearson):
        p, lo, hi, se = fn(x, n)
        assert p.shape == lo.shape == hi.shape == se.shape == (5,)
        assert np.isnan([p[4], lo[4], hi[4], se[4]]).all()
        assert np.round(lo[:4], 4).tolist() == (
            [r[2] for r in NEWCOMBE_1998] if fn is wilson else [r[4] for r in NEWCOMBE_1998]
        )


def test_clopper_pearson_edges():
    _, lo, hi, _ = clopper_pearson([0, 10], [10, 10])
    assert lo[0] == 0.0 and hi[1] == 1.0
    # x = 0: upper = 1 - (alpha/2)^(1/n) in closed form
    assert hi[0] == pytest.approx(1 - 0.025 ** (1 / 10), rel=1e-12)
    assert lo[1] == pytest.approx(0.025 ** (1 / 10), rel=1e-12)
    with pytest.raises(ValueError):
        clopper_pearson(5, 4)


def test_z95_is_the_normal_quantile():
    from scipy.stats import norm

    assert norm.ppf(0.975) == pytest.approx(Z95, abs=1e-15)


@given(st.integers(min_value=1, max_value=5000), st.data())
def test_intervals_contain_p_and_stay_in_unit_interval(n, data):
    x = data.draw(st.integers(min_value=0, max_value=n))
    for fn in (wilson, clopper_pearson):
        p, lo, hi, _ = fn(x, n)
        assert 0.0 <= lo <= p + 1e-12
        assert p - 1e-12 <= hi <= 1.0


@given(st.integers(min_value=1, max_value=2000))
def test_bounds_increase_with_the_count(n):
    x = np.arange(n + 1)
    for fn in (wilson, clopper_pearson):
        _, lo, hi, _ = fn(x, np.full(n + 1, n))
        assert np.all(np.diff(lo) >= -1e-12)
        assert np.all(np.diff(hi) >= -1e-12)
