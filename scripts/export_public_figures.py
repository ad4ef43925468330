"""Rule export_public_figures: CBS's Kerncijfers of the gemeente (public figures) and the check of
the register's residents against their inhabitants (the register count under primary and secondary
suppression)."""

import pandas as pd

from wijkzicht.disclosure.control import protect_counts
from wijkzicht.disclosure.export import write_csv, write_measures_csv
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import run
from wijkzicht.population.areas import area_population
from wijkzicht.themes.aggregates import inhabitants_check, kerncijfers_table


def main(snakemake, log):
    d, i, out = snakemake.params.disclosure, snakemake.input, snakemake.output
    geo = read_geography(i.geography, snakemake.params.gemeente)
    kwb = pd.read_parquet(i.kerncijfers)
    write_csv(kerncijfers_table(kwb, geo), out.kerncijfers)
    check = inhabitants_check(kwb, area_population(i.residents), geo)
    # primary and secondary suppression: a wijk of 1..9 residents must not be the gemeente minus the
    # other wijken (disclosure.control.protect_counts)
    check, _ = protect_counts(check, d["threshold"], d["publish_zeros"], geo)
    write_measures_csv(check, out.inwoners)
    log.info("Kerncijfers: %d areas; inhabitants compared for %d", len(kwb), len(check))


run(snakemake, main)  # noqa: F821
