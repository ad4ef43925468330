"""Rule kopp_children: the KOPP population of year t with parent conditions (person level)."""

from wijkzicht import db
from wijkzicht.files import write_parquet
from wijkzicht.pipeline.snake import run
from wijkzicht.population.residents import open_inputs
from wijkzicht.themes.kopp import children


def main(snakemake, log):
    con = db.connect()
    open_inputs(con, **dict(snakemake.input.items()))
    kids = children(con, snakemake.params.definitions["kopp"])
    write_parquet(kids, snakemake.output[0])
    log.info("%d children", len(kids))


run(snakemake, main)  # noqa: F821
