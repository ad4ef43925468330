"""Rules narrow / narrow_previous (and in a region run narrow_region /
narrow_region_previous): year t's copies of the national tables (or of the region's copies),
narrowed to the persons, address objects and income households that year t's jobs reach."""

from wijkzicht import db
from wijkzicht.inputs.reference import read_geography, survey_strata
from wijkzicht.pipeline.snake import run
from wijkzicht.population.reach import find_reach, narrow_tables, read_reach, write_reach
from wijkzicht.population.residents import open_inputs


def main(snakemake, log):
    i, p = snakemake.input, snakemake.params
    con = db.connect()
    if p.previous:  # the tables of year t-1, narrowed to the reach of year t
        n = read_reach(con, i.reach)
    else:
        survey = i.get("survey", None)  # the wave of year t, if any
        views = {"adres": i.GBAADRESOBJECTBUS, "geo": i.VSLGWBTAB, "kindouder": i.KINDOUDERTAB}
        open_inputs(con, **views, **({"survey": survey} if survey else {}))
        # the respondents sampled in the gemeenten's strata (the GGD's file holds the region's)
        geography = read_geography(i.geography)
        strata = sorted({s for gm in p.gemeenten for s in survey_strata(geography, gm)})
        year = int(snakemake.wildcards.year)
        n = find_reach(con, year, p.gemeenten, survey=bool(survey), strata=strata)
        write_reach(con, snakemake.output.reach)
    sources = {t: i[t] for t in p.tables}
    outputs = {t: snakemake.output[t] for t in p.tables}
    counts = narrow_tables(con, sources, outputs, narrowing=p.narrowing)
    log.info("%d persons reached (narrowing %s)", n, p.narrowing)
    for t, (read, kept) in counts.items():
        log.info("%s: %d of %d rows", t, kept, read)


run(snakemake, main)  # noqa: F821
