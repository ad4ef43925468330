"""Rule dashboard: the offline dashboard (one HTML file), from the export only."""

from pathlib import Path

from wijkzicht import dashboard, report
from wijkzicht.snake import run


def main(snakemake, log):
    root = Path(snakemake.input.measures[0]).parent.parent
    page = dashboard.build(root, snakemake.config)
    report.write_text(page, snakemake.output[0])
    log.info("dashboard of %d bytes", len(page.encode("utf-8")))


run(snakemake, main)  # noqa: F821
