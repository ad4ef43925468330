"""Rule dashboard: the offline dashboard (one HTML file), from the export only."""

from pathlib import Path

from wijkzicht.definitions import Definitions
from wijkzicht.outputs import dashboard
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    p, i = snakemake.params, snakemake.input
    root = Path(i.measures[0]).parent.parent
    size = dashboard.write(root, Definitions.from_param(p.definitions), snakemake.output[0],
                           lang=p.language, gemeente=p.gemeente,
                           boundaries=i.boundaries[0] if i.boundaries else None,
                           map_source=p.map_source, region=p.region, assets_file=i.assets,
                           slight=p.slight, small_area=dict(p.small_area),
                           standard=list(p.standard),
                           zorg_steun={k: list(v) for k, v in p.zorg_steun.items()},
                           changes=i.changes[0] if i.changes else None)  # fmt: skip
    log.info("dashboard of %d bytes", size)


run(snakemake, main)  # noqa: F821
