"""Rule export_organisation_figures: the organisation figures as a measures table, through the
same disclosure control as the themes (primary and secondary suppression, audit, rounding),
and the indicator register in words. The register's residents beside Kerncijfers
(`kerncijfers/inwoners.csv`, written by export_public_figures from this job's
inwoners_status) go through that disclosure control with them, as one table: a partner's share
among residents has those residents as its denominator (disclosure.residents)."""

import json

import pandas as pd

from wijkzicht.disclosure.control import summary
from wijkzicht.disclosure.export import read_measures_csv, write_csv, write_measures_csv
from wijkzicht.disclosure.residents import population_counts, protect_with_populations
from wijkzicht.files import write_parquet, write_text
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import optional_input, run
from wijkzicht.population.areas import area_population
from wijkzicht.themes.aggregates import inhabitants_check, measure_name, organisation_measures


def _before(path):
    previous = optional_input(path)
    return read_measures_csv(previous) if previous else None


def main(snakemake, log):
    d, i, out = snakemake.params.disclosure, snakemake.input, snakemake.output
    geo = read_geography(i.geography, snakemake.params.gemeente)
    figures = pd.read_parquet(i.figures)
    register = pd.read_parquet(i.indicators)
    # no partners' figures (organisation_figures.files empty with real data): an empty table
    rows = organisation_measures(figures, register, geo)
    # the residents' person-year base, read once: their areas for inwoners.csv, their ages for
    # the themes' populations among the same residents (kopp's children, migratie's adults):
    # inwoners.csv and the themes' denominators give each other back (residents = adults +
    # children + those without an age), so all three are decided together, first
    persons = pd.concat(
        [pd.read_parquet(f, columns=["year", "gemeente", "wijk", "buurt", "in_gba", "age"])
         for f in i.residents],
        ignore_index=True,
    )  # fmt: skip
    inwoners = inhabitants_check(pd.read_parquet(i.kerncijfers), area_population(persons), geo)
    # the previous release's published rows stay published (config previous_release.export)
    populations = population_counts(persons, snakemake.params.ages)
    safe, inw, pops, audit = protect_with_populations(
        rows, inwoners, d["threshold"], d["publish_zeros"], d["rounding_base"], geo,
        populations=populations,
        organisations_before=_before(i.previous), inwoners_before=_before(i.previous_inwoners),
    )  # fmt: skip
    write_measures_csv(safe, out.csv)
    write_parquet(safe, out.status)
    write_parquet(inw, out.inwoners_status)
    write_parquet(pops, out.populations_status)
    register = register.assign(
        measure=[measure_name(s, x) for s, x in zip(register["source"], register["indicator"], strict=True)]
    ).sort_values(["source", "indicator"])  # fmt: skip
    write_csv(register, out.indicators)
    write_text(json.dumps(summary(safe), indent=2, sort_keys=True), out.summary)
    log.info("%s; audit: %d suppressed counts, all protected", summary(safe), len(audit))


run(snakemake, main)  # noqa: F821
