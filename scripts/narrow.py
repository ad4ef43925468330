"""Rules narrow / narrow_first (and in a region run narrow_region / narrow_region_first): year
t's copies of the national tables (or of the region's copies), narrowed to the persons, address
objects and income households that year t's jobs reach; after the first year also the
condition sources of year t-1, narrowed to the same reach."""

from wijkzicht import db
from wijkzicht.inputs.reference import geography_strata
from wijkzicht.pipeline.snake import run
from wijkzicht.population.reach import find_reach, narrow_tables, narrowing_pays, write_reach
from wijkzicht.population.residents import open_inputs


def main(snakemake, log):
    i, o, p = snakemake.input, snakemake.output, snakemake.params
    con = db.connect()
    survey = i.get("survey", None)  # the wave of year t, if any
    views = {"adres": i.GBAADRESOBJECTBUS, "geo": i.VSLGWBTAB, "kindouder": i.KINDOUDERTAB}
    open_inputs(con, **views, **({"survey": survey} if survey else {}))
    # the respondents sampled in the gemeenten's strata (the GGD's file holds the region's)
    strata = geography_strata(i.geography, p.gemeenten)
    year = int(snakemake.wildcards.year)
    n = find_reach(con, year, p.gemeenten, survey=bool(survey), strata=strata)
    write_reach(con, o.reach)
    # the config's `narrowing`, unless the reach holds most of the persons: then a copy
    narrowing = p.narrowing and narrowing_pays(con, i.GBAPERSOONTAB)
    how = "narrowed" if narrowing else "copied whole: the reach holds half of the persons or more"
    if not p.narrowing:
        how = "copied whole (narrowing: false)"
    log.info("%d persons reached; the tables %s", n, how)
    for label, prefix, tables in ((year, "", p.tables), (year - 1, "previous_", p.previous)):
        sources = {t: i[prefix + t] for t in tables}
        outputs = {t: o[prefix + t] for t in tables}
        for t, (read, kept) in narrow_tables(con, sources, outputs, narrowing=narrowing).items():
            log.info("%s %s: %d of %d rows", t, label, kept, read)


run(snakemake, main)  # noqa: F821
