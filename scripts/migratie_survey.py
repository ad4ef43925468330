"""Rule migratie_survey: every row of the survey wave with outcomes and domains."""

import pandas as pd

from wijkzicht.files import write_parquet
from wijkzicht.pipeline.snake import run
from wijkzicht.themes.migratie import survey_persons


def main(snakemake, log):
    design = survey_persons(
        pd.read_parquet(snakemake.input.survey), pd.read_parquet(snakemake.input.residents),
        pd.read_parquet(snakemake.input.conditions), snakemake.params.definitions["migratie"],
    )  # fmt: skip
    write_parquet(design, snakemake.output[0])
    log.info(
        "%d rows in the design, %d in the population",
        len(design),
        int(design["in_population"].sum()),
    )


run(snakemake, main)  # noqa: F821
