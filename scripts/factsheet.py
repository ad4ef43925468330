"""Rule factsheets: one page per wijk with its figures for all themes (from the export only)."""

from pathlib import Path

from wijkzicht.definitions import Definitions
from wijkzicht.outputs import report
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    p = snakemake.params
    root = Path(snakemake.input.measures[0]).parent.parent
    report.write_factsheets(root, Definitions.from_param(p.definitions), list(snakemake.output),
                            lang=p.language, gemeente=p.gemeente)  # fmt: skip
    log.info("%d factsheets", len(snakemake.output))


run(snakemake, main)  # noqa: F821
