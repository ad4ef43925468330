"""Model-estimate rows (themes/small_area.py): household type, the frame, rows and counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from wijkzicht.themes.small_area import (
    SmallAreaDataError,
    household_type,
    model_frame,
    model_rows,
)

GEO = pd.DataFrame({
    "gemeente_code": "GM0344", "gemeente_name": "Utrecht",
    "wijk_code": ["WK1"] * 3 + ["WK2"] * 3, "wijk_name": ["Eén"] * 3 + ["Twee"] * 3,
    "buurt_code": [f"BU{i}" for i in range(1, 7)], "buurt_name": list("ABCDEF"),
})  # fmt: skip
SETTINGS = {
    "measures": ["k10_hoog"], "factors": {"leeftijd": "18-44", "huishouden": "alleenstaand"},
    "flags": ["ggz"], "wijk_effect": True, "min_level_respondents": 20, "quadrature_points": 5,
    "bootstrap": 40, "seed": 1,
}  # fmt: skip
# 40 replicates: the 2.5% and 97.5% quantiles of 15 errors are interpolated between the two
# most extreme ones, too few for the estimate to lie inside its interval in every buurt


def test_household_type_on_1_january_from_the_spells():
    hh = pd.DataFrame({
        "RINPERSOONS": "R", "RINPERSOON": ["1", "2", "2", "3", "4"],
        "DATUMAANVANGHH": pd.to_datetime(["2020-01-01", "2019-05-01", "2022-01-02", "2023-01-01", "2021-01-01"]),
        "DATUMEINDEHH": pd.to_datetime(["2050-12-31", "2022-01-01", None, None, None]),
        "TYPHH": ["1", "4", "6", "2", "8"],
    })  # fmt: skip
    got = household_type(hh, 2022).set_index("RINPERSOON")["huishouden"].to_dict()
    # person 2: the spell ending on 1 January still counts, the next begins on 2 January;
    # person 3's spell begins after the day: no household (onbekend in the frame)
    assert got == {"1": "alleenstaand", "2": "paar met kinderen", "4": "institutioneel"}
    adults = pd.DataFrame({"RINPERSOONS": "R", "RINPERSOON": ["3", "1"]})
    assert model_frame(adults, hh, 2022)["huishouden"].tolist() == ["alleenstaand", "onbekend"]


def _world(rng, n=6000):
    buurt = rng.integers(0, 6, n)
    frame = pd.DataFrame({
        "RINPERSOONS": "R", "RINPERSOON": [f"{i:09d}" for i in range(n)],
        "buurt": [f"BU{b + 1}" for b in buurt], "wijk": np.where(buurt < 3, "WK1", "WK2"),
        "leeftijd": rng.choice(["18-44", "45+"], n), "huishouden": rng.choice(["alleenstaand", "paar"], n),
        "ggz": rng.random(n) < 0.1,
    })  # fmt: skip
    eta = -2 + 0.8 * (frame["leeftijd"] == "45+") + 1.2 * frame["ggz"] + 0.4 * (buurt >= 3)
    y = (rng.random(n) < expit(eta)).astype(float)
    # respondents: 15% of buurten 1-5, nobody in buurt 6; a few outside the population
    resp = np.flatnonzero((rng.random(n) < 0.15) & (buurt < 5))
    design = frame.iloc[resp][["RINPERSOONS", "RINPERSOON"]].assign(
        k10_hoog=y[resp], in_population=True
    )
    outside = pd.DataFrame({"RINPERSOONS": "R", "RINPERSOON": ["x1", "x2"], "k10_hoog": [1.0, 0.0],
                            "in_population": False})  # fmt: skip
    return frame, pd.concat([design, outside], ignore_index=True)


def test_rows_per_buurt_and_wijk_with_residents_and_respondents():
    frame, design = _world(np.random.default_rng(4))
    rows, fits = model_rows(frame, design, GEO, SETTINGS, 2022)
    assert fits[0]["converged"] and fits[0]["bootstrap_replicates"] == 40
    assert "wijk=WK2" in fits[0]["terms"] and "huishouden=paar" in fits[0]["terms"]
    assert set(rows["method"]) == {"modelschatting"} and set(rows["measure"]) == {
        "migratie.k10_hoog"
    }
    by = rows.set_index("area_code")
    # residents and respondents are hand counts of the frame and the design
    assert by.loc["BU1", "denominator"] == (frame["buurt"] == "BU1").sum()
    assert by.loc["WK2", "denominator"] == (frame["wijk"] == "WK2").sum()
    in_pop = design[design["in_population"]].merge(frame, on=["RINPERSOONS", "RINPERSOON"])
    assert by.loc["BU2", "n_denominator"] == (in_pop["buurt"] == "BU2").sum()
    assert by.loc["BU6", "n_denominator"] == 0 and by.loc["BU6", "value"] > 0  # from covariates
    assert by["numerator"].isna().all() and by["n_numerator"].isna().all()
    assert ((by["ci_lower"] <= by["value"]) & (by["value"] <= by["ci_upper"])).all()
    # a wijk's estimate is the resident-weighted mean of its buurten's
    b = by.loc[["BU1", "BU2", "BU3"]]
    assert by.loc["WK1", "value"] == pytest.approx(
        (b["value"] * b["denominator"]).sum() / b["denominator"].sum()
    )
    # same inputs, same seed: the same rows
    again, _ = model_rows(frame, design, GEO, SETTINGS, 2022)
    pd.testing.assert_frame_equal(rows, again)


def test_a_rare_level_counts_as_the_reference_and_a_bad_buurt_is_named():
    frame, design = _world(np.random.default_rng(5))
    frame.loc[frame.index[:5], "huishouden"] = "eenouder"  # 5 residents, at most 5 respondents
    _, fits = model_rows(frame, design, GEO, SETTINGS, 2022)
    assert not any(t.startswith("huishouden=eenouder") for t in fits[0]["terms"])
    frame.loc[frame.index[0], "buurt"] = "BU99"
    with pytest.raises(SmallAreaDataError, match="BU99"):
        model_rows(frame, design, GEO, SETTINGS, 2022)


def test_an_outcome_that_cannot_be_fitted_has_no_rows_and_says_why():
    frame, design = _world(np.random.default_rng(6))
    rows, fits = model_rows(frame, design.assign(k10_hoog=0.0), GEO, SETTINGS, 2022)
    assert rows.empty and "every respondent has outcome 0" in fits[0]["not_estimated"]
