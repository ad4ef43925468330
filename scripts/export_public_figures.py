"""Rule export_public_figures: CBS's Kerncijfers of the gemeente (public figures) and the check of
the register's residents against their inhabitants, with the statuses export_organisation_figures
decided for them together with the partners' figures (disclosure.residents: the same residents are
a share's denominator there, so one protection covers both tables)."""

import pandas as pd

from wijkzicht.disclosure.export import write_csv, write_measures_csv
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import run
from wijkzicht.themes.aggregates import kerncijfers_table


def main(snakemake, log):
    i, out = snakemake.input, snakemake.output
    geo = read_geography(i.geography, snakemake.params.gemeente)
    kwb = pd.read_parquet(i.kerncijfers)
    write_csv(kerncijfers_table(kwb, geo), out.kerncijfers)
    check = pd.read_parquet(i.inwoners)
    write_measures_csv(check, out.inwoners)
    log.info("Kerncijfers: %d areas; inhabitants compared for %d", len(kwb), len(check))


run(snakemake, main)  # noqa: F821
