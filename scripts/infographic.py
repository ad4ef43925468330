"""Rule infographic: one A4 page per theme (PDF and PNG), from the export and the boundaries only."""

from pathlib import Path

from wijkzicht.definitions import Definitions
from wijkzicht.outputs import infographic
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    p, i = snakemake.params, snakemake.input
    theme = snakemake.wildcards.theme
    root = Path(i.measures).parent.parent
    c = infographic.write_from_export(theme, root, Definitions.from_param(p.definitions), snakemake.output.pdf,
                                      snakemake.output.png, lang=p.language, gemeente=p.gemeente,
                                      boundaries=i.boundaries[0] if i.boundaries else None, source=p.source,
                                      personas=i.personas[0] if i.personas else None)  # fmt: skip
    log.info("infographic %s: map %s, %d persona card(s)", theme, "yes" if c.areas is not None else "no",
             len(c.personas))  # fmt: skip


run(snakemake, main)  # noqa: F821
