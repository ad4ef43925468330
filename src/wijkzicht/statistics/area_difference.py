"""Does an area differ from the city? Tests of one area's estimate against the rest of the city,
and the correction for testing many areas at once.

References
----------
Agresti A (2013). Categorical Data Analysis, 3rd ed., section 3.1.5: the two-sample z test
of proportions with the pooled standard error (equal to R's `prop.test(correct = FALSE)`).
Holm S (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal
of Statistics 6:65-70 (R's `p.adjust(method = "holm")`).
"""

from __future__ import annotations

import numpy as np


def two_proportion_test(x1, n1, x2, n2) -> np.ndarray:
    """Two-sided p-value of H0: p1 == p2, the z test with the pooled standard error.

    x1, n1: events and persons in the area; x2, n2: in the rest of the city (arrays of equal
    shape). The p-value equals R's `prop.test(c(x1, x2), c(n1, n2), correct = FALSE)`.
    NaN where a denominator is 0, a count is missing, or nobody (or everybody) has the event
    in both groups together (then there is nothing to test).
    """
    from scipy import special  # here: the pages import this module, most compute nothing

    x1, n1, x2, n2 = (np.asarray(a, dtype=float) for a in (x1, n1, x2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (x1 + x2) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = (x1 / n1 - x2 / n2) / se
        p = 2 * special.ndtr(-np.abs(z))
    bad = (n1 <= 0) | (n2 <= 0) | ~(se > 0)
    return np.where(bad, np.nan, p)


def z_test(estimate, reference, se_estimate, se_reference) -> np.ndarray:
    """Two-sided p-value of H0: estimate == reference with independent standard errors.

    Used where an area's counts are not enough to test (standardised rates, survey estimates):
    the area is part of the city, so the two are positively correlated and treating them as
    independent overstates the variance of the difference: the test is conservative.
    NaN where an input is missing or the combined SE is 0.
    """
    from scipy import special  # here: the pages import this module, most compute nothing

    a, b, sa, sb = (
        np.asarray(v, dtype=float) for v in (estimate, reference, se_estimate, se_reference)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(sa**2 + sb**2)
        p = 2 * special.ndtr(-np.abs((a - b) / se))
    return np.where(se > 0, p, np.nan)


def holm(p) -> np.ndarray:
    """Holm-adjusted p-values over one family of tests; NaN entries are no test and are left
    out of the family (R's `p.adjust(p, "holm")` on the non-missing values).

    For the m p-values of the family in ascending order p_(1) <= ... <= p_(m), the adjusted
    value of p_(i) is min(1, max over j <= i of (m - j + 1) p_(j)) (Holm 1979), computed as R's
    `p.adjust` does (`pmin(1, cummax((n - i + 1) * p[o]))[ro]`), so ties get the same value.
    Written out here, not taken from statsmodels: importing `statsmodels.stats.multitest` cost
    each page job about 1 CPU s, for these four lines (tests/unit/test_area_difference.py
    checks them against R and statsmodels).

    p: 1-d array-like of p-values in [0, 1] or NaN. Returns a float array of the same shape."""
    p = np.asarray(p, dtype=float)
    out = np.full_like(p, np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    if ok.size:
        order = ok[np.argsort(p[ok], kind="stable")]
        factor = np.arange(ok.size, 0, -1, dtype=float)  # m - i + 1 for i = 1..m
        out[order] = np.minimum(1.0, np.maximum.accumulate(factor * p[order]))
    return out
