"""Migration background and mental health: registered care versus survey distress (docs/rules.md#migratie)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from wijkzicht.definitions import Migratie
from wijkzicht.inputs.reference import GENERATIE, GENERATIE_ONBEKEND
from wijkzicht.statistics.models import logistic_odds_ratios
from wijkzicht.statistics.standardise import direct_standardise
from wijkzicht.statistics.survey import (
    DEFAULT_LONELY_PSU,
    LonelyStratumError,
    design_summary,
    lonely_strata,
    survey_proportion,
)
from wijkzicht.themes.table import (
    TOTAAL,
    CountNest,
    Keys,
    areas,
    count_grid,
    counts_by,
    factor_of,
    finalise,
    full_grid,
    lookup,
    rows_in,
    with_wilson,
)

if TYPE_CHECKING:  # annotations only: a job that queries nothing does not load DuckDB
    import duckdb

THEME = "migratie"
GENERATIES = [*GENERATIE.values(), GENERATIE_ONBEKEND]
SEXES = ["man", "vrouw"]
INKOMEN = ["1", "2", "3", "4", "5", "onbekend"]

INCOME_SQL = """
-- the income percentile of each person's income household in year t (docs/rules.md#m2)
SELECT k.RINPERSOONS, k.RINPERSOON, max(i.INHP100HBEST) AS percentile
FROM KOPPELPERSOONHUISHOUDEN AS k
JOIN INHATAB AS i
  ON i.RINPERSOONSHKW = k.RINPERSOONSHKW AND i.RINPERSOONHKW = k.RINPERSOONHKW
WHERE k.RINPERSOONS = 'R' AND k.RINPERSOON <> '' AND k.RINPERSOONHKW <> ''
GROUP BY ALL
"""


def income_quintile(percentile: pd.Series) -> pd.Series:
    """ceil(percentile / 20) for percentiles 1-100; every unknown case 'onbekend' (docs/rules.md#m2)."""
    p = pd.to_numeric(percentile, errors="coerce").astype(float)
    q = np.ceil(p / 20)
    known = p.between(1, 100).to_numpy(dtype=bool)
    return pd.Series(
        np.where(known, q.fillna(0).astype(int).astype(str), "onbekend"), index=percentile.index
    )


def percentile_of(persons: pd.DataFrame, income: pd.DataFrame) -> pd.Series:
    """The income percentile (`income`: one row per person, `income()`) of each person,
    NaN for a person without one; index that of `persons`."""
    at = lookup(persons, income, ["RINPERSOONS", "RINPERSOON"])
    pct = pd.to_numeric(income["percentile"], errors="coerce").astype(float).to_numpy()
    return pd.Series(
        np.where(at >= 0, pct[np.maximum(at, 0)] if len(pct) else np.nan, np.nan),
        index=persons.index,
    )


def population(residents: pd.DataFrame, min_age: int) -> pd.DataFrame:
    """Residents aged `min_age`+ with a GBAPERSOONTAB row (age known, docs/rules.md#m1)."""
    age = pd.to_numeric(residents["age"], errors="coerce")
    return residents[residents["in_gba"].astype(bool) & (age >= min_age).fillna(False).astype(bool)]


def adults(
    residents: pd.DataFrame, conditions: pd.DataFrame, income: pd.DataFrame, migratie: Migratie
) -> pd.DataFrame:
    """The registry population of year t (18+, with a GBAPERSOONTAB row) with a flag per
    registry measure (the measure's condition in year t)."""
    pop = population(residents, migratie.min_age).copy()
    keys = Keys(pop, ["RINPERSOONS", "RINPERSOON"])  # factorised once for every measure
    for m in migratie.definitions:
        hit = conditions.loc[
            conditions["condition"] == m.condition.name, ["RINPERSOONS", "RINPERSOON"]
        ]
        pop[m.name] = keys.isin(hit)
    pop["inkomen"] = income_quintile(percentile_of(pop, income)).to_numpy()
    from wijkzicht.themes.small_area import KEYS, sorted_by_keys  # (the model's, not every job's)

    if not sorted_by_keys(pop):  # the residents come sorted: then they are only checked
        pop = pop.sort_values(KEYS)
    return pop.reset_index(drop=True)


def standard_cells(residents: list[pd.DataFrame], min_age: int) -> pd.DataFrame:
    """The standard population of a GGD region run (docs/rules.md#m4): the adults (`population`:
    aged `min_age`+ with a GBAPERSOONTAB row, as `adults` selects them) of every gemeente's
    `residents` of the first configured year together, counted per age band and sex (man and
    vrouw; unknown sex is left out of standardisation). Columns leeftijd, geslacht, persons;
    one row per band x sex with persons, sorted."""
    parts = [population(r, min_age)[["leeftijd", "geslacht"]] for r in residents]
    both = pd.concat(parts, ignore_index=True)
    both = both[both["geslacht"].isin(SEXES)].astype({"leeftijd": str, "geslacht": str})
    cells = both.groupby(["leeftijd", "geslacht"]).size().rename("persons").reset_index()
    return cells.astype({"persons": "int64"}).sort_values(
        ["leeftijd", "geslacht"], ignore_index=True
    )


def standard_weights(standard: pd.DataFrame, bands: list[str]) -> pd.Series:
    """The weight of every age band x sex stratum (`bands` x SEXES; one empty in the standard
    population weighs 0): the number of persons of `standard` in it. `standard` is either persons,
    one row each (the adults of a year), or cells with their count in column `persons`
    (`standard_cells`)."""
    strata = pd.MultiIndex.from_product([bands, SEXES], names=["leeftijd", "geslacht"])
    if "persons" in standard.columns:
        counts = standard.groupby(["leeftijd", "geslacht"])["persons"].sum().astype("int64")
    else:
        counts = standard.groupby(["leeftijd", "geslacht"]).size()
    return counts.reindex(strata, fill_value=0)


def _groups(herkomst: list[str]) -> dict[str, list[str]]:
    return {TOTAAL: [TOTAAL], "herkomst": herkomst, "generatie": GENERATIES}


def registry_measures(
    pop: pd.DataFrame, standard: pd.DataFrame, year: int, migratie: Migratie,
    geography: pd.DataFrame, herkomst: list[str], bands: list[str], *, buurt: bool = False,
) -> pd.DataFrame:  # fmt: skip
    """migratie.<registry measure>: crude (Wilson) and direct age-sex standardised shares;
    with `buurt` also per buurt (totaal only, docs/rules.md#b1), both crude and standardised
    with the gemeente's standard population (docs/rules.md#b3)."""
    groups = _groups(herkomst)
    known = pop[pop["geslacht"].isin(SEXES)]
    # every band x sex stratum has a weight; one empty in the standard population weighs 0
    std_weights = standard_weights(standard, bands)
    parts = []
    shared: tuple[dict, dict] = ({}, {})  # the areas and groups of each table factorised once
    for measure in migratie.definitions.names:
        crude = with_wilson(
            count_grid(pop, measure, geography, groups, buurt=buurt, factors=shared[0])
        )
        parts.append(crude.assign(measure=f"migratie.{measure}", definition=measure))
        # standardised: persons of unknown sex left out of numerator and denominator (docs/rules.md#m3)
        grid = count_grid(known, measure, geography, groups, buurt=buurt, factors=shared[1])[
            ["area_level", "area_code", "area_name", "group", "group_value"]
        ]
        long = _long_by_area_group(known, measure, groups, buurt=buurt, factors=shared[1])
        std = direct_standardise(
            long, by=["area_level", "area_code", "group", "group_value"],
            stratum=["leeftijd", "geslacht"], events="d", persons="n", standard=std_weights,
        )  # fmt: skip
        std = grid.merge(std, how="left", on=["area_level", "area_code", "group", "group_value"])
        std["n_numerator"] = std["numerator"].fillna(0).astype("int64")
        std["n_denominator"] = std["denominator"].fillna(0).astype("int64")
        std["numerator"] = std["n_numerator"].astype(float)
        std["denominator"] = std["n_denominator"].astype(float)
        std = std.drop(columns=["crude", "strata_used"]).assign(
            method="direct_std_gamma", measure=f"migratie.{measure}", definition=measure
        )
        parts.append(std)
    out = pd.concat(parts, ignore_index=True).assign(theme=THEME, year=year)
    return finalise(out, {"herkomst": herkomst, "generatie": GENERATIES, "leeftijd": bands})


LONG = ["area_level", "area_code", "group", "group_value", "leeftijd", "geslacht", "d", "n"]


def _long_by_area_group(
    persons: pd.DataFrame, flag: str, groups: dict[str, list[str]], *, buurt: bool = False,
    factors: dict | None = None,
) -> pd.DataFrame:  # fmt: skip
    """Events and persons per area x group value x age band x sex (for standardisation);
    with `buurt`, per buurt too for `totaal`, as count_grid makes the rows. `factors`: as
    count_grid's, shared with it for the same persons."""
    factors = {} if factors is None else factors
    d = persons[flag].astype(int).to_numpy() != 0
    parts = []
    for group in groups:
        gval = factor_of(persons, group, factors)
        at = ("gemeente", "wijk", "buurt") if buurt and group == TOTAAL else ("gemeente", "wijk")
        for level in at:
            keys = {
                "area_code": factor_of(persons, level, factors), "group_value": gval,
                "leeftijd": factor_of(persons, "leeftijd", factors),
                "geslacht": factor_of(persons, "geslacht", factors),
            }  # fmt: skip
            tab = counts_by(keys, d).rename(columns={"events": "d", "persons": "n"})
            parts.append(tab.assign(area_level=level, group=group)[LONG])
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------- survey


def k10_score(items: pd.DataFrame, min_items: int = 8) -> pd.Series:
    """Sum of the answered items x 10 / number answered, when at least `min_items` are answered
    (docs/rules.md#m5)."""
    answered = items.notna().sum(axis=1)
    score = items.sum(axis=1, min_count=1) * 10 / answered.where(answered > 0)
    return score.where(answered >= min_items)


def loneliness_score(items: pd.DataFrame, negative: list[int], positive: list[int]) -> pd.Series:
    """De Jong Gierveld: computed only when all items are answered. Items in `negative`
    (2, 3, 5, 6, 9, 10) score 1 for ja (1) or min of meer (2); items in `positive`
    (1, 4, 7, 8, 11) score 1 for nee (3) or min of meer (2) (docs/rules.md#m6)."""
    score = pd.Series(0.0, index=items.index)
    for i in negative:
        score += items[f"EENZ_{i:02d}"].isin([1, 2]).astype(float)
    for i in positive:
        score += items[f"EENZ_{i:02d}"].isin([3, 2]).astype(float)
    return score.where(items.notna().all(axis=1))


def survey_outcomes(answers: pd.DataFrame, migratie: Migratie) -> pd.DataFrame:
    """The answers (K10_01..K10_10, EENZ_01..EENZ_11) with `k10_score`, `k10_hoog` and
    `eenzaam` added (0/1; missing where the score cannot be computed, docs/rules.md#m5 and
    docs/rules.md#m6)."""
    k10_def, eenz_def = migratie.survey.k10, migratie.survey.eenzaamheid
    out = answers.copy()
    k10 = out[[f"K10_{i:02d}" for i in range(1, 11)]].astype(float)
    out["k10_score"] = k10_score(k10, k10_def.min_items)
    out["k10_hoog"] = (
        (out["k10_score"] >= k10_def.cutoff).astype(float).where(out["k10_score"].notna())
    )
    eenz = out[[f"EENZ_{i:02d}" for i in range(1, 12)]].astype(float)
    lon = loneliness_score(eenz, list(eenz_def.negative_items), list(eenz_def.positive_items))
    out["eenzaam"] = (lon >= eenz_def.cutoff).astype(float).where(lon.notna())
    return out


def survey_persons(
    survey: pd.DataFrame,
    residents: pd.DataFrame,
    conditions: pd.DataFrame,
    migratie: Migratie,
    strata: list[str] | None = None,
) -> pd.DataFrame:
    """Every row of the wave (the design) with outcomes and the domains of its respondent.

    With `strata` (``inputs.reference.survey_strata``: the wijken of the analysed gemeente) only
    the rows sampled in those strata: the GGD's file of a region holds every gemeente's
    respondents, and a gemeente's design is its own strata. None keeps every row.

    A respondent is in the population domain (`in_population`) when an adult of the theme on
    1 January, with the wijk they live in, not the sampling stratum; everyone else stays in the
    design, in no domain (docs/rules.md#m7)."""
    if strata is not None:
        survey = survey[survey["STRATUM"].isin(strata)].reset_index(drop=True)
    out = survey_outcomes(survey, migratie)
    pop = population(residents, migratie.min_age)
    cols = ["RINPERSOONS", "RINPERSOON", "gemeente", "wijk", "herkomst", "generatie"]
    out = out.merge(pop[cols], how="left", on=["RINPERSOONS", "RINPERSOON"])
    out["in_population"] = out["gemeente"].notna()
    care = migratie.care.condition.name
    ggz = conditions.loc[conditions["condition"] == care, ["RINPERSOONS", "RINPERSOON"]]
    out["ggz"] = rows_in(out, ggz, ["RINPERSOONS", "RINPERSOON"]).astype(float)
    return out


def wave_design(
    survey: pd.DataFrame,
    residents: pd.DataFrame,
    conditions: pd.DataFrame,
    migratie: Migratie,
    strata: list[str] | None = None,
) -> pd.DataFrame:
    """`survey_persons` sorted by key: the estimators sum in this order, so the same rows in
    another order in the extract give the same bytes (tests/e2e/test_shuffle.py)."""
    design = survey_persons(survey, residents, conditions, migratie, strata)
    design = design.sort_values(["RINPERSOONS", "RINPERSOON"], kind="mergesort")
    return design.reset_index(drop=True)


def _survey_grid(
    design: pd.DataFrame, outcome: str, where: pd.Series, geography: pd.DataFrame,
    groups: dict[str, list[str]], levels: tuple[str, ...], lonely_psu: str,
) -> pd.DataFrame:  # fmt: skip
    parts = []
    grid_areas = areas(geography, levels)
    for group, values in groups.items():
        d = design.assign(_g=TOTAAL if group == TOTAAL else design[group])
        for level in levels:
            est = survey_proportion(
                d, outcome, by=[level, "_g"], where=where.to_numpy(), lonely_psu=lonely_psu
            )
            est = est.rename(columns={level: "area_code", "_g": "group_value"})
            full = full_grid(grid_areas, level, values)
            full = full.merge(est, how="left", on=["area_code", "group_value"]).assign(group=group)
            parts.append(full)
    out = pd.concat(parts, ignore_index=True)
    for c in ("n_numerator", "n_denominator"):
        out[c] = out[c].fillna(0).astype("int64")
    for c in ("numerator", "denominator"):
        out[c] = out[c].fillna(0.0)
    return out.assign(method="survey_taylor")


# migratie.zorgkloof counts among k10_hoog's numerator (the respondents with high distress):
# its denominator is that numerator, cell by cell (disclosure control, `count_nests`)
ZORGKLOOF = CountNest("migratie.zorgkloof", "ggz", "migratie.k10_hoog", "k10_hoog")


def count_nests() -> list[CountNest]:
    """The measures of migratie nested in another's numerator, for disclosure control:
    zorgkloof (the share with GGZ care among the respondents with high distress)."""
    return [ZORGKLOOF]


def survey_measures(
    design: pd.DataFrame, wave: int, geography: pd.DataFrame, herkomst: list[str],
    lonely_psu: str = DEFAULT_LONELY_PSU,
) -> pd.DataFrame:  # fmt: skip
    """migratie.k10_hoog and migratie.eenzaam (by area x group) and migratie.zorgkloof.

    `lonely_psu` (config key survey.lonely_psu) treats strata with a single respondent as
    R's survey.lonely.psu does (docs: wijkzicht.statistics.survey, config/README.md); such
    strata are named in the log, and with "fail" an estimate that meets one stops with a
    LonelyStratumError naming the wave, the strata and the key to set."""
    lonely = lonely_strata(design)
    if lonely:
        logging.getLogger("wijkzicht").warning(
            "survey wave %s: strata with a single respondent (lonely PSUs): %s; "
            "treated with survey.lonely_psu = %s",
            wave, ", ".join(lonely), lonely_psu,
        )  # fmt: skip
    groups = _groups(herkomst)
    pop = design["in_population"]
    parts = []
    try:
        for outcome in ("k10_hoog", "eenzaam"):
            est = _survey_grid(
                design, outcome, pop, geography, groups, ("gemeente", "wijk"), lonely_psu
            )
            parts.append(est.assign(measure=f"migratie.{outcome}", definition=outcome))
        # zorgkloof: among respondents with k10_hoog, the weighted share with GGZ care (docs/rules.md#m8)
        distressed = pop & (design["k10_hoog"] == 1)
        gap = _survey_grid(design, "ggz", distressed, geography, groups, ("gemeente",), lonely_psu)
        parts.append(gap.assign(measure=ZORGKLOOF.measure, definition=ZORGKLOOF.definition))
    except LonelyStratumError as err:
        strata = ", ".join(err.strata)
        raise LonelyStratumError(
            err.strata,
            f"survey wave {wave} (GEZOMONITOR{wave}): stratum {strata} has a single respondent "
            "(a lonely PSU), and with survey.lonely_psu: fail no standard error can be "
            "estimated for it. Set survey.lonely_psu in the configuration to adjust "
            "(conservative, the default), remove or certainty (config/README.md), or merge "
            "the stratum with a neighbouring one in the input.",
        ) from None
    out = pd.concat(parts, ignore_index=True).assign(theme=THEME, year=wave)
    keep = [c for c in out.columns if c not in ("df", "ci_method")]
    return finalise(out[keep], {"herkomst": herkomst, "generatie": GENERATIES})


# --------------------------------------------------------------------------- model


def odds_ratios(
    pop: pd.DataFrame, year: int, geography: pd.DataFrame, herkomst: list[str], bands: list[str]
) -> pd.DataFrame:
    """migratie.or_ggz: logistic regression of GGZ care on herkomst, age band, sex and income
    quintile; registry adults of year t, unknown sex left out (docs/rules.md#m9)."""
    data = pop[pop["geslacht"].isin(SEXES)]
    data = data.assign(y=data["ggz"].astype(int))
    refs = {"herkomst": "Nederland", "leeftijd": bands[0], "geslacht": "man", "inkomen": "1"}
    orders = {"herkomst": herkomst, "leeftijd": bands, "geslacht": SEXES, "inkomen": INKOMEN}
    try:
        res = logistic_odds_ratios(data, "y", refs, levels=orders)
    except ValueError as err:
        # a reference level without persons or a rank-deficient design (tiny populations):
        # the model is not estimable, so it has no rows; the reason goes to the log
        logging.getLogger("wijkzicht").warning("migratie.or_ggz %s not estimated: %s", year, err)
        return finalise(
            pd.DataFrame(columns=["theme", "measure", "definition", "year", "area_level"]).assign(
                year=[]
            )
        )
    gem = areas(geography, ("gemeente",)).iloc[0]
    out = pd.DataFrame({
        "area_level": "gemeente", "area_code": gem["area_code"], "area_name": gem["area_name"],
        "group": res["term"], "group_value": res["level"].astype(str),
        "numerator": res["n_events"].astype(float), "denominator": res["n_persons"].astype(float),
        "n_numerator": res["n_events"].astype("int64"), "n_denominator": res["n_persons"].astype("int64"),
        "value": res["odds_ratio"], "ci_lower": res["ci_lower"], "ci_upper": res["ci_upper"], "se": res["se"],
    })  # fmt: skip
    out = out.assign(
        theme=THEME, measure="migratie.or_ggz", definition="ggz", method="logit_glm", year=year
    )
    return finalise(
        out, {"herkomst": herkomst, "leeftijd": bands, "geslacht": SEXES, "inkomen": INKOMEN}
    )


def income(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Needs views KOPPELPERSOONHUISHOUDEN and INHATAB of year t. One row per person, in no
    particular order (GROUP BY); fetched as Arrow (`query_frame`: the frame `.df()` gives, about
    0.1 CPU s less a job on the default world)."""
    from wijkzicht.population.residents import query_frame

    return query_frame(con, INCOME_SQL)


def year_measures(
    pop: pd.DataFrame,
    standard: pd.DataFrame,
    year: int,
    migratie: Migratie,
    geography: pd.DataFrame,
    herkomst: list[str],
    age_bands: list[str],
    *,
    buurt: bool,
    survey: pd.DataFrame | None = None,
    small_area: pd.DataFrame | None = None,
    lonely_psu: str | None = None,
) -> tuple[pd.DataFrame, dict]:
    """The measures of year t and its survey design for the release notes.

    `pop`: the adults of year t (`adults`); `standard`: the standard population (age-sex
    standardisation over man and vrouw): the adults of the first configured year (`adults`), in
    a GGD region run those of all its gemeenten together as cells (`standard_cells`). In a
    survey wave `survey` (`wave_design`) adds the survey measures and `small_area` the model estimates per buurt and wijk
    (`themes.small_area.model_rows`); the design then states the wave's strata, those with a
    single respondent and `lonely_psu`. A year without a wave: {"year", "survey_wave": False}."""
    standard = standard[standard["geslacht"].isin(SEXES)]
    parts = [
        registry_measures(
            pop, standard, year, migratie, geography, herkomst, age_bands, buurt=buurt
        ),
        odds_ratios(pop, year, geography, herkomst, age_bands),
    ]
    design = {"year": year, "survey_wave": False}
    if survey is not None:
        design = {
            "year": year,
            "survey_wave": True,
            **design_summary(survey, "STRATUM", lonely_psu),
        }
        parts.append(survey_measures(survey, year, geography, herkomst, lonely_psu=lonely_psu))
        parts.append(small_area)
    return pd.concat(parts, ignore_index=True), design
