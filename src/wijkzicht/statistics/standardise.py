"""Direct standardisation with the gamma interval of Fay & Feuer (1997).

The computation follows epitools' `ageadjust.direct` (Aragon, Fay et al., R package
epitools 0.5-10) line for line, with two rules added (docs/rules.md#e2):

* a stratum with no persons in a domain (n_k == 0) is dropped for that domain and
  the standard weights are renormalised over the remaining strata;
* with no events at all the lower bound is 0 (epitools gives NaN there).

For a domain with strata k (persons n_k > 0, events d_k, standard weights w_k
summing to 1 over the used strata):

    rate  = sum_k w_k d_k / n_k
    var   = sum_k w_k^2 d_k / n_k^2,          se = sqrt(var)
    w_M   = max_k w_k / n_k                    (over the used strata)
    lower = Gamma^-1(alpha/2;     shape rate^2 / var,             scale var / rate)
    upper = Gamma^-1(1 - alpha/2; shape (rate + w_M)^2 / (var + w_M^2),
                                  scale (var + w_M^2) / (rate + w_M))

References
----------
Fay MP, Feuer EJ (1997). Confidence intervals for directly standardized rates: a
method based on the gamma distribution. Statistics in Medicine 16:791-801.
Aragon TJ et al. epitools: Epidemiology Tools, function `ageadjust.direct`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["dsr_gamma", "direct_standardise"]


def _gamma_ppf(q, shape, scale):
    """Quantile q of the gamma distribution (shape, scale), as scipy.stats.gamma.ppf (the same
    incomplete-gamma inverse, bit for bit; NaN where shape or scale is not positive), without
    importing scipy.stats (a second or more at every job's start)."""
    from scipy import special  # here: the person-level jobs import this module, compute nothing

    shape, scale = np.asarray(shape, dtype=float), np.asarray(scale, dtype=float)
    valid = (shape > 0) & (scale > 0)
    return np.where(valid, special.gammaincinv(np.where(valid, shape, 1.0), q) * scale, np.nan)


def dsr_gamma(d, n, w, alpha: float = 0.05) -> dict[str, np.ndarray]:
    """Directly standardised rate with the Fay-Feuer gamma interval, on arrays.

    `d`, `n` and `w` (events, persons, standard population or weights) broadcast to a
    common shape whose LAST axis is the strata; every leading axis is a separate
    domain, so one call handles many domains (or simulation replicates) at once.
    Strata with n == 0 are dropped per domain and `w` renormalised over the rest.

    Returns a dict of arrays over the leading axes: `rate`, `lower`, `upper`, `se`,
    `events` (sum d), `persons` (sum n), `crude` (events / persons) and
    `strata_used`. A domain without persons, or whose used strata all have standard
    weight 0, gets NaN for rate, interval and se.
    """
    d, n, w = np.broadcast_arrays(
        np.asarray(d, dtype=float), np.asarray(n, dtype=float), np.asarray(w, dtype=float)
    )
    if np.any(d < 0) or np.any(n < 0) or np.any(w < 0):
        raise ValueError("events, persons and standard weights must be >= 0")
    if np.any(~np.isfinite(d) | ~np.isfinite(n) | ~np.isfinite(w)):
        raise ValueError("events, persons and standard weights must be finite")
    if np.any((n == 0) & (d > 0)):
        raise ValueError("a stratum with events must have persons (n > 0)")
    used = n > 0
    w_used = np.where(used, w, 0.0)
    total_w = w_used.sum(axis=-1)
    events = d.sum(axis=-1)
    persons = n.sum(axis=-1)
    ok = total_w > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        ws = w_used / np.where(ok, total_w, 1.0)[..., None]
        safe_n = np.where(used, n, 1.0)
        rate = np.sum(ws * d / safe_n, axis=-1)
        var = np.sum(ws**2 * d / safe_n**2, axis=-1)
        wm = np.max(np.where(used, ws / safe_n, 0.0), axis=-1)
        positive = var > 0
        shape_lo = np.where(positive, rate**2 / np.where(positive, var, 1.0), 1.0)
        scale_lo = np.where(positive, var / np.where(rate > 0, rate, 1.0), 1.0)
        lower = np.where(positive, _gamma_ppf(alpha / 2, shape_lo, scale_lo), 0.0)
        vm = var + wm**2
        rm = rate + wm
        upper = _gamma_ppf(
            1 - alpha / 2,
            np.where(ok, rm**2 / np.where(ok, vm, 1.0), 1.0),
            scale=np.where(ok, vm / np.where(ok, rm, 1.0), 1.0),
        )
        crude = np.where(persons > 0, events / np.where(persons > 0, persons, 1.0), np.nan)
    nan = np.full(rate.shape, np.nan)
    return {
        "events": events,
        "persons": persons,
        "crude": crude,
        "rate": np.where(ok, rate, nan),
        "lower": np.where(ok, lower, nan),
        "upper": np.where(ok, upper, nan),
        "se": np.where(ok, np.sqrt(var), nan),
        "strata_used": used.sum(axis=-1),
    }


def direct_standardise(
    data: pd.DataFrame,
    by: Sequence[str],
    stratum: str | Sequence[str],
    events: str = "d",
    persons: str = "n",
    standard: str | Mapping | pd.Series = "w",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Directly standardised shares per domain, from a long table of stratum counts.

    Parameters
    ----------
    data : one row per domain x stratum (several rows for one cell are summed);
        a stratum missing for a domain counts as n == 0 there.
    by : the domain columns (e.g. ["area_code", "group_value"]); [] for one domain.
        Rows with a missing domain value belong to no domain.
    stratum : the stratum column(s) (e.g. ["leeftijd", "geslacht"]).
    events, persons : columns of events d_k and persons n_k.
    standard : the standard population per stratum, either a column of `data`
        (constant within a stratum: checked) or a mapping / Series from the stratum
        (a tuple for several stratum columns) to its size or weight. Only the relative
        sizes matter; they are renormalised over the strata used in each domain.
    alpha : 1 - confidence level.

    Returns
    -------
    DataFrame with the `by` columns and `numerator` (sum d), `denominator` (sum n),
    `crude` (crude rate), `value` (standardised rate), `ci_lower`, `ci_upper` (gamma
    interval, Fay & Feuer 1997 as epitools' ageadjust.direct), `se`
    (sqrt(sum w_k^2 d_k / n_k^2)) and `strata_used`; sorted by `by`.
    """
    by = list(by)
    strata_cols = [stratum] if isinstance(stratum, str) else list(stratum)
    df = data
    if df[strata_cols].isna().any().any():
        raise ValueError("stratum values must not be missing")
    if isinstance(standard, str):
        std_by_stratum = df.groupby(strata_cols, sort=True)[standard].agg(["min", "max"])
        if (std_by_stratum["min"] != std_by_stratum["max"]).any():
            raise ValueError(f"standard column {standard!r} differs within a stratum")
        std = std_by_stratum["min"]
    else:
        std = pd.Series(standard, dtype=float)
        if len(strata_cols) > 1 and not isinstance(std.index, pd.MultiIndex):
            std.index = pd.MultiIndex.from_tuples(list(std.index), names=strata_cols)
        else:
            std.index = std.index.set_names(strata_cols)
        std = std.sort_index()
    key = "__domain__"
    work = df[by + strata_cols + [events, persons]].copy()
    if by:
        work = work.dropna(subset=by)
        codes, uniques = _factorize_rows(work, by)
    else:
        codes = np.zeros(len(work), dtype=np.int64)
        uniques = pd.DataFrame(index=[0])
    work[key] = codes
    cells = work.groupby([key, *strata_cols], sort=True, observed=True)[[events, persons]].sum()
    strata_index = std.index
    missing = cells.index.droplevel(0).unique().difference(strata_index)
    if len(missing):
        raise ValueError(f"strata without a standard population: {list(missing)[:5]}")
    n_dom = len(uniques)
    k = len(strata_index)
    dmat = np.zeros((n_dom, k))
    nmat = np.zeros((n_dom, k))
    row = cells.index.get_level_values(0).to_numpy()
    col = strata_index.get_indexer(cells.index.droplevel(0))
    dmat[row, col] = cells[events].to_numpy(dtype=float)
    nmat[row, col] = cells[persons].to_numpy(dtype=float)
    res = dsr_gamma(dmat, nmat, std.to_numpy(dtype=float)[None, :], alpha=alpha)
    out = uniques.reset_index(drop=True).copy() if by else pd.DataFrame(index=range(1))
    out["numerator"] = res["events"]
    out["denominator"] = res["persons"]
    out["crude"] = res["crude"]
    out["value"] = res["rate"]
    out["ci_lower"] = res["lower"]
    out["ci_upper"] = res["upper"]
    out["se"] = res["se"]
    out["strata_used"] = res["strata_used"]
    return out


def _factorize_rows(df: pd.DataFrame, cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Codes 0..m-1 for the distinct rows of df[cols], in sorted order, and the rows."""
    grouped = df.groupby(cols, sort=True, observed=True)
    codes = grouped.ngroup().to_numpy()
    uniques = grouped.size().index.to_frame(index=False)
    return codes, uniques
