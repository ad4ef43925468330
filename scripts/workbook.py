"""Rule workbook: every releasable table in one Excel workbook (from the export only)."""

from pathlib import Path

from wijkzicht.outputs import workbook
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    root = Path(snakemake.output[0]).parent
    workbook.build(root, list(snakemake.input), snakemake.config, snakemake.output[0])
    log.info("workbook with %d tables", len(snakemake.input))


run(snakemake, main)  # noqa: F821
