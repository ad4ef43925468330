"""Rule factsheets: one page per wijk, named after the wijk, against the city (from the export only)."""

from pathlib import Path

from wijkzicht.definitions import Definitions
from wijkzicht.outputs import factsheet
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    p, i = snakemake.params, snakemake.input
    root = Path(snakemake.input.measures[0]).parent.parent
    factsheet.write_factsheets(root, Definitions.from_param(p.definitions), list(snakemake.output),
                               dict(p.wijken), lang=p.language, gemeente=p.gemeente,
                               boundaries=i.boundaries[0] if i.boundaries else None,
                               slight=p.slight, standard=list(p.standard),
                               zorg_steun=dict(p.zorg_steun),
                               changes=i.changes[0] if i.changes else None)  # fmt: skip
    log.info("%d factsheets", len(snakemake.output))


run(snakemake, main)  # noqa: F821
