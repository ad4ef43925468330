"""Migration theme: scoring rules, populations and domains on hand-built tiny tables."""

import numpy as np
import pandas as pd
import pytest
from worlds import REPO, config, table

from wijkzicht.definitions import parse_definitions
from wijkzicht.inputs.reference import (
    herkomst_groups,
    read_countries,
    read_geography,
    survey_strata,
)
from wijkzicht.themes import migratie as mg

CFG = config()
THEME = parse_definitions(CFG).migratie
GEO = read_geography(REPO / "config/reference/geography.csv", "GM0344")
HERKOMST = herkomst_groups(read_countries(REPO / "config/reference/countries.csv"))
BANDS = CFG["age_bands"]["volwassenen"]


def survey_wave(rows: str, k10, eenz) -> pd.DataFrame:
    """A GEZOMONITOR wave from a table of key, STRATUM and WEIGHT rows: every K10 item
    answered `k10` and every EENZ item `eenz` (a value, or one per row)."""
    survey = table(rows)
    survey["WEIGHT"] = survey["WEIGHT"].astype(float)
    for i in range(1, 11):
        survey[f"K10_{i:02d}"] = k10
    for i in range(1, 12):
        survey[f"EENZ_{i:02d}"] = eenz
    return survey


def test_k10_score_needs_eight_items():
    items = pd.DataFrame(
        [
            [3] * 10,
            [3] * 8 + [np.nan] * 2,
            [3] * 7 + [np.nan] * 3,
            [1, 2, 3, 4, 5, 5, 4, 3, 2, np.nan],
        ],
        columns=[f"K10_{i:02d}" for i in range(1, 11)],
    )
    score = mg.k10_score(items, 8)
    assert score.iloc[0] == 30 and score.iloc[1] == 30  # 2 missing: 24 x 10 / 8
    assert np.isnan(score.iloc[2])  # 3 missing: not computed
    assert score.iloc[3] == pytest.approx(29 * 10 / 9)


def test_loneliness_score():
    cols = [f"EENZ_{i:02d}" for i in range(1, 12)]
    neg, pos = (
        list(THEME.survey.eenzaamheid.negative_items),
        list(THEME.survey.eenzaamheid.positive_items),
    )
    # all 'ja' (1): the six negative items score; all 'nee' (3): the five positive items score;
    # all 'min of meer' (2): every item scores; one item missing: not computed
    rows = [[1] * 11, [3] * 11, [2] * 11, [2] * 10 + [np.nan]]
    s = mg.loneliness_score(pd.DataFrame(rows, columns=cols, dtype=float), neg, pos)
    assert s.iloc[:3].tolist() == [6, 5, 11] and np.isnan(s.iloc[3])


@pytest.mark.parametrize(
    "percentile, quintile",
    [(1, "1"), (20, "1"), (21, "2"), (60, "3"), (100, "5"), (-1, "onbekend"), (None, "onbekend")],
)
def test_income_quintile(percentile, quintile):
    assert mg.income_quintile(pd.Series([percentile], dtype=float)).iloc[0] == quintile


def residents(rows: str) -> pd.DataFrame:
    df = table(rows)
    df["in_gba"] = df["in_gba"] == "1"
    df["age"] = pd.to_numeric(df["age"])
    df["gemeente"] = "GM0344"
    df["RINPERSOONS"] = "R"
    return df


RESIDENTS = residents("""
| RINPERSOON | wijk     | in_gba | age | leeftijd | geslacht | herkomst  | generatie            |
| 000000001  | WK034401 | 1      | 40  | 30-44    | man      | Nederland | Nederlandse herkomst |
| 000000002  | WK034401 | 1      | 41  | 30-44    | vrouw    | Marokko   | migrant              |
| 000000003  | WK034403 | 1      | 17  | 12-17    | vrouw    | Marokko   | kind van migrant(en) |
| 000000004  | WK034403 | 1      | 70  | 65-74    | onbekend | Turkije   | migrant              |
| 000000005  | WK034403 | 0      |     |          | onbekend |           |                      |
| 000000006  | WK034403 | 1      | 25  | 18-29    | man      | Marokko   | migrant              |
""")
CONDITIONS = table("""
| RINPERSOONS | RINPERSOON | condition     |
| R           | 000000002  | ggz           |
| R           | 000000004  | ggz           |
| R           | 000000006  | psychofarmaca |
""")


def test_adults_population_and_flags():
    income = pd.DataFrame({"RINPERSOONS": ["R"], "RINPERSOON": ["000000001"], "percentile": [35]})
    pop = mg.adults(RESIDENTS, CONDITIONS, income, THEME).set_index("RINPERSOON")
    assert list(pop.index) == [
        "000000001",
        "000000002",
        "000000004",
        "000000006",
    ]  # 18+ with GBA row
    assert pop["ggz"].tolist() == [False, True, True, False]
    assert pop["inkomen"].tolist() == ["2", "onbekend", "onbekend", "onbekend"]


def test_registry_crude_keeps_unknown_sex_and_standardised_drops_it():
    pop = mg.adults(
        RESIDENTS,
        CONDITIONS,
        pd.DataFrame(columns=["RINPERSOONS", "RINPERSOON", "percentile"]),
        THEME,
    )
    standard = pop[pop["geslacht"].isin(mg.SEXES)]
    m = mg.registry_measures(pop, standard, 2021, THEME, GEO, HERKOMST, BANDS)
    ggz = m[
        (m["measure"] == "migratie.ggz") & (m["area_code"] == "GM0344") & (m["group"] == "totaal")
    ]
    crude = ggz[ggz["method"] == "wilson"].iloc[0]
    std = ggz[ggz["method"] == "direct_std_gamma"].iloc[0]
    assert (crude["n_numerator"], crude["n_denominator"]) == (2, 4)
    assert (std["n_numerator"], std["n_denominator"]) == (1, 3)  # person 4 (sex unknown) left out
    # standard strata present: 30-44 man, 30-44 vrouw, 18-29 man (one person each): weights 1/3;
    # rates 0, 1, 0 -> standardised share 1/3
    assert std["value"] == pytest.approx(1 / 3)
    # complete grid: 2 measures x 2 methods x 11 areas x (1 + herkomst groups + 4 generaties)
    assert len(m) == 2 * 2 * 11 * (1 + len(HERKOMST) + 4)


def test_survey_domains_use_residence_not_stratum():
    survey = survey_wave(
        """
    | RINPERSOONS | RINPERSOON | STRATUM | WEIGHT |
    | R           | 000000001  | 034403  | 10     |
    | R           | 000000002  | 034401  | 20     |
    | R           | 000000003  | 034403  | 5      |
    | I           | 000000009  | 034401  | 7      |
    | R           | 000000006  | 034403  | 8      |
    """,
        k10=[4.0, 2.0, 5.0, 5.0, 4.0],
        eenz=2.0,
    )
    survey.loc[4, ["K10_01", "K10_02", "K10_03"]] = np.nan  # 3 missing: no K10 score
    design = mg.survey_persons(survey, RESIDENTS, CONDITIONS, THEME)
    assert design["in_population"].tolist() == [True, True, False, False, True]  # 3 is 17; 9 is 'I'
    assert design["wijk"].iloc[0] == "WK034401"  # lives in West, sampled in stratum Overvecht
    m = mg.survey_measures(design, 2022, GEO, HERKOMST)
    k10 = m[(m["measure"] == "migratie.k10_hoog") & (m["group"] == "totaal")].set_index("area_code")
    # population with a K10 score: 1 (score 40, w 10) and 2 (score 20, w 20), both in West
    assert (k10.loc["GM0344", "n_numerator"], k10.loc["GM0344", "n_denominator"]) == (1, 2)
    assert k10.loc["GM0344", "value"] == pytest.approx(10 / 30)
    assert k10.loc["WK034401", "denominator"] == pytest.approx(30.0)
    assert k10.loc["WK034403", "n_denominator"] == 0
    gap = m[(m["measure"] == "migratie.zorgkloof") & (m["group"] == "totaal")].iloc[0]
    assert (gap["n_numerator"], gap["n_denominator"]) == (0, 1)  # person 1 distressed, no GGZ care
    assert set(m["method"]) == {"survey_taylor"}


def test_eenzaam_measure_rows():
    survey = survey_wave(
        """
    | RINPERSOONS | RINPERSOON | STRATUM | WEIGHT |
    | R           | 000000001  | 034401  | 10     |
    | R           | 000000002  | 034401  | 30     |
    | R           | 000000006  | 034403  | 8      |
    | R           | 000000004  | 034403  | 2      |
    """,
        k10=1.0,
        eenz=[2.0, 3.0, 1.0, 2.0],  # scores 11, 5, 6, 11
    )
    survey.loc[3, "EENZ_05"] = np.nan  # person 4: one item missing, no loneliness score
    design = mg.survey_persons(survey, RESIDENTS, CONDITIONS, THEME)
    m = mg.survey_measures(design, 2022, GEO, HERKOMST)
    e = m[(m["measure"] == "migratie.eenzaam") & (m["group"] == "totaal")].set_index("area_code")
    assert (e.loc["GM0344", "n_numerator"], e.loc["GM0344", "n_denominator"]) == (3, 3)
    assert e.loc["GM0344", "denominator"] == pytest.approx(48.0)
    mar = m[
        (m["measure"] == "migratie.eenzaam")
        & (m["area_code"] == "GM0344")
        & (m["group_value"] == "Marokko")
    ]
    assert (mar["n_numerator"].iloc[0], mar["n_denominator"].iloc[0]) == (2, 2)  # persons 2 and 6


def test_odds_ratio_rows():
    rng = np.random.default_rng(1)
    n = 4000
    pop = pd.DataFrame({
        "herkomst": rng.choice(["Nederland", "Marokko", "Turkije"], n),
        "leeftijd": rng.choice(BANDS, n),
        "geslacht": rng.choice(["man", "vrouw", "onbekend"], n, p=[0.49, 0.49, 0.02]),
        "inkomen": rng.choice(mg.INKOMEN, n),
    })  # fmt: skip
    logit = -2 + 0.7 * (pop["herkomst"] == "Marokko") + 0.3 * (pop["geslacht"] == "vrouw")
    pop["ggz"] = rng.random(n) < 1 / (1 + np.exp(-logit))
    m = mg.odds_ratios(pop, 2021, GEO, HERKOMST, BANDS)
    assert set(m["method"]) == {"logit_glm"} and set(m["area_code"]) == {"GM0344"}
    assert set(m["group"]) == {"herkomst", "leeftijd", "geslacht", "inkomen"}
    # reference levels have no row; unknown sex is left out; groups without persons are dropped
    assert not {"Nederland", "18-29", "man", "1", "onbekend"} & set(
        m.loc[m["group"] != "inkomen", "group_value"]
    )
    assert set(m.loc[m["group"] == "herkomst", "group_value"]) == {"Marokko", "Turkije"}
    known = pop[pop["geslacht"] != "onbekend"]
    mar = m[(m["group"] == "herkomst") & (m["group_value"] == "Marokko")].iloc[0]
    assert mar["n_denominator"] == (known["herkomst"] == "Marokko").sum()
    assert mar["n_numerator"] == known.loc[known["herkomst"] == "Marokko", "ggz"].sum()
    assert 1.5 < mar["value"] < 3.0 and mar["ci_lower"] < mar["value"] < mar["ci_upper"]


def test_a_gemeentes_survey_estimate_uses_its_own_respondents_only():
    """A GGD region's survey file: respondents of GM0344 (strata 034401, 034403) and of
    GM0356 (035601). With GM0344's strata the design holds its three rows; respondent 3,
    sampled in Nieuwegein but living in Utrecht (a resident of RESIDENTS), is not in it.
    Hand value: K10 scores 40 (w 10), 20 (w 20), 40 (w 8, person 6) -> k10_hoog = 18 / 38."""
    survey = survey_wave(
        """
    | RINPERSOONS | RINPERSOON | STRATUM | WEIGHT |
    | R           | 000000001  | 034401  | 10     |
    | R           | 000000002  | 034401  | 20     |
    | R           | 000000006  | 034403  | 8      |
    | R           | 000000004  | 035601  | 50     |
    | R           | 000000011  | 035601  | 30     |
    | R           | 000000012  | 035602  | 40     |
    """,
        k10=[4.0, 2.0, 4.0, 4.0, 4.0, 1.0],
        eenz=2.0,
    )
    full = read_geography(REPO / "config/reference/geography.csv")
    strata = survey_strata(full, "GM0344")
    assert "034401" in strata and not any(s.startswith("0356") for s in strata)
    design = mg.survey_persons(survey, RESIDENTS, CONDITIONS, THEME, strata)
    assert design["RINPERSOON"].tolist() == ["000000001", "000000002", "000000006"]
    m = mg.survey_measures(design, 2022, GEO, HERKOMST)
    k10 = m[(m["measure"] == "migratie.k10_hoog") & (m["group"] == "totaal")].set_index("area_code")
    assert (k10.loc["GM0344", "n_numerator"], k10.loc["GM0344", "n_denominator"]) == (2, 3)
    assert k10.loc["GM0344", "value"] == pytest.approx(18 / 38)
    # without the strata every row is in the design and person 4 (a resident) would count
    everyone = mg.survey_persons(survey, RESIDENTS, CONDITIONS, THEME)
    m_all = mg.survey_measures(everyone, 2022, GEO, HERKOMST, lonely_psu="adjust")
    k_all = m_all[(m_all["measure"] == "migratie.k10_hoog") & (m_all["group"] == "totaal")]
    assert k_all.set_index("area_code").loc["GM0344", "value"] == pytest.approx(68 / 88)
