"""Rule linkage_counts: how every person-keyed source links to the population register and to
the residents of each gemeente of the run (one job for the run; a GGD region's gemeenten
share the national counts). Internal: each gemeente's linkage_report releases its rows."""

from wijkzicht import db
from wijkzicht.files import write_parquet
from wijkzicht.inputs.reference import read_geography, survey_strata
from wijkzicht.pipeline.snake import run
from wijkzicht.population.linkage import LinkSource, link_counts, own_strata


def main(snakemake, log):
    i, p = snakemake.input, snakemake.params
    con = db.connect()
    con.read_parquet(i.persoon).create_view("persoon")
    geography = read_geography(i.geography)
    sources = []
    for (table, year), path in zip(p.sources, i.sources, strict=True):
        if table == "GEZOMONITOR":  # per gemeente its own respondents (a region's file)
            sources += [
                LinkSource(table, year, str(path), own_strata(survey_strata(geography, gm)), gm)
                for gm in p.gemeenten
            ]
        else:
            sources.append(LinkSource(table, year, str(path)))
    files = iter(i.residents)  # per gemeente (run order) one file per year
    residents = {gm: {y: next(files) for y in p.years} for gm in p.gemeenten}
    counts = link_counts(con, sources, residents)
    write_parquet(counts, snakemake.output[0])
    log.info("%d sources, %d gemeenten", len(p.sources), len(p.gemeenten))


run(snakemake, main)  # noqa: F821
