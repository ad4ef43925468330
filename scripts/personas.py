"""Rule personas: the persona table of a theme (selection, disclosure audit), into the export."""

import pandas as pd

from wijkzicht.disclosure.export import read_measures_csv, write_csv
from wijkzicht.disclosure.personas import export_rows, protect_personas, target_rows
from wijkzicht.files import write_parquet
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import run
from wijkzicht.themes.personas import area_personas, persona_spec, target_persons


def main(snakemake, log):
    p, i = snakemake.params, snakemake.input
    theme = snakemake.wildcards.theme
    d = p.disclosure
    spec = persona_spec(theme, p.personas, d["threshold"], p.definitions)
    geo = read_geography(i.geography, p.gemeente)
    measures = read_measures_csv(i.measures)
    tables, audits = [], []
    for k, year in enumerate(p.years):
        target = target_persons(
            theme, pd.read_parquet(i.persons[k]), pd.read_parquet(i.attributes[k]),
            pd.read_parquet(i.conditions[k]), spec, p.definitions,
        )  # fmt: skip
        personas, cells = area_personas(target, spec, geo, p.gemeente)
        rows = target_rows(measures, spec, year, exact=not d["rounding_base"], personas=personas)
        safe, audit = protect_personas(personas, cells, rows, gemeente=p.gemeente,
                                       threshold=d["threshold"], publish_zeros=d["publish_zeros"])  # fmt: skip
        tables.append(export_rows(safe, theme=theme, year=year, base=p.personas["rounding_base"]))
        audits.append(audit.assign(year=year))
        log.info("%s %d: %d target persons, %d persona's, audit of %d counts, all protected",
                 theme, year, len(target), int((safe["rank"] > 0).sum()), len(audit))  # fmt: skip
    write_csv(pd.concat(tables, ignore_index=True), snakemake.output.csv)
    write_parquet(pd.concat(audits, ignore_index=True), snakemake.output.audit)


run(snakemake, main)  # noqa: F821
