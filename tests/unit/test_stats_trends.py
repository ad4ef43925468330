"""Trends over years.

Independent references:
- statsmodels GLM (Binomial, IRLS) per series for the logistic trend;
- with two years the Cochran-Armitage statistic is Pearson's chi-squared of the 2 x 2
  table (Agresti 2013, section 3.4.7; scipy.stats.chi2_contingency without correction);
- with two years the WLS slope is (y2 - y1) / (t2 - t1) with known-variance SE
  sqrt(se1^2 + se2^2) / |t2 - t1|.
- R's glm, prop.trend.test and lm: see test_stats_r.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.stats import chi2_contingency

from wijkzicht.statistics.trends import trend_counts, trend_estimates


def series() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for s, slope in [("up", 0.15), ("flat", 0.0), ("down", -0.1)]:
        for t in range(2018, 2024):
            n = int(rng.integers(200, 400))
            x = int(rng.binomial(n, 1 / (1 + np.exp(-(-1.8 + slope * (t - 2018))))))
            rows.append({"wijk": s, "year": t, "x": x, "n": n})
    return pd.DataFrame(rows)


def test_logistic_trend_matches_statsmodels_glm():
    df = series()
    out = trend_counts(df, by=["wijk"]).set_index("wijk")
    for s, g in df.groupby("wijk"):
        fit = sm.GLM(
            np.column_stack([g["x"], g["n"] - g["x"]]),
            sm.add_constant(g["year"].astype(float)),
            family=sm.families.Binomial(),
        ).fit(tol=1e-13, tol_criterion="params")
        r = out.loc[s]
        assert r["log_or_per_year"] == pytest.approx(fit.params.iloc[1], rel=1e-9)
        assert r["se"] == pytest.approx(fit.bse.iloc[1], rel=1e-8)
        assert r["p_value"] == pytest.approx(fit.pvalues.iloc[1], rel=1e-7)
        assert r["odds_ratio_per_year"] == pytest.approx(np.exp(fit.params.iloc[1]), rel=1e-9)
        assert r["converged"]
        assert r["numerator"] == g["x"].sum() and r["denominator"] == g["n"].sum()


def test_two_years_cochran_armitage_is_pearson_chi2():
    df = pd.DataFrame({"year": [2020, 2022], "x": [30, 52], "n": [200, 210]})
    r = trend_counts(df).iloc[0]
    table = np.array([[30, 170], [52, 158]])
    chi2, p, _, _ = chi2_contingency(table, correction=False)
    assert r["chisq_trend"] == pytest.approx(chi2, rel=1e-12)
    assert r["p_trend"] == pytest.approx(p, rel=1e-10)
    # and the logistic slope is half the log odds ratio of the 2 x 2 table
    log_or = np.log((52 / 158) / (30 / 170))
    assert r["log_or_per_year"] == pytest.approx(log_or / 2, rel=1e-10)
    assert r["se"] == pytest.approx(np.sqrt(1 / 30 + 1 / 170 + 1 / 52 + 1 / 158) / 2, rel=1e-10)


def test_no_estimate_without_events_or_with_separation():
    df = pd.DataFrame(
        {
            "wijk": ["a"] * 3 + ["b"] * 4 + ["c"],
            "year": [2020, 2021, 2022, 2020, 2021, 2022, 2023, 2020],
            "x": [0, 0, 0, 0, 0, 30, 40, 5],
            "n": [50, 60, 70, 50, 60, 30, 40, 50],
        }
    )
    out = trend_counts(df, by=["wijk"]).set_index("wijk")
    assert not out["converged"].any()
    assert out[["log_or_per_year", "se", "ci_lower", "p_value"]].isna().all().all()
    assert np.isnan(out.loc["a", "chisq_trend"])  # no events: no test either
    assert out.loc["b", "chisq_trend"] > 100  # the score test still exists
    assert np.isnan(out.loc["c", "chisq_trend"])  # one year only
    assert out.loc["c", "n_years"] == 1


def test_wls_two_points_closed_form():
    df = pd.DataFrame({"year": [2019, 2023], "value": [0.10, 0.18], "se": [0.02, 0.03]})
    r = trend_estimates(df).iloc[0]
    assert r["slope"] == pytest.approx(0.02, rel=1e-12)
    assert r["se"] == pytest.approx(np.sqrt(0.02**2 + 0.03**2) / 4, rel=1e-12)
    z = 1.959963984540054
    assert r["ci_lower"] == pytest.approx(0.02 - z * r["se"], rel=1e-12)
    assert np.isnan(trend_estimates(df, scale="estimated").iloc[0]["se"])  # needs 3 years


def test_wls_ignores_unusable_rows_and_groups():
    df = pd.DataFrame(
        {
            "g": ["a", "a", "a", "a", None],
            "year": [2019, 2020, 2021, 2022, 2020],
            "value": [0.1, np.nan, 0.14, 0.2, 0.5],
            "se": [0.01, 0.01, 0.0, 0.02, 0.01],
        }
    )
    out = trend_estimates(df, by=["g"])
    assert list(out["g"]) == ["a"] and out["n_years"].iloc[0] == 2
    assert out["slope"].iloc[0] == pytest.approx(0.1 / 3, rel=1e-12)
    with pytest.raises(ValueError):
        trend_estimates(df, scale="robust")
