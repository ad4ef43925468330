"""Model estimates of a small gemeente (K1): the normal prior on the fixed effects keeps the
bootstrap refits finite, so the intervals agree with their se (docs/small_area.md, "Few
cases").

The fault (a GGD region of five gemeenten of 20,000 residents, finding 3): about 300
respondents and 30 cases per gemeente for a model of 17-26 terms. In a parametric bootstrap
replicate some level (a wijk, an age band) has no case among its respondents, maximum
likelihood sends its coefficient to minus infinity (every refit of the 20,000 world had a
coefficient beyond 8 in absolute value, the median replicate's largest was 40), the area's
replicate estimate to about 0 and its logit error to -10 or beyond: the 2.5% quantile of
those errors put the upper bound of the interval at 99.9% while the se (the root mean
squared error on the scale of the proportion) stayed 0.02-0.05.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from wijkzicht.statistics.small_area import (
    _gh,
    _loglik,
    design_matrix,
    fit_logistic_glmm,
)
from wijkzicht.themes.small_area import PRIOR_SD, PRIOR_SD_INTERCEPT, model_rows, prior_sds

GEO = pd.DataFrame({
    "gemeente_code": "GM1", "gemeente_name": "Klein",
    "wijk_code": [f"WK{b // 2}" for b in range(10)], "wijk_name": [f"W{b // 2}" for b in range(10)],
    "buurt_code": [f"BU{b:02d}" for b in range(10)], "buurt_name": list("ABCDEFGHIJ"),
})  # fmt: skip
SETTINGS = {
    "measures": ["k10_hoog"],
    "factors": {"leeftijd": "18-29", "huishouden": "alleenstaand", "inkomen": "1"},
    "flags": ["ggz"], "wijk_effect": True, "min_level_respondents": 20,
    "quadrature_points": 3, "bootstrap": 80, "seed": 1,
}  # fmt: skip


def _small_gemeente(seed: int, n: int = 4000, respondents: int = 300, rate: float = 0.08):
    """A gemeente of `n` adults in 5 wijken of 2 buurten, ~`respondents` respondents of whom
    about `rate` have the outcome; 17 terms (age 5 levels, household 4, income 5, ggz, wijk)."""
    rng = np.random.default_rng(seed)
    buurt = rng.integers(0, 10, n)
    frame = pd.DataFrame({
        "RINPERSOONS": "R", "RINPERSOON": [f"{i:09d}" for i in range(n)],
        "buurt": [f"BU{b:02d}" for b in buurt], "wijk": [f"WK{b // 2}" for b in buurt],
        "leeftijd": rng.choice(["18-29", "30-44", "45-64", "65-74", "75+"], n),
        "huishouden": rng.choice(["alleenstaand", "paar", "gezin", "overig"], n,
                                 p=[0.35, 0.3, 0.25, 0.1]),
        "inkomen": rng.choice(list("12345"), n),
        "ggz": rng.random(n) < 0.1,
    })  # fmt: skip
    eta = np.log(rate / (1 - rate)) + 0.3 * (frame["leeftijd"] == "18-29") + 1.0 * frame["ggz"]
    truth = expit(eta.to_numpy())
    y = (rng.random(n) < truth).astype(float)
    resp = np.flatnonzero(rng.random(n) < respondents / n)
    design = frame.iloc[resp][["RINPERSOONS", "RINPERSOON"]].assign(
        k10_hoog=y[resp], in_population=True
    )
    return frame, design, truth


def test_small_gemeente_intervals_stay_near_their_se():
    """Old code: upper bounds of 99.9% beside se 0.02-0.05 (the refits ran away). Now every
    interval lies within a few se of its estimate, far below 50% where the truth is 6-15%."""
    frame, design, truth = _small_gemeente(0)
    rows, fits = model_rows(frame, design, GEO, SETTINGS, 2022)
    assert fits[0]["bootstrap_replicates"] == 80 and fits[0]["prior_sd"] == PRIOR_SD
    assert int(design["k10_hoog"].sum()) < 40  # few cases, as in the region's gemeenten
    assert (rows["ci_lower"] <= rows["value"]).all() and (rows["value"] <= rows["ci_upper"]).all()
    assert rows["ci_upper"].max() < 0.5
    # the interval's reach beyond the estimate, in se: about 2 for a symmetric error; the
    # logit scale allows some skew upward at 5%, not the 20-45 se the runaway refits gave
    reach = np.maximum(rows["ci_upper"] - rows["value"], rows["value"] - rows["ci_lower"])
    assert (reach / rows["se"]).max() < 9
    # the truth per wijk is 8-12%: every wijk's interval is informative and covers most
    wijken = rows[rows["area_level"] == "wijk"].set_index("area_code")
    true_wijk = pd.Series(truth).groupby(frame["wijk"].to_numpy()).mean()
    covered = (wijken["ci_lower"] <= true_wijk) & (true_wijk <= wijken["ci_upper"])
    assert covered.sum() >= 4


def test_without_a_prior_the_fit_is_maximum_likelihood_as_before():
    """prior_sd None: the fit of fit_logistic_glmm without a prior (lme4's likelihood)."""
    frame, design, _ = _small_gemeente(1)
    settings = {**SETTINGS, "prior_sd": None, "bootstrap": 2}
    _, fits = model_rows(frame, design, GEO, settings, 2022)
    assert fits[0]["prior_sd"] is None
    with_prior = model_rows(frame, design, GEO, {**settings, "prior_sd": 2.5}, 2022)[1][0]
    # the prior pulls every term toward 0 a little, the likelihood is lower at its mode
    assert with_prior["loglik"] < fits[0]["loglik"]
    assert sum(abs(v) for v in with_prior["terms"].values()) < sum(
        abs(v) for v in fits[0]["terms"].values()
    )


def test_prior_sds_per_term():
    names = ["(Intercept)", "leeftijd=30-44", "ggz"]
    assert prior_sds(names, 2.5).tolist() == [PRIOR_SD_INTERCEPT, 2.5, 2.5]
    assert prior_sds(names, 1.0).tolist() == [10.0, 1.0, 1.0]
    assert prior_sds(names, None) is None


def test_posterior_mode_solves_the_penalised_score_equation():
    """Known answer without R: at the posterior mode the gradient of the log likelihood
    (central differences of `_loglik`, not the fit's analytic gradient) equals the prior's
    pull, beta / sd^2, in every fixed effect; at the maximum likelihood fit it is 0."""
    rng = np.random.default_rng(7)
    n, n_groups = 400, 8
    data = pd.DataFrame({
        "a": rng.choice(["x", "y", "z"], n), "f": (rng.random(n) < 0.2).astype(int)
    })  # fmt: skip
    g = rng.integers(0, n_groups, n)
    X, _ = design_matrix(data, {"a": "x"}, flags=["f"])
    y = (rng.random(n) < expit(-2 + 0.8 * data["f"] + rng.normal(0, 0.5, n_groups)[g])).astype(
        float
    )
    sd = np.array([10.0, 0.5, 0.5, 0.5])  # a tight prior: its pull is large
    has = np.bincount(g, minlength=n_groups) > 0
    t, logw = _gh(5)

    def ll_grad(beta, sigma):
        out = []
        for j in range(len(beta)):
            d = np.zeros(len(beta))
            d[j] = 1e-5
            lo, hi = (
                _loglik(theta, X, y, g, n_groups, has, t, logw, {"u": np.zeros(n_groups)})
                for theta in (np.append(beta + s * d, np.log(sigma)) for s in (-1, 1))
            )
            out.append((hi - lo) / 2e-5)
        return np.array(out)

    fit = fit_logistic_glmm(X, y, g, n_groups, nagq=5, prior_sd=sd)
    np.testing.assert_allclose(ll_grad(fit.beta, fit.sigma), fit.beta / sd**2, atol=2e-4)
    assert np.abs(fit.beta[1:] / sd[1:] ** 2).max() > 0.1  # the pull is not negligible
    ml = fit_logistic_glmm(X, y, g, n_groups, nagq=5)
    np.testing.assert_allclose(ll_grad(ml.beta, ml.sigma), 0, atol=2e-4)
    assert fit.loglik < ml.loglik
    with pytest.raises(ValueError, match="prior_sd has shape"):
        fit_logistic_glmm(X, y, g, n_groups, prior_sd=sd[:2])
