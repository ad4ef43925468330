"""Rule migratie_standard (a GGD region run only): the standard population of the age-sex
standardised migratie measures, one for every gemeente of the region: the adults of all its
gemeenten together in the first configured year, counted per age band and sex
(themes.migratie.standard_cells). Made from the gemeenten's residents of that year, which come
before every migratie job, so the first year's jobs do not wait for themselves. Internal."""

import pandas as pd

from wijkzicht.files import write_parquet
from wijkzicht.pipeline.snake import run
from wijkzicht.themes.migratie import standard_cells


def main(snakemake, log):
    i, p = snakemake.input, snakemake.params
    # the columns the adults are selected and counted by
    cols = ["in_gba", "age", "leeftijd", "geslacht"]
    residents = [pd.read_parquet(f, columns=cols) for f in i.residents]
    cells = standard_cells(residents, p.min_age)
    write_parquet(cells, snakemake.output[0])
    log.info(
        "standard population %s: %d adults of known sex in gemeenten %s",
        p.year, int(cells["persons"].sum()), ", ".join(p.gemeenten),
    )  # fmt: skip


run(snakemake, main)  # noqa: F821
