"""Rule figure: one figure of a theme, drawn from its exported measures only (PNG and SVG)."""

from wijkzicht.definitions import Definitions
from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.outputs.figure_specs import draw
from wijkzicht.outputs.figures import save
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    p = snakemake.params
    m = read_measures_csv(snakemake.input[0])
    definitions = Definitions.from_param(p.definitions)
    for path in snakemake.output:
        save(
            draw(snakemake.wildcards.name, m, definitions, lang=p.language, gemeente=p.gemeente),
            path,
        )
    log.info("figure %s", snakemake.wildcards.name)


run(snakemake, main)  # noqa: F821
