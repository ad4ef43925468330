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
from wijkzicht.statistics.survey import (
    DEFAULT_LONELY_PSU,
    LonelyStratumError,
    lonely_strata,
    survey_mean,
    survey_proportion,
)
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


def make_two_strata_fixture(seed: int = 31) -> pd.DataFrame:
    """A wave with only two strata, one of them a single respondent: 30 respondents in
    stratum A, 1 in B, three wijken and two herkomst groups crossing the strata."""
    rng = np.random.default_rng(seed)
    n = 30
    d = pd.DataFrame(
        {
            "STRATUM": "A",
            "WEIGHT": rng.uniform(50, 150, n),
            "wijk": rng.choice(["WK034401", "WK034402", "WK034403"], n),
            "herkomst": rng.choice(["Nederland", "Marokko"], n),
            "inpop": (rng.random(n) < 0.95).astype(int),
            "y": (rng.random(n) < 0.35).astype(float),
            "score": np.round(rng.uniform(10, 50, n), 1),
        }
    )
    d.loc[3, "y"] = np.nan
    lonely = pd.DataFrame(
        {
            "STRATUM": ["B"],
            "WEIGHT": [400.0],
            "wijk": ["WK034402"],
            "herkomst": ["Marokko"],
            "inpop": [1],
            "y": [1.0],
            "score": [41.0],
        }
    )
    return pd.concat([d, lonely], ignore_index=True)


def make_case_fixture(seed: int = 20260101) -> pd.DataFrame:
    """The shared case survey-lonely-psu: wave 2020 of a 3,000-resident synthetic world with
    one respondent left in stratum 034406 (as ../shared/cases/survey-lonely-psu/make_world.py
    does). y = k10_hoog and score = the K10 score as the theme computes them; the wijk is
    the stratum's for most respondents, another one for 15% (people who moved); the second
    domain is self-rated health (ERVGEZ 1-2 or 3-5)."""
    from wijkzicht.synth.world import generate_world
    from wijkzicht.themes.migratie import k10_score

    s = generate_world(seed=seed, n_residents=3000, years=(2020,), survey_waves=(2020,))
    s = s["GEZOMONITOR2020"]
    s = pd.concat([s[s.STRATUM != "034406"], s[s.STRATUM == "034406"].head(1)], ignore_index=True)
    rng = np.random.default_rng(seed)
    score = k10_score(s[[f"K10_{i:02d}" for i in range(1, 11)]].astype(float))
    wijk = "WK" + s["STRATUM"]
    moved = rng.random(len(s)) < 0.15
    moved[len(s) - 1] = False  # the lonely respondent lives in its stratum's wijk
    wijk[moved] = rng.choice(sorted(wijk.unique()), moved.sum())
    ervgez = s["ERVGEZ"].astype(float)
    return pd.DataFrame(
        {
            "STRATUM": s["STRATUM"],
            "WEIGHT": s["WEIGHT"].astype(float),
            "wijk": wijk,
            "herkomst": np.where(ervgez.isna(), "onbekend", np.where(ervgez <= 2, "goed", "matig")),
            "inpop": (s["RINPERSOONS"] == "R").astype(int),
            "y": (score >= 30).astype(float).where(score.notna()),
            "score": score,
        }
    )


LONELY_FIXTURES = {
    "lonely": make_lonely_fixture,
    "two": make_two_strata_fixture,
    "case": make_case_fixture,
}

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
    fixture, out = tmp / "survey.csv", tmp / "out.csv"
    make_survey_fixture().to_csv(fixture, index=False, float_format="%.17g")
    lonely = []
    for name, make in LONELY_FIXTURES.items():
        lonely.append(tmp / f"{name}.csv")
        make().to_csv(lonely[-1], index=False, float_format="%.17g")
    return run_r("survey_check.R", fixture, *lonely, out)


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


def test_a_stratum_lonely_only_within_a_domain_is_centred_as_r_default(survey_r):
    """Source: R survey svyby(~y, ~wijk + herkomst, ...) with the default
    options(survey.adjust.domain.lonely = FALSE). Strata S01 (2 respondents) and S02 (3)
    leave single respondents in many wijk x herkomst domains: such a stratum is not lonely
    in the design, so it is centred at its mean over all n_h, whatever lonely_psu says.
    With adjust.domain.lonely = TRUE R would give other SEs (not offered here)."""
    survey_r = survey_r()
    d = make_survey_fixture()
    by = ["wijk", "herkomst"]
    member = (d["inpop"] == 1) & d["y"].notna()
    per_stratum = d[member].groupby([*by, "STRATUM"]).size()
    domain_lonely = per_stratum[per_stratum == 1].reset_index()[by].drop_duplicates()
    assert len(domain_lonely) > 5, "the fixture has domains with one respondent in a stratum"
    keys = set(domain_lonely["wijk"] + "|" + domain_lonely["herkomst"])
    for option in ("fail", "remove", "certainty", "adjust"):
        ours = survey_proportion(d, "y", by=by, where="inpop", lonely_psu=option)
        _check_domains(ours, survey_r, "wijk_herkomst", by, ["value", "se"])
    ours = ours.assign(key=ours["wijk"] + "|" + ours["herkomst"]).set_index("key")
    true = {k: survey_r[("wijk_herkomst_domain_lonely_true", k, "se")] for k in keys}
    differs = [k for k in keys if abs(ours.loc[k, "se"] - true[k]) > 1e-6 * true[k]]
    assert differs, "survey.adjust.domain.lonely = TRUE would change these SEs"


LONELY_ANALYSES = ("wijk", "wijk_herkomst", "totaal", "score_wijk", "elsewhere")


def _lonely_estimates(d: pd.DataFrame, option: str) -> dict[str, pd.DataFrame]:
    """Our estimates for the analyses of survey_check.R's lonely fixtures."""
    pop = d["inpop"] == 1
    lonely_wijken = d.loc[d["STRATUM"].isin(lonely_strata(d)), "wijk"].unique()
    return {
        "wijk": lambda: survey_proportion(d, "y", by=["wijk"], where=pop, lonely_psu=option),
        "wijk_herkomst": lambda: survey_proportion(
            d, "y", by=["wijk", "herkomst"], where=pop, lonely_psu=option
        ),
        "totaal": lambda: survey_proportion(d, "y", where=pop, lonely_psu=option),
        "score_wijk": lambda: survey_mean(d, "score", by=["wijk"], where=pop, lonely_psu=option),
        "elsewhere": lambda: survey_proportion(
            d, "y", where=pop & ~d["wijk"].isin(lonely_wijken), lonely_psu=option
        ),
    }


def _check_lonely(ours: pd.DataFrame, ref: dict, analysis: str, name: str) -> None:
    if name in ("wijk", "score_wijk"):
        _check_domains(ours, ref, analysis, ["wijk"], ["value", "se"])
    elif name == "wijk_herkomst":
        _check_domains(ours, ref, analysis, ["wijk", "herkomst"], ["value", "se"])
    else:
        for stat in ("value", "se"):
            close(ours[stat].iloc[0], ref[(analysis, "totaal", stat)])
    if name in ("wijk", "totaal", "score_wijk"):
        # intervals where the logit (or t) interval exists: R's svyciprop(method =
        # "xlogit") and confint(df = degf); df = degf of the domain
        rows = ours[ours["ci_method"] != "clopper_pearson"]
        keys = rows["wijk"] if "wijk" in rows else pd.Series(["totaal"] * len(rows))
        stats = ["ci_lower", "ci_upper"] + (["df"] if name != "score_wijk" else [])
        for stat in stats:
            close(rows[stat].to_numpy(float), [ref[(analysis, k, stat)] for k in keys])


@pytest.mark.parametrize("fixture", list(LONELY_FIXTURES))
@pytest.mark.parametrize("option", ["remove", "certainty", "adjust"])
def test_lonely_psu_options_match_r(survey_r, fixture, option):
    """Source: R survey with options(survey.lonely.psu = option) on a design with a stratum
    of one respondent: svyby(svymean), svymean, svyciprop(method = "xlogit"), degf and
    confint(df = degf), per wijk, wijk x herkomst, the whole population and a domain
    without the lonely stratum. Fixtures: one lonely stratum among 12 ("lonely"), a wave of
    only two strata ("two"), the shared case survey-lonely-psu ("case")."""
    ref = survey_r()
    d = LONELY_FIXTURES[fixture]()
    assert lonely_strata(d), "the fixture has a lonely stratum"
    estimates = _lonely_estimates(d, option)
    for name in LONELY_ANALYSES:
        analysis = f"{fixture}.{option}.{name}"
        assert ref[(analysis, "design", "error")] == 0, analysis
        _check_lonely(estimates[name](), ref, analysis, name)


@pytest.mark.parametrize("fixture", list(LONELY_FIXTURES))
def test_lonely_psu_fail_stops_where_r_stops(survey_r, fixture):
    """Source: R survey's default options(survey.lonely.psu = "fail") stops an estimate
    whose domain has a respondent in a lonely stratum, and only such an estimate: a domain
    that leaves the lonely stratum out is estimated as usual."""
    ref = survey_r()
    d = LONELY_FIXTURES[fixture]()
    estimates = _lonely_estimates(d, "fail")
    for name in LONELY_ANALYSES:
        analysis = f"{fixture}.fail.{name}"
        if ref[(analysis, "design", "error")] == 1:
            with pytest.raises(LonelyStratumError, match="single PSU") as err:
                estimates[name]()
            assert err.value.strata == lonely_strata(d)
        else:
            _check_lonely(estimates[name](), ref, analysis, name)
    assert ref[(f"{fixture}.fail.wijk", "design", "error")] == 1
    assert ref[(f"{fixture}.fail.elsewhere", "design", "error")] == 0


def test_case_survey_lonely_psu_matches_r_with_the_default(survey_r):
    """The shared case survey-lonely-psu: one respondent left in stratum 034406 of wave 2020.
    With the pipeline's default (survey.lonely_psu: adjust) every estimate exists and equals
    R's with options(survey.lonely.psu = "adjust"); the stratum adds variance (adjust is
    conservative: the SE of the whole population is larger than with "remove")."""
    ref = survey_r()
    assert DEFAULT_LONELY_PSU == "adjust"
    d = make_case_fixture()
    assert lonely_strata(d) == ["034406"]
    assert d["y"].iloc[-1] == 0 and d["wijk"].iloc[-1] == "WK034406"
    pop = d["inpop"] == 1
    wijk = survey_proportion(d, "y", by=["wijk"], where=pop, lonely_psu=DEFAULT_LONELY_PSU)
    assert wijk["value"].notna().all() and wijk["se"].notna().all()
    _check_domains(wijk, ref, "case.adjust.wijk", ["wijk"], ["value", "se"])
    tot = survey_proportion(d, "y", where=pop, lonely_psu=DEFAULT_LONELY_PSU).iloc[0]
    close(tot["se"], ref[("case.adjust.totaal", "totaal", "se")])
    close(tot["value"], ref[("case.adjust.totaal", "totaal", "value")])
    assert ref[("case.adjust.totaal", "totaal", "se")] > ref[("case.remove.totaal", "totaal", "se")]


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
