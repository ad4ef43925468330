"""The normal prior on the fixed effects (statistics/small_area.py, docs/small_area.md "Few
cases") against an independent fit: lme4's own deviance function plus the prior, minimised
in R (tests/r/glmer_prior_k1.R), run through Rscript.

The case is a small gemeente's in miniature: 240 respondents in 12 buurten with about 8%
cases, and one age level (75+, 30 respondents) without a single case. Maximum likelihood
puts that level's coefficient at minus infinity (glmer stops somewhere below -8); with the
prior N(0, 2.5^2) (intercept N(0, 10^2)) the posterior mode is finite and both
implementations find the same one: fixed effects and conditional modes to 1e-4, sigma to
1e-3 relative (bobyqa's stopping rule; the Python fit is the tighter one).

Needs R with lme4 (and minqa, its dependency): it FAILS (does not skip) when missing;
`bash tools/install-r.sh`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from wijkzicht.statistics.small_area import design_matrix, fit_logistic_glmm

pytestmark = pytest.mark.r

R_SCRIPT = Path(__file__).resolve().parents[1] / "r" / "glmer_prior_k1.R"
REFS = {"leeftijd": "18-44"}


def _case():
    rng = np.random.default_rng(20261202)
    n, n_buurt = 240, 12
    buurt = np.repeat(np.arange(n_buurt), n // n_buurt)
    leeftijd = np.array(["18-44", "45-64", "65-74", "75+"])[np.arange(n) % 8 // 2]
    leeftijd[(np.arange(n) % 8) >= 6] = "75+"  # a quarter are 75+ ...
    leeftijd[np.flatnonzero(leeftijd == "75+")[30:]] = "45-64"  # ... of whom 30 remain
    zorg = (rng.random(n) < 0.15).astype(int)
    u = rng.normal(0, 0.6, n_buurt)
    y = (rng.random(n) < expit(-2.6 + 1.2 * zorg + u[buurt])).astype(int)
    y[leeftijd == "75+"] = 0  # no case among the 75+: the level is separated
    return pd.DataFrame({
        "y": y, "buurt": [f"BU{b:02d}" for b in buurt], "leeftijd": leeftijd, "zorg": zorg
    })  # fmt: skip


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    resp = _case()
    X, names = design_matrix(resp, REFS, flags=["zorg"])
    sd = np.array([10.0] + [2.5] * (len(names) - 1))
    tmp = tmp_path_factory.mktemp("glmer_prior")
    resp.to_csv(tmp / "resp.csv", index=False)
    pd.DataFrame({"sd": sd}).to_csv(tmp / "sd.csv", index=False)
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.fail("Rscript not found: run `bash tools/install-r.sh`", pytrace=False)
    proc = subprocess.run(
        [rscript, str(R_SCRIPT), str(tmp / "resp.csv"), str(tmp / "sd.csv"), "9",
         str(tmp / "out.csv")],
        capture_output=True, text=True,
    )  # fmt: skip
    if proc.returncode != 0:
        pytest.fail(f"glmer_prior_k1.R failed (lme4 installed? tools/install-r.sh):\n{proc.stderr}")
    ref = pd.read_csv(tmp / "out.csv", dtype={"key": str, "stat": str})
    ref = {(k, s): float(v) for k, s, v in ref.itertuples(index=False)}
    g = resp["buurt"].str[2:].astype(int).to_numpy()
    return {"X": X, "names": names, "y": resp["y"].to_numpy(), "g": g, "sd": sd, "ref": ref}


def _r_name(name: str) -> str:
    return name.replace("=", "")  # leeftijd=75+ -> leeftijd75+, as model.matrix names it


def test_the_separated_level_runs_away_without_the_prior(case):
    """The fault the prior mends: without it both fits send the 75+ coefficient far out."""
    X, y, g, ref = case["X"], case["y"], case["g"], case["ref"]
    ml = fit_logistic_glmm(X, y, g, 12, nagq=9)
    k = case["names"].index("leeftijd=75+")
    assert ml.beta[k] < -8 and ref[("leeftijd75+", "beta_ml")] < -8


def test_posterior_mode_matches_lme4_deviance_plus_prior(case):
    X, y, g, ref = case["X"], case["y"], case["g"], case["ref"]
    fit = fit_logistic_glmm(X, y, g, 12, nagq=9, prior_sd=case["sd"])
    assert fit.converged
    beta_r = np.array([ref[(_r_name(n), "beta")] for n in case["names"]])
    np.testing.assert_allclose(fit.beta, beta_r, atol=1e-4)
    k = case["names"].index("leeftijd=75+")
    assert -5 < fit.beta[k] < -1  # finite and negative: shrunk, not infinite
    assert fit.sigma == pytest.approx(ref[("buurt", "sigma")], rel=1e-3, abs=1e-4)
    u_r = np.array([ref[(f"BU{b:02d}", "u")] for b in range(12)])
    np.testing.assert_allclose(fit.u, u_r, atol=1e-4)
