"""Design-based domain estimates for a stratified single-stage design, with replacement.

The design is R's ``svydesign(ids = ~1, strata = ~STRATUM, weights = ~WEIGHT)``: every
respondent is its own primary sampling unit (PSU), strata are sampled independently
and with replacement (no finite population correction). A domain (an area, a group,
population membership, "has an outcome") is estimated over the WHOLE design, as R's
``svyby``/``subset``/``svymean(na.rm = TRUE)`` do: a respondent outside the domain,
or without an outcome, stays in the design with influence 0, so every stratum keeps
its full number of PSUs n_h (docs/rules.md#e3).

Estimator and variance (Taylor linearisation of the ratio estimator)
--------------------------------------------------------------------
For domain g with indicator delta_gi (in the domain and outcome observed):

    numerator   Y_g = sum_i delta_gi w_i y_i        denominator  W_g = sum_i delta_gi w_i
    estimate    p_g = Y_g / W_g
    influence   z_gi = delta_gi w_i (y_i - p_g) / W_g
    variance    v_g = sum_h n_h / (n_h - 1) * sum_{i in h} (z_gi - zbar_gh)^2,
                zbar_gh = (1 / n_h) sum_{i in h} z_gi   (over ALL n_h units of stratum h)

which is ``svyrecvar`` of survey 4.x for this design (Lumley 2010, ch. 2-3; Särndal,
Swensson & Wretman 1992, result 5.6.1 and ch. 10 on domains).

Strata with a single PSU (``lonely_psu``), exactly as R's ``options(survey.lonely.psu=)``
(R's ``onestrat``; survey 4.x, ``?surveyoptions``). A stratum is lonely when the whole
design has one respondent in it (n_h = 1):

* ``"fail"`` (R's default): raise `LonelyStratumError` for an estimate whose domain has
  a respondent in a lonely stratum (as R stops there; a lonely stratum that no domain
  touches, e.g. its respondent is outside the population, is no error, as in R).
* ``"remove"``: the stratum contributes 0 to the variance (its PSU is centred at its own
  mean). Its respondent still counts in the estimate and in the weighted sums.
* ``"certainty"``: the stratum is taken as a certainty PSU, sampled with probability 1:
  it too contributes 0. The numbers equal ``"remove"`` (in R's ``onestrat`` the two are
  the same expression); the names say why the variance is left out.
* ``"adjust"``: the stratum's one influence value is centred at the grand mean instead of
  the stratum mean; the influences of a domain sum to 0 over the design, so it adds
  z^2 (scale 1, not n_h / (n_h - 1)). Conservative: it adds variance where "remove" adds
  none. The pipeline's default (config key ``survey.lonely_psu``, config/README.md).
* R's ``"average"`` is not offered.

Degrees of freedom: a lonely stratum adds one PSU and one stratum, so 0 (R's ``degf``).

Lonely within a domain (``options(survey.adjust.domain.lonely=)``): a stratum with n_h > 1
respondents of whom only one is in a domain is NOT lonely here. Domains are estimated over
the whole design: the other n_h - 1 units enter with influence 0, the stratum is centred
at its mean over all n_h, with scale n_h / (n_h - 1), whatever `lonely_psu` says. That is
R's default ``survey.adjust.domain.lonely = FALSE`` and is what we match (with TRUE and
"adjust" R would not centre such a domain's stratum; that option is not offered).

Interval for a proportion: the logit interval of R's ``svyciprop(method = "logit")``
-----------------------------------------------------------------------------------
    expit( logit(p) +- t_{df, 1 - alpha/2} * se / (p (1 - p)) )

with df = R's ``degf`` of the domain: the number of respondents in the domain (with an
outcome) minus the number of strata they come from. It stays inside (0, 1) and is
asymmetric near 0 and 1. When p is exactly 0 or 1 the logit interval does not exist
(se = 0); we then give the Clopper-Pearson interval on the unweighted counts
(n_numerator of n_denominator), i.e. the Korn & Graubard (1998) interval with design
effect 1, and mark it in ``ci_method`` (``"logit"`` or ``"clopper_pearson"``).

References
----------
Lumley T (2010). Complex Surveys: A Guide to Analysis Using R. Wiley.
Lumley T. survey: analysis of complex survey samples. R package 4.x
(svydesign, svyby, svymean, svyciprop, svyrecvar, degf).
Korn EL, Graubard BI (1998). Confidence intervals for proportions with small expected
number of positive counts estimated from survey data. Survey Methodology 24:193-201.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from wijkzicht.errors import WijkzichtError
from wijkzicht.statistics.proportions import clopper_pearson

__all__ = [
    "DEFAULT_LONELY_PSU",
    "LONELY_PSU",
    "LonelyStratumError",
    "design_summary",
    "lonely_strata",
    "survey_mean",
    "survey_proportion",
]

LONELY_PSU = ("fail", "remove", "certainty", "adjust")
# The pipeline's default for config key survey.lonely_psu (the config schema says the same;
# a test checks it). The estimators themselves default to R's "fail".
DEFAULT_LONELY_PSU = "adjust"


class LonelyStratumError(WijkzichtError, ValueError):
    """A stratum with a single respondent (a lonely PSU) under lonely_psu = "fail"."""

    def __init__(self, strata: Sequence, message: str | None = None):
        self.strata = [str(s) for s in strata]
        if message is None:
            shown = ", ".join(repr(s) for s in self.strata[:10])
            message = (
                f"stratum {shown} has a single PSU (one respondent): with lonely_psu='fail' "
                '(R\'s survey.lonely.psu = "fail") no variance can be estimated for it; '
                "choose lonely_psu='adjust', 'remove' or 'certainty', or merge strata"
            )
        super().__init__(message)


def lonely_strata(data: pd.DataFrame, strata: str = "STRATUM") -> list[str]:
    """The strata with a single row (one respondent, one PSU) in the design, sorted."""
    counts = data[strata].astype(str).value_counts()
    return sorted(counts.index[counts == 1])


def design_summary(
    data: pd.DataFrame, strata: str = "STRATUM", lonely_psu: str = DEFAULT_LONELY_PSU
) -> dict:
    """What a release states about a design: its number of strata, the strata with a single
    respondent and how they were treated (`lonely_psu`)."""
    _check_option(lonely_psu)
    return {
        "strata": int(data[strata].nunique()),
        "lonely_strata": lonely_strata(data, strata),
        "lonely_psu": lonely_psu,
    }


def _check_option(lonely_psu: str) -> None:
    if lonely_psu not in LONELY_PSU:
        raise ValueError(f"lonely_psu must be one of {LONELY_PSU}, not {lonely_psu!r}")


def survey_proportion(
    data: pd.DataFrame,
    outcome: str,
    weight: str = "WEIGHT",
    strata: str = "STRATUM",
    by: Sequence[str] = (),
    where=None,
    level: float = 0.95,
    lonely_psu: str = "fail",
) -> pd.DataFrame:
    """Weighted domain proportions of a 0/1 outcome with Taylor-linearised SEs.

    Parameters
    ----------
    data : one row per respondent: the WHOLE design (every row of the survey wave).
    outcome : a 0/1 column; missing (NaN/None) = no outcome: out of every domain but
        still in the design.
    weight, strata : the design weight (> 0) and stratum columns.
    by : domain columns; one output row per combination present among respondents
        with an outcome. A missing value in a `by` column puts the row in no domain.
        () gives one domain, the whole population (or `where`).
    where : optional boolean mask (array-like or column name) restricting every
        domain, e.g. population membership; rows outside stay in the design.
    level : confidence level of the interval.
    lonely_psu : see the module docstring.

    Returns
    -------
    DataFrame, sorted by `by`: the `by` columns, `numerator` (sum w y),
    `denominator` (sum w), `n_numerator` (respondents with y == 1),
    `n_denominator` (respondents), `value`, `se`, `df`, `ci_lower`, `ci_upper`,
    `ci_method`. Matches R's svyby(~y, ~by, design, svymean) and
    svyciprop(method = "logit") (tests/r/survey_check.R).
    """
    from scipy import special  # here: the person-level jobs import this module, compute nothing

    y = _outcome(data, outcome)
    ok = ~np.isnan(y)
    if np.any((y[ok] != 0) & (y[ok] != 1)):
        raise ValueError(f"outcome {outcome!r} must be 0/1 (or missing)")
    out = _domain_estimates(data, y, weight, strata, by, where, lonely_psu)
    p = out["value"].to_numpy()
    se = out["se"].to_numpy()
    df = out["df"].to_numpy(dtype=float)
    q = _t_quantile(level, df)
    interior = (p > 0) & (p < 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        logit = special.logit(np.where(interior, p, 0.5))
        half = q * se / (p * (1 - p))
        lo = special.expit(logit - half)
        hi = special.expit(logit + half)
    _, cp_lo, cp_hi, _ = clopper_pearson(
        out["n_numerator"].to_numpy(), out["n_denominator"].to_numpy(), alpha=1 - level
    )
    out["ci_lower"] = np.where(interior, lo, cp_lo)
    out["ci_upper"] = np.where(interior, hi, cp_hi)
    out["ci_method"] = np.where(interior, "logit", "clopper_pearson")
    return out


def survey_mean(
    data: pd.DataFrame,
    outcome: str,
    weight: str = "WEIGHT",
    strata: str = "STRATUM",
    by: Sequence[str] = (),
    where=None,
    level: float = 0.95,
    lonely_psu: str = "fail",
) -> pd.DataFrame:
    """Weighted domain means of a numeric outcome (e.g. the K10 score).

    Same design, domains and columns as `survey_proportion`; `n_numerator` counts
    respondents with a non-zero outcome. The interval is mean +- t_{df} se, as R's
    ``confint(svymean(...), df = degf(design))``.
    """
    y = _outcome(data, outcome)
    out = _domain_estimates(data, y, weight, strata, by, where, lonely_psu)
    q = _t_quantile(level, out["df"].to_numpy(dtype=float))
    out["ci_lower"] = out["value"] - q * out["se"]
    out["ci_upper"] = out["value"] + q * out["se"]
    out["ci_method"] = "t"
    return out


def _outcome(data: pd.DataFrame, outcome: str) -> np.ndarray:
    return pd.to_numeric(data[outcome], errors="raise").to_numpy(dtype=float, na_value=np.nan)


def _t_quantile(level: float, df: np.ndarray) -> np.ndarray:
    from scipy import special  # here: the person-level jobs import this module, compute nothing

    with np.errstate(invalid="ignore"):
        return np.where(
            df > 0, special.stdtrit(np.where(df > 0, df, 1), 1 - (1 - level) / 2), np.nan
        )


def _domain_estimates(data, y, weight, strata, by, where, lonely_psu) -> pd.DataFrame:
    _check_option(lonely_psu)
    by = list(by)
    n = len(data)
    w = pd.to_numeric(data[weight], errors="raise").to_numpy(dtype=float, na_value=np.nan)
    if not np.all(np.isfinite(w) & (w > 0)):
        raise ValueError(f"weights {weight!r} must be finite and > 0 for every row of the design")
    if data[strata].isna().any():
        raise ValueError(f"stratum {strata!r} must not be missing")
    h, strata_values = pd.factorize(data[strata], sort=True)
    n_strata = len(strata_values)
    n_h = np.bincount(h, minlength=n_strata)
    lonely = n_h == 1

    member = ~np.isnan(y)
    if where is not None:
        mask = data[where] if isinstance(where, str) else where
        mask = np.asarray(mask)
        if mask.shape != (n,):
            raise ValueError("`where` must have one value per row")
        member &= mask.astype(bool)
    if by:
        member &= ~data[by].isna().any(axis=1).to_numpy()
    idx = np.flatnonzero(member)
    if by:
        sub = data.iloc[idx]
        grouped = sub.groupby(by, sort=True, observed=True)
        g = grouped.ngroup().to_numpy()
        keys = grouped.size().index.to_frame(index=False)
    else:
        g = np.zeros(len(idx), dtype=np.int64)
        keys = pd.DataFrame(index=range(1))
    n_dom = len(keys)
    yi, wi, hi = y[idx], w[idx], h[idx]

    den = np.bincount(g, weights=wi, minlength=n_dom)
    num = np.bincount(g, weights=wi * yi, minlength=n_dom)
    n_den = np.bincount(g, minlength=n_dom)
    n_num = np.bincount(g, weights=(yi != 0).astype(float), minlength=n_dom)
    with np.errstate(invalid="ignore", divide="ignore"):
        est = num / den
    z = wi * (yi - est[g]) / den[g]

    # Cells domain x stratum among the domain's respondents; the other n_h - m units
    # of the stratum have z = 0 and enter only through the centring.
    pair, cell = np.unique(g * n_strata + hi, return_inverse=True)
    cell_g, cell_h = pair // n_strata, pair % n_strata
    cell_m = np.bincount(cell, minlength=len(pair))
    cell_nh = n_h[cell_h].astype(float)
    if lonely_psu == "fail" and lonely[cell_h].any():
        # as R: only an estimate whose domain has a respondent in a lonely stratum stops
        raise LonelyStratumError(sorted({str(v) for v in strata_values[cell_h[lonely[cell_h]]]}))
    if lonely_psu == "adjust":
        centre = np.where(lonely[cell_h], 0.0, np.bincount(cell, weights=z) / cell_nh)
    else:
        centre = np.bincount(cell, weights=z) / cell_nh
    # astype: bincount of an empty domain set comes back as integers
    ss = np.bincount(cell, weights=(z - centre[cell]) ** 2, minlength=len(pair)).astype(float)
    ss += (cell_nh - cell_m) * centre**2
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(lonely[cell_h], 1.0, cell_nh / (cell_nh - 1.0))
    if lonely_psu in ("remove", "certainty"):
        scale = np.where(lonely[cell_h], 0.0, scale)
    var = np.bincount(cell_g, weights=scale * ss, minlength=n_dom)
    strata_in_domain = np.bincount(cell_g, minlength=n_dom)

    out = keys.reset_index(drop=True).copy() if by else pd.DataFrame(index=range(1))
    out["numerator"] = num
    out["denominator"] = den
    out["n_numerator"] = n_num.astype(np.int64)
    out["n_denominator"] = n_den.astype(np.int64)
    out["value"] = est
    out["se"] = np.sqrt(var)
    out["df"] = (n_den - strata_in_domain).astype(np.int64)
    if not by and n_dom == 1 and len(idx) == 0:
        out.loc[:, ["value", "se"]] = np.nan
    return out
