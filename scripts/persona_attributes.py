"""Rule persona_attributes: household type, income quintile, age band and herkomst of year t
for every resident of 1 January t and every newcomer move of year t (person level)."""

import pandas as pd

from wijkzicht import db
from wijkzicht.files import write_parquet
from wijkzicht.inputs.reference import read_countries
from wijkzicht.pipeline.snake import run
from wijkzicht.population.residents import open_inputs
from wijkzicht.themes.migratie import income
from wijkzicht.themes.personas import attributes


def main(snakemake, log):
    i = snakemake.input
    con = db.connect()
    open_inputs(con, huishoudens=i.huishoudens, persoon=i.persoon,
                KOPPELPERSOONHUISHOUDEN=i.koppel, INHATAB=i.inha)  # fmt: skip
    newcomers = pd.read_parquet(i.newcomers[0]) if i.newcomers else None
    out = attributes(
        con, int(snakemake.wildcards.year), pd.read_parquet(i.residents), newcomers,
        read_countries(i.countries), list(snakemake.params.age_bands), income(con),
    )  # fmt: skip
    write_parquet(out, snakemake.output[0])
    log.info("%d persons and moves", len(out))


run(snakemake, main)  # noqa: F821
