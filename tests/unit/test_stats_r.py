"""Cross-checks of wijkzicht.statistics against R, run for real through Rscript.

The fixtures are generated here with a fixed seed and written to a temporary folder;
the R scripts in tests/r/ compute the reference values with R's survey package
(svydesign / svyby / svymean / svytotal / svyciprop / confint) and R's glm,
prop.trend.test and lm. Point estimates and standard errors must agree to 1e-8
(relative), p-values and interval bounds to 1e-8 as well.

These tests need R with the survey package: they FAIL (they do not skip) when it is
missing. Install it with `bash tools/install-r.sh`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wijkzicht.statistics.models import logistic_odds_ratios
from wijkzicht.statistics.survey import survey_mean, survey_proportion
from wijkzicht.statistics.trends import trend_counts, trend_estimates

pytestmark = pytest.mark.r

R_DIR = Path(__file__).resolve().parents[1] / "r"
RTOL = 1e-8
INSTALL_HINT = "R with the survey package is needed for this test: run `bash tools/install-r.sh`"


def run_r(script: str, *args: Path) -> dict[tuple[str, str, str], float]:
    """Run tests/r/<script> with Rscript and parse its long CSV (the last argument)."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.fail(f"Rscript not found. {INSTALL_HINT}", pytrace=False)
    probe = subprocess.run(
        [rscript, "-e", "quit(status = !requireNamespace('survey', quietly = TRUE))"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        pytest.fail(f"the R package 'survey' is missing. {INSTALL_HINT}", pytrace=False)
    proc = subprocess.run(
        [rscript, str(R_DIR / script), *map(str, args)], capture_output=True, text=True
    )
    if proc.returncode != 0:
        pytest.fail(f"{script} failed:\n{proc.stderr}", pytrace=False)
    out = pd.read_csv(args[-1], dtype={"analysis": str, "key": str, "stat": str})
    return {(a, k, s): float(v) for a, k, s, v in out.itertuples(index=False)}


def close(ours, theirs, rtol=RTOL, atol=1e-13):
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol)


# --------------------------------------------------------------------------- survey


def make_survey_fixture(seed: int = 20240601) -> pd.DataFrame:
    """900 respondents, 12 strata of unequal size (two of 2 and 3 respondents),
    unequal weights, 6 wijken crossing the strata, 4 herkomst groups, 10% outside the
    population, about 8% missing outcome and 5% missing score."""
    rng = np.random.default_rng(seed)
    sizes = np.array([2, 3, 40, 55, 60, 70, 80, 90, 100, 110, 120, 170])
    strata = np.repeat([f"S{i:02d}" for i in range(1, 13)], sizes)
    n = len(strata)
    base_w = dict(zip(np.unique(strata), rng.uniform(20, 400, len(sizes)), strict=True))
    weight = np.array([base_w[s] for s in strata]) * rng.lognormal(0, 0.3, n)
    wijk = np.array([f"WK0344{i:02d}" for i in rng.integers(1, 7, n)])
    herkomst = rng.choice(
        ["Nederland", "Marokko", "Turkije", "onbekend"], n, p=[0.5, 0.2, 0.18, 0.12]
    )
    inpop = (rng.random(n) < 0.9).astype(int)
    p = 0.2 + 0.05 * (np.char.count(wijk.astype(str), "3") % 3) + 0.1 * (herkomst == "Marokko")
    y = (rng.random(n) < p).astype(float)
    y[rng.random(n) < 0.08] = np.nan
    score = np.round(rng.uniform(10, 50, n), 1)
    score[rng.random(n) < 0.05] = np.nan
    return pd.DataFrame(
        {
            "STRATUM": strata,
            "WEIGHT": weight,
            "wijk": wijk,
            "herkomst": herkomst,
            "inpop": inpop,
            "y": y,
            "score": score,
        }
    )


def make_lonely_fixture(seed: int = 20240601) -> pd.DataFrame:
    d = make_survey_fixture(seed)
    extra = pd.DataFrame(
        {
            "STRATUM": ["S99"],
            "WEIGHT": [250.0],
            "wijk": ["WK034401"],
            "herkomst": ["Nederland"],
            "inpop": [1],
            "y": [1.0],
            "score": [30.0],
        }
    )
    return pd.concat([d, extra], ignore_index=True)


_REFERENCES: dict[str, dict] = {}


def _reference(name: str, build) -> dict:
    """Run an R script once per session; called from inside the tests (not from a
    fixture) so that a missing R makes every test FAIL, not error."""
    if name not in _REFERENCES:
        _REFERENCES[name] = build()
    return _REFERENCES[name]


@pytest.fixture
def survey_r(tmp_path_factory):
    return lambda: _reference("survey", lambda: _run_survey_check(tmp_path_factory))


def _run_survey_check(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("survey")
    fixture, lonely, out = tmp / "survey.csv", tmp / "lonely.csv", tmp / "out.csv"
    make_survey_fixture().to_csv(fixture, index=False, float_format="%.17g")
    make_lonely_fixture().to_csv(lonely, index=False, float_format="%.17g")
    return run_r("survey_check.R", fixture, lonely, out)


def _check_domains(ours, ref, analysis, by, stats, rtol=RTOL, ref_suffix=""):
    keys = ours[by].astype(str).agg("|".join, axis=1)
    ref_keys = sorted({k for a, k, _ in ref if a == analysis and k not in ("totaal", "design")})
    assert sorted(keys) == ref_keys, "the same domains as svyby"
    for stat in stats:
        theirs = [ref[(analysis, k, stat + ref_suffix)] for k in keys]
        close(ours[stat].to_numpy(dtype=float), theirs, rtol=rtol)


# The interval of svyciprop(method = "logit") comes from svyglm, whose IRLS stops at
# glm.control(epsilon = 1e-8): its bounds are off by a few 1e-8. The same interval in
# closed form, svyciprop(method = "xlogit"), is checked at 1e-8; "logit" at 1e-6.
PROPORTION_STATS = ["value", "se", "numerator", "denominator", "n_denominator"]
CI = ["ci_lower", "ci_upper"]


def test_survey_proportion_by_wijk_matches_svyby(survey_r):
    """Source: R survey svyby(~y, ~wijk, subset(design, inpop == 1 & !is.na(y)),
    svymean / svytotal / unwtd.count / svyciprop(method = "logit" and "xlogit"))."""
    survey_r = survey_r()
    d = make_survey_fixture()
    ours = survey_proportion(d, "y", by=["wijk"], where=d["inpop"] == 1)
    assert (ours["ci_method"] == "logit").all()
    _check_domains(ours, survey_r, "wijk", ["wijk"], PROPORTION_STATS)
    _check_domains(ours, survey_r, "wijk", ["wijk"], CI, ref_suffix="_xlogit")
    _check_domains(ours, survey_r, "wijk", ["wijk"], CI, rtol=1e-6)


def test_survey_proportion_cross_classified_matches_svyby(survey_r):
    """Source: R survey svyby(~y, ~wijk + herkomst, ...) over the full design."""
    survey_r = survey_r()
    d = make_survey_fixture()
    ours = survey_proportion(d, "y", by=["wijk", "herkomst"], where="inpop")
    assert (ours["ci_method"] == "logit").all()
    by = ["wijk", "herkomst"]
    _check_domains(ours, survey_r, "wijk_herkomst", by, PROPORTION_STATS)
    _check_domains(ours, survey_r, "wijk_herkomst", by, CI, ref_suffix="_xlogit")
    _check_domains(ours, survey_r, "wijk_herkomst", by, CI, rtol=1e-6)


def test_survey_proportion_totaal_matches_svymean(survey_r):
    """Source: R survey svymean(~y, sub) and svyciprop(~y, sub, method = "logit")."""
    survey_r = survey_r()
    d = make_survey_fixture()
    ours = survey_proportion(d, "y", where=d["inpop"] == 1)
    for stat in ["value", "se"]:
        close(ours[stat].iloc[0], survey_r[("totaal", "totaal", stat)])
    for stat in CI:
        close(ours[stat].iloc[0], survey_r[("totaal", "totaal", stat + "_xlogit")])
        close(ours[stat].iloc[0], survey_r[("totaal", "totaal", stat)], rtol=1e-6)


def test_missing_outcome_stays_in_design_like_na_rm(survey_r):
    """Source: R survey svyby(..., svymean, na.rm = TRUE) on subset(design, inpop == 1):
    respondents without an outcome stay in the design, as with subset()."""
    survey_r = survey_r()
    d = make_survey_fixture()
    ours = survey_proportion(d, "y", by=["wijk"], where=d["inpop"] == 1)
    _check_domains(ours, survey_r, "wijk_narm", ["wijk"], ["value", "se"])


def test_survey_mean_matches_svymean_and_confint(survey_r):
    """Source: R survey svyby(~score, ~wijk, ..., svymean) and
    confint(svymean(~score, s), df = degf(s)) per domain."""
    survey_r = survey_r()
    d = make_survey_fixture()
    ours = survey_mean(d, "score", by=["wijk"], where=d["inpop"] == 1)
    _check_domains(ours, survey_r, "score_wijk", ["wijk"], ["value", "se", "ci_lower", "ci_upper"])


@pytest.mark.parametrize("option", ["remove", "certainty", "adjust"])
def test_lonely_psu_options_match_r(survey_r, option):
    """Source: R survey with options(survey.lonely.psu = option), one stratum of 1."""
    survey_r = survey_r()
    d = make_lonely_fixture()
    analysis = f"lonely_{option}"
    assert survey_r[(analysis, "design", "error")] == 0
    ours = survey_proportion(d, "y", by=["wijk"], where=d["inpop"] == 1, lonely_psu=option)
    _check_domains(ours, survey_r, analysis, ["wijk"], ["value", "se"])
    tot = survey_proportion(d, "y", where=d["inpop"] == 1, lonely_psu=option)
    close(tot["se"].iloc[0], survey_r[(analysis, "totaal", "se")])


def test_lonely_psu_fail_is_an_error_in_r_and_here(survey_r):
    """Source: R survey's default options(survey.lonely.psu = "fail") stops."""
    survey_r = survey_r()
    assert survey_r[("lonely_fail", "design", "error")] == 1
    d = make_lonely_fixture()
    with pytest.raises(ValueError, match="single PSU"):
        survey_proportion(d, "y", by=["wijk"], where=d["inpop"] == 1)


# --------------------------------------------------------------------------- glm


def make_persons_fixture(seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 4000
    herkomst = rng.choice(
        ["Nederland", "Marokko", "Turkije", "Suriname", "overig niet-westers"],
        n,
        p=[0.55, 0.12, 0.12, 0.11, 0.10],
    )
    leeftijd = rng.choice(["18-29", "30-44", "45-64", "65-74", "75+"], n)
    geslacht = rng.choice(["man", "vrouw"], n)
    inkomen = rng.choice(
        ["1", "2", "3", "4", "5", "onbekend"], n, p=[0.2, 0.2, 0.2, 0.17, 0.15, 0.08]
    )
    eta = (
        -2.0
        + 0.4 * (herkomst == "Marokko")
        + 0.25 * (herkomst == "Turkije")
        + 0.3 * (geslacht == "vrouw")
        - 0.15 * (inkomen == "5")
        + 0.2 * (leeftijd == "45-64")
    )
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    return pd.DataFrame(
        {
            "y": y,
            "herkomst": herkomst,
            "leeftijd": leeftijd,
            "geslacht": geslacht,
            "inkomen": inkomen,
        }
    )


def make_series_fixture(seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for series, base, slope, size in [
        ("A", -1.5, 0.12, 800),
        ("B", -2.0, 0.0, 500),
        ("C", -3.0, -0.2, 60),
    ]:
        for year in range(2019, 2025):
            n = int(size + rng.integers(0, 100))
            x = int(rng.binomial(n, 1 / (1 + np.exp(-(base + slope * (year - 2019))))))
            est = x / n + rng.normal(0, 0.01)
            se = np.sqrt(max(est * (1 - est), 0.01) / n) * rng.uniform(1.1, 1.6)
            rows.append({"series": series, "year": year, "x": x, "n": n, "est": est, "se": se})
    return pd.DataFrame(rows)


@pytest.fixture
def glm_r(tmp_path_factory):
    return lambda: _reference("glm", lambda: _run_glm_check(tmp_path_factory))


def _run_glm_check(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("glm")
    persons, series, out = tmp / "persons.csv", tmp / "series.csv", tmp / "out.csv"
    make_persons_fixture().to_csv(persons, index=False)
    make_series_fixture().to_csv(series, index=False, float_format="%.17g")
    return run_r("glm_check.R", persons, series, out)


def test_logistic_odds_ratios_match_r_glm(glm_r):
    """Source: R glm(y ~ herkomst + leeftijd + geslacht + inkomen, binomial) with
    relevel()ed references, coef(summary()) and confint.default()."""
    glm_r = glm_r()
    refs = {"herkomst": "Nederland", "leeftijd": "18-29", "geslacht": "man", "inkomen": "1"}
    ours = logistic_odds_ratios(make_persons_fixture(), "y", refs)
    keys = (ours["term"] + "|" + ours["level"]).tolist()
    assert sorted(keys) == sorted({k for a, k, _ in glm_r if a == "or"})
    for stat in ["log_odds_ratio", "se", "p_value", "ci_lower", "ci_upper"]:
        close(ours[stat].to_numpy(), [glm_r[("or", k, stat)] for k in keys])


def test_trend_counts_match_r_glm_and_prop_trend_test(glm_r):
    """Source: R glm(cbind(x, n - x) ~ year, binomial), confint.default and
    prop.trend.test(x, n, score = year), per series."""
    glm_r = glm_r()
    ours = trend_counts(make_series_fixture(), "year", "x", "n", by=["series"])
    assert ours["converged"].all()
    for stat in [
        "log_or_per_year",
        "se",
        "p_value",
        "ci_lower",
        "ci_upper",
        "chisq_trend",
        "p_trend",
    ]:
        close(ours[stat].to_numpy(), [glm_r[("trend_counts", k, stat)] for k in ours["series"]])


def test_trend_estimates_match_r_lm(glm_r):
    """Source: R lm(est ~ year, weights = 1 / se^2): slope, its SE and p-value
    (scale='estimated'), and the SE divided by sigma (scale='known')."""
    glm_r = glm_r()
    s = make_series_fixture()
    est = trend_estimates(s, "year", "est", "se", by=["series"], scale="estimated")
    known = trend_estimates(s, "year", "est", "se", by=["series"], scale="known")
    keys = est["series"]
    close(est["slope"].to_numpy(), [glm_r[("trend_estimates", k, "slope")] for k in keys])
    close(known["slope"].to_numpy(), [glm_r[("trend_estimates", k, "slope")] for k in keys])
    close(est["se"].to_numpy(), [glm_r[("trend_estimates", k, "se_estimated")] for k in keys])
    close(est["p_value"].to_numpy(), [glm_r[("trend_estimates", k, "p_estimated")] for k in keys])
    close(known["se"].to_numpy(), [glm_r[("trend_estimates", k, "se_known")] for k in keys])
