"""Rule comparable_wijken: wijk profiles and the most similar wijken, from the export only."""

from wijkzicht.disclosure.export import read_measures_csv, write_csv
from wijkzicht.outputs.similar_wijken import comparable
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    p = snakemake.params
    profile, near = comparable(read_measures_csv(snakemake.input[0]), p.k, p.n_indicators)
    write_csv(profile, snakemake.output.profile)
    write_csv(near, snakemake.output.similar)
    log.info("%d wijken, %d indicators", profile["wijk"].nunique(), profile["indicator"].nunique())


run(snakemake, main)  # noqa: F821
