"""Rule export_measures: disclosure control, then the releasable CSV of one theme."""

import pandas as pd

from wijkzicht.disclosure.primary import apply_primary
from wijkzicht.export import write_measures_csv
from wijkzicht.snake import run
from wijkzicht.trends import propagate_suppression


def main(snakemake, log):
    df = pd.read_parquet(snakemake.input[0])
    safe = propagate_suppression(apply_primary(df, snakemake.config["disclosure"]["threshold"]))
    write_measures_csv(safe, snakemake.output[0])
    log.info("%s", safe["status"].value_counts().sort_index().to_dict())


run(snakemake, main)  # noqa: F821
