"""Rule findings: which wijken differ from the city and which trends rise or fall, from the export."""

# imported before run(): its modules are then frozen with the rest (see pipeline.snake.run), so
# the gc.collect() in statsmodels' Holm correction, called once per family of tests, is cheap
import statsmodels.stats.multitest  # noqa: F401

from wijkzicht.disclosure.export import read_measures_csv, write_csv
from wijkzicht.outputs.findings import findings
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    table = findings(read_measures_csv(snakemake.input[0]), snakemake.params.alpha)
    write_csv(table, snakemake.output[0])
    log.info("%s", table.groupby(["comparison", "verdict"]).size().to_dict())


run(snakemake, main)  # noqa: F821
