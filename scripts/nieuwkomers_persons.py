"""Rule nieuwkomers_persons: newcomers of year t and the residents of 1 Jan t, with markers."""

import pandas as pd

from wijkzicht import db
from wijkzicht.files import write_parquet
from wijkzicht.pipeline.snake import run
from wijkzicht.population.residents import open_inputs
from wijkzicht.themes.nieuwkomers import markers, person_level


def main(snakemake, log):
    theme = snakemake.params.definitions["nieuwkomers"]
    year = int(snakemake.wildcards.year)
    cond_t = pd.read_parquet(snakemake.input.conditions)
    cond_prev = pd.read_parquet(snakemake.input.conditions_prev)
    con = db.connect()
    open_inputs(con, adres=snakemake.input.adres, geo=snakemake.input.geo,
                persoon=snakemake.input.persoon, wmo=snakemake.input.wmo)  # fmt: skip
    new = person_level(con, year, snakemake.params.gemeente, theme, cond_t, cond_prev)
    # residents have no move: their uitstroom markers are never met
    res = markers(pd.read_parquet(snakemake.input.residents), theme, cond_t, cond_prev)
    write_parquet(new, snakemake.output.newcomers)
    write_parquet(res, snakemake.output.residents)
    log.info("%d newcomer-wijk pairs, %d residents", len(new), len(res))


run(snakemake, main)  # noqa: F821
