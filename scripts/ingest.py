"""Rules ingest, ingest_year, ingest_wave, ingest_wide, ingest_unkeyed: validate the job's
tables, one after the other, and write each as typed Parquet with its source-quality figures."""

from wijkzicht.inputs.ingest_jobs import ingest_tables
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    ingest_tables(
        [(table, year) for table, year in snakemake.params.tables],
        dict(snakemake.input.items()),
        list(snakemake.output.tables),
        list(snakemake.output.quality),
        unkeyed=snakemake.params.unkeyed,
        log=log,
    )


run(snakemake, main)  # noqa: F821
