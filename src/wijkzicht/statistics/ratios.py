"""Ratios of two proportions with intervals on the log scale (Katz et al. 1978)."""

from __future__ import annotations

import numpy as np

from wijkzicht.statistics.proportions import Z95


def ratio_katz(x1, n1, x0, n0, z: float = Z95):
    """Ratio (x1/n1) / (x0/n0) with the Katz log interval (docs/rules.md#e4).

    se of log ratio = sqrt(1/x1 - 1/n1 + 1/x0 - 1/n0); interval exp(log r -+ z se).
    Returns (ratio, lower, upper, se). The ratio is NaN without a reference share
    (x0 or a denominator 0); se and interval are NaN when either numerator is 0.
    """
    x1, n1, x0, n0 = (np.asarray(a, dtype=float) for a in (x1, n1, x0, n0))
    defined = (x0 > 0) & (n1 > 0) & (n0 > 0)
    ok = defined & (x1 > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(defined, (x1 / n1) / (x0 / n0), np.nan)
        se = np.where(ok, np.sqrt(1 / x1 - 1 / n1 + 1 / x0 - 1 / n0), np.nan)
        lo = np.where(ok, np.exp(np.log(r) - z * se), np.nan)
        hi = np.where(ok, np.exp(np.log(r) + z * se), np.nan)
    return r, lo, hi, se
