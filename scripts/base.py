"""Rules base / base_first: the person-year base of year t (residents on 1 January) and every
configured person condition in year t and, after the first year, in year t-1, for everybody in
the sources (narrowed to year t's reach)."""

from wijkzicht.files import write_parquet
from wijkzicht.inputs.reference import read_codelists, read_countries
from wijkzicht.pipeline.snake import run
from wijkzicht.population.conditions import SOURCES, conditions_of
from wijkzicht.population.residents import build_residents


def main(snakemake, log):
    i, o, p = snakemake.input, snakemake.output, snakemake.params
    year = int(snakemake.wildcards.year)
    res = build_residents(
        i.adres, i.geo, i.persoon, read_countries(i.countries), p.age_bands, year, p.gemeente,
        o.residents,
    )  # fmt: skip
    log.info("%d residents on 1 January %s", len(res), year)
    codelists = read_codelists(i.codelists)
    steps = [(year, "", o.conditions)]
    if hasattr(o, "conditions_previous"):  # the sources of year t-1 as narrowed to t's reach
        steps.append((year - 1, "previous_", o.conditions_previous))
    for y, prefix, out in steps:
        sources = {t: i[prefix + t] for t in SOURCES}
        df = conditions_of(sources, p.definitions["conditions"], y, codelists)
        write_parquet(df, out)
        log.info("conditions %s: %s", y, df["condition"].value_counts().sort_index().to_dict())


run(snakemake, main)  # noqa: F821
