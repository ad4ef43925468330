"""Rule factsheet: one page per wijk with its figures for all themes (from the export only)."""

from pathlib import Path

from wijkzicht import report
from wijkzicht.snake import run


def main(snakemake, log):
    root = Path(snakemake.input.measures[0]).parent.parent
    report.write_text(report.factsheet(snakemake.wildcards.wijk, root, snakemake.config), snakemake.output[0])
    log.info("factsheet %s", snakemake.wildcards.wijk)


run(snakemake, main)  # noqa: F821
