"""Rule migratie_measures: registry, model and (in survey waves) survey measures of year t.

Also writes the survey design of the wave (its strata with a single respondent and the
survey.lonely_psu option used) as JSON for the release notes; a year without a wave says so.
"""

import json

import pandas as pd

from wijkzicht.files import write_parquet, write_text
from wijkzicht.inputs.reference import herkomst_groups, read_countries, read_geography
from wijkzicht.pipeline.snake import run
from wijkzicht.statistics.survey import design_summary
from wijkzicht.themes.migratie import SEXES, odds_ratios, registry_measures, survey_measures


def main(snakemake, log):
    p = snakemake.params
    year = int(snakemake.wildcards.year)
    geo = read_geography(snakemake.input.geography, p.gemeente)
    herkomst = herkomst_groups(read_countries(snakemake.input.countries))
    bands = list(p.age_bands)
    pop = pd.read_parquet(snakemake.input.adults)
    standard = pd.read_parquet(snakemake.input.standard)
    standard = standard[standard["geslacht"].isin(SEXES)]
    parts = [
        registry_measures(
            pop, standard, year, p.definitions["migratie"], geo, herkomst, bands, buurt=p.buurt
        ),
        odds_ratios(pop, year, geo, herkomst, bands),
    ]
    design = {"year": year, "survey_wave": False}
    if hasattr(snakemake.input, "survey"):
        survey = pd.read_parquet(snakemake.input.survey)
        design = {
            "year": year,
            "survey_wave": True,
            **design_summary(survey, "STRATUM", p.lonely_psu),
        }
        parts.append(survey_measures(survey, year, geo, herkomst, lonely_psu=p.lonely_psu))
        # model estimates per buurt and wijk (rule migratie_small_area, docs/small_area.md)
        parts.append(pd.read_parquet(snakemake.input.small_area))
        log.info(
            "survey wave %s: %d strata, strata with a single respondent: %s (survey.lonely_psu = %s)",
            year, design["strata"], ", ".join(design["lonely_strata"]) or "none", p.lonely_psu,
        )  # fmt: skip
    df = pd.concat(parts, ignore_index=True)
    write_parquet(df, snakemake.output.measures)
    write_text(json.dumps(design, indent=2, sort_keys=True) + "\n", snakemake.output.design)
    log.info("%d rows", len(df))


run(snakemake, main)  # noqa: F821
