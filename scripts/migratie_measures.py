"""Rule migratie_measures: registry, model and (in survey waves) survey measures of year t."""

import pandas as pd

from wijkzicht.inputs.reference import herkomst_groups, read_countries, read_geography
from wijkzicht.pipeline.snake import run
from wijkzicht.population.residents import write_parquet
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
        registry_measures(pop, standard, year, p.definitions["migratie"], geo, herkomst, bands),
        odds_ratios(pop, year, geo, herkomst, bands),
    ]
    if hasattr(snakemake.input, "survey"):
        parts.append(survey_measures(pd.read_parquet(snakemake.input.survey), year, geo, herkomst))
    df = pd.concat(parts, ignore_index=True)
    write_parquet(df, snakemake.output[0])
    log.info("%d rows", len(df))


run(snakemake, main)  # noqa: F821
