"""Rule migratie_adults: the registry adults of year t with care flags and income quintile."""

import pandas as pd

from wijkzicht import db
from wijkzicht.files import write_parquet
from wijkzicht.pipeline.snake import run
from wijkzicht.population.residents import open_inputs
from wijkzicht.themes.migratie import adults, income


def main(snakemake, log):
    con = db.connect()
    open_inputs(con, KOPPELPERSOONHUISHOUDEN=snakemake.input.koppel, INHATAB=snakemake.input.inha)
    pop = adults(
        pd.read_parquet(snakemake.input.residents), pd.read_parquet(snakemake.input.conditions),
        income(con), snakemake.params.definitions["migratie"],
    )  # fmt: skip
    write_parquet(pop, snakemake.output[0])
    log.info("%d adults", len(pop))


run(snakemake, main)  # noqa: F821
