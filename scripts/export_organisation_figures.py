"""Rule export_organisation_figures: the organisation figures as a measures table, through the
same disclosure control as the themes (primary and secondary suppression, audit, rounding),
and the indicator register in words."""

import json

import pandas as pd

from wijkzicht.disclosure.control import protect, summary
from wijkzicht.disclosure.export import read_measures_csv, write_csv, write_measures_csv
from wijkzicht.files import write_parquet, write_text
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import optional_input, run
from wijkzicht.themes.aggregates import measure_name, organisation_measures


def main(snakemake, log):
    d, i, out = snakemake.params.disclosure, snakemake.input, snakemake.output
    geo = read_geography(i.geography, snakemake.params.gemeente)
    figures = pd.read_parquet(i.figures)
    register = pd.read_parquet(i.indicators)
    rows = organisation_measures(figures, register, geo)
    # no partners' figures (organisation_figures.files empty with real data): an empty table
    # the previous release's published rows stay published (config previous_release.export)
    previous = optional_input(i.previous)
    before = read_measures_csv(previous) if previous else None
    safe, audit = (
        protect(
            rows,
            d["threshold"],
            d["publish_zeros"],
            d["rounding_base"],
            geo,
            published_before=before,
        )  # fmt: skip
        if len(rows)
        else (rows, rows.iloc[:0])
    )
    write_measures_csv(safe, out.csv)
    write_parquet(safe, out.status)
    register = register.assign(
        measure=[measure_name(s, x) for s, x in zip(register["source"], register["indicator"], strict=True)]
    ).sort_values(["source", "indicator"])  # fmt: skip
    write_csv(register, out.indicators)
    write_text(json.dumps(summary(safe), indent=2, sort_keys=True), out.summary)
    log.info("%s; audit: %d suppressed counts, all protected", summary(safe), len(audit))


run(snakemake, main)  # noqa: F821
