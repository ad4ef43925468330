"""The small-area bootstrap made cheaper gives the very numbers of the straightforward loop.

`bootstrap_intervals` computes the linear predictor of the covariate patterns in blocks of
rows (`_rows_times`, so that numpy's BLAS does not wake a second thread for every replicate)
and each replicate's true counts per area from its counts per pattern. Both must leave every
number unchanged, bit for bit: checked here against `X @ beta` and against the loop as it was
written before (the reference below: the whole product, the counts over the residents).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from wijkzicht.statistics.small_area import (
    SmallAreaError,
    _block_rows,
    _fit,
    _logit,
    _patterns,
    _rows_times,
    _sample,
    bootstrap_intervals,
    fit_logistic_glmm,
)


@pytest.mark.parametrize("columns", [1, 3, 36, 37, 64, 200])
def test_rows_times_equals_the_whole_product_bit_for_bit(columns):
    rng = np.random.default_rng(columns)
    n = 3 * _block_rows(columns) + 17  # several blocks and a part of one
    X = np.column_stack([np.ones(n), rng.random((n, columns - 1)) < 0.3]).astype(float)
    X[:, -1] = rng.normal(size=n) if columns > 1 else X[:, -1]
    for _ in range(5):
        beta = rng.normal(size=columns)
        assert np.array_equal(_rows_times(X, beta), X @ beta)


def test_rows_times_of_the_default_worlds_shape_bit_for_bit():
    """32,481 distinct rows of 36 columns (0/1 dummies, two flags), as on the default world."""
    rng = np.random.default_rng(11)
    X = np.column_stack([np.ones(32_481), rng.random((32_481, 35)) < 0.2]).astype(float)
    for _ in range(20):
        beta = rng.normal(0, 0.7, 36)
        assert np.array_equal(_rows_times(X, beta), X @ beta)


def test_a_block_stays_under_the_single_thread_size_and_is_aligned():
    for columns in (1, 2, 36, 100, 143, 144, 500):
        rows = _block_rows(columns)
        assert rows % 64 == 0 and rows & (rows - 1) == 0  # a power of two, at least 64
        assert rows * columns < 9216 or rows == 64


def _reference(fit, X_pop, group_pop, respondents, areas, replicates, rng, level=0.95):
    """bootstrap_intervals as written before (commit 5da58bf): the product of the whole
    pattern matrix, each replicate's true counts over the residents of each area."""
    n_groups = len(fit.u)
    x_first, x_inv = _patterns(X_pop)
    keys = np.column_stack([x_inv, group_pop, *(idx for idx, _ in areas.values())])
    first, inv = _patterns(keys)
    X_rows, x_pat, g_pat = X_pop[x_first], x_inv[first], group_pop[first]
    count = np.bincount(inv, minlength=len(first)).astype(float)
    at = {lv: (idx[first], np.bincount(idx, minlength=n)) for lv, (idx, n) in areas.items()}

    def means(p_pat):
        with np.errstate(invalid="ignore", divide="ignore"):
            return {
                lv: np.bincount(idx, count * p_pat, len(n)) / np.where(n > 0, n, np.nan)
                for lv, (idx, n) in at.items()
            }

    def predict(f):
        return special.expit((X_rows @ f.beta)[x_pat] + f.u[g_pat])

    offset = (X_rows @ fit.beta)[x_pat]
    estimate = means(predict(fit))
    errors = {lv: [] for lv in areas}
    sq = {lv: [] for lv in areas}
    sample = _sample(X_pop[respondents], group_pop[respondents], n_groups, fit.nagq)
    residents = {lv: np.where(n > 0, n, np.nan) for lv, (_, n) in at.items()}
    done = 0
    for _ in range(replicates):
        u_star = rng.normal(0.0, fit.sigma, n_groups)
        p_true = special.expit(offset + u_star[g_pat])[inv]
        y_star = rng.random(len(inv)) < p_true
        try:
            refit = _fit(sample, y_star[respondents].astype(float), start=fit)
        except SmallAreaError:
            continue
        est_star = means(predict(refit))
        done += 1
        for lv, (idx, n) in areas.items():
            truth = np.bincount(idx[y_star], minlength=n) / residents[lv]
            errors[lv].append(_logit(est_star[lv]) - _logit(truth))
            sq[lv].append((est_star[lv] - truth) ** 2)
    alpha = 1 - level
    lower, upper, rmse = {}, {}, {}
    for lv in areas:
        e = np.vstack(errors[lv])
        lo_q, hi_q = np.nanquantile(e, [alpha / 2, 1 - alpha / 2], axis=0)
        lg = _logit(estimate[lv])
        lower[lv] = special.expit(lg - hi_q)
        upper[lv] = special.expit(lg - lo_q)
        rmse[lv] = np.sqrt(np.nanmean(np.vstack(sq[lv]), axis=0))
    return estimate, lower, upper, rmse, done


def test_bootstrap_equals_the_loop_as_it_was_bit_for_bit():
    """A population of 6,000 in 15 buurten (one without residents) of 4 wijken, 600
    respondents, more distinct design rows than a block: estimates, intervals and RMSE per
    buurt and wijk exactly equal to the reference loop's."""
    rng = np.random.default_rng(20261202)
    n, n_buurt = 6000, 15
    buurt = rng.integers(0, n_buurt - 1, n)  # buurt 14: no residents
    wijk = buurt % 4
    X = np.column_stack([
        np.ones(n),
        rng.random(n) < 0.5,
        rng.random(n) < 0.3,
        *(rng.integers(0, 9, n) == k for k in range(1, 9)),  # a factor of 9 levels
        rng.random(n) < 0.1,
        rng.normal(size=n),  # a continuous covariate: every row its own pattern
    ]).astype(float)  # fmt: skip
    beta = rng.normal(0, 0.5, X.shape[1])
    beta[0] = -1.5
    u = rng.normal(0, 0.4, n_buurt)
    y_pop = rng.random(n) < special.expit(X @ beta + u[buurt])
    respondents = np.sort(rng.choice(n, 600, replace=False))
    fit = fit_logistic_glmm(X[respondents], y_pop[respondents], buurt[respondents], n_buurt, 3)
    areas = {"buurt": (buurt, n_buurt), "wijk": (wijk, 4)}
    assert len(_patterns(X)[0]) > _block_rows(X.shape[1])  # the product runs in blocks
    got = bootstrap_intervals(fit, X, buurt, respondents, areas, 12, np.random.default_rng(7))
    want = _reference(fit, X, buurt, respondents, areas, 12, np.random.default_rng(7))
    assert got.replicates == want[4] == 12
    ours_all = (got.estimate, got.ci_lower, got.ci_upper, got.rmse)
    for ours, theirs in zip(ours_all, want[:4], strict=True):
        for lv in areas:
            np.testing.assert_array_equal(ours[lv], theirs[lv])
