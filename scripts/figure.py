"""Rule figure: one figure of a theme from its exported tables only: the rows it draws (CSV),
and the figure drawn from those rows (PNG and SVG)."""

from wijkzicht.definitions import Definitions
from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.outputs.figure_specs import read_differences, write
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    p = snakemake.params
    name = snakemake.wildcards.name
    sel = write(
        name,
        read_measures_csv(snakemake.input.measures),
        read_differences(snakemake.input.differences),
        Definitions.from_param(p.definitions),
        {"png": snakemake.output.png, "svg": snakemake.output.svg, "csv": snakemake.output.csv},
        lang=p.language,
        gemeente=p.gemeente,
    )
    log.info("figure %s: %d rows drawn", name, len(sel))


run(snakemake, main)  # noqa: F821
