"""Rule export_measures: disclosure control (suppression, audit, rounding), then the releasable CSV."""

import json

import pandas as pd

from wijkzicht.disclosure.control import protect, summary
from wijkzicht.disclosure.export import write_measures_csv
from wijkzicht.files import write_parquet, write_text
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    d = snakemake.params.disclosure
    geo = read_geography(snakemake.input.geography, snakemake.params.gemeente)
    df = pd.read_parquet(snakemake.input.measures)
    safe, audit = protect(
        df, d["threshold"], d["publish_zeros"], d["rounding_base"], geo, d["modelschatting"]
    )
    write_parquet(safe, snakemake.output.status)
    write_parquet(audit, snakemake.output.audit)
    write_text(json.dumps(summary(safe), indent=2, sort_keys=True), snakemake.output.summary)
    write_measures_csv(safe, snakemake.output.csv)
    log.info("%s; audit: %d suppressed counts, all protected", summary(safe), len(audit))


run(snakemake, main)  # noqa: F821
