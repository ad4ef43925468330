"""Rule kopp_measures: the KOPP measures of year t in the measures-table format."""

import pandas as pd

from wijkzicht.files import write_parquet
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import run
from wijkzicht.themes.kopp import measures


def main(snakemake, log):
    p = snakemake.params
    kids = pd.read_parquet(snakemake.input.children)
    geo = read_geography(snakemake.input.geography, p.gemeente)
    df = measures(
        kids, int(snakemake.wildcards.year), p.definitions["kopp"], geo, list(p.age_bands),
        buurt=p.buurt,
    )  # fmt: skip
    write_parquet(df, snakemake.output[0])
    log.info("%d rows", len(df))


run(snakemake, main)  # noqa: F821
