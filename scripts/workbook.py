"""Rule workbook: the workbook for people (Leeswijzer, a sheet per measure, definitions, privacy),
from the export only."""

from pathlib import Path

from wijkzicht.definitions import Definitions
from wijkzicht.outputs import workbook
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    p = snakemake.params
    root = Path(snakemake.output[0]).parent
    workbook.build(root, list(snakemake.input), Definitions.from_param(p.definitions), snakemake.output[0],
                   lang=p.language, disclosure=dict(p.disclosure), alpha=float(p.alpha),
                   slight=float(p.slight), small_area=dict(p.small_area),
                   standard=list(p.standard))  # fmt: skip
    log.info("workbook from %d tables", len(snakemake.input))


run(snakemake, main)  # noqa: F821
