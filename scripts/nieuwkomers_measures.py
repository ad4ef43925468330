"""Rule nieuwkomers_measures: the newcomer measures of year t."""

import pandas as pd

from wijkzicht.files import write_parquet
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import run
from wijkzicht.themes.nieuwkomers import measures


def main(snakemake, log):
    p = snakemake.params
    geo = read_geography(snakemake.input.geography, p.gemeente)
    new = pd.read_parquet(snakemake.input.newcomers)
    res = pd.read_parquet(snakemake.input.residents)
    year = int(snakemake.wildcards.year)
    df = measures(new, res, year, p.definitions["nieuwkomers"], geo, buurt=p.buurt)
    write_parquet(df, snakemake.output[0])
    log.info("%d rows", len(df))


run(snakemake, main)  # noqa: F821
