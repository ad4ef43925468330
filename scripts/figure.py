"""Rule figure: one figure of a theme, drawn from its exported measures only (PNG and SVG)."""

from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.outputs.figure_specs import draw
from wijkzicht.outputs.figures import save
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    m = read_measures_csv(snakemake.input[0])
    for path in snakemake.output:
        save(draw(snakemake.wildcards.name, m, snakemake.config), path)
    log.info("figure %s", snakemake.wildcards.name)


run(snakemake, main)  # noqa: F821
