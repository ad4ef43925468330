"""Rule residents: the person-year base of residents on 1 January."""

from wijkzicht.inputs.reference import read_countries
from wijkzicht.pipeline.snake import run
from wijkzicht.population.residents import build_residents


def main(snakemake, log):
    cfg = snakemake.config
    bands = cfg["age_bands"]["kinderen"] + cfg["age_bands"]["volwassenen"]
    df = build_residents(
        snakemake.input.adres, snakemake.input.geo, snakemake.input.persoon,
        read_countries(snakemake.input.countries), bands,
        int(snakemake.wildcards.year), cfg["gemeente"], snakemake.output[0],
    )  # fmt: skip
    log.info("%d residents on 1 January %s", len(df), snakemake.wildcards.year)


run(snakemake, main)  # noqa: F821
