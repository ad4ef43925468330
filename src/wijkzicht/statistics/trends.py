"""Change per year and tests for trend, vectorised over many series at once.

Counts (x_t events among n_t persons in year t): `trend_counts`
    A binomial GLM with logit link and year as a linear term,
        logit P(event in year t) = a + b * t,
    fitted by maximum likelihood (Newton-Raphson, vectorised over series). We report
    the ODDS RATIO PER YEAR exp(b) with the Wald interval exp(b +- z se(b)) and the
    Wald p-value of b = 0, exactly as R's ``summary(glm(cbind(x, n - x) ~ year,
    family = binomial))`` and ``confint.default``. Beside it, the Cochran-Armitage
    chi-squared test for trend in proportions, as R's ``prop.trend.test(x, n, score =
    year)`` (a score test: it exists also when the GLM does not converge).
    Where the maximum likelihood estimate does not exist (no events at all, only
    events, or perfect separation over the years) the GLM columns are NaN.

Survey estimates (estimate_t with standard error se_t): `trend_estimates`
    Weighted least squares of the estimate on year with weights 1 / se_t^2. The slope
    is the change per year on the scale of the estimate (for a proportion:
    proportion points per year). ``scale="known"`` (default) treats the se_t as known
    sampling errors: se(slope) = 1 / sqrt(sum w_t (t - tbar_w)^2), normal interval
    and z test (meta-regression with known variances). ``scale="estimated"``
    multiplies the variance by the residual mean square sum w r^2 / (T - 2) and uses
    t with T - 2 df, as R's ``lm(estimate ~ year, weights = 1 / se^2)``; it needs at
    least 3 years.

References
----------
Agresti A (2013). Categorical Data Analysis, 3rd ed., sections 5.3 (logistic trend)
and 3.4.7 (Cochran-Armitage trend test). Wiley.
Armitage P (1955). Tests for linear trends in proportions and frequencies.
Biometrics 11:375-386.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["trend_counts", "trend_estimates"]


def trend_counts(
    data: pd.DataFrame,
    year: str = "year",
    events: str = "x",
    persons: str = "n",
    by: Sequence[str] = (),
    level: float = 0.95,
    max_iter: int = 100,
) -> pd.DataFrame:
    """Logistic trend (odds ratio per year) and Cochran-Armitage test per series.

    `data` has one row per series x year (years with n == 0 carry no information and
    are ignored); `by` names the series columns ([] for a single series).

    Returns one row per series: the `by` columns, `n_years` (with n > 0),
    `numerator`, `denominator` (summed over the years), `log_or_per_year` (b),
    `se` (of b), `odds_ratio_per_year`, `ci_lower`, `ci_upper`, `p_value` (Wald),
    `converged`, `chisq_trend` and `p_trend` (Cochran-Armitage / prop.trend.test).
    """
    from scipy import special  # here: the pages import this module, most compute nothing

    by = list(by)
    df = data.loc[(pd.to_numeric(data[persons]) > 0) & data[by].notna().all(axis=1)]
    g, keys = _codes(df, by)
    t = df[year].to_numpy(dtype=float)
    x = df[events].to_numpy(dtype=float)
    n = df[persons].to_numpy(dtype=float)
    if np.any((x < 0) | (x > n)):
        raise ValueError("events must lie between 0 and persons")
    m = len(keys)
    cnt = np.bincount(g, minlength=m)
    sn = np.bincount(g, weights=n, minlength=m)
    sx = np.bincount(g, weights=x, minlength=m)
    # Centre the year per series (n-weighted): b is unchanged, conditioning is better.
    tbar = np.bincount(g, weights=n * t, minlength=m) / np.where(sn > 0, sn, 1.0)
    c = t - tbar[g]
    sxx_n = np.bincount(g, weights=n * c * c, minlength=m)
    distinct = sxx_n > 0
    pbar = sx / np.where(sn > 0, sn, 1.0)
    fit_ok = distinct & (sx > 0) & (sx < sn)

    a = special.logit(np.clip(pbar, 1e-12, 1 - 1e-12))
    b = np.zeros(m)
    converged = np.zeros(m, dtype=bool)
    i_aa = i_ab = i_bb = np.ones(m)
    for _ in range(max_iter):
        p = special.expit(a[g] + b[g] * c)
        r = x - n * p
        wgt = n * p * (1 - p)
        u_a = np.bincount(g, weights=r, minlength=m)
        u_b = np.bincount(g, weights=r * c, minlength=m)
        i_aa = np.bincount(g, weights=wgt, minlength=m)
        i_ab = np.bincount(g, weights=wgt * c, minlength=m)
        i_bb = np.bincount(g, weights=wgt * c * c, minlength=m)
        det = i_aa * i_bb - i_ab**2
        with np.errstate(divide="ignore", invalid="ignore"):
            step_a = (i_bb * u_a - i_ab * u_b) / det
            step_b = (i_aa * u_b - i_ab * u_a) / det
        active = fit_ok & ~converged & np.isfinite(step_a) & np.isfinite(step_b)
        a = np.where(active, a + step_a, a)
        b = np.where(active, b + step_b, b)
        small = (np.abs(step_a) <= 1e-12 * (1 + np.abs(a))) & (
            np.abs(step_b) <= 1e-12 * (1 + np.abs(b))
        )
        converged |= active & small
        if not np.any(fit_ok & ~converged):
            break
    # Final information at the converged estimate.
    p = special.expit(a[g] + b[g] * c)
    wgt = n * p * (1 - p)
    i_aa = np.bincount(g, weights=wgt, minlength=m)
    i_ab = np.bincount(g, weights=wgt * c, minlength=m)
    i_bb = np.bincount(g, weights=wgt * c * c, minlength=m)
    good = converged & fit_ok & (np.abs(b) < 50)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(i_aa / (i_aa * i_bb - i_ab**2))
    z = special.ndtri(1 - (1 - level) / 2)
    b = np.where(good, b, np.nan)
    se = np.where(good, se, np.nan)

    # Cochran-Armitage (prop.trend.test): regression of x/n on year, weights n/(p(1-p)).
    num = np.bincount(g, weights=c * (x - n * pbar[g]), minlength=m)
    with np.errstate(divide="ignore", invalid="ignore"):
        chisq = num**2 / (pbar * (1 - pbar) * sxx_n)
    chisq = np.where(distinct & (sx > 0) & (sx < sn), chisq, np.nan)

    out = keys.copy()
    out["n_years"] = cnt
    out["numerator"] = sx
    out["denominator"] = sn
    out["log_or_per_year"] = b
    out["se"] = se
    out["odds_ratio_per_year"] = np.exp(b)
    out["ci_lower"] = np.exp(b - z * se)
    out["ci_upper"] = np.exp(b + z * se)
    out["p_value"] = 2 * special.ndtr(-np.abs(b / se))
    out["converged"] = good
    out["chisq_trend"] = chisq
    out["p_trend"] = special.chdtrc(1, chisq)
    return out


def trend_estimates(
    data: pd.DataFrame,
    year: str = "year",
    estimate: str = "value",
    se: str = "se",
    by: Sequence[str] = (),
    level: float = 0.95,
    scale: str = "known",
) -> pd.DataFrame:
    """Weighted least squares trend of estimates with standard errors, per series.

    Rows with a missing estimate, or an se that is missing or <= 0, are ignored.
    Returns one row per series: the `by` columns, `n_years`, `slope` (change per
    year), `se` (of the slope), `ci_lower`, `ci_upper`, `p_value`, `df` (inf for
    ``scale="known"``).
    """
    from scipy import special  # here: the pages import this module, most compute nothing

    if scale not in ("known", "estimated"):
        raise ValueError("scale must be 'known' or 'estimated'")
    by = list(by)
    est = pd.to_numeric(data[estimate])
    s = pd.to_numeric(data[se])
    df = data.loc[est.notna() & s.notna() & (s > 0) & data[by].notna().all(axis=1)]
    g, keys = _codes(df, by)
    t = df[year].to_numpy(dtype=float)
    yv = pd.to_numeric(df[estimate]).to_numpy(dtype=float)
    w = 1.0 / pd.to_numeric(df[se]).to_numpy(dtype=float) ** 2
    m = len(keys)
    cnt = np.bincount(g, minlength=m)
    sw = np.bincount(g, weights=w, minlength=m)
    tbar = np.bincount(g, weights=w * t, minlength=m) / np.where(sw > 0, sw, 1.0)
    ybar = np.bincount(g, weights=w * yv, minlength=m) / np.where(sw > 0, sw, 1.0)
    c = t - tbar[g]
    sxx = np.bincount(g, weights=w * c * c, minlength=m)
    sxy = np.bincount(g, weights=w * c * (yv - ybar[g]), minlength=m)
    ok = sxx > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.where(ok, sxy / sxx, np.nan)
        var = 1.0 / sxx
        if scale == "estimated":
            resid = yv - ybar[g] - slope[g] * c
            rss = np.bincount(g, weights=w * resid * resid, minlength=m)
            dof = (cnt - 2).astype(float)
            var = np.where(dof > 0, var * rss / dof, np.nan)
            q = np.where(
                dof > 0, special.stdtrit(np.where(dof > 0, dof, 1), 1 - (1 - level) / 2), np.nan
            )
        else:
            dof = np.full(m, np.inf)
            q = np.full(m, special.ndtri(1 - (1 - level) / 2))
        se_slope = np.where(ok, np.sqrt(var), np.nan)
        tstat = slope / se_slope
    if scale == "estimated":
        p = np.where(dof > 0, 2 * special.stdtr(np.where(dof > 0, dof, 1), -np.abs(tstat)), np.nan)
    else:
        p = 2 * special.ndtr(-np.abs(tstat))
    out = keys.copy()
    out["n_years"] = cnt
    out["slope"] = slope
    out["se"] = se_slope
    out["ci_lower"] = slope - q * se_slope
    out["ci_upper"] = slope + q * se_slope
    out["p_value"] = p
    out["df"] = dof
    return out


def _codes(df: pd.DataFrame, by: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    if not by:
        return np.zeros(len(df), dtype=np.int64), pd.DataFrame(index=range(1))
    grouped = df.groupby(by, sort=True, observed=True)
    return grouped.ngroup().to_numpy(), grouped.size().index.to_frame(index=False)
