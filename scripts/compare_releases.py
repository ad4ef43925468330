"""Rule compare_releases: what changed since the previous release, per measure."""

from pathlib import Path

from wijkzicht.disclosure.export import write_csv
from wijkzicht.pipeline.snake import run
from wijkzicht.release.changes import compare_dirs


def main(snakemake, log):
    new_root = Path(snakemake.input.measures[0]).parent.parent
    table = compare_dirs(snakemake.params.previous, new_root, snakemake.params.tolerance)
    write_csv(table, snakemake.output[0])
    log.info("%d figures differ", len(table))


run(snakemake, main)  # noqa: F821
