"""Logistic regression odds ratios.

Independent references:
- With one factor the maximum likelihood odds ratio of a level is the sample odds
  ratio (a d) / (b c), with SE of the log OR sqrt(1/a + 1/b + 1/c + 1/d) (Woolf 1955;
  Agresti 2013, Categorical Data Analysis, sections 3.1.1 and 5.2).
- The person-level fit with statsmodels' formula interface (patsy treatment coding,
  Newton-Raphson Logit) must give the same figures as our covariate-pattern GLM.
- R's glm: see test_stats_r.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from wijkzicht.statistics.models import logistic_odds_ratios


def persons(seed=1, n=3000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "herkomst": rng.choice(["Nederland", "Marokko", "Turkije", "Suriname"], n),
            "leeftijd": rng.choice(["18-29", "30-44", "45-64", "65+"], n),
            "geslacht": rng.choice(["man", "vrouw"], n),
        }
    )
    eta = -1.5 + 0.5 * (df["herkomst"] == "Marokko") + 0.3 * (df["geslacht"] == "vrouw")
    df["y"] = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    return df


def test_single_factor_matches_woolf():
    counts = {"Nederland": (30, 170), "Marokko": (25, 55), "Turkije": (12, 68)}
    rows = []
    for lev, (ev, non) in counts.items():
        rows += [{"herkomst": lev, "y": 1}] * ev + [{"herkomst": lev, "y": 0}] * non
    out = logistic_odds_ratios(pd.DataFrame(rows), "y", {"herkomst": "Nederland"})
    out = out.set_index("level")
    a, b = counts["Nederland"]
    for lev in ["Marokko", "Turkije"]:
        c, d = counts[lev]
        assert out.loc[lev, "odds_ratio"] == pytest.approx((c * b) / (d * a), rel=1e-10)
        se = np.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
        assert out.loc[lev, "se"] == pytest.approx(se, rel=1e-9)
        z = 1.959963984540054
        assert out.loc[lev, "ci_lower"] == pytest.approx(
            out.loc[lev, "odds_ratio"] * np.exp(-z * se), rel=1e-9
        )
        assert out.loc[lev, "n_events"] == c and out.loc[lev, "n_persons"] == c + d
    assert "Nederland" not in out.index


def test_matches_person_level_statsmodels_formula_fit():
    df = persons()
    refs = {"herkomst": "Nederland", "leeftijd": "18-29", "geslacht": "man"}
    ours = logistic_odds_ratios(df, "y", refs)
    formula = "y ~ " + " + ".join(f"C({f}, Treatment(reference='{r}'))" for f, r in refs.items())
    fit = smf.logit(formula, df).fit(disp=False, method="newton", tol=1e-14, maxiter=100)
    for _, row in ours.iterrows():
        name = f"C({row['term']}, Treatment(reference='{refs[row['term']]}'))[T.{row['level']}]"
        assert row["log_odds_ratio"] == pytest.approx(fit.params[name], rel=1e-9, abs=1e-12)
        assert row["se"] == pytest.approx(fit.bse[name], rel=1e-9)
        assert row["p_value"] == pytest.approx(fit.pvalues[name], rel=1e-7, abs=1e-15)
        sub = df[df[row["term"]] == row["level"]]
        assert row["n_events"] == sub["y"].sum() and row["n_persons"] == len(sub)
    assert len(ours) == 3 + 3 + 1
    assert list(ours["term"].unique()) == ["herkomst", "leeftijd", "geslacht"]


def test_levels_without_persons_are_dropped_and_order_is_kept():
    df = persons()
    df["herkomst"] = pd.Categorical(
        df["herkomst"], categories=["Nederland", "Marokko", "Turkije", "Suriname", "Polen"]
    )
    out = logistic_odds_ratios(
        df,
        "y",
        {"herkomst": "Nederland", "geslacht": "man"},
        levels={"herkomst": ["Polen", "Turkije", "Marokko", "Suriname"]},
    )
    assert list(out["level"]) == ["Turkije", "Marokko", "Suriname", "vrouw"]


def test_reference_without_persons_or_collinear_factors_are_errors():
    df = persons()
    with pytest.raises(ValueError, match="reference"):
        logistic_odds_ratios(df, "y", {"herkomst": "Polen"})
    df["kopie"] = df["geslacht"]
    with pytest.raises(ValueError, match="collinear"):
        logistic_odds_ratios(df, "y", {"geslacht": "man", "kopie": "man"})
    df.loc[0, "herkomst"] = None
    with pytest.raises(ValueError, match="missing"):
        logistic_odds_ratios(df, "y", {"herkomst": "Nederland"})


def test_separation_is_flagged():
    df = persons()
    df.loc[df["leeftijd"] == "65+", "y"] = 0
    out = logistic_odds_ratios(df, "y", {"leeftijd": "18-29", "geslacht": "man"})
    flags = out.set_index("level")["separation"]
    assert flags["65+"]
    assert not flags["30-44"] and not flags["vrouw"]
    row = out.set_index("level").loc["65+"]
    assert np.isnan([row["odds_ratio"], row["ci_lower"], row["ci_upper"], row["se"]]).all()
    assert row["n_events"] == 0 and row["n_persons"] == (df["leeftijd"] == "65+").sum()
    assert np.isfinite(
        out.set_index("level").loc["vrouw", ["odds_ratio", "se"]].astype(float)
    ).all()
