"""Rule dashboard_assets: what the dashboard holds that depends on no data (the Vega script,
the chart specifications, the number format), made once: a new year does not redo them."""

from wijkzicht.outputs import dashboard
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    dashboard.write_assets(snakemake.output[0], snakemake.params.language)
    log.info("dashboard assets of language %s", snakemake.params.language)


run(snakemake, main)  # noqa: F821
