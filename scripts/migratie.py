"""Rules migratie / migratie_wave: the registry adults of year t with care flags and income
quintile; in a survey wave every row of the wave with outcomes and domains and the model
estimates (modelschatting) per buurt and wijk with the model's population frame and a summary
of each fit; then the registry, model and (in a wave) survey measures of year t.

Also writes the survey design of the wave (its strata with a single respondent and the
survey.lonely_psu option used) as JSON for the release notes; a year without a wave says so.
"""

import json

import pandas as pd

from wijkzicht import db
from wijkzicht.files import write_parquet, write_text
from wijkzicht.inputs.reference import (
    herkomst_groups,
    read_countries,
    read_geography,
    survey_strata,
)
from wijkzicht.pipeline.snake import run
from wijkzicht.population.residents import open_inputs
from wijkzicht.themes.migratie import adults, income, wave_design, year_measures
from wijkzicht.themes.small_area import model_frame, model_rows


def main(snakemake, log):
    i, o, p = snakemake.input, snakemake.output, snakemake.params
    year = int(snakemake.wildcards.year)
    migratie = p.definitions["migratie"]
    residents, conditions = pd.read_parquet(i.residents), pd.read_parquet(i.conditions)
    con = db.connect()
    open_inputs(con, KOPPELPERSOONHUISHOUDEN=i.koppel, INHATAB=i.inha)
    pop = adults(residents, conditions, income(con), migratie)
    write_parquet(pop, o.adults)
    log.info("%d adults", len(pop))
    geo = read_geography(i.geography, p.gemeente)
    survey = small_area = None
    if hasattr(o, "survey"):  # a survey wave
        wave = pd.read_parquet(i.survey)
        # the gemeente's own respondents: the file of a GGD region holds every gemeente's
        strata = survey_strata(read_geography(i.geography), p.gemeente)
        survey = wave_design(wave, residents, conditions, migratie, strata)
        write_parquet(survey, o.survey)
        log.info("%d of %d rows of the wave sampled in %s's strata, %d in the population",
                 len(survey), len(wave), p.gemeente, int(survey["in_population"].sum()))  # fmt: skip
        frame = model_frame(pop, pd.read_parquet(i.households), year)
        small_area, fits = model_rows(frame, survey, geo, p.small_area, year)
        write_parquet(small_area, o.small_area)
        write_parquet(frame, o.frame)
        write_text(json.dumps(fits, indent=2, sort_keys=True) + "\n", o.fit)
        for fit in fits:
            log.info("small-area model %s %s: %s", year, fit["outcome"], fit)
    # the standard population: the adults of the first configured year (in that year these);
    # in a GGD region run those of all its gemeenten together (rule migratie_standard)
    if hasattr(i, "region_standard"):
        standard = pd.read_parquet(i.region_standard)
        log.info("standard population: %s (the region's adults)", i.region_standard)
    else:
        standard = pd.read_parquet(i.standard) if hasattr(i, "standard") else pop
    df, design = year_measures(
        pop, standard, year, migratie, geo, herkomst_groups(read_countries(i.countries)),
        list(p.age_bands), buurt=p.buurt, survey=survey, small_area=small_area,
        lonely_psu=p.lonely_psu,
    )  # fmt: skip
    if survey is not None:
        log.info(
            "survey wave %s: %d strata, strata with a single respondent: %s (survey.lonely_psu = %s)",
            year, design["strata"], ", ".join(design["lonely_strata"]) or "none", p.lonely_psu,
        )  # fmt: skip
    write_parquet(df, o.measures)
    write_text(json.dumps(design, indent=2, sort_keys=True) + "\n", o.design)
    log.info("%d rows", len(df))


run(snakemake, main)  # noqa: F821
