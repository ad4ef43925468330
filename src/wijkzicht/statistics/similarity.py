"""Which wijken are like mine: nearest neighbours on standardised indicators.

Input is a wide table, one row per wijk (index: the wijk code) and one column per
published indicator, NaN where a value is suppressed or missing.

1. Standardise each indicator across wijken: z = (x - mean) / sd over the wijken with
   a value (sd with `ddof`, default 1). An indicator with fewer than 2 values or
   sd 0 carries no information and is left out (it does not count in P below).
2. Distance between wijken a and b over the C_ab indicators both have ("mean of the
   available squared differences, scaled to all P indicators"):

       d(a, b) = sqrt( P / C_ab * sum_{i in C_ab} (z_ai - z_bi)^2 )

   With complete data this is the plain Euclidean distance of the z-scores; with
   gaps it is the same expected scale (it equals scikit-learn's
   ``nan_euclidean_distances``). Pairs with C_ab < `min_common` get no distance and
   are never neighbours.
3. The k nearest wijken per wijk, ordered by distance and then by wijk code
   (ties are broken by code, so the result is deterministic). Distances are computed
   elementwise, so wijken with identical values have exactly equal distances.
4. Per pair, what the pages may say of it, on the common indicators, with one margin
   `alike_within` (default ALIKE_WITHIN = 0.5, half the spread between wijken):
   - alike in (`closest_indicators`): the `n_indicators` with the smallest |z_a - z_b|
     among those with |z_a - z_b| <= alike_within, ties broken by indicator name. An
     indicator on which the two lie further apart is never said to be alike, even when
     it is the closest they have (a reviewer read 'Binnenstad 28,0% is alike West 23,9%
     in brede definitie': |z| 0,68 apart, and West lower than the gemeente);
   - differ most in (`differing_indicators`): the `n_indicators` with the largest
     |z_a - z_b| among those with |z_a - z_b| > alike_within, ties broken by name.
   So no indicator is in both, and either may be empty. Half a standard deviation
   between wijken: on the default world's shares of children with a parent with
   problems (sd 6 points across wijken) about 3 points; every most-alike pair there is
   alike in at least one indicator.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["ALIKE_WITHIN", "indicator_zscores", "similar_wijken"]

# the largest difference of z-scores (in sd between wijken) at which two wijken are said to be
# alike in an indicator; above it they differ in it (step 4 of the module docstring)
ALIKE_WITHIN = 0.5
COLUMNS = ["wijk", "rank", "neighbour", "distance", "n_common", "closest_indicators",
           "differing_indicators"]  # fmt: skip


def indicator_zscores(table: pd.DataFrame, ddof: int = 1) -> pd.DataFrame:
    """Z-scores per indicator (column) across wijken (rows), NaN kept as NaN.

    Indicators with fewer than 2 values or zero spread are dropped. Columns come
    out sorted by name, rows by wijk code.
    """
    x = table.apply(pd.to_numeric, errors="raise").astype(float)
    x = x.sort_index().reindex(sorted(x.columns, key=str), axis=1)
    if not x.index.is_unique:
        raise ValueError("wijk codes (the index) must be unique")
    count = x.notna().sum()
    mean = x.mean()
    sd = x.std(ddof=ddof)
    keep = (count >= max(2, ddof + 1)) & (sd > 0)
    x = x.loc[:, keep]
    return (x - mean[keep]) / sd[keep]


def similar_wijken(
    table: pd.DataFrame,
    k: int = 5,
    n_indicators: int = 3,
    min_common: int | None = None,
    ddof: int = 1,
    alike_within: float = ALIKE_WITHIN,
) -> pd.DataFrame:
    """The k most similar wijken per wijk, with distances, the indicators they are alike in
    and those they differ most in.

    Parameters
    ----------
    table : wijk x indicator, index the wijk codes, NaN for suppressed values.
    k : neighbours per wijk (fewer when fewer wijken qualify).
    n_indicators : how many indicators to name per pair, alike and differing each.
    min_common : minimum number of indicators a pair must share; default half of
        the usable indicators, rounded up (at least 1).
    ddof : degrees of freedom of the sd in the z-scores.
    alike_within : the largest |z_a - z_b| at which a pair is alike in an indicator
        (module docstring, step 4).

    Returns
    -------
    DataFrame sorted by `wijk`, `rank` with columns `wijk`, `rank` (1 = most
    similar), `neighbour`, `distance`, `n_common` (indicators compared),
    `closest_indicators` (alike in: names joined by ";", most alike first, "" for none)
    and `differing_indicators` (differ most in: names joined by ";", largest difference
    first, "" for none).
    """
    z = indicator_zscores(table, ddof=ddof)
    codes = np.asarray(z.index.astype(str))
    names = list(z.columns.astype(str))
    zv = z.to_numpy(dtype=float)
    n_w, n_p = zv.shape
    if min_common is None:
        min_common = max(1, math.ceil(n_p / 2))
    # Code order for tie-breaking (the index is already sorted, but be explicit).
    code_rank = np.argsort(np.argsort(codes, kind="stable"), kind="stable")

    rows = []
    chunk = max(1, 2_000_000 // max(1, n_w * max(1, n_p)))
    for start in range(0, n_w, chunk):
        block = zv[start : start + chunk]
        diff = block[:, None, :] - zv[None, :, :]
        common = ~np.isnan(diff)
        n_common = common.sum(axis=2)
        ss = np.where(common, diff * diff, 0.0).sum(axis=2)
        with np.errstate(divide="ignore", invalid="ignore"):
            dist = np.sqrt(n_p / n_common * ss)
        for i in range(block.shape[0]):
            a = start + i
            valid = (n_common[i] >= min_common) & (np.arange(n_w) != a)
            cand = np.flatnonzero(valid)
            if cand.size == 0:
                continue
            order = cand[np.lexsort((code_rank[cand], dist[i, cand]))][:k]
            for r, b in enumerate(order, start=1):
                d_ab = np.abs(diff[i, b])
                avail = np.flatnonzero(~np.isnan(d_ab))
                # columns are sorted by name, so the column number is the name order
                close = avail[d_ab[avail] <= alike_within]
                far = avail[d_ab[avail] > alike_within]
                best = close[np.lexsort((close, d_ab[close]))]
                worst = far[np.lexsort((far, -d_ab[far]))]
                rows.append(
                    {
                        "wijk": codes[a],
                        "rank": r,
                        "neighbour": codes[b],
                        "distance": float(dist[i, b]),
                        "n_common": int(n_common[i, b]),
                        "closest_indicators": ";".join(names[j] for j in best[:n_indicators]),
                        "differing_indicators": ";".join(names[j] for j in worst[:n_indicators]),
                    }
                )
    out = pd.DataFrame(
        rows,
        columns=COLUMNS,
    )
    return out.sort_values(["wijk", "rank"], kind="stable").reset_index(drop=True)
