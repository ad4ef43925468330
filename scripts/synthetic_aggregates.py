"""Rule synthetic_aggregates: the synthetic partners' figures and CBS Kerncijfers, derived from
the synthetic world (wijkzicht.synth.aggregates)."""

from pathlib import Path

from wijkzicht import db
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import run
from wijkzicht.synth import aggregates


def main(snakemake, log):
    p, i = snakemake.params, snakemake.input
    geo = read_geography(i.geography, p.gemeente)
    con = db.connect()
    try:
        con.read_parquet(list(i.residents)).create_view("residents")
        for view in ("medicijn", "koppel", "inha"):
            files = [str(f) for f in getattr(i, view)]
            union = " UNION ALL ".join(
                f"SELECT {y} AS year, * FROM read_parquet('{f}')"
                for y, f in zip(p.years, files, strict=True)
            )
            con.execute(f"CREATE VIEW {view} AS {union}")
        con.read_parquet(str(i.buurtteam)).create_view("buurtteam")
        con.read_parquet(str(i.huishoudens)).create_view("huishoudens")
        people = aggregates.persons(con)
    finally:
        con.close()
    wijken = sorted(geo["wijk_code"].unique())
    figures = aggregates.organisation_figures(people, wijken, p.gemeente, p.seed)
    out = snakemake.output
    for stem, df in figures.items():
        aggregates.write_csv(df, getattr(out, stem))
    # the synthetic GP cooperative named after this gemeente (not Utrecht in every region run)
    name = geo.loc[geo["gemeente_code"] == p.gemeente, "gemeente_name"].iloc[0]
    aggregates.write_csv(aggregates.indicator_register(name), out.indicators)
    editions = aggregates.kerncijfers(people, geo, p.gemeente, p.seed)
    for year, path in zip(p.years, out.kerncijfers, strict=True):
        aggregates.write_csv(editions[int(year)], path)
    log.info("organisation figures and Kerncijfers under %s", Path(out.indicators).parents[1])


run(snakemake, main)  # noqa: F821
