"""The small-area estimator against an independent fit: R's lme4 (glmer), run through Rscript.

A small simulated case (30 buurten, some without respondents) is fitted by
`wijkzicht.statistics.small_area.fit_logistic_glmm` and by
``glmer(y ~ leeftijd + geslacht + inkomen + zorg + (1 | buurt), binomial, nAGQ = k)``
for the Laplace approximation (k = 1) and adaptive Gauss-Hermite quadrature (k = 9).
Fixed effects, the SD of the buurt effect, the conditional modes and the predicted buurt
prevalences (the mean over each buurt's residents of expit(X beta + u)) must agree within
the tolerances below. With nAGQ = 9 the two maxima agree to about 1e-7; the Laplace
likelihood is flatter and glmer's optimiser (bobyqa) stops about 4e-4 short of its maximum
on the logit scale (our log likelihood is the higher one), hence the wider tolerances for
nAGQ = 1. At glmer's own parameters our conditional modes equal its ``ranef`` to 1e-6 for
both.

Needs R with lme4: it FAILS (does not skip) when missing; `bash tools/install-r.sh`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from wijkzicht.statistics.small_area import (
    _gh,
    _loglik,
    area_means,
    design_matrix,
    fit_logistic_glmm,
    predict_probability,
)

pytestmark = pytest.mark.r

R_SCRIPT = Path(__file__).resolve().parents[1] / "r" / "glmer_check.R"
REFS = {"leeftijd": "18-44", "geslacht": "man", "inkomen": "1"}
# nAGQ -> (beta and u on the logit scale, sigma relative, log likelihood, prevalence)
TOLERANCE = {1: (1e-3, 2e-3, 1e-3, 2e-4), 9: (1e-5, 1e-5, 1e-6, 1e-6)}


def _population(rng, n_buurt=30, n=12_000) -> pd.DataFrame:
    buurt = rng.integers(0, n_buurt, n)
    return pd.DataFrame({
        "buurt": [f"BU{b:02d}" for b in buurt],
        "leeftijd": rng.choice(["18-44", "45-64", "65+"], n, p=[0.45, 0.35, 0.2]),
        "geslacht": rng.choice(["man", "vrouw"], n),
        "inkomen": rng.choice(list("12345"), n),
        "zorg": (rng.random(n) < 0.1).astype(int),
    })  # fmt: skip


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    rng = np.random.default_rng(20260116)
    pop = _population(rng)
    X, names = design_matrix(pop, REFS, flags=["zorg"])
    buurten = sorted(pop["buurt"].unique())
    g = pop["buurt"].map({b: i for i, b in enumerate(buurten)}).to_numpy()
    beta = rng.normal(0, 0.4, X.shape[1])
    beta[0] = -1.6
    u = rng.normal(0, 0.5, len(buurten))
    y = (rng.random(len(pop)) < expit(X @ beta + u[g])).astype(int)
    # respondents: 8% at random, none in the last three buurten
    resp = np.flatnonzero((rng.random(len(pop)) < 0.08) & (g < len(buurten) - 3))
    tmp = tmp_path_factory.mktemp("glmer")
    pop.iloc[resp].assign(y=y[resp]).to_csv(tmp / "resp.csv", index=False)
    pop.to_csv(tmp / "pop.csv", index=False)
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.fail("Rscript not found: run `bash tools/install-r.sh`", pytrace=False)
    proc = subprocess.run(
        [rscript, str(R_SCRIPT), str(tmp / "resp.csv"), str(tmp / "pop.csv"), str(tmp / "out.csv")],
        capture_output=True, text=True,
    )  # fmt: skip
    if proc.returncode != 0:
        pytest.fail(f"glmer_check.R failed (lme4 installed? tools/install-r.sh):\n{proc.stderr}")
    ref = pd.read_csv(tmp / "out.csv", dtype={"analysis": str, "key": str, "stat": str})
    ref = {(a, k, s): float(v) for a, k, s, v in ref.itertuples(index=False)}
    return {"X": X, "names": names, "g": g, "y": y, "resp": resp, "buurten": buurten, "ref": ref}


def _r_name(name: str) -> str:
    return name.replace("=", "")  # leeftijd=45-64 -> leeftijd45-64, as model.matrix names it


@pytest.mark.parametrize("nagq", [1, 9])
def test_glmm_matches_lme4(case, nagq):
    X, g, y, resp, ref = case["X"], case["g"], case["y"], case["resp"], case["ref"]
    n_groups = len(case["buurten"])
    b_tol, s_tol, ll_tol, p_tol = TOLERANCE[nagq]
    fit = fit_logistic_glmm(X[resp], y[resp], g[resp], n_groups, nagq=nagq)
    a = f"nagq{nagq}"
    assert fit.converged
    beta_r = np.array([ref[(a, _r_name(n), "beta")] for n in case["names"]])
    np.testing.assert_allclose(fit.beta, beta_r, atol=b_tol)
    assert fit.sigma == pytest.approx(ref[(a, "buurt", "sigma")], rel=s_tol)
    assert fit.loglik == pytest.approx(ref[(a, "fit", "loglik")], abs=ll_tol)
    # a buurt without respondents has no ranef in R: 0 on both sides
    u_r = np.array([ref.get((a, b, "u"), 0.0) for b in case["buurten"]])
    np.testing.assert_allclose(fit.u, u_r, atol=b_tol)
    prev = area_means(predict_probability(fit, X, g), g, n_groups)
    prev_r = np.array([ref[(a, b, "prevalence")] for b in case["buurten"]])
    np.testing.assert_allclose(prev, prev_r, atol=p_tol)
    # the estimate is a real fit, not the start values: far from a model without buurt effect
    assert fit.sigma > 0.2


@pytest.mark.parametrize("nagq", [1, 9])
def test_conditional_modes_at_lme4_parameters_equal_ranef(case, nagq):
    """The inner step alone: at glmer's beta and sigma our modes are its ranef."""
    X, g, y, resp, ref = case["X"], case["g"], case["y"], case["resp"], case["ref"]
    n_groups = len(case["buurten"])
    a = f"nagq{nagq}"
    beta_r = np.array([ref[(a, _r_name(n), "beta")] for n in case["names"]])
    theta = np.append(beta_r, np.log(ref[(a, "buurt", "sigma")]))
    has_data = np.bincount(g[resp], minlength=n_groups) > 0
    state = {"u": np.zeros(n_groups)}
    t, logw = _gh(nagq)
    _loglik(theta, X[resp], y[resp].astype(float), g[resp], n_groups, has_data, t, logw, state)
    u_r = np.array([ref.get((a, b, "u"), 0.0) for b in case["buurten"]])
    np.testing.assert_allclose(np.where(has_data, state["u"], 0.0), u_r, atol=1e-6)
