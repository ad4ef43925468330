"""Binomial proportions with confidence intervals, vectorised over arrays of counts."""

from __future__ import annotations

import numpy as np

Z95 = 1.959963984540054


def wilson(x, n, z: float = Z95):
    """Wilson score interval without continuity correction (Newcombe 1998, method 3).

    Returns (p, lower, upper, se) as float arrays; every entry is NaN where n == 0.
    `se` is sqrt(p (1 - p) / n), the usual binomial standard error (measures.md rule 15).
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
