"""Rule migratie_survey: every row of the survey wave with outcomes and domains."""

import pandas as pd

from wijkzicht.files import write_parquet
from wijkzicht.inputs.reference import read_geography, survey_strata
from wijkzicht.pipeline.snake import run
from wijkzicht.themes.migratie import survey_persons


def main(snakemake, log):
    p = snakemake.params
    survey = pd.read_parquet(snakemake.input.survey)
    # the gemeente's own respondents: the file of a GGD region holds every gemeente's
    strata = survey_strata(read_geography(snakemake.input.geography), p.gemeente)
    design = survey_persons(
        survey, pd.read_parquet(snakemake.input.residents),
        pd.read_parquet(snakemake.input.conditions), p.definitions["migratie"], strata,
    )  # fmt: skip
    # sorted by key: the estimators sum in this order, so the same rows in another order in the
    # extract give the same bytes (tests/e2e/test_shuffle.py)
    design = design.sort_values(["RINPERSOONS", "RINPERSOON"], kind="mergesort")
    write_parquet(design.reset_index(drop=True), snakemake.output[0])
    log.info(
        "%d of %d rows of the wave sampled in %s's strata",
        len(design),
        len(survey),
        p.gemeente,
    )
    log.info(
        "%d rows in the design, %d in the population",
        len(design),
        int(design["in_population"].sum()),
    )


run(snakemake, main)  # noqa: F821
