"""Rule map: a theme's main measure per area on the boundaries (PNG, SVG) with the rows it draws
(CSV), from the exported tables and public geography only."""

from wijkzicht.definitions import Definitions
from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.outputs import maps
from wijkzicht.outputs.figure_specs import read_differences
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    p, out = snakemake.params, snakemake.output
    theme, name = snakemake.wildcards.theme, snakemake.wildcards.name
    sel = maps.write(theme, name, read_measures_csv(snakemake.input.measures),
                     read_differences(snakemake.input.differences), Definitions.from_param(p.definitions),
                     snakemake.input.boundaries[0], {"png": out.png, "svg": out.svg, "csv": out.csv},
                     lang=p.language, gemeente=p.gemeente, source=p.source)  # fmt: skip
    log.info("map %s/%s: %d areas", theme, name, int((sel["role"] == "area").sum()))


run(snakemake, main)  # noqa: F821
