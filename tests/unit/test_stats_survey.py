"""Survey domain estimates: textbook identities and behaviour (no R needed).

The comparison with R's survey package itself is in test_stats_r.py. Here:
- Cochran WG (1977), Sampling Techniques, 3rd ed.: with one stratum and equal weights
  the variance of the mean with replacement is s^2 / n (eq. 2.12 without fpc); for a
  stratified sample with weights N_h / n_h the population mean has variance
  sum_h (N_h / N)^2 s_h^2 / n_h (Theorem 5.3, eq. 5.6 without fpc).
- The interval for p = 0 or 1 falls back to Clopper-Pearson on the unweighted counts.
- Strata with one respondent (lonely PSUs) by hand, for each lonely_psu option.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from wijkzicht.errors import WijkzichtError
from wijkzicht.statistics.proportions import clopper_pearson
from wijkzicht.statistics.survey import (
    DEFAULT_LONELY_PSU,
    LONELY_PSU,
    LonelyStratumError,
    design_summary,
    lonely_strata,
    survey_mean,
    survey_proportion,
)

REPO = Path(__file__).resolve().parents[2]


def test_simple_random_sample_variance_is_s2_over_n():
    rng = np.random.default_rng(1)
    y = (rng.random(200) < 0.3).astype(float)
    df = pd.DataFrame({"STRATUM": "A", "WEIGHT": 5.0, "y": y})
    r = survey_proportion(df, "y").iloc[0]
    assert r["value"] == pytest.approx(y.mean(), rel=1e-14)
    assert r["se"] == pytest.approx(np.sqrt(y.var(ddof=1) / len(y)), rel=1e-12)
    assert r["df"] == 199
    assert r["numerator"] == pytest.approx(5.0 * y.sum())
    assert r["denominator"] == pytest.approx(1000.0)
    assert r["n_numerator"] == y.sum() and r["n_denominator"] == 200


def test_stratified_mean_variance_cochran_5_6():
    rng = np.random.default_rng(2)
    N_h = {"a": 5000, "b": 12000, "c": 3000}
    n_h = {"a": 40, "b": 90, "c": 25}
    frames = []
    for h in N_h:
        frames.append(
            pd.DataFrame(
                {"STRATUM": h, "WEIGHT": N_h[h] / n_h[h], "y": rng.normal(10 + len(h), 3, n_h[h])}
            )
        )
    df = pd.concat(frames, ignore_index=True)
    r = survey_mean(df, "y").iloc[0]
    N = sum(N_h.values())
    g = df.groupby("STRATUM")["y"]
    mean = sum(N_h[h] / N * g.mean()[h] for h in N_h)
    var = sum((N_h[h] / N) ** 2 * g.var(ddof=1)[h] / n_h[h] for h in N_h)
    assert r["value"] == pytest.approx(mean, rel=1e-13)
    assert r["se"] == pytest.approx(np.sqrt(var), rel=1e-12)
    assert r["df"] == len(df) - 3


def test_domain_keeps_the_full_design():
    """Out-of-domain rows are not dropped: removing them changes the SE."""
    rng = np.random.default_rng(3)
    n = 300
    df = pd.DataFrame(
        {
            "STRATUM": rng.integers(0, 5, n),
            "WEIGHT": rng.uniform(1, 3, n),
            "y": (rng.random(n) < 0.4).astype(float),
            "dom": rng.choice(["x", "z"], n),
        }
    )
    full = survey_proportion(df, "y", by=["dom"]).set_index("dom")
    only_x = survey_proportion(df[df["dom"] == "x"], "y").iloc[0]
    assert full.loc["x", "value"] == pytest.approx(only_x["value"], rel=1e-14)
    assert full.loc["x", "se"] != pytest.approx(only_x["se"], rel=1e-6)
    # Missing outcomes and `where` act like leaving the domain.
    df2 = df.copy()
    df2.loc[df2["dom"] == "z", "y"] = np.nan
    a = survey_proportion(df2, "y").iloc[0]
    b = survey_proportion(df, "y", where=df["dom"] == "x").iloc[0]
    for col in ["value", "se", "df", "ci_lower", "ci_upper"]:
        assert a[col] == pytest.approx(full.loc["x", col], rel=1e-13)
        assert b[col] == pytest.approx(full.loc["x", col], rel=1e-13)


def test_row_order_does_not_matter():
    rng = np.random.default_rng(4)
    n = 500
    df = pd.DataFrame(
        {
            "STRATUM": rng.integers(0, 8, n).astype(str),
            "WEIGHT": rng.uniform(1, 9, n),
            "y": (rng.random(n) < 0.3).astype(float),
            "wijk": rng.choice(["WK01", "WK02", "WK03", None], n),
        }
    )
    a = survey_proportion(df, "y", by=["wijk"])
    b = survey_proportion(df.sample(frac=1, random_state=5), "y", by=["wijk"])
    assert list(a["wijk"]) == ["WK01", "WK02", "WK03"]  # missing wijk: no domain
    pd.testing.assert_frame_equal(a, b, rtol=1e-12)


def test_extreme_proportion_falls_back_to_clopper_pearson():
    df = pd.DataFrame(
        {
            "STRATUM": ["a"] * 6 + ["b"] * 6,
            "WEIGHT": np.linspace(1, 3, 12),
            "y": [0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1],
            "dom": ["nul"] * 3 + ["mix"] * 3 + ["nul"] * 2 + ["mix"] * 3 + ["een"],
        }
    )
    df.loc[df["dom"] == "een", "y"] = 1
    out = survey_proportion(df, "y", by=["dom"]).set_index("dom")
    assert out.loc["nul", "value"] == 0 and out.loc["nul", "se"] == 0
    assert out.loc["nul", "ci_method"] == "clopper_pearson"
    _, lo, hi, _ = clopper_pearson(0, 5)
    assert out.loc["nul", "ci_lower"] == 0 and out.loc["nul", "ci_upper"] == pytest.approx(hi)
    assert out.loc["een", "ci_upper"] == 1 and out.loc["een", "ci_method"] == "clopper_pearson"
    assert out.loc["mix", "ci_method"] == "logit"
    assert 0 < out.loc["mix", "ci_lower"] < out.loc["mix", "value"] < out.loc["mix", "ci_upper"] < 1


def test_lonely_psu_is_refused_by_default():
    df = pd.DataFrame({"STRATUM": ["a", "a", "b"], "WEIGHT": 1.0, "y": [0.0, 1.0, 1.0]})
    with pytest.raises(LonelyStratumError, match="single PSU") as err:
        survey_proportion(df, "y")
    assert err.value.strata == ["b"] and isinstance(err.value, WijkzichtError)
    removed = survey_proportion(df, "y", lonely_psu="remove").iloc[0]
    # stratum b contributes nothing; stratum a: z = (y - 2/3) / 3, 2/1 * sum (z - zbar)^2
    z = (np.array([0.0, 1.0]) - 2 / 3) / 3
    assert removed["se"] == pytest.approx(np.sqrt(2 * np.sum((z - z.mean()) ** 2)), rel=1e-13)
    adjusted = survey_proportion(df, "y", lonely_psu="adjust").iloc[0]
    zb = (1.0 - 2 / 3) / 3
    assert adjusted["se"] == pytest.approx(np.sqrt(removed["se"] ** 2 + zb**2), rel=1e-13)
    # a single-stage design: a certainty PSU contributes 0, as "remove"
    certainty = survey_proportion(df, "y", lonely_psu="certainty")
    pd.testing.assert_frame_equal(certainty, survey_proportion(df, "y", lonely_psu="remove"))
    # the lonely stratum adds a PSU and a stratum: no degree of freedom
    assert removed["df"] == adjusted["df"] == 3 - 2


def test_fail_stops_only_an_estimate_that_meets_the_lonely_stratum():
    """As R: a domain without a respondent of the lonely stratum is estimated as usual."""
    df = pd.DataFrame(
        {
            "STRATUM": ["a", "a", "a", "b"],
            "WEIGHT": [1.0, 2.0, 3.0, 4.0],
            "y": [0.0, 1.0, 1.0, 1.0],
            "wijk": ["W1", "W1", "W2", "W2"],
        }
    )
    with pytest.raises(LonelyStratumError, match="'b'"):
        survey_proportion(df, "y", by=["wijk"])
    w1 = survey_proportion(df, "y", where=df["wijk"] == "W1").iloc[0]
    same = survey_proportion(df, "y", where=df["wijk"] == "W1", lonely_psu="remove").iloc[0]
    assert w1["se"] == same["se"] and w1["value"] == 2 / 3
    # the lonely respondent without an outcome: out of every domain, no error
    df.loc[3, "y"] = np.nan
    assert len(survey_proportion(df, "y", by=["wijk"])) == 2


def test_lonely_adjust_in_a_wave_of_two_strata():
    """Stratum a: 3 respondents, stratum b: 1. adjust = the lonely influence value z_b
    uncentred, scale 1; the other stratum as usual (scale 3/2)."""
    df = pd.DataFrame(
        {"STRATUM": ["a", "a", "a", "b"], "WEIGHT": [1.0, 1.0, 2.0, 4.0], "y": [1.0, 0, 0, 1]}
    )
    r = survey_mean(df, "y", lonely_psu="adjust").iloc[0]
    p = 5 / 8
    z = np.array([1.0, 1.0, 2.0, 4.0]) * (df["y"].to_numpy() - p) / 8
    za = z[:3]
    var = 3 / 2 * np.sum((za - za.mean()) ** 2) + z[3] ** 2
    assert r["value"] == p and r["se"] == pytest.approx(np.sqrt(var), rel=1e-13)
    assert r["df"] == 4 - 2


def test_lonely_strata_and_design_summary():
    df = pd.DataFrame({"STRATUM": ["034401", "034401", "034406", "034410"], "WEIGHT": 1.0})
    assert lonely_strata(df) == ["034406", "034410"]
    assert design_summary(df) == {
        "strata": 3,
        "lonely_strata": ["034406", "034410"],
        "lonely_psu": DEFAULT_LONELY_PSU,
    }
    assert design_summary(df, lonely_psu="remove")["lonely_psu"] == "remove"
    with pytest.raises(ValueError, match="lonely_psu"):
        design_summary(df, lonely_psu="average")


def test_default_lonely_psu_is_the_config_schema_default():
    schema = yaml.safe_load((REPO / "workflow/schemas/config.schema.yaml").read_text())
    key = schema["properties"]["survey"]["properties"]["lonely_psu"]
    assert key["default"] == DEFAULT_LONELY_PSU == "adjust"
    assert tuple(key["enum"]) == LONELY_PSU


def test_invalid_input_is_refused():
    df = pd.DataFrame({"STRATUM": ["a", "a"], "WEIGHT": [1.0, 0.0], "y": [0.0, 1.0]})
    with pytest.raises(ValueError, match="weights"):
        survey_proportion(df, "y")
    df = pd.DataFrame({"STRATUM": ["a", "a"], "WEIGHT": [1.0, 1.0], "y": [0.0, 2.0]})
    with pytest.raises(ValueError, match="0/1"):
        survey_proportion(df, "y")
    with pytest.raises(ValueError, match="lonely_psu"):
        survey_mean(df, "y", lonely_psu="average")


def test_ten_thousand_respondents_hundred_domains():
    rng = np.random.default_rng(6)
    n = 10_000
    df = pd.DataFrame(
        {
            "STRATUM": rng.integers(0, 60, n),
            "WEIGHT": rng.uniform(0.5, 20, n),
            "y": np.where(rng.random(n) < 0.05, np.nan, (rng.random(n) < 0.2).astype(float)),
            "wijk": rng.integers(0, 100, n),
        }
    )
    out = survey_proportion(df, "y", by=["wijk"]).set_index("wijk")
    assert len(out) == 100
    # each domain's point estimate is the weighted share among its respondents with an outcome
    answered = df.dropna(subset=["y"])
    domains = answered.groupby("wijk")
    expected = domains.apply(
        lambda d: np.average(d["y"], weights=d["WEIGHT"]), include_groups=False
    )
    assert out["value"].to_numpy() == pytest.approx(expected.loc[out.index].to_numpy(), rel=1e-12)
    assert (out["n_denominator"] == domains.size().loc[out.index]).all()
    assert (out["se"] > 0).all() and (out["ci_lower"] <= out["value"]).all()
    assert (out["value"] <= out["ci_upper"]).all()
