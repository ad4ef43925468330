"""Rule report: the knowledge-circle report of one theme (HTML and PDF), from the export only."""

from pathlib import Path

from wijkzicht.definitions import Definitions
from wijkzicht.outputs import report
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    p = snakemake.params
    theme = snakemake.wildcards.theme
    root = Path(snakemake.input.measures).parent.parent
    out = snakemake.output
    report.write_theme_report(theme, root, Definitions.from_param(p.definitions), snakemake.input.figures,
                              out.html, out.pdf, lang=p.language, alpha=p.alpha,
                              map_source=p.map_source)  # fmt: skip
    log.info("report %s with %d figures", theme, len(snakemake.input.figures))


run(snakemake, main)  # noqa: F821
