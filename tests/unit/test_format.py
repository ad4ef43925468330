"""Numbers and states as a reader sees them."""

import numpy as np

from wijkzicht.outputs.format import about, interval, number, pct, ratio, shown, state, trend_rule


def test_dutch_and_english_separators():
    assert number(35152, "nl") == "35.152" and number(35152, "en") == "35,152"
    assert number(1234567.5, "nl", 1) == "1.234.567,5"
    assert pct(0.2655666671, "nl") == "26,6%" and pct(0.2655666671, "en") == "26.6%"
    assert ratio(1.2345, "nl") == "1,23" and ratio(0.8, "en") == "0.80"
    assert interval(0.249, 0.274, "nl") == "24,9% tot 27,4%"
    assert interval(0.92, 1.01, "en", "ratio") == "0.92 to 1.01"


def test_suppressed_and_empty_are_kept_apart():
    assert (
        state({"status": "suppressed_primary", "value": np.nan, "denominator": np.nan})
        == "suppressed"
    )
    assert state({"status": "suppressed_secondary", "value": np.nan}) == "suppressed"
    assert state({"status": "ok", "value": np.nan, "denominator": 0}) == "empty"
    assert state({"status": "ok", "value": 0.0, "denominator": 12}) == "ok"
    assert shown({"status": "ok", "value": np.nan, "denominator": 0}, "nl") == "geen personen"
    assert shown({"status": "suppressed_primary", "value": np.nan}, "nl") == "onderdrukt"
    assert shown({"status": "ok", "value": 0.25, "denominator": 100}, "en") == "25.0%"


def test_an_approximate_count_is_said_with_two_significant_digits():
    """'ongeveer 1.365' promises a precision that 'ongeveer' denies: 1.400 (half up), as CBS
    writes in text; a count under 100 stays as it is."""
    said = {v: about(v, "nl") for v in (15, 40, 99, 100, 835, 1005, 1250, 1365, 20700, 123456)}
    assert said == {15: "15", 40: "40", 99: "99", 100: "100", 835: "840", 1005: "1.000", 1250: "1.300",
                    1365: "1.400", 20700: "21.000", 123456: "120.000"}  # fmt: skip
    assert about(1365, "en") == "1,400"


def test_the_trend_rule_says_slight_comes_from_the_trend_line():
    """'stijgt licht' beside 5,4% -> 6,0% (+11%): the word is read from the trend line over all
    years, not from the first and last value shown, and the rule says so (with its example)."""
    assert "volgens de trendlijn over alle jaren" in trend_rule("nl")
    assert "bij een cijfer van 20% minder dan 2 procentpunt" in trend_rule("nl")
    assert "along the trend line over all years" in trend_rule("en")


def test_the_trend_rule_states_the_configured_share():
    # config findings.slight, passed by the job: the percentage and the example at 20% follow it
    assert (
        "minder dan 15% van zichzelf (bij een cijfer van 20% minder dan 3 procentpunt)"
        in trend_rule("nl", 0.15)
    )
    assert "smaller than 15% of the figure" in trend_rule("en", 0.15)
    assert (
        "minder dan 12,5% van zichzelf (bij een cijfer van 20% minder dan 2,5 procentpunt)"
        in trend_rule("nl", 0.125)
    )
    assert trend_rule("nl") == trend_rule("nl", 0.10)  # the default: the pages as before


def test_model_covariates_in_brackets_says_nothing_without_covariates():
    """factors {} and flags [] pass the config schema: no ' ()' after the words it explains."""
    from wijkzicht.outputs.format import model_covariates_in_brackets

    for small_area in (None, {}, {"factors": {}, "flags": []}, {"factors": [], "flags": []}):
        assert model_covariates_in_brackets("nl", small_area) == "", small_area
    assert model_covariates_in_brackets("nl", {"factors": ["leeftijd", "geslacht"]}) == (
        " (leeftijd en geslacht)"
    )
    assert model_covariates_in_brackets("en", {"factors": ["generatie"], "flags": []}) == (
        " (generation)"
    )


def test_the_standard_year_is_the_first_year_of_the_standardised_rows():
    """One rule (format.std_year) for the key messages, the report, the workbook and the
    dashboard: the first year of the direct_std_gamma rows, from a table or a list of rows."""
    import pandas as pd

    from wijkzicht.outputs.format import std_year

    rows = [
        {"measure": "migratie.ggz", "method": "direct_std_gamma", "year": 2023},
        {"measure": "migratie.ggz", "method": "direct_std_gamma", "year": 2021},
        {"measure": "migratie.ggz", "method": "wilson", "year": 2019},  # crude: not the standard
        {"measure": "migratie.eenzaam", "method": "survey_taylor", "year": 2018},
    ]
    assert std_year(rows) == 2021
    assert std_year(pd.DataFrame(rows)) == 2021
    assert std_year(rows[2:]) is None and std_year(pd.DataFrame(rows[2:])) is None


def test_the_trend_rule_says_one_percentage_point_in_the_singular():
    """A slight of 5%: one point at a figure of 20%, 'percentage point' (was '1 percentage
    points'); other values keep the plural; Dutch 'procentpunt' either way."""
    assert "less than 1 percentage point);" in trend_rule("en", 0.05)
    assert "percentage points" not in trend_rule("en", 0.05)
    assert "less than 2 percentage points);" in trend_rule("en", 0.10)
    assert "less than 0.5 percentage points);" in trend_rule("en", 0.025)
    assert "minder dan 1 procentpunt)" in trend_rule("nl", 0.05)


def test_std_population_names_the_gemeente_or_the_region():
    """Whose adults the standard population is: a single run the gemeente's own ('in Utrecht',
    as the pages said before), a GGD region run all its gemeenten together, named."""
    from wijkzicht.outputs.format import STANDARDISED_MEANS, std_compared, std_population

    assert std_population("nl", "Utrecht") == "in Utrecht"
    assert std_population("en", "Utrecht", []) == "in Utrecht"
    assert std_population("nl", "Zeist", ["Utrecht", "Zeist", "De Bilt"]) == (
        "van de gemeenten Utrecht, Zeist en De Bilt samen"
    )
    assert std_population("en", "Zeist", ["Utrecht", "Zeist"]) == (
        "of the municipalities Utrecht and Zeist together"
    )
    single = STANDARDISED_MEANS["nl"].format(
        std_pop=std_population("nl", "Utrecht"), std_year=2019, std_counts="",
        std_compared=std_compared("nl"),
    )  # fmt: skip
    assert (
        "als de volwassenen in Utrecht in 2019. Zo zijn wijken, groepen en jaren eerlijk" in single
    )
    region = STANDARDISED_MEANS["en"].format(
        std_pop=std_population("en", "Utrecht", ["Utrecht", "Zeist"]), std_year=2019,
        std_counts="", std_compared=std_compared("en", ["Utrecht", "Zeist"]),
    )  # fmt: skip
    assert "as the adults of the municipalities Utrecht and Zeist together in 2019, so" in region
    assert (
        "so that wijken, groups, years and the municipalities of the region can be compared"
        in region
    )


def test_std_population_of_many_gemeenten_counts_them_and_names_them_only_where_asked():
    """A region of more than three gemeenten: 'van de 16 gemeenten van de regio samen' (16 names
    made the infographic's big-number block 9 lines and shrank its map), the names once in
    brackets where there is room (`named`: the report's reading guide); three are still named."""
    from wijkzicht.outputs.format import std_population

    many = [f"Gemeente {i}" for i in range(1, 17)]
    assert std_population("nl", "Gemeente 1", many) == "van de 16 gemeenten van de regio samen"
    assert (
        std_population("en", "Gemeente 1", many)
        == "of the 16 municipalities of the region together"
    )
    assert std_population("nl", "Gemeente 1", many, named=True) == (
        "van de 16 gemeenten van de regio samen (Gemeente 1, Gemeente 2, Gemeente 3, Gemeente 4, Gemeente 5, "
        "Gemeente 6, Gemeente 7, Gemeente 8, Gemeente 9, Gemeente 10, Gemeente 11, Gemeente 12, Gemeente 13, "
        "Gemeente 14, Gemeente 15 en Gemeente 16)")  # fmt: skip
    four = ["Utrecht", "Zeist", "De Bilt", "Houten"]
    assert std_population("en", "Zeist", four, named=True) == (
        "of the 4 municipalities of the region together (Utrecht, Zeist, De Bilt and Houten)"
    )
    assert std_population("nl", "Zeist", four[:3], named=True) == (
        "van de gemeenten Utrecht, Zeist en De Bilt samen"
    )


def test_std_compared_names_the_gemeenten_only_in_a_region_run():
    """What a standardised figure makes fair to compare: wijken, groups and years; in a GGD
    region run (one standard population for all its gemeenten) the gemeenten of the region too,
    last; as a list in a sentence, nl and en."""
    from wijkzicht.outputs.format import std_compared

    assert std_compared("nl") == "wijken, groepen en jaren"
    assert std_compared("nl", ["Utrecht", "Zeist"]) == (
        "wijken, groepen, jaren en de gemeenten van de regio"
    )
    assert std_compared("en", ["Utrecht"]) == (
        "wijken, groups, years and the municipalities of the region"
    )
    assert std_compared("en") == "wijken, groups and years"
