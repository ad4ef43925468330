"""The small-area model's fast likelihood against direct, independent computations.

`wijkzicht.statistics.small_area` evaluates the adaptive Gauss-Hermite likelihood on the
respondents sorted by buurt: sums per area by np.add.reduceat, e^eta as e^offset e^node, and
log(1 + e^eta) summed as one log per chunk of respondents. Checked here against np.bincount,
the per-element formulas, numerical integration of each area's likelihood (scipy quad) and
central differences of the likelihood; the design matrix and the covariate patterns against
hand-built values. The fit as a whole is checked against lme4 in test_small_area_r.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, special

from wijkzicht.statistics.small_area import (
    CHUNK,
    _area_sums,
    _gh,
    _loglik,
    _node_terms,
    _patterns,
    _sample,
    design_matrix,
)


@settings(max_examples=200, deadline=None)
@given(
    groups=st.lists(st.integers(0, 6), min_size=1, max_size=60),
    seed=st.integers(0, 2**32 - 1),
)
def test_area_sums_equal_bincount(groups, seed):
    """Sums per area over rows sorted by area equal np.bincount's, for one column and for the
    rows of a (K, n) block; areas without rows are 0."""
    n_groups = 8
    group = np.sort(np.array(groups))
    counts = np.bincount(group, minlength=n_groups)
    has = counts > 0
    starts = (np.cumsum(counts) - counts)[has]
    rng = np.random.default_rng(seed)
    values = rng.normal(size=len(group))
    np.testing.assert_allclose(
        _area_sums(values, starts, has),
        np.bincount(group, values, n_groups),
        rtol=1e-12,
        atol=1e-12,
    )
    block = rng.normal(size=(3, len(group)))
    expected = np.stack([np.bincount(group, row, n_groups) for row in block])
    np.testing.assert_allclose(_area_sums(block, starts, has), expected, rtol=1e-12, atol=1e-12)
    ones = (values > 0).astype(float)  # whole numbers: exactly equal
    assert np.array_equal(_area_sums(ones, starts, has), np.bincount(group, ones, n_groups))


def test_sample_puts_each_respondent_in_its_own_place_of_its_areas_chunks():
    rng = np.random.default_rng(3)
    n_groups = 7
    group = rng.choice([0, 1, 2, 4, 5], size=61, p=[0.5, 0.2, 0.1, 0.1, 0.1])  # 3 and 6 empty
    X = rng.normal(size=(61, 2))
    s = _sample(X, group, n_groups, 3)
    n_chunks = int(s.chunks.sum())
    assert np.array_equal(s.group, np.sort(group))
    assert np.array_equal(s.X, X[s.order])
    assert len(set(s.slot.tolist())) == len(group)  # one respondent per place
    chunk = s.slot % n_chunks
    chunk_area = np.repeat(np.arange(n_groups), s.chunks)
    assert np.array_equal(chunk_area[chunk], s.group)  # a chunk holds one area's respondents
    assert np.array_equal(np.bincount(chunk, minlength=n_chunks).max(), CHUNK)
    assert np.array_equal(s.chunks, -(-np.bincount(group, minlength=n_groups) // CHUNK))


def _direct_terms(offset, nodes, group, pi):
    """The per-element formulas, written out: sum_i log(1 + e^eta), sum_i expit(eta) per area
    and node, and sum_k pi expit(eta) per respondent."""
    eta = offset[None, :] + nodes[:, group]  # (K, n)
    n_groups = nodes.shape[1]
    log_terms = np.stack([np.bincount(group, np.logaddexp(0, row), n_groups) for row in eta])
    p = special.expit(eta)
    expit_sums = np.stack([np.bincount(group, row, n_groups) for row in p])
    return log_terms, expit_sums, (pi[:, group] * p).sum(axis=0)


@pytest.mark.parametrize("shift", [0.0, 3.0, 150.0, -150.0])
def test_node_terms_equal_the_per_element_formulas(shift):
    """The chunked block equals the per-element sums; a shift of the linear predictor by
    150 makes the chunk products overflow and takes the stable per-element path."""
    rng = np.random.default_rng(11)
    n_groups, nagq = 9, 5
    group = rng.choice(n_groups - 1, size=300)  # the last area without respondents
    s = _sample(np.ones((300, 1)), group, n_groups, nagq)
    offset = (rng.normal(0, 1.5, 300) + shift)[s.order]  # in the sample's (sorted) order
    nodes = rng.normal(0, 0.7, (nagq, n_groups))
    pi = rng.dirichlet(np.ones(nagq), n_groups).T
    with np.errstate(over="ignore"):
        log_terms, expit_terms = _node_terms(s, offset, np.exp(offset), nodes)
    expit_sums, q = expit_terms(pi)
    want_log, want_expit, want_q = _direct_terms(offset, nodes, s.group, pi)
    np.testing.assert_allclose(log_terms, want_log, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(expit_sums, want_expit, rtol=1e-12, atol=1e-11)
    np.testing.assert_allclose(q, want_q, rtol=1e-12, atol=1e-12)


def _case(seed=5, n=400, n_groups=12, sigma=0.6):
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n), rng.random(n) < 0.4, rng.normal(size=n)])
    group = rng.integers(0, n_groups - 1, n)  # the last area without respondents
    beta = np.array([-0.8, 0.5, 0.3])
    y = (rng.random(n) < special.expit(X @ beta + rng.normal(0, sigma, n_groups)[group])).astype(
        float
    )
    return X, y, group, n_groups, beta


def _integrated_loglik(X, y, group, n_groups, beta, sigma):
    """sum_j log of the integral over v of prod_i Bernoulli(y_i; expit(x_i beta + v)) N(v; 0,
    sigma^2), by adaptive numerical integration (scipy quad) around the area's maximum."""
    total = 0.0
    for j in range(n_groups):
        m = group == j
        if not m.any():
            continue
        off, yj = X[m] @ beta, y[m]

        def log_f(v, off=off, yj=yj):
            eta = off + v
            return np.sum(yj * eta - np.logaddexp(0, eta)) - v**2 / (2 * sigma**2)

        grid = np.linspace(-6 * sigma - 3, 6 * sigma + 3, 2001)
        top = max(log_f(v) for v in grid)
        val, _ = integrate.quad(
            lambda v, top=top, log_f=log_f: np.exp(log_f(v) - top), grid[0], grid[-1], limit=200
        )
        total += np.log(val) + top - 0.5 * np.log(2 * np.pi * sigma**2)
    return total


@pytest.mark.parametrize("sigma", [0.3, 1.2])
def test_quadrature_likelihood_equals_numerical_integration(sigma):
    """With 15 adaptive nodes the likelihood is the integral itself (to 1e-7 here)."""
    X, y, group, n_groups, beta = _case(sigma=sigma)
    has = np.bincount(group, minlength=n_groups) > 0
    t, logw = _gh(15)
    theta = np.append(beta, np.log(sigma))
    state = {"u": np.zeros(n_groups)}
    ll = _loglik(theta, X, y, group, n_groups, has, t, logw, state)
    assert ll == pytest.approx(_integrated_loglik(X, y, group, n_groups, beta, sigma), abs=1e-7)


@pytest.mark.parametrize("nagq", [1, 9])
def test_gradient_equals_central_differences(nagq):
    X, y, group, n_groups, beta = _case()
    has = np.bincount(group, minlength=n_groups) > 0
    t, logw = _gh(nagq)
    theta = np.append(beta + 0.1, np.log(0.5))

    def ll(th):
        return _loglik(th, X, y, group, n_groups, has, t, logw, {"u": np.zeros(n_groups)})

    _, grad = _loglik(theta, X, y, group, n_groups, has, t, logw, {"u": np.zeros(n_groups)}, True)
    h = 1e-5
    numeric = [(ll(theta + h * e) - ll(theta - h * e)) / (2 * h) for e in np.eye(len(theta))]
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-6)


def test_design_matrix_by_hand():
    data = pd.DataFrame({
        "sex": ["man", "vrouw", "vrouw", "man"],
        "age": ["18-29", "65+", "30-64", "65+"],
        "zorg": [True, False, True, False],
    })  # fmt: skip
    X, names = design_matrix(data, {"sex": "man", "age": "18-29"}, ["zorg"])
    assert names == ["(Intercept)", "sex=vrouw", "age=30-64", "age=65+", "zorg"]
    assert X.flags.c_contiguous
    np.testing.assert_array_equal(
        X, [[1, 0, 0, 0, 1], [1, 1, 0, 1, 0], [1, 1, 1, 0, 1], [1, 0, 0, 1, 0]]
    )
    # given levels: a level without a column counts as the reference, an absent level is 0
    X, names = design_matrix(data, {"age": "18-29"}, levels={"age": ["65+", "onbekend"]})
    assert names == ["(Intercept)", "age=65+", "age=onbekend"]
    np.testing.assert_array_equal(X, [[1, 0, 0], [1, 1, 0], [1, 0, 0], [1, 1, 0]])


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 3), st.integers(0, 1)), min_size=1, max_size=40
    )
)
def test_patterns_of_whole_numbers_as_of_any_values(rows):
    """Columns of whole numbers are coded by their values, other columns by sorting; both give
    the distinct rows in the same (lexicographic) order and the same first rows."""
    keys = np.array(rows, dtype=float)
    first, inv = _patterns(keys)
    first_f, inv_f = _patterns(keys + 0.5)  # not whole numbers: factorised
    assert np.array_equal(first, first_f) and np.array_equal(inv, inv_f)
    distinct = sorted(set(rows))
    assert [tuple(keys[i]) for i in first] == [tuple(map(float, r)) for r in distinct]
    assert np.array_equal(keys[first][inv], keys)
