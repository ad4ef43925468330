"""Rule factsheets: one page per wijk with its figures for all themes (from the export only)."""

from pathlib import Path

from wijkzicht import report
from wijkzicht.snake import run


def main(snakemake, log):
    root = Path(snakemake.input.measures[0]).parent.parent
    for out in snakemake.output:
        report.write_text(report.factsheet(Path(out).stem, root, snakemake.config), out)
    log.info("%d factsheets", len(snakemake.output))


run(snakemake, main)  # noqa: F821
