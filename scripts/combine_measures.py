"""Rule combine_measures: one theme's yearly measures as one table."""

import pandas as pd

from wijkzicht.files import write_parquet
from wijkzicht.pipeline.snake import run
from wijkzicht.themes.table import finalise
from wijkzicht.themes.trend_rows import trend_rows


def main(snakemake, log):
    df = pd.concat([pd.read_parquet(p) for p in snakemake.input], ignore_index=True)
    df = finalise(pd.concat([df, trend_rows(df)], ignore_index=True), snakemake.params.group_order)
    write_parquet(df, snakemake.output[0])
    log.info("%d rows", len(df))


run(snakemake, main)  # noqa: F821
