"""Rule organisation_figures: read the partners' figures and the indicator register, check them
against the geography, the years and the register's residents (wijkzicht.inputs.aggregates)."""

import json

from wijkzicht.files import write_parquet, write_text
from wijkzicht.inputs.aggregates import (
    ORGANISATION_FIGURES,
    ORGANISATION_INDICATORS,
    check_organisation_figures,
    empty_register,
    read_aggregate,
)
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import run
from wijkzicht.population.areas import area_population


def main(snakemake, log):
    p, i, out = snakemake.params, snakemake.input, snakemake.output
    geo = read_geography(i.geography, p.gemeente)
    # no partners configured: an empty register (organisation_figures.files is [])
    register = (
        read_aggregate(ORGANISATION_INDICATORS.name, i.indicators[0])
        if i.indicators
        else empty_register()
    )
    figures = [read_aggregate(ORGANISATION_FIGURES.name, f) for f in i.figures]
    checked = check_organisation_figures(
        figures, register, geo, i.geography, p.gemeente, list(p.years),
        area_population(i.residents), region=list(p.region),
    )  # fmt: skip
    for w in checked.warnings:
        log.warning("%s", w)
    write_parquet(checked.figures, out.figures)
    write_parquet(checked.indicators, out.indicators)
    notes = {"files": [str(f) for f in i.figures], "rows": len(checked.figures),
             "warnings": checked.warnings}  # fmt: skip
    write_text(json.dumps(notes, indent=2, sort_keys=True) + "\n", out.notes)
    log.info("%d organisation figures from %d file(s)", len(checked.figures), len(figures))


run(snakemake, main)  # noqa: F821
