"""The verschillen table: wijk against the rest of the city with Holm's correction, and trends."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportions_ztest

from wijkzicht.outputs.findings import findings, flags


def _row(
    area_level,
    code,
    num,
    den,
    value=None,
    method="wilson",
    se=np.nan,
    lo=np.nan,
    hi=np.nan,
    status="ok",
):
    return {
        "theme": "kopp", "measure": "kopp.aandeel", "definition": "breed", "year": 2023,
        "area_level": area_level, "area_code": code, "area_name": code, "group": "totaal",
        "group_value": "totaal", "method": method, "numerator": num, "denominator": den,
        "value": value if value is not None else (num / den if den else np.nan),
        "ci_lower": lo, "ci_upper": hi, "se": se, "status": status,
    }  # fmt: skip


@pytest.fixture
def measures():
    return pd.DataFrame([
        _row("gemeente", "GM0344", 300, 1000),
        _row("wijk", "A", 60, 100),  # 60 % against 240/900 = 26.7 % in the rest: higher
        _row("wijk", "B", 25, 100),  # 25 % against 275/900 = 30.6 %: no clear difference
        _row("wijk", "C", np.nan, np.nan, status="suppressed_primary"),
        _row("wijk", "D", 0, 0),  # nobody lives there
        _row("gemeente", "GM0344", np.nan, np.nan, value=0.9, method="trend_logit", lo=0.85, hi=0.95),
        _row("wijk", "A", np.nan, np.nan, value=1.1, method="trend_logit", lo=0.9, hi=1.3),
    ])  # fmt: skip


def test_wijk_against_rest_of_city_with_holm(measures):
    t = findings(measures)
    w = t[t["comparison"] == "wijk_vs_gemeente"].set_index("area_code")
    p_a = proportions_ztest([60, 240], [100, 900])[1]
    p_b = proportions_ztest([25, 275], [100, 900])[1]
    assert w.loc["A", "p_value"] == pytest.approx(p_a, abs=1e-6)
    assert w.loc["B", "p_value"] == pytest.approx(p_b, abs=1e-6)
    # two tests in the family (C and D cannot be tested): Holm multiplies the smallest by 2
    assert w.loc["A", "p_holm"] == pytest.approx(min(1, 2 * p_a), abs=1e-6)
    assert w.loc["B", "p_holm"] == pytest.approx(max(min(1, 2 * p_a), p_b), abs=1e-6)
    assert w["verdict"].to_dict() == {
        "A": "hoger",
        "B": "geen_verschil",
        "C": "niet_te_toetsen",
        "D": "niet_te_toetsen",
    }
    assert (w["test"] == "two_proportion_z").all()
    assert w.loc["A", "reference_value"] == pytest.approx(0.3)


def test_lower_wijk_is_lager(measures):
    measures.loc[measures["area_code"] == "B", ["numerator", "value"]] = [5, 0.05]
    w = findings(measures).query("comparison == 'wijk_vs_gemeente'").set_index("area_code")
    assert w.loc["B", "verdict"] == "lager"


def test_trends_in_words(measures):
    t = findings(measures).query("comparison == 'trend'").set_index("area_code")
    assert t["verdict"].to_dict() == {"GM0344": "daalt", "A": "geen_trend"}


def test_standardised_rates_use_the_conservative_z_test():
    m = pd.DataFrame([
        _row("gemeente", "GM0344", 100, 1000, value=0.10, method="direct_std_gamma", se=0.005),
        _row("wijk", "A", 30, 150, value=0.16, method="direct_std_gamma", se=0.02),
    ])  # fmt: skip
    w = findings(m).iloc[0]
    z = (0.16 - 0.10) / np.sqrt(0.02**2 + 0.005**2)
    assert w["test"] == "z_independent"
    assert w["p_value"] == pytest.approx(2 * (1 - __import__("scipy").stats.norm.cdf(z)), abs=1e-6)
    assert w["verdict"] == "hoger"


def test_flags_for_pages(measures):
    assert flags(findings(measures), "kopp.aandeel", "breed", "wilson", 2023)["A"] == "hoger"
