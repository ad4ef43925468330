"""Rule export_measures: a theme's yearly measures combined (with the trend rows), disclosure
control (suppression, audit, rounding) into the releasable measures.csv, then the theme's
persona table through its own LP audit against the published target rows."""

import json

import pandas as pd

from wijkzicht.disclosure.control import protect, summary
from wijkzicht.disclosure.export import read_measures_csv, write_csv, write_measures_csv
from wijkzicht.disclosure.personas import theme_personas
from wijkzicht.disclosure.rounding import round_weighted_sums
from wijkzicht.files import write_parquet, write_text
from wijkzicht.inputs.reference import read_codelists, read_geography
from wijkzicht.pipeline.snake import optional_input, run
from wijkzicht.themes.relations import count_relations
from wijkzicht.themes.table import finalise
from wijkzicht.themes.trend_rows import trend_rows


def main(snakemake, log):
    p, i, out = snakemake.params, snakemake.input, snakemake.output
    d = p.disclosure
    df = pd.concat([pd.read_parquet(f) for f in i.years], ignore_index=True)
    df = finalise(pd.concat([df, trend_rows(df)], ignore_index=True), p.group_order)
    write_parquet(df, out.measures)
    log.info("%d rows", len(df))
    geo = read_geography(i.geography, p.gemeente)
    # what the definitions imply between the counts (unions, definitions inside each other,
    # also by their codes: a narrower codelist inside a wider one)
    unions, bounds = count_relations(p.definitions, read_codelists(i.codelists))
    # as read back, so that the numbers controlled are those of the internal file
    # the previous release's published rows stay published (config previous_release.export)
    previous = optional_input(i.previous)
    before = read_measures_csv(previous) if previous else None
    # the register's residents and the themes' populations with the status
    # export_organisation_figures gave them (disclosure.residents.residents_inputs), so that
    # this table hides where kerncijfers/inwoners.csv and the joint pattern hide (control.protect)
    decided = [pd.read_parquet(f) for f in i.residents]
    safe, audit = protect(
        pd.read_parquet(out.measures), d["threshold"], d["publish_zeros"], d["rounding_base"],
        geo, d["modelschatting"], unions=unions, bounds=bounds, published_before=before,
        residents=pd.concat(decided, ignore_index=True) if decided else None,
    )  # fmt: skip
    write_parquet(safe, out.status)
    write_parquet(audit, out.audit)
    write_text(json.dumps(summary(safe), indent=2, sort_keys=True), out.summary)
    write_measures_csv(round_weighted_sums(safe, d["weighted_sum_base"]), out.csv)
    log.info("%s; audit: %d suppressed counts, all protected", summary(safe), len(audit))
    # the persona's against the published rows, as the pages read them, with their internal
    # status (the export says `suppressed` alone; the audit asks more of a primary row)
    published = read_measures_csv(out.csv).assign(status=safe["status"].to_numpy())
    table, personas_audit = theme_personas(
        snakemake.wildcards.theme, published, p.persona_years, i.persons,
        i.attributes, i.conditions, geo, settings=p.personas, disclosure=d,
        definitions=p.definitions, gemeente=p.gemeente, log=log,
    )  # fmt: skip
    write_csv(table, out.personas)
    write_parquet(personas_audit, out.personas_audit)


run(snakemake, main)  # noqa: F821
