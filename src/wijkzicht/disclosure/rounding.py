"""Optional rounding of published counts to a base, with Wilson estimates recomputed from the rounded counts.

Off by default (`base=None`). Each published count is rounded on its own to the
nearest multiple of `base`, halves up, so a rounded table need no longer add up
exactly: that is the point, and the reason it runs after suppression (the primary rule
and the audit read the true counts). Rounding keeps n_numerator <= n_denominator,
since it is monotone.

`numerator`/`denominator` are rounded where they are person counts (equal to their
`n_` columns); weighted survey sums stay as they are. Rows with method `wilson` get
value, interval and se recomputed from the rounded counts; other methods (standardised
rates, survey estimates, ratios) cannot be recomputed from counts and keep their
estimates.

Weighted survey sums are rounded on their own (`round_weighted_sums`, config
`disclosure.weighted_sum_base`, 10 by default): they estimate a number of adults, and to
ten digits they are sums of a few post-stratification weights whose make-up (how many
respondents of each weight class) can be worked back (docs/rules.md#e3).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from wijkzicht.statistics.proportions import wilson

COUNTS = ("numerator", "denominator", "n_numerator", "n_denominator")
#: the methods whose `numerator` and `denominator` are sums of survey weights (docs/rules.md#e3)
WEIGHTED_METHODS = ("survey_taylor",)


def round_to_base(x: ArrayLike, base: int) -> np.ndarray:
    """Nearest multiple of `base`, halves up (12.5 -> 15 with base 5); NaN stays NaN."""
    x = np.asarray(x, dtype=float)
    return np.floor(x / base + 0.5) * base


def rounded_range(published: ArrayLike, base: int | None) -> tuple[np.ndarray, np.ndarray]:
    """The least and the greatest whole count that `round_to_base` publishes as `published`.

    A count x becomes r when r - base/2 <= x < r + base/2 (halves up), so a published r
    stands for ceil(r - base/2) to ceil(r + base/2) - 1, and a count of persons is 0 or
    more: with base 5, 10 stands for 8 to 12 and 0 for 0 to 2. A value that is no multiple
    of `base` was not rounded and stands for itself, as every value does without rounding
    (base None, 0 or 1); NaN stays NaN. The export gate reads a rounded table's counts so
    (`gate.populations_given_back`): the exact relations of the true counts (residents =
    adults + children + those without an age) need not hold for the rounded ones."""
    r = np.asarray(published, dtype=float)
    if base is None or base <= 1:
        return r.copy(), r.copy()
    if int(base) != base:
        raise ValueError(f"rounding base must be a whole number, not {base!r}")
    rounded = np.isclose(np.mod(r, base), 0) | np.isclose(np.mod(r, base), base)
    with np.errstate(invalid="ignore"):
        low = np.where(rounded, np.maximum(np.ceil(r - base / 2), 0), r)
        high = np.where(rounded, np.ceil(r + base / 2) - 1, r)
    return low, high


def round_counts(
    df: pd.DataFrame, base: int | None = None, *, recompute_methods: tuple[str, ...] = ("wilson",)
) -> pd.DataFrame:
    """The table with the counts of published rows rounded to `base` (unchanged when base is None or 1)."""
    out = df.copy()
    if base is None or base <= 1:
        return out
    if int(base) != base:
        raise ValueError(f"rounding base must be a whole number, not {base!r}")
    published = (
        (out["status"] == "ok").to_numpy() if "status" in out else np.ones(len(out), dtype=bool)
    )
    num = {c: _numeric(out, c) for c in COUNTS if c in out}
    persons = published.copy()
    for raw, n in (("numerator", "n_numerator"), ("denominator", "n_denominator")):
        if raw in num and n in num:
            persons &= num[raw] == num[n]
        else:
            persons[:] = False
    for c, values in num.items():
        where = persons if c in ("numerator", "denominator") else published
        num[c] = np.where(where & ~np.isnan(values), round_to_base(values, base), values)
        out[c] = _like(out[c], num[c])
    if "method" in out and {"numerator", "denominator"} <= num.keys():
        redo = persons & out["method"].isin(recompute_methods).to_numpy()
        fresh = wilson(num["numerator"], num["denominator"])
        for c, v in zip(("value", "ci_lower", "ci_upper", "se"), fresh, strict=True):
            if c in out:
                out[c] = np.where(redo, v, _numeric(out, c))
    return out


def round_weighted_sums(df: pd.DataFrame, base: int) -> pd.DataFrame:
    """The table with the weighted sums of published survey rows rounded to `base`.

    `numerator` and `denominator` of rows with a method in `WEIGHTED_METHODS` and status
    `ok` become the nearest multiple of `base` (halves up, `round_to_base`); every other
    column and row is unchanged, the estimate, interval and se too (they were computed from
    the unrounded sums). Base 0 or 1 rounds to whole numbers, since a sum of weights to ten
    digits is no estimate of a number of persons but a trace of the weights in it.

    Raises ValueError for a base that is negative or not a whole number.
    """
    if base < 0 or int(base) != base:
        raise ValueError(f"weighted sum base must be a whole number of 0 or more, not {base!r}")
    out = df.copy()
    rows = out["method"].isin(WEIGHTED_METHODS).to_numpy()
    if "status" in out:
        rows = rows & (out["status"] == "ok").to_numpy()
    for c in ("numerator", "denominator"):
        values = _numeric(out, c)
        out[c] = _like(out[c], np.where(rows, round_to_base(values, max(int(base), 1)), values))
    return out


def _numeric(df: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(df[column], errors="coerce").to_numpy(dtype=float)


def _like(column: pd.Series, values: np.ndarray) -> pd.Series:
    """Rounded values in the column's own integer dtype where that dtype can hold them."""
    series = pd.Series(values, index=column.index, name=column.name)
    if pd.api.types.is_integer_dtype(column.dtype) and not np.isnan(values).any():
        return series.astype(column.dtype)
    return series
