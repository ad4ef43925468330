"""Rule migratie_small_area: model estimates (modelschatting) of the survey measures per buurt
and wijk in a survey wave; the model's population frame and a summary of each fit."""

import json

import pandas as pd

from wijkzicht.files import write_parquet, write_text
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import run
from wijkzicht.themes.small_area import model_frame, model_rows


def main(snakemake, log):
    p = snakemake.params
    year = int(snakemake.wildcards.year)
    geo = read_geography(snakemake.input.geography, p.gemeente)
    frame = model_frame(
        pd.read_parquet(snakemake.input.adults), pd.read_parquet(snakemake.input.households), year
    )
    rows, fits = model_rows(frame, pd.read_parquet(snakemake.input.survey), geo, p.small_area, year)
    write_parquet(rows, snakemake.output.rows)
    write_parquet(frame, snakemake.output.frame)
    write_text(json.dumps(fits, indent=2, sort_keys=True) + "\n", snakemake.output.fit)
    for fit in fits:
        log.info("small-area model %s %s: %s", year, fit["outcome"], fit)


run(snakemake, main)  # noqa: F821
