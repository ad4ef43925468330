"""Rule dashboard: the offline dashboard (one HTML file), from the export only."""

from pathlib import Path

from wijkzicht.outputs import dashboard
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    root = Path(snakemake.input.measures[0]).parent.parent
    size = dashboard.write(root, snakemake.config, snakemake.output[0])
    log.info("dashboard of %d bytes", size)


run(snakemake, main)  # noqa: F821
