"""Rule nieuwkomers: the newcomers of year t and the residents of 1 January t with their
markers (person level), then the newcomer measures of year t."""

import pandas as pd

from wijkzicht import db
from wijkzicht.files import write_parquet
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import run
from wijkzicht.population.residents import open_inputs
from wijkzicht.themes.nieuwkomers import markers, measures, person_level


def main(snakemake, log):
    i, o, p = snakemake.input, snakemake.output, snakemake.params
    theme = p.definitions["nieuwkomers"]
    year = int(snakemake.wildcards.year)
    cond_t = pd.read_parquet(i.conditions)
    cond_prev = pd.read_parquet(i.conditions_prev)
    con = db.connect()
    open_inputs(con, adres=i.adres, geo=i.geo, persoon=i.persoon, wmo=i.wmo)
    new = person_level(con, year, p.gemeente, theme, cond_t, cond_prev)
    # residents have no move: their uitstroom markers are never met
    res = markers(pd.read_parquet(i.residents), theme, cond_t, cond_prev)
    write_parquet(new, o.newcomers)
    write_parquet(res, o.residents)
    log.info("%d newcomer-wijk pairs, %d residents", len(new), len(res))
    geo = read_geography(i.geography, p.gemeente)
    df = measures(new, res, year, theme, geo, buurt=p.buurt)
    write_parquet(df, o.measures)
    log.info("%d rows", len(df))


run(snakemake, main)  # noqa: F821
