"""Rule figure_kopp: share of children per wijk with intervals, per definition (from the export)."""

from wijkzicht.export import read_measures_csv
from wijkzicht.figures import save, wijk_shares
from wijkzicht.snake import run


def main(snakemake, log):
    df = read_measures_csv(snakemake.input[0])
    year = int(snakemake.params.year)
    for path in snakemake.output:
        order = list(snakemake.config["themes"]["kopp"]["definitions"])
        save(wijk_shares(df, "kopp.aandeel", year, snakemake.config["language"], order), path)
    log.info("figure for %s", year)


run(snakemake, main)  # noqa: F821
