"""Trend rows in the measures table, and their suppression with the series they come from."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from wijkzicht.themes.trend_rows import propagate_suppression, trend_rows


def _series():
    rows = []
    for year, x, n in [(2019, 20, 200), (2020, 25, 210), (2021, 31, 190), (2022, 40, 205)]:
        rows.append({
            "theme": "t", "measure": "t.aandeel", "definition": "d", "year": year,
            "area_level": "gemeente", "area_code": "GM1", "area_name": "g", "group": "totaal",
            "group_value": "totaal", "method": "wilson", "n_numerator": x, "n_denominator": n,
            "value": x / n, "se": np.sqrt(x / n * (1 - x / n) / n), "status": "ok",
        })  # fmt: skip
    return pd.DataFrame(rows)


def test_logit_trend_matches_statsmodels_glm():
    m = _series()
    t = trend_rows(m)
    assert len(t) == 1 and t["method"].iloc[0] == "trend_logit" and t["year"].iloc[0] == 2022
    # independent: statsmodels binomial GLM on (events, non-events) ~ year
    endog = np.column_stack([m["n_numerator"], m["n_denominator"] - m["n_numerator"]])
    fit = sm.GLM(
        endog, sm.add_constant(m["year"].astype(float)), family=sm.families.Binomial()
    ).fit()
    assert t["value"].iloc[0] == pytest.approx(np.exp(fit.params["year"]), rel=1e-8)
    assert t["se"].iloc[0] == pytest.approx(fit.bse["year"], rel=1e-6)


def test_trend_suppressed_with_its_series():
    m = _series()
    m.loc[1, "status"] = "suppressed_primary"
    both = pd.concat([m, trend_rows(m)], ignore_index=True)
    out = propagate_suppression(both)
    assert out.loc[out["method"] == "trend_logit", "status"].tolist() == ["suppressed_secondary"]
    assert (
        propagate_suppression(pd.concat([_series(), trend_rows(_series())]))["status"]
        .eq("ok")
        .all()
    )
