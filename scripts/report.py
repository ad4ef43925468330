"""Rule report: the knowledge-circle report of one theme (HTML and PDF), from the export only."""

from pathlib import Path

from wijkzicht import report
from wijkzicht.snake import run


def main(snakemake, log):
    theme = snakemake.wildcards.theme
    root = Path(snakemake.input.measures).parent.parent
    figures = [Path(f).relative_to(root).as_posix() for f in snakemake.input.figures]
    text = report.theme_report(theme, root, snakemake.config, figures)
    report.write_text(text, snakemake.output.html)
    report.pdf(text, [Path(f) for f in snakemake.input.figures], snakemake.output.pdf)
    log.info("report %s with %d figures", theme, len(figures))


run(snakemake, main)  # noqa: F821
