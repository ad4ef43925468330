"""Rule factsheets: one page per wijk with its figures for all themes (from the export only)."""

from pathlib import Path

from wijkzicht.outputs import report
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    root = Path(snakemake.input.measures[0]).parent.parent
    report.write_factsheets(root, snakemake.config, list(snakemake.output))
    log.info("%d factsheets", len(snakemake.output))


run(snakemake, main)  # noqa: F821
