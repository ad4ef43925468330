"""One standard population for every gemeente of a GGD region run (themes.migratie.standard_cells,
rule migratie_standard): the adults of all the region's gemeenten together in the first year,
so that the age-sex standardised figures of the gemeenten compare fairly. Hand-computed on two
tiny gemeenten with a different age make-up."""

import pandas as pd
import pytest
from worlds import REPO, config, table

from wijkzicht.definitions import parse_definitions
from wijkzicht.inputs.reference import herkomst_groups, read_countries, read_geography
from wijkzicht.themes import migratie as mg

CFG = config()
THEME = parse_definitions(CFG).migratie
HERKOMST = herkomst_groups(read_countries(REPO / "config/reference/countries.csv"))
BANDS = CFG["age_bands"]["volwassenen"]
NO_INCOME = pd.DataFrame(columns=["RINPERSOONS", "RINPERSOON", "percentile"])


def residents(gemeente: str, rows: str) -> pd.DataFrame:
    df = table(rows)
    df["in_gba"] = df["in_gba"] == "1"
    df["age"] = pd.to_numeric(df["age"])
    df["gemeente"] = gemeente
    df["RINPERSOONS"] = "R"
    df["herkomst"], df["generatie"] = "Nederland", "Nederlandse herkomst"
    return df


# Utrecht: mostly young men; Zeist: mostly women of 30-44. Each also has a child, a person
# without a GBAPERSOONTAB row and (Utrecht) an adult of unknown sex: none of them is in the
# standard population.
UTRECHT = residents(
    "GM0344",
    """
| RINPERSOON | wijk     | in_gba | age | leeftijd | geslacht |
| 000000001  | WK034401 | 1      | 20  | 18-29    | man      |
| 000000002  | WK034401 | 1      | 21  | 18-29    | man      |
| 000000003  | WK034401 | 1      | 22  | 18-29    | man      |
| 000000004  | WK034401 | 1      | 35  | 30-44    | vrouw    |
| 000000005  | WK034401 | 1      | 10  | 4-11     | vrouw    |
| 000000006  | WK034401 | 0      |     |          | onbekend |
| 000000007  | WK034401 | 1      | 50  | 45-64    | onbekend |
""",
)
ZEIST = residents(
    "GM0355",
    """
| RINPERSOON | wijk     | in_gba | age | leeftijd | geslacht |
| 000000011  | WK035501 | 1      | 25  | 18-29    | man      |
| 000000012  | WK035501 | 1      | 31  | 30-44    | vrouw    |
| 000000013  | WK035501 | 1      | 32  | 30-44    | vrouw    |
| 000000014  | WK035501 | 1      | 33  | 30-44    | vrouw    |
| 000000015  | WK035501 | 1      | 12  | 12-17    | man      |
| 000000016  | WK035501 | 0      |     |          | onbekend |
""",
)
# GGZ care: Utrecht 1 of 3 young men and its woman; Zeist none of its man, 2 of 3 women
CONDITIONS = table("""
| RINPERSOONS | RINPERSOON | condition |
| R           | 000000001  | ggz       |
| R           | 000000004  | ggz       |
| R           | 000000012  | ggz       |
| R           | 000000013  | ggz       |
""")


def cells_of(cells: pd.DataFrame) -> dict:
    return {(r.leeftijd, r.geslacht): r.persons for r in cells.itertuples()}


def test_standard_cells_are_the_adults_of_every_gemeente_together():
    cells = mg.standard_cells([UTRECHT, ZEIST], THEME.min_age)
    # adults of known sex with a GBAPERSOONTAB row: men 18-29: 3 + 1, women 30-44: 1 + 3
    assert cells_of(cells) == {("18-29", "man"): 4, ("30-44", "vrouw"): 4}
    assert list(cells.columns) == ["leeftijd", "geslacht", "persons"]
    # the region order does not matter
    assert cells.equals(mg.standard_cells([ZEIST, UTRECHT], THEME.min_age))
    # as the migratie job selects its adults: the same cells as those of `adults`
    pop = pd.concat(
        [mg.adults(r, CONDITIONS, NO_INCOME, THEME) for r in (UTRECHT, ZEIST)], ignore_index=True
    )
    assert (
        mg.standard_weights(cells, BANDS).to_dict()
        == mg.standard_weights(pop[pop["geslacht"].isin(mg.SEXES)], BANDS).to_dict()
    )


def standardised_ggz(res: pd.DataFrame, gemeente: str, standard: pd.DataFrame) -> float:
    geo = read_geography(REPO / "config/reference/geography.csv", gemeente)
    pop = mg.adults(res, CONDITIONS, NO_INCOME, THEME)
    m, _ = mg.year_measures(pop, standard, 2021, THEME, geo, HERKOMST, BANDS, buurt=False)
    row = m[
        (m["measure"] == "migratie.ggz")
        & (m["method"] == "direct_std_gamma")
        & (m["area_level"] == "gemeente")
        & (m["group"] == "totaal")
    ]
    assert len(row) == 1
    return float(row["value"].iloc[0])


def test_each_gemeente_standardised_to_the_region_by_hand():
    """Region standard: men 18-29 weigh 4/8, women 30-44 4/8. Utrecht: 1/2 x 1/3 + 1/2 x 1/1 =
    2/3; Zeist: 1/2 x 0/1 + 1/2 x 2/3 = 1/3. Each to its own adults instead (the single run's
    standard) both would be 1/2 (Utrecht 3/4 x 1/3 + 1/4 x 1; Zeist 1/4 x 0 + 3/4 x 2/3): the
    difference in care within the same age and sex would not show."""
    region = mg.standard_cells([UTRECHT, ZEIST], THEME.min_age)
    assert standardised_ggz(UTRECHT, "GM0344", region) == pytest.approx(2 / 3)
    assert standardised_ggz(ZEIST, "GM0355", region) == pytest.approx(1 / 3)
    own = {
        gm: mg.adults(r, CONDITIONS, NO_INCOME, THEME)
        for gm, r in (("GM0344", UTRECHT), ("GM0355", ZEIST))
    }
    assert standardised_ggz(UTRECHT, "GM0344", own["GM0344"]) == pytest.approx(1 / 2)
    assert standardised_ggz(ZEIST, "GM0355", own["GM0355"]) == pytest.approx(1 / 2)


def test_person_rows_and_their_cells_weigh_alike():
    """A single run's standard is the adults themselves (one row each); the region's is cells
    with a count: the same persons give the same weights, so the same figures."""
    pop = mg.adults(UTRECHT, CONDITIONS, NO_INCOME, THEME)
    known = pop[pop["geslacht"].isin(mg.SEXES)]
    weights = mg.standard_weights(known, BANDS)
    assert (
        weights.to_dict()
        == mg.standard_weights(mg.standard_cells([UTRECHT], THEME.min_age), BANDS).to_dict()
    )
    assert weights.loc[("18-29", "man")] == 3 and weights.loc[("30-44", "vrouw")] == 1
    assert int(weights.sum()) == 4  # every other band x sex stratum weighs 0
