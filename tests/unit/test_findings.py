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


def _series(code, values, trend, lo, hi, method="wilson", tmethod="trend_logit"):
    """A series of yearly values from 2019 on and its trend row (the last year)."""
    rows = [_row("gemeente", code, None, None, value=v, method=method) | {"year": 2019 + i}
            for i, v in enumerate(values)]  # fmt: skip
    last = 2019 + len(values) - 1
    return [
        *rows,
        _row("gemeente", code, None, None, value=trend, method=tmethod, lo=lo, hi=hi)
        | {"year": last},
    ]


def test_trend_words_say_how_much_and_how_sure():
    """Clear but under 10% of the figure over the period: 'licht'; no clear trend while even the
    interval's ends stay under 10%: 'gelijk' (about the same); otherwise as the interval says."""
    m = pd.DataFrame([
        # 26,6% -> 26,0% over 2019-2023, many children: clear, -2,3% over the period
        *_series("A", [0.266, 0.265, 0.263, 0.262, 0.260], 0.9937, 0.9888, 0.9987),
        # 26% -> 20%: clear and large
        *_series("B", [0.26, 0.245, 0.23, 0.215, 0.20], 0.93, 0.91, 0.95),
        # no clear trend, and at most -4% .. +4% over the period: about the same
        *_series("C", [0.26, 0.262, 0.259, 0.261, 0.26], 1.0, 0.99, 1.01),
        # no clear trend, but -28% .. +23% fits too: not 'the same'
        *_series("D", [0.26, 0.25, 0.27, 0.26, 0.26], 1.0, 0.92, 1.06),
        # a survey share (change per year): +1,5 points a year at 10% over two years: +30%, clear
        *_series("E", [0.09, 0.12], 0.015, 0.005, 0.025, method="survey_taylor", tmethod="trend_wls"),
        # a trend row without its values (suppressed): the interval alone
        _row("gemeente", "F", None, None, value=1.01, method="trend_logit", lo=1.005, hi=1.015),
        _row("wijk", "W", 10, 100),  # a theme has wijken
    ])  # fmt: skip
    t = findings(m).query("comparison == 'trend'").set_index("area_code")["verdict"]
    assert t.to_dict() == {"A": "daalt_licht", "B": "daalt", "C": "gelijk", "D": "geen_trend", "E": "stijgt",
                           "F": "stijgt"}  # fmt: skip


@pytest.mark.parametrize(
    "slight, expected",
    [
        # by hand (findings.period_change): A -1,8%, B -20,6%, C -2,9%..+3,0%, D -22,7%..+18,2%, E +14,3%
        (0.015, {"A": "daalt", "B": "daalt", "C": "geen_trend", "D": "geen_trend", "E": "stijgt"}),
        (
            0.30,
            {
                "A": "daalt_licht",
                "B": "daalt_licht",
                "C": "gelijk",
                "D": "gelijk",
                "E": "stijgt_licht",
            },
        ),
    ],
)
def test_the_slight_threshold_is_a_parameter(slight, expected):
    """config findings.slight: the share of the figure under which a clear trend is 'licht' and
    under which even the interval's ends make 'ongeveer gelijk'."""
    m = pd.DataFrame([
        *_series("A", [0.266, 0.265, 0.263, 0.262, 0.260], 0.9937, 0.9888, 0.9987),
        *_series("B", [0.26, 0.245, 0.23, 0.215, 0.20], 0.93, 0.91, 0.95),
        *_series("C", [0.26, 0.262, 0.259, 0.261, 0.26], 1.0, 0.99, 1.01),
        *_series("D", [0.26, 0.25, 0.27, 0.26, 0.26], 1.0, 0.92, 1.06),
        *_series("E", [0.09, 0.12], 0.015, 0.005, 0.025, method="survey_taylor", tmethod="trend_wls"),
        _row("wijk", "W", 10, 100),
    ])  # fmt: skip
    t = findings(m, slight=slight).query("comparison == 'trend'").set_index("area_code")["verdict"]
    assert t.to_dict() == expected


def test_no_wijk_rows_is_nothing_to_compare():
    # a theme or measure with gemeente rows only: an empty comparison, not an error
    m = pd.DataFrame([
        _row("gemeente", "GM0344", 300, 1000),
        _row("gemeente", "GM0344", np.nan, np.nan, value=0.9, method="trend_logit", lo=0.85, hi=0.95),
    ])  # fmt: skip
    from wijkzicht.outputs.findings import COLUMNS, wijk_differences

    w = wijk_differences(m)
    assert w.empty and list(w.columns) == COLUMNS
    t = findings(m)
    assert list(t["comparison"]) == ["trend"] and list(t["verdict"]) == ["daalt"]
