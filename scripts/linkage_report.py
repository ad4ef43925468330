"""Rule linkage_report: per source and year, how well rows link (a releasable table)."""

import pandas as pd

from wijkzicht import db
from wijkzicht.disclosure.export import write_csv
from wijkzicht.disclosure.linkage import releasable
from wijkzicht.pipeline.snake import run
from wijkzicht.population.linkage import link_counts


def main(snakemake, log):
    rows = []
    residents = snakemake.input.residents
    con = db.connect()
    con.read_parquet(snakemake.input.persoon).create_view("persoon")
    for (table, year), path in zip(snakemake.params.sources, snakemake.input.sources, strict=True):
        con.read_parquet(str(path)).create_view("source", replace=True)
        # per-year tables against that year's residents, the others against any year's
        res = [
            r for r, y in zip(residents, snakemake.params.years, strict=True) if year in (None, y)
        ]
        con.read_parquet([str(r) for r in res]).create_view("residents", replace=True)
        rows.append({"source": table, "year": year, **link_counts(con, table)})
    con.close()
    counts = pd.DataFrame(rows)
    counts["year"] = counts["year"].astype("Int64")
    write_csv(releasable(counts, snakemake.params.threshold), snakemake.output[0])
    log.info("%d sources", len(counts))


run(snakemake, main)  # noqa: F821
