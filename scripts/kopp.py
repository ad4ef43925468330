"""Rule kopp: the KOPP population of year t with parent conditions (person level), then the
KOPP measures of year t in the measures-table format."""

from wijkzicht import db
from wijkzicht.files import write_parquet
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import run
from wijkzicht.population.residents import open_inputs
from wijkzicht.themes.kopp import children, measures


def main(snakemake, log):
    i, o, p = snakemake.input, snakemake.output, snakemake.params
    kopp = p.definitions["kopp"]
    con = db.connect()
    open_inputs(con, residents=i.residents, kindouder=i.kindouder, conditions=i.conditions)
    kids = children(con, kopp)
    write_parquet(kids, o.children)
    log.info("%d children", len(kids))
    geo = read_geography(i.geography, p.gemeente)
    year = int(snakemake.wildcards.year)
    df = measures(kids, year, kopp, geo, list(p.age_bands), buurt=p.buurt)
    write_parquet(df, o.measures)
    log.info("%d rows", len(df))


run(snakemake, main)  # noqa: F821
