"""Rule ingest / ingest_year: validate one input table and write it as typed Parquet."""

from wijkzicht.inputs.ingest import ingest
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    year = getattr(snakemake.wildcards, "year", None)
    year = int(year) if year is not None else None
    notes = ingest(
        snakemake.wildcards.table,
        snakemake.input[0],
        snakemake.output[0],
        year,
        snakemake.params.years,
        unkeyed=snakemake.params.unkeyed,
        quality=snakemake.output.quality,
    )
    for note in notes:
        log.info("%s", note)
    log.info("validated %s -> %s", snakemake.input[0], snakemake.output[0])


run(snakemake, main)  # noqa: F821
