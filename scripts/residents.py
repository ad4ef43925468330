"""Rule residents: the person-year base of residents on 1 January."""

from wijkzicht.inputs.reference import read_countries
from wijkzicht.pipeline.snake import run
from wijkzicht.population.residents import build_residents


def main(snakemake, log):
    p = snakemake.params
    df = build_residents(
        snakemake.input.adres, snakemake.input.geo, snakemake.input.persoon,
        read_countries(snakemake.input.countries), p.age_bands,
        int(snakemake.wildcards.year), p.gemeente, snakemake.output[0],
    )  # fmt: skip
    log.info("%d residents on 1 January %s", len(df), snakemake.wildcards.year)


run(snakemake, main)  # noqa: F821
