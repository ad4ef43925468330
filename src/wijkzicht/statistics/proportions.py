"""Binomial proportions with confidence intervals, vectorised over arrays of counts.

References
----------
Newcombe RG (1998). Two-sided confidence intervals for the single proportion:
comparison of seven methods. Statistics in Medicine 17:857-872 (method 3 is the
Wilson score interval without continuity correction, method 5 the Clopper-Pearson
"exact" interval).
Clopper CJ, Pearson ES (1934). The use of confidence or fiducial limits illustrated
in the case of the binomial. Biometrika 26:404-413.
"""

from __future__ import annotations

import numpy as np

Z95 = 1.959963984540054


def wilson(x, n, z: float = Z95):
    """Wilson score interval without continuity correction (Newcombe 1998, method 3).

    Returns (p, lower, upper, se) as float arrays; every entry is NaN where n == 0.
    `se` is sqrt(p (1 - p) / n), the usual binomial standard error (docs/rules.md#e1).
    """
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(n > 0, x / n, np.nan)
        z2 = z * z
        centre = (x + z2 / 2) / (n + z2)
        half = z * np.sqrt(n * p * (1 - p) + z2 / 4) / (n + z2)
        lower = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        upper = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
        se = np.where(n > 0, np.sqrt(p * (1 - p) / n), np.nan)
    return p, lower, upper, se


def clopper_pearson(x, n, alpha: float = 0.05):
    """Clopper-Pearson ("exact") interval (Newcombe 1998, method 5), vectorised.

    lower = Beta^-1(alpha/2; x, n - x + 1), 0 when x == 0;
    upper = Beta^-1(1 - alpha/2; x + 1, n - x), 1 when x == n.

    Returns (p, lower, upper, se) as float arrays, NaN where n == 0; `se` is the
    binomial sqrt(p (1 - p) / n) as in `wilson`.
    """
    from scipy import special  # here: the person-level jobs import this module, compute nothing

    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    if np.any(x < 0) or np.any(x > n):
        raise ValueError("clopper_pearson needs 0 <= x <= n")
    ok = n > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(ok, x / n, np.nan)
        # Out-of-domain shape parameters are replaced by 1 and overwritten below.
        a_lo = np.where(x > 0, x, 1.0)
        b_lo = np.where(ok, n - x + 1, 1.0)
        a_hi = np.where(ok, x + 1, 1.0)
        b_hi = np.where(x < n, n - x, 1.0)
        lower = np.where(x > 0, special.betaincinv(a_lo, b_lo, alpha / 2), 0.0)
        upper = np.where(x < n, special.betaincinv(a_hi, b_hi, 1 - alpha / 2), 1.0)
        lower = np.where(ok, lower, np.nan)
        upper = np.where(ok, upper, np.nan)
        se = np.where(ok, np.sqrt(p * (1 - p) / n), np.nan)
    return p, lower, upper, se
